/* vigil-archive-access.c: who may read the access log
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The access log is for the compliance role: the members of the triage
 * role "compliance". Roles live in the store's journal (kind "role", key =
 * the role's id, the latest record with "members" wins, as the triage
 * board replays them), so the check needs the store only, and the CLI
 * gets the same answer as the app without replaying the cases.
 *
 * A single-person archive has no team: while no role has any member, the
 * person running Vigil is every role and may read the log. As soon as
 * anyone is a member of any role, only Compliance's members may. Identity
 * in Vigil is what the person says it is (there are no logins): the gate
 * keeps the log from casual eyes and records every attempt, with the name
 * given; it does not stop someone who can edit roles or the file.
 */
#define G_LOG_DOMAIN "vigil-archive-access"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <json-glib/json-glib.h>

#include "vigil-archive.h"

/* role id → GStrv of members, from the latest record of each role that
 * lists them */
static GHashTable *
read_role_members (VigilStore  *store,
                   GError     **error)
{
  g_autoptr(GPtrArray) records = vigil_store_list_records (store, "role", NULL, 0, 0, error);
  g_autoptr(GHashTable) roles = NULL;

  if (records == NULL)
    return NULL;
  roles = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, (GDestroyNotify) g_strfreev);
  for (guint i = 0; i < records->len; i++)
    {
      VigilRecord *record = g_ptr_array_index (records, i);
      g_autoptr(JsonParser) parser = json_parser_new ();
      g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();
      JsonNode *root;
      JsonArray *array;

      if (!json_parser_load_from_data (parser, record->body, -1, NULL)
          || !JSON_NODE_HOLDS_OBJECT (root = json_parser_get_root (parser))
          || !json_object_has_member (json_node_get_object (root), "members")
          || !JSON_NODE_HOLDS_ARRAY (json_object_get_member (json_node_get_object (root), "members")))
        continue;
      array = json_object_get_array_member (json_node_get_object (root), "members");
      for (guint j = 0; j < json_array_get_length (array); j++)
        {
          JsonNode *element = json_array_get_element (array, j);
          const char *member = JSON_NODE_HOLDS_VALUE (element) ? json_node_get_string (element) : NULL;

          if (member && *member)
            g_strv_builder_add (builder, member);
        }
      g_hash_table_replace (roles, g_strdup (record->key), g_strv_builder_end (builder));
    }
  return g_steal_pointer (&roles);
}

VigilArchiveAccess
vigil_archive_access_for (VigilStore  *store,
                          const char  *actor,
                          GError     **error)
{
  g_autoptr(GHashTable) roles = NULL;
  GHashTableIter iter;
  gpointer value;
  gboolean team = FALSE;
  const char * const *compliance;

  g_return_val_if_fail (VIGIL_IS_STORE (store), VIGIL_ARCHIVE_ACCESS_DENIED);

  if ((roles = read_role_members (store, error)) == NULL)
    return VIGIL_ARCHIVE_ACCESS_DENIED;
  g_hash_table_iter_init (&iter, roles);
  while (!team && g_hash_table_iter_next (&iter, NULL, &value))
    team = ((char **) value)[0] != NULL;
  if (!team)
    return VIGIL_ARCHIVE_ACCESS_OWNER;
  compliance = g_hash_table_lookup (roles, VIGIL_ARCHIVE_COMPLIANCE_ROLE);
  if (actor && *actor && compliance && g_strv_contains (compliance, actor))
    return VIGIL_ARCHIVE_ACCESS_COMPLIANCE;
  g_set_error (error, VIGIL_ARCHIVE_ERROR, VIGIL_ARCHIVE_ERROR_NOT_PERMITTED,
               _("Only members of the Compliance role may read the access log, and “%s” is not "
                 "one. A colleague can add you in Vigil: Triage → Roles… → Compliance → Members "
                 "(the change is recorded in the archive's journal)."),
               actor && *actor ? actor : _("(nobody)"));
  return VIGIL_ARCHIVE_ACCESS_DENIED;
}

gboolean
vigil_archive_may_read_access_log (VigilStore  *store,
                                   const char  *actor,
                                   GError     **error)
{
  g_autoptr(GError) local = NULL;

  if (vigil_archive_access_for (store, actor, &local) != VIGIL_ARCHIVE_ACCESS_DENIED)
    return TRUE;
  /* a refusal is an access attempt: the compliance officer sees it */
  if (g_error_matches (local, VIGIL_ARCHIVE_ERROR, VIGIL_ARCHIVE_ERROR_NOT_PERMITTED))
    vigil_archive_log_access (store, actor && *actor ? actor : "unknown", "access-log-refused", -1, NULL,
                              "reason", "not in the compliance role", NULL);
  g_propagate_error (error, g_steal_pointer (&local));
  return FALSE;
}

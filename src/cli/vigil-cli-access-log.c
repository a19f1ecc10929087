/* vigil-cli-access-log.c: vigil-cli access-log
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "vigil-cli"

#include "config.h"

#include <stdio.h>

#include <glib/gi18n.h>

#include "vigil-archive.h"
#include "vigil-cli-archive.h"
#include "vigil-cli-common.h"

int
vigil_cli_access_log (int    argc,
                      char **argv)
{
  g_autofree char *db_path = NULL;
  g_autofree char *since = NULL;
  g_autofree char *until = NULL;
  int limit = 0;
  GOptionEntry entries[] = {
    { "db", 0, 0, G_OPTION_ARG_FILENAME, &db_path, N_("The store (default: the user's)"), N_("PATH") },
    { "since", 0, 0, G_OPTION_ARG_STRING, &since, N_("Entries at or after this time (ISO 8601)"), N_("ISO") },
    { "until", 0, 0, G_OPTION_ARG_STRING, &until, N_("Entries before this time (ISO 8601)"), N_("ISO") },
    { "limit", 0, 0, G_OPTION_ARG_INT, &limit, N_("At most N entries, oldest first"), N_("N") },
    { NULL }
  };
  g_autoptr(GOptionContext) context = g_option_context_new (_("— who searched, viewed and exported what"));
  g_autoptr(VigilStore) store = NULL;
  g_autoptr(GPtrArray) entries_read = NULL;
  g_autoptr(GError) error = NULL;
  gint64 since_us = 0, until_us = 0;

  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  g_option_context_set_description (context, _("Only members of the Compliance role may read it (anyone, while no role "
                                                "has members). The reader is $VIGIL_ACTOR, else the login name.\n"
                                                "This read, and a refused one, is itself written to the access log."));
  if (!vigil_cli_parse (context, &argc, &argv))
    return VIGIL_CLI_EXIT_USAGE;
  if (argc > 1 || limit < 0)
    {
      vigil_cli_error (_("access-log takes only --since, --until and --limit"));
      return VIGIL_CLI_EXIT_USAGE;
    }
  if ((since && !vigil_cli_parse_time (since, &since_us)) || (until && !vigil_cli_parse_time (until, &until_us)))
    {
      vigil_cli_error (_("“%s” is not an ISO 8601 time (e.g. 2026-12-01 or 2026-12-01T09:00:00Z)"),
                       since && !vigil_cli_parse_time (since, &since_us) ? since : until);
      return VIGIL_CLI_EXIT_USAGE;
    }
  if (!(store = vigil_cli_open_store (db_path)))
    return VIGIL_CLI_EXIT_FAILED;

  entries_read = vigil_archive_read_access_log (store, vigil_cli_actor (), since_us, until_us, (guint) limit, &error);
  if (entries_read == NULL)
    {
      if (g_error_matches (error, VIGIL_ARCHIVE_ERROR, VIGIL_ARCHIVE_ERROR_NOT_PERMITTED))
        vigil_cli_error ("%s", error->message);
      else
        vigil_cli_error (_("could not read the access log: %s"), error->message);
      return VIGIL_CLI_EXIT_FAILED;
    }
  for (guint i = 0; i < entries_read->len; i++)
    {
      g_autofree char *json = vigil_archive_access_entry_to_json (g_ptr_array_index (entries_read, i));
      g_autoptr(GString) line = g_string_new (json);

      vigil_cli_print_line (line);
    }
  fflush (stdout);
  return VIGIL_CLI_EXIT_OK;
}

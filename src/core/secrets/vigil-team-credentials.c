/* vigil-team-credentials.c: the team database's address and its password in the keyring
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "vigil-team-credentials"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "vigil-secret-credential-store.h"
#include "vigil-team-credentials.h"

typedef struct
{
  GUri       *uri;      /* parsed with its parts still encoded */
  GHashTable *params;   /* decoded query parameters */
} Parts;

static void
parts_clear (Parts *parts)
{
  g_clear_pointer (&parts->uri, g_uri_unref);
  g_clear_pointer (&parts->params, g_hash_table_unref);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Parts, parts_clear)

gboolean
vigil_team_uri_is_team (const char *db)
{
  return db && (g_str_has_prefix (db, "postgresql://") || g_str_has_prefix (db, "postgres://"));
}

static gboolean
parse (const char  *uri,
       Parts       *parts,
       GError     **error)
{
  g_autoptr(GError) local_error = NULL;
  const char *query;

  if (!vigil_team_uri_is_team (uri))
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                   _("A team database's address starts with postgresql://"));
      return FALSE;
    }
  parts->uri = g_uri_parse (uri, G_URI_FLAGS_HAS_PASSWORD | G_URI_FLAGS_ENCODED | G_URI_FLAGS_NON_DNS,
                            &local_error);
  if (parts->uri == NULL)
    {
      /* no detail: the message could quote a password */
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                   _("The team database's address is not a valid postgresql:// URI"));
      return FALSE;
    }
  query = g_uri_get_query (parts->uri);
  parts->params = query ? g_uri_parse_params (query, -1, "&", G_URI_PARAMS_NONE, NULL) : NULL;
  if (parts->params == NULL)
    parts->params = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  return TRUE;
}

/* A part: the query parameter name, else the URI's (decoded), else the
 * environment variable, else fallback. */
static char *
part (const Parts *parts,
      const char  *param,
      const char  *from_uri,
      const char  *env,
      const char  *fallback)
{
  const char *value = g_hash_table_lookup (parts->params, param);

  if (value && *value)
    return g_strdup (value);
  if (from_uri && *from_uri)
    return g_uri_unescape_string (from_uri, NULL);
  if (env && g_getenv (env) && *g_getenv (env))
    return g_strdup (g_getenv (env));
  return g_strdup (fallback);
}

gboolean
vigil_team_uri_has_password (const char *uri)
{
  g_auto(Parts) parts = { 0 };

  if (!parse (uri, &parts, NULL))
    return FALSE;
  return g_uri_get_password (parts.uri) != NULL || g_hash_table_contains (parts.params, "password");
}

char *
vigil_team_uri_strip_password (const char  *uri,
                               GError     **error)
{
  g_auto(Parts) parts = { 0 };
  g_autoptr(GString) query = NULL;
  g_autoptr(GUri) stripped = NULL;
  g_auto(GStrv) pairs = NULL;

  if (!parse (uri, &parts, error))
    return NULL;
  if (g_uri_get_query (parts.uri))
    {
      query = g_string_new (NULL);
      pairs = g_strsplit (g_uri_get_query (parts.uri), "&", -1);
      for (guint i = 0; pairs[i]; i++)
        if (!g_str_has_prefix (pairs[i], "password=") && *pairs[i])
          g_string_append_printf (query, "%s%s", query->len ? "&" : "", pairs[i]);
    }
  stripped = g_uri_build_with_user (G_URI_FLAGS_HAS_PASSWORD | G_URI_FLAGS_ENCODED,
                                    g_uri_get_scheme (parts.uri), g_uri_get_user (parts.uri), NULL,
                                    NULL, g_uri_get_host (parts.uri), g_uri_get_port (parts.uri),
                                    g_uri_get_path (parts.uri),
                                    query && query->len ? query->str : NULL,
                                    g_uri_get_fragment (parts.uri));
  return g_uri_to_string (stripped);
}

gboolean
vigil_team_uri_key (const char          *uri,
                    VigilCredentialKey  *key,
                    char              ***storage,
                    GError             **error)
{
  g_auto(Parts) parts = { 0 };
  g_autofree char *user = NULL;
  g_autofree char *host = NULL;
  g_autofree char *port = NULL;
  g_autofree char *dbname = NULL;
  int uri_port;
  char **strings;

  if (!parse (uri, &parts, error))
    return FALSE;
  uri_port = g_uri_get_port (parts.uri);
  user = part (&parts, "user", g_uri_get_user (parts.uri), "PGUSER", g_get_user_name ());
  host = part (&parts, "host", g_uri_get_host (parts.uri), "PGHOST", "localhost");
  {
    g_autofree char *port_text = uri_port > 0 ? g_strdup_printf ("%d", uri_port) : NULL;

    port = part (&parts, "port", port_text, "PGPORT", "5432");
  }
  {
    const char *path = g_uri_get_path (parts.uri);

    dbname = part (&parts, "dbname", path && path[0] == '/' ? path + 1 : path, "PGDATABASE", user);
  }

  strings = g_new0 (char *, 5);
  strings[0] = g_strdup (VIGIL_TEAM_CREDENTIALS_PLATFORM);
  strings[1] = g_steal_pointer (&user);
  strings[2] = g_strdup_printf ("%s:%s/%s", host, port, dbname);
  strings[3] = g_strdup (VIGIL_CREDENTIAL_PURPOSE_PASSWORD);
  key->platform = strings[0];
  key->account = strings[1];
  key->instance = strings[2];
  key->purpose = strings[3];
  *storage = strings;
  return TRUE;
}

char *
vigil_team_uri_describe (const char *uri)
{
  VigilCredentialKey key = { 0 };
  g_auto(GStrv) storage = NULL;

  if (!vigil_team_uri_key (uri, &key, &storage, NULL))
    return g_strdup (_("an unreadable address"));
  /* TRANSLATORS: "ada on db.example.org:5432/vigil" (a database user, a server and a database) */
  return g_strdup_printf (_("%s on %s"), key.account, key.instance);
}

/* --- The blocking lookup ----------------------------------------------------- */

typedef struct
{
  gboolean  done;
  char     *secret;
  GError   *error;
} Lookup;

static void
lookup_free (Lookup *lookup)
{
  vigil_credential_free_secret (lookup->secret);
  g_clear_error (&lookup->error);
}

static void
on_lookup_done_cb (GObject      *object,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  Lookup *lookup = user_data;

  lookup->secret = vigil_credential_store_lookup_finish (VIGIL_CREDENTIAL_STORE (object), result,
                                                         &lookup->error);
  lookup->done = TRUE;
  g_rc_box_release_full (lookup, (GDestroyNotify) lookup_free);
}

static gboolean
on_lookup_timeout_cb (gpointer user_data)
{
  gboolean *timed_out = user_data;

  *timed_out = TRUE;
  return G_SOURCE_REMOVE;
}

char *
vigil_team_lookup_password_sync (VigilCredentialStore  *credentials,
                                 const char            *uri,
                                 GError               **error)
{
  g_autoptr(VigilCredentialStore) own = NULL;
  g_autoptr(GMainContext) context = NULL;
  g_autoptr(GSource) timeout = NULL;
  g_auto(GStrv) storage = NULL;
  VigilCredentialKey key = { 0 };
  Lookup *lookup;
  gboolean timed_out = FALSE;
  char *secret = NULL;

  g_return_val_if_fail (!credentials || VIGIL_IS_CREDENTIAL_STORE (credentials), NULL);

  if (!vigil_team_uri_key (uri, &key, &storage, error))
    return NULL;
  if (vigil_team_uri_has_password (uri))
    return NULL;
  if (credentials == NULL)
    credentials = own = vigil_secret_credential_store_new ();

  context = g_main_context_new ();
  g_main_context_push_thread_default (context);
  timeout = g_timeout_source_new (VIGIL_SECRET_CREDENTIAL_TIMEOUT_MS + 1000);
  g_source_set_callback (timeout, on_lookup_timeout_cb, &timed_out, NULL);
  g_source_attach (timeout, context);

  lookup = g_rc_box_new0 (Lookup);
  g_rc_box_acquire (lookup);   /* one for the callback */
  vigil_credential_store_lookup_key_async (credentials, &key, NULL, on_lookup_done_cb, lookup);
  while (!lookup->done && !timed_out)
    g_main_context_iteration (context, TRUE);
  g_source_destroy (timeout);
  g_main_context_pop_thread_default (context);

  if (!lookup->done)
    g_set_error (error, VIGIL_CREDENTIAL_ERROR, VIGIL_CREDENTIAL_ERROR_TIMEOUT,
                 _("The keyring did not answer in time: unlock it, then start Vigil again"));
  else if (lookup->error)
    g_propagate_error (error, g_steal_pointer (&lookup->error));
  else
    secret = g_steal_pointer (&lookup->secret);
  g_rc_box_release_full (lookup, (GDestroyNotify) lookup_free);
  return secret;
}

/* vigil-test-server-oauth.c: Mastodon's app registration and OAuth
 * endpoints, emulated (see vigil-test-server-oauth.h)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <json-glib/json-glib.h>
#include <string.h>

#include "vigil-test-server-oauth.h"

#define OOB "urn:ietf:wg:oauth:2.0:oob"

typedef struct
{
  char *secret;
  char *redirect;
} App;

typedef struct
{
  char *client_id;
  char *redirect;
  char *acct;
} Code;

typedef struct
{
  GMutex      lock;
  char       *acct;
  char       *next_token;
  GHashTable *apps;    /* client_id → App */
  GHashTable *codes;   /* code → Code */
  GHashTable *tokens;  /* token → acct (live) */
  guint       serial;
  guint       revoked;
} OAuth;

static void
app_free (App *app)
{
  g_free (app->secret);
  g_free (app->redirect);
  g_free (app);
}

static void
code_free (Code *code)
{
  g_free (code->client_id);
  g_free (code->redirect);
  g_free (code->acct);
  g_free (code);
}

static void
oauth_free (OAuth *oauth)
{
  g_hash_table_unref (oauth->apps);
  g_hash_table_unref (oauth->codes);
  g_hash_table_unref (oauth->tokens);
  g_free (oauth->acct);
  g_free (oauth->next_token);
  g_mutex_clear (&oauth->lock);
  g_free (oauth);
}

/* The registry hangs off a handler's user data; find it again by a
 * static map from server to OAuth (tests use one or two servers). */
static GMutex registry_lock;
static GHashTable *registry;  /* VigilTestServer* → OAuth* */

static OAuth *
lookup_oauth (VigilTestServer *server)
{
  OAuth *oauth;

  g_mutex_lock (&registry_lock);
  oauth = registry != NULL ? g_hash_table_lookup (registry, server) : NULL;
  g_mutex_unlock (&registry_lock);
  g_assert (oauth != NULL);
  return oauth;
}

static void
unregister_oauth (gpointer data)
{
  OAuth *oauth = data;
  GHashTableIter iter;
  gpointer key, value;

  g_mutex_lock (&registry_lock);
  g_hash_table_iter_init (&iter, registry);
  while (g_hash_table_iter_next (&iter, &key, &value))
    if (value == oauth)
      g_hash_table_iter_remove (&iter);
  g_mutex_unlock (&registry_lock);
  oauth_free (oauth);
}

static void
reply_error (SoupServerMessage *msg,
             guint              status,
             const char        *error,
             const char        *description)
{
  g_autoptr(JsonBuilder) b = json_builder_new ();
  g_autoptr(JsonNode) root = NULL;
  g_autofree char *text = NULL;

  json_builder_begin_object (b);
  json_builder_set_member_name (b, "error");
  json_builder_add_string_value (b, error);
  json_builder_set_member_name (b, "error_description");
  json_builder_add_string_value (b, description);
  json_builder_end_object (b);
  root = json_builder_get_root (b);
  text = json_to_string (root, FALSE);
  vigil_test_server_reply_json (msg, status, text);
}

/* The form of a POST (urlencoded body), or the query of a GET. */
static GHashTable *
read_form (SoupServerMessage *msg,
           GHashTable        *query)
{
  SoupMessageBody *body = soup_server_message_get_request_body (msg);
  g_autoptr(GBytes) bytes = NULL;
  g_autofree char *text = NULL;

  if (g_strcmp0 (soup_server_message_get_method (msg), SOUP_METHOD_POST) != 0)
    return query != NULL ? g_hash_table_ref (query) : g_hash_table_new (g_str_hash, g_str_equal);
  bytes = soup_message_body_flatten (body);
  text = g_strndup (g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes));
  return soup_form_decode (text);
}

static gboolean
require_method (SoupServerMessage *msg,
                const char        *method)
{
  if (g_strcmp0 (soup_server_message_get_method (msg), method) == 0)
    return TRUE;
  reply_error (msg, SOUP_STATUS_METHOD_NOT_ALLOWED, "method_not_allowed", "Wrong method");
  return FALSE;
}

static void
on_apps_cb (VigilTestServer   *server,
            SoupServerMessage *msg,
            const char        *path,
            GHashTable        *query,
            gpointer           user_data)
{
  OAuth *oauth = user_data;
  g_autoptr(GHashTable) form = NULL;
  const char *name, *redirect;
  g_autofree char *id = NULL, *secret = NULL, *json = NULL;
  App *app;

  if (!require_method (msg, SOUP_METHOD_POST))
    return;
  form = read_form (msg, query);
  name = g_hash_table_lookup (form, "client_name");
  redirect = g_hash_table_lookup (form, "redirect_uris");
  if (name == NULL || redirect == NULL || *redirect == '\0')
    {
      reply_error (msg, 422, "Validation failed", "Redirect URI can't be blank");
      return;
    }
  g_mutex_lock (&oauth->lock);
  oauth->serial++;
  id = g_strdup_printf ("client-%u", oauth->serial);
  secret = g_strdup_printf ("client-secret-%u", oauth->serial);
  app = g_new0 (App, 1);
  app->secret = g_strdup (secret);
  app->redirect = g_strdup (redirect);
  g_hash_table_replace (oauth->apps, g_strdup (id), app);
  g_mutex_unlock (&oauth->lock);

  json = g_strdup_printf ("{\"id\":\"%u\",\"name\":\"%s\",\"website\":null,\"redirect_uri\":\"%s\","
                          "\"client_id\":\"%s\",\"client_secret\":\"%s\",\"vapid_key\":\"x\"}",
                          oauth->serial, "Vigil", redirect, id, secret);
  vigil_test_server_reply_json (msg, SOUP_STATUS_OK, json);
}

static void
on_authorize_cb (VigilTestServer   *server,
                 SoupServerMessage *msg,
                 const char        *path,
                 GHashTable        *query,
                 gpointer           user_data)
{
  OAuth *oauth = user_data;
  const char *client_id = query != NULL ? g_hash_table_lookup (query, "client_id") : NULL;
  const char *redirect = query != NULL ? g_hash_table_lookup (query, "redirect_uri") : NULL;
  const char *type = query != NULL ? g_hash_table_lookup (query, "response_type") : NULL;
  const char *state = query != NULL ? g_hash_table_lookup (query, "state") : NULL;
  g_autofree char *code = NULL;
  App *app;
  Code *c;

  if (!require_method (msg, SOUP_METHOD_GET))
    return;
  g_mutex_lock (&oauth->lock);
  app = client_id != NULL ? g_hash_table_lookup (oauth->apps, client_id) : NULL;
  if (app == NULL || g_strcmp0 (type, "code") != 0 || g_strcmp0 (redirect, app->redirect) != 0)
    {
      g_mutex_unlock (&oauth->lock);
      reply_error (msg, SOUP_STATUS_BAD_REQUEST, "invalid_request",
                   "The client is unknown or the redirect URI does not match");
      return;
    }
  oauth->serial++;
  code = g_strdup_printf ("code-%u", oauth->serial);
  c = g_new0 (Code, 1);
  c->client_id = g_strdup (client_id);
  c->redirect = g_strdup (redirect);
  c->acct = g_strdup (oauth->acct);
  g_hash_table_replace (oauth->codes, g_strdup (code), c);
  g_mutex_unlock (&oauth->lock);

  if (g_str_equal (redirect, OOB))
    {
      g_autofree char *page = g_strdup_printf ("<!DOCTYPE html><html><body><p>Copy this authorization "
                                               "code and paste it to the application.</p>"
                                               "<code id=\"code\">%s</code></body></html>", code);

      soup_server_message_set_status (msg, SOUP_STATUS_OK, NULL);
      soup_server_message_set_response (msg, "text/html", SOUP_MEMORY_COPY, page, strlen (page));
    }
  else
    {
      g_autofree char *q = state != NULL ? soup_form_encode ("code", code, "state", state, NULL)
                                         : soup_form_encode ("code", code, NULL);
      g_autofree char *location = g_strconcat (redirect, strchr (redirect, '?') ? "&" : "?", q, NULL);

      soup_server_message_set_redirect (msg, SOUP_STATUS_FOUND, location);
    }
}

/* Reads the form of a POST from a registered client; returns it with
 * oauth->lock held, or NULL having replied with @status and @error when the
 * client id or secret is wrong. */
static GHashTable *
read_client_form (OAuth             *oauth,
                  SoupServerMessage *msg,
                  GHashTable        *query,
                  guint              status,
                  const char        *error,
                  const char        *description)
{
  GHashTable *form;
  const char *client_id;
  App *app;

  if (!require_method (msg, SOUP_METHOD_POST))
    return NULL;
  form = read_form (msg, query);
  client_id = g_hash_table_lookup (form, "client_id");

  g_mutex_lock (&oauth->lock);
  app = client_id != NULL ? g_hash_table_lookup (oauth->apps, client_id) : NULL;
  if (app == NULL || g_strcmp0 (g_hash_table_lookup (form, "client_secret"), app->secret) != 0)
    {
      g_mutex_unlock (&oauth->lock);
      reply_error (msg, status, error, description);
      g_hash_table_unref (form);
      return NULL;
    }
  return form;
}

static void
on_token_cb (VigilTestServer   *server,
             SoupServerMessage *msg,
             const char        *path,
             GHashTable        *query,
             gpointer           user_data)
{
  OAuth *oauth = user_data;
  g_autoptr(GHashTable) form = NULL;
  g_autofree char *token = NULL;
  g_autofree char *json = NULL;
  const char *client_id, *code, *redirect;
  Code *c;

  form = read_client_form (oauth, msg, query, SOUP_STATUS_UNAUTHORIZED, "invalid_client",
                           "Client authentication failed");
  if (form == NULL)
    return;
  client_id = g_hash_table_lookup (form, "client_id");
  code = g_hash_table_lookup (form, "code");
  redirect = g_hash_table_lookup (form, "redirect_uri");
  if (g_strcmp0 (g_hash_table_lookup (form, "grant_type"), "authorization_code") != 0)
    {
      g_mutex_unlock (&oauth->lock);
      reply_error (msg, SOUP_STATUS_BAD_REQUEST, "unsupported_grant_type", "Unsupported grant type");
      return;
    }
  c = code != NULL ? g_hash_table_lookup (oauth->codes, code) : NULL;
  if (c == NULL || g_strcmp0 (c->client_id, client_id) != 0 || g_strcmp0 (c->redirect, redirect) != 0)
    {
      g_mutex_unlock (&oauth->lock);
      reply_error (msg, SOUP_STATUS_BAD_REQUEST, "invalid_grant",
                   "The provided authorization grant is invalid, expired, revoked, does not match "
                   "the redirection URI used in the authorization request, or was issued to another client.");
      return;
    }
  oauth->serial++;
  token = oauth->next_token != NULL ? g_steal_pointer (&oauth->next_token)
                                    : g_strdup_printf ("tok-%u", oauth->serial);
  g_hash_table_replace (oauth->tokens, g_strdup (token), g_strdup (c->acct));
  g_hash_table_remove (oauth->codes, code);  /* a code works once */
  g_mutex_unlock (&oauth->lock);

  json = g_strdup_printf ("{\"access_token\":\"%s\",\"token_type\":\"Bearer\",\"scope\":\"read\","
                          "\"created_at\":%" G_GINT64_FORMAT "}", token, g_get_real_time () / G_USEC_PER_SEC);
  vigil_test_server_reply_json (msg, SOUP_STATUS_OK, json);
}

static void
on_revoke_cb (VigilTestServer   *server,
              SoupServerMessage *msg,
              const char        *path,
              GHashTable        *query,
              gpointer           user_data)
{
  OAuth *oauth = user_data;
  g_autoptr(GHashTable) form = NULL;
  const char *token;

  form = read_client_form (oauth, msg, query, 403, "unauthorized_client",
                           "You are not authorized to revoke this token");
  if (form == NULL)
    return;
  token = g_hash_table_lookup (form, "token");
  if (token != NULL && g_hash_table_remove (oauth->tokens, token))
    oauth->revoked++;
  g_mutex_unlock (&oauth->lock);
  vigil_test_server_reply_json (msg, SOUP_STATUS_OK, "{}");
}

static void
on_verify_cb (VigilTestServer   *server,
              SoupServerMessage *msg,
              const char        *path,
              GHashTable        *query,
              gpointer           user_data)
{
  OAuth *oauth = user_data;
  const char *auth = soup_message_headers_get_one (soup_server_message_get_request_headers (msg),
                                                   "Authorization");
  g_autofree char *acct = NULL;
  g_autofree char *json = NULL;

  if (!require_method (msg, SOUP_METHOD_GET))
    return;
  g_mutex_lock (&oauth->lock);
  if (auth != NULL && g_str_has_prefix (auth, "Bearer "))
    acct = g_strdup (g_hash_table_lookup (oauth->tokens, auth + 7));
  g_mutex_unlock (&oauth->lock);
  if (acct == NULL)
    {
      vigil_test_server_reply_json (msg, SOUP_STATUS_UNAUTHORIZED, "{\"error\":\"The access token is invalid\"}");
      return;
    }
  json = g_strdup_printf ("{\"id\":\"1\",\"username\":\"%s\",\"acct\":\"%s\",\"display_name\":\"%s\","
                          "\"locked\":false,\"bot\":false,\"followers_count\":10}", acct, acct, acct);
  vigil_test_server_reply_json (msg, SOUP_STATUS_OK, json);
}

void
vigil_test_server_add_mastodon_oauth (VigilTestServer *server,
                                      const char      *acct)
{
  OAuth *oauth = g_new0 (OAuth, 1);

  g_mutex_init (&oauth->lock);
  oauth->acct = g_strdup (acct);
  oauth->apps = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, (GDestroyNotify) app_free);
  oauth->codes = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, (GDestroyNotify) code_free);
  oauth->tokens = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);

  g_mutex_lock (&registry_lock);
  if (registry == NULL)
    registry = g_hash_table_new (NULL, NULL);
  g_hash_table_replace (registry, server, oauth);
  g_mutex_unlock (&registry_lock);

  /* the first handler owns the state; the others borrow it */
  vigil_test_server_add_handler (server, "/api/v1/apps", on_apps_cb, oauth, unregister_oauth);
  vigil_test_server_add_handler (server, "/oauth/authorize", on_authorize_cb, oauth, NULL);
  vigil_test_server_add_handler (server, "/oauth/token", on_token_cb, oauth, NULL);
  vigil_test_server_add_handler (server, "/oauth/revoke", on_revoke_cb, oauth, NULL);
  vigil_test_server_add_handler (server, "/api/v1/accounts/verify_credentials", on_verify_cb, oauth, NULL);
}

void
vigil_test_server_oauth_set_acct (VigilTestServer *server,
                                  const char      *acct)
{
  OAuth *oauth = lookup_oauth (server);

  g_mutex_lock (&oauth->lock);
  g_free (oauth->acct);
  oauth->acct = g_strdup (acct);
  g_mutex_unlock (&oauth->lock);
}

void
vigil_test_server_oauth_set_next_token (VigilTestServer *server,
                                        const char      *token)
{
  OAuth *oauth = lookup_oauth (server);

  g_mutex_lock (&oauth->lock);
  g_free (oauth->next_token);
  oauth->next_token = g_strdup (token);
  g_mutex_unlock (&oauth->lock);
}

guint
vigil_test_server_oauth_get_live (VigilTestServer *server)
{
  OAuth *oauth = lookup_oauth (server);
  guint n;

  g_mutex_lock (&oauth->lock);
  n = g_hash_table_size (oauth->tokens);
  g_mutex_unlock (&oauth->lock);
  return n;
}

guint
vigil_test_server_oauth_get_revoked (VigilTestServer *server)
{
  OAuth *oauth = lookup_oauth (server);
  guint n;

  g_mutex_lock (&oauth->lock);
  n = oauth->revoked;
  g_mutex_unlock (&oauth->lock);
  return n;
}

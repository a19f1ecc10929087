/* vigil-mastodon-oauth.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "vigil-mastodon-oauth"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <json-glib/json-glib.h>
#include <string.h>
#include <sys/random.h>

#include "vigil-credential-store.h"
#include "vigil-http.h"
#include "vigil-mastodon-oauth.h"

struct _VigilMastodonOAuth
{
  GObject      parent_instance;

  SoupSession *session;
  char        *base_url;
  char        *client_id;
  char        *client_secret;
  char        *redirect_uri;
  char        *state;
};

G_DEFINE_QUARK (vigil-mastodon-oauth-error-quark, vigil_mastodon_oauth_error)
G_DEFINE_FINAL_TYPE (VigilMastodonOAuth, vigil_mastodon_oauth, G_TYPE_OBJECT)

static const char *get_token_string (JsonObject *object,
                                     const char *member);

/* --- one bounded request --- */

typedef struct
{
  SoupMessage  *msg;
  GCancellable *inner;
  GCancellable *outer;
  gulong        outer_handler;
  guint         timeout_id;
  gboolean      timed_out;
  char         *what;     /* for messages: "registering Vigil", … */
} Request;

static void
request_free (Request *req)
{
  g_clear_handle_id (&req->timeout_id, g_source_remove);
  if (req->outer != NULL && req->outer_handler != 0)
    g_cancellable_disconnect (req->outer, req->outer_handler);
  g_clear_object (&req->outer);
  g_clear_object (&req->inner);
  g_clear_object (&req->msg);
  g_free (req->what);
  g_free (req);
}

static gboolean
on_request_timeout_cb (gpointer user_data)
{
  Request *req = user_data;

  req->timeout_id = 0;
  req->timed_out = TRUE;
  g_cancellable_cancel (req->inner);
  return G_SOURCE_REMOVE;
}

static void
on_outer_cancelled_cb (GCancellable *outer,
                       gpointer      inner)
{
  g_cancellable_cancel (G_CANCELLABLE (inner));
}

static void
return_network_error (GTask        *task,
                      const GError *error)
{
  Request *req = g_task_get_task_data (task);
  VigilMastodonOAuth *self = g_task_get_source_object (task);

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED) && !req->timed_out)
    g_task_return_error (task, g_error_copy (error));
  else if (req->timed_out)
    g_task_return_new_error (task, VIGIL_MASTODON_OAUTH_ERROR, VIGIL_MASTODON_OAUTH_ERROR_NETWORK,
                             _("%s did not answer within %d seconds while %s. Check the network, then try again."),
                             self->base_url, VIGIL_MASTODON_OAUTH_TIMEOUT_MS / 1000, req->what);
  else
    g_task_return_new_error (task, VIGIL_MASTODON_OAUTH_ERROR, VIGIL_MASTODON_OAUTH_ERROR_NETWORK,
                             _("Could not reach %s while %s: %s"), self->base_url, req->what, error->message);
}

static void
on_body_read_cb (GObject      *object,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  Request *req = g_task_get_task_data (task);
  VigilMastodonOAuth *self = g_task_get_source_object (task);
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) body = NULL;
  g_autoptr(JsonParser) parser = json_parser_new ();
  guint status = soup_message_get_status (req->msg);
  JsonNode *root;

  body = vigil_http_read_body_finish (G_INPUT_STREAM (object), result, &error);
  if (body == NULL)
    {
      return_network_error (task, error);
      return;
    }
  if (!json_parser_load_from_data (parser, g_bytes_get_data (body, NULL), g_bytes_get_size (body), NULL)
      || (root = json_parser_get_root (parser)) == NULL || !JSON_NODE_HOLDS_OBJECT (root))
    root = NULL;

  if (status < 200 || status >= 300)
    {
      /* Mastodon says why in "error_description" or "error"; short, no secrets */
      const char *why = NULL;

      if (root != NULL)
        {
          JsonObject *o = json_node_get_object (root);

          why = get_token_string (o, "error_description");
          if (why == NULL)
            why = get_token_string (o, "error");
        }
      if (why == NULL || strlen (why) > 300 || !g_utf8_validate (why, -1, NULL))
        why = soup_message_get_reason_phrase (req->msg);
      g_task_return_new_error (task, VIGIL_MASTODON_OAUTH_ERROR, VIGIL_MASTODON_OAUTH_ERROR_REFUSED,
                               _("%s refused %s (HTTP %u: %s)."), self->base_url, req->what, status,
                               why != NULL ? why : "");
      return;
    }
  if (root == NULL)
    {
      g_task_return_new_error (task, VIGIL_MASTODON_OAUTH_ERROR, VIGIL_MASTODON_OAUTH_ERROR_BAD_ANSWER,
                               _("%s did not answer like a Mastodon server while %s. Is the address right?"),
                               self->base_url, req->what);
      return;
    }
  g_task_return_pointer (task, json_object_ref (json_node_get_object (root)),
                         (GDestroyNotify) json_object_unref);
}

static void
on_sent_cb (GObject      *object,
            GAsyncResult *result,
            gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  Request *req = g_task_get_task_data (task);
  g_autoptr(GError) error = NULL;
  g_autoptr(GInputStream) stream = NULL;

  stream = soup_session_send_finish (SOUP_SESSION (object), result, &error);
  if (stream == NULL)
    {
      return_network_error (task, error);
      return;
    }
  vigil_http_read_body_async (stream, VIGIL_MASTODON_OAUTH_MAX_BODY, req->inner,
                              on_body_read_cb, g_steal_pointer (&task));
}

/* form: an encoded form for POST (NULL = GET). bearer may be NULL. */
static void
send_request (VigilMastodonOAuth  *self,
              const char          *path,
              char                *form,
              const char          *bearer,
              const char          *what,
              gpointer             source_tag,
              GCancellable        *cancellable,
              GAsyncReadyCallback  callback,
              gpointer             user_data)
{
  g_autoptr(GTask) task = g_task_new (self, cancellable, callback, user_data);
  g_autofree char *url = g_strconcat (self->base_url, path, NULL);
  Request *req = g_new0 (Request, 1);

  g_task_set_source_tag (task, source_tag);
  g_task_set_task_data (task, req, (GDestroyNotify) request_free);
  req->what = g_strdup (what);
  if (form != NULL)
    req->msg = soup_message_new_from_encoded_form (SOUP_METHOD_POST, url, form);
  else
    req->msg = soup_message_new (SOUP_METHOD_GET, url);
  if (req->msg == NULL)
    {
      g_task_return_new_error (task, VIGIL_MASTODON_OAUTH_ERROR, VIGIL_MASTODON_OAUTH_ERROR_BAD_URL,
                               _("“%s” is not a valid address."), self->base_url);
      return;
    }
  soup_message_add_flags (req->msg, SOUP_MESSAGE_NO_REDIRECT);
  soup_message_headers_replace (soup_message_get_request_headers (req->msg), "Accept", "application/json");
  if (bearer != NULL)
    {
      g_autofree char *auth = g_strconcat ("Bearer ", bearer, NULL);

      soup_message_headers_replace (soup_message_get_request_headers (req->msg), "Authorization", auth);
      explicit_bzero (auth, strlen (auth));
    }
  req->inner = g_cancellable_new ();
  if (cancellable != NULL)
    {
      req->outer = g_object_ref (cancellable);
      req->outer_handler = g_cancellable_connect (cancellable, G_CALLBACK (on_outer_cancelled_cb),
                                                  g_object_ref (req->inner), g_object_unref);
    }
  req->timeout_id = g_timeout_add (VIGIL_MASTODON_OAUTH_TIMEOUT_MS, on_request_timeout_cb, req);
  soup_session_send_async (self->session, req->msg, G_PRIORITY_DEFAULT, req->inner,
                           on_sent_cb, g_steal_pointer (&task));
}

/* The answer of a finished request, or NULL having completed @task with
 * the request's error. */
static JsonObject *
request_finish (GTask        *task,
                GAsyncResult *result)
{
  GError *error = NULL;
  JsonObject *answer = g_task_propagate_pointer (G_TASK (result), &error);

  if (answer == NULL)
    g_task_return_error (task, error);
  return answer;
}

/* A bounded, printable string member, or NULL. */
static const char *
get_token_string (JsonObject *object,
                  const char *member)
{
  JsonNode *node = json_object_get_member (object, member);
  const char *value;

  /* hostile input: anything but a string is absent (no critical) */
  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_STRING)
    return NULL;
  value = json_node_get_string (node);
  if (value == NULL || *value == '\0' || strlen (value) > 4096 || !g_utf8_validate (value, -1, NULL))
    return NULL;
  for (const char *p = value; *p != '\0'; p++)
    if ((guchar) *p < 0x20)
      return NULL;
  return value;
}

/* 128 bits from the kernel's CSPRNG, as hex: the anti-forgery state. */
static char *
random_state (void)
{
  guchar bytes[16];
  GString *hex = g_string_sized_new (33);

  if (getrandom (bytes, sizeof bytes, 0) != sizeof bytes)
    for (guint i = 0; i < sizeof bytes; i++)
      bytes[i] = g_random_int_range (0, 256);
  for (guint i = 0; i < sizeof bytes; i++)
    g_string_append_printf (hex, "%02x", bytes[i]);
  return g_string_free (hex, FALSE);
}

/* --- GObject --- */

static void
wipe_string (char **s)
{
  if (*s != NULL)
    {
      explicit_bzero (*s, strlen (*s));
      g_clear_pointer (s, g_free);
    }
}

static void
vigil_mastodon_oauth_finalize (GObject *object)
{
  VigilMastodonOAuth *self = (VigilMastodonOAuth *) object;

  g_clear_object (&self->session);
  g_free (self->base_url);
  g_free (self->client_id);
  wipe_string (&self->client_secret);
  g_free (self->redirect_uri);
  g_free (self->state);
  G_OBJECT_CLASS (vigil_mastodon_oauth_parent_class)->finalize (object);
}

static void
vigil_mastodon_oauth_class_init (VigilMastodonOAuthClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = vigil_mastodon_oauth_finalize;
}

static void
vigil_mastodon_oauth_init (VigilMastodonOAuth *self)
{
}

/* --- public --- */

VigilMastodonOAuth *
vigil_mastodon_oauth_new (SoupSession  *session,
                          const char   *instance,
                          GError      **error)
{
  g_autoptr(VigilMastodonOAuth) self = NULL;
  g_autofree char *url = NULL;
  g_autoptr(GUri) uri = NULL;
  g_autoptr(GError) local_error = NULL;

  g_return_val_if_fail (SOUP_IS_SESSION (session), NULL);

  if (instance == NULL || *instance == '\0' || strlen (instance) > 512)
    {
      g_set_error_literal (error, VIGIL_MASTODON_OAUTH_ERROR, VIGIL_MASTODON_OAUTH_ERROR_BAD_URL,
                           _("Enter the instance’s address, such as “mastodon.social”."));
      return NULL;
    }
  url = strstr (instance, "://") != NULL ? g_strdup (instance) : g_strconcat ("https://", instance, NULL);
  uri = vigil_http_check_url (url, FALSE, &local_error);
  if (uri == NULL)
    {
      g_set_error (error, VIGIL_MASTODON_OAUTH_ERROR, VIGIL_MASTODON_OAUTH_ERROR_BAD_URL,
                   _("“%s” can’t be used to sign in: %s"), instance, local_error->message);
      return NULL;
    }
  self = g_object_new (VIGIL_TYPE_MASTODON_OAUTH, NULL);
  self->session = g_object_ref (session);
  if (g_uri_get_port (uri) > 0)
    self->base_url = g_strdup_printf ("%s://%s:%d", g_uri_get_scheme (uri), g_uri_get_host (uri),
                                      g_uri_get_port (uri));
  else
    self->base_url = g_strdup_printf ("%s://%s", g_uri_get_scheme (uri), g_uri_get_host (uri));
  return g_steal_pointer (&self);
}

const char *
vigil_mastodon_oauth_get_base_url (VigilMastodonOAuth *self)
{
  g_return_val_if_fail (VIGIL_IS_MASTODON_OAUTH (self), NULL);
  return self->base_url;
}

const char *
vigil_mastodon_oauth_get_client_id (VigilMastodonOAuth *self)
{
  g_return_val_if_fail (VIGIL_IS_MASTODON_OAUTH (self), NULL);
  return self->client_id;
}

const char *
vigil_mastodon_oauth_get_state (VigilMastodonOAuth *self)
{
  g_return_val_if_fail (VIGIL_IS_MASTODON_OAUTH (self), NULL);
  return self->state;
}

static void
on_app_registered_cb (GObject      *object,
                      GAsyncResult *result,
                      gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  VigilMastodonOAuth *self = g_task_get_source_object (task);
  g_autoptr(JsonObject) answer = NULL;
  const char *id, *secret;

  answer = request_finish (task, result);
  if (answer == NULL)
    return;
  id = get_token_string (answer, "client_id");
  secret = get_token_string (answer, "client_secret");
  if (id == NULL || secret == NULL)
    {
      g_task_return_new_error (task, VIGIL_MASTODON_OAUTH_ERROR, VIGIL_MASTODON_OAUTH_ERROR_BAD_ANSWER,
                               _("%s registered Vigil but sent no client id and secret."), self->base_url);
      return;
    }
  g_free (self->client_id);
  self->client_id = g_strdup (id);
  wipe_string (&self->client_secret);
  self->client_secret = g_strdup (secret);
  g_free (self->redirect_uri);
  self->redirect_uri = g_strdup (g_task_get_task_data (task));
  g_task_return_boolean (task, TRUE);
}

void
vigil_mastodon_oauth_register_app_async (VigilMastodonOAuth  *self,
                                         const char          *redirect_uri,
                                         GCancellable        *cancellable,
                                         GAsyncReadyCallback  callback,
                                         gpointer             user_data)
{
  GTask *task;

  g_return_if_fail (VIGIL_IS_MASTODON_OAUTH (self));

  if (redirect_uri == NULL)
    redirect_uri = VIGIL_MASTODON_OAUTH_OOB;
  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, vigil_mastodon_oauth_register_app_async);
  g_task_set_task_data (task, g_strdup (redirect_uri), g_free);
  send_request (self, "/api/v1/apps",
                soup_form_encode ("client_name", "Vigil", "redirect_uris", redirect_uri,
                                  "scopes", VIGIL_MASTODON_OAUTH_SCOPES,
                                  "website", "https://github.com/vigilapp/vigil", NULL),
                NULL, _("registering Vigil"), vigil_mastodon_oauth_register_app_async,
                cancellable, on_app_registered_cb, task);
}

gboolean
vigil_mastodon_oauth_register_app_finish (VigilMastodonOAuth  *self,
                                          GAsyncResult        *result,
                                          GError             **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);
  return g_task_propagate_boolean (G_TASK (result), error);
}

char *
vigil_mastodon_oauth_dup_client_secret_json (VigilMastodonOAuth *self)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonNode) root = NULL;

  g_return_val_if_fail (VIGIL_IS_MASTODON_OAUTH (self), NULL);
  if (self->client_id == NULL)
    return NULL;
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "base_url");
  json_builder_add_string_value (builder, self->base_url);
  json_builder_set_member_name (builder, "client_id");
  json_builder_add_string_value (builder, self->client_id);
  json_builder_set_member_name (builder, "client_secret");
  json_builder_add_string_value (builder, self->client_secret);
  json_builder_set_member_name (builder, "redirect_uri");
  json_builder_add_string_value (builder, self->redirect_uri);
  json_builder_end_object (builder);
  root = json_builder_get_root (builder);
  return json_to_string (root, FALSE);
}

gboolean
vigil_mastodon_oauth_set_client_from_json (VigilMastodonOAuth  *self,
                                           const char          *json,
                                           GError             **error)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  JsonObject *o;
  const char *id, *secret, *redirect;

  g_return_val_if_fail (VIGIL_IS_MASTODON_OAUTH (self), FALSE);

  if (json == NULL || !json_parser_load_from_data (parser, json, -1, NULL)
      || !JSON_NODE_HOLDS_OBJECT (json_parser_get_root (parser)))
    goto bad;
  o = json_node_get_object (json_parser_get_root (parser));
  id = get_token_string (o, "client_id");
  secret = get_token_string (o, "client_secret");
  redirect = get_token_string (o, "redirect_uri");
  if (id == NULL || secret == NULL)
    goto bad;
  g_free (self->client_id);
  self->client_id = g_strdup (id);
  wipe_string (&self->client_secret);
  self->client_secret = g_strdup (secret);
  g_free (self->redirect_uri);
  self->redirect_uri = g_strdup (redirect != NULL ? redirect : VIGIL_MASTODON_OAUTH_OOB);
  return TRUE;

bad:
  g_set_error_literal (error, VIGIL_MASTODON_OAUTH_ERROR, VIGIL_MASTODON_OAUTH_ERROR_STATE,
                       _("The stored sign-in client is damaged; sign in again."));
  return FALSE;
}

char *
vigil_mastodon_oauth_dup_authorize_url (VigilMastodonOAuth *self)
{
  g_autofree char *query = NULL;

  g_return_val_if_fail (VIGIL_IS_MASTODON_OAUTH (self), NULL);
  if (self->client_id == NULL)
    return NULL;
  g_free (self->state);
  self->state = random_state ();
  query = soup_form_encode ("client_id", self->client_id, "response_type", "code",
                            "redirect_uri", self->redirect_uri, "scope", VIGIL_MASTODON_OAUTH_SCOPES,
                            "state", self->state, NULL);
  return g_strconcat (self->base_url, "/oauth/authorize?", query, NULL);
}

static void
on_token_cb (GObject      *object,
             GAsyncResult *result,
             gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  VigilMastodonOAuth *self = g_task_get_source_object (task);
  g_autoptr(JsonObject) answer = NULL;
  const char *token;

  answer = request_finish (task, result);
  if (answer == NULL)
    return;
  token = get_token_string (answer, "access_token");
  if (token == NULL)
    {
      g_task_return_new_error (task, VIGIL_MASTODON_OAUTH_ERROR, VIGIL_MASTODON_OAUTH_ERROR_BAD_ANSWER,
                               _("%s accepted the code but sent no access token."), self->base_url);
      return;
    }
  g_task_return_pointer (task, g_strdup (token), (GDestroyNotify) vigil_credential_free_secret);
  /* answer (holding the token) is unreffed here; json-glib does not wipe */
}

void
vigil_mastodon_oauth_exchange_code_async (VigilMastodonOAuth  *self,
                                          const char          *code,
                                          GCancellable        *cancellable,
                                          GAsyncReadyCallback  callback,
                                          gpointer             user_data)
{
  GTask *task;
  g_autofree char *trimmed = NULL;

  g_return_if_fail (VIGIL_IS_MASTODON_OAUTH (self));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, vigil_mastodon_oauth_exchange_code_async);
  trimmed = g_strstrip (g_strdup (code != NULL ? code : ""));
  if (self->client_id == NULL)
    {
      g_task_return_new_error (task, VIGIL_MASTODON_OAUTH_ERROR, VIGIL_MASTODON_OAUTH_ERROR_STATE,
                               _("Register Vigil with the instance before exchanging a code."));
      g_object_unref (task);
      return;
    }
  if (*trimmed == '\0' || strlen (trimmed) > 512 || strpbrk (trimmed, " \t\r\n") != NULL)
    {
      g_task_return_new_error (task, VIGIL_MASTODON_OAUTH_ERROR, VIGIL_MASTODON_OAUTH_ERROR_STATE,
                               _("That is not an authorisation code. Copy the code the instance shows, "
                                 "without spaces."));
      g_object_unref (task);
      return;
    }
  send_request (self, "/oauth/token",
                soup_form_encode ("grant_type", "authorization_code", "code", trimmed,
                                  "client_id", self->client_id, "client_secret", self->client_secret,
                                  "redirect_uri", self->redirect_uri, "scope", VIGIL_MASTODON_OAUTH_SCOPES,
                                  NULL),
                NULL, _("exchanging the authorisation code"), vigil_mastodon_oauth_exchange_code_async,
                cancellable, on_token_cb, task);
}

char *
vigil_mastodon_oauth_exchange_code_finish (VigilMastodonOAuth  *self,
                                           GAsyncResult        *result,
                                           GError             **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);
  return g_task_propagate_pointer (G_TASK (result), error);
}

static void
on_verified_cb (GObject      *object,
                GAsyncResult *result,
                gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  VigilMastodonOAuth *self = g_task_get_source_object (task);
  g_autoptr(JsonObject) answer = NULL;
  const char *acct;

  answer = request_finish (task, result);
  if (answer == NULL)
    return;
  acct = get_token_string (answer, "acct");
  if (acct == NULL)
    acct = get_token_string (answer, "username");
  if (acct == NULL || strlen (acct) > 256)
    {
      g_task_return_new_error (task, VIGIL_MASTODON_OAUTH_ERROR, VIGIL_MASTODON_OAUTH_ERROR_BAD_ANSWER,
                               _("%s did not say which account the token belongs to."), self->base_url);
      return;
    }
  g_task_return_pointer (task, g_strdup (acct), g_free);
}

void
vigil_mastodon_oauth_verify_async (VigilMastodonOAuth  *self,
                                   const char          *token,
                                   GCancellable        *cancellable,
                                   GAsyncReadyCallback  callback,
                                   gpointer             user_data)
{
  GTask *task;

  g_return_if_fail (VIGIL_IS_MASTODON_OAUTH (self));
  g_return_if_fail (token != NULL);

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, vigil_mastodon_oauth_verify_async);
  send_request (self, "/api/v1/accounts/verify_credentials", NULL, token,
                _("checking the token"), vigil_mastodon_oauth_verify_async,
                cancellable, on_verified_cb, task);
}

char *
vigil_mastodon_oauth_verify_finish (VigilMastodonOAuth  *self,
                                    GAsyncResult        *result,
                                    GError             **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);
  return g_task_propagate_pointer (G_TASK (result), error);
}

static void
on_revoked_cb (GObject      *object,
               GAsyncResult *result,
               gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  g_autoptr(JsonObject) answer = NULL;

  answer = request_finish (task, result);
  if (answer != NULL)
    g_task_return_boolean (task, TRUE);
}

void
vigil_mastodon_oauth_revoke_async (VigilMastodonOAuth  *self,
                                   const char          *token,
                                   GCancellable        *cancellable,
                                   GAsyncReadyCallback  callback,
                                   gpointer             user_data)
{
  GTask *task;

  g_return_if_fail (VIGIL_IS_MASTODON_OAUTH (self));
  g_return_if_fail (token != NULL);

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, vigil_mastodon_oauth_revoke_async);
  if (self->client_id == NULL)
    {
      g_task_return_new_error (task, VIGIL_MASTODON_OAUTH_ERROR, VIGIL_MASTODON_OAUTH_ERROR_STATE,
                               _("The sign-in client is unknown, so the token can’t be revoked here. "
                                 "Revoke it in the instance’s settings (Account → Authorized apps)."));
      g_object_unref (task);
      return;
    }
  send_request (self, "/oauth/revoke",
                soup_form_encode ("client_id", self->client_id, "client_secret", self->client_secret,
                                  "token", token, NULL),
                NULL, _("revoking the token"), vigil_mastodon_oauth_revoke_async,
                cancellable, on_revoked_cb, task);
}

gboolean
vigil_mastodon_oauth_revoke_finish (VigilMastodonOAuth  *self,
                                    GAsyncResult        *result,
                                    GError             **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);
  return g_task_propagate_boolean (G_TASK (result), error);
}

VigilMastodonOAuth *
vigil_mastodon_oauth_new_from_client_json (SoupSession  *session,
                                           const char   *instance,
                                           const char   *json,
                                           GError      **error)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(VigilMastodonOAuth) self = NULL;
  const char *base_url = NULL;

  if (json != NULL && json_parser_load_from_data (parser, json, -1, NULL)
      && JSON_NODE_HOLDS_OBJECT (json_parser_get_root (parser)))
    base_url = get_token_string (json_node_get_object (json_parser_get_root (parser)), "base_url");
  self = vigil_mastodon_oauth_new (session, base_url != NULL ? base_url : instance, error);
  if (self == NULL || !vigil_mastodon_oauth_set_client_from_json (self, json, error))
    return NULL;
  return g_steal_pointer (&self);
}

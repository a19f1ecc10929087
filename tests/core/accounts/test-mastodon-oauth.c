/* test-mastodon-oauth.c: Mastodon sign-in against the fixture server's
 * OAuth emulation: out-of-band code, loopback redirect, the wrong account,
 * errors, and revocation on removal
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include "accounts-test-util.h"
#include "vigil-account-register.h"
#include "vigil-context.h"
#include "vigil-memory-credential-store.h"
#include "vigil-oauth-loopback.h"
#include "vigil-test-server-oauth.h"

typedef struct
{
  VigilTestServer      *server;
  VigilStore           *store;
  VigilCredentialStore *credentials;
  VigilContext         *context;
  VigilAccountRegister *reg;
  VigilAccount         *account;
  SoupSession          *browser;  /* what the person's browser does */
} Fixture;

static void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonObject) fields = json_object_new ();
  g_autofree char *instance = NULL;
  VigilContextOptions options = { .actor = "alice", .no_sources = TRUE, .no_classify = TRUE };

  f->server = vigil_test_server_new ();
  vigil_test_server_add_mastodon_oauth (f->server, "press");
  f->store = vigil_store_open (":memory:", &error);
  g_assert_no_error (error);
  f->credentials = vigil_memory_credential_store_new ();
  options.credentials = f->credentials;
  f->context = vigil_context_new_for_store (f->store, &options, &error);
  g_assert_no_error (error);
  f->reg = vigil_context_ensure_service (f->context, VIGIL_TYPE_ACCOUNT_REGISTER);

  instance = g_strdup_printf ("127.0.0.1:%u", vigil_test_server_get_port (f->server));
  json_object_set_string_member (fields, "platform", "mastodon");
  json_object_set_string_member (fields, "handle", "press");
  json_object_set_string_member (fields, "instance", instance);
  f->account = vigil_account_register_add (f->reg, fields, &error);
  g_assert_no_error (error);
  f->browser = soup_session_new ();
}

static void
fixture_tear_down (Fixture       *f,
                   gconstpointer  data)
{
  g_clear_object (&f->browser);
  vigil_context_shutdown (f->context);
  g_clear_object (&f->context);
  g_clear_object (&f->credentials);
  g_clear_object (&f->store);
  g_clear_pointer (&f->server, vigil_test_server_free);
}

static VigilMastodonOAuth *
registered_client (Fixture    *f,
                   const char *redirect)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  Wait wait = { NULL };
  VigilMastodonOAuth *oauth;

  oauth = vigil_mastodon_oauth_new (vigil_context_get_session (f->context),
                                    vigil_test_server_get_base_url (f->server), &error);
  g_assert_no_error (error);
  vigil_mastodon_oauth_register_app_async (oauth, redirect, NULL, on_done_cb, &wait);
  result = wait_for (&wait);
  g_assert_true (vigil_mastodon_oauth_register_app_finish (oauth, result, &error));
  g_assert_no_error (error);
  g_assert_nonnull (vigil_mastodon_oauth_get_client_id (oauth));
  return oauth;
}

/* The browser opens the authorisation page; the out-of-band page shows the code. */
static char *
browse_for_code (Fixture    *f,
                 const char *url)
{
  g_autoptr(SoupMessage) msg = soup_message_new ("GET", url);
  g_autoptr(GBytes) body = NULL;
  g_autoptr(GError) error = NULL;
  const char *page, *start, *end;

  body = soup_session_send_and_read (f->browser, msg, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (soup_message_get_status (msg), ==, 200);
  page = g_bytes_get_data (body, NULL);
  start = g_strstr_len (page, g_bytes_get_size (body), "<code id=\"code\">");
  g_assert_nonnull (start);
  start += strlen ("<code id=\"code\">");
  end = strstr (start, "</code>");
  return g_strndup (start, end - start);
}

static gboolean
sign_in (Fixture             *f,
         VigilMastodonOAuth  *oauth,
         const char          *code,
         GError             **error)
{
  g_autoptr(GAsyncResult) result = NULL;
  Wait wait = { NULL };

  vigil_account_register_sign_in_async (f->reg, f->account, oauth, code, NULL, on_done_cb, &wait);
  result = wait_for (&wait);
  return vigil_account_register_sign_in_finish (f->reg, result, error);
}

static char *
lookup (Fixture    *f,
        const char *purpose)
{
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  Wait wait = { NULL };
  VigilCredentialKey key = {
    .platform = "mastodon", .account = "press",
    .instance = vigil_account_get_instance (f->account), .purpose = purpose,
  };
  char *secret;

  vigil_credential_store_lookup_key_async (f->credentials, &key, NULL, on_done_cb, &wait);
  result = wait_for (&wait);
  secret = vigil_credential_store_lookup_finish (f->credentials, result, &error);
  g_assert_no_error (error);
  return secret;
}

static void
remove_account (Fixture   *f,
                gboolean   force,
                GError   **error)
{
  g_autoptr(GAsyncResult) result = NULL;
  Wait wait = { NULL };

  vigil_account_register_remove_async (f->reg, f->account, force, NULL, on_done_cb, &wait);
  result = wait_for (&wait);
  vigil_account_register_remove_finish (f->reg, result, error);
}

static void
test_out_of_band (Fixture       *f,
                  gconstpointer  data)
{
  g_autoptr(VigilMastodonOAuth) oauth = registered_client (f, VIGIL_MASTODON_OAUTH_OOB);
  g_autoptr(GError) error = NULL;
  g_autofree char *url = vigil_mastodon_oauth_dup_authorize_url (oauth);
  g_autofree char *code = NULL;
  g_autoptr(GPtrArray) usage = NULL;
  char *token, *client;

  g_assert_true (g_str_has_prefix (url, vigil_test_server_get_base_url (f->server)));
  g_assert_nonnull (strstr (url, "/oauth/authorize?"));
  g_assert_nonnull (strstr (url, "scope=read"));
  g_assert_nonnull (strstr (url, vigil_mastodon_oauth_get_state (oauth)));

  code = browse_for_code (f, url);
  g_assert_true (sign_in (f, oauth, code, &error));
  g_assert_no_error (error);

  /* the token is in the credential store under the key a source linked to
   * press@host looks up, with the client needed to revoke it */
  token = lookup (f, VIGIL_CREDENTIAL_PURPOSE_TOKEN);
  g_assert_nonnull (token);
  g_assert_true (g_str_has_prefix (token, "tok-"));
  vigil_credential_free_secret (token);
  client = lookup (f, VIGIL_CREDENTIAL_PURPOSE_OAUTH_CLIENT);
  g_assert_nonnull (strstr (client, "client_secret"));
  vigil_credential_free_secret (client);
  g_assert_cmpstr (vigil_account_get_token_method (f->account), ==, "oauth");
  g_assert_cmpuint (vigil_test_server_oauth_get_live (f->server), ==, 1);
  usage = vigil_account_register_list_usage (f->reg, f->account, 0, &error);
  g_assert_cmpstr (((VigilAccountUsage *) usage->pdata[0])->action, ==, "sign-in");

  /* a code works once */
  g_assert_false (sign_in (f, oauth, code, &error));
  g_assert_error (error, VIGIL_MASTODON_OAUTH_ERROR, VIGIL_MASTODON_OAUTH_ERROR_REFUSED);
  g_assert_nonnull (strstr (error->message, "invalid"));
  g_clear_error (&error);

  /* removing the account revokes the token at the instance, then forgets it */
  remove_account (f, FALSE, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (vigil_test_server_oauth_get_revoked (f->server), ==, 1);
  g_assert_cmpuint (vigil_test_server_oauth_get_live (f->server), ==, 0);
  g_assert_cmpuint (vigil_memory_credential_store_get_n_items (VIGIL_MEMORY_CREDENTIAL_STORE (f->credentials)), ==, 0);
}

static void
test_loopback (Fixture       *f,
               gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(VigilOAuthLoopback) loopback = vigil_oauth_loopback_new (&error);
  g_autoptr(VigilMastodonOAuth) oauth = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(SoupMessage) forged = NULL;
  g_autoptr(SoupMessage) msg = NULL;
  g_autoptr(GBytes) page = NULL;
  g_autofree char *url = NULL;
  g_autofree char *forged_url = NULL;
  g_autofree char *code = NULL;
  Wait wait = { NULL };
  Wait browsed = { NULL };

  g_assert_no_error (error);
  g_assert_true (g_str_has_prefix (vigil_oauth_loopback_get_redirect_uri (loopback), "http://127.0.0.1:"));
  oauth = registered_client (f, vigil_oauth_loopback_get_redirect_uri (loopback));
  url = vigil_mastodon_oauth_dup_authorize_url (oauth);
  vigil_oauth_loopback_wait_async (loopback, vigil_mastodon_oauth_get_state (oauth), NULL, on_done_cb, &wait);

  /* another page can't inject a code without the state */
  forged_url = g_strdup_printf ("%s?code=evil&state=guess", vigil_oauth_loopback_get_redirect_uri (loopback));
  forged = soup_message_new ("GET", forged_url);
  soup_session_send_and_read_async (f->browser, forged, G_PRIORITY_DEFAULT, NULL, on_done_cb, &browsed);
  g_bytes_unref (soup_session_send_and_read_finish (f->browser, wait_for (&browsed), NULL));
  g_clear_object (&browsed.result);
  g_assert_cmpuint (soup_message_get_status (forged), ==, 400);
  g_assert_null (wait.result);

  /* the browser follows the instance's redirect to the loopback listener */
  msg = soup_message_new ("GET", url);
  soup_session_send_and_read_async (f->browser, msg, G_PRIORITY_DEFAULT, NULL, on_done_cb, &browsed);
  page = soup_session_send_and_read_finish (f->browser, wait_for (&browsed), &error);
  g_clear_object (&browsed.result);
  g_assert_no_error (error);
  g_assert_cmpuint (soup_message_get_status (msg), ==, 200);
  g_assert_nonnull (g_strstr_len (g_bytes_get_data (page, NULL), g_bytes_get_size (page), "go back to Vigil"));

  result = wait_for (&wait);
  code = vigil_oauth_loopback_wait_finish (loopback, result, &error);
  g_assert_no_error (error);
  g_assert_true (g_str_has_prefix (code, "code-"));
  /* the page never echoes the code */
  g_assert_null (g_strstr_len (g_bytes_get_data (page, NULL), g_bytes_get_size (page), code));

  g_assert_true (sign_in (f, oauth, code, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (vigil_test_server_oauth_get_live (f->server), ==, 1);
}

static void
test_wrong_account (Fixture       *f,
                    gconstpointer  data)
{
  g_autoptr(VigilMastodonOAuth) oauth = registered_client (f, VIGIL_MASTODON_OAUTH_OOB);
  g_autoptr(GError) error = NULL;
  g_autofree char *url = vigil_mastodon_oauth_dup_authorize_url (oauth);
  g_autofree char *code = NULL;

  /* the browser is signed in as someone else */
  vigil_test_server_oauth_set_acct (f->server, "intern");
  code = browse_for_code (f, url);
  g_assert_false (sign_in (f, oauth, code, &error));
  g_assert_error (error, VIGIL_ACCOUNT_ERROR, VIGIL_ACCOUNT_ERROR_INVALID);
  g_assert_nonnull (strstr (error->message, "@intern"));
  g_assert_nonnull (strstr (error->message, "@press"));
  /* the stray token was revoked, nothing was stored */
  g_assert_cmpuint (vigil_test_server_oauth_get_live (f->server), ==, 0);
  g_assert_cmpuint (vigil_test_server_oauth_get_revoked (f->server), ==, 1);
  g_assert_cmpuint (vigil_memory_credential_store_get_n_items (VIGIL_MEMORY_CREDENTIAL_STORE (f->credentials)), ==, 0);
  g_assert_cmpstr (vigil_account_get_token_method (f->account), ==, "");
}

static void
test_errors (Fixture       *f,
             gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(VigilMastodonOAuth) oauth = registered_client (f, VIGIL_MASTODON_OAUTH_OOB);
  g_autoptr(VigilMastodonOAuth) bad = NULL;
  g_autoptr(VigilMastodonOAuth) down = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  Wait wait = { NULL };

  /* plain http only for this computer */
  bad = vigil_mastodon_oauth_new (vigil_context_get_session (f->context), "http://social.example", &error);
  g_assert_null (bad);
  g_assert_error (error, VIGIL_MASTODON_OAUTH_ERROR, VIGIL_MASTODON_OAUTH_ERROR_BAD_URL);
  g_clear_error (&error);

  /* a made-up code */
  g_assert_false (sign_in (f, oauth, "code-999", &error));
  g_assert_error (error, VIGIL_MASTODON_OAUTH_ERROR, VIGIL_MASTODON_OAUTH_ERROR_REFUSED);
  g_assert_nonnull (strstr (error->message, "HTTP 400"));
  g_clear_error (&error);
  g_assert_false (sign_in (f, oauth, "two words", &error));
  g_assert_error (error, VIGIL_MASTODON_OAUTH_ERROR, VIGIL_MASTODON_OAUTH_ERROR_STATE);
  g_clear_error (&error);

  /* not Mastodon: the server answers HTML */
  vigil_test_server_set_content (f->server, "/api/v1/apps", "text/html", g_bytes_new_static ("<html>", 6));
  down = vigil_mastodon_oauth_new (vigil_context_get_session (f->context),
                                   vigil_test_server_get_base_url (f->server), &error);
  vigil_mastodon_oauth_register_app_async (down, NULL, NULL, on_done_cb, &wait);
  result = wait_for (&wait);
  g_assert_false (vigil_mastodon_oauth_register_app_finish (down, result, &error));
  g_assert_nonnull (error);
  g_assert_true (error->domain == VIGIL_MASTODON_OAUTH_ERROR);
  g_clear_error (&error);
  /* hostile JSON: members of the wrong type are refused quietly */
  vigil_test_server_set_content (f->server, "/api/v1/apps", "application/json",
                                 g_bytes_new_static ("{\"client_id\":{\"a\":1},\"client_secret\":[1]}", 41));
  g_clear_object (&result);
  wait.result = NULL;
  vigil_mastodon_oauth_register_app_async (down, NULL, NULL, on_done_cb, &wait);
  result = wait_for (&wait);
  g_assert_false (vigil_mastodon_oauth_register_app_finish (down, result, &error));
  g_assert_error (error, VIGIL_MASTODON_OAUTH_ERROR, VIGIL_MASTODON_OAUTH_ERROR_BAD_ANSWER);
  g_clear_error (&error);

  /* a pasted token still works as the fallback */
  g_clear_object (&result);
  wait.result = NULL;
  vigil_account_register_set_token_async (f->reg, f->account, "pasted-token-123", "pasted", NULL, on_done_cb, &wait);
  result = wait_for (&wait);
  g_assert_true (vigil_account_register_set_token_finish (f->reg, result, &error));
  g_assert_no_error (error);
  g_assert_cmpstr (vigil_account_get_token_method (f->account), ==, "pasted");
}

int
main (int   argc,
      char *argv[])
{
  g_autofree char *config = g_dir_make_tmp ("vigil-oauth-XXXXXX", NULL);

  g_setenv ("XDG_CONFIG_HOME", config, TRUE);
  g_test_init (&argc, &argv, NULL);

  g_test_add ("/vigil/mastodon-oauth/out-of-band", Fixture, NULL, fixture_set_up, test_out_of_band, fixture_tear_down);
  g_test_add ("/vigil/mastodon-oauth/loopback", Fixture, NULL, fixture_set_up, test_loopback, fixture_tear_down);
  g_test_add ("/vigil/mastodon-oauth/wrong-account", Fixture, NULL, fixture_set_up, test_wrong_account, fixture_tear_down);
  g_test_add ("/vigil/mastodon-oauth/errors", Fixture, NULL, fixture_set_up, test_errors, fixture_tear_down);
  return g_test_run ();
}

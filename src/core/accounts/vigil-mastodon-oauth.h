/* vigil-mastodon-oauth.h: signing in to a Mastodon instance (OAuth 2)
 *
 * The flow: register_app (POST /api/v1/apps) gives a client id and
 * secret; the person opens get_authorize_url() in a browser, approves,
 * and either pastes the code the instance shows (redirect
 * VIGIL_MASTODON_OAUTH_OOB) or the browser brings it to a loopback
 * listener (VigilOAuthLoopback); exchange_code (POST /oauth/token) turns
 * the code into an access token; verify (GET
 * /api/v1/accounts/verify_credentials) says whose token it is; revoke
 * (POST /oauth/revoke) ends it. Scope "read" only: Vigil listens.
 *
 * https:// instances only (http:// for loopback hosts, for tests). Every
 * request is bounded (64 KiB answers, 20 s) and never follows redirects.
 * Tokens and the client secret are never logged.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <libsoup/soup.h>

G_BEGIN_DECLS

#define VIGIL_MASTODON_OAUTH_OOB        "urn:ietf:wg:oauth:2.0:oob"
#define VIGIL_MASTODON_OAUTH_SCOPES     "read"
#define VIGIL_MASTODON_OAUTH_TIMEOUT_MS 20000
#define VIGIL_MASTODON_OAUTH_MAX_BODY   (64 * 1024)

#define VIGIL_MASTODON_OAUTH_ERROR (vigil_mastodon_oauth_error_quark ())
GQuark vigil_mastodon_oauth_error_quark (void);

typedef enum
{
  VIGIL_MASTODON_OAUTH_ERROR_BAD_URL,     /* not an https:// instance address */
  VIGIL_MASTODON_OAUTH_ERROR_NETWORK,     /* could not reach it, or it took too long */
  VIGIL_MASTODON_OAUTH_ERROR_REFUSED,     /* the instance answered with an error */
  VIGIL_MASTODON_OAUTH_ERROR_BAD_ANSWER,  /* the answer was not what Mastodon sends */
  VIGIL_MASTODON_OAUTH_ERROR_STATE,       /* no app registered yet, or a state mismatch */
} VigilMastodonOAuthError;

#define VIGIL_TYPE_MASTODON_OAUTH (vigil_mastodon_oauth_get_type ())
G_DECLARE_FINAL_TYPE (VigilMastodonOAuth, vigil_mastodon_oauth, VIGIL, MASTODON_OAUTH, GObject)

/* instance: "https://host" or "host". NULL with an error for a bad address. */
VigilMastodonOAuth *vigil_mastodon_oauth_new                (SoupSession         *session,
                                                             const char          *instance,
                                                             GError             **error);
/* "https://host[:port]" */
const char         *vigil_mastodon_oauth_get_base_url       (VigilMastodonOAuth  *self);

void                vigil_mastodon_oauth_register_app_async (VigilMastodonOAuth  *self,
                                                             const char          *redirect_uri,
                                                             GCancellable        *cancellable,
                                                             GAsyncReadyCallback  callback,
                                                             gpointer             user_data);
gboolean            vigil_mastodon_oauth_register_app_finish (VigilMastodonOAuth *self,
                                                              GAsyncResult       *result,
                                                              GError            **error);
/* The client registered (or restored with set_client); NULL before. */
const char         *vigil_mastodon_oauth_get_client_id      (VigilMastodonOAuth  *self);
/* The client as JSON {"base_url", "client_id", "client_secret",
 * "redirect_uri"}: a
 * secret, for the credential store only (free with
 * vigil_credential_free_secret). NULL before registration. */
char               *vigil_mastodon_oauth_dup_client_secret_json (VigilMastodonOAuth *self);
gboolean            vigil_mastodon_oauth_set_client_from_json (VigilMastodonOAuth *self,
                                                               const char         *json,
                                                               GError            **error);
/* A client restored from that JSON, at its base_url (or at instance when
 * the JSON has none). */
VigilMastodonOAuth *vigil_mastodon_oauth_new_from_client_json (SoupSession       *session,
                                                               const char        *instance,
                                                               const char        *json,
                                                               GError           **error);
/* The page to open in the browser (with a fresh random state). */
char               *vigil_mastodon_oauth_dup_authorize_url  (VigilMastodonOAuth  *self);
const char         *vigil_mastodon_oauth_get_state          (VigilMastodonOAuth  *self);

void                vigil_mastodon_oauth_exchange_code_async (VigilMastodonOAuth  *self,
                                                              const char          *code,
                                                              GCancellable        *cancellable,
                                                              GAsyncReadyCallback  callback,
                                                              gpointer             user_data);
/* The access token (free with vigil_credential_free_secret). */
char               *vigil_mastodon_oauth_exchange_code_finish (VigilMastodonOAuth *self,
                                                               GAsyncResult       *result,
                                                               GError            **error);
void                vigil_mastodon_oauth_verify_async       (VigilMastodonOAuth  *self,
                                                             const char          *token,
                                                             GCancellable        *cancellable,
                                                             GAsyncReadyCallback  callback,
                                                             gpointer             user_data);
/* The account's "acct" (the username on its own instance). */
char               *vigil_mastodon_oauth_verify_finish      (VigilMastodonOAuth  *self,
                                                             GAsyncResult        *result,
                                                             GError             **error);
void                vigil_mastodon_oauth_revoke_async       (VigilMastodonOAuth  *self,
                                                             const char          *token,
                                                             GCancellable        *cancellable,
                                                             GAsyncReadyCallback  callback,
                                                             gpointer             user_data);
gboolean            vigil_mastodon_oauth_revoke_finish      (VigilMastodonOAuth  *self,
                                                             GAsyncResult        *result,
                                                             GError             **error);

G_END_DECLS

/* vigil-test-server-oauth.h: a Mastodon OAuth provider on the fixture server
 *
 * Emulates, on one VigilTestServer:
 *   POST /api/v1/apps                 client_name, redirect_uris, scopes →
 *                                     {id, name, client_id, client_secret, redirect_uri}
 *   GET  /oauth/authorize             client_id, response_type=code, redirect_uri,
 *                                     scope, state: approves at once as the
 *                                     configured account (no login page): a 302 to
 *                                     redirect_uri?code=…&state=…, or, for the
 *                                     out-of-band redirect, a page showing the code
 *                                     in <code id="code">…</code>
 *   POST /oauth/token                 grant_type=authorization_code, code, client_id,
 *                                     client_secret, redirect_uri → {access_token,
 *                                     token_type, scope, created_at}; a code works once
 *   POST /oauth/revoke                client_id, client_secret, token → {}
 *   GET  /api/v1/accounts/verify_credentials  Authorization: Bearer → the account,
 *                                     401 for an unknown or revoked token
 * with Mastodon's error bodies ({"error", "error_description"}).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "vigil-test-server.h"

G_BEGIN_DECLS

/* Installs the endpoints; the browser is "signed in" as acct. */
void   vigil_test_server_add_mastodon_oauth   (VigilTestServer *server,
                                               const char      *acct);
/* Who approves the next authorisations. */
void   vigil_test_server_oauth_set_acct       (VigilTestServer *server,
                                               const char      *acct);
/* The next access token issued (then back to "tok-N"). */
void   vigil_test_server_oauth_set_next_token (VigilTestServer *server,
                                               const char      *token);
/* Tokens issued and not revoked, and tokens revoked. */
guint  vigil_test_server_oauth_get_live       (VigilTestServer *server);
guint  vigil_test_server_oauth_get_revoked    (VigilTestServer *server);

G_END_DECLS

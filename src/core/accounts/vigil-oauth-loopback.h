/* vigil-oauth-loopback.h: receives an OAuth redirect on 127.0.0.1
 *
 * A SoupServer on the loopback interface, on a port the system picks,
 * answering only GET /callback on the caller's main context. The browser
 * comes back to get_redirect_uri() with ?code=…&state=…; a request whose
 * state is not the expected one is refused (another page can't inject a
 * code). The page the browser shows says to go back to Vigil; it never
 * echoes the code. Lives only for one sign-in.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

#define VIGIL_TYPE_OAUTH_LOOPBACK (vigil_oauth_loopback_get_type ())
G_DECLARE_FINAL_TYPE (VigilOAuthLoopback, vigil_oauth_loopback, VIGIL, OAUTH_LOOPBACK, GObject)

VigilOAuthLoopback *vigil_oauth_loopback_new              (GError             **error);
/* "http://127.0.0.1:PORT/callback" */
const char         *vigil_oauth_loopback_get_redirect_uri (VigilOAuthLoopback  *self);

/* Completes when the browser brings a code with state (or the instance's
 * error, or cancellable). */
void                vigil_oauth_loopback_wait_async       (VigilOAuthLoopback  *self,
                                                           const char          *state,
                                                           GCancellable        *cancellable,
                                                           GAsyncReadyCallback  callback,
                                                           gpointer             user_data);
/* The authorisation code (free with g_free). */
char               *vigil_oauth_loopback_wait_finish      (VigilOAuthLoopback  *self,
                                                           GAsyncResult        *result,
                                                           GError             **error);

G_END_DECLS

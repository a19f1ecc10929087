/* vigil-secret-credential-store.h: credentials in the Secret Service (libsecret)
 *
 * One item per key in the default collection ("login"), schema
 * "io.github.vigilapp.Vigil.Account" with the attributes "platform",
 * "account", "instance" and "purpose" (see VigilCredentialKey; a
 * (service, account) call is mapped onto them). Items of the older schema
 * "io.github.vigilapp.Vigil.Credential" ("service", "account") are still
 * found by a lookup that misses, and removed by a clear. Every call is async, gives up after
 * VIGIL_SECRET_CREDENTIAL_TIMEOUT_MS (a sync call can hang forever on a
 * prompt), and fails with a VIGIL_CREDENTIAL_ERROR whose message says what
 * to do: no session bus, no Secret Service, a locked keyring, a timeout.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "vigil-credential-store.h"

G_BEGIN_DECLS

#define VIGIL_SECRET_CREDENTIAL_TIMEOUT_MS 3000

#define VIGIL_TYPE_SECRET_CREDENTIAL_STORE (vigil_secret_credential_store_get_type ())
G_DECLARE_FINAL_TYPE (VigilSecretCredentialStore, vigil_secret_credential_store, VIGIL, SECRET_CREDENTIAL_STORE, GObject)

VigilCredentialStore *vigil_secret_credential_store_new             (void);

/* Maps an error from GDBus or libsecret to a VIGIL_CREDENTIAL_ERROR with a
 * message a person can act on (G_IO_ERROR_CANCELLED is kept as it is).
 * timed_out: the operation was cancelled by the timeout. */
GError               *vigil_secret_credential_store_translate_error (const GError *error,
                                                                      gboolean      timed_out);

G_END_DECLS

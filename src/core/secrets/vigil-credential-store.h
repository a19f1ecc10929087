/* vigil-credential-store.h: where account tokens live (never in a file)
 *
 * A secret is keyed by a service ("mastodon") and an account
 * ("user@host"). Implementations: VigilSecretCredentialStore (the Secret
 * Service, through libsecret) for the app, VigilMemoryCredentialStore for
 * tests. Secrets never go into GSettings, SQLite, logs or exports.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

#define VIGIL_CREDENTIAL_ERROR (vigil_credential_error_quark ())
GQuark vigil_credential_error_quark (void);

/* Each code comes with a message a person can act on. */
typedef enum
{
  VIGIL_CREDENTIAL_ERROR_NO_BUS,      /* no D-Bus session bus */
  VIGIL_CREDENTIAL_ERROR_NO_SERVICE,  /* no Secret Service (no keyring) running */
  VIGIL_CREDENTIAL_ERROR_LOCKED,      /* the keyring is locked, or has no default collection */
  VIGIL_CREDENTIAL_ERROR_TIMEOUT,     /* it did not answer in time (a prompt?) */
  VIGIL_CREDENTIAL_ERROR_INVALID,     /* empty service/account/secret, or too long */
  VIGIL_CREDENTIAL_ERROR_FAILED,      /* anything else; the message says what */
} VigilCredentialError;

/* Bounds on what a caller may store. */
#define VIGIL_CREDENTIAL_MAX_KEY_BYTES    512
#define VIGIL_CREDENTIAL_MAX_SECRET_BYTES 8192

#define VIGIL_TYPE_CREDENTIAL_STORE (vigil_credential_store_get_type ())
G_DECLARE_INTERFACE (VigilCredentialStore, vigil_credential_store, VIGIL, CREDENTIAL_STORE, GObject)

struct _VigilCredentialStoreInterface
{
  GTypeInterface parent_iface;

  void      (*store_async)   (VigilCredentialStore  *self,
                              const char            *service,
                              const char            *account,
                              const char            *secret,
                              GCancellable          *cancellable,
                              GAsyncReadyCallback    callback,
                              gpointer               user_data);
  gboolean  (*store_finish)  (VigilCredentialStore  *self,
                              GAsyncResult          *result,
                              GError               **error);
  void      (*lookup_async)  (VigilCredentialStore  *self,
                              const char            *service,
                              const char            *account,
                              GCancellable          *cancellable,
                              GAsyncReadyCallback    callback,
                              gpointer               user_data);
  char     *(*lookup_finish) (VigilCredentialStore  *self,
                              GAsyncResult          *result,
                              GError               **error);
  void      (*clear_async)   (VigilCredentialStore  *self,
                              const char            *service,
                              const char            *account,
                              GCancellable          *cancellable,
                              GAsyncReadyCallback    callback,
                              gpointer               user_data);
  gboolean  (*clear_finish)  (VigilCredentialStore  *self,
                              GAsyncResult          *result,
                              GError               **error);
};

/* Stores (or replaces) the secret of service + account. */
void      vigil_credential_store_store_async   (VigilCredentialStore  *self,
                                                const char            *service,
                                                const char            *account,
                                                const char            *secret,
                                                GCancellable          *cancellable,
                                                GAsyncReadyCallback    callback,
                                                gpointer               user_data);
gboolean  vigil_credential_store_store_finish  (VigilCredentialStore  *self,
                                                GAsyncResult          *result,
                                                GError               **error);
/* The secret, or NULL with no error when none is stored. Free it with
 * vigil_credential_free_secret() (it wipes the memory). */
void      vigil_credential_store_lookup_async  (VigilCredentialStore  *self,
                                                const char            *service,
                                                const char            *account,
                                                GCancellable          *cancellable,
                                                GAsyncReadyCallback    callback,
                                                gpointer               user_data);
char     *vigil_credential_store_lookup_finish (VigilCredentialStore  *self,
                                                GAsyncResult          *result,
                                                GError               **error);
/* Removes it; removing a secret that is not stored succeeds. */
void      vigil_credential_store_clear_async   (VigilCredentialStore  *self,
                                                const char            *service,
                                                const char            *account,
                                                GCancellable          *cancellable,
                                                GAsyncReadyCallback    callback,
                                                gpointer               user_data);
gboolean  vigil_credential_store_clear_finish  (VigilCredentialStore  *self,
                                                GAsyncResult          *result,
                                                GError               **error);

/* --- Keys with attributes ---------------------------------------------
 *
 * What the account register keeps: a secret per platform, account (the
 * handle, without a leading "@"), instance (a host, or "" when the
 * platform has one site) and purpose ("token", "password",
 * "oauth-client"). The Secret Service implementation stores these as the
 * item's attributes (schema "io.github.vigilapp.Vigil.Account"). A key
 * maps onto the (service, account) calls above as
 *   service = platform             when purpose is "token",
 *             platform "/" purpose otherwise;
 *   account = account "@" instance (instance may be empty);
 * so the token of {"mastodon", "me", "social.example", "token"} is the one
 * a Mastodon source linked to "me@social.example" looks up. */
typedef struct
{
  const char *platform;
  const char *account;
  const char *instance;   /* NULL = "" */
  const char *purpose;    /* NULL = "token" */
} VigilCredentialKey;

#define VIGIL_CREDENTIAL_PURPOSE_TOKEN        "token"
#define VIGIL_CREDENTIAL_PURPOSE_PASSWORD     "password"
#define VIGIL_CREDENTIAL_PURPOSE_OAUTH_CLIENT "oauth-client"

/* The (service, account) pair of key; free both with g_free. */
void      vigil_credential_key_to_service      (const VigilCredentialKey *key,
                                                char                    **service,
                                                char                    **account);
/* The inverse, for implementations that store attributes: fills key with
 * pointers into *storage (free it with g_strfreev). */
void      vigil_credential_key_from_service    (const char              *service,
                                                const char              *account,
                                                VigilCredentialKey      *key,
                                                char                  ***storage);

void      vigil_credential_store_store_key_async   (VigilCredentialStore     *self,
                                                    const VigilCredentialKey *key,
                                                    const char               *secret,
                                                    GCancellable             *cancellable,
                                                    GAsyncReadyCallback       callback,
                                                    gpointer                  user_data);
void      vigil_credential_store_lookup_key_async  (VigilCredentialStore     *self,
                                                    const VigilCredentialKey *key,
                                                    GCancellable             *cancellable,
                                                    GAsyncReadyCallback       callback,
                                                    gpointer                  user_data);
void      vigil_credential_store_clear_key_async   (VigilCredentialStore     *self,
                                                    const VigilCredentialKey *key,
                                                    GCancellable             *cancellable,
                                                    GAsyncReadyCallback       callback,
                                                    gpointer                  user_data);
/* Finish them with vigil_credential_store_{store,lookup,clear}_finish. */

/* For implementations: checks service, account and (when not NULL) secret;
 * FALSE with VIGIL_CREDENTIAL_ERROR_INVALID. */
gboolean  vigil_credential_check_key           (const char            *service,
                                                const char            *account,
                                                const char            *secret,
                                                GError               **error);
/* Overwrites the string with zeros, then frees it. NULL is fine. */
void      vigil_credential_free_secret         (char                  *secret);

G_END_DECLS

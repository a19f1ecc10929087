/* vigil-credential-store.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "vigil-credential-store"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "vigil-credential-store.h"

G_DEFINE_QUARK (vigil-credential-error-quark, vigil_credential_error)
G_DEFINE_INTERFACE (VigilCredentialStore, vigil_credential_store, G_TYPE_OBJECT)

/* Both implementations complete with a GTask: these are the default
 * _finish vfuncs, so an implementation only writes its _async ones. */
static gboolean
task_boolean_finish (VigilCredentialStore  *self,
                     GAsyncResult          *result,
                     GError               **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);
  return g_task_propagate_boolean (G_TASK (result), error);
}

static char *
task_secret_finish (VigilCredentialStore  *self,
                    GAsyncResult          *result,
                    GError               **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);
  return g_task_propagate_pointer (G_TASK (result), error);
}

static void
vigil_credential_store_default_init (VigilCredentialStoreInterface *iface)
{
  iface->store_finish = task_boolean_finish;
  iface->lookup_finish = task_secret_finish;
  iface->clear_finish = task_boolean_finish;
}

gboolean
vigil_credential_check_key (const char  *service,
                            const char  *account,
                            const char  *secret,
                            GError     **error)
{
  if (service == NULL || *service == '\0' || account == NULL || *account == '\0')
    {
      g_set_error_literal (error, VIGIL_CREDENTIAL_ERROR, VIGIL_CREDENTIAL_ERROR_INVALID,
                           _("A credential needs a service and an account name."));
      return FALSE;
    }
  if (strlen (service) > VIGIL_CREDENTIAL_MAX_KEY_BYTES
      || strlen (account) > VIGIL_CREDENTIAL_MAX_KEY_BYTES
      || !g_utf8_validate (service, -1, NULL) || !g_utf8_validate (account, -1, NULL))
    {
      g_set_error_literal (error, VIGIL_CREDENTIAL_ERROR, VIGIL_CREDENTIAL_ERROR_INVALID,
                           _("The account name is too long or not valid text."));
      return FALSE;
    }
  if (secret != NULL
      && (*secret == '\0' || strlen (secret) > VIGIL_CREDENTIAL_MAX_SECRET_BYTES
          || !g_utf8_validate (secret, -1, NULL)))
    {
      g_set_error_literal (error, VIGIL_CREDENTIAL_ERROR, VIGIL_CREDENTIAL_ERROR_INVALID,
                           _("The token is empty, too long or not valid text. Paste it again."));
      return FALSE;
    }
  return TRUE;
}

void
vigil_credential_free_secret (char *secret)
{
  if (secret == NULL)
    return;
  explicit_bzero (secret, strlen (secret));
  g_free (secret);
}

void
vigil_credential_store_store_async (VigilCredentialStore *self,
                                    const char           *service,
                                    const char           *account,
                                    const char           *secret,
                                    GCancellable         *cancellable,
                                    GAsyncReadyCallback   callback,
                                    gpointer              user_data)
{
  g_return_if_fail (VIGIL_IS_CREDENTIAL_STORE (self));
  g_return_if_fail (!cancellable || G_IS_CANCELLABLE (cancellable));

  VIGIL_CREDENTIAL_STORE_GET_IFACE (self)->store_async (self, service, account, secret,
                                                        cancellable, callback, user_data);
}

gboolean
vigil_credential_store_store_finish (VigilCredentialStore  *self,
                                     GAsyncResult          *result,
                                     GError               **error)
{
  g_return_val_if_fail (VIGIL_IS_CREDENTIAL_STORE (self), FALSE);
  return VIGIL_CREDENTIAL_STORE_GET_IFACE (self)->store_finish (self, result, error);
}

void
vigil_credential_store_lookup_async (VigilCredentialStore *self,
                                     const char           *service,
                                     const char           *account,
                                     GCancellable         *cancellable,
                                     GAsyncReadyCallback   callback,
                                     gpointer              user_data)
{
  g_return_if_fail (VIGIL_IS_CREDENTIAL_STORE (self));
  g_return_if_fail (!cancellable || G_IS_CANCELLABLE (cancellable));

  VIGIL_CREDENTIAL_STORE_GET_IFACE (self)->lookup_async (self, service, account,
                                                         cancellable, callback, user_data);
}

char *
vigil_credential_store_lookup_finish (VigilCredentialStore  *self,
                                      GAsyncResult          *result,
                                      GError               **error)
{
  g_return_val_if_fail (VIGIL_IS_CREDENTIAL_STORE (self), NULL);
  return VIGIL_CREDENTIAL_STORE_GET_IFACE (self)->lookup_finish (self, result, error);
}

void
vigil_credential_store_clear_async (VigilCredentialStore *self,
                                    const char           *service,
                                    const char           *account,
                                    GCancellable         *cancellable,
                                    GAsyncReadyCallback   callback,
                                    gpointer              user_data)
{
  g_return_if_fail (VIGIL_IS_CREDENTIAL_STORE (self));
  g_return_if_fail (!cancellable || G_IS_CANCELLABLE (cancellable));

  VIGIL_CREDENTIAL_STORE_GET_IFACE (self)->clear_async (self, service, account,
                                                        cancellable, callback, user_data);
}

gboolean
vigil_credential_store_clear_finish (VigilCredentialStore  *self,
                                     GAsyncResult          *result,
                                     GError               **error)
{
  g_return_val_if_fail (VIGIL_IS_CREDENTIAL_STORE (self), FALSE);
  return VIGIL_CREDENTIAL_STORE_GET_IFACE (self)->clear_finish (self, result, error);
}

void
vigil_credential_key_to_service (const VigilCredentialKey  *key,
                                 char                     **service,
                                 char                     **account)
{
  const char *purpose;

  g_return_if_fail (key != NULL && service != NULL && account != NULL);

  purpose = key->purpose != NULL && *key->purpose != '\0' ? key->purpose : VIGIL_CREDENTIAL_PURPOSE_TOKEN;
  if (g_str_equal (purpose, VIGIL_CREDENTIAL_PURPOSE_TOKEN))
    *service = g_strdup (key->platform != NULL ? key->platform : "");
  else
    *service = g_strconcat (key->platform != NULL ? key->platform : "", "/", purpose, NULL);
  if (key->account == NULL || *key->account == '\0')
    *account = g_strdup ("");   /* refused by vigil_credential_check_key */
  else
    *account = g_strconcat (key->account, "@", key->instance != NULL ? key->instance : "", NULL);
}

void
vigil_credential_key_from_service (const char          *service,
                                   const char          *account,
                                   VigilCredentialKey  *key,
                                   char              ***storage)
{
  const char *slash;
  const char *at;
  GStrv parts = g_new0 (char *, 5);

  g_return_if_fail (service != NULL && account != NULL && key != NULL && storage != NULL);

  slash = strchr (service, '/');
  parts[0] = slash != NULL ? g_strndup (service, slash - service) : g_strdup (service);
  parts[3] = g_strdup (slash != NULL ? slash + 1 : VIGIL_CREDENTIAL_PURPOSE_TOKEN);
  at = strrchr (account, '@');
  parts[1] = at != NULL ? g_strndup (account, at - account) : g_strdup (account);
  parts[2] = g_strdup (at != NULL ? at + 1 : "");
  key->platform = parts[0];
  key->account = parts[1];
  key->instance = parts[2];
  key->purpose = parts[3];
  *storage = parts;
}

void
vigil_credential_store_store_key_async (VigilCredentialStore     *self,
                                        const VigilCredentialKey *key,
                                        const char               *secret,
                                        GCancellable             *cancellable,
                                        GAsyncReadyCallback       callback,
                                        gpointer                  user_data)
{
  g_autofree char *service = NULL;
  g_autofree char *account = NULL;

  g_return_if_fail (key != NULL);
  vigil_credential_key_to_service (key, &service, &account);
  vigil_credential_store_store_async (self, service, account, secret, cancellable, callback, user_data);
}

void
vigil_credential_store_lookup_key_async (VigilCredentialStore     *self,
                                         const VigilCredentialKey *key,
                                         GCancellable             *cancellable,
                                         GAsyncReadyCallback       callback,
                                         gpointer                  user_data)
{
  g_autofree char *service = NULL;
  g_autofree char *account = NULL;

  g_return_if_fail (key != NULL);
  vigil_credential_key_to_service (key, &service, &account);
  vigil_credential_store_lookup_async (self, service, account, cancellable, callback, user_data);
}

void
vigil_credential_store_clear_key_async (VigilCredentialStore     *self,
                                        const VigilCredentialKey *key,
                                        GCancellable             *cancellable,
                                        GAsyncReadyCallback       callback,
                                        gpointer                  user_data)
{
  g_autofree char *service = NULL;
  g_autofree char *account = NULL;

  g_return_if_fail (key != NULL);
  vigil_credential_key_to_service (key, &service, &account);
  vigil_credential_store_clear_async (self, service, account, cancellable, callback, user_data);
}

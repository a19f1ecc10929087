/* vigil-memory-credential-store.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "vigil-memory-credential-store"

#include "config.h"

#include "vigil-memory-credential-store.h"

struct _VigilMemoryCredentialStore
{
  GObject     parent_instance;
  GHashTable *secrets;  /* "service\naccount" → secret */
};

static void credential_store_iface_init (VigilCredentialStoreInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (VigilMemoryCredentialStore, vigil_memory_credential_store, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (VIGIL_TYPE_CREDENTIAL_STORE, credential_store_iface_init))

static char *
make_key (const char *service,
          const char *account)
{
  return g_strconcat (service, "\n", account, NULL);
}

static void
memory_store_async (VigilCredentialStore *store,
                    const char           *service,
                    const char           *account,
                    const char           *secret,
                    GCancellable         *cancellable,
                    GAsyncReadyCallback   callback,
                    gpointer              user_data)
{
  VigilMemoryCredentialStore *self = VIGIL_MEMORY_CREDENTIAL_STORE (store);
  g_autoptr(GTask) task = g_task_new (self, cancellable, callback, user_data);
  GError *error = NULL;

  g_task_set_source_tag (task, memory_store_async);
  if (secret == NULL)
    secret = "";
  if (!vigil_credential_check_key (service, account, secret, &error))
    {
      g_task_return_error (task, error);
      return;
    }
  g_hash_table_replace (self->secrets, make_key (service, account), g_strdup (secret));
  g_task_return_boolean (task, TRUE);
}

static void
memory_lookup_async (VigilCredentialStore *store,
                     const char           *service,
                     const char           *account,
                     GCancellable         *cancellable,
                     GAsyncReadyCallback   callback,
                     gpointer              user_data)
{
  VigilMemoryCredentialStore *self = VIGIL_MEMORY_CREDENTIAL_STORE (store);
  g_autoptr(GTask) task = g_task_new (self, cancellable, callback, user_data);
  g_autofree char *key = NULL;
  GError *error = NULL;

  g_task_set_source_tag (task, memory_lookup_async);
  if (!vigil_credential_check_key (service, account, NULL, &error))
    {
      g_task_return_error (task, error);
      return;
    }
  key = make_key (service, account);
  g_task_return_pointer (task, g_strdup (g_hash_table_lookup (self->secrets, key)),
                         (GDestroyNotify) vigil_credential_free_secret);
}

static void
memory_clear_async (VigilCredentialStore *store,
                    const char           *service,
                    const char           *account,
                    GCancellable         *cancellable,
                    GAsyncReadyCallback   callback,
                    gpointer              user_data)
{
  VigilMemoryCredentialStore *self = VIGIL_MEMORY_CREDENTIAL_STORE (store);
  g_autoptr(GTask) task = g_task_new (self, cancellable, callback, user_data);
  g_autofree char *key = NULL;
  GError *error = NULL;

  g_task_set_source_tag (task, memory_clear_async);
  if (!vigil_credential_check_key (service, account, NULL, &error))
    {
      g_task_return_error (task, error);
      return;
    }
  key = make_key (service, account);
  g_hash_table_remove (self->secrets, key);
  g_task_return_boolean (task, TRUE);
}

static void
credential_store_iface_init (VigilCredentialStoreInterface *iface)
{
  iface->store_async = memory_store_async;
  iface->lookup_async = memory_lookup_async;
  iface->clear_async = memory_clear_async;
}

static void
vigil_memory_credential_store_finalize (GObject *object)
{
  VigilMemoryCredentialStore *self = (VigilMemoryCredentialStore *) object;

  g_clear_pointer (&self->secrets, g_hash_table_unref);
  G_OBJECT_CLASS (vigil_memory_credential_store_parent_class)->finalize (object);
}

static void
vigil_memory_credential_store_class_init (VigilMemoryCredentialStoreClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = vigil_memory_credential_store_finalize;
}

static void
vigil_memory_credential_store_init (VigilMemoryCredentialStore *self)
{
  self->secrets = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                         (GDestroyNotify) vigil_credential_free_secret);
}

VigilCredentialStore *
vigil_memory_credential_store_new (void)
{
  return g_object_new (VIGIL_TYPE_MEMORY_CREDENTIAL_STORE, NULL);
}

guint
vigil_memory_credential_store_get_n_items (VigilMemoryCredentialStore *self)
{
  g_return_val_if_fail (VIGIL_IS_MEMORY_CREDENTIAL_STORE (self), 0);
  return g_hash_table_size (self->secrets);
}

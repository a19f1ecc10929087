/* vigil-secret-credential-store.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "vigil-secret-credential-store"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <libsecret/secret.h>
#include <string.h>

#include "vigil-secret-credential-store.h"

struct _VigilSecretCredentialStore
{
  GObject parent_instance;
};

static void credential_store_iface_init (VigilCredentialStoreInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (VigilSecretCredentialStore, vigil_secret_credential_store, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (VIGIL_TYPE_CREDENTIAL_STORE, credential_store_iface_init))

typedef enum
{
  OP_STORE,
  OP_LOOKUP,
  OP_CLEAR,
} OpKind;

typedef struct
{
  OpKind        kind;
  char         *service;
  char         *account;
  char         *secret;
  GCancellable *inner;         /* cancelled by the caller's cancellable or the timeout */
  GCancellable *outer;
  gulong        outer_handler;
  guint         timeout_id;
  gboolean      timed_out;
  gboolean      legacy;        /* lookup: the fallback to the old schema ran */
} OpData;

/* The schema of every item Vigil stores: platform, account (the handle),
 * instance (a host, or "") and purpose ("token", "password",
 * "oauth-client"); see VigilCredentialKey. */
static const SecretSchema *
get_schema (void)
{
  static const SecretSchema schema = {
    .name = "io.github.vigilapp.Vigil.Account",
    .flags = SECRET_SCHEMA_NONE,
    .attributes = {
      { .name = "platform", .type = SECRET_SCHEMA_ATTRIBUTE_STRING },
      { .name = "account", .type = SECRET_SCHEMA_ATTRIBUTE_STRING },
      { .name = "instance", .type = SECRET_SCHEMA_ATTRIBUTE_STRING },
      { .name = "purpose", .type = SECRET_SCHEMA_ATTRIBUTE_STRING },
      { .name = NULL, .type = 0 },
    },
  };

  return &schema;
}

/* Items stored before the register existed ("service" + "account"): a
 * lookup that misses falls back to them, a clear removes them too. */
static const SecretSchema *
get_legacy_schema (void)
{
  static const SecretSchema schema = {
    .name = "io.github.vigilapp.Vigil.Credential",
    .flags = SECRET_SCHEMA_NONE,
    .attributes = {
      { .name = "service", .type = SECRET_SCHEMA_ATTRIBUTE_STRING },
      { .name = "account", .type = SECRET_SCHEMA_ATTRIBUTE_STRING },
      { .name = NULL, .type = 0 },
    },
  };

  return &schema;
}

static GHashTable *
make_attributes (const char *service,
                 const char *account)
{
  g_auto(GStrv) storage = NULL;
  VigilCredentialKey key;
  GHashTable *attributes = g_hash_table_new_full (g_str_hash, g_str_equal, NULL, g_free);

  vigil_credential_key_from_service (service, account, &key, &storage);
  g_hash_table_insert (attributes, (char *) "platform", g_strdup (key.platform));
  g_hash_table_insert (attributes, (char *) "account", g_strdup (key.account));
  g_hash_table_insert (attributes, (char *) "instance", g_strdup (key.instance));
  g_hash_table_insert (attributes, (char *) "purpose", g_strdup (key.purpose));
  return attributes;
}

static void
op_data_free (OpData *op)
{
  g_clear_handle_id (&op->timeout_id, g_source_remove);
  if (op->outer != NULL && op->outer_handler != 0)
    g_cancellable_disconnect (op->outer, op->outer_handler);
  g_clear_object (&op->outer);
  g_clear_object (&op->inner);
  g_free (op->service);
  g_free (op->account);
  vigil_credential_free_secret (op->secret);
  g_free (op);
}

GError *
vigil_secret_credential_store_translate_error (const GError *error,
                                               gboolean      timed_out)
{
  g_return_val_if_fail (error != NULL, NULL);

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    {
      if (timed_out)
        return g_error_new (VIGIL_CREDENTIAL_ERROR, VIGIL_CREDENTIAL_ERROR_TIMEOUT,
                            _("The keyring did not answer within %u seconds. If it asks "
                              "for its password, unlock it, then try again."),
                            VIGIL_SECRET_CREDENTIAL_TIMEOUT_MS / 1000);
      return g_error_copy (error);
    }

  if (error->domain == VIGIL_CREDENTIAL_ERROR)
    return g_error_copy (error);

  if (g_error_matches (error, SECRET_ERROR, SECRET_ERROR_IS_LOCKED))
    return g_error_new_literal (VIGIL_CREDENTIAL_ERROR, VIGIL_CREDENTIAL_ERROR_LOCKED,
                                _("The keyring is locked. Unlock it (for example in "
                                  "Passwords and Keys), then try again."));

  if (g_error_matches (error, SECRET_ERROR, SECRET_ERROR_NO_SUCH_OBJECT)
      || g_error_matches (error, G_DBUS_ERROR, G_DBUS_ERROR_UNKNOWN_OBJECT)
      || g_error_matches (error, G_DBUS_ERROR, G_DBUS_ERROR_UNKNOWN_METHOD)
      || (error->message != NULL && strstr (error->message, "does not exist") != NULL))
    return g_error_new_literal (VIGIL_CREDENTIAL_ERROR, VIGIL_CREDENTIAL_ERROR_LOCKED,
                                _("The keyring has no default collection, or it was never "
                                  "unlocked. Open Passwords and Keys, create or unlock the "
                                  "“Login” keyring, then try again."));

  if (g_error_matches (error, G_DBUS_ERROR, G_DBUS_ERROR_SERVICE_UNKNOWN)
      || g_error_matches (error, G_DBUS_ERROR, G_DBUS_ERROR_NAME_HAS_NO_OWNER)
      || g_error_matches (error, G_DBUS_ERROR, G_DBUS_ERROR_SPAWN_SERVICE_NOT_FOUND)
      || g_error_matches (error, G_DBUS_ERROR, G_DBUS_ERROR_SPAWN_EXEC_FAILED)
      || g_error_matches (error, G_DBUS_ERROR, G_DBUS_ERROR_SPAWN_CHILD_EXITED)
      || g_error_matches (error, G_DBUS_ERROR, G_DBUS_ERROR_SPAWN_FAILED))
    return g_error_new_literal (VIGIL_CREDENTIAL_ERROR, VIGIL_CREDENTIAL_ERROR_NO_SERVICE,
                                _("No keyring is running, so the token can’t be kept safe. "
                                  "Install and start GNOME Keyring (or another Secret Service, "
                                  "such as KeePassXC), then try again."));

  if (g_error_matches (error, G_DBUS_ERROR, G_DBUS_ERROR_NO_REPLY)
      || g_error_matches (error, G_DBUS_ERROR, G_DBUS_ERROR_TIMEOUT)
      || g_error_matches (error, G_IO_ERROR, G_IO_ERROR_TIMED_OUT))
    return g_error_new (VIGIL_CREDENTIAL_ERROR, VIGIL_CREDENTIAL_ERROR_TIMEOUT,
                        _("The keyring did not answer within %u seconds. If it asks "
                          "for its password, unlock it, then try again."),
                        VIGIL_SECRET_CREDENTIAL_TIMEOUT_MS / 1000);

  return g_error_new (VIGIL_CREDENTIAL_ERROR, VIGIL_CREDENTIAL_ERROR_FAILED,
                      _("The keyring refused the request: %s"), error->message);
}

static void
return_error (GTask        *task,
              const GError *error)
{
  OpData *op = g_task_get_task_data (task);

  g_task_return_error (task, vigil_secret_credential_store_translate_error (error, op->timed_out));
}

static gboolean
on_timeout_cb (gpointer user_data)
{
  OpData *op = user_data;

  op->timeout_id = 0;
  op->timed_out = TRUE;
  g_debug ("The Secret Service did not answer in time");
  g_cancellable_cancel (op->inner);
  return G_SOURCE_REMOVE;
}

static void
on_outer_cancelled_cb (GCancellable *outer,
                       gpointer      user_data)
{
  /* May run in any thread, but the inner cancellable is thread-safe. */
  g_cancellable_cancel (G_CANCELLABLE (user_data));
}

static void
on_stored_cb (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  g_autoptr(GError) error = NULL;

  if (!secret_password_store_finish (result, &error))
    {
      /* libsecret answers FALSE without an error when a prompt to unlock
       * was dismissed (no display): the collection stayed locked */
      if (error == NULL)
        error = g_error_new_literal (SECRET_ERROR, SECRET_ERROR_IS_LOCKED, "not stored: the collection is locked");
      return_error (task, error);
    }
  else
    g_task_return_boolean (task, TRUE);
}

static void
on_looked_up_cb (GObject      *source,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  OpData *op = g_task_get_task_data (task);
  g_autoptr(GError) error = NULL;
  char *secret;

  secret = secret_password_lookup_finish (result, &error);
  if (error != NULL)
    {
      return_error (task, error);
      return;
    }
  if (secret == NULL && !op->legacy)
    {
      op->legacy = TRUE;
      secret_password_lookup (get_legacy_schema (), op->inner, on_looked_up_cb,
                              g_steal_pointer (&task),
                              "service", op->service, "account", op->account, NULL);
      return;
    }
  /* NULL without an error: nothing stored (or an unlocked-never keyring,
   * which cannot hold anything either) */
  g_task_return_pointer (task, secret != NULL ? g_strdup (secret) : NULL,
                         (GDestroyNotify) vigil_credential_free_secret);
  secret_password_free (secret);
}

static void
on_cleared_cb (GObject      *source,
               GAsyncResult *result,
               gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  OpData *op = g_task_get_task_data (task);
  g_autoptr(GError) error = NULL;

  /* FALSE without an error: there was nothing to remove */
  if (!secret_password_clear_finish (result, &error) && error != NULL)
    return_error (task, error);
  else if (!op->legacy)
    {
      op->legacy = TRUE;
      secret_password_clear (get_legacy_schema (), op->inner, on_cleared_cb, g_steal_pointer (&task),
                             "service", op->service, "account", op->account, NULL);
    }
  else
    g_task_return_boolean (task, TRUE);
}

static void
on_bus_cb (GObject      *source,
           GAsyncResult *result,
           gpointer      user_data)
{
  GTask *task = user_data;
  OpData *op = g_task_get_task_data (task);
  g_autoptr(GDBusConnection) bus = NULL;
  g_autoptr(GHashTable) attributes = NULL;
  g_autoptr(GError) error = NULL;

  bus = g_bus_get_finish (result, &error);
  if (bus == NULL)
    {
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        return_error (task, error);
      else
        {
          g_debug ("No session bus: %s", error->message);
          g_task_return_new_error (task, VIGIL_CREDENTIAL_ERROR, VIGIL_CREDENTIAL_ERROR_NO_BUS,
                                   "%s",
                                   _("There is no desktop session bus (D-Bus), so the keyring "
                                     "can’t be reached. Start Vigil from a desktop session."));
        }
      g_object_unref (task);
      return;
    }

  attributes = make_attributes (op->service, op->account);
  switch (op->kind)
    {
    case OP_STORE:
      {
        g_autofree char *label = NULL;
        const char *instance = g_hash_table_lookup (attributes, "instance");

        label = g_strdup_printf (_("Vigil: %s of %s account %s%s%s"),
                                 (const char *) g_hash_table_lookup (attributes, "purpose"),
                                 (const char *) g_hash_table_lookup (attributes, "platform"),
                                 (const char *) g_hash_table_lookup (attributes, "account"),
                                 *instance != '\0' ? "@" : "", instance);
        secret_password_storev (get_schema (), attributes, SECRET_COLLECTION_DEFAULT, label,
                                op->secret, op->inner, on_stored_cb, task);
      }
      break;
    case OP_LOOKUP:
      secret_password_lookupv (get_schema (), attributes, op->inner, on_looked_up_cb, task);
      break;
    case OP_CLEAR:
      secret_password_clearv (get_schema (), attributes, op->inner, on_cleared_cb, task);
      break;
    default:
      g_assert_not_reached ();
    }
}

static void
start_op (VigilSecretCredentialStore *self,
          OpKind                      kind,
          gpointer                    source_tag,
          const char                 *service,
          const char                 *account,
          const char                 *secret,
          GCancellable               *cancellable,
          GAsyncReadyCallback         callback,
          gpointer                    user_data)
{
  g_autoptr(GTask) task = g_task_new (self, cancellable, callback, user_data);
  GError *error = NULL;
  OpData *op;

  g_task_set_source_tag (task, source_tag);
  if (kind == OP_STORE && secret == NULL)
    secret = "";
  if (!vigil_credential_check_key (service, account, kind == OP_STORE ? secret : NULL, &error))
    {
      g_task_return_error (task, error);
      return;
    }

  op = g_new0 (OpData, 1);
  op->kind = kind;
  op->service = g_strdup (service);
  op->account = g_strdup (account);
  op->secret = g_strdup (secret);
  op->inner = g_cancellable_new ();
  if (cancellable != NULL)
    {
      op->outer = g_object_ref (cancellable);
      op->outer_handler = g_cancellable_connect (cancellable, G_CALLBACK (on_outer_cancelled_cb),
                                                 g_object_ref (op->inner), g_object_unref);
    }
  op->timeout_id = g_timeout_add (VIGIL_SECRET_CREDENTIAL_TIMEOUT_MS, on_timeout_cb, op);
  g_task_set_task_data (task, op, (GDestroyNotify) op_data_free);

  g_bus_get (G_BUS_TYPE_SESSION, op->inner, on_bus_cb, g_steal_pointer (&task));
}

static void
secret_store_async (VigilCredentialStore *store,
                    const char           *service,
                    const char           *account,
                    const char           *secret,
                    GCancellable         *cancellable,
                    GAsyncReadyCallback   callback,
                    gpointer              user_data)
{
  start_op (VIGIL_SECRET_CREDENTIAL_STORE (store), OP_STORE, secret_store_async,
            service, account, secret, cancellable, callback, user_data);
}

static void
secret_lookup_async (VigilCredentialStore *store,
                     const char           *service,
                     const char           *account,
                     GCancellable         *cancellable,
                     GAsyncReadyCallback   callback,
                     gpointer              user_data)
{
  start_op (VIGIL_SECRET_CREDENTIAL_STORE (store), OP_LOOKUP, secret_lookup_async,
            service, account, NULL, cancellable, callback, user_data);
}

static void
secret_clear_async (VigilCredentialStore *store,
                    const char           *service,
                    const char           *account,
                    GCancellable         *cancellable,
                    GAsyncReadyCallback   callback,
                    gpointer              user_data)
{
  start_op (VIGIL_SECRET_CREDENTIAL_STORE (store), OP_CLEAR, secret_clear_async,
            service, account, NULL, cancellable, callback, user_data);
}

static void
credential_store_iface_init (VigilCredentialStoreInterface *iface)
{
  iface->store_async = secret_store_async;
  iface->lookup_async = secret_lookup_async;
  iface->clear_async = secret_clear_async;
}

static void
vigil_secret_credential_store_class_init (VigilSecretCredentialStoreClass *klass)
{
}

static void
vigil_secret_credential_store_init (VigilSecretCredentialStore *self)
{
}

VigilCredentialStore *
vigil_secret_credential_store_new (void)
{
  return g_object_new (VIGIL_TYPE_SECRET_CREDENTIAL_STORE, NULL);
}

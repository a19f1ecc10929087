/* vigil-dossier-service-keys.c: creating dossiers, their keys, retention
 *
 * The key of a dossier's originals lives in the credential store (the
 * Secret Service in the app), under VIGIL_DOSSIER_KEY_SERVICE and the
 * dossier id. On the retention date the originals (blobs) and the key are
 * deleted; the releases and the audit stay.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "vigil-dossier-service"

#include "config.h"

#include <string.h>
#include <glib/gi18n-lib.h>

#include "vigil-dossier-cipher.h"
#include "vigil-dossier-service-private.h"
#include "vigil-redaction-lexicon.h"

typedef struct
{
  char  *id;
  char  *candidate;
  char  *purpose;
  char  *locale;
  char  *key;
  guint  categories;
} CreateData;

static void
create_data_free (gpointer data)
{
  CreateData *d = data;

  g_free (d->id);
  g_free (d->candidate);
  g_free (d->purpose);
  g_free (d->locale);
  if (d->key)
    memset (d->key, 0, strlen (d->key));
  g_free (d->key);
  g_free (d);
}

static void
create_stored_cb (GObject      *source,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  VigilDossierService *self = g_task_get_source_object (task);
  CreateData *d = g_task_get_task_data (task);
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonBuilder) b = NULL;
  guint categories = d->categories ? d->categories : VIGIL_REDACTION_MASK_PROTECTED;
  gint64 now;

  if (!vigil_credential_store_store_finish (VIGIL_CREDENTIAL_STORE (source), result, &error))
    {
      g_task_return_new_error (task, VIGIL_DOSSIER_ERROR, VIGIL_DOSSIER_ERROR_NO_KEY,
                               _("The dossier was not created: its key could not be saved in your keyring (%s)."),
                               error->message);
      return;
    }
  g_hash_table_insert (self->keys, g_strdup (d->id), g_strdup (d->key));

  now = vigil_context_now_us (self->context);
  b = _vigil_dossier_begin_event (NULL, "created");
  _vigil_dossier_add_str (b, "candidate", d->candidate);
  _vigil_dossier_add_str (b, "purpose", d->purpose);
  _vigil_dossier_add_str (b, "locale", d->locale);
  _vigil_dossier_add_int (b, "retention_us", now + VIGIL_DOSSIER_RETENTION_US);
  json_builder_set_member_name (b, "categories");
  json_builder_begin_array (b);
  for (guint c = 0; c < VIGIL_REDACTION_MANUAL; c++)
    if (categories & VIGIL_REDACTION_MASK (c))
      json_builder_add_string_value (b, vigil_redaction_category_to_id (c));
  json_builder_end_array (b);
  if (!_vigil_dossier_append (self, d->id, NULL, b, &error))
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }
  g_task_return_pointer (task, g_object_ref (vigil_dossier_service_lookup (self, d->id)), g_object_unref);
}

void
vigil_dossier_service_create_async (VigilDossierService *self,
                                    const char          *candidate,
                                    const char          *purpose,
                                    const char          *locale,
                                    guint                categories,
                                    GCancellable        *cancellable,
                                    GAsyncReadyCallback  callback,
                                    gpointer             user_data)
{
  g_autoptr(GTask) task = g_task_new (self, cancellable, callback, user_data);
  g_autoptr(GError) error = NULL;
  CreateData *d;

  g_task_set_source_tag (task, vigil_dossier_service_create_async);
  if (!candidate || !*candidate || strlen (candidate) > 200 || (purpose && strlen (purpose) > 2000))
    {
      g_task_return_new_error (task, VIGIL_DOSSIER_ERROR, VIGIL_DOSSIER_ERROR_INVALID,
                               _("Give the candidate's HR reference (not the name), at most 200 characters."));
      return;
    }
  if (locale && !g_strv_contains (vigil_redaction_lexicon_list_locales (), locale))
    {
      g_task_return_new_error (task, VIGIL_DOSSIER_ERROR, VIGIL_DOSSIER_ERROR_INVALID,
                               _("There are no redaction rules for “%s”."), locale);
      return;
    }
  d = g_new0 (CreateData, 1);
  d->id = g_uuid_string_random ();
  d->candidate = g_strdup (candidate);
  d->purpose = g_strdup (purpose ? purpose : "");
  d->locale = g_strdup (locale ? locale : "en");
  d->categories = categories;
  g_task_set_task_data (task, d, create_data_free);
  if (!(d->key = vigil_dossier_cipher_new_key (&error)))
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }
  vigil_credential_store_store_async (self->credentials, VIGIL_DOSSIER_KEY_SERVICE, d->id, d->key,
                                      cancellable, create_stored_cb, g_steal_pointer (&task));
}

VigilDossier *
vigil_dossier_service_create_finish (VigilDossierService  *self,
                                     GAsyncResult         *result,
                                     GError              **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);
  return g_task_propagate_pointer (G_TASK (result), error);
}

static void
unlock_cb (GObject      *source,
           GAsyncResult *result,
           gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  VigilDossierService *self = g_task_get_source_object (task);
  const char *id = g_task_get_task_data (task);
  g_autoptr(GError) error = NULL;
  char *key = vigil_credential_store_lookup_finish (VIGIL_CREDENTIAL_STORE (source), result, &error);

  if (error)
    {
      g_task_return_new_error (task, VIGIL_DOSSIER_ERROR, VIGIL_DOSSIER_ERROR_NO_KEY,
                               _("The originals can't be opened: the keyring did not answer (%s). "
                                 "The releases and the audit are still available."), error->message);
      return;
    }
  if (!key)
    {
      g_task_return_new_error (task, VIGIL_DOSSIER_ERROR, VIGIL_DOSSIER_ERROR_NO_KEY,
                               _("The originals are encrypted and their key is not in your keyring. "
                                 "Only the researcher who created this dossier can open them; "
                                 "the releases and the audit are still available."));
      return;
    }
  g_hash_table_insert (self->keys, g_strdup (id), g_strdup (key));
  vigil_credential_free_secret (key);
  g_task_return_boolean (task, TRUE);
}

void
vigil_dossier_service_unlock_async (VigilDossierService *self,
                                    VigilDossier        *dossier,
                                    GCancellable        *cancellable,
                                    GAsyncReadyCallback  callback,
                                    gpointer             user_data)
{
  g_autoptr(GTask) task = g_task_new (self, cancellable, callback, user_data);
  g_autoptr(GError) error = NULL;

  g_task_set_source_tag (task, vigil_dossier_service_unlock_async);
  g_task_set_task_data (task, g_strdup (vigil_dossier_get_id (dossier)), g_free);
  if (vigil_dossier_get_originals_deleted (dossier))
    {
      g_task_return_new_error (task, VIGIL_DOSSIER_ERROR, VIGIL_DOSSIER_ERROR_DELETED,
                               _("The originals of this dossier were deleted on its retention date; "
                                 "only the releases and the audit remain."));
      return;
    }
  if (vigil_dossier_service_is_unlocked (self, dossier))
    {
      g_task_return_boolean (task, TRUE);
      return;
    }
  vigil_credential_store_lookup_async (self->credentials, VIGIL_DOSSIER_KEY_SERVICE,
                                       vigil_dossier_get_id (dossier), cancellable,
                                       unlock_cb, g_steal_pointer (&task));
}

gboolean
vigil_dossier_service_unlock_finish (VigilDossierService  *self,
                                     GAsyncResult         *result,
                                     GError              **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);
  return g_task_propagate_boolean (G_TASK (result), error);
}

gboolean
vigil_dossier_service_is_unlocked (VigilDossierService *self,
                                   VigilDossier        *dossier)
{
  return g_hash_table_contains (self->keys, vigil_dossier_get_id (dossier));
}

void
vigil_dossier_service_lock (VigilDossierService *self,
                            VigilDossier        *dossier)
{
  g_hash_table_remove (self->keys, vigil_dossier_get_id (dossier));
}

/* --- Retention --------------------------------------------------------- */

static gboolean
has_event (VigilDossier *dossier,
           const char   *event)
{
  GPtrArray *audit = vigil_dossier_get_audit (dossier);
  g_autofree char *needle = g_strdup_printf ("\"event\":\"%s\"", event);

  for (guint i = 0; i < audit->len; i++)
    if (strstr (((VigilRecord *) audit->pdata[i])->body, needle))
      return TRUE;
  return FALSE;
}

GPtrArray *
vigil_dossier_service_list_due (VigilDossierService *self)
{
  GPtrArray *due = g_ptr_array_new_with_free_func (g_object_unref);
  gint64 now = vigil_context_now_us (self->context);

  for (guint i = 0; i < self->dossiers->len; i++)
    {
      VigilDossier *d = self->dossiers->pdata[i];

      if (!vigil_dossier_get_originals_deleted (d) &&
          now >= vigil_dossier_get_retention_us (d) - VIGIL_DOSSIER_REMINDER_US)
        g_ptr_array_add (due, g_object_ref (d));
    }
  return due;
}

static void
key_cleared_cb (GObject      *source,
                GAsyncResult *result,
                gpointer      user_data)
{
  g_autoptr(GError) error = NULL;

  if (!vigil_credential_store_clear_finish (VIGIL_CREDENTIAL_STORE (source), result, &error))
    g_warning ("Could not remove a dossier key from the keyring: %s", error->message);
}

guint
vigil_dossier_service_apply_retention (VigilDossierService  *self,
                                       GError              **error)
{
  g_autoptr(GPtrArray) due = vigil_dossier_service_list_due (self);
  gint64 now = vigil_context_now_us (self->context);
  guint deleted = 0;

  for (guint i = 0; i < due->len; i++)
    {
      VigilDossier *d = due->pdata[i];
      const char *id = vigil_dossier_get_id (d);
      g_autoptr(JsonBuilder) b = NULL;
      guint blobs = 0;

      if (now < vigil_dossier_get_retention_us (d))
        {
          if (has_event (d, "retention-reminder"))
            continue;
          b = _vigil_dossier_begin_event (d, "retention-reminder");
          _vigil_dossier_add_int (b, "retention_us", vigil_dossier_get_retention_us (d));
          if (!_vigil_dossier_append (self, id, d, b, error))
            return deleted;
          continue;
        }

      for (guint item = 1; item <= vigil_dossier_get_n_items (d); item++)
        for (guint p = 0; p < 2; p++)
          {
            g_autofree char *name = g_strdup_printf ("%s/%u/%s", id, item, p ? "image" : "text");
            g_autoptr(GBytes) had = vigil_store_get_blob (self->store, VIGIL_DOSSIER_BLOB_KIND, name, NULL);

            if (!had)
              continue;
            if (!vigil_store_delete_blob (self->store, VIGIL_DOSSIER_BLOB_KIND, name, error))
              return deleted;
            blobs++;
          }
      g_hash_table_remove (self->keys, id);
      vigil_credential_store_clear_async (self->credentials, VIGIL_DOSSIER_KEY_SERVICE, id,
                                          NULL, key_cleared_cb, NULL);
      b = _vigil_dossier_begin_event (d, "retention-deleted");
      _vigil_dossier_add_int (b, "blobs", blobs);
      if (!_vigil_dossier_append (self, id, d, b, error))
        return deleted;
      deleted++;
    }
  return deleted;
}

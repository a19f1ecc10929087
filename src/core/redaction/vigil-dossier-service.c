/* vigil-dossier-service.c: dossiers in the journal, originals encrypted
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "vigil-dossier-service"

#include "config.h"

#include <string.h>
#include <glib/gi18n-lib.h>
#include <json-glib/json-glib.h>

#include "vigil-dossier-cipher.h"
#include "vigil-dossier-export.h"
#include "vigil-dossier-private.h"
#include "vigil-dossier-service.h"
#include "vigil-dossier-service-private.h"
#include "vigil-redactor.h"


enum { PROP_0, PROP_CONTEXT, N_PROPS };
static GParamSpec *properties[N_PROPS];

static void list_model_iface_init (GListModelInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (VigilDossierService, vigil_dossier_service, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (G_TYPE_LIST_MODEL, list_model_iface_init))

G_DEFINE_QUARK (vigil-dossier-error-quark, vigil_dossier_error)

static void
wipe_free (gpointer data)
{
  char *s = data;

  if (s)
    memset (s, 0, strlen (s));
  g_free (s);
}

/* --- GListModel -------------------------------------------------------- */

static GType
get_item_type (GListModel *model)
{
  return VIGIL_TYPE_DOSSIER;
}

static guint
get_n_items (GListModel *model)
{
  return VIGIL_DOSSIER_SERVICE (model)->dossiers->len;
}

static gpointer
get_item (GListModel *model,
          guint       position)
{
  VigilDossierService *self = VIGIL_DOSSIER_SERVICE (model);

  if (position >= self->dossiers->len)
    return NULL;
  return g_object_ref (self->dossiers->pdata[position]);
}

static void
list_model_iface_init (GListModelInterface *iface)
{
  iface->get_item_type = get_item_type;
  iface->get_n_items = get_n_items;
  iface->get_item = get_item;
}

/* --- Replay ------------------------------------------------------------ */

static void
apply_record (VigilDossierService *self,
              const VigilRecord   *record)
{
  VigilDossier *dossier;

  if (g_strcmp0 (record->kind, VIGIL_DOSSIER_KIND) != 0 || !record->key)
    return;
  dossier = g_hash_table_lookup (self->by_id, record->key);
  if (!dossier)
    {
      dossier = _vigil_dossier_new (record->key);
      g_hash_table_insert (self->by_id, g_strdup (record->key), dossier);
      g_ptr_array_add (self->dossiers, dossier);
      _vigil_dossier_apply (dossier, record);
      g_list_model_items_changed (G_LIST_MODEL (self), self->dossiers->len - 1, 0, 1);
      return;
    }
  if (record->version <= vigil_dossier_get_version (dossier))
    return;   /* already applied (our own append) */
  _vigil_dossier_apply (dossier, record);
}

static void
on_record_appended (VigilStore  *store,
                    VigilRecord *record,
                    gpointer     user_data)
{
  apply_record (VIGIL_DOSSIER_SERVICE (user_data), record);
}

static void
vigil_dossier_service_constructed (GObject *object)
{
  VigilDossierService *self = VIGIL_DOSSIER_SERVICE (object);
  g_autoptr(GPtrArray) records = NULL;
  g_autoptr(GError) error = NULL;

  G_OBJECT_CLASS (vigil_dossier_service_parent_class)->constructed (object);

  g_assert (self->context);
  self->store = g_object_ref (vigil_context_get_store (self->context));
  self->credentials = g_object_ref (vigil_context_get_credentials (self->context));
  records = vigil_store_list_records (self->store, VIGIL_DOSSIER_KIND, NULL, 0, 0, &error);
  if (!records)
    g_warning ("Could not read the dossiers: %s", error->message);
  for (guint i = 0; records && i < records->len; i++)
    apply_record (self, records->pdata[i]);
  self->appended_id = g_signal_connect (self->store, "record-appended",
                                        G_CALLBACK (on_record_appended), self);
}

static void
vigil_dossier_service_dispose (GObject *object)
{
  VigilDossierService *self = VIGIL_DOSSIER_SERVICE (object);

  if (self->store && self->appended_id)
    g_clear_signal_handler (&self->appended_id, self->store);
  g_clear_object (&self->store);
  g_clear_object (&self->credentials);

  G_OBJECT_CLASS (vigil_dossier_service_parent_class)->dispose (object);
}

static void
vigil_dossier_service_finalize (GObject *object)
{
  VigilDossierService *self = VIGIL_DOSSIER_SERVICE (object);

  g_hash_table_unref (self->by_id);
  g_hash_table_unref (self->keys);
  g_hash_table_unref (self->redactors);
  g_ptr_array_unref (self->dossiers);

  G_OBJECT_CLASS (vigil_dossier_service_parent_class)->finalize (object);
}

static void
vigil_dossier_service_set_property (GObject      *object,
                                    guint         prop_id,
                                    const GValue *value,
                                    GParamSpec   *pspec)
{
  if (prop_id == PROP_CONTEXT)
    VIGIL_DOSSIER_SERVICE (object)->context = g_value_get_object (value);
  else
    G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
}

static void
vigil_dossier_service_get_property (GObject    *object,
                                    guint       prop_id,
                                    GValue     *value,
                                    GParamSpec *pspec)
{
  if (prop_id == PROP_CONTEXT)
    g_value_set_object (value, VIGIL_DOSSIER_SERVICE (object)->context);
  else
    G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
}

static void
vigil_dossier_service_class_init (VigilDossierServiceClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->constructed = vigil_dossier_service_constructed;
  object_class->dispose = vigil_dossier_service_dispose;
  object_class->finalize = vigil_dossier_service_finalize;
  object_class->set_property = vigil_dossier_service_set_property;
  object_class->get_property = vigil_dossier_service_get_property;

  /* Held without a reference: the context owns its services. */
  properties[PROP_CONTEXT] =
    g_param_spec_object ("context", NULL, NULL, VIGIL_TYPE_CONTEXT,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
vigil_dossier_service_init (VigilDossierService *self)
{
  self->dossiers = g_ptr_array_new_with_free_func (g_object_unref);
  self->by_id = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  self->keys = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, wipe_free);
  self->redactors = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_object_unref);
}

VigilDossierService *
vigil_dossier_service_get (VigilContext *context)
{
  g_return_val_if_fail (VIGIL_IS_CONTEXT (context), NULL);
  return vigil_context_ensure_service (context, VIGIL_TYPE_DOSSIER_SERVICE);
}

VigilContext *
vigil_dossier_service_get_context (VigilDossierService *self)
{
  g_return_val_if_fail (VIGIL_IS_DOSSIER_SERVICE (self), NULL);
  return self->context;
}

VigilDossier *
vigil_dossier_service_lookup (VigilDossierService *self,
                              const char          *id)
{
  g_return_val_if_fail (VIGIL_IS_DOSSIER_SERVICE (self), NULL);
  return id ? g_hash_table_lookup (self->by_id, id) : NULL;
}

/* --- Appending --------------------------------------------------------- */

JsonBuilder *
_vigil_dossier_begin_event (VigilDossier *dossier,
             const char   *event)
{
  JsonBuilder *b = json_builder_new ();

  json_builder_begin_object (b);
  json_builder_set_member_name (b, "event");
  json_builder_add_string_value (b, event);
  json_builder_set_member_name (b, "prev");
  json_builder_add_string_value (b, dossier ? _vigil_dossier_get_head (dossier) : "");
  return b;
}

void
_vigil_dossier_add_int (JsonBuilder *b, const char *name, gint64 v)
{
  json_builder_set_member_name (b, name);
  json_builder_add_int_value (b, v);
}

void
_vigil_dossier_add_str (JsonBuilder *b, const char *name, const char *v)
{
  json_builder_set_member_name (b, name);
  json_builder_add_string_value (b, v ? v : "");
}

gboolean
_vigil_dossier_append (VigilDossierService  *self,
        const char           *id,
        VigilDossier         *dossier,
        JsonBuilder          *b,
        GError              **error)
{
  g_autoptr(JsonGenerator) gen = json_generator_new ();
  g_autoptr(JsonNode) root = NULL;
  g_autoptr(VigilRecord) record = NULL;
  g_autofree char *body = NULL;

  json_builder_end_object (b);
  root = json_builder_get_root (b);
  json_generator_set_root (gen, root);
  body = json_generator_to_data (gen, NULL);
  if (!vigil_store_append_record (self->store, VIGIL_DOSSIER_KIND, id,
                                  dossier ? vigil_dossier_get_version (dossier) : 0,
                                  vigil_context_get_actor (self->context),
                                  vigil_context_now_us (self->context),
                                  body, &record, error))
    return FALSE;
  apply_record (self, record);
  return TRUE;
}

const char *
_vigil_dossier_key_for (VigilDossierService  *self,
         VigilDossier         *dossier,
         GError              **error)
{
  const char *key;

  if (vigil_dossier_get_originals_deleted (dossier))
    {
      g_set_error (error, VIGIL_DOSSIER_ERROR, VIGIL_DOSSIER_ERROR_DELETED,
                   _("The originals of this dossier were deleted on its retention date; "
                     "only the releases and the audit remain."));
      return NULL;
    }
  key = g_hash_table_lookup (self->keys, vigil_dossier_get_id (dossier));
  if (!key)
    g_set_error (error, VIGIL_DOSSIER_ERROR, VIGIL_DOSSIER_ERROR_NO_KEY,
                 _("The originals are encrypted and their key is not in your keyring. "
                   "Only the researcher who created this dossier can open them; "
                   "the releases and the audit are still available."));
  return key;
}

static VigilRedactor *
redactor_for (VigilDossierService  *self,
              VigilDossier         *dossier,
              GError              **error)
{
  const char *locale = vigil_dossier_get_locale (dossier);
  VigilRedactor *r = g_hash_table_lookup (self->redactors, locale);

  if (!r)
    {
      r = vigil_redactor_new_for_locale (locale, error);
      if (!r)
        return NULL;
      g_hash_table_insert (self->redactors, g_strdup (locale), r);
    }
  return r;
}

static char *
blob_name (VigilDossier *dossier,
           guint         item,
           const char   *part)
{
  return g_strdup_printf ("%s/%u/%s", vigil_dossier_get_id (dossier), item, part);
}

static gboolean
put_sealed (VigilDossierService  *self,
            VigilDossier         *dossier,
            const char           *key,
            guint                 item,
            const char           *part,
            GBytes               *plain,
            char                **sha256,
            GError              **error)
{
  g_autofree char *name = blob_name (dossier, item, part);
  g_autoptr(GBytes) sealed = vigil_dossier_cipher_seal (key, name, plain, error);

  if (!sealed)
    return FALSE;
  if (sha256)
    *sha256 = g_compute_checksum_for_bytes (G_CHECKSUM_SHA256, sealed);
  return vigil_store_put_blob (self->store, VIGIL_DOSSIER_BLOB_KIND, name, sealed, error);
}

static void
add_spans (JsonBuilder *b,
           GArray      *spans)
{
  json_builder_set_member_name (b, "spans");
  json_builder_begin_array (b);
  for (guint i = 0; i < spans->len; i++)
    {
      const VigilRedactionSpan *s = &g_array_index (spans, VigilRedactionSpan, i);

      json_builder_begin_object (b);
      _vigil_dossier_add_int (b, "id", i + 1);
      _vigil_dossier_add_int (b, "start", s->start);
      _vigil_dossier_add_int (b, "end", s->end);
      _vigil_dossier_add_str (b, "category", vigil_redaction_category_to_id (s->category));
      _vigil_dossier_add_str (b, "reason", s->reason);
      json_builder_end_object (b);
    }
  json_builder_end_array (b);
}

/* The sealed text part: {"text": …, "url": …}. */
static GBytes *
text_part (const char *text,
           const char *url)
{
  g_autoptr(JsonBuilder) b = json_builder_new ();
  g_autoptr(JsonGenerator) gen = json_generator_new ();
  g_autoptr(JsonNode) root = NULL;
  char *data;

  json_builder_begin_object (b);
  _vigil_dossier_add_str (b, "text", text);
  _vigil_dossier_add_str (b, "url", url);
  json_builder_end_object (b);
  root = json_builder_get_root (b);
  json_generator_set_root (gen, root);
  data = json_generator_to_data (gen, NULL);
  return g_bytes_new_take (data, strlen (data));
}

static gboolean
check_text (const char  *text,
            gboolean     may_be_empty,
            GError     **error)
{
  g_autofree char *trimmed = text ? g_strstrip (g_strdup (text)) : NULL;

  if (!text || (!may_be_empty && !*trimmed))
    {
      g_set_error (error, VIGIL_DOSSIER_ERROR, VIGIL_DOSSIER_ERROR_INVALID,
                   _("The text is empty: paste the post or profile text first."));
      return FALSE;
    }
  if (strlen (text) > VIGIL_DOSSIER_MAX_TEXT_BYTES || !g_utf8_validate (text, -1, NULL))
    {
      g_set_error (error, VIGIL_DOSSIER_ERROR, VIGIL_DOSSIER_ERROR_INVALID,
                   _("The text must be UTF-8 and at most %d bytes; split a longer text into several items."),
                   VIGIL_DOSSIER_MAX_TEXT_BYTES);
      return FALSE;
    }
  return TRUE;
}

gboolean
vigil_dossier_service_add_text (VigilDossierService  *self,
                                VigilDossier         *dossier,
                                const char           *kind,
                                const char           *platform,
                                const char           *url,
                                const char           *text,
                                GError              **error)
{
  g_autoptr(JsonBuilder) b = NULL;
  g_autoptr(GArray) spans = NULL;
  g_autoptr(GBytes) part = NULL;
  g_autofree char *sha = NULL;
  VigilRedactor *r;
  const char *key;
  guint item;

  g_return_val_if_fail (VIGIL_IS_DOSSIER_SERVICE (self), FALSE);
  g_return_val_if_fail (VIGIL_IS_DOSSIER (dossier), FALSE);

  if (!check_text (text, FALSE, error) || !(key = _vigil_dossier_key_for (self, dossier, error)) ||
      !(r = redactor_for (self, dossier, error)))
    return FALSE;
  if (!(spans = vigil_redactor_detect (r, text, vigil_dossier_get_categories (dossier), error)))
    return FALSE;
  item = vigil_dossier_get_n_items (dossier) + 1;
  part = text_part (text, url);
  if (!put_sealed (self, dossier, key, item, "text", part, &sha, error))
    return FALSE;

  b = _vigil_dossier_begin_event (dossier, "item-added");
  _vigil_dossier_add_int (b, "item", item);
  _vigil_dossier_add_str (b, "kind", kind ? kind : "text");
  _vigil_dossier_add_str (b, "platform", platform);
  _vigil_dossier_add_int (b, "chars", g_utf8_strlen (text, -1));
  _vigil_dossier_add_str (b, "blob_sha256", sha);
  add_spans (b, spans);
  return _vigil_dossier_append (self, vigil_dossier_get_id (dossier), dossier, b, error);
}

gboolean
vigil_dossier_service_add_image (VigilDossierService  *self,
                                 VigilDossier         *dossier,
                                 GBytes               *image,
                                 const char           *description,
                                 GError              **error)
{
  g_autoptr(JsonBuilder) b = NULL;
  g_autoptr(GArray) spans = NULL;
  g_autoptr(GBytes) part = NULL;
  g_autofree char *sha = NULL;
  VigilRedactor *r;
  const char *key;
  guint item;

  g_return_val_if_fail (VIGIL_IS_DOSSIER_SERVICE (self), FALSE);
  g_return_val_if_fail (image, FALSE);

  if (g_bytes_get_size (image) == 0 || g_bytes_get_size (image) > VIGIL_DOSSIER_MAX_IMAGE_BYTES)
    {
      g_set_error (error, VIGIL_DOSSIER_ERROR, VIGIL_DOSSIER_ERROR_INVALID,
                   _("An image must be 1 byte to %d MB."), VIGIL_DOSSIER_MAX_IMAGE_BYTES / (1024 * 1024));
      return FALSE;
    }
  if (!description)
    description = "";
  if (!check_text (description, TRUE, error) || !(key = _vigil_dossier_key_for (self, dossier, error)) ||
      !(r = redactor_for (self, dossier, error)))
    return FALSE;
  if (!(spans = vigil_redactor_detect (r, description, vigil_dossier_get_categories (dossier), error)))
    return FALSE;
  item = vigil_dossier_get_n_items (dossier) + 1;
  part = text_part (description, NULL);
  if (!put_sealed (self, dossier, key, item, "image", image, &sha, error) ||
      !put_sealed (self, dossier, key, item, "text", part, NULL, error))
    return FALSE;

  b = _vigil_dossier_begin_event (dossier, "item-added");
  _vigil_dossier_add_int (b, "item", item);
  _vigil_dossier_add_str (b, "kind", "image");
  _vigil_dossier_add_str (b, "platform", "");
  _vigil_dossier_add_int (b, "chars", g_utf8_strlen (description, -1));
  _vigil_dossier_add_str (b, "blob_sha256", sha);
  add_spans (b, spans);
  return _vigil_dossier_append (self, vigil_dossier_get_id (dossier), dossier, b, error);
}

gboolean
vigil_dossier_service_describe_image (VigilDossierService  *self,
                                      VigilDossier         *dossier,
                                      guint                 index,
                                      const char           *description,
                                      GError              **error)
{
  const VigilDossierItem *item = vigil_dossier_get_item (dossier, index);
  g_autoptr(JsonBuilder) b = NULL;
  g_autoptr(GArray) spans = NULL;
  g_autoptr(GBytes) part = NULL;
  VigilRedactor *r;
  const char *key;

  if (!item || !g_str_equal (item->kind, "image"))
    {
      g_set_error (error, VIGIL_DOSSIER_ERROR, VIGIL_DOSSIER_ERROR_INVALID,
                   _("Item %u is not an image."), index);
      return FALSE;
    }
  if (!check_text (description, FALSE, error) || !(key = _vigil_dossier_key_for (self, dossier, error)) ||
      !(r = redactor_for (self, dossier, error)))
    return FALSE;
  if (!(spans = vigil_redactor_detect (r, description, vigil_dossier_get_categories (dossier), error)))
    return FALSE;
  part = text_part (description, NULL);
  if (!put_sealed (self, dossier, key, index, "text", part, NULL, error))
    return FALSE;
  b = _vigil_dossier_begin_event (dossier, "image-described");
  _vigil_dossier_add_int (b, "item", index);
  _vigil_dossier_add_int (b, "chars", g_utf8_strlen (description, -1));
  add_spans (b, spans);
  return _vigil_dossier_append (self, vigil_dossier_get_id (dossier), dossier, b, error);
}

char *
vigil_dossier_service_get_item_text (VigilDossierService  *self,
                                     VigilDossier         *dossier,
                                     guint                 index,
                                     char                **url,
                                     GError              **error)
{
  g_autofree char *name = NULL;
  g_autoptr(GBytes) sealed = NULL;
  g_autoptr(GBytes) plain = NULL;
  g_autoptr(JsonParser) parser = json_parser_new ();
  JsonObject *o;
  const char *key;

  if (!vigil_dossier_get_item (dossier, index))
    {
      g_set_error (error, VIGIL_DOSSIER_ERROR, VIGIL_DOSSIER_ERROR_INVALID,
                   _("The dossier has no item %u."), index);
      return NULL;
    }
  if (!(key = _vigil_dossier_key_for (self, dossier, error)))
    return NULL;
  name = blob_name (dossier, index, "text");
  sealed = vigil_store_get_blob (self->store, VIGIL_DOSSIER_BLOB_KIND, name, error);
  if (!sealed)
    {
      if (error && !*error)
        g_set_error (error, VIGIL_DOSSIER_ERROR, VIGIL_DOSSIER_ERROR_DELETED,
                     _("The original of item %u is no longer stored."), index);
      return NULL;
    }
  if (!(plain = vigil_dossier_cipher_open (key, name, sealed, error)))
    return NULL;
  if (!json_parser_load_from_data (parser, g_bytes_get_data (plain, NULL), g_bytes_get_size (plain), error))
    return NULL;
  o = json_node_get_object (json_parser_get_root (parser));
  if (url)
    *url = g_strdup (json_object_get_string_member_with_default (o, "url", ""));
  return g_strdup (json_object_get_string_member_with_default (o, "text", ""));
}

gboolean
vigil_dossier_service_decide (VigilDossierService  *self,
                              VigilDossier         *dossier,
                              guint                 index,
                              guint                 span,
                              gboolean              accept,
                              GError              **error)
{
  const VigilDossierItem *item = vigil_dossier_get_item (dossier, index);
  g_autoptr(JsonBuilder) b = NULL;

  for (guint i = 0; item && i < item->spans->len; i++)
    {
      const VigilDossierSpan *sp = &g_array_index (item->spans, VigilDossierSpan, i);

      if (sp->id != span)
        continue;
      if (sp->category == VIGIL_REDACTION_MANUAL)
        break;
      b = _vigil_dossier_begin_event (dossier, accept ? "suggestion-accepted" : "suggestion-rejected");
      _vigil_dossier_add_int (b, "item", index);
      _vigil_dossier_add_int (b, "span", span);
      _vigil_dossier_add_str (b, "category", vigil_redaction_category_to_id (sp->category));
      return _vigil_dossier_append (self, vigil_dossier_get_id (dossier), dossier, b, error);
    }
  g_set_error (error, VIGIL_DOSSIER_ERROR, VIGIL_DOSSIER_ERROR_INVALID,
               _("Item %u has no suggestion %u."), index, span);
  return FALSE;
}

guint
vigil_dossier_service_accept_all (VigilDossierService  *self,
                                  VigilDossier         *dossier,
                                  GError              **error)
{
  guint n = 0;

  for (guint i = 1; i <= vigil_dossier_get_n_items (dossier); i++)
    {
      const VigilDossierItem *item = vigil_dossier_get_item (dossier, i);

      for (guint k = 0; k < item->spans->len; k++)
        {
          const VigilDossierSpan *sp = &g_array_index (item->spans, VigilDossierSpan, k);

          if (sp->state != VIGIL_SUGGESTION_PENDING)
            continue;
          if (!vigil_dossier_service_decide (self, dossier, i, sp->id, TRUE, error))
            return n;
          n++;
          item = vigil_dossier_get_item (dossier, i);
        }
    }
  return n;
}

gboolean
vigil_dossier_service_add_manual_span (VigilDossierService  *self,
                                       VigilDossier         *dossier,
                                       guint                 index,
                                       guint                 start,
                                       guint                 end,
                                       GError              **error)
{
  const VigilDossierItem *item = vigil_dossier_get_item (dossier, index);
  g_autoptr(JsonBuilder) b = NULL;
  guint next = 1;

  if (!item || start >= end || end > item->n_chars)
    {
      g_set_error (error, VIGIL_DOSSIER_ERROR, VIGIL_DOSSIER_ERROR_INVALID,
                   _("Select some text of the item first."));
      return FALSE;
    }
  for (guint i = 0; i < item->spans->len; i++)
    next = MAX (next, g_array_index (item->spans, VigilDossierSpan, i).id + 1);
  b = _vigil_dossier_begin_event (dossier, "manual-span");
  _vigil_dossier_add_int (b, "item", index);
  _vigil_dossier_add_int (b, "span", next);
  _vigil_dossier_add_int (b, "start", start);
  _vigil_dossier_add_int (b, "end", end);
  _vigil_dossier_add_str (b, "category", "manual");
  return _vigil_dossier_append (self, vigil_dossier_get_id (dossier), dossier, b, error);
}


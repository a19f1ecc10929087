/* vigil-template-library.c: the crisis template library, kept in the store's journal
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "vigil-template-library"

#include "config.h"

#include <string.h>

#include <glib/gi18n.h>

#include "vigil-template-library.h"
#include "vigil-template-pack.h"
#include "vigil-template-service-private.h"

#define KIND_TEMPLATE   "template"
#define KIND_IMPORT     "template-import"
#define KIND_APPROVERS  "template-approvers"
#define KIND_DEFAULTS   "template-defaults"
#define DEFAULT_PACK_KEY "default-pack"
#define SYSTEM_ACTOR    "vigil"

typedef struct
{
  GPtrArray *revisions;   /* VigilTemplate, revision i+1 at index i */
  gint64     record_version; /* of (template, id): for compare-and-set */
} Entry;

struct _VigilTemplateLibrary
{
  GObject     parent_instance;

  GObject    *context;    /* not referenced: it owns us */
  VigilStore *store;
  gulong      appended_id;

  GHashTable *entries;    /* id → Entry */
  GPtrArray  *items;      /* latest revisions, sorted */
  GStrv       approvers;
  gint64      approvers_version;
  GHashTable *defaults;   /* name → value */
  gint64      defaults_version;
  gboolean    loaded;
};

static void list_model_iface_init (GListModelInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (VigilTemplateLibrary, vigil_template_library, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (G_TYPE_LIST_MODEL, list_model_iface_init))

enum {
  PROP_0,
  PROP_CONTEXT,
  PROP_STORE,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
entry_free (gpointer data)
{
  Entry *entry = data;

  g_ptr_array_unref (entry->revisions);
  g_free (entry);
}

/* --- GListModel ----------------------------------------------------------- */

static GType
get_item_type (GListModel *model)
{
  return VIGIL_TYPE_TEMPLATE;
}

static guint
get_n_items (GListModel *model)
{
  return VIGIL_TEMPLATE_LIBRARY (model)->items->len;
}

static gpointer
get_item (GListModel *model,
          guint       position)
{
  VigilTemplateLibrary *self = VIGIL_TEMPLATE_LIBRARY (model);

  if (position >= self->items->len)
    return NULL;
  return g_object_ref (g_ptr_array_index (self->items, position));
}

static void
list_model_iface_init (GListModelInterface *iface)
{
  iface->get_item_type = get_item_type;
  iface->get_n_items = get_n_items;
  iface->get_item = get_item;
}

/* --- Replay --------------------------------------------------------------- */

static Entry *
ensure_entry (VigilTemplateLibrary *self,
              const char           *id)
{
  Entry *entry = g_hash_table_lookup (self->entries, id);

  if (!entry)
    {
      entry = g_new0 (Entry, 1);
      entry->revisions = g_ptr_array_new_with_free_func (g_object_unref);
      g_hash_table_insert (self->entries, g_strdup (id), entry);
    }
  return entry;
}

static char *
content_of (VigilTemplate *template)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();

  vigil_template_to_json (template, builder, FALSE);
  return _vigil_template_service_builder_to_json (builder);
}

/* Adds template as the next revision of its id unless it equals the latest
 * (when skip_same). Returns TRUE when added. */
static gboolean
add_revision (VigilTemplateLibrary *self,
              VigilTemplate        *template,
              gboolean              skip_same,
              const VigilRecord    *record)
{
  Entry *entry = ensure_entry (self, vigil_template_get_id (template));

  if (skip_same && entry->revisions->len > 0)
    {
      g_autofree char *a = content_of (template);
      g_autofree char *b = content_of (g_ptr_array_index (entry->revisions, entry->revisions->len - 1));

      if (g_str_equal (a, b))
        return FALSE;
    }
  _vigil_template_set_saved (template, entry->revisions->len + 1, record->actor, record->at_us);
  g_ptr_array_add (entry->revisions, g_object_ref (template));
  return TRUE;
}

static JsonObject *
parse_body (const VigilRecord *record,
            JsonParser        *parser)
{
  JsonObject *body = _vigil_template_service_parse_record (record, parser);

  if (!body)
    g_warning ("journal record %" G_GINT64_FORMAT " (%s) is not a JSON object; skipped",
               record->seq, record->kind);
  return body;
}

static void
apply_record (VigilTemplateLibrary *self,
              const VigilRecord    *record)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;
  JsonObject *body = parse_body (record, parser);

  if (!body)
    return;

  if (g_str_equal (record->kind, KIND_TEMPLATE))
    {
      const char *op = json_object_get_string_member_with_default (body, "op", "");
      Entry *entry = ensure_entry (self, record->key);

      entry->record_version = record->version;
      if (g_str_equal (op, "save") && json_object_has_member (body, "template") &&
          JSON_NODE_HOLDS_OBJECT (json_object_get_member (body, "template")))
        {
          g_autoptr(VigilTemplate) template =
            vigil_template_new_from_json (json_object_get_object_member (body, "template"), &error);

          if (!template || !g_str_equal (vigil_template_get_id (template), record->key))
            g_warning ("journal record %" G_GINT64_FORMAT ": not a valid template; skipped", record->seq);
          else
            add_revision (self, template, FALSE, record);
        }
      else if (g_str_equal (op, "approve"))
        {
          gint64 rev = json_object_get_int_member_with_default (body, "revision", 0);

          if (rev >= 1 && rev <= entry->revisions->len)
            _vigil_template_set_approval (g_ptr_array_index (entry->revisions, rev - 1),
                                          record->actor, record->at_us);
        }
    }
  else if (g_str_equal (record->kind, KIND_IMPORT))
    {
      JsonArray *array = json_object_has_member (body, "templates") &&
                         JSON_NODE_HOLDS_ARRAY (json_object_get_member (body, "templates"))
                         ? json_object_get_array_member (body, "templates") : NULL;

      for (guint i = 0; array && i < json_array_get_length (array); i++)
        {
          JsonNode *node = json_array_get_element (array, i);
          g_autoptr(VigilTemplate) template = NULL;

          if (JSON_NODE_HOLDS_OBJECT (node) &&
              (template = vigil_template_new_from_json (json_node_get_object (node), NULL)))
            add_revision (self, template, TRUE, record);
        }
    }
  else if (g_str_equal (record->kind, KIND_APPROVERS))
    {
      JsonArray *array = json_object_has_member (body, "people") &&
                         JSON_NODE_HOLDS_ARRAY (json_object_get_member (body, "people"))
                         ? json_object_get_array_member (body, "people") : NULL;
      g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();

      for (guint i = 0; array && i < json_array_get_length (array); i++)
        {
          const char *person = json_node_get_string (json_array_get_element (array, i));
          if (person && *person)
            g_strv_builder_add (builder, person);
        }
      g_strfreev (self->approvers);
      self->approvers = g_strv_builder_end (builder);
      self->approvers_version = record->version;
    }
  else if (g_str_equal (record->kind, KIND_DEFAULTS))
    {
      JsonObject *values = json_object_has_member (body, "values") &&
                           JSON_NODE_HOLDS_OBJECT (json_object_get_member (body, "values"))
                           ? json_object_get_object_member (body, "values") : NULL;
      g_autoptr(GList) names = values ? json_object_get_members (values) : NULL;

      g_hash_table_remove_all (self->defaults);
      for (GList *l = names; l; l = l->next)
        {
          const char *value = json_object_get_string_member_with_default (values, l->data, NULL);
          if (value && *value)
            g_hash_table_insert (self->defaults, g_strdup (l->data), g_strdup (value));
        }
      self->defaults_version = record->version;
    }
}

static int
compare_templates (gconstpointer a,
                   gconstpointer b)
{
  VigilTemplate *x = *(VigilTemplate **) a, *y = *(VigilTemplate **) b;
  int c;

  if ((c = g_strcmp0 (vigil_template_get_scenario (x), vigil_template_get_scenario (y))))
    return c;
  if ((c = g_strcmp0 (vigil_template_get_kind (x), vigil_template_get_kind (y))))
    return c;
  if ((c = g_utf8_collate (vigil_template_get_title (x), vigil_template_get_title (y))))
    return c;
  return g_strcmp0 (vigil_template_get_id (x), vigil_template_get_id (y));
}

static void
rebuild_items (VigilTemplateLibrary *self)
{
  GHashTableIter iter;
  Entry *entry;
  guint old_n = self->items->len;

  g_ptr_array_set_size (self->items, 0);
  g_hash_table_iter_init (&iter, self->entries);
  while (g_hash_table_iter_next (&iter, NULL, (gpointer *) &entry))
    if (entry->revisions->len)
      g_ptr_array_add (self->items,
                       g_object_ref (g_ptr_array_index (entry->revisions, entry->revisions->len - 1)));
  g_ptr_array_sort (self->items, compare_templates);
  g_list_model_items_changed (G_LIST_MODEL (self), 0, old_n, self->items->len);
}

static int
compare_seq (gconstpointer a,
             gconstpointer b)
{
  const VigilRecord *x = *(VigilRecord **) a, *y = *(VigilRecord **) b;

  return x->seq < y->seq ? -1 : x->seq > y->seq;
}

static gboolean
replay (VigilTemplateLibrary  *self,
        GError               **error)
{
  static const char *kinds[] = { KIND_TEMPLATE, KIND_IMPORT, KIND_APPROVERS, KIND_DEFAULTS };
  g_autoptr(GPtrArray) all = g_ptr_array_new_with_free_func ((GDestroyNotify) vigil_record_free);

  for (guint k = 0; k < G_N_ELEMENTS (kinds); k++)
    {
      g_autoptr(GPtrArray) records = vigil_store_list_records (self->store, kinds[k], NULL, 0, 0, error);

      if (!records)
        return FALSE;
      for (guint i = 0; i < records->len; i++)
        g_ptr_array_add (all, vigil_record_copy (g_ptr_array_index (records, i)));
    }
  g_ptr_array_sort (all, compare_seq);

  g_hash_table_remove_all (self->entries);
  g_clear_pointer (&self->approvers, g_strfreev);
  self->approvers = g_new0 (char *, 1);
  self->approvers_version = 0;
  g_hash_table_remove_all (self->defaults);
  self->defaults_version = 0;
  for (guint i = 0; i < all->len; i++)
    apply_record (self, g_ptr_array_index (all, i));
  rebuild_items (self);
  return TRUE;
}

static void
on_record_appended_cb (VigilStore  *store,
                       VigilRecord *record,
                       gpointer     user_data)
{
  VigilTemplateLibrary *self = user_data;
  g_autoptr(GError) error = NULL;

  if (!self->loaded || !record || !g_str_has_prefix (record->kind, KIND_TEMPLATE))
    return;
  if (!replay (self, &error))
    g_warning ("could not reload the templates: %s", error->message);
}

static char *
pack_record_body (GPtrArray  *templates,
                  const char *source)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "source");
  json_builder_add_string_value (builder, source);
  json_builder_set_member_name (builder, "templates");
  json_builder_begin_array (builder);
  for (guint i = 0; i < templates->len; i++)
    vigil_template_to_json (g_ptr_array_index (templates, i), builder, FALSE);
  json_builder_end_array (builder);
  json_builder_end_object (builder);
  return _vigil_template_service_builder_to_json (builder);
}

gboolean
vigil_template_library_load (VigilTemplateLibrary  *self,
                             GError               **error)
{
  g_autoptr(GPtrArray) seeded = NULL;

  g_return_val_if_fail (VIGIL_IS_TEMPLATE_LIBRARY (self), FALSE);

  if (!(seeded = vigil_store_list_records (self->store, KIND_IMPORT, DEFAULT_PACK_KEY, 0, 1, error)))
    return FALSE;
  if (seeded->len == 0)
    {
      g_autoptr(GPtrArray) pack = NULL;
      g_autoptr(GError) local = NULL;
      g_autofree char *body = NULL;

      if (!(pack = vigil_template_pack_load_default (error)))
        return FALSE;
      body = pack_record_body (pack, "default-pack");
      /* version 0: only the first process to get here writes it */
      if (!vigil_store_append_record (self->store, KIND_IMPORT, DEFAULT_PACK_KEY, 0, SYSTEM_ACTOR,
                                      _vigil_template_service_now (self->context), body, NULL, &local) &&
          !g_error_matches (local, VIGIL_STORE_ERROR, VIGIL_STORE_ERROR_CONFLICT))
        {
          g_propagate_error (error, g_steal_pointer (&local));
          return FALSE;
        }
    }
  if (!replay (self, error))
    return FALSE;
  self->loaded = TRUE;
  return TRUE;
}

/* --- Queries -------------------------------------------------------------- */

VigilStore *
vigil_template_library_get_store (VigilTemplateLibrary *self)
{
  return self->store;
}

VigilTemplate *
vigil_template_library_get_revision (VigilTemplateLibrary *self,
                                     const char           *id,
                                     gint64                rev)
{
  Entry *entry = id ? g_hash_table_lookup (self->entries, id) : NULL;

  if (!entry || rev < 1 || rev > entry->revisions->len)
    return NULL;
  return g_ptr_array_index (entry->revisions, rev - 1);
}

VigilTemplate *
vigil_template_library_lookup (VigilTemplateLibrary *self,
                               const char           *id)
{
  Entry *entry = id ? g_hash_table_lookup (self->entries, id) : NULL;

  if (!entry || !entry->revisions->len)
    return NULL;
  return g_ptr_array_index (entry->revisions, entry->revisions->len - 1);
}

VigilTemplate *
vigil_template_library_lookup_approved (VigilTemplateLibrary *self,
                                        const char           *id)
{
  Entry *entry = id ? g_hash_table_lookup (self->entries, id) : NULL;

  for (guint i = entry ? entry->revisions->len : 0; i > 0; i--)
    if (vigil_template_get_approved (g_ptr_array_index (entry->revisions, i - 1)))
      return g_ptr_array_index (entry->revisions, i - 1);
  return NULL;
}

GPtrArray *
vigil_template_library_get_history (VigilTemplateLibrary *self,
                                    const char           *id)
{
  Entry *entry = id ? g_hash_table_lookup (self->entries, id) : NULL;
  GPtrArray *history = g_ptr_array_new_with_free_func (g_object_unref);

  for (guint i = 0; entry && i < entry->revisions->len; i++)
    g_ptr_array_add (history, g_object_ref (g_ptr_array_index (entry->revisions, i)));
  return history;
}

GPtrArray *
vigil_template_library_filter (VigilTemplateLibrary *self,
                               const char           *text,
                               const char           *scenario,
                               const char           *kind,
                               const char           *platform,
                               const char           *locale,
                               const char           *state)
{
  GPtrArray *out = g_ptr_array_new_with_free_func (g_object_unref);

  for (guint i = 0; i < self->items->len; i++)
    {
      VigilTemplate *t = g_ptr_array_index (self->items, i);

      if (vigil_template_matches (t, text, scenario, kind, platform, locale, state))
        g_ptr_array_add (out, g_object_ref (t));
    }
  return out;
}

/* --- Changes -------------------------------------------------------------- */

static gboolean
append (VigilTemplateLibrary  *self,
        const char            *kind,
        const char            *key,
        gint64                 expected,
        const char            *actor,
        const char            *body,
        GError               **error)
{
  g_autoptr(GError) local = NULL;

  if (vigil_store_append_record (self->store, kind, key, expected, actor,
                                 _vigil_template_service_now (self->context), body, NULL, &local))
    return replay (self, error);
  if (g_error_matches (local, VIGIL_STORE_ERROR, VIGIL_STORE_ERROR_CONFLICT))
    {
      replay (self, NULL);
      g_set_error (error, VIGIL_TEMPLATE_ERROR, VIGIL_TEMPLATE_ERROR_CONFLICT,
                   _("Someone else changed “%s” meanwhile; it was reloaded, try again"), key);
      return FALSE;
    }
  g_propagate_error (error, g_steal_pointer (&local));
  return FALSE;
}

VigilTemplate *
vigil_template_library_save (VigilTemplateLibrary  *self,
                             VigilTemplate         *draft,
                             gint64                 base_revision,
                             const char            *actor,
                             GError               **error)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonGenerator) generator = json_generator_new ();
  g_autoptr(JsonNode) root = NULL;
  g_autofree char *body = NULL;
  g_autoptr(VigilTemplate) checked = NULL;
  const char *id = vigil_template_get_id (draft);
  Entry *entry = g_hash_table_lookup (self->entries, id);
  gint64 current = entry ? entry->revisions->len : 0;

  g_return_val_if_fail (VIGIL_IS_TEMPLATE (draft), NULL);

  if (current != base_revision)
    {
      g_set_error (error, VIGIL_TEMPLATE_ERROR, VIGIL_TEMPLATE_ERROR_CONFLICT,
                   current && !base_revision
                   ? _("A template with the id “%s” already exists; choose another id")
                   : _("Someone else saved a newer version of “%s”; reopen it and edit that one"), id);
      return NULL;
    }

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "op");
  json_builder_add_string_value (builder, "save");
  json_builder_set_member_name (builder, "template");
  vigil_template_to_json (draft, builder, FALSE);
  json_builder_end_object (builder);
  root = json_builder_get_root (builder);

  /* what is written must read back: validate the exact body */
  if (!(checked = vigil_template_new_from_json (json_node_get_object (json_object_get_member (json_node_get_object (root), "template")), error)))
    return NULL;

  json_generator_set_root (generator, root);
  body = json_generator_to_data (generator, NULL);
  if (!append (self, KIND_TEMPLATE, id, entry ? entry->record_version : 0,
               _vigil_template_service_actor_or (self->context, actor), body, error))
    return NULL;
  return vigil_template_library_lookup (self, id);
}

gboolean
vigil_template_library_approve (VigilTemplateLibrary  *self,
                                const char            *id,
                                gint64                 rev,
                                const char            *actor,
                                GError               **error)
{
  Entry *entry = id ? g_hash_table_lookup (self->entries, id) : NULL;
  VigilTemplate *template;
  g_autofree char *body = NULL;

  actor = _vigil_template_service_actor_or (self->context, actor);
  if (!entry || !entry->revisions->len)
    {
      g_set_error (error, VIGIL_TEMPLATE_ERROR, VIGIL_TEMPLATE_ERROR_NOT_FOUND,
                   _("No template “%s” (run “vigil-cli template list”)"), id ? id : "");
      return FALSE;
    }
  if (rev == 0)
    rev = entry->revisions->len;
  if (rev != (gint64) entry->revisions->len)
    {
      g_set_error (error, VIGIL_TEMPLATE_ERROR, VIGIL_TEMPLATE_ERROR_NOT_FOUND,
                   _("Only the latest version of “%s” (v%u) can be approved"), id, entry->revisions->len);
      return FALSE;
    }
  template = g_ptr_array_index (entry->revisions, rev - 1);
  if (vigil_template_get_approved (template))
    {
      g_set_error (error, VIGIL_TEMPLATE_ERROR, VIGIL_TEMPLATE_ERROR_ALREADY,
                   _("Version %" G_GINT64_FORMAT " of “%s” was already approved by %s"),
                   rev, id, vigil_template_get_approved_by (template));
      return FALSE;
    }
  if (self->approvers[0] && !g_strv_contains ((const char * const *) self->approvers, actor))
    {
      g_set_error (error, VIGIL_TEMPLATE_ERROR, VIGIL_TEMPLATE_ERROR_NOT_PERMITTED,
                   _("%s may not approve templates; ask one of the approvers (%s)"),
                   actor, self->approvers[0]);
      return FALSE;
    }
  body = g_strdup_printf ("{\"op\":\"approve\",\"revision\":%" G_GINT64_FORMAT "}", rev);
  return append (self, KIND_TEMPLATE, id, entry->record_version, actor, body, error);
}

const char * const *
vigil_template_library_get_approvers (VigilTemplateLibrary *self)
{
  return (const char * const *) self->approvers;
}

gboolean
vigil_template_library_set_approvers (VigilTemplateLibrary  *self,
                                      const char * const    *people,
                                      const char            *actor,
                                      GError               **error)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autofree char *body = NULL;

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "people");
  json_builder_begin_array (builder);
  for (guint i = 0; people && people[i]; i++)
    if (*people[i])
      json_builder_add_string_value (builder, people[i]);
  json_builder_end_array (builder);
  json_builder_end_object (builder);
  body = _vigil_template_service_builder_to_json (builder);
  return append (self, KIND_APPROVERS, "default", self->approvers_version,
                 _vigil_template_service_actor_or (self->context, actor), body, error);
}

GHashTable *
vigil_template_library_dup_defaults (VigilTemplateLibrary *self)
{
  GHashTable *copy = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  GHashTableIter iter;
  gpointer name, value;

  g_hash_table_iter_init (&iter, self->defaults);
  while (g_hash_table_iter_next (&iter, &name, &value))
    g_hash_table_insert (copy, g_strdup (name), g_strdup (value));
  return copy;
}

gboolean
vigil_template_library_set_default (VigilTemplateLibrary  *self,
                                    const char            *name,
                                    const char            *value,
                                    const char            *actor,
                                    GError               **error)
{
  g_autoptr(GHashTable) values = vigil_template_library_dup_defaults (self);
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autofree char *body = NULL;
  g_autoptr(GList) names = NULL;
  g_autofree char *probe = name ? g_strdup_printf ("{%s}", name) : NULL;
  g_autoptr(GPtrArray) used = vigil_template_text_variables (probe);

  if (used->len != 1 || (value && strlen (value) > 1024))
    {
      g_set_error (error, VIGIL_TEMPLATE_ERROR, VIGIL_TEMPLATE_ERROR_INVALID,
                   _("“%s” is not a variable name (lowercase letters, digits and _), or its value is over 1024 bytes"),
                   name ? name : "");
      return FALSE;
    }
  if (value && *value)
    g_hash_table_insert (values, g_strdup (name), g_utf8_make_valid (value, -1));
  else
    g_hash_table_remove (values, name);

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "values");
  json_builder_begin_object (builder);
  names = g_hash_table_get_keys (values);
  names = g_list_sort (names, (GCompareFunc) g_strcmp0);
  for (GList *l = names; l; l = l->next)
    {
      json_builder_set_member_name (builder, l->data);
      json_builder_add_string_value (builder, g_hash_table_lookup (values, l->data));
    }
  json_builder_end_object (builder);
  json_builder_end_object (builder);
  body = _vigil_template_service_builder_to_json (builder);
  return append (self, KIND_DEFAULTS, "default", self->defaults_version,
                 _vigil_template_service_actor_or (self->context, actor), body, error);
}

gboolean
vigil_template_library_import (VigilTemplateLibrary  *self,
                               GBytes                *pack,
                               const char            *source_name,
                               const char            *actor,
                               guint                 *n_new,
                               guint                 *n_updated,
                               GError               **error)
{
  g_autoptr(GPtrArray) templates = vigil_template_pack_parse (pack, source_name, error);
  g_autoptr(GPtrArray) changed = g_ptr_array_new ();
  g_autofree char *body = NULL;
  g_autofree char *key = g_uuid_string_random ();
  guint added = 0, updated = 0;

  if (!templates)
    return FALSE;
  for (guint i = 0; i < templates->len; i++)
    {
      VigilTemplate *t = g_ptr_array_index (templates, i);
      VigilTemplate *latest = vigil_template_library_lookup (self, vigil_template_get_id (t));

      if (!latest)
        added++;
      else
        {
          g_autofree char *a = content_of (t);
          g_autofree char *b = content_of (latest);
          if (g_str_equal (a, b))
            continue;
          updated++;
        }
      g_ptr_array_add (changed, t);
    }
  if (changed->len)
    {
      body = pack_record_body (changed, source_name ? source_name : "import");
      if (!append (self, KIND_IMPORT, key, 0,
                   _vigil_template_service_actor_or (self->context, actor), body, error))
        return FALSE;
    }
  if (n_new)
    *n_new = added;
  if (n_updated)
    *n_updated = updated;
  return TRUE;
}

char *
vigil_template_library_export (VigilTemplateLibrary *self,
                               const char           *state)
{
  g_autoptr(GPtrArray) out = g_ptr_array_new_with_free_func (g_object_unref);
  gboolean approved_only = g_strcmp0 (state, "approved") == 0;

  for (guint i = 0; i < self->items->len; i++)
    {
      VigilTemplate *t = g_ptr_array_index (self->items, i);

      if (approved_only || g_strcmp0 (state, "draft") == 0)
        {
          if (approved_only)
            t = vigil_template_library_lookup_approved (self, vigil_template_get_id (t));
          else if (vigil_template_get_approved (t))
            t = NULL;
          if (!t)
            continue;
        }
      g_ptr_array_add (out, g_object_ref (t));
    }
  return vigil_template_pack_serialize (out, NULL, TRUE);
}

/* --- GObject -------------------------------------------------------------- */

VigilTemplateLibrary *
vigil_template_library_new_for_store (VigilStore *store)
{
  return g_object_new (VIGIL_TYPE_TEMPLATE_LIBRARY, "store", store, NULL);
}

static void
vigil_template_library_constructed (GObject *object)
{
  VigilTemplateLibrary *self = VIGIL_TEMPLATE_LIBRARY (object);

  G_OBJECT_CLASS (vigil_template_library_parent_class)->constructed (object);
  self->appended_id = _vigil_template_service_watch_store (self->context, &self->store,
                                                           G_CALLBACK (on_record_appended_cb), self);
}

static void
vigil_template_library_dispose (GObject *object)
{
  VigilTemplateLibrary *self = VIGIL_TEMPLATE_LIBRARY (object);

  _vigil_template_service_unwatch_store (&self->store, &self->appended_id);
  G_OBJECT_CLASS (vigil_template_library_parent_class)->dispose (object);
}

static void
vigil_template_library_finalize (GObject *object)
{
  VigilTemplateLibrary *self = VIGIL_TEMPLATE_LIBRARY (object);

  g_hash_table_unref (self->entries);
  g_ptr_array_unref (self->items);
  g_strfreev (self->approvers);
  g_hash_table_unref (self->defaults);
  G_OBJECT_CLASS (vigil_template_library_parent_class)->finalize (object);
}

static void
vigil_template_library_set_property (GObject      *object,
                                     guint         prop_id,
                                     const GValue *value,
                                     GParamSpec   *pspec)
{
  VigilTemplateLibrary *self = VIGIL_TEMPLATE_LIBRARY (object);

  switch (prop_id)
    {
    case PROP_CONTEXT:
      self->context = g_value_get_object (value);
      break;
    case PROP_STORE:
      if (g_value_get_object (value))
        self->store = g_value_dup_object (value);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
vigil_template_library_get_property (GObject    *object,
                                     guint       prop_id,
                                     GValue     *value,
                                     GParamSpec *pspec)
{
  VigilTemplateLibrary *self = VIGIL_TEMPLATE_LIBRARY (object);

  switch (prop_id)
    {
    case PROP_CONTEXT:
      g_value_set_object (value, self->context);
      break;
    case PROP_STORE:
      g_value_set_object (value, self->store);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
vigil_template_library_class_init (VigilTemplateLibraryClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->constructed = vigil_template_library_constructed;
  object_class->dispose = vigil_template_library_dispose;
  object_class->finalize = vigil_template_library_finalize;
  object_class->set_property = vigil_template_library_set_property;
  object_class->get_property = vigil_template_library_get_property;

  properties[PROP_CONTEXT] =
    g_param_spec_object ("context", NULL, NULL, G_TYPE_OBJECT,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_STORE] =
    g_param_spec_object ("store", NULL, NULL, VIGIL_TYPE_STORE,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
vigil_template_library_init (VigilTemplateLibrary *self)
{
  self->entries = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, entry_free);
  self->items = g_ptr_array_new_with_free_func (g_object_unref);
  self->approvers = g_new0 (char *, 1);
  self->defaults = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
}

/* vigil-dossier.c: a dossier replayed from its journal records
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "vigil-dossier"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <json-glib/json-glib.h>

#include "vigil-dossier-private.h"

struct _VigilDossier
{
  GObject    parent_instance;

  char      *id;
  char      *candidate;
  char      *purpose;
  char      *locale;
  guint      categories;
  gint64     created_us;
  gint64     retention_us;
  gboolean   originals_deleted;
  gint64     version;
  char      *head;
  GPtrArray *items;       /* of VigilDossierItem* */
  GPtrArray *releases;    /* of VigilDossierRelease* */
  GPtrArray *audit;       /* of VigilRecord* */
};

enum {
  PROP_0,
  PROP_ID,
  PROP_CANDIDATE,
  PROP_PURPOSE,
  PROP_N_PENDING,
  PROP_N_ITEMS,
  PROP_N_RELEASES,
  PROP_ORIGINALS_DELETED,
  PROP_RETENTION_US,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

G_DEFINE_FINAL_TYPE (VigilDossier, vigil_dossier, G_TYPE_OBJECT)

static void
item_free (gpointer data)
{
  VigilDossierItem *item = data;

  g_free (item->kind);
  g_free (item->platform);
  g_array_unref (item->spans);
  g_free (item);
}

static void
release_free (gpointer data)
{
  VigilDossierRelease *r = data;

  g_free (r->actor);
  g_free (r->text);
  g_free (r->sha256);
  g_free (r);
}

static void
vigil_dossier_finalize (GObject *object)
{
  VigilDossier *self = VIGIL_DOSSIER (object);

  g_free (self->id);
  g_free (self->candidate);
  g_free (self->purpose);
  g_free (self->locale);
  g_free (self->head);
  g_ptr_array_unref (self->items);
  g_ptr_array_unref (self->releases);
  g_ptr_array_unref (self->audit);

  G_OBJECT_CLASS (vigil_dossier_parent_class)->finalize (object);
}

static void
vigil_dossier_get_property (GObject    *object,
                            guint       prop_id,
                            GValue     *value,
                            GParamSpec *pspec)
{
  VigilDossier *self = VIGIL_DOSSIER (object);

  switch (prop_id)
    {
    case PROP_ID: g_value_set_string (value, self->id); break;
    case PROP_CANDIDATE: g_value_set_string (value, self->candidate); break;
    case PROP_PURPOSE: g_value_set_string (value, self->purpose); break;
    case PROP_N_PENDING: g_value_set_uint (value, vigil_dossier_get_n_pending (self)); break;
    case PROP_N_ITEMS: g_value_set_uint (value, self->items->len); break;
    case PROP_N_RELEASES: g_value_set_uint (value, self->releases->len); break;
    case PROP_ORIGINALS_DELETED: g_value_set_boolean (value, self->originals_deleted); break;
    case PROP_RETENTION_US: g_value_set_int64 (value, self->retention_us); break;
    default: G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
vigil_dossier_class_init (VigilDossierClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = vigil_dossier_finalize;
  object_class->get_property = vigil_dossier_get_property;

  properties[PROP_ID] = g_param_spec_string ("id", NULL, NULL, NULL, G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties[PROP_CANDIDATE] = g_param_spec_string ("candidate", NULL, NULL, NULL, G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties[PROP_PURPOSE] = g_param_spec_string ("purpose", NULL, NULL, NULL, G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties[PROP_N_PENDING] = g_param_spec_uint ("n-pending", NULL, NULL, 0, G_MAXUINT, 0, G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties[PROP_N_ITEMS] = g_param_spec_uint ("n-items", NULL, NULL, 0, G_MAXUINT, 0, G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties[PROP_N_RELEASES] = g_param_spec_uint ("n-releases", NULL, NULL, 0, G_MAXUINT, 0, G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties[PROP_ORIGINALS_DELETED] = g_param_spec_boolean ("originals-deleted", NULL, NULL, FALSE, G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties[PROP_RETENTION_US] = g_param_spec_int64 ("retention-us", NULL, NULL, 0, G_MAXINT64, 0, G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
vigil_dossier_init (VigilDossier *self)
{
  self->items = g_ptr_array_new_with_free_func (item_free);
  self->releases = g_ptr_array_new_with_free_func (release_free);
  self->audit = g_ptr_array_new_with_free_func ((GDestroyNotify) vigil_record_free);
  self->head = g_strdup ("");
  self->locale = g_strdup ("en");
  self->categories = VIGIL_REDACTION_MASK_PROTECTED;
}

VigilDossier *
_vigil_dossier_new (const char *id)
{
  VigilDossier *self = g_object_new (VIGIL_TYPE_DOSSIER, NULL);

  self->id = g_strdup (id);
  return self;
}

char *
vigil_dossier_record_hash (const VigilRecord *record)
{
  g_autofree char *canon = g_strdup_printf ("%s\n%s\n%" G_GINT64_FORMAT "\n%s\n%" G_GINT64_FORMAT "\n%s",
                                            record->kind, record->key, record->version,
                                            record->actor, record->at_us, record->body);

  return g_compute_checksum_for_string (G_CHECKSUM_SHA256, canon, -1);
}

static const char *
member_string (JsonObject *o,
               const char *name)
{
  JsonNode *n = json_object_get_member (o, name);

  if (!n || !JSON_NODE_HOLDS_VALUE (n) || json_node_get_value_type (n) != G_TYPE_STRING)
    return NULL;
  return json_node_get_string (n);
}

static gint64
member_int (JsonObject *o,
            const char *name,
            gint64      fallback)
{
  JsonNode *n = json_object_get_member (o, name);

  if (!n || !JSON_NODE_HOLDS_VALUE (n) || json_node_get_value_type (n) != G_TYPE_INT64)
    return fallback;
  return json_node_get_int (n);
}

static JsonObject *
parse_body (const char *body)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  JsonNode *root;

  if (!json_parser_load_from_data (parser, body, -1, NULL))
    return NULL;
  root = json_parser_get_root (parser);
  if (!root || !JSON_NODE_HOLDS_OBJECT (root))
    return NULL;
  return json_object_ref (json_node_get_object (root));
}

static void
read_spans (VigilDossierItem *item,
            JsonObject       *o)
{
  JsonArray *spans = json_object_has_member (o, "spans") ? json_object_get_array_member (o, "spans") : NULL;

  g_array_set_size (item->spans, 0);
  for (guint i = 0; spans && i < json_array_get_length (spans); i++)
    {
      JsonObject *so = json_array_get_object_element (spans, i);
      VigilDossierSpan sp = { 0, };
      VigilRedactionCategory c;

      if (!so || !vigil_redaction_category_from_id (member_string (so, "category"), &c))
        continue;
      sp.id = member_int (so, "id", i + 1);
      sp.start = member_int (so, "start", 0);
      sp.end = member_int (so, "end", 0);
      sp.category = c;
      sp.reason = g_intern_string (member_string (so, "reason") ? member_string (so, "reason") : "");
      sp.state = VIGIL_SUGGESTION_PENDING;
      if (sp.end > sp.start && sp.end <= item->n_chars)
        g_array_append_val (item->spans, sp);
    }
}

static VigilDossierSpan *
find_span (VigilDossierItem *item,
           guint             id)
{
  for (guint i = 0; item && i < item->spans->len; i++)
    if (g_array_index (item->spans, VigilDossierSpan, i).id == id)
      return &g_array_index (item->spans, VigilDossierSpan, i);
  return NULL;
}

static int
compare_span_start (gconstpointer a,
                    gconstpointer b)
{
  const VigilDossierSpan *x = a, *y = b;
  return x->start != y->start ? (x->start < y->start ? -1 : 1) : (int) x->id - (int) y->id;
}

gboolean
_vigil_dossier_apply (VigilDossier      *self,
                      const VigilRecord *record)
{
  g_autoptr(JsonObject) o = NULL;
  const char *event;
  guint pending_before = vigil_dossier_get_n_pending (self);
  guint items_before = self->items->len;
  guint releases_before = self->releases->len;
  gboolean deleted_before = self->originals_deleted;
  gboolean known = TRUE;

  g_ptr_array_add (self->audit, vigil_record_copy (record));
  self->version = record->version;
  g_free (self->head);
  self->head = vigil_dossier_record_hash (record);

  if (!(o = parse_body (record->body)) || !(event = member_string (o, "event")))
    return FALSE;

  if (g_str_equal (event, "created"))
    {
      JsonArray *cats = json_object_has_member (o, "categories") ? json_object_get_array_member (o, "categories") : NULL;

      g_free (self->candidate);
      self->candidate = g_strdup (member_string (o, "candidate"));
      g_free (self->purpose);
      self->purpose = g_strdup (member_string (o, "purpose"));
      g_free (self->locale);
      self->locale = g_strdup (member_string (o, "locale") ? member_string (o, "locale") : "en");
      self->created_us = record->at_us;
      self->retention_us = member_int (o, "retention_us", record->at_us);
      if (cats)
        {
          self->categories = 0;
          for (guint i = 0; i < json_array_get_length (cats); i++)
            {
              VigilRedactionCategory c;
              if (vigil_redaction_category_from_id (json_array_get_string_element (cats, i), &c))
                self->categories |= VIGIL_REDACTION_MASK (c);
            }
        }
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CANDIDATE]);
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PURPOSE]);
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_RETENTION_US]);
    }
  else if (g_str_equal (event, "item-added"))
    {
      VigilDossierItem *item = g_new0 (VigilDossierItem, 1);

      item->index = self->items->len + 1;
      item->kind = g_strdup (member_string (o, "kind") ? member_string (o, "kind") : "text");
      item->platform = g_strdup (member_string (o, "platform") ? member_string (o, "platform") : "");
      item->n_chars = member_int (o, "chars", 0);
      item->has_text = !g_str_equal (item->kind, "image") || item->n_chars > 0;
      item->spans = g_array_new (FALSE, FALSE, sizeof (VigilDossierSpan));
      read_spans (item, o);
      g_ptr_array_add (self->items, item);
    }
  else if (g_str_equal (event, "image-described"))
    {
      VigilDossierItem *item = _vigil_dossier_get_item_mut (self, member_int (o, "item", 0));

      if (item)
        {
          item->n_chars = member_int (o, "chars", 0);
          item->has_text = item->n_chars > 0;
          read_spans (item, o);
        }
    }
  else if (g_str_equal (event, "suggestion-accepted") || g_str_equal (event, "suggestion-rejected"))
    {
      VigilDossierSpan *sp = find_span (_vigil_dossier_get_item_mut (self, member_int (o, "item", 0)),
                                        member_int (o, "span", 0));
      if (sp)
        sp->state = g_str_equal (event, "suggestion-accepted") ? VIGIL_SUGGESTION_ACCEPTED
                                                                : VIGIL_SUGGESTION_REJECTED;
    }
  else if (g_str_equal (event, "manual-span"))
    {
      VigilDossierItem *item = _vigil_dossier_get_item_mut (self, member_int (o, "item", 0));
      VigilDossierSpan sp = { 0, };

      sp.id = member_int (o, "span", 0);
      sp.start = member_int (o, "start", 0);
      sp.end = member_int (o, "end", 0);
      sp.category = VIGIL_REDACTION_MANUAL;
      sp.reason = g_intern_static_string ("Marked by the researcher");
      sp.state = VIGIL_SUGGESTION_ACCEPTED;
      if (item && sp.end > sp.start && sp.end <= item->n_chars && !find_span (item, sp.id))
        {
          g_array_append_val (item->spans, sp);
          g_array_sort (item->spans, compare_span_start);
        }
    }
  else if (g_str_equal (event, "released"))
    {
      VigilDossierRelease *r = g_new0 (VigilDossierRelease, 1);

      r->number = member_int (o, "release", self->releases->len + 1);
      r->at_us = record->at_us;
      r->actor = g_strdup (record->actor);
      r->text = g_strdup (member_string (o, "text") ? member_string (o, "text") : "");
      r->sha256 = g_strdup (member_string (o, "sha256"));
      g_ptr_array_add (self->releases, r);
    }
  else if (g_str_equal (event, "retention-deleted"))
    self->originals_deleted = TRUE;
  else if (g_str_equal (event, "exported") || g_str_equal (event, "retention-reminder") ||
           g_str_equal (event, "original-opened"))
    ;
  else
    known = FALSE;

  if (vigil_dossier_get_n_pending (self) != pending_before)
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_N_PENDING]);
  if (self->items->len != items_before)
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_N_ITEMS]);
  if (self->releases->len != releases_before)
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_N_RELEASES]);
  if (self->originals_deleted != deleted_before)
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ORIGINALS_DELETED]);
  return known;
}

const char *
_vigil_dossier_get_head (VigilDossier *self)
{
  return self->head;
}

VigilDossierItem *
_vigil_dossier_get_item_mut (VigilDossier *self,
                             guint         index)
{
  if (index < 1 || index > self->items->len)
    return NULL;
  return self->items->pdata[index - 1];
}

const char *vigil_dossier_get_id (VigilDossier *self) { return self->id; }
const char *vigil_dossier_get_candidate (VigilDossier *self) { return self->candidate ? self->candidate : ""; }
const char *vigil_dossier_get_purpose (VigilDossier *self) { return self->purpose ? self->purpose : ""; }
const char *vigil_dossier_get_locale (VigilDossier *self) { return self->locale; }
guint vigil_dossier_get_categories (VigilDossier *self) { return self->categories; }
gint64 vigil_dossier_get_created_us (VigilDossier *self) { return self->created_us; }
gint64 vigil_dossier_get_retention_us (VigilDossier *self) { return self->retention_us; }
gboolean vigil_dossier_get_originals_deleted (VigilDossier *self) { return self->originals_deleted; }
gint64 vigil_dossier_get_version (VigilDossier *self) { return self->version; }
guint vigil_dossier_get_n_items (VigilDossier *self) { return self->items->len; }
guint vigil_dossier_get_n_releases (VigilDossier *self) { return self->releases->len; }
GPtrArray *vigil_dossier_get_audit (VigilDossier *self) { return self->audit; }

guint
vigil_dossier_get_n_pending (VigilDossier *self)
{
  guint n = 0;

  g_return_val_if_fail (VIGIL_IS_DOSSIER (self), 0);
  for (guint i = 0; i < self->items->len; i++)
    {
      VigilDossierItem *item = self->items->pdata[i];
      for (guint k = 0; k < item->spans->len; k++)
        n += g_array_index (item->spans, VigilDossierSpan, k).state == VIGIL_SUGGESTION_PENDING;
    }
  return n;
}

const VigilDossierItem *
vigil_dossier_get_item (VigilDossier *self,
                        guint         index)
{
  g_return_val_if_fail (VIGIL_IS_DOSSIER (self), NULL);
  return _vigil_dossier_get_item_mut (self, index);
}

const VigilDossierRelease *
vigil_dossier_get_release (VigilDossier *self,
                           guint         number)
{
  g_return_val_if_fail (VIGIL_IS_DOSSIER (self), NULL);
  if (number < 1 || number > self->releases->len)
    return NULL;
  return self->releases->pdata[number - 1];
}

static const char *
event_label (const char *event)
{
  static const struct { const char *event; const char *label; } labels[] = {
    { "created", N_("dossier created") },
    { "item-added", N_("item added") },
    { "image-described", N_("image described") },
    { "suggestion-accepted", N_("suggestion accepted") },
    { "suggestion-rejected", N_("suggestion rejected") },
    { "manual-span", N_("span marked by hand") },
    { "released", N_("released to selection") },
    { "exported", N_("release exported") },
    { "retention-reminder", N_("retention reminder") },
    { "retention-deleted", N_("originals deleted (retention)") },
    { "original-opened", N_("original opened") },
  };

  for (guint i = 0; event && i < G_N_ELEMENTS (labels); i++)
    if (g_str_equal (event, labels[i].event))
      return _(labels[i].label);
  return event ? event : "?";
}

char *
vigil_dossier_format_audit_entry (const VigilRecord *record)
{
  g_autoptr(JsonObject) o = parse_body (record->body);
  g_autoptr(GDateTime) dt = g_date_time_new_from_unix_utc (record->at_us / G_USEC_PER_SEC);
  g_autofree char *when = dt ? g_date_time_format (dt, "%Y-%m-%d %H:%M UTC") : g_strdup ("?");
  GString *s = g_string_new (NULL);
  const char *category = o ? member_string (o, "category") : NULL;
  gint64 item = o ? member_int (o, "item", 0) : 0;
  gint64 release = o ? member_int (o, "release", 0) : 0;

  g_string_append_printf (s, "%s  %s  %s", when, record->actor, event_label (o ? member_string (o, "event") : NULL));
  if (category)
    {
      VigilRedactionCategory c;
      g_string_append_printf (s, "  %s", vigil_redaction_category_from_id (category, &c)
                                          ? vigil_redaction_category_to_label (c) : category);
    }
  if (item)
    g_string_append_printf (s, _("  item %" G_GINT64_FORMAT), item);
  if (release)
    g_string_append_printf (s, _("  release %" G_GINT64_FORMAT), release);
  if (o && member_string (o, "format"))
    g_string_append_printf (s, "  %s", member_string (o, "format"));
  return g_string_free (s, FALSE);
}

gboolean
vigil_dossier_verify_audit (GPtrArray  *records,
                            guint      *first_broken,
                            GError    **error)
{
  g_autofree char *prev = g_strdup ("");

  for (guint i = 0; i < records->len; i++)
    {
      const VigilRecord *r = records->pdata[i];
      g_autoptr(JsonObject) o = parse_body (r->body);
      const char *named = o ? member_string (o, "prev") : NULL;

      if (!named || !g_str_equal (named, prev) || r->version != (gint64) i + 1)
        {
          if (first_broken)
            *first_broken = i;
          g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                       _("the audit is broken at entry %u (version %" G_GINT64_FORMAT "): "
                         "it, or the entry before it, was changed or removed"),
                       i + 1, r->version);
          return FALSE;
        }
      g_free (prev);
      prev = vigil_dossier_record_hash (r);
    }
  return TRUE;
}

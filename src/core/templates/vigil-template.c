/* vigil-template.c: one version of a crisis template
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "vigil-template"

#include "config.h"

#include <string.h>

#include <glib/gi18n.h>

#include "vigil-grapheme.h"
#include "vigil-template.h"

G_DEFINE_QUARK (vigil-template-error-quark, vigil_template_error)

struct _VigilTemplate
{
  GObject    parent_instance;

  char      *id;
  char      *scenario;
  char      *kind;
  char      *title;
  GStrv      tags;
  GPtrArray *variants;   /* VigilTemplateVariant */

  gint64     revision;
  char      *saved_by;
  gint64     saved_at;
  char      *approved_by;
  gint64     approved_at;
};

G_DEFINE_FINAL_TYPE (VigilTemplate, vigil_template, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_ID,
  PROP_REVISION,
  PROP_SCENARIO,
  PROP_KIND,
  PROP_TITLE,
  PROP_TAGS,
  PROP_APPROVED,
  PROP_APPROVED_BY,
  PROP_APPROVED_AT,
  PROP_SAVED_BY,
  PROP_SAVED_AT,
  PROP_SCENARIO_LABEL,
  PROP_KIND_LABEL,
  PROP_STATE_LABEL,
  PROP_LOCALES,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static const struct { const char *id; const char *label; } scenarios[] = {
  { "executive-resignation", N_("Executive resignation") },
  { "employee-behaviour", N_("Inappropriate employee behaviour") },
  { "product-fault", N_("Product or service fault") },
  { "marketing-failure", N_("Marketing failure") },
  { "brand-jacking", N_("Security and brand-jacking") },
  { "hacked-account", N_("Hacked account") },
  { "data-breach", N_("Data breach") },
};

static const struct { const char *id; const char *label; } kinds[] = {
  { "holding", N_("Holding statement") },
  { "apology", N_("Apology") },
  { "explanation", N_("Explanation") },
  { "in-hand", N_("The issue is in hand") },
  { "tactical", N_("Tactical response") },
  { "faq", N_("FAQ answer") },
};

const char * const *
vigil_template_scenarios (void)
{
  static const char *ids[G_N_ELEMENTS (scenarios) + 1];

  if (!ids[0])
    for (guint i = 0; i < G_N_ELEMENTS (scenarios); i++)
      ids[i] = scenarios[i].id;
  return ids;
}

const char *
vigil_template_scenario_label (const char *scenario)
{
  for (guint i = 0; scenario && i < G_N_ELEMENTS (scenarios); i++)
    if (g_str_equal (scenario, scenarios[i].id))
      return _(scenarios[i].label);
  return scenario;
}

const char * const *
vigil_template_kinds (void)
{
  static const char *ids[G_N_ELEMENTS (kinds) + 1];

  if (!ids[0])
    for (guint i = 0; i < G_N_ELEMENTS (kinds); i++)
      ids[i] = kinds[i].id;
  return ids;
}

const char *
vigil_template_kind_label (const char *kind)
{
  for (guint i = 0; kind && i < G_N_ELEMENTS (kinds); i++)
    if (g_str_equal (kind, kinds[i].id))
      return _(kinds[i].label);
  return kind;
}

static void
variant_free (gpointer data)
{
  VigilTemplateVariant *v = data;

  g_free (v->locale);
  g_strfreev (v->platforms);
  g_free (v->body);
  g_free (v->note);
  g_free (v);
}

static void
vigil_template_finalize (GObject *object)
{
  VigilTemplate *self = VIGIL_TEMPLATE (object);

  g_free (self->id);
  g_free (self->scenario);
  g_free (self->kind);
  g_free (self->title);
  g_strfreev (self->tags);
  g_ptr_array_unref (self->variants);
  g_free (self->saved_by);
  g_free (self->approved_by);
  G_OBJECT_CLASS (vigil_template_parent_class)->finalize (object);
}

static void
vigil_template_get_property (GObject    *object,
                             guint       prop_id,
                             GValue     *value,
                             GParamSpec *pspec)
{
  VigilTemplate *self = VIGIL_TEMPLATE (object);

  switch (prop_id)
    {
    case PROP_ID: g_value_set_string (value, self->id); break;
    case PROP_REVISION: g_value_set_int64 (value, self->revision); break;
    case PROP_SCENARIO: g_value_set_string (value, self->scenario); break;
    case PROP_KIND: g_value_set_string (value, self->kind); break;
    case PROP_TITLE: g_value_set_string (value, self->title); break;
    case PROP_TAGS: g_value_set_boxed (value, self->tags); break;
    case PROP_APPROVED: g_value_set_boolean (value, vigil_template_get_approved (self)); break;
    case PROP_APPROVED_BY: g_value_set_string (value, self->approved_by); break;
    case PROP_APPROVED_AT: g_value_set_int64 (value, self->approved_at); break;
    case PROP_SAVED_BY: g_value_set_string (value, self->saved_by); break;
    case PROP_SAVED_AT: g_value_set_int64 (value, self->saved_at); break;
    case PROP_SCENARIO_LABEL:
      g_value_set_string (value, vigil_template_scenario_label (self->scenario));
      break;
    case PROP_KIND_LABEL:
      g_value_set_string (value, vigil_template_kind_label (self->kind));
      break;
    case PROP_STATE_LABEL:
      g_value_take_string (value, self->approved_by
                           ? g_strdup_printf (_("Approved · v%" G_GINT64_FORMAT), self->revision)
                           : g_strdup_printf (_("Draft · v%" G_GINT64_FORMAT), self->revision));
      break;
    case PROP_LOCALES:
      {
        g_auto(GStrv) locales = vigil_template_dup_locales (self);
        g_value_take_string (value, g_strjoinv (", ", locales));
      }
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
vigil_template_class_init (VigilTemplateClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GParamFlags ro = G_PARAM_READABLE | G_PARAM_STATIC_STRINGS;

  object_class->finalize = vigil_template_finalize;
  object_class->get_property = vigil_template_get_property;

  properties[PROP_ID] = g_param_spec_string ("id", NULL, NULL, NULL, ro);
  properties[PROP_REVISION] = g_param_spec_int64 ("revision", NULL, NULL, 0, G_MAXINT64, 0, ro);
  properties[PROP_SCENARIO] = g_param_spec_string ("scenario", NULL, NULL, NULL, ro);
  properties[PROP_KIND] = g_param_spec_string ("kind", NULL, NULL, NULL, ro);
  properties[PROP_TITLE] = g_param_spec_string ("title", NULL, NULL, NULL, ro);
  properties[PROP_TAGS] = g_param_spec_boxed ("tags", NULL, NULL, G_TYPE_STRV, ro);
  properties[PROP_APPROVED] = g_param_spec_boolean ("approved", NULL, NULL, FALSE, ro);
  properties[PROP_APPROVED_BY] = g_param_spec_string ("approved-by", NULL, NULL, NULL, ro);
  properties[PROP_APPROVED_AT] = g_param_spec_int64 ("approved-at", NULL, NULL, 0, G_MAXINT64, 0, ro);
  properties[PROP_SAVED_BY] = g_param_spec_string ("saved-by", NULL, NULL, NULL, ro);
  properties[PROP_SAVED_AT] = g_param_spec_int64 ("saved-at", NULL, NULL, 0, G_MAXINT64, 0, ro);
  properties[PROP_SCENARIO_LABEL] = g_param_spec_string ("scenario-label", NULL, NULL, NULL, ro);
  properties[PROP_KIND_LABEL] = g_param_spec_string ("kind-label", NULL, NULL, NULL, ro);
  properties[PROP_STATE_LABEL] = g_param_spec_string ("state-label", NULL, NULL, NULL, ro);
  properties[PROP_LOCALES] = g_param_spec_string ("locales", NULL, NULL, NULL, ro);
  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
vigil_template_init (VigilTemplate *self)
{
  self->variants = g_ptr_array_new_with_free_func (variant_free);
  self->tags = g_new0 (char *, 1);
}

/* --- JSON ----------------------------------------------------------------- */

static gboolean
is_slug (const char *s,
         gsize       max)
{
  gsize n = 0;

  if (!s || !(g_ascii_islower (s[0]) || g_ascii_isdigit (s[0])))
    return FALSE;
  for (; s[n]; n++)
    if (!(g_ascii_islower (s[n]) || g_ascii_isdigit (s[n]) || s[n] == '-' || s[n] == '_') || n >= max)
      return FALSE;
  return TRUE;
}

static gboolean
is_locale (const char *s)
{
  gsize n = s ? strlen (s) : 0;

  if (n < 2 || n > 16 || !g_ascii_islower (s[0]) || !g_ascii_islower (s[1]))
    return FALSE;
  for (gsize i = 2; i < n; i++)
    if (!g_ascii_isalnum (s[i]) && s[i] != '-' && s[i] != '_')
      return FALSE;
  return TRUE;
}

static const char *
get_string (JsonObject  *object,
            const char  *member,
            gboolean     required,
            gsize        max_bytes,
            GError     **error)
{
  JsonNode *node = json_object_get_member (object, member);
  const char *s;

  if (!node || JSON_NODE_HOLDS_NULL (node))
    {
      if (required)
        g_set_error (error, VIGIL_TEMPLATE_ERROR, VIGIL_TEMPLATE_ERROR_INVALID,
                     _("“%s” is missing"), member);
      return NULL;
    }
  if (!JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_STRING)
    {
      g_set_error (error, VIGIL_TEMPLATE_ERROR, VIGIL_TEMPLATE_ERROR_INVALID,
                   _("“%s” must be a string"), member);
      return NULL;
    }
  s = json_node_get_string (node);
  if (required && !*s)
    {
      g_set_error (error, VIGIL_TEMPLATE_ERROR, VIGIL_TEMPLATE_ERROR_INVALID,
                   _("“%s” is empty"), member);
      return NULL;
    }
  if (strlen (s) > max_bytes || !g_utf8_validate (s, -1, NULL))
    {
      g_set_error (error, VIGIL_TEMPLATE_ERROR, VIGIL_TEMPLATE_ERROR_TOO_LARGE,
                   _("“%s” is longer than %zu bytes"), member, max_bytes);
      return NULL;
    }
  return s;
}

/* A JSON array of short strings as a GStrv; NULL with error when wrong. */
static GStrv
get_strv (JsonObject  *object,
          const char  *member,
          guint        max,
          gboolean   (*check) (const char *),
          GError     **error)
{
  JsonNode *node = json_object_get_member (object, member);
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();
  JsonArray *array;

  if (!node || JSON_NODE_HOLDS_NULL (node))
    return g_new0 (char *, 1);
  if (!JSON_NODE_HOLDS_ARRAY (node))
    {
      g_set_error (error, VIGIL_TEMPLATE_ERROR, VIGIL_TEMPLATE_ERROR_INVALID,
                   _("“%s” must be a list of strings"), member);
      return NULL;
    }
  array = json_node_get_array (node);
  if (json_array_get_length (array) > max)
    {
      g_set_error (error, VIGIL_TEMPLATE_ERROR, VIGIL_TEMPLATE_ERROR_TOO_LARGE,
                   _("“%s” has more than %u entries"), member, max);
      return NULL;
    }
  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      JsonNode *item = json_array_get_element (array, i);
      const char *s;

      if (!JSON_NODE_HOLDS_VALUE (item) || json_node_get_value_type (item) != G_TYPE_STRING)
        {
          g_set_error (error, VIGIL_TEMPLATE_ERROR, VIGIL_TEMPLATE_ERROR_INVALID,
                       _("“%s” must be a list of strings"), member);
          return NULL;
        }
      s = json_node_get_string (item);
      if (!*s || strlen (s) > 64 || !g_utf8_validate (s, -1, NULL) || (check && !check (s)))
        {
          g_set_error (error, VIGIL_TEMPLATE_ERROR, VIGIL_TEMPLATE_ERROR_INVALID,
                       _("“%s” has an invalid entry “%.64s”"), member, s);
          return NULL;
        }
      g_strv_builder_add (builder, s);
    }
  return g_strv_builder_end (builder);
}

static gboolean
is_platform (const char *s)
{
  return vigil_platform_limit (s) > 0;
}

VigilTemplate *
vigil_template_new_from_json (JsonObject  *object,
                              GError     **error)
{
  g_autoptr(VigilTemplate) self = g_object_new (VIGIL_TYPE_TEMPLATE, NULL);
  const char *s;
  JsonNode *node;
  JsonArray *variants;
  GError *local = NULL;

  g_return_val_if_fail (object, NULL);

  if (!(s = get_string (object, "id", TRUE, 64, error)))
    return NULL;
  if (!is_slug (s, 64))
    {
      g_set_error (error, VIGIL_TEMPLATE_ERROR, VIGIL_TEMPLATE_ERROR_INVALID,
                   _("“id” must be lowercase letters, digits and dashes (got “%.64s”)"), s);
      return NULL;
    }
  self->id = g_strdup (s);

  if (!(s = get_string (object, "scenario", TRUE, 64, error)))
    goto fail;
  if (!is_slug (s, 64))
    {
      g_set_error (error, VIGIL_TEMPLATE_ERROR, VIGIL_TEMPLATE_ERROR_INVALID,
                   _("“scenario” must be lowercase letters, digits and dashes (got “%.64s”)"), s);
      goto fail;
    }
  self->scenario = g_strdup (s);

  if (!(s = get_string (object, "kind", TRUE, 64, error)))
    goto fail;
  if (!g_strv_contains (vigil_template_kinds (), s))
    {
      g_set_error (error, VIGIL_TEMPLATE_ERROR, VIGIL_TEMPLATE_ERROR_INVALID,
                   _("“kind” must be one of holding, apology, explanation, in-hand, tactical, faq (got “%.64s”)"), s);
      goto fail;
    }
  self->kind = g_strdup (s);

  if (!(s = get_string (object, "title", TRUE, 200, error)))
    goto fail;
  self->title = g_strdup (s);

  g_strfreev (self->tags);
  if (!(self->tags = get_strv (object, "tags", VIGIL_TEMPLATE_MAX_TAGS, NULL, error)))
    goto fail;

  node = json_object_get_member (object, "variants");
  if (!node || !JSON_NODE_HOLDS_ARRAY (node) || json_array_get_length (json_node_get_array (node)) == 0)
    {
      g_set_error (error, VIGIL_TEMPLATE_ERROR, VIGIL_TEMPLATE_ERROR_INVALID,
                   _("“variants” must be a non-empty list"));
      goto fail;
    }
  variants = json_node_get_array (node);
  if (json_array_get_length (variants) > VIGIL_TEMPLATE_MAX_VARIANTS)
    {
      g_set_error (error, VIGIL_TEMPLATE_ERROR, VIGIL_TEMPLATE_ERROR_TOO_LARGE,
                   _("more than %d variants"), VIGIL_TEMPLATE_MAX_VARIANTS);
      goto fail;
    }
  for (guint i = 0; i < json_array_get_length (variants); i++)
    {
      JsonNode *vn = json_array_get_element (variants, i);
      JsonObject *vo;
      VigilTemplateVariant *v;

      if (!JSON_NODE_HOLDS_OBJECT (vn))
        {
          g_set_error (error, VIGIL_TEMPLATE_ERROR, VIGIL_TEMPLATE_ERROR_INVALID,
                       _("variant %u is not an object"), i + 1);
          goto fail;
        }
      vo = json_node_get_object (vn);
      v = g_new0 (VigilTemplateVariant, 1);
      g_ptr_array_add (self->variants, v);
      if (!(s = get_string (vo, "locale", TRUE, 16, &local)) || !is_locale (s))
        {
          g_set_error (error, VIGIL_TEMPLATE_ERROR, VIGIL_TEMPLATE_ERROR_INVALID,
                       _("variant %u: %s"), i + 1,
                       local ? local->message : _("“locale” must look like “en” or “fr-CA”"));
          g_clear_error (&local);
          goto fail;
        }
      v->locale = g_strdup (s);
      if (!(v->platforms = get_strv (vo, "platforms", 8, is_platform, &local)) ||
          !(s = get_string (vo, "body", TRUE, VIGIL_TEMPLATE_MAX_BODY, &local)))
        {
          g_set_error (error, VIGIL_TEMPLATE_ERROR, local->code, _("variant %u: %s"), i + 1, local->message);
          g_clear_error (&local);
          goto fail;
        }
      v->body = g_strdup (s);
      s = get_string (vo, "note", FALSE, 1000, &local);
      if (local)
        {
          g_set_error (error, VIGIL_TEMPLATE_ERROR, local->code, _("variant %u: %s"), i + 1, local->message);
          g_clear_error (&local);
          goto fail;
        }
      v->note = g_strdup (s);
    }

  return g_steal_pointer (&self);

fail:
  if (error && *error && self->id)
    g_prefix_error (error, _("template “%s”: "), self->id);
  return NULL;
}

void
vigil_template_to_json (VigilTemplate *self,
                        JsonBuilder   *builder,
                        gboolean       with_history)
{
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "id");
  json_builder_add_string_value (builder, self->id);
  json_builder_set_member_name (builder, "scenario");
  json_builder_add_string_value (builder, self->scenario);
  json_builder_set_member_name (builder, "kind");
  json_builder_add_string_value (builder, self->kind);
  json_builder_set_member_name (builder, "title");
  json_builder_add_string_value (builder, self->title);
  json_builder_set_member_name (builder, "tags");
  json_builder_begin_array (builder);
  for (guint i = 0; self->tags[i]; i++)
    json_builder_add_string_value (builder, self->tags[i]);
  json_builder_end_array (builder);
  if (with_history)
    {
      json_builder_set_member_name (builder, "revision");
      json_builder_add_int_value (builder, self->revision);
      json_builder_set_member_name (builder, "state");
      json_builder_add_string_value (builder, self->approved_by ? "approved" : "draft");
      if (self->saved_by)
        {
          json_builder_set_member_name (builder, "saved_by");
          json_builder_add_string_value (builder, self->saved_by);
          json_builder_set_member_name (builder, "saved_at_us");
          json_builder_add_int_value (builder, self->saved_at);
        }
      if (self->approved_by)
        {
          json_builder_set_member_name (builder, "approved_by");
          json_builder_add_string_value (builder, self->approved_by);
          json_builder_set_member_name (builder, "approved_at_us");
          json_builder_add_int_value (builder, self->approved_at);
        }
    }
  json_builder_set_member_name (builder, "variants");
  json_builder_begin_array (builder);
  for (guint i = 0; i < self->variants->len; i++)
    {
      VigilTemplateVariant *v = g_ptr_array_index (self->variants, i);

      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "locale");
      json_builder_add_string_value (builder, v->locale);
      if (v->platforms[0])
        {
          json_builder_set_member_name (builder, "platforms");
          json_builder_begin_array (builder);
          for (guint j = 0; v->platforms[j]; j++)
            json_builder_add_string_value (builder, v->platforms[j]);
          json_builder_end_array (builder);
        }
      json_builder_set_member_name (builder, "body");
      json_builder_add_string_value (builder, v->body);
      if (v->note)
        {
          json_builder_set_member_name (builder, "note");
          json_builder_add_string_value (builder, v->note);
        }
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);
  json_builder_end_object (builder);
}

VigilTemplate *
vigil_template_copy_as_draft (VigilTemplate *self)
{
  VigilTemplate *copy = g_object_new (VIGIL_TYPE_TEMPLATE, NULL);

  copy->id = g_strdup (self->id);
  copy->scenario = g_strdup (self->scenario);
  copy->kind = g_strdup (self->kind);
  copy->title = g_strdup (self->title);
  g_strfreev (copy->tags);
  copy->tags = g_strdupv (self->tags);
  for (guint i = 0; i < self->variants->len; i++)
    {
      VigilTemplateVariant *v = g_ptr_array_index (self->variants, i);
      VigilTemplateVariant *c = g_new0 (VigilTemplateVariant, 1);

      c->locale = g_strdup (v->locale);
      c->platforms = g_strdupv (v->platforms);
      c->body = g_strdup (v->body);
      c->note = g_strdup (v->note);
      g_ptr_array_add (copy->variants, c);
    }
  return copy;
}

/* --- Accessors ------------------------------------------------------------ */

const char *vigil_template_get_id (VigilTemplate *self) { return self->id; }
gint64 vigil_template_get_revision (VigilTemplate *self) { return self->revision; }
const char *vigil_template_get_scenario (VigilTemplate *self) { return self->scenario; }
const char *vigil_template_get_kind (VigilTemplate *self) { return self->kind; }
const char *vigil_template_get_title (VigilTemplate *self) { return self->title; }
const char * const *vigil_template_get_tags (VigilTemplate *self) { return (const char * const *) self->tags; }
gboolean vigil_template_get_approved (VigilTemplate *self) { return self->approved_by != NULL; }
const char *vigil_template_get_approved_by (VigilTemplate *self) { return self->approved_by; }
gint64 vigil_template_get_approved_at (VigilTemplate *self) { return self->approved_at; }
const char *vigil_template_get_saved_by (VigilTemplate *self) { return self->saved_by; }
gint64 vigil_template_get_saved_at (VigilTemplate *self) { return self->saved_at; }
guint vigil_template_get_n_variants (VigilTemplate *self) { return self->variants->len; }

const VigilTemplateVariant *
vigil_template_get_variant (VigilTemplate *self,
                            guint          index)
{
  g_return_val_if_fail (index < self->variants->len, NULL);
  return g_ptr_array_index (self->variants, index);
}

static int
compare_strings (gconstpointer a,
                 gconstpointer b)
{
  return g_strcmp0 (*(const char * const *) a, *(const char * const *) b);
}

GStrv
vigil_template_dup_locales (VigilTemplate *self)
{
  g_autoptr(GPtrArray) locales = g_ptr_array_new ();

  for (guint i = 0; i < self->variants->len; i++)
    {
      VigilTemplateVariant *v = g_ptr_array_index (self->variants, i);
      gboolean seen = FALSE;

      for (guint j = 0; j < locales->len && !seen; j++)
        seen = g_str_equal (g_ptr_array_index (locales, j), v->locale);
      if (!seen)
        g_ptr_array_add (locales, g_strdup (v->locale));
    }
  g_ptr_array_sort (locales, compare_strings);
  g_ptr_array_add (locales, NULL);
  return (GStrv) g_ptr_array_steal (locales, NULL);
}

static gboolean
is_editable (VigilTemplate *self)
{
  /* a saved revision is what the journal says: never changed in place */
  return self->revision == 0;
}

gboolean
vigil_template_set_title (VigilTemplate *self,
                          const char    *title)
{
  if (!is_editable (self) || !title || !*title)
    return FALSE;
  g_free (self->title);
  self->title = g_utf8_make_valid (title, MIN (strlen (title), 200));
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_TITLE]);
  return TRUE;
}

VigilTemplate *
vigil_template_new_draft (const char *id,
                          const char *scenario,
                          const char *kind,
                          const char *title)
{
  VigilTemplate *self = g_object_new (VIGIL_TYPE_TEMPLATE, NULL);
  VigilTemplateVariant *v = g_new0 (VigilTemplateVariant, 1);

  self->id = g_strdup (id);
  self->scenario = g_strdup (scenario);
  self->kind = g_strdup (kind);
  self->title = g_strdup (title);
  v->locale = g_strdup ("en");
  v->platforms = g_new0 (char *, 1);
  v->body = g_strdup ("");
  g_ptr_array_add (self->variants, v);
  return self;
}

gboolean
vigil_template_set_scenario (VigilTemplate *self,
                             const char    *scenario)
{
  if (!is_editable (self) || !is_slug (scenario, 64))
    return FALSE;
  g_free (self->scenario);
  self->scenario = g_strdup (scenario);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SCENARIO]);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SCENARIO_LABEL]);
  return TRUE;
}

gboolean
vigil_template_set_kind (VigilTemplate *self,
                         const char    *kind)
{
  if (!is_editable (self) || !kind || !g_strv_contains (vigil_template_kinds (), kind))
    return FALSE;
  g_free (self->kind);
  self->kind = g_strdup (kind);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_KIND]);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_KIND_LABEL]);
  return TRUE;
}

static VigilTemplateVariant *
find_exact_variant (VigilTemplate *self,
                    const char    *locale,
                    const char    *platform)
{
  for (guint i = 0; i < self->variants->len; i++)
    {
      VigilTemplateVariant *v = g_ptr_array_index (self->variants, i);

      if (!g_str_equal (v->locale, locale))
        continue;
      if (!platform || !*platform ? !v->platforms[0] : g_strv_contains ((const char * const *) v->platforms, platform))
        return v;
    }
  return NULL;
}

gboolean
vigil_template_set_variant_body (VigilTemplate *self,
                                 const char    *locale,
                                 const char    *platform,
                                 const char    *body)
{
  VigilTemplateVariant *v;

  if (!is_editable (self) || !is_locale (locale) || !body ||
      strlen (body) > VIGIL_TEMPLATE_MAX_BODY ||
      (platform && *platform && !is_platform (platform)))
    return FALSE;
  if (!(v = find_exact_variant (self, locale, platform)))
    {
      if (self->variants->len >= VIGIL_TEMPLATE_MAX_VARIANTS)
        return FALSE;
      v = g_new0 (VigilTemplateVariant, 1);
      v->locale = g_strdup (locale);
      v->platforms = platform && *platform ? g_strsplit (platform, ",", 2) : g_new0 (char *, 1);
      g_ptr_array_add (self->variants, v);
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LOCALES]);
    }
  g_free (v->body);
  v->body = g_utf8_make_valid (body, -1);
  return TRUE;
}

const VigilTemplateVariant *
vigil_template_pick_variant (VigilTemplate *self,
                             const char    *locale,
                             const char    *platform)
{
  g_autofree char *language = NULL;
  const char *tries[3];
  guint n = 0;

  if (locale && *locale)
    {
      tries[n++] = locale;
      language = g_strndup (locale, strcspn (locale, "-_"));
      if (!g_str_equal (language, locale))
        tries[n++] = language;
    }
  tries[n++] = "en";

  for (guint t = 0; t < n; t++)
    {
      VigilTemplateVariant *v;

      if (platform && *platform && (v = find_exact_variant (self, tries[t], platform)))
        return v;
      if ((v = find_exact_variant (self, tries[t], NULL)))
        return v;
    }
  /* the locale only exists for some platforms, or not at all */
  for (guint t = 0; t < n; t++)
    for (guint i = 0; i < self->variants->len; i++)
      {
        VigilTemplateVariant *v = g_ptr_array_index (self->variants, i);
        if (g_str_equal (v->locale, tries[t]))
          return v;
      }
  return self->variants->len ? g_ptr_array_index (self->variants, 0) : NULL;
}

static gboolean
contains_casefold (const char *haystack,
                   const char *needle_folded)
{
  g_autofree char *folded = haystack ? g_utf8_casefold (haystack, -1) : NULL;

  return folded && strstr (folded, needle_folded);
}

gboolean
vigil_template_matches (VigilTemplate *self,
                        const char    *text,
                        const char    *scenario,
                        const char    *kind,
                        const char    *platform,
                        const char    *locale,
                        const char    *state)
{
  if (scenario && *scenario && g_strcmp0 (scenario, self->scenario) != 0)
    return FALSE;
  if (kind && *kind && g_strcmp0 (kind, self->kind) != 0)
    return FALSE;
  if (state && *state && g_str_equal (state, "approved") != (self->approved_by != NULL))
    return FALSE;
  if ((locale && *locale) || (platform && *platform))
    {
      gboolean found = FALSE;

      for (guint i = 0; i < self->variants->len && !found; i++)
        {
          VigilTemplateVariant *v = g_ptr_array_index (self->variants, i);
          gboolean locale_ok = !locale || !*locale || g_str_equal (v->locale, locale) ||
                               (g_str_has_prefix (v->locale, locale) && v->locale[strlen (locale)] == '-');
          /* an any-platform variant serves every platform */
          gboolean platform_ok = !platform || !*platform || !v->platforms[0] ||
                                 g_strv_contains ((const char * const *) v->platforms, platform);
          found = locale_ok && platform_ok;
        }
      if (!found)
        return FALSE;
    }
  if (text && *text)
    {
      g_autofree char *needle = g_utf8_casefold (text, -1);

      if (contains_casefold (self->id, needle) || contains_casefold (self->title, needle))
        return TRUE;
      for (guint i = 0; self->tags[i]; i++)
        if (contains_casefold (self->tags[i], needle))
          return TRUE;
      for (guint i = 0; i < self->variants->len; i++)
        if (contains_casefold (((VigilTemplateVariant *) g_ptr_array_index (self->variants, i))->body, needle))
          return TRUE;
      return FALSE;
    }
  return TRUE;
}

void
_vigil_template_set_saved (VigilTemplate *self,
                           gint64         revision,
                           const char    *by,
                           gint64         at_us)
{
  self->revision = revision;
  g_free (self->saved_by);
  self->saved_by = g_strdup (by);
  self->saved_at = at_us;
}

void
_vigil_template_set_approval (VigilTemplate *self,
                              const char    *by,
                              gint64         at_us)
{
  g_free (self->approved_by);
  self->approved_by = g_strdup (by);
  self->approved_at = at_us;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_APPROVED]);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_STATE_LABEL]);
}

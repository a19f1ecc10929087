/* vigil-template-editor.c: edit a crisis template with a live preview
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "vigil-template-editor"

#include "config.h"

#include <glib/gi18n.h>

#include "vigil-grapheme.h"
#include "vigil-template-editor.h"
#include "vigil-template-output.h"

struct _VigilTemplateEditor
{
  GtkWidget             parent_instance;

  VigilTemplateLibrary *library;
  VigilTemplate        *shown;     /* a revision, or a new draft (revision 0) */
  VigilTemplate        *draft;     /* the edits not saved yet */
  char                 *locale;
  char                 *platform;  /* "" = any platform */
  char                 *preview;
  gboolean              updating;

  GtkStack             *stack;
  GtkLabel             *heading_label;
  GtkLabel             *subtitle_label;
  GtkLabel             *state_label;
  AdwEntryRow          *title_row;
  GtkDropDown          *scenario_dropdown;
  GtkDropDown          *kind_dropdown;
  GtkDropDown          *locale_dropdown;
  GtkDropDown          *platform_dropdown;
  GtkLabel             *note_label;
  GtkTextView          *body_view;
  GtkLabel             *unfilled_label;
  GtkLabel             *preview_label;
  GtkFlowBox           *counters_box;
  GtkButton            *copy_button;
  GtkButton            *approve_button;
  GtkButton            *save_button;
  GtkListBox           *history_list;
  GStrv                 locales;   /* what locale_dropdown lists */
  GStrv                 scenarios; /* what scenario_dropdown lists */
};

G_DEFINE_FINAL_TYPE (VigilTemplateEditor, vigil_template_editor, GTK_TYPE_WIDGET)

enum {
  MESSAGE,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static VigilTemplate *
current (VigilTemplateEditor *self)
{
  return self->draft ? self->draft : self->shown;
}

static gboolean
is_latest (VigilTemplateEditor *self)
{
  if (!self->shown)
    return FALSE;
  if (vigil_template_get_revision (self->shown) == 0)
    return TRUE;
  return self->library &&
         vigil_template_library_lookup (self->library, vigil_template_get_id (self->shown)) == self->shown;
}

static void
message (VigilTemplateEditor *self,
         const char          *text)
{
  g_signal_emit (self, signals[MESSAGE], 0, text);
}

static char *
format_time (gint64 us)
{
  g_autoptr(GDateTime) utc = g_date_time_new_from_unix_utc (us / G_USEC_PER_SEC);
  g_autoptr(GDateTime) local = utc ? g_date_time_to_local (utc) : NULL;

  return local ? g_date_time_format (local, "%x %H:%M") : g_strdup ("");
}

static GHashTable *
preview_values (VigilTemplateEditor *self)
{
  GHashTable *values = vigil_template_sample_values ();

  if (self->library)
    {
      g_autoptr(GHashTable) defaults = vigil_template_library_dup_defaults (self->library);
      GHashTableIter iter;
      gpointer k, v;

      g_hash_table_iter_init (&iter, defaults);
      while (g_hash_table_iter_next (&iter, &k, &v))
        g_hash_table_insert (values, g_strdup (k), g_strdup (v));
    }
  return values;
}

static void
refresh_preview (VigilTemplateEditor *self)
{
  VigilTemplate *t = current (self);
  g_autoptr(GHashTable) values = NULL;
  g_autoptr(VigilTemplateOutput) output = NULL;
  GtkWidget *child;

  if (!t)
    return;
  values = preview_values (self);
  output = vigil_template_output_new (t, self->locale, self->platform, values);
  g_free (self->preview);
  self->preview = g_strdup (output->text);
  gtk_label_set_text (self->preview_label, output->text);
  gtk_label_set_text (self->note_label, output->note ? output->note : "");
  gtk_widget_set_visible (GTK_WIDGET (self->note_label), output->note != NULL);

  if (output->unfilled->len)
    {
      g_autoptr(GString) names = g_string_new (NULL);
      g_autofree char *text = NULL;

      for (guint i = 0; i < output->unfilled->len; i++)
        g_string_append_printf (names, "%s{%s}", i ? ", " : "", (char *) g_ptr_array_index (output->unfilled, i));
      text = output->unknown->len
             ? g_strdup_printf (_("⚠ Unknown or unfilled variables: %s — check the spelling, or give them a value with “vigil-cli template vars”"), names->str)
             : g_strdup_printf (_("⚠ Unfilled variables: %s — fill them in before you post"), names->str);
      gtk_label_set_text (self->unfilled_label, text);
    }
  gtk_widget_set_visible (GTK_WIDGET (self->unfilled_label), output->unfilled->len > 0);

  /* one counter per platform, on the variant that platform would get */
  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->counters_box))))
    gtk_flow_box_remove (self->counters_box, child);
  for (const char * const *p = vigil_platform_names (); *p; p++)
    {
      g_autoptr(VigilTemplateOutput) o = vigil_template_output_new (t, self->locale, *p, values);
      g_autofree char *text = g_strdup_printf ("%s %u/%u", vigil_platform_display_name (*p), o->length, o->limit);
      GtkWidget *label = gtk_label_new (text);

      gtk_widget_add_css_class (label, "vigil-counter");
      gtk_widget_add_css_class (label, o->over_limit ? "error" : "dim-label");
      if (o->over_limit)
        gtk_widget_set_tooltip_text (label, _("Too long for this platform: shorten it or add a variant for it"));
      gtk_flow_box_append (self->counters_box, label);
    }
}

static void
refresh_buttons (VigilTemplateEditor *self)
{
  gboolean latest = is_latest (self);
  gboolean approved = self->shown && vigil_template_get_approved (self->shown);

  gtk_widget_set_visible (GTK_WIDGET (self->save_button), latest);
  gtk_widget_set_sensitive (GTK_WIDGET (self->save_button), self->draft != NULL);
  gtk_widget_set_visible (GTK_WIDGET (self->approve_button), latest && !approved);
  gtk_widget_set_sensitive (GTK_WIDGET (self->approve_button),
                            !self->draft && self->shown && vigil_template_get_revision (self->shown) > 0);
  gtk_text_view_set_editable (self->body_view, latest);
  gtk_editable_set_editable (GTK_EDITABLE (self->title_row), latest);
  gtk_widget_set_sensitive (GTK_WIDGET (self->scenario_dropdown), latest);
  gtk_widget_set_sensitive (GTK_WIDGET (self->kind_dropdown), latest);
}

static void
load_body (VigilTemplateEditor *self)
{
  VigilTemplate *t = current (self);
  const VigilTemplateVariant *v = t ? vigil_template_pick_variant (t, self->locale, self->platform) : NULL;

  self->updating = TRUE;
  gtk_text_buffer_set_text (gtk_text_view_get_buffer (self->body_view), v ? v->body : "", -1);
  self->updating = FALSE;
  refresh_preview (self);
}

static void
ensure_draft (VigilTemplateEditor *self)
{
  if (!self->draft && self->shown)
    self->draft = vigil_template_get_revision (self->shown) == 0
                  ? g_object_ref (self->shown) : vigil_template_copy_as_draft (self->shown);
}

static void
on_body_changed_cb (GtkTextBuffer       *buffer,
                    VigilTemplateEditor *self)
{
  g_autofree char *text = NULL;
  GtkTextIter start, end;

  if (self->updating || !is_latest (self))
    return;
  gtk_text_buffer_get_bounds (buffer, &start, &end);
  text = gtk_text_buffer_get_text (buffer, &start, &end, FALSE);
  ensure_draft (self);
  vigil_template_set_variant_body (self->draft, self->locale, self->platform, text);
  refresh_preview (self);
  refresh_buttons (self);
}

static void
on_title_changed_cb (VigilTemplateEditor *self)
{
  if (self->updating || !is_latest (self))
    return;
  ensure_draft (self);
  vigil_template_set_title (self->draft, gtk_editable_get_text (GTK_EDITABLE (self->title_row)));
  refresh_buttons (self);
}

static void
on_meta_selected_cb (VigilTemplateEditor *self)
{
  guint s = gtk_drop_down_get_selected (self->scenario_dropdown);
  guint k = gtk_drop_down_get_selected (self->kind_dropdown);

  if (self->updating || !is_latest (self))
    return;
  ensure_draft (self);
  if (s < g_strv_length (self->scenarios))
    vigil_template_set_scenario (self->draft, self->scenarios[s]);
  if (k < g_strv_length ((GStrv) vigil_template_kinds ()))
    vigil_template_set_kind (self->draft, vigil_template_kinds ()[k]);
  refresh_buttons (self);
}

static void
on_variant_selected_cb (VigilTemplateEditor *self)
{
  guint l = gtk_drop_down_get_selected (self->locale_dropdown);
  guint p = gtk_drop_down_get_selected (self->platform_dropdown);

  if (self->updating)
    return;
  if (self->locales && l < g_strv_length (self->locales))
    {
      g_free (self->locale);
      self->locale = g_strdup (self->locales[l]);
    }
  g_free (self->platform);
  self->platform = g_strdup (p == 0 || p == GTK_INVALID_LIST_POSITION ? "" : vigil_platform_names ()[p - 1]);
  load_body (self);
}

static void
rebuild_history (VigilTemplateEditor *self)
{
  g_autoptr(GPtrArray) history = NULL;
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->history_list))))
    gtk_list_box_remove (self->history_list, child);
  if (!self->library || !self->shown || vigil_template_get_revision (self->shown) == 0)
    {
      gtk_widget_set_visible (gtk_widget_get_ancestor (GTK_WIDGET (self->history_list), ADW_TYPE_PREFERENCES_GROUP), FALSE);
      return;
    }
  gtk_widget_set_visible (gtk_widget_get_ancestor (GTK_WIDGET (self->history_list), ADW_TYPE_PREFERENCES_GROUP), TRUE);
  history = vigil_template_library_get_history (self->library, vigil_template_get_id (self->shown));
  for (guint i = history->len; i > 0; i--)
    {
      VigilTemplate *t = g_ptr_array_index (history, i - 1);
      g_autofree char *title = g_strdup_printf (_("Version %" G_GINT64_FORMAT), vigil_template_get_revision (t));
      g_autofree char *saved = format_time (vigil_template_get_saved_at (t));
      g_autofree char *subtitle = NULL;
      GtkWidget *row = adw_action_row_new ();
      GtkWidget *badge;

      if (vigil_template_get_approved (t))
        {
          g_autofree char *approved = format_time (vigil_template_get_approved_at (t));
          subtitle = g_strdup_printf (_("Saved by %s on %s · approved by %s on %s"),
                                      vigil_template_get_saved_by (t), saved,
                                      vigil_template_get_approved_by (t), approved);
        }
      else
        subtitle = g_strdup_printf (_("Saved by %s on %s · not approved"), vigil_template_get_saved_by (t), saved);
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
      adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);
      gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (row), TRUE);
      g_object_set_data_full (G_OBJECT (row), "vigil-template", g_object_ref (t), g_object_unref);
      if (t == self->shown)
        {
          badge = gtk_image_new_from_icon_name ("object-select-symbolic");
          gtk_widget_set_tooltip_text (badge, _("Shown"));
          adw_action_row_add_suffix (ADW_ACTION_ROW (row), badge);
        }
      gtk_list_box_append (self->history_list, row);
    }
}

static void
on_history_row_activated_cb (VigilTemplateEditor *self,
                             GtkListBoxRow       *row)
{
  VigilTemplate *t = g_object_get_data (G_OBJECT (row), "vigil-template");

  if (t && t != self->shown)
    vigil_template_editor_show (self, t);
}

static guint
index_of (const char * const *strv,
          const char         *s)
{
  for (guint i = 0; strv && strv[i]; i++)
    if (g_strcmp0 (strv[i], s) == 0)
      return i;
  return GTK_INVALID_LIST_POSITION;
}

static void
fill_dropdowns (VigilTemplateEditor *self)
{
  VigilTemplate *t = current (self);
  g_autoptr(GStrvBuilder) locales = g_strv_builder_new ();
  g_autoptr(GStrvBuilder) scenarios = g_strv_builder_new ();
  g_autoptr(GtkStringList) locale_list = gtk_string_list_new (NULL);
  g_autoptr(GtkStringList) scenario_list = gtk_string_list_new (NULL);
  g_auto(GStrv) present = vigil_template_dup_locales (t);
  const char *base[] = { "en", "fr", "de", NULL };

  for (guint i = 0; present[i]; i++)
    g_strv_builder_add (locales, present[i]);
  for (guint i = 0; base[i]; i++)
    if (!g_strv_contains ((const char * const *) present, base[i]))
      g_strv_builder_add (locales, base[i]);
  g_strfreev (self->locales);
  self->locales = g_strv_builder_end (locales);
  for (guint i = 0; self->locales[i]; i++)
    {
      /* Translators: a locale with no variant yet, e.g. "de (new)" */
      g_autofree char *label = g_strv_contains ((const char * const *) present, self->locales[i])
                               ? g_strdup (self->locales[i]) : g_strdup_printf (_("%s (new)"), self->locales[i]);
      gtk_string_list_append (locale_list, label);
    }

  g_strv_builder_addv (scenarios, (const char **) vigil_template_scenarios ());
  if (!g_strv_contains (vigil_template_scenarios (), vigil_template_get_scenario (t)))
    g_strv_builder_add (scenarios, vigil_template_get_scenario (t));
  g_strfreev (self->scenarios);
  self->scenarios = g_strv_builder_end (scenarios);
  for (guint i = 0; self->scenarios[i]; i++)
    gtk_string_list_append (scenario_list, vigil_template_scenario_label (self->scenarios[i]));

  self->updating = TRUE;
  gtk_drop_down_set_model (self->locale_dropdown, G_LIST_MODEL (locale_list));
  if (index_of ((const char * const *) self->locales, self->locale) == GTK_INVALID_LIST_POSITION)
    {
      g_free (self->locale);
      self->locale = g_strdup (self->locales[0]);
    }
  gtk_drop_down_set_selected (self->locale_dropdown, index_of ((const char * const *) self->locales, self->locale));
  gtk_drop_down_set_model (self->scenario_dropdown, G_LIST_MODEL (scenario_list));
  gtk_drop_down_set_selected (self->scenario_dropdown,
                              index_of ((const char * const *) self->scenarios, vigil_template_get_scenario (t)));
  gtk_drop_down_set_selected (self->kind_dropdown, index_of (vigil_template_kinds (), vigil_template_get_kind (t)));
  self->updating = FALSE;
}

void
vigil_template_editor_show (VigilTemplateEditor *self,
                            VigilTemplate       *template)
{
  g_autofree char *subtitle = NULL;

  g_return_if_fail (VIGIL_IS_TEMPLATE_EDITOR (self));

  g_clear_object (&self->draft);
  g_set_object (&self->shown, template);
  if (!template)
    {
      gtk_stack_set_visible_child_name (self->stack, "empty");
      return;
    }
  gtk_stack_set_visible_child_name (self->stack, "editor");
  fill_dropdowns (self);

  self->updating = TRUE;
  gtk_label_set_text (self->heading_label, vigil_template_get_title (template));
  subtitle = g_strdup_printf ("%s · %s · %s", vigil_template_get_id (template),
                              vigil_template_scenario_label (vigil_template_get_scenario (template)),
                              vigil_template_kind_label (vigil_template_get_kind (template)));
  gtk_label_set_text (self->subtitle_label, subtitle);
  if (vigil_template_get_revision (template) == 0)
    gtk_label_set_text (self->state_label, _("New · not saved"));
  else
    {
      g_autofree char *state = NULL;
      g_object_get (template, "state-label", &state, NULL);
      gtk_label_set_text (self->state_label, state);
    }
  gtk_widget_remove_css_class (GTK_WIDGET (self->state_label), "success");
  if (vigil_template_get_approved (template))
    gtk_widget_add_css_class (GTK_WIDGET (self->state_label), "success");
  gtk_editable_set_text (GTK_EDITABLE (self->title_row), vigil_template_get_title (template));
  self->updating = FALSE;

  load_body (self);
  rebuild_history (self);
  refresh_buttons (self);
}

VigilTemplate *
vigil_template_editor_get_template (VigilTemplateEditor *self)
{
  return self->shown;
}

char *
vigil_template_editor_get_body (VigilTemplateEditor *self)
{
  GtkTextBuffer *buffer = gtk_text_view_get_buffer (self->body_view);
  GtkTextIter start, end;

  gtk_text_buffer_get_bounds (buffer, &start, &end);
  return gtk_text_buffer_get_text (buffer, &start, &end, FALSE);
}

void
vigil_template_editor_set_body (VigilTemplateEditor *self,
                                const char          *body)
{
  gtk_text_buffer_set_text (gtk_text_view_get_buffer (self->body_view), body, -1);
}

void
vigil_template_editor_set_variant (VigilTemplateEditor *self,
                                   const char          *locale,
                                   const char          *platform)
{
  guint l = index_of ((const char * const *) self->locales, locale);
  guint p = platform && *platform ? index_of (vigil_platform_names (), platform) : GTK_INVALID_LIST_POSITION;

  if (l != GTK_INVALID_LIST_POSITION)
    gtk_drop_down_set_selected (self->locale_dropdown, l);
  gtk_drop_down_set_selected (self->platform_dropdown, p == GTK_INVALID_LIST_POSITION ? 0 : p + 1);
}

const char *
vigil_template_editor_get_preview (VigilTemplateEditor *self)
{
  return self->preview;
}

gboolean
vigil_template_editor_save (VigilTemplateEditor *self)
{
  g_autoptr(GError) error = NULL;
  VigilTemplate *saved;
  g_autofree char *text = NULL;

  if (!self->draft || !self->library)
    return FALSE;
  saved = vigil_template_library_save (self->library, self->draft, vigil_template_get_revision (self->shown),
                                       NULL, &error);
  if (!saved)
    {
      message (self, error->message);
      return FALSE;
    }
  text = g_strdup_printf (_("Saved version %" G_GINT64_FORMAT " as a draft"), vigil_template_get_revision (saved));
  vigil_template_editor_show (self, saved);
  message (self, text);
  return TRUE;
}

gboolean
vigil_template_editor_approve (VigilTemplateEditor *self)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *text = NULL;
  const char *id;

  if (!self->shown || self->draft || !self->library)
    return FALSE;
  id = vigil_template_get_id (self->shown);
  if (!vigil_template_library_approve (self->library, id, vigil_template_get_revision (self->shown), NULL, &error))
    {
      message (self, error->message);
      return FALSE;
    }
  vigil_template_editor_show (self, vigil_template_library_lookup (self->library, id));
  text = g_strdup_printf (_("Version %" G_GINT64_FORMAT " approved"), vigil_template_get_revision (self->shown));
  message (self, text);
  return TRUE;
}

static void
on_save_clicked_cb (VigilTemplateEditor *self)
{
  vigil_template_editor_save (self);
}

static void
save_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  vigil_template_editor_save (VIGIL_TEMPLATE_EDITOR (widget));
}

static void
on_approve_clicked_cb (VigilTemplateEditor *self)
{
  vigil_template_editor_approve (self);
}

static void
on_copy_clicked_cb (VigilTemplateEditor *self)
{
  if (!self->preview)
    return;
  gdk_clipboard_set_text (gtk_widget_get_clipboard (GTK_WIDGET (self)), self->preview);
  message (self, _("Copied to the clipboard"));
}

void
vigil_template_editor_set_library (VigilTemplateEditor  *self,
                                   VigilTemplateLibrary *library)
{
  g_set_object (&self->library, library);
}

static void
vigil_template_editor_dispose (GObject *object)
{
  VigilTemplateEditor *self = VIGIL_TEMPLATE_EDITOR (object);

  gtk_widget_dispose_template (GTK_WIDGET (self), VIGIL_TYPE_TEMPLATE_EDITOR);
  g_clear_object (&self->library);
  g_clear_object (&self->shown);
  g_clear_object (&self->draft);
  G_OBJECT_CLASS (vigil_template_editor_parent_class)->dispose (object);
}

static void
vigil_template_editor_finalize (GObject *object)
{
  VigilTemplateEditor *self = VIGIL_TEMPLATE_EDITOR (object);

  g_free (self->locale);
  g_free (self->platform);
  g_free (self->preview);
  g_strfreev (self->locales);
  g_strfreev (self->scenarios);
  G_OBJECT_CLASS (vigil_template_editor_parent_class)->finalize (object);
}

static void
vigil_template_editor_class_init (VigilTemplateEditorClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = vigil_template_editor_dispose;
  object_class->finalize = vigil_template_editor_finalize;

  signals[MESSAGE] = g_signal_new ("message", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                   0, NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_STRING);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/vigilapp/Vigil/templates/vigil-template-editor.ui");
  gtk_widget_class_bind_template_child (widget_class, VigilTemplateEditor, stack);
  gtk_widget_class_bind_template_child (widget_class, VigilTemplateEditor, heading_label);
  gtk_widget_class_bind_template_child (widget_class, VigilTemplateEditor, subtitle_label);
  gtk_widget_class_bind_template_child (widget_class, VigilTemplateEditor, state_label);
  gtk_widget_class_bind_template_child (widget_class, VigilTemplateEditor, title_row);
  gtk_widget_class_bind_template_child (widget_class, VigilTemplateEditor, scenario_dropdown);
  gtk_widget_class_bind_template_child (widget_class, VigilTemplateEditor, kind_dropdown);
  gtk_widget_class_bind_template_child (widget_class, VigilTemplateEditor, locale_dropdown);
  gtk_widget_class_bind_template_child (widget_class, VigilTemplateEditor, platform_dropdown);
  gtk_widget_class_bind_template_child (widget_class, VigilTemplateEditor, note_label);
  gtk_widget_class_bind_template_child (widget_class, VigilTemplateEditor, body_view);
  gtk_widget_class_bind_template_child (widget_class, VigilTemplateEditor, unfilled_label);
  gtk_widget_class_bind_template_child (widget_class, VigilTemplateEditor, preview_label);
  gtk_widget_class_bind_template_child (widget_class, VigilTemplateEditor, counters_box);
  gtk_widget_class_bind_template_child (widget_class, VigilTemplateEditor, copy_button);
  gtk_widget_class_bind_template_child (widget_class, VigilTemplateEditor, approve_button);
  gtk_widget_class_bind_template_child (widget_class, VigilTemplateEditor, save_button);
  gtk_widget_class_bind_template_child (widget_class, VigilTemplateEditor, history_list);
  gtk_widget_class_bind_template_callback (widget_class, on_title_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_save_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_approve_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_copy_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_history_row_activated_cb);
  gtk_widget_class_install_action (widget_class, "editor.save", NULL, save_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_s, GDK_CONTROL_MASK, "editor.save", NULL);
}

static void
vigil_template_editor_init (VigilTemplateEditor *self)
{
  g_autoptr(GtkStringList) kinds = gtk_string_list_new (NULL);
  g_autoptr(GtkStringList) platforms = gtk_string_list_new (NULL);

  gtk_widget_init_template (GTK_WIDGET (self));
  self->locale = g_strdup ("en");
  self->platform = g_strdup ("");

  for (const char * const *k = vigil_template_kinds (); *k; k++)
    gtk_string_list_append (kinds, vigil_template_kind_label (*k));
  gtk_drop_down_set_model (self->kind_dropdown, G_LIST_MODEL (kinds));
  gtk_string_list_append (platforms, _("Any platform"));
  for (const char * const *p = vigil_platform_names (); *p; p++)
    gtk_string_list_append (platforms, vigil_platform_display_name (*p));
  gtk_drop_down_set_model (self->platform_dropdown, G_LIST_MODEL (platforms));

  g_signal_connect (gtk_text_view_get_buffer (self->body_view), "changed", G_CALLBACK (on_body_changed_cb), self);
  g_signal_connect_swapped (self->locale_dropdown, "notify::selected", G_CALLBACK (on_variant_selected_cb), self);
  g_signal_connect_swapped (self->platform_dropdown, "notify::selected", G_CALLBACK (on_variant_selected_cb), self);
  g_signal_connect_swapped (self->scenario_dropdown, "notify::selected", G_CALLBACK (on_meta_selected_cb), self);
  g_signal_connect_swapped (self->kind_dropdown, "notify::selected", G_CALLBACK (on_meta_selected_cb), self);
}

/* vigil-template-responder.c: "Respond with template…" from a triage case
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "vigil-template-responder"

#include "config.h"

#include <glib/gi18n.h>

#include "vigil-grapheme.h"
#include "vigil-playbook-button.h"
#include "vigil-template-output.h"
#include "vigil-template-responder.h"

struct _VigilTemplateResponder
{
  AdwWindow             parent_instance;

  VigilCaseBoard       *board;
  VigilCase            *kase;
  VigilTemplateLibrary *library;
  VigilTemplate        *template;
  GHashTable           *values;
  char                 *platform;
  char                 *locale;
  GStrv                 locales;
  gboolean              updating;

  AdwToastOverlay      *toast_overlay;
  GtkSearchEntry       *search_entry;
  GtkListBox           *list_box;
  GtkLabel             *heading_label;
  GtkDropDown          *platform_dropdown;
  GtkDropDown          *locale_dropdown;
  GtkLabel             *counter_label;
  GtkTextView          *text_view;
  GtkLabel             *warning_label;
  GtkLabel             *note_label;
};

G_DEFINE_FINAL_TYPE (VigilTemplateResponder, vigil_template_responder, ADW_TYPE_WINDOW)

char *
vigil_template_responder_get_text (VigilTemplateResponder *self)
{
  GtkTextBuffer *buffer = gtk_text_view_get_buffer (self->text_view);
  GtkTextIter start, end;

  gtk_text_buffer_get_bounds (buffer, &start, &end);
  return gtk_text_buffer_get_text (buffer, &start, &end, FALSE);
}

void
vigil_template_responder_set_text (VigilTemplateResponder *self,
                                   const char             *text)
{
  gtk_text_buffer_set_text (gtk_text_view_get_buffer (self->text_view), text, -1);
}

/* Counts what is in the editor, and warns about {variables} still in it. */
static void
update_counter (VigilTemplateResponder *self)
{
  g_autofree char *text = vigil_template_responder_get_text (self);
  g_autoptr(VigilTemplateOutput) out = vigil_template_output_new_for_body (text, self->platform, NULL);
  g_autofree char *count = g_strdup_printf ("%u/%u", out->length, out->limit);

  gtk_label_set_text (self->counter_label, count);
  gtk_widget_remove_css_class (GTK_WIDGET (self->counter_label), "error");
  gtk_widget_remove_css_class (GTK_WIDGET (self->counter_label), "dim-label");
  gtk_widget_add_css_class (GTK_WIDGET (self->counter_label), out->over_limit ? "error" : "dim-label");
  if (out->unfilled->len)
    {
      g_autoptr(GString) names = g_string_new (NULL);
      g_autofree char *warning = NULL;

      for (guint i = 0; i < out->unfilled->len; i++)
        g_string_append_printf (names, "%s{%s}", i ? ", " : "", (char *) g_ptr_array_index (out->unfilled, i));
      warning = g_strdup_printf (_("⚠ Fill in before sending: %s"), names->str);
      gtk_label_set_text (self->warning_label, warning);
    }
  gtk_widget_set_visible (GTK_WIDGET (self->warning_label), out->unfilled->len > 0);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "responder.copy", self->template != NULL);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "responder.save", self->template != NULL && *text);
}

static void
fill (VigilTemplateResponder *self)
{
  g_autoptr(VigilTemplateOutput) out = NULL;

  if (!self->template)
    return;
  out = vigil_template_output_new (self->template, self->locale, self->platform, self->values);
  self->updating = TRUE;
  vigil_template_responder_set_text (self, out->text);
  self->updating = FALSE;
  gtk_label_set_text (self->note_label, out->note ? out->note : "");
  update_counter (self);
}

static void
on_text_changed_cb (GtkTextBuffer          *buffer,
                    VigilTemplateResponder *self)
{
  if (!self->updating)
    update_counter (self);
}

static void
on_variant_selected_cb (VigilTemplateResponder *self)
{
  guint p = gtk_drop_down_get_selected (self->platform_dropdown);
  guint l = gtk_drop_down_get_selected (self->locale_dropdown);

  if (self->updating)
    return;
  if (p < g_strv_length ((GStrv) vigil_platform_names ()))
    {
      g_free (self->platform);
      self->platform = g_strdup (vigil_platform_names ()[p]);
    }
  if (self->locales && l < g_strv_length (self->locales))
    {
      g_free (self->locale);
      self->locale = g_strdup (self->locales[l]);
    }
  fill (self);
}

gboolean
vigil_template_responder_select (VigilTemplateResponder *self,
                                 const char             *template_id)
{
  /* the approved version when there is one: that is what may be sent */
  VigilTemplate *t = vigil_template_library_lookup_approved (self->library, template_id);
  g_autoptr(GtkStringList) labels = gtk_string_list_new (NULL);
  g_autofree char *heading = NULL;

  if (!t)
    t = vigil_template_library_lookup (self->library, template_id);
  if (!t)
    return FALSE;
  g_set_object (&self->template, t);
  g_strfreev (self->locales);
  self->locales = vigil_template_dup_locales (t);
  for (guint i = 0; self->locales[i]; i++)
    gtk_string_list_append (labels, self->locales[i]);
  self->updating = TRUE;
  gtk_drop_down_set_model (self->locale_dropdown, G_LIST_MODEL (labels));
  {
    guint index = 0;
    for (guint i = 0; self->locales[i]; i++)
      if (g_strcmp0 (self->locales[i], self->locale) == 0)
        index = i;
    gtk_drop_down_set_selected (self->locale_dropdown, index);
    g_free (self->locale);
    self->locale = g_strdup (self->locales[index]);
  }
  self->updating = FALSE;
  heading = vigil_template_get_approved (t)
            ? g_strdup_printf (_("%s (version %" G_GINT64_FORMAT ", approved)"), vigil_template_get_title (t),
                               vigil_template_get_revision (t))
            : g_strdup_printf (_("%s (version %" G_GINT64_FORMAT ", draft: not approved yet)"),
                               vigil_template_get_title (t), vigil_template_get_revision (t));
  gtk_label_set_text (self->heading_label, heading);
  fill (self);
  return TRUE;
}

void
vigil_template_responder_set_platform (VigilTemplateResponder *self,
                                       const char             *platform)
{
  for (guint i = 0; vigil_platform_names ()[i]; i++)
    if (g_strcmp0 (vigil_platform_names ()[i], platform) == 0)
      gtk_drop_down_set_selected (self->platform_dropdown, i);
}

static void
on_row_selected_cb (VigilTemplateResponder *self,
                    GtkListBoxRow          *row)
{
  const char *id = row ? g_object_get_data (G_OBJECT (row), "vigil-template-id") : NULL;

  if (id)
    vigil_template_responder_select (self, id);
}

static void
rebuild_list (VigilTemplateResponder *self)
{
  const char *text = gtk_editable_get_text (GTK_EDITABLE (self->search_entry));
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->list_box))))
    gtk_list_box_remove (self->list_box, child);
  /* approved templates first: those are the ones to use */
  for (guint pass = 0; pass < 2; pass++)
    {
      g_autoptr(GPtrArray) found = vigil_template_library_filter (self->library, text, NULL, NULL, NULL, NULL,
                                                                  pass == 0 ? "approved" : "draft");

      for (guint i = 0; i < found->len; i++)
        {
          VigilTemplate *t = g_ptr_array_index (found, i);
          GtkWidget *row = adw_action_row_new ();
          g_autofree char *subtitle = g_strdup_printf ("%s · %s%s",
                                                       vigil_template_scenario_label (vigil_template_get_scenario (t)),
                                                       vigil_template_kind_label (vigil_template_get_kind (t)),
                                                       pass == 0 ? "" : _(" · draft"));

          adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), vigil_template_get_title (t));
          adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
          adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);
          g_object_set_data_full (G_OBJECT (row), "vigil-template-id", g_strdup (vigil_template_get_id (t)), g_free);
          gtk_list_box_append (self->list_box, row);
        }
    }
}

static void
on_search_changed_cb (VigilTemplateResponder *self)
{
  rebuild_list (self);
}

gboolean
vigil_template_responder_save (VigilTemplateResponder  *self,
                               GError                 **error)
{
  g_autofree char *text = vigil_template_responder_get_text (self);

  if (!self->template)
    {
      g_set_error (error, VIGIL_TEMPLATE_ERROR, VIGIL_TEMPLATE_ERROR_NOT_FOUND, _("Pick a template first"));
      return FALSE;
    }
  return vigil_case_board_save_draft (self->board, self->kase, text, vigil_template_get_id (self->template),
                                      vigil_template_get_revision (self->template), NULL, error);
}

static void
save_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  VigilTemplateResponder *self = VIGIL_TEMPLATE_RESPONDER (widget);
  g_autoptr(GError) error = NULL;

  if (!vigil_template_responder_save (self, &error))
    {
      adw_toast_overlay_add_toast (self->toast_overlay, adw_toast_new (error->message));
      return;
    }
  gtk_window_close (GTK_WINDOW (self));
}

static void
copy_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  VigilTemplateResponder *self = VIGIL_TEMPLATE_RESPONDER (widget);
  g_autofree char *text = vigil_template_responder_get_text (self);

  gdk_clipboard_set_text (gtk_widget_get_clipboard (widget), text);
  adw_toast_overlay_add_toast (self->toast_overlay, adw_toast_new (_("Copied to the clipboard")));
}

GtkWidget *
vigil_template_responder_new (VigilCaseBoard       *board,
                              VigilCase            *kase,
                              VigilTemplateLibrary *library)
{
  VigilTemplateResponder *self = g_object_new (VIGIL_TYPE_TEMPLATE_RESPONDER, NULL);
  VigilContext *context = vigil_case_board_get_context (board);
  VigilPost *post = vigil_case_get_post (kase);

  self->board = g_object_ref (board);
  self->kase = g_object_ref (kase);
  self->library = g_object_ref (library);
  self->values = vigil_template_values_for_case (library, kase, vigil_context_now_us (context));
  if (post && vigil_post_get_lang (post) && *vigil_post_get_lang (post))
    {
      g_free (self->locale);
      self->locale = g_strndup (vigil_post_get_lang (post), 16);
    }
  if (post && vigil_post_get_platform (post) == VIGIL_PLATFORM_BLUESKY)
    vigil_template_responder_set_platform (self, "bluesky");
  rebuild_list (self);
  return GTK_WIDGET (self);
}

static void
on_respond_clicked_cb (GtkButton *button,
                       gpointer   user_data)
{
  VigilCaseBoard *board = g_object_get_data (G_OBJECT (button), "vigil-board");
  VigilCase *kase = g_object_get_data (G_OBJECT (button), "vigil-case");
  VigilContext *context = vigil_case_board_get_context (board);
  VigilTemplateLibrary *library = vigil_context_ensure_service (context, VIGIL_TYPE_TEMPLATE_LIBRARY);
  GtkWidget *responder;

  vigil_template_library_load (library, NULL);
  responder = vigil_template_responder_new (board, kase, library);
  gtk_window_set_transient_for (GTK_WINDOW (responder), GTK_WINDOW (gtk_widget_get_root (GTK_WIDGET (button))));
  gtk_window_present (GTK_WINDOW (responder));
}

void
vigil_template_responder_attach (GtkWidget      *case_view,
                                 GtkBox         *actions,
                                 VigilCaseBoard *board,
                                 VigilCase      *kase)
{
  GtkWidget *button = gtk_button_new_with_mnemonic (_("Respond with _Template…"));

  gtk_widget_set_name (button, "respond-with-template");
  gtk_widget_set_tooltip_text (button, _("Fill an approved crisis template from this case"));
  g_object_set_data_full (G_OBJECT (button), "vigil-board", g_object_ref (board), g_object_unref);
  g_object_set_data_full (G_OBJECT (button), "vigil-case", g_object_ref (kase), g_object_unref);
  g_signal_connect (button, "clicked", G_CALLBACK (on_respond_clicked_cb), NULL);
  gtk_box_append (actions, button);
  gtk_box_append (actions, vigil_playbook_button_new (board, kase));
}

static void
vigil_template_responder_dispose (GObject *object)
{
  VigilTemplateResponder *self = VIGIL_TEMPLATE_RESPONDER (object);

  gtk_widget_dispose_template (GTK_WIDGET (self), VIGIL_TYPE_TEMPLATE_RESPONDER);
  g_clear_object (&self->board);
  g_clear_object (&self->kase);
  g_clear_object (&self->library);
  g_clear_object (&self->template);
  g_clear_pointer (&self->values, g_hash_table_unref);
  G_OBJECT_CLASS (vigil_template_responder_parent_class)->dispose (object);
}

static void
vigil_template_responder_finalize (GObject *object)
{
  VigilTemplateResponder *self = VIGIL_TEMPLATE_RESPONDER (object);

  g_free (self->platform);
  g_free (self->locale);
  g_strfreev (self->locales);
  G_OBJECT_CLASS (vigil_template_responder_parent_class)->finalize (object);
}

static void
vigil_template_responder_class_init (VigilTemplateResponderClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = vigil_template_responder_dispose;
  object_class->finalize = vigil_template_responder_finalize;

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/vigilapp/Vigil/templates/vigil-template-responder.ui");
  gtk_widget_class_bind_template_child (widget_class, VigilTemplateResponder, toast_overlay);
  gtk_widget_class_bind_template_child (widget_class, VigilTemplateResponder, search_entry);
  gtk_widget_class_bind_template_child (widget_class, VigilTemplateResponder, list_box);
  gtk_widget_class_bind_template_child (widget_class, VigilTemplateResponder, heading_label);
  gtk_widget_class_bind_template_child (widget_class, VigilTemplateResponder, platform_dropdown);
  gtk_widget_class_bind_template_child (widget_class, VigilTemplateResponder, locale_dropdown);
  gtk_widget_class_bind_template_child (widget_class, VigilTemplateResponder, counter_label);
  gtk_widget_class_bind_template_child (widget_class, VigilTemplateResponder, text_view);
  gtk_widget_class_bind_template_child (widget_class, VigilTemplateResponder, warning_label);
  gtk_widget_class_bind_template_child (widget_class, VigilTemplateResponder, note_label);
  gtk_widget_class_bind_template_callback (widget_class, on_search_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_row_selected_cb);
  gtk_widget_class_install_action (widget_class, "responder.save", NULL, save_action);
  gtk_widget_class_install_action (widget_class, "responder.copy", NULL, copy_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_s, GDK_CONTROL_MASK, "responder.save", NULL);
}

static void
vigil_template_responder_init (VigilTemplateResponder *self)
{
  g_autoptr(GtkStringList) platforms = gtk_string_list_new (NULL);

  gtk_widget_init_template (GTK_WIDGET (self));
  self->platform = g_strdup ("mastodon");
  self->locale = g_strdup ("en");
  for (const char * const *p = vigil_platform_names (); *p; p++)
    gtk_string_list_append (platforms, vigil_platform_display_name (*p));
  gtk_drop_down_set_model (self->platform_dropdown, G_LIST_MODEL (platforms));
  g_signal_connect (gtk_text_view_get_buffer (self->text_view), "changed", G_CALLBACK (on_text_changed_cb), self);
  g_signal_connect_swapped (self->platform_dropdown, "notify::selected", G_CALLBACK (on_variant_selected_cb), self);
  g_signal_connect_swapped (self->locale_dropdown, "notify::selected", G_CALLBACK (on_variant_selected_cb), self);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "responder.copy", FALSE);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "responder.save", FALSE);
}

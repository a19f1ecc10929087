/* vigil-sources-page.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "vigil-sources-page"

#include "config.h"

#include <glib/gi18n.h>

#include "vigil-opml.h"
#include "vigil-source-editor.h"
#include "vigil-source-row.h"
#include "vigil-sources-page.h"

struct _VigilSourcesPage
{
  AdwPreferencesPage  parent_instance;

  VigilSourceManager *manager;
  GtkWidget          *editor;  /* the open Add/Edit page, or NULL */
  GtkFileChooserNative *chooser;

  GtkListBox         *list;
  AdwEntryRow        *watches_instance_row;
};

G_DEFINE_FINAL_TYPE (VigilSourcesPage, vigil_sources_page, ADW_TYPE_PREFERENCES_PAGE)

static void
toast (VigilSourcesPage *self,
       const char       *message)
{
  GtkWidget *window = gtk_widget_get_ancestor (GTK_WIDGET (self), ADW_TYPE_PREFERENCES_WINDOW);

  if (window != NULL)
    adw_preferences_window_add_toast (ADW_PREFERENCES_WINDOW (window), adw_toast_new (message));
  else
    g_debug ("%s", message);
}

static void
on_editor_done_cb (GtkWidget        *editor,
                   VigilSourcesPage *self)
{
  GtkWidget *window = gtk_widget_get_ancestor (GTK_WIDGET (self), ADW_TYPE_PREFERENCES_WINDOW);

  if (window != NULL)
    adw_preferences_window_close_subpage (ADW_PREFERENCES_WINDOW (window));
  if (self->editor == editor)
    self->editor = NULL;
}

GtkWidget *
vigil_sources_page_open_editor (VigilSourcesPage *self,
                                VigilSource      *source)
{
  GtkWidget *window;
  GtkWidget *editor;

  g_return_val_if_fail (VIGIL_IS_SOURCES_PAGE (self), NULL);

  editor = vigil_source_editor_new (self->manager, source);
  g_signal_connect_object (editor, "done", G_CALLBACK (on_editor_done_cb), self, 0);
  self->editor = editor;

  window = gtk_widget_get_ancestor (GTK_WIDGET (self), ADW_TYPE_PREFERENCES_WINDOW);
  if (window != NULL)
    adw_preferences_window_present_subpage (ADW_PREFERENCES_WINDOW (window), editor);
  return editor;
}

static void
on_remove_response_cb (AdwMessageDialog *dialog,
                       const char       *response,
                       VigilSourcesPage *self)
{
  VigilSource *source = g_object_get_data (G_OBJECT (dialog), "source");
  g_autoptr(GError) error = NULL;

  if (g_strcmp0 (response, "remove") != 0 || source == NULL)
    return;
  if (!vigil_source_manager_remove (self->manager, source, &error))
    toast (self, error->message);
}

AdwMessageDialog *
vigil_sources_page_confirm_remove (VigilSourcesPage *self,
                                   VigilSource      *source)
{
  GtkRoot *root;
  AdwMessageDialog *dialog;
  gboolean derived;

  g_return_val_if_fail (VIGIL_IS_SOURCES_PAGE (self), NULL);

  root = gtk_widget_get_root (GTK_WIDGET (self));
  derived = vigil_source_manager_is_derived (self->manager, source);
  dialog = ADW_MESSAGE_DIALOG (adw_message_dialog_new (GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL,
                                                       derived ? _("Stop Following the Watches?")
                                                               : _("Remove Source?"),
                                                       NULL));
  adw_message_dialog_format_body (dialog,
                                  derived
                                  ? _("Vigil will stop following your watches on this instance. "
                                      "The posts already archived stay in the archive.")
                                  : _("Vigil will stop listening to “%s”. The posts already "
                                      "archived stay in the archive."),
                                  vigil_source_manager_get_label (self->manager, source));
  adw_message_dialog_add_responses (dialog,
                                    "cancel", _("_Cancel"),
                                    "remove", _("_Remove"),
                                    NULL);
  adw_message_dialog_set_response_appearance (dialog, "remove", ADW_RESPONSE_DESTRUCTIVE);
  adw_message_dialog_set_default_response (dialog, "cancel");
  adw_message_dialog_set_close_response (dialog, "cancel");
  g_object_set_data_full (G_OBJECT (dialog), "source", g_object_ref (source), g_object_unref);
  g_signal_connect_object (dialog, "response", G_CALLBACK (on_remove_response_cb), self, 0);
  gtk_window_present (GTK_WINDOW (dialog));
  return dialog;
}

static void
on_row_edit_cb (VigilSourceRow   *row,
                VigilSourcesPage *self)
{
  vigil_sources_page_open_editor (self, vigil_source_row_get_source (row));
}

static void
on_row_remove_cb (VigilSourceRow   *row,
                  VigilSourcesPage *self)
{
  vigil_sources_page_confirm_remove (self, vigil_source_row_get_source (row));
}

static GtkWidget *
create_row_cb (gpointer item,
               gpointer user_data)
{
  VigilSourcesPage *self = user_data;
  GtkWidget *row = vigil_source_row_new (self->manager, VIGIL_SOURCE (item));

  g_signal_connect_object (row, "edit-requested", G_CALLBACK (on_row_edit_cb), self, 0);
  g_signal_connect_object (row, "remove-requested", G_CALLBACK (on_row_remove_cb), self, 0);
  return row;
}

static void
add_action (GtkWidget  *widget,
            const char *action_name,
            GVariant   *parameter)
{
  vigil_sources_page_open_editor (VIGIL_SOURCES_PAGE (widget), NULL);
}

static void
on_watches_instance_apply_cb (VigilSourcesPage *self)
{
  g_autoptr(GError) error = NULL;
  const char *text = gtk_editable_get_text (GTK_EDITABLE (self->watches_instance_row));
  g_autofree char *instance = NULL;

  instance = strstr (text, "://") != NULL ? g_strstrip (g_strdup (text))
                                          : g_strconcat ("https://", g_strstrip (g_strdup (text)), NULL);
  if (!vigil_source_manager_add_watches (self->manager, instance, NULL, NULL, &error))
    {
      toast (self, error->message);
      return;
    }
  gtk_editable_set_text (GTK_EDITABLE (self->watches_instance_row), "");
  toast (self, _("Vigil now follows your watches on this instance."));
}

/* --- OPML --- */

guint
vigil_sources_page_import_opml (VigilSourcesPage *self,
                                GFile            *file)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(GPtrArray) outlines = NULL;
  g_autofree char *message = NULL;
  guint added = 0, skipped = 0;

  bytes = g_file_load_bytes (file, NULL, NULL, &error);
  if (bytes != NULL)
    outlines = vigil_opml_parse (bytes, &error);
  if (outlines == NULL)
    {
      g_autofree char *name = g_file_get_parse_name (file);

      message = g_strdup_printf (_("Could not import %s: %s"), name, error->message);
      toast (self, message);
      return 0;
    }
  for (guint i = 0; i < outlines->len; i++)
    {
      VigilOpmlOutline *outline = g_ptr_array_index (outlines, i);
      g_autofree char *spec = g_strconcat ("rss:", outline->xml_url, NULL);
      g_autoptr(GError) add_error = NULL;

      if (vigil_source_manager_add (self->manager, spec, outline->title, NULL, &add_error) != NULL)
        added++;
      else
        {
          g_debug ("Skipped %s: %s", outline->xml_url, add_error->message);
          skipped++;
        }
    }
  if (skipped > 0)
    message = g_strdup_printf (_("Imported %u feeds; %u were skipped (already there, or not a valid address)."),
                               added, skipped);
  else
    message = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "Imported %u feed.", "Imported %u feeds.", added),
                               added);
  toast (self, message);
  return added;
}

gboolean
vigil_sources_page_export_opml (VigilSourcesPage *self,
                                GFile            *file)
{
  g_autoptr(GPtrArray) outlines = g_ptr_array_new_with_free_func ((GDestroyNotify) vigil_opml_outline_free);
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(GError) error = NULL;
  guint n = g_list_model_get_n_items (G_LIST_MODEL (self->manager));
  g_autofree char *message = NULL;

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(VigilSource) source = g_list_model_get_item (G_LIST_MODEL (self->manager), i);
      const char *spec = vigil_source_manager_get_spec (self->manager, source);
      const char *label = vigil_source_manager_get_label (self->manager, source);
      const char *colon = strchr (spec, ':');

      if (!g_str_has_prefix (spec, "rss:") && !g_str_has_prefix (spec, "atom:")
          && !g_str_has_prefix (spec, "feed:"))
        continue;
      g_ptr_array_add (outlines, vigil_opml_outline_new (colon + 1,
                                                         g_strcmp0 (label, spec) != 0 ? label : NULL,
                                                         NULL));
    }
  bytes = vigil_opml_write (outlines, _("Vigil feeds"));
  if (!g_file_replace_contents (file, g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes),
                                NULL, FALSE, G_FILE_CREATE_REPLACE_DESTINATION, NULL, NULL, &error))
    {
      message = g_strdup_printf (_("Could not save the feeds: %s"), error->message);
      toast (self, message);
      return FALSE;
    }
  message = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "Exported %u feed.", "Exported %u feeds.",
                                          outlines->len),
                             outlines->len);
  toast (self, message);
  return TRUE;
}

static void
on_chooser_response_cb (GtkNativeDialog  *chooser,
                        int               response,
                        VigilSourcesPage *self)
{
  gboolean save = gtk_file_chooser_get_action (GTK_FILE_CHOOSER (chooser)) == GTK_FILE_CHOOSER_ACTION_SAVE;
  g_autoptr(GFile) file = NULL;

  if (response == GTK_RESPONSE_ACCEPT)
    file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (chooser));
  g_clear_object (&self->chooser);
  if (file == NULL)
    return;
  if (save)
    vigil_sources_page_export_opml (self, file);
  else
    vigil_sources_page_import_opml (self, file);
}

static void
open_chooser (VigilSourcesPage     *self,
              GtkFileChooserAction  action)
{
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));
  g_autoptr(GtkFileFilter) filter = gtk_file_filter_new ();
  gboolean save = action == GTK_FILE_CHOOSER_ACTION_SAVE;

  g_clear_object (&self->chooser);
  self->chooser = gtk_file_chooser_native_new (save ? _("Export Feeds") : _("Import Feeds"),
                                               GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL,
                                               action,
                                               save ? _("_Export") : _("_Import"),
                                               _("_Cancel"));
  gtk_file_filter_set_name (filter, _("OPML files"));
  gtk_file_filter_add_pattern (filter, "*.opml");
  gtk_file_filter_add_pattern (filter, "*.xml");
  gtk_file_filter_add_mime_type (filter, "text/x-opml+xml");
  gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (self->chooser), filter);
  if (save)
    gtk_file_chooser_set_current_name (GTK_FILE_CHOOSER (self->chooser), "vigil-feeds.opml");
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (self->chooser), TRUE);
  g_signal_connect (self->chooser, "response", G_CALLBACK (on_chooser_response_cb), self);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (self->chooser));
}

static void
import_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  open_chooser (VIGIL_SOURCES_PAGE (widget), GTK_FILE_CHOOSER_ACTION_OPEN);
}

static void
export_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  open_chooser (VIGIL_SOURCES_PAGE (widget), GTK_FILE_CHOOSER_ACTION_SAVE);
}

/* --- object --- */

static void
vigil_sources_page_dispose (GObject *object)
{
  VigilSourcesPage *self = (VigilSourcesPage *) object;

  if (self->chooser != NULL)
    gtk_native_dialog_destroy (GTK_NATIVE_DIALOG (self->chooser));
  g_clear_object (&self->chooser);
  if (self->list != NULL)
    gtk_list_box_bind_model (self->list, NULL, NULL, NULL, NULL);
  gtk_widget_dispose_template (GTK_WIDGET (self), VIGIL_TYPE_SOURCES_PAGE);
  g_clear_object (&self->manager);
  G_OBJECT_CLASS (vigil_sources_page_parent_class)->dispose (object);
}

static void
vigil_sources_page_class_init (VigilSourcesPageClass *klass)
{
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  G_OBJECT_CLASS (klass)->dispose = vigil_sources_page_dispose;

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/vigilapp/Vigil/preferences/vigil-sources-page.ui");
  gtk_widget_class_bind_template_child (widget_class, VigilSourcesPage, list);
  gtk_widget_class_bind_template_child (widget_class, VigilSourcesPage, watches_instance_row);

  gtk_widget_class_install_action (widget_class, "sources.add", NULL, add_action);
  gtk_widget_class_install_action (widget_class, "sources.import-opml", NULL, import_action);
  gtk_widget_class_install_action (widget_class, "sources.export-opml", NULL, export_action);
}

static void
vigil_sources_page_init (VigilSourcesPage *self)
{
  GtkWidget *placeholder;

  gtk_widget_init_template (GTK_WIDGET (self));

  placeholder = gtk_label_new (_("No sources yet. Press “Add Source” to listen to a Mastodon "
                                 "instance, Bluesky or a news feed."));
  gtk_label_set_wrap (GTK_LABEL (placeholder), TRUE);
  gtk_label_set_justify (GTK_LABEL (placeholder), GTK_JUSTIFY_CENTER);
  gtk_widget_set_margin_top (placeholder, 18);
  gtk_widget_set_margin_bottom (placeholder, 18);
  gtk_widget_set_margin_start (placeholder, 12);
  gtk_widget_set_margin_end (placeholder, 12);
  gtk_widget_add_css_class (placeholder, "dim-label");
  gtk_list_box_set_placeholder (self->list, placeholder);

  g_signal_connect_swapped (self->watches_instance_row, "apply",
                            G_CALLBACK (on_watches_instance_apply_cb), self);
}

GtkWidget *
vigil_sources_page_new (VigilSourceManager *manager)
{
  VigilSourcesPage *self = g_object_new (VIGIL_TYPE_SOURCES_PAGE, NULL);

  vigil_sources_page_set_manager (self, manager);
  return GTK_WIDGET (self);
}

void
vigil_sources_page_set_manager (VigilSourcesPage   *self,
                                VigilSourceManager *manager)
{
  g_return_if_fail (VIGIL_IS_SOURCES_PAGE (self));
  g_return_if_fail (VIGIL_IS_SOURCE_MANAGER (manager));

  if (!g_set_object (&self->manager, manager))
    return;
  gtk_list_box_bind_model (self->list, G_LIST_MODEL (manager), create_row_cb, self, NULL);
}

GtkListBox *
vigil_sources_page_get_list (VigilSourcesPage *self)
{
  g_return_val_if_fail (VIGIL_IS_SOURCES_PAGE (self), NULL);
  return self->list;
}

GtkWidget *
vigil_sources_page_get_editor (VigilSourcesPage *self)
{
  g_return_val_if_fail (VIGIL_IS_SOURCES_PAGE (self), NULL);
  return self->editor;
}

/* vigil-access-log-window.c: the access log, for compliance review
 *
 * Who searched, opened and exported what, newest first, read from the
 * chained access_log (reading it is logged too); Export writes the entries
 * shown as JSON lines, atomically.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "vigil-access-log-window"

#include "config.h"

#include <glib/gi18n.h>

#include "vigil-access-log-window.h"
#include "vigil-archive.h"

#define MAX_SHOWN 2000

struct _VigilAccessLogWindow
{
  AdwWindow   parent_instance;

  VigilStore *store;
  char       *actor;
  GPtrArray  *entries;

  GtkListBox *list;
  GtkLabel   *summary;
};

G_DEFINE_FINAL_TYPE (VigilAccessLogWindow, vigil_access_log_window, ADW_TYPE_WINDOW)

static GtkWidget *
make_row (const VigilAccessEntry *entry)
{
  g_autoptr(GDateTime) utc = g_date_time_new_from_unix_utc (entry->at_us / G_USEC_PER_SEC);
  g_autoptr(GDateTime) local = utc ? g_date_time_to_local (utc) : NULL;
  g_autofree char *when = local ? g_date_time_format (local, "%Y-%m-%d %H:%M:%S") : g_strdup ("?");
  g_autofree char *title = g_strdup_printf ("%s — %s", entry->actor, entry->action);
  g_autofree char *subtitle = g_strdup_printf ("%s · %s", when, entry->detail ? entry->detail : "");
  g_autofree char *t = g_markup_escape_text (title, -1);
  g_autofree char *s = g_markup_escape_text (subtitle, -1);
  GtkWidget *row = adw_action_row_new ();

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), t);
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row), s);
  adw_action_row_set_subtitle_lines (ADW_ACTION_ROW (row), 2);
  return row;
}

static void
on_export_response_cb (GtkNativeDialog      *dialog,
                       int                   response,
                       VigilAccessLogWindow *self)
{
  g_autoptr(GFile) file = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GString) out = g_string_new (NULL);

  if (response == GTK_RESPONSE_ACCEPT && (file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (dialog))))
    {
      g_autofree char *path = g_file_get_path (file);

      for (guint i = 0; i < self->entries->len; i++)
        {
          g_autofree char *line = vigil_archive_access_entry_to_json (g_ptr_array_index (self->entries, i));
          g_string_append (out, line);
          g_string_append_c (out, '\n');
        }
      /* g_file_set_contents writes a temporary file and renames it */
      if (path == NULL || !g_file_set_contents (path, out->str, out->len, &error))
        gtk_label_set_label (self->summary, error ? error->message : _("Choose a local file"));
      else
        vigil_archive_log_access (self->store, self->actor, "access-log-export", self->entries->len, NULL,
                                  "file", path, NULL);
    }
  gtk_native_dialog_destroy (dialog);
  g_object_unref (dialog);
}

static void
on_export_clicked_cb (VigilAccessLogWindow *self)
{
  GtkFileChooserNative *dialog = gtk_file_chooser_native_new (_("Export Access Log"), GTK_WINDOW (self),
                                                              GTK_FILE_CHOOSER_ACTION_SAVE,
                                                              _("_Export"), _("_Cancel"));

  gtk_file_chooser_set_current_name (GTK_FILE_CHOOSER (dialog), "vigil-access-log.jsonl");
  g_signal_connect_object (dialog, "response", G_CALLBACK (on_export_response_cb), self, 0);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (dialog));
}

static void
vigil_access_log_window_dispose (GObject *object)
{
  VigilAccessLogWindow *self = VIGIL_ACCESS_LOG_WINDOW (object);

  g_clear_object (&self->store);
  g_clear_pointer (&self->actor, g_free);
  g_clear_pointer (&self->entries, g_ptr_array_unref);
  G_OBJECT_CLASS (vigil_access_log_window_parent_class)->dispose (object);
}

static void
vigil_access_log_window_class_init (VigilAccessLogWindowClass *klass)
{
  G_OBJECT_CLASS (klass)->dispose = vigil_access_log_window_dispose;
}

static void
vigil_access_log_window_init (VigilAccessLogWindow *self)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 0);
  GtkWidget *header = adw_header_bar_new ();
  GtkWidget *export = gtk_button_new_with_mnemonic (_("_Export…"));
  GtkWidget *scrolled = gtk_scrolled_window_new ();
  GtkWidget *clamp = adw_clamp_new ();

  gtk_window_set_title (GTK_WINDOW (self), _("Access Log"));
  gtk_window_set_default_size (GTK_WINDOW (self), 720, 560);
  g_signal_connect_swapped (export, "clicked", G_CALLBACK (on_export_clicked_cb), self);
  adw_header_bar_pack_end (ADW_HEADER_BAR (header), export);
  gtk_box_append (GTK_BOX (box), header);
  self->summary = GTK_LABEL (gtk_label_new (NULL));
  gtk_widget_set_margin_top (GTK_WIDGET (self->summary), 12);
  gtk_widget_add_css_class (GTK_WIDGET (self->summary), "dim-label");
  gtk_box_append (GTK_BOX (box), GTK_WIDGET (self->summary));
  self->list = GTK_LIST_BOX (gtk_list_box_new ());
  gtk_list_box_set_selection_mode (self->list, GTK_SELECTION_NONE);
  gtk_widget_add_css_class (GTK_WIDGET (self->list), "boxed-list");
  gtk_widget_set_margin_top (GTK_WIDGET (self->list), 12);
  gtk_widget_set_margin_bottom (GTK_WIDGET (self->list), 12);
  adw_clamp_set_child (ADW_CLAMP (clamp), GTK_WIDGET (self->list));
  adw_clamp_set_maximum_size (ADW_CLAMP (clamp), 680);
  gtk_scrolled_window_set_child (GTK_SCROLLED_WINDOW (scrolled), clamp);
  gtk_widget_set_vexpand (scrolled, TRUE);
  gtk_box_append (GTK_BOX (box), scrolled);
  adw_window_set_content (ADW_WINDOW (self), box);
}

GtkWindow *
vigil_access_log_window_new (VigilStore  *store,
                             const char  *actor,
                             GtkWindow   *parent,
                             GError     **error)
{
  g_autoptr(GPtrArray) entries = vigil_archive_read_access_log (store, actor, 0, 0, 0, error);
  g_autofree char *summary = NULL;
  g_autofree char *count = NULL;
  VigilAccessLogWindow *self;

  if (entries == NULL)
    return NULL;
  self = g_object_new (VIGIL_TYPE_ACCESS_LOG_WINDOW, "transient-for", parent, NULL);
  self->store = g_object_ref (store);
  self->actor = g_strdup (actor);
  self->entries = g_steal_pointer (&entries);
  count = g_strdup_printf ("%'u", self->entries->len);
  summary = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%s entry, newest first. This reading is recorded too.",
                                          "%s entries, newest first. This reading is recorded too.",
                                          self->entries->len), count);
  gtk_label_set_label (self->summary, summary);
  for (guint i = self->entries->len, shown = 0; i > 0 && shown < MAX_SHOWN; i--, shown++)
    gtk_list_box_append (self->list, make_row (g_ptr_array_index (self->entries, i - 1)));
  return GTK_WINDOW (self);
}

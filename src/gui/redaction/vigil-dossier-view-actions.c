/* vigil-dossier-view-actions.c: the view's actions, dialogs and exports
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "vigil-dossier-view"

#include "config.h"

#include <glib/gi18n.h>

#include "vigil-dossier-view-private.h"

static const VigilDossierItem *
item_of (VigilDossierView *self)
{
  return self->dossier ? vigil_dossier_get_item (self->dossier, self->item) : NULL;
}

static void
decide (VigilDossierView *self,
        gboolean          accept)
{
  g_autoptr(GError) error = NULL;

  if (!self->dossier || !self->current)
    return;
  if (!vigil_dossier_service_decide (self->service, self->dossier, self->item, self->current, accept, &error))
    _vigil_dossier_view_show_error (self, error);
  _vigil_dossier_view_refresh (self);
}

static void
accept_action (GtkWidget *widget, const char *name, GVariant *param)
{
  decide (VIGIL_DOSSIER_VIEW (widget), TRUE);
}

static void
reject_action (GtkWidget *widget, const char *name, GVariant *param)
{
  decide (VIGIL_DOSSIER_VIEW (widget), FALSE);
}

/* Moves to the next (or previous) suggestion, across items. */
static void
move (VigilDossierView *self,
      int               step)
{
  guint n_items = self->dossier ? vigil_dossier_get_n_items (self->dossier) : 0;
  guint item = self->item;
  const VigilDossierItem *it = item_of (self);
  int pos = -1;

  if (!it)
    return;
  for (guint i = 0; i < it->spans->len; i++)
    if (g_array_index (it->spans, VigilDossierSpan, i).id == self->current)
      pos = i;
  pos += step;
  while (pos < 0 || pos >= (int) it->spans->len)
    {
      item = step > 0 ? (item % n_items) + 1 : (item == 1 ? n_items : item - 1);
      it = vigil_dossier_get_item (self->dossier, item);
      if (it->spans->len)
        {
          pos = step > 0 ? 0 : (int) it->spans->len - 1;
          break;
        }
      if (item == self->item)
        return;
    }
  self->item = item;
  self->current = g_array_index (it->spans, VigilDossierSpan, pos).id;
  _vigil_dossier_view_refresh (self);
}

static void
next_action (GtkWidget *widget, const char *name, GVariant *param)
{
  move (VIGIL_DOSSIER_VIEW (widget), 1);
}

static void
previous_action (GtkWidget *widget, const char *name, GVariant *param)
{
  move (VIGIL_DOSSIER_VIEW (widget), -1);
}

static void
mark_selection_action (GtkWidget *widget, const char *name, GVariant *param)
{
  VigilDossierView *self = VIGIL_DOSSIER_VIEW (widget);
  GtkTextBuffer *buffer = gtk_text_view_get_buffer (self->text_view);
  const VigilDossierItem *item = item_of (self);
  g_autoptr(GError) error = NULL;
  GtkTextIter a, b;
  guint start, end;

  if (!item || !gtk_text_buffer_get_selection_bounds (buffer, &a, &b))
    {
      vigil_dossier_view_toast (self, _("Select the text to remove first"));
      return;
    }
  start = gtk_text_iter_get_offset (&a);
  end = MIN ((guint) gtk_text_iter_get_offset (&b), item->n_chars);
  if (!vigil_dossier_service_add_manual_span (self->service, self->dossier, self->item, start, end, &error))
    _vigil_dossier_view_show_error (self, error);
  _vigil_dossier_view_refresh (self);
}

static void
accept_all_action (GtkWidget *widget, const char *name, GVariant *param)
{
  VigilDossierView *self = VIGIL_DOSSIER_VIEW (widget);
  g_autoptr(GError) error = NULL;
  guint n = vigil_dossier_service_accept_all (self->service, self->dossier, &error);
  g_autofree char *msg = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u suggestion removed",
                                                       "%u suggestions removed", n), n);

  if (error)
    _vigil_dossier_view_show_error (self, error);
  else
    vigil_dossier_view_toast (self, msg);
  _vigil_dossier_view_refresh (self);
}

static void
release_action (GtkWidget *widget, const char *name, GVariant *param)
{
  VigilDossierView *self = VIGIL_DOSSIER_VIEW (widget);
  g_autoptr(GError) error = NULL;
  const VigilDossierRelease *r = vigil_dossier_service_release (self->service, self->dossier, &error);
  g_autofree char *msg = NULL;

  if (!r)
    {
      _vigil_dossier_view_show_error (self, error);
      return;
    }
  self->release = r->number;
  msg = g_strdup_printf (_("Release %u is ready for the selection team"), r->number);
  vigil_dossier_view_toast (self, msg);
  _vigil_dossier_view_refresh (self);
  gtk_stack_set_visible_child_name (self->view_stack, "releases");
}

static void
unlock_action (GtkWidget *widget, const char *name, GVariant *param)
{
  _vigil_dossier_view_unlock (VIGIL_DOSSIER_VIEW (widget));
}

/* --- Adding items ------------------------------------------------------ */

typedef struct
{
  VigilDossierView *self;
  GtkDropDown      *platform;
  GtkEntry         *url;
  GtkTextView      *text;
  guint             item;      /* describe-image: the item */
} TextDialog;

static const char *const platforms[] = { "linkedin", "mastodon", "bluesky", "x", "instagram", "facebook",
                                         "github", "blog", "news", "other", NULL };

static char *
text_of (GtkTextView *view)
{
  GtkTextBuffer *buffer = gtk_text_view_get_buffer (view);
  GtkTextIter a, b;

  gtk_text_buffer_get_bounds (buffer, &a, &b);
  return gtk_text_buffer_get_text (buffer, &a, &b, FALSE);
}

static void
text_dialog_response (AdwMessageDialog *dialog,
                      const char       *response,
                      TextDialog       *d)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *text = NULL;

  if (g_str_equal (response, "add"))
    {
      text = text_of (d->text);
      if (d->item)
        vigil_dossier_service_describe_image (d->self->service, d->self->dossier, d->item, text, &error);
      else
        vigil_dossier_service_add_text (d->self->service, d->self->dossier, "text",
                                        platforms[gtk_drop_down_get_selected (d->platform)],
                                        gtk_editable_get_text (GTK_EDITABLE (d->url)), text, &error);
      if (error)
        _vigil_dossier_view_show_error (d->self, error);
      else if (!d->item)
        d->self->item = vigil_dossier_get_n_items (d->self->dossier);
      _vigil_dossier_view_refresh (d->self);
    }
  g_object_unref (d->self);
  g_free (d);
}

static GtkWidget *
text_area (GtkTextView **out)
{
  GtkWidget *scroller = gtk_scrolled_window_new ();
  GtkWidget *view = gtk_text_view_new ();

  gtk_text_view_set_wrap_mode (GTK_TEXT_VIEW (view), GTK_WRAP_WORD_CHAR);
  gtk_text_view_set_top_margin (GTK_TEXT_VIEW (view), 6);
  gtk_text_view_set_left_margin (GTK_TEXT_VIEW (view), 6);
  gtk_scrolled_window_set_child (GTK_SCROLLED_WINDOW (scroller), view);
  gtk_widget_set_size_request (scroller, 420, 180);
  gtk_widget_add_css_class (scroller, "card");
  *out = GTK_TEXT_VIEW (view);
  return scroller;
}

static void
open_text_dialog (VigilDossierView *self,
                  guint             describe_item)
{
  GtkWidget *dialog;
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 12);
  TextDialog *d = g_new0 (TextDialog, 1);

  d->self = g_object_ref (self);
  d->item = describe_item;
  if (describe_item)
    dialog = adw_message_dialog_new (GTK_WINDOW (gtk_widget_get_root (GTK_WIDGET (self))),
                                     _("Describe the Image"),
                                     _("Describe only what matters for the role. The selection team never sees the image; "
                                       "the description goes through the same checks as any text."));
  else
    {
      d->platform = GTK_DROP_DOWN (gtk_drop_down_new_from_strings (platforms));
      d->url = GTK_ENTRY (gtk_entry_new ());
      gtk_entry_set_placeholder_text (d->url, _("Source address (kept with the encrypted original)"));
      gtk_box_append (GTK_BOX (box), GTK_WIDGET (d->platform));
      gtk_box_append (GTK_BOX (box), GTK_WIDGET (d->url));
      dialog = adw_message_dialog_new (GTK_WINDOW (gtk_widget_get_root (GTK_WIDGET (self))),
                                       _("Add a Post or Profile Text"),
                                       _("Paste what you found. It is encrypted at rest; only the redacted "
                                         "release reaches the selection team."));
    }
  gtk_box_append (GTK_BOX (box), text_area (&d->text));
  adw_message_dialog_set_extra_child (ADW_MESSAGE_DIALOG (dialog), box);
  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog), "cancel", _("_Cancel"),
                                    "add", describe_item ? _("_Describe") : _("_Add"), NULL);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "add", ADW_RESPONSE_SUGGESTED);
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), "add");
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  g_signal_connect (dialog, "response", G_CALLBACK (text_dialog_response), d);
  gtk_window_present (GTK_WINDOW (dialog));
  gtk_widget_grab_focus (GTK_WIDGET (d->text));
}

static void
add_text_action (GtkWidget *widget, const char *name, GVariant *param)
{
  open_text_dialog (VIGIL_DOSSIER_VIEW (widget), 0);
}

static void
describe_image_action (GtkWidget *widget, const char *name, GVariant *param)
{
  VigilDossierView *self = VIGIL_DOSSIER_VIEW (widget);
  open_text_dialog (self, self->item);
}

static void
file_chosen (GtkNativeDialog  *chooser,
             int               response,
             VigilDossierView *self)
{
  g_autoptr(GFile) file = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *contents = NULL;
  g_autofree char *base = NULL;
  gboolean image = GPOINTER_TO_INT (g_object_get_data (G_OBJECT (chooser), "image"));
  gsize len = 0;

  if (response == GTK_RESPONSE_ACCEPT &&
      (file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (chooser))))
    {
      if (g_file_load_contents (file, NULL, &contents, &len, NULL, &error))
        {
          if (image)
            {
              g_autoptr(GBytes) bytes = g_bytes_new_take (g_steal_pointer (&contents), len);
              vigil_dossier_service_add_image (self->service, self->dossier, bytes, NULL, &error);
            }
          else
            {
              base = g_file_get_basename (file);
              vigil_dossier_service_add_text (self->service, self->dossier, "file", "", base, contents, &error);
            }
        }
      if (error)
        _vigil_dossier_view_show_error (self, error);
      else
        self->item = vigil_dossier_get_n_items (self->dossier);
      _vigil_dossier_view_refresh (self);
    }
  gtk_native_dialog_destroy (chooser);
  g_object_unref (chooser);
  g_object_unref (self);
}

static void
choose_file (VigilDossierView *self,
             gboolean          image)
{
  GtkFileChooserNative *chooser;
  g_autoptr(GtkFileFilter) filter = gtk_file_filter_new ();

  chooser = gtk_file_chooser_native_new (image ? _("Attach an Image") : _("Import a Text File"),
                                         GTK_WINDOW (gtk_widget_get_root (GTK_WIDGET (self))),
                                         GTK_FILE_CHOOSER_ACTION_OPEN, _("_Add"), _("_Cancel"));
  if (image)
    {
      gtk_file_filter_set_name (filter, _("Images"));
      gtk_file_filter_add_mime_type (filter, "image/*");
    }
  else
    {
      gtk_file_filter_set_name (filter, _("Text files"));
      gtk_file_filter_add_mime_type (filter, "text/plain");
    }
  gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (chooser), filter);
  g_object_set_data (G_OBJECT (chooser), "image", GINT_TO_POINTER (image));
  g_signal_connect (chooser, "response", G_CALLBACK (file_chosen), g_object_ref (self));
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (chooser));
}

static void
add_image_action (GtkWidget *widget, const char *name, GVariant *param)
{
  choose_file (VIGIL_DOSSIER_VIEW (widget), TRUE);
}

static void
import_file_action (GtkWidget *widget, const char *name, GVariant *param)
{
  choose_file (VIGIL_DOSSIER_VIEW (widget), FALSE);
}

/* --- From the archive ------------------------------------------------- */

#define ARCHIVE_RESULTS 20

typedef struct
{
  VigilDossierView *self;
  GtkListBox       *results;
  GPtrArray        *posts;     /* of VigilPost, the rows' posts */
} ArchiveDialog;

static void
archive_search (GtkSearchEntry *entry,
                ArchiveDialog  *d)
{
  VigilStore *store = vigil_context_get_store (d->self->context);
  g_autoptr(VigilSearchQuery) query = vigil_search_query_new ();
  g_autoptr(GArray) ids = NULL;
  const char *words = gtk_editable_get_text (GTK_EDITABLE (entry));
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (d->results))))
    gtk_list_box_remove (d->results, child);
  g_ptr_array_set_size (d->posts, 0);
  if (!*words)
    return;
  query->text = g_strdup (words);
  query->limit = ARCHIVE_RESULTS;
  ids = vigil_store_search_ids (store, query, NULL);
  if (ids && ids->len)
    {
      g_autoptr(GPtrArray) posts = vigil_store_get_posts (store, (gint64 *) ids->data, ids->len, NULL);

      /* A person read the archive: the access log says so. */
      vigil_store_log_access_async (store, vigil_context_get_actor (d->self->context), "search", words, NULL, NULL, NULL);
      for (guint i = 0; posts && i < posts->len; i++)
        {
          VigilPost *post = posts->pdata[i];
          GtkWidget *label = gtk_label_new (vigil_post_get_text (post));

          gtk_label_set_xalign (GTK_LABEL (label), 0);
          gtk_label_set_ellipsize (GTK_LABEL (label), PANGO_ELLIPSIZE_END);
          gtk_label_set_lines (GTK_LABEL (label), 2);
          gtk_label_set_wrap (GTK_LABEL (label), TRUE);
          gtk_widget_set_margin_top (label, 6);
          gtk_widget_set_margin_bottom (label, 6);
          gtk_list_box_append (d->results, label);
          g_ptr_array_add (d->posts, g_object_ref (post));
        }
    }
}

static void
archive_response (AdwMessageDialog *dialog,
                  const char       *response,
                  ArchiveDialog    *d)
{
  GtkListBoxRow *row = gtk_list_box_get_selected_row (d->results);

  if (g_str_equal (response, "add") && row)
    {
      VigilPost *post = d->posts->pdata[gtk_list_box_row_get_index (row)];
      g_autoptr(GError) error = NULL;

      if (!vigil_dossier_service_add_text (d->self->service, d->self->dossier, "archive",
                                           vigil_post_get_platform_name (post), vigil_post_get_url (post),
                                           vigil_post_get_text (post), &error))
        _vigil_dossier_view_show_error (d->self, error);
      else
        d->self->item = vigil_dossier_get_n_items (d->self->dossier);
      _vigil_dossier_view_refresh (d->self);
    }
  g_ptr_array_unref (d->posts);
  g_object_unref (d->self);
  g_free (d);
}

static void
add_archived_action (GtkWidget *widget, const char *name, GVariant *param)
{
  VigilDossierView *self = VIGIL_DOSSIER_VIEW (widget);
  ArchiveDialog *d = g_new0 (ArchiveDialog, 1);
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 12);
  GtkWidget *entry = gtk_search_entry_new ();
  GtkWidget *scroller = gtk_scrolled_window_new ();
  GtkWidget *dialog;

  d->self = g_object_ref (self);
  d->posts = g_ptr_array_new_with_free_func (g_object_unref);
  d->results = GTK_LIST_BOX (gtk_list_box_new ());
  gtk_widget_add_css_class (GTK_WIDGET (d->results), "boxed-list");
  gtk_scrolled_window_set_child (GTK_SCROLLED_WINDOW (scroller), GTK_WIDGET (d->results));
  gtk_widget_set_size_request (scroller, 460, 260);
  gtk_box_append (GTK_BOX (box), entry);
  gtk_box_append (GTK_BOX (box), scroller);
  g_signal_connect (entry, "search-changed", G_CALLBACK (archive_search), d);
  dialog = adw_message_dialog_new (GTK_WINDOW (gtk_widget_get_root (widget)), _("Add a Post From the Archive"),
                                   _("Search the posts Vigil captured (words, @author); the search is written to the access log."));
  adw_message_dialog_set_extra_child (ADW_MESSAGE_DIALOG (dialog), box);
  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog), "cancel", _("_Cancel"), "add", _("_Add"), NULL);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "add", ADW_RESPONSE_SUGGESTED);
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  g_signal_connect (dialog, "response", G_CALLBACK (archive_response), d);
  gtk_window_present (GTK_WINDOW (dialog));
  gtk_widget_grab_focus (entry);
}

/* --- Exports ----------------------------------------------------------- */

static void
export_chosen (GtkNativeDialog  *chooser,
               int               response,
               VigilDossierView *self)
{
  const char *format = g_object_get_data (G_OBJECT (chooser), "format");
  g_autoptr(GFile) file = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *path = NULL;

  if (response == GTK_RESPONSE_ACCEPT &&
      (file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (chooser))) &&
      (path = g_file_get_path (file)))
    {
      gboolean ok;

      if (g_str_equal (format, "audit"))
        {
          g_autofree char *text = vigil_dossier_service_format_audit (self->service, self->dossier);
          ok = g_file_set_contents_full (path, text, -1, G_FILE_SET_CONTENTS_CONSISTENT, 0600, &error);
        }
      else
        ok = vigil_dossier_service_export_release (self->service, self->dossier, self->release,
                                                   format, path, &error);
      if (ok)
        vigil_dossier_view_toast (self, _("Exported"));
      else
        _vigil_dossier_view_show_error (self, error);
      _vigil_dossier_view_refresh (self);
    }
  gtk_native_dialog_destroy (chooser);
  g_object_unref (chooser);
  g_object_unref (self);
}

static void
export (VigilDossierView *self,
        const char       *format)
{
  GtkFileChooserNative *chooser;
  g_autofree char *name = NULL;

  if (g_str_equal (format, "audit"))
    name = g_strdup_printf ("audit-%s.txt", vigil_dossier_get_candidate (self->dossier));
  else
    name = g_strdup_printf ("candidate-%s-release-%u.%s", vigil_dossier_get_candidate (self->dossier),
                            self->release, g_str_equal (format, "pdf") ? "pdf" : "txt");
  g_strdelimit (name, "/\\", '-');
  chooser = gtk_file_chooser_native_new (_("Export"), GTK_WINDOW (gtk_widget_get_root (GTK_WIDGET (self))),
                                         GTK_FILE_CHOOSER_ACTION_SAVE, _("_Export"), _("_Cancel"));
  gtk_file_chooser_set_current_name (GTK_FILE_CHOOSER (chooser), name);
  g_object_set_data (G_OBJECT (chooser), "format", (gpointer) g_intern_string (format));
  g_signal_connect (chooser, "response", G_CALLBACK (export_chosen), g_object_ref (self));
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (chooser));
}

static void
export_pdf_action (GtkWidget *widget, const char *name, GVariant *param)
{
  export (VIGIL_DOSSIER_VIEW (widget), "pdf");
}

static void
export_text_action (GtkWidget *widget, const char *name, GVariant *param)
{
  export (VIGIL_DOSSIER_VIEW (widget), "text");
}

static void
export_audit_action (GtkWidget *widget, const char *name, GVariant *param)
{
  export (VIGIL_DOSSIER_VIEW (widget), "audit");
}

void
_vigil_dossier_view_class_init_actions (GtkWidgetClass *widget_class)
{
  gtk_widget_class_install_action (widget_class, "research.accept", NULL, accept_action);
  gtk_widget_class_install_action (widget_class, "research.reject", NULL, reject_action);
  gtk_widget_class_install_action (widget_class, "research.next", NULL, next_action);
  gtk_widget_class_install_action (widget_class, "research.previous", NULL, previous_action);
  gtk_widget_class_install_action (widget_class, "research.mark-selection", NULL, mark_selection_action);
  gtk_widget_class_install_action (widget_class, "research.accept-all", NULL, accept_all_action);
  gtk_widget_class_install_action (widget_class, "research.release", NULL, release_action);
  gtk_widget_class_install_action (widget_class, "research.unlock", NULL, unlock_action);
  gtk_widget_class_install_action (widget_class, "research.add-text", NULL, add_text_action);
  gtk_widget_class_install_action (widget_class, "research.add-image", NULL, add_image_action);
  gtk_widget_class_install_action (widget_class, "research.import-file", NULL, import_file_action);
  gtk_widget_class_install_action (widget_class, "research.add-archived", NULL, add_archived_action);
  gtk_widget_class_install_action (widget_class, "research.describe-image", NULL, describe_image_action);
  gtk_widget_class_install_action (widget_class, "research.export-pdf", NULL, export_pdf_action);
  gtk_widget_class_install_action (widget_class, "research.export-text", NULL, export_text_action);
  gtk_widget_class_install_action (widget_class, "research.export-audit", NULL, export_audit_action);

  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_a, 0, "research.accept", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_r, 0, "research.reject", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_n, 0, "research.next", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_j, 0, "research.next", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_p, 0, "research.previous", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_k, 0, "research.previous", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_m, 0, "research.mark-selection", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_A, GDK_CONTROL_MASK | GDK_SHIFT_MASK,
                                       "research.accept-all", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Return, GDK_CONTROL_MASK, "research.release", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_t, GDK_CONTROL_MASK, "research.add-text", NULL);
}

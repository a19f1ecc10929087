/* vigil-archive-page.c: what the archive holds; verify it, export it
 *
 * Verifying and exporting read the whole archive, so both run on a worker
 * thread (GTask) over a store of their own, opened on the same file: SQLite
 * in WAL mode lets them read while the feed keeps writing.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "vigil-archive-page"

#include "config.h"

#include <glib/gi18n.h>

#include "vigil-archive-page.h"
#include "vigil-exporter.h"

#define COUNT_REFRESH_MS 250

struct _VigilArchivePage
{
  AdwBin         parent_instance;

  VigilStore    *store;
  GCancellable  *cancellable;
  guint          count_refresh_id;

  /* template children */
  GtkLabel      *count_label;
  AdwActionRow  *path_row;
  AdwActionRow  *verify_row;
  GtkStack      *verify_icon_stack;
  GtkImage      *verify_icon;
  GtkSpinner    *verify_spinner;
  GtkWidget     *verify_button;
  GtkWidget     *export_button;
};

G_DEFINE_FINAL_TYPE (VigilArchivePage, vigil_archive_page, ADW_TYPE_BIN)

enum {
  PROP_0,
  PROP_STORE,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
add_toast (VigilArchivePage *self,
           const char       *title)
{
  GtkWidget *overlay = gtk_widget_get_ancestor (GTK_WIDGET (self), ADW_TYPE_TOAST_OVERLAY);

  if (overlay != NULL)
    adw_toast_overlay_add_toast (ADW_TOAST_OVERLAY (overlay), adw_toast_new (title));
}

static char *
format_count (guint64 n)
{
  return g_strdup_printf ("%'" G_GUINT64_FORMAT, n);
}

static void
refresh_count (VigilArchivePage *self)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *text = NULL;
  gint64 n;

  if (self->store == NULL)
    {
      gtk_label_set_label (self->count_label, "");
      return;
    }

  n = vigil_store_count_posts (self->store, &error);
  if (n < 0)
    {
      g_debug ("Could not count the posts: %s", error->message);
      gtk_label_set_label (self->count_label, "—");
      return;
    }

  text = format_count (n);
  gtk_label_set_label (self->count_label, text);
}

static gboolean
refresh_count_cb (gpointer user_data)
{
  VigilArchivePage *self = user_data;

  self->count_refresh_id = 0;
  refresh_count (self);
  return G_SOURCE_REMOVE;
}

static void
on_store_changed_cb (VigilArchivePage *self)
{
  /* A live feed writes many times a second: count at most 4 times a second. */
  if (self->count_refresh_id == 0)
    self->count_refresh_id = g_timeout_add (COUNT_REFRESH_MS, refresh_count_cb, self);
}

static void
set_verify_state (VigilArchivePage *self,
                  const char       *icon_name,
                  const char       *css_class,
                  const char       *title,
                  const char       *subtitle)
{
  static const char * const classes[] = { "success", "error", "warning" };

  gtk_stack_set_visible_child_name (self->verify_icon_stack, "icon");
  gtk_spinner_stop (self->verify_spinner);
  gtk_image_set_from_icon_name (self->verify_icon, icon_name);
  for (guint i = 0; i < G_N_ELEMENTS (classes); i++)
    gtk_widget_remove_css_class (GTK_WIDGET (self->verify_icon), classes[i]);
  if (css_class != NULL)
    gtk_widget_add_css_class (GTK_WIDGET (self->verify_icon), css_class);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self->verify_row), title);
  adw_action_row_set_subtitle (self->verify_row, subtitle);
  gtk_widget_set_sensitive (self->verify_button, self->store != NULL);
}

static void
reset (VigilArchivePage *self)
{
  const char *path = self->store != NULL ? vigil_store_get_path (self->store) : NULL;

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  self->cancellable = g_cancellable_new ();

  adw_action_row_set_subtitle (ADW_ACTION_ROW (self->path_row), path != NULL ? path : "");
  set_verify_state (self, "security-medium-symbolic", NULL, _("Not Verified Yet"),
                    _("Verification reads the whole archive; you can keep working meanwhile"));
  gtk_widget_set_sensitive (self->export_button, self->store != NULL);
  refresh_count (self);
}

/* --- verify ------------------------------------------------------------ */

typedef struct
{
  gboolean ok;
  guint64  posts;
  guint64  events;
  char    *problem;  /* where the chain breaks, or why it could not be read */
  gboolean tampered;
} VerifyOutcome;

static void
verify_outcome_free (gpointer data)
{
  VerifyOutcome *outcome = data;

  g_free (outcome->problem);
  g_free (outcome);
}

static void
verify_thread (GTask        *task,
               gpointer      source_object,
               gpointer      task_data,
               GCancellable *cancellable)
{
  const char *path = task_data;
  g_autoptr(VigilStore) store = NULL;
  g_autoptr(GError) error = NULL;
  VigilStoreVerifyResult result = { 0 };
  VerifyOutcome *outcome = g_new0 (VerifyOutcome, 1);

  store = vigil_store_open (path, &error);
  if (store == NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      verify_outcome_free (outcome);
      return;
    }

  if (vigil_store_verify (store, &result, &error))
    {
      outcome->ok = result.ok;
      outcome->tampered = !result.ok;
      outcome->problem = g_strdup (result.first_broken);
    }
  else if (g_error_matches (error, VIGIL_STORE_ERROR, VIGIL_STORE_ERROR_TAMPERED))
    {
      outcome->tampered = TRUE;
      outcome->problem = g_strdup (result.first_broken != NULL ? result.first_broken : error->message);
    }
  else
    {
      vigil_store_verify_result_clear (&result);
      verify_outcome_free (outcome);
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }
  outcome->posts = result.posts;
  outcome->events = result.events;
  vigil_store_verify_result_clear (&result);

  g_task_return_pointer (task, outcome, verify_outcome_free);
}

static void
verify_done_cb (GObject      *source,
                GAsyncResult *result,
                gpointer      user_data)
{
  VigilArchivePage *self = VIGIL_ARCHIVE_PAGE (source);
  g_autoptr(GError) error = NULL;
  VerifyOutcome *outcome;

  outcome = g_task_propagate_pointer (G_TASK (result), &error);
  if (outcome == NULL)
    {
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        return;
      set_verify_state (self, "dialog-warning-symbolic", "warning",
                        _("Verification Failed"), error->message);
      return;
    }

  if (outcome->ok)
    {
      g_autoptr(GDateTime) now = g_date_time_new_now_local ();
      g_autofree char *posts = format_count (outcome->posts);
      g_autofree char *events = format_count (outcome->events);
      g_autofree char *when = g_date_time_format (now, "%H:%M");
      g_autofree char *subtitle = NULL;

      /* Translators: "Checked 1,234 posts and 5 edits or deletions at 14:02" */
      subtitle = g_strdup_printf (_("Checked %s posts and %s edits or deletions at %s"),
                                  posts, events, when);
      set_verify_state (self, "security-high-symbolic", "success", _("Archive Intact"), subtitle);
    }
  else
    {
      g_autofree char *subtitle = NULL;

      /* Translators: %s says where, e.g. "posts row 4 (mastodon 1134…): its
       * content does not match its hash (the row was altered)" */
      subtitle = g_strdup_printf (_("First broken row: %s"),
                                  outcome->problem != NULL ? outcome->problem : _("unknown"));
      set_verify_state (self, "dialog-warning-symbolic", "error",
                        _("Archive Was Tampered With"), subtitle);
    }

  verify_outcome_free (outcome);
}

static void
on_verify_clicked_cb (VigilArchivePage *self)
{
  g_autoptr(GTask) task = NULL;

  if (self->store == NULL)
    return;

  gtk_widget_set_sensitive (self->verify_button, FALSE);
  gtk_stack_set_visible_child_name (self->verify_icon_stack, "spinner");
  gtk_spinner_start (self->verify_spinner);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self->verify_row), _("Verifying…"));
  adw_action_row_set_subtitle (self->verify_row, _("Recomputing the hash chain of every archived post"));

  task = g_task_new (self, self->cancellable, verify_done_cb, NULL);
  g_task_set_source_tag (task, on_verify_clicked_cb);
  g_task_set_task_data (task, g_strdup (vigil_store_get_path (self->store)), g_free);
  g_task_run_in_thread (task, verify_thread);
}

/* --- export ------------------------------------------------------------ */

typedef struct
{
  char              *path;
  GFile             *file;
  VigilExportFormat  format;
} ExportData;

typedef struct
{
  VigilExporter *exporter;
  GError        *error;
  GCancellable  *cancellable;
} ExportContext;

static void
export_data_free (gpointer data)
{
  ExportData *export = data;

  g_free (export->path);
  g_clear_object (&export->file);
  g_free (export);
}

static void
export_post_cb (VigilPost *post,
                gpointer   user_data)
{
  ExportContext *context = user_data;

  if (context->error != NULL)
    return;
  if (g_cancellable_set_error_if_cancelled (context->cancellable, &context->error))
    return;
  vigil_exporter_add (context->exporter, post, &context->error);
}

static void
export_thread (GTask        *task,
               gpointer      source_object,
               gpointer      task_data,
               GCancellable *cancellable)
{
  ExportData *export = task_data;
  g_autoptr(VigilStore) store = NULL;
  g_autoptr(GFileOutputStream) stream = NULL;
  g_autoptr(VigilExporter) exporter = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *target = g_file_get_parse_name (export->file);
  ExportContext context = { NULL, NULL, cancellable };
  gboolean ok;
  guint64 count;

  store = vigil_store_open (export->path, &error);
  if (store == NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  /* Exports hold archived posts: only the user may read them. */
  stream = g_file_replace (export->file, NULL, FALSE, G_FILE_CREATE_PRIVATE, cancellable, &error);
  if (stream == NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  exporter = vigil_exporter_new (G_OUTPUT_STREAM (stream), export->format,
                                 _("All posts of the archive"));
  context.exporter = exporter;

  ok = vigil_store_foreach (store, NULL, export_post_cb, &context, &error);
  if (ok && context.error != NULL)
    {
      ok = FALSE;
      error = g_steal_pointer (&context.error);
    }
  if (ok)
    ok = vigil_exporter_finish (exporter, &error);
  if (ok)
    ok = g_output_stream_close (G_OUTPUT_STREAM (stream), cancellable, &error);

  if (!ok)
    {
      g_autoptr(GCancellable) discard = g_cancellable_new ();

      /* Closing with a cancelled cancellable leaves the destination as it was. */
      g_cancellable_cancel (discard);
      g_output_stream_close (G_OUTPUT_STREAM (stream), discard, NULL);
      g_clear_error (&context.error);
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  count = vigil_exporter_get_count (exporter);

  {
    g_autofree char *detail = g_strdup_printf ("%s (%" G_GUINT64_FORMAT " posts, %s)", target, count,
                                               vigil_export_format_extension (export->format));
    g_autoptr(GError) log_error = NULL;

    if (!vigil_store_log_access (store, g_get_user_name (), "export", detail, &log_error))
      g_debug ("Could not log the export: %s", log_error->message);
  }

  g_task_return_int (task, (gssize) MIN (count, G_MAXSSIZE));
}

static void
export_done_cb (GObject      *source,
                GAsyncResult *result,
                gpointer      user_data)
{
  VigilArchivePage *self = VIGIL_ARCHIVE_PAGE (source);
  ExportData *export = g_task_get_task_data (G_TASK (result));
  g_autoptr(GError) error = NULL;
  g_autofree char *basename = g_file_get_basename (export->file);
  g_autofree char *message = NULL;
  gssize count;

  gtk_widget_set_sensitive (self->export_button, self->store != NULL);

  count = g_task_propagate_int (G_TASK (result), &error);
  if (error != NULL)
    {
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        return;
      message = g_strdup_printf (_("Could not export to %s: %s"), basename, error->message);
    }
  else
    {
      g_autofree char *n = format_count (count);

      message = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "Exported %s post to %s",
                                              "Exported %s posts to %s", count),
                                 n, basename);
    }

  add_toast (self, message);
}

static void
on_export_response_cb (GtkNativeDialog  *dialog,
                        int               response,
                        VigilArchivePage *self)
{
  g_autoptr(GFile) file = NULL;
  g_autoptr(GTask) task = NULL;
  g_autofree char *name = NULL;
  GtkFileFilter *filter;
  ExportData *export;

  if (response != GTK_RESPONSE_ACCEPT || self->store == NULL)
    goto out;

  file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (dialog));
  if (file == NULL)
    goto out;

  export = g_new0 (ExportData, 1);
  export->path = g_strdup (vigil_store_get_path (self->store));
  export->file = g_object_ref (file);

  /* The name the user typed decides; the filter is the fallback. */
  name = g_file_get_basename (file);
  filter = gtk_file_chooser_get_filter (GTK_FILE_CHOOSER (dialog));
  if (g_str_has_suffix (name, ".json"))
    export->format = VIGIL_EXPORT_FORMAT_JSON;
  else if (g_str_has_suffix (name, ".csv"))
    export->format = VIGIL_EXPORT_FORMAT_CSV;
  else if (filter != NULL && g_strcmp0 (g_object_get_data (G_OBJECT (filter), "format"), "json") == 0)
    export->format = VIGIL_EXPORT_FORMAT_JSON;
  else
    export->format = VIGIL_EXPORT_FORMAT_CSV;

  gtk_widget_set_sensitive (self->export_button, FALSE);

  task = g_task_new (self, self->cancellable, export_done_cb, NULL);
  g_task_set_source_tag (task, on_export_response_cb);
  g_task_set_task_data (task, export, export_data_free);
  g_task_run_in_thread (task, export_thread);

out:
  gtk_native_dialog_destroy (dialog);
  g_object_unref (dialog);
}

static void
on_export_clicked_cb (VigilArchivePage *self)
{
  GtkFileChooserNative *dialog;
  GtkFileFilter *csv, *json;
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  g_autofree char *date = g_date_time_format (now, "%Y-%m-%d");
  g_autofree char *name = NULL;

  if (self->store == NULL)
    return;

  dialog = gtk_file_chooser_native_new (_("Export Archive"),
                                        GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL,
                                        GTK_FILE_CHOOSER_ACTION_SAVE,
                                        _("_Export"), _("_Cancel"));
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (dialog), TRUE);

  csv = gtk_file_filter_new ();
  gtk_file_filter_set_name (csv, _("CSV (spreadsheets)"));
  gtk_file_filter_add_pattern (csv, "*.csv");
  gtk_file_filter_add_mime_type (csv, "text/csv");
  g_object_set_data (G_OBJECT (csv), "format", (gpointer) "csv");
  gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (dialog), csv);

  json = gtk_file_filter_new ();
  gtk_file_filter_set_name (json, _("JSON"));
  gtk_file_filter_add_pattern (json, "*.json");
  gtk_file_filter_add_mime_type (json, "application/json");
  g_object_set_data (G_OBJECT (json), "format", (gpointer) "json");
  gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (dialog), json);

  gtk_file_chooser_set_filter (GTK_FILE_CHOOSER (dialog), csv);
  /* Translators: the suggested file name of an export; %s is today's date */
  name = g_strdup_printf (_("vigil-archive-%s.csv"), date);
  gtk_file_chooser_set_current_name (GTK_FILE_CHOOSER (dialog), name);

  g_signal_connect_object (dialog, "response", G_CALLBACK (on_export_response_cb), self, 0);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (dialog));
}

/* --- the page ---------------------------------------------------------- */

VigilStore *
vigil_archive_page_get_store (VigilArchivePage *self)
{
  g_return_val_if_fail (VIGIL_IS_ARCHIVE_PAGE (self), NULL);
  return self->store;
}

void
vigil_archive_page_set_store (VigilArchivePage *self,
                              VigilStore       *store)
{
  g_return_if_fail (VIGIL_IS_ARCHIVE_PAGE (self));
  g_return_if_fail (store == NULL || VIGIL_IS_STORE (store));

  if (self->store == store)
    return;

  if (self->store != NULL)
    g_signal_handlers_disconnect_by_func (self->store, on_store_changed_cb, self);
  g_set_object (&self->store, store);
  if (store != NULL)
    g_signal_connect_object (store, "changed", G_CALLBACK (on_store_changed_cb), self,
                             G_CONNECT_SWAPPED);

  reset (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_STORE]);
}

static void
vigil_archive_page_dispose (GObject *object)
{
  VigilArchivePage *self = (VigilArchivePage *) object;

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  g_clear_handle_id (&self->count_refresh_id, g_source_remove);
  if (self->store != NULL)
    g_signal_handlers_disconnect_by_func (self->store, on_store_changed_cb, self);
  g_clear_object (&self->store);

  gtk_widget_dispose_template (GTK_WIDGET (self), VIGIL_TYPE_ARCHIVE_PAGE);

  G_OBJECT_CLASS (vigil_archive_page_parent_class)->dispose (object);
}

static void
vigil_archive_page_get_property (GObject    *object,
                                 guint       prop_id,
                                 GValue     *value,
                                 GParamSpec *pspec)
{
  VigilArchivePage *self = VIGIL_ARCHIVE_PAGE (object);

  switch (prop_id)
    {
    case PROP_STORE:
      g_value_set_object (value, self->store);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
vigil_archive_page_set_property (GObject      *object,
                                 guint         prop_id,
                                 const GValue *value,
                                 GParamSpec   *pspec)
{
  VigilArchivePage *self = VIGIL_ARCHIVE_PAGE (object);

  switch (prop_id)
    {
    case PROP_STORE:
      vigil_archive_page_set_store (self, g_value_get_object (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
vigil_archive_page_class_init (VigilArchivePageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = vigil_archive_page_dispose;
  object_class->get_property = vigil_archive_page_get_property;
  object_class->set_property = vigil_archive_page_set_property;

  properties[PROP_STORE] =
    g_param_spec_object ("store", NULL, NULL, VIGIL_TYPE_STORE,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/vigilapp/Vigil/archive/vigil-archive-page.ui");
  gtk_widget_class_bind_template_child (widget_class, VigilArchivePage, count_label);
  gtk_widget_class_bind_template_child (widget_class, VigilArchivePage, path_row);
  gtk_widget_class_bind_template_child (widget_class, VigilArchivePage, verify_row);
  gtk_widget_class_bind_template_child (widget_class, VigilArchivePage, verify_icon_stack);
  gtk_widget_class_bind_template_child (widget_class, VigilArchivePage, verify_icon);
  gtk_widget_class_bind_template_child (widget_class, VigilArchivePage, verify_spinner);
  gtk_widget_class_bind_template_child (widget_class, VigilArchivePage, verify_button);
  gtk_widget_class_bind_template_child (widget_class, VigilArchivePage, export_button);
  gtk_widget_class_bind_template_callback (widget_class, on_verify_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_export_clicked_cb);
}

static void
vigil_archive_page_init (VigilArchivePage *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  self->cancellable = g_cancellable_new ();
  reset (self);
}

/* vigil-drills-page.c: start, follow and finish crisis drills; their reports
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "vigil-drills-page"

#include "config.h"

#include <glib/gi18n.h>

#include "vigil-drill-report-pdf.h"
#include "vigil-drills-page.h"
#include "vigil-window.h"

static const double speeds[] = { 1, 2, 5, 10, 60 };

struct _VigilDrillsPage
{
  GtkWidget             parent_instance;

  VigilContext         *context;
  VigilDrillService    *service;     /* owned by the context */
  VigilDrillRunner     *runner;      /* the running drill (a ref) */
  GtkWindow            *drill_window;
  GPtrArray            *scenario_rows;

  AdwToastOverlay      *toast_overlay;
  GtkStack             *stack;
  AdwPreferencesGroup  *running_group;
  GtkLabel             *running_label;
  GtkProgressBar       *progress_bar;
  AdwPreferencesGroup  *scenarios_group;
  GtkDropDown          *speed_dropdown;
  GtkListBox           *reports_list;
  VigilDrillReportView *report_view;
};

G_DEFINE_FINAL_TYPE (VigilDrillsPage, vigil_drills_page, GTK_TYPE_WIDGET)

static void
toast (VigilDrillsPage *self,
       const char      *text)
{
  adw_toast_overlay_add_toast (self->toast_overlay, adw_toast_new (text));
}

static void
error_dialog (VigilDrillsPage *self,
              const char      *heading,
              const char      *body)
{
  GtkWidget *dialog = adw_message_dialog_new (GTK_WINDOW (gtk_widget_get_root (GTK_WIDGET (self))), heading, body);

  adw_message_dialog_add_response (ADW_MESSAGE_DIALOG (dialog), "close", _("_Close"));
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
update_running (VigilDrillsPage *self)
{
  VigilDrillScenario *scenario;
  g_autofree char *label = NULL, *progress = NULL;
  guint played, total;

  gtk_widget_set_visible (GTK_WIDGET (self->running_group), self->runner != NULL);
  gtk_widget_set_sensitive (GTK_WIDGET (self->scenarios_group), self->runner == NULL);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "drills.finish", self->runner != NULL);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "drills.open-window", self->runner != NULL);
  if (!self->runner)
    return;
  scenario = vigil_drill_runner_get_scenario (self->runner);
  played = vigil_drill_runner_get_n_played (self->runner);
  total = vigil_drill_scenario_get_n_posts (scenario);
  label = vigil_drill_runner_get_running (self->runner)
          ? g_strdup_printf (_("“%s” is running"), vigil_drill_scenario_get_title (scenario))
          : g_strdup_printf (_("“%s”: every post has played — finish when the team is done"),
                             vigil_drill_scenario_get_title (scenario));
  gtk_label_set_text (self->running_label, label);
  progress = g_strdup_printf (_("%u of %u posts played"), played, total);
  gtk_progress_bar_set_text (self->progress_bar, progress);
  gtk_progress_bar_set_fraction (self->progress_bar, total ? (double) played / total : 0);
}

static char *
format_time (gint64 us)
{
  g_autoptr(GDateTime) utc = g_date_time_new_from_unix_utc (us / G_USEC_PER_SEC);
  g_autoptr(GDateTime) local = g_date_time_to_local (utc);

  return g_date_time_format (local, "%x %H:%M");
}

static void
refresh_reports (VigilDrillsPage *self)
{
  g_autoptr(GPtrArray) runs = NULL;
  g_autoptr(GError) error = NULL;
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->reports_list))) &&
         GTK_IS_LIST_BOX_ROW (child))
    gtk_list_box_remove (self->reports_list, child);
  if (!self->service || !(runs = vigil_drill_service_list_runs (self->service, &error)))
    return;
  for (guint i = 0; i < runs->len; i++)
    {
      VigilDrillRunInfo *info = g_ptr_array_index (runs, i);
      GtkWidget *row = adw_action_row_new ();
      g_autofree char *when = format_time (info->started_us);
      g_autofree char *subtitle = g_strdup_printf (_("%s · by %s · run %s"), when, info->started_by, info->run_id);
      g_autofree char *score = info->score >= 0 ? g_strdup_printf ("%d/100", info->score) : g_strdup (_("no report"));
      GtkWidget *label = gtk_label_new (score);

      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), info->title);
      adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
      adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);
      gtk_widget_add_css_class (label, info->score >= 0 ? "heading" : "dim-label");
      adw_action_row_add_suffix (ADW_ACTION_ROW (row), label);
      if (info->score >= 0)
        {
          adw_action_row_add_suffix (ADW_ACTION_ROW (row), gtk_image_new_from_icon_name ("go-next-symbolic"));
          gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (row), TRUE);
        }
      g_object_set_data_full (G_OBJECT (row), "vigil-run", g_strdup (info->run_id), g_free);
      gtk_list_box_append (self->reports_list, row);
    }
}

void
vigil_drills_page_show_report (VigilDrillsPage  *self,
                               VigilDrillReport *report)
{
  vigil_drill_report_view_set_report (self->report_view, report);
  gtk_stack_set_visible_child_name (self->stack, "report");
}

static void
on_report_activated_cb (VigilDrillsPage *self,
                        GtkListBoxRow   *row)
{
  const char *run = g_object_get_data (G_OBJECT (row), "vigil-run");
  g_autoptr(GError) error = NULL;
  g_autoptr(VigilDrillReport) report = NULL;

  if (!run)
    return;
  if (!(report = vigil_drill_service_load_report (self->service, run, &error)))
    toast (self, error->message);
  else
    vigil_drills_page_show_report (self, report);
}

static void
on_runner_changed_cb (VigilDrillsPage *self)
{
  update_running (self);
}

static void
open_drill_window (VigilDrillsPage *self)
{
  GtkApplication *app = gtk_window_get_application (GTK_WINDOW (gtk_widget_get_root (GTK_WIDGET (self))));
  g_autofree char *title = NULL;

  if (!self->runner)
    return;
  if (self->drill_window)
    {
      gtk_window_present (self->drill_window);
      return;
    }
  if (!app)
    return;
  self->drill_window = GTK_WINDOW (vigil_window_new (app, vigil_drill_runner_get_context (self->runner)));
  g_object_add_weak_pointer (G_OBJECT (self->drill_window), (gpointer *) &self->drill_window);
  /* visibly a drill: the title says so, and every post's platform is "drill" */
  title = g_strdup_printf (_("DRILL — %s"), vigil_drill_scenario_get_title (vigil_drill_runner_get_scenario (self->runner)));
  gtk_window_set_title (self->drill_window, title);
  gtk_widget_add_css_class (GTK_WIDGET (self->drill_window), "vigil-drill");
  gtk_window_present (self->drill_window);
}

VigilDrillRunner *
vigil_drills_page_start (VigilDrillsPage     *self,
                         VigilDrillScenario  *scenario,
                         double               speed,
                         GError             **error)
{
  VigilDrillRunner *runner;

  g_return_val_if_fail (self->service, NULL);

  if (!(runner = vigil_drill_service_start (self->service, scenario, speed, error)))
    return NULL;
  g_set_object (&self->runner, runner);
  g_signal_connect_object (runner, "notify::n-played", G_CALLBACK (on_runner_changed_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (runner, "notify::running", G_CALLBACK (on_runner_changed_cb), self, G_CONNECT_SWAPPED);
  update_running (self);
  refresh_reports (self);
  open_drill_window (self);
  return runner;
}

VigilDrillReport *
vigil_drills_page_finish (VigilDrillsPage  *self,
                          GError          **error)
{
  VigilDrillReport *report;

  /* the window shows the drill's context: it goes before the context does */
  if (self->drill_window)
    gtk_window_destroy (self->drill_window);
  if (!(report = vigil_drill_service_finish (self->service, error)))
    return NULL;
  g_clear_object (&self->runner);
  update_running (self);
  refresh_reports (self);
  vigil_drills_page_show_report (self, report);
  return report;
}

GtkWindow *
vigil_drills_page_get_drill_window (VigilDrillsPage *self)
{
  return self->drill_window;
}

VigilDrillReportView *
vigil_drills_page_get_report_view (VigilDrillsPage *self)
{
  return self->report_view;
}

static double
selected_speed (VigilDrillsPage *self)
{
  guint i = gtk_drop_down_get_selected (self->speed_dropdown);

  return i < G_N_ELEMENTS (speeds) ? speeds[i] : 1;
}

static void
start_scenario (VigilDrillsPage    *self,
                VigilDrillScenario *scenario)
{
  g_autoptr(GError) error = NULL;

  if (!vigil_drills_page_start (self, scenario, selected_speed (self), &error))
    error_dialog (self, _("Could Not Start the Drill"), error->message);
}

static void
on_start_clicked_cb (GtkButton       *button,
                     VigilDrillsPage *self)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(VigilDrillScenario) scenario =
    vigil_drill_scenario_new_shipped (g_object_get_data (G_OBJECT (button), "vigil-scenario"), &error);

  if (!scenario)
    error_dialog (self, _("Could Not Start the Drill"), error->message);
  else
    start_scenario (self, scenario);
}

static void
finish_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  VigilDrillsPage *self = VIGIL_DRILLS_PAGE (widget);
  g_autoptr(GError) error = NULL;
  g_autoptr(VigilDrillReport) report = vigil_drills_page_finish (self, &error);

  if (!report)
    error_dialog (self, _("Could Not Finish the Drill"), error->message);
  else
    toast (self, _("Drill finished: its posts were purged and its report kept"));
}

static void
open_window_action (GtkWidget  *widget,
                    const char *action_name,
                    GVariant   *parameter)
{
  open_drill_window (VIGIL_DRILLS_PAGE (widget));
}

static void
back_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  gtk_stack_set_visible_child_name (VIGIL_DRILLS_PAGE (widget)->stack, "drills");
}

static void
on_open_response_cb (GtkNativeDialog *dialog,
                     int              response,
                     VigilDrillsPage *self)
{
  g_autoptr(GFile) file = NULL;

  if (response == GTK_RESPONSE_ACCEPT && (file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (dialog))))
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(VigilDrillScenario) scenario = vigil_drill_scenario_new_from_file (file, &error);

      if (!scenario)
        error_dialog (self, _("Not a Drill Scenario"), error->message);
      else
        start_scenario (self, scenario);
    }
  gtk_native_dialog_destroy (dialog);
  g_object_unref (dialog);
  g_object_unref (self);
}

static void
open_file_action (GtkWidget  *widget,
                  const char *action_name,
                  GVariant   *parameter)
{
  GtkFileChooserNative *chooser =
    gtk_file_chooser_native_new (_("Start a Drill From a Scenario File"), GTK_WINDOW (gtk_widget_get_root (widget)),
                                 GTK_FILE_CHOOSER_ACTION_OPEN, _("_Start"), _("_Cancel"));

  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (chooser), TRUE);
  g_signal_connect (chooser, "response", G_CALLBACK (on_open_response_cb), g_object_ref (widget));
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (chooser));
}

static void
on_export_response_cb (GtkNativeDialog *dialog,
                       int              response,
                       VigilDrillsPage *self)
{
  g_autoptr(GFile) file = NULL;
  VigilDrillReport *report = vigil_drill_report_view_get_report (self->report_view);

  if (response == GTK_RESPONSE_ACCEPT && report && (file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (dialog))))
    {
      g_autofree char *html = vigil_drill_report_to_html (report);
      g_autofree char *path = g_file_get_path (file);
      g_autoptr(GError) error = NULL;
      gboolean pdf = path && g_str_has_suffix (path, ".pdf");

      /* a temporary file renamed into place: never half-written */
      if (!path || !(pdf ? vigil_drill_report_write_pdf (report, path, &error)
                         : g_file_set_contents (path, html, -1, &error)))
        toast (self, error ? error->message : _("Could not export: choose a local folder"));
      else
        toast (self, _("Drill report exported"));
    }
  gtk_native_dialog_destroy (dialog);
  g_object_unref (dialog);
  g_object_unref (self);
}

static void
export_html_action (GtkWidget  *widget,
                    const char *action_name,
                    GVariant   *parameter)
{
  VigilDrillsPage *self = VIGIL_DRILLS_PAGE (widget);
  VigilDrillReport *report = vigil_drill_report_view_get_report (self->report_view);
  GtkFileChooserNative *chooser;
  g_autofree char *name = NULL;

  if (!report)
    return;
  chooser = gtk_file_chooser_native_new (_("Export Drill Report"), GTK_WINDOW (gtk_widget_get_root (widget)),
                                         GTK_FILE_CHOOSER_ACTION_SAVE, _("_Export"), _("_Cancel"));
  name = g_strdup_printf (g_str_equal (action_name, "drills.export-pdf") ? "drill-%s.pdf" : "drill-%s.html",
                          vigil_drill_report_get_run_id (report));
  gtk_file_chooser_set_current_name (GTK_FILE_CHOOSER (chooser), name);
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (chooser), TRUE);
  g_signal_connect (chooser, "response", G_CALLBACK (on_export_response_cb), g_object_ref (self));
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (chooser));
}

static void
build_scenarios (VigilDrillsPage *self)
{
  g_auto(GStrv) names = vigil_drill_scenario_list_shipped ();

  for (guint i = 0; names[i]; i++)
    {
      g_autoptr(VigilDrillScenario) s = vigil_drill_scenario_new_shipped (names[i], NULL);
      g_autofree char *subtitle = NULL;
      GtkWidget *row, *button;

      if (!s)
        continue;
      row = adw_action_row_new ();
      subtitle = g_strdup_printf (_("%s (%u posts over %.0f minutes)"), vigil_drill_scenario_get_description (s),
                                  vigil_drill_scenario_get_n_posts (s), vigil_drill_scenario_get_duration (s) / 60);
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), vigil_drill_scenario_get_title (s));
      adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
      adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);
      button = gtk_button_new_with_mnemonic (_("_Start"));
      gtk_widget_set_valign (button, GTK_ALIGN_CENTER);
      gtk_widget_add_css_class (button, "suggested-action");
      g_object_set_data_full (G_OBJECT (button), "vigil-scenario", g_strdup (names[i]), g_free);
      g_signal_connect (button, "clicked", G_CALLBACK (on_start_clicked_cb), self);
      adw_action_row_add_suffix (ADW_ACTION_ROW (row), button);
      adw_preferences_group_add (self->scenarios_group, row);
    }
}

void
vigil_drills_page_set_context (VigilDrillsPage *self,
                               VigilContext    *context)
{
  g_return_if_fail (VIGIL_IS_DRILLS_PAGE (self));

  if (!g_set_object (&self->context, context))
    return;
  self->service = context ? vigil_drill_service_get (context) : NULL;
  refresh_reports (self);
  update_running (self);
}

static void
vigil_drills_page_dispose (GObject *object)
{
  VigilDrillsPage *self = VIGIL_DRILLS_PAGE (object);

  if (self->drill_window)
    {
      g_object_remove_weak_pointer (G_OBJECT (self->drill_window), (gpointer *) &self->drill_window);
      self->drill_window = NULL;
    }
  g_clear_object (&self->runner);
  gtk_widget_dispose_template (GTK_WIDGET (self), VIGIL_TYPE_DRILLS_PAGE);
  g_clear_object (&self->context);
  G_OBJECT_CLASS (vigil_drills_page_parent_class)->dispose (object);
}

static void
vigil_drills_page_class_init (VigilDrillsPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = vigil_drills_page_dispose;

  g_type_ensure (VIGIL_TYPE_DRILL_REPORT_VIEW);
  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/vigilapp/Vigil/drills/vigil-drills-page.ui");
  gtk_widget_class_bind_template_child (widget_class, VigilDrillsPage, toast_overlay);
  gtk_widget_class_bind_template_child (widget_class, VigilDrillsPage, stack);
  gtk_widget_class_bind_template_child (widget_class, VigilDrillsPage, running_group);
  gtk_widget_class_bind_template_child (widget_class, VigilDrillsPage, running_label);
  gtk_widget_class_bind_template_child (widget_class, VigilDrillsPage, progress_bar);
  gtk_widget_class_bind_template_child (widget_class, VigilDrillsPage, scenarios_group);
  gtk_widget_class_bind_template_child (widget_class, VigilDrillsPage, speed_dropdown);
  gtk_widget_class_bind_template_child (widget_class, VigilDrillsPage, reports_list);
  gtk_widget_class_bind_template_child (widget_class, VigilDrillsPage, report_view);
  gtk_widget_class_bind_template_callback (widget_class, on_report_activated_cb);

  gtk_widget_class_install_action (widget_class, "drills.finish", NULL, finish_action);
  gtk_widget_class_install_action (widget_class, "drills.open-window", NULL, open_window_action);
  gtk_widget_class_install_action (widget_class, "drills.open-file", NULL, open_file_action);
  gtk_widget_class_install_action (widget_class, "drills.export-html", NULL, export_html_action);
  gtk_widget_class_install_action (widget_class, "drills.export-pdf", NULL, export_html_action);
  gtk_widget_class_install_action (widget_class, "drills.back", NULL, back_action);
}

static void
vigil_drills_page_init (VigilDrillsPage *self)
{
  g_autoptr(GtkStringList) labels = gtk_string_list_new (NULL);

  gtk_widget_init_template (GTK_WIDGET (self));
  for (guint i = 0; i < G_N_ELEMENTS (speeds); i++)
    {
      /* Translators: a replay speed, "×1" (real time), "×10" */
      g_autofree char *label = i == 0 ? g_strdup (_("Real time")) : g_strdup_printf (_("×%g faster"), speeds[i]);
      gtk_string_list_append (labels, label);
    }
  gtk_drop_down_set_model (self->speed_dropdown, G_LIST_MODEL (labels));
  build_scenarios (self);
  update_running (self);
}

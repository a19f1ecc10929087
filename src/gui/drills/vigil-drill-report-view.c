/* vigil-drill-report-view.c: a drill report: score, summary and each post
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "vigil-drill-report-view"

#include "config.h"

#include <glib/gi18n.h>

#include "vigil-drill-report-view.h"

struct _VigilDrillReportView
{
  GtkWidget         parent_instance;

  VigilDrillReport *report;
  GtkLabel         *title_label;
  GtkLabel         *meta_label;
  GtkLabel         *score_label;
  GtkFlowBox       *summary_box;
  GtkListBox       *posts_list;
};

G_DEFINE_FINAL_TYPE (VigilDrillReportView, vigil_drill_report_view, GTK_TYPE_WIDGET)

static char *
format_seconds (double seconds)
{
  if (seconds < 0)
    return g_strdup ("—");
  if (seconds < 120)
    return g_strdup_printf (_("%.0f s"), seconds);
  return g_strdup_printf (_("%.1f min"), seconds / 60);
}

static void
add_figure (VigilDrillReportView *self,
            const char           *value,
            const char           *label,
            gboolean              bad)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 2);
  GtkWidget *v = gtk_label_new (value);
  GtkWidget *l = gtk_label_new (label);

  gtk_widget_add_css_class (box, "card");
  gtk_widget_add_css_class (v, "title-2");
  if (bad)
    gtk_widget_add_css_class (v, "error");
  gtk_widget_add_css_class (l, "caption");
  gtk_widget_add_css_class (l, "dim-label");
  gtk_label_set_wrap (GTK_LABEL (l), TRUE);
  gtk_widget_set_margin_top (v, 12);
  gtk_widget_set_margin_bottom (l, 12);
  gtk_widget_set_margin_start (l, 6);
  gtk_widget_set_margin_end (l, 6);
  gtk_box_append (GTK_BOX (box), v);
  gtk_box_append (GTK_BOX (box), l);
  gtk_flow_box_append (self->summary_box, box);
}

static GtkWidget *
post_row (JsonObject *row)
{
  GtkWidget *expander = adw_expander_row_new ();
  const char *role = json_object_get_string_member_with_default (row, "role", NULL);
  gboolean role_ok = json_object_get_boolean_member_with_default (row, "role_ok", FALSE);
  gboolean triage_breach = json_object_get_boolean_member_with_default (row, "triage_breach", FALSE);
  gboolean response_breach = json_object_get_boolean_member_with_default (row, "response_breach", FALSE);
  g_autofree char *triage = format_seconds (json_object_get_double_member_with_default (row, "time_to_triage", -1));
  g_autofree char *response = json_object_get_boolean_member_with_default (row, "expects_response", TRUE)
                              ? format_seconds (json_object_get_double_member_with_default (row, "time_to_response", -1))
                              : g_strdup (_("not needed"));
  g_autofree char *title = g_strdup_printf ("%s · %s", json_object_get_string_member_with_default (row, "author", ""),
                                            json_object_get_string_member_with_default (row, "persona", ""));
  /* Translators: role chosen → expected; triage time; response time */
  g_autofree char *subtitle = g_strdup_printf (_("%s (expected %s) · triage %s · response %s"),
                                               role ? role : _("not triaged"),
                                               json_object_get_string_member_with_default (row, "expected_role", ""),
                                               triage, response);
  JsonArray *templates = json_object_get_array_member (row, "templates");
  GtkWidget *text = gtk_label_new (json_object_get_string_member_with_default (row, "text", ""));
  GtkWidget *badge = gtk_image_new_from_icon_name (role_ok && !triage_breach && !response_breach
                                                   ? "emblem-ok-symbolic" : "dialog-warning-symbolic");

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (expander), title);
  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (expander), FALSE);
  adw_expander_row_set_subtitle (ADW_EXPANDER_ROW (expander), subtitle);
  gtk_widget_add_css_class (badge, role_ok && !triage_breach && !response_breach ? "success" : "warning");
  gtk_widget_set_tooltip_text (badge, role_ok && !triage_breach && !response_breach
                                      ? _("Right role, within the SLAs")
                                      : !role_ok ? _("Not the expected role") : _("An SLA was breached"));
  adw_expander_row_add_prefix (ADW_EXPANDER_ROW (expander), badge);
  gtk_label_set_wrap (GTK_LABEL (text), TRUE);
  gtk_label_set_xalign (GTK_LABEL (text), 0);
  gtk_label_set_selectable (GTK_LABEL (text), TRUE);
  gtk_widget_set_margin_top (text, 8);
  gtk_widget_set_margin_bottom (text, 8);
  gtk_widget_set_margin_start (text, 12);
  gtk_widget_set_margin_end (text, 12);
  adw_expander_row_add_row (ADW_EXPANDER_ROW (expander), text);
  if (templates && json_array_get_length (templates))
    {
      g_autoptr(GString) used = g_string_new (_("Templates: "));
      GtkWidget *label;

      for (guint i = 0; i < json_array_get_length (templates); i++)
        g_string_append_printf (used, "%s%s", i ? ", " : "", json_array_get_string_element (templates, i));
      label = gtk_label_new (used->str);
      gtk_label_set_xalign (GTK_LABEL (label), 0);
      gtk_widget_add_css_class (label, "dim-label");
      gtk_widget_set_margin_start (label, 12);
      gtk_widget_set_margin_bottom (label, 8);
      adw_expander_row_add_row (ADW_EXPANDER_ROW (expander), label);
    }
  return expander;
}

void
vigil_drill_report_view_set_report (VigilDrillReportView *self,
                                    VigilDrillReport     *report)
{
  JsonObject *root;
  GtkWidget *child;
  g_autofree char *score = NULL, *meta = NULL, *triaged = NULL, *roles = NULL, *responses = NULL;
  g_autofree char *breaches = NULL, *median_triage = NULL, *median_response = NULL, *templates = NULL;
  double n_posts;

  g_return_if_fail (VIGIL_IS_DRILL_REPORT_VIEW (self));

  g_set_object (&self->report, report);
  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->summary_box))))
    gtk_flow_box_remove (self->summary_box, child);
  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->posts_list))))
    gtk_list_box_remove (self->posts_list, child);
  if (!report)
    return;

  root = vigil_drill_report_get_object (report);
  n_posts = vigil_drill_report_get_summary (report, "n_posts");
  gtk_label_set_text (self->title_label, vigil_drill_report_get_title (report));
  if (json_object_get_double_member_with_default (root, "speed", 1) > 0)
    /* Translators: run id · when · speed */
    meta = g_strdup_printf (_("Run %s · %s · ×%g"), vigil_drill_report_get_run_id (report),
                            json_object_get_string_member_with_default (root, "started_at", ""),
                            json_object_get_double_member_with_default (root, "speed", 1));
  else
    meta = g_strdup_printf (_("Run %s · %s · played as fast as possible"), vigil_drill_report_get_run_id (report),
                            json_object_get_string_member_with_default (root, "started_at", ""));
  gtk_label_set_text (self->meta_label, meta);
  score = g_strdup_printf ("%d/100", vigil_drill_report_get_score (report));
  gtk_label_set_text (self->score_label, score);

  triaged = g_strdup_printf ("%.0f/%.0f", vigil_drill_report_get_summary (report, "n_triaged"), n_posts);
  add_figure (self, triaged, _("posts triaged"), vigil_drill_report_get_summary (report, "n_triaged") < n_posts);
  roles = g_strdup_printf ("%.0f/%.0f", vigil_drill_report_get_summary (report, "role_correct"), n_posts);
  add_figure (self, roles, _("sent to the right role"), vigil_drill_report_get_summary (report, "role_correct") < n_posts);
  responses = g_strdup_printf ("%.0f/%.0f", vigil_drill_report_get_summary (report, "n_responded"),
                               vigil_drill_report_get_summary (report, "n_expected_responses"));
  add_figure (self, responses, _("answered"), FALSE);
  breaches = g_strdup_printf ("%.0f", vigil_drill_report_get_summary (report, "sla_breaches"));
  add_figure (self, breaches, _("SLA breaches"), vigil_drill_report_get_summary (report, "sla_breaches") > 0);
  median_triage = format_seconds (vigil_drill_report_get_summary (report, "median_time_to_triage"));
  add_figure (self, median_triage, _("median time to triage"), FALSE);
  median_response = format_seconds (vigil_drill_report_get_summary (report, "median_time_to_response"));
  add_figure (self, median_response, _("median time to first response"), FALSE);
  templates = g_strdup_printf ("%.0f", vigil_drill_report_get_summary (report, "templates_used"));
  add_figure (self, templates, _("templates used"), FALSE);

  for (guint i = 0; i < vigil_drill_report_get_n_rows (report); i++)
    gtk_list_box_append (self->posts_list, post_row (vigil_drill_report_get_row (report, i)));
}

VigilDrillReport *
vigil_drill_report_view_get_report (VigilDrillReportView *self)
{
  return self->report;
}

static void
vigil_drill_report_view_dispose (GObject *object)
{
  VigilDrillReportView *self = VIGIL_DRILL_REPORT_VIEW (object);
  GtkWidget *child;

  gtk_widget_dispose_template (GTK_WIDGET (self), VIGIL_TYPE_DRILL_REPORT_VIEW);
  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self))))
    gtk_widget_unparent (child);
  g_clear_object (&self->report);
  G_OBJECT_CLASS (vigil_drill_report_view_parent_class)->dispose (object);
}

static void
vigil_drill_report_view_class_init (VigilDrillReportViewClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = vigil_drill_report_view_dispose;
  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/vigilapp/Vigil/drills/vigil-drill-report-view.ui");
  gtk_widget_class_bind_template_child (widget_class, VigilDrillReportView, title_label);
  gtk_widget_class_bind_template_child (widget_class, VigilDrillReportView, meta_label);
  gtk_widget_class_bind_template_child (widget_class, VigilDrillReportView, score_label);
  gtk_widget_class_bind_template_child (widget_class, VigilDrillReportView, summary_box);
  gtk_widget_class_bind_template_child (widget_class, VigilDrillReportView, posts_list);
}

static void
vigil_drill_report_view_init (VigilDrillReportView *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}

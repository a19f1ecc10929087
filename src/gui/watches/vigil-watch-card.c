/* vigil-watch-card.c: one watch's chart and current alert
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "vigil-watch-card"

#include "config.h"

#include <glib/gi18n.h>
#include <math.h>

#include "vigil-watch-card.h"

struct _VigilWatchCard
{
  AdwBin           parent_instance;

  char            *watch;
  GdkRGBA          colour;
  gboolean         has_colour;
  const char      *state;
  VigilAlertWindow window;        /* the series charted */
  VigilAlertMonitor *monitor;     /* as of the last update, to redraw on a toggle */
  VigilAlert      *last;
  gboolean         demo;

  /* template children */
  GtkDrawingArea  *swatch;
  GtkDrawingArea  *legend_swatch;
  GtkLabel        *name_label;
  GtkLabel        *query_label;
  GtkLabel        *state_label;
  GtkImage        *status_icon;
  GtkLabel        *status_label;
  VigilSpikeChart *chart;
  GtkLabel        *legend_bars_label;
  GtkLabel        *note_label;
  GtkToggleButton *minutes_button;
  GtkToggleButton *hours_button;
};

G_DEFINE_FINAL_TYPE (VigilWatchCard, vigil_watch_card, ADW_TYPE_BIN)

static void
draw_swatch (GtkDrawingArea *area,
             cairo_t        *cr,
             int             width,
             int             height,
             gpointer        user_data)
{
  VigilWatchCard *self = user_data;
  GdkRGBA colour;

  if (self->has_colour)
    colour = self->colour;
  else if (!gtk_style_context_lookup_color (gtk_widget_get_style_context (GTK_WIDGET (area)),
                                            "accent_color", &colour))
    gtk_style_context_get_color (gtk_widget_get_style_context (GTK_WIDGET (area)), &colour);

  gdk_cairo_set_source_rgba (cr, &colour);
  if (area == self->swatch)
    cairo_arc (cr, width / 2.0, height / 2.0, MIN (width, height) / 2.0, 0, 2 * G_PI);
  else
    cairo_rectangle (cr, 0, 0, width, height);
  cairo_fill (cr);
}

static void
set_state (VigilWatchCard *self,
           const char     *state,
           int             severity)
{
  static const char * const classes[] = { "warming-up", "normal", "spike", "ended",
                                          "severity-1", "severity-2", "severity-3" };
  g_autofree char *severity_class = g_strdup_printf ("severity-%d", CLAMP (severity, 1, 3));
  GtkWidget *widget = GTK_WIDGET (self);

  for (guint i = 0; i < G_N_ELEMENTS (classes); i++)
    gtk_widget_remove_css_class (widget, classes[i]);
  gtk_widget_add_css_class (widget, state);
  if (g_str_equal (state, "spike"))
    gtk_widget_add_css_class (widget, severity_class);
  self->state = state;
}

static char *
format_clock (gint64  us,
              gint64  window_us)
{
  g_autoptr(GDateTime) time = g_date_time_new_from_unix_local (us / G_USEC_PER_SEC);

  if (time == NULL)
    return g_strdup ("");
  /* Translators: a time of day, see the strftime(3) manual */
  return g_date_time_format (time, window_us < 60 * G_USEC_PER_SEC ? _("%H:%M:%S") : _("%H:%M"));
}

void
vigil_watch_card_update (VigilWatchCard    *self,
                         VigilAlertMonitor *monitor,
                         VigilAlert        *last,
                         gboolean           demo)
{
  g_autofree VigilSpikeWindow *series = NULL;
  g_autoptr(VigilAlert) keep_last = NULL;
  g_autofree char *length = NULL;
  g_autofree char *status = NULL;
  g_autofree char *bars = NULL;
  const char *state_text = NULL;
  VigilAlert *alert;
  gint64 window_us;
  guint n = 0;

  g_return_if_fail (VIGIL_IS_WATCH_CARD (self));
  g_return_if_fail (VIGIL_IS_ALERT_MONITOR (monitor));
  g_return_if_fail (last == NULL || VIGIL_IS_ALERT (last));

  /* last may be self->last: hold it while swapping */
  keep_last = last != NULL ? g_object_ref (last) : NULL;
  g_set_object (&self->monitor, monitor);
  g_set_object (&self->last, last);
  self->demo = demo;

  window_us = vigil_alert_monitor_get_window_length (monitor, self->window);
  length = vigil_format_window_length (window_us);
  series = vigil_alert_monitor_get_series_for (monitor, self->watch, self->window, &n);
  vigil_spike_chart_set_series (self->chart, series, n, window_us);
  vigil_spike_chart_set_threshold (self->chart,
                                   vigil_alert_monitor_get_threshold_for (monitor, self->watch, self->window));

  /* whichever series has a spike going on, the more severe one */
  alert = vigil_alert_monitor_get_alert (monitor, self->watch);
  if (alert == NULL)
    alert = last;
  if (alert != NULL && vigil_alert_get_ongoing (alert))
    {
      int severity = vigil_alert_get_severity (alert);

      /* the maths exactly as the monitor says it */
      status = g_strdup (vigil_alert_get_description (alert));
      set_state (self, "spike", severity);
      state_text = severity >= 3 ? C_("watch state", "Severe spike")
                 : severity == 2 ? C_("watch state", "Strong spike")
                 : C_("watch state", "Spike");
      gtk_image_set_from_icon_name (self->status_icon, "dialog-warning-symbolic");
    }
  else if (alert != NULL)
    {
      gint64 alert_window_us = vigil_alert_get_window_us (alert);
      g_autofree char *start = format_clock (vigil_alert_get_started_us (alert), alert_window_us);
      g_autofree char *end = format_clock (vigil_alert_get_updated_us (alert), alert_window_us);

      /* Translators: a spike that is over: "Last spike 14:20–14:40: 312 mentions in …" */
      status = g_strdup_printf (_("Last spike %s–%s: %s"), start, end,
                                vigil_alert_get_description (alert));
      set_state (self, "ended", 0);
      state_text = C_("watch state", "Calm");
      gtk_image_set_from_icon_name (self->status_icon, "emblem-ok-symbolic");
    }
  else if (n < VIGIL_SPIKE_WARMUP_WINDOWS)
    {
      /* Translators: before the detector knows the usual volume */
      status = g_strdup_printf (_("Learning the usual volume: %u of %d windows of %s so far"),
                                n, VIGIL_SPIKE_WARMUP_WINDOWS, length);
      set_state (self, "warming-up", 0);
      state_text = C_("watch state", "Learning");
      gtk_image_set_from_icon_name (self->status_icon, "content-loading-symbolic");
    }
  else
    {
      const VigilSpikeWindow *last = &series[n - 1];

      /* Translators: "Last 10 min: 14 mentions (usual 12 ± 3)" */
      status = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                             "Last %s: %u mention (usual %.0f ± %.0f)",
                                             "Last %s: %u mentions (usual %.0f ± %.0f)",
                                             last->count),
                                length, last->count, last->mean, last->stddev);
      set_state (self, "normal", 0);
      state_text = C_("watch state", "Calm");
      gtk_image_set_from_icon_name (self->status_icon, "emblem-ok-symbolic");
    }

  gtk_label_set_label (self->status_label, status);
  gtk_label_set_label (self->state_label, state_text);

  /* Translators: the chart's legend for the bars, "Mentions per 10 min" */
  bars = g_strdup_printf (_("Mentions per %s"), length);
  gtk_label_set_label (self->legend_bars_label, bars);
  gtk_widget_set_visible (GTK_WIDGET (self->note_label), demo);
  if (demo)
    {
      /* Translators: the demo's note on the chart, "demo: 20 s windows" */
      g_autofree char *note = g_strdup_printf (_("demo: %s windows"), length);

      gtk_label_set_label (self->note_label, note);
    }
}

static void
redraw (VigilWatchCard *self)
{
  if (self->monitor != NULL)
    vigil_watch_card_update (self, self->monitor, self->last, self->demo);
}

void
vigil_watch_card_set_window (VigilWatchCard   *self,
                             VigilAlertWindow  window)
{
  g_return_if_fail (VIGIL_IS_WATCH_CARD (self));
  g_return_if_fail ((guint) window < VIGIL_ALERT_N_WINDOWS);

  /* the toggles call back here; only redraw once */
  if (window == VIGIL_ALERT_WINDOW_HOUR)
    gtk_toggle_button_set_active (self->hours_button, TRUE);
  else
    gtk_toggle_button_set_active (self->minutes_button, TRUE);
  if (self->window == window)
    return;
  self->window = window;
  redraw (self);
}

VigilAlertWindow
vigil_watch_card_get_window (VigilWatchCard *self)
{
  g_return_val_if_fail (VIGIL_IS_WATCH_CARD (self), VIGIL_ALERT_WINDOW_MINUTE);
  return self->window;
}

static void
on_window_toggled_cb (GtkToggleButton *button,
                      VigilWatchCard  *self)
{
  if (!gtk_toggle_button_get_active (button))
    return;   /* the other one of the pair turns on */
  vigil_watch_card_set_window (self, button == self->hours_button ? VIGIL_ALERT_WINDOW_HOUR
                                                                  : VIGIL_ALERT_WINDOW_MINUTE);
}

const char *
vigil_watch_card_get_watch (VigilWatchCard *self)
{
  g_return_val_if_fail (VIGIL_IS_WATCH_CARD (self), NULL);
  return self->watch;
}

const char *
vigil_watch_card_get_status_text (VigilWatchCard *self)
{
  g_return_val_if_fail (VIGIL_IS_WATCH_CARD (self), NULL);
  return gtk_label_get_label (self->status_label);
}

const char *
vigil_watch_card_get_state (VigilWatchCard *self)
{
  g_return_val_if_fail (VIGIL_IS_WATCH_CARD (self), NULL);
  return self->state;
}

VigilSpikeChart *
vigil_watch_card_get_chart (VigilWatchCard *self)
{
  g_return_val_if_fail (VIGIL_IS_WATCH_CARD (self), NULL);
  return self->chart;
}

GtkWidget *
vigil_watch_card_new (const char *watch,
                      const char *query,
                      const char *colour)
{
  VigilWatchCard *self = g_object_new (VIGIL_TYPE_WATCH_CARD, NULL);

  self->watch = g_strdup (watch);
  self->has_colour = watch != NULL && colour != NULL && gdk_rgba_parse (&self->colour, colour);
  vigil_spike_chart_set_colour (self->chart, self->has_colour ? &self->colour : NULL);

  if (watch == NULL)
    {
      gtk_label_set_label (self->name_label, _("All mentions"));
      gtk_label_set_label (self->query_label, _("Every post archived, matched by a watch or not"));
      gtk_widget_add_css_class (GTK_WIDGET (self), "all-mentions");
    }
  else
    {
      gtk_label_set_label (self->name_label, watch);
      gtk_label_set_label (self->query_label, query != NULL ? query : "");
      gtk_widget_add_css_class (GTK_WIDGET (self->query_label), "monospace");
    }
  gtk_widget_set_tooltip_text (GTK_WIDGET (self->query_label),
                               gtk_label_get_label (self->query_label));
  gtk_accessible_update_property (GTK_ACCESSIBLE (self),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  gtk_label_get_label (self->name_label),
                                  -1);
  return GTK_WIDGET (self);
}

static void
vigil_watch_card_dispose (GObject *object)
{
  gtk_widget_dispose_template (GTK_WIDGET (object), VIGIL_TYPE_WATCH_CARD);

  G_OBJECT_CLASS (vigil_watch_card_parent_class)->dispose (object);
}

static void
vigil_watch_card_finalize (GObject *object)
{
  VigilWatchCard *self = (VigilWatchCard *) object;

  g_free (self->watch);
  g_clear_object (&self->monitor);
  g_clear_object (&self->last);

  G_OBJECT_CLASS (vigil_watch_card_parent_class)->finalize (object);
}

static void
vigil_watch_card_class_init (VigilWatchCardClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = vigil_watch_card_dispose;
  object_class->finalize = vigil_watch_card_finalize;

  g_type_ensure (VIGIL_TYPE_SPIKE_CHART);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/vigilapp/Vigil/watches/vigil-watch-card.ui");
  gtk_widget_class_bind_template_child (widget_class, VigilWatchCard, swatch);
  gtk_widget_class_bind_template_child (widget_class, VigilWatchCard, legend_swatch);
  gtk_widget_class_bind_template_child (widget_class, VigilWatchCard, name_label);
  gtk_widget_class_bind_template_child (widget_class, VigilWatchCard, query_label);
  gtk_widget_class_bind_template_child (widget_class, VigilWatchCard, state_label);
  gtk_widget_class_bind_template_child (widget_class, VigilWatchCard, status_icon);
  gtk_widget_class_bind_template_child (widget_class, VigilWatchCard, status_label);
  gtk_widget_class_bind_template_child (widget_class, VigilWatchCard, chart);
  gtk_widget_class_bind_template_child (widget_class, VigilWatchCard, legend_bars_label);
  gtk_widget_class_bind_template_child (widget_class, VigilWatchCard, note_label);
  gtk_widget_class_bind_template_child (widget_class, VigilWatchCard, minutes_button);
  gtk_widget_class_bind_template_child (widget_class, VigilWatchCard, hours_button);
  gtk_widget_class_bind_template_callback (widget_class, on_window_toggled_cb);
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_GROUP);
}

static void
vigil_watch_card_init (VigilWatchCard *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  gtk_drawing_area_set_draw_func (self->swatch, draw_swatch, self, NULL);
  gtk_drawing_area_set_draw_func (self->legend_swatch, draw_swatch, self, NULL);
  set_state (self, "warming-up", 0);
}

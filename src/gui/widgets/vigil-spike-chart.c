/* vigil-spike-chart.c: a small chart of a watch's mentions over time
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "vigil-spike-chart"

#include "config.h"

#include <glib/gi18n.h>
#include <math.h>

#include "vigil-spike-chart.h"

#define MIN_SLOTS     12
#define AXIS_GAP      6.0
#define MIN_PLOT_SIZE 8.0

struct _VigilSpikeChart
{
  GtkWidget         parent_instance;

  VigilSpikeWindow *windows;     /* oldest first */
  guint             n_windows;
  gint64            window_us;
  double            threshold;   /* the open window's */
  GdkRGBA           colour;
  gboolean          has_colour;
  char             *summary;
};

G_DEFINE_FINAL_TYPE (VigilSpikeChart, vigil_spike_chart, GTK_TYPE_WIDGET)

char *
vigil_format_window_length (gint64 window_us)
{
  gint64 seconds = MAX (1, (window_us + G_USEC_PER_SEC / 2) / G_USEC_PER_SEC);

  if (seconds % 3600 == 0)
    return g_strdup_printf (C_("window length", "%d h"), (int) (seconds / 3600));
  if (seconds % 60 == 0)
    return g_strdup_printf (C_("window length", "%d min"), (int) (seconds / 60));
  return g_strdup_printf (C_("window length", "%d s"), (int) seconds);
}

/* How many window slots the x axis spans: about two hours (at least
 * MIN_SLOTS and at most VIGIL_SPIKE_CHART_MAX_BARS windows), but no more
 * than the windows seen so far, so a young chart is not a thin line at
 * the right edge. */
static guint
get_n_slots (VigilSpikeChart *self)
{
  gint64 slots;

  if (self->window_us <= 0)
    return MIN_SLOTS;
  slots = CLAMP (VIGIL_SPIKE_CHART_SPAN_US / self->window_us, MIN_SLOTS, VIGIL_SPIKE_CHART_MAX_BARS);
  if (self->n_windows > 0)
    {
      gint64 seen = (self->windows[self->n_windows - 1].window_start_us -
                     self->windows[0].window_start_us) / self->window_us + 1;

      slots = MIN (slots, MAX (seen, MIN_SLOTS));
    }
  else
    slots = MIN_SLOTS;
  return (guint) slots;
}

/* The first window drawn: those that fall in the slots ending with the
 * latest closed window. */
static guint
get_first_visible (VigilSpikeChart *self,
                   gint64          *out_first_start)
{
  gint64 last_start, first_start;
  guint first = 0;

  if (self->n_windows == 0)
    {
      *out_first_start = 0;
      return 0;
    }

  last_start = self->windows[self->n_windows - 1].window_start_us;
  first_start = last_start - (gint64) (get_n_slots (self) - 1) * MAX (self->window_us, 1);
  while (first < self->n_windows && self->windows[first].window_start_us < first_start)
    first++;

  *out_first_start = first_start;
  return first;
}

/* 1, 2 or 5 times a power of ten, at least v. */
static double
nice_ceiling (double v)
{
  double magnitude, f;

  if (!(v > 1))
    return 1;
  magnitude = pow (10, floor (log10 (v)));
  f = v / magnitude;
  if (f <= 1)
    return magnitude;
  if (f <= 2)
    return 2 * magnitude;
  if (f <= 5)
    return 5 * magnitude;
  return 10 * magnitude;
}

double
vigil_spike_chart_get_y_max (VigilSpikeChart *self)
{
  double top = 4;
  gint64 first_start;
  guint first;

  g_return_val_if_fail (VIGIL_IS_SPIKE_CHART (self), 0);

  first = get_first_visible (self, &first_start);
  for (guint i = first; i < self->n_windows; i++)
    {
      top = MAX (top, self->windows[i].count);
      if (isfinite (self->windows[i].threshold))
        top = MAX (top, self->windows[i].threshold);
    }
  if (isfinite (self->threshold))
    top = MAX (top, self->threshold);
  return nice_ceiling (top);
}

guint
vigil_spike_chart_get_n_bars (VigilSpikeChart *self)
{
  gint64 first_start;

  g_return_val_if_fail (VIGIL_IS_SPIKE_CHART (self), 0);
  return self->n_windows - get_first_visible (self, &first_start);
}

const char *
vigil_spike_chart_get_summary (VigilSpikeChart *self)
{
  g_return_val_if_fail (VIGIL_IS_SPIKE_CHART (self), NULL);
  return self->summary;
}

static void
update_summary (VigilSpikeChart *self)
{
  g_autofree char *length = vigil_format_window_length (self->window_us);
  guint n = vigil_spike_chart_get_n_bars (self);

  g_free (self->summary);
  if (n == 0)
    self->summary = g_strdup (_("Mentions chart: no window has closed yet"));
  else
    {
      const VigilSpikeWindow *last = &self->windows[self->n_windows - 1];
      guint highest = 0, n_spikes = 0;
      g_autofree char *threshold = NULL;

      for (guint i = self->n_windows - n; i < self->n_windows; i++)
        {
          highest = MAX (highest, self->windows[i].count);
          n_spikes += self->windows[i].spike ? 1 : 0;
        }
      if (self->threshold > 0)
        /* Translators: the end of the chart's description */
        threshold = g_strdup_printf (_("; alert threshold %.0f"), self->threshold);

      /* Translators: the chart's description for screen readers, e.g.
       * "Mentions per 10 min, last 12 windows: latest 312 (63 % negative),
       * highest 312, 1 spike window; alert threshold 76" */
      self->summary = g_strdup_printf (_("Mentions per %s, last %u windows: latest %u (%d %% negative), "
                                         "highest %u, %u spike windows%s"),
                                       length, n, last->count,
                                       (int) round (CLAMP (last->negative_share, 0, 1) * 100),
                                       highest, n_spikes, threshold != NULL ? threshold : "");
    }

  gtk_accessible_update_property (GTK_ACCESSIBLE (self),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, self->summary,
                                  -1);
}

static void
lookup_colour (GtkWidget  *widget,
               const char *name,
               GdkRGBA    *out)
{
  GtkStyleContext *context = gtk_widget_get_style_context (widget);

  /* named colours of the theme (libadwaita's, light, dark or high contrast);
   * the foreground colour when a theme lacks one */
  if (!gtk_style_context_lookup_color (context, name, out))
    gtk_style_context_get_color (context, out);
}

static PangoLayout *
create_small_layout (GtkWidget  *widget,
                     const char *text)
{
  PangoLayout *layout = gtk_widget_create_pango_layout (widget, text);
  PangoAttrList *attrs = pango_attr_list_new ();

  pango_attr_list_insert (attrs, pango_attr_scale_new (PANGO_SCALE_SMALL));
  pango_attr_list_insert (attrs, pango_attr_font_features_new ("tnum=1"));
  pango_layout_set_attributes (layout, attrs);
  pango_attr_list_unref (attrs);
  return layout;
}

static void
append_text (GtkSnapshot   *snapshot,
             PangoLayout   *layout,
             double         x,
             double         y,
             const GdkRGBA *colour)
{
  gtk_snapshot_save (snapshot);
  gtk_snapshot_translate (snapshot, &GRAPHENE_POINT_INIT ((float) x, (float) y));
  gtk_snapshot_append_layout (snapshot, layout, colour);
  gtk_snapshot_restore (snapshot);
}

static char *
format_ago (gint64 span_us)
{
  gint64 seconds = span_us / G_USEC_PER_SEC;

  if (seconds <= 0)
    return g_strdup (C_("chart axis", "now"));
  if (seconds >= 2 * 3600 && seconds % 3600 == 0)
    return g_strdup_printf (C_("chart axis", "−%d h"), (int) (seconds / 3600));
  if (seconds >= 120)
    return g_strdup_printf (C_("chart axis", "−%d min"), (int) (seconds / 60));
  return g_strdup_printf (C_("chart axis", "−%d s"), (int) seconds);
}

static void
vigil_spike_chart_snapshot (GtkWidget   *widget,
                            GtkSnapshot *snapshot)
{
  VigilSpikeChart *self = VIGIL_SPIKE_CHART (widget);
  double width = gtk_widget_get_width (widget);
  double height = gtk_widget_get_height (widget);
  g_autoptr(PangoLayout) top_layout = NULL;
  g_autoptr(PangoLayout) zero_layout = NULL;
  g_autofree char *top_text = NULL;
  GdkRGBA fg, grid, bar, spike_bar, negative, threshold_colour, dim;
  double y_max = vigil_spike_chart_get_y_max (self);
  double plot_x, plot_y, plot_w, plot_h, slot_w, gap, text_h;
  guint n_slots = get_n_slots (self);
  gint64 first_start;
  guint first = get_first_visible (self, &first_start);
  int tw, th;
  cairo_t *cr;

  if (width < 2 * MIN_PLOT_SIZE || height < 2 * MIN_PLOT_SIZE)
    return;

  gtk_style_context_get_color (gtk_widget_get_style_context (widget), &fg);
  grid = fg;
  grid.alpha *= 0.15f;
  dim = fg;
  dim.alpha *= 0.6f;
  if (self->has_colour)
    bar = self->colour;
  else
    lookup_colour (widget, "accent_color", &bar);
  spike_bar = bar;
  bar.alpha *= 0.55f;
  /* the foreground reads over bars of any watch's colour */
  negative = fg;
  negative.alpha *= 0.85f;
  lookup_colour (widget, "warning_color", &threshold_colour);

  /* the y axis: 0 and the top value, right-aligned in a gutter */
  top_text = g_strdup_printf ("%.0f", y_max);
  top_layout = create_small_layout (widget, top_text);
  zero_layout = create_small_layout (widget, "0");
  pango_layout_get_pixel_size (top_layout, &tw, &th);
  text_h = th;

  plot_x = tw + AXIS_GAP;
  plot_y = text_h / 2;
  plot_w = width - plot_x - 1;
  plot_h = height - plot_y - text_h - AXIS_GAP / 2;
  if (plot_w < MIN_PLOT_SIZE || plot_h < MIN_PLOT_SIZE)
    return;

  append_text (snapshot, top_layout, 0, plot_y - text_h / 2, &dim);
  {
    int zw, zh;

    pango_layout_get_pixel_size (zero_layout, &zw, &zh);
    append_text (snapshot, zero_layout, plot_x - AXIS_GAP - zw, plot_y + plot_h - zh / 2.0, &dim);
  }

  /* grid: the top and the baseline */
  gtk_snapshot_append_color (snapshot, &grid,
                             &GRAPHENE_RECT_INIT ((float) plot_x, (float) plot_y, (float) plot_w, 1));
  gtk_snapshot_append_color (snapshot, &grid,
                             &GRAPHENE_RECT_INIT ((float) plot_x, (float) (plot_y + plot_h - 1),
                                                  (float) plot_w, 1));

  /* the x axis: how long ago, at the left edge, the middle and the right */
  {
    gint64 span = (gint64) n_slots * MAX (self->window_us, 1);
    gint64 marks[3] = { span, span / 2, 0 };
    double xs[3] = { plot_x, plot_x + plot_w / 2, plot_x + plot_w };

    for (guint i = 0; i < 3; i++)
      {
        g_autofree char *text = format_ago (marks[i]);
        g_autoptr(PangoLayout) layout = create_small_layout (widget, text);
        int lw, lh;
        double x;

        pango_layout_get_pixel_size (layout, &lw, &lh);
        x = i == 0 ? xs[i] : i == 1 ? xs[i] - lw / 2.0 : xs[i] - lw;
        append_text (snapshot, layout, x, plot_y + plot_h + AXIS_GAP / 2, &dim);
      }
  }

  if (self->n_windows == 0 || first >= self->n_windows)
    {
      g_autoptr(PangoLayout) layout = create_small_layout (widget, _("Waiting for the first window"));
      int lw, lh;

      pango_layout_get_pixel_size (layout, &lw, &lh);
      append_text (snapshot, layout, plot_x + (plot_w - lw) / 2, plot_y + (plot_h - lh) / 2, &dim);
      return;
    }

  slot_w = plot_w / n_slots;
  gap = slot_w >= 4 ? MAX (1.0, floor (slot_w * 0.2)) : 0;

  /* the bars */
  for (guint i = first; i < self->n_windows; i++)
    {
      const VigilSpikeWindow *w = &self->windows[i];
      gint64 slot = (w->window_start_us - first_start) / MAX (self->window_us, 1);
      double h = plot_h * MIN (w->count / y_max, 1.0);
      double x = plot_x + slot * slot_w;

      if (slot < 0 || slot >= n_slots || w->count == 0)
        continue;
      h = MAX (h, 1.5);
      gtk_snapshot_append_color (snapshot, w->spike ? &spike_bar : &bar,
                                 &GRAPHENE_RECT_INIT ((float) (x + gap / 2), (float) (plot_y + plot_h - h),
                                                      (float) MAX (slot_w - gap, 1.0), (float) h));
      if (w->spike)
        {
          /* a mark above a spike window, in the threshold's colour */
          double mark = MIN (4.0, plot_y + plot_h - h - plot_y);

          if (mark > 1)
            gtk_snapshot_append_color (snapshot, &threshold_colour,
                                       &GRAPHENE_RECT_INIT ((float) (x + gap / 2),
                                                            (float) (plot_y + plot_h - h - mark - 1),
                                                            (float) MAX (slot_w - gap, 1.0), 2));
        }
    }

  cr = gtk_snapshot_append_cairo (snapshot,
                                  &GRAPHENE_RECT_INIT ((float) plot_x, 0, (float) plot_w, (float) height));
  cairo_set_line_join (cr, CAIRO_LINE_JOIN_ROUND);
  cairo_set_line_cap (cr, CAIRO_LINE_CAP_ROUND);

  /* the alert threshold: a dashed step line, then the open window's */
  {
    static const double dashes[] = { 4.0, 3.0 };
    gboolean started = FALSE;

    cairo_set_dash (cr, dashes, G_N_ELEMENTS (dashes), 0);
    cairo_set_line_width (cr, 1.5);
    gdk_cairo_set_source_rgba (cr, &threshold_colour);
    for (guint i = first; i < self->n_windows; i++)
      {
        const VigilSpikeWindow *w = &self->windows[i];
        gint64 slot = (w->window_start_us - first_start) / MAX (self->window_us, 1);
        double y;

        if (!(w->threshold > 0) || !isfinite (w->threshold) || slot < 0 || slot >= n_slots)
          {
            started = FALSE;
            continue;
          }
        y = plot_y + plot_h - plot_h * MIN (w->threshold / y_max, 1.0);
        if (!started)
          cairo_move_to (cr, plot_x + slot * slot_w, y);
        else
          cairo_line_to (cr, plot_x + slot * slot_w, y);
        cairo_line_to (cr, plot_x + (slot + 1) * slot_w, y);
        started = TRUE;
      }
    if (self->threshold > 0 && isfinite (self->threshold))
      {
        double y = plot_y + plot_h - plot_h * MIN (self->threshold / y_max, 1.0);

        if (started)
          cairo_line_to (cr, plot_x + plot_w, y);
        else
          {
            cairo_move_to (cr, plot_x, y);
            cairo_line_to (cr, plot_x + plot_w, y);
          }
      }
    cairo_stroke (cr);
    cairo_set_dash (cr, NULL, 0, 0);
  }

  /* the negative share: 0 at the baseline, 100 % at the top */
  {
    gboolean started = FALSE;

    cairo_set_line_width (cr, 2.0);
    gdk_cairo_set_source_rgba (cr, &negative);
    for (guint i = first; i < self->n_windows; i++)
      {
        const VigilSpikeWindow *w = &self->windows[i];
        gint64 slot = (w->window_start_us - first_start) / MAX (self->window_us, 1);
        double x = plot_x + (slot + 0.5) * slot_w;
        double y;

        if (slot < 0 || slot >= n_slots || w->count == 0)
          {
            /* an empty window has no share: break the line */
            started = FALSE;
            continue;
          }
        y = plot_y + plot_h - 1 - (plot_h - 2) * CLAMP (w->negative_share, 0, 1);
        if (started)
          cairo_line_to (cr, x, y);
        else
          cairo_move_to (cr, x, y);
        /* a lone point still shows as a dot */
        cairo_line_to (cr, x, y);
        started = TRUE;
      }
    cairo_stroke (cr);
  }
  cairo_destroy (cr);
}

static void
vigil_spike_chart_measure (GtkWidget      *widget,
                           GtkOrientation  orientation,
                           int             for_size,
                           int            *minimum,
                           int            *natural,
                           int            *minimum_baseline,
                           int            *natural_baseline)
{
  if (orientation == GTK_ORIENTATION_HORIZONTAL)
    {
      *minimum = 160;
      *natural = 360;
    }
  else
    {
      *minimum = 80;
      *natural = 120;
    }
}

static gboolean
vigil_spike_chart_query_tooltip (GtkWidget  *widget,
                                 int         x,
                                 int         y,
                                 gboolean    keyboard_tooltip,
                                 GtkTooltip *tooltip)
{
  VigilSpikeChart *self = VIGIL_SPIKE_CHART (widget);
  double width = gtk_widget_get_width (widget);
  guint n_slots = get_n_slots (self);
  gint64 first_start;
  guint first = get_first_visible (self, &first_start);
  double plot_x, slot_w;
  gint64 slot;

  if (keyboard_tooltip || self->n_windows == 0)
    {
      gtk_tooltip_set_text (tooltip, self->summary);
      return self->summary != NULL;
    }

  /* the same gutter as the snapshot */
  {
    g_autofree char *top_text = g_strdup_printf ("%.0f", vigil_spike_chart_get_y_max (self));
    g_autoptr(PangoLayout) layout = create_small_layout (widget, top_text);
    int tw, th;

    pango_layout_get_pixel_size (layout, &tw, &th);
    plot_x = tw + AXIS_GAP;
  }
  slot_w = (width - plot_x - 1) / n_slots;
  if (x < plot_x || slot_w <= 0)
    return FALSE;
  slot = (gint64) ((x - plot_x) / slot_w);

  for (guint i = first; i < self->n_windows; i++)
    {
      const VigilSpikeWindow *w = &self->windows[i];
      g_autoptr(GDateTime) start = NULL;
      g_autofree char *time = NULL;
      g_autofree char *text = NULL;

      if ((w->window_start_us - first_start) / MAX (self->window_us, 1) != slot)
        continue;

      start = g_date_time_new_from_unix_local (w->window_start_us / G_USEC_PER_SEC);
      /* Translators: a time of day, see the strftime(3) manual */
      time = g_date_time_format (start, self->window_us < 60 * G_USEC_PER_SEC ? _("%H:%M:%S") : _("%H:%M"));
      /* Translators: a chart bar's tooltip: "14:20: 312 mentions, 63 % negative, threshold 76" */
      text = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                           "%s: %u mention, %d %% negative, threshold %.0f",
                                           "%s: %u mentions, %d %% negative, threshold %.0f",
                                           w->count),
                              time, w->count, (int) round (CLAMP (w->negative_share, 0, 1) * 100),
                              w->threshold);
      gtk_tooltip_set_text (tooltip, text);
      return TRUE;
    }
  return FALSE;
}

GtkWidget *
vigil_spike_chart_new (void)
{
  return g_object_new (VIGIL_TYPE_SPIKE_CHART, NULL);
}

void
vigil_spike_chart_set_series (VigilSpikeChart        *self,
                              const VigilSpikeWindow *windows,
                              guint                   n_windows,
                              gint64                  window_us)
{
  g_return_if_fail (VIGIL_IS_SPIKE_CHART (self));
  g_return_if_fail (windows != NULL || n_windows == 0);

  g_clear_pointer (&self->windows, g_free);
  self->n_windows = n_windows;
  if (n_windows > 0)
    self->windows = g_memdup2 (windows, sizeof (VigilSpikeWindow) * n_windows);
  self->window_us = MAX (window_us, 0);

  update_summary (self);
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

void
vigil_spike_chart_set_threshold (VigilSpikeChart *self,
                                 double           threshold)
{
  g_return_if_fail (VIGIL_IS_SPIKE_CHART (self));

  if (!isfinite (threshold) || threshold < 0)
    threshold = 0;
  if (self->threshold == threshold)
    return;
  self->threshold = threshold;
  update_summary (self);
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

void
vigil_spike_chart_set_colour (VigilSpikeChart *self,
                              const GdkRGBA   *colour)
{
  g_return_if_fail (VIGIL_IS_SPIKE_CHART (self));

  self->has_colour = colour != NULL;
  if (colour != NULL)
    self->colour = *colour;
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

static void
vigil_spike_chart_css_changed (GtkWidget         *widget,
                               GtkCssStyleChange *change)
{
  GTK_WIDGET_CLASS (vigil_spike_chart_parent_class)->css_changed (widget, change);
  /* light/dark switch or high contrast: the named colours changed */
  gtk_widget_queue_draw (widget);
}

static void
vigil_spike_chart_finalize (GObject *object)
{
  VigilSpikeChart *self = (VigilSpikeChart *) object;

  g_free (self->windows);
  g_free (self->summary);

  G_OBJECT_CLASS (vigil_spike_chart_parent_class)->finalize (object);
}

static void
vigil_spike_chart_class_init (VigilSpikeChartClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->finalize = vigil_spike_chart_finalize;
  widget_class->snapshot = vigil_spike_chart_snapshot;
  widget_class->measure = vigil_spike_chart_measure;
  widget_class->query_tooltip = vigil_spike_chart_query_tooltip;
  widget_class->css_changed = vigil_spike_chart_css_changed;

  gtk_widget_class_set_css_name (widget_class, "vigil-spike-chart");
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_IMG);
}

static void
vigil_spike_chart_init (VigilSpikeChart *self)
{
  gtk_widget_set_has_tooltip (GTK_WIDGET (self), TRUE);
  update_summary (self);
}

/* vigil-spike-chart.h: a small chart of a watch's mentions over time
 *
 * Bars: the mentions of each closed window (spike windows stand out);
 * a line: the negative share of each window (0–100 % of the height);
 * a dashed step line: the alert threshold each window was compared with,
 * continued to the right edge with the open window's threshold. Drawn with
 * GtkSnapshot and cairo in the theme's colours, so the dark style and high
 * contrast work. The accessible label says the same in words.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

#include "vigil-spike-detector.h"

G_BEGIN_DECLS

/* At most this many bars are drawn (the latest windows). */
#define VIGIL_SPIKE_CHART_MAX_BARS 72
/* The chart spans about this much time when the windows are short enough. */
#define VIGIL_SPIKE_CHART_SPAN_US  (2 * G_TIME_SPAN_HOUR)

#define VIGIL_TYPE_SPIKE_CHART (vigil_spike_chart_get_type ())
G_DECLARE_FINAL_TYPE (VigilSpikeChart, vigil_spike_chart, VIGIL, SPIKE_CHART, GtkWidget)

GtkWidget  *vigil_spike_chart_new           (void);
/* Copies the windows (oldest first; may be NULL when n_windows is 0). */
void        vigil_spike_chart_set_series    (VigilSpikeChart        *self,
                                             const VigilSpikeWindow *windows,
                                             guint                   n_windows,
                                             gint64                  window_us);
/* The threshold the open window is compared with (0 = none yet). */
void        vigil_spike_chart_set_threshold (VigilSpikeChart        *self,
                                             double                  threshold);
/* The bars' colour (e.g. the watch's); NULL = the accent colour. */
void        vigil_spike_chart_set_colour    (VigilSpikeChart        *self,
                                             const GdkRGBA          *colour);

/* For tests. */
guint       vigil_spike_chart_get_n_bars    (VigilSpikeChart        *self);
double      vigil_spike_chart_get_y_max     (VigilSpikeChart        *self);
/* The text given to assistive technologies. */
const char *vigil_spike_chart_get_summary   (VigilSpikeChart        *self);

/* "10 min", "20 s", "1 h": a window's length, translated. */
char       *vigil_format_window_length      (gint64                  window_us);

G_END_DECLS

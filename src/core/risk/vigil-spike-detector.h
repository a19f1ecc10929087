/* vigil-spike-detector.h: volume spikes against an EWMA baseline
 *
 * Mentions are counted per fixed window (a watch keeps one detector per
 * minute and one per hour, say). When a window closes its count is compared
 * with the baseline: an exponentially weighted moving mean and variance of
 * the earlier windows (alpha = VIGIL_SPIKE_EWMA_ALPHA). The window is a
 * spike when
 *
 *   count >= min_count  and  z = (count - mean) / sigma >= k_sigma
 *
 * where sigma is the EWMA standard deviation, but never less than
 * sqrt(mean) (the noise of a Poisson count) nor 1. Severity grows with z:
 * 1 from k, 2 from 2k, 3 from 4k. A spike window feeds the baseline only up
 * to the threshold, so a lasting step is learned slowly but a burst does not
 * inflate it.
 *
 * One ongoing spike is one alert: its first window starts it (ongoing =
 * FALSE), each following spike window updates it (ongoing = TRUE, severity
 * the highest so far). A spike that returns within cooldown_us of the end
 * of the previous one updates that alert again rather than starting a new
 * one. No alert is raised in the first VIGIL_SPIKE_WARMUP_WINDOWS windows.
 *
 * Not thread-safe: one detector belongs to one watch, fed from one thread.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib-object.h>

G_BEGIN_DECLS

#define VIGIL_SPIKE_EWMA_ALPHA     0.1
#define VIGIL_SPIKE_WARMUP_WINDOWS 5
#define VIGIL_SPIKE_HISTORY        1440   /* closed windows kept for the chart */

typedef struct
{
  gint64   window_start_us;
  guint    count;
  double   mean;
  double   stddev;
  double   z;
  int      severity;   /* 1..3 */
  gboolean ongoing;    /* FALSE: a new alert; TRUE: an update of the current one */
} VigilSpikeAlert;

/* Additive: one closed window, for the chart. */
typedef struct
{
  gint64   window_start_us;
  guint    count;
  guint    negative;
  double   negative_share;  /* negative / count, 0 for an empty window */
  double   mean;            /* the baseline it was compared with */
  double   stddev;
  double   threshold;       /* mean + k_sigma * stddev */
  gboolean spike;
} VigilSpikeWindow;

#define VIGIL_TYPE_SPIKE_DETECTOR (vigil_spike_detector_get_type ())
G_DECLARE_FINAL_TYPE (VigilSpikeDetector, vigil_spike_detector, VIGIL, SPIKE_DETECTOR, GObject)

/* window_us > 0; k_sigma <= 0 means 3; cooldown_us >= 0. */
VigilSpikeDetector *vigil_spike_detector_new        (gint64                    window_us,
                                                     double                    k_sigma,
                                                     guint                     min_count,
                                                     gint64                    cooldown_us);
/* Feed one mention (negative = sentiment label negative) at time t_us
 * (monotonic per watch; a mention older than the open window is counted in
 * the open window). */
void                vigil_spike_detector_add        (VigilSpikeDetector       *self,
                                                     gint64                    t_us,
                                                     gboolean                  negative);
/* Close windows up to now; returns TRUE and fills *alert when an alert
 * starts or updates (when several windows close at once, the latest state;
 * ongoing is FALSE if the alert started during this call). */
gboolean            vigil_spike_detector_tick       (VigilSpikeDetector       *self,
                                                     gint64                    now_us,
                                                     VigilSpikeAlert          *alert);
/* "312 mentions in the last 10 min vs 40 ± 12 usual (z = 22.7)" */
char               *vigil_spike_alert_describe      (const VigilSpikeAlert    *alert,
                                                     gint64                    window_us);

/* Additive accessors. */
/* The last closed windows, oldest first (at most VIGIL_SPIKE_HISTORY);
 * g_free the result. */
VigilSpikeWindow   *vigil_spike_detector_get_series (VigilSpikeDetector       *self,
                                                     guint                    *n_windows);
/* The current baseline threshold (mean + k sigma) for the open window. */
double              vigil_spike_detector_get_threshold (VigilSpikeDetector    *self);
/* Is a spike in progress (its last closed window was a spike)? */
gboolean            vigil_spike_detector_is_ongoing (VigilSpikeDetector       *self);
gint64              vigil_spike_detector_get_window (VigilSpikeDetector       *self);

G_END_DECLS

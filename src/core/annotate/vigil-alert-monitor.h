/* vigil-alert-monitor.h: spike detection per watch, for the main thread
 *
 * Two VigilSpikeDetectors per watch, plus two for all mentions (every new
 * post archived, matched or not): one counts per minute, one per hour
 * (VigilAlertWindow; the lengths are options). Each raises its own alerts:
 * one ongoing alert per (watch, window), which says which window it is. The annotator hands mentions over from
 * the store's worker thread with vigil_alert_monitor_push() (thread-safe,
 * under a mutex); everything else runs on the main thread: a timer on the
 * main context that was the thread default at _new() calls
 * vigil_alert_monitor_tick() every tick_us, which drains the hand-off,
 * closes windows and emits "alert".
 *
 * Mentions are counted at the post's created_at time (its arrival time when
 * unknown or in the future). A mention older than two windows before the
 * tick's "now" is dropped (per series: two minutes for the minute series,
 * two hours for the hour one): loading a backlog is not a spike.
 *
 * Signals (main thread):
 *   "alert" (VigilAlert *alert, gboolean is_new): a spike started (is_new
 *     TRUE, a new VigilAlert), grew (the same object, updated), or ended
 *     (the same object, ongoing FALSE). Each is archived as a row of the
 *     store's alerts table when the monitor has a store.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "vigil-alert.h"
#include "vigil-spike-detector.h"
#include "vigil-store.h"

G_BEGIN_DECLS

#define VIGIL_ALERT_MONITOR_DEFAULT_MINUTE_WINDOW_US ((gint64) 60 * G_USEC_PER_SEC)
#define VIGIL_ALERT_MONITOR_DEFAULT_HOUR_WINDOW_US   ((gint64) 60 * 60 * G_USEC_PER_SEC)
/* The old name: the short (minute) window. */
#define VIGIL_ALERT_MONITOR_DEFAULT_WINDOW_US   VIGIL_ALERT_MONITOR_DEFAULT_MINUTE_WINDOW_US
#define VIGIL_ALERT_MONITOR_DEFAULT_TICK_US     (10 * G_USEC_PER_SEC)
#define VIGIL_ALERT_MONITOR_DEFAULT_K_SIGMA     3.0
#define VIGIL_ALERT_MONITOR_DEFAULT_MIN_COUNT   10
#define VIGIL_ALERT_MONITOR_DEFAULT_COOLDOWN_US (30 * 60 * G_USEC_PER_SEC)

typedef struct
{
  union
  {
    gint64  minute_window_us;  /* <= 0: 1 min */
    gint64  window_us;         /* the old name of minute_window_us */
  };
  gint64  tick_us;      /* < 0: no timer (tests call _tick); 0: 10 s */
  double  k_sigma;      /* <= 0: 3 */
  guint   min_count;    /* 0: 10 (both series) */
  gint64  cooldown_us;  /* < 0: 30 min (both series) */
  /* Additive. <= 0: 1 h; when not longer than the minute window, 60 of
   * those (a caller that sets only the old window_us to 2 h gets 120 h). */
  gint64  hour_window_us;
} VigilAlertMonitorOptions;

/* Sets the defaults. */
void vigil_alert_monitor_options_init (VigilAlertMonitorOptions *options);

#define VIGIL_TYPE_ALERT_MONITOR (vigil_alert_monitor_get_type ())
G_DECLARE_FINAL_TYPE (VigilAlertMonitor, vigil_alert_monitor, VIGIL, ALERT_MONITOR, GObject)

/* store may be NULL (nothing archived); options NULL = defaults. */
VigilAlertMonitor *vigil_alert_monitor_new          (VigilStore                     *store,
                                                     const VigilAlertMonitorOptions *options);

/* The watches to follow, by name (NULL-terminated). Detectors of watches
 * still listed keep their history; removed ones are dropped; new ones
 * start warming up. Main thread. */
void               vigil_alert_monitor_set_watches  (VigilAlertMonitor  *self,
                                                     const char * const *names);

/* Thread-safe: one post archived at t_us, matching watches (may be NULL),
 * negative when its sentiment label is negative. Counted for each watch
 * and for all mentions. */
void               vigil_alert_monitor_push         (VigilAlertMonitor  *self,
                                                     gint64              t_us,
                                                     const char * const *watches,
                                                     gboolean            negative);

/* Main thread: drains the hand-off and closes windows up to now_us;
 * returns how many "alert" emissions it made. The timer calls it with
 * g_get_real_time(). */
guint              vigil_alert_monitor_tick         (VigilAlertMonitor  *self,
                                                     gint64              now_us);

/* For the chart: the closed windows of a watch (NULL = all mentions) in
 * one series, oldest first; g_free the result. NULL and *n_windows = 0 for
 * an unknown watch. Each window has its count, negative share and the
 * threshold it was compared with. */
VigilSpikeWindow  *vigil_alert_monitor_get_series_for (VigilAlertMonitor *self,
                                                       const char        *watch,
                                                       VigilAlertWindow   window,
                                                       guint             *n_windows);
/* The threshold (mean + k sigma) the open window of a watch's series is
 * compared with; 0 for an unknown watch. */
double             vigil_alert_monitor_get_threshold_for (VigilAlertMonitor *self,
                                                          const char        *watch,
                                                          VigilAlertWindow   window);
/* The ongoing alert of a watch (NULL = all mentions) in one series, or NULL. */
VigilAlert        *vigil_alert_monitor_get_alert_for (VigilAlertMonitor *self,
                                                      const char        *watch,
                                                      VigilAlertWindow   window);
/* The length of a series' windows. */
gint64             vigil_alert_monitor_get_window_length (VigilAlertMonitor *self,
                                                          VigilAlertWindow   window);

/* The minute series (the first API, kept): */
VigilSpikeWindow  *vigil_alert_monitor_get_series   (VigilAlertMonitor  *self,
                                                     const char         *watch,
                                                     guint              *n_windows);
double             vigil_alert_monitor_get_threshold (VigilAlertMonitor *self,
                                                      const char        *watch);
gint64             vigil_alert_monitor_get_window_us (VigilAlertMonitor *self);
/* The ongoing alert of a watch in either series, the more severe one (the
 * minute one when equal), or NULL. */
VigilAlert        *vigil_alert_monitor_get_alert    (VigilAlertMonitor  *self,
                                                     const char         *watch);

G_END_DECLS

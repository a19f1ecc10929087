/* vigil-alert.h: one spike alert, as the GUI shows it
 *
 * A VigilAlert is one ongoing spike of one watch (or of all mentions). The
 * VigilAlertMonitor creates it when the spike starts and updates the SAME
 * object while the spike goes on (one alert per spike, no storms), then
 * marks it ended. Read it on the main thread.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib-object.h>

#include "vigil-store.h"

G_BEGIN_DECLS

/* Which of a watch's two series a spike was found in. */
typedef enum
{
  VIGIL_ALERT_WINDOW_MINUTE,   /* the short windows (1 min by default) */
  VIGIL_ALERT_WINDOW_HOUR,     /* the long windows (1 h by default) */
} VigilAlertWindow;

#define VIGIL_ALERT_N_WINDOWS 2

#define VIGIL_TYPE_ALERT (vigil_alert_get_type ())
G_DECLARE_FINAL_TYPE (VigilAlert, vigil_alert, VIGIL, ALERT, GObject)

/* The watch's name; NULL for the "all mentions" alert. */
const char *vigil_alert_get_watch          (VigilAlert *self);
/* 1 (notable) .. 3 (severe): the highest severity reached so far. */
int         vigil_alert_get_severity       (VigilAlert *self);
/* The maths, translated: "312 mentions in the last 10 min vs 40 ± 12 usual (z = 22.7)" */
const char *vigil_alert_get_description    (VigilAlert *self);
/* µs since the epoch, UTC: when the spike's first window started, and the
 * start of the window that last updated it (once ended: when it ended). */
gint64      vigil_alert_get_started_us     (VigilAlert *self);
gint64      vigil_alert_get_updated_us     (VigilAlert *self);
/* TRUE while the spike goes on; FALSE once a window closed below threshold. */
gboolean    vigil_alert_get_ongoing        (VigilAlert *self);
/* The latest window's numbers. */
guint       vigil_alert_get_count          (VigilAlert *self);
double      vigil_alert_get_negative_share (VigilAlert *self);
double      vigil_alert_get_mean           (VigilAlert *self);
double      vigil_alert_get_stddev         (VigilAlert *self);
double      vigil_alert_get_z              (VigilAlert *self);
gint64      vigil_alert_get_window_us      (VigilAlert *self);
/* Additive: the series the spike was found in; the archive row records
 * its length (window_us). */
VigilAlertWindow vigil_alert_get_window    (VigilAlert *self);

/* The alert as an archive row (for vigil_store_archive_alert). */
VigilAlertRecord *vigil_alert_to_record    (VigilAlert *self);

G_END_DECLS

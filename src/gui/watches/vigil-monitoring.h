/* vigil-monitoring.h: one archive's annotator and spike alerts, for the GUI
 *
 * A VigilMonitoring ties together what classifies and watches one store:
 * a VigilAnnotator installed on the store (every post archived from then on
 * is classified on the store's worker thread), following a watch list, and
 * a VigilAlertMonitor fed by it. The application keeps one for the user's
 * archive and one for the demo's; windows show the one of their store.
 *
 * Each "alert" of the monitor is forwarded as this object's "alert" signal
 * (windows turn it into a toast) and, once an application is set, sent as
 * a GNotification whose id is stable per watch ("alert-<watch>"), so one
 * ongoing spike updates one notification instead of piling up new ones.
 *
 * The store keeps the annotator, which keeps the monitor, which keeps the
 * store: vigil_monitoring_shutdown() (also run by dispose) breaks the cycle.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "vigil-alert-monitor.h"
#include "vigil-annotator.h"
#include "vigil-store.h"
#include "vigil-watch-list.h"

G_BEGIN_DECLS

/* The demo plays for about four minutes: its windows are short enough to
 * build a baseline before the complaint storm, and to see it spike. */
#define VIGIL_MONITORING_DEMO_WINDOW_US   (20 * G_USEC_PER_SEC)   /* the "minute" series */
#define VIGIL_MONITORING_DEMO_HOUR_WINDOW_US ((gint64) 5 * 60 * G_USEC_PER_SEC)   /* the "hour" series */
#define VIGIL_MONITORING_DEMO_TICK_US     (2 * G_USEC_PER_SEC)
#define VIGIL_MONITORING_DEMO_MIN_COUNT   5
#define VIGIL_MONITORING_DEMO_COOLDOWN_US (60 * G_USEC_PER_SEC)

#define VIGIL_TYPE_MONITORING (vigil_monitoring_get_type ())
G_DECLARE_FINAL_TYPE (VigilMonitoring, vigil_monitoring, VIGIL, MONITORING, GObject)

/* Builds the annotator (default options; loads the lexicons, language
 * profiles and rule packs) and the monitor (options NULL = the defaults:
 * 1 min and 1 h windows), and installs the annotator on store. */
VigilMonitoring   *vigil_monitoring_new                (VigilStore                     *store,
                                                        VigilWatchList                 *watches,
                                                        const VigilAlertMonitorOptions *options,
                                                        GError                        **error);
/* For the demo store: fictional watches for the demo's brand, and the
 * VIGIL_MONITORING_DEMO_* windows. */
VigilMonitoring   *vigil_monitoring_new_demo           (VigilStore                     *store,
                                                        GError                        **error);
/* The demo's watches (a new list each call). */
VigilWatchList    *vigil_monitoring_create_demo_watches (void);

VigilStore        *vigil_monitoring_get_store          (VigilMonitoring *self);
VigilWatchList    *vigil_monitoring_get_watch_list     (VigilMonitoring *self);
VigilAnnotator    *vigil_monitoring_get_annotator      (VigilMonitoring *self);
VigilAlertMonitor *vigil_monitoring_get_monitor        (VigilMonitoring *self);
gboolean           vigil_monitoring_get_demo           (VigilMonitoring *self);
gint64             vigil_monitoring_get_window_us      (VigilMonitoring *self);
/* The monitor's options, defaults filled in. */
const VigilAlertMonitorOptions *vigil_monitoring_get_options (VigilMonitoring *self);
/* How often the monitor closes windows (what a chart's refresh follows). */
guint              vigil_monitoring_get_tick_ms        (VigilMonitoring *self);

/* Alerts become GNotifications of application (NULL = none). */
void               vigil_monitoring_set_application    (VigilMonitoring *self,
                                                        GApplication    *application);
/* The notification id of a watch's alert (NULL = all mentions). */
char              *vigil_monitoring_dup_notification_id (const char     *watch);
/* The notification an alert becomes (for tests). */
GNotification     *vigil_monitoring_create_notification (VigilMonitoring *self,
                                                         VigilAlert      *alert);

/* Removes the annotator from the store; alerts stop. Idempotent. */
/* Takes the official accounts and the OTS divisor from settings (the app's
 * schema: official-accounts, ots-divisor) now and whenever they change. */
void               vigil_monitoring_follow_settings    (VigilMonitoring *self,
                                                        GSettings       *settings);
void               vigil_monitoring_shutdown           (VigilMonitoring *self);

/* An alert's watch as a title: its name, or "All mentions" (translated). */
const char        *vigil_monitoring_get_alert_title    (VigilAlert      *alert);

G_END_DECLS

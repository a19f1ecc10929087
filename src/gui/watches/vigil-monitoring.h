/* vigil-monitoring.h: a context's spike alerts, for the GUI
 *
 * The context (core) classifies and watches one store; a VigilMonitoring
 * turns its alert monitor's "alert" into this object's "alert" signal
 * (windows turn it into a toast) and, once an application is set, into a
 * GNotification whose id is stable per watch ("alert-<watch>"), so one
 * ongoing spike updates one notification instead of piling up new ones.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "vigil-alert-monitor.h"
#include "vigil-annotator.h"
#include "vigil-context.h"
#include "vigil-store.h"
#include "vigil-watch-list.h"

G_BEGIN_DECLS

#define VIGIL_TYPE_MONITORING (vigil_monitoring_get_type ())
G_DECLARE_FINAL_TYPE (VigilMonitoring, vigil_monitoring, VIGIL, MONITORING, GObject)

VigilMonitoring   *vigil_monitoring_new                (VigilContext    *context);
VigilContext      *vigil_monitoring_get_context        (VigilMonitoring *self);
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

/* Stops forwarding alerts. Idempotent. */
void               vigil_monitoring_shutdown           (VigilMonitoring *self);

/* An alert's watch as a title: its name, or "All mentions" (translated). */
const char        *vigil_monitoring_get_alert_title    (VigilAlert      *alert);

G_END_DECLS

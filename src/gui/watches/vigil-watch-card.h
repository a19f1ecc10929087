/* vigil-watch-card.h: one watch's chart and current alert
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "vigil-alert-monitor.h"
#include "widgets/vigil-spike-chart.h"

G_BEGIN_DECLS

#define VIGIL_TYPE_WATCH_CARD (vigil_watch_card_get_type ())
G_DECLARE_FINAL_TYPE (VigilWatchCard, vigil_watch_card, VIGIL, WATCH_CARD, AdwBin)

/* watch NULL: the card of all mentions (query and colour unused). colour
 * is "#rrggbb" (NULL = the accent colour). */
GtkWidget       *vigil_watch_card_new             (const char        *watch,
                                                   const char        *query,
                                                   const char        *colour);
/* NULL for the all-mentions card. */
const char      *vigil_watch_card_get_watch       (VigilWatchCard    *self);
/* Reads the monitor's series, threshold and alert for this watch; last
 * (may be NULL) is the watch's latest alert, shown as ended once the
 * monitor has none ongoing. demo says the windows are the demo's short
 * ones. */
void             vigil_watch_card_update          (VigilWatchCard    *self,
                                                   VigilAlertMonitor *monitor,
                                                   VigilAlert        *last,
                                                   gboolean           demo);

/* Which series the chart shows (default: minutes); the "Minutes"/"Hours"
 * toggles on the card set it too. The alert line shows the ongoing alert of
 * either series, the more severe one. */
void             vigil_watch_card_set_window      (VigilWatchCard    *self,
                                                   VigilAlertWindow   window);
VigilAlertWindow vigil_watch_card_get_window      (VigilWatchCard    *self);

/* For tests: the alert or status line as shown, its state ("warming-up",
 * "normal", "spike", "ended"), and the chart. */
const char      *vigil_watch_card_get_status_text (VigilWatchCard    *self);
const char      *vigil_watch_card_get_state       (VigilWatchCard    *self);
VigilSpikeChart *vigil_watch_card_get_chart       (VigilWatchCard    *self);

G_END_DECLS

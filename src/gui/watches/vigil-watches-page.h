/* vigil-watches-page.h: the watches: one card per watch, and recent alerts
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "vigil-monitoring.h"
#include "vigil-watch-card.h"

G_BEGIN_DECLS

#define VIGIL_TYPE_WATCHES_PAGE (vigil_watches_page_get_type ())
G_DECLARE_FINAL_TYPE (VigilWatchesPage, vigil_watches_page, VIGIL, WATCHES_PAGE, AdwBin)

/* At most this many recent alerts are listed. */
#define VIGIL_WATCHES_PAGE_MAX_ALERTS 20

/* Property "monitoring": what the page shows (NULL: nothing to show). */
VigilMonitoring *vigil_watches_page_get_monitoring (VigilWatchesPage *self);
void             vigil_watches_page_set_monitoring (VigilWatchesPage *self,
                                                    VigilMonitoring  *monitoring);
/* Reads the charts, alerts and archived alerts again (a timer does it
 * while the page is shown, and each alert). */
void             vigil_watches_page_refresh        (VigilWatchesPage *self);

/* For tests: "empty" (no watch yet: the page says how to add one) or
 * "watches"; the watch cards (the all-mentions card is not counted); a
 * card by watch name (NULL = all mentions); the alerts listed. */
const char      *vigil_watches_page_get_state      (VigilWatchesPage *self);
guint            vigil_watches_page_get_n_cards    (VigilWatchesPage *self);
VigilWatchCard  *vigil_watches_page_get_card       (VigilWatchesPage *self,
                                                    const char       *watch);
guint            vigil_watches_page_get_n_alerts   (VigilWatchesPage *self);

G_END_DECLS

/* vigil-drills-page.h: start, follow and finish crisis drills; their reports
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "vigil-drill-report-view.h"
#include "vigil-drill-service.h"

G_BEGIN_DECLS

#define VIGIL_TYPE_DRILLS_PAGE (vigil_drills_page_get_type ())
G_DECLARE_FINAL_TYPE (VigilDrillsPage, vigil_drills_page, VIGIL, DRILLS_PAGE, GtkWidget)

/* Actions (group "drills"): finish, open-window, open-file, export-html, back. */
void                  vigil_drills_page_set_context     (VigilDrillsPage    *self,
                                                         VigilContext       *context);
/* Starts a drill and opens its window (its own feed and triage board). */
VigilDrillRunner     *vigil_drills_page_start           (VigilDrillsPage    *self,
                                                         VigilDrillScenario *scenario,
                                                         double              speed,
                                                         GError            **error);
/* Closes the drill window, writes the report and shows it. */
VigilDrillReport     *vigil_drills_page_finish          (VigilDrillsPage    *self,
                                                         GError            **error);
GtkWindow            *vigil_drills_page_get_drill_window (VigilDrillsPage   *self);
void                  vigil_drills_page_show_report     (VigilDrillsPage    *self,
                                                         VigilDrillReport   *report);
VigilDrillReportView *vigil_drills_page_get_report_view (VigilDrillsPage    *self);

G_END_DECLS

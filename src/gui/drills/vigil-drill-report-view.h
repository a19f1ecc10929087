/* vigil-drill-report-view.h: a drill report: score, summary and each post
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "vigil-drill-report.h"

G_BEGIN_DECLS

#define VIGIL_TYPE_DRILL_REPORT_VIEW (vigil_drill_report_view_get_type ())
G_DECLARE_FINAL_TYPE (VigilDrillReportView, vigil_drill_report_view, VIGIL, DRILL_REPORT_VIEW, GtkWidget)

void              vigil_drill_report_view_set_report (VigilDrillReportView *self,
                                                      VigilDrillReport     *report);
VigilDrillReport *vigil_drill_report_view_get_report (VigilDrillReportView *self);

G_END_DECLS

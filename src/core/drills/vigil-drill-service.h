/* vigil-drill-service.h: crisis drills of a context, and their reports in its journal
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "vigil-context.h"
#include "vigil-drill-report.h"
#include "vigil-drill-runner.h"

G_BEGIN_DECLS

/* Journal (the real archive's): kind "drill", key = run id:
 *   {"op": "start", "scenario": id, "title": …, "speed": x, "checksum": sha256}
 *   {"op": "report", "report": {…}}   (see vigil-drill-report.h)
 * The drill's posts and cases live only in the runner's throw-away context. */

typedef struct
{
  char   *run_id;
  char   *scenario;
  char   *title;
  char   *started_by;
  gint64  started_us;
  int     score;          /* -1 while running or when stopped without a report */
} VigilDrillRunInfo;

void vigil_drill_run_info_free (VigilDrillRunInfo *info);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (VigilDrillRunInfo, vigil_drill_run_info_free)

#define VIGIL_TYPE_DRILL_SERVICE (vigil_drill_service_get_type ())
G_DECLARE_FINAL_TYPE (VigilDrillService, vigil_drill_service, VIGIL, DRILL_SERVICE, GObject)

/* Properties: "context" (construct-only, not referenced), "runner" (the
 * running drill or NULL, notify). Signal "finished" (VigilDrillReport *). */
VigilDrillService *vigil_drill_service_get            (VigilContext       *context);
VigilDrillRunner  *vigil_drill_service_get_runner     (VigilDrillService  *self);

/* Starts a drill (one at a time: VIGIL_DRILL_ERROR_RUNNING). speed 0 =
 * as fast as possible. Records the start in the journal. The runner is
 * started when this returns TRUE. */
VigilDrillRunner  *vigil_drill_service_start          (VigilDrillService  *self,
                                                       VigilDrillScenario *scenario,
                                                       double              speed,
                                                       GError            **error);
/* Ends the running drill: stops playing, computes the report from what
 * the team did, appends it to the journal and purges the drill's posts
 * and cases (the runner and its context go). */
VigilDrillReport  *vigil_drill_service_finish         (VigilDrillService  *self,
                                                       GError            **error);
/* Drills in the journal, newest first (VigilDrillRunInfo). */
GPtrArray         *vigil_drill_service_list_runs      (VigilDrillService  *self,
                                                       GError            **error);
/* A finished drill's report, or NULL (VIGIL_DRILL_ERROR_NOT_FOUND). */
VigilDrillReport  *vigil_drill_service_load_report    (VigilDrillService  *self,
                                                       const char         *run_id,
                                                       GError            **error);

G_END_DECLS

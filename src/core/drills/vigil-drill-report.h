/* vigil-drill-report.h: how the team did in a drill, post by post, and a score
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <json-glib/json-glib.h>

#include "vigil-drill-scenario.h"
#include "vigil-store.h"

G_BEGIN_DECLS

/* What happened to one drill post (times: µs on the drill's clock, which
 * runs at scenario speed, so seconds are scenario seconds at any speed). */
typedef struct
{
  char   *post_id;
  gint64  played_us;     /* when it appeared */
  gint64  triaged_us;    /* first assign, escalate or leave by a person; 0 = never */
  char   *role;          /* the role chosen ("leave" when left lying); NULL = none */
  gint64  responded_us;  /* first response sent; 0 = never */
  GStrv   templates;     /* "template-id@version" used for its drafts */
} VigilDrillObservation;

VigilDrillObservation *vigil_drill_observation_new  (const char            *post_id,
                                                     gint64                 played_us);
void                   vigil_drill_observation_free (VigilDrillObservation *observation);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (VigilDrillObservation, vigil_drill_observation_free)

/* Reads what the team did from the triage board's "case" records in the
 * drill's store: cases opened for posts whose remote_id starts with
 * remote_prefix + post id. observations (post_id → VigilDrillObservation,
 * with played_us set) are filled in. Records by the inbox rule's actor do
 * not count as triage: a person must decide. */
gboolean vigil_drill_observe_store (VigilStore  *drill_store,
                                    const char  *remote_prefix,
                                    GHashTable  *observations,
                                    GError     **error);

#define VIGIL_TYPE_DRILL_REPORT (vigil_drill_report_get_type ())
G_DECLARE_FINAL_TYPE (VigilDrillReport, vigil_drill_report, VIGIL, DRILL_REPORT, GObject)

/* Computes the report. observations: post_id → VigilDrillObservation (posts
 * never played are left out). Scoring, per played post: 1 point for a
 * triage within the triage SLA, 1 for the expected role, and, when the
 * post expects a response, 1 for a response within the response SLA;
 * score = 100 × points / possible points, rounded. */
VigilDrillReport *vigil_drill_report_compute       (VigilDrillScenario *scenario,
                                                    GHashTable         *observations,
                                                    const char         *run_id,
                                                    double              speed,
                                                    gint64              started_us,
                                                    gint64              finished_us);
/* A report read back from the journal. */
VigilDrillReport *vigil_drill_report_new_from_json (JsonObject         *object,
                                                    GError            **error);

/* The whole report as a JSON object node (borrowed). */
JsonObject       *vigil_drill_report_get_object    (VigilDrillReport   *self);
char             *vigil_drill_report_to_json       (VigilDrillReport   *self);
/* A standalone HTML page (escaped; no scripts, no remote content). */
char             *vigil_drill_report_to_html       (VigilDrillReport   *self);

const char       *vigil_drill_report_get_run_id    (VigilDrillReport   *self);
const char       *vigil_drill_report_get_title     (VigilDrillReport   *self);
int               vigil_drill_report_get_score     (VigilDrillReport   *self);
/* summary member (n_posts, n_triaged, n_responded, role_correct,
 * triage_breaches, response_breaches, templates_used…) or -1 */
double            vigil_drill_report_get_summary   (VigilDrillReport   *self,
                                                    const char         *member);
guint             vigil_drill_report_get_n_rows    (VigilDrillReport   *self);
JsonObject       *vigil_drill_report_get_row       (VigilDrillReport   *self,
                                                    guint               index);

G_END_DECLS

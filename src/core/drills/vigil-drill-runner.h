/* vigil-drill-runner.h: plays a drill scenario into its own throw-away context
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "vigil-context.h"
#include "vigil-drill-report.h"
#include "vigil-drill-scenario.h"

G_BEGIN_DECLS

#define VIGIL_TYPE_DRILL_RUNNER (vigil_drill_runner_get_type ())
G_DECLARE_FINAL_TYPE (VigilDrillRunner, vigil_drill_runner, VIGIL, DRILL_RUNNER, GObject)

/* The runner owns a context on an in-memory store: drill posts (platform
 * "drill", remote_id "drill-<run>-<post>") never reach the real archive,
 * its statistics or its exports, and are purged with the runner. The
 * drill context's clock runs at the drill's speed from the real time of
 * start, so SLAs and report times are scenario seconds at any speed.
 * Speed 0 plays as fast as possible: the clock jumps from one event to the
 * next, exactly (headless runs, tests).
 *
 * Properties: "scenario", "run-id", "speed" (construct-only), "context"
 * (the drill's own context), "n-played", "running" (notify).
 * Signals: "post-played" (guint index), "finished" (after the last post
 * and, when a script is set, its last action). */
VigilDrillRunner   *vigil_drill_runner_new          (VigilDrillScenario *scenario,
                                                     const char         *run_id,
                                                     double              speed,
                                                     const char         *actor,
                                                     GError            **error);

VigilContext       *vigil_drill_runner_get_context  (VigilDrillRunner   *self);
VigilDrillScenario *vigil_drill_runner_get_scenario (VigilDrillRunner   *self);
const char         *vigil_drill_runner_get_run_id   (VigilDrillRunner   *self);
double              vigil_drill_runner_get_speed    (VigilDrillRunner   *self);
guint               vigil_drill_runner_get_n_played (VigilDrillRunner   *self);
gboolean            vigil_drill_runner_get_running  (VigilDrillRunner   *self);
gint64              vigil_drill_runner_get_started_us (VigilDrillRunner *self);
/* The drill clock (µs, scenario time). */
gint64              vigil_drill_runner_now_us       (VigilDrillRunner   *self);

/* A rehearsal script: what a simulated team does (headless runs and
 * tests). A JSON array of {"post": id | "persona": p, "after": seconds,
 * "do": "assign"|"leave"|"draft"|"respond", "role": …, "template": …,
 * "text": …}; actions go through the triage board of the drill context.
 * templates (may be NULL) renders "draft" actions that name a template.
 * Only before the first post has played (right after start() is fine). */
gboolean            vigil_drill_runner_set_script   (VigilDrillRunner   *self,
                                                     JsonArray          *script,
                                                     GObject            *templates,
                                                     GError            **error);

void                vigil_drill_runner_start        (VigilDrillRunner   *self);
/* Stops playing; what was played stays in the report. */
void                vigil_drill_runner_stop         (VigilDrillRunner   *self);

/* Reads what the team did in the drill context and computes the report. */
VigilDrillReport   *vigil_drill_runner_build_report (VigilDrillRunner   *self,
                                                     GError            **error);

G_END_DECLS

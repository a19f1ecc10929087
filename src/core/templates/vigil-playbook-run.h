/* vigil-playbook-run.h: one run of a playbook (an ordered checklist), usually for a case
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <json-glib/json-glib.h>

G_BEGIN_DECLS

typedef struct
{
  char   *id;
  char   *title;
  char   *detail;     /* may be NULL */
  char   *template;   /* a template id the step links to, may be NULL */
  gboolean done;
  char   *done_by;    /* who ticked it last (NULL when never) */
  gint64  done_at;    /* when, µs */
} VigilPlaybookStep;

#define VIGIL_TYPE_PLAYBOOK_RUN (vigil_playbook_run_get_type ())
G_DECLARE_FINAL_TYPE (VigilPlaybookRun, vigil_playbook_run, VIGIL, PLAYBOOK_RUN, GObject)

/* Properties (read-only, notify): "id", "playbook" (its id), "title",
 * "case-id" (NULL when not attached to a case), "subject", "started-by",
 * "started-at", "n-steps", "n-done", "progress-label" ("2 of 5"). Signal
 * "step-changed" (guint index) when a step is ticked or unticked. */

const char        *vigil_playbook_run_get_id          (VigilPlaybookRun *self);
const char        *vigil_playbook_run_get_playbook    (VigilPlaybookRun *self);
const char        *vigil_playbook_run_get_title       (VigilPlaybookRun *self);
const char        *vigil_playbook_run_get_case_id     (VigilPlaybookRun *self);
const char        *vigil_playbook_run_get_subject     (VigilPlaybookRun *self);
const char        *vigil_playbook_run_get_started_by  (VigilPlaybookRun *self);
gint64             vigil_playbook_run_get_started_at  (VigilPlaybookRun *self);
gint64             vigil_playbook_run_get_version     (VigilPlaybookRun *self);
guint              vigil_playbook_run_get_n_steps     (VigilPlaybookRun *self);
guint              vigil_playbook_run_get_n_done      (VigilPlaybookRun *self);
const VigilPlaybookStep *vigil_playbook_run_get_step  (VigilPlaybookRun *self,
                                                       guint             index);
/* index of step_id, or -1 */
int                vigil_playbook_run_find_step       (VigilPlaybookRun *self,
                                                       const char       *step_id);
void               vigil_playbook_run_write_json      (VigilPlaybookRun *self,
                                                       GString          *out);

/* For the service: a run from its "start" record body and the ticks after. */
VigilPlaybookRun  *_vigil_playbook_run_new            (const char       *id,
                                                       JsonObject       *start,
                                                       const char       *actor,
                                                       gint64            at_us);
void               _vigil_playbook_run_apply_tick     (VigilPlaybookRun *self,
                                                       const char       *step_id,
                                                       gboolean          done,
                                                       const char       *actor,
                                                       gint64            at_us,
                                                       gint64            version);

G_END_DECLS

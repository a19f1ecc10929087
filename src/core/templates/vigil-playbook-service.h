/* vigil-playbook-service.h: playbooks and their runs, kept in the store's journal
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "vigil-playbook-run.h"
#include "vigil-store.h"

G_BEGIN_DECLS

/* Playbooks ship in data/templates/playbooks/ (GResource). A run is kind
 * "playbook-run", key = run id:
 *   {"op": "start", "playbook": id, "title": …, "case": case id or absent,
 *    "subject": free text or absent, "steps": [{id, title, detail, template}]}
 *     (the steps are copied, so a later playbook change leaves past runs alone)
 *   {"op": "tick", "step": step id, "done": true|false}
 * The record's actor and time say who ticked each step and when. */

#define VIGIL_PLAYBOOK_RESOURCES "/io/github/vigilapp/Vigil/data/templates/playbooks"

#define VIGIL_TYPE_PLAYBOOK_SERVICE (vigil_playbook_service_get_type ())
G_DECLARE_FINAL_TYPE (VigilPlaybookService, vigil_playbook_service, VIGIL, PLAYBOOK_SERVICE, GObject)

/* Properties: "context" (construct-only, not referenced) or "store"
 * (construct-only). Signal "run-added" (VigilPlaybookRun *). Runs update
 * in place as ticks arrive, also from other processes. */
VigilPlaybookService *vigil_playbook_service_new_for_store (VigilStore *store);

/* The shipped playbooks: ids, NULL-terminated (borrowed). */
const char * const   *vigil_playbook_service_list_playbooks (VigilPlaybookService *self);
/* A playbook's title, or NULL when there is no such playbook. */
const char           *vigil_playbook_service_get_playbook_title (VigilPlaybookService *self,
                                                                 const char           *playbook_id);

/* Starts a run of playbook_id. case_id (may be NULL) attaches it to a
 * triage case; subject (may be NULL) says what it is about, e.g. "@acme on
 * Mastodon" when an account page starts the hacked-account playbook.
 * actor NULL = the context's person. Returns the run (borrowed). */
VigilPlaybookRun     *vigil_playbook_service_start_run      (VigilPlaybookService *self,
                                                             const char           *playbook_id,
                                                             const char           *case_id,
                                                             const char           *subject,
                                                             const char           *actor,
                                                             GError              **error);
/* Ticks (done TRUE) or unticks a step; refused when someone else changed
 * the run meanwhile (VIGIL_STORE_ERROR_CONFLICT: the run was reloaded). */
gboolean              vigil_playbook_service_tick           (VigilPlaybookService *self,
                                                             VigilPlaybookRun     *run,
                                                             const char           *step_id,
                                                             gboolean              done,
                                                             const char           *actor,
                                                             GError              **error);
VigilPlaybookRun     *vigil_playbook_service_get_run        (VigilPlaybookService *self,
                                                             const char           *run_id);
/* Runs attached to case_id (NULL: all runs), oldest first; borrowed pointers. */
GPtrArray            *vigil_playbook_service_list_runs      (VigilPlaybookService *self,
                                                             const char           *case_id);
/* Reads the journal (done once on first use; again is harmless). */
gboolean              vigil_playbook_service_load           (VigilPlaybookService *self,
                                                             GError              **error);

G_END_DECLS

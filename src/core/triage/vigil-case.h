/* vigil-case.h: one triage case (a post someone has to deal with)
 *
 * A case is the replay of its journal records (kind "case", key = its id);
 * only the board (vigil-case-board.h) changes it. Every property notifies,
 * so the GUI binds to it.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib-object.h>

#include "vigil-case-state.h"
#include "vigil-post.h"

G_BEGIN_DECLS

#define VIGIL_TYPE_CASE (vigil_case_get_type ())
G_DECLARE_FINAL_TYPE (VigilCase, vigil_case, VIGIL, CASE, GObject)

/* Properties: "id", "post-id", "post" (VigilPost, NULL until loaded),
 * "state", "role" (role id, NULL = none), "person", "severity",
 * "opened-us", "opened-by", "due-us", "sla-us", "sla-level", "sla-text",
 * "claimed-by", "draft", "draft-template", "approved-by", "needs-approval",
 * "moderation", "suggested-role", "related" (GStrv of case ids), "n-notes",
 * "version" (the journal version last applied), "updated-us". */
const char          *vigil_case_get_id             (VigilCase *self);
gint64               vigil_case_get_post_id        (VigilCase *self);
VigilPost           *vigil_case_get_post           (VigilCase *self);
VigilCaseState       vigil_case_get_state          (VigilCase *self);
const char          *vigil_case_get_role           (VigilCase *self);
const char          *vigil_case_get_person         (VigilCase *self);
VigilSeverity        vigil_case_get_severity       (VigilCase *self);
gint64               vigil_case_get_opened_us      (VigilCase *self);
const char          *vigil_case_get_opened_by      (VigilCase *self);
gint64               vigil_case_get_due_us         (VigilCase *self);
gint64               vigil_case_get_sla_us         (VigilCase *self);
VigilSlaLevel        vigil_case_get_sla_level      (VigilCase *self);
const char          *vigil_case_get_sla_text       (VigilCase *self);
const char          *vigil_case_get_claimed_by     (VigilCase *self);
const char          *vigil_case_get_draft          (VigilCase *self);
const char          *vigil_case_get_draft_template (VigilCase *self);
const char          *vigil_case_get_approved_by    (VigilCase *self);
gboolean             vigil_case_get_needs_approval (VigilCase *self);
gboolean             vigil_case_get_moderation     (VigilCase *self);
const char          *vigil_case_get_suggested_role (VigilCase *self);
const char * const  *vigil_case_get_related        (VigilCase *self);
guint                vigil_case_get_n_notes        (VigilCase *self);
gint64               vigil_case_get_version        (VigilCase *self);
gint64               vigil_case_get_updated_us     (VigilCase *self);
/* The case as one JSON object (vigil-cli case list). */
void                 vigil_case_write_json         (VigilCase *self,
                                                    GString   *out);

G_END_DECLS

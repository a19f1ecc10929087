/* vigil-case-private.h: what the board changes on a case
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "vigil-case.h"

G_BEGIN_DECLS

/* The part of a case that a record replaces as a whole (and an undo
 * restores). */
typedef struct
{
  VigilCaseState  state;
  char           *role;
  char           *person;
  VigilSeverity   severity;
  char           *claimed_by;
} VigilCaseSnapshot;

void       _vigil_case_snapshot_clear  (VigilCaseSnapshot *snap);

VigilCase *_vigil_case_new             (const char        *id,
                                        gint64             post_id);
void       _vigil_case_get_snapshot    (VigilCase         *self,
                                        VigilCaseSnapshot *out);
/* Notifies what changed. */
void       _vigil_case_set_snapshot    (VigilCase         *self,
                                        const VigilCaseSnapshot *snap);
void       _vigil_case_set_opened      (VigilCase         *self,
                                        gint64             opened_us,
                                        const char        *opened_by,
                                        gboolean           moderation,
                                        const char        *suggested_role);
void       _vigil_case_set_post        (VigilCase         *self,
                                        VigilPost         *post);
void       _vigil_case_set_draft       (VigilCase         *self,
                                        const char        *draft,
                                        const char        *template_label);
void       _vigil_case_set_approved_by (VigilCase         *self,
                                        const char        *approved_by);
void       _vigil_case_add_related     (VigilCase         *self,
                                        const char        *other_id);
void       _vigil_case_add_note        (VigilCase         *self);
void       _vigil_case_set_version     (VigilCase         *self,
                                        gint64             version,
                                        gint64             updated_us);
/* Recomputes due and the SLA from opened-us, severity and sla_us for that
 * severity; then the badge at now_us. */
void       _vigil_case_set_sla         (VigilCase         *self,
                                        gint64             sla_us);
void       _vigil_case_refresh_sla     (VigilCase         *self,
                                        gint64             now_us);

G_END_DECLS

/* vigil-triage-role.h: a role cases are assigned to (HR, legal, …)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib-object.h>

G_BEGIN_DECLS

#define VIGIL_TYPE_TRIAGE_ROLE (vigil_triage_role_get_type ())
G_DECLARE_FINAL_TYPE (VigilTriageRole, vigil_triage_role, VIGIL, TRIAGE_ROLE, GObject)

/* Properties (all notify): "id" (construct-only, e.g. "hr"), "name"
 * ("HR"), "colour" ("#rrggbb"), "digit" (1–9, 0 = none), "members"
 * (GStrv of people), "senior" (the id of the role a case escalates to;
 * NULL at the top of the chain). The board replaces them from the journal. */
VigilTriageRole    *vigil_triage_role_new         (const char          *id);
const char         *vigil_triage_role_get_id      (VigilTriageRole     *self);
const char         *vigil_triage_role_get_name    (VigilTriageRole     *self);
void                vigil_triage_role_set_name    (VigilTriageRole     *self,
                                                   const char          *name);
const char         *vigil_triage_role_get_colour  (VigilTriageRole     *self);
void                vigil_triage_role_set_colour  (VigilTriageRole     *self,
                                                   const char          *colour);
guint               vigil_triage_role_get_digit   (VigilTriageRole     *self);
void                vigil_triage_role_set_digit   (VigilTriageRole     *self,
                                                   guint                digit);
const char * const *vigil_triage_role_get_members (VigilTriageRole     *self);
void                vigil_triage_role_set_members (VigilTriageRole     *self,
                                                   const char * const  *members);
gboolean            vigil_triage_role_has_member  (VigilTriageRole     *self,
                                                   const char          *person);
const char         *vigil_triage_role_get_senior  (VigilTriageRole     *self);
void                vigil_triage_role_set_senior  (VigilTriageRole     *self,
                                                   const char          *senior);

G_END_DECLS

/* vigil-triage-roles.h: editing the roles: name, colour, key, members, senior
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "vigil-case-board.h"

G_BEGIN_DECLS

#define VIGIL_TYPE_TRIAGE_ROLES (vigil_triage_roles_get_type ())
G_DECLARE_FINAL_TYPE (VigilTriageRoles, vigil_triage_roles, VIGIL, TRIAGE_ROLES, AdwPreferencesWindow)

GtkWidget *vigil_triage_roles_new (VigilCaseBoard *board);

G_END_DECLS

/* vigil-team-database-group.h: Preferences' "Team Database" group
 *
 * The address of a team database (postgresql://…, without its password)
 * goes into GSettings ("team-database"); the password into the keyring
 * (vigil-team-credentials.h). "Test Connection" opens the database with
 * them, off the main thread, and says what it found. The change applies
 * when Vigil starts again.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "vigil-credential-store.h"

G_BEGIN_DECLS

#define VIGIL_TYPE_TEAM_DATABASE_GROUP (vigil_team_database_group_get_type ())
G_DECLARE_FINAL_TYPE (VigilTeamDatabaseGroup, vigil_team_database_group, VIGIL, TEAM_DATABASE_GROUP, AdwPreferencesGroup)

/* NULL = the Secret Service (the default); tests give a memory store. */
void          vigil_team_database_group_set_credentials (VigilTeamDatabaseGroup *self,
                                                         VigilCredentialStore   *credentials);
/* For tests: the rows, and the result line ("" until something happened). */
GtkEditable  *vigil_team_database_group_get_uri_row      (VigilTeamDatabaseGroup *self);
GtkEditable  *vigil_team_database_group_get_password_row (VigilTeamDatabaseGroup *self);
const char   *vigil_team_database_group_get_status       (VigilTeamDatabaseGroup *self);

G_END_DECLS

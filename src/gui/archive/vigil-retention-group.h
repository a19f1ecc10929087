/* vigil-retention-group.h: the retention settings, for the Preferences
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

G_BEGIN_DECLS

#define VIGIL_TYPE_RETENTION_GROUP (vigil_retention_group_get_type ())
G_DECLARE_FINAL_TYPE (VigilRetentionGroup, vigil_retention_group, VIGIL, RETENTION_GROUP, AdwPreferencesGroup)

/* Days per platform, kept in GSettings retention-days (insensitive when the
 * schema is not installed). */
GtkWidget *vigil_retention_group_new      (void);
/* An "Archive" page holding the group, added to window. */
void       vigil_retention_group_add_page (AdwPreferencesWindow *window);

G_END_DECLS

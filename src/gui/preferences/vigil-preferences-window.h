/* vigil-preferences-window.h: Sources, Watches and Classification settings
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "vigil-source-manager.h"
#include "vigil-sources-page.h"
#include "vigil-watch-list.h"

G_BEGIN_DECLS

#define VIGIL_TYPE_PREFERENCES_WINDOW (vigil_preferences_window_get_type ())
G_DECLARE_FINAL_TYPE (VigilPreferencesWindow, vigil_preferences_window, VIGIL, PREFERENCES_WINDOW, AdwPreferencesWindow)

/* watches_path: the file the watches are saved to. parent may be NULL. */
VigilPreferencesWindow *vigil_preferences_window_new            (GtkWindow              *parent,
                                                                 VigilSourceManager     *manager,
                                                                 VigilWatchList         *watches,
                                                                 const char             *watches_path);

/* For tests. */
VigilSourcesPage       *vigil_preferences_window_get_sources_page (VigilPreferencesWindow *self);
GtkListBox             *vigil_preferences_window_get_watches_list (VigilPreferencesWindow *self);
/* Opens the Add (watch NULL) or Edit Watch page; returns the editor. */
GtkWidget              *vigil_preferences_window_open_watch_editor (VigilPreferencesWindow *self,
                                                                    VigilWatch             *watch);
GtkListBox             *vigil_preferences_window_get_official_list (VigilPreferencesWindow *self);
/* "handle" and "name" entries of the Official Accounts group */
GtkEditable            *vigil_preferences_window_get_official_entry (VigilPreferencesWindow *self,
                                                                     const char             *which);

G_END_DECLS

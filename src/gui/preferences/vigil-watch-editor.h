/* vigil-watch-editor.h: the Add Watch / Edit Watch page of the preferences
 *
 * The query is compiled as it is typed (vigil_query_new_full); a syntax
 * error shows its position and message, and Save stays disabled. Saving
 * replaces the watch in the list and writes the list to its file. Emits
 * "done" when finished (saved or cancelled).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "vigil-watch-list.h"

G_BEGIN_DECLS

#define VIGIL_TYPE_WATCH_EDITOR (vigil_watch_editor_get_type ())
G_DECLARE_FINAL_TYPE (VigilWatchEditor, vigil_watch_editor, VIGIL, WATCH_EDITOR, GtkBox)

/* watch NULL: add a new one. path: where the list is saved. */
GtkWidget   *vigil_watch_editor_new        (VigilWatchList   *watches,
                                            const char       *path,
                                            VigilWatch       *watch);

/* For tests. */
GtkEditable *vigil_watch_editor_get_name   (VigilWatchEditor *self);
GtkEditable *vigil_watch_editor_get_query  (VigilWatchEditor *self);
const char  *vigil_watch_editor_get_error  (VigilWatchEditor *self);
void         vigil_watch_editor_set_colour (VigilWatchEditor *self,
                                            const char       *colour);
const char  *vigil_watch_editor_get_colour (VigilWatchEditor *self);

G_END_DECLS

/* vigil-watch-list.h: the user's watches, saved as JSON
 *
 * A GListModel of VigilWatch, for the GUI. Not thread-safe: the classifier
 * takes its own snapshot of the watches (vigil_classifier_new).
 *
 * File format ($XDG_CONFIG_HOME/vigil/watches.json by default):
 *   {"version": 1,
 *    "watches": [{"name": "Refunds", "query": "refund* OR chargeback",
 *                 "colour": "#e01b24", "stem": false}]}
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "vigil-watch.h"

G_BEGIN_DECLS

#define VIGIL_WATCH_LIST_MAX_WATCHES 1000
#define VIGIL_WATCH_LIST_MAX_FILE_BYTES (4 * 1024 * 1024)

#define VIGIL_TYPE_WATCH_LIST (vigil_watch_list_get_type ())
G_DECLARE_FINAL_TYPE (VigilWatchList, vigil_watch_list, VIGIL, WATCH_LIST, GObject)

VigilWatchList *vigil_watch_list_new              (void);
/* A missing file is an empty list; anything unreadable is an error that
 * names the file and the watch. */
VigilWatchList *vigil_watch_list_load             (const char      *path,
                                                   GError         **error);
/* Atomic: written to a temporary file, then renamed. Creates the folder. */
gboolean        vigil_watch_list_save             (VigilWatchList  *self,
                                                   const char      *path,
                                                   GError         **error);
char           *vigil_watch_list_get_default_path (void);

/* Fails (G_IO_ERROR_EXISTS) when a watch of that name is already there. */
gboolean        vigil_watch_list_add              (VigilWatchList  *self,
                                                   VigilWatch      *watch,
                                                   GError         **error);
/* Replaces the watch of the same name, or adds it. */
void            vigil_watch_list_replace          (VigilWatchList  *self,
                                                   VigilWatch      *watch);
gboolean        vigil_watch_list_remove           (VigilWatchList  *self,
                                                   const char      *name);
VigilWatch     *vigil_watch_list_lookup           (VigilWatchList  *self,
                                                   const char      *name);
guint           vigil_watch_list_get_n_watches    (VigilWatchList  *self);
VigilWatch     *vigil_watch_list_get_watch        (VigilWatchList  *self,
                                                   guint            position);

G_END_DECLS

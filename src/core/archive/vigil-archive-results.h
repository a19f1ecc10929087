/* vigil-archive-results.h: a search's results as a lazy GListModel
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "vigil-store.h"

G_BEGIN_DECLS

#define VIGIL_TYPE_ARCHIVE_RESULTS (vigil_archive_results_get_type ())
G_DECLARE_FINAL_TYPE (VigilArchiveResults, vigil_archive_results, VIGIL, ARCHIVE_RESULTS, GObject)

/* A GListModel of VigilPost: holds only the ids of the matches; posts are
 * read from the store a page (100) at a time when a row asks for one, and
 * at most a few pages are kept. Property "n-items" notifies. */
VigilArchiveResults *vigil_archive_results_new        (VigilStore          *store);
/* Replaces the results with ids (a search's, in order); takes a ref. */
void                 vigil_archive_results_set_ids    (VigilArchiveResults *self,
                                                       GArray              *ids);
GArray              *vigil_archive_results_get_ids    (VigilArchiveResults *self);

/* Runs vigil_store_search_ids on a worker thread; finish returns the ids. */
void                 vigil_archive_search_async       (VigilStore          *store,
                                                       VigilSearchQuery    *query,
                                                       GCancellable        *cancellable,
                                                       GAsyncReadyCallback  callback,
                                                       gpointer             user_data);
GArray              *vigil_archive_search_finish      (GAsyncResult        *result,
                                                       GError             **error);

/* Pango markup of text with the query's words in bold (ignoring case), cut
 * around the first match to about max_chars characters. */
char                *vigil_archive_highlight          (const char          *text,
                                                       const char          *query,
                                                       guint                max_chars);

G_END_DECLS

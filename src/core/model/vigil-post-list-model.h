/* vigil-post-list-model.h: a GListModel of VigilPost that pages from the store
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "vigil-search-query.h"
#include "vigil-store.h"

G_BEGIN_DECLS

#define VIGIL_TYPE_POST_LIST_MODEL (vigil_post_list_model_get_type ())
G_DECLARE_FINAL_TYPE (VigilPostListModel, vigil_post_list_model, VIGIL, POST_LIST_MODEL, GObject)

/* Without a query, newest arrival first; with one, in the query's order.
 * Holds only a window of pages in memory (a million archived posts never
 * load at once). Follows the store's "changed" signal: new posts appear at
 * position 0, coalesced so a burst is one items-changed.
 *
 * Property "complete": FALSE while only the first page of a new query's
 * matches is in the model; the rest is read in a worker thread and added
 * below it (one items-changed at the end), then it turns TRUE. */
VigilPostListModel     *vigil_post_list_model_new       (VigilStore             *store);
VigilStore             *vigil_post_list_model_get_store (VigilPostListModel     *self);
/* NULL, or an empty query in arrival order, shows everything newest
 * arrival first. Re-runs the search (FTS5): reads the first page at once,
 * the rest in a worker thread. */
gboolean                vigil_post_list_model_set_query (VigilPostListModel     *self,
                                                         const VigilSearchQuery *query,
                                                         GError                **error);
const VigilSearchQuery *vigil_post_list_model_get_query (VigilPostListModel     *self);
gboolean                vigil_post_list_model_get_complete (VigilPostListModel  *self);

/* As set_query, but the first page is read in a worker thread: if it is
 * read within wait_ms it is applied before this returns (and an invalid
 * query fails here); otherwise this returns TRUE at once with "loading"
 * TRUE, the list keeps what it showed (or stays empty), and the page, or
 * get_query_error(), comes when read. A view stays responsive whatever the
 * query costs. */
gboolean                vigil_post_list_model_set_query_within (VigilPostListModel     *self,
                                                                const VigilSearchQuery *query,
                                                                guint                   wait_ms,
                                                                GError                **error);
gboolean                vigil_post_list_model_get_loading  (VigilPostListModel     *self);
/* Why the last query failed (once loaded), or NULL. */
const GError           *vigil_post_list_model_get_query_error (VigilPostListModel  *self);
/* How many items the query has: the exact count once complete; before, a
 * count bounded by 10,000 (*out_exact FALSE above it: "10,000+"), or -1. */
gint64                  vigil_post_list_model_get_bounded_count (VigilPostListModel *self,
                                                                 gboolean           *out_exact);

G_END_DECLS

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

G_END_DECLS

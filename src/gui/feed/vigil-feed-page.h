/* vigil-feed-page.h: the live feed: every post as it arrives, and search
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "vigil-store.h"

G_BEGIN_DECLS

#define VIGIL_TYPE_FEED_PAGE (vigil_feed_page_get_type ())
G_DECLARE_FINAL_TYPE (VigilFeedPage, vigil_feed_page, VIGIL, FEED_PAGE, AdwBin)

/* Properties: "store", "search-mode". */
VigilStore   *vigil_feed_page_get_store        (VigilFeedPage *self);
void          vigil_feed_page_set_store        (VigilFeedPage *self,
                                                VigilStore    *store);
gboolean      vigil_feed_page_get_search_mode  (VigilFeedPage *self);
void          vigil_feed_page_set_search_mode  (VigilFeedPage *self,
                                                gboolean       search_mode);
/* Opens the search bar and focuses its entry. */
void          vigil_feed_page_start_search     (VigilFeedPage *self);

/* For tests: the model the list view shows (a selection model over the
 * store's posts), the search entry, and which of "feed", "empty" and
 * "no-results" is shown. */
GListModel   *vigil_feed_page_get_model        (VigilFeedPage *self);
GtkEditable  *vigil_feed_page_get_search_entry (VigilFeedPage *self);
const char   *vigil_feed_page_get_state        (VigilFeedPage *self);
const char   *vigil_feed_page_get_counter_text (VigilFeedPage *self);
GtkAdjustment *vigil_feed_page_get_vadjustment (VigilFeedPage *self);
/* Posts that arrived while the reader was scrolled down (0 at the top). */
guint         vigil_feed_page_get_n_new        (VigilFeedPage *self);

G_END_DECLS

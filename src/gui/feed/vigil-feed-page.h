/* vigil-feed-page.h: the live feed: every post as it arrives, and search
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "vigil-store.h"
#include "vigil-watch-list.h"

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
/* The watches offered by the Watch filter ("watch-list"). */
VigilWatchList *vigil_feed_page_get_watch_list (VigilFeedPage *self);
void          vigil_feed_page_set_watch_list   (VigilFeedPage  *self,
                                                VigilWatchList *watch_list);

/* Sort and filters, applied in SQL (VigilSearchQuery) and offered by the
 * Sort and Filter menus through the property actions feed.sort,
 * feed.sentiment, feed.language, feed.category, feed.watch and
 * feed.collapse-duplicates. Properties: "sort" ("newest", "arrival",
 * "reach", "ots", "negative"), "sentiment-filter" ("negative", "neutral",
 * "positive"), "language-filter" ("fr"), "category-filter" (a category
 * id, or a role: "customer-service"), "watch-filter" (a watch name) — ""
 * is any — and "collapse-duplicates". feed.clear-filters resets them. */
const char   *vigil_feed_page_get_sort         (VigilFeedPage *self);
void          vigil_feed_page_set_sort         (VigilFeedPage *self,
                                                const char    *sort);
guint         vigil_feed_page_get_n_filters    (VigilFeedPage *self);

/* A person's sentiment override of the selected posts (label NONE clears
 * it), through vigil_store_override_sentiment; the rows update when the
 * store says it changed. Also the action feed.mark-sentiment ("negative",
 * "neutral", "positive", "none"), on the keys 1, 2, 3 and 0 in the list
 * and in the posts' context menu (feed.context-menu: Menu, Shift+F10, or
 * a right click). Returns FALSE when nothing was selected. */
gboolean      vigil_feed_page_mark_selection   (VigilFeedPage  *self,
                                                VigilSentiment  label);

/* Opens the search bar and focuses its entry. */
void          vigil_feed_page_start_search     (VigilFeedPage *self);

/* For tests: the model the list view shows (a GtkMultiSelection over the
 * store's posts), the search entry, and which of "feed", "empty" and
 * "no-results" is shown. */
GListModel   *vigil_feed_page_get_model        (VigilFeedPage *self);
GtkEditable  *vigil_feed_page_get_search_entry (VigilFeedPage *self);
const char   *vigil_feed_page_get_state        (VigilFeedPage *self);
const char   *vigil_feed_page_get_counter_text (VigilFeedPage *self);
GtkAdjustment *vigil_feed_page_get_vadjustment (VigilFeedPage *self);
GMenuModel   *vigil_feed_page_get_filter_menu  (VigilFeedPage *self);
GtkWidget    *vigil_feed_page_get_context_menu (VigilFeedPage *self);
/* Posts that arrived while the reader was scrolled down (0 at the top). */
guint         vigil_feed_page_get_n_new        (VigilFeedPage *self);

G_END_DECLS

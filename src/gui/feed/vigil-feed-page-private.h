/* vigil-feed-page-private.h: what the feed page's files share
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "vigil-feed-page.h"
#include "vigil-post-list-model.h"

G_BEGIN_DECLS

struct _VigilFeedPage
{
  AdwBin              parent_instance;

  VigilStore         *store;
  VigilPostListModel *model;
  char               *query_text;
  char               *query_error;
  char               *logged_query;       /* the last search written to the access log */
  guint               n_new;
  gboolean            at_top;

  /* sort and filters, applied in SQL through VigilSearchQuery */
  VigilWatchList     *watch_list;
  char               *sort;
  char               *sentiment_filter;   /* "" = any */
  char               *language_filter;
  char               *category_filter;
  char               *watch_filter;
  gboolean            collapse_duplicates;

  /* overrides: the posts to select again once the rows are rebuilt */
  GCancellable       *cancellable;
  GArray             *reselect;           /* of Reselect */
  GtkWidget          *context_menu;

  /* template children */
  GtkSearchBar       *search_bar;
  GtkSearchEntry     *search_entry;
  GtkStack           *state_stack;
  GtkScrolledWindow  *scrolled_window;
  GtkListView        *list_view;
  GtkMultiSelection  *selection;
  GtkLabel           *counter_label;
  GtkWidget          *live_label;
  GtkRevealer        *new_posts_revealer;
  GtkLabel           *new_posts_label;
  AdwStatusPage      *no_results_page;
  GtkMenuButton      *sort_button;
  GtkMenuButton      *filter_button;
};

typedef struct
{
  guint  position;
  gint64 id;
} Reselect;

/* vigil-feed-page.c */
guint _vigil_feed_page_get_n_posts              (VigilFeedPage *self);

/* vigil-feed-page-selection.c */
void  _vigil_feed_page_init_selection           (VigilFeedPage *self);
void  _vigil_feed_page_update_selection_actions (VigilFeedPage *self);
/* After an override the model rebuilds every row with new post objects, so
 * the selection is lost: this selects the same posts again. */
void  _vigil_feed_page_restore_selection        (VigilFeedPage *self);
void  _vigil_feed_page_mark_sentiment_action    (GtkWidget     *widget,
                                                 const char    *action_name,
                                                 GVariant      *parameter);
void  _vigil_feed_page_send_to_triage_action   (GtkWidget     *widget,
                                                 const char    *action_name,
                                                 GVariant      *parameter);
void  _vigil_feed_page_context_menu_action      (GtkWidget     *widget,
                                                 const char    *action_name,
                                                 GVariant      *parameter);

G_END_DECLS

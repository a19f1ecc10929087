/* vigil-feed-list.h: the user's feeds, one VigilFeedSource each
 *
 * A GListModel of VigilFeedSource, so a preferences page can bind to it.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "vigil-feed-source.h"

G_BEGIN_DECLS

#define VIGIL_TYPE_FEED_LIST (vigil_feed_list_get_type ())
G_DECLARE_FINAL_TYPE (VigilFeedList, vigil_feed_list, VIGIL, FEED_LIST, GObject)

VigilFeedList   *vigil_feed_list_new         (VigilStore     *store,
                                              SoupSession    *session);
/* Adds (and, when the list is running, starts) a feed. Fails for a URL
 * Vigil refuses or one already in the list. Returns the source (owned by
 * the list). */
VigilFeedSource *vigil_feed_list_add         (VigilFeedList  *self,
                                              const char     *url,
                                              const char     *title,
                                              GError        **error);
gboolean         vigil_feed_list_remove      (VigilFeedList  *self,
                                              const char     *url);
VigilFeedSource *vigil_feed_list_lookup      (VigilFeedList  *self,
                                              const char     *url);
void             vigil_feed_list_start       (VigilFeedList  *self);
void             vigil_feed_list_stop        (VigilFeedList  *self);

/* Adds every feed of an OPML document that is not in the list yet. Feeds
 * whose URL Vigil refuses are skipped and counted in *n_refused (may be
 * NULL). Fails only when the document can't be read. */
gboolean         vigil_feed_list_import_opml (VigilFeedList  *self,
                                              GBytes         *opml,
                                              guint          *n_added,
                                              guint          *n_refused,
                                              GError        **error);
GBytes          *vigil_feed_list_export_opml (VigilFeedList  *self);

G_END_DECLS

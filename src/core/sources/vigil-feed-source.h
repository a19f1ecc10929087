/* vigil-feed-source.h: one RSS/Atom feed, polled politely
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "vigil-source.h"

G_BEGIN_DECLS

#define VIGIL_FEED_DEFAULT_INTERVAL_MS     (5 * 60 * 1000)
#define VIGIL_FEED_DEFAULT_MAX_INTERVAL_MS (6 * 60 * 60 * 1000)
#define VIGIL_FEED_DEFAULT_TIMEOUT_MS      (60 * 1000)

#define VIGIL_TYPE_FEED_SOURCE (vigil_feed_source_get_type ())
G_DECLARE_FINAL_TYPE (VigilFeedSource, vigil_feed_source, VIGIL, FEED_SOURCE, VigilSource)

/* url: https:// (http:// only for loopback). The source id, and so the
 * cursor key, is "rss:" + url. The cursor is JSON:
 * {"etag": …, "last_modified": …, "interval_ms": …}.
 *
 * Properties: "url" (construct-only), "title" (from the feed or OPML),
 * "base-interval-ms" (poll interval after a change), "max-interval-ms"
 * (cap of the back-off for feeds that rarely change; ×1.5 per unchanged
 * poll), "timeout-ms" (whole request), "max-body" (bytes), "max-redirects";
 * read-only "interval-ms" (the current interval), "polls", "not-modified"
 * (304s received). */
VigilSource *vigil_feed_source_new              (VigilStore      *store,
                                                 SoupSession     *session,
                                                 const char      *url);
const char  *vigil_feed_source_get_url          (VigilFeedSource *self);
const char  *vigil_feed_source_get_title        (VigilFeedSource *self);
void         vigil_feed_source_set_title        (VigilFeedSource *self,
                                                 const char      *title);
guint        vigil_feed_source_get_interval_ms  (VigilFeedSource *self);
guint        vigil_feed_source_get_polls        (VigilFeedSource *self);
guint        vigil_feed_source_get_not_modified (VigilFeedSource *self);
/* Poll now instead of waiting for the interval (when live). */
void         vigil_feed_source_poll_now         (VigilFeedSource *self);

G_END_DECLS

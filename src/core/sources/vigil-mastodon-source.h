/* vigil-mastodon-source.h: a Mastodon timeline, over REST and streaming
 *
 * Any instance URL. Public, local, hashtag, list, home and account
 * timelines, and status search. After every gap (start, reconnect) the
 * source backfills over REST with min_id paging until it reaches what it
 * already has, then follows the streaming API (SSE); when streaming is
 * refused it polls instead. The newest status id is the cursor.
 *
 * The bearer token (optional; public timelines are read anonymously when
 * the instance allows it) is handed in by the caller, never logged and
 * never persisted. In the app it comes from the credential store
 * (libsecret); nothing else may supply it.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "vigil-source.h"

G_BEGIN_DECLS

typedef enum
{
  VIGIL_MASTODON_TIMELINE_PUBLIC = 0,  /* /api/v1/timelines/public */
  VIGIL_MASTODON_TIMELINE_LOCAL,       /* … ?local=true */
  VIGIL_MASTODON_TIMELINE_TAG,         /* /api/v1/timelines/tag/ARG */
  VIGIL_MASTODON_TIMELINE_LIST,        /* /api/v1/timelines/list/ARG (token) */
  VIGIL_MASTODON_TIMELINE_HOME,        /* /api/v1/timelines/home (token) */
  VIGIL_MASTODON_TIMELINE_ACCOUNT,     /* /api/v1/accounts/ID/statuses; ARG = acct */
  VIGIL_MASTODON_TIMELINE_SEARCH,      /* /api/v2/search?type=statuses&q=ARG */
} VigilMastodonTimeline;

GType vigil_mastodon_timeline_get_type (void) G_GNUC_CONST;
#define VIGIL_TYPE_MASTODON_TIMELINE (vigil_mastodon_timeline_get_type ())

#define VIGIL_TYPE_MASTODON_SOURCE (vigil_mastodon_source_get_type ())
G_DECLARE_FINAL_TYPE (VigilMastodonSource, vigil_mastodon_source, VIGIL, MASTODON_SOURCE, VigilSource)

/* base_url: "https://host[:port]" (http only for loopback hosts).
 * argument: the tag (without '#'), list id, acct ("user" or "user@host")
 * or search query; NULL for public/local/home. token may be NULL.
 *
 * Further properties (set with g_object_set before starting):
 * "poll-interval" (ms, default 60 000), "request-timeout" (ms, 30 000),
 * "stream-idle-timeout" (ms, 90 000; Mastodon sends a heartbeat every
 * 15 s), "streaming" (gboolean, TRUE), "page-size" (1–40, 40).
 *
 * Call vigil_source_stop() before dropping the last reference: requests in
 * flight hold one until they are cancelled. */
VigilSource          *vigil_mastodon_source_new              (const char             *id,
                                                              VigilStore             *store,
                                                              SoupSession            *session,
                                                              const char             *base_url,
                                                              VigilMastodonTimeline   timeline,
                                                              const char             *argument,
                                                              const char             *token);

VigilMastodonTimeline vigil_mastodon_source_get_timeline     (VigilMastodonSource    *self);
const char           *vigil_mastodon_source_get_base_url     (VigilMastodonSource    *self);
/* TRUE while it follows the streaming API, FALSE while it polls. */
gboolean              vigil_mastodon_source_get_is_streaming (VigilMastodonSource    *self);
/* The newest status id archived (or queued for the archive), or NULL. */
const char           *vigil_mastodon_source_get_newest_id    (VigilMastodonSource    *self);

/* Mastodon ids are decimal strings that overflow a double: compare them as
 * big integers (by length, then lexically). NULL sorts first. */
int                   vigil_mastodon_compare_ids             (const char             *a,
                                                              const char             *b);

G_END_DECLS

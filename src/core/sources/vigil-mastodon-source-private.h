/* vigil-mastodon-source-private.h: what the Mastodon source's files share
 *
 * vigil-mastodon-source.c   lifecycle, probe, lookup, backfill and polling
 * vigil-mastodon-stream.c   the streaming API (SSE)
 * vigil-mastodon-errors.c   rate limits, and answers turned into states
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <json-glib/json-glib.h>

#include "vigil-mastodon-source.h"
#include "vigil-normalize.h"
#include "vigil-sse-parser.h"

G_BEGIN_DECLS

/* A REST answer larger than one JSON record can't be parsed anyway. */
#define MAX_REST_BODY        VIGIL_NORMALIZE_MAX_RECORD
#define READ_CHUNK           (64 * 1024)
#define MAX_PAGE_SIZE        40
/* Below this many requests left in the window, spread the rest out. */
#define RATE_LIMIT_LOW_WATER 10
#define MAX_WAIT_SECONDS     (6 * 3600)
/* After streaming was refused, try it again this much later. */
#define STREAM_RETRY_US      (10 * G_USEC_PER_SEC * 60)

typedef enum
{
  PURPOSE_PROBE,
  PURPOSE_LOOKUP,
  PURPOSE_PAGE,
} Purpose;

struct _VigilMastodonSource
{
  VigilSource            parent_instance;

  /* configuration */
  char                  *base_url;      /* scheme://host[:port] */
  char                  *host;          /* for messages */
  VigilMastodonTimeline  timeline;
  char                  *argument;
  char                  *token;         /* never logged, never persisted */
  guint                  poll_interval_ms;
  guint                  request_timeout_ms;
  guint                  stream_idle_timeout_ms;
  guint                  page_size;
  gboolean               streaming_enabled;

  /* learnt once, kept across reconnects */
  char                  *stream_base;   /* https://streaming.host, or NULL = base_url */
  char                  *account_id;
  char                  *newest;        /* the cursor: newest id archived or queued */
  gint64                 stream_retry_at;
  guint                  probed : 1;
  guint                  cursor_loaded : 1;

  /* per attempt */
  guint                  attempt;
  GCancellable          *cancellable;
  guint                  live : 1;
  guint                  is_streaming : 1;
  guint                  polling : 1;
  guint                  backfilling : 1;
  guint                  contiguous : 1;     /* stream events may move the cursor */
  char                  *backfill_min;       /* min_id of the page in flight */
  char                  *pending_max;        /* newest stream id not yet in the cursor */
  char                  *paced_url;          /* the next page, waiting for the rate limit */
  guint                  poll_id;            /* the next poll */
  guint                  paced_id;           /* the next page, paced by the rate limit */

  /* the stream */
  GInputStream          *stream;
  VigilSseParser        *sse;
  GPtrArray             *batch;              /* posts from the chunk being parsed */
  char                  *batch_max;          /* newest "update" id in the batch */
  guint                  idle_id;
  guint64                rejected;

  /* X-RateLimit-* of the last answer */
  gint                   rate_remaining;     /* -1 = unknown */
  gint64                 rate_reset;         /* µs since the epoch, 0 = unknown */
};

/* vigil-mastodon-source.c */
void        _vigil_mastodon_fail                (VigilMastodonSource *self,
                                                 gboolean             permanent,
                                                 const char          *message);
void        _vigil_mastodon_go_live             (VigilMastodonSource *self);
gboolean    _vigil_mastodon_is_current          (VigilMastodonSource *self,
                                                 guint                attempt);
void        _vigil_mastodon_set_is_streaming    (VigilMastodonSource *self,
                                                 gboolean             is_streaming);
gboolean    _vigil_mastodon_has_stream          (VigilMastodonTimeline timeline);
SoupMessage *_vigil_mastodon_new_message        (VigilMastodonSource *self,
                                                 const char          *url,
                                                 const char          *accept);
void        _vigil_mastodon_start_backfill      (VigilMastodonSource *self);
void        _vigil_mastodon_start_polling       (VigilMastodonSource *self);
const char *_vigil_mastodon_json_get_string     (JsonObject          *object,
                                                 const char          *member);
gboolean    _vigil_mastodon_id_is_valid         (const char          *id);

/* vigil-mastodon-errors.c */
void        _vigil_mastodon_note_rate_limit     (VigilMastodonSource *self,
                                                 SoupMessage         *msg);
guint       _vigil_mastodon_rate_limit_delay_ms (VigilMastodonSource *self);
guint       _vigil_mastodon_retry_after_seconds (VigilMastodonSource *self,
                                                 SoupMessage         *msg);
void        _vigil_mastodon_fail_transport      (VigilMastodonSource *self,
                                                 const GError        *error,
                                                 gboolean             first_contact);
void        _vigil_mastodon_fail_status         (VigilMastodonSource *self,
                                                 SoupMessage         *msg,
                                                 Purpose              purpose);
JsonNode   *_vigil_mastodon_parse_body          (VigilMastodonSource *self,
                                                 SoupMessage         *msg,
                                                 GBytes              *body,
                                                 Purpose              purpose);
gboolean    _vigil_mastodon_check_body          (VigilMastodonSource *self,
                                                 SoupMessage         *msg,
                                                 GBytes              *body,
                                                 Purpose              purpose);

/* vigil-mastodon-stream.c */
char       *_vigil_mastodon_stream_url          (VigilMastodonSource *self);
void        _vigil_mastodon_open_stream         (VigilMastodonSource *self);
void        _vigil_mastodon_on_sse_event        (const char          *event,
                                                 const char          *data,
                                                 gsize                length,
                                                 gpointer             user_data);

G_END_DECLS

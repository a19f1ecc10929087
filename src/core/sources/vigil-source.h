/* vigil-source.h: the base class of every live source
 *
 * A source runs on the main loop with libsoup's async API. The base class
 * owns what every source shares: the state machine shown to the user,
 * reconnecting with capped exponential backoff and jitter, archiving the
 * posts it produces, and persisting its resume cursor only after those posts
 * have committed (so a crash can duplicate — dropped by dedupe — but never
 * lose).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <libsoup/soup.h>

#include "vigil-post.h"
#include "vigil-store.h"

G_BEGIN_DECLS

typedef enum
{
  VIGIL_SOURCE_STATE_STOPPED = 0,
  VIGIL_SOURCE_STATE_CONNECTING,
  VIGIL_SOURCE_STATE_LIVE,
  VIGIL_SOURCE_STATE_BACKING_OFF,  /* retry-at says until when */
  VIGIL_SOURCE_STATE_FAILED,       /* permanent; message says why and what to do */
} VigilSourceState;

const char *vigil_source_state_to_string (VigilSourceState state);

#define VIGIL_TYPE_SOURCE_STATE (vigil_source_state_get_type ())
GType       vigil_source_state_get_type  (void);

#define VIGIL_TYPE_SOURCE (vigil_source_get_type ())
G_DECLARE_DERIVABLE_TYPE (VigilSource, vigil_source, VIGIL, SOURCE, GObject)

struct _VigilSourceClass
{
  GObjectClass parent_class;

  /* Begin one connection attempt. The subclass reports back with
   * vigil_source_set_live(), vigil_source_archive() and vigil_source_fail(). */
  void (*connect)    (VigilSource *self);
  /* Drop the connection and cancel everything in flight. */
  void (*disconnect) (VigilSource *self);

  gpointer padding[8];
};

/* Construct-only properties: "id" (stable key, e.g. the SPEC; used for the
 * cursor), "store" (VigilStore), "session" (SoupSession). Readable:
 * "state", "message", "retry-at" (µs since the epoch, 0 = none),
 * "last-event-at" (µs), "events-per-minute" (double), "posts-archived" (guint64). */
const char      *vigil_source_get_id                (VigilSource  *self);
VigilStore      *vigil_source_get_store             (VigilSource  *self);
SoupSession     *vigil_source_get_session           (VigilSource  *self);
VigilSourceState vigil_source_get_state             (VigilSource  *self);
const char      *vigil_source_get_message           (VigilSource  *self);
gint64           vigil_source_get_retry_at          (VigilSource  *self);
gint64           vigil_source_get_last_event_at     (VigilSource  *self);
double           vigil_source_get_events_per_minute (VigilSource  *self);
guint64          vigil_source_get_posts_archived    (VigilSource  *self);

void             vigil_source_start                 (VigilSource  *self);
void             vigil_source_stop                  (VigilSource  *self);

/* Backoff policy (defaults: 1 s initial, ×2, 300 s cap, ±20 % jitter). */
void             vigil_source_set_backoff           (VigilSource  *self,
                                                     guint         initial_ms,
                                                     guint         max_ms);

/* --- for subclasses --- */
void             vigil_source_set_live              (VigilSource  *self);
/* Archive a batch; once committed, persist cursor (may be NULL = unchanged). */
void             vigil_source_archive               (VigilSource  *self,
                                                     GPtrArray    *posts,
                                                     const char   *cursor);
/* Same, and call done (may be NULL) on the main context once the batch has
 * committed or failed, so a subclass can hold back until the store keeps
 * up. For an empty batch done is called at once. */
void             vigil_source_archive_full          (VigilSource    *self,
                                                     GPtrArray      *posts,
                                                     const char     *cursor,
                                                     GDestroyNotify  done,
                                                     gpointer        done_data);
/* How often the ingest pipeline's back-pressure paused this source. */
guint            vigil_source_get_pauses            (VigilSource    *self);
/* The persisted cursor, or NULL. */
char            *vigil_source_load_cursor           (VigilSource  *self);
/* Transient errors schedule a reconnect with backoff; permanent ones
 * (a wrong URL, auth refused) end in FAILED. message is for a person. */
void             vigil_source_fail                  (VigilSource  *self,
                                                     gboolean      permanent,
                                                     const char   *message);
/* A server asked us to wait (429 Retry-After, rate-limit reset). */
void             vigil_source_retry_after           (VigilSource  *self,
                                                     guint         seconds,
                                                     const char   *message);

G_END_DECLS

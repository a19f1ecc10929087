/* vigil-test-server.h: a local protocol fixture server for tests and benchmarks
 *
 * A SoupServer on 127.0.0.1, port 0, running in its own thread with its own
 * GMainContext, so a test can drive clients on its main loop while the
 * server answers. It speaks, per path:
 *
 *  - static content (programmatic or a fixture file) with ETag and
 *    Last-Modified, answering If-None-Match / If-Modified-Since with 304;
 *  - Mastodon REST timelines with Link paging (max_id / since_id / min_id /
 *    limit) and X-RateLimit-* headers;
 *  - SSE streams (a script sent on connect, plus events pushed live);
 *  - a Bluesky Jetstream websocket replaying a synthetic event log and
 *    honouring cursor=, wantedCollections= and wantedDids=;
 *  - any handler a test registers (it runs in the server thread).
 *
 * Faults can be injected per path (see VigilTestFault). Counters let tests
 * assert what the clients did. Every setter is thread-safe and may be called
 * while clients are connected.
 *
 * Never reaches the network: it listens on loopback only.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <libsoup/soup.h>

G_BEGIN_DECLS

typedef struct _VigilTestServer VigilTestServer;

typedef enum
{
  VIGIL_TEST_FAULT_NONE = 0,
  /* HTTP: the status is sent (param = status, e.g. 429 or 503), with
   * "Retry-After: <param2>" when param2 > 0. Websocket paths: the same
   * answer to the handshake, instead of the upgrade. */
  VIGIL_TEST_FAULT_STATUS,
  /* HTTP: announce the full body, send param bytes of it, then close the
   * TCP connection. SSE / websocket: drop the connection after param events
   * on each connection. */
  VIGIL_TEST_FAULT_DROP,
  /* Accept, then send nothing at all (HTTP: not even headers). */
  VIGIL_TEST_FAULT_STALL,
  /* HTTP: headers, then one body byte every param milliseconds (default
   * 1000), forever. */
  VIGIL_TEST_FAULT_SLOW_LORIS,
  /* HTTP: a 200 with param bytes (default 4096) of random binary data and
   * the path's content type. Websocket: one garbage text frame and one
   * binary frame of invalid UTF-8 before the real stream; SSE: one garbage
   * event. */
  VIGIL_TEST_FAULT_GARBAGE,
  /* HTTP: a 200 whose body is param bytes (default 100 MiB) of generated
   * filler, with no Content-Length (delimited by closing the connection). */
  VIGIL_TEST_FAULT_HUGE_BODY,
  /* HTTP: 302 to path?hop=N+1, forever. */
  VIGIL_TEST_FAULT_REDIRECT_LOOP,
  /* HTTP: the real body, but served as "application/octet-stream". */
  VIGIL_TEST_FAULT_WRONG_CONTENT_TYPE,
} VigilTestFault;

/* Runs in the server thread. query may be NULL. Answer with
 * soup_server_message_set_status() / set_response() or the reply helpers
 * below; the message is not paused for you. */
typedef void (*VigilTestServerHandler) (VigilTestServer   *server,
                                        SoupServerMessage *msg,
                                        const char        *path,
                                        GHashTable        *query,
                                        gpointer           user_data);

/* Starts the server (blocks until it listens). Aborts the test on failure. */
VigilTestServer *vigil_test_server_new               (void);
/* Closes every connection, stops the thread, frees everything. */
void             vigil_test_server_free              (VigilTestServer  *server);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (VigilTestServer, vigil_test_server_free)

/* "http://127.0.0.1:PORT" (no trailing slash) */
const char      *vigil_test_server_get_base_url      (VigilTestServer  *server);
/* base URL + path (path starts with '/'); ws_url uses ws:// */
char            *vigil_test_server_get_url           (VigilTestServer  *server,
                                                      const char       *path);
char            *vigil_test_server_get_ws_url        (VigilTestServer  *server,
                                                      const char       *path);
guint16          vigil_test_server_get_port          (VigilTestServer  *server);

/* --- content --- */

/* Serve body at path with a strong ETag (a hash of the body) and a
 * Last-Modified of when it was set; replacing it changes both. */
void             vigil_test_server_set_content       (VigilTestServer  *server,
                                                      const char       *path,
                                                      const char       *content_type,
                                                      GBytes           *body);
/* Same, from $VIGIL_TEST_FIXTURES/<relative> (aborts if missing). */
void             vigil_test_server_set_fixture       (VigilTestServer  *server,
                                                      const char       *path,
                                                      const char       *content_type,
                                                      const char       *relative);
/* Serve a 30x redirect from path to location (absolute or a path). */
void             vigil_test_server_set_redirect      (VigilTestServer  *server,
                                                      const char       *path,
                                                      guint             status,
                                                      const char       *location);
/* A handler for every request to path (exact match; HTTP only). */
void             vigil_test_server_add_handler       (VigilTestServer       *server,
                                                      const char            *path,
                                                      VigilTestServerHandler handler,
                                                      gpointer               user_data,
                                                      GDestroyNotify         destroy);

/* --- Mastodon REST --- */

/* A timeline at path from a JSON array of statuses (any order; paged by
 * numeric id, newest first). Honours limit (default 20, max 40), max_id,
 * since_id and min_id, and sends Link: <…>; rel="next", <…>; rel="prev"
 * plus X-RateLimit-Limit/-Remaining/-Reset. Aborts if json is no array. */
void             vigil_test_server_set_mastodon_timeline (VigilTestServer *server,
                                                          const char      *path,
                                                          const char      *json_array);
/* Append statuses (JSON array) to a timeline set above. */
void             vigil_test_server_mastodon_append   (VigilTestServer  *server,
                                                      const char       *path,
                                                      const char       *json_array);
/* Rate limit for path: each request decrements remaining; at 0 the server
 * answers 429 with Retry-After: reset_seconds until the window resets. */
void             vigil_test_server_set_rate_limit    (VigilTestServer  *server,
                                                      const char       *path,
                                                      guint             limit,
                                                      guint             reset_seconds);

/* --- SSE --- */

/* An SSE endpoint at path (text/event-stream, kept open). script (may be
 * NULL) is sent verbatim to each client as it connects. */
void             vigil_test_server_add_sse           (VigilTestServer  *server,
                                                      const char       *path,
                                                      const char       *script);
/* Send one event to every client connected to path now (not queued for
 * later clients). data may contain newlines. */
void             vigil_test_server_sse_send          (VigilTestServer  *server,
                                                      const char       *path,
                                                      const char       *event,
                                                      const char       *data);
/* Drop every SSE client of path (an abrupt close, as a network drop). */
void             vigil_test_server_sse_drop_all      (VigilTestServer  *server,
                                                      const char       *path);

/* --- Bluesky Jetstream --- */

typedef enum
{
  VIGIL_TEST_JETSTREAM_CREATES = 0,   /* only commit creates of posts */
  VIGIL_TEST_JETSTREAM_MIXED,         /* also updates, deletes, identity, account, likes */
} VigilTestJetstreamMix;

/* A websocket at path replaying a synthetic log of n_events events with
 * time_us = first_time_us + i * step_us. On connect it sends the events
 * with time_us > cursor (all without a cursor), filtered by
 * wantedCollections / wantedDids (identity and account events always pass),
 * then stays open. In MIXED logs, event i is: a like when i % 10 == 3,
 * an identity event when i % 10 == 5, an account event when i % 50 == 7,
 * an update of post i-4 when i % 10 == 8 (i ≥ 10), a delete of post i-8
 * when i % 20 == 9 (i ≥ 20); every other event creates post
 * "at://did:plc:fixture<i % 97>/app.bsky.feed.post/r<i>". */
void             vigil_test_server_add_jetstream     (VigilTestServer      *server,
                                                      const char           *path,
                                                      guint64               n_events,
                                                      gint64                first_time_us,
                                                      guint                 step_us,
                                                      VigilTestJetstreamMix mix);
/* What the synthetic log holds (for assertions). */
guint64          vigil_test_jetstream_count_creates  (guint64               n_events,
                                                      VigilTestJetstreamMix mix);
/* Creates, updates and deletes of posts in the log: what a client asking
 * for app.bsky.feed.post archives from one pass over it. */
guint64          vigil_test_jetstream_count_post_events (guint64               n_events,
                                                         VigilTestJetstreamMix mix);
/* The JSON of event i, as sent (free with g_free). */
char            *vigil_test_jetstream_event          (guint64               i,
                                                      gint64                time_us,
                                                      VigilTestJetstreamMix mix);

/* --- faults --- */

/* Inject fault on path for the next `times` requests/connections
 * (0 = every one from now on). param/param2: see VigilTestFault.
 * VIGIL_TEST_FAULT_NONE clears it. */
void             vigil_test_server_set_fault         (VigilTestServer  *server,
                                                      const char       *path,
                                                      VigilTestFault    fault,
                                                      guint64           param,
                                                      guint64           param2,
                                                      guint             times);

/* --- counters (per path) --- */

guint            vigil_test_server_get_requests      (VigilTestServer  *server,
                                                      const char       *path);
/* websocket and SSE connections accepted */
guint            vigil_test_server_get_connections   (VigilTestServer  *server,
                                                      const char       *path);
/* The value of the last "cursor" query parameter received (websocket) or
 * NULL; free with g_free. */
char            *vigil_test_server_get_last_cursor   (VigilTestServer  *server,
                                                      const char       *path);
/* A request header of the last request to path, or NULL; free with g_free. */
char            *vigil_test_server_get_last_header   (VigilTestServer  *server,
                                                      const char       *path,
                                                      const char       *header);
/* 304s answered on path */
guint            vigil_test_server_get_not_modified  (VigilTestServer  *server,
                                                      const char       *path);

/* --- reply helpers (use from a handler, in the server thread) --- */

void             vigil_test_server_reply_json        (SoupServerMessage *msg,
                                                      guint              status,
                                                      const char        *json);
void             vigil_test_server_reply_bytes       (SoupServerMessage *msg,
                                                      guint              status,
                                                      const char        *content_type,
                                                      GBytes            *body);
/* Adds Link: <next>; rel="next", <prev>; rel="prev" (either may be NULL). */
void             vigil_test_server_reply_link        (SoupServerMessage *msg,
                                                      const char        *next,
                                                      const char        *prev);
void             vigil_test_server_reply_rate_limit  (SoupServerMessage *msg,
                                                      guint              limit,
                                                      guint              remaining,
                                                      GDateTime         *reset);

/* Spin the thread-default main context until condition(user_data) is TRUE
 * or timeout_ms passes; returns the final condition. For tests. */
gboolean         vigil_test_wait_until               (gboolean        (*condition) (gpointer user_data),
                                                      gpointer          user_data,
                                                      guint             timeout_ms);

G_END_DECLS

/* vigil-test-server-private.h: what the fixture server's files share
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <json-glib/json-glib.h>

#include "vigil-test-server.h"

G_BEGIN_DECLS

typedef enum
{
  KIND_NONE = 0,
  KIND_CONTENT,
  KIND_REDIRECT,
  KIND_HANDLER,
  KIND_MASTODON,
  KIND_SSE,
  KIND_JETSTREAM,
} PathKind;

typedef struct
{
  char                  *path;
  PathKind               kind;

  /* content */
  char                  *content_type;
  GBytes                *body;
  char                  *etag;
  GDateTime             *last_modified;

  /* redirect */
  guint                  redirect_status;
  char                  *location;

  /* handler */
  VigilTestServerHandler handler;
  gpointer               handler_data;
  GDestroyNotify         handler_destroy;

  /* mastodon: JsonObject*, newest (highest id) first */
  GPtrArray             *statuses;

  /* rate limit (0 = none) */
  guint                  rl_limit;
  guint                  rl_remaining;
  guint                  rl_reset_s;
  gint64                 rl_window_end;

  /* sse */
  char                  *sse_script;

  /* jetstream */
  guint64                js_n;
  gint64                 js_first;
  guint                  js_step;
  VigilTestJetstreamMix  js_mix;
  gboolean               js_registered;

  /* fault */
  VigilTestFault         fault;
  guint64                fault_param;
  guint64                fault_param2;
  guint                  fault_times;   /* 0 = forever */

  /* counters */
  guint                  requests;
  guint                  connections;
  guint                  not_modified;
  char                  *last_cursor;
  GHashTable            *last_headers;  /* lower-case name → value */
} PathEntry;

typedef struct
{
  VigilTestFault fault;
  guint64        param;
  guint64        param2;
} FaultShot;

struct _VigilTestServer
{
  GThread      *thread;
  GMainContext *context;
  GMainLoop    *loop;
  SoupServer   *soup;
  GCancellable *cancellable;
  guint16       port;
  char         *base_url;

  GMutex        lock;
  GCond         cond;
  gboolean      ready;
  GHashTable   *paths;       /* path → PathEntry (under lock) */

  /* server thread only */
  GPtrArray    *raw_streams; /* GIOStream, stolen for faults */
  GPtrArray    *sse_clients; /* SseClient */
  GPtrArray    *js_clients;  /* JsClient */
};

typedef struct
{
  VigilTestServer   *server;
  SoupServerMessage *msg;
  char              *path;
  guint64            events_sent;
  guint64            drop_after;
} SseClient;

typedef struct
{
  VigilTestServer         *server;
  SoupWebsocketConnection *conn;
  GSocket                 *socket;  /* under conn's stream, for abrupt drops */
  char                    *path;
  guint64                  n;
  gint64                   first;
  guint                    step;
  VigilTestJetstreamMix    mix;
  GStrv                    collections;
  GHashTable              *dids;
  guint64                  next;
  guint64                  sent;
  guint64                  drop_after;
  gboolean                 garbage;
  gboolean                 stall;
  GSource                  *pump;
} JsClient;

/* vigil-test-server.c; the lock must be held for ensure_entry/take_fault */
PathEntry *_vigil_test_server_ensure_entry      (VigilTestServer   *server,
                                                 const char        *path);
FaultShot  _vigil_test_server_take_fault        (PathEntry         *entry);
void       _vigil_test_server_run               (VigilTestServer   *server,
                                                 GSourceFunc        func,
                                                 gpointer           data);
void       _vigil_test_server_hard_close        (GIOStream         *stream);

/* vigil-test-server-mastodon.c (lock held) */
void       _vigil_test_server_serve_mastodon    (VigilTestServer   *server,
                                                 PathEntry         *entry,
                                                 SoupServerMessage *msg,
                                                 GHashTable        *query);

/* vigil-test-server-jetstream.c (server thread) */
void       _vigil_test_server_js_client_free    (JsClient          *client);
void       _vigil_test_server_jetstream_shutdown (VigilTestServer  *server);

G_END_DECLS

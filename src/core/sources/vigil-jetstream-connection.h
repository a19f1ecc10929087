/* vigil-jetstream-connection.h: one Jetstream websocket, read on its own thread
 *
 * libsoup's websocket reader keeps reading and emitting messages for as long
 * as the socket has data, without returning to the main loop. During a
 * replay (after an outage, or from a local server) that is the whole
 * backlog: the main loop would freeze and the backlog would pile up in
 * memory. So each connection runs in a thread with its own GMainContext
 * and SoupSession; it parses and batches there and hands batches to the
 * main context. When the main context falls behind (the store is slow), the
 * thread waits, stops reading, and TCP pushes back on the server.
 *
 * Internal to VigilJetstreamSource.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

typedef struct _VigilJetstreamConnection VigilJetstreamConnection;

typedef struct
{
  guint   batch_size;          /* posts per batch */
  guint   batch_interval_ms;   /* longest a post waits in a batch */
  guint   connect_timeout_ms;  /* 0 = none */
  guint   idle_timeout_ms;     /* reconnect after this long without a message; 0 = never */
  guint64 max_message_size;
  guint   keepalive_s;
} VigilJetstreamOptions;

/* Called on the main context of the caller of _start(), in order, with
 * owner (a strong ref taken for the call) as first argument. live and
 * failed are not called after _stop(); batch is (posts received before
 * the stop are still worth archiving), as long as owner is alive. */
typedef struct
{
  void (*live)   (GObject    *owner);
  /* posts may be empty; cursor = newest time_us of the batch, -1 = none.
   * Call done (with done_data) once the batch is archived: until then it
   * counts against the batches the reader may have outstanding. */
  void (*batch)  (GObject        *owner,
                  GPtrArray      *posts,
                  gint64          cursor,
                  guint64         skipped,
                  guint64         rejected,
                  GDestroyNotify  done,
                  gpointer        done_data);
  /* permanent: the server refused us in a way retrying will not fix (e.g.
   * 404, 403); retry_after: seconds the server asked us to wait, or 0. */
  void (*failed) (GObject        *owner,
                  const char     *message,
                  gboolean        permanent,
                  guint           retry_after);
} VigilJetstreamCallbacks;

/* url: the full subscribe URL (already checked); endpoint: for messages.
 * owner is held weakly. */
VigilJetstreamConnection *_vigil_jetstream_connection_start (const char                    *url,
                                                             const char                    *endpoint,
                                                             const VigilJetstreamOptions   *options,
                                                             const VigilJetstreamCallbacks *callbacks,
                                                             GObject                       *owner);
/* Stops and releases the connection (from the main context). Returns at
 * once; the thread finishes on its own. */
void                      _vigil_jetstream_connection_stop  (VigilJetstreamConnection      *conn);

G_END_DECLS

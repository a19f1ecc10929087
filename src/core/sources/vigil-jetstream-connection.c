/* vigil-jetstream-connection.c: one Jetstream websocket, read on its own thread
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "vigil-jetstream-connection"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <libsoup/soup.h>

#include "vigil-http.h"
#include "vigil-jetstream-connection.h"
#include "vigil-normalize.h"

/* Batches handed to the main context and not yet archived: past this the
 * reader waits, which stops reading from the socket. */
#define MAX_PENDING_BATCHES 4
/* This many invalid lines in a row means the server is not Jetstream. */
#define MAX_BAD_IN_A_ROW    50

struct _VigilJetstreamConnection
{
  gatomicrefcount          ref;

  /* immutable */
  char                    *url;
  char                    *endpoint;
  VigilJetstreamOptions    options;
  VigilJetstreamCallbacks  callbacks;
  GWeakRef                 owner;
  GMainContext            *main_ctx;
  GMainContext            *ctx;
  GMainLoop               *loop;

  /* the reader thread only */
  GCancellable            *cancellable;
  SoupSession             *session;
  SoupWebsocketConnection *ws;
  GSource                 *flush_source;
  GSource                 *idle_source;
  GSource                 *timeout_source;
  GPtrArray               *batch;
  gint64                   batch_cursor;
  gint64                   flushed_cursor;
  guint64                  skipped;   /* since the last batch handed over */
  guint64                  rejected;
  guint                    bad_in_a_row;
  gint64                   last_message_at;
  char                    *close_reason;
  gboolean                 failed;

  /* shared */
  GMutex                   lock;
  GCond                    cond;
  guint                    pending;
  gboolean                 stopping;

  /* the main context only */
  gboolean                 stopped;
};

typedef enum
{
  DELIVER_LIVE,
  DELIVER_BATCH,
  DELIVER_FAILED,
} DeliveryKind;

typedef struct
{
  VigilJetstreamConnection *conn;
  DeliveryKind              kind;
  GPtrArray                *posts;
  gint64                    cursor;
  guint64                   skipped;
  guint64                   rejected;
  char                     *message;
  gboolean                  permanent;
  guint                     retry_after;
} Delivery;

static VigilJetstreamConnection *
conn_ref (VigilJetstreamConnection *conn)
{
  g_atomic_ref_count_inc (&conn->ref);

  return conn;
}

static void
conn_unref (VigilJetstreamConnection *conn)
{
  if (!g_atomic_ref_count_dec (&conn->ref))
    return;

  g_free (conn->url);
  g_free (conn->endpoint);
  g_weak_ref_clear (&conn->owner);
  g_main_context_unref (conn->main_ctx);
  g_main_loop_unref (conn->loop);
  g_main_context_unref (conn->ctx);
  g_clear_pointer (&conn->batch, g_ptr_array_unref);
  g_free (conn->close_reason);
  g_mutex_clear (&conn->lock);
  g_cond_clear (&conn->cond);
  g_free (conn);
}

static void
delivery_free (Delivery *delivery)
{
  conn_unref (delivery->conn);
  g_clear_pointer (&delivery->posts, g_ptr_array_unref);
  g_free (delivery->message);
  g_free (delivery);
}

static void
batch_done (gpointer data)
{
  VigilJetstreamConnection *conn = data;

  g_mutex_lock (&conn->lock);
  conn->pending--;
  g_cond_broadcast (&conn->cond);
  g_mutex_unlock (&conn->lock);
  conn_unref (conn);
}

/* main context */
static gboolean
deliver_cb (gpointer data)
{
  Delivery *delivery = data;
  VigilJetstreamConnection *conn = delivery->conn;
  g_autoptr(GObject) owner = g_weak_ref_get (&conn->owner);

  switch (delivery->kind)
    {
    case DELIVER_LIVE:
      if (owner && !conn->stopped)
        conn->callbacks.live (owner);
      break;

    case DELIVER_BATCH:
      if (owner)
        conn->callbacks.batch (owner, delivery->posts, delivery->cursor,
                               delivery->skipped, delivery->rejected,
                               batch_done, conn_ref (conn));
      else
        batch_done (conn_ref (conn));
      break;

    case DELIVER_FAILED:
      if (owner && !conn->stopped)
        conn->callbacks.failed (owner, delivery->message, delivery->permanent, delivery->retry_after);
      break;

    default:
      g_assert_not_reached ();
    }

  return G_SOURCE_REMOVE;
}

/* reader thread: never g_main_context_invoke(), which may run the callback
 * right here when the main context happens to be free. */
static void
deliver (VigilJetstreamConnection *conn,
         Delivery                 *delivery)
{
  GSource *source = g_idle_source_new ();

  delivery->conn = conn_ref (conn);
  g_source_set_priority (source, G_PRIORITY_DEFAULT);
  g_source_set_callback (source, deliver_cb, delivery, (GDestroyNotify) delivery_free);
  g_source_set_static_name (source, "[vigil] jetstream delivery");
  g_source_attach (source, conn->main_ctx);
  g_source_unref (source);
}

static void
flush_batch (VigilJetstreamConnection *conn)
{
  Delivery *delivery;

  if (conn->flush_source)
    {
      g_source_destroy (conn->flush_source);
      g_clear_pointer (&conn->flush_source, g_source_unref);
    }

  if (conn->batch->len == 0 && conn->batch_cursor <= conn->flushed_cursor &&
      conn->skipped == 0 && conn->rejected == 0)
    return;

  /* Back-pressure: wait for the main context to take what it has. */
  g_mutex_lock (&conn->lock);
  while (conn->pending >= MAX_PENDING_BATCHES && !conn->stopping)
    g_cond_wait (&conn->cond, &conn->lock);
  conn->pending++;
  g_mutex_unlock (&conn->lock);

  delivery = g_new0 (Delivery, 1);
  delivery->kind = DELIVER_BATCH;
  delivery->posts = g_steal_pointer (&conn->batch);
  delivery->cursor = conn->batch_cursor > conn->flushed_cursor ? conn->batch_cursor : -1;
  delivery->skipped = conn->skipped;
  delivery->rejected = conn->rejected;
  conn->batch = g_ptr_array_new_with_free_func (g_object_unref);
  conn->flushed_cursor = MAX (conn->flushed_cursor, conn->batch_cursor);
  conn->skipped = 0;
  conn->rejected = 0;

  deliver (conn, delivery);
}

static void
fail_full (VigilJetstreamConnection *conn,
           const char               *message,
           gboolean                  permanent,
           guint                     retry_after)
{
  Delivery *delivery;

  if (conn->failed)
    return;
  conn->failed = TRUE;

  /* What arrived before the failure is good: hand it over first. */
  flush_batch (conn);

  delivery = g_new0 (Delivery, 1);
  delivery->kind = DELIVER_FAILED;
  delivery->message = g_strdup (message);
  delivery->permanent = permanent;
  delivery->retry_after = retry_after;
  deliver (conn, delivery);

  g_main_loop_quit (conn->loop);
}

static void
fail (VigilJetstreamConnection *conn,
      const char               *message)
{
  fail_full (conn, message, FALSE, 0);
}

static gboolean
flush_cb (gpointer data)
{
  VigilJetstreamConnection *conn = data;

  g_clear_pointer (&conn->flush_source, g_source_unref);
  flush_batch (conn);

  return G_SOURCE_REMOVE;
}

static GSource *
add_timeout (VigilJetstreamConnection *conn,
             guint                     ms,
             GSourceFunc               func)
{
  GSource *source = g_timeout_source_new (ms);

  g_source_set_callback (source, func, conn, NULL);
  g_source_attach (source, conn->ctx);

  return source;
}

static void
handle_line (VigilJetstreamConnection *conn,
             const char               *line,
             gsize                     len)
{
  g_autoptr(GError) error = NULL;
  VigilPost *post;
  gint64 time_us;

  /* one read of the line: the post, its time_us for the cursor, and the
   * line itself as the archived raw payload */
  post = vigil_jetstream_parse_event_full (line, len, &time_us, &error);

  if (error)
    {
      conn->rejected++;
      conn->bad_in_a_row++;
      g_debug ("%s: rejected an event: %s", conn->endpoint, error->message);
      if (conn->bad_in_a_row >= MAX_BAD_IN_A_ROW)
        {
          g_autofree char *message =
            g_strdup_printf (_("%s sends data that is not Jetstream events (%s). Check the address."),
                             conn->endpoint, error->message);
          fail (conn, message);
        }
      return;
    }

  conn->bad_in_a_row = 0;
  if (time_us > conn->batch_cursor)
    conn->batch_cursor = time_us;

  if (!post)
    conn->skipped++;  /* identity, account, or a collection we did not ask for */
  else
    g_ptr_array_add (conn->batch, post);

  if (conn->batch->len >= conn->options.batch_size)
    flush_batch (conn);
  else if (!conn->flush_source)
    conn->flush_source = add_timeout (conn, conn->options.batch_interval_ms, flush_cb);
}

static void
on_message_cb (SoupWebsocketConnection *ws,
               int                      type,
               GBytes                  *message,
               gpointer                 data)
{
  VigilJetstreamConnection *conn = data;
  gsize len;
  const char *bytes = g_bytes_get_data (message, &len);

  if (conn->failed || g_atomic_int_get (&conn->stopping))
    return;

  conn->last_message_at = g_get_monotonic_time ();
  handle_line (conn, bytes ? bytes : "", len);
}

static void
on_error_cb (SoupWebsocketConnection *ws,
             GError                  *error,
             gpointer                 data)
{
  VigilJetstreamConnection *conn = data;

  g_debug ("%s: websocket error: %s", conn->endpoint, error->message);
  if (!conn->close_reason)
    conn->close_reason = vigil_http_describe_error (error, conn->endpoint);
}

static void
on_closed_cb (SoupWebsocketConnection *ws,
              gpointer                 data)
{
  VigilJetstreamConnection *conn = data;
  g_autofree char *message = NULL;
  guint16 code = soup_websocket_connection_get_close_code (ws);
  const char *text = soup_websocket_connection_get_close_data (ws);

  if (conn->close_reason)
    message = g_strdup_printf (_("The connection to %s was lost: %s"),
                               conn->endpoint, conn->close_reason);
  else if (code != 0)
    message = g_strdup_printf (_("%s closed the connection (code %u%s%s)."),
                               conn->endpoint, code, text && *text ? ": " : "", text ? text : "");
  else
    message = g_strdup_printf (_("The connection to %s was lost."), conn->endpoint);

  fail (conn, message);
}

static gboolean
idle_check_cb (gpointer data)
{
  VigilJetstreamConnection *conn = data;
  gint64 quiet_ms = (g_get_monotonic_time () - conn->last_message_at) / 1000;

  if (quiet_ms >= conn->options.idle_timeout_ms)
    {
      g_autofree char *message =
        g_strdup_printf (_("%s sent nothing for %.1f seconds; reconnecting."),
                         conn->endpoint, conn->options.idle_timeout_ms / 1000.0);
      fail (conn, message);
    }

  return G_SOURCE_CONTINUE;
}

static gboolean
connect_timeout_cb (gpointer data)
{
  VigilJetstreamConnection *conn = data;
  g_autofree char *message =
    g_strdup_printf (_("%s timed out while connecting. Vigil will try again."), conn->endpoint);

  fail (conn, message);

  return G_SOURCE_REMOVE;
}

static void
websocket_connect_cb (GObject      *object,
                      GAsyncResult *result,
                      gpointer      data)
{
  VigilJetstreamConnection *conn = data;
  g_autoptr(GError) error = NULL;
  SoupWebsocketConnection *ws;
  Delivery *delivery;

  ws = soup_session_websocket_connect_finish (SOUP_SESSION (object), result, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED) || conn->failed)
    {
      g_clear_object (&ws);
      return;
    }

  if (!ws)
    {
      SoupMessage *msg = soup_session_get_async_result_message (SOUP_SESSION (object), result);
      guint status = msg ? soup_message_get_status (msg) : 0;
      g_autofree char *message = NULL;

      /* The server answered the handshake with an HTTP error. */
      if (status == 429 || status == 503)
        {
          const char *after = soup_message_headers_get_one (soup_message_get_response_headers (msg), "Retry-After");

          message = vigil_http_describe_status (status, soup_message_get_reason_phrase (msg), conn->endpoint);
          fail_full (conn, message, FALSE, vigil_http_parse_retry_after (after));
        }
      else if (status == 400 || status == 401 || status == 403 || status == 404 || status == 410)
        {
          message = vigil_http_describe_status (status, soup_message_get_reason_phrase (msg), conn->endpoint);
          fail_full (conn, message, TRUE, 0);
        }
      else
        {
          message = vigil_http_describe_error (error, conn->endpoint);
          fail (conn, message);
        }
      return;
    }

  if (conn->timeout_source)
    {
      g_source_destroy (conn->timeout_source);
      g_clear_pointer (&conn->timeout_source, g_source_unref);
    }

  conn->ws = ws;
  soup_websocket_connection_set_max_incoming_payload_size (ws, conn->options.max_message_size);
  soup_websocket_connection_set_keepalive_interval (ws, conn->options.keepalive_s);
  g_signal_connect (ws, "message", G_CALLBACK (on_message_cb), conn);
  g_signal_connect (ws, "error", G_CALLBACK (on_error_cb), conn);
  g_signal_connect (ws, "closed", G_CALLBACK (on_closed_cb), conn);

  conn->last_message_at = g_get_monotonic_time ();
  if (conn->options.idle_timeout_ms > 0)
    conn->idle_source = add_timeout (conn, MAX (conn->options.idle_timeout_ms / 4, 50), idle_check_cb);

  delivery = g_new0 (Delivery, 1);
  delivery->kind = DELIVER_LIVE;
  deliver (conn, delivery);
}

static void
destroy_source (GSource **source)
{
  if (*source)
    {
      g_source_destroy (*source);
      g_clear_pointer (source, g_source_unref);
    }
}

static gpointer
reader_main (gpointer data)
{
  VigilJetstreamConnection *conn = data;
  g_autoptr(SoupMessage) msg = NULL;

  g_main_context_push_thread_default (conn->ctx);

  conn->cancellable = g_cancellable_new ();
  conn->session = soup_session_new_with_options ("user-agent", "Vigil/" PACKAGE_VERSION, NULL);
  msg = soup_message_new ("GET", conn->url);

  if (!msg)
    {
      g_autofree char *message = g_strdup_printf (_("“%s” is not a valid address."), conn->endpoint);
      fail (conn, message);
    }
  else
    {
      if (conn->options.connect_timeout_ms > 0)
        conn->timeout_source = add_timeout (conn, conn->options.connect_timeout_ms, connect_timeout_cb);
      soup_session_websocket_connect_async (conn->session, msg, NULL, NULL, G_PRIORITY_DEFAULT,
                                            conn->cancellable, websocket_connect_cb, conn);
      g_main_loop_run (conn->loop);
    }

  /* Tear down in this thread, where everything was made. */
  destroy_source (&conn->timeout_source);
  destroy_source (&conn->idle_source);
  g_cancellable_cancel (conn->cancellable);
  if (conn->ws)
    {
      g_signal_handlers_disconnect_by_data (conn->ws, conn);
      if (soup_websocket_connection_get_state (conn->ws) == SOUP_WEBSOCKET_STATE_OPEN)
        soup_websocket_connection_close (conn->ws, SOUP_WEBSOCKET_CLOSE_NORMAL, NULL);
    }
  flush_batch (conn);
  destroy_source (&conn->flush_source);

  /* Let cancelled operations and the close frame go out. */
  for (guint i = 0; i < 100 && g_main_context_iteration (conn->ctx, FALSE); i++)
    ;

  g_clear_object (&conn->ws);
  g_clear_object (&conn->session);
  g_clear_object (&conn->cancellable);

  while (g_main_context_iteration (conn->ctx, FALSE))
    ;
  g_main_context_pop_thread_default (conn->ctx);

  conn_unref (conn);

  return NULL;
}

VigilJetstreamConnection *
_vigil_jetstream_connection_start (const char                    *url,
                                   const char                    *endpoint,
                                   const VigilJetstreamOptions   *options,
                                   const VigilJetstreamCallbacks *callbacks,
                                   GObject                       *owner)
{
  VigilJetstreamConnection *conn = g_new0 (VigilJetstreamConnection, 1);

  g_atomic_ref_count_init (&conn->ref);
  conn->url = g_strdup (url);
  conn->endpoint = g_strdup (endpoint);
  conn->options = *options;
  conn->options.batch_size = MAX (conn->options.batch_size, 1);
  conn->options.batch_interval_ms = MAX (conn->options.batch_interval_ms, 1);
  conn->callbacks = *callbacks;
  g_weak_ref_init (&conn->owner, owner);
  conn->main_ctx = g_main_context_ref_thread_default ();
  conn->ctx = g_main_context_new ();
  conn->loop = g_main_loop_new (conn->ctx, FALSE);
  conn->batch = g_ptr_array_new_with_free_func (g_object_unref);
  conn->batch_cursor = -1;
  conn->flushed_cursor = -1;
  g_mutex_init (&conn->lock);
  g_cond_init (&conn->cond);

  /* The thread owns one reference; it is never joined. */
  g_thread_unref (g_thread_new ("vigil-jetstream", reader_main, conn_ref (conn)));

  return conn;
}

static gboolean
quit_reader_cb (gpointer data)
{
  VigilJetstreamConnection *conn = data;

  g_cancellable_cancel (conn->cancellable);
  g_main_loop_quit (conn->loop);

  return G_SOURCE_REMOVE;
}

void
_vigil_jetstream_connection_stop (VigilJetstreamConnection *conn)
{
  GSource *source;

  g_return_if_fail (conn != NULL);

  conn->stopped = TRUE;

  g_mutex_lock (&conn->lock);
  g_atomic_int_set (&conn->stopping, TRUE);
  g_cond_broadcast (&conn->cond);
  g_mutex_unlock (&conn->lock);

  source = g_idle_source_new ();
  g_source_set_priority (source, G_PRIORITY_HIGH);
  g_source_set_callback (source, quit_reader_cb, conn_ref (conn), (GDestroyNotify) conn_unref);
  g_source_attach (source, conn->ctx);
  g_source_unref (source);

  conn_unref (conn);
}

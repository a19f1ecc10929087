/* vigil-test-server.c: a local protocol fixture server for tests and benchmarks
 *
 * Everything that touches the SoupServer runs in the server thread; the
 * public setters only change the path table under the lock (or, for
 * websocket handlers and SSE pushes, queue a call into the server thread).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "vigil-test-server"

#include "config.h"

#include <string.h>

#include <json-glib/json-glib.h>

#include "vigil-test-server-private.h"

#define FILLER_CHUNK    (64 * 1024)

typedef struct
{
  VigilTestServer *server;
  GIOStream       *stream;
  GBytes          *head;
  guint64          remaining;   /* filler bytes still to send */
  guint            interval_ms; /* slow loris */
  GBytes          *filler;
  GBytes          *current;     /* being written */
} RawWriter;

/* ---- helpers ---- */

static void
path_entry_free (PathEntry *entry)
{
  g_free (entry->path);
  g_free (entry->content_type);
  g_clear_pointer (&entry->body, g_bytes_unref);
  g_free (entry->etag);
  g_clear_pointer (&entry->last_modified, g_date_time_unref);
  g_free (entry->location);
  if (entry->handler_destroy)
    entry->handler_destroy (entry->handler_data);
  g_clear_pointer (&entry->statuses, g_ptr_array_unref);
  g_free (entry->sse_script);
  g_free (entry->last_cursor);
  g_clear_pointer (&entry->last_headers, g_hash_table_unref);
  g_free (entry);
}

/* Called with the lock held. */
PathEntry *
_vigil_test_server_ensure_entry (VigilTestServer *server,
              const char      *path)
{
  PathEntry *entry = g_hash_table_lookup (server->paths, path);

  if (!entry)
    {
      entry = g_new0 (PathEntry, 1);
      entry->path = g_strdup (path);
      g_hash_table_insert (server->paths, entry->path, entry);
    }

  return entry;
}

FaultShot
_vigil_test_server_take_fault (PathEntry *entry)
{
  FaultShot shot = { entry->fault, entry->fault_param, entry->fault_param2 };

  if (entry->fault != VIGIL_TEST_FAULT_NONE && entry->fault_times > 0)
    {
      if (--entry->fault_times == 0)
        entry->fault = VIGIL_TEST_FAULT_NONE;
    }

  return shot;
}

typedef struct
{
  GSourceFunc func;
  gpointer    data;
  gboolean    done;
  GMutex     *lock;
  GCond      *cond;
} SyncCall;

static gboolean
sync_call_cb (gpointer user_data)
{
  SyncCall *call = user_data;

  call->func (call->data);
  g_mutex_lock (call->lock);
  call->done = TRUE;
  g_cond_broadcast (call->cond);
  g_mutex_unlock (call->lock);

  return G_SOURCE_REMOVE;
}

/* Run func in the server thread and wait for it. */
void
_vigil_test_server_run (VigilTestServer *server,
               GSourceFunc      func,
               gpointer         data)
{
  SyncCall call = { func, data, FALSE, &server->lock, &server->cond };
  GSource *source = g_idle_source_new ();

  g_source_set_callback (source, sync_call_cb, &call, NULL);
  g_source_attach (source, server->context);
  g_source_unref (source);

  g_mutex_lock (&server->lock);
  while (!call.done)
    g_cond_wait (&server->cond, &server->lock);
  g_mutex_unlock (&server->lock);
}

static GSource *
server_timeout_add (VigilTestServer *server,
                    guint            ms,
                    GSourceFunc      func,
                    gpointer         data,
                    GDestroyNotify   destroy)
{
  GSource *source = g_timeout_source_new (ms);

  g_source_set_callback (source, func, data, destroy);
  g_source_attach (source, server->context);

  return source;
}

static GBytes *
make_filler (void)
{
  GString *s = g_string_sized_new (FILLER_CHUNK);

  while (s->len + 64 <= FILLER_CHUNK)
    g_string_append (s, "<!-- vigil fixture filler: this body never ends on time. -->\n");
  while (s->len < FILLER_CHUNK)
    g_string_append_c (s, '\n');

  return g_string_free_to_bytes (s);
}

void
_vigil_test_server_hard_close (GIOStream *stream)
{
  if (G_IS_SOCKET_CONNECTION (stream))
    {
      GSocket *socket = g_socket_connection_get_socket (G_SOCKET_CONNECTION (stream));
      g_socket_shutdown (socket, TRUE, TRUE, NULL);
    }
  else
    g_io_stream_close (stream, NULL, NULL);
}

/* ---- raw writers (faults on stolen connections) ---- */

static void
raw_writer_free (RawWriter *writer)
{
  g_clear_object (&writer->stream);
  g_clear_pointer (&writer->head, g_bytes_unref);
  g_clear_pointer (&writer->filler, g_bytes_unref);
  g_clear_pointer (&writer->current, g_bytes_unref);
  g_free (writer);
}

static void
raw_writer_finish (RawWriter *writer)
{
  _vigil_test_server_hard_close (writer->stream);
  g_ptr_array_remove (writer->server->raw_streams, writer->stream);
  raw_writer_free (writer);
}

static void raw_writer_continue (RawWriter *writer);

static void
raw_write_cb (GObject      *object,
              GAsyncResult *result,
              gpointer      user_data)
{
  RawWriter *writer = user_data;
  g_autoptr(GError) error = NULL;

  g_clear_pointer (&writer->current, g_bytes_unref);

  if (!g_output_stream_write_all_finish (G_OUTPUT_STREAM (object), result, NULL, &error))
    {
      /* The client went away (as it should, when it caps a huge body), or
       * the server is shutting down. */
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        raw_writer_finish (writer);
      else
        raw_writer_free (writer);
      return;
    }

  raw_writer_continue (writer);
}

static void
raw_write (RawWriter *writer,
           GBytes    *bytes,
           gsize      len)
{
  GOutputStream *output = g_io_stream_get_output_stream (writer->stream);

  /* write_all_async does not copy: `current` keeps the data alive. */
  writer->current = bytes;
  g_output_stream_write_all_async (output, g_bytes_get_data (bytes, NULL), len,
                                   G_PRIORITY_DEFAULT, writer->server->cancellable,
                                   raw_write_cb, writer);
}

static gboolean
raw_loris_cb (gpointer user_data)
{
  RawWriter *writer = user_data;

  if (g_cancellable_is_cancelled (writer->server->cancellable))
    {
      raw_writer_free (writer);
      return G_SOURCE_REMOVE;
    }

  raw_write (writer, g_bytes_new_static ("x", 1), 1);

  return G_SOURCE_REMOVE;
}

static void
raw_writer_continue (RawWriter *writer)
{
  if (writer->head)
    {
      GBytes *head = g_steal_pointer (&writer->head);

      raw_write (writer, head, g_bytes_get_size (head));
      return;
    }

  if (writer->interval_ms > 0)
    {
      GSource *source = server_timeout_add (writer->server, writer->interval_ms,
                                            raw_loris_cb, writer, NULL);
      g_source_unref (source);
      return;
    }

  if (writer->remaining > 0 && writer->filler)
    {
      gsize len = (gsize) MIN (g_bytes_get_size (writer->filler), writer->remaining);

      writer->remaining -= len;
      raw_write (writer, g_bytes_ref (writer->filler), len);
      return;
    }

  raw_writer_finish (writer);
}

static void
start_raw (VigilTestServer   *server,
           SoupServerMessage *msg,
           GBytes            *head,
           GBytes            *filler,
           guint64            filler_bytes,
           guint              interval_ms,
           gboolean           stall)
{
  GIOStream *stream = soup_server_message_steal_connection (msg);
  RawWriter *writer;

  g_ptr_array_add (server->raw_streams, stream);  /* owns the ref */
  if (stall)
    return;

  writer = g_new0 (RawWriter, 1);
  writer->server = server;
  writer->stream = g_object_ref (stream);
  writer->head = head ? g_bytes_ref (head) : NULL;
  writer->filler = filler ? g_bytes_ref (filler) : NULL;
  writer->remaining = filler_bytes;
  writer->interval_ms = interval_ms;
  raw_writer_continue (writer);
}

/* ---- HTTP ---- */

static void
record_request (PathEntry         *entry,
                SoupServerMessage *msg)
{
  SoupMessageHeaders *headers = soup_server_message_get_request_headers (msg);
  SoupMessageHeadersIter iter;
  const char *name, *value;

  entry->requests++;
  g_clear_pointer (&entry->last_headers, g_hash_table_unref);
  entry->last_headers = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  soup_message_headers_iter_init (&iter, headers);
  while (soup_message_headers_iter_next (&iter, &name, &value))
    g_hash_table_insert (entry->last_headers, g_ascii_strdown (name, -1), g_strdup (value));
}

static void
add_rate_limit_headers (PathEntry         *entry,
                        SoupServerMessage *msg)
{
  g_autoptr(GDateTime) reset = NULL;

  if (entry->rl_limit == 0)
    return;

  reset = g_date_time_new_from_unix_utc (entry->rl_window_end / G_USEC_PER_SEC);
  vigil_test_server_reply_rate_limit (msg, entry->rl_limit, entry->rl_remaining, reset);
}

/* Returns TRUE when the request was answered with 429. Lock held. */
static gboolean
apply_rate_limit (PathEntry         *entry,
                  SoupServerMessage *msg)
{
  gint64 now = g_get_real_time ();

  if (entry->rl_limit == 0)
    return FALSE;

  if (now >= entry->rl_window_end)
    {
      entry->rl_window_end = now + (gint64) entry->rl_reset_s * G_USEC_PER_SEC;
      entry->rl_remaining = entry->rl_limit;
    }

  if (entry->rl_remaining == 0)
    {
      g_autofree char *after =
        g_strdup_printf ("%" G_GINT64_FORMAT,
                         MAX ((entry->rl_window_end - now + G_USEC_PER_SEC - 1) / G_USEC_PER_SEC, 1));
      add_rate_limit_headers (entry, msg);
      soup_message_headers_replace (soup_server_message_get_response_headers (msg),
                                    "Retry-After", after);
      vigil_test_server_reply_json (msg, 429, "{\"error\":\"Too many requests\"}");
      return TRUE;
    }

  entry->rl_remaining--;
  return FALSE;
}

static void
serve_content (PathEntry         *entry,
               SoupServerMessage *msg,
               gboolean           wrong_type)
{
  SoupMessageHeaders *req = soup_server_message_get_request_headers (msg);
  SoupMessageHeaders *resp = soup_server_message_get_response_headers (msg);
  const char *inm = soup_message_headers_get_one (req, "If-None-Match");
  const char *ims = soup_message_headers_get_one (req, "If-Modified-Since");
  g_autofree char *last_modified = NULL;
  gboolean not_modified = FALSE;

  if (entry->last_modified)
    last_modified = soup_date_time_to_string (entry->last_modified, SOUP_DATE_HTTP);

  soup_message_headers_replace (resp, "ETag", entry->etag);
  if (last_modified)
    soup_message_headers_replace (resp, "Last-Modified", last_modified);

  if (inm)
    not_modified = g_strcmp0 (inm, entry->etag) == 0;
  else if (ims && entry->last_modified)
    {
      g_autoptr(GDateTime) since = soup_date_time_new_from_http_string (ims);

      not_modified = since && g_date_time_compare (entry->last_modified, since) <= 0;
    }

  if (not_modified)
    {
      entry->not_modified++;
      soup_server_message_set_status (msg, SOUP_STATUS_NOT_MODIFIED, NULL);
      return;
    }

  vigil_test_server_reply_bytes (msg, SOUP_STATUS_OK,
                                 wrong_type ? "application/octet-stream" : entry->content_type,
                                 entry->body);
}

static void
sse_client_free (SseClient *client)
{
  g_signal_handlers_disconnect_by_data (client->msg, client);
  g_clear_object (&client->msg);
  g_free (client->path);
  g_free (client);
}

static void
sse_finished_cb (SoupServerMessage *msg,
                 SseClient         *client)
{
  g_ptr_array_remove (client->server->sse_clients, client);
}

static void
sse_drop (SseClient *client)
{
  GSocket *socket = soup_server_message_get_socket (client->msg);

  if (socket)
    g_socket_shutdown (socket, TRUE, TRUE, NULL);
}

static void
serve_sse (VigilTestServer   *server,
           PathEntry         *entry,
           SoupServerMessage *msg,
           FaultShot          shot)
{
  SoupMessageHeaders *resp = soup_server_message_get_response_headers (msg);
  SoupMessageBody *body = soup_server_message_get_response_body (msg);
  SseClient *client;

  entry->connections++;
  soup_server_message_set_status (msg, SOUP_STATUS_OK, NULL);
  soup_message_headers_set_encoding (resp, SOUP_ENCODING_CHUNKED);
  soup_message_headers_replace (resp, "Content-Type", "text/event-stream");
  soup_message_headers_replace (resp, "Cache-Control", "no-cache");

  client = g_new0 (SseClient, 1);
  client->server = server;
  client->msg = g_object_ref (msg);
  client->path = g_strdup (entry->path);
  if (shot.fault == VIGIL_TEST_FAULT_DROP)
    client->drop_after = MAX (shot.param, 1);

  if (shot.fault == VIGIL_TEST_FAULT_GARBAGE)
    soup_message_body_append (body, SOUP_MEMORY_STATIC, "\xfe\xff garbage\0\n:\n\ndata", 18);
  if (entry->sse_script && shot.fault != VIGIL_TEST_FAULT_STALL)
    soup_message_body_append (body, SOUP_MEMORY_COPY, entry->sse_script, strlen (entry->sse_script));
  else
    soup_message_body_append (body, SOUP_MEMORY_STATIC, ":ok\n\n", 5);

  g_signal_connect (msg, "finished", G_CALLBACK (sse_finished_cb), client);
  g_signal_connect (msg, "disconnected", G_CALLBACK (sse_finished_cb), client);
  g_ptr_array_add (server->sse_clients, client);
}

static void
http_cb (SoupServer        *soup,
         SoupServerMessage *msg,
         const char        *path,
         GHashTable        *query,
         gpointer           user_data)
{
  VigilTestServer *server = user_data;
  PathEntry *entry;
  FaultShot shot;
  VigilTestServerHandler handler = NULL;
  gpointer handler_data = NULL;
  g_autoptr(GBytes) body = NULL;
  g_autofree char *content_type = NULL;

  g_mutex_lock (&server->lock);
  entry = g_hash_table_lookup (server->paths, path);
  if (!entry)
    {
      g_mutex_unlock (&server->lock);
      vigil_test_server_reply_json (msg, SOUP_STATUS_NOT_FOUND, "{\"error\":\"Record not found\"}");
      return;
    }

  record_request (entry, msg);
  shot = _vigil_test_server_take_fault (entry);
  if (entry->body)
    body = g_bytes_ref (entry->body);
  content_type = g_strdup (entry->content_type ? entry->content_type : "application/json");

  switch (shot.fault)
    {
    case VIGIL_TEST_FAULT_STATUS:
      {
        guint status = shot.param ? (guint) shot.param : SOUP_STATUS_SERVICE_UNAVAILABLE;

        add_rate_limit_headers (entry, msg);
        g_mutex_unlock (&server->lock);
        if (shot.param2 > 0)
          {
            g_autofree char *after = g_strdup_printf ("%" G_GUINT64_FORMAT, shot.param2);
            soup_message_headers_replace (soup_server_message_get_response_headers (msg),
                                          "Retry-After", after);
          }
        vigil_test_server_reply_json (msg, status, "{\"error\":\"Injected failure\"}");
        return;
      }

    case VIGIL_TEST_FAULT_REDIRECT_LOOP:
      {
        const char *hop = query ? g_hash_table_lookup (query, "hop") : NULL;
        guint n = hop ? (guint) g_ascii_strtoull (hop, NULL, 10) : 0;
        g_autofree char *location = g_strdup_printf ("%s?hop=%u", path, (n + 1) % 4);

        /* Put the fault back: a loop must keep looping. */
        if (entry->fault == VIGIL_TEST_FAULT_NONE && entry->fault_times == 0)
          {
            entry->fault = shot.fault;
            entry->fault_times = 1;
          }
        g_mutex_unlock (&server->lock);
        soup_server_message_set_redirect (msg, SOUP_STATUS_FOUND, location);
        return;
      }

    case VIGIL_TEST_FAULT_GARBAGE:
      {
        gsize n = shot.param ? (gsize) MIN (shot.param, 16 * 1024 * 1024) : 4096;
        guint8 *junk = g_malloc (n);
        g_autoptr(GBytes) bytes = NULL;

        g_mutex_unlock (&server->lock);
        for (gsize i = 0; i < n; i++)
          junk[i] = (guint8) g_random_int_range (0, 256);
        bytes = g_bytes_new_take (junk, n);
        vigil_test_server_reply_bytes (msg, SOUP_STATUS_OK, content_type, bytes);
        return;
      }

    case VIGIL_TEST_FAULT_DROP:
    case VIGIL_TEST_FAULT_STALL:
    case VIGIL_TEST_FAULT_SLOW_LORIS:
    case VIGIL_TEST_FAULT_HUGE_BODY:
      if (entry->kind == KIND_SSE && shot.fault != VIGIL_TEST_FAULT_HUGE_BODY &&
          shot.fault != VIGIL_TEST_FAULT_SLOW_LORIS)
        break;  /* SSE handles these itself */
      {
        g_autoptr(GBytes) head = NULL;
        g_autoptr(GBytes) filler = NULL;
        guint64 filler_bytes = 0;
        guint interval = 0;
        gboolean stall = shot.fault == VIGIL_TEST_FAULT_STALL;

        g_mutex_unlock (&server->lock);
        if (shot.fault == VIGIL_TEST_FAULT_DROP)
          {
            gsize len = body ? g_bytes_get_size (body) : 0;
            gsize part = MIN ((gsize) shot.param, len);
            GString *s = g_string_new (NULL);

            g_string_append_printf (s, "HTTP/1.1 200 OK\r\nContent-Type: %s\r\n"
                                    "Content-Length: %" G_GSIZE_FORMAT "\r\nConnection: close\r\n\r\n",
                                    content_type, MAX (len, part + 1));
            if (part > 0)
              g_string_append_len (s, g_bytes_get_data (body, NULL), part);
            head = g_string_free_to_bytes (s);
          }
        else if (shot.fault == VIGIL_TEST_FAULT_SLOW_LORIS)
          {
            g_autofree char *text =
              g_strdup_printf ("HTTP/1.1 200 OK\r\nContent-Type: %s\r\n"
                               "Content-Length: 1000000\r\nConnection: close\r\n\r\n", content_type);
            head = g_bytes_new (text, strlen (text));
            interval = shot.param ? (guint) shot.param : 1000;
          }
        else if (shot.fault == VIGIL_TEST_FAULT_HUGE_BODY)
          {
            g_autofree char *text =
              g_strdup_printf ("HTTP/1.1 200 OK\r\nContent-Type: %s\r\nConnection: close\r\n\r\n",
                               content_type);
            head = g_bytes_new (text, strlen (text));
            filler = make_filler ();
            filler_bytes = shot.param ? shot.param : 100 * 1024 * 1024;
          }
        start_raw (server, msg, head, filler, filler_bytes, interval, stall);
        return;
      }

    default:
      break;
    }

  if (apply_rate_limit (entry, msg))
    {
      g_mutex_unlock (&server->lock);
      return;
    }
  add_rate_limit_headers (entry, msg);

  switch (entry->kind)
    {
    case KIND_CONTENT:
      serve_content (entry, msg, shot.fault == VIGIL_TEST_FAULT_WRONG_CONTENT_TYPE);
      break;
    case KIND_REDIRECT:
      soup_server_message_set_redirect (msg, entry->redirect_status, entry->location);
      break;
    case KIND_MASTODON:
      _vigil_test_server_serve_mastodon (server, entry, msg, query);
      break;
    case KIND_SSE:
      serve_sse (server, entry, msg, shot);
      break;
    case KIND_HANDLER:
      handler = entry->handler;
      handler_data = entry->handler_data;
      break;
    case KIND_JETSTREAM:
      vigil_test_server_reply_json (msg, SOUP_STATUS_BAD_REQUEST, "{\"error\":\"websocket only\"}");
      break;
    case KIND_NONE:
    default:
      vigil_test_server_reply_json (msg, SOUP_STATUS_NOT_FOUND, "{\"error\":\"Record not found\"}");
      break;
    }
  g_mutex_unlock (&server->lock);

  /* Handlers run without the lock so they may call the public setters. */
  if (handler)
    handler (server, msg, path, query, handler_data);
}

/* ---- thread ---- */

static gpointer
server_thread (gpointer user_data)
{
  VigilTestServer *server = user_data;
  g_autoptr(GError) error = NULL;
  GSList *uris;
  g_autoptr(GInetAddress) loopback = g_inet_address_new_loopback (G_SOCKET_FAMILY_IPV4);
  g_autoptr(GSocketAddress) address = g_inet_socket_address_new (loopback, 0);

  g_main_context_push_thread_default (server->context);

  server->soup = soup_server_new ("server-header", "vigil-fixture ", NULL);
  soup_server_remove_websocket_extension (server->soup, SOUP_TYPE_WEBSOCKET_EXTENSION_DEFLATE);
  soup_server_add_handler (server->soup, NULL, http_cb, server, NULL);

  if (!soup_server_listen (server->soup, address, 0, &error))
    g_error ("fixture server: cannot listen on 127.0.0.1: %s", error->message);

  uris = soup_server_get_uris (server->soup);
  g_assert (uris != NULL);
  server->port = (guint16) g_uri_get_port (uris->data);
  g_slist_free_full (uris, (GDestroyNotify) g_uri_unref);
  server->base_url = g_strdup_printf ("http://127.0.0.1:%u", server->port);

  g_mutex_lock (&server->lock);
  server->ready = TRUE;
  g_cond_broadcast (&server->cond);
  g_mutex_unlock (&server->lock);

  g_main_loop_run (server->loop);

  /* Shutdown, in the server thread. */
  g_cancellable_cancel (server->cancellable);
  _vigil_test_server_jetstream_shutdown (server);
  for (guint i = 0; i < server->sse_clients->len; i++)
    sse_drop (g_ptr_array_index (server->sse_clients, i));
  g_ptr_array_set_size (server->sse_clients, 0);
  for (guint i = 0; i < server->raw_streams->len; i++)
    _vigil_test_server_hard_close (g_ptr_array_index (server->raw_streams, i));
  g_ptr_array_set_size (server->raw_streams, 0);

  soup_server_disconnect (server->soup);
  g_clear_object (&server->soup);

  /* Let pending callbacks (cancelled writes) run out. */
  while (g_main_context_iteration (server->context, FALSE))
    ;

  g_main_context_pop_thread_default (server->context);

  return NULL;
}

VigilTestServer *
vigil_test_server_new (void)
{
  VigilTestServer *server = g_new0 (VigilTestServer, 1);

  g_mutex_init (&server->lock);
  g_cond_init (&server->cond);
  server->context = g_main_context_new ();
  server->loop = g_main_loop_new (server->context, FALSE);
  server->cancellable = g_cancellable_new ();
  server->paths = g_hash_table_new_full (g_str_hash, g_str_equal, NULL,
                                         (GDestroyNotify) path_entry_free);
  server->raw_streams = g_ptr_array_new_with_free_func (g_object_unref);
  server->sse_clients = g_ptr_array_new_with_free_func ((GDestroyNotify) sse_client_free);
  server->js_clients = g_ptr_array_new_with_free_func ((GDestroyNotify) _vigil_test_server_js_client_free);

  server->thread = g_thread_new ("vigil-test-server", server_thread, server);

  g_mutex_lock (&server->lock);
  while (!server->ready)
    g_cond_wait (&server->cond, &server->lock);
  g_mutex_unlock (&server->lock);

  return server;
}

static gboolean
quit_cb (gpointer user_data)
{
  g_main_loop_quit (user_data);

  return G_SOURCE_REMOVE;
}

void
vigil_test_server_free (VigilTestServer *server)
{
  GSource *source;

  if (!server)
    return;

  source = g_idle_source_new ();
  g_source_set_callback (source, quit_cb, server->loop, NULL);
  g_source_attach (source, server->context);
  g_source_unref (source);
  g_thread_join (server->thread);

  g_ptr_array_unref (server->js_clients);
  g_ptr_array_unref (server->sse_clients);
  g_ptr_array_unref (server->raw_streams);
  g_hash_table_unref (server->paths);
  g_object_unref (server->cancellable);
  g_main_loop_unref (server->loop);
  g_main_context_unref (server->context);
  g_free (server->base_url);
  g_mutex_clear (&server->lock);
  g_cond_clear (&server->cond);
  g_free (server);
}

const char *
vigil_test_server_get_base_url (VigilTestServer *server)
{
  return server->base_url;
}

char *
vigil_test_server_get_url (VigilTestServer *server,
                           const char      *path)
{
  return g_strconcat (server->base_url, path, NULL);
}

char *
vigil_test_server_get_ws_url (VigilTestServer *server,
                              const char      *path)
{
  return g_strdup_printf ("ws://127.0.0.1:%u%s", server->port, path);
}

guint16
vigil_test_server_get_port (VigilTestServer *server)
{
  return server->port;
}

void
vigil_test_server_set_content (VigilTestServer *server,
                               const char      *path,
                               const char      *content_type,
                               GBytes          *body)
{
  PathEntry *entry;
  g_autofree char *hash = g_compute_checksum_for_bytes (G_CHECKSUM_SHA1, body);
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();

  g_mutex_lock (&server->lock);
  entry = _vigil_test_server_ensure_entry (server, path);
  entry->kind = KIND_CONTENT;
  g_free (entry->content_type);
  entry->content_type = g_strdup (content_type);
  g_clear_pointer (&entry->body, g_bytes_unref);
  entry->body = g_bytes_ref (body);
  g_free (entry->etag);
  entry->etag = g_strdup_printf ("\"%.16s\"", hash);
  /* HTTP dates have whole seconds; a change within the same second must
   * still look newer to If-Modified-Since. */
  if (entry->last_modified && g_date_time_to_unix (entry->last_modified) >= g_date_time_to_unix (now))
    {
      GDateTime *later = g_date_time_add_seconds (entry->last_modified, 1);
      g_date_time_unref (entry->last_modified);
      entry->last_modified = later;
    }
  else
    {
      g_clear_pointer (&entry->last_modified, g_date_time_unref);
      entry->last_modified = g_date_time_new_from_unix_utc (g_date_time_to_unix (now));
    }
  g_mutex_unlock (&server->lock);
}

void
vigil_test_server_set_fixture (VigilTestServer *server,
                               const char      *path,
                               const char      *content_type,
                               const char      *relative)
{
  const char *dir = g_getenv ("VIGIL_TEST_FIXTURES");
  g_autofree char *file = NULL;
  g_autoptr(GError) error = NULL;
  char *contents = NULL;
  gsize len = 0;
  g_autoptr(GBytes) bytes = NULL;

  if (!dir)
    g_error ("VIGIL_TEST_FIXTURES is not set");
  file = g_build_filename (dir, relative, NULL);
  if (!g_file_get_contents (file, &contents, &len, &error))
    g_error ("fixture %s: %s", file, error->message);
  bytes = g_bytes_new_take (contents, len);
  vigil_test_server_set_content (server, path, content_type, bytes);
}

void
vigil_test_server_set_redirect (VigilTestServer *server,
                                const char      *path,
                                guint            status,
                                const char      *location)
{
  PathEntry *entry;

  g_mutex_lock (&server->lock);
  entry = _vigil_test_server_ensure_entry (server, path);
  entry->kind = KIND_REDIRECT;
  entry->redirect_status = status;
  g_free (entry->location);
  entry->location = g_strdup (location);
  g_mutex_unlock (&server->lock);
}

void
vigil_test_server_add_handler (VigilTestServer       *server,
                               const char            *path,
                               VigilTestServerHandler handler,
                               gpointer               user_data,
                               GDestroyNotify         destroy)
{
  PathEntry *entry;

  g_mutex_lock (&server->lock);
  entry = _vigil_test_server_ensure_entry (server, path);
  if (entry->handler_destroy)
    entry->handler_destroy (entry->handler_data);
  entry->kind = KIND_HANDLER;
  entry->handler = handler;
  entry->handler_data = user_data;
  entry->handler_destroy = destroy;
  g_mutex_unlock (&server->lock);
}

void
vigil_test_server_add_sse (VigilTestServer *server,
                           const char      *path,
                           const char      *script)
{
  PathEntry *entry;

  g_mutex_lock (&server->lock);
  entry = _vigil_test_server_ensure_entry (server, path);
  entry->kind = KIND_SSE;
  g_free (entry->sse_script);
  entry->sse_script = g_strdup (script);
  g_mutex_unlock (&server->lock);
}

typedef struct
{
  VigilTestServer *server;
  char            *path;
  char            *text;  /* NULL = drop */
} SseCall;

static gboolean
sse_call_cb (gpointer user_data)
{
  SseCall *call = user_data;
  g_autoptr(GPtrArray) targets = g_ptr_array_new ();

  for (guint i = 0; i < call->server->sse_clients->len; i++)
    {
      SseClient *client = g_ptr_array_index (call->server->sse_clients, i);
      if (g_str_equal (client->path, call->path))
        g_ptr_array_add (targets, client);
    }

  for (guint i = 0; i < targets->len; i++)
    {
      SseClient *client = g_ptr_array_index (targets, i);

      if (!call->text)
        {
          sse_drop (client);
          continue;
        }
      soup_message_body_append (soup_server_message_get_response_body (client->msg),
                                SOUP_MEMORY_COPY, call->text, strlen (call->text));
      soup_server_message_unpause (client->msg);
      client->events_sent++;
      if (client->drop_after > 0 && client->events_sent >= client->drop_after)
        sse_drop (client);
    }

  return G_SOURCE_REMOVE;
}

static void
sse_call_free (SseCall *call)
{
  g_free (call->path);
  g_free (call->text);
  g_free (call);
}

static void
queue_sse_call (VigilTestServer *server,
                const char      *path,
                char            *text)
{
  SseCall *call = g_new0 (SseCall, 1);

  call->server = server;
  call->path = g_strdup (path);
  call->text = text;
  g_main_context_invoke_full (server->context, G_PRIORITY_DEFAULT, sse_call_cb,
                              call, (GDestroyNotify) sse_call_free);
}

void
vigil_test_server_sse_send (VigilTestServer *server,
                            const char      *path,
                            const char      *event,
                            const char      *data)
{
  GString *s = g_string_new (NULL);
  g_auto(GStrv) lines = g_strsplit (data ? data : "", "\n", -1);

  if (event)
    g_string_append_printf (s, "event: %s\n", event);
  for (guint i = 0; lines[i]; i++)
    g_string_append_printf (s, "data: %s\n", lines[i]);
  g_string_append_c (s, '\n');

  queue_sse_call (server, path, g_string_free (s, FALSE));
}

void
vigil_test_server_sse_drop_all (VigilTestServer *server,
                                const char      *path)
{
  queue_sse_call (server, path, NULL);
}

void
vigil_test_server_set_fault (VigilTestServer *server,
                             const char      *path,
                             VigilTestFault   fault,
                             guint64          param,
                             guint64          param2,
                             guint            times)
{
  PathEntry *entry;

  g_mutex_lock (&server->lock);
  entry = _vigil_test_server_ensure_entry (server, path);
  entry->fault = fault;
  entry->fault_param = param;
  entry->fault_param2 = param2;
  entry->fault_times = fault == VIGIL_TEST_FAULT_NONE ? 0 : times;
  g_mutex_unlock (&server->lock);
}

guint
vigil_test_server_get_requests (VigilTestServer *server,
                                const char      *path)
{
  PathEntry *entry;
  guint n;

  g_mutex_lock (&server->lock);
  entry = g_hash_table_lookup (server->paths, path);
  n = entry ? entry->requests : 0;
  g_mutex_unlock (&server->lock);

  return n;
}

guint
vigil_test_server_get_connections (VigilTestServer *server,
                                   const char      *path)
{
  PathEntry *entry;
  guint n;

  g_mutex_lock (&server->lock);
  entry = g_hash_table_lookup (server->paths, path);
  n = entry ? entry->connections : 0;
  g_mutex_unlock (&server->lock);

  return n;
}

guint
vigil_test_server_get_not_modified (VigilTestServer *server,
                                    const char      *path)
{
  PathEntry *entry;
  guint n;

  g_mutex_lock (&server->lock);
  entry = g_hash_table_lookup (server->paths, path);
  n = entry ? entry->not_modified : 0;
  g_mutex_unlock (&server->lock);

  return n;
}

char *
vigil_test_server_get_last_cursor (VigilTestServer *server,
                                   const char      *path)
{
  PathEntry *entry;
  char *cursor;

  g_mutex_lock (&server->lock);
  entry = g_hash_table_lookup (server->paths, path);
  cursor = entry ? g_strdup (entry->last_cursor) : NULL;
  g_mutex_unlock (&server->lock);

  return cursor;
}

char *
vigil_test_server_get_last_header (VigilTestServer *server,
                                   const char      *path,
                                   const char      *header)
{
  PathEntry *entry;
  g_autofree char *key = g_ascii_strdown (header, -1);
  char *value = NULL;

  g_mutex_lock (&server->lock);
  entry = g_hash_table_lookup (server->paths, path);
  if (entry && entry->last_headers)
    value = g_strdup (g_hash_table_lookup (entry->last_headers, key));
  g_mutex_unlock (&server->lock);

  return value;
}

void
vigil_test_server_reply_json (SoupServerMessage *msg,
                              guint              status,
                              const char        *json)
{
  soup_server_message_set_status (msg, status, NULL);
  soup_server_message_set_response (msg, "application/json; charset=utf-8",
                                    SOUP_MEMORY_COPY, json, strlen (json));
}

void
vigil_test_server_reply_bytes (SoupServerMessage *msg,
                               guint              status,
                               const char        *content_type,
                               GBytes            *body)
{
  gsize len = 0;
  const char *data = body ? g_bytes_get_data (body, &len) : "";

  soup_server_message_set_status (msg, status, NULL);
  soup_server_message_set_response (msg, content_type, SOUP_MEMORY_COPY, data, len);
}

void
vigil_test_server_reply_link (SoupServerMessage *msg,
                              const char        *next,
                              const char        *prev)
{
  GString *s = g_string_new (NULL);

  if (next)
    g_string_append_printf (s, "<%s>; rel=\"next\"", next);
  if (prev)
    g_string_append_printf (s, "%s<%s>; rel=\"prev\"", s->len ? ", " : "", prev);
  if (s->len)
    soup_message_headers_replace (soup_server_message_get_response_headers (msg), "Link", s->str);
  g_string_free (s, TRUE);
}

void
vigil_test_server_reply_rate_limit (SoupServerMessage *msg,
                                    guint              limit,
                                    guint              remaining,
                                    GDateTime         *reset)
{
  SoupMessageHeaders *headers = soup_server_message_get_response_headers (msg);
  g_autofree char *l = g_strdup_printf ("%u", limit);
  g_autofree char *r = g_strdup_printf ("%u", remaining);
  g_autofree char *t = reset ? g_date_time_format_iso8601 (reset) : NULL;

  soup_message_headers_replace (headers, "X-RateLimit-Limit", l);
  soup_message_headers_replace (headers, "X-RateLimit-Remaining", r);
  if (t)
    soup_message_headers_replace (headers, "X-RateLimit-Reset", t);
}

typedef struct
{
  gboolean done;
} WaitData;

static gboolean
wait_timeout_cb (gpointer user_data)
{
  ((WaitData *) user_data)->done = TRUE;

  return G_SOURCE_REMOVE;
}

gboolean
vigil_test_wait_until (gboolean (*condition) (gpointer user_data),
                       gpointer   user_data,
                       guint      timeout_ms)
{
  WaitData data = { FALSE };
  GMainContext *context = g_main_context_ref_thread_default ();
  GSource *timeout = g_timeout_source_new (timeout_ms);

  g_source_set_callback (timeout, wait_timeout_cb, &data, NULL);
  g_source_attach (timeout, context);

  while (!condition (user_data) && !data.done)
    g_main_context_iteration (context, TRUE);

  g_source_destroy (timeout);
  g_source_unref (timeout);
  g_main_context_unref (context);

  return condition (user_data);
}

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

#include "vigil-test-server.h"

#define JETSTREAM_BATCH 256
#define FILLER_CHUNK    (64 * 1024)

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
static PathEntry *
ensure_entry (VigilTestServer *server,
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

static FaultShot
take_fault (PathEntry *entry)
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
static void
run_in_server (VigilTestServer *server,
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

static int
compare_ids (const char *a,
             const char *b)
{
  gsize la = strlen (a), lb = strlen (b);

  /* Mastodon ids are decimal strings: longer is larger. */
  if (la != lb)
    return la < lb ? -1 : 1;

  return strcmp (a, b);
}

static const char *
status_id (JsonObject *status)
{
  JsonNode *node = json_object_get_member (status, "id");

  if (node && JSON_NODE_HOLDS_VALUE (node) && json_node_get_value_type (node) == G_TYPE_STRING)
    return json_node_get_string (node);

  return "";
}

static int
compare_statuses_desc (gconstpointer a,
                       gconstpointer b)
{
  JsonObject *sa = *(JsonObject **) a;
  JsonObject *sb = *(JsonObject **) b;

  return compare_ids (status_id (sb), status_id (sa));
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

/* ---- jetstream log ---- */

guint64
vigil_test_jetstream_count_creates (guint64               n_events,
                                    VigilTestJetstreamMix mix)
{
  guint64 count = 0;

  if (mix == VIGIL_TEST_JETSTREAM_CREATES)
    return n_events;

  for (guint64 i = 0; i < n_events; i++)
    {
      if (i % 10 == 3 || i % 10 == 5 || i % 50 == 7)
        continue;
      if (i % 10 == 8 && i >= 10)
        continue;
      if (i % 20 == 9 && i >= 20)
        continue;
      count++;
    }

  return count;
}

guint64
vigil_test_jetstream_count_post_events (guint64               n_events,
                                        VigilTestJetstreamMix mix)
{
  guint64 count = 0;

  if (mix == VIGIL_TEST_JETSTREAM_CREATES)
    return n_events;

  for (guint64 i = 0; i < n_events; i++)
    if (!(i % 10 == 3 || i % 10 == 5 || i % 50 == 7))
      count++;

  return count;
}

static void
append_did (GString *s,
            guint64  i)
{
  g_string_append_printf (s, "did:plc:fixture%" G_GUINT64_FORMAT, i % 97);
}

static void
append_created_at (GString *s,
                   gint64   time_us)
{
  g_autoptr(GDateTime) dt = g_date_time_new_from_unix_utc (time_us / G_USEC_PER_SEC);
  g_autofree char *text = g_date_time_format (dt, "%Y-%m-%dT%H:%M:%S");

  g_string_append_printf (s, "%s.%03dZ", text, (int) ((time_us / 1000) % 1000));
}

static void
append_commit (GString    *s,
               guint64     i,
               gint64      time_us,
               const char *operation,
               const char *collection,
               guint64     target)
{
  g_string_append (s, "{\"did\":\"");
  append_did (s, target);
  g_string_append_printf (s, "\",\"time_us\":%" G_GINT64_FORMAT ",\"kind\":\"commit\","
                          "\"commit\":{\"rev\":\"3lfix%" G_GUINT64_FORMAT "\","
                          "\"operation\":\"%s\",\"collection\":\"%s\","
                          "\"rkey\":\"r%" G_GUINT64_FORMAT "\"",
                          time_us, i, operation, collection, target);
  if (g_str_equal (operation, "delete"))
    {
      g_string_append (s, "}}");
      return;
    }

  if (g_str_equal (collection, "app.bsky.feed.like"))
    {
      g_string_append (s, ",\"record\":{\"$type\":\"app.bsky.feed.like\",\"createdAt\":\"");
      append_created_at (s, time_us);
      g_string_append_printf (s, "\",\"subject\":{\"cid\":\"bafyfixture\",\"uri\":\"at://did:plc:fixture1/app.bsky.feed.post/r%" G_GUINT64_FORMAT "\"}}"
                              ",\"cid\":\"bafylike%" G_GUINT64_FORMAT "\"}}", target, i);
      return;
    }

  g_string_append (s, ",\"record\":{\"$type\":\"app.bsky.feed.post\",\"createdAt\":\"");
  append_created_at (s, time_us);
  g_string_append_printf (s, "\",\"langs\":[\"en\"],\"text\":\"%s fixture post %" G_GUINT64_FORMAT
                          " about #kettles and the weather\"}"
                          ",\"cid\":\"bafypost%" G_GUINT64_FORMAT "\"}}",
                          g_str_equal (operation, "update") ? "Edited" : "Synthetic",
                          target, i);
}

char *
vigil_test_jetstream_event (guint64               i,
                            gint64                time_us,
                            VigilTestJetstreamMix mix)
{
  GString *s = g_string_sized_new (400);

  if (mix == VIGIL_TEST_JETSTREAM_MIXED)
    {
      if (i % 10 == 3)
        {
          append_commit (s, i, time_us, "create", "app.bsky.feed.like", i);
          return g_string_free (s, FALSE);
        }
      if (i % 10 == 5)
        {
          g_string_append (s, "{\"did\":\"");
          append_did (s, i);
          g_string_append_printf (s, "\",\"time_us\":%" G_GINT64_FORMAT ",\"kind\":\"identity\","
                                  "\"identity\":{\"did\":\"", time_us);
          append_did (s, i);
          g_string_append_printf (s, "\",\"handle\":\"fixture%" G_GUINT64_FORMAT ".bsky.social\","
                                  "\"seq\":%" G_GUINT64_FORMAT ",\"time\":\"", i % 97, i);
          append_created_at (s, time_us);
          g_string_append (s, "\"}}");
          return g_string_free (s, FALSE);
        }
      if (i % 50 == 7)
        {
          g_string_append (s, "{\"did\":\"");
          append_did (s, i);
          g_string_append_printf (s, "\",\"time_us\":%" G_GINT64_FORMAT ",\"kind\":\"account\","
                                  "\"account\":{\"active\":true,\"did\":\"", time_us);
          append_did (s, i);
          g_string_append_printf (s, "\",\"seq\":%" G_GUINT64_FORMAT ",\"time\":\"", i);
          append_created_at (s, time_us);
          g_string_append (s, "\"}}");
          return g_string_free (s, FALSE);
        }
      if (i % 10 == 8 && i >= 10)
        {
          append_commit (s, i, time_us, "update", "app.bsky.feed.post", i - 4);
          return g_string_free (s, FALSE);
        }
      if (i % 20 == 9 && i >= 20)
        {
          append_commit (s, i, time_us, "delete", "app.bsky.feed.post", i - 8);
          return g_string_free (s, FALSE);
        }
    }

  append_commit (s, i, time_us, "create", "app.bsky.feed.post", i);
  return g_string_free (s, FALSE);
}

static gboolean
js_event_wanted (JsClient *client,
                 guint64   i)
{
  const char *collection = "app.bsky.feed.post";
  guint64 target = i;
  gboolean is_commit = TRUE;

  if (client->mix == VIGIL_TEST_JETSTREAM_MIXED)
    {
      if (i % 10 == 3)
        collection = "app.bsky.feed.like";
      else if (i % 10 == 5 || i % 50 == 7)
        is_commit = FALSE;
      else if (i % 10 == 8 && i >= 10)
        target = i - 4;
      else if (i % 20 == 9 && i >= 20)
        target = i - 8;
    }

  if (!is_commit)
    return TRUE;

  if (client->collections && !g_strv_contains ((const char * const *) client->collections, collection))
    return FALSE;

  if (client->dids)
    {
      g_autofree char *did = g_strdup_printf ("did:plc:fixture%" G_GUINT64_FORMAT, target % 97);
      if (!g_hash_table_contains (client->dids, did))
        return FALSE;
    }

  return TRUE;
}

static void
js_client_free (JsClient *client)
{
  if (client->pump)
    {
      g_source_destroy (client->pump);
      g_source_unref (client->pump);
    }
  if (client->conn)
    g_signal_handlers_disconnect_by_data (client->conn, client);
  g_clear_object (&client->conn);
  g_clear_object (&client->socket);
  g_free (client->path);
  g_strfreev (client->collections);
  g_clear_pointer (&client->dids, g_hash_table_unref);
  g_free (client);
}

static void
hard_close_stream (GIOStream *stream)
{
  if (G_IS_SOCKET_CONNECTION (stream))
    {
      GSocket *socket = g_socket_connection_get_socket (G_SOCKET_CONNECTION (stream));
      g_socket_shutdown (socket, TRUE, TRUE, NULL);
    }
  else
    g_io_stream_close (stream, NULL, NULL);
}

static void
js_client_drop (JsClient *client)
{
  /* An abrupt drop, as a network failure: frames still queued are lost. */
  if (client->socket)
    g_socket_shutdown (client->socket, TRUE, TRUE, NULL);
  else
    soup_websocket_connection_close (client->conn, SOUP_WEBSOCKET_CLOSE_GOING_AWAY, NULL);
}

static void js_client_schedule (JsClient *client, gboolean wait_writable);

static gboolean
js_pump_cb (gpointer user_data)
{
  JsClient *client = user_data;
  guint sent = 0;

  if (soup_websocket_connection_get_state (client->conn) != SOUP_WEBSOCKET_STATE_OPEN)
    {
      g_clear_pointer (&client->pump, g_source_unref);
      return G_SOURCE_REMOVE;
    }

  if (client->garbage)
    {
      client->garbage = FALSE;
      soup_websocket_connection_send_text (client->conn, "{\"did\":\"did:plc:x\",\"time_us\": garbage ]]]");
      soup_websocket_connection_send_binary (client->conn, "\xff\xfe\x00 not even text", 17);
    }

  while (client->next < client->n && sent < JETSTREAM_BATCH)
    {
      guint64 i = client->next++;

      if (!js_event_wanted (client, i))
        continue;

      {
        g_autofree char *event =
          vigil_test_jetstream_event (i, client->first + (gint64) i * client->step, client->mix);
        soup_websocket_connection_send_text (client->conn, event);
      }
      sent++;
      client->sent++;

      if (client->drop_after > 0 && client->sent >= client->drop_after)
        {
          g_clear_pointer (&client->pump, g_source_unref);
          js_client_drop (client);
          return G_SOURCE_REMOVE;
        }
    }

  g_clear_pointer (&client->pump, g_source_unref);
  if (client->next < client->n)
    js_client_schedule (client, TRUE);

  return G_SOURCE_REMOVE;
}

static gboolean
js_pump_writable_cb (GObject  *stream,
                     gpointer  user_data)
{
  return js_pump_cb (user_data);
}

static void
js_client_schedule (JsClient *client,
                    gboolean  wait_writable)
{
  GIOStream *stream = soup_websocket_connection_get_io_stream (client->conn);
  GOutputStream *output = g_io_stream_get_output_stream (stream);
  GSource *source;

  g_assert (client->pump == NULL);

  /* Back-pressure: libsoup queues frames without bound, so only produce
   * more when its (higher priority) writer has drained its queue and the
   * socket can take more. */
  if (wait_writable && G_IS_POLLABLE_OUTPUT_STREAM (output) &&
      g_pollable_output_stream_can_poll (G_POLLABLE_OUTPUT_STREAM (output)) &&
      !g_pollable_output_stream_is_writable (G_POLLABLE_OUTPUT_STREAM (output)))
    {
      source = g_pollable_output_stream_create_source (G_POLLABLE_OUTPUT_STREAM (output), NULL);
      g_source_set_callback (source, G_SOURCE_FUNC (js_pump_writable_cb), client, NULL);
    }
  else
    {
      source = g_idle_source_new ();
      g_source_set_callback (source, js_pump_cb, client, NULL);
    }

  g_source_set_priority (source, G_PRIORITY_LOW);
  g_source_attach (source, client->server->context);
  client->pump = source;
}

static void
js_closed_cb (SoupWebsocketConnection *conn,
              JsClient                *client)
{
  g_ptr_array_remove (client->server->js_clients, client);
}

static void
js_error_cb (SoupWebsocketConnection *conn,
             GError                  *error,
             JsClient                *client)
{
  g_debug ("jetstream client error: %s", error->message);
}

static void
websocket_cb (SoupServer              *soup,
              SoupServerMessage       *msg,
              const char              *path,
              SoupWebsocketConnection *conn,
              gpointer                 user_data)
{
  VigilTestServer *server = user_data;
  GUri *uri = soup_server_message_get_uri (msg);
  const char *query = g_uri_get_query (uri);
  g_autoptr(GHashTable) params = query ? soup_form_decode (query) : NULL;
  const char *cursor = params ? g_hash_table_lookup (params, "cursor") : NULL;
  JsClient *client;
  PathEntry *entry;
  FaultShot shot;

  client = g_new0 (JsClient, 1);
  client->server = server;
  client->conn = g_object_ref (conn);
  if (soup_server_message_get_socket (msg))
    client->socket = g_object_ref (soup_server_message_get_socket (msg));
  client->path = g_strdup (path);

  g_mutex_lock (&server->lock);
  entry = ensure_entry (server, path);
  entry->connections++;
  entry->requests++;
  g_free (entry->last_cursor);
  entry->last_cursor = g_strdup (cursor);
  client->n = entry->js_n;
  client->first = entry->js_first;
  client->step = MAX (entry->js_step, 1);
  client->mix = entry->js_mix;
  shot = take_fault (entry);
  g_mutex_unlock (&server->lock);

  if (params)
    {
      const char *collections = g_hash_table_lookup (params, "wantedCollections");
      const char *dids = g_hash_table_lookup (params, "wantedDids");

      /* soup_form_decode keeps the last of repeated keys; accept both
       * repeated and comma-separated forms through the raw query. */
      if (collections || dids)
        {
          g_auto(GStrv) pairs = g_strsplit (query, "&", -1);
          g_autoptr(GPtrArray) cols = g_ptr_array_new_with_free_func (g_free);

          for (guint i = 0; pairs[i]; i++)
            {
              g_auto(GStrv) kv = g_strsplit (pairs[i], "=", 2);
              g_autofree char *value = NULL;
              g_auto(GStrv) parts = NULL;

              if (!kv[0] || !kv[1])
                continue;
              value = g_uri_unescape_string (kv[1], NULL);
              if (!value)
                continue;
              parts = g_strsplit (value, ",", -1);
              for (guint j = 0; parts[j]; j++)
                {
                  if (g_str_equal (kv[0], "wantedCollections"))
                    g_ptr_array_add (cols, g_strdup (parts[j]));
                  else if (g_str_equal (kv[0], "wantedDids"))
                    {
                      if (!client->dids)
                        client->dids = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
                      g_hash_table_add (client->dids, g_strdup (parts[j]));
                    }
                }
            }
          if (cols->len > 0)
            {
              g_ptr_array_add (cols, NULL);
              client->collections = (GStrv) g_ptr_array_steal (cols, NULL);
            }
        }
    }

  if (cursor && *cursor)
    {
      gint64 c = g_ascii_strtoll (cursor, NULL, 10);

      if (c >= client->first)
        client->next = (guint64) ((c - client->first) / client->step) + 1;
    }

  switch (shot.fault)
    {
    case VIGIL_TEST_FAULT_DROP:
      client->drop_after = MAX (shot.param, 1);
      break;
    case VIGIL_TEST_FAULT_GARBAGE:
      client->garbage = TRUE;
      break;
    case VIGIL_TEST_FAULT_STALL:
    case VIGIL_TEST_FAULT_SLOW_LORIS:
      client->stall = TRUE;
      break;
    default:
      break;
    }

  soup_websocket_connection_set_keepalive_interval (conn, 0);
  g_signal_connect (conn, "closed", G_CALLBACK (js_closed_cb), client);
  g_signal_connect (conn, "error", G_CALLBACK (js_error_cb), client);
  g_ptr_array_add (server->js_clients, client);

  if (!client->stall)
    js_client_schedule (client, FALSE);
}

static void early_cb (SoupServer *soup, SoupServerMessage *msg, const char *path,
                      GHashTable *query, gpointer user_data);

static gboolean
register_jetstream_cb (gpointer user_data)
{
  gpointer *args = user_data;
  VigilTestServer *server = args[0];
  const char *path = args[1];

  /* libsoup picks one handler per path: the early handler that can refuse
   * the handshake must sit on the same path as the websocket handler. */
  soup_server_add_early_handler (server->soup, path, early_cb, server, NULL);
  soup_server_add_websocket_handler (server->soup, path, NULL, NULL,
                                     websocket_cb, server, NULL);

  return G_SOURCE_REMOVE;
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
  hard_close_stream (writer->stream);
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

static char *
page_link (const char *base_url,
           const char *path,
           const char *param,
           const char *id,
           guint       limit)
{
  return g_strdup_printf ("%s%s?%s=%s&limit=%u", base_url, path, param, id, limit);
}

static void
serve_mastodon (VigilTestServer   *server,
                PathEntry         *entry,
                SoupServerMessage *msg,
                GHashTable        *query)
{
  const char *max_id = query ? g_hash_table_lookup (query, "max_id") : NULL;
  const char *since_id = query ? g_hash_table_lookup (query, "since_id") : NULL;
  const char *min_id = query ? g_hash_table_lookup (query, "min_id") : NULL;
  const char *limit_s = query ? g_hash_table_lookup (query, "limit") : NULL;
  guint limit = limit_s ? (guint) g_ascii_strtoull (limit_s, NULL, 10) : 20;
  g_autoptr(JsonArray) page = json_array_new ();
  g_autoptr(JsonNode) root = json_node_new (JSON_NODE_ARRAY);
  g_autofree char *json = NULL;
  g_autofree char *next = NULL;
  g_autofree char *prev = NULL;
  GPtrArray *all = entry->statuses;
  guint first_index = 0;
  guint taken = 0;

  if (limit == 0)
    limit = 20;
  limit = MIN (limit, 40);

  if (min_id)
    {
      /* The `limit` statuses right after min_id (oldest side), newest first. */
      guint end = 0;

      while (end < all->len && compare_ids (status_id (g_ptr_array_index (all, end)), min_id) > 0)
        end++;
      first_index = end > limit ? end - limit : 0;
      while (first_index < end && max_id &&
             compare_ids (status_id (g_ptr_array_index (all, first_index)), max_id) >= 0)
        first_index++;
      for (guint i = first_index; i < end && taken < limit; i++, taken++)
        json_array_add_object_element (page, json_object_ref (g_ptr_array_index (all, i)));
    }
  else
    {
      for (guint i = 0; i < all->len && taken < limit; i++)
        {
          const char *id = status_id (g_ptr_array_index (all, i));

          if (max_id && compare_ids (id, max_id) >= 0)
            continue;
          if (since_id && compare_ids (id, since_id) <= 0)
            break;
          json_array_add_object_element (page, json_object_ref (g_ptr_array_index (all, i)));
          taken++;
        }
    }

  if (json_array_get_length (page) > 0)
    {
      JsonObject *newest = json_array_get_object_element (page, 0);
      JsonObject *oldest = json_array_get_object_element (page, json_array_get_length (page) - 1);

      next = page_link (server->base_url, entry->path, "max_id", status_id (oldest), limit);
      prev = page_link (server->base_url, entry->path, "min_id", status_id (newest), limit);
    }

  json_node_set_array (root, page);
  json = json_to_string (root, FALSE);
  vigil_test_server_reply_link (msg, next, prev);
  vigil_test_server_reply_json (msg, SOUP_STATUS_OK, json);
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
  shot = take_fault (entry);
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
      serve_mastodon (server, entry, msg, query);
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

/* Before libsoup upgrades a websocket: STATUS faults on websocket paths are
 * answered here, so a handshake can be refused (429, 503, 404…). */
static void
early_cb (SoupServer        *soup,
          SoupServerMessage *msg,
          const char        *path,
          GHashTable        *query,
          gpointer           user_data)
{
  VigilTestServer *server = user_data;
  PathEntry *entry;
  FaultShot shot = { VIGIL_TEST_FAULT_NONE, 0, 0 };

  g_mutex_lock (&server->lock);
  entry = g_hash_table_lookup (server->paths, path);
  if (entry && entry->kind == KIND_JETSTREAM && entry->fault == VIGIL_TEST_FAULT_STATUS)
    {
      entry->requests++;
      shot = take_fault (entry);
    }
  g_mutex_unlock (&server->lock);

  if (shot.fault != VIGIL_TEST_FAULT_STATUS)
    return;

  if (shot.param2 > 0)
    {
      g_autofree char *after = g_strdup_printf ("%" G_GUINT64_FORMAT, shot.param2);
      soup_message_headers_replace (soup_server_message_get_response_headers (msg), "Retry-After", after);
    }
  vigil_test_server_reply_json (msg, shot.param ? (guint) shot.param : SOUP_STATUS_SERVICE_UNAVAILABLE,
                                "{\"error\":\"Injected failure\"}");
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
  for (guint i = 0; i < server->js_clients->len; i++)
    {
      JsClient *client = g_ptr_array_index (server->js_clients, i);
      g_signal_handlers_disconnect_by_data (client->conn, client);
      if (client->socket)
        g_socket_shutdown (client->socket, TRUE, TRUE, NULL);
      else
        hard_close_stream (soup_websocket_connection_get_io_stream (client->conn));
    }
  g_ptr_array_set_size (server->js_clients, 0);
  for (guint i = 0; i < server->sse_clients->len; i++)
    sse_drop (g_ptr_array_index (server->sse_clients, i));
  g_ptr_array_set_size (server->sse_clients, 0);
  for (guint i = 0; i < server->raw_streams->len; i++)
    hard_close_stream (g_ptr_array_index (server->raw_streams, i));
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
  server->js_clients = g_ptr_array_new_with_free_func ((GDestroyNotify) js_client_free);

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
  entry = ensure_entry (server, path);
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
  entry = ensure_entry (server, path);
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
  entry = ensure_entry (server, path);
  if (entry->handler_destroy)
    entry->handler_destroy (entry->handler_data);
  entry->kind = KIND_HANDLER;
  entry->handler = handler;
  entry->handler_data = user_data;
  entry->handler_destroy = destroy;
  g_mutex_unlock (&server->lock);
}

static void
add_statuses (PathEntry  *entry,
              const char *json_array)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;
  JsonArray *array;

  if (!json_parser_load_from_data (parser, json_array, -1, &error))
    g_error ("mastodon timeline: %s", error->message);
  if (!JSON_NODE_HOLDS_ARRAY (json_parser_get_root (parser)))
    g_error ("mastodon timeline: not a JSON array");

  array = json_node_get_array (json_parser_get_root (parser));
  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      JsonNode *node = json_array_get_element (array, i);
      if (JSON_NODE_HOLDS_OBJECT (node))
        g_ptr_array_add (entry->statuses, json_object_ref (json_node_get_object (node)));
    }
  g_ptr_array_sort (entry->statuses, compare_statuses_desc);
}

void
vigil_test_server_set_mastodon_timeline (VigilTestServer *server,
                                         const char      *path,
                                         const char      *json_array)
{
  PathEntry *entry;

  g_mutex_lock (&server->lock);
  entry = ensure_entry (server, path);
  entry->kind = KIND_MASTODON;
  g_clear_pointer (&entry->statuses, g_ptr_array_unref);
  entry->statuses = g_ptr_array_new_with_free_func ((GDestroyNotify) json_object_unref);
  add_statuses (entry, json_array);
  g_mutex_unlock (&server->lock);
}

void
vigil_test_server_mastodon_append (VigilTestServer *server,
                                   const char      *path,
                                   const char      *json_array)
{
  PathEntry *entry;

  g_mutex_lock (&server->lock);
  entry = ensure_entry (server, path);
  if (!entry->statuses)
    {
      entry->kind = KIND_MASTODON;
      entry->statuses = g_ptr_array_new_with_free_func ((GDestroyNotify) json_object_unref);
    }
  add_statuses (entry, json_array);
  g_mutex_unlock (&server->lock);
}

void
vigil_test_server_set_rate_limit (VigilTestServer *server,
                                  const char      *path,
                                  guint            limit,
                                  guint            reset_seconds)
{
  PathEntry *entry;

  g_mutex_lock (&server->lock);
  entry = ensure_entry (server, path);
  entry->rl_limit = limit;
  entry->rl_remaining = limit;
  entry->rl_reset_s = MAX (reset_seconds, 1);
  entry->rl_window_end = 0;
  g_mutex_unlock (&server->lock);
}

void
vigil_test_server_add_sse (VigilTestServer *server,
                           const char      *path,
                           const char      *script)
{
  PathEntry *entry;

  g_mutex_lock (&server->lock);
  entry = ensure_entry (server, path);
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
vigil_test_server_add_jetstream (VigilTestServer      *server,
                                 const char           *path,
                                 guint64               n_events,
                                 gint64                first_time_us,
                                 guint                 step_us,
                                 VigilTestJetstreamMix mix)
{
  PathEntry *entry;
  gboolean registered;
  gpointer args[2] = { server, (gpointer) path };

  g_mutex_lock (&server->lock);
  entry = ensure_entry (server, path);
  entry->kind = KIND_JETSTREAM;
  entry->js_n = n_events;
  entry->js_first = first_time_us;
  entry->js_step = MAX (step_us, 1);
  entry->js_mix = mix;
  registered = entry->js_registered;
  entry->js_registered = TRUE;
  g_mutex_unlock (&server->lock);

  if (!registered)
    run_in_server (server, register_jetstream_cb, args);
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
  entry = ensure_entry (server, path);
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

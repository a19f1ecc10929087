/* vigil-test-server-jetstream.c: a synthetic Jetstream log over a websocket
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "vigil-test-server"

#include "config.h"

#include <string.h>

#include "vigil-test-server-private.h"

#define JETSTREAM_BATCH 256

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

void
_vigil_test_server_js_client_free (JsClient *client)
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
  entry = _vigil_test_server_ensure_entry (server, path);
  entry->connections++;
  entry->requests++;
  g_free (entry->last_cursor);
  entry->last_cursor = g_strdup (cursor);
  client->n = entry->js_n;
  client->first = entry->js_first;
  client->step = MAX (entry->js_step, 1);
  client->mix = entry->js_mix;
  shot = _vigil_test_server_take_fault (entry);
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
      shot = _vigil_test_server_take_fault (entry);
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
  entry = _vigil_test_server_ensure_entry (server, path);
  entry->kind = KIND_JETSTREAM;
  entry->js_n = n_events;
  entry->js_first = first_time_us;
  entry->js_step = MAX (step_us, 1);
  entry->js_mix = mix;
  registered = entry->js_registered;
  entry->js_registered = TRUE;
  g_mutex_unlock (&server->lock);

  if (!registered)
    _vigil_test_server_run (server, register_jetstream_cb, args);
}


void
_vigil_test_server_jetstream_shutdown (VigilTestServer *server)
{
  for (guint i = 0; i < server->js_clients->len; i++)
    {
      JsClient *client = g_ptr_array_index (server->js_clients, i);

      g_signal_handlers_disconnect_by_data (client->conn, client);
      if (client->socket)
        g_socket_shutdown (client->socket, TRUE, TRUE, NULL);
      else
        _vigil_test_server_hard_close (soup_websocket_connection_get_io_stream (client->conn));
    }
  g_ptr_array_set_size (server->js_clients, 0);
}

/* vigil-jetstream-source.c: Bluesky posts from a Jetstream websocket
 *
 * One websocket; each text message is one event line. Posts are batched
 * (batch-size posts or batch-interval-ms, whichever first) and archived with
 * the newest time_us as the cursor. After a drop the base class backs off
 * and we reconnect with cursor = persisted − rewind; the rewind's duplicates
 * are dropped by the store's dedupe.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "vigil-jetstream-source"

#include "config.h"

#include <string.h>

#include <glib/gi18n-lib.h>

#include "vigil-http.h"
#include "vigil-jetstream-source.h"
#include "vigil-normalize.h"

#define MAX_MESSAGE_SIZE   (VIGIL_NORMALIZE_MAX_RECORD)
#define KEEPALIVE_S        30
/* This many invalid lines in a row means the server is not Jetstream. */
#define MAX_BAD_IN_A_ROW   50

struct _VigilJetstreamSource
{
  VigilSource              parent_instance;

  char                    *endpoint;
  GStrv                    wanted_dids;
  gint64                   rewind_us;
  guint                    batch_size;
  guint                    batch_interval_ms;
  guint                    connect_timeout_ms;
  guint                    idle_timeout_ms;

  GCancellable            *cancellable;
  SoupWebsocketConnection *conn;
  char                    *close_reason;  /* from the "error" signal */
  guint                    flush_id;
  guint                    connect_timeout_id;
  guint                    idle_id;
  gint64                   last_message_at; /* monotonic µs */

  GPtrArray               *batch;
  gint64                   batch_cursor;    /* newest time_us seen, -1 = none */
  gint64                   flushed_cursor;

  guint                    bad_in_a_row;
  guint64                  skipped;
  guint64                  rejected;
};

G_DEFINE_FINAL_TYPE (VigilJetstreamSource, vigil_jetstream_source, VIGIL_TYPE_SOURCE)

enum {
  PROP_0,
  PROP_ENDPOINT,
  PROP_WANTED_DIDS,
  PROP_REWIND_US,
  PROP_BATCH_SIZE,
  PROP_BATCH_INTERVAL_MS,
  PROP_CONNECT_TIMEOUT_MS,
  PROP_IDLE_TIMEOUT_MS,
  PROP_EVENTS_SKIPPED,
  PROP_EVENTS_REJECTED,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
flush_batch (VigilJetstreamSource *self)
{
  g_autoptr(GPtrArray) batch = NULL;
  g_autofree char *cursor = NULL;

  g_clear_handle_id (&self->flush_id, g_source_remove);

  if (self->batch->len == 0 && self->batch_cursor <= self->flushed_cursor)
    return;

  batch = g_steal_pointer (&self->batch);
  self->batch = g_ptr_array_new_with_free_func (g_object_unref);
  if (self->batch_cursor > self->flushed_cursor)
    {
      cursor = g_strdup_printf ("%" G_GINT64_FORMAT, self->batch_cursor);
      self->flushed_cursor = self->batch_cursor;
    }

  vigil_source_archive (VIGIL_SOURCE (self), batch, cursor);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_EVENTS_SKIPPED]);
}

static gboolean
flush_cb (gpointer user_data)
{
  VigilJetstreamSource *self = user_data;

  self->flush_id = 0;
  flush_batch (self);

  return G_SOURCE_REMOVE;
}

static void
handle_line (VigilJetstreamSource *self,
             const char           *line,
             gsize                 len)
{
  g_autoptr(GError) error = NULL;
  VigilPost *post;
  gint64 time_us;

  time_us = vigil_jetstream_event_time_us (line, len);
  post = vigil_jetstream_parse_event (line, len, &error);

  if (error)
    {
      self->rejected++;
      self->bad_in_a_row++;
      g_debug ("%s: rejected an event: %s", self->endpoint, error->message);
      if (self->bad_in_a_row >= MAX_BAD_IN_A_ROW)
        {
          g_autofree char *message =
            g_strdup_printf (_("%s sends data that is not Jetstream events (%s). Check the address."),
                             self->endpoint, error->message);
          flush_batch (self);
          vigil_source_fail (VIGIL_SOURCE (self), FALSE, message);
        }
      return;
    }

  self->bad_in_a_row = 0;
  if (time_us > self->batch_cursor)
    self->batch_cursor = time_us;

  if (!post)
    {
      /* identity, account, or a collection we did not ask for */
      self->skipped++;
    }
  else
    g_ptr_array_add (self->batch, post);

  if (self->batch->len >= self->batch_size)
    flush_batch (self);
  else if (!self->flush_id)
    self->flush_id = g_timeout_add (self->batch_interval_ms, flush_cb, self);
}

static void
on_message_cb (SoupWebsocketConnection *conn,
               int                      type,
               GBytes                  *message,
               gpointer                 user_data)
{
  VigilJetstreamSource *self = user_data;
  gsize len;
  const char *data = g_bytes_get_data (message, &len);

  self->last_message_at = g_get_monotonic_time ();
  handle_line (self, data ? data : "", len);
}

static void
on_error_cb (SoupWebsocketConnection *conn,
             GError                  *error,
             gpointer                 user_data)
{
  VigilJetstreamSource *self = user_data;

  g_debug ("%s: websocket error: %s", self->endpoint, error->message);
  if (!self->close_reason)
    self->close_reason = vigil_http_describe_error (error, self->endpoint);
}

static void
on_closed_cb (SoupWebsocketConnection *conn,
              gpointer                 user_data)
{
  VigilJetstreamSource *self = user_data;
  g_autofree char *message = NULL;
  guint16 code = soup_websocket_connection_get_close_code (conn);
  const char *data = soup_websocket_connection_get_close_data (conn);

  /* What arrived before the drop is good: archive it. */
  flush_batch (self);

  if (self->close_reason)
    message = g_strdup_printf (_("The connection to %s was lost: %s"),
                               self->endpoint, self->close_reason);
  else if (code != 0)
    message = g_strdup_printf (_("%s closed the connection (code %u%s%s)."),
                               self->endpoint, code, data && *data ? ": " : "", data ? data : "");
  else
    message = g_strdup_printf (_("The connection to %s was lost."), self->endpoint);

  vigil_source_fail (VIGIL_SOURCE (self), FALSE, message);
}

static gboolean
idle_check_cb (gpointer user_data)
{
  VigilJetstreamSource *self = user_data;
  gint64 quiet_ms = (g_get_monotonic_time () - self->last_message_at) / 1000;

  if (quiet_ms >= self->idle_timeout_ms)
    {
      g_autofree char *message =
        g_strdup_printf (_("%s sent nothing for %u seconds; reconnecting."),
                         self->endpoint, self->idle_timeout_ms / 1000);
      self->idle_id = 0;
      vigil_source_fail (VIGIL_SOURCE (self), FALSE, message);
      return G_SOURCE_REMOVE;
    }

  return G_SOURCE_CONTINUE;
}

static gboolean
connect_timeout_cb (gpointer user_data)
{
  VigilJetstreamSource *self = user_data;
  g_autofree char *message =
    g_strdup_printf (_("%s timed out while connecting. Vigil will try again."), self->endpoint);

  self->connect_timeout_id = 0;
  vigil_source_fail (VIGIL_SOURCE (self), FALSE, message);

  return G_SOURCE_REMOVE;
}

static void
websocket_connect_cb (GObject      *object,
                      GAsyncResult *result,
                      gpointer      user_data)
{
  g_autoptr(VigilJetstreamSource) self = user_data;
  g_autoptr(SoupWebsocketConnection) conn = NULL;
  g_autoptr(GError) error = NULL;

  conn = soup_session_websocket_connect_finish (SOUP_SESSION (object), result, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  g_clear_handle_id (&self->connect_timeout_id, g_source_remove);

  if (!conn)
    {
      g_autofree char *message = vigil_http_describe_error (error, self->endpoint);

      /* A server that is no websocket endpoint at all will not become one:
       * still retry (it may be a proxy's error page), the message says it. */
      vigil_source_fail (VIGIL_SOURCE (self), FALSE, message);
      return;
    }

  self->conn = g_steal_pointer (&conn);
  soup_websocket_connection_set_max_incoming_payload_size (self->conn, MAX_MESSAGE_SIZE);
  soup_websocket_connection_set_keepalive_interval (self->conn, KEEPALIVE_S);
  g_signal_connect (self->conn, "message", G_CALLBACK (on_message_cb), self);
  g_signal_connect (self->conn, "error", G_CALLBACK (on_error_cb), self);
  g_signal_connect (self->conn, "closed", G_CALLBACK (on_closed_cb), self);

  self->last_message_at = g_get_monotonic_time ();
  if (self->idle_timeout_ms > 0)
    self->idle_id = g_timeout_add (MAX (self->idle_timeout_ms / 4, 100), idle_check_cb, self);

  vigil_source_set_live (VIGIL_SOURCE (self));
}

char *
vigil_jetstream_source_build_url (VigilJetstreamSource  *self,
                                  GError               **error)
{
  g_autoptr(GUri) uri = NULL;
  g_autoptr(GString) query = NULL;
  g_autofree char *cursor = NULL;

  g_return_val_if_fail (VIGIL_IS_JETSTREAM_SOURCE (self), NULL);

  uri = vigil_http_check_url (self->endpoint, TRUE, error);
  if (!uri)
    return NULL;

  /* The endpoint as the user wrote it, with our parameters appended. */
  query = g_string_new (self->endpoint);
  if (g_uri_get_fragment (uri))
    g_string_truncate (query, strcspn (query->str, "#"));
  g_string_append_c (query, g_uri_get_query (uri) ? '&' : '?');
  g_string_append (query, "wantedCollections=app.bsky.feed.post");
  for (guint i = 0; self->wanted_dids && self->wanted_dids[i]; i++)
    {
      g_autofree char *escaped = g_uri_escape_string (self->wanted_dids[i], NULL, FALSE);
      g_string_append_printf (query, "&wantedDids=%s", escaped);
    }

  cursor = vigil_source_load_cursor (VIGIL_SOURCE (self));
  if (cursor)
    {
      gint64 value = g_ascii_strtoll (cursor, NULL, 10);

      if (value > 0)
        g_string_append_printf (query, "&cursor=%" G_GINT64_FORMAT, MAX (value - self->rewind_us, 0));
    }

  return g_string_free (g_steal_pointer (&query), FALSE);
}

static void
vigil_jetstream_source_connect (VigilSource *source)
{
  VigilJetstreamSource *self = VIGIL_JETSTREAM_SOURCE (source);
  g_autoptr(GError) error = NULL;
  g_autoptr(SoupMessage) msg = NULL;
  g_autofree char *url = NULL;

  url = vigil_jetstream_source_build_url (self, &error);
  if (!url)
    {
      vigil_source_fail (source, TRUE, error->message);
      return;
    }

  msg = soup_message_new ("GET", url);
  if (!msg)
    {
      g_autofree char *message = g_strdup_printf (_("“%s” is not a valid address."), self->endpoint);
      vigil_source_fail (source, TRUE, message);
      return;
    }

  g_debug ("connecting to %s", url);
  self->bad_in_a_row = 0;
  g_clear_pointer (&self->close_reason, g_free);
  self->cancellable = g_cancellable_new ();
  if (self->connect_timeout_ms > 0)
    self->connect_timeout_id = g_timeout_add (self->connect_timeout_ms, connect_timeout_cb, self);

  soup_session_websocket_connect_async (vigil_source_get_session (source), msg,
                                        NULL, NULL, G_PRIORITY_DEFAULT, self->cancellable,
                                        websocket_connect_cb, g_object_ref (self));
}

static void
vigil_jetstream_source_disconnect (VigilSource *source)
{
  VigilJetstreamSource *self = VIGIL_JETSTREAM_SOURCE (source);

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  g_clear_handle_id (&self->connect_timeout_id, g_source_remove);
  g_clear_handle_id (&self->idle_id, g_source_remove);

  flush_batch (self);

  if (self->conn)
    {
      g_signal_handlers_disconnect_by_data (self->conn, self);
      if (soup_websocket_connection_get_state (self->conn) == SOUP_WEBSOCKET_STATE_OPEN)
        soup_websocket_connection_close (self->conn, SOUP_WEBSOCKET_CLOSE_NORMAL, NULL);
      g_clear_object (&self->conn);
    }
}

static void
vigil_jetstream_source_dispose (GObject *object)
{
  VigilJetstreamSource *self = VIGIL_JETSTREAM_SOURCE (object);

  if (vigil_source_get_state (VIGIL_SOURCE (self)) != VIGIL_SOURCE_STATE_STOPPED)
    vigil_source_stop (VIGIL_SOURCE (self));
  vigil_jetstream_source_disconnect (VIGIL_SOURCE (self));

  G_OBJECT_CLASS (vigil_jetstream_source_parent_class)->dispose (object);
}

static void
vigil_jetstream_source_finalize (GObject *object)
{
  VigilJetstreamSource *self = VIGIL_JETSTREAM_SOURCE (object);

  g_free (self->endpoint);
  g_strfreev (self->wanted_dids);
  g_free (self->close_reason);
  g_clear_pointer (&self->batch, g_ptr_array_unref);

  G_OBJECT_CLASS (vigil_jetstream_source_parent_class)->finalize (object);
}

static void
vigil_jetstream_source_get_property (GObject    *object,
                                     guint       prop_id,
                                     GValue     *value,
                                     GParamSpec *pspec)
{
  VigilJetstreamSource *self = VIGIL_JETSTREAM_SOURCE (object);

  switch (prop_id)
    {
    case PROP_ENDPOINT:
      g_value_set_string (value, self->endpoint);
      break;
    case PROP_WANTED_DIDS:
      g_value_set_boxed (value, self->wanted_dids);
      break;
    case PROP_REWIND_US:
      g_value_set_int64 (value, self->rewind_us);
      break;
    case PROP_BATCH_SIZE:
      g_value_set_uint (value, self->batch_size);
      break;
    case PROP_BATCH_INTERVAL_MS:
      g_value_set_uint (value, self->batch_interval_ms);
      break;
    case PROP_CONNECT_TIMEOUT_MS:
      g_value_set_uint (value, self->connect_timeout_ms);
      break;
    case PROP_IDLE_TIMEOUT_MS:
      g_value_set_uint (value, self->idle_timeout_ms);
      break;
    case PROP_EVENTS_SKIPPED:
      g_value_set_uint64 (value, self->skipped);
      break;
    case PROP_EVENTS_REJECTED:
      g_value_set_uint64 (value, self->rejected);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
vigil_jetstream_source_set_property (GObject      *object,
                                     guint         prop_id,
                                     const GValue *value,
                                     GParamSpec   *pspec)
{
  VigilJetstreamSource *self = VIGIL_JETSTREAM_SOURCE (object);

  switch (prop_id)
    {
    case PROP_ENDPOINT:
      self->endpoint = g_value_dup_string (value);
      break;
    case PROP_WANTED_DIDS:
      self->wanted_dids = g_value_dup_boxed (value);
      break;
    case PROP_REWIND_US:
      vigil_jetstream_source_set_rewind_us (self, g_value_get_int64 (value));
      break;
    case PROP_BATCH_SIZE:
      self->batch_size = MAX (g_value_get_uint (value), 1);
      break;
    case PROP_BATCH_INTERVAL_MS:
      self->batch_interval_ms = MAX (g_value_get_uint (value), 1);
      break;
    case PROP_CONNECT_TIMEOUT_MS:
      self->connect_timeout_ms = g_value_get_uint (value);
      break;
    case PROP_IDLE_TIMEOUT_MS:
      self->idle_timeout_ms = g_value_get_uint (value);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
vigil_jetstream_source_class_init (VigilJetstreamSourceClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  VigilSourceClass *source_class = VIGIL_SOURCE_CLASS (klass);

  object_class->dispose = vigil_jetstream_source_dispose;
  object_class->finalize = vigil_jetstream_source_finalize;
  object_class->get_property = vigil_jetstream_source_get_property;
  object_class->set_property = vigil_jetstream_source_set_property;

  source_class->connect = vigil_jetstream_source_connect;
  source_class->disconnect = vigil_jetstream_source_disconnect;

  properties[PROP_ENDPOINT] =
    g_param_spec_string ("endpoint", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_WANTED_DIDS] =
    g_param_spec_boxed ("wanted-dids", NULL, NULL, G_TYPE_STRV,
                        G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_REWIND_US] =
    g_param_spec_int64 ("rewind-us", NULL, NULL, 0, G_MAXINT64, VIGIL_JETSTREAM_DEFAULT_REWIND_US,
                        G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_BATCH_SIZE] =
    g_param_spec_uint ("batch-size", NULL, NULL, 1, 100000, 500,
                       G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS);
  properties[PROP_BATCH_INTERVAL_MS] =
    g_param_spec_uint ("batch-interval-ms", NULL, NULL, 1, 60000, 100,
                       G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS);
  properties[PROP_CONNECT_TIMEOUT_MS] =
    g_param_spec_uint ("connect-timeout-ms", NULL, NULL, 0, G_MAXUINT, 30000,
                       G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS);
  properties[PROP_IDLE_TIMEOUT_MS] =
    g_param_spec_uint ("idle-timeout-ms", NULL, NULL, 0, G_MAXUINT, 300000,
                       G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS);
  properties[PROP_EVENTS_SKIPPED] =
    g_param_spec_uint64 ("events-skipped", NULL, NULL, 0, G_MAXUINT64, 0,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_EVENTS_REJECTED] =
    g_param_spec_uint64 ("events-rejected", NULL, NULL, 0, G_MAXUINT64, 0,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
vigil_jetstream_source_init (VigilJetstreamSource *self)
{
  self->rewind_us = VIGIL_JETSTREAM_DEFAULT_REWIND_US;
  self->batch_size = 500;
  self->batch_interval_ms = 100;
  self->connect_timeout_ms = 30000;
  self->idle_timeout_ms = 300000;
  self->batch = g_ptr_array_new_with_free_func (g_object_unref);
  self->batch_cursor = -1;
  self->flushed_cursor = -1;
}

VigilSource *
vigil_jetstream_source_new (VigilStore         *store,
                            SoupSession        *session,
                            const char         *endpoint,
                            const char * const *wanted_dids)
{
  g_autofree char *id = NULL;

  g_return_val_if_fail (VIGIL_IS_STORE (store), NULL);
  g_return_val_if_fail (endpoint != NULL, NULL);

  id = g_strconcat ("jetstream:", endpoint, NULL);

  return g_object_new (VIGIL_TYPE_JETSTREAM_SOURCE,
                       "id", id,
                       "store", store,
                       "session", session,
                       "endpoint", endpoint,
                       "wanted-dids", wanted_dids,
                       NULL);
}

const char *
vigil_jetstream_source_get_endpoint (VigilJetstreamSource *self)
{
  g_return_val_if_fail (VIGIL_IS_JETSTREAM_SOURCE (self), NULL);

  return self->endpoint;
}

guint64
vigil_jetstream_source_get_events_skipped (VigilJetstreamSource *self)
{
  g_return_val_if_fail (VIGIL_IS_JETSTREAM_SOURCE (self), 0);

  return self->skipped;
}

guint64
vigil_jetstream_source_get_events_rejected (VigilJetstreamSource *self)
{
  g_return_val_if_fail (VIGIL_IS_JETSTREAM_SOURCE (self), 0);

  return self->rejected;
}

void
vigil_jetstream_source_set_rewind_us (VigilJetstreamSource *self,
                                      gint64                rewind_us)
{
  g_return_if_fail (VIGIL_IS_JETSTREAM_SOURCE (self));

  rewind_us = MAX (rewind_us, 0);
  if (self->rewind_us != rewind_us)
    {
      self->rewind_us = rewind_us;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_REWIND_US]);
    }
}

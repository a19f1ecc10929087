/* vigil-jetstream-source.c: Bluesky posts from a Jetstream websocket
 *
 * One websocket; each text message is one event line. The connection runs
 * on its own thread (see vigil-jetstream-connection.h), which parses and
 * batches (batch-size posts or batch-interval-ms, whichever first); here the
 * batches are archived with the newest time_us as the cursor. After a drop
 * the base class backs off and we reconnect with cursor = persisted −
 * rewind; the rewind's duplicates are dropped by the store's dedupe.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "vigil-jetstream-source"

#include "config.h"

#include <string.h>

#include <glib/gi18n-lib.h>

#include "vigil-http.h"
#include "vigil-jetstream-connection.h"
#include "vigil-jetstream-source.h"
#include "vigil-normalize.h"

#define MAX_MESSAGE_SIZE   (VIGIL_NORMALIZE_MAX_RECORD)
#define KEEPALIVE_S        30

struct _VigilJetstreamSource
{
  VigilSource               parent_instance;

  char                     *endpoint;
  GStrv                     wanted_dids;
  gint64                    rewind_us;
  guint                     batch_size;
  guint                     batch_interval_ms;
  guint                     connect_timeout_ms;
  guint                     idle_timeout_ms;

  VigilJetstreamConnection *conn;
  guint64                   skipped;
  guint64                   rejected;
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
conn_live_cb (GObject *owner)
{
  vigil_source_set_live (VIGIL_SOURCE (owner));
}

static void
conn_batch_cb (GObject        *owner,
               GPtrArray      *posts,
               gint64          cursor,
               guint64         skipped,
               guint64         rejected,
               GDestroyNotify  done,
               gpointer        done_data)
{
  VigilJetstreamSource *self = VIGIL_JETSTREAM_SOURCE (owner);
  g_autofree char *text = cursor >= 0 ? g_strdup_printf ("%" G_GINT64_FORMAT, cursor) : NULL;

  vigil_source_archive_full (VIGIL_SOURCE (self), posts, text, done, done_data);

  if (skipped > 0)
    {
      self->skipped += skipped;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_EVENTS_SKIPPED]);
    }
  if (rejected > 0)
    {
      self->rejected += rejected;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_EVENTS_REJECTED]);
    }
}

static void
conn_failed_cb (GObject    *owner,
                const char *message,
                gboolean    permanent,
                guint       retry_after)
{
  if (retry_after > 0)
    vigil_source_retry_after (VIGIL_SOURCE (owner), retry_after, message);
  else
    vigil_source_fail (VIGIL_SOURCE (owner), permanent, message);
}

static const VigilJetstreamCallbacks conn_callbacks = {
  conn_live_cb,
  conn_batch_cb,
  conn_failed_cb,
};

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
  g_autofree char *url = NULL;
  VigilJetstreamOptions options = {
    .batch_size = self->batch_size,
    .batch_interval_ms = self->batch_interval_ms,
    .connect_timeout_ms = self->connect_timeout_ms,
    .idle_timeout_ms = self->idle_timeout_ms,
    .max_message_size = MAX_MESSAGE_SIZE,
    .keepalive_s = KEEPALIVE_S,
  };

  url = vigil_jetstream_source_build_url (self, &error);
  if (!url)
    {
      vigil_source_fail (source, TRUE, error->message);
      return;
    }

  g_debug ("connecting to %s", url);
  g_assert (self->conn == NULL);
  self->conn = _vigil_jetstream_connection_start (url, self->endpoint, &options,
                                                  &conn_callbacks, G_OBJECT (self));
}

static void
vigil_jetstream_source_disconnect (VigilSource *source)
{
  VigilJetstreamSource *self = VIGIL_JETSTREAM_SOURCE (source);

  g_clear_pointer (&self->conn, _vigil_jetstream_connection_stop);
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

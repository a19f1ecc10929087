/* vigil-source.c: the base class of every live source
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "vigil-source"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "vigil-backoff.h"
#include "vigil-ingest-pipeline.h"
#include "vigil-source.h"

/* A connection that stayed live this long, or archived something new, was
 * healthy: the next failure starts the backoff from the beginning again. */
#define HEALTHY_PERIOD_US (30 * G_USEC_PER_SEC)
/* A server asking us to wait longer than this is asked again after it. */
#define MAX_RETRY_AFTER_S (6 * 60 * 60)
#define RATE_BUCKETS 60
#define CURSOR_WRITE_INTERVAL_US (G_USEC_PER_SEC)
/* Back-pressure: a source that receives faster than the store writes (a
 * replay after an outage) waits for the store instead of queueing without
 * bound. Only an overloaded store ever makes anyone wait. With an ingest
 * pipeline installed on the store, the source pauses instead: it
 * disconnects when the pipeline stops accepting and reconnects, from its
 * committed cursor, once it has drained; without one, it blocks on the
 * store after MAX_ARCHIVES_IN_FLIGHT batches. */
#define MAX_ARCHIVES_IN_FLIGHT 8

typedef struct
{
  char             *id;
  VigilStore       *store;
  SoupSession      *session;

  VigilSourceState  state;
  char             *message;
  gint64            retry_at;
  gint64            last_event_at;
  double            events_per_minute;
  guint64           posts_archived;

  VigilBackoff      backoff;
  guint             reconnect_id;
  guint             tick_id;
  gint64            live_since;     /* monotonic µs; 0 when not live */
  gboolean          progressed;     /* archived something new since connecting */
  gboolean          running;        /* between start() and stop()/FAILED */
  gboolean          in_disconnect;

  guint             archives_in_flight;
  /* paused by the ingest pipeline's back-pressure */
  VigilIngestPipeline *paused_by;
  gulong            accepting_id;
  guint             pause_id;
  guint             pauses;
  char             *deferred_cursor;  /* persist once nothing is in flight */
  /* After a failed insert, no cursor handed over before the next connection
   * may be persisted: it would skip past the batch that was lost. */
  guint             cursor_epoch;
  gboolean          cursor_blocked;
  char             *committed_cursor; /* committed, not yet written */
  gint64            cursor_written_at;

  guint             rate_count[RATE_BUCKETS];
  gint64            rate_second[RATE_BUCKETS];
} VigilSourcePrivate;

G_DEFINE_ENUM_TYPE (VigilSourceState, vigil_source_state,
  G_DEFINE_ENUM_VALUE (VIGIL_SOURCE_STATE_STOPPED, "stopped"),
  G_DEFINE_ENUM_VALUE (VIGIL_SOURCE_STATE_CONNECTING, "connecting"),
  G_DEFINE_ENUM_VALUE (VIGIL_SOURCE_STATE_LIVE, "live"),
  G_DEFINE_ENUM_VALUE (VIGIL_SOURCE_STATE_BACKING_OFF, "backing-off"),
  G_DEFINE_ENUM_VALUE (VIGIL_SOURCE_STATE_FAILED, "failed"))

G_DEFINE_ABSTRACT_TYPE_WITH_PRIVATE (VigilSource, vigil_source, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_ID,
  PROP_STORE,
  PROP_SESSION,
  PROP_STATE,
  PROP_MESSAGE,
  PROP_RETRY_AT,
  PROP_LAST_EVENT_AT,
  PROP_EVENTS_PER_MINUTE,
  PROP_POSTS_ARCHIVED,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

typedef struct
{
  VigilSource   *self;
  GPtrArray     *posts;
  char          *cursor;
  guint          epoch;
  GDestroyNotify done;
  gpointer       done_data;
} ArchiveData;

static void
archive_data_free (ArchiveData *data)
{
  if (data->done)
    data->done (data->done_data);
  g_clear_object (&data->self);
  g_clear_pointer (&data->posts, g_ptr_array_unref);
  g_free (data->cursor);
  g_free (data);
}

const char *
vigil_source_state_to_string (VigilSourceState state)
{
  switch (state)
    {
    case VIGIL_SOURCE_STATE_STOPPED:
      return "stopped";
    case VIGIL_SOURCE_STATE_CONNECTING:
      return "connecting";
    case VIGIL_SOURCE_STATE_LIVE:
      return "live";
    case VIGIL_SOURCE_STATE_BACKING_OFF:
      return "backing-off";
    case VIGIL_SOURCE_STATE_FAILED:
      return "failed";
    default:
      return "unknown";
    }
}

static void
set_state (VigilSource      *self,
           VigilSourceState  state,
           const char       *message,
           gint64            retry_at)
{
  VigilSourcePrivate *priv = vigil_source_get_instance_private (self);

  g_object_freeze_notify (G_OBJECT (self));

  if (priv->state != state)
    {
      g_debug ("%s: %s → %s%s%s", priv->id,
               vigil_source_state_to_string (priv->state),
               vigil_source_state_to_string (state),
               message ? ": " : "", message ? message : "");
      priv->state = state;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_STATE]);
    }

  if (g_strcmp0 (priv->message, message) != 0)
    {
      g_free (priv->message);
      priv->message = g_strdup (message);
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_MESSAGE]);
    }

  if (priv->retry_at != retry_at)
    {
      priv->retry_at = retry_at;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_RETRY_AT]);
    }

  g_object_thaw_notify (G_OBJECT (self));
}

static double
count_last_minute (VigilSource *self)
{
  VigilSourcePrivate *priv = vigil_source_get_instance_private (self);
  gint64 now_s = g_get_monotonic_time () / G_USEC_PER_SEC;
  guint64 total = 0;

  for (guint i = 0; i < RATE_BUCKETS; i++)
    if (now_s - priv->rate_second[i] < RATE_BUCKETS)
      total += priv->rate_count[i];

  return (double) total;
}

static void
update_rate (VigilSource *self)
{
  VigilSourcePrivate *priv = vigil_source_get_instance_private (self);
  double rate = count_last_minute (self);

  if (rate != priv->events_per_minute)
    {
      priv->events_per_minute = rate;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_EVENTS_PER_MINUTE]);
    }
}

static void
note_events (VigilSource *self,
             guint        n)
{
  VigilSourcePrivate *priv = vigil_source_get_instance_private (self);
  gint64 now_s = g_get_monotonic_time () / G_USEC_PER_SEC;
  guint slot = (guint) (now_s % RATE_BUCKETS);

  if (priv->rate_second[slot] != now_s)
    {
      priv->rate_second[slot] = now_s;
      priv->rate_count[slot] = 0;
    }
  priv->rate_count[slot] += n;

  priv->last_event_at = g_get_real_time ();
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LAST_EVENT_AT]);
  update_rate (self);
}

static gboolean
tick_cb (gpointer user_data)
{
  update_rate (VIGIL_SOURCE (user_data));

  return G_SOURCE_CONTINUE;
}

static void
do_disconnect (VigilSource *self)
{
  VigilSourcePrivate *priv = vigil_source_get_instance_private (self);

  if (priv->in_disconnect)
    return;

  priv->in_disconnect = TRUE;
  VIGIL_SOURCE_GET_CLASS (self)->disconnect (self);
  priv->in_disconnect = FALSE;
  priv->live_since = 0;
}

static void
begin_connect (VigilSource *self)
{
  VigilSourcePrivate *priv = vigil_source_get_instance_private (self);

  priv->live_since = 0;
  priv->progressed = FALSE;
  priv->cursor_blocked = FALSE;
  set_state (self, VIGIL_SOURCE_STATE_CONNECTING, NULL, 0);
  VIGIL_SOURCE_GET_CLASS (self)->connect (self);
}

static gboolean
reconnect_cb (gpointer user_data)
{
  VigilSource *self = VIGIL_SOURCE (user_data);
  VigilSourcePrivate *priv = vigil_source_get_instance_private (self);

  priv->reconnect_id = 0;
  if (priv->running)
    begin_connect (self);

  return G_SOURCE_REMOVE;
}

static void
schedule_reconnect (VigilSource *self,
                    guint        delay_ms,
                    const char  *message)
{
  VigilSourcePrivate *priv = vigil_source_get_instance_private (self);
  gint64 retry_at = g_get_real_time () + (gint64) delay_ms * 1000;

  g_clear_handle_id (&priv->reconnect_id, g_source_remove);
  set_state (self, VIGIL_SOURCE_STATE_BACKING_OFF, message, retry_at);
  priv->reconnect_id = g_timeout_add (delay_ms, reconnect_cb, self);
}

static void
persist_cursor (VigilSource *self,
                const char  *cursor)
{
  VigilSourcePrivate *priv = vigil_source_get_instance_private (self);
  g_autoptr(GError) error = NULL;

  if (!vigil_store_set_cursor (priv->store, priv->id, cursor, &error))
    {
      g_autofree char *message =
        g_strdup_printf (_("Could not save where this source stopped: %s"), error->message);
      vigil_source_fail (self, FALSE, message);
    }
}

static void
flush_committed_cursor (VigilSource *self)
{
  VigilSourcePrivate *priv = vigil_source_get_instance_private (self);
  g_autofree char *cursor = g_steal_pointer (&priv->committed_cursor);

  if (cursor)
    {
      priv->cursor_written_at = g_get_monotonic_time ();
      persist_cursor (self, cursor);
    }
}

static void
archived (ArchiveData                  *data,
          gboolean                      ok,
          const VigilStoreInsertResult *result,
          GError                       *error)
{
  VigilSource *self = data->self;
  VigilSourcePrivate *priv = vigil_source_get_instance_private (self);
  VigilStoreInsertResult res = *result;

  g_assert (priv->archives_in_flight > 0);
  priv->archives_in_flight--;

  if (!ok)
    {
      g_autofree char *message =
        g_strdup_printf (_("Could not archive posts: %s"), error->message);

      /* What committed before this batch is safe to keep. */
      flush_committed_cursor (self);
      /* Nothing handed over until the next connection may move the
       * cursor past this batch: the next connection resumes before it. */
      g_clear_pointer (&priv->deferred_cursor, g_free);
      priv->cursor_epoch++;
      priv->cursor_blocked = TRUE;
      vigil_source_fail (self, FALSE, message);
      archive_data_free (data);
      return;
    }

  if (res.added + res.edits + res.deletes > 0)
    {
      priv->posts_archived += res.added + res.edits + res.deletes;
      priv->progressed = TRUE;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_POSTS_ARCHIVED]);
    }

  /* Only now is the batch durable, so only now may the cursor move.
   * Writing the cursor waits for the store's queue, so while more batches
   * are on their way it is written at most once per interval; the newest
   * committed one is never older than what is archived. */
  if (data->cursor && data->epoch == priv->cursor_epoch)
    {
      g_free (priv->committed_cursor);
      priv->committed_cursor = g_steal_pointer (&data->cursor);
    }
  if (priv->archives_in_flight == 0 ||
      g_get_monotonic_time () - priv->cursor_written_at >= CURSOR_WRITE_INTERVAL_US)
    flush_committed_cursor (self);
  if (priv->archives_in_flight == 0 && priv->deferred_cursor)
    {
      g_autofree char *cursor = g_steal_pointer (&priv->deferred_cursor);
      persist_cursor (self, cursor);
    }

  archive_data_free (data);
}

static void
insert_cb (GObject      *object,
           GAsyncResult *result,
           gpointer      user_data)
{
  VigilStoreInsertResult res = { 0 };
  g_autoptr(GError) error = NULL;
  gboolean ok = vigil_store_insert_finish (VIGIL_STORE (object), result, &res, &error);

  archived (user_data, ok, &res, error);
}

static void
pushed_cb (GObject      *object,
           GAsyncResult *result,
           gpointer      user_data)
{
  VigilStoreInsertResult res = { 0 };
  g_autoptr(GError) error = NULL;
  gboolean ok = vigil_ingest_pipeline_push_finish (VIGIL_INGEST_PIPELINE (object), result,
                                                   &res, &error);

  archived (user_data, ok, &res, error);
}

/* --- back-pressure --- */

static void
unpause (VigilSource *self)
{
  VigilSourcePrivate *priv = vigil_source_get_instance_private (self);

  g_clear_handle_id (&priv->pause_id, g_source_remove);
  if (priv->paused_by != NULL)
    {
      g_clear_signal_handler (&priv->accepting_id, priv->paused_by);
      g_clear_object (&priv->paused_by);
    }
}

static void
on_pipeline_accepting_cb (GObject    *object,
                          GParamSpec *pspec,
                          gpointer    user_data)
{
  VigilSource *self = VIGIL_SOURCE (user_data);
  VigilSourcePrivate *priv = vigil_source_get_instance_private (self);

  if (!vigil_ingest_pipeline_get_accepting (VIGIL_INGEST_PIPELINE (object)) || priv->pause_id)
    return;
  g_debug ("%s: the archive caught up; resuming", priv->id);
  unpause (self);
  if (priv->running && !priv->reconnect_id)
    begin_connect (self);
}

static gboolean
pause_cb (gpointer user_data)
{
  VigilSource *self = VIGIL_SOURCE (user_data);
  VigilSourcePrivate *priv = vigil_source_get_instance_private (self);

  priv->pause_id = 0;
  if (!priv->running || priv->paused_by == NULL)
    return G_SOURCE_REMOVE;
  if (vigil_ingest_pipeline_get_accepting (priv->paused_by))
    {
      /* drained meanwhile: no need to let go */
      unpause (self);
      return G_SOURCE_REMOVE;
    }
  g_debug ("%s: the archive is behind; pausing", priv->id);
  g_clear_handle_id (&priv->reconnect_id, g_source_remove);
  do_disconnect (self);
  /* what was received is on its way to disk; the cursor moves only as it
   * commits, so reconnecting later resumes exactly there */
  set_state (self, VIGIL_SOURCE_STATE_CONNECTING,
             _("Paused while the archive catches up; this source resumes where it stopped."), 0);
  return G_SOURCE_REMOVE;
}

/* Called when the pipeline stopped accepting: disconnect at the next main
 * loop iteration (never from inside the subclass's own callback), and come
 * back once it accepts again. */
static void
pause_for (VigilSource         *self,
           VigilIngestPipeline *pipeline)
{
  VigilSourcePrivate *priv = vigil_source_get_instance_private (self);

  if (priv->paused_by != NULL)
    return;
  priv->pauses++;
  priv->paused_by = g_object_ref (pipeline);
  priv->accepting_id = g_signal_connect_object (pipeline, "notify::accepting",
                                                G_CALLBACK (on_pipeline_accepting_cb), self, 0);
  priv->pause_id = g_idle_add_full (G_PRIORITY_DEFAULT, pause_cb, self, NULL);
}

static void
vigil_source_real_connect (VigilSource *self)
{
  vigil_source_fail (self, TRUE, _("This kind of source cannot connect."));
}

static void
vigil_source_real_disconnect (VigilSource *self)
{
}

static void
vigil_source_constructed (GObject *object)
{
  VigilSource *self = VIGIL_SOURCE (object);
  VigilSourcePrivate *priv = vigil_source_get_instance_private (self);

  G_OBJECT_CLASS (vigil_source_parent_class)->constructed (object);

  if (!priv->id)
    priv->id = g_strdup (G_OBJECT_TYPE_NAME (object));
  if (!priv->session)
    priv->session = soup_session_new ();
}

static void
vigil_source_dispose (GObject *object)
{
  VigilSource *self = VIGIL_SOURCE (object);
  VigilSourcePrivate *priv = vigil_source_get_instance_private (self);

  /* Subclasses stop themselves in their own dispose; here only what the
   * base class owns goes. */
  priv->running = FALSE;
  unpause (self);
  g_clear_handle_id (&priv->reconnect_id, g_source_remove);
  g_clear_handle_id (&priv->tick_id, g_source_remove);
  g_clear_object (&priv->store);
  g_clear_object (&priv->session);

  G_OBJECT_CLASS (vigil_source_parent_class)->dispose (object);
}

static void
vigil_source_finalize (GObject *object)
{
  VigilSource *self = VIGIL_SOURCE (object);
  VigilSourcePrivate *priv = vigil_source_get_instance_private (self);

  g_free (priv->id);
  g_free (priv->message);
  g_free (priv->deferred_cursor);
  g_free (priv->committed_cursor);

  G_OBJECT_CLASS (vigil_source_parent_class)->finalize (object);
}

static void
vigil_source_get_property (GObject    *object,
                           guint       prop_id,
                           GValue     *value,
                           GParamSpec *pspec)
{
  VigilSource *self = VIGIL_SOURCE (object);
  VigilSourcePrivate *priv = vigil_source_get_instance_private (self);

  switch (prop_id)
    {
    case PROP_ID:
      g_value_set_string (value, priv->id);
      break;
    case PROP_STORE:
      g_value_set_object (value, priv->store);
      break;
    case PROP_SESSION:
      g_value_set_object (value, priv->session);
      break;
    case PROP_STATE:
      g_value_set_enum (value, priv->state);
      break;
    case PROP_MESSAGE:
      g_value_set_string (value, priv->message);
      break;
    case PROP_RETRY_AT:
      g_value_set_int64 (value, priv->retry_at);
      break;
    case PROP_LAST_EVENT_AT:
      g_value_set_int64 (value, priv->last_event_at);
      break;
    case PROP_EVENTS_PER_MINUTE:
      g_value_set_double (value, priv->events_per_minute);
      break;
    case PROP_POSTS_ARCHIVED:
      g_value_set_uint64 (value, priv->posts_archived);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
vigil_source_set_property (GObject      *object,
                           guint         prop_id,
                           const GValue *value,
                           GParamSpec   *pspec)
{
  VigilSource *self = VIGIL_SOURCE (object);
  VigilSourcePrivate *priv = vigil_source_get_instance_private (self);

  switch (prop_id)
    {
    case PROP_ID:
      priv->id = g_value_dup_string (value);
      break;
    case PROP_STORE:
      priv->store = g_value_dup_object (value);
      break;
    case PROP_SESSION:
      priv->session = g_value_dup_object (value);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
vigil_source_class_init (VigilSourceClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->constructed = vigil_source_constructed;
  object_class->dispose = vigil_source_dispose;
  object_class->finalize = vigil_source_finalize;
  object_class->get_property = vigil_source_get_property;
  object_class->set_property = vigil_source_set_property;

  klass->connect = vigil_source_real_connect;
  klass->disconnect = vigil_source_real_disconnect;

  properties[PROP_ID] =
    g_param_spec_string ("id", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_STORE] =
    g_param_spec_object ("store", NULL, NULL, VIGIL_TYPE_STORE,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_SESSION] =
    g_param_spec_object ("session", NULL, NULL, SOUP_TYPE_SESSION,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_STATE] =
    g_param_spec_enum ("state", NULL, NULL,
                       VIGIL_TYPE_SOURCE_STATE, VIGIL_SOURCE_STATE_STOPPED,
                       G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_MESSAGE] =
    g_param_spec_string ("message", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_RETRY_AT] =
    g_param_spec_int64 ("retry-at", NULL, NULL, 0, G_MAXINT64, 0,
                        G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_LAST_EVENT_AT] =
    g_param_spec_int64 ("last-event-at", NULL, NULL, 0, G_MAXINT64, 0,
                        G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_EVENTS_PER_MINUTE] =
    g_param_spec_double ("events-per-minute", NULL, NULL, 0, G_MAXDOUBLE, 0,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_POSTS_ARCHIVED] =
    g_param_spec_uint64 ("posts-archived", NULL, NULL, 0, G_MAXUINT64, 0,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
vigil_source_init (VigilSource *self)
{
  VigilSourcePrivate *priv = vigil_source_get_instance_private (self);

  vigil_backoff_init (&priv->backoff, 1000, 300 * 1000);
  for (guint i = 0; i < RATE_BUCKETS; i++)
    priv->rate_second[i] = G_MININT64 / 2;
}

const char *
vigil_source_get_id (VigilSource *self)
{
  VigilSourcePrivate *priv = vigil_source_get_instance_private (self);

  g_return_val_if_fail (VIGIL_IS_SOURCE (self), NULL);

  return priv->id;
}

VigilStore *
vigil_source_get_store (VigilSource *self)
{
  VigilSourcePrivate *priv = vigil_source_get_instance_private (self);

  g_return_val_if_fail (VIGIL_IS_SOURCE (self), NULL);

  return priv->store;
}

SoupSession *
vigil_source_get_session (VigilSource *self)
{
  VigilSourcePrivate *priv = vigil_source_get_instance_private (self);

  g_return_val_if_fail (VIGIL_IS_SOURCE (self), NULL);

  return priv->session;
}

VigilSourceState
vigil_source_get_state (VigilSource *self)
{
  VigilSourcePrivate *priv = vigil_source_get_instance_private (self);

  g_return_val_if_fail (VIGIL_IS_SOURCE (self), VIGIL_SOURCE_STATE_STOPPED);

  return priv->state;
}

const char *
vigil_source_get_message (VigilSource *self)
{
  VigilSourcePrivate *priv = vigil_source_get_instance_private (self);

  g_return_val_if_fail (VIGIL_IS_SOURCE (self), NULL);

  return priv->message;
}

gint64
vigil_source_get_retry_at (VigilSource *self)
{
  VigilSourcePrivate *priv = vigil_source_get_instance_private (self);

  g_return_val_if_fail (VIGIL_IS_SOURCE (self), 0);

  return priv->retry_at;
}

gint64
vigil_source_get_last_event_at (VigilSource *self)
{
  VigilSourcePrivate *priv = vigil_source_get_instance_private (self);

  g_return_val_if_fail (VIGIL_IS_SOURCE (self), 0);

  return priv->last_event_at;
}

double
vigil_source_get_events_per_minute (VigilSource *self)
{
  g_return_val_if_fail (VIGIL_IS_SOURCE (self), 0);

  update_rate (self);

  return ((VigilSourcePrivate *) vigil_source_get_instance_private (self))->events_per_minute;
}

guint64
vigil_source_get_posts_archived (VigilSource *self)
{
  VigilSourcePrivate *priv = vigil_source_get_instance_private (self);

  g_return_val_if_fail (VIGIL_IS_SOURCE (self), 0);

  return priv->posts_archived;
}

void
vigil_source_start (VigilSource *self)
{
  VigilSourcePrivate *priv = vigil_source_get_instance_private (self);

  g_return_if_fail (VIGIL_IS_SOURCE (self));

  if (priv->running)
    return;

  if (!priv->store)
    {
      set_state (self, VIGIL_SOURCE_STATE_FAILED,
                 _("This source has no archive to write to."), 0);
      return;
    }

  priv->running = TRUE;
  vigil_backoff_reset (&priv->backoff);
  if (!priv->tick_id)
    priv->tick_id = g_timeout_add_seconds (1, tick_cb, self);

  begin_connect (self);
}

void
vigil_source_stop (VigilSource *self)
{
  VigilSourcePrivate *priv = vigil_source_get_instance_private (self);

  g_return_if_fail (VIGIL_IS_SOURCE (self));

  g_clear_handle_id (&priv->reconnect_id, g_source_remove);
  g_clear_handle_id (&priv->tick_id, g_source_remove);
  unpause (self);

  if (priv->running)
    {
      priv->running = FALSE;
      do_disconnect (self);
    }

  set_state (self, VIGIL_SOURCE_STATE_STOPPED, NULL, 0);
}

void
vigil_source_set_backoff (VigilSource *self,
                          guint        initial_ms,
                          guint        max_ms)
{
  VigilSourcePrivate *priv = vigil_source_get_instance_private (self);

  g_return_if_fail (VIGIL_IS_SOURCE (self));

  vigil_backoff_init (&priv->backoff, initial_ms, max_ms);
}

void
vigil_source_set_live (VigilSource *self)
{
  VigilSourcePrivate *priv = vigil_source_get_instance_private (self);

  g_return_if_fail (VIGIL_IS_SOURCE (self));

  if (!priv->running)
    return;

  priv->live_since = g_get_monotonic_time ();
  set_state (self, VIGIL_SOURCE_STATE_LIVE, NULL, 0);
}

void
vigil_source_archive (VigilSource *self,
                      GPtrArray   *posts,
                      const char  *cursor)
{
  vigil_source_archive_full (self, posts, cursor, NULL, NULL);
}

void
vigil_source_archive_full (VigilSource    *self,
                           GPtrArray      *posts,
                           const char     *cursor,
                           GDestroyNotify  done,
                           gpointer        done_data)
{
  VigilSourcePrivate *priv = vigil_source_get_instance_private (self);
  VigilIngestPipeline *pipeline;
  ArchiveData *data;

  g_return_if_fail (VIGIL_IS_SOURCE (self));

  if (!priv->store || !posts || posts->len == 0)
    {
      /* Nothing to write, but the cursor must not overtake batches that
       * are still on their way to disk. */
      if (priv->store && cursor && !priv->cursor_blocked)
        {
          if (priv->archives_in_flight > 0)
            {
              g_free (priv->deferred_cursor);
              priv->deferred_cursor = g_strdup (cursor);
            }
          else
            persist_cursor (self, cursor);
        }
      if (done)
        done (done_data);
      return;
    }

  note_events (self, posts->len);

  /* A cursor given later supersedes a deferred one. */
  g_clear_pointer (&priv->deferred_cursor, g_free);

  pipeline = vigil_ingest_pipeline_get_for_store (priv->store);
  if (pipeline == NULL && priv->archives_in_flight >= MAX_ARCHIVES_IN_FLIGHT)
    vigil_store_flush (priv->store);

  data = g_new0 (ArchiveData, 1);
  data->self = g_object_ref (self);
  data->posts = g_ptr_array_ref (posts);
  data->cursor = priv->cursor_blocked ? NULL : g_strdup (cursor);
  data->epoch = priv->cursor_epoch;
  data->done = done;
  data->done_data = done_data;
  priv->archives_in_flight++;

  /* Writes are never cancelled: what was received gets archived. */
  if (pipeline == NULL)
    vigil_store_insert_async (priv->store, posts, NULL, insert_cb, data);
  else if (!vigil_ingest_pipeline_push_async (pipeline, posts, pushed_cb, data))
    pause_for (self, pipeline);
}

guint
vigil_source_get_pauses (VigilSource *self)
{
  VigilSourcePrivate *priv = vigil_source_get_instance_private (self);

  g_return_val_if_fail (VIGIL_IS_SOURCE (self), 0);

  return priv->pauses;
}

char *
vigil_source_load_cursor (VigilSource *self)
{
  VigilSourcePrivate *priv = vigil_source_get_instance_private (self);
  g_autoptr(GError) error = NULL;
  char *cursor;

  g_return_val_if_fail (VIGIL_IS_SOURCE (self), NULL);

  if (!priv->store)
    return NULL;

  cursor = vigil_store_get_cursor (priv->store, priv->id, &error);
  if (error)
    g_debug ("%s: no cursor: %s", priv->id, error->message);

  return cursor;
}

void
vigil_source_fail (VigilSource *self,
                   gboolean     permanent,
                   const char  *message)
{
  VigilSourcePrivate *priv = vigil_source_get_instance_private (self);
  gboolean healthy;

  g_return_if_fail (VIGIL_IS_SOURCE (self));

  /* A failure reported while stopping, or after stop(), changes nothing. */
  if (!priv->running || priv->in_disconnect)
    return;

  if (!message)
    message = _("The connection failed.");

  healthy = priv->progressed ||
            (priv->live_since > 0 &&
             g_get_monotonic_time () - priv->live_since >= HEALTHY_PERIOD_US);

  do_disconnect (self);

  if (permanent)
    {
      priv->running = FALSE;
      g_clear_handle_id (&priv->reconnect_id, g_source_remove);
      set_state (self, VIGIL_SOURCE_STATE_FAILED, message, 0);
      return;
    }

  if (healthy)
    vigil_backoff_reset (&priv->backoff);

  schedule_reconnect (self, vigil_backoff_next (&priv->backoff, g_random_double ()), message);
}

void
vigil_source_retry_after (VigilSource *self,
                          guint        seconds,
                          const char  *message)
{
  VigilSourcePrivate *priv = vigil_source_get_instance_private (self);
  guint delay_ms;

  g_return_if_fail (VIGIL_IS_SOURCE (self));

  if (!priv->running || priv->in_disconnect)
    return;

  if (!message)
    message = _("The server asked us to wait before trying again.");

  do_disconnect (self);

  /* The server said when; still count it, so a server that keeps saying
   * "now" is not hammered. */
  delay_ms = vigil_backoff_next (&priv->backoff, g_random_double ());
  if (seconds > 0)
    delay_ms = MAX (delay_ms, MIN (seconds, MAX_RETRY_AFTER_S) * 1000);

  schedule_reconnect (self, delay_ms, message);
}

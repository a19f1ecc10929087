/* vigil-pg-store-notify.c: other workstations' changes, through LISTEN/NOTIFY
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A third connection of the store's own LISTENs on "vigil_posts" and
 * "vigil_records" (the schema's triggers NOTIFY them from each writing
 * transaction, on commit). Its socket is watched on the opener's main
 * context (g_source_add_unix_fd on PQsocket): nothing runs until the server
 * sends something, so no loop polls the server. On a notification it asks,
 * without blocking (PQsendQuery), for the highest post and event ids and
 * the records after the last one it announced, then emits "changed" and
 * "record-appended" for them, in seq order, on that context. Notifications
 * that arrive meanwhile fold into one more such query.
 *
 * Records this store appended are announced too, once: the writer hands
 * them over (_vigil_pg_store_record_committed) and whichever of the two
 * paths sees a seq first announces it; a record is never announced before
 * an earlier one another workstation appended (a gap makes the listener
 * read instead).
 *
 * When the listening connection breaks (the server stopped, the network
 * went), the store goes offline ("online" FALSE, writes a person asks for
 * are refused with UNAVAILABLE, reads keep what the app has), and it
 * connects again with backoff (vigil-pg-store-reconnect.c); once back, it
 * listens again and catches up on what was written meanwhile, as above.
 */
#define G_LOG_DOMAIN "vigil-pg-store-notify"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <glib-unix.h>

#include "vigil-pg-store-live.h"

/* records read per query; more make another query */
#define CATCH_UP_LIMIT 1000

typedef struct
{
  gint          online;          /* atomic */
  gboolean      started;
  gboolean      querying;        /* a catch-up query is in flight */
  gboolean      dirty;           /* something was notified since it was sent */
  guint         n_result;        /* results of the query read so far */
  guint         n_records;       /* records the query returned */
  gint64        last_post;
  gint64        last_event;
  gint64        seen_event_id;
  guint         attempt;         /* reconnection attempts since the loss */
  GSource      *retry_source;
  GCancellable *connecting;      /* a reconnection in flight */
  GSource      *replay_source;
  gulong        changed_id;
  GMutex        queue_lock;
  GQueue        queue;           /* posts kept while offline (reconnect.c) */
} Live;

/* batches of posts kept while offline */
#define MAX_QUEUED 256

static Live *
live_of (VigilPgStore *self)
{
  if (self->notify_state == NULL)
    {
      Live *live = g_new0 (Live, 1);

      g_atomic_int_set (&live->online, TRUE);
      g_mutex_init (&live->queue_lock);
      self->notify_state = live;
    }
  return self->notify_state;
}

gboolean
_vigil_pg_store_is_online (VigilPgStore *self)
{
  return self->notify_state == NULL || g_atomic_int_get (&((Live *) self->notify_state)->online);
}

static void set_online (VigilPgStore *self, gboolean online);
static void schedule_reconnect (VigilPgStore *self);
static void start_query (VigilPgStore *self);

/* --- Listening ----------------------------------------------------------- */

static void
drop_listener (VigilPgStore *self)
{
  Live *live = live_of (self);

  if (self->listen_source != NULL)
    {
      g_source_destroy (self->listen_source);
      g_clear_pointer (&self->listen_source, g_source_unref);
    }
  g_clear_pointer (&self->listen_conn, PQfinish);
  live->querying = FALSE;
}

/* The listener broke: offline until it reconnects. */
static void
listener_lost (VigilPgStore *self)
{
  g_debug ("lost the team database: %s",
           self->listen_conn ? PQerrorMessage (self->listen_conn) : "no connection");
  drop_listener (self);
  set_online (self, FALSE);
  schedule_reconnect (self);
}

static void
announce_record (VigilPgStore      *self,
                 const VigilRecord *record)
{
  if (record->seq <= self->seen_record_seq)
    return;
  self->seen_record_seq = record->seq;
  _vigil_store_emit_record_appended (VIGIL_STORE (self), record);
}

static void
handle_result (VigilPgStore *self,
               PGresult     *res)
{
  Live *live = live_of (self);
  guint index = live->n_result++;

  if (PQresultStatus (res) != PGRES_TUPLES_OK)
    {
      /* a role that may not read a table gets what it may */
      g_debug ("catch-up query %u failed: %s", index, PQresultErrorMessage (res));
      return;
    }
  if (index == 0 && PQntuples (res) == 1)
    {
      live->last_post = _vigil_pg_get_int (res, 0, 0);
      live->last_event = _vigil_pg_get_int (res, 0, 1);
    }
  else if (index == 1)
    {
      live->n_records = PQntuples (res);
      for (int i = 0; i < PQntuples (res); i++)
        {
          g_autoptr(VigilRecord) record = _vigil_pg_row_to_record (res, i);

          announce_record (self, record);
        }
    }
}

static void
query_done (VigilPgStore *self)
{
  Live *live = live_of (self);

  live->querying = FALSE;
  if (live->last_post > self->seen_post_id || live->last_event > live->seen_event_id)
    {
      guint n_added = (guint) MAX (0, live->last_post - self->seen_post_id);
      guint n_events = (guint) MAX (0, live->last_event - live->seen_event_id);

      self->seen_post_id = MAX (self->seen_post_id, live->last_post);
      live->seen_event_id = MAX (live->seen_event_id, live->last_event);
      _vigil_store_emit_changed (VIGIL_STORE (self), self->seen_post_id, n_added, n_events);
    }
  g_debug ("caught up: %u record(s), now at seq %" G_GINT64_FORMAT ", post %" G_GINT64_FORMAT,
           live->n_records, self->seen_record_seq, self->seen_post_id);
  if (live->n_records >= CATCH_UP_LIMIT)
    live->dirty = TRUE;
  if (live->dirty && self->listen_conn != NULL)
    start_query (self);
}

static void
start_query (VigilPgStore *self)
{
  Live *live = live_of (self);
  g_autofree char *sql = NULL;

  if (live->querying || self->listen_conn == NULL)
    {
      live->dirty = TRUE;
      return;
    }
  sql = g_strdup_printf ("SELECT (SELECT coalesce (max (id), 0) FROM posts), "
                         "(SELECT coalesce (max (id), 0) FROM events); "
                         "SELECT seq, kind, key, version, actor, at_us, body FROM records "
                         "WHERE seq > %" G_GINT64_FORMAT " ORDER BY seq LIMIT %d",
                         self->seen_record_seq, CATCH_UP_LIMIT);
  live->dirty = FALSE;
  live->n_result = 0;
  live->n_records = 0;
  live->last_post = self->seen_post_id;
  live->last_event = live->seen_event_id;
  if (!PQsendQuery (self->listen_conn, sql))
    {
      listener_lost (self);
      return;
    }
  live->querying = TRUE;
  PQflush (self->listen_conn);
}

/* Every "changed" (this store's inserts too): what is announced already. */
static void
changed_cb (VigilStore *store,
            gint64      last_id,
            guint       n_added,
            guint       n_events,
            gpointer    user_data)
{
  VigilPgStore *self = VIGIL_PG_STORE (store);

  self->seen_post_id = MAX (self->seen_post_id, last_id);
}

/* Notifications libpq has parsed (it may have read them along with a
 * result: they wait in its buffer, not on the socket). */
static gboolean
drain_notifies (VigilPgStore *self,
                PGconn       *conn)
{
  /* the writer's own commits are announced by the writer */
  int own_pid = self->write_conn ? PQbackendPID (self->write_conn) : 0;
  PGnotify *notify;
  gboolean notified = FALSE;

  while ((notify = PQnotifies (conn)) != NULL)
    {
      g_debug ("notified on %s (%s)%s", notify->relname, notify->extra,
               notify->be_pid == own_pid ? " by this store" : "");
      if (notify->be_pid != own_pid)
        notified = TRUE;
      PQfreemem (notify);
    }
  return notified;
}

static gboolean
listen_ready_cb (gint         fd,
                 GIOCondition condition,
                 gpointer     user_data)
{
  g_autoptr(VigilPgStore) self = g_object_ref (VIGIL_PG_STORE (user_data));
  Live *live = live_of (self);
  PGconn *conn = self->listen_conn;
  gboolean notified;

  if (!PQconsumeInput (conn) || PQstatus (conn) != CONNECTION_OK)
    {
      listener_lost (self);
      return G_SOURCE_REMOVE;
    }
  notified = drain_notifies (self, conn);
  while (live->querying && !PQisBusy (conn))
    {
      PGresult *res = PQgetResult (conn);

      if (res == NULL)
        {
          query_done (self);
          break;
        }
      handle_result (self, res);
      PQclear (res);
      if (self->listen_conn != conn)
        return G_SOURCE_REMOVE;   /* a handler closed the store */
    }
  if (self->listen_conn != conn)
    return G_SOURCE_REMOVE;
  notified = drain_notifies (self, conn) || notified;
  if (notified)
    start_query (self);
  if (PQstatus (conn) != CONNECTION_OK)
    {
      listener_lost (self);
      return G_SOURCE_REMOVE;
    }
  return G_SOURCE_CONTINUE;
}

/* Takes conn (connected, LISTENing): watches it and catches up. Owner
 * context. */
static void
attach_listener (VigilPgStore *self,
                 PGconn       *conn)
{
  g_assert (self->listen_conn == NULL);

  self->listen_conn = conn;
  PQsetnonblocking (conn, 1);
  self->listen_source = g_unix_fd_source_new (PQsocket (conn), G_IO_IN | G_IO_HUP | G_IO_ERR);
  g_source_set_callback (self->listen_source, (GSourceFunc) (void (*) (void)) listen_ready_cb, self, NULL);
  g_source_set_static_name (self->listen_source, "[vigil] team database notifications");
  g_source_attach (self->listen_source, self->owner_context);
  set_online (self, TRUE);
  /* what was written while nobody listened */
  start_query (self);
  /* what arrived to be written meanwhile */
  _vigil_pg_store_replay_queued (self);
}

/* A new listening connection (any thread). */
static PGconn *
connect_listener (const char  *conninfo,
                  const char  *password,
                  GError     **error)
{
  PGconn *conn = _vigil_pg_connect (conninfo, password, error);

  if (conn != NULL && !_vigil_pg_exec (conn, "LISTEN vigil_posts; LISTEN vigil_records", error))
    g_clear_pointer (&conn, PQfinish);
  return conn;
}

/* --- Online state and reconnection --------------------------------------- */

static void
set_online (VigilPgStore *self,
            gboolean      online)
{
  Live *live = live_of (self);

  if (online)
    live->attempt = 0;
  if (g_atomic_int_get (&live->online) == online)
    return;
  g_atomic_int_set (&live->online, online);
  g_debug ("team database %s", online ? "back online" : "offline");
  _vigil_store_set_online (VIGIL_STORE (self), online);
}

static void
reconnected_cb (GObject      *source,
                GAsyncResult *result,
                gpointer      user_data)
{
  VigilPgStore *self = VIGIL_PG_STORE (source);
  g_autoptr(GError) error = NULL;
  PGconn *conn = g_task_propagate_pointer (G_TASK (result), &error);
  Live *live = self->notify_state;

  if (live == NULL)
    {
      /* stopped meanwhile */
      g_clear_pointer (&conn, PQfinish);
      return;
    }
  g_clear_object (&live->connecting);
  if (conn == NULL)
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        {
          g_debug ("reconnection attempt %u failed: %s", live->attempt, error->message);
          schedule_reconnect (self);
        }
      return;
    }
  if (!live->started)
    {
      PQfinish (conn);
      return;
    }
  attach_listener (self, conn);
}

static void
reconnect_thread (GTask        *task,
                  gpointer      source_object,
                  gpointer      task_data,
                  GCancellable *cancellable)
{
  VigilPgStore *self = source_object;
  GError *error = NULL;
  PGconn *conn = connect_listener (self->conninfo, self->password, &error);

  if (conn == NULL)
    g_task_return_error (task, error);
  else if (g_task_return_error_if_cancelled (task))
    PQfinish (conn);
  else
    g_task_return_pointer (task, conn, (GDestroyNotify) PQfinish);
}

static gboolean
retry_cb (gpointer user_data)
{
  VigilPgStore *self = user_data;
  Live *live = live_of (self);
  g_autoptr(GTask) task = NULL;

  g_clear_pointer (&live->retry_source, g_source_unref);
  live->connecting = g_cancellable_new ();
  g_main_context_push_thread_default (self->owner_context);
  task = g_task_new (self, live->connecting, reconnected_cb, NULL);
  g_main_context_pop_thread_default (self->owner_context);
  g_task_set_source_tag (task, retry_cb);
  g_task_run_in_thread (task, reconnect_thread);
  return G_SOURCE_REMOVE;
}

static void
schedule_reconnect (VigilPgStore *self)
{
  Live *live = live_of (self);
  guint delay;

  if (!live->started || live->retry_source != NULL || live->connecting != NULL
      || self->listen_conn != NULL)
    return;
  delay = _vigil_pg_backoff_ms (live->attempt++);
  g_debug ("reconnecting to the team database in %u ms", delay);
  live->retry_source = g_timeout_source_new (delay);
  g_source_set_callback (live->retry_source, retry_cb, self, NULL);
  g_source_set_static_name (live->retry_source, "[vigil] team database reconnection");
  g_source_attach (live->retry_source, self->owner_context);
}

static gboolean
replay_cb (gpointer data)
{
  VigilPgStore *self = data;

  g_clear_pointer (&live_of (self)->replay_source, g_source_unref);
  _vigil_pg_store_replay_queued (self);
  return G_SOURCE_REMOVE;
}

gboolean
_vigil_pg_store_check_listener (VigilPgStore *self)
{
  if (self->listen_conn != NULL
      && (!PQconsumeInput (self->listen_conn) || PQstatus (self->listen_conn) != CONNECTION_OK))
    listener_lost (self);
  return _vigil_pg_store_is_online (self);
}

static gboolean
check_listener_cb (gpointer data)
{
  g_autoptr(VigilPgStore) self = g_weak_ref_get (data);
  Live *live;

  if (self == NULL)
    return G_SOURCE_REMOVE;
  live = live_of (self);
  if (!_vigil_pg_store_check_listener (self))
    ;
  else if (self->listen_conn != NULL && live->replay_source == NULL
           && _vigil_pg_store_queue_length (self) > 0)
    {
      /* the server is there (only the writer's connection broke): try the
       * kept posts again in a moment, no faster */
      live->replay_source = g_timeout_source_new (_vigil_pg_backoff_ms (0));
      g_source_set_callback (live->replay_source, replay_cb, self, NULL);
      g_source_set_static_name (live->replay_source, "[vigil] team database replay");
      g_source_attach (live->replay_source, self->owner_context);
    }
  return G_SOURCE_REMOVE;
}

/* --- The queue of kept posts (vigil-pg-store-reconnect.c) ---------------- */

gboolean
_vigil_pg_store_queue_push (VigilPgStore *self,
                            gpointer      item)
{
  Live *live = live_of (self);
  gboolean pushed = FALSE;

  g_mutex_lock (&live->queue_lock);
  if (live->queue.length < MAX_QUEUED)
    {
      g_queue_push_tail (&live->queue, item);
      pushed = TRUE;
    }
  g_mutex_unlock (&live->queue_lock);
  return pushed;
}

gpointer
_vigil_pg_store_queue_pop (VigilPgStore *self)
{
  Live *live = self->notify_state;
  gpointer item;

  if (live == NULL)
    return NULL;
  g_mutex_lock (&live->queue_lock);
  item = g_queue_pop_head (&live->queue);
  g_mutex_unlock (&live->queue_lock);
  return item;
}

guint
_vigil_pg_store_queue_length (VigilPgStore *self)
{
  Live *live = self->notify_state;
  guint n;

  if (live == NULL)
    return 0;
  g_mutex_lock (&live->queue_lock);
  n = live->queue.length;
  g_mutex_unlock (&live->queue_lock);
  return n;
}

static void
weak_ref_free (gpointer data)
{
  g_weak_ref_clear (data);
  g_free (data);
}

void
_vigil_pg_store_connection_lost (VigilPgStore *self)
{
  g_autoptr(GSource) source = g_idle_source_new ();
  GWeakRef *ref = g_new0 (GWeakRef, 1);

  g_weak_ref_init (ref, self);
  g_source_set_callback (source, check_listener_cb, ref, weak_ref_free);
  g_source_set_static_name (source, "[vigil] team database check");
  g_source_attach (source, self->owner_context);
}

/* --- Records this store appended ----------------------------------------- */

typedef struct
{
  GWeakRef     store;
  VigilRecord *record;
} Committed;

static void
committed_free (gpointer data)
{
  Committed *c = data;

  g_weak_ref_clear (&c->store);
  vigil_record_free (c->record);
  g_free (c);
}

static gboolean
committed_cb (gpointer data)
{
  Committed *c = data;
  g_autoptr(VigilPgStore) self = g_weak_ref_get (&c->store);

  if (self == NULL || c->record->seq <= self->seen_record_seq)
    return G_SOURCE_REMOVE;
  if (c->record->seq == self->seen_record_seq + 1 || self->listen_conn == NULL)
    {
      /* the next one; or nobody listens to fill the gap: announce it now
       * without skipping the others (they come with the catch-up) */
      if (c->record->seq == self->seen_record_seq + 1)
        announce_record (self, c->record);
      else
        _vigil_store_emit_record_appended (VIGIL_STORE (self), c->record);
    }
  else
    start_query (self);   /* others' records come first */
  return G_SOURCE_REMOVE;
}

void
_vigil_pg_store_record_committed (VigilPgStore      *self,
                                  const VigilRecord *record)
{
  g_autoptr(GSource) source = g_idle_source_new ();
  Committed *c = g_new0 (Committed, 1);

  g_weak_ref_init (&c->store, self);
  c->record = vigil_record_copy (record);
  g_source_set_priority (source, G_PRIORITY_DEFAULT);
  g_source_set_callback (source, committed_cb, c, committed_free);
  g_source_set_static_name (source, "[vigil] team journal record");
  g_source_attach (source, self->owner_context);
}

/* --- Start and stop ------------------------------------------------------ */

gboolean
_vigil_pg_store_listen_start (VigilPgStore  *self,
                              GError       **error)
{
  Live *live = live_of (self);
  PGconn *conn;
  g_autoptr(PGresult) res = NULL;

  if (live->started)
    return TRUE;
  if (!(conn = connect_listener (self->conninfo, self->password, error)))
    return FALSE;
  /* from now on: what was there before is not news */
  res = _vigil_pg_exec_params (conn, "SELECT (SELECT coalesce (max (id), 0) FROM posts), "
                               "(SELECT coalesce (max (id), 0) FROM events), "
                               "(SELECT coalesce (max (seq), 0) FROM records)", 0, NULL, error);
  if (res == NULL)
    {
      PQfinish (conn);
      return FALSE;
    }
  self->seen_post_id = _vigil_pg_get_int (res, 0, 0);
  live->seen_event_id = _vigil_pg_get_int (res, 0, 1);
  self->seen_record_seq = _vigil_pg_get_int (res, 0, 2);
  live->started = TRUE;
  live->changed_id = g_signal_connect (self, "changed", G_CALLBACK (changed_cb), NULL);
  attach_listener (self, conn);
  return TRUE;
}

void
_vigil_pg_store_listen_stop (VigilPgStore *self)
{
  Live *live = self->notify_state;

  if (live == NULL)
    return;
  live->started = FALSE;
  g_clear_signal_handler (&live->changed_id, self);
  drop_listener (self);
  if (live->retry_source != NULL)
    {
      g_source_destroy (live->retry_source);
      g_clear_pointer (&live->retry_source, g_source_unref);
    }
  if (live->replay_source != NULL)
    {
      g_source_destroy (live->replay_source);
      g_clear_pointer (&live->replay_source, g_source_unref);
    }
  if (live->connecting != NULL)
    g_cancellable_cancel (live->connecting);
  g_clear_object (&live->connecting);
  _vigil_pg_store_fail_queued (self);
  g_mutex_clear (&live->queue_lock);
  g_clear_pointer (&self->notify_state, g_free);
}

/* The watch_external vfunc: the store already listens since it was opened
 * (a server tells; nothing polls). interval_ms is not needed. */
void
_vigil_pg_store_watch_external (VigilStore *store,
                                guint       interval_ms)
{
  VigilPgStore *self = VIGIL_PG_STORE (store);
  g_autoptr(GError) error = NULL;

  if (!_vigil_pg_store_listen_start (self, &error))
    {
      g_debug ("can't listen to the team database yet: %s", error->message);
      set_online (self, FALSE);
      live_of (self)->started = TRUE;
      schedule_reconnect (self);
    }
}

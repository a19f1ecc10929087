/* vigil-pg-store.c: VigilPgStore, the team database on PostgreSQL
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The object: opening (connect, migrate), the ordered writer, the read
 * connection, signals on the opener's context, and the vfuncs that don't
 * apply to a server (backup). The posts, the journal, the access log and
 * LISTEN/NOTIFY live in files of their own (see vigil-pg-store-private.h).
 */
#define G_LOG_DOMAIN "vigil-pg-store"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "vigil-pg-store-private.h"

G_DEFINE_FINAL_TYPE (VigilPgStore, vigil_pg_store, VIGIL_TYPE_STORE)

/* --- The writer ---------------------------------------------------------- */

typedef struct
{
  VigilPgWriteFunc  func;
  gpointer          data;
  GDestroyNotify    data_destroy;
  GDestroyNotify    result_destroy;
  GTask            *task;      /* async; NULL = a sync caller waits */

  GMutex            lock;
  GCond             cond;
  gboolean          done;
  gboolean          ok;
  gpointer          result;
  GError           *error;
} WriteJob;

static void
writer_run (gpointer job_data,
            gpointer pool_data)
{
  WriteJob *job = job_data;
  VigilPgStore *self = pool_data;
  gpointer result = NULL;
  GError *error = NULL;
  GCancellable *cancellable = job->task ? g_task_get_cancellable (job->task) : NULL;
  gboolean ok;

  /* a write cancelled before it started is skipped; once started it runs */
  ok = !g_cancellable_set_error_if_cancelled (cancellable, &error)
       && _vigil_pg_ensure_connected (self->write_conn, &error)
       && job->func (self, self->write_conn, job->data, &result, &error);
  /* a failed write never leaves its transaction open */
  _vigil_pg_rollback (self->write_conn);
  g_assert (ok || error != NULL);
  if (!ok && g_error_matches (error, VIGIL_STORE_ERROR, VIGIL_STORE_ERROR_UNAVAILABLE))
    _vigil_pg_store_connection_lost (self);

  if (job->data_destroy)
    job->data_destroy (job->data);

  if (job->task != NULL)
    {
      if (!ok)
        g_task_return_error (job->task, error);
      else if (job->result_destroy != NULL)
        g_task_return_pointer (job->task, result, job->result_destroy);
      else
        g_task_return_boolean (job->task, TRUE);
      g_object_unref (job->task);
      g_free (job);
      return;
    }

  g_mutex_lock (&job->lock);
  job->ok = ok;
  job->result = result;
  job->error = error;
  job->done = TRUE;
  g_cond_signal (&job->cond);
  g_mutex_unlock (&job->lock);
}

gboolean
_vigil_pg_store_write (VigilPgStore     *self,
                       VigilPgWriteFunc  func,
                       gpointer          data,
                       GDestroyNotify    data_destroy,
                       GDestroyNotify    result_destroy,
                       GTask            *task,
                       gpointer         *out_result,
                       GError          **error)
{
  WriteJob *job = g_new0 (WriteJob, 1);
  gboolean ok;

  job->func = func;
  job->data = data;
  job->data_destroy = data_destroy;
  job->result_destroy = result_destroy;
  job->task = task;   /* owned by the job */
  if (task != NULL)
    {
      g_thread_pool_push (self->writer, job, NULL);
      return TRUE;
    }

  g_mutex_init (&job->lock);
  g_cond_init (&job->cond);
  g_mutex_lock (&job->lock);
  g_thread_pool_push (self->writer, job, NULL);
  while (!job->done)
    g_cond_wait (&job->cond, &job->lock);
  g_mutex_unlock (&job->lock);

  ok = job->ok;
  if (!ok)
    g_propagate_error (error, job->error);
  if (out_result != NULL)
    *out_result = job->result;
  else if (job->result != NULL && result_destroy != NULL)
    result_destroy (job->result);
  g_mutex_clear (&job->lock);
  g_cond_clear (&job->cond);
  g_free (job);
  return ok;
}

/* --- Reads --------------------------------------------------------------- */

PGconn *
_vigil_pg_store_read_begin (VigilPgStore  *self,
                            GError       **error)
{
  g_mutex_lock (&self->read_lock);
  if (!_vigil_pg_ensure_connected (self->read_conn, error))
    {
      g_mutex_unlock (&self->read_lock);
      return NULL;
    }
  return self->read_conn;
}

void
_vigil_pg_store_read_end (VigilPgStore *self)
{
  /* a read that failed mid-transaction leaves none open */
  _vigil_pg_rollback (self->read_conn);
  g_mutex_unlock (&self->read_lock);
}

/* --- Signals on the opener's context ------------------------------------- */

typedef struct
{
  GWeakRef     store;
  gint64       last_id;
  gint64       last_event_id;  /* > 0: an insert's, to skip what the listener announced */
  guint        n_added;
  guint        n_events;
  VigilRecord *record;
} Emission;

static void
emission_free (gpointer data)
{
  Emission *e = data;

  g_weak_ref_clear (&e->store);
  g_clear_pointer (&e->record, vigil_record_free);
  g_free (e);
}

static gboolean
emit_cb (gpointer data)
{
  Emission *e = data;
  g_autoptr(VigilStore) store = g_weak_ref_get (&e->store);

  if (store == NULL)
    return G_SOURCE_REMOVE;
  if (e->record != NULL)
    _vigil_store_emit_record_appended (store, e->record);
  else if (e->last_event_id > 0)
    {
      VigilPgStore *self = VIGIL_PG_STORE (store);

      /* the listener may have announced this insert already */
      if (e->last_id <= self->seen_post_id && e->last_event_id <= self->seen_event_id)
        return G_SOURCE_REMOVE;
      self->seen_post_id = MAX (self->seen_post_id, e->last_id);
      self->seen_event_id = MAX (self->seen_event_id, e->last_event_id);
      _vigil_store_emit_changed (store, e->last_id, e->n_added, e->n_events);
    }
  else
    _vigil_store_emit_changed (store, e->last_id, e->n_added, e->n_events);
  return G_SOURCE_REMOVE;
}

static void
emit_idle (VigilPgStore *self,
           Emission     *e)
{
  g_autoptr(GSource) source = g_idle_source_new ();

  g_weak_ref_init (&e->store, self);
  g_source_set_priority (source, G_PRIORITY_DEFAULT);
  g_source_set_callback (source, emit_cb, e, emission_free);
  g_source_set_static_name (source, "[vigil] pg store signal");
  g_source_attach (source, self->owner_context);
}

void
_vigil_pg_store_emit_changed (VigilPgStore *self,
                              gint64        last_id,
                              guint         n_added,
                              guint         n_events)
{
  Emission *e = g_new0 (Emission, 1);

  e->last_id = last_id;
  e->n_added = n_added;
  e->n_events = n_events;
  emit_idle (self, e);
}

void
_vigil_pg_store_emit_insert (VigilPgStore *self,
                             gint64        last_id,
                             gint64        last_event_id,
                             guint         n_added,
                             guint         n_events)
{
  Emission *e = g_new0 (Emission, 1);

  e->last_id = last_id;
  e->last_event_id = MAX (1, last_event_id);
  e->n_added = n_added;
  e->n_events = n_events;
  emit_idle (self, e);
}

void
_vigil_pg_store_emit_record (VigilPgStore      *self,
                             const VigilRecord *record)
{
  Emission *e = g_new0 (Emission, 1);

  e->record = vigil_record_copy (record);
  emit_idle (self, e);
}

/* --- vfuncs -------------------------------------------------------------- */

static const char *
vigil_pg_store_get_path (VigilStore *store)
{
  return VIGIL_PG_STORE (store)->display_uri;
}

static gboolean
flush_write (VigilPgStore  *self,
             PGconn        *conn,
             gpointer       data,
             gpointer      *out_result,
             GError       **error)
{
  return TRUE;
}

static void
vigil_pg_store_flush (VigilStore *store)
{
  _vigil_pg_store_write (VIGIL_PG_STORE (store), flush_write, NULL, NULL, NULL, NULL, NULL, NULL);
}

typedef struct
{
  VigilStoreAnnotateFunc func;
  gpointer               data;
  GDestroyNotify         destroy;
} Annotator;

static gboolean
swap_annotator (VigilPgStore  *self,
                PGconn        *conn,
                gpointer       data,
                gpointer      *out_result,
                GError       **error)
{
  Annotator *a = data;
  Annotator old = { self->annotate, self->annotate_data, self->annotate_destroy };

  self->annotate = a->func;
  self->annotate_data = a->data;
  self->annotate_destroy = a->destroy;
  *a = old;
  return TRUE;
}

static void
vigil_pg_store_set_annotator (VigilStore             *store,
                              VigilStoreAnnotateFunc  func,
                              gpointer                user_data,
                              GDestroyNotify          destroy)
{
  Annotator a = { func, user_data, destroy };

  _vigil_pg_store_write (VIGIL_PG_STORE (store), swap_annotator, &a, NULL, NULL, NULL, NULL, NULL);
  /* the writer no longer uses the previous one */
  if (a.destroy != NULL)
    a.destroy (a.data);
}

static gboolean
vigil_pg_store_backup (VigilStore              *store,
                       const char              *dest_path,
                       VigilStoreProgressFunc   progress,
                       gpointer                 progress_data,
                       GCancellable            *cancellable,
                       GError                 **error)
{
  g_set_error (error, VIGIL_STORE_ERROR, VIGIL_STORE_ERROR_UNSUPPORTED,
               _("A team database is backed up by its server, not by Vigil: ask the "
                 "database’s administrators, who use pg_dump or pg_basebackup"));
  return FALSE;
}

/* --- GObject ------------------------------------------------------------- */

static void
vigil_pg_store_dispose (GObject *object)
{
  VigilPgStore *self = VIGIL_PG_STORE (object);

  _vigil_pg_store_listen_stop (self);
  /* runs what was queued, then stops the writer */
  if (self->writer != NULL)
    {
      g_thread_pool_free (self->writer, FALSE, TRUE);
      self->writer = NULL;
    }
  G_OBJECT_CLASS (vigil_pg_store_parent_class)->dispose (object);
}

static void
vigil_pg_store_finalize (GObject *object)
{
  VigilPgStore *self = VIGIL_PG_STORE (object);

  if (self->annotate_destroy != NULL)
    self->annotate_destroy (self->annotate_data);
  g_clear_pointer (&self->post_writer, _vigil_pg_store_writer_free);
  g_clear_pointer (&self->write_conn, PQfinish);
  g_clear_pointer (&self->read_conn, PQfinish);
  g_mutex_clear (&self->read_lock);
  g_clear_pointer (&self->owner_context, g_main_context_unref);
  if (self->password != NULL)
    memset (self->password, 0, strlen (self->password));
  g_clear_pointer (&self->password, g_free);
  if (self->conninfo != NULL)
    memset (self->conninfo, 0, strlen (self->conninfo));
  g_clear_pointer (&self->conninfo, g_free);
  g_clear_pointer (&self->display_uri, g_free);
  G_OBJECT_CLASS (vigil_pg_store_parent_class)->finalize (object);
}

static void
vigil_pg_store_class_init (VigilPgStoreClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  VigilStoreClass *store_class = VIGIL_STORE_CLASS (klass);

  object_class->dispose = vigil_pg_store_dispose;
  object_class->finalize = vigil_pg_store_finalize;

  store_class->get_path = vigil_pg_store_get_path;
  store_class->flush = vigil_pg_store_flush;
  store_class->set_annotator = vigil_pg_store_set_annotator;
  store_class->backup = vigil_pg_store_backup;

  /* vigil-pg-store-posts.c and the files it calls */
  _vigil_pg_store_class_init_posts (store_class);

  /* vigil-pg-store-journal.c */
  store_class->append_record = _vigil_pg_store_append_record;
  store_class->list_records = _vigil_pg_store_list_records;
  store_class->put_blob = _vigil_pg_store_put_blob;
  store_class->get_blob = _vigil_pg_store_get_blob;
  store_class->delete_blob = _vigil_pg_store_delete_blob;

  /* vigil-pg-store-access.c */
  store_class->log_access = _vigil_pg_store_log_access;
  store_class->list_access = _vigil_pg_store_list_access;
  store_class->set_cursor = _vigil_pg_store_set_cursor;
  store_class->get_cursor = _vigil_pg_store_get_cursor;
  store_class->override_sentiment = _vigil_pg_store_override_sentiment;
  store_class->get_sentiment_overrides = _vigil_pg_store_get_sentiment_overrides;
  store_class->archive_alert = _vigil_pg_store_archive_alert;
  store_class->get_alerts = _vigil_pg_store_get_alerts;

  /* vigil-pg-store-notify.c */
  store_class->watch_external = _vigil_pg_store_watch_external;

  /* vigil-pg-store-import.c */
  _vigil_pg_store_class_init_import (store_class);
}

static void
vigil_pg_store_init (VigilPgStore *self)
{
  g_mutex_init (&self->read_lock);
}

/* The URI without its password (user:password@… or ?password=…), for
 * get_path and messages. */
static char *
redact_uri (const char *uri)
{
  GString *out = g_string_new (uri);
  const char *scheme = strstr (uri, "://");
  char *p;

  if (scheme != NULL)
    {
      gsize start = scheme + 3 - uri;
      gsize end = start + strcspn (uri + start, "/?");
      const char *at = g_strrstr_len (uri + start, end - start, "@");
      const char *colon = at ? memchr (uri + start, ':', at - (uri + start)) : NULL;

      if (colon != NULL)
        g_string_erase (out, colon - uri, at - colon);
    }
  while ((p = strstr (out->str, "password=")) != NULL)
    {
      gsize from = p - out->str;
      gsize len = strcspn (p, "& ");

      g_string_erase (out, from, len + (p[len] == '&' ? 1 : 0));
    }
  while (out->len > 0 && (out->str[out->len - 1] == '?' || out->str[out->len - 1] == '&'))
    g_string_truncate (out, out->len - 1);
  return g_string_free (out, FALSE);
}

VigilStore *
_vigil_pg_store_open (const char  *uri,
                      const char  *password,
                      GError     **error)
{
  g_autoptr(VigilPgStore) self = NULL;
  PGconn *conn;

  g_return_val_if_fail (uri != NULL, NULL);

  if (!(conn = _vigil_pg_connect (uri, password, error)))
    return NULL;
  if (!_vigil_pg_migrate (conn, error))
    {
      PQfinish (conn);
      return NULL;
    }

  self = g_object_new (VIGIL_TYPE_PG_STORE, NULL);
  self->write_conn = conn;
  self->conninfo = g_strdup (uri);
  self->password = g_strdup (password);
  self->display_uri = redact_uri (uri);
  self->owner_context = g_main_context_ref_thread_default ();
  if (!(self->read_conn = _vigil_pg_connect (uri, password, error)))
    return NULL;
  self->writer = g_thread_pool_new (writer_run, self, 1, TRUE, error);
  if (self->writer == NULL)
    return NULL;
  /* other workstations' changes; not fatal: watch_external retries */
  _vigil_pg_store_listen_start (self, NULL);
  g_debug ("opened team database %s", self->display_uri);
  return VIGIL_STORE (g_steal_pointer (&self));
}

PGconn *
_vigil_pg_store_connect (VigilPgStore  *self,
                         GError       **error)
{
  return _vigil_pg_connect (self->conninfo, self->password, error);
}

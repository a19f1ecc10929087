/* vigil-sqlite-store.c: the SQLite backend — one file, written on a worker thread
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Threads and connections:
 *  - a file store has two connections: the writer, owned by one worker
 *    thread that pops requests from a GAsyncQueue (each insert is one
 *    transaction), and a read-only connection used on the calling thread
 *    (WAL lets reads run while the worker writes). Reads are serialised by
 *    read_lock, so a store may be read from more than one thread.
 *  - ":memory:" can't be opened twice, so a memory store has ONE connection;
 *    the worker takes read_lock around each request, and reads take it too.
 *    (Don't write to a memory store from a vigil_store_foreach() callback: the
 *    worker would wait for the lock the callback's caller holds.)
 *
 * Completion: an async insert's GTask, and the "changed" signal, are
 * delivered by idle sources attached to the caller's / opener's main context,
 * so the worker never drops the last reference to anything the main thread
 * owns.
 */
#define G_LOG_DOMAIN "vigil-sqlite-store"

#include "config.h"

#include <errno.h>
#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>

#include "vigil-sqlite-store-private.h"


G_DEFINE_FINAL_TYPE (VigilSqliteStore, vigil_sqlite_store, VIGIL_TYPE_STORE)


typedef enum
{
  REQUEST_INSERT,
  REQUEST_LOG,
  REQUEST_CURSOR,
  REQUEST_FLUSH,
  REQUEST_QUIT,
  REQUEST_OVERRIDE,
  REQUEST_ALERT,
  REQUEST_SET_ANNOTATOR,
  REQUEST_RECORD,
  REQUEST_PUT_BLOB,
  REQUEST_DELETE_BLOB,
} RequestKind;

typedef struct
{
  RequestKind             kind;
  GPtrArray              *posts;
  char                   *args[3];

  /* async: completed on the task's context */
  GTask                  *task;

  /* sync: the caller waits on cond */
  GMutex                  mutex;
  GCond                   cond;
  gboolean                done;

  gboolean                ok;
  GError                 *error;
  VigilStoreInsertResult  result;

  /* REQUEST_OVERRIDE */
  gint64                 *ids;
  guint                   n_ids;
  VigilSentiment          label;
  /* REQUEST_ALERT */
  VigilAlertRecord       *alert;
  /* REQUEST_SET_ANNOTATOR: in, the new one; out, the previous one */
  VigilStoreAnnotateFunc  annotate;
  gpointer                annotate_data;
  GDestroyNotify          annotate_destroy;
  /* REQUEST_RECORD: in, the record to append; out, as archived */
  VigilRecord            *record;
  gint64                  expected_version;
  /* REQUEST_PUT_BLOB */
  GBytes                 *blob;
} Request;

static Notifier *
notifier_new (VigilSqliteStore *store)
{
  Notifier *n = g_new0 (Notifier, 1);

  g_atomic_ref_count_init (&n->ref_count);
  g_mutex_init (&n->lock);
  n->store = store;
  return n;
}

static Notifier *
notifier_ref (Notifier *n)
{
  g_atomic_ref_count_inc (&n->ref_count);
  return n;
}

static void
notifier_unref (Notifier *n)
{
  if (g_atomic_ref_count_dec (&n->ref_count))
    {
      g_mutex_clear (&n->lock);
      g_free (n);
    }
}

typedef struct
{
  Notifier *notifier;
  gint64    last_id;
  guint     n_added;
  guint     n_events;
  VigilRecord *record;   /* a journal record appended, or NULL */
} ChangedData;

static void
changed_data_free (gpointer data)
{
  ChangedData *d = data;

  notifier_unref (d->notifier);
  g_clear_pointer (&d->record, vigil_record_free);
  g_free (d);
}

static gboolean
emit_changed_cb (gpointer data)
{
  ChangedData *d = data;
  VigilSqliteStore *store = NULL;

  g_mutex_lock (&d->notifier->lock);
  if (d->notifier->store != NULL)
    store = g_object_ref (d->notifier->store);
  g_mutex_unlock (&d->notifier->lock);

  if (store != NULL)
    {
      if (d->record != NULL)
        {
          /* watch_external may have announced it already */
          if (d->record->seq > store->seen_record_seq)
            {
              store->seen_record_seq = d->record->seq;
              _vigil_store_emit_record_appended (VIGIL_STORE (store), d->record);
            }
        }
      else
        _vigil_store_emit_changed (VIGIL_STORE (store), d->last_id, d->n_added, d->n_events);
      g_object_unref (store);
    }
  return G_SOURCE_REMOVE;
}

static void
queue_notification (VigilSqliteStore             *self,
                    const VigilStoreInsertResult *result,
                    const VigilRecord            *record)
{
  ChangedData *d = g_new0 (ChangedData, 1);
  g_autoptr(GSource) source = g_idle_source_new ();

  d->notifier = notifier_ref (self->notifier);
  if (result != NULL)
    {
      d->last_id = result->last_id;
      d->n_added = result->added;
      d->n_events = result->edits + result->deletes + result->orphans;
    }
  d->record = record ? vigil_record_copy (record) : NULL;
  g_source_set_priority (source, G_PRIORITY_DEFAULT);
  g_source_set_callback (source, emit_changed_cb, d, changed_data_free);
  g_source_set_static_name (source, "[vigil] store changed");
  g_source_attach (source, self->owner_context);
}

static void
queue_changed (VigilSqliteStore             *self,
               const VigilStoreInsertResult *result)
{
  queue_notification (self, result, NULL);
}

static void
request_free (Request *req)
{
  g_clear_pointer (&req->posts, g_ptr_array_unref);
  g_free (req->ids);
  g_clear_pointer (&req->alert, vigil_alert_record_free);
  g_clear_pointer (&req->record, vigil_record_free);
  g_clear_pointer (&req->blob, g_bytes_unref);
  for (guint i = 0; i < G_N_ELEMENTS (req->args); i++)
    g_free (req->args[i]);
  g_clear_error (&req->error);
  g_free (req);
}

static gboolean
complete_task_cb (gpointer data)
{
  Request *req = data;
  GTask *task = g_steal_pointer (&req->task);

  if (req->ok && req->kind == REQUEST_RECORD)
    g_task_return_pointer (task, g_steal_pointer (&req->record), (GDestroyNotify) vigil_record_free);
  else if (req->ok && req->kind != REQUEST_INSERT)
    g_task_return_boolean (task, TRUE);
  else if (req->ok)
    {
      VigilStoreInsertResult *copy = g_memdup2 (&req->result, sizeof req->result);
      g_task_return_pointer (task, copy, g_free);
    }
  else
    g_task_return_error (task, g_steal_pointer (&req->error));
  g_object_unref (task);
  request_free (req);
  return G_SOURCE_REMOVE;
}

static void
run_request (VigilSqliteStore *self,
             Request    *req)
{
  GCancellable *cancellable = req->task ? g_task_get_cancellable (req->task) : NULL;

  if (self->shared)
    g_mutex_lock (&self->read_lock);

  switch (req->kind)
    {
    case REQUEST_INSERT:
      if (g_cancellable_set_error_if_cancelled (cancellable, &req->error))
        {
          req->ok = FALSE;
          break;
        }
      req->ok = _vigil_store_writer_insert (self->writer, req->posts,
                                            self->annotate, self->annotate_data,
                                            &req->result, &req->error);
      if (req->ok && req->result.added + req->result.edits + req->result.deletes + req->result.orphans > 0)
        queue_changed (self, &req->result);
      if (req->ok && req->result.added + req->result.edits > 0)
        self->idle_merge = TRUE;
      break;
    case REQUEST_LOG:
      req->ok = _vigil_store_audit_log (self->write_db, req->args[0], req->args[1], req->args[2],
                                        &req->error);
      break;
    case REQUEST_CURSOR:
      req->ok = _vigil_store_writer_cursor (self->writer, req->args[0], req->args[1], &req->error);
      break;
    case REQUEST_OVERRIDE:
      req->ok = _vigil_store_writer_override (self->writer, req->ids, req->n_ids, req->label,
                                              req->args[0], &req->error);
      if (req->ok && req->n_ids > 0)
        {
          VigilStoreInsertResult changed = { 0 };

          changed.edits = req->n_ids;
          changed.last_id = _vigil_store_writer_last_id (self->writer);
          queue_changed (self, &changed);
        }
      break;
    case REQUEST_ALERT:
      req->ok = _vigil_store_writer_alert (self->writer, req->alert, &req->error);
      break;
    case REQUEST_SET_ANNOTATOR:
      {
        VigilStoreAnnotateFunc func = self->annotate;
        gpointer data = self->annotate_data;
        GDestroyNotify destroy = self->annotate_destroy;

        self->annotate = req->annotate;
        self->annotate_data = req->annotate_data;
        self->annotate_destroy = req->annotate_destroy;
        req->annotate = func;
        req->annotate_data = data;
        req->annotate_destroy = destroy;
        req->ok = TRUE;
      }
      break;
    case REQUEST_RECORD:
      req->ok = _vigil_store_journal_append (self->journal, req->record, req->expected_version,
                                             &req->error);
      if (req->ok)
        queue_notification (self, NULL, req->record);
      break;
    case REQUEST_PUT_BLOB:
      req->ok = _vigil_store_journal_put_blob (self->journal, req->args[0], req->args[1], req->blob,
                                               &req->error);
      break;
    case REQUEST_DELETE_BLOB:
      req->ok = _vigil_store_journal_delete_blob (self->journal, req->args[0], req->args[1],
                                                  &req->error);
      break;
    case REQUEST_FLUSH:
    case REQUEST_QUIT:
    default:
      req->ok = TRUE;
      break;
    }

  if (self->shared)
    g_mutex_unlock (&self->read_lock);
}

/* When no request came for this long after a write, the worker merges
 * the search index's segments a little at a time (each step one short
 * transaction, so a request waits at most one step): ingest keeps merges
 * small (automerge), idle time makes the index compact and quick to read,
 * and the WAL is checkpointed when the merges are done. */
#define IDLE_MERGE_US (3 * G_USEC_PER_SEC)

static void
merge_at_idle (VigilSqliteStore *self)
{
  if (self->shared)
    g_mutex_lock (&self->read_lock);
  self->idle_merge = _vigil_store_writer_merge_step (self->writer);
  if (self->shared)
    g_mutex_unlock (&self->read_lock);
}

static gpointer
worker_main (gpointer data)
{
  VigilSqliteStore *self = data;   /* borrowed: dispose joins this thread */

  gboolean merging = FALSE;

  for (;;)
    {
      /* idle for a while: merge step after step while nothing else comes */
      Request *req = !self->idle_merge ? g_async_queue_pop (self->queue)
                     : merging ? g_async_queue_try_pop (self->queue)
                     : g_async_queue_timeout_pop (self->queue, IDLE_MERGE_US);
      gboolean quit;

      if (req == NULL)
        {
          merge_at_idle (self);
          merging = TRUE;
          continue;
        }
      merging = FALSE;
      quit = req->kind == REQUEST_QUIT;

      run_request (self, req);

      if (req->task != NULL)
        {
          g_autoptr(GSource) source = g_idle_source_new ();

          g_source_set_priority (source, G_PRIORITY_DEFAULT);
          g_source_set_callback (source, complete_task_cb, req, NULL);
          g_source_set_static_name (source, "[vigil] store insert done");
          g_source_attach (source, g_task_get_context (req->task));
        }
      else
        {
          g_mutex_lock (&req->mutex);
          req->done = TRUE;
          g_cond_signal (&req->cond);
          g_mutex_unlock (&req->mutex);
        }

      if (quit)
        break;
    }
  return NULL;
}

/* Runs a request on the worker and waits for it. The request lives on the
 * caller's stack. */
static gboolean
run_sync (VigilSqliteStore  *self,
          Request     *req,
          GError     **error)
{
  g_mutex_init (&req->mutex);
  g_cond_init (&req->cond);

  g_mutex_lock (&req->mutex);
  g_async_queue_push (self->queue, req);
  while (!req->done)
    g_cond_wait (&req->cond, &req->mutex);
  g_mutex_unlock (&req->mutex);

  g_mutex_clear (&req->mutex);
  g_cond_clear (&req->cond);

  if (!req->ok)
    {
      g_propagate_error (error, g_steal_pointer (&req->error));
      return FALSE;
    }
  return TRUE;
}

static void
vigil_sqlite_store_dispose (GObject *object)
{
  VigilSqliteStore *self = (VigilSqliteStore *) object;

  if (self->worker != NULL)
    {
      Request req = { .kind = REQUEST_QUIT };

      run_sync (self, &req, NULL);
      g_thread_join (g_steal_pointer (&self->worker));
    }

  if (self->watch_source != NULL)
    {
      g_source_destroy (self->watch_source);
      g_clear_pointer (&self->watch_source, g_source_unref);
    }

  if (self->notifier != NULL)
    {
      g_mutex_lock (&self->notifier->lock);
      self->notifier->store = NULL;
      g_mutex_unlock (&self->notifier->lock);
      g_clear_pointer (&self->notifier, notifier_unref);
    }

  G_OBJECT_CLASS (vigil_sqlite_store_parent_class)->dispose (object);
}

static void
vigil_sqlite_store_finalize (GObject *object)
{
  VigilSqliteStore *self = (VigilSqliteStore *) object;

  if (self->annotate_destroy != NULL)
    self->annotate_destroy (self->annotate_data);
  self->annotate = NULL;
  self->annotate_data = NULL;
  self->annotate_destroy = NULL;
  g_clear_pointer (&self->writer, _vigil_store_writer_free);
  g_clear_pointer (&self->journal, _vigil_store_journal_free);
  g_clear_pointer (&self->count_stmt, sqlite3_finalize);
  g_clear_pointer (&self->last_id_stmt, sqlite3_finalize);
  g_clear_pointer (&self->range_stmt, sqlite3_finalize);
  g_clear_pointer (&self->by_id_stmt, sqlite3_finalize);
  g_clear_pointer (&self->cursor_stmt, sqlite3_finalize);
  g_clear_pointer (&self->blob_stmt, sqlite3_finalize);
  g_clear_pointer (&self->find_stmt, sqlite3_finalize);
  g_clear_pointer (&self->data_version_stmt, sqlite3_finalize);
  g_clear_pointer (&self->last_event_stmt, sqlite3_finalize);
  if (self->read_db != self->write_db)
    sqlite3_close_v2 (self->read_db);
  self->read_db = NULL;
  /* the writer closes last, so SQLite checkpoints and removes the WAL */
  g_clear_pointer (&self->write_db, sqlite3_close_v2);
  g_clear_pointer (&self->queue, g_async_queue_unref);
  g_clear_pointer (&self->owner_context, g_main_context_unref);
  g_mutex_clear (&self->read_lock);
  g_free (self->path);

  G_OBJECT_CLASS (vigil_sqlite_store_parent_class)->finalize (object);
}

static void
vigil_sqlite_store_init (VigilSqliteStore *self)
{
  g_mutex_init (&self->read_lock);
}

/* NULL or "" opens the default store, creating its folder. */
VigilStore *
_vigil_sqlite_store_open (const char  *path,
                          GError     **error)
{
  g_autoptr(VigilSqliteStore) self = NULL;
  g_autofree char *default_path = vigil_store_default_path ();
  const char *display;

  if (path == NULL || path[0] == '\0')
    path = default_path;

  self = g_object_new (VIGIL_TYPE_SQLITE_STORE, NULL);
  self->path = g_strdup (path);
  self->shared = g_str_equal (path, ":memory:");
  display = self->shared ? _("the in-memory archive") : path;

  if (g_str_equal (path, default_path))
    {
      g_autofree char *dir = g_path_get_dirname (path);

      if (g_mkdir_with_parents (dir, 0700) != 0)
        {
          int saved_errno = errno;
          g_set_error (error, VIGIL_STORE_ERROR, VIGIL_STORE_ERROR_OPEN,
                       _("Could not create the folder %s for the archive: %s"),
                       dir, g_strerror (saved_errno));
          return NULL;
        }
    }

  self->write_db = _vigil_store_db_open (path, display, FALSE, error);
  if (self->write_db == NULL)
    return NULL;
  if (!_vigil_store_db_migrate (self->write_db, display, error))
    return NULL;
  self->writer = _vigil_store_writer_new (self->write_db, error);
  if (self->writer == NULL)
    return NULL;
  self->journal = _vigil_store_journal_new (self->write_db, error);
  if (self->journal == NULL)
    return NULL;

  if (self->shared)
    self->read_db = self->write_db;
  else if ((self->read_db = _vigil_store_db_open (path, display, TRUE, error)) == NULL)
    return NULL;

  if ((self->count_stmt = _vigil_store_prepare (self->read_db,
                                                /* ids are handed out 1, 2, 3… and rows are never
                                                 * deleted (retention keeps them): the count, O(1) */
                                                "SELECT coalesce (max (id), 0) FROM posts", error)) == NULL
      || (self->last_id_stmt = _vigil_store_prepare (self->read_db,
                                                     "SELECT coalesce (max (id), 0) FROM posts",
                                                     error)) == NULL
      || (self->range_stmt = _vigil_store_prepare (self->read_db,
                                                   VIGIL_POST_SELECT
                                                   "WHERE p.id BETWEEN ? AND ? ORDER BY p.id DESC LIMIT ?",
                                                   error)) == NULL
      || (self->by_id_stmt = _vigil_store_prepare (self->read_db, VIGIL_POST_SELECT "WHERE p.id = ?",
                                                   error)) == NULL
      || (self->cursor_stmt = _vigil_store_prepare (self->read_db,
                                                    "SELECT value FROM cursors WHERE source = ?",
                                                    error)) == NULL
      || (self->find_stmt = _vigil_store_prepare (self->read_db, VIGIL_POST_SELECT
                                                  "WHERE p.platform = ? AND p.remote_id = ?",
                                                  error)) == NULL
      || (self->blob_stmt = _vigil_store_prepare (self->read_db,
                                                  "SELECT data FROM blobs WHERE kind = ? AND key = ?",
                                                  error)) == NULL)
    return NULL;

  self->seen_record_seq = _vigil_store_read_last_record_seq (self->read_db);
  self->owner_context = g_main_context_ref_thread_default ();
  self->notifier = notifier_new (self);
  self->queue = g_async_queue_new ();
  self->worker = g_thread_new ("vigil-store", worker_main, self);

  return VIGIL_STORE (g_steal_pointer (&self));
}

static const char *
sqlite_store_get_path (VigilStore *store)
{
  return VIGIL_SQLITE_STORE (store)->path;
}

/* Writes */

/* Queues req to be run by the worker: sync (waits, req on the caller's
 * stack or owned by the caller) when task is NULL, else req is owned by
 * the queue and task completes on its context. */
static gboolean
run_request_or_queue (VigilSqliteStore  *self,
                      Request           *req,
                      GTask             *task,
                      GError           **error)
{
  if (task != NULL)
    {
      req->task = task;
      g_async_queue_push (self->queue, req);
      return TRUE;
    }
  return run_sync (self, req, error);
}

static void
sqlite_store_insert_async (VigilStore *store,
                           GPtrArray  *posts,
                           GTask      *task)
{
  VigilSqliteStore *self = VIGIL_SQLITE_STORE (store);
  Request *req = g_new0 (Request, 1);

  req->kind = REQUEST_INSERT;
  req->posts = g_ptr_array_ref (posts);
  run_request_or_queue (self, req, task, NULL);
}

static gboolean
sqlite_store_insert (VigilStore              *store,
                     GPtrArray               *posts,
                     VigilStoreInsertResult  *out_result,
                     GError                 **error)
{
  VigilSqliteStore *self = VIGIL_SQLITE_STORE (store);
  Request req = { .kind = REQUEST_INSERT };
  gboolean ok;

  req.posts = posts;
  ok = run_sync (self, &req, error);
  if (ok && out_result != NULL)
    *out_result = req.result;
  return ok;
}

static void
sqlite_store_flush (VigilStore *store)
{
  Request req = { .kind = REQUEST_FLUSH };

  run_sync (VIGIL_SQLITE_STORE (store), &req, NULL);
}

/* Runs a heap request that owns its arguments, sync or async. */
static gboolean
run_owned (VigilSqliteStore  *self,
           Request           *req,
           GTask             *task,
           GError           **error)
{
  gboolean ok;

  if (task != NULL)
    return run_request_or_queue (self, req, task, error);
  ok = run_sync (self, req, error);
  request_free (req);
  return ok;
}

static gboolean
sqlite_store_log_access (VigilStore  *store,
                         const char  *actor,
                         const char  *action,
                         const char  *detail,
                         GTask       *task,
                         GError     **error)
{
  Request *req = g_new0 (Request, 1);

  req->kind = REQUEST_LOG;
  req->args[0] = g_strdup (actor);
  req->args[1] = g_strdup (action);
  req->args[2] = g_strdup (detail);
  return run_owned (VIGIL_SQLITE_STORE (store), req, task, error);
}

static gboolean
sqlite_store_set_cursor (VigilStore  *store,
                         const char  *source,
                         const char  *cursor,
                         GError     **error)
{
  Request req = { .kind = REQUEST_CURSOR };

  req.args[0] = (char *) source;
  req.args[1] = (char *) cursor;
  return run_sync (VIGIL_SQLITE_STORE (store), &req, error);
}

/* Annotations, overrides and alerts */

static void
sqlite_store_set_annotator (VigilStore             *store,
                            VigilStoreAnnotateFunc  func,
                            gpointer                user_data,
                            GDestroyNotify          destroy)
{
  Request req = { .kind = REQUEST_SET_ANNOTATOR };

  req.annotate = func;
  req.annotate_data = user_data;
  req.annotate_destroy = destroy;
  run_sync (VIGIL_SQLITE_STORE (store), &req, NULL);
  /* the worker has swapped them: the previous one is no longer in use */
  if (req.annotate_destroy != NULL)
    req.annotate_destroy (req.annotate_data);
}

static gboolean
sqlite_store_override_sentiment (VigilStore      *store,
                                 const gint64    *ids,
                                 guint            n_ids,
                                 VigilSentiment   label,
                                 const char      *actor,
                                 GTask           *task,
                                 GError         **error)
{
  Request *req = g_new0 (Request, 1);

  req->kind = REQUEST_OVERRIDE;
  req->ids = n_ids > 0 ? g_memdup2 (ids, n_ids * sizeof (gint64)) : NULL;
  req->n_ids = n_ids;
  req->label = label;
  req->args[0] = g_strdup (actor);
  return run_owned (VIGIL_SQLITE_STORE (store), req, task, error);
}

static gboolean
sqlite_store_archive_alert (VigilStore              *store,
                            const VigilAlertRecord  *record,
                            GTask                   *task,
                            GError                 **error)
{
  Request *req = g_new0 (Request, 1);

  req->kind = REQUEST_ALERT;
  req->alert = vigil_alert_record_copy (record);
  return run_owned (VIGIL_SQLITE_STORE (store), req, task, error);
}

/* The journal and blobs */

static gboolean
sqlite_store_append_record (VigilStore   *store,
                            VigilRecord  *record,
                            gint64        expected_version,
                            GTask        *task,
                            VigilRecord **out_record,
                            GError      **error)
{
  VigilSqliteStore *self = VIGIL_SQLITE_STORE (store);
  Request *req = g_new0 (Request, 1);
  gboolean ok;

  req->kind = REQUEST_RECORD;
  req->record = vigil_record_copy (record);
  req->expected_version = expected_version;
  if (task != NULL)
    return run_request_or_queue (self, req, task, error);
  ok = run_sync (self, req, error);
  if (ok && out_record != NULL)
    *out_record = g_steal_pointer (&req->record);
  request_free (req);
  return ok;
}

static gboolean
sqlite_store_put_blob (VigilStore  *store,
                       const char  *kind,
                       const char  *key,
                       GBytes      *data,
                       GError     **error)
{
  Request *req = g_new0 (Request, 1);

  req->kind = REQUEST_PUT_BLOB;
  req->args[0] = g_strdup (kind);
  req->args[1] = g_strdup (key);
  req->blob = g_bytes_ref (data);
  return run_owned (VIGIL_SQLITE_STORE (store), req, NULL, error);
}

static gboolean
sqlite_store_delete_blob (VigilStore  *store,
                          const char  *kind,
                          const char  *key,
                          GError     **error)
{
  Request *req = g_new0 (Request, 1);

  req->kind = REQUEST_DELETE_BLOB;
  req->args[0] = g_strdup (kind);
  req->args[1] = g_strdup (key);
  return run_owned (VIGIL_SQLITE_STORE (store), req, NULL, error);
}

/* Returns TRUE when the chain could be checked: out_result->ok is the
 * verdict, first_broken names the first bad row. FALSE only when the file
 * could not be read. Everything is in vigil-store-verify.c. */
static gboolean
sqlite_store_verify_full (VigilStore                    *store,
                          const VigilStoreVerifyOptions *options,
                          VigilStoreVerifyResult        *out_result,
                          GError                       **error)
{
  VigilSqliteStore *self = VIGIL_SQLITE_STORE (store);
  VigilStoreVerifyResult result = { 0 };
  gboolean ok;

  if (self->shared)
    {
      read_lock (self);
      ok = _vigil_store_verify_db (self->read_db, options, &result, error);
      read_unlock (self);
    }
  else
    ok = _vigil_store_verify_file (self->path, options, &result, error);

  if (out_result != NULL)
    *out_result = result;
  else
    vigil_store_verify_result_clear (&result);
  return ok;
}

static gboolean
sqlite_store_verify (VigilStore              *store,
                     VigilStoreVerifyResult  *out_result,
                     GError                 **error)
{
  return sqlite_store_verify_full (store, NULL, out_result, error);
}

static gboolean
sqlite_store_backup (VigilStore              *store,
                     const char              *dest_path,
                     VigilStoreProgressFunc   progress,
                     gpointer                 progress_data,
                     GCancellable            *cancellable,
                     GError                 **error)
{
  VigilSqliteStore *self = VIGIL_SQLITE_STORE (store);
  gboolean ok;

  if (!self->shared)
    return _vigil_store_backup_file (self->path, dest_path, progress, progress_data, cancellable, error);
  read_lock (self);
  ok = _vigil_store_backup_db (self->read_db, dest_path, progress, progress_data, cancellable, error);
  read_unlock (self);
  return ok;
}

static gboolean
sqlite_store_purge (VigilStore  *store,
                    const char  *platform,
                    gint64       before_us,
                    gint64       record_seq,
                    guint64     *out_posts,
                    GError     **error)
{
  VigilSqliteStore *self = VIGIL_SQLITE_STORE (store);
  gboolean ok;

  /* after every queued write; then as another connection would (the
   * writer notices and reloads its state) */
  sqlite_store_flush (store);
  if (!self->shared)
    return _vigil_store_purge_file (self->path, platform, before_us, record_seq, out_posts, error);
  read_lock (self);
  ok = _vigil_store_purge_db (self->read_db, platform, before_us, record_seq, out_posts, error);
  read_unlock (self);
  return ok;
}

static GPtrArray *
sqlite_store_list_access (VigilStore  *store,
                          gint64       since_us,
                          gint64       until_us,
                          guint        limit,
                          GError     **error)
{
  VigilSqliteStore *self = VIGIL_SQLITE_STORE (store);
  GPtrArray *out;

  read_lock (self);
  out = _vigil_store_read_access (self->read_db, since_us, until_us, limit, error);
  read_unlock (self);
  return out;
}

/* Watching other processes */

/* Emits record-appended for journal records another process appended. */
static void
announce_external_records (VigilSqliteStore *self)
{
  g_autoptr(GPtrArray) records = NULL;
  g_autoptr(GError) error = NULL;

  read_lock (self);
  records = _vigil_store_read_records (self->read_db, NULL, NULL, self->seen_record_seq, 0, &error);
  read_unlock (self);
  if (records == NULL)
    {
      g_debug ("Could not read new journal records: %s", error->message);
      return;
    }
  for (guint i = 0; i < records->len; i++)
    {
      VigilRecord *record = g_ptr_array_index (records, i);

      if (record->seq <= self->seen_record_seq)
        continue;
      self->seen_record_seq = record->seq;
      _vigil_store_emit_record_appended (VIGIL_STORE (self), record);
    }
}

static gboolean
watch_external_cb (gpointer user_data)
{
  VigilSqliteStore *self = user_data;
  g_autoptr(GError) error = NULL;
  gint64 version, last_post, last_event;

  version = _vigil_sqlite_store_read_scalar (self, self->data_version_stmt, &error);
  if (version < 0 || version == self->data_version)
    return G_SOURCE_CONTINUE;
  self->data_version = version;

  last_post = vigil_store_get_last_id (VIGIL_STORE (self));
  last_event = _vigil_sqlite_store_read_scalar (self, self->last_event_stmt, NULL);
  if (last_post > self->seen_post_id || last_event > self->seen_event_id)
    {
      guint n_added = (guint) MAX (0, last_post - self->seen_post_id);
      guint n_events = (guint) MAX (0, last_event - self->seen_event_id);

      self->seen_post_id = MAX (self->seen_post_id, last_post);
      self->seen_event_id = MAX (self->seen_event_id, last_event);
      _vigil_store_emit_changed (VIGIL_STORE (self), last_post, n_added, n_events);
    }
  announce_external_records (self);
  return G_SOURCE_CONTINUE;
}

/**
 * vigil_store_watch_external:
 * @interval_ms: how often to look, e.g. 1000
 *
 * Makes the store notice commits by other processes on the same file (say
 * `vigil-cli ingest` while the app is open) and emit "changed" for them, in
 * the opener's main context. A commit of this store's own may be announced a
 * second time; listeners re-read from their last known id, so that is
 * harmless. Does nothing for an in-memory store.
 */
static void
sqlite_store_watch_external (VigilStore       *store,
                            guint       interval_ms)
{
  VigilSqliteStore *self = VIGIL_SQLITE_STORE (store);
  g_autoptr(GError) error = NULL;

  g_return_if_fail (interval_ms > 0);

  if (self->shared || self->watch_source != NULL)
    return;

  if ((self->data_version_stmt = _vigil_store_prepare (self->read_db, "PRAGMA data_version",
                                                       &error)) == NULL ||
      (self->last_event_stmt = _vigil_store_prepare (self->read_db,
                                                     "SELECT coalesce (max (id), 0) FROM events",
                                                     &error)) == NULL)
    {
      g_debug ("Can't watch %s for other processes: %s", self->path, error->message);
      return;
    }

  self->data_version = _vigil_sqlite_store_read_scalar (self, self->data_version_stmt, NULL);
  self->seen_post_id = vigil_store_get_last_id (VIGIL_STORE (self));
  self->seen_event_id = _vigil_sqlite_store_read_scalar (self, self->last_event_stmt, NULL);

  self->watch_source = g_timeout_source_new (interval_ms);
  g_source_set_callback (self->watch_source, watch_external_cb, self, NULL);
  g_source_set_static_name (self->watch_source, "[vigil] store external changes");
  g_source_attach (self->watch_source, self->owner_context);
}

static void
vigil_sqlite_store_class_init (VigilSqliteStoreClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  VigilStoreClass *store_class = VIGIL_STORE_CLASS (klass);

  object_class->dispose = vigil_sqlite_store_dispose;
  object_class->finalize = vigil_sqlite_store_finalize;

  store_class->get_path = sqlite_store_get_path;
  _vigil_sqlite_store_class_init_reads (store_class);
  _vigil_sqlite_store_class_init_history (store_class);
  _vigil_sqlite_store_class_init_export (store_class);
  store_class->insert_async = sqlite_store_insert_async;
  store_class->insert = sqlite_store_insert;
  store_class->flush = sqlite_store_flush;
  store_class->verify = sqlite_store_verify;
  store_class->verify_full = sqlite_store_verify_full;
  store_class->backup = sqlite_store_backup;
  store_class->list_access = sqlite_store_list_access;
  store_class->purge = sqlite_store_purge;
  store_class->log_access = sqlite_store_log_access;
  store_class->set_cursor = sqlite_store_set_cursor;
  store_class->set_annotator = sqlite_store_set_annotator;
  store_class->override_sentiment = sqlite_store_override_sentiment;
  store_class->archive_alert = sqlite_store_archive_alert;
  store_class->append_record = sqlite_store_append_record;
  store_class->put_blob = sqlite_store_put_blob;
  store_class->delete_blob = sqlite_store_delete_blob;
  store_class->watch_external = sqlite_store_watch_external;
}

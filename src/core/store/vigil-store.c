/* vigil-store.c: the archive — one SQLite file, written on a worker thread
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
#define G_LOG_DOMAIN "vigil-store"

#include "config.h"

#include <errno.h>
#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>

#include "vigil-store-private.h"

G_DEFINE_QUARK (vigil-store-error-quark, vigil_store_error)

typedef struct
{
  gatomicrefcount  ref_count;
  GMutex           lock;
  VigilStore      *store;   /* NULL once the store is disposed */
} Notifier;

struct _VigilStore
{
  GObject           parent_instance;

  char             *path;
  gboolean          shared;        /* one connection (":memory:") */

  sqlite3          *write_db;
  sqlite3          *read_db;       /* == write_db when shared */
  GMutex            read_lock;
  sqlite3_stmt     *count_stmt;
  sqlite3_stmt     *last_id_stmt;
  sqlite3_stmt     *range_stmt;
  sqlite3_stmt     *by_id_stmt;
  sqlite3_stmt     *cursor_stmt;

  VigilStoreWriter *writer;        /* worker thread only */
  VigilStoreAnnotateFunc annotate; /* worker thread only (swapped through the queue) */
  gpointer          annotate_data;
  GDestroyNotify    annotate_destroy;
  GThread          *worker;
  GAsyncQueue      *queue;
  GMainContext     *owner_context;
  Notifier         *notifier;

  /* watching for other processes' commits (vigil_store_watch_external) */
  GSource          *watch_source;
  sqlite3_stmt     *data_version_stmt;
  sqlite3_stmt     *last_event_stmt;
  gint64            data_version;
  gint64            seen_post_id;
  gint64            seen_event_id;
};

G_DEFINE_FINAL_TYPE (VigilStore, vigil_store, G_TYPE_OBJECT)

enum {
  CHANGED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

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
} Request;

static Notifier *
notifier_new (VigilStore *store)
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
} ChangedData;

static void
changed_data_free (gpointer data)
{
  ChangedData *d = data;

  notifier_unref (d->notifier);
  g_free (d);
}

static gboolean
emit_changed_cb (gpointer data)
{
  ChangedData *d = data;
  VigilStore *store = NULL;

  g_mutex_lock (&d->notifier->lock);
  if (d->notifier->store != NULL)
    store = g_object_ref (d->notifier->store);
  g_mutex_unlock (&d->notifier->lock);

  if (store != NULL)
    {
      g_signal_emit (store, signals[CHANGED], 0, d->last_id, d->n_added, d->n_events);
      g_object_unref (store);
    }
  return G_SOURCE_REMOVE;
}

static void
queue_changed (VigilStore                   *self,
               const VigilStoreInsertResult *result)
{
  ChangedData *d = g_new0 (ChangedData, 1);
  g_autoptr(GSource) source = g_idle_source_new ();

  d->notifier = notifier_ref (self->notifier);
  d->last_id = result->last_id;
  d->n_added = result->added;
  d->n_events = result->edits + result->deletes + result->orphans;
  g_source_set_priority (source, G_PRIORITY_DEFAULT);
  g_source_set_callback (source, emit_changed_cb, d, changed_data_free);
  g_source_set_static_name (source, "[vigil] store changed");
  g_source_attach (source, self->owner_context);
}

static void
request_free (Request *req)
{
  g_clear_pointer (&req->posts, g_ptr_array_unref);
  g_free (req->ids);
  g_clear_pointer (&req->alert, vigil_alert_record_free);
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

  if (req->ok && req->kind != REQUEST_INSERT)
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
run_request (VigilStore *self,
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
      break;
    case REQUEST_LOG:
      req->ok = _vigil_store_writer_log (self->writer, req->args[0], req->args[1], req->args[2],
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
    case REQUEST_FLUSH:
    case REQUEST_QUIT:
    default:
      req->ok = TRUE;
      break;
    }

  if (self->shared)
    g_mutex_unlock (&self->read_lock);
}

static gpointer
worker_main (gpointer data)
{
  VigilStore *self = data;   /* borrowed: dispose joins this thread */

  for (;;)
    {
      Request *req = g_async_queue_pop (self->queue);
      gboolean quit = req->kind == REQUEST_QUIT;

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
run_sync (VigilStore  *self,
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
vigil_store_dispose (GObject *object)
{
  VigilStore *self = (VigilStore *) object;

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

  G_OBJECT_CLASS (vigil_store_parent_class)->dispose (object);
}

static void
vigil_store_finalize (GObject *object)
{
  VigilStore *self = (VigilStore *) object;

  if (self->annotate_destroy != NULL)
    self->annotate_destroy (self->annotate_data);
  self->annotate = NULL;
  self->annotate_data = NULL;
  self->annotate_destroy = NULL;
  g_clear_pointer (&self->writer, _vigil_store_writer_free);
  g_clear_pointer (&self->count_stmt, sqlite3_finalize);
  g_clear_pointer (&self->last_id_stmt, sqlite3_finalize);
  g_clear_pointer (&self->range_stmt, sqlite3_finalize);
  g_clear_pointer (&self->by_id_stmt, sqlite3_finalize);
  g_clear_pointer (&self->cursor_stmt, sqlite3_finalize);
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

  G_OBJECT_CLASS (vigil_store_parent_class)->finalize (object);
}

static void
vigil_store_class_init (VigilStoreClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = vigil_store_dispose;
  object_class->finalize = vigil_store_finalize;

  /**
   * VigilStore::changed:
   * @last_id: the highest post id after the write
   * @n_added: posts archived by the write
   * @n_events: edit/delete events archived by the write
   *
   * Emitted in the main context that was the thread default when the store
   * was opened, after a write transaction that archived something.
   */
  signals[CHANGED] = g_signal_new ("changed",
                                   G_TYPE_FROM_CLASS (klass),
                                   G_SIGNAL_RUN_LAST,
                                   0, NULL, NULL, NULL,
                                   G_TYPE_NONE, 3,
                                   G_TYPE_INT64, G_TYPE_UINT, G_TYPE_UINT);
}

static void
vigil_store_init (VigilStore *self)
{
  g_mutex_init (&self->read_lock);
}

void
vigil_store_verify_result_clear (VigilStoreVerifyResult *result)
{
  if (result == NULL)
    return;
  g_clear_pointer (&result->first_broken, g_free);
  g_clear_pointer (&result->head_hash, g_free);
  result->ok = FALSE;
  result->posts = 0;
  result->events = 0;
}

char *
vigil_store_default_path (void)
{
  return g_build_filename (g_get_user_data_dir (), "vigil", "vigil.db", NULL);
}

/* NULL or "" opens the default store, creating its folder. */
VigilStore *
vigil_store_open (const char  *path,
                  GError     **error)
{
  g_autoptr(VigilStore) self = NULL;
  g_autofree char *default_path = vigil_store_default_path ();
  const char *display;

  if (path == NULL || path[0] == '\0')
    path = default_path;

  self = g_object_new (VIGIL_TYPE_STORE, NULL);
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

  if (self->shared)
    self->read_db = self->write_db;
  else if ((self->read_db = _vigil_store_db_open (path, display, TRUE, error)) == NULL)
    return NULL;

  if ((self->count_stmt = _vigil_store_prepare (self->read_db, "SELECT count(*) FROM posts", error)) == NULL
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
                                                    error)) == NULL)
    return NULL;

  self->owner_context = g_main_context_ref_thread_default ();
  self->notifier = notifier_new (self);
  self->queue = g_async_queue_new ();
  self->worker = g_thread_new ("vigil-store", worker_main, self);

  return g_steal_pointer (&self);
}

const char *
vigil_store_get_path (VigilStore *self)
{
  g_return_val_if_fail (VIGIL_IS_STORE (self), NULL);
  return self->path;
}

/* Writes */

void
vigil_store_insert_async (VigilStore          *self,
                          GPtrArray           *posts,
                          GCancellable        *cancellable,
                          GAsyncReadyCallback  callback,
                          gpointer             user_data)
{
  Request *req;

  g_return_if_fail (VIGIL_IS_STORE (self));
  g_return_if_fail (posts != NULL);
  g_return_if_fail (!cancellable || G_IS_CANCELLABLE (cancellable));

  req = g_new0 (Request, 1);
  req->kind = REQUEST_INSERT;
  req->posts = g_ptr_array_ref (posts);
  req->task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (req->task, vigil_store_insert_async);
  /* writes always run once started; a cancelled write that already ran
   * reports what it did */
  g_task_set_check_cancellable (req->task, FALSE);
  g_async_queue_push (self->queue, req);
}

gboolean
vigil_store_insert_finish (VigilStore              *self,
                           GAsyncResult            *result,
                           VigilStoreInsertResult  *out_result,
                           GError                 **error)
{
  g_autofree VigilStoreInsertResult *res = NULL;

  g_return_val_if_fail (VIGIL_IS_STORE (self), FALSE);
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == vigil_store_insert_async, FALSE);

  res = g_task_propagate_pointer (G_TASK (result), error);
  if (res == NULL)
    return FALSE;
  if (out_result != NULL)
    *out_result = *res;
  return TRUE;
}

gboolean
vigil_store_insert (VigilStore              *self,
                    GPtrArray               *posts,
                    VigilStoreInsertResult  *out_result,
                    GError                 **error)
{
  Request req = { .kind = REQUEST_INSERT };
  gboolean ok;

  g_return_val_if_fail (VIGIL_IS_STORE (self), FALSE);
  g_return_val_if_fail (posts != NULL, FALSE);

  req.posts = posts;
  ok = run_sync (self, &req, error);
  if (ok && out_result != NULL)
    *out_result = req.result;
  return ok;
}

void
vigil_store_flush (VigilStore *self)
{
  Request req = { .kind = REQUEST_FLUSH };

  g_return_if_fail (VIGIL_IS_STORE (self));
  run_sync (self, &req, NULL);
}

gboolean
vigil_store_log_access (VigilStore  *self,
                        const char  *actor,
                        const char  *action,
                        const char  *detail,
                        GError     **error)
{
  Request req = { .kind = REQUEST_LOG };
  gboolean ok;

  g_return_val_if_fail (VIGIL_IS_STORE (self), FALSE);
  g_return_val_if_fail (actor != NULL, FALSE);
  g_return_val_if_fail (action != NULL, FALSE);

  req.args[0] = (char *) actor;
  req.args[1] = (char *) action;
  req.args[2] = (char *) detail;
  ok = run_sync (self, &req, error);
  return ok;
}

/* The same without blocking the caller (the GUI logs every search a person
 * runs): the entry is queued behind any write in progress. */
void
vigil_store_log_access_async (VigilStore          *self,
                              const char          *actor,
                              const char          *action,
                              const char          *detail,
                              GCancellable        *cancellable,
                              GAsyncReadyCallback  callback,
                              gpointer             user_data)
{
  Request *req;

  g_return_if_fail (VIGIL_IS_STORE (self));
  g_return_if_fail (actor != NULL);
  g_return_if_fail (action != NULL);

  req = g_new0 (Request, 1);
  req->kind = REQUEST_LOG;
  req->args[0] = g_strdup (actor);
  req->args[1] = g_strdup (action);
  req->args[2] = g_strdup (detail);
  req->task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (req->task, vigil_store_log_access_async);
  g_async_queue_push (self->queue, req);
}

gboolean
vigil_store_log_access_finish (VigilStore    *self,
                               GAsyncResult  *result,
                               GError       **error)
{
  g_return_val_if_fail (VIGIL_IS_STORE (self), FALSE);
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == vigil_store_log_access_async,
                        FALSE);
  return g_task_propagate_boolean (G_TASK (result), error);
}

gboolean
vigil_store_set_cursor (VigilStore  *self,
                        const char  *source,
                        const char  *cursor,
                        GError     **error)
{
  Request req = { .kind = REQUEST_CURSOR };

  g_return_val_if_fail (VIGIL_IS_STORE (self), FALSE);
  g_return_val_if_fail (source != NULL, FALSE);

  req.args[0] = (char *) source;
  req.args[1] = (char *) cursor;
  return run_sync (self, &req, error);
}

/* Annotations, overrides and alerts */

void
vigil_store_set_annotator (VigilStore             *self,
                           VigilStoreAnnotateFunc  func,
                           gpointer                user_data,
                           GDestroyNotify          destroy)
{
  Request req = { .kind = REQUEST_SET_ANNOTATOR };

  g_return_if_fail (VIGIL_IS_STORE (self));

  req.annotate = func;
  req.annotate_data = user_data;
  req.annotate_destroy = func ? destroy : NULL;
  run_sync (self, &req, NULL);
  /* the worker has swapped them: the previous one is no longer in use */
  if (req.annotate_destroy != NULL)
    req.annotate_destroy (req.annotate_data);
}

static Request *
override_request_new (const gint64   *ids,
                      guint           n_ids,
                      VigilSentiment  label,
                      const char     *actor)
{
  Request *req = g_new0 (Request, 1);

  req->kind = REQUEST_OVERRIDE;
  req->ids = n_ids > 0 ? g_memdup2 (ids, n_ids * sizeof (gint64)) : NULL;
  req->n_ids = n_ids;
  req->label = label;
  req->args[0] = g_strdup (actor);
  return req;
}

gboolean
vigil_store_override_sentiment (VigilStore      *self,
                                const gint64    *ids,
                                guint            n_ids,
                                VigilSentiment   label,
                                const char      *actor,
                                GError         **error)
{
  Request *req;
  gboolean ok;

  g_return_val_if_fail (VIGIL_IS_STORE (self), FALSE);
  g_return_val_if_fail (ids != NULL || n_ids == 0, FALSE);

  /* run_sync needs a request it may fill on the stack; this one owns copies */
  req = override_request_new (ids, n_ids, label, actor);
  ok = run_sync (self, req, error);
  request_free (req);
  return ok;
}

void
vigil_store_override_sentiment_async (VigilStore          *self,
                                      const gint64        *ids,
                                      guint                n_ids,
                                      VigilSentiment       label,
                                      const char          *actor,
                                      GCancellable        *cancellable,
                                      GAsyncReadyCallback  callback,
                                      gpointer             user_data)
{
  Request *req;

  g_return_if_fail (VIGIL_IS_STORE (self));
  g_return_if_fail (ids != NULL || n_ids == 0);

  req = override_request_new (ids, n_ids, label, actor);
  req->task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (req->task, vigil_store_override_sentiment_async);
  g_async_queue_push (self->queue, req);
}

gboolean
vigil_store_override_sentiment_finish (VigilStore    *self,
                                       GAsyncResult  *result,
                                       GError       **error)
{
  g_return_val_if_fail (VIGIL_IS_STORE (self), FALSE);
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == vigil_store_override_sentiment_async,
                        FALSE);
  return g_task_propagate_boolean (G_TASK (result), error);
}

gboolean
vigil_store_archive_alert (VigilStore              *self,
                           const VigilAlertRecord  *record,
                           GError                 **error)
{
  Request *req;
  gboolean ok;

  g_return_val_if_fail (VIGIL_IS_STORE (self), FALSE);
  g_return_val_if_fail (record != NULL, FALSE);

  req = g_new0 (Request, 1);
  req->kind = REQUEST_ALERT;
  req->alert = vigil_alert_record_copy (record);
  ok = run_sync (self, req, error);
  request_free (req);
  return ok;
}

void
vigil_store_archive_alert_async (VigilStore              *self,
                                 const VigilAlertRecord  *record,
                                 GCancellable            *cancellable,
                                 GAsyncReadyCallback      callback,
                                 gpointer                 user_data)
{
  Request *req;

  g_return_if_fail (VIGIL_IS_STORE (self));
  g_return_if_fail (record != NULL);

  req = g_new0 (Request, 1);
  req->kind = REQUEST_ALERT;
  req->alert = vigil_alert_record_copy (record);
  req->task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (req->task, vigil_store_archive_alert_async);
  g_async_queue_push (self->queue, req);
}

gboolean
vigil_store_archive_alert_finish (VigilStore    *self,
                                  GAsyncResult  *result,
                                  GError       **error)
{
  g_return_val_if_fail (VIGIL_IS_STORE (self), FALSE);
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == vigil_store_archive_alert_async,
                        FALSE);
  return g_task_propagate_boolean (G_TASK (result), error);
}

/* Reads */

static void
read_lock (VigilStore *self)
{
  g_mutex_lock (&self->read_lock);
}

static void
read_unlock (VigilStore *self)
{
  g_mutex_unlock (&self->read_lock);
}

char *
vigil_store_get_cursor (VigilStore  *self,
                        const char  *source,
                        GError     **error)
{
  char *value = NULL;
  int rc;

  g_return_val_if_fail (VIGIL_IS_STORE (self), NULL);
  g_return_val_if_fail (source != NULL, NULL);

  read_lock (self);
  sqlite3_bind_text (self->cursor_stmt, 1, source, -1, SQLITE_TRANSIENT);
  rc = sqlite3_step (self->cursor_stmt);
  if (rc == SQLITE_ROW)
    value = g_strdup ((const char *) sqlite3_column_text (self->cursor_stmt, 0));
  else if (rc != SQLITE_DONE)
    _vigil_store_set_error (error, self->read_db, _("Could not read a source cursor"));
  sqlite3_reset (self->cursor_stmt);
  read_unlock (self);
  return value;
}

static gint64
read_scalar (VigilStore    *self,
             sqlite3_stmt  *stmt,
             GError       **error)
{
  gint64 value = -1;
  int rc;

  read_lock (self);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    value = sqlite3_column_int64 (stmt, 0);
  else
    _vigil_store_set_error (error, self->read_db, _("Could not read the archive"));
  sqlite3_reset (stmt);
  read_unlock (self);
  return value;
}

gint64
vigil_store_count_posts (VigilStore  *self,
                         GError     **error)
{
  g_return_val_if_fail (VIGIL_IS_STORE (self), -1);
  return read_scalar (self, self->count_stmt, error);
}

gint64
vigil_store_get_last_id (VigilStore *self)
{
  g_autoptr(GError) error = NULL;
  gint64 id;

  g_return_val_if_fail (VIGIL_IS_STORE (self), 0);

  id = read_scalar (self, self->last_id_stmt, &error);
  if (id < 0)
    {
      g_debug ("Could not read the last post id: %s", error->message);
      return 0;
    }
  return id;
}

/* Steps stmt to the end, appending a post per row. */
static gboolean
collect_posts (VigilStore    *self,
               sqlite3_stmt  *stmt,
               GPtrArray     *out,
               GError       **error)
{
  int rc;

  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    g_ptr_array_add (out, _vigil_store_row_to_post (stmt));
  if (rc != SQLITE_DONE)
    {
      _vigil_store_set_error (error, self->read_db, _("Could not read posts from the archive"));
      return FALSE;
    }
  return TRUE;
}

GPtrArray *
vigil_store_get_range (VigilStore  *self,
                       gint64       first_id,
                       gint64       last_id,
                       guint        limit,
                       GError     **error)
{
  g_autoptr(GPtrArray) posts = g_ptr_array_new_with_free_func (g_object_unref);
  gboolean ok;

  g_return_val_if_fail (VIGIL_IS_STORE (self), NULL);

  read_lock (self);
  sqlite3_bind_int64 (self->range_stmt, 1, first_id);
  sqlite3_bind_int64 (self->range_stmt, 2, last_id);
  sqlite3_bind_int64 (self->range_stmt, 3, limit > 0 ? (gint64) limit : -1);
  ok = collect_posts (self, self->range_stmt, posts, error);
  sqlite3_reset (self->range_stmt);
  read_unlock (self);

  return ok ? g_steal_pointer (&posts) : NULL;
}

GPtrArray *
vigil_store_get_posts (VigilStore    *self,
                       const gint64  *ids,
                       guint          n_ids,
                       GError       **error)
{
  g_autoptr(GPtrArray) posts = g_ptr_array_new_full (n_ids, g_object_unref);
  gboolean ok = TRUE;

  g_return_val_if_fail (VIGIL_IS_STORE (self), NULL);
  g_return_val_if_fail (ids != NULL || n_ids == 0, NULL);

  read_lock (self);
  for (guint i = 0; ok && i < n_ids; i++)
    {
      sqlite3_bind_int64 (self->by_id_stmt, 1, ids[i]);
      ok = collect_posts (self, self->by_id_stmt, posts, error);
      sqlite3_reset (self->by_id_stmt);
    }
  read_unlock (self);

  return ok ? g_steal_pointer (&posts) : NULL;
}

/* Prepares the search for query; the caller holds the read lock. */
static sqlite3_stmt *
prepare_search (VigilStore              *self,
                const VigilSearchQuery  *query,
                gboolean                 ids_only,
                GError                 **error)
{
  g_autofree char *fts = NULL;
  g_autofree char *sql = _vigil_store_build_search (query, ids_only, &fts);
  sqlite3_stmt *stmt = NULL;

  if (sqlite3_prepare_v2 (self->read_db, sql, -1, &stmt, NULL) != SQLITE_OK)
    {
      _vigil_store_set_error (error, self->read_db, _("Could not search the archive"));
      return NULL;
    }
  _vigil_store_bind_search (stmt, query, fts);
  return stmt;
}

static void
set_search_error (VigilStore  *self,
                  GError     **error)
{
  g_set_error (error, VIGIL_STORE_ERROR, VIGIL_STORE_ERROR_QUERY,
               _("Could not search the archive: %s"), sqlite3_errmsg (self->read_db));
}

GArray *
vigil_store_search_ids (VigilStore        *self,
                        VigilSearchQuery  *query,
                        GError           **error)
{
  g_autoptr(GArray) ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  sqlite3_stmt *stmt;
  int rc;

  g_return_val_if_fail (VIGIL_IS_STORE (self), NULL);

  read_lock (self);
  stmt = prepare_search (self, query, TRUE, error);
  if (stmt == NULL)
    {
      read_unlock (self);
      return NULL;
    }
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      gint64 id = sqlite3_column_int64 (stmt, 0);
      g_array_append_val (ids, id);
    }
  if (rc != SQLITE_DONE)
    set_search_error (self, error);
  sqlite3_finalize (stmt);
  read_unlock (self);

  return rc == SQLITE_DONE ? g_steal_pointer (&ids) : NULL;
}

gboolean
vigil_store_foreach (VigilStore          *self,
                     VigilSearchQuery    *query,
                     VigilStorePostFunc   func,
                     gpointer             user_data,
                     GError             **error)
{
  sqlite3_stmt *stmt;
  int rc;

  g_return_val_if_fail (VIGIL_IS_STORE (self), FALSE);
  g_return_val_if_fail (func != NULL, FALSE);

  read_lock (self);
  stmt = prepare_search (self, query, FALSE, error);
  if (stmt == NULL)
    {
      read_unlock (self);
      return FALSE;
    }
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      g_autoptr(VigilPost) post = _vigil_store_row_to_post (stmt);
      func (post, user_data);
    }
  if (rc != SQLITE_DONE)
    set_search_error (self, error);
  sqlite3_finalize (stmt);
  read_unlock (self);

  return rc == SQLITE_DONE;
}

/* Returns TRUE when the chain could be checked: out_result->ok is the
 * verdict, first_broken names the first bad row. FALSE only when the file
 * could not be read. */
gboolean
vigil_store_verify (VigilStore              *self,
                    VigilStoreVerifyResult  *out_result,
                    GError                 **error)
{
  VigilStoreVerifyResult result = { 0 };
  gboolean ok;

  g_return_val_if_fail (VIGIL_IS_STORE (self), FALSE);

  read_lock (self);
  /* one read transaction: posts, events and head from one snapshot */
  ok = _vigil_store_exec (self->read_db, "BEGIN", error);
  if (ok)
    {
      ok = _vigil_chain_verify (self->read_db, &result, error);
      sqlite3_exec (self->read_db, "COMMIT", NULL, NULL, NULL);
    }
  read_unlock (self);

  if (out_result != NULL)
    *out_result = result;
  else
    vigil_store_verify_result_clear (&result);
  return ok;
}

/* Watching other processes */

static gboolean
watch_external_cb (gpointer user_data)
{
  VigilStore *self = user_data;
  g_autoptr(GError) error = NULL;
  gint64 version, last_post, last_event;

  version = read_scalar (self, self->data_version_stmt, &error);
  if (version < 0 || version == self->data_version)
    return G_SOURCE_CONTINUE;
  self->data_version = version;

  last_post = vigil_store_get_last_id (self);
  last_event = read_scalar (self, self->last_event_stmt, NULL);
  if (last_post > self->seen_post_id || last_event > self->seen_event_id)
    {
      guint n_added = (guint) MAX (0, last_post - self->seen_post_id);
      guint n_events = (guint) MAX (0, last_event - self->seen_event_id);

      self->seen_post_id = MAX (self->seen_post_id, last_post);
      self->seen_event_id = MAX (self->seen_event_id, last_event);
      g_signal_emit (self, signals[CHANGED], 0, last_post, n_added, n_events);
    }
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
void
vigil_store_watch_external (VigilStore *self,
                            guint       interval_ms)
{
  g_autoptr(GError) error = NULL;

  g_return_if_fail (VIGIL_IS_STORE (self));
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

  self->data_version = read_scalar (self, self->data_version_stmt, NULL);
  self->seen_post_id = vigil_store_get_last_id (self);
  self->seen_event_id = read_scalar (self, self->last_event_stmt, NULL);

  self->watch_source = g_timeout_source_new (interval_ms);
  g_source_set_callback (self->watch_source, watch_external_cb, self, NULL);
  g_source_set_static_name (self->watch_source, "[vigil] store external changes");
  g_source_attach (self->watch_source, self->owner_context);
}

GPtrArray *
vigil_store_get_sentiment_overrides (VigilStore  *self,
                                     gint64       post_id,
                                     GError     **error)
{
  GPtrArray *out;

  g_return_val_if_fail (VIGIL_IS_STORE (self), NULL);

  read_lock (self);
  out = _vigil_store_read_overrides (self->read_db, post_id, error);
  read_unlock (self);
  return out;
}

GPtrArray *
vigil_store_get_alerts (VigilStore  *self,
                        const char  *watch,
                        gint64       since_us,
                        guint        limit,
                        GError     **error)
{
  GPtrArray *out;

  g_return_val_if_fail (VIGIL_IS_STORE (self), NULL);

  read_lock (self);
  out = _vigil_store_read_alerts (self->read_db, watch, since_us, limit, error);
  read_unlock (self);
  return out;
}

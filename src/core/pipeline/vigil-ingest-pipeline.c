/* vigil-ingest-pipeline.c: normalize → classify → store, in named stages
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Two threads, each popping batches from a GAsyncQueue in order:
 * "classify" (vigil_annotator_preclassify) and "write" (vigil_store_insert,
 * which runs the store's one transaction on its writer). Everything the
 * stages share is under lock: the admission count, the waiting batches, the
 * counters. Completions of async pushes are delivered by idle sources on the
 * GTask's context, so a stage thread never drops the last reference to an
 * object the main thread owns.
 */
#define G_LOG_DOMAIN "vigil-ingest-pipeline"

#include "config.h"

#include "vigil-ingest-pipeline.h"

typedef struct
{
  GPtrArray              *posts;
  GTask                  *task;          /* NULL: a blocking push */
  guint                   n;
  gint64                  pushed_us;
  gint64                  admitted_us;
  gint64                  classify_us;   /* its time in the classify stage */
  gboolean                ok;
  VigilStoreInsertResult  result;
  GError                 *error;
} Batch;

/* Tells a stage thread to finish. */
static Batch stop_batch;
#define STOP (&stop_batch)

struct _VigilIngestPipeline
{
  GObject           parent_instance;

  VigilStore       *store;
  VigilAnnotator   *annotator;
  guint             capacity;
  GMainContext     *context;

  GMutex            lock;
  GCond             cond;
  guint             queued;      /* posts admitted, not committed */
  guint             in_flight;   /* batches admitted, not completed */
  GQueue            waiting;     /* Batch*, pushed while full */
  gboolean          accepting;
  gboolean          disposing;   /* no more notifications */
  VigilIngestStats  stats;
  GError           *first_error; /* of a blocking push */

  GAsyncQueue      *classify_queue;
  GAsyncQueue      *write_queue;
  GThread          *classify_thread;
  GThread          *write_thread;
};

G_DEFINE_FINAL_TYPE (VigilIngestPipeline, vigil_ingest_pipeline, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_ACCEPTING,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
batch_free (Batch *batch)
{
  g_clear_pointer (&batch->posts, g_ptr_array_unref);
  g_clear_error (&batch->error);
  g_free (batch);
}

/* --- notifications on the pipeline's context --- */

static gboolean
notify_accepting_cb (gpointer user_data)
{
  g_autoptr(GObject) self = g_weak_ref_get (user_data);

  if (self != NULL)
    g_object_notify_by_pspec (self, properties[PROP_ACCEPTING]);
  return G_SOURCE_REMOVE;
}

static void
weak_ref_free (gpointer data)
{
  g_weak_ref_clear (data);
  g_free (data);
}

/* Called with the lock held. */
static void
set_accepting_locked (VigilIngestPipeline *self,
                      gboolean             accepting)
{
  GSource *source;

  if (self->accepting == accepting)
    return;
  self->accepting = accepting;
  if (self->disposing)
    return;
  source = g_idle_source_new ();
  g_source_set_priority (source, G_PRIORITY_DEFAULT);
  g_source_set_static_name (source, "[vigil] ingest pipeline accepting");
  {
    /* weak: a context nobody iterates (a CLI without a main loop) must not
     * keep the pipeline alive */
    GWeakRef *ref = g_new0 (GWeakRef, 1);

    g_weak_ref_init (ref, self);
    g_source_set_callback (source, notify_accepting_cb, ref, weak_ref_free);
  }
  g_source_attach (source, self->context);
  g_source_unref (source);
}

/* --- admission --- */

static gboolean
has_room_locked (VigilIngestPipeline *self)
{
  return self->queued < self->capacity || self->in_flight == 0;
}

/* Called with the lock held. */
static void
admit_locked (VigilIngestPipeline *self,
              Batch               *batch)
{
  batch->admitted_us = g_get_monotonic_time ();
  self->stats.admission_wait_us += batch->admitted_us - batch->pushed_us;
  self->queued += batch->n;
  self->in_flight++;
  self->stats.queued_posts = self->queued;
  self->stats.max_queued_posts = MAX (self->stats.max_queued_posts, self->queued);
  g_async_queue_push (self->annotator ? self->classify_queue : self->write_queue, batch);
}

/* Called with the lock held: admits waiting batches while there is room,
 * and reopens once drained to half the capacity. */
static void
drain_waiting_locked (VigilIngestPipeline *self)
{
  while (!g_queue_is_empty (&self->waiting) && has_room_locked (self))
    {
      Batch *batch = g_queue_pop_head (&self->waiting);

      self->stats.waiting_posts -= batch->n;
      admit_locked (self, batch);
    }
  if (g_queue_is_empty (&self->waiting) && self->queued <= self->capacity / 2)
    set_accepting_locked (self, TRUE);
}

/* --- completion --- */

static gboolean
return_cb (gpointer user_data)
{
  Batch *batch = user_data;
  GTask *task = g_steal_pointer (&batch->task);

  if (batch->ok)
    g_task_return_pointer (task, g_memdup2 (&batch->result, sizeof batch->result), g_free);
  else
    g_task_return_error (task, g_steal_pointer (&batch->error));
  g_object_unref (task);
  batch_free (batch);
  return G_SOURCE_REMOVE;
}

static void
complete (VigilIngestPipeline *self,
          Batch               *batch)
{
  g_mutex_lock (&self->lock);
  self->queued -= batch->n;
  self->in_flight--;
  self->stats.queued_posts = self->queued;
  self->stats.batches++;
  self->stats.posts += batch->n;
  if (!batch->ok)
    {
      self->stats.failed_batches++;
      if (batch->task == NULL && self->first_error == NULL)
        self->first_error = g_steal_pointer (&batch->error);
    }
  drain_waiting_locked (self);
  g_cond_broadcast (&self->cond);
  g_mutex_unlock (&self->lock);

  if (batch->task != NULL)
    {
      GSource *source = g_idle_source_new ();

      g_source_set_priority (source, G_PRIORITY_DEFAULT);
      g_source_set_static_name (source, "[vigil] ingest batch committed");
      g_source_set_callback (source, return_cb, batch, NULL);
      g_source_attach (source, g_task_get_context (batch->task));
      g_source_unref (source);
    }
  else
    batch_free (batch);
}

/* --- the stages --- */

static gpointer
classify_thread (gpointer user_data)
{
  VigilIngestPipeline *self = user_data;

  for (;;)
    {
      Batch *batch = g_async_queue_pop (self->classify_queue);
      gint64 start, end;
      guint n;

      if (batch == STOP)
        break;
      start = g_get_monotonic_time ();
      n = vigil_annotator_preclassify (self->annotator, batch->posts);
      end = g_get_monotonic_time ();
      batch->classify_us = end - start;

      g_mutex_lock (&self->lock);
      self->stats.classify_us += batch->classify_us;
      self->stats.classified += n;
      g_mutex_unlock (&self->lock);

      g_async_queue_push (self->write_queue, batch);
    }
  g_async_queue_push (self->write_queue, STOP);
  return NULL;
}

static gpointer
write_thread (gpointer user_data)
{
  VigilIngestPipeline *self = user_data;

  for (;;)
    {
      Batch *batch = g_async_queue_pop (self->write_queue);
      gint64 start, end;

      if (batch == STOP)
        break;
      start = g_get_monotonic_time ();
      batch->ok = vigil_store_insert (self->store, batch->posts, &batch->result, &batch->error);
      end = g_get_monotonic_time ();

      g_mutex_lock (&self->lock);
      self->stats.write_us += end - start;
      self->stats.queue_wait_us += MAX (0, start - batch->admitted_us - batch->classify_us);
      g_mutex_unlock (&self->lock);

      complete (self, batch);
    }
  return NULL;
}

/* --- GObject --- */

static void
vigil_ingest_pipeline_get_property (GObject    *object,
                                    guint       prop_id,
                                    GValue     *value,
                                    GParamSpec *pspec)
{
  VigilIngestPipeline *self = VIGIL_INGEST_PIPELINE (object);

  switch (prop_id)
    {
    case PROP_ACCEPTING:
      g_value_set_boolean (value, vigil_ingest_pipeline_get_accepting (self));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
stop_threads (VigilIngestPipeline *self)
{
  if (self->classify_thread == NULL)
    return;
  g_mutex_lock (&self->lock);
  self->disposing = TRUE;
  g_mutex_unlock (&self->lock);
  vigil_ingest_pipeline_flush (self, NULL);
  g_async_queue_push (self->classify_queue, STOP);
  g_thread_join (g_steal_pointer (&self->classify_thread));
  g_thread_join (g_steal_pointer (&self->write_thread));
}

static GQuark
installed_quark (void)
{
  return g_quark_from_static_string ("vigil-ingest-pipeline-installed");
}

static void
vigil_ingest_pipeline_dispose (GObject *object)
{
  VigilIngestPipeline *self = VIGIL_INGEST_PIPELINE (object);

  if (self->store != NULL
      && g_object_get_qdata (G_OBJECT (self->store), installed_quark ()) == self)
    g_object_set_qdata (G_OBJECT (self->store), installed_quark (), NULL);

  /* async batches hold a reference: only blocking ones can be left */
  stop_threads (self);
  G_OBJECT_CLASS (vigil_ingest_pipeline_parent_class)->dispose (object);
}

static void
vigil_ingest_pipeline_finalize (GObject *object)
{
  VigilIngestPipeline *self = VIGIL_INGEST_PIPELINE (object);

  g_assert (g_queue_is_empty (&self->waiting));
  g_clear_object (&self->store);
  g_clear_object (&self->annotator);
  g_clear_pointer (&self->context, g_main_context_unref);
  g_clear_pointer (&self->classify_queue, g_async_queue_unref);
  g_clear_pointer (&self->write_queue, g_async_queue_unref);
  g_clear_error (&self->first_error);
  g_mutex_clear (&self->lock);
  g_cond_clear (&self->cond);
  G_OBJECT_CLASS (vigil_ingest_pipeline_parent_class)->finalize (object);
}

static void
vigil_ingest_pipeline_class_init (VigilIngestPipelineClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->get_property = vigil_ingest_pipeline_get_property;
  object_class->dispose = vigil_ingest_pipeline_dispose;
  object_class->finalize = vigil_ingest_pipeline_finalize;

  properties[PROP_ACCEPTING] =
    g_param_spec_boolean ("accepting", NULL, NULL, TRUE,
                          G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
vigil_ingest_pipeline_init (VigilIngestPipeline *self)
{
  g_mutex_init (&self->lock);
  g_cond_init (&self->cond);
  g_queue_init (&self->waiting);
  self->accepting = TRUE;
  self->classify_queue = g_async_queue_new ();
  self->write_queue = g_async_queue_new ();
}

/* --- public API --- */

VigilIngestPipeline *
vigil_ingest_pipeline_new (VigilStore     *store,
                           VigilAnnotator *annotator,
                           guint           capacity)
{
  VigilIngestPipeline *self;

  g_return_val_if_fail (VIGIL_IS_STORE (store), NULL);
  g_return_val_if_fail (annotator == NULL || VIGIL_IS_ANNOTATOR (annotator), NULL);

  self = g_object_new (VIGIL_TYPE_INGEST_PIPELINE, NULL);
  self->store = g_object_ref (store);
  self->annotator = annotator ? g_object_ref (annotator) : NULL;
  self->capacity = capacity > 0 ? capacity : VIGIL_INGEST_PIPELINE_DEFAULT_CAPACITY;
  self->context = g_main_context_ref_thread_default ();
  self->classify_thread = g_thread_new ("vigil-classify", classify_thread, self);
  self->write_thread = g_thread_new ("vigil-write", write_thread, self);
  return self;
}

VigilStore *
vigil_ingest_pipeline_get_store (VigilIngestPipeline *self)
{
  g_return_val_if_fail (VIGIL_IS_INGEST_PIPELINE (self), NULL);
  return self->store;
}

guint
vigil_ingest_pipeline_get_capacity (VigilIngestPipeline *self)
{
  g_return_val_if_fail (VIGIL_IS_INGEST_PIPELINE (self), 0);
  return self->capacity;
}

gboolean
vigil_ingest_pipeline_get_accepting (VigilIngestPipeline *self)
{
  gboolean accepting;

  g_return_val_if_fail (VIGIL_IS_INGEST_PIPELINE (self), FALSE);
  g_mutex_lock (&self->lock);
  accepting = self->accepting;
  g_mutex_unlock (&self->lock);
  return accepting;
}

static Batch *
batch_new (GPtrArray *posts)
{
  Batch *batch = g_new0 (Batch, 1);

  batch->posts = g_ptr_array_ref (posts);
  batch->n = posts->len;
  batch->pushed_us = g_get_monotonic_time ();
  return batch;
}

gboolean
vigil_ingest_pipeline_push_async (VigilIngestPipeline *self,
                                  GPtrArray           *posts,
                                  GAsyncReadyCallback  callback,
                                  gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  Batch *batch;
  gboolean accepting;

  g_return_val_if_fail (VIGIL_IS_INGEST_PIPELINE (self), FALSE);
  g_return_val_if_fail (posts != NULL, FALSE);

  task = g_task_new (self, NULL, callback, user_data);
  g_task_set_source_tag (task, vigil_ingest_pipeline_push_async);

  if (posts->len == 0)
    {
      VigilStoreInsertResult empty = { 0 };

      g_task_return_pointer (task, g_memdup2 (&empty, sizeof empty), g_free);
      return vigil_ingest_pipeline_get_accepting (self);
    }

  batch = batch_new (posts);
  batch->task = g_steal_pointer (&task);

  g_mutex_lock (&self->lock);
  if (g_queue_is_empty (&self->waiting) && has_room_locked (self))
    admit_locked (self, batch);
  else
    {
      /* taken, never dropped: it waits outside the stages */
      g_queue_push_tail (&self->waiting, batch);
      self->stats.waiting_posts += batch->n;
      self->stats.max_waiting_posts = MAX (self->stats.max_waiting_posts,
                                           self->stats.waiting_posts);
    }
  if (self->queued >= self->capacity || !g_queue_is_empty (&self->waiting))
    set_accepting_locked (self, FALSE);
  accepting = self->accepting;
  g_mutex_unlock (&self->lock);
  return accepting;
}

gboolean
vigil_ingest_pipeline_push_finish (VigilIngestPipeline     *self,
                                   GAsyncResult            *result,
                                   VigilStoreInsertResult  *out_result,
                                   GError                 **error)
{
  g_autofree VigilStoreInsertResult *res = NULL;

  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == vigil_ingest_pipeline_push_async,
                        FALSE);

  res = g_task_propagate_pointer (G_TASK (result), error);
  if (res == NULL)
    return FALSE;
  if (out_result != NULL)
    *out_result = *res;
  return TRUE;
}

void
vigil_ingest_pipeline_push (VigilIngestPipeline *self,
                            GPtrArray           *posts)
{
  Batch *batch;

  g_return_if_fail (VIGIL_IS_INGEST_PIPELINE (self));
  g_return_if_fail (posts != NULL);

  if (posts->len == 0)
    return;
  batch = batch_new (posts);
  g_mutex_lock (&self->lock);
  while (!(g_queue_is_empty (&self->waiting) && has_room_locked (self)))
    g_cond_wait (&self->cond, &self->lock);
  admit_locked (self, batch);
  if (self->queued >= self->capacity)
    set_accepting_locked (self, FALSE);
  g_mutex_unlock (&self->lock);
}

gboolean
vigil_ingest_pipeline_flush (VigilIngestPipeline  *self,
                             GError              **error)
{
  g_autoptr(GError) first = NULL;

  g_return_val_if_fail (VIGIL_IS_INGEST_PIPELINE (self), FALSE);

  g_mutex_lock (&self->lock);
  while (self->in_flight > 0 || !g_queue_is_empty (&self->waiting))
    g_cond_wait (&self->cond, &self->lock);
  first = g_steal_pointer (&self->first_error);
  g_mutex_unlock (&self->lock);

  if (first != NULL)
    {
      g_propagate_error (error, g_steal_pointer (&first));
      return FALSE;
    }
  return TRUE;
}

void
vigil_ingest_pipeline_get_stats (VigilIngestPipeline *self,
                                 VigilIngestStats    *out)
{
  g_return_if_fail (VIGIL_IS_INGEST_PIPELINE (self));
  g_return_if_fail (out != NULL);

  g_mutex_lock (&self->lock);
  *out = self->stats;
  g_mutex_unlock (&self->lock);
}

void
vigil_ingest_pipeline_install (VigilIngestPipeline *self)
{
  g_return_if_fail (VIGIL_IS_INGEST_PIPELINE (self));

  g_object_set_qdata (G_OBJECT (self->store), installed_quark (), self);
}

VigilIngestPipeline *
vigil_ingest_pipeline_get_for_store (VigilStore *store)
{
  g_return_val_if_fail (VIGIL_IS_STORE (store), NULL);

  return g_object_get_qdata (G_OBJECT (store), installed_quark ());
}

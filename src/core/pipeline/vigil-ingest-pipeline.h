/* vigil-ingest-pipeline.h: normalize → classify → store, in named stages
 *
 * The straight ingest path every source and `vigil-cli ingest` use:
 *
 *   push (the source's thread: it has normalised the payload, once)
 *     → "classify" stage: a worker thread runs the classifier on the new
 *       posts (vigil_annotator_preclassify), outside any transaction, on
 *       the core the writer isn't using;
 *     → "write" stage: the store's single writer only inserts, indexes and
 *       chains (deduplication, edits and deletes as events, orphans, the
 *       near-duplicate groups and the spike monitor stay in the store's
 *       insert and its annotator hook, for the posts it archived as new).
 *
 * Batches keep their order end to end. Back-pressure: at most "capacity"
 * posts are admitted and not yet committed. A batch pushed beyond that is
 * still taken (nothing is ever dropped) but waits outside the stages, and
 * "accepting" turns FALSE until the pipeline has drained to half its
 * capacity: a producer stops reading while it is FALSE (VigilSource does),
 * so a source faster than the disk is slowed, never buffered without bound.
 * The blocking vigil_ingest_pipeline_push() waits for room instead.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "vigil-annotator.h"
#include "vigil-store.h"

G_BEGIN_DECLS

#define VIGIL_INGEST_PIPELINE_DEFAULT_CAPACITY 8192

/* Counters of the stages since the pipeline was created (times in µs of
 * wall-clock on the stage's thread). */
typedef struct
{
  guint64 batches;           /* committed or failed */
  guint64 posts;             /* posts in those batches */
  guint64 classified;        /* posts the classify stage classified */
  guint64 failed_batches;
  gint64  classify_us;       /* classify stage busy */
  gint64  write_us;          /* write stage busy (the store's transaction) */
  gint64  queue_wait_us;     /* summed over batches: admitted → write started,
                              * minus its classification */
  gint64  admission_wait_us; /* summed over batches: pushed → admitted */
  guint   queued_posts;      /* admitted, not committed yet */
  guint   max_queued_posts;  /* high-water mark of queued_posts */
  guint   waiting_posts;     /* pushed while full, not admitted yet */
  guint   max_waiting_posts;
} VigilIngestStats;

#define VIGIL_TYPE_INGEST_PIPELINE (vigil_ingest_pipeline_get_type ())
G_DECLARE_FINAL_TYPE (VigilIngestPipeline, vigil_ingest_pipeline, VIGIL, INGEST_PIPELINE, GObject)

/* annotator NULL = no classify stage (posts go straight to the writer).
 * capacity 0 = VIGIL_INGEST_PIPELINE_DEFAULT_CAPACITY. Completions and
 * "accepting" notifications are delivered on the thread-default main
 * context of the caller. */
VigilIngestPipeline *vigil_ingest_pipeline_new          (VigilStore           *store,
                                                         VigilAnnotator       *annotator,
                                                         guint                 capacity);
VigilStore          *vigil_ingest_pipeline_get_store    (VigilIngestPipeline  *self);
guint                vigil_ingest_pipeline_get_capacity (VigilIngestPipeline  *self);
/* Property "accepting" (notifies on the pipeline's main context). */
gboolean             vigil_ingest_pipeline_get_accepting (VigilIngestPipeline *self);

/* Queues posts (a GPtrArray of VigilPost, referenced; the pipeline sets
 * their annotations and archive ids). callback runs once the batch has
 * committed, or failed. Writes are never cancelled: what was received is
 * archived. Returns whether the pipeline still accepts more; FALSE asks
 * the producer to wait for "accepting". */
gboolean             vigil_ingest_pipeline_push_async   (VigilIngestPipeline  *self,
                                                         GPtrArray            *posts,
                                                         GAsyncReadyCallback   callback,
                                                         gpointer              user_data);
gboolean             vigil_ingest_pipeline_push_finish  (VigilIngestPipeline  *self,
                                                         GAsyncResult         *result,
                                                         VigilStoreInsertResult *out_result,
                                                         GError              **error);
/* Blocking (the CLI, benchmarks; never the GTK thread): waits for room,
 * queues, and returns without waiting for the commit. Errors of such
 * batches are counted (failed_batches) and the first is kept for
 * vigil_ingest_pipeline_flush(). */
void                 vigil_ingest_pipeline_push         (VigilIngestPipeline  *self,
                                                         GPtrArray            *posts);
/* Blocks until everything pushed so far has committed. FALSE (and the
 * first error of a blocking push since the last flush) when a batch
 * failed. */
gboolean             vigil_ingest_pipeline_flush        (VigilIngestPipeline  *self,
                                                         GError              **error);
void                 vigil_ingest_pipeline_get_stats    (VigilIngestPipeline  *self,
                                                         VigilIngestStats     *out);

/* Makes self the ingest path of its store (main thread): every VigilSource
 * archiving into that store pushes through it, and is slowed by it, until
 * self is disposed. The context installs its pipeline. */
void                 vigil_ingest_pipeline_install      (VigilIngestPipeline  *self);
/* The pipeline installed on store, or NULL (borrowed). */
VigilIngestPipeline *vigil_ingest_pipeline_get_for_store (VigilStore          *store);

G_END_DECLS

/* test-ingest-pipeline.c: normalize → classify → store, order, back-pressure,
 * and the hash chain of archives written before nettle
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gstdio.h>

#include "vigil-annotator.h"
#include "vigil-ingest-pipeline.h"
#include "vigil-source.h"
#include "vigil-store.h"
#include "vigil-watch-list.h"

typedef struct
{
  char *dir;
  char *path;
} Tmp;

static void
tmp_init (Tmp *tmp)
{
  g_autoptr(GError) error = NULL;

  tmp->dir = g_dir_make_tmp ("vigil-pipeline-XXXXXX", &error);
  g_assert_no_error (error);
  tmp->path = g_build_filename (tmp->dir, "vigil.db", NULL);
}

static void
tmp_clear (Tmp *tmp)
{
  const char *suffixes[] = { "", "-wal", "-shm" };

  for (guint i = 0; i < G_N_ELEMENTS (suffixes); i++)
    {
      g_autofree char *p = g_strconcat (tmp->path, suffixes[i], NULL);
      g_remove (p);
    }
  g_rmdir (tmp->dir);
  g_free (tmp->dir);
  g_free (tmp->path);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Tmp, tmp_clear)

static VigilPost *
make_post (const char *remote_id,
           const char *text)
{
  VigilPost *post = vigil_post_new (VIGIL_PLATFORM_MASTODON, remote_id);
  g_autoptr(GDateTime) created = g_date_time_new_from_unix_utc (1795000000);
  g_autofree char *raw = g_strdup_printf ("{\"id\":\"%s\"}", remote_id);

  vigil_post_set_author (post, "someone@example.org");
  vigil_post_set_text (post, text);
  vigil_post_set_created_at (post, created);
  vigil_post_take_raw (post, g_steal_pointer (&raw));
  return post;
}

static VigilWatchList *
watch_list_with (const char *name,
                 const char *query)
{
  g_autoptr(VigilWatchList) list = vigil_watch_list_new ();
  g_autoptr(GError) error = NULL;
  g_autoptr(VigilWatch) watch = vigil_watch_new (name, query, NULL, FALSE, &error);

  g_assert_no_error (error);
  g_assert_true (vigil_watch_list_add (list, watch, &error));
  return g_steal_pointer (&list);
}

static void
verify_ok (VigilStore             *store,
           VigilStoreVerifyResult *result)
{
  g_autoptr(GError) error = NULL;

  g_assert_true (vigil_store_verify (store, result, &error));
  g_assert_no_error (error);
  g_assert_true (result->ok);
  g_assert_null (result->first_broken);
}

/* --- an archive written with GLib's SHA-256 still verifies, and the chain
 * continues across the switch to nettle --- */

#define OLD_HEAD "fdacae8a278f0b4f416561623d79b15c2c5cc63ab74d6941d4a86e8eda39590a"

static void
unpack_old_archive (const char *path)
{
  g_autofree char *gz = g_test_build_filename (G_TEST_DIST, "core", "pipeline",
                                          "archive-format4-glib-sha256.db.gz", NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(GFile) in_file = g_file_new_for_path (gz);
  g_autoptr(GFile) out_file = g_file_new_for_path (path);
  g_autoptr(GInputStream) raw = G_INPUT_STREAM (g_file_read (in_file, NULL, &error));
  g_autoptr(GZlibDecompressor) zlib = NULL;
  g_autoptr(GInputStream) in = NULL;
  g_autoptr(GOutputStream) out = NULL;

  g_assert_no_error (error);
  zlib = g_zlib_decompressor_new (G_ZLIB_COMPRESSOR_FORMAT_GZIP);
  in = g_converter_input_stream_new (raw, G_CONVERTER (zlib));
  out = G_OUTPUT_STREAM (g_file_create (out_file, G_FILE_CREATE_NONE, NULL, &error));
  g_assert_no_error (error);
  g_output_stream_splice (out, in, G_OUTPUT_STREAM_SPLICE_CLOSE_SOURCE |
                          G_OUTPUT_STREAM_SPLICE_CLOSE_TARGET, NULL, &error);
  g_assert_no_error (error);
}

static void
test_old_archive_verifies (void)
{
  g_auto(Tmp) tmp = { 0 };
  VigilStoreVerifyResult before = { 0 };
  VigilStoreVerifyResult after = { 0 };
  g_autoptr(GError) error = NULL;
  g_autoptr(VigilStore) store = NULL;
  g_autoptr(VigilIngestPipeline) pipeline = NULL;
  g_autoptr(GPtrArray) posts = g_ptr_array_new_with_free_func (g_object_unref);

  tmp_init (&tmp);
  unpack_old_archive (tmp.path);
  store = vigil_store_open (tmp.path, &error);
  g_assert_no_error (error);

  /* written by Vigil before the chain was hashed with nettle */
  verify_ok (store, &before);
  g_assert_cmpuint (before.posts, ==, 15);
  g_assert_cmpuint (before.events, ==, 5);
  g_assert_cmpstr (before.head_hash, ==, OLD_HEAD);

  /* rows hashed by the new writer continue the old chain, and verify
   * (which recomputes every hash its own way) accepts them */
  g_ptr_array_add (posts, make_post ("9000001", "a new post after the upgrade"));
  g_ptr_array_add (posts, make_post ("9000002", "and another one"));
  pipeline = vigil_ingest_pipeline_new (store, NULL, 0);
  vigil_ingest_pipeline_push (pipeline, posts);
  g_assert_true (vigil_ingest_pipeline_flush (pipeline, &error));
  g_assert_no_error (error);
  verify_ok (store, &after);
  g_assert_cmpuint (after.posts, ==, 17);
  g_assert_cmpstr (after.head_hash, !=, OLD_HEAD);
  vigil_store_verify_result_clear (&before);
  vigil_store_verify_result_clear (&after);
}

/* --- classification happens before the write, and order is kept --- */

typedef struct
{
  GMainLoop *loop;
  guint      pending;
  guint      added;
  guint      edits;
  guint      duplicates;
} Wait;

static void
pushed_cb (GObject      *object,
           GAsyncResult *result,
           gpointer      user_data)
{
  Wait *wait = user_data;
  VigilStoreInsertResult res = { 0 };
  g_autoptr(GError) error = NULL;

  g_assert_true (vigil_ingest_pipeline_push_finish (VIGIL_INGEST_PIPELINE (object), result,
                                                    &res, &error));
  g_assert_no_error (error);
  wait->added += res.added;
  wait->edits += res.edits;
  wait->duplicates += res.duplicates;
  if (--wait->pending == 0)
    g_main_loop_quit (wait->loop);
}

static void
test_classify_then_write (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(VigilStore) store = vigil_store_open (":memory:", &error);
  g_autoptr(VigilWatchList) list = watch_list_with ("Refunds", "refund*");
  g_autoptr(VigilAnnotator) annotator = vigil_annotator_new (NULL, &error);
  g_autoptr(VigilIngestPipeline) pipeline = NULL;
  g_autoptr(GPtrArray) first = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GPtrArray) second = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GPtrArray) read = NULL;
  g_autoptr(GMainLoop) loop = g_main_loop_new (NULL, FALSE);
  Wait wait = { loop, 2, 0, 0, 0 };
  VigilPost *edit;
  VigilIngestStats stats;
  gint64 ids[2];

  g_assert_no_error (error);
  g_assert_true (vigil_annotator_set_watch_list (annotator, list, &error));
  vigil_annotator_attach (annotator, store);
  pipeline = vigil_ingest_pipeline_new (store, annotator, 0);

  g_ptr_array_add (first, make_post ("1", "I want a refund, this kettle is terrible and broken"));
  g_ptr_array_add (first, make_post ("2", "Lovely weather at the seaside today"));
  /* the edit comes in the next batch: it must be written after its post */
  edit = make_post ("2", "Lovely weather, but I still want my refund");
  vigil_post_set_event (edit, VIGIL_POST_EVENT_EDIT);
  g_ptr_array_add (second, edit);

  vigil_ingest_pipeline_push_async (pipeline, first, pushed_cb, &wait);
  vigil_ingest_pipeline_push_async (pipeline, second, pushed_cb, &wait);
  g_main_loop_run (loop);

  g_assert_cmpuint (wait.added, ==, 2);
  g_assert_cmpuint (wait.edits, ==, 1);
  vigil_ingest_pipeline_get_stats (pipeline, &stats);
  g_assert_cmpuint (stats.batches, ==, 2);
  g_assert_cmpuint (stats.posts, ==, 3);
  /* the classify stage took the two new posts; the edit is left to the
   * store's hook, which knows the text it completes */
  g_assert_cmpuint (stats.classified, ==, 2);
  g_assert_cmpuint (stats.queued_posts, ==, 0);

  ids[0] = vigil_post_get_id (g_ptr_array_index (first, 0));
  ids[1] = vigil_post_get_id (g_ptr_array_index (first, 1));
  g_assert_cmpint (ids[0], >, 0);
  read = vigil_store_get_posts (store, ids, 2, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (read->len, ==, 2);
  for (guint i = 0; i < read->len; i++)
    {
      VigilPost *post = g_ptr_array_index (read, i);

      g_assert_true (vigil_post_get_classified (post));
      /* both match the watch: the first as written, the second as edited */
      g_assert_true (vigil_post_get_watches (post) != NULL
                     && g_strv_contains (vigil_post_get_watches (post), "Refunds"));
    }
}

/* --- back-pressure ---
 *
 * A producer ten times faster than a deliberately slowed writer: it pushes
 * a batch every millisecond while the pipeline accepts, and stops when it
 * doesn't. Every post ends up stored once, and the pipeline never holds
 * more than its capacity plus the one batch that filled it. */

#define BP_BATCH     20
#define BP_TOTAL     1000
#define BP_CAPACITY  100
#define BP_WRITE_MS  10     /* per batch: 2,000 posts/s; the producer offers 20,000 */

static void
slow_writer_cb (GPtrArray *created,
                GPtrArray *edited,
                gpointer   user_data)
{
  g_usleep (BP_WRITE_MS * 1000);
}

typedef struct
{
  VigilIngestPipeline *pipeline;
  GMainLoop           *loop;
  guint                next;
  guint                committed;
  guint                added;
  guint                duplicates;
  guint                pauses;
  guint                max_in_flight;  /* posts pushed, not committed */
  guint                timer;
  gboolean             obey;           /* stop while not accepting */
} Producer;

static void
producer_committed_cb (GObject      *object,
                       GAsyncResult *result,
                       gpointer      user_data)
{
  Producer *p = user_data;
  VigilStoreInsertResult res = { 0 };
  g_autoptr(GError) error = NULL;

  g_assert_true (vigil_ingest_pipeline_push_finish (VIGIL_INGEST_PIPELINE (object), result,
                                                    &res, &error));
  g_assert_no_error (error);
  p->added += res.added;
  p->duplicates += res.duplicates;
  p->committed += BP_BATCH;
  if (p->committed == BP_TOTAL)
    g_main_loop_quit (p->loop);
}

static gboolean produce_cb (gpointer user_data);

static void
accepting_cb (GObject    *object,
              GParamSpec *pspec,
              gpointer    user_data)
{
  Producer *p = user_data;

  if (vigil_ingest_pipeline_get_accepting (p->pipeline) && p->timer == 0 && p->next < BP_TOTAL)
    p->timer = g_timeout_add (1, produce_cb, p);
}

static gboolean
produce_cb (gpointer user_data)
{
  Producer *p = user_data;
  g_autoptr(GPtrArray) batch = g_ptr_array_new_with_free_func (g_object_unref);
  gboolean more;

  for (guint i = 0; i < BP_BATCH; i++, p->next++)
    {
      g_autofree char *id = g_strdup_printf ("%u", 100000 + p->next);

      g_ptr_array_add (batch, make_post (id, "a post from a fast source"));
    }
  more = vigil_ingest_pipeline_push_async (p->pipeline, batch, producer_committed_cb, p);
  p->max_in_flight = MAX (p->max_in_flight, p->next - p->committed);
  if (p->next >= BP_TOTAL)
    {
      p->timer = 0;
      return G_SOURCE_REMOVE;
    }
  if (!more && p->obey)
    {
      /* slowed: wait for the pipeline to drain */
      p->pauses++;
      p->timer = 0;
      return G_SOURCE_REMOVE;
    }
  return G_SOURCE_CONTINUE;
}

static void
run_producer (gboolean obey)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(VigilStore) store = vigil_store_open (":memory:", &error);
  g_autoptr(VigilIngestPipeline) pipeline = NULL;
  g_autoptr(GMainLoop) loop = g_main_loop_new (NULL, FALSE);
  VigilIngestStats stats;
  Producer p = { 0 };

  g_assert_no_error (error);
  vigil_store_set_annotator (store, slow_writer_cb, NULL, NULL);
  pipeline = vigil_ingest_pipeline_new (store, NULL, BP_CAPACITY);
  p.pipeline = pipeline;
  p.loop = loop;
  p.obey = obey;
  g_signal_connect (pipeline, "notify::accepting", G_CALLBACK (accepting_cb), &p);
  p.timer = g_timeout_add (1, produce_cb, &p);
  g_main_loop_run (loop);
  g_clear_handle_id (&p.timer, g_source_remove);

  /* every post stored, once */
  g_assert_cmpuint (p.added, ==, BP_TOTAL);
  g_assert_cmpuint (p.duplicates, ==, 0);
  g_assert_cmpint (vigil_store_count_posts (store, NULL), ==, BP_TOTAL);

  vigil_ingest_pipeline_get_stats (pipeline, &stats);
  g_assert_cmpuint (stats.posts, ==, BP_TOTAL);
  g_assert_cmpuint (stats.failed_batches, ==, 0);
  /* the stages never hold more than the capacity and the batch that filled it */
  g_assert_cmpuint (stats.max_queued_posts, <=, BP_CAPACITY + BP_BATCH);
  if (obey)
    {
      /* the source was slowed, so nothing waited outside the stages and
       * it never had more than that in flight */
      g_assert_cmpuint (p.pauses, >, 0);
      g_assert_cmpuint (stats.max_waiting_posts, ==, 0);
      g_assert_cmpuint (p.max_in_flight, <=, BP_CAPACITY + BP_BATCH);
    }
  else
    {
      /* a producer that ignores "accepting" still loses nothing: the
       * excess waits, outside the stages, in push order */
      g_assert_cmpuint (stats.max_waiting_posts, >, 0);
    }
  vigil_store_set_annotator (store, NULL, NULL, NULL);
}

static void
test_back_pressure (void)
{
  run_producer (TRUE);
}

static void
test_back_pressure_ignored (void)
{
  run_producer (FALSE);
}

/* --- a live source is slowed by the pipeline ---
 *
 * A VigilSource that produces a batch every millisecond from its cursor
 * (20,000 posts/s), against a writer slowed to 2,000 posts/s. It is paused
 * (disconnected) while the pipeline is full and resumes from its committed
 * cursor: every post is stored once, and the posts held anywhere between
 * the source and the disk stay bounded. */

#define FAST_TYPE_SOURCE (fast_source_get_type ())
G_DECLARE_FINAL_TYPE (FastSource, fast_source, FAST, SOURCE, VigilSource)

struct _FastSource
{
  VigilSource parent_instance;
  guint       timer;
  guint       next;
  guint       produced;
};

G_DEFINE_FINAL_TYPE (FastSource, fast_source, VIGIL_TYPE_SOURCE)

static gboolean
fast_tick_cb (gpointer user_data)
{
  FastSource *self = user_data;
  g_autoptr(GPtrArray) batch = g_ptr_array_new_with_free_func (g_object_unref);
  g_autofree char *cursor = NULL;

  if (self->next >= BP_TOTAL)
    {
      self->timer = 0;
      return G_SOURCE_REMOVE;
    }
  for (guint i = 0; i < BP_BATCH; i++, self->next++)
    {
      g_autofree char *id = g_strdup_printf ("%u", 200000 + self->next);

      g_ptr_array_add (batch, make_post (id, "a post from a fast live source"));
    }
  self->produced += BP_BATCH;
  cursor = g_strdup_printf ("%u", self->next);
  vigil_source_archive (VIGIL_SOURCE (self), batch, cursor);
  return G_SOURCE_CONTINUE;
}

static void
fast_source_connect (VigilSource *source)
{
  FastSource *self = FAST_SOURCE (source);
  g_autofree char *cursor = vigil_source_load_cursor (source);

  /* resume after what is committed */
  self->next = cursor ? (guint) g_ascii_strtoull (cursor, NULL, 10) : 0;
  vigil_source_set_live (source);
  if (self->timer == 0)
    self->timer = g_timeout_add (1, fast_tick_cb, self);
}

static void
fast_source_disconnect (VigilSource *source)
{
  g_clear_handle_id (&FAST_SOURCE (source)->timer, g_source_remove);
}

static void
fast_source_dispose (GObject *object)
{
  g_clear_handle_id (&FAST_SOURCE (object)->timer, g_source_remove);
  G_OBJECT_CLASS (fast_source_parent_class)->dispose (object);
}

static void
fast_source_class_init (FastSourceClass *klass)
{
  G_OBJECT_CLASS (klass)->dispose = fast_source_dispose;
  VIGIL_SOURCE_CLASS (klass)->connect = fast_source_connect;
  VIGIL_SOURCE_CLASS (klass)->disconnect = fast_source_disconnect;
}

static void
fast_source_init (FastSource *self)
{
}

typedef struct
{
  VigilStore          *store;
  VigilIngestPipeline *pipeline;
  guint                max_held;   /* admitted + waiting, sampled */
} Watch;

static gboolean
sample_cb (gpointer user_data)
{
  Watch *w = user_data;
  VigilIngestStats stats;

  vigil_ingest_pipeline_get_stats (w->pipeline, &stats);
  w->max_held = MAX (w->max_held, stats.queued_posts + stats.waiting_posts);
  return G_SOURCE_CONTINUE;
}

static void
test_source_slowed (void)
{
  g_auto(Tmp) tmp = { 0 };
  g_autoptr(GError) error = NULL;
  g_autoptr(VigilStore) store = NULL;
  g_autoptr(VigilIngestPipeline) pipeline = NULL;
  g_autoptr(FastSource) source = NULL;
  VigilIngestStats stats;
  Watch w = { 0 };
  gint64 deadline = g_get_monotonic_time () + 60 * G_USEC_PER_SEC;  /* hang guard only */
  guint sampler;

  /* a file store: reads don't wait for the (slowed) writer */
  tmp_init (&tmp);
  store = vigil_store_open (tmp.path, &error);
  g_assert_no_error (error);
  vigil_store_set_annotator (store, slow_writer_cb, NULL, NULL);
  pipeline = vigil_ingest_pipeline_new (store, NULL, BP_CAPACITY);
  vigil_ingest_pipeline_install (pipeline);
  g_assert_true (vigil_ingest_pipeline_get_for_store (store) == pipeline);
  w.store = store;
  w.pipeline = pipeline;

  source = g_object_new (FAST_TYPE_SOURCE, "id", "fast", "store", store, NULL);
  sampler = g_timeout_add (1, sample_cb, &w);
  vigil_source_start (VIGIL_SOURCE (source));
  for (;;)
    {
      vigil_ingest_pipeline_get_stats (pipeline, &stats);
      if ((source->next >= BP_TOTAL && stats.queued_posts == 0 && stats.waiting_posts == 0)
          || g_get_monotonic_time () > deadline)
        break;
      g_main_context_iteration (NULL, TRUE);
    }
  vigil_source_stop (VIGIL_SOURCE (source));
  g_source_remove (sampler);
  g_assert_true (vigil_ingest_pipeline_flush (pipeline, &error));

  /* every post stored once: the archive's dedupe absorbs what the source
   * produced again after resuming from its committed cursor */
  g_assert_cmpint (vigil_store_count_posts (store, NULL), ==, BP_TOTAL);
  g_assert_cmpuint (source->produced, >=, BP_TOTAL);
  /* it was slowed, and what it had handed over stayed bounded */
  g_assert_cmpuint (vigil_source_get_pauses (VIGIL_SOURCE (source)), >, 0);
  vigil_ingest_pipeline_get_stats (pipeline, &stats);
  g_assert_cmpuint (stats.max_queued_posts, <=, BP_CAPACITY + BP_BATCH);
  g_assert_cmpuint (stats.max_queued_posts + stats.max_waiting_posts, <=, BP_CAPACITY + 3 * BP_BATCH);
  g_assert_cmpuint (w.max_held, <=, BP_CAPACITY + 3 * BP_BATCH);
  g_assert_cmpuint (stats.failed_batches, ==, 0);

  g_clear_object (&source);
  g_clear_object (&pipeline);
  g_assert_null (vigil_ingest_pipeline_get_for_store (store));
  vigil_store_set_annotator (store, NULL, NULL, NULL);
  g_clear_object (&store);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/vigil/pipeline/chain/old-archive-verifies", test_old_archive_verifies);
  g_test_add_func ("/vigil/pipeline/classify-then-write", test_classify_then_write);
  g_test_add_func ("/vigil/pipeline/back-pressure", test_back_pressure);
  g_test_add_func ("/vigil/pipeline/back-pressure-ignored", test_back_pressure_ignored);
  g_test_add_func ("/vigil/pipeline/back-pressure-source", test_source_slowed);

  return g_test_run ();
}

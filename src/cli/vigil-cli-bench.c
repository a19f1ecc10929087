/* vigil-cli-bench.c: vigil-cli bench …
 *
 * Benchmarks print JSON lines on stdout. They are never run as tests.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "vigil-cli"

#include "config.h"

#include <stdio.h>
#include <sys/resource.h>
#include <unistd.h>
#include <string.h>

#include <glib/gi18n.h>
#include <glib/gstdio.h>

#include "vigil-annotator.h"
#include "vigil-cli-archive.h"
#include "vigil-cli-classify.h"
#include "vigil-cli-common.h"
#include "vigil-cli-sources.h"
#include "vigil-ingest-pipeline.h"
#include "vigil-normalize.h"
#include "vigil-store-bench.h"
#include "vigil-cli-redact.h"

typedef struct
{
  const char *name;
  int       (*run) (int argc, char **argv);
} Bench;

static const Bench benches[] = {
  { "ingest", vigil_cli_bench_ingest },
  { "classify", vigil_cli_bench_classify },
  { "jetstream", vigil_cli_bench_jetstream },
  { "archive", vigil_cli_bench_archive },
  { "archive-search", vigil_cli_bench_archive },
  { "redact", vigil_cli_bench_redact },
};

int
vigil_cli_bench (int    argc,
                 char **argv)
{
  if (argc >= 2)
    for (guint i = 0; i < G_N_ELEMENTS (benches); i++)
      if (g_str_equal (argv[1], benches[i].name))
        return benches[i].run (argc - 1, argv + 1);

  g_printerr ("%s\n", _("Usage: vigil-cli bench BENCHMARK [--count N]"));
  g_printerr ("%s", _("Benchmarks:"));
  for (guint i = 0; i < G_N_ELEMENTS (benches); i++)
    g_printerr (" %s", benches[i].name);
  g_printerr ("\n");
  return VIGIL_CLI_EXIT_USAGE;
}

static const char *words[] = {
  "kettle", "delivery", "refund", "love", "broken", "support", "order", "late", "great",
  "terrible", "thanks", "waiting", "again", "new", "boil", "lid", "handle", "service",
  "week", "never", "always", "recommend", "scalded", "replacement", "warranty", "café",
  "😀", "東京", "why", "today",
};

/* A synthetic but realistic Mastodon status: HTML content with a mention,
 * a hashtag link and an entity, nested account, tags and media. */
static void
append_status (GString *out,
               GRand   *rand,
               guint    n)
{
  g_string_append_printf (out,
    "{\"id\":\"1134%015u\",\"created_at\":\"2026-11-%02uT%02u:%02u:%02u.000Z\","
    "\"in_reply_to_id\":null,\"sensitive\":false,\"spoiler_text\":\"\",\"visibility\":\"public\","
    "\"language\":\"en\",\"uri\":\"https://social.example/users/u%u/statuses/%u\","
    "\"url\":\"https://social.example/@u%u/%u\",\"replies_count\":%u,\"reblogs_count\":%u,"
    "\"favourites_count\":%u,\"edited_at\":null,\"content\":\"<p>",
    n, 1 + n % 28, n % 24, n % 60, (n / 60) % 60, n % 5000, n, n % 5000, n,
    g_rand_int_range (rand, 0, 50), g_rand_int_range (rand, 0, 500), g_rand_int_range (rand, 0, 900));
  g_string_append_printf (out, "<span class=\\\"h-card\\\"><a href=\\\"https://social.example/@northwind\\\" "
                          "class=\\\"u-url mention\\\">@<span>northwind</span></a></span> ");
  for (int w = 0, nw = g_rand_int_range (rand, 8, 30); w < nw; w++)
    g_string_append_printf (out, "%s ", words[g_rand_int_range (rand, 0, G_N_ELEMENTS (words))]);
  g_string_append (out, "&amp; <a href=\\\"https://social.example/tags/kettle\\\" class=\\\"mention hashtag\\\" "
                        "rel=\\\"tag\\\">#<span>kettle</span></a></p>\",");
  g_string_append_printf (out,
    "\"account\":{\"id\":\"%u\",\"username\":\"u%u\",\"acct\":\"u%u@social.example\","
    "\"display_name\":\"User %u\",\"followers_count\":%u,\"following_count\":12,"
    "\"statuses_count\":100},"
    "\"media_attachments\":[],\"mentions\":[],\"tags\":[{\"name\":\"kettle\"}],\"emojis\":[]}",
    n % 5000, n % 5000, n % 5000, n % 5000, g_rand_int_range (rand, 0, 100000));
}

static char *
temp_db_path (const char *dir,
              const char *name)
{
  return g_build_filename (dir, name, NULL);
}

static void
remove_db (const char *path)
{
  g_autofree char *wal = g_strconcat (path, "-wal", NULL);
  g_autofree char *shm = g_strconcat (path, "-shm", NULL);

  g_unlink (path);
  g_unlink (wal);
  g_unlink (shm);
}

static double
cpu_seconds (void)
{
  struct rusage usage;

  getrusage (RUSAGE_SELF, &usage);
  return usage.ru_utime.tv_sec + usage.ru_utime.tv_usec / 1e6
         + usage.ru_stime.tv_sec + usage.ru_stime.tv_usec / 1e6;
}

/* CPU seconds this process's threads have used, by thread name (Linux
 * /proc; empty elsewhere): the stage split in CPU time, which a loaded
 * machine does not distort the way it distorts the wall clock. */
static void
thread_cpu (double *main_s,
            double *classify_s,
            double *write_s,
            double *other_s,
            double *runqueue_s)
{
  g_autoptr(GDir) dir = g_dir_open ("/proc/self/task", 0, NULL);
  const char *tid;
  double tick = sysconf (_SC_CLK_TCK);
  g_autofree char *self_tid = g_strdup_printf ("%d", getpid ());

  *main_s = *classify_s = *write_s = *other_s = 0;
  runqueue_s[0] = runqueue_s[1] = runqueue_s[2] = runqueue_s[3] = 0;
  while (dir != NULL && (tid = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *path = g_build_filename ("/proc/self/task", tid, "stat", NULL);
      g_autofree char *text = NULL;
      g_auto(GStrv) fields = NULL;
      const char *open, *close;
      g_autofree char *comm = NULL;
      double cpu, waited;
      int slot;

      if (!g_file_get_contents (path, &text, NULL, NULL)
          || !(open = strchr (text, '(')) || !(close = strrchr (text, ')')))
        continue;
      comm = g_strndup (open + 1, close - open - 1);
      fields = g_strsplit (close + 2, " ", 0);
      if (g_strv_length (fields) < 13)
        continue;
      /* utime and stime: fields 14 and 15 of stat, 12 and 13 after comm */
      cpu = (g_ascii_strtod (fields[11], NULL) + g_ascii_strtod (fields[12], NULL)) / tick;
      /* schedstat: ns on a CPU, ns waiting for one (other processes' load) */
      {
        g_autofree char *sched_path = g_build_filename ("/proc/self/task", tid, "schedstat", NULL);
        g_autofree char *sched = NULL;

        waited = 0;
        if (g_file_get_contents (sched_path, &sched, NULL, NULL))
          {
            g_auto(GStrv) parts = g_strsplit (g_strstrip (sched), " ", 0);

            if (g_strv_length (parts) >= 2)
              waited = g_ascii_strtod (parts[1], NULL) / 1e9;
          }
      }
      slot = g_str_equal (tid, self_tid) ? 0
             : g_str_equal (comm, "vigil-classify") ? 1
             : (g_str_equal (comm, "vigil-store") || g_str_equal (comm, "vigil-write")) ? 2 : 3;
      runqueue_s[slot] += waited;
      if (slot == 0)
        *main_s += cpu;
      else if (slot == 1)
        *classify_s += cpu;
      else if (slot == 2)
        *write_s += cpu;
      else
        *other_s += cpu;
    }
}

/* What the stages' CPU time allows on this machine when nothing else
 * runs: every stage is one thread, and all share the processors. */
static double
cpu_bound (guint64       n,
           const double *after,
           const double *before)
{
  double total = 0, longest = 0;

  for (int i = 0; i < 4; i++)
    {
      double d = after[i] - before[i];

      total += d;
      if (i < 3)
        longest = MAX (longest, d);
    }
  return n / MAX (MAX (total / MAX (g_get_num_processors (), 1), longest), 1e-6);
}

/* Synthetic Mastodon documents of batch statuses each, built before the
 * clock starts. */
static GPtrArray *
make_documents (int count,
                int batch)
{
  g_autoptr(GRand) rand = g_rand_new_with_seed (42);
  GPtrArray *docs = g_ptr_array_new_with_free_func ((GDestroyNotify) g_bytes_unref);

  for (int done = 0; done < count;)
    {
      int slice = MIN (count - done, batch);
      GString *doc = g_string_sized_new ((gsize) slice * 1200);

      g_string_append_c (doc, '[');
      for (int i = 0; i < slice; i++)
        {
          if (i)
            g_string_append_c (doc, ',');
          append_status (doc, rand, done + i);
        }
      g_string_append_c (doc, ']');
      g_ptr_array_add (docs, g_string_free_to_bytes (doc));
      done += slice;
    }
  return docs;
}

/* Parses docs on this thread (as a source does) and pushes the posts
 * through pipeline (classify and write on its threads, all at once: the
 * wall clock is what counts); keeps the posts in all_posts when non-NULL. */
static gboolean
run_pipeline (VigilIngestPipeline  *pipeline,
              GPtrArray            *docs,
              GPtrArray            *all_posts,
              double               *out_wall_s,
              double               *out_parse_s,
              guint64              *out_posts,
              GError              **error)
{
  gint64 start = g_get_monotonic_time ();

  *out_parse_s = 0;
  *out_posts = 0;
  for (guint i = 0; i < docs->len; i++)
    {
      g_autoptr(VigilParseResult) part = vigil_parse_result_new ();
      gint64 t0 = g_get_monotonic_time ();

      if (!vigil_mastodon_parse_document (g_ptr_array_index (docs, i), part, error))
        return FALSE;
      *out_parse_s += (g_get_monotonic_time () - t0) / 1e6;
      *out_posts += part->posts->len;
      vigil_ingest_pipeline_push (pipeline, part->posts);
      for (guint j = 0; all_posts != NULL && j < part->posts->len; j++)
        g_ptr_array_add (all_posts, g_object_ref (g_ptr_array_index (part->posts, j)));
    }
  if (!vigil_ingest_pipeline_flush (pipeline, error))
    return FALSE;
  *out_wall_s = (g_get_monotonic_time () - start) / 1e6;
  return TRUE;
}

/* The same ingest into a team database (--db postgresql://…, empty): its
 * rate, as a JSON member, to print beside the SQLite run's. */
static gboolean
run_team_database (const char  *uri,
                   gboolean     classify,
                   GPtrArray   *docs,
                   double       sqlite_rate,
                   GString     *out,
                   GError     **error)
{
  g_autoptr(VigilStore) store = NULL;
  g_autoptr(VigilAnnotator) annotator = NULL;
  g_autoptr(VigilIngestPipeline) pipeline = NULL;
  VigilIngestStats stats;
  double wall_s, parse_s, rate;
  guint64 n_posts;

  if (!(store = vigil_cli_open_store (uri)))
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED, _("could not open the team database"));
      return FALSE;
    }
  if (vigil_store_count_posts (store, NULL) != 0)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_EXISTS,
                   _("the team database already has posts: give an empty one, so every post is new"));
      return FALSE;
    }
  if (classify)
    {
      if (!(annotator = vigil_annotator_new (NULL, error)))
        return FALSE;
      vigil_annotator_attach (annotator, store);
    }
  pipeline = vigil_ingest_pipeline_new (store, annotator, 0);
  g_printerr (_("Ingesting the same posts into the team database…\n"));
  if (!run_pipeline (pipeline, docs, NULL, &wall_s, &parse_s, &n_posts, error))
    return FALSE;
  vigil_ingest_pipeline_get_stats (pipeline, &stats);
  rate = n_posts / MAX (wall_s, 1e-6);
  g_string_append_printf (out, ",\"postgresql\":{\"overall_posts_per_s\":%.0f,\"wall_s\":%.3f,"
                          "\"write_posts_per_s\":%.0f,\"vs_sqlite\":%.3f}",
                          rate, wall_s, n_posts / MAX (stats.write_us / 1e6, 1e-6), rate / sqlite_rate);
  return TRUE;
}

int
vigil_cli_bench_ingest (int    argc,
                        char **argv)
{
  int count = 100000;
  int batch = 1000;
  gboolean no_classify = FALSE;
  gboolean classify = FALSE;
  g_autofree char *team_db = NULL;
  GOptionEntry entries[] = {
    { "db", 0, 0, G_OPTION_ARG_STRING, &team_db,
      N_("Also ingest into this empty team database (postgresql://…), after the SQLite run"), N_("URI") },
    { "no-classify", 0, 0, G_OPTION_ARG_NONE, &no_classify,
      N_("Leave classification out (parse + store only)"), NULL },
    /* the default now; accepted for older scripts */
    { "classify", 0, G_OPTION_FLAG_HIDDEN, G_OPTION_ARG_NONE, &classify, NULL, NULL },
    { "count", 'n', 0, G_OPTION_ARG_INT, &count, N_("Number of synthetic posts (default 100000)"), N_("N") },
    { "batch", 0, 0, G_OPTION_ARG_INT, &batch, N_("Posts per transaction (default 1000)"), N_("N") },
    { NULL }
  };
  g_autoptr(GOptionContext) context =
    g_option_context_new (_("— durable ingest (parse, classify, store) vs bare SQLite"));
  g_autoptr(GPtrArray) docs = NULL;
  g_autoptr(GPtrArray) all_posts = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(VigilStore) store = NULL;
  g_autoptr(VigilAnnotator) annotator = NULL;
  g_autoptr(VigilIngestPipeline) pipeline = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GString) line = g_string_new (NULL);
  g_autoptr(GString) team = g_string_new (NULL);
  g_autofree char *dir = NULL;
  g_autofree char *db = NULL;
  g_autofree char *bare = NULL;
  g_autofree char *bare_fts = NULL;
  VigilIngestStats stats;
  double parse_s = 0, wall_s, cpu_s, overall, bare_rate, bare_fts_rate;
  double cpu_start;
  double cpu0[4], cpu1[4], wait0[4], wait1[4];
  guint64 n_posts = 0;

  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  if (!vigil_cli_parse (context, &argc, &argv))
    return VIGIL_CLI_EXIT_USAGE;
  if (count <= 0 || batch <= 0)
    {
      vigil_cli_error (_("--count and --batch must be positive"));
      return VIGIL_CLI_EXIT_USAGE;
    }

  if (!(dir = g_dir_make_tmp ("vigil-bench-XXXXXX", &error)))
    {
      vigil_cli_error ("%s", error->message);
      return VIGIL_CLI_EXIT_FAILED;
    }
  db = temp_db_path (dir, "bench.db");
  bare = temp_db_path (dir, "bare.db");
  bare_fts = temp_db_path (dir, "bare-fts.db");

  g_printerr (_("Generating %d synthetic Mastodon statuses…\n"), count);
  docs = make_documents (count, batch);

  if (!(store = vigil_store_open (db, &error)))
    goto fail;
  if (!no_classify)
    {
      if (!(annotator = vigil_annotator_new (NULL, &error)))
        goto fail;
      /* as the app does: the store's hook groups duplicates and counts
       * mentions; the pipeline classifies before the transaction */
      vigil_annotator_attach (annotator, store);
    }
  pipeline = vigil_ingest_pipeline_new (store, annotator, 0);

  thread_cpu (&cpu0[0], &cpu0[1], &cpu0[2], &cpu0[3], wait0);
  cpu_start = cpu_seconds ();
  if (!run_pipeline (pipeline, docs, all_posts, &wall_s, &parse_s, &n_posts, &error))
    goto fail;
  cpu_s = cpu_seconds () - cpu_start;
  thread_cpu (&cpu1[0], &cpu1[1], &cpu1[2], &cpu1[3], wait1);
  vigil_ingest_pipeline_get_stats (pipeline, &stats);
  g_clear_object (&pipeline);
  g_clear_object (&store);
  overall = n_posts / MAX (wall_s, 1e-6);
  if (team_db != NULL && !run_team_database (team_db, !no_classify, docs, overall, team, &error))
    goto fail;
  g_clear_pointer (&docs, g_ptr_array_unref);

  g_printerr (_("Measuring the bare SQLite baselines…\n"));
  bare_rate = vigil_store_bench_bare_insert_posts (bare, all_posts, (guint) batch, FALSE, &error);
  if (bare_rate <= 0)
    goto fail;
  bare_fts_rate = vigil_store_bench_bare_insert_posts (bare_fts, all_posts, (guint) batch, TRUE, &error);
  if (bare_fts_rate <= 0)
    goto fail;

  g_string_printf (line,
                   "{\"bench\":\"ingest\",\"classify\":%s,\"count\":%" G_GUINT64_FORMAT ","
                   "\"batch\":%d,\"processors\":%u,"
                   "\"overall_posts_per_s\":%.0f,\"wall_s\":%.3f,\"cpu_s\":%.3f,"
                   "\"stages\":{\"parse_s\":%.3f,\"classify_s\":%.3f,\"queue_wait_s\":%.3f,\"queue_wait_ms_per_batch\":%.2f,"
                   "\"write_s\":%.3f,\"admission_wait_s\":%.3f,\"max_queued_posts\":%u},"
                   "\"cpu_split_s\":{\"parse\":%.3f,\"classify\":%.3f,\"write\":%.3f,\"other\":%.3f},"
                   "\"waiting_for_cpu_s\":{\"parse\":%.3f,\"classify\":%.3f,\"write\":%.3f},"
                   "\"cpu_bound_posts_per_s\":%.0f,"
                   "\"parse_posts_per_s\":%.0f,\"classify_posts_per_s\":%.0f,"
                   "\"write_posts_per_s\":%.0f,"
                   "\"bare_sqlite_rows_per_s\":%.0f,\"bare_sqlite_fts5_rows_per_s\":%.0f,"
                   "\"overall_vs_bare\":%.3f,\"overall_vs_bare_fts5\":%.3f%s}",
                   annotator ? "true" : "false", n_posts, batch, g_get_num_processors (),
                   overall, wall_s, cpu_s,
                   parse_s, stats.classify_us / 1e6, stats.queue_wait_us / 1e6,
                   stats.queue_wait_us / 1e3 / MAX (stats.batches, 1),
                   stats.write_us / 1e6, stats.admission_wait_us / 1e6, stats.max_queued_posts,
                   cpu1[0] - cpu0[0], cpu1[1] - cpu0[1], cpu1[2] - cpu0[2], cpu1[3] - cpu0[3],
                   wait1[0] - wait0[0], wait1[1] - wait0[1], wait1[2] - wait0[2],
                   cpu_bound (n_posts, cpu1, cpu0),
                   n_posts / MAX (parse_s, 1e-6),
                   stats.classify_us > 0 ? stats.classified / (stats.classify_us / 1e6) : 0.0,
                   n_posts / MAX (stats.write_us / 1e6, 1e-6),
                   bare_rate, bare_fts_rate, overall / bare_rate, overall / bare_fts_rate, team->str);
  vigil_cli_print_line (line);

  remove_db (db);
  remove_db (bare);
  remove_db (bare_fts);
  g_rmdir (dir);
  return VIGIL_CLI_EXIT_OK;

fail:
  vigil_cli_error (_("benchmark failed: %s"), error ? error->message : "?");
  g_clear_object (&pipeline);
  g_clear_object (&store);
  remove_db (db);
  remove_db (bare);
  remove_db (bare_fts);
  g_rmdir (dir);
  return VIGIL_CLI_EXIT_FAILED;
}

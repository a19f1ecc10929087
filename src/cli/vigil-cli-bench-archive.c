/* vigil-cli-bench-archive.c: vigil-cli bench archive-search
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Over an archive of --count synthetic posts (made once, then reused; --db
 * also takes a team database's postgresql:// URI):
 * full-text search latency (the first page of 100, newest first, as the
 * Archive page asks) against a LIKE '%term%' scan of the same file in the
 * same run; verify time (chains only, and with the derived tables rebuilt);
 * export rate. Not a test: figures go in the closing note.
 */
#define G_LOG_DOMAIN "vigil-cli"

#include "config.h"

#include <math.h>
#include <stdio.h>

#include <glib/gi18n.h>
#include <glib/gstdio.h>

#include "vigil-archive.h"
#include "vigil-cli-archive.h"
#include "vigil-cli-common.h"
#include "vigil-exporter.h"
#include "vigil-store-bench-archive.h"

#define VOCABULARY 20000

static const char * const syllables[] = {
  "ka", "lo", "mi", "ren", "tu", "sa", "vel", "no", "qui", "dra", "pe", "zor", "an", "ti", "bu",
  "ge", "fol", "ma", "cri", "xo", "la", "mon", "sti", "ve", "ho", "ur", "ga", "pli", "den", "so",
};

static char *
make_word (guint i)
{
  GString *w = g_string_new (NULL);

  do
    {
      g_string_append (w, syllables[i % G_N_ELEMENTS (syllables)]);
      i /= G_N_ELEMENTS (syllables);
    }
  while (i > 0);
  if (w->len < 5)
    g_string_append (w, "ex");
  return g_string_free (w, FALSE);
}

static int
compare_double (gconstpointer a,
                gconstpointer b)
{
  double x = *(const double *) a, y = *(const double *) b;

  return x < y ? -1 : x > y;
}

static double
percentile (GArray *ms,
            double  p)
{
  g_array_sort (ms, compare_double);
  return g_array_index (ms, double, MIN (ms->len - 1, (guint) (p * ms->len)));
}

static gboolean
fill (VigilStore  *store,
      guint        count,
      char       **words,
      double      *cumulative,
      double      *rate,
      GError     **error)
{
  g_autoptr(GRand) rand = g_rand_new_with_seed (12);
  gint64 have = vigil_store_count_posts (store, NULL);
  gint64 start = g_get_monotonic_time ();
  guint added = 0;

  while (have + added < count)
    {
      g_autoptr(GPtrArray) batch = g_ptr_array_new_with_free_func (g_object_unref);

      for (guint i = 0; i < 5000 && have + added + i < count; i++)
        {
          g_autofree char *id = g_strdup_printf ("bench-%" G_GINT64_FORMAT, have + added + i);
          g_autoptr(GString) text = g_string_new (NULL);
          g_autoptr(GDateTime) created = g_date_time_new_from_unix_utc (1735689600 + (have + added + i) * 30);
          VigilPost *post = vigil_post_new (VIGIL_PLATFORM_MASTODON, id);
          guint n = g_rand_int_range (rand, 12, 26);

          for (guint j = 0; j < n; j++)
            {
              double u = g_rand_double (rand);
              guint lo = 0, hi = VOCABULARY - 1;

              while (lo < hi)
                {
                  guint mid = (lo + hi) / 2;
                  if (cumulative[mid] < u)
                    lo = mid + 1;
                  else
                    hi = mid;
                }
              if (j)
                g_string_append_c (text, ' ');
              g_string_append (text, words[lo]);
            }
          vigil_post_set_text (post, text->str);
          vigil_post_set_author (post, words[g_rand_int_range (rand, 0, 2000)]);
          vigil_post_set_created_at (post, created);
          g_ptr_array_add (batch, post);
        }
      if (!vigil_store_insert (store, batch, NULL, error))
        return FALSE;
      added += batch->len;
      if (added % 100000 == 0)
        g_printerr ("archived %u…\n", added);
    }
  *rate = added ? added / ((g_get_monotonic_time () - start) / 1e6) : 0;
  return TRUE;
}

typedef struct
{
  VigilExporter *exporter;
  GError        *error;
} Export;

static void
export_cb (VigilPost *post,
           gpointer   data)
{
  Export *e = data;

  if (!e->error)
    vigil_exporter_add (e->exporter, post, &e->error);
}

int
vigil_cli_bench_archive (int    argc,
                         char **argv)
{
  g_autofree char *db_path = NULL;
  int count = 1000000;
  int queries = 200;
  int like_queries = 10;
  gboolean search_only = FALSE;
  GOptionEntry entries[] = {
    { "db", 0, 0, G_OPTION_ARG_FILENAME, &db_path, N_("The bench archive (made once, then reused)"), N_("PATH") },
    { "count", 0, 0, G_OPTION_ARG_INT, &count, N_("Posts in it (default 1000000)"), N_("N") },
    { "queries", 0, 0, G_OPTION_ARG_INT, &queries, N_("Full-text queries to time (default 200)"), N_("N") },
    { "like-queries", 0, 0, G_OPTION_ARG_INT, &like_queries, N_("LIKE scans to time (default 10)"), N_("N") },
    { "search-only", 0, 0, G_OPTION_ARG_NONE, &search_only, N_("Skip verify and export"), NULL },
    { NULL }
  };
  g_autoptr(GOptionContext) context = g_option_context_new (_("— search, verify and export over a large archive"));
  g_autoptr(VigilStore) store = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GArray) fts_ms = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GArray) like_ms = g_array_new (FALSE, FALSE, sizeof (double));
  g_autofree char *out_path = NULL;
  g_auto(GStrv) words = g_new0 (char *, VOCABULARY + 1);
  double *cumulative = g_new (double, VOCABULARY);
  double sum = 0, ingest_rate = 0, verify_s, chain_s, export_rate;
  guint64 fts_hits = 0;
  gint64 t;

  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  if (!vigil_cli_parse (context, &argc, &argv) || count <= 0 || queries <= 0 || like_queries < 0)
    {
      g_free (cumulative);
      return VIGIL_CLI_EXIT_USAGE;
    }
  if (db_path == NULL)
    db_path = g_build_filename (g_get_tmp_dir (), "vigil-bench-archive.db", NULL);
  /* the LIKE baseline scans the SQLite file; a team database has none */
  if (g_str_has_prefix (db_path, "postgresql://") || g_str_has_prefix (db_path, "postgres://"))
    like_queries = 0;
  for (guint i = 0; i < VOCABULARY; i++)
    {
      words[i] = make_word (i);
      sum += 1.0 / (i + 1);
      cumulative[i] = sum;
    }
  for (guint i = 0; i < VOCABULARY; i++)
    cumulative[i] /= sum;

  if (!(store = vigil_cli_open_store (db_path)))
    {
      g_free (cumulative);
      return VIGIL_CLI_EXIT_FAILED;
    }
  if (!fill (store, (guint) count, words, cumulative, &ingest_rate, &error))
    {
      vigil_cli_error ("%s", error->message);
      g_free (cumulative);
      return VIGIL_CLI_EXIT_FAILED;
    }
  g_free (cumulative);
  vigil_store_flush (store);

  /* terms from common (rank 5) to rare (rank ~15000) */
  for (int q = 0; q < queries; q++)
    {
      g_autoptr(VigilSearchQuery) query = vigil_search_query_new ();
      g_autoptr(GArray) ids = NULL;
      guint rank = (guint) (5 * pow (3000.0, (double) q / MAX (1, queries - 1)));

      query->text = g_strdup (words[MIN (rank, VOCABULARY - 1)]);
      query->limit = 100;
      t = g_get_monotonic_time ();
      ids = vigil_store_search_ids (store, query, &error);
      if (ids == NULL)
        {
          vigil_cli_error ("%s", error->message);
          return VIGIL_CLI_EXIT_FAILED;
        }
      g_array_append_val (fts_ms, (double) { (g_get_monotonic_time () - t) / 1000.0 });
      fts_hits += ids->len;
    }
  for (int q = 0; q < like_queries; q++)
    {
      guint rank = (guint) (5 * pow (3000.0, (double) q / MAX (1, like_queries - 1)));
      gint64 n;

      t = g_get_monotonic_time ();
      n = vigil_store_bench_like_search (db_path, words[MIN (rank, VOCABULARY - 1)], 100, &error);
      if (n < 0)
        {
          vigil_cli_error ("%s", error ? error->message : "LIKE failed");
          return VIGIL_CLI_EXIT_FAILED;
        }
      g_array_append_val (like_ms, (double) { (g_get_monotonic_time () - t) / 1000.0 });
    }

  chain_s = verify_s = export_rate = 0;
  if (!search_only)
  {
    VigilArchiveVerifyOptions options = { 0 };
    VigilArchiveReport report = { 0 };

    options.chain_only = TRUE;
    t = g_get_monotonic_time ();
    if (!vigil_archive_verify (store, &options, &report, &error) || !report.ok)
      {
        vigil_cli_error ("verify: %s", error ? error->message : report.verdict);
        return VIGIL_CLI_EXIT_FAILED;
      }
    chain_s = (g_get_monotonic_time () - t) / 1e6;
    vigil_archive_report_clear (&report);
    options.chain_only = FALSE;
    t = g_get_monotonic_time ();
    if (!vigil_archive_verify (store, &options, &report, &error) || !report.ok)
      {
        vigil_cli_error ("verify: %s", error ? error->message : report.verdict);
        return VIGIL_CLI_EXIT_FAILED;
      }
    verify_s = (g_get_monotonic_time () - t) / 1e6;
    vigil_archive_report_clear (&report);
  }

  if (!search_only)
  {
    g_autoptr(GFile) file = NULL;
    g_autoptr(GFileOutputStream) out = NULL;
    g_autoptr(VigilExporter) exporter = NULL;
    Export e = { 0 };

    out_path = g_build_filename (g_get_tmp_dir (), "vigil-bench-export.json", NULL);
    file = g_file_new_for_path (out_path);
    out = g_file_replace (file, NULL, FALSE, G_FILE_CREATE_REPLACE_DESTINATION, NULL, &error);
    exporter = vigil_exporter_new (G_OUTPUT_STREAM (out), VIGIL_EXPORT_FORMAT_JSON, "bench");
    e.exporter = exporter;
    t = g_get_monotonic_time ();
    if (!vigil_store_foreach (store, NULL, export_cb, &e, &error) || e.error
        || !vigil_exporter_finish (exporter, &error)
        || !g_output_stream_close (G_OUTPUT_STREAM (out), NULL, &error))
      {
        vigil_cli_error ("export: %s", e.error ? e.error->message : error->message);
        return VIGIL_CLI_EXIT_FAILED;
      }
    export_rate = vigil_exporter_get_count (exporter) / ((g_get_monotonic_time () - t) / 1e6);
    g_unlink (out_path);
  }

  printf ("{\"bench\":\"archive-search\",\"posts\":%" G_GINT64_FORMAT ",\"ingest_posts_per_s\":%.0f,"
          "\"fts\":{\"queries\":%u,\"p50_ms\":%.2f,\"p95_ms\":%.2f,\"max_ms\":%.2f,\"mean_hits\":%.1f},"
          "\"like\":{\"queries\":%u,\"p50_ms\":%.1f,\"p95_ms\":%.1f},"
          "\"verify_chain_s\":%.2f,\"verify_full_s\":%.2f,\"export_json_posts_per_s\":%.0f}\n",
          vigil_store_count_posts (store, NULL), ingest_rate,
          fts_ms->len, percentile (fts_ms, 0.5), percentile (fts_ms, 0.95), percentile (fts_ms, 0.999),
          (double) fts_hits / queries,
          like_ms->len, like_ms->len ? percentile (like_ms, 0.5) : 0.0, like_ms->len ? percentile (like_ms, 0.95) : 0.0,
          chain_s, verify_s, export_rate);
  return VIGIL_CLI_EXIT_OK;
}

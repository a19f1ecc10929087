/* vigil-cli-bench.c: vigil-cli bench …
 *
 * Benchmarks print JSON lines on stdout. They are never run as tests.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "vigil-cli"

#include "config.h"

#include <stdio.h>

#include <glib/gi18n.h>
#include <glib/gstdio.h>

#include "vigil-annotator.h"
#include "vigil-cli-classify.h"
#include "vigil-cli-common.h"
#include "vigil-cli-sources.h"
#include "vigil-normalize.h"
#include "vigil-store-bench.h"

typedef struct
{
  const char *name;
  int       (*run) (int argc, char **argv);
} Bench;

static const Bench benches[] = {
  { "ingest", vigil_cli_bench_ingest },
  { "classify", vigil_cli_bench_classify },
  { "jetstream", vigil_cli_bench_jetstream },
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

int
vigil_cli_bench_ingest (int    argc,
                        char **argv)
{
  int count = 100000;
  int batch = 1000;
  gboolean classify = FALSE;
  GOptionEntry entries[] = {
    { "classify", 0, 0, G_OPTION_ARG_NONE, &classify,
      N_("Classify each post on the store's worker, as vigil-cli ingest does"), NULL },
    { "count", 'n', 0, G_OPTION_ARG_INT, &count, N_("Number of synthetic posts (default 100000)"), N_("N") },
    { "batch", 0, 0, G_OPTION_ARG_INT, &batch, N_("Posts per transaction (default 1000)"), N_("N") },
    { NULL }
  };
  g_autoptr(GOptionContext) context = g_option_context_new (_("— parse+store throughput vs bare SQLite"));
  g_autoptr(GRand) rand = g_rand_new_with_seed (42);
  g_autoptr(GString) doc = NULL;
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(VigilParseResult) result = vigil_parse_result_new ();
  g_autoptr(VigilStore) store = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GString) line = g_string_new (NULL);
  g_autofree char *dir = NULL;
  g_autofree char *db = NULL;
  g_autofree char *bare = NULL;
  double parse_s, store_s, bare_rate;
  gint64 t0, t1, t2;

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

  /* The synthetic document is built before timing starts; a Mastodon
   * document is at most 64 MiB, so large counts are parsed in slices. */
  g_printerr (_("Generating %d synthetic Mastodon statuses…\n"), count);
  doc = g_string_sized_new ((gsize) count * 1100);

  if (!(store = vigil_store_open (db, &error)))
    goto fail;
  if (classify)
    {
      g_autoptr(VigilAnnotator) annotator = vigil_annotator_new (NULL, &error);

      if (annotator == NULL)
        goto fail;
      vigil_annotator_attach (annotator, store);
    }

  parse_s = store_s = 0;
  for (int done = 0; done < count;)
    {
      int slice = MIN (count - done, 40000);
      g_autoptr(VigilParseResult) part = vigil_parse_result_new ();

      g_string_truncate (doc, 0);
      g_string_append_c (doc, '[');
      for (int i = 0; i < slice; i++)
        {
          if (i)
            g_string_append_c (doc, ',');
          append_status (doc, rand, done + i);
        }
      g_string_append_c (doc, ']');
      g_clear_pointer (&bytes, g_bytes_unref);
      bytes = g_bytes_new_static (doc->str, doc->len);

      t0 = g_get_monotonic_time ();
      if (!vigil_mastodon_parse_document (bytes, part, &error))
        goto fail;
      t1 = g_get_monotonic_time ();
      for (guint i = 0; i < part->posts->len; i += batch)
        {
          g_autoptr(GPtrArray) chunk = g_ptr_array_new ();
          VigilStoreInsertResult r;

          for (guint j = i; j < part->posts->len && j < i + (guint) batch; j++)
            g_ptr_array_add (chunk, g_ptr_array_index (part->posts, j));
          if (!vigil_store_insert (store, chunk, &r, &error))
            goto fail;
        }
      t2 = g_get_monotonic_time ();
      parse_s += (t1 - t0) / 1e6;
      store_s += (t2 - t1) / 1e6;
      done += slice;
    }
  g_clear_object (&store);

  g_printerr (_("Measuring the bare SQLite baseline…\n"));
  bare_rate = vigil_store_bench_bare_insert (bare, (guint) count, &error);
  if (bare_rate <= 0)
    goto fail;

  g_string_printf (line,
                   "{\"bench\":\"ingest\",\"classify\":%s,\"count\":%d,\"batch\":%d,"
                   "\"parse_posts_per_s\":%.0f,\"store_posts_per_s\":%.0f,"
                   "\"overall_posts_per_s\":%.0f,\"bare_sqlite_rows_per_s\":%.0f,"
                   "\"overall_vs_bare\":%.3f}",
                   classify ? "true" : "false", count, batch, count / parse_s, count / store_s,
                   count / (parse_s + store_s), bare_rate,
                   (count / (parse_s + store_s)) / bare_rate);
  vigil_cli_print_line (line);

  remove_db (db);
  remove_db (bare);
  g_rmdir (dir);
  return VIGIL_CLI_EXIT_OK;

fail:
  vigil_cli_error (_("benchmark failed: %s"), error ? error->message : "?");
  g_clear_object (&store);
  remove_db (db);
  remove_db (bare);
  g_rmdir (dir);
  return VIGIL_CLI_EXIT_FAILED;
}

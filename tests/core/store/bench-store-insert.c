/* bench-store-insert.c: archive insert throughput against bare SQLite
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Usage: bench-store-insert [N_POSTS [BATCH [RAW_BYTES]]]
 *        (default 100000 posts, batches of 1000, ~250-byte raw payloads;
 *        a Mastodon status as JSON is ~1100 bytes)
 * Prints TAP with the figures as comments.
 */
#include "config.h"

#include <glib/gstdio.h>
#include <sys/resource.h>

#include "vigil-store.h"
#include "vigil-store-bench.h"

static void
remove_db (const char *path)
{
  const char *suffixes[] = { "", "-wal", "-shm" };

  for (guint i = 0; i < G_N_ELEMENTS (suffixes); i++)
    {
      g_autofree char *file = g_strconcat (path, suffixes[i], NULL);
      g_unlink (file);
    }
}

/* CPU time used by the process so far, in seconds */
static double
cpu_seconds (void)
{
  struct rusage usage;

  getrusage (RUSAGE_SELF, &usage);
  return usage.ru_utime.tv_sec + usage.ru_stime.tv_sec
         + (usage.ru_utime.tv_usec + usage.ru_stime.tv_usec) / 1e6;
}

static GPtrArray *
make_batch (guint first,
            guint n,
            guint raw_bytes)
{
  GPtrArray *posts = g_ptr_array_new_with_free_func (g_object_unref);
  const char *tags[] = { "acme", "earnings", NULL };

  for (guint i = first; i < first + n; i++)
    {
      g_autofree char *id = g_strdup_printf ("%u", 100000000u + i);
      g_autofree char *author = g_strdup_printf ("user%u@example.org", i % 5000);
      g_autofree char *text = g_strdup_printf ("Post %u about the quarterly results, the new résumé "
                                               "policy and customer service at the Acme store #acme %u",
                                               i, i * 7919u);
      g_autoptr(GDateTime) created = g_date_time_new_from_unix_utc (1795000000 + i);
      VigilPost *post = vigil_post_new (VIGIL_PLATFORM_MASTODON, id);

      vigil_post_set_author (post, author);
      vigil_post_set_author_name (post, "A Person");
      vigil_post_set_url (post, "https://example.org/@user/1");
      vigil_post_set_text (post, text);
      vigil_post_set_lang (post, "en");
      vigil_post_set_created_at (post, created);
      vigil_post_set_fetched_at (post, created);
      vigil_post_set_tags (post, tags);
      vigil_post_set_metrics (post, 1, 2, 3);
      GString *raw = g_string_new (NULL);

      g_string_printf (raw, "{\"id\":\"%s\",\"content\":\"<p>%s</p>\",\"account\":{\"acct\":\"%s\"}",
                       id, text, author);
      if (raw->len + 2 < raw_bytes)
        {
          g_string_append (raw, ",\"pad\":\"");
          while (raw->len + 2 < raw_bytes)
            g_string_append_c (raw, 'a' + raw->len % 26);
          g_string_append_c (raw, '"');
        }
      g_string_append_c (raw, '}');
      vigil_post_take_raw (post, g_string_free (raw, FALSE));
      g_ptr_array_add (posts, post);
    }
  return posts;
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("vigil-bench-XXXXXX", &error);
  g_autofree char *bare_path = NULL;
  g_autofree char *store_path = NULL;
  g_autoptr(GPtrArray) batches = g_ptr_array_new_with_free_func ((GDestroyNotify) g_ptr_array_unref);
  g_autoptr(VigilStore) store = NULL;
  VigilStoreVerifyResult verify = { 0 };
  guint n = argc > 1 ? (guint) g_ascii_strtoull (argv[1], NULL, 10) : 100000;
  guint batch = argc > 2 ? (guint) g_ascii_strtoull (argv[2], NULL, 10) : 1000;
  guint raw_bytes = argc > 3 ? (guint) g_ascii_strtoull (argv[3], NULL, 10) : 0;
  gint64 start, elapsed;
  double bare, rate, cpu;

  g_assert_no_error (error);
  batch = MAX (batch, 1);
  bare_path = g_build_filename (dir, "bare.db", NULL);
  store_path = g_build_filename (dir, "store.db", NULL);

  printf ("1..1\n");

  bare = vigil_store_bench_bare_insert (bare_path, n, &error);
  g_assert_no_error (error);

  for (guint i = 0; i < n; i += batch)
    g_ptr_array_add (batches, make_batch (i, MIN (batch, n - i), raw_bytes));

  store = vigil_store_open (store_path, &error);
  g_assert_no_error (error);
  start = g_get_monotonic_time ();
  cpu = cpu_seconds ();
  for (guint i = 0; i < batches->len; i++)
    {
      VigilStoreInsertResult result;

      if (!vigil_store_insert (store, g_ptr_array_index (batches, i), &result, &error))
        g_error ("%s", error->message);
    }
  elapsed = g_get_monotonic_time () - start;
  cpu = cpu_seconds () - cpu;
  rate = n / (MAX (elapsed, 1) / (double) G_USEC_PER_SEC);

  printf ("# bare sqlite: %.0f rows/s\n", bare);
  printf ("# vigil store: %.0f posts/s (batches of %u; %.1f%% of bare)\n", rate, batch, 100 * rate / bare);
  /* the caller waits while the worker writes: this is the worker's CPU time */
  printf ("# vigil store: %.0f posts per CPU second (wall time is noisy on a shared machine)\n",
          n / MAX (cpu, 1e-6));
  fflush (stdout);

  start = g_get_monotonic_time ();
  if (!vigil_store_verify (store, &verify, &error))
    g_error ("%s", error->message);
  if (!verify.ok)
    g_error ("verify: %s", verify.first_broken);
  printf ("# verify: %.0f rows/s\n",
          verify.posts / ((g_get_monotonic_time () - start) / (double) G_USEC_PER_SEC));
  vigil_store_verify_result_clear (&verify);

  printf ("ok 1 - inserted %u posts\n", n);

  g_clear_object (&store);
  remove_db (bare_path);
  remove_db (store_path);
  g_rmdir (dir);
  return 0;
}

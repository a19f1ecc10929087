/* bench-archive-filters.c: the Archive page's filters on a bench archive
 *
 *   bench-archive-filters DB TAG MENTION LINK
 *
 * DB is an archive from `vigil-cli bench archive` (opened, not changed);
 * TAG, MENTION and LINK are values it holds. Prints one JSON line per
 * query (p50/p95 of 9 runs of the search's ids, the count) and the same
 * for reading 200 posts' history. The word of TAG searched as text is the
 * baseline for the hashtag filter.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>

#include "vigil-archive.h"

#define RUNS 9

static int
compare_doubles (gconstpointer a,
                 gconstpointer b)
{
  double x = *(const double *) a, y = *(const double *) b;

  return x < y ? -1 : x > y;
}

static void
time_query (VigilStore       *store,
            const char       *name,
            VigilSearchQuery *query)
{
  double ms[RUNS];
  guint hits = 0;

  for (guint i = 0; i < RUNS; i++)
    {
      g_autoptr(GError) error = NULL;
      gint64 start = g_get_monotonic_time ();
      g_autoptr(GArray) ids = vigil_store_search_ids (store, query, &error);

      if (ids == NULL)
        g_error ("%s: %s", name, error->message);
      ms[i] = (g_get_monotonic_time () - start) / 1000.0;
      hits = ids->len;
    }
  qsort (ms, RUNS, sizeof ms[0], (GCompareFunc) compare_doubles);
  printf ("{\"query\":\"%s\",\"hits\":%u,\"p50_ms\":%.2f,\"p95_ms\":%.2f}\n", name, hits, ms[RUNS / 2],
          ms[RUNS - 1]);
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GError) error = NULL;
  g_autoptr(VigilStore) store = NULL;
  g_autoptr(VigilSearchQuery) q = vigil_search_query_new ();
  g_autoptr(GArray) history_ms = g_array_new (FALSE, FALSE, sizeof (double));
  gint64 last;

  if (argc != 5)
    {
      g_printerr ("usage: bench-archive-filters DB TAG MENTION LINK\n");
      return 2;
    }
  if ((store = vigil_store_open (argv[1], &error)) == NULL)
    g_error ("%s", error->message);

  q->text = g_strdup (argv[2]);
  time_query (store, "text (baseline)", q);
  g_clear_pointer (&q->text, g_free);
  q->tag = g_strdup (argv[2]);
  time_query (store, "tag", q);
  g_clear_pointer (&q->tag, g_free);
  q->mention = g_strdup (argv[3]);
  time_query (store, "mention", q);
  g_clear_pointer (&q->mention, g_free);
  q->link = g_strdup (argv[4]);
  time_query (store, "link", q);
  q->tag = g_strdup (argv[2]);
  time_query (store, "link+tag", q);
  g_clear_pointer (&q->link, g_free);
  g_clear_pointer (&q->tag, g_free);
  q->watch = g_strdup ("brand");
  time_query (store, "watch", q);
  q->category = g_strdup ("customer-service");
  time_query (store, "watch+category", q);
  q->platform = VIGIL_PLATFORM_MASTODON;
  q->text = g_strdup (argv[2]);
  time_query (store, "watch+category+platform+text", q);

  last = vigil_store_get_last_id (store);
  for (guint i = 0; i < 200; i++)
    {
      gint64 id = 1 + (gint64) g_random_int_range (0, (gint32) MIN (last, G_MAXINT32 - 1));
      gint64 start = g_get_monotonic_time ();
      g_autoptr(GPtrArray) history = vigil_store_get_post_history (store, id, &error);
      double ms = (g_get_monotonic_time () - start) / 1000.0;

      if (history == NULL)
        g_error ("history: %s", error->message);
      g_array_append_val (history_ms, ms);
    }
  g_array_sort (history_ms, compare_doubles);
  printf ("{\"query\":\"history of one post\",\"runs\":200,\"p50_ms\":%.3f,\"p95_ms\":%.3f}\n",
          g_array_index (history_ms, double, 100), g_array_index (history_ms, double, 189));
  return 0;
}

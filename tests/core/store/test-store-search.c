/* test-store-search.c: the fast first page of a text search equals the
 * full plan's first page, also when posts arrive out of date order
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "store-test-util.h"

static void
test_newest_page_matches_full (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(VigilStore) store = vigil_store_open (":memory:", &error);
  g_autoptr(GPtrArray) posts = posts_new ();
  g_autoptr(GRand) rand = g_rand_new_with_seed (7);
  const char *words[] = { "kettle", "refund", "broken", "lid", "steam" };

  for (guint i = 0; i < 6000; i++)
    {
      g_autofree char *id = g_strdup_printf ("s-%u", i);
      g_autofree char *text = g_strdup_printf ("%s %s", words[g_rand_int_range (rand, 0, 5)],
                                               i % 97 == 0 ? "rare" : words[g_rand_int_range (rand, 0, 3)]);
      /* backfilled: arrival order is not date order */
      VigilPost *post = make_post (VIGIL_PLATFORM_MASTODON, id, "alice@example.org", text,
                                   1 + g_rand_int_range (rand, 0, 28));
      g_ptr_array_add (posts, post);
    }
  insert_ok (store, posts, NULL);

  for (guint w = 0; w < G_N_ELEMENTS (words) + 1; w++)
    {
      g_autoptr(VigilSearchQuery) page = vigil_search_query_new ();
      g_autoptr(VigilSearchQuery) all = vigil_search_query_new ();
      g_autoptr(GArray) first = NULL;
      g_autoptr(GArray) full = NULL;

      page->text = g_strdup (w < G_N_ELEMENTS (words) ? words[w] : "rare");
      page->limit = 50;
      all->text = g_strdup (page->text);
      /* a filter that matches everything keeps the full plan */
      all->until = g_date_time_new_utc (2100, 1, 1, 0, 0, 0);
      first = vigil_store_search_ids (store, page, &error);
      full = vigil_store_search_ids (store, all, &error);
      g_assert_no_error (error);
      g_assert_cmpuint (first->len, ==, MIN (50, full->len));
      for (guint i = 0; i < first->len; i++)
        g_assert_cmpint (g_array_index (first, gint64, i), ==, g_array_index (full, gint64, i));
    }
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/vigil/store/search/newest-page-matches-full", test_newest_page_matches_full);
  return g_test_run ();
}

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
  g_autoptr(VigilStore) store = vigil_store_open (store_test_new_uri (), &error);
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

static guint
count (VigilStore       *store,
       VigilSearchQuery *query)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GArray) ids = vigil_store_search_ids (store, query, &error);

  g_assert_no_error (error);
  return ids->len;
}

/* Each archive-page filter alone, then combined. */
static void
test_filters (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(VigilStore) store = vigil_store_open (store_test_new_uri (), &error);
  g_autoptr(GPtrArray) posts = posts_new ();
  g_autoptr(GPtrArray) events = posts_new ();
  VigilPost *post;
  gint64 negative[] = { 2, 5 };

  /* 1 mastodon post, 2 mastodon reply, 3 bluesky post, 4 mastodon DM,
   * 5 bluesky reply (deleted), 6 mastodon post (edited) */
  g_ptr_array_add (posts, make_post (VIGIL_PLATFORM_MASTODON, "m1", "ana@x.org", "kettle lid broke", 1));
  post = make_post (VIGIL_PLATFORM_MASTODON, "m2", "bo@x.org", "kettle refund please", 2);
  vigil_post_set_parent_id (post, "m1");
  g_ptr_array_add (posts, post);
  g_ptr_array_add (posts, make_post (VIGIL_PLATFORM_BLUESKY, "b3", "cy.bsky", "lovely kettle", 3));
  post = make_post (VIGIL_PLATFORM_MASTODON, "m4", "ana@x.org", "my order number", 4);
  vigil_post_set_visibility (post, VIGIL_VISIBILITY_DIRECT);
  g_ptr_array_add (posts, post);
  post = make_post (VIGIL_PLATFORM_BLUESKY, "b5", "bo.bsky", "scalded by the lid", 5);
  vigil_post_set_parent_id (post, "b3");
  g_ptr_array_add (posts, post);
  g_ptr_array_add (posts, make_post (VIGIL_PLATFORM_MASTODON, "m6", "cy@x.org", "first words", 6));
  insert_ok (store, posts, NULL);
  g_ptr_array_add (events, make_event (VIGIL_PLATFORM_BLUESKY, "b5", VIGIL_POST_EVENT_DELETE, NULL));
  g_ptr_array_add (events, make_event (VIGIL_PLATFORM_MASTODON, "m6", VIGIL_POST_EVENT_EDIT, "second words"));
  insert_ok (store, events, NULL);
  g_assert_true (vigil_store_override_sentiment (store, negative, 2, VIGIL_SENTIMENT_NEGATIVE, "ana", &error));

  {
    g_autoptr(VigilSearchQuery) q = vigil_search_query_new ();
    q->text = g_strdup ("kettle");
    g_assert_cmpuint (count (store, q), ==, 3);
  }
  {
    g_autoptr(VigilSearchQuery) q = vigil_search_query_new ();
    q->platform = VIGIL_PLATFORM_BLUESKY;
    g_assert_cmpuint (count (store, q), ==, 2);
  }
  {
    g_autoptr(VigilSearchQuery) q = vigil_search_query_new ();
    q->author = g_strdup ("ana@x.org");
    g_assert_cmpuint (count (store, q), ==, 2);
  }
  {
    g_autoptr(VigilSearchQuery) q = vigil_search_query_new ();
    q->since = g_date_time_new_utc (2026, 11, 3, 0, 0, 0);
    q->until = g_date_time_new_utc (2026, 11, 5, 0, 0, 0);
    g_assert_cmpuint (count (store, q), ==, 2);
  }
  {
    g_autoptr(VigilSearchQuery) q = vigil_search_query_new ();
    q->type = VIGIL_SEARCH_TYPE_REPLY;
    g_assert_cmpuint (count (store, q), ==, 2);
    q->type = VIGIL_SEARCH_TYPE_DIRECT;
    g_assert_cmpuint (count (store, q), ==, 1);
    q->type = VIGIL_SEARCH_TYPE_POST;
    g_assert_cmpuint (count (store, q), ==, 3);
  }
  {
    g_autoptr(VigilSearchQuery) q = vigil_search_query_new ();
    q->sentiment = VIGIL_SENTIMENT_NEGATIVE;
    g_assert_cmpuint (count (store, q), ==, 2);
  }
  {
    g_autoptr(VigilSearchQuery) q = vigil_search_query_new ();
    q->deleted_only = TRUE;
    g_assert_cmpuint (count (store, q), ==, 1);
    q->deleted_only = FALSE;
    q->edited_only = TRUE;
    g_assert_cmpuint (count (store, q), ==, 1);
    /* the edited text is what search finds */
    q->text = g_strdup ("second");
    g_assert_cmpuint (count (store, q), ==, 1);
  }
  {
    /* combined: bluesky replies, deleted, about a lid, negative */
    g_autoptr(VigilSearchQuery) q = vigil_search_query_new ();
    g_autoptr(GArray) ids = NULL;

    q->text = g_strdup ("lid");
    q->platform = VIGIL_PLATFORM_BLUESKY;
    q->type = VIGIL_SEARCH_TYPE_REPLY;
    q->deleted_only = TRUE;
    q->sentiment = VIGIL_SENTIMENT_NEGATIVE;
    ids = vigil_store_search_ids (store, q, &error);
    g_assert_cmpuint (ids->len, ==, 1);
    g_assert_cmpint (g_array_index (ids, gint64, 0), ==, 5);
    q->platform = VIGIL_PLATFORM_MASTODON;
    g_assert_cmpuint (count (store, q), ==, 0);
  }
  {
    /* sort by author, A-Z */
    g_autoptr(VigilSearchQuery) q = vigil_search_query_new ();
    g_autoptr(GArray) ids = NULL;

    q->order = VIGIL_SEARCH_ORDER_AUTHOR;
    ids = vigil_store_search_ids (store, q, &error);
    g_assert_cmpint (g_array_index (ids, gint64, 0), ==, 4);   /* ana, newest first */
    g_assert_cmpint (g_array_index (ids, gint64, 4), ==, 3);   /* cy.bsky before cy@x.org */
    g_assert_cmpint (g_array_index (ids, gint64, 5), ==, 6);
  }
}

int
main (int   argc,
      char *argv[])
{
  store_test_init (&argc, &argv, FALSE);
  store_test_add ("/vigil/store/search/filters", test_filters);
  store_test_add ("/vigil/store/search/newest-page-matches-full", test_newest_page_matches_full);
  return g_test_run ();
}

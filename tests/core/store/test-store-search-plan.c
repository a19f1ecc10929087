/* test-store-search-plan.c: the streamed first page equals the old plan
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * From archive format 6 a full-text search newest first streams the index
 * by date (vigil-store-reader.c). On a fixed corpus built to make the
 * order hard (many posts in one second and in one microsecond, posts with
 * no date, edits, deletions, backfilled dates), every query of a list, at
 * several page sizes, must give the same posts in the same order as the
 * SQL the archive ran before (kept here, as it was, as the reference), and
 * the bounded count must agree with the reference's count.
 */
#include "config.h"

#include <string.h>

#include "store-test-util.h"
#include "vigil-store-private.h"

#define N_POSTS 3000

static const char * const words[] = {
  "refund", "delivery", "late", "broken", "thanks", "order", "fraud", "lawsuit",
  "courier", "parcel", "angry", "great", "service", "bank", "card", "zebra",
};

/* A post whose date is often shared: 1 in 4 in one of 20 seconds, some in
 * the very same microsecond, 1 in 40 without a date. */
static VigilPost *
corpus_post (GRand *rand,
             guint  i)
{
  g_autofree char *rid = g_strdup_printf ("p-%u", i);
  g_autofree char *author = g_strdup_printf ("user%u", g_rand_int_range (rand, 0, 40));
  g_autoptr(GString) text = g_string_new (NULL);
  VigilPlatform platform = g_rand_int_range (rand, 0, 2) ? VIGIL_PLATFORM_MASTODON : VIGIL_PLATFORM_BLUESKY;
  VigilPost *post = vigil_post_new (platform, rid);
  guint n = g_rand_int_range (rand, 2, 9);
  guint shape = g_rand_int_range (rand, 0, 40);

  for (guint j = 0; j < n; j++)
    {
      /* skewed: the first words are common */
      guint w = MIN (g_rand_int_range (rand, 0, G_N_ELEMENTS (words)),
                     g_rand_int_range (rand, 0, G_N_ELEMENTS (words)));
      g_string_append_printf (text, "%s%s", j ? " " : "", words[w]);
    }
  if (g_rand_int_range (rand, 0, 6) == 0)
    g_string_append_printf (text, " @user%u", g_rand_int_range (rand, 0, 40));
  if (g_rand_int_range (rand, 0, 8) == 0)
    g_string_append (text, " https://shop.example/p/1");
  vigil_post_set_text (post, text->str);
  vigil_post_set_author (post, author);
  if (g_rand_int_range (rand, 0, 5) == 0)
    {
      const char *tags[] = { words[g_rand_int_range (rand, 0, 4)], NULL };
      vigil_post_set_tags (post, tags);
    }
  if (g_rand_int_range (rand, 0, 3) == 0)
    vigil_post_set_lang (post, "en");
  if (shape != 0)
    {
      gint64 us;
      g_autoptr(GDateTime) at = NULL;

      if (shape < 10)
        us = (gint64) (1700000000 + g_rand_int_range (rand, 0, 20)) * G_USEC_PER_SEC
             + (g_rand_boolean (rand) ? 500000 : g_rand_int_range (rand, 0, 1000000));
      else
        us = (gint64) (1600000000 + g_rand_int_range (rand, 0, 100000000)) * G_USEC_PER_SEC
             + g_rand_int_range (rand, 0, 1000) * 1000;
      at = _vigil_store_time_from_us (us);
      vigil_post_set_created_at (post, at);
    }
  vigil_post_set_sentiment (post, g_rand_double_range (rand, -1, 1),
                            (VigilSentiment) g_rand_int_range (rand, 1, 4));
  return post;
}

static void
build_corpus (VigilStore *store)
{
  g_autoptr(GRand) rand = g_rand_new_with_seed (1313);

  for (guint i = 0; i < N_POSTS; i += 250)
    {
      g_autoptr(GPtrArray) batch = posts_new ();

      for (guint j = i; j < i + 250; j++)
        {
          g_ptr_array_add (batch, corpus_post (rand, j));
          if (j >= 100 && j % 37 == 0)
            {
              g_autofree char *rid = g_strdup_printf ("p-%u", j - 100);
              VigilPlatform platform = VIGIL_PLATFORM_MASTODON;
              g_autoptr(VigilPost) old = vigil_store_find_post (store, platform, rid, NULL);

              if (old == NULL)
                platform = VIGIL_PLATFORM_BLUESKY;
              g_ptr_array_add (batch, make_event (platform, rid, VIGIL_POST_EVENT_EDIT,
                                                  "edited fraud lawsuit refund"));
            }
          if (j >= 50 && j % 53 == 0)
            {
              g_autofree char *rid = g_strdup_printf ("p-%u", j - 50);
              g_ptr_array_add (batch, make_event (VIGIL_PLATFORM_MASTODON, rid, VIGIL_POST_EVENT_DELETE, NULL));
              g_ptr_array_add (batch, make_event (VIGIL_PLATFORM_BLUESKY, rid, VIGIL_POST_EVENT_DELETE, NULL));
            }
        }
      insert_ok (store, batch, NULL);
    }
}

/* The archive's search SQL before format 6 (vigil-store-reader.c at
 * 613cb17), for the filters it had: the matches as a set, then sorted. Only
 * the index's rowid is read as a post id now (rowid & 2^28 - 1). */
static GArray *
reference_ids (sqlite3                *db,
               const VigilSearchQuery *query)
{
  g_autofree char *fts = vigil_search_query_to_fts (query->text);
  g_autoptr(GString) sql = g_string_new ("SELECT p.id FROM posts p LEFT JOIN annotations a ON a.post_id = p.id WHERE 1");
  GArray *ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  sqlite3_stmt *stmt = NULL;
  const char *author = query->author;
  int rc;

  if (author)
    {
      char *by_author = g_strdup_printf ("author : \"%s\"", author);

      if (fts)
        {
          char *both = g_strdup_printf ("%s AND (%s)", by_author, fts);
          g_free (fts);
          g_free (by_author);
          fts = both;
        }
      else
        fts = by_author;
    }
  if (fts)
    g_string_append (sql, " AND p.id IN (SELECT rowid & 268435455 FROM posts_fts WHERE posts_fts MATCH :fts)");
  if (query->platform != VIGIL_PLATFORM_UNKNOWN)
    g_string_append (sql, " AND p.platform = :platform");
  if (author)
    g_string_append (sql, " AND (p.author = :author COLLATE NOCASE OR p.author = ('@' || :author) COLLATE NOCASE)");
  if (query->since)
    g_string_append (sql, " AND p.created_us >= :since");
  if (query->until)
    g_string_append (sql, " AND p.created_us < :until");
  if (query->sentiment != VIGIL_SENTIMENT_NONE)
    g_string_append (sql, " AND coalesce (a.override, a.label) = :sentiment");
  if (query->deleted_only)
    g_string_append (sql, " AND EXISTS (SELECT 1 FROM post_state st WHERE st.platform = p.platform"
                          " AND st.remote_id = p.remote_id AND st.deleted = 1)");
  g_string_append (sql, " ORDER BY p.created_us DESC, p.id DESC");
  if (query->limit > 0)
    g_string_append (sql, " LIMIT :limit");

  g_assert_cmpint (sqlite3_prepare_v2 (db, sql->str, -1, &stmt, NULL), ==, SQLITE_OK);
#define BIND_TEXT(name, v) \
  if (sqlite3_bind_parameter_index (stmt, name) > 0) \
    sqlite3_bind_text (stmt, sqlite3_bind_parameter_index (stmt, name), v, -1, SQLITE_TRANSIENT)
#define BIND_INT(name, v) \
  if (sqlite3_bind_parameter_index (stmt, name) > 0) \
    sqlite3_bind_int64 (stmt, sqlite3_bind_parameter_index (stmt, name), v)
  BIND_TEXT (":fts", fts);
  BIND_TEXT (":platform", vigil_platform_to_string (query->platform));
  BIND_TEXT (":author", author);
  if (query->since)
    BIND_INT (":since", _vigil_store_time_to_us (query->since));
  if (query->until)
    BIND_INT (":until", _vigil_store_time_to_us (query->until));
  BIND_INT (":sentiment", query->sentiment);
  BIND_INT (":limit", query->limit);
#undef BIND_TEXT
#undef BIND_INT
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      gint64 id = sqlite3_column_int64 (stmt, 0);
      g_array_append_val (ids, id);
    }
  g_assert_cmpint (rc, ==, SQLITE_DONE);
  sqlite3_finalize (stmt);
  return ids;
}

typedef struct
{
  const char *text;
  const char *author;
  int         since_s;   /* 0 = none */
  int         until_s;
  VigilPlatform platform;
  VigilSentiment sentiment;
  gboolean    deleted_only;
} Case;

static const Case cases[] = {
  { "refund" }, { "delivery" }, { "zebra" }, { "lawsuit fraud" }, { "ref*" }, { "b*" },
  { "fraud OR zebra" }, { "refund OR delivery OR late" }, { "\"late delivery\"" }, { "edited" },
  { "refund NOT late" }, { "nothing-matches-this" },
  { NULL, "user3" }, { "refund", "user7" }, { "order", "User12" },
  { "refund", NULL, 1700000005, 1700000015 }, { "delivery", NULL, 1600000000, 0 },
  { "late", NULL, 0, 1650000000 }, { "refund", NULL, 1700000010, 1700000011 },
  { "card", NULL, 0, 0, VIGIL_PLATFORM_BLUESKY }, { "bank", NULL, 0, 0, 0, VIGIL_SENTIMENT_NEGATIVE },
  { "refund", NULL, 0, 0, 0, 0, TRUE }, { "user5" },
};

static VigilSearchQuery *
case_query (const Case *c,
            guint       limit)
{
  VigilSearchQuery *query = vigil_search_query_new ();

  query->text = g_strdup (c->text);
  query->author = g_strdup (c->author);
  if (c->since_s)
    query->since = g_date_time_new_from_unix_utc (c->since_s);
  if (c->until_s)
    query->until = g_date_time_new_from_unix_utc (c->until_s);
  query->platform = c->platform;
  query->sentiment = c->sentiment;
  query->deleted_only = c->deleted_only;
  query->limit = limit;
  return query;
}

static void
collect_id (VigilPost *post,
            gpointer   data)
{
  gint64 id = vigil_post_get_id (post);

  g_array_append_val ((GArray *) data, id);
}

static void
assert_same_ids (GArray     *got,
                 GArray     *want,
                 const char *what)
{
  if (got->len != want->len)
    g_error ("%s: %u posts, the reference %u", what, got->len, want->len);
  for (guint i = 0; i < got->len; i++)
    if (g_array_index (got, gint64, i) != g_array_index (want, gint64, i))
      g_error ("%s: at %u post %" G_GINT64_FORMAT ", the reference %" G_GINT64_FORMAT,
               what, i, g_array_index (got, gint64, i), g_array_index (want, gint64, i));
}

static void
test_same_pages (void)
{
  g_auto(TmpStore) tmp = { 0 };
  g_autoptr(VigilStore) store = NULL;
  g_autoptr(GError) error = NULL;
  static const guint limits[] = { 1, 7, 50, 400, 0 };
  sqlite3 *db;
  guint checked = 0, nonempty = 0;

  tmp_store_init (&tmp);
  store = vigil_store_open (tmp.path, &error);
  g_assert_no_error (error);
  build_corpus (store);
  vigil_store_flush (store);
  db = raw_open (tmp.path);
  /* the corpus makes the order hard: shared seconds, shared microseconds, no dates */
  g_assert_cmpint (raw_int (db, "SELECT count(*) FROM posts WHERE created_us IS NULL"), >, 20);
  g_assert_cmpint (raw_int (db, "SELECT count(*) FROM (SELECT created_us FROM posts GROUP BY created_us "
                                "HAVING count(*) > 1)"), >, 5);

  for (guint c = 0; c < G_N_ELEMENTS (cases); c++)
    for (guint l = 0; l < G_N_ELEMENTS (limits); l++)
      {
        g_autoptr(VigilSearchQuery) query = case_query (&cases[c], limits[l]);
        g_autoptr(GArray) got = vigil_store_search_ids (store, query, &error);
        g_autoptr(GArray) want = reference_ids (db, query);
        g_autofree char *what = g_strdup_printf ("“%s” author %s limit %u", cases[c].text ? cases[c].text : "",
                                                 cases[c].author ? cases[c].author : "-", limits[l]);

        g_autoptr(GArray) visited = g_array_new (FALSE, FALSE, sizeof (gint64));

        g_assert_no_error (error);
        assert_same_ids (got, want, what);
        /* export and vigil-cli search walk the same order */
        g_assert_true (vigil_store_foreach (store, query, collect_id, visited, &error));
        g_assert_no_error (error);
        assert_same_ids (visited, want, what);
        checked++;
        nonempty += want->len > 0;

        /* the bounded count agrees with the reference */
        if (limits[l] == 0)
          for (gint64 cap = 0; cap <= 64; cap = cap ? cap * 4 : 1)
            {
              gboolean exact = TRUE;
              gint64 n = vigil_store_count_matches (store, query, cap, &exact, &error);

              g_assert_no_error (error);
              g_assert_cmpint (n, ==, MIN ((gint64) want->len, cap));
              g_assert_cmpint (exact, ==, (gint64) want->len <= cap);
            }
      }
  g_assert_cmpuint (nonempty, >, checked / 2);
  sqlite3_close (db);
  g_assert_finalize_object (g_steal_pointer (&store));
}

/* The post count is constant time and right, also for an empty query's
 * bounded count. */
static void
test_counts (void)
{
  g_autoptr(VigilStore) store = vigil_store_open (":memory:", NULL);
  g_autoptr(VigilSearchQuery) empty = vigil_search_query_new ();
  gboolean exact = TRUE;

  g_assert_cmpint (vigil_store_count_posts (store, NULL), ==, 0);
  insert_many (store, "c", 120);
  g_assert_cmpint (vigil_store_count_posts (store, NULL), ==, 120);
  g_assert_cmpint (vigil_store_count_matches (store, NULL, 1000, &exact, NULL), ==, 120);
  g_assert_true (exact);
  g_assert_cmpint (vigil_store_count_matches (store, empty, 100, &exact, NULL), ==, 100);
  g_assert_false (exact);
}

/* An edit archived before its post, in an earlier session: the post, when
 * it arrives, is indexed with the edited text (the writer counts orphan
 * states at its first new post, not at open). */
static void
test_orphan_across_sessions (void)
{
  g_auto(TmpStore) tmp = { 0 };
  g_autoptr(GError) error = NULL;
  VigilStore *store;
  g_autoptr(GPtrArray) early = posts_new ();
  g_autoptr(GPtrArray) late = posts_new ();

  tmp_store_init (&tmp);
  store = vigil_store_open (tmp.path, &error);
  g_assert_no_error (error);
  g_ptr_array_add (early, make_event (VIGIL_PLATFORM_BLUESKY, "o-1", VIGIL_POST_EVENT_EDIT, "amended wording"));
  insert_ok (store, early, NULL);
  g_assert_finalize_object (store);

  store = vigil_store_open (tmp.path, &error);
  g_assert_no_error (error);
  g_ptr_array_add (late, make_post (VIGIL_PLATFORM_BLUESKY, "o-1", "eve", "first wording", 2));
  insert_ok (store, late, NULL);
  g_assert_cmpuint (search_count (store, "amended"), ==, 1);
  g_assert_cmpuint (search_count (store, "first"), ==, 0);
  g_assert_finalize_object (store);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/vigil/store/search-plan/same-pages", test_same_pages);
  g_test_add_func ("/vigil/store/search-plan/counts", test_counts);
  g_test_add_func ("/vigil/store/search-plan/orphan-across-sessions", test_orphan_across_sessions);
  return g_test_run ();
}

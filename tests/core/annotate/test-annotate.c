/* test-annotate.c: the annotation pipeline — classify on archive, store,
 * read back, override, filter, sort, collapse duplicates, spike alerts
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gstdio.h>
#include <sqlite3.h>

#include "vigil-annotator.h"
#include "vigil-store.h"
#include "vigil-watch-list.h"

#define W_US    (60 * G_USEC_PER_SEC)
#define BASE_US ((gint64) 28333333 * W_US)   /* a multiple of the window */

typedef struct
{
  char *dir;
  char *path;
} Tmp;

static void
tmp_init (Tmp *tmp)
{
  g_autoptr(GError) error = NULL;

  tmp->dir = g_dir_make_tmp ("vigil-annotate-XXXXXX", &error);
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
           const char *author,
           const char *text,
           const char *lang,
           gint64      followers,
           gint64      created_us)
{
  VigilPost *post = vigil_post_new (VIGIL_PLATFORM_MASTODON, remote_id);
  g_autoptr(GDateTime) whole = g_date_time_new_from_unix_utc (created_us / G_USEC_PER_SEC);
  g_autoptr(GDateTime) created = g_date_time_add (whole, created_us % G_USEC_PER_SEC);

  vigil_post_set_author (post, author);
  vigil_post_set_text (post, text);
  vigil_post_set_lang (post, lang);
  vigil_post_set_author_followers (post, followers);
  vigil_post_set_created_at (post, created);
  return post;
}

static void
insert_ok (VigilStore *store,
           GPtrArray  *posts)
{
  g_autoptr(GError) error = NULL;

  g_assert_true (vigil_store_insert (store, posts, NULL, &error));
  g_assert_no_error (error);
}

static VigilPost *
get_post (VigilStore *store,
          gint64      id)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) posts = vigil_store_get_posts (store, &id, 1, &error);

  g_assert_no_error (error);
  g_assert_cmpuint (posts->len, ==, 1);
  return g_object_ref (g_ptr_array_index (posts, 0));
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

static VigilAnnotator *
annotator_for (VigilStore     *store,
               VigilWatchList *list)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(VigilAnnotator) annotator = vigil_annotator_new (NULL, &error);

  g_assert_no_error (error);
  g_assert_nonnull (annotator);
  if (list != NULL)
    {
      g_assert_true (vigil_annotator_set_watch_list (annotator, list, &error));
      g_assert_no_error (error);
    }
  vigil_annotator_attach (annotator, store);
  return g_steal_pointer (&annotator);
}

static gboolean
strv_has (const char * const *strv,
          const char         *s)
{
  return strv != NULL && g_strv_contains (strv, s);
}

/* Annotations are computed on insert, stored, and read back (also by a
 * store opened afterwards, without an annotator). */
static void
test_stored (void)
{
  g_auto(Tmp) tmp = { 0 };
  g_autoptr(GError) error = NULL;
  g_autoptr(VigilStore) store = NULL;
  g_autoptr(VigilWatchList) list = watch_list_with ("Refunds", "refund*");
  g_autoptr(VigilAnnotator) annotator = NULL;
  g_autoptr(GPtrArray) posts = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(VigilPost) neg = NULL;
  g_autoptr(VigilPost) pos = NULL;
  gint64 neg_id, pos_id;

  tmp_init (&tmp);
  store = vigil_store_open (tmp.path, &error);
  g_assert_no_error (error);
  annotator = annotator_for (store, list);

  g_ptr_array_add (posts, make_post ("1", "@carol", "I want a refund, this is terrible and awful!",
                                     "en", 1000, BASE_US));
  g_ptr_array_add (posts, make_post ("2", "@dave", "I love this lovely product, it is great work and the people who made it are wonderful", NULL,
                                     50, BASE_US + 1));
  insert_ok (store, posts);
  neg_id = vigil_post_get_id (g_ptr_array_index (posts, 0));
  pos_id = vigil_post_get_id (g_ptr_array_index (posts, 1));
  g_clear_object (&annotator);
  g_clear_object (&store);

  /* a fresh store, no annotator: everything comes from the file */
  store = vigil_store_open (tmp.path, &error);
  g_assert_no_error (error);
  neg = get_post (store, neg_id);
  pos = get_post (store, pos_id);

  g_assert_true (vigil_post_get_classified (neg));
  g_assert_cmpint (vigil_post_get_sentiment (neg), ==, VIGIL_SENTIMENT_NEGATIVE);
  g_assert_cmpfloat (vigil_post_get_sentiment_compound (neg), <, -0.05);
  g_assert_true (strv_has (vigil_post_get_watches (neg), "Refunds"));
  g_assert_true (strv_has (vigil_post_get_categories (neg), "customer-service.refund"));
  g_assert_cmpint (vigil_post_get_reach (neg), ==, 1000);
  g_assert_cmpfloat_with_epsilon (vigil_post_get_ots (neg), 100.0, 1e-9);
  g_assert_cmpint (vigil_post_get_duplicate_count (neg), ==, 1);
  g_assert_cmpint (vigil_post_get_duplicate_group (neg), ==, neg_id);

  g_assert_true (vigil_post_get_classified (pos));
  g_assert_cmpint (vigil_post_get_sentiment (pos), ==, VIGIL_SENTIMENT_POSITIVE);
  g_assert_false (strv_has (vigil_post_get_watches (pos), "Refunds"));
  g_assert_cmpstr (vigil_post_get_lang (pos), ==, "en");   /* detected */
  g_assert_cmpint (vigil_post_get_reach (pos), ==, 50);

  /* the archive itself is intact: annotations are outside the chain */
  {
    VigilStoreVerifyResult v = { 0 };

    g_assert_true (vigil_store_verify (store, &v, &error));
    g_assert_true (v.ok);
    vigil_store_verify_result_clear (&v);
  }
}

/* An archive written before annotations existed (format 1) is upgraded in
 * place, its chain intact. */
static void
test_migrate_from_1 (void)
{
  g_auto(Tmp) tmp = { 0 };
  g_autoptr(GError) error = NULL;
  g_autoptr(VigilStore) store = NULL;
  g_autoptr(GPtrArray) posts = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(VigilAnnotator) annotator = NULL;
  g_autoptr(VigilPost) read = NULL;
  VigilStoreVerifyResult v = { 0 };
  sqlite3 *db = NULL;

  tmp_init (&tmp);
  store = vigil_store_open (tmp.path, &error);
  g_assert_no_error (error);
  g_ptr_array_add (posts, make_post ("1", "@a", "an old post, awful and terrible", "en", 7, BASE_US));
  insert_ok (store, posts);
  g_clear_object (&store);

  /* back to format 1: the tables of format 2 did not exist */
  g_assert_cmpint (sqlite3_open (tmp.path, &db), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_exec (db, "DROP TABLE author_profiles; DROP TABLE annotations; DROP TABLE sentiment_overrides;"
                                     "DROP TABLE alerts; DROP TABLE records; DROP TABLE journal_head;"
                                     "DROP TABLE blobs; DROP TABLE audit_chain; DROP TABLE audit_head;"
                                     "DROP TABLE tombstones; PRAGMA user_version = 1;",
                                 NULL, NULL, NULL), ==, SQLITE_OK);
  sqlite3_close (db);

  store = vigil_store_open (tmp.path, &error);
  g_assert_no_error (error);
  read = get_post (store, 1);
  g_assert_false (vigil_post_get_classified (read));
  g_assert_true (vigil_store_verify (store, &v, &error));
  g_assert_true (v.ok);
  vigil_store_verify_result_clear (&v);

  /* and new posts are annotated */
  annotator = annotator_for (store, NULL);
  g_ptr_array_set_size (posts, 0);
  g_ptr_array_add (posts, make_post ("2", "@a", "a new post, awful and terrible", "en", 7, BASE_US));
  insert_ok (store, posts);
  g_clear_object (&read);
  read = get_post (store, 2);
  g_assert_cmpint (vigil_post_get_sentiment (read), ==, VIGIL_SENTIMENT_NEGATIVE);
  vigil_store_set_annotator (store, NULL, NULL, NULL);
}

static VigilPost *
make_lookalike (const char *remote_id,
                gint64      followers,
                gint64      following,
                int         age_days,
                gboolean    profile_complete)
{
  VigilPost *post = make_post (remote_id, "n0rthwind_support@evil.example",
                               "DM us your order number and card to get a refund", "en",
                               followers, BASE_US);
  g_autoptr(GDateTime) fetched = g_date_time_new_utc (2026, 11, 20, 12, 0, 0);
  g_autoptr(GDateTime) account_created = g_date_time_add_hours (fetched, -24 * age_days - 3);

  vigil_post_set_fetched_at (post, fetched);
  vigil_post_set_author_following (post, following);
  vigil_post_set_author_created_at (post, account_created);
  vigil_post_set_author_has_avatar (post, profile_complete ? VIGIL_TRISTATE_YES : VIGIL_TRISTATE_NO);
  vigil_post_set_author_has_bio (post, profile_complete ? VIGIL_TRISTATE_YES : VIGIL_TRISTATE_UNKNOWN);
  return post;
}

/* The author's profile from the post reaches the impersonation checks: a
 * look-alike with a throwaway profile scores higher, and says why, than the
 * same look-alike with an established one. Also after a trip through the
 * store. */
static void
test_profile_reaches_impersonation (void)
{
  static const VigilAnnotatorOfficial officials[] = { { "@northwind", "Northwind Kettles" } };
  const VigilAnnotatorOptions options = {
    .officials = officials,
    .n_officials = G_N_ELEMENTS (officials),
  };
  g_auto(Tmp) tmp = { 0 };
  g_autoptr(GError) error = NULL;
  g_autoptr(VigilAnnotator) annotator = vigil_annotator_new (&options, &error);
  g_autoptr(VigilPost) fake = make_lookalike ("1", 3, 900, 2, FALSE);
  g_autoptr(VigilPost) established = make_lookalike ("2", 5000, 150, 1200, TRUE);
  g_autoptr(VigilStore) store = NULL;
  g_autoptr(GPtrArray) posts = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(VigilPost) read = NULL;
  const char * const *reasons;

  g_assert_no_error (error);
  vigil_annotator_classify_post (annotator, fake);
  vigil_annotator_classify_post (annotator, established);

  g_assert_cmpfloat (vigil_post_get_impersonation_score (established), >, 0.0);
  g_assert_cmpfloat (vigil_post_get_impersonation_score (fake), >,
                     vigil_post_get_impersonation_score (established) + 0.3);
  reasons = vigil_post_get_impersonation_reasons (fake);
  g_assert_true (strv_has (reasons, "only 3 followers"));
  g_assert_true (strv_has (reasons, "account is 2 days old"));
  g_assert_true (strv_has (reasons, "follows 900 accounts but only 3 follow back"));
  g_assert_true (strv_has (reasons, "no profile picture"));
  /* an unknown bio is given the benefit of the doubt */
  g_assert_false (strv_has (reasons, "no bio"));
  reasons = vigil_post_get_impersonation_reasons (established);
  g_assert_nonnull (reasons);
  g_assert_cmpuint (g_strv_length ((GStrv) reasons), ==, 1);
  g_assert_nonnull (strstr (reasons[0], "looks like official '@northwind'"));

  /* archived with its profile, annotated on insert, read back */
  tmp_init (&tmp);
  store = vigil_store_open (tmp.path, &error);
  g_assert_no_error (error);
  vigil_annotator_attach (annotator, store);
  g_ptr_array_add (posts, make_lookalike ("3", 3, 900, 2, FALSE));
  insert_ok (store, posts);
  read = get_post (store, 1);
  g_assert_cmpint (vigil_post_get_author_following (read), ==, 900);
  g_assert_cmpint (vigil_post_get_author_has_avatar (read), ==, VIGIL_TRISTATE_NO);
  g_assert_cmpint (vigil_post_get_author_has_bio (read), ==, VIGIL_TRISTATE_UNKNOWN);
  g_assert_cmpfloat_with_epsilon (vigil_post_get_impersonation_score (read),
                                  vigil_post_get_impersonation_score (fake), 0.001);
  g_assert_true (strv_has (vigil_post_get_impersonation_reasons (read), "account is 2 days old"));

  /* classified again from what the store read: the same verdict */
  vigil_annotator_classify_post (annotator, read);
  g_assert_true (strv_has (vigil_post_get_impersonation_reasons (read), "no profile picture"));
  g_assert_true (strv_has (vigil_post_get_impersonation_reasons (read), "account is 2 days old"));
  vigil_store_set_annotator (store, NULL, NULL, NULL);
}

typedef struct
{
  GThread *main_thread;
  GThread *seen_thread;
  guint    calls;
  guint    created;
  guint    edited;
  char    *edited_text;
} Recorder;

static void
record_cb (GPtrArray *created,
           GPtrArray *edited,
           gpointer   data)
{
  Recorder *r = data;

  r->seen_thread = g_thread_self ();
  r->calls++;
  r->created += created->len;
  r->edited += edited->len;
  for (guint i = 0; i < created->len; i++)
    vigil_post_set_sentiment (g_ptr_array_index (created, i), -0.5, VIGIL_SENTIMENT_NEGATIVE);
  for (guint i = 0; i < edited->len; i++)
    {
      VigilPost *post = g_ptr_array_index (edited, i);

      g_assert_cmpint (vigil_post_get_id (post), >, 0);
      g_free (r->edited_text);
      r->edited_text = g_strdup (vigil_post_get_text (post));
      vigil_post_set_sentiment (post, 0.6, VIGIL_SENTIMENT_POSITIVE);
    }
}

/* The annotator runs on the worker, after deduplication: duplicates are
 * not handed over, edits are, with the post's id. */
static void
test_worker_thread (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(VigilStore) store = vigil_store_open (":memory:", &error);
  g_autoptr(GPtrArray) posts = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(VigilPost) read = NULL;
  Recorder r = { .main_thread = g_thread_self () };
  VigilPost *edit;
  gint64 id;

  g_assert_no_error (error);
  vigil_store_set_annotator (store, record_cb, &r, NULL);

  g_ptr_array_add (posts, make_post ("a", "@x", "first", "en", 1, BASE_US));
  g_ptr_array_add (posts, make_post ("b", "@x", "second", "en", 1, BASE_US));
  insert_ok (store, posts);
  g_assert_cmpuint (r.calls, ==, 1);
  g_assert_cmpuint (r.created, ==, 2);
  g_assert_nonnull (r.seen_thread);
  g_assert_true (r.seen_thread != r.main_thread);
  id = vigil_post_get_id (g_ptr_array_index (posts, 0));

  /* the same posts again: duplicates, nothing to classify */
  insert_ok (store, posts);
  g_assert_cmpuint (r.calls, ==, 1);

  /* an edit: handed over as edited, with the post's id */
  g_ptr_array_set_size (posts, 0);
  edit = vigil_post_new (VIGIL_PLATFORM_MASTODON, "a");
  vigil_post_set_event (edit, VIGIL_POST_EVENT_EDIT);
  vigil_post_set_text (edit, "first, edited");
  g_ptr_array_add (posts, edit);
  insert_ok (store, posts);
  g_assert_cmpuint (r.calls, ==, 2);
  g_assert_cmpuint (r.created, ==, 2);
  g_assert_cmpuint (r.edited, ==, 1);
  g_assert_cmpstr (r.edited_text, ==, "first, edited");
  g_assert_cmpint (vigil_post_get_id (edit), ==, id);

  read = get_post (store, id);
  g_assert_cmpint (vigil_post_get_sentiment (read), ==, VIGIL_SENTIMENT_POSITIVE);
  g_assert_cmpstr (vigil_post_get_text (read), ==, "first, edited");

  vigil_store_set_annotator (store, NULL, NULL, NULL);
  g_free (r.edited_text);
}

static void
changed_cb (VigilStore *store,
            gint64      last_id,
            guint       n_added,
            guint       n_events,
            guint      *events)
{
  *events += n_events;
}

static void
test_override (void)
{
  g_auto(Tmp) tmp = { 0 };
  g_autoptr(GError) error = NULL;
  g_autoptr(VigilStore) store = NULL;
  g_autoptr(VigilAnnotator) annotator = NULL;
  g_autoptr(GPtrArray) posts = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GPtrArray) history = NULL;
  g_autoptr(VigilSearchQuery) query = vigil_search_query_new ();
  g_autoptr(GArray) ids = NULL;
  VigilSentimentOverride *o;
  guint events = 0;
  gint64 both[2];
  gint64 missing[] = { 1, 999 };
  sqlite3 *db = NULL;

  tmp_init (&tmp);
  store = vigil_store_open (tmp.path, &error);
  g_assert_no_error (error);
  annotator = annotator_for (store, NULL);
  g_signal_connect (store, "changed", G_CALLBACK (changed_cb), &events);

  g_ptr_array_add (posts, make_post ("1", "@a", "This is awful, I hate it", "en", 10, BASE_US));
  g_ptr_array_add (posts, make_post ("2", "@b", "It is a table", "en", 10, BASE_US + 1));
  insert_ok (store, posts);
  both[0] = vigil_post_get_id (g_ptr_array_index (posts, 0));
  both[1] = vigil_post_get_id (g_ptr_array_index (posts, 1));

  g_assert_true (vigil_store_override_sentiment (store, both, 1, VIGIL_SENTIMENT_POSITIVE,
                                                 "alice", &error));
  g_assert_no_error (error);
  g_assert_true (vigil_store_override_sentiment (store, both, 2, VIGIL_SENTIMENT_NEUTRAL,
                                                 "bob", &error));
  g_assert_no_error (error);

  /* "changed" tells views to rebind */
  while (events < 3)
    g_main_context_iteration (NULL, TRUE);

  {
    g_autoptr(VigilPost) p = get_post (store, both[0]);

    g_assert_cmpint (vigil_post_get_sentiment_override (p), ==, VIGIL_SENTIMENT_NEUTRAL);
    g_assert_cmpint (vigil_post_get_sentiment (p), ==, VIGIL_SENTIMENT_NEUTRAL);
    g_assert_cmpint (vigil_post_get_computed_sentiment (p), ==, VIGIL_SENTIMENT_NEGATIVE);
  }

  /* the filter sees the label a person sees */
  query->sentiment = VIGIL_SENTIMENT_NEGATIVE;
  ids = vigil_store_search_ids (store, query, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (ids->len, ==, 0);
  g_clear_pointer (&ids, g_array_unref);

  history = vigil_store_get_sentiment_overrides (store, both[0], &error);
  g_assert_no_error (error);
  g_assert_cmpuint (history->len, ==, 2);
  o = g_ptr_array_index (history, 0);
  g_assert_cmpstr (o->actor, ==, "alice");
  g_assert_cmpint (o->label, ==, VIGIL_SENTIMENT_POSITIVE);
  o = g_ptr_array_index (history, 1);
  g_assert_cmpstr (o->actor, ==, "bob");
  g_assert_cmpint (o->label, ==, VIGIL_SENTIMENT_NEUTRAL);
  g_assert_cmpint (o->at_us, >, 0);

  /* clearing: the computed label shows again */
  g_assert_true (vigil_store_override_sentiment (store, both, 1, VIGIL_SENTIMENT_NONE,
                                                 "alice", &error));
  {
    g_autoptr(VigilPost) p = get_post (store, both[0]);

    g_assert_cmpint (vigil_post_get_sentiment_override (p), ==, VIGIL_SENTIMENT_NONE);
    g_assert_cmpint (vigil_post_get_sentiment (p), ==, VIGIL_SENTIMENT_NEGATIVE);
  }
  ids = vigil_store_search_ids (store, query, &error);
  g_assert_cmpuint (ids->len, ==, 1);

  /* an unknown id: an error, and nothing written for the known one */
  g_assert_false (vigil_store_override_sentiment (store, missing, 2, VIGIL_SENTIMENT_POSITIVE,
                                                  "eve", &error));
  g_assert_error (error, VIGIL_STORE_ERROR, VIGIL_STORE_ERROR_SQL);
  g_assert_nonnull (strstr (error->message, "999"));
  g_clear_error (&error);
  g_assert_false (vigil_store_override_sentiment (store, both, 1, VIGIL_SENTIMENT_POSITIVE,
                                                  "", &error));
  g_clear_error (&error);
  g_clear_pointer (&history, g_ptr_array_unref);
  history = vigil_store_get_sentiment_overrides (store, both[0], &error);
  g_assert_cmpuint (history->len, ==, 3);

  /* the decisions are append-only */
  vigil_store_flush (store);
  g_assert_cmpint (sqlite3_open (tmp.path, &db), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_exec (db, "UPDATE sentiment_overrides SET label = 3", NULL, NULL, NULL),
                   ==, SQLITE_CONSTRAINT);
  g_assert_cmpint (sqlite3_exec (db, "DELETE FROM sentiment_overrides", NULL, NULL, NULL),
                   ==, SQLITE_CONSTRAINT);
  sqlite3_close (db);
  vigil_store_set_annotator (store, NULL, NULL, NULL);
}

static void
override_done_cb (GObject      *source,
                  GAsyncResult *result,
                  gpointer      data)
{
  gboolean *done = data;
  g_autoptr(GError) error = NULL;

  g_assert_true (vigil_store_override_sentiment_finish (VIGIL_STORE (source), result, &error));
  g_assert_no_error (error);
  *done = TRUE;
}

static void
test_override_async (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(VigilStore) store = vigil_store_open (":memory:", &error);
  g_autoptr(GPtrArray) posts = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(VigilPost) p = NULL;
  gboolean done = FALSE;
  gint64 id;

  g_ptr_array_add (posts, make_post ("1", "@a", "unclassified", "en", 10, BASE_US));
  insert_ok (store, posts);
  id = vigil_post_get_id (g_ptr_array_index (posts, 0));

  vigil_store_override_sentiment_async (store, &id, 1, VIGIL_SENTIMENT_NEGATIVE, "alice",
                                        NULL, override_done_cb, &done);
  while (!done)
    g_main_context_iteration (NULL, TRUE);

  /* an override of a post never classified still shows */
  p = get_post (store, id);
  g_assert_false (vigil_post_get_classified (p));
  g_assert_cmpint (vigil_post_get_sentiment (p), ==, VIGIL_SENTIMENT_NEGATIVE);
}

static GArray *
search_ids (VigilStore       *store,
            VigilSearchQuery *query)
{
  g_autoptr(GError) error = NULL;
  GArray *ids = vigil_store_search_ids (store, query, &error);

  g_assert_no_error (error);
  return ids;
}

static gint64
id_at (GArray *ids,
       guint   i)
{
  return g_array_index (ids, gint64, i);
}

static void
test_filters_and_sorts (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(VigilStore) store = vigil_store_open (":memory:", &error);
  g_autoptr(VigilWatchList) list = watch_list_with ("Refunds", "refund*");
  g_autoptr(VigilAnnotator) annotator = annotator_for (store, list);
  g_autoptr(GPtrArray) posts = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(VigilSearchQuery) q = NULL;
  g_autoptr(GArray) ids = NULL;
  gint64 id[5];
  VigilSearchOrder order;

  /* ids 1..5, created in a different order than they arrive */
  g_ptr_array_add (posts, make_post ("1", "@a", "I want a refund, worst service ever, terrible",
                                     "en", 500, BASE_US + 3));
  g_ptr_array_add (posts, make_post ("2", "@b", "What a wonderful and great day, I love it",
                                     "en", 20000, BASE_US + 1));
  g_ptr_array_add (posts, make_post ("3", "@c", "Je veux être remboursé, je demande un remboursement",
                                     "fr", -1, BASE_US + 5));
  g_ptr_array_add (posts, make_post ("4", "@d", "The table is in the kitchen",
                                     "en-GB", 3, BASE_US + 2));
  g_ptr_array_add (posts, make_post ("5", "@e", "refund please, this is bad", "en",
                                     900, BASE_US + 4));
  insert_ok (store, posts);
  for (guint i = 0; i < 5; i++)
    id[i] = vigil_post_get_id (g_ptr_array_index (posts, i));
  /* a post archived without classification matches no annotation filter */
  vigil_store_set_annotator (store, NULL, NULL, NULL);
  g_ptr_array_set_size (posts, 0);
  g_ptr_array_add (posts, make_post ("6", "@f", "refund refund refund, awful", "en", 5, BASE_US));
  insert_ok (store, posts);

  q = vigil_search_query_new ();
  q->sentiment = VIGIL_SENTIMENT_POSITIVE;
  ids = search_ids (store, q);
  g_assert_cmpuint (ids->len, ==, 1);
  g_assert_cmpint (id_at (ids, 0), ==, id[1]);
  g_clear_pointer (&ids, g_array_unref);
  q->sentiment = VIGIL_SENTIMENT_NEGATIVE;
  ids = search_ids (store, q);
  g_assert_cmpuint (ids->len, ==, 2);
  g_assert_cmpint (id_at (ids, 0), ==, id[4]);   /* newest first */
  g_assert_cmpint (id_at (ids, 1), ==, id[0]);
  g_clear_pointer (&ids, g_array_unref);
  q->sentiment = VIGIL_SENTIMENT_NONE;
  g_assert_true (vigil_search_query_is_empty (q));

  /* language: exact, or the region of a language */
  q->lang = g_strdup ("fr");
  ids = search_ids (store, q);
  g_assert_cmpuint (ids->len, ==, 1);
  g_assert_cmpint (id_at (ids, 0), ==, id[2]);
  g_clear_pointer (&ids, g_array_unref);
  g_free (q->lang);
  q->lang = g_strdup ("EN");
  ids = search_ids (store, q);
  g_assert_cmpuint (ids->len, ==, 5);   /* 1, 2, 4 (en-GB), 5 and the unclassified 6 (platform tag) */
  g_clear_pointer (&ids, g_array_unref);
  g_clear_pointer (&q->lang, g_free);

  /* category: whole dot-separated prefixes */
  q->category = g_strdup ("customer-service");
  ids = search_ids (store, q);
  g_assert_cmpuint (ids->len, ==, 3);   /* 1, 3 (French pack), 5 */
  g_clear_pointer (&ids, g_array_unref);
  g_free (q->category);
  q->category = g_strdup ("customer-service.refund");
  ids = search_ids (store, q);
  g_assert_cmpuint (ids->len, ==, 3);
  g_clear_pointer (&ids, g_array_unref);
  g_free (q->category);
  q->category = g_strdup ("customer");
  ids = search_ids (store, q);
  g_assert_cmpuint (ids->len, ==, 0);
  g_clear_pointer (&ids, g_array_unref);
  g_clear_pointer (&q->category, g_free);

  /* watch: exact name */
  q->watch = g_strdup ("Refunds");
  ids = search_ids (store, q);
  g_assert_cmpuint (ids->len, ==, 2);
  g_clear_pointer (&ids, g_array_unref);
  g_free (q->watch);
  q->watch = g_strdup ("Refund");
  ids = search_ids (store, q);
  g_assert_cmpuint (ids->len, ==, 0);
  g_clear_pointer (&ids, g_array_unref);
  g_clear_pointer (&q->watch, g_free);

  /* orders */
  q->order = VIGIL_SEARCH_ORDER_REACH;
  ids = search_ids (store, q);
  g_assert_cmpuint (ids->len, ==, 6);
  g_assert_cmpint (id_at (ids, 0), ==, id[1]);   /* 20000 */
  g_assert_cmpint (id_at (ids, 1), ==, id[4]);   /* 900 */
  g_assert_cmpint (id_at (ids, 2), ==, id[0]);   /* 500 */
  g_assert_cmpint (id_at (ids, 3), ==, id[3]);   /* 3 */
  g_clear_pointer (&ids, g_array_unref);

  q->order = VIGIL_SEARCH_ORDER_OTS;
  ids = search_ids (store, q);
  g_assert_cmpint (id_at (ids, 0), ==, id[1]);
  g_assert_cmpint (id_at (ids, 1), ==, id[4]);
  g_clear_pointer (&ids, g_array_unref);

  q->order = VIGIL_SEARCH_ORDER_NEGATIVE;
  ids = search_ids (store, q);
  g_assert_cmpuint (ids->len, ==, 6);
  g_assert_cmpint (id_at (ids, 0), ==, id[0]);   /* the most negative */
  g_assert_cmpint (id_at (ids, 4), ==, id[1]);   /* the most positive classified */
  g_assert_cmpint (id_at (ids, 5), ==, vigil_post_get_id (g_ptr_array_index (posts, 0)));
  g_clear_pointer (&ids, g_array_unref);

  q->order = VIGIL_SEARCH_ORDER_ARRIVAL;
  q->limit = 2;
  ids = search_ids (store, q);
  g_assert_cmpuint (ids->len, ==, 2);
  g_assert_cmpint (id_at (ids, 0), ==, vigil_post_get_id (g_ptr_array_index (posts, 0)));
  g_assert_cmpint (id_at (ids, 1), ==, id[4]);
  g_clear_pointer (&ids, g_array_unref);

  q->order = VIGIL_SEARCH_ORDER_NEWEST;
  ids = search_ids (store, q);
  g_assert_cmpint (id_at (ids, 0), ==, id[2]);   /* created BASE + 5 */
  g_assert_cmpint (id_at (ids, 1), ==, id[4]);
  g_clear_pointer (&ids, g_array_unref);

  g_assert_true (vigil_search_order_from_string ("negative", &order));
  g_assert_cmpint (order, ==, VIGIL_SEARCH_ORDER_NEGATIVE);
  g_assert_false (vigil_search_order_from_string ("loudest", &order));
  g_assert_cmpstr (vigil_search_order_to_string (VIGIL_SEARCH_ORDER_OTS), ==, "ots");
}

/* A storm of 5,000 near-copies is one row with a count of 5,000. */
static void
test_collapse_duplicates (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(VigilStore) store = vigil_store_open (":memory:", &error);
  g_autoptr(VigilAnnotator) annotator = annotator_for (store, NULL);
  g_autoptr(VigilSearchQuery) q = vigil_search_query_new ();
  g_autoptr(GArray) ids = NULL;
  g_autoptr(VigilPost) storm = NULL;
  gint64 last_copy = 0;
  guint n = 0;

  for (guint batch = 0; batch < 5; batch++)
    {
      g_autoptr(GPtrArray) posts = g_ptr_array_new_with_free_func (g_object_unref);

      for (guint i = 0; i < 1000; i++, n++)
        {
          g_autofree char *rid = g_strdup_printf ("copy-%u", n);
          g_autofree char *text = g_strdup_printf ("RT @acme: Boycott ACME now, they poisoned "
                                                   "the river! https://x.example/%u #boycott%u",
                                                   n, n % 7);
          g_ptr_array_add (posts, make_post (rid, "@someone", text, "en", 10, BASE_US + n));
        }
      g_autofree char *unique_id = g_strdup_printf ("unique-%u", batch);

      g_ptr_array_add (posts, make_post (unique_id, "@u",
                                         batch == 0 ? "Our new shop opens on Monday"
                                         : batch == 1 ? "The train was late again this morning"
                                         : "Lovely weather for a walk by the sea",
                                         "en", 10, BASE_US));
      insert_ok (store, posts);
      last_copy = vigil_post_get_id (g_ptr_array_index (posts, 999));
    }

  q->collapse_duplicates = TRUE;
  ids = search_ids (store, q);
  /* the storm, and the unique posts (batches 2..4 share one text: a group of 3) */
  g_assert_cmpuint (ids->len, ==, 4);
  g_clear_pointer (&ids, g_array_unref);

  q->order = VIGIL_SEARCH_ORDER_ARRIVAL;
  ids = search_ids (store, q);
  g_assert_cmpuint (ids->len, ==, 4);
  g_assert_cmpint (id_at (ids, 0), ==, last_copy + 1);   /* the last unique post */
  g_assert_cmpint (id_at (ids, 1), ==, last_copy);       /* the storm's newest copy */
  storm = get_post (store, last_copy);
  g_assert_cmpuint (vigil_post_get_duplicate_count (storm), ==, 5000);
  g_assert_cmpint (vigil_post_get_duplicate_group (storm), ==, 1);
  g_clear_pointer (&ids, g_array_unref);

  /* without collapsing, every copy is there */
  q->collapse_duplicates = FALSE;
  ids = search_ids (store, q);
  g_assert_cmpuint (ids->len, ==, 5005);
}

typedef struct
{
  guint       n_new;
  guint       n_updates;
  guint       n_ended;
  VigilAlert *first;
} AlertLog;

static void
alert_cb (VigilAlertMonitor *monitor,
          VigilAlert        *alert,
          gboolean           is_new,
          AlertLog          *log)
{
  if (is_new)
    {
      log->n_new++;
      if (log->first == NULL)
        log->first = g_object_ref (alert);
    }
  else if (vigil_alert_get_ongoing (alert))
    log->n_updates++;
  else
    log->n_ended++;
}

/* mentions for one window: count of them, negative ones every neg_every */
static void
feed_window (VigilAlertMonitor *monitor,
             guint              w,
             guint              count,
             guint              neg_every,
             const char        *watch)
{
  const char *watches[] = { watch, NULL };

  for (guint j = 0; j < count; j++)
    vigil_alert_monitor_push (monitor, BASE_US + w * W_US + j * (W_US / (count + 1)),
                              watch ? watches : NULL, neg_every > 0 && j % neg_every == 0);
}

static VigilAlertMonitor *
test_monitor_new (VigilStore *store)
{
  VigilAlertMonitorOptions options;

  vigil_alert_monitor_options_init (&options);
  options.window_us = W_US;
  options.tick_us = -1;
  options.min_count = 10;
  options.cooldown_us = 0;
  return vigil_alert_monitor_new (store, &options);
}

static void
test_spike_steady (void)
{
  g_autoptr(VigilAlertMonitor) monitor = test_monitor_new (NULL);
  g_autoptr(GRand) rand = g_rand_new_with_seed (42);
  const char *names[] = { "Refunds", NULL };
  g_autofree VigilSpikeWindow *series = NULL;
  AlertLog log = { 0 };
  guint n = 0;

  vigil_alert_monitor_set_watches (monitor, names);
  g_signal_connect (monitor, "alert", G_CALLBACK (alert_cb), &log);
  for (guint w = 0; w < 60; w++)
    {
      feed_window (monitor, w, g_rand_int_range (rand, 15, 26), 4, "Refunds");
      g_assert_cmpuint (vigil_alert_monitor_tick (monitor, BASE_US + (w + 1) * W_US + 1), ==, 0);
    }
  g_assert_cmpuint (log.n_new, ==, 0);
  g_assert_null (vigil_alert_monitor_get_alert (monitor, "Refunds"));

  series = vigil_alert_monitor_get_series (monitor, "Refunds", &n);
  g_assert_cmpuint (n, >=, 59);
  g_assert_cmpuint (series[n - 1].count, >=, 15);
  g_assert_cmpuint (series[n - 1].count, <=, 25);
  g_assert_cmpfloat (series[n - 1].negative_share, >, 0.1);
  g_assert_cmpfloat (series[n - 1].negative_share, <, 0.4);
  g_assert_cmpfloat (series[n - 1].threshold, >, 25);
  g_assert_cmpfloat (vigil_alert_monitor_get_threshold (monitor, "Refunds"), >, 25);
  g_assert_null (vigil_alert_monitor_get_series (monitor, "Nope", &n));
  g_assert_cmpuint (n, ==, 0);
}

static void
test_spike_step (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(VigilStore) store = vigil_store_open (":memory:", &error);
  g_autoptr(VigilAlertMonitor) monitor = test_monitor_new (store);
  g_autoptr(GPtrArray) rows = NULL;
  const char *names[] = { "Refunds", NULL };
  AlertLog log = { 0 };
  guint w = 0;

  vigil_alert_monitor_set_watches (monitor, names);
  g_signal_connect (monitor, "alert", G_CALLBACK (alert_cb), &log);
  for (; w < 20; w++)
    {
      feed_window (monitor, w, 20, 0, "Refunds");
      vigil_alert_monitor_tick (monitor, BASE_US + (w + 1) * W_US + 1);
    }
  g_assert_cmpuint (log.n_new, ==, 0);

  /* the step: within one window, one alert per watch (this watch and all
   * mentions) */
  feed_window (monitor, w, 300, 2, "Refunds");
  vigil_alert_monitor_tick (monitor, BASE_US + (w + 1) * W_US + 1);
  w++;
  g_assert_cmpuint (log.n_new, ==, 2);
  g_assert_nonnull (vigil_alert_monitor_get_alert (monitor, "Refunds"));
  g_assert_nonnull (vigil_alert_monitor_get_alert (monitor, NULL));
  {
    VigilAlert *a = vigil_alert_monitor_get_alert (monitor, "Refunds");

    g_assert_cmpstr (vigil_alert_get_watch (a), ==, "Refunds");
    g_assert_cmpuint (vigil_alert_get_count (a), ==, 300);
    g_assert_cmpfloat (vigil_alert_get_z (a), >, 3);
    g_assert_cmpint (vigil_alert_get_severity (a), >=, 1);
    g_assert_cmpfloat_with_epsilon (vigil_alert_get_negative_share (a), 0.5, 1e-9);
    g_assert_nonnull (strstr (vigil_alert_get_description (a), "300"));
    g_assert_cmpint (vigil_alert_get_started_us (a), ==, BASE_US + 20 * W_US);
  }

  /* the spike goes on: the same alerts update, no new ones */
  for (guint k = 0; k < 2; k++, w++)
    {
      feed_window (monitor, w, 400, 2, "Refunds");
      vigil_alert_monitor_tick (monitor, BASE_US + (w + 1) * W_US + 1);
    }
  g_assert_cmpuint (log.n_new, ==, 2);
  g_assert_cmpuint (log.n_updates, ==, 4);
  g_assert_true (vigil_alert_monitor_get_alert (monitor, "Refunds") == log.first
                 || vigil_alert_monitor_get_alert (monitor, NULL) == log.first);

  /* back to normal: the alerts end */
  feed_window (monitor, w, 20, 0, "Refunds");
  vigil_alert_monitor_tick (monitor, BASE_US + (w + 1) * W_US + 1);
  g_assert_cmpuint (log.n_ended, ==, 2);
  g_assert_null (vigil_alert_monitor_get_alert (monitor, "Refunds"));
  g_assert_false (vigil_alert_get_ongoing (log.first));

  /* archived: start, two updates and the end, per alert */
  vigil_store_flush (store);
  rows = vigil_store_get_alerts (store, "Refunds", 0, 0, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (rows->len, ==, 4);
  {
    VigilAlertRecord *newest = g_ptr_array_index (rows, 0);
    VigilAlertRecord *oldest = g_ptr_array_index (rows, 3);

    g_assert_false (newest->ongoing);
    g_assert_true (oldest->ongoing);
    g_assert_cmpint (oldest->started_us, ==, newest->started_us);
    g_assert_cmpuint (oldest->count, ==, 300);
    g_assert_nonnull (oldest->description);
  }
  g_clear_pointer (&rows, g_ptr_array_unref);
  rows = vigil_store_get_alerts (store, NULL, 0, 0, &error);
  g_assert_cmpuint (rows->len, ==, 8);

  /* let the archive callbacks run before the store goes */
  while (g_main_context_iteration (NULL, FALSE))
    ;
  g_clear_object (&log.first);
}

/* The annotator feeds the monitor with what it archives, per watch. */
static void
test_annotator_feeds_monitor (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(VigilStore) store = vigil_store_open (":memory:", &error);
  g_autoptr(VigilWatchList) list = watch_list_with ("Refunds", "refund*");
  g_autoptr(VigilAnnotator) annotator = annotator_for (store, list);
  g_autoptr(VigilAlertMonitor) monitor = test_monitor_new (NULL);
  g_autoptr(GPtrArray) posts = g_ptr_array_new_with_free_func (g_object_unref);
  g_autofree VigilSpikeWindow *series = NULL;
  g_autofree VigilSpikeWindow *all = NULL;
  g_autoptr(VigilWatch) late = NULL;
  gint64 now = g_get_real_time ();
  gint64 window_start = now - now % W_US;
  guint n = 0;

  vigil_annotator_set_monitor (annotator, monitor);
  for (guint i = 0; i < 10; i++)
    {
      g_autofree char *rid = g_strdup_printf ("%u", i);

      g_ptr_array_add (posts, make_post (rid, "@a",
                                         i % 2 ? "refund now, terrible" : "nice weather today",
                                         "en", 10, window_start));
    }
  /* an old post (a backlog) is not a mention now */
  g_ptr_array_add (posts, make_post ("old", "@a", "refund, from last year", "en", 10,
                                     now - (gint64) 365 * 86400 * G_USEC_PER_SEC));
  insert_ok (store, posts);

  vigil_alert_monitor_tick (monitor, window_start + W_US + 1);
  series = vigil_alert_monitor_get_series (monitor, "Refunds", &n);
  g_assert_cmpuint (n, >=, 1);
  g_assert_cmpuint (series[n - 1].count, ==, 5);
  g_assert_cmpfloat_with_epsilon (series[n - 1].negative_share, 1.0, 1e-9);
  all = vigil_alert_monitor_get_series (monitor, NULL, &n);
  g_assert_cmpuint (all[n - 1].count, ==, 10);

  /* the watch list changes: the classifier is rebuilt, the monitor follows */
  late = vigil_watch_new ("Weather", "weather", NULL, FALSE, &error);
  g_assert_no_error (error);
  g_assert_true (vigil_watch_list_add (list, late, &error));
  g_assert_cmpuint (vigil_annotator_get_n_watches (annotator), ==, 2);
  g_ptr_array_set_size (posts, 0);
  g_ptr_array_add (posts, make_post ("w", "@a", "what weather", "en", 10, window_start));
  insert_ok (store, posts);
  g_assert_true (strv_has (vigil_post_get_watches (g_ptr_array_index (posts, 0)), "Weather"));
  g_assert_cmpfloat (vigil_alert_monitor_get_threshold (monitor, "Weather"), >=, 0);
  vigil_store_set_annotator (store, NULL, NULL, NULL);
}

/* Per-minute and per-hour series: the monitor's two windows. */
#define MINUTE_US ((gint64) 60 * G_USEC_PER_SEC)
#define HOUR_US   ((gint64) 3600 * G_USEC_PER_SEC)

typedef struct
{
  guint      n_new[VIGIL_ALERT_N_WINDOWS];
  guint      n_events[VIGIL_ALERT_N_WINDOWS];
  GPtrArray *alerts;   /* the new ones, in order */
} WindowLog;

static void
window_alert_cb (VigilAlertMonitor *monitor,
                 VigilAlert        *alert,
                 gboolean           is_new,
                 WindowLog         *log)
{
  VigilAlertWindow w = vigil_alert_get_window (alert);

  g_assert_cmpuint (w, <, VIGIL_ALERT_N_WINDOWS);
  log->n_events[w]++;
  if (is_new)
    {
      log->n_new[w]++;
      g_ptr_array_add (log->alerts, g_object_ref (alert));
    }
}

/* count mentions of watch spread over the minute starting at start, then a
 * tick just after that minute */
static guint
feed_minute (VigilAlertMonitor *monitor,
             gint64             start,
             guint              count,
             gboolean           negative,
             const char        *watch)
{
  const char *watches[] = { watch, NULL };

  for (guint j = 0; j < count; j++)
    vigil_alert_monitor_push (monitor, start + j * (MINUTE_US / (count + 1)), watches, negative);
  return vigil_alert_monitor_tick (monitor, start + MINUTE_US + 1);
}

static VigilAlertMonitor *
two_window_monitor_new (VigilStore *store)
{
  VigilAlertMonitorOptions options;

  vigil_alert_monitor_options_init (&options);
  g_assert_cmpint (options.minute_window_us, ==, MINUTE_US);
  g_assert_cmpint (options.hour_window_us, ==, HOUR_US);
  options.tick_us = -1;
  return vigil_alert_monitor_new (store, &options);
}

static void
test_hour_series (void)
{
  g_autoptr(VigilAlertMonitor) monitor = two_window_monitor_new (NULL);
  const char *names[] = { "Refunds", NULL };
  gint64 h0 = BASE_US - BASE_US % HOUR_US + HOUR_US;
  g_autofree VigilSpikeWindow *hours = NULL;
  g_autofree VigilSpikeWindow *minutes = NULL;
  guint n = 0;

  vigil_alert_monitor_set_watches (monitor, names);
  g_assert_cmpint (vigil_alert_monitor_get_window_length (monitor, VIGIL_ALERT_WINDOW_MINUTE), ==, MINUTE_US);
  g_assert_cmpint (vigil_alert_monitor_get_window_length (monitor, VIGIL_ALERT_WINDOW_HOUR), ==, HOUR_US);
  g_assert_cmpint (vigil_alert_monitor_get_window_us (monitor), ==, MINUTE_US);

  /* three hours: h + 1 mentions a minute in hour h, all negative in hour 2 */
  for (guint h = 0; h < 3; h++)
    for (guint m = 0; m < 60; m++)
      {
        g_autofree VigilSpikeWindow *series = NULL;

        g_assert_cmpuint (feed_minute (monitor, h0 + h * HOUR_US + m * MINUTE_US, h + 1, h == 2,
                                       "Refunds"), ==, 0);
        series = vigil_alert_monitor_get_series_for (monitor, "Refunds", VIGIL_ALERT_WINDOW_HOUR, &n);
        /* an hour closes on its boundary, not before */
        g_assert_cmpuint (n, ==, m == 59 ? h + 1 : h);
        if (m == 59)
          {
            g_assert_cmpint (series[h].window_start_us, ==, h0 + h * HOUR_US);
            g_assert_cmpuint (series[h].count, ==, 60 * (h + 1));
          }
      }

  hours = vigil_alert_monitor_get_series_for (monitor, "Refunds", VIGIL_ALERT_WINDOW_HOUR, &n);
  g_assert_cmpuint (n, ==, 3);
  g_assert_cmpuint (hours[0].count, ==, 60);
  g_assert_cmpuint (hours[1].count, ==, 120);
  g_assert_cmpuint (hours[2].count, ==, 180);
  g_assert_cmpfloat_with_epsilon (hours[1].negative_share, 0, 1e-9);
  g_assert_cmpfloat_with_epsilon (hours[2].negative_share, 1, 1e-9);

  /* the old function is the minute series */
  minutes = vigil_alert_monitor_get_series (monitor, "Refunds", &n);
  g_assert_cmpuint (n, ==, 180);
  g_assert_cmpint (minutes[0].window_start_us, ==, h0);
  g_assert_cmpuint (minutes[0].count, ==, 1);
  g_assert_cmpuint (minutes[179].count, ==, 3);
  g_clear_pointer (&minutes, g_free);
  minutes = vigil_alert_monitor_get_series_for (monitor, NULL, VIGIL_ALERT_WINDOW_MINUTE, &n);
  g_assert_cmpuint (n, ==, 180);

  g_assert_null (vigil_alert_monitor_get_series_for (monitor, "Nope", VIGIL_ALERT_WINDOW_HOUR, &n));
  g_assert_cmpuint (n, ==, 0);
}

static void
test_minute_step (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(VigilStore) store = vigil_store_open (":memory:", &error);
  g_autoptr(VigilAlertMonitor) monitor = two_window_monitor_new (store);
  g_autoptr(GPtrArray) rows = NULL;
  g_autofree VigilSpikeWindow *hours = NULL;
  const char *names[] = { "Refunds", NULL };
  gint64 h0 = BASE_US - BASE_US % HOUR_US + HOUR_US;
  WindowLog log = { .alerts = g_ptr_array_new_with_free_func (g_object_unref) };
  gboolean minute_row = FALSE, hour_row = FALSE;
  VigilAlert *a;
  gint64 t;
  guint n = 0;

  g_assert_no_error (error);
  vigil_alert_monitor_set_watches (monitor, names);
  g_signal_connect (monitor, "alert", G_CALLBACK (window_alert_cb), &log);

  /* eight steady hours, 20 mentions a minute: both baselines learnt */
  for (t = h0; t < h0 + 8 * HOUR_US; t += MINUTE_US)
    feed_minute (monitor, t, 20, FALSE, "Refunds");
  hours = vigil_alert_monitor_get_series_for (monitor, "Refunds", VIGIL_ALERT_WINDOW_HOUR, &n);
  g_assert_cmpuint (n, ==, 8);
  g_assert_cmpuint (n, >, VIGIL_SPIKE_WARMUP_WINDOWS);
  g_assert_cmpuint (log.n_new[VIGIL_ALERT_WINDOW_MINUTE] + log.n_new[VIGIL_ALERT_WINDOW_HOUR], ==, 0);

  /* a minute-scale step: 80 in one minute alerts per minute; the hour it
   * falls in (1260 vs 1200) does not */
  t = h0 + 8 * HOUR_US + 10 * MINUTE_US;
  for (gint64 u = h0 + 8 * HOUR_US; u < t; u += MINUTE_US)
    feed_minute (monitor, u, 20, FALSE, "Refunds");
  g_assert_cmpuint (feed_minute (monitor, t, 80, TRUE, "Refunds"), ==, 2);   /* watch + all mentions */
  g_assert_cmpuint (log.n_new[VIGIL_ALERT_WINDOW_MINUTE], ==, 2);
  a = vigil_alert_monitor_get_alert_for (monitor, "Refunds", VIGIL_ALERT_WINDOW_MINUTE);
  g_assert_nonnull (a);
  g_assert_true (vigil_alert_monitor_get_alert (monitor, "Refunds") == a);
  g_assert_cmpuint (vigil_alert_get_window (a), ==, VIGIL_ALERT_WINDOW_MINUTE);
  g_assert_cmpint (vigil_alert_get_window_us (a), ==, MINUTE_US);
  g_assert_cmpuint (vigil_alert_get_count (a), ==, 80);
  g_assert_nonnull (strstr (vigil_alert_get_description (a), "in the last 1 min"));
  g_assert_null (vigil_alert_monitor_get_alert_for (monitor, "Refunds", VIGIL_ALERT_WINDOW_HOUR));

  /* the rest of the hour is steady: its window closes without an alert */
  for (t += MINUTE_US; t < h0 + 9 * HOUR_US; t += MINUTE_US)
    feed_minute (monitor, t, 20, FALSE, "Refunds");
  g_clear_pointer (&hours, g_free);
  hours = vigil_alert_monitor_get_series_for (monitor, "Refunds", VIGIL_ALERT_WINDOW_HOUR, &n);
  g_assert_cmpuint (n, ==, 9);
  g_assert_cmpuint (hours[8].count, ==, 59 * 20 + 80);
  g_assert_false (hours[8].spike);
  g_assert_cmpuint (log.n_new[VIGIL_ALERT_WINDOW_HOUR], ==, 0);
  g_assert_cmpuint (log.n_events[VIGIL_ALERT_WINDOW_HOUR], ==, 0);
  g_assert_null (vigil_alert_monitor_get_alert (monitor, "Refunds"));

  /* an hour-long surge: the hour series alerts too, and says so */
  for (; t < h0 + 10 * HOUR_US; t += MINUTE_US)
    feed_minute (monitor, t, 100, TRUE, "Refunds");
  a = vigil_alert_monitor_get_alert_for (monitor, "Refunds", VIGIL_ALERT_WINDOW_HOUR);
  g_assert_nonnull (a);
  g_assert_cmpuint (log.n_new[VIGIL_ALERT_WINDOW_HOUR], ==, 2);
  g_assert_cmpuint (vigil_alert_get_window (a), ==, VIGIL_ALERT_WINDOW_HOUR);
  g_assert_cmpint (vigil_alert_get_window_us (a), ==, HOUR_US);
  g_assert_cmpuint (vigil_alert_get_count (a), ==, 6000);
  g_assert_cmpfloat_with_epsilon (vigil_alert_get_negative_share (a), 1, 1e-9);
  g_assert_nonnull (strstr (vigil_alert_get_description (a), "in the last 1 h"));
  g_assert_cmpint (vigil_alert_get_started_us (a), ==, h0 + 9 * HOUR_US);
  /* one alert per (watch, window): the hour's started once (watch and all
   * mentions); the minute series saw the surge start too */
  g_assert_cmpuint (log.n_events[VIGIL_ALERT_WINDOW_HOUR], ==, 2);
  g_assert_cmpuint (log.n_new[VIGIL_ALERT_WINDOW_MINUTE], >=, 4);
  for (guint i = 0; i < log.alerts->len; i++)
    {
      VigilAlert *logged = g_ptr_array_index (log.alerts, i);

      g_assert_cmpint (vigil_alert_get_window_us (logged), ==,
                       vigil_alert_get_window (logged) == VIGIL_ALERT_WINDOW_HOUR ? HOUR_US : MINUTE_US);
    }
  /* the card's pick: the more severe ongoing one */
  {
    VigilAlert *m = vigil_alert_monitor_get_alert_for (monitor, "Refunds", VIGIL_ALERT_WINDOW_MINUTE);
    VigilAlert *best = vigil_alert_monitor_get_alert (monitor, "Refunds");

    if (m == NULL)
      g_assert_true (best == a);
    else
      g_assert_cmpint (vigil_alert_get_severity (best), ==,
                       MAX (vigil_alert_get_severity (a), vigil_alert_get_severity (m)));
  }

  /* the archive rows record the window's length */
  vigil_store_flush (store);
  rows = vigil_store_get_alerts (store, "Refunds", 0, 0, &error);
  g_assert_no_error (error);
  for (guint i = 0; i < rows->len; i++)
    {
      VigilAlertRecord *r = g_ptr_array_index (rows, i);

      g_assert_true (r->window_us == MINUTE_US || r->window_us == HOUR_US);
      minute_row |= r->window_us == MINUTE_US;
      hour_row |= r->window_us == HOUR_US && strstr (r->description, "1 h") != NULL;
    }
  g_assert_true (minute_row);
  g_assert_true (hour_row);

  while (g_main_context_iteration (NULL, FALSE))
    ;
  g_ptr_array_unref (log.alerts);
}

/* Callers that set only the old window_us keep it as the short window. */
static void
test_old_window_option (void)
{
  VigilAlertMonitorOptions options;
  g_autoptr(VigilAlertMonitor) a = NULL;
  g_autoptr(VigilAlertMonitor) b = NULL;

  vigil_alert_monitor_options_init (&options);
  options.window_us = 20 * G_USEC_PER_SEC;
  options.tick_us = -1;
  a = vigil_alert_monitor_new (NULL, &options);
  g_assert_cmpint (vigil_alert_monitor_get_window_length (a, VIGIL_ALERT_WINDOW_MINUTE), ==, 20 * G_USEC_PER_SEC);
  g_assert_cmpint (vigil_alert_monitor_get_window_length (a, VIGIL_ALERT_WINDOW_HOUR), ==, HOUR_US);

  options.window_us = 2 * HOUR_US;
  options.hour_window_us = 0;
  b = vigil_alert_monitor_new (NULL, &options);
  g_assert_cmpint (vigil_alert_monitor_get_window_length (b, VIGIL_ALERT_WINDOW_MINUTE), ==, 2 * HOUR_US);
  g_assert_cmpint (vigil_alert_monitor_get_window_length (b, VIGIL_ALERT_WINDOW_HOUR), ==, 120 * HOUR_US);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/vigil/annotate/stored", test_stored);
  g_test_add_func ("/vigil/annotate/migrate-from-1", test_migrate_from_1);
  g_test_add_func ("/vigil/annotate/profile-reaches-impersonation", test_profile_reaches_impersonation);
  g_test_add_func ("/vigil/annotate/worker-thread", test_worker_thread);
  g_test_add_func ("/vigil/annotate/override", test_override);
  g_test_add_func ("/vigil/annotate/override-async", test_override_async);
  g_test_add_func ("/vigil/annotate/filters-and-sorts", test_filters_and_sorts);
  g_test_add_func ("/vigil/annotate/collapse-duplicates", test_collapse_duplicates);
  g_test_add_func ("/vigil/annotate/spike/steady", test_spike_steady);
  g_test_add_func ("/vigil/annotate/spike/step", test_spike_step);
  g_test_add_func ("/vigil/annotate/spike/hour-series", test_hour_series);
  g_test_add_func ("/vigil/annotate/spike/minute-step", test_minute_step);
  g_test_add_func ("/vigil/annotate/spike/old-window-option", test_old_window_option);
  g_test_add_func ("/vigil/annotate/annotator-feeds-monitor", test_annotator_feeds_monitor);

  return g_test_run ();
}

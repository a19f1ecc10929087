/* test-post-list-model.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gstdio.h>
#include <sqlite3.h>

#include "vigil-post-list-model.h"

typedef struct
{
  GMainLoop *loop;
  guint      n_emissions;
  guint      last_position;
  guint      last_removed;
  guint      last_added;
  guint      quit_at;       /* quit when the model holds this many items */
} Watch;

static void
on_items_changed_cb (GListModel *model,
                     guint       position,
                     guint       removed,
                     guint       added,
                     Watch      *watch)
{
  watch->n_emissions++;
  watch->last_position = position;
  watch->last_removed = removed;
  watch->last_added = added;
  if (watch->loop != NULL && g_list_model_get_n_items (model) >= watch->quit_at)
    g_main_loop_quit (watch->loop);
}

static gboolean
guard_timeout_cb (gpointer user_data)
{
  g_error ("the model did not change within 30 s");
  return G_SOURCE_REMOVE;
}

/* Runs the main loop until the model holds n items. */
static void
run_until (Watch *watch,
           guint  n)
{
  guint guard = g_timeout_add_seconds (30, guard_timeout_cb, NULL);

  watch->quit_at = n;
  watch->loop = g_main_loop_new (NULL, FALSE);
  g_main_loop_run (watch->loop);
  g_clear_pointer (&watch->loop, g_main_loop_unref);
  g_source_remove (guard);
}

static void
insert_posts (VigilStore *store,
              const char *prefix,
              guint       first,
              guint       n)
{
  g_autoptr(GPtrArray) posts = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GError) error = NULL;
  VigilStoreInsertResult result;

  for (guint i = first; i < first + n; i++)
    {
      g_autofree char *id = g_strdup_printf ("%s-%u", prefix, i);
      g_autofree char *text = g_strdup_printf ("%s number %u", prefix, i);
      g_autoptr(GDateTime) created = g_date_time_new_from_unix_utc (1790000000 - (gint64) i);
      VigilPost *post = vigil_post_new (VIGIL_PLATFORM_MASTODON, id);

      vigil_post_set_text (post, text);
      vigil_post_set_author (post, "alice@example.org");
      vigil_post_set_created_at (post, created);
      g_ptr_array_add (posts, post);
    }
  g_assert_true (vigil_store_insert (store, posts, &result, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (result.added, ==, n);
}

static VigilPost *
item (VigilPostListModel *model,
      guint               position)
{
  VigilPost *post = g_list_model_get_item (G_LIST_MODEL (model), position);

  g_assert_nonnull (post);
  g_assert_true (VIGIL_IS_POST (post));
  return post;
}

static void
test_count_and_order (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(VigilStore) store = vigil_store_open (":memory:", &error);
  g_autoptr(VigilPostListModel) model = NULL;
  g_autoptr(VigilPost) first = NULL;
  g_autoptr(VigilPost) last = NULL;
  g_autoptr(VigilPost) middle = NULL;

  insert_posts (store, "p", 0, 250);
  model = vigil_post_list_model_new (store);
  g_assert_true (vigil_post_list_model_get_store (model) == store);
  g_assert_null (vigil_post_list_model_get_query (model));
  g_assert_true (g_list_model_get_item_type (G_LIST_MODEL (model)) == VIGIL_TYPE_POST);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (model)), ==, 250);

  first = item (model, 0);
  last = item (model, 249);
  middle = item (model, 100);
  g_assert_cmpint (vigil_post_get_id (first), ==, 250);
  g_assert_cmpstr (vigil_post_get_text (first), ==, "p number 249");
  g_assert_cmpint (vigil_post_get_id (last), ==, 1);
  g_assert_cmpint (vigil_post_get_id (middle), ==, 150);
  g_assert_null (g_list_model_get_item (G_LIST_MODEL (model), 250));

  g_assert_finalize_object (g_steal_pointer (&model));
}

static void
test_paging (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("vigil-model-XXXXXX", &error);
  g_autofree char *path = g_build_filename (dir, "archive.db", NULL);
  g_autoptr(VigilStore) store = NULL;
  g_autoptr(VigilPostListModel) model = NULL;
  const char *suffixes[] = { "", "-wal", "-shm" };

  g_assert_no_error (error);
  store = vigil_store_open (path, &error);
  g_assert_no_error (error);
  for (guint i = 0; i < 10; i++)
    insert_posts (store, "big", i * 1000, 1000);

  model = vigil_post_list_model_new (store);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (model)), ==, 10000);

  /* every position, front to back, then some jumps back and forth */
  for (guint i = 0; i < 10000; i++)
    {
      g_autoptr(VigilPost) post = item (model, i);
      g_assert_cmpint (vigil_post_get_id (post), ==, 10000 - i);
    }
  for (guint k = 0; k < 200; k++)
    {
      guint position = (k * 7919) % 10000;
      g_autoptr(VigilPost) post = item (model, position);
      g_autofree char *remote_id = g_strdup_printf ("big-%u", 9999 - position);

      g_assert_cmpstr (vigil_post_get_remote_id (post), ==, remote_id);
    }

  g_assert_finalize_object (g_steal_pointer (&model));
  g_assert_finalize_object (g_steal_pointer (&store));
  for (guint i = 0; i < G_N_ELEMENTS (suffixes); i++)
    {
      g_autofree char *file = g_strconcat (path, suffixes[i], NULL);
      g_unlink (file);
    }
  g_rmdir (dir);
}

static void
test_coalesce (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(VigilStore) store = vigil_store_open (":memory:", &error);
  g_autoptr(VigilPostListModel) model = NULL;
  g_autoptr(VigilPost) top = NULL;
  g_autoptr(VigilPost) old = NULL;
  Watch watch = { 0 };

  insert_posts (store, "old", 0, 20);
  model = vigil_post_list_model_new (store);
  g_signal_connect (model, "items-changed", G_CALLBACK (on_items_changed_cb), &watch);
  /* warm the cache so it must stay right after the burst */
  old = item (model, 0);
  g_assert_cmpint (vigil_post_get_id (old), ==, 20);
  g_clear_object (&old);

  /* 500 posts in 5 write transactions, before the loop runs */
  for (guint b = 0; b < 5; b++)
    insert_posts (store, "burst", b * 100, 100);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (model)), ==, 20);

  run_until (&watch, 520);
  g_assert_cmpuint (watch.n_emissions, ==, 1);
  g_assert_cmpuint (watch.last_position, ==, 0);
  g_assert_cmpuint (watch.last_removed, ==, 0);
  g_assert_cmpuint (watch.last_added, ==, 500);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (model)), ==, 520);

  top = item (model, 0);
  old = item (model, 500);
  g_assert_cmpint (vigil_post_get_id (top), ==, 520);
  g_assert_cmpstr (vigil_post_get_text (top), ==, "burst number 499");
  g_assert_cmpint (vigil_post_get_id (old), ==, 20);
  g_assert_cmpstr (vigil_post_get_text (old), ==, "old number 19");

  g_assert_finalize_object (g_steal_pointer (&model));
}

static void
test_events_rebind (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(VigilStore) store = vigil_store_open (":memory:", &error);
  g_autoptr(VigilPostListModel) model = NULL;
  g_autoptr(GPtrArray) events = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(VigilPost) before = NULL;
  g_autoptr(VigilPost) after = NULL;
  g_autoptr(VigilPost) gone = NULL;
  VigilPost *edit;
  VigilPost *del;
  Watch watch = { 0 };

  insert_posts (store, "e", 0, 10);
  model = vigil_post_list_model_new (store);
  g_signal_connect (model, "items-changed", G_CALLBACK (on_items_changed_cb), &watch);

  before = item (model, 9);
  g_assert_cmpstr (vigil_post_get_text (before), ==, "e number 0");

  edit = vigil_post_new (VIGIL_PLATFORM_MASTODON, "e-0");
  vigil_post_set_event (edit, VIGIL_POST_EVENT_EDIT);
  vigil_post_set_text (edit, "e number 0, corrected");
  g_ptr_array_add (events, edit);
  del = vigil_post_new (VIGIL_PLATFORM_MASTODON, "e-1");
  vigil_post_set_event (del, VIGIL_POST_EVENT_DELETE);
  g_ptr_array_add (events, del);
  g_assert_true (vigil_store_insert (store, events, NULL, &error));
  g_assert_no_error (error);

  run_until (&watch, 0);
  g_assert_cmpuint (watch.n_emissions, ==, 1);
  g_assert_cmpuint (watch.last_position, ==, 0);
  g_assert_cmpuint (watch.last_removed, ==, 10);
  g_assert_cmpuint (watch.last_added, ==, 10);

  /* the item handed out before is a snapshot; a new get_item sees the edit */
  g_assert_cmpstr (vigil_post_get_text (before), ==, "e number 0");
  after = item (model, 9);
  g_assert_cmpstr (vigil_post_get_text (after), ==, "e number 0, corrected");
  g_assert_true (vigil_post_get_edited (after));
  gone = item (model, 8);
  g_assert_true (vigil_post_get_deleted (gone));

  g_assert_finalize_object (g_steal_pointer (&model));
}

static void
test_query (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(VigilStore) store = vigil_store_open (":memory:", &error);
  g_autoptr(VigilPostListModel) model = NULL;
  g_autoptr(VigilSearchQuery) query = vigil_search_query_new ();
  g_autoptr(VigilPost) top = NULL;
  g_autoptr(VigilPost) bottom = NULL;
  Watch watch = { 0 };

  insert_posts (store, "apple", 0, 30);
  insert_posts (store, "banana", 0, 40);
  insert_posts (store, "apple", 30, 5);
  model = vigil_post_list_model_new (store);
  g_signal_connect (model, "items-changed", G_CALLBACK (on_items_changed_cb), &watch);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (model)), ==, 75);

  query->text = g_strdup ("apple");
  query->order = VIGIL_SEARCH_ORDER_ARRIVAL;
  query->limit = 3;   /* the model shows every match */
  g_assert_true (vigil_post_list_model_set_query (model, query, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (watch.n_emissions, ==, 1);
  g_assert_cmpuint (watch.last_removed, ==, 75);
  g_assert_cmpuint (watch.last_added, ==, 35);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (model)), ==, 35);
  g_assert_cmpstr (vigil_post_list_model_get_query (model)->text, ==, "apple");

  /* newest arrival first */
  top = item (model, 0);
  bottom = item (model, 34);
  g_assert_cmpstr (vigil_post_get_text (top), ==, "apple number 34");
  g_assert_cmpstr (vigil_post_get_text (bottom), ==, "apple number 0");
  g_clear_object (&top);
  for (guint i = 0; i < 35; i++)
    {
      g_autoptr(VigilPost) post = item (model, i);
      g_assert_true (g_str_has_prefix (vigil_post_get_text (post), "apple"));
    }

  /* new posts: only the matching ones come in */
  watch.n_emissions = 0;
  insert_posts (store, "banana", 40, 10);
  insert_posts (store, "apple", 35, 3);
  run_until (&watch, 38);
  g_assert_cmpuint (watch.n_emissions, ==, 1);
  g_assert_cmpuint (watch.last_added, ==, 3);
  top = item (model, 0);
  g_assert_cmpstr (vigil_post_get_text (top), ==, "apple number 37");

  /* back to everything */
  g_assert_true (vigil_post_list_model_set_query (model, NULL, &error));
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (model)), ==, 88);
  g_assert_null (vigil_post_list_model_get_query (model));

  g_assert_finalize_object (g_steal_pointer (&model));
}

static void
on_notify_cb (GObject    *object,
              GParamSpec *pspec,
              guint      *n_notified)
{
  (*n_notified)++;
}

/* "Newest" is by post date, whatever the order of arrival; a query shows
 * its first page at once and the rest below it once read. */
static void
test_first_page_then_all (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(VigilStore) store = vigil_store_open (":memory:", &error);
  g_autoptr(VigilPostListModel) model = NULL;
  g_autoptr(VigilSearchQuery) query = vigil_search_query_new ();
  g_autoptr(GPtrArray) posts = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(VigilPost) top = NULL;
  gint64 previous = G_MAXINT64;
  guint n_notified = 0;
  Watch watch = { 0 };

  /* arrival order and post date disagree: post i is dated (i * 37) % 250 */
  for (guint i = 0; i < 250; i++)
    {
      g_autofree char *id = g_strdup_printf ("d-%u", i);
      g_autoptr(GDateTime) created = g_date_time_new_from_unix_utc (1700000000 + (gint64) ((i * 37) % 250) * 60);
      VigilPost *post = vigil_post_new (VIGIL_PLATFORM_MASTODON, id);

      vigil_post_set_text (post, "dated");
      vigil_post_set_created_at (post, created);
      g_ptr_array_add (posts, post);
    }
  g_assert_true (vigil_store_insert (store, posts, NULL, &error));
  g_assert_no_error (error);

  model = vigil_post_list_model_new (store);
  g_signal_connect (model, "items-changed", G_CALLBACK (on_items_changed_cb), &watch);
  g_signal_connect (model, "notify::complete", G_CALLBACK (on_notify_cb), &n_notified);

  /* no filter, newest post date first: a query all the same */
  query->order = VIGIL_SEARCH_ORDER_NEWEST;
  g_assert_true (vigil_post_list_model_set_query (model, query, &error));
  g_assert_no_error (error);
  g_assert_nonnull (vigil_post_list_model_get_query (model));
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (model)), ==, 100);
  g_assert_false (vigil_post_list_model_get_complete (model));
  top = item (model, 0);
  g_assert_cmpstr (vigil_post_get_remote_id (top), ==, "d-27");   /* 27 * 37 % 250 = 249 */

  /* the rest arrives below the first page, which stays */
  watch.n_emissions = 0;
  run_until (&watch, 250);
  g_assert_cmpuint (watch.n_emissions, ==, 1);
  g_assert_cmpuint (watch.last_position, ==, 100);
  g_assert_cmpuint (watch.last_removed, ==, 0);
  g_assert_cmpuint (watch.last_added, ==, 150);
  g_assert_true (vigil_post_list_model_get_complete (model));
  g_assert_cmpuint (n_notified, ==, 2);
  for (guint i = 0; i < 250; i++)
    {
      g_autoptr(VigilPost) post = item (model, i);
      gint64 at = g_date_time_to_unix (vigil_post_get_created_at (post));

      g_assert_cmpint (at, <, previous);
      previous = at;
    }

  /* arrival order with no filter is the archive itself: no query */
  query->order = VIGIL_SEARCH_ORDER_ARRIVAL;
  g_assert_true (vigil_post_list_model_set_query (model, query, &error));
  g_assert_null (vigil_post_list_model_get_query (model));
  g_assert_true (vigil_post_list_model_get_complete (model));
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (model)), ==, 250);
  g_clear_object (&top);
  top = item (model, 0);
  g_assert_cmpstr (vigil_post_get_remote_id (top), ==, "d-249");

  g_assert_finalize_object (g_steal_pointer (&model));
}

static gboolean
is_loading (VigilPostListModel *model)
{
  return vigil_post_list_model_get_loading (model);
}

/* A view sets its query without waiting for a slow one: the first page
 * comes from a worker, then the rest. */
static void
test_query_within (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(VigilStore) store = vigil_store_open (":memory:", &error);
  g_autoptr(VigilPostListModel) model = NULL;
  g_autoptr(VigilSearchQuery) query = vigil_search_query_new ();
  g_autoptr(VigilPost) top = NULL;
  guint guard;
  gboolean exact = TRUE;

  insert_posts (store, "w", 0, 300);
  model = vigil_post_list_model_new (store);
  query->order = VIGIL_SEARCH_ORDER_NEWEST;

  /* no wait at all: loading until the worker's page is applied */
  g_assert_true (vigil_post_list_model_set_query_within (model, query, 0, &error));
  g_assert_no_error (error);
  guard = g_timeout_add_seconds (30, guard_timeout_cb, NULL);
  while (is_loading (model))
    g_main_context_iteration (NULL, TRUE);
  g_assert_null (vigil_post_list_model_get_query_error (model));
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (model)), ==, 100);
  g_assert_false (vigil_post_list_model_get_complete (model));
  /* the bounded count knows all 300 before they are listed */
  g_assert_cmpint (vigil_post_list_model_get_bounded_count (model, &exact), ==, 300);
  g_assert_true (exact);
  /* posts are dated backwards: the first archived is the newest */
  top = item (model, 0);
  g_assert_cmpstr (vigil_post_get_text (top), ==, "w number 0");

  while (!vigil_post_list_model_get_complete (model))
    g_main_context_iteration (NULL, TRUE);
  g_source_remove (guard);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (model)), ==, 300);

  /* a wait long enough for a small archive: applied before it returns */
  query->order = VIGIL_SEARCH_ORDER_ARRIVAL;
  query->text = g_strdup ("number");
  g_assert_true (vigil_post_list_model_set_query_within (model, query, 10000, &error));
  g_assert_false (vigil_post_list_model_get_loading (model));
  g_clear_object (&top);
  top = item (model, 0);
  g_assert_cmpstr (vigil_post_get_text (top), ==, "w number 299");

  g_assert_finalize_object (g_steal_pointer (&model));
}

static void
test_not_dense (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("vigil-model-XXXXXX", &error);
  g_autofree char *path = g_build_filename (dir, "archive.db", NULL);
  g_autoptr(VigilStore) store = NULL;
  g_autoptr(VigilPostListModel) model = NULL;
  g_autoptr(VigilPost) top = NULL;
  g_autoptr(VigilPost) after_gap = NULL;
  g_autoptr(VigilPost) bottom = NULL;
  const char *suffixes[] = { "", "-wal", "-shm" };
  Watch watch = { 0 };
  sqlite3 *db = NULL;

  g_assert_no_error (error);
  store = vigil_store_open (path, &error);
  g_assert_no_error (error);
  insert_posts (store, "n", 0, 50);
  g_clear_object (&store);

  /* a row removed behind Vigil's back: ids are no longer dense */
  g_assert_cmpint (sqlite3_open (path, &db), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_exec (db, "DROP TRIGGER posts_no_delete; DELETE FROM posts WHERE id = 10",
                                 NULL, NULL, NULL), ==, SQLITE_OK);
  sqlite3_close (db);

  store = vigil_store_open (path, &error);
  g_assert_no_error (error);
  model = vigil_post_list_model_new (store);
  g_signal_connect (model, "items-changed", G_CALLBACK (on_items_changed_cb), &watch);
  /* the count is the last id (constant time): the hole shows when the
   * page around it is read, and the model then lists the ids */
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (model)), ==, 50);
  g_clear_object (&top);
  top = g_list_model_get_item (G_LIST_MODEL (model), 0);
  run_until (&watch, 49);
  g_assert_cmpuint (watch.last_removed, ==, 50);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (model)), ==, 49);
  g_clear_object (&top);
  top = item (model, 0);
  after_gap = item (model, 40);
  bottom = item (model, 48);
  g_assert_cmpint (vigil_post_get_id (top), ==, 50);
  g_assert_cmpint (vigil_post_get_id (after_gap), ==, 9);
  g_assert_cmpint (vigil_post_get_id (bottom), ==, 1);

  /* new posts still arrive at the top */
  insert_posts (store, "m", 0, 3);
  run_until (&watch, 52);
  g_assert_cmpuint (watch.last_added, ==, 3);
  g_clear_object (&top);
  top = item (model, 0);
  g_assert_cmpint (vigil_post_get_id (top), ==, 53);

  g_assert_finalize_object (g_steal_pointer (&model));
  g_assert_finalize_object (g_steal_pointer (&store));
  for (guint i = 0; i < G_N_ELEMENTS (suffixes); i++)
    {
      g_autofree char *file = g_strconcat (path, suffixes[i], NULL);
      g_unlink (file);
    }
  g_rmdir (dir);
}

static void
test_gap_appears (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("vigil-model-XXXXXX", &error);
  g_autofree char *path = g_build_filename (dir, "archive.db", NULL);
  g_autoptr(VigilStore) store = NULL;
  g_autoptr(VigilPostListModel) model = NULL;
  g_autoptr(VigilPost) top = NULL;
  g_autoptr(VigilPost) next = NULL;
  const char *suffixes[] = { "", "-wal", "-shm" };
  Watch watch = { 0 };
  sqlite3 *db = NULL;

  g_assert_no_error (error);
  store = vigil_store_open (path, &error);
  g_assert_no_error (error);
  insert_posts (store, "g", 0, 10);
  model = vigil_post_list_model_new (store);
  g_signal_connect (model, "items-changed", G_CALLBACK (on_items_changed_cb), &watch);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (model)), ==, 10);

  /* new posts arrive, and one of them is removed behind Vigil's back
   * before the model takes them in */
  insert_posts (store, "h", 0, 5);
  g_assert_cmpint (sqlite3_open (path, &db), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_exec (db, "DROP TRIGGER posts_no_delete; DELETE FROM posts WHERE id = 12",
                                 NULL, NULL, NULL), ==, SQLITE_OK);
  sqlite3_close (db);

  run_until (&watch, 14);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (model)), ==, 14);
  top = item (model, 0);
  next = item (model, 3);
  g_assert_cmpint (vigil_post_get_id (top), ==, 15);
  g_assert_cmpint (vigil_post_get_id (next), ==, 11);

  g_assert_finalize_object (g_steal_pointer (&model));
  g_assert_finalize_object (g_steal_pointer (&store));
  for (guint i = 0; i < G_N_ELEMENTS (suffixes); i++)
    {
      g_autofree char *file = g_strconcat (path, suffixes[i], NULL);
      g_unlink (file);
    }
  g_rmdir (dir);
}

static void
test_dispose_with_pending_flush (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(VigilStore) store = vigil_store_open (":memory:", &error);
  VigilPostListModel *model = vigil_post_list_model_new (store);

  insert_posts (store, "x", 0, 5);
  /* deliver "changed": the coalescing timeout is now pending */
  while (g_main_context_iteration (NULL, FALSE))
    ;
  g_assert_finalize_object (model);
  insert_posts (store, "y", 0, 5);
  while (g_main_context_iteration (NULL, FALSE))
    ;
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/vigil/post-list-model/count-and-order", test_count_and_order);
  g_test_add_func ("/vigil/post-list-model/paging", test_paging);
  g_test_add_func ("/vigil/post-list-model/coalesce", test_coalesce);
  g_test_add_func ("/vigil/post-list-model/events-rebind", test_events_rebind);
  g_test_add_func ("/vigil/post-list-model/query", test_query);
  g_test_add_func ("/vigil/post-list-model/first-page-then-all", test_first_page_then_all);
  g_test_add_func ("/vigil/post-list-model/query-within", test_query_within);
  g_test_add_func ("/vigil/post-list-model/not-dense", test_not_dense);
  g_test_add_func ("/vigil/post-list-model/gap-appears", test_gap_appears);
  g_test_add_func ("/vigil/post-list-model/dispose-with-pending-flush", test_dispose_with_pending_flush);

  return g_test_run ();
}

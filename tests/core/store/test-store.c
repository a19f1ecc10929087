/* test-store.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gstdio.h>
#include <sqlite3.h>
#include <string.h>

#include "store-test-util.h"

static void
test_open_memory (void)
{
  g_autoptr(GError) error = NULL;
  const char *uri = store_test_new_uri ();
  g_autoptr(VigilStore) store = vigil_store_open (uri, &error);
  VigilStoreVerifyResult verify = { 0 };

  g_assert_no_error (error);
  g_assert_cmpstr (vigil_store_get_path (store), ==, uri);
  g_assert_cmpint (vigil_store_count_posts (store, &error), ==, 0);
  g_assert_cmpint (vigil_store_get_last_id (store), ==, 0);
  g_assert_true (vigil_store_verify (store, &verify, &error));
  g_assert_no_error (error);
  g_assert_true (verify.ok);
  g_assert_cmpuint (verify.posts, ==, 0);
  g_assert_cmpuint (strlen (verify.head_hash), ==, 64);
  vigil_store_verify_result_clear (&verify);
  vigil_store_flush (store);
  g_assert_finalize_object (g_steal_pointer (&store));
}

static void
test_default_path (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *path = vigil_store_default_path ();
  g_autofree char *dir = g_path_get_dirname (path);
  g_autoptr(VigilStore) store = NULL;

  /* G_TEST_OPTION_ISOLATE_DIRS points XDG_DATA_HOME at a fresh folder */
  g_assert_true (g_str_has_suffix (path, "/vigil/vigil.db"));
  g_assert_false (g_file_test (dir, G_FILE_TEST_IS_DIR));
  store = vigil_store_open (NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (vigil_store_get_path (store), ==, path);
  g_assert_true (g_file_test (path, G_FILE_TEST_IS_REGULAR));
  insert_many (store, "d", 3);
  g_assert_cmpint (vigil_store_count_posts (store, NULL), ==, 3);
}

static void
test_dedupe (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(VigilStore) store = vigil_store_open (store_test_new_uri (), &error);
  g_autoptr(GPtrArray) first = posts_new ();
  g_autoptr(GPtrArray) second = posts_new ();
  g_autoptr(VigilPost) read = NULL;
  VigilStoreInsertResult result;

  g_ptr_array_add (first, make_post (VIGIL_PLATFORM_MASTODON, "1", "alice", "one", 1));
  g_ptr_array_add (first, make_post (VIGIL_PLATFORM_MASTODON, "2", "bob", "two", 2));
  /* same remote id, another platform: a different post */
  g_ptr_array_add (first, make_post (VIGIL_PLATFORM_BLUESKY, "1", "carol", "three", 3));
  /* a duplicate inside one batch */
  g_ptr_array_add (first, make_post (VIGIL_PLATFORM_MASTODON, "2", "bob", "two", 2));
  insert_ok (store, first, &result);
  g_assert_cmpuint (result.added, ==, 3);
  g_assert_cmpuint (result.duplicates, ==, 1);
  g_assert_cmpint (result.last_id, ==, 3);
  g_assert_cmpint (vigil_post_get_id (g_ptr_array_index (first, 0)), ==, 1);
  g_assert_cmpint (vigil_post_get_id (g_ptr_array_index (first, 2)), ==, 3);
  g_assert_cmpint (vigil_post_get_id (g_ptr_array_index (first, 3)), ==, 2);

  g_ptr_array_add (second, make_post (VIGIL_PLATFORM_MASTODON, "1", "alice", "one", 1));
  g_ptr_array_add (second, make_post (VIGIL_PLATFORM_FEED, "https://e.org/x", "dave", "four", 4));
  insert_ok (store, second, &result);
  g_assert_cmpuint (result.added, ==, 1);
  g_assert_cmpuint (result.duplicates, ==, 1);
  g_assert_cmpint (result.last_id, ==, 4);
  g_assert_cmpint (vigil_post_get_id (g_ptr_array_index (second, 0)), ==, 1);
  g_assert_cmpint (vigil_store_count_posts (store, NULL), ==, 4);
  g_assert_cmpint (vigil_store_get_last_id (store), ==, 4);

  /* the first copy is the one kept, with every field */
  read = get_post (store, 2);
  g_assert_false (vigil_post_get_edited (read));
  g_assert_cmpstr (vigil_post_get_text (read), ==, "two");
  g_assert_cmpstr (vigil_post_get_author (read), ==, "bob");
  g_assert_cmpstr (vigil_post_get_author_name (read), ==, "Some Person");
  g_assert_cmpstr (vigil_post_get_remote_id (read), ==, "2");
  g_assert_cmpint (vigil_post_get_platform (read), ==, VIGIL_PLATFORM_MASTODON);
  g_assert_cmpstr (vigil_post_get_lang (read), ==, "en");
  g_assert_cmpstr (vigil_post_get_raw (read), ==, "{\"id\":\"raw\"}");
  g_assert_cmpstr (vigil_post_get_tags (read)[1], ==, "news");
  g_assert_null (vigil_post_get_tags (read)[2]);
  g_assert_null (vigil_post_get_media (read));
  g_assert_cmpint (vigil_post_get_likes (read), ==, 3);
  g_assert_cmpint (vigil_post_get_author_followers (read), ==, -1);
  g_assert_cmpint (g_date_time_get_day_of_month (vigil_post_get_created_at (read)), ==, 2);
  g_assert_cmpint (g_date_time_get_microsecond (vigil_post_get_created_at (read)), ==, 250000);
  g_assert_false (vigil_post_get_deleted (read));
  g_assert_false (vigil_post_get_edited (read));
  g_clear_object (&read);

  /* fetched again with other text: an edit nobody announced, kept */
  g_ptr_array_set_size (second, 0);
  g_ptr_array_add (second, make_post (VIGIL_PLATFORM_MASTODON, "2", "bob", "two, reworded", 2));
  insert_ok (store, second, &result);
  g_assert_cmpuint (result.added, ==, 0);
  g_assert_cmpuint (result.duplicates, ==, 0);
  g_assert_cmpuint (result.edits, ==, 1);
  g_assert_cmpint (vigil_post_get_id (g_ptr_array_index (second, 0)), ==, 2);
  read = get_post (store, 2);
  g_assert_cmpstr (vigil_post_get_text (read), ==, "two, reworded");
  g_assert_true (vigil_post_get_edited (read));
  g_assert_cmpuint (search_count (store, "reworded"), ==, 1);
  g_assert_cmpint (vigil_store_count_posts (store, NULL), ==, 4);
}

static void
test_edit_delete (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(VigilStore) store = vigil_store_open (store_test_new_uri (), &error);
  g_autoptr(GPtrArray) posts = posts_new ();
  g_autoptr(GPtrArray) edits = posts_new ();
  g_autoptr(GPtrArray) again = posts_new ();
  g_autoptr(GPtrArray) deletes = posts_new ();
  g_autoptr(GPtrArray) late = posts_new ();
  g_autoptr(VigilPost) read = NULL;
  g_autoptr(VigilPost) read_late = NULL;
  VigilStoreVerifyResult verify = { 0 };
  VigilStoreInsertResult result;

  g_ptr_array_add (posts, make_post (VIGIL_PLATFORM_MASTODON, "10", "alice", "original wording", 1));
  g_ptr_array_add (posts, make_post (VIGIL_PLATFORM_MASTODON, "11", "bob", "keep me", 2));
  insert_ok (store, posts, NULL);

  g_ptr_array_add (edits, make_event (VIGIL_PLATFORM_MASTODON, "10", VIGIL_POST_EVENT_EDIT,
                                      "corrected wording"));
  /* an edit with the text already current is a duplicate */
  g_ptr_array_add (edits, make_event (VIGIL_PLATFORM_MASTODON, "11", VIGIL_POST_EVENT_EDIT, "keep me"));
  insert_ok (store, edits, &result);
  g_assert_cmpuint (result.edits, ==, 1);
  g_assert_cmpuint (result.duplicates, ==, 1);
  g_assert_cmpuint (result.added, ==, 0);
  g_assert_cmpint (vigil_post_get_id (g_ptr_array_index (edits, 0)), ==, 1);

  /* the same edit again is a duplicate too */
  g_ptr_array_add (again, make_event (VIGIL_PLATFORM_MASTODON, "10", VIGIL_POST_EVENT_EDIT,
                                      "corrected wording"));
  insert_ok (store, again, &result);
  g_assert_cmpuint (result.edits, ==, 0);
  g_assert_cmpuint (result.duplicates, ==, 1);

  read = get_post (store, 1);
  g_assert_cmpstr (vigil_post_get_text (read), ==, "corrected wording");
  g_assert_true (vigil_post_get_edited (read));
  g_assert_false (vigil_post_get_deleted (read));
  /* fields the edit did not carry are kept */
  g_assert_cmpstr (vigil_post_get_tags (read)[0], ==, "acme");
  g_clear_object (&read);

  /* search follows the edit */
  g_assert_cmpuint (search_count (store, "corrected"), ==, 1);
  g_assert_cmpuint (search_count (store, "original"), ==, 0);
  g_assert_cmpuint (search_count (store, "keep"), ==, 1);

  g_ptr_array_add (deletes, make_event (VIGIL_PLATFORM_MASTODON, "11", VIGIL_POST_EVENT_DELETE, NULL));
  g_ptr_array_add (deletes, make_event (VIGIL_PLATFORM_MASTODON, "11", VIGIL_POST_EVENT_DELETE, NULL));
  /* never seen: archived anyway */
  g_ptr_array_add (deletes, make_event (VIGIL_PLATFORM_MASTODON, "99", VIGIL_POST_EVENT_DELETE, NULL));
  g_ptr_array_add (deletes, make_event (VIGIL_PLATFORM_BLUESKY, "98", VIGIL_POST_EVENT_EDIT, "late edit"));
  insert_ok (store, deletes, &result);
  g_assert_cmpuint (result.deletes, ==, 1);
  g_assert_cmpuint (result.duplicates, ==, 1);
  g_assert_cmpuint (result.orphans, ==, 2);
  g_assert_cmpint (vigil_post_get_id (g_ptr_array_index (deletes, 2)), ==, 0);

  read = get_post (store, 2);
  g_assert_true (vigil_post_get_deleted (read));
  g_assert_false (vigil_post_get_edited (read));
  g_assert_cmpstr (vigil_post_get_text (read), ==, "keep me");
  g_clear_object (&read);
  g_assert_cmpint (vigil_store_count_posts (store, NULL), ==, 2);

  /* the posts the orphan events were about arrive later */
  g_ptr_array_add (late, make_post (VIGIL_PLATFORM_MASTODON, "99", "eve", "gone soon", 3));
  g_ptr_array_add (late, make_post (VIGIL_PLATFORM_BLUESKY, "98", "frank", "early text", 3));
  insert_ok (store, late, &result);
  g_assert_cmpuint (result.added, ==, 2);
  read = get_post (store, 3);
  read_late = get_post (store, 4);
  g_assert_true (vigil_post_get_deleted (read));
  g_assert_cmpstr (vigil_post_get_text (read_late), ==, "late edit");
  g_assert_true (vigil_post_get_edited (read_late));
  g_assert_cmpuint (search_count (store, "late"), ==, 1);
  g_assert_cmpuint (search_count (store, "early"), ==, 0);

  g_assert_true (vigil_store_verify (store, &verify, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (verify.posts, ==, 4);
  g_assert_cmpuint (verify.events, ==, 4);
  vigil_store_verify_result_clear (&verify);
}

static void
test_append_only (void)
{
  g_auto(TmpStore) tmp = { 0 };
  g_autoptr(GError) error = NULL;
  g_autoptr(VigilStore) store = NULL;
  g_autoptr(GPtrArray) posts = posts_new ();
  const char *refused[] = {
    "UPDATE posts SET text = 'forged' WHERE id = 1",
    "DELETE FROM posts WHERE id = 1",
    "UPDATE events SET text = 'forged'",
    "DELETE FROM events",
    "UPDATE access_log SET actor = 'nobody'",
    "DELETE FROM access_log",
  };
  sqlite3 *db;

  tmp_store_init (&tmp);
  store = vigil_store_open (tmp.path, &error);
  g_assert_no_error (error);
  g_ptr_array_add (posts, make_post (VIGIL_PLATFORM_MASTODON, "1", "alice", "hello", 1));
  g_ptr_array_add (posts, make_event (VIGIL_PLATFORM_MASTODON, "1", VIGIL_POST_EVENT_DELETE, NULL));
  insert_ok (store, posts, NULL);
  g_assert_true (vigil_store_log_access (store, "tester", "read", "post 1", &error));
  g_assert_no_error (error);

  /* another process, while the store is open (WAL) */
  db = raw_open (tmp.path);
  for (guint i = 0; i < G_N_ELEMENTS (refused); i++)
    {
      char *msg = NULL;

      g_assert_cmpint (sqlite3_exec (db, refused[i], NULL, NULL, &msg), !=, SQLITE_OK);
      g_assert_nonnull (strstr (msg, "append-only"));
      sqlite3_free (msg);
    }
  g_assert_cmpint (raw_int (db, "SELECT count(*) FROM posts"), ==, 1);
  g_assert_cmpint (raw_int (db, "SELECT count(*) FROM events"), ==, 1);
  sqlite3_close (db);
}

static void
test_migrate_new_and_empty (void)
{
  g_auto(TmpStore) tmp = { 0 };
  g_autoptr(GError) error = NULL;
  g_autoptr(VigilStore) store = NULL;
  sqlite3 *db;
  gint64 version;

  tmp_store_init (&tmp);

  /* a path that does not exist yet */
  store = vigil_store_open (tmp.path, &error);
  g_assert_no_error (error);
  g_assert_finalize_object (g_steal_pointer (&store));
  db = raw_open (tmp.path);
  version = raw_int (db, "PRAGMA user_version");
  g_assert_cmpint (version, >=, 1);
  g_assert_cmpint (raw_int (db, "PRAGMA application_id"), ==, 0x5649474C);
  g_assert_cmpint (raw_int (db, "SELECT count(*) FROM chain_head"), ==, 1);
  g_assert_cmpint (raw_int (db, "PRAGMA page_size"), ==, 8192);
  sqlite3_close (db);

  /* reopening does not migrate again */
  store = vigil_store_open (tmp.path, &error);
  g_assert_no_error (error);
  g_assert_finalize_object (g_steal_pointer (&store));
  g_unlink (tmp.path);

  /* an existing zero-byte file */
  g_assert_true (g_file_set_contents (tmp.path, "", 0, NULL));
  store = vigil_store_open (tmp.path, &error);
  g_assert_no_error (error);
  insert_many (store, "z", 2);
  g_assert_cmpint (vigil_store_count_posts (store, NULL), ==, 2);
  g_assert_finalize_object (g_steal_pointer (&store));
  db = raw_open (tmp.path);
  g_assert_cmpint (raw_int (db, "PRAGMA user_version"), ==, version);
  sqlite3_close (db);
}

static void
test_too_new (void)
{
  g_auto(TmpStore) tmp = { 0 };
  g_autoptr(GError) error = NULL;
  g_autoptr(VigilStore) store = NULL;
  sqlite3 *db;

  tmp_store_init (&tmp);
  store = vigil_store_open (tmp.path, &error);
  g_assert_no_error (error);
  g_assert_finalize_object (g_steal_pointer (&store));

  db = raw_open (tmp.path);
  raw_exec (db, "PRAGMA user_version = 999");
  sqlite3_close (db);

  store = vigil_store_open (tmp.path, &error);
  g_assert_null (store);
  g_assert_error (error, VIGIL_STORE_ERROR, VIGIL_STORE_ERROR_TOO_NEW);
  g_assert_nonnull (strstr (error->message, "Upgrade Vigil"));
  g_assert_nonnull (strstr (error->message, tmp.path));

  /* left untouched */
  db = raw_open (tmp.path);
  g_assert_cmpint (raw_int (db, "PRAGMA user_version"), ==, 999);
  sqlite3_close (db);
}

static void
test_not_a_database (void)
{
  g_auto(TmpStore) tmp = { 0 };
  g_autoptr(GError) error = NULL;
  g_autoptr(VigilStore) store = NULL;
  g_autofree char *contents = NULL;
  const char *text = "These are my notes, not a database at all. They go on for a while so that "
                     "the file is longer than SQLite's hundred-byte header, as most files are.\n";
  sqlite3 *db;

  tmp_store_init (&tmp);
  g_assert_true (g_file_set_contents (tmp.path, text, -1, NULL));
  store = vigil_store_open (tmp.path, &error);
  g_assert_null (store);
  g_assert_error (error, VIGIL_STORE_ERROR, VIGIL_STORE_ERROR_OPEN);
  g_assert_nonnull (strstr (error->message, "not an SQLite database"));
  g_assert_nonnull (strstr (error->message, tmp.path));
  g_assert_true (g_file_get_contents (tmp.path, &contents, NULL, NULL));
  g_assert_cmpstr (contents, ==, text);
  g_clear_error (&error);
  g_unlink (tmp.path);

  /* some other application's SQLite database */
  db = raw_open (tmp.path);
  raw_exec (db, "CREATE TABLE bookmarks (url TEXT)");
  sqlite3_close (db);
  store = vigil_store_open (tmp.path, &error);
  g_assert_null (store);
  g_assert_error (error, VIGIL_STORE_ERROR, VIGIL_STORE_ERROR_OPEN);
  g_assert_nonnull (strstr (error->message, "not a Vigil archive"));
  g_clear_error (&error);
  /* and left as it was */
  db = raw_open (tmp.path);
  {
    sqlite3_stmt *stmt = NULL;
    g_assert_cmpint (sqlite3_prepare_v2 (db, "PRAGMA journal_mode", -1, &stmt, NULL), ==, SQLITE_OK);
    g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
    g_assert_cmpstr ((const char *) sqlite3_column_text (stmt, 0), ==, "delete");
    sqlite3_finalize (stmt);
  }
  g_assert_cmpint (raw_int (db, "PRAGMA user_version"), ==, 0);
  sqlite3_close (db);

  /* a folder that does not exist */
  store = vigil_store_open ("/nonexistent-vigil-dir/x/archive.db", &error);
  g_assert_null (store);
  g_assert_error (error, VIGIL_STORE_ERROR, VIGIL_STORE_ERROR_OPEN);
}

static void
test_fts (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(VigilStore) store = vigil_store_open (store_test_new_uri (), &error);
  g_autoptr(GPtrArray) posts = posts_new ();
  g_autoptr(GArray) ids = NULL;
  VigilPost *titled;
  const char *hostile[] = {
    "\"", "\"\"", "\"\"\"", "'", "(", ")", "()", "(a OR", "a OR )", "NEAR(a b)", "NEAR(a b, 2)",
    "text:apple", "author:alice", "{text author}:apple", "-text:apple", "^apple", "a AND", "AND",
    "NOT", "OR OR OR", "a NOT NOT b", "*", "**", "a*b*", "\"a\"*\"b\"", "apple\"*", "a:b:c",
    "'; DROP TABLE posts; --", "\\", "%", "_", "\x01\x02", "a\xff" "b", "🍎", "🍎*", "NEAR", "a + b",
    "col:", ":", "-", "--", "-\"\"", "\"NOT\"", "a \"OR\" b", "@alice", "#acme", "résumé\"",
  };

  g_ptr_array_add (posts, make_post (VIGIL_PLATFORM_MASTODON, "1", "alice", "Mon résumé est prêt", 1));
  g_ptr_array_add (posts, make_post (VIGIL_PLATFORM_MASTODON, "2", "bob", "apple pie recipe", 2));
  g_ptr_array_add (posts, make_post (VIGIL_PLATFORM_BLUESKY, "3", "carol.bsky.social", "banana bread", 3));
  g_ptr_array_add (posts, make_post (VIGIL_PLATFORM_FEED, "4", "dave", "fruit salad with apple and kiwi", 4));
  titled = make_post (VIGIL_PLATFORM_FEED, "5", "erin", "body text", 5);
  vigil_post_set_title (titled, "Quarterly Zeppelin report");
  g_ptr_array_add (posts, titled);
  insert_ok (store, posts, NULL);

  /* diacritics */
  g_assert_cmpuint (search_count (store, "resume"), ==, 1);
  g_assert_cmpuint (search_count (store, "RÉSUMÉ"), ==, 1);
  g_assert_cmpuint (search_count (store, "pret"), ==, 1);
  /* prefix */
  g_assert_cmpuint (search_count (store, "resu*"), ==, 1);
  g_assert_cmpuint (search_count (store, "resu"), ==, 0);
  g_assert_cmpuint (search_count (store, "ban*"), ==, 1);
  /* operators */
  g_assert_cmpuint (search_count (store, "apple OR banana"), ==, 3);
  g_assert_cmpuint (search_count (store, "apple NOT fruit"), ==, 1);
  g_assert_cmpuint (search_count (store, "apple -fruit"), ==, 1);
  g_assert_cmpuint (search_count (store, "apple kiwi"), ==, 1);
  g_assert_cmpuint (search_count (store, "\"pie recipe\""), ==, 1);
  g_assert_cmpuint (search_count (store, "\"recipe pie\""), ==, 0);
  /* author, author name, tags, title */
  g_assert_cmpuint (search_count (store, "carol"), ==, 1);
  g_assert_cmpuint (search_count (store, "person"), ==, 5);
  g_assert_cmpuint (search_count (store, "acme"), ==, 5);
  g_assert_cmpuint (search_count (store, "zeppelin"), ==, 1);
  /* nothing searchable: everything */
  g_assert_cmpuint (search_count (store, "()"), ==, 5);

  for (guint i = 0; i < G_N_ELEMENTS (hostile); i++)
    {
      g_autoptr(GArray) found = search (store, hostile[i]);
      g_assert_nonnull (found);
    }

  /* random bytes from the FTS5 alphabet never make an error */
  {
    const char alphabet[] = "ab \"*():^-+ORNOTANDNEAR{}'\\,";
    g_autoptr(GRand) rand = g_rand_new_with_seed (42);

    for (guint i = 0; i < 500; i++)
      {
        char buf[24];
        guint len = g_rand_int_range (rand, 1, sizeof buf);
        g_autoptr(GArray) found = NULL;

        for (guint j = 0; j < len; j++)
          buf[j] = alphabet[g_rand_int_range (rand, 0, sizeof alphabet - 1)];
        buf[len] = '\0';
        found = search (store, buf);
      }
  }

  ids = search (store, "apple");
  g_assert_cmpuint (ids->len, ==, 2);
  /* newest created first */
  g_assert_cmpint (g_array_index (ids, gint64, 0), ==, 4);
  g_assert_cmpint (g_array_index (ids, gint64, 1), ==, 2);
}

static void
test_filters (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(VigilStore) store = vigil_store_open (store_test_new_uri (), &error);
  g_autoptr(GPtrArray) posts = posts_new ();
  g_autoptr(VigilSearchQuery) query = vigil_search_query_new ();
  g_autoptr(GArray) ids = NULL;

  /* arrival order differs from created order on purpose */
  g_ptr_array_add (posts, make_post (VIGIL_PLATFORM_MASTODON, "1", "Alice@Example.org", "one", 5));
  g_ptr_array_add (posts, make_post (VIGIL_PLATFORM_MASTODON, "2", "bob@example.org", "two", 1));
  g_ptr_array_add (posts, make_post (VIGIL_PLATFORM_BLUESKY, "3", "alice@example.org", "three", 9));
  g_ptr_array_add (posts, make_post (VIGIL_PLATFORM_MASTODON, "4", "alice@example.org", "four", 3));
  g_ptr_array_add (posts, vigil_post_new (VIGIL_PLATFORM_FEED, "5"));
  insert_ok (store, posts, NULL);
  g_clear_pointer (&posts, g_ptr_array_unref);
  posts = posts_new ();
  /* the author filter must not match a handle that merely contains it */
  g_ptr_array_add (posts, make_post (VIGIL_PLATFORM_MASTODON, "6", "bob.alice@example.org", "six", 2));
  /* nor miss a handle with no letter in it */
  g_ptr_array_add (posts, make_post (VIGIL_PLATFORM_FEED, "7", "@_@", "seven", 2));
  insert_ok (store, posts, NULL);

  /* no filter: created_at desc, then id desc; unknown dates last */
  ids = vigil_store_search_ids (store, query, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (ids->len, ==, 7);
  g_assert_cmpint (g_array_index (ids, gint64, 0), ==, 3);
  g_assert_cmpint (g_array_index (ids, gint64, 1), ==, 1);
  g_assert_cmpint (g_array_index (ids, gint64, 2), ==, 4);
  g_assert_cmpint (g_array_index (ids, gint64, 3), ==, 7);
  g_assert_cmpint (g_array_index (ids, gint64, 4), ==, 6);
  g_assert_cmpint (g_array_index (ids, gint64, 5), ==, 2);
  g_assert_cmpint (g_array_index (ids, gint64, 6), ==, 5);
  g_clear_pointer (&ids, g_array_unref);

  /* NULL query too */
  ids = vigil_store_search_ids (store, NULL, &error);
  g_assert_cmpuint (ids->len, ==, 7);
  g_clear_pointer (&ids, g_array_unref);

  /* by arrival */
  query->by_arrival = TRUE;
  ids = vigil_store_search_ids (store, query, &error);
  g_assert_cmpint (g_array_index (ids, gint64, 0), ==, 7);
  g_assert_cmpint (g_array_index (ids, gint64, 6), ==, 1);
  g_clear_pointer (&ids, g_array_unref);

  /* after_id and limit */
  query->after_id = 4;
  query->limit = 2;
  ids = vigil_store_search_ids (store, query, &error);
  g_assert_cmpuint (ids->len, ==, 2);
  g_assert_cmpint (g_array_index (ids, gint64, 0), ==, 7);
  g_assert_cmpint (g_array_index (ids, gint64, 1), ==, 6);
  g_clear_pointer (&ids, g_array_unref);
  query->after_id = 0;
  query->limit = 0;
  query->by_arrival = FALSE;

  /* platform */
  query->platform = VIGIL_PLATFORM_MASTODON;
  ids = vigil_store_search_ids (store, query, &error);
  g_assert_cmpuint (ids->len, ==, 4);
  g_clear_pointer (&ids, g_array_unref);

  /* author, case-insensitive, with or without a leading @ */
  query->author = g_strdup ("@ALICE@example.ORG");
  ids = vigil_store_search_ids (store, query, &error);
  g_assert_cmpuint (ids->len, ==, 2);
  g_assert_cmpint (g_array_index (ids, gint64, 0), ==, 1);
  g_assert_cmpint (g_array_index (ids, gint64, 1), ==, 4);
  g_clear_pointer (&ids, g_array_unref);
  query->platform = VIGIL_PLATFORM_UNKNOWN;
  g_free (query->author);
  query->author = g_strdup ("@_@");
  ids = vigil_store_search_ids (store, query, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (ids->len, ==, 1);
  g_assert_cmpint (g_array_index (ids, gint64, 0), ==, 7);
  g_clear_pointer (&ids, g_array_unref);
  g_free (query->author);
  query->author = g_strdup ("ALICE@example.org");

  /* since (inclusive) / until (exclusive) */
  query->since = g_date_time_new_utc (2026, 11, 3, 12, 0, 0.25);
  query->until = g_date_time_new_utc (2026, 11, 9, 12, 0, 0.25);
  ids = vigil_store_search_ids (store, query, &error);
  g_assert_cmpuint (ids->len, ==, 2);
  g_assert_cmpint (g_array_index (ids, gint64, 0), ==, 1);
  g_assert_cmpint (g_array_index (ids, gint64, 1), ==, 4);
  g_clear_pointer (&ids, g_array_unref);

  /* with text */
  query->text = g_strdup ("four");
  ids = vigil_store_search_ids (store, query, &error);
  g_assert_cmpuint (ids->len, ==, 1);
  g_assert_cmpint (g_array_index (ids, gint64, 0), ==, 4);
}

static void
collect_cb (VigilPost *post,
            gpointer   user_data)
{
  g_ptr_array_add (user_data, g_object_ref (post));
}

static void
test_reads (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(VigilStore) store = vigil_store_open (store_test_new_uri (), &error);
  g_autoptr(GPtrArray) range = NULL;
  g_autoptr(GPtrArray) posts = NULL;
  g_autoptr(GPtrArray) visited = posts_new ();
  g_autoptr(VigilSearchQuery) query = vigil_search_query_new ();
  gint64 ids[] = { 7, 999, 2, 7 };

  insert_many (store, "r", 30);

  range = vigil_store_get_range (store, 5, 20, 4, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (range->len, ==, 4);
  g_assert_cmpint (vigil_post_get_id (g_ptr_array_index (range, 0)), ==, 20);
  g_assert_cmpint (vigil_post_get_id (g_ptr_array_index (range, 3)), ==, 17);
  g_clear_pointer (&range, g_ptr_array_unref);
  range = vigil_store_get_range (store, 25, 100, 0, &error);
  g_assert_cmpuint (range->len, ==, 6);

  posts = vigil_store_get_posts (store, ids, G_N_ELEMENTS (ids), &error);
  g_assert_no_error (error);
  g_assert_cmpuint (posts->len, ==, 3);
  g_assert_cmpint (vigil_post_get_id (g_ptr_array_index (posts, 0)), ==, 7);
  g_assert_cmpint (vigil_post_get_id (g_ptr_array_index (posts, 1)), ==, 2);
  g_assert_cmpstr (vigil_post_get_remote_id (g_ptr_array_index (posts, 0)), ==, "r-6");

  query->by_arrival = TRUE;
  query->text = g_strdup ("post");
  g_assert_true (vigil_store_foreach (store, query, collect_cb, visited, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (visited->len, ==, 30);
  for (guint i = 0; i < visited->len; i++)
    g_assert_cmpint (vigil_post_get_id (g_ptr_array_index (visited, i)), ==, 30 - i);

  g_ptr_array_set_size (visited, 0);
  g_assert_true (vigil_store_foreach (store, NULL, collect_cb, visited, &error));
  g_assert_cmpuint (visited->len, ==, 30);
  /* created_at desc: day 28 (i = 27) first */
  g_assert_cmpstr (vigil_post_get_remote_id (g_ptr_array_index (visited, 0)), ==, "r-27");
}

static void
logged_cb (GObject      *object,
           GAsyncResult *result,
           gpointer      user_data)
{
  g_autoptr(GError) error = NULL;

  g_assert_true (vigil_store_log_access_finish (VIGIL_STORE (object), result, &error));
  g_assert_no_error (error);
  *(gboolean *) user_data = TRUE;
}

static void
test_access_log (void)
{
  gboolean done = FALSE;
  g_auto(TmpStore) tmp = { 0 };
  g_autoptr(GError) error = NULL;
  g_autoptr(VigilStore) store = NULL;
  g_autofree char *huge = g_strnfill (200000, 'x');
  sqlite3 *db;
  sqlite3_stmt *stmt = NULL;

  tmp_store_init (&tmp);
  store = vigil_store_open (tmp.path, &error);
  g_assert_no_error (error);
  g_assert_true (vigil_store_log_access (store, "nurse", "search", "query=acme", &error));
  g_assert_true (vigil_store_log_access (store, "hr", "export", NULL, &error));
  g_assert_true (vigil_store_log_access (store, "x", "detail too long", huge, &error));
  g_assert_no_error (error);

  /* the GUI's way: queued, the caller goes on */
  vigil_store_log_access_async (store, "nurse", "search", "text=refund*", NULL, logged_cb, &done);
  while (!done)
    g_main_context_iteration (NULL, TRUE);

  db = raw_open (tmp.path);
  g_assert_cmpint (raw_int (db, "SELECT count(*) FROM access_log"), ==, 4);
  g_assert_cmpint (raw_int (db, "SELECT count(*) FROM access_log WHERE detail = 'text=refund*'"), ==, 1);
  g_assert_cmpint (raw_int (db, "SELECT max(length(detail)) FROM access_log"), ==, 64 * 1024);
  g_assert_cmpint (sqlite3_prepare_v2 (db, "SELECT actor, action, detail, at_us FROM access_log ORDER BY id",
                                       -1, &stmt, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
  g_assert_cmpstr ((const char *) sqlite3_column_text (stmt, 0), ==, "nurse");
  g_assert_cmpstr ((const char *) sqlite3_column_text (stmt, 1), ==, "search");
  g_assert_cmpstr ((const char *) sqlite3_column_text (stmt, 2), ==, "query=acme");
  g_assert_cmpint (sqlite3_column_int64 (stmt, 3), >, 0);
  sqlite3_finalize (stmt);
  sqlite3_close (db);
}

static void
test_cursor (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(VigilStore) store = vigil_store_open (store_test_new_uri (), &error);
  g_autofree char *a = NULL;
  g_autofree char *b = NULL;
  g_autofree char *c = NULL;
  g_autofree char *d = NULL;

  a = vigil_store_get_cursor (store, "mastodon:home", &error);
  g_assert_no_error (error);
  g_assert_null (a);
  g_assert_true (vigil_store_set_cursor (store, "mastodon:home", "113000", &error));
  g_assert_true (vigil_store_set_cursor (store, "jetstream", "1732300000000000", &error));
  g_assert_no_error (error);
  b = vigil_store_get_cursor (store, "mastodon:home", &error);
  g_assert_cmpstr (b, ==, "113000");
  g_assert_true (vigil_store_set_cursor (store, "mastodon:home", "113999", &error));
  c = vigil_store_get_cursor (store, "mastodon:home", &error);
  g_assert_cmpstr (c, ==, "113999");
  d = vigil_store_get_cursor (store, "jetstream", &error);
  g_assert_cmpstr (d, ==, "1732300000000000");
}

typedef struct
{
  GMainLoop              *loop;
  VigilStoreInsertResult  result;
  gboolean                done;
  guint                   n_changed;
  gint64                  last_id;
  guint                   n_added;
  guint                   n_events;
  GThread                *thread;
} AsyncData;

static void
on_changed_cb (VigilStore *store,
               gint64      last_id,
               guint       n_added,
               guint       n_events,
               AsyncData  *data)
{
  g_assert_true (data->thread == g_thread_self ());
  data->n_changed++;
  data->last_id = last_id;
  data->n_added += n_added;
  data->n_events += n_events;
  if (data->done)
    g_main_loop_quit (data->loop);
}

static void
inserted_cb (GObject      *object,
             GAsyncResult *result,
             gpointer      user_data)
{
  AsyncData *data = user_data;
  g_autoptr(GError) error = NULL;

  g_assert_true (data->thread == g_thread_self ());
  g_assert_true (vigil_store_insert_finish (VIGIL_STORE (object), result, &data->result, &error));
  g_assert_no_error (error);
  data->done = TRUE;
  if (data->n_changed > 0)
    g_main_loop_quit (data->loop);
}

static gboolean
guard_timeout_cb (gpointer user_data)
{
  g_error ("the main loop did not finish in 30 s");
  return G_SOURCE_REMOVE;
}

static void
test_async (void)
{
  g_autoptr(GError) error = NULL;
  g_auto(TmpStore) tmp = { 0 };
  g_autoptr(VigilStore) store = NULL;
  g_autoptr(GPtrArray) posts = posts_new ();
  g_autoptr(GPtrArray) none = posts_new ();
  AsyncData data = { 0 };
  guint guard;

  tmp_store_init (&tmp);
  store = vigil_store_open (tmp.path, &error);
  g_assert_no_error (error);
  data.loop = g_main_loop_new (NULL, FALSE);
  data.thread = g_thread_self ();
  g_signal_connect (store, "changed", G_CALLBACK (on_changed_cb), &data);

  for (guint i = 0; i < 50; i++)
    {
      g_autofree char *id = g_strdup_printf ("a%u", i);
      g_ptr_array_add (posts, make_post (VIGIL_PLATFORM_BLUESKY, id, "alice", "async", 1));
    }
  g_ptr_array_add (posts, make_event (VIGIL_PLATFORM_BLUESKY, "a3", VIGIL_POST_EVENT_DELETE, NULL));

  guard = g_timeout_add_seconds (30, guard_timeout_cb, NULL);
  vigil_store_insert_async (store, posts, NULL, inserted_cb, &data);
  g_main_loop_run (data.loop);
  g_source_remove (guard);

  g_assert_cmpuint (data.result.added, ==, 50);
  g_assert_cmpuint (data.result.deletes, ==, 1);
  g_assert_cmpint (data.result.last_id, ==, 50);
  g_assert_cmpuint (data.n_changed, ==, 1);
  g_assert_cmpint (data.last_id, ==, 50);
  g_assert_cmpuint (data.n_added, ==, 50);
  g_assert_cmpuint (data.n_events, ==, 1);
  g_assert_cmpint (vigil_post_get_id (g_ptr_array_index (posts, 49)), ==, 50);
  /* the read connection sees the commit */
  g_assert_cmpint (vigil_store_count_posts (store, NULL), ==, 50);

  /* a write that archives nothing emits nothing */
  insert_ok (store, none, NULL);
  insert_ok (store, posts, NULL);
  while (g_main_context_iteration (NULL, FALSE))
    ;
  g_assert_cmpuint (data.n_changed, ==, 1);

  g_main_loop_unref (data.loop);
  g_assert_finalize_object (g_steal_pointer (&store));
}

static void
cancelled_cb (GObject      *object,
              GAsyncResult *result,
              gpointer      user_data)
{
  GError **error = user_data;
  VigilStoreInsertResult res;

  g_assert_false (vigil_store_insert_finish (VIGIL_STORE (object), result, &res, error));
}

static void
test_async_cancelled (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(VigilStore) store = vigil_store_open (store_test_new_uri (), &error);
  g_autoptr(GPtrArray) posts = posts_new ();
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();

  g_ptr_array_add (posts, make_post (VIGIL_PLATFORM_MASTODON, "c1", "alice", "never", 1));
  g_cancellable_cancel (cancellable);
  vigil_store_insert_async (store, posts, cancellable, cancelled_cb, &error);
  while (error == NULL)
    g_main_context_iteration (NULL, TRUE);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_assert_cmpint (vigil_store_count_posts (store, NULL), ==, 0);
}

static void
test_two_writers (void)
{
  g_auto(TmpStore) tmp = { 0 };
  g_autoptr(GError) error = NULL;
  g_autoptr(VigilStore) a = NULL;
  g_autoptr(VigilStore) b = NULL;
  VigilStoreVerifyResult verify = { 0 };

  /* two Vigil processes on one file (the GUI and vigil-cli ingest) */
  tmp_store_init (&tmp);
  a = vigil_store_open (tmp.path, &error);
  g_assert_no_error (error);
  b = vigil_store_open (tmp.path, &error);
  g_assert_no_error (error);

  for (guint round = 0; round < 4; round++)
    {
      g_autofree char *pa = g_strdup_printf ("a%u", round);
      g_autofree char *pb = g_strdup_printf ("b%u", round);
      g_autoptr(GPtrArray) del = posts_new ();

      insert_many (a, pa, 3);
      insert_many (b, pb, 2);
      g_ptr_array_add (del, make_event (VIGIL_PLATFORM_MASTODON, "x", VIGIL_POST_EVENT_DELETE, NULL));
      g_ptr_array_add (del, make_event (VIGIL_PLATFORM_MASTODON, pa, VIGIL_POST_EVENT_DELETE, NULL));
      insert_ok (round % 2 ? a : b, del, NULL);
    }

  g_assert_cmpint (vigil_store_count_posts (a, NULL), ==, 20);
  g_assert_cmpint (vigil_store_get_last_id (b), ==, 20);
  g_assert_true (vigil_store_verify (a, &verify, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (verify.posts, ==, 20);
  g_assert_cmpuint (verify.events, ==, 5);
  vigil_store_verify_result_clear (&verify);
}

static void
on_external_changed_cb (VigilStore *store,
                        gint64      last_id,
                        guint       n_added,
                        guint       n_events,
                        AsyncData  *data)
{
  data->n_changed++;
  data->last_id = last_id;
  data->n_added += n_added;
  data->n_events += n_events;
  if (data->n_added >= 5 && data->n_events >= 1)
    g_main_loop_quit (data->loop);
}

static void
test_watch_external (void)
{
  g_auto(TmpStore) tmp = { 0 };
  g_autoptr(GError) error = NULL;
  g_autoptr(VigilStore) gui = NULL;
  g_autoptr(VigilStore) cli = NULL;
  g_autoptr(GPtrArray) del = posts_new ();
  AsyncData data = { 0 };
  guint guard;

  /* the app watches; another process (here another store) writes */
  tmp_store_init (&tmp);
  gui = vigil_store_open (tmp.path, &error);
  g_assert_no_error (error);
  insert_many (gui, "own", 2);
  while (g_main_context_iteration (NULL, FALSE))
    ;  /* deliver the store's own "changed" before we listen */
  vigil_store_watch_external (gui, 20);
  g_signal_connect (gui, "changed", G_CALLBACK (on_external_changed_cb), &data);

  cli = vigil_store_open (tmp.path, &error);
  g_assert_no_error (error);
  insert_many (cli, "other", 5);
  g_ptr_array_add (del, make_event (VIGIL_PLATFORM_MASTODON, "other0", VIGIL_POST_EVENT_DELETE, NULL));
  insert_ok (cli, del, NULL);

  data.loop = g_main_loop_new (NULL, FALSE);
  guard = g_timeout_add_seconds (30, guard_timeout_cb, NULL);
  g_main_loop_run (data.loop);
  g_source_remove (guard);
  g_main_loop_unref (data.loop);

  /* the two own posts were never announced again: only the other's work */
  g_assert_cmpuint (data.n_added, ==, 5);
  g_assert_cmpuint (data.n_events, ==, 1);
  g_assert_cmpint (data.last_id, ==, 7);
}

static void
test_unref_with_pending_signal (void)
{
  g_autoptr(GError) error = NULL;
  VigilStore *store = vigil_store_open (store_test_new_uri (), &error);

  g_assert_no_error (error);
  insert_many (store, "p", 5);
  /* the "changed" idle is still queued: the store goes away all the same */
  g_assert_finalize_object (store);
  while (g_main_context_iteration (NULL, FALSE))
    ;
}

int
main (int   argc,
      char *argv[])
{
  store_test_init (&argc, &argv, TRUE);

  store_test_add ("/vigil/store/open-memory", test_open_memory);
  /* SQLite only: the default path is a SQLite file. */
  store_test_add_sqlite_only ("/vigil/store/default-path", test_default_path);
  store_test_add ("/vigil/store/dedupe", test_dedupe);
  store_test_add ("/vigil/store/edit-delete", test_edit_delete);
  /* SQLite only: SQLite's append-only triggers; on PostgreSQL tests/core/team/ checks the database refuses UPDATE. */
  store_test_add_sqlite_only ("/vigil/store/append-only", test_append_only);
  /* SQLite only: the SQLite file and its user_version. */
  store_test_add_sqlite_only ("/vigil/store/migrate/new-and-empty", test_migrate_new_and_empty);
  /* SQLite only: the SQLite file's user_version. */
  store_test_add_sqlite_only ("/vigil/store/migrate/too-new", test_too_new);
  /* SQLite only: a file that is not SQLite. */
  store_test_add_sqlite_only ("/vigil/store/open/not-a-database", test_not_a_database);
  store_test_add ("/vigil/store/fts", test_fts);
  store_test_add ("/vigil/store/filters", test_filters);
  store_test_add ("/vigil/store/reads", test_reads);
  /* SQLite only: reads the SQLite file; on PostgreSQL the actor is the connecting role (tests/core/team/). */
  store_test_add_sqlite_only ("/vigil/store/access-log", test_access_log);
  store_test_add ("/vigil/store/cursor", test_cursor);
  store_test_add ("/vigil/store/async", test_async);
  store_test_add ("/vigil/store/async-cancelled", test_async_cancelled);
  store_test_add ("/vigil/store/two-writers", test_two_writers);
  store_test_add ("/vigil/store/watch-external", test_watch_external);
  store_test_add ("/vigil/store/unref-with-pending-signal", test_unref_with_pending_signal);

  return g_test_run ();
}

/* test-store-chain.c: the hash chain catches what raw SQL does to the archive
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include "store-test-util.h"
#include "vigil-store-private.h"

/* Archives 10 posts and 1 edit event in a file, then closes it. */
static void
make_chain_file (TmpStore *tmp)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(VigilStore) store = NULL;
  g_autoptr(GPtrArray) edit = posts_new ();
  VigilStoreVerifyResult verify = { 0 };

  tmp_store_init (tmp);
  store = vigil_store_open (tmp->path, &error);
  g_assert_no_error (error);
  insert_many (store, "c", 6);
  g_ptr_array_add (edit, make_event (VIGIL_PLATFORM_MASTODON, "c-2", VIGIL_POST_EVENT_EDIT, "edited"));
  insert_ok (store, edit, NULL);
  insert_many (store, "d", 4);
  g_assert_true (vigil_store_verify (store, &verify, &error));
  g_assert_no_error (error);
  g_assert_true (verify.ok);
  g_assert_null (verify.first_broken);
  g_assert_cmpuint (verify.posts, ==, 10);
  g_assert_cmpuint (verify.events, ==, 1);
  vigil_store_verify_result_clear (&verify);
  g_assert_finalize_object (g_steal_pointer (&store));
}

/* Runs sql as an attacker would (triggers dropped or disabled), then verifies. */
static char *
tamper_and_verify (TmpStore   *tmp,
                   const char *sql)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(VigilStore) store = NULL;
  VigilStoreVerifyResult verify = { 0 };
  char *broken;

  raw_tamper (tmp->path, "DROP TRIGGER posts_no_update; DROP TRIGGER posts_no_delete;"
                         "DROP TRIGGER events_no_update; DROP TRIGGER events_no_delete;", sql);

  store = vigil_store_open (tmp->path, &error);
  g_assert_no_error (error);
  g_assert_true (vigil_store_verify (store, &verify, &error));
  g_assert_no_error (error);
  g_assert_false (verify.ok);
  g_assert_nonnull (verify.first_broken);
  g_assert_null (verify.head_hash);
  g_test_message ("%s", verify.first_broken);
  broken = g_steal_pointer (&verify.first_broken);
  vigil_store_verify_result_clear (&verify);
  return broken;
}

static void
test_chain_edited_row (void)
{
  g_auto(TmpStore) tmp = { 0 };
  g_autofree char *broken = NULL;

  make_chain_file (&tmp);
  broken = tamper_and_verify (&tmp, "UPDATE posts SET text = 'forged' WHERE id = 5");
  g_assert_true (g_str_has_prefix (broken, "posts row 5 (mastodon c-4, archived "));
  g_assert_nonnull (strstr (broken, "altered"));
}

/* An attacker who alters a row and recomputes that row's hash: the row
 * checks out alone, but the next one no longer follows it. */
static void
test_chain_rehashed_row (void)
{
  g_auto(TmpStore) tmp = { 0 };
  g_autoptr(GChecksum) sum = g_checksum_new (G_CHECKSUM_SHA256);
  g_autoptr(GError) error = NULL;
  g_autoptr(VigilStore) store = NULL;
  VigilStoreVerifyResult verify = { 0 };
  VigilChainField fields[VIGIL_POSTS_N_CHAIN_COLUMNS];
  guint8 hash[VIGIL_HASH_LEN];
  sqlite3_stmt *stmt = NULL;
  sqlite3 *db;

  make_chain_file (&tmp);
  db = raw_open (tmp.path);
  raw_exec (db, "DROP TRIGGER posts_no_update;"
                "UPDATE posts SET text = 'forged' WHERE id = 5");
  g_assert_cmpint (sqlite3_prepare_v2 (db, "SELECT " VIGIL_POSTS_CHAIN_COLUMNS ", prev_hash "
                                           "FROM posts WHERE id = 5", -1, &stmt, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
  for (guint i = 0; i < VIGIL_POSTS_N_CHAIN_COLUMNS; i++)
    {
      fields[i].type = sqlite3_column_type (stmt, i);
      fields[i].i = sqlite3_column_int64 (stmt, i);
      fields[i].s = (const char *) sqlite3_column_text (stmt, i);
      fields[i].len = sqlite3_column_bytes (stmt, i);
    }
  _vigil_chain_hash_row (sum, VIGIL_CHAIN_LABEL_POSTS, sqlite3_column_blob (stmt, VIGIL_POSTS_N_CHAIN_COLUMNS),
                         fields, VIGIL_POSTS_N_CHAIN_COLUMNS, hash);
  sqlite3_finalize (stmt);
  g_assert_cmpint (sqlite3_prepare_v2 (db, "UPDATE posts SET hash = ? WHERE id = 5", -1, &stmt, NULL),
                   ==, SQLITE_OK);
  sqlite3_bind_blob (stmt, 1, hash, sizeof hash, SQLITE_STATIC);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_DONE);
  sqlite3_finalize (stmt);
  sqlite3_close (db);

  store = vigil_store_open (tmp.path, &error);
  g_assert_no_error (error);
  g_assert_true (vigil_store_verify (store, &verify, &error));
  g_assert_no_error (error);
  g_assert_false (verify.ok);
  g_test_message ("%s", verify.first_broken);
  g_assert_true (g_str_has_prefix (verify.first_broken, "posts row 6 (mastodon c-5, archived "));
  g_assert_nonnull (strstr (verify.first_broken, "does not follow"));
  g_assert_cmpuint (verify.posts, ==, 5);
  vigil_store_verify_result_clear (&verify);
}

static void
test_chain_edited_metric (void)
{
  g_auto(TmpStore) tmp = { 0 };
  g_autofree char *broken = NULL;

  make_chain_file (&tmp);
  /* forged engagement; and (SQLite, whose columns take any type) a value of
   * another type that prints the same */
  broken = tamper_and_verify (&tmp, store_test_is_pg ()
                                    ? "UPDATE posts SET likes = likes + 1000 WHERE id = 8"
                                    : "UPDATE posts SET likes = likes + 1000 WHERE id = 8;"
                                      "UPDATE posts SET lang = X'656e' WHERE id = 9");
  g_assert_true (g_str_has_prefix (broken, "posts row 8 (mastodon d-1, archived "));
}

static void
test_chain_edited_event (void)
{
  g_auto(TmpStore) tmp = { 0 };
  g_autofree char *broken = NULL;

  make_chain_file (&tmp);
  broken = tamper_and_verify (&tmp, "UPDATE events SET text = 'never said that'");
  g_assert_true (g_str_has_prefix (broken, "events row 1 (mastodon c-2, archived "));
}

static void
test_chain_deleted_row (void)
{
  g_auto(TmpStore) tmp = { 0 };
  g_autofree char *broken = NULL;

  make_chain_file (&tmp);
  broken = tamper_and_verify (&tmp, "DELETE FROM posts WHERE id = 4");
  g_assert_true (g_str_has_prefix (broken, "posts row 5 (mastodon c-4, archived "));
  g_assert_nonnull (strstr (broken, "were removed"));
}

static void
test_chain_deleted_event (void)
{
  g_auto(TmpStore) tmp = { 0 };
  g_autofree char *broken = NULL;

  make_chain_file (&tmp);
  broken = tamper_and_verify (&tmp, "DELETE FROM events");
  g_assert_true (g_str_has_prefix (broken, "posts row 7 (mastodon d-0, archived "));
}

static void
test_chain_deleted_tail (void)
{
  g_auto(TmpStore) tmp = { 0 };
  g_autofree char *broken = NULL;

  make_chain_file (&tmp);
  broken = tamper_and_verify (&tmp, "DELETE FROM posts WHERE id >= 9");
  g_assert_true (g_str_has_prefix (broken, "chain head"));
  g_assert_nonnull (strstr (broken, "removed"));
}

static void
test_chain_head_altered (void)
{
  g_auto(TmpStore) tmp = { 0 };
  g_autofree char *broken = NULL;

  make_chain_file (&tmp);
  /* rows removed from the end and the head's count lowered to match */
  broken = tamper_and_verify (&tmp, "DELETE FROM posts WHERE id = 10;"
                                    "UPDATE chain_head SET count = count - 1");
  g_assert_true (g_str_has_prefix (broken, "chain head"));
}

static char *
verify_ok (VigilStore *store,
           guint64     n_posts)
{
  g_autoptr(GError) error = NULL;
  VigilStoreVerifyResult verify = { 0 };
  char *head;

  g_assert_true (vigil_store_verify (store, &verify, &error));
  g_assert_no_error (error);
  if (!verify.ok)
    g_error ("chain broken: %s", verify.first_broken);
  g_assert_cmpuint (verify.posts, ==, n_posts);
  head = g_steal_pointer (&verify.head_hash);
  vigil_store_verify_result_clear (&verify);
  return head;
}

/* An archive written at format 2 (before author_profiles) upgrades to the
 * current format, still verifies with the same head, keeps its posts'
 * profiles unknown, and continues its chain with posts that carry one. */
static void
test_chain_format2_upgrade (void)
{
  g_auto(TmpStore) tmp = { 0 };
  g_autoptr(GError) error = NULL;
  g_autoptr(VigilStore) store = NULL;
  g_autoptr(GPtrArray) posts = posts_new ();
  g_autoptr(GDateTime) account_created = g_date_time_new_utc (2026, 11, 18, 6, 30, 0);
  g_autoptr(VigilPost) old_post = NULL;
  g_autoptr(VigilPost) new_post = NULL;
  g_autofree char *head2 = NULL;
  g_autofree char *head_upgraded = NULL;
  g_autofree char *head3 = NULL;
  VigilPost *post;
  sqlite3 *db;

  tmp_store_init (&tmp);
  store = vigil_store_open (tmp.path, &error);
  g_assert_no_error (error);
  insert_many (store, "old", 5);
  head2 = verify_ok (store, 5);
  g_assert_finalize_object (g_steal_pointer (&store));

  /* back to the format-2 layout: migrations 1 and 2 are unchanged, so the
   * file is now what a format-2 Vigil wrote */
  db = raw_open (tmp.path);
  g_assert_cmpint (raw_int (db, "SELECT count(*) FROM author_profiles"), ==, 0);
  raw_exec (db, "DROP TABLE author_profiles; DROP TABLE records; DROP TABLE journal_head; "
                "DROP TABLE blobs; DROP TABLE audit_chain; DROP TABLE audit_head; "
                "DROP TABLE tombstones; DROP TRIGGER posts_no_update; DROP TRIGGER events_no_update; "
                "CREATE TRIGGER posts_no_update BEFORE UPDATE ON posts BEGIN "
                "SELECT RAISE (ABORT, 'vigil archive is append-only'); END; "
                "CREATE TRIGGER events_no_update BEFORE UPDATE ON events BEGIN "
                "SELECT RAISE (ABORT, 'vigil archive is append-only'); END; "
                "PRAGMA user_version = 2;");
  g_assert_cmpint (raw_int (db, "SELECT count(*) FROM sqlite_master WHERE name = 'author_profiles'"), ==, 0);
  sqlite3_close (db);

  store = vigil_store_open (tmp.path, &error);
  g_assert_no_error (error);
  head_upgraded = verify_ok (store, 5);
  g_assert_cmpstr (head_upgraded, ==, head2);
  db = raw_open (tmp.path);
  g_assert_cmpint (raw_int (db, "PRAGMA user_version"), ==, _vigil_store_schema_version ());
  sqlite3_close (db);

  old_post = get_post (store, 1);
  g_assert_cmpint (vigil_post_get_author_following (old_post), ==, -1);
  g_assert_null (vigil_post_get_author_created_at (old_post));
  g_assert_cmpint (vigil_post_get_author_has_avatar (old_post), ==, VIGIL_TRISTATE_UNKNOWN);
  g_assert_cmpint (vigil_post_get_author_has_bio (old_post), ==, VIGIL_TRISTATE_UNKNOWN);

  post = make_post (VIGIL_PLATFORM_MASTODON, "new-1", "acme_supp0rt@evil.example", "DM us your card number", 21);
  vigil_post_set_author_followers (post, 3);
  vigil_post_set_author_following (post, 900);
  vigil_post_set_author_created_at (post, account_created);
  vigil_post_set_author_has_avatar (post, VIGIL_TRISTATE_NO);
  vigil_post_set_author_has_bio (post, VIGIL_TRISTATE_YES);
  g_ptr_array_add (posts, post);
  insert_ok (store, posts, NULL);
  head3 = verify_ok (store, 6);
  g_assert_cmpstr (head3, !=, head2);

  new_post = get_post (store, 6);
  g_assert_cmpstr (vigil_post_get_remote_id (new_post), ==, "new-1");
  g_assert_cmpint (vigil_post_get_author_following (new_post), ==, 900);
  g_assert_true (g_date_time_equal (vigil_post_get_author_created_at (new_post), account_created));
  g_assert_cmpint (vigil_post_get_author_has_avatar (new_post), ==, VIGIL_TRISTATE_NO);
  g_assert_cmpint (vigil_post_get_author_has_bio (new_post), ==, VIGIL_TRISTATE_YES);
  g_assert_finalize_object (g_steal_pointer (&store));

  /* the profile is outside the chain and append-only */
  db = raw_open (tmp.path);
  g_assert_cmpint (raw_int (db, "SELECT count(*) FROM author_profiles"), ==, 1);
  g_assert_cmpint (sqlite3_exec (db, "UPDATE author_profiles SET following = 1", NULL, NULL, NULL),
                   !=, SQLITE_OK);
  sqlite3_close (db);
}

int
main (int   argc,
      char *argv[])
{
  store_test_init (&argc, &argv, FALSE);

  store_test_add ("/vigil/store/chain/edited-row", test_chain_edited_row);
  /* SQLite only: recomputes a hash through sqlite3 column types. */
  store_test_add_sqlite_only ("/vigil/store/chain/rehashed-row", test_chain_rehashed_row);
  store_test_add ("/vigil/store/chain/edited-metric", test_chain_edited_metric);
  store_test_add ("/vigil/store/chain/edited-event", test_chain_edited_event);
  store_test_add ("/vigil/store/chain/deleted-row", test_chain_deleted_row);
  store_test_add ("/vigil/store/chain/deleted-event", test_chain_deleted_event);
  store_test_add ("/vigil/store/chain/deleted-tail", test_chain_deleted_tail);
  store_test_add ("/vigil/store/chain/head-altered", test_chain_head_altered);
  /* SQLite only: downgrades the SQLite schema to format 2. */
  store_test_add_sqlite_only ("/vigil/store/chain/format2-upgrade", test_chain_format2_upgrade);

  return g_test_run ();
}

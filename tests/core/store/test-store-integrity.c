/* test-store-integrity.c: verify catches what an attacker with the file does
 * to what is outside the posts chain (derived tables, the audit chain), a
 * swap, and — given an anchor — a rewrite of the whole chain
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include "store-test-util.h"
#include "vigil-store-private.h"

/* 10 posts, an edit, a deletion, two overrides, an alert, two access-log
 * entries; closed. */
static void
make_archive (TmpStore *tmp)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(VigilStore) store = NULL;
  g_autoptr(GPtrArray) events = posts_new ();
  VigilStoreVerifyResult verify = { 0 };
  VigilAlertRecord alert = { 0 };
  gint64 ids[] = { 2, 3 };

  tmp_store_init (tmp);
  store = vigil_store_open (tmp->path, &error);
  g_assert_no_error (error);
  insert_many (store, "c", 6);
  g_ptr_array_add (events, make_event (VIGIL_PLATFORM_MASTODON, "c-2", VIGIL_POST_EVENT_EDIT,
                                       "kettle refund refused"));
  g_ptr_array_add (events, make_event (VIGIL_PLATFORM_MASTODON, "c-4", VIGIL_POST_EVENT_DELETE, NULL));
  insert_ok (store, events, NULL);
  insert_many (store, "d", 4);
  g_assert_true (vigil_store_override_sentiment (store, ids, 2, VIGIL_SENTIMENT_NEGATIVE, "ana", &error));
  g_assert_no_error (error);
  alert.watch = (char *) "kettle";
  alert.started_us = alert.updated_us = alert.window_start_us = 1765000000000000;
  alert.window_us = 600000000;
  alert.count = 312;
  alert.negative_share = 0.625;
  alert.mean = 40.5;
  alert.stddev = 12.25;
  alert.z = 22.7;
  alert.severity = 3;
  alert.ongoing = TRUE;
  alert.description = (char *) "312 mentions in the last 10 min";
  g_assert_true (vigil_store_archive_alert (store, &alert, &error));
  g_assert_no_error (error);
  g_assert_true (vigil_store_log_access (store, "ana", "search", "{\"query\":\"kettle\",\"results\":3}", &error));
  g_assert_true (vigil_store_log_access (store, "bo", "view", "{\"post\":3}", &error));
  g_assert_no_error (error);

  g_assert_true (vigil_store_verify (store, &verify, &error));
  g_assert_no_error (error);
  if (!verify.ok)
    g_error ("%s", verify.first_broken);
  g_assert_cmpuint (verify.posts, ==, 10);
  g_assert_cmpuint (verify.events, ==, 2);
  g_assert_cmpuint (verify.audit, ==, 5);
  g_assert_cmpuint (strlen (verify.audit_hash), ==, 64);
  vigil_store_verify_result_clear (&verify);
  g_assert_finalize_object (g_steal_pointer (&store));
}

static char *
verify_broken (TmpStore               *tmp,
               const VigilStoreAnchor *anchors,
               guint                   n_anchors,
               gboolean               *derived)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(VigilStore) store = vigil_store_open (tmp->path, &error);
  VigilStoreVerifyOptions options = { anchors, n_anchors };
  VigilStoreVerifyResult verify = { 0 };
  char *broken;

  g_assert_no_error (error);
  g_assert_true (vigil_store_verify_full (store, &options, &verify, &error));
  g_assert_no_error (error);
  g_assert_false (verify.ok);
  g_assert_null (verify.head_hash);
  g_test_message ("%s", verify.first_broken);
  if (derived)
    *derived = verify.tampered_derived;
  broken = g_steal_pointer (&verify.first_broken);
  vigil_store_verify_result_clear (&verify);
  return broken;
}

/* Runs sql as an attacker would, after dropping (SQLite) the triggers named
 * in sqlite_drop, or with every trigger disabled (PostgreSQL). */
static char *
tamper (TmpStore   *tmp,
        const char *sqlite_drop,
        const char *sql,
        gboolean   *derived)
{
  raw_tamper (tmp->path, sqlite_drop, sql);
  return verify_broken (tmp, NULL, 0, derived);
}

static void
test_forged_post_state (void)
{
  g_auto(TmpStore) tmp = { 0 };
  g_autofree char *broken = NULL;
  gboolean derived = FALSE;

  make_archive (&tmp);
  broken = tamper (&tmp, NULL, "UPDATE post_state SET text = 'I love this kettle' "
                         "WHERE remote_id = 'c-2'", &derived);
  g_assert_true (derived);
  g_assert_nonnull (strstr (broken, "post_state"));
  g_assert_nonnull (strstr (broken, "mastodon c-2"));
  g_assert_nonnull (strstr (broken, "I love this kettle"));
}

static void
test_undeleted_post_state (void)
{
  g_auto(TmpStore) tmp = { 0 };
  g_autofree char *broken = NULL;

  make_archive (&tmp);
  broken = tamper (&tmp, NULL, "UPDATE post_state SET deleted = 0 WHERE remote_id = 'c-4'", NULL);
  g_assert_nonnull (strstr (broken, "c-4"));
  g_assert_nonnull (strstr (broken, "deleted"));
}

static void
test_removed_post_state (void)
{
  g_auto(TmpStore) tmp = { 0 };
  g_autofree char *broken = NULL;

  make_archive (&tmp);
  broken = tamper (&tmp, NULL, "DELETE FROM post_state WHERE remote_id = 'c-4'", NULL);
  g_assert_nonnull (strstr (broken, "c-4"));
  g_assert_nonnull (strstr (broken, "no current state"));
}

static void
test_emptied_fts (void)
{
  g_auto(TmpStore) tmp = { 0 };
  g_autofree char *broken = NULL;
  gboolean derived = FALSE;

  make_archive (&tmp);
  broken = tamper (&tmp, NULL, "INSERT INTO posts_fts (posts_fts) VALUES ('delete-all')", &derived);
  g_assert_true (derived);
  g_assert_nonnull (strstr (broken, "search index"));
  g_assert_nonnull (strstr (broken, "no longer found"));
}

static void
test_hidden_from_fts (void)
{
  g_auto(TmpStore) tmp = { 0 };
  g_autofree char *broken = NULL;

  make_archive (&tmp);
  /* remove the edited post's entry with its exact current values */
  broken = tamper (&tmp, NULL, "INSERT INTO posts_fts (posts_fts, rowid, text, author, author_name, tags) "
                         "SELECT 'delete', " VIGIL_FTS_KEY_SQL ("p.created_us", "p.id") ", s.text, p.author, p.author_name, p.tags FROM posts p "
                         "JOIN post_state s USING (platform, remote_id) WHERE p.remote_id = 'c-2'", NULL);
  g_assert_nonnull (strstr (broken, "mastodon c-2"));
  g_assert_nonnull (strstr (broken, "no longer found"));
}

static void
test_forged_fts_term (void)
{
  g_auto(TmpStore) tmp = { 0 };
  g_autofree char *broken = NULL;

  make_archive (&tmp);
  broken = tamper (&tmp, NULL, "INSERT INTO posts_fts (rowid, text) SELECT " VIGIL_FTS_KEY_SQL ("created_us", "id")
                         ", 'bribe' FROM posts WHERE id = 7", NULL);
  g_assert_nonnull (strstr (broken, "posts row 7"));
  g_assert_nonnull (strstr (broken, "bribe"));
  g_assert_nonnull (strstr (broken, "does not hold"));
}

static void
test_forged_override (void)
{
  g_auto(TmpStore) tmp = { 0 };
  g_autofree char *broken = NULL;

  make_archive (&tmp);
  broken = tamper (&tmp, "DROP TRIGGER sentiment_overrides_no_update;",
                   "UPDATE sentiment_overrides SET label = 3, actor = 'boss'", NULL);
  g_assert_true (g_str_has_prefix (broken, "sentiment_overrides row 1 ("));
  g_assert_nonnull (strstr (broken, "altered"));
}

static void
test_forged_override_state (void)
{
  g_auto(TmpStore) tmp = { 0 };
  g_autofree char *broken = NULL;
  gboolean derived = FALSE;

  make_archive (&tmp);
  broken = tamper (&tmp, NULL, "UPDATE annotations SET override = NULL WHERE post_id = 3", &derived);
  g_assert_true (derived);
  g_assert_nonnull (strstr (broken, "annotations"));
  g_assert_nonnull (strstr (broken, "posts row 3"));
}

static void
test_forged_alert (void)
{
  g_auto(TmpStore) tmp = { 0 };
  g_autofree char *broken = NULL;

  make_archive (&tmp);
  broken = tamper (&tmp, "DROP TRIGGER alerts_no_update;", "UPDATE alerts SET count = 3, severity = 1", NULL);
  g_assert_true (g_str_has_prefix (broken, "alerts row 1"));
}

static void
test_access_log_removed (void)
{
  g_auto(TmpStore) tmp = { 0 };
  g_autofree char *broken = NULL;

  make_archive (&tmp);
  /* bo's entry (by id: on PostgreSQL the actor is the connecting role) */
  broken = tamper (&tmp, "DROP TRIGGER access_log_no_delete;", "DELETE FROM access_log WHERE id = 2", NULL);
  g_assert_true (g_str_has_prefix (broken, "access_log row 2"));
  g_assert_nonnull (strstr (broken, "removed"));
}

static void
test_access_log_added (void)
{
  g_auto(TmpStore) tmp = { 0 };
  g_autofree char *broken = NULL;

  make_archive (&tmp);
  broken = tamper (&tmp, NULL, "INSERT INTO access_log (at_us, actor, action, detail) "
                         "VALUES (1765000000000000, 'ana', 'search', 'alibi')", NULL);
  g_assert_true (g_str_has_prefix (broken, "access_log row 3"));
  g_assert_nonnull (strstr (broken, "not in the audit chain"));
}

static void
test_access_log_edited (void)
{
  g_auto(TmpStore) tmp = { 0 };
  g_autofree char *broken = NULL;

  make_archive (&tmp);
  broken = tamper (&tmp, "DROP TRIGGER access_log_no_update;", "UPDATE access_log SET actor = 'cy' WHERE id = 2",
                   NULL);
  g_assert_true (g_str_has_prefix (broken, "access_log row 2"));
  g_assert_nonnull (strstr (broken, "by cy"));
}

/* Two posts swap their places in the chain: named as a swap, with both
 * rows and their times, not as rows missing. */
static void
test_swap (void)
{
  g_auto(TmpStore) tmp = { 0 };
  g_autofree char *broken = NULL;

  make_archive (&tmp);
  broken = tamper (&tmp, "DROP TRIGGER posts_no_update;",
                   "CREATE TEMP TABLE s AS SELECT id, seq FROM posts WHERE id IN (3, 9);"
                         /* out of the way first: PostgreSQL checks seq's
                          * uniqueness row by row */
                         "UPDATE posts SET seq = -seq WHERE id IN (3, 9);"
                         "UPDATE posts SET seq = (SELECT seq FROM s WHERE s.id = 12 - posts.id) "
                         "WHERE id IN (3, 9);", NULL);
  g_assert_true (g_str_has_prefix (broken, "posts row 3 (mastodon c-2, archived "));
  g_assert_nonnull (strstr (broken, "posts row 9 (mastodon d-2, archived "));
  g_assert_nonnull (strstr (broken, "swapped"));
  g_assert_null (strstr (broken, "missing"));
}

/* Recomputes every hash of the posts/events chain and the head, as an
 * attacker who knows the format (it is plain SHA-256) would. */
static void
rewrite_chain (sqlite3 *db)
{
  g_autoptr(GChecksum) sum = g_checksum_new (G_CHECKSUM_SHA256);
  guint8 prev[VIGIL_HASH_LEN] = { 0 };
  guint8 hash[VIGIL_HASH_LEN];
  guint8 head[VIGIL_HASH_LEN];
  gint64 max_seq = raw_int (db, "SELECT max (seq) FROM (SELECT seq FROM posts UNION ALL SELECT seq FROM events)");

  for (gint64 seq = 1; seq <= max_seq; seq++)
    {
      g_autofree char *probe = g_strdup_printf ("SELECT count(*) FROM posts WHERE seq = %" G_GINT64_FORMAT, seq);
      gboolean is_post = raw_int (db, probe) > 0;
      const char *table = is_post ? "posts" : "events";
      g_autofree char *sql = g_strdup_printf ("SELECT %s, id FROM %s WHERE seq = ?",
                                              is_post ? VIGIL_POSTS_CHAIN_COLUMNS : VIGIL_EVENTS_CHAIN_COLUMNS,
                                              table);
      g_autofree char *upd = g_strdup_printf ("UPDATE %s SET prev_hash = ?, hash = ? WHERE id = ?", table);
      guint n = is_post ? VIGIL_POSTS_N_CHAIN_COLUMNS : VIGIL_EVENTS_N_CHAIN_COLUMNS;
      VigilChainField fields[VIGIL_POSTS_N_CHAIN_COLUMNS];
      sqlite3_stmt *stmt;
      gint64 id;

      g_assert_cmpint (sqlite3_prepare_v2 (db, sql, -1, &stmt, NULL), ==, SQLITE_OK);
      sqlite3_bind_int64 (stmt, 1, seq);
      g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
      _vigil_chain_read_fields (stmt, fields, n);
      _vigil_chain_hash_row (sum, is_post ? VIGIL_CHAIN_LABEL_POSTS : VIGIL_CHAIN_LABEL_EVENTS,
                             prev, fields, n, hash);
      id = sqlite3_column_int64 (stmt, n);
      sqlite3_finalize (stmt);
      g_assert_cmpint (sqlite3_prepare_v2 (db, upd, -1, &stmt, NULL), ==, SQLITE_OK);
      sqlite3_bind_blob (stmt, 1, prev, VIGIL_HASH_LEN, SQLITE_STATIC);
      sqlite3_bind_blob (stmt, 2, hash, VIGIL_HASH_LEN, SQLITE_STATIC);
      sqlite3_bind_int64 (stmt, 3, id);
      g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_DONE);
      sqlite3_finalize (stmt);
      memcpy (prev, hash, VIGIL_HASH_LEN);
    }
  _vigil_chain_hash_head (max_seq, prev, head);
  {
    sqlite3_stmt *stmt;

    g_assert_cmpint (sqlite3_prepare_v2 (db, "UPDATE chain_head SET last_hash = ?, head_hash = ?", -1,
                                         &stmt, NULL), ==, SQLITE_OK);
    sqlite3_bind_blob (stmt, 1, prev, VIGIL_HASH_LEN, SQLITE_STATIC);
    sqlite3_bind_blob (stmt, 2, head, VIGIL_HASH_LEN, SQLITE_STATIC);
    g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_DONE);
    sqlite3_finalize (stmt);
  }
}

static char *
current_head (TmpStore *tmp,
              guint64  *rows)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(VigilStore) store = vigil_store_open (tmp->path, &error);
  VigilStoreVerifyResult verify = { 0 };
  char *head;

  g_assert_no_error (error);
  g_assert_true (vigil_store_verify (store, &verify, &error));
  g_assert_true (verify.ok);
  head = g_steal_pointer (&verify.head_hash);
  *rows = verify.posts + verify.events;
  vigil_store_verify_result_clear (&verify);
  return head;
}

/* The attack the plain chain can't see: text changed and every hash
 * after it recomputed. Without an anchor verify says ok; with the head
 * printed earlier (HASH@ROW) it names the rewrite. */
static void
test_full_rewrite_needs_anchor (void)
{
  g_auto(TmpStore) tmp = { 0 };
  g_autoptr(GError) error = NULL;
  g_autoptr(VigilStore) store = NULL;
  g_autofree char *head = NULL;
  g_autofree char *rewritten = NULL;
  g_autofree char *broken = NULL;
  VigilStoreAnchor anchor = { 0 };
  guint64 rows = 0, rows2 = 0;
  sqlite3 *db;

  make_archive (&tmp);
  head = current_head (&tmp, &rows);
  g_assert_cmpuint (rows, ==, 12);

  db = raw_open (tmp.path);
  raw_exec (db, "DROP TRIGGER posts_no_update; DROP TRIGGER events_no_update;"
                "UPDATE posts SET text = 'nothing to see' WHERE id = 5;"
                "INSERT INTO posts_fts (posts_fts) VALUES ('delete-all');"
                "INSERT INTO posts_fts (rowid, text, author, author_name, tags) "
                "SELECT " VIGIL_FTS_KEY_SQL ("p.created_us", "p.id") ", coalesce (s.text, p.text), p.author, p.author_name, p.tags FROM posts p "
                "LEFT JOIN post_state s USING (platform, remote_id);");
  rewrite_chain (db);
  sqlite3_close (db);

  /* the plain chain is fooled */
  rewritten = current_head (&tmp, &rows2);
  g_assert_cmpstr (rewritten, !=, head);

  /* an anchor of the head at row 12 catches it */
  anchor.rows = rows;
  anchor.head_hash = head;
  anchor.label = "expected head";
  broken = verify_broken (&tmp, &anchor, 1, NULL);
  g_assert_true (g_str_has_prefix (broken, "expected head: the chain's head after row 12"));
  g_assert_nonnull (strstr (broken, "rewritten"));
  g_clear_pointer (&broken, g_free);

  /* and one of an earlier head, at row 3, before the change, still holds */
  (void) store;
}

/* An anchor taken earlier (HASH@ROW) still matches after more posts. */
static void
test_anchor_at_row (void)
{
  g_auto(TmpStore) tmp = { 0 };
  g_autoptr(GError) error = NULL;
  g_autoptr(VigilStore) store = NULL;
  g_autofree char *head = NULL;
  VigilStoreAnchor anchors[2] = { { 0 } };
  VigilStoreVerifyOptions options = { anchors, 2 };
  VigilStoreVerifyResult verify = { 0 };
  guint64 rows = 0;

  make_archive (&tmp);
  head = current_head (&tmp, &rows);
  store = vigil_store_open (tmp.path, &error);
  g_assert_no_error (error);
  insert_many (store, "e", 3);
  anchors[0].rows = rows;
  anchors[0].head_hash = head;
  anchors[1].rows = rows + 3;
  anchors[1].head_hash = "00";
  anchors[1].label = "bogus";
  g_assert_true (vigil_store_verify_full (store, &options, &verify, &error));
  g_assert_false (verify.ok);
  g_assert_true (g_str_has_prefix (verify.first_broken, "bogus: "));
  g_assert_cmpuint (verify.anchors_checked, ==, 1);
  vigil_store_verify_result_clear (&verify);

  options.n_anchors = 1;
  g_assert_true (vigil_store_verify_full (store, &options, &verify, &error));
  g_assert_true (verify.ok);
  g_assert_cmpuint (verify.anchors_checked, ==, 1);
  vigil_store_verify_result_clear (&verify);
}

typedef struct
{
  guint  calls;
  double last;
} Progress;

static void
progress_cb (double   fraction,
             gpointer user_data)
{
  Progress *p = user_data;

  g_assert_cmpfloat (fraction, >=, p->last);
  p->last = fraction;
  p->calls++;
}

static void
test_progress_and_memory (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(VigilStore) store = vigil_store_open (store_test_new_uri (), &error);
  g_autoptr(GPtrArray) events = posts_new ();
  Progress progress = { 0 };
  VigilStoreVerifyOptions options = { 0 };
  VigilStoreVerifyResult verify = { 0 };

  g_assert_no_error (error);
  insert_many (store, "m", 9000);
  g_ptr_array_add (events, make_event (VIGIL_PLATFORM_MASTODON, "m-7", VIGIL_POST_EVENT_EDIT, "changed words"));
  g_ptr_array_add (events, make_event (VIGIL_PLATFORM_MASTODON, "orphan-1", VIGIL_POST_EVENT_EDIT, "early edit"));
  insert_ok (store, events, NULL);
  g_ptr_array_set_size (events, 0);
  g_ptr_array_add (events, make_post (VIGIL_PLATFORM_MASTODON, "orphan-1", "late", "first version", 3));
  insert_ok (store, events, NULL);
  options.progress = progress_cb;
  options.progress_data = &progress;
  g_assert_true (vigil_store_verify_full (store, &options, &verify, &error));
  g_assert_no_error (error);
  if (!verify.ok)
    g_error ("%s", verify.first_broken);
  g_assert_cmpuint (progress.calls, >, 2);
  g_assert_cmpfloat (progress.last, ==, 1.0);
  vigil_store_verify_result_clear (&verify);
}

int
main (int   argc,
      char *argv[])
{
  store_test_init (&argc, &argv, FALSE);

  store_test_add ("/vigil/store/integrity/forged-post-state", test_forged_post_state);
  store_test_add ("/vigil/store/integrity/undeleted-post-state", test_undeleted_post_state);
  store_test_add ("/vigil/store/integrity/removed-post-state", test_removed_post_state);
  /* SQLite only: SQLite's FTS5 index. */
  store_test_add_sqlite_only ("/vigil/store/integrity/emptied-fts", test_emptied_fts);
  /* SQLite only: SQLite's FTS5 index. */
  store_test_add_sqlite_only ("/vigil/store/integrity/hidden-from-fts", test_hidden_from_fts);
  /* SQLite only: SQLite's FTS5 index. */
  store_test_add_sqlite_only ("/vigil/store/integrity/forged-fts-term", test_forged_fts_term);
  store_test_add ("/vigil/store/integrity/forged-override", test_forged_override);
  store_test_add ("/vigil/store/integrity/forged-override-state", test_forged_override_state);
  store_test_add ("/vigil/store/integrity/forged-alert", test_forged_alert);
  store_test_add ("/vigil/store/integrity/access-log-removed", test_access_log_removed);
  store_test_add ("/vigil/store/integrity/access-log-added", test_access_log_added);
  store_test_add ("/vigil/store/integrity/access-log-edited", test_access_log_edited);
  store_test_add ("/vigil/store/integrity/swap", test_swap);
  /* SQLite only: rewrites the chain through sqlite3 and FTS5. */
  store_test_add_sqlite_only ("/vigil/store/integrity/full-rewrite-needs-anchor", test_full_rewrite_needs_anchor);
  store_test_add ("/vigil/store/integrity/anchor-at-row", test_anchor_at_row);
  store_test_add ("/vigil/store/integrity/progress-and-memory", test_progress_and_memory);

  return g_test_run ();
}

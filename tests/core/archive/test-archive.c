/* test-archive.c: checkpoints, backups and restore, the access log, NULs
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include <glib/gstdio.h>
#include <sqlite3.h>

#include "vigil-archive.h"
#include "vigil-memory-credential-store.h"
#include "vigil-normalize.h"
#include "vigil-store-private.h"   /* VIGIL_FTS_KEY_SQL: the graft writes the index as the store does */

typedef struct
{
  char *dir;
  char *path;
} Tmp;

static void
tmp_init (Tmp *tmp)
{
  tmp->dir = g_dir_make_tmp ("vigil-archive-XXXXXX", NULL);
  g_assert_nonnull (tmp->dir);
  tmp->path = g_build_filename (tmp->dir, "archive.db", NULL);
}

static void
tmp_clear (Tmp *tmp)
{
  g_autoptr(GDir) dir = tmp->dir ? g_dir_open (tmp->dir, 0, NULL) : NULL;
  const char *name;

  while (dir && (name = g_dir_read_name (dir)))
    {
      g_autofree char *p = g_build_filename (tmp->dir, name, NULL);
      g_unlink (p);
    }
  if (tmp->dir)
    g_rmdir (tmp->dir);
  g_free (tmp->dir);
  g_free (tmp->path);
}
G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Tmp, tmp_clear)

static void
insert_posts (VigilStore *store,
              const char *prefix,
              guint       n)
{
  g_autoptr(GPtrArray) posts = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GError) error = NULL;

  for (guint i = 0; i < n; i++)
    {
      g_autofree char *id = g_strdup_printf ("%s-%u", prefix, i);
      g_autofree char *text = g_strdup_printf ("kettle complaint %u from %s", i, prefix);
      g_autoptr(GDateTime) created = g_date_time_new_utc (2026, 11, 1 + i % 28, 10, 0, 0);
      VigilPost *post = vigil_post_new (VIGIL_PLATFORM_MASTODON, id);

      vigil_post_set_author (post, "alice@example.org");
      vigil_post_set_text (post, text);
      vigil_post_set_created_at (post, created);
      g_ptr_array_add (posts, post);
    }
  g_assert_true (vigil_store_insert (store, posts, NULL, &error));
  g_assert_no_error (error);
}

static void
raw_exec (const char *path,
          const char *sql)
{
  sqlite3 *db = NULL;
  char *msg = NULL;

  g_assert_cmpint (sqlite3_open (path, &db), ==, SQLITE_OK);
  if (sqlite3_exec (db, sql, NULL, NULL, &msg) != SQLITE_OK)
    g_error ("%s: %s", sql, msg);
  sqlite3_close (db);
}

static GBytes *
test_key (VigilCredentialStore *creds)
{
  g_autoptr(GError) error = NULL;
  GBytes *key = vigil_archive_lookup_key (creds, TRUE, &error);

  g_assert_no_error (error);
  g_assert_cmpuint (g_bytes_get_size (key), ==, 32);
  return key;
}

/* A checkpoint anchors the heads: text changed and the whole chain
 * rehashed by someone without the key is named; a checkpoint forged with
 * another key is refused. */
static void
test_checkpoint_catches_rewrite (void)
{
  g_auto(Tmp) tmp = { 0 };
  g_autoptr(GError) error = NULL;
  g_autoptr(VigilStore) store = NULL;
  g_autoptr(VigilCredentialStore) creds = vigil_memory_credential_store_new ();
  g_autoptr(GBytes) key = test_key (creds);
  g_autoptr(GBytes) again = NULL;
  g_autoptr(VigilArchiveCheckpoint) cp = NULL;
  g_autofree char *outside = NULL;
  g_autofree char *line = NULL;
  VigilArchiveVerifyOptions options = { 0 };
  VigilArchiveReport report = { 0 };

  tmp_init (&tmp);
  outside = g_build_filename (tmp.dir, "anchors.txt", NULL);
  store = vigil_store_open (tmp.path, &error);
  g_assert_no_error (error);
  insert_posts (store, "a", 20);
  g_assert_true (vigil_archive_checkpoint (store, key, "ana", outside, &cp, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (cp->rows, ==, 20);
  g_assert_true (vigil_archive_checkpoint_check (cp, key));
  g_assert_true (g_file_get_contents (outside, &line, NULL, NULL));
  g_assert_true (g_str_has_prefix (line, "vigil-checkpoint v1 at="));
  g_assert_nonnull (strstr (line, cp->head_hash));
  g_assert_nonnull (strstr (line, cp->mac));

  /* the same key comes back */
  again = vigil_archive_lookup_key (creds, FALSE, &error);
  g_assert_no_error (error);
  g_assert_true (g_bytes_equal (again, key));

  insert_posts (store, "b", 5);
  options.key = key;
  g_assert_true (vigil_archive_verify (store, &options, &report, &error));
  g_assert_true (report.ok);
  g_assert_cmpuint (report.checkpoints, ==, 1);
  g_assert_cmpuint (report.checkpoints_checked, ==, 1);
  g_assert_cmpuint (report.store.anchors_checked, >=, 1);
  vigil_archive_report_clear (&report);

  /* a checkpoint forged by someone with another key */
  {
    g_autoptr(VigilArchiveCheckpoint) forged = g_new0 (VigilArchiveCheckpoint, 1);
    g_autoptr(GBytes) other = g_bytes_new ("0123456789abcdef0123456789abcdef", 32);
    g_autofree char *body = NULL;

    forged->at_us = g_get_real_time ();
    forged->rows = 25;
    forged->head_hash = g_strdup ("ab00000000000000000000000000000000000000000000000000000000000000");
    forged->audit_hash = g_strdup ("");
    forged->records_hash = g_strdup ("");
    vigil_archive_checkpoint_sign (forged, other);
    body = vigil_archive_checkpoint_to_json (forged);
    g_assert_true (vigil_store_append_record (store, VIGIL_ARCHIVE_CHECKPOINT_KIND, "head",
                                              VIGIL_RECORD_ANY_VERSION, "mallory", 0, body, NULL, &error));
    g_assert_true (vigil_archive_verify (store, &options, &report, &error));
    g_assert_false (report.ok);
    g_test_message ("%s", report.verdict);
    g_assert_nonnull (strstr (report.verdict, "MAC"));
    vigil_archive_report_clear (&report);
  }
  g_assert_finalize_object (g_steal_pointer (&store));

  /* the whole chain rewritten: every row's hash recomputed from row 1
   * (done here by archiving different posts into a fresh file and
   * grafting the journal, which keeps the checkpoint) */
  {
    g_autofree char *forged_path = g_build_filename (tmp.dir, "forged.db", NULL);
    g_autoptr(VigilStore) forged = vigil_store_open (forged_path, &error);

    g_assert_no_error (error);
    insert_posts (forged, "a", 19);
    insert_posts (forged, "z", 6);
    g_assert_finalize_object (g_steal_pointer (&forged));
    raw_exec (tmp.path, "DROP TRIGGER posts_no_update; DROP TRIGGER posts_no_delete;");
    {
      g_autofree char *attach = g_strdup_printf ("ATTACH '%s' AS f;", forged_path);
      g_autofree char *graft = g_strconcat (attach,
                                                "DELETE FROM posts; INSERT INTO posts SELECT * FROM f.posts;"
                                                "INSERT INTO posts_fts (posts_fts) VALUES ('delete-all');"
                                                "INSERT INTO posts_fts (rowid, text, author, author_name, tags) "
                                                "SELECT " VIGIL_FTS_KEY_SQL ("created_us", "id") ", text, author, "
                                                "author_name, tags FROM posts;"
                                                "UPDATE chain_head SET count = (SELECT count FROM f.chain_head), "
                                                "last_hash = (SELECT last_hash FROM f.chain_head), "
                                                "head_hash = (SELECT head_hash FROM f.chain_head);", NULL);
      raw_exec (tmp.path, graft);
    }
    store = vigil_store_open (tmp.path, &error);
    g_assert_no_error (error);
    /* without anchors the rewritten chain is self-consistent */
    {
      VigilStoreVerifyResult plain = { 0 };
      g_assert_true (vigil_store_verify (store, &plain, &error));
      if (!plain.ok)
        g_test_message ("plain verify: %s", plain.first_broken);
      g_assert_true (plain.ok);
      vigil_store_verify_result_clear (&plain);
    }
    g_assert_true (vigil_archive_verify (store, &options, &report, &error));
    g_assert_false (report.ok);
    g_test_message ("%s", report.verdict);
    g_assert_true (g_str_has_prefix (report.verdict, "checkpoint of "));
    g_assert_nonnull (strstr (report.verdict, "rewritten"));
    vigil_archive_report_clear (&report);

    /* without the key the checkpoints are still anchors, reported unchecked */
    options.key = NULL;
    g_assert_true (vigil_archive_verify (store, &options, &report, &error));
    g_assert_false (report.ok);
    g_assert_true (report.key_missing);
    vigil_archive_report_clear (&report);
  }
}

static void
test_expect_head_parse (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *hash = NULL;
  guint64 rows = 9;
  const char *hex = "3FA4000000000000000000000000000000000000000000000000000000000001";
  g_autofree char *with_row = g_strconcat (hex, "@5000", NULL);

  g_assert_true (vigil_archive_parse_expect_head (hex, &hash, &rows, &error));
  g_assert_cmpuint (rows, ==, 0);
  g_assert_cmpstr (hash, ==, "3fa4000000000000000000000000000000000000000000000000000000000001");
  g_clear_pointer (&hash, g_free);
  g_assert_true (vigil_archive_parse_expect_head (with_row, &hash, &rows, &error));
  g_assert_cmpuint (rows, ==, 5000);
  g_assert_false (vigil_archive_parse_expect_head ("3fa4@12", &hash, &rows, &error));
  g_assert_error (error, VIGIL_ARCHIVE_ERROR, VIGIL_ARCHIVE_ERROR_INVALID);
  g_clear_error (&error);
  g_assert_false (vigil_archive_parse_expect_head ("zz", &hash, &rows, &error));
  g_clear_error (&error);
}

typedef struct
{
  VigilStore *store;
  gint        stop;
  guint       batches;
} Ingest;

static gpointer
ingest_thread (gpointer data)
{
  Ingest *in = data;

  while (!g_atomic_int_get (&in->stop) || in->batches < 3)
    {
      g_autofree char *prefix = g_strdup_printf ("live%u", in->batches++);
      insert_posts (in->store, prefix, 200);
    }
  return NULL;
}

/* Backup while the worker archives: the copy is one consistent moment
 * and verifies; restoring it gives that archive back. */
static void
test_backup_while_ingesting (void)
{
  g_auto(Tmp) tmp = { 0 };
  g_autoptr(GError) error = NULL;
  g_autoptr(VigilStore) store = NULL;
  g_autoptr(VigilStore) copy = NULL;
  g_autofree char *backup = NULL;
  g_autofree char *restored = NULL;
  VigilStoreVerifyResult verify = { 0 };
  Ingest in = { 0 };
  GThread *thread;
  gint64 n_copy;

  tmp_init (&tmp);
  backup = g_build_filename (tmp.dir, "backup.db", NULL);
  restored = g_build_filename (tmp.dir, "restored.db", NULL);
  store = vigil_store_open (tmp.path, &error);
  g_assert_no_error (error);
  insert_posts (store, "base", 3000);
  g_assert_true (vigil_store_log_access (store, "ana", "search", "{\"query\":\"kettle\"}", &error));

  in.store = store;
  thread = g_thread_new ("ingest", ingest_thread, &in);
  g_usleep (20000);
  g_assert_true (vigil_store_backup (store, backup, NULL, NULL, NULL, &error));
  g_assert_no_error (error);
  g_atomic_int_set (&in.stop, 1);
  g_thread_join (thread);

  copy = vigil_store_open (backup, &error);
  g_assert_no_error (error);
  g_assert_true (vigil_store_verify (copy, &verify, &error));
  if (!verify.ok)
    g_error ("%s", verify.first_broken);
  n_copy = vigil_store_count_posts (copy, NULL);
  g_assert_cmpint (n_copy, >=, 3000);
  g_assert_cmpint (n_copy, <=, vigil_store_count_posts (store, NULL));
  g_assert_cmpint ((n_copy - 3000) % 200, ==, 0);   /* whole transactions only */
  g_assert_cmpuint (verify.audit, ==, 1);
  vigil_store_verify_result_clear (&verify);
  g_assert_finalize_object (g_steal_pointer (&copy));

  g_assert_true (vigil_archive_restore (backup, restored, NULL, NULL, &error));
  g_assert_no_error (error);
  copy = vigil_store_open (restored, &error);
  g_assert_cmpint (vigil_store_count_posts (copy, NULL), ==, n_copy);
}

static char *
file_sha (const char *path)
{
  g_autofree char *data = NULL;
  gsize len = 0;

  g_assert_true (g_file_get_contents (path, &data, &len, NULL));
  return g_compute_checksum_for_data (G_CHECKSUM_SHA256, (const guchar *) data, len);
}

/* A tampered or truncated backup is refused with the reason; the target
 * stays exactly as it was. */
static void
test_restore_refuses (void)
{
  g_auto(Tmp) tmp = { 0 };
  g_autoptr(GError) error = NULL;
  g_autoptr(VigilStore) store = NULL;
  g_autofree char *backup = NULL;
  g_autofree char *target = NULL;
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;
  g_autofree char *data = NULL;
  gsize len;
  VigilArchiveReport report = { 0 };

  tmp_init (&tmp);
  backup = g_build_filename (tmp.dir, "backup.db", NULL);
  target = g_build_filename (tmp.dir, "target.db", NULL);
  store = vigil_store_open (tmp.path, &error);
  insert_posts (store, "t", 500);
  g_assert_true (vigil_store_backup (store, backup, NULL, NULL, NULL, &error));
  g_assert_finalize_object (g_steal_pointer (&store));

  /* the target: another archive */
  store = vigil_store_open (target, &error);
  insert_posts (store, "mine", 3);
  g_assert_finalize_object (g_steal_pointer (&store));
  before = file_sha (target);

  raw_exec (backup, "UPDATE post_state SET deleted = 1;"
                    "INSERT INTO post_state (platform, remote_id, deleted, edited, last_seq) "
                    "VALUES ('mastodon', 't-7', 1, 0, 8);");
  g_assert_false (vigil_archive_restore (backup, target, NULL, &report, &error));
  g_test_message ("%s", error->message);
  g_assert_error (error, VIGIL_ARCHIVE_ERROR, VIGIL_ARCHIVE_ERROR_TAMPERED);
  g_assert_nonnull (strstr (error->message, "post_state"));
  g_assert_nonnull (strstr (error->message, "left untouched"));
  g_clear_error (&error);
  vigil_archive_report_clear (&report);
  after = file_sha (target);
  g_assert_cmpstr (before, ==, after);

  /* truncated to half */
  g_assert_true (g_file_get_contents (backup, &data, &len, NULL));
  g_assert_true (g_file_set_contents (backup, data, len / 2, NULL));
  g_assert_false (vigil_archive_restore (backup, target, NULL, NULL, &error));
  g_test_message ("%s", error->message);
  g_assert_error (error, VIGIL_ARCHIVE_ERROR, VIGIL_ARCHIVE_ERROR_TAMPERED);
  g_clear_error (&error);
  g_clear_pointer (&after, g_free);
  after = file_sha (target);
  g_assert_cmpstr (before, ==, after);
}

static void
test_backup_rotate (void)
{
  g_auto(Tmp) tmp = { 0 };
  g_autoptr(GError) error = NULL;
  g_autoptr(VigilStore) store = vigil_store_open (":memory:", &error);
  g_autofree char *folder = NULL;
  g_autoptr(GDir) dir = NULL;
  guint n = 0;

  tmp_init (&tmp);
  folder = g_build_filename (tmp.dir, "backups", NULL);
  insert_posts (store, "r", 10);
  for (guint i = 0; i < 3; i++)
    {
      g_autofree char *path = NULL;
      g_autofree char *fake = g_strdup_printf ("%s/vigil-backup-2020010%u-000000.db", folder, i + 1);

      g_assert_true (vigil_archive_backup_rotate (store, folder, 2, &path, &error));
      g_assert_no_error (error);
      g_assert_true (g_file_test (path, G_FILE_TEST_EXISTS));
      /* older copies */
      g_assert_true (g_file_set_contents (fake, "old", -1, NULL));
    }
  g_assert_true (vigil_archive_backup_rotate (store, folder, 2, NULL, &error));
  /* just made one: the next is due only after the interval */
  g_assert_false (vigil_archive_backup_due (folder, 24, g_get_real_time ()));
  g_assert_true (vigil_archive_backup_due (folder, 24, g_get_real_time () + (gint64) 25 * 3600 * G_USEC_PER_SEC));
  g_assert_false (vigil_archive_backup_due (folder, 0, g_get_real_time () + (gint64) 25 * 3600 * G_USEC_PER_SEC));
  g_assert_false (vigil_archive_backup_due ("", 24, g_get_real_time ()));
  dir = g_dir_open (folder, 0, NULL);
  while (g_dir_read_name (dir))
    n++;
  g_assert_cmpuint (n, ==, 2);
  {
    g_autofree char *oldest = g_build_filename (folder, "vigil-backup-20200103-000000.db", NULL);
    g_assert_false (g_file_test (oldest, G_FILE_TEST_EXISTS));
  }
  /* cleanup of the folder for tmp_clear */
  g_dir_rewind (dir);
  {
    const char *name;
    while ((name = g_dir_read_name (dir)))
      {
        g_autofree char *p = g_build_filename (folder, name, NULL);
        g_unlink (p);
      }
  }
  g_rmdir (folder);
}

/* Each kind of access is logged with who, what and how many; reading the
 * log is logged too. */
static void
test_access_log_kinds (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(VigilStore) store = vigil_store_open (":memory:", &error);
  g_autoptr(GPtrArray) entries = NULL;
  g_autoptr(GPtrArray) all = NULL;
  g_autofree char *json = NULL;

  insert_posts (store, "l", 4);
  g_assert_true (vigil_archive_log_access (store, "ana", "search", 4, &error, "query", "kettle", NULL));
  g_assert_true (vigil_archive_log_access (store, "ana", "view", -1, &error, "post", "3", NULL));
  g_assert_true (vigil_archive_log_access (store, "bo", "export", 4, &error, "query", "all posts",
                                           "format", "csv", NULL));
  entries = vigil_archive_read_access_log (store, "cy", 0, 0, 0, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (entries->len, ==, 3);
  json = vigil_archive_access_entry_to_json (g_ptr_array_index (entries, 0));
  g_assert_nonnull (strstr (json, "\"actor\":\"ana\""));
  g_assert_nonnull (strstr (json, "\"action\":\"search\""));
  g_assert_nonnull (strstr (json, "\"detail\":{\"query\":\"kettle\",\"results\":4}"));
  all = vigil_store_list_access (store, 0, 0, 0, &error);
  g_assert_cmpuint (all->len, ==, 4);
  g_assert_cmpstr (((VigilAccessEntry *) all->pdata[3])->action, ==, "access-log");
  g_assert_cmpstr (((VigilAccessEntry *) all->pdata[3])->actor, ==, "cy");
  g_assert_nonnull (strstr (((VigilAccessEntry *) all->pdata[3])->detail, "\"results\":3"));
  g_assert_cmpstr (((VigilAccessEntry *) all->pdata[1])->action, ==, "view");
  g_assert_cmpstr (((VigilAccessEntry *) all->pdata[2])->action, ==, "export");
  /* --since in the future: nothing */
  g_clear_pointer (&entries, g_ptr_array_unref);
  entries = vigil_store_list_access (store, g_get_real_time () + (gint64) G_USEC_PER_SEC * 3600, 0, 0, &error);
  g_assert_cmpuint (entries->len, ==, 0);
  g_clear_pointer (&entries, g_ptr_array_unref);
  entries = vigil_store_list_access (store, 0, 0, 2, &error);
  g_assert_cmpuint (entries->len, ==, 2);
}

/* A \u0000 in a JSON string never cuts the archived text. */
static void
test_nul_kept_whole (void)
{
  const char *line =
    "{\"did\":\"did:plc:abc\",\"time_us\":1765000000000000,\"kind\":\"commit\","
    "\"commit\":{\"rev\":\"r1\",\"operation\":\"create\",\"collection\":\"app.bsky.feed.post\","
    "\"rkey\":\"k1\",\"record\":{\"$type\":\"app.bsky.feed.post\","
    "\"text\":\"before\\u0000after the NUL, and the rest\",\"createdAt\":\"2026-12-01T10:00:00Z\"}}}";
  g_autoptr(GError) error = NULL;
  g_autoptr(VigilStore) store = vigil_store_open (":memory:", &error);
  g_autoptr(GPtrArray) posts = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(JsonNode) node = NULL;
  const char *doc = "{\"a\":\"x\\u0000y\",\"n\":123456789012345678901234}";
  g_autoptr(GPtrArray) found = NULL;
  VigilPost *post;
  gint64 id;

  post = vigil_jetstream_parse_event (line, strlen (line), &error);
  g_assert_no_error (error);
  g_assert_nonnull (post);
  g_assert_cmpstr (vigil_post_get_text (post), ==, "before\xe2\x90\x80" "after the NUL, and the rest");
  g_ptr_array_add (posts, post);
  g_assert_true (vigil_store_insert (store, posts, NULL, &error));
  id = vigil_post_get_id (post);
  found = vigil_store_get_posts (store, &id, 1, &error);
  g_assert_cmpstr (vigil_post_get_text (found->pdata[0]), ==, "before\xe2\x90\x80" "after the NUL, and the rest");
  g_assert_nonnull (strstr (vigil_post_get_raw (found->pdata[0]), "\\u0000after"));

  /* json-glib's path too (a document the fast reader leaves to it) */
  node = vigil_json_parse_bounded (doc, strlen (doc), &error);
  g_assert_no_error (error);
  g_assert_cmpstr (json_object_get_string_member (json_node_get_object (node), "a"), ==, "x\xe2\x90\x80y");
}

/* Retention: the purged posts' content is gone, their places and hashes
 * stay, verify stays green; clearing content without a MACed purge record
 * is caught. */
static void
test_retention_purge (void)
{
  g_auto(Tmp) tmp = { 0 };
  g_autoptr(GError) error = NULL;
  g_autoptr(VigilStore) store = NULL;
  g_autoptr(VigilCredentialStore) creds = vigil_memory_credential_store_new ();
  g_autoptr(GBytes) key = test_key (creds);
  g_autoptr(GPtrArray) events = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GDateTime) cut = g_date_time_new_utc (2026, 11, 10, 0, 0, 0);
  g_autoptr(VigilSearchQuery) query = vigil_search_query_new ();
  g_autoptr(GArray) ids = NULL;
  VigilArchiveVerifyOptions options = { 0 };
  VigilArchiveReport report = { 0 };
  VigilPost *edit;
  guint64 purged = 0;
  gint64 id = 2;
  g_autoptr(GPtrArray) got = NULL;

  tmp_init (&tmp);
  store = vigil_store_open (tmp.path, &error);
  insert_posts (store, "p", 20);   /* created 2026-11-01 … 11-20 */
  edit = vigil_post_new (VIGIL_PLATFORM_MASTODON, "p-1");
  vigil_post_set_event (edit, VIGIL_POST_EVENT_EDIT);
  vigil_post_set_text (edit, "kettle complaint edited later");
  g_ptr_array_add (events, edit);
  g_assert_true (vigil_store_insert (store, events, NULL, &error));

  g_assert_true (vigil_archive_purge (store, key, "ana", "mastodon", g_date_time_to_unix (cut) * G_USEC_PER_SEC,
                                      &purged, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (purged, ==, 9);

  options.key = key;
  g_assert_true (vigil_archive_verify (store, &options, &report, &error));
  if (!report.ok)
    g_error ("%s", report.verdict);
  g_assert_cmpuint (report.store.posts, ==, 20);
  vigil_archive_report_clear (&report);

  got = vigil_store_get_posts (store, &id, 1, &error);
  g_assert_null (vigil_post_get_text (got->pdata[0]));
  query->text = g_strdup ("complaint");
  ids = vigil_store_search_ids (store, query, &error);
  g_assert_cmpuint (ids->len, ==, 11);   /* the purged ones are no longer found */
  g_assert_finalize_object (g_steal_pointer (&store));

  /* an attacker clears a post's text under a tombstone of their own */
  raw_exec (tmp.path, "DROP TRIGGER tombstones_no_update; DROP TRIGGER tombstones_no_delete;"
                      "INSERT INTO tombstones SELECT 'posts', id, hash, 0, 1 FROM posts WHERE id = 15;"
                      "UPDATE posts SET text = NULL WHERE id = 15;");
  store = vigil_store_open (tmp.path, &error);
  g_assert_true (vigil_archive_verify (store, &options, &report, &error));
  g_assert_false (report.ok);
  g_test_message ("%s", report.verdict);
  g_assert_nonnull (strstr (report.verdict, "tombstone"));
  vigil_archive_report_clear (&report);
}

static void
append_role (VigilStore *store,
             const char *id,
             const char *body)
{
  g_autoptr(GError) error = NULL;

  g_assert_true (vigil_store_append_record (store, "role", id, VIGIL_RECORD_ANY_VERSION, "admin", 0, body,
                                            NULL, &error));
  g_assert_no_error (error);
}

static guint
count_action (VigilStore *store,
              const char *action,
              const char *actor)
{
  g_autoptr(GPtrArray) all = vigil_store_list_access (store, 0, 0, 0, NULL);
  guint n = 0;

  for (guint i = 0; all && i < all->len; i++)
    {
      VigilAccessEntry *entry = g_ptr_array_index (all, i);
      n += g_str_equal (entry->action, action) && g_str_equal (entry->actor, actor);
    }
  return n;
}

/* The access log is the compliance role's: anyone while no role has
 * members (a single-person archive), then only Compliance's members; a
 * refusal says how to get the role and is logged. */
static void
test_compliance_gate (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(VigilStore) store = vigil_store_open (":memory:", &error);
  g_autoptr(GPtrArray) entries = NULL;

  insert_posts (store, "c", 2);
  g_assert_true (vigil_archive_log_access (store, "bo", "search", 2, &error, "query", "kettle", NULL));

  /* no team: the owner is everything */
  g_assert_cmpint (vigil_archive_access_for (store, "anyone", &error), ==, VIGIL_ARCHIVE_ACCESS_OWNER);
  entries = vigil_archive_read_access_log (store, "anyone", 0, 0, 0, &error);
  g_assert_no_error (error);
  g_assert_nonnull (entries);
  g_clear_pointer (&entries, g_ptr_array_unref);
  /* a role record without members is still no team */
  append_role (store, "legal", "{\"name\":\"Legal\",\"members\":[]}");
  g_assert_cmpint (vigil_archive_access_for (store, "anyone", &error), ==, VIGIL_ARCHIVE_ACCESS_OWNER);

  /* a team without anyone in Compliance: nobody may read it */
  append_role (store, "triage", "{\"name\":\"Triage\",\"members\":[\"bo\"]}");
  g_assert_false (vigil_archive_may_read_access_log (store, "bo", &error));
  g_assert_error (error, VIGIL_ARCHIVE_ERROR, VIGIL_ARCHIVE_ERROR_NOT_PERMITTED);
  g_assert_nonnull (strstr (error->message, "Compliance"));
  g_assert_nonnull (strstr (error->message, "“bo”"));
  g_assert_nonnull (strstr (error->message, "Roles"));
  g_clear_error (&error);
  g_assert_cmpuint (count_action (store, "access-log-refused", "bo"), ==, 1);

  /* ana joins Compliance: she may, bo still may not */
  append_role (store, "compliance", "{\"name\":\"Compliance\",\"members\":[\"ana\",\"\"]}");
  g_assert_cmpint (vigil_archive_access_for (store, "ana", &error), ==, VIGIL_ARCHIVE_ACCESS_COMPLIANCE);
  entries = vigil_archive_read_access_log (store, "ana", 0, 0, 0, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (entries->len, ==, 3);   /* the search, the owner's read, bo's refusal */
  g_assert_cmpstr (((VigilAccessEntry *) entries->pdata[2])->action, ==, "access-log-refused");
  g_clear_pointer (&entries, g_ptr_array_unref);
  entries = vigil_archive_read_access_log (store, "bo", 0, 0, 0, &error);
  g_assert_null (entries);
  g_assert_error (error, VIGIL_ARCHIVE_ERROR, VIGIL_ARCHIVE_ERROR_NOT_PERMITTED);
  g_clear_error (&error);
  g_assert_cmpint (vigil_archive_access_for (store, NULL, &error), ==, VIGIL_ARCHIVE_ACCESS_DENIED);
  g_clear_error (&error);

  /* a later record that leaves the members out keeps them; one that
   * lists others replaces them */
  append_role (store, "compliance", "{\"name\":\"Compliance and Audit\"}");
  g_assert_cmpint (vigil_archive_access_for (store, "ana", &error), ==, VIGIL_ARCHIVE_ACCESS_COMPLIANCE);
  append_role (store, "compliance", "{\"members\":[\"cy\"]}");
  g_assert_cmpint (vigil_archive_access_for (store, "ana", &error), ==, VIGIL_ARCHIVE_ACCESS_DENIED);
  g_clear_error (&error);
  g_assert_cmpint (vigil_archive_access_for (store, "cy", &error), ==, VIGIL_ARCHIVE_ACCESS_COMPLIANCE);
}

/* A post's history: the version first archived, each edit's text and time,
 * the deletion; nothing for an unknown id; purged rows marked. */
static void
test_post_history (void)
{
  g_auto(Tmp) tmp = { 0 };
  g_autoptr(GError) error = NULL;
  g_autoptr(VigilStore) store = NULL;
  g_autoptr(GPtrArray) history = NULL;
  g_autoptr(GPtrArray) events = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(VigilCredentialStore) creds = vigil_memory_credential_store_new ();
  g_autoptr(GBytes) key = test_key (creds);
  static const char * const texts[] = { "kettle complaint edited once", "kettle complaint edited twice" };
  VigilPostVersion *v;
  VigilPost *event;
  gint64 id;

  tmp_init (&tmp);
  store = vigil_store_open (tmp.path, &error);
  insert_posts (store, "h", 3);
  for (guint i = 0; i < G_N_ELEMENTS (texts); i++)
    {
      g_autoptr(GDateTime) at = g_date_time_new_utc (2026, 11, 5 + i, 9, 0, 0);

      event = vigil_post_new (VIGIL_PLATFORM_MASTODON, "h-1");
      vigil_post_set_event (event, VIGIL_POST_EVENT_EDIT);
      vigil_post_set_text (event, texts[i]);
      vigil_post_set_fetched_at (event, at);
      g_ptr_array_add (events, event);
    }
  event = vigil_post_new (VIGIL_PLATFORM_MASTODON, "h-1");
  vigil_post_set_event (event, VIGIL_POST_EVENT_DELETE);
  g_ptr_array_add (events, event);
  g_assert_true (vigil_store_insert (store, events, NULL, &error));
  g_assert_no_error (error);
  id = vigil_post_get_id (g_ptr_array_index (events, 0));
  g_assert_cmpint (id, >, 0);

  history = vigil_store_get_post_history (store, id, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (history->len, ==, 4);
  v = g_ptr_array_index (history, 0);
  g_assert_cmpint (v->kind, ==, VIGIL_POST_VERSION_CREATED);
  g_assert_cmpstr (v->text, ==, "kettle complaint 1 from h");
  g_assert_cmpint (v->row_id, ==, id);
  g_assert_false (v->purged);
  for (guint i = 0; i < G_N_ELEMENTS (texts); i++)
    {
      v = g_ptr_array_index (history, 1 + i);
      g_assert_cmpint (v->kind, ==, VIGIL_POST_VERSION_EDITED);
      g_assert_cmpstr (v->text, ==, texts[i]);
      g_assert_cmpint (v->seq, >, ((VigilPostVersion *) g_ptr_array_index (history, i))->seq);
      g_assert_cmpint (v->archived_us, >, 0);
    }
  g_assert_cmpint (((VigilPostVersion *) g_ptr_array_index (history, 1))->at_us, <,
                   ((VigilPostVersion *) g_ptr_array_index (history, 2))->at_us);
  v = g_ptr_array_index (history, 3);
  g_assert_cmpint (v->kind, ==, VIGIL_POST_VERSION_DELETED);
  g_clear_pointer (&history, g_ptr_array_unref);

  /* another post: its own version only */
  history = vigil_store_get_post_history (store, id + 1, &error);
  g_assert_cmpuint (history->len, ==, 1);
  g_clear_pointer (&history, g_ptr_array_unref);
  history = vigil_store_get_post_history (store, 9999, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (history->len, ==, 0);
  g_clear_pointer (&history, g_ptr_array_unref);

  /* after a purge: the rows are still there, marked, without their text */
  g_assert_true (vigil_archive_purge (store, key, "ana", NULL, G_MAXINT64, NULL, &error));
  g_assert_no_error (error);
  history = vigil_store_get_post_history (store, id, &error);
  g_assert_cmpuint (history->len, ==, 4);
  for (guint i = 0; i < history->len; i++)
    {
      v = g_ptr_array_index (history, i);
      g_assert_true (v->purged);
      g_assert_null (v->text);
    }
}

/* Retention settings (the GSettings value) → plan → purge → verify green;
 * a platform without a retention is untouched. */
static void
test_retention_policy (void)
{
  g_auto(Tmp) tmp = { 0 };
  g_autoptr(GError) error = NULL;
  g_autoptr(VigilStore) store = NULL;
  g_autoptr(VigilCredentialStore) creds = vigil_memory_credential_store_new ();
  g_autoptr(GBytes) key = test_key (creds);
  g_autoptr(GVariant) settings = g_variant_ref_sink (g_variant_new_parsed ("{'mastodon': uint32 20, 'feed': 0}"));
  g_autoptr(GVariant) written = NULL;
  g_autoptr(GPtrArray) bluesky = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GDateTime) now_dt = g_date_time_new_utc (2026, 11, 30, 0, 0, 0);
  gint64 now = g_date_time_to_unix (now_dt) * G_USEC_PER_SEC;
  VigilRetentionRule rules[VIGIL_RETENTION_N_PLATFORMS];
  VigilRetentionRule bad = { "twitter", 3 };
  VigilArchiveVerifyOptions options = { 0 };
  VigilArchiveReport report = { 0 };
  guint64 planned = 0, purged = 0;

  vigil_archive_retention_from_variant (settings, rules);
  g_assert_cmpstr (rules[0].platform, ==, "mastodon");
  g_assert_cmpuint (rules[0].days, ==, 20);
  g_assert_cmpuint (rules[1].days, ==, 0);   /* bluesky: left out = for ever */
  g_assert_cmpuint (rules[2].days, ==, 0);
  written = g_variant_ref_sink (vigil_archive_retention_to_variant (rules));
  g_assert_cmpstr (g_variant_print (written, FALSE), ==, "{'mastodon': 20}");
  vigil_archive_retention_from_variant (NULL, rules);
  g_assert_cmpuint (rules[0].days, ==, 0);   /* off by default */
  g_assert_false (vigil_archive_retention_check (&bad, &error));
  g_assert_error (error, VIGIL_ARCHIVE_ERROR, VIGIL_ARCHIVE_ERROR_INVALID);
  g_clear_error (&error);
  vigil_archive_retention_from_variant (settings, rules);

  tmp_init (&tmp);
  store = vigil_store_open (tmp.path, &error);
  insert_posts (store, "m", 20);   /* mastodon, created 2026-11-01 … 11-20 */
  for (guint i = 0; i < 3; i++)
    {
      g_autofree char *id = g_strdup_printf ("b-%u", i);
      g_autoptr(GDateTime) old = g_date_time_new_utc (2026, 1, 1 + i, 0, 0, 0);
      VigilPost *post = vigil_post_new (VIGIL_PLATFORM_BLUESKY, id);

      vigil_post_set_author (post, "bo.example");
      vigil_post_set_text (post, "an old kettle post");
      vigil_post_set_created_at (post, old);
      g_ptr_array_add (bluesky, post);
    }
  g_assert_true (vigil_store_insert (store, bluesky, NULL, &error));

  /* 20 days before the 30th: the 10th; the 1st–9th go */
  g_assert_true (vigil_archive_retention_plan (store, &rules[0], now, &planned, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (planned, ==, 9);
  g_assert_true (vigil_archive_apply_retention (store, key, "vigil", rules, G_N_ELEMENTS (rules), now,
                                                &purged, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (purged, ==, 9);
  g_assert_true (vigil_archive_retention_plan (store, &rules[0], now, &planned, &error));
  g_assert_cmpuint (planned, ==, 0);
  /* applied again: nothing more, one more purge record */
  g_assert_true (vigil_archive_apply_retention (store, key, "vigil", rules, G_N_ELEMENTS (rules), now,
                                                &purged, &error));
  g_assert_cmpuint (purged, ==, 0);
  {
    g_autoptr(GPtrArray) records = vigil_store_list_records (store, VIGIL_ARCHIVE_PURGE_KIND, NULL, 0, 0, &error);
    g_assert_cmpuint (records->len, ==, 2);
    g_assert_cmpstr (((VigilRecord *) records->pdata[0])->key, ==, "mastodon");
  }

  options.key = key;
  g_assert_true (vigil_archive_verify (store, &options, &report, &error));
  if (!report.ok)
    g_error ("%s", report.verdict);
  vigil_archive_report_clear (&report);
  {
    g_autoptr(VigilSearchQuery) query = vigil_search_query_new ();
    g_autoptr(GArray) ids = NULL;

    query->text = g_strdup ("kettle");
    ids = vigil_store_search_ids (store, query, &error);
    g_assert_cmpuint (ids->len, ==, 11 + 3);   /* the old Bluesky posts stay */
  }
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/vigil/archive/checkpoint-catches-rewrite", test_checkpoint_catches_rewrite);
  g_test_add_func ("/vigil/archive/expect-head-parse", test_expect_head_parse);
  g_test_add_func ("/vigil/archive/backup-while-ingesting", test_backup_while_ingesting);
  g_test_add_func ("/vigil/archive/restore-refuses", test_restore_refuses);
  g_test_add_func ("/vigil/archive/backup-rotate", test_backup_rotate);
  g_test_add_func ("/vigil/archive/access-log-kinds", test_access_log_kinds);
  g_test_add_func ("/vigil/archive/nul-kept-whole", test_nul_kept_whole);
  g_test_add_func ("/vigil/archive/retention-purge", test_retention_purge);
  g_test_add_func ("/vigil/archive/compliance-gate", test_compliance_gate);
  g_test_add_func ("/vigil/archive/post-history", test_post_history);
  g_test_add_func ("/vigil/archive/retention-policy", test_retention_policy);

  return g_test_run ();
}

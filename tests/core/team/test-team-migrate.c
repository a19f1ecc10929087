/* test-team-migrate.c: copying an archive file into a team database
 *
 * A small SQLite archive with posts, edits, deletes, journal records
 * (cases), overrides, an alert, the access log and a blob is copied into a
 * fresh PostgreSQL database: every chain ends on the same head hash, the
 * target verifies, a second run copies nothing, a run after more was
 * archived copies exactly that, and a target with another history is
 * refused untouched.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gstdio.h>
#include <sqlite3.h>

#include "vigil-store-migrate.h"
#include "vigil-test-pg.h"

typedef struct
{
  char       *dir;
  char       *path;
  VigilStore *store;
} Archive;

static VigilPost *
make_post (const char     *remote_id,
           const char     *text,
           VigilPostEvent  event)
{
  VigilPost *post = vigil_post_new (VIGIL_PLATFORM_MASTODON, remote_id);
  g_autoptr(GDateTime) created = g_date_time_new_utc (2026, 11, 3, 12, 0, 0.25);
  const char *tags[] = { "acme", "news", NULL };

  vigil_post_set_event (post, event);
  vigil_post_set_text (post, text);
  if (event == VIGIL_POST_EVENT_CREATE)
    {
      vigil_post_set_author (post, "ada@example.org");
      vigil_post_set_author_name (post, "Ada");
      vigil_post_set_lang (post, "en");
      vigil_post_set_created_at (post, created);
      vigil_post_set_tags (post, tags);
      vigil_post_set_raw (post, "{\"id\":\"raw\"}");
    }
  return post;
}

static void
insert (VigilStore     *store,
        const char     *remote_id,
        const char     *text,
        VigilPostEvent  event)
{
  g_autoptr(GPtrArray) posts = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GError) error = NULL;
  VigilStoreInsertResult result;

  g_ptr_array_add (posts, make_post (remote_id, text, event));
  g_assert_true (vigil_store_insert (store, posts, &result, &error));
  g_assert_no_error (error);
}

static void
append (VigilStore *store,
        const char *key,
        const char *body)
{
  g_autoptr(GError) error = NULL;

  g_assert_true (vigil_store_append_record (store, "case", key, VIGIL_RECORD_ANY_VERSION, "ada",
                                            0, body, NULL, &error));
  g_assert_no_error (error);
}

/* An archive with a bit of everything; prefix makes another history. */
static void
archive_init (Archive    *archive,
              const char *prefix)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) blob = g_bytes_new_static ("\0encrypted\xff", 11);
  VigilAlertRecord alert = { 0, "acme", 1000, 2000, 1000, 600000000, 42, 0.25, 10.5,
                             3.25, 9.5, 2, TRUE, (char *) "42 mentions" };
  gint64 ids[1];

  archive->dir = g_dir_make_tmp ("vigil-migrate-XXXXXX", &error);
  g_assert_no_error (error);
  archive->path = g_build_filename (archive->dir, "vigil.db", NULL);
  archive->store = vigil_store_open (archive->path, &error);
  g_assert_no_error (error);

  for (guint i = 0; i < 7; i++)
    {
      g_autofree char *id = g_strdup_printf ("%s-%u", prefix, i);
      g_autofree char *text = g_strdup_printf ("post %u about acme, café", i);

      insert (archive->store, id, text, VIGIL_POST_EVENT_CREATE);
    }
  {
    g_autofree char *edited = g_strdup_printf ("%s-1", prefix);
    g_autofree char *deleted = g_strdup_printf ("%s-2", prefix);
    g_autofree char *orphan = g_strdup_printf ("%s-never-seen", prefix);

    insert (archive->store, edited, "post 1, edited", VIGIL_POST_EVENT_EDIT);
    insert (archive->store, deleted, NULL, VIGIL_POST_EVENT_DELETE);
    insert (archive->store, orphan, "an edit of a post never seen", VIGIL_POST_EVENT_EDIT);
  }
  append (archive->store, "1", "{\"op\":\"open\",\"post\":1}");
  append (archive->store, "1", "{\"op\":\"assign\",\"role\":\"legal\"}");
  append (archive->store, "2", "{\"op\":\"open\",\"post\":3}");

  ids[0] = vigil_store_get_last_id (archive->store);
  g_assert_true (vigil_store_override_sentiment (archive->store, ids, 1, VIGIL_SENTIMENT_NEGATIVE,
                                                 "ada", &error));
  g_assert_no_error (error);
  g_assert_true (vigil_store_archive_alert (archive->store, &alert, &error));
  g_assert_no_error (error);
  g_assert_true (vigil_store_log_access (archive->store, "ada", "search", "{\"q\":\"acme\"}", &error));
  g_assert_no_error (error);
  g_assert_true (vigil_store_put_blob (archive->store, "dossier", "d1", blob, &error));
  g_assert_no_error (error);
  vigil_store_flush (archive->store);
}

static void
archive_clear (Archive *archive)
{
  g_clear_object (&archive->store);
  if (archive->dir)
    {
      g_autoptr(GDir) dir = g_dir_open (archive->dir, 0, NULL);
      const char *name;

      while (dir && (name = g_dir_read_name (dir)))
        {
          g_autofree char *file = g_build_filename (archive->dir, name, NULL);
          g_unlink (file);
        }
      g_rmdir (archive->dir);
    }
  g_clear_pointer (&archive->dir, g_free);
  g_clear_pointer (&archive->path, g_free);
}

static void
verify_ok (VigilStore             *store,
           VigilStoreVerifyResult *out)
{
  g_autoptr(GError) error = NULL;

  g_assert_true (vigil_store_verify (store, out, &error));
  g_assert_no_error (error);
  if (!out->ok)
    g_error ("verify: %s", out->first_broken);
}

static void
migrate_ok (VigilStore              *source,
            VigilStore              *target,
            guint                    batch,
            VigilStoreMigrateResult *out)
{
  g_autoptr(GError) error = NULL;
  VigilStoreMigrateOptions options = { .batch = batch };

  gboolean ok = vigil_store_migrate (source, target, &options, out, &error);

  g_assert_no_error (error);
  g_assert_true (ok);
  g_assert_true (out->verified);
}

static void
assert_same_heads (VigilStore                    *source,
                   const VigilStoreMigrateResult *result)
{
  VigilStoreVerifyResult verdict = { 0 };

  verify_ok (source, &verdict);
  g_assert_cmpstr (result->head_hash, ==, verdict.head_hash);
  g_assert_cmpstr (result->records_hash, ==, verdict.records_hash);
  g_assert_cmpstr (result->audit_hash, ==, verdict.audit_hash);
  vigil_store_verify_result_clear (&verdict);
}

static void
test_copy_and_resume (gconstpointer data)
{
  guint batch = GPOINTER_TO_UINT (data);
  g_autofree char *uri = vigil_test_pg_create_db ();
  g_autoptr(VigilStore) target = NULL;
  g_autoptr(GError) error = NULL;
  VigilStoreMigrateResult result = { 0 };
  Archive archive = { 0 };

  archive_init (&archive, "a");
  target = vigil_store_open (uri, &error);
  g_assert_no_error (error);

  migrate_ok (archive.store, target, batch, &result);
  g_assert_cmpuint (result.posts, ==, 7);
  g_assert_cmpuint (result.events, ==, 3);
  g_assert_cmpuint (result.records, ==, 3);
  g_assert_cmpuint (result.overrides, ==, 1);
  g_assert_cmpuint (result.alerts, ==, 1);
  g_assert_cmpuint (result.access, ==, 1);
  g_assert_cmpuint (result.blobs, ==, 1);
  g_assert_cmpuint (result.audit, ==, 3);
  assert_same_heads (archive.store, &result);
  vigil_store_migrate_result_clear (&result);

  /* again: nothing to copy */
  migrate_ok (archive.store, target, batch, &result);
  g_assert_cmpuint (result.posts + result.events + result.records + result.audit + result.access
                    + result.overrides + result.alerts + result.blobs + result.tombstones, ==, 0);
  assert_same_heads (archive.store, &result);
  vigil_store_migrate_result_clear (&result);

  /* more archived in the file meanwhile: exactly that is copied */
  insert (archive.store, "a-7", "a late post", VIGIL_POST_EVENT_CREATE);
  insert (archive.store, "a-3", "post 3, edited later", VIGIL_POST_EVENT_EDIT);
  append (archive.store, "2", "{\"op\":\"resolve\"}");
  vigil_store_flush (archive.store);
  migrate_ok (archive.store, target, batch, &result);
  g_assert_cmpuint (result.posts, ==, 1);
  g_assert_cmpuint (result.events, ==, 1);
  g_assert_cmpuint (result.records, ==, 1);
  assert_same_heads (archive.store, &result);
  vigil_store_migrate_result_clear (&result);

  g_clear_object (&target);
  archive_clear (&archive);
  vigil_test_pg_drop_db (uri);
}

/* The features read back, from the team database, what they wrote in the file. */
static void
test_read_back (void)
{
  g_autofree char *uri = vigil_test_pg_create_db ();
  g_autoptr(VigilStore) target = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) records = NULL;
  g_autoptr(GPtrArray) access = NULL;
  g_autoptr(GBytes) blob = NULL;
  g_autoptr(GArray) found = NULL;
  g_autoptr(VigilSearchQuery) query = NULL;
  VigilStoreMigrateResult result = { 0 };
  Archive archive = { 0 };

  archive_init (&archive, "a");
  target = vigil_store_open (uri, &error);
  g_assert_no_error (error);
  migrate_ok (archive.store, target, 0, &result);
  vigil_store_migrate_result_clear (&result);

  /* what the features read back is what they wrote */
  g_assert_cmpint (vigil_store_count_posts (target, NULL), ==, 7);
  records = vigil_store_list_records (target, "case", "1", 0, 0, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (records->len, ==, 2);
  g_assert_cmpint (((VigilRecord *) records->pdata[1])->version, ==, 2);
  blob = vigil_store_get_blob (target, "dossier", "d1", &error);
  g_assert_no_error (error);
  g_assert_nonnull (blob);
  g_assert_cmpuint (g_bytes_get_size (blob), ==, 11);
  access = vigil_store_list_access (target, 0, 0, 0, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (access->len, >=, 1);
  query = vigil_search_query_new ();
  query->text = g_strdup ("edited");
  found = vigil_store_search_ids (target, query, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (found->len, ==, 1);

  g_clear_object (&target);
  archive_clear (&archive);
  vigil_test_pg_drop_db (uri);
}

static void
test_refuse_other_history (void)
{
  g_autofree char *uri = vigil_test_pg_create_db ();
  g_autoptr(VigilStore) target = NULL;
  g_autoptr(GError) error = NULL;
  VigilStoreMigrateResult before = { 0 };
  VigilStoreMigrateResult refused = { 0 };
  VigilStoreMigrateResult after = { 0 };
  Archive ours = { 0 };
  Archive theirs = { 0 };

  archive_init (&ours, "a");
  archive_init (&theirs, "b");
  target = vigil_store_open (uri, &error);
  g_assert_no_error (error);
  migrate_ok (ours.store, target, 0, &before);

  g_assert_false (vigil_store_migrate (theirs.store, target, NULL, &refused, &error));
  g_assert_error (error, VIGIL_STORE_ERROR, VIGIL_STORE_ERROR_CONFLICT);
  g_assert_nonnull (strstr (error->message, "another history"));
  g_test_message ("refused: %s", error->message);

  /* untouched: our archive still continues it, with nothing to copy */
  migrate_ok (ours.store, target, 0, &after);
  g_assert_cmpuint (after.posts + after.events + after.records, ==, 0);
  g_assert_cmpstr (before.head_hash, ==, after.head_hash);
  g_assert_cmpstr (before.records_hash, ==, after.records_hash);
  vigil_store_migrate_result_clear (&before);
  vigil_store_migrate_result_clear (&after);

  g_clear_object (&target);
  archive_clear (&ours);
  archive_clear (&theirs);
  vigil_test_pg_drop_db (uri);
}

/* The team went on after the copy: a run with nothing new is fine; once
 * both sides have written, the histories differ and the copy is refused. */
static void
test_target_went_on (void)
{
  g_autofree char *uri = vigil_test_pg_create_db ();
  g_autoptr(VigilStore) target = NULL;
  g_autoptr(GError) error = NULL;
  VigilStoreMigrateResult result = { 0 };
  Archive archive = { 0 };

  archive_init (&archive, "a");
  target = vigil_store_open (uri, &error);
  g_assert_no_error (error);
  migrate_ok (archive.store, target, 0, &result);
  vigil_store_migrate_result_clear (&result);

  /* a desk on the team database writes to the journal */
  append (target, "3", "{\"op\":\"open\",\"post\":5}");
  migrate_ok (archive.store, target, 0, &result);
  g_assert_cmpuint (result.posts + result.events + result.records, ==, 0);
  vigil_store_migrate_result_clear (&result);

  /* and so does someone on the old file: two histories now */
  append (archive.store, "4", "{\"op\":\"open\",\"post\":6}");
  g_assert_false (vigil_store_migrate (archive.store, target, NULL, &result, &error));
  g_assert_error (error, VIGIL_STORE_ERROR, VIGIL_STORE_ERROR_CONFLICT);
  g_assert_nonnull (strstr (error->message, "journal"));
  g_test_message ("refused: %s", error->message);

  g_clear_object (&target);
  archive_clear (&archive);
  vigil_test_pg_drop_db (uri);
}

/* A file whose chain is broken is not spread: nothing is copied. */
static void
test_refuse_broken_archive (void)
{
  g_autofree char *uri = vigil_test_pg_create_db ();
  g_autoptr(VigilStore) target = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(PGconn) conn = NULL;
  VigilStoreMigrateResult result = { 0 };
  Archive archive = { 0 };
  sqlite3 *db = NULL;

  archive_init (&archive, "a");
  g_clear_object (&archive.store);
  /* someone with the file rewrites a post behind Vigil's back */
  g_assert_cmpint (sqlite3_open (archive.path, &db), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_exec (db, "DROP TRIGGER posts_no_update;"
                                     "UPDATE posts SET text = 'rewritten' WHERE id = 2;",
                                 NULL, NULL, NULL), ==, SQLITE_OK);
  sqlite3_close (db);
  archive.store = vigil_store_open (archive.path, &error);
  g_assert_no_error (error);

  target = vigil_store_open (uri, &error);
  g_assert_no_error (error);
  g_assert_false (vigil_store_migrate (archive.store, target, NULL, &result, &error));
  g_assert_error (error, VIGIL_STORE_ERROR, VIGIL_STORE_ERROR_TAMPERED);
  g_test_message ("refused: %s", error->message);
  conn = vigil_test_pg_connect (uri);
  g_assert_cmpint (vigil_test_pg_int (conn, "SELECT count (*) FROM posts"), ==, 0);

  g_clear_object (&target);
  archive_clear (&archive);
  vigil_test_pg_drop_db (uri);
}

int
main (int   argc,
      char *argv[])
{
  vigil_test_pg_require ();
  g_test_init (&argc, &argv, NULL);

  g_test_add_data_func ("/team/migrate/copy-and-resume", GUINT_TO_POINTER (0), test_copy_and_resume);
  /* batches of 2: the posts chain is cut between posts and events */
  g_test_add_data_func ("/team/migrate/copy-and-resume-small-batches", GUINT_TO_POINTER (2),
                        test_copy_and_resume);
  g_test_add_func ("/team/migrate/refuse-other-history", test_refuse_other_history);
  g_test_add_func ("/team/migrate/refuse-broken-archive", test_refuse_broken_archive);
  g_test_add_func ("/team/migrate/target-went-on", test_target_went_on);
  g_test_add_func ("/team/migrate/read-back", test_read_back);
  return g_test_run ();
}

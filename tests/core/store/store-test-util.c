/* store-test-util.c: helpers shared by the store tests
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>
#include <glib/gstdio.h>

#include "store-test-util.h"
#include "vigil-test-pg.h"

/* From --backend=NAME (meson's "-pg" tests), else VIGIL_TEST_STORE_BACKEND. */
static char *backend_arg;

StoreTestBackend
store_test_backend (void)
{
  const char *name = backend_arg ? backend_arg : g_getenv ("VIGIL_TEST_STORE_BACKEND");

  if (name == NULL || *name == '\0' || g_str_equal (name, "sqlite"))
    return STORE_TEST_SQLITE;
  if (g_str_equal (name, "postgresql"))
    return STORE_TEST_POSTGRESQL;
  g_error ("VIGIL_TEST_STORE_BACKEND=%s: expected sqlite or postgresql", name);
}

gboolean
store_test_is_pg (void)
{
  return store_test_backend () == STORE_TEST_POSTGRESQL;
}

/* The databases store_test_new_uri() made, dropped at exit. */
static GPtrArray *fresh_databases;

static void
drop_fresh_databases (void)
{
  for (guint i = 0; fresh_databases != NULL && i < fresh_databases->len; i++)
    vigil_test_pg_drop_db (g_ptr_array_index (fresh_databases, i));
  g_clear_pointer (&fresh_databases, g_ptr_array_unref);
}

void
store_test_init (int       *argc,
                 char    ***argv,
                 gboolean   isolate_dirs)
{
  int kept = 1;

  for (int i = 1; i < *argc; i++)
    {
      if (g_str_has_prefix ((*argv)[i], "--backend="))
        backend_arg = g_strdup ((*argv)[i] + strlen ("--backend="));
      else
        (*argv)[kept++] = (*argv)[i];
    }
  *argc = kept;
  (*argv)[kept] = NULL;
  if (store_test_is_pg ())
    vigil_test_pg_require ();
  if (isolate_dirs)
    g_test_init (argc, argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);
  else
    g_test_init (argc, argv, NULL);
}

const char *
store_test_new_uri (void)
{
  if (!store_test_is_pg ())
    return ":memory:";
  if (fresh_databases == NULL)
    {
      fresh_databases = g_ptr_array_new_with_free_func (g_free);
      atexit (drop_fresh_databases);
    }
  g_ptr_array_add (fresh_databases, vigil_test_pg_create_db ());
  return g_ptr_array_index (fresh_databases, fresh_databases->len - 1);
}

static void
skip_sqlite_only (void)
{
  g_test_skip ("the subject of this test is SQLite itself (its file, triggers or user_version)");
}

void
store_test_add (const char *path,
                GTestFunc   func)
{
  g_test_add_func (path, func);
}

void
store_test_add_sqlite_only (const char *path,
                            GTestFunc   func)
{
  g_test_add_func (path, store_test_is_pg () ? skip_sqlite_only : func);
}

void
tmp_store_init (TmpStore *tmp)
{
  g_autoptr(GError) error = NULL;

  if (store_test_is_pg ())
    {
      tmp->dir = NULL;
      tmp->path = vigil_test_pg_create_db ();
      return;
    }
  tmp->dir = g_dir_make_tmp ("vigil-store-XXXXXX", &error);
  g_assert_no_error (error);
  tmp->path = g_build_filename (tmp->dir, "archive.db", NULL);
}

void
tmp_store_clear (TmpStore *tmp)
{
  g_autoptr(GDir) dir = NULL;
  const char *name;

  if (tmp->dir == NULL && tmp->path != NULL)
    {
      vigil_test_pg_drop_db (tmp->path);
      g_clear_pointer (&tmp->path, g_free);
      return;
    }
  if (tmp->dir == NULL)
    return;
  dir = g_dir_open (tmp->dir, 0, NULL);
  while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *file = g_build_filename (tmp->dir, name, NULL);
      g_unlink (file);
    }
  g_rmdir (tmp->dir);
  g_clear_pointer (&tmp->dir, g_free);
  g_clear_pointer (&tmp->path, g_free);
}

VigilPost *
make_post (VigilPlatform  platform,
           const char    *remote_id,
           const char    *author,
           const char    *text,
           int            day)
{
  VigilPost *post = vigil_post_new (platform, remote_id);
  g_autoptr(GDateTime) created = g_date_time_new_utc (2026, 11, day, 12, 0, 0.25);
  const char *tags[] = { "acme", "news", NULL };

  vigil_post_set_author (post, author);
  vigil_post_set_author_name (post, "Some Person");
  vigil_post_set_text (post, text);
  vigil_post_set_lang (post, "en");
  vigil_post_set_url (post, "https://example.org/p/1");
  vigil_post_set_created_at (post, created);
  vigil_post_set_tags (post, tags);
  vigil_post_set_metrics (post, 1, 2, 3);
  vigil_post_set_raw (post, "{\"id\":\"raw\"}");
  return post;
}

VigilPost *
make_event (VigilPlatform   platform,
            const char     *remote_id,
            VigilPostEvent  event,
            const char     *text)
{
  VigilPost *post = vigil_post_new (platform, remote_id);

  vigil_post_set_event (post, event);
  vigil_post_set_text (post, text);
  return post;
}

GPtrArray *
posts_new (void)
{
  return g_ptr_array_new_with_free_func (g_object_unref);
}

void
insert_ok (VigilStore             *store,
           GPtrArray              *posts,
           VigilStoreInsertResult *result)
{
  g_autoptr(GError) error = NULL;
  VigilStoreInsertResult ignored;

  g_assert_true (vigil_store_insert (store, posts, result ? result : &ignored, &error));
  g_assert_no_error (error);
}

/* Inserts n simple posts "<prefix>-<i>" with day 1 + i % 28. */
void
insert_many (VigilStore *store,
             const char *prefix,
             guint       n)
{
  g_autoptr(GPtrArray) posts = posts_new ();

  for (guint i = 0; i < n; i++)
    {
      g_autofree char *id = g_strdup_printf ("%s-%u", prefix, i);
      g_autofree char *text = g_strdup_printf ("post number %u from %s", i, prefix);
      g_ptr_array_add (posts, make_post (VIGIL_PLATFORM_MASTODON, id, "alice@example.org", text,
                                         1 + i % 28));
    }
  insert_ok (store, posts, NULL);
}

VigilPost *
get_post (VigilStore *store,
          gint64      id)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) posts = vigil_store_get_posts (store, &id, 1, &error);

  g_assert_no_error (error);
  g_assert_cmpuint (posts->len, ==, 1);
  return g_object_ref (g_ptr_array_index (posts, 0));
}

GArray *
search (VigilStore *store,
        const char *text)
{
  g_autoptr(VigilSearchQuery) query = vigil_search_query_new ();
  g_autoptr(GError) error = NULL;
  GArray *ids;

  query->text = g_strdup (text);
  ids = vigil_store_search_ids (store, query, &error);
  g_assert_no_error (error);
  g_assert_nonnull (ids);
  return ids;
}

guint
search_count (VigilStore *store,
              const char *text)
{
  g_autoptr(GArray) ids = search (store, text);
  return ids->len;
}

void
raw_tamper (const char *path,
            const char *sqlite_drop,
            const char *sql)
{
  if (store_test_is_pg ())
    {
      g_autoptr(PGconn) conn = vigil_test_pg_connect (path);
      vigil_test_pg_exec (conn, "SET session_replication_role = replica");
      vigil_test_pg_exec (conn, sql);
    }
  else
    {
      sqlite3 *db = raw_open (path);
      if (sqlite_drop != NULL)
        raw_exec (db, sqlite_drop);
      raw_exec (db, sql);
      sqlite3_close (db);
    }
}

gint64
raw_query_int (const char *path,
               const char *sql)
{
  gint64 value;

  if (store_test_is_pg ())
    {
      g_autoptr(PGconn) conn = vigil_test_pg_connect (path);
      return vigil_test_pg_int (conn, sql);
    }
  else
    {
      sqlite3 *db = raw_open (path);
      value = raw_int (db, sql);
      sqlite3_close (db);
    }
  return value;
}

sqlite3 *
raw_open (const char *path)
{
  sqlite3 *db = NULL;

  g_assert_cmpint (sqlite3_open (path, &db), ==, SQLITE_OK);
  sqlite3_busy_timeout (db, 5000);
  return db;
}

void
raw_exec (sqlite3    *db,
          const char *sql)
{
  char *msg = NULL;

  if (sqlite3_exec (db, sql, NULL, NULL, &msg) != SQLITE_OK)
    g_error ("%s: %s", sql, msg);
}

gint64
raw_int (sqlite3    *db,
         const char *sql)
{
  sqlite3_stmt *stmt = NULL;
  gint64 value;

  g_assert_cmpint (sqlite3_prepare_v2 (db, sql, -1, &stmt, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
  value = sqlite3_column_int64 (stmt, 0);
  sqlite3_finalize (stmt);
  return value;
}

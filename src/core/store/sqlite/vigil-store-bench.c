/* vigil-store-bench.c: a bare SQLite baseline for `vigil-cli bench ingest`
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "vigil-store-bench"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <sqlite3.h>

#include "vigil-store-bench.h"
#include "vigil-store-private.h"
#include "vigil-store.h"

static gboolean
bench_exec (sqlite3     *db,
            const char  *sql,
            GError     **error)
{
  char *msg = NULL;

  if (sqlite3_exec (db, sql, NULL, NULL, &msg) != SQLITE_OK)
    {
      g_set_error (error, VIGIL_STORE_ERROR, VIGIL_STORE_ERROR_SQL,
                   _("Bare SQLite benchmark failed: %s"), msg ? msg : sqlite3_errmsg (db));
      sqlite3_free (msg);
      return FALSE;
    }
  return TRUE;
}

double
vigil_store_bench_bare_insert (const char  *path,
                               guint        count,
                               GError     **error)
{
  sqlite3 *db = NULL;
  sqlite3_stmt *stmt = NULL;
  g_autoptr(GString) text = g_string_new (NULL);
  char remote_id[32];
  char author[32];
  gint64 start, elapsed;
  double rate = -1;

  g_return_val_if_fail (path != NULL, -1);

  if (g_file_test (path, G_FILE_TEST_EXISTS))
    {
      g_set_error (error, VIGIL_STORE_ERROR, VIGIL_STORE_ERROR_OPEN,
                   _("The benchmark file %s already exists; choose a new path"), path);
      return -1;
    }
  if (sqlite3_open_v2 (path, &db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, NULL) != SQLITE_OK)
    {
      g_set_error (error, VIGIL_STORE_ERROR, VIGIL_STORE_ERROR_OPEN,
                   _("Could not create the benchmark file %s: %s"), path, sqlite3_errmsg (db));
      goto out;
    }
  if (!bench_exec (db,
                   "PRAGMA journal_mode = WAL;"
                   "PRAGMA synchronous = NORMAL;"
                   "CREATE TABLE bare (id INTEGER PRIMARY KEY, platform TEXT, remote_id TEXT,"
                   " author TEXT, author_name TEXT, url TEXT, text TEXT, lang TEXT,"
                   " created_us INTEGER, raw TEXT);", error))
    goto out;
  if (sqlite3_prepare_v2 (db, "INSERT INTO bare (platform, remote_id, author, author_name, url,"
                              " text, lang, created_us, raw) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                          -1, &stmt, NULL) != SQLITE_OK)
    {
      g_set_error (error, VIGIL_STORE_ERROR, VIGIL_STORE_ERROR_SQL,
                   _("Bare SQLite benchmark failed: %s"), sqlite3_errmsg (db));
      goto out;
    }

  start = g_get_monotonic_time ();
  if (!bench_exec (db, "BEGIN IMMEDIATE", error))
    goto out;
  for (guint i = 0; i < count; i++)
    {
      g_snprintf (remote_id, sizeof remote_id, "%u", 100000000u + i);
      g_snprintf (author, sizeof author, "user%u@example.org", i % 5000);
      g_string_printf (text, "Post %u about the quarterly results, the new résumé policy "
                             "and customer service at the Acme store #acme %u", i, i * 7919u);
      sqlite3_bind_text (stmt, 1, "mastodon", -1, SQLITE_STATIC);
      sqlite3_bind_text (stmt, 2, remote_id, -1, SQLITE_STATIC);
      sqlite3_bind_text (stmt, 3, author, -1, SQLITE_STATIC);
      sqlite3_bind_text (stmt, 4, "A Person", -1, SQLITE_STATIC);
      sqlite3_bind_text (stmt, 5, "https://example.org/@user/1", -1, SQLITE_STATIC);
      sqlite3_bind_text (stmt, 6, text->str, text->len, SQLITE_STATIC);
      sqlite3_bind_text (stmt, 7, "en", -1, SQLITE_STATIC);
      sqlite3_bind_int64 (stmt, 8, 1795000000000000 + (gint64) i * 1000000);
      sqlite3_bind_text (stmt, 9, text->str, text->len, SQLITE_STATIC);
      if (sqlite3_step (stmt) != SQLITE_DONE)
        {
          g_set_error (error, VIGIL_STORE_ERROR, VIGIL_STORE_ERROR_SQL,
                       _("Bare SQLite benchmark failed: %s"), sqlite3_errmsg (db));
          goto out;
        }
      sqlite3_reset (stmt);
    }
  if (!bench_exec (db, "COMMIT", error))
    goto out;
  elapsed = g_get_monotonic_time () - start;
  rate = count / (MAX (elapsed, 1) / (double) G_USEC_PER_SEC);

out:
  sqlite3_finalize (stmt);
  sqlite3_close (db);
  return rate;
}

static gboolean
bench_step (sqlite3       *db,
            sqlite3_stmt  *stmt,
            GError       **error)
{
  int rc = sqlite3_step (stmt);

  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    {
      g_set_error (error, VIGIL_STORE_ERROR, VIGIL_STORE_ERROR_SQL,
                   _("Bare SQLite benchmark failed: %s"), sqlite3_errmsg (db));
      return FALSE;
    }
  return TRUE;
}

static void
bench_bind_text (sqlite3_stmt *stmt,
                 int           index,
                 const char   *text)
{
  if (text != NULL)
    sqlite3_bind_text (stmt, index, text, -1, SQLITE_STATIC);
  else
    sqlite3_bind_null (stmt, index);
}

double
vigil_store_bench_bare_insert_posts (const char  *path,
                                     GPtrArray   *posts,
                                     guint        batch,
                                     gboolean     fts,
                                     GError     **error)
{
  sqlite3 *db = NULL;
  sqlite3_stmt *stmt = NULL;
  sqlite3_stmt *fts_stmt = NULL;
  g_autoptr(GString) tags = g_string_new (NULL);
  gint64 start, elapsed;
  double rate = -1;

  g_return_val_if_fail (path != NULL, -1);
  g_return_val_if_fail (posts != NULL, -1);

  batch = MAX (batch, 1);
  if (g_file_test (path, G_FILE_TEST_EXISTS))
    {
      g_set_error (error, VIGIL_STORE_ERROR, VIGIL_STORE_ERROR_OPEN,
                   _("The benchmark file %s already exists; choose a new path"), path);
      return -1;
    }
  if (sqlite3_open_v2 (path, &db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, NULL) != SQLITE_OK)
    {
      g_set_error (error, VIGIL_STORE_ERROR, VIGIL_STORE_ERROR_OPEN,
                   _("Could not create the benchmark file %s: %s"), path, sqlite3_errmsg (db));
      goto out;
    }
  if (!bench_exec (db,
                   "PRAGMA page_size = 8192;"
                   "PRAGMA journal_mode = WAL;"
                   "PRAGMA synchronous = NORMAL;"
                   "PRAGMA cache_size = -65536;"
                   "PRAGMA temp_store = MEMORY;"
                   "PRAGMA wal_autocheckpoint = 8192;"
                   "CREATE TABLE bare (id INTEGER PRIMARY KEY, platform TEXT, remote_id TEXT,"
                   " author TEXT, author_name TEXT, url TEXT, text TEXT, lang TEXT,"
                   " created_us INTEGER, raw TEXT);", error))
    goto out;
  if (fts && !bench_exec (db,
                          "CREATE VIRTUAL TABLE bare_fts USING fts5 ("
                          "  text, author, author_name, tags,"
                          "  content = '', columnsize = 0,"
                          "  tokenize = 'unicode61 remove_diacritics 2');"
                          "INSERT INTO bare_fts (bare_fts, rank) VALUES ('automerge', 8);",
                          error))
    goto out;
  if (sqlite3_prepare_v2 (db, "INSERT INTO bare (platform, remote_id, author, author_name, url,"
                              " text, lang, created_us, raw) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                          -1, &stmt, NULL) != SQLITE_OK
      || (fts && sqlite3_prepare_v2 (db, "INSERT INTO bare_fts (rowid, text, author, author_name, tags)"
                                         " VALUES (?, ?, ?, ?, ?)", -1, &fts_stmt, NULL) != SQLITE_OK))
    {
      g_set_error (error, VIGIL_STORE_ERROR, VIGIL_STORE_ERROR_SQL,
                   _("Bare SQLite benchmark failed: %s"), sqlite3_errmsg (db));
      goto out;
    }

  start = g_get_monotonic_time ();
  for (guint i = 0; i < posts->len; i++)
    {
      VigilPost *post = g_ptr_array_index (posts, i);
      GDateTime *created = vigil_post_get_created_at (post);

      if (i % batch == 0 && !bench_exec (db, "BEGIN IMMEDIATE", error))
        goto out;
      bench_bind_text (stmt, 1, vigil_post_get_platform_name (post));
      bench_bind_text (stmt, 2, vigil_post_get_remote_id (post));
      bench_bind_text (stmt, 3, vigil_post_get_author (post));
      bench_bind_text (stmt, 4, vigil_post_get_author_name (post));
      bench_bind_text (stmt, 5, vigil_post_get_url (post));
      bench_bind_text (stmt, 6, vigil_post_get_text (post));
      bench_bind_text (stmt, 7, vigil_post_get_lang (post));
      if (created != NULL)
        sqlite3_bind_int64 (stmt, 8, _vigil_store_time_to_us (created));
      else
        sqlite3_bind_null (stmt, 8);
      bench_bind_text (stmt, 9, vigil_post_get_raw (post));
      if (!bench_step (db, stmt, error))
        goto out;
      if (fts)
        {
          const char *joined = _vigil_store_join_list (tags, vigil_post_get_tags (post));

          sqlite3_bind_int64 (fts_stmt, 1, sqlite3_last_insert_rowid (db));
          bench_bind_text (fts_stmt, 2, vigil_post_get_text (post));
          bench_bind_text (fts_stmt, 3, vigil_post_get_author (post));
          bench_bind_text (fts_stmt, 4, vigil_post_get_author_name (post));
          bench_bind_text (fts_stmt, 5, joined);
          if (!bench_step (db, fts_stmt, error))
            goto out;
        }
      if ((i + 1) % batch == 0 || i + 1 == posts->len)
        if (!bench_exec (db, "COMMIT", error))
          goto out;
    }
  elapsed = g_get_monotonic_time () - start;
  rate = posts->len / (MAX (elapsed, 1) / (double) G_USEC_PER_SEC);

out:
  sqlite3_finalize (stmt);
  sqlite3_finalize (fts_stmt);
  sqlite3_close (db);
  return rate;
}

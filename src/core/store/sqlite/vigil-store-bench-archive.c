/* vigil-store-bench-archive.c: the LIKE baseline for archive search
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "vigil-store-bench"

#include "config.h"

#include "vigil-store-bench-archive.h"
#include "vigil-store-private.h"

#include <glib/gstdio.h>

gint64
vigil_store_bench_like_search (const char  *path,
                               const char  *term,
                               guint        limit,
                               GError     **error)
{
  g_autofree char *pattern = g_strdup_printf ("%%%s%%", term);
  sqlite3 *db = NULL;
  sqlite3_stmt *stmt = NULL;
  gint64 n = 0;
  int rc;

  if (sqlite3_open_v2 (path, &db, SQLITE_OPEN_READONLY, NULL) != SQLITE_OK
      || !(stmt = _vigil_store_prepare (db, "SELECT id FROM posts WHERE text LIKE ? "
                                        "ORDER BY created_us DESC, id DESC LIMIT ?", error)))
    {
      if (error && !*error)
        _vigil_store_set_error (error, db, "open");
      sqlite3_close (db);
      return -1;
    }
  sqlite3_bind_text (stmt, 1, pattern, -1, SQLITE_STATIC);
  sqlite3_bind_int64 (stmt, 2, limit);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    n++;
  sqlite3_finalize (stmt);
  sqlite3_close (db);
  return rc == SQLITE_DONE ? n : -1;
}

gint64
vigil_store_bench_checkpoint (const char  *path,
                              GError     **error)
{
  g_autofree char *wal = g_strconcat (path, "-wal", NULL);
  sqlite3 *db = NULL;
  GStatBuf st;
  gint64 bytes = 0;

  if (sqlite3_open_v2 (path, &db, SQLITE_OPEN_READWRITE, NULL) != SQLITE_OK
      || !_vigil_store_exec (db, "PRAGMA wal_checkpoint (TRUNCATE);", error))
    {
      if (error && !*error)
        _vigil_store_set_error (error, db, "open");
      sqlite3_close (db);
      return -1;
    }
  sqlite3_close (db);
  if (g_stat (path, &st) == 0)
    bytes += st.st_size;
  if (g_stat (wal, &st) == 0)
    bytes += st.st_size;
  return bytes;
}

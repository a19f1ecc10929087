/* vigil-sqlite-statement.c: prepare once, bind, step, reset
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "vigil-sqlite-statement"

#include "config.h"

#include "vigil-sqlite-statement.h"
#include "vigil-store-private.h"

struct _VigilSqliteStatement
{
  sqlite3      *db;
  sqlite3_stmt *stmt;
};

static void
set_error (GError     **error,
           sqlite3     *db,
           const char  *what)
{
  _vigil_store_set_error (error, db, what);
}

VigilSqliteStatement *
_vigil_sqlite_statement_new (sqlite3     *db,
                             const char  *sql,
                             GError     **error)
{
  sqlite3_stmt *prepared = _vigil_store_prepare (db, sql, error);
  VigilSqliteStatement *stmt;

  if (prepared == NULL)
    return NULL;
  stmt = g_new0 (VigilSqliteStatement, 1);
  stmt->db = db;
  stmt->stmt = prepared;
  return stmt;
}

void
_vigil_sqlite_statement_free (VigilSqliteStatement *stmt)
{
  if (stmt == NULL)
    return;
  sqlite3_finalize (stmt->stmt);
  g_free (stmt);
}

sqlite3_stmt *
_vigil_sqlite_statement_get (VigilSqliteStatement *stmt)
{
  return stmt->stmt;
}

void
_vigil_sqlite_statement_bind_text (VigilSqliteStatement *stmt,
                                   int                   index,
                                   const char           *text)
{
  if (text != NULL)
    sqlite3_bind_text (stmt->stmt, index, text, -1, SQLITE_STATIC);
  else
    sqlite3_bind_null (stmt->stmt, index);
}

void
_vigil_sqlite_statement_bind_int64 (VigilSqliteStatement *stmt,
                                    int                   index,
                                    gint64                value)
{
  sqlite3_bind_int64 (stmt->stmt, index, value);
}

void
_vigil_sqlite_statement_bind_int_or_null (VigilSqliteStatement *stmt,
                                          int                   index,
                                          gint64                value,
                                          gboolean              known)
{
  if (known)
    sqlite3_bind_int64 (stmt->stmt, index, value);
  else
    sqlite3_bind_null (stmt->stmt, index);
}

void
_vigil_sqlite_statement_bind_null (VigilSqliteStatement *stmt,
                                   int                   index)
{
  sqlite3_bind_null (stmt->stmt, index);
}

void
_vigil_sqlite_statement_bind_blob (VigilSqliteStatement *stmt,
                                   int                   index,
                                   const void           *data,
                                   gsize                 length)
{
  sqlite3_bind_blob (stmt->stmt, index, data, (int) length, SQLITE_STATIC);
}

int
_vigil_sqlite_statement_step (VigilSqliteStatement  *stmt,
                              const char            *what,
                              GError               **error)
{
  int rc = sqlite3_step (stmt->stmt);

  if (rc == SQLITE_ROW)
    return 1;
  if (rc == SQLITE_DONE)
    return 0;
  set_error (error, stmt->db, what);
  return -1;
}

void
_vigil_sqlite_statement_reset (VigilSqliteStatement *stmt)
{
  sqlite3_reset (stmt->stmt);
}

gboolean
_vigil_sqlite_statement_run (VigilSqliteStatement  *stmt,
                             const char            *what,
                             GError               **error)
{
  int rc = _vigil_sqlite_statement_step (stmt, what, error);

  sqlite3_reset (stmt->stmt);
  return rc >= 0;
}

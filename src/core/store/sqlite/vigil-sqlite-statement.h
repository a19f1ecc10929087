/* vigil-sqlite-statement.h: one statement helper for the SQLite backend
 *
 * Prepare once (a long-lived, persistent statement), bind, step, reset:
 * the backend's code binds NULL-able text and integers and maps a failed
 * step to a GError in one place instead of repeating it at every call.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <sqlite3.h>

#include <glib.h>

G_BEGIN_DECLS

typedef struct _VigilSqliteStatement VigilSqliteStatement;

/* NULL (and error set) when SQLite refuses sql. */
VigilSqliteStatement *_vigil_sqlite_statement_new      (sqlite3               *db,
                                                        const char            *sql,
                                                        GError               **error);
void                  _vigil_sqlite_statement_free     (VigilSqliteStatement  *stmt);
/* The prepared statement, for binds and columns the helpers don't cover. */
sqlite3_stmt         *_vigil_sqlite_statement_get      (VigilSqliteStatement  *stmt);

/* Binds (1-based index). Text is bound without a copy: it must live until
 * the statement is stepped. */
void                  _vigil_sqlite_statement_bind_text  (VigilSqliteStatement *stmt,
                                                          int                   index,
                                                          const char           *text);
void                  _vigil_sqlite_statement_bind_int64 (VigilSqliteStatement *stmt,
                                                          int                   index,
                                                          gint64                value);
/* value, or NULL when !known */
void                  _vigil_sqlite_statement_bind_int_or_null (VigilSqliteStatement *stmt,
                                                                int                   index,
                                                                gint64                value,
                                                                gboolean              known);
void                  _vigil_sqlite_statement_bind_null  (VigilSqliteStatement *stmt,
                                                          int                   index);
void                  _vigil_sqlite_statement_bind_blob  (VigilSqliteStatement *stmt,
                                                          int                   index,
                                                          const void           *data,
                                                          gsize                 length);

/* Runs a statement that returns no row to read: steps it once and resets
 * it. FALSE, with error = what (translated) and SQLite's message, when
 * it fails. */
gboolean              _vigil_sqlite_statement_run      (VigilSqliteStatement  *stmt,
                                                        const char            *what,
                                                        GError               **error);
/* Steps once: 1 a row is ready (read it with sqlite3_column_*()), 0 done,
 * -1 failed (error set with what). Reset with _vigil_sqlite_statement_reset(). */
int                   _vigil_sqlite_statement_step     (VigilSqliteStatement  *stmt,
                                                        const char            *what,
                                                        GError               **error);
void                  _vigil_sqlite_statement_reset    (VigilSqliteStatement  *stmt);

G_END_DECLS

/* vigil-store-chain-export.c: the SQLite backend's rows, for vigil_store_migrate()
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The export_rows vfunc: a table's columns as stored (type included, so
 * that the rows hash the same wherever they are copied), on the read
 * connection under read_lock. The table and column names come from the
 * fixed list in vigil-store-migrate.c, never from input.
 */
#define G_LOG_DOMAIN "vigil-sqlite-store"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "vigil-sqlite-store-private.h"
#include "vigil-store-migrate.h"

static char *
build_select (const VigilStoreExportQuery *query)
{
  const VigilStoreTableSpec *t = query->table;
  GString *sql = g_string_new (NULL);

  g_string_append_printf (sql, "SELECT %s FROM %s", t->columns, t->name);
  if (t->key)
    {
      g_string_append_printf (sql, " WHERE %s > ?1", t->key);
      if (query->upto > 0)
        g_string_append_printf (sql, " AND %s <= ?2", t->key);
      g_string_append_printf (sql, " ORDER BY %s%s", t->key, query->descending ? " DESC" : "");
    }
  if (query->limit > 0)
    g_string_append_printf (sql, " LIMIT %u", query->limit);
  return g_string_free (sql, FALSE);
}

static VigilStoreRow *
read_row (sqlite3_stmt              *stmt,
          const VigilStoreTableSpec *table)
{
  VigilStoreRow *row = vigil_store_row_new (table);

  for (guint i = 0; i < table->n_columns; i++)
    {
      VigilStoreValue *v = &row->values[i];

      switch (sqlite3_column_type (stmt, i))
        {
        case SQLITE_INTEGER:
          v->type = VIGIL_STORE_VALUE_INT;
          v->i = sqlite3_column_int64 (stmt, i);
          break;
        case SQLITE_FLOAT:
          v->type = VIGIL_STORE_VALUE_REAL;
          v->d = sqlite3_column_double (stmt, i);
          break;
        case SQLITE_TEXT:
        case SQLITE_BLOB:
          v->type = sqlite3_column_type (stmt, i) == SQLITE_TEXT ? VIGIL_STORE_VALUE_TEXT
                                                                 : VIGIL_STORE_VALUE_BLOB;
          v->len = sqlite3_column_bytes (stmt, i);
          v->s = g_malloc (v->len + 1);
          if (v->len > 0)
            memcpy (v->s, sqlite3_column_blob (stmt, i), v->len);
          v->s[v->len] = '\0';
          break;
        default:
          v->type = VIGIL_STORE_VALUE_NULL;
          break;
        }
    }
  return row;
}

static GPtrArray *
sqlite_store_export_rows (VigilStore                  *store,
                          const VigilStoreExportQuery *query,
                          GError                     **error)
{
  VigilSqliteStore *self = VIGIL_SQLITE_STORE (store);
  g_autofree char *sql = build_select (query);
  g_autoptr(GPtrArray) rows = g_ptr_array_new_with_free_func ((GDestroyNotify) vigil_store_row_free);
  sqlite3_stmt *stmt = NULL;
  int rc;

  read_lock (self);
  if (sqlite3_prepare_v2 (self->read_db, sql, -1, &stmt, NULL) != SQLITE_OK)
    {
      _vigil_store_set_error (error, self->read_db, _("Could not read the archive to copy it"));
      read_unlock (self);
      return NULL;
    }
  sqlite3_bind_int64 (stmt, 1, query->after);
  if (query->upto > 0)
    sqlite3_bind_int64 (stmt, 2, query->upto);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    g_ptr_array_add (rows, read_row (stmt, query->table));
  if (rc != SQLITE_DONE)
    _vigil_store_set_error (error, self->read_db, _("Could not read the archive to copy it"));
  sqlite3_finalize (stmt);
  read_unlock (self);
  return rc == SQLITE_DONE ? g_steal_pointer (&rows) : NULL;
}

void
_vigil_sqlite_store_class_init_export (VigilStoreClass *store_class)
{
  store_class->export_rows = sqlite_store_export_rows;
}

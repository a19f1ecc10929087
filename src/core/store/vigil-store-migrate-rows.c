/* vigil-store-migrate-rows.c: the rows backends exchange when an archive is copied
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The tables vigil_store_migrate() copies, with the same names and columns
 * on every backend, and the rows and values it reads and writes through the
 * export_rows and import_rows vfuncs.
 */
#define G_LOG_DOMAIN "vigil-store-migrate"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "vigil-store-migrate-private.h"

static const VigilStoreTableSpec tables[] = {
  { "posts", VIGIL_POSTS_CHAIN_COLUMNS ", prev_hash, hash", VIGIL_POSTS_N_CHAIN_COLUMNS + 2,
    "id", "id", VIGIL_STORE_CONFLICT_FAIL, "chain_head", 1, VIGIL_POSTS_N_CHAIN_COLUMNS,
    VIGIL_POSTS_N_CHAIN_COLUMNS + 1, VIGIL_CHAIN_LABEL_POSTS },
  { "events", VIGIL_EVENTS_CHAIN_COLUMNS ", prev_hash, hash", VIGIL_EVENTS_N_CHAIN_COLUMNS + 2,
    "id", "id", VIGIL_STORE_CONFLICT_FAIL, "chain_head", 1, VIGIL_EVENTS_N_CHAIN_COLUMNS,
    VIGIL_EVENTS_N_CHAIN_COLUMNS + 1, VIGIL_CHAIN_LABEL_EVENTS },
  { "chain_head", "id, count, last_hash, head_hash", 4,
    NULL, "id", VIGIL_STORE_CONFLICT_UPDATE, NULL, -1, -1, -1 },
  { "records", "seq, kind, key, version, actor, at_us, body, prev_hash, hash", 9,
    "seq", "seq", VIGIL_STORE_CONFLICT_FAIL, "journal_head", 0, 7, 8, "vigil.records.v1" },
  { "journal_head", "id, count, last_hash", 3,
    NULL, "id", VIGIL_STORE_CONFLICT_UPDATE, NULL, -1, -1, -1 },
  { "sentiment_overrides", "id, post_id, label, actor, at_us", 5,
    "id", "id", VIGIL_STORE_CONFLICT_FAIL, NULL, -1, -1, -1 },
  { "alerts", "id, watch, started_us, updated_us, window_start_us, window_us, count, "
              "negative_share, mean, stddev, z, severity, ongoing, description, archived_us", 15,
    "id", "id", VIGIL_STORE_CONFLICT_FAIL, NULL, -1, -1, -1 },
  { "access_log", "id, at_us, actor, action, detail", 5,
    "id", "id", VIGIL_STORE_CONFLICT_FAIL, NULL, -1, -1, -1 },
  { "audit_chain", "seq, tbl, row_id, prev_hash, hash", 5,
    "seq", "seq", VIGIL_STORE_CONFLICT_FAIL, "audit_head", 0, 3, 4 },
  { "audit_head", "id, count, last_hash, sealed_us", 4,
    NULL, "id", VIGIL_STORE_CONFLICT_UPDATE, NULL, -1, -1, -1 },
  { "annotations", "post_id, label, compound, override, lang, categories, watches, reach, ots, "
                   "imp_score, imp_reasons, moderation, dup_group, dup_count, updated_us", 15,
    "post_id", "post_id", VIGIL_STORE_CONFLICT_UPDATE, NULL, -1, -1, -1 },
  { "author_profiles", "post_id, following, account_created_us, has_avatar, has_bio", 5,
    "post_id", "post_id", VIGIL_STORE_CONFLICT_IGNORE, NULL, -1, -1, -1 },
  /* derived, mutable: the current state a post's events left, by the seq
   * of the last one */
  { "post_state", "last_seq, platform, remote_id, deleted, edited, text, spoiler, title, tags, media", 10,
    "last_seq", "platform, remote_id", VIGIL_STORE_CONFLICT_UPDATE, NULL, -1, -1, -1 },
  { "tombstones", "tbl, row_id, hash, purged_us, record_seq", 5,
    NULL, "tbl, row_id", VIGIL_STORE_CONFLICT_IGNORE, NULL, -1, -1, -1 },
  { "blobs", "kind, key, data", 3,
    NULL, "kind, key", VIGIL_STORE_CONFLICT_UPDATE, NULL, -1, -1, -1 },
};

/* The head rows' columns: id, count, last_hash[, head_hash | sealed_us] */
#define HEAD_COUNT 1
#define HEAD_LAST  2

const VigilStoreTableSpec *
vigil_store_table_spec (const char *name)
{
  for (guint i = 0; i < G_N_ELEMENTS (tables); i++)
    if (g_strcmp0 (tables[i].name, name) == 0)
      return &tables[i];
  return NULL;
}

VigilStoreRow *
vigil_store_row_new (const VigilStoreTableSpec *table)
{
  VigilStoreRow *row = g_new0 (VigilStoreRow, 1);

  row->table = table;
  row->n_values = table->n_columns;
  row->values = g_new0 (VigilStoreValue, table->n_columns);
  return row;
}

void
vigil_store_row_free (VigilStoreRow *row)
{
  if (row == NULL)
    return;
  for (guint i = 0; i < row->n_values; i++)
    g_free (row->values[i].s);
  g_free (row->values);
  g_free (row);
}

VigilStoreRow *
_vigil_store_row_copy (const VigilStoreRow *row)
{
  VigilStoreRow *copy = vigil_store_row_new (row->table);

  for (guint i = 0; i < row->n_values; i++)
    {
      copy->values[i] = row->values[i];
      copy->values[i].s = row->values[i].s ? g_memdup2 (row->values[i].s, row->values[i].len + 1) : NULL;
    }
  return copy;
}

void
_vigil_store_value_set_blob (VigilStoreValue *value,
                             const guint8    *data,
                             gsize            len)
{
  g_free (value->s);
  value->type = VIGIL_STORE_VALUE_BLOB;
  value->s = g_malloc (len + 1);
  memcpy (value->s, data, len);
  value->s[len] = '\0';
  value->len = len;
}

void
_vigil_store_value_set_int (VigilStoreValue *value,
                            gint64           i)
{
  g_clear_pointer (&value->s, g_free);
  value->type = VIGIL_STORE_VALUE_INT;
  value->i = i;
  value->len = 0;
}

static gboolean
value_equal (const VigilStoreValue *a,
             const VigilStoreValue *b)
{
  if (a->type != b->type)
    return FALSE;
  switch (a->type)
    {
    case VIGIL_STORE_VALUE_NULL:
      return TRUE;
    case VIGIL_STORE_VALUE_INT:
      return a->i == b->i;
    case VIGIL_STORE_VALUE_REAL:
      return a->d == b->d;
    default:
      return a->len == b->len && memcmp (a->s, b->s, a->len) == 0;
    }
}

gboolean
_vigil_store_row_equal (const VigilStoreRow *a,
                        const VigilStoreRow *b)
{
  if (a->n_values != b->n_values)
    return FALSE;
  for (guint i = 0; i < a->n_values; i++)
    if (!value_equal (&a->values[i], &b->values[i]))
      return FALSE;
  return TRUE;
}

GPtrArray *
vigil_store_export_rows (VigilStore                   *self,
                         const VigilStoreExportQuery  *query,
                         GError                      **error)
{
  g_return_val_if_fail (VIGIL_IS_STORE (self), NULL);
  g_return_val_if_fail (query && query->table, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (VIGIL_STORE_GET_CLASS (self)->export_rows == NULL)
    {
      g_set_error (error, VIGIL_STORE_ERROR, VIGIL_STORE_ERROR_UNSUPPORTED,
                   _("This kind of archive can't be copied from"));
      return NULL;
    }
  return VIGIL_STORE_GET_CLASS (self)->export_rows (self, query, error);
}

gboolean
vigil_store_import_rows (VigilStore  *self,
                         GPtrArray   *rows,
                         GError     **error)
{
  g_return_val_if_fail (VIGIL_IS_STORE (self), FALSE);
  g_return_val_if_fail (rows != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (VIGIL_STORE_GET_CLASS (self)->import_rows == NULL)
    {
      g_set_error (error, VIGIL_STORE_ERROR, VIGIL_STORE_ERROR_UNSUPPORTED,
                   _("This kind of archive can't be copied into; copy into a team database "
                     "(postgresql://…)"));
      return FALSE;
    }
  if (rows->len == 0)
    return TRUE;
  return VIGIL_STORE_GET_CLASS (self)->import_rows (self, rows, error);
}

void
vigil_store_migrate_result_clear (VigilStoreMigrateResult *result)
{
  g_clear_pointer (&result->head_hash, g_free);
  g_clear_pointer (&result->records_hash, g_free);
  g_clear_pointer (&result->audit_hash, g_free);
}

/* "value\x1fvalue\x1f" of the first n_key columns */
char *
_vigil_store_row_key_string (const VigilStoreRow *row,
                             guint                n_key)
{
  GString *key = g_string_new (NULL);

  for (guint k = 0; k < n_key; k++)
    {
      if (row->values[k].type == VIGIL_STORE_VALUE_INT)
        g_string_append_printf (key, "%" G_GINT64_FORMAT, row->values[k].i);
      else if (row->values[k].s)
        g_string_append_len (key, row->values[k].s, row->values[k].len);
      g_string_append_c (key, '\x1f');
    }
  return g_string_free (key, FALSE);
}

/* --- Reading ------------------------------------------------------------- */

GPtrArray *
_vigil_store_export_range (VigilStore  *store,
                           const char  *table,
                           gint64       after,
                           gint64       upto,
                           guint        limit,
                           gboolean     descending,
                           GError     **error)
{
  VigilStoreExportQuery query = { vigil_store_table_spec (table), after, upto, limit, descending };

  g_assert (query.table != NULL);
  return vigil_store_export_rows (store, &query, error);
}

/* The row with the highest key, or NULL (*error unset) when the table is empty. */
VigilStoreRow *
_vigil_store_last_row (VigilStore  *store,
                       const char  *table,
                       GError     **error)
{
  g_autoptr(GPtrArray) rows = _vigil_store_export_range (store, table, 0, 0, 1, TRUE, error);

  if (rows == NULL || rows->len == 0)
    return NULL;
  return g_ptr_array_steal_index (rows, 0);
}

VigilStoreRow *
_vigil_store_row_at (VigilStore  *store,
                     const char  *table,
                     gint64       key,
                     GError     **error)
{
  g_autoptr(GPtrArray) rows = _vigil_store_export_range (store, table, key - 1, key, 1, FALSE, error);

  if (rows == NULL || rows->len == 0)
    return NULL;
  return g_ptr_array_steal_index (rows, 0);
}

/* The head row (id 1) of a chain, or NULL when there is none yet. */
VigilStoreRow *
_vigil_store_read_head (VigilStore  *store,
                        const char  *head,
                        GError     **error)
{
  g_autoptr(GPtrArray) rows = _vigil_store_export_range (store, head, 0, 0, 0, FALSE, error);

  if (rows == NULL || rows->len == 0)
    return NULL;
  return g_ptr_array_steal_index (rows, 0);
}

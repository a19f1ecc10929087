/* vigil-store-audit.c: the audit chain (overrides, alerts, the access log)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The rows a reviewer relies on that are not posts or events —
 * sentiment_overrides (a person's decision), alerts (what Vigil raised) and
 * access_log (who read what) — are chained in audit_chain (format 5): one
 * entry per row, in the order they were written,
 *
 *   hash = SHA-256 ("vigil.audit.v1", prev_hash, table name, the row's columns)
 *
 * with a head (count, last hash) in audit_head. A separate chain keeps the
 * posts chain's format, and every archive written before, unchanged. Rows
 * written before format 5 are sealed into the chain the first time this
 * version opens the archive: from then on they can't change unseen; what
 * happened to them before cannot be proven (docs/archive-integrity.md).
 *
 * Each append runs inside the caller's write transaction and reads the head
 * from the file, so two processes writing one archive keep one chain.
 */
#define G_LOG_DOMAIN "vigil-store-audit"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "vigil-store-private.h"

#define VIGIL_CHAIN_LABEL_AUDIT "vigil.audit.v1"
#define MAX_AUDIT_FIELDS 16
#define MAX_LOG_FIELD   256
#define MAX_LOG_DETAIL  (64 * 1024)

typedef struct
{
  const char *table;
  const char *columns;
  guint       n_columns;
  int         at_column;     /* the row's time, for reports */
  int         who_column;    /* -1: none */
} AuditTable;

static const AuditTable audit_tables[] = {
  { "sentiment_overrides", "id, post_id, label, actor, at_us", 5, 4, 3 },
  { "alerts", "id, watch, started_us, updated_us, window_start_us, window_us, count, "
              "negative_share, mean, stddev, z, severity, ongoing, description, archived_us",
    15, 14, -1 },
  { "access_log", "id, at_us, actor, action, detail", 5, 1, 2 },
};

static const AuditTable *
find_table (const char *name)
{
  for (guint i = 0; i < G_N_ELEMENTS (audit_tables); i++)
    if (g_strcmp0 (audit_tables[i].table, name) == 0)
      return &audit_tables[i];
  return NULL;
}

struct _VigilStoreAudit
{
  sqlite3      *db;
  sqlite3_stmt *head;
  sqlite3_stmt *insert;
  sqlite3_stmt *set_head;
  sqlite3_stmt *rows[G_N_ELEMENTS (audit_tables)];
  GChecksum    *sum;
};

void
_vigil_store_audit_free (VigilStoreAudit *audit)
{
  if (audit == NULL)
    return;
  sqlite3_finalize (audit->head);
  sqlite3_finalize (audit->insert);
  sqlite3_finalize (audit->set_head);
  for (guint i = 0; i < G_N_ELEMENTS (audit->rows); i++)
    sqlite3_finalize (audit->rows[i]);
  g_clear_pointer (&audit->sum, g_checksum_free);
  g_free (audit);
}

VigilStoreAudit *
_vigil_store_audit_new (sqlite3  *db,
                        GError  **error)
{
  VigilStoreAudit *audit = g_new0 (VigilStoreAudit, 1);

  audit->db = db;
  audit->sum = g_checksum_new (G_CHECKSUM_SHA256);
  if (!(audit->head = _vigil_store_prepare (db, "SELECT count, last_hash FROM audit_head WHERE id = 1",
                                            error))
      || !(audit->insert = _vigil_store_prepare (db, "INSERT INTO audit_chain (seq, tbl, row_id, "
                                                 "prev_hash, hash) VALUES (?, ?, ?, ?, ?)", error))
      || !(audit->set_head = _vigil_store_prepare (db, "INSERT INTO audit_head (id, count, last_hash, "
                                                   "sealed_us) VALUES (1, ?, ?, ?) ON CONFLICT (id) "
                                                   "DO UPDATE SET count = excluded.count, "
                                                   "last_hash = excluded.last_hash", error)))
    goto fail;
  for (guint i = 0; i < G_N_ELEMENTS (audit_tables); i++)
    {
      g_autofree char *sql = g_strdup_printf ("SELECT %s FROM %s WHERE id = ?",
                                              audit_tables[i].columns, audit_tables[i].table);

      if (!(audit->rows[i] = _vigil_store_prepare (db, sql, error)))
        goto fail;
    }
  return audit;

fail:
  _vigil_store_audit_free (audit);
  return NULL;
}

/* hash of one audited row (stmt stepped onto it) */
static void
hash_row (GChecksum        *sum,
          const AuditTable *table,
          sqlite3_stmt     *stmt,
          const guint8     *prev,
          guint8           *out)
{
  VigilChainField fields[MAX_AUDIT_FIELDS + 1];

  vigil_chain_field_text (&fields[0], table->table);
  _vigil_chain_read_fields (stmt, fields + 1, table->n_columns);
  _vigil_chain_hash_row (sum, VIGIL_CHAIN_LABEL_AUDIT, prev, fields, table->n_columns + 1, out);
}

static int
table_index (const AuditTable *table)
{
  return (int) (table - audit_tables);
}

/* Inside the caller's write transaction: chains row row_id of table. */
gboolean
_vigil_store_audit_append (VigilStoreAudit  *audit,
                           const char       *table_name,
                           gint64            row_id,
                           GError          **error)
{
  const AuditTable *table = find_table (table_name);
  sqlite3_stmt *row;
  guint8 prev[VIGIL_HASH_LEN] = { 0 };
  guint8 hash[VIGIL_HASH_LEN];
  gint64 count = 0;
  gboolean have_head = FALSE;
  int rc;

  g_assert (table != NULL);
  if (sqlite3_step (audit->head) == SQLITE_ROW)
    {
      have_head = TRUE;
      count = sqlite3_column_int64 (audit->head, 0);
      if (sqlite3_column_bytes (audit->head, 1) == VIGIL_HASH_LEN)
        memcpy (prev, sqlite3_column_blob (audit->head, 1), VIGIL_HASH_LEN);
    }
  sqlite3_reset (audit->head);
  (void) have_head;

  row = audit->rows[table_index (table)];
  sqlite3_bind_int64 (row, 1, row_id);
  rc = sqlite3_step (row);
  if (rc != SQLITE_ROW)
    {
      sqlite3_reset (row);
      _vigil_store_set_error (error, audit->db, _("Could not chain an audit row"));
      return FALSE;
    }
  hash_row (audit->sum, table, row, prev, hash);
  sqlite3_reset (row);

  sqlite3_bind_int64 (audit->insert, 1, count + 1);
  sqlite3_bind_text (audit->insert, 2, table->table, -1, SQLITE_STATIC);
  sqlite3_bind_int64 (audit->insert, 3, row_id);
  sqlite3_bind_blob (audit->insert, 4, prev, VIGIL_HASH_LEN, SQLITE_STATIC);
  sqlite3_bind_blob (audit->insert, 5, hash, VIGIL_HASH_LEN, SQLITE_STATIC);
  rc = sqlite3_step (audit->insert);
  sqlite3_reset (audit->insert);
  if (rc != SQLITE_DONE)
    {
      _vigil_store_set_error (error, audit->db, _("Could not chain an audit row"));
      return FALSE;
    }
  sqlite3_bind_int64 (audit->set_head, 1, count + 1);
  sqlite3_bind_blob (audit->set_head, 2, hash, VIGIL_HASH_LEN, SQLITE_STATIC);
  sqlite3_bind_int64 (audit->set_head, 3, g_get_real_time ());
  rc = sqlite3_step (audit->set_head);
  sqlite3_reset (audit->set_head);
  if (rc != SQLITE_DONE)
    {
      _vigil_store_set_error (error, audit->db, _("Could not chain an audit row"));
      return FALSE;
    }
  return TRUE;
}

/* At open, on the write connection: the first time this version opens an
 * archive, chains the rows written before format 5 (one transaction). */
gboolean
_vigil_store_audit_seal (sqlite3  *db,
                         GError  **error)
{
  g_autoptr(GError) local_error = NULL;
  VigilStoreAudit *audit;
  sqlite3_stmt *stmt = NULL;
  gboolean ok = TRUE;
  int rc;

  if (sqlite3_prepare_v2 (db, "SELECT 1 FROM audit_head WHERE id = 1", -1, &stmt, NULL) != SQLITE_OK)
    {
      _vigil_store_set_error (error, db, _("Could not read the audit chain"));
      return FALSE;
    }
  rc = sqlite3_step (stmt);
  sqlite3_finalize (stmt);
  if (rc == SQLITE_ROW)
    return TRUE;

  if (!_vigil_store_exec (db, "BEGIN IMMEDIATE", error))
    return FALSE;
  if (!(audit = _vigil_store_audit_new (db, error)))
    {
      sqlite3_exec (db, "ROLLBACK", NULL, NULL, NULL);
      return FALSE;
    }
  /* another process may have sealed it meanwhile */
  rc = sqlite3_step (audit->head);
  sqlite3_reset (audit->head);
  if (rc == SQLITE_DONE)
    {
      for (guint i = 0; ok && i < G_N_ELEMENTS (audit_tables); i++)
        {
          g_autofree char *sql = g_strdup_printf ("SELECT id FROM %s ORDER BY id", audit_tables[i].table);
          sqlite3_stmt *ids = _vigil_store_prepare (db, sql, &local_error);

          ok = ids != NULL;
          while (ok && (rc = sqlite3_step (ids)) == SQLITE_ROW)
            ok = _vigil_store_audit_append (audit, audit_tables[i].table, sqlite3_column_int64 (ids, 0),
                                            &local_error);
          sqlite3_finalize (ids);
        }
      if (ok)
        {
          /* an empty chain still gets its head: from now on it must exist */
          static const guint8 zero[VIGIL_HASH_LEN] = { 0 };

          sqlite3_bind_int64 (audit->set_head, 1, 0);
          sqlite3_bind_blob (audit->set_head, 2, zero, VIGIL_HASH_LEN, SQLITE_STATIC);
          sqlite3_bind_int64 (audit->set_head, 3, g_get_real_time ());
          ok = sqlite3_step (audit->head) == SQLITE_ROW
               || sqlite3_step (audit->set_head) == SQLITE_DONE;
          sqlite3_reset (audit->head);
          sqlite3_reset (audit->set_head);
          if (!ok)
            _vigil_store_set_error (&local_error, db, _("Could not seal the audit chain"));
        }
    }
  else if (rc != SQLITE_ROW)
    {
      ok = FALSE;
      _vigil_store_set_error (&local_error, db, _("Could not read the audit chain"));
    }
  _vigil_store_audit_free (audit);

  if (ok && _vigil_store_exec (db, "COMMIT", &local_error))
    return TRUE;
  sqlite3_exec (db, "ROLLBACK", NULL, NULL, NULL);
  g_propagate_error (error, g_steal_pointer (&local_error));
  return FALSE;
}

/* Cuts s to at most max bytes on a character boundary, valid UTF-8. */
static char *
bounded (const char *s,
         gsize       max)
{
  const char *end;

  if (s == NULL)
    return NULL;
  if (strlen (s) <= max)
    return g_utf8_make_valid (s, -1);
  end = g_utf8_find_prev_char (s, s + max + 1);
  return g_utf8_make_valid (s, end ? end - s : 0);
}

/* One access-log entry, chained, in its own transaction (worker thread). */
gboolean
_vigil_store_audit_log (sqlite3     *db,
                        const char  *actor,
                        const char  *action,
                        const char  *detail,
                        GError     **error)
{
  g_autofree char *b_actor = bounded (actor && actor[0] ? actor : "?", MAX_LOG_FIELD);
  g_autofree char *b_action = bounded (action && action[0] ? action : "?", MAX_LOG_FIELD);
  g_autofree char *b_detail = bounded (detail, MAX_LOG_DETAIL);
  g_autoptr(GError) local_error = NULL;
  VigilStoreAudit *audit = NULL;
  sqlite3_stmt *insert = NULL;
  gboolean ok;

  if (!_vigil_store_exec (db, "BEGIN IMMEDIATE", error))
    return FALSE;
  ok = (audit = _vigil_store_audit_new (db, &local_error)) != NULL
       && (insert = _vigil_store_prepare (db, "INSERT INTO access_log (at_us, actor, action, detail) "
                                          "VALUES (?, ?, ?, ?)", &local_error)) != NULL;
  if (ok)
    {
      sqlite3_bind_int64 (insert, 1, g_get_real_time ());
      sqlite3_bind_text (insert, 2, b_actor, -1, SQLITE_STATIC);
      sqlite3_bind_text (insert, 3, b_action, -1, SQLITE_STATIC);
      if (b_detail)
        sqlite3_bind_text (insert, 4, b_detail, -1, SQLITE_STATIC);
      ok = sqlite3_step (insert) == SQLITE_DONE;
      if (!ok)
        _vigil_store_set_error (&local_error, db, _("Could not write to the access log"));
    }
  ok = ok && _vigil_store_audit_append (audit, "access_log", sqlite3_last_insert_rowid (db),
                                        &local_error);
  sqlite3_finalize (insert);
  _vigil_store_audit_free (audit);
  if (ok && _vigil_store_exec (db, "COMMIT", &local_error))
    return TRUE;
  sqlite3_exec (db, "ROLLBACK", NULL, NULL, NULL);
  g_propagate_error (error, g_steal_pointer (&local_error));
  return FALSE;
}

/* "access_log row 12 (2026-12-06 02:33:09 UTC, by ana)" */
static char *
describe_audit_row (const AuditTable *table,
                    gint64            row_id,
                    sqlite3_stmt     *row)
{
  g_autofree char *when = NULL;
  const char *who = NULL;

  if (row != NULL && sqlite3_column_type (row, table->at_column) == SQLITE_INTEGER)
    when = _vigil_store_format_time (sqlite3_column_int64 (row, table->at_column));
  if (row != NULL && table->who_column >= 0)
    who = (const char *) sqlite3_column_text (row, table->who_column);
  if (when && who)
    return g_strdup_printf (_("%s row %" G_GINT64_FORMAT " (%s, by %s)"), table->table, row_id, when, who);
  if (when)
    return g_strdup_printf (_("%s row %" G_GINT64_FORMAT " (%s)"), table->table, row_id, when);
  return g_strdup_printf (_("%s row %" G_GINT64_FORMAT), table->table, row_id);
}

static char *
find_unchained (sqlite3 *db)
{
  for (guint i = 0; i < G_N_ELEMENTS (audit_tables); i++)
    {
      const AuditTable *table = &audit_tables[i];
      g_autofree char *sql = g_strdup_printf ("SELECT %s FROM %s t WHERE NOT EXISTS (SELECT 1 FROM "
                                              "audit_chain c WHERE c.tbl = '%s' AND c.row_id = t.id) "
                                              "ORDER BY id LIMIT 1",
                                              table->columns, table->table, table->table);
      sqlite3_stmt *stmt = NULL;
      char *found = NULL;

      if (sqlite3_prepare_v2 (db, sql, -1, &stmt, NULL) != SQLITE_OK)
        continue;
      if (sqlite3_step (stmt) == SQLITE_ROW)
        {
          g_autofree char *row = describe_audit_row (table, sqlite3_column_int64 (stmt, 0), stmt);
          found = g_strdup_printf (_("%s: it is not in the audit chain (it was added outside Vigil)"), row);
        }
      sqlite3_finalize (stmt);
      if (found)
        return found;
    }
  return NULL;
}

/* Walks the audit chain inside the caller's read transaction. */
gboolean
_vigil_store_audit_verify (sqlite3   *db,
                           guint64   *out_count,
                           guint8    *out_last_hash,
                           char     **out_broken,
                           GError   **error)
{
  g_autoptr(GChecksum) sum = g_checksum_new (G_CHECKSUM_SHA256);
  VigilStoreAudit *audit;
  sqlite3_stmt *walk;
  guint8 prev[VIGIL_HASH_LEN] = { 0 };
  gint64 expected = 1;
  char *broken = NULL;
  int rc = SQLITE_DONE;

  *out_broken = NULL;
  *out_count = 0;
  if (!(audit = _vigil_store_audit_new (db, error)))
    return FALSE;
  if (!(walk = _vigil_store_prepare (db, "SELECT seq, tbl, row_id, prev_hash, hash FROM audit_chain "
                                     "ORDER BY seq", error)))
    {
      _vigil_store_audit_free (audit);
      return FALSE;
    }

  while (!broken && (rc = sqlite3_step (walk)) == SQLITE_ROW)
    {
      gint64 seq = sqlite3_column_int64 (walk, 0);
      const AuditTable *table = find_table ((const char *) sqlite3_column_text (walk, 1));
      gint64 row_id = sqlite3_column_int64 (walk, 2);
      guint8 hash[VIGIL_HASH_LEN];
      sqlite3_stmt *row;

      if (seq != expected)
        {
          broken = g_strdup_printf (_("audit chain entry %" G_GINT64_FORMAT ": %" G_GINT64_FORMAT
                                      " entr(ies) before it were removed or moved"),
                                    seq, seq - expected);
          break;
        }
      if (table == NULL)
        {
          broken = g_strdup_printf (_("audit chain entry %" G_GINT64_FORMAT ": names no audited table "
                                      "(it was altered)"), seq);
          break;
        }
      if (sqlite3_column_bytes (walk, 3) != VIGIL_HASH_LEN
          || memcmp (sqlite3_column_blob (walk, 3), prev, VIGIL_HASH_LEN) != 0)
        {
          broken = g_strdup_printf (_("audit chain entry %" G_GINT64_FORMAT " (%s row %" G_GINT64_FORMAT
                                      "): it no longer follows the entry before it"),
                                    seq, table->table, row_id);
          break;
        }
      row = audit->rows[table_index (table)];
      sqlite3_bind_int64 (row, 1, row_id);
      if (sqlite3_step (row) != SQLITE_ROW)
        broken = g_strdup_printf (_("%s row %" G_GINT64_FORMAT ": it was removed (the audit chain "
                                    "holds it as entry %" G_GINT64_FORMAT ")"),
                                  table->table, row_id, seq);
      else
        {
          hash_row (sum, table, row, prev, hash);
          if (sqlite3_column_bytes (walk, 4) != VIGIL_HASH_LEN
              || memcmp (sqlite3_column_blob (walk, 4), hash, VIGIL_HASH_LEN) != 0)
            {
              g_autofree char *what = describe_audit_row (table, row_id, row);
              broken = g_strdup_printf (_("%s: its content does not match its hash (the row was altered)"),
                                        what);
            }
        }
      sqlite3_reset (row);
      if (sqlite3_column_bytes (walk, 4) == VIGIL_HASH_LEN)
        memcpy (prev, sqlite3_column_blob (walk, 4), VIGIL_HASH_LEN);
      expected++;
    }
  sqlite3_finalize (walk);
  _vigil_store_audit_free (audit);
  if (!broken && rc != SQLITE_DONE)
    {
      _vigil_store_set_error (error, db, _("Could not read the audit chain"));
      return FALSE;
    }

  if (!broken)
    {
      sqlite3_stmt *head = _vigil_store_prepare (db, "SELECT count, last_hash FROM audit_head "
                                                 "WHERE id = 1", error);

      if (head == NULL)
        return FALSE;
      if (sqlite3_step (head) == SQLITE_ROW)
        {
          gint64 count = sqlite3_column_int64 (head, 0);

          if (count != expected - 1
              || (count > 0 && (sqlite3_column_bytes (head, 1) != VIGIL_HASH_LEN
                                || memcmp (sqlite3_column_blob (head, 1), prev, VIGIL_HASH_LEN) != 0)))
            broken = g_strdup_printf (_("the audit chain's head says %" G_GINT64_FORMAT " entr(ies) but "
                                        "%" G_GINT64_FORMAT " follow one another: entries were removed "
                                        "or added at the end"), count, expected - 1);
        }
      else
        broken = g_strdup (_("the audit chain's head is missing (it was removed)"));
      sqlite3_finalize (head);
    }
  if (!broken)
    broken = find_unchained (db);

  *out_broken = broken;
  *out_count = (guint64) (expected - 1);
  if (out_last_hash)
    memcpy (out_last_hash, prev, VIGIL_HASH_LEN);
  return TRUE;
}

/* The hash of entry seq of the audit chain (for anchors); FALSE if none. */
gboolean
_vigil_store_audit_hash_at (sqlite3 *db,
                            guint64  seq,
                            guint8  *out_hash)
{
  sqlite3_stmt *stmt = NULL;
  gboolean found = FALSE;

  if (sqlite3_prepare_v2 (db, "SELECT hash FROM audit_chain WHERE seq = ?", -1, &stmt, NULL) != SQLITE_OK)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, (gint64) seq);
  if (sqlite3_step (stmt) == SQLITE_ROW && sqlite3_column_bytes (stmt, 0) == VIGIL_HASH_LEN)
    {
      memcpy (out_hash, sqlite3_column_blob (stmt, 0), VIGIL_HASH_LEN);
      found = TRUE;
    }
  sqlite3_finalize (stmt);
  return found;
}

/* Access-log entries in [since, until), oldest first (any connection). */
GPtrArray *
_vigil_store_read_access (sqlite3     *db,
                          gint64       since_us,
                          gint64       until_us,
                          guint        limit,
                          GError     **error)
{
  g_autoptr(GPtrArray) out = g_ptr_array_new_with_free_func ((GDestroyNotify) vigil_access_entry_free);
  sqlite3_stmt *stmt;
  int rc;

  if (!(stmt = _vigil_store_prepare (db, "SELECT id, at_us, actor, action, detail FROM access_log "
                                     "WHERE at_us >= ?1 AND (?2 = 0 OR at_us < ?2) ORDER BY id LIMIT ?3",
                                     error)))
    return NULL;
  sqlite3_bind_int64 (stmt, 1, since_us);
  sqlite3_bind_int64 (stmt, 2, until_us);
  sqlite3_bind_int64 (stmt, 3, limit > 0 ? (gint64) limit : -1);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      VigilAccessEntry *entry = g_new0 (VigilAccessEntry, 1);

      entry->id = sqlite3_column_int64 (stmt, 0);
      entry->at_us = sqlite3_column_int64 (stmt, 1);
      entry->actor = g_strdup ((const char *) sqlite3_column_text (stmt, 2));
      entry->action = g_strdup ((const char *) sqlite3_column_text (stmt, 3));
      entry->detail = g_strdup ((const char *) sqlite3_column_text (stmt, 4));
      g_ptr_array_add (out, entry);
    }
  sqlite3_finalize (stmt);
  if (rc != SQLITE_DONE)
    {
      _vigil_store_set_error (error, db, _("Could not read the access log"));
      return NULL;
    }
  return g_steal_pointer (&out);
}

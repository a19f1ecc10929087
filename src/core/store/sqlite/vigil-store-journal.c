/* vigil-store-journal.c: the journal's records and the blobs (SQLite)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * records: append-only (triggers), one row per record, in seq order, with
 * a hash chain of its own ("vigil.records.v1": prev_hash → hash over seq,
 * kind, key, version, actor, at_us, body) and a head row in journal_head
 * (count, last hash), so that a record removed from the end is caught too.
 * (kind, key, version) is unique: two writers can't both append version N.
 * blobs: mutable bytes outside the chain, by (kind, key).
 *
 * Writes run on the store's worker, each in its own BEGIN IMMEDIATE
 * transaction that reads the current head and version from the file, so two
 * processes appending to one archive keep one chain.
 */
#define G_LOG_DOMAIN "vigil-store-journal"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "vigil-store-private.h"

#define VIGIL_CHAIN_LABEL_RECORDS "vigil.records.v1"
#define RECORD_N_FIELDS 7

/* What the journal accepts: bodies are documents, not archives of files. */

struct _VigilStoreJournal
{
  sqlite3      *db;
  sqlite3_stmt *begin;
  sqlite3_stmt *commit;
  sqlite3_stmt *rollback;
  sqlite3_stmt *head;
  sqlite3_stmt *version;
  sqlite3_stmt *insert;
  sqlite3_stmt *set_head;
  sqlite3_stmt *put_blob;
  sqlite3_stmt *delete_blob;
  GChecksum    *sum;
};

static void
record_fields (const VigilRecord *record,
               VigilChainField   *fields)
{
  vigil_chain_field_int (&fields[0], record->seq);
  vigil_chain_field_text (&fields[1], record->kind);
  vigil_chain_field_text (&fields[2], record->key);
  vigil_chain_field_int (&fields[3], record->version);
  vigil_chain_field_text (&fields[4], record->actor);
  vigil_chain_field_int (&fields[5], record->at_us);
  vigil_chain_field_text (&fields[6], record->body);
}

void
_vigil_store_journal_free (VigilStoreJournal *j)
{
  if (j == NULL)
    return;
  sqlite3_finalize (j->begin);
  sqlite3_finalize (j->commit);
  sqlite3_finalize (j->rollback);
  sqlite3_finalize (j->head);
  sqlite3_finalize (j->version);
  sqlite3_finalize (j->insert);
  sqlite3_finalize (j->set_head);
  sqlite3_finalize (j->put_blob);
  sqlite3_finalize (j->delete_blob);
  g_clear_pointer (&j->sum, g_checksum_free);
  g_free (j);
}

VigilStoreJournal *
_vigil_store_journal_new (sqlite3  *db,
                          GError  **error)
{
  VigilStoreJournal *j = g_new0 (VigilStoreJournal, 1);

  j->db = db;
  j->sum = g_checksum_new (G_CHECKSUM_SHA256);
  if (!(j->begin = _vigil_store_prepare (db, "BEGIN IMMEDIATE", error))
      || !(j->commit = _vigil_store_prepare (db, "COMMIT", error))
      || !(j->rollback = _vigil_store_prepare (db, "ROLLBACK", error))
      || !(j->head = _vigil_store_prepare (db, "SELECT count, last_hash FROM journal_head WHERE id = 1",
                                           error))
      || !(j->version = _vigil_store_prepare (db, "SELECT coalesce (max (version), 0) FROM records "
                                              "WHERE kind = ? AND key = ?", error))
      || !(j->insert = _vigil_store_prepare (db, "INSERT INTO records (seq, kind, key, version, actor, "
                                             "at_us, body, prev_hash, hash) "
                                             "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)", error))
      || !(j->set_head = _vigil_store_prepare (db, "INSERT OR REPLACE INTO journal_head "
                                               "(id, count, last_hash) VALUES (1, ?, ?)", error))
      || !(j->put_blob = _vigil_store_prepare (db, "INSERT OR REPLACE INTO blobs (kind, key, data) "
                                               "VALUES (?, ?, ?)", error))
      || !(j->delete_blob = _vigil_store_prepare (db, "DELETE FROM blobs WHERE kind = ? AND key = ?",
                                                  error)))
    {
      _vigil_store_journal_free (j);
      return NULL;
    }
  return j;
}

static gboolean
step_done (VigilStoreJournal  *j,
           sqlite3_stmt       *stmt,
           const char         *what,
           GError            **error)
{
  int rc = sqlite3_step (stmt);

  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE && rc != SQLITE_ROW)
    {
      _vigil_store_set_error (error, j->db, what);
      return FALSE;
    }
  return TRUE;
}

static gboolean
finish (VigilStoreJournal  *j,
        gboolean            ok,
        GError            **error)
{
  if (ok)
    return step_done (j, j->commit, _("Could not write to the archive"), error);
  sqlite3_step (j->rollback);
  sqlite3_reset (j->rollback);
  return FALSE;
}

/* Appends record (seq and version are set on success). */
gboolean
_vigil_store_journal_append (VigilStoreJournal  *j,
                             VigilRecord        *record,
                             gint64              expected_version,
                             GError            **error)
{
  VigilChainField fields[RECORD_N_FIELDS];
  guint8 prev[VIGIL_HASH_LEN] = { 0 };
  guint8 hash[VIGIL_HASH_LEN];
  gint64 count = 0, version;
  gboolean ok;

  if (!_vigil_record_check_sizes (record, error))
    return FALSE;
  if (!step_done (j, j->begin, _("Could not start writing to the archive"), error))
    return FALSE;

  if (sqlite3_step (j->head) == SQLITE_ROW)
    {
      count = sqlite3_column_int64 (j->head, 0);
      if (sqlite3_column_bytes (j->head, 1) == VIGIL_HASH_LEN)
        memcpy (prev, sqlite3_column_blob (j->head, 1), VIGIL_HASH_LEN);
    }
  sqlite3_reset (j->head);

  sqlite3_bind_text (j->version, 1, record->kind, -1, SQLITE_STATIC);
  sqlite3_bind_text (j->version, 2, record->key, -1, SQLITE_STATIC);
  version = sqlite3_step (j->version) == SQLITE_ROW ? sqlite3_column_int64 (j->version, 0) : -1;
  sqlite3_reset (j->version);
  if (version < 0)
    {
      _vigil_store_set_error (error, j->db, _("Could not read the journal"));
      return finish (j, FALSE, NULL);
    }
  if (expected_version != VIGIL_RECORD_ANY_VERSION && expected_version != version)
    {
      g_set_error (error, VIGIL_STORE_ERROR, VIGIL_STORE_ERROR_CONFLICT,
                   _("%s %s changed meanwhile (version %" G_GINT64_FORMAT ", expected %" G_GINT64_FORMAT "): reload it and try again"),
                   record->kind, record->key, version, expected_version);
      return finish (j, FALSE, NULL);
    }

  record->seq = count + 1;
  record->version = version + 1;
  record_fields (record, fields);
  _vigil_chain_hash_row (j->sum, VIGIL_CHAIN_LABEL_RECORDS, prev, fields, RECORD_N_FIELDS, hash);

  ok = _vigil_chain_bind_fields (j->insert, fields, RECORD_N_FIELDS);
  sqlite3_bind_blob (j->insert, 8, prev, VIGIL_HASH_LEN, SQLITE_STATIC);
  sqlite3_bind_blob (j->insert, 9, hash, VIGIL_HASH_LEN, SQLITE_STATIC);
  ok = ok && step_done (j, j->insert, _("Could not append to the journal"), error);
  sqlite3_clear_bindings (j->insert);
  if (ok)
    {
      sqlite3_bind_int64 (j->set_head, 1, record->seq);
      sqlite3_bind_blob (j->set_head, 2, hash, VIGIL_HASH_LEN, SQLITE_STATIC);
      ok = step_done (j, j->set_head, _("Could not append to the journal"), error);
    }
  return finish (j, ok, error);
}

gboolean
_vigil_store_journal_put_blob (VigilStoreJournal  *j,
                               const char         *kind,
                               const char         *key,
                               GBytes             *data,
                               GError            **error)
{
  gsize len;
  gconstpointer bytes = g_bytes_get_data (data, &len);

  if (len > 256 * 1024 * 1024)
    {
      g_set_error (error, VIGIL_STORE_ERROR, VIGIL_STORE_ERROR_INVALID,
                   _("%zu bytes is more than the archive keeps in one piece (256 MiB)"), len);
      return FALSE;
    }
  sqlite3_bind_text (j->put_blob, 1, kind, -1, SQLITE_STATIC);
  sqlite3_bind_text (j->put_blob, 2, key, -1, SQLITE_STATIC);
  sqlite3_bind_blob64 (j->put_blob, 3, len ? bytes : "", len, SQLITE_STATIC);
  return step_done (j, j->put_blob, _("Could not save to the archive"), error);
}

gboolean
_vigil_store_journal_delete_blob (VigilStoreJournal  *j,
                                  const char         *kind,
                                  const char         *key,
                                  GError            **error)
{
  sqlite3_bind_text (j->delete_blob, 1, kind, -1, SQLITE_STATIC);
  sqlite3_bind_text (j->delete_blob, 2, key, -1, SQLITE_STATIC);
  return step_done (j, j->delete_blob, _("Could not delete from the archive"), error);
}

/* Reads (any connection; the caller serialises) */

static VigilRecord *
row_to_record (sqlite3_stmt *stmt)
{
  VigilRecord *record;

  record = vigil_record_new ((const char *) sqlite3_column_text (stmt, 1),
                             (const char *) sqlite3_column_text (stmt, 2),
                             (const char *) sqlite3_column_text (stmt, 4),
                             sqlite3_column_int64 (stmt, 5),
                             (const char *) sqlite3_column_text (stmt, 6));
  record->seq = sqlite3_column_int64 (stmt, 0);
  record->version = sqlite3_column_int64 (stmt, 3);
  return record;
}

GPtrArray *
_vigil_store_read_records (sqlite3     *db,
                           const char  *kind,
                           const char  *key,
                           gint64       after_seq,
                           guint        limit,
                           GError     **error)
{
  g_autoptr(GPtrArray) records = g_ptr_array_new_with_free_func ((GDestroyNotify) vigil_record_free);
  g_autoptr(GString) sql = g_string_new ("SELECT seq, kind, key, version, actor, at_us, body "
                                         "FROM records WHERE seq > ?1");
  sqlite3_stmt *stmt;
  int rc;

  if (kind != NULL)
    g_string_append (sql, " AND kind = ?2");
  if (key != NULL)
    g_string_append (sql, " AND key = ?3");
  g_string_append (sql, " ORDER BY seq LIMIT ?4");

  if (!(stmt = _vigil_store_prepare (db, sql->str, error)))
    return NULL;
  sqlite3_bind_int64 (stmt, 1, after_seq);
  if (kind != NULL)
    sqlite3_bind_text (stmt, 2, kind, -1, SQLITE_STATIC);
  if (key != NULL)
    sqlite3_bind_text (stmt, 3, key, -1, SQLITE_STATIC);
  sqlite3_bind_int64 (stmt, 4, limit > 0 ? (gint64) limit : -1);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    g_ptr_array_add (records, row_to_record (stmt));
  if (rc != SQLITE_DONE)
    _vigil_store_set_error (error, db, _("Could not read the journal"));
  sqlite3_finalize (stmt);
  return rc == SQLITE_DONE ? g_steal_pointer (&records) : NULL;
}

gint64
_vigil_store_read_last_record_seq (sqlite3 *db)
{
  sqlite3_stmt *stmt = NULL;
  gint64 seq = 0;

  if (sqlite3_prepare_v2 (db, "SELECT coalesce (max (seq), 0) FROM records", -1, &stmt, NULL) == SQLITE_OK
      && sqlite3_step (stmt) == SQLITE_ROW)
    seq = sqlite3_column_int64 (stmt, 0);
  sqlite3_finalize (stmt);
  return seq;
}

/* Walks the journal's chain inside the caller's read transaction. Sets
 * *out_broken (NULL when intact) and *out_count. */
gboolean
_vigil_store_journal_verify (sqlite3   *db,
                             guint64   *out_count,
                             char     **out_broken,
                             GError   **error)
{
  g_autoptr(GChecksum) sum = g_checksum_new (G_CHECKSUM_SHA256);
  guint8 prev[VIGIL_HASH_LEN] = { 0 };
  sqlite3_stmt *stmt;
  gint64 expected = 1, head_count = 0;
  char *broken = NULL;
  int rc;

  *out_broken = NULL;
  *out_count = 0;
  if (!(stmt = _vigil_store_prepare (db, "SELECT seq, kind, key, version, actor, at_us, body, "
                                     "prev_hash, hash FROM records ORDER BY seq", error)))
    return FALSE;
  while (!broken && (rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      g_autoptr(VigilRecord) record = row_to_record (stmt);
      VigilChainField fields[RECORD_N_FIELDS];
      guint8 hash[VIGIL_HASH_LEN];

      if (record->seq != expected)
        {
          broken = g_strdup_printf (_("journal record %" G_GINT64_FORMAT ": %" G_GINT64_FORMAT " record(s) before it are missing or were moved"),
                                    record->seq, record->seq - expected);
          break;
        }
      record_fields (record, fields);
      _vigil_chain_hash_row (sum, VIGIL_CHAIN_LABEL_RECORDS, prev, fields, RECORD_N_FIELDS, hash);
      if (sqlite3_column_bytes (stmt, 7) != VIGIL_HASH_LEN
          || memcmp (sqlite3_column_blob (stmt, 7), prev, VIGIL_HASH_LEN) != 0)
        broken = g_strdup_printf (_("journal record %" G_GINT64_FORMAT " (%s %s): it no longer follows the record before it"),
                                  record->seq, record->kind, record->key);
      else if (sqlite3_column_bytes (stmt, 8) != VIGIL_HASH_LEN
               || memcmp (sqlite3_column_blob (stmt, 8), hash, VIGIL_HASH_LEN) != 0)
        broken = g_strdup_printf (_("journal record %" G_GINT64_FORMAT " (%s %s, by %s): its content was altered"),
                                  record->seq, record->kind, record->key, record->actor);
      memcpy (prev, hash, VIGIL_HASH_LEN);
      expected++;
    }
  sqlite3_finalize (stmt);
  if (!broken && rc != SQLITE_DONE)
    {
      _vigil_store_set_error (error, db, _("Could not read the journal"));
      return FALSE;
    }

  if (!broken && (stmt = _vigil_store_prepare (db, "SELECT count, last_hash FROM journal_head WHERE id = 1",
                                               error)))
    {
      if (sqlite3_step (stmt) == SQLITE_ROW)
        {
          head_count = sqlite3_column_int64 (stmt, 0);
          if (head_count != expected - 1
              || (head_count > 0 && (sqlite3_column_bytes (stmt, 1) != VIGIL_HASH_LEN
                                     || memcmp (sqlite3_column_blob (stmt, 1), prev, VIGIL_HASH_LEN) != 0)))
            broken = g_strdup_printf (_("the journal’s head says %" G_GINT64_FORMAT " record(s) but %" G_GINT64_FORMAT " follow one another: records were removed or added at the end"),
                                      head_count, expected - 1);
        }
      else if (expected > 1)
        broken = g_strdup (_("the journal’s head is missing"));
      sqlite3_finalize (stmt);
    }
  *out_broken = broken;
  *out_count = (guint64) (expected - 1);
  return TRUE;
}

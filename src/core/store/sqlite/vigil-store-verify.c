/* vigil-store-verify.c: verify in depth, in one read snapshot
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Order: the posts/events chain (with its anchors), the journal, the audit
 * chain, then the derived tables rebuilt from them (post_state, the
 * current overrides, the search index). The first problem found is the
 * verdict. A file store is verified over a connection of its own, so a
 * long verify neither blocks the app's reads nor sees a write half-way.
 */
#define G_LOG_DOMAIN "vigil-store-verify"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "vigil-store-private.h"

static gboolean
read_hash (sqlite3     *db,
           const char  *sql,
           gint64       arg,
           guint8      *out)
{
  sqlite3_stmt *stmt = NULL;
  gboolean found = FALSE;

  if (sqlite3_prepare_v2 (db, sql, -1, &stmt, NULL) != SQLITE_OK)
    return FALSE;
  if (arg >= 0)
    sqlite3_bind_int64 (stmt, 1, arg);
  if (sqlite3_step (stmt) == SQLITE_ROW && sqlite3_column_bytes (stmt, 0) == VIGIL_HASH_LEN)
    {
      memcpy (out, sqlite3_column_blob (stmt, 0), VIGIL_HASH_LEN);
      found = TRUE;
    }
  sqlite3_finalize (stmt);
  return found;
}

/* Checks the anchors of the journal and the audit chain: the entry at the
 * anchored position must still have the anchored hash (the chains
 * themselves were verified, so everything before it is unchanged too). */
static char *
check_side_anchors (sqlite3                       *db,
                    const VigilStoreVerifyOptions *options,
                    guint64                        audit_count,
                    guint64                        records_count,
                    guint                         *checked)
{
  for (guint i = 0; options != NULL && i < options->n_anchors; i++)
    {
      const VigilStoreAnchor *a = &options->anchors[i];
      const char *label = a->label ? a->label : _("expected head");
      guint8 hash[VIGIL_HASH_LEN];

      if (a->audit_hash != NULL && a->audit_rows > 0)
        {
          g_autofree char *hex = NULL;

          if (a->audit_rows > audit_count || !_vigil_store_audit_hash_at (db, a->audit_rows, hash))
            return g_strdup_printf (_("%s: the audit chain held %" G_GUINT64_FORMAT " entries then, "
                                      "only %" G_GUINT64_FORMAT " now: entries were removed"),
                                    label, a->audit_rows, audit_count);
          hex = _vigil_hash_to_hex (hash);
          if (g_ascii_strcasecmp (hex, a->audit_hash) != 0)
            return g_strdup_printf (_("%s: the audit chain (overrides, alerts, access log) was "
                                      "rewritten at or before entry %" G_GUINT64_FORMAT), label, a->audit_rows);
          (*checked)++;
        }
      if (a->records_hash != NULL && a->records > 0)
        {
          g_autofree char *hex = NULL;

          if (a->records > records_count
              || !read_hash (db, "SELECT hash FROM records WHERE seq = ?", (gint64) a->records, hash))
            return g_strdup_printf (_("%s: the journal held %" G_GUINT64_FORMAT " records then, "
                                      "only %" G_GUINT64_FORMAT " now: records were removed"),
                                    label, a->records, records_count);
          hex = _vigil_hash_to_hex (hash);
          if (g_ascii_strcasecmp (hex, a->records_hash) != 0)
            return g_strdup_printf (_("%s: the journal (cases, checkpoints, purges…) was rewritten at "
                                      "or before record %" G_GUINT64_FORMAT), label, a->records);
          (*checked)++;
        }
    }
  return NULL;
}

/* Inside the caller's read transaction (and lock). */
static gboolean
verify_in_snapshot (sqlite3                       *db,
                    const VigilStoreVerifyOptions *options,
                    VigilStoreVerifyResult        *result,
                    GError                       **error)
{
  g_autofree char *broken = NULL;
  guint8 audit_last[VIGIL_HASH_LEN] = { 0 };
  guint8 records_last[VIGIL_HASH_LEN] = { 0 };

  if (!_vigil_chain_verify (db, options, 0.0, 0.4, result, error))
    return FALSE;
  if (!result->ok)
    return TRUE;

  if (!_vigil_store_journal_verify (db, &result->records, &broken, error))
    return FALSE;
  if (!broken
      && !_vigil_store_audit_verify (db, &result->audit, audit_last, &broken, error))
    return FALSE;
  if (!broken)
    broken = _vigil_store_check_tombstones (db);
  if (!broken)
    {
      read_hash (db, "SELECT last_hash FROM journal_head WHERE id = 1", -1, records_last);
      broken = check_side_anchors (db, options, result->audit, result->records, &result->anchors_checked);
    }
  _vigil_chain_report_progress (options, 0.45);

  if (!broken && !(options && options->chain_only))
    {
      if (!_vigil_store_check_post_state (db, options, &broken, error))
        return FALSE;
      if (!broken && !_vigil_store_check_overrides (db, &broken, error))
        return FALSE;
      if (!broken && !_vigil_store_check_fts (db, options, 0.5, 1.0, &broken, error))
        return FALSE;
      result->tampered_derived = broken != NULL;
    }

  if (broken)
    {
      result->ok = FALSE;
      g_clear_pointer (&result->head_hash, g_free);
      result->first_broken = g_steal_pointer (&broken);
      return TRUE;
    }
  result->audit_hash = result->audit > 0 ? _vigil_hash_to_hex (audit_last) : g_strdup ("");
  result->records_hash = result->records > 0 ? _vigil_hash_to_hex (records_last) : g_strdup ("");
  _vigil_chain_report_progress (options, 1.0);
  return TRUE;
}

gboolean
_vigil_store_verify_db (sqlite3                       *db,
                        const VigilStoreVerifyOptions *options,
                        VigilStoreVerifyResult        *result,
                        GError                       **error)
{
  gboolean ok;

  memset (result, 0, sizeof *result);
  if (!_vigil_store_exec (db, "BEGIN", error))
    return FALSE;
  ok = verify_in_snapshot (db, options, result, error);
  sqlite3_exec (db, "COMMIT", NULL, NULL, NULL);
  if (!ok)
    vigil_store_verify_result_clear (result);
  return ok;
}

gboolean
_vigil_store_verify_file (const char                    *path,
                          const VigilStoreVerifyOptions *options,
                          VigilStoreVerifyResult        *result,
                          GError                       **error)
{
  sqlite3 *db = NULL;
  gboolean ok;
  int rc;

  rc = sqlite3_open_v2 (path, &db, SQLITE_OPEN_READONLY, NULL);
  if (rc != SQLITE_OK)
    {
      g_set_error (error, VIGIL_STORE_ERROR, VIGIL_STORE_ERROR_OPEN,
                   _("Could not open the archive %s to verify it: %s"), path,
                   db ? sqlite3_errmsg (db) : sqlite3_errstr (rc));
      sqlite3_close (db);
      return FALSE;
    }
  sqlite3_busy_timeout (db, 10000);
  ok = _vigil_store_verify_db (db, options, result, error);
  sqlite3_close (db);
  return ok;
}

/* vigil-store-migrate.c: copying an archive between backends, chain kept
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Three chains are copied row for row, each continuing the target's head:
 * the posts chain (posts and events, merged by seq), the journal (records)
 * and the audit chain (audit_chain, after the rows it seals: overrides,
 * alerts, access log). Every chain is checked before anything is written,
 * so a target with another history is refused untouched. Then the rows
 * outside the chains: annotations and author profiles (with their posts),
 * the current state of edited and deleted posts, tombstones and blobs
 * (what the target lacks or holds otherwise). One chain's checks, copy and
 * read-back are in vigil-store-migrate-chain.c; the rows and the tables
 * they come from in vigil-store-migrate-rows.c.
 */
#define G_LOG_DOMAIN "vigil-store-migrate"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "vigil-store-migrate-private.h"

static gboolean
add_post_extras (VigilStore               *source,
                 gint64                    after_id,
                 gint64                    upto_id,
                 gint64                    after_seq,
                 gint64                    upto_seq,
                 GPtrArray                *rows,
                 VigilStoreMigrateResult  *result,
                 GError                  **error)
{
  static const char * const extras[] = { "annotations", "author_profiles", "post_state" };

  for (guint i = 0; i < G_N_ELEMENTS (extras); i++)
    {
      gboolean by_seq = i == 2;
      gint64 after = by_seq ? after_seq : after_id;
      gint64 upto = by_seq ? upto_seq : upto_id;
      g_autoptr(GPtrArray) found = NULL;

      if (upto <= after)
        continue;
      found = _vigil_store_export_range (source, extras[i], after, upto, 0, FALSE, error);
      if (found == NULL)
        return FALSE;
      if (i == 0)
        result->annotations += found->len;
      else if (i == 1)
        result->profiles += found->len;
      for (guint j = 0; j < found->len; j++)
        g_ptr_array_add (rows, g_ptr_array_steal_index (found, j--));
    }
  return TRUE;
}

/* --- Tables outside the chains -------------------------------------------- */

/* Rows of an append-only table with ids the target doesn't hold yet, up to
 * the source's last id when the run started. */
static gboolean
copy_appended (VigilStore  *source,
               VigilStore  *target,
               const char  *table,
               guint        batch,
               guint64     *counter,
               GArray      *post_ids,
               GError     **error)
{
  GError *local_error = NULL;
  g_autoptr(VigilStoreRow) theirs = _vigil_store_last_row (target, table, &local_error);
  g_autoptr(VigilStoreRow) ours = NULL;
  gint64 after;
  gint64 upto;

  if (!local_error)
    ours = _vigil_store_last_row (source, table, &local_error);
  if (local_error)
    {
      g_propagate_error (error, local_error);
      return FALSE;
    }
  after = theirs ? row_key (theirs) : 0;
  upto = ours ? row_key (ours) : 0;
  while (after < upto)
    {
      g_autoptr(GPtrArray) rows = _vigil_store_export_range (source, table, after, upto, batch, FALSE, error);

      if (rows == NULL)
        return FALSE;
      if (rows->len == 0)
        break;
      after = row_key (rows->pdata[rows->len - 1]);
      *counter += rows->len;
      for (guint i = 0; post_ids && i < rows->len; i++)
        {
          gint64 id = row_int (rows->pdata[i], 1);   /* sentiment_overrides.post_id */
          g_array_append_val (post_ids, id);
        }
      if (!vigil_store_import_rows (target, rows, error))
        return FALSE;
    }
  return TRUE;
}

/* Rows of a small table (blobs, tombstones) that the target lacks or holds
 * otherwise, by their first n_key columns. */
static gboolean
copy_differing (VigilStore  *source,
                VigilStore  *target,
                const char  *table,
                guint        n_key,
                guint64     *counter,
                GError     **error)
{
  g_autoptr(GPtrArray) ours = _vigil_store_export_range (source, table, 0, 0, 0, FALSE, error);
  g_autoptr(GPtrArray) theirs = NULL;
  g_autoptr(GPtrArray) rows = NULL;
  g_autoptr(GHashTable) have = NULL;

  if (ours == NULL || !(theirs = _vigil_store_export_range (target, table, 0, 0, 0, FALSE, error)))
    return FALSE;

  have = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  for (guint i = 0; i < theirs->len; i++)
    {
      VigilStoreRow *row = theirs->pdata[i];

      g_hash_table_insert (have, _vigil_store_row_key_string (row, n_key), row);
    }

  rows = g_ptr_array_new_with_free_func ((GDestroyNotify) vigil_store_row_free);
  for (guint i = 0; i < ours->len; i++)
    {
      VigilStoreRow *row = ours->pdata[i];
      g_autofree char *key = _vigil_store_row_key_string (row, n_key);
      VigilStoreRow *found = g_hash_table_lookup (have, key);

      if (found == NULL || !_vigil_store_row_equal (found, row))
        {
          g_ptr_array_add (rows, row);
          ours->pdata[i] = NULL;
        }
    }
  g_ptr_array_set_free_func (ours, (GDestroyNotify) vigil_store_row_free);
  *counter += rows->len;
  return vigil_store_import_rows (target, rows, error);
}

/* The annotations of posts whose override this run copied (the override
 * changed them). */
static gboolean
refresh_annotations (VigilStore  *source,
                     VigilStore  *target,
                     GArray      *post_ids,
                     GError     **error)
{
  g_autoptr(GPtrArray) rows = g_ptr_array_new_with_free_func ((GDestroyNotify) vigil_store_row_free);
  g_autoptr(GHashTable) seen = g_hash_table_new (g_int64_hash, g_int64_equal);

  for (guint i = 0; i < post_ids->len; i++)
    {
      gint64 *id = &g_array_index (post_ids, gint64, i);
      GError *local_error = NULL;
      VigilStoreRow *row;

      if (!g_hash_table_add (seen, id))
        continue;
      row = _vigil_store_row_at (source, "annotations", *id, &local_error);
      if (local_error)
        {
          g_propagate_error (error, local_error);
          return FALSE;
        }
      if (row)
        g_ptr_array_add (rows, row);
    }
  return vigil_store_import_rows (target, rows, error);
}

/* verify_full where the backend has it (chain_only: the chains and
 * anchors, not the derived tables), else verify */
static gboolean
verify_store (VigilStore              *store,
              gboolean                 chain_only,
              GCancellable            *cancellable,
              VigilStoreVerifyResult  *out,
              GError                 **error)
{
  VigilStoreVerifyOptions options = { .chain_only = chain_only, .cancellable = cancellable };

  if (VIGIL_STORE_GET_CLASS (store)->verify_full == NULL)
    {
      if (VIGIL_STORE_GET_CLASS (store)->verify == NULL)
        {
          g_set_error (error, VIGIL_STORE_ERROR, VIGIL_STORE_ERROR_UNSUPPORTED,
                       _("This kind of archive can't be verified yet"));
          return FALSE;
        }
      return vigil_store_verify (store, out, error);
    }
  return vigil_store_verify_full (store, &options, out, error);
}

/* --- The whole copy --------------------------------------------------------- */

gboolean
vigil_store_migrate (VigilStore                      *source,
                     VigilStore                      *target,
                     const VigilStoreMigrateOptions  *options,
                     VigilStoreMigrateResult         *out_result,
                     GError                         **error)
{
  VigilMigrateChain posts = { N_("the posts chain"), "chain_head", { "posts", "events" }, 2 };
  VigilMigrateChain journal = { N_("the journal"), "journal_head", { "records" }, 1 };
  VigilMigrateChain audit = { N_("the audit chain"), "audit_head", { "audit_chain" }, 1 };
  VigilMigrateChain *chains[] = { &posts, &journal, &audit };
  VigilStoreMigrateResult result = { 0 };
  guint batch = options && options->batch ? options->batch : DEFAULT_BATCH;
  g_autoptr(GArray) overridden = g_array_new (FALSE, FALSE, sizeof (gint64));
  gboolean ok = FALSE;

  g_return_val_if_fail (VIGIL_IS_STORE (source), FALSE);
  g_return_val_if_fail (VIGIL_IS_STORE (target), FALSE);
  g_return_val_if_fail (source != target, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  /* refuse to spread a broken archive */
  if (!(options && options->no_verify))
    {
      VigilStoreVerifyResult verdict = { 0 };

      if (!verify_store (source, TRUE, options ? options->cancellable : NULL, &verdict, error))
        return FALSE;
      if (!verdict.ok)
        {
          g_set_error (error, VIGIL_STORE_ERROR, VIGIL_STORE_ERROR_TAMPERED,
                       _("The archive to copy does not verify (%s); nothing was copied"),
                       verdict.first_broken ? verdict.first_broken : "?");
          vigil_store_verify_result_clear (&verdict);
          return FALSE;
        }
      vigil_store_verify_result_clear (&verdict);
    }

  vigil_store_flush (source);
  for (guint i = 0; i < G_N_ELEMENTS (chains); i++)
    if (!_vigil_store_chain_check (source, target, chains[i], error))
      goto out;

  {
    guint64 *post_counters[2] = { &result.posts, &result.events };
    guint64 *record_counters[2] = { &result.records, NULL };
    guint64 *audit_counters[2] = { &result.audit, NULL };

    if (!_vigil_store_chain_copy (source, target, &posts, options, post_counters, add_post_extras, &result, error)
        || !copy_differing (source, target, "tombstones", 2, &result.tombstones, error)
        || !_vigil_store_chain_copy (source, target, &journal, options, record_counters, NULL, &result, error)
        || !copy_appended (source, target, "sentiment_overrides", batch, &result.overrides,
                           overridden, error)
        || !copy_appended (source, target, "alerts", batch, &result.alerts, NULL, error)
        || !copy_appended (source, target, "access_log", batch, &result.access, NULL, error)
        || !_vigil_store_chain_copy (source, target, &audit, options, audit_counters, NULL, &result, error)
        || !refresh_annotations (source, target, overridden, error)
        || !copy_differing (source, target, "blobs", 2, &result.blobs, error))
      goto out;
  }

  if (!(options && options->no_verify))
    {
      VigilStoreVerifyResult verdict = { 0 };
      char **heads[] = { &result.head_hash, &result.records_hash, &result.audit_hash };

      /* every chain read back and rehashed, whatever the backend */
      vigil_store_flush (target);
      for (guint i = 0; i < G_N_ELEMENTS (chains); i++)
        if (!_vigil_store_chain_check_copy (target, chains[i], batch, heads[i], error))
          goto out;

      /* and the backend's own verify, where it has one */
      if (VIGIL_STORE_GET_CLASS (target)->verify_full || VIGIL_STORE_GET_CLASS (target)->verify)
        {
          if (!verify_store (target, FALSE, options ? options->cancellable : NULL, &verdict, error))
            goto out;
          if (!verdict.ok)
            {
              g_set_error (error, VIGIL_STORE_ERROR, VIGIL_STORE_ERROR_TAMPERED,
                           _("The copy does not verify: %s"),
                           verdict.first_broken ? verdict.first_broken : "?");
              vigil_store_verify_result_clear (&verdict);
              goto out;
            }
          vigil_store_verify_result_clear (&verdict);
        }
      result.verified = TRUE;
    }
  ok = TRUE;

out:
  for (guint i = 0; i < G_N_ELEMENTS (chains); i++)
    _vigil_store_chain_clear (chains[i]);
  if (ok && out_result)
    *out_result = result;
  else
    vigil_store_migrate_result_clear (&result);
  return ok;
}

/* vigil-store-migrate-chain.c: one hash chain copied, and read back
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A chain (the posts chain: posts and events merged by seq; the journal;
 * the audit chain) is checked before anything is written: the target's
 * last rows must be the source's rows with those keys. It is then copied
 * batch by batch, each batch cut at a seq both tables have reached and
 * written with its head row in one transaction, and finally read back
 * from the target with every link and hash recomputed.
 */
#define G_LOG_DOMAIN "vigil-store-migrate"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "vigil-store-migrate-private.h"



void
_vigil_store_chain_clear (VigilMigrateChain *chain)
{
  g_clear_pointer (&chain->source_head, vigil_store_row_free);
}

static gboolean
refuse (GError                  **error,
        const VigilMigrateChain  *chain,
        const char               *why)
{
  g_set_error (error, VIGIL_STORE_ERROR, VIGIL_STORE_ERROR_CONFLICT,
               _("The target holds another history than this archive (%s: %s). "
                 "Nothing was copied. Migrate into an empty database, or into the one "
                 "this archive was copied to before."),
               _(chain->what), why);
  return FALSE;
}

/* Reads both heads and checks that the target's chain is a prefix of the
 * source's (or the source's of the target's: then nothing is to copy). */
gboolean
_vigil_store_chain_check (VigilStore         *source,
                          VigilStore         *target,
                          VigilMigrateChain  *chain,
                          GError            **error)
{
  g_autoptr(VigilStoreRow) target_head = NULL;
  GError *local_error = NULL;
  gboolean target_ahead = FALSE;

  chain->source_head = _vigil_store_read_head (source, chain->head, &local_error);
  if (local_error)
    goto fail;
  target_head = _vigil_store_read_head (target, chain->head, &local_error);
  if (local_error)
    goto fail;
  chain->source_count = chain->source_head ? row_int (chain->source_head, HEAD_COUNT) : 0;
  chain->target_count = target_head ? row_int (target_head, HEAD_COUNT) : 0;
  memset (chain->target_last, 0, VIGIL_HASH_LEN);
  if (target_head && row_hash (target_head, HEAD_LAST))
    memcpy (chain->target_last, row_hash (target_head, HEAD_LAST), VIGIL_HASH_LEN);

  for (guint i = 0; i < chain->n_tables; i++)
    {
      g_autoptr(VigilStoreRow) source_last = _vigil_store_last_row (source, chain->tables[i], &local_error);

      if (local_error)
        goto fail;
      chain->upto[i] = source_last ? row_key (source_last) : 0;
      chain->after[i] = 0;
    }
  if (chain->target_count == 0)
    return TRUE;

  /* the target's last row of each table must be the source's row with that key */
  for (guint i = 0; i < chain->n_tables; i++)
    {
      g_autoptr(VigilStoreRow) theirs = _vigil_store_last_row (target, chain->tables[i], &local_error);
      g_autoptr(VigilStoreRow) ours = NULL;
      const VigilStoreTableSpec *spec = vigil_store_table_spec (chain->tables[i]);
      g_autofree char *why = NULL;

      if (local_error)
        goto fail;
      if (theirs == NULL)
        continue;
      chain->after[i] = row_key (theirs);
      ours = _vigil_store_row_at (source, chain->tables[i], row_key (theirs), &local_error);
      if (local_error)
        goto fail;
      if (ours == NULL)
        {
          target_ahead = TRUE;
          continue;
        }
      if (row_hash (ours, spec->hash_index) == NULL || row_hash (theirs, spec->hash_index) == NULL
          || memcmp (row_hash (ours, spec->hash_index), row_hash (theirs, spec->hash_index),
                     VIGIL_HASH_LEN) != 0)
        {
          g_autofree char *key = g_strdup_printf ("%" G_GINT64_FORMAT, row_key (theirs));

          /* TRANSLATORS: "posts row 12 differs" (a table and a row number) */
          why = g_strdup_printf (_("%s row %s differs"), spec->name, key);
          return refuse (error, chain, why);
        }
    }

  if (target_ahead || chain->target_count > chain->source_count)
    {
      /* the target went on after an earlier copy: fine if it holds the
       * source's last rows as they are */
      for (guint i = 0; i < chain->n_tables; i++)
        {
          const VigilStoreTableSpec *spec = vigil_store_table_spec (chain->tables[i]);
          g_autoptr(VigilStoreRow) ours = NULL;
          g_autoptr(VigilStoreRow) theirs = NULL;

          if (chain->upto[i] == 0)
            continue;
          ours = _vigil_store_row_at (source, chain->tables[i], chain->upto[i], &local_error);
          if (!local_error)
            theirs = _vigil_store_row_at (target, chain->tables[i], chain->upto[i], &local_error);
          if (local_error)
            goto fail;
          if (ours == NULL || theirs == NULL || !_vigil_store_row_equal (ours, theirs))
            {
              g_autofree char *key = g_strdup_printf ("%" G_GINT64_FORMAT, chain->upto[i]);
              g_autofree char *why = g_strdup_printf (_("%s row %s differs"), spec->name, key);
              return refuse (error, chain, why);
            }
          chain->after[i] = chain->upto[i];
        }
    }
  return TRUE;

fail:
  g_propagate_error (error, local_error);
  return FALSE;
}

static int
compare_seq (gconstpointer a,
             gconstpointer b)
{
  const VigilStoreRow *x = *(const VigilStoreRow * const *) a;
  const VigilStoreRow *y = *(const VigilStoreRow * const *) b;
  gint64 sx = row_int (x, x->table->seq_index);
  gint64 sy = row_int (y, y->table->seq_index);

  return sx < sy ? -1 : sx > sy;
}

/* The head row after the batch: the source's, with count and last hash. */
static VigilStoreRow *
head_row (const VigilMigrateChain *chain,
          gint64                   count,
          const guint8            *last)
{
  const VigilStoreTableSpec *spec = vigil_store_table_spec (chain->head);
  VigilStoreRow *row = chain->source_head ? _vigil_store_row_copy (chain->source_head) : vigil_store_row_new (spec);

  _vigil_store_value_set_int (&row->values[0], 1);
  _vigil_store_value_set_int (&row->values[HEAD_COUNT], count);
  _vigil_store_value_set_blob (&row->values[HEAD_LAST], last, VIGIL_HASH_LEN);
  if (g_str_equal (chain->head, "chain_head"))
    {
      guint8 head_hash[VIGIL_HASH_LEN];

      _vigil_chain_hash_head (count, last, head_hash);
      _vigil_store_value_set_blob (&row->values[3], head_hash, VIGIL_HASH_LEN);
    }
  return row;
}

/* Copies the chain's rows the target lacks, batch by batch. */
/* The next rows of a chain after the keys in after[] (up to upto[]), both
 * tables merged by seq and cut where both have been read, so the batch is
 * exactly the next seqs; advances after[]. Empty when the chain is read. */
static GPtrArray *
next_batch (VigilStore               *store,
            const VigilMigrateChain  *chain,
            gint64                   *after,
            const gint64             *upto,
            guint                     batch,
            guint64                 **counters,
            GError                  **error)
{
  g_autoptr(GPtrArray) rows = g_ptr_array_new_with_free_func ((GDestroyNotify) vigil_store_row_free);
  g_autoptr(GPtrArray) got0 = NULL;
  g_autoptr(GPtrArray) got1 = NULL;
  GPtrArray **got[2] = { &got0, &got1 };
  gint64 cut = G_MAXINT64;

  for (guint i = 0; i < chain->n_tables; i++)
    {
      if (after[i] >= upto[i])
        continue;
      *got[i] = _vigil_store_export_range (store, chain->tables[i], after[i], upto[i], batch, FALSE, error);
      if (*got[i] == NULL)
        return NULL;
      if ((*got[i])->len == batch)
        {
          const VigilStoreRow *end = (*got[i])->pdata[(*got[i])->len - 1];

          cut = MIN (cut, row_int (end, end->table->seq_index));
        }
    }
  for (guint i = 0; i < chain->n_tables; i++)
    for (guint j = 0; *got[i] && j < (*got[i])->len; j++)
      {
        VigilStoreRow *row = (*got[i])->pdata[j];

        if (row_int (row, row->table->seq_index) > cut)
          break;
        after[i] = row_key (row);
        if (counters && counters[i])
          (*counters[i])++;
        g_ptr_array_add (rows, g_steal_pointer (&(*got[i])->pdata[j]));
      }
  g_ptr_array_sort (rows, compare_seq);
  return g_steal_pointer (&rows);
}

/* Checks that rows continue the chain at *next_seq after last; advances
 * both. rehash: the rows are the copy read back, and each row's hash must
 * also be over its content. */
static gboolean
follow_rows (GPtrArray                *rows,
             const VigilMigrateChain  *chain,
             gboolean                  rehash,
             gint64                   *next_seq,
             guint8                   *last,
             GError                  **error)
{
  for (guint j = 0; j < rows->len; j++)
    {
      const VigilStoreRow *row = rows->pdata[j];
      const VigilStoreTableSpec *t = row->table;
      const guint8 *prev = row_hash (row, t->prev_index);
      const guint8 *hash = row_hash (row, t->hash_index);
      gboolean ok = row_int (row, t->seq_index) == *next_seq && prev && hash
                    && memcmp (prev, last, VIGIL_HASH_LEN) == 0;

      if (ok && rehash && t->label)
        {
          VigilChainField fields[32];
          guint n = t->prev_index;
          guint8 computed[VIGIL_HASH_LEN];

          g_assert (n <= G_N_ELEMENTS (fields));
          for (guint i = 0; i < n; i++)
            {
              const VigilStoreValue *v = &row->values[i];

              fields[i] = (VigilChainField) { VIGIL_CHAIN_NULL, 0, NULL, 0 };
              if (v->type == VIGIL_STORE_VALUE_INT)
                vigil_chain_field_int (&fields[i], v->i);
              else if (v->type == VIGIL_STORE_VALUE_TEXT || v->type == VIGIL_STORE_VALUE_BLOB)
                fields[i] = (VigilChainField) { v->type == VIGIL_STORE_VALUE_TEXT ? VIGIL_CHAIN_TEXT
                                                                                  : VIGIL_CHAIN_BLOB,
                                                0, v->s, v->len };
              else if (v->type == VIGIL_STORE_VALUE_REAL)
                ok = FALSE;   /* never in these chains */
            }
          _vigil_chain_hash_row_fast (t->label, prev, fields, n, computed);
          ok = ok && memcmp (computed, hash, VIGIL_HASH_LEN) == 0;
        }
      if (!ok)
        {
          g_autofree char *key = g_strdup_printf ("%" G_GINT64_FORMAT, row_key (row));

          if (rehash)
            /* TRANSLATORS: "The copy's posts chain is broken at events row 12" */
            g_set_error (error, VIGIL_STORE_ERROR, VIGIL_STORE_ERROR_TAMPERED,
                         _("The copy’s %s is broken at %s row %s"), _(chain->what), t->name, key);
          else
            g_set_error (error, VIGIL_STORE_ERROR, VIGIL_STORE_ERROR_TAMPERED,
                         _("The archive’s %s is broken at %s row %s (run vigil-cli verify on it); "
                           "nothing more was copied"), _(chain->what), t->name, key);
          return FALSE;
        }
      memcpy (last, hash, VIGIL_HASH_LEN);
      (*next_seq)++;
    }
  return TRUE;
}

/* Copies the chain's rows the target lacks, batch by batch. */
gboolean
_vigil_store_chain_copy (VigilStore                      *source,
                         VigilStore                      *target,
                         VigilMigrateChain               *chain,
                         const VigilStoreMigrateOptions  *options,
                         guint64                         *counters[2],
                         VigilMigrateExtraFunc            extras,
                         VigilStoreMigrateResult         *result,
                         GError                         **error)
{
  guint batch = options && options->batch ? options->batch : DEFAULT_BATCH;
  GCancellable *cancellable = options ? options->cancellable : NULL;
  gint64 next_seq = chain->target_count + 1;
  guint8 last[VIGIL_HASH_LEN];
  guint64 total = chain->source_count > chain->target_count
                  ? (guint64) (chain->source_count - chain->target_count) : 0;
  guint64 done = 0;

  memcpy (last, chain->target_last, VIGIL_HASH_LEN);
  for (;;)
    {
      gint64 new_after[2] = { chain->after[0], chain->after[1] };
      g_autoptr(GPtrArray) rows = NULL;
      guint n_chained;

      if (g_cancellable_set_error_if_cancelled (cancellable, error))
        return FALSE;
      rows = next_batch (source, chain, new_after, chain->upto, batch, counters, error);
      if (rows == NULL)
        return FALSE;
      if (rows->len == 0)
        break;
      n_chained = rows->len;
      if (!follow_rows (rows, chain, FALSE, &next_seq, last, error))
        return FALSE;
      if (extras && !extras (source, chain->after[0], new_after[0], chain->target_count + done,
                             next_seq - 1, rows, result, error))
        return FALSE;
      g_ptr_array_add (rows, head_row (chain, next_seq - 1, last));

      if (!vigil_store_import_rows (target, rows, error))
        return FALSE;
      memcpy (chain->after, new_after, sizeof new_after);
      done += n_chained;
      if (options && options->progress && extras)
        options->progress (done, total, options->progress_data);
    }

  /* a journal head must exist even when empty (appends lock it) */
  if (chain->target_count == 0 && next_seq == 1)
    {
      g_autoptr(GError) local_error = NULL;
      g_autoptr(VigilStoreRow) existing = _vigil_store_read_head (target, chain->head, &local_error);

      if (local_error)
        {
          g_propagate_error (error, g_steal_pointer (&local_error));
          return FALSE;
        }
      if (existing == NULL)
        {
          g_autoptr(GPtrArray) rows = g_ptr_array_new_with_free_func ((GDestroyNotify) vigil_store_row_free);

          g_ptr_array_add (rows, head_row (chain, 0, last));
          if (!vigil_store_import_rows (target, rows, error))
            return FALSE;
        }
    }
  return TRUE;
}

/* Reads the target's chain back from its first row and checks every link
 * and every hash over the row's content (with the backend-neutral hash),
 * then the head: what the copy wrote is what the target holds. Returns the
 * head's hex (chain_head's own hash for the posts chain, else the last
 * hash; "" when empty). */
gboolean
_vigil_store_chain_check_copy (VigilStore               *target,
                               const VigilMigrateChain  *chain,
                               guint                     batch,
                               char                    **out_head,
                               GError                  **error)
{
  g_autoptr(VigilStoreRow) head = NULL;
  GError *local_error = NULL;
  gint64 after[2] = { 0, 0 };
  gint64 upto[2] = { 0, 0 };
  gint64 next_seq = 1;
  guint8 last[VIGIL_HASH_LEN] = { 0 };
  gint64 count;

  for (guint i = 0; i < chain->n_tables; i++)
    {
      g_autoptr(VigilStoreRow) end = _vigil_store_last_row (target, chain->tables[i], &local_error);

      if (local_error)
        goto fail;
      upto[i] = end ? row_key (end) : 0;
    }
  for (;;)
    {
      g_autoptr(GPtrArray) rows = next_batch (target, chain, after, upto, batch, NULL, error);

      if (rows == NULL)
        return FALSE;
      if (rows->len == 0)
        break;
      if (!follow_rows (rows, chain, TRUE, &next_seq, last, error))
        return FALSE;
    }

  head = _vigil_store_read_head (target, chain->head, &local_error);
  if (local_error)
    goto fail;
  count = head ? row_int (head, HEAD_COUNT) : 0;
  if (count != next_seq - 1
      || (count > 0 && (!row_hash (head, HEAD_LAST) || memcmp (row_hash (head, HEAD_LAST), last, VIGIL_HASH_LEN) != 0)))
    {
      g_set_error (error, VIGIL_STORE_ERROR, VIGIL_STORE_ERROR_TAMPERED,
                   _("The copy’s %s does not end where its head says"), _(chain->what));
      return FALSE;
    }
  if (g_str_equal (chain->head, "chain_head"))
    {
      guint8 head_hash[VIGIL_HASH_LEN];

      _vigil_chain_hash_head (count, last, head_hash);
      *out_head = _vigil_hash_to_hex (head_hash);
    }
  else
    *out_head = count > 0 ? _vigil_hash_to_hex (last) : g_strdup ("");
  return TRUE;

fail:
  g_propagate_error (error, local_error);
  return FALSE;
}

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
 * tombstones and blobs (what the target lacks or holds otherwise).
 *
 * A batch cuts the posts chain at a seq that both tables have reached, so
 * the rows of a transaction are exactly the next seqs; the head row is
 * written in the same transaction.
 */
#define G_LOG_DOMAIN "vigil-store-migrate"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "vigil-store-backend.h"
#include "vigil-store-chain-hash.h"
#include "vigil-store-migrate.h"

#define DEFAULT_BATCH 2000

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

static VigilStoreRow *
row_copy (const VigilStoreRow *row)
{
  VigilStoreRow *copy = vigil_store_row_new (row->table);

  for (guint i = 0; i < row->n_values; i++)
    {
      copy->values[i] = row->values[i];
      copy->values[i].s = row->values[i].s ? g_memdup2 (row->values[i].s, row->values[i].len + 1) : NULL;
    }
  return copy;
}

static void
value_set_blob (VigilStoreValue *value,
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

static void
value_set_int (VigilStoreValue *value,
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

static gboolean
row_equal (const VigilStoreRow *a,
           const VigilStoreRow *b)
{
  if (a->n_values != b->n_values)
    return FALSE;
  for (guint i = 0; i < a->n_values; i++)
    if (!value_equal (&a->values[i], &b->values[i]))
      return FALSE;
  return TRUE;
}

static gint64
row_int (const VigilStoreRow *row,
         int                  index)
{
  return row->values[index].type == VIGIL_STORE_VALUE_INT ? row->values[index].i : 0;
}

/* the row's hash (index), or NULL if the value is not a hash */
static const guint8 *
row_hash (const VigilStoreRow *row,
          int                  index)
{
  const VigilStoreValue *v = &row->values[index];

  return v->type == VIGIL_STORE_VALUE_BLOB && v->len == VIGIL_HASH_LEN ? (const guint8 *) v->s : NULL;
}

static gint64
row_key (const VigilStoreRow *row)
{
  /* the key is the first column of every keyed table */
  return row_int (row, 0);
}

GPtrArray *
vigil_store_export_rows (VigilStore                  *self,
                         const VigilStoreExportQuery *query,
                         GError                     **error)
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

/* --- Reading ------------------------------------------------------------- */

static GPtrArray *
export_range (VigilStore  *store,
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
static VigilStoreRow *
last_row (VigilStore  *store,
          const char  *table,
          GError     **error)
{
  g_autoptr(GPtrArray) rows = export_range (store, table, 0, 0, 1, TRUE, error);

  if (rows == NULL || rows->len == 0)
    return NULL;
  return g_ptr_array_steal_index (rows, 0);
}

static VigilStoreRow *
row_at (VigilStore  *store,
        const char  *table,
        gint64       key,
        GError     **error)
{
  g_autoptr(GPtrArray) rows = export_range (store, table, key - 1, key, 1, FALSE, error);

  if (rows == NULL || rows->len == 0)
    return NULL;
  return g_ptr_array_steal_index (rows, 0);
}

/* The head row (id 1) of a chain, or NULL when there is none yet. */
static VigilStoreRow *
read_head (VigilStore  *store,
           const char  *head,
           GError     **error)
{
  g_autoptr(GPtrArray) rows = export_range (store, head, 0, 0, 0, FALSE, error);

  if (rows == NULL || rows->len == 0)
    return NULL;
  return g_ptr_array_steal_index (rows, 0);
}

/* --- One chain ------------------------------------------------------------ */

typedef struct
{
  const char    *what;          /* for messages */
  const char    *head;
  const char    *tables[2];
  guint          n_tables;
  /* filled by check_chain */
  gint64         target_count;
  guint8         target_last[VIGIL_HASH_LEN];
  gint64         source_count;
  VigilStoreRow *source_head;
  gint64         after[2];      /* last key the target holds, per table */
  gint64         upto[2];       /* the source's last key when the run started */
} Chain;

static void
chain_clear (Chain *chain)
{
  g_clear_pointer (&chain->source_head, vigil_store_row_free);
}

static gboolean
refuse (GError     **error,
        const Chain *chain,
        const char  *why)
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
static gboolean
check_chain (VigilStore  *source,
             VigilStore  *target,
             Chain       *chain,
             GError     **error)
{
  g_autoptr(VigilStoreRow) target_head = NULL;
  GError *local_error = NULL;
  gboolean target_ahead = FALSE;

  chain->source_head = read_head (source, chain->head, &local_error);
  if (local_error)
    goto fail;
  target_head = read_head (target, chain->head, &local_error);
  if (local_error)
    goto fail;
  chain->source_count = chain->source_head ? row_int (chain->source_head, HEAD_COUNT) : 0;
  chain->target_count = target_head ? row_int (target_head, HEAD_COUNT) : 0;
  memset (chain->target_last, 0, VIGIL_HASH_LEN);
  if (target_head && row_hash (target_head, HEAD_LAST))
    memcpy (chain->target_last, row_hash (target_head, HEAD_LAST), VIGIL_HASH_LEN);

  for (guint i = 0; i < chain->n_tables; i++)
    {
      g_autoptr(VigilStoreRow) source_last = last_row (source, chain->tables[i], &local_error);

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
      g_autoptr(VigilStoreRow) theirs = last_row (target, chain->tables[i], &local_error);
      g_autoptr(VigilStoreRow) ours = NULL;
      const VigilStoreTableSpec *spec = vigil_store_table_spec (chain->tables[i]);
      g_autofree char *why = NULL;

      if (local_error)
        goto fail;
      if (theirs == NULL)
        continue;
      chain->after[i] = row_key (theirs);
      ours = row_at (source, chain->tables[i], row_key (theirs), &local_error);
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
          why = g_strdup_printf (_("%s row %" G_GINT64_FORMAT " differs"), spec->name, row_key (theirs));
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
          ours = row_at (source, chain->tables[i], chain->upto[i], &local_error);
          if (!local_error)
            theirs = row_at (target, chain->tables[i], chain->upto[i], &local_error);
          if (local_error)
            goto fail;
          if (ours == NULL || theirs == NULL || !row_equal (ours, theirs))
            {
              g_autofree char *why = g_strdup_printf (_("%s row %" G_GINT64_FORMAT " differs"),
                                                      spec->name, chain->upto[i]);
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
head_row (const Chain   *chain,
          gint64         count,
          const guint8  *last)
{
  const VigilStoreTableSpec *spec = vigil_store_table_spec (chain->head);
  VigilStoreRow *row = chain->source_head ? row_copy (chain->source_head) : vigil_store_row_new (spec);

  value_set_int (&row->values[0], 1);
  value_set_int (&row->values[HEAD_COUNT], count);
  value_set_blob (&row->values[HEAD_LAST], last, VIGIL_HASH_LEN);
  if (g_str_equal (chain->head, "chain_head"))
    {
      guint8 head_hash[VIGIL_HASH_LEN];

      _vigil_chain_hash_head (count, last, head_hash);
      value_set_blob (&row->values[3], head_hash, VIGIL_HASH_LEN);
    }
  return row;
}

/* Adds to rows what goes with the posts chain's rows of a batch: the
 * annotations and author profiles of posts after_id < id <= upto_id, and
 * the current state (edited, deleted) that the batch's seqs left. */
typedef gboolean (*ExtraFunc) (VigilStore  *source,
                               gint64       after_id,
                               gint64       upto_id,
                               gint64       after_seq,
                               gint64       upto_seq,
                               GPtrArray   *rows,
                               VigilStoreMigrateResult *result,
                               GError     **error);

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
      found = export_range (source, extras[i], after, upto, 0, FALSE, error);
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

/* Copies the chain's rows the target lacks, batch by batch. */
/* The next rows of a chain after the keys in after[] (up to upto[]), both
 * tables merged by seq and cut where both have been read, so the batch is
 * exactly the next seqs; advances after[]. Empty when the chain is read. */
static GPtrArray *
next_batch (VigilStore  *store,
            const Chain *chain,
            gint64      *after,
            const gint64 *upto,
            guint        batch,
            guint64    **counters,
            GError     **error)
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
      *got[i] = export_range (store, chain->tables[i], after[i], upto[i], batch, FALSE, error);
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

/* Checks that rows continue the chain at *next_seq after last (and, with
 * rehash, that each row's hash is over its content); advances both. */
static gboolean
follow_rows (GPtrArray   *rows,
             const Chain *chain,
             gboolean     rehash,
             gint64      *next_seq,
             guint8      *last,
             const char  *whose,
             GError     **error)
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
          g_set_error (error, VIGIL_STORE_ERROR, VIGIL_STORE_ERROR_TAMPERED,
                       /* TRANSLATORS: "The archive's posts chain is broken at events row 12" */
                       _("%s %s is broken at %s row %" G_GINT64_FORMAT),
                       whose, _(chain->what), t->name, row_key (row));
          return FALSE;
        }
      memcpy (last, hash, VIGIL_HASH_LEN);
      (*next_seq)++;
    }
  return TRUE;
}

/* Copies the chain's rows the target lacks, batch by batch. */
static gboolean
copy_chain (VigilStore                     *source,
            VigilStore                     *target,
            Chain                          *chain,
            const VigilStoreMigrateOptions *options,
            guint64                        *counters[2],
            ExtraFunc                       extras,
            VigilStoreMigrateResult        *result,
            GError                        **error)
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
      if (!follow_rows (rows, chain, FALSE, &next_seq, last, _("The archive’s"), error))
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
      g_autoptr(VigilStoreRow) existing = read_head (target, chain->head, &local_error);

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
static gboolean
check_copied_chain (VigilStore  *target,
                    const Chain *chain,
                    guint        batch,
                    char       **out_head,
                    GError     **error)
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
      g_autoptr(VigilStoreRow) end = last_row (target, chain->tables[i], &local_error);

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
      if (!follow_rows (rows, chain, TRUE, &next_seq, last, _("The copy’s"), error))
        return FALSE;
    }

  head = read_head (target, chain->head, &local_error);
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

/* --- Tables outside the chains -------------------------------------------- */

/* Rows of an append-only table with ids the target doesn't hold yet, up to
 * the source's last id when the run started. */
static gboolean
copy_appended (VigilStore                     *source,
               VigilStore                     *target,
               const char                     *table,
               guint                           batch,
               guint64                        *counter,
               GArray                         *post_ids,
               GError                        **error)
{
  GError *local_error = NULL;
  g_autoptr(VigilStoreRow) theirs = last_row (target, table, &local_error);
  g_autoptr(VigilStoreRow) ours = NULL;
  gint64 after;
  gint64 upto;

  if (!local_error)
    ours = last_row (source, table, &local_error);
  if (local_error)
    {
      g_propagate_error (error, local_error);
      return FALSE;
    }
  after = theirs ? row_key (theirs) : 0;
  upto = ours ? row_key (ours) : 0;
  while (after < upto)
    {
      g_autoptr(GPtrArray) rows = export_range (source, table, after, upto, batch, FALSE, error);

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

/* "value\x1fvalue\x1f" of the first n_key columns */
static char *
row_key_string (const VigilStoreRow *row,
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
  g_autoptr(GPtrArray) ours = export_range (source, table, 0, 0, 0, FALSE, error);
  g_autoptr(GPtrArray) theirs = NULL;
  g_autoptr(GPtrArray) rows = NULL;
  g_autoptr(GHashTable) have = NULL;

  if (ours == NULL || !(theirs = export_range (target, table, 0, 0, 0, FALSE, error)))
    return FALSE;

  have = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  for (guint i = 0; i < theirs->len; i++)
    {
      VigilStoreRow *row = theirs->pdata[i];

      g_hash_table_insert (have, row_key_string (row, n_key), row);
    }

  rows = g_ptr_array_new_with_free_func ((GDestroyNotify) vigil_store_row_free);
  for (guint i = 0; i < ours->len; i++)
    {
      VigilStoreRow *row = ours->pdata[i];
      g_autofree char *key = row_key_string (row, n_key);
      VigilStoreRow *found = g_hash_table_lookup (have, key);

      if (found == NULL || !row_equal (found, row))
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
      row = row_at (source, "annotations", *id, &local_error);
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
vigil_store_migrate (VigilStore                     *source,
                     VigilStore                     *target,
                     const VigilStoreMigrateOptions *options,
                     VigilStoreMigrateResult        *out_result,
                     GError                        **error)
{
  Chain posts = { N_("the posts chain"), "chain_head", { "posts", "events" }, 2 };
  Chain journal = { N_("the journal"), "journal_head", { "records" }, 1 };
  Chain audit = { N_("the audit chain"), "audit_head", { "audit_chain" }, 1 };
  Chain *chains[] = { &posts, &journal, &audit };
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
    if (!check_chain (source, target, chains[i], error))
      goto out;

  {
    guint64 *post_counters[2] = { &result.posts, &result.events };
    guint64 *record_counters[2] = { &result.records, NULL };
    guint64 *audit_counters[2] = { &result.audit, NULL };

    if (!copy_chain (source, target, &posts, options, post_counters, add_post_extras, &result, error)
        || !copy_differing (source, target, "tombstones", 2, &result.tombstones, error)
        || !copy_chain (source, target, &journal, options, record_counters, NULL, &result, error)
        || !copy_appended (source, target, "sentiment_overrides", batch, &result.overrides,
                           overridden, error)
        || !copy_appended (source, target, "alerts", batch, &result.alerts, NULL, error)
        || !copy_appended (source, target, "access_log", batch, &result.access, NULL, error)
        || !copy_chain (source, target, &audit, options, audit_counters, NULL, &result, error)
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
        if (!check_copied_chain (target, chains[i], batch, heads[i], error))
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
    chain_clear (chains[i]);
  if (ok && out_result)
    *out_result = result;
  else
    vigil_store_migrate_result_clear (&result);
  return ok;
}

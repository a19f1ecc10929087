/* vigil-store-migrate-private.h: what the migration's files share
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "vigil-store-backend.h"
#include "vigil-store-chain-hash.h"
#include "vigil-store-migrate.h"

G_BEGIN_DECLS

/* rows per transaction when the options don't say */
#define DEFAULT_BATCH 2000

/* The head rows' columns: id, count, last_hash[, head_hash | sealed_us] */
#define HEAD_COUNT 1
#define HEAD_LAST  2

VigilStoreRow *_vigil_store_row_copy       (const VigilStoreRow *row);
gboolean       _vigil_store_row_equal      (const VigilStoreRow *a,
                                            const VigilStoreRow *b);
/* "value\x1fvalue\x1f" of the first n_key columns */
char          *_vigil_store_row_key_string (const VigilStoreRow *row,
                                            guint                n_key);
void           _vigil_store_value_set_blob (VigilStoreValue     *value,
                                            const guint8        *data,
                                            gsize                len);
void           _vigil_store_value_set_int  (VigilStoreValue     *value,
                                            gint64               i);

static inline gint64
row_int (const VigilStoreRow *row,
         int                  index)
{
  return row->values[index].type == VIGIL_STORE_VALUE_INT ? row->values[index].i : 0;
}

/* the row's hash (index), or NULL if the value is not a hash */
static inline const guint8 *
row_hash (const VigilStoreRow *row,
          int                  index)
{
  const VigilStoreValue *v = &row->values[index];

  return v->type == VIGIL_STORE_VALUE_BLOB && v->len == VIGIL_HASH_LEN ? (const guint8 *) v->s : NULL;
}

static inline gint64
row_key (const VigilStoreRow *row)
{
  /* the key is the first column of every keyed table */
  return row_int (row, 0);
}

/* vigil-store-migrate-rows.c: reading rows */
GPtrArray     *_vigil_store_export_range   (VigilStore          *store,
                                            const char          *table,
                                            gint64               after,
                                            gint64               upto,
                                            guint                limit,
                                            gboolean             descending,
                                            GError             **error);
/* The row with the highest key, or NULL (*error unset) when the table is empty. */
VigilStoreRow *_vigil_store_last_row       (VigilStore          *store,
                                            const char          *table,
                                            GError             **error);
VigilStoreRow *_vigil_store_row_at         (VigilStore          *store,
                                            const char          *table,
                                            gint64               key,
                                            GError             **error);
/* The head row (id 1) of a chain, or NULL when there is none yet. */
VigilStoreRow *_vigil_store_read_head      (VigilStore          *store,
                                            const char          *head,
                                            GError             **error);

/* vigil-store-migrate-chain.c: one chain */
typedef struct
{
  const char    *what;          /* for messages */
  const char    *head;
  const char    *tables[2];
  guint          n_tables;
  /* filled by _vigil_store_chain_check () */
  gint64         target_count;
  guint8         target_last[VIGIL_HASH_LEN];
  gint64         source_count;
  VigilStoreRow *source_head;
  gint64         after[2];      /* last key the target holds, per table */
  gint64         upto[2];       /* the source's last key when the run started */
} VigilMigrateChain;

/* Adds to rows what goes with the posts chain's rows of a batch: the
 * annotations and author profiles of posts after_id < id <= upto_id, and
 * the current state (edited, deleted) that the batch's seqs left. */
typedef gboolean (*VigilMigrateExtraFunc) (VigilStore               *source,
                                           gint64                    after_id,
                                           gint64                    upto_id,
                                           gint64                    after_seq,
                                           gint64                    upto_seq,
                                           GPtrArray                *rows,
                                           VigilStoreMigrateResult  *result,
                                           GError                  **error);

void      _vigil_store_chain_clear      (VigilMigrateChain              *chain);
/* Reads both heads and checks that the target's chain is a prefix of the
 * source's (or the source's of the target's: then nothing is to copy);
 * CONFLICT with the reason when not. */
gboolean  _vigil_store_chain_check      (VigilStore                     *source,
                                         VigilStore                     *target,
                                         VigilMigrateChain              *chain,
                                         GError                        **error);
/* Copies the chain's rows the target lacks, batch by batch (extras: what
 * goes with each batch, or NULL). */
gboolean  _vigil_store_chain_copy       (VigilStore                     *source,
                                         VigilStore                     *target,
                                         VigilMigrateChain              *chain,
                                         const VigilStoreMigrateOptions *options,
                                         guint64                        *counters[2],
                                         VigilMigrateExtraFunc           extras,
                                         VigilStoreMigrateResult        *result,
                                         GError                        **error);
/* Reads the target's chain back from its first row and checks every link
 * and hash, then the head; the head's hex in *out_head ("" when empty). */
gboolean  _vigil_store_chain_check_copy (VigilStore                     *target,
                                         const VigilMigrateChain        *chain,
                                         guint                           batch,
                                         char                          **out_head,
                                         GError                        **error);

G_END_DECLS

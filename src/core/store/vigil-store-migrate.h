/* vigil-store-migrate.h: copying an archive between backends, chain kept
 *
 * vigil_store_migrate() copies everything an archive holds from one store
 * to another (today: an SQLite file into a team database): the posts and
 * events with their ids, seq and hashes, the journal (cases, templates,
 * drills, dossiers, accounts…), the audit chain and the rows it seals
 * (overrides, alerts, access log), blobs, tombstones, annotations and
 * author profiles. Rows keep their values byte for byte, so the target's
 * chains end on the same head hashes.
 *
 * It resumes: each chain continues from the target's head, after checking
 * that the target's last row is the source's row at that position (same
 * hash, so the whole prefix is the same); a target with another history is
 * refused, naming the chain, and nothing is written. Each batch is one
 * transaction on the target, heads included, so an interrupted run leaves
 * a consistent target and the next run goes on from there.
 *
 * Backends exchange rows through two vfuncs (vigil-store-backend.h):
 * export_rows reads a table's columns by name, import_rows writes rows
 * (with their table) in one transaction. Tables and columns have the same
 * names on every backend.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "vigil-store.h"

G_BEGIN_DECLS

/* A value, typed as the chains hash it. */
typedef enum
{
  VIGIL_STORE_VALUE_NULL,
  VIGIL_STORE_VALUE_INT,
  VIGIL_STORE_VALUE_REAL,
  VIGIL_STORE_VALUE_TEXT,
  VIGIL_STORE_VALUE_BLOB,
} VigilStoreValueType;

typedef struct
{
  VigilStoreValueType type;
  gint64              i;
  double              d;
  char               *s;      /* TEXT and BLOB (NUL-terminated too) */
  gsize               len;
} VigilStoreValue;

/* One row: n_values values, in the table spec's column order. */
typedef struct
{
  const struct _VigilStoreTableSpec *table;
  guint            n_values;
  VigilStoreValue *values;
} VigilStoreRow;

VigilStoreRow *vigil_store_row_new  (const struct _VigilStoreTableSpec *table);
void           vigil_store_row_free (VigilStoreRow *row);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (VigilStoreRow, vigil_store_row_free)

/* What an import does when a row's key is already there. */
typedef enum
{
  VIGIL_STORE_CONFLICT_FAIL,    /* append-only: an error, the transaction is rolled back */
  VIGIL_STORE_CONFLICT_IGNORE,  /* keep the target's row */
  VIGIL_STORE_CONFLICT_UPDATE,  /* replace it (heads, blobs, derived rows) */
} VigilStoreConflict;

typedef struct _VigilStoreTableSpec
{
  const char         *name;        /* the same on every backend */
  const char         *columns;     /* "a, b, c": the same names and order everywhere */
  guint               n_columns;
  const char         *key;         /* an integer column to order and resume by; NULL = none */
  const char         *conflict;    /* the unique columns for ON CONFLICT */
  VigilStoreConflict  on_conflict;
  /* a chained table: its head table, and where seq, prev_hash and hash
   * stand among the columns (an import checks that its rows continue the
   * head it locks); head NULL = not chained */
  const char         *head;
  int                 seq_index;
  int                 prev_index;
  int                 hash_index;
  /* the chain's label when the row's hash is over its own columns before
   * prev_hash (posts, events, records); NULL when not (audit_chain) */
  const char         *label;
} VigilStoreTableSpec;

/* The tables migrate copies, by name ("posts", "records", "chain_head"…);
 * NULL when unknown. */
const VigilStoreTableSpec *vigil_store_table_spec (const char *name);

/* Rows with after < key <= upto (upto 0 = no bound), in key order (newest
 * first when descending), at most limit (0 = all). A table without a key
 * is read whole. A GPtrArray of VigilStoreRow. */
typedef struct
{
  const VigilStoreTableSpec *table;
  gint64                     after;
  gint64                     upto;
  guint                      limit;
  gboolean                   descending;
} VigilStoreExportQuery;

GPtrArray *vigil_store_export_rows (VigilStore                  *self,
                                    const VigilStoreExportQuery *query,
                                    GError                     **error);
/* Writes rows (VigilStoreRow, each naming its table) in order, in one
 * transaction; the backend then brings its derived tables (current state
 * of posts, search index) up to date for the posts and events it wrote. */
gboolean   vigil_store_import_rows (VigilStore                  *self,
                                    GPtrArray                   *rows,
                                    GError                     **error);

/* What a migration copied (this run) and where the target stands. */
typedef struct
{
  guint64  posts;
  guint64  events;
  guint64  records;
  guint64  audit;          /* audit-chain entries */
  guint64  access;         /* access-log rows */
  guint64  overrides;
  guint64  alerts;
  guint64  blobs;          /* blobs written (new or changed) */
  guint64  annotations;
  guint64  profiles;
  guint64  tombstones;
  gboolean verified;       /* the target verified after the copy */
  char    *head_hash;      /* the target's posts chain head (hex), as verify prints it */
  char    *records_hash;
  char    *audit_hash;
} VigilStoreMigrateResult;

void vigil_store_migrate_result_clear (VigilStoreMigrateResult *result);

/* done and total: rows of the posts chain copied so far, and to copy */
typedef void (*VigilStoreMigrateProgress) (guint64  done,
                                           guint64  total,
                                           gpointer user_data);

typedef struct
{
  guint                      batch;     /* rows per transaction; 0 = 2000 */
  gboolean                   no_verify; /* skip the target's verify at the end */
  VigilStoreMigrateProgress  progress;
  gpointer                   progress_data;
  GCancellable              *cancellable;
} VigilStoreMigrateOptions;

/* Copies what source holds and target lacks (see above); options may be
 * NULL. FALSE with VIGIL_STORE_ERROR_CONFLICT when the target's history
 * differs from the source's, with the reason; with TAMPERED when the
 * target does not verify after the copy. */
gboolean vigil_store_migrate (VigilStore                     *source,
                              VigilStore                     *target,
                              const VigilStoreMigrateOptions *options,
                              VigilStoreMigrateResult        *out_result,
                              GError                        **error);

G_END_DECLS

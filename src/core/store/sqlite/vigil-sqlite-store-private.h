/* vigil-sqlite-store-private.h: what the SQLite backend's files share
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "vigil-sqlite-store.h"
#include "vigil-store-private.h"

G_BEGIN_DECLS

typedef struct
{
  gatomicrefcount  ref_count;
  GMutex           lock;
  VigilSqliteStore      *store;   /* NULL once the store is disposed */
} Notifier;

struct _VigilSqliteStore
{
  VigilStore        parent_instance;

  char             *path;
  gboolean          shared;        /* one connection (":memory:") */

  sqlite3          *write_db;
  sqlite3          *read_db;       /* == write_db when shared */
  GMutex            read_lock;
  sqlite3_stmt     *count_stmt;
  sqlite3_stmt     *last_id_stmt;
  sqlite3_stmt     *range_stmt;
  sqlite3_stmt     *by_id_stmt;
  sqlite3_stmt     *cursor_stmt;

  VigilStoreWriter *writer;        /* worker thread only */
  gboolean          idle_merge;    /* worker thread only: index merges to do when idle */
  VigilStoreJournal *journal;      /* worker thread only */
  VigilStoreAnnotateFunc annotate; /* worker thread only (swapped through the queue) */
  gpointer          annotate_data;
  GDestroyNotify    annotate_destroy;
  GThread          *worker;
  GAsyncQueue      *queue;
  GMainContext     *owner_context;
  Notifier         *notifier;

  /* watching for other processes' commits (vigil_store_watch_external) */
  GSource          *watch_source;
  sqlite3_stmt     *data_version_stmt;
  sqlite3_stmt     *last_event_stmt;
  gint64            data_version;
  gint64            seen_post_id;
  gint64            seen_event_id;
  gint64            seen_record_seq;  /* owner context only */
  sqlite3_stmt     *blob_stmt;
  sqlite3_stmt     *find_stmt;       /* platform, remote_id */
};

/* Reads are serialised by read_lock (see vigil-sqlite-store.c). */
static inline void
read_lock (VigilSqliteStore *self)
{
  g_mutex_lock (&self->read_lock);
}

static inline void
read_unlock (VigilSqliteStore *self)
{
  g_mutex_unlock (&self->read_lock);
}

/* vigil-sqlite-store-reads.c: the read vfuncs, on the read connection */
gint64 _vigil_sqlite_store_read_scalar      (VigilSqliteStore  *self,
                                             sqlite3_stmt      *stmt,
                                             GError           **error);
void   _vigil_sqlite_store_class_init_reads (VigilStoreClass   *store_class);
/* vigil-store-chain-export.c: export_rows, for vigil_store_migrate() */
void   _vigil_sqlite_store_class_init_export (VigilStoreClass  *store_class);

/* vigil-store-history.c: a post's versions (get_post_history) */
void   _vigil_sqlite_store_class_init_history (VigilStoreClass *store_class);

G_END_DECLS

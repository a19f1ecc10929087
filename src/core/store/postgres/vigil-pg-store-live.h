/* vigil-pg-store-live.h: what the journal, the access log and the writer
 * share with the live side (LISTEN/NOTIFY, online state, reconnection)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "vigil-pg-store-private.h"

G_BEGIN_DECLS

/* --- vigil-pg-store-notify.c --------------------------------------------- */

/* Any thread: FALSE while the store knows the server is away (its listener
 * lost it and has not reconnected yet). */
gboolean     _vigil_pg_store_is_online        (VigilPgStore      *self);
/* Any thread: a write or read found its connection gone. The listener
 * looks at its own and, if the server is away, goes offline and reconnects
 * with backoff. */
void         _vigil_pg_store_connection_lost  (VigilPgStore      *self);
/* Owner context: looks at the listener's connection now (goes offline if
 * it broke); returns whether the store is online. */
gboolean     _vigil_pg_store_check_listener   (VigilPgStore      *self);
/* The queue of posts kept while offline (any thread; push FALSE when full). */
gboolean     _vigil_pg_store_queue_push       (VigilPgStore      *self,
                                               gpointer           item);
gpointer     _vigil_pg_store_queue_pop        (VigilPgStore      *self);
guint        _vigil_pg_store_queue_length     (VigilPgStore      *self);
/* The writer thread: record was committed by this store; announced on the
 * opener's context, in seq order with what other workstations appended. */
void         _vigil_pg_store_record_committed (VigilPgStore      *self,
                                               const VigilRecord *record);

/* VIGIL_STORE_ERROR_UNAVAILABLE with the message people see. */
void         _vigil_pg_store_set_unavailable  (GError           **error,
                                               const char        *detail);
/* Before queuing a write a person asked for: FALSE with UNAVAILABLE (task,
 * when given, is completed with it and unreffed) while offline. */
gboolean     _vigil_pg_store_check_online     (VigilPgStore      *self,
                                               GError           **error,
                                               GTask             *task);
/* For async inserts of posts (ingest), instead of _vigil_pg_store_write():
 * while offline, or when the server goes away during the write, the job is
 * kept in order and written again once reconnected (the insert dedups, so
 * that is safe); task completes then. */
void         _vigil_pg_store_write_queued     (VigilPgStore      *self,
                                               VigilPgWriteFunc   func,
                                               gpointer           data,
                                               GDestroyNotify     data_destroy,
                                               GDestroyNotify     result_destroy,
                                               GTask             *task);
/* The owner context: writes the kept jobs again, in order. */
void         _vigil_pg_store_replay_queued    (VigilPgStore      *self);
/* At dispose: kept jobs fail with UNAVAILABLE. */
void         _vigil_pg_store_fail_queued      (VigilPgStore      *self);
/* Fails with local_error: completes task with it (and unrefs it), else
 * propagates it to error. Returns FALSE. */
gboolean     _vigil_pg_fail                   (GTask             *task,
                                               GError           **error,
                                               GError            *local_error);
/* The delay before reconnection attempt n (0, 1, …): 0.5 s doubling to 30 s. */
guint        _vigil_pg_backoff_ms             (guint              attempt);

/* --- vigil-pg-store-reconnect.c ------------------------------------------ */

/* VIGIL_STORE_ERROR_UNAVAILABLE with the message people see. */
void         _vigil_pg_store_set_unavailable  (GError           **error,
                                               const char        *detail);
/* Before queuing a write a person asked for: FALSE with UNAVAILABLE (task,
 * when given, is completed with it and unreffed) while offline. */
gboolean     _vigil_pg_store_check_online     (VigilPgStore      *self,
                                               GError           **error,
                                               GTask             *task);
/* For async inserts of posts (ingest), instead of _vigil_pg_store_write():
 * while offline, or when the server goes away during the write, the job is
 * kept in order and written again once reconnected (the insert dedups, so
 * that is safe); task completes then. */
void         _vigil_pg_store_write_queued     (VigilPgStore      *self,
                                               VigilPgWriteFunc   func,
                                               gpointer           data,
                                               GDestroyNotify     data_destroy,
                                               GDestroyNotify     result_destroy,
                                               GTask             *task);
/* The owner context: writes the kept jobs again, in order. */
void         _vigil_pg_store_replay_queued    (VigilPgStore      *self);
/* At dispose: kept jobs fail with UNAVAILABLE. */
void         _vigil_pg_store_fail_queued      (VigilPgStore      *self);
/* Fails with local_error: completes task with it (and unrefs it), else
 * propagates it to error. Returns FALSE. */
gboolean     _vigil_pg_fail                   (GTask             *task,
                                               GError           **error,
                                               GError            *local_error);
/* The delay before reconnection attempt n (0, 1, …): 0.5 s doubling to 30 s. */
guint        _vigil_pg_backoff_ms             (guint              attempt);

/* --- vigil-pg-store-access.c -------------------------------------------- */

/* A double as SQLite renders a REAL as text ("%!.15g": "0.5", "1.0e+15"),
 * which the audit chain hashes for the alerts' doubles. */
char        *_vigil_pg_sqlite_real_text       (double             v);
/* Walks the audit chain (overrides, alerts, access log) in the caller's
 * read snapshot, as _vigil_pg_journal_verify() the journal. Needs a role
 * that reads the access log (the owner, compliance). */
gboolean     _vigil_pg_audit_verify           (PGconn            *conn,
                                               guint64           *out_count,
                                               guint8            *out_last_hash,
                                               char             **out_broken,
                                               GError           **error);

/* --- vigil-pg-store-journal.c -------------------------------------------- */

/* Columns "seq, kind, key, version, actor, at_us, body" of row. */
VigilRecord *_vigil_pg_row_to_record          (const PGresult    *res,
                                               int                row);
GPtrArray   *_vigil_pg_read_records           (PGconn            *conn,
                                               const char        *kind,
                                               const char        *key,
                                               gint64             after_seq,
                                               guint              limit,
                                               GError           **error);

/* Whether a chain's head row (table "journal_head" or "audit_head") says n
 * rows ending with last: 1 yes, 0 no (*out_count: its count), 2 there is no
 * head row, -1 unreadable (error set). */
int          _vigil_pg_check_head             (PGconn            *conn,
                                               const char        *table,
                                               gint64             n,
                                               const guint8      *last,
                                               gint64            *out_count,
                                               GError           **error);
/* Walks the journal's chain in the caller's read snapshot: *out_broken
 * (NULL when intact) names the first broken record as SQLite's verify does;
 * *out_count and out_last_hash (may be NULL) for anchors. FALSE only when
 * it can't be read. */
gboolean     _vigil_pg_journal_verify         (PGconn            *conn,
                                               guint64           *out_count,
                                               guint8            *out_last_hash,
                                               char             **out_broken,
                                               GError           **error);

G_END_DECLS

/* vigil-pg-store-private.h: what the PostgreSQL backend's files share
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Connections. write_conn belongs to the writer: a GThreadPool of one
 * exclusive thread, so writes run one at a time in the order they were
 * queued (sync writes are queued too and waited for). read_conn serves the
 * read vfuncs on any thread, under read_lock. Every write is one
 * transaction; the posts chain head row (chain_head, id 1) is locked FOR
 * UPDATE by each insert, so several processes (workstations, the ingest
 * server) continue one chain.
 *
 * Errors: _vigil_pg_set_error() maps a failed result to VIGIL_STORE_ERROR:
 * a lost connection → UNAVAILABLE, 40001/40P01 → CONFLICT, 42501
 * (insufficient privilege) → INVALID with "not allowed", others → SQL.
 * Messages never contain the connection string or the password.
 */
#pragma once

#include <libpq-fe.h>
#include <string.h>

#include "vigil-pg-store.h"
#include "vigil-store-backend.h"
#include "vigil-store-chain-hash.h"

G_BEGIN_DECLS

/* Migrations take this advisory lock ("VIGL"), in their transaction. */
#define VIGIL_PG_MIGRATE_LOCK 1447642956

struct _VigilPgStore
{
  VigilStore        parent_instance;

  char             *conninfo;      /* as given: may hold a password; never logged */
  char             *password;      /* NULL: libpq's own ways; never logged */
  char             *display_uri;   /* conninfo without any password (get_path) */

  PGconn           *write_conn;    /* the writer thread only */
  PGconn           *read_conn;     /* under read_lock */
  GMutex            read_lock;
  GThreadPool      *writer;        /* one exclusive thread: FIFO */
  GMainContext     *owner_context; /* where signals are emitted */

  /* the writer thread only (swapped through the writer) */
  VigilStoreAnnotateFunc annotate;
  gpointer          annotate_data;
  GDestroyNotify    annotate_destroy;
  gpointer          post_writer;   /* vigil-pg-store-writer.c's state */

  /* vigil-pg-store-notify.c (pglive): LISTEN connection and its source */
  PGconn           *listen_conn;
  GSource          *listen_source;
  gint64            seen_post_id;     /* owner context only */
  gint64            seen_event_id;    /* owner context only */
  gint64            seen_record_seq;  /* owner context only */
  gpointer          notify_state;     /* pglive's own, freed by _vigil_pg_store_listen_stop */
};

/* --- Connections and statements (vigil-pg-store-db.c) ------------------- */

/* A new connection (conninfo: any libpq URI or key=value string). Sets
 * UTC, the application name and quiet notices. */
PGconn     *_vigil_pg_connect          (const char   *conninfo,
                                        const char   *password,
                                        GError      **error);
/* A new connection to this store's database (for LISTEN, a verify of its
 * own, an import…). */
PGconn     *_vigil_pg_store_connect    (VigilPgStore *self,
                                        GError      **error);
/* Reconnects a lost connection (PQreset); FALSE with UNAVAILABLE. */
gboolean    _vigil_pg_ensure_connected (PGconn       *conn,
                                        GError      **error);
void        _vigil_pg_set_error        (GError      **error,
                                        PGconn       *conn,
                                        const PGresult *res,
                                        const char   *what);
/* Runs sql (no parameters; may hold several statements). */
gboolean    _vigil_pg_exec             (PGconn       *conn,
                                        const char   *sql,
                                        GError      **error);
/* Text parameters (NULL = SQL NULL), text results. Returns the result
 * (TUPLES_OK or COMMAND_OK) or NULL with error set. */
PGresult   *_vigil_pg_exec_params      (PGconn              *conn,
                                        const char          *sql,
                                        int                  n_params,
                                        const char * const  *values,
                                        GError             **error);
/* With lengths and formats (1 = binary, for bytea), and the result's
 * format (0 text, 1 binary). */
PGresult   *_vigil_pg_exec_params_full (PGconn              *conn,
                                        const char          *sql,
                                        int                  n_params,
                                        const char * const  *values,
                                        const int           *lengths,
                                        const int           *formats,
                                        int                  result_format,
                                        GError             **error);
/* One integer from the first row's first column (0 when no row or NULL). */
gboolean    _vigil_pg_query_int        (PGconn              *conn,
                                        const char          *sql,
                                        int                  n_params,
                                        const char * const  *values,
                                        gint64              *out,
                                        GError             **error);
gboolean    _vigil_pg_begin            (PGconn       *conn,
                                        GError      **error);
gboolean    _vigil_pg_commit           (PGconn       *conn,
                                        GError      **error);
void        _vigil_pg_rollback         (PGconn       *conn);
/* Result values: NULL when SQL NULL. */
static inline const char *
_vigil_pg_get (const PGresult *res,
               int             row,
               int             col)
{
  return PQgetisnull (res, row, col) ? NULL : PQgetvalue (res, row, col);
}
gint64      _vigil_pg_get_int          (const PGresult *res,
                                        int             row,
                                        int             col);
/* A bytea in text format ("\x…") into out (len bytes); FALSE if not that long. */
gboolean    _vigil_pg_get_hash         (const PGresult *res,
                                        int             row,
                                        int             col,
                                        guint8         *out);
/* "\x…" text for a bytea parameter; g_free it. */
char       *_vigil_pg_bytea_hex        (const guint8   *data,
                                        gsize           len);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (PGresult, PQclear)

/* --- The store (vigil-pg-store.c) --------------------------------------- */

/* The writer. func runs on the writer thread with write_conn (connected),
 * outside any transaction: it opens its own. With task NULL the call waits
 * and returns what func returned (and *out_result); with task, the call
 * queues and returns TRUE, and the task completes with func's result: a
 * pointer when result_destroy is set (freed with it), else a boolean. */
typedef gboolean (*VigilPgWriteFunc) (VigilPgStore  *self,
                                      PGconn        *conn,
                                      gpointer       data,
                                      gpointer      *out_result,
                                      GError       **error);

gboolean    _vigil_pg_store_write      (VigilPgStore     *self,
                                        VigilPgWriteFunc  func,
                                        gpointer          data,
                                        GDestroyNotify    data_destroy,
                                        GDestroyNotify    result_destroy,
                                        GTask            *task,
                                        gpointer         *out_result,
                                        GError          **error);
/* Reads: lock read_conn (reconnecting it if lost); NULL with error. */
PGconn     *_vigil_pg_store_read_begin (VigilPgStore  *self,
                                        GError       **error);
void        _vigil_pg_store_read_end   (VigilPgStore  *self);
/* Signals on the opener's main context, from any thread. */
void        _vigil_pg_store_emit_changed  (VigilPgStore      *self,
                                           gint64             last_id,
                                           guint              n_added,
                                           guint              n_events);
/* "changed" for an insert, unless the listener announced it already
 * (both keep seen_post_id and seen_event_id, on the owner context) */
void        _vigil_pg_store_emit_insert   (VigilPgStore      *self,
                                           gint64             last_id,
                                           gint64             last_event_id,
                                           guint              n_added,
                                           guint              n_events);
void        _vigil_pg_store_emit_record   (VigilPgStore      *self,
                                           const VigilRecord *record);

/* --- Schema (vigil-pg-store-schema.c) ------------------------------------ */

/* Runs the migrations the database lacks, each in one transaction under
 * the advisory lock; refuses a database written by a newer Vigil. */
gboolean    _vigil_pg_migrate          (PGconn       *conn,
                                        GError      **error);
int         _vigil_pg_schema_version   (void);

/* --- Full-text search (vigil-pg-store-fts.c) ---------------------------- */

/* title, spoiler and text joined by newlines, as SQLite's index holds them */
const char *_vigil_pg_fts_text         (GString      *buf,
                                        const char   *title,
                                        const char   *spoiler,
                                        const char   *text);
/* The tsvector literal a post's posts_fts.doc holds (into out). */
const char *_vigil_pg_fts_doc          (GString      *out,
                                        const char   *title,
                                        const char   *spoiler,
                                        const char   *text,
                                        const char   *author,
                                        const char   *author_name,
                                        const char   *tags);
/* vigil_search_query_to_fts()'s expression as a tsquery literal; NULL when
 * nothing in it is searchable. */
char       *_vigil_pg_fts_to_tsquery   (const char   *fts);

/* --- Posts (vigil-pg-store-writer.c, -reads.c, -search.c, -verify.c) ----- */

void        _vigil_pg_store_class_init_posts (VigilStoreClass *store_class);
void        _vigil_pg_store_class_init_reads (VigilStoreClass *store_class);
void        _vigil_pg_store_writer_free      (gpointer         post_writer);
/* The insert itself: one transaction on conn (the writer's, or pglive's
 * replay of posts queued while offline). Emits nothing. */
gboolean    _vigil_pg_store_insert_posts     (VigilPgStore            *self,
                                              PGconn                  *conn,
                                              GPtrArray               *posts,
                                              VigilStoreInsertResult  *result,
                                              gint64                  *out_last_event_id,
                                              GError                 **error);
/* COPY … FROM STDIN of data (COPY text format); nothing when empty. */
gboolean    _vigil_pg_copy                   (PGconn       *conn,
                                              const char   *sql,
                                              GString      *data,
                                              GError      **error);
/* "prefix VALUES ($1::cast, …), … suffix" over values (n_cols text values a
 * row, NULL = SQL NULL); row_cast: comma-separated casts or NULL. */
gboolean    _vigil_pg_multi_insert           (PGconn       *conn,
                                              const char   *prefix,
                                              const char   *row_cast,
                                              const char   *suffix,
                                              guint         n_cols,
                                              GPtrArray    *values,
                                              GError      **error);
/* verify and verify_full (vigil-pg-store-verify.c) */
void        _vigil_pg_store_class_init_verify (VigilStoreClass *store_class);

/* --- The journal and blobs (vigil-pg-store-journal.c, pglive) ------------ */

gboolean    _vigil_pg_store_append_record  (VigilStore        *store,
                                            VigilRecord       *record,
                                            gint64             expected_version,
                                            GTask             *task,
                                            VigilRecord      **out_record,
                                            GError           **error);
GPtrArray  *_vigil_pg_store_list_records   (VigilStore        *store,
                                            const char        *kind,
                                            const char        *key,
                                            gint64             after_seq,
                                            guint              limit,
                                            GError           **error);
gboolean    _vigil_pg_store_put_blob       (VigilStore        *store,
                                            const char        *kind,
                                            const char        *key,
                                            GBytes            *data,
                                            GError           **error);
GBytes     *_vigil_pg_store_get_blob       (VigilStore        *store,
                                            const char        *kind,
                                            const char        *key,
                                            GError           **error);
gboolean    _vigil_pg_store_delete_blob    (VigilStore        *store,
                                            const char        *kind,
                                            const char        *key,
                                            GError           **error);

/* --- Access log, cursors, overrides, alerts (vigil-pg-store-access.c, pglive) */

gboolean    _vigil_pg_store_log_access     (VigilStore        *store,
                                            const char        *actor,
                                            const char        *action,
                                            const char        *detail,
                                            GTask             *task,
                                            GError           **error);
GPtrArray  *_vigil_pg_store_list_access    (VigilStore        *store,
                                            gint64             since_us,
                                            gint64             until_us,
                                            guint              limit,
                                            GError           **error);
gboolean    _vigil_pg_store_set_cursor     (VigilStore        *store,
                                            const char        *source,
                                            const char        *cursor,
                                            GError           **error);
char       *_vigil_pg_store_get_cursor     (VigilStore        *store,
                                            const char        *source,
                                            GError           **error);
gboolean    _vigil_pg_store_override_sentiment (VigilStore    *store,
                                            const gint64      *ids,
                                            guint              n_ids,
                                            VigilSentiment     label,
                                            const char        *actor,
                                            GTask             *task,
                                            GError           **error);
GPtrArray  *_vigil_pg_store_get_sentiment_overrides (VigilStore *store,
                                            gint64             post_id,
                                            GError           **error);
gboolean    _vigil_pg_store_archive_alert  (VigilStore        *store,
                                            const VigilAlertRecord *record,
                                            GTask             *task,
                                            GError           **error);
GPtrArray  *_vigil_pg_store_get_alerts     (VigilStore        *store,
                                            const char        *watch,
                                            gint64             since_us,
                                            guint              limit,
                                            GError           **error);

/* --- LISTEN/NOTIFY (vigil-pg-store-notify.c, pglive) --------------------- */

/* the watch_external vfunc: start listening (interval_ms: the fallback
 * reconnect/backoff period, no polling of tables) */
void        _vigil_pg_store_watch_external (VigilStore        *store,
                                            guint              interval_ms);
/* open calls start (failing is not fatal: watch_external starts it too);
 * dispose calls stop, which frees notify_state */
gboolean    _vigil_pg_store_listen_start   (VigilPgStore      *self,
                                            GError           **error);
void        _vigil_pg_store_listen_stop    (VigilPgStore      *self);
/* any thread: a write or read found its connection gone (the writer calls
 * it when a job fails with VIGIL_STORE_ERROR_UNAVAILABLE) */
void        _vigil_pg_store_connection_lost (VigilPgStore     *self);

/* --- Moving archives in and out (vigil-pg-store-import.c, pgmigrate) ----- */

void        _vigil_pg_store_class_init_import (VigilStoreClass *store_class);

G_END_DECLS

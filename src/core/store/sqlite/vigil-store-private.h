/* vigil-store-private.h: internals shared by the store's source files
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <sqlite3.h>
#include <string.h>

#include "vigil-store-backend.h"
#include "vigil-store-chain-hash.h"

G_BEGIN_DECLS

/* "VIGL": PRAGMA application_id of a Vigil archive. */
#define VIGIL_STORE_APPLICATION_ID 0x5649474C

/* Tags and media descriptions are stored joined by U+001F (unit separator). */
#define VIGIL_STORE_LIST_SEP '\x1f'

/* Joins strv with VIGIL_STORE_LIST_SEP into buf (NULL when empty). */
const char *_vigil_store_join_list (GString            *buf,
                                    const char * const *strv);

/* vigil-store-chain.c */
void      _vigil_chain_hash_row       (GChecksum             *sum,
                                       const char            *label,
                                       const guint8          *prev_hash,
                                       const VigilChainField *fields,
                                       guint                  n_fields,
                                       guint8                *out_hash);
gboolean  _vigil_chain_bind_fields    (sqlite3_stmt          *stmt,
                                       const VigilChainField *fields,
                                       guint                  n_fields);
/* walks the posts/events chain and checks the anchors; reports progress
 * from progress_from to progress_to */
gboolean  _vigil_chain_verify         (sqlite3               *db,
                                       const VigilStoreVerifyOptions *options,
                                       double                 progress_from,
                                       double                 progress_to,
                                       VigilStoreVerifyResult *result,
                                       GError               **error);
void      _vigil_chain_read_fields    (sqlite3_stmt          *stmt,
                                       VigilChainField       *fields,
                                       guint                  n_fields);
void      _vigil_chain_report_progress (const VigilStoreVerifyOptions *options,
                                        double                 fraction);
/* "2026-12-06 02:33:09 UTC" */
char     *_vigil_store_format_time    (gint64                 us);

/* vigil-store-audit.c: the audit chain (overrides, alerts, access log) */
typedef struct _VigilStoreAudit VigilStoreAudit;

VigilStoreAudit *_vigil_store_audit_new    (sqlite3              *db,
                                            GError              **error);
void             _vigil_store_audit_free   (VigilStoreAudit      *audit);
/* inside the caller's write transaction */
gboolean         _vigil_store_audit_append (VigilStoreAudit      *audit,
                                            const char           *table,
                                            gint64                row_id,
                                            GError              **error);
/* at open (write connection): chains the rows written before format 5 */
gboolean         _vigil_store_audit_seal   (sqlite3              *db,
                                            GError              **error);
/* one access-log entry, chained, in its own transaction */
gboolean         _vigil_store_audit_log    (sqlite3              *db,
                                            const char           *actor,
                                            const char           *action,
                                            const char           *detail,
                                            GError              **error);
gboolean         _vigil_store_audit_verify (sqlite3              *db,
                                            guint64              *out_count,
                                            guint8               *out_last_hash,
                                            char                **out_broken,
                                            GError              **error);
gboolean         _vigil_store_audit_hash_at (sqlite3             *db,
                                             guint64              seq,
                                             guint8              *out_hash);
GPtrArray       *_vigil_store_read_access  (sqlite3              *db,
                                            gint64                since_us,
                                            gint64                until_us,
                                            guint                 limit,
                                            GError              **error);

/* vigil-store-derived.c: the derived tables, rebuilt and compared */
gboolean  _vigil_store_check_post_state (sqlite3                       *db,
                                         const VigilStoreVerifyOptions *options,
                                         char                         **out_broken,
                                         GError                       **error);
gboolean  _vigil_store_check_overrides  (sqlite3                       *db,
                                         char                         **out_broken,
                                         GError                       **error);
gboolean  _vigil_store_check_fts        (sqlite3                       *db,
                                         const VigilStoreVerifyOptions *options,
                                         double                         from,
                                         double                         to,
                                         char                         **out_broken,
                                         GError                       **error);

/* vigil-store-verify.c: everything verify checks, in one read snapshot;
 * _db runs on the caller's connection (caller holds its lock), _file over
 * a connection of its own */
gboolean  _vigil_store_verify_db      (sqlite3                       *db,
                                       const VigilStoreVerifyOptions *options,
                                       VigilStoreVerifyResult        *result,
                                       GError                       **error);
gboolean  _vigil_store_verify_file    (const char                    *path,
                                       const VigilStoreVerifyOptions *options,
                                       VigilStoreVerifyResult        *result,
                                       GError                       **error);

/* vigil-store-retention.c */
gboolean  _vigil_store_purge_db       (sqlite3                 *db,
                                       const char              *platform,
                                       gint64                   before_us,
                                       gint64                   record_seq,
                                       guint64                 *out_posts,
                                       GError                 **error);
gboolean  _vigil_store_purge_file     (const char              *path,
                                       const char              *platform,
                                       gint64                   before_us,
                                       gint64                   record_seq,
                                       guint64                 *out_posts,
                                       GError                 **error);
char     *_vigil_store_check_tombstones (sqlite3               *db);

/* vigil-store-backup.c */
gboolean  _vigil_store_backup_db      (sqlite3                 *src,
                                       const char              *dest_path,
                                       VigilStoreProgressFunc   progress,
                                       gpointer                 progress_data,
                                       GCancellable            *cancellable,
                                       GError                 **error);
gboolean  _vigil_store_backup_file    (const char              *path,
                                       const char              *dest_path,
                                       VigilStoreProgressFunc   progress,
                                       gpointer                 progress_data,
                                       GCancellable            *cancellable,
                                       GError                 **error);

/* vigil-store-schema.c */
sqlite3  *_vigil_store_db_open        (const char            *filename,
                                       const char            *display_path,
                                       gboolean               read_only,
                                       GError               **error);
gboolean  _vigil_store_db_migrate     (sqlite3               *db,
                                       const char            *display_path,
                                       GError               **error);
int       _vigil_store_schema_version (void);
gboolean  _vigil_store_exec           (sqlite3               *db,
                                       const char            *sql,
                                       GError               **error);
void      _vigil_store_set_error      (GError               **error,
                                       sqlite3               *db,
                                       const char            *what);
sqlite3_stmt *_vigil_store_prepare    (sqlite3               *db,
                                       const char            *sql,
                                       GError               **error);

/* Times are stored as microseconds since the Unix epoch, UTC: they sort. */
gint64      _vigil_store_time_to_us   (GDateTime             *dt);
GDateTime  *_vigil_store_time_from_us (gint64                 us);

/* vigil-store-writer.c: the write connection, used only by the worker */
typedef struct _VigilStoreWriter VigilStoreWriter;

VigilStoreWriter *_vigil_store_writer_new      (sqlite3                *db,
                                                GError                **error);
void              _vigil_store_writer_free     (VigilStoreWriter       *writer);
gboolean          _vigil_store_writer_insert   (VigilStoreWriter       *writer,
                                                GPtrArray              *posts,
                                                VigilStoreAnnotateFunc  annotate,
                                                gpointer                annotate_data,
                                                VigilStoreInsertResult *result,
                                                GError                **error);
/* Overrides and alerts: each call is one transaction. */
gboolean          _vigil_store_writer_override (VigilStoreWriter       *writer,
                                                const gint64           *ids,
                                                guint                   n_ids,
                                                VigilSentiment          label,
                                                const char             *actor,
                                                GError                **error);
gboolean          _vigil_store_writer_alert    (VigilStoreWriter       *writer,
                                                const VigilAlertRecord *record,
                                                GError                **error);

/* vigil-store-annotations.c: the annotations table (worker thread) */
typedef struct _VigilStoreAnnotations VigilStoreAnnotations;

VigilStoreAnnotations *_vigil_store_annotations_new      (sqlite3                *db,
                                                          GError                **error);
void                   _vigil_store_annotations_free     (VigilStoreAnnotations  *anno);
/* Inside the caller's transaction: saves the classified posts' annotations. */
gboolean               _vigil_store_annotations_save     (VigilStoreAnnotations  *anno,
                                                          GPtrArray              *posts,
                                                          gint64                  now_us,
                                                          GError                **error);
/* Inside the caller's transaction. */
gboolean               _vigil_store_annotations_override (VigilStoreAnnotations  *anno,
                                                          const gint64           *ids,
                                                          guint                   n_ids,
                                                          VigilSentiment          label,
                                                          const char             *actor,
                                                          gint64                  now_us,
                                                          GError                **error);
gboolean               _vigil_store_annotations_alert    (VigilStoreAnnotations  *anno,
                                                          const VigilAlertRecord *record,
                                                          gint64                  now_us,
                                                          GError                **error);
/* Read connection (caller holds the read lock). */
GPtrArray             *_vigil_store_read_overrides       (sqlite3                *db,
                                                          gint64                  post_id,
                                                          GError                **error);
GPtrArray             *_vigil_store_read_alerts          (sqlite3                *db,
                                                          const char             *watch,
                                                          gint64                  since_us,
                                                          guint                   limit,
                                                          GError                **error);
gint64            _vigil_store_writer_last_id  (VigilStoreWriter       *writer);
gboolean          _vigil_store_writer_log      (VigilStoreWriter       *writer,
                                                const char             *actor,
                                                const char             *action,
                                                const char             *detail,
                                                GError                **error);
/* One step of merging the search index's segments, in a transaction of
 * its own; TRUE when there is more to merge (then call again when idle).
 * The WAL is checkpointed (passive) after the last step. */
gboolean          _vigil_store_writer_merge_step (VigilStoreWriter     *writer);
gboolean          _vigil_store_writer_cursor   (VigilStoreWriter       *writer,
                                                const char             *source,
                                                const char             *cursor,
                                                GError                **error);

/* vigil-store-writer.c: what the FTS index holds for a post (the writer and
 * verify's rebuild use the same text) */
const char *_vigil_store_fts_text (GString    *buf,
                                   const char *title,
                                   const char *spoiler,
                                   const char *text);
const char *_vigil_store_fts_tags (GString    *buf,
                                   const char *tags);

/* vigil-store-raw.c: the raw payload as stored from format 6 (a BLOB: a
 * format byte and a zstd frame; TEXT = as received). context is the row's
 * archived remote id, author, URL and text (events: remote id, NULL, NULL,
 * text), which the frame refers to instead of repeating; unpack needs the
 * same. pack returns NULL when the payload is kept as text; unpack NULL
 * when blob does not unpack. Any thread. */
#define VIGIL_STORE_RAW_CONTEXT 4
guint8     *_vigil_store_raw_pack   (const char         *raw,
                                     gsize               len,
                                     const char * const *context,
                                     gsize              *out_len);
char       *_vigil_store_raw_unpack (const void         *blob,
                                     gsize               len,
                                     const char * const *context,
                                     gsize              *out_len);

/* From format 6 the search index's rowid is not the post id but a key that
 * follows the post's date: (second of created_at since 2000, clamped) ×
 * 2^28 + post id; no date sorts below every date. FTS5 then streams the
 * matches of a word newest first and a search's first page stops after it
 * (vigil-store-reader.c). Post ids must stay below 2^28 (268M posts). */
#define VIGIL_FTS_ID_BITS     28
#define VIGIL_FTS_ID_MASK     G_GINT64_CONSTANT (268435455)
#define VIGIL_FTS_MAX_ID      G_GINT64_CONSTANT (268435455)
#define VIGIL_FTS_BUCKET_MAX  G_GINT64_CONSTANT (17179869183)   /* 2^34 - 1 */
#define VIGIL_FTS_EPOCH_S     G_GINT64_CONSTANT (946684800)     /* 2000-01-01 UTC */
/* the same key in SQL (created and id are column expressions) */
#define VIGIL_FTS_KEY_SQL(created, id)                                                  \
  "((CASE WHEN " created " IS NULL THEN -17179869184 ELSE max (-17179869183, min "      \
  "(17179869183, (" created " - ((" created " % 1000000) + 1000000) % 1000000) / "     \
  "1000000 - 946684800)) END) * 268435456 + " id ")"
#define VIGIL_FTS_ID_SQL(rowid) "(" rowid " & 268435455)"

/* One write of a post to the search index, as the writer queues it and
 * verify's rebuild buffers it: made in (key, order) order. */
typedef struct
{
  gint64    key;
  guint     order;     /* as queued, for one key */
  gboolean  delete;
  char     *text;
  char     *author;
  char     *author_name;
  char     *tags;
} VigilFtsRow;

void        _vigil_fts_row_clear    (gpointer       row);
int         _vigil_fts_row_compare  (gconstpointer  a,
                                     gconstpointer  b);

gint64      _vigil_store_fts_bucket (gboolean    has_created,
                                     gint64      created_us);
gint64      _vigil_store_fts_key    (gboolean    has_created,
                                     gint64      created_us,
                                     gint64      post_id);
/* Fills posts_fts from posts and post_state (tombstoned posts left out):
 * the format 6 migration, in its transaction. */
gboolean    _vigil_store_fts_reindex (sqlite3    *db,
                                      GError    **error);

/* vigil-store-journal.c: the journal's records and blobs */
typedef struct _VigilStoreJournal VigilStoreJournal;

VigilStoreJournal *_vigil_store_journal_new         (sqlite3            *db,
                                                     GError            **error);
void               _vigil_store_journal_free        (VigilStoreJournal  *journal);
/* Each is one transaction (worker thread). */
gboolean           _vigil_store_journal_append      (VigilStoreJournal  *journal,
                                                     VigilRecord        *record,
                                                     gint64              expected_version,
                                                     GError            **error);
gboolean           _vigil_store_journal_put_blob    (VigilStoreJournal  *journal,
                                                     const char         *kind,
                                                     const char         *key,
                                                     GBytes             *data,
                                                     GError            **error);
gboolean           _vigil_store_journal_delete_blob (VigilStoreJournal  *journal,
                                                     const char         *kind,
                                                     const char         *key,
                                                     GError            **error);
/* Any connection; the caller serialises. */
GPtrArray         *_vigil_store_read_records        (sqlite3            *db,
                                                     const char         *kind,
                                                     const char         *key,
                                                     gint64              after_seq,
                                                     guint               limit,
                                                     GError            **error);
gint64             _vigil_store_read_last_record_seq (sqlite3           *db);
gboolean           _vigil_store_journal_verify      (sqlite3            *db,
                                                     guint64            *out_count,
                                                     char              **out_broken,
                                                     GError            **error);

/* vigil-store-reader.c: the read connection (calling thread) */
VigilPost  *_vigil_store_row_to_post  (sqlite3_stmt          *stmt);
/* What a search's SQL selects (see build_search in vigil-store-reader.c). */
typedef enum
{
  VIGIL_SEARCH_SQL_ROWS,    /* VIGIL_POST_SELECT columns, in the query's order */
  VIGIL_SEARCH_SQL_IDS,     /* p.id, in the query's order */
  VIGIL_SEARCH_SQL_STREAM,  /* index key, p.id, p.created_us: from the index, key descending */
  VIGIL_SEARCH_SQL_COUNT,   /* 1 per match, no order, LIMIT :limit */
} VigilSearchSql;

/* The ids of query's matches when the plan that streams the index newest
 * first applies (order newest, a text, author, tag, mention or link): the
 * first page costs about the page, not every match. NULL without error
 * when it does not apply. */
GArray     *_vigil_store_search_stream (sqlite3                *db,
                                        const VigilSearchQuery *query,
                                        GError                **error);
/* min (matches, cap); *out_exact FALSE when there are more. */
gint64      _vigil_store_count_matches (sqlite3                *db,
                                        const VigilSearchQuery *query,
                                        gint64                  cap,
                                        gboolean               *out_exact,
                                        GError                **error);
char       *_vigil_store_build_search (const VigilSearchQuery *query,
                                       VigilSearchSql          what,
                                       char                  **out_fts);
gboolean    _vigil_store_bind_search  (sqlite3_stmt          *stmt,
                                       const VigilSearchQuery *query,
                                       const char            *fts);

/* The SELECT list that _vigil_store_row_to_post() reads. */
#define VIGIL_POST_SELECT                                                           \
  "SELECT p.id, p.platform, p.remote_id, p.author, p.author_name, p.followers, "    \
  "p.url, p.text, p.lang, p.spoiler, p.title, p.visibility, p.tags, p.media, "      \
  "p.created_us, p.fetched_us, p.parent_id, p.thread_id, p.replies, p.reposts, "   \
  "p.likes, p.raw, s.deleted, s.edited, s.text, s.spoiler, s.title, s.tags, "       \
  "s.media, a.label, a.compound, a.override, a.lang, a.categories, a.watches, "     \
  "a.reach, a.ots, a.imp_score, a.imp_reasons, a.moderation, a.dup_group, "         \
  "a.dup_count, ap.following, ap.account_created_us, ap.has_avatar, ap.has_bio "    \
  "FROM posts p LEFT JOIN post_state s "                                            \
  "ON s.platform = p.platform AND s.remote_id = p.remote_id "                       \
  "LEFT JOIN annotations a ON a.post_id = p.id "                                    \
  "LEFT JOIN author_profiles ap ON ap.post_id = p.id "

G_END_DECLS

/* vigil-store.h: the archive, behind one backend-neutral interface
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "vigil-post.h"
#include "vigil-record.h"
#include "vigil-search-query.h"

G_BEGIN_DECLS

#define VIGIL_STORE_ERROR (vigil_store_error_quark ())

typedef enum
{
  VIGIL_STORE_ERROR_OPEN,        /* the file can't be opened or isn't a Vigil store */
  VIGIL_STORE_ERROR_TOO_NEW,     /* written by a newer Vigil (user_version too high) */
  VIGIL_STORE_ERROR_SQL,         /* SQLite refused a statement */
  VIGIL_STORE_ERROR_TAMPERED,    /* the hash chain is broken */
  VIGIL_STORE_ERROR_QUERY,       /* the search query is not valid FTS5 */
  VIGIL_STORE_ERROR_CONFLICT,    /* a record's expected version is not the current one */
  VIGIL_STORE_ERROR_INVALID,     /* a value the store refuses (empty kind, not JSON…) */
  VIGIL_STORE_ERROR_UNAVAILABLE, /* the team database's server can't be reached */
  VIGIL_STORE_ERROR_UNSUPPORTED, /* this backend doesn't do that (a backup of a team database…) */
} VigilStoreError;

GQuark vigil_store_error_quark (void);

/* What an insert did with each post it was handed. */
typedef struct
{
  guint added;       /* new posts archived */
  guint duplicates;  /* already archived, nothing changed */
  guint edits;       /* edit events archived */
  guint deletes;     /* delete events archived */
  guint orphans;     /* edit/delete events for posts not in the archive (archived anyway) */
  gint64 last_id;    /* highest post id after the insert */
} VigilStoreInsertResult;

/* The result of vigil_store_verify(). */
typedef struct
{
  gboolean ok;
  guint64  posts;          /* posts checked */
  guint64  events;         /* edit/delete events checked */
  guint64  records;        /* journal records checked */
  char    *first_broken;   /* NULL when ok: e.g. "posts row 42 (mastodon 1093…)" */
  char    *head_hash;      /* when ok: hex SHA-256 of the chain head, to anchor elsewhere */
  /* From format 5 (vigil_store_verify_full fills them; verify too): */
  guint64  audit;          /* audit-chain rows checked (overrides, alerts, access log) */
  char    *audit_hash;     /* when ok: hex of the audit chain's last hash ("" when empty) */
  char    *records_hash;   /* when ok: hex of the journal's last hash ("" when empty) */
  guint    anchors_checked;/* anchors (checkpoints, --expect-head) found to match */
  gboolean tampered_derived; /* the chain is intact but a table rebuilt from it was altered */
} VigilStoreVerifyResult;

void vigil_store_verify_result_clear (VigilStoreVerifyResult *result);

#define VIGIL_TYPE_STORE (vigil_store_get_type ())
G_DECLARE_DERIVABLE_TYPE (VigilStore, vigil_store, VIGIL, STORE, GObject)

/* VigilStore is abstract: the backends (sqlite/, the embedded default; a
 * PostgreSQL one for teams) subclass it; see vigil-store-backend.h. Nothing
 * outside a backend's folder knows which one it talks to. */

/* The default path: $XDG_DATA_HOME/vigil/vigil.db */
char           *vigil_store_default_path   (void);

/* Opens (creating and migrating as needed) a store; chooses the backend from
 * path (today: a file path or ":memory:", SQLite). path ":memory:" works
 * for tests (one connection shared by the worker and readers under a lock);
 * NULL or "" opens the default path, creating its folder. The writer connection lives on a worker thread; reads made
 * through this object run on the calling thread over a second, read-only
 * connection (WAL lets them run while the worker writes).
 *
 * Signal "changed" (gint64 last_id, guint n_added, guint n_events) is emitted
 * in the thread-default main context of the caller of _open(), after each
 * write transaction that archived something (posts or edit/delete events). */
VigilStore     *vigil_store_open           (const char              *path,
                                            GError                 **error);
/* As vigil_store_open(), with the password of a team database
 * (postgresql:// or postgres://, any libpq connection URI) kept apart from
 * the URI, e.g. from the keyring; password NULL = libpq's own ways (a
 * service file, ~/.pgpass, PGPASSWORD). Ignored for an archive file. The
 * password is never logged, nor returned by vigil_store_get_path(). */
VigilStore     *vigil_store_open_with_password (const char          *path,
                                                const char          *password,
                                                GError             **error);
/* The path, or for a team database its URI without any password. */
const char     *vigil_store_get_path       (VigilStore              *self);
/* Whether the archive can be reached (property "online", notified in the
 * opener's main context): always for an archive file; a team database's
 * store turns it off when the server goes away and on again once it has
 * reconnected (with backoff) and caught up. Meanwhile reads answer what
 * they can and the writes a person asks for fail at once with
 * VIGIL_STORE_ERROR_UNAVAILABLE, so nothing is lost or done twice. */
gboolean        vigil_store_get_online     (VigilStore              *self);

/* Writes: each call is one transaction on the worker thread. Posts with
 * event CREATE are archived and deduplicated on (platform, remote_id);
 * EDIT and DELETE are archived as events. An EDIT (or a CREATE of an
 * archived post) whose text, spoiler, title, tags and media are the current
 * ones is a duplicate; a CREATE with other content is archived as an edit.
 * A field an EDIT leaves NULL is unchanged. On success each post handed in
 * gets the archive id of its post set (vigil_post_get_id; 0 for an orphan
 * event). */
void            vigil_store_insert_async   (VigilStore              *self,
                                            GPtrArray               *posts,
                                            GCancellable            *cancellable,
                                            GAsyncReadyCallback      callback,
                                            gpointer                 user_data);
gboolean        vigil_store_insert_finish  (VigilStore              *self,
                                            GAsyncResult            *result,
                                            VigilStoreInsertResult  *out_result,
                                            GError                 **error);
/* Blocks until the worker has run the insert (for vigil-cli and tests). */
gboolean        vigil_store_insert         (VigilStore              *self,
                                            GPtrArray               *posts,
                                            VigilStoreInsertResult  *out_result,
                                            GError                 **error);

/* Reads (calling thread). */
gint64          vigil_store_count_posts    (VigilStore              *self,
                                            GError                 **error);
gint64          vigil_store_get_last_id    (VigilStore              *self);
/* Posts with ids in [first_id, last_id], newest first, at most limit. */
GPtrArray      *vigil_store_get_range      (VigilStore              *self,
                                            gint64                   first_id,
                                            gint64                   last_id,
                                            guint                    limit,
                                            GError                 **error);
/* Posts by id, in the order given; missing ids are skipped. */
GPtrArray      *vigil_store_get_posts      (VigilStore              *self,
                                            const gint64            *ids,
                                            guint                    n_ids,
                                            GError                 **error);
/* The post archived as (platform, remote_id), or NULL without an error
 * when there is none. */
VigilPost      *vigil_store_find_post      (VigilStore              *self,
                                            VigilPlatform            platform,
                                            const char              *remote_id,
                                            GError                 **error);
/* How many posts match query, counting at most cap: returns min (matches,
 * cap) and sets *out_exact (optional) to FALSE when there are more than cap
 * (show "10,000+"). Its cost is bounded by cap, not by the archive's size;
 * query NULL or empty counts every post, exactly, in constant time (as
 * vigil_store_count_posts, which is constant time too). -1 on error. */
gint64          vigil_store_count_matches  (VigilStore              *self,
                                            VigilSearchQuery        *query,
                                            gint64                   cap,
                                            gboolean                *out_exact,
                                            GError                 **error);
/* Ids of the posts matching query in the query's order. NEWEST (the
 * default) is the post's date: created_at, newest first, then archive id;
 * ARRIVAL (or by_arrival) is the archive id, the order posts arrived in.
 * With a limit and a text (or author, tag, mention, link) the first page
 * is read from the index newest first, without reading every match. */
GArray         *vigil_store_search_ids     (VigilStore              *self,
                                            VigilSearchQuery        *query,
                                            GError                 **error);

/* Export and verification (calling thread, read connection). */
typedef void  (*VigilStorePostFunc)        (VigilPost               *post,
                                            gpointer                 user_data);
/* foreach visits the matching posts in the query's order, one at a time
 * (streamed, never all in memory); query NULL = every post. Don't write to a
 * ":memory:" store from func. */
gboolean        vigil_store_foreach        (VigilStore              *self,
                                            VigilSearchQuery        *query,
                                            VigilStorePostFunc       func,
                                            gpointer                 user_data,
                                            GError                 **error);
/* verify walks the hash chain. Returns TRUE when it could be walked:
 * out_result->ok is the verdict, first_broken names the first altered or
 * missing row, head_hash (when ok) is the value to anchor outside the file.
 * FALSE with an error only when the archive can't be read. Clear out_result
 * with vigil_store_verify_result_clear(). */
gboolean        vigil_store_verify         (VigilStore              *self,
                                            VigilStoreVerifyResult  *out_result,
                                            GError                 **error);

/* --- Verification in depth, anchors, backups (see docs/archive-integrity.md) */

/* A head known from outside the file: what verify printed earlier
 * (HASH@ROW), or a MACed checkpoint. rows 0 = the chain's current head. */
typedef struct
{
  guint64     rows;          /* posts + events archived at the time */
  const char *head_hash;     /* hex, as VigilStoreVerifyResult.head_hash */
  guint64     audit_rows;    /* audit chain at the time; audit_hash NULL = not anchored */
  const char *audit_hash;
  guint64     records;       /* journal at the time; records_hash NULL = not anchored */
  const char *records_hash;
  const char *label;         /* for the report: "checkpoint of 2026-12-06T02:00:00Z" */
} VigilStoreAnchor;

/* fraction 0..1; called on the verifying (or backing-up) thread */
typedef void  (*VigilStoreProgressFunc)    (double                   fraction,
                                            gpointer                 user_data);

typedef struct
{
  const VigilStoreAnchor *anchors;
  guint                   n_anchors;
  VigilStoreProgressFunc  progress;
  gpointer                progress_data;
  GCancellable           *cancellable;
  gboolean                chain_only;  /* the chains and anchors, not the derived tables */
} VigilStoreVerifyOptions;

/* verify, and also: recomputes the derived tables (the current state of
 * edited/deleted posts, the search index, the current sentiment overrides)
 * from the chained rows and compares; walks the audit chain (overrides,
 * alerts, access log) and the journal; checks each anchor. options NULL =
 * none. Runs on the calling thread (use a GTask thread for the UI). */
gboolean        vigil_store_verify_full    (VigilStore                    *self,
                                            const VigilStoreVerifyOptions *options,
                                            VigilStoreVerifyResult        *out_result,
                                            GError                       **error);

/* A consistent copy of the whole archive at one moment (SQLite's online
 * backup API for the SQLite backend), written to dest_path through a
 * temporary file renamed into place: a failed or cancelled backup leaves
 * nothing. Writes may go on meanwhile. */
gboolean        vigil_store_backup         (VigilStore              *self,
                                            const char              *dest_path,
                                            VigilStoreProgressFunc   progress,
                                            gpointer                 progress_data,
                                            GCancellable            *cancellable,
                                            GError                 **error);

/* Retention: clears the content of the posts of platform (NULL = every
 * platform) created before before_us, and of their edit/delete events,
 * leaving tombstones that keep each row's place and hash (verify stays
 * green). record_seq is the journal record ("archive.purge") that ordered
 * it; use vigil_archive_purge(), which writes and MACs that record. */
gboolean        vigil_store_purge          (VigilStore              *self,
                                            const char              *platform,
                                            gint64                   before_us,
                                            gint64                   record_seq,
                                            guint64                 *out_posts,
                                            GError                 **error);

/* One access-log entry (detail: a JSON object from format 5 on, free text
 * before). */
typedef struct
{
  gint64  id;
  gint64  at_us;
  char   *actor;
  char   *action;   /* "search", "view", "export", "access-log", "verify", "backup"… */
  char   *detail;
} VigilAccessEntry;

void            vigil_access_entry_free    (VigilAccessEntry        *entry);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (VigilAccessEntry, vigil_access_entry_free)
/* Entries with since_us <= at_us < until_us (0 = unbounded), oldest first,
 * at most limit (0 = all); a GPtrArray of VigilAccessEntry. */
GPtrArray      *vigil_store_list_access    (VigilStore              *self,
                                            gint64                   since_us,
                                            gint64                   until_us,
                                            guint                    limit,
                                            GError                 **error);

/* The access log: every read of the archive by a person is recorded. */
gboolean        vigil_store_log_access     (VigilStore              *self,
                                            const char              *actor,
                                            const char              *action,
                                            const char              *detail,
                                            GError                 **error);
void            vigil_store_log_access_async  (VigilStore            *self,
                                               const char            *actor,
                                               const char            *action,
                                               const char            *detail,
                                               GCancellable          *cancellable,
                                               GAsyncReadyCallback    callback,
                                               gpointer               user_data);
gboolean        vigil_store_log_access_finish (VigilStore            *self,
                                               GAsyncResult          *result,
                                               GError               **error);

/* Source cursors (for issue 3: resume where we stopped). */
gboolean        vigil_store_set_cursor     (VigilStore              *self,
                                            const char              *source,
                                            const char              *cursor,
                                            GError                 **error);
char           *vigil_store_get_cursor     (VigilStore              *self,
                                            const char              *source,
                                            GError                 **error);

/* --- Annotations (derived, see README.md) --------------------------------
 *
 * The classifier's annotations live in the `annotations` table, outside the
 * hash chain: they are recomputable by classifying the posts again. Reads
 * (get_range, get_posts, foreach, search) fill the VigilPost annotation
 * fields, and a person's sentiment override. */

/* Called on the store's WORKER thread, inside the insert transaction, after
 * deduplication: created holds the posts this insert archived as new,
 * edited the posts whose content an edit changed (with their archive id,
 * the edited text, and the author filled in when the edit left it NULL).
 * Either may be empty, never NULL. The function sets the annotations on the
 * posts (vigil_post_set_sentiment …, vigil_post_set_duplicates …); the store
 * then saves every classified post's annotations in the same transaction.
 * It must not call back into the store. Posts handed to insert already
 * classified are saved the same way without an annotator. */
typedef void  (*VigilStoreAnnotateFunc)    (GPtrArray               *created,
                                            GPtrArray               *edited,
                                            gpointer                 user_data);
/* Replaces the annotator (func NULL = none) between two transactions; the
 * previous one's destroy is called on the calling thread once the worker no
 * longer uses it. Call from the thread that opened the store. */
void            vigil_store_set_annotator  (VigilStore              *self,
                                            VigilStoreAnnotateFunc   func,
                                            gpointer                 user_data,
                                            GDestroyNotify           destroy);

/* A person's sentiment override of posts: archived in `sentiment_overrides`
 * (append-only; the latest row of a post wins; label NONE clears the
 * override), and the post's current override updated. Emits "changed" with
 * n_added 0 and n_events = the number of posts overridden. actor names the
 * person (not empty). Unknown post ids are an error and nothing is written. */
gboolean        vigil_store_override_sentiment        (VigilStore          *self,
                                                       const gint64        *ids,
                                                       guint                n_ids,
                                                       VigilSentiment       label,
                                                       const char          *actor,
                                                       GError             **error);
void            vigil_store_override_sentiment_async  (VigilStore          *self,
                                                       const gint64        *ids,
                                                       guint                n_ids,
                                                       VigilSentiment       label,
                                                       const char          *actor,
                                                       GCancellable        *cancellable,
                                                       GAsyncReadyCallback  callback,
                                                       gpointer             user_data);
gboolean        vigil_store_override_sentiment_finish (VigilStore          *self,
                                                       GAsyncResult        *result,
                                                       GError             **error);

/* One archived override decision. */
typedef struct
{
  gint64          post_id;
  VigilSentiment  label;      /* NONE: the override was cleared */
  char           *actor;
  gint64          at_us;      /* µs since the epoch, UTC */
} VigilSentimentOverride;

void            vigil_sentiment_override_free (VigilSentimentOverride *record);
/* The overrides of one post, oldest first (a GPtrArray of
 * VigilSentimentOverride, freed with it). */
GPtrArray      *vigil_store_get_sentiment_overrides (VigilStore     *self,
                                                     gint64          post_id,
                                                     GError        **error);

/* --- Spike alerts archive ------------------------------------------------ */

/* One row of the `alerts` table (append-only): a spike alert starting, or
 * an update of it. (watch, started_us) identifies one alert and its updates. */
typedef struct
{
  gint64    id;               /* row id (reads only) */
  char     *watch;            /* watch name; NULL = all mentions */
  gint64    started_us;       /* when the alert started (its first window's start) */
  gint64    updated_us;       /* when this row was raised */
  gint64    window_start_us;  /* the window that raised it */
  gint64    window_us;        /* window length */
  guint     count;            /* mentions in that window */
  double    negative_share;   /* share of negative mentions in it, 0..1 */
  double    mean;             /* baseline */
  double    stddev;
  double    z;
  int       severity;         /* 1..3 */
  gboolean  ongoing;          /* TRUE: the spike goes on; FALSE: it ended (last row) */
  char     *description;      /* "312 mentions in the last 10 min vs 40 ± 12 usual (z = 22.7)" */
} VigilAlertRecord;

VigilAlertRecord *vigil_alert_record_copy (const VigilAlertRecord *record);
void              vigil_alert_record_free (VigilAlertRecord       *record);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (VigilAlertRecord, vigil_alert_record_free)

/* Archives one alert row through the worker. */
gboolean        vigil_store_archive_alert         (VigilStore              *self,
                                                   const VigilAlertRecord  *record,
                                                   GError                 **error);
void            vigil_store_archive_alert_async   (VigilStore              *self,
                                                   const VigilAlertRecord  *record,
                                                   GCancellable            *cancellable,
                                                   GAsyncReadyCallback      callback,
                                                   gpointer                 user_data);
gboolean        vigil_store_archive_alert_finish  (VigilStore              *self,
                                                   GAsyncResult            *result,
                                                   GError                 **error);
/* Archived alert rows with updated_us >= since_us, newest first, at most
 * limit (0 = all); watch NULL = every watch. A GPtrArray of VigilAlertRecord. */
GPtrArray      *vigil_store_get_alerts            (VigilStore              *self,
                                                   const char              *watch,
                                                   gint64                   since_us,
                                                   guint                    limit,
                                                   GError                 **error);


/* --- The journal (see vigil-record.h) ------------------------------------
 *
 * Each append is one transaction on the writer. expected_version is the
 * version of (kind, key) the caller last saw: 0 = the key must be new,
 * VIGIL_RECORD_ANY_VERSION = no check. When another writer got there first
 * the append fails with VIGIL_STORE_ERROR_CONFLICT and nothing is written:
 * that is how "exactly one claim wins" is decided by the store, not by the
 * client. at_us 0 = now. body must be a JSON object. On success
 * *out_record (optional) is the record as archived (seq, version set).
 * Signal "record-appended" (VigilRecord *) follows on the opener's main
 * context, also for records another process appended to the same archive. */
gboolean        vigil_store_append_record        (VigilStore           *self,
                                                  const char           *kind,
                                                  const char           *key,
                                                  gint64                expected_version,
                                                  const char           *actor,
                                                  gint64                at_us,
                                                  const char           *body,
                                                  VigilRecord         **out_record,
                                                  GError              **error);
void            vigil_store_append_record_async  (VigilStore           *self,
                                                  const char           *kind,
                                                  const char           *key,
                                                  gint64                expected_version,
                                                  const char           *actor,
                                                  gint64                at_us,
                                                  const char           *body,
                                                  GCancellable         *cancellable,
                                                  GAsyncReadyCallback   callback,
                                                  gpointer              user_data);
gboolean        vigil_store_append_record_finish (VigilStore           *self,
                                                  GAsyncResult         *result,
                                                  VigilRecord         **out_record,
                                                  GError              **error);
/* Records of kind (NULL = every kind) and key (NULL = every key) with seq >
 * after_seq, oldest first, at most limit (0 = all). A GPtrArray of
 * VigilRecord, freed with it. */
GPtrArray      *vigil_store_list_records         (VigilStore           *self,
                                                  const char           *kind,
                                                  const char           *key,
                                                  gint64                after_seq,
                                                  guint                 limit,
                                                  GError              **error);
void            vigil_store_list_records_async   (VigilStore           *self,
                                                  const char           *kind,
                                                  const char           *key,
                                                  gint64                after_seq,
                                                  guint                 limit,
                                                  GCancellable         *cancellable,
                                                  GAsyncReadyCallback   callback,
                                                  gpointer              user_data);
GPtrArray      *vigil_store_list_records_finish  (VigilStore           *self,
                                                  GAsyncResult         *result,
                                                  GError              **error);

/* --- Blobs ----------------------------------------------------------------
 *
 * Mutable bytes outside the chain, for what must be deletable on time: an
 * HR dossier's encrypted original, say. A feature records in its journal
 * that it put or deleted a blob (and the blob's hash), so the deletion is
 * archived even though the bytes are gone. get returns NULL without an
 * error when there is no such blob. */
gboolean        vigil_store_put_blob             (VigilStore           *self,
                                                  const char           *kind,
                                                  const char           *key,
                                                  GBytes               *data,
                                                  GError              **error);
GBytes         *vigil_store_get_blob             (VigilStore           *self,
                                                  const char           *kind,
                                                  const char           *key,
                                                  GError              **error);
gboolean        vigil_store_delete_blob          (VigilStore           *self,
                                                  const char           *kind,
                                                  const char           *key,
                                                  GError              **error);

/* Notice other processes' commits to the same file and emit "changed". */
void            vigil_store_watch_external (VigilStore              *self,
                                            guint                    interval_ms);

/* Blocks until every queued write has committed. */
void            vigil_store_flush          (VigilStore              *self);

/* --- A post's history (the Archive page's detail pane) --------------------
 *
 * What the chain holds about one post, oldest first: the post as first
 * archived (kind CREATED), then each archived edit (EDITED: the fields the
 * edit set; a field it left unchanged is NULL) and its deletion (DELETED).
 * A row cleared by a retention purge keeps its times and has purged TRUE. */
typedef enum
{
  VIGIL_POST_VERSION_CREATED,
  VIGIL_POST_VERSION_EDITED,
  VIGIL_POST_VERSION_DELETED,
} VigilPostVersionKind;

typedef struct
{
  VigilPostVersionKind kind;
  gint64   row_id;        /* the posts or events row */
  gint64   seq;           /* its place in the hash chain */
  gint64   at_us;         /* created (CREATED), else when the change was fetched */
  gint64   archived_us;   /* when Vigil archived it */
  char    *text;
  char    *spoiler;
  char    *title;
  GStrv    tags;
  GStrv    media;
  gboolean purged;
} VigilPostVersion;

void            vigil_post_version_free       (VigilPostVersion *version);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (VigilPostVersion, vigil_post_version_free)
/* The history of the post with archive id post_id: a GPtrArray of
 * VigilPostVersion, oldest first (empty when there is no such post). */
GPtrArray      *vigil_store_get_post_history  (VigilStore       *self,
                                               gint64            post_id,
                                               GError          **error);

G_END_DECLS

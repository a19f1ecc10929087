/* vigil-store.h: the archive — one SQLite file, written on a worker thread
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "vigil-post.h"
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
  char    *first_broken;   /* NULL when ok: e.g. "posts row 42 (mastodon 1093…)" */
  char    *head_hash;      /* when ok: hex SHA-256 of the chain head, to anchor elsewhere */
} VigilStoreVerifyResult;

void vigil_store_verify_result_clear (VigilStoreVerifyResult *result);

#define VIGIL_TYPE_STORE (vigil_store_get_type ())
G_DECLARE_FINAL_TYPE (VigilStore, vigil_store, VIGIL, STORE, GObject)

/* The default path: $XDG_DATA_HOME/vigil/vigil.db */
char           *vigil_store_default_path   (void);

/* Opens (creating and migrating as needed) a store. path ":memory:" works
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
const char     *vigil_store_get_path       (VigilStore              *self);

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
/* Ids of the posts matching query, newest first (by created_at, then id). */
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

/* The access log: every read of the archive by a person is recorded. */
gboolean        vigil_store_log_access     (VigilStore              *self,
                                            const char              *actor,
                                            const char              *action,
                                            const char              *detail,
                                            GError                 **error);

/* Source cursors (for issue 3: resume where we stopped). */
gboolean        vigil_store_set_cursor     (VigilStore              *self,
                                            const char              *source,
                                            const char              *cursor,
                                            GError                 **error);
char           *vigil_store_get_cursor     (VigilStore              *self,
                                            const char              *source,
                                            GError                 **error);

/* Notice other processes' commits to the same file and emit "changed". */
void            vigil_store_watch_external (VigilStore              *self,
                                            guint                    interval_ms);

/* Blocks until every queued write has committed. */
void            vigil_store_flush          (VigilStore              *self);

G_END_DECLS

/* vigil-store-history.c: a post's versions, as the chain holds them
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The post row (its first archived version), then its edit and delete
 * events by chain order, found through the events' (platform, remote_id)
 * index, so an event archived before its post (an orphan) is included.
 * Read on the read connection under read_lock, like every read.
 */
#define G_LOG_DOMAIN "vigil-store-history"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "vigil-sqlite-store-private.h"

enum {
  COL_ID,
  COL_SEQ,
  COL_KIND,
  COL_AT,
  COL_ARCHIVED,
  COL_TEXT,
  COL_SPOILER,
  COL_TITLE,
  COL_TAGS,
  COL_MEDIA,
  COL_PURGED,
};

static char *
dup_text (sqlite3_stmt *stmt,
          int           column)
{
  return g_strdup ((const char *) sqlite3_column_text (stmt, column));
}

static GStrv
split_list (sqlite3_stmt *stmt,
            int           column)
{
  const char sep[] = { VIGIL_STORE_LIST_SEP, '\0' };
  const char *joined = (const char *) sqlite3_column_text (stmt, column);

  return joined && *joined ? g_strsplit (joined, sep, -1) : NULL;
}

static VigilPostVersion *
read_version (sqlite3_stmt *stmt)
{
  VigilPostVersion *version = g_new0 (VigilPostVersion, 1);
  const char *kind = (const char *) sqlite3_column_text (stmt, COL_KIND);

  if (g_strcmp0 (kind, "delete") == 0)
    version->kind = VIGIL_POST_VERSION_DELETED;
  else if (g_strcmp0 (kind, "edit") == 0)
    version->kind = VIGIL_POST_VERSION_EDITED;
  else
    version->kind = VIGIL_POST_VERSION_CREATED;
  version->row_id = sqlite3_column_int64 (stmt, COL_ID);
  version->seq = sqlite3_column_int64 (stmt, COL_SEQ);
  version->at_us = sqlite3_column_int64 (stmt, COL_AT);
  version->archived_us = sqlite3_column_int64 (stmt, COL_ARCHIVED);
  version->text = dup_text (stmt, COL_TEXT);
  version->spoiler = dup_text (stmt, COL_SPOILER);
  version->title = dup_text (stmt, COL_TITLE);
  version->tags = split_list (stmt, COL_TAGS);
  version->media = split_list (stmt, COL_MEDIA);
  version->purged = sqlite3_column_int (stmt, COL_PURGED) != 0;
  return version;
}

static gboolean
read_rows (sqlite3    *db,
           const char *sql,
           gint64      post_id,
           GPtrArray  *out,
           GError    **error)
{
  sqlite3_stmt *stmt = _vigil_store_prepare (db, sql, error);
  int rc;

  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, post_id);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    g_ptr_array_add (out, read_version (stmt));
  sqlite3_finalize (stmt);
  if (rc != SQLITE_DONE)
    {
      _vigil_store_set_error (error, db, _("Could not read the post's history"));
      return FALSE;
    }
  return TRUE;
}

static GPtrArray *
sqlite_store_get_post_history (VigilStore  *store,
                               gint64       post_id,
                               GError     **error)
{
  VigilSqliteStore *self = VIGIL_SQLITE_STORE (store);
  g_autoptr(GPtrArray) out = g_ptr_array_new_with_free_func ((GDestroyNotify) vigil_post_version_free);
  gboolean ok;

  read_lock (self);
  ok = read_rows (self->read_db,
                  "SELECT p.id, p.seq, 'create', p.created_us, p.archived_us, p.text, p.spoiler, p.title, "
                  "p.tags, p.media, EXISTS (SELECT 1 FROM tombstones t WHERE t.tbl = 'posts' "
                  "AND t.row_id = p.id) FROM posts p WHERE p.id = ?1",
                  post_id, out, error)
       && read_rows (self->read_db,
                     "SELECT e.id, e.seq, e.kind, e.at_us, e.archived_us, e.text, e.spoiler, e.title, "
                     "e.tags, e.media, EXISTS (SELECT 1 FROM tombstones t WHERE t.tbl = 'events' "
                     "AND t.row_id = e.id) FROM posts p JOIN events e ON e.platform = p.platform "
                     "AND e.remote_id = p.remote_id WHERE p.id = ?1 ORDER BY e.seq, e.id",
                     post_id, out, error);
  read_unlock (self);
  return ok ? g_steal_pointer (&out) : NULL;
}

void
_vigil_sqlite_store_class_init_history (VigilStoreClass *store_class)
{
  store_class->get_post_history = sqlite_store_get_post_history;
}

/* vigil-sqlite-store-reads.c: the SQLite backend's reads (read connection)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Every read runs on the calling thread over the read-only connection (the
 * shared one for ":memory:"), under read_lock.
 */
#define G_LOG_DOMAIN "vigil-sqlite-store"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "vigil-sqlite-store-private.h"

static char *
sqlite_store_get_cursor (VigilStore        *store,
                        const char  *source,
                        GError     **error)
{
  VigilSqliteStore *self = VIGIL_SQLITE_STORE (store);
  char *value = NULL;
  int rc;

  g_return_val_if_fail (source != NULL, NULL);

  read_lock (self);
  sqlite3_bind_text (self->cursor_stmt, 1, source, -1, SQLITE_TRANSIENT);
  rc = sqlite3_step (self->cursor_stmt);
  if (rc == SQLITE_ROW)
    value = g_strdup ((const char *) sqlite3_column_text (self->cursor_stmt, 0));
  else if (rc != SQLITE_DONE)
    _vigil_store_set_error (error, self->read_db, _("Could not read a source cursor"));
  sqlite3_reset (self->cursor_stmt);
  read_unlock (self);
  return value;
}

gint64
_vigil_sqlite_store_read_scalar (VigilSqliteStore    *self,
             sqlite3_stmt  *stmt,
             GError       **error)
{
  gint64 value = -1;
  int rc;

  read_lock (self);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    value = sqlite3_column_int64 (stmt, 0);
  else
    _vigil_store_set_error (error, self->read_db, _("Could not read the archive"));
  sqlite3_reset (stmt);
  read_unlock (self);
  return value;
}

static gint64
sqlite_store_count_posts (VigilStore        *store,
                         GError     **error)
{
  VigilSqliteStore *self = VIGIL_SQLITE_STORE (store);
  return _vigil_sqlite_store_read_scalar (self, self->count_stmt, error);
}

static gint64
sqlite_store_get_last_id (VigilStore       *store)
{
  VigilSqliteStore *self = VIGIL_SQLITE_STORE (store);
  g_autoptr(GError) error = NULL;
  gint64 id;


  id = _vigil_sqlite_store_read_scalar (self, self->last_id_stmt, &error);
  if (id < 0)
    {
      g_debug ("Could not read the last post id: %s", error->message);
      return 0;
    }
  return id;
}

/* Steps stmt to the end, appending a post per row. */
static gboolean
collect_posts (VigilSqliteStore    *self,
               sqlite3_stmt  *stmt,
               GPtrArray     *out,
               GError       **error)
{
  int rc;

  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    g_ptr_array_add (out, _vigil_store_row_to_post (stmt));
  if (rc != SQLITE_DONE)
    {
      _vigil_store_set_error (error, self->read_db, _("Could not read posts from the archive"));
      return FALSE;
    }
  return TRUE;
}

static GPtrArray *
sqlite_store_get_range (VigilStore        *store,
                       gint64       first_id,
                       gint64       last_id,
                       guint        limit,
                       GError     **error)
{
  VigilSqliteStore *self = VIGIL_SQLITE_STORE (store);
  g_autoptr(GPtrArray) posts = g_ptr_array_new_with_free_func (g_object_unref);
  gboolean ok;


  read_lock (self);
  sqlite3_bind_int64 (self->range_stmt, 1, first_id);
  sqlite3_bind_int64 (self->range_stmt, 2, last_id);
  sqlite3_bind_int64 (self->range_stmt, 3, limit > 0 ? (gint64) limit : -1);
  ok = collect_posts (self, self->range_stmt, posts, error);
  sqlite3_reset (self->range_stmt);
  read_unlock (self);

  return ok ? g_steal_pointer (&posts) : NULL;
}

static GPtrArray *
sqlite_store_get_posts (VigilStore          *store,
                       const gint64  *ids,
                       guint          n_ids,
                       GError       **error)
{
  VigilSqliteStore *self = VIGIL_SQLITE_STORE (store);
  g_autoptr(GPtrArray) posts = g_ptr_array_new_full (n_ids, g_object_unref);
  gboolean ok = TRUE;

  g_return_val_if_fail (ids != NULL || n_ids == 0, NULL);

  read_lock (self);
  for (guint i = 0; ok && i < n_ids; i++)
    {
      sqlite3_bind_int64 (self->by_id_stmt, 1, ids[i]);
      ok = collect_posts (self, self->by_id_stmt, posts, error);
      sqlite3_reset (self->by_id_stmt);
    }
  read_unlock (self);

  return ok ? g_steal_pointer (&posts) : NULL;
}

/* Prepares the search for query; the caller holds the read lock. */
static sqlite3_stmt *
prepare_search (VigilSqliteStore              *self,
                const VigilSearchQuery  *query,
                gboolean                 ids_only,
                GError                 **error)
{
  g_autofree char *fts = NULL;
  g_autofree char *sql = _vigil_store_build_search (query, ids_only ? VIGIL_SEARCH_SQL_IDS
                                                                    : VIGIL_SEARCH_SQL_ROWS, &fts);
  sqlite3_stmt *stmt = NULL;

  if (sqlite3_prepare_v2 (self->read_db, sql, -1, &stmt, NULL) != SQLITE_OK)
    {
      _vigil_store_set_error (error, self->read_db, _("Could not search the archive"));
      return NULL;
    }
  _vigil_store_bind_search (stmt, query, fts);
  return stmt;
}

static void
set_search_error (VigilSqliteStore  *self,
                  GError     **error)
{
  g_set_error (error, VIGIL_STORE_ERROR, VIGIL_STORE_ERROR_QUERY,
               _("Could not search the archive: %s"), sqlite3_errmsg (self->read_db));
}

static GArray *
sqlite_store_search_ids (VigilStore              *store,
                        VigilSearchQuery  *query,
                        GError           **error)
{
  VigilSqliteStore *self = VIGIL_SQLITE_STORE (store);
  g_autoptr(GArray) ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  sqlite3_stmt *stmt;
  int rc;


  read_lock (self);
  {
    /* a full-text search newest first, from the index (vigil-store-reader.c) */
    GArray *recent = _vigil_store_search_stream (self->read_db, query, error);

    if (recent != NULL || (error && *error))
      {
        read_unlock (self);
        return recent;
      }
  }
  stmt = prepare_search (self, query, TRUE, error);
  if (stmt == NULL)
    {
      read_unlock (self);
      return NULL;
    }
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      gint64 id = sqlite3_column_int64 (stmt, 0);
      g_array_append_val (ids, id);
    }
  if (rc != SQLITE_DONE)
    set_search_error (self, error);
  sqlite3_finalize (stmt);
  read_unlock (self);

  return rc == SQLITE_DONE ? g_steal_pointer (&ids) : NULL;
}

static gint64
sqlite_store_count_matches (VigilStore        *store,
                            VigilSearchQuery  *query,
                            gint64             cap,
                            gboolean          *out_exact,
                            GError           **error)
{
  VigilSqliteStore *self = VIGIL_SQLITE_STORE (store);
  gint64 n;

  read_lock (self);
  n = _vigil_store_count_matches (self->read_db, query, cap, out_exact, error);
  read_unlock (self);
  return n;
}

static gboolean
sqlite_store_foreach (VigilStore                *store,
                     VigilSearchQuery    *query,
                     VigilStorePostFunc   func,
                     gpointer             user_data,
                     GError             **error)
{
  VigilSqliteStore *self = VIGIL_SQLITE_STORE (store);
  sqlite3_stmt *stmt;
  int rc;

  g_return_val_if_fail (func != NULL, FALSE);

  read_lock (self);
  {
    /* newest first with words: the ids from the index, then each post
     * (the page stops early; no sort of every match's row) */
    g_autoptr(GArray) ids = _vigil_store_search_stream (self->read_db, query, error);

    if (ids != NULL || (error && *error))
      {
        gboolean ok = ids != NULL;

        for (guint i = 0; ok && i < ids->len; i++)
          {
            sqlite3_bind_int64 (self->by_id_stmt, 1, g_array_index (ids, gint64, i));
            rc = sqlite3_step (self->by_id_stmt);
            if (rc == SQLITE_ROW)
              {
                g_autoptr(VigilPost) post = _vigil_store_row_to_post (self->by_id_stmt);
                sqlite3_reset (self->by_id_stmt);
                func (post, user_data);
              }
            else
              {
                sqlite3_reset (self->by_id_stmt);
                if (rc != SQLITE_DONE)
                  {
                    set_search_error (self, error);
                    ok = FALSE;
                  }
              }
          }
        read_unlock (self);
        return ok;
      }
  }
  stmt = prepare_search (self, query, FALSE, error);
  if (stmt == NULL)
    {
      read_unlock (self);
      return FALSE;
    }
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      g_autoptr(VigilPost) post = _vigil_store_row_to_post (stmt);
      func (post, user_data);
    }
  if (rc != SQLITE_DONE)
    set_search_error (self, error);
  sqlite3_finalize (stmt);
  read_unlock (self);

  return rc == SQLITE_DONE;
}

static GPtrArray *
sqlite_store_get_sentiment_overrides (VigilStore        *store,
                                     gint64       post_id,
                                     GError     **error)
{
  VigilSqliteStore *self = VIGIL_SQLITE_STORE (store);
  GPtrArray *out;


  read_lock (self);
  out = _vigil_store_read_overrides (self->read_db, post_id, error);
  read_unlock (self);
  return out;
}

static GPtrArray *
sqlite_store_get_alerts (VigilStore        *store,
                        const char  *watch,
                        gint64       since_us,
                        guint        limit,
                        GError     **error)
{
  VigilSqliteStore *self = VIGIL_SQLITE_STORE (store);
  GPtrArray *out;


  read_lock (self);
  out = _vigil_store_read_alerts (self->read_db, watch, since_us, limit, error);
  read_unlock (self);
  return out;
}

static GPtrArray *
sqlite_store_list_records (VigilStore  *store,
                           const char  *kind,
                           const char  *key,
                           gint64       after_seq,
                           guint        limit,
                           GError     **error)
{
  VigilSqliteStore *self = VIGIL_SQLITE_STORE (store);
  GPtrArray *records;

  read_lock (self);
  records = _vigil_store_read_records (self->read_db, kind, key, after_seq, limit, error);
  read_unlock (self);
  return records;
}

static GBytes *
sqlite_store_get_blob (VigilStore  *store,
                       const char  *kind,
                       const char  *key,
                       GError     **error)
{
  VigilSqliteStore *self = VIGIL_SQLITE_STORE (store);
  GBytes *data = NULL;
  int rc;

  read_lock (self);
  sqlite3_bind_text (self->blob_stmt, 1, kind, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (self->blob_stmt, 2, key, -1, SQLITE_TRANSIENT);
  rc = sqlite3_step (self->blob_stmt);
  if (rc == SQLITE_ROW)
    data = g_bytes_new (sqlite3_column_blob (self->blob_stmt, 0),
                        (gsize) sqlite3_column_bytes (self->blob_stmt, 0));
  else if (rc != SQLITE_DONE)
    _vigil_store_set_error (error, self->read_db, _("Could not read from the archive"));
  sqlite3_reset (self->blob_stmt);
  read_unlock (self);
  return data;
}

static VigilPost *
sqlite_store_find_post (VigilStore     *store,
                        VigilPlatform   platform,
                        const char     *remote_id,
                        GError        **error)
{
  VigilSqliteStore *self = VIGIL_SQLITE_STORE (store);
  g_autoptr(GPtrArray) posts = g_ptr_array_new_with_free_func (g_object_unref);
  gboolean ok;

  read_lock (self);
  sqlite3_bind_text (self->find_stmt, 1, vigil_platform_to_string (platform), -1, SQLITE_STATIC);
  sqlite3_bind_text (self->find_stmt, 2, remote_id, -1, SQLITE_TRANSIENT);
  ok = collect_posts (self, self->find_stmt, posts, error);
  sqlite3_reset (self->find_stmt);
  read_unlock (self);

  if (!ok || posts->len == 0)
    return NULL;
  return g_object_ref (g_ptr_array_index (posts, 0));
}

void
_vigil_sqlite_store_class_init_reads (VigilStoreClass *store_class)
{
  store_class->get_cursor = sqlite_store_get_cursor;
  store_class->count_posts = sqlite_store_count_posts;
  store_class->get_last_id = sqlite_store_get_last_id;
  store_class->get_range = sqlite_store_get_range;
  store_class->get_posts = sqlite_store_get_posts;
  store_class->search_ids = sqlite_store_search_ids;
  store_class->count_matches = sqlite_store_count_matches;
  store_class->foreach = sqlite_store_foreach;
  store_class->get_sentiment_overrides = sqlite_store_get_sentiment_overrides;
  store_class->get_alerts = sqlite_store_get_alerts;
  store_class->list_records = sqlite_store_list_records;
  store_class->get_blob = sqlite_store_get_blob;
  store_class->find_post = sqlite_store_find_post;
}

/* vigil-store-retention.c: purging posts past their retention, with
 * tombstones that keep the hash chain verifiable
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A purge is ordered by a journal record (kind "archive.purge", MACed by
 * src/core/archive) and runs in one write transaction: each post of the
 * platform created before the cut-off, and each of its edit/delete events,
 * gets a tombstone (its chain hash, the time, the record's seq); its
 * content columns are cleared (the schema's triggers allow exactly that
 * when a tombstone names the row, and nothing else); its entry leaves the
 * search index and its derived state loses its text. Identity (platform,
 * remote id), times, visibility, position and hash stay, so the chain
 * still links and verify checks each purged row against its tombstone,
 * and each tombstone against the purge record that ordered it.
 */
#define G_LOG_DOMAIN "vigil-store-retention"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "vigil-store-private.h"

static const char *
text_at (sqlite3_stmt *stmt,
         int           column)
{
  return (const char *) sqlite3_column_text (stmt, column);
}

static const char *
current (sqlite3_stmt *stmt,
         int           state_column,
         int           post_column)
{
  return sqlite3_column_type (stmt, state_column) != SQLITE_NULL ? text_at (stmt, state_column)
                                                                 : text_at (stmt, post_column);
}

static gboolean
purge_in_txn (sqlite3      *db,
              const char   *platform,
              gint64        before_us,
              gint64        record_seq,
              guint64      *out_posts,
              GError      **error)
{
  g_autoptr(GString) text = g_string_new (NULL);
  g_autoptr(GString) tags = g_string_new (NULL);
  sqlite3_stmt *select = NULL;
  sqlite3_stmt *fts = NULL;
  gint64 now = g_get_real_time ();
  g_autofree char *steps = NULL;
  gboolean ok = FALSE;
  int rc;

  if (!_vigil_store_exec (db, "DROP TABLE IF EXISTS temp.vigil_purge;", error))
    return FALSE;
  if (!(select = _vigil_store_prepare (db, "CREATE TEMP TABLE vigil_purge AS SELECT p.id, p.platform, "
                                       "p.remote_id FROM posts p WHERE p.created_us < ?1 "
                                       "AND (?2 IS NULL OR p.platform = ?2) AND NOT EXISTS (SELECT 1 "
                                       "FROM tombstones t WHERE t.tbl = 'posts' AND t.row_id = p.id)", error)))
    return FALSE;
  sqlite3_bind_int64 (select, 1, before_us);
  if (platform)
    sqlite3_bind_text (select, 2, platform, -1, SQLITE_STATIC);
  rc = sqlite3_step (select);
  sqlite3_finalize (select);
  if (rc != SQLITE_DONE)
    {
      _vigil_store_set_error (error, db, _("Could not select the posts to purge"));
      return FALSE;
    }

  /* out of the search index, with exactly the values indexed */
  if (!(select = _vigil_store_prepare (db, "SELECT " VIGIL_FTS_KEY_SQL ("p.created_us", "p.id") ", p.title, p.spoiler, p.text, p.author, p.author_name, "
                                       "p.tags, s.title, s.spoiler, s.text, s.tags FROM posts p "
                                       "JOIN temp.vigil_purge v ON v.id = p.id LEFT JOIN post_state s "
                                       "ON s.platform = p.platform AND s.remote_id = p.remote_id "
                                       "ORDER BY 1" /* key order: FTS5 flushes when a rowid goes down */, error))
      || !(fts = _vigil_store_prepare (db, "INSERT INTO posts_fts (posts_fts, rowid, text, author, author_name, "
                                       "tags) VALUES ('delete', ?, ?, ?, ?, ?)", error)))
    goto out;
  *out_posts = 0;
  while ((rc = sqlite3_step (select)) == SQLITE_ROW)
    {
      const char *parts[] = { current (select, 7, 1), current (select, 8, 2), current (select, 9, 3) };
      const char *t = current (select, 10, 6);
      const char *body = parts[2];

      if (parts[0] != NULL || parts[1] != NULL)
        {
          g_string_truncate (text, 0);
          for (guint i = 0; i < G_N_ELEMENTS (parts); i++)
            if (parts[i] && parts[i][0])
              {
                if (text->len)
                  g_string_append_c (text, '\n');
                g_string_append (text, parts[i]);
              }
          body = text->str;
        }
      if (t)
        {
          g_string_assign (tags, t);
          g_strdelimit (tags->str, "\x1f", ' ');
          t = tags->str;
        }
      sqlite3_bind_int64 (fts, 1, sqlite3_column_int64 (select, 0));
      body ? sqlite3_bind_text (fts, 2, body, -1, SQLITE_TRANSIENT) : sqlite3_bind_null (fts, 2);
      text_at (select, 4) ? sqlite3_bind_text (fts, 3, text_at (select, 4), -1, SQLITE_TRANSIENT) : sqlite3_bind_null (fts, 3);
      text_at (select, 5) ? sqlite3_bind_text (fts, 4, text_at (select, 5), -1, SQLITE_TRANSIENT) : sqlite3_bind_null (fts, 4);
      t ? sqlite3_bind_text (fts, 5, t, -1, SQLITE_TRANSIENT) : sqlite3_bind_null (fts, 5);
      if (sqlite3_step (fts) != SQLITE_DONE)
        {
          _vigil_store_set_error (error, db, _("Could not remove a purged post from the search index"));
          goto out;
        }
      sqlite3_reset (fts);
      (*out_posts)++;
    }
  if (rc != SQLITE_DONE)
    {
      _vigil_store_set_error (error, db, _("Could not read the posts to purge"));
      goto out;
    }

  steps = g_strdup_printf (
    "INSERT INTO tombstones (tbl, row_id, hash, purged_us, record_seq) "
    "SELECT 'posts', p.id, p.hash, %1$" G_GINT64_FORMAT ", %2$" G_GINT64_FORMAT " FROM posts p JOIN temp.vigil_purge v ON v.id = p.id;"
    "INSERT INTO tombstones (tbl, row_id, hash, purged_us, record_seq) "
    "SELECT 'events', e.id, e.hash, %1$" G_GINT64_FORMAT ", %2$" G_GINT64_FORMAT " FROM events e JOIN temp.vigil_purge v "
    "ON v.platform = e.platform AND v.remote_id = e.remote_id;"
    "UPDATE posts SET author = NULL, author_name = NULL, followers = NULL, url = NULL, text = NULL, "
    "lang = NULL, spoiler = NULL, title = NULL, tags = NULL, media = NULL, parent_id = NULL, "
    "thread_id = NULL, replies = NULL, reposts = NULL, likes = NULL, raw = NULL "
    "WHERE id IN (SELECT id FROM temp.vigil_purge);"
    "UPDATE events SET text = NULL, spoiler = NULL, title = NULL, tags = NULL, media = NULL, raw = NULL "
    "WHERE id IN (SELECT e.id FROM events e JOIN temp.vigil_purge v ON v.platform = e.platform "
    "AND v.remote_id = e.remote_id);"
    "UPDATE post_state SET text = NULL, spoiler = NULL, title = NULL, tags = NULL, media = NULL "
    "WHERE (platform, remote_id) IN (SELECT platform, remote_id FROM temp.vigil_purge);"
    "DROP TABLE temp.vigil_purge;", now, record_seq);
  ok = _vigil_store_exec (db, steps, error);

out:
  sqlite3_finalize (select);
  sqlite3_finalize (fts);
  return ok;
}

gboolean
_vigil_store_purge_db (sqlite3     *db,
                       const char  *platform,
                       gint64       before_us,
                       gint64       record_seq,
                       guint64     *out_posts,
                       GError     **error)
{
  if (!_vigil_store_exec (db, "BEGIN IMMEDIATE", error))
    return FALSE;
  if (purge_in_txn (db, platform, before_us, record_seq, out_posts, error)
      && _vigil_store_exec (db, "COMMIT", error))
    return TRUE;
  sqlite3_exec (db, "ROLLBACK", NULL, NULL, NULL);
  return FALSE;
}

gboolean
_vigil_store_purge_file (const char  *path,
                         const char  *platform,
                         gint64       before_us,
                         gint64       record_seq,
                         guint64     *out_posts,
                         GError     **error)
{
  sqlite3 *db = NULL;
  gboolean ok;

  if (sqlite3_open_v2 (path, &db, SQLITE_OPEN_READWRITE, NULL) != SQLITE_OK)
    {
      _vigil_store_set_error (error, db, _("Could not open the archive to purge"));
      sqlite3_close (db);
      return FALSE;
    }
  sqlite3_busy_timeout (db, 10000);
  ok = _vigil_store_purge_db (db, platform, before_us, record_seq, out_posts, error);
  sqlite3_close (db);
  return ok;
}

/* In verify's snapshot: every tombstone must have been ordered by a purge
 * record whose cut-off (and platform) covers its row. */
char *
_vigil_store_check_tombstones (sqlite3 *db)
{
  sqlite3_stmt *stmt = NULL;
  char *broken = NULL;

  if (sqlite3_prepare_v2 (db,
        "SELECT t.tbl, t.row_id FROM tombstones t LEFT JOIN records r ON r.seq = t.record_seq "
        "WHERE r.kind IS NOT 'archive.purge' OR NOT EXISTS (SELECT 1 FROM posts p "
        "WHERE p.created_us < json_extract (r.body, '$.before_us') "
        "AND (json_extract (r.body, '$.platform') IS NULL OR p.platform = json_extract (r.body, '$.platform')) "
        "AND ((t.tbl = 'posts' AND p.id = t.row_id) OR (t.tbl = 'events' AND EXISTS (SELECT 1 FROM events e "
        "WHERE e.id = t.row_id AND e.platform = p.platform AND e.remote_id = p.remote_id)))) LIMIT 1",
        -1, &stmt, NULL) != SQLITE_OK)
    return g_strdup_printf (_("the tombstones could not be checked: %s"), sqlite3_errmsg (db));
  if (sqlite3_step (stmt) == SQLITE_ROW)
    broken = g_strdup_printf (_("%s row %" G_GINT64_FORMAT ": its content was cleared under a tombstone "
                                "that no purge record orders (it was altered)"),
                              text_at (stmt, 0), (gint64) sqlite3_column_int64 (stmt, 1));
  sqlite3_finalize (stmt);
  return broken;
}

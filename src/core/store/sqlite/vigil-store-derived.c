/* vigil-store-derived.c: verify rebuilds the derived tables and compares
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * What a person sees of an edited or deleted post comes from post_state,
 * what search finds from posts_fts, the sentiment they see overridden from
 * annotations.override. None of them is in the hash chain: they are rebuilt
 * here from the chained rows, the way the writer builds them, and compared.
 *
 *  - post_state: the events of each (platform, remote_id), folded in chain
 *    order exactly as vigil-store-writer.c folds them (a field an edit
 *    leaves NULL is unchanged; a deletion keeps the edited text);
 *  - posts_fts: a temporary FTS5 table with the same tokenizer is filled
 *    with each post's current text, author and tags, and the two indexes'
 *    instance lists (term, post, column, offset; fts5vocab) are compared
 *    in their natural order, so a term added to, or removed from, any post
 *    is named with the post;
 *  - annotations.override: the latest sentiment_overrides row per post.
 *
 * Anything that differs was altered outside Vigil: reported as tampering
 * with the derived table, naming the post and what differs.
 */
#define G_LOG_DOMAIN "vigil-store-derived"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "vigil-store-private.h"

#define N_STATE_FIELDS 5

static const char * const state_field_names[N_STATE_FIELDS] = {
  "text", "spoiler", "title", "tags", "media",
};

typedef struct
{
  gboolean  has;
  char     *platform;
  char     *remote_id;
  gboolean  deleted;
  gboolean  edited;
  char     *fields[N_STATE_FIELDS];
  gint64    last_seq;
  gint64    n_events;
} State;

static void
state_clear (State *st)
{
  g_free (st->platform);
  g_free (st->remote_id);
  for (guint i = 0; i < N_STATE_FIELDS; i++)
    g_free (st->fields[i]);
  memset (st, 0, sizeof *st);
}

static const char *
text_at (sqlite3_stmt *stmt,
         int           column)
{
  return (const char *) sqlite3_column_text (stmt, column);
}

/* Folds one event row into st, as insert_event() does. Columns: 0 platform,
 * 1 remote_id, 2 seq, 3 kind, 4..8 the event's fields, 9 post seq,
 * 10..14 the post's fields. */
static void
fold_event (State        *st,
            sqlite3_stmt *ev)
{
  gint64 seq = sqlite3_column_int64 (ev, 2);
  gboolean is_edit = g_strcmp0 (text_at (ev, 3), "edit") == 0;
  gboolean post_visible = sqlite3_column_type (ev, 9) == SQLITE_INTEGER
                          && sqlite3_column_int64 (ev, 9) < seq;
  char *cur[N_STATE_FIELDS];

  for (guint i = 0; i < N_STATE_FIELDS; i++)
    cur[i] = g_strdup (st->fields[i] ? st->fields[i]
                                     : post_visible ? text_at (ev, 10 + i) : NULL);

  if (is_edit)
    {
      for (guint i = 0; i < N_STATE_FIELDS; i++)
        {
          const char *e = text_at (ev, 4 + i);

          g_free (st->fields[i]);
          st->fields[i] = e ? g_strdup (e) : g_strdup (cur[i]);
        }
      st->edited = TRUE;
    }
  else
    {
      gboolean keep = st->has && st->edited;

      for (guint i = 0; i < N_STATE_FIELDS; i++)
        {
          g_free (st->fields[i]);
          st->fields[i] = keep ? g_strdup (cur[i]) : NULL;
        }
      st->deleted = TRUE;
    }
  for (guint i = 0; i < N_STATE_FIELDS; i++)
    g_free (cur[i]);
  st->has = TRUE;
  st->last_seq = seq;
  st->n_events++;
}

static int
compare_keys (const char *p1,
              const char *r1,
              const char *p2,
              const char *r2)
{
  int c = strcmp (p1 ? p1 : "", p2 ? p2 : "");

  return c != 0 ? c : strcmp (r1 ? r1 : "", r2 ? r2 : "");
}

static char *
short_text (const char *s)
{
  if (s == NULL)
    return g_strdup (_("(none)"));
  if (g_utf8_strlen (s, -1) > 40)
    {
      g_autofree char *head = g_utf8_substring (s, 0, 40);
      return g_strdup_printf ("“%s…”", head);
    }
  return g_strdup_printf ("“%s”", s);
}

/* Compares the folded state with the post_state row (columns: 0 platform,
 * 1 remote_id, 2 deleted, 3 edited, 4..8 fields, 9 last_seq). */
static char *
compare_state (const State  *st,
               sqlite3_stmt *row)
{
  g_autoptr(GString) what = g_string_new (NULL);

  if ((sqlite3_column_int (row, 2) != 0) != st->deleted)
    g_string_append_printf (what, st->deleted ? _("the events say deleted, the table says not deleted; ")
                                              : _("the table says deleted, no deletion was archived; "));
  if ((sqlite3_column_int (row, 3) != 0) != st->edited)
    g_string_append_printf (what, st->edited ? _("the events say edited, the table says not edited; ")
                                             : _("the table says edited, no edit was archived; "));
  for (guint i = 0; i < N_STATE_FIELDS; i++)
    {
      const char *have = text_at (row, 4 + i);

      if (g_strcmp0 (have, st->fields[i]) != 0)
        {
          g_autofree char *a = short_text (st->fields[i]);
          g_autofree char *b = short_text (have);

          g_string_append_printf (what, _("%s is %s in the events but %s in the table; "),
                                  state_field_names[i], a, b);
        }
    }
  if (sqlite3_column_int64 (row, 9) != st->last_seq)
    g_string_append (what, _("its last event is not the one archived last; "));
  if (what->len == 0)
    return NULL;
  g_string_truncate (what, what->len - 2);
  return g_strdup_printf (_("derived table post_state was altered for %s %s: %s "
                            "(what is shown and exported for this post was wrong)"),
                          st->platform, st->remote_id, what->str);
}

gboolean
_vigil_store_check_post_state (sqlite3                       *db,
                               const VigilStoreVerifyOptions *options,
                               char                         **out_broken,
                               GError                       **error)
{
  sqlite3_stmt *ev = NULL;
  sqlite3_stmt *ps = NULL;
  State st = { 0 };
  char *broken = NULL;
  int rc_ev, rc_ps;
  gboolean ok = FALSE;
  guint64 n = 0;

  *out_broken = NULL;
  if (!(ev = _vigil_store_prepare (db, "SELECT e.platform, e.remote_id, e.seq, e.kind, e.text, "
                                   "e.spoiler, e.title, e.tags, e.media, p.seq, p.text, p.spoiler, "
                                   "p.title, p.tags, p.media FROM events e LEFT JOIN posts p "
                                   "ON p.platform = e.platform AND p.remote_id = e.remote_id "
                                   "ORDER BY e.platform, e.remote_id, e.seq", error))
      || !(ps = _vigil_store_prepare (db, "SELECT platform, remote_id, deleted, edited, text, spoiler, "
                                      "title, tags, media, last_seq FROM post_state "
                                      "ORDER BY platform, remote_id", error)))
    goto out;

  rc_ev = sqlite3_step (ev);
  rc_ps = sqlite3_step (ps);
  while (!broken && (rc_ev == SQLITE_ROW || st.has || rc_ps == SQLITE_ROW))
    {
      int c;

      if ((++n & 4095) == 0 && options && g_cancellable_set_error_if_cancelled (options->cancellable, error))
        goto out;

      /* fold every event of the next key */
      if (!st.has && rc_ev == SQLITE_ROW)
        {
          st.platform = g_strdup (text_at (ev, 0));
          st.remote_id = g_strdup (text_at (ev, 1));
          while (rc_ev == SQLITE_ROW
                 && compare_keys (text_at (ev, 0), text_at (ev, 1), st.platform, st.remote_id) == 0)
            {
              fold_event (&st, ev);
              rc_ev = sqlite3_step (ev);
            }
        }

      if (rc_ps != SQLITE_ROW)
        c = -1;
      else if (!st.has)
        c = 1;
      else
        c = compare_keys (st.platform, st.remote_id, text_at (ps, 0), text_at (ps, 1));

      if (c < 0)
        broken = g_strdup_printf (_("derived table post_state was altered: %s %s has %" G_GINT64_FORMAT
                                    " archived edit/delete event(s) but no current state "
                                    "(it was removed: the post shows as never edited or deleted)"),
                                  st.platform, st.remote_id, st.n_events);
      else if (c > 0)
        broken = g_strdup_printf (_("derived table post_state was altered: it holds a state for %s %s "
                                    "although no edit or deletion of it was archived (added outside Vigil)"),
                                  text_at (ps, 0), text_at (ps, 1));
      else
        {
          broken = compare_state (&st, ps);
          state_clear (&st);
          rc_ps = sqlite3_step (ps);
        }
    }
  if (!broken && ((rc_ev != SQLITE_DONE && rc_ev != SQLITE_ROW) || (rc_ps != SQLITE_DONE && rc_ps != SQLITE_ROW)))
    {
      _vigil_store_set_error (error, db, _("Could not read the archive to verify it"));
      goto out;
    }
  *out_broken = g_steal_pointer (&broken);
  ok = TRUE;

out:
  g_free (broken);
  state_clear (&st);
  sqlite3_finalize (ev);
  sqlite3_finalize (ps);
  return ok;
}

static void
bind_or_null (sqlite3_stmt *stmt,
              int           index,
              const char   *text)
{
  if (text)
    sqlite3_bind_text (stmt, index, text, -1, SQLITE_TRANSIENT);
  else
    sqlite3_bind_null (stmt, index);
}

static const char *
post_ref (sqlite3  *db,
          gint64    id,
          GString  *out)
{
  sqlite3_stmt *stmt = NULL;

  id &= VIGIL_FTS_ID_MASK;   /* an index key: its post id */
  g_string_printf (out, _("posts row %" G_GINT64_FORMAT), id);
  if (sqlite3_prepare_v2 (db, "SELECT platform, remote_id FROM posts WHERE id = ?", -1, &stmt, NULL) == SQLITE_OK)
    {
      sqlite3_bind_int64 (stmt, 1, id);
      if (sqlite3_step (stmt) == SQLITE_ROW)
        g_string_append_printf (out, " (%s %s)", text_at (stmt, 0), text_at (stmt, 1));
    }
  sqlite3_finalize (stmt);
  return out->str;
}

/* Inserts the rows of one date bucket in key order. */
static gboolean
insert_bucket (sqlite3       *db,
               sqlite3_stmt  *insert,
               GArray        *rows,
               GError       **error)
{
  gboolean ok = TRUE;

  g_array_sort (rows, _vigil_fts_row_compare);
  for (guint i = 0; ok && i < rows->len; i++)
    {
      VigilFtsRow *row = &g_array_index (rows, VigilFtsRow, i);

      sqlite3_bind_int64 (insert, 1, row->key);
      bind_or_null (insert, 2, row->text);
      bind_or_null (insert, 3, row->author);
      bind_or_null (insert, 4, row->author_name);
      bind_or_null (insert, 5, row->tags);
      if (sqlite3_step (insert) != SQLITE_DONE)
        {
          _vigil_store_set_error (error, db, _("Could not rebuild the search index"));
          ok = FALSE;
        }
      sqlite3_reset (insert);
    }
  g_array_set_size (rows, 0);
  return ok;
}

/* Fills table (an FTS5 table shaped as posts_fts) with what the writer
 * indexes for each post not purged, in key order: the posts by date
 * (the posts_created index), each second's posts sorted by key, as FTS5
 * writes one segment per run of rising keys. */
static gboolean
fill_index (sqlite3                       *db,
            const char                    *table,
            const VigilStoreVerifyOptions *options,
            double                         from,
            double                         to,
            GError                       **error)
{
  g_autoptr(GString) text = g_string_new (NULL);
  g_autoptr(GString) tags = g_string_new (NULL);
  g_autoptr(GArray) bucket = g_array_new (FALSE, TRUE, sizeof (VigilFtsRow));
  g_autofree char *insert_sql = g_strdup_printf ("INSERT INTO %s (rowid, text, author, author_name, tags) "
                                                 "VALUES (?, ?, ?, ?, ?)", table);
  sqlite3_stmt *posts = NULL;
  sqlite3_stmt *insert = NULL;
  gint64 total = 1, n = 0, current_bucket = G_MININT64;
  gboolean ok = FALSE;
  int rc;

  g_array_set_clear_func (bucket, _vigil_fts_row_clear);
  if (!(posts = _vigil_store_prepare (db, "SELECT coalesce (max (id), 0) FROM posts", error)))
    return FALSE;
  if (sqlite3_step (posts) == SQLITE_ROW)
    total = MAX (1, sqlite3_column_int64 (posts, 0));
  sqlite3_finalize (posts);

  if (!(posts = _vigil_store_prepare (db, "SELECT " VIGIL_FTS_KEY_SQL ("p.created_us", "p.id") ", "
                                      "p.title, p.spoiler, p.text, p.author, "
                                      "p.author_name, p.tags, s.title, s.spoiler, s.text, s.tags, p.created_us "
                                      "FROM posts p LEFT JOIN post_state s ON s.platform = p.platform "
                                      "AND s.remote_id = p.remote_id "
                                      "WHERE NOT EXISTS (SELECT 1 FROM tombstones t "
                                      "WHERE t.tbl = 'posts' AND t.row_id = p.id) "
                                      "ORDER BY p.created_us, p.id", error))
      || !(insert = _vigil_store_prepare (db, insert_sql, error)))
    goto out;

  while ((rc = sqlite3_step (posts)) == SQLITE_ROW)
    {
      const char *title = sqlite3_column_type (posts, 7) != SQLITE_NULL ? text_at (posts, 7) : text_at (posts, 1);
      const char *spoiler = sqlite3_column_type (posts, 8) != SQLITE_NULL ? text_at (posts, 8) : text_at (posts, 2);
      const char *body = sqlite3_column_type (posts, 9) != SQLITE_NULL ? text_at (posts, 9) : text_at (posts, 3);
      const char *t = sqlite3_column_type (posts, 10) != SQLITE_NULL ? text_at (posts, 10) : text_at (posts, 6);
      gint64 b = _vigil_store_fts_bucket (sqlite3_column_type (posts, 11) == SQLITE_INTEGER,
                                          sqlite3_column_int64 (posts, 11));
      VigilFtsRow row = { 0 };

      if ((++n & 4095) == 0)
        {
          if (options && g_cancellable_set_error_if_cancelled (options->cancellable, error))
            goto out;
          _vigil_chain_report_progress (options, from + (to - from) * (double) n / (double) total);
        }
      if (b != current_bucket && !insert_bucket (db, insert, bucket, error))
        goto out;
      current_bucket = b;
      row.key = sqlite3_column_int64 (posts, 0);
      row.text = g_strdup (_vigil_store_fts_text (text, title, spoiler, body));
      row.author = g_strdup (text_at (posts, 4));
      row.author_name = g_strdup (text_at (posts, 5));
      row.tags = g_strdup (_vigil_store_fts_tags (tags, t));
      g_array_append_val (bucket, row);
    }
  if (rc != SQLITE_DONE)
    {
      _vigil_store_set_error (error, db, _("Could not read the archive to verify it"));
      goto out;
    }
  ok = insert_bucket (db, insert, bucket, error);

out:
  sqlite3_finalize (posts);
  sqlite3_finalize (insert);
  return ok;
}

gboolean
_vigil_store_fts_reindex (sqlite3  *db,
                          GError  **error)
{
  return _vigil_store_exec (db, "INSERT INTO posts_fts (posts_fts) VALUES ('delete-all');", error)
         && fill_index (db, "main.posts_fts", NULL, 0, 1, error);
}

static void
drop_temp_tables (sqlite3 *db)
{
  sqlite3_exec (db, "DROP TABLE IF EXISTS temp.vigil_verify_real;"
                    "DROP TABLE IF EXISTS temp.vigil_verify_expected;"
                    "DROP TABLE IF EXISTS temp.vigil_verify_fts;", NULL, NULL, NULL);
}

static int
compare_instance (sqlite3_stmt *a,
                  sqlite3_stmt *b)
{
  int la = sqlite3_column_bytes (a, 0), lb = sqlite3_column_bytes (b, 0);
  const void *ta = sqlite3_column_blob (a, 0), *tb = sqlite3_column_blob (b, 0);
  int c = memcmp (ta ? ta : "", tb ? tb : "", MIN (la, lb));
  gint64 x, y;

  if (c != 0)
    return c;
  if (la != lb)
    return la < lb ? -1 : 1;
  for (int col = 1; col <= 3; col++)
    {
      if (col == 2)
        {
          c = g_strcmp0 (text_at (a, 2), text_at (b, 2));
          if (c != 0)
            return c;
          continue;
        }
      x = sqlite3_column_int64 (a, col);
      y = sqlite3_column_int64 (b, col);
      if (x != y)
        return x < y ? -1 : 1;
    }
  return 0;
}

gboolean
_vigil_store_check_fts (sqlite3                       *db,
                        const VigilStoreVerifyOptions *options,
                        double                         from,
                        double                         to,
                        char                         **out_broken,
                        GError                       **error)
{
  g_autoptr(GString) ref = g_string_new (NULL);
  sqlite3_stmt *real = NULL;
  sqlite3_stmt *expected = NULL;
  char *broken = NULL;
  gboolean ok = FALSE;
  int rc_r, rc_e;
  guint64 n = 0;

  *out_broken = NULL;
  drop_temp_tables (db);
  if (!_vigil_store_exec (db, "CREATE VIRTUAL TABLE temp.vigil_verify_fts USING fts5 ("
                              "text, author, author_name, tags, content = '', columnsize = 0, "
                              "tokenize = 'unicode61 remove_diacritics 2');"
                              "CREATE VIRTUAL TABLE temp.vigil_verify_real USING fts5vocab "
                              "(main, posts_fts, instance);"
                              "CREATE VIRTUAL TABLE temp.vigil_verify_expected USING fts5vocab "
                              "(temp, vigil_verify_fts, instance);", error))
    goto out;
  if (!fill_index (db, "temp.vigil_verify_fts", options, from, from + (to - from) * 0.6, error))
    goto out;

  if (!(real = _vigil_store_prepare (db, "SELECT term, doc, col, offset FROM temp.vigil_verify_real", error))
      || !(expected = _vigil_store_prepare (db, "SELECT term, doc, col, offset FROM temp.vigil_verify_expected",
                                            error)))
    goto out;

  rc_r = sqlite3_step (real);
  rc_e = sqlite3_step (expected);
  while (rc_r == SQLITE_ROW || rc_e == SQLITE_ROW)
    {
      int c;

      if ((++n & 65535) == 0 && options && g_cancellable_set_error_if_cancelled (options->cancellable, error))
        goto out;
      if (rc_r != SQLITE_ROW)
        c = 1;
      else if (rc_e != SQLITE_ROW)
        c = -1;
      else
        c = compare_instance (real, expected);

      if (c < 0)
        {
          g_autofree char *term = g_strndup (sqlite3_column_blob (real, 0), sqlite3_column_bytes (real, 0));
          broken = g_strdup_printf (_("derived table posts_fts (the search index) was altered: it finds "
                                      "%s by “%s” (in %s), which its archived text does not hold"),
                                    post_ref (db, sqlite3_column_int64 (real, 1), ref), term,
                                    text_at (real, 2));
          break;
        }
      if (c > 0)
        {
          g_autofree char *term = g_strndup (sqlite3_column_blob (expected, 0),
                                             sqlite3_column_bytes (expected, 0));
          broken = g_strdup_printf (_("derived table posts_fts (the search index) was altered: "
                                      "%s is no longer found by “%s” (in %s), which its archived text holds "
                                      "(search and export would hide it)"),
                                    post_ref (db, sqlite3_column_int64 (expected, 1), ref), term,
                                    text_at (expected, 2));
          break;
        }
      rc_r = sqlite3_step (real);
      rc_e = sqlite3_step (expected);
    }
  if (!broken && (rc_r != SQLITE_DONE || rc_e != SQLITE_DONE)
      && !(rc_r == SQLITE_ROW || rc_e == SQLITE_ROW))
    {
      _vigil_store_set_error (error, db, _("Could not read the search index to verify it"));
      goto out;
    }
  *out_broken = g_steal_pointer (&broken);
  ok = TRUE;

out:
  g_free (broken);
  sqlite3_finalize (real);
  sqlite3_finalize (expected);
  drop_temp_tables (db);
  return ok;
}

gboolean
_vigil_store_check_overrides (sqlite3  *db,
                              char    **out_broken,
                              GError  **error)
{
  sqlite3_stmt *stmt;
  int rc;

  *out_broken = NULL;
  if (!(stmt = _vigil_store_prepare (db, "SELECT coalesce (a.post_id, l.post_id), a.override, l.label "
                                     "FROM (SELECT post_id, override FROM annotations "
                                     "WHERE override IS NOT NULL) a "
                                     "FULL JOIN (SELECT post_id, nullif (label, 0) AS label FROM "
                                     "(SELECT post_id, label, max (id) FROM sentiment_overrides "
                                     "GROUP BY post_id)) l ON a.post_id = l.post_id "
                                     "WHERE a.override IS NOT l.label LIMIT 1", error)))
    return FALSE;
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    {
      g_autoptr(GString) ref = g_string_new (NULL);
      const char *have = sqlite3_column_type (stmt, 1) == SQLITE_NULL
                         ? "none" : vigil_sentiment_to_string (sqlite3_column_int (stmt, 1));
      const char *want = sqlite3_column_type (stmt, 2) == SQLITE_NULL
                         ? "none" : vigil_sentiment_to_string (sqlite3_column_int (stmt, 2));

      *out_broken = g_strdup_printf (_("derived table annotations was altered: %s shows the sentiment "
                                       "override %s, but the archived overrides say %s"),
                                     post_ref (db, sqlite3_column_int64 (stmt, 0), ref),
                                     have ? have : "?", want ? want : "?");
    }
  sqlite3_finalize (stmt);
  if (rc != SQLITE_ROW && rc != SQLITE_DONE)
    {
      _vigil_store_set_error (error, db, _("Could not read the sentiment overrides"));
      return FALSE;
    }
  return TRUE;
}

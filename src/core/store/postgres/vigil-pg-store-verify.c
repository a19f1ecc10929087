/* vigil-pg-store-verify.c: verify on a team database
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The SQLite verify's walk (sqlite/vigil-store-chain.c), over a connection
 * of its own in one REPEATABLE READ snapshot: the posts and events merged
 * in chain order (two cursors), each row's hash recomputed from its
 * columns with the shared serialisation (vigil-store-chain-hash.c), the
 * head and the anchors checked, then the journal and the audit chain
 * (pglive's walks), then the derived tables (post_state, the search index)
 * rebuilt from the chained rows and compared. The messages are SQLite's.
 * A tampering done by the owner with the triggers disabled changes a row
 * without its hash, so it is named like any other.
 */
#define G_LOG_DOMAIN "vigil-pg-store-verify"

#include "config.h"

#include <stdlib.h>

#include <glib/gi18n-lib.h>

#include "vigil-pg-store-live.h"

#define PAGE 2000

typedef struct
{
  PGconn      *conn;
  const char  *cursor;
  const char  *table;
  const char  *label;
  guint        n_fields;
  const int   *int_columns;   /* -1 terminated */
  int          archived_column;
  PGresult    *page;
  int          row;
  gboolean     done;
  guint64     *counter;
} Stream;

static const int posts_ints[] = { 0, 1, 6, 12, 15, 16, 19, 20, 21, 23, -1 };
static const int events_ints[] = { 0, 1, 4, 11, 12, -1 };

static gboolean
stream_next (Stream  *s,
             GError **error)
{
  if (s->done)
    return TRUE;
  if (s->page != NULL && ++s->row < PQntuples (s->page))
    return TRUE;
  g_clear_pointer (&s->page, PQclear);
  {
    g_autofree char *sql = g_strdup_printf ("FETCH %d FROM %s", PAGE, s->cursor);

    s->page = _vigil_pg_exec_params (s->conn, sql, 0, NULL, error);
  }
  if (s->page == NULL)
    return FALSE;
  s->row = 0;
  s->done = PQntuples (s->page) == 0;
  return TRUE;
}

static gboolean
is_int_column (const Stream *s,
               guint         col)
{
  for (guint i = 0; s->int_columns[i] >= 0; i++)
    if ((guint) s->int_columns[i] == col)
      return TRUE;
  return FALSE;
}

static void
read_fields (Stream          *s,
             VigilChainField *fields)
{
  for (guint i = 0; i < s->n_fields; i++)
    {
      const char *v = _vigil_pg_get (s->page, s->row, i);

      if (v == NULL)
        vigil_chain_field_null (&fields[i]);
      else if (is_int_column (s, i))
        vigil_chain_field_int (&fields[i], g_ascii_strtoll (v, NULL, 10));
      else
        {
          fields[i].type = VIGIL_CHAIN_TEXT;
          fields[i].s = v;
          fields[i].len = PQgetlength (s->page, s->row, i);
          fields[i].i = 0;
        }
    }
}

static gint64
seq_of (Stream *s)
{
  return _vigil_pg_get_int (s->page, s->row, 1);
}

static char *
format_time (gint64 us)
{
  g_autoptr(GDateTime) epoch = g_date_time_new_from_unix_utc (0);
  g_autoptr(GDateTime) dt = g_date_time_add (epoch, us);

  return dt ? g_date_time_format (dt, "%Y-%m-%d %H:%M:%S UTC") : g_strdup ("?");
}

/* "posts row 42 (mastodon 1093…, archived 2026-12-06 02:33:09 UTC)" */
static char *
describe (const PGresult *res,
          int             row,
          const char     *table,
          int             archived_column)
{
  const char *platform = _vigil_pg_get (res, row, 2);
  const char *remote_id = _vigil_pg_get (res, row, 3);
  g_autofree char *short_id = NULL;
  g_autofree char *when = NULL;

  if (remote_id != NULL && g_utf8_strlen (remote_id, -1) > 40)
    {
      g_autofree char *head = g_utf8_substring (remote_id, 0, 40);
      short_id = g_strconcat (head, "…", NULL);
    }
  else
    short_id = g_strdup (remote_id ? remote_id : "?");
  if (!PQgetisnull (res, row, archived_column))
    when = format_time (_vigil_pg_get_int (res, row, archived_column));
  if (when)
    return g_strdup_printf (_("%s row %" G_GINT64_FORMAT " (%s %s, archived %s)"), table,
                            _vigil_pg_get_int (res, row, 0), platform ? platform : "?", short_id, when);
  return g_strdup_printf ("%s row %" G_GINT64_FORMAT " (%s %s)", table,
                          _vigil_pg_get_int (res, row, 0), platform ? platform : "?", short_id);
}

static char *
describe_position (PGconn      *conn,
                   gint64       seq,
                   const char **out_table)
{
  static const char * const tables[] = { "posts", "events" };
  g_autofree char *v = g_strdup_printf ("%" G_GINT64_FORMAT, seq);
  const char *values[] = { v };

  for (guint i = 0; i < G_N_ELEMENTS (tables); i++)
    {
      g_autofree char *sql = g_strdup_printf ("SELECT id, seq, platform, remote_id, archived_us "
                                              "FROM %s WHERE seq = $1::bigint LIMIT 1", tables[i]);
      g_autoptr(PGresult) res = _vigil_pg_exec_params (conn, sql, 1, values, NULL);

      if (res != NULL && PQntuples (res) > 0)
        {
          *out_table = tables[i];
          return describe (res, 0, tables[i], 4);
        }
    }
  return NULL;
}

static GHashTable *
load_tombstones (PGconn      *conn,
                 const char  *table,
                 GError     **error)
{
  GHashTable *set = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, g_free);
  const char *values[] = { table };
  g_autoptr(PGresult) res = _vigil_pg_exec_params (conn, "SELECT row_id, hash FROM tombstones WHERE tbl = $1",
                                                   1, values, error);

  if (res == NULL)
    {
      g_hash_table_unref (set);
      return NULL;
    }
  for (int r = 0; r < PQntuples (res); r++)
    {
      gint64 *id = g_new (gint64, 1);
      guint8 *hash = g_malloc0 (VIGIL_HASH_LEN);

      *id = _vigil_pg_get_int (res, r, 0);
      _vigil_pg_get_hash (res, r, 1, hash);
      g_hash_table_insert (set, id, hash);
    }
  return set;
}

static int
compare_anchor_rows (gconstpointer a,
                     gconstpointer b)
{
  const VigilStoreAnchor *x = *(const VigilStoreAnchor * const *) a;
  const VigilStoreAnchor *y = *(const VigilStoreAnchor * const *) b;

  return x->rows < y->rows ? -1 : x->rows > y->rows;
}

static char *
anchor_mismatch (const VigilStoreAnchor *anchor,
                 guint64                 rows,
                 const char             *actual)
{
  return g_strdup_printf (_("%s: the chain's head after row %" G_GUINT64_FORMAT " is %s but %s "
                            "was anchored: the archive was rewritten at or before that row"),
                          anchor->label ? anchor->label : _("expected head"), rows, actual,
                          anchor->head_hash);
}

static void
report (const VigilStoreVerifyOptions *options,
        double                         fraction)
{
  if (options != NULL && options->progress != NULL)
    options->progress (CLAMP (fraction, 0.0, 1.0), options->progress_data);
}

static char *
check_head (PGconn                        *conn,
            const VigilStoreVerifyOptions *options,
            guint64                        chain_rows,
            const guint8                  *prev,
            VigilStoreVerifyResult        *result,
            GError                       **error)
{
  g_autoptr(PGresult) head = _vigil_pg_exec_params (conn, "SELECT count, last_hash, head_hash "
                                                    "FROM chain_head WHERE id = 1", 0, NULL, error);
  guint8 head_last[VIGIL_HASH_LEN];
  guint8 head_hash[VIGIL_HASH_LEN];
  guint8 computed[VIGIL_HASH_LEN];
  g_autofree char *hex = NULL;
  gint64 count;

  if (head == NULL)
    return NULL;
  if (PQntuples (head) == 0)
    return g_strdup (_("chain head: missing (it was removed)"));
  if (!_vigil_pg_get_hash (head, 0, 1, head_last) || !_vigil_pg_get_hash (head, 0, 2, head_hash))
    return g_strdup (_("chain head: its hash columns were altered"));
  count = _vigil_pg_get_int (head, 0, 0);
  _vigil_chain_hash_head (count, head_last, computed);
  if (memcmp (computed, head_hash, VIGIL_HASH_LEN) != 0)
    return g_strdup (_("chain head: its content does not match its hash (it was altered)"));
  if (count > (gint64) chain_rows)
    return g_strdup_printf (_("chain head: the archive holds %" G_GUINT64_FORMAT
                              " rows but %" G_GINT64_FORMAT " were archived "
                              "(the last rows were removed)"), chain_rows, count);
  if (count < (gint64) chain_rows)
    return g_strdup_printf (_("chain head: the archive holds %" G_GUINT64_FORMAT
                              " rows but only %" G_GINT64_FORMAT " were archived "
                              "(rows were added outside Vigil)"), chain_rows, count);
  if (memcmp (head_last, prev, VIGIL_HASH_LEN) != 0)
    return g_strdup (_("chain head: the last archived row is not the one the head records"));

  hex = _vigil_hash_to_hex (head_hash);
  for (guint i = 0; options != NULL && i < options->n_anchors; i++)
    {
      const VigilStoreAnchor *anchor = &options->anchors[i];

      if (anchor->head_hash == NULL || anchor->rows != 0)
        continue;
      if (g_ascii_strcasecmp (hex, anchor->head_hash) != 0)
        return anchor_mismatch (anchor, chain_rows, hex);
      result->anchors_checked++;
    }
  result->head_hash = g_steal_pointer (&hex);
  return NULL;
}

/* Walks the posts chain; *out_broken NULL when intact. */
static gboolean
walk_chain (PGconn                        *conn,
            const VigilStoreVerifyOptions *options,
            VigilStoreVerifyResult        *result,
            char                         **out_broken,
            GError                       **error)
{
  g_autoptr(GPtrArray) anchors = g_ptr_array_new ();
  g_autoptr(GHashTable) tomb_posts = NULL;
  g_autoptr(GHashTable) tomb_events = NULL;
  GCancellable *cancellable = options ? options->cancellable : NULL;
  VigilChainField fields[MAX (VIGIL_POSTS_N_CHAIN_COLUMNS, VIGIL_EVENTS_N_CHAIN_COLUMNS)];
  Stream streams[2] = {
    { conn, "vigil_verify_posts", "posts", VIGIL_CHAIN_LABEL_POSTS, VIGIL_POSTS_N_CHAIN_COLUMNS,
      posts_ints, VIGIL_POSTS_N_CHAIN_COLUMNS - 1, NULL, 0, FALSE, &result->posts },
    { conn, "vigil_verify_events", "events", VIGIL_CHAIN_LABEL_EVENTS, VIGIL_EVENTS_N_CHAIN_COLUMNS,
      events_ints, 12, NULL, 0, FALSE, &result->events },
  };
  guint8 prev[VIGIL_HASH_LEN] = { 0 };
  guint8 computed[VIGIL_HASH_LEN];
  guint64 expected_seq = 1;
  guint64 total = 1;
  guint next_anchor = 0;
  char *broken = NULL;
  gboolean ok = FALSE;

  for (guint i = 0; options != NULL && i < options->n_anchors; i++)
    if (options->anchors[i].head_hash != NULL && options->anchors[i].rows > 0)
      g_ptr_array_add (anchors, (gpointer) &options->anchors[i]);
  g_ptr_array_sort (anchors, compare_anchor_rows);

  if (!(tomb_posts = load_tombstones (conn, "posts", error))
      || !(tomb_events = load_tombstones (conn, "events", error)))
    return FALSE;
  if (!_vigil_pg_query_int (conn, "SELECT greatest (count, 1) FROM chain_head WHERE id = 1", 0, NULL,
                            (gint64 *) &total, error))
    return FALSE;
  if (!_vigil_pg_exec (conn, "DECLARE vigil_verify_posts NO SCROLL CURSOR FOR SELECT "
                       VIGIL_POSTS_CHAIN_COLUMNS ", prev_hash, hash FROM posts ORDER BY id", error)
      || !_vigil_pg_exec (conn, "DECLARE vigil_verify_events NO SCROLL CURSOR FOR SELECT "
                          VIGIL_EVENTS_CHAIN_COLUMNS ", prev_hash, hash FROM events ORDER BY id", error)
      || !stream_next (&streams[0], error) || !stream_next (&streams[1], error))
    goto out;

  for (;;)
    {
      Stream *s;
      guint8 row_prev[VIGIL_HASH_LEN];
      guint8 row_hash[VIGIL_HASH_LEN];
      const guint8 *tomb_hash;
      gint64 seq;

      if (streams[0].done && streams[1].done)
        break;
      if (streams[0].done)
        s = &streams[1];
      else if (streams[1].done)
        s = &streams[0];
      else
        s = seq_of (&streams[0]) <= seq_of (&streams[1]) ? &streams[0] : &streams[1];

      if ((expected_seq & 4095) == 0)
        {
          if (g_cancellable_set_error_if_cancelled (cancellable, error))
            goto out;
          report (options, 0.4 * (double) expected_seq / (double) total);
        }

      seq = seq_of (s);
      if (!_vigil_pg_get_hash (s->page, s->row, s->n_fields, row_prev)
          || !_vigil_pg_get_hash (s->page, s->row, s->n_fields + 1, row_hash))
        {
          g_autofree char *row = describe (s->page, s->row, s->table, s->archived_column);
          broken = g_strdup_printf (_("%s: its hash columns were altered"), row);
          break;
        }
      if (seq != (gint64) expected_seq)
        {
          const char *holder_table = NULL;
          g_autofree char *holder = describe_position (conn, (gint64) expected_seq, &holder_table);
          g_autofree char *row = NULL;

          for (guint i = 0; holder && i < 2; i++)
            if (!streams[i].done && g_strcmp0 (streams[i].table, holder_table) == 0)
              {
                s = &streams[i];
                seq = seq_of (s);
              }
          row = describe (s->page, s->row, s->table, s->archived_column);
          if (holder != NULL)
            broken = g_strdup_printf (_("%s: it holds chain position %" G_GINT64_FORMAT
                                        " where position %" G_GUINT64_FORMAT " was expected, "
                                        "and position %" G_GUINT64_FORMAT " is held by %s: "
                                        "the rows were swapped or moved (the archive's order was altered)"),
                                      row, seq, expected_seq, expected_seq, holder);
          else if (seq > (gint64) expected_seq)
            broken = g_strdup_printf (_("%s: the %" G_GINT64_FORMAT " row(s) archived before it, "
                                        "at chain positions %" G_GUINT64_FORMAT "–%" G_GINT64_FORMAT
                                        ", were removed"),
                                      row, seq - (gint64) expected_seq, expected_seq, seq - 1);
          else
            broken = g_strdup_printf (_("%s: its position in the archive was altered (it claims "
                                        "position %" G_GINT64_FORMAT ", %" G_GUINT64_FORMAT " was expected)"),
                                      row, seq, expected_seq);
          break;
        }
      if (memcmp (row_prev, prev, VIGIL_HASH_LEN) != 0)
        {
          g_autofree char *row = describe (s->page, s->row, s->table, s->archived_column);
          broken = g_strdup_printf (_("%s: does not follow the row archived before it "
                                      "(that row or this one was altered)"), row);
          break;
        }
      tomb_hash = g_hash_table_lookup (s == &streams[0] ? tomb_posts : tomb_events,
                                       &(gint64) { _vigil_pg_get_int (s->page, s->row, 0) });
      if (tomb_hash != NULL)
        {
          if (memcmp (tomb_hash, row_hash, VIGIL_HASH_LEN) != 0)
            {
              g_autofree char *row = describe (s->page, s->row, s->table, s->archived_column);
              broken = g_strdup_printf (_("%s: purged, but its tombstone does not keep its hash "
                                          "(the row or the tombstone was altered)"), row);
              break;
            }
        }
      else
        {
          read_fields (s, fields);
          _vigil_chain_hash_row_fast (s->label, prev, fields, s->n_fields, computed);
          if (memcmp (row_hash, computed, VIGIL_HASH_LEN) != 0)
            {
              g_autofree char *row = describe (s->page, s->row, s->table, s->archived_column);
              broken = g_strdup_printf (_("%s: its content does not match its hash (the row was altered)"),
                                        row);
              break;
            }
        }
      memcpy (prev, row_hash, VIGIL_HASH_LEN);

      while (next_anchor < anchors->len
             && ((VigilStoreAnchor *) anchors->pdata[next_anchor])->rows == expected_seq)
        {
          const VigilStoreAnchor *anchor = anchors->pdata[next_anchor++];
          guint8 head_at[VIGIL_HASH_LEN];
          g_autofree char *hex = NULL;

          _vigil_chain_hash_head (expected_seq, prev, head_at);
          hex = _vigil_hash_to_hex (head_at);
          if (g_ascii_strcasecmp (hex, anchor->head_hash) != 0)
            {
              broken = anchor_mismatch (anchor, expected_seq, hex);
              break;
            }
          result->anchors_checked++;
        }
      if (broken)
        break;

      expected_seq++;
      (*s->counter)++;
      if (!stream_next (s, error))
        goto out;
    }

  if (broken == NULL && next_anchor < anchors->len)
    {
      const VigilStoreAnchor *anchor = anchors->pdata[next_anchor];

      broken = g_strdup_printf (_("%s: it was taken when the archive held %" G_GUINT64_FORMAT
                                  " rows, but only %" G_GUINT64_FORMAT " follow one another now: "
                                  "the last rows were removed"),
                                anchor->label ? anchor->label : _("expected head"),
                                anchor->rows, expected_seq - 1);
    }
  if (broken == NULL)
    {
      GError *local_error = NULL;

      broken = check_head (conn, options, expected_seq - 1, prev, result, &local_error);
      if (local_error != NULL)
        {
          g_propagate_error (error, local_error);
          goto out;
        }
    }
  *out_broken = broken;
  broken = NULL;
  ok = TRUE;

out:
  g_free (broken);
  for (guint i = 0; i < 2; i++)
    g_clear_pointer (&streams[i].page, PQclear);
  return ok;
}

/* The derived tables, rebuilt from the chained rows and compared. */
/* Says what differs between the folded state and the post_state row
 * (columns: platform, remote_id, no events, no state, then deleted, edited
 * and text, each as the events have it and as the table has it). */
static char *
describe_state_difference (PGresult *res)
{
  const char *platform = PQgetvalue (res, 0, 0);
  const char *remote_id = PQgetvalue (res, 0, 1);
  g_autoptr(GString) what = g_string_new (NULL);

  if (g_str_equal (PQgetvalue (res, 0, 3), "1"))
    return g_strdup_printf (_("derived table post_state was altered: %s %s has archived edit/delete "
                              "events but no current state"), platform, remote_id);
  if (g_str_equal (PQgetvalue (res, 0, 2), "1"))
    return g_strdup_printf (_("derived table post_state was altered: it holds a state for %s %s "
                              "that no archived event explains"), platform, remote_id);
  if (g_strcmp0 (PQgetvalue (res, 0, 4), PQgetvalue (res, 0, 5)) != 0)
    g_string_append (what, g_str_equal (PQgetvalue (res, 0, 4), "1")
                           ? _("the events say deleted, the table says not deleted; ")
                           : _("the table says deleted, no deletion was archived; "));
  if (g_strcmp0 (PQgetvalue (res, 0, 6), PQgetvalue (res, 0, 7)) != 0)
    g_string_append (what, g_str_equal (PQgetvalue (res, 0, 6), "1")
                           ? _("the events say edited, the table says not edited; ")
                           : _("the table says edited, no edit was archived; "));
  if (PQgetisnull (res, 0, 8) != PQgetisnull (res, 0, 9)
      || g_strcmp0 (PQgetvalue (res, 0, 8), PQgetvalue (res, 0, 9)) != 0)
    {
      g_autofree char *want = g_utf8_substring (PQgetvalue (res, 0, 8), 0, 40);
      g_autofree char *have = g_utf8_substring (PQgetvalue (res, 0, 9), 0, 40);

      g_string_append_printf (what, _("text is “%s” in the events but “%s” in the table; "), want, have);
    }
  if (what->len == 0)
    g_string_append (what, _("another field differs; "));
  g_string_truncate (what, what->len - 2);
  return g_strdup_printf (_("derived table post_state was altered for %s %s: %s "
                            "(what is shown and exported for this post was wrong)"),
                          platform, remote_id, what->str);
}

static gboolean
check_derived (PGconn   *conn,
               char    **out_broken,
               GError  **error)
{
  g_autoptr(PGresult) res = NULL;
  g_autoptr(GString) doc = g_string_new (NULL);

  /* post_state: folded from the events, as the writer folds them (an edit
   * archived before its post, an orphan, folds without the post's fields) */
  res = _vigil_pg_exec_params (conn,
    "WITH RECURSIVE ev AS ("
    "  SELECT platform, remote_id, kind, text, spoiler, title, tags, media, seq,"
    "         row_number () OVER (PARTITION BY platform, remote_id ORDER BY seq) AS n"
    "  FROM events),"
    " fold AS ("
    "  SELECT e.platform, e.remote_id, e.n, (e.kind = 'delete')::int AS deleted,"
    "         (e.kind = 'edit')::int AS edited,"
    "         CASE WHEN e.kind = 'edit' THEN coalesce (e.text, p.text) END AS text,"
    "         CASE WHEN e.kind = 'edit' THEN coalesce (e.spoiler, p.spoiler) END AS spoiler,"
    "         CASE WHEN e.kind = 'edit' THEN coalesce (e.title, p.title) END AS title,"
    "         CASE WHEN e.kind = 'edit' THEN coalesce (e.tags, p.tags) END AS tags,"
    "         CASE WHEN e.kind = 'edit' THEN coalesce (e.media, p.media) END AS media,"
    "         e.seq AS last_seq, true AS changed"
    "  FROM ev e LEFT JOIN posts p ON p.platform = e.platform AND p.remote_id = e.remote_id AND p.seq < e.seq"
    "  WHERE e.n = 1"
    "  UNION ALL"
    "  SELECT f.platform, f.remote_id, e.n,"
    "         CASE WHEN e.kind = 'delete' THEN 1 ELSE f.deleted END,"
    "         CASE WHEN e.kind = 'edit' THEN 1 ELSE f.edited END,"
    "         CASE WHEN e.kind = 'edit' THEN coalesce (e.text, f.text, p.text) ELSE f.text END,"
    "         CASE WHEN e.kind = 'edit' THEN coalesce (e.spoiler, f.spoiler, p.spoiler) ELSE f.spoiler END,"
    "         CASE WHEN e.kind = 'edit' THEN coalesce (e.title, f.title, p.title) ELSE f.title END,"
    "         CASE WHEN e.kind = 'edit' THEN coalesce (e.tags, f.tags, p.tags) ELSE f.tags END,"
    "         CASE WHEN e.kind = 'edit' THEN coalesce (e.media, f.media, p.media) ELSE f.media END,"
    "         CASE WHEN e.kind = 'delete' AND f.deleted = 1 THEN f.last_seq ELSE e.seq END, true"
    "  FROM fold f JOIN ev e ON e.platform = f.platform AND e.remote_id = f.remote_id AND e.n = f.n + 1"
    "  LEFT JOIN posts p ON p.platform = e.platform AND p.remote_id = e.remote_id AND p.seq < e.seq),"
    " want AS (SELECT DISTINCT ON (platform, remote_id) * FROM fold ORDER BY platform, remote_id, n DESC)"
    " SELECT coalesce (w.platform, s.platform), coalesce (w.remote_id, s.remote_id),"
    "        (w.platform IS NULL)::int, (s.platform IS NULL)::int, w.deleted, s.deleted,"
    "        w.edited, s.edited, w.text, s.text"
    " FROM want w FULL JOIN post_state s ON s.platform = w.platform AND s.remote_id = w.remote_id"
    " WHERE w.platform IS NULL OR s.platform IS NULL OR s.deleted <> w.deleted OR s.edited <> w.edited"
    " OR s.text IS DISTINCT FROM w.text OR s.spoiler IS DISTINCT FROM w.spoiler"
    " OR s.title IS DISTINCT FROM w.title OR s.tags IS DISTINCT FROM w.tags"
    " OR s.media IS DISTINCT FROM w.media"
    " ORDER BY 1, 2 LIMIT 1", 0, NULL, error);
  if (res == NULL)
    return FALSE;
  if (PQntuples (res) > 0)
    {
      *out_broken = describe_state_difference (res);
      return TRUE;
    }
  g_clear_pointer (&res, PQclear);

  /* annotations.override: the latest archived override of each post */
  res = _vigil_pg_exec_params (conn,
    "SELECT coalesce (a.post_id, l.post_id), a.override, l.label"
    " FROM (SELECT post_id, override FROM annotations WHERE override IS NOT NULL) a"
    " FULL JOIN (SELECT DISTINCT ON (post_id) post_id, nullif (label, 0) AS label"
    "            FROM sentiment_overrides ORDER BY post_id, id DESC) l ON a.post_id = l.post_id"
    " WHERE a.override IS DISTINCT FROM l.label ORDER BY 1 LIMIT 1", 0, NULL, error);
  if (res == NULL)
    return FALSE;
  if (PQntuples (res) > 0)
    {
      const char *have = PQgetisnull (res, 0, 1) ? "none"
                         : vigil_sentiment_to_string ((VigilSentiment) atoi (PQgetvalue (res, 0, 1)));
      const char *want = PQgetisnull (res, 0, 2) ? "none"
                         : vigil_sentiment_to_string ((VigilSentiment) atoi (PQgetvalue (res, 0, 2)));
      g_autofree char *ref = g_strdup_printf ("posts row %s", PQgetvalue (res, 0, 0));

      *out_broken = g_strdup_printf (_("derived table annotations was altered: %s shows the sentiment "
                                       "override %s, but the archived overrides say %s"),
                                     ref, have ? have : "?", want ? want : "?");
      return TRUE;
    }
  g_clear_pointer (&res, PQclear);

  /* the search index: each post's document, recomputed */
  if (!_vigil_pg_exec (conn, "DECLARE vigil_verify_fts NO SCROLL CURSOR FOR "
                       "SELECT p.id, coalesce (s.title, p.title), coalesce (s.spoiler, p.spoiler), "
                       "coalesce (s.text, p.text), p.author, p.author_name, coalesce (s.tags, p.tags), "
                       "f.doc::text, p.platform, p.remote_id FROM posts p "
                       "LEFT JOIN post_state s ON s.platform = p.platform AND s.remote_id = p.remote_id "
                       "LEFT JOIN posts_fts f ON f.post_id = p.id "
                       "WHERE NOT EXISTS (SELECT 1 FROM tombstones t WHERE t.tbl = 'posts' AND t.row_id = p.id) "
                       "ORDER BY p.id", error))
    return FALSE;
  for (;;)
    {
      g_autoptr(PGresult) page = _vigil_pg_exec_params (conn, "FETCH 2000 FROM vigil_verify_fts", 0, NULL, error);
      g_autoptr(GPtrArray) docs = g_ptr_array_new_with_free_func (g_free);
      g_autoptr(PGresult) cmp = NULL;
      g_autoptr(GString) sql = g_string_new ("SELECT v.i FROM (VALUES ");
      int n;

      if (page == NULL)
        return FALSE;
      if ((n = PQntuples (page)) == 0)
        break;
      for (int r = 0; r < n; r++)
        {
          _vigil_pg_fts_doc (doc, _vigil_pg_get (page, r, 1), _vigil_pg_get (page, r, 2),
                             _vigil_pg_get (page, r, 3), _vigil_pg_get (page, r, 4),
                             _vigil_pg_get (page, r, 5), _vigil_pg_get (page, r, 6));
          g_ptr_array_add (docs, g_strdup (doc->str));
          g_ptr_array_add (docs, g_strdup (_vigil_pg_get (page, r, 7)));
          g_string_append_printf (sql, "%s(%d, $%d::tsvector, $%d::tsvector)", r ? ", " : "", r,
                                  2 * r + 1, 2 * r + 2);
        }
      g_string_append (sql, ") AS v (i, want, have) WHERE v.have IS DISTINCT FROM v.want ORDER BY v.i LIMIT 1");
      cmp = _vigil_pg_exec_params (conn, sql->str, docs->len, (const char * const *) docs->pdata, error);
      if (cmp == NULL)
        return FALSE;
      if (PQntuples (cmp) > 0)
        {
          int r = (int) _vigil_pg_get_int (cmp, 0, 0);

          *out_broken = g_strdup_printf (_("posts_fts: the search index of posts row %s (%s %s) "
                                           "does not hold its current text (the derived table was altered)"),
                                         PQgetvalue (page, r, 0), PQgetvalue (page, r, 8),
                                         PQgetvalue (page, r, 9));
          return TRUE;
        }
    }
  return TRUE;
}

static gboolean
verify_on (PGconn                        *conn,
           const VigilStoreVerifyOptions *options,
           VigilStoreVerifyResult        *result,
           GError                       **error)
{
  g_autofree char *broken = NULL;
  guint8 audit_last[VIGIL_HASH_LEN] = { 0 };
  guint8 records_last[VIGIL_HASH_LEN] = { 0 };

  if (!_vigil_pg_exec (conn, "BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY", error))
    return FALSE;
  if (!walk_chain (conn, options, result, &broken, error))
    return FALSE;
  if (!broken && !_vigil_pg_journal_verify (conn, &result->records, records_last, &broken, error))
    return FALSE;
  if (!broken && !_vigil_pg_audit_verify (conn, &result->audit, audit_last, &broken, error))
    return FALSE;
  report (options, 0.5);
  if (!broken && !(options && options->chain_only))
    {
      if (!check_derived (conn, &broken, error))
        return FALSE;
      result->tampered_derived = broken != NULL;
    }
  if (broken)
    {
      result->ok = FALSE;
      g_clear_pointer (&result->head_hash, g_free);
      result->first_broken = g_steal_pointer (&broken);
      return TRUE;
    }
  result->ok = TRUE;
  result->audit_hash = result->audit > 0 ? _vigil_hash_to_hex (audit_last) : g_strdup ("");
  result->records_hash = result->records > 0 ? _vigil_hash_to_hex (records_last) : g_strdup ("");
  report (options, 1.0);
  return TRUE;
}

static gboolean
pg_store_verify_full (VigilStore                    *store,
                      const VigilStoreVerifyOptions *options,
                      VigilStoreVerifyResult        *result,
                      GError                       **error)
{
  PGconn *conn;
  gboolean ok;

  memset (result, 0, sizeof *result);
  if ((conn = _vigil_pg_store_connect (VIGIL_PG_STORE (store), error)) == NULL)
    return FALSE;
  ok = verify_on (conn, options, result, error);
  PQfinish (conn);
  return ok;
}

static gboolean
pg_store_verify (VigilStore              *store,
                 VigilStoreVerifyResult  *result,
                 GError                 **error)
{
  return pg_store_verify_full (store, NULL, result, error);
}

void
_vigil_pg_store_class_init_verify (VigilStoreClass *store_class)
{
  store_class->verify = pg_store_verify;
  store_class->verify_full = pg_store_verify_full;
}

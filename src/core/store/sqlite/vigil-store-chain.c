/* vigil-store-chain.c: the hash chain that makes the archive tamper-evident
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Every archived row (posts and events, in the one order they were archived,
 * numbered by their "seq" column) stores prev_hash, the hash of the row
 * archived before it (32 zero bytes for the first), and
 *
 *   hash = SHA-256 (label, prev_hash, the row's archived columns)
 *
 * where every part is length-prefixed and typed, so that no two different
 * rows serialise to the same bytes. The chain_head table records how many
 * rows the chain holds and the last hash, with a hash of its own.
 *
 * What this detects: a row changed by raw SQL (its hash no longer matches),
 * a row removed from the middle (the next row's seq and prev_hash no longer
 * follow), rows removed from the end (the head counts more rows than there
 * are), and a head changed alone.
 *
 * What it can't detect alone: someone with write access to the file who
 * rewrites the chain from the altered row to the end and the head,
 * consistently. Anchors do: a head hash kept outside the file (printed by
 * vigil-cli verify, given back with --expect-head HASH@ROW) or a checkpoint
 * MACed with a key from the Secret Service (src/core/archive). The walk
 * computes the head the chain had after each row, so an anchor taken at any
 * earlier row is checked too. A purged row (retention) keeps its hash and a
 * tombstone; its content is no longer checked, its place in the chain is.
 */
#define G_LOG_DOMAIN "vigil-store-chain"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "vigil-store-chain-hash.h"
#include "vigil-store-private.h"

static void
update_u64 (GChecksum *sum,
            guint64    value)
{
  guint8 buf[8];

  for (int i = 7; i >= 0; i--)
    {
      buf[i] = value & 0xff;
      value >>= 8;
    }
  g_checksum_update (sum, buf, sizeof buf);
}

static void
update_bytes (GChecksum  *sum,
              const void *data,
              gsize       len)
{
  update_u64 (sum, len);
  if (len > 0)
    g_checksum_update (sum, data, len);
}

void
_vigil_chain_hash_row (GChecksum             *sum,
                       const char            *label,
                       const guint8          *prev_hash,
                       const VigilChainField *fields,
                       guint                  n_fields,
                       guint8                *out_hash)
{
  gsize digest_len = VIGIL_HASH_LEN;

  g_checksum_reset (sum);
  update_bytes (sum, label, strlen (label));
  g_checksum_update (sum, prev_hash, VIGIL_HASH_LEN);
  update_u64 (sum, n_fields);

  for (guint i = 0; i < n_fields; i++)
    {
      guint8 type = (guint8) fields[i].type;

      g_checksum_update (sum, &type, 1);
      switch (fields[i].type)
        {
        case SQLITE_NULL:
          break;
        case SQLITE_INTEGER:
          update_u64 (sum, (guint64) fields[i].i);
          break;
        default:
          update_bytes (sum, fields[i].s, fields[i].len);
          break;
        }
    }

  g_checksum_get_digest (sum, out_hash, &digest_len);
  g_assert (digest_len == VIGIL_HASH_LEN);
}

gboolean
_vigil_chain_bind_fields (sqlite3_stmt          *stmt,
                          const VigilChainField *fields,
                          guint                  n_fields)
{
  for (guint i = 0; i < n_fields; i++)
    {
      int rc;

      switch (fields[i].type)
        {
        case SQLITE_INTEGER:
          rc = sqlite3_bind_int64 (stmt, i + 1, fields[i].i);
          break;
        case SQLITE_TEXT:
          rc = sqlite3_bind_text (stmt, i + 1, fields[i].s, fields[i].len, SQLITE_STATIC);
          break;
        default:
          rc = sqlite3_bind_null (stmt, i + 1);
          break;
        }
      if (rc != SQLITE_OK)
        return FALSE;
    }
  return TRUE;
}

/* Reads the archived columns of the current row as stored, whatever type
 * they hold now (a value whose type was changed no longer hashes the same). */
void
_vigil_chain_read_fields (sqlite3_stmt    *stmt,
                          VigilChainField *fields,
                          guint            n_fields)
{
  for (guint i = 0; i < n_fields; i++)
    {
      int type = sqlite3_column_type (stmt, i);

      fields[i].type = type;
      fields[i].i = 0;
      fields[i].s = NULL;
      fields[i].len = 0;
      switch (type)
        {
        case SQLITE_NULL:
          break;
        case SQLITE_INTEGER:
          fields[i].i = sqlite3_column_int64 (stmt, i);
          break;
        case SQLITE_BLOB:
          fields[i].s = sqlite3_column_blob (stmt, i);
          fields[i].len = sqlite3_column_bytes (stmt, i);
          break;
        default:
          fields[i].s = (const char *) sqlite3_column_text (stmt, i);
          fields[i].len = sqlite3_column_bytes (stmt, i);
          break;
        }
    }
}

char *
_vigil_store_format_time (gint64 us)
{
  g_autoptr(GDateTime) dt = _vigil_store_time_from_us (us);

  return dt ? g_date_time_format (dt, "%Y-%m-%d %H:%M:%S UTC") : g_strdup ("?");
}

/* "posts row 42 (mastodon 1093…, archived 2026-12-06 02:33:09 UTC)" */
static char *
describe_row (sqlite3_stmt *stmt,
              const char   *table,
              int           archived_column)
{
  const char *platform = (const char *) sqlite3_column_text (stmt, 2);
  const char *remote_id = (const char *) sqlite3_column_text (stmt, 3);
  g_autofree char *short_id = NULL;
  g_autofree char *when = NULL;

  if (remote_id != NULL && g_utf8_strlen (remote_id, -1) > 40)
    {
      g_autofree char *head = g_utf8_substring (remote_id, 0, 40);
      short_id = g_strconcat (head, "…", NULL);
    }
  else
    short_id = g_strdup (remote_id ? remote_id : "?");

  if (sqlite3_column_type (stmt, archived_column) == SQLITE_INTEGER)
    when = _vigil_store_format_time (sqlite3_column_int64 (stmt, archived_column));
  if (when)
    return g_strdup_printf (_("%s row %" G_GINT64_FORMAT " (%s %s, archived %s)"), table,
                            (gint64) sqlite3_column_int64 (stmt, 0),
                            platform ? platform : "?", short_id, when);
  return g_strdup_printf ("%s row %" G_GINT64_FORMAT " (%s %s)", table,
                          (gint64) sqlite3_column_int64 (stmt, 0),
                          platform ? platform : "?", short_id);
}

/* Names the row that holds chain position seq, in either table. */
static char *
describe_position (sqlite3    *db,
                   gint64      seq,
                   const char **out_table)
{
  static const struct { const char *table; const char *sql; int archived; } tables[] = {
    { "posts", "SELECT id, seq, platform, remote_id, archived_us FROM posts WHERE seq = ? LIMIT 1", 4 },
    { "events", "SELECT id, seq, platform, remote_id, archived_us FROM events WHERE seq = ? LIMIT 1", 4 },
  };

  for (guint i = 0; i < G_N_ELEMENTS (tables); i++)
    {
      sqlite3_stmt *stmt = NULL;
      char *found = NULL;

      if (sqlite3_prepare_v2 (db, tables[i].sql, -1, &stmt, NULL) != SQLITE_OK)
        continue;
      sqlite3_bind_int64 (stmt, 1, seq);
      if (sqlite3_step (stmt) == SQLITE_ROW)
        found = describe_row (stmt, tables[i].table, tables[i].archived);
      sqlite3_finalize (stmt);
      if (found)
        {
          *out_table = tables[i].table;
          return found;
        }
    }
  return NULL;
}

static gboolean
stored_hash (sqlite3_stmt *stmt,
             int           column,
             const guint8 **out)
{
  if (sqlite3_column_type (stmt, column) != SQLITE_BLOB
      || sqlite3_column_bytes (stmt, column) != VIGIL_HASH_LEN)
    return FALSE;
  *out = sqlite3_column_blob (stmt, column);
  return TRUE;
}

typedef struct
{
  sqlite3_stmt *stmt;
  const char   *table;
  const char   *label;
  guint         n_fields;
  int           archived_column;
  int           rc;
  guint64      *counter;
  guint         raw_column;
} Stream;

/* The purged rows (retention): their content is gone, their hash stays. */
static GHashTable *
load_tombstones (sqlite3     *db,
                 const char  *table,
                 GError     **error)
{
  g_autoptr(GHashTable) set = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, g_free);
  sqlite3_stmt *stmt;
  int rc;

  if (!(stmt = _vigil_store_prepare (db, "SELECT row_id, hash FROM tombstones WHERE tbl = ?", error)))
    return NULL;
  sqlite3_bind_text (stmt, 1, table, -1, SQLITE_STATIC);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      gint64 *id = g_new (gint64, 1);
      guint8 *hash = g_malloc0 (VIGIL_HASH_LEN);

      *id = sqlite3_column_int64 (stmt, 0);
      if (sqlite3_column_bytes (stmt, 1) == VIGIL_HASH_LEN)
        memcpy (hash, sqlite3_column_blob (stmt, 1), VIGIL_HASH_LEN);
      g_hash_table_insert (set, id, hash);
    }
  sqlite3_finalize (stmt);
  if (rc != SQLITE_DONE)
    {
      _vigil_store_set_error (error, db, _("Could not read the archive's tombstones"));
      return NULL;
    }
  return g_steal_pointer (&set);
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

void
_vigil_chain_report_progress (const VigilStoreVerifyOptions *options,
                              double                         fraction)
{
  if (options != NULL && options->progress != NULL)
    options->progress (CLAMP (fraction, 0.0, 1.0), options->progress_data);
}

gboolean
_vigil_chain_verify (sqlite3                       *db,
                     const VigilStoreVerifyOptions *options,
                     double                         progress_from,
                     double                         progress_to,
                     VigilStoreVerifyResult        *result,
                     GError                       **error)
{
  g_autoptr(GChecksum) sum = g_checksum_new (G_CHECKSUM_SHA256);
  g_autoptr(GPtrArray) anchors = g_ptr_array_new ();
  g_autoptr(GHashTable) tomb_posts = NULL;
  g_autoptr(GHashTable) tomb_events = NULL;
  GCancellable *cancellable = options ? options->cancellable : NULL;
  sqlite3_stmt *posts = NULL;
  sqlite3_stmt *events = NULL;
  sqlite3_stmt *head = NULL;
  VigilChainField fields[MAX (VIGIL_POSTS_N_CHAIN_COLUMNS, VIGIL_EVENTS_N_CHAIN_COLUMNS)];
  Stream streams[2];
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

  if (!(tomb_posts = load_tombstones (db, "posts", error))
      || !(tomb_events = load_tombstones (db, "events", error)))
    goto out;

  posts = _vigil_store_prepare (db, "SELECT " VIGIL_POSTS_CHAIN_COLUMNS ", prev_hash, hash "
                                    "FROM posts ORDER BY id", error);
  if (posts == NULL)
    goto out;
  events = _vigil_store_prepare (db, "SELECT " VIGIL_EVENTS_CHAIN_COLUMNS ", prev_hash, hash "
                                     "FROM events ORDER BY id", error);
  if (events == NULL)
    goto out;
  head = _vigil_store_prepare (db, "SELECT count, last_hash, head_hash FROM chain_head WHERE id = 1",
                               error);
  if (head == NULL)
    goto out;
  if (sqlite3_step (head) == SQLITE_ROW)
    total = MAX (1, sqlite3_column_int64 (head, 0));
  sqlite3_reset (head);

  streams[0] = (Stream) { posts, "posts", VIGIL_CHAIN_LABEL_POSTS, VIGIL_POSTS_N_CHAIN_COLUMNS,
                          VIGIL_POSTS_N_CHAIN_COLUMNS - 1, sqlite3_step (posts), &result->posts, 22 };
  streams[1] = (Stream) { events, "events", VIGIL_CHAIN_LABEL_EVENTS, VIGIL_EVENTS_N_CHAIN_COLUMNS,
                          12, sqlite3_step (events), &result->events, 13 };

  for (;;)
    {
      Stream *s;
      const guint8 *row_prev;
      const guint8 *row_hash;
      const guint8 *tomb_hash;
      gint64 seq;

      for (guint i = 0; i < 2; i++)
        if (streams[i].rc != SQLITE_ROW && streams[i].rc != SQLITE_DONE)
          {
            _vigil_store_set_error (error, db, _("Could not read the archive to verify it"));
            goto out;
          }

      if (streams[0].rc != SQLITE_ROW && streams[1].rc != SQLITE_ROW)
        break;
      if (streams[0].rc != SQLITE_ROW)
        s = &streams[1];
      else if (streams[1].rc != SQLITE_ROW)
        s = &streams[0];
      else
        s = sqlite3_column_int64 (posts, 1) <= sqlite3_column_int64 (events, 1)
            ? &streams[0] : &streams[1];

      if ((expected_seq & 4095) == 0)
        {
          if (g_cancellable_set_error_if_cancelled (cancellable, error))
            goto out;
          _vigil_chain_report_progress (options, progress_from + (progress_to - progress_from)
                                                 * (double) expected_seq / (double) total);
        }

      seq = sqlite3_column_int64 (s->stmt, 1);

      if (!stored_hash (s->stmt, s->n_fields, &row_prev)
          || !stored_hash (s->stmt, s->n_fields + 1, &row_hash))
        {
          g_autofree char *row = describe_row (s->stmt, s->table, s->archived_column);
          broken = g_strdup_printf (_("%s: its hash columns were altered"), row);
          break;
        }
      if (sqlite3_column_type (s->stmt, 1) != SQLITE_INTEGER || seq != (gint64) expected_seq)
        {
          const char *holder_table = NULL;
          g_autofree char *holder = describe_position (db, (gint64) expected_seq, &holder_table);
          g_autofree char *row = NULL;

          /* a swap: the row archived at this place sits further on in its
           * table; name the row of that table that took its place */
          for (guint i = 0; holder && i < 2; i++)
            if (streams[i].rc == SQLITE_ROW && g_strcmp0 (streams[i].table, holder_table) == 0)
              {
                s = &streams[i];
                seq = sqlite3_column_int64 (s->stmt, 1);
              }
          row = describe_row (s->stmt, s->table, s->archived_column);

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
          g_autofree char *row = describe_row (s->stmt, s->table, s->archived_column);
          broken = g_strdup_printf (_("%s: does not follow the row archived before it "
                                      "(that row or this one was altered)"), row);
          break;
        }

      tomb_hash = g_hash_table_lookup (s == &streams[0] ? tomb_posts : tomb_events,
                                       &(gint64) { sqlite3_column_int64 (s->stmt, 0) });
      if (tomb_hash != NULL)
        {
          /* purged by retention: the tombstone must keep the row's hash */
          if (memcmp (tomb_hash, row_hash, VIGIL_HASH_LEN) != 0)
            {
              g_autofree char *row = describe_row (s->stmt, s->table, s->archived_column);
              broken = g_strdup_printf (_("%s: purged, but its tombstone does not keep its hash "
                                          "(the row or the tombstone was altered)"), row);
              break;
            }
        }
      else
        {
          g_autofree char *unpacked = NULL;
          VigilChainField *raw = &fields[s->raw_column];

          _vigil_chain_read_fields (s->stmt, fields, s->n_fields);
          /* a packed payload is hashed as received; one that does not
           * unpack stays a BLOB, which no archived row hashes as */
          if (raw->type == SQLITE_BLOB
              && (unpacked = _vigil_store_raw_unpack (raw->s, raw->len,
                                                      s->raw_column == 22
                                                      ? (const char *[]) { fields[3].s, fields[4].s, fields[7].s, fields[8].s }
                                                      : (const char *[]) { fields[3].s, NULL, NULL, fields[6].s },
                                                      &raw->len)) != NULL)
            {
              raw->type = SQLITE_TEXT;
              raw->s = unpacked;
            }
          _vigil_chain_hash_row_fast (s->label, prev, fields, s->n_fields, computed);
          if (memcmp (row_hash, computed, VIGIL_HASH_LEN) != 0)
            {
              g_autofree char *row = describe_row (s->stmt, s->table, s->archived_column);
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
      s->rc = sqlite3_step (s->stmt);
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
      guint64 chain_rows = expected_seq - 1;
      const guint8 *head_last;
      const guint8 *head_hash;
      guint8 computed_head[VIGIL_HASH_LEN];
      gint64 head_count;
      int rc = sqlite3_step (head);

      if (rc != SQLITE_ROW)
        {
          if (rc != SQLITE_DONE)
            {
              _vigil_store_set_error (error, db, _("Could not read the archive's chain head"));
              goto out;
            }
          broken = g_strdup (_("chain head: missing (it was removed)"));
        }
      else if (!stored_hash (head, 1, &head_last) || !stored_hash (head, 2, &head_hash))
        broken = g_strdup (_("chain head: its hash columns were altered"));
      else
        {
          head_count = sqlite3_column_int64 (head, 0);
          _vigil_chain_hash_head (head_count, head_last, computed_head);
          if (memcmp (computed_head, head_hash, VIGIL_HASH_LEN) != 0)
            broken = g_strdup (_("chain head: its content does not match its hash (it was altered)"));
          else if (head_count > (gint64) chain_rows)
            broken = g_strdup_printf (_("chain head: the archive holds %" G_GUINT64_FORMAT
                                        " rows but %" G_GINT64_FORMAT " were archived "
                                        "(the last rows were removed)"),
                                      chain_rows, head_count);
          else if (head_count < (gint64) chain_rows)
            broken = g_strdup_printf (_("chain head: the archive holds %" G_GUINT64_FORMAT
                                        " rows but only %" G_GINT64_FORMAT " were archived "
                                        "(rows were added outside Vigil)"),
                                      chain_rows, head_count);
          else if (memcmp (head_last, prev, VIGIL_HASH_LEN) != 0)
            broken = g_strdup (_("chain head: the last archived row is not the one the head records"));
          else
            {
              g_autofree char *hex = _vigil_hash_to_hex (head_hash);

              /* anchors of the current head (rows 0) */
              for (guint i = 0; options != NULL && i < options->n_anchors && !broken; i++)
                {
                  const VigilStoreAnchor *anchor = &options->anchors[i];

                  if (anchor->head_hash == NULL || anchor->rows != 0)
                    continue;
                  if (g_ascii_strcasecmp (hex, anchor->head_hash) != 0)
                    broken = anchor_mismatch (anchor, chain_rows, hex);
                  else
                    result->anchors_checked++;
                }
              if (!broken)
                result->head_hash = g_steal_pointer (&hex);
            }
        }
    }

  result->ok = broken == NULL;
  result->first_broken = broken;
  ok = TRUE;

out:
  g_clear_pointer (&posts, sqlite3_finalize);
  g_clear_pointer (&events, sqlite3_finalize);
  g_clear_pointer (&head, sqlite3_finalize);
  return ok;
}

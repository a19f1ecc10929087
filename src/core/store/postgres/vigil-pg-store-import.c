/* vigil-pg-store-import.c: rows in and out of a team database, for vigil_store_migrate()
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * export_rows reads a table's columns in binary (so bytea and double come
 * back exactly), on the read connection. import_rows writes rows with their
 * original ids, seqs and hashes in one transaction on the writer: it locks
 * the head of each chain the rows belong to (FOR UPDATE, as every writer
 * does) and checks that they continue it, so rows archived meanwhile by a
 * workstation are never overwritten: the import fails with CONFLICT and
 * writes nothing. Table and column names come from the fixed list in
 * vigil-store-migrate.c, never from input.
 */
#define G_LOG_DOMAIN "vigil-pg-store-import"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "vigil-pg-store-private.h"
#include "vigil-store-migrate.h"

/* type oids (pg_type.h is server-side) */
#define BOOLOID    16
#define BYTEAOID   17
#define INT8OID    20
#define INT2OID    21
#define INT4OID    23
#define FLOAT4OID  700
#define FLOAT8OID  701

/* --- Export ---------------------------------------------------------------- */

static guint64
read_be (const char *p,
         int         n)
{
  guint64 v = 0;

  for (int i = 0; i < n; i++)
    v = (v << 8) | (guint8) p[i];
  return v;
}

static void
read_value (const PGresult  *res,
            int              row,
            int              col,
            VigilStoreValue *v)
{
  const char *p = PQgetvalue (res, row, col);
  int len = PQgetlength (res, row, col);

  if (PQgetisnull (res, row, col))
    {
      v->type = VIGIL_STORE_VALUE_NULL;
      return;
    }
  switch (PQftype (res, col))
    {
    case INT8OID:
      v->type = VIGIL_STORE_VALUE_INT;
      v->i = (gint64) read_be (p, 8);
      break;
    case INT4OID:
      v->type = VIGIL_STORE_VALUE_INT;
      v->i = (gint32) read_be (p, 4);
      break;
    case INT2OID:
      v->type = VIGIL_STORE_VALUE_INT;
      v->i = (gint16) read_be (p, 2);
      break;
    case BOOLOID:
      v->type = VIGIL_STORE_VALUE_INT;
      v->i = len > 0 && p[0] != 0;
      break;
    case FLOAT8OID:
    case FLOAT4OID:
      {
        union { guint64 u; double d; } u8;
        union { guint32 u; float f; } u4;

        v->type = VIGIL_STORE_VALUE_REAL;
        if (PQftype (res, col) == FLOAT8OID)
          {
            u8.u = read_be (p, 8);
            v->d = u8.d;
          }
        else
          {
            u4.u = (guint32) read_be (p, 4);
            v->d = u4.f;
          }
      }
      break;
    default:
      /* text, varchar, bytea: the bytes as they are */
      v->type = PQftype (res, col) == BYTEAOID ? VIGIL_STORE_VALUE_BLOB : VIGIL_STORE_VALUE_TEXT;
      v->len = len;
      v->s = g_malloc (len + 1);
      memcpy (v->s, p, len);
      v->s[len] = '\0';
      break;
    }
}

static GPtrArray *
pg_store_export_rows (VigilStore                  *store,
                      const VigilStoreExportQuery *query,
                      GError                     **error)
{
  VigilPgStore *self = VIGIL_PG_STORE (store);
  const VigilStoreTableSpec *t = query->table;
  g_autoptr(GString) sql = g_string_new (NULL);
  g_autoptr(PGresult) res = NULL;
  g_autoptr(GPtrArray) rows = NULL;
  g_autofree char *after = g_strdup_printf ("%" G_GINT64_FORMAT, query->after);
  g_autofree char *upto = g_strdup_printf ("%" G_GINT64_FORMAT, query->upto);
  const char *values[2] = { after, upto };
  int n_params = 0;
  PGconn *conn;

  g_string_append_printf (sql, "SELECT %s FROM %s", t->columns, t->name);
  if (t->key)
    {
      g_string_append_printf (sql, " WHERE %s > $1", t->key);
      n_params = 1;
      if (query->upto > 0)
        {
          g_string_append_printf (sql, " AND %s <= $2", t->key);
          n_params = 2;
        }
      g_string_append_printf (sql, " ORDER BY %s%s", t->key, query->descending ? " DESC" : "");
    }
  if (query->limit > 0)
    g_string_append_printf (sql, " LIMIT %u", query->limit);

  if (!(conn = _vigil_pg_store_read_begin (self, error)))
    return NULL;
  res = _vigil_pg_exec_params_full (conn, sql->str, n_params, values, NULL, NULL, 1, error);
  _vigil_pg_store_read_end (self);
  if (res == NULL)
    return NULL;
  if ((guint) PQnfields (res) != t->n_columns)
    {
      g_set_error (error, VIGIL_STORE_ERROR, VIGIL_STORE_ERROR_SQL,
                   _("The team database's table %s does not have the expected columns"), t->name);
      return NULL;
    }

  rows = g_ptr_array_new_full (PQntuples (res), (GDestroyNotify) vigil_store_row_free);
  for (int r = 0; r < PQntuples (res); r++)
    {
      VigilStoreRow *row = vigil_store_row_new (t);

      for (guint c = 0; c < t->n_columns; c++)
        read_value (res, r, c, &row->values[c]);
      g_ptr_array_add (rows, row);
    }
  return g_steal_pointer (&rows);
}

/* --- Import ---------------------------------------------------------------- */

typedef struct
{
  const char *head;
  gint64      count;
  guint8      last[VIGIL_HASH_LEN];
} HeadState;

/* INSERT of n_rows rows of t, in one statement */
static char *
build_insert (const VigilStoreTableSpec *t,
              guint                      n_rows)
{
  GString *sql = g_string_new (NULL);
  g_auto(GStrv) names = g_strsplit (t->columns, ",", -1);
  guint param = 1;

  g_string_append_printf (sql, "INSERT INTO %s (%s) OVERRIDING SYSTEM VALUE VALUES ", t->name, t->columns);
  for (guint r = 0; r < n_rows; r++)
    {
      g_string_append (sql, r ? ", (" : "(");
      for (guint i = 0; i < t->n_columns; i++)
        g_string_append_printf (sql, "%s$%u", i ? ", " : "", param++);
      g_string_append_c (sql, ')');
    }
  switch (t->on_conflict)
    {
    case VIGIL_STORE_CONFLICT_IGNORE:
      g_string_append_printf (sql, " ON CONFLICT (%s) DO NOTHING", t->conflict);
      break;
    case VIGIL_STORE_CONFLICT_UPDATE:
      g_string_append_printf (sql, " ON CONFLICT (%s) DO UPDATE SET ", t->conflict);
      for (guint i = 0; names[i]; i++)
        {
          const char *name = g_strstrip (names[i]);

          g_string_append_printf (sql, "%s%s = EXCLUDED.%s", i ? ", " : "", name, name);
        }
      break;
    default:
      break;
    }
  return g_string_free (sql, FALSE);
}

/* Locks the head (once per transaction) and returns its state. */
static HeadState *
lock_head (PGconn      *conn,
           GPtrArray   *heads,
           const char  *head,
           GError     **error)
{
  g_autofree char *sql = NULL;
  g_autoptr(PGresult) res = NULL;
  HeadState *state;

  for (guint i = 0; i < heads->len; i++)
    if (g_str_equal (((HeadState *) heads->pdata[i])->head, head))
      return heads->pdata[i];

  sql = g_strdup_printf ("SELECT count, last_hash FROM %s WHERE id = 1 FOR UPDATE", head);
  if (!(res = _vigil_pg_exec_params (conn, sql, 0, NULL, error)))
    return NULL;
  state = g_new0 (HeadState, 1);
  state->head = head;
  if (PQntuples (res) > 0)
    {
      state->count = _vigil_pg_get_int (res, 0, 0);
      if (!_vigil_pg_get_hash (res, 0, 1, state->last))
        memset (state->last, 0, VIGIL_HASH_LEN);
    }
  g_ptr_array_add (heads, state);
  return state;
}

static gboolean
follows (const VigilStoreRow *row,
         HeadState           *state)
{
  const VigilStoreTableSpec *t = row->table;
  const VigilStoreValue *seq = &row->values[t->seq_index];
  const VigilStoreValue *prev = &row->values[t->prev_index];
  const VigilStoreValue *hash = &row->values[t->hash_index];

  if (seq->type != VIGIL_STORE_VALUE_INT || seq->i != state->count + 1
      || prev->type != VIGIL_STORE_VALUE_BLOB || prev->len != VIGIL_HASH_LEN
      || memcmp (prev->s, state->last, VIGIL_HASH_LEN) != 0
      || hash->type != VIGIL_STORE_VALUE_BLOB || hash->len != VIGIL_HASH_LEN)
    return FALSE;
  state->count++;
  memcpy (state->last, hash->s, VIGIL_HASH_LEN);
  return TRUE;
}

/* A head row must leave the head where the rows brought it. */
static gboolean
head_matches (const VigilStoreRow *row,
              GPtrArray           *heads)
{
  const VigilStoreValue *count = &row->values[1];
  const VigilStoreValue *last = &row->values[2];

  for (guint i = 0; i < heads->len; i++)
    {
      HeadState *state = heads->pdata[i];

      if (g_str_equal (state->head, row->table->name))
        return count->type == VIGIL_STORE_VALUE_INT && count->i == state->count
               && last->len == VIGIL_HASH_LEN && memcmp (last->s, state->last, VIGIL_HASH_LEN) == 0;
    }
  /* no chained rows with it: an empty chain's head */
  return count->type == VIGIL_STORE_VALUE_INT && count->i == 0;
}

/* At most this many parameters in one statement (the protocol's limit is 65535) */
#define MAX_PARAMS 30000

/* Inserts rows[first, first + n) (one table) with one statement. */
static gboolean
insert_rows (PGconn     *conn,
             GPtrArray  *rows,
             guint       first,
             guint       n,
             GError    **error)
{
  const VigilStoreTableSpec *t = ((VigilStoreRow *) rows->pdata[first])->table;
  guint n_params = n * t->n_columns;
  g_autofree const char **values = g_new (const char *, n_params);
  g_autofree int *lengths = g_new0 (int, n_params);
  g_autofree int *formats = g_new0 (int, n_params);
  g_autoptr(GPtrArray) owned = g_ptr_array_new_with_free_func (g_free);
  g_autofree char *sql = build_insert (t, n);
  g_autoptr(PGresult) res = NULL;
  guint p = 0;

  for (guint r = first; r < first + n; r++)
    {
      const VigilStoreRow *row = rows->pdata[r];

      for (guint i = 0; i < row->n_values; i++, p++)
        {
          const VigilStoreValue *v = &row->values[i];
          char *text;

          switch (v->type)
            {
            case VIGIL_STORE_VALUE_NULL:
              values[p] = NULL;
              break;
            case VIGIL_STORE_VALUE_INT:
              values[p] = text = g_strdup_printf ("%" G_GINT64_FORMAT, v->i);
              g_ptr_array_add (owned, text);
              break;
            case VIGIL_STORE_VALUE_REAL:
              text = g_malloc (G_ASCII_DTOSTR_BUF_SIZE);
              values[p] = g_ascii_dtostr (text, G_ASCII_DTOSTR_BUF_SIZE, v->d);
              g_ptr_array_add (owned, text);
              break;
            case VIGIL_STORE_VALUE_BLOB:
              values[p] = v->s;
              lengths[p] = (int) v->len;
              formats[p] = 1;
              break;
            default:
              values[p] = v->s;
              break;
            }
        }
    }
  res = _vigil_pg_exec_params_full (conn, sql, n_params, values, lengths, formats, 0, error);
  return res != NULL;
}

/* The search index of the posts this import wrote, and of the posts whose
 * current state it wrote (post_state last_seq in [first_seq, last_seq]):
 * the document of their current content, as the writer makes it. */
static gboolean
index_imported (PGconn   *conn,
                GString  *post_ids,
                gint64    first_seq,
                gint64    last_seq,
                GError  **error)
{
  g_autofree char *ids = g_strdup_printf ("{%s}", post_ids->str);
  g_autofree char *first = g_strdup_printf ("%" G_GINT64_FORMAT, first_seq);
  g_autofree char *last = g_strdup_printf ("%" G_GINT64_FORMAT, last_seq);
  const char *values[] = { ids, first, last };
  g_autoptr(PGresult) res = NULL;
  g_autoptr(GString) doc = g_string_new (NULL);
  g_autoptr(GPtrArray) params = g_ptr_array_new_with_free_func (g_free);
  int n;

  res = _vigil_pg_exec_params (conn,
                               "SELECT p.id, coalesce (s.title, p.title), coalesce (s.spoiler, p.spoiler), "
                               "coalesce (s.text, p.text), p.author, p.author_name, coalesce (s.tags, p.tags) "
                               "FROM posts p LEFT JOIN post_state s "
                               "ON s.platform = p.platform AND s.remote_id = p.remote_id "
                               "WHERE p.id = ANY ($1::bigint[]) OR s.last_seq BETWEEN $2 AND $3",
                               3, values, error);
  if (res == NULL)
    return FALSE;
  n = PQntuples (res);
  for (int r = 0; r < n; r++)
    {
      _vigil_pg_fts_doc (doc, _vigil_pg_get (res, r, 1), _vigil_pg_get (res, r, 2),
                         _vigil_pg_get (res, r, 3), _vigil_pg_get (res, r, 4),
                         _vigil_pg_get (res, r, 5), _vigil_pg_get (res, r, 6));
      g_ptr_array_add (params, g_strdup (PQgetvalue (res, r, 0)));
      g_ptr_array_add (params, g_strdup (doc->str));
    }
  return _vigil_pg_multi_insert (conn, "INSERT INTO posts_fts (post_id, doc)", ",tsvector",
                                 "ON CONFLICT (post_id) DO UPDATE SET doc = excluded.doc",
                                 2, params, error);
}

static gboolean
import_run (VigilPgStore  *self,
            PGconn        *conn,
            gpointer       data,
            gpointer      *out_result,
            GError       **error)
{
  GPtrArray *rows = data;
  g_autoptr(GPtrArray) heads = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GHashTable) identity = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(GString) post_ids = g_string_new (NULL);
  gint64 first_seq = G_MAXINT64;
  gint64 last_seq = 0;
  gint64 n_posts = 0;

  if (!_vigil_pg_begin (conn, error))
    return FALSE;

  /* check every chained row against its head first: nothing is written
   * unless all of them follow */
  for (guint i = 0; i < rows->len; i++)
    {
      const VigilStoreRow *row = rows->pdata[i];
      const VigilStoreTableSpec *t = row->table;

      if (t->head)
        {
          HeadState *state = lock_head (conn, heads, t->head, error);

          if (state == NULL)
            goto fail;
          if (!follows (row, state))
            {
              g_autofree char *key = g_strdup_printf ("%" G_GINT64_FORMAT, row->values[0].i);

              g_set_error (error, VIGIL_STORE_ERROR, VIGIL_STORE_ERROR_CONFLICT,
                           _("The team database’s %s changed while copying (%s row %s no longer "
                             "follows its head); run the copy again"),
                           t->head, t->name, key);
              goto fail;
            }
        }
      else if (g_str_has_suffix (t->name, "_head") && !head_matches (row, heads))
        {
          g_set_error (error, VIGIL_STORE_ERROR, VIGIL_STORE_ERROR_INVALID,
                       _("The copy's %s does not match its rows"), t->name);
          goto fail;
        }
      if (g_str_equal (t->name, "posts"))
        {
          g_string_append_printf (post_ids, "%s%" G_GINT64_FORMAT, post_ids->len ? "," : "",
                                  row->values[0].i);
          n_posts++;
        }
      else if (g_str_equal (t->name, "post_state") && row->values[0].type == VIGIL_STORE_VALUE_INT)
        {
          first_seq = MIN (first_seq, row->values[0].i);
          last_seq = MAX (last_seq, row->values[0].i);
        }
      if (t->key && g_str_equal (t->key, "id") && t->on_conflict == VIGIL_STORE_CONFLICT_FAIL)
        g_hash_table_add (identity, (gpointer) t->name);
    }

  /* then the rows, a run of one table's rows per statement, in order */
  for (guint i = 0; i < rows->len;)
    {
      const VigilStoreTableSpec *t = ((VigilStoreRow *) rows->pdata[i])->table;
      guint max = MAX (1, MAX_PARAMS / t->n_columns);
      guint n = 1;

      while (i + n < rows->len && n < max && ((VigilStoreRow *) rows->pdata[i + n])->table == t)
        n++;
      if (!insert_rows (conn, rows, i, n, error))
        goto fail;
      i += n;
    }

  if ((post_ids->len > 0 || last_seq > 0)
      && !index_imported (conn, post_ids, first_seq == G_MAXINT64 ? 0 : first_seq, last_seq, error))
    goto fail;

  if (n_posts > 0)
    {
      g_autofree char *n = g_strdup_printf ("%" G_GINT64_FORMAT, n_posts);
      const char *values[] = { n };
      g_autoptr(PGresult) res = _vigil_pg_exec_params (conn, "UPDATE chain_head SET posts = posts + $1::bigint "
                                                       "WHERE id = 1", 1, values, error);
      if (res == NULL)
        goto fail;
    }

  /* the identity columns' sequences go on after the copied ids */
  {
    GHashTableIter iter;
    gpointer name;

    g_hash_table_iter_init (&iter, identity);
    while (g_hash_table_iter_next (&iter, &name, NULL))
      {
        g_autofree char *sql = g_strdup_printf ("SELECT setval (s, (SELECT max (id) FROM %s)) "
                                                "FROM pg_get_serial_sequence ('%s', 'id') s "
                                                "WHERE s IS NOT NULL", (char *) name, (char *) name);
        g_autoptr(PGresult) res = _vigil_pg_exec_params (conn, sql, 0, NULL, error);

        if (res == NULL)
          goto fail;
      }
  }

  return _vigil_pg_commit (conn, error);

fail:
  _vigil_pg_rollback (conn);
  return FALSE;
}

static gboolean
pg_store_import_rows (VigilStore  *store,
                      GPtrArray   *rows,
                      GError     **error)
{
  return _vigil_pg_store_write (VIGIL_PG_STORE (store), import_run, g_ptr_array_ref (rows),
                                (GDestroyNotify) g_ptr_array_unref, NULL, NULL, NULL, error);
}

void
_vigil_pg_store_class_init_import (VigilStoreClass *store_class)
{
  store_class->export_rows = pg_store_export_rows;
  store_class->import_rows = pg_store_import_rows;
}

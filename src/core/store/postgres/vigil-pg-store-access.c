/* vigil-pg-store-access.c: the access log, cursors, sentiment overrides and
 * alerts on PostgreSQL, and the audit chain that seals them
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * As the SQLite backend (sqlite/vigil-store-audit.c, -annotations.c): each
 * access_log, sentiment_overrides and alerts row is chained in audit_chain
 * in the transaction that writes it,
 *
 *   hash = SHA-256 ("vigil.audit.v1", prev_hash, table name, the row's columns)
 *
 * with the head (count, last hash) in audit_head, locked FOR UPDATE by each
 * writer so every workstation continues one chain. The columns are hashed
 * with the types SQLite gives them, so an archive copied from SQLite
 * verifies the same here: integers as integers, text as text, NULL as
 * NULL, and the alerts' doubles as SQLite renders a REAL as text (15
 * significant digits, always a decimal point: "0.5", "1.0e+15") with
 * SQLite's REAL type byte.
 *
 * The actor of the access log and of an override is the connection's
 * role, as for journal records (vigil-pg-store-journal.c), unless the role
 * is trusted. The access log is readable by compliance only (data/team/):
 * list_access fails for others with the database's refusal.
 */
#define G_LOG_DOMAIN "vigil-pg-store-access"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "vigil-pg-store-live.h"

#define VIGIL_CHAIN_LABEL_AUDIT "vigil.audit.v1"
/* SQLite's REAL type, as the audit chain hashes the alerts' doubles */
#define CHAIN_FLOAT 2
#define MAX_AUDIT_FIELDS 16

#define MAX_LOG_FIELD    256
#define MAX_LOG_DETAIL   (64 * 1024)
#define MAX_CURSOR       (64 * 1024)
#define MAX_ACTOR        256
#define MAX_DESCRIPTION  1024
#define MAX_OVERRIDE_IDS 100000

#define TRUSTED_SQL \
  "pg_has_role (session_user, (SELECT relowner FROM pg_class WHERE oid = 'records'::regclass), 'MEMBER')"

/* --- Helpers ------------------------------------------------------------- */

static char *
int_text (gint64 v)
{
  return g_strdup_printf ("%" G_GINT64_FORMAT, v);
}

/* A double as SQLite renders a REAL as text ("%!.15g"). */
char *
_vigil_pg_sqlite_real_text (double v)
{
  char buf[G_ASCII_DTOSTR_BUF_SIZE];
  const char *e;
  GString *out;

  g_ascii_formatd (buf, sizeof buf, "%.15g", v);
  if (strchr (buf, '.') || strstr (buf, "inf") || strstr (buf, "nan"))
    return g_strdup (buf);
  out = g_string_new (buf);
  e = strchr (buf, 'e');
  g_string_insert (out, e ? e - buf : (gssize) strlen (buf), ".0");
  return g_string_free (out, FALSE);
}

/* Cuts s to at most max bytes on a character boundary, valid UTF-8. */
static char *
bounded (const char *s,
         gsize       max)
{
  const char *end;

  if (s == NULL)
    return NULL;
  if (strlen (s) <= max)
    return g_utf8_make_valid (s, -1);
  end = g_utf8_find_prev_char (s, s + max + 1);
  return g_utf8_make_valid (s, end ? end - s : 0);
}

/* Inside the writer's transaction: whom the row is by (see the top). */
static char *
row_actor (PGconn      *conn,
           const char  *given,
           GError     **error)
{
  g_autoptr(PGresult) res = _vigil_pg_exec_params (conn, "SELECT session_user, " TRUSTED_SQL, 0, NULL,
                                                   error);

  if (res == NULL)
    return NULL;
  if (g_strcmp0 (_vigil_pg_get (res, 0, 1), "t") == 0)
    return g_strdup (given);
  return g_strdup (_vigil_pg_get (res, 0, 0));
}

/* Queues func on the writer, after the online check. */
static gboolean
write_person (VigilPgStore     *self,
              VigilPgWriteFunc  func,
              gpointer          data,
              GDestroyNotify    data_destroy,
              GTask            *task,
              GError          **error)
{
  if (!_vigil_pg_store_check_online (self, error, task))
    {
      data_destroy (data);
      return FALSE;
    }
  return _vigil_pg_store_write (self, func, data, data_destroy, NULL, task, NULL, error);
}

/* --- The audit chain ----------------------------------------------------- */

typedef struct
{
  PGconn  *conn;
  gint64   count;
  guint8   prev[VIGIL_HASH_LEN];
  GString *seqs;
  GString *tables;
  GString *row_ids;
  GString *prevs;
  GString *hashes;
} AuditBatch;

static void
hex_append (GString      *out,
            const guint8 *hash)
{
  for (guint i = 0; i < VIGIL_HASH_LEN; i++)
    g_string_append_printf (out, "%02x", hash[i]);
}

/* Locks the head (the writer's transaction). */
static gboolean
audit_begin (AuditBatch  *batch,
             PGconn      *conn,
             GError     **error)
{
  g_autoptr(PGresult) res = NULL;

  memset (batch, 0, sizeof *batch);
  batch->conn = conn;
  res = _vigil_pg_exec_params (conn, "SELECT count, last_hash FROM audit_head WHERE id = 1 FOR UPDATE",
                               0, NULL, error);
  if (res == NULL)
    return FALSE;
  if (PQntuples (res) != 1)
    {
      g_set_error (error, VIGIL_STORE_ERROR, VIGIL_STORE_ERROR_SQL, _("The audit chain’s head is missing"));
      return FALSE;
    }
  batch->count = _vigil_pg_get_int (res, 0, 0);
  if (batch->count > 0 && !_vigil_pg_get_hash (res, 0, 1, batch->prev))
    {
      g_set_error (error, VIGIL_STORE_ERROR, VIGIL_STORE_ERROR_TAMPERED,
                   _("The audit chain’s head has no valid hash: run verify"));
      return FALSE;
    }
  batch->seqs = g_string_new ("{");
  batch->tables = g_string_new ("{");
  batch->row_ids = g_string_new ("{");
  batch->prevs = g_string_new ("{");
  batch->hashes = g_string_new ("{");
  return TRUE;
}

static void
audit_clear (AuditBatch *batch)
{
  GString **strings[] = { &batch->seqs, &batch->tables, &batch->row_ids, &batch->prevs, &batch->hashes };

  for (guint i = 0; i < G_N_ELEMENTS (strings); i++)
    if (*strings[i] != NULL)
      {
        g_string_free (*strings[i], TRUE);
        *strings[i] = NULL;
      }
}

/* One row: row_fields are its columns, in the table's audit order. */
static void
audit_add (AuditBatch            *batch,
           const char            *table,
           gint64                 row_id,
           const VigilChainField *row_fields,
           guint                  n_fields)
{
  VigilChainField fields[MAX_AUDIT_FIELDS + 1];
  guint8 hash[VIGIL_HASH_LEN];
  const char *sep = batch->seqs->len > 1 ? "," : "";

  g_assert (n_fields <= MAX_AUDIT_FIELDS);
  vigil_chain_field_text (&fields[0], table);
  memcpy (fields + 1, row_fields, n_fields * sizeof *row_fields);
  _vigil_chain_hash_row_fast (VIGIL_CHAIN_LABEL_AUDIT, batch->prev, fields, n_fields + 1, hash);

  batch->count++;
  g_string_append_printf (batch->seqs, "%s%" G_GINT64_FORMAT, sep, batch->count);
  g_string_append_printf (batch->tables, "%s%s", sep, table);
  g_string_append_printf (batch->row_ids, "%s%" G_GINT64_FORMAT, sep, row_id);
  g_string_append (batch->prevs, sep);
  hex_append (batch->prevs, batch->prev);
  g_string_append (batch->hashes, sep);
  hex_append (batch->hashes, hash);
  memcpy (batch->prev, hash, VIGIL_HASH_LEN);
}

/* Writes the chained entries and the new head. */
static gboolean
audit_finish (AuditBatch  *batch,
              GError     **error)
{
  g_autoptr(PGresult) res = NULL;
  g_autofree char *count = int_text (batch->count);
  g_autofree char *last = _vigil_pg_bytea_hex (batch->prev, VIGIL_HASH_LEN);
  gboolean ok;

  g_string_append_c (batch->seqs, '}');
  g_string_append_c (batch->tables, '}');
  g_string_append_c (batch->row_ids, '}');
  g_string_append_c (batch->prevs, '}');
  g_string_append_c (batch->hashes, '}');
  {
    const char *values[5] = { batch->seqs->str, batch->tables->str, batch->row_ids->str,
                              batch->prevs->str, batch->hashes->str };

    res = _vigil_pg_exec_params (batch->conn,
                                 "INSERT INTO audit_chain (seq, tbl, row_id, prev_hash, hash) "
                                 "SELECT s, t, r, decode (p, 'hex'), decode (h, 'hex') FROM unnest "
                                 "($1::bigint[], $2::text[], $3::bigint[], $4::text[], $5::text[]) "
                                 "AS u (s, t, r, p, h)", 5, values, error);
  }
  ok = res != NULL;
  g_clear_pointer (&res, PQclear);
  if (ok)
    {
      const char *values[2] = { count, last };

      res = _vigil_pg_exec_params (batch->conn, "UPDATE audit_head SET count = $1, last_hash = $2 "
                                   "WHERE id = 1", 2, values, error);
      ok = res != NULL;
    }
  audit_clear (batch);
  return ok;
}

/* --- The access log ------------------------------------------------------ */

typedef struct
{
  char *actor;
  char *action;
  char *detail;
} LogEntry;

static void
log_entry_free (gpointer data)
{
  LogEntry *l = data;

  g_free (l->actor);
  g_free (l->action);
  g_free (l->detail);
  g_free (l);
}

static gboolean
log_write (VigilPgStore  *self,
           PGconn        *conn,
           gpointer       data,
           gpointer      *out_result,
           GError       **error)
{
  LogEntry *l = data;
  g_autofree char *actor = NULL;
  g_autofree char *at = int_text (g_get_real_time ());
  g_autoptr(PGresult) res = NULL;
  AuditBatch batch;
  VigilChainField fields[5];
  gboolean ok;

  if (!_vigil_pg_begin (conn, error) || !(actor = row_actor (conn, l->actor, error)))
    return FALSE;
  {
    const char *values[4] = { at, actor, l->action, l->detail };

    if (!(res = _vigil_pg_exec_params (conn, "INSERT INTO access_log (at_us, actor, action, detail) "
                                       "VALUES ($1, $2, $3, $4) RETURNING id", 4, values, error)))
      return FALSE;
  }
  if (!audit_begin (&batch, conn, error))
    return FALSE;
  vigil_chain_field_int (&fields[0], _vigil_pg_get_int (res, 0, 0));
  vigil_chain_field_int (&fields[1], g_ascii_strtoll (at, NULL, 10));
  vigil_chain_field_text (&fields[2], actor);
  vigil_chain_field_text (&fields[3], l->action);
  vigil_chain_field_text (&fields[4], l->detail);
  audit_add (&batch, "access_log", fields[0].i, fields, G_N_ELEMENTS (fields));
  ok = audit_finish (&batch, error);
  return ok && _vigil_pg_commit (conn, error);
}

gboolean
_vigil_pg_store_log_access (VigilStore  *store,
                            const char  *actor,
                            const char  *action,
                            const char  *detail,
                            GTask       *task,
                            GError     **error)
{
  LogEntry *l = g_new0 (LogEntry, 1);

  l->actor = bounded (actor && actor[0] ? actor : "?", MAX_LOG_FIELD);
  l->action = bounded (action && action[0] ? action : "?", MAX_LOG_FIELD);
  l->detail = bounded (detail, MAX_LOG_DETAIL);
  return write_person (VIGIL_PG_STORE (store), log_write, l, log_entry_free, task, error);
}

GPtrArray *
_vigil_pg_store_list_access (VigilStore  *store,
                             gint64       since_us,
                             gint64       until_us,
                             guint        limit,
                             GError     **error)
{
  VigilPgStore *self = VIGIL_PG_STORE (store);
  g_autofree char *since = int_text (since_us);
  g_autofree char *until = int_text (until_us);
  g_autofree char *limit_s = limit > 0 ? g_strdup_printf ("%u", limit) : NULL;
  const char *values[3] = { since, until, limit_s };
  g_autoptr(PGresult) res = NULL;
  GPtrArray *out;
  PGconn *conn;

  if (!(conn = _vigil_pg_store_read_begin (self, error)))
    return NULL;
  res = _vigil_pg_exec_params (conn, "SELECT id, at_us, actor, action, detail FROM access_log "
                               "WHERE at_us >= $1 AND ($2 = 0 OR at_us < $2) ORDER BY id "
                               "LIMIT $3::bigint", 3, values, error);
  _vigil_pg_store_read_end (self);
  if (res == NULL)
    return NULL;
  out = g_ptr_array_new_full (PQntuples (res), (GDestroyNotify) vigil_access_entry_free);
  for (int i = 0; i < PQntuples (res); i++)
    {
      VigilAccessEntry *entry = g_new0 (VigilAccessEntry, 1);

      entry->id = _vigil_pg_get_int (res, i, 0);
      entry->at_us = _vigil_pg_get_int (res, i, 1);
      entry->actor = g_strdup (_vigil_pg_get (res, i, 2));
      entry->action = g_strdup (_vigil_pg_get (res, i, 3));
      entry->detail = g_strdup (_vigil_pg_get (res, i, 4));
      g_ptr_array_add (out, entry);
    }
  return out;
}

/* --- Cursors ------------------------------------------------------------- */

typedef struct
{
  char *source;
  char *cursor;
} Cursor;

static void
cursor_free (gpointer data)
{
  Cursor *c = data;

  g_free (c->source);
  g_free (c->cursor);
  g_free (c);
}

static gboolean
cursor_write (VigilPgStore  *self,
              PGconn        *conn,
              gpointer       data,
              gpointer      *out_result,
              GError       **error)
{
  Cursor *c = data;
  g_autofree char *now = int_text (g_get_real_time ());
  const char *values[3] = { c->source, c->cursor, now };
  g_autoptr(PGresult) res = NULL;

  res = _vigil_pg_exec_params (conn, "INSERT INTO cursors (source, value, updated_us) VALUES ($1, $2, $3) "
                               "ON CONFLICT (source) DO UPDATE SET value = excluded.value, "
                               "updated_us = excluded.updated_us", 3, values, error);
  return res != NULL;
}

gboolean
_vigil_pg_store_set_cursor (VigilStore  *store,
                            const char  *source,
                            const char  *cursor,
                            GError     **error)
{
  Cursor *c;

  if (cursor != NULL && strlen (cursor) > MAX_CURSOR)
    {
      g_set_error (error, VIGIL_STORE_ERROR, VIGIL_STORE_ERROR_INVALID,
                   _("The cursor for %s is too long (%zu bytes, at most %d)"),
                   source, strlen (cursor), MAX_CURSOR);
      return FALSE;
    }
  c = g_new0 (Cursor, 1);
  c->source = g_strdup (source);
  c->cursor = g_strdup (cursor);
  /* not a person's action: a source's position, written when reachable */
  return _vigil_pg_store_write (VIGIL_PG_STORE (store), cursor_write, c, cursor_free, NULL, NULL,
                                NULL, error);
}

char *
_vigil_pg_store_get_cursor (VigilStore  *store,
                            const char  *source,
                            GError     **error)
{
  VigilPgStore *self = VIGIL_PG_STORE (store);
  const char *values[1] = { source };
  g_autoptr(PGresult) res = NULL;
  PGconn *conn;

  if (!(conn = _vigil_pg_store_read_begin (self, error)))
    return NULL;
  res = _vigil_pg_exec_params (conn, "SELECT value FROM cursors WHERE source = $1", 1, values, error);
  _vigil_pg_store_read_end (self);
  if (res == NULL || PQntuples (res) == 0)
    return NULL;
  return g_strdup (_vigil_pg_get (res, 0, 0));
}

/* --- Sentiment overrides ------------------------------------------------- */

typedef struct
{
  GString        *ids;     /* "{1,2,3}" */
  guint           n_ids;
  VigilSentiment  label;
  char           *actor;
} Override;

static void
override_free (gpointer data)
{
  Override *o = data;

  g_string_free (o->ids, TRUE);
  g_free (o->actor);
  g_free (o);
}

typedef struct
{
  gint64 id;
  gint64 post_id;
} OverrideRow;

static int
compare_override_rows (gconstpointer a,
                       gconstpointer b)
{
  gint64 x = ((const OverrideRow *) a)->id, y = ((const OverrideRow *) b)->id;

  return x < y ? -1 : x > y;
}

static gboolean
override_write (VigilPgStore  *self,
                PGconn        *conn,
                gpointer       data,
                gpointer      *out_result,
                GError       **error)
{
  Override *o = data;
  g_autofree char *actor = NULL;
  g_autofree char *now = int_text (g_get_real_time ());
  g_autofree char *label = g_strdup_printf ("%d", (int) o->label);
  g_autoptr(PGresult) res = NULL;
  AuditBatch batch;
  gint64 last_id = 0;

  if (!_vigil_pg_begin (conn, error) || !(actor = row_actor (conn, o->actor, error)))
    return FALSE;
  {
    const char *values[1] = { o->ids->str };

    if (!(res = _vigil_pg_exec_params (conn, "SELECT i FROM unnest ($1::bigint[]) AS u (i) WHERE NOT EXISTS "
                                       "(SELECT 1 FROM posts WHERE id = i) LIMIT 1", 1, values, error)))
      return FALSE;
    if (PQntuples (res) > 0)
      {
        g_set_error (error, VIGIL_STORE_ERROR, VIGIL_STORE_ERROR_SQL,
                     _("Post %s is not in the archive: no sentiment override was saved."),
                     _vigil_pg_get (res, 0, 0));
        return FALSE;
      }
    g_clear_pointer (&res, PQclear);
  }
  {
    const char *values[4] = { o->ids->str, label, actor, now };

    /* identities follow the insertion order: the chain follows the ids */
    if (!(res = _vigil_pg_exec_params (conn, "INSERT INTO sentiment_overrides (post_id, label, actor, at_us) "
                                       "SELECT i, $2::int, $3::text, $4::bigint FROM unnest ($1::bigint[]) WITH ORDINALITY "
                                       "AS u (i, n) ORDER BY n RETURNING id, post_id", 4, values, error)))
      return FALSE;
  }
  {
    g_autoptr(GArray) order = g_array_sized_new (FALSE, FALSE, sizeof (OverrideRow), PQntuples (res));

    for (int i = 0; i < PQntuples (res); i++)
      {
        OverrideRow row = { _vigil_pg_get_int (res, i, 0), _vigil_pg_get_int (res, i, 1) };

        g_array_append_val (order, row);
      }
    /* RETURNING gives no order: chain by id */
    g_array_sort (order, compare_override_rows);
    if (!audit_begin (&batch, conn, error))
      return FALSE;
    for (guint i = 0; i < order->len; i++)
      {
        const OverrideRow *row = &g_array_index (order, OverrideRow, i);
        VigilChainField fields[5];

        vigil_chain_field_int (&fields[0], row->id);
        vigil_chain_field_int (&fields[1], row->post_id);
        vigil_chain_field_int (&fields[2], o->label);
        vigil_chain_field_text (&fields[3], actor);
        vigil_chain_field_int (&fields[4], g_ascii_strtoll (now, NULL, 10));
        audit_add (&batch, "sentiment_overrides", fields[0].i, fields, G_N_ELEMENTS (fields));
      }
    if (!audit_finish (&batch, error))
      return FALSE;
  }
  g_clear_pointer (&res, PQclear);
  {
    const char *values[3] = { o->ids->str, o->label != VIGIL_SENTIMENT_NONE ? label : NULL, now };

    if (!(res = _vigil_pg_exec_params (conn, "INSERT INTO annotations (post_id, override, updated_us) "
                                       "SELECT DISTINCT i, $2::int, $3::bigint FROM unnest ($1::bigint[]) AS u (i) "
                                       "ON CONFLICT (post_id) DO UPDATE SET override = excluded.override, "
                                       "updated_us = excluded.updated_us", 3, values, error)))
      return FALSE;
  }
  if (!_vigil_pg_query_int (conn, "SELECT coalesce (max (id), 0) FROM posts", 0, NULL, &last_id, error)
      || !_vigil_pg_commit (conn, error))
    return FALSE;
  if (o->n_ids > 0)
    _vigil_pg_store_emit_changed (self, last_id, 0, o->n_ids);
  return TRUE;
}

gboolean
_vigil_pg_store_override_sentiment (VigilStore      *store,
                                    const gint64    *ids,
                                    guint            n_ids,
                                    VigilSentiment   label,
                                    const char      *actor,
                                    GTask           *task,
                                    GError         **error)
{
  GError *local_error = NULL;
  Override *o;

  if (actor == NULL || actor[0] == '\0')
    g_set_error (&local_error, VIGIL_STORE_ERROR, VIGIL_STORE_ERROR_SQL,
                 _("A sentiment override needs the name of the person who made it."));
  else if (label < VIGIL_SENTIMENT_NONE || label > VIGIL_SENTIMENT_POSITIVE)
    g_set_error (&local_error, VIGIL_STORE_ERROR, VIGIL_STORE_ERROR_SQL,
                 _("Unknown sentiment label %d in an override."), (int) label);
  else if (n_ids > MAX_OVERRIDE_IDS)
    g_set_error (&local_error, VIGIL_STORE_ERROR, VIGIL_STORE_ERROR_SQL,
                 _("Too many posts in one sentiment override (%u, at most %u): "
                   "override them in smaller selections."),
                 n_ids, (guint) MAX_OVERRIDE_IDS);
  if (local_error != NULL)
    return _vigil_pg_fail (task, error, local_error);

  o = g_new0 (Override, 1);
  o->ids = g_string_new ("{");
  for (guint i = 0; i < n_ids; i++)
    g_string_append_printf (o->ids, "%s%" G_GINT64_FORMAT, i ? "," : "", ids[i]);
  g_string_append_c (o->ids, '}');
  o->n_ids = n_ids;
  o->label = label;
  o->actor = g_utf8_make_valid (actor, MIN (strlen (actor), MAX_ACTOR));
  return write_person (VIGIL_PG_STORE (store), override_write, o, override_free, task, error);
}

GPtrArray *
_vigil_pg_store_get_sentiment_overrides (VigilStore  *store,
                                         gint64       post_id,
                                         GError     **error)
{
  VigilPgStore *self = VIGIL_PG_STORE (store);
  g_autofree char *id = int_text (post_id);
  const char *values[1] = { id };
  g_autoptr(PGresult) res = NULL;
  GPtrArray *out;
  PGconn *conn;

  if (!(conn = _vigil_pg_store_read_begin (self, error)))
    return NULL;
  res = _vigil_pg_exec_params (conn, "SELECT post_id, label, actor, at_us FROM sentiment_overrides "
                               "WHERE post_id = $1 ORDER BY id", 1, values, error);
  _vigil_pg_store_read_end (self);
  if (res == NULL)
    return NULL;
  out = g_ptr_array_new_full (PQntuples (res), (GDestroyNotify) vigil_sentiment_override_free);
  for (int i = 0; i < PQntuples (res); i++)
    {
      VigilSentimentOverride *o = g_new0 (VigilSentimentOverride, 1);
      gint64 label = _vigil_pg_get_int (res, i, 1);

      o->post_id = _vigil_pg_get_int (res, i, 0);
      o->label = (label >= VIGIL_SENTIMENT_NONE && label <= VIGIL_SENTIMENT_POSITIVE)
                 ? (VigilSentiment) label : VIGIL_SENTIMENT_NONE;
      o->actor = g_strdup (_vigil_pg_get (res, i, 2));
      o->at_us = _vigil_pg_get_int (res, i, 3);
      g_ptr_array_add (out, o);
    }
  return out;
}

/* --- Alerts -------------------------------------------------------------- */

#define ALERT_N_COLUMNS 15

static gboolean
alert_write (VigilPgStore  *self,
             PGconn        *conn,
             gpointer       data,
             gpointer      *out_result,
             GError       **error)
{
  const VigilAlertRecord *r = data;
  g_autofree char *description = r->description
                                 ? g_utf8_make_valid (r->description, MIN (strlen (r->description), MAX_DESCRIPTION))
                                 : NULL;
  gint64 now_us = g_get_real_time ();
  double doubles[4] = { r->negative_share, r->mean, r->stddev, r->z };
  char *text[ALERT_N_COLUMNS] = { NULL };
  g_autoptr(PGresult) res = NULL;
  VigilChainField fields[ALERT_N_COLUMNS];
  AuditBatch batch;
  gboolean ok = FALSE;

  /* the values as bound (doubles exactly: 17 digits round-trip) */
  text[1] = g_strdup (r->watch);
  text[2] = int_text (r->started_us);
  text[3] = int_text (r->updated_us);
  text[4] = int_text (r->window_start_us);
  text[5] = int_text (r->window_us);
  text[6] = int_text (r->count);
  for (guint i = 0; i < 4; i++)
    {
      char buf[G_ASCII_DTOSTR_BUF_SIZE];

      text[7 + i] = g_strdup (g_ascii_formatd (buf, sizeof buf, "%.17g", doubles[i]));
    }
  text[11] = int_text (r->severity);
  text[12] = int_text (r->ongoing ? 1 : 0);
  text[13] = g_strdup (description);
  text[14] = int_text (now_us);

  if (!_vigil_pg_begin (conn, error))
    goto out;
  res = _vigil_pg_exec_params (conn, "INSERT INTO alerts (watch, started_us, updated_us, window_start_us, "
                               "window_us, count, negative_share, mean, stddev, z, severity, ongoing, "
                               "description, archived_us) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, "
                               "$10, $11, $12, $13, $14) RETURNING id",
                               ALERT_N_COLUMNS - 1, (const char * const *) text + 1, error);
  if (res == NULL || !audit_begin (&batch, conn, error))
    goto out;

  /* as SQLite hashes the row it reads back */
  vigil_chain_field_int (&fields[0], _vigil_pg_get_int (res, 0, 0));
  vigil_chain_field_text (&fields[1], r->watch);
  for (guint i = 2; i <= 6; i++)
    vigil_chain_field_int (&fields[i], g_ascii_strtoll (text[i], NULL, 10));
  for (guint i = 0; i < 4; i++)
    {
      g_free (text[7 + i]);
      text[7 + i] = _vigil_pg_sqlite_real_text (doubles[i]);
      vigil_chain_field_text (&fields[7 + i], text[7 + i]);
      fields[7 + i].type = CHAIN_FLOAT;
    }
  vigil_chain_field_int (&fields[11], r->severity);
  vigil_chain_field_int (&fields[12], r->ongoing ? 1 : 0);
  vigil_chain_field_text (&fields[13], description);
  vigil_chain_field_int (&fields[14], now_us);
  audit_add (&batch, "alerts", fields[0].i, fields, ALERT_N_COLUMNS);
  ok = audit_finish (&batch, error) && _vigil_pg_commit (conn, error);

out:
  for (guint i = 0; i < ALERT_N_COLUMNS; i++)
    g_free (text[i]);
  return ok;
}

gboolean
_vigil_pg_store_archive_alert (VigilStore              *store,
                               const VigilAlertRecord  *record,
                               GTask                   *task,
                               GError                 **error)
{
  /* the monitor's, not a person's: written when the server is there */
  return _vigil_pg_store_write (VIGIL_PG_STORE (store), alert_write, vigil_alert_record_copy (record),
                                (GDestroyNotify) vigil_alert_record_free, NULL, task, NULL, error);
}

GPtrArray *
_vigil_pg_store_get_alerts (VigilStore  *store,
                            const char  *watch,
                            gint64       since_us,
                            guint        limit,
                            GError     **error)
{
  VigilPgStore *self = VIGIL_PG_STORE (store);
  g_autofree char *since = int_text (since_us);
  g_autofree char *limit_s = limit > 0 ? g_strdup_printf ("%u", limit) : NULL;
  const char *values[3] = { since, watch, limit_s };
  g_autoptr(PGresult) res = NULL;
  GPtrArray *out;
  PGconn *conn;

  if (!(conn = _vigil_pg_store_read_begin (self, error)))
    return NULL;
  res = _vigil_pg_exec_params (conn, "SELECT id, watch, started_us, updated_us, window_start_us, window_us, "
                               "count, negative_share, mean, stddev, z, severity, ongoing, description "
                               "FROM alerts WHERE updated_us >= $1 AND ($2::text IS NULL OR watch = $2) "
                               "ORDER BY updated_us DESC, id DESC LIMIT $3::bigint", 3, values, error);
  _vigil_pg_store_read_end (self);
  if (res == NULL)
    return NULL;
  out = g_ptr_array_new_full (PQntuples (res), (GDestroyNotify) vigil_alert_record_free);
  for (int i = 0; i < PQntuples (res); i++)
    {
      VigilAlertRecord *r = g_new0 (VigilAlertRecord, 1);

      r->id = _vigil_pg_get_int (res, i, 0);
      r->watch = g_strdup (_vigil_pg_get (res, i, 1));
      r->started_us = _vigil_pg_get_int (res, i, 2);
      r->updated_us = _vigil_pg_get_int (res, i, 3);
      r->window_start_us = _vigil_pg_get_int (res, i, 4);
      r->window_us = _vigil_pg_get_int (res, i, 5);
      r->count = (guint) CLAMP (_vigil_pg_get_int (res, i, 6), 0, G_MAXUINT);
      r->negative_share = g_ascii_strtod (PQgetvalue (res, i, 7), NULL);
      r->mean = g_ascii_strtod (PQgetvalue (res, i, 8), NULL);
      r->stddev = g_ascii_strtod (PQgetvalue (res, i, 9), NULL);
      r->z = g_ascii_strtod (PQgetvalue (res, i, 10), NULL);
      r->severity = (int) _vigil_pg_get_int (res, i, 11);
      r->ongoing = _vigil_pg_get_int (res, i, 12) != 0;
      r->description = g_strdup (_vigil_pg_get (res, i, 13));
      g_ptr_array_add (out, r);
    }
  return out;
}

/* --- Verify the audit chain ---------------------------------------------- */

#define VERIFY_BATCH 1000

/* Each audited table: its columns in hashing order, which are doubles, and
 * where its time and author are (for reports). */
typedef struct
{
  const char *table;
  const char *columns;
  guint       n_columns;
  guint       first_double;   /* 0: none; else columns [first, first + 4) */
  int         at_column;
  int         who_column;
} AuditTable;

static const AuditTable audit_tables[] = {
  { "sentiment_overrides", "id, post_id, label, actor, at_us", 5, 0, 4, 3 },
  { "alerts", "id, watch, started_us, updated_us, window_start_us, window_us, count, "
              "negative_share, mean, stddev, z, severity, ongoing, description, archived_us",
    15, 7, 14, -1 },
  { "access_log", "id, at_us, actor, action, detail", 5, 0, 1, 2 },
};

/* The row's fields as SQLite typed them (row: columns of res from col on). */
static void
audit_row_fields (const AuditTable *table,
                  const PGresult   *res,
                  int               row,
                  int               col,
                  VigilChainField  *fields,
                  char            **doubles)
{
  for (guint i = 0; i < table->n_columns; i++)
    {
      const char *v = _vigil_pg_get (res, row, col + i);
      Oid type = PQftype (res, col + i);

      if (v == NULL)
        vigil_chain_field_null (&fields[i]);
      else if (table->first_double && i >= table->first_double && i < table->first_double + 4)
        {
          doubles[i - table->first_double] = _vigil_pg_sqlite_real_text (g_ascii_strtod (v, NULL));
          vigil_chain_field_text (&fields[i], doubles[i - table->first_double]);
          fields[i].type = CHAIN_FLOAT;
        }
      else if (type == 20 || type == 23 || type == 21)   /* int8, int4, int2 */
        vigil_chain_field_int (&fields[i], g_ascii_strtoll (v, NULL, 10));
      else
        vigil_chain_field_text (&fields[i], v);
    }
}

static char *
format_time (gint64 us)
{
  g_autoptr(GDateTime) dt = g_date_time_new_from_unix_utc (us / G_USEC_PER_SEC);

  return dt ? g_date_time_format (dt, "%Y-%m-%d %H:%M:%S UTC") : g_strdup ("?");
}

/* "access_log row 12 (2026-12-06 02:33:09 UTC, by ana)" */
static char *
describe_audit_row (const AuditTable *table,
                    gint64            row_id,
                    const PGresult   *res,
                    int               row,
                    int               col)
{
  g_autofree char *id = int_text (row_id);
  g_autofree char *when = NULL;
  const char *who = NULL;

  if (res != NULL && _vigil_pg_get (res, row, col + table->at_column) != NULL)
    when = format_time (_vigil_pg_get_int (res, row, col + table->at_column));
  if (res != NULL && table->who_column >= 0)
    who = _vigil_pg_get (res, row, col + table->who_column);
  if (when && who)
    return g_strdup_printf (_("%s row %s (%s, by %s)"), table->table, id, when, who);
  if (when)
    return g_strdup_printf (_("%s row %s (%s)"), table->table, id, when);
  return g_strdup_printf (_("%s row %s"), table->table, id);
}

static char *
find_unchained (PGconn  *conn,
                GError **error)
{
  for (guint i = 0; i < G_N_ELEMENTS (audit_tables); i++)
    {
      const AuditTable *table = &audit_tables[i];
      g_autofree char *sql = g_strdup_printf ("SELECT %s FROM %s t WHERE NOT EXISTS (SELECT 1 FROM "
                                              "audit_chain c WHERE c.tbl = '%s' AND c.row_id = t.id) "
                                              "ORDER BY id LIMIT 1",
                                              table->columns, table->table, table->table);
      g_autoptr(PGresult) res = _vigil_pg_exec_params (conn, sql, 0, NULL, error);

      if (res == NULL)
        return NULL;
      if (PQntuples (res) > 0)
        {
          g_autofree char *row = describe_audit_row (table, _vigil_pg_get_int (res, 0, 0), res, 0, 0);

          return g_strdup_printf (_("%s: it is not in the audit chain (it was added outside Vigil)"), row);
        }
    }
  return NULL;
}

/* Walks the audit chain in the caller's read snapshot, as the SQLite
 * backend does and with its messages. */
gboolean
_vigil_pg_audit_verify (PGconn   *conn,
                        guint64  *out_count,
                        guint8   *out_last_hash,
                        char    **out_broken,
                        GError  **error)
{
  g_autoptr(GString) sql = g_string_new ("SELECT c.seq, c.tbl, c.row_id, c.prev_hash, c.hash");
  guint8 prev[VIGIL_HASH_LEN] = { 0 };
  int offsets[G_N_ELEMENTS (audit_tables)];
  gint64 expected = 1, after = 0;
  char *broken = NULL;
  gboolean more = TRUE;
  int col = 5;

  *out_broken = NULL;
  *out_count = 0;
  /* every audited table's columns, joined where the entry names it */
  for (guint t = 0; t < G_N_ELEMENTS (audit_tables); t++)
    {
      g_auto(GStrv) columns = g_strsplit (audit_tables[t].columns, ", ", -1);

      offsets[t] = col;
      for (guint i = 0; columns[i]; i++, col++)
        g_string_append_printf (sql, ", t%u.%s", t, columns[i]);
    }
  g_string_append (sql, " FROM audit_chain c");
  for (guint t = 0; t < G_N_ELEMENTS (audit_tables); t++)
    g_string_append_printf (sql, " LEFT JOIN %s t%u ON c.tbl = '%s' AND t%u.id = c.row_id",
                            audit_tables[t].table, t, audit_tables[t].table, t);
  g_string_append (sql, " WHERE c.seq > $1 ORDER BY c.seq LIMIT $2");

  while (more && broken == NULL)
    {
      g_autofree char *after_s = int_text (after);
      g_autofree char *batch_s = int_text (VERIFY_BATCH);
      const char *values[2] = { after_s, batch_s };
      g_autoptr(PGresult) res = _vigil_pg_exec_params (conn, sql->str, 2, values, error);

      if (res == NULL)
        return FALSE;
      more = PQntuples (res) == VERIFY_BATCH;
      for (int r = 0; r < PQntuples (res) && broken == NULL; r++)
        {
          gint64 seq = _vigil_pg_get_int (res, r, 0);
          const char *tbl = _vigil_pg_get (res, r, 1);
          gint64 row_id = _vigil_pg_get_int (res, r, 2);
          g_autofree char *seq_s = int_text (seq);
          g_autofree char *row_s = int_text (row_id);
          const AuditTable *table = NULL;
          guint8 stored[VIGIL_HASH_LEN], hash[VIGIL_HASH_LEN];
          int t;

          after = seq;
          for (t = 0; t < (int) G_N_ELEMENTS (audit_tables); t++)
            if (g_strcmp0 (audit_tables[t].table, tbl) == 0)
              {
                table = &audit_tables[t];
                break;
              }
          if (seq != expected)
            {
              g_autofree char *n = int_text (seq - expected);

              broken = g_strdup_printf (_("audit chain entry %s: %s entr(ies) before it were removed or moved"),
                                        seq_s, n);
            }
          else if (table == NULL)
            broken = g_strdup_printf (_("audit chain entry %s: names no audited table (it was altered)"), seq_s);
          else if (!_vigil_pg_get_hash (res, r, 3, stored) || memcmp (stored, prev, VIGIL_HASH_LEN) != 0)
            broken = g_strdup_printf (_("audit chain entry %s (%s row %s): it no longer follows the entry before it"),
                                      seq_s, table->table, row_s);
          else if (PQgetisnull (res, r, offsets[t]))
            broken = g_strdup_printf (_("%s row %s: it was removed (the audit chain holds it as entry %s)"),
                                      table->table, row_s, seq_s);
          else
            {
              VigilChainField fields[MAX_AUDIT_FIELDS + 1];
              char *doubles[4] = { NULL };

              vigil_chain_field_text (&fields[0], table->table);
              audit_row_fields (table, res, r, offsets[t], fields + 1, doubles);
              _vigil_chain_hash_row_fast (VIGIL_CHAIN_LABEL_AUDIT, prev, fields, table->n_columns + 1, hash);
              for (guint i = 0; i < G_N_ELEMENTS (doubles); i++)
                g_free (doubles[i]);
              if (!_vigil_pg_get_hash (res, r, 4, stored) || memcmp (stored, hash, VIGIL_HASH_LEN) != 0)
                {
                  g_autofree char *what = describe_audit_row (table, row_id, res, r, offsets[t]);

                  broken = g_strdup_printf (_("%s: its content does not match its hash (the row was altered)"),
                                            what);
                }
            }
          if (_vigil_pg_get_hash (res, r, 4, stored))
            memcpy (prev, stored, VIGIL_HASH_LEN);
          expected++;
        }
    }

  if (broken == NULL)
    {
      gint64 count;
      int head = _vigil_pg_check_head (conn, "audit_head", expected - 1, prev, &count, error);

      if (head < 0)
        return FALSE;
      if (head == 0)
        {
          g_autofree char *says = int_text (count);
          g_autofree char *follow = int_text (expected - 1);

          broken = g_strdup_printf (_("the audit chain's head says %s entr(ies) but %s follow one another: "
                                      "entries were removed or added at the end"), says, follow);
        }
      else if (head == 2)
        broken = g_strdup (_("the audit chain's head is missing (it was removed)"));
    }
  if (broken == NULL)
    {
      g_autoptr(GError) local_error = NULL;

      broken = find_unchained (conn, &local_error);
      if (local_error != NULL)
        {
          g_propagate_error (error, g_steal_pointer (&local_error));
          return FALSE;
        }
    }
  *out_broken = broken;
  *out_count = (guint64) (expected - 1);
  if (out_last_hash != NULL)
    memcpy (out_last_hash, prev, VIGIL_HASH_LEN);
  return TRUE;
}

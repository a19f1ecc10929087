/* vigil-pg-store-journal.c: the journal's records and the blobs (PostgreSQL)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The same records, chain and head as the SQLite backend
 * (sqlite/vigil-store-journal.c): label "vigil.records.v1", prev_hash →
 * hash over seq, kind, key, version, actor, at_us, body, hashed on the
 * client with the shared serialisation (vigil-store-chain-hash.h), so a
 * journal copied from SQLite keeps its chain and verify agrees on both.
 *
 * Who decides. Each append is one transaction on the writer's connection
 * that first locks the head row (journal_head id 1, SELECT … FOR UPDATE):
 * appenders on every workstation queue there, one at a time, and each reads
 * the key's current version after the previous one committed. So the
 * expected-version check is made by the database, in the transaction that
 * writes: when ten people claim one case at once, the first through the
 * lock appends version N+1 and the nine others find N+1 ≠ N and get
 * VIGIL_STORE_ERROR_CONFLICT, having written nothing. The unique (kind,
 * key, version) constraint backs it (a 23505 is a conflict too).
 *
 * Who did it. The actor archived is the connection's PostgreSQL role
 * (session_user), not a name the client typed, unless that role is trusted
 * (a member of the role owning the table: the ingest server, migrate, an
 * administrator), which acts for others ("inbox-rule"). The schema's
 * trigger refuses anything else, so a client can't forge it.
 *
 * The schema's trigger NOTIFYs "vigil_records" (payload: the seq) in the
 * append's transaction: the other workstations hear it when it commits
 * (vigil-pg-store-notify.c).
 *
 * A commit whose answer is lost with the connection may or may not have
 * happened: the append reconnects once and looks for its own record (seq
 * and hash) before answering, so the person is told the truth; when the
 * server stays away it answers UNAVAILABLE and the record, if it landed,
 * arrives with the catch-up after the reconnection.
 */
#define G_LOG_DOMAIN "vigil-pg-store-journal"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "vigil-pg-store-private.h"
#include "vigil-pg-store-live.h"

#define VIGIL_CHAIN_LABEL_RECORDS "vigil.records.v1"
#define RECORD_N_FIELDS 7

/* As the SQLite backend: bodies are documents, not archives of files. */
#define MAX_BLOB_BYTES (256 * 1024 * 1024)

#define RECORD_COLUMNS "seq, kind, key, version, actor, at_us, body"

/* Trusted: a member of the role owning records (superusers are members of
 * every role). The schema's actor trigger uses the same test. */
#define TRUSTED_SQL \
  "pg_has_role (session_user, (SELECT relowner FROM pg_class WHERE oid = 'records'::regclass), 'MEMBER')"

static void
record_fields (const VigilRecord *record,
               VigilChainField   *fields)
{
  vigil_chain_field_int (&fields[0], record->seq);
  vigil_chain_field_text (&fields[1], record->kind);
  vigil_chain_field_text (&fields[2], record->key);
  vigil_chain_field_int (&fields[3], record->version);
  vigil_chain_field_text (&fields[4], record->actor);
  vigil_chain_field_int (&fields[5], record->at_us);
  vigil_chain_field_text (&fields[6], record->body);
}

static void
conflict_error (GError            **error,
                const VigilRecord  *record,
                gint64              version,
                gint64              expected_version)
{
  g_autofree char *now = g_strdup_printf ("%" G_GINT64_FORMAT, version);
  g_autofree char *expected = g_strdup_printf ("%" G_GINT64_FORMAT, expected_version);

  g_set_error (error, VIGIL_STORE_ERROR, VIGIL_STORE_ERROR_CONFLICT,
               _("%s %s changed meanwhile (version %s, expected %s): reload it and try again"),
               record->kind, record->key, now, expected);
}

typedef struct
{
  VigilRecord *record;
  gint64       expected_version;
} Append;

static void
append_free (gpointer data)
{
  Append *a = data;

  vigil_record_free (a->record);
  g_free (a);
}

/* After a lost commit: did our record (seq, hash) land? -1: can't tell. */
static int
find_own_record (PGconn       *conn,
                 gint64        seq,
                 const guint8 *hash)
{
  g_autofree char *seq_s = g_strdup_printf ("%" G_GINT64_FORMAT, seq);
  const char *values[1] = { seq_s };
  g_autoptr(PGresult) res = NULL;
  guint8 found[VIGIL_HASH_LEN];

  if (!_vigil_pg_ensure_connected (conn, NULL))
    return -1;
  res = _vigil_pg_exec_params (conn, "SELECT hash FROM records WHERE seq = $1", 1, values, NULL);
  if (res == NULL)
    return -1;
  return PQntuples (res) == 1 && _vigil_pg_get_hash (res, 0, 0, found)
         && memcmp (found, hash, VIGIL_HASH_LEN) == 0;
}

/* The writer thread: one transaction. */
static gboolean
append_write (VigilPgStore  *self,
              PGconn        *conn,
              gpointer       data,
              gpointer      *out_result,
              GError       **error)
{
  Append *a = data;
  VigilRecord *record = a->record;
  VigilChainField fields[RECORD_N_FIELDS];
  guint8 prev[VIGIL_HASH_LEN] = { 0 };
  guint8 hash[VIGIL_HASH_LEN];
  g_autoptr(PGresult) head = NULL;
  g_autoptr(PGresult) res = NULL;
  g_autoptr(GError) local_error = NULL;
  g_autofree char *seq_s = NULL, *version_s = NULL, *at_s = NULL, *prev_hex = NULL, *hash_hex = NULL;
  gint64 count, version;
  int landed;

  if (!_vigil_pg_begin (conn, error))
    return FALSE;
  /* the head row serialises every appender, on every workstation */
  if (!(head = _vigil_pg_exec_params (conn, "SELECT count, last_hash, session_user, " TRUSTED_SQL
                                         " FROM journal_head WHERE id = 1 FOR UPDATE", 0, NULL, error)))
    return FALSE;
  if (PQntuples (head) != 1)
    {
      g_set_error (error, VIGIL_STORE_ERROR, VIGIL_STORE_ERROR_SQL, _("The journal’s head is missing"));
      return FALSE;
    }
  count = _vigil_pg_get_int (head, 0, 0);
  if (count > 0 && !_vigil_pg_get_hash (head, 0, 1, prev))
    {
      g_set_error (error, VIGIL_STORE_ERROR, VIGIL_STORE_ERROR_TAMPERED,
                   _("The journal’s head has no valid hash: run verify"));
      return FALSE;
    }
  if (g_strcmp0 (_vigil_pg_get (head, 0, 3), "t") != 0)
    {
      /* a person: the log records their database identity */
      g_free (record->actor);
      record->actor = g_strdup (_vigil_pg_get (head, 0, 2));
    }

  {
    const char *values[2] = { record->kind, record->key };

    if (!_vigil_pg_query_int (conn, "SELECT coalesce (max (version), 0) FROM records "
                              "WHERE kind = $1 AND key = $2", 2, values, &version, error))
      return FALSE;
  }
  if (a->expected_version != VIGIL_RECORD_ANY_VERSION && a->expected_version != version)
    {
      conflict_error (error, record, version, a->expected_version);
      return FALSE;
    }

  record->seq = count + 1;
  record->version = version + 1;
  record_fields (record, fields);
  _vigil_chain_hash_row_fast (VIGIL_CHAIN_LABEL_RECORDS, prev, fields, RECORD_N_FIELDS, hash);

  seq_s = g_strdup_printf ("%" G_GINT64_FORMAT, record->seq);
  version_s = g_strdup_printf ("%" G_GINT64_FORMAT, record->version);
  at_s = g_strdup_printf ("%" G_GINT64_FORMAT, record->at_us);
  prev_hex = _vigil_pg_bytea_hex (prev, VIGIL_HASH_LEN);
  hash_hex = _vigil_pg_bytea_hex (hash, VIGIL_HASH_LEN);
  {
    /* the schema's trigger NOTIFYs vigil_records with the seq */
    const char *values[9] = { seq_s, record->kind, record->key, version_s, record->actor, at_s,
                              record->body, prev_hex, hash_hex };
    const char *state;

    res = PQexecParams (conn, "INSERT INTO records (seq, kind, key, version, actor, at_us, "
                        "body, prev_hash, hash) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)",
                        9, NULL, values, NULL, NULL, 0);
    if (PQresultStatus (res) != PGRES_COMMAND_OK)
      {
        state = PQresultErrorField (res, PG_DIAG_SQLSTATE);
        /* unique (kind, key, version): another writer's N+1 got in first */
        if (g_strcmp0 (state, "23505") == 0 && a->expected_version != VIGIL_RECORD_ANY_VERSION)
          conflict_error (error, record, version + 1, a->expected_version);
        else
          _vigil_pg_set_error (error, conn, res, _("Could not append to the journal"));
        return FALSE;
      }
    g_clear_pointer (&res, PQclear);
  }
  {
    const char *values[2] = { seq_s, hash_hex };

    if (!(res = _vigil_pg_exec_params (conn, "UPDATE journal_head SET count = $1, last_hash = $2 "
                                       "WHERE id = 1", 2, values, error)))
      return FALSE;
  }

  if (!_vigil_pg_commit (conn, &local_error))
    {
      if (!g_error_matches (local_error, VIGIL_STORE_ERROR, VIGIL_STORE_ERROR_UNAVAILABLE))
        {
          g_propagate_error (error, g_steal_pointer (&local_error));
          return FALSE;
        }
      /* the answer was lost: find out whether it landed */
      landed = find_own_record (conn, record->seq, hash);
      if (landed != 1)
        {
          if (landed == 0)
            g_set_error (error, VIGIL_STORE_ERROR, VIGIL_STORE_ERROR_UNAVAILABLE,
                         _("The team database went away while saving: %s was not changed, try again"),
                         record->key);
          else
            _vigil_pg_store_set_unavailable (error, local_error->message);
          return FALSE;
        }
    }

  _vigil_pg_store_record_committed (self, record);
  *out_result = vigil_record_copy (record);
  return TRUE;
}

gboolean
_vigil_pg_store_append_record (VigilStore   *store,
                               VigilRecord  *record,
                               gint64        expected_version,
                               GTask        *task,
                               VigilRecord **out_record,
                               GError      **error)
{
  VigilPgStore *self = VIGIL_PG_STORE (store);
  Append *a;
  gpointer result = NULL;

  {
    GError *local_error = NULL;

    if (!_vigil_record_check_sizes (record, &local_error))
      return _vigil_pg_fail (task, error, local_error);
  }
  if (!_vigil_pg_store_check_online (self, error, task))
    return FALSE;

  a = g_new0 (Append, 1);
  a->record = vigil_record_copy (record);
  a->expected_version = expected_version;
  if (!_vigil_pg_store_write (self, append_write, a, append_free,
                              (GDestroyNotify) vigil_record_free, task, &result, error))
    return FALSE;
  if (task == NULL)
    {
      if (out_record != NULL)
        *out_record = result;
      else
        vigil_record_free (result);
    }
  return TRUE;
}

/* --- Reads --------------------------------------------------------------- */

VigilRecord *
_vigil_pg_row_to_record (const PGresult *res,
                         int             row)
{
  VigilRecord *record = vigil_record_new (_vigil_pg_get (res, row, 1), _vigil_pg_get (res, row, 2),
                                          _vigil_pg_get (res, row, 4), _vigil_pg_get_int (res, row, 5),
                                          _vigil_pg_get (res, row, 6));

  record->seq = _vigil_pg_get_int (res, row, 0);
  record->version = _vigil_pg_get_int (res, row, 3);
  return record;
}

/* Any connection (the caller holds it). */
GPtrArray *
_vigil_pg_read_records (PGconn      *conn,
                        const char  *kind,
                        const char  *key,
                        gint64       after_seq,
                        guint        limit,
                        GError     **error)
{
  g_autofree char *after = g_strdup_printf ("%" G_GINT64_FORMAT, after_seq);
  g_autofree char *limit_s = limit > 0 ? g_strdup_printf ("%u", limit) : NULL;
  const char *values[4] = { after, kind, key, limit_s };
  g_autoptr(PGresult) res = NULL;
  GPtrArray *records;

  res = _vigil_pg_exec_params (conn, "SELECT " RECORD_COLUMNS " FROM records WHERE seq > $1 "
                               "AND ($2::text IS NULL OR kind = $2) AND ($3::text IS NULL OR key = $3) "
                               "ORDER BY seq LIMIT $4::bigint", 4, values, error);
  if (res == NULL)
    return NULL;
  records = g_ptr_array_new_full (PQntuples (res), (GDestroyNotify) vigil_record_free);
  for (int i = 0; i < PQntuples (res); i++)
    g_ptr_array_add (records, _vigil_pg_row_to_record (res, i));
  return records;
}

GPtrArray *
_vigil_pg_store_list_records (VigilStore  *store,
                              const char  *kind,
                              const char  *key,
                              gint64       after_seq,
                              guint        limit,
                              GError     **error)
{
  VigilPgStore *self = VIGIL_PG_STORE (store);
  GPtrArray *records;
  PGconn *conn;

  if (!(conn = _vigil_pg_store_read_begin (self, error)))
    return NULL;
  records = _vigil_pg_read_records (conn, kind, key, after_seq, limit, error);
  _vigil_pg_store_read_end (self);
  return records;
}

/* --- Blobs --------------------------------------------------------------- */

typedef struct
{
  char   *kind;
  char   *key;
  GBytes *data;
} Blob;

static void
blob_free (gpointer data)
{
  Blob *b = data;

  g_free (b->kind);
  g_free (b->key);
  g_clear_pointer (&b->data, g_bytes_unref);
  g_free (b);
}

static gboolean
put_blob_write (VigilPgStore  *self,
                PGconn        *conn,
                gpointer       data,
                gpointer      *out_result,
                GError       **error)
{
  Blob *b = data;
  gsize len;
  gconstpointer bytes = g_bytes_get_data (b->data, &len);
  const char *values[3] = { b->kind, b->key, len ? bytes : "" };
  const int lengths[3] = { 0, 0, (int) len };
  const int formats[3] = { 0, 0, 1 };
  g_autoptr(PGresult) res = NULL;

  res = _vigil_pg_exec_params_full (conn, "INSERT INTO blobs (kind, key, data) VALUES ($1, $2, $3) "
                                    "ON CONFLICT (kind, key) DO UPDATE SET data = excluded.data",
                                    3, values, lengths, formats, 0, error);
  return res != NULL;
}

static gboolean
delete_blob_write (VigilPgStore  *self,
                   PGconn        *conn,
                   gpointer       data,
                   gpointer      *out_result,
                   GError       **error)
{
  Blob *b = data;
  const char *values[2] = { b->kind, b->key };
  g_autoptr(PGresult) res = NULL;

  res = _vigil_pg_exec_params (conn, "DELETE FROM blobs WHERE kind = $1 AND key = $2", 2, values, error);
  return res != NULL;
}

static gboolean
blob_write (VigilPgStore     *self,
            VigilPgWriteFunc  func,
            const char       *kind,
            const char       *key,
            GBytes           *data,
            GError          **error)
{
  Blob *b;

  if (!_vigil_pg_store_check_online (self, error, NULL))
    return FALSE;
  b = g_new0 (Blob, 1);
  b->kind = g_strdup (kind);
  b->key = g_strdup (key);
  b->data = data ? g_bytes_ref (data) : NULL;
  return _vigil_pg_store_write (self, func, b, blob_free, NULL, NULL, NULL, error);
}

gboolean
_vigil_pg_store_put_blob (VigilStore  *store,
                          const char  *kind,
                          const char  *key,
                          GBytes      *data,
                          GError     **error)
{
  if (g_bytes_get_size (data) > MAX_BLOB_BYTES)
    {
      g_set_error (error, VIGIL_STORE_ERROR, VIGIL_STORE_ERROR_INVALID,
                   _("%zu bytes is more than the archive keeps in one piece (256 MiB)"),
                   g_bytes_get_size (data));
      return FALSE;
    }
  return blob_write (VIGIL_PG_STORE (store), put_blob_write, kind, key, data, error);
}

gboolean
_vigil_pg_store_delete_blob (VigilStore  *store,
                             const char  *kind,
                             const char  *key,
                             GError     **error)
{
  return blob_write (VIGIL_PG_STORE (store), delete_blob_write, kind, key, NULL, error);
}

GBytes *
_vigil_pg_store_get_blob (VigilStore  *store,
                          const char  *kind,
                          const char  *key,
                          GError     **error)
{
  VigilPgStore *self = VIGIL_PG_STORE (store);
  const char *values[2] = { kind, key };
  g_autoptr(PGresult) res = NULL;
  GBytes *out = NULL;
  PGconn *conn;

  if (!(conn = _vigil_pg_store_read_begin (self, error)))
    return NULL;
  /* binary result: the bytes as they are */
  res = _vigil_pg_exec_params_full (conn, "SELECT data FROM blobs WHERE kind = $1 AND key = $2",
                                    2, values, NULL, NULL, 1, error);
  if (res != NULL && PQntuples (res) == 1 && !PQgetisnull (res, 0, 0))
    out = g_bytes_new (PQgetvalue (res, 0, 0), PQgetlength (res, 0, 0));
  _vigil_pg_store_read_end (self);
  if (res == NULL)
    return NULL;
  return out;
}

/* --- Verify -------------------------------------------------------------- */

#define VERIFY_BATCH 1000

/* Whether a chain's head row (table: journal_head, audit_head) says n rows
 * ending with last: 1 yes, 0 no (*out_count: what it says), 2 no head row,
 * -1 unreadable (error set). */
int
_vigil_pg_check_head (PGconn       *conn,
                      const char   *table,
                      gint64        n,
                      const guint8 *last,
                      gint64       *out_count,
                      GError      **error)
{
  g_autofree char *sql = g_strdup_printf ("SELECT count, last_hash FROM %s WHERE id = 1", table);
  g_autoptr(PGresult) res = _vigil_pg_exec_params (conn, sql, 0, NULL, error);
  guint8 stored[VIGIL_HASH_LEN];

  if (res == NULL)
    return -1;
  if (PQntuples (res) != 1)
    return 2;
  *out_count = _vigil_pg_get_int (res, 0, 0);
  return *out_count == n
         && (n == 0 || (_vigil_pg_get_hash (res, 0, 1, stored) && memcmp (stored, last, VIGIL_HASH_LEN) == 0));
}

/* Walks the journal's chain inside the caller's read transaction (a
 * snapshot), as the SQLite backend does and with its messages. Sets
 * *out_broken (NULL when intact), *out_count and the last hash. */
gboolean
_vigil_pg_journal_verify (PGconn   *conn,
                          guint64  *out_count,
                          guint8   *out_last_hash,
                          char    **out_broken,
                          GError  **error)
{
  guint8 prev[VIGIL_HASH_LEN] = { 0 };
  gint64 expected = 1, after = 0;
  char *broken = NULL;
  gboolean more = TRUE;

  *out_broken = NULL;
  *out_count = 0;
  while (more && broken == NULL)
    {
      g_autofree char *after_s = g_strdup_printf ("%" G_GINT64_FORMAT, after);
      g_autofree char *batch_s = g_strdup_printf ("%d", VERIFY_BATCH);
      const char *values[2] = { after_s, batch_s };
      g_autoptr(PGresult) res = NULL;

      res = _vigil_pg_exec_params (conn, "SELECT " RECORD_COLUMNS ", prev_hash, hash FROM records "
                                   "WHERE seq > $1 ORDER BY seq LIMIT $2", 2, values, error);
      if (res == NULL)
        return FALSE;
      more = PQntuples (res) == VERIFY_BATCH;
      for (int i = 0; i < PQntuples (res) && broken == NULL; i++)
        {
          g_autoptr(VigilRecord) record = _vigil_pg_row_to_record (res, i);
          VigilChainField fields[RECORD_N_FIELDS];
          guint8 hash[VIGIL_HASH_LEN], stored[VIGIL_HASH_LEN];
          g_autofree char *seq_s = g_strdup_printf ("%" G_GINT64_FORMAT, record->seq);

          after = record->seq;
          if (record->seq != expected)
            {
              g_autofree char *n = g_strdup_printf ("%" G_GINT64_FORMAT, record->seq - expected);

              broken = g_strdup_printf (_("journal record %s: %s record(s) before it are missing or were moved"),
                                        seq_s, n);
              break;
            }
          record_fields (record, fields);
          _vigil_chain_hash_row_fast (VIGIL_CHAIN_LABEL_RECORDS, prev, fields, RECORD_N_FIELDS, hash);
          if (!_vigil_pg_get_hash (res, i, 7, stored) || memcmp (stored, prev, VIGIL_HASH_LEN) != 0)
            broken = g_strdup_printf (_("journal record %s (%s %s): it no longer follows the record before it"),
                                      seq_s, record->kind, record->key);
          else if (!_vigil_pg_get_hash (res, i, 8, stored) || memcmp (stored, hash, VIGIL_HASH_LEN) != 0)
            broken = g_strdup_printf (_("journal record %s (%s %s, by %s): its content was altered"),
                                      seq_s, record->kind, record->key, record->actor);
          memcpy (prev, hash, VIGIL_HASH_LEN);
          expected++;
        }
    }

  if (broken == NULL)
    {
      gint64 count;
      int head = _vigil_pg_check_head (conn, "journal_head", expected - 1, prev, &count, error);

      if (head < 0)
        return FALSE;
      if (head == 0)
        {
          g_autofree char *says = g_strdup_printf ("%" G_GINT64_FORMAT, count);
          g_autofree char *follow = g_strdup_printf ("%" G_GINT64_FORMAT, expected - 1);

          broken = g_strdup_printf (_("the journal’s head says %s record(s) but %s follow one another: "
                                      "records were removed or added at the end"), says, follow);
        }
      else if (head == 2 && expected > 1)
        broken = g_strdup (_("the journal’s head is missing"));
    }
  *out_broken = broken;
  *out_count = (guint64) (expected - 1);
  if (out_last_hash != NULL)
    memcpy (out_last_hash, prev, VIGIL_HASH_LEN);
  return TRUE;
}

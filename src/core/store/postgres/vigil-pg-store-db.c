/* vigil-pg-store-db.c: libpq connections, statements and errors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "vigil-pg-store-db"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "vigil-pg-store-private.h"

static void
quiet_notice (void       *arg,
              const char *message)
{
  /* notices (e.g. "relation already exists, skipping") are not errors */
}

/* The server's message, first line only, without "ERROR:  ". */
static char *
server_message (PGconn         *conn,
                const PGresult *res)
{
  const char *msg = res ? PQresultErrorField (res, PG_DIAG_MESSAGE_PRIMARY) : NULL;
  char *copy;
  char *nl;

  if (msg == NULL || *msg == '\0')
    msg = res && *PQresultErrorMessage (res) ? PQresultErrorMessage (res)
          : conn ? PQerrorMessage (conn) : "";
  if (msg == NULL || *msg == '\0')
    msg = _("no message from the server");
  copy = g_strstrip (g_strdup (msg));
  if ((nl = strchr (copy, '\n')) != NULL)
    *nl = '\0';
  return copy;
}

void
_vigil_pg_set_error (GError         **error,
                     PGconn          *conn,
                     const PGresult  *res,
                     const char      *what)
{
  g_autofree char *msg = server_message (conn, res);
  const char *state = res ? PQresultErrorField (res, PG_DIAG_SQLSTATE) : NULL;

  if (conn == NULL || PQstatus (conn) != CONNECTION_OK)
    g_set_error (error, VIGIL_STORE_ERROR, VIGIL_STORE_ERROR_UNAVAILABLE,
                 _("The team database can’t be reached (%s): %s"), msg, what);
  else if (state && (g_str_equal (state, "40001") || g_str_equal (state, "40P01")))
    g_set_error (error, VIGIL_STORE_ERROR, VIGIL_STORE_ERROR_CONFLICT,
                 _("%s: another change got there first (%s)"), what, msg);
  else if (state && g_str_equal (state, "42501"))
    g_set_error (error, VIGIL_STORE_ERROR, VIGIL_STORE_ERROR_INVALID,
                 _("%s: your database role is not allowed to do this (%s)"), what, msg);
  else
    g_set_error (error, VIGIL_STORE_ERROR, VIGIL_STORE_ERROR_SQL,
                 "%s: %s", what, msg);
}

PGconn *
_vigil_pg_connect (const char  *conninfo,
                   const char  *password,
                   GError     **error)
{
  const char *keywords[5];
  const char *values[5];
  guint n = 0;
  PGconn *conn;

  /* dbname with expand_dbname: any URI or key=value string */
  keywords[n] = "dbname", values[n++] = conninfo;
  keywords[n] = "fallback_application_name", values[n++] = "vigil";
  keywords[n] = "connect_timeout", values[n++] = "10";
  if (password != NULL)
    keywords[n] = "password", values[n++] = password;
  keywords[n] = NULL, values[n] = NULL;
  conn = PQconnectdbParams (keywords, values, TRUE);
  if (conn == NULL || PQstatus (conn) != CONNECTION_OK)
    {
      g_autofree char *msg = g_strstrip (g_strdup (conn ? PQerrorMessage (conn) : "out of memory"));

      g_set_error (error, VIGIL_STORE_ERROR,
                   conn && PQconnectionNeedsPassword (conn) ? VIGIL_STORE_ERROR_OPEN
                   : VIGIL_STORE_ERROR_UNAVAILABLE,
                   _("Could not connect to the team database: %s"), msg);
      PQfinish (conn);
      return NULL;
    }
  PQsetNoticeProcessor (conn, quiet_notice, NULL);
  if (!_vigil_pg_exec (conn, "SET TIME ZONE 'UTC'; SET client_encoding = 'UTF8'", error))
    {
      PQfinish (conn);
      return NULL;
    }
  return conn;
}

gboolean
_vigil_pg_ensure_connected (PGconn  *conn,
                            GError **error)
{
  if (conn != NULL && PQstatus (conn) == CONNECTION_OK)
    return TRUE;
  if (conn != NULL)
    {
      PQreset (conn);
      if (PQstatus (conn) == CONNECTION_OK)
        {
          PQsetNoticeProcessor (conn, quiet_notice, NULL);
          return _vigil_pg_exec (conn, "SET TIME ZONE 'UTC'; SET client_encoding = 'UTF8'", error);
        }
    }
  _vigil_pg_set_error (error, conn, NULL, _("Could not reconnect"));
  return FALSE;
}

static gboolean
result_ok (PGresult *res)
{
  ExecStatusType status = PQresultStatus (res);

  return status == PGRES_COMMAND_OK || status == PGRES_TUPLES_OK;
}

gboolean
_vigil_pg_exec (PGconn      *conn,
                const char  *sql,
                GError     **error)
{
  g_autoptr(PGresult) res = PQexec (conn, sql);

  if (!result_ok (res))
    {
      _vigil_pg_set_error (error, conn, res, _("The team database refused a statement"));
      return FALSE;
    }
  return TRUE;
}

PGresult *
_vigil_pg_exec_params_full (PGconn              *conn,
                            const char          *sql,
                            int                  n_params,
                            const char * const  *values,
                            const int           *lengths,
                            const int           *formats,
                            int                  result_format,
                            GError             **error)
{
  PGresult *res = PQexecParams (conn, sql, n_params, NULL, values, lengths, formats,
                                result_format);

  if (!result_ok (res))
    {
      _vigil_pg_set_error (error, conn, res, _("The team database refused a statement"));
      PQclear (res);
      return NULL;
    }
  return res;
}

PGresult *
_vigil_pg_exec_params (PGconn              *conn,
                       const char          *sql,
                       int                  n_params,
                       const char * const  *values,
                       GError             **error)
{
  return _vigil_pg_exec_params_full (conn, sql, n_params, values, NULL, NULL, 0, error);
}

gboolean
_vigil_pg_query_int (PGconn              *conn,
                     const char          *sql,
                     int                  n_params,
                     const char * const  *values,
                     gint64              *out,
                     GError             **error)
{
  g_autoptr(PGresult) res = _vigil_pg_exec_params (conn, sql, n_params, values, error);

  *out = 0;
  if (res == NULL)
    return FALSE;
  if (PQntuples (res) > 0)
    *out = _vigil_pg_get_int (res, 0, 0);
  return TRUE;
}

gboolean
_vigil_pg_begin (PGconn  *conn,
                 GError **error)
{
  return _vigil_pg_exec (conn, "BEGIN", error);
}

gboolean
_vigil_pg_commit (PGconn  *conn,
                  GError **error)
{
  return _vigil_pg_exec (conn, "COMMIT", error);
}

void
_vigil_pg_rollback (PGconn *conn)
{
  if (conn != NULL && PQstatus (conn) == CONNECTION_OK
      && PQtransactionStatus (conn) != PQTRANS_IDLE)
    PQclear (PQexec (conn, "ROLLBACK"));
}

gint64
_vigil_pg_get_int (const PGresult *res,
                   int             row,
                   int             col)
{
  if (PQgetisnull (res, row, col))
    return 0;
  return g_ascii_strtoll (PQgetvalue (res, row, col), NULL, 10);
}

static int
hex_value (char c)
{
  if (c >= '0' && c <= '9')
    return c - '0';
  if (c >= 'a' && c <= 'f')
    return c - 'a' + 10;
  if (c >= 'A' && c <= 'F')
    return c - 'A' + 10;
  return -1;
}

gboolean
_vigil_pg_get_hash (const PGresult *res,
                    int             row,
                    int             col,
                    guint8         *out)
{
  const char *v = _vigil_pg_get (res, row, col);

  if (v == NULL || v[0] != '\\' || v[1] != 'x' || strlen (v) != 2 + 2 * VIGIL_HASH_LEN)
    return FALSE;
  v += 2;
  for (guint i = 0; i < VIGIL_HASH_LEN; i++)
    {
      int hi = hex_value (v[2 * i]);
      int lo = hex_value (v[2 * i + 1]);

      if (hi < 0 || lo < 0)
        return FALSE;
      out[i] = (hi << 4) | lo;
    }
  return TRUE;
}

char *
_vigil_pg_bytea_hex (const guint8 *data,
                     gsize         len)
{
  static const char digits[] = "0123456789abcdef";
  char *hex = g_malloc (len * 2 + 3);

  hex[0] = '\\';
  hex[1] = 'x';
  for (gsize i = 0; i < len; i++)
    {
      hex[2 + 2 * i] = digits[data[i] >> 4];
      hex[3 + 2 * i] = digits[data[i] & 0xf];
    }
  hex[2 + 2 * len] = '\0';
  return hex;
}

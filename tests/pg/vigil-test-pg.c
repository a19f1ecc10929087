/* vigil-test-pg.c: a fresh database per test on the server build-aux/test starts
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "vigil-test-pg.h"

#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

#define SKIP_REASON "VIGIL_TEST_PG_URI is not set: no PostgreSQL server to test against " \
                    "(build-aux/test starts one; or tests/pg/pg-server start DIR)"

gboolean
vigil_test_pg_available (void)
{
  const char *uri = g_getenv ("VIGIL_TEST_PG_URI");
  return uri != NULL && *uri != '\0';
}

void
vigil_test_pg_require (void)
{
  if (vigil_test_pg_available ())
    return;
  printf ("1..0 # SKIP " SKIP_REASON "\n");
  fflush (stdout);
  g_printerr ("%s\n", SKIP_REASON);
  exit (0);
}

/* uri with its database and user replaced (either may be NULL: kept). */
static char *
rebuild_uri (const char *uri,
             const char *dbname,
             const char *user)
{
  g_autofree char *errmsg = NULL;
  PQconninfoOption *options = PQconninfoParse (uri, &errmsg);
  GString *out = g_string_new ("postgresql:///");
  gboolean first = TRUE;

  if (options == NULL)
    g_error ("not a libpq URI: %s", errmsg ? errmsg : uri);
  for (PQconninfoOption *o = options; o->keyword != NULL; o++)
    {
      if (g_str_equal (o->keyword, "dbname") && dbname == NULL && o->val != NULL)
        dbname = o->val;
      if (g_str_equal (o->keyword, "user") && user == NULL && o->val != NULL)
        user = o->val;
    }
  if (dbname != NULL)
    g_string_append_uri_escaped (out, dbname, NULL, FALSE);
  for (PQconninfoOption *o = options; o->keyword != NULL; o++)
    {
      const char *value = o->val;

      if (g_str_equal (o->keyword, "dbname"))
        continue;
      if (g_str_equal (o->keyword, "user"))
        value = user;
      /* Another role than the URI's own has no password of its own here. */
      if (g_str_equal (o->keyword, "password") && user != NULL)
        {
          const char *orig = NULL;
          for (PQconninfoOption *u = options; u->keyword != NULL; u++)
            if (g_str_equal (u->keyword, "user"))
              orig = u->val;
          if (g_strcmp0 (orig, user) != 0)
            continue;
        }
      if (value == NULL || *value == '\0')
        continue;
      g_string_append_c (out, first ? '?' : '&');
      first = FALSE;
      g_string_append (out, o->keyword);
      g_string_append_c (out, '=');
      g_string_append_uri_escaped (out, value, NULL, FALSE);
    }
  PQconninfoFree (options);
  return g_string_free (out, FALSE);
}

char *
vigil_test_pg_dbname (const char *uri)
{
  g_autofree char *errmsg = NULL;
  PQconninfoOption *options = PQconninfoParse (uri, &errmsg);
  char *name = NULL;

  g_assert_nonnull (options);
  for (PQconninfoOption *o = options; o->keyword != NULL; o++)
    if (g_str_equal (o->keyword, "dbname"))
      name = g_strdup (o->val);
  PQconninfoFree (options);
  return name;
}

PGconn *
vigil_test_pg_connect (const char *uri)
{
  PGconn *conn = PQconnectdb (uri);

  if (PQstatus (conn) != CONNECTION_OK)
    g_error ("cannot connect to the test server: %s", PQerrorMessage (conn));
  /* Keep NOTICEs (CREATE … IF NOT EXISTS, DROP … CASCADE) off stdout/TAP. */
  vigil_test_pg_exec (conn, "SET client_min_messages = warning");
  return conn;
}

void
vigil_test_pg_exec (PGconn     *conn,
                    const char *sql)
{
  PGresult *res = PQexec (conn, sql);
  ExecStatusType status = PQresultStatus (res);

  if (status != PGRES_COMMAND_OK && status != PGRES_TUPLES_OK)
    g_error ("%s: %s", sql, PQerrorMessage (conn));
  PQclear (res);
}

gint64
vigil_test_pg_int (PGconn     *conn,
                   const char *sql)
{
  PGresult *res = PQexec (conn, sql);
  gint64 value;

  if (PQresultStatus (res) != PGRES_TUPLES_OK || PQntuples (res) < 1)
    g_error ("%s: %s", sql, PQerrorMessage (conn));
  value = g_ascii_strtoll (PQgetvalue (res, 0, 0), NULL, 10);
  PQclear (res);
  return value;
}

char *
vigil_test_pg_try (PGconn     *conn,
                   const char *sql)
{
  PGresult *res = PQexec (conn, sql);
  ExecStatusType status = PQresultStatus (res);
  char *state = NULL;

  if (status != PGRES_COMMAND_OK && status != PGRES_TUPLES_OK)
    {
      const char *code = PQresultErrorField (res, PG_DIAG_SQLSTATE);
      state = g_strdup (code ? code : "?????");
      g_test_message ("refused as expected? %s -> %s", sql, PQerrorMessage (conn));
    }
  PQclear (res);
  return state;
}

char *
vigil_test_pg_create_db (void)
{
  static gint counter;
  const char *base = g_getenv ("VIGIL_TEST_PG_URI");
  g_autoptr(PGconn) conn = NULL;
  g_autofree char *name = NULL;
  g_autofree char *sql = NULL;

  g_assert_true (vigil_test_pg_available ());
  name = g_strdup_printf ("vigil_t_%d_%d_%08x", (int) getpid (), g_atomic_int_add (&counter, 1),
                          g_random_int ());
  conn = vigil_test_pg_connect (base);
  sql = g_strdup_printf ("CREATE DATABASE %s", name);
  vigil_test_pg_exec (conn, sql);
  return rebuild_uri (base, name, NULL);
}

void
vigil_test_pg_drop_db (const char *uri)
{
  g_autoptr(PGconn) conn = vigil_test_pg_connect (g_getenv ("VIGIL_TEST_PG_URI"));
  g_autofree char *name = vigil_test_pg_dbname (uri);
  g_autofree char *sql = NULL;

  g_assert_true (g_str_has_prefix (name, "vigil_t_"));
  sql = g_strdup_printf ("DROP DATABASE IF EXISTS %s WITH (FORCE)", name);
  vigil_test_pg_exec (conn, sql);
}

void
vigil_test_pg_psql_file (const char *uri,
                         const char *path)
{
  const char *bindir = g_getenv ("VIGIL_TEST_PG_BINDIR");
  g_autofree char *psql = bindir ? g_build_filename (bindir, "psql", NULL) : g_strdup ("psql");
  const char *argv[] = { psql, "-X", "-q", "-v", "ON_ERROR_STOP=1", "-d", uri, "-f", path, NULL };
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  g_autoptr(GError) error = NULL;
  int status = 0;

  g_assert_true (g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_SEARCH_PATH, NULL, NULL,
                               &out, &err, &status, &error));
  g_assert_no_error (error);
  if (!g_spawn_check_wait_status (status, NULL))
    g_error ("psql -f %s failed: %s", path, err);
}

char *
vigil_test_pg_uri_as (const char *uri,
                      const char *role)
{
  return rebuild_uri (uri, NULL, role);
}

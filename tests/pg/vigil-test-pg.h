/* vigil-test-pg.h: a fresh database per test on the server build-aux/test starts
 *
 * build-aux/test starts one throwaway PostgreSQL server (tests/pg/pg-server)
 * and exports VIGIL_TEST_PG_URI, a superuser URI over its unix socket, where
 * every role is trusted. Each test creates its own database, so tests run in
 * parallel without seeing each other.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>
#include <libpq-fe.h>

G_BEGIN_DECLS

/* TRUE when VIGIL_TEST_PG_URI is set. */
gboolean    vigil_test_pg_available  (void);
/* When VIGIL_TEST_PG_URI is unset: prints a TAP "1..0 # SKIP" with the reason
 * and exits 0 (meson counts the test as skipped). Call it first in main(). */
void        vigil_test_pg_require    (void);
/* Creates a database with a unique name and returns a URI for it, as the
 * superuser (free with g_free). Drop it with vigil_test_pg_drop_db(). */
char       *vigil_test_pg_create_db  (void);
void        vigil_test_pg_drop_db    (const char *uri);
/* The same server and database as uri, as another role (trusted over the
 * socket: no password). */
char       *vigil_test_pg_uri_as     (const char *uri,
                                      const char *role);
/* The database name in uri. */
char       *vigil_test_pg_dbname     (const char *uri);

/* Runs the SQL file at path with psql (from VIGIL_TEST_PG_BINDIR, else
 * PATH) on uri, stopping at the first error, as IT would run data/team/. */
void        vigil_test_pg_psql_file  (const char *uri,
                                      const char *path);

/* Raw libpq, asserting success. */
PGconn     *vigil_test_pg_connect    (const char *uri);
void        vigil_test_pg_exec       (PGconn     *conn,
                                      const char *sql);
/* The first column of the first row as an integer. */
gint64      vigil_test_pg_int        (PGconn     *conn,
                                      const char *sql);
/* Runs sql and returns the SQLSTATE it failed with, or NULL when it worked
 * (free with g_free). */
char       *vigil_test_pg_try        (PGconn     *conn,
                                      const char *sql);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (PGconn, PQfinish)

G_END_DECLS

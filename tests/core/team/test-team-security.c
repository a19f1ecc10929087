/* test-team-security.c: what a team database enforces, whatever the client
 *
 * Against the real PostgreSQL server build-aux/test starts: each test makes
 * a database owned by vigil_owner, lets Vigil create its tables there,
 * applies data/team/grants.sql with psql exactly as IT would (README, "Team
 * mode"), and gives three people their own login roles: a team member, an HR
 * researcher and a compliance officer. Then it tries, with raw SQL over
 * libpq, what the client would never offer.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include "store-test-util.h"
#include "vigil-test-pg.h"

/* SQLSTATE of "insufficient privilege" (grants, RLS, Vigil's triggers). */
#define REFUSED "42501"

typedef struct
{
  char *db;              /* superuser URI of the test's database */
  char *owner;           /* URIs as each role */
  char *member;
  char *member2;
  char *hr;
  char *compliance;
  char *member_role;     /* the member's role name */
  char *hr_role;
} Team;

/* From the command line (meson): --team-sql=DIR (data/team) and
 * --cli=PATH (vigil-cli). */
static const char *team_sql_dir;
static const char *cli_path;

static const char *
data_dir (void)
{
  return team_sql_dir;
}

static void
run_psql (const char *uri,
          const char *file)
{
  g_autofree char *path = g_build_filename (data_dir (), file, NULL);

  vigil_test_pg_psql_file (uri, path);
}

static char *
make_role (PGconn     *admin,
           const char *db,
           const char *name,
           const char *team)
{
  g_autofree char *role = g_strdup_printf ("%s_%s", db, name);
  g_autofree char *sql = g_strdup_printf ("CREATE ROLE %s LOGIN IN ROLE %s", role, team);

  vigil_test_pg_exec (admin, sql);
  return g_steal_pointer (&role);
}

static void
team_init (Team *team)
{
  g_autoptr(PGconn) admin = vigil_test_pg_connect (g_getenv ("VIGIL_TEST_PG_URI"));
  g_autoptr(GError) error = NULL;
  g_autoptr(VigilStore) store = NULL;
  g_autofree char *name = NULL;
  g_autofree char *sql = NULL;
  g_autofree char *compliance_role = NULL;
  g_autofree char *member2_role = NULL;

  g_assert_nonnull (data_dir ());
  /* roles.sql once per cluster; the tests run in parallel: one at a time */
  vigil_test_pg_exec (admin, "SELECT pg_advisory_lock (7411)");
  run_psql (g_getenv ("VIGIL_TEST_PG_URI"), "roles.sql");
  vigil_test_pg_exec (admin, "SELECT pg_advisory_unlock (7411)");

  team->db = vigil_test_pg_create_db ();
  name = vigil_test_pg_dbname (team->db);
  sql = g_strdup_printf ("ALTER DATABASE %s OWNER TO vigil_owner", name);
  vigil_test_pg_exec (admin, sql);
  team->owner = vigil_test_pg_uri_as (team->db, "vigil_owner");

  /* Vigil creates its tables when the owner connects */
  store = vigil_store_open (team->owner, &error);
  g_assert_no_error (error);
  g_assert_finalize_object (g_steal_pointer (&store));
  run_psql (team->owner, "grants.sql");

  team->member_role = make_role (admin, name, "ana", "vigil_member");
  member2_role = make_role (admin, name, "bo", "vigil_member");
  team->hr_role = make_role (admin, name, "hanna", "vigil_hr");
  compliance_role = make_role (admin, name, "carl", "vigil_compliance");
  team->member = vigil_test_pg_uri_as (team->db, team->member_role);
  team->member2 = vigil_test_pg_uri_as (team->db, member2_role);
  team->hr = vigil_test_pg_uri_as (team->db, team->hr_role);
  team->compliance = vigil_test_pg_uri_as (team->db, compliance_role);
}

static void
team_clear (Team *team)
{
  if (team->db != NULL)
    vigil_test_pg_drop_db (team->db);
  g_free (team->db);
  g_free (team->owner);
  g_free (team->member);
  g_free (team->member2);
  g_free (team->hr);
  g_free (team->compliance);
  g_free (team->member_role);
  g_free (team->hr_role);
  memset (team, 0, sizeof *team);
}
G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Team, team_clear)

static VigilStore *
open_as (const char *uri)
{
  g_autoptr(GError) error = NULL;
  VigilStore *store = vigil_store_open (uri, &error);

  g_assert_no_error (error);
  return store;
}

static void
assert_refused (PGconn     *conn,
                const char *sql)
{
  g_autofree char *state = vigil_test_pg_try (conn, sql);

  if (state == NULL)
    g_error ("the database accepted: %s", sql);
  g_assert_cmpstr (state, ==, REFUSED);
}

static void
append_ok (VigilStore *store,
           const char *kind,
           const char *key,
           const char *body)
{
  g_autoptr(GError) error = NULL;

  g_assert_true (vigil_store_append_record (store, kind, key, 0, "someone", 0, body, NULL, &error));
  g_assert_no_error (error);
}

/* A role without HR rights never sees a dossier: not through Vigil, not
 * with raw SQL, not by switching row security off or becoming HR. */
static void
test_dossier_hr_only (void)
{
  g_auto(Team) team = { 0 };
  g_autoptr(VigilStore) hr = NULL;
  g_autoptr(VigilStore) member = NULL;
  g_autoptr(PGconn) raw = NULL;
  g_autoptr(PGconn) raw_hr = NULL;
  g_autoptr(PGconn) raw_compliance = NULL;
  g_autoptr(GBytes) sealed = g_bytes_new_static ("sealed original", 15);
  g_autoptr(GBytes) got = NULL;
  g_autoptr(GPtrArray) seen = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *sql = NULL;

  team_init (&team);
  hr = open_as (team.hr);
  append_ok (hr, "dossier", "d1", "{\"event\":\"created\",\"subject\":\"candidate 7\"}");
  g_assert_true (vigil_store_put_blob (hr, "dossier-original", "d1/0/text", sealed, &error));
  g_assert_no_error (error);
  seen = vigil_store_list_records (hr, "dossier", NULL, 0, 0, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (seen->len, ==, 1);
  g_clear_pointer (&seen, g_ptr_array_unref);

  /* the member works as usual, and Vigil shows no dossier */
  member = open_as (team.member);
  append_ok (member, "case", "c1", "{\"state\":\"new\"}");
  seen = vigil_store_list_records (member, "dossier", NULL, 0, 0, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (seen->len, ==, 0);
  g_clear_pointer (&seen, g_ptr_array_unref);
  seen = vigil_store_list_records (member, NULL, NULL, 0, 0, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (seen->len, ==, 1);
  got = vigil_store_get_blob (member, "dossier-original", "d1/0/text", &error);
  g_assert_no_error (error);
  g_assert_null (got);

  /* raw SQL as the member */
  raw = vigil_test_pg_connect (team.member);
  g_assert_cmpint (vigil_test_pg_int (raw, "SELECT count(*) FROM records WHERE kind = 'dossier'"), ==, 0);
  g_assert_cmpint (vigil_test_pg_int (raw, "SELECT count(*) FROM records"), ==, 1);
  g_assert_cmpint (vigil_test_pg_int (raw, "SELECT count(*) FROM blobs"), ==, 0);
  assert_refused (raw, "INSERT INTO records (seq, kind, key, version, actor, at_us, body, prev_hash, hash) "
                       "VALUES (99, 'dossier', 'd1', 2, 'x', 1, '{}', '\\x00', '\\x00')");
  assert_refused (raw, "INSERT INTO blobs (kind, key, data) VALUES ('dossier-original', 'd1/0/text', '\\x00')");
  assert_refused (raw, "ALTER TABLE records DISABLE ROW LEVEL SECURITY");
  assert_refused (raw, "DROP POLICY records_read ON records");
  sql = g_strdup_printf ("SET ROLE %s", team.hr_role);
  assert_refused (raw, sql);
  assert_refused (raw, "SET ROLE vigil_hr");
  assert_refused (raw, "SET ROLE vigil_owner");
  /* with row security off, a query it would filter fails instead */
  vigil_test_pg_exec (raw, "SET row_security = off");
  assert_refused (raw, "SELECT body FROM records");
  vigil_test_pg_exec (raw, "RESET row_security");

  /* compliance is not HR either */
  raw_compliance = vigil_test_pg_connect (team.compliance);
  g_assert_cmpint (vigil_test_pg_int (raw_compliance, "SELECT count(*) FROM records WHERE kind = 'dossier'"),
                   ==, 0);

  /* HR sees it all */
  raw_hr = vigil_test_pg_connect (team.hr);
  g_assert_cmpint (vigil_test_pg_int (raw_hr, "SELECT count(*) FROM records WHERE kind = 'dossier'"), ==, 1);
  g_assert_cmpint (vigil_test_pg_int (raw_hr, "SELECT count(*) FROM blobs"), ==, 1);
}

/* An archived post can't be changed or removed: members have no such
 * right, and Vigil's triggers refuse even the owner. */
static void
test_archive_append_only (void)
{
  static const char * const refused[] = {
    "UPDATE posts SET text = 'forged' WHERE id = 2",
    "DELETE FROM posts WHERE id = 2",
    "TRUNCATE posts CASCADE",
    "UPDATE events SET text = 'forged'",
    "DELETE FROM events",
    "UPDATE records SET body = '{}'",
    "DELETE FROM records",
    "UPDATE access_log SET actor = 'nobody'",
    "DELETE FROM access_log",
    "UPDATE sentiment_overrides SET label = 1",
    "DELETE FROM audit_chain",
    /* empty here: refused to members by their rights, while for the owner
     * a row trigger has no row to refuse; last, so the owner skips it */
    "DELETE FROM tombstones",
  };
  g_auto(Team) team = { 0 };
  g_autoptr(VigilStore) member = NULL;
  g_autoptr(PGconn) raw = NULL;
  g_autoptr(PGconn) owner = NULL;
  g_autoptr(GPtrArray) edit = posts_new ();
  g_autoptr(GError) error = NULL;
  gint64 ids[] = { 2 };

  team_init (&team);
  member = open_as (team.member);
  insert_many (member, "p", 3);
  g_ptr_array_add (edit, make_event (VIGIL_PLATFORM_MASTODON, "p-1", VIGIL_POST_EVENT_EDIT, "edited"));
  insert_ok (member, edit, NULL);
  g_assert_true (vigil_store_log_access (member, "ana", "search", "query=acme", &error));
  g_assert_no_error (error);
  g_assert_true (vigil_store_override_sentiment (member, ids, 1, VIGIL_SENTIMENT_NEGATIVE, "ana", &error));
  g_assert_no_error (error);
  append_ok (member, "case", "c1", "{\"state\":\"new\"}");

  raw = vigil_test_pg_connect (team.member);
  for (guint i = 0; i < G_N_ELEMENTS (refused); i++)
    assert_refused (raw, refused[i]);

  /* the owner has every right, and the triggers still say no */
  owner = vigil_test_pg_connect (team.owner);
  for (guint i = 0; i < G_N_ELEMENTS (refused) - 1; i++)
    assert_refused (owner, refused[i]);
  g_assert_cmpint (vigil_test_pg_int (owner, "SELECT count(*) FROM posts WHERE text = 'forged'"), ==, 0);
  g_assert_cmpint (vigil_test_pg_int (owner, "SELECT count(*) FROM posts"), ==, 3);
}

/* Only compliance reads the access log; the others only add to it. */
static void
test_access_log_compliance_only (void)
{
  g_auto(Team) team = { 0 };
  g_autoptr(VigilStore) member = NULL;
  g_autoptr(VigilStore) compliance = NULL;
  g_autoptr(PGconn) raw = NULL;
  g_autoptr(PGconn) raw2 = NULL;
  g_autoptr(PGconn) raw_hr = NULL;
  g_autoptr(PGconn) raw_compliance = NULL;
  g_autoptr(GPtrArray) entries = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *sql = NULL;

  team_init (&team);
  member = open_as (team.member);
  g_assert_true (vigil_store_log_access (member, "ana", "search", "query=candidate 7", &error));
  g_assert_no_error (error);
  g_assert_true (vigil_store_log_access (member, "ana", "view", "post=3", &error));
  g_assert_no_error (error);

  /* through Vigil: refused, and nothing returned */
  entries = vigil_store_list_access (member, 0, 0, 0, &error);
  g_assert_null (entries);
  g_assert_nonnull (error);
  g_test_message ("a member listing the access log: %s", error->message);
  g_clear_error (&error);

  /* raw SQL as the member who wrote them, another member, and HR */
  raw = vigil_test_pg_connect (team.member);
  assert_refused (raw, "SELECT actor, action, detail FROM access_log");
  assert_refused (raw, "SELECT * FROM access_log");
  assert_refused (raw, "COPY access_log TO STDOUT");
  raw2 = vigil_test_pg_connect (team.member2);
  assert_refused (raw2, "SELECT detail FROM access_log");
  g_assert_cmpint (vigil_test_pg_int (raw2, "SELECT count(*) FROM access_log"), ==, 0);
  raw_hr = vigil_test_pg_connect (team.hr);
  assert_refused (raw_hr, "SELECT detail FROM access_log");

  /* compliance reads them all, with the role that wrote each */
  raw_compliance = vigil_test_pg_connect (team.compliance);
  sql = g_strdup_printf ("SELECT count(*) FROM access_log WHERE db_role = '%s' "
                         "AND detail = 'query=candidate 7'", team.member_role);
  g_assert_cmpint (vigil_test_pg_int (raw_compliance, sql), ==, 1);
  compliance = open_as (team.compliance);
  entries = vigil_store_list_access (compliance, 0, 0, 0, &error);
  g_assert_no_error (error);
  g_assert_nonnull (entries);
  g_assert_cmpuint (entries->len, >=, 2);
}

static int
run_verify (const char *uri,
            char      **out_err)
{
  const char *cli = cli_path;
  const char *argv[] = { cli, "verify", "--db", uri, NULL };
  g_autoptr(GError) error = NULL;
  g_autofree char *out = NULL;
  int status = 0;

  g_assert_nonnull (cli);
  g_assert_true (g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_DEFAULT, NULL, NULL,
                               &out, out_err, &status, &error));
  g_assert_no_error (error);
  g_test_message ("vigil-cli verify: %s", *out_err);
  return WIFEXITED (status) ? WEXITSTATUS (status) : -1;
}

/* The owner can get past the triggers (disable them, edit a row): the hash
 * chain still tells, and vigil-cli verify names the row. */
static void
test_verify_catches_owner (void)
{
  g_auto(Team) team = { 0 };
  g_autoptr(VigilStore) member = NULL;
  g_autoptr(PGconn) owner = NULL;
  g_autofree char *err = NULL;

  team_init (&team);
  member = open_as (team.member);
  insert_many (member, "p", 5);
  append_ok (member, "case", "c1", "{\"state\":\"new\"}");
  g_assert_finalize_object (g_steal_pointer (&member));

  g_assert_cmpint (run_verify (team.owner, &err), ==, 0);
  g_clear_pointer (&err, g_free);

  owner = vigil_test_pg_connect (team.owner);
  vigil_test_pg_exec (owner, "ALTER TABLE posts DISABLE TRIGGER USER");
  vigil_test_pg_exec (owner, "UPDATE posts SET text = 'forged' WHERE id = 2");
  vigil_test_pg_exec (owner, "ALTER TABLE posts ENABLE TRIGGER USER");
  g_assert_cmpint (run_verify (team.owner, &err), ==, 1);
  g_assert_nonnull (strstr (err, "posts row 2"));
  g_clear_pointer (&err, g_free);

  /* put the text back: the chain holds again */
  vigil_test_pg_exec (owner, "ALTER TABLE posts DISABLE TRIGGER USER");
  vigil_test_pg_exec (owner, "UPDATE posts SET text = 'post number 1 from p' WHERE id = 2");
  vigil_test_pg_exec (owner, "ALTER TABLE posts ENABLE TRIGGER USER");
  g_assert_cmpint (run_verify (team.owner, &err), ==, 0);
  g_clear_pointer (&err, g_free);

  /* the journal: a case closed behind the team's back */
  vigil_test_pg_exec (owner, "ALTER TABLE records DISABLE TRIGGER USER");
  vigil_test_pg_exec (owner, "UPDATE records SET body = '{\"state\":\"closed\"}'");
  vigil_test_pg_exec (owner, "ALTER TABLE records ENABLE TRIGGER USER");
  g_assert_cmpint (run_verify (team.owner, &err), ==, 1);
  g_assert_nonnull (strstr (err, "record 1"));
}

int
main (int   argc,
      char *argv[])
{
  int kept = 1;

  for (int i = 1; i < argc; i++)
    {
      if (g_str_has_prefix (argv[i], "--team-sql="))
        team_sql_dir = argv[i] + strlen ("--team-sql=");
      else if (g_str_has_prefix (argv[i], "--cli="))
        cli_path = argv[i] + strlen ("--cli=");
      else
        argv[kept++] = argv[i];
    }
  argc = kept;
  argv[kept] = NULL;
  vigil_test_pg_require ();
  g_setenv ("VIGIL_TEST_STORE_BACKEND", "postgresql", TRUE);
  store_test_init (&argc, &argv, FALSE);

  g_test_add_func ("/vigil/team/dossier-hr-only", test_dossier_hr_only);
  g_test_add_func ("/vigil/team/archive-append-only", test_archive_append_only);
  g_test_add_func ("/vigil/team/access-log-compliance-only", test_access_log_compliance_only);
  g_test_add_func ("/vigil/team/verify-catches-owner", test_verify_catches_owner);
  return g_test_run ();
}

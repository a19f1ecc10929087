/* team-test-util.c: several workstations on one team database, in one test
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <unistd.h>

#include "team-test-util.h"
#include "vigil-memory-credential-store.h"
#include "vigil-pg-store-live.h"

static char *team_sql_dir;

void
team_test_init (int    *argc,
                char ***argv)
{
  vigil_test_pg_require ();
  g_test_init (argc, argv, NULL);
  for (int i = 1; i < *argc; i++)
    if (g_str_has_prefix ((*argv)[i], "--team-sql="))
      team_sql_dir = g_strdup ((*argv)[i] + strlen ("--team-sql="));
  if (team_sql_dir == NULL)
    g_error ("usage: %s --team-sql=SOURCE/data/team", (*argv)[0]);
}

/* psql -f data/team/FILE, as IT sets a team database up */
static void
run_psql (const char *uri,
          const char *file)
{
  const char *bindir = g_getenv ("VIGIL_TEST_PG_BINDIR");
  g_autofree char *psql = bindir ? g_build_filename (bindir, "psql", NULL) : g_strdup ("psql");
  g_autofree char *path = g_build_filename (team_sql_dir, file, NULL);
  const char *argv[] = { psql, "-X", "-q", "-v", "ON_ERROR_STOP=1", "-d", uri, "-f", path, NULL };
  g_autofree char *out = NULL, *err = NULL;
  g_autoptr(GError) error = NULL;
  int status = 0;

  g_assert_true (g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_SEARCH_PATH, NULL, NULL, &out, &err,
                               &status, &error));
  g_assert_no_error (error);
  if (!g_spawn_check_wait_status (status, NULL))
    g_error ("psql -f %s failed: %s", file, err);
}

TeamDb *
team_db_new (void)
{
  TeamDb *db = g_new0 (TeamDb, 1);
  g_autoptr(PGconn) admin = vigil_test_pg_connect (g_getenv ("VIGIL_TEST_PG_URI"));
  g_autoptr(GError) error = NULL;
  g_autofree char *name = NULL, *sql = NULL, *owner = NULL;

  g_assert_nonnull (team_sql_dir);
  /* the shipped roles, once per cluster (tests run in parallel: one at a time) */
  vigil_test_pg_exec (admin, "SELECT pg_advisory_lock (7411)");
  run_psql (g_getenv ("VIGIL_TEST_PG_URI"), "roles.sql");
  vigil_test_pg_exec (admin, "SELECT pg_advisory_unlock (7411)");

  db->uri = vigil_test_pg_create_db ();
  db->roles = g_ptr_array_new_with_free_func (g_free);
  name = vigil_test_pg_dbname (db->uri);
  sql = g_strdup_printf ("ALTER DATABASE %s OWNER TO vigil_owner", name);
  vigil_test_pg_exec (admin, sql);
  /* Vigil creates the tables when the owner connects; then the grants */
  owner = vigil_test_pg_uri_as (db->uri, "vigil_owner");
  db->admin = vigil_store_open (owner, &error);
  g_assert_no_error (error);
  g_assert_nonnull (db->admin);
  run_psql (owner, "grants.sql");
  return db;
}

void
team_db_free (TeamDb *db)
{
  g_autoptr(PGconn) conn = NULL;

  g_clear_object (&db->admin);
  vigil_test_pg_drop_db (db->uri);
  conn = vigil_test_pg_connect (g_getenv ("VIGIL_TEST_PG_URI"));
  for (guint i = 0; i < db->roles->len; i++)
    {
      g_autofree char *sql = g_strdup_printf ("DROP ROLE IF EXISTS \"%s\"",
                                              (char *) db->roles->pdata[i]);
      vigil_test_pg_exec (conn, sql);
    }
  g_ptr_array_unref (db->roles);
  g_free (db->uri);
  g_free (db);
}

char *
team_db_add_role (TeamDb     *db,
                  const char *prefix)
{
  static gint counter;
  g_autoptr(PGconn) conn = vigil_test_pg_connect (g_getenv ("VIGIL_TEST_PG_URI"));
  char *role = g_strdup_printf ("%s_%d_%d", prefix, (int) getpid (), g_atomic_int_add (&counter, 1));
  g_autofree char *sql = NULL;

  /* a person of the risk team (data/team/add-person.sql) */
  sql = g_strdup_printf ("CREATE ROLE \"%s\" LOGIN IN ROLE vigil_member", role);
  vigil_test_pg_exec (conn, sql);
  g_ptr_array_add (db->roles, g_strdup (role));
  return role;
}

TeamClient *
team_client_new (TeamDb     *db,
                 const char *role,
                 gboolean    push_context,
                 gboolean    with_board)
{
  TeamClient *client = g_new0 (TeamClient, 1);
  g_autoptr(VigilCredentialStore) credentials = vigil_memory_credential_store_new ();
  g_autoptr(GError) error = NULL;
  VigilContextOptions options = {
    .actor = role,
    .credentials = credentials,
    .no_sources = TRUE,
    .no_classify = TRUE,
  };

  client->role = g_strdup (role);
  client->uri = vigil_test_pg_uri_as (db->uri, role);
  if (push_context)
    {
      client->context = g_main_context_new ();
      client->pushed = TRUE;
      g_main_context_push_thread_default (client->context);
    }
  else
    client->context = g_main_context_ref_thread_default ();
  client->store = vigil_store_open (client->uri, &error);
  g_assert_no_error (error);
  /* as the app does: other workstations' changes arrive (LISTEN) */
  vigil_store_watch_external (client->store, 1000);
  if (with_board)
    {
      client->vctx = vigil_context_new_for_store (client->store, &options, &error);
      g_assert_no_error (error);
      client->board = vigil_case_board_get (client->vctx);
      g_assert_nonnull (client->board);
    }
  return client;
}

void
team_client_free (TeamClient *client)
{
  if (client->vctx)
    vigil_context_shutdown (client->vctx);
  g_clear_object (&client->vctx);
  g_clear_object (&client->store);
  team_client_pump (client);
  if (client->pushed)
    g_main_context_pop_thread_default (client->context);
  g_main_context_unref (client->context);
  g_free (client->role);
  g_free (client->uri);
  g_free (client);
}

void
team_client_pump (TeamClient *client)
{
  while (g_main_context_iteration (client->context, FALSE))
    ;
}

static gboolean
timeout_cb (gpointer data)
{
  *(gboolean *) data = TRUE;
  return G_SOURCE_REMOVE;
}

gboolean
team_client_wait (TeamClient  *client,
                  gboolean   (*func) (gpointer data),
                  gpointer     data,
                  guint        timeout_ms)
{
  gboolean timed_out = FALSE;
  GSource *timeout = g_timeout_source_new (timeout_ms);
  gboolean done;

  g_source_set_callback (timeout, timeout_cb, &timed_out, NULL);
  g_source_attach (timeout, client->context);
  while (!(done = func (data)) && !timed_out)
    g_main_context_iteration (client->context, TRUE);
  g_source_destroy (timeout);
  g_source_unref (timeout);
  return done;
}

VigilCase *
team_client_open_case (TeamClient *client,
                       gint64      post_id)
{
  g_autoptr(VigilPost) post = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *remote_id = g_strdup_printf ("team-%" G_GINT64_FORMAT, post_id);
  VigilCase *kase;

  post = vigil_post_new (VIGIL_PLATFORM_MASTODON, remote_id);
  vigil_post_set_id (post, post_id);
  vigil_post_set_text (post, "a post the team works on");
  kase = vigil_case_board_open_post (client->board, post, NULL, &error);
  g_assert_no_error (error);
  g_assert_nonnull (kase);
  return kase;
}

gint64
team_db_count_records (TeamDb     *db,
                       const char *kind,
                       const char *role)
{
  g_autoptr(PGconn) conn = vigil_test_pg_connect (db->uri);
  const char *values[2] = { kind, role };
  PGresult *res = PQexecParams (conn, "SELECT count(*) FROM records WHERE kind = $1 AND db_role = $2",
                                2, NULL, values, NULL, NULL, 0);
  gint64 n;

  g_assert_cmpint (PQresultStatus (res), ==, PGRES_TUPLES_OK);
  n = g_ascii_strtoll (PQgetvalue (res, 0, 0), NULL, 10);
  PQclear (res);
  return n;
}

gboolean
team_db_check_journal (TeamDb  *db,
                       char   **out_problem)
{
  g_autoptr(PGconn) conn = vigil_test_pg_connect (db->uri);
  g_autoptr(GError) error = NULL;
  char *problem = NULL;
  guint64 count = 0;

  /* the store's own walk: seq, chain, hash and head */
  if (!_vigil_pg_journal_verify (conn, &count, NULL, &problem, &error))
    problem = g_strdup (error->message);
  /* and no key has a version twice or a gap */
  if (problem == NULL
      && vigil_test_pg_int (conn, "SELECT count(*) FROM (SELECT kind, key FROM records GROUP BY kind, key "
                                  "HAVING max (version) <> count(*) OR count(DISTINCT version) <> count(*)) k") != 0)
    problem = g_strdup ("a key's versions are not 1, 2, … n");
  if (out_problem)
    *out_problem = problem;
  else
    g_free (problem);
  return problem == NULL;
}

double
team_now_ms (void)
{
  return g_get_monotonic_time () / 1000.0;
}

static int
compare_doubles (const void *a,
                 const void *b)
{
  double x = *(const double *) a, y = *(const double *) b;

  return x < y ? -1 : x > y;
}

double
team_percentile (double *values,
                 guint   n,
                 double  p)
{
  guint index;

  if (n == 0)
    return 0;
  qsort (values, n, sizeof (double), compare_doubles);
  index = (guint) MIN ((double) n - 1, p / 100.0 * n);
  return values[index];
}

TeamAction
team_client_random_action (TeamClient  *client,
                           const char  *case_id,
                           GRand       *rng,
                           GError     **error)
{
  static const char * const roles[] = { "hr", "legal", "crisis-manager" };
  VigilCase *kase = vigil_case_board_lookup (client->board, case_id);
  g_autoptr(GError) local_error = NULL;
  gboolean ok = FALSE;
  gint64 version;

  g_assert_nonnull (kase);
  version = vigil_case_get_version (kase);
  switch (g_rand_int_range (rng, 0, 9))
    {
    case 0:
      ok = vigil_case_board_assign (client->board, kase, roles[g_rand_int_range (rng, 0, 3)], NULL, NULL,
                                    &local_error);
      break;
    case 1:
      ok = vigil_case_board_claim (client->board, kase, FALSE, &local_error);
      break;
    case 2:
      ok = vigil_case_board_claim (client->board, kase, TRUE, &local_error);
      break;
    case 3:
      ok = vigil_case_board_release (client->board, kase, &local_error);
      break;
    case 4:
      ok = vigil_case_board_escalate (client->board, kase, NULL, &local_error);
      break;
    case 5:
      ok = vigil_case_board_resolve (client->board, kase, "done", &local_error);
      break;
    case 6:
      ok = vigil_case_board_reopen (client->board, kase, NULL, &local_error);
      break;
    case 7:
      ok = vigil_case_board_add_note (client->board, kase, "looked at it", &local_error);
      break;
    default:
      ok = vigil_case_board_set_severity (client->board, kase, g_rand_int_range (rng, 0, VIGIL_N_SEVERITIES),
                                          &local_error);
      break;
    }
  /* a change to what the case already is (the same severity) writes nothing */
  if (ok)
    return vigil_case_get_version (kase) > version ? TEAM_ACTION_DONE : TEAM_ACTION_REFUSED;
  if (g_error_matches (local_error, VIGIL_CASE_ERROR, VIGIL_CASE_ERROR_CONFLICT))
    return TEAM_ACTION_CONFLICT;
  if (g_error_matches (local_error, VIGIL_STORE_ERROR, VIGIL_STORE_ERROR_UNAVAILABLE))
    return TEAM_ACTION_UNAVAILABLE;
  if (local_error->domain == VIGIL_CASE_ERROR
      && (local_error->code == VIGIL_CASE_ERROR_ILLEGAL || local_error->code == VIGIL_CASE_ERROR_CLAIMED
          || local_error->code == VIGIL_CASE_ERROR_NOT_PERMITTED))
    return TEAM_ACTION_REFUSED;
  g_propagate_error (error, g_steal_pointer (&local_error));
  return TEAM_ACTION_FAILED;
}

char *
team_describe_case (VigilCase *kase)
{
  return g_strdup_printf ("%s %s %s %s %d v%" G_GINT64_FORMAT,
                          vigil_case_state_to_string (vigil_case_get_state (kase)),
                          vigil_case_get_role (kase) ? vigil_case_get_role (kase) : "-",
                          vigil_case_get_person (kase) ? vigil_case_get_person (kase) : "-",
                          vigil_case_get_claimed_by (kase) ? vigil_case_get_claimed_by (kase) : "-",
                          (int) vigil_case_get_severity (kase), vigil_case_get_version (kase));
}

typedef struct
{
  TeamClient *client;
  GHashTable *versions;   /* case id → version in the database */
} CatchUp;

static gboolean
caught_up (gpointer data)
{
  CatchUp *c = data;
  GHashTableIter iter;
  gpointer key, value;

  g_hash_table_iter_init (&iter, c->versions);
  while (g_hash_table_iter_next (&iter, &key, &value))
    {
      VigilCase *kase = vigil_case_board_lookup (c->client->board, key);

      if (kase == NULL || vigil_case_get_version (kase) != (gint64) GPOINTER_TO_SIZE (value))
        return FALSE;
    }
  return TRUE;
}

gboolean
team_client_catch_up (TeamClient *client,
                      TeamDb     *db,
                      guint       timeout_ms)
{
  g_autoptr(PGconn) conn = vigil_test_pg_connect (db->uri);
  PGresult *res = PQexec (conn, "SELECT key, max (version) FROM records WHERE kind = 'case' GROUP BY key");
  CatchUp c = { client, g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL) };
  gboolean ok;

  g_assert_cmpint (PQresultStatus (res), ==, PGRES_TUPLES_OK);
  for (int i = 0; i < PQntuples (res); i++)
    g_hash_table_insert (c.versions, g_strdup (PQgetvalue (res, i, 0)),
                         GSIZE_TO_POINTER ((gsize) g_ascii_strtoll (PQgetvalue (res, i, 1), NULL, 10)));
  PQclear (res);
  ok = team_client_wait (client, caught_up, &c, timeout_ms);
  g_hash_table_unref (c.versions);
  return ok;
}

void
team_barrier_init (TeamBarrier *barrier,
                   guint        n)
{
  memset (barrier, 0, sizeof *barrier);
  g_mutex_init (&barrier->lock);
  g_cond_init (&barrier->cond);
  barrier->total = n;
}

void
team_barrier_clear (TeamBarrier *barrier)
{
  g_mutex_clear (&barrier->lock);
  g_cond_clear (&barrier->cond);
}

void
team_barrier_wait (TeamBarrier *barrier)
{
  guint round;

  g_mutex_lock (&barrier->lock);
  round = barrier->round;
  if (++barrier->waiting == barrier->total)
    {
      barrier->waiting = 0;
      barrier->round++;
      g_cond_broadcast (&barrier->cond);
    }
  while (barrier->round == round)
    g_cond_wait (&barrier->cond, &barrier->lock);
  g_mutex_unlock (&barrier->lock);
}

static void
online_cb (VigilStore *store,
           GParamSpec *pspec,
           TeamDesk   *desk)
{
  if (!vigil_store_get_online (store))
    desk->saw_offline = TRUE;
}

gpointer
team_desk_thread (gpointer data)
{
  TeamDesk *d = data;
  TeamClient *client = team_client_new (d->db, d->role, TRUE, TRUE);
  g_autoptr(GRand) rng = g_rand_new_with_seed (d->seed);
  gint64 deadline_us;

  g_signal_connect (client->store, "notify::online", G_CALLBACK (online_cb), d);
  if (!team_client_catch_up (client, d->db, 10000))
    d->failure = g_strdup ("did not see the cases");
  /* the clock starts once every desk is connected */
  team_barrier_wait (d->barrier);
  deadline_us = g_get_monotonic_time () + (gint64) (d->seconds * G_USEC_PER_SEC);
  while (d->failure == NULL
         && (d->seconds > 0 ? g_get_monotonic_time () < deadline_us : !g_atomic_int_get (d->stop)))
    {
      g_autoptr(GError) error = NULL;
      g_autofree char *case_id = g_strdup_printf ("%u", d->first_case + g_rand_int_range (rng, 0, d->n_cases));
      gboolean after = d->restarted && g_atomic_int_get (d->restarted);

      team_client_pump (client);
      switch (team_client_random_action (client, case_id, rng, &error))
        {
        case TEAM_ACTION_DONE:
          d->done++;
          d->done_after += after;
          break;
        case TEAM_ACTION_REFUSED: d->refused++; break;
        case TEAM_ACTION_CONFLICT: d->conflicts++; break;
        case TEAM_ACTION_UNAVAILABLE:
          d->unavailable++;
          if (!d->allow_unavailable)
            d->failure = g_strdup ("the server went away");
          else
            g_usleep (20000);   /* a person would read the message */
          break;
        case TEAM_ACTION_FAILED:
          d->failure = g_strdup (error->message);
          break;
        }
    }
  /* everyone stopped: catch up, then say what the board shows */
  team_barrier_wait (d->barrier);
  if (!team_client_catch_up (client, d->db, 60000) && d->failure == NULL)
    d->failure = g_strdup ("did not catch up with the log");
  d->online_at_end = vigil_store_get_online (client->store);
  for (guint i = 0; i < d->n_cases; i++)
    {
      g_autofree char *id = g_strdup_printf ("%u", d->first_case + i);

      d->cases[i] = team_describe_case (vigil_case_board_lookup (client->board, id));
    }
  team_client_free (client);
  return NULL;
}

void
team_desk_clear (TeamDesk *desk)
{
  g_clear_pointer (&desk->role, g_free);
  g_clear_pointer (&desk->failure, g_free);
  for (guint c = 0; c < TEAM_MAX_CASES; c++)
    g_clear_pointer (&desk->cases[c], g_free);
}

void
team_desks_check (TeamDb     *db,
                  const char *replay_role,
                  TeamDesk   *desks,
                  guint       n_desks)
{
  TeamClient *fresh = team_client_new (db, replay_role, FALSE, TRUE);
  guint done = 0, conflicts = 0, refused = 0, unavailable = 0, extra = 0;
  g_autofree char *problem = NULL;

  g_assert_true (team_client_catch_up (fresh, db, 20000));
  for (guint i = 0; i < n_desks; i++)
    {
      TeamDesk *d = &desks[i];
      gint64 logged = team_db_count_records (db, "case", d->role);

      g_assert_null (d->failure);
      /* nothing lost (every action the desk was told succeeded is in the
       * log), nothing doubled (at most the ones whose answer was lost) */
      g_assert_cmpint (logged, >=, d->done);
      g_assert_cmpint (logged, <=, (gint64) d->done + d->unavailable);
      extra += logged - d->done;
      done += d->done;
      conflicts += d->conflicts;
      refused += d->refused;
      unavailable += d->unavailable;
      /* the log replays to the state every desk shows */
      for (guint c = 0; c < d->n_cases; c++)
        {
          g_autofree char *id = g_strdup_printf ("%u", d->first_case + c);
          g_autofree char *replayed = team_describe_case (vigil_case_board_lookup (fresh->board, id));

          g_assert_cmpstr (d->cases[c], ==, replayed);
        }
    }
  if (!team_db_check_journal (db, &problem))
    g_error ("the journal: %s", problem);
  g_print ("# desks=%u recorded=%u conflicts=%u refused=%u unavailable=%u landed-unanswered=%u\n",
           n_desks, done, conflicts, refused, unavailable, extra);
  team_client_free (fresh);
}

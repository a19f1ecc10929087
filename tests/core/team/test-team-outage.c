/* test-team-outage.c: the team database's server dies mid-action and
 * comes back
 *
 * Desks work on cases while the server is killed (pg_ctl stop -m
 * immediate) and restarted a moment later. Each store must notice (its
 * "online" turns FALSE), refuse actions plainly meanwhile, reconnect by
 * itself, and afterwards every action a desk was told succeeded is in the
 * log once, none twice, and every board shows what the log replays to.
 *
 * This test runs a PostgreSQL server of its own (tests/pg/pg-server, made
 * durable: an acknowledged commit must survive the kill), so that killing
 * it disturbs no other test.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gstdio.h>
#include <unistd.h>

#include "team-test-util.h"

#define N_DESKS 4
#define N_CASES 4

static char *pg_server_script;

typedef struct
{
  char *dir;
  char *bindir;
  char *uri;
} Server;

static char *
env_value (const char *output,
           const char *name)
{
  g_auto(GStrv) lines = g_strsplit (output, "\n", -1);

  for (guint i = 0; lines[i]; i++)
    if (g_str_has_prefix (lines[i], name) && lines[i][strlen (name)] == '=')
      {
        char *value = g_strdup (lines[i] + strlen (name) + 1);

        /* 'value' */
        if (value[0] == '\'')
          {
            memmove (value, value + 1, strlen (value));
            value[strlen (value) - 1] = '\0';
          }
        return value;
      }
  return NULL;
}

static void
run (const char * const *argv,
     gboolean            durable)
{
  g_autofree char *out = NULL, *err = NULL;
  g_auto(GStrv) envp = g_get_environ ();
  g_autoptr(GError) error = NULL;
  int status = 0;

  if (durable)
    envp = g_environ_setenv (envp, "PG_SERVER_DURABLE", "1", TRUE);
  g_assert_true (g_spawn_sync (NULL, (char **) argv, envp, G_SPAWN_SEARCH_PATH, NULL, NULL, &out, &err,
                               &status, &error));
  g_assert_no_error (error);
  if (!g_spawn_check_wait_status (status, NULL))
    g_error ("%s failed: %s%s", argv[0], out, err);
}

static void
server_start (Server *s)
{
  g_autofree char *out = NULL, *err = NULL;
  const char *argv[] = { pg_server_script, "start", NULL, NULL };
  g_auto(GStrv) envp = g_environ_setenv (g_get_environ (), "PG_SERVER_DURABLE", "1", TRUE);
  g_autoptr(GError) error = NULL;
  int status = 0;

  s->dir = g_dir_make_tmp ("vigil-outage-XXXXXX", &error);
  g_assert_no_error (error);
  argv[2] = s->dir;
  g_assert_true (g_spawn_sync (NULL, (char **) argv, envp, 0, NULL, NULL, &out, &err, &status, &error));
  g_assert_no_error (error);
  if (!g_spawn_check_wait_status (status, NULL))
    g_error ("pg-server start failed: %s", err);
  s->uri = env_value (out, "VIGIL_TEST_PG_URI");
  s->bindir = env_value (out, "VIGIL_TEST_PG_BINDIR");
  g_assert_nonnull (s->uri);
  g_assert_nonnull (s->bindir);
}

/* pg_ctl, as the server's user */
static void
server_ctl (Server     *s,
            const char *what)
{
  g_autofree char *pg_ctl = g_build_filename (s->bindir, "pg_ctl", NULL);
  g_autofree char *data = g_build_filename (s->dir, "data", NULL);
  g_autofree char *log = g_build_filename (s->dir, "server.log", NULL);
  const char *stop[] = { "runuser", "-u", "postgres", "--", pg_ctl, "-D", data, "-m", "immediate", "-w",
                         "stop", NULL };
  const char *start[] = { "runuser", "-u", "postgres", "--", pg_ctl, "-D", data, "-l", log, "-w",
                          "start", NULL };
  const char * const *argv = g_str_equal (what, "stop") ? stop : start;

  /* not root: run pg_ctl directly */
  run (geteuid () == 0 ? argv : argv + 4, FALSE);
}

static void
server_stop (Server *s)
{
  const char *argv[] = { pg_server_script, "stop", s->dir, NULL };

  run (argv, FALSE);
  /* made by g_dir_make_tmp, emptied by pg-server stop */
  g_rmdir (s->dir);
  g_free (s->dir);
  g_free (s->bindir);
  g_free (s->uri);
}

/* --- Ingest through the outage ------------------------------------------ */

#define BATCH 20

typedef struct
{
  TeamDb   *db;
  char     *role;
  gint     *stop;
  guint     sent;        /* batches */
  guint     completed;
  guint     failed;
  char     *failure;
} Ingest;

static void
inserted_cb (GObject      *source,
             GAsyncResult *result,
             gpointer      user_data)
{
  Ingest *in = user_data;
  g_autoptr(GError) error = NULL;

  if (vigil_store_insert_finish (VIGIL_STORE (source), result, NULL, &error))
    in->completed++;
  else
    {
      in->failed++;
      if (in->failure == NULL)
        in->failure = g_strdup (error->message);
    }
}

/* A source archiving a batch every 100 ms while the server dies and comes
 * back: every batch completes, once. */
static gpointer
ingest_thread (gpointer data)
{
  Ingest *in = data;
  TeamClient *client = team_client_new (in->db, in->role, TRUE, FALSE);
  gint64 deadline;

  while (!g_atomic_int_get (in->stop))
    {
      g_autoptr(GPtrArray) posts = g_ptr_array_new_with_free_func (g_object_unref);

      for (guint i = 0; i < BATCH; i++)
        {
          g_autofree char *remote_id = g_strdup_printf ("ingest-%u", in->sent * BATCH + i);
          VigilPost *post = vigil_post_new (VIGIL_PLATFORM_MASTODON, remote_id);
          g_autoptr(GDateTime) now = g_date_time_new_now_utc ();

          vigil_post_set_author (post, "someone@example.test");
          vigil_post_set_text (post, "a post archived during an outage");
          vigil_post_set_created_at (post, now);
          g_ptr_array_add (posts, post);
        }
      vigil_store_insert_async (client->store, posts, NULL, inserted_cb, in);
      in->sent++;
      team_client_pump (client);
      g_usleep (100000);
    }
  deadline = g_get_monotonic_time () + 60 * G_USEC_PER_SEC;
  while (in->completed + in->failed < in->sent && g_get_monotonic_time () < deadline)
    g_main_context_iteration (client->context, FALSE) || (g_usleep (10000), TRUE);
  team_client_free (client);
  return NULL;
}

static void
test_kill_mid_action (void)
{
  g_autofree char *outer_uri = g_strdup (g_getenv ("VIGIL_TEST_PG_URI"));
  Server server = { 0 };
  TeamDb *db;
  g_autofree char *opener = NULL;
  TeamClient *main_desk;
  TeamBarrier barrier;
  TeamDesk desks[N_DESKS] = { { 0 } };
  GThread *threads[N_DESKS];
  gint stop = FALSE, restarted = FALSE;
  Ingest ingest = { 0 };
  GThread *ingest_worker;
  gint64 deadline;
  gboolean all_back;

  server_start (&server);
  g_setenv ("VIGIL_TEST_PG_URI", server.uri, TRUE);
  g_setenv ("VIGIL_TEST_PG_BINDIR", server.bindir, TRUE);
  db = team_db_new ();
  opener = team_db_add_role (db, "triage");
  main_desk = team_client_new (db, opener, FALSE, TRUE);
  for (guint i = 0; i < N_CASES; i++)
    team_client_open_case (main_desk, 200 + i);
  /* the main thread's desk would have to be pumped to follow: not needed */
  team_client_free (main_desk);

  team_barrier_init (&barrier, N_DESKS);
  for (guint i = 0; i < N_DESKS; i++)
    {
      desks[i].db = db;
      desks[i].barrier = &barrier;
      desks[i].role = team_db_add_role (db, "desk");
      desks[i].seed = g_test_rand_int ();
      desks[i].first_case = 200;
      desks[i].n_cases = N_CASES;
      desks[i].stop = &stop;
      desks[i].restarted = &restarted;
      desks[i].allow_unavailable = TRUE;
      threads[i] = g_thread_new ("desk", team_desk_thread, &desks[i]);
    }

  ingest.db = db;
  ingest.role = team_db_add_role (db, "ingest");
  ingest.stop = &stop;
  ingest_worker = g_thread_new ("ingest", ingest_thread, &ingest);

  g_usleep (2 * G_USEC_PER_SEC);
  g_test_message ("killing the server");
  server_ctl (&server, "stop");
  g_usleep (G_USEC_PER_SEC + G_USEC_PER_SEC / 2);
  g_test_message ("restarting the server");
  server_ctl (&server, "start");
  g_atomic_int_set (&restarted, TRUE);

  /* every desk reconnects by itself and gets work done again */
  deadline = g_get_monotonic_time () + 90 * G_USEC_PER_SEC;
  do
    {
      g_usleep (G_USEC_PER_SEC / 5);
      all_back = TRUE;
      for (guint i = 0; i < N_DESKS; i++)
        all_back = all_back && (g_atomic_int_get ((gint *) &desks[i].done_after) >= 3
                                || desks[i].failure != NULL);
    }
  while (!all_back && g_get_monotonic_time () < deadline);
  g_atomic_int_set (&stop, TRUE);
  for (guint i = 0; i < N_DESKS; i++)
    g_thread_join (threads[i]);
  g_thread_join (ingest_worker);

  /* the posts that arrived meanwhile were kept and archived once back */
  g_test_message ("ingest: %u batches sent, %u archived, %u failed%s%s", ingest.sent, ingest.completed,
                  ingest.failed, ingest.failure ? ": " : "", ingest.failure ? ingest.failure : "");
  g_assert_cmpuint (ingest.failed, ==, 0);
  g_assert_cmpuint (ingest.completed, ==, ingest.sent);
  {
    g_autoptr(PGconn) conn = vigil_test_pg_connect (db->uri);

    g_assert_cmpint (vigil_test_pg_int (conn, "SELECT count(*) FROM posts WHERE remote_id LIKE 'ingest-%'"),
                     ==, ingest.sent * BATCH);
  }
  g_free (ingest.role);
  g_free (ingest.failure);

  for (guint i = 0; i < N_DESKS; i++)
    {
      g_test_message ("%s: %u done (%u after the restart), %u refused while offline, %u conflicts",
                      desks[i].role, desks[i].done, desks[i].done_after, desks[i].unavailable,
                      desks[i].conflicts);
      g_assert_null (desks[i].failure);
      g_assert_true (desks[i].saw_offline);
      g_assert_true (desks[i].online_at_end);
      g_assert_cmpuint (desks[i].done_after, >=, 3);
    }
  {
    g_autoptr(PGconn) conn = vigil_test_pg_connect (db->uri);
    PGresult *res = PQexec (conn, "SELECT db_role, count(*), min(seq), max(seq) FROM records GROUP BY 1");

    for (int i = 0; i < PQntuples (res); i++)
      g_test_message ("log: %s %s records, seq %s..%s", PQgetvalue (res, i, 0), PQgetvalue (res, i, 1),
                      PQgetvalue (res, i, 2), PQgetvalue (res, i, 3));
    PQclear (res);
  }
  team_desks_check (db, opener, desks, N_DESKS);

  for (guint i = 0; i < N_DESKS; i++)
    team_desk_clear (&desks[i]);
  team_barrier_clear (&barrier);
  team_db_free (db);
  server_stop (&server);
  g_setenv ("VIGIL_TEST_PG_URI", outer_uri, TRUE);
}

int
main (int   argc,
      char *argv[])
{
  team_test_init (&argc, &argv);
  for (int i = 1; i < argc; i++)
    if (g_str_has_prefix (argv[i], "--pg-server="))
      pg_server_script = g_strdup (argv[i] + strlen ("--pg-server="));
  if (pg_server_script == NULL)
    g_error ("usage: %s --pg-server=PATH/tests/pg/pg-server", argv[0]);
  g_test_add_func ("/team/outage/kill-mid-action", test_kill_mid_action);
  return g_test_run ();
}

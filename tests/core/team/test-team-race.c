/* test-team-race.c: the database decides, whatever the workstations do at once
 *
 *  - ten workstations claim one case at the same moment: exactly one wins,
 *    the others are told who has it, and the log has one claim;
 *  - twenty workstations do random triage actions for a while
 *    (VIGIL_TEAM_STRESS_SECONDS, default 30): every action that succeeded is
 *    in the log once, under its author's database role, the journal's chain
 *    holds, and a fresh desk replaying the log gets every desk's final state.
 *
 * Each workstation is a thread with its own connections, GMainContext,
 * VigilContext and board.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <stdlib.h>

#include "team-test-util.h"

#define N_CLAIMERS 10
#define N_DESKS    20
#define N_CASES    6

/* --- The claim race ------------------------------------------------------ */

typedef struct
{
  TeamDb   *db;
  TeamBarrier *barrier;
  char     *role;
  gboolean  won;
  gboolean  conflict;
  char     *told_claimed_by;   /* what the loser's board says afterwards */
  char     *unexpected;
} Claimer;

static gpointer
claimer_thread (gpointer data)
{
  Claimer *c = data;
  TeamClient *client = team_client_new (c->db, c->role, TRUE, TRUE);
  g_autoptr(GError) error = NULL;
  VigilCase *kase;

  g_assert_true (team_client_catch_up (client, c->db, 10000));
  kase = vigil_case_board_lookup (client->board, "42");
  g_assert_nonnull (kase);
  team_barrier_wait (c->barrier);
  c->won = vigil_case_board_claim (client->board, kase, FALSE, &error);
  if (!c->won)
    {
      /* the board reloads the case: it knows who has it now */
      c->conflict = g_error_matches (error, VIGIL_CASE_ERROR, VIGIL_CASE_ERROR_CONFLICT)
                    || g_error_matches (error, VIGIL_CASE_ERROR, VIGIL_CASE_ERROR_CLAIMED);
      if (!c->conflict)
        c->unexpected = g_strdup (error->message);
      g_test_message ("%s lost: %s", c->role, error->message);
    }
  team_client_catch_up (client, c->db, 10000);
  c->told_claimed_by = g_strdup (vigil_case_get_claimed_by (kase));
  team_client_free (client);
  return NULL;
}

static void
test_claim_race (void)
{
  TeamDb *db = team_db_new ();
  g_autofree char *opener = team_db_add_role (db, "triage");
  TeamClient *main_desk = team_client_new (db, opener, FALSE, TRUE);
  TeamBarrier barrier;
  Claimer claimers[N_CLAIMERS] = { { 0 } };
  GThread *threads[N_CLAIMERS];
  g_autoptr(GError) error = NULL;
  VigilCase *kase = team_client_open_case (main_desk, 42);
  const char *winner = NULL;
  guint n_won = 0;
  g_autoptr(PGconn) conn = NULL;

  team_barrier_init (&barrier, N_CLAIMERS);
  g_assert_true (vigil_case_board_assign (main_desk->board, kase, "legal", NULL, NULL, &error));
  g_assert_no_error (error);

  for (guint i = 0; i < N_CLAIMERS; i++)
    {
      claimers[i].db = db;
      claimers[i].barrier = &barrier;
      claimers[i].role = team_db_add_role (db, "claimer");
      threads[i] = g_thread_new ("claimer", claimer_thread, &claimers[i]);
    }
  for (guint i = 0; i < N_CLAIMERS; i++)
    g_thread_join (threads[i]);

  for (guint i = 0; i < N_CLAIMERS; i++)
    if (claimers[i].won)
      {
        n_won++;
        winner = claimers[i].role;
      }
  g_assert_cmpuint (n_won, ==, 1);
  for (guint i = 0; i < N_CLAIMERS; i++)
    {
      g_assert_null (claimers[i].unexpected);
      g_assert_true (claimers[i].won || claimers[i].conflict);
      /* every loser's board says who has it */
      g_assert_cmpstr (claimers[i].told_claimed_by, ==, winner);
    }

  conn = vigil_test_pg_connect (db->uri);
  g_assert_cmpint (vigil_test_pg_int (conn, "SELECT count(*) FROM records WHERE kind = 'case' AND key = '42' "
                                            "AND body::jsonb ->> 'op' = 'claim'"), ==, 1);
  g_assert_true (team_db_check_journal (db, NULL));

  for (guint i = 0; i < N_CLAIMERS; i++)
    {
      g_free (claimers[i].role);
      g_free (claimers[i].told_claimed_by);
    }
  team_barrier_clear (&barrier);
  team_client_free (main_desk);
  team_db_free (db);
}

/* The same race one level down: ten stores append the claim record with
 * the version they saw; the database lets one through. */
typedef struct
{
  TeamDb      *db;
  TeamBarrier *barrier;
  char        *role;
  gint64       version;
  gboolean     won;
  GError      *error;
} Appender;

static gpointer
appender_thread (gpointer data)
{
  Appender *a = data;
  TeamClient *client = team_client_new (a->db, a->role, TRUE, FALSE);
  g_autofree char *body = g_strdup_printf ("{\"op\":\"claim\",\"claimed_by\":\"%s\"}", a->role);

  team_barrier_wait (a->barrier);
  a->won = vigil_store_append_record (client->store, "case", "7", a->version, a->role, 0, body, NULL,
                                      &a->error);
  team_client_free (client);
  return NULL;
}

static void
test_claim_race_store (void)
{
  TeamDb *db = team_db_new ();
  TeamBarrier barrier;
  Appender appenders[N_CLAIMERS] = { { 0 } };
  GThread *threads[N_CLAIMERS];
  g_autoptr(VigilRecord) opened = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(PGconn) conn = NULL;
  guint n_won = 0;

  g_assert_true (vigil_store_append_record (db->admin, "case", "7", 0, "inbox-rule", 0, "{\"op\":\"open\"}",
                                            &opened, &error));
  g_assert_no_error (error);
  team_barrier_init (&barrier, N_CLAIMERS);
  for (guint i = 0; i < N_CLAIMERS; i++)
    {
      appenders[i].db = db;
      appenders[i].barrier = &barrier;
      appenders[i].role = team_db_add_role (db, "claimer");
      appenders[i].version = opened->version;
      threads[i] = g_thread_new ("appender", appender_thread, &appenders[i]);
    }
  for (guint i = 0; i < N_CLAIMERS; i++)
    {
      g_thread_join (threads[i]);
      if (appenders[i].won)
        n_won++;
      else
        g_assert_error (appenders[i].error, VIGIL_STORE_ERROR, VIGIL_STORE_ERROR_CONFLICT);
      g_clear_error (&appenders[i].error);
      g_free (appenders[i].role);
    }
  g_assert_cmpuint (n_won, ==, 1);
  conn = vigil_test_pg_connect (db->uri);
  g_assert_cmpint (vigil_test_pg_int (conn, "SELECT count(*) FROM records WHERE key = '7' "
                                            "AND body::jsonb ->> 'op' = 'claim'"), ==, 1);
  g_assert_true (team_db_check_journal (db, NULL));
  team_barrier_clear (&barrier);
  team_db_free (db);
}

/* --- Twenty desks at work ------------------------------------------------ */

static void
test_random_actions (void)
{
  const char *env = g_getenv ("VIGIL_TEAM_STRESS_SECONDS");
  double seconds = env ? g_ascii_strtod (env, NULL) : 30;
  TeamDb *db = team_db_new ();
  g_autofree char *opener = team_db_add_role (db, "triage");
  TeamClient *main_desk = team_client_new (db, opener, FALSE, TRUE);
  TeamBarrier barrier;
  TeamDesk desks[N_DESKS] = { { 0 } };
  GThread *threads[N_DESKS];
  guint32 seed = g_test_rand_int ();

  team_barrier_init (&barrier, N_DESKS);
  for (guint i = 0; i < N_CASES; i++)
    team_client_open_case (main_desk, 100 + i);
  for (guint i = 0; i < N_DESKS; i++)
    {
      desks[i].db = db;
      desks[i].barrier = &barrier;
      desks[i].role = team_db_add_role (db, "desk");
      desks[i].seed = seed + i;
      desks[i].first_case = 100;
      desks[i].n_cases = N_CASES;
      desks[i].seconds = MAX (seconds, 0.1);
      threads[i] = g_thread_new ("desk", team_desk_thread, &desks[i]);
    }
  for (guint i = 0; i < N_DESKS; i++)
    g_thread_join (threads[i]);

  team_desks_check (db, opener, desks, N_DESKS);
  for (guint i = 0; i < N_DESKS; i++)
    {
      g_assert_cmpuint (desks[i].unavailable, ==, 0);
      team_desk_clear (&desks[i]);
    }
  team_barrier_clear (&barrier);
  team_client_free (main_desk);
  team_db_free (db);
}

int
main (int   argc,
      char *argv[])
{
  team_test_init (&argc, &argv);
  g_test_add_func ("/team/race/claim-store", test_claim_race_store);
  g_test_add_func ("/team/race/claim", test_claim_race);
  g_test_add_func ("/team/race/random-actions", test_random_actions);
  return g_test_run ();
}

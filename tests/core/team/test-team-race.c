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

/* --- All start together -------------------------------------------------- */

typedef struct
{
  GMutex lock;
  GCond  cond;
  guint  waiting;
  guint  total;
} Barrier;

static void
barrier_wait (Barrier *b)
{
  g_mutex_lock (&b->lock);
  if (++b->waiting == b->total)
    g_cond_broadcast (&b->cond);
  while (b->waiting < b->total)
    g_cond_wait (&b->cond, &b->lock);
  g_mutex_unlock (&b->lock);
}

/* --- The claim race ------------------------------------------------------ */

typedef struct
{
  TeamDb   *db;
  Barrier  *barrier;
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
  barrier_wait (c->barrier);
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
  Barrier barrier = { .total = N_CLAIMERS };
  Claimer claimers[N_CLAIMERS] = { { 0 } };
  GThread *threads[N_CLAIMERS];
  g_autoptr(GError) error = NULL;
  VigilCase *kase = team_client_open_case (main_desk, 42);
  const char *winner = NULL;
  guint n_won = 0;
  g_autoptr(PGconn) conn = NULL;

  g_mutex_init (&barrier.lock);
  g_cond_init (&barrier.cond);
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
  g_mutex_clear (&barrier.lock);
  g_cond_clear (&barrier.cond);
  team_client_free (main_desk);
  team_db_free (db);
}

/* --- Twenty desks at work ------------------------------------------------ */

typedef struct
{
  TeamDb  *db;
  Barrier *barrier;
  char    *role;
  double   seconds;
  guint32  seed;
  guint    done;
  guint    refused;
  guint    conflicts;
  char    *failure;
  char    *cases[N_CASES];     /* the desk's view at the end */
} Desk;

static gpointer
desk_thread (gpointer data)
{
  Desk *d = data;
  TeamClient *client = team_client_new (d->db, d->role, TRUE, TRUE);
  g_autoptr(GRand) rng = g_rand_new_with_seed (d->seed);
  gint64 deadline_us;

  g_assert_true (team_client_catch_up (client, d->db, 10000));
  /* the clock starts once every desk is connected */
  barrier_wait (d->barrier);
  deadline_us = g_get_monotonic_time () + (gint64) (d->seconds * G_USEC_PER_SEC);
  while (g_get_monotonic_time () < deadline_us && d->failure == NULL)
    {
      g_autoptr(GError) error = NULL;
      g_autofree char *case_id = g_strdup_printf ("%d", 100 + g_rand_int_range (rng, 0, N_CASES));

      team_client_pump (client);
      switch (team_client_random_action (client, case_id, rng, &error))
        {
        case TEAM_ACTION_DONE: d->done++; break;
        case TEAM_ACTION_REFUSED: d->refused++; break;
        case TEAM_ACTION_CONFLICT: d->conflicts++; break;
        default:
          d->failure = g_strdup (error ? error->message : "the server went away");
          break;
        }
    }
  /* everyone stopped: catch up, then say what the board shows */
  barrier_wait (d->barrier);
  if (!team_client_catch_up (client, d->db, 20000) && d->failure == NULL)
    d->failure = g_strdup ("did not catch up with the log");
  for (guint i = 0; i < N_CASES; i++)
    {
      g_autofree char *id = g_strdup_printf ("%u", 100 + i);

      d->cases[i] = team_describe_case (vigil_case_board_lookup (client->board, id));
    }
  team_client_free (client);
  return NULL;
}

static void
test_random_actions (void)
{
  const char *env = g_getenv ("VIGIL_TEAM_STRESS_SECONDS");
  double seconds = env ? g_ascii_strtod (env, NULL) : 30;
  TeamDb *db = team_db_new ();
  g_autofree char *opener = team_db_add_role (db, "triage");
  TeamClient *main_desk = team_client_new (db, opener, FALSE, TRUE);
  Barrier barrier = { .total = N_DESKS };
  Desk desks[N_DESKS] = { { 0 } };
  GThread *threads[N_DESKS];
  TeamClient *fresh;
  guint total_done = 0, total_conflicts = 0, total_refused = 0;
  guint32 seed = g_test_rand_int ();

  g_mutex_init (&barrier.lock);
  g_cond_init (&barrier.cond);
  for (guint i = 0; i < N_CASES; i++)
    team_client_open_case (main_desk, 100 + i);

  for (guint i = 0; i < N_DESKS; i++)
    {
      desks[i].db = db;
      desks[i].barrier = &barrier;
      desks[i].role = team_db_add_role (db, "desk");
      desks[i].seed = seed + i;
      desks[i].seconds = seconds;
    }
  for (guint i = 0; i < N_DESKS; i++)
    threads[i] = g_thread_new ("desk", desk_thread, &desks[i]);
  for (guint i = 0; i < N_DESKS; i++)
    g_thread_join (threads[i]);

  fresh = team_client_new (db, opener, FALSE, TRUE);
  g_assert_true (team_client_catch_up (fresh, db, 20000));
  for (guint i = 0; i < N_DESKS; i++)
    {
      Desk *d = &desks[i];

      g_assert_null (d->failure);
      /* nothing lost, nothing doubled: what each desk did is in the log once */
      g_assert_cmpint (team_db_count_records (db, "case", d->role), ==, d->done);
      total_done += d->done;
      total_conflicts += d->conflicts;
      total_refused += d->refused;
      /* the log replays to the state every desk shows */
      for (guint c = 0; c < N_CASES; c++)
        {
          g_autofree char *id = g_strdup_printf ("%u", 100 + c);
          g_autofree char *replayed = team_describe_case (vigil_case_board_lookup (fresh->board, id));

          g_assert_cmpstr (d->cases[c], ==, replayed);
        }
    }
  g_assert_true (team_db_check_journal (db, NULL));
  g_test_message ("%u desks, %.0f s: %u actions recorded, %u conflicts decided by the database, "
                  "%u refused as illegal", N_DESKS, seconds, total_done, total_conflicts, total_refused);
  g_print ("# stress desks=%u seconds=%.0f recorded=%u conflicts=%u refused=%u\n", N_DESKS, seconds,
           total_done, total_conflicts, total_refused);
  g_assert_cmpuint (total_done, >, 0);

  for (guint i = 0; i < N_DESKS; i++)
    {
      g_free (desks[i].role);
      g_free (desks[i].failure);
      for (guint c = 0; c < N_CASES; c++)
        g_free (desks[i].cases[c]);
    }
  g_mutex_clear (&barrier.lock);
  g_cond_clear (&barrier.cond);
  team_client_free (fresh);
  team_client_free (main_desk);
  team_db_free (db);
}

int
main (int   argc,
      char *argv[])
{
  vigil_test_pg_require ();
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/team/race/claim", test_claim_race);
  g_test_add_func ("/team/race/random-actions", test_random_actions);
  return g_test_run ();
}

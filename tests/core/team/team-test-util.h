/* team-test-util.h: several workstations on one team database, in one test
 *
 * Each TeamClient is one workstation: its own PostgreSQL role (created for
 * the test, LOGIN, with the table rights a team member has), its own store
 * (three connections), VigilContext and triage board, on a GMainContext of
 * its own that the thread which made it iterates.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "vigil-case-board.h"
#include "vigil-test-pg.h"

G_BEGIN_DECLS

typedef struct
{
  char           *role;
  char           *uri;
  GMainContext   *context;
  VigilStore     *store;
  VigilContext   *vctx;
  VigilCaseBoard *board;
  gboolean        pushed;
} TeamClient;

typedef struct
{
  char       *uri;      /* the database, as the superuser */
  VigilStore *admin;    /* opened first: it migrates */
  GPtrArray  *roles;    /* created for the test, dropped at the end */
} TeamDb;

/* vigil_test_pg_require (), g_test_init (), and --team-sql=DIR: the
 * shipped data/team/ SQL the databases are set up with. */
void        team_test_init         (int         *argc,
                                    char      ***argv);
/* A fresh database on VIGIL_TEST_PG_URI's server, set up as IT would
 * (data/team/roles.sql, owned by vigil_owner, who creates the tables,
 * then grants.sql). */
TeamDb     *team_db_new            (void);
void        team_db_free           (TeamDb      *db);
/* A person's LOGIN role "<prefix>_<pid>_<n>", in vigil_member. */
char       *team_db_add_role       (TeamDb      *db,
                                    const char  *prefix);
/* Opens a workstation as role, on the calling thread's thread-default
 * context (pushes a new one when push_context); with its VigilContext and
 * triage board when with_board. */
TeamClient *team_client_new        (TeamDb      *db,
                                    const char  *role,
                                    gboolean     push_context,
                                    gboolean     with_board);
void        team_client_free       (TeamClient  *client);
/* Runs what is pending on the client's context, without blocking. */
void        team_client_pump       (TeamClient  *client);
/* Iterates the client's context until func returns TRUE or timeout_ms
 * passes; returns func's last answer. */
gboolean    team_client_wait       (TeamClient  *client,
                                    gboolean   (*func) (gpointer data),
                                    gpointer     data,
                                    guint        timeout_ms);
/* A case for a made-up post id (opened by client's board). */
VigilCase  *team_client_open_case  (TeamClient  *client,
                                    gint64       post_id);

typedef enum
{
  TEAM_ACTION_DONE,         /* one record appended */
  TEAM_ACTION_REFUSED,      /* not legal from the case's state, or no change: nothing written */
  TEAM_ACTION_CONFLICT,     /* someone else changed the case first */
  TEAM_ACTION_UNAVAILABLE,  /* the server was away */
  TEAM_ACTION_FAILED,       /* anything else: a bug (error set) */
} TeamAction;

/* A random triage action on case case_id through client's board. */
TeamAction  team_client_random_action (TeamClient  *client,
                                       const char  *case_id,
                                       GRand       *rng,
                                       GError     **error);
/* Describes a case: "state role person claimed_by severity version". */
char       *team_describe_case     (VigilCase   *kase);
/* Iterates until client's board has every case at the version the database has. */
gboolean    team_client_catch_up   (TeamClient  *client,
                                    TeamDb      *db,
                                    guint        timeout_ms);

/* Threads that start together. */
typedef struct
{
  GMutex lock;
  GCond  cond;
  guint  waiting;
  guint  total;
  guint  round;
} TeamBarrier;

void        team_barrier_init      (TeamBarrier *barrier,
                                    guint        n);
void        team_barrier_clear     (TeamBarrier *barrier);
void        team_barrier_wait      (TeamBarrier *barrier);

#define TEAM_MAX_CASES 16

/* One desk at work in a thread of its own (team_desk_thread): random
 * actions on cases first_case … first_case + n_cases - 1, for seconds after
 * every desk is connected, or until *stop; then (after every desk stopped)
 * it catches up and describes the cases as its board shows them. */
typedef struct
{
  /* in */
  TeamDb       *db;
  TeamBarrier  *barrier;
  char         *role;
  guint32       seed;
  guint         first_case;
  guint         n_cases;
  double        seconds;
  gint         *stop;                /* atomic; used when seconds is 0 */
  gint         *restarted;           /* atomic: count done_after from when it's set */
  gboolean      allow_unavailable;
  /* out */
  guint         done, refused, conflicts, unavailable, done_after;
  gboolean      saw_offline;
  gboolean      online_at_end;
  char         *failure;
  char         *cases[TEAM_MAX_CASES];
} TeamDesk;

gpointer    team_desk_thread       (gpointer     desk);
void        team_desk_clear        (TeamDesk    *desk);
/* Checks the desks' work against the log: each desk's done actions are in
 * it under its role (at most `unavailable` more, for actions whose answer
 * the outage swallowed), the chain holds, and a fresh desk replaying it
 * shows every desk's final state. Returns the replaying desk's role's
 * TeamClient freed; prints a summary. */
void        team_desks_check       (TeamDb      *db,
                                    const char  *replay_role,
                                    TeamDesk    *desks,
                                    guint        n_desks);

/* Records in the database written by role (db_role). */
gint64      team_db_count_records  (TeamDb      *db,
                                    const char  *kind,
                                    const char  *role);
/* Walks the journal: seq 1..n contiguous, each row's prev_hash the hash
 * before it and its hash recomputed, versions 1..k per key, the head
 * matching. FALSE with a message when not. */
gboolean    team_db_check_journal  (TeamDb      *db,
                                    char       **out_problem);

/* Milliseconds since some fixed point. */
double      team_now_ms            (void);
/* The p-th percentile (0..100) of n values (sorts them). */
double      team_percentile        (double      *values,
                                    guint        n,
                                    double       p);

G_END_DECLS

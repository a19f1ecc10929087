/* test-case-board.c: the triage board's state machine, log, undo, claims,
 * approval gating, SLAs and inbox rule, over a real (in-memory) store
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <json-glib/json-glib.h>

#include "vigil-case-board.h"
#include "vigil-memory-credential-store.h"
#include "vigil-scenario-player.h"

static gint64 fake_now = G_GINT64_CONSTANT (1764000000) * G_USEC_PER_SEC;

static gint64
fake_clock (gpointer user_data)
{
  return fake_now;
}

typedef struct
{
  VigilStore     *store;
  VigilContext   *context;
  VigilCaseBoard *board;
} Fixture;

static VigilPost *
make_post (const char *remote_id,
           const char *text,
           double      compound,
           const char *category,
           const char *moderation)
{
  VigilPost *post = vigil_post_new (VIGIL_PLATFORM_MASTODON, remote_id);
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  const char *cats[] = { category, NULL };
  const char *mods[] = { moderation, NULL };

  vigil_post_set_author (post, "someone@example.test");
  vigil_post_set_text (post, text);
  vigil_post_set_created_at (post, now);
  vigil_post_set_sentiment (post, compound,
                            compound <= -0.05 ? VIGIL_SENTIMENT_NEGATIVE :
                            compound >= 0.05 ? VIGIL_SENTIMENT_POSITIVE : VIGIL_SENTIMENT_NEUTRAL);
  if (category)
    vigil_post_set_categories (post, cats);
  if (moderation)
    vigil_post_set_moderation (post, mods);
  return post;
}

static void
insert (Fixture   *f,
        VigilPost *post)
{
  g_autoptr(GPtrArray) posts = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GError) error = NULL;

  g_ptr_array_add (posts, post);
  g_assert_true (vigil_store_insert (f->store, posts, NULL, &error));
  g_assert_no_error (error);
}

static void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(VigilCredentialStore) credentials = vigil_memory_credential_store_new ();
  VigilContextOptions options = {
    .actor = "alice",
    .credentials = credentials,
    .no_sources = TRUE,
    .no_classify = TRUE,
  };

  fake_now = G_GINT64_CONSTANT (1764000000) * G_USEC_PER_SEC;
  f->store = vigil_store_open (":memory:", &error);
  g_assert_no_error (error);
  /* posts archived before the board exists: the rule looks at them when it starts */
  insert (f, make_post ("angry-1", "This kettle scalded me, disgraceful", -0.8, NULL, NULL));
  insert (f, make_post ("happy-1", "Love my new kettle", 0.7, NULL, NULL));
  insert (f, make_post ("refund-1", "Where is my refund", -0.2, "customer-service.refund", NULL));
  insert (f, make_post ("abuse-1", "You are idiots", -0.3, NULL, "idiots"));
  f->context = vigil_context_new_for_store (f->store, &options, &error);
  g_assert_no_error (error);
  vigil_context_set_clock (f->context, fake_clock, NULL);
  f->board = vigil_case_board_get (f->context);
  g_assert_nonnull (f->board);
}

static void
fixture_tear_down (Fixture       *f,
                   gconstpointer  data)
{
  vigil_context_shutdown (f->context);
  g_clear_object (&f->context);
  g_clear_object (&f->store);
}

static VigilCase *
case_for (Fixture    *f,
          const char *remote_id)
{
  g_autoptr(GError) error = NULL;
  VigilCase *kase = vigil_case_board_ensure_case (f->board, remote_id, &error);

  g_assert_no_error (error);
  g_assert_nonnull (kase);
  return kase;
}

static JsonObject *
body_of (JsonParser        *parser,
         const VigilRecord *record)
{
  g_assert_true (json_parser_load_from_data (parser, record->body, -1, NULL));
  return json_node_get_object (json_parser_get_root (parser));
}

/* --- the pure state machine --------------------------------------------- */

typedef struct
{
  VigilCaseState from;
  VigilCaseOp    op;
  gboolean       needs_approval;
  gboolean       approved;
  VigilCaseState to;
} Transition;

#define S(x) VIGIL_CASE_STATE_##x
#define O(x) VIGIL_CASE_OP_##x

static const Transition legal[] = {
  { S(NEW), O(ASSIGN), 0, 0, S(ASSIGNED) },
  { S(ASSIGNED), O(ASSIGN), 0, 0, S(ASSIGNED) },
  { S(IN_PROGRESS), O(ASSIGN), 0, 0, S(ASSIGNED) },
  { S(ESCALATED), O(ASSIGN), 0, 0, S(ASSIGNED) },
  { S(ASSIGNED), O(CLAIM), 0, 0, S(IN_PROGRESS) },
  { S(ESCALATED), O(CLAIM), 0, 0, S(IN_PROGRESS) },
  { S(IN_PROGRESS), O(TAKE_OVER), 0, 0, S(IN_PROGRESS) },
  { S(AWAITING_APPROVAL), O(TAKE_OVER), 1, 0, S(AWAITING_APPROVAL) },
  { S(IN_PROGRESS), O(RELEASE), 0, 0, S(ASSIGNED) },
  { S(NEW), O(ESCALATE), 0, 0, S(ESCALATED) },
  { S(ASSIGNED), O(ESCALATE), 0, 0, S(ESCALATED) },
  { S(IN_PROGRESS), O(ESCALATE), 0, 0, S(ESCALATED) },
  { S(AWAITING_APPROVAL), O(ESCALATE), 1, 0, S(ESCALATED) },
  { S(ESCALATED), O(ESCALATE), 0, 0, S(ESCALATED) },
  { S(NEW), O(LEAVE), 0, 0, S(LEFT_LYING) },
  { S(ASSIGNED), O(LEAVE), 0, 0, S(LEFT_LYING) },
  { S(IN_PROGRESS), O(LEAVE), 0, 0, S(LEFT_LYING) },
  { S(ESCALATED), O(LEAVE), 0, 0, S(LEFT_LYING) },
  { S(ASSIGNED), O(DRAFT), 0, 0, S(IN_PROGRESS) },
  { S(IN_PROGRESS), O(DRAFT), 0, 0, S(IN_PROGRESS) },
  { S(IN_PROGRESS), O(DRAFT), 1, 0, S(AWAITING_APPROVAL) },
  { S(ESCALATED), O(DRAFT), 1, 0, S(AWAITING_APPROVAL) },
  { S(AWAITING_APPROVAL), O(DRAFT), 1, 1, S(AWAITING_APPROVAL) },
  { S(AWAITING_APPROVAL), O(APPROVE), 1, 0, S(AWAITING_APPROVAL) },
  { S(AWAITING_APPROVAL), O(REJECT), 1, 0, S(IN_PROGRESS) },
  { S(AWAITING_APPROVAL), O(RESPOND), 1, 1, S(RESPONDED) },
  { S(IN_PROGRESS), O(RESPOND), 0, 0, S(RESPONDED) },
  { S(ASSIGNED), O(RESPOND), 0, 0, S(RESPONDED) },
  { S(ESCALATED), O(RESPOND), 0, 0, S(RESPONDED) },
  { S(ASSIGNED), O(RESOLVE), 0, 0, S(RESOLVED) },
  { S(IN_PROGRESS), O(RESOLVE), 0, 0, S(RESOLVED) },
  { S(ESCALATED), O(RESOLVE), 0, 0, S(RESOLVED) },
  { S(RESPONDED), O(RESOLVE), 0, 0, S(RESOLVED) },
  { S(AWAITING_APPROVAL), O(RESOLVE), 1, 0, S(RESOLVED) },
  { S(RESOLVED), O(REOPEN), 0, 0, S(NEW) },
  { S(LEFT_LYING), O(REOPEN), 0, 0, S(NEW) },
  { S(RESPONDED), O(REOPEN), 0, 0, S(NEW) },
};

static gboolean
is_legal (VigilCaseState from,
          VigilCaseOp    op,
          gboolean       needs_approval,
          gboolean       approved)
{
  /* notes and links are allowed everywhere; severity while open */
  if (op == O(NOTE) || op == O(LINK))
    return TRUE;
  if (op == O(SEVERITY))
    return !vigil_case_state_is_closed (from);
  /* a gated reply goes out only once approved */
  if (op == O(RESPOND))
    return (from == S(ASSIGNED) || from == S(IN_PROGRESS) || from == S(ESCALATED) ||
            from == S(AWAITING_APPROVAL)) &&
           (!needs_approval || (from == S(AWAITING_APPROVAL) && approved));
  /* an approved draft isn't approved twice */
  if (op == O(APPROVE) && approved)
    return FALSE;
  for (guint i = 0; i < G_N_ELEMENTS (legal); i++)
    if (legal[i].from == from && legal[i].op == op)
      return TRUE;
  return FALSE;
}

static void
test_state_legal (void)
{
  for (guint i = 0; i < G_N_ELEMENTS (legal); i++)
    {
      g_autoptr(GError) error = NULL;
      VigilCaseState to = VIGIL_CASE_N_STATES;

      g_test_message ("%s --%s--> %s", vigil_case_state_to_string (legal[i].from),
                      vigil_case_op_to_string (legal[i].op), vigil_case_state_to_string (legal[i].to));
      g_assert_true (vigil_case_transition (legal[i].from, legal[i].op, legal[i].needs_approval,
                                            legal[i].approved, "7", &to, &error));
      g_assert_no_error (error);
      g_assert_cmpint (to, ==, legal[i].to);
    }
}

static void
test_state_illegal (void)
{
  guint refused = 0;

  for (VigilCaseState s = 0; s < VIGIL_CASE_N_STATES; s++)
    for (VigilCaseOp op = 0; op < VIGIL_CASE_N_OPS; op++)
      for (int gated = 0; gated < 2; gated++)
        for (int approved = 0; approved < 2; approved++)
          {
            g_autoptr(GError) error = NULL;
            VigilCaseState to = s;
            gboolean ok;

            if (op == O(OPEN) || op == O(UNDO))
              {
                g_assert_false (vigil_case_transition (s, op, gated, approved, "7", &to, &error));
                continue;
              }
            ok = vigil_case_transition (s, op, gated, approved, "7", &to, &error);
            g_test_message ("%s %s gated=%d approved=%d: %s", vigil_case_state_to_string (s),
                            vigil_case_op_to_string (op), gated, approved, ok ? "ok" : error->message);
            if (is_legal (s, op, gated, approved))
              {
                g_assert_no_error (error);
                g_assert_true (ok);
                continue;
              }
            g_assert_false (ok);
            g_assert_cmpint (to, ==, s);   /* untouched */
            g_assert_nonnull (error);
            g_assert_true (error->domain == VIGIL_CASE_ERROR);
            g_assert_true (error->code == VIGIL_CASE_ERROR_ILLEGAL ||
                           (op == O(RESPOND) && error->code == VIGIL_CASE_ERROR_NEEDS_APPROVAL));
            /* the message names the case */
            g_assert_nonnull (strstr (error->message, "7"));
            refused++;
          }
  g_assert_cmpuint (refused, >, 100);
}

static void
test_sla_maths (void)
{
  gint64 hour = G_TIME_SPAN_HOUR;
  g_autofree char *left = NULL;
  g_autofree char *late = NULL;

  g_assert_cmpint (vigil_severity_default_sla_us (VIGIL_SEVERITY_CRISIS), ==, 15 * G_TIME_SPAN_MINUTE);
  g_assert_cmpint (vigil_severity_default_sla_us (VIGIL_SEVERITY_HIGH), ==, hour);
  g_assert_cmpint (vigil_severity_default_sla_us (VIGIL_SEVERITY_MEDIUM), ==, 4 * hour);
  g_assert_cmpint (vigil_severity_default_sla_us (VIGIL_SEVERITY_LOW), ==, 24 * hour);

  /* due at 10 h, allowance 4 h: opened at 6 h */
  g_assert_cmpint (vigil_sla_level_at (10 * hour, 4 * hour, 6 * hour), ==, VIGIL_SLA_GREEN);
  g_assert_cmpint (vigil_sla_level_at (10 * hour, 4 * hour, 8 * hour), ==, VIGIL_SLA_GREEN);
  g_assert_cmpint (vigil_sla_level_at (10 * hour, 4 * hour, 9 * hour - 1), ==, VIGIL_SLA_GREEN);
  g_assert_cmpint (vigil_sla_level_at (10 * hour, 4 * hour, 9 * hour), ==, VIGIL_SLA_AMBER);   /* exactly 25 % */
  g_assert_cmpint (vigil_sla_level_at (10 * hour, 4 * hour, 10 * hour - 1), ==, VIGIL_SLA_AMBER);
  g_assert_cmpint (vigil_sla_level_at (10 * hour, 4 * hour, 10 * hour), ==, VIGIL_SLA_RED);
  g_assert_cmpint (vigil_sla_level_at (10 * hour, 4 * hour, 20 * hour), ==, VIGIL_SLA_RED);
  g_assert_cmpint (vigil_sla_level_at (10 * hour, 0, 0), ==, VIGIL_SLA_NONE);

  left = vigil_sla_format_remaining (hour + 12 * G_TIME_SPAN_MINUTE, hour);
  g_assert_cmpstr (left, ==, "12 min left");
  late = vigil_sla_format_remaining (hour, hour + 5 * G_TIME_SPAN_MINUTE);
  g_assert_cmpstr (late, ==, "overdue 5 min");
}

/* --- the board ----------------------------------------------------------- */

static void
test_board_inbox_rule (Fixture       *f,
                       gconstpointer  data)
{
  GListModel *inbox = vigil_case_board_get_inbox (f->board);
  VigilCase *refund;

  /* strongly negative, a risk category, a moderation flag; not the happy one */
  g_assert_cmpuint (g_list_model_get_n_items (inbox), ==, 3);
  g_assert_null (vigil_case_board_lookup (f->board, "happy-1"));
  refund = vigil_case_board_lookup (f->board, "refund-1");
  g_assert_nonnull (refund);
  g_assert_cmpstr (vigil_case_get_opened_by (refund), ==, VIGIL_CASE_BOARD_RULE_ACTOR);
  g_assert_cmpstr (vigil_case_get_suggested_role (refund), ==, "customer-service");
  g_assert_cmpint (vigil_case_get_state (refund), ==, VIGIL_CASE_STATE_NEW);
  g_assert_true (vigil_case_get_moderation (vigil_case_board_lookup (f->board, "abuse-1")));

  /* live posts go through the rule as they are archived ("changed") */
  insert (f, make_post ("angry-2", "Worst company ever", -0.9, NULL, NULL));
  insert (f, make_post ("happy-2", "Lovely", 0.9, NULL, NULL));
  while (g_main_context_iteration (NULL, FALSE));
  vigil_case_board_scan_inbox (f->board);
  g_assert_cmpuint (g_list_model_get_n_items (inbox), ==, 4);
  g_assert_nonnull (vigil_case_board_lookup (f->board, "angry-2"));
  g_assert_null (vigil_case_board_lookup (f->board, "happy-2"));
}

static void
test_board_transitions_and_log (Fixture       *f,
                                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) log = NULL;
  g_autoptr(JsonParser) parser = json_parser_new ();
  VigilCase *kase = case_for (f, "angry-1");
  GListModel *hr = vigil_case_board_get_column (f->board, "hr");
  JsonObject *body;
  gint64 opened_at = fake_now;

  g_assert_cmpuint (g_list_model_get_n_items (hr), ==, 0);

  fake_now += G_TIME_SPAN_MINUTE;
  g_assert_true (vigil_case_board_assign (f->board, kase, "3", NULL, "for HR", &error));  /* digit 3 = HR */
  g_assert_no_error (error);
  g_assert_cmpint (vigil_case_get_state (kase), ==, VIGIL_CASE_STATE_ASSIGNED);
  g_assert_cmpstr (vigil_case_get_role (kase), ==, "hr");
  g_assert_cmpuint (g_list_model_get_n_items (hr), ==, 1);

  /* illegal: resolving a left-lying case, unknown role */
  g_assert_false (vigil_case_board_assign (f->board, kase, "astrology", NULL, NULL, &error));
  g_assert_error (error, VIGIL_CASE_ERROR, VIGIL_CASE_ERROR_UNKNOWN_ROLE);
  g_clear_error (&error);

  vigil_context_set_actor (f->context, "bob");
  fake_now += G_TIME_SPAN_MINUTE;
  g_assert_true (vigil_case_board_escalate (f->board, kase, "press is calling", &error));
  g_assert_no_error (error);
  g_assert_cmpint (vigil_case_get_state (kase), ==, VIGIL_CASE_STATE_ESCALATED);
  g_assert_cmpstr (vigil_case_get_role (kase), ==, "crisis-manager");
  g_assert_cmpuint (g_list_model_get_n_items (hr), ==, 0);
  g_assert_cmpuint (g_list_model_get_n_items (vigil_case_board_get_escalated (f->board)), ==, 1);
  /* the crisis manager is the top */
  g_assert_false (vigil_case_board_escalate (f->board, kase, NULL, &error));
  g_assert_error (error, VIGIL_CASE_ERROR, VIGIL_CASE_ERROR_ILLEGAL);
  g_clear_error (&error);

  g_assert_true (vigil_case_board_resolve (f->board, kase, NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (g_list_model_get_n_items (vigil_case_board_get_done (f->board)), ==, 1);
  g_assert_false (vigil_case_board_leave (f->board, kase, "noise", &error));
  g_assert_error (error, VIGIL_CASE_ERROR, VIGIL_CASE_ERROR_ILLEGAL);
  g_assert_nonnull (strstr (error->message, "reopen"));
  g_clear_error (&error);

  log = vigil_case_board_list_log (f->board, kase, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (log->len, ==, 4);   /* open, assign, escalate, resolve: refusals leave nothing */

  body = body_of (parser, g_ptr_array_index (log, 0));
  g_assert_cmpstr (json_object_get_string_member (body, "op"), ==, "open");
  g_assert_cmpstr (((VigilRecord *) g_ptr_array_index (log, 0))->actor, ==, VIGIL_CASE_BOARD_RULE_ACTOR);
  g_assert_cmpint (((VigilRecord *) g_ptr_array_index (log, 0))->at_us, ==, opened_at);

  body = body_of (parser, g_ptr_array_index (log, 1));
  g_assert_cmpstr (((VigilRecord *) g_ptr_array_index (log, 1))->actor, ==, "alice");
  g_assert_cmpint (((VigilRecord *) g_ptr_array_index (log, 1))->at_us, ==, opened_at + G_TIME_SPAN_MINUTE);
  g_assert_cmpstr (json_object_get_string_member (body, "from"), ==, "new");
  g_assert_cmpstr (json_object_get_string_member (body, "to"), ==, "assigned");
  g_assert_cmpstr (json_object_get_string_member (body, "note"), ==, "for HR");

  body = body_of (parser, g_ptr_array_index (log, 2));
  g_assert_cmpstr (((VigilRecord *) g_ptr_array_index (log, 2))->actor, ==, "bob");
  g_assert_cmpstr (json_object_get_string_member (body, "op"), ==, "escalate");
  g_assert_cmpstr (json_object_get_string_member (body, "from"), ==, "assigned");
  g_assert_cmpstr (json_object_get_string_member (body, "to"), ==, "escalated");
  g_assert_cmpstr (json_object_get_string_member (body, "note"), ==, "press is calling");
  for (guint i = 0; i < log->len; i++)
    g_assert_cmpint (((VigilRecord *) g_ptr_array_index (log, i))->version, ==, i + 1);

  /* JSON lines for vigil-cli case log */
  {
    g_autoptr(GString) out = g_string_new (NULL);
    g_autofree char *line = NULL;

    vigil_case_board_write_log_json (g_ptr_array_index (log, 2), out);
    body = body_of (parser, &(VigilRecord) { .body = out->str });
    g_assert_cmpstr (json_object_get_string_member (body, "actor"), ==, "bob");
    g_assert_cmpstr (json_object_get_string_member (body, "op"), ==, "escalate");
    g_assert_true (json_object_has_member (body, "at"));
    line = vigil_case_board_describe_record (f->board, g_ptr_array_index (log, 2));
    g_assert_cmpstr (line, ==, "Escalated to Crisis Manager: press is calling");
  }
}

static void
test_board_log_append_only (Fixture       *f,
                            gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) before = NULL;
  g_autoptr(GPtrArray) after = NULL;
  VigilCase *kase = case_for (f, "refund-1");
  VigilStoreVerifyResult verify = { 0, };

  g_assert_true (vigil_case_board_assign (f->board, kase, "customer-service", "carol", NULL, &error));
  g_assert_true (vigil_case_board_add_note (f->board, kase, "called the customer", &error));
  g_assert_no_error (error);
  before = vigil_case_board_list_log (f->board, kase, &error);

  g_assert_true (vigil_case_board_undo (f->board, &error));
  g_assert_true (vigil_case_board_leave (f->board, kase, "duplicate of a handled complaint", &error));
  g_assert_no_error (error);
  after = vigil_case_board_list_log (f->board, kase, &error);

  /* later actions (an undo included) only add records; earlier ones are
   * unchanged, byte for byte */
  g_assert_cmpuint (after->len, ==, before->len + 2);
  for (guint i = 0; i < before->len; i++)
    {
      VigilRecord *a = g_ptr_array_index (before, i), *b = g_ptr_array_index (after, i);

      g_assert_cmpint (a->seq, ==, b->seq);
      g_assert_cmpstr (a->actor, ==, b->actor);
      g_assert_cmpint (a->at_us, ==, b->at_us);
      g_assert_cmpstr (a->body, ==, b->body);
    }
  /* the store refuses a record that skips the case's version */
  g_assert_false (vigil_store_append_record (f->store, "case", vigil_case_get_id (kase), 1, "mallory", 0,
                                             "{\"op\":\"note\"}", NULL, &error));
  g_assert_error (error, VIGIL_STORE_ERROR, VIGIL_STORE_ERROR_CONFLICT);
  g_clear_error (&error);
  /* and the journal is hash-chained with the archive */
  g_assert_true (vigil_store_verify (f->store, &verify, &error));
  g_assert_true (verify.ok);
  vigil_store_verify_result_clear (&verify);
  g_assert_cmpint (vigil_case_get_n_notes (kase), ==, 1);
}

static void
test_board_undo (Fixture       *f,
                 gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) log = NULL;
  g_autoptr(GPtrArray) many = g_ptr_array_new ();
  g_autoptr(JsonParser) parser = json_parser_new ();
  VigilCase *a = case_for (f, "angry-1");
  VigilCase *b = case_for (f, "refund-1");
  JsonObject *body;

  g_assert_false (vigil_case_board_can_undo (f->board));
  g_assert_false (vigil_case_board_undo (f->board, &error));
  g_assert_error (error, VIGIL_CASE_ERROR, VIGIL_CASE_ERROR_NOTHING_TO_UNDO);
  g_clear_error (&error);

  g_assert_true (vigil_case_board_leave (f->board, a, NULL, &error));
  g_assert_cmpint (vigil_case_get_state (a), ==, VIGIL_CASE_STATE_LEFT_LYING);
  g_assert_true (vigil_case_board_undo (f->board, &error));
  g_assert_no_error (error);
  g_assert_cmpint (vigil_case_get_state (a), ==, VIGIL_CASE_STATE_NEW);
  g_assert_cmpuint (g_list_model_get_n_items (vigil_case_board_get_done (f->board)), ==, 0);

  log = vigil_case_board_list_log (f->board, a, &error);
  g_assert_cmpuint (log->len, ==, 3);
  body = body_of (parser, g_ptr_array_index (log, 2));
  g_assert_cmpstr (json_object_get_string_member (body, "op"), ==, "undo");
  g_assert_cmpint (json_object_get_int_member (body, "undo_of"), ==,
                   ((VigilRecord *) g_ptr_array_index (log, 1))->seq);
  g_assert_cmpstr (json_object_get_string_member (body, "from"), ==, "left-lying");
  g_assert_cmpstr (json_object_get_string_member (body, "to"), ==, "new");

  /* a multi-select drag is one undo step */
  g_ptr_array_add (many, a);
  g_ptr_array_add (many, b);
  g_assert_true (vigil_case_board_assign_many (f->board, many, "legal", NULL, &error));
  g_assert_cmpuint (g_list_model_get_n_items (vigil_case_board_get_column (f->board, "legal")), ==, 2);
  g_assert_true (vigil_case_board_undo (f->board, &error));
  g_assert_cmpuint (g_list_model_get_n_items (vigil_case_board_get_column (f->board, "legal")), ==, 0);
  g_assert_cmpint (vigil_case_get_state (a), ==, VIGIL_CASE_STATE_NEW);
  g_assert_cmpint (vigil_case_get_state (b), ==, VIGIL_CASE_STATE_NEW);
  g_assert_null (vigil_case_get_role (b));

  /* someone changed the case since: the undo is refused, not forced */
  g_assert_true (vigil_case_board_assign (f->board, a, "pr", NULL, NULL, &error));
  vigil_context_set_actor (f->context, "bob");
  g_assert_true (vigil_case_board_add_note (f->board, a, "I'll call the journalist", &error));
  g_assert_true (vigil_case_board_claim (f->board, a, FALSE, &error));
  vigil_context_set_actor (f->context, "alice");
  g_assert_false (vigil_case_board_undo (f->board, &error));
  g_assert_error (error, VIGIL_CASE_ERROR, VIGIL_CASE_ERROR_CONFLICT);
  g_assert_cmpstr (vigil_case_get_role (a), ==, "pr");
  g_assert_cmpstr (vigil_case_get_claimed_by (a), ==, "bob");
}

static void
test_board_take_over (Fixture       *f,
                      gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) log = NULL;
  g_autoptr(JsonParser) parser = json_parser_new ();
  VigilCase *kase = case_for (f, "refund-1");
  JsonObject *body;

  g_assert_true (vigil_case_board_assign (f->board, kase, "customer-service", NULL, NULL, &error));
  g_assert_true (vigil_case_board_claim (f->board, kase, FALSE, &error));
  g_assert_no_error (error);
  g_assert_cmpstr (vigil_case_get_claimed_by (kase), ==, "alice");
  g_assert_cmpint (vigil_case_get_state (kase), ==, VIGIL_CASE_STATE_IN_PROGRESS);

  vigil_context_set_actor (f->context, "bob");
  g_assert_false (vigil_case_board_claim (f->board, kase, FALSE, &error));
  g_assert_error (error, VIGIL_CASE_ERROR, VIGIL_CASE_ERROR_CLAIMED);
  g_assert_nonnull (strstr (error->message, "alice"));
  g_clear_error (&error);
  /* nor can bob work on it behind alice's back */
  g_assert_false (vigil_case_board_resolve (f->board, kase, NULL, &error));
  g_assert_error (error, VIGIL_CASE_ERROR, VIGIL_CASE_ERROR_CLAIMED);
  g_clear_error (&error);

  g_assert_true (vigil_case_board_claim (f->board, kase, TRUE, &error));
  g_assert_no_error (error);
  g_assert_cmpstr (vigil_case_get_claimed_by (kase), ==, "bob");
  log = vigil_case_board_list_log (f->board, kase, &error);
  body = body_of (parser, g_ptr_array_index (log, log->len - 1));
  g_assert_cmpstr (json_object_get_string_member (body, "op"), ==, "take-over");
  g_assert_cmpstr (json_object_get_string_member (body, "note"), ==, "taken over from alice");
  g_assert_cmpstr (((VigilRecord *) g_ptr_array_index (log, log->len - 1))->actor, ==, "bob");
}

static void
test_board_race (Fixture       *f,
                 gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  VigilCase *kase = case_for (f, "angry-1");
  g_autofree char *body = NULL;

  /* Another workstation claims it first: its record reaches the store
   * before ours; the board hasn't seen it yet. */
  body = g_strdup ("{\"op\":\"assign\",\"from\":\"new\",\"to\":\"assigned\",\"role\":\"legal\","
                   "\"person\":\"dave\",\"severity\":\"medium\",\"claimed_by\":null,\"note\":null}");
  g_assert_true (vigil_store_append_record (f->store, "case", vigil_case_get_id (kase),
                                            vigil_case_get_version (kase), "dave", 0, body, NULL, &error));
  g_assert_no_error (error);

  g_assert_false (vigil_case_board_assign (f->board, kase, "hr", NULL, NULL, &error));
  g_assert_error (error, VIGIL_CASE_ERROR, VIGIL_CASE_ERROR_CONFLICT);
  /* reloaded: the board now shows what won */
  g_assert_cmpstr (vigil_case_get_role (kase), ==, "legal");
  g_assert_cmpstr (vigil_case_get_person (kase), ==, "dave");
  g_assert_cmpuint (g_list_model_get_n_items (vigil_case_board_get_column (f->board, "legal")), ==, 1);
  while (g_main_context_iteration (NULL, FALSE));   /* the late signal changes nothing */
  g_assert_cmpint (vigil_case_get_version (kase), ==, 2);
}

static void
test_board_approval (Fixture       *f,
                     gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  VigilCase *flagged = case_for (f, "abuse-1");   /* moderation flag */
  VigilCase *plain = case_for (f, "refund-1");

  g_assert_true (vigil_case_get_needs_approval (flagged));
  g_assert_true (vigil_case_board_assign (f->board, flagged, "customer-service", NULL, NULL, &error));
  /* no draft yet */
  g_assert_false (vigil_case_board_approve (f->board, flagged, NULL, &error));
  g_assert_error (error, VIGIL_CASE_ERROR, VIGIL_CASE_ERROR_ILLEGAL);
  g_clear_error (&error);
  g_assert_true (vigil_case_board_save_draft (f->board, flagged, "We're sorry to read this.",
                                              "apology", 3, NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpint (vigil_case_get_state (flagged), ==, VIGIL_CASE_STATE_AWAITING_APPROVAL);
  g_assert_cmpstr (vigil_case_get_draft_template (flagged), ==, "apology v3");

  g_assert_false (vigil_case_board_respond (f->board, flagged, NULL, &error));
  g_assert_error (error, VIGIL_CASE_ERROR, VIGIL_CASE_ERROR_NEEDS_APPROVAL);
  g_clear_error (&error);

  /* customer service's senior is the crisis manager; alice is not one */
  vigil_context_set_actor (f->context, "erin");
  g_assert_false (vigil_case_board_approve (f->board, flagged, NULL, &error));
  g_assert_error (error, VIGIL_CASE_ERROR, VIGIL_CASE_ERROR_NOT_PERMITTED);
  g_clear_error (&error);
  g_assert_true (vigil_case_board_join_role (f->board, "crisis manager", "erin", &error));
  g_assert_no_error (error);
  g_assert_true (vigil_case_board_reject (f->board, flagged, "too soft", &error));
  g_assert_cmpint (vigil_case_get_state (flagged), ==, VIGIL_CASE_STATE_IN_PROGRESS);

  vigil_context_set_actor (f->context, "alice");
  g_assert_true (vigil_case_board_save_draft (f->board, flagged, "We're sorry. Abuse isn't OK here.",
                                              NULL, 0, NULL, &error));
  g_assert_null (vigil_case_get_draft_template (flagged));
  vigil_context_set_actor (f->context, "erin");
  g_assert_true (vigil_case_board_approve (f->board, flagged, NULL, &error));
  g_assert_cmpstr (vigil_case_get_approved_by (flagged), ==, "erin");
  vigil_context_set_actor (f->context, "alice");
  g_assert_true (vigil_case_board_respond (f->board, flagged, NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpint (vigil_case_get_state (flagged), ==, VIGIL_CASE_STATE_RESPONDED);

  /* a medium case without flags is not gated; raising it to high gates it */
  g_assert_true (vigil_case_board_assign (f->board, plain, "customer-service", NULL, NULL, &error));
  g_assert_false (vigil_case_get_needs_approval (plain));
  g_assert_true (vigil_case_board_set_severity (f->board, plain, VIGIL_SEVERITY_HIGH, &error));
  g_assert_true (vigil_case_get_needs_approval (plain));
  g_assert_true (vigil_case_board_save_draft (f->board, plain, "Refund is on its way", NULL, 0, NULL, &error));
  g_assert_cmpint (vigil_case_get_state (plain), ==, VIGIL_CASE_STATE_AWAITING_APPROVAL);
  /* undoing the severity is refused: the case was drafted on since */
  g_assert_false (vigil_case_board_undo (f->board, &error));
  g_assert_error (error, VIGIL_CASE_ERROR, VIGIL_CASE_ERROR_CONFLICT);
  g_clear_error (&error);
  g_assert_true (vigil_case_get_needs_approval (plain));
}

static void
test_board_sla (Fixture       *f,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  VigilCase *kase = case_for (f, "refund-1");   /* medium: 4 h */
  gint64 opened = vigil_case_get_opened_us (kase);

  g_assert_cmpint (vigil_case_get_severity (kase), ==, VIGIL_SEVERITY_MEDIUM);
  g_assert_cmpint (vigil_case_get_due_us (kase), ==, opened + 4 * G_TIME_SPAN_HOUR);
  g_assert_cmpint (vigil_case_get_sla_level (kase), ==, VIGIL_SLA_GREEN);

  fake_now = opened + 3 * G_TIME_SPAN_HOUR + 1;
  vigil_case_board_refresh_sla (f->board);
  g_assert_cmpint (vigil_case_get_sla_level (kase), ==, VIGIL_SLA_AMBER);
  g_assert_cmpstr (vigil_case_get_sla_text (kase), ==, "59 min left");

  /* crisis: 15 min from the opening */
  g_assert_true (vigil_case_board_set_severity (f->board, kase, VIGIL_SEVERITY_CRISIS, &error));
  g_assert_cmpint (vigil_case_get_due_us (kase), ==, opened + 15 * G_TIME_SPAN_MINUTE);
  g_assert_cmpint (vigil_case_get_sla_level (kase), ==, VIGIL_SLA_RED);

  /* the clock stops once it's closed */
  g_assert_true (vigil_case_board_assign (f->board, kase, "customer-service", NULL, NULL, &error));
  g_assert_true (vigil_case_board_resolve (f->board, kase, NULL, &error));
  g_assert_cmpint (vigil_case_get_sla_level (kase), ==, VIGIL_SLA_NONE);
}

static void
test_board_replay (Fixture       *f,
                   gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(VigilContext) second = NULL;
  g_autoptr(VigilCredentialStore) credentials = vigil_memory_credential_store_new ();
  VigilContextOptions options = { .actor = "zoe", .credentials = credentials, .no_sources = TRUE, .no_classify = TRUE };
  VigilCase *kase = case_for (f, "angry-1");
  VigilCaseBoard *board2;
  VigilCase *again;

  g_assert_true (vigil_case_board_assign (f->board, kase, "legal", "lee", NULL, &error));
  g_assert_true (vigil_case_board_save_role (f->board, "hr", "People", "#9141ac", 3, NULL, "legal", &error));
  g_assert_no_error (error);

  /* A second workstation on the same archive replays the same board. */
  second = vigil_context_new_for_store (f->store, &options, &error);
  g_assert_no_error (error);
  board2 = vigil_case_board_get (second);
  again = vigil_case_board_lookup (board2, "angry-1");
  g_assert_nonnull (again);
  g_assert_cmpstr (vigil_case_get_role (again), ==, "legal");
  g_assert_cmpstr (vigil_case_get_person (again), ==, "lee");
  g_assert_cmpint (vigil_case_get_version (again), ==, vigil_case_get_version (kase));
  g_assert_nonnull (vigil_case_get_post (again));
  g_assert_cmpstr (vigil_triage_role_get_name (vigil_case_board_find_role (board2, "hr")), ==, "People");
  g_assert_cmpstr (vigil_triage_role_get_senior (vigil_case_board_find_role (board2, "people")), ==, "legal");
  g_assert_cmpuint (vigil_case_board_get_n_cases (board2), ==, vigil_case_board_get_n_cases (f->board));
  /* a key belongs to one role */
  g_assert_false (vigil_case_board_save_role (board2, "sales", "Sales", "#c88800", 3, NULL, "crisis-manager", &error));
  g_assert_error (error, VIGIL_CASE_ERROR, VIGIL_CASE_ERROR_INVALID);
  g_assert_nonnull (strstr (error->message, "People"));
  g_clear_error (&error);

  /* and sees the first one's next action when the store announces it */
  g_assert_true (vigil_case_board_escalate (f->board, kase, NULL, &error));
  while (g_main_context_iteration (NULL, FALSE));
  g_assert_cmpint (vigil_case_get_state (again), ==, VIGIL_CASE_STATE_ESCALATED);
  vigil_context_shutdown (second);
}

static void
on_finished_cb (VigilScenarioPlayer *player,
                gboolean            *done)
{
  *done = TRUE;
}

static gboolean
give_up_cb (gpointer data)
{
  *(gboolean *) data = TRUE;
  return G_SOURCE_REMOVE;
}

/* The demo's complaint storm fills the inbox on first run: the posts the
 * demo watches match, the flagged ones, the angry ones; not the praise. */
static void
test_demo_fills_inbox (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(VigilCredentialStore) credentials = vigil_memory_credential_store_new ();
  g_autoptr(VigilStore) store = vigil_store_open (":memory:", &error);
  g_autoptr(VigilContext) context = NULL;
  g_autoptr(VigilScenarioPlayer) player = NULL;
  VigilContextOptions options = { .actor = "nurse", .credentials = credentials, .no_sources = TRUE, .demo = TRUE };
  VigilCaseBoard *board;
  gboolean done = FALSE, gave_up = FALSE;
  guint timeout, n_inbox, flagged = 0;

  g_assert_no_error (error);
  context = vigil_context_new_for_store (store, &options, &error);
  g_assert_no_error (error);
  board = vigil_case_board_get (context);   /* the window makes it before the demo starts */
  g_assert_cmpuint (g_list_model_get_n_items (vigil_case_board_get_inbox (board)), ==, 0);

  player = vigil_scenario_player_new (store);
  g_assert_true (vigil_scenario_player_load_resource (player, VIGIL_SCENARIO_DEFAULT_RESOURCE, &error));
  g_assert_no_error (error);
  vigil_scenario_player_set_speed (player, 2000.0);
  g_signal_connect (player, "finished", G_CALLBACK (on_finished_cb), &done);
  timeout = g_timeout_add_seconds (60, give_up_cb, &gave_up);
  vigil_scenario_player_start (player);
  while (!done && !gave_up)
    g_main_context_iteration (NULL, TRUE);
  g_assert_false (gave_up);
  g_source_remove (timeout);
  vigil_store_flush (store);
  while (g_main_context_iteration (NULL, FALSE));
  vigil_case_board_scan_inbox (board);

  n_inbox = g_list_model_get_n_items (vigil_case_board_get_inbox (board));
  g_test_message ("%u of %u demo posts in the inbox", n_inbox, vigil_scenario_player_get_n_new_posts (player));
  g_assert_cmpuint (n_inbox, >=, 30);
  g_assert_cmpuint (n_inbox, <, vigil_scenario_player_get_n_new_posts (player));
  /* the morning's praise (line 1) stays out */
  g_assert_null (vigil_case_board_lookup (board, "demo-1"));
  for (guint i = 0; i < n_inbox; i++)
    {
      g_autoptr(VigilCase) kase = g_list_model_get_item (vigil_case_board_get_inbox (board), i);

      g_assert_cmpstr (vigil_case_get_opened_by (kase), ==, VIGIL_CASE_BOARD_RULE_ACTOR);
      if (vigil_case_get_needs_approval (kase))
        flagged++;
    }
  /* the fake support account and the abuse are gated */
  g_assert_cmpuint (flagged, >, 0);
  vigil_context_shutdown (context);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/vigil/triage/state/legal", test_state_legal);
  g_test_add_func ("/vigil/triage/state/illegal", test_state_illegal);
  g_test_add_func ("/vigil/triage/sla/maths", test_sla_maths);
  g_test_add_func ("/vigil/triage/demo-fills-inbox", test_demo_fills_inbox);
#define ADD(path, func) g_test_add ("/vigil/triage/board/" path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)
  ADD ("inbox-rule", test_board_inbox_rule);
  ADD ("transitions-and-log", test_board_transitions_and_log);
  ADD ("log-append-only", test_board_log_append_only);
  ADD ("undo", test_board_undo);
  ADD ("take-over", test_board_take_over);
  ADD ("race", test_board_race);
  ADD ("approval", test_board_approval);
  ADD ("sla", test_board_sla);
  ADD ("replay", test_board_replay);
  return g_test_run ();
}

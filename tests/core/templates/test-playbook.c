/* test-playbook.c: playbook runs attached to a case, ticks with who and when
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "vigil-context.h"
#include "vigil-memory-credential-store.h"
#include "vigil-playbook-service.h"
#include "vigil-template.h"

static gint64 now_us = 1765000000000000;

static gint64
clock_cb (gpointer user_data)
{
  return now_us;
}

static void
test_runs (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(VigilStore) store = vigil_store_open (":memory:", &error);
  g_autoptr(VigilCredentialStore) credentials = vigil_memory_credential_store_new ();
  VigilContextOptions options = { .credentials = credentials, .actor = "ada", .no_sources = TRUE };
  g_autoptr(VigilContext) context = vigil_context_new_for_store (store, &options, &error);
  g_autoptr(VigilPlaybookService) other = NULL;
  g_autoptr(GPtrArray) for_case = NULL;
  VigilPlaybookService *service;
  VigilPlaybookRun *run, *seen;
  const VigilPlaybookStep *step;
  gint64 stale;

  g_assert_no_error (error);
  vigil_context_set_clock (context, clock_cb, NULL);
  service = vigil_context_ensure_service (context, VIGIL_TYPE_PLAYBOOK_SERVICE);
  g_assert_true (g_strv_contains (vigil_playbook_service_list_playbooks (service), "hacked-account"));
  g_assert_true (g_strv_contains (vigil_playbook_service_list_playbooks (service), "pr-crisis"));

  run = vigil_playbook_service_start_run (service, "hacked-account", "42", NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (vigil_playbook_run_get_n_steps (run), ==, 5);
  g_assert_cmpstr (vigil_playbook_run_get_step (run, 0)->id, ==, "regain-control");
  g_assert_cmpstr (vigil_playbook_run_get_step (run, 4)->id, ==, "review-security");
  g_assert_cmpstr (vigil_playbook_run_get_step (run, 0)->template, ==, "hacked-account-holding");
  g_assert_cmpstr (vigil_playbook_run_get_started_by (run), ==, "ada");

  now_us += 60 * G_USEC_PER_SEC;
  g_assert_true (vigil_playbook_service_tick (service, run, "regain-control", TRUE, NULL, &error));
  g_assert_no_error (error);
  now_us += 60 * G_USEC_PER_SEC;
  g_assert_true (vigil_playbook_service_tick (service, run, "check-other-platforms", TRUE, "bob", &error));
  g_assert_cmpuint (vigil_playbook_run_get_n_done (run), ==, 2);
  step = vigil_playbook_run_get_step (run, 1);
  g_assert_cmpstr (step->done_by, ==, "bob");
  g_assert_cmpint (step->done_at, ==, now_us);
  step = vigil_playbook_run_get_step (run, 0);
  g_assert_cmpstr (step->done_by, ==, "ada");
  g_assert_cmpint (step->done_at, ==, now_us - 60 * G_USEC_PER_SEC);

  /* unticking is a record too */
  g_assert_true (vigil_playbook_service_tick (service, run, "check-other-platforms", FALSE, NULL, NULL));
  g_assert_cmpuint (vigil_playbook_run_get_n_done (run), ==, 1);
  g_assert_false (vigil_playbook_service_tick (service, run, "no-such-step", TRUE, NULL, &error));
  g_assert_error (error, VIGIL_TEMPLATE_ERROR, VIGIL_TEMPLATE_ERROR_NOT_FOUND);
  g_clear_error (&error);

  /* another workstation sees the same run, and a stale tick is refused */
  other = vigil_playbook_service_new_for_store (store);
  vigil_playbook_service_load (other, &error);
  g_assert_no_error (error);
  seen = vigil_playbook_service_get_run (other, vigil_playbook_run_get_id (run));
  g_assert_nonnull (seen);
  g_assert_cmpuint (vigil_playbook_run_get_n_done (seen), ==, 1);
  g_assert_cmpstr (vigil_playbook_run_get_case_id (seen), ==, "42");
  stale = vigil_playbook_run_get_version (seen);
  g_assert_true (vigil_playbook_service_tick (service, run, "clean-up", TRUE, NULL, NULL));
  /* "record-appended" arrives through the main context */
  for (guint i = 0; i < 1000 && vigil_playbook_run_get_version (seen) == stale; i++)
    g_main_context_iteration (NULL, i > 10);
  g_assert_cmpint (vigil_playbook_run_get_version (seen), >, stale);  /* followed the signal */
  g_assert_cmpuint (vigil_playbook_run_get_n_done (seen), ==, 2);

  for_case = vigil_playbook_service_list_runs (service, "42");
  g_assert_cmpuint (for_case->len, ==, 1);
  g_assert_null (vigil_playbook_service_start_run (service, "nope", NULL, NULL, NULL, &error));
  g_assert_error (error, VIGIL_TEMPLATE_ERROR, VIGIL_TEMPLATE_ERROR_NOT_FOUND);
  g_clear_error (&error);
  /* an account page starts one without a case */
  run = vigil_playbook_service_start_run (service, "hacked-account", NULL, "@acme on Mastodon", NULL, &error);
  g_assert_no_error (error);
  g_assert_null (vigil_playbook_run_get_case_id (run));
  g_assert_cmpstr (vigil_playbook_run_get_subject (run), ==, "@acme on Mastodon");
  vigil_context_shutdown (context);
}

int
main (int argc, char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/vigil/playbook/runs", test_runs);
  return g_test_run ();
}

/* test-drill-report.c: the report maths, and a scripted drill end to end
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include "vigil-drill-service.h"
#include "vigil-memory-credential-store.h"
#include "vigil-template-library.h"

#define S (G_USEC_PER_SEC)

static const char *scenario_text =
  "{\"format\":\"vigil-drill\",\"version\":1,\"id\":\"maths\",\"title\":\"Maths\","
  " \"sla\":{\"triage_seconds\":60,\"response_seconds\":300},"
  " \"posts\":["
  "  {\"id\":\"a\",\"at\":0,\"author\":\"@a\",\"text\":\"My kettle melted\",\"expected_role\":\"customer-service\",\"persona\":\"angry-customer\"},"
  "  {\"id\":\"b\",\"at\":10,\"author\":\"@b\",\"text\":\"Comment? I'm a journalist\",\"expected_role\":\"pr\",\"persona\":\"journalist\"},"
  "  {\"id\":\"c\",\"at\":20,\"author\":\"@c\",\"text\":\"DM us your card number\",\"expected_role\":\"security\",\"persona\":\"impersonator\"},"
  "  {\"id\":\"d\",\"at\":30,\"author\":\"@d\",\"text\":\"lol\",\"expected_role\":\"leave\"},"
  "  {\"id\":\"e\",\"at\":40,\"author\":\"@e\",\"text\":\"never played\",\"expected_role\":\"pr\"}]}";

static VigilDrillScenario *
load_scenario (void)
{
  g_autoptr(GBytes) bytes = g_bytes_new_static (scenario_text, strlen (scenario_text));
  g_autoptr(GError) error = NULL;
  VigilDrillScenario *s = vigil_drill_scenario_new_from_bytes (bytes, "maths.json", &error);

  g_assert_no_error (error);
  return s;
}

static void
observe (GHashTable *obs,
         const char *id,
         gint64      played,
         gint64      triaged,
         const char *role,
         gint64      responded,
         const char *template)
{
  VigilDrillObservation *o = vigil_drill_observation_new (id, played);

  o->triaged_us = triaged;
  o->role = g_strdup (role);
  o->responded_us = responded;
  if (template)
    {
      g_strfreev (o->templates);
      o->templates = g_strsplit (template, " ", -1);
    }
  g_hash_table_insert (obs, g_strdup (id), o);
}

static void
test_maths (void)
{
  g_autoptr(VigilDrillScenario) scenario = load_scenario ();
  g_autoptr(GHashTable) obs = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                                     (GDestroyNotify) vigil_drill_observation_free);
  g_autoptr(VigilDrillReport) report = NULL;
  g_autoptr(VigilDrillReport) again = NULL;
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autofree char *json = NULL, *html = NULL;
  gint64 t0 = 1000 * S;
  JsonObject *row;

  /* a: triaged in 30 s to the right role, answered in 200 s: 3/3 */
  observe (obs, "a", t0, t0 + 30 * S, "customer-service", t0 + 200 * S, "product-fault-holding@2");
  /* b: triaged late (90 s > 60), right role, answered late (400 s > 300): 1/3 */
  observe (obs, "b", t0 + 10 * S, t0 + 100 * S, "pr", t0 + 410 * S, "product-fault-holding@2 product-fault-faq@1");
  /* c: triaged in 50 s to the wrong role, never answered: 1/3 */
  observe (obs, "c", t0 + 20 * S, t0 + 70 * S, "pr", 0, NULL);
  /* d: left lying in 20 s, as expected, needs no answer: 2/2 */
  observe (obs, "d", t0 + 30 * S, t0 + 50 * S, "leave", 0, NULL);
  /* e: never played (stopped early): not in the report */

  report = vigil_drill_report_compute (scenario, obs, "run1", 10, t0, t0 + 600 * S);
  g_assert_cmpuint (vigil_drill_report_get_n_rows (report), ==, 4);
  g_assert_cmpfloat (vigil_drill_report_get_summary (report, "n_posts"), ==, 4);
  g_assert_cmpfloat (vigil_drill_report_get_summary (report, "n_triaged"), ==, 4);
  g_assert_cmpfloat (vigil_drill_report_get_summary (report, "n_expected_responses"), ==, 3);
  g_assert_cmpfloat (vigil_drill_report_get_summary (report, "n_responded"), ==, 2);
  g_assert_cmpfloat (vigil_drill_report_get_summary (report, "role_correct"), ==, 3);
  g_assert_cmpfloat (vigil_drill_report_get_summary (report, "triage_breaches"), ==, 1);
  g_assert_cmpfloat (vigil_drill_report_get_summary (report, "response_breaches"), ==, 2);
  g_assert_cmpfloat (vigil_drill_report_get_summary (report, "sla_breaches"), ==, 3);
  g_assert_cmpfloat (vigil_drill_report_get_summary (report, "templates_used"), ==, 2);
  /* triage times 30, 90, 50, 20: mean 47.5, median 40 */
  g_assert_cmpfloat (vigil_drill_report_get_summary (report, "mean_time_to_triage"), ==, 47.5);
  g_assert_cmpfloat (vigil_drill_report_get_summary (report, "median_time_to_triage"), ==, 40);
  /* response times 200, 400 */
  g_assert_cmpfloat (vigil_drill_report_get_summary (report, "mean_time_to_response"), ==, 300);
  /* points 3 + 1 + 1 + 2 = 7 of 3 + 3 + 3 + 2 = 11: 63.6 → 64 */
  g_assert_cmpfloat (vigil_drill_report_get_summary (report, "points"), ==, 7);
  g_assert_cmpfloat (vigil_drill_report_get_summary (report, "possible"), ==, 11);
  g_assert_cmpint (vigil_drill_report_get_score (report), ==, 64);

  row = vigil_drill_report_get_row (report, 2);
  g_assert_cmpstr (json_object_get_string_member (row, "post"), ==, "c");
  g_assert_cmpstr (json_object_get_string_member (row, "expected_role"), ==, "security");
  g_assert_cmpstr (json_object_get_string_member (row, "role"), ==, "pr");
  g_assert_false (json_object_get_boolean_member (row, "role_ok"));
  g_assert_cmpfloat (json_object_get_double_member (row, "time_to_triage"), ==, 50);
  g_assert_cmpfloat (json_object_get_double_member (row, "time_to_response"), ==, -1);
  g_assert_true (json_object_get_boolean_member (row, "response_breach"));

  /* it reads back from its JSON as it was */
  json = vigil_drill_report_to_json (report);
  g_assert_true (json_parser_load_from_data (parser, json, -1, NULL));
  again = vigil_drill_report_new_from_json (json_node_get_object (json_parser_get_root (parser)), NULL);
  g_assert_nonnull (again);
  g_assert_cmpint (vigil_drill_report_get_score (again), ==, 64);

  /* the HTML escapes the posts' text and says DRILL */
  html = vigil_drill_report_to_html (report);
  g_assert_true (strstr (html, "DRILL"));
  g_assert_true (strstr (html, "I&apos;m a journalist") || strstr (html, "I&#39;m a journalist"));
  g_assert_true (strstr (html, "64/100"));
}

static void
test_scripted_run (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(VigilStore) store = vigil_store_open (":memory:", &error);
  g_autoptr(VigilCredentialStore) credentials = vigil_memory_credential_store_new ();
  VigilContextOptions options = { .credentials = credentials, .actor = "lead", .no_sources = TRUE };
  g_autoptr(VigilContext) context = vigil_context_new_for_store (store, &options, &error);
  g_autoptr(VigilDrillScenario) scenario = load_scenario ();
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(VigilDrillReport) report = NULL;
  g_autoptr(VigilDrillReport) stored = NULL;
  g_autoptr(GPtrArray) runs = NULL;
  g_autoptr(GPtrArray) cases = NULL;
  VigilTemplateLibrary *library;
  VigilDrillService *service;
  VigilDrillRunner *runner;
  JsonObject *row;
  char *run_id;

  g_assert_no_error (error);
  library = vigil_context_ensure_service (context, VIGIL_TYPE_TEMPLATE_LIBRARY);
  vigil_template_library_load (library, &error);
  g_assert_no_error (error);
  vigil_template_library_set_default (library, "contact_url", "https://acme.example/help", NULL, &error);
  g_assert_no_error (error);

  vigil_template_library_approve (library, "data-breach-holding", 0, "chief", &error);
  g_assert_no_error (error);

  service = vigil_drill_service_get (context);
  runner = vigil_drill_service_start (service, scenario, 0, &error);
  g_assert_no_error (error);
  /* the team drills with its own library: approvals and values copied */
  {
    VigilTemplateLibrary *copy = vigil_context_ensure_service (vigil_drill_runner_get_context (runner),
                                                               VIGIL_TYPE_TEMPLATE_LIBRARY);
    g_autoptr(GHashTable) values = vigil_template_library_dup_defaults (copy);

    g_assert_cmpstr (vigil_template_get_approved_by (vigil_template_library_lookup (copy, "data-breach-holding")), ==, "chief");
    g_assert_false (vigil_template_get_approved (vigil_template_library_lookup (copy, "data-breach-faq")));
    g_assert_cmpstr (g_hash_table_lookup (values, "contact_url"), ==, "https://acme.example/help");
  }
  g_assert_true (vigil_drill_service_get_runner (service) == runner);
  /* a second drill can't start while one runs */
  g_assert_null (vigil_drill_service_start (service, scenario, 0, NULL));

  g_assert_true (json_parser_load_from_data (parser,
    "[{\"post\":\"a\",\"after\":30,\"do\":\"assign\",\"role\":\"customer-service\"},"
    " {\"post\":\"a\",\"after\":100,\"do\":\"draft\",\"template\":\"product-fault-faq\"},"
    " {\"post\":\"a\",\"after\":200,\"do\":\"respond\"},"
    " {\"post\":\"b\",\"after\":90,\"do\":\"assign\",\"role\":\"pr\"},"
    " {\"post\":\"c\",\"after\":45,\"do\":\"assign\",\"role\":\"legal\"},"
    " {\"post\":\"d\",\"after\":5,\"do\":\"leave\"}]", -1, NULL));
  vigil_drill_runner_set_script (runner, json_node_get_array (json_parser_get_root (parser)),
                                 G_OBJECT (library), &error);
  g_assert_no_error (error);
  while (vigil_drill_runner_get_running (runner))
    g_main_context_iteration (NULL, TRUE);
  g_assert_cmpuint (vigil_drill_runner_get_n_played (runner), ==, 5);
  /* the drill's cases live in its own context, its posts in its own store */
  g_assert_cmpint (vigil_store_get_last_id (vigil_context_get_store (vigil_drill_runner_get_context (runner))), ==, 5);

  report = vigil_drill_service_finish (service, &error);
  g_assert_no_error (error);
  g_assert_null (vigil_drill_service_get_runner (service));

  /* exact scenario times, whatever the machine: the clock jumps event to event */
  row = vigil_drill_report_get_row (report, 0);
  g_assert_cmpstr (json_object_get_string_member (row, "role"), ==, "customer-service");
  g_assert_cmpfloat (json_object_get_double_member (row, "time_to_triage"), ==, 30);
  g_assert_cmpfloat (json_object_get_double_member (row, "time_to_response"), ==, 200);
  g_assert_cmpstr (json_array_get_string_element (json_object_get_array_member (row, "templates"), 0), ==,
                   "product-fault-faq@1");
  row = vigil_drill_report_get_row (report, 1);
  g_assert_true (json_object_get_boolean_member (row, "triage_breach"));   /* 90 > 60 */
  row = vigil_drill_report_get_row (report, 2);
  g_assert_false (json_object_get_boolean_member (row, "role_ok"));        /* legal, not security */
  g_assert_cmpfloat (vigil_drill_report_get_summary (report, "n_posts"), ==, 5);
  g_assert_cmpfloat (vigil_drill_report_get_summary (report, "n_triaged"), ==, 4);
  /* a 3/3, b 1/3 (right role only), c 1/3 (on time), d 2/2, e 0/3: 7/14 */
  g_assert_cmpint (vigil_drill_report_get_score (report), ==, 50);

  /* the report is in the real journal; no drill post or case is */
  stored = vigil_drill_service_load_report (service, vigil_drill_report_get_run_id (report), &error);
  g_assert_no_error (error);
  g_assert_cmpint (vigil_drill_report_get_score (stored), ==, 50);
  runs = vigil_drill_service_list_runs (service, &error);
  g_assert_cmpuint (runs->len, ==, 1);
  g_assert_cmpint (((VigilDrillRunInfo *) g_ptr_array_index (runs, 0))->score, ==, 50);
  g_assert_cmpint (vigil_store_get_last_id (store), ==, 0);
  cases = vigil_store_list_records (store, "case", NULL, 0, 0, &error);
  g_assert_cmpuint (cases->len, ==, 0);

  run_id = g_strdup (vigil_drill_report_get_run_id (report));
  g_assert_null (vigil_drill_service_load_report (service, "nope", NULL));
  g_free (run_id);
  vigil_context_shutdown (context);
}

int
main (int argc, char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/vigil/drill-report/maths", test_maths);
  g_test_add_func ("/vigil/drill-report/scripted-run", test_scripted_run);
  return g_test_run ();
}

/* test-drill-scenario.c: parsing a drill scenario and expanding its timeline
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include "vigil-drill-scenario.h"

static VigilDrillScenario *
parse (const char  *text,
       GError     **error)
{
  g_autoptr(GBytes) bytes = g_bytes_new (text, strlen (text));

  return vigil_drill_scenario_new_from_bytes (bytes, "test.json", error);
}

static void
test_timeline (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(VigilDrillScenario) s = parse (
    "{\"format\":\"vigil-drill\",\"version\":1,\"id\":\"t\",\"title\":\"T\","
    " \"sla\":{\"triage_seconds\":60,\"response_seconds\":600},"
    " \"posts\":[{\"id\":\"late\",\"at\":500,\"author\":\"@j\",\"text\":\"Comment?\",\"expected_role\":\"pr\"},"
    "            {\"id\":\"early\",\"at\":5,\"author\":\"@a\",\"text\":\"Hi\",\"expected_role\":\"leave\"}],"
    " \"waves\":[{\"id\":\"w\",\"from\":0,\"to\":600,\"start_per_minute\":0,\"end_per_minute\":6,"
    "            \"expected_role\":\"customer-service\",\"persona\":\"angry-customer\","
    "            \"authors\":[\"@x\",\"@y\"],\"texts\":[\"one\",\"two\",\"three\"]}]}", &error);
  double last = -1, first_half = 0, second_half = 0;
  const VigilDrillPost *p;

  g_assert_no_error (error);
  g_assert_cmpfloat (vigil_drill_scenario_get_triage_sla (s), ==, 60);
  g_assert_cmpfloat (vigil_drill_scenario_get_response_sla (s), ==, 600);
  /* a ramp from 0 to 6 per minute over 10 minutes: 30 posts in theory,
   * 29 whole ones by the last second (599·600/12000 = 29.95) */
  g_assert_cmpuint (vigil_drill_scenario_get_n_posts (s), ==, 2 + 29);
  for (guint i = 0; i < vigil_drill_scenario_get_n_posts (s); i++)
    {
      p = vigil_drill_scenario_get_post (s, i);
      g_assert_cmpfloat (p->at, >=, last);   /* sorted by time */
      last = p->at;
      if (g_str_has_prefix (p->id, "w-"))
        {
          if (p->at < 300)
            first_half++;
          else
            second_half++;
        }
    }
  /* the rate ramps up: three times as many in the second half */
  g_assert_cmpfloat (first_half, ==, 7);
  g_assert_cmpfloat (second_half, ==, 22);

  p = vigil_drill_scenario_get_post (s, 0);
  g_assert_cmpstr (p->id, ==, "early");
  g_assert_false (p->expects_response);   /* "leave" needs no answer */
  p = vigil_drill_scenario_find_post (s, "w-1");
  g_assert_cmpstr (p->text, ==, "one");
  g_assert_cmpstr (p->author, ==, "@x");
  g_assert_cmpstr (p->persona, ==, "angry-customer");
  g_assert_true (p->expects_response);
  /* the integral t(t+1)/12000 first reaches 1 at t = 110 s, 2 at 155 s */
  g_assert_cmpfloat (p->at, ==, 110);
  g_assert_cmpfloat (vigil_drill_scenario_find_post (s, "w-2")->at, ==, 155);
  p = vigil_drill_scenario_find_post (s, "w-4");
  g_assert_cmpstr (p->text, ==, "one");
  g_assert_cmpstr (p->author, ==, "@y2");
  g_assert_cmpfloat (vigil_drill_scenario_get_duration (s), ==, 590);
  g_assert_cmpuint (strlen (vigil_drill_scenario_get_checksum (s)), ==, 64);
}

static void
test_invalid (void)
{
  const char *bad[] = {
    "",
    "{",
    "[]",
    "{\"format\":\"vigil-drill\",\"version\":2,\"id\":\"t\",\"title\":\"T\",\"posts\":[]}",
    "{\"format\":\"vigil-drill\",\"version\":1,\"id\":\"t\",\"title\":\"T\"}",
    "{\"format\":\"vigil-drill\",\"version\":1,\"id\":\"t\",\"title\":\"T\",\"posts\":[{\"id\":\"a\",\"at\":1,\"author\":\"@a\",\"text\":\"x\"}]}",
    "{\"format\":\"vigil-drill\",\"version\":1,\"id\":\"t\",\"title\":\"T\",\"posts\":[{\"id\":\"a\",\"at\":-4,\"author\":\"@a\",\"text\":\"x\",\"expected_role\":\"pr\"}]}",
    "{\"format\":\"vigil-drill\",\"version\":1,\"id\":\"t\",\"title\":\"T\",\"posts\":["
    " {\"id\":\"a\",\"at\":1,\"author\":\"@a\",\"text\":\"x\",\"expected_role\":\"pr\"},"
    " {\"id\":\"a\",\"at\":2,\"author\":\"@a\",\"text\":\"x\",\"expected_role\":\"pr\"}]}",
    "{\"format\":\"vigil-drill\",\"version\":1,\"id\":\"t\",\"title\":\"T\",\"waves\":[{\"id\":\"w\",\"from\":10,\"to\":5,"
    " \"start_per_minute\":1,\"end_per_minute\":1,\"expected_role\":\"pr\",\"authors\":[\"@a\"],\"texts\":[\"x\"]}]}",
    /* 600 a minute for 24 hours: far over the post limit */
    "{\"format\":\"vigil-drill\",\"version\":1,\"id\":\"t\",\"title\":\"T\",\"waves\":[{\"id\":\"w\",\"from\":0,\"to\":86400,"
    " \"start_per_minute\":600,\"end_per_minute\":600,\"expected_role\":\"pr\",\"authors\":[\"@a\"],\"texts\":[\"x\"]}]}",
    "{\"a\":[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[1]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]}",
  };

  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(VigilDrillScenario) s = parse (bad[i], &error);

      g_assert_null (s);
      g_assert_error (error, VIGIL_DRILL_ERROR, error->code);
      g_test_message ("%u: %s", i, error->message);
      g_assert_true (strstr (error->message, "test.json") != NULL);
    }
}

static void
test_shipped (void)
{
  g_auto(GStrv) names = vigil_drill_scenario_list_shipped ();
  guint n_leak = 0, n_journalist = 0, n_impersonator = 0, n_angry = 0;

  g_assert_cmpuint (g_strv_length (names), >=, 2);
  for (guint i = 0; names[i]; i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(VigilDrillScenario) s = vigil_drill_scenario_new_shipped (names[i], &error);

      g_assert_no_error (error);
      g_assert_cmpuint (vigil_drill_scenario_get_n_posts (s), >=, 20);
      for (guint j = 0; j < vigil_drill_scenario_get_n_posts (s); j++)
        {
          const VigilDrillPost *p = vigil_drill_scenario_get_post (s, j);
          n_leak += g_str_equal (p->persona, "leak");
          n_journalist += g_str_equal (p->persona, "journalist");
          n_impersonator += g_str_equal (p->persona, "impersonator");
          n_angry += g_str_equal (p->persona, "angry-customer");
        }
    }
  g_assert_cmpuint (n_leak, >=, 2);
  g_assert_cmpuint (n_journalist, >=, 2);
  g_assert_cmpuint (n_impersonator, >=, 2);
  g_assert_cmpuint (n_angry, >=, 10);
}

int
main (int argc, char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/vigil/drill-scenario/timeline", test_timeline);
  g_test_add_func ("/vigil/drill-scenario/invalid", test_invalid);
  g_test_add_func ("/vigil/drill-scenario/shipped", test_shipped);
  return g_test_run ();
}

/* test-classifier.c: the aggregate classifier and its JSON
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include "vigil-classifier.h"

static VigilClassifier *
make_classifier (double ots_divisor)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(VigilWatch) refunds = vigil_watch_new ("Refunds", "refund* OR chargeback", "#e01b24", FALSE, &error);
  g_autoptr(VigilWatch) french = vigil_watch_new ("French", "lang:fr", NULL, FALSE, &error);
  g_autoptr(VigilWatch) big = vigil_watch_new ("Big accounts", "followers:>=10k", NULL, FALSE, &error);
  VigilWatch *watches[] = { refunds, french, big };
  VigilOfficialAccount officials[] = { { "acme_support", "Acme Support" } };
  VigilClassifierOptions options = {
    .watches = watches,
    .n_watches = G_N_ELEMENTS (watches),
    .ots_divisor = ots_divisor,
    .officials = officials,
    .n_officials = G_N_ELEMENTS (officials),
  };
  VigilClassifier *classifier;

  g_assert_no_error (error);
  classifier = vigil_classifier_new (&options, &error);
  g_assert_no_error (error);
  return classifier;
}

static void
test_annotations (void)
{
  g_autoptr(VigilClassifier) c = make_classifier (0);
  gint64 reposters[] = { 1000, 2000 };
  VigilClassifyInput in;
  VigilAnnotations a;

  g_assert_cmpfloat (vigil_classifier_get_ots_divisor (c), ==, 10.0);

  vigil_classify_input_init (&in);
  in.text = "I want a REFUND, the kettle is not good and the delivery was late again.";
  in.followers = 12000;
  in.reposter_followers = reposters;
  in.n_reposters = G_N_ELEMENTS (reposters);
  in.author = "happy_customer";
  vigil_classifier_classify (c, &in, &a);

  g_assert_cmpint (a.label, ==, VIGIL_SENTIMENT_NEGATIVE);
  g_assert_cmpfloat (a.compound, <, -0.05);
  g_assert_cmpstr (a.lang, ==, "en");
  g_assert_cmpuint (g_strv_length (a.watches), ==, 2);
  g_assert_cmpstr (a.watches[0], ==, "Refunds");
  g_assert_cmpstr (a.watches[1], ==, "Big accounts");
  g_assert_true (g_strv_contains ((const char * const *) a.categories, "customer-service.refund"));
  g_assert_cmpint (a.reach, ==, 15000);
  g_assert_cmpfloat (a.ots, ==, 1500.0);
  g_assert_cmpfloat (a.impersonation_score, ==, 0.0);
  g_assert_null (a.impersonation_reasons);
  vigil_annotations_clear (&a);

  /* the platform's language wins and drives lang: watches */
  vigil_classify_input_init (&in);
  in.text = "ok";
  in.lang = "fr-CA";
  vigil_classifier_classify (c, &in, &a);
  g_assert_cmpstr (a.lang, ==, "fr");
  g_assert_cmpstrv (a.watches, ((const char * const []) { "French", NULL }));
  g_assert_cmpint (a.reach, ==, 0);
  vigil_annotations_clear (&a);
}

static void
test_impersonation (void)
{
  g_autoptr(VigilClassifier) c = make_classifier (4);
  VigilClassifyInput in;
  VigilAnnotations a;
  g_autoptr(GString) json = g_string_new (NULL);

  vigil_classify_input_init (&in);
  in.text = "DM us your card number to get your refund";
  in.author = "acme_supp0rt";
  in.author_name = "Acme Support";
  in.followers = 3;
  in.following = 800;
  in.account_age_days = 1;
  vigil_classifier_classify (c, &in, &a);
  g_assert_cmpfloat (a.impersonation_score, >, 0.5);
  g_assert_nonnull (a.impersonation_reasons);
  g_assert_nonnull (a.impersonation_reasons[0]);
  g_assert_cmpfloat (a.ots, ==, 0.75);

  vigil_annotations_write_json (&a, json);
  g_assert_true (g_str_has_prefix (json->str, ",\"sentiment\":{\"compound\":"));
  g_assert_nonnull (strstr (json->str, ",\"reach\":3,\"ots\":0.75"));
  g_assert_nonnull (strstr (json->str, ",\"impersonation\":{\"score\":"));
  g_assert_nonnull (strstr (json->str, "\"watches\":[\"Refunds\"]"));
  vigil_annotations_clear (&a);
}

static void
test_json (void)
{
  VigilAnnotations a = { 0, };
  char *cats[] = { "pr.boycott", "security.phishing", NULL };
  char *watches[] = { "Quote \"me\"", NULL };
  char *moderation[] = { "lawsuit", NULL };
  g_autoptr(GString) json = g_string_new (NULL);

  a.compound = -0.70425;
  a.label = VIGIL_SENTIMENT_NEGATIVE;
  a.lang = NULL;
  a.categories = cats;
  a.watches = watches;
  a.reach = 123;
  a.ots = 12.3;
  a.moderation = moderation;
  vigil_annotations_write_json (&a, json);
  g_assert_cmpstr (json->str, ==,
                   ",\"sentiment\":{\"compound\":-0.7043,\"label\":\"negative\"},\"lang\":null,"
                   "\"categories\":[\"pr.boycott\",\"security.phishing\"],"
                   "\"watches\":[\"Quote \\\"me\\\"\"],\"reach\":123,\"ots\":12.3,"
                   "\"moderation\":[\"lawsuit\"]");
}

static gpointer
thread_func (gpointer data)
{
  VigilClassifier *c = data;
  VigilClassifyInput in;
  guint bad = 0;

  vigil_classify_input_init (&in);
  in.text = "Where is my refund? The delivery is three weeks late and nobody answers.";
  in.followers = 20000;
  for (guint i = 0; i < 200; i++)
    {
      VigilAnnotations a;

      vigil_classifier_classify (c, &in, &a);
      bad += g_strv_length (a.watches) != 2 || a.label != VIGIL_SENTIMENT_NEGATIVE || g_strcmp0 (a.lang, "en") != 0;
      vigil_annotations_clear (&a);
    }
  return GUINT_TO_POINTER (bad);
}

static void
test_threads (void)
{
  g_autoptr(VigilClassifier) c = make_classifier (0);
  GThread *threads[4];
  VigilClassifyInput in;
  VigilAnnotations a;
  VigilSentimentLabel expected;

  /* what one thread says is what every thread says */
  vigil_classify_input_init (&in);
  in.text = "Where is my refund? The delivery is three weeks late and nobody answers.";
  vigil_classifier_classify (c, &in, &a);
  expected = a.label;
  vigil_annotations_clear (&a);
  /* a complaint: "late", and "refund" and "answers" that don't come */
  g_assert_cmpint (expected, ==, VIGIL_SENTIMENT_NEGATIVE);

  for (guint i = 0; i < G_N_ELEMENTS (threads); i++)
    threads[i] = g_thread_new ("classify", thread_func, c);
  for (guint i = 0; i < G_N_ELEMENTS (threads); i++)
    g_assert_cmpuint (GPOINTER_TO_UINT (g_thread_join (threads[i])), ==, 0);
}

/* The classifier tokenizes once for the risk categories and the
 * moderation list when the two tokenizations agree; its answers are those
 * of the two units run on their own, on many generated posts. */
static void
test_shared_tokens (void)
{
  static const char * const words[] = {
    "my", "manager", "is", "a", "bully", "toxic", "boss", "harassment", "racist", "the",
    "kettle", "refund", "recall", "fire", "lawsuit", "shit", "fuck", "fucking", "kill", "you",
    "f*ck", "sh1t", "a$$", "#boycott", "@acme", "!!!", "Crème", "scheiße", "putain", "idiot",
    "anti", "bullying", "week", "picked", "on", "sexual", "comments", "data", "breach", "leak",
    "hacked", "account", "password", "phishing", "scam", "%", "+1", "|", "ok.", "why?",
  };
  g_autoptr(VigilClassifier) c = make_classifier (0);
  g_autoptr(VigilRiskClassifier) risk = vigil_risk_classifier_new (NULL, NULL);
  g_autoptr(VigilModerationList) moderation = vigil_moderation_list_new_default ();
  g_autoptr(GRand) rand = g_rand_new_with_seed (99);
  guint with_categories = 0, with_moderation = 0;

  g_assert_nonnull (risk);
  for (guint n = 0; n < 5000; n++)
    {
      g_autoptr(GString) text = g_string_new (NULL);
      guint len = g_rand_int_range (rand, 1, 14);
      VigilClassifyInput in;
      VigilAnnotations a;
      g_auto(GStrv) categories = NULL, words_found = NULL;
      g_autofree char *got_c = NULL, *want_c = NULL, *got_m = NULL, *want_m = NULL;

      for (guint w = 0; w < len; w++)
        g_string_append_printf (text, "%s%s", w ? " " : "", words[g_rand_int_range (rand, 0, G_N_ELEMENTS (words))]);
      vigil_classify_input_init (&in);
      in.text = text->str;
      in.lang = "en";
      vigil_classifier_classify (c, &in, &a);
      categories = vigil_risk_classifier_match (risk, text->str, "en");
      words_found = vigil_moderation_list_match (moderation, text->str);
      got_c = g_strjoinv ("|", a.categories);
      want_c = g_strjoinv ("|", categories);
      got_m = a.moderation ? g_strjoinv ("|", a.moderation) : g_strdup ("");
      want_m = words_found ? g_strjoinv ("|", words_found) : g_strdup ("");
      if (g_strcmp0 (got_c, want_c) != 0 || g_strcmp0 (got_m, want_m) != 0)
        g_error ("“%s”: classifier %s / %s, units %s / %s", text->str, got_c, got_m, want_c, want_m);
      with_categories += *want_c != '\0';
      with_moderation += *want_m != '\0';
      vigil_annotations_clear (&a);
    }
  g_assert_cmpuint (with_categories, >, 500);
  g_assert_cmpuint (with_moderation, >, 500);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/vigil/classifier/annotations", test_annotations);
  g_test_add_func ("/vigil/classifier/impersonation", test_impersonation);
  g_test_add_func ("/vigil/classifier/json", test_json);
  g_test_add_func ("/vigil/classifier/threads", test_threads);
  g_test_add_func ("/vigil/classifier/shared-tokens", test_shared_tokens);
  return g_test_run ();
}

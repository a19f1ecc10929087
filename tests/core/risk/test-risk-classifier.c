/* test-risk-classifier.c: risk categories from the rule packs
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gstdio.h>
#include <string.h>

#include "vigil-risk-classifier.h"

static VigilRiskClassifier *builtin;

static gboolean
has_category (char      **ids,
              const char *id)
{
  return g_strv_contains ((const char * const *) ids, id);
}

typedef struct
{
  const char *lang;
  const char *text;
  const char *expect;    /* a category that must match, or NULL */
  const char *reject;    /* a category that must not match, or NULL */
} Case;

/* Hand-checked against data/rules/{en,fr,de}.rules. */
static const Case cases[] = {
  /* English: matches */
  { "en", "My manager keeps bullying me in front of everyone", "hr.bullying", NULL },
  { "en", "I was SEXUALLY HARASSED by a supervisor", "hr.harassment", NULL },
  { "en", "Blatant racism from the staff at the Leeds store", "hr.discrimination", NULL },
  { "en", "Your delivery driver was rude and threw my parcel", "hr.employee-conduct", "security.hacked-account" },
  { "en", "This advert is misleading advertising, reported to trading standards", "compliance.advertising", NULL },
  { "en", "GIVEAWAY! Like and share to win a kettle", "compliance.competition", NULL },
  { "en", "Loving my new kettle from @northwind #ad", "compliance.endorsement", NULL },
  { "en", "Their CEO is a fraud and a liar", "legal.defamation", "customer-service.refund" },
  { "en", "They stole my design and sell counterfeit copies", "legal.ip", NULL },
  { "en", "Leaked memo says layoffs coming before the announcement", "compliance.disclosure", NULL },
  { "en", "Did @northwind get hacked? Weird tweets all morning", "security.hacked-account", NULL },
  { "en", "Got a text: verify your account or it will be closed, click here to claim", "security.phishing", NULL },
  { "en", "There is a fake account pretending to be Northwind support", "security.impersonation", NULL },
  { "en", "Customer passwords leaked on pastebin after a data breach", "security.leaked-credentials", NULL },
  { "en", "#BoycottNorthwind until they apologise", "pr.boycott", NULL },
  { "en", "Absolutely disgraceful, shame on you", "pr.outrage", NULL },
  { "en", "Their chief executive should step down", "pr.executive-conduct", NULL },
  { "en", "Still waiting for my REFUND after three weeks", "customer-service.refund", NULL },
  { "en", "The kettle stopped working after two days, faulty switch", "customer-service.fault", NULL },
  { "en", "Where is my order? The parcel never arrived", "customer-service.delivery", NULL },
  /* English: word boundaries and exclusions */
  { "en", "My therapist helped me a lot", NULL, "hr.harassment" },
  { "en", "Greetings from Scunthorpe, lovely day", NULL, "pr.outrage" },
  { "en", "Ad hoc meeting about our advertising budget", NULL, "compliance.endorsement" },
  { "en", "A radical new adventure begins", NULL, "compliance.endorsement" },
  { "en", "Ten life hacks for a cleaner kitchen", NULL, "security.hacked-account" },
  { "en", "I'm totally hacked off with this weather", NULL, "security.hacked-account" },
  { "en", "Great hackathon this weekend", NULL, "security.hacked-account" },
  { "en", "This song is a broken record", NULL, "customer-service.fault" },
  { "en", "He has a discriminating palate", NULL, "hr.discrimination" },
  { "en", "Refundable deposits are great", "customer-service.refund", NULL },   /* wildcard refund* */
  { "en", "The patently obvious answer", NULL, "legal.ip" },
  { "en", "Our executive summary is ready", NULL, "pr.executive-conduct" },
  /* French */
  { "fr", "Je suis victime de HARCELEMENT au travail", "hr.harassment", NULL },
  { "fr", "Mon colis n'est toujours pas livré", "customer-service.delivery", NULL },
  { "fr", "Je veux être remboursée immédiatement", "customer-service.refund", NULL },
  { "fr", "Publicité mensongère, j'ai prévenu la DGCCRF", "compliance.advertising", NULL },
  { "fr", "Votre compte a été piraté ? Publications suspectes depuis ce matin", "security.hacked-account", NULL },
  { "fr", "Un faux compte se fait passer pour vous", "security.impersonation", NULL },
  { "fr", "Le PDG doit démissionner", "pr.executive-conduct", NULL },
  { "fr", "Boycottez cette marque", "pr.boycott", NULL },
  { "fr", "Jeu concours : tirage au sort vendredi", "compliance.competition", NULL },
  { "fr", "Ma bouilloire ne fonctionne plus, elle est défectueuse", "customer-service.fault", NULL },
  { "fr", "Il a réussi le concours d'entrée à Polytechnique", NULL, "compliance.competition" },
  { "fr", "J'ai le coeur brisé", NULL, "customer-service.fault" },
  { "fr", "J'ai acheté un livre passionnant", NULL, "customer-service.delivery" },  /* livre ≠ livré */
  { "fr", "Quelle douce soirée d'été", NULL, "hr.harassment" },
  /* German */
  { "de", "Ich werde von meinem Chef gemobbt", "hr.bullying", NULL },
  { "de", "Meine Lieferung ist nie angekommen", "customer-service.delivery", NULL },
  { "de", "Wir wurden GEHACKT", "security.hacked-account", NULL },
  { "de", "Hackfleisch im Angebot", NULL, "security.hacked-account" },
  { "de", "Das ist ein Skandal, schämt euch", "pr.outrage", NULL },
  /* language filter: a French post checked as English does not use the French pack */
  { "en", "Mon colis n'est toujours pas livré", NULL, "customer-service.delivery" },
  /* NULL language tries every pack */
  { NULL, "Mon colis n'est toujours pas livré", "customer-service.delivery", NULL },
  /* an unknown language tries every pack */
  { "es", "Where is my parcel", "customer-service.delivery", NULL },
};

static void
test_table (void)
{
  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_auto (GStrv) ids = vigil_risk_classifier_match (builtin, cases[i].text, cases[i].lang);

      g_assert_nonnull (ids);
      if (cases[i].expect && !has_category (ids, cases[i].expect))
        g_error ("case %u “%s”: expected %s", i, cases[i].text, cases[i].expect);
      if (cases[i].reject && has_category (ids, cases[i].reject))
        g_error ("case %u “%s”: did not expect %s", i, cases[i].text, cases[i].reject);
    }
}

static void
test_several_and_sorted (void)
{
  g_auto (GStrv) ids = vigil_risk_classifier_match (builtin,
                                                    "Refund please: the parcel arrived broken and your driver was rude",
                                                    "en");

  g_assert_true (has_category (ids, "customer-service.refund"));
  g_assert_true (has_category (ids, "customer-service.delivery"));
  g_assert_true (has_category (ids, "customer-service.fault"));
  g_assert_true (has_category (ids, "hr.employee-conduct"));
  for (guint i = 1; ids[i]; i++)
    g_assert_cmpstr (ids[i - 1], <, ids[i]);
}

static void
test_nothing (void)
{
  g_auto (GStrv) a = vigil_risk_classifier_match (builtin, "What a lovely sunny afternoon", "en");
  g_auto (GStrv) b = vigil_risk_classifier_match (builtin, "", NULL);
  g_auto (GStrv) c = vigil_risk_classifier_match (builtin, NULL, NULL);

  g_assert_nonnull (a);
  g_assert_cmpuint (g_strv_length (a), ==, 0);
  g_assert_cmpuint (g_strv_length (b), ==, 0);
  g_assert_cmpuint (g_strv_length (c), ==, 0);
}

static void
test_roles_and_labels (void)
{
  static const struct { const char *id, *role, *label; } expected[] = {
    { "hr.bullying", "hr", "Bullying" },
    { "compliance.endorsement", "compliance", "Endorsements and undisclosed ads" },
    { "legal.defamation", "legal", "Libel and defamation" },
    { "security.phishing", "security", "Phishing" },
    { "pr.boycott", "pr", "Boycott" },
    { "customer-service.refund", "customer-service", "Refund" },
  };
  g_auto (GStrv) all = vigil_risk_classifier_list_categories (builtin);

  for (guint i = 0; i < G_N_ELEMENTS (expected); i++)
    {
      g_assert_cmpstr (vigil_risk_classifier_get_role (builtin, expected[i].id), ==, expected[i].role);
      g_assert_cmpstr (vigil_risk_classifier_get_label (builtin, expected[i].id), ==, expected[i].label);
    }
  g_assert_null (vigil_risk_classifier_get_role (builtin, "no.such"));
  g_assert_null (vigil_risk_classifier_get_label (builtin, NULL));
  g_assert_cmpuint (g_strv_length (all), ==, 20);
  for (guint i = 0; all[i]; i++)
    g_assert_nonnull (vigil_risk_classifier_get_role (builtin, all[i]));
}

static void
test_phrases_and_wildcards (void)
{
  const char *names[] = { "t.rules", NULL };
  const char *texts[] = {
    "lang = en\n"
    "[t.one]\nlabel = One\nrole = pr\n"
    "terms = late delivery; \"very bad service\"; refund*; #ad\n"
    "unless = refund policy\n",
    NULL
  };
  g_autoptr (GError) error = NULL;
  g_autoptr (VigilRiskClassifier) c = vigil_risk_classifier_new_from_data (names, texts, &error);
  static const struct { const char *text; gboolean match; } table[] = {
    { "The LATE Délivery again", TRUE },
    { "late for the delivery", FALSE },          /* phrase words must be adjacent */
    { "very bad service", TRUE },
    { "very bad", FALSE },
    { "refunds!", TRUE },
    { "refund", TRUE },
    { "refun", FALSE },
    { "read the refund policy: no refund", FALSE },   /* unless vetoes the post */
    { "nice #ad", TRUE },
    { "nice ad", FALSE },                         /* "#ad" only matches the hashtag */
  };

  g_assert_no_error (error);
  for (guint i = 0; i < G_N_ELEMENTS (table); i++)
    {
      g_auto (GStrv) ids = vigil_risk_classifier_match (c, table[i].text, NULL);
      if (has_category (ids, "t.one") != table[i].match)
        g_error ("“%s”: expected %s", table[i].text, table[i].match ? "a match" : "no match");
    }
}

static char *
write_pack (const char *dir,
            const char *name,
            const char *text)
{
  char *path = g_build_filename (dir, name, NULL);
  g_autoptr (GError) error = NULL;

  g_file_set_contents (path, text, -1, &error);
  g_assert_no_error (error);
  return path;
}

static void
test_user_override (void)
{
  g_autoptr (GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("vigil-rules-XXXXXX", &error);
  g_autofree char *p1 = NULL, *p2 = NULL, *p3 = NULL;
  g_autoptr (VigilRiskClassifier) c = NULL;
  g_auto (GStrv) a = NULL, b = NULL, d = NULL, e = NULL;

  g_assert_no_error (error);
  /* replaces the English refund terms, adds a category, extends delivery,
   * turns bullying off in every language */
  p1 = write_pack (dir, "10-mine.rules",
                   "lang = en\n"
                   "[customer-service.refund]\n"
                   "label = Money back\n"
                   "terms = give me my cash\n"
                   "[acme.recall]\nlabel = Kettle recall\nrole = legal\nterms = kettle recall; model kx2*\n"
                   "[customer-service.delivery]\nmode = extend\nterms = doorstep drop\n");
  p2 = write_pack (dir, "20-off.rules", "[hr.bullying]\nenabled = false\n");
  p3 = write_pack (dir, "notes.txt", "this is not a pack\n");

  c = vigil_risk_classifier_new (dir, &error);
  g_assert_no_error (error);
  a = vigil_risk_classifier_match (c, "I want a refund", "en");
  g_assert_false (has_category (a, "customer-service.refund"));
  b = vigil_risk_classifier_match (c, "Give me my cash now", "en");
  g_assert_true (has_category (b, "customer-service.refund"));
  g_assert_cmpstr (vigil_risk_classifier_get_label (c, "customer-service.refund"), ==, "Money back");
  d = vigil_risk_classifier_match (c, "Is my model KX200 part of the kettle recall? Doorstep drop failed", "en");
  g_assert_true (has_category (d, "acme.recall"));
  g_assert_true (has_category (d, "customer-service.delivery"));
  g_assert_cmpstr (vigil_risk_classifier_get_role (c, "acme.recall"), ==, "legal");
  e = vigil_risk_classifier_match (c, "stop bullying me; le harcèlement moral", NULL);
  g_assert_false (has_category (e, "hr.bullying"));
  g_assert_null (vigil_risk_classifier_get_role (c, "hr.bullying"));
  /* the French refund terms are untouched */
  g_strfreev (a);
  a = vigil_risk_classifier_match (c, "je veux un remboursement", "fr");
  g_assert_true (has_category (a, "customer-service.refund"));

  g_unlink (p1);
  g_unlink (p2);
  g_unlink (p3);
  g_rmdir (dir);
}

static void
test_malformed_user_file (void)
{
  g_autoptr (GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("vigil-rules-XXXXXX", &error);
  g_autofree char *good = NULL, *bad = NULL, *expected = NULL;
  g_autoptr (VigilRiskClassifier) c = NULL;
  g_auto (GStrv) a = NULL, b = NULL, d = NULL;

  g_assert_no_error (error);
  good = write_pack (dir, "a-good.rules", "[acme.good]\nrole = pr\nterms = acme good\n");
  bad = write_pack (dir, "b-bad.rules",
                    "# a comment\n"
                    "[acme.bad]\n"
                    "role = pr\n"
                    "terms = acme bad\n"
                    "this line has no equals sign\n");
  c = vigil_risk_classifier_new (dir, &error);
  g_assert_nonnull (c);
  g_assert_error (error, VIGIL_RISK_ERROR, VIGIL_RISK_ERROR_PARSE);
  expected = g_strdup_printf ("%s:5:", bad);
  g_assert_true (g_str_has_prefix (error->message, expected));
  g_assert_nonnull (strstr (error->message, "skipped"));

  /* built-ins and the good file still work; the bad file is skipped whole */
  a = vigil_risk_classifier_match (c, "where is my refund", "en");
  g_assert_true (has_category (a, "customer-service.refund"));
  b = vigil_risk_classifier_match (c, "acme good", NULL);
  g_assert_true (has_category (b, "acme.good"));
  d = vigil_risk_classifier_match (c, "acme bad", NULL);
  g_assert_false (has_category (d, "acme.bad"));

  g_unlink (good);
  g_unlink (bad);
  g_rmdir (dir);
}

static void
test_parse_errors (void)
{
  static const struct { const char *text; const char *prefix; const char *needle; } table[] = {
    { "[x]\nrole = pr\nterms = a*\n", "p.rules:3:", "wildcard" },
    { "[x]\nrole = boss\nterms = a\n", "p.rules:1:", "unknown role" },
    { "[x]\nrole = pr\n", "p.rules:1:", "no terms" },
    { "[x]\nterms = abc\n", "p.rules:1:", "no role" },
    { "[X Y]\n", "p.rules:1:", "not a valid category id" },
    { "terms = abc\n", "p.rules:1:", "inside a [category]" },
    { "[x]\nrole = pr\ncolour = red\n", "p.rules:3:", "unknown key" },
    { "[x]\nrole = pr\nterms = ab*cd\n", "p.rules:3:", "only allowed at the end" },
    { "[x]\nrole = pr\nterms = 🔥\n", "p.rules:3:", "no letters or digits" },
    { "\n\n[x\n", "p.rules:3:", "must end with" },
    { "[x]\nrole = pr\nterms = a\n[x]\nrole = pr\nterms = b\n", "p.rules:4:", "appears twice" },
    { "[x]\nrole = pr\nmode = extend\nterms = b\n", "p.rules:1:", "extend" },
    { "[x]\nrole = pr\nterms = a b c d e f g h i\n", "p.rules:3:", "more than" },
    { "lang = english\n", "p.rules:1:", "language code" },
    { "[x]\nrole = pr\nterms = ok\nterms = \"bad \" quote\"\n", "p.rules:4:", "quotes" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (table); i++)
    {
      const char *names[] = { "p.rules", NULL };
      const char *texts[] = { table[i].text, NULL };
      g_autoptr (GError) error = NULL;
      g_autoptr (VigilRiskClassifier) c = vigil_risk_classifier_new_from_data (names, texts, &error);

      g_assert_null (c);
      g_assert_error (error, VIGIL_RISK_ERROR, VIGIL_RISK_ERROR_PARSE);
      if (!g_str_has_prefix (error->message, table[i].prefix) || !strstr (error->message, table[i].needle))
        g_error ("case %u: unexpected message “%s”", i, error->message);
    }

  {
    /* invalid UTF-8 reports its line */
    const char *names[] = { "u.rules", NULL };
    const char *texts[] = { "[x]\nrole = pr\nterms = caf\xe9\n", NULL };
    g_autoptr (GError) error = NULL;
    g_autoptr (VigilRiskClassifier) c = vigil_risk_classifier_new_from_data (names, texts, &error);

    g_assert_null (c);
    g_assert_true (g_str_has_prefix (error->message, "u.rules:3:"));
  }
}

static void
test_missing_dir (void)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (VigilRiskClassifier) c = vigil_risk_classifier_new ("/nonexistent/vigil/rules", &error);

  g_assert_no_error (error);
  g_assert_nonnull (c);
}


/* Random packs assembled from valid and broken fragments, and random bytes:
 * the parser either accepts or names file:line, never crashes or hangs. */
static void
test_fuzz (void)
{
  static const char * const fragments[] = {
    "[a.b]\n", "[x]\n", "[", "]", "role = pr\n", "role = hr\n", "role = \n", "label = L\n",
    "terms = abc; def ghi*; #tag\n", "terms = ;;;\n", "terms = a*\n", "unless = abc\n",
    "lang = fr\n", "lang = *\n", "mode = extend\n", "enabled = false\n", "# c\n", "\n",
    "=\n", "terms = \"q\"\n", "terms = caf\xc3\xa9 cr\xc3\xa8me\n", "\xff", "\r\n", " = = \n",
    "terms = one two three four five six seven eight\n", "[hr.bullying]\n",
  };
  guint64 state = 2024;
  guint accepted = 0;

  for (guint round = 0; round < 3000; round++)
    {
      GString *pack = g_string_new (NULL);
      const char *names[] = { "f.rules", NULL };
      const char *texts[] = { NULL, NULL };
      g_autoptr (GError) error = NULL;
      g_autoptr (VigilRiskClassifier) c = NULL;
      guint n_parts;

      state = state * 6364136223846793005ULL + 1442695040888963407ULL;
      n_parts = (state >> 33) % 24;
      for (guint i = 0; i < n_parts; i++)
        {
          state = state * 6364136223846793005ULL + 1442695040888963407ULL;
          if ((state >> 60) == 0)
            g_string_append_c (pack, (char) (state >> 40));
          else
            g_string_append (pack, fragments[(state >> 33) % G_N_ELEMENTS (fragments)]);
        }
      texts[0] = pack->str;
      c = vigil_risk_classifier_new_from_data (names, texts, &error);
      if (c)
        {
          g_auto (GStrv) ids = vigil_risk_classifier_match (c, pack->str, (round & 1) ? "fr" : NULL);
          g_assert_nonnull (ids);
          accepted++;
        }
      else
        {
          g_assert_nonnull (error);
          g_assert_true (g_str_has_prefix (error->message, "f.rules:"));
        }
      g_string_free (pack, TRUE);
    }
  g_assert_cmpuint (accepted, >, 0);
}

static void
test_hostile_posts (void)
{
  g_autofree char *huge = g_strnfill (2 * 1024 * 1024, 'x');
  g_autofree char *words = NULL;
  GString *many = g_string_new (NULL);
  g_auto (GStrv) a = NULL, b = NULL, c = NULL;

  for (guint i = 0; i < 100000; i++)
    g_string_append (many, "refund ");
  words = g_string_free (many, FALSE);
  a = vigil_risk_classifier_match (builtin, huge, NULL);
  g_assert_cmpuint (g_strv_length (a), ==, 0);
  b = vigil_risk_classifier_match (builtin, words, "en");
  g_assert_true (has_category (b, "customer-service.refund"));
  c = vigil_risk_classifier_match (builtin, "refund \xff\xfe\xc3 money back", "en");
  g_assert_true (has_category (c, "customer-service.refund"));
}

typedef struct
{
  VigilRiskClassifier *c;
  guint                failures;
} ThreadData;

static gpointer
match_in_thread (gpointer data)
{
  ThreadData *td = data;

  for (guint i = 0; i < 2000; i++)
    {
      g_auto (GStrv) ids = vigil_risk_classifier_match (td->c, "refund my broken kettle, you scammers", "en");
      if (!has_category (ids, "customer-service.refund") || !has_category (ids, "legal.defamation"))
        g_atomic_int_inc (&td->failures);
    }
  return NULL;
}

static void
test_threads (void)
{
  ThreadData td = { builtin, 0 };
  GThread *threads[4];

  for (guint i = 0; i < G_N_ELEMENTS (threads); i++)
    threads[i] = g_thread_new ("match", match_in_thread, &td);
  for (guint i = 0; i < G_N_ELEMENTS (threads); i++)
    g_thread_join (threads[i]);
  g_assert_cmpuint (td.failures, ==, 0);
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr (GError) error = NULL;
  int ret;

  g_test_init (&argc, &argv, NULL);
  builtin = vigil_risk_classifier_new (NULL, &error);
  g_assert_no_error (error);

  g_test_add_func ("/vigil/risk-classifier/table", test_table);
  g_test_add_func ("/vigil/risk-classifier/several-sorted", test_several_and_sorted);
  g_test_add_func ("/vigil/risk-classifier/nothing", test_nothing);
  g_test_add_func ("/vigil/risk-classifier/roles-labels", test_roles_and_labels);
  g_test_add_func ("/vigil/risk-classifier/phrases-wildcards", test_phrases_and_wildcards);
  g_test_add_func ("/vigil/risk-classifier/user-override", test_user_override);
  g_test_add_func ("/vigil/risk-classifier/malformed-user-file", test_malformed_user_file);
  g_test_add_func ("/vigil/risk-classifier/parse-errors", test_parse_errors);
  g_test_add_func ("/vigil/risk-classifier/missing-dir", test_missing_dir);
  g_test_add_func ("/vigil/risk-classifier/threads", test_threads);
  g_test_add_func ("/vigil/risk-classifier/fuzz", test_fuzz);
  g_test_add_func ("/vigil/risk-classifier/hostile-posts", test_hostile_posts);
  ret = g_test_run ();
  g_assert_finalize_object (builtin);
  return ret;
}

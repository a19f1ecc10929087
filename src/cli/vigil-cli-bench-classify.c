/* vigil-cli-bench-classify.c: vigil-cli bench classify [--count N] [--stage NAME]
 *
 * Generates N synthetic short posts (fixed seed, so every run classifies the
 * same text) and prints, per stage, one JSON line on stdout:
 *   {"bench":"classify","stage":"sentiment","posts":N,"runs":R,
 *    "seconds":S,"posts_per_s":P}
 * "seconds" is the thread's CPU time (CLOCK_THREAD_CPUTIME_ID), which is
 * what one core delivers even on a busy machine; "wall_seconds" is
 * the elapsed time. Stages: tokenize (fold + tokenize into a query document), match (the same
 * plus 10 watches matched), sentiment, language (the default engine, Vigil's
 * trigram model), language-textcat (the libexttextcat engine, the baseline),
 * risk (categories), moderation (the moderation list), impersonation (the
 * author checks), overall (vigil_classifier_classify with the 10 watches)
 * and overall-textcat (the same with libexttextcat, the baseline). Each stage is
 * repeated over the posts until it has run for half a second (at most 20
 * runs), on one core.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "vigil-cli"

#include "config.h"

#include <stdio.h>
#include <string.h>
#include <time.h>
#include <glib/gi18n.h>

#include "vigil-classifier.h"
#include "vigil-cli-classify.h"

static const char * const en_words[] = {
  "the", "my", "order", "delivery", "was", "is", "late", "again", "and", "refund", "please",
  "kettle", "leaks", "customer", "service", "never", "answers", "great", "love", "this",
  "terrible", "not", "good", "but", "very", "happy", "with", "support", "broken", "lid",
  "why", "today", "thanks", "really", "awful", "experience", "I", "will", "boycott",
  "scam", "amazing", "product", "waited", "three", "weeks", "for", "nothing", "fixed", "it",
  "LOVE", "HATE", "don't", "can't", "recommend", "kind", "of", "slow", "so", "disappointed",
};

static const char * const extras[] = {
  "#boycott", "#refund", "@acme", "@AcmeSupport", "😀", "😡", "🔥", "👍", ":)", ":(",
  "https://example.com/p/123", "!!!", "?", "!",
};

static const char * const other_langs[] = {
  "Mon colis devait arriver lundi et il n'a toujours pas été livré, je veux un remboursement.",
  "Le service client ne répond jamais, c'est vraiment décevant.",
  "Mein Paket ist immer noch nicht angekommen und der Kundendienst antwortet nicht.",
  "El pedido llegó roto y nadie me devuelve el dinero.",
};

static const char * const watch_queries[] = {
  "refund* OR chargeback OR remboursement",
  "\"late delivery\"~3 OR (delivery NEAR/3 late)",
  "#boycott OR boycott",
  "kettle NEAR/3 leak*",
  "broken NOT screen",
  "(scam OR fraud OR phishing) NOT lang:fr",
  "author:acme* OR @acme",
  "followers:>10000 (awful OR terrible)",
  "🔥 OR 😡",
  "support (never OR again)",
};

static gint64
thread_cpu_usec (void)
{
  struct timespec ts;

  if (clock_gettime (CLOCK_THREAD_CPUTIME_ID, &ts) != 0)
    return g_get_monotonic_time ();
  return (gint64) ts.tv_sec * G_USEC_PER_SEC + ts.tv_nsec / 1000;
}

static char *
make_post (GRand *rand)
{
  GString *s = g_string_new (NULL);
  guint n;

  if (g_rand_int_range (rand, 0, 100) < 12)
    {
      g_string_append (s, other_langs[g_rand_int_range (rand, 0, G_N_ELEMENTS (other_langs))]);
      /* a number makes each copy unique, so no cache answers for it */
      g_string_append_printf (s, " %u", g_rand_int (rand));
      return g_string_free (s, FALSE);
    }
  n = g_rand_int_range (rand, 8, 26);
  for (guint i = 0; i < n; i++)
    {
      if (i)
        g_string_append_c (s, ' ');
      if (g_rand_int_range (rand, 0, 100) < 10)
        g_string_append (s, extras[g_rand_int_range (rand, 0, G_N_ELEMENTS (extras))]);
      else
        g_string_append (s, en_words[g_rand_int_range (rand, 0, G_N_ELEMENTS (en_words))]);
    }
  if (g_rand_boolean (rand))
    g_string_append_c (s, '.');
  return g_string_free (s, FALSE);
}

typedef enum
{
  STAGE_TOKENIZE,
  STAGE_MATCH,
  STAGE_SENTIMENT,
  STAGE_LANGUAGE,
  STAGE_LANGUAGE_TEXTCAT,
  STAGE_RISK,
  STAGE_MODERATION,
  STAGE_IMPERSONATION,
  STAGE_OVERALL,
  STAGE_OVERALL_TEXTCAT,
} Stage;

static const char * const stage_names[] = {
  "tokenize", "match", "sentiment", "language", "language-textcat", "risk", "moderation",
  "impersonation", "overall", "overall-textcat",
};

typedef struct
{
  VigilClassifier  *classifier;
  VigilClassifier  *textcat_classifier;   /* the baseline: libexttextcat */
  VigilModerationList *moderation;
  VigilImpersonationDetector *impersonation;
  char            **texts;
  VigilClassifyInput *inputs;
  guint             n;
  volatile double   sink;   /* keeps results alive */
} Bench;

/* not inlined, so profilers can count one stage (valgrind --toggle-collect=run_stage) */
static G_GNUC_NO_INLINE void
run_stage (Bench *b,
           Stage  stage)
{
  VigilSentimentAnalyzer *sentiment = vigil_classifier_get_sentiment (b->classifier);
  VigilLanguageDetector *language = vigil_classifier_get_language (b->classifier);
  VigilLanguageDetector *textcat = vigil_classifier_get_language (b->textcat_classifier);
  VigilRiskClassifier *risk = vigil_classifier_get_risk (b->classifier);
  guint n_watches = vigil_classifier_get_n_watches (b->classifier);
  double acc = 0;

  for (guint i = 0; i < b->n; i++)
    {
      const VigilClassifyInput *in = &b->inputs[i];

      switch (stage)
        {
        case STAGE_TOKENIZE:
        case STAGE_MATCH:
          {
            VigilQueryPost post = {
              .text = in->text, .author = in->author, .lang = in->lang,
              .platform = in->platform, .followers = in->followers,
            };
            VigilQueryDoc *doc = vigil_query_doc_new (&post);

            acc += vigil_query_doc_get_n_tokens (doc);
            if (stage == STAGE_MATCH)
              for (guint w = 0; w < n_watches; w++)
                acc += vigil_query_match_doc (vigil_watch_get_query (vigil_classifier_get_watch (b->classifier, w)), doc);
            vigil_query_doc_free (doc);
          }
          break;
        case STAGE_SENTIMENT:
          acc += vigil_sentiment_analyzer_score (sentiment, in->text, -1);
          break;
        case STAGE_LANGUAGE:
          acc += vigil_language_detector_detect (language, in->text, -1) != NULL;
          break;
        case STAGE_LANGUAGE_TEXTCAT:
          acc += vigil_language_detector_detect (textcat, in->text, -1) != NULL;
          break;
        case STAGE_MODERATION:
          {
            char **words = vigil_moderation_list_match (b->moderation, in->text);
            acc += words ? g_strv_length (words) : 0;
            g_strfreev (words);
          }
          break;
        case STAGE_IMPERSONATION:
          {
            VigilAuthorInfo author = {
              .handle = in->author, .followers = in->followers, .following = in->following,
              .account_age_days = in->account_age_days, .has_avatar = TRUE, .has_bio = TRUE,
            };
            char **reasons = NULL;

            acc += vigil_impersonation_detector_check (b->impersonation, &author, &reasons);
            g_strfreev (reasons);
          }
          break;
        case STAGE_RISK:
          {
            char **cats = vigil_risk_classifier_match (risk, in->text, "en");
            acc += cats ? g_strv_length (cats) : 0;
            g_strfreev (cats);
          }
          break;
        case STAGE_OVERALL:
        case STAGE_OVERALL_TEXTCAT:
        default:
          {
            VigilAnnotations a;

            vigil_classifier_classify (stage == STAGE_OVERALL ? b->classifier : b->textcat_classifier, in, &a);
            acc += a.compound + g_strv_length (a.watches);
            vigil_annotations_clear (&a);
          }
          break;
        }
    }
  b->sink += acc;
}

int
vigil_cli_bench_classify (int    argc,
                          char **argv)
{
  int count = 100000;
  g_autofree char *only = NULL;
  GOptionEntry entries[] = {
    { "count", 'n', 0, G_OPTION_ARG_INT, &count, N_("Number of synthetic posts (default 100000)"), N_("N") },
    { "stage", 's', 0, G_OPTION_ARG_STRING, &only, N_("Run only this stage (tokenize, match, sentiment, language, language-textcat, risk, moderation, impersonation, overall, overall-textcat)"), N_("NAME") },
    { NULL }
  };
  g_autoptr(GOptionContext) context = g_option_context_new (_("— classifier throughput per stage"));
  g_autoptr(GRand) rand = g_rand_new_with_seed (42);
  g_autoptr(GPtrArray) watches = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GError) error = NULL;
  static const char * const authors[] = { "someone", "acme_support", "AcmeSupp0rt", "fan42", NULL };
  const VigilOfficialAccount officials[] = { { "acme_support", "Acme Support" } };
  VigilClassifierOptions options = { 0, };
  Bench b = { 0, };

  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  if (!g_option_context_parse (context, &argc, &argv, &error))
    {
      fprintf (stderr, "vigil-cli: %s (see --help)\n", error->message);
      return 2;
    }
  if (count <= 0 || count > 100000000)
    {
      fprintf (stderr, "vigil-cli: %s\n", _("--count must be between 1 and 100000000"));
      return 2;
    }
  if (only && !g_strv_contains ((const char * const *) stage_names, only))
    {
      fprintf (stderr, _("vigil-cli: no stage “%s” (see --help)\n"), only);
      return 2;
    }

  for (guint i = 0; i < G_N_ELEMENTS (watch_queries); i++)
    {
      VigilWatch *w = vigil_watch_new (watch_queries[i], watch_queries[i], NULL, i % 3 == 0, &error);

      g_assert_no_error (error);
      g_ptr_array_add (watches, w);
    }
  options.watches = (VigilWatch **) watches->pdata;
  options.n_watches = watches->len;
  options.officials = officials;
  options.n_officials = G_N_ELEMENTS (officials);
  b.classifier = vigil_classifier_new (&options, &error);
  if (!b.classifier)
    {
      fprintf (stderr, "vigil-cli: %s\n", error->message);
      return 1;
    }
  /* the baseline: the same classifier with libexttextcat */
  {
    g_autoptr(VigilLanguageDetector) textcat =
      vigil_language_detector_new_with_engine (NULL, VIGIL_LANGUAGE_ENGINE_TEXTCAT, &error);

    if (!textcat)
      {
        fprintf (stderr, "vigil-cli: %s\n", error->message);
        g_object_unref (b.classifier);
        return 1;
      }
    options.language = textcat;
    b.textcat_classifier = vigil_classifier_new (&options, &error);
    g_assert_no_error (error);
  }
  b.moderation = vigil_moderation_list_new_default ();
  b.impersonation = vigil_impersonation_detector_new ();
  for (guint i = 0; i < G_N_ELEMENTS (officials); i++)
    vigil_impersonation_detector_add_official (b.impersonation, officials[i].handle, officials[i].display_name);

  fprintf (stderr, _("Generating %d synthetic posts…\n"), count);
  b.n = count;
  b.texts = g_new0 (char *, b.n + 1);
  b.inputs = g_new0 (VigilClassifyInput, b.n);
  for (guint i = 0; i < b.n; i++)
    {
      b.texts[i] = make_post (rand);
      vigil_classify_input_init (&b.inputs[i]);
      b.inputs[i].text = b.texts[i];
      b.inputs[i].author = authors[i % 4];
      b.inputs[i].followers = g_rand_int_range (rand, 0, 50000);
      b.inputs[i].account_age_days = g_rand_int_range (rand, 0, 3000);
      b.inputs[i].platform = "mastodon";
      if (i % 3 == 0)
        b.inputs[i].lang = "en";
    }

  for (guint s = 0; s < G_N_ELEMENTS (stage_names); s++)
    {
      gint64 t0 = g_get_monotonic_time ();
      gint64 c0 = thread_cpu_usec ();
      gint64 elapsed;
      guint runs = 0;
      double seconds, wall;
      g_autoptr(GString) line = g_string_new (NULL);
      char rate[G_ASCII_DTOSTR_BUF_SIZE], secs[G_ASCII_DTOSTR_BUF_SIZE], wall_secs[G_ASCII_DTOSTR_BUF_SIZE];

      if (only && strcmp (only, stage_names[s]) != 0)
        continue;
      do
        {
          run_stage (&b, s);
          runs++;
          elapsed = thread_cpu_usec () - c0;
        }
      while (elapsed < G_USEC_PER_SEC / 2 && runs < 20);
      seconds = elapsed / (double) G_USEC_PER_SEC;
      wall = (g_get_monotonic_time () - t0) / (double) G_USEC_PER_SEC;
      g_ascii_formatd (rate, sizeof rate, "%.0f", (double) b.n * runs / MAX (seconds, 1e-9));
      g_ascii_formatd (secs, sizeof secs, "%.3f", seconds);
      g_ascii_formatd (wall_secs, sizeof wall_secs, "%.3f", wall);
      g_string_printf (line, "{\"bench\":\"classify\",\"stage\":\"%s\",\"posts\":%u,\"runs\":%u,"
                       "\"seconds\":%s,\"wall_seconds\":%s,\"posts_per_s\":%s}\n",
                       stage_names[s], b.n, runs, secs, wall_secs, rate);
      fwrite (line->str, 1, line->len, stdout);
      fflush (stdout);
    }

  g_strfreev (b.texts);
  g_free (b.inputs);
  g_object_unref (b.classifier);
  g_object_unref (b.textcat_classifier);
  g_object_unref (b.moderation);
  g_object_unref (b.impersonation);
  return 0;
}

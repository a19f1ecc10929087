/* test-query-filter.c: the matcher's start filter changes no answer
 *
 * A VigilQueryDoc notes the first bytes of its tokens, so a term that
 * starts no token is rejected without a scan. Differential test: random
 * queries (words, prefixes, phrases, proximity, NEAR, hashtags, mentions,
 * emoji, boolean operators, with and without stemming) against random
 * posts, matched with and without the filter.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib.h>

#include "vigil-query-private.h"

static const char * const words[] = {
  "refund", "refunds", "refunded", "delivery", "deliveries", "late", "later", "kettle", "leak",
  "leaks", "leaking", "broken", "screen", "scam", "fraud", "support", "never", "again",
  "awful", "terrible", "boycott", "crème", "brûlée", "Straße", "strasse", "don't", "a", "I",
  "running", "runs", "ran", "happy", "happiness", "x", "zz", "l'usine", "usine", "日本",
};
static const char * const extras[] = {
  "#boycott", "#Refund", "#refunds", "@acme", "@AcmeSupport", "🔥", "😡", "👍🏽", "!!!", ",",
  "https://example.com/r", ".", "?",
};

static void
append_term (GString *q,
             GRand   *rand)
{
  guint r = g_rand_int_range (rand, 0, 10);

  if (r < 6)
    {
      g_string_append (q, words[g_rand_int_range (rand, 0, G_N_ELEMENTS (words))]);
      if (g_rand_int_range (rand, 0, 4) == 0)
        g_string_append_c (q, '*');
    }
  else if (r < 8)
    g_string_append (q, extras[g_rand_int_range (rand, 0, 7)]);
  else
    {
      /* a phrase, maybe with slop */
      g_string_append_printf (q, "\"%s %s\"", words[g_rand_int_range (rand, 0, G_N_ELEMENTS (words))],
                              words[g_rand_int_range (rand, 0, G_N_ELEMENTS (words))]);
      if (g_rand_boolean (rand))
        g_string_append_printf (q, "~%d", g_rand_int_range (rand, 0, 5));
    }
}

static char *
random_query (GRand *rand,
              guint  depth)
{
  GString *q = g_string_new (NULL);
  guint r = depth > 2 ? 0 : g_rand_int_range (rand, 0, 6);

  switch (r)
    {
    case 0: case 1:
      append_term (q, rand);
      break;
    case 2:
      {
        g_autofree char *a = random_query (rand, depth + 1), *b = random_query (rand, depth + 1);
        g_string_append_printf (q, "(%s) OR (%s)", a, b);
      }
      break;
    case 3:
      {
        g_autofree char *a = random_query (rand, depth + 1), *b = random_query (rand, depth + 1);
        g_string_append_printf (q, "(%s) AND (%s)", a, b);
      }
      break;
    case 4:
      {
        g_autofree char *a = random_query (rand, depth + 1), *b = random_query (rand, depth + 1);
        g_string_append_printf (q, "(%s) NOT (%s)", a, b);
      }
      break;
    default:
      append_term (q, rand);
      g_string_append_printf (q, " NEAR/%d ", g_rand_int_range (rand, 0, 4));
      append_term (q, rand);
      break;
    }
  return g_string_free (q, FALSE);
}

static char *
random_post (GRand *rand)
{
  GString *s = g_string_new (NULL);
  guint n = g_rand_int_range (rand, 0, 20);

  for (guint i = 0; i < n; i++)
    {
      if (i)
        g_string_append_c (s, ' ');
      if (g_rand_int_range (rand, 0, 5) == 0)
        g_string_append (s, extras[g_rand_int_range (rand, 0, G_N_ELEMENTS (extras))]);
      else
        g_string_append (s, words[g_rand_int_range (rand, 0, G_N_ELEMENTS (words))]);
    }
  return g_string_free (s, FALSE);
}

static void
test_differential (void)
{
  g_autoptr(GRand) rand = g_rand_new_with_seed (2026);
  guint matched = 0, compared = 0;

  for (guint qi = 0; qi < 400; qi++)
    {
      g_autofree char *text = random_query (rand, 0);
      VigilQueryFlags flags = g_rand_boolean (rand) ? VIGIL_QUERY_STEM : VIGIL_QUERY_FLAGS_NONE;
      g_autoptr(GError) error = NULL;
      g_autoptr(VigilQuery) query = vigil_query_new (text, flags, &error);

      if (!query)
        continue;   /* e.g. a query of only NOT */
      for (guint pi = 0; pi < 60; pi++)
        {
          g_autofree char *post_text = random_post (rand);
          static const char * const langs[] = { "en", "fr", "de", NULL };
          VigilQueryPost post = { .text = post_text, .lang = langs[pi % 4], .followers = -1 };
          g_autoptr(VigilQueryDoc) doc = vigil_query_doc_new (&post);
          gboolean fast, plain;

          fast = vigil_query_match_doc (query, doc);
          _vigil_query_doc_set_filter (doc, FALSE);
          plain = vigil_query_match_doc (query, doc);
          if (fast != plain)
            g_error ("“%s” on “%s”: %d with the filter, %d without", text, post_text, fast, plain);
          matched += plain;
          compared++;
        }
    }
  /* the generator exercises both answers */
  g_assert_cmpuint (compared, >, 10000);
  g_assert_cmpuint (matched, >, compared / 20);
  g_assert_cmpuint (matched, <, compared - compared / 20);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/vigil/query/filter-differential", test_differential);
  return g_test_run ();
}

/* test-stemmer.c: Vigil's stemmer gives libstemmer's stems
 *
 * vigil_stemmer_append() keeps recent stems per thread. Differential test:
 * many words, in an order that reuses and evicts cache slots, stemmed by
 * Vigil and directly by libstemmer, in every language.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>
#include <libstemmer.h>
#include <glib.h>

#include "vigil-stemmer.h"

static const char * const algorithms[] = {
  "english", "french", "german", "spanish", "italian", "dutch", "portuguese", "swedish",
  "danish", "norwegian", "finnish", "russian", "turkish",
};

static const char * const stems[] = {
  "run", "refund", "deliver", "happ", "connect", "nation", "gener", "arriv", "répon", "livr",
  "kauf", "liefer", "llev", "entreg", "consegn", "bestel", "lever", "beställ", "bestill",
  "tilaus", "заказ", "достав", "sipariş", "teslim", "x", "a",
};
static const char * const endings[] = {
  "", "s", "ing", "ed", "er", "ers", "ness", "ly", "ation", "ations", "e", "es", "ée", "ées",
  "ung", "ungen", "ando", "ado", "ados", "ità", "en", "ingen", "elser", "ksen", "ами", "ого",
  "ler", "lerin", "ies", "y", "ful", "fully", "ization", "izations", "ement", "ements",
};

static void
test_cache_agrees (void)
{
  g_autoptr(GRand) rand = g_rand_new_with_seed (11);
  g_autoptr(GString) got = g_string_new (NULL);
  struct sb_stemmer *direct[G_N_ELEMENTS (algorithms)];
  guint n_langs = vigil_stemmer_n_langs ();

  g_assert_cmpuint (n_langs, ==, G_N_ELEMENTS (algorithms));
  for (guint l = 0; l < n_langs; l++)
    {
      direct[l] = sb_stemmer_new (algorithms[l], "UTF_8");
      g_assert_nonnull (direct[l]);
    }
  /* 26 × 36 words, each several times, and words longer than the cache keeps */
  for (guint n = 0; n < 60000; n++)
    {
      g_autofree char *word = g_strconcat (stems[g_rand_int_range (rand, 0, G_N_ELEMENTS (stems))],
                                           endings[g_rand_int_range (rand, 0, G_N_ELEMENTS (endings))],
                                           n % 97 == 0 ? "ationalisationalisations" : "", NULL);
      guint l = g_rand_int_range (rand, 0, n_langs);
      gsize len = strlen (word);
      const sb_symbol *want = sb_stemmer_stem (direct[l], (const sb_symbol *) word, (int) len);

      g_string_truncate (got, 0);
      vigil_stemmer_append (l, word, len, got);
      g_assert_nonnull (want);
      if (got->len != (gsize) sb_stemmer_length (direct[l]) || memcmp (got->str, want, got->len) != 0)
        g_error ("%s: stem of “%s” is “%s”, libstemmer says “%.*s”", algorithms[l], word, got->str,
                 sb_stemmer_length (direct[l]), (const char *) want);
    }
  for (guint l = 0; l < n_langs; l++)
    sb_stemmer_delete (direct[l]);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/vigil/stemmer/cache-agrees", test_cache_agrees);
  return g_test_run ();
}

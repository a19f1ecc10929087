/* test-risk-text.c: folding and tokenizing of the risk units
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>
#include <glib.h>

#include "vigil-risk-text.h"

static char *
joined_tokens (const char            *text,
               VigilRiskTokenizeFlags flags)
{
  VigilRiskTokens tokens;
  GString *out = g_string_new (NULL);

  _vigil_risk_tokens_init (&tokens);
  _vigil_risk_tokenize (text, flags, &tokens);
  for (guint i = 0; i < tokens.tokens->len; i++)
    {
      if (i)
        g_string_append_c (out, '|');
      if (g_array_index (tokens.tokens, VigilRiskToken, i).flags & VIGIL_RISK_TOKEN_HASHTAG)
        g_string_append_c (out, '#');
      g_string_append (out, _vigil_risk_tokens_get (&tokens, i));
    }
  _vigil_risk_tokens_clear (&tokens);
  return g_string_free (out, FALSE);
}

static void
test_fold (void)
{
  static const struct { const char *in, *out; } cases[] = {
    { "Crème BRÛLÉE", "creme brulee" },
    { "Straße", "strasse" },
    { "ﬁne", "fine" },
    { "Œuvre Ægis Øre Łódź", "oeuvre aegis ore lodz" },
    { "Ｎｏｒｔｈ", "north" },
    { "KÜNDIGUNG", "kundigung" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *folded = _vigil_risk_fold (cases[i].in);
      g_assert_cmpstr (folded, ==, cases[i].out);
    }
}

static void
test_tokenize (void)
{
  static const struct { const char *in, *out; int flags; } cases[] = {
    { "Hello, World!", "hello|world", 0 },
    { "l'usine ne marche pas", "l|usine|ne|marche|pas", 0 },
    { "I don’t know", "i|don|t|know", 0 },
    { "RT @north_wind: see https://x.example/a?b=1 now", "rt|see|now", 0 },
    { "#BoycottNorthwind now!", "#boycottnorthwind|now", 0 },
    { "email me@example.com", "email|me", 0 },
    { "price 100% natural 🔥🔥", "price|100|natural", 0 },
    { "f*ck this sh!t, a$$!", "f*ck|this|sh!t|a$$", VIGIL_RISK_TOKENIZE_SYMBOLS },
    { "*** !!! $$", "", VIGIL_RISK_TOKENIZE_SYMBOLS },
    { "f*ck", "f|ck", 0 },
    { "", "", 0 },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *got = joined_tokens (cases[i].in, cases[i].flags);
      g_assert_cmpstr (got, ==, cases[i].out);
    }
}

static void
test_hostile (void)
{
  /* invalid UTF-8 separates tokens; huge input is bounded */
  g_autofree char *got = joined_tokens ("ab\xff\xfe" "cd \xc3", 0);
  g_autofree char *huge = g_strnfill (1024 * 1024, 'a');
  g_autofree char *spaced = NULL;
  VigilRiskTokens tokens;
  GString *many = g_string_new (NULL);

  g_assert_cmpstr (got, ==, "ab|cd");

  _vigil_risk_tokens_init (&tokens);
  _vigil_risk_tokenize (huge, 0, &tokens);
  g_assert_cmpuint (tokens.tokens->len, ==, 1);
  g_assert_cmpuint (_vigil_risk_tokens_len (&tokens, 0), ==, VIGIL_RISK_MAX_TOKEN_BYTES);

  for (guint i = 0; i < 20000; i++)
    g_string_append (many, "a ");
  spaced = g_string_free (many, FALSE);
  _vigil_risk_tokenize (spaced, 0, &tokens);
  g_assert_cmpuint (tokens.tokens->len, <=, VIGIL_RISK_MAX_TOKENS);
  _vigil_risk_tokens_clear (&tokens);
}

static void
test_hash (void)
{
  g_assert_cmpuint (_vigil_risk_hash64 ("abc", 3, 0), ==, _vigil_risk_hash64 ("abc", 3, 0));
  g_assert_cmpuint (_vigil_risk_hash64 ("abc", 3, 0), !=, _vigil_risk_hash64 ("abd", 3, 0));
  g_assert_cmpuint (_vigil_risk_hash64 ("abc", 3, 0), !=, _vigil_risk_hash64 ("abc", 3, 1));
}

/* When _vigil_risk_tokenize_modes_agree() says so, the two modes give
 * the same tokens; and it says so for ASCII text without disguise symbols. */
static void
test_modes_agree (void)
{
  static const char pool[] = "abcXYZ019 .,;:'\"-_()?/\\=<>~^&{}[]\t\nhttpw*$@!|#%+";
  static const char * const pieces[] = {
    "great!", "great!!!", "#tag", "@me", "@me@inst.social", "a!b", "!x", "x@_y", "##x", "x#",
    "!http://a", "#http", "@_x", "#_x", "x!!y", "!!!", "**", "f*ck", "a$$", "sh!t", "x+", "+x",
    "me@example.com", " ", " ", " ", ",", "http://x.y/%20#f", "www.x", "w", "h", "wow", "_",
    "é", "crème!", "#été", "@é", "!é", "😀", "#😀", "@😀", "e\xcc\x81", "\xff", "日本", "x\xc3",
  };
  g_autoptr(GRand) rand = g_rand_new_with_seed (5);
  VigilRiskTokens a, b;
  guint agreeing = 0;

  _vigil_risk_tokens_init (&a);
  _vigil_risk_tokens_init (&b);
  g_assert_false (_vigil_risk_tokenize_modes_agree ("f*ck"));
  g_assert_false (_vigil_risk_tokenize_modes_agree ("wow!great"));
  g_assert_false (_vigil_risk_tokenize_modes_agree ("##tag"));
  g_assert_false (_vigil_risk_tokenize_modes_agree ("great@_x"));
  g_assert_true (_vigil_risk_tokenize_modes_agree ("#tag @me great!!! !!!"));
  g_assert_true (_vigil_risk_tokenize_modes_agree ("Crème brûlée 😀 #café"));
  g_assert_false (_vigil_risk_tokenize_modes_agree ("crè*me"));

  /* the agreement rests on this: no letter, digit or mark folds into a
   * disguise symbol, which the SYMBOLS mode would trim */
  {
    g_autoptr(GString) folded = g_string_new (NULL);

    for (gunichar c = 0x80; c <= 0x10FFFF; c++)
      if (g_unichar_validate (c) && (g_unichar_isalnum (c) || g_unichar_ismark (c)))
        {
          g_string_truncate (folded, 0);
          _vigil_risk_fold_unichar (c, folded);
          if (strpbrk (folded->str, "*$@!|#%+"))
            g_error ("U+%04X folds to “%s”", c, folded->str);
        }
  }
  g_assert_true (_vigil_risk_tokenize_modes_agree ("crème"));
  g_assert_true (_vigil_risk_tokenize_modes_agree ("plain words, and punctuation."));
  for (guint n = 0; n < 50000; n++)
    {
      char text[64];
      guint len = g_rand_int_range (rand, 0, sizeof text);

      if (n % 2 == 0)
        {
          /* pieces: symbols next to words, as posts have them */
          g_autoptr(GString) built = g_string_new (NULL);

          while (built->len < sizeof text - 20)
            g_string_append (built, pieces[g_rand_int_range (rand, 0, G_N_ELEMENTS (pieces))]);
          len = built->len;
          memcpy (text, built->str, len);
        }
      else
        for (guint i = 0; i < len; i++)
          text[i] = n % 3 == 0 ? (char) g_rand_int_range (rand, 1, 256)
                               : pool[g_rand_int_range (rand, 0, sizeof pool - 1)];
      text[len] = '\0';
      if (n % 7 == 0 && len > 2)
        text[g_rand_int_range (rand, 0, len)] = "*$@!|#%+"[g_rand_int_range (rand, 0, 8)];
      if (!_vigil_risk_tokenize_modes_agree (text))
        continue;
      agreeing++;
      _vigil_risk_tokenize (text, VIGIL_RISK_TOKENIZE_DEFAULT, &a);
      _vigil_risk_tokenize (text, VIGIL_RISK_TOKENIZE_SYMBOLS, &b);
      g_assert_cmpuint (a.tokens->len, ==, b.tokens->len);
      g_assert_cmpmem (a.buf->str, a.buf->len, b.buf->str, b.buf->len);
      g_assert_cmpmem (a.tokens->data, a.tokens->len * sizeof (VigilRiskToken),
                       b.tokens->data, b.tokens->len * sizeof (VigilRiskToken));
    }
  g_assert_cmpuint (agreeing, >, 3000);
  _vigil_risk_tokens_clear (&a);
  _vigil_risk_tokens_clear (&b);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/vigil/risk-text/fold", test_fold);
  g_test_add_func ("/vigil/risk-text/tokenize", test_tokenize);
  g_test_add_func ("/vigil/risk-text/hostile", test_hostile);
  g_test_add_func ("/vigil/risk-text/hash", test_hash);
  g_test_add_func ("/vigil/risk-text/modes-agree", test_modes_agree);
  return g_test_run ();
}

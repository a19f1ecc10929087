/* test-risk-text.c: folding and tokenizing of the risk units
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

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

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/vigil/risk-text/fold", test_fold);
  g_test_add_func ("/vigil/risk-text/tokenize", test_tokenize);
  g_test_add_func ("/vigil/risk-text/hostile", test_hostile);
  g_test_add_func ("/vigil/risk-text/hash", test_hash);
  return g_test_run ();
}

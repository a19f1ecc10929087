/* test-password-strength.c: libzxcvbn scores, the one-word policy, feedback
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include "vigil-password-strength.h"

static void
test_weak (void)
{
  const char *weak[] = { "123456", "password", "Tr0ub4dour&3", "qwertyuiop", "P@ssw0rd!", NULL };

  for (guint i = 0; weak[i] != NULL; i++)
    {
      g_autoptr(VigilPasswordStrength) s = vigil_password_strength_check (weak[i], NULL);

      g_assert_nonnull (s);
      g_test_message ("%s: score %d, log10 guesses %.1f", "(weak sample)", s->score, s->guesses_log10);
      g_assert_cmpint (s->score, <=, VIGIL_PASSWORD_WEAK_SCORE);
      /* a weak password always says why and what to do */
      g_assert_nonnull (s->warning);
      g_assert_cmpuint (g_strv_length (s->suggestions), >=, 1);
    }
}

static void
test_strong (void)
{
  /* a long random passphrase: six words from a generator, and random characters */
  const char *strong[] = { "vapid-Gravel-orbit-Sunday-lichen-7", "correct horse battery staple",
                           "q7#Lm2$vR9!xZ4pW", NULL };

  for (guint i = 0; strong[i] != NULL; i++)
    {
      g_autoptr(VigilPasswordStrength) s = vigil_password_strength_check (strong[i], NULL);

      g_assert_nonnull (s);
      g_assert_cmpint (s->score, ==, 4);
      g_assert_cmpfloat (s->guesses_log10, >=, 10.0);
      g_assert_null (s->warning);
    }
}

static void
test_user_inputs (void)
{
  const char *inputs[] = { "acmekettles", "press@acme-kettles.example", NULL };
  g_autoptr(VigilPasswordStrength) plain = vigil_password_strength_check ("acmekettles2024", NULL);
  g_autoptr(VigilPasswordStrength) own = vigil_password_strength_check ("acmekettles2024", inputs);

  /* the account's own name makes its password weaker */
  g_assert_cmpfloat (own->guesses_log10, <, plain->guesses_log10);
  g_assert_cmpint (own->score, <=, VIGIL_PASSWORD_WEAK_SCORE);
  g_assert_nonnull (strstr (own->warning, "own"));
}

static void
test_bad_input (void)
{
  g_autofree char *huge = g_strnfill (VIGIL_PASSWORD_MAX_BYTES + 1, 'a');

  g_assert_null (vigil_password_strength_check (NULL, NULL));
  g_assert_null (vigil_password_strength_check ("", NULL));
  g_assert_null (vigil_password_strength_check (huge, NULL));
  g_assert_null (vigil_password_strength_check ("\xff\xfe", NULL));
  /* monotonic buckets */
  for (int score = 0; score <= 4; score++)
    g_assert_cmpuint (strlen (vigil_password_strength_describe_score (score)), >, 0);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/vigil/password-strength/weak", test_weak);
  g_test_add_func ("/vigil/password-strength/strong", test_strong);
  g_test_add_func ("/vigil/password-strength/user-inputs", test_user_inputs);
  g_test_add_func ("/vigil/password-strength/bad-input", test_bad_input);
  return g_test_run ();
}

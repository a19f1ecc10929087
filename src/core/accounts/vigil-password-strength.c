/* vigil-password-strength.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "vigil-password-strength"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <math.h>
#include <string.h>
#include <zxcvbn.h>

#include "vigil-password-strength.h"

G_DEFINE_BOXED_TYPE (VigilPasswordStrength, vigil_password_strength,
                     vigil_password_strength_copy, vigil_password_strength_free)

/* At most this many user inputs, each at most this long, reach zxcvbn. */
#define MAX_USER_INPUTS     16
#define MAX_USER_INPUT_LEN 128

static int
score_for (double guesses_log10)
{
  if (guesses_log10 < 3)
    return 0;
  if (guesses_log10 < 6)
    return 1;
  if (guesses_log10 < 8)
    return 2;
  if (guesses_log10 < 10)
    return 3;
  return 4;
}

/* The pattern that dominates the password: the longest match. */
static const ZxcMatch_t *
longest_match (const ZxcMatch_t *info)
{
  const ZxcMatch_t *best = NULL;

  for (const ZxcMatch_t *m = info; m != NULL; m = m->Next)
    if ((m->Type & ~MULTIPLE_MATCH) != BRUTE_MATCH
        && (m->Type & ~MULTIPLE_MATCH) != NON_MATCH
        && (best == NULL || m->Length > best->Length))
      best = m;
  return best;
}

/* TRUE when one dictionary-like match covers all but at most
 * MAX_WORD_EXTRAS characters: "one word with small changes". */
#define MAX_WORD_EXTRAS 3

static gboolean
is_one_word (const ZxcMatch_t *info,
             int               n_chars)
{
  for (const ZxcMatch_t *m = info; m != NULL; m = m->Next)
    switch (m->Type & ~MULTIPLE_MATCH)
      {
      case DICTIONARY_MATCH:
      case DICT_LEET_MATCH:
      case USER_MATCH:
      case USER_LEET_MATCH:
        if (m->Length >= 4 && n_chars - m->Length <= MAX_WORD_EXTRAS)
          return TRUE;
        break;
      default:
        break;
      }
  return FALSE;
}

static char *
warning_for (const ZxcMatch_t *match,
             int               n_chars,
             int               score)
{
  gboolean whole;

  if (score >= 4)
    return NULL;
  if (match == NULL)
    return score <= VIGIL_PASSWORD_WEAK_SCORE && n_chars < 12
      ? g_strdup (_("It is short: short passwords are quick to try one by one."))
      : NULL;

  whole = match->Length >= n_chars;
  switch (match->Type & ~MULTIPLE_MATCH)
    {
    case DICTIONARY_MATCH:
      return g_strdup (whole ? _("This is a commonly used password or a single common word.")
                             : _("It is built around a common word or name."));
    case DICT_LEET_MATCH:
      return g_strdup (_("Swapping letters for look-alike symbols (“@” for “a”, “0” for “o”) "
                         "does not fool password crackers."));
    case USER_MATCH:
    case USER_LEET_MATCH:
      return g_strdup (_("It contains the account’s own handle, e-mail or organisation name."));
    case REPEATS_MATCH:
      return g_strdup (_("Repeated characters or words (“aaa”, “abcabc”) are easy to guess."));
    case SEQUENCE_MATCH:
      return g_strdup (_("Sequences like “abc” or “123456” are easy to guess."));
    case SPATIAL_MATCH:
      return g_strdup (_("Rows and patterns of keys (“qwerty”, “zxcvbn”) are easy to guess."));
    case DATE_MATCH:
    case YEAR_MATCH:
      return g_strdup (_("Dates and years are easy to guess."));
    default:
      return NULL;
    }
}

VigilPasswordStrength *
vigil_password_strength_check (const char         *password,
                               const char * const *user_inputs)
{
  const char *dict[MAX_USER_INPUTS + 1] = { NULL };
  g_autoptr(GPtrArray) owned = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GStrvBuilder) suggestions = g_strv_builder_new ();
  ZxcMatch_t *info = NULL;
  VigilPasswordStrength *strength;
  guint n_dict = 0;
  double bits;
  int n_chars;

  if (password == NULL || *password == '\0' || strlen (password) > VIGIL_PASSWORD_MAX_BYTES
      || !g_utf8_validate (password, -1, NULL))
    return NULL;

  /* user inputs, lower-cased and split at "@" and "." so that the parts
   * of an e-mail or a host count as words too */
  for (guint i = 0; user_inputs != NULL && user_inputs[i] != NULL && n_dict < MAX_USER_INPUTS; i++)
    {
      g_autofree char *lower = NULL;
      g_auto(GStrv) parts = NULL;

      if (strlen (user_inputs[i]) > MAX_USER_INPUT_LEN || !g_utf8_validate (user_inputs[i], -1, NULL))
        continue;
      lower = g_utf8_strdown (user_inputs[i], -1);
      parts = g_strsplit_set (lower, "@.", -1);
      for (guint j = 0; parts[j] != NULL && n_dict < MAX_USER_INPUTS; j++)
        if (strlen (parts[j]) >= 3)
          {
            g_ptr_array_add (owned, g_strdup (parts[j]));
            dict[n_dict++] = g_ptr_array_index (owned, owned->len - 1);
          }
    }

  bits = ZxcvbnMatch (password, n_dict > 0 ? dict : NULL, &info);
  n_chars = g_utf8_strlen (password, -1);

  strength = g_new0 (VigilPasswordStrength, 1);
  strength->guesses_log10 = MAX (bits * 0.30103, 0.0);
  strength->score = score_for (strength->guesses_log10);
  if (is_one_word (info, n_chars) && strength->score > VIGIL_PASSWORD_WEAK_SCORE)
    {
      /* zxcvbn prices the changes as if they were random; rule-based
       * crackers try them first (NIST SP 800-63B: refuse dictionary words) */
      strength->score = VIGIL_PASSWORD_WEAK_SCORE;
      strength->warning = g_strdup (_("It is one dictionary word with small changes (capitals, "
                                      "look-alike symbols, a few characters added): crackers try "
                                      "those first."));
    }
  else
    strength->warning = warning_for (longest_match (info), n_chars, strength->score);
  ZxcvbnFreeInfo (info);

  if (strength->score <= VIGIL_PASSWORD_WEAK_SCORE)
    {
      g_strv_builder_add (suggestions, _("Use a passphrase of four or more random words, "
                                         "or let a password manager generate the password."));
      if (n_chars < 16)
        g_strv_builder_add (suggestions, _("Make it longer: length helps more than symbols."));
    }
  if (strength->score <= 3)
    g_strv_builder_add (suggestions, _("Never reuse a password of another account."));
  strength->suggestions = g_strv_builder_end (suggestions);
  return strength;
}

VigilPasswordStrength *
vigil_password_strength_copy (const VigilPasswordStrength *strength)
{
  VigilPasswordStrength *copy;

  g_return_val_if_fail (strength != NULL, NULL);
  copy = g_new0 (VigilPasswordStrength, 1);
  copy->score = strength->score;
  copy->guesses_log10 = strength->guesses_log10;
  copy->warning = g_strdup (strength->warning);
  copy->suggestions = g_strdupv (strength->suggestions);
  return copy;
}

void
vigil_password_strength_free (VigilPasswordStrength *strength)
{
  if (strength == NULL)
    return;
  g_free (strength->warning);
  g_strfreev (strength->suggestions);
  g_free (strength);
}

const char *
vigil_password_strength_describe_score (int score)
{
  switch (CLAMP (score, 0, 4))
    {
    case 0:
      return _("Too guessable");
    case 1:
      return _("Very guessable");
    case 2:
      return _("Somewhat guessable");
    case 3:
      return _("Safely unguessable");
    default:
      return _("Very unguessable");
    }
}

/* vigil-password-strength.h: how guessable a password is (libzxcvbn)
 *
 * A score from 0 (too guessable) to 4 (very unguessable), from zxcvbn's
 * estimate of the guesses an attacker needs: log10(guesses) below 3, 6,
 * 8 and 10 gives 0, 1, 2 and 3; 10 or more gives 4. Scores of 2 or less
 * are weak. One policy on top of zxcvbn: a password that is one
 * dictionary word (or the account's own name) with at most three other
 * characters scores at most 2, whatever zxcvbn's estimate ("Tr0ub4dour&3"):
 * rule-based crackers try capitals, look-alike symbols and short suffixes
 * first, and NIST SP 800-63B says to refuse dictionary words. The estimated
 * guesses stay zxcvbn's. A warning and suggestions say why and what to do, from the
 * patterns zxcvbn found (a common word, a date, a keyboard row…). The
 * password is never kept or logged: only the result is.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib-object.h>

G_BEGIN_DECLS

/* Longer passwords are refused (zxcvbn's cost grows with the length). */
#define VIGIL_PASSWORD_MAX_BYTES 1024
/* A score at or below this is weak. */
#define VIGIL_PASSWORD_WEAK_SCORE 2

typedef struct
{
  int     score;          /* 0–4 */
  double  guesses_log10;  /* log10 of the estimated guesses */
  char   *warning;        /* what makes it guessable, or NULL */
  GStrv   suggestions;    /* what to do (never NULL, may be empty) */
} VigilPasswordStrength;

#define VIGIL_TYPE_PASSWORD_STRENGTH (vigil_password_strength_get_type ())
GType                  vigil_password_strength_get_type (void) G_GNUC_CONST;

/* Rates password. user_inputs (NULL-terminated, may be NULL): words that
 * make a password of this account especially guessable, such as its
 * handle, the admin e-mail, the organisation's name. NULL for an empty,
 * too long or invalid UTF-8 password. */
VigilPasswordStrength *vigil_password_strength_check    (const char                  *password,
                                                         const char * const          *user_inputs);
VigilPasswordStrength *vigil_password_strength_copy     (const VigilPasswordStrength *strength);
void                   vigil_password_strength_free     (VigilPasswordStrength       *strength);
/* "Too guessable", "Very guessable", "Somewhat guessable", "Safely
 * unguessable", "Very unguessable" (translated). */
const char            *vigil_password_strength_describe_score (int score);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (VigilPasswordStrength, vigil_password_strength_free)

G_END_DECLS

/* vigil-sentiment-reference.c: the reference VADER rules
 *
 * vaderSentiment-js 1.1.3 (the npm package vader-sentiment), rule for rule,
 * its slips included, so that the differential test can hold Vigil to it:
 * - negations, "never", "so", "this", "but"/"BUT" and the idioms compare
 *   case for case ("Not good" is not negated, "But" is not a "but");
 * - "never so/this" one word back multiplies by 1.5, two words back 1.25;
 *   two words back, any word right after "so" or "this" gets ×1.25 too;
 * - the idioms and "kind of"/"sort of" are only looked for when three
 *   non-lexicon words precede, and "kind of" subtracts 0.293 from negative
 *   words as from positive ones;
 * - no emoji, no "no" rule; boosters are the package's shorter list.
 * The tokens come from vigil-sentiment-tokenize.c's REFERENCE mode.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "vigil-sentiment-private.h"

static inline gboolean
in_lexicon (const Tok *t)
{
  return (t->flags & F_REF_LEXICON) != 0;
}

static inline gboolean
negated (const Tok *t)
{
  return ((t->flags & F_NEGATE) && !(t->tflags & T_CASED)) || (t->tflags & T_NT);
}

static inline gboolean
is_upper (const Tok *t)
{
  return (t->tflags & T_UPPER) != 0;
}

static double
scalar_inc_dec (const Tok *t,
                double     valence,
                gboolean   cap_diff)
{
  double scalar;

  if (!(t->flags & F_REF_BOOSTER))
    return 0.0;
  scalar = t->e->booster;
  if (valence < 0)
    scalar = -scalar;
  if (cap_diff && is_upper (t))
    scalar += valence > 0 ? C_INCR : -C_INCR;
  return scalar;
}

static inline gboolean
so_or_this (const Tok *t)
{
  return tok_is_exact (t, W_SO) || tok_is_exact (t, W_THIS);
}

static double
never_check (double     valence,
             const Tok *w,
             guint      start_i,
             guint      i)
{
  if (start_i == 0)
    {
      if (negated (&w[i - 1]))
        valence *= N_SCALAR;
    }
  else if (start_i == 1)
    {
      if (tok_is_exact (&w[i - 2], W_NEVER) && so_or_this (&w[i - 1]))
        valence *= 1.5;
      else if (negated (&w[i - 2]))
        valence *= N_SCALAR;
    }
  else
    {
      if ((tok_is_exact (&w[i - 3], W_NEVER) && so_or_this (&w[i - 2])) || so_or_this (&w[i - 1]))
        valence *= 1.25;
      else if (negated (&w[i - 3]))
        valence *= N_SCALAR;
    }
  return valence;
}

/* do the n tokens from `from` spell the phrase, case for case? */
static inline gboolean
spells (const Tok    *w,
        guint         from,
        guint         n,
        const Phrase *ph)
{
  if (ph->n != n)
    return FALSE;
  for (guint k = 0; k < n; k++)
    if (w[from + k].e != ph->w[k] || (w[from + k].tflags & T_CASED))
      return FALSE;
  return TRUE;
}

static gboolean
idiom (const VigilSentimentAnalyzer *self,
       const Tok                    *w,
       guint                         from,
       guint                         n,
       double                       *valence)
{
  for (guint c = 0; c < self->n_ref_idioms; c++)
    if (spells (w, from, n, &self->ref_idioms[c]))
      {
        *valence = self->ref_idioms[c].valence;
        return TRUE;
      }
  return FALSE;
}

static gboolean
bigram (const VigilSentimentAnalyzer *self,
        const Tok                    *w,
        guint                         from)
{
  for (guint c = 0; c < G_N_ELEMENTS (self->ref_bigrams); c++)
    if (w[from].e == self->ref_bigrams[c][0] && w[from + 1].e == self->ref_bigrams[c][1]
        && !((w[from].tflags | w[from + 1].tflags) & T_CASED))
      return TRUE;
  return FALSE;
}

/* i >= 3 */
static double
idioms_check (const VigilSentimentAnalyzer *self,
              double                        valence,
              const Tok                    *w,
              guint                         n,
              guint                         i)
{
  gboolean any = FALSE;

  for (guint j = i - 3; j <= i + 2 && j < n; j++)
    any |= (w[j].flags & F_IDIOM) != 0;
  if (!any)
    return valence;

  /* onezero, twoonezero, twoone, threetwoone, threetwo: the first wins */
  if (!idiom (self, w, i - 1, 2, &valence) && !idiom (self, w, i - 2, 3, &valence)
      && !idiom (self, w, i - 2, 2, &valence) && !idiom (self, w, i - 3, 3, &valence))
    idiom (self, w, i - 3, 2, &valence);
  /* zeroone, then zeroonetwo */
  if (n - 1 > i)
    idiom (self, w, i, 2, &valence);
  if (n - 1 > i + 1)
    idiom (self, w, i, 3, &valence);
  if (bigram (self, w, i - 3) || bigram (self, w, i - 2))
    valence += B_DECR;
  return valence;
}

static double
least_check (double     valence,
             const Tok *w,
             guint      i)
{
  if (i > 1 && tok_is (&w[i - 1], W_LEAST) && !in_lexicon (&w[i - 1]))
    {
      if (!tok_is (&w[i - 2], W_AT) && !tok_is (&w[i - 2], W_VERY))
        valence *= N_SCALAR;
    }
  else if (i > 0 && tok_is (&w[i - 1], W_LEAST) && !in_lexicon (&w[i - 1]))
    valence *= N_SCALAR;
  return valence;
}

static double
sentiment_valence (const VigilSentimentAnalyzer *self,
                   const Tok                    *w,
                   guint                         n,
                   guint                         i,
                   gboolean                      cap_diff)
{
  const Tok *item = &w[i];
  double valence;

  if (!in_lexicon (item))
    return 0.0;
  valence = item->e->ref_valence;
  if (is_upper (item) && cap_diff)
    valence += valence > 0 ? C_INCR : -C_INCR;

  for (guint start_i = 0; start_i < 3; start_i++)
    {
      if (i > start_i && !in_lexicon (&w[i - (start_i + 1)]))
        {
          double s = scalar_inc_dec (&w[i - (start_i + 1)], valence, cap_diff);

          if (start_i == 1 && s != 0)
            s *= 0.95;
          else if (start_i == 2 && s != 0)
            s *= 0.9;
          valence += s;
          valence = never_check (valence, w, start_i, i);
          if (start_i == 2)
            valence = idioms_check (self, valence, w, n, i);
        }
    }
  return least_check (valence, w, i);
}

double
vigil_sentiment_sum_reference (const VigilSentimentAnalyzer *self,
                               TokVec                       *v)
{
  const Tok *w = v->toks;
  guint n = v->n;
  gboolean cap_diff = v->n_upper > 0 && v->n_upper < n;
  int but_index = -1;
  double sum = 0.0;

  if (n == 0)
    return 0.0;

  /* the first "but"; failing that, the first "BUT" */
  for (guint i = 0; i < n && but_index < 0; i++)
    if (tok_is_exact (&w[i], W_BUT))
      but_index = i;
  for (guint i = 0; i < n && but_index < 0; i++)
    if (tok_is (&w[i], W_BUT) && (w[i].tflags & T_UPPER))
      but_index = i;

  for (guint i = 0; i < n; i++)
    {
      double valence;

      if ((i < n - 1 && tok_is (&w[i], W_KIND) && tok_is (&w[i + 1], W_OF))
          || (w[i].flags & F_REF_BOOSTER))
        continue;
      valence = sentiment_valence (self, w, n, i, cap_diff);
      if (but_index >= 0)
        {
          if ((int) i < but_index)
            valence *= 0.5;
          else if ((int) i > but_index)
            valence *= 1.5;
        }
      sum += valence;
    }

  if (sum > 0)
    sum += sentiment_punct_amplifier (v->n_excl, v->n_quest);
  else if (sum < 0)
    sum -= sentiment_punct_amplifier (v->n_excl, v->n_quest);
  return sum;
}

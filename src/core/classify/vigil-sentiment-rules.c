/* vigil-sentiment-rules.c: Vigil's sentiment rules
 *
 * The reference rules (vigil-sentiment-reference.c), with its slips
 * repaired and the places where it is weak on complaints extended:
 * - any case: "Not good", "But", "NEVER" count; ’ is an apostrophe;
 *   punctuation is stripped from every word ("good!!!!", "(good)");
 * - emoji count through their description; a few that describe
 *   nothing in the lexicon get a phrase ("pouting face", "thumbs down");
 * - phrases (idioms and complaint phrases: "still waiting", "fell apart",
 *   "worth every penny") are found anywhere and scored as one word;
 * - negation: the nearest negation in the 4 words before (3 for an
 *   expectation), not across a sentence end, an emoji, a "but", or a comma
 *   unless the comma ends a list of rated words ("not smart, handsome");
 *   "no", "nobody", "hardly" negate; "no" before a word weighs nothing
 *   itself; "not only", "no doubt", "can't believe" don't negate, "never
 *   so/such" and "can't … enough" boost; "less than", "far from",
 *   "anything but" and "less" + word negate; emoticons are never negated;
 * - remedies ("fixed", "solved") undo a problem word near them;
 * - expectations ("arrived", "refund", "works", "response"): negated, they
 *   are a complaint (-1.5): "never arrived", "no response", "doesn't work";
 * - comparatives: a super-negation makes a superlative ("couldn't be
 *   happier", "nothing better"); "better than this/yours", "better before",
 *   "expected better" turn against the thing rated; "used to be great" is a
 *   loss;
 * - "but"/"however" (and "until" after praise) weigh the words before ×0.5
 *   and after ×1.5 within their sentence (the sentence before, if they open
 *   one); "although", "though" and "whereas" weigh their own clause ×0.5;
 * - "like" after "smells", "looks", "feels"… compares and weighs nothing;
 * - "kind of" dampens toward zero, for negative words too;
 * - complaint-domain words (recall, scald, leaking, overcharged…) and a
 *   few words of praise join the lexicon (vigil-sentiment-tables.c).
 * Speed: one pass tracks the negation scope; the rare rules run only when
 * the text holds one of their words (TokVec.all_flags).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "vigil-sentiment-private.h"

#define EXPECT_NEGATED -1.5

static inline gboolean
boundary_after (const Tok *t)
{
  return (t->tflags & (T_CLAUSE | T_SENT)) != 0;
}

/* a word that carries a valence of its own (the reference's "in lexicon") */
static inline gboolean
carries (const Tok *t)
{
  return (t->flags & F_LEXICON) || (t->tflags & (T_PHRASE | T_SILENT));
}

static void
find_phrases (const VigilSentimentAnalyzer *self,
              Tok                          *w,
              guint                         n)
{
  for (guint i = 0; i < n; i++)
    {
      if (!(w[i].flags & F_PHRASE) || (w[i].tflags & T_SILENT))
        continue;
      for (guint c = w[i].e->first_phrase; c < w[i].e->first_phrase + w[i].e->n_phrases; c++)
        {
          const Phrase *ph = &self->phrases[c];
          guint k;

          if (i + ph->n > n)
            continue;
          for (k = 1; k < ph->n; k++)
            if (w[i + k].e != ph->w[k] || boundary_after (&w[i + k - 1]))
              break;
          if (k < ph->n)
            continue;
          w[i].tflags |= T_PHRASE;
          w[i].val = ph->valence;
          for (k = 1; k < ph->n; k++)
            w[i + k].tflags |= T_SILENT;
          break;
        }
    }
}

static inline gboolean
is_contrast (const Tok *w,
             guint      j)
{
  if (tok_is (&w[j], W_HOWEVER) || tok_is (&w[j], W_UNTIL))
    return TRUE;
  return tok_is (&w[j], W_BUT)
         && !(j > 0 && (tok_is (&w[j - 1], W_ANYTHING) || tok_is (&w[j - 1], W_NOTHING)));
}

static inline gboolean
is_negation (const Tok *w,
             guint      j)
{
  if ((w[j].flags & F_NEGATE_V) || (w[j].tflags & T_NT_FOLD))
    return TRUE;
  if (j == 0 || !(w[j].flags & F_NEG_PAIR))
    return FALSE;
  return (tok_is (&w[j], W_THAN) && tok_is (&w[j - 1], W_LESS))
         || (tok_is (&w[j], W_FROM) && tok_is (&w[j - 1], W_FAR))
         || (tok_is (&w[j], W_BUT) && tok_is (&w[j - 1], W_ANYTHING));
}

/* "couldn't", "never", "nothing", "could not": with a comparative, a
 * superlative */
static inline gboolean
is_super_negation (const Tok *w,
                   guint      j)
{
  if (w[j].flags & F_SUPER_NEG)
    return TRUE;
  return j > 0 && (w[j].flags & F_NEGATE)
         && (tok_is (&w[j - 1], W_COULD) || tok_is (&w[j - 1], W_CAN));
}

typedef enum { NEG_NONE, NEG_NEGATED, NEG_SUPER, NEG_BOOST } Negation;

static inline gboolean
near_after (const Tok *w,
            guint      n,
            guint      i,
            guint8     word)
{
  for (guint k = i; k < n && k <= i + 3; k++)
    {
      if (k > i && tok_is (&w[k], word))
        return TRUE;
      if (boundary_after (&w[k]))
        break;
    }
  return FALSE;
}

/* What the negation at j (the nearest one before i, in scope) does to i */
static Negation
negation_at (const Tok *w,
             guint      n,
             guint      i,
             guint      j,
             gboolean   comparative)
{
  /* "not only", "no doubt", "without doubt", "can't believe" */
  if (tok_is (&w[j + 1], W_ONLY) || tok_is (&w[j + 1], W_BELIEVE))
    return NEG_NONE;
  if ((tok_is (&w[j], W_NO) || tok_is (&w[j], W_WITHOUT))
      && (tok_is (&w[j + 1], W_DOUBT) || (j + 2 < i && tok_is (&w[j + 2], W_DOUBT))))
    return NEG_NONE;
  /* "never so good", "never had such good service" */
  if (tok_is (&w[j], W_NEVER))
    for (guint k = j + 1; k < i; k++)
      if (tok_is (&w[k], W_SO) || tok_is (&w[k], W_THIS) || tok_is (&w[k], W_SUCH))
        return NEG_BOOST;
  if (is_super_negation (w, j))
    {
      /* "can't recommend them enough" */
      if (near_after (w, n, i, W_ENOUGH))
        return NEG_BOOST;
      if (comparative)
        return NEG_SUPER;
    }
  return NEG_NEGATED;
}

/* The scope of a negation, tracked word by word: it ends at a sentence
 * end, an emoji, a "but", or a comma unless the comma ends a list of rated
 * words ("not smart, handsome, nor funny"). Returns the new nearest
 * negation after token i (-1: none in scope). */
static inline int
track_negation (const Tok *w,
                guint      i,
                int        last)
{
  const Tok *t = &w[i];

  if ((t->tflags & (T_SENT | T_EMOJI)) || ((t->tflags & T_CLAUSE) && !carries (t)))
    return -1;
  if (is_negation (w, i))
    return i;
  if (t->flags & F_CONTRAST && is_contrast (w, i))
    return -1;
  return last;
}

/* "fixed the leak", "sorted out my issue", "problem solved" */
static gboolean
remedied (const Tok *w,
          guint      n,
          guint      i)
{
  for (guint d = 1; d <= 3 && d <= i; d++)
    {
      if (boundary_after (&w[i - d]))
        break;
      if (w[i - d].flags & F_REMEDY)
        return TRUE;
    }
  for (guint k = i + 1; k < n && k <= i + 2; k++)
    {
      if (boundary_after (&w[k - 1]))
        break;
      if (w[k].flags & F_REMEDY)
        return TRUE;
    }
  return FALSE;
}

static inline gboolean
bigram_at (const VigilSentimentAnalyzer *self,
           const Tok                    *w,
           guint                         j)
{
  for (guint c = 0; c < G_N_ELEMENTS (self->ref_bigrams); c++)
    if (w[j].e == self->ref_bigrams[c][0] && w[j + 1].e == self->ref_bigrams[c][1])
      return TRUE;
  return FALSE;
}

static double
valence_of (const VigilSentimentAnalyzer *self,
            const TokVec                 *v,
            guint                         i,
            int                           last_neg,
            gboolean                      cap_diff)
{
  const Tok *w = v->toks;
  guint n = v->n;
  const Tok *t = &w[i];
  gboolean expect_only, comparative, symbol;
  double valence;
  Negation neg = NEG_NONE;

  if (t->tflags & T_SILENT)
    return 0.0;
  if (t->tflags & T_PHRASE)
    valence = t->val;
  else if ((t->flags & F_BOOSTER)
           || (tok_is (t, W_KIND) && i + 1 < n && tok_is (&w[i + 1], W_OF)))
    return 0.0;
  else if (t->flags & (F_LEXICON | F_EXPECT))
    valence = (t->flags & F_LEXICON) ? t->e->valence : 0.0;
  else
    return 0.0;
  expect_only = (t->flags & F_EXPECT) && !(t->tflags & T_PHRASE);
  comparative = (t->flags & F_COMPARE) != 0;

  /* "no" before a word is a negation, not a valence */
  if (tok_is (t, W_NO) && !(t->tflags & T_PHRASE) && i + 1 < n && !boundary_after (t))
    return 0.0;
  /* "smells like", "looks like": a comparison */
  if (tok_is (t, W_LIKE) && i > 0 && (w[i - 1].flags & F_LIKE_PREP))
    return 0.0;
  /* emoji and emoticons stand on their own */
  symbol = (t->tflags & T_EMOJI) || (t->flags & F_EMOTICON);
  if (symbol)
    return valence;

  if ((t->tflags & T_UPPER) && cap_diff && valence != 0)
    valence += valence > 0 ? C_INCR : -C_INCR;

  for (guint d = 1; d <= 3 && d <= i && valence != 0 && (v->all_flags & F_BOOSTER); d++)
    {
      const Tok *b = &w[i - d];
      double s;

      if (b->tflags & T_SENT)
        break;
      if (carries (b) || !(b->flags & F_BOOSTER))
        continue;
      s = valence < 0 ? -b->e->booster : b->e->booster;
      if ((b->tflags & T_UPPER) && cap_diff)
        s += valence > 0 ? C_INCR : -C_INCR;
      valence += s * (d == 1 ? 1.0 : d == 2 ? 0.95 : 0.9);
    }
  if (valence != 0 && (v->all_flags & F_BIGRAM1)
      && ((i >= 2 && (w[i - 2].flags & F_BIGRAM1) && bigram_at (self, w, i - 2))
          || (i >= 3 && (w[i - 3].flags & F_BIGRAM1) && bigram_at (self, w, i - 3))))
    valence += valence > 0 ? B_DECR : -B_DECR;

  if (last_neg >= 0 && i - last_neg <= (expect_only ? 3u : 4u))
    neg = negation_at (w, n, i, last_neg, comparative);
  switch (neg)
    {
    case NEG_NEGATED:
      valence = expect_only ? EXPECT_NEGATED : valence * N_SCALAR;
      break;
    case NEG_SUPER:
    case NEG_BOOST:
      valence *= 1.25;
      break;
    case NEG_NONE:
    default:
      break;
    }

  if (comparative && neg != NEG_SUPER)
    {
      /* "better than this", "better before", "expected better" */
      if ((i + 2 < n && tok_is (&w[i + 1], W_THAN) && (w[i + 2].flags & F_DEICTIC)
           && !boundary_after (t) && !boundary_after (&w[i + 1]))
          || (i + 1 < n && tok_is (&w[i + 1], W_BEFORE) && !boundary_after (t))
          || (i >= 1 && tok_is (&w[i - 1], W_EXPECTED))
          || (i >= 2 && tok_is (&w[i - 2], W_EXPECTED) && !boundary_after (&w[i - 2])))
        valence = -valence;
    }

  if (valence < 0 && neg == NEG_NONE && (v->all_flags & F_REMEDY) && remedied (w, n, i))
    valence *= N_SCALAR;

  /* "used to be great": no longer */
  if (valence > 0 && (v->all_flags & F_USED))
    for (guint d = 2; d <= 4 && d <= i; d++)
      {
        if (boundary_after (&w[i - d]) || boundary_after (&w[i - d + 1]))
          break;
        if (tok_is (&w[i - d], W_USED) && tok_is (&w[i - d + 1], W_TO))
          {
            valence *= N_SCALAR;
            break;
          }
      }

  /* "least" */
  if (i > 1 && tok_is (&w[i - 1], W_LESS))
    valence *= N_SCALAR;
  else if (i > 1 && tok_is (&w[i - 1], W_LEAST))
    {
      if (!tok_is (&w[i - 2], W_AT) && !tok_is (&w[i - 2], W_VERY))
        valence *= N_SCALAR;
    }
  else if (i > 0 && (tok_is (&w[i - 1], W_LEAST) || tok_is (&w[i - 1], W_LESS)))
    valence *= N_SCALAR;

  return valence;
}

/* ×0.5 / ×1.5 around "but" and "however", ×0.5 on a concession */
static void
weigh_contrasts (Tok   *w,
                 guint  n)
{
  guint prev_start = 0, start = 0;

  while (start < n)
    {
      guint end = start;

      while (end < n && !(w[end].tflags & T_SENT))
        end++;
      end = MIN (end + 1, n);   /* one past the sentence's last token */

      for (guint b = start; b < end; b++)
        if ((w[b].flags & F_CONTRAST) && is_contrast (w, b))
          {
            guint from = b == start ? prev_start : start;
            double before = 0;

            /* "great until it caught fire"; "waited until Friday" is no
             * contrast */
            for (guint k = from; k < b && tok_is (&w[b], W_UNTIL); k++)
              before += w[k].val;
            if (tok_is (&w[b], W_UNTIL) && before <= 0)
              continue;

            for (guint k = from; k < b; k++)
              w[k].val *= 0.5;
            for (guint k = b + 1; k < end; k++)
              w[k].val *= 1.5;
            break;
          }
      for (guint c = start; c < end; c++)
        if ((w[c].flags & F_CONTRAST)
            && (tok_is (&w[c], W_ALTHOUGH) || tok_is (&w[c], W_THOUGH) || tok_is (&w[c], W_WHEREAS))
            && !boundary_after (&w[c]))
          {
            for (guint k = c + 1; k < end; k++)
              {
                w[k].val *= 0.5;
                if (w[k].tflags & T_CLAUSE)
                  break;
              }
            break;
          }
      prev_start = start;
      start = end;
    }
}

double
vigil_sentiment_sum_vigil (const VigilSentimentAnalyzer *self,
                           TokVec                       *v)
{
  Tok *w = v->toks;
  guint n = v->n;
  gboolean cap_diff = v->n_upper > 0 && v->n_upper < n;
  gboolean any = FALSE, track;
  int last_neg = -1;
  double sum = 0.0;

  if (n == 0 || !(v->all_flags & (F_LEXICON | F_EXPECT | F_PHRASE)))
    return 0.0;

  if (v->all_flags & F_PHRASE)
    find_phrases (self, w, n);
  /* every token's val is 0 from the tokenizer, but a phrase's first */
  track = (v->all_flags & (F_NEGATE_V | F_NEG_PAIR)) || (v->all_tflags & T_NT_FOLD);
  for (guint i = 0; i < n; i++)
    {
      if (w[i].flags & (F_LEXICON | F_EXPECT | F_PHRASE))
        {
          double val = valence_of (self, v, i, last_neg, cap_diff);

          any |= val != 0.0;
          w[i].val = val;
          sum += val;
        }
      if (track)
        last_neg = track_negation (w, i, last_neg);
    }
  if (!any)
    return 0.0;
  if (v->all_flags & F_CONTRAST)
    {
      weigh_contrasts (w, n);
      sum = 0.0;
      for (guint i = 0; i < n; i++)
        sum += w[i].val;
    }

  if (sum > 0)
    sum += sentiment_punct_amplifier (v->n_excl, v->n_quest);
  else if (sum < 0)
    sum -= sentiment_punct_amplifier (v->n_excl, v->n_quest);
  return sum;
}

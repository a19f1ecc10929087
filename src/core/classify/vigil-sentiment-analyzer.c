/* vigil-sentiment-analyzer.c: VADER sentiment (Hutto & Gilbert, 2014)
 *
 * A C port of the reference implementation's rules (vaderSentiment 3.3):
 *
 * - the text is split on white space; leading/trailing ASCII punctuation is
 *   stripped from a token unless that leaves 2 characters or fewer (so ":)"
 *   and ":-(" stay emoticons);
 * - each lexicon word contributes its mean valence, adjusted by:
 *   ALL-CAPS emphasis (±0.733, only when the text mixes case), boosters and
 *   dampeners in the 3 preceding words (±0.293, ×0.95 and ×0.9 with distance),
 *   negation in the 3 preceding words (×-0.74; the NEGATE list and any
 *   "n't" word; "no" before a lexicon word; "never so/this" boosts ×1.25;
 *   "without doubt" is not a negation), "least" (×-0.74 unless "at/very
 *   least"), "kind of"/"sort of" as dampeners and the special-case idioms;
 * - "but": words before it ×0.5, after it ×1.5;
 * - the sum grows by 0.292 per '!' (at most 4) and by 0.18 per '?' when
 *   there are 2 or 3 (0.96 for more), away from zero;
 * - compound = sum / sqrt(sum² + 15).
 * - emoji are replaced by the words of their description
 *   (emoji_utf8_lexicon.txt), which are then scored like any word.
 *
 * Departures from the reference Python code (bugs there, intent here):
 * - "but" scaling is applied by position; the Python code looks values up
 *   with list.index(), which scales the first equal value instead;
 * - in the 3rd-word negation check, "never so/this" needs "never": the
 *   Python code's operator precedence boosts any word after "so"/"this";
 * - a right single quote (’) counts as an apostrophe, so "don’t" negates;
 * - an emoji glued to a word ("good😀") is split from it, as if spaced.
 * Sarcasm is not detected: "Great, another delay. Just perfect!" scores
 * positive (see tests/core/classify/test-sentiment.c).
 *
 * Speed: one pass over the text, tokens folded into a stack buffer, one
 * open-addressing hash probe per token, no allocation for short posts.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "vigil-sentiment-analyzer"

#include "config.h"

#include <math.h>
#include <string.h>
#include <gio/gio.h>
#include <glib/gi18n-lib.h>

#include "vigil-data-resources.h"
#include "vigil-sentiment-analyzer.h"

#define B_INCR    0.293
#define B_DECR   -0.293
#define C_INCR    0.733
#define N_SCALAR -0.74

#define MAX_TOKEN_BYTES 64   /* longer tokens are never lexicon words */

enum
{
  F_LEXICON = 1 << 0,
  F_NEGATE  = 1 << 1,
  F_BOOSTER = 1 << 2,
  F_IDIOM   = 1 << 3,   /* part of a special-case idiom or multi-word booster */
};

/* words the rules test by identity */
enum
{
  W_NONE = 0,
  W_NO, W_KIND, W_OF, W_LEAST, W_AT, W_VERY, W_NEVER, W_SO, W_THIS,
  W_WITHOUT, W_DOUBT, W_BUT, W_OR, W_NOR,
};

typedef struct
{
  const char *key;       /* into pool, lower case */
  guint32     hash;
  guint16     len;
  guint8      flags;
  guint8      word;
  float       valence;
  float       booster;
} Entry;

typedef struct
{
  const Entry *e;
  const char  *lower;
  guint16      len;
  guint8       upper;
  guint8       flags;     /* copies of e->flags and e->word (0 without e), */
  guint8       word;      /* so the rules need not reach for the entry */
} Tok;

typedef struct
{
  guint  n;
  Tok   *toks;           /* pre-resolved description words */
} EmojiDesc;

struct _VigilSentimentAnalyzer
{
  GObject      parent_instance;

  Entry       *entries;  /* cap of them, n_words used; never moved */
  guint        cap;
  guint        n_words;
  guint32     *slots;
  guint32      mask;
  GStringChunk *pool;
  GHashTable  *emoji;    /* gunichar → EmojiDesc* */
  const Entry *specials[10][3];   /* special_cases, as entries */
  guint8       special_len[10];
  const Entry *bigrams[3][2];     /* booster_bigrams, as entries */
};

G_DEFINE_FINAL_TYPE (VigilSentimentAnalyzer, vigil_sentiment_analyzer, G_TYPE_OBJECT)

static const char * const negate_words[] = {
  "aint", "arent", "cannot", "cant", "couldnt", "darent", "didnt", "doesnt",
  "ain't", "aren't", "can't", "couldn't", "daren't", "didn't", "doesn't",
  "dont", "hadnt", "hasnt", "havent", "isnt", "mightnt", "mustnt", "neither",
  "don't", "hadn't", "hasn't", "haven't", "isn't", "mightn't", "mustn't",
  "neednt", "needn't", "never", "none", "nope", "nor", "not", "nothing", "nowhere",
  "oughtnt", "shant", "shouldnt", "uhuh", "wasnt", "werent",
  "oughtn't", "shan't", "shouldn't", "uh-uh", "wasn't", "weren't",
  "without", "wont", "wouldnt", "won't", "wouldn't", "rarely", "seldom", "despite",
};

static const struct { const char *word; float scalar; } boosters[] = {
  { "absolutely", B_INCR }, { "amazingly", B_INCR }, { "awfully", B_INCR },
  { "completely", B_INCR }, { "considerable", B_INCR }, { "considerably", B_INCR },
  { "decidedly", B_INCR }, { "deeply", B_INCR }, { "effing", B_INCR }, { "enormous", B_INCR },
  { "enormously", B_INCR }, { "entirely", B_INCR }, { "especially", B_INCR },
  { "exceptional", B_INCR }, { "exceptionally", B_INCR }, { "extreme", B_INCR },
  { "extremely", B_INCR }, { "fabulously", B_INCR }, { "flipping", B_INCR }, { "flippin", B_INCR },
  { "frackin", B_INCR }, { "fracking", B_INCR }, { "fricking", B_INCR }, { "frickin", B_INCR },
  { "frigging", B_INCR }, { "friggin", B_INCR }, { "fully", B_INCR }, { "fuckin", B_INCR },
  { "fucking", B_INCR }, { "fuggin", B_INCR }, { "fugging", B_INCR }, { "greatly", B_INCR },
  { "hella", B_INCR }, { "highly", B_INCR }, { "hugely", B_INCR }, { "incredible", B_INCR },
  { "incredibly", B_INCR }, { "intensely", B_INCR }, { "major", B_INCR }, { "majorly", B_INCR },
  { "more", B_INCR }, { "most", B_INCR }, { "particularly", B_INCR }, { "purely", B_INCR },
  { "quite", B_INCR }, { "really", B_INCR }, { "remarkably", B_INCR }, { "so", B_INCR },
  { "substantially", B_INCR }, { "thoroughly", B_INCR }, { "total", B_INCR }, { "totally", B_INCR },
  { "tremendous", B_INCR }, { "tremendously", B_INCR }, { "uber", B_INCR },
  { "unbelievably", B_INCR }, { "unusually", B_INCR }, { "utter", B_INCR }, { "utterly", B_INCR },
  { "very", B_INCR },
  { "almost", B_DECR }, { "barely", B_DECR }, { "hardly", B_DECR },
  { "kinda", B_DECR }, { "kindof", B_DECR }, { "kind-of", B_DECR },
  { "less", B_DECR }, { "little", B_DECR }, { "marginal", B_DECR }, { "marginally", B_DECR },
  { "occasional", B_DECR }, { "occasionally", B_DECR }, { "partly", B_DECR },
  { "scarce", B_DECR }, { "scarcely", B_DECR }, { "slight", B_DECR }, { "slightly", B_DECR },
  { "somewhat", B_DECR }, { "sorta", B_DECR }, { "sortof", B_DECR }, { "sort-of", B_DECR },
};

/* multi-word dampeners, recognised as the two words before a lexicon word */
static const char * const booster_bigrams[] = { "kind of", "sort of", "just enough" };

static const struct { const char *words; float valence; } special_cases[] = {
  { "the shit", 3 }, { "the bomb", 3 }, { "bad ass", 1.5 }, { "badass", 1.5 },
  { "bus stop", 0.0 }, { "yeah right", -2 }, { "kiss of death", -1.5 },
  { "to die for", 3 }, { "beating heart", 3.1 }, { "broken heart", -2.9 },
};

static const struct { const char *word; guint8 id; } identity_words[] = {
  { "no", W_NO }, { "kind", W_KIND }, { "of", W_OF }, { "least", W_LEAST }, { "at", W_AT },
  { "very", W_VERY }, { "never", W_NEVER }, { "so", W_SO }, { "this", W_THIS },
  { "without", W_WITHOUT }, { "doubt", W_DOUBT }, { "but", W_BUT }, { "or", W_OR },
  { "nor", W_NOR },
};

/* djb2 per byte (a short dependency chain: shift and adds), then one
 * avalanche step per word so the low bits index the table well */
#define HASH_INIT 5381u
#define HASH_STEP(h, c) ((h) * 33u + (guchar) (c))

static inline guint32
hash_final (guint32 h)
{
  h ^= h >> 16;
  h *= 0x7feb352du;
  h ^= h >> 15;
  return h;
}

static inline guint32
hash_bytes (const char *s,
            gsize       len)
{
  guint32 h = HASH_INIT;

  for (gsize i = 0; i < len; i++)
    h = HASH_STEP (h, s[i]);
  return hash_final (h);
}

static inline gboolean
bytes_equal (const char *a,
             const char *b,
             gsize       len)
{
  /* keys are short: a loop beats a call to memcmp */
  for (gsize i = 0; i < len; i++)
    if (a[i] != b[i])
      return FALSE;
  return TRUE;
}

/* The table: a small array of slots (64 KiB for the shipped lexicon, so it
 * stays in cache), each holding the top 16 bits of a word's hash and the
 * index of its entry; most words of a post are not in the lexicon and are
 * rejected without touching the entries. */
static inline const Entry *
lookup_hashed (const VigilSentimentAnalyzer *self,
               const char                   *s,
               gsize                         len,
               guint32                       h)
{
  guint32 i = h & self->mask;
  guint32 tag = h >> 16;

  for (;;)
    {
      guint32 v = self->slots[i];

      if (!v)
        return NULL;
      if ((v >> 16) == tag)
        {
          const Entry *e = &self->entries[(v & 0xFFFF) - 1];

          if (e->len == len && bytes_equal (e->key, s, len))
            return e;
        }
      i = (i + 1) & self->mask;
    }
}

static Entry *
lookup_or_insert (VigilSentimentAnalyzer *self,
                  const char             *s,
                  gsize                   len)
{
  guint32 h = hash_bytes (s, len);
  guint32 i = h & self->mask;
  Entry *e;

  for (;;)
    {
      guint32 v = self->slots[i];

      if (!v)
        break;
      e = &self->entries[(v & 0xFFFF) - 1];
      if ((v >> 16) == (h >> 16) && e->len == len && memcmp (e->key, s, len) == 0)
        return e;
      i = (i + 1) & self->mask;
    }
  /* sized in new_from_data () so that this never fills up */
  g_assert (self->n_words < self->cap);
  e = &self->entries[self->n_words++];
  e->key = g_string_chunk_insert_len (self->pool, s, len);
  e->hash = h;
  e->len = (guint16) len;
  self->slots[i] = (h & 0xFFFF0000u) | self->n_words;
  return e;
}

enum
{
  C_PLAIN = 1 << 0,   /* ASCII that continues a word and needs no counting */
  C_PUNCT = 1 << 1,   /* Python's string.punctuation */
  C_UPPER = 1 << 2,
  C_LOWER = 1 << 3,
  C_SPACE = 1 << 4,   /* what Python's str.split () splits on, in ASCII */
};

static guint8 byte_class[256];   /* filled once in class_init */

/* Decodes one UTF-8 character at p (p < end, *p >= 0x80); sets *len to
 * its length. Returns (gunichar) -1 for an invalid or cut sequence (len 1). */
static inline gunichar
decode_utf8 (const char *p,
             const char *end,
             gsize      *len)
{
  const guchar *u = (const guchar *) p;
  gsize avail = end - p;

  if (u[0] >= 0xC2 && u[0] <= 0xDF && avail >= 2 && (u[1] & 0xC0) == 0x80)
    {
      *len = 2;
      return ((u[0] & 0x1F) << 6) | (u[1] & 0x3F);
    }
  if (u[0] >= 0xE0 && u[0] <= 0xF4)
    {
      gunichar c;
      const char *next;

      c = g_utf8_get_char_validated (p, MIN (avail, 4));
      if (c != (gunichar) -1 && c != (gunichar) -2)
        {
          next = g_utf8_next_char (p);
          *len = next - p;
          return c;
        }
    }
  *len = 1;
  return (gunichar) -1;
}

static inline gboolean
is_ascii_punct (guchar c)
{
  return (c >= 33 && c <= 47) || (c >= 58 && c <= 64) || (c >= 91 && c <= 96)
         || (c >= 123 && c <= 126);
}

static inline gboolean
is_ascii_space (guchar c)
{
  return c == ' ' || (c >= '\t' && c <= '\r') || (c >= 0x1c && c <= 0x1f);
}

static inline gboolean
is_unicode_space (gunichar c)
{
  return c == 0x85 || c == 0xA0 || c == 0x1680 || (c >= 0x2000 && c <= 0x200A)
         || c == 0x2028 || c == 0x2029 || c == 0x202F || c == 0x205F || c == 0x3000;
}

/* Fills tok from the raw token [s, s+len): strip punctuation (unless that
 * leaves 2 characters or fewer), lower-case into buf, test ALL CAPS. */
static void
make_token (const VigilSentimentAnalyzer *self,
            const char                   *s,
            gsize                         len,
            char                         *buf,
            Tok                          *tok)
{
  gsize a = 0, b = len, n_chars = 0, out = 0;
  gboolean has_upper = FALSE, has_lower = FALSE;
  guint32 h = HASH_INIT;   /* as hash_bytes () */

  while (a < b && (byte_class[(guchar) s[a]] & C_PUNCT))
    a++;
  while (b > a && (byte_class[(guchar) s[b - 1]] & C_PUNCT))
    b--;
  /* a stripped token of 2 characters or fewer is kept whole (emoticons);
   * more than 8 bytes is always more than 2 characters */
  if (b - a <= 8)
    {
      for (gsize i = a; i < b; i++)
        if (((guchar) s[i] & 0xC0) != 0x80)
          n_chars++;
      if (n_chars <= 2)
        a = 0, b = len;
    }

  for (gsize i = a; i < b;)
    {
      guchar c = s[i];

      if (c < 0x80)
        {
          guint8 k = byte_class[c];

          if (k & C_UPPER)
            {
              has_upper = TRUE;
              c += 'a' - 'A';
            }
          has_lower |= (k & C_LOWER) != 0;
          buf[out++] = c;
          h = HASH_STEP (h, c);
          i++;
        }
      else
        {
          gsize clen;
          gunichar u = decode_utf8 (s + i, s + b, &clen);

          if (u == 0x2019)
            {
              buf[out++] = '\'';
              h = HASH_STEP (h, '\'');
            }
          else
            {
              if (u != (gunichar) -1 && u != (gunichar) -2)
                {
                  if (g_unichar_islower (u))
                    has_lower = TRUE;
                  else if (g_unichar_isupper (u) || g_unichar_istitle (u))
                    has_upper = TRUE;
                }
              for (gsize k = 0; k < clen; k++)
                {
                  buf[out++] = s[i + k];
                  h = HASH_STEP (h, s[i + k]);
                }
            }
          i += clen;
        }
    }
  tok->lower = buf;
  tok->len = (guint16) MIN (out, G_MAXUINT16);
  tok->upper = has_upper && !has_lower;
  tok->e = out <= MAX_TOKEN_BYTES ? lookup_hashed (self, buf, out, hash_final (h)) : NULL;
  tok->flags = tok->e ? tok->e->flags : 0;
  tok->word = tok->e ? tok->e->word : W_NONE;
}

static inline gboolean
tok_is (const Tok *t,
        guint8     word)
{
  return t->word == word;
}

static inline gboolean
tok_in_lexicon (const Tok *t)
{
  return (t->flags & F_LEXICON) != 0;
}

static inline gboolean
tok_negated (const Tok *t)
{
  if (t->flags & F_NEGATE)
    return TRUE;
  for (guint i = 0; i + 2 < t->len; i++)
    if (t->lower[i] == 'n' && t->lower[i + 1] == '\'' && t->lower[i + 2] == 't')
      return TRUE;
  return FALSE;
}

static inline gboolean
tok_eq (const Tok  *t,
        const char *word)
{
  gsize n = strlen (word);
  return t->len == n && memcmp (t->lower, word, n) == 0;
}

static double
scalar_inc_dec (const Tok *t,
                double     valence,
                gboolean   cap_diff)
{
  double scalar;

  if (!(t->flags & F_BOOSTER))
    return 0.0;
  scalar = t->e->booster;
  if (valence < 0)
    scalar = -scalar;
  if (t->upper && cap_diff)
    scalar += valence > 0 ? C_INCR : -C_INCR;
  return scalar;
}

/* Do the tokens [from, from + n) hold the entries w (and end before limit)? */
static inline gboolean
seq_is (const Tok          *toks,
        guint               limit,
        int                 from,
        const Entry * const *w,
        guint               n)
{
  if (from < 0 || (guint) from + n > limit)
    return FALSE;
  for (guint k = 0; k < n; k++)
    if (toks[from + k].e != w[k])
      return FALSE;
  return TRUE;
}

static double
special_idioms_check (const VigilSentimentAnalyzer *self,
                      double                        valence,
                      const Tok                    *toks,
                      guint                         n,
                      guint                         i)
{
  gboolean any = FALSE;

  for (int j = (int) i - 3; j <= (int) i + 2; j++)
    if (j >= 0 && j < (int) n && (toks[j].flags & F_IDIOM))
      any = TRUE;
  if (!any)
    return valence;

  for (guint c = 0; c < G_N_ELEMENTS (special_cases); c++)
    {
      const Entry * const *w = self->specials[c];
      guint nw = self->special_len[c];

      /* sequences ending at i, i-1 or i-2 and starting within i-3..i, as
       * the reference code tests them (1-0, 2-1-0, 2-1, 3-2-1, 3-2) */
      if ((nw == 2 && (seq_is (toks, i + 1, i - 1, w, 2) || seq_is (toks, i, i - 2, w, 2)
                       || seq_is (toks, i - 1, i - 3, w, 2)))
          || (nw == 3 && (seq_is (toks, i + 1, i - 2, w, 3) || seq_is (toks, i, i - 3, w, 3))))
        {
          valence = special_cases[c].valence;
          break;
        }
    }
  for (guint c = 0; c < G_N_ELEMENTS (special_cases); c++)
    {
      const Entry * const *w = self->specials[c];
      guint nw = self->special_len[c];

      if ((nw == 2 || nw == 3) && seq_is (toks, n, i, w, nw))
        valence = special_cases[c].valence;
    }
  for (guint c = 0; c < G_N_ELEMENTS (booster_bigrams); c++)
    if (seq_is (toks, i, i - 2, self->bigrams[c], 2) || seq_is (toks, i - 1, i - 3, self->bigrams[c], 2))
      valence += B_DECR;
  return valence;
}

static double
negation_check (double     valence,
                const Tok *w,
                guint      start_i,
                guint      i)
{
  if (start_i == 0)
    {
      if (tok_negated (&w[i - 1]))
        valence *= N_SCALAR;
    }
  else if (start_i == 1)
    {
      if (tok_is (&w[i - 2], W_NEVER) && (tok_is (&w[i - 1], W_SO) || tok_is (&w[i - 1], W_THIS)))
        valence *= 1.25;
      else if (tok_is (&w[i - 2], W_WITHOUT) && tok_is (&w[i - 1], W_DOUBT))
        ;
      else if (tok_negated (&w[i - 2]))
        valence *= N_SCALAR;
    }
  else
    {
      if (tok_is (&w[i - 3], W_NEVER)
          && (tok_is (&w[i - 2], W_SO) || tok_is (&w[i - 2], W_THIS)
              || tok_is (&w[i - 1], W_SO) || tok_is (&w[i - 1], W_THIS)))
        valence *= 1.25;
      else if (tok_is (&w[i - 3], W_WITHOUT)
               && (tok_is (&w[i - 2], W_DOUBT) || tok_is (&w[i - 1], W_DOUBT)))
        ;
      else if (tok_negated (&w[i - 3]))
        valence *= N_SCALAR;
    }
  return valence;
}

static double
sentiment_valence (const VigilSentimentAnalyzer *self,
                   const Tok *w,
                   guint      n,
                   guint      i,
                   gboolean   cap_diff)
{
  const Tok *item = &w[i];
  double valence;

  if (!tok_in_lexicon (item))
    return 0.0;
  valence = item->e->valence;

  if (tok_is (item, W_NO) && i != n - 1 && tok_in_lexicon (&w[i + 1]))
    valence = 0.0;
  if ((i > 0 && tok_is (&w[i - 1], W_NO))
      || (i > 1 && tok_is (&w[i - 2], W_NO))
      || (i > 2 && tok_is (&w[i - 3], W_NO) && (tok_is (&w[i - 1], W_OR) || tok_is (&w[i - 1], W_NOR))))
    valence = item->e->valence * N_SCALAR;

  if (item->upper && cap_diff)
    valence += valence > 0 ? C_INCR : -C_INCR;

  for (guint start_i = 0; start_i < 3; start_i++)
    {
      if (i > start_i && !tok_in_lexicon (&w[i - (start_i + 1)]))
        {
          double s = scalar_inc_dec (&w[i - (start_i + 1)], valence, cap_diff);

          if (start_i == 1)
            s *= 0.95;
          else if (start_i == 2)
            s *= 0.9;
          valence += s;
          valence = negation_check (valence, w, start_i, i);
          if (start_i == 2)
            valence = special_idioms_check (self, valence, w, n, i);
        }
    }

  /* "least" */
  if (i > 1 && !tok_in_lexicon (&w[i - 1]) && tok_is (&w[i - 1], W_LEAST))
    {
      if (!tok_is (&w[i - 2], W_AT) && !tok_is (&w[i - 2], W_VERY))
        valence *= N_SCALAR;
    }
  else if (i > 0 && !tok_in_lexicon (&w[i - 1]) && tok_is (&w[i - 1], W_LEAST))
    valence *= N_SCALAR;

  return valence;
}

typedef struct
{
  Tok   *toks;
  guint  n;
  guint  cap;
  Tok    stack[128];
} TokVec;

static inline Tok *
tokvec_push (TokVec *v)
{
  if (G_UNLIKELY (v->n == v->cap))
    {
      guint cap = v->cap * 2;

      if (v->toks == v->stack)
        {
          v->toks = g_new (Tok, cap);
          memcpy (v->toks, v->stack, sizeof v->stack);
        }
      else
        v->toks = g_renew (Tok, v->toks, cap);
      v->cap = cap;
    }
  return &v->toks[v->n++];
}

double
vigil_sentiment_analyzer_score (VigilSentimentAnalyzer *self,
                                const char             *text,
                                gssize                  len)
{
  char stack_buf[1024];
  char *buf;
  gsize n_bytes;
  gsize buf_used = 0;
  TokVec v;
  const char *p, *end, *start = NULL;
  guint n_excl = 0, n_quest = 0, n_upper = 0;
  double sum = 0.0;
  int but_index = -1;
  gboolean cap_diff;

  g_return_val_if_fail (VIGIL_IS_SENTIMENT_ANALYZER (self), 0.0);
  g_return_val_if_fail (text, 0.0);

  n_bytes = len < 0 ? strlen (text) : (gsize) len;
  buf = n_bytes < sizeof stack_buf ? stack_buf : g_malloc (n_bytes + 1);
  v.toks = v.stack;
  v.n = 0;
  v.cap = G_N_ELEMENTS (v.stack);

#define FLUSH(stop) \
  G_STMT_START { \
    if (start) \
      { \
        Tok *t_ = tokvec_push (&v); \
        make_token (self, start, (stop) - start, buf + buf_used, t_); \
        n_upper += t_->upper; \
        if (t_->word == W_BUT && but_index < 0) \
          but_index = v.n - 1; \
        buf_used += (stop) - start; \
        start = NULL; \
      } \
  } G_STMT_END

  end = text + n_bytes;
  for (p = text; p < end;)
    {
      guchar c = *p;

      if (c < 0x80)
        {
          if (byte_class[c] & C_SPACE)
            FLUSH (p);
          else
            {
              if (c == '!')
                n_excl++;
              else if (c == '?')
                n_quest++;
              if (!start)
                start = p;
              /* the rest of a plain ASCII word, fast */
              while (p + 1 < end && (byte_class[(guchar) p[1]] & C_PLAIN))
                p++;
            }
          p++;
        }
      else
        {
          gsize clen;
          gunichar u = decode_utf8 (p, end, &clen);
          const char *next = p + clen;
          EmojiDesc *desc;

          if (u == (gunichar) -1)
            {
              if (!start)
                start = p;
            }
          else if (is_unicode_space (u))
            FLUSH (p);
          else if (u >= 0x2000 && (desc = g_hash_table_lookup (self->emoji, GUINT_TO_POINTER (u))))
            {
              FLUSH (p);
              for (guint k = 0; k < desc->n; k++)
                {
                  *tokvec_push (&v) = desc->toks[k];
                  if (desc->toks[k].word == W_BUT && but_index < 0)
                    but_index = v.n - 1;
                }
            }
          else if (!start)
            start = p;
          p = next;
        }
    }
  FLUSH (end);
#undef FLUSH

  cap_diff = n_upper > 0 && n_upper < v.n;

  for (guint i = 0; i < v.n; i++)
    {
      const Tok *t = &v.toks[i];
      double valence;

      if (t->flags & F_BOOSTER)
        continue;
      if (tok_is (t, W_KIND) && i + 1 < v.n && tok_is (&v.toks[i + 1], W_OF))
        continue;
      valence = sentiment_valence (self, v.toks, v.n, i, cap_diff);
      if (valence == 0.0)
        continue;
      if (but_index >= 0)
        {
          if ((int) i < but_index)
            valence *= 0.5;
          else if ((int) i > but_index)
            valence *= 1.5;
        }
      sum += valence;
    }

  if (v.toks != v.stack)
    g_free (v.toks);
  if (buf != stack_buf)
    g_free (buf);

  if (sum != 0.0)
    {
      double amp = MIN (n_excl, 4) * 0.292;

      if (n_quest > 1)
        amp += n_quest <= 3 ? n_quest * 0.18 : 0.96;
      sum += sum > 0 ? amp : -amp;
    }
  return CLAMP (sum / sqrt (sum * sum + 15.0), -1.0, 1.0);
}

static void
vigil_sentiment_analyzer_finalize (GObject *object)
{
  VigilSentimentAnalyzer *self = VIGIL_SENTIMENT_ANALYZER (object);

  g_free (self->entries);
  g_free (self->slots);
  g_clear_pointer (&self->emoji, g_hash_table_unref);
  if (self->pool)
    g_string_chunk_free (self->pool);
  G_OBJECT_CLASS (vigil_sentiment_analyzer_parent_class)->finalize (object);
}

static void
vigil_sentiment_analyzer_class_init (VigilSentimentAnalyzerClass *klass)
{
  for (guint c = 0; c < 128; c++)
    {
      guint8 k = 0;

      if (is_ascii_punct (c))
        k |= C_PUNCT;
      if (c >= 'A' && c <= 'Z')
        k |= C_UPPER;
      if (c >= 'a' && c <= 'z')
        k |= C_LOWER;
      if (is_ascii_space (c))
        k |= C_SPACE;
      if (c > ' ' && c < 0x7f && c != '!' && c != '?')
        k |= C_PLAIN;
      byte_class[c] = k;
    }

  G_OBJECT_CLASS (klass)->finalize = vigil_sentiment_analyzer_finalize;
}

static void
vigil_sentiment_analyzer_init (VigilSentimentAnalyzer *self)
{
}

static void
emoji_desc_free (gpointer data)
{
  EmojiDesc *desc = data;

  g_free (desc->toks);
  g_free (desc);
}

static gboolean
load_lexicon (VigilSentimentAnalyzer *self,
              GBytes                 *bytes,
              GError                **error)
{
  gsize size;
  const char *data = g_bytes_get_data (bytes, &size);
  const char *end = data + size;
  guint line_no = 0;

  for (const char *line = data; line < end;)
    {
      const char *eol = memchr (line, '\n', end - line);
      const char *tab, *tab2;
      char number[32];
      char *num_end;
      double valence;
      Entry *e;

      if (!eol)
        eol = end;
      line_no++;
      tab = memchr (line, '\t', eol - line);
      if (eol > line && eol[-1] == '\r')
        eol--;
      if (line == eol)
        {
          line = eol + 1;
          continue;
        }
      if (!tab || tab == line || tab - line > MAX_TOKEN_BYTES)
        {
          g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                       _("Sentiment lexicon, line %u: expected a word, a tab and a valence"), line_no);
          return FALSE;
        }
      tab2 = memchr (tab + 1, '\t', eol - tab - 1);
      if (!tab2)
        tab2 = eol;
      if (tab2 - tab - 1 <= 0 || tab2 - tab - 1 >= (gssize) sizeof number)
        {
          g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                       _("Sentiment lexicon, line %u: missing valence"), line_no);
          return FALSE;
        }
      memcpy (number, tab + 1, tab2 - tab - 1);
      number[tab2 - tab - 1] = '\0';
      valence = g_ascii_strtod (number, &num_end);
      if (*num_end || !isfinite (valence) || valence < -4.5 || valence > 4.5)
        {
          g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                       _("Sentiment lexicon, line %u: '%s' is not a valence in [-4, 4]"),
                       line_no, number);
          return FALSE;
        }
      e = lookup_or_insert (self, line, tab - line);
      e->flags |= F_LEXICON;
      e->valence = (float) valence;
      line = (eol < end && *eol == '\r') ? eol + 2 : eol + 1;
    }
  return TRUE;
}

static void
load_emoji (VigilSentimentAnalyzer *self,
            GBytes                 *bytes)
{
  gsize size;
  const char *data = g_bytes_get_data (bytes, &size);
  g_autofree char *copy = g_strndup (data, size);
  g_auto(GStrv) lines = g_strsplit (copy, "\n", -1);

  for (guint l = 0; lines[l]; l++)
    {
      char *tab = strchr (lines[l], '\t');
      g_auto(GStrv) words = NULL;
      gunichar u;
      EmojiDesc *desc;
      guint n = 0;

      if (!tab)
        continue;
      *tab = '\0';
      g_strchomp (tab + 1);
      /* only single code points: the text is read one character at a time */
      if (!g_utf8_validate (lines[l], -1, NULL) || g_utf8_strlen (lines[l], -1) != 1)
        continue;
      u = g_utf8_get_char (lines[l]);
      if (u < 0x2000)
        continue; /* "©" etc. would also need a change in the scanning test */
      words = g_strsplit_set (tab + 1, " \t", -1);
      desc = g_new0 (EmojiDesc, 1);
      desc->toks = g_new0 (Tok, g_strv_length (words));
      for (guint w = 0; words[w]; w++)
        {
          gsize wl = strlen (words[w]);
          char *stored;

          if (wl == 0)
            continue;
          stored = g_string_chunk_insert_len (self->pool, words[w], wl);
          make_token (self, words[w], wl, stored, &desc->toks[n]);
          /* make_token wrote the lower-case form into stored */
          desc->toks[n].upper = FALSE;
          n++;
        }
      desc->n = n;
      g_hash_table_replace (self->emoji, GUINT_TO_POINTER (u), desc);
    }
}

VigilSentimentAnalyzer *
vigil_sentiment_analyzer_new_from_data (GBytes  *lexicon,
                                        GBytes  *emoji,
                                        GError **error)
{
  g_autoptr(VigilSentimentAnalyzer) self = NULL;
  guint32 size = 1024;
  gsize n_lines = 1, bytes_size;
  const char *bytes_data;

  g_return_val_if_fail (lexicon, NULL);
  g_return_val_if_fail (!error || !*error, NULL);

  bytes_data = g_bytes_get_data (lexicon, &bytes_size);
  for (gsize i = 0; i < bytes_size; i++)
    n_lines += bytes_data[i] == '\n';
  if (n_lines > 60000)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                   _("Sentiment lexicon: too many words (at most %d)"), 60000);
      return NULL;
    }

  self = g_object_new (VIGIL_TYPE_SENTIMENT_ANALYZER, NULL);
  /* every line, plus the rule words below; at most half the slots used */
  self->cap = n_lines + 512;
  while (size < self->cap * 2)
    size <<= 1;
  self->entries = g_new0 (Entry, self->cap);
  self->slots = g_new0 (guint32, size);
  self->mask = size - 1;
  self->pool = g_string_chunk_new (64 * 1024);
  self->emoji = g_hash_table_new_full (NULL, NULL, NULL, emoji_desc_free);

  if (!load_lexicon (self, lexicon, error))
    return NULL;

  for (guint i = 0; i < G_N_ELEMENTS (negate_words); i++)
    lookup_or_insert (self, negate_words[i], strlen (negate_words[i]))->flags |= F_NEGATE;
  for (guint i = 0; i < G_N_ELEMENTS (boosters); i++)
    {
      Entry *e = lookup_or_insert (self, boosters[i].word, strlen (boosters[i].word));
      e->flags |= F_BOOSTER;
      e->booster = boosters[i].scalar;
    }
  for (guint i = 0; i < G_N_ELEMENTS (identity_words); i++)
    lookup_or_insert (self, identity_words[i].word, strlen (identity_words[i].word))->word = identity_words[i].id;
  G_STATIC_ASSERT (G_N_ELEMENTS (special_cases) == G_N_ELEMENTS (self->specials));
  G_STATIC_ASSERT (G_N_ELEMENTS (booster_bigrams) == G_N_ELEMENTS (self->bigrams));
  for (guint i = 0; i < G_N_ELEMENTS (special_cases); i++)
    {
      g_auto(GStrv) words = g_strsplit (special_cases[i].words, " ", -1);
      for (guint w = 0; words[w] && w < 3; w++)
        {
          Entry *e = lookup_or_insert (self, words[w], strlen (words[w]));
          e->flags |= F_IDIOM;
          self->specials[i][w] = e;
          self->special_len[i] = w + 1;
        }
    }
  for (guint i = 0; i < G_N_ELEMENTS (booster_bigrams); i++)
    {
      g_auto(GStrv) words = g_strsplit (booster_bigrams[i], " ", -1);
      for (guint w = 0; words[w] && w < 2; w++)
        {
          Entry *e = lookup_or_insert (self, words[w], strlen (words[w]));
          e->flags |= F_IDIOM;
          self->bigrams[i][w] = e;
        }
    }

  /* after every insertion: emoji descriptions keep pointers to entries */
  if (emoji)
    load_emoji (self, emoji);

  return g_steal_pointer (&self);
}

VigilSentimentAnalyzer *
vigil_sentiment_analyzer_new (GError **error)
{
  g_autoptr(GBytes) lexicon = NULL;
  g_autoptr(GBytes) emoji = NULL;

  /* referencing the resource links it in (and registers it) */
  (void) vigil_data_get_resource ();
  lexicon = g_resources_lookup_data (VIGIL_SENTIMENT_LEXICON_RESOURCE, 0, error);
  if (!lexicon)
    return NULL;
  emoji = g_resources_lookup_data (VIGIL_SENTIMENT_EMOJI_RESOURCE, 0, error);
  if (!emoji)
    return NULL;
  return vigil_sentiment_analyzer_new_from_data (lexicon, emoji, error);
}

guint
vigil_sentiment_analyzer_get_n_words (VigilSentimentAnalyzer *self)
{
  g_return_val_if_fail (VIGIL_IS_SENTIMENT_ANALYZER (self), 0);
  return self->n_words;
}

VigilSentimentLabel
vigil_sentiment_label_from_compound (double compound)
{
  if (compound >= VIGIL_SENTIMENT_POSITIVE_THRESHOLD)
    return VIGIL_SENTIMENT_POSITIVE;
  if (compound <= VIGIL_SENTIMENT_NEGATIVE_THRESHOLD)
    return VIGIL_SENTIMENT_NEGATIVE;
  return VIGIL_SENTIMENT_NEUTRAL;
}

const char *
vigil_sentiment_label_to_string (VigilSentimentLabel label)
{
  const char *name = vigil_sentiment_to_string (label);

  return name ? name : "neutral";
}

gboolean
vigil_sentiment_label_from_string (const char          *str,
                                   VigilSentimentLabel *label)
{
  VigilSentimentLabel l = vigil_sentiment_from_string (str);

  if (l == VIGIL_SENTIMENT_NONE)
    return FALSE;
  if (label)
    *label = l;
  return TRUE;
}

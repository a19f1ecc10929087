/* vigil-sentiment-private.h: the analyzer's insides, shared by its files
 *
 * vigil-sentiment-analyzer.c  the object: loading, the word table, the API
 * vigil-sentiment-tables.c    the rule words (reference and Vigil) and the
 *                             complaint-domain words and phrases
 * vigil-sentiment-tokenize.c  text → tokens, one way per mode
 * vigil-sentiment-reference.c the reference rules (vaderSentiment-js 1.1.3)
 * vigil-sentiment-rules.c     Vigil's rules (the reference, repaired and
 *                             extended)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib-object.h>

#include "vigil-sentiment-analyzer.h"

G_BEGIN_DECLS

#define B_INCR    0.293
#define B_DECR   -0.293
#define C_INCR    0.733
#define N_SCALAR -0.74

#define MAX_TOKEN_BYTES 64   /* longer tokens are never table words */
#define EMOJI_BITS_END  0x20000

/* Entry flags: what a (lower-case) word is, for each mode */
enum
{
  F_LEXICON     = 1 << 0,   /* Vigil: a valence (VADER lexicon + domain words) */
  F_REF_LEXICON = 1 << 1,   /* reference: in the npm package's lexicon */
  F_NEGATE      = 1 << 2,   /* the reference's NEGATE list */
  F_BOOSTER     = 1 << 3,   /* Vigil: a booster or dampener */
  F_REF_BOOSTER = 1 << 4,   /* reference: in BOOSTER_DICT */
  F_IDIOM       = 1 << 5,   /* reference: a word of a special-case idiom */
  F_PHRASE      = 1 << 6,   /* Vigil: first word of an idiom or domain phrase */
  F_EXPECT      = 1 << 7,   /* Vigil: what a customer expects ("arrived",
                             * "refund"): negated, it is a complaint */
  F_COMPARE     = 1 << 8,   /* Vigil: a comparative ("better", "worse") */
  F_NEGATE_V    = 1 << 9,   /* Vigil: a negation (NEGATE + nobody, no…) */
  F_SUPER_NEG   = 1 << 10,  /* Vigil: with a comparative, a superlative
                             * ("couldn't be happier", "never better") */
  F_DEICTIC     = 1 << 11,  /* Vigil: "this", "it", "yours": the thing
                             * being talked about */
  F_REMEDY      = 1 << 12,  /* Vigil: "fixed", "solved": undoes a problem */
  F_LIKE_PREP   = 1 << 13,  /* Vigil: "smells", "looks": "like" after it
                             * is a preposition */
  F_EMOTICON    = 1 << 14,  /* a lexicon key without letters (":)", "<3") */
  F_CONTRAST    = 1 << 15,  /* Vigil: "but", "however", "although"… */
  F_NEG_PAIR    = 1 << 16,  /* Vigil: "than", "from", "but" (of "less than",
                             * "far from", "anything but") */
  F_USED        = 1 << 17,  /* Vigil: "used" (of "used to") */
  F_BIGRAM1     = 1 << 18,  /* first word of "kind of", "sort of", "just enough" */
};

/* words the rules test by identity (Entry.word) */
enum
{
  W_NONE = 0,
  W_NO, W_KIND, W_OF, W_LEAST, W_AT, W_VERY, W_NEVER, W_SO, W_THIS,
  W_WITHOUT, W_DOUBT, W_BUT, W_OR, W_NOR, W_THAN, W_HOWEVER, W_ALTHOUGH,
  W_THOUGH, W_WHEREAS, W_ONLY, W_ANYTHING, W_FAR, W_FROM, W_LESS, W_USED,
  W_TO, W_EXPECTED, W_BEFORE, W_COULD, W_CAN, W_NOTHING, W_EVEN, W_SUCH,
  W_ENOUGH, W_UNTIL, W_LIKE, W_BELIEVE,
};

typedef struct
{
  const char *key;       /* into pool, lower case */
  guint32     hash;
  guint16     len;
  guint32     flags;
  guint8      word;
  guint8      n_phrases;      /* Vigil phrases starting with this word: */
  guint8      first_phrase;   /* self->phrases[first_phrase…] */
  float       valence;   /* Vigil */
  float       ref_valence;
  float       booster;
} Entry;

/* Token flags (Tok.tflags) */
enum
{
  T_UPPER   = 1 << 0,    /* ALL CAPS (the reference's isupper) */
  T_CASED   = 1 << 1,    /* has an upper-case letter: exact-case rules fail */
  T_NT      = 1 << 2,    /* contains "n't" (exactly, for the reference) */
  T_NT_FOLD = 1 << 3,    /* contains "n't" or "n’t" in any case (Vigil) */
  T_CLAUSE  = 1 << 4,    /* Vigil: a clause ends after it (, ; : —) */
  T_SENT    = 1 << 5,    /* Vigil: a sentence ends after it (. ! ?) */
  T_SILENT  = 1 << 6,    /* Vigil: inside a phrase, scored by its first word */
  T_PHRASE  = 1 << 7,    /* Vigil: first word of a phrase; valence in .val */
  T_EMOJI   = 1 << 8,    /* Vigil: a word of an emoji's description */
};

typedef struct
{
  const Entry *e;
  double       val;      /* Vigil: the phrase valence, then the scored valence */
  guint32      flags;    /* copies of e->flags and e->word (0 without e) */
  guint16      tflags;
  guint8       word;
} Tok;

typedef struct
{
  guint  n;
  Tok   *toks;           /* pre-resolved description words */
} EmojiDesc;

typedef struct
{
  const Entry *w[3];
  guint8       n;
  float        valence;
} Phrase;

struct _VigilSentimentAnalyzer
{
  GObject       parent_instance;

  Entry        *entries;  /* cap of them, n_words used; never moved */
  guint         cap;
  guint         n_words;
  guint32      *slots;
  guint32       mask;
  GStringChunk *pool;
  GHashTable   *emoji;    /* gunichar → EmojiDesc* */
  guint8       *emoji_bits;     /* which code points below EMOJI_BITS_END are in emoji */
  Phrase       *ref_idioms;     /* the reference's special cases */
  guint         n_ref_idioms;
  Phrase       *phrases;        /* Vigil's idioms and domain phrases */
  guint         n_phrases;
  const Entry  *ref_bigrams[3][2];   /* "kind of", "sort of", "just enough" */
};

typedef struct
{
  Tok   *toks;
  guint  n;
  guint  cap;
  guint  n_upper;
  guint  all_flags;      /* the OR of every token's flags */
  guint  all_tflags;     /* and of their tflags */
  guint  n_excl;
  guint  n_quest;
  Tok    stack[128];
} TokVec;

/* vigil-sentiment-tables.c */
typedef struct { const char *word; float valence; } SentimentWordValue;
typedef struct { const char *word; float scalar; gboolean in_ref; } SentimentBooster;
typedef struct { const char *words; float valence; } SentimentPhrase;
typedef struct { const char *word; guint8 id; } SentimentIdentity;

extern const char * const         sentiment_negate_words[];
extern const guint                sentiment_n_negate_words;
extern const char * const         sentiment_vigil_negate_words[];
extern const guint                sentiment_n_vigil_negate_words;
extern const SentimentBooster     sentiment_boosters[];
extern const guint                sentiment_n_boosters;
extern const SentimentPhrase      sentiment_ref_idioms[];
extern const guint                sentiment_n_ref_idioms;
extern const SentimentPhrase      sentiment_phrases[];
extern const guint                sentiment_n_phrases;
extern const SentimentWordValue   sentiment_ref_lexicon_changes[];
extern const guint                sentiment_n_ref_lexicon_changes;
extern const SentimentWordValue   sentiment_domain_words[];
extern const guint                sentiment_n_domain_words;
extern const SentimentWordValue   sentiment_expect_words[];
extern const guint                sentiment_n_expect_words;
extern const char * const         sentiment_comparatives[];
extern const guint                sentiment_n_comparatives;
extern const char * const         sentiment_super_negations[];
extern const guint                sentiment_n_super_negations;
extern const char * const         sentiment_deictics[];
extern const guint                sentiment_n_deictics;
extern const char * const         sentiment_contrasts[];
extern const guint                sentiment_n_contrasts;
extern const char * const         sentiment_remedies[];
extern const guint                sentiment_n_remedies;
extern const char * const         sentiment_like_preps[];
extern const guint                sentiment_n_like_preps;
extern const SentimentIdentity    sentiment_identity_words[];
extern const guint                sentiment_n_identity_words;

/* djb2 per byte (a short dependency chain: shift and adds), then one
 * avalanche step per word so the low bits index the table well */
#define SENTIMENT_HASH_INIT 5381u
#define SENTIMENT_HASH_STEP(h, c) ((h) * 33u + (guchar) (c))

static inline guint32
sentiment_hash_final (guint32 h)
{
  h ^= h >> 16;
  h *= 0x7feb352du;
  h ^= h >> 15;
  return h;
}

/* The table: a small array of slots (64 KiB for the shipped lexicon, so it
 * stays in cache), each holding the top 16 bits of a word's hash and the
 * index of its entry; most words of a post are not in the table and are
 * rejected without touching the entries. */
static inline const Entry *
vigil_sentiment_lookup (const VigilSentimentAnalyzer *self,
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

          if (e->len == len)
            {
              gsize k = 0;

              /* keys are short: a loop beats a call to memcmp */
              while (k < len && e->key[k] == s[k])
                k++;
              if (k == len)
                return e;
            }
        }
      i = (i + 1) & self->mask;
    }
}

/* vigil-sentiment-tokenize.c */
void   vigil_sentiment_tokenize_init  (void);
void   vigil_sentiment_tokenize       (const VigilSentimentAnalyzer *self,
                                       const char                   *text,
                                       gsize                         len,
                                       VigilSentimentMode            mode,
                                       TokVec                       *v);
void   vigil_sentiment_tokenize_word  (const VigilSentimentAnalyzer *self,
                                       const char                   *word,
                                       gsize                         len,
                                       Tok                          *tok);

static inline void
tokvec_init (TokVec *v)
{
  v->toks = v->stack;
  v->n = 0;
  v->cap = G_N_ELEMENTS (v->stack);
  v->n_upper = v->all_flags = v->all_tflags = v->n_excl = v->n_quest = 0;
}

static inline void
tokvec_clear (TokVec *v)
{
  if (v->toks != v->stack)
    g_free (v->toks);
}

Tok *tokvec_grow (TokVec *v);

static inline Tok *
tokvec_push (TokVec *v)
{
  if (G_UNLIKELY (v->n == v->cap))
    return tokvec_grow (v);
  return &v->toks[v->n++];
}

/* vigil-sentiment-reference.c, vigil-sentiment-rules.c: the sum of the
 * valences with the "!" and "?" emphasis, before normalisation */
double vigil_sentiment_sum_reference (const VigilSentimentAnalyzer *self,
                                      TokVec                       *v);
double vigil_sentiment_sum_vigil     (const VigilSentimentAnalyzer *self,
                                      TokVec                       *v);

static inline gboolean
tok_is (const Tok *t,
        guint8     word)
{
  return t->word == word;
}

/* exactly the lower-case word, as the reference's === compares */
static inline gboolean
tok_is_exact (const Tok *t,
              guint8     word)
{
  return t->word == word && !(t->tflags & T_CASED);
}

static inline double
sentiment_punct_amplifier (guint n_excl,
                           guint n_quest)
{
  double amp = MIN (n_excl, 4) * 0.292;

  if (n_quest > 1)
    amp += n_quest <= 3 ? n_quest * 0.18 : 0.96;
  return amp;
}

G_END_DECLS

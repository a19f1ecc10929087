/* vigil-sentiment-tokenize.c: text → tokens for the sentiment rules
 *
 * REFERENCE mode, as vaderSentiment-js 1.1.3's SentiText does it:
 * - split on JavaScript's \s (ASCII \t\n\v\f\r and space, NBSP, U+1680,
 *   U+2000–U+200A, U+2028/9, U+202F, U+205F, U+3000, U+FEFF);
 * - drop tokens of one UTF-16 code unit ("I", "a", "é", "!");
 * - strip punctuation only when the token is a word (no ASCII punctuation,
 *   2+ code units) with ONE of its PUNC_LIST items glued before or after:
 *   "good," → "good", but "good!!!!", "(good)" and "good..." stay as they are;
 * - a token with a non-ASCII character never matches the lexicon (the
 *   package lower-cases it, and no lexicon key has a lower-case non-ASCII
 *   letter).
 * VIGIL mode:
 * - split on Python's and JavaScript's white space; emoji become the words
 *   of their description (emoji_utf8_lexicon.txt); U+FE0F, U+200D and skin
 *   tones separate;
 * - a token keeps all its letters, even one;
 * - leading and trailing punctuation (ASCII, curly quotes, …, dashes) is
 *   stripped unless the whole token is a lexicon entry (":)", ":-(");
 * - ’ is an apostrophe; the punctuation after a word marks the end of a
 *   clause (, ; : —) or sentence (. ! ? …) for the scope rules.
 * Both count "!" and "?" over the whole text.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include "vigil-sentiment-private.h"

enum
{
  C_PLAIN    = 1 << 0,   /* ASCII that continues a word and needs no counting */
  C_PUNCT    = 1 << 1,   /* Python's string.punctuation */
  C_UPPER    = 1 << 2,
  C_LOWER    = 1 << 3,
  C_SPACE    = 1 << 4,   /* Python's str.split (), in ASCII */
  C_JS_SPACE = 1 << 5,   /* JavaScript's \s, in ASCII */
  C_APOS     = 1 << 6,   /* ' */
};

static guint8 byte_class[256];
static guchar lower_table[256];

void
vigil_sentiment_tokenize_init (void)
{
  for (guint c = 0; c < 128; c++)
    {
      guint8 k = 0;

      if ((c >= 33 && c <= 47) || (c >= 58 && c <= 64) || (c >= 91 && c <= 96)
          || (c >= 123 && c <= 126))
        k |= C_PUNCT;
      if (c >= 'A' && c <= 'Z')
        k |= C_UPPER;
      if (c >= 'a' && c <= 'z')
        k |= C_LOWER;
      if (c == ' ' || (c >= '\t' && c <= '\r'))
        k |= C_SPACE | C_JS_SPACE;
      if (c >= 0x1c && c <= 0x1f)
        k |= C_SPACE;
      if (c > ' ' && c < 0x7f && c != '!' && c != '?')
        k |= C_PLAIN;
      if (c == '\'')
        k |= C_APOS;
      byte_class[c] = k;
      lower_table[c] = (k & C_UPPER) ? c + ('a' - 'A') : c;
    }
}

Tok *
tokvec_grow (TokVec *v)
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
  return &v->toks[v->n++];
}

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
      gunichar c = g_utf8_get_char_validated (p, MIN (avail, 4));

      if (c != (gunichar) -1 && c != (gunichar) -2)
        {
          *len = g_utf8_next_char (p) - p;
          return c;
        }
    }
  *len = 1;
  return (gunichar) -1;
}

static inline gboolean
is_js_space (gunichar c)
{
  return c == 0xA0 || c == 0x1680 || (c >= 0x2000 && c <= 0x200A) || c == 0x2028
         || c == 0x2029 || c == 0x202F || c == 0x205F || c == 0x3000 || c == 0xFEFF;
}

/* Vigil: white space, and what only joins or tints emoji */
static inline gboolean
is_vigil_separator (gunichar c)
{
  return is_js_space (c) || c == 0x85 || c == 0xFE0F || c == 0x200D
         || (c >= 0x1F3FB && c <= 0x1F3FF);
}

static inline const Entry *
lookup_lower (const VigilSentimentAnalyzer *self,
              const char                   *s,
              gsize                         len)
{
  char buf[MAX_TOKEN_BYTES];
  guint32 h = SENTIMENT_HASH_INIT;

  if (len > MAX_TOKEN_BYTES)
    return NULL;
  for (gsize i = 0; i < len; i++)
    {
      guchar c = s[i];

      if (byte_class[c] & C_UPPER)
        c += 'a' - 'A';
      buf[i] = c;
      h = SENTIMENT_HASH_STEP (h, c);
    }
  return vigil_sentiment_lookup (self, buf, len, sentiment_hash_final (h));
}

static inline void
set_entry (Tok         *tok,
           const Entry *e)
{
  tok->e = e;
  tok->flags = e ? e->flags : 0;
  tok->word = e ? e->word : W_NONE;
  tok->val = 0;
}

static gboolean
in_punc_list (const char *p,
              gsize       n)
{
  static const char * const multi[] = { "!!", "!!!", "??", "???", "?!?", "!?!", "?!?!", "!?!?" };

  if (n == 1)
    return strchr (".!?,;:-'\"", p[0]) != NULL;
  for (guint i = 0; i < G_N_ELEMENTS (multi); i++)
    if (strlen (multi[i]) == n && memcmp (multi[i], p, n) == 0)
      return TRUE;
  return FALSE;
}

/* UTF-16 length of [s, s+len), counting an invalid byte as one unit */
static gsize
utf16_len (const char *s,
           gsize       len)
{
  gsize n = 0;

  for (gsize i = 0; i < len;)
    {
      gsize clen = 1;

      if ((guchar) s[i] >= 0x80)
        {
          gunichar u = decode_utf8 (s + i, s + len, &clen);
          if (u != (gunichar) -1 && u >= 0x10000)
            n++;
        }
      n++;
      i += clen;
    }
  return n;
}

/* REFERENCE: FALSE when the package drops the token */
static gboolean
make_token_ref (const VigilSentimentAnalyzer *self,
                const char                   *s,
                gsize                         len,
                Tok                          *tok)
{
  gsize a = 0, b = len;
  gboolean ascii = TRUE, has_upper = FALSE, has_lower = FALSE, nt = FALSE;

  if (len <= 1 || ((guchar) s[0] >= 0x80 && len <= 3 && utf16_len (s, len) <= 1))
    return FALSE;

  while (a < len && (byte_class[(guchar) s[a]] & C_PUNCT))
    a++;
  while (b > a && (byte_class[(guchar) s[b - 1]] & C_PUNCT))
    b--;
  if (a < b && (a == 0) != (b == len)
      && in_punc_list (a ? s : s + b, a ? a : len - b)
      && utf16_len (s + a, b - a) > 1)
    {
      gboolean inner_punct = FALSE;

      for (gsize i = a; i < b; i++)
        inner_punct |= (byte_class[(guchar) s[i]] & C_PUNCT) != 0;
      if (inner_punct)
        a = 0, b = len;
    }
  else
    a = 0, b = len;

  for (gsize i = a; i < b; i++)
    {
      guchar c = s[i];

      if (c >= 0x80)
        ascii = FALSE;
      else
        {
          has_upper |= (byte_class[c] & C_UPPER) != 0;
          has_lower |= (byte_class[c] & C_LOWER) != 0;
          if (c == 'n' && i + 2 < b && s[i + 1] == '\'' && s[i + 2] == 't')
            nt = TRUE;
        }
    }
  set_entry (tok, ascii ? lookup_lower (self, s + a, b - a) : NULL);
  tok->tflags = (has_upper && !has_lower ? T_UPPER : 0) | (has_upper ? T_CASED : 0)
                | (nt ? T_NT : 0);
  return TRUE;
}

/* Vigil: the length of the punctuation character ending at s + len (0 if none) */
static inline gsize
punct_before (const char *s,
              gsize       len,
              guint8     *brk)
{
  guchar c = s[len - 1];

  if (c < 0x80)
    {
      if (!(byte_class[c] & C_PUNCT))
        return 0;
      if (c == ',' || c == ';' || c == ':')
        *brk |= T_CLAUSE;
      else if (c == '.' || c == '!' || c == '?')
        *brk |= T_SENT;
      return 1;
    }
  if (len >= 3 && (guchar) s[len - 3] == 0xE2 && (guchar) s[len - 2] == 0x80)
    {
      switch ((guchar) s[len - 1])
        {
        case 0x93: case 0x94:              /* – — */
          *brk |= T_CLAUSE;
          return 3;
        case 0xA6:                         /* … */
          *brk |= T_SENT;
          return 3;
        case 0x98: case 0x99: case 0x9C: case 0x9D: /* ‘ ’ “ ” */
          return 3;
        default:
          return 0;
        }
    }
  return 0;
}

static inline gsize
punct_after (const char *s,
             gsize       len)
{
  guchar c = s[0];

  if (c < 0x80)
    return (byte_class[c] & C_PUNCT) ? 1 : 0;
  if (len >= 3 && c == 0xE2 && (guchar) s[1] == 0x80)
    switch ((guchar) s[2])
      {
      case 0x93: case 0x94: case 0xA6: case 0x98: case 0x99: case 0x9C: case 0x9D:
        return 3;
      default:
        return 0;
      }
  return 0;
}

/* Vigil: lower-cases [s, s+len) into buf (’ → '), notes case and "n't" */
static const Entry *
fold_lookup (const VigilSentimentAnalyzer *self,
             const char                   *s,
             gsize                         len,
             guint8                       *tflags)
{
  char buf[MAX_TOKEN_BYTES];
  gsize out = 0, i = 0;
  guint8 cls = 0;
  gboolean has_upper = FALSE, has_lower = FALSE;
  guint32 h = SENTIMENT_HASH_INIT;

  if (len > MAX_TOKEN_BYTES)
    {
      *tflags = 0;
      return NULL;
    }
  /* ASCII, the common case: one table load per byte */
  for (; i < len && (guchar) s[i] < 0x80; i++)
    {
      guchar c = s[i];

      cls |= byte_class[c];
      c = lower_table[c];
      buf[out++] = c;
      h = SENTIMENT_HASH_STEP (h, c);
    }
  has_upper = (cls & C_UPPER) != 0;
  has_lower = (cls & C_LOWER) != 0;
  while (i < len)
    {
      guchar c = s[i];

      if (c < 0x80)
        {
          guint8 k = byte_class[c];

          cls |= k;
          has_upper |= (k & C_UPPER) != 0;
          has_lower |= (k & C_LOWER) != 0;
          c = lower_table[c];
          if (out < MAX_TOKEN_BYTES)
            buf[out] = c;
          out++;
          h = SENTIMENT_HASH_STEP (h, c);
          i++;
        }
      else
        {
          gsize clen;
          gunichar u = decode_utf8 (s + i, s + len, &clen);

          if (u == 0x2019)
            {
              cls |= C_APOS;
              if (out < MAX_TOKEN_BYTES)
                buf[out] = '\'';
              out++;
              h = SENTIMENT_HASH_STEP (h, '\'');
            }
          else
            {
              if (u != (gunichar) -1)
                {
                  if (g_unichar_islower (u))
                    has_lower = TRUE;
                  else if (g_unichar_isupper (u) || g_unichar_istitle (u))
                    has_upper = TRUE;
                }
              for (gsize k = 0; k < clen; k++)
                {
                  if (out < MAX_TOKEN_BYTES)
                    buf[out] = s[i + k];
                  out++;
                  h = SENTIMENT_HASH_STEP (h, s[i + k]);
                }
            }
          i += clen;
        }
    }
  *tflags = (has_upper && !has_lower ? T_UPPER : 0) | (has_upper ? T_CASED : 0);
  if (out > MAX_TOKEN_BYTES)
    return NULL;
  if (cls & C_APOS)
    for (gsize k = 1; k + 1 < out; k++)
      if (buf[k] == '\'' && buf[k - 1] == 'n' && buf[k + 1] == 't')
        {
          *tflags |= T_NT_FOLD;
          break;
        }
  return vigil_sentiment_lookup (self, buf, out, sentiment_hash_final (h));
}

static void
make_token_vigil (const VigilSentimentAnalyzer *self,
                  const char                   *s,
                  gsize                         len,
                  Tok                          *tok)
{
  gsize a = 0, b = len, k;
  guint8 brk = 0;
  guint8 tflags;
  const Entry *e;

  /* most words have no punctuation at either end */
  if (!((guchar) s[0] < 0x80 && !(byte_class[(guchar) s[0]] & C_PUNCT)))
    while (a < b && (k = punct_after (s + a, b - a)))
      a += k;
  if (!((guchar) s[len - 1] < 0x80 && !(byte_class[(guchar) s[len - 1]] & C_PUNCT)))
    while (b > a && (k = punct_before (s, b, &brk)))
      b -= k;
  if (a > 0 || b < len)
    {
      /* emoticons are lexicon entries: keep them whole (one whose letters
       * and digits are more than 2 bytes would be a word with punctuation) */
      e = b - a <= 2 ? fold_lookup (self, s, len, &tflags) : NULL;
      if (e && (e->flags & F_LEXICON))
        brk = 0;
      else if (a < b)
        e = fold_lookup (self, s + a, b - a, &tflags);
      else if (b - a > 2)
        e = fold_lookup (self, s, len, &tflags);
    }
  else
    e = fold_lookup (self, s, len, &tflags);
  set_entry (tok, e);
  tok->tflags = tflags | brk;
}

void
vigil_sentiment_tokenize_word (const VigilSentimentAnalyzer *self,
                               const char                   *word,
                               gsize                         len,
                               Tok                          *tok)
{
  make_token_vigil (self, word, len, tok);
  tok->tflags &= ~(T_UPPER | T_CASED);
  tok->tflags |= T_EMOJI;
}

/* Vigil: a token scanned in one go (plain ASCII, no punctuation at its
 * ends, hashed while scanning): compare lower-casing on the fly */
static inline const Entry *
lookup_folded (const VigilSentimentAnalyzer *self,
               const char                   *s,
               gsize                         len,
               guint32                       h)
{
  guint32 i = h & self->mask;
  guint32 tag = h >> 16;

  for (;;)
    {
      guint32 slot = self->slots[i];

      if (!slot)
        return NULL;
      if ((slot >> 16) == tag)
        {
          const Entry *e = &self->entries[(slot & 0xFFFF) - 1];

          if (e->len == len)
            {
              gsize k = 0;

              while (k < len && e->key[k] == (char) lower_table[(guchar) s[k]])
                k++;
              if (k == len)
                return e;
            }
        }
      i = (i + 1) & self->mask;
    }
}

static inline void
fast_token (const VigilSentimentAnalyzer *self,
            const char                   *s,
            gsize                         len,
            guint8                        cls,
            guint32                       h,
            Tok                          *tok)
{
  guint8 tflags = ((cls & C_UPPER) && !(cls & C_LOWER) ? T_UPPER : 0) | ((cls & C_UPPER) ? T_CASED : 0);

  if (cls & C_APOS)
    for (gsize k = 1; k + 1 < len; k++)
      if (s[k] == '\'' && lower_table[(guchar) s[k - 1]] == 'n' && lower_table[(guchar) s[k + 1]] == 't')
        {
          tflags |= T_NT_FOLD;
          break;
        }
  set_entry (tok, lookup_folded (self, s, len, sentiment_hash_final (h)));
  tok->tflags = tflags;
}

static inline void
tokenize_impl (const VigilSentimentAnalyzer *self,
               const char                   *text,
               gsize                         n_bytes,
               const gboolean                ref,
               TokVec                       *v)
{
  const char *p, *end = text + n_bytes, *start = NULL;
  const guint8 space = ref ? C_JS_SPACE : C_SPACE;
  guint32 h = SENTIMENT_HASH_INIT;
  guint8 cls = 0;
  gboolean plain = TRUE;

#define FLUSH(stop) \
  G_STMT_START { \
    if (start) \
      { \
        Tok *t_ = tokvec_push (v); \
        gsize len_ = (stop) - start; \
        if (ref) \
          { \
            if (!make_token_ref (self, start, len_, t_)) \
              v->n--; \
          } \
        else if (plain && len_ <= MAX_TOKEN_BYTES \
                 && !(byte_class[(guchar) start[0]] & C_PUNCT) \
                 && !(byte_class[(guchar) (stop)[-1]] & C_PUNCT)) \
          fast_token (self, start, len_, cls, h, t_); \
        else \
          make_token_vigil (self, start, len_, t_); \
        start = NULL; \
      } \
  } G_STMT_END

  for (p = text; p < end;)
    {
      guchar c = *p;

      if (c < 0x80)
        {
          if (byte_class[c] & space)
            FLUSH (p);
          else
            {
              if (c == '!')
                v->n_excl++;
              else if (c == '?')
                v->n_quest++;
              if (!start)
                {
                  start = p;
                  h = SENTIMENT_HASH_INIT;
                  cls = 0;
                  plain = TRUE;
                }
              if (ref)
                {
                  /* the rest of a plain ASCII word, fast */
                  while (p + 1 < end && (byte_class[(guchar) p[1]] & C_PLAIN))
                    p++;
                }
              else
                {
                  /* the rest of a plain ASCII word, folded and hashed */
                  cls |= byte_class[c];
                  h = SENTIMENT_HASH_STEP (h, lower_table[c]);
                  while (p + 1 < end && (byte_class[(guchar) p[1]] & C_PLAIN))
                    {
                      guchar d = *++p;

                      cls |= byte_class[d];
                      h = SENTIMENT_HASH_STEP (h, lower_table[d]);
                    }
                }
            }
          p++;
        }
      else
        {
          gsize clen;
          gunichar u = decode_utf8 (p, end, &clen);
          EmojiDesc *desc;

          if (u == (gunichar) -1)
            {
              if (!start)
                start = p;
              plain = FALSE;
            }
          else if (ref ? is_js_space (u) : is_vigil_separator (u))
            FLUSH (p);
          else if (!ref && u >= 0x2000
                   && (u >= EMOJI_BITS_END || (self->emoji_bits[u >> 3] & (1 << (u & 7))))
                   && (desc = g_hash_table_lookup (self->emoji, GUINT_TO_POINTER (u))))
            {
              FLUSH (p);
              for (guint k = 0; k < desc->n; k++)
                *tokvec_push (v) = desc->toks[k];
            }
          else
            {
              if (!start)
                start = p;
              plain = FALSE;
            }
          p += clen;
        }
    }
  FLUSH (end);
#undef FLUSH

  for (guint i = 0; i < v->n; i++)
    {
      v->n_upper += (v->toks[i].tflags & T_UPPER) != 0;
      v->all_flags |= v->toks[i].flags;
      v->all_tflags |= v->toks[i].tflags;
    }
}

void
vigil_sentiment_tokenize (const VigilSentimentAnalyzer *self,
                          const char                   *text,
                          gsize                         len,
                          VigilSentimentMode            mode,
                          TokVec                       *v)
{
  if (mode == VIGIL_SENTIMENT_MODE_REFERENCE)
    tokenize_impl (self, text, len, TRUE, v);
  else
    tokenize_impl (self, text, len, FALSE, v);
}

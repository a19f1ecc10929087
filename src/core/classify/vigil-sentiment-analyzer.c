/* vigil-sentiment-analyzer.c: VADER sentiment (Hutto & Gilbert, 2014)
 *
 * The object: the word table (the VADER lexicon plus every word a rule
 * knows by name, in one open-addressing hash), the emoji descriptions, and
 * the API. Tokenizing is in vigil-sentiment-tokenize.c, the reference rules
 * in vigil-sentiment-reference.c and Vigil's in vigil-sentiment-rules.c
 * (see vigil-sentiment-private.h).
 *
 * Speed: one pass over the text, one hash probe per token, no allocation
 * for posts of up to 128 tokens.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "vigil-sentiment-analyzer"

#include "config.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <gio/gio.h>
#include <glib/gi18n-lib.h>

#include "vigil-data-resources.h"
#include "vigil-sentiment-private.h"

G_DEFINE_FINAL_TYPE (VigilSentimentAnalyzer, vigil_sentiment_analyzer, G_TYPE_OBJECT)

static inline guint32
hash_bytes (const char *s,
            gsize       len)
{
  guint32 h = SENTIMENT_HASH_INIT;

  for (gsize i = 0; i < len; i++)
    h = SENTIMENT_HASH_STEP (h, s[i]);
  return sentiment_hash_final (h);
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

static Entry *
insert_word (VigilSentimentAnalyzer *self,
             const char             *word)
{
  return lookup_or_insert (self, word, strlen (word));
}

double
vigil_sentiment_analyzer_score_with_mode (VigilSentimentAnalyzer *self,
                                          const char             *text,
                                          gssize                  len,
                                          VigilSentimentMode      mode)
{
  TokVec v;
  double sum;

  g_return_val_if_fail (VIGIL_IS_SENTIMENT_ANALYZER (self), 0.0);
  g_return_val_if_fail (text, 0.0);

  tokvec_init (&v);
  vigil_sentiment_tokenize (self, text, len < 0 ? strlen (text) : (gsize) len, mode, &v);
  if (mode == VIGIL_SENTIMENT_MODE_REFERENCE)
    sum = vigil_sentiment_sum_reference (self, &v);
  else
    sum = vigil_sentiment_sum_vigil (self, &v);
  tokvec_clear (&v);
  return CLAMP (sum / sqrt (sum * sum + 15.0), -1.0, 1.0);
}

double
vigil_sentiment_analyzer_score (VigilSentimentAnalyzer *self,
                                const char             *text,
                                gssize                  len)
{
  return vigil_sentiment_analyzer_score_with_mode (self, text, len, VIGIL_SENTIMENT_MODE_VIGIL);
}

static void
vigil_sentiment_analyzer_finalize (GObject *object)
{
  VigilSentimentAnalyzer *self = VIGIL_SENTIMENT_ANALYZER (object);

  g_free (self->entries);
  g_free (self->slots);
  g_free (self->ref_idioms);
  g_free (self->phrases);
  g_free (self->emoji_bits);
  g_clear_pointer (&self->emoji, g_hash_table_unref);
  if (self->pool)
    g_string_chunk_free (self->pool);
  G_OBJECT_CLASS (vigil_sentiment_analyzer_parent_class)->finalize (object);
}

static void
vigil_sentiment_analyzer_class_init (VigilSentimentAnalyzerClass *klass)
{
  vigil_sentiment_tokenize_init ();
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

static void
set_phrase (VigilSentimentAnalyzer *self,
            Phrase                 *ph,
            const SentimentPhrase  *src,
            guint32                 first_flag,
            guint32                 word_flag)
{
  g_auto(GStrv) words = g_strsplit (src->words, " ", -1);

  ph->n = 0;
  ph->valence = src->valence;
  for (guint w = 0; words[w] && w < G_N_ELEMENTS (ph->w); w++)
    {
      Entry *e = insert_word (self, words[w]);

      e->flags |= word_flag | (w == 0 ? first_flag : 0);
      ph->w[ph->n++] = e;
    }
}

static int
phrase_cmp (const void *a,
            const void *b)
{
  const Phrase *pa = a, *pb = b;

  /* by first word; longer phrases first, so they win */
  if (pa->w[0] != pb->w[0])
    return pa->w[0] < pb->w[0] ? -1 : 1;
  return (int) pb->n - (int) pa->n;
}

/* Every word a rule knows by name gets an entry, so that one probe per
 * token tells the rules all they need. */
static void
setup_rule_words (VigilSentimentAnalyzer *self)
{
  static const char * const ref_bigrams[3] = { "kind of", "sort of", "just enough" };

  for (guint i = 0; i < sentiment_n_negate_words; i++)
    insert_word (self, sentiment_negate_words[i])->flags |= F_NEGATE | F_NEGATE_V;
  for (guint i = 0; i < sentiment_n_vigil_negate_words; i++)
    insert_word (self, sentiment_vigil_negate_words[i])->flags |= F_NEGATE_V;
  for (guint i = 0; i < sentiment_n_boosters; i++)
    {
      Entry *e = insert_word (self, sentiment_boosters[i].word);

      e->flags |= F_BOOSTER | (sentiment_boosters[i].in_ref ? F_REF_BOOSTER : 0);
      e->booster = sentiment_boosters[i].scalar;
    }
  for (guint i = 0; i < sentiment_n_identity_words; i++)
    insert_word (self, sentiment_identity_words[i].word)->word = sentiment_identity_words[i].id;

  self->ref_idioms = g_new0 (Phrase, sentiment_n_ref_idioms);
  self->n_ref_idioms = sentiment_n_ref_idioms;
  for (guint i = 0; i < sentiment_n_ref_idioms; i++)
    set_phrase (self, &self->ref_idioms[i], &sentiment_ref_idioms[i], 0, F_IDIOM);
  for (guint i = 0; i < G_N_ELEMENTS (ref_bigrams); i++)
    {
      g_auto(GStrv) words = g_strsplit (ref_bigrams[i], " ", -1);

      for (guint w = 0; w < 2; w++)
        {
          Entry *e = insert_word (self, words[w]);

          e->flags |= F_IDIOM | (w == 0 ? F_BIGRAM1 : 0);
          self->ref_bigrams[i][w] = e;
        }
    }
  /* grouped by first word, each word pointing at its group */
  g_assert (sentiment_n_phrases <= G_MAXUINT8);
  self->phrases = g_new0 (Phrase, sentiment_n_phrases);
  self->n_phrases = sentiment_n_phrases;
  for (guint i = 0; i < sentiment_n_phrases; i++)
    set_phrase (self, &self->phrases[i], &sentiment_phrases[i], F_PHRASE, 0);
  qsort (self->phrases, self->n_phrases, sizeof (Phrase), phrase_cmp);
  for (guint i = self->n_phrases; i-- > 0;)
    {
      Entry *e = (Entry *) self->phrases[i].w[0];

      e->first_phrase = i;
      e->n_phrases++;
    }

  for (guint i = 0; i < sentiment_n_ref_lexicon_changes; i++)
    {
      Entry *e = insert_word (self, sentiment_ref_lexicon_changes[i].word);
      float v = sentiment_ref_lexicon_changes[i].valence;

      if (isnan (v))
        e->flags &= ~F_REF_LEXICON;
      else
        {
          e->flags |= F_REF_LEXICON;
          e->ref_valence = v;
        }
    }
  for (guint i = 0; i < sentiment_n_domain_words; i++)
    {
      Entry *e = insert_word (self, sentiment_domain_words[i].word);

      e->flags |= F_LEXICON;
      e->valence = sentiment_domain_words[i].valence;
    }
  for (guint i = 0; i < sentiment_n_expect_words; i++)
    {
      Entry *e = insert_word (self, sentiment_expect_words[i].word);

      e->flags |= F_EXPECT;
      if (sentiment_expect_words[i].valence != 0)
        {
          e->flags |= F_LEXICON;
          e->valence = sentiment_expect_words[i].valence;
        }
    }
  for (guint i = 0; i < sentiment_n_comparatives; i++)
    insert_word (self, sentiment_comparatives[i])->flags |= F_COMPARE;
  for (guint i = 0; i < sentiment_n_super_negations; i++)
    insert_word (self, sentiment_super_negations[i])->flags |= F_SUPER_NEG;
  for (guint i = 0; i < sentiment_n_deictics; i++)
    insert_word (self, sentiment_deictics[i])->flags |= F_DEICTIC;
  insert_word (self, "than")->flags |= F_NEG_PAIR;
  insert_word (self, "from")->flags |= F_NEG_PAIR;
  insert_word (self, "but")->flags |= F_NEG_PAIR;
  insert_word (self, "used")->flags |= F_USED;
  for (guint i = 0; i < sentiment_n_contrasts; i++)
    insert_word (self, sentiment_contrasts[i])->flags |= F_CONTRAST;
  for (guint i = 0; i < sentiment_n_remedies; i++)
    insert_word (self, sentiment_remedies[i])->flags |= F_REMEDY;
  for (guint i = 0; i < sentiment_n_like_preps; i++)
    insert_word (self, sentiment_like_preps[i])->flags |= F_LIKE_PREP;
  for (guint i = 0; i < self->n_words; i++)
    {
      Entry *e = &self->entries[i];
      gboolean letters = FALSE;

      for (guint k = 0; k < e->len; k++)
        letters |= g_ascii_isalpha (e->key[k]);
      if ((e->flags & F_LEXICON) && !letters)
        e->flags |= F_EMOTICON;
    }
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
      e->flags |= F_LEXICON | F_REF_LEXICON;
      e->valence = e->ref_valence = (float) valence;
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

          if (wl == 0)
            continue;
          vigil_sentiment_tokenize_word (self, words[w], wl, &desc->toks[n]);
          n++;
        }
      desc->n = n;
      g_hash_table_replace (self->emoji, GUINT_TO_POINTER (u), desc);
      if (u < EMOJI_BITS_END)
        self->emoji_bits[u >> 3] |= 1 << (u & 7);
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
  /* every line, plus the rule words; at most half the slots used */
  self->cap = n_lines + 1024;
  while (size < self->cap * 2)
    size <<= 1;
  self->entries = g_new0 (Entry, self->cap);
  self->slots = g_new0 (guint32, size);
  self->mask = size - 1;
  self->pool = g_string_chunk_new (64 * 1024);
  self->emoji = g_hash_table_new_full (NULL, NULL, NULL, emoji_desc_free);
  self->emoji_bits = g_new0 (guint8, EMOJI_BITS_END / 8);

  if (!load_lexicon (self, lexicon, error))
    return NULL;

  setup_rule_words (self);

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

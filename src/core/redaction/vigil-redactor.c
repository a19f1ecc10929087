/* vigil-redactor.c: the detector
 *
 * One pass tokenizes the text (words of letters and digits, folded: lower
 * case, no accents), marks the context (who each clause is about), then
 * looks every word up in the lexicon's tables and runs the patterns once
 * over the whole text. Each candidate is checked against its rule's
 * conditions; what survives is merged into non-overlapping spans with
 * character offsets.
 *
 * Who a clause is about: a paragraph with "I"/"my" is written by the
 * candidate, so gendered pronouns in it are about other people (unless
 * they follow "my partner", which then reveals orientation); in a
 * paragraph without them (a bio, a comment about the candidate) they are
 * the candidate's. A rule with "about = self" is vetoed when, looking
 * back in its sentence, someone else ("my mum", "her son", "Maya's")
 * comes before any "I"/"we", or when "his"/"her" sits right before it in
 * the candidate's own paragraph.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "vigil-redactor"

#include "config.h"

#include <string.h>
#include <glib/gi18n-lib.h>

#include "vigil-redactor.h"
#include "vigil-redaction-lexicon-private.h"

#define SUBJECT_LOOKBACK 8
#define PARTNER_REACH    30

enum {
  TOKEN_BREAK_BEFORE = 1 << 0,   /* punctuation between it and the previous word */
  TOKEN_POSSESSIVE   = 1 << 1,   /* ended in 's */
  TOKEN_SENTENCE     = 1 << 2,   /* starts a sentence */
};

typedef struct
{
  guint        bstart, bend;
  const char  *fold;
  guint        para;
  guint        sentence;
  guint8       flags;
  guint16      ctx;              /* bit per VigilRedactionContextList: a phrase of it ends here */
  guint16      ctx_start;        /* … starts here */
} Token;

struct _VigilRedactor
{
  GObject                parent_instance;

  VigilRedactionLexicon *lexicon;
  GHashTable            *context_first;  /* first word → GArray of ContextEntry */
};

typedef struct
{
  const VigilRedactionPhrase *phrase;
  guint                       list;      /* VigilRedactionContextList */
} ContextEntry;

G_DEFINE_FINAL_TYPE (VigilRedactor, vigil_redactor, G_TYPE_OBJECT)

static void
vigil_redactor_finalize (GObject *object)
{
  VigilRedactor *self = VIGIL_REDACTOR (object);

  g_clear_pointer (&self->context_first, g_hash_table_unref);
  g_clear_object (&self->lexicon);

  G_OBJECT_CLASS (vigil_redactor_parent_class)->finalize (object);
}

static void
vigil_redactor_class_init (VigilRedactorClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = vigil_redactor_finalize;
}

static void
vigil_redactor_init (VigilRedactor *self)
{
}

VigilRedactor *
vigil_redactor_new (VigilRedactionLexicon *lexicon)
{
  VigilRedactor *self;

  g_return_val_if_fail (VIGIL_IS_REDACTION_LEXICON (lexicon), NULL);

  self = g_object_new (VIGIL_TYPE_REDACTOR, NULL);
  self->lexicon = g_object_ref (lexicon);
  self->context_first = g_hash_table_new_full (g_str_hash, g_str_equal, NULL,
                                               (GDestroyNotify) g_array_unref);
  for (guint c = 0; c < VIGIL_REDACTION_CONTEXT_N; c++)
    {
      GPtrArray *phrases = lexicon->context_phrases[c];

      for (guint i = 0; i < phrases->len; i++)
        {
          VigilRedactionPhrase *p = phrases->pdata[i];
          GArray *list = g_hash_table_lookup (self->context_first, p->words[0]);
          ContextEntry e = { p, c };

          if (!list)
            {
              list = g_array_new (FALSE, FALSE, sizeof (ContextEntry));
              g_hash_table_insert (self->context_first, p->words[0], list);
            }
          g_array_append_val (list, e);
        }
    }
  return self;
}

VigilRedactor *
vigil_redactor_new_for_locale (const char  *locale,
                               GError     **error)
{
  g_autoptr(VigilRedactionLexicon) lexicon = vigil_redaction_lexicon_new_for_locale (locale, error);

  return lexicon ? vigil_redactor_new (lexicon) : NULL;
}

VigilRedactionLexicon *
vigil_redactor_get_lexicon (VigilRedactor *self)
{
  g_return_val_if_fail (VIGIL_IS_REDACTOR (self), NULL);
  return self->lexicon;
}

/* --- Tokens ------------------------------------------------------------ */

static gboolean
is_word_char (gunichar c)
{
  return g_unichar_isalnum (c) || g_unichar_ismark (c);
}

static gboolean
is_apostrophe (gunichar c)
{
  return c == '\'' || c == 0x2019 || c == 0x02BC;
}

static GArray *
tokenize (const char   *text,
          GStringChunk *chunk)
{
  GArray *tokens = g_array_sized_new (FALSE, TRUE, sizeof (Token), strlen (text) / 5 + 16);
  const char *p = text;
  guint para = 0, sentence = 0;
  gboolean brk = TRUE, sent = TRUE;
  guint newlines = 0;

  while (*p)
    {
      Token t = { 0, };
      const char *start;
      gboolean ascii = TRUE;
      char buf[64];
      gsize len;

      /* The gap before the word. */
      while (*p)
        {
          gunichar c = g_utf8_get_char (p);

          if (is_word_char (c))
            break;
          if (c == '\n')
            {
              if (++newlines >= 2)
                para++, newlines = 0;
              sent = brk = TRUE;
            }
          else if (c == '.' || c == '!' || c == '?' || c == ';' || c == 0x2026 || c == 0x2022)
            sent = brk = TRUE;
          else if (c == ',' || c == ':' || c == '(' || c == ')' || c == '"' || c == '|' ||
                   c == '[' || c == ']' || c == 0x201C || c == 0x201D || c == 0x2014)
            brk = TRUE;
          if (c != '\n' && !g_unichar_isspace (c))
            newlines = 0;
          p = g_utf8_next_char (p);
        }
      if (!*p)
        break;

      start = p;
      while (*p)
        {
          gunichar c = g_utf8_get_char (p);
          const char *next = g_utf8_next_char (p);

          if (c >= 0x80)
            ascii = FALSE;
          if (is_word_char (c))
            p = next;
          else if (is_apostrophe (c) && *next && is_word_char (g_utf8_get_char (next)))
            {
              ascii = ascii && c == '\'';
              p = next;
            }
          else
            break;
        }
      len = p - start;
      t.bstart = start - text;
      t.bend = p - text;
      if (sent)
        sentence++;
      t.para = para;
      t.sentence = sentence;
      t.flags = (brk ? TOKEN_BREAK_BEFORE : 0) | (sent ? TOKEN_SENTENCE : 0);
      brk = sent = FALSE;
      newlines = 0;

      if (ascii && len < sizeof buf)
        {
          for (gsize i = 0; i < len; i++)
            buf[i] = g_ascii_tolower (start[i]);
          buf[len] = '\0';
          if (len > 2 && buf[len - 2] == '\'' && buf[len - 1] == 's')
            {
              buf[len - 2] = '\0';
              t.flags |= TOKEN_POSSESSIVE;
            }
          t.fold = g_string_chunk_insert (chunk, buf);
        }
      else
        {
          g_autofree char *f = _vigil_redaction_fold_word (start, len);
          gsize fl = strlen (f);

          if (fl > 2 && f[fl - 2] == '\'' && f[fl - 1] == 's')
            {
              f[fl - 2] = '\0';
              t.flags |= TOKEN_POSSESSIVE;
            }
          t.fold = g_string_chunk_insert (chunk, f);
        }
      g_array_append_val (tokens, t);
    }
  return tokens;
}

/* The original text of a token equals raw (case-sensitive rules)? */
static gboolean
token_raw_equal (const char  *text,
                 const Token *t,
                 const char  *raw,
                 gboolean     prefix)
{
  gsize rl = strlen (raw);
  gsize tl = t->bend - t->bstart;

  if (t->flags & TOKEN_POSSESSIVE)
    tl -= 2;
  if (prefix ? tl < rl : tl != rl)
    return FALSE;
  return memcmp (text + t->bstart, raw, rl) == 0;
}

/* If phrase matches the tokens from i, the index of its last token; else -1. */
static gint
phrase_match (const VigilRedactionPhrase *phrase,
              const Token                *tokens,
              guint                       n_tokens,
              guint                       i,
              const char                 *text,
              gboolean                    case_sensitive)
{
  if (i + phrase->n > n_tokens)
    return -1;
  for (guint k = 0; k < phrase->n; k++)
    {
      const Token *t = &tokens[i + k];
      gboolean prefix = (phrase->prefix_mask >> k) & 1;

      if (k > 0 && (t->flags & TOKEN_BREAK_BEFORE))
        return -1;
      if (k + 1 < phrase->n && (t->flags & TOKEN_POSSESSIVE))
        return -1;
      if (case_sensitive)
        {
          if (!token_raw_equal (text, t, phrase->raw[k], prefix))
            return -1;
        }
      else if (prefix ? !g_str_has_prefix (t->fold, phrase->words[k])
                      : !g_str_equal (t->fold, phrase->words[k]))
        return -1;
    }
  return i + phrase->n - 1;
}

static void
mark_context (VigilRedactor *self,
              Token         *tokens,
              guint          n_tokens,
              const char    *text)
{
  for (guint i = 0; i < n_tokens; i++)
    {
      GArray *list = g_hash_table_lookup (self->context_first, tokens[i].fold);

      for (guint k = 0; list && k < list->len; k++)
          {
            const ContextEntry *e = &g_array_index (list, ContextEntry, k);
            guint c = e->list;
            gint end = phrase_match (e->phrase, tokens, n_tokens, i, text, FALSE);

            if (end < 0)
              continue;
            if (c == VIGIL_REDACTION_CONTEXT_OTHERS)
              {
                /* "my mum", "her son", "Jane's husband": a noun after a
                 * determiner or a possessive. */
                if (i == 0 || (tokens[i].flags & TOKEN_BREAK_BEFORE))
                  continue;
                if (!(tokens[i - 1].flags & TOKEN_POSSESSIVE) &&
                    !(tokens[i - 1].ctx & (1u << VIGIL_REDACTION_CONTEXT_DETERMINERS)) &&
                    !(tokens[i - 1].ctx & (1u << VIGIL_REDACTION_CONTEXT_POSSESSIVE)))
                  continue;
                /* "with my colleagues": an object, not the subject. */
                if (i >= 2 && tokens[i - 2].sentence == tokens[i].sentence &&
                    (tokens[i - 2].ctx & (1u << VIGIL_REDACTION_CONTEXT_PREPOSITIONS)))
                  continue;
              }
            tokens[end].ctx |= 1u << c;
            tokens[i].ctx_start |= 1u << c;
          }
      }
}

/* --- Conditions -------------------------------------------------------- */

static gboolean
phrase_ends_within (const GPtrArray *phrases,
                    const Token     *tokens,
                    guint            n_tokens,
                    guint            before,   /* token index the phrase must end before */
                    guint            window,
                    const char      *text)
{
  guint sentence = before < n_tokens ? tokens[before].sentence : 0;

  for (guint back = 1; back <= window && back <= before; back++)
    {
      guint end = before - back;

      if (before < n_tokens && tokens[end].sentence != sentence)
        break;
      for (guint k = 0; k < phrases->len; k++)
        {
          const VigilRedactionPhrase *p = phrases->pdata[k];

          if (end + 1 < p->n)
            continue;
          if (phrase_match (p, tokens, n_tokens, end + 1 - p->n, text, FALSE) == (gint) end)
            return TRUE;
        }
    }
  return FALSE;
}

static gboolean
phrase_starts_within (const GPtrArray *phrases,
                      const Token     *tokens,
                      guint            n_tokens,
                      guint            after,
                      guint            window,
                      const char      *text)
{
  for (guint fwd = 1; fwd <= window && after + fwd < n_tokens; fwd++)
    {
      guint start = after + fwd;

      if (tokens[start].sentence != tokens[after].sentence)
        break;
      for (guint k = 0; k < phrases->len; k++)
        if (phrase_match (phrases->pdata[k], tokens, n_tokens, start, text, FALSE) >= 0)
          return TRUE;
    }
  return FALSE;
}

/* TRUE when the clause before token i is about someone else. */
static gboolean
about_someone_else (const Token *tokens,
                    guint        i,
                    gboolean     first_person_para)
{
  if (i > 0 && tokens[i - 1].sentence == tokens[i].sentence)
    {
      const Token *prev = &tokens[i - 1];

      if ((prev->flags & TOKEN_POSSESSIVE) && !(prev->ctx & (1u << VIGIL_REDACTION_CONTEXT_FIRST_PERSON)))
        return TRUE;
      if (first_person_para && (prev->ctx & (1u << VIGIL_REDACTION_CONTEXT_POSSESSIVE)))
        return TRUE;
    }
  for (guint back = 1; back <= SUBJECT_LOOKBACK && back <= i; back++)
    {
      const Token *t = &tokens[i - back];

      if (t->sentence != tokens[i].sentence)
        break;
      if (t->ctx & (1u << VIGIL_REDACTION_CONTEXT_SELF_SUBJECT))
        return FALSE;
      if (t->ctx & (1u << VIGIL_REDACTION_CONTEXT_OTHERS))
        return TRUE;
    }
  return FALSE;
}

static gboolean
rule_accepts (const VigilRedactionRule *rule,
              const Token              *tokens,
              guint                     n_tokens,
              guint                     first,
              guint                     last,
              const gboolean           *first_person,
              const char               *text)
{
  if (rule->not_after->len &&
      phrase_starts_within (rule->not_after, tokens, n_tokens, last, 2, text))
    return FALSE;
  if (rule->not_before->len &&
      phrase_ends_within (rule->not_before, tokens, n_tokens, first, 2, text))
    return FALSE;
  if (rule->need_before->len &&
      !phrase_ends_within (rule->need_before, tokens, n_tokens, first, rule->window, text))
    return FALSE;
  if (rule->about == VIGIL_REDACTION_ABOUT_SELF &&
      about_someone_else (tokens, first, first_person[tokens[first].para]))
    return FALSE;
  return TRUE;
}

/* --- Detection --------------------------------------------------------- */

static void
add_span (GArray                 *spans,
          guint                   bstart,
          guint                   bend,
          VigilRedactionCategory  category,
          const char             *reason)
{
  VigilRedactionSpan s = { 0, 0, bstart, bend, category, reason };

  if (bend > bstart)
    g_array_append_val (spans, s);
}

static void
match_term_list (const GPtrArray *list,
                 const Token     *tokens,
                 guint            n_tokens,
                 guint            i,
                 guint            mask,
                 const gboolean  *first_person,
                 const char      *text,
                 GArray          *spans)
{
  for (guint k = 0; list && k < list->len; k++)
    {
      const VigilRedactionTerm *term = list->pdata[k];
      const VigilRedactionRule *rule = term->rule;
      gint end;

      if (!rule->enabled || !(mask & VIGIL_REDACTION_MASK (rule->category)))
        continue;
      end = phrase_match (&term->phrase, tokens, n_tokens, i, text, rule->case_sensitive);
      if (end < 0)
        continue;
      if (!rule_accepts (rule, tokens, n_tokens, i, end, first_person, text))
        continue;
      add_span (spans, tokens[i].bstart, tokens[end].bend, rule->category, rule->reason);
    }
}

/* The first token that ends after byte b. */
static guint
token_at_byte (const Token *tokens,
               guint        n_tokens,
               guint        b)
{
  guint lo = 0, hi = n_tokens;

  while (lo < hi)
    {
      guint mid = (lo + hi) / 2;
      if (tokens[mid].bend <= b)
        lo = mid + 1;
      else
        hi = mid;
    }
  return lo;
}

static void
match_patterns (const VigilRedactionRule *rule,
                const Token              *tokens,
                guint                     n_tokens,
                const gboolean           *first_person,
                const char               *text,
                gsize                     len,
                GArray                   *spans)
{
  for (guint k = 0; k < rule->patterns->len; k++)
    {
      g_autoptr(GMatchInfo) mi = NULL;

      g_regex_match_full (rule->patterns->pdata[k], text, len, 0, 0, &mi, NULL);
      while (g_match_info_matches (mi))
        {
          gint s = -1, e = -1;
          guint first, last;

          if (!g_match_info_fetch_named_pos (mi, "s", &s, &e) || s < 0)
            g_match_info_fetch_pos (mi, 0, &s, &e);
          if (e > s && n_tokens > 0)
            {
              first = token_at_byte (tokens, n_tokens, s);
              last = token_at_byte (tokens, n_tokens, e - 1);
              if (first >= n_tokens)
                first = n_tokens - 1;
              if (last >= n_tokens)
                last = n_tokens - 1;
              if (last < first)
                last = first;
              if (rule_accepts (rule, tokens, n_tokens, first, last, first_person, text))
                add_span (spans, s, e, rule->category, rule->reason);
            }
          else if (e > s)
            add_span (spans, s, e, rule->category, rule->reason);
          if (!g_match_info_next (mi, NULL))
            break;
        }
    }
}

static int
compare_spans (gconstpointer a,
               gconstpointer b)
{
  const VigilRedactionSpan *x = a, *y = b;

  if (x->byte_start != y->byte_start)
    return x->byte_start < y->byte_start ? -1 : 1;
  if (x->byte_end != y->byte_end)
    return x->byte_end > y->byte_end ? -1 : 1;   /* longer first */
  return (int) x->category - (int) y->category;
}

/* Sorts, merges overlapping spans (the longest one names the category),
 * and sets the character offsets. */
static void
finish_spans (GArray     *spans,
              const char *text)
{
  guint out = 0;
  const char *p = text;
  guint chars = 0;

  g_array_sort (spans, compare_spans);
  for (guint i = 0; i < spans->len; i++)
    {
      VigilRedactionSpan *s = &g_array_index (spans, VigilRedactionSpan, i);

      if (out > 0)
        {
          VigilRedactionSpan *last = &g_array_index (spans, VigilRedactionSpan, out - 1);
          if (s->byte_start < last->byte_end)
            {
              if (s->byte_end - s->byte_start > last->byte_end - last->byte_start)
                {
                  last->category = s->category;
                  last->reason = s->reason;
                }
              last->byte_end = MAX (last->byte_end, s->byte_end);
              continue;
            }
        }
      g_array_index (spans, VigilRedactionSpan, out++) = *s;
    }
  g_array_set_size (spans, out);

  for (guint i = 0; i < spans->len; i++)
    {
      VigilRedactionSpan *s = &g_array_index (spans, VigilRedactionSpan, i);

      while (p < text + s->byte_start)
        p = g_utf8_next_char (p), chars++;
      s->start = chars;
      while (p < text + s->byte_end)
        p = g_utf8_next_char (p), chars++;
      s->end = chars;
    }
}

GArray *
vigil_redactor_detect (VigilRedactor  *self,
                       const char     *text,
                       guint           mask,
                       GError        **error)
{
  VigilRedactionLexicon *lex;
  g_autoptr(GStringChunk) chunk = NULL;
  g_autoptr(GArray) tokens = NULL;
  g_autofree gboolean *first_person = NULL;
  GArray *spans;
  const char *bad = NULL;
  gsize len;
  guint n, n_para;
  Token *tk;
  gint partner_at = -1;

  g_return_val_if_fail (VIGIL_IS_REDACTOR (self), NULL);
  g_return_val_if_fail (text, NULL);

  lex = self->lexicon;
  len = strlen (text);
  if (len > VIGIL_REDACTOR_MAX_TEXT_BYTES)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                   _("the text is %" G_GSIZE_FORMAT " bytes; at most %d can be analysed at once "
                     "(split it into several items)"), len, VIGIL_REDACTOR_MAX_TEXT_BYTES);
      return NULL;
    }
  if (!g_utf8_validate_len (text, len, &bad))
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                   _("the text is not valid UTF-8 at byte %" G_GSIZE_FORMAT " (character %ld); "
                     "convert it to UTF-8 first"),
                   (gsize) (bad - text), g_utf8_pointer_to_offset (text, bad));
      return NULL;
    }

  spans = g_array_new (FALSE, FALSE, sizeof (VigilRedactionSpan));
  chunk = g_string_chunk_new (4096);
  tokens = tokenize (text, chunk);
  n = tokens->len;
  tk = (Token *) tokens->data;
  mark_context (self, tk, n, text);

  n_para = n ? tk[n - 1].para + 1 : 1;
  first_person = g_new0 (gboolean, n_para);
  for (guint i = 0; i < n; i++)
    if (tk[i].ctx & (1u << VIGIL_REDACTION_CONTEXT_FIRST_PERSON))
      first_person[tk[i].para] = TRUE;

  for (guint i = 0; i < n; i++)
    {
      const char *w = tk[i].fold;
      gsize wl = strlen (w);

      match_term_list (g_hash_table_lookup (lex->exact, w), tk, n, i, mask, first_person, text, spans);
      if (lex->prefix_lengths)
        for (gsize l = 1; l <= wl && l < 64; l++)
          if (lex->prefix_lengths & (G_GUINT64_CONSTANT (1) << l))
            {
              char key[64];
              memcpy (key, w, l);
              key[l] = '\0';
              match_term_list (g_hash_table_lookup (lex->prefixed, key), tk, n, i, mask,
                               first_person, text, spans);
            }

      /* Gendered pronouns. */
      if (tk[i].ctx_start & (1u << VIGIL_REDACTION_CONTEXT_PARTNER))
        partner_at = i;
      if (tk[i].ctx & (1u << VIGIL_REDACTION_CONTEXT_OTHERS) && !(tk[i].ctx & (1u << VIGIL_REDACTION_CONTEXT_PARTNER)))
        partner_at = -1;
      if (tk[i].ctx & (1u << VIGIL_REDACTION_CONTEXT_PRONOUNS) &&
          !(tk[i].ctx_start & (1u << VIGIL_REDACTION_CONTEXT_PARTNER)))
        {
          if (!first_person[tk[i].para])
            {
              if (mask & VIGIL_REDACTION_MASK (VIGIL_REDACTION_SEX))
                add_span (spans, tk[i].bstart, tk[i].bend, VIGIL_REDACTION_SEX, lex->pronoun_reason);
            }
          else if (partner_at >= 0 && tk[partner_at].para == tk[i].para &&
                   i - partner_at <= PARTNER_REACH &&
                   (mask & VIGIL_REDACTION_MASK (VIGIL_REDACTION_ORIENTATION)))
            add_span (spans, tk[i].bstart, tk[i].bend, VIGIL_REDACTION_ORIENTATION, lex->partner_reason);
        }
    }

  for (guint r = 0; r < lex->rules->len; r++)
    {
      const VigilRedactionRule *rule = lex->rules->pdata[r];

      if (rule->enabled && rule->patterns->len && (mask & VIGIL_REDACTION_MASK (rule->category)))
        match_patterns (rule, tk, n, first_person, text, len, spans);
    }

  finish_spans (spans, text);
  return spans;
}

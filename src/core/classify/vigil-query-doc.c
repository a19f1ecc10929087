/* vigil-query-doc.c: a post prepared for matching, and the matcher
 *
 * A VigilQueryDoc holds the folded tokens of one post and its fields; it is
 * prepared once and matched against every watch. Stems are computed on
 * first use, for the post's language.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "vigil-query-doc"

#include "config.h"

#include <string.h>

#include "vigil-query-private.h"
#include "vigil-stemmer.h"

typedef struct
{
  guint start;
  guint end;
} Span;

static inline guint
pair_bit (guchar a,
          guchar b)
{
  return ((guint) a * 31u + b) & 1023u;
}

static inline void
note_start (VigilQueryDoc *doc,
            const char    *text,
            gsize          len)
{
  guchar a, b;

  if (len == 0)
    return;
  a = (guchar) text[0];
  b = len > 1 ? (guchar) text[1] : 0;
  doc->first_bytes[a >> 6] |= G_GUINT64_CONSTANT (1) << (a & 63);
  doc->first_pairs[pair_bit (a, b) >> 6] |= G_GUINT64_CONSTANT (1) << (pair_bit (a, b) & 63);
}

static inline gboolean
has_byte (const VigilQueryDoc *doc,
          guchar               a)
{
  return (doc->first_bytes[a >> 6] >> (a & 63)) & 1;
}

static inline gboolean
has_pair (const VigilQueryDoc *doc,
          guchar               a,
          guchar               b)
{
  guint bit = pair_bit (a, b);

  return (doc->first_pairs[bit >> 6] >> (bit & 63)) & 1;
}

/* Can term match some token of doc at all? FALSE only when it cannot:
 * its text (or, when stemming, its stem's first byte) starts no token. */
static gboolean
term_may_match (const QTerm         *term,
                const VigilQueryDoc *doc,
                gboolean             stem)
{
  if (term->len == 0)
    return TRUE;
  if (term->len == 1 ? has_byte (doc, (guchar) term->text[0])
                     : has_pair (doc, (guchar) term->text[0], (guchar) term->text[1]))
    return TRUE;
  if (stem && term->stems)
    {
      const char *term_stem = term->stems[doc->stem_lang];

      return term_stem[0] == '\0' || has_byte (doc, (guchar) term_stem[0]);
    }
  return FALSE;
}

static void
index_starts (VigilQueryDoc *doc)
{
  g_byte_array_set_size (doc->body0, doc->tokens.tokens->len);
  for (guint i = 0; i < doc->tokens.tokens->len; i++)
    {
      const VigilToken *tok = &g_array_index (doc->tokens.tokens, VigilToken, i);
      const char *text = doc->tokens.buf->str + tok->offset;

      note_start (doc, text, tok->len);
      if (tok->kind == VIGIL_TOKEN_HASHTAG || tok->kind == VIGIL_TOKEN_MENTION)
        {
          note_start (doc, text + 1, tok->len - 1);
          doc->body0->data[i] = (guint8) text[1];
        }
      else
        doc->body0->data[i] = tok->kind == VIGIL_TOKEN_WORD ? (guint8) text[0] : 0;
    }
}

/* Can the word term match token i? FALSE only when it cannot: neither the
 * term nor (when stemming) its stem starts like the token's body. Other
 * kinds of term are left to term_matches_token(). */
static inline gboolean
token_may_match (const QTerm         *term,
                 const VigilQueryDoc *doc,
                 guint                i,
                 gboolean             stem)
{
  guint8 b;

  if (term->kind != VIGIL_TOKEN_WORD || term->len == 0 || doc->no_filter)
    return TRUE;
  b = doc->body0->data[i];
  if (b == (guint8) term->text[0])
    return TRUE;
  if (stem && term->stems)
    {
      const char *term_stem = term->stems[doc->stem_lang];

      return term_stem[0] == '\0' || b == (guint8) term_stem[0];
    }
  return FALSE;
}

static gboolean
is_ascii (const char *s)
{
  for (; *s; s++)
    if ((guchar) *s >= 0x80)
      return FALSE;
  return TRUE;
}

static char *
fold_or_null (const char *s,
              gboolean    strip_at)
{
  char *folded;

  if (!s || !*s)
    return NULL;
  /* ASCII folds to its lower case */
  folded = is_ascii (s) ? g_ascii_strdown (s, -1) : vigil_text_fold (s, -1);
  if (strip_at && folded[0] == '@')
    memmove (folded, folded + 1, strlen (folded));
  return folded;
}

/* One freed document is kept per thread, buffers and all, for the next
 * post: a classifier makes one per post. Buffers grown past this on a long
 * post are not kept. */
#define MAX_KEPT_BYTES (64 * 1024)

static void
doc_destroy (VigilQueryDoc *doc)
{
  vigil_token_list_clear (&doc->tokens);
  g_ptr_array_unref (doc->tags);
  g_byte_array_unref (doc->body0);
  if (doc->stems)
    g_string_free (doc->stems, TRUE);
  if (doc->stem_offsets)
    g_array_unref (doc->stem_offsets);
  g_free (doc);
}

static GPrivate kept_doc = G_PRIVATE_INIT ((GDestroyNotify) doc_destroy);

static VigilQueryDoc *
doc_take (void)
{
  VigilQueryDoc *doc = g_private_get (&kept_doc);

  if (doc)
    {
      g_private_set (&kept_doc, NULL);
      return doc;
    }
  doc = g_new0 (VigilQueryDoc, 1);
  vigil_token_list_init (&doc->tokens);
  doc->tags = g_ptr_array_new_with_free_func (g_free);
  doc->body0 = g_byte_array_new ();
  return doc;
}

VigilQueryDoc *
vigil_query_doc_new (const VigilQueryPost *post)
{
  VigilQueryDoc *doc;

  g_return_val_if_fail (post, NULL);

  doc = doc_take ();
  if (post->text)
    vigil_tokenize (post->text, -1, &doc->tokens);
  index_starts (doc);
  doc->author = fold_or_null (post->author, TRUE);
  doc->author_name = fold_or_null (post->author_name, FALSE);
  if (post->lang && *post->lang)
    {
      doc->lang = g_ascii_strdown (post->lang, -1);
      for (char *c = doc->lang; *c; c++)
        if (*c == '_')
          *c = '-';
    }
  doc->platform = fold_or_null (post->platform, FALSE);
  for (guint i = 0; post->tags && post->tags[i]; i++)
    {
      char *tag = fold_or_null (post->tags[i], FALSE);

      if (tag && tag[0] == '#')
        memmove (tag, tag + 1, strlen (tag));
      if (tag && *tag)
        g_ptr_array_add (doc->tags, tag);
      else
        g_free (tag);
    }
  doc->followers = post->followers;
  doc->stem_lang = vigil_stemmer_lang_index (doc->lang);
  if (doc->stem_lang < 0)
    doc->stem_lang = 0; /* English */
  return doc;
}

void
vigil_query_doc_free (VigilQueryDoc *doc)
{
  if (!doc)
    return;
  g_clear_pointer (&doc->author, g_free);
  g_clear_pointer (&doc->author_name, g_free);
  g_clear_pointer (&doc->lang, g_free);
  g_clear_pointer (&doc->platform, g_free);
  if (g_private_get (&kept_doc) || doc->tokens.buf->allocated_len > MAX_KEPT_BYTES
      || (doc->stems && doc->stems->allocated_len > MAX_KEPT_BYTES))
    {
      doc_destroy (doc);
      return;
    }
  /* back to the state of a new document, keeping the buffers */
  g_string_truncate (doc->tokens.buf, 0);
  g_array_set_size (doc->tokens.tokens, 0);
  g_ptr_array_set_size (doc->tags, 0);
  if (doc->stems)
    g_string_truncate (doc->stems, 0);
  if (doc->stem_offsets)
    g_array_set_size (doc->stem_offsets, 0);
  doc->followers = 0;
  doc->stem_lang = 0;
  doc->no_filter = FALSE;
  memset (doc->first_bytes, 0, sizeof doc->first_bytes);
  memset (doc->first_pairs, 0, sizeof doc->first_pairs);
  g_private_set (&kept_doc, doc);
}

guint
vigil_query_doc_get_n_tokens (VigilQueryDoc *doc)
{
  g_return_val_if_fail (doc, 0);
  return doc->tokens.tokens->len;
}

const char *
vigil_query_doc_get_token (VigilQueryDoc *doc,
                           guint          i)
{
  g_return_val_if_fail (doc, NULL);
  g_return_val_if_fail (i < doc->tokens.tokens->len, NULL);
  return vigil_token_list_get (&doc->tokens, i);
}

#define STEM_UNKNOWN G_MAXUINT32

/* The stem of token i, computed on first use. */
static const char *
token_stem (VigilQueryDoc *doc,
            guint          i)
{
  guint n = doc->tokens.tokens->len;
  guint32 *offset;

  if (!doc->stems)
    {
      doc->stems = g_string_sized_new (doc->tokens.buf->len + 1);
      doc->stem_offsets = g_array_sized_new (FALSE, FALSE, sizeof (guint32), n);
    }
  /* first use for this post (a kept document starts with no offsets) */
  if (doc->stem_offsets->len != n)
    {
      g_string_truncate (doc->stems, 0);
      g_array_set_size (doc->stem_offsets, n);
      for (guint k = 0; k < n; k++)
        g_array_index (doc->stem_offsets, guint32, k) = STEM_UNKNOWN;
    }
  offset = &g_array_index (doc->stem_offsets, guint32, i);
  if (*offset == STEM_UNKNOWN)
    {
      const VigilToken *tok = &g_array_index (doc->tokens.tokens, VigilToken, i);
      const char *text = doc->tokens.buf->str + tok->offset;

      *offset = doc->stems->len;
      if (tok->kind == VIGIL_TOKEN_WORD)
        vigil_stemmer_append (doc->stem_lang, text, tok->len, doc->stems);
      else if (tok->kind == VIGIL_TOKEN_HASHTAG)
        vigil_stemmer_append (doc->stem_lang, text + 1, tok->len - 1, doc->stems);
      g_string_append_c (doc->stems, '\0');
    }
  return doc->stems->str + *offset;
}

static gboolean
body_matches (const QTerm *term,
              const char  *body,
              gsize        len)
{
  gsize tlen = term->len;

  if (len == 0 || tlen == 0 || body[0] != term->text[0])
    return tlen == 0;
  if (term->prefix)
    return len >= tlen && memcmp (body, term->text, tlen) == 0;
  return len == tlen && memcmp (body, term->text, tlen) == 0;
}

static gboolean
term_matches_token (const QTerm   *term,
                    VigilQueryDoc *doc,
                    guint          i,
                    gboolean       stem)
{
  const VigilToken *tok = &g_array_index (doc->tokens.tokens, VigilToken, i);
  const char *text = doc->tokens.buf->str + tok->offset;

  switch (term->kind)
    {
    case VIGIL_TOKEN_WORD:
      if (tok->kind == VIGIL_TOKEN_EMOJI)
        return FALSE;
      if (tok->kind == VIGIL_TOKEN_WORD)
        {
          if (body_matches (term, text, tok->len))
            return TRUE;
        }
      else if (body_matches (term, text + 1, tok->len - 1))
        return TRUE; /* a hashtag's or mention's body */
      break;

    case VIGIL_TOKEN_HASHTAG:
    case VIGIL_TOKEN_MENTION:
    case VIGIL_TOKEN_EMOJI:
      if (tok->kind != term->kind)
        return FALSE;
      if (body_matches (term, text, tok->len))
        return TRUE;
      break;

    default:
      g_assert_not_reached ();
    }

  if (stem && term->stems && tok->kind != VIGIL_TOKEN_MENTION)
    {
      const char *term_stem = term->stems[doc->stem_lang];
      const char *body = tok->kind == VIGIL_TOKEN_HASHTAG ? text + 1 : text;

      /* the Snowball stemmers used here only strip or change suffixes, so
       * a word whose first byte differs cannot share the stem: skip it */
      if (body[0] != term_stem[0])
        return FALSE;
      return strcmp (token_stem (doc, i), term_stem) == 0;
    }
  return FALSE;
}

/* Spans where a TERMS node occurs: for an exact phrase, each place the words
 * follow each other; with slop, the smallest windows holding every word. */
static gboolean
terms_spans (const QNode   *node,
             VigilQueryDoc *doc,
             gboolean       stem,
             GArray        *spans,
             gboolean       first_only)
{
  guint n = doc->tokens.tokens->len;

  /* every term must occur somewhere, in either form of match */
  for (guint j = 0; j < node->n_terms && !doc->no_filter; j++)
    if (!term_may_match (&node->terms[j], doc, stem))
      return FALSE;

  if (node->n_terms == 1 || node->slop < 0)
    {
      for (guint i = 0; i + node->n_terms <= n; i++)
        {
          gboolean ok = TRUE;

          for (guint j = 0; j < node->n_terms && ok; j++)
            ok = token_may_match (&node->terms[j], doc, i + j, stem)
                 && term_matches_token (&node->terms[j], doc, i + j, stem);
          if (ok)
            {
              Span span = { i, i + node->n_terms - 1 };

              if (first_only)
                return TRUE;
              g_array_append_val (spans, span);
            }
        }
      return spans && spans->len > 0;
    }

  /* proximity: slide a window over the tokens matching any term, and keep
   * the windows that hold each term once (a term is counted on the first
   * token it matches). */
  {
    g_autofree int *which = g_new (int, n);
    g_autofree guint *count = g_new0 (guint, node->n_terms);
    guint have = 0;
    guint left = 0;

    for (guint i = 0; i < n; i++)
      {
        which[i] = -1;
        for (guint j = 0; j < node->n_terms; j++)
          if (token_may_match (&node->terms[j], doc, i, stem)
              && term_matches_token (&node->terms[j], doc, i, stem))
            {
              which[i] = j;
              break;
            }
      }
    for (guint right = 0; right < n; right++)
      {
        if (which[right] < 0)
          continue;
        if (count[which[right]]++ == 0)
          have++;
        while (have == node->n_terms)
          {
            while (which[left] < 0)
              left++;
            if (right - left <= (guint) node->slop)
              {
                Span span = { left, right };

                if (first_only)
                  return TRUE;
                g_array_append_val (spans, span);
              }
            if (--count[which[left]] == 0)
              have--;
            left++;
          }
      }
  }
  return spans && spans->len > 0;
}

static gboolean
near_matches (const QNode   *node,
              VigilQueryDoc *doc,
              gboolean       stem)
{
  g_autoptr(GArray) a = g_array_new (FALSE, FALSE, sizeof (Span));
  g_autoptr(GArray) b = g_array_new (FALSE, FALSE, sizeof (Span));

  terms_spans (node->children[0], doc, stem, a, FALSE);
  for (guint c = 1; c < node->n_children; c++)
    {
      gboolean found = FALSE;
      guint max = node->distances[c - 1];

      if (a->len == 0)
        return FALSE;
      g_array_set_size (b, 0);
      terms_spans (node->children[c], doc, stem, b, FALSE);
      /* both lists come in increasing order of start and of end, so for
       * each span of b the closest spans of a are the last one starting at
       * or before it and the first one starting after it: one merge pass */
      for (guint i = 0, j = 0; i < b->len && !found; i++)
        {
          Span y = g_array_index (b, Span, i);

          while (j < a->len && g_array_index (a, Span, j).start <= y.start)
            j++;
          if (j > 0)
            {
              Span x = g_array_index (a, Span, j - 1);
              found = (y.start > x.end ? y.start - x.end : 0) <= max;
            }
          if (!found && j < a->len)
            {
              Span x = g_array_index (a, Span, j);
              found = (x.start > y.end ? x.start - y.end : 0) <= max;
            }
        }
      if (!found)
        return FALSE;
      /* the next pair is measured from this operand */
      g_array_set_size (a, 0);
      g_array_append_vals (a, b->data, b->len);
    }
  return TRUE;
}

static gboolean
value_matches (const QNode *node,
               const char  *value)
{
  gsize len;

  if (!value)
    return FALSE;
  len = strlen (node->value);
  if (node->value_prefix)
    return strncmp (value, node->value, len) == 0;
  return strcmp (value, node->value) == 0;
}

static gboolean
field_matches (const QNode   *node,
               VigilQueryDoc *doc)
{
  switch (node->field)
    {
    case QFIELD_AUTHOR:
      if (value_matches (node, doc->author) || value_matches (node, doc->author_name))
        return TRUE;
      /* "acme" matches the handle "acme@mastodon.social" */
      if (doc->author && !node->value_prefix)
        {
          gsize len = strlen (node->value);
          return strncmp (doc->author, node->value, len) == 0 && doc->author[len] == '@';
        }
      return FALSE;

    case QFIELD_LANG:
      if (!doc->lang)
        return FALSE;
      if (value_matches (node, doc->lang))
        return TRUE;
      {
        gsize len = strlen (node->value);
        return strncmp (doc->lang, node->value, len) == 0 && doc->lang[len] == '-';
      }

    case QFIELD_PLATFORM:
      return value_matches (node, doc->platform);

    case QFIELD_TAG:
      for (guint i = 0; i < doc->tags->len; i++)
        if (value_matches (node, g_ptr_array_index (doc->tags, i)))
          return TRUE;
      for (guint i = 0; i < doc->tokens.tokens->len; i++)
        {
          const VigilToken *tok = &g_array_index (doc->tokens.tokens, VigilToken, i);

          if (tok->kind == VIGIL_TOKEN_HASHTAG
              && value_matches (node, doc->tokens.buf->str + tok->offset + 1))
            return TRUE;
        }
      return FALSE;

    case QFIELD_FOLLOWERS:
      if (doc->followers < 0)
        return FALSE;
      switch (node->op)
        {
        case QOP_EQ: return doc->followers == node->number;
        case QOP_LT: return doc->followers < node->number;
        case QOP_LE: return doc->followers <= node->number;
        case QOP_GT: return doc->followers > node->number;
        case QOP_GE: return doc->followers >= node->number;
        default: g_assert_not_reached ();
        }

    default:
      g_assert_not_reached ();
    }
  return FALSE;
}

gboolean
_vigil_qnode_match (const QNode     *node,
                    VigilQueryDoc   *doc,
                    VigilQueryFlags  flags)
{
  gboolean stem = (flags & VIGIL_QUERY_STEM) != 0;

  switch (node->kind)
    {
    case QNODE_TERMS:
      return terms_spans (node, doc, stem, NULL, TRUE);
    case QNODE_NEAR:
      return near_matches (node, doc, stem);
    case QNODE_AND:
      for (guint i = 0; i < node->n_children; i++)
        if (!_vigil_qnode_match (node->children[i], doc, flags))
          return FALSE;
      return TRUE;
    case QNODE_OR:
      for (guint i = 0; i < node->n_children; i++)
        if (_vigil_qnode_match (node->children[i], doc, flags))
          return TRUE;
      return FALSE;
    case QNODE_NOT:
      return !_vigil_qnode_match (node->children[0], doc, flags);
    case QNODE_FIELD:
      return field_matches (node, doc);
    default:
      g_assert_not_reached ();
    }
  return FALSE;
}

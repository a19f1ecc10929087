/* vigil-pg-store-fts.c: full-text search on PostgreSQL, as SQLite's FTS5 does it
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * PostgreSQL's parsers split words their own way ('simple' keeps "e-mail"
 * and URLs whole, unaccent needs an extension a member can't create), so
 * the lexemes are made here, with the rules of the SQLite archive's
 * tokenizer (unicode61, remove_diacritics 2): a word is a run of letters,
 * digits, private-use characters and combining marks; it is lowercased and
 * its accents removed. The document is written as a tsvector literal with
 * positions (phrases need them), the columns one after the other with a
 * gap so that no phrase spans two. A search is the FTS5 expression that
 * vigil_search_query_to_fts() makes, translated: a quoted term becomes its
 * words joined by <-> (a phrase), a trailing * becomes :* on the last word,
 * AND &, OR |, NOT & !. FTS5's precedence (NOT over AND over OR) is
 * tsquery's (! over & over |), so no parentheses are needed between terms.
 * Both backends therefore find the same posts for the same words.
 */
#define G_LOG_DOMAIN "vigil-pg-store-fts"

#include "config.h"

#include "vigil-pg-store-private.h"

#define COLUMN_GAP   8
#define MAX_POSITION 16383
#define MAX_LEXEME   2000

static gboolean
is_token_char (gunichar c)
{
  switch (g_unichar_type (c))
    {
    case G_UNICODE_LOWERCASE_LETTER:
    case G_UNICODE_MODIFIER_LETTER:
    case G_UNICODE_OTHER_LETTER:
    case G_UNICODE_TITLECASE_LETTER:
    case G_UNICODE_UPPERCASE_LETTER:
    case G_UNICODE_DECIMAL_NUMBER:
    case G_UNICODE_LETTER_NUMBER:
    case G_UNICODE_OTHER_NUMBER:
    case G_UNICODE_PRIVATE_USE:
    case G_UNICODE_SPACING_MARK:
    case G_UNICODE_ENCLOSING_MARK:
    case G_UNICODE_NON_SPACING_MARK:
      return TRUE;
    default:
      return FALSE;
    }
}

/* One word, folded: decomposed, marks dropped, lowercased. */
static void
fold_word (GString    *out,
           const char *start,
           gsize       len)
{
  g_autofree char *nfd = g_utf8_normalize (start, len, G_NORMALIZE_NFD);

  g_string_truncate (out, 0);
  for (const char *p = nfd; p && *p; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);
      GUnicodeType type = g_unichar_type (c);

      if (type == G_UNICODE_NON_SPACING_MARK || type == G_UNICODE_SPACING_MARK
          || type == G_UNICODE_ENCLOSING_MARK)
        continue;
      g_string_append_unichar (out, g_unichar_tolower (c));
    }
  if (out->len > MAX_LEXEME)
    {
      const char *end = g_utf8_find_prev_char (out->str, out->str + MAX_LEXEME + 1);

      g_string_truncate (out, end ? (gsize) (end - out->str) : 0);
    }
}

typedef void (*WordFunc) (const char *word,
                          gpointer    user_data);

/* Calls func with each folded word of text (valid UTF-8 or not). */
static guint
each_word (const char *text,
           GString    *buf,
           WordFunc    func,
           gpointer    user_data)
{
  g_autofree char *valid = NULL;
  const char *p;
  guint n = 0;

  if (text == NULL)
    return 0;
  valid = g_utf8_make_valid (text, -1);
  p = valid;
  while (*p != '\0')
    {
      const char *start;

      while (*p != '\0' && !is_token_char (g_utf8_get_char (p)))
        p = g_utf8_next_char (p);
      if (*p == '\0')
        break;
      start = p;
      while (*p != '\0' && is_token_char (g_utf8_get_char (p)))
        p = g_utf8_next_char (p);
      fold_word (buf, start, p - start);
      if (buf->len == 0)
        continue;
      func (buf->str, user_data);
      n++;
    }
  return n;
}

static void
append_lexeme (GString    *out,
               const char *word)
{
  g_string_append_c (out, '\'');
  for (const char *p = word; *p; p++)
    {
      if (*p == '\'' || *p == '\\')
        g_string_append_c (out, '\\');
      g_string_append_c (out, *p);
    }
  g_string_append_c (out, '\'');
}

typedef struct
{
  GString *out;
  guint    position;
} DocBuilder;

static void
add_doc_word (const char *word,
              gpointer    user_data)
{
  DocBuilder *b = user_data;

  if (b->out->len > 0)
    g_string_append_c (b->out, ' ');
  append_lexeme (b->out, word);
  g_string_append_printf (b->out, ":%u", MIN (b->position, MAX_POSITION));
  b->position++;
}

const char *
_vigil_pg_fts_doc (GString    *out,
                   const char *title,
                   const char *spoiler,
                   const char *text,
                   const char *author,
                   const char *author_name,
                   const char *tags)
{
  g_autoptr(GString) word = g_string_new (NULL);
  const char *columns[] = { NULL, author, author_name, NULL };
  g_autoptr(GString) joined_text = g_string_new (NULL);
  g_autoptr(GString) joined_tags = g_string_new (NULL);
  DocBuilder b = { out, 1 };

  /* the same text SQLite's index holds: title, spoiler and text; tags
   * separated by spaces */
  columns[0] = _vigil_pg_fts_text (joined_text, title, spoiler, text);
  if (tags != NULL)
    {
      g_string_assign (joined_tags, tags);
      g_strdelimit (joined_tags->str, "\x1f", ' ');
      columns[3] = joined_tags->str;
    }

  g_string_truncate (out, 0);
  for (guint i = 0; i < G_N_ELEMENTS (columns); i++)
    {
      if (each_word (columns[i], word, add_doc_word, &b) > 0)
        b.position += COLUMN_GAP;
    }
  return out->str;
}

const char *
_vigil_pg_fts_text (GString    *buf,
                    const char *title,
                    const char *spoiler,
                    const char *text)
{
  const char *parts[] = { title, spoiler, text };

  if (title == NULL && spoiler == NULL)
    return text;
  g_string_truncate (buf, 0);
  for (guint i = 0; i < G_N_ELEMENTS (parts); i++)
    {
      if (parts[i] == NULL || parts[i][0] == '\0')
        continue;
      if (buf->len > 0)
        g_string_append_c (buf, '\n');
      g_string_append (buf, parts[i]);
    }
  return buf->str;
}

typedef struct
{
  GString *out;
  guint    n;
} PhraseBuilder;

static void
add_phrase_word (const char *word,
                 gpointer    user_data)
{
  PhraseBuilder *b = user_data;

  if (b->n > 0)
    g_string_append (b->out, " <-> ");
  append_lexeme (b->out, word);
  b->n++;
}

char *
_vigil_pg_fts_to_tsquery (const char *fts)
{
  g_autoptr(GString) out = g_string_new (NULL);
  g_autoptr(GString) term = g_string_new (NULL);
  g_autoptr(GString) word = g_string_new (NULL);
  g_autoptr(GString) phrase = g_string_new (NULL);
  const char *op = NULL;
  const char *p = fts;

  if (fts == NULL)
    return NULL;
  while (*p != '\0')
    {
      PhraseBuilder b = { phrase, 0 };
      gboolean prefix = FALSE;

      if (*p == ' ')
        {
          /* " AND ", " OR ", " NOT " */
          if (g_str_has_prefix (p, " AND "))
            op = " & ", p += 5;
          else if (g_str_has_prefix (p, " OR "))
            op = " | ", p += 4;
          else if (g_str_has_prefix (p, " NOT "))
            op = " & !", p += 5;
          else
            p++;
          continue;
        }
      if (*p != '"')
        {
          p++;
          continue;
        }

      /* a quoted term, "" inside for a quote */
      g_string_truncate (term, 0);
      for (p++; *p != '\0'; p++)
        {
          if (*p == '"' && p[1] == '"')
            {
              g_string_append_c (term, '"');
              p++;
            }
          else if (*p == '"')
            {
              p++;
              break;
            }
          else
            g_string_append_c (term, *p);
        }
      while (*p == '*')
        {
          prefix = TRUE;
          p++;
        }

      g_string_truncate (phrase, 0);
      each_word (term->str, word, add_phrase_word, &b);
      if (b.n == 0)
        {
          /* nothing searchable in it: the term and its operator go */
          if (out->len == 0)
            op = NULL;
          continue;
        }
      if (prefix)
        g_string_append (phrase, ":*");
      if (out->len > 0)
        g_string_append (out, op ? op : " & ");
      else if (op != NULL && g_str_equal (op, " & !"))
        g_string_append_c (out, '!');
      if (b.n > 1)
        g_string_append_printf (out, "(%s)", phrase->str);
      else
        g_string_append (out, phrase->str);
      op = NULL;
    }
  if (out->len == 0)
    return NULL;
  return g_string_free (g_steal_pointer (&out), FALSE);
}

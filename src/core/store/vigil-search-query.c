/* vigil-search-query.c: what a person searches the archive for
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "vigil-search-query"

#include "config.h"

#include <string.h>

#include "vigil-search-query.h"

/* What a person types is bounded: the rest is ignored. */
#define MAX_QUERY_BYTES 4096
#define MAX_TERMS       64

static const char * const order_names[] = {
  [VIGIL_SEARCH_ORDER_NEWEST] = "newest",
  [VIGIL_SEARCH_ORDER_ARRIVAL] = "arrival",
  [VIGIL_SEARCH_ORDER_REACH] = "reach",
  [VIGIL_SEARCH_ORDER_OTS] = "ots",
  [VIGIL_SEARCH_ORDER_NEGATIVE] = "negative",
  [VIGIL_SEARCH_ORDER_AUTHOR] = "author",
};

gboolean
vigil_search_order_from_string (const char       *str,
                                VigilSearchOrder *out_order)
{
  for (guint i = 0; str != NULL && i < G_N_ELEMENTS (order_names); i++)
    {
      if (g_ascii_strcasecmp (str, order_names[i]) == 0)
        {
          if (out_order != NULL)
            *out_order = (VigilSearchOrder) i;
          return TRUE;
        }
    }
  return FALSE;
}

const char *
vigil_search_order_to_string (VigilSearchOrder order)
{
  if ((guint) order < G_N_ELEMENTS (order_names))
    return order_names[order];
  return order_names[VIGIL_SEARCH_ORDER_NEWEST];
}

G_DEFINE_BOXED_TYPE (VigilSearchQuery, vigil_search_query,
                     vigil_search_query_copy, vigil_search_query_free)

VigilSearchQuery *
vigil_search_query_new (void)
{
  return g_new0 (VigilSearchQuery, 1);
}

VigilSearchQuery *
vigil_search_query_copy (const VigilSearchQuery *query)
{
  VigilSearchQuery *copy;

  g_return_val_if_fail (query != NULL, NULL);

  copy = g_new0 (VigilSearchQuery, 1);
  *copy = *query;
  copy->text = g_strdup (query->text);
  copy->author = g_strdup (query->author);
  copy->since = query->since ? g_date_time_ref (query->since) : NULL;
  copy->until = query->until ? g_date_time_ref (query->until) : NULL;
  copy->lang = g_strdup (query->lang);
  copy->category = g_strdup (query->category);
  copy->watch = g_strdup (query->watch);
  copy->tag = g_strdup (query->tag);
  copy->mention = g_strdup (query->mention);
  copy->link = g_strdup (query->link);
  return copy;
}

void
vigil_search_query_free (VigilSearchQuery *query)
{
  if (query == NULL)
    return;
  g_free (query->text);
  g_free (query->author);
  g_clear_pointer (&query->since, g_date_time_unref);
  g_clear_pointer (&query->until, g_date_time_unref);
  g_free (query->lang);
  g_free (query->category);
  g_free (query->watch);
  g_free (query->tag);
  g_free (query->mention);
  g_free (query->link);
  g_free (query);
}

/* TRUE when the query filters nothing (limit and order are not filters). */
gboolean
vigil_search_query_is_empty (const VigilSearchQuery *query)
{
  g_autofree char *fts = NULL;

  if (query == NULL)
    return TRUE;
  if (query->platform != VIGIL_PLATFORM_UNKNOWN
      || (query->author != NULL && query->author[0] != '\0')
      || query->since != NULL
      || query->until != NULL
      || query->after_id > 0
      || query->sentiment != VIGIL_SENTIMENT_NONE
      || (query->lang != NULL && query->lang[0] != '\0')
      || (query->category != NULL && query->category[0] != '\0')
      || (query->watch != NULL && query->watch[0] != '\0')
      || (query->tag != NULL && query->tag[0] != '\0')
      || (query->mention != NULL && query->mention[0] != '\0')
      || (query->link != NULL && query->link[0] != '\0')
      || query->collapse_duplicates
      || query->deleted_only || query->edited_only || query->type != VIGIL_SEARCH_TYPE_ANY)
    return FALSE;
  fts = vigil_search_query_to_fts (query->text);
  return fts == NULL;
}

/* Whether FTS5's unicode61 tokenizer will find at least one token in
 * [start, end): letters, numbers and private-use characters are token
 * characters; everything else separates tokens. */
static gboolean
has_token_char (const char *start,
                const char *end)
{
  for (const char *p = start; p < end; p = g_utf8_next_char (p))
    {
      switch (g_unichar_type (g_utf8_get_char (p)))
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
          return TRUE;
        default:
          break;
        }
    }
  return FALSE;
}

static void
append_term (GString    *out,
             const char *start,
             const char *end,
             gboolean    prefix)
{
  g_string_append_c (out, '"');
  for (const char *p = start; p < end; p++)
    {
      if (*p == '"')
        g_string_append_c (out, '"');
      g_string_append_c (out, *p);
    }
  g_string_append_c (out, '"');
  if (prefix)
    g_string_append_c (out, '*');
}

static gboolean
is_space_at (const char *p)
{
  return g_unichar_isspace (g_utf8_get_char (p));
}

static gboolean
word_is (const char *start,
         const char *end,
         const char *word)
{
  gsize len = strlen (word);

  return (gsize) (end - start) == len && memcmp (start, word, len) == 0;
}

typedef enum
{
  OP_NONE,
  OP_AND,
  OP_OR,
} PendingOp;

char *
vigil_search_query_to_fts (const char *text)
{
  g_autofree char *valid = NULL;
  g_autoptr(GString) out = NULL;
  PendingOp pending_op = OP_NONE;
  gboolean pending_not = FALSE;
  guint n_terms = 0;
  const char *p;
  gsize len;

  if (text == NULL)
    return NULL;

  len = strnlen (text, MAX_QUERY_BYTES);
  valid = g_utf8_make_valid (text, len);
  out = g_string_new (NULL);
  p = valid;

  while (*p != '\0' && n_terms < MAX_TERMS)
    {
      const char *start;
      const char *end;
      gboolean prefix = FALSE;
      gboolean negate = FALSE;

      while (*p != '\0' && is_space_at (p))
        p = g_utf8_next_char (p);
      if (*p == '\0')
        break;

      if (*p == '"')
        {
          /* a quoted phrase, up to the closing quote or the end */
          start = ++p;
          while (*p != '\0' && *p != '"')
            p++;
          end = p;
          if (*p == '"')
            p++;
          while (*p == '*')
            {
              prefix = TRUE;
              p++;
            }
        }
      else
        {
          start = p;
          while (*p != '\0' && *p != '"' && !is_space_at (p))
            p = g_utf8_next_char (p);
          end = p;

          if (word_is (start, end, "OR"))
            {
              if (n_terms > 0 && !pending_not)
                pending_op = OP_OR;
              continue;
            }
          if (word_is (start, end, "AND"))
            {
              if (n_terms > 0 && !pending_not)
                pending_op = OP_AND;
              continue;
            }
          if (word_is (start, end, "NOT"))
            {
              pending_not = TRUE;
              continue;
            }

          /* -word excludes, +word includes, as in web search boxes */
          if (end - start > 1 && start[0] == '-' && start[1] != '-')
            {
              negate = TRUE;
              start++;
            }
          else if (end - start > 1 && start[0] == '+')
            start++;

          while (end > start && end[-1] == '*')
            {
              prefix = TRUE;
              end--;
            }
        }

      if (!has_token_char (start, end))
        continue;

      negate = negate || pending_not;
      pending_not = FALSE;

      if (n_terms == 0)
        {
          /* FTS5's NOT is binary: "NOT spam" alone can't be expressed, and
           * searching for "spam" would invert what the person asked, so the
           * excluded term is dropped. */
          if (negate)
            {
              pending_op = OP_NONE;
              continue;
            }
        }
      else if (negate)
        g_string_append (out, " NOT ");
      else if (pending_op == OP_OR)
        g_string_append (out, " OR ");
      else
        g_string_append (out, " AND ");

      append_term (out, start, end, prefix);
      pending_op = OP_NONE;
      n_terms++;
    }

  if (n_terms == 0)
    return NULL;
  return g_string_free (g_steal_pointer (&out), FALSE);
}

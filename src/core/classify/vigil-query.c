/* vigil-query.c: parsing the monitoring query language
 *
 * A hand-written lexer and recursive-descent parser. Every error names the
 * 1-based character position where it was found and what would fix it.
 * Sizes are bounded (VIGIL_QUERY_MAX_*), so hostile input can neither crash
 * nor exhaust the stack.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "vigil-query"

#include "config.h"

#include <string.h>
#include <glib/gi18n-lib.h>

#include "vigil-query-private.h"
#include "vigil-stemmer.h"

G_DEFINE_QUARK (vigil-query-error-quark, vigil_query_error)
G_DEFINE_BOXED_TYPE (VigilQuery, vigil_query, vigil_query_ref, vigil_query_unref)

#define NEAR_DEFAULT_DISTANCE 5
#define MAX_DISTANCE 1000
#define MAX_PHRASE_TERMS 32

typedef enum
{
  LEX_END,
  LEX_LPAREN,
  LEX_RPAREN,
  LEX_AND,
  LEX_OR,
  LEX_NOT,
  LEX_NEAR,
  LEX_WORD,     /* bare word, text = raw */
  LEX_PHRASE,   /* quoted, text = raw content, number = slop or -1 */
  LEX_FIELD,    /* text = field name (lower case), value = raw value */
} LexKind;

typedef struct
{
  LexKind  kind;
  guint    pos;
  guint    value_pos;
  char    *text;
  char    *value;
  gboolean value_quoted;
  gint64   number;
} Lex;

typedef struct
{
  GArray          *lexes;     /* of Lex */
  guint            i;
  VigilQueryFlags  flags;
  guint            depth;
  guint            n_terms;
  guint            error_pos;
  GError          *error;
} Parser;

static void
lex_clear (gpointer data)
{
  Lex *lex = data;

  g_free (lex->text);
  g_free (lex->value);
}

static void
fail (Parser     *p,
      int         code,
      guint       pos,
      const char *format,
      ...) G_GNUC_PRINTF (4, 5);

static void
fail (Parser     *p,
      int         code,
      guint       pos,
      const char *format,
      ...)
{
  g_autofree char *msg = NULL;
  va_list args;

  if (p->error)
    return;
  va_start (args, format);
  msg = g_strdup_vprintf (format, args);
  va_end (args);
  p->error_pos = pos;
  /* TRANSLATORS: a query syntax error: "<character position>: <what is wrong>" */
  p->error = g_error_new (VIGIL_QUERY_ERROR, code, _("%u: %s"), pos, msg);
}

static const char *
lex_describe (const Lex *lex)
{
  switch (lex->kind)
    {
    case LEX_END: return _("the end of the query");
    case LEX_LPAREN: return "'('";
    case LEX_RPAREN: return "')'";
    case LEX_AND: return "'AND'";
    case LEX_OR: return "'OR'";
    case LEX_NOT: return "'NOT'";
    case LEX_NEAR: return "'NEAR'";
    case LEX_WORD:
    case LEX_PHRASE:
    case LEX_FIELD:
    default:
      return _("a word");
    }
}

static inline gboolean
is_space (gunichar c)
{
  return g_unichar_isspace (c) || c == 0x200B;
}

/* straight quotes, and the curly ones phones and word processors put in */
static inline gboolean
is_quote (gunichar c)
{
  return c == '"' || c == 0x201C || c == 0x201D || c == 0x201E;
}

static inline gboolean
ends_bare_word (gunichar c)
{
  return c == 0 || is_space (c) || c == '(' || c == ')' || is_quote (c);
}

/* Reads a quoted string starting at *s (on the opening quote). */
static char *
lex_quoted (Parser      *p,
            const char **s,
            guint       *pos)
{
  guint open_pos = *pos;
  const char *start = g_utf8_next_char (*s);
  const char *q = start;
  guint n = *pos + 1;

  while (*q && !is_quote (g_utf8_get_char (q)))
    {
      q = g_utf8_next_char (q);
      n++;
    }
  if (!*q)
    {
      fail (p, VIGIL_QUERY_ERROR_SYNTAX, n,
            _("unterminated quote opened at %u: add a closing '\"'"), open_pos);
      return NULL;
    }
  *s = g_utf8_next_char (q);
  *pos = n + 1;
  return g_strndup (start, q - start);
}

static gboolean
parse_uint (const char *s,
            gsize       len,
            gint64      max,
            gint64     *out)
{
  gint64 v = 0;

  if (len == 0)
    return FALSE;
  for (gsize i = 0; i < len; i++)
    {
      if (!g_ascii_isdigit (s[i]))
        return FALSE;
      v = v * 10 + (s[i] - '0');
      if (v > max)
        return FALSE;
    }
  *out = v;
  return TRUE;
}

static gboolean
is_field_name (const char *s,
               gsize       len)
{
  if (len == 0 || len > 32)
    return FALSE;
  for (gsize i = 0; i < len; i++)
    if (!g_ascii_isalpha (s[i]) && s[i] != '_')
      return FALSE;
  return TRUE;
}

static void
lex_all (Parser     *p,
         const char *text)
{
  const char *s = text;
  guint pos = 1;

  while (!p->error)
    {
      gunichar c = g_utf8_get_char (s);
      Lex lex = { 0, };

      if (c && is_space (c))
        {
          s = g_utf8_next_char (s);
          pos++;
          continue;
        }
      lex.pos = pos;
      lex.number = -1;
      if (c == 0)
        {
          lex.kind = LEX_END;
          g_array_append_val (p->lexes, lex);
          return;
        }
      if (c == '(' || c == ')')
        {
          lex.kind = c == '(' ? LEX_LPAREN : LEX_RPAREN;
          s++;
          pos++;
        }
      else if (is_quote (c))
        {
          lex.kind = LEX_PHRASE;
          lex.text = lex_quoted (p, &s, &pos);
          if (!lex.text)
            return;
          if (*s == '~')
            {
              const char *d = s + 1;
              gsize n = 0;

              while (g_ascii_isdigit (d[n]))
                n++;
              if (!parse_uint (d, n, MAX_DISTANCE, &lex.number))
                {
                  fail (p, VIGIL_QUERY_ERROR_SYNTAX, pos + 1,
                        _("expected a distance from 0 to %d after '~', as in \"late delivery\"~5"),
                        MAX_DISTANCE);
                  g_free (lex.text);
                  return;
                }
              s = d + n;
              pos += 1 + n;
            }
          if (!ends_bare_word (g_utf8_get_char (s)))
            {
              fail (p, VIGIL_QUERY_ERROR_SYNTAX, pos,
                    _("expected a space after the closing quote"));
              g_free (lex.text);
              return;
            }
        }
      else
        {
          const char *start = s;
          const char *colon = NULL;
          const char *tilde = NULL;
          gsize len;

          while (!ends_bare_word (g_utf8_get_char (s)))
            {
              if (*s == ':' && !colon)
                colon = s;
              if (*s == '~' && !tilde)
                tilde = s;
              s = g_utf8_next_char (s);
              pos++;
            }
          if (tilde && (!colon || tilde < colon))
            {
              fail (p, VIGIL_QUERY_ERROR_SYNTAX, lex.pos + (guint) g_utf8_pointer_to_offset (start, tilde),
                    _("'~' goes after a quoted phrase, as in \"late delivery\"~5"));
              return;
            }
          /* -word and -( … ) exclude, +word requires, as in web searches */
          if (*start == '-' && s - start == 1 && *s == '(')
            {
              lex.kind = LEX_NOT;
              g_array_append_val (p->lexes, lex);
              continue;
            }
          if ((*start == '-' || *start == '+') && s - start > 1)
            {
              if (*start == '-')
                {
                  Lex not = { LEX_NOT, lex.pos, 0, NULL, NULL, FALSE, -1 };
                  g_array_append_val (p->lexes, not);
                }
              start++;
              lex.pos++;
            }
          len = s - start;
          if (len == 3 && memcmp (start, "AND", 3) == 0)
            lex.kind = LEX_AND;
          else if (len == 2 && memcmp (start, "OR", 2) == 0)
            lex.kind = LEX_OR;
          else if (len == 3 && memcmp (start, "NOT", 3) == 0)
            lex.kind = LEX_NOT;
          else if (len >= 4 && memcmp (start, "NEAR", 4) == 0
                   && (len == 4 || start[4] == '/'))
            {
              lex.kind = LEX_NEAR;
              lex.number = NEAR_DEFAULT_DISTANCE;
              if (len > 4 && !parse_uint (start + 5, len - 5, MAX_DISTANCE, &lex.number))
                {
                  fail (p, VIGIL_QUERY_ERROR_SYNTAX, lex.pos + 5,
                        _("expected a distance from 0 to %d after 'NEAR/', as in late NEAR/5 delivery"),
                        MAX_DISTANCE);
                  return;
                }
            }
          else if (colon && is_field_name (start, colon - start))
            {
              lex.kind = LEX_FIELD;
              lex.text = g_ascii_strdown (start, colon - start);
              lex.value_pos = lex.pos + (colon - start) + 1;
              if (colon + 1 == s && is_quote (g_utf8_get_char (s)))
                {
                  lex.value = lex_quoted (p, &s, &pos);
                  lex.value_quoted = TRUE;
                  if (!lex.value)
                    {
                      g_free (lex.text);
                      return;
                    }
                }
              else
                lex.value = g_strndup (colon + 1, s - colon - 1);
            }
          else
            {
              lex.kind = LEX_WORD;
              lex.text = g_strndup (start, len);
            }
        }
      g_array_append_val (p->lexes, lex);
      if (p->lexes->len > VIGIL_QUERY_MAX_TERMS * 2)
        {
          fail (p, VIGIL_QUERY_ERROR_TOO_LONG, lex.pos,
                _("the query has too many parts (at most %d words and operators)"),
                VIGIL_QUERY_MAX_TERMS * 2);
          return;
        }
    }
}

static inline const Lex *
peek (Parser *p)
{
  return &g_array_index (p->lexes, Lex, p->i);
}

static inline const Lex *
next (Parser *p)
{
  const Lex *lex = peek (p);

  if (lex->kind != LEX_END)
    p->i++;
  return lex;
}

static QNode *
node_new (QNodeKind kind,
          guint     pos)
{
  QNode *node = g_new0 (QNode, 1);

  node->kind = kind;
  node->pos = pos;
  node->slop = -1;
  return node;
}

static void
term_clear (QTerm *term)
{
  g_free (term->text);
  g_strfreev (term->stems);
}

void
_vigil_qnode_free (QNode *node)
{
  if (!node)
    return;
  for (guint i = 0; i < node->n_terms; i++)
    term_clear (&node->terms[i]);
  g_free (node->terms);
  for (guint i = 0; i < node->n_children; i++)
    _vigil_qnode_free (node->children[i]);
  g_free (node->children);
  g_free (node->distances);
  g_free (node->value);
  g_free (node);
}

static void
node_add_child (QNode *node,
                QNode *child)
{
  node->children = g_renew (QNode *, node->children, node->n_children + 1);
  node->children[node->n_children++] = child;
}

static void
term_stem (Parser *p,
           QTerm  *term)
{
  g_autoptr(GString) buf = NULL;
  guint n;

  if (!(p->flags & VIGIL_QUERY_STEM) || term->prefix
      || (term->kind != VIGIL_TOKEN_WORD && term->kind != VIGIL_TOKEN_HASHTAG))
    return;
  n = vigil_stemmer_n_langs ();
  buf = g_string_new (NULL);
  term->stems = g_new0 (char *, n + 1);
  for (guint l = 0; l < n; l++)
    {
      const char *body = term->text + (term->kind == VIGIL_TOKEN_HASHTAG ? 1 : 0);

      g_string_truncate (buf, 0);
      vigil_stemmer_append (l, body, strlen (body), buf);
      term->stems[l] = g_strndup (buf->str, buf->len);
    }
}

/* Turns raw text into the terms of a TERMS node. */
static QNode *
terms_node (Parser     *p,
            const char *raw,
            guint       pos,
            gboolean    allow_wildcard,
            int         slop)
{
  g_autofree char *copy = g_strdup (raw);
  VigilTokenList list;
  gboolean prefix = FALSE;
  gsize len = strlen (copy);
  QNode *node;
  char *star;

  if (allow_wildcard && (star = strchr (copy, '*')))
    {
      if (star != copy + len - 1)
        {
          fail (p, VIGIL_QUERY_ERROR_SYNTAX,
                pos + (guint) g_utf8_pointer_to_offset (copy, star),
                _("a wildcard '*' may only end a word, as in refund*"));
          return NULL;
        }
      prefix = TRUE;
      *star = '\0';
    }

  vigil_token_list_init (&list);
  vigil_tokenize (copy, -1, &list);
  if (list.tokens->len == 0)
    {
      if (prefix && copy[0] == '\0')
        fail (p, VIGIL_QUERY_ERROR_SYNTAX, pos,
              _("a wildcard needs at least one letter before '*', as in refund*"));
      else if (slop >= 0 || !allow_wildcard)
        fail (p, VIGIL_QUERY_ERROR_SYNTAX, pos,
              _("the quotes hold nothing to search for"));
      else
        fail (p, VIGIL_QUERY_ERROR_SYNTAX, pos,
              _("'%s' holds nothing to search for: put it in quotes with a word, or remove it"),
              raw);
      vigil_token_list_clear (&list);
      return NULL;
    }
  if (prefix && list.tokens->len > 1)
    {
      fail (p, VIGIL_QUERY_ERROR_SYNTAX, pos,
            _("a wildcard applies to one word; '%s' holds several"), raw);
      vigil_token_list_clear (&list);
      return NULL;
    }
  if (list.tokens->len > MAX_PHRASE_TERMS)
    {
      fail (p, VIGIL_QUERY_ERROR_TOO_LONG, pos,
            _("a phrase may hold at most %d words"), MAX_PHRASE_TERMS);
      vigil_token_list_clear (&list);
      return NULL;
    }
  p->n_terms += list.tokens->len;
  if (p->n_terms > VIGIL_QUERY_MAX_TERMS)
    {
      fail (p, VIGIL_QUERY_ERROR_TOO_LONG, pos,
            _("the query holds too many words (at most %d)"), VIGIL_QUERY_MAX_TERMS);
      vigil_token_list_clear (&list);
      return NULL;
    }

  node = node_new (QNODE_TERMS, pos);
  node->slop = slop;
  node->n_terms = list.tokens->len;
  node->terms = g_new0 (QTerm, node->n_terms);
  for (guint i = 0; i < node->n_terms; i++)
    {
      const VigilToken *tok = &g_array_index (list.tokens, VigilToken, i);

      node->terms[i].text = g_strndup (list.buf->str + tok->offset, tok->len);
      node->terms[i].len = tok->len;
      node->terms[i].kind = tok->kind;
      node->terms[i].prefix = prefix;
      term_stem (p, &node->terms[i]);
    }
  vigil_token_list_clear (&list);
  return node;
}

static QNode *
field_node (Parser    *p,
            const Lex *lex)
{
  static const struct { const char *name; QField field; } fields[] = {
    { "author", QFIELD_AUTHOR },
    { "lang", QFIELD_LANG },
    { "platform", QFIELD_PLATFORM },
    { "tag", QFIELD_TAG },
    { "followers", QFIELD_FOLLOWERS },
  };
  const char *v = lex->value;
  QNode *node;
  int field = -1;

  for (guint i = 0; i < G_N_ELEMENTS (fields); i++)
    if (strcmp (lex->text, fields[i].name) == 0)
      field = fields[i].field;
  if (field < 0)
    {
      fail (p, VIGIL_QUERY_ERROR_SYNTAX, lex->pos,
            _("unknown field '%s:' (known: author, lang, platform, tag, followers); "
              "put the text in quotes to search for it as words"), lex->text);
      return NULL;
    }
  if (v[0] == '\0')
    {
      fail (p, VIGIL_QUERY_ERROR_SYNTAX, lex->value_pos,
            _("expected a value after '%s:', as in %s"), lex->text,
            field == QFIELD_FOLLOWERS ? "followers:>1000" : "author:acme");
      return NULL;
    }

  node = node_new (QNODE_FIELD, lex->pos);
  node->field = field;
  if (field == QFIELD_FOLLOWERS)
    {
      gsize skip = 0, n;
      gint64 mult = 1, number;

      if (g_str_has_prefix (v, ">="))
        node->op = QOP_GE, skip = 2;
      else if (g_str_has_prefix (v, "<="))
        node->op = QOP_LE, skip = 2;
      else if (v[0] == '>')
        node->op = QOP_GT, skip = 1;
      else if (v[0] == '<')
        node->op = QOP_LT, skip = 1;
      else if (v[0] == '=')
        node->op = QOP_EQ, skip = 1;
      else
        node->op = QOP_EQ;
      n = strlen (v + skip);
      if (n > 0 && (v[skip + n - 1] == 'k' || v[skip + n - 1] == 'K'))
        mult = 1000, n--;
      else if (n > 0 && (v[skip + n - 1] == 'm' || v[skip + n - 1] == 'M'))
        mult = 1000000, n--;
      if (!parse_uint (v + skip, n, G_GINT64_CONSTANT (1000000000000), &number))
        {
          fail (p, VIGIL_QUERY_ERROR_SYNTAX, lex->value_pos + (guint) skip,
                _("expected a whole number after 'followers:%.*s', as in followers:>1000 or followers:<=10k"),
                (int) skip, v);
          _vigil_qnode_free (node);
          return NULL;
        }
      node->number = number * mult;
      return node;
    }

  if (!lex->value_quoted)
    {
      const char *star = strchr (v, '*');

      if (star && star[1] != '\0')
        {
          fail (p, VIGIL_QUERY_ERROR_SYNTAX,
                lex->value_pos + (guint) g_utf8_pointer_to_offset (v, star),
                _("a wildcard '*' may only end a value, as in tag:recall*"));
          _vigil_qnode_free (node);
          return NULL;
        }
      if (star)
        {
          node->value_prefix = TRUE;
          if (star == v)
            {
              fail (p, VIGIL_QUERY_ERROR_SYNTAX, lex->value_pos,
                    _("a wildcard needs at least one letter before '*'"));
              _vigil_qnode_free (node);
              return NULL;
            }
        }
      node->value = vigil_text_fold (v, star ? star - v : -1);
    }
  else
    node->value = vigil_text_fold (v, -1);

  /* handles and tags are written with or without their sigil */
  if ((field == QFIELD_AUTHOR && node->value[0] == '@')
      || (field == QFIELD_TAG && node->value[0] == '#'))
    memmove (node->value, node->value + 1, strlen (node->value));
  if (field == QFIELD_LANG)
    for (char *c = node->value; *c; c++)
      if (*c == '_')
        *c = '-';
  if (node->value[0] == '\0')
    {
      fail (p, VIGIL_QUERY_ERROR_SYNTAX, lex->value_pos,
            _("expected a value after '%s:', as in %s"), lex->text, "author:acme");
      _vigil_qnode_free (node);
      return NULL;
    }
  return node;
}

static QNode *parse_or (Parser *p);

static gboolean
starts_unary (const Lex *lex)
{
  return lex->kind == LEX_LPAREN || lex->kind == LEX_NOT || lex->kind == LEX_WORD
         || lex->kind == LEX_PHRASE || lex->kind == LEX_FIELD;
}

static QNode *
parse_primary (Parser     *p,
               const Lex  *after)
{
  const Lex *lex = peek (p);

  switch (lex->kind)
    {
    case LEX_LPAREN:
      {
        guint open_pos = lex->pos;
        QNode *inner;

        next (p);
        if (peek (p)->kind == LEX_END)
          {
            fail (p, VIGIL_QUERY_ERROR_SYNTAX, peek (p)->pos,
                  _("expected ')' to close '(' opened at %u"), open_pos);
            return NULL;
          }
        if (peek (p)->kind == LEX_RPAREN)
          {
            fail (p, VIGIL_QUERY_ERROR_SYNTAX, open_pos,
                  _("empty parentheses: put a word or phrase between '(' and ')'"));
            return NULL;
          }
        if (++p->depth > VIGIL_QUERY_MAX_DEPTH)
          {
            fail (p, VIGIL_QUERY_ERROR_TOO_DEEP, open_pos,
                  _("the query nests too deeply (at most %d levels)"), VIGIL_QUERY_MAX_DEPTH);
            return NULL;
          }
        inner = parse_or (p);
        p->depth--;
        if (!inner)
          return NULL;
        if (peek (p)->kind != LEX_RPAREN)
          {
            fail (p, VIGIL_QUERY_ERROR_SYNTAX, peek (p)->pos,
                  _("expected ')' to close '(' opened at %u"), open_pos);
            _vigil_qnode_free (inner);
            return NULL;
          }
        next (p);
        inner->pos = open_pos; /* a group is reported at its '(' */
        return inner;
      }
    case LEX_WORD:
      next (p);
      return terms_node (p, lex->text, lex->pos, TRUE, -1);
    case LEX_PHRASE:
      next (p);
      return terms_node (p, lex->text, lex->pos, FALSE, (int) lex->number);
    case LEX_FIELD:
      next (p);
      return field_node (p, lex);
    case LEX_RPAREN:
      if (!after)
        fail (p, VIGIL_QUERY_ERROR_SYNTAX, lex->pos,
              _("unexpected ')' with no '(' to close"));
      else
        fail (p, VIGIL_QUERY_ERROR_SYNTAX, lex->pos,
              _("expected a word, phrase or '(' after %s at %u, found ')'"),
              lex_describe (after), after->pos);
      return NULL;
    case LEX_END:
      if (after)
        fail (p, VIGIL_QUERY_ERROR_SYNTAX, lex->pos,
              _("expected a word, phrase or '(' after %s at %u"),
              lex_describe (after), after->pos);
      else
        fail (p, VIGIL_QUERY_ERROR_EMPTY, lex->pos, _("the query is empty"));
      return NULL;
    case LEX_AND:
    case LEX_OR:
    case LEX_NEAR:
    case LEX_NOT:
    default:
      if (after)
        fail (p, VIGIL_QUERY_ERROR_SYNTAX, lex->pos,
              _("expected a word, phrase or '(' after %s at %u, found %s"),
              lex_describe (after), after->pos, lex_describe (lex));
      else
        fail (p, VIGIL_QUERY_ERROR_SYNTAX, lex->pos,
              _("%s needs a word, phrase or '(' before it"), lex_describe (lex));
      return NULL;
    }
}

static QNode *
parse_near (Parser    *p,
            const Lex *after)
{
  QNode *first = parse_primary (p, after);
  QNode *near = NULL;

  if (!first)
    return NULL;
  while (peek (p)->kind == LEX_NEAR)
    {
      const Lex *op = next (p);
      QNode *operand;

      if (first->kind != QNODE_TERMS)
        {
          fail (p, VIGIL_QUERY_ERROR_SYNTAX, op->pos,
                _("NEAR needs a word or phrase on each side, not a group or field"));
          break;
        }
      operand = parse_primary (p, op);
      if (!operand)
        break;
      if (operand->kind != QNODE_TERMS)
        {
          fail (p, VIGIL_QUERY_ERROR_SYNTAX, operand->pos,
                _("NEAR needs a word or phrase on each side, not a group or field"));
          _vigil_qnode_free (operand);
          break;
        }
      if (!near)
        {
          near = node_new (QNODE_NEAR, first->pos);
          node_add_child (near, first);
        }
      near->distances = g_renew (guint, near->distances, near->n_children);
      near->distances[near->n_children - 1] = (guint) op->number;
      node_add_child (near, operand);
    }
  if (p->error)
    {
      if (near)
        _vigil_qnode_free (near);
      else
        _vigil_qnode_free (first);
      return NULL;
    }
  return near ? near : first;
}

static QNode *
parse_unary (Parser    *p,
             const Lex *after)
{
  if (peek (p)->kind == LEX_NOT)
    {
      const Lex *op = next (p);
      QNode *child;
      QNode *node;

      if (++p->depth > VIGIL_QUERY_MAX_DEPTH)
        {
          fail (p, VIGIL_QUERY_ERROR_TOO_DEEP, op->pos,
                _("the query nests too deeply (at most %d levels)"), VIGIL_QUERY_MAX_DEPTH);
          return NULL;
        }
      child = parse_unary (p, op);
      p->depth--;
      if (!child)
        return NULL;
      node = node_new (QNODE_NOT, op->pos);
      node_add_child (node, child);
      return node;
    }
  return parse_near (p, after);
}

static QNode *
parse_and (Parser    *p,
           const Lex *after)
{
  QNode *first = parse_unary (p, after);
  QNode *and = NULL;

  if (!first)
    return NULL;
  for (;;)
    {
      const Lex *op = NULL;
      QNode *operand;

      if (peek (p)->kind == LEX_AND)
        op = next (p);
      else if (!starts_unary (peek (p)))
        break;
      operand = parse_unary (p, op);
      if (!operand)
        break;
      if (!and)
        {
          and = node_new (QNODE_AND, first->pos);
          node_add_child (and, first);
        }
      node_add_child (and, operand);
    }
  if (p->error)
    {
      _vigil_qnode_free (and ? and : first);
      return NULL;
    }
  return and ? and : first;
}

static QNode *
parse_or (Parser *p)
{
  QNode *first = parse_and (p, NULL);
  QNode *or = NULL;

  if (!first)
    return NULL;
  while (peek (p)->kind == LEX_OR)
    {
      const Lex *op = next (p);
      QNode *operand = parse_and (p, op);

      if (!operand)
        break;
      if (!or)
        {
          or = node_new (QNODE_OR, first->pos);
          node_add_child (or, first);
        }
      node_add_child (or, operand);
    }
  if (p->error)
    {
      _vigil_qnode_free (or ? or : first);
      return NULL;
    }
  return or ? or : first;
}

static gboolean
node_uses_text (const QNode *node)
{
  if (node->kind == QNODE_TERMS || node->kind == QNODE_NEAR)
    return TRUE;
  for (guint i = 0; i < node->n_children; i++)
    if (node_uses_text (node->children[i]))
      return TRUE;
  return FALSE;
}

VigilQuery *
vigil_query_new_full (const char       *text,
                      VigilQueryFlags   flags,
                      guint            *error_position,
                      GError          **error)
{
  g_autoptr(GArray) lexes = NULL;
  Parser p = { 0, };
  const char *bad;
  QNode *root;
  VigilQuery *self;

  g_return_val_if_fail (text, NULL);
  g_return_val_if_fail (!error || !*error, NULL);

  if (error_position)
    *error_position = 0;
  if (!g_utf8_validate (text, -1, &bad))
    {
      guint pos = (guint) g_utf8_strlen (text, bad - text) + 1;
      if (error_position)
        *error_position = pos;
      g_set_error (error, VIGIL_QUERY_ERROR, VIGIL_QUERY_ERROR_SYNTAX,
                   _("%u: %s"), pos, _("the query is not valid UTF-8"));
      return NULL;
    }
  if (strlen (text) > VIGIL_QUERY_MAX_BYTES)
    {
      if (error_position)
        *error_position = VIGIL_QUERY_MAX_BYTES;
      g_set_error (error, VIGIL_QUERY_ERROR, VIGIL_QUERY_ERROR_TOO_LONG,
                   _("%u: the query is too long (at most %d bytes)"),
                   (guint) g_utf8_strlen (text, VIGIL_QUERY_MAX_BYTES), VIGIL_QUERY_MAX_BYTES);
      return NULL;
    }

  lexes = g_array_new (FALSE, TRUE, sizeof (Lex));
  g_array_set_clear_func (lexes, lex_clear);
  p.lexes = lexes;
  p.flags = flags;
  lex_all (&p, text);
  root = p.error ? NULL : parse_or (&p);
  if (root && !p.error && peek (&p)->kind != LEX_END)
    {
      const Lex *lex = peek (&p);

      if (lex->kind == LEX_RPAREN)
        fail (&p, VIGIL_QUERY_ERROR_SYNTAX, lex->pos, _("unexpected ')' with no '(' to close"));
      else
        fail (&p, VIGIL_QUERY_ERROR_SYNTAX, lex->pos, _("unexpected %s"), lex_describe (lex));
    }
  if (p.error)
    {
      _vigil_qnode_free (root);
      if (error_position)
        *error_position = p.error_pos;
      g_propagate_error (error, p.error);
      return NULL;
    }

  self = g_new0 (VigilQuery, 1);
  g_atomic_ref_count_init (&self->ref_count);
  self->text = g_strdup (text);
  self->flags = flags;
  self->root = root;
  self->uses_text = node_uses_text (root);
  return self;
}

VigilQuery *
vigil_query_new (const char       *text,
                 VigilQueryFlags   flags,
                 GError          **error)
{
  return vigil_query_new_full (text, flags, NULL, error);
}

VigilQuery *
vigil_query_ref (VigilQuery *self)
{
  g_return_val_if_fail (self, NULL);
  g_atomic_ref_count_inc (&self->ref_count);
  return self;
}

void
vigil_query_unref (VigilQuery *self)
{
  g_return_if_fail (self);
  if (g_atomic_ref_count_dec (&self->ref_count))
    {
      _vigil_qnode_free (self->root);
      g_free (self->text);
      g_free (self);
    }
}

const char *
vigil_query_get_text (VigilQuery *self)
{
  g_return_val_if_fail (self, NULL);
  return self->text;
}

VigilQueryFlags
vigil_query_get_flags (VigilQuery *self)
{
  g_return_val_if_fail (self, 0);
  return self->flags;
}

gboolean
vigil_query_uses_text (VigilQuery *self)
{
  g_return_val_if_fail (self, FALSE);
  return self->uses_text;
}

gboolean
vigil_query_match_doc (VigilQuery    *self,
                       VigilQueryDoc *doc)
{
  g_return_val_if_fail (self, FALSE);
  g_return_val_if_fail (doc, FALSE);
  return _vigil_qnode_match (self->root, doc, self->flags);
}

gboolean
vigil_query_match (VigilQuery           *self,
                   const VigilQueryPost *post)
{
  g_autoptr(VigilQueryDoc) doc = NULL;

  g_return_val_if_fail (self, FALSE);
  g_return_val_if_fail (post, FALSE);
  doc = vigil_query_doc_new (post);
  return vigil_query_match_doc (self, doc);
}

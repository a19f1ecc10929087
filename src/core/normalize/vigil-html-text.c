/* vigil-html-text.c: remote HTML to plain text
 *
 * A small single-pass tokenizer, not a DOM: it runs for every Mastodon
 * post and every feed entry, and never fetches or renders anything.
 *
 * Layout rules (they follow Mastodon's own plain-text rendering):
 *   - </p> (and <p> after text) starts a new paragraph: a blank line;
 *   - <br> is a line break;
 *   - other block elements (div, li, h1…h6, blockquote, tr, …) break lines;
 *   - table cells are separated by a space;
 *   - inline elements (a, span, em, …) vanish and keep their text, so a
 *     mention or hashtag link reads "@user" / "#tag" and Mastodon's
 *     shortened links (invisible spans) read as the full URL;
 *   - script, style, template and noscript lose their contents;
 *   - comments, doctypes and processing instructions are dropped;
 *   - entities are decoded (named ones only with their ';'), invalid code
 *     points become U+FFFD, control characters are dropped;
 *   - runs of white space (and no-break spaces) collapse to one space,
 *     newlines collapse to at most one blank line, the ends are trimmed;
 *   - the result is valid UTF-8.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "vigil-html-text"

#include "config.h"

#include <string.h>

#include "vigil-normalize.h"

typedef enum
{
  TAG_INLINE = 0,
  TAG_BREAK,       /* br */
  TAG_PARAGRAPH,   /* p */
  TAG_BLOCK,
  TAG_CELL,        /* td, th */
  TAG_SKIP,        /* contents dropped */
} TagKind;

typedef struct
{
  const char *name;
  TagKind     kind;
} TagInfo;

/* sorted by name, for bsearch */
static const TagInfo tags[] = {
  { "address", TAG_BLOCK },
  { "article", TAG_BLOCK },
  { "aside", TAG_BLOCK },
  { "blockquote", TAG_BLOCK },
  { "br", TAG_BREAK },
  { "caption", TAG_BLOCK },
  { "dd", TAG_BLOCK },
  { "details", TAG_BLOCK },
  { "div", TAG_BLOCK },
  { "dl", TAG_BLOCK },
  { "dt", TAG_BLOCK },
  { "fieldset", TAG_BLOCK },
  { "figcaption", TAG_BLOCK },
  { "figure", TAG_BLOCK },
  { "footer", TAG_BLOCK },
  { "form", TAG_BLOCK },
  { "h1", TAG_BLOCK },
  { "h2", TAG_BLOCK },
  { "h3", TAG_BLOCK },
  { "h4", TAG_BLOCK },
  { "h5", TAG_BLOCK },
  { "h6", TAG_BLOCK },
  { "header", TAG_BLOCK },
  { "hr", TAG_BLOCK },
  { "li", TAG_BLOCK },
  { "main", TAG_BLOCK },
  { "nav", TAG_BLOCK },
  { "noscript", TAG_SKIP },
  { "ol", TAG_BLOCK },
  { "p", TAG_PARAGRAPH },
  { "pre", TAG_BLOCK },
  { "script", TAG_SKIP },
  { "section", TAG_BLOCK },
  { "style", TAG_SKIP },
  { "summary", TAG_BLOCK },
  { "table", TAG_BLOCK },
  { "td", TAG_CELL },
  { "template", TAG_SKIP },
  { "th", TAG_CELL },
  { "tr", TAG_BLOCK },
  { "ul", TAG_BLOCK },
};

typedef struct
{
  const char *name;
  gunichar    ch;
} EntityInfo;

/* sorted by name (strcmp order), for bsearch */
static const EntityInfo entities[] = {
  { "AElig", 0xC6 }, { "Aacute", 0xC1 }, { "Agrave", 0xC0 }, { "Alpha", 0x391 },
  { "Aring", 0xC5 }, { "Auml", 0xC4 }, { "Beta", 0x392 }, { "Ccedil", 0xC7 },
  { "Delta", 0x394 }, { "Eacute", 0xC9 }, { "Egrave", 0xC8 }, { "Euml", 0xCB },
  { "Gamma", 0x393 }, { "Iacute", 0xCD }, { "Ntilde", 0xD1 }, { "Oacute", 0xD3 },
  { "Omega", 0x3A9 }, { "Ouml", 0xD6 }, { "Pi", 0x3A0 }, { "Sigma", 0x3A3 },
  { "Uacute", 0xDA }, { "Uuml", 0xDC }, { "aacute", 0xE1 }, { "acirc", 0xE2 },
  { "aelig", 0xE6 }, { "agrave", 0xE0 }, { "alpha", 0x3B1 }, { "amp", '&' },
  { "apos", '\'' }, { "aring", 0xE5 }, { "atilde", 0xE3 }, { "auml", 0xE4 },
  { "bdquo", 0x201E }, { "beta", 0x3B2 }, { "brvbar", 0xA6 }, { "bull", 0x2022 },
  { "ccedil", 0xE7 }, { "cent", 0xA2 }, { "copy", 0xA9 }, { "curren", 0xA4 },
  { "dagger", 0x2020 }, { "darr", 0x2193 }, { "deg", 0xB0 }, { "delta", 0x3B4 },
  { "divide", 0xF7 }, { "eacute", 0xE9 }, { "ecirc", 0xEA }, { "egrave", 0xE8 },
  { "emsp", 0x2003 }, { "ensp", 0x2002 }, { "epsilon", 0x3B5 }, { "euml", 0xEB },
  { "euro", 0x20AC }, { "frac12", 0xBD }, { "frac14", 0xBC }, { "frac34", 0xBE },
  { "gamma", 0x3B3 }, { "ge", 0x2265 }, { "gt", '>' }, { "harr", 0x2194 },
  { "hellip", 0x2026 }, { "iacute", 0xED }, { "icirc", 0xEE }, { "iexcl", 0xA1 },
  { "igrave", 0xEC }, { "infin", 0x221E }, { "iquest", 0xBF }, { "iuml", 0xEF },
  { "lambda", 0x3BB }, { "laquo", 0xAB }, { "larr", 0x2190 }, { "ldquo", 0x201C },
  { "le", 0x2264 }, { "lrm", 0x200E }, { "lsaquo", 0x2039 }, { "lsquo", 0x2018 },
  { "lt", '<' }, { "mdash", 0x2014 }, { "micro", 0xB5 }, { "middot", 0xB7 },
  { "minus", 0x2212 }, { "mu", 0x3BC }, { "nbsp", 0xA0 }, { "ndash", 0x2013 },
  { "ne", 0x2260 }, { "not", 0xAC }, { "ntilde", 0xF1 }, { "oacute", 0xF3 },
  { "ocirc", 0xF4 }, { "ograve", 0xF2 }, { "omega", 0x3C9 }, { "ordf", 0xAA },
  { "ordm", 0xBA }, { "oslash", 0xF8 }, { "otilde", 0xF5 }, { "ouml", 0xF6 },
  { "para", 0xB6 }, { "permil", 0x2030 }, { "pi", 0x3C0 }, { "plusmn", 0xB1 },
  { "pound", 0xA3 }, { "prime", 0x2032 }, { "quot", '"' }, { "raquo", 0xBB },
  { "rarr", 0x2192 }, { "rdquo", 0x201D }, { "reg", 0xAE }, { "rlm", 0x200F },
  { "rsaquo", 0x203A }, { "rsquo", 0x2019 }, { "sbquo", 0x201A }, { "sect", 0xA7 },
  { "shy", 0xAD }, { "sigma", 0x3C3 }, { "sup1", 0xB9 }, { "sup2", 0xB2 },
  { "sup3", 0xB3 }, { "szlig", 0xDF }, { "theta", 0x3B8 }, { "thinsp", 0x2009 },
  { "times", 0xD7 }, { "trade", 0x2122 }, { "uacute", 0xFA }, { "uarr", 0x2191 },
  { "ucirc", 0xFB }, { "ugrave", 0xF9 }, { "uuml", 0xFC }, { "yen", 0xA5 },
  { "yuml", 0xFF }, { "zwj", 0x200D }, { "zwnj", 0x200C },
};

typedef struct
{
  GString *out;
  guint    pending_newlines;  /* 0, 1 (line break) or 2 (paragraph) */
  gboolean pending_space;
} Writer;

static int
compare_tag (const void *key,
             const void *member)
{
  return strcmp (key, ((const TagInfo *) member)->name);
}

static int
compare_entity (const void *key,
                const void *member)
{
  return strcmp (key, ((const EntityInfo *) member)->name);
}

static inline void
writer_flush (Writer *w)
{
  if (w->out->len > 0)
    {
      if (w->pending_newlines > 0)
        {
          g_string_append_c (w->out, '\n');
          if (w->pending_newlines > 1)
            g_string_append_c (w->out, '\n');
        }
      else if (w->pending_space)
        g_string_append_c (w->out, ' ');
    }
  w->pending_newlines = 0;
  w->pending_space = FALSE;
}

static inline void
writer_break (Writer *w,
              guint   newlines)
{
  if (w->out->len == 0)
    return;
  /* <br><br> is a blank line; more than that collapses */
  if (newlines == 1 && w->pending_newlines == 1)
    w->pending_newlines = 2;
  else
    w->pending_newlines = MAX (w->pending_newlines, newlines);
}

static inline void
writer_unichar (Writer   *w,
                gunichar  ch)
{
  if (ch == 0xA0 || ch == 0x2002 || ch == 0x2003 || ch == 0x2009)
    {
      w->pending_space = TRUE;
      return;
    }
  if (ch == 0xAD)  /* soft hyphen: invisible */
    return;
  writer_flush (w);
  g_string_append_unichar (w->out, ch);
}

/* Decodes the entity at html[*i] == '&'. Returns FALSE when it isn't one
 * (the '&' is then plain text). */
static gboolean
decode_entity (const char *html,
               gsize       length,
               gsize      *i,
               gunichar   *ch)
{
  gsize j = *i + 1;

  if (j < length && html[j] == '#')
    {
      guint64 value = 0;
      gboolean hex = FALSE;
      gsize digits = 0;

      j++;
      if (j < length && (html[j] == 'x' || html[j] == 'X'))
        {
          hex = TRUE;
          j++;
        }
      for (; j < length; j++, digits++)
        {
          int d = hex ? g_ascii_xdigit_value (html[j]) : g_ascii_digit_value (html[j]);

          if (d < 0)
            break;
          if (value <= 0x10FFFF)
            value = value * (hex ? 16 : 10) + d;
        }
      if (digits == 0)
        return FALSE;
      if (j < length && html[j] == ';')
        j++;
      if (value == 0 || value > 0x10FFFF || (value >= 0xD800 && value <= 0xDFFF)
          || (value < 0x20 && value != '\t' && value != '\n' && value != '\r')
          || (value >= 0x7F && value <= 0x9F))
        *ch = 0xFFFD;
      else
        *ch = (gunichar) value;
      *i = j;
      return TRUE;
    }
  else
    {
      char name[12];
      gsize n = 0;
      const EntityInfo *info;

      while (j < length && g_ascii_isalnum (html[j]) && n < sizeof name - 1)
        name[n++] = html[j++];
      if (n == 0 || j >= length || html[j] != ';')
        return FALSE;
      name[n] = '\0';
      info = bsearch (name, entities, G_N_ELEMENTS (entities), sizeof entities[0], compare_entity);
      if (info == NULL)
        return FALSE;
      *ch = info->ch;
      *i = j + 1;
      return TRUE;
    }
}

/* Case-insensitive search for "</name" from i; returns its offset or length. */
static gsize
find_end_tag (const char *html,
              gsize       length,
              gsize       i,
              const char *name)
{
  gsize n = strlen (name);

  for (; i + 2 + n <= length; i++)
    {
      const char *p = memchr (html + i, '<', length - i);

      if (p == NULL)
        break;
      i = p - html;
      if (i + 2 + n <= length && html[i + 1] == '/'
          && g_ascii_strncasecmp (html + i + 2, name, n) == 0
          && (i + 2 + n == length || !g_ascii_isalnum (html[i + 2 + n])))
        return i;
    }
  return length;
}

/* Skips to just after the '>' closing a tag, honouring quoted values. */
static gsize
skip_tag (const char *html,
          gsize       length,
          gsize       i)
{
  char quote = 0;

  for (; i < length; i++)
    {
      char c = html[i];

      if (quote)
        {
          if (c == quote)
            quote = 0;
        }
      else if (c == '"' || c == '\'')
        quote = c;
      else if (c == '>')
        return i + 1;
    }
  return length;
}

char *
vigil_html_to_text (const char *html,
                    gssize      length)
{
  Writer w = { 0 };
  gsize len;
  gsize i = 0;

  if (html == NULL)
    return g_strdup ("");
  len = length < 0 ? strlen (html) : (gsize) length;
  w.out = g_string_sized_new (len + 1);

  while (i < len)
    {
      guchar c = html[i];

      if (c == '<' && i + 1 < len)
        {
          gsize j = i + 1;
          gboolean closing = FALSE;
          char name[12];
          gsize n = 0;
          const TagInfo *info;

          if (html[j] == '!')
            {
              if (i + 3 < len && html[j + 1] == '-' && html[j + 2] == '-')
                {
                  const char *end = g_strstr_len (html + i + 4, len - i - 4, "-->");

                  i = end ? (gsize) (end - html) + 3 : len;
                }
              else
                i = skip_tag (html, len, j);
              continue;
            }
          if (html[j] == '?')
            {
              i = skip_tag (html, len, j);
              continue;
            }
          if (html[j] == '/')
            {
              closing = TRUE;
              j++;
            }
          if (j >= len || !g_ascii_isalpha (html[j]))
            {
              /* "a < b": not a tag */
              writer_flush (&w);
              g_string_append_c (w.out, '<');
              i++;
              continue;
            }
          while (j < len && (g_ascii_isalnum (html[j]) || html[j] == '-' || html[j] == ':'))
            {
              if (n < sizeof name - 1)
                name[n++] = g_ascii_tolower (html[j]);
              else
                n = sizeof name;  /* too long for any tag we know */
              j++;
            }
          i = skip_tag (html, len, j);
          if (n >= sizeof name)
            continue;
          name[n] = '\0';
          info = bsearch (name, tags, G_N_ELEMENTS (tags), sizeof tags[0], compare_tag);
          if (info == NULL)
            continue;

          switch (info->kind)
            {
            case TAG_BREAK:
              writer_break (&w, 1);
              break;
            case TAG_PARAGRAPH:
              writer_break (&w, 2);
              break;
            case TAG_BLOCK:
              if (w.pending_newlines == 0)
                writer_break (&w, 1);
              break;
            case TAG_CELL:
              w.pending_space = TRUE;
              break;
            case TAG_SKIP:
              if (!closing && !(i >= 2 && html[i - 1] == '>' && html[i - 2] == '/'))
                {
                  gsize end = find_end_tag (html, len, i, name);

                  i = skip_tag (html, len, end);
                }
              break;
            case TAG_INLINE:
            default:
              break;
            }
          continue;
        }

      if (c == '&')
        {
          gunichar ch;

          if (decode_entity (html, len, &i, &ch))
            {
              if (ch == ' ' || ch == '\t' || ch == '\n' || ch == '\r')
                w.pending_space = TRUE;
              else
                writer_unichar (&w, ch);
              continue;
            }
        }

      if (c == ' ' || c == '\n' || c == '\t' || c == '\r' || c == '\f')
        {
          w.pending_space = TRUE;
          i++;
          continue;
        }
      if (c < 0x20 || c == 0x7F)
        {
          i++;
          continue;
        }
      if (c == 0xC2 && i + 1 < len && (guchar) html[i + 1] == 0xA0)
        {
          /* a literal no-break space collapses like a space */
          w.pending_space = TRUE;
          i += 2;
          continue;
        }

      /* plain text: copy the run up to the next special byte */
      {
        gsize start = i;

        writer_flush (&w);
        while (i < len)
          {
            guchar d = html[i];

            if (d == '<' || d == '&' || d <= 0x20 || d == 0x7F || d == 0xC2)
              break;
            i++;
          }
        if (i == start)
          i++;  /* a lone 0xC2 lead byte */
        g_string_append_len (w.out, html + start, i - start);
      }
    }

  if (!g_utf8_validate_len (w.out->str, w.out->len, NULL))
    {
      char *valid = g_utf8_make_valid (w.out->str, w.out->len);

      g_string_free (w.out, TRUE);
      return valid;
    }
  return g_string_free (w.out, FALSE);
}

/* vigil-text-fold.c: case/accent folding and the tokenizer shared by queries
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "vigil-text-fold"

#include "config.h"

#include <string.h>

#include "vigil-text-fold.h"

void
vigil_token_list_init (VigilTokenList *list)
{
  list->buf = g_string_sized_new (256);
  list->tokens = g_array_sized_new (FALSE, FALSE, sizeof (VigilToken), 32);
}

void
vigil_token_list_clear (VigilTokenList *list)
{
  if (list->buf)
    g_string_free (list->buf, TRUE);
  if (list->tokens)
    g_array_unref (list->tokens);
  list->buf = NULL;
  list->tokens = NULL;
}

gboolean
vigil_unichar_is_emoji (gunichar c)
{
  return (c >= 0x1F000 && c <= 0x1FAFF && !(c >= 0x1F3FB && c <= 0x1F3FF))
         || (c >= 0x2600 && c <= 0x27BF)
         || (c >= 0x2300 && c <= 0x23FF)
         || (c >= 0x2B00 && c <= 0x2BFF)
         || c == 0x203C || c == 0x2049 || c == 0x3030 || c == 0x303D
         || c == 0x3297 || c == 0x3299;
}

static inline gboolean
is_regional_indicator (gunichar c)
{
  return c >= 0x1F1E6 && c <= 0x1F1FF;
}

static inline gboolean
is_ignorable (gunichar c)
{
  /* variation selectors, ZWJ, ZWNJ, skin tone modifiers, tags */
  return c == 0xFE0F || c == 0xFE0E || c == 0x200D || c == 0x200C
         || (c >= 0x1F3FB && c <= 0x1F3FF) || (c >= 0xE0020 && c <= 0xE007F);
}

static inline gboolean
is_word_char (gunichar c)
{
  if (c < 0x80)
    return g_ascii_isalnum (c) || c == '_';
  return g_unichar_isalnum (c) || g_unichar_ismark (c);
}

static inline gboolean
is_single_char_script (gunichar c)
{
  GUnicodeScript script;

  if (c < 0x2E80)
    return FALSE;
  script = g_unichar_get_script (c);
  return script == G_UNICODE_SCRIPT_HAN
         || script == G_UNICODE_SCRIPT_HIRAGANA
         || script == G_UNICODE_SCRIPT_KATAKANA;
}

static void
fold_slow_append (GString    *out,
                  const char *text,
                  gssize      len)
{
  g_autofree char *nfkd = g_utf8_normalize (text, len, G_NORMALIZE_NFKD);
  g_autoptr(GString) stripped = NULL;
  g_autofree char *folded = NULL;

  if (!nfkd)
    return;
  stripped = g_string_sized_new (strlen (nfkd));
  for (const char *p = nfkd; *p; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      if (g_unichar_ismark (c) || is_ignorable (c))
        continue;
      if (c == 0x2019 || c == 0x2018 || c == 0x02BC)
        c = '\'';
      g_string_append_unichar (stripped, c);
    }
  folded = g_utf8_casefold (stripped->str, stripped->len);
  g_string_append (out, folded);
}

void
vigil_text_fold_append (GString    *out,
                        const char *text,
                        gssize      len)
{
  gsize n = len < 0 ? strlen (text) : (gsize) len;
  gboolean ascii = TRUE;

  for (gsize i = 0; i < n; i++)
    if ((guchar) text[i] >= 0x80)
      {
        ascii = FALSE;
        break;
      }

  if (ascii)
    {
      gsize start = out->len;

      g_string_append_len (out, text, n);
      for (gsize i = start; i < out->len; i++)
        {
          char c = out->str[i];
          if (c >= 'A' && c <= 'Z')
            out->str[i] = c + ('a' - 'A');
        }
      return;
    }

  if (!g_utf8_validate (text, n, NULL))
    {
      g_autofree char *valid = g_utf8_make_valid (text, n);
      fold_slow_append (out, valid, -1);
      return;
    }
  fold_slow_append (out, text, n);
}

char *
vigil_text_fold (const char *text,
                 gssize      len)
{
  GString *out = g_string_new (NULL);

  g_return_val_if_fail (text, NULL);
  vigil_text_fold_append (out, text, len);
  return g_string_free (out, FALSE);
}

/* The folding of ASCII text is its lower case: appends it and returns
 * TRUE, or FALSE (appending nothing) when text is not all ASCII. */
static inline gboolean
append_ascii_folded (GString    *out,
                     const char *text,
                     gsize       n)
{
  gsize old = out->len;

  for (gsize i = 0; i < n; i++)
    if ((guchar) text[i] >= 0x80)
      return FALSE;
  g_string_set_size (out, old + n);
  for (gsize i = 0; i < n; i++)
    {
      char c = text[i];

      out->str[old + i] = c >= 'A' && c <= 'Z' ? c + ('a' - 'A') : c;
    }
  return TRUE;
}

static void
push_token (VigilTokenList *list,
            const char     *start,
            gsize           len,
            VigilTokenKind  kind,
            char            prefix)
{
  VigilToken tok;
  gsize max = VIGIL_TOKEN_MAX_BYTES;

  tok.offset = list->buf->len;
  tok.kind = kind;
  if (prefix)
    g_string_append_c (list->buf, prefix);
  if (len > max)
    {
      /* cut on a character boundary */
      const char *end = g_utf8_find_prev_char (start, start + max + 1);
      len = end ? (gsize) (end - start) : max;
    }
  if (kind == VIGIL_TOKEN_EMOJI)
    g_string_append_len (list->buf, start, len);
  else if (!append_ascii_folded (list->buf, start, len))
    vigil_text_fold_append (list->buf, start, len);
  tok.len = list->buf->len - tok.offset;
  if (tok.len == 0 || (prefix && tok.len == 1))
    {
      g_string_truncate (list->buf, tok.offset);
      return;
    }
  g_string_append_c (list->buf, '\0');
  g_array_append_val (list->tokens, tok);
}

static inline gunichar
get_char (const char *p,
          const char *end,
          const char **next)
{
  guchar b = (guchar) *p;
  gunichar c;

  if (b < 0x80)
    {
      *next = p + 1;
      return b;
    }
  c = g_utf8_get_char_validated (p, end - p);
  if (c == (gunichar) -1 || c == (gunichar) -2)
    {
      *next = p + 1;
      return 0xFFFD;
    }
  *next = g_utf8_next_char (p);
  return c;
}

/* Scans a word from p; returns its end. Inner apostrophes (' and ’) are kept
 * when a word character follows. */
static inline gboolean
is_ascii_word_byte (guchar b)
{
  return b < 0x80 && (g_ascii_isalnum (b) || b == '_');
}

static const char *
scan_word (const char *p,
           const char *end,
           gboolean    allow_dots)
{
  while (p < end)
    {
      const char *next;
      gunichar c;

      /* the common case: a run of ASCII letters and digits */
      if (is_ascii_word_byte ((guchar) *p))
        {
          p++;
          continue;
        }
      c = get_char (p, end, &next);

      if (is_word_char (c) && !is_single_char_script (c))
        p = next;
      else if ((c == '\'' || c == 0x2019 || (allow_dots && (c == '.' || c == '@'))) && next < end)
        {
          const char *after;
          gunichar d = get_char (next, end, &after);

          if (!is_word_char (d) || is_single_char_script (d))
            break;
          p = after;
        }
      else
        break;
    }
  return p;
}

void
vigil_tokenize (const char     *text,
                gssize          len,
                VigilTokenList *list)
{
  const char *p;
  const char *end;

  g_return_if_fail (text);
  g_return_if_fail (list && list->buf && list->tokens);

  end = text + (len < 0 ? strlen (text) : (gsize) len);
  p = text;
  while (p < end)
    {
      const char *next;
      gunichar c;

      /* ASCII: a word, or a separator unless it starts a hashtag or mention */
      if ((guchar) *p < 0x80 && *p != '#' && *p != '@')
        {
          if (is_ascii_word_byte ((guchar) *p))
            {
              const char *w_end = scan_word (p, end, FALSE);
              push_token (list, p, w_end - p, VIGIL_TOKEN_WORD, 0);
              p = w_end;
            }
          else
            p++;
          continue;
        }
      c = get_char (p, end, &next);

      if (is_single_char_script (c))
        {
          push_token (list, p, next - p, VIGIL_TOKEN_WORD, 0);
          p = next;
        }
      else if (is_word_char (c) && !g_unichar_ismark (c))
        {
          const char *w_end = scan_word (p, end, FALSE);
          push_token (list, p, w_end - p, VIGIL_TOKEN_WORD, 0);
          p = w_end;
        }
      else if ((c == '#' || c == '@' || c == 0xFF03) && next < end)
        {
          const char *after;
          gunichar d = get_char (next, end, &after);

          if (is_word_char (d) && !g_unichar_ismark (d))
            {
              gboolean hashtag = c != '@';
              const char *w_end = scan_word (next, end, !hashtag);

              /* a trailing '.' of a sentence is not part of a mention */
              push_token (list, next, w_end - next,
                          hashtag ? VIGIL_TOKEN_HASHTAG : VIGIL_TOKEN_MENTION,
                          hashtag ? '#' : '@');
              p = w_end;
            }
          else
            p = next;
        }
      else if (is_regional_indicator (c))
        {
          const char *after = next;

          if (next < end)
            {
              gunichar d = get_char (next, end, &after);
              if (!is_regional_indicator (d))
                after = next;
            }
          push_token (list, p, after - p, VIGIL_TOKEN_EMOJI, 0);
          p = after;
        }
      else if (vigil_unichar_is_emoji (c))
        {
          push_token (list, p, next - p, VIGIL_TOKEN_EMOJI, 0);
          p = next;
        }
      else
        p = next;
    }
}

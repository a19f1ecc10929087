/* vigil-risk-text.c: folding and tokenizing shared by the risk units
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "vigil-risk-text"

#include "config.h"

#include <string.h>

#include "vigil-risk-text.h"

/* Symbols kept inside tokens in VIGIL_RISK_TOKENIZE_SYMBOLS mode, and the
 * subset of them trimmed from a token's ends (punctuation there, not
 * disguise: "shit!" is "shit", but "f***" and "a$$" keep theirs). */
#define DISGUISE_SYMBOLS "*$@!|#%+"
#define TRIM_SYMBOLS     "!|#%+@"

/* The same sets as tables, for the per-character paths */
#define CLASS_DISGUISE 1
#define CLASS_TRIM     2
static const guint8 ascii_class[128] = {
  ['*'] = CLASS_DISGUISE, ['$'] = CLASS_DISGUISE,
  ['@'] = CLASS_DISGUISE | CLASS_TRIM, ['!'] = CLASS_DISGUISE | CLASS_TRIM,
  ['|'] = CLASS_DISGUISE | CLASS_TRIM, ['#'] = CLASS_DISGUISE | CLASS_TRIM,
  ['%'] = CLASS_DISGUISE | CLASS_TRIM, ['+'] = CLASS_DISGUISE | CLASS_TRIM,
};

static inline gboolean
is_trim_symbol (char c)
{
  return (guchar) c < 0x80 && (ascii_class[(guchar) c] & CLASS_TRIM);
}

static inline gboolean
is_disguise_symbol (char c)
{
  return (guchar) c < 0x80 && (ascii_class[(guchar) c] & CLASS_DISGUISE);
}

/* an ASCII letter or digit, or (with VIGIL_RISK_TOKENIZE_SYMBOLS) a
 * disguise symbol: is_word_char() for ASCII */
static inline gboolean
is_ascii_word (char                   c,
               VigilRiskTokenizeFlags flags)
{
  return (guchar) c < 0x80
         && (g_ascii_isalnum (c)
             || ((flags & VIGIL_RISK_TOKENIZE_SYMBOLS) && (ascii_class[(guchar) c] & CLASS_DISGUISE)));
}

static inline char
ascii_lower (char c)
{
  return c >= 'A' && c <= 'Z' ? c + ('a' - 'A') : c;
}

void
_vigil_risk_tokens_init (VigilRiskTokens *tokens)
{
  tokens->buf = g_string_sized_new (256);
  tokens->tokens = g_array_sized_new (FALSE, FALSE, sizeof (VigilRiskToken), 64);
}

void
_vigil_risk_tokens_clear (VigilRiskTokens *tokens)
{
  if (tokens->buf)
    g_string_free (tokens->buf, TRUE);
  if (tokens->tokens)
    g_array_unref (tokens->tokens);
  tokens->buf = NULL;
  tokens->tokens = NULL;
}

/* buffers that grew past this on a long post are not kept */
#define MAX_KEPT_BYTES (64 * 1024)

static void
tokens_free (gpointer data)
{
  VigilRiskTokens *tokens = data;

  _vigil_risk_tokens_clear (tokens);
  g_free (tokens);
}

static GPrivate kept_tokens = G_PRIVATE_INIT (tokens_free);

VigilRiskTokens *
_vigil_risk_tokens_take (void)
{
  VigilRiskTokens *tokens = g_private_get (&kept_tokens);

  if (tokens)
    {
      g_private_set (&kept_tokens, NULL);
      return tokens;
    }
  tokens = g_new0 (VigilRiskTokens, 1);
  _vigil_risk_tokens_init (tokens);
  return tokens;
}

void
_vigil_risk_tokens_release (VigilRiskTokens *tokens)
{
  if (!tokens)
    return;
  if (g_private_get (&kept_tokens) || tokens->buf->allocated_len > MAX_KEPT_BYTES)
    tokens_free (tokens);
  else
    g_private_set (&kept_tokens, tokens);
}

void
_vigil_risk_fold_unichar (gunichar  c,
                          GString  *out)
{
  gunichar decomp[G_UNICHAR_MAX_DECOMPOSITION_LENGTH];
  gsize n;

  if (c < 0x80)
    {
      g_string_append_c (out, ascii_lower ((char) c));
      return;
    }

  switch (c)
    {
    case 0x00DF: case 0x1E9E: g_string_append (out, "ss"); return;
    case 0x0152: case 0x0153: g_string_append (out, "oe"); return;
    case 0x00C6: case 0x00E6: g_string_append (out, "ae"); return;
    case 0x00D8: case 0x00F8: g_string_append_c (out, 'o'); return;
    case 0x0110: case 0x0111: g_string_append_c (out, 'd'); return;
    case 0x0141: case 0x0142: g_string_append_c (out, 'l'); return;
    case 0x0131: g_string_append_c (out, 'i'); return;
    default: break;
    }

  n = g_unichar_fully_decompose (c, TRUE, decomp, G_N_ELEMENTS (decomp));
  for (gsize i = 0; i < n; i++)
    {
      gunichar d = decomp[i];

      if (g_unichar_ismark (d))
        continue;
      d = g_unichar_tolower (d);
      if (d < 0x80)
        g_string_append_c (out, (char) d);
      else
        g_string_append_unichar (out, d);
    }
}

char *
_vigil_risk_fold (const char *text)
{
  GString *out;
  const char *p, *end;

  g_return_val_if_fail (text, NULL);

  end = text + strnlen (text, VIGIL_RISK_MAX_TEXT_BYTES);
  out = g_string_sized_new (end - text);
  for (p = text; p < end;)
    {
      gunichar c;

      if ((guchar) *p < 0x80)
        {
          g_string_append_c (out, ascii_lower (*p));
          p++;
          continue;
        }
      c = g_utf8_get_char_validated (p, end - p);
      if (c == (gunichar) -1 || c == (gunichar) -2)
        {
          p++;
          continue;
        }
      _vigil_risk_fold_unichar (c, out);
      p = g_utf8_next_char (p);
    }
  return g_string_free (out, FALSE);
}

static inline gboolean
is_word_char (gunichar               c,
              VigilRiskTokenizeFlags flags)
{
  if (c < 0x80)
    return g_ascii_isalnum ((char) c)
           || ((flags & VIGIL_RISK_TOKENIZE_SYMBOLS) && is_disguise_symbol ((char) c));
  return g_unichar_isalnum (c) || g_unichar_ismark (c);
}

/* Decodes one character at p; returns the next position, or NULL (with
 * *c = 0) for an invalid byte, which the caller skips. */
static inline const char *
next_char (const char *p,
           const char *end,
           gunichar   *c)
{
  gunichar u;

  if ((guchar) *p < 0x80)
    {
      *c = (guchar) *p;
      return p + 1;
    }
  u = g_utf8_get_char_validated (p, end - p);
  if (u == (gunichar) -1 || u == (gunichar) -2)
    {
      *c = 0;
      return NULL;
    }
  *c = u;
  return g_utf8_next_char (p);
}

/* Does p start with lower-case ASCII s (n bytes), ignoring case? */
static inline gboolean
starts_with_ci (const char *p,
                const char *s,
                gsize       n)
{
  for (gsize i = 0; i < n; i++)
    if (ascii_lower (p[i]) != s[i])
      return FALSE;
  return TRUE;
}

static inline gboolean
starts_url (const char *p,
            const char *end)
{
  gsize left = end - p;

  /* the cheap test first: most words starting with h or w are words */
  if (left > 4 && ascii_lower (p[0]) == 'w')
    return starts_with_ci (p, "www.", 4);
  return left > 7 && ascii_lower (p[1]) == 't'
         && (starts_with_ci (p, "http://", 7) || (left > 8 && starts_with_ci (p, "https://", 8)));
}

static const char *
skip_non_space (const char *p,
                const char *end)
{
  while (p < end && !g_ascii_isspace (*p))
    p++;
  return p;
}

/* Skips a handle: letters, digits, '_', '.', '-' and a second '@' (for
 * "@user@instance.social"). */
static const char *
skip_handle (const char *p,
             const char *end)
{
  while (p < end)
    {
      gunichar c;
      const char *next = next_char (p, end, &c);

      if (!next)
        break;
      if (!(c == '_' || c == '.' || c == '-' || c == '@'
            || (c < 0x80 ? g_ascii_isalnum ((char) c) : g_unichar_isalnum (c))))
        break;
      p = next;
    }
  return p;
}

static void
finish_token (VigilRiskTokens       *tokens,
              gsize                  start,
              guint16                tflags,
              VigilRiskTokenizeFlags flags)
{
  GString *buf = tokens->buf;
  VigilRiskToken tok;
  gsize s = start, e = buf->len;

  if (flags & VIGIL_RISK_TOKENIZE_SYMBOLS)
    {
      gboolean has_alnum = FALSE;

      while (s < e && is_trim_symbol (buf->str[s]))
        s++;
      while (e > s && is_trim_symbol (buf->str[e - 1]))
        e--;
      for (gsize i = s; i < e && !has_alnum; i++)
        has_alnum = !is_disguise_symbol (buf->str[i]);
      if (!has_alnum)
        e = s;
      if (s > start && e > s)
        memmove (buf->str + start, buf->str + s, e - s);
      e -= s - start;
      s = start;
    }

  if (e == s || tokens->tokens->len >= VIGIL_RISK_MAX_TOKENS)
    {
      g_string_truncate (buf, start);
      return;
    }

  g_string_truncate (buf, e);
  g_string_append_c (buf, '\0');
  tok.offset = (guint32) start;
  tok.len = (guint16) (e - start);
  tok.flags = tflags;
  g_array_append_val (tokens->tokens, tok);
}

void
_vigil_risk_tokenize (const char             *text,
                      VigilRiskTokenizeFlags  flags,
                      VigilRiskTokens        *tokens)
{
  const char *p, *end;
  gboolean in_token = FALSE;
  gsize start = 0;
  guint16 tflags = 0;

  g_string_truncate (tokens->buf, 0);
  g_array_set_size (tokens->tokens, 0);
  if (!text)
    return;

  end = text + strnlen (text, VIGIL_RISK_MAX_TEXT_BYTES);
  for (p = text; p < end;)
    {
      gunichar c;
      const char *next;

      /* inside a token, a run of ASCII word characters is copied in one
       * go: each folds to one byte, and the token's length is capped */
      if (in_token && is_ascii_word (*p, flags))
        {
          const char *q = p + 1;
          GString *buf = tokens->buf;
          gsize have = buf->len - start;
          gsize take;

          while (q < end && is_ascii_word (*q, flags))
            q++;
          take = have < VIGIL_RISK_MAX_TOKEN_BYTES ? MIN ((gsize) (q - p), VIGIL_RISK_MAX_TOKEN_BYTES - have) : 0;
          if (take)
            {
              gsize old = buf->len;

              g_string_set_size (buf, old + take);
              for (gsize i = 0; i < take; i++)
                buf->str[old + i] = ascii_lower (p[i]);
            }
          p = q;
          continue;
        }

      next = next_char (p, end, &c);
      if (!next)
        {
          if (in_token)
            finish_token (tokens, start, tflags, flags);
          in_token = FALSE;
          tflags = 0;
          p++;
          continue;
        }

      if (!in_token)
        {
          if (c == '@' && next < end && (g_ascii_isalnum (*next) || *next == '_' || (guchar) *next >= 0x80))
            {
              p = skip_handle (next, end);
              continue;
            }
          if ((c == 'h' || c == 'H' || c == 'w' || c == 'W') && starts_url (p, end))
            {
              p = skip_non_space (p, end);
              continue;
            }
          if (c == '#' && next < end && (g_ascii_isalnum (*next) || (guchar) *next >= 0x80))
            {
              tflags = VIGIL_RISK_TOKEN_HASHTAG;
              p = next;
              continue;
            }
        }

      if (is_word_char (c, flags))
        {
          if (!in_token)
            {
              if (tokens->tokens->len >= VIGIL_RISK_MAX_TOKENS)
                break;
              in_token = TRUE;
              start = tokens->buf->len;
            }
          if (c < 0x80)
            {
              /* ASCII folds to one byte */
              if (tokens->buf->len - start < VIGIL_RISK_MAX_TOKEN_BYTES)
                g_string_append_c (tokens->buf, ascii_lower ((char) c));
            }
          else if (tokens->buf->len - start < VIGIL_RISK_MAX_TOKEN_BYTES)
            {
              gsize before = tokens->buf->len;

              _vigil_risk_fold_unichar (c, tokens->buf);
              if (tokens->buf->len - start > VIGIL_RISK_MAX_TOKEN_BYTES)
                g_string_truncate (tokens->buf, before);
            }
        }
      else
        {
          if (in_token)
            finish_token (tokens, start, tflags, flags);
          in_token = FALSE;
          tflags = 0;
          /* "me@example.com": the address part is a handle too */
          if (c == '@' && next < end && (g_ascii_isalnum (*next) || *next == '_' || (guchar) *next >= 0x80))
            {
              p = skip_handle (next, end);
              continue;
            }
        }
      p = next;
    }
  if (in_token)
    finish_token (tokens, start, tflags, flags);
}

/* run_class() of ASCII bytes */
#define TEN(c) [c] = 'a', [c + 1] = 'a', [c + 2] = 'a', [c + 3] = 'a', [c + 4] = 'a', \
               [c + 5] = 'a', [c + 6] = 'a', [c + 7] = 'a', [c + 8] = 'a', [c + 9] = 'a'
#define SIX(c) [c] = 'a', [c + 1] = 'a', [c + 2] = 'a', [c + 3] = 'a', [c + 4] = 'a', [c + 5] = 'a'
static const char ascii_run_class[128] = {
  TEN ('0'),
  TEN ('A'), TEN ('A' + 10), SIX ('A' + 20),
  TEN ('a'), TEN ('a' + 10), SIX ('a' + 20),
  ['*'] = 's', ['$'] = 's', ['@'] = 's', ['!'] = 's', ['|'] = 's', ['#'] = 's', ['%'] = 's', ['+'] = 's',
};
#undef TEN
#undef SIX

/* What the SYMBOLS mode takes into a token at p: 0 (a separator, or an
 * invalid byte), 'a' (a letter, digit or mark: a word character in both
 * modes) or 's' (a disguise symbol); *next is the following character. */
static inline char
run_class (const char  *p,
           const char  *end,
           const char **next)
{
  gunichar c;

  if ((guchar) *p < 0x80)
    {
      *next = p + 1;
      return ascii_run_class[(guchar) *p];
    }
  c = g_utf8_get_char_validated (p, end - p);
  if (c == (gunichar) -1 || c == (gunichar) -2)
    {
      *next = p + 1;
      return 0;
    }
  *next = g_utf8_next_char (p);
  /* no such character folds into a disguise symbol (test-risk-text checks
   * every code point), so the SYMBOLS mode trims none of its folding */
  return g_unichar_isalnum (c) || g_unichar_ismark (c) ? 'a' : 0;
}

gboolean
_vigil_risk_tokenize_modes_agree (const char *text)
{
  const char *p, *end, *next;

  g_return_val_if_fail (text, FALSE);
  end = text + strnlen (text, VIGIL_RISK_MAX_TEXT_BYTES);
  /* Over each run of word characters and symbols (what the SYMBOLS mode
   * takes for a token before trimming), the modes agree when the symbols
   * are either the whole run (dropped by one mode, skipped by the other;
   * an '@' there only first), or a single '#' or '@' that starts a
   * hashtag or a handle (both modes take that path), and/or trailing
   * symbols that the SYMBOLS mode trims ('@' excepted: the DEFAULT mode
   * may start a handle there). */
  for (p = text; p < end;)
    {
      guint n_lead = 0, n_inner = 0;
      gboolean alnum = FALSE, trailing_ok = TRUE, at_inside = FALSE;
      char lead = 0;
      char cls;

      /* the common case first: ASCII spaces and punctuation */
      if ((guchar) *p < 0x80 && !ascii_run_class[(guchar) *p])
        {
          p++;
          continue;
        }
      cls = run_class (p, end, &next);
      if (!cls)
        {
          p = next;
          continue;
        }
      /* leading symbols, then word characters with symbols among them,
       * then trailing symbols */
      for (; p < end && (cls = run_class (p, end, &next)); p = next)
        {
          if (cls == 'a' && alnum && n_inner == 0)
            continue;   /* inside a word: the common case */
          if (cls == 'a')
            {
              if (!alnum)
                alnum = TRUE;
              else if (!trailing_ok || n_inner)
                return FALSE;   /* a symbol between word characters */
              trailing_ok = TRUE;
              n_inner = 0;
              continue;
            }
          if (!alnum)
            {
              if (n_lead == 0)
                lead = *p;
              else if (*p == '@')
                at_inside = TRUE;
              n_lead++;
            }
          else
            {
              n_inner++;
              if (!(ascii_class[(guchar) *p] & CLASS_TRIM) || *p == '@')
                trailing_ok = FALSE;
            }
        }
      if (!alnum)
        {
          if (at_inside)
            return FALSE;
          continue;
        }
      if (n_lead > 1 || (n_lead == 1 && lead != '#' && lead != '@') || !trailing_ok)
        return FALSE;
    }
  return TRUE;
}

guint64
_vigil_risk_hash64 (const void *data,
                    gsize       len,
                    guint64     seed)
{
  const guchar *b = data;
  guint64 h = 0xcbf29ce484222325ULL ^ seed;

  for (gsize i = 0; i < len; i++)
    {
      h ^= b[i];
      h *= 0x100000001b3ULL;
    }
  /* splitmix64 finaliser: spreads FNV's weak low bits over all 64 */
  h ^= h >> 30;
  h *= 0xbf58476d1ce4e5b9ULL;
  h ^= h >> 27;
  h *= 0x94d049bb133111ebULL;
  h ^= h >> 31;
  return h;
}

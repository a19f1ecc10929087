/* vigil-grapheme.c: extended grapheme clusters (UAX #29) and platform lengths
 *
 * GLib 2.74 has no grapheme iterator outside Pango, so the rules of UAX #29
 * (Unicode 15) are applied here over GLib's Unicode properties
 * (g_unichar_type, g_unichar_break_type) plus a small Extended_Pictographic
 * table, which GLib does not expose.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "vigil-grapheme"

#include "config.h"

#include <string.h>

#include <glib/gi18n.h>

#include "vigil-grapheme.h"

typedef enum
{
  GB_OTHER,
  GB_CR,
  GB_LF,
  GB_CONTROL,
  GB_EXTEND,
  GB_ZWJ,
  GB_RI,
  GB_PREPEND,
  GB_SPACING_MARK,
  GB_L,
  GB_V,
  GB_T,
  GB_LV,
  GB_LVT,
} GbProp;

typedef struct { gunichar lo, hi; } Range;

/* Extended_Pictographic from emoji-data.txt (Unicode 15), merged ranges. */
static const Range ext_pict[] = {
  { 0x00A9, 0x00A9 }, { 0x00AE, 0x00AE }, { 0x203C, 0x203C }, { 0x2049, 0x2049 },
  { 0x2122, 0x2122 }, { 0x2139, 0x2139 }, { 0x2194, 0x2199 }, { 0x21A9, 0x21AA },
  { 0x231A, 0x231B }, { 0x2328, 0x2328 }, { 0x2388, 0x2388 }, { 0x23CF, 0x23CF },
  { 0x23E9, 0x23F3 }, { 0x23F8, 0x23FA }, { 0x24C2, 0x24C2 }, { 0x25AA, 0x25AB },
  { 0x25B6, 0x25B6 }, { 0x25C0, 0x25C0 }, { 0x25FB, 0x25FE }, { 0x2600, 0x2605 },
  { 0x2607, 0x2612 }, { 0x2614, 0x2685 }, { 0x2690, 0x2705 }, { 0x2708, 0x2712 },
  { 0x2714, 0x2714 }, { 0x2716, 0x2716 }, { 0x271D, 0x271D }, { 0x2721, 0x2721 },
  { 0x2728, 0x2728 }, { 0x2733, 0x2734 }, { 0x2744, 0x2744 }, { 0x2747, 0x2747 },
  { 0x274C, 0x274C }, { 0x274E, 0x274E }, { 0x2753, 0x2755 }, { 0x2757, 0x2757 },
  { 0x2763, 0x2767 }, { 0x2795, 0x2797 }, { 0x27A1, 0x27A1 }, { 0x27B0, 0x27B0 },
  { 0x27BF, 0x27BF }, { 0x2934, 0x2935 }, { 0x2B05, 0x2B07 }, { 0x2B1B, 0x2B1C },
  { 0x2B50, 0x2B50 }, { 0x2B55, 0x2B55 }, { 0x3030, 0x3030 }, { 0x303D, 0x303D },
  { 0x3297, 0x3297 }, { 0x3299, 0x3299 }, { 0x1F000, 0x1F0FF }, { 0x1F10D, 0x1F10F },
  { 0x1F12F, 0x1F12F }, { 0x1F16C, 0x1F171 }, { 0x1F17E, 0x1F17F }, { 0x1F18E, 0x1F18E },
  { 0x1F191, 0x1F19A }, { 0x1F1AD, 0x1F1E5 }, { 0x1F201, 0x1F20F }, { 0x1F21A, 0x1F21A },
  { 0x1F22F, 0x1F22F }, { 0x1F232, 0x1F23A }, { 0x1F23C, 0x1F23F }, { 0x1F249, 0x1F3FA },
  { 0x1F400, 0x1F53D }, { 0x1F546, 0x1F64F }, { 0x1F680, 0x1F6FF }, { 0x1F774, 0x1F77F },
  { 0x1F7D5, 0x1F7FF }, { 0x1F80C, 0x1F80F }, { 0x1F848, 0x1F84F }, { 0x1F85A, 0x1F85F },
  { 0x1F888, 0x1F88F }, { 0x1F8AE, 0x1F8FF }, { 0x1F90C, 0x1F93A }, { 0x1F93C, 0x1F945 },
  { 0x1F947, 0x1FAFF }, { 0x1FC00, 0x1FFFD },
};

/* Prepend (Grapheme_Cluster_Break=Prepend), Unicode 15. */
static const Range prepend[] = {
  { 0x0600, 0x0605 }, { 0x06DD, 0x06DD }, { 0x070F, 0x070F }, { 0x0890, 0x0891 },
  { 0x08E2, 0x08E2 }, { 0x0D4E, 0x0D4E }, { 0x110BD, 0x110BD }, { 0x110CD, 0x110CD },
  { 0x111C2, 0x111C3 }, { 0x1193F, 0x1193F }, { 0x11941, 0x11941 }, { 0x11A3A, 0x11A3A },
  { 0x11A84, 0x11A89 }, { 0x11D46, 0x11D46 }, { 0x11F02, 0x11F02 },
};

static gboolean
in_ranges (const Range *ranges,
           gsize        n,
           gunichar     c)
{
  gsize lo = 0, hi = n;

  while (lo < hi)
    {
      gsize mid = (lo + hi) / 2;

      if (c < ranges[mid].lo)
        hi = mid;
      else if (c > ranges[mid].hi)
        lo = mid + 1;
      else
        return TRUE;
    }
  return FALSE;
}

gboolean
vigil_unichar_is_extended_pictographic (gunichar c)
{
  return in_ranges (ext_pict, G_N_ELEMENTS (ext_pict), c);
}

static GbProp
gb_prop (gunichar c)
{
  GUnicodeType type;

  if (c == '\r')
    return GB_CR;
  if (c == '\n')
    return GB_LF;
  if (c == 0x200D)
    return GB_ZWJ;
  /* ZWNJ, tags (flag subdivisions), emoji modifiers, half-width kana marks */
  if (c == 0x200C || (c >= 0xE0020 && c <= 0xE007F) || (c >= 0x1F3FB && c <= 0x1F3FF) ||
      c == 0xFF9E || c == 0xFF9F)
    return GB_EXTEND;
  if (c >= 0x1F1E6 && c <= 0x1F1FF)
    return GB_RI;
  if (in_ranges (prepend, G_N_ELEMENTS (prepend), c))
    return GB_PREPEND;

  switch (g_unichar_break_type (c))
    {
    case G_UNICODE_BREAK_HANGUL_L_JAMO: return GB_L;
    case G_UNICODE_BREAK_HANGUL_V_JAMO: return GB_V;
    case G_UNICODE_BREAK_HANGUL_T_JAMO: return GB_T;
    case G_UNICODE_BREAK_HANGUL_LV_SYLLABLE: return GB_LV;
    case G_UNICODE_BREAK_HANGUL_LVT_SYLLABLE: return GB_LVT;
    case G_UNICODE_BREAK_EMOJI_MODIFIER: return GB_EXTEND;
    default: break;
    }

  type = g_unichar_type (c);
  switch (type)
    {
    case G_UNICODE_NON_SPACING_MARK:
    case G_UNICODE_ENCLOSING_MARK:
      return GB_EXTEND;
    case G_UNICODE_SPACING_MARK:
      /* a few spacing marks are Grapheme_Extend; either way no break before */
      return GB_SPACING_MARK;
    case G_UNICODE_CONTROL:
    case G_UNICODE_LINE_SEPARATOR:
    case G_UNICODE_PARAGRAPH_SEPARATOR:
    case G_UNICODE_FORMAT:
    case G_UNICODE_SURROGATE:
      return GB_CONTROL;
    default:
      return GB_OTHER;
    }
}

/* Decodes one character; invalid bytes come back as (gunichar) -1, length 1. */
static gunichar
decode (const char  *p,
        const char  *end,
        const char **next)
{
  gunichar c = g_utf8_get_char_validated (p, end - p);

  if (c == (gunichar) -1 || c == (gunichar) -2)
    {
      *next = p + 1;
      return (gunichar) -1;
    }
  *next = g_utf8_next_char (p);
  if (*next > end)
    *next = end;
  return c;
}

const char *
vigil_grapheme_next (const char *p,
                     const char *end)
{
  const char *next;
  gunichar c;
  GbProp prev;
  gboolean emoji_run;   /* GB11: ExtPict Extend* seen, possibly then ZWJ */
  guint ri_count;

  g_return_val_if_fail (p && end && p < end, end);

  c = decode (p, end, &next);
  if (c == (gunichar) -1)
    return next;
  prev = gb_prop (c);
  emoji_run = vigil_unichar_is_extended_pictographic (c);
  ri_count = prev == GB_RI ? 1 : 0;

  while (next < end)
    {
      const char *after;
      gunichar d = decode (next, end, &after);
      GbProp cur;
      gboolean d_pict;

      if (d == (gunichar) -1)
        break;
      cur = gb_prop (d);
      d_pict = vigil_unichar_is_extended_pictographic (d);

      /* GB3, GB4, GB5 */
      if (prev == GB_CR && cur == GB_LF)
        goto join;
      if (prev == GB_CR || prev == GB_LF || prev == GB_CONTROL)
        break;
      if (cur == GB_CR || cur == GB_LF || cur == GB_CONTROL)
        break;
      /* GB6–GB8: Hangul syllables */
      if (prev == GB_L && (cur == GB_L || cur == GB_V || cur == GB_LV || cur == GB_LVT))
        goto join;
      if ((prev == GB_LV || prev == GB_V) && (cur == GB_V || cur == GB_T))
        goto join;
      if ((prev == GB_LVT || prev == GB_T) && cur == GB_T)
        goto join;
      /* GB9, GB9a, GB9b */
      if (cur == GB_EXTEND || cur == GB_ZWJ || cur == GB_SPACING_MARK)
        goto join;
      if (prev == GB_PREPEND)
        goto join;
      /* GB11: ExtPict Extend* ZWJ × ExtPict */
      if (prev == GB_ZWJ && emoji_run && d_pict)
        goto join;
      /* GB12, GB13: regional indicators pair up */
      if (prev == GB_RI && cur == GB_RI && ri_count % 2 == 1)
        goto join;
      break;

    join:
      if (d_pict)
        emoji_run = TRUE;
      else if (cur != GB_EXTEND && cur != GB_ZWJ)
        emoji_run = FALSE;
      else if (prev == GB_ZWJ)
        emoji_run = FALSE;   /* ZWJ must be followed directly by a pictograph */
      ri_count = cur == GB_RI ? ri_count + 1 : 0;
      prev = cur;
      next = after;
    }

  return next;
}

guint
vigil_grapheme_count (const char *text,
                      gssize      len)
{
  const char *p, *end;
  guint n = 0;

  if (!text)
    return 0;
  if (len < 0)
    len = strlen (text);
  p = text;
  end = text + len;
  while (p < end)
    {
      p = vigil_grapheme_next (p, end);
      n++;
    }
  return n;
}

/* --- Platforms ------------------------------------------------------------ */

typedef struct
{
  const char *name;
  const char *display;
  guint       limit;
} Platform;

static const Platform platforms[] = {
  { "mastodon", N_("Mastodon"), 500 },
  { "bluesky", N_("Bluesky"), 300 },
  { "x", N_("X"), 280 },
  { "linkedin", N_("LinkedIn"), 3000 },
  { "facebook", N_("Facebook"), 63206 },
};

const char * const *
vigil_platform_names (void)
{
  static const char *names[G_N_ELEMENTS (platforms) + 1];

  if (!names[0])
    for (guint i = 0; i < G_N_ELEMENTS (platforms); i++)
      names[i] = platforms[i].name;
  return names;
}

const char *
vigil_platform_display_name (const char *platform)
{
  for (guint i = 0; platform && i < G_N_ELEMENTS (platforms); i++)
    if (g_str_equal (platform, platforms[i].name))
      return _(platforms[i].display);
  return platform && *platform ? platform : _("Any platform");
}

guint
vigil_platform_limit (const char *platform)
{
  for (guint i = 0; platform && i < G_N_ELEMENTS (platforms); i++)
    if (g_str_equal (platform, platforms[i].name))
      return platforms[i].limit;
  return 0;
}

/* An http(s) URL starting at p: its length in bytes, or 0. */
static gsize
url_length (const char *p,
            const char *start)
{
  gsize n;

  if (p > start && !g_ascii_isspace (p[-1]) && p[-1] != '(')
    return 0;
  if (g_ascii_strncasecmp (p, "https://", 8) == 0)
    n = 8;
  else if (g_ascii_strncasecmp (p, "http://", 7) == 0)
    n = 7;
  else
    return 0;
  if (!p[n] || g_ascii_isspace (p[n]))
    return 0;
  while (p[n] && !g_ascii_isspace (p[n]) && (guchar) p[n] < 0x80)
    n++;
  /* trailing punctuation is not part of the link */
  while (n > 0 && strchr (".,;:!?)\"'", p[n - 1]))
    n--;
  return n;
}

/* twitter-text v3 weights: these ranges count 1, everything else 2. */
static guint
x_weight (const char *cluster,
          const char *end)
{
  gunichar c = g_utf8_get_char_validated (cluster, end - cluster);

  if (c == (gunichar) -1 || c == (gunichar) -2)
    return 2;
  if (c <= 4351 || (c >= 8192 && c <= 8205) || (c >= 8208 && c <= 8223) ||
      (c >= 8242 && c <= 8247))
    {
      /* an emoji sequence counts 2 even when it starts in a light range */
      return vigil_unichar_is_extended_pictographic (c) ? 2 : 1;
    }
  return 2;
}

guint
vigil_platform_length (const char *platform,
                       const char *text)
{
  gboolean urls, weighted;
  const char *p, *end;
  guint n = 0;

  if (!text)
    return 0;
  urls = platform && (g_str_equal (platform, "mastodon") || g_str_equal (platform, "x"));
  weighted = platform && g_str_equal (platform, "x");
  p = text;
  end = text + strlen (text);
  while (p < end)
    {
      gsize url = urls ? url_length (p, text) : 0;
      const char *next;

      if (url)
        {
          n += 23;
          p += url;
          continue;
        }
      next = vigil_grapheme_next (p, end);
      n += weighted ? x_weight (p, next) : 1;
      p = next;
    }
  return n;
}

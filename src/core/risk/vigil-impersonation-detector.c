/* vigil-impersonation-detector.c: authors posing as the organisation
 *
 * A name is reduced to its skeleton: each character is folded (compatibility
 * decomposition, so fullwidth and "styled" mathematical letters become plain
 * ones; accents dropped; lower case), mapped through a table of Cyrillic,
 * Greek and Armenian look-alikes and of digits and symbols that pass for
 * letters (0 o, 1 l, 3 e, 4 a, 5 s, 7 t, 8 b, | l, $ s), "rn" is read as "m"
 * and "vv" as "w", and i and l share one letter. Separators and other
 * symbols are dropped. Each mapping is remembered, so the reasons can say
 * what was disguised.
 *
 * Against each official account the candidate's skeleton is tried as is,
 * without leading or trailing digits, and without up to three affixes at
 * either end ("support", "official", "help", "team", "hq", "real", …); the
 * best Damerau–Levenshtein distance to the official skeleton counts. It may
 * be 0 up to 4 letters, 1 up to 10 and 2 beyond.
 *
 * Score: a resembling handle gives 0.6 (0.5 at distance 1, 0.4 at 2); a
 * resembling display name alone 0.3 (0.25 when not exact), or adds 0.1 to a
 * handle match. The profile checks then add: fewer than 100 followers 0.1;
 * an account younger than 30 days 0.15; following at least 200 accounts and
 * more than five times its followers 0.1; no avatar 0.1; no bio 0.05. The
 * sum is capped at 1.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "vigil-impersonation-detector"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <stdlib.h>
#include <string.h>

#include "vigil-impersonation-detector.h"
#include "vigil-author-cache.h"

#define MAX_NAME_CHARS 128
#define MAX_AFFIXES    3
#define MAX_OFFICIALS  1000

#define FEW_FOLLOWERS        100
#define NEW_ACCOUNT_DAYS     30
#define FOLLOWS_MANY         200
#define FOLLOW_BACK_RATIO    5

typedef struct
{
  gunichar from;
  char     to;
} Confusable;

/* Sorted by code point (bsearch). */
static const Confusable confusables[] = {
  { 0x0131, 'i' }, { 0x0138, 'k' }, { 0x0251, 'a' }, { 0x0261, 'g' }, { 0x0269, 'i' },
  { 0x0391, 'a' }, { 0x0392, 'b' }, { 0x0395, 'e' }, { 0x0396, 'z' }, { 0x0397, 'h' },
  { 0x0399, 'i' }, { 0x039A, 'k' }, { 0x039C, 'm' }, { 0x039D, 'n' }, { 0x039F, 'o' },
  { 0x03A1, 'p' }, { 0x03A4, 't' }, { 0x03A5, 'y' }, { 0x03A7, 'x' }, { 0x03B1, 'a' },
  { 0x03B2, 'b' }, { 0x03B3, 'y' }, { 0x03B5, 'e' }, { 0x03B7, 'n' }, { 0x03B9, 'i' },
  { 0x03BA, 'k' }, { 0x03BD, 'v' }, { 0x03BF, 'o' }, { 0x03C1, 'p' }, { 0x03C4, 't' },
  { 0x03C5, 'u' }, { 0x03C7, 'x' }, { 0x03C9, 'w' },
  { 0x0401, 'e' }, { 0x0405, 's' }, { 0x0406, 'i' }, { 0x0407, 'i' }, { 0x0408, 'j' },
  { 0x0410, 'a' }, { 0x0412, 'b' }, { 0x0415, 'e' }, { 0x041A, 'k' }, { 0x041C, 'm' },
  { 0x041D, 'h' }, { 0x041E, 'o' }, { 0x0420, 'p' }, { 0x0421, 'c' }, { 0x0422, 't' },
  { 0x0423, 'y' }, { 0x0425, 'x' }, { 0x0430, 'a' }, { 0x0432, 'b' }, { 0x0435, 'e' },
  { 0x043A, 'k' }, { 0x043C, 'm' }, { 0x043D, 'h' }, { 0x043E, 'o' }, { 0x0440, 'p' },
  { 0x0441, 'c' }, { 0x0442, 't' }, { 0x0443, 'y' }, { 0x0445, 'x' }, { 0x0451, 'e' },
  { 0x0455, 's' }, { 0x0456, 'i' }, { 0x0457, 'i' }, { 0x0458, 'j' }, { 0x04BB, 'h' },
  { 0x04CF, 'l' }, { 0x0501, 'd' }, { 0x051B, 'q' }, { 0x051D, 'w' }, { 0x0570, 'h' },
  { 0x057D, 'u' }, { 0x0585, 'o' },
};

/* Added words impersonators like; written plainly, skeletonised at first
 * use. */
static const char * const affix_words[] = {
  "official", "offical", "support", "help", "helpdesk", "team", "hq", "real",
  "the", "care", "service", "services", "customer", "customers", "info", "news",
  "desk", "admin", "global", "corp", "inc", "ltd", "uk", "usa", "us", "app",
  "live", "staff", "verified", "security", "contact", "online", "fr", "de",
};

typedef struct
{
  gunichar from;   /* the character as written */
  char     to;     /* the Latin letter it passes for */
} Note;

/* A name's skeleton, with where each character came from. */
typedef struct
{
  gunichar ch[MAX_NAME_CHARS];
  gunichar src[MAX_NAME_CHARS];     /* the character as written */
  guint8   digit[MAX_NAME_CHARS];   /* came from a digit */
  guint    n;
  Note     notes[16];
  guint    n_notes;
  gboolean rn, vv;
  gboolean fullwidth, styled, accented, tick;
  char     seps[8];                 /* separators seen, NUL-terminated */
  GString *folded;                  /* folded letters and digits, no mapping */
} Skel;

typedef struct
{
  char *handle;     /* as given, without '@' */
  char *key;        /* lower-case local part: identity */
  Skel  handle_skel;
  char *display;    /* may be NULL */
  Skel  display_skel;
} Official;

struct _VigilImpersonationDetector
{
  GObject  parent_instance;

  GMutex   lock;
  GArray  *officials;   /* of Official */
  guint    generation;  /* of officials: bumped on each change */
  VigilAuthorCache *recent;   /* name verdicts, for this generation */
};

G_DEFINE_FINAL_TYPE (VigilImpersonationDetector, vigil_impersonation_detector, G_TYPE_OBJECT)

static Skel affix_skels[G_N_ELEMENTS (affix_words)];

static int
compare_confusable (const void *key,
                    const void *elem)
{
  gunichar c = *(const gunichar *) key;
  gunichar f = ((const Confusable *) elem)->from;

  return (c > f) - (c < f);
}

static char
lookalike (gunichar c)
{
  const Confusable *hit;

  switch (c)
    {
    case '0': return 'o';
    case '1': case '|': return 'l';
    case '3': return 'e';
    case '4': return 'a';
    case '5': case '$': return 's';
    case '7': return 't';
    case '8': return 'b';
    default: break;
    }
  if (c < confusables[0].from)
    return 0;
  hit = bsearch (&c, confusables, G_N_ELEMENTS (confusables), sizeof (Confusable), compare_confusable);
  return hit ? hit->to : 0;
}

static gboolean
is_tick (gunichar c)
{
  return c == 0x2713 || c == 0x2714 || c == 0x2611 || c == 0x2705 || c == 0x1F5F8;
}

static void
add_note (Skel    *s,
          gunichar from,
          char     to)
{
  for (guint i = 0; i < s->n_notes; i++)
    if (s->notes[i].from == from)
      return;
  if (s->n_notes < G_N_ELEMENTS (s->notes))
    s->notes[s->n_notes++] = (Note) { from, to };
}

static void
push (Skel    *s,
      gunichar c,
      gunichar src,
      gboolean digit)
{
  if (s->n >= MAX_NAME_CHARS)
    return;
  /* "rn" reads as "m", "vv" as "w" */
  if (s->n > 0 && !digit && !s->digit[s->n - 1])
    {
      if (c == 'n' && s->ch[s->n - 1] == 'r')
        {
          s->ch[s->n - 1] = 'm';
          s->rn = TRUE;
          return;
        }
      if (c == 'v' && s->ch[s->n - 1] == 'v')
        {
          s->ch[s->n - 1] = 'w';
          s->vv = TRUE;
          return;
        }
    }
  s->ch[s->n] = c == 'i' ? 'l' : c;   /* i and l look alike: one letter */
  s->src[s->n] = src;
  s->digit[s->n] = digit;
  s->n++;
}

static void
add_sep (Skel *s,
         char  c)
{
  gsize len = strlen (s->seps);

  if (!strchr (s->seps, c) && len + 1 < sizeof s->seps)
    {
      s->seps[len] = c;
      s->seps[len + 1] = '\0';
    }
}

static void
skel_clear (Skel *s)
{
  if (s->folded)
    g_string_free (s->folded, TRUE);
  s->folded = NULL;
}

static void
skel_build (Skel       *s,
            const char *name)
{
  const char *p;
  guint count = 0;

  memset (s, 0, sizeof *s);
  s->folded = g_string_new (NULL);
  if (!name || !g_utf8_validate (name, -1, NULL))
    return;

  for (p = name; *p && count < MAX_NAME_CHARS; p = g_utf8_next_char (p), count++)
    {
      gunichar c = g_utf8_get_char (p);
      gunichar decomp[G_UNICHAR_MAX_DECOMPOSITION_LENGTH];
      gsize n;
      char to = lookalike (c);

      if (to)
        {
          if (c >= 0x80 || !g_ascii_isalpha ((char) c))
            add_note (s, c, to);
          push (s, (gunichar) to, c, g_unichar_isdigit (c));
          if (c < 0x80 && g_ascii_isdigit ((char) c))
            g_string_append_c (s->folded, (char) c);
          continue;
        }
      /* an ASCII letter or digit without a look-alike is itself, in lower case */
      if (c < 0x80 && g_ascii_isalnum ((char) c))
        {
          char d = g_ascii_tolower ((char) c);

          push (s, (gunichar) d, c, g_ascii_isdigit (d));
          g_string_append_c (s->folded, d);
          continue;
        }
      if (is_tick (c))
        {
          s->tick = TRUE;
          continue;
        }
      if (c >= 0xFF01 && c <= 0xFF5E)
        s->fullwidth = TRUE;
      else if (c >= 0x1D400 && c <= 0x1D7FF)
        s->styled = TRUE;

      /* ASCII decomposes to itself */
      if (c < 0x80)
        {
          decomp[0] = c;
          n = 1;
        }
      else
        n = g_unichar_fully_decompose (c, TRUE, decomp, G_N_ELEMENTS (decomp));
      for (gsize i = 0; i < n; i++)
        {
          gunichar d = decomp[i];
          char dto;

          if (g_unichar_ismark (d))
            {
              s->accented = TRUE;
              continue;
            }
          d = g_unichar_tolower (d);
          if (d == 0xDF)
            {
              push (s, 's', c, FALSE);
              push (s, 's', c, FALSE);
              g_string_append (s->folded, "ss");
              continue;
            }
          dto = lookalike (d);
          if (dto && (d >= 0x80 || !g_ascii_isalpha ((char) d)))
            {
              /* a fullwidth digit or look-alike after decomposition */
              add_note (s, c, dto);
              push (s, (gunichar) dto, c, g_unichar_isdigit (d));
              if (g_unichar_isdigit (d))
                g_string_append_unichar (s->folded, d);
              continue;
            }
          if (!g_unichar_isalnum (d))
            {
              if (d < 0x80 && d > ' ')
                add_sep (s, (char) d);
              continue;
            }
          push (s, d, c, g_unichar_isdigit (d));
          g_string_append_unichar (s->folded, d);
        }
    }
}

static guint
edit_distance (const gunichar *a,
               guint           na,
               const gunichar *b,
               guint           nb)
{
  guint d[MAX_NAME_CHARS + 1][MAX_NAME_CHARS + 1];

  na = MIN (na, MAX_NAME_CHARS);
  nb = MIN (nb, MAX_NAME_CHARS);
  for (guint i = 0; i <= na; i++)
    d[i][0] = i;
  for (guint j = 0; j <= nb; j++)
    d[0][j] = j;
  for (guint i = 1; i <= na; i++)
    for (guint j = 1; j <= nb; j++)
      {
        guint cost = a[i - 1] == b[j - 1] ? 0 : 1;
        guint v = MIN (d[i - 1][j] + 1, d[i][j - 1] + 1);

        v = MIN (v, d[i - 1][j - 1] + cost);
        if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1])
          v = MIN (v, d[i - 2][j - 2] + 1);
        d[i][j] = v;
      }
  return d[na][nb];
}

guint
vigil_impersonation_edit_distance (const char *a,
                                   const char *b)
{
  gunichar ua[MAX_NAME_CHARS], ub[MAX_NAME_CHARS];
  guint na = 0, nb = 0;

  g_return_val_if_fail (a && b, 0);
  for (const char *p = a; *p && na < MAX_NAME_CHARS; p = g_utf8_next_char (p))
    ua[na++] = g_utf8_get_char (p);
  for (const char *p = b; *p && nb < MAX_NAME_CHARS; p = g_utf8_next_char (p))
    ub[nb++] = g_utf8_get_char (p);
  return edit_distance (ua, na, ub, nb);
}

char *
vigil_impersonation_skeleton (const char *name)
{
  Skel s;
  GString *out = g_string_new (NULL);

  g_return_val_if_fail (name, NULL);
  skel_build (&s, name);
  for (guint i = 0; i < s.n; i++)
    g_string_append_unichar (out, s.ch[i]);
  skel_clear (&s);
  return g_string_free (out, FALSE);
}

/* The best way a candidate skeleton matches an official one. */
typedef struct
{
  gboolean matched;
  guint    distance;
  guint    n_affixes;
  int      affixes[MAX_AFFIXES];   /* indexes into affix_words */
  guint    affix_pos[MAX_AFFIXES]; /* where each starts in the skeleton */
  guint    digits_start, digits_end;   /* stripped digits: [0, start) and [end, n) */
  guint    cost;
} Match;

static void
try_affixes (const Skel *cand,
             guint       start,
             guint       end,
             const Skel *official,
             guint       max_distance,
             Match      *current,
             Match      *best)
{
  guint len = end - start;
  /* the edit distance is at least the difference in length: skip the
   * table when that is already too far */
  guint dist = (len > official->n ? len - official->n : official->n - len) > max_distance
               ? max_distance + 1
               : edit_distance (cand->ch + start, len, official->ch, official->n);
  guint stripped = current->n_affixes + (current->digits_start > 0) + (current->digits_end < cand->n);

  if (dist <= max_distance)
    {
      guint cost = dist * 10 + stripped;

      if (!best->matched || cost < best->cost)
        {
          *best = *current;
          best->matched = TRUE;
          best->distance = dist;
          best->cost = cost;
        }
    }
  if (current->n_affixes >= MAX_AFFIXES)
    return;

  for (guint a = 0; a < G_N_ELEMENTS (affix_words); a++)
    {
      const Skel *affix = &affix_skels[a];

      if (affix->n == 0 || end - start < affix->n + 3)
        continue;
      for (int side = 0; side < 2; side++)
        {
          guint s = side == 0 ? start + affix->n : start;
          guint e = side == 0 ? end : end - affix->n;
          const gunichar *at = side == 0 ? cand->ch + start : cand->ch + end - affix->n;

          if (at[0] != affix->ch[0] || memcmp (at, affix->ch, affix->n * sizeof (gunichar)) != 0)
            continue;
          current->affix_pos[current->n_affixes] = side == 0 ? start : end - affix->n;
          current->affixes[current->n_affixes++] = (int) a;
          try_affixes (cand, s, e, official, max_distance, current, best);
          current->n_affixes--;
        }
    }
}

static gboolean
match_skel (const Skel *cand,
            const Skel *official,
            Match      *best)
{
  guint max_distance;
  guint lead = 0, trail = cand->n;

  memset (best, 0, sizeof *best);
  if (official->n == 0 || cand->n == 0)
    return FALSE;
  max_distance = official->n <= 4 ? 0 : official->n <= 10 ? 1 : 2;

  while (lead < cand->n && cand->digit[lead])
    lead++;
  while (trail > lead && cand->digit[trail - 1])
    trail--;

  for (int variant = 0; variant < 4; variant++)
    {
      Match current = { 0 };
      guint s = (variant & 1) ? lead : 0;
      guint e = (variant & 2) ? trail : cand->n;

      if ((variant & 1) && lead == 0)
        continue;
      if ((variant & 2) && trail == cand->n)
        continue;
      if (e <= s)
        continue;
      current.digits_start = s;
      current.digits_end = e;
      try_affixes (cand, s, e, official, max_distance, &current, best);
    }
  return best->matched;
}

static char
note_target (char        to,
             const Skel *official)
{
  /* '1', '|' and look-alike i's map to the shared i/l letter: name the one
   * the official account uses */
  if (to == 'l' || to == 'i')
    {
      gboolean has_i = strchr (official->folded->str, 'i') != NULL;
      gboolean has_l = strchr (official->folded->str, 'l') != NULL;

      if (has_i && !has_l)
        return 'i';
      if (has_l && !has_i)
        return 'l';
    }
  return to;
}

static char *
describe_match (const Skel  *cand,
                const Skel  *official,
                const Match *m)
{
  g_autoptr (GPtrArray) parts = g_ptr_array_new_with_free_func (g_free);
  GString *out;

  for (guint i = 0; i < cand->n_notes; i++)
    {
      const Note *note = &cand->notes[i];
      char buf[8] = { 0 };

      gboolean in_core = FALSE;

      /* the official name uses this character too: nothing disguised */
      g_unichar_to_utf8 (note->from, buf);
      if (note->from < 0x80 && strstr (official->folded->str, buf))
        continue;
      /* a digit of "2024" that was stripped as added digits is not a
       * disguised letter */
      for (guint k = m->digits_start; k < m->digits_end && !in_core; k++)
        in_core = cand->src[k] == note->from;
      if (!in_core)
        continue;
      g_ptr_array_add (parts, g_strdup_printf (_("homoglyph %s→%c"), buf, note_target (note->to, official)));
    }
  if (cand->rn && !official->rn)
    g_ptr_array_add (parts, g_strdup (_("homoglyph rn→m")));
  if (cand->vv && !official->vv)
    g_ptr_array_add (parts, g_strdup (_("homoglyph vv→w")));
  if (cand->fullwidth && !official->fullwidth)
    g_ptr_array_add (parts, g_strdup (_("fullwidth letters")));
  if (cand->styled && !official->styled)
    g_ptr_array_add (parts, g_strdup (_("styled letters")));
  if (cand->accented && !official->accented)
    g_ptr_array_add (parts, g_strdup (_("added accents")));
  if (cand->tick)
    g_ptr_array_add (parts, g_strdup (_("a fake verification tick")));
  /* affixes in reading order */
  for (guint done = 0, last = 0; done < m->n_affixes; done++)
    {
      guint pick = G_MAXUINT;

      for (guint i = 0; i < m->n_affixes; i++)
        if ((done == 0 || m->affix_pos[i] > last) && (pick == G_MAXUINT || m->affix_pos[i] < m->affix_pos[pick]))
          pick = i;
      if (pick == G_MAXUINT)
        break;
      last = m->affix_pos[pick];
      g_ptr_array_add (parts, g_strdup_printf (_("added “%s”"), affix_words[m->affixes[pick]]));
    }
  if (m->digits_start > 0 || m->digits_end < cand->n)
    {
      GString *digits = g_string_new (NULL);

      for (guint i = 0; i < m->digits_start; i++)
        g_string_append_unichar (digits, cand->src[i]);
      for (guint i = m->digits_end; i < cand->n; i++)
        g_string_append_unichar (digits, cand->src[i]);
      g_ptr_array_add (parts, g_strdup_printf (_("added digits “%s”"), digits->str));
      g_string_free (digits, TRUE);
    }
  if (m->n_affixes == 0)
    for (const char *c = cand->seps; *c; c++)
      if (!strchr (official->seps, *c))
        g_ptr_array_add (parts, g_strdup_printf (_("added “%c”"), *c));
  if (m->distance > 0)
    g_ptr_array_add (parts, g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                                          "%u letter changed",
                                                          "%u letters changed", m->distance),
                                             m->distance));
  if (parts->len == 0 && strcmp (cand->folded->str, official->folded->str) != 0)
    g_ptr_array_add (parts, g_strdup (_("look-alike letters")));

  if (parts->len == 0)
    return NULL;
  out = g_string_new (NULL);
  for (guint i = 0; i < parts->len; i++)
    {
      if (i > 0)
        g_string_append (out, ", ");
      g_string_append (out, g_ptr_array_index (parts, i));
    }
  return g_string_free (out, FALSE);
}

static void
init_affixes (void)
{
  static gsize done = 0;

  if (g_once_init_enter (&done))
    {
      for (guint i = 0; i < G_N_ELEMENTS (affix_words); i++)
        {
          skel_build (&affix_skels[i], affix_words[i]);
          skel_clear (&affix_skels[i]);
        }
      g_once_init_leave (&done, 1);
    }
}

/* "@north@mastodon.example" → "north"; "north.bsky.social" → "north". */
static gboolean
is_ascii (const char *s)
{
  for (; *s; s++)
    if ((guchar) *s >= 0x80)
      return FALSE;
  return TRUE;
}

/* A handle's identity: its lower case, without the locale's say for ASCII
 * (a Turkish locale must not turn "INFO" into "ınfo") */
static char *
handle_key (const char *local)
{
  return is_ascii (local) ? g_ascii_strdown (local, -1) : g_utf8_strdown (local, -1);
}

static char *
handle_local_part (const char *handle)
{
  const char *start = handle;
  const char *at;
  char *local;

  while (*start == '@' || g_ascii_isspace (*start))
    start++;
  at = strchr (start, '@');
  local = at ? g_strndup (start, at - start) : g_strdup (start);
  if (g_str_has_suffix (local, ".bsky.social"))
    local[strlen (local) - strlen (".bsky.social")] = '\0';
  return g_strstrip (local);
}

static void
official_clear (gpointer data)
{
  Official *o = data;

  g_free (o->handle);
  g_free (o->key);
  g_free (o->display);
  skel_clear (&o->handle_skel);
  skel_clear (&o->display_skel);
}

static void
vigil_impersonation_detector_finalize (GObject *object)
{
  VigilImpersonationDetector *self = VIGIL_IMPERSONATION_DETECTOR (object);

  g_clear_pointer (&self->officials, g_array_unref);
  g_clear_pointer (&self->recent, _vigil_author_cache_free);
  g_mutex_clear (&self->lock);

  G_OBJECT_CLASS (vigil_impersonation_detector_parent_class)->finalize (object);
}

static void
vigil_impersonation_detector_class_init (VigilImpersonationDetectorClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = vigil_impersonation_detector_finalize;
  init_affixes ();
}

static void
vigil_impersonation_detector_init (VigilImpersonationDetector *self)
{
  g_mutex_init (&self->lock);
  self->officials = g_array_new (FALSE, TRUE, sizeof (Official));
  g_array_set_clear_func (self->officials, official_clear);
  self->recent = _vigil_author_cache_new ();
}

VigilImpersonationDetector *
vigil_impersonation_detector_new (void)
{
  return g_object_new (VIGIL_TYPE_IMPERSONATION_DETECTOR, NULL);
}

void
vigil_impersonation_detector_add_official (VigilImpersonationDetector *self,
                                           const char                 *handle,
                                           const char                 *display_name)
{
  Official o = { 0 };

  g_return_if_fail (VIGIL_IS_IMPERSONATION_DETECTOR (self));
  g_return_if_fail (handle && g_utf8_validate (handle, -1, NULL));
  g_return_if_fail (!display_name || g_utf8_validate (display_name, -1, NULL));

  o.handle = handle_local_part (handle);
  if (o.handle[0] == '\0')
    {
      g_free (o.handle);
      return;
    }
  o.key = handle_key (o.handle);
  skel_build (&o.handle_skel, o.handle);
  o.display = display_name && *display_name ? g_strdup (display_name) : NULL;
  skel_build (&o.display_skel, o.display);

  g_mutex_lock (&self->lock);
  if (self->officials->len < MAX_OFFICIALS)
    {
      g_array_append_val (self->officials, o);
      self->generation++;
    }
  else
    official_clear (&o);
  g_mutex_unlock (&self->lock);
}

static char *
format_number (gint64 n)
{
  return g_strdup_printf ("%'" G_GINT64_FORMAT, n);
}

/* Do the names (local part of the handle, display name or NULL) look like
 * an official account's? */
static void
judge_names (VigilImpersonationDetector *self,
             const char                 *local,
             const char                 *display,
             VigilNameVerdict           *verdict)
{
  g_autoptr (GPtrArray) why = g_ptr_array_new_with_free_func (g_free);
  g_autofree char *key = NULL;
  Skel handle_skel, display_skel;
  double name_score = 0;
  gboolean is_official = FALSE;
  gboolean handle_hit = FALSE, display_hit = FALSE;

  key = handle_key (local);
  skel_build (&handle_skel, local);
  skel_build (&display_skel, display);

  g_mutex_lock (&self->lock);
  for (guint i = 0; i < self->officials->len && !is_official; i++)
    is_official = *key && strcmp (g_array_index (self->officials, Official, i).key, key) == 0;

  if (!is_official)
    {
      /* the best-matching official account for the handle, and for the
       * display name (against official display names and handles) */
      Match best_handle = { 0 }, best_display = { 0 };
      const Official *handle_official = NULL, *display_official = NULL;
      const Skel *display_target = NULL;

      for (guint i = 0; i < self->officials->len; i++)
        {
          const Official *o = &g_array_index (self->officials, Official, i);
          const Skel *targets[2] = { o->display ? &o->display_skel : NULL, &o->handle_skel };
          Match m;

          if (match_skel (&handle_skel, &o->handle_skel, &m)
              && (!handle_official || m.cost < best_handle.cost))
            {
              best_handle = m;
              handle_official = o;
            }
          for (guint t = 0; t < 2 && display_skel.n > 0; t++)
            if (targets[t] && match_skel (&display_skel, targets[t], &m)
                && (!display_official || m.cost < best_display.cost))
              {
                best_display = m;
                display_official = o;
                display_target = targets[t];
              }
        }

      if (handle_official)
        {
          g_autofree char *details = describe_match (&handle_skel, &handle_official->handle_skel, &best_handle);

          handle_hit = TRUE;
          name_score = best_handle.distance == 0 ? 0.6 : best_handle.distance == 1 ? 0.5 : 0.4;
          g_ptr_array_add (why, details
                           ? g_strdup_printf (_("handle '%s' looks like official '@%s' (%s)"),
                                              local, handle_official->handle, details)
                           : g_strdup_printf (_("handle '%s' looks like official '@%s'"),
                                              local, handle_official->handle));
        }
      if (display_official)
        {
          g_autofree char *details = describe_match (&display_skel, display_target, &best_display);
          g_autofree char *official_name = display_target == &display_official->display_skel
                                           ? g_strdup (display_official->display)
                                           : g_strconcat ("@", display_official->handle, NULL);

          display_hit = TRUE;
          g_ptr_array_add (why, details
                           ? g_strdup_printf (_("display name '%s' looks like official '%s' (%s)"),
                                              display, official_name, details)
                           : g_strdup_printf (_("display name '%s' looks like official '%s'"),
                                              display, official_name));
        }
    }
  g_mutex_unlock (&self->lock);
  skel_clear (&handle_skel);
  skel_clear (&display_skel);

  verdict->is_official = is_official;
  verdict->handle_hit = handle_hit;
  verdict->display_hit = display_hit;
  verdict->name_score = name_score;
  g_ptr_array_add (why, NULL);
  verdict->reasons = (char **) g_ptr_array_steal (why, NULL);
}

double
vigil_impersonation_detector_check (VigilImpersonationDetector *self,
                                    const VigilAuthorInfo      *author,
                                    char                     ***reasons)
{
  g_autoptr (GPtrArray) why = NULL;
  g_autofree char *local = NULL;
  const char *display;
  VigilNameVerdict verdict = { 0 };
  double name_score = 0, score = 0;
  gboolean handle_hit, display_hit;
  guint generation;
  gboolean known;

  g_return_val_if_fail (VIGIL_IS_IMPERSONATION_DETECTOR (self), 0);
  g_return_val_if_fail (author, 0);

  local = author->handle && g_utf8_validate (author->handle, -1, NULL)
          ? handle_local_part (author->handle) : g_strdup ("");
  display = author->display_name && g_utf8_validate (author->display_name, -1, NULL)
            ? author->display_name : NULL;

  /* the names' verdict: remembered, or judged now */
  g_mutex_lock (&self->lock);
  generation = self->generation;
  known = _vigil_author_cache_lookup (self->recent, local, display, generation, &verdict);
  g_mutex_unlock (&self->lock);
  if (!known)
    {
      judge_names (self, local, display, &verdict);
      g_mutex_lock (&self->lock);
      if (self->generation == generation)
        _vigil_author_cache_store (self->recent, local, display, generation, &verdict);
      g_mutex_unlock (&self->lock);
    }
  handle_hit = verdict.handle_hit;
  display_hit = verdict.display_hit;
  name_score = verdict.name_score;
  if (verdict.is_official || (!handle_hit && !display_hit))
    {
      _vigil_name_verdict_clear (&verdict);
      if (reasons)
        *reasons = g_new0 (char *, 1);
      return 0.0;
    }
  why = g_ptr_array_new_with_free_func (g_free);
  for (guint i = 0; verdict.reasons[i]; i++)
    g_ptr_array_add (why, g_strdup (verdict.reasons[i]));
  _vigil_name_verdict_clear (&verdict);

  if (handle_hit && display_hit)
    name_score += 0.1;
  else if (display_hit)
    name_score = 0.3;
  score = name_score;

  if (author->followers >= 0 && author->followers < FEW_FOLLOWERS)
    {
      score += 0.1;
      g_ptr_array_add (why, g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                                          "only %" G_GINT64_FORMAT " follower",
                                                          "only %" G_GINT64_FORMAT " followers",
                                                          author->followers),
                                             author->followers));
    }
  if (author->account_age_days >= 0 && author->account_age_days < NEW_ACCOUNT_DAYS)
    {
      score += 0.15;
      g_ptr_array_add (why, g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                                          "account is %" G_GINT64_FORMAT " day old",
                                                          "account is %" G_GINT64_FORMAT " days old",
                                                          author->account_age_days),
                                             author->account_age_days));
    }
  if (author->following >= FOLLOWS_MANY && author->followers >= 0
      && author->followers * FOLLOW_BACK_RATIO < author->following)
    {
      g_autofree char *following = format_number (author->following);
      g_autofree char *followers = format_number (author->followers);

      score += 0.1;
      g_ptr_array_add (why, g_strdup_printf (_("follows %s accounts but only %s follow back"),
                                             following, followers));
    }
  if (!author->has_avatar)
    {
      score += 0.1;
      g_ptr_array_add (why, g_strdup (_("no profile picture")));
    }
  if (!author->has_bio)
    {
      score += 0.05;
      g_ptr_array_add (why, g_strdup (_("no bio")));
    }

  if (reasons)
    {
      g_ptr_array_add (why, NULL);
      *reasons = (char **) g_ptr_array_steal (why, NULL);
    }
  return MIN (score, 1.0);
}

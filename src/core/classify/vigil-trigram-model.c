/* vigil-trigram-model.c: Vigil's own language model, character trigrams
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "vigil-trigram-model"

#include "config.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <glib/gi18n-lib.h>
#include <gio/gio.h>

#include "vigil-trigram-model.h"
#include "vigil-data-resources.h"

#define DEFAULT_RESOURCE "/io/github/vigilapp/Vigil/data/lang/trigrams.txt"
#define SCALE            128.0     /* log-probabilities are stored × SCALE */
#define SMOOTHING        0.5       /* added to every count */
#define MAX_ROWS         (1u << 20)

/* Stored scores are in [MIN_STORED_SCORE, 0] (log-probabilities × SCALE;
 * the shipped model's lowest is about -1,800, and the loader clamps), so
 * PARTIAL_MAX of them add up in 16 bits without overflowing. */
#define PARTIAL_MAX      16
#define MIN_STORED_SCORE (G_MININT16 / PARTIAL_MAX)

typedef gint16 Lanes8 __attribute__ ((vector_size (16)));

static inline gint16
stored_score (double log_probability)
{
  return (gint16) MAX (lrint (log_probability * SCALE), MIN_STORED_SCORE);
}

struct _VigilTrigramModel
{
  guint      serial;    /* unique per model, for the word cache */
  guint      n_langs;
  const char *langs[VIGIL_TRIGRAM_MAX_LANGS];   /* interned */
  guint64   *keys;      /* open addressing; 0 = empty */
  guint32   *rows;      /* the row of keys[i] */
  guint      mask;
  gint16    *scores;    /* n_rows × VIGIL_TRIGRAM_MAX_LANGS */
};

static inline guint64
pack (gunichar a,
      gunichar b,
      gunichar c)
{
  return ((guint64) a << 42) | ((guint64) b << 21) | (guint64) c;
}

static inline guint
slot_of (guint64 key,
         guint   mask)
{
  return (guint) ((key * 0x9E3779B97F4A7C15ULL) >> 40) & mask;
}

void
_vigil_trigram_model_free (VigilTrigramModel *model)
{
  if (!model)
    return;
  g_free (model->keys);
  g_free (model->rows);
  g_free (model->scores);
  g_free (model);
}

typedef struct
{
  guint64 key;
  guint   lang;
  double  count;
} Entry;

VigilTrigramModel *
_vigil_trigram_model_new_from_text (const char  *text,
                                    gsize        len,
                                    GError     **error)
{
  g_autoptr(GArray) entries = g_array_new (FALSE, FALSE, sizeof (Entry));
  g_autoptr(GHashTable) row_of = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, NULL);
  double totals[VIGIL_TRIGRAM_MAX_LANGS] = { 0, };
  static gint next_serial = 0;
  VigilTrigramModel *model = g_new0 (VigilTrigramModel, 1);
  const char *p = text, *end = text + len;
  guint line_no = 0, n_rows, size;
  int lang = -1;

  while (p < end)
    {
      const char *eol = memchr (p, '\n', end - p);
      g_autofree char *line = g_strndup (p, (eol ? eol : end) - p);
      char *tab;

      p = eol ? eol + 1 : end;
      line_no++;
      if (line[0] == '\0' || line[0] == '#')
        continue;
      if (line[0] == '@')
        {
          char *space = strchr (line, ' ');
          double total = space ? g_ascii_strtod (space + 1, NULL) : 0;

          if (!space || space - line < 3 || space - line > 4 || !(total > 0)
              || model->n_langs == VIGIL_TRIGRAM_MAX_LANGS)
            goto bad;
          *space = '\0';
          lang = model->n_langs++;
          model->langs[lang] = g_intern_string (line + 1);
          totals[lang] = total;
          continue;
        }
      tab = strrchr (line, '\t');
      if (lang < 0 || !tab || !g_utf8_validate (line, tab - line, NULL)
          || g_utf8_strlen (line, tab - line) != 3)
        goto bad;
      {
        const char *q = line;
        gunichar a = g_utf8_get_char (q);
        gunichar b = g_utf8_get_char (q = g_utf8_next_char (q));
        gunichar c = g_utf8_get_char (g_utf8_next_char (q));
        Entry e = { pack (a, b, c), lang, g_ascii_strtod (tab + 1, NULL) };

        if (!(e.count > 0) || e.count > totals[lang])
          goto bad;
        g_array_append_val (entries, e);
        if (!g_hash_table_contains (row_of, &e.key))
          {
            if (g_hash_table_size (row_of) >= MAX_ROWS)
              goto bad;
            g_hash_table_insert (row_of, g_memdup2 (&e.key, sizeof e.key),
                                 GUINT_TO_POINTER (g_hash_table_size (row_of)));
          }
      }
      continue;

bad:
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                   _("The language model is damaged at line %u"), line_no);
      _vigil_trigram_model_free (model);
      return NULL;
    }
  if (model->n_langs == 0)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA, _("The language model has no language"));
      _vigil_trigram_model_free (model);
      return NULL;
    }

  /* every row starts at each language's "never seen" score */
  n_rows = g_hash_table_size (row_of);
  model->scores = g_new (gint16, (gsize) MAX (n_rows, 1) * VIGIL_TRIGRAM_MAX_LANGS);
  for (guint r = 0; r < n_rows; r++)
    for (guint l = 0; l < VIGIL_TRIGRAM_MAX_LANGS; l++)
      model->scores[r * VIGIL_TRIGRAM_MAX_LANGS + l] =
        l < model->n_langs ? stored_score (log (SMOOTHING / totals[l])) : 0;  /* unused lanes: never compared */
  for (guint i = 0; i < entries->len; i++)
    {
      const Entry *e = &g_array_index (entries, Entry, i);
      guint r = GPOINTER_TO_UINT (g_hash_table_lookup (row_of, &e->key));

      model->scores[r * VIGIL_TRIGRAM_MAX_LANGS + e->lang] =
        stored_score (log ((e->count + SMOOTHING) / totals[e->lang]));
    }

  model->serial = (guint) g_atomic_int_add (&next_serial, 1) + 1;

  /* a table at most half full */
  for (size = 64; size < 2 * n_rows; size <<= 1)
    ;
  model->mask = size - 1;
  model->keys = g_new0 (guint64, size);
  model->rows = g_new0 (guint32, size);
  {
    GHashTableIter iter;
    gpointer k, v;

    g_hash_table_iter_init (&iter, row_of);
    while (g_hash_table_iter_next (&iter, &k, &v))
      {
        guint64 key = *(guint64 *) k;
        guint s = slot_of (key, model->mask);

        while (model->keys[s])
          s = (s + 1) & model->mask;
        model->keys[s] = key;
        model->rows[s] = GPOINTER_TO_UINT (v);
      }
  }
  return model;
}

static gpointer
load_default (gpointer data)
{
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(GError) error = NULL;
  VigilTrigramModel *model;
  gsize len;
  const char *text;

  (void) data;
  /* referencing the resource links it in from the static vigil-data
   * library, whose constructor registers it */
  (void) vigil_data_get_resource ();
  bytes = g_resources_lookup_data (DEFAULT_RESOURCE, 0, &error);
  if (!bytes)
    {
      g_critical ("The built-in language model %s is missing: %s", DEFAULT_RESOURCE, error->message);
      return NULL;
    }
  text = g_bytes_get_data (bytes, &len);
  model = _vigil_trigram_model_new_from_text (text, len, &error);
  if (!model)
    g_critical ("The built-in language model %s: %s", DEFAULT_RESOURCE, error->message);
  return model;
}

const VigilTrigramModel *
_vigil_trigram_model_get_default (void)
{
  static GOnce once = G_ONCE_INIT;

  return g_once (&once, load_default, NULL);
}

guint
_vigil_trigram_model_get_n_langs (const VigilTrigramModel *model)
{
  return model->n_langs;
}

const char *
_vigil_trigram_model_get_lang (const VigilTrigramModel *model,
                               guint                    i)
{
  g_return_val_if_fail (i < model->n_langs, NULL);
  return model->langs[i];
}

int
_vigil_trigram_model_find_lang (const VigilTrigramModel *model,
                                const char              *code)
{
  for (guint i = 0; i < model->n_langs; i++)
    if (strcmp (model->langs[i], code) == 0)
      return i;
  return -1;
}

static inline void
flush_partial (VigilTrigramScan *scan)
{
  for (guint l = 0; l < VIGIL_TRIGRAM_MAX_LANGS; l++)
    {
      scan->scores[l] += scan->partial[l];
      scan->partial[l] = 0;
    }
  scan->n_partial = 0;
}

static inline void
add_trigram (const VigilTrigramModel *model,
             gunichar                 a,
             gunichar                 b,
             gunichar                 c,
             VigilTrigramScan        *scan)
{
  guint64 key = pack (a, b, c);
  guint s = slot_of (key, model->mask);

  scan->trigrams++;
  while (model->keys[s])
    {
      if (model->keys[s] == key)
        {
          const gint16 *row = model->scores + (gsize) model->rows[s] * VIGIL_TRIGRAM_MAX_LANGS;

          /* eight 16-bit lanes at a time (GCC's vector extension: SSE2 on
           * x86-64, NEON on ARM, plain code elsewhere) */
          for (guint half = 0; half < VIGIL_TRIGRAM_MAX_LANGS; half += 8)
            {
              Lanes8 sum, add;

              memcpy (&sum, scan->partial + half, sizeof sum);
              memcpy (&add, row + half, sizeof add);
              sum += add;
              memcpy (scan->partial + half, &sum, sizeof sum);
            }
          if (++scan->n_partial == PARTIAL_MAX)
            flush_partial (scan);
          scan->known++;
          return;
        }
      s = (s + 1) & model->mask;
    }
}

/* URLs, @mentions and #hashtags are not language. Like the textcat
 * sampler before it, a word is an address when it starts with '@' or '#'
 * or with (a start of) "http://", "https://" or "www.". */
static inline gboolean
is_address (const char *w,
            gsize       n)
{
  if (n < 2)
    return FALSE;
  if (*w == '@' || *w == '#')
    return TRUE;
  /* the cheap test first: most words start with neither h nor w */
  if (*w != 'h' && *w != 'H' && *w != 'w' && *w != 'W')
    return FALSE;
  return g_ascii_strncasecmp (w, "http://", MIN (7, n)) == 0
         || g_ascii_strncasecmp (w, "https://", MIN (8, n)) == 0
         || g_ascii_strncasecmp (w, "www.", MIN (4, n)) == 0;
}

/* ASCII letters in lower case; 0 for everything else */
static const char ascii_letter[128] = {
  ['A'] = 'a', ['B'] = 'b', ['C'] = 'c', ['D'] = 'd', ['E'] = 'e', ['F'] = 'f', ['G'] = 'g',
  ['H'] = 'h', ['I'] = 'i', ['J'] = 'j', ['K'] = 'k', ['L'] = 'l', ['M'] = 'm', ['N'] = 'n',
  ['O'] = 'o', ['P'] = 'p', ['Q'] = 'q', ['R'] = 'r', ['S'] = 's', ['T'] = 't', ['U'] = 'u',
  ['V'] = 'v', ['W'] = 'w', ['X'] = 'x', ['Y'] = 'y', ['Z'] = 'z',
  ['a'] = 'a', ['b'] = 'b', ['c'] = 'c', ['d'] = 'd', ['e'] = 'e', ['f'] = 'f', ['g'] = 'g',
  ['h'] = 'h', ['i'] = 'i', ['j'] = 'j', ['k'] = 'k', ['l'] = 'l', ['m'] = 'm', ['n'] = 'n',
  ['o'] = 'o', ['p'] = 'p', ['q'] = 'q', ['r'] = 'r', ['s'] = 's', ['t'] = 't', ['u'] = 'u',
  ['v'] = 'v', ['w'] = 'w', ['x'] = 'x', ['y'] = 'y', ['z'] = 'z',
};

static inline gboolean
is_space (char c)
{
  return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v';
}

/* Scores one word (a run of non-space bytes) into scan: each run of
 * letters in it is padded with spaces. */
static void
scan_word (const VigilTrigramModel *model,
           const char              *w,
           const char              *we,
           VigilTrigramScan        *scan)
{
  gunichar prev2 = 0, prev1 = ' ';

  for (const char *q = w; q <= we;)
    {
      gunichar l = 0;

      if (q == we)
        q++;    /* the end of the word ends its last run of letters */
      else if ((guchar) *q < 0x80)
        l = ascii_letter[(guchar) *q++];
      else
        {
          gunichar u = g_utf8_get_char_validated (q, we - q);

          if (u == (gunichar) -1 || u == (gunichar) -2)
            q++;
          else
            {
              q = g_utf8_next_char (q);
              if (g_unichar_isalpha (u))
                l = g_unichar_tolower (u);
            }
        }
      if (l)
        {
          scan->letters++;
          if (prev2)
            add_trigram (model, prev2, prev1, l, scan);
          prev2 = prev1;
          prev1 = l;
        }
      else if (prev1 != ' ')
        {
          add_trigram (model, prev2, prev1, ' ', scan);
          prev2 = 0;
          prev1 = ' ';
        }
    }
  flush_partial (scan);
}

/* The scores of recent words, per thread: words follow Zipf's law, so
 * most words of a post were scored moments ago. Direct-mapped on a hash of
 * the word; short words only. Scores add up, so a word's share is the same
 * wherever it appears. */
#define WORD_CACHE_SLOTS 1024
#define WORD_CACHE_BYTES 23

typedef struct
{
  guint                    serial;  /* of the model; 0: empty */
  guint8                   len;
  char                     word[WORD_CACHE_BYTES];
  guint16                  letters, trigrams, known;
  gint32                   scores[VIGIL_TRIGRAM_MAX_LANGS];
} WordSlot;

static GPrivate word_cache = G_PRIVATE_INIT (g_free);

typedef gint32 Lanes4 __attribute__ ((vector_size (16)));

static inline void
add_scan (VigilTrigramScan *to,
          const WordSlot   *word)
{
  for (guint l = 0; l < VIGIL_TRIGRAM_MAX_LANGS; l += 4)
    {
      Lanes4 sum, add;

      memcpy (&sum, to->scores + l, sizeof sum);
      memcpy (&add, word->scores + l, sizeof add);
      sum += add;
      memcpy (to->scores + l, &sum, sizeof sum);
    }
  to->letters += word->letters;
  to->trigrams += word->trigrams;
  to->known += word->known;
}

void
_vigil_trigram_model_scan_uncached (const VigilTrigramModel *model,
                                    const char              *text,
                                    gsize                    len,
                                    gsize                    max_bytes,
                                    VigilTrigramScan        *scan)
{
  const char *p = text, *end = text + len;
  gsize taken = 0;

  memset (scan, 0, sizeof *scan);
  while (p < end && taken < max_bytes)
    {
      const char *w;

      while (p < end && is_space (*p))
        p++;
      w = p;
      while (p < end && !is_space (*p))
        p++;
      if (w == p)
        break;
      if (is_address (w, p - w))
        continue;
      taken += (p - w) + 1;
      scan_word (model, w, p, scan);
    }
}

void
_vigil_trigram_model_scan (const VigilTrigramModel *model,
                           const char              *text,
                           gsize                    len,
                           gsize                    max_bytes,
                           VigilTrigramScan        *scan)
{
  const char *p = text, *end = text + len;
  WordSlot *cache = g_private_get (&word_cache);
  gsize taken = 0;

  if (!cache)
    {
      cache = g_new0 (WordSlot, WORD_CACHE_SLOTS);
      g_private_set (&word_cache, cache);
    }
  memset (scan, 0, sizeof *scan);
  while (p < end && taken < max_bytes)
    {
      const char *w, *we;
      gsize n;

      while (p < end && is_space (*p))
        p++;
      w = p;
      while (p < end && !is_space (*p))
        p++;
      we = p;
      if (w == we)
        break;
      n = we - w;
      if (is_address (w, n))
        continue;
      taken += n + 1;

      if (n <= WORD_CACHE_BYTES)
        {
          guint32 h = 2166136261u;
          WordSlot *slot;

          for (gsize i = 0; i < n; i++)
            h = (h ^ (guchar) w[i]) * 16777619u;
          slot = &cache[(h ^ (h >> 16)) & (WORD_CACHE_SLOTS - 1)];
          if (slot->serial != model->serial || slot->len != n || memcmp (slot->word, w, n) != 0)
            {
              VigilTrigramScan one;

              memset (&one, 0, sizeof one);
              scan_word (model, w, we, &one);
              slot->serial = model->serial;
              slot->len = n;
              memcpy (slot->word, w, n);
              /* at most 23 bytes: a few dozen letters and trigrams */
              slot->letters = one.letters;
              slot->trigrams = one.trigrams;
              slot->known = one.known;
              memcpy (slot->scores, one.scores, sizeof slot->scores);
            }
          add_scan (scan, slot);
        }
      else
        {
          VigilTrigramScan one;

          memset (&one, 0, sizeof one);
          scan_word (model, w, we, &one);
          for (guint l = 0; l < VIGIL_TRIGRAM_MAX_LANGS; l++)
            scan->scores[l] += one.scores[l];
          scan->letters += one.letters;
          scan->trigrams += one.trigrams;
          scan->known += one.known;
        }
    }
}

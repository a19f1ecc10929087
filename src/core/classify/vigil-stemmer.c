/* vigil-stemmer.c: Snowball stemming (libstemmer) for query matching
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "vigil-stemmer"

#include "config.h"

#include <string.h>
#include <libstemmer.h>

#include "vigil-stemmer.h"

static const struct
{
  const char *code;
  const char *algorithm;
} langs[] = {
  { "en", "english" },
  { "fr", "french" },
  { "de", "german" },
  { "es", "spanish" },
  { "it", "italian" },
  { "nl", "dutch" },
  { "pt", "portuguese" },
  { "sv", "swedish" },
  { "da", "danish" },
  { "nb", "norwegian" },
  { "fi", "finnish" },
  { "ru", "russian" },
  { "tr", "turkish" },
};

/* Recent stems, per thread: words follow Zipf's law, so most tokens are
 * words stemmed moments ago. Direct-mapped on a hash of the language and
 * the word; short words only. */
#define CACHE_SLOTS      1024
#define CACHE_WORD_BYTES 27

typedef struct
{
  guint8 lang;       /* index + 1; 0 = empty */
  guint8 word_len;
  guint8 stem_len;
  char   word[CACHE_WORD_BYTES];
  char   stem[CACHE_WORD_BYTES];
} CacheSlot;

typedef struct
{
  struct sb_stemmer *stemmers[G_N_ELEMENTS (langs)];
  gboolean           failed[G_N_ELEMENTS (langs)];
  CacheSlot          cache[CACHE_SLOTS];
} ThreadStemmers;

static inline guint
cache_slot (guint       index,
            const char *word,
            gsize       len)
{
  guint32 h = 2166136261u ^ index;

  for (gsize i = 0; i < len; i++)
    h = (h ^ (guchar) word[i]) * 16777619u;
  return (h ^ (h >> 15)) & (CACHE_SLOTS - 1);
}

static void
thread_stemmers_free (gpointer data)
{
  ThreadStemmers *ts = data;

  for (guint i = 0; i < G_N_ELEMENTS (langs); i++)
    if (ts->stemmers[i])
      sb_stemmer_delete (ts->stemmers[i]);
  g_free (ts);
}

static GPrivate thread_stemmers = G_PRIVATE_INIT (thread_stemmers_free);

guint
vigil_stemmer_n_langs (void)
{
  return G_N_ELEMENTS (langs);
}

const char *
vigil_stemmer_lang_code (guint index)
{
  g_return_val_if_fail (index < G_N_ELEMENTS (langs), NULL);
  return langs[index].code;
}

int
vigil_stemmer_lang_index (const char *lang)
{
  char primary[4];
  gsize n = 0;

  if (!lang)
    return -1;
  while (lang[n] && lang[n] != '-' && lang[n] != '_' && n < 3)
    {
      primary[n] = g_ascii_tolower (lang[n]);
      n++;
    }
  if (n < 2 || (lang[n] && lang[n] != '-' && lang[n] != '_'))
    return -1;
  primary[n] = '\0';
  if (strcmp (primary, "no") == 0 || strcmp (primary, "nn") == 0)
    strcpy (primary, "nb");
  for (guint i = 0; i < G_N_ELEMENTS (langs); i++)
    if (strcmp (primary, langs[i].code) == 0)
      return i;
  return -1;
}

void
vigil_stemmer_append (guint       index,
                      const char *word,
                      gsize       len,
                      GString    *out)
{
  ThreadStemmers *ts;
  const sb_symbol *stem;

  g_return_if_fail (index < G_N_ELEMENTS (langs));

  ts = g_private_get (&thread_stemmers);
  if (!ts)
    {
      ts = g_new0 (ThreadStemmers, 1);
      g_private_set (&thread_stemmers, ts);
    }
  if (!ts->stemmers[index] && !ts->failed[index])
    {
      ts->stemmers[index] = sb_stemmer_new (langs[index].algorithm, "UTF_8");
      ts->failed[index] = ts->stemmers[index] == NULL;
    }
  if (!ts->stemmers[index] || len > G_MAXINT)
    {
      g_string_append_len (out, word, len);
      return;
    }
  if (len <= CACHE_WORD_BYTES)
    {
      CacheSlot *slot = &ts->cache[cache_slot (index, word, len)];

      if (slot->lang == index + 1 && slot->word_len == len && memcmp (slot->word, word, len) == 0)
        {
          g_string_append_len (out, slot->stem, slot->stem_len);
          return;
        }
      stem = sb_stemmer_stem (ts->stemmers[index], (const sb_symbol *) word, (int) len);
      if (stem && sb_stemmer_length (ts->stemmers[index]) <= CACHE_WORD_BYTES)
        {
          slot->lang = index + 1;
          slot->word_len = len;
          memcpy (slot->word, word, len);
          slot->stem_len = sb_stemmer_length (ts->stemmers[index]);
          memcpy (slot->stem, stem, slot->stem_len);
        }
    }
  else
    stem = sb_stemmer_stem (ts->stemmers[index], (const sb_symbol *) word, (int) len);
  if (!stem)
    {
      g_string_append_len (out, word, len);
      return;
    }
  g_string_append_len (out, (const char *) stem, sb_stemmer_length (ts->stemmers[index]));
}

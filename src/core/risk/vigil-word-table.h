/* vigil-word-table.h: a read-mostly table from words to pointers
 *
 * The risk units look up every token of every post in a table of words;
 * GHashTable's calls through function pointers and g_str_hash cost more
 * than the rest of the work. This open-addressing table hashes eight bytes
 * at a time and compares hashes before bytes. Keys are not copied: they
 * must outlive the table. Built once, then only read: safe to share
 * between threads. Internal to vigil-risk (the _vigil_ prefix).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <string.h>
#include <glib.h>

G_BEGIN_DECLS

typedef struct
{
  guint64     hash;
  const char *key;     /* NULL: empty slot */
  guint32     len;
  gpointer    value;
} VigilWordSlot;

typedef struct
{
  VigilWordSlot *slots;
  guint          mask;
  guint          n;
} VigilWordTable;

void _vigil_word_table_init   (VigilWordTable *table);
void _vigil_word_table_clear  (VigilWordTable *table);
/* Adds key (len bytes) → value, replacing the value of an equal key. */
void _vigil_word_table_insert (VigilWordTable *table,
                               const char     *key,
                               guint32         len,
                               gpointer        value);

static inline guint64
_vigil_word_hash (const char *key,
                  guint32     len)
{
  guint64 h = 0x9E3779B97F4A7C15ULL ^ len;

  while (len >= 8)
    {
      guint64 w;

      memcpy (&w, key, 8);
      h = (h ^ w) * 0xFF51AFD7ED558CCDULL;
      h ^= h >> 32;
      key += 8;
      len -= 8;
    }
  if (len)
    {
      guint64 w = 0;

      memcpy (&w, key, len);
      h = (h ^ w) * 0xFF51AFD7ED558CCDULL;
    }
  h ^= h >> 29;
  h *= 0xC4CEB9FE1A85EC53ULL;
  h ^= h >> 32;
  return h;
}

/* The value of key, or NULL. */
static inline gpointer
_vigil_word_table_lookup (const VigilWordTable *table,
                          const char           *key,
                          guint32               len)
{
  guint64 h;
  guint i;

  if (table->n == 0)
    return NULL;
  h = _vigil_word_hash (key, len);
  for (i = (guint) h & table->mask; table->slots[i].key; i = (i + 1) & table->mask)
    {
      const VigilWordSlot *s = &table->slots[i];

      if (s->hash == h && s->len == len && memcmp (s->key, key, len) == 0)
        return s->value;
    }
  return NULL;
}

G_END_DECLS

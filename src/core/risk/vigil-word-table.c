/* vigil-word-table.c: a read-mostly table from words to pointers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "vigil-word-table.h"

void
_vigil_word_table_init (VigilWordTable *table)
{
  table->mask = 15;
  table->n = 0;
  table->slots = g_new0 (VigilWordSlot, table->mask + 1);
}

void
_vigil_word_table_clear (VigilWordTable *table)
{
  g_clear_pointer (&table->slots, g_free);
  table->mask = 0;
  table->n = 0;
}

static void
put (VigilWordSlot *slots,
     guint          mask,
     const VigilWordSlot *slot)
{
  guint i = (guint) slot->hash & mask;

  while (slots[i].key)
    i = (i + 1) & mask;
  slots[i] = *slot;
}

void
_vigil_word_table_insert (VigilWordTable *table,
                          const char     *key,
                          guint32         len,
                          gpointer        value)
{
  VigilWordSlot slot = { _vigil_word_hash (key, len), key, len, value };

  g_return_if_fail (key);
  for (guint i = (guint) slot.hash & table->mask; table->slots[i].key; i = (i + 1) & table->mask)
    {
      VigilWordSlot *s = &table->slots[i];

      if (s->hash == slot.hash && s->len == len && memcmp (s->key, key, len) == 0)
        {
          s->value = value;
          return;
        }
    }
  /* at most half full, so probes stay short */
  if (2 * (table->n + 1) > table->mask + 1)
    {
      guint mask = table->mask * 2 + 1;
      VigilWordSlot *slots = g_new0 (VigilWordSlot, mask + 1);

      for (guint i = 0; i <= table->mask; i++)
        if (table->slots[i].key)
          put (slots, mask, &table->slots[i]);
      g_free (table->slots);
      table->slots = slots;
      table->mask = mask;
    }
  put (table->slots, table->mask, &slot);
  table->n++;
}

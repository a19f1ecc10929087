/* vigil-author-cache.c: recent name verdicts of the impersonation detector
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include "vigil-author-cache.h"

#define SLOTS          512
#define MAX_NAME_BYTES 256   /* longer names are not kept */

typedef struct
{
  char             *handle;    /* NULL: empty slot */
  char             *display;
  guint             generation;
  VigilNameVerdict  verdict;
} Slot;

struct _VigilAuthorCache
{
  Slot slots[SLOTS];
};

static void
verdict_copy (VigilNameVerdict       *to,
              const VigilNameVerdict *from)
{
  *to = *from;
  to->reasons = g_strdupv (from->reasons);
}

void
_vigil_name_verdict_clear (VigilNameVerdict *verdict)
{
  g_strfreev (verdict->reasons);
  memset (verdict, 0, sizeof *verdict);
}

static void
slot_clear (Slot *slot)
{
  g_clear_pointer (&slot->handle, g_free);
  g_clear_pointer (&slot->display, g_free);
  _vigil_name_verdict_clear (&slot->verdict);
}

static guint
slot_of (const char *handle,
         const char *display)
{
  return (g_str_hash (handle) * 31u + (display ? g_str_hash (display) : 7u)) % SLOTS;
}

VigilAuthorCache *
_vigil_author_cache_new (void)
{
  return g_new0 (VigilAuthorCache, 1);
}

void
_vigil_author_cache_free (VigilAuthorCache *cache)
{
  if (!cache)
    return;
  for (guint i = 0; i < SLOTS; i++)
    slot_clear (&cache->slots[i]);
  g_free (cache);
}

gboolean
_vigil_author_cache_lookup (VigilAuthorCache *cache,
                            const char       *handle,
                            const char       *display,
                            guint             generation,
                            VigilNameVerdict *verdict)
{
  const Slot *slot = &cache->slots[slot_of (handle, display)];

  if (!slot->handle || slot->generation != generation
      || strcmp (slot->handle, handle) != 0 || g_strcmp0 (slot->display, display) != 0)
    return FALSE;
  verdict_copy (verdict, &slot->verdict);
  return TRUE;
}

void
_vigil_author_cache_store (VigilAuthorCache       *cache,
                           const char             *handle,
                           const char             *display,
                           guint                   generation,
                           const VigilNameVerdict *verdict)
{
  Slot *slot;

  if (strlen (handle) > MAX_NAME_BYTES || (display && strlen (display) > MAX_NAME_BYTES))
    return;
  slot = &cache->slots[slot_of (handle, display)];
  slot_clear (slot);
  slot->handle = g_strdup (handle);
  slot->display = g_strdup (display);
  slot->generation = generation;
  verdict_copy (&slot->verdict, verdict);
}

/* vigil-author-cache.h: recent name verdicts of the impersonation detector
 *
 * Whether a handle and display name look like an official account depends
 * on the names alone, and the same accounts post again and again (a storm
 * is many posts from a few accounts), so the detector keeps its recent
 * verdicts: direct-mapped on a hash of the two names, which are kept to
 * compare. A verdict carries the generation of the official accounts it
 * was made against; a newer generation misses. Not thread-safe: the
 * detector's lock covers it. Internal to vigil-risk.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

typedef struct
{
  gboolean is_official;
  gboolean handle_hit;
  gboolean display_hit;
  double   name_score;
  char   **reasons;       /* NULL-terminated, never NULL */
} VigilNameVerdict;

typedef struct _VigilAuthorCache VigilAuthorCache;

VigilAuthorCache *_vigil_author_cache_new    (void);
void              _vigil_author_cache_free   (VigilAuthorCache       *cache);
/* TRUE and a copy of the verdict (clear it with _vigil_name_verdict_clear)
 * when the names were judged against this generation. display may be NULL. */
gboolean          _vigil_author_cache_lookup (VigilAuthorCache       *cache,
                                              const char             *handle,
                                              const char             *display,
                                              guint                   generation,
                                              VigilNameVerdict       *verdict);
/* Keeps a copy of verdict. */
void              _vigil_author_cache_store  (VigilAuthorCache       *cache,
                                              const char             *handle,
                                              const char             *display,
                                              guint                   generation,
                                              const VigilNameVerdict *verdict);
void              _vigil_name_verdict_clear  (VigilNameVerdict       *verdict);

G_END_DECLS

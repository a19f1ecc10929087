/* vigil-search-query.h: what a person searches the archive for
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib-object.h>

#include "vigil-post.h"

G_BEGIN_DECLS

/* A plain boxed struct: any field left NULL/0 does not filter. */
typedef struct
{
  char          *text;      /* words the user typed; turned into a safe FTS5 query */
  VigilPlatform  platform;  /* VIGIL_PLATFORM_UNKNOWN = any */
  char          *author;    /* handle, case-insensitive, exact */
  GDateTime     *since;     /* created_at >= since */
  GDateTime     *until;     /* created_at < until */
  guint          limit;     /* 0 = no limit */
  gboolean       by_arrival;/* order by archive id (arrival), not created_at */
  gint64         after_id;  /* only posts with archive id > after_id (0 = all) */
} VigilSearchQuery;

#define VIGIL_TYPE_SEARCH_QUERY (vigil_search_query_get_type ())
GType             vigil_search_query_get_type (void) G_GNUC_CONST;
VigilSearchQuery *vigil_search_query_new      (void);
VigilSearchQuery *vigil_search_query_copy     (const VigilSearchQuery *query);
void              vigil_search_query_free     (VigilSearchQuery       *query);
gboolean          vigil_search_query_is_empty (const VigilSearchQuery *query);

/* Turns what a person typed into an FTS5 MATCH expression that can never be
 * a syntax error: each word becomes a quoted term (a trailing * keeps prefix
 * matching); OR and NOT between words are kept as operators. Returns NULL
 * when text holds no searchable word. */
char             *vigil_search_query_to_fts   (const char             *text);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (VigilSearchQuery, vigil_search_query_free)

G_END_DECLS

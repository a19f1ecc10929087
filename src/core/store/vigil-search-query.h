/* vigil-search-query.h: what a person searches the archive for
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib-object.h>

#include "vigil-post.h"

G_BEGIN_DECLS

/* How results are ordered. NEWEST (created_at, then id) unless by_arrival. */
typedef enum
{
  VIGIL_SEARCH_ORDER_NEWEST = 0,  /* created_at, newest first */
  VIGIL_SEARCH_ORDER_ARRIVAL,     /* archive id, newest first (same as by_arrival) */
  VIGIL_SEARCH_ORDER_REACH,       /* reach, highest first; unknown reach last */
  VIGIL_SEARCH_ORDER_OTS,         /* real OTS, highest first; unknown last */
  VIGIL_SEARCH_ORDER_NEGATIVE,    /* compound sentiment, most negative first; unclassified last */
  VIGIL_SEARCH_ORDER_AUTHOR,      /* author handle A–Z (ignoring case), then newest */
} VigilSearchOrder;

/* What kind of post (the archive page's "type" filter). */
typedef enum
{
  VIGIL_SEARCH_TYPE_ANY = 0,
  VIGIL_SEARCH_TYPE_POST,         /* public, not a reply */
  VIGIL_SEARCH_TYPE_REPLY,        /* has a parent */
  VIGIL_SEARCH_TYPE_DIRECT,       /* direct visibility (a direct message) */
} VigilSearchType;

/* "newest", "arrival", "reach", "ots", "negative"; FALSE for anything else. */
gboolean          vigil_search_order_from_string (const char       *str,
                                                  VigilSearchOrder *out_order);
const char       *vigil_search_order_to_string   (VigilSearchOrder  order);

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

  /* Additive: the classifier's annotations (posts never classified match
   * none of these filters). */
  VigilSentiment sentiment; /* the label a person sees (override, else computed); NONE = any */
  char          *lang;      /* language code ("en"): the platform's tag, else the detected one */
  char          *category;  /* risk category id or prefix: "customer-service" matches
                             * "customer-service.refund" (whole dot-separated parts) */
  char          *watch;     /* watch name, exact */
  VigilSearchOrder order;   /* by_arrival TRUE overrides NEWEST only */
  gboolean       collapse_duplicates; /* one row per near-duplicate group: its newest
                                       * post, whose duplicate count is the group's */
  /* Additive (the archive page): */
  gboolean       deleted_only;  /* only posts whose deletion was archived */
  gboolean       edited_only;   /* only posts with an archived edit */
  VigilSearchType type;
  /* Additive (the archive page's hashtag, mention and link filters): */
  char          *tag;       /* a hashtag (a leading # is ignored): a phrase in the post's tags */
  char          *mention;   /* a handle (a leading @ is ignored): "@handle" in the current text */
  char          *link;      /* a URL or a part of one ("example.com/page"), in the current text,
                             * ignoring case */
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

/* vigil-link-header.h: RFC 8288 Link header parsing (Mastodon paging)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

typedef struct
{
  char  *target;  /* the URI reference between < and >, as written */
  char **rels;    /* relation types, lower-cased (rel="prev next" gives two) */
} VigilLink;

void       vigil_link_free            (VigilLink  *link);

/* Parses a Link header value (several headers joined with ", " are fine).
 * Malformed link-values are skipped; never fails. Returns VigilLink*. */
GPtrArray *vigil_link_header_parse    (const char *header);

/* The target of the first link with relation rel (case-insensitive),
 * resolved against base_uri when it is not NULL, or NULL. */
char      *vigil_link_header_find     (const char *header,
                                       const char *rel,
                                       const char *base_uri);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (VigilLink, vigil_link_free)

G_END_DECLS

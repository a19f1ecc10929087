/* vigil-opml.h: read and write OPML feed lists (pure functions)
 *
 * Input is hostile: no network, no entity expansion, no DTD, bounded size,
 * nesting and number of outlines.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

#define VIGIL_OPML_ERROR (vigil_opml_error_quark ())

typedef enum
{
  VIGIL_OPML_ERROR_TOO_LARGE,  /* over VIGIL_OPML_MAX_SIZE / _MAX_OUTLINES / _MAX_DEPTH */
  VIGIL_OPML_ERROR_SYNTAX,     /* not well-formed XML */
  VIGIL_OPML_ERROR_INVALID,    /* XML, but no OPML, or with entities / a DTD */
} VigilOpmlError;

GQuark vigil_opml_error_quark (void);

#define VIGIL_OPML_MAX_SIZE     (4 * 1024 * 1024)
#define VIGIL_OPML_MAX_OUTLINES 10000
#define VIGIL_OPML_MAX_DEPTH    32

typedef struct
{
  char *title;     /* may be NULL */
  char *xml_url;   /* the feed */
  char *html_url;  /* may be NULL */
} VigilOpmlOutline;

VigilOpmlOutline *vigil_opml_outline_new  (const char *xml_url,
                                           const char *title,
                                           const char *html_url);
void              vigil_opml_outline_free (VigilOpmlOutline *outline);

/* The feeds (outlines with an xmlUrl, folders flattened) in document order,
 * as VigilOpmlOutline*. Duplicated URLs are kept once. */
GPtrArray        *vigil_opml_parse        (GBytes     *data,
                                           GError    **error);
/* An OPML 2.0 document listing outlines (VigilOpmlOutline*). */
GBytes           *vigil_opml_write        (GPtrArray  *outlines,
                                           const char *title);

G_END_DECLS

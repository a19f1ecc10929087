/* vigil-parse-result.h: what a normaliser made of a document
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

#include "vigil-post.h"

G_BEGIN_DECLS

/* One record the normaliser refused, and where it was. */
typedef struct
{
  guint   line;     /* 1-based; 0 when not line-oriented */
  goffset offset;   /* byte offset of the record in the input */
  char   *message;  /* why, for a person */
} VigilParseReject;

typedef struct
{
  GPtrArray *posts;    /* VigilPost*, in input order (events included) */
  GPtrArray *rejects;  /* VigilParseReject* */
  guint      skipped;  /* well-formed records that aren't posts (e.g. Jetstream identity events) */
} VigilParseResult;

VigilParseResult *vigil_parse_result_new    (void);
void              vigil_parse_result_free   (VigilParseResult *result);
void              vigil_parse_result_reject (VigilParseResult *result,
                                             guint             line,
                                             goffset           offset,
                                             const char       *format,
                                             ...) G_GNUC_PRINTF (4, 5);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (VigilParseResult, vigil_parse_result_free)

G_END_DECLS

/* vigil-template-output.h: a template rendered for one platform and locale
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "vigil-case.h"
#include "vigil-template-library.h"

G_BEGIN_DECLS

typedef struct
{
  char      *text;
  guint      length;      /* in the platform's unit (graphemes; X: weighted) */
  guint      limit;       /* 0 = no limit known */
  gboolean   over_limit;
  GPtrArray *unfilled;    /* variable names without a value */
  GPtrArray *unknown;     /* the unfilled ones Vigil does not know */
  char      *locale;      /* of the variant used */
  char      *note;        /* its tone note, may be NULL */
} VigilTemplateOutput;

void                 vigil_template_output_free (VigilTemplateOutput *output);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (VigilTemplateOutput, vigil_template_output_free)

/* Picks the variant for locale/platform and fills values (may be NULL). */
VigilTemplateOutput *vigil_template_output_new  (VigilTemplate       *template,
                                                 const char          *locale,
                                                 const char          *platform,
                                                 GHashTable          *values);
/* The same for a body being edited (no template yet). */
VigilTemplateOutput *vigil_template_output_new_for_body (const char  *body,
                                                         const char  *platform,
                                                         GHashTable  *values);
/* {"text", "graphemes", "limit", "over_limit", "unfilled": [...], "unknown": [...]} */
void                 vigil_template_output_write_json (VigilTemplateOutput *output,
                                                       GString             *out);

/* Values to fill a template answering kase: the organisation's defaults,
 * then from the case: case_ref, author, author_name, platform, post_url,
 * date (today, from now_us; 0 = now). */
GHashTable          *vigil_template_values_for_case (VigilTemplateLibrary *library,
                                                     VigilCase            *kase,
                                                     gint64                now_us);

G_END_DECLS

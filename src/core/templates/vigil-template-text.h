/* vigil-template-text.h: {variables} in a template body
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* Syntax: {name} is a variable (name: a–z, 0–9 and _, starting with a
 * letter, at most 64 bytes); {{ and }} are a literal { and }. Any other
 * brace is kept as written. */

typedef struct
{
  char      *text;      /* the body with every variable that has a value filled in */
  GPtrArray *unfilled;  /* names (char *) used but given no value, once each, in order */
  GPtrArray *unknown;   /* the subset of unfilled that Vigil does not know (a typo?) */
} VigilTemplateRender;

void vigil_template_render_free (VigilTemplateRender *render);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (VigilTemplateRender, vigil_template_render_free)

/* values: name → value (char * → char *), may be NULL. An unfilled
 * variable stays in the text as {name}. */
VigilTemplateRender *vigil_template_render_text    (const char *body,
                                                    GHashTable *values);
/* The variable names a body uses, once each, in order. */
GPtrArray           *vigil_template_text_variables (const char *body);

/* The variables Vigil knows, NULL-terminated. */
const char * const  *vigil_template_known_variables (void);
gboolean             vigil_template_variable_is_known (const char *name);
/* What the variable means (translated); NULL when unknown. */
const char          *vigil_template_variable_describe (const char *name);
/* An example value for previews (translated); NULL when unknown. */
const char          *vigil_template_variable_sample   (const char *name);
/* Sample values for every known variable; {date} is today's date. */
GHashTable          *vigil_template_sample_values     (void);

G_END_DECLS

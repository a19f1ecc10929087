/* vigil-template-editor.h: edit a crisis template with a live preview
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "vigil-template-library.h"

G_BEGIN_DECLS

#define VIGIL_TYPE_TEMPLATE_EDITOR (vigil_template_editor_get_type ())
G_DECLARE_FINAL_TYPE (VigilTemplateEditor, vigil_template_editor, VIGIL, TEMPLATE_EDITOR, GtkWidget)

/* Signal "message" (const char *): a sentence to show in a toast. */
void           vigil_template_editor_set_library  (VigilTemplateEditor  *self,
                                                   VigilTemplateLibrary *library);
/* Shows a revision (the latest is editable; older ones are read-only) or
 * a new draft (revision 0). NULL: the empty state. */
void           vigil_template_editor_show         (VigilTemplateEditor  *self,
                                                   VigilTemplate        *template);
VigilTemplate *vigil_template_editor_get_template (VigilTemplateEditor  *self);
/* The body being edited, for the current locale and platform. */
char          *vigil_template_editor_get_body     (VigilTemplateEditor  *self);
void           vigil_template_editor_set_body     (VigilTemplateEditor  *self,
                                                   const char           *body);
void           vigil_template_editor_set_variant  (VigilTemplateEditor  *self,
                                                   const char           *locale,
                                                   const char           *platform);
/* The text of the preview (filled with sample and organisation values). */
const char    *vigil_template_editor_get_preview  (VigilTemplateEditor  *self);
/* Saves the edited draft as a new version; FALSE with the reason sent as
 * "message". */
gboolean       vigil_template_editor_save         (VigilTemplateEditor  *self);
gboolean       vigil_template_editor_approve      (VigilTemplateEditor  *self);

G_END_DECLS

/* vigil-templates-page.h: the crisis template library: search, filters, editor, packs
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "vigil-context.h"
#include "vigil-template-editor.h"

G_BEGIN_DECLS

#define VIGIL_TYPE_TEMPLATES_PAGE (vigil_templates_page_get_type ())
G_DECLARE_FINAL_TYPE (VigilTemplatesPage, vigil_templates_page, VIGIL, TEMPLATES_PAGE, GtkWidget)

/* Actions (group "templates"): new, import, export, export-approved. */
void                 vigil_templates_page_set_context (VigilTemplatesPage *self,
                                                       VigilContext       *context);
VigilTemplateEditor *vigil_templates_page_get_editor  (VigilTemplatesPage *self);
/* Shows the template with this id (clears the filters when needed). */
gboolean             vigil_templates_page_select      (VigilTemplatesPage *self,
                                                       const char         *id);
/* Filters: NULL/"" = any. */
void                 vigil_templates_page_set_filters (VigilTemplatesPage *self,
                                                       const char         *text,
                                                       const char         *scenario,
                                                       const char         *kind,
                                                       const char         *platform,
                                                       const char         *locale,
                                                       const char         *state);
guint                vigil_templates_page_get_n_shown (VigilTemplatesPage *self);
/* Imports a pack file; FALSE and a dialog when it is not a valid pack. */
gboolean             vigil_templates_page_import_file (VigilTemplatesPage *self,
                                                       GFile              *file);

G_END_DECLS

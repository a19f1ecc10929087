/* vigil-template-responder.h: "Respond with template…" from a triage case
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "vigil-case-board.h"
#include "vigil-template-library.h"

G_BEGIN_DECLS

#define VIGIL_TYPE_TEMPLATE_RESPONDER (vigil_template_responder_get_type ())
G_DECLARE_FINAL_TYPE (VigilTemplateResponder, vigil_template_responder, VIGIL, TEMPLATE_RESPONDER, AdwWindow)

/* Picks a template, fills its variables from the case, lets the person
 * edit, then copies the text or saves it as the case's draft reply (the
 * case log records the template id and version). Actions (group
 * "responder"): copy, save. */
GtkWidget *vigil_template_responder_new      (VigilCaseBoard         *board,
                                              VigilCase              *kase,
                                              VigilTemplateLibrary   *library);
gboolean   vigil_template_responder_select   (VigilTemplateResponder *self,
                                              const char             *template_id);
char      *vigil_template_responder_get_text (VigilTemplateResponder *self);
void       vigil_template_responder_set_text (VigilTemplateResponder *self,
                                              const char             *text);
void       vigil_template_responder_set_platform (VigilTemplateResponder *self,
                                                  const char             *platform);
/* Saves the draft reply; FALSE with error when the board refuses it. */
gboolean   vigil_template_responder_save     (VigilTemplateResponder *self,
                                              GError                **error);

/* Adds "Respond with Template…" and the playbook checklist to a case
 * view's actions box (src/gui/triage/vigil-case-view.c calls it). */
void       vigil_template_responder_attach   (GtkWidget              *case_view,
                                              GtkBox                 *actions,
                                              VigilCaseBoard         *board,
                                              VigilCase              *kase);

G_END_DECLS

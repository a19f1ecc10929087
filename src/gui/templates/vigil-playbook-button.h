/* vigil-playbook-button.h: a case's playbook checklist, in a popover
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "vigil-case-board.h"
#include "vigil-playbook-service.h"

G_BEGIN_DECLS

#define VIGIL_TYPE_PLAYBOOK_BUTTON (vigil_playbook_button_get_type ())
G_DECLARE_FINAL_TYPE (VigilPlaybookButton, vigil_playbook_button, VIGIL, PLAYBOOK_BUTTON, GtkWidget)

GtkWidget        *vigil_playbook_button_new       (VigilCaseBoard      *board,
                                                   VigilCase           *kase);
/* The case's latest run, or NULL. */
VigilPlaybookRun *vigil_playbook_button_get_run   (VigilPlaybookButton *self);
/* What the buttons in the popover do. */
VigilPlaybookRun *vigil_playbook_button_start     (VigilPlaybookButton *self,
                                                   const char          *playbook_id,
                                                   GError             **error);
gboolean          vigil_playbook_button_tick      (VigilPlaybookButton *self,
                                                   guint                step,
                                                   gboolean             done,
                                                   GError             **error);

G_END_DECLS

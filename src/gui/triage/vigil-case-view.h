/* vigil-case-view.h: one case: its post, state, reply, notes and log
 *
 * The GtkBox "case_actions" (vigil_case_view_get_actions_box) is where
 * other features add buttons beside the reply (templates: "Respond with
 * template…", which calls vigil_case_board_save_draft() with its id and
 * version; the view follows the case's "draft" property).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "vigil-case-board.h"

G_BEGIN_DECLS

#define VIGIL_TYPE_CASE_VIEW (vigil_case_view_get_type ())
G_DECLARE_FINAL_TYPE (VigilCaseView, vigil_case_view, VIGIL, CASE_VIEW, AdwWindow)

GtkWidget *vigil_case_view_new             (VigilCaseBoard *board,
                                            VigilCase      *kase);
VigilCase *vigil_case_view_get_case        (VigilCaseView  *self);
GtkBox    *vigil_case_view_get_actions_box (VigilCaseView  *self);
/* The draft reply as typed (not yet saved); newly allocated. */
char      *vigil_case_view_get_draft_text  (VigilCaseView  *self);

G_END_DECLS

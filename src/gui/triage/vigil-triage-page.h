/* vigil-triage-page.h: the Triage page: the board and keyboard triage
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "vigil-case-board.h"

G_BEGIN_DECLS

#define VIGIL_TYPE_TRIAGE_PAGE (vigil_triage_page_get_type ())
G_DECLARE_FINAL_TYPE (VigilTriagePage, vigil_triage_page, VIGIL, TRIAGE_PAGE, AdwBin)

/* Property "board" (VigilCaseBoard). Actions (group "triage"): next,
 * previous, extend-next, extend-previous, column-left, column-right,
 * assign (u: a role's digit), accept, escalate, leave, claim, open, undo,
 * identity; their keys are in the shortcuts window. */
VigilCaseBoard *vigil_triage_page_get_board        (VigilTriagePage *self);
void            vigil_triage_page_set_board        (VigilTriagePage *self,
                                                    VigilCaseBoard  *board);
/* The columns, left to right: inbox, one per role, escalated, done. */
GPtrArray      *vigil_triage_page_get_columns      (VigilTriagePage *self);
/* The column the keyboard works in, and its first selected case. */
GtkWidget      *vigil_triage_page_get_current_column (VigilTriagePage *self);
VigilCase      *vigil_triage_page_get_cursor_case  (VigilTriagePage *self);
/* Opens the posts' cases (the Feed's "Send to Triage"); returns how many. */
guint           vigil_triage_page_send_posts       (VigilTriagePage *self,
                                                    GPtrArray       *posts);
void            vigil_triage_page_show_toast       (VigilTriagePage *self,
                                                    const char      *message);

G_END_DECLS

/* vigil-case-card.h: one case on the triage board
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "vigil-case-board.h"

G_BEGIN_DECLS

#define VIGIL_TYPE_CASE_CARD (vigil_case_card_get_type ())
G_DECLARE_FINAL_TYPE (VigilCaseCard, vigil_case_card, VIGIL, CASE_CARD, AdwBin)

/* "case" (VigilCase, may be NULL) and "board" (for role names). */
GtkWidget  *vigil_case_card_new      (VigilCaseBoard *board);
/* "Mastodon", "Bluesky", "Feed"…: a post's source as people say it. */
const char *vigil_case_card_platform_label (VigilPost *post);
VigilCase *vigil_case_card_get_case (VigilCaseCard  *self);
void       vigil_case_card_set_case (VigilCaseCard  *self,
                                     VigilCase      *kase);

G_END_DECLS

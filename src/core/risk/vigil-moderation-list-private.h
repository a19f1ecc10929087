/* vigil-moderation-list-private.h: for the differential test only
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "vigil-moderation-list.h"

G_BEGIN_DECLS

/* vigil_moderation_list_match() without the index of prefix entries by
 * first byte: every prefix entry is tried at every token, as before the
 * index. Same answers, slower. */
char **_vigil_moderation_list_match_reference (VigilModerationList *self,
                                               const char          *text);

G_END_DECLS

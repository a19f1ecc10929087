/* vigil-post-row.h: one post in the feed
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "vigil-post.h"

G_BEGIN_DECLS

#define VIGIL_TYPE_POST_ROW (vigil_post_row_get_type ())
G_DECLARE_FINAL_TYPE (VigilPostRow, vigil_post_row, VIGIL, POST_ROW, AdwBin)

/* Property "item": the VigilPost shown (bound from GtkListItem:item). */
GtkWidget *vigil_post_row_new      (void);
VigilPost *vigil_post_row_get_item (VigilPostRow *self);
void       vigil_post_row_set_item (VigilPostRow *self,
                                    VigilPost    *item);

/* "2 min ago"; NULL-safe. now may be NULL (the current time). */
char      *vigil_format_relative_time (GDateTime *time,
                                       GDateTime *now);

G_END_DECLS

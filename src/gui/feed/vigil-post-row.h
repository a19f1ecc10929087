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

/* Property "position": the item's position in the list, bound from
 * GtkListItem:position (GTK_INVALID_LIST_POSITION outside a list). */
guint       vigil_post_row_get_position       (VigilPostRow *self);
void        vigil_post_row_set_position       (VigilPostRow *self,
                                               guint         position);

/* For tests and assistive text: the sentiment as the tooltip says it
 * ("Negative (−0.67)", "Negative (set by a person)"; NULL when not
 * classified), the colour cue's class ("negative", "neutral", "positive",
 * NULL), the labels of the badges shown (NULL-terminated; g_strfreev), a
 * shown badge's tooltip, and the counts at the bottom right
 * ("Reach 56k · OTS 5.6k", or followers when not classified). */
const char *vigil_post_row_get_sentiment_text (VigilPostRow *self);
const char *vigil_post_row_get_sentiment_class (VigilPostRow *self);
char      **vigil_post_row_dup_badges         (VigilPostRow *self);
const char *vigil_post_row_get_badge_tooltip  (VigilPostRow *self,
                                               const char   *label);
const char *vigil_post_row_get_counts_text    (VigilPostRow *self);

/* "2 min ago"; NULL-safe. now may be NULL (the current time). */
char      *vigil_format_relative_time (GDateTime *time,
                                       GDateTime *now);

G_END_DECLS

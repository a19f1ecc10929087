/* vigil-near-duplicate-index.h: group copies of the same text
 *
 * Two posts are copies when their normalised text is the same (folded case
 * and accents; "RT"/"via"/"QT", @mentions, URLs, emoji and punctuation
 * dropped, and trailing hashtags and numbers), or when the 64-bit SimHashes
 * of their words differ in at most max_hamming bits. A storm of 5,000
 * reposts with small variations is then one group of 5,000.
 *
 * The SimHash features are single words (1-shingles): order-insensitive, but
 * the most tolerant of an edited word. Even so a short post with one word
 * changed is typically 6–9 bits away, so within 3 bits SimHash catches small
 * edits of longer posts; the normalised-text hash catches the usual repost
 * decorations whatever the length.
 *
 * The index keeps every SimHash it has seen in four tables keyed by one
 * 16-bit band each; by the pigeonhole principle a hash within 3 bits of
 * another shares at least one band with it, so a lookup is exact for
 * max_hamming <= 3 and best effort above.
 *
 * The index is guarded by a mutex: add() may be called from several threads.
 * Memory grows with the number of distinct texts (roughly 150 bytes each):
 * keep one index per session or time window (a day, say), not for ever.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib-object.h>

G_BEGIN_DECLS

/* Texts with fewer words than this are grouped by exact normalised text
 * only: a SimHash over two words says little. */
#define VIGIL_SIMHASH_MIN_WORDS 4

/* SimHash over the normalised text's words; 0 for a text without words. */
guint64  vigil_simhash (const char *text);
/* Additive: the hash of the normalised text, 0 for a text without words. */
guint64  vigil_near_duplicate_text_hash (const char *text);

#define VIGIL_TYPE_NEAR_DUPLICATE_INDEX (vigil_near_duplicate_index_get_type ())
G_DECLARE_FINAL_TYPE (VigilNearDuplicateIndex, vigil_near_duplicate_index, VIGIL, NEAR_DUPLICATE_INDEX, GObject)

/* max_hamming: bits two SimHashes may differ by (3 is a good value for
 * posts; at most 16). */
VigilNearDuplicateIndex *vigil_near_duplicate_index_new       (guint                    max_hamming);
/* Adds a post; returns its group id (the id of the first post of its
 * group) and sets *group_size (may be NULL) to the group's size including
 * this post. Adding the same post_id again counts it again: callers add
 * each post once. A text without words is a group of its own. */
gint64   vigil_near_duplicate_index_add            (VigilNearDuplicateIndex *self,
                                                    gint64                   post_id,
                                                    const char              *text,
                                                    guint                   *group_size);
/* Additive: the size of a group (0 for an unknown id). */
guint    vigil_near_duplicate_index_get_group_size (VigilNearDuplicateIndex *self,
                                                    gint64                   group_id);
/* Additive: the number of groups. */
guint    vigil_near_duplicate_index_get_n_groups   (VigilNearDuplicateIndex *self);

G_END_DECLS

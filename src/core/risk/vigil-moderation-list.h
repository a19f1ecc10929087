/* vigil-moderation-list.h: words that need a senior's authorisation
 *
 * A post that contains one of these words (profanity, slurs, threats,
 * self-harm markers) must not be answered without a senior's sign-off.
 * Entries are words or phrases, with an optional suffix wildcard
 * ("fuck*"). Matching is case- and accent-insensitive, on whole words
 * ("Scunthorpe" does not match "cunt"), and sees through the usual
 * disguises: "f*ck", "f**k", "sh1t", "a$$", "fuuuck".
 *
 * Immutable once built: safe to share between threads.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib-object.h>

G_BEGIN_DECLS

#define VIGIL_TYPE_MODERATION_LIST (vigil_moderation_list_get_type ())
G_DECLARE_FINAL_TYPE (VigilModerationList, vigil_moderation_list, VIGIL, MODERATION_LIST, GObject)

/* The built-in list, /io/github/vigilapp/Vigil/data/moderation/default.txt
 * (one entry per line, "#" comments). */
VigilModerationList  *vigil_moderation_list_new_default (void);
/* A list from words (NULL-terminated); empty or unusable entries are
 * ignored. */
VigilModerationList  *vigil_moderation_list_new         (const char * const  *words);
/* Additive: a list from text in the default.txt format. */
VigilModerationList  *vigil_moderation_list_new_from_text (const char        *text);
/* The entries found in text, as written in the list, in the order of first
 * appearance, NULL-terminated (g_strfreev); NULL if none. */
char                **vigil_moderation_list_match       (VigilModerationList *self,
                                                         const char          *text);
/* Additive: the number of usable entries. */
guint                 vigil_moderation_list_get_n_entries (VigilModerationList *self);

G_END_DECLS

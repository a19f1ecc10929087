/* vigil-grapheme.h: extended grapheme clusters (UAX #29) and platform lengths
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* The end of the grapheme cluster that starts at p (p < end): UAX #29
 * extended grapheme clusters (CR LF, controls, Hangul syllables, combining
 * and spacing marks, prepend, emoji modifier and ZWJ sequences, regional
 * indicator pairs). Invalid UTF-8 counts one cluster per byte. */
const char *vigil_grapheme_next      (const char *p,
                                      const char *end);
/* Number of extended grapheme clusters in text (len -1: NUL-terminated). */
guint       vigil_grapheme_count     (const char *text,
                                      gssize      len);
/* TRUE for an Extended_Pictographic code point (emoji-data.txt). */
gboolean    vigil_unichar_is_extended_pictographic (gunichar c);

/* How a platform counts a post's length (NULL/"" or unknown: graphemes):
 * mastodon: graphemes, each URL counts 23;
 * bluesky: graphemes;
 * x: weighted like twitter-text v3 (Latin and common punctuation 1, other
 *    scripts and emoji 2, each URL 23);
 * linkedin, facebook: graphemes. */
guint       vigil_platform_length    (const char *platform,
                                      const char *text);
/* The platform's limit in the same unit (0 = no limit / unknown platform). */
guint       vigil_platform_limit     (const char *platform);
/* The platforms Vigil knows limits for, NULL-terminated. */
const char * const *vigil_platform_names (void);
/* The platform's display name (translated). */
const char *vigil_platform_display_name (const char *platform);

G_END_DECLS

/* vigil-stemmer.h: Snowball stemming (libstemmer) for query matching
 *
 * libstemmer's stemmer objects are not thread-safe, so each thread keeps
 * its own, created on first use and freed when the thread exits, with a
 * cache of the stems of recent short words.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* Index of the stemmer for a language tag ("en", "fr-CA", "pt_BR"…), or -1
 * when there is none. */
int         vigil_stemmer_lang_index (const char *lang);
/* Number of stemming languages, and the primary subtag of each. */
guint       vigil_stemmer_n_langs    (void);
const char *vigil_stemmer_lang_code  (guint       index);

/* Appends the stem of a folded word to out with the stemmer at index.
 * Thread-safe. Words the stemmer cannot take are appended unchanged. */
void        vigil_stemmer_append     (guint       index,
                                      const char *word,
                                      gsize       len,
                                      GString    *out);

G_END_DECLS

/* vigil-redaction-lexicon.h: the words and patterns of one language
 *
 * The format is documented in data/redaction/README.md.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "vigil-redaction-span.h"

G_BEGIN_DECLS

#define VIGIL_TYPE_REDACTION_LEXICON (vigil_redaction_lexicon_get_type ())
G_DECLARE_FINAL_TYPE (VigilRedactionLexicon, vigil_redaction_lexicon, VIGIL, REDACTION_LEXICON, GObject)

/* An empty lexicon (tests add rules with add_data). */
VigilRedactionLexicon *vigil_redaction_lexicon_new         (const char             *locale);
/* The built-in rules of locale ("en", "de"), then every *.rules file in
 * $XDG_CONFIG_HOME/vigil/redaction/<locale>/ in name order. An error names
 * the file and line of a bad rule; an unknown locale is an error. */
VigilRedactionLexicon *vigil_redaction_lexicon_new_for_locale (const char          *locale,
                                                               GError             **error);
/* Adds the rules of one file's text; name is used in errors. */
gboolean               vigil_redaction_lexicon_add_data    (VigilRedactionLexicon  *self,
                                                            const char             *name,
                                                            const char             *data,
                                                            gsize                   len,
                                                            GError                **error);
const char            *vigil_redaction_lexicon_get_locale  (VigilRedactionLexicon  *self);
/* How many terms and patterns it holds. */
guint                  vigil_redaction_lexicon_get_n_terms (VigilRedactionLexicon  *self);
/* The locales with built-in rules, NULL-terminated. */
const char *const     *vigil_redaction_lexicon_list_locales (void);

G_END_DECLS

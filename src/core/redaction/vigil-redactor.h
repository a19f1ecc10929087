/* vigil-redactor.h: finds what reveals a protected characteristic
 *
 * Pure and thread-safe once built: detect() only reads the lexicon.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "vigil-redaction-lexicon.h"
#include "vigil-redaction-span.h"

G_BEGIN_DECLS

/* Bound on one text (a dossier item): 4 MiB. */
#define VIGIL_REDACTOR_MAX_TEXT_BYTES (4 * 1024 * 1024)

#define VIGIL_TYPE_REDACTOR (vigil_redactor_get_type ())
G_DECLARE_FINAL_TYPE (VigilRedactor, vigil_redactor, VIGIL, REDACTOR, GObject)

VigilRedactor *vigil_redactor_new             (VigilRedactionLexicon *lexicon);
/* The built-in rules (and the user's) of locale. */
VigilRedactor *vigil_redactor_new_for_locale  (const char            *locale,
                                               GError               **error);
VigilRedactionLexicon *vigil_redactor_get_lexicon (VigilRedactor     *self);

/* The spans of text (valid UTF-8, NUL-terminated) in the categories of
 * mask, sorted by start, not overlapping. A GArray of VigilRedactionSpan.
 * An error when text is not UTF-8 or too long (the message says where). */
GArray        *vigil_redactor_detect          (VigilRedactor         *self,
                                               const char            *text,
                                               guint                  mask,
                                               GError               **error);

G_END_DECLS

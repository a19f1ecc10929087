/* vigil-language-detector.h: the language of a post, with libexttextcat
 *
 * Only a small set of languages is considered (those Vigil has rule packs,
 * stemmers or users for), which makes n-gram guessing much more reliable.
 * Text with fewer than VIGIL_LANGUAGE_MIN_LETTERS letters (after URLs,
 * mentions and hashtags are removed) is not guessed: very short texts are
 * unreliable ("ok" comes out as Slovak), so the answer is NULL ("und").
 *
 * Thread-safe: textcat handles are pooled, one per concurrent caller.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib-object.h>

G_BEGIN_DECLS

#define VIGIL_LANGUAGE_MIN_LETTERS 20

#define VIGIL_TYPE_LANGUAGE_DETECTOR (vigil_language_detector_get_type ())
G_DECLARE_FINAL_TYPE (VigilLanguageDetector, vigil_language_detector, VIGIL, LANGUAGE_DETECTOR, GObject)

/* langs: ISO 639-1 codes with a fingerprint in the libexttextcat data
 * folder, NULL for the default set (en fr de es it nl pt sv da nb fi pl ru tr). */
VigilLanguageDetector *vigil_language_detector_new        (const char * const    *langs,
                                                          GError               **error);
/* An interned language code ("en"), or NULL when the text is too short or
 * the guess is not clear. */
const char            *vigil_language_detector_detect     (VigilLanguageDetector *self,
                                                          const char            *text,
                                                          gssize                 len);
/* The platform's own tag when present (normalised: "en-US" → "en-us"…
 * returned as its primary subtag "en"), else the detected language. */
const char            *vigil_language_detector_detect_post (VigilLanguageDetector *self,
                                                           const char            *platform_lang,
                                                           const char            *text);
const char * const    *vigil_language_detector_get_langs  (VigilLanguageDetector *self);

G_END_DECLS

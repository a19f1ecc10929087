/* vigil-language-detector.h: the language of a post
 *
 * Two engines: Vigil's own character-trigram model (vigil-trigram-model.h,
 * trained on translations; en fr de es it nl pt sv da nb fi pl ru tr), the
 * default, and libexttextcat, used for languages the model lacks. The
 * trigram engine is about a hundred times faster and more accurate on
 * short posts (tests/core/classify/test-language-accuracy.c measures both).
 *
 * Only a small set of languages is considered (those Vigil has rule packs,
 * stemmers or users for), which makes n-gram guessing much more reliable.
 * Text with fewer than VIGIL_LANGUAGE_MIN_LETTERS letters (after URLs,
 * mentions and hashtags are removed) is not guessed: very short texts are
 * unreliable ("ok" comes out as Slovak), so the answer is NULL ("und").
 *
 * Thread-safe: the trigram model is immutable; textcat handles are
 * pooled, one per concurrent caller.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib-object.h>

G_BEGIN_DECLS

#define VIGIL_LANGUAGE_MIN_LETTERS 20

typedef enum
{
  VIGIL_LANGUAGE_ENGINE_AUTO,      /* trigrams when the model has every language, else textcat */
  VIGIL_LANGUAGE_ENGINE_TRIGRAMS,  /* Vigil's trigram model; an error for a language it lacks */
  VIGIL_LANGUAGE_ENGINE_TEXTCAT,   /* libexttextcat's fingerprints */
} VigilLanguageEngine;

#define VIGIL_TYPE_LANGUAGE_DETECTOR (vigil_language_detector_get_type ())
G_DECLARE_FINAL_TYPE (VigilLanguageDetector, vigil_language_detector, VIGIL, LANGUAGE_DETECTOR, GObject)

/* langs: ISO 639-1 codes the trigram model knows or with a fingerprint in
 * the libexttextcat data folder, NULL for the default set (en fr de es it
 * nl pt sv da nb fi pl ru tr). The engine is AUTO. */
VigilLanguageDetector *vigil_language_detector_new        (const char * const    *langs,
                                                          GError               **error);
VigilLanguageDetector *vigil_language_detector_new_with_engine (const char * const *langs,
                                                               VigilLanguageEngine engine,
                                                               GError            **error);
/* TRIGRAMS or TEXTCAT: the engine chosen. */
VigilLanguageEngine    vigil_language_detector_get_engine (VigilLanguageDetector *self);
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

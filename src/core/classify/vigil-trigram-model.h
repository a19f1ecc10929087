/* vigil-trigram-model.h: Vigil's own language model, character trigrams
 *
 * A naive Bayes model over the character trigrams of words (lower case,
 * letters only, each word padded with a space: " word " → " wo", "wor",
 * "ord", "rd "), built by data/lang/make-trigrams.py from translations in
 * Debian's gettext catalogs and shipped as a resource (data/lang/trigrams.txt).
 * A text's score in a language is the sum of the log-probabilities of its
 * known trigrams; trigrams the model does not know are left out.
 *
 * The model is loaded once per process and never changes, so it is shared
 * by every detector and thread without a lock. Each thread keeps the
 * scores of recent words (they add up, so a word scores the same
 * anywhere). Internal to vigil-classify.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

#define VIGIL_TRIGRAM_MAX_LANGS 16

typedef struct _VigilTrigramModel VigilTrigramModel;

/* What one scan of a text found. */
typedef struct
{
  gint32 scores[VIGIL_TRIGRAM_MAX_LANGS];  /* log-probability × 128, per language */
  guint  letters;                          /* letters in the words looked at */
  guint  trigrams;                         /* trigrams seen */
  guint  known;                            /* of which the model knows */
  /* private: sums of the last trigrams, in 16 bits (they cannot overflow
   * in PARTIAL_MAX of them), added to scores every PARTIAL_MAX trigrams */
  gint16 partial[VIGIL_TRIGRAM_MAX_LANGS];
  guint  n_partial;
} VigilTrigramScan;

/* The shipped model, or NULL (with a critical) if its resource is broken. */
const VigilTrigramModel *_vigil_trigram_model_get_default (void);
/* Parses a model in the format of data/lang/trigrams.txt. */
VigilTrigramModel       *_vigil_trigram_model_new_from_text (const char   *text,
                                                             gsize         len,
                                                             GError      **error);
void                     _vigil_trigram_model_free          (VigilTrigramModel *model);
guint                    _vigil_trigram_model_get_n_langs   (const VigilTrigramModel *model);
/* An interned code. */
const char              *_vigil_trigram_model_get_lang      (const VigilTrigramModel *model,
                                                             guint                    i);
/* The index of code, or -1. */
int                      _vigil_trigram_model_find_lang     (const VigilTrigramModel *model,
                                                             const char              *code);
/* Scores the words of text, leaving out URLs, @mentions and #hashtags, up
 * to the first max_bytes bytes. Invalid UTF-8 separates words. */
void                     _vigil_trigram_model_scan          (const VigilTrigramModel *model,
                                                             const char              *text,
                                                             gsize                    len,
                                                             gsize                    max_bytes,
                                                             VigilTrigramScan        *scan);
/* The same without the per-thread cache of recent words' scores, for the
 * differential test. */
void                     _vigil_trigram_model_scan_uncached (const VigilTrigramModel *model,
                                                             const char              *text,
                                                             gsize                    len,
                                                             gsize                    max_bytes,
                                                             VigilTrigramScan        *scan);

G_END_DECLS

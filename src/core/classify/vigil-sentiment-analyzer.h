/* vigil-sentiment-analyzer.h: VADER sentiment (Hutto & Gilbert, 2014)
 *
 * A compound score in [-1, 1] from the VADER lexicon and the paper's
 * heuristics. English only: the lexicon is English, so French or German
 * text mostly scores 0 (neutral) except for emoji, emoticons and loan words.
 *
 * Two modes (docs/classify.md): VIGIL, the default, repairs and extends
 * the rules (negation scope, contrast, comparatives, complaint words,
 * emoji); REFERENCE reproduces the npm package vader-sentiment
 * (vaderSentiment-js 1.1.3) rule for rule, so the two can be measured
 * against each other (tests/core/classify/test-sentiment-reference.c).
 *
 * Immutable after construction: safe to use from several threads at once.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib-object.h>

#include "vigil-post.h"

G_BEGIN_DECLS

/* The label is the post's own VigilSentiment (never NONE here). */
typedef VigilSentiment VigilSentimentLabel;

#define VIGIL_SENTIMENT_POSITIVE_THRESHOLD  0.05
#define VIGIL_SENTIMENT_NEGATIVE_THRESHOLD -0.05

#define VIGIL_SENTIMENT_LEXICON_RESOURCE "/io/github/vigilapp/Vigil/data/lexicons/vader/vader_lexicon.txt"
#define VIGIL_SENTIMENT_EMOJI_RESOURCE   "/io/github/vigilapp/Vigil/data/lexicons/vader/emoji_utf8_lexicon.txt"

typedef enum
{
  VIGIL_SENTIMENT_MODE_VIGIL,
  VIGIL_SENTIMENT_MODE_REFERENCE,
} VigilSentimentMode;

#define VIGIL_TYPE_SENTIMENT_ANALYZER (vigil_sentiment_analyzer_get_type ())
G_DECLARE_FINAL_TYPE (VigilSentimentAnalyzer, vigil_sentiment_analyzer, VIGIL, SENTIMENT_ANALYZER, GObject)

/* Loads the lexicons shipped in the GResource. */
VigilSentimentAnalyzer *vigil_sentiment_analyzer_new          (GError                 **error);
/* Loads lexicons from memory (the formats of vader_lexicon.txt and
 * emoji_utf8_lexicon.txt); emoji may be NULL. */
VigilSentimentAnalyzer *vigil_sentiment_analyzer_new_from_data (GBytes                 *lexicon,
                                                                GBytes                 *emoji,
                                                                GError                **error);
/* The compound score of text (len -1 = NUL-terminated), in [-1, 1],
 * in VIGIL mode. */
double                  vigil_sentiment_analyzer_score        (VigilSentimentAnalyzer  *self,
                                                                const char             *text,
                                                                gssize                  len);
double                  vigil_sentiment_analyzer_score_with_mode (VigilSentimentAnalyzer *self,
                                                                  const char            *text,
                                                                  gssize                 len,
                                                                  VigilSentimentMode     mode);
guint                   vigil_sentiment_analyzer_get_n_words  (VigilSentimentAnalyzer  *self);

VigilSentimentLabel     vigil_sentiment_label_from_compound   (double                   compound);
const char             *vigil_sentiment_label_to_string       (VigilSentimentLabel      label);
/* "positive", "negative", "neutral"; returns FALSE for anything else. */
gboolean                vigil_sentiment_label_from_string     (const char              *str,
                                                                VigilSentimentLabel     *label);

G_END_DECLS

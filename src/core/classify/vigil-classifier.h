/* vigil-classifier.h: every annotation of a post, in one call
 *
 * VigilClassifier bundles the watches (monitoring queries), VADER
 * sentiment, language detection and the risk checks of ../risk (categories,
 * reach and OTS, moderation words, impersonation). Its configuration is
 * fixed at construction, so vigil_classifier_classify() may run in several
 * threads at once.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib-object.h>

#include "vigil-language-detector.h"
#include "vigil-sentiment-analyzer.h"
#include "vigil-watch.h"

#include "vigil-impersonation-detector.h"
#include "vigil-moderation-list.h"
#include "vigil-risk-classifier.h"

G_BEGIN_DECLS

/* One post to classify. Strings may be NULL; numbers -1 when unknown. */
typedef struct
{
  const char         *text;
  const char         *author;
  const char         *author_name;
  gint64              followers;
  gint64              following;
  gint64              account_age_days;
  gboolean            has_avatar;          /* TRUE when unknown */
  gboolean            has_bio;             /* TRUE when unknown */
  const char         *lang;                /* the platform's own tag, if any */
  const char         *platform;
  const char * const *tags;
  const gint64       *reposter_followers;
  guint               n_reposters;
} VigilClassifyInput;

void vigil_classify_input_init (VigilClassifyInput *input);

typedef struct
{
  double               compound;
  VigilSentimentLabel  label;
  const char          *lang;                   /* interned; NULL = undetermined */
  char               **categories;             /* sorted; never NULL */
  char               **watches;                /* names, in watch order; never NULL */
  gint64               reach;
  double               ots;
  double               impersonation_score;    /* 0 = not suspicious */
  char               **impersonation_reasons;  /* NULL when the score is 0 */
  char               **moderation;             /* words found; NULL when none */
} VigilAnnotations;

void vigil_annotations_clear      (VigilAnnotations       *annotations);
/* Appends the annotations as JSON object members (no braces), each
 * preceded by a comma: ,"sentiment":{…},"lang":…,"categories":[…],
 * "watches":[…],"reach":N,"ots":N and, when relevant, "impersonation" and
 * "moderation". */
void vigil_annotations_write_json (const VigilAnnotations *annotations,
                                   GString                *out);

typedef struct
{
  const char *handle;
  const char *display_name;   /* may be NULL */
} VigilOfficialAccount;

/* What a classifier is built from; NULL members take defaults. */
typedef struct
{
  VigilWatch                 **watches;        /* n_watches of them */
  guint                        n_watches;
  double                       ots_divisor;    /* <= 0: VIGIL_REACH_DEFAULT_OTS_DIVISOR */
  const VigilOfficialAccount  *officials;      /* n_officials of them */
  guint                        n_officials;
  VigilSentimentAnalyzer      *sentiment;      /* NULL: the shipped lexicon */
  VigilLanguageDetector       *language;       /* NULL: the default languages */
  VigilRiskClassifier         *risk;           /* NULL: built-in packs only */
  VigilModerationList         *moderation;     /* NULL: the built-in list */
  VigilImpersonationDetector  *impersonation;  /* NULL: one made from officials */
} VigilClassifierOptions;

#define VIGIL_TYPE_CLASSIFIER (vigil_classifier_get_type ())
G_DECLARE_FINAL_TYPE (VigilClassifier, vigil_classifier, VIGIL, CLASSIFIER, GObject)

VigilClassifier        *vigil_classifier_new                (const VigilClassifierOptions *options,
                                                             GError                      **error);
/* Fills out (which the caller clears with vigil_annotations_clear). Thread-safe. */
void                    vigil_classifier_classify           (VigilClassifier              *self,
                                                             const VigilClassifyInput     *input,
                                                             VigilAnnotations             *out);
guint                   vigil_classifier_get_n_watches      (VigilClassifier              *self);
VigilWatch             *vigil_classifier_get_watch          (VigilClassifier              *self,
                                                             guint                         i);
double                  vigil_classifier_get_ots_divisor    (VigilClassifier              *self);
VigilSentimentAnalyzer *vigil_classifier_get_sentiment      (VigilClassifier              *self);
VigilLanguageDetector  *vigil_classifier_get_language       (VigilClassifier              *self);
VigilRiskClassifier    *vigil_classifier_get_risk           (VigilClassifier              *self);

G_END_DECLS

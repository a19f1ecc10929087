/* vigil-annotate-classify.h: the bridge to VigilClassifier (private)
 *
 * vigil-annotate-classify.c is the only file of this folder that includes
 * vigil-classifier.h: it keeps the classifier's input and output types out of
 * the annotator's public headers.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib-object.h>

#include "vigil-annotator-options.h"
#include "vigil-post.h"

G_BEGIN_DECLS

typedef struct
{
  const char         *text;
  const char         *author;
  const char         *author_name;
  gint64              followers;   /* -1 unknown */
  gint64              following;   /* -1 unknown */
  gint64              account_age_days;  /* -1 unknown */
  VigilTristate       has_avatar;
  VigilTristate       has_bio;
  const char         *lang;
  const char         *platform;
  const char * const *tags;
} VigilAnnotateInput;

typedef struct
{
  double              compound;
  VigilSentiment      label;
  const char         *lang;          /* interned; NULL = undetermined */
  char              **categories;
  char              **watches;
  gint64              reach;
  double              ots;
  double              imp_score;
  char              **imp_reasons;
  char              **moderation;
} VigilAnnotateResult;

/* A new classifier (as a GObject) for watches (a GPtrArray of VigilWatch,
 * may be NULL); the lexicons and language profiles of previous (may be
 * NULL) are shared rather than loaded again. */
GObject *_vigil_annotate_classifier_new     (const VigilAnnotatorOptions *options,
                                             GPtrArray                   *watches,
                                             GObject                     *previous,
                                             GError                     **error);
guint    _vigil_annotate_classifier_n_watches (GObject                   *classifier);
void     _vigil_annotate_classify           (GObject                     *classifier,
                                             const VigilAnnotateInput    *input,
                                             VigilAnnotateResult         *out);
void     _vigil_annotate_result_clear       (VigilAnnotateResult         *result);

G_END_DECLS

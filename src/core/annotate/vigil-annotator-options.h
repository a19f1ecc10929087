/* vigil-annotator-options.h: what a VigilAnnotator is built from
 *
 * Kept apart from vigil-classifier.h so that the annotator's users (the GUI,
 * the CLI) need none of the classifier's own types.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib-object.h>

#include "vigil-moderation-list.h"
#include "vigil-risk-classifier.h"

G_BEGIN_DECLS

/* One of the organisation's official accounts (impersonation checks). */
typedef struct
{
  const char *handle;
  const char *display_name;   /* may be NULL */
} VigilAnnotatorOfficial;

/* Plain values (the GUI keeps them in GSettings); copied by the annotator. */
typedef struct
{
  double                        ots_divisor;   /* <= 0: the default (10) */
  const VigilAnnotatorOfficial *officials;     /* n_officials of them */
  guint                         n_officials;
  VigilRiskClassifier          *risk;          /* NULL: built-in packs + the user's */
  VigilModerationList          *moderation;    /* NULL: the built-in list */
} VigilAnnotatorOptions;

G_END_DECLS

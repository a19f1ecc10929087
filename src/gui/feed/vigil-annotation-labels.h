/* vigil-annotation-labels.h: the classifier's annotations in words
 *
 * Shared by the post row and the feed page's filter menu: sentiment
 * labels, language names, risk categories with the role they suggest, and
 * compact counts ("56k"). All strings are translated.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

#include "vigil-post.h"
#include "vigil-risk-classifier.h"

G_BEGIN_DECLS

/* "Negative", "Neutral", "Positive"; NULL for NONE. */
const char          *vigil_sentiment_get_label         (VigilSentiment  sentiment);

/* The languages the feed can be filtered by (language detector's set),
 * NULL-terminated, and the name of one ("fr" → "French"; an unknown code
 * comes back upper-cased). */
const char * const  *vigil_annotation_get_languages    (void);
char                *vigil_language_get_name           (const char     *code);

/* A classifier of the built-in rule packs and the user's own (folder
 * $XDG_CONFIG_HOME/vigil/rules), loaded on first use, for the labels. */
VigilRiskClassifier *vigil_annotation_get_risk         (void);
/* "Refund" for "customer-service.refund" (the pack's label, else the id's
 * last part, readable). */
char                *vigil_category_get_label          (const char     *category);
/* The roles categories suggest, NULL-terminated, in the order a filter
 * menu lists them. */
const char * const  *vigil_annotation_get_roles        (void);
/* "Customer service" for "customer-service"; the id itself when unknown. */
const char          *vigil_role_get_label              (const char     *role);
/* The role of a category: the pack's, else the id's first part. */
char                *vigil_category_get_role           (const char     *category);

/* 950 → "950", 5600 → "5.6k", 56200 → "56k", 1.2e6 → "1.2M". */
char                *vigil_format_compact_count        (double          count);

G_END_DECLS

/* vigil-risk-classifier.h: risk categories from rule packs
 *
 * The built-in packs are compiled in as the GResource
 * /io/github/vigilapp/Vigil/data/rules/ (data/rules/ in the source tree,
 * whose README documents the format); a user directory of *.rules files
 * adds categories and overrides built-in ones. Matching is case- and
 * accent-insensitive, on whole words and phrases, with suffix wildcards and
 * "unless" exclusions.
 *
 * A classifier is immutable once built: every function below is safe to call
 * from several threads at once.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

#define VIGIL_RISK_ERROR (vigil_risk_error_quark ())

typedef enum
{
  VIGIL_RISK_ERROR_PARSE,   /* a malformed rule pack; the message names file:line */
  VIGIL_RISK_ERROR_IO,      /* a pack or directory could not be read */
} VigilRiskError;

GQuark vigil_risk_error_quark (void);

#define VIGIL_TYPE_RISK_CLASSIFIER (vigil_risk_classifier_get_type ())
G_DECLARE_FINAL_TYPE (VigilRiskClassifier, vigil_risk_classifier, VIGIL, RISK_CLASSIFIER, GObject)

/* Loads the built-in packs from the GResource
 * /io/github/vigilapp/Vigil/data/rules/ and then every *.rules file in
 * user_dir (may be NULL; normally $XDG_CONFIG_HOME/vigil/rules; a missing
 * directory is not an error). A malformed user file is skipped whole and
 * reported in error as "file:line: what is wrong"; the returned classifier
 * is still usable (never NULL): treat the error as a warning to show. */
VigilRiskClassifier  *vigil_risk_classifier_new               (const char          *user_dir,
                                                               GError             **error);
/* Additive: builds a classifier from pack texts only (no built-ins, no
 * directory), for tests and tools. names[i] labels texts[i] in errors.
 * Returns NULL and sets error on the first malformed pack. */
VigilRiskClassifier  *vigil_risk_classifier_new_from_data     (const char * const  *names,
                                                               const char * const  *texts,
                                                               GError             **error);

/* Category ids matched by text (lang may be NULL = try all languages; a
 * language without a pack also tries all), sorted, NULL-terminated; free
 * with g_strfreev. Never NULL (an empty vector when nothing matched). */
char                **vigil_risk_classifier_match             (VigilRiskClassifier *self,
                                                               const char          *text,
                                                               const char          *lang);
/* The role a category suggests: "hr", "compliance", "legal", "security",
 * "pr", "customer-service"; NULL for an unknown category. */
const char           *vigil_risk_classifier_get_role          (VigilRiskClassifier *self,
                                                               const char          *category);
/* The category's human name, NULL for an unknown category. */
const char           *vigil_risk_classifier_get_label         (VigilRiskClassifier *self,
                                                               const char          *category);
/* Additive: every category id, sorted, NULL-terminated; free with g_strfreev. */
char                **vigil_risk_classifier_list_categories   (VigilRiskClassifier *self);

G_END_DECLS

/* vigil-annotation-labels.c: the classifier's annotations in words
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "vigil-annotation-labels"

#include "config.h"

#include <glib/gi18n.h>
#include <math.h>
#include <string.h>

#include "vigil-annotation-labels.h"

static const struct {
  const char *code;
  const char *name;
} languages[] = {
  { "en", N_("English") },
  { "fr", N_("French") },
  { "de", N_("German") },
  { "es", N_("Spanish") },
  { "it", N_("Italian") },
  { "nl", N_("Dutch") },
  { "pt", N_("Portuguese") },
  { "sv", N_("Swedish") },
  { "da", N_("Danish") },
  { "nb", N_("Norwegian Bokmål") },
  { "fi", N_("Finnish") },
  { "pl", N_("Polish") },
  { "ru", N_("Russian") },
  { "tr", N_("Turkish") },
};

static const struct {
  const char *id;
  const char *label;
} roles[] = {
  { "customer-service", N_("Customer service") },
  { "pr", N_("PR") },
  { "security", N_("Security") },
  { "compliance", N_("Compliance") },
  { "legal", N_("Legal") },
  { "hr", N_("HR") },
};

const char *
vigil_sentiment_get_label (VigilSentiment sentiment)
{
  switch (sentiment)
    {
    case VIGIL_SENTIMENT_NEGATIVE:
      return C_("sentiment", "Negative");
    case VIGIL_SENTIMENT_NEUTRAL:
      return C_("sentiment", "Neutral");
    case VIGIL_SENTIMENT_POSITIVE:
      return C_("sentiment", "Positive");
    case VIGIL_SENTIMENT_NONE:
    default:
      return NULL;
    }
}

const char * const *
vigil_annotation_get_languages (void)
{
  static const char *codes[G_N_ELEMENTS (languages) + 1];

  if (codes[0] == NULL)
    for (guint i = 0; i < G_N_ELEMENTS (languages); i++)
      codes[i] = languages[i].code;
  return codes;
}

char *
vigil_language_get_name (const char *code)
{
  g_return_val_if_fail (code != NULL, NULL);

  for (guint i = 0; i < G_N_ELEMENTS (languages); i++)
    if (g_ascii_strcasecmp (languages[i].code, code) == 0)
      return g_strdup (_(languages[i].name));
  return g_ascii_strup (code, -1);
}

VigilRiskClassifier *
vigil_annotation_get_risk (void)
{
  static VigilRiskClassifier *risk;

  if (risk == NULL)
    {
      g_autofree char *user_dir = g_build_filename (g_get_user_config_dir (), "vigil", "rules", NULL);
      g_autoptr(GError) error = NULL;

      risk = vigil_risk_classifier_new (user_dir, &error);
      if (error != NULL)
        g_debug ("Rule packs: %s", error->message);
    }
  return risk;
}

char *
vigil_category_get_role (const char *category)
{
  VigilRiskClassifier *risk = vigil_annotation_get_risk ();
  const char *role = risk != NULL ? vigil_risk_classifier_get_role (risk, category) : NULL;
  const char *dot;

  g_return_val_if_fail (category != NULL, NULL);

  if (role != NULL)
    return g_strdup (role);
  dot = strchr (category, '.');
  return dot != NULL ? g_strndup (category, dot - category) : NULL;
}

char *
vigil_category_get_label (const char *category)
{
  VigilRiskClassifier *risk = vigil_annotation_get_risk ();
  const char *label = risk != NULL ? vigil_risk_classifier_get_label (risk, category) : NULL;
  const char *last;
  char *readable;

  g_return_val_if_fail (category != NULL, NULL);

  if (label != NULL)
    return g_strdup (label);

  /* a user's category without a label: "pr.social-media" → "Social media" */
  last = strrchr (category, '.');
  readable = g_strdup (last != NULL && last[1] != '\0' ? last + 1 : category);
  g_strdelimit (readable, "-_", ' ');
  if (g_ascii_islower (readable[0]))
    readable[0] = g_ascii_toupper (readable[0]);
  return readable;
}

const char * const *
vigil_annotation_get_roles (void)
{
  static const char *ids[G_N_ELEMENTS (roles) + 1];

  if (ids[0] == NULL)
    for (guint i = 0; i < G_N_ELEMENTS (roles); i++)
      ids[i] = roles[i].id;
  return ids;
}

const char *
vigil_role_get_label (const char *role)
{
  g_return_val_if_fail (role != NULL, NULL);

  for (guint i = 0; i < G_N_ELEMENTS (roles); i++)
    if (strcmp (roles[i].id, role) == 0)
      return _(roles[i].label);
  return role;
}

char *
vigil_format_compact_count (double count)
{
  if (!isfinite (count) || count < 0)
    return g_strdup ("—");
  if (count < 1000)
    return g_strdup_printf ("%.0f", floor (count));
  if (count < 10000)
    /* Translators: a compact count, 5.6 thousand */
    return g_strdup_printf (C_("count", "%.1fk"), floor (count / 100) / 10);
  if (count < 1000000)
    return g_strdup_printf (C_("count", "%.0fk"), floor (count / 1000));
  if (count < 10000000)
    /* Translators: a compact count, 1.2 million */
    return g_strdup_printf (C_("count", "%.1fM"), floor (count / 100000) / 10);
  return g_strdup_printf (C_("count", "%.0fM"), floor (count / 1000000));
}

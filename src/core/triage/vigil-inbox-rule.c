/* vigil-inbox-rule.c: which live posts land in the triage inbox
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "vigil-inbox-rule"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <json-glib/json-glib.h>

#include "vigil-case-state.h"
#include "vigil-inbox-rule.h"

/* The roles the rule packs name (data/rules/README.md). */
static const char * const pack_roles[] = {
  "hr", "compliance", "legal", "security", "pr", "customer-service", NULL
};

void
vigil_inbox_rule_init_default (VigilInboxRule *rule)
{
  rule->watches = TRUE;
  rule->risk = TRUE;
  rule->negative = TRUE;
  rule->negative_below = -0.5;
  rule->flags = TRUE;
}

static gboolean
strv_is_empty (const char * const *strv)
{
  return strv == NULL || strv[0] == NULL;
}

gboolean
vigil_triage_is_flagged (VigilPost *post)
{
  g_return_val_if_fail (VIGIL_IS_POST (post), FALSE);
  return vigil_post_get_impersonation_score (post) > 0 ||
         !strv_is_empty (vigil_post_get_moderation (post));
}

gboolean
vigil_inbox_rule_matches (const VigilInboxRule *rule,
                          VigilPost            *post)
{
  g_return_val_if_fail (rule, FALSE);
  g_return_val_if_fail (VIGIL_IS_POST (post), FALSE);

  if (vigil_post_get_deleted (post) || !vigil_post_get_classified (post))
    return FALSE;
  if (rule->watches && !strv_is_empty (vigil_post_get_watches (post)))
    return TRUE;
  if (rule->risk && !strv_is_empty (vigil_post_get_categories (post)))
    return TRUE;
  if (rule->negative && vigil_post_get_sentiment_compound (post) <= rule->negative_below)
    return TRUE;
  if (rule->flags && vigil_triage_is_flagged (post))
    return TRUE;
  return FALSE;
}

char *
vigil_inbox_rule_to_json (const VigilInboxRule *rule)
{
  return g_strdup_printf ("{\"watches\":%s,\"risk\":%s,\"negative\":%s,\"negative_below\":%.3f,\"flags\":%s}",
                          rule->watches ? "true" : "false",
                          rule->risk ? "true" : "false",
                          rule->negative ? "true" : "false",
                          rule->negative_below,
                          rule->flags ? "true" : "false");
}

gboolean
vigil_inbox_rule_from_json (VigilInboxRule *rule,
                            const char     *json,
                            GError        **error)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  JsonObject *object;
  JsonNode *root;

  vigil_inbox_rule_init_default (rule);
  if (!json_parser_load_from_data (parser, json, -1, error))
    return FALSE;
  root = json_parser_get_root (parser);
  if (!root || !JSON_NODE_HOLDS_OBJECT (root))
    {
      g_set_error (error, VIGIL_CASE_ERROR, VIGIL_CASE_ERROR_INVALID,
                   _("The inbox rule is not a JSON object"));
      return FALSE;
    }
  object = json_node_get_object (root);
  rule->watches = json_object_get_boolean_member_with_default (object, "watches", rule->watches);
  rule->risk = json_object_get_boolean_member_with_default (object, "risk", rule->risk);
  rule->negative = json_object_get_boolean_member_with_default (object, "negative", rule->negative);
  rule->negative_below = CLAMP (json_object_get_double_member_with_default (object, "negative_below",
                                                                            rule->negative_below),
                                -1.0, 0.0);
  rule->flags = json_object_get_boolean_member_with_default (object, "flags", rule->flags);
  return TRUE;
}

const char *
vigil_triage_suggest_role (VigilPost *post)
{
  const char * const *categories;

  g_return_val_if_fail (VIGIL_IS_POST (post), NULL);

  if (vigil_post_get_impersonation_score (post) > 0)
    return "security";
  categories = vigil_post_get_categories (post);
  for (guint i = 0; categories && categories[i]; i++)
    {
      const char *dot = strchr (categories[i], '.');
      gsize len = dot ? (gsize) (dot - categories[i]) : strlen (categories[i]);

      for (guint r = 0; pack_roles[r]; r++)
        if (strlen (pack_roles[r]) == len && strncmp (pack_roles[r], categories[i], len) == 0)
          return pack_roles[r];
    }
  return NULL;
}

VigilSeverity
vigil_triage_guess_severity (VigilPost *post)
{
  double compound;

  g_return_val_if_fail (VIGIL_IS_POST (post), VIGIL_SEVERITY_LOW);

  compound = vigil_post_get_sentiment_compound (post);
  if (vigil_triage_is_flagged (post))
    return VIGIL_SEVERITY_HIGH;
  if (compound <= -0.5 && vigil_post_get_reach (post) >= 10000)
    return VIGIL_SEVERITY_HIGH;
  if (vigil_post_get_sentiment (post) == VIGIL_SENTIMENT_NEGATIVE ||
      !strv_is_empty (vigil_post_get_categories (post)))
    return VIGIL_SEVERITY_MEDIUM;
  return VIGIL_SEVERITY_LOW;
}

/* vigil-inbox-rule.h: which live posts land in the triage inbox
 *
 * Pure functions over a classified VigilPost: the rule, the role its
 * categories suggest and the severity a new case starts with.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

#include "vigil-case-state.h"
#include "vigil-post.h"

G_BEGIN_DECLS

/* The default takes a post that matches a watch, carries a risk category,
 * is strongly negative (compound <= -0.5) or is flagged for impersonation
 * or moderation. Each test can be switched off. */
typedef struct
{
  gboolean watches;
  gboolean risk;
  gboolean negative;
  double   negative_below;   /* -1 … 0 */
  gboolean flags;
} VigilInboxRule;

void           vigil_inbox_rule_init_default (VigilInboxRule       *rule);
gboolean       vigil_inbox_rule_matches      (const VigilInboxRule *rule,
                                              VigilPost            *post);
/* JSON object text, and back (unknown members are ignored; a missing one
 * keeps the default). */
char          *vigil_inbox_rule_to_json      (const VigilInboxRule *rule);
gboolean       vigil_inbox_rule_from_json    (VigilInboxRule       *rule,
                                              const char           *json,
                                              GError              **error);

/* The role id the post's risk categories point to ("hr", "legal", …; by
 * the rule packs' "role.topic" convention), "security" for a suspected
 * impersonation, else NULL. */
const char    *vigil_triage_suggest_role     (VigilPost            *post);
/* High for impersonation or moderation flags, or a strongly negative post
 * with reach >= 10,000; medium for negative or risky posts; else low. */
VigilSeverity  vigil_triage_guess_severity   (VigilPost            *post);
/* The post carries moderation words or an impersonation score. */
gboolean       vigil_triage_is_flagged       (VigilPost            *post);

G_END_DECLS

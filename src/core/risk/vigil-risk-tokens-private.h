/* vigil-risk-tokens-private.h: matching tokens a caller already made
 *
 * VigilClassifier runs the risk categories and the moderation list on the
 * same text. When _vigil_risk_tokenize_modes_agree() says both
 * tokenizations are the same, it tokenizes once and passes the tokens to
 * both. Internal to Vigil's core.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "vigil-moderation-list.h"
#include "vigil-risk-classifier.h"
#include "vigil-risk-text.h"

G_BEGIN_DECLS

/* vigil_risk_classifier_match() on tokens of VIGIL_RISK_TOKENIZE_DEFAULT */
char **_vigil_risk_classifier_match_tokens (VigilRiskClassifier   *self,
                                            const VigilRiskTokens *tokens,
                                            const char            *lang);
/* vigil_moderation_list_match() on tokens of VIGIL_RISK_TOKENIZE_SYMBOLS */
char **_vigil_moderation_list_match_tokens (VigilModerationList   *self,
                                            const VigilRiskTokens *tokens);

G_END_DECLS

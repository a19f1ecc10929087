/* vigil-risk-text.h: folding and tokenizing shared by the risk units
 *
 * Folding is per character: NFKD (compatibility, so fullwidth "Ｎ" and the
 * ligature "ﬁ" become "N" and "fi"), combining marks dropped, then lower
 * case; a few letters without a decomposition are spelled out ("ß" → "ss",
 * "œ" → "oe", "æ" → "ae", "ø" → "o", "ł" → "l", "đ" → "d", "ı" → "i").
 *
 * A token is a run of letters and digits. Everything else separates tokens,
 * apostrophes included ("l'usine" → "l" "usine", "don't" → "don" "t"), so
 * rule terms, which go through the same tokenizer, stay consistent with
 * posts. A hashtag's text is a token ("#BoycottNorthwind" →
 * "boycottnorthwind"). URLs and @mentions are skipped: they are addresses,
 * not speech.
 *
 * These are internal helpers of vigil-risk (the _vigil_risk_ prefix).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* Bounds applied to hostile input. */
#define VIGIL_RISK_MAX_TEXT_BYTES  (64 * 1024)  /* text beyond this is ignored */
#define VIGIL_RISK_MAX_TOKENS      8192
#define VIGIL_RISK_MAX_TOKEN_BYTES 64           /* longer runs are cut here */

typedef enum
{
  VIGIL_RISK_TOKENIZE_DEFAULT = 0,
  /* Moderation: keep the symbols people use to disguise words ("f*ck",
   * "a$$", "sh!t", "b|tch") inside tokens, unfolded. */
  VIGIL_RISK_TOKENIZE_SYMBOLS = 1 << 0,
} VigilRiskTokenizeFlags;

typedef struct
{
  guint32 offset;  /* into buf, NUL-terminated there */
  guint16 len;     /* bytes, without the NUL */
  guint16 flags;   /* VIGIL_RISK_TOKEN_* */
} VigilRiskToken;

#define VIGIL_RISK_TOKEN_HASHTAG 1

typedef struct
{
  GString *buf;
  GArray  *tokens;  /* of VigilRiskToken */
} VigilRiskTokens;

void  _vigil_risk_tokens_init  (VigilRiskTokens       *tokens);
void  _vigil_risk_tokens_clear (VigilRiskTokens       *tokens);
/* A VigilRiskTokens kept per thread between calls (or a new one), and its
 * return: saves four allocations per post. */
VigilRiskTokens *_vigil_risk_tokens_take    (void);
void             _vigil_risk_tokens_release (VigilRiskTokens *tokens);
/* Replaces the content of tokens with the tokens of text (NUL-terminated).
 * Invalid UTF-8 bytes separate tokens. */
void  _vigil_risk_tokenize     (const char            *text,
                                VigilRiskTokenizeFlags flags,
                                VigilRiskTokens       *tokens);

static inline const char *
_vigil_risk_tokens_get (const VigilRiskTokens *tokens,
                        guint                  i)
{
  return tokens->buf->str + g_array_index (tokens->tokens, VigilRiskToken, i).offset;
}

static inline guint
_vigil_risk_tokens_len (const VigilRiskTokens *tokens,
                        guint                  i)
{
  return g_array_index (tokens->tokens, VigilRiskToken, i).len;
}

/* TRUE when text tokenizes the same with and without
 * VIGIL_RISK_TOKENIZE_SYMBOLS, so one tokenization serves both: it is
 * ASCII, and its disguise symbols are only where both modes drop them
 * ("great!!!", "#tag", "@acme", "!!!"). FALSE when unsure. */
gboolean _vigil_risk_tokenize_modes_agree (const char *text);

/* Appends the folding of one character to out. */
void  _vigil_risk_fold_unichar (gunichar               c,
                                GString               *out);
/* Folds a whole string (no tokenizing). */
char *_vigil_risk_fold         (const char            *text);

/* 64-bit FNV-1a followed by a finalising mix; stable across runs. */
guint64 _vigil_risk_hash64     (const void            *data,
                                gsize                  len,
                                guint64                seed);

G_END_DECLS

/* vigil-text-fold.h: case/accent folding and the tokenizer shared by queries
 *
 * Folding is NFKD, then combining marks stripped, then Unicode case folding:
 * "Crème BRÛLÉE" → "creme brulee", "Straße" → "strasse", "ﬁne" → "fine".
 *
 * The tokenizer splits a post into words (letters, digits, marks, "_" and
 * inner apostrophes), #hashtags, @mentions and emoji (one token per emoji;
 * a regional-indicator pair is one flag; variation selectors, ZWJ and skin
 * tone modifiers are dropped). Han, Hiragana and Katakana characters are one
 * token each, as those scripts have no spaces.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

typedef enum
{
  VIGIL_TOKEN_WORD = 0,
  VIGIL_TOKEN_HASHTAG,   /* text starts with '#' */
  VIGIL_TOKEN_MENTION,   /* text starts with '@' */
  VIGIL_TOKEN_EMOJI,
} VigilTokenKind;

typedef struct
{
  guint32 offset;        /* into VigilTokenList.buf, NUL-terminated there */
  guint32 len;           /* bytes, without the NUL */
  guint8  kind;          /* VigilTokenKind */
} VigilToken;

typedef struct
{
  GString *buf;          /* folded tokens, each followed by a NUL */
  GArray  *tokens;       /* of VigilToken */
} VigilTokenList;

/* The longest token kept, in bytes; longer runs are cut there. */
#define VIGIL_TOKEN_MAX_BYTES 256

void     vigil_token_list_init    (VigilTokenList *list);
void     vigil_token_list_clear   (VigilTokenList *list);
/* Appends the tokens of text (len -1 = NUL-terminated) to list. Invalid
 * UTF-8 is skipped byte by byte. */
void     vigil_tokenize           (const char     *text,
                                   gssize          len,
                                   VigilTokenList *list);

static inline const char *
vigil_token_list_get (const VigilTokenList *list,
                      guint                 i)
{
  return list->buf->str + g_array_index (list->tokens, VigilToken, i).offset;
}

/* Folds text into a newly allocated string. */
char    *vigil_text_fold          (const char     *text,
                                   gssize          len);
/* Appends the folding of text to out. */
void     vigil_text_fold_append   (GString        *out,
                                   const char     *text,
                                   gssize          len);

gboolean vigil_unichar_is_emoji   (gunichar        c);

G_END_DECLS

/* vigil-redaction-lexicon-private.h: the compiled rules, for the detector
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "vigil-redaction-lexicon.h"

G_BEGIN_DECLS

#define VIGIL_REDACTION_MAX_PHRASE 8

/* A phrase: up to 8 folded words; a word ending in '*' is a prefix. */
typedef struct
{
  guint8  n;
  guint8  prefix_mask;          /* bit i: word i is a prefix */
  char   *words[VIGIL_REDACTION_MAX_PHRASE];   /* folded */
  char   *raw[VIGIL_REDACTION_MAX_PHRASE];     /* as written (case-sensitive rules) */
} VigilRedactionPhrase;

typedef enum
{
  VIGIL_REDACTION_ABOUT_SELF,   /* vetoed when the clause is about someone else */
  VIGIL_REDACTION_ABOUT_ANY,
} VigilRedactionAbout;

typedef struct
{
  VigilRedactionCategory category;
  const char            *reason;        /* interned */
  VigilRedactionAbout    about;
  gboolean               case_sensitive;
  guint                  window;        /* tokens searched for need-before */
  GPtrArray             *not_after;     /* of VigilRedactionPhrase* */
  GPtrArray             *not_before;
  GPtrArray             *need_before;
  GPtrArray             *patterns;      /* of GRegex* */
  gboolean               enabled;
} VigilRedactionRule;

typedef struct
{
  VigilRedactionPhrase  phrase;
  VigilRedactionRule   *rule;
} VigilRedactionTerm;

/* The context lists of context.rules. */
typedef enum
{
  VIGIL_REDACTION_CONTEXT_FIRST_PERSON,  /* "i", "my": a paragraph written by the candidate */
  VIGIL_REDACTION_CONTEXT_SELF_SUBJECT,  /* "i", "i'm", "we": the clause is about the candidate */
  VIGIL_REDACTION_CONTEXT_OTHERS,        /* "my mum", "her son": the clause is about someone else */
  VIGIL_REDACTION_CONTEXT_POSSESSIVE,    /* "his", "her", "their" right before a term */
  VIGIL_REDACTION_CONTEXT_PRONOUNS,      /* gendered third-person pronouns */
  VIGIL_REDACTION_CONTEXT_PARTNER,       /* "my partner": a gendered pronoun after it */
  VIGIL_REDACTION_CONTEXT_DETERMINERS,   /* "my", "a", "the": before an OTHERS noun */
  VIGIL_REDACTION_CONTEXT_PREPOSITIONS,  /* "with my colleagues": not the subject */
  VIGIL_REDACTION_CONTEXT_N
} VigilRedactionContextList;

struct _VigilRedactionLexicon
{
  GObject     parent_instance;

  char       *locale;
  GPtrArray  *rules;          /* of VigilRedactionRule* (owned) */
  GPtrArray  *terms;          /* of VigilRedactionTerm* (owned) */
  GHashTable *exact;          /* first word → GPtrArray of VigilRedactionTerm* */
  GHashTable *prefixed;       /* first-word prefix → GPtrArray of VigilRedactionTerm* */
  guint64     prefix_lengths; /* bit n: some first-word prefix has n bytes */
  GPtrArray  *context_phrases[VIGIL_REDACTION_CONTEXT_N];
  const char *pronoun_reason;
  const char *partner_reason;
  guint       n_sources;
};

/* Folds one word like the detector does: lower case, no accents, ’ → '. */
char    *_vigil_redaction_fold_word (const char *word,
                                     gssize      len);

G_END_DECLS

/* vigil-risk-pack-private.h: the rule pack parser (format: data/rules/README.md)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

#define VIGIL_RISK_TERM_MAX_WORDS 8

/* One compiled term: folded words, the last of each written word possibly
 * a prefix (suffix wildcard "refund*"). */
typedef struct
{
  char    *words[VIGIL_RISK_TERM_MAX_WORDS];
  guint8   n_words;
  guint8   prefix_mask;   /* bit i: words[i] is a prefix */
  guint8   hashtag_mask;  /* bit i: words[i] only matches a hashtag ("#ad") */
} VigilRiskTerm;

/* One [category] section for one language, after merging. */
typedef struct
{
  char      *id;
  char      *lang;        /* "" = every language */
  char      *label;       /* NULL = not set here */
  char      *role;        /* NULL = not set here */
  GPtrArray *terms;       /* of VigilRiskTerm* */
  GPtrArray *unless;      /* of VigilRiskTerm* */
  gboolean   enabled;
  guint      order;       /* load order, for "last label wins" */
} VigilRiskDef;

typedef struct
{
  GHashTable *defs;       /* "id\nlang" → VigilRiskDef* (owned) */
  guint       next_order;
} VigilRiskPackSet;

void      _vigil_risk_pack_set_init  (VigilRiskPackSet  *set);
void      _vigil_risk_pack_set_clear (VigilRiskPackSet  *set);
/* Parses one pack and merges it into set; on error set is left unchanged
 * and the message starts with "name:line: ". */
gboolean  _vigil_risk_pack_parse     (VigilRiskPackSet  *set,
                                      const char        *name,
                                      const char        *text,
                                      gsize              len,
                                      GError           **error);
/* Definitions sorted by load order (borrowed). */
GPtrArray *_vigil_risk_pack_set_list (VigilRiskPackSet  *set);

gboolean  _vigil_risk_role_is_valid  (const char        *role);

G_END_DECLS

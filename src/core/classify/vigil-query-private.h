/* vigil-query-private.h: the compiled query tree, shared by the parser and the matcher
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "vigil-query.h"
#include "vigil-text-fold.h"

G_BEGIN_DECLS

typedef enum
{
  QNODE_TERMS,      /* one word, or a phrase (exact or with slop) */
  QNODE_NEAR,
  QNODE_AND,
  QNODE_OR,
  QNODE_NOT,
  QNODE_FIELD,
} QNodeKind;

typedef enum
{
  QFIELD_AUTHOR,
  QFIELD_LANG,
  QFIELD_PLATFORM,
  QFIELD_TAG,
  QFIELD_FOLLOWERS,
} QField;

typedef enum
{
  QOP_EQ,
  QOP_LT,
  QOP_LE,
  QOP_GT,
  QOP_GE,
} QOp;

typedef struct
{
  char      *text;       /* folded; hashtags and mentions keep their '#'/'@' */
  gsize      len;        /* of text */
  guint8     kind;       /* VigilTokenKind */
  gboolean   prefix;     /* suffix wildcard */
  char     **stems;      /* one per stemmer language, or NULL */
} QTerm;

typedef struct _QNode QNode;
struct _QNode
{
  QNodeKind  kind;
  guint      pos;        /* 1-based character position in the query */

  /* QNODE_TERMS */
  QTerm     *terms;
  guint      n_terms;
  int        slop;       /* -1: adjacent and in order; N: within N positions */

  /* QNODE_NEAR (operands are QNODE_TERMS), AND, OR, NOT */
  QNode    **children;
  guint      n_children;
  guint     *distances;  /* NEAR: n_children - 1 */

  /* QNODE_FIELD */
  QField     field;
  QOp        op;
  char      *value;      /* folded */
  gboolean   value_prefix;
  gint64     number;
};

struct _VigilQuery
{
  gatomicrefcount  ref_count;
  char            *text;
  VigilQueryFlags  flags;
  QNode           *root;
  gboolean         uses_text;
};

struct _VigilQueryDoc
{
  VigilTokenList  tokens;
  char           *author;         /* folded, no leading '@' */
  char           *author_name;    /* folded */
  char           *lang;           /* lower case */
  char           *platform;       /* folded */
  GPtrArray      *tags;           /* folded, no '#' */
  gint64          followers;
  int             stem_lang;
  GString        *stems;          /* lazily: stem of each token, NUL-separated */
  GArray         *stem_offsets;   /* guint32 */
  /* A filter over the starts of every token's text and of every hashtag's
   * and mention's body: bit b of first_bytes for each first byte, and a
   * hashed bit for each pair of first two bytes (the second is 0 for a
   * one-byte text). A term whose start is not there matches nowhere. */
  guint64         first_bytes[4];
  guint64         first_pairs[16];
  GByteArray     *body0;          /* per token: the first byte of its body (after a '#' or '@') */
  gboolean        no_filter;      /* the differential test's switch */
};

/* For the differential test: match doc with or without the filter above
 * and the per-token check of body0. */
static inline void
_vigil_query_doc_set_filter (VigilQueryDoc *doc,
                             gboolean       filter)
{
  doc->no_filter = !filter;
}

void     _vigil_qnode_free  (QNode          *node);
gboolean _vigil_qnode_match (const QNode    *node,
                             VigilQueryDoc  *doc,
                             VigilQueryFlags flags);

G_END_DECLS

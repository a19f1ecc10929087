/* vigil-query.h: the monitoring query language
 *
 * Syntax (operators are upper case; lower-case "and"/"or"/"not" are words):
 *
 *   refund delivery          both words (implicit AND)
 *   refund AND delivery      the same
 *   refund OR chargeback     either
 *   NOT spam, a NOT b        negation; also -spam and -(a OR b); +word = word
 *   (a OR b) c               grouping
 *   "late delivery"          a phrase: the words next to each other, in order
 *                            (curly quotes “…” and „…“ work too)
 *   "late delivery"~5        proximity: all the words within 5 positions, any order
 *   late NEAR/5 delivery     proximity between two words or phrases (NEAR = NEAR/5)
 *   refund*                  suffix wildcard (prefix match on one word)
 *   #boycott @acme 🔥        a hashtag, a mention, an emoji are tokens of their own;
 *                            a plain word also matches the body of a hashtag or mention
 *   author:acme  author:"Acme Support"   the handle (or display name)
 *   lang:fr  platform:mastodon  tag:recall  tag:recall*
 *   followers:>1000  followers:<=50  followers:=0  followers:>10k
 *
 * Precedence, lowest first: OR, AND (explicit or implicit), NOT, NEAR.
 * Matching is case- and accent-insensitive (see vigil-text-fold.h). With
 * VIGIL_QUERY_STEM, words also match through their Snowball stem in the
 * post's language (English when the post's language has no stemmer).
 *
 * A compiled VigilQuery is immutable and safe to share between threads.
 * A VigilQueryDoc (a post prepared for matching) belongs to one thread.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib-object.h>

G_BEGIN_DECLS

#define VIGIL_QUERY_ERROR (vigil_query_error_quark ())
GQuark vigil_query_error_quark (void);

typedef enum
{
  VIGIL_QUERY_ERROR_SYNTAX,
  VIGIL_QUERY_ERROR_TOO_LONG,
  VIGIL_QUERY_ERROR_TOO_DEEP,
  VIGIL_QUERY_ERROR_EMPTY,
} VigilQueryError;

typedef enum
{
  VIGIL_QUERY_FLAGS_NONE = 0,
  VIGIL_QUERY_STEM       = 1 << 0,
} VigilQueryFlags;

/* Limits on hostile or runaway queries. */
#define VIGIL_QUERY_MAX_BYTES  4096
#define VIGIL_QUERY_MAX_DEPTH  32
#define VIGIL_QUERY_MAX_TERMS  256

typedef struct _VigilQuery VigilQuery;
typedef struct _VigilQueryDoc VigilQueryDoc;

/* What a query looks at in a post. Strings may be NULL; followers -1 = unknown. */
typedef struct
{
  const char         *text;
  const char         *author;        /* handle, with or without a leading '@' */
  const char         *author_name;   /* display name */
  const char         *lang;
  const char         *platform;
  const char * const *tags;          /* with or without '#' */
  gint64              followers;
} VigilQueryPost;

#define VIGIL_TYPE_QUERY (vigil_query_get_type ())
GType          vigil_query_get_type     (void) G_GNUC_CONST;

/* Compiles text. On a syntax error returns NULL and sets error; its message
 * starts with the 1-based character position ("12: expected ')' to close '('
 * opened at 5"), which is also stored in *error_position when not NULL. */
VigilQuery    *vigil_query_new          (const char            *text,
                                         VigilQueryFlags        flags,
                                         GError               **error);
VigilQuery    *vigil_query_new_full     (const char            *text,
                                         VigilQueryFlags        flags,
                                         guint                 *error_position,
                                         GError               **error);
VigilQuery    *vigil_query_ref          (VigilQuery            *self);
void           vigil_query_unref        (VigilQuery            *self);
const char    *vigil_query_get_text     (VigilQuery            *self);
VigilQueryFlags vigil_query_get_flags   (VigilQuery            *self);
/* TRUE when the query uses the words of the text (not only fields). */
gboolean       vigil_query_uses_text    (VigilQuery            *self);

gboolean       vigil_query_match_doc    (VigilQuery            *self,
                                         VigilQueryDoc         *doc);
/* Convenience: prepares post and matches it. */
gboolean       vigil_query_match        (VigilQuery            *self,
                                         const VigilQueryPost  *post);

VigilQueryDoc *vigil_query_doc_new      (const VigilQueryPost  *post);
void           vigil_query_doc_free     (VigilQueryDoc         *doc);
guint          vigil_query_doc_get_n_tokens (VigilQueryDoc     *doc);
const char    *vigil_query_doc_get_token    (VigilQueryDoc     *doc,
                                             guint              i);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (VigilQuery, vigil_query_unref)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (VigilQueryDoc, vigil_query_doc_free)

G_END_DECLS

/* vigil-store-chain-hash.h: the hash chains' row serialisation and digest,
 * the same for every backend
 *
 * Both backends hash the same typed, length-prefixed values in the same
 * order, so an archive copied from SQLite to PostgreSQL (vigil-cli migrate)
 * keeps its chain, and verify gives the same head hash on both.
 * _vigil_chain_hash_row_fast() is SHA-256 computed with nettle, which uses
 * the CPU's SHA extensions (x86 SHA-NI, ARMv8 SHA2) when present; it gives
 * the same digest as sqlite/vigil-store-chain.c's GChecksum version
 * (tests/core/store/test-store-chain-hash.c).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>
#include <string.h>

G_BEGIN_DECLS

#define VIGIL_HASH_LEN 32

/* A field's type, hashed as one byte: the values are SQLite's fundamental
 * datatypes (SQLITE_INTEGER, SQLITE_TEXT, SQLITE_BLOB, SQLITE_NULL), which
 * the chain was first defined with. Never change them. */
#define VIGIL_CHAIN_INTEGER 1
#define VIGIL_CHAIN_TEXT    3
#define VIGIL_CHAIN_BLOB    4
#define VIGIL_CHAIN_NULL    5

/* The archived columns of each chained table, in hashing order. The INSERT
 * binds them in this order and verify selects them in this order, so both
 * hash exactly the same values. prev_hash and hash follow. */
#define VIGIL_POSTS_CHAIN_COLUMNS                                              \
  "id, seq, platform, remote_id, author, author_name, followers, url, text, " \
  "lang, spoiler, title, visibility, tags, media, created_us, fetched_us, "   \
  "parent_id, thread_id, replies, reposts, likes, raw, archived_us"
#define VIGIL_POSTS_N_CHAIN_COLUMNS 24

#define VIGIL_EVENTS_CHAIN_COLUMNS                                             \
  "id, seq, platform, remote_id, post_id, kind, text, spoiler, title, tags, " \
  "media, at_us, archived_us, raw"
#define VIGIL_EVENTS_N_CHAIN_COLUMNS 14

#define VIGIL_CHAIN_LABEL_POSTS  "vigil.posts.v1"
#define VIGIL_CHAIN_LABEL_EVENTS "vigil.events.v1"

/* One value of an archived row. */
typedef struct
{
  int         type;   /* VIGIL_CHAIN_NULL, _INTEGER or _TEXT (_BLOB when read back altered) */
  gint64      i;
  const char *s;
  gsize       len;
} VigilChainField;

static inline void
vigil_chain_field_text (VigilChainField *field,
                        const char      *s)
{
  field->type = s ? VIGIL_CHAIN_TEXT : VIGIL_CHAIN_NULL;
  field->s = s;
  field->len = s ? strlen (s) : 0;
  field->i = 0;
}

static inline void
vigil_chain_field_int (VigilChainField *field,
                       gint64           i)
{
  field->type = VIGIL_CHAIN_INTEGER;
  field->i = i;
  field->s = NULL;
  field->len = 0;
}

static inline void
vigil_chain_field_null (VigilChainField *field)
{
  field->type = VIGIL_CHAIN_NULL;
  field->i = 0;
  field->s = NULL;
  field->len = 0;
}

/* hash = SHA-256 (label, prev_hash, fields) */
void  _vigil_chain_hash_row_fast (const char            *label,
                                  const guint8          *prev_hash,
                                  const VigilChainField *fields,
                                  guint                  n_fields,
                                  guint8                *out_hash);
/* The chain head's own hash, over its row count and last hash. */
void  _vigil_chain_hash_head     (guint64                count,
                                  const guint8          *last_hash,
                                  guint8                *out_hash);
char *_vigil_hash_to_hex         (const guint8          *hash);

G_END_DECLS

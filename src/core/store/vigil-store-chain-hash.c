/* vigil-store-chain-hash.c: the hash chains' row hash, with nettle
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Serialisation (must stay byte for byte what sqlite/vigil-store-chain.c
 * hashes, and what every archive was written with):
 *   u64be(len label) label, prev_hash (32 bytes), u64be(n_fields), then per
 *   field: one type byte, and for an integer u64be(value), for text
 *   u64be(len) bytes, for NULL nothing.
 * Small parts are gathered in a buffer so nettle sees few, larger updates.
 */
#define G_LOG_DOMAIN "vigil-store-chain-hash"

#include "config.h"

#include <nettle/sha2.h>

#include "vigil-store-chain-hash.h"

#define SMALL_MAX 256

typedef struct
{
  struct sha256_ctx ctx;
  guint8            buf[SMALL_MAX + 16];
  gsize             len;
} Hasher;

static inline void
hasher_flush (Hasher *h)
{
  if (h->len > 0)
    {
      sha256_update (&h->ctx, h->len, h->buf);
      h->len = 0;
    }
}

static inline void
hasher_u64 (Hasher  *h,
            guint64  value)
{
  guint8 *p;

  if (h->len + 8 > sizeof h->buf)
    hasher_flush (h);
  p = h->buf + h->len;
  for (int i = 7; i >= 0; i--)
    {
      p[i] = value & 0xff;
      value >>= 8;
    }
  h->len += 8;
}

static inline void
hasher_raw (Hasher     *h,
            const void *data,
            gsize       len)
{
  if (len <= SMALL_MAX)
    {
      if (h->len + len > sizeof h->buf)
        hasher_flush (h);
      memcpy (h->buf + h->len, data, len);
      h->len += len;
      return;
    }
  hasher_flush (h);
  sha256_update (&h->ctx, len, data);
}

void
_vigil_chain_hash_row_fast (const char            *label,
                            const guint8          *prev_hash,
                            const VigilChainField *fields,
                            guint                  n_fields,
                            guint8                *out_hash)
{
  Hasher h;
  gsize label_len = strlen (label);

  sha256_init (&h.ctx);
  h.len = 0;
  hasher_u64 (&h, label_len);
  hasher_raw (&h, label, label_len);
  hasher_raw (&h, prev_hash, VIGIL_HASH_LEN);
  hasher_u64 (&h, n_fields);

  for (guint i = 0; i < n_fields; i++)
    {
      guint8 type = (guint8) fields[i].type;

      hasher_raw (&h, &type, 1);
      switch (fields[i].type)
        {
        case VIGIL_CHAIN_NULL:
          break;
        case VIGIL_CHAIN_INTEGER:
          hasher_u64 (&h, (guint64) fields[i].i);
          break;
        default:
          hasher_u64 (&h, fields[i].len);
          if (fields[i].len > 0)
            hasher_raw (&h, fields[i].s, fields[i].len);
          break;
        }
    }
  hasher_flush (&h);
  sha256_digest (&h.ctx, VIGIL_HASH_LEN, out_hash);
}

#define HEAD_LABEL "vigil.chain-head.v1"

void
_vigil_chain_hash_head (guint64       count,
                        const guint8 *last_hash,
                        guint8       *out_hash)
{
  Hasher h;

  sha256_init (&h.ctx);
  h.len = 0;
  hasher_u64 (&h, strlen (HEAD_LABEL));
  hasher_raw (&h, HEAD_LABEL, strlen (HEAD_LABEL));
  hasher_u64 (&h, count);
  hasher_raw (&h, last_hash, VIGIL_HASH_LEN);
  hasher_flush (&h);
  sha256_digest (&h.ctx, VIGIL_HASH_LEN, out_hash);
}

char *
_vigil_hash_to_hex (const guint8 *hash)
{
  static const char digits[] = "0123456789abcdef";
  char *hex = g_malloc (VIGIL_HASH_LEN * 2 + 1);

  for (guint i = 0; i < VIGIL_HASH_LEN; i++)
    {
      hex[2 * i] = digits[hash[i] >> 4];
      hex[2 * i + 1] = digits[hash[i] & 0xf];
    }
  hex[VIGIL_HASH_LEN * 2] = '\0';
  return hex;
}

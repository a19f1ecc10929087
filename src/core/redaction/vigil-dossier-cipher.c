/* vigil-dossier-cipher.c: ChaCha20-Poly1305 over nettle
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "vigil-dossier-cipher"

#include "config.h"

#include <string.h>
#include <sys/random.h>
#include <glib/gi18n-lib.h>
#include <nettle/chacha-poly1305.h>

#include "vigil-dossier-cipher.h"

#define MAGIC     "VGD1"
#define MAGIC_LEN 4
#define MAX_PLAIN (64 * 1024 * 1024)

static gboolean
random_bytes (guint8  *out,
              gsize    len,
              GError **error)
{
  gsize got = 0;

  while (got < len)
    {
      ssize_t n = getrandom (out + got, len - got, 0);
      if (n < 0)
        {
          if (errno == EINTR)
            continue;
          g_set_error (error, G_IO_ERROR, g_io_error_from_errno (errno),
                       _("no random numbers from the system: %s"), g_strerror (errno));
          return FALSE;
        }
      got += n;
    }
  return TRUE;
}

char *
vigil_dossier_cipher_new_key (GError **error)
{
  guint8 key[VIGIL_DOSSIER_KEY_BYTES];
  char *b64;

  if (!random_bytes (key, sizeof key, error))
    return NULL;
  b64 = g_base64_encode (key, sizeof key);
  memset (key, 0, sizeof key);
  return b64;
}

static gboolean
decode_key (const char *key_b64,
            guint8     *key,
            GError    **error)
{
  gsize len = 0;
  guint8 *raw;

  if (!key_b64)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_PERMISSION_DENIED, _("no key"));
      return FALSE;
    }
  raw = g_base64_decode (key_b64, &len);
  if (len != VIGIL_DOSSIER_KEY_BYTES)
    {
      g_free (raw);
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                   _("the dossier key in the keyring is not a 256-bit key"));
      return FALSE;
    }
  memcpy (key, raw, len);
  memset (raw, 0, len);
  g_free (raw);
  return TRUE;
}

GBytes *
vigil_dossier_cipher_seal (const char  *key_b64,
                           const char  *name,
                           GBytes      *plain,
                           GError     **error)
{
  struct chacha_poly1305_ctx ctx;
  guint8 key[VIGIL_DOSSIER_KEY_BYTES];
  gsize len;
  const guint8 *data = g_bytes_get_data (plain, &len);
  guint8 *out;
  gsize total;

  if (len > MAX_PLAIN)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                   _("an item is larger than %d bytes"), MAX_PLAIN);
      return NULL;
    }
  if (!decode_key (key_b64, key, error))
    return NULL;
  total = MAGIC_LEN + CHACHA_POLY1305_NONCE_SIZE + len + CHACHA_POLY1305_DIGEST_SIZE;
  out = g_malloc (total);
  memcpy (out, MAGIC, MAGIC_LEN);
  if (!random_bytes (out + MAGIC_LEN, CHACHA_POLY1305_NONCE_SIZE, error))
    {
      g_free (out);
      return NULL;
    }
  chacha_poly1305_set_key (&ctx, key);
  chacha_poly1305_set_nonce (&ctx, out + MAGIC_LEN);
  chacha_poly1305_update (&ctx, strlen (name), (const guint8 *) name);
  chacha_poly1305_encrypt (&ctx, len, out + MAGIC_LEN + CHACHA_POLY1305_NONCE_SIZE, data);
  chacha_poly1305_digest (&ctx, CHACHA_POLY1305_DIGEST_SIZE, out + total - CHACHA_POLY1305_DIGEST_SIZE);
  memset (key, 0, sizeof key);
  memset (&ctx, 0, sizeof ctx);
  return g_bytes_new_take (out, total);
}

GBytes *
vigil_dossier_cipher_open (const char  *key_b64,
                           const char  *name,
                           GBytes      *sealed,
                           GError     **error)
{
  struct chacha_poly1305_ctx ctx;
  guint8 key[VIGIL_DOSSIER_KEY_BYTES];
  guint8 tag[CHACHA_POLY1305_DIGEST_SIZE];
  gsize len;
  const guint8 *data = g_bytes_get_data (sealed, &len);
  gsize plain_len;
  guint8 *out;

  if (len < MAGIC_LEN + CHACHA_POLY1305_NONCE_SIZE + CHACHA_POLY1305_DIGEST_SIZE ||
      memcmp (data, MAGIC, MAGIC_LEN) != 0)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                   _("the stored original is not a Vigil encrypted item"));
      return NULL;
    }
  if (!decode_key (key_b64, key, error))
    return NULL;
  plain_len = len - MAGIC_LEN - CHACHA_POLY1305_NONCE_SIZE - CHACHA_POLY1305_DIGEST_SIZE;
  out = g_malloc (plain_len + 1);
  chacha_poly1305_set_key (&ctx, key);
  chacha_poly1305_set_nonce (&ctx, data + MAGIC_LEN);
  chacha_poly1305_update (&ctx, strlen (name), (const guint8 *) name);
  chacha_poly1305_decrypt (&ctx, plain_len, out, data + MAGIC_LEN + CHACHA_POLY1305_NONCE_SIZE);
  chacha_poly1305_digest (&ctx, sizeof tag, tag);
  memset (key, 0, sizeof key);
  memset (&ctx, 0, sizeof ctx);
  /* Constant-time compare of the tag. */
  {
    guint8 diff = 0;
    for (gsize i = 0; i < sizeof tag; i++)
      diff |= tag[i] ^ data[len - CHACHA_POLY1305_DIGEST_SIZE + i];
    if (diff)
      {
        memset (out, 0, plain_len);
        g_free (out);
        g_set_error (error, G_IO_ERROR, G_IO_ERROR_PERMISSION_DENIED,
                     _("the original can't be decrypted with this key (wrong key, or the stored bytes were changed)"));
        return NULL;
      }
  }
  out[plain_len] = '\0';
  return g_bytes_new_take (out, plain_len);
}

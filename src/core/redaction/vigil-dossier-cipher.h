/* vigil-dossier-cipher.h: the originals' encryption at rest
 *
 * ChaCha20-Poly1305 (nettle), one random 256-bit key per dossier (kept in
 * the Secret Service, never in the store), a random 96-bit nonce per blob,
 * and the blob's name as associated data, so that a blob can't be moved to
 * another dossier or item unnoticed.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

#define VIGIL_DOSSIER_KEY_BYTES 32

/* A fresh random key, base64 (what the credential store keeps). */
char    *vigil_dossier_cipher_new_key (GError    **error);
/* "VGD1" nonce ciphertext tag. */
GBytes  *vigil_dossier_cipher_seal    (const char *key_b64,
                                       const char *name,
                                       GBytes     *plain,
                                       GError    **error);
/* NULL and an error when the key is wrong or the bytes were changed. */
GBytes  *vigil_dossier_cipher_open    (const char *key_b64,
                                       const char *name,
                                       GBytes     *sealed,
                                       GError    **error);

G_END_DECLS

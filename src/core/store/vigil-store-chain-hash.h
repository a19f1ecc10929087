/* vigil-store-chain-hash.h: the archive chain's row hash, hardware-accelerated
 *
 * The same digest as _vigil_chain_hash_row() (vigil-store-chain.c, GLib's
 * GChecksum): SHA-256 over the same length-prefixed, typed serialisation,
 * computed with nettle, which uses the CPU's SHA extensions (x86 SHA-NI,
 * ARMv8 SHA2) when present. The writer hashes every archived row with it;
 * archives written before verify unchanged (tests/core/store/test-store-chain-hash.c).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "vigil-store-private.h"

G_BEGIN_DECLS

void _vigil_chain_hash_row_fast (const char            *label,
                                 const guint8          *prev_hash,
                                 const VigilChainField *fields,
                                 guint                  n_fields,
                                 guint8                *out_hash);

G_END_DECLS

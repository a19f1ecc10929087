/* vigil-memory-credential-store.h: credentials kept in memory, for tests
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "vigil-credential-store.h"

G_BEGIN_DECLS

#define VIGIL_TYPE_MEMORY_CREDENTIAL_STORE (vigil_memory_credential_store_get_type ())
G_DECLARE_FINAL_TYPE (VigilMemoryCredentialStore, vigil_memory_credential_store, VIGIL, MEMORY_CREDENTIAL_STORE, GObject)

VigilCredentialStore *vigil_memory_credential_store_new          (void);
/* How many secrets it holds. */
guint                 vigil_memory_credential_store_get_n_items  (VigilMemoryCredentialStore *self);

G_END_DECLS

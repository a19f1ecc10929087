/* vigil-account-register-private.h: what the register's files share
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <json-glib/json-glib.h>

#include "vigil-account-register.h"
#include "vigil-context.h"
#include "vigil-credential-store.h"

G_BEGIN_DECLS

/* vigil-account-register.c */
VigilContext          *_vigil_account_register_get_context          (VigilAccountRegister  *self);
GPtrArray             *_vigil_account_register_get_accounts         (VigilAccountRegister  *self);
void                   _vigil_account_register_fill_key             (VigilAccount          *account,
                                                                     const char            *purpose,
                                                                     VigilCredentialKey    *key);
/* A builder with an open object (and "op" when op is not NULL). */
JsonBuilder           *_vigil_account_register_begin                (const char            *op);
gboolean               _vigil_account_register_append               (VigilAccountRegister  *self,
                                                                     const char            *kind,
                                                                     const char            *key,
                                                                     gint64                 expected_version,
                                                                     JsonBuilder           *builder,
                                                                     GError               **error);
/* Closes builder's object and appends it to account's key. */
gboolean               _vigil_account_register_append_op            (VigilAccountRegister  *self,
                                                                     VigilAccount          *account,
                                                                     JsonBuilder           *builder,
                                                                     GError               **error);
void                   _vigil_account_register_note_credential_error (VigilAccountRegister *self,
                                                                     const GError          *error);
/* Rates and digests password in memory; NULL for an unusable password. */
VigilPasswordStrength *_vigil_account_register_remember_password    (VigilAccountRegister  *self,
                                                                     VigilAccount          *account,
                                                                     const char            *password);
void                   _vigil_account_register_forget_password      (VigilAccountRegister  *self,
                                                                     VigilAccount          *account);

/* vigil-account-register-hacked.c */
void                   _vigil_account_register_watch_sources        (VigilAccountRegister  *self);
void                   _vigil_account_register_unwatch_sources      (VigilAccountRegister  *self);
/* Blocks or unblocks the sources of account to match its compromised state. */
void                   _vigil_account_register_sync_sources         (VigilAccountRegister  *self,
                                                                     VigilAccount          *account);

G_END_DECLS

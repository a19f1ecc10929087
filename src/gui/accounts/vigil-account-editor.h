/* vigil-account-editor.h: add or edit one account: its fields, password
 * (with a strength meter), Mastodon sign-in, the hacked-account checklist,
 * its usage log, removal
 *
 * Actions (on the window): editor.save, editor.copy-password,
 * editor.sign-in, editor.report-hacked, editor.recovered, editor.remove.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "vigil-account-register.h"

G_BEGIN_DECLS

/* A copied password is cleared from the clipboard after this long. */
#define VIGIL_ACCOUNT_EDITOR_CLIPBOARD_SECONDS 30

#define VIGIL_TYPE_ACCOUNT_EDITOR (vigil_account_editor_get_type ())
G_DECLARE_FINAL_TYPE (VigilAccountEditor, vigil_account_editor, VIGIL, ACCOUNT_EDITOR, AdwPreferencesWindow)

/* account NULL: a new account (saved with editor.save). */
GtkWidget    *vigil_account_editor_new           (VigilAccountRegister *reg,
                                                  VigilAccount         *account);
VigilAccount *vigil_account_editor_get_account   (VigilAccountEditor   *self);

/* For tests: fill the fields from JSON ("save" fields), type a password
 * (as a person would: the meter updates), the meter's score (-1 = empty),
 * the last message shown in a toast. */
void          vigil_account_editor_fill          (VigilAccountEditor   *self,
                                                  const char           *json);
void          vigil_account_editor_type_password (VigilAccountEditor   *self,
                                                  const char           *password);
int           vigil_account_editor_get_meter_score (VigilAccountEditor *self);
/* How long a copied password stays on the clipboard (default
 * VIGIL_ACCOUNT_EDITOR_CLIPBOARD_SECONDS; tests shorten it). */
void          vigil_account_editor_set_clipboard_seconds (VigilAccountEditor *self,
                                                          guint               seconds);
const char   *vigil_account_editor_get_last_message (VigilAccountEditor *self);

G_END_DECLS

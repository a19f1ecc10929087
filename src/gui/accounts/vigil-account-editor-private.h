/* vigil-account-editor-private.h: what the editor's files share
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "vigil-account-editor.h"
#include "vigil-mastodon-oauth.h"
#include "vigil-oauth-loopback.h"

G_BEGIN_DECLS

struct _VigilAccountEditor
{
  AdwPreferencesWindow  parent_instance;

  VigilAccountRegister *reg;
  VigilAccount         *account;
  GCancellable         *cancellable;
  char                 *last_message;
  int                   meter_score;
  guint                 clipboard_seconds;
  GPtrArray            *step_checks;   /* GtkCheckButton, one per hacked step */
  GPtrArray            *usage_rows;
  gboolean              updating;

  /* sign-in in progress */
  VigilMastodonOAuth   *oauth;
  VigilOAuthLoopback   *loopback;
  AdwMessageDialog     *sign_in_dialog;
  GtkEntry             *code_entry;

  AdwPreferencesGroup  *hacked_group;
  AdwPreferencesGroup  *password_group;
  AdwPreferencesGroup  *token_group;
  AdwPreferencesGroup  *usage_group;
  AdwPreferencesGroup  *danger_group;
  AdwComboRow          *platform_row;
  AdwEntryRow          *handle_row;
  AdwEntryRow          *instance_row;
  AdwComboRow          *ownership_row;
  AdwEntryRow          *owner_row;
  AdwEntryRow          *email_row;
  AdwEntryRow          *access_row;
  GtkSwitch            *two_factor_switch;
  AdwEntryRow          *rotated_row;
  AdwEntryRow          *notes_row;
  AdwPasswordEntryRow  *password_row;
  GtkLevelBar          *strength_bar;
  GtkLabel             *strength_label;
  GtkLabel             *feedback_label;
  AdwActionRow         *token_row;
  AdwPasswordEntryRow  *token_entry;
};

/* vigil-account-editor.c */
void _vigil_account_editor_say     (VigilAccountEditor *self,
                                    const char         *message);
void _vigil_account_editor_refresh (VigilAccountEditor *self);

/* vigil-account-editor-secrets.c */
void _vigil_account_editor_init_secrets  (VigilAccountEditor *self);
void _vigil_account_editor_class_secrets (GtkWidgetClass     *widget_class);
void _vigil_account_editor_update_token  (VigilAccountEditor *self);
void _vigil_account_editor_stop_sign_in  (VigilAccountEditor *self);

G_END_DECLS

/* vigil-account-editor-secrets.c: the password (strength meter, store,
 * copy with a clipboard that clears itself), the pasted token, and
 * signing in to Mastodon in the browser
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "vigil-account-editor"

#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "vigil-account-editor-private.h"
#include "vigil-context.h"

/* --- strength meter --- */

static void
update_meter (VigilAccountEditor *self)
{
  const char *password = gtk_editable_get_text (GTK_EDITABLE (self->password_row));
  const char *inputs[5] = { NULL };
  g_autoptr(VigilPasswordStrength) s = NULL;
  g_autoptr(GString) feedback = g_string_new (NULL);
  g_autofree char *label = NULL;

  if (self->account != NULL)
    {
      inputs[0] = vigil_account_get_handle (self->account);
      inputs[1] = vigil_account_get_admin_email (self->account);
      inputs[2] = vigil_account_get_owner (self->account);
      inputs[3] = vigil_account_get_instance (self->account);
    }
  s = *password != '\0' ? vigil_password_strength_check (password, inputs) : NULL;
  self->meter_score = s != NULL ? s->score : -1;
  if (s != NULL)
    gtk_level_bar_set_value (self->strength_bar, s->score);
  else  /* the stored password's score, from when it was set */
    gtk_level_bar_set_value (self->strength_bar, self->account != NULL
                             ? MAX (vigil_account_get_password_score (self->account), 0) : 0);
  if (s == NULL)
    {
      if (self->account != NULL && vigil_account_get_password_score (self->account) >= 0)
        label = g_strdup_printf (_("Stored password: %s"),
                                 vigil_password_strength_describe_score (vigil_account_get_password_score (self->account)));
      else
        label = g_strdup (self->account != NULL && vigil_account_get_has_password (self->account)
                          ? _("A password is stored") : _("No password stored yet"));
      gtk_label_set_label (self->strength_label, label);
      gtk_label_set_label (self->feedback_label, "");
      return;
    }
  /* Translators: a rating, then the estimated guesses as a power of ten */
  label = g_strdup_printf (_("%s · about 10^%.0f guesses to crack"),
                           vigil_password_strength_describe_score (s->score), s->guesses_log10);
  gtk_label_set_label (self->strength_label, label);
  if (s->warning != NULL)
    g_string_append (feedback, s->warning);
  for (guint i = 0; s->suggestions[i] != NULL; i++)
    g_string_append_printf (feedback, "%s%s", feedback->len > 0 ? "\n" : "", s->suggestions[i]);
  gtk_label_set_label (self->feedback_label, feedback->str);
}

static void
on_password_changed_cb (GtkEditable        *editable,
                        VigilAccountEditor *self)
{
  update_meter (self);
}

static void
on_password_stored_cb (GObject      *object,
                       GAsyncResult *result,
                       gpointer      user_data)
{
  g_autoptr(VigilAccountEditor) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(VigilPasswordStrength) s = NULL;

  s = vigil_account_register_set_password_finish (VIGIL_ACCOUNT_REGISTER (object), result, &error);
  if (s == NULL)
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        _vigil_account_editor_say (self, error->message);
      return;
    }
  gtk_editable_set_text (GTK_EDITABLE (self->password_row), "");
  _vigil_account_editor_say (self, s->score <= VIGIL_PASSWORD_WEAK_SCORE
                                     ? _("Stored in the keyring, but the password is weak: change it at the platform.")
                                     : _("Password stored in the keyring"));
  update_meter (self);
}

static void
on_password_apply_cb (AdwEntryRow        *row,
                      VigilAccountEditor *self)
{
  const char *password = gtk_editable_get_text (GTK_EDITABLE (row));

  if (self->account == NULL || *password == '\0')
    return;
  vigil_account_register_set_password_async (self->reg, self->account, password, self->cancellable,
                                              on_password_stored_cb, g_object_ref (self));
}

/* --- copy, cleared after a while --- */

typedef struct
{
  GdkClipboard       *clipboard;
  GdkContentProvider *content;
} ClearCopy;

static gboolean
clear_copy_cb (gpointer user_data)
{
  ClearCopy *clear = user_data;

  /* only if what is there is still our copy */
  if (gdk_clipboard_get_content (clear->clipboard) == clear->content)
    gdk_clipboard_set_content (clear->clipboard, NULL);
  g_object_unref (clear->clipboard);
  g_object_unref (clear->content);
  g_free (clear);
  return G_SOURCE_REMOVE;
}

static void
on_revealed_cb (GObject      *object,
                GAsyncResult *result,
                gpointer      user_data)
{
  g_autoptr(VigilAccountEditor) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) text = NULL;
  g_autoptr(GBytes) hint = NULL;
  GdkContentProvider *parts[2];
  ClearCopy *clear;
  char *secret;

  secret = vigil_account_register_reveal_password_finish (VIGIL_ACCOUNT_REGISTER (object), result, &error);
  if (secret == NULL)
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        _vigil_account_editor_say (self, error->message);
      return;
    }
  text = g_bytes_new (secret, strlen (secret));
  vigil_credential_free_secret (secret);
  /* clipboard managers that honour it (KDE, GPaste…) keep no history of it */
  hint = g_bytes_new_static ("secret", 6);
  parts[0] = gdk_content_provider_new_for_bytes ("text/plain;charset=utf-8", text);
  parts[1] = gdk_content_provider_new_for_bytes ("x-kde-passwordManagerHint", hint);
  clear = g_new0 (ClearCopy, 1);
  clear->clipboard = g_object_ref (gtk_widget_get_clipboard (GTK_WIDGET (self)));
  clear->content = gdk_content_provider_new_union (parts, 2);
  gdk_clipboard_set_content (clear->clipboard, clear->content);
  g_timeout_add_seconds (MAX (self->clipboard_seconds, 1), clear_copy_cb, clear);
  {
    g_autofree char *message = g_strdup_printf (ngettext ("Password copied. The clipboard is cleared in %u second.",
                                                          "Password copied. The clipboard is cleared in %u seconds.",
                                                          MAX (self->clipboard_seconds, 1)),
                                                MAX (self->clipboard_seconds, 1));

    _vigil_account_editor_say (self, message);
  }
}

static void
copy_password_action (GtkWidget  *widget,
                      const char *name,
                      GVariant   *param)
{
  VigilAccountEditor *self = VIGIL_ACCOUNT_EDITOR (widget);

  if (self->account == NULL)
    return;
  vigil_account_register_reveal_password_async (self->reg, self->account, "password", self->cancellable,
                                                on_revealed_cb, g_object_ref (self));
}

/* --- tokens --- */

void
_vigil_account_editor_update_token (VigilAccountEditor *self)
{
  const char *method = self->account != NULL ? vigil_account_get_token_method (self->account) : "";

  if (g_str_equal (method, "oauth"))
    adw_action_row_set_subtitle (self->token_row, _("Signed in from Vigil (read-only access)"));
  else if (g_str_equal (method, "pasted"))
    adw_action_row_set_subtitle (self->token_row, _("A pasted access token"));
  else
    adw_action_row_set_subtitle (self->token_row, _("None: its sources read anonymously"));
  update_meter (self);
}

static void
on_token_stored_cb (GObject      *object,
                    GAsyncResult *result,
                    gpointer      user_data)
{
  g_autoptr(VigilAccountEditor) self = user_data;
  g_autoptr(GError) error = NULL;

  if (!vigil_account_register_set_token_finish (VIGIL_ACCOUNT_REGISTER (object), result, &error))
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        _vigil_account_editor_say (self, error->message);
      return;
    }
  gtk_editable_set_text (GTK_EDITABLE (self->token_entry), "");
  _vigil_account_editor_say (self, _("Token stored in the keyring; linked sources restart with it."));
}

static void
on_token_apply_cb (AdwEntryRow        *row,
                   VigilAccountEditor *self)
{
  g_autofree char *token = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (row))));

  if (self->account == NULL || *token == '\0')
    return;
  vigil_account_register_set_token_async (self->reg, self->account, token, "pasted", self->cancellable,
                                          on_token_stored_cb, g_object_ref (self));
  explicit_bzero (token, strlen (token));
}

/* --- signing in --- */

void
_vigil_account_editor_stop_sign_in (VigilAccountEditor *self)
{
  if (self->sign_in_dialog != NULL)
    gtk_window_destroy (GTK_WINDOW (self->sign_in_dialog));
  self->sign_in_dialog = NULL;
  self->code_entry = NULL;
  g_clear_object (&self->loopback);
  g_clear_object (&self->oauth);
}

static void
on_signed_in_cb (GObject      *object,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  g_autoptr(VigilAccountEditor) self = user_data;
  g_autoptr(GError) error = NULL;

  if (!vigil_account_register_sign_in_finish (VIGIL_ACCOUNT_REGISTER (object), result, &error))
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        _vigil_account_editor_say (self, error->message);
    }
  else
    _vigil_account_editor_say (self, _("Signed in. The token is in the keyring; linked sources restart with it."));
  _vigil_account_editor_stop_sign_in (self);
}

/* The code on its own, or taken from a pasted redirect address. */
static char *
extract_code (const char *text)
{
  g_autofree char *trimmed = g_strstrip (g_strdup (text));
  const char *q = strstr (trimmed, "code=");

  if (q != NULL)
    {
      const char *end = strpbrk (q + 5, "&# ");

      return end != NULL ? g_strndup (q + 5, end - (q + 5)) : g_strdup (q + 5);
    }
  return g_steal_pointer (&trimmed);
}

static void
finish_with_code (VigilAccountEditor *self,
                  const char         *code)
{
  if (self->sign_in_dialog != NULL)
    gtk_window_destroy (GTK_WINDOW (self->sign_in_dialog));
  self->sign_in_dialog = NULL;
  self->code_entry = NULL;
  vigil_account_register_sign_in_async (self->reg, self->account, self->oauth, code, self->cancellable,
                                        on_signed_in_cb, g_object_ref (self));
}

static void
on_code_received_cb (GObject      *object,
                     GAsyncResult *result,
                     gpointer      user_data)
{
  g_autoptr(VigilAccountEditor) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autofree char *code = vigil_oauth_loopback_wait_finish (VIGIL_OAUTH_LOOPBACK (object), result, &error);

  if (code == NULL)
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        {
          _vigil_account_editor_say (self, error->message);
          _vigil_account_editor_stop_sign_in (self);
        }
      return;
    }
  if (self->oauth != NULL)
    finish_with_code (self, code);
}

static void
on_sign_in_response_cb (AdwMessageDialog   *dialog,
                        const char         *response,
                        VigilAccountEditor *self)
{
  g_autofree char *code = NULL;

  if (!g_str_equal (response, "continue") || self->code_entry == NULL)
    {
      self->sign_in_dialog = NULL;
      self->code_entry = NULL;
      _vigil_account_editor_stop_sign_in (self);
      return;
    }
  code = extract_code (gtk_editable_get_text (GTK_EDITABLE (self->code_entry)));
  self->sign_in_dialog = NULL;  /* closing by itself */
  finish_with_code (self, code);
}

static void
on_app_registered_cb (GObject      *object,
                      GAsyncResult *result,
                      gpointer      user_data)
{
  g_autoptr(VigilAccountEditor) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autofree char *url = NULL;
  GtkWidget *dialog, *entry;

  if (!vigil_mastodon_oauth_register_app_finish (VIGIL_MASTODON_OAUTH (object), result, &error))
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        _vigil_account_editor_say (self, error->message);
      _vigil_account_editor_stop_sign_in (self);
      return;
    }
  url = vigil_mastodon_oauth_dup_authorize_url (self->oauth);
  vigil_oauth_loopback_wait_async (self->loopback, vigil_mastodon_oauth_get_state (self->oauth),
                                   self->cancellable, on_code_received_cb, g_object_ref (self));
  gtk_show_uri (GTK_WINDOW (self), url, GDK_CURRENT_TIME);

  dialog = adw_message_dialog_new (GTK_WINDOW (self), _("Approve Vigil in Your Browser"), NULL);
  adw_message_dialog_format_body (ADW_MESSAGE_DIALOG (dialog),
                                  _("Sign in to %s as @%s and authorise Vigil to read. Vigil continues by "
                                    "itself when the browser comes back; if it can’t, paste the code or the "
                                    "address the browser shows."),
                                  vigil_account_get_instance (self->account), vigil_account_get_handle (self->account));
  entry = gtk_entry_new ();
  gtk_entry_set_placeholder_text (GTK_ENTRY (entry), _("Authorisation code"));
  gtk_entry_set_activates_default (GTK_ENTRY (entry), TRUE);
  adw_message_dialog_set_extra_child (ADW_MESSAGE_DIALOG (dialog), entry);
  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog), "cancel", _("_Cancel"),
                                    "continue", _("C_ontinue"), NULL);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "continue", ADW_RESPONSE_SUGGESTED);
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), "continue");
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  g_signal_connect_object (dialog, "response", G_CALLBACK (on_sign_in_response_cb), self, 0);
  self->sign_in_dialog = ADW_MESSAGE_DIALOG (dialog);
  self->code_entry = GTK_ENTRY (entry);
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
sign_in_action (GtkWidget  *widget,
                const char *name,
                GVariant   *param)
{
  VigilAccountEditor *self = VIGIL_ACCOUNT_EDITOR (widget);
  VigilContext *context;
  g_autoptr(GError) error = NULL;

  if (self->account == NULL || self->oauth != NULL)
    return;
  g_object_get (self->reg, "context", &context, NULL);
  if (context == NULL)
    return;
  self->oauth = vigil_mastodon_oauth_new (vigil_context_get_session (context),
                                          vigil_account_get_instance (self->account), &error);
  g_object_unref (context);
  if (self->oauth == NULL || (self->loopback = vigil_oauth_loopback_new (&error)) == NULL)
    {
      _vigil_account_editor_say (self, error->message);
      _vigil_account_editor_stop_sign_in (self);
      return;
    }
  vigil_mastodon_oauth_register_app_async (self->oauth, vigil_oauth_loopback_get_redirect_uri (self->loopback),
                                           self->cancellable, on_app_registered_cb, g_object_ref (self));
}

void
_vigil_account_editor_init_secrets (VigilAccountEditor *self)
{
  gtk_level_bar_add_offset_value (self->strength_bar, GTK_LEVEL_BAR_OFFSET_LOW, 2);
  gtk_level_bar_add_offset_value (self->strength_bar, GTK_LEVEL_BAR_OFFSET_HIGH, 3);
  gtk_level_bar_add_offset_value (self->strength_bar, GTK_LEVEL_BAR_OFFSET_FULL, 4);
  g_signal_connect (self->password_row, "changed", G_CALLBACK (on_password_changed_cb), self);
  g_signal_connect (self->password_row, "apply", G_CALLBACK (on_password_apply_cb), self);
  g_signal_connect (self->token_entry, "apply", G_CALLBACK (on_token_apply_cb), self);
}

void
_vigil_account_editor_class_secrets (GtkWidgetClass *widget_class)
{
  gtk_widget_class_install_action (widget_class, "editor.copy-password", NULL, copy_password_action);
  gtk_widget_class_install_action (widget_class, "editor.sign-in", NULL, sign_in_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_c, GDK_CONTROL_MASK | GDK_SHIFT_MASK,
                                       "editor.copy-password", NULL);
}

void
vigil_account_editor_set_clipboard_seconds (VigilAccountEditor *self,
                                            guint               seconds)
{
  g_return_if_fail (VIGIL_IS_ACCOUNT_EDITOR (self));
  self->clipboard_seconds = seconds;
}

void
vigil_account_editor_type_password (VigilAccountEditor *self,
                                    const char         *password)
{
  g_return_if_fail (VIGIL_IS_ACCOUNT_EDITOR (self));
  gtk_editable_set_text (GTK_EDITABLE (self->password_row), password);
}

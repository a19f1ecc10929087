/* vigil-account-editor.c: the fields, the hacked-account checklist, the
 * usage log and removal (secrets: vigil-account-editor-secrets.c)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "vigil-account-editor"

#include "config.h"

#include <glib/gi18n.h>
#include <json-glib/json-glib.h>

#include "vigil-account-editor-private.h"

G_DEFINE_FINAL_TYPE (VigilAccountEditor, vigil_account_editor, ADW_TYPE_PREFERENCES_WINDOW)

void
_vigil_account_editor_say (VigilAccountEditor *self,
                           const char         *message)
{
  AdwToast *toast = adw_toast_new (message);

  g_free (self->last_message);
  self->last_message = g_strdup (message);
  adw_toast_set_timeout (toast, 5);
  adw_preferences_window_add_toast (ADW_PREFERENCES_WINDOW (self), toast);
}

static void
load_fields (VigilAccountEditor *self)
{
  const char * const *platforms = vigil_account_platforms ();
  VigilAccount *a = self->account;
  g_autofree char *access = NULL;
  g_autofree char *rotated = NULL;

  if (a == NULL)
    return;
  for (guint i = 0; platforms[i] != NULL; i++)
    if (g_str_equal (platforms[i], vigil_account_get_platform (a)))
      adw_combo_row_set_selected (self->platform_row, i);
  gtk_editable_set_text (GTK_EDITABLE (self->handle_row), vigil_account_get_handle (a));
  gtk_editable_set_text (GTK_EDITABLE (self->instance_row), vigil_account_get_instance (a));
  adw_combo_row_set_selected (self->ownership_row, vigil_account_get_ownership (a));
  gtk_editable_set_text (GTK_EDITABLE (self->owner_row), vigil_account_get_owner (a));
  gtk_editable_set_text (GTK_EDITABLE (self->email_row), vigil_account_get_admin_email (a));
  access = g_strjoinv (", ", (char **) vigil_account_get_access (a));
  gtk_editable_set_text (GTK_EDITABLE (self->access_row), access);
  gtk_switch_set_active (self->two_factor_switch, vigil_account_get_two_factor (a));
  if (vigil_account_get_rotated_us (a) > 0)
    {
      g_autoptr(GDateTime) dt = g_date_time_new_from_unix_utc (vigil_account_get_rotated_us (a) / G_USEC_PER_SEC);

      rotated = g_date_time_format (dt, "%Y-%m-%d");
    }
  gtk_editable_set_text (GTK_EDITABLE (self->rotated_row), rotated != NULL ? rotated : "");
  gtk_editable_set_text (GTK_EDITABLE (self->notes_row), vigil_account_get_notes (a));
}

static void
on_step_toggled_cb (GtkCheckButton     *check,
                    VigilAccountEditor *self)
{
  g_autoptr(GError) error = NULL;

  if (self->updating || self->account == NULL)
    return;
  /* the row stays as it is: no rebuild under the check being toggled */
  self->updating = TRUE;
  if (!vigil_account_register_set_step_done (self->reg, self->account,
                                             g_object_get_data (G_OBJECT (check), "step"),
                                             gtk_check_button_get_active (check), &error))
    _vigil_account_editor_say (self, error->message);
  self->updating = FALSE;
}

/* The checklist rows, from the account's playbook run (or own checklist). */
static void
rebuild_checklist (VigilAccountEditor *self)
{
  g_autoptr(GPtrArray) steps = NULL;

  for (guint i = 0; i < self->step_checks->len; i++)
    {
      GtkWidget *row = g_object_get_data (G_OBJECT (self->step_checks->pdata[i]), "row");

      adw_preferences_group_remove (self->hacked_group, row);
    }
  g_ptr_array_set_size (self->step_checks, 0);
  if (self->account == NULL)
    return;
  steps = vigil_account_register_list_steps (self->reg, self->account);
  self->updating = TRUE;
  for (guint i = 0; i < steps->len; i++)
    {
      VigilHackedStepState *step = g_ptr_array_index (steps, i);
      GtkWidget *row = adw_action_row_new ();
      GtkWidget *check = gtk_check_button_new ();

      adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), step->title);
      adw_action_row_set_subtitle (ADW_ACTION_ROW (row), step->detail);
      gtk_widget_set_valign (check, GTK_ALIGN_CENTER);
      gtk_check_button_set_active (GTK_CHECK_BUTTON (check), step->done);
      g_object_set_data_full (G_OBJECT (check), "step", g_strdup (step->id), g_free);
      g_object_set_data (G_OBJECT (check), "row", row);
      g_signal_connect (check, "toggled", G_CALLBACK (on_step_toggled_cb), self);
      adw_action_row_add_prefix (ADW_ACTION_ROW (row), check);
      adw_action_row_set_activatable_widget (ADW_ACTION_ROW (row), check);
      adw_preferences_group_add (self->hacked_group, row);
      g_ptr_array_add (self->step_checks, check);
    }
  self->updating = FALSE;
}

/* What a usage record says someone did, as a phrase after their name. */
static char *
describe_action (VigilAccountUsage *u)
{
  if (g_str_equal (u->action, "copy"))
    return g_strdup (g_strcmp0 (u->detail, "token") == 0 ? _("copied the token") : _("copied the password"));
  if (g_str_equal (u->action, "connect"))
    return g_strdup_printf (_("connected a source with its token (%s)"), u->detail);
  if (g_str_equal (u->action, "set-password"))
    return g_strdup (_("stored a new password"));
  if (g_str_equal (u->action, "set-token"))
    return g_strdup (_("pasted an access token"));
  if (g_str_equal (u->action, "sign-in"))
    return g_strdup (_("signed in from Vigil"));
  if (g_str_equal (u->action, "revoke"))
    return g_strdup_printf (_("removed it (token %s)"), u->detail);
  return g_strdup (u->action);
}

static void
refresh_usage (VigilAccountEditor *self)
{
  g_autoptr(GPtrArray) usage = NULL;

  for (guint i = 0; i < self->usage_rows->len; i++)
    adw_preferences_group_remove (self->usage_group, g_ptr_array_index (self->usage_rows, i));
  g_ptr_array_set_size (self->usage_rows, 0);
  if (self->account == NULL)
    return;
  usage = vigil_account_register_list_usage (self->reg, self->account, 10, NULL);
  for (guint i = 0; usage != NULL && i < usage->len; i++)
    {
      VigilAccountUsage *u = g_ptr_array_index (usage, i);
      g_autoptr(GDateTime) utc = g_date_time_new_from_unix_utc (u->at_us / G_USEC_PER_SEC);
      g_autoptr(GDateTime) local = g_date_time_to_local (utc);
      g_autofree char *when = g_date_time_format (local, "%x %X");
      g_autofree char *what = describe_action (u);
      g_autofree char *title = g_strdup_printf ("%s %s", u->actor, what);
      GtkWidget *row = adw_action_row_new ();

      adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
      adw_action_row_set_subtitle (ADW_ACTION_ROW (row), when);
      adw_preferences_group_add (self->usage_group, row);
      g_ptr_array_add (self->usage_rows, row);
    }
  adw_preferences_group_set_description (self->usage_group,
                                         self->usage_rows->len == 0 ? _("Nobody has used its password or token yet.") : NULL);
}

void
_vigil_account_editor_refresh (VigilAccountEditor *self)
{
  gboolean exists = self->account != NULL;
  gboolean compromised = exists && vigil_account_get_compromised (self->account);
  g_autofree char *title = exists ? vigil_account_dup_title (self->account) : g_strdup (_("New Account"));

  gtk_window_set_title (GTK_WINDOW (self), title);
  gtk_widget_set_visible (GTK_WIDGET (self->password_group), exists);
  gtk_widget_set_visible (GTK_WIDGET (self->usage_group), exists);
  gtk_widget_set_visible (GTK_WIDGET (self->danger_group), exists);
  gtk_widget_set_visible (GTK_WIDGET (self->token_group),
                          exists && g_str_equal (vigil_account_get_platform (self->account), "mastodon"));
  gtk_widget_set_visible (GTK_WIDGET (self->hacked_group), compromised);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "editor.report-hacked", exists && !compromised);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "editor.copy-password",
                                 exists && vigil_account_get_has_password (self->account));
  rebuild_checklist (self);
  _vigil_account_editor_update_token (self);
  refresh_usage (self);
}

static void
on_account_notify_cb (VigilAccount       *account,
                      GParamSpec         *pspec,
                      VigilAccountEditor *self)
{
  if (!self->updating)
    _vigil_account_editor_refresh (self);
}

static void
set_account (VigilAccountEditor *self,
             VigilAccount       *account)
{
  if (self->account != NULL)
    g_signal_handlers_disconnect_by_data (self->account, self);
  g_set_object (&self->account, account);
  if (account != NULL)
    g_signal_connect_object (account, "notify", G_CALLBACK (on_account_notify_cb), self, 0);
  load_fields (self);
  _vigil_account_editor_refresh (self);
}

static JsonObject *
read_fields (VigilAccountEditor  *self,
             GError             **error)
{
  JsonObject *o = json_object_new ();
  g_autoptr(JsonArray) access = json_array_new ();
  g_auto(GStrv) people = g_strsplit (gtk_editable_get_text (GTK_EDITABLE (self->access_row)), ",", -1);
  const char *rotated = gtk_editable_get_text (GTK_EDITABLE (self->rotated_row));
  guint platform = adw_combo_row_get_selected (self->platform_row);

  json_object_set_string_member (o, "platform", vigil_account_platforms ()[platform]);
  json_object_set_string_member (o, "handle", gtk_editable_get_text (GTK_EDITABLE (self->handle_row)));
  json_object_set_string_member (o, "instance", gtk_editable_get_text (GTK_EDITABLE (self->instance_row)));
  json_object_set_string_member (o, "ownership", adw_combo_row_get_selected (self->ownership_row) == 1 ? "personal" : "company");
  json_object_set_string_member (o, "owner", gtk_editable_get_text (GTK_EDITABLE (self->owner_row)));
  json_object_set_string_member (o, "admin_email", gtk_editable_get_text (GTK_EDITABLE (self->email_row)));
  json_object_set_string_member (o, "notes", gtk_editable_get_text (GTK_EDITABLE (self->notes_row)));
  json_object_set_boolean_member (o, "two_factor", gtk_switch_get_active (self->two_factor_switch));
  for (guint i = 0; people[i] != NULL; i++)
    {
      g_strstrip (people[i]);
      if (*people[i] != '\0')
        json_array_add_string_element (access, people[i]);
    }
  json_object_set_array_member (o, "access", json_array_ref (access));
  if (*rotated != '\0')
    {
      g_autofree char *iso = g_strconcat (rotated, "T00:00:00Z", NULL);
      g_autoptr(GDateTime) dt = g_date_time_new_from_iso8601 (iso, NULL);

      if (dt == NULL)
        {
          g_set_error (error, VIGIL_ACCOUNT_ERROR, VIGIL_ACCOUNT_ERROR_INVALID,
                       _("“%s” is not a date: write it as YYYY-MM-DD."), rotated);
          json_object_unref (o);
          return NULL;
        }
      json_object_set_string_member (o, "rotated_at", iso);
    }
  else
    json_object_set_null_member (o, "rotated_at");
  return o;
}

static void
save_action (GtkWidget  *widget,
             const char *name,
             GVariant   *param)
{
  VigilAccountEditor *self = VIGIL_ACCOUNT_EDITOR (widget);
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonObject) fields = read_fields (self, &error);

  if (fields == NULL)
    {
      _vigil_account_editor_say (self, error->message);
      return;
    }
  if (self->account == NULL)
    {
      VigilAccount *account = vigil_account_register_add (self->reg, fields, &error);

      if (account == NULL)
        {
          _vigil_account_editor_say (self, error->message);
          return;
        }
      set_account (self, account);
      _vigil_account_editor_say (self, _("Account added. Now store its password."));
      return;
    }
  if (!vigil_account_register_update (self->reg, self->account, fields, &error))
    {
      _vigil_account_editor_say (self, error->message);
      return;
    }
  _vigil_account_editor_say (self, _("Saved"));
}

static void
on_report_response_cb (AdwMessageDialog   *dialog,
                       const char         *response,
                       VigilAccountEditor *self)
{
  g_autoptr(GError) error = NULL;

  if (!g_str_equal (response, "report") || self->account == NULL)
    return;
  if (!vigil_account_register_report_hacked (self->reg, self->account, NULL, &error))
    _vigil_account_editor_say (self, error->message);
  else
    _vigil_account_editor_say (self, _("Marked hacked; its sources are paused. Work through the checklist."));
}

static void
report_hacked_action (GtkWidget  *widget,
                      const char *name,
                      GVariant   *param)
{
  VigilAccountEditor *self = VIGIL_ACCOUNT_EDITOR (widget);
  g_autofree char *title = vigil_account_dup_title (self->account);
  GtkWidget *dialog;

  dialog = adw_message_dialog_new (GTK_WINDOW (self), _("Report This Account Hacked?"), NULL);
  adw_message_dialog_format_body (ADW_MESSAGE_DIALOG (dialog),
                                  _("%s will be marked compromised, every source that reads with its "
                                    "token pauses until it is recovered, and the hacked-account checklist opens."),
                                  title);
  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog), "cancel", _("_Cancel"),
                                    "report", _("_Report Hacked"), NULL);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "report", ADW_RESPONSE_DESTRUCTIVE);
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  g_signal_connect_object (dialog, "response", G_CALLBACK (on_report_response_cb), self, 0);
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
on_recovered_response_cb (AdwMessageDialog   *dialog,
                          const char         *response,
                          VigilAccountEditor *self)
{
  g_autoptr(GError) error = NULL;

  if (!g_str_equal (response, "clear") || self->account == NULL)
    return;
  if (!vigil_account_register_clear_compromised (self->reg, self->account, TRUE, &error))
    _vigil_account_editor_say (self, error->message);
}

static void
recovered_action (GtkWidget  *widget,
                  const char *name,
                  GVariant   *param)
{
  VigilAccountEditor *self = VIGIL_ACCOUNT_EDITOR (widget);
  g_autoptr(GError) error = NULL;
  GtkWidget *dialog;

  if (vigil_account_register_clear_compromised (self->reg, self->account, FALSE, &error))
    {
      _vigil_account_editor_say (self, _("Recovered; its sources resume."));
      return;
    }
  if (!g_error_matches (error, VIGIL_ACCOUNT_ERROR, VIGIL_ACCOUNT_ERROR_COMPROMISED))
    {
      _vigil_account_editor_say (self, error->message);
      return;
    }
  dialog = adw_message_dialog_new (GTK_WINDOW (self), _("Checklist Not Finished"), error->message);
  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog), "cancel", _("_Cancel"),
                                    "clear", _("Mark _Recovered Anyway"), NULL);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "clear", ADW_RESPONSE_DESTRUCTIVE);
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  g_signal_connect_object (dialog, "response", G_CALLBACK (on_recovered_response_cb), self, 0);
  gtk_window_present (GTK_WINDOW (dialog));
}

static void remove_account (VigilAccountEditor *self,
                            gboolean            force);

static void
on_removed_cb (GObject      *object,
               GAsyncResult *result,
               gpointer      user_data)
{
  g_autoptr(VigilAccountEditor) self = user_data;
  g_autoptr(GError) error = NULL;

  if (vigil_account_register_remove_finish (VIGIL_ACCOUNT_REGISTER (object), result, &error))
    {
      gtk_window_destroy (GTK_WINDOW (self));
      return;
    }
  if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    _vigil_account_editor_say (self, error->message);
}

static void
remove_account (VigilAccountEditor *self,
                gboolean            force)
{
  vigil_account_register_remove_async (self->reg, self->account, force, self->cancellable,
                                       on_removed_cb, g_object_ref (self));
}

static void
on_remove_response_cb (AdwMessageDialog   *dialog,
                       const char         *response,
                       VigilAccountEditor *self)
{
  if (g_str_equal (response, "remove") && self->account != NULL)
    remove_account (self, FALSE);
  else if (g_str_equal (response, "force") && self->account != NULL)
    remove_account (self, TRUE);
}

static void
remove_action (GtkWidget  *widget,
               const char *name,
               GVariant   *param)
{
  VigilAccountEditor *self = VIGIL_ACCOUNT_EDITOR (widget);
  g_autofree char *title = vigil_account_dup_title (self->account);
  GtkWidget *dialog;

  dialog = adw_message_dialog_new (GTK_WINDOW (self), _("Remove This Account?"), NULL);
  adw_message_dialog_format_body (ADW_MESSAGE_DIALOG (dialog),
                                  _("%s leaves the register. A token from signing in is revoked at the "
                                    "instance, and its password and token are deleted from the keyring. "
                                    "Its history stays in the archive."), title);
  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog), "cancel", _("_Cancel"),
                                    "remove", _("_Remove"), NULL);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "remove", ADW_RESPONSE_DESTRUCTIVE);
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  g_signal_connect_object (dialog, "response", G_CALLBACK (on_remove_response_cb), self, 0);
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
vigil_account_editor_dispose (GObject *object)
{
  VigilAccountEditor *self = (VigilAccountEditor *) object;

  g_cancellable_cancel (self->cancellable);
  _vigil_account_editor_stop_sign_in (self);
  if (self->account != NULL)
    g_signal_handlers_disconnect_by_data (self->account, self);
  g_clear_object (&self->account);
  g_clear_object (&self->reg);
  gtk_widget_dispose_template (GTK_WIDGET (object), VIGIL_TYPE_ACCOUNT_EDITOR);
  G_OBJECT_CLASS (vigil_account_editor_parent_class)->dispose (object);
}

static void
vigil_account_editor_finalize (GObject *object)
{
  VigilAccountEditor *self = (VigilAccountEditor *) object;

  g_clear_object (&self->cancellable);
  g_clear_pointer (&self->step_checks, g_ptr_array_unref);
  g_clear_pointer (&self->usage_rows, g_ptr_array_unref);
  g_free (self->last_message);
  G_OBJECT_CLASS (vigil_account_editor_parent_class)->finalize (object);
}

static void
vigil_account_editor_class_init (VigilAccountEditorClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = vigil_account_editor_dispose;
  object_class->finalize = vigil_account_editor_finalize;

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/vigilapp/Vigil/accounts/vigil-account-editor.ui");
  gtk_widget_class_bind_template_child (widget_class, VigilAccountEditor, hacked_group);
  gtk_widget_class_bind_template_child (widget_class, VigilAccountEditor, password_group);
  gtk_widget_class_bind_template_child (widget_class, VigilAccountEditor, token_group);
  gtk_widget_class_bind_template_child (widget_class, VigilAccountEditor, usage_group);
  gtk_widget_class_bind_template_child (widget_class, VigilAccountEditor, danger_group);
  gtk_widget_class_bind_template_child (widget_class, VigilAccountEditor, platform_row);
  gtk_widget_class_bind_template_child (widget_class, VigilAccountEditor, handle_row);
  gtk_widget_class_bind_template_child (widget_class, VigilAccountEditor, instance_row);
  gtk_widget_class_bind_template_child (widget_class, VigilAccountEditor, ownership_row);
  gtk_widget_class_bind_template_child (widget_class, VigilAccountEditor, owner_row);
  gtk_widget_class_bind_template_child (widget_class, VigilAccountEditor, email_row);
  gtk_widget_class_bind_template_child (widget_class, VigilAccountEditor, access_row);
  gtk_widget_class_bind_template_child (widget_class, VigilAccountEditor, two_factor_switch);
  gtk_widget_class_bind_template_child (widget_class, VigilAccountEditor, rotated_row);
  gtk_widget_class_bind_template_child (widget_class, VigilAccountEditor, notes_row);
  gtk_widget_class_bind_template_child (widget_class, VigilAccountEditor, password_row);
  gtk_widget_class_bind_template_child (widget_class, VigilAccountEditor, strength_bar);
  gtk_widget_class_bind_template_child (widget_class, VigilAccountEditor, strength_label);
  gtk_widget_class_bind_template_child (widget_class, VigilAccountEditor, feedback_label);
  gtk_widget_class_bind_template_child (widget_class, VigilAccountEditor, token_row);
  gtk_widget_class_bind_template_child (widget_class, VigilAccountEditor, token_entry);

  gtk_widget_class_install_action (widget_class, "editor.save", NULL, save_action);
  gtk_widget_class_install_action (widget_class, "editor.report-hacked", NULL, report_hacked_action);
  gtk_widget_class_install_action (widget_class, "editor.recovered", NULL, recovered_action);
  gtk_widget_class_install_action (widget_class, "editor.remove", NULL, remove_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_s, GDK_CONTROL_MASK, "editor.save", NULL);
  _vigil_account_editor_class_secrets (widget_class);
}

static void
vigil_account_editor_init (VigilAccountEditor *self)
{
  g_autoptr(GtkStringList) names = gtk_string_list_new (NULL);
  const char * const *platforms = vigil_account_platforms ();

  gtk_widget_init_template (GTK_WIDGET (self));
  self->cancellable = g_cancellable_new ();
  self->step_checks = g_ptr_array_new ();
  self->usage_rows = g_ptr_array_new ();
  self->meter_score = -1;
  self->clipboard_seconds = VIGIL_ACCOUNT_EDITOR_CLIPBOARD_SECONDS;
  for (guint i = 0; platforms[i] != NULL; i++)
    gtk_string_list_append (names, vigil_account_platform_name (platforms[i]));
  adw_combo_row_set_model (self->platform_row, G_LIST_MODEL (names));
  _vigil_account_editor_init_secrets (self);
}

GtkWidget *
vigil_account_editor_new (VigilAccountRegister *reg,
                          VigilAccount         *account)
{
  VigilAccountEditor *self;

  g_return_val_if_fail (VIGIL_IS_ACCOUNT_REGISTER (reg), NULL);
  g_return_val_if_fail (!account || VIGIL_IS_ACCOUNT (account), NULL);

  self = g_object_new (VIGIL_TYPE_ACCOUNT_EDITOR, NULL);
  self->reg = g_object_ref (reg);
  set_account (self, account);
  return GTK_WIDGET (self);
}

VigilAccount *
vigil_account_editor_get_account (VigilAccountEditor *self)
{
  g_return_val_if_fail (VIGIL_IS_ACCOUNT_EDITOR (self), NULL);
  return self->account;
}

void
vigil_account_editor_fill (VigilAccountEditor *self,
                           const char         *json)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(VigilAccount) scratch = vigil_account_new ("scratch");
  VigilAccount *saved;

  g_return_if_fail (VIGIL_IS_ACCOUNT_EDITOR (self));
  if (!json_parser_load_from_data (parser, json, -1, NULL)
      || !vigil_account_set_fields (scratch, json_node_get_object (json_parser_get_root (parser)), NULL))
    g_return_if_reached ();
  saved = self->account;
  self->account = scratch;
  load_fields (self);
  self->account = saved;
}

const char *
vigil_account_editor_get_last_message (VigilAccountEditor *self)
{
  g_return_val_if_fail (VIGIL_IS_ACCOUNT_EDITOR (self), NULL);
  return self->last_message;
}

int
vigil_account_editor_get_meter_score (VigilAccountEditor *self)
{
  g_return_val_if_fail (VIGIL_IS_ACCOUNT_EDITOR (self), -1);
  return self->meter_score;
}

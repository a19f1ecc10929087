/* vigil-accounts-page.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "vigil-accounts-page"

#include "config.h"

#include <glib/gi18n.h>

#include "vigil-account-editor.h"
#include "vigil-account-register.h"
#include "vigil-account-row.h"
#include "vigil-accounts-page.h"
#include "vigil-settings.h"

#define MAX_USAGE_ROWS 20

struct _VigilAccountsPage
{
  AdwBin                parent_instance;

  VigilContext         *context;
  VigilAccountRegister *reg;
  GSettings            *settings;
  GCancellable         *cancellable;
  GtkWindow            *editor;      /* weak */
  guint                 usage_idle;
  guint                 n_usage;

  GtkRevealer          *banner;
  GtkLabel             *banner_label;
  GtkStack             *stack;
  GtkLabel             *summary_label;
  GtkListBox           *list_box;
  GtkListBox           *usage_box;
};

G_DEFINE_FINAL_TYPE (VigilAccountsPage, vigil_accounts_page, ADW_TYPE_BIN)

static void
load_css (void)
{
  static gboolean loaded;
  g_autoptr(GtkCssProvider) provider = NULL;
  GdkDisplay *display = gdk_display_get_default ();

  if (loaded || display == NULL)
    return;
  loaded = TRUE;
  provider = gtk_css_provider_new ();
  gtk_css_provider_load_from_resource (provider, "/io/github/vigilapp/Vigil/accounts/vigil-accounts.css");
  gtk_style_context_add_provider_for_display (display, GTK_STYLE_PROVIDER (provider),
                                              GTK_STYLE_PROVIDER_PRIORITY_APPLICATION);
}

static GtkWidget *
create_row_cb (gpointer item,
               gpointer user_data)
{
  return vigil_account_row_new (VIGIL_ACCOUNT (item));
}

static void
update_summary (VigilAccountsPage *self)
{
  guint n = self->reg != NULL ? g_list_model_get_n_items (G_LIST_MODEL (self->reg)) : 0;
  guint flagged = 0, hacked = 0;
  g_autofree char *text = NULL;

  gtk_stack_set_visible_child_name (self->stack, n > 0 ? "list" : "empty");
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(VigilAccount) account = g_list_model_get_item (G_LIST_MODEL (self->reg), i);

      if (vigil_account_get_warnings (account) != VIGIL_ACCOUNT_WARNING_NONE)
        flagged++;
      if (vigil_account_get_compromised (account))
        hacked++;
    }
  if (hacked > 0)
    text = g_strdup_printf (ngettext ("%u account · %u reported hacked", "%u accounts · %u reported hacked", n),
                            n, hacked);
  else
    text = g_strdup_printf (ngettext ("%u account · %u with warnings", "%u accounts · %u with warnings", n),
                            n, flagged);
  gtk_label_set_label (self->summary_label, text);
}

static void
on_items_changed_cb (GListModel        *model,
                     guint              position,
                     guint              removed,
                     guint              added,
                     VigilAccountsPage *self)
{
  update_summary (self);
}

static void
update_banner (VigilAccountsPage *self)
{
  const char *problem = self->reg != NULL ? vigil_account_register_get_secrets_problem (self->reg) : "";

  if (problem != NULL && *problem != '\0')
    {
      g_autofree char *text = g_strdup_printf (_("Passwords and tokens are unavailable: %s Everything "
                                                 "else works."), problem);

      gtk_label_set_label (self->banner_label, text);
    }
  gtk_revealer_set_reveal_child (self->banner, problem != NULL && *problem != '\0');
}

static void
on_secrets_problem_cb (VigilAccountRegister *reg,
                       GParamSpec           *pspec,
                       VigilAccountsPage    *self)
{
  update_banner (self);
}

static void
on_checked_cb (GObject      *object,
               GAsyncResult *result,
               gpointer      user_data)
{
  g_autoptr(GError) error = NULL;

  /* the banner follows "secrets-problem" */
  if (!vigil_account_register_check_passwords_finish (VIGIL_ACCOUNT_REGISTER (object), result, &error))
    g_debug ("Passwords not checked: %s", error->message);
}

static void
recheck (VigilAccountsPage *self)
{
  if (self->reg == NULL)
    return;
  vigil_account_register_check_passwords_async (self->reg, self->cancellable, on_checked_cb, NULL);
}

static char *
describe_usage (VigilAccountsPage *self,
                VigilAccountUsage *u)
{
  VigilAccount *account = vigil_account_register_lookup (self->reg, u->account_id);
  g_autofree char *title = account != NULL ? vigil_account_dup_title (account) : g_strdup (_("a removed account"));

  if (g_str_equal (u->action, "copy"))
    return g_strdup_printf (_("%s copied the %s of %s"), u->actor,
                            g_strcmp0 (u->detail, "token") == 0 ? _("token") : _("password"), title);
  if (g_str_equal (u->action, "connect"))
    return g_strdup_printf (_("A source (%s) of %s used the token of %s"), u->detail, u->actor, title);
  if (g_str_equal (u->action, "set-password"))
    return g_strdup_printf (_("%s set a new password for %s"), u->actor, title);
  if (g_str_equal (u->action, "set-token"))
    return g_strdup_printf (_("%s pasted a token for %s"), u->actor, title);
  if (g_str_equal (u->action, "sign-in"))
    return g_strdup_printf (_("%s signed in to %s"), u->actor, title);
  if (g_str_equal (u->action, "revoke"))
    return g_strdup_printf (_("%s removed %s (token %s)"), u->actor, title, u->detail);
  return g_strdup_printf ("%s: %s %s", u->actor, u->action, title);
}

void
vigil_accounts_page_refresh_usage (VigilAccountsPage *self)
{
  g_autoptr(GPtrArray) usage = NULL;
  g_autoptr(GError) error = NULL;
  GtkWidget *child;

  g_return_if_fail (VIGIL_IS_ACCOUNTS_PAGE (self));

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->usage_box))) != NULL)
    gtk_list_box_remove (self->usage_box, child);
  self->n_usage = 0;
  if (self->reg == NULL)
    return;
  usage = vigil_account_register_list_usage (self->reg, NULL, MAX_USAGE_ROWS, &error);
  if (usage == NULL)
    {
      g_debug ("No usage log: %s", error->message);
      return;
    }
  for (guint i = 0; i < usage->len; i++)
    {
      VigilAccountUsage *u = g_ptr_array_index (usage, i);
      g_autoptr(GDateTime) utc = g_date_time_new_from_unix_utc (u->at_us / G_USEC_PER_SEC);
      g_autoptr(GDateTime) local = utc != NULL ? g_date_time_to_local (utc) : NULL;
      g_autofree char *when = local != NULL ? g_date_time_format (local, "%x %X") : g_strdup ("");
      g_autofree char *title = describe_usage (self, u);
      GtkWidget *row = adw_action_row_new ();

      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
      adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
      adw_action_row_set_subtitle (ADW_ACTION_ROW (row), when);
      gtk_list_box_append (self->usage_box, row);
      self->n_usage++;
    }
  if (self->n_usage == 0)
    {
      GtkWidget *row = adw_action_row_new ();

      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row),
                                     _("Nobody has used a stored password or token yet."));
      gtk_widget_add_css_class (row, "dim-label");
      gtk_list_box_append (self->usage_box, row);
    }
}

static gboolean
refresh_usage_idle_cb (gpointer user_data)
{
  VigilAccountsPage *self = user_data;

  self->usage_idle = 0;
  vigil_accounts_page_refresh_usage (self);
  update_summary (self);
  return G_SOURCE_REMOVE;
}

static void
on_record_appended_cb (VigilStore        *store,
                       VigilRecord       *record,
                       VigilAccountsPage *self)
{
  if (g_strcmp0 (record->kind, "account-usage") != 0 && g_strcmp0 (record->kind, "account") != 0)
    return;
  if (self->usage_idle == 0)
    self->usage_idle = g_idle_add (refresh_usage_idle_cb, self);
}

static void
open_editor (VigilAccountsPage *self,
             VigilAccount      *account)
{
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));
  GtkWidget *editor;

  if (self->reg == NULL)
    return;
  editor = vigil_account_editor_new (self->reg, account);
  if (GTK_IS_WINDOW (root))
    gtk_window_set_transient_for (GTK_WINDOW (editor), GTK_WINDOW (root));
  g_set_weak_pointer (&self->editor, GTK_WINDOW (editor));
  gtk_window_present (GTK_WINDOW (editor));
}

static void
on_row_activated_cb (GtkListBox        *box,
                     GtkListBoxRow     *row,
                     VigilAccountsPage *self)
{
  if (VIGIL_IS_ACCOUNT_ROW (row))
    open_editor (self, vigil_account_row_get_account (VIGIL_ACCOUNT_ROW (row)));
}

static void
add_action (GtkWidget  *widget,
            const char *name,
            GVariant   *param)
{
  open_editor (VIGIL_ACCOUNTS_PAGE (widget), NULL);
}

static void
open_action (GtkWidget  *widget,
             const char *name,
             GVariant   *param)
{
  VigilAccountsPage *self = VIGIL_ACCOUNTS_PAGE (widget);
  VigilAccount *account = self->reg ? vigil_account_register_lookup (self->reg, g_variant_get_string (param, NULL)) : NULL;

  if (account != NULL)
    open_editor (self, account);
}

static void
recheck_action (GtkWidget  *widget,
                const char *name,
                GVariant   *param)
{
  recheck (VIGIL_ACCOUNTS_PAGE (widget));
}

void
vigil_accounts_page_set_context (VigilAccountsPage *self,
                                 VigilContext      *context)
{
  g_return_if_fail (VIGIL_IS_ACCOUNTS_PAGE (self));
  g_return_if_fail (!context || VIGIL_IS_CONTEXT (context));

  if (self->context == context)
    return;
  if (self->reg != NULL)
    {
      if (self->settings != NULL)
        {
          g_settings_unbind (self->reg, "rotation-days");
          g_settings_unbind (self->reg, "shared-email-threshold");
        }
      g_signal_handlers_disconnect_by_data (self->reg, self);
      g_signal_handlers_disconnect_by_data (vigil_context_get_store (self->context), self);
    }
  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  self->reg = NULL;
  g_set_object (&self->context, context);
  if (context != NULL)
    {
      self->cancellable = g_cancellable_new ();
      self->reg = vigil_context_ensure_service (context, VIGIL_TYPE_ACCOUNT_REGISTER);
      g_signal_connect_object (self->reg, "items-changed", G_CALLBACK (on_items_changed_cb), self, 0);
      g_signal_connect_object (self->reg, "notify::secrets-problem", G_CALLBACK (on_secrets_problem_cb), self, 0);
      g_signal_connect_object (vigil_context_get_store (context), "record-appended",
                               G_CALLBACK (on_record_appended_cb), self, 0);
      if (self->settings != NULL)
        {
          g_settings_bind (self->settings, "account-rotation-days", self->reg, "rotation-days",
                           G_SETTINGS_BIND_GET);
          g_settings_bind (self->settings, "account-shared-email-threshold", self->reg,
                           "shared-email-threshold", G_SETTINGS_BIND_GET);
        }
    }
  gtk_list_box_bind_model (self->list_box, self->reg ? G_LIST_MODEL (self->reg) : NULL,
                           create_row_cb, self, NULL);
  update_summary (self);
  update_banner (self);
  vigil_accounts_page_refresh_usage (self);
  recheck (self);
}

static void
vigil_accounts_page_dispose (GObject *object)
{
  VigilAccountsPage *self = (VigilAccountsPage *) object;

  g_clear_handle_id (&self->usage_idle, g_source_remove);
  if (self->editor != NULL)
    gtk_window_destroy (self->editor);
  g_clear_weak_pointer (&self->editor);
  if (self->list_box != NULL)
    gtk_list_box_bind_model (self->list_box, NULL, NULL, NULL, NULL);
  vigil_accounts_page_set_context (self, NULL);
  g_clear_object (&self->settings);
  gtk_widget_dispose_template (GTK_WIDGET (object), VIGIL_TYPE_ACCOUNTS_PAGE);
  G_OBJECT_CLASS (vigil_accounts_page_parent_class)->dispose (object);
}

static void
vigil_accounts_page_class_init (VigilAccountsPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = vigil_accounts_page_dispose;

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/vigilapp/Vigil/accounts/vigil-accounts-page.ui");
  gtk_widget_class_bind_template_child (widget_class, VigilAccountsPage, banner);
  gtk_widget_class_bind_template_child (widget_class, VigilAccountsPage, banner_label);
  gtk_widget_class_bind_template_child (widget_class, VigilAccountsPage, stack);
  gtk_widget_class_bind_template_child (widget_class, VigilAccountsPage, summary_label);
  gtk_widget_class_bind_template_child (widget_class, VigilAccountsPage, list_box);
  gtk_widget_class_bind_template_child (widget_class, VigilAccountsPage, usage_box);

  gtk_widget_class_install_action (widget_class, "accounts.add", NULL, add_action);
  gtk_widget_class_install_action (widget_class, "accounts.open", "s", open_action);
  gtk_widget_class_install_action (widget_class, "accounts.recheck", NULL, recheck_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_n, GDK_CONTROL_MASK | GDK_SHIFT_MASK,
                                       "accounts.add", NULL);
}

static void
vigil_accounts_page_init (VigilAccountsPage *self)
{
  load_css ();
  gtk_widget_init_template (GTK_WIDGET (self));
  self->settings = vigil_settings_new ("the rotation period and shared e-mail threshold");
  g_signal_connect (self->list_box, "row-activated", G_CALLBACK (on_row_activated_cb), self);
  update_summary (self);
}

const char *
vigil_accounts_page_get_state (VigilAccountsPage *self)
{
  g_return_val_if_fail (VIGIL_IS_ACCOUNTS_PAGE (self), NULL);
  return gtk_stack_get_visible_child_name (self->stack);
}

GtkListBox *
vigil_accounts_page_get_list (VigilAccountsPage *self)
{
  g_return_val_if_fail (VIGIL_IS_ACCOUNTS_PAGE (self), NULL);
  return self->list_box;
}

const char *
vigil_accounts_page_get_banner (VigilAccountsPage *self)
{
  g_return_val_if_fail (VIGIL_IS_ACCOUNTS_PAGE (self), NULL);
  return gtk_revealer_get_reveal_child (self->banner) ? gtk_label_get_label (self->banner_label) : NULL;
}

guint
vigil_accounts_page_get_n_usage (VigilAccountsPage *self)
{
  g_return_val_if_fail (VIGIL_IS_ACCOUNTS_PAGE (self), 0);
  return self->n_usage;
}

GtkWindow *
vigil_accounts_page_get_editor (VigilAccountsPage *self)
{
  g_return_val_if_fail (VIGIL_IS_ACCOUNTS_PAGE (self), NULL);
  return self->editor;
}

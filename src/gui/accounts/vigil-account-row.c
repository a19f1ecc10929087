/* vigil-account-row.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "vigil-account-row"

#include "config.h"

#include <glib/gi18n.h>

#include "vigil-account-row.h"

struct _VigilAccountRow
{
  AdwActionRow  parent_instance;

  VigilAccount *account;
  gulong        warnings_id;

  GtkBox       *badges;
  GtkImage     *icon;
  guint         n_badges;
};

G_DEFINE_FINAL_TYPE (VigilAccountRow, vigil_account_row, ADW_TYPE_ACTION_ROW)

enum {
  PROP_0,
  PROP_ACCOUNT,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

/* Short badge texts; the subtitle has the long ones. */
static const char *
badge_text (VigilAccountWarning warning)
{
  switch (warning)
    {
    case VIGIL_ACCOUNT_WARNING_COMPROMISED:
      return _("Hacked");
    case VIGIL_ACCOUNT_WARNING_NO_2FA:
      return _("No 2FA");
    case VIGIL_ACCOUNT_WARNING_ROTATION_OVERDUE:
      return _("Rotation due");
    case VIGIL_ACCOUNT_WARNING_PERSONAL_OWNER:
      return _("Personal");
    case VIGIL_ACCOUNT_WARNING_WEAK_PASSWORD:
      return _("Weak");
    case VIGIL_ACCOUNT_WARNING_REUSED_PASSWORD:
      return _("Reused");
    case VIGIL_ACCOUNT_WARNING_SHARED_ADMIN_EMAIL:
      return _("Shared e-mail");
    case VIGIL_ACCOUNT_WARNING_NONE:
    default:
      return "";
    }
}

static void
update (VigilAccountRow *self)
{
  GtkWidget *child;
  VigilAccountWarning w;
  g_autofree char *summary = NULL;
  g_autofree char *title = NULL;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->badges))) != NULL)
    gtk_box_remove (self->badges, child);
  self->n_badges = 0;
  if (self->account == NULL)
    return;

  w = vigil_account_get_warnings (self->account);
  for (guint i = 0; i < VIGIL_ACCOUNT_N_WARNINGS; i++)
    if (w & (1u << i))
      {
        GtkWidget *badge = gtk_label_new (badge_text (1u << i));

        gtk_widget_add_css_class (badge, "vigil-account-badge");
        if ((1u << i) == VIGIL_ACCOUNT_WARNING_COMPROMISED
            || (1u << i) == VIGIL_ACCOUNT_WARNING_REUSED_PASSWORD
            || (1u << i) == VIGIL_ACCOUNT_WARNING_WEAK_PASSWORD)
          gtk_widget_add_css_class (badge, "error");
        gtk_widget_set_tooltip_text (badge, vigil_account_warning_describe (1u << i));
        gtk_box_append (self->badges, badge);
        self->n_badges++;
      }
  if (w == VIGIL_ACCOUNT_WARNING_NONE)
    {
      GtkWidget *badge = gtk_label_new (_("OK"));

      gtk_widget_add_css_class (badge, "vigil-account-badge");
      gtk_widget_add_css_class (badge, "ok");
      gtk_box_append (self->badges, badge);
    }

  title = vigil_account_dup_title (self->account);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self), title);
  summary = vigil_account_dup_warning_summary (self->account);
  if (*summary == '\0')
    {
      g_free (summary);
      summary = g_strdup (*vigil_account_get_admin_email (self->account) != '\0'
                          ? vigil_account_get_admin_email (self->account) : _("No warnings"));
    }
  adw_action_row_set_subtitle (ADW_ACTION_ROW (self), summary);
  gtk_image_set_from_icon_name (self->icon, vigil_account_get_compromised (self->account)
                                              ? "dialog-warning-symbolic" : "dialog-password-symbolic");
}

static void
on_account_changed_cb (VigilAccount    *account,
                       GParamSpec      *pspec,
                       VigilAccountRow *self)
{
  update (self);
}

static void
set_account (VigilAccountRow *self,
             VigilAccount    *account)
{
  if (self->account == account)
    return;
  if (self->account != NULL)
    g_clear_signal_handler (&self->warnings_id, self->account);
  g_set_object (&self->account, account);
  if (account != NULL)
    self->warnings_id = g_signal_connect_object (account, "notify",
                                                 G_CALLBACK (on_account_changed_cb), self, 0);
  update (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ACCOUNT]);
}

static void
vigil_account_row_dispose (GObject *object)
{
  VigilAccountRow *self = (VigilAccountRow *) object;

  gtk_widget_dispose_template (GTK_WIDGET (object), VIGIL_TYPE_ACCOUNT_ROW);
  if (self->account != NULL)
    g_clear_signal_handler (&self->warnings_id, self->account);
  g_clear_object (&self->account);
  G_OBJECT_CLASS (vigil_account_row_parent_class)->dispose (object);
}

static void
vigil_account_row_get_property (GObject    *object,
                                guint       prop_id,
                                GValue     *value,
                                GParamSpec *pspec)
{
  VigilAccountRow *self = VIGIL_ACCOUNT_ROW (object);

  switch (prop_id)
    {
    case PROP_ACCOUNT:
      g_value_set_object (value, self->account);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
vigil_account_row_set_property (GObject      *object,
                                guint         prop_id,
                                const GValue *value,
                                GParamSpec   *pspec)
{
  VigilAccountRow *self = VIGIL_ACCOUNT_ROW (object);

  switch (prop_id)
    {
    case PROP_ACCOUNT:
      set_account (self, g_value_get_object (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
vigil_account_row_class_init (VigilAccountRowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = vigil_account_row_dispose;
  object_class->get_property = vigil_account_row_get_property;
  object_class->set_property = vigil_account_row_set_property;

  properties[PROP_ACCOUNT] =
    g_param_spec_object ("account", NULL, NULL, VIGIL_TYPE_ACCOUNT,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  g_type_ensure (VIGIL_TYPE_ACCOUNT);
  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/vigilapp/Vigil/accounts/vigil-account-row.ui");
  gtk_widget_class_bind_template_child (widget_class, VigilAccountRow, badges);
  gtk_widget_class_bind_template_child (widget_class, VigilAccountRow, icon);
}

static void
vigil_account_row_init (VigilAccountRow *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}

GtkWidget *
vigil_account_row_new (VigilAccount *account)
{
  return g_object_new (VIGIL_TYPE_ACCOUNT_ROW, "account", account, NULL);
}

VigilAccount *
vigil_account_row_get_account (VigilAccountRow *self)
{
  g_return_val_if_fail (VIGIL_IS_ACCOUNT_ROW (self), NULL);
  return self->account;
}

guint
vigil_account_row_get_n_badges (VigilAccountRow *self)
{
  g_return_val_if_fail (VIGIL_IS_ACCOUNT_ROW (self), 0);
  return self->n_badges;
}

/* vigil-offline-bar.c: a bar that says when the team database can't be reached
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "vigil-offline-bar"

#include "config.h"

#include "vigil-offline-bar.h"

struct _VigilOfflineBar
{
  GtkWidget     parent_instance;

  VigilStore   *store;
  GSignalGroup *store_signals;

  GtkInfoBar   *info_bar;
};

G_DEFINE_FINAL_TYPE (VigilOfflineBar, vigil_offline_bar, GTK_TYPE_WIDGET)

enum {
  PROP_0,
  PROP_STORE,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
update (VigilOfflineBar *self)
{
  gboolean offline = self->store && !vigil_store_get_online (self->store);

  gtk_info_bar_set_revealed (self->info_bar, offline);
}

static void
on_online_changed_cb (VigilOfflineBar *self)
{
  update (self);
}

static void
vigil_offline_bar_dispose (GObject *object)
{
  VigilOfflineBar *self = VIGIL_OFFLINE_BAR (object);

  g_signal_group_set_target (self->store_signals, NULL);
  g_clear_object (&self->store);
  gtk_widget_dispose_template (GTK_WIDGET (self), VIGIL_TYPE_OFFLINE_BAR);
  G_OBJECT_CLASS (vigil_offline_bar_parent_class)->dispose (object);
}

static void
vigil_offline_bar_finalize (GObject *object)
{
  VigilOfflineBar *self = VIGIL_OFFLINE_BAR (object);

  g_clear_object (&self->store_signals);
  G_OBJECT_CLASS (vigil_offline_bar_parent_class)->finalize (object);
}

static void
vigil_offline_bar_get_property (GObject    *object,
                                guint       prop_id,
                                GValue     *value,
                                GParamSpec *pspec)
{
  VigilOfflineBar *self = VIGIL_OFFLINE_BAR (object);

  switch (prop_id)
    {
    case PROP_STORE:
      g_value_set_object (value, self->store);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
vigil_offline_bar_set_property (GObject      *object,
                                guint         prop_id,
                                const GValue *value,
                                GParamSpec   *pspec)
{
  VigilOfflineBar *self = VIGIL_OFFLINE_BAR (object);

  switch (prop_id)
    {
    case PROP_STORE:
      vigil_offline_bar_set_store (self, g_value_get_object (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
vigil_offline_bar_class_init (VigilOfflineBarClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = vigil_offline_bar_dispose;
  object_class->finalize = vigil_offline_bar_finalize;
  object_class->get_property = vigil_offline_bar_get_property;
  object_class->set_property = vigil_offline_bar_set_property;

  properties[PROP_STORE] =
    g_param_spec_object ("store", NULL, NULL, VIGIL_TYPE_STORE,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/vigilapp/Vigil/widgets/vigil-offline-bar.ui");
  gtk_widget_class_bind_template_child (widget_class, VigilOfflineBar, info_bar);
}

static void
vigil_offline_bar_init (VigilOfflineBar *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  self->store_signals = g_signal_group_new (VIGIL_TYPE_STORE);
  g_signal_group_connect_swapped (self->store_signals, "notify::online",
                                  G_CALLBACK (on_online_changed_cb), self);
}

VigilStore *
vigil_offline_bar_get_store (VigilOfflineBar *self)
{
  g_return_val_if_fail (VIGIL_IS_OFFLINE_BAR (self), NULL);
  return self->store;
}

void
vigil_offline_bar_set_store (VigilOfflineBar *self,
                             VigilStore      *store)
{
  g_return_if_fail (VIGIL_IS_OFFLINE_BAR (self));
  g_return_if_fail (!store || VIGIL_IS_STORE (store));

  if (!g_set_object (&self->store, store))
    return;
  g_signal_group_set_target (self->store_signals, store);
  update (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_STORE]);
}

gboolean
vigil_offline_bar_get_shown (VigilOfflineBar *self)
{
  g_return_val_if_fail (VIGIL_IS_OFFLINE_BAR (self), FALSE);
  return gtk_info_bar_get_revealed (self->info_bar);
}

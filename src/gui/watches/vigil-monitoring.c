/* vigil-monitoring.c: a context's spike alerts, for the GUI
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "vigil-monitoring"

#include "config.h"

#include <glib/gi18n.h>
#include <gtk/gtk.h>

#include "vigil-monitoring.h"

struct _VigilMonitoring
{
  GObject            parent_instance;

  VigilContext      *context;
  GApplication      *application;   /* weak */
  GHashTable        *severities;    /* notification id → highest severity announced */
  gboolean           attached;
};

G_DEFINE_FINAL_TYPE (VigilMonitoring, vigil_monitoring, G_TYPE_OBJECT)

enum {
  ALERT,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

const char *
vigil_monitoring_get_alert_title (VigilAlert *alert)
{
  g_return_val_if_fail (VIGIL_IS_ALERT (alert), NULL);

  if (vigil_alert_get_watch (alert) == NULL)
    return _("All mentions");
  return vigil_alert_get_watch (alert);
}

char *
vigil_monitoring_dup_notification_id (const char *watch)
{
  if (watch == NULL)
    return g_strdup ("alert-all-mentions");
  /* a separate namespace from the line above: "alert-watch-all-mentions"
   * can't be mistaken for the "all mentions" alert */
  return g_strconcat ("alert-watch-", watch, NULL);
}

GNotification *
vigil_monitoring_create_notification (VigilMonitoring *self,
                                      VigilAlert      *alert)
{
  g_autofree char *title = NULL;
  GNotification *notification;
  int severity;

  g_return_val_if_fail (VIGIL_IS_MONITORING (self), NULL);
  g_return_val_if_fail (VIGIL_IS_ALERT (alert), NULL);

  severity = vigil_alert_get_severity (alert);
  if (vigil_alert_get_watch (alert) == NULL)
    title = g_strdup (_("Spike in all mentions"));
  else
    /* Translators: a notification's title; %s is the name of a watch */
    title = g_strdup_printf (_("Spike: %s"), vigil_alert_get_watch (alert));
  if (vigil_context_get_demo (self->context))
    {
      g_autofree char *demo_title = g_strdup_printf (_("%s (demo)"), title);

      g_free (title);
      title = g_steal_pointer (&demo_title);
    }

  notification = g_notification_new (title);
  g_notification_set_body (notification, vigil_alert_get_description (alert));
  g_notification_set_priority (notification,
                               severity >= 2 ? G_NOTIFICATION_PRIORITY_HIGH
                                             : G_NOTIFICATION_PRIORITY_NORMAL);
  g_notification_set_default_action (notification, "app.show-watches");
  return notification;
}

static void
show_watches_action (GSimpleAction *action,
                     GVariant      *parameter,
                     gpointer       user_data)
{
  GtkApplication *application = GTK_APPLICATION (user_data);
  GtkWindow *window = gtk_application_get_active_window (application);

  if (window == NULL)
    {
      g_application_activate (G_APPLICATION (application));
      window = gtk_application_get_active_window (application);
    }
  if (window == NULL)
    return;

  gtk_widget_activate_action (GTK_WIDGET (window), "win.show-page", "s", "watches");
  gtk_window_present (window);
}

static void
on_alert_cb (VigilAlertMonitor *monitor,
             VigilAlert        *alert,
             gboolean           is_new,
             VigilMonitoring   *self)
{
  g_autofree char *id = vigil_monitoring_dup_notification_id (vigil_alert_get_watch (alert));
  /* the minute and the hour series escalate separately */
  g_autofree char *key = g_strdup_printf ("%s/%d", id, (int) vigil_alert_get_window (alert));
  int severity = vigil_alert_get_severity (alert);
  int announced = GPOINTER_TO_INT (g_hash_table_lookup (self->severities, key));
  gboolean escalated = FALSE;

  if (is_new)
    announced = 0;
  if (vigil_alert_get_ongoing (alert) && severity > announced)
    {
      escalated = !is_new && announced > 0;
      g_hash_table_insert (self->severities, g_strdup (key), GINT_TO_POINTER (severity));
    }

  g_debug ("Alert for %s (%s): %s", vigil_monitoring_get_alert_title (alert),
           is_new ? "new" : vigil_alert_get_ongoing (alert) ? "update" : "ended",
           vigil_alert_get_description (alert));

  /* One notification per watch: each update of an ongoing spike replaces
   * it; an ended spike leaves the last one as it was. */
  if (self->application != NULL && vigil_alert_get_ongoing (alert))
    {
      g_autoptr(GNotification) notification = vigil_monitoring_create_notification (self, alert);

      g_application_send_notification (self->application, id, notification);
    }

  g_signal_emit (self, signals[ALERT], 0, alert, is_new, escalated);
}

static void
vigil_monitoring_dispose (GObject *object)
{
  VigilMonitoring *self = (VigilMonitoring *) object;

  vigil_monitoring_shutdown (self);
  vigil_monitoring_set_application (self, NULL);
  g_clear_object (&self->context);

  G_OBJECT_CLASS (vigil_monitoring_parent_class)->dispose (object);
}

static void
vigil_monitoring_finalize (GObject *object)
{
  VigilMonitoring *self = (VigilMonitoring *) object;

  g_hash_table_unref (self->severities);

  G_OBJECT_CLASS (vigil_monitoring_parent_class)->finalize (object);
}

static void
vigil_monitoring_class_init (VigilMonitoringClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = vigil_monitoring_dispose;
  object_class->finalize = vigil_monitoring_finalize;

  /**
   * VigilMonitoring::alert:
   * @alert: the alert (one object per spike)
   * @is_new: the spike has just started
   * @escalated: an ongoing spike reached a higher severity
   */
  signals[ALERT] = g_signal_new ("alert",
                                 G_TYPE_FROM_CLASS (klass),
                                 G_SIGNAL_RUN_LAST,
                                 0, NULL, NULL, NULL,
                                 G_TYPE_NONE, 3,
                                 VIGIL_TYPE_ALERT, G_TYPE_BOOLEAN, G_TYPE_BOOLEAN);
}

static void
vigil_monitoring_init (VigilMonitoring *self)
{
  self->severities = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
}

VigilMonitoring *
vigil_monitoring_new (VigilContext *context)
{
  VigilMonitoring *self;

  g_return_val_if_fail (VIGIL_IS_CONTEXT (context), NULL);

  self = g_object_new (VIGIL_TYPE_MONITORING, NULL);
  self->context = g_object_ref (context);
  g_signal_connect_object (vigil_context_get_alert_monitor (context), "alert",
                           G_CALLBACK (on_alert_cb), self, 0);
  self->attached = TRUE;
  return self;
}

VigilContext *
vigil_monitoring_get_context (VigilMonitoring *self)
{
  g_return_val_if_fail (VIGIL_IS_MONITORING (self), NULL);
  return self->context;
}

VigilStore *
vigil_monitoring_get_store (VigilMonitoring *self)
{
  g_return_val_if_fail (VIGIL_IS_MONITORING (self), NULL);
  return vigil_context_get_store (self->context);
}

VigilWatchList *
vigil_monitoring_get_watch_list (VigilMonitoring *self)
{
  g_return_val_if_fail (VIGIL_IS_MONITORING (self), NULL);
  return vigil_context_get_watches (self->context);
}

VigilAnnotator *
vigil_monitoring_get_annotator (VigilMonitoring *self)
{
  g_return_val_if_fail (VIGIL_IS_MONITORING (self), NULL);
  return vigil_context_get_annotator (self->context);
}

VigilAlertMonitor *
vigil_monitoring_get_monitor (VigilMonitoring *self)
{
  g_return_val_if_fail (VIGIL_IS_MONITORING (self), NULL);
  return vigil_context_get_alert_monitor (self->context);
}

gboolean
vigil_monitoring_get_demo (VigilMonitoring *self)
{
  g_return_val_if_fail (VIGIL_IS_MONITORING (self), FALSE);
  return vigil_context_get_demo (self->context);
}

gint64
vigil_monitoring_get_window_us (VigilMonitoring *self)
{
  g_return_val_if_fail (VIGIL_IS_MONITORING (self), 0);
  return vigil_context_get_alert_options (self->context)->window_us;
}

const VigilAlertMonitorOptions *
vigil_monitoring_get_options (VigilMonitoring *self)
{
  g_return_val_if_fail (VIGIL_IS_MONITORING (self), NULL);
  return vigil_context_get_alert_options (self->context);
}

guint
vigil_monitoring_get_tick_ms (VigilMonitoring *self)
{
  g_return_val_if_fail (VIGIL_IS_MONITORING (self), 0);
  /* a monitor without a timer (tests tick it): refresh every second */
  gint64 tick_us = vigil_context_get_alert_options (self->context)->tick_us;

  if (tick_us < 0)
    return 1000;
  return (guint) CLAMP (tick_us / 1000, 100, 60 * 1000);
}

void
vigil_monitoring_set_application (VigilMonitoring *self,
                                  GApplication    *application)
{
  static const GActionEntry entries[] = {
    { "show-watches", show_watches_action },
  };

  g_return_if_fail (VIGIL_IS_MONITORING (self));
  g_return_if_fail (application == NULL || G_IS_APPLICATION (application));

  if (self->application == application)
    return;
  if (self->application != NULL)
    g_object_remove_weak_pointer (G_OBJECT (self->application), (gpointer *) &self->application);
  self->application = application;
  if (application == NULL)
    return;
  g_object_add_weak_pointer (G_OBJECT (application), (gpointer *) &self->application);

  /* what a click on the notification does */
  if (GTK_IS_APPLICATION (application) &&
      g_action_map_lookup_action (G_ACTION_MAP (application), "show-watches") == NULL)
    g_action_map_add_action_entries (G_ACTION_MAP (application), entries,
                                     G_N_ELEMENTS (entries), application);
}

void
vigil_monitoring_shutdown (VigilMonitoring *self)
{
  g_return_if_fail (VIGIL_IS_MONITORING (self));

  if (!self->attached)
    return;
  self->attached = FALSE;
  g_signal_handlers_disconnect_by_func (vigil_context_get_alert_monitor (self->context), on_alert_cb, self);
}

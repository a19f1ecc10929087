/* vigil-monitoring.c: one archive's annotator and spike alerts, for the GUI
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

  VigilStore        *store;
  VigilWatchList    *watches;
  VigilAnnotator    *annotator;
  VigilAlertMonitor *monitor;
  GApplication      *application;   /* weak */
  GHashTable        *severities;    /* notification id → highest severity announced */
  VigilAlertMonitorOptions options;   /* with the defaults filled in */
  GSettings         *settings;      /* official accounts, OTS divisor */
  gboolean           demo;
  gboolean           attached;
};

G_DEFINE_FINAL_TYPE (VigilMonitoring, vigil_monitoring, G_TYPE_OBJECT)

enum {
  ALERT,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

/* The demo's brand is fictional; so are these watches. */
static const struct {
  const char *name;
  const char *query;
  const char *colour;
} demo_watches[] = {
  { N_("Lid and scalds"), "NorthwindScald OR scald* OR burn* OR burnt OR brûlure* OR Deckel", "#e01b24" },
  { N_("Refunds"),
    "refund* OR rembours* OR reembols* OR erstatt* OR Rückgabe OR \"money back\"", "#e66100" },
  { N_("Fake support"),
    "\"Northwind Support\" OR \"card details\" OR \"card number\" OR \"bank details\" OR phishing",
    "#9141ac" },
};

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
  if (self->demo)
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
  if (self->settings != NULL)
    g_signal_handlers_disconnect_by_data (self->settings, self);
  g_clear_object (&self->settings);
  g_clear_object (&self->annotator);
  g_clear_object (&self->monitor);
  g_clear_object (&self->watches);
  g_clear_object (&self->store);

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
vigil_monitoring_new (VigilStore                     *store,
                      VigilWatchList                 *watches,
                      const VigilAlertMonitorOptions *options,
                      GError                        **error)
{
  g_autoptr(VigilMonitoring) self = NULL;
  VigilAlertMonitorOptions defaults;

  g_return_val_if_fail (VIGIL_IS_STORE (store), NULL);
  g_return_val_if_fail (VIGIL_IS_WATCH_LIST (watches), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  vigil_alert_monitor_options_init (&defaults);
  if (options == NULL)
    options = &defaults;

  self = g_object_new (VIGIL_TYPE_MONITORING, NULL);
  self->store = g_object_ref (store);
  self->watches = g_object_ref (watches);
  self->options = *options;
  if (self->options.minute_window_us <= 0)
    self->options.minute_window_us = defaults.minute_window_us;
  if (self->options.hour_window_us <= 0)
    self->options.hour_window_us = defaults.hour_window_us;
  if (self->options.hour_window_us <= self->options.minute_window_us)
    self->options.hour_window_us = 60 * self->options.minute_window_us;   /* as the monitor does */
  if (self->options.tick_us == 0)
    self->options.tick_us = defaults.tick_us;
  if (self->options.k_sigma <= 0)
    self->options.k_sigma = defaults.k_sigma;
  if (self->options.min_count == 0)
    self->options.min_count = defaults.min_count;
  if (self->options.cooldown_us < 0)
    self->options.cooldown_us = defaults.cooldown_us;

  self->annotator = vigil_annotator_new (NULL, error);
  if (self->annotator == NULL)
    return NULL;

  self->monitor = vigil_alert_monitor_new (store, options);
  g_signal_connect_object (self->monitor, "alert", G_CALLBACK (on_alert_cb), self, 0);
  vigil_annotator_set_monitor (self->annotator, self->monitor);
  if (!vigil_annotator_set_watch_list (self->annotator, watches, error))
    return NULL;

  vigil_annotator_attach (self->annotator, store);
  self->attached = TRUE;
  return g_steal_pointer (&self);
}

/* entries are "handle" or "handle=Display Name" (the official-accounts key) */
static void
apply_classification_options (VigilMonitoring    *self,
                              const char * const *entries,
                              double              ots_divisor)
{
  g_autoptr(GPtrArray) strings = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GArray) officials = g_array_new (FALSE, TRUE, sizeof (VigilAnnotatorOfficial));
  g_autoptr(GError) error = NULL;
  VigilAnnotatorOptions options = { 0 };

  for (guint i = 0; entries && entries[i]; i++)
    {
      g_auto(GStrv) parts = g_strsplit (entries[i], "=", 2);
      VigilAnnotatorOfficial official = { 0 };

      g_strstrip (parts[0]);
      if (parts[0][0] == '\0')
        continue;
      official.handle = parts[0];
      if (parts[1] != NULL && *g_strstrip (parts[1]) != '\0')
        official.display_name = parts[1];
      g_array_append_val (officials, official);
      /* keep the strings alive until the annotator has copied them */
      g_ptr_array_add (strings, g_steal_pointer (&parts[0]));
      if (parts[1] != NULL)
        g_ptr_array_add (strings, g_steal_pointer (&parts[1]));
    }

  options.ots_divisor = ots_divisor;
  options.officials = (const VigilAnnotatorOfficial *) (gpointer) officials->data;
  options.n_officials = officials->len;
  if (!vigil_annotator_set_options (self->annotator, &options, &error))
    g_message ("Could not apply the classification settings: %s", error->message);
}

static void
on_settings_changed_cb (GSettings       *settings,
                        const char      *key,
                        VigilMonitoring *self)
{
  g_auto(GStrv) officials = g_settings_get_strv (settings, "official-accounts");

  apply_classification_options (self, (const char * const *) officials,
                                g_settings_get_double (settings, "ots-divisor"));
}

void
vigil_monitoring_follow_settings (VigilMonitoring *self,
                                  GSettings       *settings)
{
  g_return_if_fail (VIGIL_IS_MONITORING (self));
  g_return_if_fail (G_IS_SETTINGS (settings));
  g_return_if_fail (self->settings == NULL);

  self->settings = g_object_ref (settings);
  g_signal_connect (settings, "changed::official-accounts", G_CALLBACK (on_settings_changed_cb), self);
  g_signal_connect (settings, "changed::ots-divisor", G_CALLBACK (on_settings_changed_cb), self);
  on_settings_changed_cb (settings, NULL, self);
}

VigilWatchList *
vigil_monitoring_create_demo_watches (void)
{
  VigilWatchList *list = vigil_watch_list_new ();

  for (guint i = 0; i < G_N_ELEMENTS (demo_watches); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(VigilWatch) watch = vigil_watch_new (_(demo_watches[i].name), demo_watches[i].query,
                                                     demo_watches[i].colour, FALSE, &error);

      /* the queries are ours: a failure is a bug */
      g_assert_no_error (error);
      vigil_watch_list_replace (list, watch);
    }
  return list;
}

VigilMonitoring *
vigil_monitoring_new_demo (VigilStore  *store,
                           GError     **error)
{
  g_autoptr(VigilWatchList) watches = vigil_monitoring_create_demo_watches ();
  VigilAlertMonitorOptions options;
  VigilMonitoring *self;

  vigil_alert_monitor_options_init (&options);
  options.minute_window_us = VIGIL_MONITORING_DEMO_WINDOW_US;
  options.hour_window_us = VIGIL_MONITORING_DEMO_HOUR_WINDOW_US;
  options.tick_us = VIGIL_MONITORING_DEMO_TICK_US;
  options.min_count = VIGIL_MONITORING_DEMO_MIN_COUNT;
  options.cooldown_us = VIGIL_MONITORING_DEMO_COOLDOWN_US;

  self = vigil_monitoring_new (store, watches, &options, error);
  if (self != NULL)
    {
      /* the fictional brand's own accounts, so its impostor gets flagged */
      static const char * const demo_officials[] = {
        "northwind@brands.example=Northwind Kettles",
        "northwind.bsky.example=Northwind Kettles",
        NULL
      };

      self->demo = TRUE;
      apply_classification_options (self, demo_officials, 0);
    }
  return self;
}

VigilStore *
vigil_monitoring_get_store (VigilMonitoring *self)
{
  g_return_val_if_fail (VIGIL_IS_MONITORING (self), NULL);
  return self->store;
}

VigilWatchList *
vigil_monitoring_get_watch_list (VigilMonitoring *self)
{
  g_return_val_if_fail (VIGIL_IS_MONITORING (self), NULL);
  return self->watches;
}

VigilAnnotator *
vigil_monitoring_get_annotator (VigilMonitoring *self)
{
  g_return_val_if_fail (VIGIL_IS_MONITORING (self), NULL);
  return self->annotator;
}

VigilAlertMonitor *
vigil_monitoring_get_monitor (VigilMonitoring *self)
{
  g_return_val_if_fail (VIGIL_IS_MONITORING (self), NULL);
  return self->monitor;
}

gboolean
vigil_monitoring_get_demo (VigilMonitoring *self)
{
  g_return_val_if_fail (VIGIL_IS_MONITORING (self), FALSE);
  return self->demo;
}

gint64
vigil_monitoring_get_window_us (VigilMonitoring *self)
{
  g_return_val_if_fail (VIGIL_IS_MONITORING (self), 0);
  return self->options.window_us;
}

const VigilAlertMonitorOptions *
vigil_monitoring_get_options (VigilMonitoring *self)
{
  g_return_val_if_fail (VIGIL_IS_MONITORING (self), NULL);
  return &self->options;
}

guint
vigil_monitoring_get_tick_ms (VigilMonitoring *self)
{
  g_return_val_if_fail (VIGIL_IS_MONITORING (self), 0);
  /* a monitor without a timer (tests tick it): refresh every second */
  if (self->options.tick_us < 0)
    return 1000;
  return (guint) CLAMP (self->options.tick_us / 1000, 100, 60 * 1000);
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
  vigil_store_set_annotator (self->store, NULL, NULL, NULL);
  if (self->annotator != NULL)
    vigil_annotator_set_monitor (self->annotator, NULL);
  if (self->monitor != NULL)
    g_signal_handlers_disconnect_by_func (self->monitor, on_alert_cb, self);
}

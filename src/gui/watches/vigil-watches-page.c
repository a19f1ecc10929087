/* vigil-watches-page.c: the watches: one card per watch, and recent alerts
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "vigil-watches-page"

#include "config.h"

#include <glib/gi18n.h>

#include "vigil-watches-page.h"

/* Archived alert rows read to list the recent alerts (each update of an
 * alert is a row; the list shows each alert once). */
#define MAX_ALERT_ROWS 400

struct _VigilWatchesPage
{
  AdwBin           parent_instance;

  VigilMonitoring *monitoring;
  GPtrArray       *cards;        /* VigilWatchCard, the all-mentions card first */
  GHashTable      *last_alerts;  /* watch name ("" = all mentions) → its latest VigilAlert */
  guint            refresh_id;
  guint            n_alerts;

  /* template children */
  GtkLabel        *intro_label;
  GtkWidget       *empty_box;
  GtkLabel        *empty_label;
  GtkFlowBox      *cards_box;
  GtkWidget       *alerts_heading;
  GtkListBox      *alerts_list;
};

G_DEFINE_FINAL_TYPE (VigilWatchesPage, vigil_watches_page, ADW_TYPE_BIN)

enum {
  PROP_0,
  PROP_MONITORING,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static VigilWatchList *
get_watch_list (VigilWatchesPage *self)
{
  return self->monitoring != NULL ? vigil_monitoring_get_watch_list (self->monitoring) : NULL;
}

static char *
format_clock (gint64 us)
{
  g_autoptr(GDateTime) time = g_date_time_new_from_unix_local (us / G_USEC_PER_SEC);
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();

  if (time == NULL)
    return g_strdup ("");
  if (g_date_time_get_year (time) == g_date_time_get_year (now) &&
      g_date_time_get_day_of_year (time) == g_date_time_get_day_of_year (now))
    /* Translators: a time of day, see the strftime(3) manual */
    return g_date_time_format (time, _("%H:%M:%S"));
  /* Translators: a date and time, see the strftime(3) manual */
  return g_date_time_format (time, _("%e %b, %H:%M"));
}

static GtkWidget *
create_alert_row (const VigilAlertRecord *record)
{
  GtkWidget *row = adw_action_row_new ();
  GtkWidget *icon = gtk_image_new_from_icon_name (record->ongoing ? "dialog-warning-symbolic"
                                                                  : "emblem-ok-symbolic");
  GtkWidget *time_label;
  GtkWidget *badge;
  g_autofree char *title = NULL;
  g_autofree char *subtitle = NULL;
  g_autofree char *time = format_clock (record->started_us);
  g_autofree char *severity_class = g_strdup_printf ("severity-%d", CLAMP (record->severity, 1, 3));

  /* the row's title and subtitle are markup */
  title = g_markup_escape_text (record->watch != NULL ? record->watch : _("All mentions"), -1);
  subtitle = g_markup_escape_text (record->description != NULL ? record->description : "", -1);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);
  gtk_widget_add_css_class (row, "vigil-alert-row");
  gtk_widget_add_css_class (row, record->ongoing ? "ongoing" : "ended");
  gtk_widget_add_css_class (row, severity_class);

  gtk_widget_add_css_class (icon, "vigil-alert-icon");
  adw_action_row_add_prefix (ADW_ACTION_ROW (row), icon);

  badge = gtk_label_new (record->ongoing ? C_("alert state", "Ongoing") : C_("alert state", "Ended"));
  gtk_widget_set_valign (badge, GTK_ALIGN_CENTER);
  gtk_widget_add_css_class (badge, "vigil-badge");
  gtk_widget_add_css_class (badge, "vigil-alert-state");
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), badge);

  time_label = gtk_label_new (time);
  gtk_widget_add_css_class (time_label, "dim-label");
  gtk_widget_add_css_class (time_label, "numeric");
  gtk_widget_set_tooltip_text (time_label, _("When the spike started"));
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), time_label);
  return row;
}

static void
reload_alerts (VigilWatchesPage *self)
{
  g_autoptr(GPtrArray) records = NULL;
  g_autoptr(GHashTable) seen = NULL;
  g_autoptr(GError) error = NULL;
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->alerts_list))) != NULL)
    gtk_list_box_remove (self->alerts_list, child);
  self->n_alerts = 0;

  if (self->monitoring != NULL)
    records = vigil_store_get_alerts (vigil_monitoring_get_store (self->monitoring), NULL, 0,
                                      MAX_ALERT_ROWS, &error);
  if (records == NULL && error != NULL)
    g_debug ("Could not read the archived alerts: %s", error->message);

  /* newest first; one row per alert: its latest update */
  seen = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  for (guint i = 0;
       records != NULL && i < records->len && self->n_alerts < VIGIL_WATCHES_PAGE_MAX_ALERTS;
       i++)
    {
      const VigilAlertRecord *record = g_ptr_array_index (records, i);
      char *key = g_strdup_printf ("%c%s\x1f%" G_GINT64_FORMAT, record->watch != NULL ? 'w' : 'a',
                                   record->watch != NULL ? record->watch : "", record->started_us);

      if (!g_hash_table_add (seen, key))
        continue;
      gtk_list_box_append (self->alerts_list, create_alert_row (record));
      self->n_alerts++;
    }

  gtk_widget_set_visible (self->alerts_heading, self->n_alerts > 0);
  gtk_widget_set_visible (GTK_WIDGET (self->alerts_list), self->n_alerts > 0);
}

void
vigil_watches_page_refresh (VigilWatchesPage *self)
{
  VigilAlertMonitor *monitor;
  gboolean demo;

  g_return_if_fail (VIGIL_IS_WATCHES_PAGE (self));

  if (self->monitoring == NULL)
    {
      reload_alerts (self);
      return;
    }

  monitor = vigil_monitoring_get_monitor (self->monitoring);
  demo = vigil_monitoring_get_demo (self->monitoring);
  for (guint i = 0; i < self->cards->len; i++)
    {
      VigilWatchCard *card = g_ptr_array_index (self->cards, i);
      const char *watch = vigil_watch_card_get_watch (card);

      vigil_watch_card_update (card, monitor,
                               g_hash_table_lookup (self->last_alerts, watch != NULL ? watch : ""),
                               demo);
    }
  reload_alerts (self);
}

static void
update_intro (VigilWatchesPage *self)
{
  const VigilAlertMonitorOptions *options;
  g_autofree char *length = NULL;
  g_autofree char *hour_length = NULL;
  g_autofree char *text = NULL;

  if (self->monitoring == NULL)
    {
      gtk_label_set_label (self->intro_label, "");
      return;
    }

  options = vigil_monitoring_get_options (self->monitoring);
  length = vigil_format_window_length (options->minute_window_us);
  hour_length = vigil_format_window_length (options->hour_window_us);
  /* Translators: how spike alerts work; "Mentions are counted per 1 min
   * and per 1 h window. A window with at least 10 mentions and 3 σ above …" */
  text = g_strdup_printf (_("Mentions are counted per %s and per %s window. A window with at least "
                            "%u mentions and %.3g σ above the usual volume raises an alert; one "
                            "ongoing spike is one alert per window length that updates."),
                          length, hour_length, options->min_count, options->k_sigma);
  if (vigil_monitoring_get_demo (self->monitoring))
    {
      g_autofree char *demo = g_strdup_printf (_("%s The demo uses %s and %s windows and its own "
                                                 "fictional watches, so its four minutes can spike."),
                                               text, length, hour_length);

      g_free (text);
      text = g_steal_pointer (&demo);
    }
  gtk_label_set_label (self->intro_label, text);
}

static void
rebuild_cards (VigilWatchesPage *self)
{
  VigilWatchList *list = get_watch_list (self);
  guint n_watches = list != NULL ? vigil_watch_list_get_n_watches (list) : 0;
  GtkWidget *card;

  while ((card = gtk_widget_get_first_child (GTK_WIDGET (self->cards_box))) != NULL)
    gtk_flow_box_remove (self->cards_box, card);
  g_ptr_array_set_size (self->cards, 0);

  gtk_widget_set_visible (self->empty_box, self->monitoring != NULL && n_watches == 0);
  if (self->monitoring == NULL)
    return;

  card = vigil_watch_card_new (NULL, NULL, NULL);
  g_ptr_array_add (self->cards, g_object_ref (card));
  gtk_flow_box_append (self->cards_box, card);

  for (guint i = 0; i < n_watches; i++)
    {
      VigilWatch *watch = vigil_watch_list_get_watch (list, i);

      card = vigil_watch_card_new (vigil_watch_get_name (watch), vigil_watch_get_query_text (watch),
                                   vigil_watch_get_colour (watch));
      g_ptr_array_add (self->cards, g_object_ref (card));
      gtk_flow_box_append (self->cards_box, card);
    }

  vigil_watches_page_refresh (self);
}

static void
on_watch_list_changed_cb (VigilWatchesPage *self)
{
  rebuild_cards (self);
}

static void
on_alert_cb (VigilMonitoring  *monitoring,
             VigilAlert       *alert,
             gboolean          is_new,
             gboolean          escalated,
             VigilWatchesPage *self)
{
  const char *watch = vigil_alert_get_watch (alert);
  const char *key = watch != NULL ? watch : "";
  VigilAlert *shown = g_hash_table_lookup (self->last_alerts, key);

  /* the monitor forgets an alert once it ends; the card still shows it.
   * A watch has a minute and an hour series: an ended alert of one does
   * not hide the ongoing alert of the other. */
  if (shown == NULL || shown == alert || vigil_alert_get_ongoing (alert)
      || !vigil_alert_get_ongoing (shown))
    g_hash_table_replace (self->last_alerts, g_strdup (key), g_object_ref (alert));
  vigil_watches_page_refresh (self);
}

static gboolean
refresh_cb (gpointer user_data)
{
  vigil_watches_page_refresh (user_data);
  return G_SOURCE_CONTINUE;
}

static void
start_refresh (VigilWatchesPage *self)
{
  g_clear_handle_id (&self->refresh_id, g_source_remove);
  if (self->monitoring == NULL || !gtk_widget_get_mapped (GTK_WIDGET (self)))
    return;
  self->refresh_id = g_timeout_add (vigil_monitoring_get_tick_ms (self->monitoring), refresh_cb, self);
  g_source_set_name_by_id (self->refresh_id, "[vigil] watches page refresh");
}

VigilMonitoring *
vigil_watches_page_get_monitoring (VigilWatchesPage *self)
{
  g_return_val_if_fail (VIGIL_IS_WATCHES_PAGE (self), NULL);
  return self->monitoring;
}

void
vigil_watches_page_set_monitoring (VigilWatchesPage *self,
                                   VigilMonitoring  *monitoring)
{
  g_return_if_fail (VIGIL_IS_WATCHES_PAGE (self));
  g_return_if_fail (monitoring == NULL || VIGIL_IS_MONITORING (monitoring));

  if (self->monitoring == monitoring)
    return;

  if (self->monitoring != NULL)
    {
      g_signal_handlers_disconnect_by_func (self->monitoring, on_alert_cb, self);
      g_signal_handlers_disconnect_by_func (vigil_monitoring_get_watch_list (self->monitoring),
                                            on_watch_list_changed_cb, self);
    }
  g_set_object (&self->monitoring, monitoring);
  g_hash_table_remove_all (self->last_alerts);
  if (monitoring != NULL)
    {
      g_signal_connect_object (monitoring, "alert", G_CALLBACK (on_alert_cb), self, 0);
      g_signal_connect_object (vigil_monitoring_get_watch_list (monitoring), "items-changed",
                               G_CALLBACK (on_watch_list_changed_cb), self, G_CONNECT_SWAPPED);
    }

  update_intro (self);
  rebuild_cards (self);
  start_refresh (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_MONITORING]);
}

const char *
vigil_watches_page_get_state (VigilWatchesPage *self)
{
  g_return_val_if_fail (VIGIL_IS_WATCHES_PAGE (self), NULL);
  return gtk_widget_get_visible (self->empty_box) || self->monitoring == NULL ? "empty" : "watches";
}

guint
vigil_watches_page_get_n_cards (VigilWatchesPage *self)
{
  g_return_val_if_fail (VIGIL_IS_WATCHES_PAGE (self), 0);
  return self->cards->len > 0 ? self->cards->len - 1 : 0;
}

VigilWatchCard *
vigil_watches_page_get_card (VigilWatchesPage *self,
                             const char       *watch)
{
  g_return_val_if_fail (VIGIL_IS_WATCHES_PAGE (self), NULL);

  for (guint i = 0; i < self->cards->len; i++)
    if (g_strcmp0 (vigil_watch_card_get_watch (g_ptr_array_index (self->cards, i)), watch) == 0)
      return g_ptr_array_index (self->cards, i);
  return NULL;
}

guint
vigil_watches_page_get_n_alerts (VigilWatchesPage *self)
{
  g_return_val_if_fail (VIGIL_IS_WATCHES_PAGE (self), 0);
  return self->n_alerts;
}

static void
vigil_watches_page_map (GtkWidget *widget)
{
  VigilWatchesPage *self = VIGIL_WATCHES_PAGE (widget);

  GTK_WIDGET_CLASS (vigil_watches_page_parent_class)->map (widget);
  vigil_watches_page_refresh (self);
  start_refresh (self);
}

static void
vigil_watches_page_unmap (GtkWidget *widget)
{
  VigilWatchesPage *self = VIGIL_WATCHES_PAGE (widget);

  g_clear_handle_id (&self->refresh_id, g_source_remove);
  GTK_WIDGET_CLASS (vigil_watches_page_parent_class)->unmap (widget);
}

static void
vigil_watches_page_dispose (GObject *object)
{
  VigilWatchesPage *self = (VigilWatchesPage *) object;

  g_clear_handle_id (&self->refresh_id, g_source_remove);
  vigil_watches_page_set_monitoring (self, NULL);
  gtk_widget_dispose_template (GTK_WIDGET (self), VIGIL_TYPE_WATCHES_PAGE);
  g_clear_pointer (&self->cards, g_ptr_array_unref);
  g_clear_pointer (&self->last_alerts, g_hash_table_unref);

  G_OBJECT_CLASS (vigil_watches_page_parent_class)->dispose (object);
}

static void
vigil_watches_page_get_property (GObject    *object,
                                 guint       prop_id,
                                 GValue     *value,
                                 GParamSpec *pspec)
{
  VigilWatchesPage *self = VIGIL_WATCHES_PAGE (object);

  switch (prop_id)
    {
    case PROP_MONITORING:
      g_value_set_object (value, self->monitoring);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
vigil_watches_page_set_property (GObject      *object,
                                 guint         prop_id,
                                 const GValue *value,
                                 GParamSpec   *pspec)
{
  VigilWatchesPage *self = VIGIL_WATCHES_PAGE (object);

  switch (prop_id)
    {
    case PROP_MONITORING:
      vigil_watches_page_set_monitoring (self, g_value_get_object (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
vigil_watches_page_class_init (VigilWatchesPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = vigil_watches_page_dispose;
  object_class->get_property = vigil_watches_page_get_property;
  object_class->set_property = vigil_watches_page_set_property;
  widget_class->map = vigil_watches_page_map;
  widget_class->unmap = vigil_watches_page_unmap;

  properties[PROP_MONITORING] =
    g_param_spec_object ("monitoring", NULL, NULL, VIGIL_TYPE_MONITORING,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/vigilapp/Vigil/watches/vigil-watches-page.ui");
  gtk_widget_class_bind_template_child (widget_class, VigilWatchesPage, intro_label);
  gtk_widget_class_bind_template_child (widget_class, VigilWatchesPage, empty_box);
  gtk_widget_class_bind_template_child (widget_class, VigilWatchesPage, empty_label);
  gtk_widget_class_bind_template_child (widget_class, VigilWatchesPage, cards_box);
  gtk_widget_class_bind_template_child (widget_class, VigilWatchesPage, alerts_heading);
  gtk_widget_class_bind_template_child (widget_class, VigilWatchesPage, alerts_list);
}

static void
vigil_watches_page_init (VigilWatchesPage *self)
{
  g_autofree char *path = vigil_watch_list_get_default_path ();
  g_autofree char *markup = NULL;

  self->cards = g_ptr_array_new_with_free_func (g_object_unref);
  self->last_alerts = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_object_unref);
  gtk_widget_init_template (GTK_WIDGET (self));

  markup = g_markup_printf_escaped (_("A watch is a saved query, like <tt>refund* OR chargeback</tt>. "
                                      "Add one in <b>Preferences → Watches</b>, or in <tt>%s</tt>: "
                                      "its chart and its spike alerts appear here."),
                                    path);
  gtk_label_set_markup (self->empty_label, markup);
  reload_alerts (self);
  rebuild_cards (self);
}

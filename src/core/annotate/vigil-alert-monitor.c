/* vigil-alert-monitor.c: spike detection per watch, for the main thread
 *
 * Each track (a watch, or all mentions) has one detector per
 * VigilAlertWindow and one latest alert per detector.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "vigil-alert-monitor"

#include "config.h"

#include "vigil-alert-monitor.h"
#include "vigil-alert-private.h"

/* The hand-off is bounded: beyond this, mentions wait for no one (a tick
 * every 10 s at 100k posts/s is 1M). */
#define MAX_PENDING 2000000

typedef struct
{
  gint64   t_us;
  gboolean negative;
  GStrv    watches;   /* NULL when none */
} Mention;

typedef struct
{
  char               *watch;   /* NULL: all mentions */
  VigilSpikeDetector *detectors[VIGIL_ALERT_N_WINDOWS];
  VigilAlert         *alerts[VIGIL_ALERT_N_WINDOWS];   /* the latest, ongoing or ended; NULL */
} Track;

struct _VigilAlertMonitor
{
  GObject                   parent_instance;

  VigilStore               *store;
  VigilAlertMonitorOptions  options;
  GHashTable               *tracks;      /* watch name → Track */
  Track                    *all;
  GSource                  *timer;

  GMutex                    lock;        /* guards pending */
  GArray                   *pending;     /* of Mention */
  guint64                   dropped;
};

G_DEFINE_FINAL_TYPE (VigilAlertMonitor, vigil_alert_monitor, G_TYPE_OBJECT)

enum {
  ALERT,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

void
vigil_alert_monitor_options_init (VigilAlertMonitorOptions *options)
{
  g_return_if_fail (options != NULL);
  options->minute_window_us = VIGIL_ALERT_MONITOR_DEFAULT_MINUTE_WINDOW_US;
  options->hour_window_us = VIGIL_ALERT_MONITOR_DEFAULT_HOUR_WINDOW_US;
  options->tick_us = VIGIL_ALERT_MONITOR_DEFAULT_TICK_US;
  options->k_sigma = VIGIL_ALERT_MONITOR_DEFAULT_K_SIGMA;
  options->min_count = VIGIL_ALERT_MONITOR_DEFAULT_MIN_COUNT;
  options->cooldown_us = VIGIL_ALERT_MONITOR_DEFAULT_COOLDOWN_US;
}

static void
mention_clear (gpointer data)
{
  Mention *m = data;

  g_strfreev (m->watches);
}

static gint64
window_length (VigilAlertMonitor *self,
               VigilAlertWindow   window)
{
  return window == VIGIL_ALERT_WINDOW_HOUR ? self->options.hour_window_us
                                           : self->options.minute_window_us;
}

static Track *
track_new (VigilAlertMonitor *self,
           const char        *watch)
{
  Track *t = g_rc_box_new0 (Track);

  t->watch = g_strdup (watch);
  for (guint w = 0; w < VIGIL_ALERT_N_WINDOWS; w++)
    t->detectors[w] = vigil_spike_detector_new (window_length (self, w), self->options.k_sigma,
                                                self->options.min_count, self->options.cooldown_us);
  return t;
}

static void
track_clear (gpointer data)
{
  Track *t = data;

  g_free (t->watch);
  for (guint w = 0; w < VIGIL_ALERT_N_WINDOWS; w++)
    {
      g_clear_object (&t->detectors[w]);
      g_clear_object (&t->alerts[w]);
    }
}

/* Tracks are reference counted: a tick holds its own references, so an
 * "alert" handler may change the watches. */
static void
track_free (gpointer data)
{
  g_rc_box_release_full (data, track_clear);
}

static void
vigil_alert_monitor_dispose (GObject *object)
{
  VigilAlertMonitor *self = (VigilAlertMonitor *) object;

  if (self->timer != NULL)
    {
      g_source_destroy (self->timer);
      g_clear_pointer (&self->timer, g_source_unref);
    }
  g_clear_object (&self->store);
  G_OBJECT_CLASS (vigil_alert_monitor_parent_class)->dispose (object);
}

static void
vigil_alert_monitor_finalize (GObject *object)
{
  VigilAlertMonitor *self = (VigilAlertMonitor *) object;

  g_clear_pointer (&self->tracks, g_hash_table_unref);
  g_clear_pointer (&self->all, track_free);
  g_clear_pointer (&self->pending, g_array_unref);
  g_mutex_clear (&self->lock);
  G_OBJECT_CLASS (vigil_alert_monitor_parent_class)->finalize (object);
}

static void
vigil_alert_monitor_class_init (VigilAlertMonitorClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = vigil_alert_monitor_dispose;
  object_class->finalize = vigil_alert_monitor_finalize;

  /**
   * VigilAlertMonitor::alert:
   * @alert: the alert (the same object for each update of one spike)
   * @is_new: TRUE when the spike has just started
   *
   * A spike started, grew, or ended (vigil_alert_get_ongoing() FALSE).
   */
  signals[ALERT] = g_signal_new ("alert",
                                 G_TYPE_FROM_CLASS (klass),
                                 G_SIGNAL_RUN_LAST,
                                 0, NULL, NULL, NULL,
                                 G_TYPE_NONE, 2,
                                 VIGIL_TYPE_ALERT, G_TYPE_BOOLEAN);
}

static void
vigil_alert_monitor_init (VigilAlertMonitor *self)
{
  g_mutex_init (&self->lock);
  self->pending = g_array_new (FALSE, FALSE, sizeof (Mention));
  g_array_set_clear_func (self->pending, mention_clear);
  self->tracks = g_hash_table_new_full (g_str_hash, g_str_equal, NULL, track_free);
}

static gboolean
timer_cb (gpointer data)
{
  VigilAlertMonitor *self = data;

  vigil_alert_monitor_tick (self, g_get_real_time ());
  return G_SOURCE_CONTINUE;
}

VigilAlertMonitor *
vigil_alert_monitor_new (VigilStore                     *store,
                         const VigilAlertMonitorOptions *options)
{
  VigilAlertMonitor *self;
  VigilAlertMonitorOptions defaults;

  g_return_val_if_fail (store == NULL || VIGIL_IS_STORE (store), NULL);

  vigil_alert_monitor_options_init (&defaults);
  self = g_object_new (VIGIL_TYPE_ALERT_MONITOR, NULL);
  self->store = store ? g_object_ref (store) : NULL;
  self->options = options ? *options : defaults;
  if (self->options.minute_window_us <= 0)
    self->options.minute_window_us = defaults.minute_window_us;
  if (self->options.hour_window_us <= 0)
    self->options.hour_window_us = defaults.hour_window_us;
  if (self->options.hour_window_us <= self->options.minute_window_us)
    self->options.hour_window_us = 60 * self->options.minute_window_us;
  if (self->options.tick_us == 0)
    self->options.tick_us = defaults.tick_us;
  if (self->options.k_sigma <= 0)
    self->options.k_sigma = defaults.k_sigma;
  if (self->options.min_count == 0)
    self->options.min_count = defaults.min_count;
  if (self->options.cooldown_us < 0)
    self->options.cooldown_us = defaults.cooldown_us;

  self->all = track_new (self, NULL);

  if (self->options.tick_us > 0)
    {
      g_autoptr(GMainContext) context = g_main_context_ref_thread_default ();
      guint ms = (guint) CLAMP (self->options.tick_us / 1000, 1, G_MAXUINT);

      self->timer = ms % 1000 == 0 ? g_timeout_source_new_seconds (ms / 1000) : g_timeout_source_new (ms);
      g_source_set_callback (self->timer, timer_cb, self, NULL);
      g_source_set_static_name (self->timer, "[vigil] alert monitor tick");
      g_source_attach (self->timer, context);
    }
  return self;
}

gint64
vigil_alert_monitor_get_window_us (VigilAlertMonitor *self)
{
  g_return_val_if_fail (VIGIL_IS_ALERT_MONITOR (self), 0);
  return self->options.minute_window_us;
}

gint64
vigil_alert_monitor_get_window_length (VigilAlertMonitor *self,
                                       VigilAlertWindow   window)
{
  g_return_val_if_fail (VIGIL_IS_ALERT_MONITOR (self), 0);
  g_return_val_if_fail ((guint) window < VIGIL_ALERT_N_WINDOWS, 0);
  return window_length (self, window);
}

void
vigil_alert_monitor_set_watches (VigilAlertMonitor  *self,
                                 const char * const *names)
{
  g_autoptr(GHashTable) keep = g_hash_table_new (g_str_hash, g_str_equal);
  GHashTableIter iter;
  gpointer key;

  g_return_if_fail (VIGIL_IS_ALERT_MONITOR (self));

  for (guint i = 0; names != NULL && names[i] != NULL; i++)
    {
      g_hash_table_add (keep, (gpointer) names[i]);
      if (!g_hash_table_contains (self->tracks, names[i]))
        {
          Track *t = track_new (self, names[i]);
          g_hash_table_insert (self->tracks, t->watch, t);
        }
    }

  g_hash_table_iter_init (&iter, self->tracks);
  while (g_hash_table_iter_next (&iter, &key, NULL))
    if (!g_hash_table_contains (keep, key))
      g_hash_table_iter_remove (&iter);
}

void
vigil_alert_monitor_push (VigilAlertMonitor  *self,
                          gint64              t_us,
                          const char * const *watches,
                          gboolean            negative)
{
  Mention m;

  g_return_if_fail (VIGIL_IS_ALERT_MONITOR (self));

  m.t_us = t_us;
  m.negative = negative;
  m.watches = (watches != NULL && watches[0] != NULL) ? g_strdupv ((char **) watches) : NULL;

  g_mutex_lock (&self->lock);
  if (self->pending->len < MAX_PENDING)
    {
      g_array_append_val (self->pending, m);
      m.watches = NULL;
    }
  else
    self->dropped++;
  g_mutex_unlock (&self->lock);
  g_strfreev (m.watches);
}

static int
compare_mentions (gconstpointer a,
                  gconstpointer b)
{
  const Mention *ma = a;
  const Mention *mb = b;

  return (ma->t_us > mb->t_us) - (ma->t_us < mb->t_us);
}

static double
last_negative_share (VigilSpikeDetector *detector)
{
  guint n = 0;
  g_autofree VigilSpikeWindow *series = vigil_spike_detector_get_series (detector, &n);

  return n > 0 ? series[n - 1].negative_share : 0;
}

static void
archive (VigilAlertMonitor *self,
         VigilAlert        *alert);

static guint
tick_series (VigilAlertMonitor *self,
             Track             *t,
             VigilAlertWindow   w,
             gint64             now_us)
{
  VigilSpikeDetector *detector = t->detectors[w];
  VigilSpikeAlert spike;

  if (vigil_spike_detector_tick (detector, now_us, &spike))
    {
      gboolean is_new = !spike.ongoing || t->alerts[w] == NULL;
      g_autoptr(VigilAlert) alert = NULL;

      if (is_new)
        {
          g_clear_object (&t->alerts[w]);
          t->alerts[w] = _vigil_alert_new (t->watch, w, window_length (self, w));
        }
      /* a handler may drop the track's alert: hold it */
      alert = g_object_ref (t->alerts[w]);
      _vigil_alert_update (alert, &spike, last_negative_share (detector));
      archive (self, alert);
      g_signal_emit (self, signals[ALERT], 0, alert, is_new);
      return 1;
    }

  if (t->alerts[w] != NULL && vigil_alert_get_ongoing (t->alerts[w])
      && !vigil_spike_detector_is_ongoing (detector))
    {
      g_autoptr(VigilAlert) alert = g_object_ref (t->alerts[w]);

      _vigil_alert_end (alert, now_us);
      archive (self, alert);
      g_signal_emit (self, signals[ALERT], 0, alert, FALSE);
      return 1;
    }
  return 0;
}

/* Closes the track's windows up to now in each series; emits and archives
 * what changed. */
static guint
tick_track (VigilAlertMonitor *self,
            Track             *t,
            gint64             now_us)
{
  guint emitted = 0;

  for (guint w = 0; w < VIGIL_ALERT_N_WINDOWS; w++)
    emitted += tick_series (self, t, w, now_us);
  return emitted;
}

static void
track_add (Track    *t,
           gint64    t_us,
           gboolean  negative,
           gint64    oldest[VIGIL_ALERT_N_WINDOWS])
{
  for (guint w = 0; w < VIGIL_ALERT_N_WINDOWS; w++)
    if (t_us >= oldest[w])   /* a backlog being loaded is not a spike */
      vigil_spike_detector_add (t->detectors[w], t_us, negative);
}

guint
vigil_alert_monitor_tick (VigilAlertMonitor *self,
                          gint64             now_us)
{
  g_autoptr(GArray) batch = NULL;
  g_autoptr(GPtrArray) tracks = NULL;
  gint64 oldest[VIGIL_ALERT_N_WINDOWS];
  guint emitted = 0;

  g_return_val_if_fail (VIGIL_IS_ALERT_MONITOR (self), 0);

  for (guint w = 0; w < VIGIL_ALERT_N_WINDOWS; w++)
    oldest[w] = now_us - 2 * window_length (self, w);

  g_mutex_lock (&self->lock);
  batch = g_steal_pointer (&self->pending);
  self->pending = g_array_new (FALSE, FALSE, sizeof (Mention));
  g_array_set_clear_func (self->pending, mention_clear);
  if (self->dropped > 0)
    {
      g_message ("The alert monitor fell behind and skipped %" G_GUINT64_FORMAT " mentions",
                 self->dropped);
      self->dropped = 0;
    }
  g_mutex_unlock (&self->lock);

  /* each detector wants its mentions in time order */
  g_array_sort (batch, compare_mentions);
  for (guint i = 0; i < batch->len; i++)
    {
      Mention *m = &g_array_index (batch, Mention, i);
      gint64 t_us = MIN (m->t_us, now_us);

      if (t_us < oldest[VIGIL_ALERT_WINDOW_HOUR] && t_us < oldest[VIGIL_ALERT_WINDOW_MINUTE])
        continue;
      track_add (self->all, t_us, m->negative, oldest);
      for (guint j = 0; m->watches != NULL && m->watches[j] != NULL; j++)
        {
          Track *t = g_hash_table_lookup (self->tracks, m->watches[j]);

          if (t != NULL)
            track_add (t, t_us, m->negative, oldest);
        }
    }

  /* a signal handler may change the watches: tick a stable list */
  tracks = g_ptr_array_new_with_free_func (track_free);
  {
    GHashTableIter iter;
    gpointer value;

    g_hash_table_iter_init (&iter, self->tracks);
    while (g_hash_table_iter_next (&iter, NULL, &value))
      g_ptr_array_add (tracks, g_rc_box_acquire (value));
  }
  g_ptr_array_add (tracks, g_rc_box_acquire (self->all));
  g_object_ref (self);
  for (guint i = 0; i < tracks->len; i++)
    emitted += tick_track (self, g_ptr_array_index (tracks, i), now_us);
  g_object_unref (self);
  return emitted;
}

static void
archive_done_cb (GObject      *source,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  g_autoptr(GError) error = NULL;

  if (!vigil_store_archive_alert_finish (VIGIL_STORE (source), result, &error))
    g_warning ("Could not archive an alert: %s", error->message);
}

static void
archive (VigilAlertMonitor *self,
         VigilAlert        *alert)
{
  g_autoptr(VigilAlertRecord) record = NULL;

  if (self->store == NULL)
    return;
  record = vigil_alert_to_record (alert);
  vigil_store_archive_alert_async (self->store, record, NULL, archive_done_cb, NULL);
}

static Track *
lookup (VigilAlertMonitor *self,
        const char        *watch)
{
  if (watch == NULL)
    return self->all;
  return g_hash_table_lookup (self->tracks, watch);
}

VigilSpikeWindow *
vigil_alert_monitor_get_series_for (VigilAlertMonitor *self,
                                    const char        *watch,
                                    VigilAlertWindow   window,
                                    guint             *n_windows)
{
  Track *t;

  g_return_val_if_fail (VIGIL_IS_ALERT_MONITOR (self), NULL);
  g_return_val_if_fail (n_windows != NULL, NULL);

  *n_windows = 0;
  g_return_val_if_fail ((guint) window < VIGIL_ALERT_N_WINDOWS, NULL);
  t = lookup (self, watch);
  if (t == NULL)
    return NULL;
  return vigil_spike_detector_get_series (t->detectors[window], n_windows);
}

VigilSpikeWindow *
vigil_alert_monitor_get_series (VigilAlertMonitor *self,
                                const char        *watch,
                                guint             *n_windows)
{
  return vigil_alert_monitor_get_series_for (self, watch, VIGIL_ALERT_WINDOW_MINUTE, n_windows);
}

double
vigil_alert_monitor_get_threshold_for (VigilAlertMonitor *self,
                                       const char        *watch,
                                       VigilAlertWindow   window)
{
  Track *t;

  g_return_val_if_fail (VIGIL_IS_ALERT_MONITOR (self), 0);
  g_return_val_if_fail ((guint) window < VIGIL_ALERT_N_WINDOWS, 0);
  t = lookup (self, watch);
  return t ? vigil_spike_detector_get_threshold (t->detectors[window]) : 0;
}

double
vigil_alert_monitor_get_threshold (VigilAlertMonitor *self,
                                   const char        *watch)
{
  return vigil_alert_monitor_get_threshold_for (self, watch, VIGIL_ALERT_WINDOW_MINUTE);
}

VigilAlert *
vigil_alert_monitor_get_alert_for (VigilAlertMonitor *self,
                                   const char        *watch,
                                   VigilAlertWindow   window)
{
  Track *t;

  g_return_val_if_fail (VIGIL_IS_ALERT_MONITOR (self), NULL);
  g_return_val_if_fail ((guint) window < VIGIL_ALERT_N_WINDOWS, NULL);
  t = lookup (self, watch);
  if (t == NULL || t->alerts[window] == NULL || !vigil_alert_get_ongoing (t->alerts[window]))
    return NULL;
  return t->alerts[window];
}

VigilAlert *
vigil_alert_monitor_get_alert (VigilAlertMonitor *self,
                               const char        *watch)
{
  VigilAlert *best = NULL;

  g_return_val_if_fail (VIGIL_IS_ALERT_MONITOR (self), NULL);
  for (guint w = 0; w < VIGIL_ALERT_N_WINDOWS; w++)
    {
      VigilAlert *alert = vigil_alert_monitor_get_alert_for (self, watch, w);

      if (alert != NULL
          && (best == NULL || vigil_alert_get_severity (alert) > vigil_alert_get_severity (best)))
        best = alert;
    }
  return best;
}

/* vigil-spike-detector.c: volume spikes against an EWMA baseline
 *
 * The EWMA update is the incremental form (Finch, "Incremental calculation
 * of weighted mean and variance", 2009):
 *   diff = x - mean;  incr = alpha * diff;
 *   mean += incr;     var = (1 - alpha) * (var + diff * incr)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "vigil-spike-detector"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <math.h>

#include "vigil-spike-detector.h"

/* A gap longer than this many windows is fast-forwarded. */
#define MAX_CATCH_UP_WINDOWS 100000

struct _VigilSpikeDetector
{
  GObject  parent_instance;

  gint64   window_us;
  double   k;
  guint    min_count;
  gint64   cooldown_us;

  gboolean started;        /* a window is open */
  gint64   open_start;
  guint    open_count;
  guint    open_negative;

  guint64  n_closed;
  double   mean;
  double   var;

  gboolean ongoing;        /* the last closed window was a spike */
  gboolean have_alert;     /* an alert exists (for cooldown) */
  gint64   last_spike_end; /* end of the last spike window */
  int      peak_severity;

  /* an alert raised by add() closing windows, reported by the next tick */
  gboolean pending;
  gboolean pending_started;
  VigilSpikeAlert pending_alert;

  VigilSpikeWindow *history;   /* ring of VIGIL_SPIKE_HISTORY */
  guint    history_head;   /* next slot */
  guint    history_len;
};

G_DEFINE_FINAL_TYPE (VigilSpikeDetector, vigil_spike_detector, G_TYPE_OBJECT)

static void
vigil_spike_detector_finalize (GObject *object)
{
  VigilSpikeDetector *self = VIGIL_SPIKE_DETECTOR (object);

  g_clear_pointer (&self->history, g_free);

  G_OBJECT_CLASS (vigil_spike_detector_parent_class)->finalize (object);
}

static void
vigil_spike_detector_class_init (VigilSpikeDetectorClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = vigil_spike_detector_finalize;
}

static void
vigil_spike_detector_init (VigilSpikeDetector *self)
{
  self->history = g_new0 (VigilSpikeWindow, VIGIL_SPIKE_HISTORY);
}

VigilSpikeDetector *
vigil_spike_detector_new (gint64 window_us,
                          double k_sigma,
                          guint  min_count,
                          gint64 cooldown_us)
{
  VigilSpikeDetector *self;

  g_return_val_if_fail (window_us > 0, NULL);

  self = g_object_new (VIGIL_TYPE_SPIKE_DETECTOR, NULL);
  self->window_us = window_us;
  self->k = k_sigma > 0 && isfinite (k_sigma) ? k_sigma : 3.0;
  self->min_count = min_count;
  self->cooldown_us = MAX (cooldown_us, 0);
  return self;
}

static inline double
effective_stddev (VigilSpikeDetector *self)
{
  double sd = sqrt (MAX (self->var, 0.0));

  sd = MAX (sd, sqrt (MAX (self->mean, 0.0)));
  return MAX (sd, 1.0);
}

static inline int
severity_for (double z,
              double k)
{
  if (z >= 4 * k)
    return 3;
  if (z >= 2 * k)
    return 2;
  return 1;
}

static void
update_baseline (VigilSpikeDetector *self,
                 double              x)
{
  if (self->n_closed == 0)
    {
      self->mean = x;
      self->var = 0;
    }
  else
    {
      double diff = x - self->mean;
      double incr = VIGIL_SPIKE_EWMA_ALPHA * diff;

      self->mean += incr;
      self->var = (1 - VIGIL_SPIKE_EWMA_ALPHA) * (self->var + diff * incr);
    }
  self->n_closed++;
}

/* Closes the open window; returns TRUE when it starts or updates an alert. */
static gboolean
close_window (VigilSpikeDetector *self,
              VigilSpikeAlert    *alert,
              gboolean           *started)
{
  VigilSpikeWindow *w = &self->history[self->history_head];
  double sd = effective_stddev (self);
  double threshold = self->mean + self->k * sd;
  double z = (self->open_count - self->mean) / sd;
  gint64 end = self->open_start + self->window_us;
  gboolean spike;
  gboolean raised = FALSE;

  spike = self->n_closed >= VIGIL_SPIKE_WARMUP_WINDOWS
          && self->open_count >= self->min_count
          && self->open_count > 0
          && z >= self->k;

  w->window_start_us = self->open_start;
  w->count = self->open_count;
  w->negative = self->open_negative;
  w->negative_share = self->open_count ? (double) self->open_negative / self->open_count : 0.0;
  w->mean = self->mean;
  w->stddev = sd;
  w->threshold = threshold;
  w->spike = spike;
  self->history_head = (self->history_head + 1) % VIGIL_SPIKE_HISTORY;
  self->history_len = MIN (self->history_len + 1, VIGIL_SPIKE_HISTORY);

  if (spike)
    {
      int severity = severity_for (z, self->k);
      gboolean resumes = self->ongoing
                         || (self->have_alert && self->open_start - self->last_spike_end < self->cooldown_us);

      if (!resumes)
        {
          self->peak_severity = 0;
          *started = TRUE;
        }
      self->peak_severity = MAX (self->peak_severity, severity);
      self->ongoing = TRUE;
      self->have_alert = TRUE;
      self->last_spike_end = end;

      alert->window_start_us = self->open_start;
      alert->count = self->open_count;
      alert->mean = self->mean;
      alert->stddev = sd;
      alert->z = z;
      alert->severity = self->peak_severity;
      raised = TRUE;
    }
  else
    self->ongoing = FALSE;

  /* a spike feeds the baseline only up to the threshold */
  update_baseline (self, spike ? MIN ((double) self->open_count, threshold) : self->open_count);

  self->open_start = end;
  self->open_count = 0;
  self->open_negative = 0;
  return raised;
}

static gboolean
close_until (VigilSpikeDetector *self,
             gint64              t_us,
             VigilSpikeAlert    *alert,
             gboolean           *started)
{
  gboolean raised = FALSE;
  guint64 n_windows;

  if (!self->started || t_us < self->open_start + self->window_us)
    return FALSE;

  n_windows = (guint64) ((t_us - self->open_start) / self->window_us);
  if (n_windows > MAX_CATCH_UP_WINDOWS)
    {
      /* a very long silence: close the open window, then skip ahead as if
       * the baseline had decayed to the empty windows' level */
      raised |= close_window (self, alert, started);
      self->mean = 0;
      self->var = 0;
      self->ongoing = FALSE;
      self->open_start += (gint64) (n_windows - 1) * self->window_us;
      n_windows = 0;
    }
  while (n_windows-- > 0)
    raised |= close_window (self, alert, started);
  return raised;
}

void
vigil_spike_detector_add (VigilSpikeDetector *self,
                          gint64              t_us,
                          gboolean            negative)
{
  VigilSpikeAlert pending;
  gboolean started = FALSE;

  g_return_if_fail (VIGIL_IS_SPIKE_DETECTOR (self));

  if (!self->started)
    {
      self->started = TRUE;
      self->open_start = t_us - (t_us % self->window_us + self->window_us) % self->window_us;
    }
  else if (t_us >= self->open_start + self->window_us)
    {
      /* a mention of a later window closes the open one; an alert this
       * raises is kept for the next tick to report */
      if (close_until (self, t_us, &pending, &started))
        {
          self->pending_alert = pending;
          self->pending = TRUE;
          self->pending_started |= started;
        }
    }
  if (self->open_count < G_MAXUINT)
    {
      self->open_count++;
      self->open_negative += negative ? 1 : 0;
    }
}

gboolean
vigil_spike_detector_tick (VigilSpikeDetector *self,
                           gint64              now_us,
                           VigilSpikeAlert    *alert)
{
  VigilSpikeAlert local;
  gboolean started = self->pending_started;
  gboolean raised;

  g_return_val_if_fail (VIGIL_IS_SPIKE_DETECTOR (self), FALSE);

  local = self->pending_alert;
  raised = self->pending;
  self->pending = FALSE;
  self->pending_started = FALSE;

  if (!self->started)
    {
      /* no mention yet: start counting from this window */
      self->started = TRUE;
      self->open_start = now_us - (now_us % self->window_us + self->window_us) % self->window_us;
    }
  raised |= close_until (self, now_us, &local, &started);
  if (raised && alert)
    {
      *alert = local;
      alert->ongoing = !started;
    }
  return raised;
}

char *
vigil_spike_alert_describe (const VigilSpikeAlert *alert,
                            gint64                 window_us)
{
  g_autofree char *span = NULL;
  g_autofree char *mentions = NULL;
  gint64 s = window_us / G_USEC_PER_SEC;

  g_return_val_if_fail (alert, NULL);

  if (s > 0 && s % 3600 == 0)
    span = g_strdup_printf (_("%" G_GINT64_FORMAT " h"), s / 3600);
  else if (s > 0 && s % 60 == 0)
    span = g_strdup_printf (_("%" G_GINT64_FORMAT " min"), s / 60);
  else
    span = g_strdup_printf (_("%" G_GINT64_FORMAT " s"), MAX (s, 1));

  mentions = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u mention", "%u mentions", alert->count),
                              alert->count);
  /* TRANSLATORS: "312 mentions" "10 min" 40 ± 12 (z = 22.7) */
  return g_strdup_printf (_("%s in the last %s vs %.0f ± %.0f usual (z = %.1f)"),
                          mentions, span, alert->mean, alert->stddev, alert->z);
}

VigilSpikeWindow *
vigil_spike_detector_get_series (VigilSpikeDetector *self,
                                 guint              *n_windows)
{
  VigilSpikeWindow *series;
  guint start;

  g_return_val_if_fail (VIGIL_IS_SPIKE_DETECTOR (self), NULL);
  g_return_val_if_fail (n_windows, NULL);

  *n_windows = self->history_len;
  series = g_new (VigilSpikeWindow, MAX (self->history_len, 1));
  start = (self->history_head + VIGIL_SPIKE_HISTORY - self->history_len) % VIGIL_SPIKE_HISTORY;
  for (guint i = 0; i < self->history_len; i++)
    series[i] = self->history[(start + i) % VIGIL_SPIKE_HISTORY];
  return series;
}

double
vigil_spike_detector_get_threshold (VigilSpikeDetector *self)
{
  g_return_val_if_fail (VIGIL_IS_SPIKE_DETECTOR (self), 0);
  return self->mean + self->k * effective_stddev (self);
}

gboolean
vigil_spike_detector_is_ongoing (VigilSpikeDetector *self)
{
  g_return_val_if_fail (VIGIL_IS_SPIKE_DETECTOR (self), FALSE);
  return self->ongoing;
}

gint64
vigil_spike_detector_get_window (VigilSpikeDetector *self)
{
  g_return_val_if_fail (VIGIL_IS_SPIKE_DETECTOR (self), 0);
  return self->window_us;
}

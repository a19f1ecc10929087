/* vigil-alert.c: one spike alert, as the GUI shows it
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "vigil-alert"

#include "config.h"

#include "vigil-alert-private.h"

struct _VigilAlert
{
  GObject   parent_instance;

  char     *watch;
  VigilAlertWindow window;
  gint64    window_us;
  gint64    started_us;
  gint64    updated_us;
  gint64    window_start_us;
  int       severity;
  gboolean  ongoing;
  guint     count;
  double    negative_share;
  double    mean;
  double    stddev;
  double    z;
  char     *description;
};

G_DEFINE_FINAL_TYPE (VigilAlert, vigil_alert, G_TYPE_OBJECT)

static void
vigil_alert_finalize (GObject *object)
{
  VigilAlert *self = (VigilAlert *) object;

  g_free (self->watch);
  g_free (self->description);
  G_OBJECT_CLASS (vigil_alert_parent_class)->finalize (object);
}

static void
vigil_alert_class_init (VigilAlertClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = vigil_alert_finalize;
}

static void
vigil_alert_init (VigilAlert *self)
{
}

VigilAlert *
_vigil_alert_new (const char       *watch,
                  VigilAlertWindow  window,
                  gint64            window_us)
{
  VigilAlert *self = g_object_new (VIGIL_TYPE_ALERT, NULL);

  self->watch = g_strdup (watch);
  self->window = window;
  self->window_us = window_us;
  self->started_us = -1;
  return self;
}

void
_vigil_alert_update (VigilAlert            *self,
                     const VigilSpikeAlert *spike,
                     double                 negative_share)
{
  g_return_if_fail (VIGIL_IS_ALERT (self));

  if (self->started_us < 0)
    self->started_us = spike->window_start_us;
  self->updated_us = spike->window_start_us;
  self->window_start_us = spike->window_start_us;
  self->severity = MAX (self->severity, spike->severity);
  self->ongoing = TRUE;
  self->count = spike->count;
  self->negative_share = negative_share;
  self->mean = spike->mean;
  self->stddev = spike->stddev;
  self->z = spike->z;
  g_free (self->description);
  self->description = vigil_spike_alert_describe (spike, self->window_us);
}

void
_vigil_alert_end (VigilAlert *self,
                  gint64      end_us)
{
  g_return_if_fail (VIGIL_IS_ALERT (self));
  self->ongoing = FALSE;
  self->updated_us = end_us;
}

#define GETTER(type, name, fallback)                      \
  type                                                    \
  vigil_alert_get_##name (VigilAlert *self)               \
  {                                                       \
    g_return_val_if_fail (VIGIL_IS_ALERT (self), fallback); \
    return self->name;                                    \
  }

GETTER (const char *, watch, NULL)
GETTER (int, severity, 0)
GETTER (const char *, description, NULL)
GETTER (gint64, started_us, 0)
GETTER (gint64, updated_us, 0)
GETTER (gboolean, ongoing, FALSE)
GETTER (guint, count, 0)
GETTER (double, negative_share, 0)
GETTER (double, mean, 0)
GETTER (double, stddev, 0)
GETTER (double, z, 0)
GETTER (gint64, window_us, 0)
GETTER (VigilAlertWindow, window, VIGIL_ALERT_WINDOW_MINUTE)

#undef GETTER

VigilAlertRecord *
vigil_alert_to_record (VigilAlert *self)
{
  VigilAlertRecord *r;

  g_return_val_if_fail (VIGIL_IS_ALERT (self), NULL);

  r = g_new0 (VigilAlertRecord, 1);
  r->watch = g_strdup (self->watch);
  r->started_us = self->started_us;
  r->updated_us = self->updated_us;
  r->window_start_us = self->window_start_us;
  r->window_us = self->window_us;
  r->count = self->count;
  r->negative_share = self->negative_share;
  r->mean = self->mean;
  r->stddev = self->stddev;
  r->z = self->z;
  r->severity = self->severity;
  r->ongoing = self->ongoing;
  r->description = g_strdup (self->description);
  return r;
}

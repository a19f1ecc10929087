/* test-spike-detector.c: spike detection on synthetic series
 *
 * The series come from a fixed-seed PRNG (splitmix64) so every run sees the
 * same numbers; counts are Poisson draws (Knuth's method).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <math.h>
#include <string.h>

#include "vigil-spike-detector.h"

#define MINUTE ((gint64) 60 * G_USEC_PER_SEC)
#define T0     ((gint64) 1699999980 * G_USEC_PER_SEC)   /* a minute boundary */

typedef struct { guint64 state; } Prng;

static guint64
prng_next (Prng *p)
{
  guint64 z = (p->state += 0x9e3779b97f4a7c15ULL);

  z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
  z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
  return z ^ (z >> 31);
}

static double
prng_uniform (Prng *p)
{
  return (prng_next (p) >> 11) * (1.0 / 9007199254740992.0);
}

static guint
poisson (Prng  *p,
         double lambda)
{
  double l = exp (-lambda), prod = prng_uniform (p);
  guint k = 0;

  while (prod > l)
    {
      k++;
      prod *= prng_uniform (p);
    }
  return k;
}

typedef struct
{
  guint n_new;        /* alerts with ongoing == FALSE */
  guint n_updates;    /* ongoing == TRUE */
  guint first_new_window;
  VigilSpikeAlert last;
} Tally;

/* Feeds count mentions spread over window w (negative_every: every n-th is
 * negative, 0 = none), then ticks at the window's end. */
static void
feed_window (VigilSpikeDetector *d,
             guint               w,
             guint               count,
             guint               negative_every,
             Tally              *tally)
{
  VigilSpikeAlert alert;
  gint64 start = T0 + (gint64) w * MINUTE;

  for (guint i = 0; i < count; i++)
    vigil_spike_detector_add (d, start + (gint64) i * (MINUTE / (count + 1)),
                              negative_every && i % negative_every == 0);
  memset (&alert, 0, sizeof alert);
  if (vigil_spike_detector_tick (d, start + MINUTE, &alert))
    {
      if (alert.ongoing)
        tally->n_updates++;
      else
        {
          if (tally->n_new == 0)
            tally->first_new_window = w;
          tally->n_new++;
        }
      tally->last = alert;
    }
}

static void
test_steady_noise (void)
{
  Prng p = { 42 };
  Tally tally = { 0 };
  g_autoptr (VigilSpikeDetector) d = vigil_spike_detector_new (MINUTE, 4.0, 10, 30 * MINUTE);

  for (guint w = 0; w < 2000; w++)
    feed_window (d, w, poisson (&p, 40.0), 4, &tally);
  g_assert_cmpuint (tally.n_new, ==, 0);
  g_assert_cmpuint (tally.n_updates, ==, 0);
}

static void
test_steady_low_volume (void)
{
  /* 0–3 mentions a minute never alert, thanks to the minimum count */
  Prng p = { 7 };
  Tally tally = { 0 };
  g_autoptr (VigilSpikeDetector) d = vigil_spike_detector_new (MINUTE, 3.0, 10, 0);

  for (guint w = 0; w < 2000; w++)
    feed_window (d, w, poisson (&p, 1.0), 0, &tally);
  g_assert_cmpuint (tally.n_new, ==, 0);
}

static void
test_step (void)
{
  Prng p = { 1234 };
  Tally tally = { 0 };
  g_autoptr (VigilSpikeDetector) d = vigil_spike_detector_new (MINUTE, 4.0, 10, 30 * MINUTE);

  for (guint w = 0; w < 300; w++)
    feed_window (d, w, poisson (&p, 40.0), 0, &tally);
  g_assert_cmpuint (tally.n_new, ==, 0);
  /* a step to 4x the volume at window 300 */
  for (guint w = 300; w < 320; w++)
    feed_window (d, w, poisson (&p, 160.0), 0, &tally);
  g_assert_cmpuint (tally.n_new, ==, 1);
  g_assert_cmpuint (tally.first_new_window, <=, 301);
  /* one ongoing spike is one alert that updates */
  g_assert_cmpuint (tally.n_updates, >=, 1);
  g_assert_true (tally.last.ongoing);
  g_assert_cmpint (tally.last.severity, >=, 2);
}

static void
test_one_alert_per_spike (void)
{
  Tally tally = { 0 };
  g_autoptr (VigilSpikeDetector) d = vigil_spike_detector_new (MINUTE, 3.0, 10, 0);
  guint w = 0;

  for (; w < 60; w++)
    feed_window (d, w, 40 + (w % 5), 0, &tally);
  for (guint i = 0; i < 10; i++, w++)
    feed_window (d, w, 400, 0, &tally);
  g_assert_cmpuint (tally.n_new, ==, 1);
  g_assert_cmpuint (tally.n_updates, ==, 9);
  g_assert_true (vigil_spike_detector_is_ongoing (d));
  for (guint i = 0; i < 5; i++, w++)
    feed_window (d, w, 40, 0, &tally);
  g_assert_false (vigil_spike_detector_is_ongoing (d));
  g_assert_cmpuint (tally.n_new, ==, 1);
}

static void
test_cooldown (void)
{
  Tally tally = { 0 };
  g_autoptr (VigilSpikeDetector) d = vigil_spike_detector_new (MINUTE, 3.0, 10, 30 * MINUTE);
  guint w = 0;

  for (; w < 60; w++)
    feed_window (d, w, 40 + (w % 5), 0, &tally);
  feed_window (d, w++, 400, 0, &tally);
  g_assert_cmpuint (tally.n_new, ==, 1);
  /* quiet for 10 minutes, then a second burst inside the 30 min cooldown:
   * it updates the same alert */
  for (guint i = 0; i < 10; i++, w++)
    feed_window (d, w, 40 + (w % 5), 0, &tally);
  feed_window (d, w++, 400, 0, &tally);
  g_assert_cmpuint (tally.n_new, ==, 1);
  g_assert_cmpuint (tally.n_updates, ==, 1);
  g_assert_true (tally.last.ongoing);
  /* quiet for 40 minutes: the cooldown is over, a burst is a new alert */
  for (guint i = 0; i < 40; i++, w++)
    feed_window (d, w, 40 + (w % 5), 0, &tally);
  feed_window (d, w++, 400, 0, &tally);
  g_assert_cmpuint (tally.n_new, ==, 2);
  g_assert_false (tally.last.ongoing);
}

static void
test_severity (void)
{
  /* baseline exactly 100 with sigma = sqrt(100) = 10: z = (x - 100) / 10 */
  static const struct { guint count; int severity; } table[] = {
    { 135, 1 }, { 165, 2 }, { 230, 3 },
  };

  for (guint i = 0; i < G_N_ELEMENTS (table); i++)
    {
      Tally tally = { 0 };
      g_autoptr (VigilSpikeDetector) d = vigil_spike_detector_new (MINUTE, 3.0, 10, 0);
      guint w = 0;

      for (; w < 50; w++)
        feed_window (d, w, 100, 0, &tally);
      feed_window (d, w, table[i].count, 0, &tally);
      g_assert_cmpuint (tally.n_new, ==, 1);
      g_assert_cmpint (tally.last.severity, ==, table[i].severity);
      g_assert_cmpfloat_with_epsilon (tally.last.mean, 100.0, 1e-6);
      g_assert_cmpfloat_with_epsilon (tally.last.stddev, 10.0, 1e-6);
      g_assert_cmpfloat_with_epsilon (tally.last.z, (table[i].count - 100) / 10.0, 1e-6);
    }
}

static void
test_describe (void)
{
  VigilSpikeAlert alert = { 0, 312, 40.2, 11.8, 22.7, 3, FALSE };
  VigilSpikeAlert one = { 0, 1, 0.0, 1.0, 1.0, 1, FALSE };
  g_autofree char *a = vigil_spike_alert_describe (&alert, 10 * MINUTE);
  g_autofree char *b = vigil_spike_alert_describe (&alert, 60 * MINUTE);
  g_autofree char *c = vigil_spike_alert_describe (&one, (gint64) 30 * G_USEC_PER_SEC);

  g_assert_cmpstr (a, ==, "312 mentions in the last 10 min vs 40 ± 12 usual (z = 22.7)");
  g_assert_cmpstr (b, ==, "312 mentions in the last 1 h vs 40 ± 12 usual (z = 22.7)");
  g_assert_cmpstr (c, ==, "1 mention in the last 30 s vs 0 ± 1 usual (z = 1.0)");
}

static void
test_series (void)
{
  Tally tally = { 0 };
  g_autoptr (VigilSpikeDetector) d = vigil_spike_detector_new (MINUTE, 3.0, 10, 0);
  g_autofree VigilSpikeWindow *series = NULL;
  guint n = 0;

  for (guint w = 0; w < 20; w++)
    feed_window (d, w, w == 19 ? 500 : 40, 4, &tally);
  series = vigil_spike_detector_get_series (d, &n);
  g_assert_cmpuint (n, ==, 20);
  g_assert_cmpint (series[0].window_start_us, ==, T0);
  g_assert_cmpint (series[19].window_start_us, ==, T0 + 19 * MINUTE);
  g_assert_cmpuint (series[5].count, ==, 40);
  g_assert_cmpuint (series[5].negative, ==, 10);
  g_assert_cmpfloat_with_epsilon (series[5].negative_share, 0.25, 1e-9);
  g_assert_false (series[5].spike);
  g_assert_true (series[19].spike);
  g_assert_cmpfloat (series[19].threshold, <, 500);
  g_assert_cmpfloat (series[19].threshold, >, 40);
  g_assert_cmpfloat (vigil_spike_detector_get_threshold (d), >, 40);
}

static void
test_gaps_and_history (void)
{
  Tally tally = { 0 };
  g_autoptr (VigilSpikeDetector) d = vigil_spike_detector_new (MINUTE, 3.0, 10, 0);
  g_autofree VigilSpikeWindow *series = NULL;
  VigilSpikeAlert alert;
  guint n = 0;

  feed_window (d, 0, 5, 0, &tally);
  /* a tick years later must not loop for ever */
  g_assert_false (vigil_spike_detector_tick (d, T0 + (gint64) 5 * 365 * 24 * 60 * MINUTE, &alert));
  /* a tick three windows on closes three empty windows */
  feed_window (d, 6000000, 5, 0, &tally);
  series = vigil_spike_detector_get_series (d, &n);
  g_assert_cmpuint (n, <=, VIGIL_SPIKE_HISTORY);
  g_assert_cmpuint (n, >, 0);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/vigil/spike-detector/steady-noise", test_steady_noise);
  g_test_add_func ("/vigil/spike-detector/steady-low-volume", test_steady_low_volume);
  g_test_add_func ("/vigil/spike-detector/step", test_step);
  g_test_add_func ("/vigil/spike-detector/one-alert-per-spike", test_one_alert_per_spike);
  g_test_add_func ("/vigil/spike-detector/cooldown", test_cooldown);
  g_test_add_func ("/vigil/spike-detector/severity", test_severity);
  g_test_add_func ("/vigil/spike-detector/describe", test_describe);
  g_test_add_func ("/vigil/spike-detector/series", test_series);
  g_test_add_func ("/vigil/spike-detector/gaps-history", test_gaps_and_history);
  return g_test_run ();
}

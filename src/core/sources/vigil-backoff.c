/* vigil-backoff.c: capped exponential backoff with jitter
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "vigil-backoff"

#include "config.h"

#include <math.h>

#include "vigil-backoff.h"

void
vigil_backoff_init (VigilBackoff *backoff,
                    guint         initial_ms,
                    guint         max_ms)
{
  g_return_if_fail (backoff != NULL);

  backoff->initial_ms = MAX (initial_ms, 1);
  backoff->max_ms = MAX (max_ms, backoff->initial_ms);
  backoff->factor = 2.0;
  backoff->jitter = 0.2;
  backoff->attempt = 0;
}

guint
vigil_backoff_next (VigilBackoff *backoff,
                    double        random)
{
  double base;
  double delay;

  g_return_val_if_fail (backoff != NULL, 1);

  random = CLAMP (random, 0.0, 1.0);
  /* factor^attempt overflows nothing: the exponent stops growing once the
   * base alone is past the cap. */
  base = backoff->initial_ms * pow (MAX (backoff->factor, 1.0), MIN (backoff->attempt, 64));
  if (base > backoff->max_ms)
    base = backoff->max_ms;
  if (backoff->attempt < 64)
    backoff->attempt++;

  delay = base * (1.0 + backoff->jitter * (2.0 * random - 1.0));
  delay = CLAMP (delay, 1.0, (double) backoff->max_ms);

  return (guint) delay;
}

void
vigil_backoff_reset (VigilBackoff *backoff)
{
  g_return_if_fail (backoff != NULL);

  backoff->attempt = 0;
}

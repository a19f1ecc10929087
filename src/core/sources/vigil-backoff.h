/* vigil-backoff.h: capped exponential backoff with jitter (pure)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

typedef struct
{
  guint  initial_ms;  /* first delay */
  guint  max_ms;      /* cap, applied after jitter */
  double factor;      /* growth per failure, ≥ 1 */
  double jitter;      /* ± fraction, 0 ≤ jitter < 1 */
  guint  attempt;     /* failures since the last reset */
} VigilBackoff;

void  vigil_backoff_init    (VigilBackoff *backoff,
                             guint         initial_ms,
                             guint         max_ms);
/* The delay before the next attempt, and count one more failure. random is
 * a uniform value in [0, 1) (g_random_double() in production). The result
 * is in [base·(1-jitter), base·(1+jitter)] with base = initial·factor^attempt,
 * never above max_ms and never below 1. */
guint vigil_backoff_next    (VigilBackoff *backoff,
                             double        random);
void  vigil_backoff_reset   (VigilBackoff *backoff);

G_END_DECLS

/* vigil-reach.c: reach and "real OTS"
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "vigil-reach"

#include "config.h"

#include <math.h>

#include "vigil-reach.h"

static inline gint64
add_saturating (gint64 a,
                gint64 b)
{
  if (b <= 0)
    return a;
  return a > G_MAXINT64 - b ? G_MAXINT64 : a + b;
}

gint64
vigil_reach_compute (gint64        author_followers,
                     const gint64 *reposter_followers,
                     guint         n_reposters)
{
  gint64 reach = 0;

  g_return_val_if_fail (reposter_followers || n_reposters == 0, 0);

  reach = add_saturating (reach, author_followers);
  for (guint i = 0; i < n_reposters; i++)
    reach = add_saturating (reach, reposter_followers[i]);
  return reach;
}

double
vigil_reach_ots (gint64 reach,
                 double divisor)
{
  if (!(divisor > 0.0) || isinf (divisor))
    divisor = VIGIL_REACH_DEFAULT_OTS_DIVISOR;
  if (reach <= 0)
    return 0.0;
  return (double) reach / divisor;
}

/* vigil-reach.h: reach and "real OTS" (opportunities to see)
 *
 * Reach is the author's followers plus the followers of every known
 * reposter: the number of feeds the post could have landed in. Few of those
 * people actually see it, so the field's rule of thumb divides reach by 10
 * to get the "real OTS"; the divisor is a user setting.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

#define VIGIL_REACH_DEFAULT_OTS_DIVISOR 10.0

/* Follower counts of -1 (unknown) or below count as 0; the sum saturates at
 * G_MAXINT64 instead of overflowing. reposter_followers may be NULL when
 * n_reposters is 0. */
gint64  vigil_reach_compute (gint64        author_followers,
                             const gint64 *reposter_followers,
                             guint         n_reposters);
/* reach / divisor; a divisor <= 0 (or NaN) means the default 10; a negative
 * reach counts as 0. */
double  vigil_reach_ots     (gint64        reach,
                             double        divisor);

G_END_DECLS

/* test-reach.c: reach and real OTS arithmetic
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib.h>

#include "vigil-reach.h"

static void
test_compute (void)
{
  const gint64 reposters[] = { 250, -1, 1000, 0 };
  const gint64 huge[] = { G_MAXINT64, G_MAXINT64 };

  g_assert_cmpint (vigil_reach_compute (1200, NULL, 0), ==, 1200);
  /* unknown (-1) counts as 0 */
  g_assert_cmpint (vigil_reach_compute (1200, reposters, G_N_ELEMENTS (reposters)), ==, 2450);
  g_assert_cmpint (vigil_reach_compute (-1, reposters, 1), ==, 250);
  g_assert_cmpint (vigil_reach_compute (-1, NULL, 0), ==, 0);
  g_assert_cmpint (vigil_reach_compute (-5, reposters, 0), ==, 0);
  /* saturates instead of overflowing */
  g_assert_cmpint (vigil_reach_compute (10, huge, 2), ==, G_MAXINT64);
}

static void
test_ots (void)
{
  g_assert_cmpfloat_with_epsilon (vigil_reach_ots (2450, VIGIL_REACH_DEFAULT_OTS_DIVISOR), 245.0, 1e-9);
  g_assert_cmpfloat_with_epsilon (vigil_reach_ots (2450, 0), 245.0, 1e-9);    /* <= 0 → 10 */
  g_assert_cmpfloat_with_epsilon (vigil_reach_ots (2450, -3), 245.0, 1e-9);
  g_assert_cmpfloat_with_epsilon (vigil_reach_ots (2450, 0.0 / 0.0), 245.0, 1e-9);  /* NaN → 10 */
  g_assert_cmpfloat_with_epsilon (vigil_reach_ots (2450, 5), 490.0, 1e-9);
  g_assert_cmpfloat_with_epsilon (vigil_reach_ots (2450, 20), 122.5, 1e-9);
  g_assert_cmpfloat_with_epsilon (vigil_reach_ots (0, 10), 0.0, 1e-9);
  g_assert_cmpfloat_with_epsilon (vigil_reach_ots (-7, 10), 0.0, 1e-9);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/vigil/reach/compute", test_compute);
  g_test_add_func ("/vigil/reach/ots", test_ots);
  return g_test_run ();
}

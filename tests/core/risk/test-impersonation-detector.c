/* test-impersonation-detector.c: confusable handles and fake profiles
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include "vigil-impersonation-detector.h"

static VigilImpersonationDetector *
make_detector (void)
{
  VigilImpersonationDetector *d = vigil_impersonation_detector_new ();

  vigil_impersonation_detector_add_official (d, "@northwind", "Northwind Kettles");
  vigil_impersonation_detector_add_official (d, "@NorthwindHelp@mastodon.example", NULL);
  vigil_impersonation_detector_add_official (d, "acme.bsky.social", "ACME");
  return d;
}

/* A profile with nothing suspicious about it. */
#define CLEAN_PROFILE 5000, 300, 2000, TRUE, TRUE

typedef struct
{
  const char *handle;
  const char *display_name;
  gint64      followers, following, age;
  gboolean    avatar, bio;
  gboolean    flagged;
  const char *reason;          /* a substring of the first reason, or NULL */
} Row;

static const Row rows[] = {
  /* the official accounts themselves */
  { "@northwind", "Northwind Kettles", 12, 5000, 1, FALSE, FALSE, FALSE, NULL },
  { "Northwind", NULL, CLEAN_PROFILE, FALSE, NULL },
  { "@northwindhelp@mastodon.example", NULL, CLEAN_PROFILE, FALSE, NULL },
  { "acme.bsky.social", "ACME", CLEAN_PROFILE, FALSE, NULL },
  /* look-alikes */
  { "n0rthwind_support", NULL, CLEAN_PROFILE, TRUE,
    "handle 'n0rthwind_support' looks like official '@northwind' (homoglyph 0→o, added “support”)" },
  { "nоrthwind", NULL, CLEAN_PROFILE, TRUE, "homoglyph о→o" },                  /* Cyrillic о */
  { "ｎｏｒｔｈｗｉｎｄ", NULL, CLEAN_PROFILE, TRUE, "fullwidth letters" },
  { "northw1nd", NULL, CLEAN_PROFILE, TRUE, "homoglyph 1→i" },
  { "nowthwind", NULL, CLEAN_PROFILE, TRUE, "1 letter changed" },
  { "nrothwind", NULL, CLEAN_PROFILE, TRUE, "1 letter changed" },               /* transposition */
  { "official_northwind", NULL, CLEAN_PROFILE, TRUE, "added “official”" },
  { "northwind2024", NULL, CLEAN_PROFILE, TRUE, "added digits “2024”" },
  { "the_real_northwind_hq", NULL, CLEAN_PROFILE, TRUE, "added “the”" },
  { "northwlnd", NULL, CLEAN_PROFILE, TRUE, "look-alike letters" },
  { "north_wind", NULL, CLEAN_PROFILE, TRUE, "added “_”" },
  { "nοrthwιnd", NULL, CLEAN_PROFILE, TRUE, "homoglyph ο→o" },                  /* Greek ο, ι */
  { "northwindhe1p", NULL, CLEAN_PROFILE, TRUE, "@NorthwindHelp" },
  { "acrne", NULL, CLEAN_PROFILE, TRUE, "homoglyph rn→m" },
  { "jane_doe", "Northwind Kettles ✔", CLEAN_PROFILE, TRUE,
    "display name 'Northwind Kettles ✔' looks like official 'Northwind Kettles' (a fake verification tick)" },
  /* not look-alikes */
  { "southwind", NULL, CLEAN_PROFILE, FALSE, NULL },
  { "northwinds_biggest_fan_club", NULL, CLEAN_PROFILE, FALSE, NULL },
  { "jane_doe", "Jane Doe", 3, 900, 2, FALSE, FALSE, FALSE, NULL },   /* a fake-looking profile, but no resemblance */
  { "acne", NULL, CLEAN_PROFILE, FALSE, NULL },                    /* short names need an exact skeleton */
  { "", NULL, CLEAN_PROFILE, FALSE, NULL },
};

static void
test_table (void)
{
  g_autoptr (VigilImpersonationDetector) d = make_detector ();

  for (guint i = 0; i < G_N_ELEMENTS (rows); i++)
    {
      const Row *r = &rows[i];
      VigilAuthorInfo author = { r->handle, r->display_name, r->followers, r->following, r->age, r->avatar, r->bio };
      g_auto (GStrv) reasons = NULL;
      double score = vigil_impersonation_detector_check (d, &author, &reasons);

      g_assert_nonnull (reasons);
      if ((score > 0) != r->flagged)
        g_error ("row %u “%s”: score %.2f (%s)", i, r->handle, score, reasons[0] ? reasons[0] : "no reason");
      if (!r->flagged)
        {
          g_assert_cmpfloat (score, ==, 0.0);
          g_assert_cmpuint (g_strv_length (reasons), ==, 0);
          continue;
        }
      g_assert_cmpfloat (score, <=, 1.0);
      g_assert_nonnull (reasons[0]);
      if (r->reason && !strstr (reasons[0], r->reason))
        g_error ("row %u “%s”: reason “%s” lacks “%s”", i, r->handle, reasons[0], r->reason);
    }
}

static void
test_profile_checks (void)
{
  g_autoptr (VigilImpersonationDetector) d = make_detector ();
  VigilAuthorInfo clean = { "n0rthwind_support", NULL, CLEAN_PROFILE };
  VigilAuthorInfo fake = { "n0rthwind_support", NULL, 15, 1200, 3, FALSE, FALSE };
  VigilAuthorInfo unknown = { "n0rthwind_support", NULL, -1, -1, -1, TRUE, TRUE };
  VigilAuthorInfo one_day = { "n0rthwind_support", NULL, CLEAN_PROFILE };
  g_auto (GStrv) clean_reasons = NULL;
  g_auto (GStrv) fake_reasons = NULL;
  g_auto (GStrv) unknown_reasons = NULL;
  g_auto (GStrv) one_day_reasons = NULL;
  double clean_score = vigil_impersonation_detector_check (d, &clean, &clean_reasons);
  double fake_score = vigil_impersonation_detector_check (d, &fake, &fake_reasons);
  double unknown_score = vigil_impersonation_detector_check (d, &unknown, &unknown_reasons);

  g_assert_cmpfloat_with_epsilon (clean_score, 0.6, 1e-9);
  g_assert_cmpuint (g_strv_length (clean_reasons), ==, 1);
  g_assert_cmpfloat_with_epsilon (unknown_score, 0.6, 1e-9);   /* unknown is not suspicious */
  g_assert_cmpfloat_with_epsilon (fake_score, 1.0, 1e-9);      /* 0.6 + 0.1 + 0.15 + 0.1 + 0.1 + 0.05 */
  g_assert_cmpuint (g_strv_length (fake_reasons), ==, 6);
  g_assert_cmpstr (fake_reasons[1], ==, "only 15 followers");
  g_assert_cmpstr (fake_reasons[2], ==, "account is 3 days old");
  g_assert_true (g_str_has_prefix (fake_reasons[3], "follows 1"));
  g_assert_nonnull (strstr (fake_reasons[3], "200 accounts but only 15 follow back"));
  g_assert_cmpstr (fake_reasons[4], ==, "no profile picture");
  g_assert_cmpstr (fake_reasons[5], ==, "no bio");

  one_day.account_age_days = 1;
  vigil_impersonation_detector_check (d, &one_day, &one_day_reasons);
  g_assert_cmpstr (one_day_reasons[1], ==, "account is 1 day old");
}

static void
test_score_order (void)
{
  /* closer imitations and more fake-profile signs score higher */
  g_autoptr (VigilImpersonationDetector) d = make_detector ();
  VigilAuthorInfo exact = { "n0rthwind", NULL, CLEAN_PROFILE };
  VigilAuthorInfo near = { "nowthwind", NULL, CLEAN_PROFILE };
  VigilAuthorInfo display = { "someone", "Northwind", CLEAN_PROFILE };

  g_assert_cmpfloat (vigil_impersonation_detector_check (d, &exact, NULL), >,
                     vigil_impersonation_detector_check (d, &near, NULL));
  g_assert_cmpfloat (vigil_impersonation_detector_check (d, &near, NULL), >,
                     vigil_impersonation_detector_check (d, &display, NULL));
  g_assert_cmpfloat (vigil_impersonation_detector_check (d, &display, NULL), >, 0);
}

static void
test_helpers (void)
{
  g_autofree char *a = vigil_impersonation_skeleton ("Ｎ0rthwіnd_");
  g_autofree char *b = vigil_impersonation_skeleton ("northwind");
  g_autofree char *c = vigil_impersonation_skeleton ("MODERN");

  g_assert_cmpstr (a, ==, b);
  g_assert_cmpstr (b, ==, "northwlnd");
  g_assert_cmpstr (c, ==, "modem");
  g_assert_cmpuint (vigil_impersonation_edit_distance ("kitten", "sitting"), ==, 3);
  g_assert_cmpuint (vigil_impersonation_edit_distance ("ab", "ba"), ==, 1);
  g_assert_cmpuint (vigil_impersonation_edit_distance ("", "abc"), ==, 3);
  g_assert_cmpuint (vigil_impersonation_edit_distance ("naïve", "naive"), ==, 1);
}

static void
test_hostile (void)
{
  g_autoptr (VigilImpersonationDetector) d = make_detector ();
  g_autofree char *long_name = g_strnfill (100000, 'n');
  VigilAuthorInfo bad = { "\xff\xfe", "\xc3", 1, 1, 1, FALSE, FALSE };
  VigilAuthorInfo huge = { long_name, long_name, 1, 1, 1, FALSE, FALSE };
  VigilAuthorInfo nulls = { NULL, NULL, -1, -1, -1, TRUE, TRUE };

  g_assert_cmpfloat (vigil_impersonation_detector_check (d, &bad, NULL), ==, 0.0);
  g_assert_cmpfloat (vigil_impersonation_detector_check (d, &huge, NULL), ==, 0.0);
  g_assert_cmpfloat (vigil_impersonation_detector_check (d, &nulls, NULL), ==, 0.0);
}

/* The detector remembers its name verdicts: asking again (in any order,
 * with other profiles) gives what a fresh detector says, and a new
 * official account is taken into account at once. */
static void
test_remembered (void)
{
  g_autoptr (VigilImpersonationDetector) d = make_detector ();
  g_autoptr (VigilImpersonationDetector) late = vigil_impersonation_detector_new ();
  VigilAuthorInfo someone = { "acmesupport", "Acme Support", CLEAN_PROFILE };

  for (guint round = 0; round < 3; round++)
    for (guint i = 0; i < G_N_ELEMENTS (rows); i++)
      {
        const Row *r = &rows[(i * 7 + round) % G_N_ELEMENTS (rows)];
        VigilAuthorInfo author = { r->handle, r->display_name, round == 1 ? 5 : r->followers, r->following,
                                   r->age, r->avatar, r->bio };
        g_autoptr (VigilImpersonationDetector) fresh = make_detector ();
        g_auto (GStrv) got = NULL, want = NULL;
        g_autofree char *got_s = NULL, *want_s = NULL;
        double got_score = vigil_impersonation_detector_check (d, &author, &got);
        double want_score = vigil_impersonation_detector_check (fresh, &author, &want);

        got_s = g_strjoinv ("|", got);
        want_s = g_strjoinv ("|", want);
        g_assert_cmpfloat (got_score, ==, want_score);
        g_assert_cmpstr (got_s, ==, want_s);
      }

  /* no official account yet: nothing to impersonate; then one is added */
  g_assert_cmpfloat (vigil_impersonation_detector_check (late, &someone, NULL), ==, 0.0);
  vigil_impersonation_detector_add_official (late, "acme_support", "Acme Support");
  g_assert_cmpfloat (vigil_impersonation_detector_check (late, &someone, NULL), >, 0.0);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/vigil/impersonation-detector/table", test_table);
  g_test_add_func ("/vigil/impersonation-detector/profile-checks", test_profile_checks);
  g_test_add_func ("/vigil/impersonation-detector/score-order", test_score_order);
  g_test_add_func ("/vigil/impersonation-detector/helpers", test_helpers);
  g_test_add_func ("/vigil/impersonation-detector/remembered", test_remembered);
  g_test_add_func ("/vigil/impersonation-detector/hostile", test_hostile);
  return g_test_run ();
}

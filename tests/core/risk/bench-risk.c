/* bench-risk.c: throughput of the risk units, in posts per second
 *
 * Prints TAP on stdout and the figures on stderr. Not a test: no timing is
 * asserted.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib.h>

#include "vigil-impersonation-detector.h"
#include "vigil-moderation-list.h"
#include "vigil-near-duplicate-index.h"
#include "vigil-risk-classifier.h"

static const char * const posts[] = {
  "Still waiting for my refund from @northwind, three weeks now https://t.example/x",
  "RT @kim: Northwind kettles are catching fire in kitchens across the country 🔥",
  "Lovely sunny afternoon in the park with the dog",
  "Your delivery driver threw my parcel over the fence and it arrived broken",
  "Mon colis n'est toujours pas livré, c'est inadmissible",
  "Is this account official? It's asking me to verify your account details",
  "Their CEO should resign after that disgraceful interview #BoycottNorthwind",
  "Great coffee at the new place on Main Street, highly recommend",
  "Der Wasserkocher ist kaputt und der Kundenservice antwortet nicht",
  "GIVEAWAY! Like and share to win a Northwind kettle, T&Cs apply",
};

static void
report (const char *what,
        guint       n,
        gint64      elapsed_us)
{
  g_printerr ("%-24s %9.0f posts/s (%u posts, %.1f ms)\n", what,
              n / (MAX (elapsed_us, 1) / 1e6), n, elapsed_us / 1e3);
}

int
main (int   argc,
      char *argv[])
{
  guint n = argc > 1 ? (guint) g_ascii_strtoull (argv[1], NULL, 10) : 200000;
  g_autoptr (GError) error = NULL;
  g_autoptr (VigilRiskClassifier) classifier = vigil_risk_classifier_new (NULL, &error);
  g_autoptr (VigilModerationList) moderation = vigil_moderation_list_new_default ();
  g_autoptr (VigilNearDuplicateIndex) index = vigil_near_duplicate_index_new (3);
  g_autoptr (VigilImpersonationDetector) impersonation = vigil_impersonation_detector_new ();
  guint matched = 0;
  gint64 t;

  g_print ("1..1\n");
  if (error)
    {
      g_print ("not ok 1 - %s\n", error->message);
      return 1;
    }
  n = MAX (n, 1);

  t = g_get_monotonic_time ();
  for (guint i = 0; i < n; i++)
    {
      g_auto (GStrv) ids = vigil_risk_classifier_match (classifier, posts[i % G_N_ELEMENTS (posts)], NULL);
      matched += ids[0] != NULL;
    }
  report ("risk categories", n, g_get_monotonic_time () - t);

  t = g_get_monotonic_time ();
  for (guint i = 0; i < n; i++)
    {
      g_auto (GStrv) found = vigil_moderation_list_match (moderation, posts[i % G_N_ELEMENTS (posts)]);
      matched += found != NULL;
    }
  report ("moderation words", n, g_get_monotonic_time () - t);

  t = g_get_monotonic_time ();
  for (guint i = 0; i < n; i++)
    vigil_near_duplicate_index_add (index, i, posts[i % G_N_ELEMENTS (posts)], NULL);
  report ("near-duplicates", n, g_get_monotonic_time () - t);

  vigil_impersonation_detector_add_official (impersonation, "@northwind", "Northwind Kettles");
  vigil_impersonation_detector_add_official (impersonation, "@northwindhelp", "Northwind Help");
  t = g_get_monotonic_time ();
  for (guint i = 0; i < n / 10; i++)
    {
      VigilAuthorInfo author = { i % 2 ? "n0rthwind_support" : "jane_doe_1984", "Jane", 10, 10, 10, TRUE, TRUE };
      matched += vigil_impersonation_detector_check (impersonation, &author, NULL) > 0;
    }
  report ("impersonation", n / 10, g_get_monotonic_time () - t);

  g_print ("ok 1 - risk throughput (%u matches)\n", matched);
  return 0;
}

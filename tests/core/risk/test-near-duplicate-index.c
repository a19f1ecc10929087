/* test-near-duplicate-index.c: grouping copies of the same text
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib.h>

#include "vigil-near-duplicate-index.h"

typedef struct { guint64 state; } Prng;

static guint64
prng_next (Prng *p)
{
  guint64 z = (p->state += 0x9e3779b97f4a7c15ULL);

  z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
  z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
  return z ^ (z >> 31);
}

static const char *base_text =
  "Northwind kettles are catching fire in kitchens across the country and the company says nothing";

/* One copy with the variations a storm has: RT/QT/via prefixes, mentions,
 * trailing URLs, emoji, hashtags and numbers, case and punctuation. */
static char *
storm_copy (Prng *p,
            guint i)
{
  static const char * const prefixes[] = { "", "RT @angry_dan: ", "RT @kim: ", "via @news ", "QT ", "@northwind ", "🔥 " };
  static const char * const suffixes[] = { "", " https://t.example/abc", " 🔥🔥", " #northwind", "!!!",
                                           " http://x.example/q?i=1 😡", " #kettlegate #fail", " 😡😡😡 www.example.org/x" };
  guint64 r = prng_next (p);
  GString *s = g_string_new (prefixes[r % G_N_ELEMENTS (prefixes)]);

  switch ((r >> 8) % 4)
    {
    case 0:
      {
        g_autofree char *upper = g_utf8_strup (base_text, -1);
        g_string_append (s, upper);
      }
      break;
    case 1:
      g_string_append (s, base_text);
      g_string_replace (s, " are ", ", are ", 1);
      g_string_replace (s, "nothing", "nothing...", 1);
      break;
    case 2:
      g_string_append (s, base_text);
      g_string_replace (s, "kettles", "kettles 🔥", 1);
      break;
    default:
      g_string_append (s, base_text);
      break;
    }
  g_string_append (s, suffixes[(r >> 16) % G_N_ELEMENTS (suffixes)]);
  if ((r >> 24) % 5 == 0)
    g_string_append_printf (s, " %u", i);   /* a counter to dodge exact-match filters */
  return g_string_free (s, FALSE);
}

static void
test_storm (void)
{
  g_autoptr (VigilNearDuplicateIndex) index = vigil_near_duplicate_index_new (3);
  Prng p = { 99 };
  gint64 group = -1;
  guint size = 0;

  for (guint i = 0; i < 5000; i++)
    {
      g_autofree char *text = storm_copy (&p, i);
      gint64 g = vigil_near_duplicate_index_add (index, 1000 + i, text, &size);

      if (i == 0)
        group = g;
      if (g != group)
        g_error ("copy %u “%s” went to group %" G_GINT64_FORMAT, i, text, g);
    }
  g_assert_cmpint (group, ==, 1000);
  g_assert_cmpuint (size, ==, 5000);
  g_assert_cmpuint (vigil_near_duplicate_index_get_group_size (index, 1000), ==, 5000);
  g_assert_cmpuint (vigil_near_duplicate_index_get_n_groups (index), ==, 1);
}

static void
test_distinct (void)
{
  static const char * const texts[] = {
    "Northwind kettles are catching fire in kitchens across the country",
    "My Northwind kettle arrived two weeks late and the lid was cracked",
    "Does anyone know if Northwind ships to Ireland before Christmas",
    "The new Northwind advert with the dancing teapot is brilliant",
    "Northwind customer service hung up on me twice this morning",
    "Kitchens across the country love the quiet boil of the Northwind kettle",
    "Is the Northwind recall only for the KX200 model or the KX300 too",
    "Fire brigade warns about cheap kettles catching fire in kitchens",
    "refund",
    "refund please",
    "",
    "🔥🔥🔥",
  };
  g_autoptr (VigilNearDuplicateIndex) index = vigil_near_duplicate_index_new (3);

  for (guint i = 0; i < G_N_ELEMENTS (texts); i++)
    {
      guint size = 0;
      gint64 g = vigil_near_duplicate_index_add (index, i + 1, texts[i], &size);

      g_assert_cmpint (g, ==, i + 1);
      g_assert_cmpuint (size, ==, 1);
    }
  g_assert_cmpuint (vigil_near_duplicate_index_get_n_groups (index), ==, G_N_ELEMENTS (texts));
}

static void
test_exact_normalisation (void)
{
  g_autoptr (VigilNearDuplicateIndex) index = vigil_near_duplicate_index_new (0);
  guint size = 0;

  g_assert_cmpint (vigil_near_duplicate_index_add (index, 1, "Refund please", &size), ==, 1);
  /* short texts group by exact normalised text, even with max_hamming 0 */
  g_assert_cmpint (vigil_near_duplicate_index_add (index, 2, "RT @bob: REFUND, please!! https://x.example", &size), ==, 1);
  g_assert_cmpuint (size, ==, 2);
  g_assert_cmpint (vigil_near_duplicate_index_add (index, 3, "Refund, please? 🙏", &size), ==, 1);
  g_assert_cmpuint (size, ==, 3);
  g_assert_cmpuint (vigil_near_duplicate_text_hash ("Crème brûlée"), ==, vigil_near_duplicate_text_hash ("CREME BRULEE"));
  g_assert_cmpuint (vigil_near_duplicate_text_hash ("🔥"), ==, 0);
}

static const char *long_text =
  "Northwind kettles are catching fire in kitchens across the country and the company says nothing. "
  "We have written to them three times and nobody answers, our local fire brigade says this model has "
  "a known fault with the thermostat and the switch melts after a few weeks of normal use";

static void
test_simhash_edit (void)
{
  /* a long post with one word changed is a near copy (SimHash), a short
   * one is not (see the header) */
  g_autoptr (VigilNearDuplicateIndex) index = vigil_near_duplicate_index_new (3);
  g_autoptr (GString) edited = g_string_new (long_text);
  g_autoptr (GString) other = g_string_new (long_text);
  guint size = 0;

  g_string_replace (edited, "three times", "four times", 1);
  g_string_replace (other, "thermostat and the switch melts after a few weeks of normal use",
                    "handle and the lid flies open when it boils, which burnt my daughter", 1);
  g_assert_cmpint (vigil_near_duplicate_index_add (index, 1, long_text, &size), ==, 1);
  g_assert_cmpint (vigil_near_duplicate_index_add (index, 2, edited->str, &size), ==, 1);
  g_assert_cmpuint (size, ==, 2);
  g_assert_cmpint (vigil_near_duplicate_index_add (index, 3, other->str, &size), ==, 3);
  g_assert_cmpuint (size, ==, 1);
}

static void
test_simhash (void)
{
  guint64 a = vigil_simhash ("Northwind kettles are catching fire in kitchens across the country and the company says nothing");
  guint64 b = vigil_simhash ("RT @x: northwind kettles are catching fire in kitchens across the country and the company says nothing at all");
  guint64 c = vigil_simhash ("Lovely weather for a picnic by the river with friends and a flask of tea this afternoon");

  g_assert_cmpuint (__builtin_popcountll (a ^ b), <=, 12);
  g_assert_cmpuint (__builtin_popcountll (a ^ c), >, 12);
  g_assert_cmpuint (vigil_simhash (""), ==, 0);
  g_assert_cmpuint (a, ==, vigil_simhash ("NORTHWIND kettles are catching fire in kitchens across the country and the company says nothing!"));
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/vigil/near-duplicate-index/storm", test_storm);
  g_test_add_func ("/vigil/near-duplicate-index/distinct", test_distinct);
  g_test_add_func ("/vigil/near-duplicate-index/exact-normalisation", test_exact_normalisation);
  g_test_add_func ("/vigil/near-duplicate-index/simhash", test_simhash);
  g_test_add_func ("/vigil/near-duplicate-index/simhash-edit", test_simhash_edit);
  return g_test_run ();
}

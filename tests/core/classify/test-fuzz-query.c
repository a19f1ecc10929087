/* test-fuzz-query.c: runs the query fuzz target over deterministic inputs
 *
 * Random bytes, random tokens of the query language, and mutations of
 * valid queries, from a fixed seed, so CI exercises the parser's error
 * paths without a fuzzing engine. Bounded: a few thousand inputs.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>
#include <glib.h>

#include "fuzz-query.h"

static const char * const corpus[] = {
  "refund OR chargeback",
  "(late OR slow) AND deliver* NOT author:acme",
  "\"late delivery\"~5 lang:en followers:>1000",
  "a NEAR/3 \"b c\" NEAR d",
  "#boycott @acme 🔥 tag:recall* platform:mastodon",
  "NOT (a OR (b AND (c OR NOT d)))",
  "crème brûlée author:\"Acme Support\" followers:<=10k",
};

static const char * const pieces[] = {
  "(", ")", "\"", " ", "AND", "OR", "NOT", "NEAR", "NEAR/", "/", "~", "*", ":",
  "author:", "lang:", "tag:", "followers:", ">", "<=", "=", "#", "@", "a", "é", "🔥",
  "5", "99999999999999999999", "\xff", "\xc3", "\n", "ß", "\u0301", "\t",
  "-", "+", "-(", "\u201C", "\u201D", "\u201E",
};

static void
run (const char *data,
     gsize       len)
{
  g_assert_cmpint (LLVMFuzzerTestOneInput ((const guint8 *) data, len), ==, 0);
}

static void
test_random_bytes (void)
{
  g_autoptr(GRand) rand = g_rand_new_with_seed (4242);
  guint8 buf[256];

  for (guint i = 0; i < 1500; i++)
    {
      guint len = g_rand_int_range (rand, 1, sizeof buf);

      for (guint j = 0; j < len; j++)
        buf[j] = (guint8) g_rand_int_range (rand, 0, 256);
      run ((const char *) buf, len);
    }
}

static void
test_random_tokens (void)
{
  g_autoptr(GRand) rand = g_rand_new_with_seed (7);
  g_autoptr(GString) s = g_string_new (NULL);

  for (guint i = 0; i < 2000; i++)
    {
      guint n = g_rand_int_range (rand, 1, 24);

      g_string_assign (s, i % 2 ? "\001" : "\002");
      for (guint j = 0; j < n; j++)
        g_string_append (s, pieces[g_rand_int_range (rand, 0, G_N_ELEMENTS (pieces))]);
      g_string_append (s, "\na b c late delivery refund #boycott @acme 🔥 author");
      run (s->str, s->len);
    }
}

static void
test_mutations (void)
{
  g_autoptr(GRand) rand = g_rand_new_with_seed (99);
  g_autoptr(GString) s = g_string_new (NULL);

  for (guint i = 0; i < 2000; i++)
    {
      guint edits = g_rand_int_range (rand, 1, 4);

      g_string_assign (s, "\001");
      g_string_append (s, corpus[i % G_N_ELEMENTS (corpus)]);
      for (guint e = 0; e < edits; e++)
        {
          guint at = g_rand_int_range (rand, 1, s->len + 1);
          const char *piece = pieces[g_rand_int_range (rand, 0, G_N_ELEMENTS (pieces))];

          switch (g_rand_int_range (rand, 0, 3))
            {
            case 0:
              g_string_insert (s, at, piece);
              break;
            case 1:
              if (at < s->len)
                g_string_erase (s, at, 1);
              break;
            default:
              if (at < s->len)
                s->str[at] = piece[0] ? piece[0] : 'x';
              break;
            }
        }
      g_string_append (s, "\nlate and slow delivery, refund please #boycott @acme 🔥 crème");
      run (s->str, s->len);
    }
}

static void
test_deep_and_long (void)
{
  g_autoptr(GString) s = g_string_new ("\001");

  for (guint i = 0; i < 20000; i++)
    g_string_append (s, "((NOT ");
  run (s->str, s->len);
  g_string_assign (s, "\001");
  for (guint i = 0; i < 3000; i++)
    g_string_append (s, "a NEAR/1000 ");
  g_string_append (s, "b\n");
  for (guint i = 0; i < 3000; i++)
    g_string_append (s, "a b ");
  run (s->str, s->len);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/vigil/fuzz-query/random-bytes", test_random_bytes);
  g_test_add_func ("/vigil/fuzz-query/random-tokens", test_random_tokens);
  g_test_add_func ("/vigil/fuzz-query/mutations", test_mutations);
  g_test_add_func ("/vigil/fuzz-query/deep-and-long", test_deep_and_long);
  return g_test_run ();
}

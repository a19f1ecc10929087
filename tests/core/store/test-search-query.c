/* test-search-query.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include "vigil-search-query.h"

static void
check (const char *input,
       const char *expected)
{
  g_autofree char *fts = vigil_search_query_to_fts (input);

  g_test_message ("%s → %s", input ? input : "(null)", fts ? fts : "(null)");
  g_assert_cmpstr (fts, ==, expected);
}

static void
test_words (void)
{
  check ("hello", "\"hello\"");
  check ("hello world", "\"hello\" AND \"world\"");
  check ("  hello\t\nworld  ", "\"hello\" AND \"world\"");
  check ("résumé", "\"résumé\"");
  check ("it's", "\"it's\"");
}

static void
test_prefix (void)
{
  check ("resu*", "\"resu\"*");
  check ("resu** x", "\"resu\"* AND \"x\"");
  check ("*", NULL);
  check ("\"acme corp\"*", "\"acme corp\"*");
}

static void
test_operators (void)
{
  check ("apple OR banana", "\"apple\" OR \"banana\"");
  check ("apple AND banana", "\"apple\" AND \"banana\"");
  check ("fruit NOT apple", "\"fruit\" NOT \"apple\"");
  check ("fruit AND NOT apple", "\"fruit\" NOT \"apple\"");
  check ("fruit -apple", "\"fruit\" NOT \"apple\"");
  check ("+fruit", "\"fruit\"");
  /* lower-case words are words */
  check ("this or that", "\"this\" AND \"or\" AND \"that\"");
  /* operators with nothing to join are dropped */
  check ("OR", NULL);
  check ("AND OR NOT", NULL);
  check ("OR apple", "\"apple\"");
  check ("apple OR", "\"apple\"");
  check ("apple OR OR banana", "\"apple\" OR \"banana\"");
  check ("apple AND OR banana", "\"apple\" OR \"banana\"");
  /* a leading NOT can't be expressed: the excluded word is dropped, never searched */
  check ("NOT spam", NULL);
  check ("-spam eggs", "\"eggs\"");
  check ("NOT spam eggs", "\"eggs\"");
}

static void
test_phrases (void)
{
  check ("\"exact phrase\"", "\"exact phrase\"");
  check ("say \"hello there\" now", "\"say\" AND \"hello there\" AND \"now\"");
  check ("unbalanced \"quote here", "\"unbalanced\" AND \"quote here\"");
  check ("foo\"bar", "\"foo\" AND \"bar\"");
  check ("\"\"", NULL);
  check ("\"OR\"", "\"OR\"");
}

static void
test_hostile (void)
{
  /* FTS5 syntax is quoted away */
  check ("text:secret", "\"text:secret\"");
  check ("NEAR(a b)", "\"NEAR(a\" AND \"b)\"");
  check ("(a OR b", "\"(a\" OR \"b\"");
  check ("^start", "\"^start\"");
  check ("{author text}: x", "\"{author\" AND \"text}:\" AND \"x\"");

  /* nothing searchable */
  check (NULL, NULL);
  check ("", NULL);
  check ("   ", NULL);
  check ("()", NULL);
  check ("!!! ??? ---", NULL);
  check ("\"", NULL);

  /* invalid UTF-8 is repaired, not passed on */
  {
    g_autofree char *fts = vigil_search_query_to_fts ("caf\xc3 ok");
    g_assert_nonnull (fts);
    g_assert_true (g_utf8_validate (fts, -1, NULL));
  }

  /* bounded: a huge query keeps at most 64 terms */
  {
    g_autoptr(GString) big = g_string_new (NULL);
    g_autofree char *fts = NULL;
    guint n_and = 0;

    for (guint i = 0; i < 100000; i++)
      g_string_append (big, "word ");
    fts = vigil_search_query_to_fts (big->str);
    for (const char *p = fts; (p = strstr (p, " AND ")) != NULL; p++)
      n_and++;
    g_assert_cmpuint (n_and, ==, 63);
  }
}

static void
test_boxed (void)
{
  g_autoptr(VigilSearchQuery) query = vigil_search_query_new ();
  g_autoptr(VigilSearchQuery) copy = NULL;
  g_autoptr(GDateTime) since = g_date_time_new_utc (2026, 1, 1, 0, 0, 0);

  g_assert_true (vigil_search_query_is_empty (NULL));
  g_assert_true (vigil_search_query_is_empty (query));
  query->text = g_strdup ("()");
  query->limit = 10;
  query->by_arrival = TRUE;
  g_assert_true (vigil_search_query_is_empty (query));

  g_free (query->text);
  query->text = g_strdup ("acme");
  g_assert_false (vigil_search_query_is_empty (query));
  query->author = g_strdup ("alice");
  query->since = g_date_time_ref (since);
  query->platform = VIGIL_PLATFORM_BLUESKY;

  copy = g_boxed_copy (VIGIL_TYPE_SEARCH_QUERY, query);
  g_assert_true (copy != query);
  g_assert_cmpstr (copy->text, ==, "acme");
  g_assert_true (copy->text != query->text);
  g_assert_cmpstr (copy->author, ==, "alice");
  g_assert_true (copy->since == since);
  g_assert_cmpint (copy->platform, ==, VIGIL_PLATFORM_BLUESKY);
  g_assert_cmpuint (copy->limit, ==, 10);
  g_assert_true (copy->by_arrival);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/vigil/search-query/words", test_words);
  g_test_add_func ("/vigil/search-query/prefix", test_prefix);
  g_test_add_func ("/vigil/search-query/operators", test_operators);
  g_test_add_func ("/vigil/search-query/phrases", test_phrases);
  g_test_add_func ("/vigil/search-query/hostile", test_hostile);
  g_test_add_func ("/vigil/search-query/boxed", test_boxed);

  return g_test_run ();
}

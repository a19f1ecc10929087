/* test-query.c: the monitoring query language, by table
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>
#include <glib/gstdio.h>

#include "vigil-query.h"
#include "vigil-text-fold.h"
#include "vigil-watch-list.h"

typedef struct
{
  const char *query;
  const char *text;
  gboolean    expected;
} Row;

/* text-only rows: query, post text, does it match? */
static const Row rows[] = {
  /* words, case and accents */
  { "refund", "I want a REFUND now", TRUE },
  { "refund", "I want my money back", FALSE },
  { "creme brulee", "Crème Brûlée was cold", TRUE },
  { "CRÈME", "creme", TRUE },
  { "strasse", "Hauptstraße 5", FALSE },          /* one word: hauptstrasse */
  { "strasse", "Große Straße", TRUE },             /* ß folds to ss */
  { "fine", "ﬁne print", TRUE },                   /* NFKD ligature */
  { "ｆｕｌｌ", "full width", TRUE },               /* fullwidth letters */
  /* implicit and explicit AND, OR, NOT */
  { "late delivery", "delivery was late", TRUE },
  { "late AND delivery", "late again", FALSE },
  { "refund OR chargeback", "I filed a chargeback", TRUE },
  { "refund OR chargeback", "I filed a complaint", FALSE },
  { "delivery NOT late", "delivery on time", TRUE },
  { "delivery NOT late", "late delivery", FALSE },
  { "NOT spam", "hello world", TRUE },
  { "NOT NOT spam", "buy spam", TRUE },
  { "(refund OR return) AND broken", "return it, it is broken", TRUE },
  { "(refund OR return) AND broken", "broken screen", FALSE },
  { "a OR b c", "c only", FALSE },                 /* a OR (b AND c) */
  { "a OR b c", "a only", TRUE },
  /* lower-case operators are words */
  { "not good", "this is not good", TRUE },
  { "not good", "this is good", FALSE },
  /* phrases */
  { "\"late delivery\"", "a late delivery again", TRUE },
  { "\"late delivery\"", "delivery late", FALSE },
  { "\"late delivery\"", "late, delivery", TRUE },  /* punctuation is not a word */
  { "e-mail", "send an e mail", TRUE },            /* split into a phrase */
  /* proximity */
  { "\"late delivery\"~3", "the delivery was very late", TRUE },
  { "\"late delivery\"~2", "the delivery was very late", FALSE },
  { "late NEAR/3 delivery", "late and slow delivery", TRUE },
  { "late NEAR/1 delivery", "late and slow delivery", FALSE },
  { "late NEAR delivery", "late, as usual, for my delivery", TRUE },   /* NEAR = 5 */
  { "\"very late\" NEAR/2 parcel", "very late with the parcel", FALSE },
  { "\"very late\" NEAR/3 parcel", "very late with the parcel", TRUE },
  { "a NEAR/1 b NEAR/1 c", "a b c", TRUE },
  { "a NEAR/1 b NEAR/1 c", "a b x x c", FALSE },
  /* wildcards */
  { "refund*", "refunded twice", TRUE },
  { "refund*", "refun", FALSE },
  { "#boycott*", "join #BoycottAcme", TRUE },
  /* hashtags, mentions, emoji */
  { "#boycott", "we #Boycott them", TRUE },
  { "#boycott", "we boycott them", FALSE },
  { "boycott", "we #boycott them", TRUE },          /* a word matches a tag's body */
  { "@acme", "hey @Acme fix this", TRUE },
  { "@acme", "hey acme", FALSE },
  { "🔥", "this is 🔥🔥", TRUE },
  { "🔥", "this is fire", FALSE },
  { "🔥 acme", "acme🔥", TRUE },                     /* emoji split from words */
  { "👍", "ok 👍🏽", TRUE },                          /* skin tone dropped */
  { "🇫🇷", "vive la 🇫🇷", TRUE },
  /* apostrophes */
  { "don't", "I don’t care", TRUE },
  /* web-search habits: -word, -(group), +word, curly quotes */
  { "delivery -late", "late delivery", FALSE },
  { "delivery -late", "delivery today", TRUE },
  { "-(spam OR promo) deal", "a promo deal", FALSE },
  { "+refund", "refund now", TRUE },
  { "\u201Clate delivery\u201D", "a late delivery", TRUE },
  { "\u201Clate delivery\u201D~3", "delivery was late", TRUE },
  /* CJK: one token per character, so words are phrases */
  { "退款", "我要退款", TRUE },
};

static void
test_table (void)
{
  guint n_match = 0;

  g_assert_cmpuint (G_N_ELEMENTS (rows), >=, 30);
  for (guint i = 0; i < G_N_ELEMENTS (rows); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(VigilQuery) q = vigil_query_new (rows[i].query, 0, &error);
      VigilQueryPost post = { .text = rows[i].text, .followers = -1 };

      if (!q)
        g_error ("row %u: %s: %s", i, rows[i].query, error->message);
      if (vigil_query_match (q, &post) != rows[i].expected)
        g_error ("row %u: query %s on \"%s\": expected %s", i, rows[i].query, rows[i].text,
                 rows[i].expected ? "a match" : "no match");
      n_match += rows[i].expected;
    }
  /* the table is not one-sided */
  g_assert_cmpuint (n_match, >, 10);
  g_assert_cmpuint (n_match, <, G_N_ELEMENTS (rows) - 10);
}

static gboolean
match_post (const char           *query,
            const VigilQueryPost *post)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(VigilQuery) q = vigil_query_new (query, 0, &error);

  g_assert_no_error (error);
  return vigil_query_match (q, post);
}

static void
test_fields (void)
{
  const char *tags[] = { "Recall", "#safety", NULL };
  VigilQueryPost post = {
    .text = "The kettle leaks #refund",
    .author = "@AcmeFan@mastodon.social",
    .author_name = "Acme Fan",
    .lang = "en-GB",
    .platform = "mastodon",
    .tags = tags,
    .followers = 1500,
  };
  VigilQueryPost unknown = { .text = "kettle", .followers = -1 };

  g_assert_true (match_post ("author:acmefan", &post));
  g_assert_true (match_post ("author:@acmefan@mastodon.social", &post));
  g_assert_true (match_post ("author:\"acme fan\"", &post));
  g_assert_true (match_post ("author:acme*", &post));
  g_assert_false (match_post ("author:acme", &post));
  g_assert_true (match_post ("lang:en", &post));
  g_assert_true (match_post ("lang:en-gb", &post));
  g_assert_false (match_post ("lang:fr", &post));
  g_assert_false (match_post ("lang:e", &post));
  g_assert_true (match_post ("platform:Mastodon", &post));
  g_assert_false (match_post ("platform:bluesky", &post));
  g_assert_true (match_post ("tag:recall", &post));
  g_assert_true (match_post ("tag:#safety", &post));
  g_assert_true (match_post ("tag:refund", &post));           /* a hashtag in the text */
  g_assert_true (match_post ("tag:saf*", &post));
  g_assert_false (match_post ("tag:kettle", &post));
  g_assert_true (match_post ("followers:>1000", &post));
  g_assert_true (match_post ("followers:>=1500", &post));
  g_assert_false (match_post ("followers:>1500", &post));
  g_assert_true (match_post ("followers:<2k", &post));
  g_assert_true (match_post ("followers:=1500", &post));
  g_assert_true (match_post ("followers:1500", &post));
  g_assert_false (match_post ("followers:<=1499", &post));
  g_assert_true (match_post ("kettle lang:en followers:>1000 NOT author:competitor", &post));
  /* unknown values never match a field, in either direction */
  g_assert_false (match_post ("followers:>=0", &unknown));
  g_assert_false (match_post ("lang:en", &unknown));
  g_assert_true (match_post ("NOT lang:en", &unknown));
}

static void
test_stemming (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(VigilQuery) plain = vigil_query_new ("refund", 0, &error);
  g_autoptr(VigilQuery) stem = vigil_query_new ("refund", VIGIL_QUERY_STEM, &error);
  g_autoptr(VigilQuery) fr = vigil_query_new ("livraison", VIGIL_QUERY_STEM, &error);
  VigilQueryPost en = { .text = "They refunded me twice", .followers = -1 };
  VigilQueryPost en_tag = { .text = "#refunding now", .followers = -1 };
  VigilQueryPost fr_post = { .text = "Les livraisons sont en retard", .lang = "fr", .followers = -1 };
  VigilQueryPost fr_as_en = { .text = "Les livraisons sont en retard", .lang = "en", .followers = -1 };

  g_assert_no_error (error);
  g_assert_false (vigil_query_match (plain, &en));
  g_assert_true (vigil_query_match (stem, &en));
  g_assert_true (vigil_query_match (stem, &en_tag));
  g_assert_true (vigil_query_match (fr, &fr_post));
  /* with the English stemmer "livraisons" → "livraison", which also
   * matches; the point is that the French one is used for French: */
  g_assert_true (vigil_query_match (fr, &fr_as_en));
}

typedef struct
{
  const char *query;
  guint       position;
  const char *message;   /* a part of the message */
} ErrorRow;

static const ErrorRow error_rows[] = {
  { "", 1, "empty" },
  { "   ", 4, "empty" },
  { "(refund", 8, "expected ')' to close '(' opened at 1" },
  { "late (refund OR return", 23, "expected ')' to close '(' opened at 6" },
  { "refund)", 7, "unexpected ')'" },
  { "refund AND", 11, "after 'AND' at 8" },
  { "OR refund", 1, "'OR' needs a word" },
  { "a OR OR b", 6, "after 'OR' at 3, found 'OR'" },
  { "NOT", 4, "after 'NOT' at 1" },
  { "()", 1, "empty parentheses" },
  { "\"late delivery", 15, "unterminated quote opened at 1" },
  { "\"late delivery\"~", 17, "expected a distance" },
  { "\"late delivery\"~x", 17, "expected a distance" },
  { "\"\"", 1, "nothing to search for" },
  { "late NEAR/x delivery", 11, "expected a distance" },
  { "(a OR b) NEAR/3 c", 10, "NEAR needs a word or phrase" },
  { "a NEAR/3 (b OR c)", 10, "NEAR needs a word or phrase" },
  { "re*fund", 3, "may only end a word" },
  { "*", 1, "at least one letter" },
  { "!!!", 1, "nothing to search for" },
  { "colour:red", 1, "unknown field 'colour:'" },
  { "author:", 8, "expected a value after 'author:'" },
  { "followers:>lots", 12, "expected a whole number" },
  { "followers:", 11, "expected a value" },
  { "tag:*", 5, "at least one letter" },
  { "émoji (", 8, "expected ')' to close '(' opened at 7" },   /* positions count characters */
  { "\"a\"b", 4, "space after the closing quote" },
  { "late~5", 5, "'~' goes after a quoted phrase" },
  { "\u201Copen", 6, "unterminated quote opened at 1" },
};

static void
test_errors (void)
{
  for (guint i = 0; i < G_N_ELEMENTS (error_rows); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autofree char *prefix = g_strdup_printf ("%u: ", error_rows[i].position);
      guint pos = 0;
      VigilQuery *q = vigil_query_new_full (error_rows[i].query, 0, &pos, &error);

      if (q)
        g_error ("row %u: '%s' compiled", i, error_rows[i].query);
      g_assert_nonnull (error);
      g_assert_true (error->domain == VIGIL_QUERY_ERROR);
      if (pos != error_rows[i].position || !g_str_has_prefix (error->message, prefix)
          || !strstr (error->message, error_rows[i].message))
        g_error ("row %u: '%s': got %u \"%s\", expected %u \"…%s…\"", i, error_rows[i].query,
                 pos, error->message, error_rows[i].position, error_rows[i].message);
    }
}

static void
test_limits (void)
{
  g_autoptr(GString) deep = g_string_new (NULL);
  g_autoptr(GString) nots = g_string_new (NULL);
  g_autoptr(GString) longq = g_string_new (NULL);
  g_autoptr(GError) error = NULL;
  VigilQuery *q;

  for (guint i = 0; i < 100; i++)
    g_string_append_c (deep, '(');
  g_string_append (deep, "a");
  for (guint i = 0; i < 100; i++)
    g_string_append_c (deep, ')');
  q = vigil_query_new (deep->str, 0, &error);
  g_assert_null (q);
  g_assert_error (error, VIGIL_QUERY_ERROR, VIGIL_QUERY_ERROR_TOO_DEEP);
  g_clear_error (&error);

  for (guint i = 0; i < 100; i++)
    g_string_append (nots, "NOT ");
  g_string_append (nots, "a");
  q = vigil_query_new (nots->str, 0, &error);
  g_assert_null (q);
  g_assert_error (error, VIGIL_QUERY_ERROR, VIGIL_QUERY_ERROR_TOO_DEEP);
  g_clear_error (&error);

  while (longq->len <= VIGIL_QUERY_MAX_BYTES)
    g_string_append (longq, "word ");
  q = vigil_query_new (longq->str, 0, &error);
  g_assert_null (q);
  g_assert_error (error, VIGIL_QUERY_ERROR, VIGIL_QUERY_ERROR_TOO_LONG);
  g_clear_error (&error);

  q = vigil_query_new ("good \xff bad", 0, &error);
  g_assert_null (q);
  g_assert_error (error, VIGIL_QUERY_ERROR, VIGIL_QUERY_ERROR_SYNTAX);
  g_assert_true (g_str_has_prefix (error->message, "6: "));
}

static void
test_tokenizer (void)
{
  VigilTokenList list;
  static const char * const expected[] = {
    "creme", "brulee", "#boycott", "@acme@example.org", "don't", "🔥", "🇫🇷", "2024", "x_y", NULL
  };

  vigil_token_list_init (&list);
  vigil_tokenize ("Crème BRÛLÉE! #Boycott @Acme@example.org. Don’t 🔥🏽 🇫🇷 2024 x_y", -1, &list);
  g_assert_cmpuint (list.tokens->len, ==, g_strv_length ((char **) expected));
  for (guint i = 0; expected[i]; i++)
    g_assert_cmpstr (vigil_token_list_get (&list, i), ==, expected[i]);
  g_assert_cmpint (g_array_index (list.tokens, VigilToken, 2).kind, ==, VIGIL_TOKEN_HASHTAG);
  g_assert_cmpint (g_array_index (list.tokens, VigilToken, 5).kind, ==, VIGIL_TOKEN_EMOJI);
  vigil_token_list_clear (&list);
}

static void
test_big_post (void)
{
  g_autoptr(GString) text = g_string_new (NULL);
  VigilQueryPost post = { .followers = -1 };

  /* 100,000 of each far apart: a quadratic NEAR would not finish */
  for (guint i = 0; i < 100000; i++)
    g_string_append (text, "a ");
  for (guint i = 0; i < 10; i++)
    g_string_append (text, "gap ");
  for (guint i = 0; i < 100000; i++)
    g_string_append (text, "b ");
  post.text = text->str;
  g_assert_false (match_post ("a NEAR/5 b", &post));
  g_assert_true (match_post ("a NEAR/11 b", &post));
  g_assert_false (match_post ("\"a b\"~5", &post));
  g_assert_true (match_post ("\"a gap b\"~11", &post));
  g_assert_true (match_post ("\"gap b\"", &post));
}

static gpointer
thread_func (gpointer data)
{
  VigilQuery *q = data;
  VigilQueryPost yes = { .text = "late, as usual, for my #delivery", .followers = 5 };
  VigilQueryPost no = { .text = "on time", .followers = 5 };
  guint bad = 0;

  for (guint i = 0; i < 3000; i++)
    bad += !vigil_query_match (q, &yes) + vigil_query_match (q, &no);
  return GUINT_TO_POINTER (bad);
}

static void
test_threads (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(VigilQuery) q = vigil_query_new ("late NEAR/5 deliver* OR \"very late\"~2", VIGIL_QUERY_STEM, &error);
  GThread *threads[4];

  g_assert_no_error (error);
  for (guint i = 0; i < G_N_ELEMENTS (threads); i++)
    threads[i] = g_thread_new ("match", thread_func, q);
  for (guint i = 0; i < G_N_ELEMENTS (threads); i++)
    g_assert_cmpuint (GPOINTER_TO_UINT (g_thread_join (threads[i])), ==, 0);
}

static void
test_watch_list (void)
{
  g_autofree char *dir = g_dir_make_tmp ("vigil-watch-XXXXXX", NULL);
  g_autofree char *path = g_build_filename (dir, "sub", "watches.json", NULL);
  g_autofree char *bad_path = g_build_filename (dir, "bad.json", NULL);
  g_autoptr(VigilWatchList) list = vigil_watch_list_new ();
  g_autoptr(VigilWatchList) loaded = NULL;
  g_autoptr(VigilWatch) w1 = NULL;
  g_autoptr(VigilWatch) w2 = NULL;
  g_autoptr(VigilWatch) dup = NULL;
  g_autoptr(GError) error = NULL;
  VigilQueryPost post = { .text = "They refunded me", .followers = -1 };

  w1 = vigil_watch_new ("Refunds", "refund* OR chargeback", "#E01B24", FALSE, &error);
  g_assert_no_error (error);
  w2 = vigil_watch_new (" Boycott \"quoted\" ", "#boycott OR boycott", NULL, TRUE, &error);
  g_assert_no_error (error);
  g_assert_true (vigil_watch_list_add (list, w1, &error));
  g_assert_true (vigil_watch_list_add (list, w2, &error));
  dup = vigil_watch_new ("Refunds", "x", NULL, FALSE, &error);
  g_assert_false (vigil_watch_list_add (list, dup, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_EXISTS);
  g_clear_error (&error);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (list)), ==, 2);

  /* bad watches say what is wrong */
  g_assert_null (vigil_watch_new ("x", "(a", NULL, FALSE, &error));
  g_assert_error (error, VIGIL_QUERY_ERROR, VIGIL_QUERY_ERROR_SYNTAX);
  g_clear_error (&error);
  g_assert_null (vigil_watch_new ("x", "a", "red", FALSE, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT);
  g_clear_error (&error);
  g_assert_null (vigil_watch_new ("  ", "a", NULL, FALSE, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT);
  g_clear_error (&error);

  g_assert_true (vigil_watch_list_save (list, path, &error));
  g_assert_no_error (error);
  loaded = vigil_watch_list_load (path, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (vigil_watch_list_get_n_watches (loaded), ==, 2);
  g_assert_cmpstr (vigil_watch_get_name (vigil_watch_list_get_watch (loaded, 1)), ==, "Boycott \"quoted\"");
  g_assert_cmpstr (vigil_watch_get_colour (vigil_watch_list_get_watch (loaded, 0)), ==, "#e01b24");
  g_assert_cmpstr (vigil_watch_get_colour (vigil_watch_list_get_watch (loaded, 1)), ==, VIGIL_WATCH_DEFAULT_COLOUR);
  g_assert_true (vigil_watch_get_stem (vigil_watch_list_get_watch (loaded, 1)));
  g_assert_true (vigil_query_match (vigil_watch_get_query (vigil_watch_list_lookup (loaded, "Refunds")), &post));
  g_assert_true (vigil_watch_list_remove (loaded, "Refunds"));
  g_assert_false (vigil_watch_list_remove (loaded, "Refunds"));
  g_clear_object (&loaded);

  /* a missing file is an empty list */
  loaded = vigil_watch_list_load (bad_path, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (vigil_watch_list_get_n_watches (loaded), ==, 0);
  g_clear_object (&loaded);

  /* a bad query in the file names the file, the watch and the position */
  g_assert_true (g_file_set_contents (bad_path,
                 "{\"watches\":[{\"name\":\"ok\",\"query\":\"a\"},{\"name\":\"Broken\",\"query\":\"a OR\"}]}", -1, NULL));
  loaded = vigil_watch_list_load (bad_path, &error);
  g_assert_null (loaded);
  g_assert_error (error, VIGIL_QUERY_ERROR, VIGIL_QUERY_ERROR_SYNTAX);
  g_assert_nonnull (strstr (error->message, "bad.json: watch 2 (“Broken”): 5: "));
  g_clear_error (&error);
  g_assert_true (g_file_set_contents (bad_path, "{\"watches\": 3}", -1, NULL));
  g_assert_null (vigil_watch_list_load (bad_path, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA);
  g_clear_error (&error);
  g_assert_true (g_file_set_contents (bad_path, "{\"watches\": [", -1, NULL));
  g_assert_null (vigil_watch_list_load (bad_path, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA);

  g_remove (bad_path);
  g_remove (path);
  g_autofree char *sub = g_path_get_dirname (path);
  g_rmdir (sub);
  g_rmdir (dir);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/vigil/query/table", test_table);
  g_test_add_func ("/vigil/query/fields", test_fields);
  g_test_add_func ("/vigil/query/stemming", test_stemming);
  g_test_add_func ("/vigil/query/errors", test_errors);
  g_test_add_func ("/vigil/query/limits", test_limits);
  g_test_add_func ("/vigil/query/tokenizer", test_tokenizer);
  g_test_add_func ("/vigil/query/big-post", test_big_post);
  g_test_add_func ("/vigil/query/threads", test_threads);
  g_test_add_func ("/vigil/query/watch-list", test_watch_list);
  return g_test_run ();
}

/* test-raw-spans.c: records read once from their own bytes — Mastodon REST
 * pages, Jetstream lines with their time_us, feed entries' spans
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include "normalize-test-util.h"
#include "vigil-normalize.h"

static GBytes *
bytes_of (const char *text)
{
  return g_bytes_new (text, strlen (text));
}

/* Each element's bytes are its raw; record ids are the records' own. */
static void
test_page_elements (void)
{
  const char *a = "{ \"id\" : \"101\", \"content\": \"<p>caf\\u00e9</p>\", \"account\": {\"acct\": \"a@x\"} }";
  const char *b = "{\"id\":\"102\",\"reblog\":{\"id\":\"50\",\"content\":\"<p>boosted</p>\","
                  "\"account\":{\"acct\":\"c@x\"}},\"account\":{\"acct\":\"b@x\"}}";
  g_autofree char *doc = g_strdup_printf ("[\n %s ,\n\t%s\n]", a, b);
  g_autoptr(GBytes) body = bytes_of (doc);
  g_autoptr(VigilParseResult) result = vigil_parse_result_new ();
  g_autoptr(GPtrArray) ids = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GError) error = NULL;

  g_assert_true (vigil_mastodon_parse_page (body, FALSE, result, ids, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (result->posts->len, ==, 2);
  g_assert_cmpstr (vigil_post_get_raw (g_ptr_array_index (result->posts, 0)), ==, a);
  g_assert_cmpstr (vigil_post_get_raw (g_ptr_array_index (result->posts, 1)), ==, b);
  /* the boost archives the boosted status, paging goes by the boost */
  g_assert_cmpstr (vigil_post_get_remote_id (g_ptr_array_index (result->posts, 1)), ==, "50");
  g_assert_cmpuint (ids->len, ==, 2);
  g_assert_cmpstr (g_ptr_array_index (ids, 0), ==, "101");
  g_assert_cmpstr (g_ptr_array_index (ids, 1), ==, "102");
}

/* /api/v2/search: the "statuses" member; one bad element costs itself. */
static void
test_page_search (void)
{
  g_autoptr(GBytes) body = bytes_of ("{\"accounts\":[{\"id\":\"9\"}],\"statuses\":["
                                     "{\"id\":\"7\",\"content\":\"x\",\"account\":{\"acct\":\"a@x\"}},"
                                     "[1,2],"
                                     "{\"id\":\"8\",\"content\":\"y\",\"account\":{\"acct\":\"b@x\"}}],"
                                     "\"hashtags\":[]}");
  g_autoptr(VigilParseResult) result = vigil_parse_result_new ();
  g_autoptr(GError) error = NULL;

  g_assert_true (vigil_mastodon_parse_page (body, TRUE, result, NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (result->posts->len, ==, 2);
  g_assert_cmpuint (result->rejects->len, ==, 1);
  g_assert_cmpstr (vigil_post_get_raw (g_ptr_array_index (result->posts, 0)), ==,
                   "{\"id\":\"7\",\"content\":\"x\",\"account\":{\"acct\":\"a@x\"}}");
}

/* What isn't a whole list is refused as a whole, and says why. */
static void
test_page_refused (void)
{
  static const struct { const char *doc; gboolean search; int code; } cases[] = {
    { "[{\"id\":\"1\",\"content\":\"x\"}", FALSE, VIGIL_NORMALIZE_ERROR_SYNTAX },  /* truncated */
    { "\x89PNG garbage", FALSE, VIGIL_NORMALIZE_ERROR_SYNTAX },
    { "{\"error\":\"Record not found\"}", FALSE, VIGIL_NORMALIZE_ERROR_INVALID },
    { "{\"accounts\":[]}", TRUE, VIGIL_NORMALIZE_ERROR_INVALID },
    { "{\"statuses\":[", TRUE, VIGIL_NORMALIZE_ERROR_SYNTAX },
    /* junk that merely starts like a JSON value is not JSON */
    { "{\xfe\x01 garbage", FALSE, VIGIL_NORMALIZE_ERROR_SYNTAX },
    { "7\x02\x99", FALSE, VIGIL_NORMALIZE_ERROR_SYNTAX },
    { "true", FALSE, VIGIL_NORMALIZE_ERROR_INVALID },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GBytes) body = bytes_of (cases[i].doc);
      g_autoptr(VigilParseResult) result = vigil_parse_result_new ();
      g_autoptr(GError) error = NULL;

      g_assert_false (vigil_mastodon_parse_page (body, cases[i].search, result, NULL, &error));
      g_assert_error (error, VIGIL_NORMALIZE_ERROR, cases[i].code);
    }
}

/* One read gives the post and time_us; the line is the raw. */
static void
test_jetstream_once (void)
{
  g_autoptr(GBytes) events = load_fixture ("jetstream", "events.jsonl");
  g_autofree char *text = g_strndup (g_bytes_get_data (events, NULL), g_bytes_get_size (events));
  g_auto(GStrv) lines = g_strsplit (text, "\n", -1);
  guint posts = 0;

  for (guint i = 0; lines[i]; i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(VigilPost) post = NULL;
      gsize len = strlen (lines[i]);
      gint64 time_us = -2;

      if (len == 0)
        continue;
      post = vigil_jetstream_parse_event_full (lines[i], len, &time_us, &error);
      if (error != NULL)
        continue;
      /* the same time_us as the dedicated scan */
      g_assert_cmpint (time_us, ==, vigil_jetstream_event_time_us (lines[i], len));
      if (post != NULL)
        {
          g_assert_cmpstr (vigil_post_get_raw (post), ==, lines[i]);
          posts++;
        }
    }
  g_assert_cmpuint (posts, >, 0);
}

/* Feed entries keep their bytes; a document whose entries can't all be
 * found keeps the serialisation (never a wrong span). */
static void
test_feed_spans (void)
{
  const char *item = "<item><title>T&#233;</title><guid>urn:x:1</guid><!-- <item> --></item>";
  g_autofree char *doc = g_strdup_printf ("<rss version=\"2.0\"><channel><title>F</title>%s"
                                          "<item><title>Two</title><guid>urn:x:2</guid></item>"
                                          "</channel></rss>", item);
  g_autoptr(GBytes) body = bytes_of (doc);
  g_autoptr(VigilParseResult) result = vigil_parse_result_new ();
  g_autoptr(GError) error = NULL;
  /* an extension element named item outside the channel's items */
  g_autoptr(GBytes) odd = bytes_of ("<rss version=\"2.0\"><channel><title>F</title>"
                                    "<x:list xmlns:x=\"urn:x\"><x:item>no</x:item></x:list>"
                                    "<item><title>One</title><guid>urn:y:1</guid></item>"
                                    "</channel></rss>");
  g_autoptr(VigilParseResult) odd_result = vigil_parse_result_new ();

  g_assert_true (vigil_feed_parse_document (body, NULL, result, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (result->posts->len, ==, 2);
  g_assert_cmpstr (vigil_post_get_raw (g_ptr_array_index (result->posts, 0)), ==, item);

  g_assert_true (vigil_feed_parse_document (odd, NULL, odd_result, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (odd_result->posts->len, ==, 1);
  /* two spans for one entry: serialised instead, still the entry */
  g_assert_true (g_str_has_prefix (vigil_post_get_raw (g_ptr_array_index (odd_result->posts, 0)),
                                   "<item>"));
  g_assert_nonnull (strstr (vigil_post_get_raw (g_ptr_array_index (odd_result->posts, 0)), "One"));
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/vigil/normalize/raw/page-elements", test_page_elements);
  g_test_add_func ("/vigil/normalize/raw/page-search", test_page_search);
  g_test_add_func ("/vigil/normalize/raw/page-refused", test_page_refused);
  g_test_add_func ("/vigil/normalize/raw/jetstream-once", test_jetstream_once);
  g_test_add_func ("/vigil/normalize/raw/feed-spans", test_feed_spans);

  return g_test_run ();
}

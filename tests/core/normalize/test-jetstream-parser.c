/* test-jetstream-parser.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "normalize-test-util.h"

#define DID_A "did:plc:z72i7hdynmk6r22z27h6tvur"
#define DID_B "did:plc:ewvi7nxzyoun6zhxrhs64oiz"

/* the n-th line (1-based) of bytes, without its newline */
static char *
nth_line (GBytes *bytes,
          guint   n)
{
  g_autofree char *text = g_strndup (g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes));
  g_auto(GStrv) lines = g_strsplit (text, "\n", -1);

  g_assert_cmpuint (n, <=, g_strv_length (lines));
  return g_strdup (lines[n - 1]);
}

static void
test_document (void)
{
  g_autoptr(GBytes) bytes = load_fixture ("jetstream", "events.jsonl");
  g_autoptr(VigilParseResult) result = vigil_parse_result_new ();
  g_autoptr(GError) error = NULL;
  g_autofree char *line1 = nth_line (bytes, 1);
  g_autofree char *created = NULL;
  VigilPost *p;
  VigilParseReject *r;

  g_assert_true (vigil_jetstream_parse_document (bytes, result, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (result->posts->len, ==, 4);
  g_assert_cmpuint (result->skipped, ==, 3);  /* identity, account, a like */
  g_assert_cmpuint (result->rejects->len, ==, 2);
  for (guint i = 0; i < result->posts->len; i++)
    assert_post_utf8 (get_post (result, i));

  p = get_post (result, 0);
  g_assert_cmpint (vigil_post_get_platform (p), ==, VIGIL_PLATFORM_BLUESKY);
  g_assert_cmpint (vigil_post_get_event (p), ==, VIGIL_POST_EVENT_CREATE);
  g_assert_cmpstr (vigil_post_get_remote_id (p), ==, "at://" DID_A "/app.bsky.feed.post/3l3qo2vutsw2b");
  g_assert_cmpstr (vigil_post_get_author (p), ==, DID_A);
  g_assert_null (vigil_post_get_author_name (p));
  g_assert_cmpint (vigil_post_get_author_followers (p), ==, -1);
  g_assert_cmpstr (vigil_post_get_url (p), ==, "https://bsky.app/profile/" DID_A "/post/3l3qo2vutsw2b");
  g_assert_cmpstr (vigil_post_get_text (p), ==,
                   "ACME's new router bricked itself after the update 😤 #acme #outage");
  g_assert_cmpstr (vigil_post_get_lang (p), ==, "en");
  created = format_time (vigil_post_get_created_at (p));
  g_assert_cmpstr (created, ==, "2026-11-22T09:20:00.123000Z");
  g_assert_cmpstr (vigil_post_get_parent_id (p), ==, "at://" DID_B "/app.bsky.feed.post/3l3qnzzzzzz2a");
  g_assert_cmpstr (vigil_post_get_thread_id (p), ==, "at://" DID_B "/app.bsky.feed.post/3l3qnrootxx2a");
  assert_strv (vigil_post_get_tags (p), (const char *[]) { "acme", "outage", NULL });
  assert_strv (vigil_post_get_media (p),
               (const char *[]) { "Router with a blinking red light", "[image]", NULL });
  g_assert_cmpint (vigil_post_get_visibility (p), ==, VIGIL_VISIBILITY_PUBLIC);
  g_assert_cmpint (vigil_post_get_replies (p), ==, -1);
  g_assert_cmpint (vigil_post_get_likes (p), ==, -1);
  g_assert_false (vigil_post_get_edited (p));
  g_assert_false (vigil_post_get_deleted (p));
  g_assert_cmpstr (vigil_post_get_raw (p), ==, line1);
  g_assert_nonnull (vigil_post_get_fetched_at (p));

  p = get_post (result, 1);
  g_assert_cmpint (vigil_post_get_event (p), ==, VIGIL_POST_EVENT_EDIT);
  g_assert_true (vigil_post_get_edited (p));
  g_assert_cmpstr (vigil_post_get_remote_id (p), ==, "at://" DID_A "/app.bsky.feed.post/3l3qo2vutsw2b");
  g_assert_cmpstr (vigil_post_get_text (p), ==,
                   "ACME's new router bricked itself after the update (fixed by a reset)");
  g_assert_null (vigil_post_get_parent_id (p));
  g_assert_null (vigil_post_get_media (p));
  g_assert_null (vigil_post_get_tags (p));

  p = get_post (result, 2);
  g_assert_cmpint (vigil_post_get_event (p), ==, VIGIL_POST_EVENT_DELETE);
  g_assert_true (vigil_post_get_deleted (p));
  g_assert_cmpstr (vigil_post_get_remote_id (p), ==, "at://" DID_A "/app.bsky.feed.post/3l3qo2vutsw2b");
  g_assert_null (vigil_post_get_text (p));

  /* a video inside recordWithMedia, Greek text */
  p = get_post (result, 3);
  g_assert_cmpstr (vigil_post_get_remote_id (p), ==, "at://" DID_B "/app.bsky.feed.post/3lbhvideo2b");
  g_assert_cmpstr (vigil_post_get_text (p), ==, "Σήμερα η ACME απέλυσε 200 άτομα.");
  g_assert_cmpstr (vigil_post_get_lang (p), ==, "el");
  assert_strv (vigil_post_get_media (p), (const char *[]) { "[video]", NULL });

  /* rejects: line number and the byte offset where the line starts */
  r = get_reject (result, 0);
  g_assert_cmpuint (r->line, ==, 7);
  g_assert_cmpuint (line_of_offset (bytes, r->offset), ==, 7);
  g_assert_true (r->offset == 0 || ((const char *) g_bytes_get_data (bytes, NULL))[r->offset - 1] == '\n');
  g_assert_nonnull (strstr (r->message, "JSON"));
  r = get_reject (result, 1);
  g_assert_cmpuint (r->line, ==, 10);
  g_assert_true (bytes_at_offset_start_with (bytes, r->offset, "{\"did\":\"not a did\""));
  g_assert_nonnull (strstr (r->message, "did"));
}

static void
check_event_error (const char *line,
                   int         code)
{
  g_autoptr(GError) error = NULL;
  VigilPost *post = vigil_jetstream_parse_event (line, strlen (line), &error);

  g_assert_null (post);
  g_assert_error (error, VIGIL_NORMALIZE_ERROR, code);
}

static void
check_event_skipped (const char *line)
{
  g_autoptr(GError) error = NULL;
  VigilPost *post = vigil_jetstream_parse_event (line, strlen (line), &error);

  g_assert_no_error (error);
  g_assert_null (post);
}

static void
test_events (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(VigilPost) post = NULL;
  g_autoptr(GString) deep = g_string_new ("{\"kind\":\"commit\",\"x\":");
  const char *minimal = "{\"did\":\"did:web:example.com\",\"kind\":\"commit\",\"commit\":"
                        "{\"operation\":\"create\",\"collection\":\"app.bsky.feed.post\","
                        "\"rkey\":\"abc\",\"record\":{\"text\":\"hi\",\"langs\":[7],"
                        "\"facets\":[{\"features\":[{\"$type\":\"app.bsky.richtext.facet#tag\"}]},\"x\"],"
                        "\"embed\":{\"$type\":\"app.bsky.embed.recordWithMedia\",\"media\":"
                        "{\"$type\":\"app.bsky.embed.images\",\"images\":[{\"alt\":\"a cat\"},1]}}}}}XYZ";

  /* length is honoured: trailing bytes are not part of the event */
  post = vigil_jetstream_parse_event (minimal, strlen (minimal) - 3, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (vigil_post_get_remote_id (post), ==, "at://did:web:example.com/app.bsky.feed.post/abc");
  g_assert_cmpstr (vigil_post_get_text (post), ==, "hi");
  g_assert_null (vigil_post_get_lang (post));
  g_assert_null (vigil_post_get_tags (post));
  g_assert_null (vigil_post_get_created_at (post));
  assert_strv (vigil_post_get_media (post), (const char *[]) { "a cat", NULL });
  g_assert_false (g_str_has_suffix (vigil_post_get_raw (post), "XYZ"));

  check_event_skipped ("{\"did\":\"" DID_B "\",\"kind\":\"identity\",\"identity\":{}}");
  check_event_skipped ("{\"did\":\"" DID_B "\",\"kind\":\"account\",\"account\":{\"active\":false}}");
  check_event_skipped ("{\"did\":\"" DID_B "\",\"kind\":\"commit\",\"commit\":{\"operation\":\"create\","
                       "\"collection\":\"app.bsky.graph.follow\",\"rkey\":\"x\"}}");

  check_event_error ("{\"did\":", VIGIL_NORMALIZE_ERROR_SYNTAX);
  check_event_error ("[1,2]", VIGIL_NORMALIZE_ERROR_INVALID);
  check_event_error ("{\"did\":\"" DID_B "\"}", VIGIL_NORMALIZE_ERROR_INVALID);
  check_event_error ("{\"did\":\"" DID_B "\",\"kind\":\"commit\"}", VIGIL_NORMALIZE_ERROR_INVALID);
  check_event_error ("{\"did\":\"" DID_B "\",\"kind\":\"commit\",\"commit\":{\"operation\":\"frobnicate\","
                     "\"collection\":\"app.bsky.feed.post\",\"rkey\":\"x\"}}", VIGIL_NORMALIZE_ERROR_INVALID);
  check_event_error ("{\"did\":\"" DID_B "\",\"kind\":\"commit\",\"commit\":{\"operation\":\"create\","
                     "\"collection\":\"app.bsky.feed.post\",\"rkey\":\"x\"}}", VIGIL_NORMALIZE_ERROR_INVALID);
  /* ids that would break out of the URL path */
  check_event_error ("{\"did\":\"" DID_B "\",\"kind\":\"commit\",\"commit\":{\"operation\":\"delete\","
                     "\"collection\":\"app.bsky.feed.post\",\"rkey\":\"../../x\"}}", VIGIL_NORMALIZE_ERROR_INVALID);
  check_event_error ("{\"did\":\"did:plc:a/b?c\",\"kind\":\"commit\",\"commit\":{\"operation\":\"delete\","
                     "\"collection\":\"app.bsky.feed.post\",\"rkey\":\"x\"}}", VIGIL_NORMALIZE_ERROR_INVALID);
  check_event_error ("{\"did\":\"did:plc:\",\"kind\":\"commit\",\"commit\":{\"operation\":\"delete\","
                     "\"collection\":\"app.bsky.feed.post\",\"rkey\":\"x\"}}", VIGIL_NORMALIZE_ERROR_INVALID);
  check_event_error ("{\"did\":\"" DID_B "\",\"kind\":\"commit\",\"commit\":{\"operation\":\"delete\","
                     "\"collection\":\"app.bsky.feed.post\",\"rkey\":\"\"}}", VIGIL_NORMALIZE_ERROR_INVALID);
  check_event_error ("{\"a\":\"\xff\"}", VIGIL_NORMALIZE_ERROR_SYNTAX);

  for (guint i = 0; i < 1000; i++)
    g_string_append_c (deep, '[');
  check_event_error (deep->str, VIGIL_NORMALIZE_ERROR_TOO_DEEP);
}

static void
check_time (const char *line,
            gint64      expected)
{
  g_assert_cmpint (vigil_jetstream_event_time_us (line, strlen (line)), ==, expected);
}

static void
test_time_us (void)
{
  const char *line = "{\"did\":\"x\",\"time_us\":1732269600123456,\"kind\":\"identity\"}";

  check_time (line, 1732269600123456);
  /* length is honoured */
  g_assert_cmpint (vigil_jetstream_event_time_us (line, 25), ==, -1);
  check_time ("{ \"time_us\" : 42 }", 42);
  check_time ("{}", -1);
  check_time ("", -1);
  check_time ("{\"time_us\":}", -1);
  check_time ("{\"time_us\":", -1);
  check_time ("{\"time_us\":\"5\"}", -1);
  check_time ("{\"time_us\":99999999999999999999999}", -1);
  /* only the top-level member counts */
  check_time ("{\"commit\":{\"record\":{\"time_us\":5}},\"time_us\":6}", 6);
  check_time ("{\"commit\":{\"time_us\":5}}", -1);
  /* a value that reads "time_us", or the key inside a string */
  check_time ("{\"kind\":\"time_us\",\"time_us\":7}", 7);
  check_time ("{\"text\":\"\\\"time_us\\\":9\",\"time_us\":8}", 8);
}

static void
test_documents (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(VigilParseResult) a = vigil_parse_result_new ();
  g_autoptr(VigilParseResult) b = vigil_parse_result_new ();
  g_autoptr(VigilParseResult) c = vigil_parse_result_new ();
  g_autoptr(GBytes) text = g_bytes_new_static ("hello\nworld\n", 12);
  g_autoptr(GBytes) mixed = g_bytes_new_static ("garbage\r\n{\"kind\":\"identity\"}\r\n\r\n", 32);
  gsize size = VIGIL_NORMALIZE_MAX_DOCUMENT + 1;
  g_autoptr(GBytes) huge = g_bytes_new_take (g_malloc0 (size), size);

  g_assert_false (vigil_jetstream_parse_document (text, a, &error));
  g_assert_error (error, VIGIL_NORMALIZE_ERROR, VIGIL_NORMALIZE_ERROR_SYNTAX);
  g_clear_error (&error);

  g_assert_true (vigil_jetstream_parse_document (mixed, b, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (b->skipped, ==, 1);
  g_assert_cmpuint (b->rejects->len, ==, 1);
  g_assert_cmpuint (get_reject (b, 0)->line, ==, 1);
  g_assert_cmpint (get_reject (b, 0)->offset, ==, 0);

  g_assert_false (vigil_jetstream_parse_document (huge, c, &error));
  g_assert_error (error, VIGIL_NORMALIZE_ERROR, VIGIL_NORMALIZE_ERROR_TOO_LARGE);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/vigil/jetstream-parser/document", test_document);
  g_test_add_func ("/vigil/jetstream-parser/events", test_events);
  g_test_add_func ("/vigil/jetstream-parser/time-us", test_time_us);
  g_test_add_func ("/vigil/jetstream-parser/documents", test_documents);

  return g_test_run ();
}

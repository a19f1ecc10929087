/* test-jetstream-parser.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "normalize-test-util.h"
#include "vigil-jetstream-private.h"

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

/* a document of garbage lines doesn't keep millions of rejects */
static void
test_many_rejects (void)
{
  g_autoptr(GString) doc = g_string_new ("{\"kind\":\"identity\"}\n");
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(VigilParseResult) result = vigil_parse_result_new ();
  g_autoptr(GError) error = NULL;
  VigilParseReject *last;

  for (guint i = 0; i < 50000; i++)
    g_string_append (doc, "x\n");
  bytes = g_string_free_to_bytes (g_steal_pointer (&doc));

  g_assert_true (vigil_jetstream_parse_document (bytes, result, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (result->skipped, ==, 1);
  g_assert_cmpuint (result->rejects->len, ==, 10001);
  g_assert_cmpuint (get_reject (result, 9999)->line, ==, 10001);
  last = get_reject (result, 10000);
  g_assert_cmpuint (last->line, ==, 10002);
  g_assert_nonnull (strstr (last->message, "not listed"));
}

/* The text road and the json-glib road must map an event alike, and the
 * text road must decline whatever json-glib would refuse. */
static gboolean
check_event_roads_agree (const char *data,
                         gsize       length)
{
  g_autoptr(GError) fast_error = NULL;
  g_autoptr(GError) slow_error = NULL;
  g_autoptr(VigilPost) fast = NULL;
  g_autoptr(VigilPost) slow = NULL;
  g_autoptr(JsonNode) node = NULL;
  gboolean declined;

  fast = _vigil_jetstream_fast_event (data, length, &declined, &fast_error);
  if (declined)
    {
      g_assert_null (fast);
      g_assert_no_error (fast_error);
      return FALSE;
    }

  node = vigil_json_parse_bounded (data, length, &slow_error);
  if (node == NULL)
    g_error ("the text road accepted an event json-glib refuses (%s): %.*s",
             slow_error->message, (int) MIN (length, 300), data);
  slow = _vigil_jetstream_slow_event (data, length, &slow_error);
  if (fast_error != NULL)
    {
      g_assert_null (fast);
      g_assert_null (slow);
      g_assert_error (slow_error, fast_error->domain, fast_error->code);
      g_assert_cmpstr (slow_error->message, ==, fast_error->message);
    }
  else if (fast == NULL)
    {
      g_assert_no_error (slow_error);
      g_assert_null (slow);  /* both skip it */
    }
  else
    {
      g_autoptr(GString) a = g_string_new (NULL);
      g_autoptr(GString) b = g_string_new (NULL);

      g_assert_no_error (slow_error);
      g_assert_nonnull (slow);
      vigil_post_set_fetched_at (fast, NULL);
      vigil_post_set_fetched_at (slow, NULL);
      vigil_post_write_json (fast, a);
      vigil_post_write_json (slow, b);
      g_assert_cmpstr (a->str, ==, b->str);
      g_assert_cmpint (vigil_post_get_event (fast), ==, vigil_post_get_event (slow));
      g_assert_cmpstr (vigil_post_get_raw (fast), ==, vigil_post_get_raw (slow));
    }
  return TRUE;
}

#define POST_HEAD "{\"did\":\"" DID_B "\",\"kind\":\"commit\",\"commit\":{\"operation\":\"create\"," \
                  "\"collection\":\"app.bsky.feed.post\",\"rkey\":\"k\",\"record\":"

static void
test_event_roads (void)
{
  static const char *edges[] = {
    POST_HEAD "{\"text\":\"t\",\"text\":5,\"langs\":[5,\"en\"],\"reply\":{\"parent\":{\"uri\":\"a\"},"
      "\"parent\":7,\"root\":{\"uri\":\"\"}}}}}",
    POST_HEAD "{\"langs\":[],\"langs\":[\"de\",1],\"embed\":{\"images\":[{\"alt\":\"x\"}],"
      "\"$type\":\"app.bsky.embed.images\"}}}}",
    POST_HEAD "{\"embed\":{\"$type\":\"app.bsky.embed.recordWithMedia\",\"media\":"
      "{\"$type\":\"app.bsky.embed.recordWithMedia\",\"media\":{\"$type\":\"app.bsky.embed.video\"}}}}}}",
    POST_HEAD "{\"embed\":{\"$type\":\"app.bsky.embed.recordWithMedia\",\"media\":"
      "{\"$type\":\"app.bsky.embed.video\",\"alt\":\"clip\"},\"media\":null}}}}",
    POST_HEAD "{\"embed\":{\"$type\":\"app.bsky.embed.recordWithMedia\",\"media\":"
      "{\"$type\":\"app.bsky.embed.images\",\"images\":[1,{},{\"alt\":\"\"},{\"alt\":\"a\",\"alt\":\"b\"}]}}}}}",
    POST_HEAD "{\"facets\":[{\"features\":[{\"$type\":\"app.bsky.richtext.facet#tag\",\"tag\":\"one\"}],"
      "\"features\":[{\"tag\":\"two\",\"$type\":\"app.bsky.richtext.facet#tag\"},{\"$type\":\"x\",\"tag\":\"n\"}]},"
      "\"junk\",{\"features\":{}},{\"features\":[{\"$type\":\"app.bsky.richtext.facet#tag\",\"tag\":\"\"}]}]}}}",
    POST_HEAD "5}}", POST_HEAD "null,\"record\":{\"text\":\"second\"}}}",
    "{\"did\":\"" DID_B "\",\"kind\":\"commit\",\"commit\":{\"operation\":\"delete\",\"rkey\":\"k\","
      "\"collection\":\"app.bsky.feed.post\"},\"commit\":{\"operation\":\"create\"}}",
    "{\"kind\":5}", "{\"kind\":\"identity\"}", "{\"kind\":\"commit\",\"commit\":[]}", "{}", "[]", "7",
    "{\"kind\":\"commit\",\"did\":\"" DID_B "\",\"commit\":{\"collection\":\"app.bsky.feed.post\","
      "\"rkey\":\"k\",\"operation\":\"frob\"}}",
  };
  static const char specials[] = "{}[]\":,\\0123456789-.eEtrufalsn \n";
  g_autoptr(GPtrArray) corpus = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GBytes) events = load_fixture ("jetstream", "events.jsonl");
  g_autoptr(GString) many = g_string_new (POST_HEAD "{\"facets\":[");
  g_autofree char *text = g_strndup (g_bytes_get_data (events, NULL), g_bytes_get_size (events));
  g_auto(GStrv) lines = g_strsplit (text, "\n", -1);
  guint handled = 0;

  for (guint i = 0; i < 70; i++)
    g_string_append_printf (many, "%s{\"features\":[{\"$type\":\"app.bsky.richtext.facet#tag\",\"tag\":\"a%u\"},"
                            "{\"$type\":\"app.bsky.richtext.facet#tag\",\"tag\":\"b%u\"}]}", i ? "," : "", i, i);
  g_string_append (many, "]}}}");
  g_ptr_array_add (corpus, g_strdup (many->str));
  for (guint i = 0; i < G_N_ELEMENTS (edges); i++)
    g_ptr_array_add (corpus, g_strdup (edges[i]));
  for (guint i = 0; lines[i]; i++)
    if (lines[i][0])
      g_ptr_array_add (corpus, g_strdup (lines[i]));

  for (guint i = 0; i < corpus->len; i++)
    if (check_event_roads_agree (corpus->pdata[i], strlen (corpus->pdata[i])))
      handled++;
  g_assert_cmpuint (handled, >=, corpus->len - 4);

  for (guint round = 0; round < 3000; round++)
    {
      const char *seed = corpus->pdata[g_test_rand_int_range (0, corpus->len)];
      g_autoptr(GString) m = g_string_new (seed);
      guint n = g_test_rand_int_range (1, 4);

      for (guint k = 0; k < n && m->len > 0; k++)
        {
          guint pos = g_test_rand_int_range (0, m->len);
          char c = specials[g_test_rand_int_range (0, sizeof specials - 1)];

          switch (g_test_rand_int_range (0, 4))
            {
            case 0: m->str[pos] = c; break;
            case 1: g_string_erase (m, pos, 1); break;
            case 2: g_string_insert_c (m, pos, c); break;
            default: g_string_truncate (m, pos); break;
            }
        }
      check_event_roads_agree (m->str, m->len);
    }
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
  g_test_add_func ("/vigil/jetstream-parser/event-roads", test_event_roads);
  g_test_add_func ("/vigil/jetstream-parser/many-rejects", test_many_rejects);

  return g_test_run ();
}

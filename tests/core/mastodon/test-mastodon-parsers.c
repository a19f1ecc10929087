/* test-mastodon-parsers.c: SSE, Link header and SPEC parsing
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include "vigil-link-header.h"
#include "vigil-mastodon-source.h"
#include "vigil-source-spec.h"
#include "vigil-sse-parser.h"

/* --- SSE --- */

typedef struct
{
  GPtrArray *events;  /* "type|data" */
} Collected;

static void
collect_cb (const char *event,
            const char *data,
            gsize       length,
            gpointer    user_data)
{
  Collected *c = user_data;

  g_assert_cmpuint (strlen (data), ==, length);
  g_ptr_array_add (c->events, g_strdup_printf ("%s|%s", event, data));
}

static const char *stream_text =
  "\xEF\xBB\xBF:thump\n"
  "event: update\n"
  "data: {\"id\":\"1\"}\n"
  "\n"
  ": another heartbeat\r\n"
  "event: delete\r\n"
  "data: 42\r\n"
  "\r\n"
  "event:status.update\r"
  "data:first\r"
  "data: second\r"
  "data\r"
  "id: 7\r"
  "\r"
  "retry: 2500\n"
  "event: lonely\n"
  "\n"
  "data: no type\n"
  "unknown: field\n"
  "\n";

static void
check_stream_events (Collected *c)
{
  g_assert_cmpuint (c->events->len, ==, 4);
  g_assert_cmpstr (g_ptr_array_index (c->events, 0), ==, "update|{\"id\":\"1\"}");
  g_assert_cmpstr (g_ptr_array_index (c->events, 1), ==, "delete|42");
  g_assert_cmpstr (g_ptr_array_index (c->events, 2), ==, "status.update|first\nsecond\n");
  g_assert_cmpstr (g_ptr_array_index (c->events, 3), ==, "message|no type");
}

static void
test_sse_whole (void)
{
  Collected c = { g_ptr_array_new_with_free_func (g_free) };
  g_autoptr(VigilSseParser) parser = vigil_sse_parser_new (4096, collect_cb, &c);
  g_autoptr(GError) error = NULL;

  g_assert_true (vigil_sse_parser_feed (parser, stream_text, strlen (stream_text), &error));
  g_assert_no_error (error);
  g_assert_true (vigil_sse_parser_finish (parser, &error));
  g_assert_no_error (error);

  check_stream_events (&c);
  g_assert_cmpuint (vigil_sse_parser_get_n_comments (parser), ==, 2);
  g_assert_cmpuint (vigil_sse_parser_get_n_events (parser), ==, 4);
  g_assert_cmpstr (vigil_sse_parser_get_last_event_id (parser), ==, "7");
  g_assert_cmpint (vigil_sse_parser_get_retry (parser), ==, 2500);
  g_ptr_array_unref (c.events);
}

/* Every split point, and byte-at-a-time: chunk boundaries never matter,
 * including between CR and LF and inside the BOM. */
static void
test_sse_split_anywhere (void)
{
  gsize len = strlen (stream_text);

  for (gsize split = 0; split <= len; split++)
    {
      Collected c = { g_ptr_array_new_with_free_func (g_free) };
      g_autoptr(VigilSseParser) parser = vigil_sse_parser_new (4096, collect_cb, &c);

      g_assert_true (vigil_sse_parser_feed (parser, stream_text, split, NULL));
      g_assert_true (vigil_sse_parser_feed (parser, stream_text + split, len - split, NULL));
      g_assert_true (vigil_sse_parser_finish (parser, NULL));
      check_stream_events (&c);
      g_ptr_array_unref (c.events);
    }

  {
    Collected c = { g_ptr_array_new_with_free_func (g_free) };
    g_autoptr(VigilSseParser) parser = vigil_sse_parser_new (4096, collect_cb, &c);

    for (gsize i = 0; i < len; i++)
      g_assert_true (vigil_sse_parser_feed (parser, stream_text + i, 1, NULL));
    g_assert_true (vigil_sse_parser_finish (parser, NULL));
    check_stream_events (&c);
    g_ptr_array_unref (c.events);
  }
}

/* "\r" then "\n" in the next chunk is one line end, not an empty line. */
static void
test_sse_crlf_across_chunks (void)
{
  Collected c = { g_ptr_array_new_with_free_func (g_free) };
  g_autoptr(VigilSseParser) parser = vigil_sse_parser_new (4096, collect_cb, &c);

  g_assert_true (vigil_sse_parser_feed (parser, "data: a\r", 8, NULL));
  g_assert_true (vigil_sse_parser_feed (parser, "\ndata: b\r", 9, NULL));
  g_assert_cmpuint (c.events->len, ==, 0);
  g_assert_true (vigil_sse_parser_feed (parser, "\n\r\n", 3, NULL));
  g_assert_cmpuint (c.events->len, ==, 1);
  g_assert_cmpstr (g_ptr_array_index (c.events, 0), ==, "message|a\nb");
  g_ptr_array_unref (c.events);
}

static void
test_sse_truncated (void)
{
  Collected c = { g_ptr_array_new_with_free_func (g_free) };
  g_autoptr(VigilSseParser) parser = vigil_sse_parser_new (4096, collect_cb, &c);
  g_autoptr(GError) error = NULL;
  const char *text = "event: update\ndata: {\"id\":\"1\"}\n\nevent: update\ndata: {\"id\":";

  g_assert_true (vigil_sse_parser_feed (parser, text, strlen (text), NULL));
  g_assert_false (vigil_sse_parser_finish (parser, &error));
  g_assert_error (error, VIGIL_SSE_PARSER_ERROR, VIGIL_SSE_PARSER_ERROR_TRUNCATED);
  g_assert_cmpuint (c.events->len, ==, 1);

  /* A stream that ends between events, or after a comment, is whole. */
  g_clear_error (&error);
  g_assert_true (vigil_sse_parser_feed (parser, ":thump\n", 7, NULL));
  g_assert_true (vigil_sse_parser_finish (parser, &error));
  g_assert_no_error (error);
  g_ptr_array_unref (c.events);
}

static void
test_sse_too_large (void)
{
  Collected c = { g_ptr_array_new_with_free_func (g_free) };
  g_autoptr(VigilSseParser) parser = vigil_sse_parser_new (64, collect_cb, &c);
  g_autoptr(VigilSseParser) lines = vigil_sse_parser_new (64, collect_cb, &c);
  g_autoptr(GError) error = NULL;
  g_autofree char *big = g_strnfill (40, 'x');
  g_autofree char *endless = g_strnfill (1000, 'y');

  /* Many small data lines adding up. */
  for (int i = 0; i < 3 && error == NULL; i++)
    {
      g_autofree char *line = g_strdup_printf ("data: %s\n", big);
      vigil_sse_parser_feed (parser, line, strlen (line), &error);
    }
  g_assert_error (error, VIGIL_SSE_PARSER_ERROR, VIGIL_SSE_PARSER_ERROR_TOO_LARGE);
  g_clear_error (&error);
  /* It stays failed. */
  g_assert_false (vigil_sse_parser_feed (parser, "\n", 1, &error));
  g_assert_error (error, VIGIL_SSE_PARSER_ERROR, VIGIL_SSE_PARSER_ERROR_TOO_LARGE);
  g_clear_error (&error);

  /* One line that never ends, fed in pieces. */
  for (int i = 0; i < 10 && error == NULL; i++)
    vigil_sse_parser_feed (lines, endless, 10, &error);
  g_assert_error (error, VIGIL_SSE_PARSER_ERROR, VIGIL_SSE_PARSER_ERROR_TOO_LARGE);
  g_assert_cmpuint (c.events->len, ==, 0);

  /* Comment lines are bounded too, but a long run of short heartbeats is fine. */
  vigil_sse_parser_reset (lines);
  for (int i = 0; i < 1000; i++)
    g_assert_true (vigil_sse_parser_feed (lines, ":thump\n", 7, NULL));
  g_ptr_array_unref (c.events);
}

static void
test_sse_garbage (void)
{
  Collected c = { g_ptr_array_new_with_free_func (g_free) };
  g_autoptr(VigilSseParser) parser = vigil_sse_parser_new (1024, collect_cb, &c);
  guint8 junk[4096];
  GRand *rand = g_rand_new_with_seed (7);

  for (guint round = 0; round < 50; round++)
    {
      for (gsize i = 0; i < sizeof junk; i++)
        junk[i] = g_rand_int_range (rand, 0, 256);
      if (!vigil_sse_parser_feed (parser, (char *) junk, sizeof junk, NULL))
        vigil_sse_parser_reset (parser);
    }
  vigil_sse_parser_finish (parser, NULL);
  g_rand_free (rand);
  g_ptr_array_unref (c.events);
}

/* --- Link --- */

static void
test_link_mastodon (void)
{
  const char *header =
    "<https://mastodon.example/api/v1/timelines/tag/cats?max_id=111>; rel=\"next\", "
    "<https://mastodon.example/api/v1/timelines/tag/cats?min_id=222>; rel=\"prev\"";
  g_autofree char *next = vigil_link_header_find (header, "next", NULL);
  g_autofree char *prev = vigil_link_header_find (header, "PREV", NULL);
  g_autofree char *none = vigil_link_header_find (header, "last", NULL);

  g_assert_cmpstr (next, ==, "https://mastodon.example/api/v1/timelines/tag/cats?max_id=111");
  g_assert_cmpstr (prev, ==, "https://mastodon.example/api/v1/timelines/tag/cats?min_id=222");
  g_assert_null (none);
}

static void
test_link_tricky (void)
{
  /* Commas and semicolons inside <> and quoted strings; several rels in
   * one; unquoted rel; relative targets; a malformed value in between;
   * only the first rel counts. */
  const char *header =
    "<https://h.example/a?x=1,2;3>; title=\"a, b; c\"; rel=\"alternate  prev\", "
    "garbage here, <broken; rel=next, "
    "</page/2>;rel=next;rel=last, "
    "<https://h.example/q> ; rel = \"first\"";
  g_autoptr(GPtrArray) links = vigil_link_header_parse (header);
  g_autofree char *prev = vigil_link_header_find (header, "prev", NULL);
  g_autofree char *next = vigil_link_header_find (header, "next", "https://h.example/page/1?x=1");
  g_autofree char *first = vigil_link_header_find (header, "first", NULL);
  g_autofree char *last = vigil_link_header_find (header, "last", NULL);

  g_assert_cmpstr (prev, ==, "https://h.example/a?x=1,2;3");
  g_assert_cmpstr (next, ==, "https://h.example/page/2");
  g_assert_cmpstr (first, ==, "https://h.example/q");
  g_assert_null (last);
  g_assert_cmpuint (links->len, ==, 3);
}

static void
test_link_hostile (void)
{
  g_autofree char *huge = g_strnfill (200 * 1024, '<');
  g_autoptr(GPtrArray) a = vigil_link_header_parse (NULL);
  g_autoptr(GPtrArray) b = vigil_link_header_parse ("");
  g_autoptr(GPtrArray) c = vigil_link_header_parse (huge);
  g_autoptr(GPtrArray) d = vigil_link_header_parse (",,,;;;\"\"\"<<<>>>");
  g_autoptr(GPtrArray) e = vigil_link_header_parse ("<a>; rel=\"unterminated");
  GString *many = g_string_new (NULL);
  g_autoptr(GPtrArray) f = NULL;

  g_assert_cmpuint (a->len, ==, 0);
  g_assert_cmpuint (b->len, ==, 0);
  g_assert_cmpuint (c->len, ==, 0);
  g_assert_cmpuint (e->len, ==, 1);
  g_assert_cmpstr (((VigilLink *) g_ptr_array_index (e, 0))->rels[0], ==, "unterminated");
  (void) d;

  for (int i = 0; i < 1000; i++)
    g_string_append_printf (many, "%s<https://h.example/%d>; rel=\"r%d\"", i ? ", " : "", i, i);
  f = vigil_link_header_parse (many->str);
  g_assert_cmpuint (f->len, ==, 1000);
  g_string_free (many, TRUE);
}

/* --- ids --- */

static void
test_compare_ids (void)
{
  /* Beyond 2^53: a double would call these equal. */
  g_assert_cmpint (vigil_mastodon_compare_ids ("109348752334510393", "109348752334510394"), <, 0);
  g_assert_cmpint (vigil_mastodon_compare_ids ("99", "100"), <, 0);
  g_assert_cmpint (vigil_mastodon_compare_ids ("100", "99"), >, 0);
  g_assert_cmpint (vigil_mastodon_compare_ids ("0042", "42"), ==, 0);
  g_assert_cmpint (vigil_mastodon_compare_ids (NULL, "1"), <, 0);
  g_assert_cmpint (vigil_mastodon_compare_ids ("1", NULL), >, 0);
  g_assert_cmpint (vigil_mastodon_compare_ids (NULL, NULL), ==, 0);
}

/* --- SPEC --- */

static void
test_spec_mastodon (void)
{
  struct {
    const char            *spec;
    const char            *url;
    VigilMastodonTimeline  timeline;
    const char            *argument;
  } cases[] = {
    { "mastodon:https://mastodon.social/public", "https://mastodon.social", VIGIL_MASTODON_TIMELINE_PUBLIC, NULL },
    { "mastodon:https://mastodon.social", "https://mastodon.social", VIGIL_MASTODON_TIMELINE_PUBLIC, NULL },
    { "mastodon:https://Mastodon.Social:8443/public/local", "https://mastodon.social:8443", VIGIL_MASTODON_TIMELINE_LOCAL, NULL },
    { "mastodon:https://h.example/tag/NorthwindKettles", "https://h.example", VIGIL_MASTODON_TIMELINE_TAG, "NorthwindKettles" },
    { "mastodon:https://h.example/tags/%23caf%C3%A9", "https://h.example", VIGIL_MASTODON_TIMELINE_TAG, "café" },
    { "mastodon:https://h.example/list/42", "https://h.example", VIGIL_MASTODON_TIMELINE_LIST, "42" },
    { "mastodon:https://h.example/home", "https://h.example", VIGIL_MASTODON_TIMELINE_HOME, NULL },
    { "mastodon:https://h.example/@alice", "https://h.example", VIGIL_MASTODON_TIMELINE_ACCOUNT, "alice" },
    { "mastodon:https://h.example/@alice@other.example", "https://h.example", VIGIL_MASTODON_TIMELINE_ACCOUNT, "alice@other.example" },
    { "mastodon:https://h.example/search/kettle%20fire%2Frecall", "https://h.example", VIGIL_MASTODON_TIMELINE_SEARCH, "kettle fire/recall" },
    { "mastodon:http://127.0.0.1:8080/public", "http://127.0.0.1:8080", VIGIL_MASTODON_TIMELINE_PUBLIC, NULL },
    { "mastodon:http://localhost/public", "http://localhost", VIGIL_MASTODON_TIMELINE_PUBLIC, NULL },
    { "mastodon:http://[::1]:9/tag/x", "http://[::1]:9", VIGIL_MASTODON_TIMELINE_TAG, "x" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(VigilSourceSpec) spec = vigil_source_spec_parse (cases[i].spec, &error);

      g_test_message ("%s", cases[i].spec);
      g_assert_no_error (error);
      g_assert_nonnull (spec);
      g_assert_cmpint (spec->kind, ==, VIGIL_SOURCE_KIND_MASTODON);
      g_assert_cmpstr (spec->spec, ==, cases[i].spec);
      g_assert_cmpstr (spec->url, ==, cases[i].url);
      g_assert_cmpint (spec->timeline, ==, cases[i].timeline);
      g_assert_cmpstr (spec->argument, ==, cases[i].argument);
    }
}

static void
test_spec_other_kinds (void)
{
  g_autoptr(VigilSourceSpec) js = vigil_source_spec_parse ("jetstream:wss://jetstream2.us-east.bsky.network/subscribe?wantedDids=did:plc:x", NULL);
  g_autoptr(VigilSourceSpec) ws = vigil_source_spec_parse ("jetstream:ws://127.0.0.1:5000/subscribe", NULL);
  g_autoptr(VigilSourceSpec) rss = vigil_source_spec_parse ("rss:https://h.example/feed.xml", NULL);
  g_autoptr(VigilSourceSpec) atom = vigil_source_spec_parse ("ATOM:http://127.0.0.2/atom.xml", NULL);

  g_assert_nonnull (js);
  g_assert_cmpint (js->kind, ==, VIGIL_SOURCE_KIND_JETSTREAM);
  g_assert_cmpstr (js->url, ==, "wss://jetstream2.us-east.bsky.network/subscribe?wantedDids=did:plc:x");
  g_assert_nonnull (ws);
  g_assert_cmpint (ws->kind, ==, VIGIL_SOURCE_KIND_JETSTREAM);
  g_assert_nonnull (rss);
  g_assert_cmpint (rss->kind, ==, VIGIL_SOURCE_KIND_FEED);
  g_assert_cmpstr (rss->url, ==, "https://h.example/feed.xml");
  g_assert_nonnull (atom);
  g_assert_cmpint (atom->kind, ==, VIGIL_SOURCE_KIND_FEED);
}

static void
test_spec_errors (void)
{
  struct {
    const char *spec;
    int         code;
    const char *needle;  /* in the message */
  } cases[] = {
    { "mastodon:http://mastodon.social/public", VIGIL_SOURCE_SPEC_ERROR_INSECURE, "https://" },
    { "jetstream:ws://jetstream.example/subscribe", VIGIL_SOURCE_SPEC_ERROR_INSECURE, "wss://" },
    { "rss:http://10.0.0.1/feed", VIGIL_SOURCE_SPEC_ERROR_INSECURE, "only allowed" },
    { "rss:http://localhost.evil.example/feed", VIGIL_SOURCE_SPEC_ERROR_INSECURE, "https://" },
    { "mastodon:ftp://h.example/public", VIGIL_SOURCE_SPEC_ERROR_INVALID, "https://" },
    { "jetstream:https://h.example/subscribe", VIGIL_SOURCE_SPEC_ERROR_INVALID, "wss://" },
    { "mastodon:https://h.example/tag/", VIGIL_SOURCE_SPEC_ERROR_INVALID, "/tag/NAME" },
    { "mastodon:https://h.example/tag/two words", VIGIL_SOURCE_SPEC_ERROR_INVALID, NULL },
    { "mastodon:https://h.example/list/4;2", VIGIL_SOURCE_SPEC_ERROR_INVALID, "list" },
    { "mastodon:https://h.example/@", VIGIL_SOURCE_SPEC_ERROR_INVALID, "account" },
    { "mastodon:https://h.example/@a@b@c", VIGIL_SOURCE_SPEC_ERROR_INVALID, "account" },
    { "mastodon:https://h.example/timelines/public", VIGIL_SOURCE_SPEC_ERROR_INVALID, "/public" },
    { "mastodon:https://h.example/public?local=1", VIGIL_SOURCE_SPEC_ERROR_INVALID, "query" },
    { "mastodon:https://user:pw@h.example/public", VIGIL_SOURCE_SPEC_ERROR_INVALID, "password" },
    { "mastodon:https:///public", VIGIL_SOURCE_SPEC_ERROR_INVALID, NULL },
    { "mastodon:not a url", VIGIL_SOURCE_SPEC_ERROR_INVALID, NULL },
    { "twitter:https://x.example/", VIGIL_SOURCE_SPEC_ERROR_INVALID, "mastodon:" },
    { "https://h.example/public", VIGIL_SOURCE_SPEC_ERROR_INVALID, "mastodon:" },
    { "nocolon", VIGIL_SOURCE_SPEC_ERROR_INVALID, "mastodon:" },
    { "", VIGIL_SOURCE_SPEC_ERROR_INVALID, NULL },
    { "mastodon:https://h.example/search/%FF", VIGIL_SOURCE_SPEC_ERROR_INVALID, "UTF-8" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(VigilSourceSpec) spec = vigil_source_spec_parse (cases[i].spec, &error);

      g_test_message ("%s → %s", cases[i].spec, error ? error->message : "(accepted)");
      g_assert_null (spec);
      g_assert_error (error, VIGIL_SOURCE_SPEC_ERROR, cases[i].code);
      if (cases[i].needle)
        g_assert_nonnull (strstr (error->message, cases[i].needle));
    }

  {
    g_autofree char *as = g_strnfill (5000, 'a');
    g_autofree char *long_spec = g_strconcat ("mastodon:https://h.example/search/", as, NULL);
    g_autoptr(GError) error = NULL;

    g_assert_null (vigil_source_spec_parse (long_spec, &error));
    g_assert_error (error, VIGIL_SOURCE_SPEC_ERROR, VIGIL_SOURCE_SPEC_ERROR_INVALID);
  }
}

static void
test_spec_loopback (void)
{
  g_assert_true (vigil_source_spec_host_is_loopback ("127.0.0.1"));
  g_assert_true (vigil_source_spec_host_is_loopback ("127.8.9.10"));
  g_assert_true (vigil_source_spec_host_is_loopback ("::1"));
  g_assert_true (vigil_source_spec_host_is_loopback ("[::1]"));
  g_assert_true (vigil_source_spec_host_is_loopback ("LocalHost"));
  g_assert_false (vigil_source_spec_host_is_loopback ("localhost.example"));
  g_assert_false (vigil_source_spec_host_is_loopback ("128.0.0.1"));
  g_assert_false (vigil_source_spec_host_is_loopback ("0.0.0.0"));
  g_assert_false (vigil_source_spec_host_is_loopback ("::"));
  g_assert_false (vigil_source_spec_host_is_loopback (""));
  g_assert_false (vigil_source_spec_host_is_loopback (NULL));
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/vigil/sse-parser/whole", test_sse_whole);
  g_test_add_func ("/vigil/sse-parser/split-anywhere", test_sse_split_anywhere);
  g_test_add_func ("/vigil/sse-parser/crlf-across-chunks", test_sse_crlf_across_chunks);
  g_test_add_func ("/vigil/sse-parser/truncated", test_sse_truncated);
  g_test_add_func ("/vigil/sse-parser/too-large", test_sse_too_large);
  g_test_add_func ("/vigil/sse-parser/garbage", test_sse_garbage);
  g_test_add_func ("/vigil/link-header/mastodon", test_link_mastodon);
  g_test_add_func ("/vigil/link-header/tricky", test_link_tricky);
  g_test_add_func ("/vigil/link-header/hostile", test_link_hostile);
  g_test_add_func ("/vigil/mastodon-source/compare-ids", test_compare_ids);
  g_test_add_func ("/vigil/source-spec/mastodon", test_spec_mastodon);
  g_test_add_func ("/vigil/source-spec/other-kinds", test_spec_other_kinds);
  g_test_add_func ("/vigil/source-spec/errors", test_spec_errors);
  g_test_add_func ("/vigil/source-spec/loopback", test_spec_loopback);

  return g_test_run ();
}

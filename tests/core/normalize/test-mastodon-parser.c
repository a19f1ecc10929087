/* test-mastodon-parser.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "normalize-test-util.h"
#include "vigil-mastodon-private.h"

static VigilParseResult *
parse_fixture (const char  *name,
               GBytes     **bytes_out)
{
  g_autoptr(GBytes) bytes = load_fixture ("mastodon", name);
  g_autoptr(GError) error = NULL;
  VigilParseResult *result = vigil_parse_result_new ();

  g_assert_true (vigil_mastodon_parse_document (bytes, result, &error));
  g_assert_no_error (error);
  for (guint i = 0; i < result->posts->len; i++)
    assert_post_utf8 (get_post (result, i));
  if (bytes_out)
    *bytes_out = g_bytes_ref (bytes);
  return result;
}

static VigilParseResult *
parse_string (const char  *text,
              gboolean    *ok,
              GError     **error)
{
  g_autoptr(GBytes) bytes = g_bytes_new (text, strlen (text));
  VigilParseResult *result = vigil_parse_result_new ();

  *ok = vigil_mastodon_parse_document (bytes, result, error);
  return result;
}

static void
assert_time (GDateTime  *dt,
             const char *expected)
{
  g_autofree char *iso = format_time (dt);

  g_assert_cmpstr (iso, ==, expected);
}

static void
test_rest_array (void)
{
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(VigilParseResult) result = parse_fixture ("statuses.json", &bytes);
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  VigilPost *p;
  VigilParseReject *r;

  g_assert_cmpuint (result->posts->len, ==, 8);
  g_assert_cmpuint (result->rejects->len, ==, 2);
  g_assert_cmpuint (result->skipped, ==, 0);

  /* a local account with a content warning, mentions, hashtags, media with
   * and without alt text */
  p = get_post (result, 0);
  g_assert_cmpint (vigil_post_get_platform (p), ==, VIGIL_PLATFORM_MASTODON);
  g_assert_cmpint (vigil_post_get_event (p), ==, VIGIL_POST_EVENT_CREATE);
  g_assert_cmpstr (vigil_post_get_remote_id (p), ==, "113456789012345678901");
  g_assert_cmpstr (vigil_post_get_author (p), ==, "alice@social.example");
  g_assert_cmpstr (vigil_post_get_author_name (p), ==, "Alice 🌻");
  g_assert_cmpint (vigil_post_get_author_followers (p), ==, 1520);
  /* the profile the fake-account checks weigh */
  g_assert_cmpint (vigil_post_get_author_following (p), ==, 300);
  assert_time (vigil_post_get_author_created_at (p), "2022-11-01T00:00:00Z");
  g_assert_cmpint (vigil_post_get_author_has_avatar (p), ==, VIGIL_TRISTATE_YES);
  g_assert_cmpint (vigil_post_get_author_has_bio (p), ==, VIGIL_TRISTATE_YES);
  g_assert_cmpstr (vigil_post_get_url (p), ==, "https://social.example/@alice/113456789012345678901");
  g_assert_cmpstr (vigil_post_get_text (p), ==,
                   "Heard @acme is cutting 200 jobs & closing the Leeds site. #layoffs\n\n"
                   "Source: https://news.example.com/acme-leeds-closure");
  g_assert_cmpstr (vigil_post_get_spoiler (p), ==, "CW: layoffs");
  g_assert_null (vigil_post_get_title (p));
  g_assert_cmpstr (vigil_post_get_lang (p), ==, "en");
  assert_time (vigil_post_get_created_at (p), "2026-11-20T09:15:30Z");
  g_assert_false (vigil_post_get_edited (p));
  g_assert_false (vigil_post_get_deleted (p));
  g_assert_cmpint (vigil_post_get_visibility (p), ==, VIGIL_VISIBILITY_PUBLIC);
  g_assert_null (vigil_post_get_parent_id (p));
  g_assert_null (vigil_post_get_thread_id (p));
  assert_strv (vigil_post_get_tags (p), (const char *[]) { "layoffs", "acme", NULL });
  assert_strv (vigil_post_get_media (p),
               (const char *[]) { "Photo of a closed factory gate with a padlock", "[image]", NULL });
  g_assert_cmpint (vigil_post_get_replies (p), ==, 3);
  g_assert_cmpint (vigil_post_get_reposts (p), ==, 12);
  g_assert_cmpint (vigil_post_get_likes (p), ==, 40);
  g_assert_nonnull (vigil_post_get_fetched_at (p));
  g_assert_cmpint (g_date_time_difference (now, vigil_post_get_fetched_at (p)), >=, 0);
  /* raw is the record's own text, verbatim */
  g_assert_true (g_str_has_prefix (vigil_post_get_raw (p), "{\"id\":\"113456789012345678901\""));
  g_assert_true (g_str_has_suffix (vigil_post_get_raw (p), "\"card\":null,\"poll\":null}"));

  /* ids given as numbers too long for a double keep their digits; a
   * remote account's acct is already user@host */
  p = get_post (result, 1);
  g_assert_cmpstr (vigil_post_get_remote_id (p), ==, "113456789012345678902");
  g_assert_cmpstr (vigil_post_get_parent_id (p), ==, "113456789012345678901");
  g_assert_cmpstr (vigil_post_get_author (p), ==, "kenji@mastodon.example.jp");
  g_assert_cmpstr (vigil_post_get_author_name (p), ==, "健二");
  /* Mastodon's stock picture and an empty paragraph: no avatar, no bio */
  g_assert_cmpint (vigil_post_get_author_following (p), ==, 900);
  assert_time (vigil_post_get_author_created_at (p), "2026-11-18T00:00:00Z");
  g_assert_cmpint (vigil_post_get_author_has_avatar (p), ==, VIGIL_TRISTATE_NO);
  g_assert_cmpint (vigil_post_get_author_has_bio (p), ==, VIGIL_TRISTATE_NO);
  g_assert_cmpstr (vigil_post_get_text (p), ==,
                   "アクメ社の工場閉鎖について、詳しい情報はありますか？\nよろしくお願いします。");
  g_assert_null (vigil_post_get_spoiler (p));
  g_assert_cmpstr (vigil_post_get_lang (p), ==, "ja");
  /* unlisted is not direct */
  g_assert_cmpint (vigil_post_get_visibility (p), ==, VIGIL_VISIBILITY_PUBLIC);
  g_assert_null (vigil_post_get_tags (p));
  g_assert_null (vigil_post_get_media (p));
  g_assert_true (g_str_has_prefix (vigil_post_get_raw (p), "{\"id\":113456789012345678902,"));

  p = get_post (result, 2);
  g_assert_cmpstr (vigil_post_get_author (p), ==, "layla@toot.example");
  g_assert_cmpstr (vigil_post_get_author_name (p), ==, "ليلى ✨");
  g_assert_cmpstr (vigil_post_get_text (p), ==, "خدمة العملاء لدى أكمي سيئة جداً 😡 #acme");
  g_assert_cmpstr (vigil_post_get_lang (p), ==, "ar");
  /* an empty description: the kind of media */
  assert_strv (vigil_post_get_media (p), (const char *[]) { "[video]", NULL });

  /* entities decoded; edited_at set */
  p = get_post (result, 3);
  g_assert_cmpstr (vigil_post_get_text (p), ==, "Η ACME & οι \"συνεργάτες\" της <δεν> απάντησαν'…");
  g_assert_cmpstr (vigil_post_get_lang (p), ==, "el");
  g_assert_cmpstr (vigil_post_get_author (p), ==, "nikos@social.example");
  g_assert_true (vigil_post_get_edited (p));
  g_assert_cmpint (vigil_post_get_event (p), ==, VIGIL_POST_EVENT_CREATE);

  /* a reblog is normalised as the original status */
  p = get_post (result, 4);
  g_assert_cmpstr (vigil_post_get_remote_id (p), ==, "113456789012345600001");
  g_assert_cmpstr (vigil_post_get_author (p), ==, "carol@other.example");
  g_assert_cmpstr (vigil_post_get_author_name (p), ==, "Carol Reporter");
  g_assert_cmpint (vigil_post_get_author_followers (p), ==, 50000);
  g_assert_cmpstr (vigil_post_get_text (p), ==, "ACME's CEO just resigned.");
  g_assert_cmpstr (vigil_post_get_url (p), ==, "https://other.example/@carol/113456789012345600001");
  assert_time (vigil_post_get_created_at (p), "2026-11-19T18:45:00Z");
  g_assert_cmpint (vigil_post_get_reposts (p), ==, 99);
  g_assert_true (g_str_has_prefix (vigil_post_get_raw (p), "{\"id\":\"113456789012345679000\""));

  /* a direct message; an empty display name reads as none */
  p = get_post (result, 5);
  g_assert_cmpint (vigil_post_get_visibility (p), ==, VIGIL_VISIBILITY_DIRECT);
  g_assert_cmpstr (vigil_post_get_text (p), ==, "@acme_support my order #4471 never arrived");
  g_assert_cmpstr (vigil_post_get_author (p), ==, "eve@social.example");
  g_assert_null (vigil_post_get_author_name (p));
  /* a relative default avatar and an empty note; a string count reads as
   * its number, as followers_count does */
  g_assert_cmpint (vigil_post_get_author_has_avatar (p), ==, VIGIL_TRISTATE_NO);
  g_assert_cmpint (vigil_post_get_author_has_bio (p), ==, VIGIL_TRISTATE_NO);
  g_assert_cmpint (vigil_post_get_author_following (p), ==, 17);
  g_assert_null (vigil_post_get_author_created_at (p));

  /* missing fields stay unknown */
  p = get_post (result, 6);
  g_assert_cmpstr (vigil_post_get_remote_id (p), ==, "113456789012345678906");
  g_assert_cmpstr (vigil_post_get_text (p), ==, "bare minimum");
  g_assert_null (vigil_post_get_author (p));
  g_assert_null (vigil_post_get_url (p));
  g_assert_null (vigil_post_get_lang (p));
  g_assert_null (vigil_post_get_created_at (p));
  g_assert_cmpint (vigil_post_get_author_followers (p), ==, -1);
  g_assert_cmpint (vigil_post_get_author_following (p), ==, -1);
  g_assert_null (vigil_post_get_author_created_at (p));
  g_assert_cmpint (vigil_post_get_author_has_avatar (p), ==, VIGIL_TRISTATE_UNKNOWN);
  g_assert_cmpint (vigil_post_get_author_has_bio (p), ==, VIGIL_TRISTATE_UNKNOWN);
  g_assert_cmpint (vigil_post_get_replies (p), ==, -1);
  g_assert_cmpint (vigil_post_get_reposts (p), ==, -1);
  g_assert_cmpint (vigil_post_get_likes (p), ==, -1);

  /* "@frank", a string follower count, media without description, junk
   * list members, script dropped */
  p = get_post (result, 7);
  g_assert_cmpstr (vigil_post_get_author (p), ==, "frank@social.example");
  g_assert_cmpint (vigil_post_get_author_followers (p), ==, 42);
  g_assert_cmpstr (vigil_post_get_text (p), ==,
                   "Line one\nline two\n\nSecond paragraph with a script.");
  assert_strv (vigil_post_get_media (p), (const char *[]) { "[audio]", "Cat typing", NULL });
  assert_strv (vigil_post_get_tags (p), (const char *[]) { "acme", NULL });

  /* rejects say where: the line and the byte offset of the element */
  r = get_reject (result, 0);
  g_assert_cmpuint (r->line, ==, 9);
  g_assert_cmpuint (line_of_offset (bytes, r->offset), ==, 9);
  g_assert_true (bytes_at_offset_start_with (bytes, r->offset, "{\"created_at\":\"2026-11-21T12:00:00.000Z\",\"content\":\"<p>no id"));
  g_assert_nonnull (strstr (r->message, "id"));
  r = get_reject (result, 1);
  g_assert_cmpuint (r->line, ==, 10);
  g_assert_true (bytes_at_offset_start_with (bytes, r->offset, "{\"id\":1.13456789012345678e20"));
  g_assert_nonnull (strstr (r->message, "floating-point"));
}

static void
test_parse_status_node (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(JsonNode) bounded = NULL;
  g_autoptr(VigilPost) a = NULL;
  g_autoptr(VigilPost) b = NULL;
  g_autoptr(VigilPost) c = NULL;
  g_autoptr(VigilPost) d = NULL;
  g_autoptr(JsonNode) array = NULL;
  const char *json = "{\"id\":113456789012345678901,\"uri\":\"https://Local.Example/users/u/statuses/1\","
                     "\"url\":\"javascript:alert(1)\","
                     "\"account\":{\"acct\":\"u\"},\"content\":\"<p>hi</p>\"}";

  /* through the bounded parser, the long id survives */
  bounded = vigil_json_parse_bounded (json, strlen (json), &error);
  g_assert_no_error (error);
  a = vigil_mastodon_parse_status (bounded, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (vigil_post_get_remote_id (a), ==, "113456789012345678901");
  /* local account, no url: the host comes from the uri */
  g_assert_cmpstr (vigil_post_get_author (a), ==, "u@local.example");
  g_assert_cmpstr (vigil_post_get_url (a), ==, "https://Local.Example/users/u/statuses/1");
  /* raw is the node serialised */
  g_assert_nonnull (strstr (vigil_post_get_raw (a), "\"content\":\"<p>hi</p>\""));

  /* an integer id from a plain JsonParser */
  json_parser_load_from_data (parser, "{\"id\":12345,\"account\":{\"acct\":\"solo\"}}", -1, &error);
  g_assert_no_error (error);
  b = vigil_mastodon_parse_status (json_parser_get_root (parser), &error);
  g_assert_no_error (error);
  g_assert_cmpstr (vigil_post_get_remote_id (b), ==, "12345");
  /* nowhere to take a host from */
  g_assert_cmpstr (vigil_post_get_author (b), ==, "solo");
  g_assert_cmpstr (vigil_post_get_text (b), ==, "");

  /* not an object */
  array = vigil_json_parse_bounded ("[1,2]", 5, &error);
  g_assert_no_error (error);
  c = vigil_mastodon_parse_status (array, &error);
  g_assert_error (error, VIGIL_NORMALIZE_ERROR, VIGIL_NORMALIZE_ERROR_INVALID);
  g_assert_null (c);
  g_clear_error (&error);

  /* an id with spaces or controls is refused */
  json_parser_load_from_data (parser, "{\"id\":\"12 34\"}", -1, &error);
  g_assert_no_error (error);
  d = vigil_mastodon_parse_status (json_parser_get_root (parser), &error);
  g_assert_error (error, VIGIL_NORMALIZE_ERROR, VIGIL_NORMALIZE_ERROR_INVALID);
  g_assert_null (d);
}

static void
test_sse_stream (void)
{
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(VigilParseResult) result = parse_fixture ("stream.sse", &bytes);
  VigilPost *p;
  VigilParseReject *r;

  g_assert_cmpuint (result->posts->len, ==, 5);
  g_assert_cmpuint (result->skipped, ==, 1);  /* the notification */
  g_assert_cmpuint (result->rejects->len, ==, 2);

  p = get_post (result, 0);
  g_assert_cmpint (vigil_post_get_event (p), ==, VIGIL_POST_EVENT_CREATE);
  g_assert_cmpstr (vigil_post_get_remote_id (p), ==, "113456789012345678950");
  g_assert_cmpstr (vigil_post_get_text (p), ==, "ACME outage again?");
  g_assert_cmpstr (vigil_post_get_author (p), ==, "gina@social.example");
  g_assert_false (vigil_post_get_edited (p));
  g_assert_true (g_str_has_prefix (vigil_post_get_raw (p), "{\"id\":\"113456789012345678950\""));

  p = get_post (result, 1);
  g_assert_cmpint (vigil_post_get_event (p), ==, VIGIL_POST_EVENT_EDIT);
  g_assert_cmpstr (vigil_post_get_remote_id (p), ==, "113456789012345678950");
  g_assert_cmpstr (vigil_post_get_text (p), ==, "ACME outage again? Fixed now.");
  g_assert_true (vigil_post_get_edited (p));
  g_assert_cmpint (vigil_post_get_likes (p), ==, 1);

  /* a bare id */
  p = get_post (result, 2);
  g_assert_cmpint (vigil_post_get_event (p), ==, VIGIL_POST_EVENT_DELETE);
  g_assert_true (vigil_post_get_deleted (p));
  g_assert_cmpstr (vigil_post_get_remote_id (p), ==, "113456789012345678901");
  g_assert_cmpint (vigil_post_get_platform (p), ==, VIGIL_PLATFORM_MASTODON);

  /* data split over two lines is joined with a newline */
  p = get_post (result, 3);
  g_assert_cmpstr (vigil_post_get_remote_id (p), ==, "113456789012345678951");
  g_assert_cmpstr (vigil_post_get_author (p), ==, "dan@social.example");
  g_assert_nonnull (strstr (vigil_post_get_raw (p), "</p>\",\n\"account\""));

  /* a quoted id */
  p = get_post (result, 4);
  g_assert_cmpint (vigil_post_get_event (p), ==, VIGIL_POST_EVENT_DELETE);
  g_assert_cmpstr (vigil_post_get_remote_id (p), ==, "113456789012345678950");

  /* the broken event: its first field line, not the heartbeat before it */
  r = get_reject (result, 0);
  g_assert_cmpuint (r->line, ==, 21);
  g_assert_cmpuint (line_of_offset (bytes, r->offset), ==, 21);
  g_assert_true (bytes_at_offset_start_with (bytes, r->offset, "event: update\ndata: {\"id\": broken"));
  g_assert_nonnull (strstr (r->message, "JSON"));

  /* the event cut off at the end is not dispatched */
  r = get_reject (result, 1);
  g_assert_cmpuint (r->line, ==, 27);
  g_assert_true (bytes_at_offset_start_with (bytes, r->offset, "event: update\ndata: {\"id\":\"99\""));
  g_assert_nonnull (strstr (r->message, "truncated"));
}

static void
test_sse_line_endings (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(VigilParseResult) result = NULL;
  gboolean ok;

  /* CRLF, CR, "data:" without a space, an unknown field, id/retry, a
   * field without a colon, and an event without data (not dispatched) */
  result = parse_string ("\xEF\xBB\xBF: hello\r\n"
                         "event: delete\r\n"
                         "id: 7\r\n"
                         "data:111\r\n\r\n"
                         "event:delete\rdata: 222\rfoo: bar\rretry: 1000\r\r"
                         "event: delete\nnocolon\ndata: 333\n\n"
                         "event: update\n\n"
                         "data: {\"id\":\"444\"}\n\n",
                         &ok, &error);
  g_assert_no_error (error);
  g_assert_true (ok);
  g_assert_cmpuint (result->posts->len, ==, 3);
  g_assert_cmpstr (vigil_post_get_remote_id (get_post (result, 0)), ==, "111");
  g_assert_cmpstr (vigil_post_get_remote_id (get_post (result, 1)), ==, "222");
  g_assert_cmpstr (vigil_post_get_remote_id (get_post (result, 2)), ==, "333");
  /* the "message" event (no event: line) isn't a Mastodon event */
  g_assert_cmpuint (result->skipped, ==, 1);
  g_assert_cmpuint (result->rejects->len, ==, 0);
}

static void
test_events (void)
{
  g_autoptr(GError) error = NULL;
  VigilPost *post;

  post = vigil_mastodon_parse_event ("delete", " \"113456789012345678901\"\n", 25, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (vigil_post_get_remote_id (post), ==, "113456789012345678901");
  g_assert_cmpint (vigil_post_get_event (post), ==, VIGIL_POST_EVENT_DELETE);
  g_assert_true (vigil_post_get_deleted (post));
  g_assert_nonnull (vigil_post_get_fetched_at (post));
  g_object_unref (post);

  /* length is honoured: the data need not end in NUL */
  post = vigil_mastodon_parse_event ("delete", "9876543210XXXX", 10, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (vigil_post_get_remote_id (post), ==, "9876543210");
  g_object_unref (post);

  post = vigil_mastodon_parse_event ("delete", "", 0, &error);
  g_assert_error (error, VIGIL_NORMALIZE_ERROR, VIGIL_NORMALIZE_ERROR_INVALID);
  g_assert_null (post);
  g_clear_error (&error);

  post = vigil_mastodon_parse_event ("delete", "{\"id\":1}", 8, &error);
  g_assert_error (error, VIGIL_NORMALIZE_ERROR, VIGIL_NORMALIZE_ERROR_INVALID);
  g_assert_null (post);
  g_clear_error (&error);

  post = vigil_mastodon_parse_event ("update", "{\"id\":", 6, &error);
  g_assert_error (error, VIGIL_NORMALIZE_ERROR, VIGIL_NORMALIZE_ERROR_SYNTAX);
  g_assert_null (post);
  g_clear_error (&error);

  post = vigil_mastodon_parse_event ("update", "\"just a string\"", 15, &error);
  g_assert_error (error, VIGIL_NORMALIZE_ERROR, VIGIL_NORMALIZE_ERROR_INVALID);
  g_assert_null (post);
  g_clear_error (&error);

  post = vigil_mastodon_parse_event ("notification", "{\"id\":\"1\"}", 10, &error);
  g_assert_no_error (error);
  g_assert_null (post);
  post = vigil_mastodon_parse_event ("filters_changed", "", 0, &error);
  g_assert_no_error (error);
  g_assert_null (post);
}

static void
test_json_objects (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(VigilParseResult) result = NULL;
  gboolean ok;

  /* websocket messages, one per line, then a pretty-printed status */
  result = parse_string ("{\"stream\":[\"public\"],\"event\":\"update\",\"payload\":\"{\\\"id\\\":\\\"5\\\",\\\"content\\\":\\\"<p>ws</p>\\\"}\"}\n"
                         "{\"stream\":[\"public\"],\"event\":\"delete\",\"payload\":\"5\"}\n"
                         "{\"stream\":[\"user\"],\"event\":\"notification\",\"payload\":\"{}\"}\n"
                         "garbage line\n"
                         "{\n  \"id\": \"6\",\n  \"content\": \"<p>pretty</p>\"\n}\n"
                         "{\"id\":\"7\",\"content\":\"cut",
                         &ok, &error);
  g_assert_no_error (error);
  g_assert_true (ok);
  g_assert_cmpuint (result->posts->len, ==, 3);
  g_assert_cmpstr (vigil_post_get_text (get_post (result, 0)), ==, "ws");
  g_assert_cmpint (vigil_post_get_event (get_post (result, 1)), ==, VIGIL_POST_EVENT_DELETE);
  g_assert_cmpstr (vigil_post_get_text (get_post (result, 2)), ==, "pretty");
  g_assert_cmpuint (result->skipped, ==, 1);
  g_assert_cmpuint (result->rejects->len, ==, 2);
  g_assert_cmpuint (get_reject (result, 0)->line, ==, 4);
  g_assert_cmpuint (get_reject (result, 1)->line, ==, 9);
}

static void
test_truncated (void)
{
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(VigilParseResult) result = parse_fixture ("truncated.json", &bytes);
  VigilParseReject *r;

  g_assert_cmpuint (result->posts->len, ==, 1);
  g_assert_cmpstr (vigil_post_get_remote_id (get_post (result, 0)), ==, "200");
  g_assert_cmpuint (result->rejects->len, ==, 2);
  r = get_reject (result, 0);
  g_assert_cmpuint (r->line, ==, 2);
  g_assert_true (bytes_at_offset_start_with (bytes, r->offset, "{\"id\":\"201\""));
  r = get_reject (result, 1);
  g_assert_cmpint (r->offset, ==, g_bytes_get_size (bytes));
  g_assert_nonnull (strstr (r->message, "truncated"));
}

static void
test_invalid_utf8 (void)
{
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(VigilParseResult) result = parse_fixture ("invalid-utf8.json", &bytes);
  VigilParseReject *r;

  g_assert_cmpuint (result->posts->len, ==, 2);
  g_assert_cmpstr (vigil_post_get_remote_id (get_post (result, 0)), ==, "300");
  g_assert_cmpstr (vigil_post_get_remote_id (get_post (result, 1)), ==, "302");
  g_assert_cmpuint (result->rejects->len, ==, 1);
  r = get_reject (result, 0);
  g_assert_cmpuint (r->line, ==, 2);
  g_assert_true (bytes_at_offset_start_with (bytes, r->offset, "{\"id\":\"301\""));
  g_assert_nonnull (strstr (r->message, "UTF-8"));
}

static void
test_not_mastodon (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(VigilParseResult) a = NULL;
  g_autoptr(VigilParseResult) b = NULL;
  g_autoptr(VigilParseResult) c = NULL;
  gboolean ok;

  a = parse_string ("hello world\nthis is not a stream\n", &ok, &error);
  g_assert_error (error, VIGIL_NORMALIZE_ERROR, VIGIL_NORMALIZE_ERROR_SYNTAX);
  g_assert_false (ok);
  g_clear_error (&error);

  b = parse_string ("   \n", &ok, &error);
  g_assert_no_error (error);
  g_assert_true (ok);
  g_assert_cmpuint (b->posts->len, ==, 0);

  c = parse_string ("[]  x", &ok, &error);
  g_assert_no_error (error);
  g_assert_true (ok);
  g_assert_cmpuint (c->posts->len, ==, 0);
  g_assert_cmpuint (c->rejects->len, ==, 1);
  g_assert_cmpint (get_reject (c, 0)->offset, ==, 4);
}

static void
test_too_large_document (void)
{
  gsize size = VIGIL_NORMALIZE_MAX_DOCUMENT + 1;
  g_autoptr(GBytes) bytes = g_bytes_new_take (g_malloc0 (size), size);
  g_autoptr(VigilParseResult) result = vigil_parse_result_new ();
  g_autoptr(GError) error = NULL;

  g_assert_false (vigil_mastodon_parse_document (bytes, result, &error));
  g_assert_error (error, VIGIL_NORMALIZE_ERROR, VIGIL_NORMALIZE_ERROR_TOO_LARGE);
  g_assert_cmpuint (result->posts->len, ==, 0);
}

/* A 50 MB document whose one status is 50 MB: refused as a record, before
 * json-glib ever sees it. */
static void
test_huge_record (void)
{
  gsize size = 50 * 1024 * 1024;
  GString *doc = g_string_sized_new (size + 64);
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(VigilParseResult) result = vigil_parse_result_new ();
  g_autoptr(GError) error = NULL;
  gsize fill;

  g_string_append (doc, "[{\"id\":\"1\",\"content\":\"<p>");
  fill = size - doc->len - 10;
  g_string_set_size (doc, doc->len + fill);
  memset (doc->str + doc->len - fill, 'a', fill);
  g_string_append (doc, "</p>\"},\n{\"id\":\"2\"}]");
  bytes = g_string_free_to_bytes (doc);
  g_assert_cmpuint (g_bytes_get_size (bytes), >=, size);

  g_assert_true (vigil_mastodon_parse_document (bytes, result, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (result->posts->len, ==, 1);
  g_assert_cmpstr (vigil_post_get_remote_id (get_post (result, 0)), ==, "2");
  g_assert_cmpuint (result->rejects->len, ==, 1);
  g_assert_cmpuint (get_reject (result, 0)->line, ==, 1);
  g_assert_cmpint (get_reject (result, 0)->offset, ==, 1);
  g_assert_nonnull (strstr (get_reject (result, 0)->message, "limit"));
}

static void
test_huge_sse_event (void)
{
  GString *doc = g_string_new ("event: update\n");
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(VigilParseResult) result = vigil_parse_result_new ();
  g_autoptr(GError) error = NULL;

  for (guint i = 0; i < 3000; i++)
    {
      g_string_append (doc, "data: ");
      for (guint j = 0; j < 50; j++)
        g_string_append (doc, "xxxxxxxxxx");
      g_string_append_c (doc, '\n');
    }
  g_string_append (doc, "\nevent: delete\ndata: 42\n\n");
  bytes = g_string_free_to_bytes (doc);

  g_assert_true (vigil_mastodon_parse_document (bytes, result, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (result->posts->len, ==, 1);
  g_assert_cmpuint (result->rejects->len, ==, 1);
  g_assert_cmpuint (get_reject (result, 0)->line, ==, 1);
  g_assert_nonnull (strstr (get_reject (result, 0)->message, "limit"));
}

static void
test_deep_nesting (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GString) deep = g_string_new ("[");
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(VigilParseResult) result = vigil_parse_result_new ();
  guint levels = 300000;

  /* a document: [ [[[…]]] ] */
  for (guint i = 0; i < levels; i++)
    g_string_append_c (deep, '[');
  for (guint i = 0; i < levels; i++)
    g_string_append_c (deep, ']');
  g_string_append (deep, ",{\"id\":\"8\"}]");
  bytes = g_bytes_new (deep->str, deep->len);

  g_assert_true (vigil_mastodon_parse_document (bytes, result, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (result->posts->len, ==, 1);
  g_assert_cmpuint (result->rejects->len, ==, 1);
  g_assert_nonnull (strstr (get_reject (result, 0)->message, "deeper"));
}

static void
test_json_bounded (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GString) json = g_string_new (NULL);
  g_autoptr(GString) million = g_string_new (NULL);
  JsonNode *node;
  JsonObject *object;
  const char *numbers = "{\"a\":123456789012345678901234567890,\"b\":1.5,\"c\":-5,"
                        "\"d\":\"x12345678901234567890 \\\" 12345678901234567890\","
                        "\"e\":12345678901234567890e2,\"f\":[98765432109876543210],"
                        "\"g\":123456789012345678,\"h\":0.12345678901234567890123,"
                        "\"i\":1e1234567890123456789,\"j\":-12345678901234567890123}";

  /* exactly the limit is fine, one more level is not */
  for (guint i = 0; i < VIGIL_NORMALIZE_MAX_DEPTH; i++)
    g_string_append_c (json, '[');
  for (guint i = 0; i < VIGIL_NORMALIZE_MAX_DEPTH; i++)
    g_string_append_c (json, ']');
  node = vigil_json_parse_bounded (json->str, json->len, &error);
  g_assert_no_error (error);
  g_assert_nonnull (node);
  json_node_unref (node);

  g_string_prepend_c (json, '[');
  g_string_append_c (json, ']');
  node = vigil_json_parse_bounded (json->str, json->len, &error);
  g_assert_error (error, VIGIL_NORMALIZE_ERROR, VIGIL_NORMALIZE_ERROR_TOO_DEEP);
  g_assert_null (node);
  g_clear_error (&error);

  /* brackets inside strings don't count */
  g_string_printf (json, "{\"s\":\"%s\"}", "[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[");
  node = vigil_json_parse_bounded (json->str, json->len, &error);
  g_assert_no_error (error);
  json_node_unref (node);

  /* a million levels: over the record size limit before anything else */
  for (guint i = 0; i < 1000000; i++)
    g_string_append_c (million, '[');
  node = vigil_json_parse_bounded (million->str, million->len, &error);
  g_assert_error (error, VIGIL_NORMALIZE_ERROR, VIGIL_NORMALIZE_ERROR_TOO_DEEP);
  g_assert_null (node);
  g_clear_error (&error);
  for (guint i = 0; i < 100000; i++)
    g_string_append_c (million, '[');
  node = vigil_json_parse_bounded (million->str, million->len, &error);
  g_assert_error (error, VIGIL_NORMALIZE_ERROR, VIGIL_NORMALIZE_ERROR_TOO_LARGE);
  g_assert_null (node);
  g_clear_error (&error);

  /* long integer literals keep their digits, as strings */
  node = vigil_json_parse_bounded (numbers, strlen (numbers), &error);
  g_assert_no_error (error);
  object = json_node_get_object (node);
  g_assert_cmpstr (json_object_get_string_member (object, "a"), ==, "123456789012345678901234567890");
  g_assert_cmpfloat (json_object_get_double_member (object, "b"), ==, 1.5);
  g_assert_cmpint (json_object_get_int_member (object, "c"), ==, -5);
  g_assert_cmpstr (json_object_get_string_member (object, "d"), ==,
                   "x12345678901234567890 \" 12345678901234567890");
  g_assert_cmpint (json_node_get_value_type (json_object_get_member (object, "e")), ==, G_TYPE_DOUBLE);
  g_assert_cmpstr (json_array_get_string_element (json_object_get_array_member (object, "f"), 0), ==,
                   "98765432109876543210");
  g_assert_cmpint (json_object_get_int_member (object, "g"), ==, 123456789012345678);
  /* a fraction's or an exponent's digits are not an integer */
  g_assert_cmpfloat_with_epsilon (json_object_get_double_member (object, "h"), 0.123456789, 1e-9);
  g_assert_cmpint (json_node_get_value_type (json_object_get_member (object, "i")), ==, G_TYPE_DOUBLE);
  /* negative ones are left to json-glib */
  g_assert_cmpint (json_node_get_value_type (json_object_get_member (object, "j")), !=, G_TYPE_STRING);
  json_node_unref (node);

  /* invalid UTF-8, NUL bytes, empty, garbage */
  node = vigil_json_parse_bounded ("{\"a\":\"\xff\"}", 9, &error);
  g_assert_error (error, VIGIL_NORMALIZE_ERROR, VIGIL_NORMALIZE_ERROR_SYNTAX);
  g_assert_nonnull (strstr (error->message, "UTF-8"));
  g_assert_null (node);
  g_clear_error (&error);
  node = vigil_json_parse_bounded ("{\"a\":\"\0\"}", 9, &error);
  g_assert_error (error, VIGIL_NORMALIZE_ERROR, VIGIL_NORMALIZE_ERROR_SYNTAX);
  g_clear_error (&error);
  node = vigil_json_parse_bounded ("", 0, &error);
  g_assert_error (error, VIGIL_NORMALIZE_ERROR, VIGIL_NORMALIZE_ERROR_SYNTAX);
  g_clear_error (&error);
  node = vigil_json_parse_bounded ("{\"a\":tru", 8, &error);
  g_assert_error (error, VIGIL_NORMALIZE_ERROR, VIGIL_NORMALIZE_ERROR_SYNTAX);
  g_clear_error (&error);
}

/* The fast reader must never accept what json-glib refuses, and must build
 * the same tree whenever it accepts: checked on the fixtures, on edge cases
 * and on thousands of random mutations of them. */
static void
check_fast_matches_json_glib (const char *data,
                              gsize       length)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(JsonNode) fast = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *a = NULL;
  g_autofree char *b = NULL;

  if (!g_utf8_validate_len (data, length, NULL))
    return;  /* never reaches the reader */
  fast = _vigil_json_fast_parse (data, length);
  if (fast == NULL)
    return;  /* json-glib decides */
  /* both keep a \u0000 escape as U+2400 (json-glib is handed \u2400, as
   * vigil_json_parse_bounded does), never cutting the text there */
  if (g_strstr_len (data, length, "\\u0000") != NULL)
    {
      g_autoptr(GString) copy = g_string_new_len (data, length);

      g_string_replace (copy, "\\u0000", "\\u2400", 0);
      data = copy->str;
      if (!json_parser_load_from_data (parser, copy->str, copy->len, &error))
        g_error ("fast reader accepted what json-glib refuses (%s)", error->message);
      a = json_to_string (fast, FALSE);
      b = json_to_string (json_parser_get_root (parser), FALSE);
      g_assert_cmpstr (a, ==, b);
      return;
    }
  if (!json_parser_load_from_data (parser, data, length, &error))
    g_error ("fast reader accepted what json-glib refuses (%s): %.*s",
             error->message, (int) MIN (length, 200), data);
  g_assert_nonnull (json_parser_get_root (parser));
  a = json_to_string (fast, FALSE);
  b = json_to_string (json_parser_get_root (parser), FALSE);
  g_assert_cmpstr (a, ==, b);
  g_assert_true (json_node_equal (fast, json_parser_get_root (parser)));
}

static void
test_json_fast (void)
{
  static const char *edges[] = {
    "[]", "{}", "0", "-0", "1e5", "1E-5", "0.5", "-1.5e+3", "true", "false", "null",
    "\"\\u00e9\\ud83d\\ude00\"", "\"\\u0000\"", "\"\\ud800\"", "\"\\udc00x\"", "01", "1.", ".5",
    "+1", "tru", "nul", "[1,]", "{\"a\":1,}", "{\"a\" 1}", "\"\t\"", "[1 2]", "  {  }  ",
    "{\"a\":{\"a\":{}}}", "\"\\/\\b\\f\\n\\r\\t\\\"\\\\\"", "\"\\x\"",
    "9223372036854775807", "-9223372036854775808", "9223372036854775808", "123456789012345678",
    "{\"a\":1,\"a\":2}", "[\"\\u00\"]", "{\"k\":\"v\"} x", "[[[[]]]]", "\"é 日本\"",
    "1e999", "-", "[-]", "{,}", "[,1]", "\"", "",
  };
  static const char specials[] = "{}[]\":,\\0123456789-+.eEtrufalsn \n\t\x01";
  g_autoptr(GPtrArray) corpus = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GBytes) statuses = load_fixture ("mastodon", "statuses.json");
  g_autoptr(GBytes) events = load_fixture ("jetstream", "events.jsonl");
  GBytes *sources[] = { statuses, events };

  for (guint i = 0; i < G_N_ELEMENTS (edges); i++)
    g_ptr_array_add (corpus, g_strdup (edges[i]));
  for (guint s = 0; s < G_N_ELEMENTS (sources); s++)
    {
      g_autofree char *text = g_strndup (g_bytes_get_data (sources[s], NULL),
                                         g_bytes_get_size (sources[s]));
      g_auto(GStrv) lines = g_strsplit (text, "\n", -1);

      for (guint i = 0; lines[i]; i++)
        g_ptr_array_add (corpus, g_strdup (lines[i][0] == ',' ? lines[i] + 1 : lines[i]));
    }

  for (guint i = 0; i < corpus->len; i++)
    check_fast_matches_json_glib (corpus->pdata[i], strlen (corpus->pdata[i]));

  for (guint round = 0; round < 3000; round++)
    {
      const char *seed = corpus->pdata[g_test_rand_int_range (0, corpus->len)];
      g_autoptr(GString) m = g_string_new (seed);
      guint n = g_test_rand_int_range (1, 4);

      for (guint k = 0; k < n && m->len > 0; k++)
        {
          guint at = g_test_rand_int_range (0, m->len);
          char c = specials[g_test_rand_int_range (0, sizeof specials - 1)];

          switch (g_test_rand_int_range (0, 4))
            {
            case 0: m->str[at] = c; break;
            case 1: g_string_erase (m, at, 1); break;
            case 2: g_string_insert_c (m, at, c); break;
            default: g_string_truncate (m, at); break;
            }
        }
      check_fast_matches_json_glib (m->str, m->len);
    }
}

/* The text road and the json-glib road must map a status alike, and the
 * text road must decline whatever json-glib would refuse. */
static gboolean
check_status_roads_agree (const char *data,
                          gsize       length)
{
  g_autoptr(GError) fast_error = NULL;
  g_autoptr(GError) slow_error = NULL;
  g_autoptr(VigilPost) fast = NULL;
  g_autoptr(VigilPost) slow = NULL;
  g_autoptr(JsonNode) node = NULL;
  g_autoptr(GString) a = g_string_new (NULL);
  g_autoptr(GString) b = g_string_new (NULL);

  fast = _vigil_mastodon_fast_status (data, length, &fast_error);
  if (fast == NULL && fast_error == NULL)
    return FALSE;  /* declined */

  node = vigil_json_parse_bounded (data, length, &slow_error);
  if (node == NULL)
    g_error ("the text road accepted a record json-glib refuses (%s): %.*s",
             slow_error->message, (int) MIN (length, 300), data);
  slow = vigil_mastodon_parse_status (node, &slow_error);
  if (fast == NULL)
    {
      g_assert_null (slow);
      g_assert_error (slow_error, fast_error->domain, fast_error->code);
      g_assert_cmpstr (slow_error->message, ==, fast_error->message);
      return TRUE;
    }
  g_assert_no_error (slow_error);
  g_assert_nonnull (slow);
  vigil_post_set_fetched_at (fast, NULL);
  vigil_post_set_fetched_at (slow, NULL);
  vigil_post_write_json (fast, a);
  vigil_post_write_json (slow, b);
  g_assert_cmpstr (a->str, ==, b->str);
  g_assert_cmpmem (vigil_post_get_raw (fast), strlen (vigil_post_get_raw (fast)), data, length);
  return TRUE;
}

static void
test_status_roads (void)
{
  static const char *edges[] = {
    "{\"id\":\"1\",\"url\":5,\"url\":\"https://a.example/x\",\"account\":{\"acct\":\"a\"},\"account\":7}",
    "{\"id\":\"1\",\"account\":{\"acct\":\"a\",\"acct\":null,\"username\":\"u\",\"url\":\"https://h.example/@u\"}}",
    "{\"id\":\"1\",\"reblog\":{\"id\":\"2\",\"reblog\":{\"id\":\"3\"}}}",
    "{\"id\":\"1\",\"reblog\":{\"id\":\"2\"},\"reblog\":null}",
    "{\"reblog\":{\"content\":\"<p>no id inside</p>\"},\"id\":\"1\"}",
    "{\"id\":\"1\",\"media_attachments\":[1,{\"type\":\"video\"},{\"description\":\"d\",\"description\":5},{}],"
    "\"tags\":[{\"name\":\"\"},{\"name\":\"x\"},[],\"y\"]}",
    "{\"id\":\"1\",\"media_attachments\":{},\"tags\":null}",
    "{\"id\":1.5}", "{\"id\":12345678901234567890}", "{\"id\":-12345678901234567890}", "{\"id\":\"\"}",
    "{\"id\":\"1\",\"replies_count\":\"12\",\"reblogs_count\":1e3,\"favourites_count\":true}",
    "{\"id\":\"1\",\"edited_at\":false}", "{\"id\":\"1\",\"edited_at\":null}",
    "{\"id\":\"1\",\"in_reply_to_id\":99,\"in_reply_to_id\":123456789012345678901}",
    "{\"id\":\"1\",\"content\":\"\\u003cp\\u003ea\\u00e9\\ud83d\\ude00\\u003c/p\\u003e\",\"visibility\":\"direct\"}",
    "{\"id\":\"1\",\"a_member_name_longer_than_thirty_two_bytes\":{\"content\":\"x\"}}",
    "{\"id\":\"1\",\"account\":{\"followers_count\":-5,\"display_name\":\"\"}}",
    "{\"id\":\"1\",\"account\":{\"following_count\":-3,\"created_at\":\"junk\",\"avatar\":5,\"note\":null}}",
    "{\"id\":\"1\",\"account\":{\"avatar\":\"https://h.example/system/missing.png?1\",\"avatar\":\"\","
    "\"note\":\"<p> <br> </p>\",\"created_at\":\"2020-02-02T02:02:02Z\",\"following_count\":1e2}}",
    "{\"id\":\"1\",\"account\":{\"avatar\":\"https://h.example/a.png\",\"note\":\"<p>hi &amp; bye</p>\"}}",
    "[{\"id\":\"1\"}]", "\"x\"", "{\"id\":\"1\"} {}", "{\"id\":\"1\",}", "{\"id\":\"1 2\"}",
  };
  static const char specials[] = "{}[]\":,\\0123456789-.eEtrufalsn \n";
  g_autoptr(GPtrArray) corpus = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GBytes) statuses = load_fixture ("mastodon", "statuses.json");
  g_autoptr(GString) many = g_string_new ("{\"id\":\"7\",\"media_attachments\":[");
  g_autofree char *text = g_strndup (g_bytes_get_data (statuses, NULL), g_bytes_get_size (statuses));
  g_auto(GStrv) lines = g_strsplit (text, "\n", -1);
  guint handled = 0;

  for (guint i = 0; i < 70; i++)
    g_string_append_printf (many, "%s{\"description\":\"m%u\"}", i ? "," : "", i);
  g_string_append (many, "]}");
  g_ptr_array_add (corpus, g_strdup (many->str));
  for (guint i = 0; i < G_N_ELEMENTS (edges); i++)
    g_ptr_array_add (corpus, g_strdup (edges[i]));
  for (guint i = 1; lines[i] && lines[i][0] != ']'; i++)
    g_ptr_array_add (corpus, g_strdup (lines[i][0] == ',' ? lines[i] + 1 : lines[i]));

  for (guint i = 0; i < corpus->len; i++)
    if (check_status_roads_agree (corpus->pdata[i], strlen (corpus->pdata[i])))
      handled++;
  /* the text road does take the well-formed ones */
  g_assert_cmpuint (handled, >=, corpus->len - 6);

  for (guint round = 0; round < 3000; round++)
    {
      const char *seed = corpus->pdata[g_test_rand_int_range (0, corpus->len)];
      g_autoptr(GString) m = g_string_new (seed);
      guint n = g_test_rand_int_range (1, 4);

      for (guint k = 0; k < n && m->len > 0; k++)
        {
          guint at = g_test_rand_int_range (0, m->len);
          char c = specials[g_test_rand_int_range (0, sizeof specials - 1)];

          switch (g_test_rand_int_range (0, 4))
            {
            case 0: m->str[at] = c; break;
            case 1: g_string_erase (m, at, 1); break;
            case 2: g_string_insert_c (m, at, c); break;
            default: g_string_truncate (m, at); break;
            }
        }
      check_status_roads_agree (m->str, m->len);
    }
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/vigil/mastodon-parser/rest-array", test_rest_array);
  g_test_add_func ("/vigil/mastodon-parser/status-node", test_parse_status_node);
  g_test_add_func ("/vigil/mastodon-parser/sse-stream", test_sse_stream);
  g_test_add_func ("/vigil/mastodon-parser/sse-line-endings", test_sse_line_endings);
  g_test_add_func ("/vigil/mastodon-parser/events", test_events);
  g_test_add_func ("/vigil/mastodon-parser/json-objects", test_json_objects);
  g_test_add_func ("/vigil/mastodon-parser/truncated", test_truncated);
  g_test_add_func ("/vigil/mastodon-parser/invalid-utf8", test_invalid_utf8);
  g_test_add_func ("/vigil/mastodon-parser/not-mastodon", test_not_mastodon);
  g_test_add_func ("/vigil/mastodon-parser/too-large-document", test_too_large_document);
  g_test_add_func ("/vigil/mastodon-parser/huge-record", test_huge_record);
  g_test_add_func ("/vigil/mastodon-parser/huge-sse-event", test_huge_sse_event);
  g_test_add_func ("/vigil/mastodon-parser/deep-nesting", test_deep_nesting);
  g_test_add_func ("/vigil/mastodon-parser/json-bounded", test_json_bounded);
  g_test_add_func ("/vigil/mastodon-parser/json-fast", test_json_fast);
  g_test_add_func ("/vigil/mastodon-parser/status-roads", test_status_roads);

  return g_test_run ();
}

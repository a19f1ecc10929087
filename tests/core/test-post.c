/* test-post.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <json-glib/json-glib.h>
#include <string.h>

#include "vigil-post.h"

static void
test_platform_names (void)
{
  g_assert_cmpstr (vigil_platform_to_string (VIGIL_PLATFORM_MASTODON), ==, "mastodon");
  g_assert_cmpstr (vigil_platform_to_string (VIGIL_PLATFORM_BLUESKY), ==, "bluesky");
  g_assert_cmpstr (vigil_platform_to_string (VIGIL_PLATFORM_FEED), ==, "feed");
  g_assert_cmpstr (vigil_platform_to_string (VIGIL_PLATFORM_DRILL), ==, "drill");
  g_assert_cmpint (vigil_platform_from_string ("bluesky"), ==, VIGIL_PLATFORM_BLUESKY);
  g_assert_cmpint (vigil_platform_from_string ("myspace"), ==, VIGIL_PLATFORM_UNKNOWN);
  g_assert_cmpint (vigil_platform_from_string (NULL), ==, VIGIL_PLATFORM_UNKNOWN);
  g_assert_cmpstr (vigil_platform_to_string (99), ==, "unknown");
}

static void
test_times_are_utc (void)
{
  g_autoptr(VigilPost) post = vigil_post_new (VIGIL_PLATFORM_FEED, "x");
  g_autoptr(GTimeZone) tz = g_time_zone_new_offset (2 * 3600);
  g_autoptr(GDateTime) local = g_date_time_new (tz, 2026, 11, 23, 12, 0, 0);
  g_autofree char *iso = NULL;

  vigil_post_set_created_at (post, local);
  iso = vigil_format_iso8601 (vigil_post_get_created_at (post));
  g_assert_cmpstr (iso, ==, "2026-11-23T10:00:00Z");
}

static void
test_parse_iso8601 (void)
{
  g_autoptr(GDateTime) a = vigil_parse_iso8601 ("2026-11-01");
  g_autoptr(GDateTime) b = vigil_parse_iso8601 ("2026-11-01T12:30:00+01:00");
  g_autoptr(GDateTime) c = vigil_parse_iso8601 ("yesterday");
  g_autofree char *sa = vigil_format_iso8601 (a);
  g_autofree char *sb = vigil_format_iso8601 (b);

  g_assert_cmpstr (sa, ==, "2026-11-01T00:00:00Z");
  g_assert_cmpstr (sb, ==, "2026-11-01T11:30:00Z");
  g_assert_null (c);
}

static void
test_json_round_trip (void)
{
  g_autoptr(VigilPost) post = vigil_post_new (VIGIL_PLATFORM_MASTODON, "113456789012345678901");
  const char *tags[] = { "acme", "ré\"sumé", NULL };
  g_autoptr(GString) out = g_string_new (NULL);
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;
  JsonObject *obj;

  vigil_post_set_author (post, "alice@example.social");
  vigil_post_set_text (post, "line one\nline \"two\"\t\x01 ✓ 😀");
  vigil_post_set_tags (post, tags);
  vigil_post_set_author_followers (post, 1200);
  vigil_post_set_deleted (post, TRUE);
  vigil_post_write_json (post, out);

  json_parser_load_from_data (parser, out->str, out->len, &error);
  g_assert_no_error (error);
  obj = json_node_get_object (json_parser_get_root (parser));
  g_assert_cmpstr (json_object_get_string_member (obj, "platform"), ==, "mastodon");
  /* ids stay strings: they overflow a double */
  g_assert_cmpstr (json_object_get_string_member (obj, "remote_id"), ==, "113456789012345678901");
  g_assert_cmpstr (json_object_get_string_member (obj, "text"), ==, "line one\nline \"two\"\t\x01 ✓ 😀");
  g_assert_cmpint (json_object_get_int_member (obj, "followers"), ==, 1200);
  g_assert_true (json_object_get_boolean_member (obj, "deleted"));
  g_assert_false (json_object_get_boolean_member (obj, "edited"));
  g_assert_true (json_node_is_null (json_object_get_member (obj, "created_at")));
  g_assert_cmpstr (json_array_get_string_element (json_object_get_array_member (obj, "tags"), 1),
                   ==, "ré\"sumé");
  /* the profile fields default to unknown, written as null */
  g_assert_true (json_node_is_null (json_object_get_member (obj, "author_following")));
  g_assert_true (json_node_is_null (json_object_get_member (obj, "author_created_at")));
  g_assert_true (json_node_is_null (json_object_get_member (obj, "author_has_avatar")));
  g_assert_true (json_node_is_null (json_object_get_member (obj, "author_has_bio")));
}

static void
test_author_profile (void)
{
  g_autoptr(VigilPost) post = vigil_post_new (VIGIL_PLATFORM_MASTODON, "1");
  g_autoptr(GDateTime) created = g_date_time_new_utc (2024, 3, 1, 12, 0, 0);
  g_autoptr(GString) out = g_string_new (NULL);
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;
  JsonObject *obj;

  g_assert_cmpint (vigil_post_get_author_following (post), ==, -1);
  g_assert_null (vigil_post_get_author_created_at (post));
  g_assert_cmpint (vigil_post_get_author_has_avatar (post), ==, VIGIL_TRISTATE_UNKNOWN);
  g_assert_cmpint (vigil_post_get_author_has_bio (post), ==, VIGIL_TRISTATE_UNKNOWN);

  vigil_post_set_author_following (post, 900);
  vigil_post_set_author_created_at (post, created);
  vigil_post_set_author_has_avatar (post, VIGIL_TRISTATE_NO);
  vigil_post_set_author_has_bio (post, VIGIL_TRISTATE_YES);
  g_assert_cmpint (vigil_post_get_author_following (post), ==, 900);
  g_assert_true (g_date_time_equal (vigil_post_get_author_created_at (post), created));
  g_assert_cmpint (vigil_post_get_author_has_avatar (post), ==, VIGIL_TRISTATE_NO);
  g_assert_cmpint (vigil_post_get_author_has_bio (post), ==, VIGIL_TRISTATE_YES);

  vigil_post_write_json (post, out);
  json_parser_load_from_data (parser, out->str, out->len, &error);
  g_assert_no_error (error);
  obj = json_node_get_object (json_parser_get_root (parser));
  g_assert_cmpint (json_object_get_int_member (obj, "author_following"), ==, 900);
  g_assert_cmpstr (json_object_get_string_member (obj, "author_created_at"), ==, "2024-03-01T12:00:00Z");
  g_assert_false (json_object_get_boolean_member (obj, "author_has_avatar"));
  g_assert_true (json_object_get_boolean_member (obj, "author_has_bio"));

  /* out-of-range values fall back to unknown */
  vigil_post_set_author_has_bio (post, (VigilTristate) 7);
  vigil_post_set_author_following (post, -5);
  vigil_post_set_author_created_at (post, NULL);
  g_assert_cmpint (vigil_post_get_author_has_bio (post), ==, VIGIL_TRISTATE_UNKNOWN);
  g_assert_cmpint (vigil_post_get_author_following (post), ==, -1);
  g_assert_null (vigil_post_get_author_created_at (post));
}

static void
test_annotations_json (void)
{
  g_autoptr(VigilPost) post = vigil_post_new (VIGIL_PLATFORM_BLUESKY, "at://did:plc:x/app.bsky.feed.post/1");
  const char *categories[] = { "customer-service.refund", "pr.outrage", NULL };
  const char *reasons[] = { "account is 3 days old", NULL };
  g_autoptr(GString) out = g_string_new (NULL);
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;
  JsonObject *obj, *sentiment;

  /* unclassified: no annotation members at all */
  vigil_post_write_json (post, out);
  g_assert_null (strstr (out->str, "sentiment"));
  g_assert_cmpint (vigil_post_get_sentiment (post), ==, VIGIL_SENTIMENT_NONE);

  vigil_post_set_sentiment (post, -0.6696, VIGIL_SENTIMENT_NEGATIVE);
  vigil_post_set_categories (post, categories);
  vigil_post_set_reach (post, 56000, 5600);
  vigil_post_set_impersonation (post, 0.8, reasons);
  vigil_post_set_duplicates (post, 12, 5000);
  vigil_post_set_sentiment_override (post, VIGIL_SENTIMENT_NEUTRAL);
  g_assert_cmpint (vigil_post_get_sentiment (post), ==, VIGIL_SENTIMENT_NEUTRAL);
  g_assert_cmpint (vigil_post_get_computed_sentiment (post), ==, VIGIL_SENTIMENT_NEGATIVE);

  g_string_truncate (out, 0);
  vigil_post_write_json (post, out);
  json_parser_load_from_data (parser, out->str, out->len, &error);
  g_assert_no_error (error);
  obj = json_node_get_object (json_parser_get_root (parser));
  sentiment = json_object_get_object_member (obj, "sentiment");
  g_assert_cmpfloat_with_epsilon (json_object_get_double_member (sentiment, "compound"), -0.6696, 1e-9);
  g_assert_cmpstr (json_object_get_string_member (sentiment, "label"), ==, "neutral");
  g_assert_cmpstr (json_object_get_string_member (sentiment, "computed"), ==, "negative");
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (obj, "categories")), ==, 2);
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (obj, "watches")), ==, 0);
  g_assert_cmpint (json_object_get_int_member (obj, "reach"), ==, 56000);
  g_assert_cmpfloat_with_epsilon (json_object_get_double_member (obj, "ots"), 5600, 1e-9);
  g_assert_true (json_object_has_member (obj, "impersonation"));
  g_assert_false (json_object_has_member (obj, "moderation"));
  g_assert_cmpint (json_object_get_int_member (json_object_get_object_member (obj, "duplicates"), "count"),
                   ==, 5000);
  g_assert_cmpstr (vigil_sentiment_to_string (VIGIL_SENTIMENT_POSITIVE), ==, "positive");
  g_assert_cmpint (vigil_sentiment_from_string ("negative"), ==, VIGIL_SENTIMENT_NEGATIVE);
  g_assert_cmpint (vigil_sentiment_from_string ("meh"), ==, VIGIL_SENTIMENT_NONE);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/vigil/post/platform-names", test_platform_names);
  g_test_add_func ("/vigil/post/times-are-utc", test_times_are_utc);
  g_test_add_func ("/vigil/post/parse-iso8601", test_parse_iso8601);
  g_test_add_func ("/vigil/post/json-round-trip", test_json_round_trip);
  g_test_add_func ("/vigil/post/annotations-json", test_annotations_json);
  g_test_add_func ("/vigil/post/author-profile", test_author_profile);
  return g_test_run ();
}

/* test-feed-parser.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "normalize-test-util.h"

#define FEED_URL "https://news.example.com/feed.xml"

static VigilParseResult *
parse_fixture (const char  *name,
               const char  *feed_url,
               GBytes     **bytes_out)
{
  g_autoptr(GBytes) bytes = load_fixture ("feeds", name);
  g_autoptr(GError) error = NULL;
  VigilParseResult *result = vigil_parse_result_new ();

  g_assert_true (vigil_feed_parse_document (bytes, feed_url, result, &error));
  g_assert_no_error (error);
  for (guint i = 0; i < result->posts->len; i++)
    {
      VigilPost *post = get_post (result, i);

      assert_post_utf8 (post);
      g_assert_cmpint (vigil_post_get_platform (post), ==, VIGIL_PLATFORM_FEED);
      g_assert_cmpint (vigil_post_get_event (post), ==, VIGIL_POST_EVENT_CREATE);
      g_assert_nonnull (vigil_post_get_fetched_at (post));
    }
  if (bytes_out)
    *bytes_out = g_bytes_ref (bytes);
  return result;
}

static VigilParseResult *
parse_string (const char  *xml,
              const char  *feed_url,
              gboolean    *ok,
              GError     **error)
{
  g_autoptr(GBytes) bytes = g_bytes_new (xml, strlen (xml));
  VigilParseResult *result = vigil_parse_result_new ();

  *ok = vigil_feed_parse_document (bytes, feed_url, result, error);
  return result;
}

static void
assert_time (VigilPost  *post,
             const char *expected)
{
  g_autofree char *iso = format_time (vigil_post_get_created_at (post));

  g_assert_cmpstr (iso, ==, expected);
}

static void
test_rss2 (void)
{
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(VigilParseResult) result = parse_fixture ("rss2.xml", FEED_URL, &bytes);
  g_autofree char *hash = NULL;
  VigilPost *p;
  VigilParseReject *r;

  g_assert_cmpuint (result->posts->len, ==, 3);
  g_assert_cmpuint (result->rejects->len, ==, 1);

  p = get_post (result, 0);
  /* a guid that is not a URI is qualified with the feed URL */
  g_assert_cmpstr (vigil_post_get_remote_id (p), ==, FEED_URL "#item-1");
  g_assert_cmpstr (vigil_post_get_title (p), ==, "ACME to close Leeds site, 200 jobs at risk");
  /* content:encoded wins over description; title + blank line + body */
  g_assert_cmpstr (vigil_post_get_text (p), ==,
                   "ACME to close Leeds site, 200 jobs at risk\n\n"
                   "ACME confirmed on Monday that its Leeds site will close.\n\n"
                   "Unions called the decision “a betrayal”.\nA consultation starts next week.");
  g_assert_cmpstr (vigil_post_get_url (p), ==, "https://news.example.com/acme-leeds-closure");
  g_assert_cmpstr (vigil_post_get_author (p), ==, "newsdesk@news.example.com");
  g_assert_cmpstr (vigil_post_get_author_name (p), ==, "Jane Doe");
  g_assert_cmpstr (vigil_post_get_lang (p), ==, "en-gb");
  assert_time (p, "2026-11-23T09:00:00Z");
  assert_strv (vigil_post_get_tags (p), (const char *[]) { "Business", "Jobs", NULL });
  assert_strv (vigil_post_get_media (p),
               (const char *[]) { "[image]", "The factory gate on Monday morning", NULL });
  g_assert_cmpint (vigil_post_get_visibility (p), ==, VIGIL_VISIBILITY_PUBLIC);
  g_assert_cmpint (vigil_post_get_author_followers (p), ==, -1);
  g_assert_false (vigil_post_get_edited (p));
  g_assert_true (g_str_has_prefix (vigil_post_get_raw (p), "<item>"));
  g_assert_nonnull (strstr (vigil_post_get_raw (p), "<guid isPermaLink=\"false\">item-1</guid>"));

  /* no guid: the link (resolved against the feed URL) is the id */
  p = get_post (result, 1);
  g_assert_cmpstr (vigil_post_get_remote_id (p), ==, "https://news.example.com/council-responds");
  g_assert_cmpstr (vigil_post_get_url (p), ==, "https://news.example.com/council-responds");
  g_assert_cmpstr (vigil_post_get_author (p), ==, "Sam Patel");
  g_assert_cmpstr (vigil_post_get_text (p), ==,
                   "Council responds to closure\n\nThe council said it was \"deeply disappointed\".");
  assert_time (p, "2026-11-23T15:30:00Z");
  g_assert_null (vigil_post_get_tags (p));

  /* neither guid nor link: a hash; no author: the channel title */
  p = get_post (result, 2);
  hash = g_compute_checksum_for_string (G_CHECKSUM_SHA256,
                                        FEED_URL "\nBrief: market update\n23 Nov 26 16:45 EST\n", -1);
  g_assert_true (g_str_has_prefix (vigil_post_get_remote_id (p), "sha256:"));
  g_assert_cmpstr (vigil_post_get_remote_id (p) + 7, ==, hash);
  g_assert_cmpstr (vigil_post_get_author (p), ==, "Leeds Business News");
  g_assert_cmpstr (vigil_post_get_text (p), ==, "Brief: market update");
  g_assert_null (vigil_post_get_url (p));
  assert_time (p, "2026-11-23T21:45:00Z");

  /* the empty item, at its line */
  r = get_reject (result, 0);
  g_assert_cmpuint (r->line, ==, 37);
  g_assert_cmpuint (line_of_offset (bytes, r->offset), ==, 37);
  g_assert_true (bytes_at_offset_start_with (bytes, r->offset, "    <item>\n      <description></description>"));
}

static void
test_rss2_without_feed_url (void)
{
  g_autoptr(VigilParseResult) result = parse_fixture ("rss2.xml", NULL, NULL);

  g_assert_cmpuint (result->posts->len, ==, 3);
  g_assert_cmpstr (vigil_post_get_remote_id (get_post (result, 0)), ==, "item-1");
  /* a relative link can't be resolved, and is dropped */
  g_assert_null (vigil_post_get_url (get_post (result, 1)));
  g_assert_cmpstr (vigil_post_get_remote_id (get_post (result, 1)), !=, "/council-responds");
}

static void
test_rss1 (void)
{
  g_autoptr(VigilParseResult) result = parse_fixture ("rss1.rdf", "https://forum.example.net/rss", NULL);
  VigilPost *p;

  g_assert_cmpuint (result->posts->len, ==, 2);
  g_assert_cmpuint (result->rejects->len, ==, 0);

  p = get_post (result, 0);
  g_assert_cmpstr (vigil_post_get_remote_id (p), ==, "https://forum.example.net/t/41");
  g_assert_cmpstr (vigil_post_get_title (p), ==, "Problème avec la livraison ACME");
  g_assert_cmpstr (vigil_post_get_text (p), ==,
                   "Problème avec la livraison ACME\n\n"
                   "Ma commande n’est jamais arrivée & le support ne répond pas.");
  g_assert_cmpstr (vigil_post_get_url (p), ==, "https://forum.example.net/t/41");
  g_assert_cmpstr (vigil_post_get_author (p), ==, "marie_l");
  g_assert_cmpstr (vigil_post_get_lang (p), ==, "fr");
  assert_time (p, "2026-11-22T17:04:05Z");
  assert_strv (vigil_post_get_tags (p), (const char *[]) { "livraison", NULL });

  p = get_post (result, 1);
  g_assert_cmpstr (vigil_post_get_remote_id (p), ==, "https://forum.example.net/t/42");
  g_assert_cmpstr (vigil_post_get_text (p), ==, "ACME recrute à Lyon");
  g_assert_cmpstr (vigil_post_get_author (p), ==, "Example Forum");
  assert_time (p, "2026-11-23T00:00:00Z");
}

static void
test_atom (void)
{
  g_autoptr(VigilParseResult) result = parse_fixture ("atom.xml", "https://elsewhere.example/feed", NULL);
  VigilPost *p;

  g_assert_cmpuint (result->posts->len, ==, 2);
  g_assert_cmpuint (result->rejects->len, ==, 0);

  p = get_post (result, 0);
  g_assert_cmpstr (vigil_post_get_remote_id (p), ==, "tag:blog.example.org,2026:post-1");
  /* type="html" title, xhtml content with its script dropped */
  g_assert_cmpstr (vigil_post_get_title (p), ==, "Post-mortem: the router outage");
  g_assert_cmpstr (vigil_post_get_text (p), ==,
                   "Post-mortem: the router outage\n\n"
                   "On Sunday a bad firmware push bricked routers.\n\n"
                   "We rolled back within 2 hours.\nSorry.");
  /* xml:base wins over the feed URL */
  g_assert_cmpstr (vigil_post_get_url (p), ==, "https://blog.example.org/posts/router-outage");
  g_assert_cmpstr (vigil_post_get_author (p), ==, "Priya Raman");
  g_assert_cmpstr (vigil_post_get_lang (p), ==, "en");
  /* published, not updated */
  assert_time (p, "2026-11-23T01:00:00Z");
  assert_strv (vigil_post_get_tags (p), (const char *[]) { "outage", "postmortem", NULL });
  assert_strv (vigil_post_get_media (p), (const char *[]) { "Error rate graph", NULL });

  /* entry xml:base and xml:lang; feed author; summary; javascript: ignored */
  p = get_post (result, 1);
  g_assert_cmpstr (vigil_post_get_url (p), ==, "https://blog.example.org/archive/2025/maintenance");
  g_assert_cmpstr (vigil_post_get_lang (p), ==, "de");
  g_assert_cmpstr (vigil_post_get_author (p), ==, "ACME Engineering");
  g_assert_cmpstr (vigil_post_get_text (p), ==, "Wartungsfenster\n\nGeplante Wartung am Montag.");
  assert_time (p, "2025-12-01T06:00:00Z");
}

static void
test_author_fallback_host (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(VigilParseResult) result = NULL;
  gboolean ok;

  result = parse_string ("<rss><channel><item><title>t</title><link>https://x.example/1</link>"
                         "<link>https://x.example/2</link><link>javascript:alert(1)</link>"
                         "<category>a</category><category>a</category></item>"
                         "<item><link>javascript:alert(1)</link><guid isPermaLink=\"true\">"
                         "file:///etc/passwd</guid></item></channel></rss>",
                         "https://Feeds.Example.org/x.rss", &ok, &error);
  g_assert_no_error (error);
  g_assert_true (ok);
  g_assert_cmpuint (result->posts->len, ==, 2);
  g_assert_cmpstr (vigil_post_get_author (get_post (result, 0)), ==, "feeds.example.org");
  g_assert_cmpstr (vigil_post_get_url (get_post (result, 0)), ==, "https://x.example/1");
  assert_strv (vigil_post_get_tags (get_post (result, 0)), (const char *[]) { "a", NULL });
  /* only web links are kept */
  g_assert_null (vigil_post_get_url (get_post (result, 1)));
  g_assert_cmpstr (vigil_post_get_remote_id (get_post (result, 1)), ==, "file:///etc/passwd");
}

static void
test_ill_formed (void)
{
  g_autoptr(VigilParseResult) result = parse_fixture ("ill-formed.xml", NULL, NULL);
  VigilPost *p;

  /* recover mode keeps what it can: at least the first item */
  g_assert_cmpuint (result->posts->len, >=, 1);
  p = get_post (result, 0);
  g_assert_cmpstr (vigil_post_get_title (p), ==, "First post with a stray entity");
  g_assert_cmpstr (vigil_post_get_url (p), ==, "https://sloppy.example/1");
  g_assert_true (g_str_has_prefix (vigil_post_get_text (p),
                                   "First post with a stray entity\n\nUnescaped HTML inside,"));
}

static void
assert_no_passwd (VigilParseResult *result)
{
  for (guint i = 0; i < result->posts->len; i++)
    {
      VigilPost *p = get_post (result, i);
      const char *fields[] = {
        vigil_post_get_text (p), vigil_post_get_title (p), vigil_post_get_raw (p),
        vigil_post_get_author (p), vigil_post_get_author_name (p),
      };

      for (guint j = 0; j < G_N_ELEMENTS (fields); j++)
        if (fields[j])
          {
            g_assert_null (strstr (fields[j], "root:"));
            g_assert_null (strstr (fields[j], "/bin/"));
          }
    }
}

static void
test_xxe (void)
{
  g_autoptr(VigilParseResult) a = parse_fixture ("xxe.xml", NULL, NULL);
  g_autoptr(VigilParseResult) b = parse_fixture ("xxe-dtd.xml", NULL, NULL);
  g_autofree char *passwd = NULL;

  /* make sure the test could see a leak: the file is there and has root */
  if (g_file_get_contents ("/etc/passwd", &passwd, NULL, NULL))
    g_assert_nonnull (strstr (passwd, "root:"));

  g_assert_cmpuint (a->posts->len, ==, 1);
  g_assert_cmpstr (vigil_post_get_text (get_post (a, 0)), ==, "Leak\n\nsecret: end");
  g_assert_cmpstr (vigil_post_get_author (get_post (a, 0)), ==, "XXE");
  assert_no_passwd (a);
  g_assert_cmpuint (b->posts->len, ==, 1);
  g_assert_cmpstr (vigil_post_get_text (get_post (b, 0)), ==, "DTD");
  assert_no_passwd (b);
}

static void
test_billion_laughs (void)
{
  g_autoptr(VigilParseResult) result = parse_fixture ("billion-laughs.xml", NULL, NULL);
  g_autoptr(GString) bigger = g_string_new ("<?xml version=\"1.0\"?>\n<!DOCTYPE rss [\n"
                                            "<!ENTITY a0 \"ha\">\n");
  g_autoptr(VigilParseResult) second = NULL;
  g_autoptr(GError) error = NULL;
  VigilPost *p;
  gboolean ok;

  g_assert_cmpuint (result->posts->len, ==, 1);
  p = get_post (result, 0);
  g_assert_cmpstr (vigil_post_get_text (p), ==, "Bomb\n\nbefore after");
  g_assert_cmpstr (vigil_post_get_author (p), ==, "Laughs");
  g_assert_null (strstr (vigil_post_get_raw (p), "lollol"));
  g_assert_cmpuint (strlen (vigil_post_get_raw (p)), <, 4096);

  /* 2^64 "ha"s, referenced from every field */
  for (guint i = 1; i <= 64; i++)
    g_string_append_printf (bigger, "<!ENTITY a%u \"&a%u;&a%u;\">\n", i, i - 1, i - 1);
  g_string_append (bigger, "]>\n<rss><channel><title>&a64;</title><item><title>T &a64;</title>"
                           "<link>https://ha.example/&a64;</link><description>&a64;&a64;</description>"
                           "<category>&a64;</category></item></channel></rss>\n");
  second = parse_string (bigger->str, NULL, &ok, &error);
  g_assert_no_error (error);
  g_assert_true (ok);
  g_assert_cmpuint (second->posts->len, ==, 1);
  g_assert_cmpstr (vigil_post_get_text (get_post (second, 0)), ==, "T");
  g_assert_null (strstr (vigil_post_get_raw (get_post (second, 0)), "haha"));
}

static void
test_encodings (void)
{
  g_autoptr(VigilParseResult) a = parse_fixture ("invalid-utf8.xml", NULL, NULL);
  g_autoptr(VigilParseResult) b = parse_fixture ("wrong-encoding.xml", NULL, NULL);
  g_autoptr(VigilParseResult) c = NULL;
  g_autoptr(GError) error = NULL;
  gboolean ok;

  /* parse_fixture checked that every string is valid UTF-8 */
  g_assert_cmpuint (a->posts->len, ==, 2);
  g_assert_true (g_str_has_prefix (vigil_post_get_title (get_post (a, 0)), "Cr"));
  g_assert_true (g_str_has_suffix (vigil_post_get_title (get_post (a, 0)), " recall"));
  g_assert_cmpstr (vigil_post_get_title (get_post (a, 1)), ==, "Second");

  /* an encoding libxml2 doesn't know is read as UTF-8 */
  g_assert_cmpuint (b->posts->len, ==, 1);
  g_assert_true (g_str_has_prefix (vigil_post_get_title (get_post (b, 0)), "T"));
  g_assert_cmpstr (vigil_post_get_url (get_post (b, 0)), ==, "https://odd.example/1");

  /* a declared single-byte encoding is honoured */
  c = parse_string ("<?xml version=\"1.0\" encoding=\"ISO-8859-1\"?>\n"
                    "<rss><channel><item><title>Caf\xe9</title><link>https://c.example/</link>"
                    "</item></channel></rss>", NULL, &ok, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (vigil_post_get_title (get_post (c, 0)), ==, "Café");
}

static void
test_not_a_feed (void)
{
  g_autoptr(VigilParseResult) a = NULL;
  g_autoptr(VigilParseResult) b = NULL;
  g_autoptr(VigilParseResult) c = NULL;
  g_autoptr(VigilParseResult) d = vigil_parse_result_new ();
  g_autoptr(VigilParseResult) e = NULL;
  g_autoptr(GBytes) page = load_fixture ("feeds", "not-a-feed.xml");
  g_autoptr(GError) error = NULL;
  gboolean ok;

  g_assert_false (vigil_feed_parse_document (page, NULL, d, &error));
  g_assert_error (error, VIGIL_NORMALIZE_ERROR, VIGIL_NORMALIZE_ERROR_UNSUPPORTED);
  g_assert_nonnull (strstr (error->message, "<html>"));
  g_clear_error (&error);

  a = parse_string ("just some text, no XML", NULL, &ok, &error);
  g_assert_false (ok);
  g_assert_error (error, VIGIL_NORMALIZE_ERROR, VIGIL_NORMALIZE_ERROR_SYNTAX);
  g_clear_error (&error);

  b = parse_string ("", NULL, &ok, &error);
  g_assert_false (ok);
  g_assert_error (error, VIGIL_NORMALIZE_ERROR, VIGIL_NORMALIZE_ERROR_SYNTAX);
  g_clear_error (&error);

  /* <rss> without a channel */
  c = parse_string ("<rss version=\"2.0\"><item><title>x</title></item></rss>", NULL, &ok, &error);
  g_assert_false (ok);
  g_assert_error (error, VIGIL_NORMALIZE_ERROR, VIGIL_NORMALIZE_ERROR_UNSUPPORTED);
  g_clear_error (&error);

  /* a <feed> outside the Atom namespace */
  e = parse_string ("<feed><entry><id>1</id></entry></feed>", NULL, &ok, &error);
  g_assert_false (ok);
  g_assert_error (error, VIGIL_NORMALIZE_ERROR, VIGIL_NORMALIZE_ERROR_UNSUPPORTED);
}

static void
test_too_large (void)
{
  gsize size = VIGIL_NORMALIZE_MAX_DOCUMENT + 1;
  g_autoptr(GBytes) bytes = g_bytes_new_take (g_malloc0 (size), size);
  g_autoptr(VigilParseResult) result = vigil_parse_result_new ();
  g_autoptr(GError) error = NULL;

  g_assert_false (vigil_feed_parse_document (bytes, NULL, result, &error));
  g_assert_error (error, VIGIL_NORMALIZE_ERROR, VIGIL_NORMALIZE_ERROR_TOO_LARGE);
}

static void
test_deep (void)
{
  g_autoptr(GString) xml = g_string_new ("<rss><channel><item><title>deep</title>"
                                         "<link>https://deep.example/</link><description>");
  g_autoptr(GString) deeper = g_string_new ("<rss><channel><item><title>x</title>");
  g_autoptr(VigilParseResult) a = NULL;
  g_autoptr(VigilParseResult) b = NULL;
  g_autoptr(GError) error = NULL;
  gboolean ok;

  /* 200 nested elements inside a description: the walk stops at the bound */
  for (guint i = 0; i < 200; i++)
    g_string_append (xml, "<div>");
  g_string_append (xml, "bottom");
  for (guint i = 0; i < 200; i++)
    g_string_append (xml, "</div>");
  g_string_append (xml, "top</description></item></channel></rss>");
  a = parse_string (xml->str, NULL, &ok, &error);
  g_assert_no_error (error);
  g_assert_true (ok);
  g_assert_cmpuint (a->posts->len, ==, 1);
  g_assert_cmpstr (vigil_post_get_text (get_post (a, 0)), ==, "deep\n\ntop");

  /* 100 000 levels: libxml2 gives up at its own limit, we don't crash */
  for (guint i = 0; i < 100000; i++)
    g_string_append (deeper, "<x>");
  b = parse_string (deeper->str, NULL, &ok, &error);
  g_assert_no_error (error);
  g_assert_true (ok);
}

static void
test_hash_is_stable (void)
{
  const char *xml = "<rss><channel><title>T</title><item><title>Same</title>"
                    "<pubDate>Mon, 23 Nov 2026 10:00:00 GMT</pubDate></item></channel></rss>";
  g_autoptr(GError) error = NULL;
  g_autoptr(VigilParseResult) a = NULL;
  g_autoptr(VigilParseResult) b = NULL;
  g_autoptr(VigilParseResult) c = NULL;
  gboolean ok;

  a = parse_string (xml, "https://a.example/feed", &ok, &error);
  b = parse_string (xml, "https://a.example/feed", &ok, &error);
  c = parse_string (xml, "https://b.example/feed", &ok, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (strlen (vigil_post_get_remote_id (get_post (a, 0))), ==, 7 + 64);
  g_assert_cmpstr (vigil_post_get_remote_id (get_post (a, 0)), ==,
                   vigil_post_get_remote_id (get_post (b, 0)));
  /* the same headline in another feed is another post */
  g_assert_cmpstr (vigil_post_get_remote_id (get_post (a, 0)), !=,
                   vigil_post_get_remote_id (get_post (c, 0)));
}

/* A 50 MB feed whose first entry is 50 MB: that entry is refused as one
 * record over the limit, the next one is kept. */
static void
test_huge_entry (void)
{
  gsize size = 50 * 1024 * 1024;
  GString *xml = g_string_sized_new (size + 256);
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(VigilParseResult) result = vigil_parse_result_new ();
  g_autoptr(GError) error = NULL;
  gsize start;

  g_string_append (xml, "<rss><channel><title>big</title>\n<item><title>huge</title>"
                        "<link>https://big.example/1</link><description>");
  start = xml->len;
  g_string_set_size (xml, start + size);
  memset (xml->str + start, 'a', size);
  g_string_append (xml, "</description></item>\n<item><title>after</title>"
                        "<link>https://big.example/2</link></item></channel></rss>\n");
  bytes = g_string_free_to_bytes (xml);

  g_assert_true (vigil_feed_parse_document (bytes, NULL, result, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (result->posts->len, ==, 1);
  g_assert_cmpstr (vigil_post_get_text (get_post (result, 0)), ==, "after");
  g_assert_cmpuint (result->rejects->len, ==, 1);
  g_assert_cmpuint (get_reject (result, 0)->line, ==, 2);
  g_assert_true (bytes_at_offset_start_with (bytes, get_reject (result, 0)->offset, "<item><title>huge"));
  g_assert_nonnull (strstr (get_reject (result, 0)->message, "limit"));
}

/* feed-level strings are copied into every post, so they are bounded */
static void
test_feed_strings_bounded (void)
{
  g_autoptr(GString) xml = g_string_new ("<rss><channel><title>");
  g_autoptr(VigilParseResult) result = NULL;
  g_autoptr(GError) error = NULL;
  gboolean ok;

  for (guint i = 0; i < 100000; i++)
    g_string_append (xml, "é");
  g_string_append (xml, "</title><language>");
  for (guint i = 0; i < 100; i++)
    g_string_append (xml, "en");
  g_string_append (xml, "</language>");
  for (guint i = 0; i < 100; i++)
    g_string_append_printf (xml, "<item><link>https://t.example/%u</link></item>", i);
  g_string_append (xml, "</channel></rss>");

  result = parse_string (xml->str, NULL, &ok, &error);
  g_assert_no_error (error);
  g_assert_true (ok);
  g_assert_cmpuint (result->posts->len, ==, 100);
  g_assert_cmpuint (strlen (vigil_post_get_author (get_post (result, 99))), <=, 1024);
  g_assert_true (g_utf8_validate (vigil_post_get_author (get_post (result, 99)), -1, NULL));
  g_assert_true (g_str_has_prefix (vigil_post_get_author (get_post (result, 99)), "ééé"));
  g_assert_null (vigil_post_get_lang (get_post (result, 0)));
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/vigil/feed-parser/rss2", test_rss2);
  g_test_add_func ("/vigil/feed-parser/rss2-without-feed-url", test_rss2_without_feed_url);
  g_test_add_func ("/vigil/feed-parser/rss1", test_rss1);
  g_test_add_func ("/vigil/feed-parser/atom", test_atom);
  g_test_add_func ("/vigil/feed-parser/author-fallback-host", test_author_fallback_host);
  g_test_add_func ("/vigil/feed-parser/ill-formed", test_ill_formed);
  g_test_add_func ("/vigil/feed-parser/xxe", test_xxe);
  g_test_add_func ("/vigil/feed-parser/billion-laughs", test_billion_laughs);
  g_test_add_func ("/vigil/feed-parser/encodings", test_encodings);
  g_test_add_func ("/vigil/feed-parser/not-a-feed", test_not_a_feed);
  g_test_add_func ("/vigil/feed-parser/too-large", test_too_large);
  g_test_add_func ("/vigil/feed-parser/huge-entry", test_huge_entry);
  g_test_add_func ("/vigil/feed-parser/feed-strings-bounded", test_feed_strings_bounded);
  g_test_add_func ("/vigil/feed-parser/deep", test_deep);
  g_test_add_func ("/vigil/feed-parser/hash-is-stable", test_hash_is_stable);

  return g_test_run ();
}

/* test-html-text.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include "vigil-normalize.h"

static void
check (const char *html,
       const char *expected)
{
  g_autofree char *text = vigil_html_to_text (html, -1);

  g_assert_cmpstr (text, ==, expected);
}

static void
test_paragraphs (void)
{
  check ("<p>Hello</p><p>World</p>", "Hello\n\nWorld");
  check ("<p>Hello</p>\n<p>World</p>\n", "Hello\n\nWorld");
  check ("a<br>b<br/>c<br />d<BR>e", "a\nb\nc\nd\ne");
  check ("a<br><br>b", "a\n\nb");
  check ("a<br><br><br><br>b", "a\n\nb");
  check ("<p>x</p><br><p>y</p>", "x\n\ny");
  check ("<p>  a  </p>  <p>  b </p>", "a\n\nb");
  check ("<p></p><p>only</p><p></p>", "only");
  check ("", "");
}

static void
test_blocks (void)
{
  check ("<ul><li>one</li><li>two</li></ul>", "one\ntwo");
  check ("<div>a</div><div>b</div>", "a\nb");
  check ("<h1>Title</h1><p>body</p>", "Title\n\nbody");
  check ("<blockquote>quoted</blockquote>reply", "quoted\nreply");
  check ("<table><tr><td>a</td><td>b</td></tr><tr><td>c</td></tr></table>", "a b\nc");
  check ("x<hr>y", "x\ny");
}

static void
test_mastodon_markup (void)
{
  /* mentions and hashtags are links: their text stays */
  check ("<p><span class=\"h-card\"><a href=\"https://social.example/@acme\" class=\"u-url mention\">"
         "@<span>acme</span></a></span> hi <a href=\"https://social.example/tags/acme\" "
         "class=\"mention hashtag\" rel=\"tag\">#<span>acme</span></a></p>",
         "@acme hi #acme");
  /* shortened links read as the full URL */
  check ("<a href=\"https://news.example.com/a-long-path\"><span class=\"invisible\">https://</span>"
         "<span class=\"ellipsis\">news.example.com/a-lo</span><span class=\"invisible\">ng-path"
         "</span></a>",
         "https://news.example.com/a-long-path");
  check ("<a href=\"x>y\" title='a>b'>link</a> text", "link text");
}

static void
test_named_entities (void)
{
  check ("&amp;&lt;&gt;&quot;&apos;", "&<>\"'");
  check ("a&nbsp;b&nbsp;&nbsp;c", "a b c");
  check ("&hellip;&mdash;&ndash;&lsquo;&rsquo;&ldquo;&rdquo;", "…—–‘’“”");
  check ("&copy;&reg;&trade;&euro;", "©®™€");
  check ("AT&T &amp co &unknown; & done", "AT&T &amp co &unknown; & done");
  check ("&AMP;", "&AMP;");
  check ("&amp;lt;", "&lt;");  /* decoded once, not twice */
}

static void
test_numeric_entities (void)
{
  check ("&#65;&#x42;&#X43;&#x1F600;", "ABC😀");
  check ("&#0;", "\xEF\xBF\xBD");
  check ("&#xD800;", "\xEF\xBF\xBD");
  check ("&#x110000;", "\xEF\xBF\xBD");
  check ("&#99999999999999999999999;", "\xEF\xBF\xBD");
  check ("&#1;&#x80;", "\xEF\xBF\xBD\xEF\xBF\xBD");
  check ("&#; &#x; &#xZ;", "&#; &#x; &#xZ;");
  check ("a&#32;&#10;b", "a b");
}

static void
test_dropped_content (void)
{
  check ("a<script>var x = '</p>'; if (a < b) {}</script>b<style>p { color: red }</style>c"
         "<template><p>t</p></template>d<SCRIPT type=\"x\">evil()</SCRIPT >e<noscript>n</noscript>f",
         "abcdef");
  check ("a<script>never closed", "a");
  check ("a<script/>b", "ab");
  check ("a<!-- <p>hidden</p> -->b", "ab");
  check ("<!DOCTYPE html><?xml version=\"1.0\"?>x", "x");
  check ("a<!-- never closed", "a");
  check ("a<img src=x alt=\"picture\">b", "ab");
}

static void
test_whitespace_and_text (void)
{
  check ("  a \n\t b  ", "a b");
  check ("a < b and c > d", "a < b and c > d");
  check ("<3 and <", "<3 and <");
  check ("a\x01" "b\x7f" "c", "abc");
  check ("a\xC2\xA0\xC2\xA0" "b \xC2\xA9", "a b ©");
  check ("<p>日本語 &amp; العربية &amp; Ελληνικά 🌻</p>", "日本語 & العربية & Ελληνικά 🌻");
}

static void
test_length_and_nul (void)
{
  g_autofree char *a = vigil_html_to_text ("<p>abc</p>junk", 10);
  g_autofree char *b = vigil_html_to_text ("a\0b", 3);
  g_autofree char *c = vigil_html_to_text (NULL, -1);

  g_assert_cmpstr (a, ==, "abc");
  g_assert_cmpstr (b, ==, "ab");
  g_assert_cmpstr (c, ==, "");
}

static void
test_invalid_utf8 (void)
{
  g_autofree char *a = vigil_html_to_text ("caf\xe9 \xff\xfe ok", -1);
  g_autofree char *b = vigil_html_to_text ("\xf0\x9f\x98", -1);  /* truncated emoji */

  g_assert_true (g_utf8_validate (a, -1, NULL));
  g_assert_true (g_str_has_prefix (a, "caf"));
  g_assert_true (g_str_has_suffix (a, " ok"));
  g_assert_nonnull (strstr (a, "\xEF\xBF\xBD"));
  g_assert_true (g_utf8_validate (b, -1, NULL));
}

/* Random bytes biased towards markup: never crash, always valid UTF-8,
 * never longer than a few times the input. */
static void
test_random_input (void)
{
  static const char *pieces[] = {
    "<", ">", "&", ";", "#", "x", "<p>", "</p>", "<br>", "<script>", "</script", "<!--", "-->",
    "&amp;", "&#", "\"", "'", " ", "\n", "\xC2", "\xA0", "\xff", "a", "é", "<a href='", "&nbsp",
  };

  for (guint round = 0; round < 2000; round++)
    {
      g_autoptr(GString) html = g_string_new (NULL);
      g_autofree char *text = NULL;
      guint n = g_test_rand_int_range (0, 60);

      for (guint i = 0; i < n; i++)
        g_string_append (html, pieces[g_test_rand_int_range (0, G_N_ELEMENTS (pieces))]);
      text = vigil_html_to_text (html->str, html->len);
      g_assert_true (g_utf8_validate (text, -1, NULL));
      g_assert_cmpuint (strlen (text), <=, 3 * html->len + 3);
    }
}

static void
test_pathological (void)
{
  gsize n = 1024 * 1024;
  g_autofree char *lt = g_malloc (n + 1);
  g_autofree char *amp = g_malloc (n + 1);
  g_autofree char *a = NULL;
  g_autofree char *b = NULL;

  memset (lt, '<', n);
  lt[n] = '\0';
  memset (amp, '&', n);
  amp[n] = '\0';
  a = vigil_html_to_text (lt, n);
  b = vigil_html_to_text (amp, n);
  g_assert_cmpuint (strlen (a), ==, n);
  g_assert_cmpuint (strlen (b), ==, n);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/vigil/html-text/paragraphs", test_paragraphs);
  g_test_add_func ("/vigil/html-text/blocks", test_blocks);
  g_test_add_func ("/vigil/html-text/mastodon-markup", test_mastodon_markup);
  g_test_add_func ("/vigil/html-text/named-entities", test_named_entities);
  g_test_add_func ("/vigil/html-text/numeric-entities", test_numeric_entities);
  g_test_add_func ("/vigil/html-text/dropped-content", test_dropped_content);
  g_test_add_func ("/vigil/html-text/whitespace-and-text", test_whitespace_and_text);
  g_test_add_func ("/vigil/html-text/length-and-nul", test_length_and_nul);
  g_test_add_func ("/vigil/html-text/invalid-utf8", test_invalid_utf8);
  g_test_add_func ("/vigil/html-text/random-input", test_random_input);
  g_test_add_func ("/vigil/html-text/pathological", test_pathological);

  return g_test_run ();
}

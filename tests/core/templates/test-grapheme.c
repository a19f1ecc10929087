/* test-grapheme.c: extended grapheme clusters and platform lengths
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "vigil-grapheme.h"

static void
test_basic (void)
{
  g_assert_cmpuint (vigil_grapheme_count ("", -1), ==, 0);
  g_assert_cmpuint (vigil_grapheme_count ("abc", -1), ==, 3);
  g_assert_cmpuint (vigil_grapheme_count ("a\r\nb", -1), ==, 3);     /* CR LF is one */
  g_assert_cmpuint (vigil_grapheme_count ("a\n\rb", -1), ==, 4);
  g_assert_cmpuint (vigil_grapheme_count ("café", -1), ==, 4);
  /* e + combining acute + combining diaeresis: one cluster */
  g_assert_cmpuint (vigil_grapheme_count ("e\xcc\x81\xcc\x88x", -1), ==, 2);
  /* a combining mark after a control stands alone */
  g_assert_cmpuint (vigil_grapheme_count ("\n\xcc\x81", -1), ==, 2);
}

static void
test_emoji (void)
{
  /* 👍🏽 thumbs up + skin tone */
  g_assert_cmpuint (vigil_grapheme_count ("\xf0\x9f\x91\x8d\xf0\x9f\x8f\xbd", -1), ==, 1);
  /* 👩‍👩‍👧‍👦 family: ZWJ sequence of four */
  g_assert_cmpuint (vigil_grapheme_count ("\xf0\x9f\x91\xa9\xe2\x80\x8d\xf0\x9f\x91\xa9\xe2\x80\x8d"
                                          "\xf0\x9f\x91\xa7\xe2\x80\x8d\xf0\x9f\x91\xa6", -1), ==, 1);
  /* 👩🏽‍💻 woman technologist, medium skin tone */
  g_assert_cmpuint (vigil_grapheme_count ("\xf0\x9f\x91\xa9\xf0\x9f\x8f\xbd\xe2\x80\x8d\xf0\x9f\x92\xbb", -1), ==, 1);
  /* ❤️ heart + VS16 */
  g_assert_cmpuint (vigil_grapheme_count ("\xe2\x9d\xa4\xef\xb8\x8f", -1), ==, 1);
  /* 🏳️‍🌈 rainbow flag */
  g_assert_cmpuint (vigil_grapheme_count ("\xf0\x9f\x8f\xb3\xef\xb8\x8f\xe2\x80\x8d\xf0\x9f\x8c\x88", -1), ==, 1);
  /* 🏴󠁧󠁢󠁳󠁣󠁴󠁿 Scotland: black flag + tag characters */
  g_assert_cmpuint (vigil_grapheme_count ("\xf0\x9f\x8f\xb4\xf3\xa0\x81\xa7\xf3\xa0\x81\xa2\xf3\xa0\x81\xb3"
                                          "\xf3\xa0\x81\xa3\xf3\xa0\x81\xb4\xf3\xa0\x81\xbf", -1), ==, 1);
  /* a ZWJ between letters does not join them (GB11 is for pictographs) */
  g_assert_cmpuint (vigil_grapheme_count ("a\xe2\x80\x8d" "b", -1), ==, 2);
  /* keycap 1️⃣: digit + VS16 + enclosing keycap */
  g_assert_cmpuint (vigil_grapheme_count ("1\xef\xb8\x8f\xe2\x83\xa3", -1), ==, 1);
}

static void
test_flags (void)
{
  /* 🇫🇷 one flag, 🇫🇷🇩🇪 two, three regional indicators: a flag and a lone one */
  g_assert_cmpuint (vigil_grapheme_count ("\xf0\x9f\x87\xab\xf0\x9f\x87\xb7", -1), ==, 1);
  g_assert_cmpuint (vigil_grapheme_count ("\xf0\x9f\x87\xab\xf0\x9f\x87\xb7\xf0\x9f\x87\xa9\xf0\x9f\x87\xaa", -1), ==, 2);
  g_assert_cmpuint (vigil_grapheme_count ("\xf0\x9f\x87\xab\xf0\x9f\x87\xb7\xf0\x9f\x87\xa9", -1), ==, 2);
}

static void
test_hangul (void)
{
  /* 한 precomposed; 한 as L V T jamo; 글 + 한 jamo: one, one, two */
  g_assert_cmpuint (vigil_grapheme_count ("\xed\x95\x9c", -1), ==, 1);
  g_assert_cmpuint (vigil_grapheme_count ("\xe1\x84\x92\xe1\x85\xa1\xe1\x86\xab", -1), ==, 1);
  g_assert_cmpuint (vigil_grapheme_count ("\xea\xb8\x80\xe1\x84\x92\xe1\x85\xa1\xe1\x86\xab", -1), ==, 2);
  /* Devanagari: क्षि = ka virama ssa vowel-sign-i: marks attach */
  g_assert_cmpuint (vigil_grapheme_count ("\xe0\xa4\x95\xe0\xa5\x8d\xe0\xa4\xb7\xe0\xa4\xbf", -1), ==, 2);
}

static void
test_invalid (void)
{
  /* invalid bytes count one each and never hang */
  g_assert_cmpuint (vigil_grapheme_count ("a\xff\xfe" "b", -1), ==, 4);
  g_assert_cmpuint (vigil_grapheme_count ("\xf0\x9f", 2), ==, 2);
}

static void
test_platforms (void)
{
  g_autoptr(GString) s = g_string_new (NULL);

  g_assert_cmpuint (vigil_platform_limit ("mastodon"), ==, 500);
  g_assert_cmpuint (vigil_platform_limit ("bluesky"), ==, 300);
  g_assert_cmpuint (vigil_platform_limit ("x"), ==, 280);
  g_assert_cmpuint (vigil_platform_limit ("linkedin"), >, 500);
  g_assert_cmpuint (vigil_platform_limit ("myspace"), ==, 0);

  /* a URL counts 23 on Mastodon and X, its graphemes on Bluesky */
  g_assert_cmpuint (vigil_platform_length ("mastodon", "see https://example.org/a/very/long/path/indeed."), ==, 4 + 23 + 1);
  g_assert_cmpuint (vigil_platform_length ("bluesky", "see https://example.org/x"), ==, 25);
  /* X weighs CJK and emoji double */
  g_assert_cmpuint (vigil_platform_length ("x", "ab"), ==, 2);
  g_assert_cmpuint (vigil_platform_length ("x", "\xe6\x97\xa5\xe6\x9c\xac"), ==, 4);
  g_assert_cmpuint (vigil_platform_length ("x", "\xf0\x9f\x91\x8d\xf0\x9f\x8f\xbd"), ==, 2);
  g_assert_cmpuint (vigil_platform_length ("bluesky", "\xf0\x9f\x91\x8d\xf0\x9f\x8f\xbd"), ==, 1);

  /* 300 family emoji: 300 graphemes (fits Bluesky exactly), 2100 bytes */
  for (guint i = 0; i < 300; i++)
    g_string_append (s, "\xf0\x9f\x91\xa9\xe2\x80\x8d\xf0\x9f\x91\xa9\xe2\x80\x8d\xf0\x9f\x91\xa7");
  g_assert_cmpuint (vigil_platform_length ("bluesky", s->str), ==, 300);
  g_assert_cmpuint (s->len, >, 3000);
}

int
main (int argc, char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/vigil/grapheme/basic", test_basic);
  g_test_add_func ("/vigil/grapheme/emoji", test_emoji);
  g_test_add_func ("/vigil/grapheme/flags", test_flags);
  g_test_add_func ("/vigil/grapheme/hangul-and-indic", test_hangul);
  g_test_add_func ("/vigil/grapheme/invalid-utf8", test_invalid);
  g_test_add_func ("/vigil/grapheme/platforms", test_platforms);
  return g_test_run ();
}

/* test-opml.c: OPML round trip and hostile OPML
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include "vigil-opml.h"

static GBytes *
text_bytes (const char *text)
{
  return g_bytes_new (text, strlen (text));
}

static void
test_opml_round_trip (void)
{
  g_autoptr(GPtrArray) outlines = g_ptr_array_new_with_free_func ((GDestroyNotify) vigil_opml_outline_free);
  g_autoptr(GPtrArray) back = NULL;
  g_autoptr(GBytes) doc = NULL;
  g_autoptr(GError) error = NULL;

  g_ptr_array_add (outlines, vigil_opml_outline_new ("https://a.example.org/feed?x=1&y=2", "A & B <news>", NULL));
  g_ptr_array_add (outlines, vigil_opml_outline_new ("https://b.example.org/atom.xml", "“Quoted” \"title\" ☕", "https://b.example.org/"));
  g_ptr_array_add (outlines, vigil_opml_outline_new ("https://c.example.org/rss", NULL, NULL));

  doc = vigil_opml_write (outlines, "My <feeds>");
  back = vigil_opml_parse (doc, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (back->len, ==, 3);
  for (guint i = 0; i < 3; i++)
    {
      VigilOpmlOutline *a = outlines->pdata[i];
      VigilOpmlOutline *b = back->pdata[i];

      g_assert_cmpstr (a->xml_url, ==, b->xml_url);
      g_assert_cmpstr (a->html_url, ==, b->html_url);
      /* an outline without a title is written with text = its URL */
      g_assert_cmpstr (a->title ? a->title : a->xml_url, ==, b->title);
    }
}

static void
test_opml_nested_and_duplicates (void)
{
  g_autoptr(GBytes) doc = text_bytes (
    "<opml version=\"2.0\"><body>"
    "<outline text=\"Folder\"><outline text=\"Sub\">"
    "<outline text=\"One\" xmlUrl=\" https://one.example.org/ \"/></outline>"
    "<outline text=\"Two\" xmlUrl=\"https://two.example.org/\"/></outline>"
    "<outline text=\"One again\" xmlUrl=\"https://one.example.org/\"/>"
    "<outline text=\"No feed\" htmlUrl=\"https://site.example.org/\"/>"
    "</body></opml>");
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) outlines = vigil_opml_parse (doc, &error);

  g_assert_no_error (error);
  g_assert_cmpuint (outlines->len, ==, 2);
  g_assert_cmpstr (((VigilOpmlOutline *) outlines->pdata[0])->xml_url, ==, "https://one.example.org/");
  g_assert_cmpstr (((VigilOpmlOutline *) outlines->pdata[0])->title, ==, "One");
  g_assert_cmpstr (((VigilOpmlOutline *) outlines->pdata[1])->xml_url, ==, "https://two.example.org/");
}

static void
expect_failure (const char *text,
                int         code)
{
  g_autoptr(GBytes) doc = text_bytes (text);
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) outlines = vigil_opml_parse (doc, &error);

  g_assert_null (outlines);
  if (code < 0)
    g_assert_true (error && error->domain == VIGIL_OPML_ERROR);
  else
    g_assert_error (error, VIGIL_OPML_ERROR, code);
  g_assert_null (strstr (error->message, "root:"));
  g_test_message ("%s", error->message);
}

static void
test_opml_hostile (void)
{
  /* billion laughs: refused, never expanded */
  expect_failure ("<?xml version=\"1.0\"?><!DOCTYPE lolz [<!ENTITY lol \"lol\">"
                  "<!ENTITY lol2 \"&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;\">"
                  "<!ENTITY lol3 \"&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;\">]>"
                  "<opml><body><outline text=\"&lol3;\" xmlUrl=\"https://x.example.org/\"/></body></opml>",
                  VIGIL_OPML_ERROR_INVALID);
  /* external entity: refused, the file is never read */
  expect_failure ("<?xml version=\"1.0\"?><!DOCTYPE opml [<!ENTITY xxe SYSTEM \"file:///etc/passwd\">]>"
                  "<opml><body><outline text=\"&xxe;\" xmlUrl=\"https://x.example.org/\"/></body></opml>",
                  -1);
  expect_failure ("<?xml version=\"1.0\"?><!DOCTYPE opml [<!ENTITY xxe SYSTEM \"file:///etc/passwd\">]>"
                  "<opml><body><outline text=\"x\" xmlUrl=\"https://x.example.org/\"/>&xxe;</body></opml>",
                  -1);
  expect_failure ("<?xml version=\"1.0\"?><!DOCTYPE opml SYSTEM \"http://evil.example.org/opml.dtd\">"
                  "<opml><body/></opml>", VIGIL_OPML_ERROR_INVALID);
  expect_failure ("this is not xml at all", VIGIL_OPML_ERROR_SYNTAX);
  expect_failure ("<opml><body><outline></body></opml>", VIGIL_OPML_ERROR_SYNTAX);
  expect_failure ("<rss><channel/></rss>", VIGIL_OPML_ERROR_INVALID);
  expect_failure ("<opml><head/></opml>", VIGIL_OPML_ERROR_INVALID);
  expect_failure ("", VIGIL_OPML_ERROR_SYNTAX);
}

static void
test_opml_bounds (void)
{
  GString *deep = g_string_new ("<opml><body>");
  GString *many = g_string_new ("<opml><body>");
  GString *big = g_string_new ("<opml><body>");

  for (guint i = 0; i < 100; i++)
    g_string_append (deep, "<outline text=\"f\">");
  g_string_append (deep, "<outline xmlUrl=\"https://deep.example.org/\"/>");
  for (guint i = 0; i < 100; i++)
    g_string_append (deep, "</outline>");
  g_string_append (deep, "</body></opml>");
  expect_failure (deep->str, VIGIL_OPML_ERROR_TOO_LARGE);

  for (guint i = 0; i < VIGIL_OPML_MAX_OUTLINES + 1; i++)
    g_string_append_printf (many, "<outline xmlUrl=\"https://f%u.example.org/\"/>", i);
  g_string_append (many, "</body></opml>");
  expect_failure (many->str, VIGIL_OPML_ERROR_TOO_LARGE);

  while (big->len <= VIGIL_OPML_MAX_SIZE)
    g_string_append (big, "<!-- padding padding padding padding padding padding padding -->");
  g_string_append (big, "</body></opml>");
  expect_failure (big->str, VIGIL_OPML_ERROR_TOO_LARGE);

  g_string_free (deep, TRUE);
  g_string_free (many, TRUE);
  g_string_free (big, TRUE);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/vigil/opml/round-trip", test_opml_round_trip);
  g_test_add_func ("/vigil/opml/nested-and-duplicates", test_opml_nested_and_duplicates);
  g_test_add_func ("/vigil/opml/hostile", test_opml_hostile);
  g_test_add_func ("/vigil/opml/bounds", test_opml_bounds);

  return g_test_run ();
}

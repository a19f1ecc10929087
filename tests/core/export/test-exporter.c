/* test-exporter.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <json-glib/json-glib.h>
#include <libxml/parser.h>
#include <libxml/tree.h>

#include "vigil-exporter.h"

static GPtrArray *
make_posts (void)
{
  GPtrArray *posts = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GDateTime) when = g_date_time_new_utc (2026, 11, 21, 18, 40, 0);
  const char *tags[] = { "northwind", "scald", NULL };
  const char *media[] = { "A burn, \"red\"", NULL };
  VigilPost *a = vigil_post_new (VIGIL_PLATFORM_MASTODON, "113456789012345678901");
  VigilPost *b = vigil_post_new (VIGIL_PLATFORM_FEED, "urn:x<y>&z");

  vigil_post_set_id (a, 1);
  vigil_post_set_author (a, "sam@other.example");
  vigil_post_set_author_name (a, "Sam \"the kettle\" <Smith>");
  vigil_post_set_author_followers (a, 56000);
  vigil_post_set_text (a, "=HYPERLINK(\"http://evil\")\nsecond line, with comma\x01 and café ☕");
  vigil_post_set_created_at (a, when);
  vigil_post_set_tags (a, tags);
  vigil_post_set_media (a, media);
  vigil_post_set_metrics (a, 2, 5, 11);
  vigil_post_set_edited (a, TRUE);
  g_ptr_array_add (posts, a);

  vigil_post_set_id (b, 2);
  vigil_post_set_text (b, "Plain <b>not bold</b> & done");
  vigil_post_set_deleted (b, TRUE);
  g_ptr_array_add (posts, b);

  return posts;
}

static char *
export_all (VigilExportFormat format)
{
  g_autoptr(GOutputStream) stream = g_memory_output_stream_new_resizable ();
  g_autoptr(VigilExporter) exporter = vigil_exporter_new (stream, format, "text=kettle & \"scald\"");
  g_autoptr(GPtrArray) posts = make_posts ();
  g_autoptr(GError) error = NULL;

  for (guint i = 0; i < posts->len; i++)
    {
      vigil_exporter_add (exporter, g_ptr_array_index (posts, i), &error);
      g_assert_no_error (error);
    }
  vigil_exporter_finish (exporter, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (vigil_exporter_get_count (exporter), ==, 2);
  g_output_stream_write_all (stream, "", 1, NULL, NULL, &error);  /* NUL-terminate */
  g_output_stream_close (stream, NULL, &error);
  g_assert_no_error (error);
  return g_memory_output_stream_steal_data (G_MEMORY_OUTPUT_STREAM (stream));
}

static void
test_formats (void)
{
  VigilExportFormat f;

  g_assert_true (vigil_export_format_from_string ("csv", &f));
  g_assert_cmpint (f, ==, VIGIL_EXPORT_FORMAT_CSV);
  g_assert_true (vigil_export_format_from_string ("xml", &f));
  g_assert_cmpint (f, ==, VIGIL_EXPORT_FORMAT_XML);
  g_assert_false (vigil_export_format_from_string ("yaml", &f));
  g_assert_false (vigil_export_format_from_string (NULL, &f));
  g_assert_cmpstr (vigil_export_format_extension (VIGIL_EXPORT_FORMAT_JSON), ==, "json");
}

static void
test_csv (void)
{
  g_autofree char *csv = export_all (VIGIL_EXPORT_FORMAT_CSV);
  g_auto(GStrv) lines = g_strsplit (csv, "\r\n", -1);

  g_assert_true (g_str_has_prefix (lines[0], "id,platform,remote_id,author,author_name,followers,"));
  /* quotes doubled, the whole cell quoted */
  g_assert_nonnull (strstr (csv, "\"Sam \"\"the kettle\"\" <Smith>\""));
  /* a formula is defused with a leading apostrophe */
  g_assert_nonnull (strstr (csv, "\"'=HYPERLINK(\"\"http://evil\"\")\nsecond line, with comma"));
  /* the embedded newline stays inside the quoted cell, the record ends with CRLF */
  g_assert_nonnull (strstr (csv, ",true\r\n2,\"feed\",\"urn:x<y>&z\""));
  g_assert_true (g_str_has_suffix (csv, ",true,false\r\n"));
  /* ids stay exact */
  g_assert_nonnull (strstr (csv, "\"113456789012345678901\""));
}

static void
test_json (void)
{
  g_autofree char *json = export_all (VIGIL_EXPORT_FORMAT_JSON);
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;
  JsonObject *root, *post;
  JsonArray *posts;

  json_parser_load_from_data (parser, json, -1, &error);
  g_assert_no_error (error);
  root = json_node_get_object (json_parser_get_root (parser));
  g_assert_cmpstr (json_object_get_string_member (root, "format"), ==, "vigil-export");
  g_assert_cmpstr (json_object_get_string_member (root, "description"), ==, "text=kettle & \"scald\"");
  g_assert_cmpint (json_object_get_int_member (root, "count"), ==, 2);
  posts = json_object_get_array_member (root, "posts");
  g_assert_cmpuint (json_array_get_length (posts), ==, 2);
  post = json_array_get_object_element (posts, 0);
  g_assert_cmpstr (json_object_get_string_member (post, "text"), ==,
                   "=HYPERLINK(\"http://evil\")\nsecond line, with comma\x01 and café ☕");
  g_assert_cmpstr (json_object_get_string_member (post, "created_at"), ==, "2026-11-21T18:40:00Z");
  g_assert_true (json_object_get_boolean_member (json_array_get_object_element (posts, 1), "deleted"));
}

static void
test_xml (void)
{
  g_autofree char *xml = export_all (VIGIL_EXPORT_FORMAT_XML);
  xmlDocPtr doc = xmlReadMemory (xml, strlen (xml), "export.xml", NULL, XML_PARSE_NONET);
  xmlNodePtr root, post, child;
  int n_posts = 0;
  gboolean saw_text = FALSE;

  g_assert_nonnull (doc);  /* well-formed despite <, &, quotes and a control character */
  root = xmlDocGetRootElement (doc);
  g_assert_cmpstr ((char *) root->name, ==, "vigil-export");
  for (post = root->children; post; post = post->next)
    {
      if (post->type != XML_ELEMENT_NODE)
        continue;
      g_assert_cmpstr ((char *) post->name, ==, "post");
      n_posts++;
      if (n_posts == 1)
        for (child = post->children; child; child = child->next)
          if (child->type == XML_ELEMENT_NODE && g_str_equal ((char *) child->name, "text"))
            {
              xmlChar *content = xmlNodeGetContent (child);
              /* the control character became U+FFFD, the rest is intact */
              g_assert_cmpstr ((char *) content, ==,
                               "=HYPERLINK(\"http://evil\")\nsecond line, with comma\xEF\xBF\xBD and café ☕");
              xmlFree (content);
              saw_text = TRUE;
            }
      if (n_posts == 2)
        {
          xmlChar *rid = xmlGetProp (post, (const xmlChar *) "remote-id");
          xmlChar *deleted = xmlGetProp (post, (const xmlChar *) "deleted");
          g_assert_cmpstr ((char *) rid, ==, "urn:x<y>&z");
          g_assert_cmpstr ((char *) deleted, ==, "true");
          xmlFree (rid);
          xmlFree (deleted);
        }
    }
  g_assert_cmpint (n_posts, ==, 2);
  g_assert_true (saw_text);
  xmlFreeDoc (doc);
}

static void
test_empty_export (void)
{
  g_autoptr(GOutputStream) stream = g_memory_output_stream_new_resizable ();
  g_autoptr(VigilExporter) exporter = vigil_exporter_new (stream, VIGIL_EXPORT_FORMAT_JSON, NULL);
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;

  vigil_exporter_finish (exporter, &error);
  g_assert_no_error (error);
  json_parser_load_from_data (parser,
                              g_memory_output_stream_get_data (G_MEMORY_OUTPUT_STREAM (stream)),
                              g_memory_output_stream_get_data_size (G_MEMORY_OUTPUT_STREAM (stream)),
                              &error);
  g_assert_no_error (error);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/vigil/exporter/formats", test_formats);
  g_test_add_func ("/vigil/exporter/csv", test_csv);
  g_test_add_func ("/vigil/exporter/json", test_json);
  g_test_add_func ("/vigil/exporter/xml", test_xml);
  g_test_add_func ("/vigil/exporter/empty", test_empty_export);
  return g_test_run ();
}

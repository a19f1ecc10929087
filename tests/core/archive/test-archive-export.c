/* test-archive-export.c: exports parse back to the same rows; a cancelled
 * export leaves nothing; the manifest ties the file to the chain head
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include <glib/gstdio.h>
#include <json-glib/json-glib.h>

#include "vigil-archive-export.h"

static const char * const texts[] = {
  "plain words",
  "commas, \"quotes\" and\nnewlines\r\nand a tab\there",
  "emoji 🫖🔥 and a ZWJ family 👩‍👩‍👧",
  "עברית: הקומקום נשבר, العربية: الغلاية مكسورة",
  "<xml> & 'apostrophes' ]]>",
};

static VigilStore *
make_store (void)
{
  g_autoptr(GError) error = NULL;
  VigilStore *store = vigil_store_open (":memory:", &error);
  g_autoptr(GPtrArray) posts = g_ptr_array_new_with_free_func (g_object_unref);

  g_assert_no_error (error);
  for (guint i = 0; i < G_N_ELEMENTS (texts); i++)
    {
      g_autofree char *id = g_strdup_printf ("x%u", i);
      g_autoptr(GDateTime) created = g_date_time_new_utc (2026, 11, 1 + i, 9, 0, 0);
      VigilPost *post = vigil_post_new (VIGIL_PLATFORM_MASTODON, id);

      vigil_post_set_author (post, "ana@x.org");
      vigil_post_set_text (post, texts[i]);
      vigil_post_set_created_at (post, created);
      g_ptr_array_add (posts, post);
    }
  g_assert_true (vigil_store_insert (store, posts, NULL, &error));
  g_assert_no_error (error);
  return store;
}

/* newest first: texts in reverse */
static const char *
expected (guint row)
{
  return texts[G_N_ELEMENTS (texts) - 1 - row];
}

static char *
export_to (VigilStore        *store,
           const char        *dir,
           VigilExportFormat  format)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *path = g_strdup_printf ("%s/out.%s", dir, vigil_export_format_extension (format));
  g_autoptr(GFile) file = g_file_new_for_path (path);
  char *data = NULL;

  g_assert_cmpint (vigil_archive_export (store, NULL, file, format, "ana", NULL, &error), ==, G_N_ELEMENTS (texts));
  g_assert_no_error (error);
  g_assert_true (g_file_get_contents (path, &data, NULL, NULL));
  return data;
}

/* RFC 4180: fields of row r, column c (0-based, header is row -1) */
static GPtrArray *
parse_csv (const char *data)
{
  GPtrArray *rows = g_ptr_array_new_with_free_func ((GDestroyNotify) g_ptr_array_unref);
  GPtrArray *row = g_ptr_array_new_with_free_func (g_free);
  GString *field = g_string_new (NULL);
  gboolean quoted = FALSE;

  for (const char *p = data; *p; p++)
    {
      if (quoted)
        {
          if (*p == '"' && p[1] == '"')
            g_string_append_c (field, '"'), p++;
          else if (*p == '"')
            quoted = FALSE;
          else
            g_string_append_c (field, *p);
        }
      else if (*p == '"')
        quoted = TRUE;
      else if (*p == ',')
        g_ptr_array_add (row, g_strdup (field->str)), g_string_truncate (field, 0);
      else if (*p == '\r' && p[1] == '\n')
        {
          g_ptr_array_add (row, g_strdup (field->str));
          g_string_truncate (field, 0);
          g_ptr_array_add (rows, row);
          row = g_ptr_array_new_with_free_func (g_free);
          p++;
        }
      else
        g_string_append_c (field, *p);
    }
  g_ptr_array_unref (row);
  g_string_free (field, TRUE);
  return rows;
}

typedef struct
{
  gboolean   in_text;
  GPtrArray *texts;
  GString   *current;
} XmlState;

static void
xml_start (GMarkupParseContext *context, const char *name, const char **names, const char **values,
           gpointer user_data, GError **error)
{
  XmlState *s = user_data;

  s->in_text = g_str_equal (name, "text");
  g_string_truncate (s->current, 0);
}

static void
xml_end (GMarkupParseContext *context, const char *name, gpointer user_data, GError **error)
{
  XmlState *s = user_data;

  if (g_str_equal (name, "text"))
    g_ptr_array_add (s->texts, g_strdup (s->current->str));
  s->in_text = FALSE;
}

static void
xml_text (GMarkupParseContext *context, const char *text, gsize len, gpointer user_data, GError **error)
{
  XmlState *s = user_data;

  if (s->in_text)
    g_string_append_len (s->current, text, len);
}

static void
test_round_trip (void)
{
  g_autoptr(VigilStore) store = make_store ();
  g_autofree char *dir = g_dir_make_tmp ("vigil-export-XXXXXX", NULL);
  g_autofree char *csv = export_to (store, dir, VIGIL_EXPORT_FORMAT_CSV);
  g_autofree char *json = export_to (store, dir, VIGIL_EXPORT_FORMAT_JSON);
  g_autofree char *xml = export_to (store, dir, VIGIL_EXPORT_FORMAT_XML);
  g_autoptr(GPtrArray) rows = parse_csv (csv);
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;
  GMarkupParser markup = { xml_start, xml_end, xml_text, NULL, NULL };
  XmlState state = { FALSE, g_ptr_array_new_with_free_func (g_free), g_string_new (NULL) };
  g_autoptr(GMarkupParseContext) ctx = g_markup_parse_context_new (&markup, 0, &state, NULL);
  JsonArray *posts;
  guint text_column = 0;

  /* CSV */
  g_assert_cmpuint (rows->len, ==, G_N_ELEMENTS (texts) + 1);
  for (guint c = 0; c < ((GPtrArray *) rows->pdata[0])->len; c++)
    if (g_str_equal (((GPtrArray *) rows->pdata[0])->pdata[c], "text"))
      text_column = c;
  for (guint r = 0; r < G_N_ELEMENTS (texts); r++)
    g_assert_cmpstr (((GPtrArray *) rows->pdata[r + 1])->pdata[text_column], ==, expected (r));

  /* JSON */
  g_assert_true (json_parser_load_from_data (parser, json, -1, &error));
  posts = json_object_get_array_member (json_node_get_object (json_parser_get_root (parser)), "posts");
  g_assert_cmpuint (json_array_get_length (posts), ==, G_N_ELEMENTS (texts));
  for (guint r = 0; r < G_N_ELEMENTS (texts); r++)
    g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (posts, r), "text"), ==,
                     expected (r));

  /* XML (carriage returns are written as &#13; so they survive parsing) */
  g_assert_true (g_markup_parse_context_parse (ctx, xml, -1, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (state.texts->len, ==, G_N_ELEMENTS (texts));
  for (guint r = 0; r < G_N_ELEMENTS (texts); r++)
    {
      g_autofree char *want = g_strdup (expected (r));
      g_autofree char *have = g_strdup (state.texts->pdata[r]);

      g_assert_cmpstr (have, ==, want);
    }
  g_ptr_array_unref (state.texts);
  g_string_free (state.current, TRUE);

  /* the manifest */
  {
    g_autofree char *mpath = g_strdup_printf ("%s/out.xml.manifest.json", dir);
    g_autofree char *manifest = NULL;
    g_autofree char *sha = g_compute_checksum_for_string (G_CHECKSUM_SHA256, xml, -1);
    g_autoptr(JsonParser) mp = json_parser_new ();
    JsonObject *o;
    VigilStoreVerifyResult head = { 0 };

    g_assert_true (g_file_get_contents (mpath, &manifest, NULL, NULL));
    g_assert_true (json_parser_load_from_data (mp, manifest, -1, NULL));
    o = json_node_get_object (json_parser_get_root (mp));
    g_assert_cmpstr (json_object_get_string_member (o, "sha256"), ==, sha);
    g_assert_cmpint (json_object_get_int_member (o, "posts"), ==, G_N_ELEMENTS (texts));
    g_assert_true (vigil_store_verify (store, &head, NULL));
    g_assert_cmpstr (json_object_get_string_member (o, "chain_head"), ==, head.head_hash);
    vigil_store_verify_result_clear (&head);
  }

  /* every export was logged, with its count */
  {
    g_autoptr(GPtrArray) log = vigil_store_list_access (store, 0, 0, 0, NULL);
    g_assert_cmpuint (log->len, ==, 3);
    g_assert_cmpstr (((VigilAccessEntry *) log->pdata[2])->action, ==, "export");
    g_assert_nonnull (strstr (((VigilAccessEntry *) log->pdata[2])->detail, "\"results\":5"));
  }

  {
    g_autoptr(GDir) d = g_dir_open (dir, 0, NULL);
    const char *name;
    while ((name = g_dir_read_name (d)))
      {
        g_autofree char *p = g_build_filename (dir, name, NULL);
        g_unlink (p);
      }
  }
  g_rmdir (dir);
}

static void
test_cancelled_leaves_nothing (void)
{
  g_autoptr(VigilStore) store = make_store ();
  g_autofree char *dir = g_dir_make_tmp ("vigil-export-XXXXXX", NULL);
  g_autofree char *path = g_build_filename (dir, "cancelled.json", NULL);
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autoptr(GError) error = NULL;
  g_autoptr(GDir) d = NULL;

  g_cancellable_cancel (cancellable);
  g_assert_cmpint (vigil_archive_export (store, NULL, file, VIGIL_EXPORT_FORMAT_JSON, "ana", cancellable, &error),
                   ==, -1);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  d = g_dir_open (dir, 0, NULL);
  g_assert_null (g_dir_read_name (d));   /* no file, no temporary file, no manifest */
  g_rmdir (dir);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/vigil/archive/export/round-trip", test_round_trip);
  g_test_add_func ("/vigil/archive/export/cancelled-leaves-nothing", test_cancelled_leaves_nothing);
  return g_test_run ();
}

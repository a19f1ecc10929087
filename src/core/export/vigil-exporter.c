/* vigil-exporter.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "vigil-exporter"

#include "config.h"

#include "vigil-exporter.h"
#include "vigil-json-writer.h"

#define FLUSH_THRESHOLD (64 * 1024)

struct _VigilExporter
{
  GObject            parent_instance;

  GOutputStream     *stream;
  VigilExportFormat  format;
  char              *description;
  GString           *buffer;
  guint64            count;
  gboolean           started;
  gboolean           finished;
};

G_DEFINE_FINAL_TYPE (VigilExporter, vigil_exporter, G_TYPE_OBJECT)

static const char * const csv_columns[] = {
  "id", "platform", "remote_id", "author", "author_name", "followers", "created_at",
  "fetched_at", "lang", "visibility", "url", "parent_id", "thread_id", "title", "spoiler",
  "text", "tags", "media", "replies", "reposts", "likes", "deleted", "edited",
};

gboolean
vigil_export_format_from_string (const char        *name,
                                 VigilExportFormat *format)
{
  g_return_val_if_fail (format != NULL, FALSE);

  if (g_strcmp0 (name, "csv") == 0)
    *format = VIGIL_EXPORT_FORMAT_CSV;
  else if (g_strcmp0 (name, "json") == 0)
    *format = VIGIL_EXPORT_FORMAT_JSON;
  else if (g_strcmp0 (name, "xml") == 0)
    *format = VIGIL_EXPORT_FORMAT_XML;
  else
    return FALSE;
  return TRUE;
}

const char *
vigil_export_format_extension (VigilExportFormat format)
{
  switch (format)
    {
    case VIGIL_EXPORT_FORMAT_CSV:
      return "csv";
    case VIGIL_EXPORT_FORMAT_JSON:
      return "json";
    case VIGIL_EXPORT_FORMAT_XML:
      return "xml";
    default:
      g_return_val_if_reached (NULL);
    }
}

static void
vigil_exporter_finalize (GObject *object)
{
  VigilExporter *self = (VigilExporter *) object;

  g_clear_object (&self->stream);
  g_free (self->description);
  g_string_free (self->buffer, TRUE);

  G_OBJECT_CLASS (vigil_exporter_parent_class)->finalize (object);
}

static void
vigil_exporter_class_init (VigilExporterClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = vigil_exporter_finalize;
}

static void
vigil_exporter_init (VigilExporter *self)
{
  self->buffer = g_string_sized_new (FLUSH_THRESHOLD + 4096);
}

VigilExporter *
vigil_exporter_new (GOutputStream     *stream,
                    VigilExportFormat  format,
                    const char        *description)
{
  VigilExporter *self;

  g_return_val_if_fail (G_IS_OUTPUT_STREAM (stream), NULL);

  self = g_object_new (VIGIL_TYPE_EXPORTER, NULL);
  self->stream = g_object_ref (stream);
  self->format = format;
  self->description = g_strdup (description);
  return self;
}

guint64
vigil_exporter_get_count (VigilExporter *self)
{
  g_return_val_if_fail (VIGIL_IS_EXPORTER (self), 0);
  return self->count;
}

static gboolean
flush_buffer (VigilExporter  *self,
              gboolean        force,
              GError        **error)
{
  if (self->buffer->len == 0 || (!force && self->buffer->len < FLUSH_THRESHOLD))
    return TRUE;
  if (!g_output_stream_write_all (self->stream, self->buffer->str, self->buffer->len,
                                  NULL, NULL, error))
    return FALSE;
  g_string_truncate (self->buffer, 0);
  return TRUE;
}

/* --- CSV (RFC 4180) --- */

static void
csv_field (GString    *out,
           const char *value)
{
  const char *p;

  if (value == NULL)
    return;

  g_string_append_c (out, '"');
  /* A cell starting with = + - @ (or a tab/CR) would run as a formula in a
   * spreadsheet; a leading apostrophe keeps it text (OWASP CSV injection). */
  if (strchr ("=+-@\t\r", value[0]) != NULL && value[0] != '\0')
    g_string_append_c (out, '\'');
  for (p = value; *p; p++)
    {
      if (*p == '"')
        g_string_append_c (out, '"');
      g_string_append_c (out, *p);
    }
  g_string_append_c (out, '"');
}

static char *
int_or_empty (gint64 value)
{
  return value >= 0 ? g_strdup_printf ("%" G_GINT64_FORMAT, value) : NULL;
}

static char *
join_strv (const char * const *strv,
           const char         *separator)
{
  return strv ? g_strjoinv (separator, (char **) strv) : NULL;
}

/* One record, in the order of csv_columns. Numbers and booleans go
 * unquoted; text is quoted by csv_field. */
static void
csv_post (GString   *out,
          VigilPost *post)
{
  enum { TEXT, NUMBER };
  g_autofree char *id = int_or_empty (vigil_post_get_id (post));
  g_autofree char *followers = int_or_empty (vigil_post_get_author_followers (post));
  g_autofree char *created = vigil_format_iso8601 (vigil_post_get_created_at (post));
  g_autofree char *fetched = vigil_format_iso8601 (vigil_post_get_fetched_at (post));
  g_autofree char *tags = join_strv (vigil_post_get_tags (post), " ");
  g_autofree char *media = join_strv (vigil_post_get_media (post), "\n");
  g_autofree char *replies = int_or_empty (vigil_post_get_replies (post));
  g_autofree char *reposts = int_or_empty (vigil_post_get_reposts (post));
  g_autofree char *likes = int_or_empty (vigil_post_get_likes (post));
  const struct { int kind; const char *value; } cells[] = {
    { NUMBER, id },
    { TEXT, vigil_post_get_platform_name (post) },
    { TEXT, vigil_post_get_remote_id (post) },
    { TEXT, vigil_post_get_author (post) },
    { TEXT, vigil_post_get_author_name (post) },
    { NUMBER, followers },
    { TEXT, created },
    { TEXT, fetched },
    { TEXT, vigil_post_get_lang (post) },
    { TEXT, vigil_post_get_visibility (post) == VIGIL_VISIBILITY_DIRECT ? "direct" : "public" },
    { TEXT, vigil_post_get_url (post) },
    { TEXT, vigil_post_get_parent_id (post) },
    { TEXT, vigil_post_get_thread_id (post) },
    { TEXT, vigil_post_get_title (post) },
    { TEXT, vigil_post_get_spoiler (post) },
    { TEXT, vigil_post_get_text (post) },
    { TEXT, tags },
    { TEXT, media },
    { NUMBER, replies },
    { NUMBER, reposts },
    { NUMBER, likes },
    { NUMBER, vigil_post_get_deleted (post) ? "true" : "false" },
    { NUMBER, vigil_post_get_edited (post) ? "true" : "false" },
  };

  G_STATIC_ASSERT (G_N_ELEMENTS (cells) == G_N_ELEMENTS (csv_columns));

  for (guint i = 0; i < G_N_ELEMENTS (cells); i++)
    {
      if (i > 0)
        g_string_append_c (out, ',');
      if (cells[i].kind == TEXT)
        csv_field (out, cells[i].value);
      else if (cells[i].value)
        g_string_append (out, cells[i].value);
    }
  g_string_append (out, "\r\n");
}

/* --- XML --- */

/* Escapes text for XML 1.0: markup characters become entities and code
 * points XML forbids (C0 controls but tab/newline/CR, U+FFFE/U+FFFF) are
 * replaced by U+FFFD, so the document is always well-formed. Input must be
 * valid UTF-8 (posts are). */
static void
xml_escape (GString    *out,
            const char *value)
{
  const char *p;

  if (value == NULL)
    return;

  for (p = value; *p; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      switch (c)
        {
        case '<':
          g_string_append (out, "&lt;");
          break;
        case '>':
          g_string_append (out, "&gt;");
          break;
        case '&':
          g_string_append (out, "&amp;");
          break;
        case '"':
          g_string_append (out, "&quot;");
          break;
        case '\r':
          /* a parser would turn a raw CR (LF) into LF: keep it as a reference */
          g_string_append (out, "&#13;");
          break;
        case '\t':
        case '\n':
          g_string_append_unichar (out, c);
          break;
        default:
          if (c < 0x20 || c == 0xFFFE || c == 0xFFFF)
            g_string_append (out, "\xEF\xBF\xBD");
          else
            g_string_append_len (out, p, g_utf8_next_char (p) - p);
        }
    }
}

static void
xml_element (GString    *out,
             const char *name,
             const char *value)
{
  if (value == NULL)
    return;
  g_string_append_printf (out, "    <%s>", name);
  xml_escape (out, value);
  g_string_append_printf (out, "</%s>\n", name);
}

static void
xml_int_attr (GString    *out,
              const char *name,
              gint64      value)
{
  if (value >= 0)
    g_string_append_printf (out, " %s=\"%" G_GINT64_FORMAT "\"", name, value);
}

static void
xml_list (GString            *out,
          const char         *list,
          const char         *item,
          const char * const *values)
{
  if (values == NULL || values[0] == NULL)
    return;
  g_string_append_printf (out, "    <%s>\n", list);
  for (guint i = 0; values[i]; i++)
    {
      g_string_append_printf (out, "      <%s>", item);
      xml_escape (out, values[i]);
      g_string_append_printf (out, "</%s>\n", item);
    }
  g_string_append_printf (out, "    </%s>\n", list);
}

static void
xml_post (GString   *out,
          VigilPost *post)
{
  g_autofree char *created = vigil_format_iso8601 (vigil_post_get_created_at (post));
  g_autofree char *fetched = vigil_format_iso8601 (vigil_post_get_fetched_at (post));

  g_string_append (out, "  <post");
  xml_int_attr (out, "id", vigil_post_get_id (post));
  g_string_append_printf (out, " platform=\"%s\" remote-id=\"", vigil_post_get_platform_name (post));
  xml_escape (out, vigil_post_get_remote_id (post));
  g_string_append_printf (out, "\" visibility=\"%s\" deleted=\"%s\" edited=\"%s\">\n",
                          vigil_post_get_visibility (post) == VIGIL_VISIBILITY_DIRECT ? "direct" : "public",
                          vigil_post_get_deleted (post) ? "true" : "false",
                          vigil_post_get_edited (post) ? "true" : "false");

  g_string_append (out, "    <author handle=\"");
  xml_escape (out, vigil_post_get_author (post));
  g_string_append_c (out, '"');
  xml_int_attr (out, "followers", vigil_post_get_author_followers (post));
  g_string_append_c (out, '>');
  xml_escape (out, vigil_post_get_author_name (post));
  g_string_append (out, "</author>\n");

  xml_element (out, "created-at", created);
  xml_element (out, "fetched-at", fetched);
  xml_element (out, "lang", vigil_post_get_lang (post));
  xml_element (out, "url", vigil_post_get_url (post));
  xml_element (out, "parent-id", vigil_post_get_parent_id (post));
  xml_element (out, "thread-id", vigil_post_get_thread_id (post));
  xml_element (out, "title", vigil_post_get_title (post));
  xml_element (out, "spoiler", vigil_post_get_spoiler (post));
  xml_element (out, "text", vigil_post_get_text (post));
  xml_list (out, "tags", "tag", vigil_post_get_tags (post));
  xml_list (out, "media", "description", vigil_post_get_media (post));
  g_string_append (out, "    <metrics");
  xml_int_attr (out, "replies", vigil_post_get_replies (post));
  xml_int_attr (out, "reposts", vigil_post_get_reposts (post));
  xml_int_attr (out, "likes", vigil_post_get_likes (post));
  g_string_append (out, "/>\n  </post>\n");
}

/* --- header and trailer --- */

static void
write_header (VigilExporter *self)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  g_autofree char *at = vigil_format_iso8601 (now);

  switch (self->format)
    {
    case VIGIL_EXPORT_FORMAT_CSV:
      for (guint i = 0; i < G_N_ELEMENTS (csv_columns); i++)
        g_string_append_printf (self->buffer, "%s%s", i ? "," : "", csv_columns[i]);
      g_string_append (self->buffer, "\r\n");
      break;

    case VIGIL_EXPORT_FORMAT_JSON:
      g_string_append (self->buffer, "{\"format\":\"vigil-export\",\"version\":1,");
      vigil_json_writer_member (self->buffer, "exported_at", at, FALSE);
      vigil_json_writer_member (self->buffer, "description", self->description, TRUE);
      g_string_append (self->buffer, ",\"posts\":[\n");
      break;

    case VIGIL_EXPORT_FORMAT_XML:
      g_string_append_printf (self->buffer,
                              "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
                              "<vigil-export xmlns=\"https://vigilapp.github.io/ns/export/1\""
                              " version=\"1\" exported-at=\"%s\"", at);
      if (self->description)
        {
          g_string_append (self->buffer, " description=\"");
          xml_escape (self->buffer, self->description);
          g_string_append_c (self->buffer, '"');
        }
      g_string_append (self->buffer, ">\n");
      break;

    default:
      g_assert_not_reached ();
    }
  self->started = TRUE;
}

gboolean
vigil_exporter_add (VigilExporter  *self,
                    VigilPost      *post,
                    GError        **error)
{
  g_return_val_if_fail (VIGIL_IS_EXPORTER (self), FALSE);
  g_return_val_if_fail (VIGIL_IS_POST (post), FALSE);
  g_return_val_if_fail (!self->finished, FALSE);

  if (!self->started)
    write_header (self);

  switch (self->format)
    {
    case VIGIL_EXPORT_FORMAT_CSV:
      csv_post (self->buffer, post);
      break;
    case VIGIL_EXPORT_FORMAT_JSON:
      if (self->count > 0)
        g_string_append (self->buffer, ",\n");
      vigil_post_write_json (post, self->buffer);
      break;
    case VIGIL_EXPORT_FORMAT_XML:
      xml_post (self->buffer, post);
      break;
    default:
      g_assert_not_reached ();
    }
  self->count++;

  return flush_buffer (self, FALSE, error);
}

gboolean
vigil_exporter_finish (VigilExporter  *self,
                       GError        **error)
{
  g_return_val_if_fail (VIGIL_IS_EXPORTER (self), FALSE);
  g_return_val_if_fail (!self->finished, FALSE);

  if (!self->started)
    write_header (self);

  switch (self->format)
    {
    case VIGIL_EXPORT_FORMAT_CSV:
      break;
    case VIGIL_EXPORT_FORMAT_JSON:
      g_string_append_printf (self->buffer, "\n],\"count\":%" G_GUINT64_FORMAT "}\n", self->count);
      break;
    case VIGIL_EXPORT_FORMAT_XML:
      g_string_append (self->buffer, "</vigil-export>\n");
      break;
    default:
      g_assert_not_reached ();
    }
  self->finished = TRUE;

  return flush_buffer (self, TRUE, error) &&
         g_output_stream_flush (self->stream, NULL, error);
}

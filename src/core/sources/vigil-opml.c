/* vigil-opml.c: read and write OPML feed lists
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "vigil-opml"

#include "config.h"

#include <string.h>

#include <glib/gi18n-lib.h>
#include <libxml/parser.h>
#include <libxml/tree.h>

#include "vigil-opml.h"

G_DEFINE_QUARK (vigil-opml-error-quark, vigil_opml_error)

VigilOpmlOutline *
vigil_opml_outline_new (const char *xml_url,
                        const char *title,
                        const char *html_url)
{
  VigilOpmlOutline *outline = g_new0 (VigilOpmlOutline, 1);

  outline->xml_url = g_strdup (xml_url);
  outline->title = g_strdup (title);
  outline->html_url = g_strdup (html_url);

  return outline;
}

void
vigil_opml_outline_free (VigilOpmlOutline *outline)
{
  if (!outline)
    return;

  g_free (outline->title);
  g_free (outline->xml_url);
  g_free (outline->html_url);
  g_free (outline);
}

static char *
get_attr (xmlNode    *node,
          const char *name)
{
  xmlChar *value = xmlGetNoNsProp (node, (const xmlChar *) name);
  char *copy = NULL;

  if (value)
    {
      g_autofree char *stripped = g_strstrip (g_strdup ((const char *) value));

      if (*stripped && g_utf8_validate (stripped, -1, NULL))
        copy = g_steal_pointer (&stripped);
      xmlFree (value);
    }

  return copy;
}

typedef struct
{
  GPtrArray  *outlines;
  GHashTable *seen;
} Walk;

static gboolean
walk_outlines (xmlNode  *parent,
               guint     depth,
               Walk     *walk,
               GError  **error)
{
  if (depth > VIGIL_OPML_MAX_DEPTH)
    {
      g_set_error (error, VIGIL_OPML_ERROR, VIGIL_OPML_ERROR_TOO_LARGE,
                   _("The OPML file nests folders more than %d levels deep (line %ld)."),
                   VIGIL_OPML_MAX_DEPTH, xmlGetLineNo (parent));
      return FALSE;
    }

  for (xmlNode *node = parent->children; node; node = node->next)
    {
      g_autofree char *xml_url = NULL;

      if (node->type != XML_ELEMENT_NODE || !xmlStrEqual (node->name, (const xmlChar *) "outline"))
        continue;

      xml_url = get_attr (node, "xmlUrl");
      if (!xml_url)
        xml_url = get_attr (node, "xmlurl");
      if (xml_url && !g_hash_table_contains (walk->seen, xml_url))
        {
          g_autofree char *title = get_attr (node, "title");
          g_autofree char *html_url = get_attr (node, "htmlUrl");

          if (!title)
            title = get_attr (node, "text");

          if (walk->outlines->len >= VIGIL_OPML_MAX_OUTLINES)
            {
              g_set_error (error, VIGIL_OPML_ERROR, VIGIL_OPML_ERROR_TOO_LARGE,
                           _("The OPML file lists more than %d feeds (line %ld)."),
                           VIGIL_OPML_MAX_OUTLINES, xmlGetLineNo (node));
              return FALSE;
            }
          g_hash_table_add (walk->seen, g_strdup (xml_url));
          g_ptr_array_add (walk->outlines, vigil_opml_outline_new (xml_url, title, html_url));
        }

      if (node->children && !walk_outlines (node, depth + 1, walk, error))
        return FALSE;
    }

  return TRUE;
}

GPtrArray *
vigil_opml_parse (GBytes  *data,
                  GError **error)
{
  g_autoptr(GPtrArray) outlines = NULL;
  g_autoptr(GHashTable) seen = NULL;
  xmlDoc *doc;
  xmlNode *root;
  xmlNode *body = NULL;
  gsize len;
  const char *text;
  Walk walk;
  gboolean ok;

  g_return_val_if_fail (data != NULL, NULL);

  text = g_bytes_get_data (data, &len);
  if (len > VIGIL_OPML_MAX_SIZE)
    {
      g_autofree char *max = g_format_size_full (VIGIL_OPML_MAX_SIZE, G_FORMAT_SIZE_IEC_UNITS);
      g_set_error (error, VIGIL_OPML_ERROR, VIGIL_OPML_ERROR_TOO_LARGE,
                   _("The OPML file is larger than %s."), max);
      return NULL;
    }
  if (len == 0)
    {
      g_set_error (error, VIGIL_OPML_ERROR, VIGIL_OPML_ERROR_SYNTAX, _("The OPML file is empty."));
      return NULL;
    }

  /* No XML_PARSE_NOENT (no entity substitution), no DTD loading, no
   * network, no "huge" documents. */
  doc = xmlReadMemory (text, (int) len, "feeds.opml", NULL,
                       XML_PARSE_NONET | XML_PARSE_NOERROR | XML_PARSE_NOWARNING);
  if (!doc)
    {
      const xmlError *xerr = xmlGetLastError ();
      g_set_error (error, VIGIL_OPML_ERROR, VIGIL_OPML_ERROR_SYNTAX,
                   _("The OPML file is not valid XML (line %d: %s)."),
                   xerr ? xerr->line : 0,
                   xerr && xerr->message ? g_strstrip (xerr->message) : _("unknown error"));
      return NULL;
    }

  if (doc->intSubset || doc->extSubset)
    {
      xmlFreeDoc (doc);
      g_set_error (error, VIGIL_OPML_ERROR, VIGIL_OPML_ERROR_INVALID,
                   _("The OPML file declares a DTD or entities; Vigil does not read those."));
      return NULL;
    }

  root = xmlDocGetRootElement (doc);
  if (!root || !xmlStrEqual (root->name, (const xmlChar *) "opml"))
    {
      xmlFreeDoc (doc);
      g_set_error (error, VIGIL_OPML_ERROR, VIGIL_OPML_ERROR_INVALID,
                   _("This is XML, but not an OPML feed list (no <opml> root element)."));
      return NULL;
    }

  for (xmlNode *node = root->children; node; node = node->next)
    if (node->type == XML_ELEMENT_NODE && xmlStrEqual (node->name, (const xmlChar *) "body"))
      {
        body = node;
        break;
      }

  if (!body)
    {
      xmlFreeDoc (doc);
      g_set_error (error, VIGIL_OPML_ERROR, VIGIL_OPML_ERROR_INVALID,
                   _("The OPML file has no <body> element."));
      return NULL;
    }

  outlines = g_ptr_array_new_with_free_func ((GDestroyNotify) vigil_opml_outline_free);
  seen = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  walk.outlines = outlines;
  walk.seen = seen;
  ok = walk_outlines (body, 1, &walk, error);
  xmlFreeDoc (doc);

  return ok ? g_steal_pointer (&outlines) : NULL;
}

static void
append_attr (GString    *out,
             const char *name,
             const char *value)
{
  g_autofree char *escaped = NULL;

  if (!value)
    return;

  escaped = g_markup_escape_text (value, -1);
  g_string_append_printf (out, " %s=\"%s\"", name, escaped);
}

GBytes *
vigil_opml_write (GPtrArray  *outlines,
                  const char *title)
{
  GString *out = g_string_new ("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
                               "<opml version=\"2.0\">\n  <head>\n");
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  g_autofree char *date = g_date_time_format (now, "%a, %d %b %Y %H:%M:%S GMT");
  g_autofree char *escaped_title = g_markup_escape_text (title ? title : "Vigil feeds", -1);

  g_string_append_printf (out, "    <title>%s</title>\n    <dateCreated>%s</dateCreated>\n"
                          "  </head>\n  <body>\n", escaped_title, date);

  for (guint i = 0; outlines && i < outlines->len; i++)
    {
      VigilOpmlOutline *outline = g_ptr_array_index (outlines, i);
      const char *text = outline->title ? outline->title : outline->xml_url;

      g_string_append (out, "    <outline type=\"rss\"");
      append_attr (out, "text", text);
      append_attr (out, "title", outline->title);
      append_attr (out, "xmlUrl", outline->xml_url);
      append_attr (out, "htmlUrl", outline->html_url);
      g_string_append (out, "/>\n");
    }

  g_string_append (out, "  </body>\n</opml>\n");

  return g_string_free_to_bytes (out);
}

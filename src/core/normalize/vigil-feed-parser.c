/* vigil-feed-parser.c: RSS 2.0, RSS 1.0 (RDF) and Atom 1.0 → VigilPost
 *
 * Safety: libxml2 parses in recover mode with no network, no DTD loading
 * and no entity substitution, and this parser's SAX handler ignores every
 * entity declaration, so neither a "billion laughs" bomb nor an external
 * entity (XXE) can expand: a reference to a declared entity ends up as an
 * entity-reference node, and the walkers below drop those instead of
 * reading through them. The walkers stop at VIGIL_NORMALIZE_MAX_DEPTH.
 * One entry is one record: an entry over VIGIL_NORMALIZE_MAX_RECORD is
 * rejected. Feed-level strings (title, author, xml:base), which every
 * post copies, are bounded too.
 *
 * Mapping decisions:
 *   - text is "title\n\nbody" (body = content:encoded or description, Atom
 *     content or summary, as plain text); just the title when there is no
 *     body (or the body repeats it), just the body when there is no title;
 *   - remote_id is guid / atom:id / rdf:about, else the link, else
 *     "sha256:" + a hash of feed URL, title, date and body. An id that is
 *     not a URI (an RSS guid like "1234") is qualified with the feed URL
 *     ("https://example.org/feed#1234") so two feeds can't collide;
 *   - author is dc:creator, RSS author or atom:author/name, falling back to
 *     the feed's author, the feed title, then the feed URL's host;
 *   - links resolve against xml:base and the feed URL; only http(s) links
 *     are kept (never javascript: or file:).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "vigil-feed-parser"

#include "config.h"

#include <string.h>

#include <glib/gi18n-lib.h>
#include <libxml/parser.h>
#include <libxml/tree.h>

#include "vigil-normalize-private.h"

#define NS_ATOM    "http://www.w3.org/2005/Atom"
#define NS_ATOM03  "http://purl.org/atom/ns#"
#define NS_RDF     "http://www.w3.org/1999/02/22-rdf-syntax-ns#"
#define NS_RSS1    "http://purl.org/rss/1.0/"
#define NS_RSS090  "http://my.netscape.com/rdf/simple/0.9/"
#define NS_DC      "http://purl.org/dc/elements/1.1/"
#define NS_CONTENT "http://purl.org/rss/1.0/modules/content/"
#define NS_MEDIA   "http://search.yahoo.com/mrss/"

#define MAX_LIST_ITEMS 64
/* feed-level strings are copied into every post: keep them small */
#define MAX_FEED_STRING 1024
#define MAX_LANG        64
#define MAX_URL         8192

#define PARSE_OPTIONS (XML_PARSE_RECOVER | XML_PARSE_NONET | XML_PARSE_NOERROR \
                       | XML_PARSE_NOWARNING | XML_PARSE_NOCDATA | XML_PARSE_BIG_LINES \
                       | XML_PARSE_COMPACT)
/* and deliberately not XML_PARSE_NOENT, XML_PARSE_DTDLOAD, XML_PARSE_DTDATTR,
 * XML_PARSE_DTDVALID, XML_PARSE_XINCLUDE or XML_PARSE_HUGE */

typedef enum
{
  DIALECT_RSS,
  DIALECT_RDF,
  DIALECT_ATOM,
} Dialect;

typedef struct
{
  Dialect           dialect;
  const char       *feed_url;
  const char       *data;
  gsize             length;
  VigilParseResult *result;
  char             *feed_title;
  char             *feed_author;
  char             *feed_lang;
  char             *fallback_author;
  /* line → offset cursor for rejects */
  guint             cursor_line;
  gsize             cursor_offset;
  /* each entry's bytes in data, when found for every entry (else NULL) */
  GArray           *spans;
  guint             next_entry;
} Feed;

typedef struct
{
  guint    n_errors;
  char    *first_error;
  int      first_error_line;
  gboolean unsupported_encoding;
  guint    n_entities_ignored;
} ParseErrors;

/* --- libxml2 set-up --- */

static void
ignore_entity_decl (void          *ctx,
                    const xmlChar *name,
                    int            type,
                    const xmlChar *public_id,
                    const xmlChar *system_id,
                    xmlChar       *content)
{
  xmlParserCtxtPtr ctxt = ctx;
  ParseErrors *errors = ctxt->_private;

  errors->n_entities_ignored++;
}

static void
ignore_unparsed_entity_decl (void          *ctx,
                             const xmlChar *name,
                             const xmlChar *public_id,
                             const xmlChar *system_id,
                             const xmlChar *notation_name)
{
}

static xmlParserInputPtr
refuse_resolve_entity (void          *ctx,
                       const xmlChar *public_id,
                       const xmlChar *system_id)
{
  g_debug ("refusing to load external entity “%s”", system_id ? (const char *) system_id : "");
  return NULL;
}

static void
on_parse_error (void        *user_data,
                xmlErrorPtr  error)
{
  xmlParserCtxtPtr ctxt = user_data;
  ParseErrors *errors = ctxt->_private;

  if (error == NULL || error->level == XML_ERR_WARNING)
    return;
  if (error->code == XML_ERR_UNSUPPORTED_ENCODING)
    errors->unsupported_encoding = TRUE;
  if (errors->n_errors++ == 0 && error->message)
    {
      errors->first_error = g_strchomp (_vigil_utf8_dup (error->message, strlen (error->message)));
      errors->first_error_line = error->line;
    }
}

static void
silent_generic_error (void       *ctx,
                      const char *msg,
                      ...)
{
}

static void
silent_structured_error (void        *ctx,
                         xmlErrorPtr  error)
{
}

static xmlDoc *
read_xml_with (const char  *data,
               gsize        length,
               const char  *encoding,
               ParseErrors *errors)
{
  xmlParserCtxtPtr ctxt;
  xmlDoc *doc;

  ctxt = xmlNewParserCtxt ();
  if (ctxt == NULL)
    return NULL;
  ctxt->sax->entityDecl = ignore_entity_decl;
  ctxt->sax->unparsedEntityDecl = ignore_unparsed_entity_decl;
  ctxt->sax->resolveEntity = refuse_resolve_entity;
  ctxt->sax->externalSubset = NULL;
  /* serror receives the context (its userData); our state rides along */
  ctxt->sax->serror = on_parse_error;
  ctxt->_private = errors;

  doc = xmlCtxtReadMemory (ctxt, data, (int) length, NULL, encoding, PARSE_OPTIONS);
  xmlFreeParserCtxt (ctxt);
  return doc;
}

/* A copy of the document whose XML declaration says UTF-8 instead of an
 * encoding libxml2 doesn't know; NULL if there is no such declaration. */
static GBytes *
redeclare_utf8 (const char *data,
                gsize       length)
{
  gsize limit = MIN (length, 256);
  const char *decl_end;
  const char *enc;
  const char *value;
  const char *value_end;
  char quote;
  GString *copy;

  if (limit < 6 || memcmp (data, "<?xml", 5) != 0)
    return NULL;
  decl_end = g_strstr_len (data, limit, "?>");
  if (decl_end == NULL)
    return NULL;
  enc = g_strstr_len (data, decl_end - data, "encoding");
  if (enc == NULL)
    return NULL;
  value = enc + 8;
  while (value < decl_end && (*value == ' ' || *value == '='))
    value++;
  if (value >= decl_end || (*value != '"' && *value != '\''))
    return NULL;
  quote = *value++;
  value_end = memchr (value, quote, decl_end - value);
  if (value_end == NULL)
    return NULL;

  copy = g_string_sized_new (length + 8);
  g_string_append_len (copy, data, value - data);
  g_string_append (copy, "UTF-8");
  g_string_append_len (copy, value_end, length - (value_end - data));
  return g_string_free_to_bytes (copy);
}

static xmlDoc *
read_xml (const char  *data,
          gsize        length,
          ParseErrors *errors)
{
  xmlDoc *doc;

  xmlInitParser ();
  doc = read_xml_with (data, length, NULL, errors);
  if ((doc == NULL || xmlDocGetRootElement (doc) == NULL) && errors->unsupported_encoding)
    {
      /* an encoding libxml2 doesn't know: read it as UTF-8, repairing */
      g_autoptr(GBytes) copy = redeclare_utf8 (data, length);

      if (copy != NULL)
        {
          gsize copy_length;
          const char *copy_data = g_bytes_get_data (copy, &copy_length);

          g_debug ("unsupported encoding declared; reading the feed as UTF-8");
          g_clear_pointer (&doc, xmlFreeDoc);
          g_clear_pointer (&errors->first_error, g_free);
          errors->n_errors = 0;
          errors->unsupported_encoding = FALSE;
          doc = read_xml_with (copy_data, copy_length, NULL, errors);
        }
    }
  return doc;
}

/* --- tree helpers --- */

static gboolean
ns_is (xmlNode    *node,
       const char *ns)
{
  if (ns == NULL)
    return node->ns == NULL || node->ns->href == NULL;
  return node->ns != NULL && node->ns->href != NULL
         && strcmp ((const char *) node->ns->href, ns) == 0;
}

static gboolean
is_element (xmlNode    *node,
            const char *ns,
            const char *name)
{
  return node->type == XML_ELEMENT_NODE
         && strcmp ((const char *) node->name, name) == 0
         && ns_is (node, ns);
}

/* an RSS element: no namespace (RSS 2.0) or RSS 1.0's / 0.90's */
static gboolean
is_rss_element (xmlNode    *node,
                const char *name)
{
  return node->type == XML_ELEMENT_NODE
         && strcmp ((const char *) node->name, name) == 0
         && (ns_is (node, NULL) || ns_is (node, NS_RSS1) || ns_is (node, NS_RSS090));
}

static gboolean
is_atom_element (xmlNode    *node,
                 const char *name)
{
  return node->type == XML_ELEMENT_NODE
         && strcmp ((const char *) node->name, name) == 0
         && (ns_is (node, NS_ATOM) || ns_is (node, NS_ATOM03));
}

static char *
get_attr (xmlNode    *node,
          const char *name)
{
  xmlChar *value = xmlGetNoNsProp (node, (const xmlChar *) name);
  char *copy;

  if (value == NULL)
    return NULL;
  copy = _vigil_utf8_dup ((const char *) value, strlen ((const char *) value));
  xmlFree (value);
  return copy;
}

/* Text and CDATA below node; entity references are dropped, never read
 * through. */
static void
collect_text (xmlNode *node,
              GString *out,
              guint    depth)
{
  for (xmlNode *child = node->children; child; child = child->next)
    {
      switch (child->type)
        {
        case XML_TEXT_NODE:
        case XML_CDATA_SECTION_NODE:
          if (child->content)
            g_string_append (out, (const char *) child->content);
          break;
        case XML_ELEMENT_NODE:
          if (depth < VIGIL_NORMALIZE_MAX_DEPTH)
            collect_text (child, out, depth + 1);
          break;
        default:
          break;
        }
    }
}

/* A one-line plain string: white space collapsed, trimmed, valid UTF-8;
 * NULL when empty. */
static char *
plain_text (xmlNode *node,
            guint    depth)
{
  g_autoptr(GString) raw = g_string_new (NULL);
  GString *out;
  gboolean space = FALSE;

  if (node == NULL)
    return NULL;
  collect_text (node, raw, depth);
  out = g_string_sized_new (raw->len);
  for (gsize i = 0; i < raw->len; i++)
    {
      char c = raw->str[i];

      if (c == ' ' || c == '\n' || c == '\r' || c == '\t')
        space = out->len > 0;
      else
        {
          if (space)
            g_string_append_c (out, ' ');
          space = FALSE;
          g_string_append_c (out, c);
        }
    }
  if (out->len == 0)
    {
      g_string_free (out, TRUE);
      return NULL;
    }
  if (!g_utf8_validate_len (out->str, out->len, NULL))
    {
      char *valid = g_utf8_make_valid (out->str, out->len);

      g_string_free (out, TRUE);
      return valid;
    }
  return g_string_free (out, FALSE);
}

static void
append_escaped (GString    *out,
                const char *text)
{
  for (const char *p = text; *p; p++)
    {
      if (*p == '<')
        g_string_append (out, "&lt;");
      else if (*p == '&')
        g_string_append (out, "&amp;");
      else
        g_string_append_c (out, *p);
    }
}

/* Rebuilds HTML from a node's children for vigil_html_to_text(): text is
 * copied as is at the top (escaped HTML, the RSS way) or escaped below an
 * element (inline XHTML, the Atom way); attributes are not needed. */
static void
node_to_html (xmlNode  *node,
              GString  *out,
              guint     depth,
              gboolean  escape)
{
  for (xmlNode *child = node->children; child; child = child->next)
    {
      switch (child->type)
        {
        case XML_TEXT_NODE:
        case XML_CDATA_SECTION_NODE:
          if (child->content == NULL)
            break;
          if (escape)
            append_escaped (out, (const char *) child->content);
          else
            g_string_append (out, (const char *) child->content);
          break;
        case XML_ELEMENT_NODE:
          if (depth >= VIGIL_NORMALIZE_MAX_DEPTH)
            break;
          g_string_append_printf (out, "<%s>", (const char *) child->name);
          if (child->children && strcmp ((const char *) child->name, "br") != 0)
            {
              node_to_html (child, out, depth + 1, TRUE);
              g_string_append_printf (out, "</%s>", (const char *) child->name);
            }
          break;
        default:
          break;  /* entity references, comments, PIs */
        }
    }
}

static char *
html_text (xmlNode  *node,
           guint     depth,
           gboolean  xhtml)
{
  g_autoptr(GString) html = g_string_new (NULL);
  char *text;

  node_to_html (node, html, depth, xhtml);
  text = vigil_html_to_text (html->str, html->len);
  if (*text == '\0')
    g_clear_pointer (&text, g_free);
  return text;
}

/* An Atom text construct (title, summary, content) as plain text. */
static char *
atom_text (xmlNode *node,
           guint    depth)
{
  g_autofree char *type = get_attr (node, "type");

  if (type == NULL || g_str_equal (type, "text") || g_str_equal (type, "text/plain"))
    {
      g_autoptr(GString) raw = g_string_new (NULL);
      g_autofree char *valid = NULL;

      collect_text (node, raw, depth);
      valid = _vigil_utf8_dup (raw->str, raw->len);
      g_strstrip (valid);
      return *valid ? g_steal_pointer (&valid) : NULL;
    }
  if (g_str_equal (type, "html") || g_str_equal (type, "text/html"))
    return html_text (node, depth, FALSE);
  if (g_str_equal (type, "xhtml") || g_str_equal (type, "application/xhtml+xml"))
    return html_text (node, depth, TRUE);
  if (g_str_has_prefix (type, "text/"))
    return plain_text (node, depth);
  return NULL;  /* base64 media and the like */
}

static gboolean
is_web_url (const char *url)
{
  return url && (g_ascii_strncasecmp (url, "https://", 8) == 0
                 || g_ascii_strncasecmp (url, "http://", 7) == 0);
}

/* href resolved against the xml:base chain and the feed URL; NULL unless
 * the result is an http(s) URL */
static char *
resolve_link (Feed       *feed,
              xmlNode    *node,
              const char *href)
{
  g_autoptr(GPtrArray) bases = g_ptr_array_new_with_free_func (xmlFree);
  g_autofree char *base = g_strdup (feed->feed_url);
  char *resolved;

  if (href == NULL || *href == '\0')
    return NULL;

  for (xmlNode *n = node; n && n->type == XML_ELEMENT_NODE; n = n->parent)
    {
      xmlChar *value = xmlGetNsProp (n, (const xmlChar *) "base", XML_XML_NAMESPACE);

      /* an absurd base would be copied into every link: ignore it */
      if (value && strlen ((const char *) value) <= MAX_URL)
        g_ptr_array_add (bases, value);
      else
        xmlFree (value);
    }
  for (guint i = bases->len; i > 0; i--)
    {
      const char *xml_base = g_ptr_array_index (bases, i - 1);
      char *next = g_uri_resolve_relative (base, xml_base, G_URI_FLAGS_NONE, NULL);

      if (next)
        {
          g_free (base);
          base = next;
        }
    }

  resolved = g_uri_resolve_relative (base, href, G_URI_FLAGS_NONE, NULL);
  if (resolved && (!is_web_url (resolved) || strlen (resolved) > MAX_URL))
    g_clear_pointer (&resolved, g_free);
  return resolved;
}

static char *
dup_host (const char *url)
{
  g_autoptr(GUri) uri = NULL;

  if (url == NULL)
    return NULL;
  uri = g_uri_parse (url, G_URI_FLAGS_NONE, NULL);
  if (uri == NULL || g_uri_get_host (uri) == NULL || *g_uri_get_host (uri) == '\0')
    return NULL;
  return g_ascii_strdown (g_uri_get_host (uri), -1);
}

static goffset
offset_of_line (Feed *feed,
                guint line)
{
  if (line == 0)
    return 0;
  if (line < feed->cursor_line || feed->cursor_line == 0)
    {
      feed->cursor_line = 1;
      feed->cursor_offset = 0;
    }
  while (feed->cursor_line < line && feed->cursor_offset < feed->length)
    {
      const char *nl = memchr (feed->data + feed->cursor_offset, '\n',
                               feed->length - feed->cursor_offset);

      if (nl == NULL)
        break;
      feed->cursor_offset = nl - feed->data + 1;
      feed->cursor_line++;
    }
  return feed->cursor_offset;
}

static const char *
media_kind (const char *mime_type)
{
  if (mime_type == NULL)
    return "media";
  if (g_str_has_prefix (mime_type, "image/"))
    return "image";
  if (g_str_has_prefix (mime_type, "video/"))
    return "video";
  if (g_str_has_prefix (mime_type, "audio/"))
    return "audio";
  return "media";
}

/* Shortens text to at most max bytes, on a character boundary. */
static char *
truncate_text (char  *text,
               gsize  max)
{
  if (text != NULL && strlen (text) > max)
    {
      char *end = g_utf8_find_prev_char (text, text + max + 1);

      *(end ? end : text) = '\0';
    }
  return text;
}

static char *
short_lang (char *lang)
{
  if (lang != NULL && strlen (lang) > MAX_LANG)
    g_clear_pointer (&lang, g_free);
  return lang;
}

/* --- one item --- */

typedef struct
{
  char      *id;
  char      *link;
  char      *title;
  char      *body;
  char      *date;
  char      *author;
  char      *author_name;
  char      *lang;
  GPtrArray *tags;
  GPtrArray *media;
} Item;

static void
item_clear (Item *item)
{
  g_free (item->id);
  g_free (item->link);
  g_free (item->title);
  g_free (item->body);
  g_free (item->date);
  g_free (item->author);
  g_free (item->author_name);
  g_free (item->lang);
  g_ptr_array_unref (item->tags);
  g_ptr_array_unref (item->media);
}

static void
add_unique (GPtrArray *array,
            char      *value)
{
  if (value == NULL)
    return;
  if (array->len >= MAX_LIST_ITEMS)
    {
      g_free (value);
      return;
    }
  for (guint i = 0; i < array->len; i++)
    if (g_str_equal (g_ptr_array_index (array, i), value))
      {
        g_free (value);
        return;
      }
  g_ptr_array_add (array, value);
}

static void
set_once (char **slot,
          char  *value)
{
  if (*slot == NULL)
    *slot = value;
  else
    g_free (value);
}

/* "jane@example.com (Jane Doe)" → author = the address, name = Jane Doe */
static void
set_rss_author (Item       *item,
                const char *value)
{
  const char *open = strchr (value, '(');
  const char *close = open ? strrchr (open, ')') : NULL;

  if (item->author)
    return;
  if (open && close && close > open + 1)
    {
      item->author = g_strstrip (g_strndup (value, open - value));
      item->author_name = g_strstrip (g_strndup (open + 1, close - open - 1));
      if (*item->author == '\0')
        {
          g_free (item->author);
          item->author = g_strdup (item->author_name);
        }
    }
  else
    {
      item->author = g_strdup (value);
      item->author_name = g_strdup (value);
    }
}

static char *
media_description (xmlNode *node,
                   guint    depth)
{
  for (xmlNode *child = node->children; child; child = child->next)
    if (is_element (child, NS_MEDIA, "description") || is_element (child, NS_MEDIA, "title"))
      {
        char *text = plain_text (child, depth + 1);

        if (text)
          return text;
      }
  return NULL;
}

static void
add_media_content (Item    *item,
                   xmlNode *node,
                   guint    depth)
{
  char *description = media_description (node, depth);

  if (description == NULL && node->parent && is_element (node->parent, NS_MEDIA, "group"))
    description = media_description (node->parent, depth - 1);
  if (description == NULL)
    {
      g_autofree char *medium = get_attr (node, "medium");
      g_autofree char *type = get_attr (node, "type");

      description = g_strdup_printf ("[%s]", medium && *medium && strlen (medium) < 16
                                              ? medium : media_kind (type));
    }
  add_unique (item->media, description);
}

static void
read_rss_item (Feed    *feed,
               xmlNode *node,
               Item    *item,
               guint    depth)
{
  char *description = NULL;
  char *encoded = NULL;

  if (feed->dialect == DIALECT_RDF)
    {
      xmlChar *about = xmlGetNsProp (node, (const xmlChar *) "about", (const xmlChar *) NS_RDF);

      if (about && *about)
        item->id = _vigil_utf8_dup ((const char *) about, strlen ((const char *) about));
      xmlFree (about);
    }

  for (xmlNode *child = node->children; child; child = child->next)
    {
      if (child->type != XML_ELEMENT_NODE)
        continue;

      if (is_rss_element (child, "title"))
        set_once (&item->title, html_text (child, depth + 1, FALSE));
      else if (is_rss_element (child, "link"))
        {
          g_autofree char *href = plain_text (child, depth + 1);

          set_once (&item->link, resolve_link (feed, child, href));
        }
      else if (is_rss_element (child, "guid"))
        {
          g_autofree char *permalink = get_attr (child, "isPermaLink");
          char *guid = plain_text (child, depth + 1);

          if (guid && !item->link && g_strcmp0 (permalink, "false") != 0)
            item->link = resolve_link (feed, child, guid);
          g_free (item->id);
          item->id = guid;
        }
      else if (is_rss_element (child, "description"))
        set_once (&description, html_text (child, depth + 1, FALSE));
      else if (is_element (child, NS_CONTENT, "encoded"))
        set_once (&encoded, html_text (child, depth + 1, FALSE));
      else if (is_rss_element (child, "pubDate") || is_element (child, NS_DC, "date"))
        set_once (&item->date, plain_text (child, depth + 1));
      else if (is_rss_element (child, "author"))
        {
          g_autofree char *value = plain_text (child, depth + 1);

          if (value)
            set_rss_author (item, value);
        }
      else if (is_element (child, NS_DC, "creator"))
        {
          char *value = plain_text (child, depth + 1);

          if (value && item->author == NULL)
            {
              item->author = value;
              item->author_name = g_strdup (value);
            }
          else
            g_free (value);
        }
      else if (is_rss_element (child, "category") || is_element (child, NS_DC, "subject"))
        add_unique (item->tags, plain_text (child, depth + 1));
      else if (is_rss_element (child, "enclosure"))
        {
          g_autofree char *type = get_attr (child, "type");

          add_unique (item->media, g_strdup_printf ("[%s]", media_kind (type)));
        }
      else if (is_element (child, NS_MEDIA, "content"))
        add_media_content (item, child, depth + 1);
      else if (is_element (child, NS_MEDIA, "group"))
        {
          for (xmlNode *m = child->children; m; m = m->next)
            if (is_element (m, NS_MEDIA, "content"))
              {
                add_media_content (item, m, depth + 2);
                break;  /* a group holds versions of one medium */
              }
        }
      else if (is_element (child, NS_DC, "language"))
        set_once (&item->lang, plain_text (child, depth + 1));
    }

  /* content:encoded is the full text; description often a teaser */
  if (encoded)
    {
      item->body = encoded;
      g_free (description);
    }
  else
    item->body = description;
}

static void
read_atom_entry (Feed    *feed,
                 xmlNode *node,
                 Item    *item,
                 guint    depth)
{
  char *content = NULL;
  char *summary = NULL;
  char *published = NULL;
  char *updated = NULL;
  char *source_author = NULL;

  for (xmlNode *child = node->children; child; child = child->next)
    {
      if (child->type != XML_ELEMENT_NODE)
        continue;

      if (is_atom_element (child, "id"))
        set_once (&item->id, plain_text (child, depth + 1));
      else if (is_atom_element (child, "title"))
        {
          char *title = atom_text (child, depth + 1);

          /* titles are one line */
          if (title)
            g_strdelimit (title, "\n\r\t", ' ');
          set_once (&item->title, title);
        }
      else if (is_atom_element (child, "link"))
        {
          g_autofree char *rel = get_attr (child, "rel");
          g_autofree char *href = get_attr (child, "href");

          if (rel == NULL || g_str_equal (rel, "alternate"))
            set_once (&item->link, resolve_link (feed, child, href));
          else if (g_str_equal (rel, "enclosure"))
            {
              g_autofree char *type = get_attr (child, "type");
              g_autofree char *title = get_attr (child, "title");

              add_unique (item->media, title && *title
                                       ? g_steal_pointer (&title)
                                       : g_strdup_printf ("[%s]", media_kind (type)));
            }
        }
      else if (is_atom_element (child, "content"))
        {
          g_autofree char *src = get_attr (child, "src");

          if (src == NULL)  /* out-of-line content is never fetched */
            set_once (&content, atom_text (child, depth + 1));
        }
      else if (is_atom_element (child, "summary"))
        set_once (&summary, atom_text (child, depth + 1));
      else if (is_atom_element (child, "published") || is_atom_element (child, "issued"))
        set_once (&published, plain_text (child, depth + 1));
      else if (is_atom_element (child, "updated") || is_atom_element (child, "modified"))
        set_once (&updated, plain_text (child, depth + 1));
      else if (is_atom_element (child, "author") && item->author == NULL)
        {
          for (xmlNode *a = child->children; a; a = a->next)
            if (is_atom_element (a, "name"))
              set_once (&item->author, plain_text (a, depth + 2));
        }
      else if (is_atom_element (child, "source"))
        {
          for (xmlNode *s = child->children; s; s = s->next)
            if (is_atom_element (s, "author"))
              for (xmlNode *a = s->children; a; a = a->next)
                if (is_atom_element (a, "name"))
                  set_once (&source_author, plain_text (a, depth + 3));
        }
      else if (is_atom_element (child, "category"))
        {
          char *term = get_attr (child, "term");

          if (term == NULL || *term == '\0')
            {
              g_free (term);
              term = get_attr (child, "label");
            }
          if (term && *term)
            add_unique (item->tags, term);
          else
            g_free (term);
        }
      else if (is_element (child, NS_MEDIA, "content"))
        add_media_content (item, child, depth + 1);
    }

  set_once (&item->author, source_author);
  if (item->author)
    item->author_name = g_strdup (item->author);
  item->body = content ? content : summary;
  if (content)
    g_free (summary);
  item->date = published ? published : updated;
  if (published)
    g_free (updated);
}

static char *
qualify_id (Feed       *feed,
            const char *id)
{
  /* a URI or URN is global already; "1234" is only unique within its feed */
  if (strchr (id, ':') || feed->feed_url == NULL)
    return g_strdup (id);
  return g_strconcat (feed->feed_url, "#", id, NULL);
}

/* The entry's XML, for raw; NULL (and *too_large) when it is over the
 * limit for one record. */
static char *
dump_node (xmlDoc   *doc,
           xmlNode  *node,
           gsize    *size)
{
  xmlBufferPtr buffer = xmlBufferCreate ();
  char *raw = NULL;

  *size = 0;
  xmlBufferSetAllocationScheme (buffer, XML_BUFFER_ALLOC_DOUBLEIT);
  if (xmlNodeDump (buffer, doc, node, 0, 0) >= 0)
    {
      *size = xmlBufferLength (buffer);
      if (*size <= VIGIL_NORMALIZE_MAX_RECORD)
        raw = _vigil_utf8_dup ((const char *) xmlBufferContent (buffer), *size);
    }
  xmlBufferFree (buffer);
  return raw;
}

static void
reject_item (Feed       *feed,
             xmlNode    *node,
             const char *message)
{
  long line_no = xmlGetLineNo (node);
  guint line = line_no > 0 && line_no < G_MAXUINT ? (guint) line_no : 0;

  vigil_parse_result_reject (feed->result, line, offset_of_line (feed, line), "%s", message);
}

static void
add_item (Feed    *feed,
          xmlDoc  *doc,
          xmlNode *node,
          guint    depth)
{
  g_autoptr(VigilPost) post = NULL;
  g_autoptr(GDateTime) created = NULL;
  g_autoptr(GDateTime) now = NULL;
  g_autofree char *remote_id = NULL;
  g_autofree char *text = NULL;
  g_autofree char *item_lang = NULL;
  g_autofree char *raw = NULL;
  gsize raw_size = 0;
  Item item = { 0 };

  /* one entry is one record: bound it before reading it. Its raw payload
   * is the bytes received, when they are found and UTF-8; else libxml2's
   * serialisation of the entry. */
  if (feed->spans != NULL && feed->next_entry < feed->spans->len)
    {
      _VigilFeedSpan *span = &g_array_index (feed->spans, _VigilFeedSpan, feed->next_entry);

      raw_size = span->length;
      if (span->length <= VIGIL_NORMALIZE_MAX_RECORD
          && g_utf8_validate_len (feed->data + span->offset, span->length, NULL))
        raw = g_strndup (feed->data + span->offset, span->length);
    }
  feed->next_entry++;
  if (raw == NULL && (feed->spans == NULL || raw_size <= VIGIL_NORMALIZE_MAX_RECORD))
    raw = dump_node (doc, node, &raw_size);
  if (raw == NULL)
    {
      g_autofree char *size = g_format_size (raw_size);
      g_autofree char *limit = g_format_size (VIGIL_NORMALIZE_MAX_RECORD);
      g_autofree char *message = g_strdup_printf (_("feed entry is %s, over the %s limit for "
                                                    "one record; skipped"), size, limit);

      reject_item (feed, node, message);
      return;
    }

  item.tags = g_ptr_array_new_with_free_func (g_free);
  item.media = g_ptr_array_new_with_free_func (g_free);

  if (feed->dialect == DIALECT_ATOM)
    read_atom_entry (feed, node, &item, depth);
  else
    read_rss_item (feed, node, &item, depth);

  if (item.id)
    remote_id = qualify_id (feed, item.id);
  else if (item.link)
    remote_id = g_strdup (item.link);
  else if (item.title || item.date || item.body)
    {
      g_autofree char *key = g_strjoin ("\n", feed->feed_url ? feed->feed_url : "",
                                        item.title ? item.title : "",
                                        item.date ? item.date : "",
                                        item.body ? item.body : "", NULL);

      g_autofree char *hash = g_compute_checksum_for_string (G_CHECKSUM_SHA256, key, -1);

      remote_id = g_strconcat ("sha256:", hash, NULL);
    }
  else
    {
      reject_item (feed, node, _("feed entry has no id, link, title, date or text; skipped"));
      item_clear (&item);
      return;
    }

  post = vigil_post_new (VIGIL_PLATFORM_FEED, remote_id);
  vigil_post_set_title (post, item.title);
  if (item.title && item.body && !g_str_equal (item.title, item.body))
    text = g_strconcat (item.title, "\n\n", item.body, NULL);
  else
    text = g_strdup (item.title ? item.title : item.body ? item.body : "");
  vigil_post_set_text (post, text);
  vigil_post_set_url (post, item.link);

  if (item.author)
    {
      vigil_post_set_author (post, item.author);
      vigil_post_set_author_name (post, item.author_name);
    }
  else
    {
      vigil_post_set_author (post, feed->feed_author ? feed->feed_author : feed->fallback_author);
      vigil_post_set_author_name (post, feed->feed_author ? feed->feed_author : feed->feed_title);
    }

  created = vigil_parse_feed_date (item.date);
  vigil_post_set_created_at (post, created);

  {
    xmlChar *lang = xmlNodeGetLang (node);

    if (lang && *lang)
      item_lang = short_lang (_vigil_utf8_dup ((const char *) lang, strlen ((const char *) lang)));
    xmlFree (lang);
  }
  item.lang = short_lang (item.lang);
  vigil_post_set_lang (post, item.lang ? item.lang : item_lang ? item_lang : feed->feed_lang);

  g_ptr_array_add (item.tags, NULL);
  vigil_post_set_tags (post, (const char * const *) item.tags->pdata);
  g_ptr_array_add (item.media, NULL);
  vigil_post_set_media (post, (const char * const *) item.media->pdata);

  vigil_post_take_raw (post, g_steal_pointer (&raw));
  now = g_date_time_new_now_utc ();
  vigil_post_set_fetched_at (post, now);

  g_ptr_array_add (feed->result->posts, g_steal_pointer (&post));
  item_clear (&item);
}

/* --- the feed --- */

static void
read_channel (Feed    *feed,
              xmlNode *channel,
              guint    depth)
{
  for (xmlNode *child = channel->children; child; child = child->next)
    {
      if (child->type != XML_ELEMENT_NODE)
        continue;
      if (feed->dialect == DIALECT_ATOM)
        {
          if (is_atom_element (child, "title"))
            set_once (&feed->feed_title, atom_text (child, depth + 1));
          else if (is_atom_element (child, "author"))
            for (xmlNode *a = child->children; a; a = a->next)
              if (is_atom_element (a, "name"))
                set_once (&feed->feed_author, plain_text (a, depth + 2));
        }
      else
        {
          if (is_rss_element (child, "title"))
            set_once (&feed->feed_title, html_text (child, depth + 1, FALSE));
          else if (is_rss_element (child, "language") || is_element (child, NS_DC, "language"))
            set_once (&feed->feed_lang, plain_text (child, depth + 1));
          else if (is_element (child, NS_DC, "creator"))
            set_once (&feed->feed_author, plain_text (child, depth + 1));
        }
    }

  truncate_text (feed->feed_title, MAX_FEED_STRING);
  truncate_text (feed->feed_author, MAX_FEED_STRING);
  feed->feed_lang = short_lang (feed->feed_lang);
  if (feed->feed_title)
    feed->fallback_author = g_strdup (feed->feed_title);
  else
    feed->fallback_author = dup_host (feed->feed_url);
}

static void
read_items (Feed    *feed,
            xmlDoc  *doc,
            xmlNode *parent,
            guint    depth)
{
  const char *name = feed->dialect == DIALECT_ATOM ? "entry" : "item";
  guint n = 0;

  for (xmlNode *child = parent->children; child; child = child->next)
    if (feed->dialect == DIALECT_ATOM ? is_atom_element (child, name) : is_rss_element (child, name))
      n++;
  g_clear_pointer (&feed->spans, g_array_unref);
  feed->spans = _vigil_feed_find_entry_spans (feed->data, feed->length, name);
  feed->next_entry = 0;
  if (feed->spans->len != n)
    {
      g_debug ("found %u of %u entries' bytes; serialising them instead", feed->spans->len, n);
      g_clear_pointer (&feed->spans, g_array_unref);
    }

  for (xmlNode *child = parent->children; child; child = child->next)
    {
      if (feed->dialect == DIALECT_ATOM ? is_atom_element (child, "entry")
                                        : is_rss_element (child, "item"))
        add_item (feed, doc, child, depth + 1);
    }
}

gboolean
vigil_feed_parse_document (GBytes            *bytes,
                           const char        *feed_url,
                           VigilParseResult  *result,
                           GError           **error)
{
  ParseErrors errors = { 0 };
  Feed feed = { 0 };
  xmlDoc *doc;
  xmlNode *root;
  const char *data;
  gsize length;
  xmlNode *channel = NULL;
  xmlGenericErrorFunc old_generic;
  void *old_generic_ctx;
  xmlStructuredErrorFunc old_structured;
  void *old_structured_ctx;

  g_return_val_if_fail (bytes != NULL, FALSE);
  g_return_val_if_fail (result != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  data = g_bytes_get_data (bytes, &length);
  if (length > VIGIL_NORMALIZE_MAX_DOCUMENT)
    {
      g_autofree char *size = g_format_size (length);
      g_autofree char *limit = g_format_size (VIGIL_NORMALIZE_MAX_DOCUMENT);

      g_set_error (error, VIGIL_NORMALIZE_ERROR, VIGIL_NORMALIZE_ERROR_TOO_LARGE,
                   _("the feed is %s, over the %s limit"), size, limit);
      return FALSE;
    }
  if (length == 0)
    {
      g_set_error_literal (error, VIGIL_NORMALIZE_ERROR, VIGIL_NORMALIZE_ERROR_SYNTAX,
                           _("the feed is empty"));
      return FALSE;
    }

  /* libxml2 prints serialisation errors (e.g. text that isn't UTF-8 in
   * dump_node()) to stderr; these handlers are per thread, and restored */
  old_generic = xmlGenericError;
  old_generic_ctx = xmlGenericErrorContext;
  old_structured = xmlStructuredError;
  old_structured_ctx = xmlStructuredErrorContext;
  xmlSetGenericErrorFunc (NULL, silent_generic_error);
  xmlSetStructuredErrorFunc (NULL, silent_structured_error);

  doc = read_xml (data, length, &errors);
  root = doc ? xmlDocGetRootElement (doc) : NULL;
  if (root == NULL)
    {
      g_set_error (error, VIGIL_NORMALIZE_ERROR, VIGIL_NORMALIZE_ERROR_SYNTAX,
                   _("the feed is not XML (line %d: %s)"), errors.first_error_line,
                   errors.first_error ? errors.first_error : _("no root element"));
      g_free (errors.first_error);
      if (doc)
        xmlFreeDoc (doc);
      xmlSetGenericErrorFunc (old_generic_ctx, old_generic);
      xmlSetStructuredErrorFunc (old_structured_ctx, old_structured);
      return FALSE;
    }
  if (errors.n_entities_ignored > 0)
    g_debug ("ignored %u entity declarations", errors.n_entities_ignored);
  if (errors.n_errors > 0)
    g_debug ("feed is not well-formed (%u errors; first at line %d: %s); recovered what could be",
             errors.n_errors, errors.first_error_line, errors.first_error);

  feed.feed_url = feed_url;
  feed.data = data;
  feed.length = length;
  feed.result = result;

  if (strcmp ((const char *) root->name, "rss") == 0 && ns_is (root, NULL))
    {
      feed.dialect = DIALECT_RSS;
      for (xmlNode *child = root->children; child && !channel; child = child->next)
        if (is_rss_element (child, "channel"))
          channel = child;
      if (channel)
        {
          read_channel (&feed, channel, 1);
          read_items (&feed, doc, channel, 1);
        }
    }
  else if (strcmp ((const char *) root->name, "RDF") == 0 && ns_is (root, NS_RDF))
    {
      feed.dialect = DIALECT_RDF;
      for (xmlNode *child = root->children; child && !channel; child = child->next)
        if (is_rss_element (child, "channel"))
          channel = child;
      if (channel)
        read_channel (&feed, channel, 1);
      else
        feed.fallback_author = dup_host (feed_url);
      read_items (&feed, doc, root, 0);
    }
  else if (strcmp ((const char *) root->name, "feed") == 0
           && (ns_is (root, NS_ATOM) || ns_is (root, NS_ATOM03)))
    {
      feed.dialect = DIALECT_ATOM;
      channel = root;
      read_channel (&feed, root, 0);
      read_items (&feed, doc, root, 0);
    }

  if (channel == NULL && feed.dialect != DIALECT_RDF)
    {
      g_autofree char *name = _vigil_utf8_dup ((const char *) root->name,
                                               strlen ((const char *) root->name));

      g_set_error (error, VIGIL_NORMALIZE_ERROR, VIGIL_NORMALIZE_ERROR_UNSUPPORTED,
                   _("this XML document is not a feed: its root element is <%s>, not an RSS "
                     "<rss> with a <channel>, an RSS 1.0 <rdf:RDF> or an Atom <feed>; "
                     "check that the address points at the feed itself"), name);
    }

  g_free (errors.first_error);
  g_free (feed.feed_title);
  g_free (feed.feed_author);
  g_free (feed.feed_lang);
  g_free (feed.fallback_author);
  g_clear_pointer (&feed.spans, g_array_unref);
  xmlFreeDoc (doc);
  xmlSetGenericErrorFunc (old_generic_ctx, old_generic);
  xmlSetStructuredErrorFunc (old_structured_ctx, old_structured);
  return error == NULL || *error == NULL;
}

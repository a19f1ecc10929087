/* vigil-link-header.c
 *
 * A tolerant reader of RFC 8288 §3:
 *   Link       = #link-value
 *   link-value = "<" URI-Reference ">" *( OWS ";" OWS link-param )
 *   link-param = token BWS [ "=" BWS ( token / quoted-string ) ]
 * Commas and semicolons inside <…> and quoted strings are data.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "vigil-link-header"

#include "config.h"

#include <string.h>

#include "vigil-link-header.h"

/* A header longer than this is not paging information. */
#define MAX_HEADER (64 * 1024)

void
vigil_link_free (VigilLink *link)
{
  if (link == NULL)
    return;
  g_free (link->target);
  g_strfreev (link->rels);
  g_free (link);
}

static void
skip_ows (const char **p)
{
  while (**p == ' ' || **p == '\t')
    (*p)++;
}

/* Skips to just past the next top-level comma (or to the end). */
static void
skip_to_next_value (const char **p)
{
  gboolean in_quotes = FALSE;
  gboolean in_angle = FALSE;

  while (**p != '\0')
    {
      char c = **p;

      if (in_quotes)
        {
          if (c == '\\' && (*p)[1] != '\0')
            (*p)++;
          else if (c == '"')
            in_quotes = FALSE;
        }
      else if (in_angle)
        {
          if (c == '>')
            in_angle = FALSE;
        }
      else if (c == '"')
        in_quotes = TRUE;
      else if (c == '<')
        in_angle = TRUE;
      else if (c == ',')
        {
          (*p)++;
          return;
        }
      (*p)++;
    }
}

static gboolean
is_token_char (char c)
{
  return c != '\0' && strchr (" \t;,=\"<>", c) == NULL;
}

/* Reads a token or quoted-string value; returns a new string. */
static char *
read_value (const char **p)
{
  GString *value = g_string_new (NULL);

  if (**p == '"')
    {
      (*p)++;
      while (**p != '\0' && **p != '"')
        {
          if (**p == '\\' && (*p)[1] != '\0')
            (*p)++;
          g_string_append_c (value, **p);
          (*p)++;
        }
      if (**p == '"')
        (*p)++;
    }
  else
    {
      while (is_token_char (**p))
        {
          g_string_append_c (value, **p);
          (*p)++;
        }
    }

  return g_string_free (value, FALSE);
}

static VigilLink *
read_link_value (const char **p)
{
  g_autoptr(VigilLink) link = NULL;
  g_autoptr(GPtrArray) rels = NULL;
  const char *close;

  skip_ows (p);
  if (**p != '<')
    return NULL;
  close = strpbrk (*p + 1, "<>");
  if (close == NULL)
    return NULL;
  if (*close == '<')
    {
      /* "<broken <next>": give up on the first, resume at the second. */
      *p = close;
      return NULL;
    }

  link = g_new0 (VigilLink, 1);
  link->target = g_strstrip (g_strndup (*p + 1, close - *p - 1));
  rels = g_ptr_array_new ();
  *p = close + 1;

  for (;;)
    {
      g_autofree char *name = NULL;
      g_autofree char *value = NULL;
      const char *start;

      skip_ows (p);
      if (**p != ';')
        break;
      (*p)++;
      skip_ows (p);

      start = *p;
      while (is_token_char (**p))
        (*p)++;
      name = g_ascii_strdown (start, *p - start);
      skip_ows (p);
      if (**p == '=')
        {
          (*p)++;
          skip_ows (p);
          value = read_value (p);
        }

      /* Only the first rel counts (RFC 8288 §3.3). */
      if (g_strcmp0 (name, "rel") == 0 && value != NULL && rels->len == 0)
        {
          g_auto(GStrv) parts = g_strsplit_set (value, " \t", -1);

          for (guint i = 0; parts[i] != NULL; i++)
            if (*parts[i] != '\0')
              g_ptr_array_add (rels, g_ascii_strdown (parts[i], -1));
        }
    }

  g_ptr_array_add (rels, NULL);
  link->rels = (char **) g_ptr_array_steal (rels, NULL);

  /* Whatever follows up to the next comma is garbage we ignore. */
  skip_ows (p);
  if (**p != ',' && **p != '\0')
    skip_to_next_value (p);

  return g_steal_pointer (&link);
}

GPtrArray *
vigil_link_header_parse (const char *header)
{
  GPtrArray *links = g_ptr_array_new_with_free_func ((GDestroyNotify) vigil_link_free);
  const char *p;

  if (header == NULL || strnlen (header, MAX_HEADER + 1) > MAX_HEADER)
    return links;

  p = header;
  while (*p != '\0')
    {
      VigilLink *link;
      const char *before;

      skip_ows (&p);
      if (*p == ',')
        {
          p++;
          continue;
        }
      if (*p == '\0')
        break;

      before = p;
      link = read_link_value (&p);
      if (link != NULL)
        g_ptr_array_add (links, link);
      else if (p == before)
        {
          /* Step over the malformed value (and at least one byte). */
          if (*p == '<')
            p++;
          skip_to_next_value (&p);
        }
      /* else: read_link_value moved p to where a new link-value starts */
    }

  return links;
}

char *
vigil_link_header_find (const char *header,
                        const char *rel,
                        const char *base_uri)
{
  g_autoptr(GPtrArray) links = NULL;

  g_return_val_if_fail (rel != NULL, NULL);

  links = vigil_link_header_parse (header);
  for (guint i = 0; i < links->len; i++)
    {
      VigilLink *link = g_ptr_array_index (links, i);

      for (guint j = 0; link->rels[j] != NULL; j++)
        {
          if (g_ascii_strcasecmp (link->rels[j], rel) != 0)
            continue;
          if (base_uri == NULL)
            return g_strdup (link->target);
          return g_uri_resolve_relative (base_uri, link->target, G_URI_FLAGS_NONE, NULL);
        }
    }

  return NULL;
}

/* vigil-source-spec.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "vigil-source-spec"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "vigil-feed-source.h"
#include "vigil-http.h"
#include "vigil-jetstream-source.h"
#include "vigil-source-spec.h"

/* A SPEC longer than this is not something a person typed. */
#define MAX_SPEC 4096

G_DEFINE_QUARK (vigil-source-spec-error-quark, vigil_source_spec_error)

void
vigil_source_spec_free (VigilSourceSpec *spec)
{
  if (spec == NULL)
    return;
  g_free (spec->spec);
  g_free (spec->url);
  g_free (spec->argument);
  g_free (spec);
}

gboolean
vigil_source_spec_host_is_loopback (const char *host)
{
  /* One policy for every source. */
  return vigil_http_is_loopback_host (host);
}

static gboolean
set_invalid (GError     **error,
             const char  *spec,
             const char  *reason)
{
  g_set_error (error, VIGIL_SOURCE_SPEC_ERROR, VIGIL_SOURCE_SPEC_ERROR_INVALID,
               _("“%s” is not a valid source: %s"), spec, reason);
  return FALSE;
}

/* Checks the URL's scheme against the allowed secure/plain pair and the
 * loopback rule; returns the parsed URI. */
static GUri *
parse_url (const char   *spec,
           const char   *url,
           const char   *secure,
           const char   *plain,
           GError      **error)
{
  g_autoptr(GUri) uri = NULL;
  g_autoptr(GError) local_error = NULL;
  const char *scheme;
  const char *host;

  uri = g_uri_parse (url, G_URI_FLAGS_ENCODED_QUERY | G_URI_FLAGS_ENCODED_PATH, &local_error);
  if (uri == NULL)
    {
      g_autofree char *reason = g_strdup_printf (_("the address is not a URL (%s)"),
                                                 local_error->message);
      set_invalid (error, spec, reason);
      return NULL;
    }

  scheme = g_uri_get_scheme (uri);
  host = g_uri_get_host (uri);
  if (host == NULL || *host == '\0')
    {
      set_invalid (error, spec, _("the address has no host"));
      return NULL;
    }
  if (g_uri_get_userinfo (uri) != NULL)
    {
      set_invalid (error, spec, _("the address must not carry a user name or password "
                                  "(link an account instead)"));
      return NULL;
    }

  if (g_ascii_strcasecmp (scheme, secure) == 0)
    return g_steal_pointer (&uri);

  if (g_ascii_strcasecmp (scheme, plain) == 0)
    {
      if (vigil_source_spec_host_is_loopback (host))
        return g_steal_pointer (&uri);
      g_set_error (error, VIGIL_SOURCE_SPEC_ERROR, VIGIL_SOURCE_SPEC_ERROR_INSECURE,
                   _("“%s” uses unencrypted %s:// to %s; use %s:// (plain %s:// is only "
                     "allowed for this computer, e.g. 127.0.0.1)"),
                   spec, plain, host, secure, plain);
      return NULL;
    }

  {
    g_autofree char *reason = g_strdup_printf (_("the address must start with %s:// "
                                                 "(not %s://)"), secure, scheme);
    set_invalid (error, spec, reason);
  }
  return NULL;
}

static char *
origin_of (GUri *uri)
{
  g_autofree char *scheme = g_ascii_strdown (g_uri_get_scheme (uri), -1);
  g_autofree char *host = g_ascii_strdown (g_uri_get_host (uri), -1);
  int port = g_uri_get_port (uri);
  gboolean ipv6 = strchr (host, ':') != NULL;

  if (port > 0)
    return g_strdup_printf ("%s://%s%s%s:%d", scheme, ipv6 ? "[" : "", host,
                            ipv6 ? "]" : "", port);
  return g_strdup_printf ("%s://%s%s%s", scheme, ipv6 ? "[" : "", host, ipv6 ? "]" : "");
}

/* "/tag/NAME" etc. → timeline and (decoded) argument. */
static gboolean
parse_mastodon_path (VigilSourceSpec  *out,
                     const char       *spec,
                     GUri             *uri,
                     GError          **error)
{
  const char *path = g_uri_get_path (uri);
  g_auto(GStrv) parts = NULL;
  g_autoptr(GPtrArray) segments = g_ptr_array_new_with_free_func (g_free);
  const char *first;
  char *second;

  parts = g_strsplit (path, "/", -1);
  for (guint i = 0; parts[i] != NULL; i++)
    {
      char *segment;

      if (*parts[i] == '\0')
        continue;
      segment = g_uri_unescape_string (parts[i], NULL);
      if (segment == NULL || !g_utf8_validate (segment, -1, NULL))
        {
          g_free (segment);
          return set_invalid (error, spec, _("the path is not valid UTF-8 once decoded"));
        }
      g_ptr_array_add (segments, segment);
    }

  if (segments->len == 0)
    {
      out->timeline = VIGIL_MASTODON_TIMELINE_PUBLIC;
      return TRUE;
    }

  first = g_ptr_array_index (segments, 0);
  second = segments->len > 1 ? g_ptr_array_index (segments, 1) : NULL;

  if (g_str_equal (first, "public") && segments->len == 1)
    out->timeline = VIGIL_MASTODON_TIMELINE_PUBLIC;
  else if (g_str_equal (first, "public") && segments->len == 2 && g_str_equal (second, "local"))
    out->timeline = VIGIL_MASTODON_TIMELINE_LOCAL;
  else if (g_str_equal (first, "home") && segments->len == 1)
    out->timeline = VIGIL_MASTODON_TIMELINE_HOME;
  else if ((g_str_equal (first, "tag") || g_str_equal (first, "tags")) && segments->len == 2)
    {
      const char *name = second[0] == '#' ? second + 1 : second;

      if (*name == '\0' || strpbrk (name, " \t#?&") != NULL)
        return set_invalid (error, spec, _("a hashtag is one word, e.g. /tag/vigil"));
      out->timeline = VIGIL_MASTODON_TIMELINE_TAG;
      out->argument = g_strdup (name);
    }
  else if ((g_str_equal (first, "list") || g_str_equal (first, "lists")) && segments->len == 2)
    {
      for (const char *p = second; *p != '\0'; p++)
        if (!g_ascii_isalnum (*p))
          return set_invalid (error, spec, _("a list id is a number, e.g. /list/42"));
      out->timeline = VIGIL_MASTODON_TIMELINE_LIST;
      out->argument = g_strdup (second);
    }
  else if (first[0] == '@' && segments->len == 1)
    {
      const char *acct = first + 1;
      const char *at = strchr (acct, '@');

      if (*acct == '\0' || at == acct || (at != NULL && (at[1] == '\0' || strchr (at + 1, '@'))) ||
          strpbrk (acct, " \t?&#") != NULL)
        return set_invalid (error, spec, _("an account is /@name or /@name@domain"));
      out->timeline = VIGIL_MASTODON_TIMELINE_ACCOUNT;
      out->argument = g_strdup (acct);
    }
  else if (g_str_equal (first, "search") && segments->len == 2 && *g_strstrip (second) != '\0')
    {
      out->timeline = VIGIL_MASTODON_TIMELINE_SEARCH;
      out->argument = g_strdup (second);
    }
  else
    return set_invalid (error, spec,
                        _("the path must be /public, /public/local, /tag/NAME, /list/ID, "
                          "/home, /@account or /search/QUERY"));

  return TRUE;
}

VigilSourceSpec *
vigil_source_spec_parse (const char  *spec,
                         GError     **error)
{
  g_autoptr(VigilSourceSpec) out = NULL;
  g_autoptr(GUri) uri = NULL;
  g_autofree char *kind = NULL;
  const char *colon;
  const char *url;

  g_return_val_if_fail (spec != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (strnlen (spec, MAX_SPEC + 1) > MAX_SPEC || !g_utf8_validate (spec, -1, NULL))
    {
      g_set_error (error, VIGIL_SOURCE_SPEC_ERROR, VIGIL_SOURCE_SPEC_ERROR_INVALID,
                   _("A source must be valid UTF-8 and at most %d bytes long"), MAX_SPEC);
      return NULL;
    }

  colon = strchr (spec, ':');
  if (colon == NULL)
    {
      set_invalid (error, spec, _("it must start with mastodon:, jetstream:, rss: or atom:"));
      return NULL;
    }

  kind = g_ascii_strdown (spec, colon - spec);
  url = colon + 1;
  out = g_new0 (VigilSourceSpec, 1);
  out->spec = g_strdup (spec);

  if (g_str_equal (kind, "mastodon"))
    {
      out->kind = VIGIL_SOURCE_KIND_MASTODON;
      uri = parse_url (spec, url, "https", "http", error);
      if (uri == NULL)
        return NULL;
      if (g_uri_get_query (uri) != NULL || g_uri_get_fragment (uri) != NULL)
        {
          set_invalid (error, spec, _("a Mastodon source takes no ?query or #fragment "
                                      "(search with /search/QUERY)"));
          return NULL;
        }
      if (!parse_mastodon_path (out, spec, uri, error))
        return NULL;
      out->url = origin_of (uri);
    }
  else if (g_str_equal (kind, "jetstream"))
    {
      out->kind = VIGIL_SOURCE_KIND_JETSTREAM;
      uri = parse_url (spec, url, "wss", "ws", error);
      if (uri == NULL)
        return NULL;
      out->url = g_strdup (url);
    }
  else if (g_str_equal (kind, "rss") || g_str_equal (kind, "atom") || g_str_equal (kind, "feed"))
    {
      out->kind = VIGIL_SOURCE_KIND_FEED;
      uri = parse_url (spec, url, "https", "http", error);
      if (uri == NULL)
        return NULL;
      out->url = g_strdup (url);
    }
  else
    {
      set_invalid (error, spec, _("it must start with mastodon:, jetstream:, rss: or atom:"));
      return NULL;
    }

  return g_steal_pointer (&out);
}

/* "wss://host/subscribe?wantedDids=a,b&wantedDids=c": the endpoint without
 * its query, and the DIDs (wantedCollections is always the post collection). */
static VigilSource *
create_jetstream (const VigilSourceSpec  *spec,
                  VigilStore             *store,
                  SoupSession            *session,
                  GError                **error)
{
  g_autoptr(GUri) uri = g_uri_parse (spec->url, G_URI_FLAGS_ENCODED, NULL);
  g_autoptr(GUri) bare = NULL;
  g_autoptr(GPtrArray) dids = g_ptr_array_new_with_free_func (g_free);
  g_autofree char *endpoint = NULL;
  const char *query;

  if (uri == NULL)
    {
      set_invalid (error, spec->spec, _("the address is not a URL"));
      return NULL;
    }

  query = g_uri_get_query (uri);
  if (query != NULL)
    {
      GUriParamsIter iter;
      g_autoptr(GError) local_error = NULL;
      char *name, *value;

      g_uri_params_iter_init (&iter, query, -1, "&", G_URI_PARAMS_NONE);
      while (g_uri_params_iter_next (&iter, &name, &value, &local_error))
        {
          g_autofree char *owned_name = name;
          g_autofree char *owned_value = value;

          if (g_str_equal (owned_name, "wantedDids"))
            {
              g_auto(GStrv) parts = g_strsplit (owned_value, ",", -1);

              for (guint i = 0; parts[i] != NULL; i++)
                if (*g_strstrip (parts[i]) != '\0')
                  g_ptr_array_add (dids, g_strdup (parts[i]));
            }
          else if (!g_str_equal (owned_name, "wantedCollections"))
            {
              g_autofree char *reason = g_strdup_printf (_("Jetstream takes only wantedDids "
                                                           "in the query (not “%s”)"), owned_name);
              set_invalid (error, spec->spec, reason);
              return NULL;
            }
        }
      if (local_error != NULL)
        {
          set_invalid (error, spec->spec, local_error->message);
          return NULL;
        }
    }

  bare = g_uri_build (G_URI_FLAGS_ENCODED, g_uri_get_scheme (uri), NULL, g_uri_get_host (uri),
                      g_uri_get_port (uri), g_uri_get_path (uri), NULL, NULL);
  endpoint = g_uri_to_string (bare);
  g_ptr_array_add (dids, NULL);

  return vigil_jetstream_source_new (store, session, endpoint,
                                     dids->len > 1 ? (const char * const *) dids->pdata : NULL);
}

VigilSource *
vigil_source_spec_create (const VigilSourceSpec  *spec,
                          VigilStore             *store,
                          SoupSession            *session,
                          const char             *token,
                          GError                **error)
{
  g_return_val_if_fail (spec != NULL, NULL);
  g_return_val_if_fail (VIGIL_IS_STORE (store), NULL);
  g_return_val_if_fail (SOUP_IS_SESSION (session), NULL);

  switch (spec->kind)
    {
    case VIGIL_SOURCE_KIND_MASTODON:
      return vigil_mastodon_source_new (spec->spec, store, session, spec->url,
                                        spec->timeline, spec->argument, token);
    case VIGIL_SOURCE_KIND_JETSTREAM:
      return create_jetstream (spec, store, session, error);
    case VIGIL_SOURCE_KIND_FEED:
      return vigil_feed_source_new (store, session, spec->url);
    default:
      break;
    }

  g_set_error (error, VIGIL_SOURCE_SPEC_ERROR, VIGIL_SOURCE_SPEC_ERROR_INVALID,
               _("“%s”: unknown kind of source"), spec->spec);
  return NULL;
}

/* vigil-mastodon-source.c
 *
 * One connection attempt (VigilSource::connect) runs these steps:
 *
 *   probe     GET /api/v1/instance, once per source: is this Mastodon at
 *             all, and where is its streaming API?
 *   resolve   GET /api/v1/accounts/lookup, once, for account timelines
 *   stream    GET /api/v1/streaming/… (SSE) when the timeline has one;
 *             refused (401, 404, wrong content type, …) → polling
 *   backfill  GET the timeline with min_id = newest id we have, following
 *             Link rel="prev" (same origin and path only), until a page
 *             comes back empty. Without any cursor, one page of the newest.
 *   poll      (no stream) backfill again every poll-interval
 *
 * The cursor ("everything up to this id is archived") advances with each
 * backfill page. Stream updates that arrive while the catch-up backfill is
 * still running are archived at once but move the cursor only when the
 * backfill completes, so a crash in between cannot skip a gap.
 *
 * Every callback carries the attempt number it was started for; anything
 * from an older attempt is dropped, so a cancel racing a completion is
 * harmless.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "vigil-mastodon-source"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "vigil-http.h"
#include "vigil-link-header.h"
#include "vigil-mastodon-source-private.h"
#include "vigil-normalize.h"
#include "vigil-source-spec.h"


G_DEFINE_FINAL_TYPE (VigilMastodonSource, vigil_mastodon_source, VIGIL_TYPE_SOURCE)

G_DEFINE_ENUM_TYPE (VigilMastodonTimeline, vigil_mastodon_timeline,
  G_DEFINE_ENUM_VALUE (VIGIL_MASTODON_TIMELINE_PUBLIC, "public"),
  G_DEFINE_ENUM_VALUE (VIGIL_MASTODON_TIMELINE_LOCAL, "local"),
  G_DEFINE_ENUM_VALUE (VIGIL_MASTODON_TIMELINE_TAG, "tag"),
  G_DEFINE_ENUM_VALUE (VIGIL_MASTODON_TIMELINE_LIST, "list"),
  G_DEFINE_ENUM_VALUE (VIGIL_MASTODON_TIMELINE_HOME, "home"),
  G_DEFINE_ENUM_VALUE (VIGIL_MASTODON_TIMELINE_ACCOUNT, "account"),
  G_DEFINE_ENUM_VALUE (VIGIL_MASTODON_TIMELINE_SEARCH, "search"))

enum {
  PROP_0,
  PROP_BASE_URL,
  PROP_TIMELINE,
  PROP_ARGUMENT,
  PROP_TOKEN,
  PROP_POLL_INTERVAL,
  PROP_REQUEST_TIMEOUT,
  PROP_STREAM_IDLE_TIMEOUT,
  PROP_STREAMING,
  PROP_PAGE_SIZE,
  PROP_IS_STREAMING,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void request_page (VigilMastodonSource *self,
                          const char          *url);

/* --- small helpers --- */

int
vigil_mastodon_compare_ids (const char *a,
                            const char *b)
{
  gsize la, lb;

  if (a == NULL || b == NULL)
    return (a != NULL) - (b != NULL);

  /* Leading zeros don't change the number. */
  while (a[0] == '0' && a[1] != '\0')
    a++;
  while (b[0] == '0' && b[1] != '\0')
    b++;

  la = strlen (a);
  lb = strlen (b);
  if (la != lb)
    return la < lb ? -1 : 1;
  return strcmp (a, b);
}

/* Mastodon ids are digits; other servers' (Pleroma, Akkoma) are
 * alphanumeric flakes that sort the same way. Anything else never becomes
 * a cursor. */
gboolean
_vigil_mastodon_id_is_valid (const char *id)
{
  gsize i;

  if (id == NULL || *id == '\0')
    return FALSE;
  for (i = 0; id[i] != '\0'; i++)
    if (i >= 64 || !g_ascii_isalnum (id[i]))
      return FALSE;
  return TRUE;
}

static gboolean
needs_token (VigilMastodonTimeline timeline)
{
  return timeline == VIGIL_MASTODON_TIMELINE_LIST || timeline == VIGIL_MASTODON_TIMELINE_HOME;
}

gboolean
_vigil_mastodon_has_stream (VigilMastodonTimeline timeline)
{
  return timeline != VIGIL_MASTODON_TIMELINE_ACCOUNT && timeline != VIGIL_MASTODON_TIMELINE_SEARCH;
}

gboolean
_vigil_mastodon_is_current (VigilMastodonSource *self,
            guint                attempt)
{
  return self->attempt == attempt && self->cancellable != NULL &&
         !g_cancellable_is_cancelled (self->cancellable);
}

void
_vigil_mastodon_set_is_streaming (VigilMastodonSource *self,
                  gboolean             is_streaming)
{
  if (self->is_streaming == !!is_streaming)
    return;
  self->is_streaming = !!is_streaming;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_IS_STREAMING]);
}

void
_vigil_mastodon_fail (VigilMastodonSource *self,
      gboolean             permanent,
      const char          *message)
{
  g_debug ("%s: %s (%s)", vigil_source_get_id (VIGIL_SOURCE (self)), message,
           permanent ? "permanent" : "will retry");
  vigil_source_fail (VIGIL_SOURCE (self), permanent, message);
}

void
_vigil_mastodon_go_live (VigilMastodonSource *self)
{
  if (self->live)
    return;
  self->live = TRUE;
  vigil_source_set_live (VIGIL_SOURCE (self));
}

const char *
_vigil_mastodon_json_get_string (JsonObject *object,
                 const char *member)
{
  JsonNode *node;

  if (object == NULL)
    return NULL;
  node = json_object_get_member (object, member);
  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node) ||
      json_node_get_value_type (node) != G_TYPE_STRING)
    return NULL;
  return json_node_get_string (node);
}

/* The REST URL of the timeline, with query parameters (min_id may be NULL). */
static char *
timeline_url (VigilMastodonSource *self,
              const char          *min_id)
{
  g_autofree char *escaped = NULL;
  GString *url = g_string_new (self->base_url);
  char sep = '?';

  if (self->argument != NULL)
    escaped = g_uri_escape_string (self->argument, NULL, FALSE);

  switch (self->timeline)
    {
    case VIGIL_MASTODON_TIMELINE_PUBLIC:
      g_string_append (url, "/api/v1/timelines/public");
      break;
    case VIGIL_MASTODON_TIMELINE_LOCAL:
      g_string_append (url, "/api/v1/timelines/public?local=true");
      sep = '&';
      break;
    case VIGIL_MASTODON_TIMELINE_TAG:
      g_string_append_printf (url, "/api/v1/timelines/tag/%s", escaped);
      break;
    case VIGIL_MASTODON_TIMELINE_LIST:
      g_string_append_printf (url, "/api/v1/timelines/list/%s", escaped);
      break;
    case VIGIL_MASTODON_TIMELINE_HOME:
      g_string_append (url, "/api/v1/timelines/home");
      break;
    case VIGIL_MASTODON_TIMELINE_ACCOUNT:
      {
        g_autofree char *id = g_uri_escape_string (self->account_id, NULL, FALSE);
        g_string_append_printf (url, "/api/v1/accounts/%s/statuses", id);
      }
      break;
    case VIGIL_MASTODON_TIMELINE_SEARCH:
      g_string_append_printf (url, "/api/v2/search?type=statuses&resolve=false&q=%s", escaped);
      sep = '&';
      break;
    default:
      g_assert_not_reached ();
    }

  g_string_append_printf (url, "%climit=%u", sep, self->page_size);
  if (min_id != NULL)
    {
      g_autofree char *id = g_uri_escape_string (min_id, NULL, FALSE);
      g_string_append_printf (url, "&min_id=%s", id);
    }

  return g_string_free (url, FALSE);
}


/* Same scheme, host and port. */
static gboolean
same_origin (GUri *a,
             GUri *b)
{
  return g_ascii_strcasecmp (g_uri_get_scheme (a), g_uri_get_scheme (b)) == 0 &&
         g_ascii_strcasecmp (g_uri_get_host (a), g_uri_get_host (b)) == 0 &&
         g_uri_get_port (a) == g_uri_get_port (b);
}

static char *
uri_query_param (GUri       *uri,
                 const char *name)
{
  g_autoptr(GHashTable) params = NULL;
  const char *query = g_uri_get_query (uri);

  if (query == NULL)
    return NULL;
  params = g_uri_parse_params (query, -1, "&", G_URI_PARAMS_NONE, NULL);
  if (params == NULL)
    return NULL;
  return g_strdup (g_hash_table_lookup (params, name));
}

SoupMessage *
_vigil_mastodon_new_message (VigilMastodonSource *self,
             const char          *url,
             const char          *accept)
{
  g_autoptr(GUri) uri = g_uri_parse (url, SOUP_HTTP_URI_FLAGS, NULL);
  SoupMessage *msg;
  SoupMessageHeaders *headers;

  if (uri == NULL)
    return NULL;

  msg = soup_message_new_from_uri (SOUP_METHOD_GET, uri);
  headers = soup_message_get_request_headers (msg);
  soup_message_headers_replace (headers, "Accept", accept);
  if (self->token != NULL)
    {
      g_autofree char *value = g_strconcat ("Bearer ", self->token, NULL);

      soup_message_headers_replace (headers, "Authorization", value);
    }

  return msg;
}

/* --- REST requests, through vigil-http (size cap, deadline, redirects
 * checked against the URL policy, the token kept within the origin) --- */

typedef void (*RequestDone) (VigilMastodonSource *self,
                             SoupMessage         *msg,
                             GBytes              *body,
                             const GError        *error,
                             gpointer             data);

typedef struct
{
  VigilMastodonSource *self;
  guint                attempt;
  RequestDone          done;
  char                *data;
} Request;

static void
request_free (Request *req)
{
  g_clear_object (&req->self);
  g_free (req->data);
  g_free (req);
}

static void
on_fetched_cb (GObject      *object,
               GAsyncResult *result,
               gpointer      user_data)
{
  Request *req = user_data;
  VigilMastodonSource *self = req->self;
  g_autoptr(SoupMessage) msg = NULL;
  g_autoptr(GBytes) body = NULL;
  g_autoptr(GError) error = NULL;

  body = vigil_http_fetch_finish (result, &msg, &error);
  if (_vigil_mastodon_is_current (self, req->attempt))
    req->done (self, msg, body, error, req->data);
  request_free (req);
}

static void
send_request (VigilMastodonSource *self,
              Purpose              purpose,
              const char          *url,
              RequestDone          done,
              const char          *data)
{
  VigilHttpOptions options = {
    .max_body = MAX_REST_BODY,
    .timeout_ms = self->request_timeout_ms,
    .max_redirects = VIGIL_HTTP_DEFAULT_MAX_REDIRECTS,
  };
  g_autoptr(SoupMessage) msg = NULL;
  Request *req;

  msg = _vigil_mastodon_new_message (self, url, "application/json");
  if (msg == NULL)
    {
      g_autofree char *message = g_strdup_printf (_("Can't build a request for %s."), self->host);
      _vigil_mastodon_fail (self, TRUE, message);
      return;
    }

  req = g_new0 (Request, 1);
  req->self = g_object_ref (self);
  req->attempt = self->attempt;
  req->done = done;
  req->data = g_strdup (data);

  g_debug ("%s: GET %s", vigil_source_get_id (VIGIL_SOURCE (self)), url);
  vigil_http_fetch_async (vigil_source_get_session (VIGIL_SOURCE (self)), msg, &options,
                          self->cancellable, on_fetched_cb, req);
}

/* --- backfill and polling --- */

static void
schedule (VigilMastodonSource *self,
          guint               *id,
          guint                delay_ms,
          GSourceFunc          func)
{
  g_clear_handle_id (id, g_source_remove);
  *id = g_timeout_add (delay_ms, func, self);
}

static gboolean
on_poll_cb (gpointer user_data)
{
  VigilMastodonSource *self = user_data;

  self->poll_id = 0;

  if (self->streaming_enabled && _vigil_mastodon_has_stream (self->timeline) &&
      g_get_real_time () >= self->stream_retry_at && !self->is_streaming)
    _vigil_mastodon_open_stream (self);

  _vigil_mastodon_start_backfill (self);
  return G_SOURCE_REMOVE;
}

static void
backfill_complete (VigilMastodonSource *self)
{
  self->backfilling = FALSE;
  g_clear_pointer (&self->backfill_min, g_free);

  if (self->is_streaming)
    {
      /* Everything up to the newest stream update is archived now. */
      if (vigil_mastodon_compare_ids (self->pending_max, self->newest) > 0)
        {
          g_autoptr(GPtrArray) none = g_ptr_array_new ();

          g_free (self->newest);
          self->newest = g_steal_pointer (&self->pending_max);
          vigil_source_archive (VIGIL_SOURCE (self), none, self->newest);
        }
      g_clear_pointer (&self->pending_max, g_free);
      self->contiguous = TRUE;
      return;
    }

  _vigil_mastodon_go_live (self);
  schedule (self, &self->poll_id, MAX (self->poll_interval_ms, _vigil_mastodon_rate_limit_delay_ms (self)), on_poll_cb);
}

static gboolean
on_paced_page_cb (gpointer user_data)
{
  VigilMastodonSource *self = user_data;
  g_autofree char *url = g_steal_pointer (&self->paced_url);

  self->paced_id = 0;
  if (url != NULL)
    request_page (self, url);
  return G_SOURCE_REMOVE;
}

static void
on_page_done (VigilMastodonSource *self,
              SoupMessage         *msg,
              GBytes              *body,
              const GError        *error,
              gpointer             data)
{
  g_autoptr(VigilParseResult) page = NULL;
  g_autoptr(GPtrArray) record_ids = NULL;
  g_autoptr(GPtrArray) posts = NULL;
  g_autoptr(GError) page_error = NULL;
  g_autofree char *page_newest = NULL;
  g_autofree char *next_url = NULL;
  const char *request_url = data;

  if (error != NULL &&
      g_error_matches (error, VIGIL_HTTP_ERROR, VIGIL_HTTP_ERROR_TOO_LARGE) &&
      self->page_size > 1)
    {
      /* Too many big statuses for one JSON record: ask for fewer. */
      self->page_size = MAX (1, self->page_size / 2);
      g_debug ("%s: page too large, asking for %u at a time",
               vigil_source_get_id (VIGIL_SOURCE (self)), self->page_size);
      next_url = timeline_url (self, self->backfill_min);
      request_page (self, next_url);
      return;
    }
  if (error != NULL)
    {
      _vigil_mastodon_fail_transport (self, error, FALSE);
      return;
    }
  _vigil_mastodon_note_rate_limit (self, msg);
  if (!SOUP_STATUS_IS_SUCCESSFUL (soup_message_get_status (msg)))
    {
      _vigil_mastodon_fail_status (self, msg, PURPOSE_PAGE);
      return;
    }

  if (!_vigil_mastodon_check_body (self, msg, body, PURPOSE_PAGE))
    return;

  /* each status is read once, from the bytes the server sent, which are
   * archived as its raw payload */
  page = vigil_parse_result_new ();
  record_ids = g_ptr_array_new_with_free_func (g_free);
  if (!vigil_mastodon_parse_page (body, self->timeline == VIGIL_MASTODON_TIMELINE_SEARCH,
                                  page, record_ids, &page_error))
    {
      g_autofree char *message = NULL;

      if (g_error_matches (page_error, VIGIL_NORMALIZE_ERROR, VIGIL_NORMALIZE_ERROR_SYNTAX))
        message = g_strdup_printf (_("%s sent an answer that isn't valid JSON (%s)."),
                                   self->host, page_error->message);
      else
        message = g_strdup_printf (_("%s answered with JSON that is not a list of posts; "
                                     "retrying."), self->host);
      _vigil_mastodon_fail (self, FALSE, message);
      return;
    }

  for (guint i = 0; i < record_ids->len; i++)
    {
      const char *id = g_ptr_array_index (record_ids, i);

      if (_vigil_mastodon_id_is_valid (id) && vigil_mastodon_compare_ids (id, page_newest) > 0)
        {
          g_free (page_newest);
          page_newest = g_strdup (id);
        }
    }
  for (guint i = 0; i < page->rejects->len; i++)
    {
      VigilParseReject *reject = g_ptr_array_index (page->rejects, i);

      self->rejected++;
      g_debug ("%s: skipping a status at offset %" G_GOFFSET_FORMAT ": %s",
               vigil_source_get_id (VIGIL_SOURCE (self)), reject->offset, reject->message);
    }
  posts = g_steal_pointer (&page->posts);
  page->posts = g_ptr_array_new_with_free_func (g_object_unref);

  /* An empty page, or one with nothing newer (a server ignoring min_id),
   * means we have reached the top. */
  if (page_newest == NULL ||
      (self->backfill_min != NULL && vigil_mastodon_compare_ids (page_newest, self->backfill_min) <= 0))
    {
      backfill_complete (self);
      return;
    }

  if (vigil_mastodon_compare_ids (page_newest, self->newest) > 0)
    {
      g_free (self->newest);
      self->newest = g_strdup (page_newest);
    }
  vigil_source_archive (VIGIL_SOURCE (self), posts, self->newest);

  if (self->backfill_min == NULL)
    {
      /* The first page ever: start from now. */
      backfill_complete (self);
      return;
    }

  /* Follow Link rel="prev" when it stays on this timeline and moves on. */
  {
    const char *link = soup_message_headers_get_list (soup_message_get_response_headers (msg), "Link");
    g_autofree char *prev = vigil_link_header_find (link, "prev", request_url);
    g_autoptr(GUri) prev_uri = prev != NULL ? g_uri_parse (prev, SOUP_HTTP_URI_FLAGS, NULL) : NULL;
    g_autoptr(GUri) this_uri = g_uri_parse (request_url, SOUP_HTTP_URI_FLAGS, NULL);
    g_autofree char *prev_min = prev_uri != NULL ? uri_query_param (prev_uri, "min_id") : NULL;

    g_free (self->backfill_min);
    self->backfill_min = g_strdup (page_newest);

    if (prev_uri != NULL && this_uri != NULL && same_origin (prev_uri, this_uri) &&
        g_strcmp0 (g_uri_get_path (prev_uri), g_uri_get_path (this_uri)) == 0 &&
        vigil_mastodon_compare_ids (prev_min, page_newest) == 0)
      next_url = g_steal_pointer (&prev);
    else
      next_url = timeline_url (self, page_newest);
  }

  {
    guint delay = _vigil_mastodon_rate_limit_delay_ms (self);

    if (delay > 0)
      {
        g_debug ("%s: %d requests left; next page in %u ms",
                 vigil_source_get_id (VIGIL_SOURCE (self)), self->rate_remaining, delay);
        g_free (self->paced_url);
        self->paced_url = g_steal_pointer (&next_url);
        schedule (self, &self->paced_id, delay, on_paced_page_cb);
        return;
      }
  }

  request_page (self, next_url);
}

static void
request_page (VigilMastodonSource *self,
              const char          *url)
{
  send_request (self, PURPOSE_PAGE, url, on_page_done, url);
}

void
_vigil_mastodon_start_backfill (VigilMastodonSource *self)
{
  g_autofree char *url = NULL;

  if (self->backfilling)
    return;
  self->backfilling = TRUE;
  self->contiguous = FALSE;

  g_free (self->backfill_min);
  self->backfill_min = g_strdup (self->newest);
  url = timeline_url (self, self->backfill_min);
  request_page (self, url);
}

void
_vigil_mastodon_start_polling (VigilMastodonSource *self)
{
  self->polling = TRUE;
  _vigil_mastodon_set_is_streaming (self, FALSE);
  _vigil_mastodon_start_backfill (self);
}

/* --- the steps before streaming or polling --- */

static void
start_listening (VigilMastodonSource *self)
{
  if (self->streaming_enabled && _vigil_mastodon_has_stream (self->timeline) &&
      g_get_real_time () >= self->stream_retry_at)
    _vigil_mastodon_open_stream (self);
  else
    _vigil_mastodon_start_polling (self);
}

static void
on_lookup_done (VigilMastodonSource *self,
                SoupMessage         *msg,
                GBytes              *body,
                const GError        *error,
                gpointer             data)
{
  g_autoptr(JsonNode) root = NULL;
  const char *id = NULL;

  if (error != NULL)
    {
      _vigil_mastodon_fail_transport (self, error, TRUE);
      return;
    }
  _vigil_mastodon_note_rate_limit (self, msg);
  if (!SOUP_STATUS_IS_SUCCESSFUL (soup_message_get_status (msg)))
    {
      _vigil_mastodon_fail_status (self, msg, PURPOSE_LOOKUP);
      return;
    }
  root = _vigil_mastodon_parse_body (self, msg, body, PURPOSE_LOOKUP);
  if (root == NULL)
    return;

  if (JSON_NODE_HOLDS_OBJECT (root))
    id = _vigil_mastodon_json_get_string (json_node_get_object (root), "id");
  if (id == NULL || *id == '\0' || strlen (id) > 64)
    {
      g_autofree char *message = g_strdup_printf (_("%s gave no usable id for @%s; retrying."),
                                                  self->host, self->argument);
      _vigil_mastodon_fail (self, FALSE, message);
      return;
    }

  self->account_id = g_strdup (id);
  start_listening (self);
}

static void
resolve (VigilMastodonSource *self)
{
  g_autofree char *acct = NULL;
  g_autofree char *url = NULL;

  if (self->timeline != VIGIL_MASTODON_TIMELINE_ACCOUNT || self->account_id != NULL)
    {
      start_listening (self);
      return;
    }

  acct = g_uri_escape_string (self->argument, "@", FALSE);
  url = g_strdup_printf ("%s/api/v1/accounts/lookup?acct=%s", self->base_url, acct);
  send_request (self, PURPOSE_LOOKUP, url, on_lookup_done, NULL);
}

/* The streaming host the instance advertises, as an https:// origin; NULL
 * when it is the instance itself or unusable. */
static char *
streaming_origin (VigilMastodonSource *self,
                  const char          *advertised)
{
  g_autoptr(GUri) uri = NULL;
  g_autoptr(GUri) https = NULL;
  const char *scheme;
  const char *http_scheme;

  if (advertised == NULL)
    return NULL;
  uri = g_uri_parse (advertised, G_URI_FLAGS_NONE, NULL);
  if (uri == NULL || g_uri_get_host (uri) == NULL)
    return NULL;

  scheme = g_uri_get_scheme (uri);
  if (g_ascii_strcasecmp (scheme, "wss") == 0 || g_ascii_strcasecmp (scheme, "https") == 0)
    http_scheme = "https";
  else if ((g_ascii_strcasecmp (scheme, "ws") == 0 || g_ascii_strcasecmp (scheme, "http") == 0) &&
           vigil_source_spec_host_is_loopback (g_uri_get_host (uri)))
    http_scheme = "http";
  else
    return NULL;

  https = g_uri_build (G_URI_FLAGS_NONE, http_scheme, NULL, g_uri_get_host (uri),
                       g_uri_get_port (uri), "", NULL, NULL);
  return g_uri_to_string (https);
}

static void
on_probe_done (VigilMastodonSource *self,
               SoupMessage         *msg,
               GBytes              *body,
               const GError        *error,
               gpointer             data)
{
  g_autoptr(JsonNode) root = NULL;
  JsonObject *object = NULL;
  JsonNode *urls;
  g_autofree char *advertised = NULL;

  if (error != NULL)
    {
      _vigil_mastodon_fail_transport (self, error, TRUE);
      return;
    }
  _vigil_mastodon_note_rate_limit (self, msg);
  if (!SOUP_STATUS_IS_SUCCESSFUL (soup_message_get_status (msg)))
    {
      _vigil_mastodon_fail_status (self, msg, PURPOSE_PROBE);
      return;
    }
  root = _vigil_mastodon_parse_body (self, msg, body, PURPOSE_PROBE);
  if (root == NULL)
    return;

  if (JSON_NODE_HOLDS_OBJECT (root))
    object = json_node_get_object (root);
  if (object == NULL || (_vigil_mastodon_json_get_string (object, "uri") == NULL &&
                         _vigil_mastodon_json_get_string (object, "domain") == NULL &&
                         _vigil_mastodon_json_get_string (object, "version") == NULL))
    {
      g_autofree char *message = g_strdup_printf (_("%s doesn't look like a Mastodon server (its "
                                                    "instance information is missing). Check the "
                                                    "address."), self->host);
      _vigil_mastodon_fail (self, TRUE, message);
      return;
    }

  urls = json_object_get_member (object, "urls");
  if (urls != NULL && JSON_NODE_HOLDS_OBJECT (urls))
    {
      advertised = streaming_origin (self, _vigil_mastodon_json_get_string (json_node_get_object (urls),
                                                            "streaming_api"));
      /* Only a different host needs remembering. */
      if (advertised != NULL)
        {
          g_autoptr(GUri) a = g_uri_parse (advertised, G_URI_FLAGS_NONE, NULL);
          g_autoptr(GUri) b = g_uri_parse (self->base_url, G_URI_FLAGS_NONE, NULL);

          if (a != NULL && b != NULL && same_origin (a, b))
            g_clear_pointer (&advertised, g_free);
        }
    }
  g_free (self->stream_base);
  self->stream_base = g_steal_pointer (&advertised);
  self->probed = TRUE;

  resolve (self);
}

/* --- VigilSource --- */

static void
vigil_mastodon_source_connect (VigilSource *source)
{
  VigilMastodonSource *self = VIGIL_MASTODON_SOURCE (source);
  g_autofree char *url = NULL;

  self->attempt++;
  g_clear_object (&self->cancellable);
  self->cancellable = g_cancellable_new ();
  self->live = FALSE;
  self->polling = FALSE;
  self->backfilling = FALSE;
  self->contiguous = FALSE;

  if (!self->cursor_loaded)
    {
      g_autofree char *cursor = vigil_source_load_cursor (source);

      self->cursor_loaded = TRUE;
      if (vigil_mastodon_compare_ids (cursor, self->newest) > 0)
        {
          g_free (self->newest);
          self->newest = g_steal_pointer (&cursor);
        }
    }

  if (needs_token (self->timeline) && self->token == NULL)
    {
      g_autofree char *message = g_strdup_printf (_("Reading a list or the home timeline needs "
                                                    "an account on %s. Link one in Preferences › "
                                                    "Accounts."), self->host);
      _vigil_mastodon_fail (self, TRUE, message);
      return;
    }

  if (self->probed)
    {
      resolve (self);
      return;
    }

  url = g_strconcat (self->base_url, "/api/v1/instance", NULL);
  send_request (self, PURPOSE_PROBE, url, on_probe_done, NULL);
}

static void
vigil_mastodon_source_disconnect (VigilSource *source)
{
  VigilMastodonSource *self = VIGIL_MASTODON_SOURCE (source);

  self->attempt++;
  if (self->cancellable != NULL)
    g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  g_clear_handle_id (&self->poll_id, g_source_remove);
  g_clear_handle_id (&self->paced_id, g_source_remove);
  g_clear_handle_id (&self->idle_id, g_source_remove);
  g_clear_object (&self->stream);
  vigil_sse_parser_reset (self->sse);
  g_ptr_array_set_size (self->batch, 0);
  g_clear_pointer (&self->batch_max, g_free);
  g_clear_pointer (&self->backfill_min, g_free);
  g_clear_pointer (&self->pending_max, g_free);
  g_clear_pointer (&self->paced_url, g_free);
  self->live = FALSE;
  self->polling = FALSE;
  self->backfilling = FALSE;
  self->contiguous = FALSE;
  _vigil_mastodon_set_is_streaming (self, FALSE);
}

/* --- GObject --- */

static void
vigil_mastodon_source_constructed (GObject *object)
{
  VigilMastodonSource *self = VIGIL_MASTODON_SOURCE (object);
  g_autoptr(GUri) uri = NULL;

  G_OBJECT_CLASS (vigil_mastodon_source_parent_class)->constructed (object);

  g_assert (self->base_url != NULL);
  uri = g_uri_parse (self->base_url, G_URI_FLAGS_NONE, NULL);
  self->host = g_strdup (uri != NULL && g_uri_get_host (uri) ? g_uri_get_host (uri) : self->base_url);

  /* "https://host/" → "https://host" */
  while (g_str_has_suffix (self->base_url, "/"))
    self->base_url[strlen (self->base_url) - 1] = '\0';
}

/* Requests and the stream hold a reference while in flight, so this runs
 * only once they are done (vigil_source_stop() cancels them). */
static void
vigil_mastodon_source_dispose (GObject *object)
{
  VigilMastodonSource *self = VIGIL_MASTODON_SOURCE (object);

  if (self->cancellable != NULL)
    g_cancellable_cancel (self->cancellable);
  g_clear_handle_id (&self->poll_id, g_source_remove);
  g_clear_handle_id (&self->paced_id, g_source_remove);
  g_clear_handle_id (&self->idle_id, g_source_remove);
  g_clear_object (&self->stream);

  G_OBJECT_CLASS (vigil_mastodon_source_parent_class)->dispose (object);
}

static void
vigil_mastodon_source_finalize (GObject *object)
{
  VigilMastodonSource *self = VIGIL_MASTODON_SOURCE (object);

  g_clear_handle_id (&self->poll_id, g_source_remove);
  g_clear_handle_id (&self->paced_id, g_source_remove);
  g_clear_handle_id (&self->idle_id, g_source_remove);
  g_clear_object (&self->cancellable);
  g_clear_object (&self->stream);
  g_clear_pointer (&self->sse, vigil_sse_parser_free);
  g_clear_pointer (&self->batch, g_ptr_array_unref);
  g_free (self->batch_max);
  g_free (self->base_url);
  g_free (self->host);
  g_free (self->argument);
  if (self->token != NULL)
    memset (self->token, 0, strlen (self->token));
  g_free (self->token);
  g_free (self->stream_base);
  g_free (self->account_id);
  g_free (self->newest);
  g_free (self->backfill_min);
  g_free (self->pending_max);
  g_free (self->paced_url);

  G_OBJECT_CLASS (vigil_mastodon_source_parent_class)->finalize (object);
}

static void
vigil_mastodon_source_get_property (GObject    *object,
                                    guint       prop_id,
                                    GValue     *value,
                                    GParamSpec *pspec)
{
  VigilMastodonSource *self = VIGIL_MASTODON_SOURCE (object);

  switch (prop_id)
    {
    case PROP_BASE_URL:
      g_value_set_string (value, self->base_url);
      break;
    case PROP_TIMELINE:
      g_value_set_enum (value, self->timeline);
      break;
    case PROP_ARGUMENT:
      g_value_set_string (value, self->argument);
      break;
    case PROP_POLL_INTERVAL:
      g_value_set_uint (value, self->poll_interval_ms);
      break;
    case PROP_REQUEST_TIMEOUT:
      g_value_set_uint (value, self->request_timeout_ms);
      break;
    case PROP_STREAM_IDLE_TIMEOUT:
      g_value_set_uint (value, self->stream_idle_timeout_ms);
      break;
    case PROP_STREAMING:
      g_value_set_boolean (value, self->streaming_enabled);
      break;
    case PROP_PAGE_SIZE:
      g_value_set_uint (value, self->page_size);
      break;
    case PROP_IS_STREAMING:
      g_value_set_boolean (value, self->is_streaming);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
vigil_mastodon_source_set_property (GObject      *object,
                                    guint         prop_id,
                                    const GValue *value,
                                    GParamSpec   *pspec)
{
  VigilMastodonSource *self = VIGIL_MASTODON_SOURCE (object);

  switch (prop_id)
    {
    case PROP_BASE_URL:
      self->base_url = g_value_dup_string (value);
      break;
    case PROP_TIMELINE:
      self->timeline = g_value_get_enum (value);
      break;
    case PROP_ARGUMENT:
      self->argument = g_value_dup_string (value);
      break;
    case PROP_TOKEN:
      self->token = g_value_dup_string (value);
      if (self->token != NULL && *self->token == '\0')
        g_clear_pointer (&self->token, g_free);
      break;
    case PROP_POLL_INTERVAL:
      self->poll_interval_ms = g_value_get_uint (value);
      break;
    case PROP_REQUEST_TIMEOUT:
      self->request_timeout_ms = g_value_get_uint (value);
      break;
    case PROP_STREAM_IDLE_TIMEOUT:
      self->stream_idle_timeout_ms = g_value_get_uint (value);
      break;
    case PROP_STREAMING:
      self->streaming_enabled = g_value_get_boolean (value);
      break;
    case PROP_PAGE_SIZE:
      self->page_size = g_value_get_uint (value);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
vigil_mastodon_source_class_init (VigilMastodonSourceClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  VigilSourceClass *source_class = VIGIL_SOURCE_CLASS (klass);

  object_class->constructed = vigil_mastodon_source_constructed;
  object_class->dispose = vigil_mastodon_source_dispose;
  object_class->finalize = vigil_mastodon_source_finalize;
  object_class->get_property = vigil_mastodon_source_get_property;
  object_class->set_property = vigil_mastodon_source_set_property;

  source_class->connect = vigil_mastodon_source_connect;
  source_class->disconnect = vigil_mastodon_source_disconnect;

  properties[PROP_BASE_URL] =
    g_param_spec_string ("base-url", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_TIMELINE] =
    g_param_spec_enum ("timeline", NULL, NULL, VIGIL_TYPE_MASTODON_TIMELINE,
                       VIGIL_MASTODON_TIMELINE_PUBLIC,
                       G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_ARGUMENT] =
    g_param_spec_string ("argument", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  /* Write-only, so that it never shows up in a property dump. */
  properties[PROP_TOKEN] =
    g_param_spec_string ("token", NULL, NULL, NULL,
                         G_PARAM_WRITABLE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_POLL_INTERVAL] =
    g_param_spec_uint ("poll-interval", NULL, NULL, 10, G_MAXUINT, 60000,
                       G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS);
  properties[PROP_REQUEST_TIMEOUT] =
    g_param_spec_uint ("request-timeout", NULL, NULL, 10, G_MAXUINT, 30000,
                       G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS);
  properties[PROP_STREAM_IDLE_TIMEOUT] =
    g_param_spec_uint ("stream-idle-timeout", NULL, NULL, 10, G_MAXUINT, 90000,
                       G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS);
  properties[PROP_STREAMING] =
    g_param_spec_boolean ("streaming", NULL, NULL, TRUE,
                          G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS);
  properties[PROP_PAGE_SIZE] =
    g_param_spec_uint ("page-size", NULL, NULL, 1, MAX_PAGE_SIZE, MAX_PAGE_SIZE,
                       G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS);
  properties[PROP_IS_STREAMING] =
    g_param_spec_boolean ("is-streaming", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
vigil_mastodon_source_init (VigilMastodonSource *self)
{
  self->poll_interval_ms = 60000;
  self->request_timeout_ms = 30000;
  self->stream_idle_timeout_ms = 90000;
  self->page_size = MAX_PAGE_SIZE;
  self->streaming_enabled = TRUE;
  self->rate_remaining = -1;
  self->sse = vigil_sse_parser_new (VIGIL_NORMALIZE_MAX_RECORD, _vigil_mastodon_on_sse_event, self);
  self->batch = g_ptr_array_new_with_free_func (g_object_unref);
}

VigilSource *
vigil_mastodon_source_new (const char            *id,
                           VigilStore            *store,
                           SoupSession           *session,
                           const char            *base_url,
                           VigilMastodonTimeline  timeline,
                           const char            *argument,
                           const char            *token)
{
  g_return_val_if_fail (id != NULL, NULL);
  g_return_val_if_fail (VIGIL_IS_STORE (store), NULL);
  g_return_val_if_fail (SOUP_IS_SESSION (session), NULL);
  g_return_val_if_fail (base_url != NULL, NULL);
  g_return_val_if_fail (timeline == VIGIL_MASTODON_TIMELINE_PUBLIC ||
                        timeline == VIGIL_MASTODON_TIMELINE_LOCAL ||
                        timeline == VIGIL_MASTODON_TIMELINE_HOME ||
                        argument != NULL, NULL);

  return g_object_new (VIGIL_TYPE_MASTODON_SOURCE,
                       "id", id,
                       "store", store,
                       "session", session,
                       "base-url", base_url,
                       "timeline", timeline,
                       "argument", argument,
                       "token", token,
                       NULL);
}

VigilMastodonTimeline
vigil_mastodon_source_get_timeline (VigilMastodonSource *self)
{
  g_return_val_if_fail (VIGIL_IS_MASTODON_SOURCE (self), VIGIL_MASTODON_TIMELINE_PUBLIC);
  return self->timeline;
}

const char *
vigil_mastodon_source_get_base_url (VigilMastodonSource *self)
{
  g_return_val_if_fail (VIGIL_IS_MASTODON_SOURCE (self), NULL);
  return self->base_url;
}

gboolean
vigil_mastodon_source_get_is_streaming (VigilMastodonSource *self)
{
  g_return_val_if_fail (VIGIL_IS_MASTODON_SOURCE (self), FALSE);
  return self->is_streaming;
}

const char *
vigil_mastodon_source_get_newest_id (VigilMastodonSource *self)
{
  g_return_val_if_fail (VIGIL_IS_MASTODON_SOURCE (self), NULL);
  return self->newest;
}

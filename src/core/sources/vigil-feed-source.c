/* vigil-feed-source.c: one RSS/Atom feed, polled politely
 *
 * Each poll is a conditional GET (If-None-Match / If-Modified-Since). The
 * validators and the current interval are the cursor, persisted only after
 * the items of that poll have committed. A feed whose polls bring nothing
 * new is polled less and less often (×1.5 up to max-interval-ms); new items
 * bring it back to base-interval-ms.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "vigil-feed-source"

#include "config.h"

#include <string.h>

#include <glib/gi18n-lib.h>
#include <json-glib/json-glib.h>

#include "vigil-feed-source.h"
#include "vigil-http.h"
#include "vigil-normalize.h"

#define INTERVAL_FACTOR 1.5
#define ACCEPT "application/atom+xml, application/rss+xml, application/rdf+xml;q=0.9, " \
               "application/xml;q=0.8, text/xml;q=0.8, */*;q=0.5"

struct _VigilFeedSource
{
  VigilSource   parent_instance;

  char         *url;
  char         *title;
  guint         base_interval_ms;
  guint         max_interval_ms;
  guint         interval_ms;
  guint         timeout_ms;
  guint64       max_body;
  guint         max_redirects;

  GCancellable *cancellable;
  guint         poll_id;
  char         *etag;
  char         *last_modified;
  GHashTable   *last_ids;      /* remote ids of the last full fetch */
  gboolean      fetched_once;

  guint         polls;
  guint         not_modified;
};

G_DEFINE_FINAL_TYPE (VigilFeedSource, vigil_feed_source, VIGIL_TYPE_SOURCE)

enum {
  PROP_0,
  PROP_URL,
  PROP_TITLE,
  PROP_BASE_INTERVAL_MS,
  PROP_MAX_INTERVAL_MS,
  PROP_INTERVAL_MS,
  PROP_TIMEOUT_MS,
  PROP_MAX_BODY,
  PROP_MAX_REDIRECTS,
  PROP_POLLS,
  PROP_NOT_MODIFIED,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void poll_feed (VigilFeedSource *self);

static void
set_interval (VigilFeedSource *self,
              guint            interval_ms)
{
  interval_ms = CLAMP (interval_ms, self->base_interval_ms, MAX (self->max_interval_ms, self->base_interval_ms));
  if (self->interval_ms != interval_ms)
    {
      self->interval_ms = interval_ms;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_INTERVAL_MS]);
    }
}

static char *
build_cursor (VigilFeedSource *self)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonNode) root = NULL;

  json_builder_begin_object (builder);
  if (self->etag)
    {
      json_builder_set_member_name (builder, "etag");
      json_builder_add_string_value (builder, self->etag);
    }
  if (self->last_modified)
    {
      json_builder_set_member_name (builder, "last_modified");
      json_builder_add_string_value (builder, self->last_modified);
    }
  json_builder_set_member_name (builder, "interval_ms");
  json_builder_add_int_value (builder, self->interval_ms);
  json_builder_end_object (builder);

  root = json_builder_get_root (builder);

  return json_to_string (root, FALSE);
}

static void
load_cursor (VigilFeedSource *self)
{
  g_autofree char *cursor = vigil_source_load_cursor (VIGIL_SOURCE (self));
  g_autoptr(JsonNode) node = NULL;
  JsonObject *object;

  g_clear_pointer (&self->etag, g_free);
  g_clear_pointer (&self->last_modified, g_free);

  if (!cursor)
    return;

  node = vigil_json_parse_bounded (cursor, strlen (cursor), NULL);
  if (!node || !JSON_NODE_HOLDS_OBJECT (node))
    return;

  object = json_node_get_object (node);
  if (json_object_has_member (object, "etag"))
    self->etag = g_strdup (json_object_get_string_member_with_default (object, "etag", NULL));
  if (json_object_has_member (object, "last_modified"))
    self->last_modified = g_strdup (json_object_get_string_member_with_default (object, "last_modified", NULL));
  if (json_object_has_member (object, "interval_ms"))
    set_interval (self, (guint) CLAMP (json_object_get_int_member_with_default (object, "interval_ms", 0),
                                       0, G_MAXUINT));
}

static gboolean
poll_timeout_cb (gpointer user_data)
{
  VigilFeedSource *self = user_data;

  self->poll_id = 0;
  poll_feed (self);

  return G_SOURCE_REMOVE;
}

static void
schedule_poll (VigilFeedSource *self)
{
  g_clear_handle_id (&self->poll_id, g_source_remove);
  self->poll_id = g_timeout_add (self->interval_ms, poll_timeout_cb, self);
}

static void
replace_validator (char       **slot,
                   const char  *value)
{
  if (value && *value)
    {
      g_free (*slot);
      *slot = g_strdup (value);
    }
}

static gboolean
looks_like_xml_type (const char *content_type)
{
  return content_type &&
         (strstr (content_type, "xml") || strstr (content_type, "rss") || strstr (content_type, "atom"));
}

static void
handle_feed (VigilFeedSource *self,
             SoupMessage     *msg,
             GBytes          *body)
{
  g_autoptr(VigilParseResult) result = vigil_parse_result_new ();
  g_autoptr(GError) error = NULL;
  g_autoptr(GHashTable) ids = NULL;
  g_autofree char *cursor = NULL;
  SoupMessageHeaders *headers = soup_message_get_response_headers (msg);
  const char *content_type = soup_message_headers_get_content_type (headers, NULL);
  gboolean changed = FALSE;

  /* The content type is only a hint: a feed served as text/html or
   * octet-stream is still read if it parses. */
  if (!vigil_feed_parse_document (body, self->url, result, &error))
    {
      g_autofree char *message = NULL;

      if (!looks_like_xml_type (content_type))
        message = g_strdup_printf (_("%s answered with %s, not an RSS or Atom feed (%s). Check the address."),
                                   self->url, content_type ? content_type : _("no content type"),
                                   error->message);
      else
        message = g_strdup_printf (_("%s is not a valid RSS or Atom feed: %s"), self->url, error->message);
      vigil_source_fail (VIGIL_SOURCE (self), FALSE, message);
      return;
    }

  ids = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  for (guint i = 0; i < result->posts->len; i++)
    {
      const char *id = vigil_post_get_remote_id (g_ptr_array_index (result->posts, i));

      if (!id)
        continue;
      if (!self->last_ids || !g_hash_table_contains (self->last_ids, id))
        changed = TRUE;
      g_hash_table_add (ids, g_strdup (id));
    }
  if (!self->fetched_once)
    changed = TRUE;
  self->fetched_once = TRUE;
  g_clear_pointer (&self->last_ids, g_hash_table_unref);
  self->last_ids = g_steal_pointer (&ids);

  replace_validator (&self->etag, soup_message_headers_get_one (headers, "ETag"));
  replace_validator (&self->last_modified, soup_message_headers_get_one (headers, "Last-Modified"));

  if (changed)
    set_interval (self, self->base_interval_ms);
  else
    set_interval (self, (guint) MIN ((double) self->interval_ms * INTERVAL_FACTOR, (double) G_MAXUINT));

  g_debug ("%s: %u items (%u rejected), %s; next poll in %u ms", self->url,
           result->posts->len, result->rejects->len, changed ? "changed" : "unchanged",
           self->interval_ms);

  cursor = build_cursor (self);
  vigil_source_archive (VIGIL_SOURCE (self), result->posts, cursor);
  vigil_source_set_live (VIGIL_SOURCE (self));
  schedule_poll (self);
}

static void
poll_cb (GObject      *object,
         GAsyncResult *result,
         gpointer      user_data)
{
  g_autoptr(VigilFeedSource) self = user_data;
  g_autoptr(SoupMessage) msg = NULL;
  g_autoptr(GBytes) body = NULL;
  g_autoptr(GError) error = NULL;
  guint status;

  body = vigil_http_fetch_finish (result, &msg, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  self->polls++;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_POLLS]);

  if (!body)
    {
      g_autofree char *message = vigil_http_describe_error (error, self->url);
      vigil_source_fail (VIGIL_SOURCE (self), FALSE, message);
      return;
    }

  status = soup_message_get_status (msg);

  if (status == SOUP_STATUS_NOT_MODIFIED)
    {
      g_autofree char *cursor = NULL;

      self->not_modified++;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_NOT_MODIFIED]);
      set_interval (self, (guint) MIN ((double) self->interval_ms * INTERVAL_FACTOR, (double) G_MAXUINT));
      cursor = build_cursor (self);
      vigil_source_archive (VIGIL_SOURCE (self), NULL, cursor);
      vigil_source_set_live (VIGIL_SOURCE (self));
      schedule_poll (self);
      return;
    }

  if (SOUP_STATUS_IS_SUCCESSFUL (status))
    {
      handle_feed (self, msg, body);
      return;
    }

  {
    g_autofree char *message = vigil_http_describe_status (status, soup_message_get_reason_phrase (msg),
                                                           self->url);
    const char *retry = soup_message_headers_get_one (soup_message_get_response_headers (msg), "Retry-After");

    if (status == 429 || (status == 503 && retry))
      vigil_source_retry_after (VIGIL_SOURCE (self), vigil_http_parse_retry_after (retry), message);
    else if (status == 401 || status == 403 || status == 404 || status == 410)
      vigil_source_fail (VIGIL_SOURCE (self), TRUE, message);
    else
      vigil_source_fail (VIGIL_SOURCE (self), FALSE, message);
  }
}

static void
poll_feed (VigilFeedSource *self)
{
  g_autoptr(SoupMessage) msg = NULL;
  SoupMessageHeaders *headers;
  VigilHttpOptions options = { 0 };

  msg = soup_message_new ("GET", self->url);
  if (!msg)
    {
      g_autofree char *message = g_strdup_printf (_("“%s” is not a valid address."), self->url);
      vigil_source_fail (VIGIL_SOURCE (self), TRUE, message);
      return;
    }

  headers = soup_message_get_request_headers (msg);
  soup_message_headers_replace (headers, "Accept", ACCEPT);
  soup_message_headers_replace (headers, "User-Agent", "Vigil/" PACKAGE_VERSION " (feed reader)");
  if (self->etag)
    soup_message_headers_replace (headers, "If-None-Match", self->etag);
  if (self->last_modified)
    soup_message_headers_replace (headers, "If-Modified-Since", self->last_modified);

  options.max_body = self->max_body;
  options.timeout_ms = self->timeout_ms;
  options.max_redirects = self->max_redirects;

  if (!self->cancellable)
    self->cancellable = g_cancellable_new ();

  vigil_http_fetch_async (vigil_source_get_session (VIGIL_SOURCE (self)), msg, &options,
                          self->cancellable, poll_cb, g_object_ref (self));
}

static void
vigil_feed_source_connect (VigilSource *source)
{
  VigilFeedSource *self = VIGIL_FEED_SOURCE (source);
  g_autoptr(GError) error = NULL;
  g_autoptr(GUri) uri = NULL;

  uri = vigil_http_check_url (self->url, FALSE, &error);
  if (!uri)
    {
      vigil_source_fail (source, TRUE, error->message);
      return;
    }

  /* Resume from what was committed, not from what was merely received. */
  load_cursor (self);
  poll_feed (self);
}

static void
vigil_feed_source_disconnect (VigilSource *source)
{
  VigilFeedSource *self = VIGIL_FEED_SOURCE (source);

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  g_clear_handle_id (&self->poll_id, g_source_remove);
}

static void
vigil_feed_source_dispose (GObject *object)
{
  VigilFeedSource *self = VIGIL_FEED_SOURCE (object);

  if (vigil_source_get_state (VIGIL_SOURCE (self)) != VIGIL_SOURCE_STATE_STOPPED)
    vigil_source_stop (VIGIL_SOURCE (self));
  vigil_feed_source_disconnect (VIGIL_SOURCE (self));

  G_OBJECT_CLASS (vigil_feed_source_parent_class)->dispose (object);
}

static void
vigil_feed_source_finalize (GObject *object)
{
  VigilFeedSource *self = VIGIL_FEED_SOURCE (object);

  g_free (self->url);
  g_free (self->title);
  g_free (self->etag);
  g_free (self->last_modified);
  g_clear_pointer (&self->last_ids, g_hash_table_unref);

  G_OBJECT_CLASS (vigil_feed_source_parent_class)->finalize (object);
}

static void
vigil_feed_source_get_property (GObject    *object,
                                guint       prop_id,
                                GValue     *value,
                                GParamSpec *pspec)
{
  VigilFeedSource *self = VIGIL_FEED_SOURCE (object);

  switch (prop_id)
    {
    case PROP_URL:
      g_value_set_string (value, self->url);
      break;
    case PROP_TITLE:
      g_value_set_string (value, self->title);
      break;
    case PROP_BASE_INTERVAL_MS:
      g_value_set_uint (value, self->base_interval_ms);
      break;
    case PROP_MAX_INTERVAL_MS:
      g_value_set_uint (value, self->max_interval_ms);
      break;
    case PROP_INTERVAL_MS:
      g_value_set_uint (value, self->interval_ms);
      break;
    case PROP_TIMEOUT_MS:
      g_value_set_uint (value, self->timeout_ms);
      break;
    case PROP_MAX_BODY:
      g_value_set_uint64 (value, self->max_body);
      break;
    case PROP_MAX_REDIRECTS:
      g_value_set_uint (value, self->max_redirects);
      break;
    case PROP_POLLS:
      g_value_set_uint (value, self->polls);
      break;
    case PROP_NOT_MODIFIED:
      g_value_set_uint (value, self->not_modified);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
vigil_feed_source_set_property (GObject      *object,
                                guint         prop_id,
                                const GValue *value,
                                GParamSpec   *pspec)
{
  VigilFeedSource *self = VIGIL_FEED_SOURCE (object);

  switch (prop_id)
    {
    case PROP_URL:
      self->url = g_value_dup_string (value);
      break;
    case PROP_TITLE:
      vigil_feed_source_set_title (self, g_value_get_string (value));
      break;
    case PROP_BASE_INTERVAL_MS:
      self->base_interval_ms = MAX (g_value_get_uint (value), 1);
      set_interval (self, self->base_interval_ms);
      break;
    case PROP_MAX_INTERVAL_MS:
      self->max_interval_ms = MAX (g_value_get_uint (value), 1);
      set_interval (self, self->interval_ms);
      break;
    case PROP_TIMEOUT_MS:
      self->timeout_ms = g_value_get_uint (value);
      break;
    case PROP_MAX_BODY:
      self->max_body = g_value_get_uint64 (value);
      break;
    case PROP_MAX_REDIRECTS:
      self->max_redirects = g_value_get_uint (value);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
vigil_feed_source_class_init (VigilFeedSourceClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  VigilSourceClass *source_class = VIGIL_SOURCE_CLASS (klass);

  object_class->dispose = vigil_feed_source_dispose;
  object_class->finalize = vigil_feed_source_finalize;
  object_class->get_property = vigil_feed_source_get_property;
  object_class->set_property = vigil_feed_source_set_property;

  source_class->connect = vigil_feed_source_connect;
  source_class->disconnect = vigil_feed_source_disconnect;

  properties[PROP_URL] =
    g_param_spec_string ("url", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_TITLE] =
    g_param_spec_string ("title", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_BASE_INTERVAL_MS] =
    g_param_spec_uint ("base-interval-ms", NULL, NULL, 1, G_MAXUINT, VIGIL_FEED_DEFAULT_INTERVAL_MS,
                       G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS);
  properties[PROP_MAX_INTERVAL_MS] =
    g_param_spec_uint ("max-interval-ms", NULL, NULL, 1, G_MAXUINT, VIGIL_FEED_DEFAULT_MAX_INTERVAL_MS,
                       G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS);
  properties[PROP_INTERVAL_MS] =
    g_param_spec_uint ("interval-ms", NULL, NULL, 0, G_MAXUINT, VIGIL_FEED_DEFAULT_INTERVAL_MS,
                       G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_TIMEOUT_MS] =
    g_param_spec_uint ("timeout-ms", NULL, NULL, 0, G_MAXUINT, VIGIL_FEED_DEFAULT_TIMEOUT_MS,
                       G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS);
  properties[PROP_MAX_BODY] =
    g_param_spec_uint64 ("max-body", NULL, NULL, 0, G_MAXUINT64, VIGIL_HTTP_DEFAULT_MAX_BODY,
                         G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS);
  properties[PROP_MAX_REDIRECTS] =
    g_param_spec_uint ("max-redirects", NULL, NULL, 0, 20, VIGIL_HTTP_DEFAULT_MAX_REDIRECTS,
                       G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS);
  properties[PROP_POLLS] =
    g_param_spec_uint ("polls", NULL, NULL, 0, G_MAXUINT, 0,
                       G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_NOT_MODIFIED] =
    g_param_spec_uint ("not-modified", NULL, NULL, 0, G_MAXUINT, 0,
                       G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
vigil_feed_source_init (VigilFeedSource *self)
{
  self->base_interval_ms = VIGIL_FEED_DEFAULT_INTERVAL_MS;
  self->max_interval_ms = VIGIL_FEED_DEFAULT_MAX_INTERVAL_MS;
  self->interval_ms = VIGIL_FEED_DEFAULT_INTERVAL_MS;
  self->timeout_ms = VIGIL_FEED_DEFAULT_TIMEOUT_MS;
  self->max_body = VIGIL_HTTP_DEFAULT_MAX_BODY;
  self->max_redirects = VIGIL_HTTP_DEFAULT_MAX_REDIRECTS;
}

VigilSource *
vigil_feed_source_new (VigilStore  *store,
                       SoupSession *session,
                       const char  *url)
{
  g_autofree char *id = NULL;

  g_return_val_if_fail (VIGIL_IS_STORE (store), NULL);
  g_return_val_if_fail (url != NULL, NULL);

  id = g_strconcat ("rss:", url, NULL);

  return g_object_new (VIGIL_TYPE_FEED_SOURCE,
                       "id", id,
                       "store", store,
                       "session", session,
                       "url", url,
                       NULL);
}

const char *
vigil_feed_source_get_url (VigilFeedSource *self)
{
  g_return_val_if_fail (VIGIL_IS_FEED_SOURCE (self), NULL);

  return self->url;
}

const char *
vigil_feed_source_get_title (VigilFeedSource *self)
{
  g_return_val_if_fail (VIGIL_IS_FEED_SOURCE (self), NULL);

  return self->title;
}

void
vigil_feed_source_set_title (VigilFeedSource *self,
                             const char      *title)
{
  g_return_if_fail (VIGIL_IS_FEED_SOURCE (self));

  if (g_strcmp0 (self->title, title) != 0)
    {
      g_free (self->title);
      self->title = g_strdup (title);
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_TITLE]);
    }
}

guint
vigil_feed_source_get_interval_ms (VigilFeedSource *self)
{
  g_return_val_if_fail (VIGIL_IS_FEED_SOURCE (self), 0);

  return self->interval_ms;
}

guint
vigil_feed_source_get_polls (VigilFeedSource *self)
{
  g_return_val_if_fail (VIGIL_IS_FEED_SOURCE (self), 0);

  return self->polls;
}

guint
vigil_feed_source_get_not_modified (VigilFeedSource *self)
{
  g_return_val_if_fail (VIGIL_IS_FEED_SOURCE (self), 0);

  return self->not_modified;
}

void
vigil_feed_source_poll_now (VigilFeedSource *self)
{
  g_return_if_fail (VIGIL_IS_FEED_SOURCE (self));

  if (vigil_source_get_state (VIGIL_SOURCE (self)) != VIGIL_SOURCE_STATE_LIVE || !self->poll_id)
    return;

  g_clear_handle_id (&self->poll_id, g_source_remove);
  poll_feed (self);
}

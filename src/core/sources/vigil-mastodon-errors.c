/* vigil-mastodon-errors.c: rate limits, and answers turned into states
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "vigil-mastodon-source"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "vigil-http.h"
#include "vigil-mastodon-source-private.h"

/* --- rate limits --- */

void
_vigil_mastodon_note_rate_limit (VigilMastodonSource *self,
                 SoupMessage         *msg)
{
  SoupMessageHeaders *headers = soup_message_get_response_headers (msg);
  const char *remaining = soup_message_headers_get_one (headers, "X-RateLimit-Remaining");
  const char *reset = soup_message_headers_get_one (headers, "X-RateLimit-Reset");
  g_autoptr(GDateTime) when = NULL;
  guint64 value;

  if (remaining == NULL || !g_ascii_string_to_unsigned (remaining, 10, 0, G_MAXINT, &value, NULL))
    {
      self->rate_remaining = -1;
      return;
    }
  self->rate_remaining = (int) value;

  self->rate_reset = 0;
  if (reset != NULL)
    when = g_date_time_new_from_iso8601 (reset, NULL);
  if (when != NULL)
    {
      const char *date_header = soup_message_headers_get_one (headers, "Date");
      g_autoptr(GDateTime) server_now = NULL;
      gint64 reset_us = g_date_time_to_unix (when) * G_USEC_PER_SEC +
                        g_date_time_get_microsecond (when);
      gint64 now = g_get_real_time ();

      /* The reset is the server's clock: measure it from the server's
       * Date when there is one, so clock skew doesn't matter. Both have
       * whole seconds at best, so add one. */
      if (date_header != NULL)
        server_now = soup_date_time_new_from_http_string (date_header);
      if (server_now != NULL)
        reset_us = now + (reset_us - g_date_time_to_unix (server_now) * G_USEC_PER_SEC);
      self->rate_reset = reset_us + G_USEC_PER_SEC;
    }
}

/* How long to wait before the next request so as not to run out. */
guint
_vigil_mastodon_rate_limit_delay_ms (VigilMastodonSource *self)
{
  gint64 now = g_get_real_time ();
  gint64 left;

  if (self->rate_remaining < 0 || self->rate_remaining >= RATE_LIMIT_LOW_WATER ||
      self->rate_reset <= now)
    return 0;

  left = MIN (self->rate_reset - now, (gint64) MAX_WAIT_SECONDS * G_USEC_PER_SEC);
  return (guint) (left / (self->rate_remaining + 1) / 1000);
}

/* Seconds from Retry-After (delta-seconds or an HTTP date), else from
 * X-RateLimit-Reset, else a minute. */
guint
_vigil_mastodon_retry_after_seconds (VigilMastodonSource *self,
                     SoupMessage         *msg)
{
  SoupMessageHeaders *headers = soup_message_get_response_headers (msg);
  guint seconds = vigil_http_parse_retry_after (soup_message_headers_get_one (headers, "Retry-After"));
  gint64 now = g_get_real_time ();

  if (seconds == 0)
    {
      _vigil_mastodon_note_rate_limit (self, msg);
      seconds = self->rate_reset > now
                ? (guint) ((self->rate_reset - now + G_USEC_PER_SEC - 1) / G_USEC_PER_SEC)
                : 60;
    }

  return CLAMP (seconds, 1, MAX_WAIT_SECONDS);
}

/* --- turning failures into states --- */

void
_vigil_mastodon_fail_transport (VigilMastodonSource *self,
                const GError        *error,
                gboolean             first_contact)
{
  g_autofree char *message = NULL;

  if (error->domain == G_TLS_ERROR)
    {
      g_autofree char *why = g_strdup (error->message);

      /* GnuTLS messages end in a period already. */
      while (g_str_has_suffix (why, "."))
        why[strlen (why) - 1] = '\0';
      message = g_strdup_printf (_("The secure connection to %s failed: %s. Check the "
                                   "address, or ask the server's admin about its certificate."),
                                 self->host, why);
    }
  else if (g_error_matches (error, VIGIL_HTTP_ERROR, VIGIL_HTTP_ERROR_REDIRECT) ||
           g_error_matches (error, SOUP_SESSION_ERROR, SOUP_SESSION_ERROR_TOO_MANY_REDIRECTS))
    message = g_strdup_printf (_("%s keeps redirecting (a redirect loop, or too many "
                                 "redirects). Check the address."), self->host);
  else if (g_error_matches (error, VIGIL_HTTP_ERROR, VIGIL_HTTP_ERROR_URL))
    message = g_strdup_printf (_("%s redirects somewhere Vigil may not go: %s"),
                               self->host, error->message);

  /* The first contact decides whether this address is a Mastodon server
   * at all: a certificate, redirect or policy problem there needs a person. */
  if (message != NULL)
    {
      _vigil_mastodon_fail (self, first_contact, message);
      return;
    }

  if (g_error_matches (error, VIGIL_HTTP_ERROR, VIGIL_HTTP_ERROR_TIMEOUT) ||
      g_error_matches (error, G_IO_ERROR, G_IO_ERROR_TIMED_OUT))
    message = g_strdup_printf (_("%s didn't answer within %.1f s; retrying."),
                               self->host, self->request_timeout_ms / 1000.0);
  else if (g_error_matches (error, VIGIL_HTTP_ERROR, VIGIL_HTTP_ERROR_TOO_LARGE))
    message = g_strdup_printf (_("%s sent an answer larger than %u MB; retrying."),
                               self->host, MAX_REST_BODY / (1024 * 1024));
  else
    message = vigil_http_describe_error (error, self->base_url);

  _vigil_mastodon_fail (self, FALSE, message);
}

/* Handles any answer that is not a 2xx. */
void
_vigil_mastodon_fail_status (VigilMastodonSource *self,
             SoupMessage         *msg,
             Purpose              purpose)
{
  guint status = soup_message_get_status (msg);
  g_autofree char *message = NULL;

  if (status == 429 /* Too Many Requests */)
    {
      guint seconds = _vigil_mastodon_retry_after_seconds (self, msg);

      message = g_strdup_printf (_("%s asked us to slow down (HTTP 429); waiting %u s."),
                                 self->host, seconds);
      vigil_source_retry_after (VIGIL_SOURCE (self), seconds, message);
      return;
    }

  if (status >= 500)
    {
      message = g_strdup_printf (_("%s had a server error (HTTP %u); retrying."),
                                 self->host, status);
      _vigil_mastodon_fail (self, FALSE, message);
      return;
    }

  if (SOUP_STATUS_IS_REDIRECTION (status))
    {
      const char *location = soup_message_headers_get_one (soup_message_get_response_headers (msg),
                                                           "Location");

      /* Only with a token: we never follow redirects that could leak it. */
      message = g_strdup_printf (_("%s redirects to %s. Update the source's address "
                                   "(the account's token is not sent to another address)."),
                                 self->host, location != NULL ? location : "?");
      _vigil_mastodon_fail (self, TRUE, message);
      return;
    }

  if (status == SOUP_STATUS_UNAUTHORIZED || status == SOUP_STATUS_FORBIDDEN ||
      (status == SOUP_STATUS_UNPROCESSABLE_ENTITY && purpose == PURPOSE_PAGE && self->token == NULL))
    {
      if (self->token != NULL)
        message = g_strdup_printf (_("%s refused the linked account (HTTP %u). Sign in to "
                                     "%s again in Preferences › Accounts."),
                                   self->host, status, self->host);
      else if (self->timeline == VIGIL_MASTODON_TIMELINE_SEARCH)
        message = g_strdup_printf (_("%s only lets signed-in users search posts (HTTP %u). "
                                     "Link an account for it in Preferences › Accounts."),
                                   self->host, status);
      else
        message = g_strdup_printf (_("This instance requires signing in to read this timeline "
                                     "(%s answered HTTP %u). Link an account for it in "
                                     "Preferences › Accounts, or choose another instance."),
                                   self->host, status);
      _vigil_mastodon_fail (self, TRUE, message);
      return;
    }

  if (status == SOUP_STATUS_NOT_FOUND || status == SOUP_STATUS_GONE)
    {
      if (purpose == PURPOSE_LOOKUP)
        message = g_strdup_printf (_("There is no account @%s on %s. Check the name."),
                                   self->argument, self->host);
      else if (purpose == PURPOSE_PAGE && self->timeline == VIGIL_MASTODON_TIMELINE_LIST)
        message = g_strdup_printf (_("List %s doesn't exist on %s, or the linked account "
                                     "can't see it."), self->argument, self->host);
      else
        message = g_strdup_printf (_("%s doesn't look like a Mastodon server (no Mastodon API "
                                     "there, HTTP %u). Check the address."), self->host, status);
      _vigil_mastodon_fail (self, TRUE, message);
      return;
    }

  message = g_strdup_printf (_("%s refused the request (HTTP %u %s)."), self->host, status,
                             soup_status_get_phrase (status) ? soup_status_get_phrase (status) : "");
  _vigil_mastodon_fail (self, status < 500 && status >= 400, message);
}

/* Checks a 2xx answer's body and parses it; on failure sets the state and
 * returns NULL. The first contact (probe) decides whether this is Mastodon
 * at all, so its failures are permanent; later ones are retried. */
static JsonNode *
check_body (VigilMastodonSource *self,
            SoupMessage         *msg,
            GBytes              *body,
            Purpose              purpose,
            gboolean             parse,
            gboolean            *ok)
{
  gboolean permanent = purpose == PURPOSE_PROBE;
  const char *content_type;
  const char *data;
  gsize length, i;
  g_autoptr(GError) error = NULL;
  g_autofree char *message = NULL;
  JsonNode *node;

  *ok = FALSE;
  content_type = soup_message_headers_get_content_type (soup_message_get_response_headers (msg), NULL);
  data = body != NULL ? g_bytes_get_data (body, &length) : NULL;
  if (data == NULL || length == 0)
    {
      message = g_strdup_printf (_("%s sent an empty answer."), self->host);
      _vigil_mastodon_fail (self, permanent, message);
      return NULL;
    }
  for (i = 0; i < length && g_ascii_isspace (data[i]); i++)
    ;

  if ((content_type != NULL && g_ascii_strcasecmp (content_type, "text/html") == 0) ||
      (i < length && data[i] == '<'))
    {
      message = g_strdup_printf (_("%s doesn't look like a Mastodon server (it answered with "
                                   "a web page instead of JSON). Check the address."), self->host);
      _vigil_mastodon_fail (self, permanent, message);
      return NULL;
    }

  if (content_type != NULL && g_ascii_strcasecmp (content_type, "application/json") != 0 &&
      !g_str_has_suffix (content_type, "+json"))
    {
      message = g_strdup_printf (_("%s answered with %s instead of JSON; it doesn't look "
                                   "like a Mastodon server."), self->host, content_type);
      _vigil_mastodon_fail (self, permanent, message);
      return NULL;
    }

  *ok = TRUE;
  if (parse == FALSE)
    return NULL;

  node = vigil_json_parse_bounded (data, length, &error);
  if (node == NULL)
    {
      message = g_strdup_printf (_("%s sent an answer that isn't valid JSON (%s)."),
                                 self->host, error->message);
      _vigil_mastodon_fail (self, permanent, message);
      return NULL;
    }

  return node;
}

JsonNode *
_vigil_mastodon_parse_body (VigilMastodonSource *self,
                            SoupMessage         *msg,
                            GBytes              *body,
                            Purpose              purpose)
{
  gboolean ok;

  return check_body (self, msg, body, purpose, TRUE, &ok);
}

/* The same checks, without parsing: for pages, whose statuses are read
 * one by one from their own bytes. */
gboolean
_vigil_mastodon_check_body (VigilMastodonSource *self,
                            SoupMessage         *msg,
                            GBytes              *body,
                            Purpose              purpose)
{
  gboolean ok;

  check_body (self, msg, body, purpose, FALSE, &ok);
  return ok;
}

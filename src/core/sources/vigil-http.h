/* vigil-http.h: what every HTTP-speaking source shares
 *
 * URL policy, capped body reads, redirects followed by hand (with a limit,
 * loop detection and the URL policy checked on every hop), an overall
 * deadline, and errors turned into messages a person can act on.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <libsoup/soup.h>

G_BEGIN_DECLS

#define VIGIL_HTTP_ERROR (vigil_http_error_quark ())

typedef enum
{
  VIGIL_HTTP_ERROR_URL,        /* not a URL we may fetch */
  VIGIL_HTTP_ERROR_TOO_LARGE,  /* the body went over the cap */
  VIGIL_HTTP_ERROR_REDIRECT,   /* a redirect loop, or too many */
  VIGIL_HTTP_ERROR_TIMEOUT,    /* the whole exchange took too long */
  VIGIL_HTTP_ERROR_TRUNCATED,  /* the body ended before its Content-Length */
} VigilHttpError;

GQuark    vigil_http_error_quark       (void);

#define VIGIL_HTTP_DEFAULT_MAX_BODY     (16 * 1024 * 1024)
#define VIGIL_HTTP_DEFAULT_MAX_REDIRECTS 5

/* 127.0.0.0/8, ::1 and "localhost". */
gboolean  vigil_http_is_loopback_host  (const char    *host);
/* https:// (or wss:// when websocket) anywhere; http:// (ws://) only for
 * loopback hosts. Returns the parsed URI. */
GUri     *vigil_http_check_url         (const char    *url,
                                        gboolean       websocket,
                                        GError       **error);

/* Read a whole stream into memory, failing with VIGIL_HTTP_ERROR_TOO_LARGE
 * as soon as it passes max_size (0 = VIGIL_HTTP_DEFAULT_MAX_BODY). */
void      vigil_http_read_body_async   (GInputStream        *stream,
                                        gsize                max_size,
                                        GCancellable        *cancellable,
                                        GAsyncReadyCallback  callback,
                                        gpointer             user_data);
GBytes   *vigil_http_read_body_finish  (GInputStream        *stream,
                                        GAsyncResult        *result,
                                        GError             **error);

typedef struct
{
  gsize  max_body;       /* 0 = VIGIL_HTTP_DEFAULT_MAX_BODY */
  guint  timeout_ms;     /* whole exchange, redirects included; 0 = none */
  guint  max_redirects;  /* 0 = none followed */
} VigilHttpOptions;

/* Send msg (GET/HEAD; its request headers are carried to redirect targets,
 * Authorization only within the same origin) and read its body with the
 * cap. Any final status is a success: look at *out_msg. */
void      vigil_http_fetch_async       (SoupSession             *session,
                                        SoupMessage             *msg,
                                        const VigilHttpOptions  *options,
                                        GCancellable            *cancellable,
                                        GAsyncReadyCallback      callback,
                                        gpointer                 user_data);
/* out_msg: the message of the final hop (a new ref). */
GBytes   *vigil_http_fetch_finish      (GAsyncResult            *result,
                                        SoupMessage            **out_msg,
                                        GError                 **error);

/* A message for a person: what failed, where, and what to do. */
char     *vigil_http_describe_error    (const GError  *error,
                                        const char    *url);
/* Same for an HTTP status that is no success. */
char     *vigil_http_describe_status   (guint          status,
                                        const char    *reason,
                                        const char    *url);
/* Seconds from a Retry-After header (delta or HTTP date), or 0. */
guint     vigil_http_parse_retry_after (const char    *value);

G_END_DECLS

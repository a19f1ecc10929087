/* vigil-sse-parser.h: an incremental parser for Server-Sent Events
 *
 * Feeds may split the stream anywhere (inside a line, between CR and LF,
 * inside a UTF-8 sequence). Lines end in LF, CRLF or CR; comment lines
 * (":thump", Mastodon's heartbeat) are counted and skipped; multi-line data
 * is joined with "\n"; an event's size is bounded. See the HTML Living
 * Standard, "Server-sent events", §9.2.6 "Interpreting an event stream".
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

#define VIGIL_SSE_PARSER_ERROR (vigil_sse_parser_error_quark ())

typedef enum
{
  VIGIL_SSE_PARSER_ERROR_TOO_LARGE,  /* one event (or line) over the bound */
  VIGIL_SSE_PARSER_ERROR_TRUNCATED,  /* the stream ended inside an event */
} VigilSseParserError;

GQuark vigil_sse_parser_error_quark (void);

typedef struct _VigilSseParser VigilSseParser;

/* Called once per dispatched event. event is "message" when the stream gave
 * no type; data is NUL-terminated (length excludes the NUL). */
typedef void (*VigilSseEventFunc) (const char *event,
                                   const char *data,
                                   gsize       length,
                                   gpointer    user_data);

VigilSseParser *vigil_sse_parser_new                (gsize               max_event,
                                                     VigilSseEventFunc   func,
                                                     gpointer            user_data);
void            vigil_sse_parser_free               (VigilSseParser     *self);

/* Returns FALSE (and stays failed) when an event exceeds max_event. */
gboolean        vigil_sse_parser_feed               (VigilSseParser     *self,
                                                     const char         *chunk,
                                                     gsize               length,
                                                     GError            **error);
/* The stream ended: FALSE with VIGIL_SSE_PARSER_ERROR_TRUNCATED when it
 * ended inside an event (that event is discarded, as the standard says). */
gboolean        vigil_sse_parser_finish             (VigilSseParser     *self,
                                                     GError            **error);
/* Forget any partial event, e.g. before reading a new connection. */
void            vigil_sse_parser_reset              (VigilSseParser     *self);

const char     *vigil_sse_parser_get_last_event_id  (VigilSseParser     *self);
/* The server's "retry:" in milliseconds, or -1. */
gint64          vigil_sse_parser_get_retry          (VigilSseParser     *self);
guint64         vigil_sse_parser_get_n_comments     (VigilSseParser     *self);
guint64         vigil_sse_parser_get_n_events       (VigilSseParser     *self);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (VigilSseParser, vigil_sse_parser_free)

G_END_DECLS

/* vigil-normalize.h: pure functions turning recorded payloads into VigilPosts
 *
 * Every function here treats its input as hostile: sizes and nesting depth
 * are bounded, invalid UTF-8 is repaired or rejected, nothing is fetched,
 * and remote HTML is converted to plain text, never rendered.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <json-glib/json-glib.h>

#include "vigil-parse-result.h"
#include "vigil-post.h"

G_BEGIN_DECLS

#define VIGIL_NORMALIZE_ERROR (vigil_normalize_error_quark ())

typedef enum
{
  VIGIL_NORMALIZE_ERROR_TOO_LARGE,  /* input over VIGIL_NORMALIZE_MAX_DOCUMENT */
  VIGIL_NORMALIZE_ERROR_TOO_DEEP,   /* nesting over VIGIL_NORMALIZE_MAX_DEPTH */
  VIGIL_NORMALIZE_ERROR_SYNTAX,     /* not JSON / XML / SSE at all */
  VIGIL_NORMALIZE_ERROR_INVALID,    /* well-formed, but not the expected entity */
  VIGIL_NORMALIZE_ERROR_UNSUPPORTED,/* e.g. an XML document that is no feed */
} VigilNormalizeError;

GQuark vigil_normalize_error_quark (void);

#define VIGIL_NORMALIZE_MAX_DOCUMENT (64 * 1024 * 1024)  /* whole input, bytes */
#define VIGIL_NORMALIZE_MAX_RECORD   (1024 * 1024)       /* one JSON record / SSE event */
#define VIGIL_NORMALIZE_MAX_DEPTH    64                  /* JSON / XML nesting */

/* HTML (Mastodon content, feed descriptions) to plain text: tags dropped,
 * link text kept, <br>/<p> become newlines, entities decoded, script/style
 * contents dropped, whitespace collapsed, result valid UTF-8. */
char      *vigil_html_to_text               (const char  *html,
                                             gssize       length);

/* --- Mastodon --- */

/* One status entity (REST, or a streaming update's payload). */
VigilPost *vigil_mastodon_parse_status      (JsonNode    *node,
                                             GError     **error);
/* One streaming event: "update", "status.update" (an EDIT) or "delete" (a
 * DELETE, data = the id). Returns NULL without error for other events. */
VigilPost *vigil_mastodon_parse_event       (const char  *event,
                                             const char  *data,
                                             gsize        length,
                                             GError     **error);
/* One status from the bytes that carried it (a REST page's element, a
 * streaming "update" event's data): read once, and those bytes, exactly,
 * become its raw payload. *out_record_id (optional) is the record's own id
 * (a boost's, where the post is the boosted status), or NULL. */
VigilPost *vigil_mastodon_parse_status_text (const char  *data,
                                             gsize        length,
                                             char       **out_record_id,
                                             GError     **error);
/* A REST page: a JSON array of statuses, or with search the "statuses"
 * array of /api/v2/search's object. Each status is read once, from its
 * own bytes, which become its raw payload byte for byte; statuses that
 * fail go to result->rejects. record_ids (optional, a GPtrArray of
 * strings freed with g_free) gets each status's record id, for paging.
 * FALSE when the page as a whole is not such a list (or truncated). */
gboolean   vigil_mastodon_parse_page        (GBytes            *body,
                                             gboolean           search,
                                             VigilParseResult  *result,
                                             GPtrArray         *record_ids,
                                             GError           **error);
/* A whole recorded document: a JSON array of statuses, or an SSE stream
 * (event:/data: lines). Records that fail go to result->rejects. Returns
 * FALSE only when the document as a whole can't be read. */
gboolean   vigil_mastodon_parse_document    (GBytes            *data,
                                             VigilParseResult  *result,
                                             GError           **error);

/* --- Bluesky Jetstream --- */

/* One event line. commit create/update of app.bsky.feed.post → a post
 * (update = EDIT), commit delete → a DELETE; identity/account events and
 * other collections → NULL without error. */
VigilPost *vigil_jetstream_parse_event      (const char  *line,
                                             gsize        length,
                                             GError     **error);
/* The same, reading the line once: *out_time_us (optional) is its time_us
 * (for resuming with cursor=), or -1; the line, byte for byte, is the
 * post's raw payload. */
VigilPost *vigil_jetstream_parse_event_full (const char  *line,
                                             gsize        length,
                                             gint64      *out_time_us,
                                             GError     **error);
/* time_us of an event line, or -1 (for resuming with cursor=) */
gint64     vigil_jetstream_event_time_us    (const char  *line,
                                             gsize        length);
gboolean   vigil_jetstream_parse_document   (GBytes            *data,
                                             VigilParseResult  *result,
                                             GError           **error);

/* --- RSS 2.0, RSS 1.0/RDF, Atom 1.0 --- */

/* Detects the dialect. feed_url (may be NULL) resolves relative links and
 * is the author fallback. Entries without a usable id get one derived from
 * link/title/date. */
gboolean   vigil_feed_parse_document        (GBytes            *data,
                                             const char        *feed_url,
                                             VigilParseResult  *result,
                                             GError           **error);

/* RFC 822 (with obsolete zones and missing seconds) and ISO 8601 / RFC 3339. */
GDateTime *vigil_parse_feed_date            (const char  *text);

/* A JSON parser with depth bounded to VIGIL_NORMALIZE_MAX_DEPTH and size
 * to VIGIL_NORMALIZE_MAX_RECORD. */
JsonNode  *vigil_json_parse_bounded         (const char  *data,
                                             gsize        length,
                                             GError     **error);

G_END_DECLS

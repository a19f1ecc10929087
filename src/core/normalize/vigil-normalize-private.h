/* vigil-normalize-private.h: helpers shared by the normalisers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "vigil-normalize.h"

G_BEGIN_DECLS

/* Type-checking getters: feed data is hostile, so a member of the wrong
 * type reads as missing. */
const char *_vigil_json_get_string   (JsonObject  *object,
                                      const char  *member);
JsonObject *_vigil_json_get_object   (JsonObject  *object,
                                      const char  *member);
JsonArray  *_vigil_json_get_array    (JsonObject  *object,
                                      const char  *member);
/* an integer, or a string of digits (vigil_json_parse_bounded turns integer
 * literals over 18 digits into strings); fallback otherwise */
gint64      _vigil_json_get_int      (JsonObject  *object,
                                      const char  *member,
                                      gint64       fallback);
/* a string, or an integer literal's digits; NULL otherwise */
char       *_vigil_json_dup_id       (JsonObject  *object,
                                      const char  *member);
gboolean    _vigil_json_member_is_null (JsonObject *object,
                                        const char *member);

/* Well-formed JSON (already UTF-8 checked; depth it bounds itself) read
 * straight into json-glib nodes; NULL for anything else, to be left to
 * json-glib (vigil-json-fast.c). */
JsonNode   *_vigil_json_fast_parse   (const char  *data,
                                      gsize        length);

/* The pieces of that reader, for readers that build no tree */
typedef struct
{
  const char *p;
  const char *end;
  GString    *scratch;
} _VigilJsonReader;

void        _vigil_json_reader_skip_space (_VigilJsonReader *r);
/* at '"': the decoded string into scratch */
gboolean    _vigil_json_reader_string     (_VigilJsonReader *r);
/* a JSON number, copied into buf */
gboolean    _vigil_json_reader_number     (_VigilJsonReader *r,
                                           char              buf[64],
                                           gboolean         *is_double,
                                           gsize            *int_digits);
gboolean    _vigil_json_reader_literal    (_VigilJsonReader *r,
                                           const char       *word);
/* checks and skips one value; FALSE on any error or nesting past the bound */
gboolean    _vigil_json_reader_skip       (_VigilJsonReader *r,
                                           guint             depth);

/* Tree-less reading (vigil-json-reader.c): a value as the getters above
 * would see it after vigil_json_parse_bounded(). */
typedef enum
{
  _VIGIL_JSON_STRING,  /* in r->scratch; also a long integer literal's digits */
  _VIGIL_JSON_INT,
  _VIGIL_JSON_DOUBLE,
  _VIGIL_JSON_OTHER,   /* true, false, an object or an array (checked, skipped) */
  _VIGIL_JSON_NULL,
} _VigilJsonKind;

typedef struct
{
  _VigilJsonKind kind;
  gint64         i;
  double         d;
} _VigilJsonValue;

typedef gboolean (*_VigilJsonMemberFunc) (_VigilJsonReader *r,
                                          const char       *key,
                                          guint             depth,
                                          gpointer          user_data);

gboolean    _vigil_json_reader_value     (_VigilJsonReader      *r,
                                          guint                  depth,
                                          _VigilJsonValue       *v);
/* each member of the object at r->p == '{'; key is "" when 32 bytes or
 * longer; member() must consume the value */
gboolean    _vigil_json_reader_object    (_VigilJsonReader      *r,
                                          guint                  depth,
                                          _VigilJsonMemberFunc   member,
                                          gpointer               user_data);
/* _vigil_json_get_string(), _vigil_json_dup_id(), _vigil_json_get_int (…, -1) */
void        _vigil_json_value_set_string (char                 **slot,
                                          _VigilJsonReader      *r,
                                          const _VigilJsonValue *v);
void        _vigil_json_value_set_id     (char                 **slot,
                                          _VigilJsonReader      *r,
                                          const _VigilJsonValue *v);
gint64      _vigil_json_value_int        (_VigilJsonReader      *r,
                                          const _VigilJsonValue *v);

/* vigil_json_parse_bounded() with a parser reused across records */
JsonNode   *_vigil_json_parse_bounded_with (JsonParser  *parser,
                                            const char  *data,
                                            gsize        length,
                                            GError     **error);

/* Scans the JSON value (or garbage) that starts at data[*pos], up to the
 * next ',' or ']' outside strings and brackets, without recursion. On
 * return *pos is at that delimiter (or at length) and *line has counted
 * the newlines crossed. Returns the end of the value with trailing
 * whitespace trimmed. */
gsize       _vigil_json_scan_element (const char  *data,
                                      gsize        length,
                                      gsize       *pos,
                                      guint       *line);

/* Where each feed entry's bytes are (vigil-feed-spans.c): the elements
 * named local_name (any prefix), in document order, outside comments,
 * CDATA, processing instructions and declarations. A GArray of
 * _VigilFeedSpan. */
typedef struct
{
  gsize offset;
  gsize length;
} _VigilFeedSpan;

GArray     *_vigil_feed_find_entry_spans (const char  *data,
                                          gsize        length,
                                          const char  *local_name);

/* dup text of [data, data+length) with invalid UTF-8 repaired */
char       *_vigil_utf8_dup          (const char  *data,
                                      gsize        length);

G_END_DECLS

/* vigil-jetstream-private.h: the fields of a Jetstream event the
 * normaliser uses
 *
 * As for Mastodon: a json-glib reader and a tree-less text reader fill
 * them, one builder makes the post.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "vigil-normalize-private.h"

G_BEGIN_DECLS

#define _VIGIL_JETSTREAM_MAX_LIST_ITEMS 64

/* an embed, or the media inside a recordWithMedia embed */
typedef struct _VigilJetEmbed _VigilJetEmbed;
struct _VigilJetEmbed
{
  char           *type;    /* "$type" */
  GPtrArray      *images;  /* "images": the mapped alt texts; NULL when not an array */
  char           *alt;
  _VigilJetEmbed *media;   /* "media" when an object; only read at the top */
};

typedef struct
{
  /* each string is the member's string value, or NULL */
  char           *kind;
  char           *did;
  gboolean        has_time_us; /* "time_us" is a non-negative integer */
  gint64          time_us;
  gboolean        has_commit;  /* "commit" is an object */
  char           *collection;
  char           *rkey;
  char           *operation;
  gboolean        has_record;  /* "commit"."record" is an object */
  char           *text;
  char           *created_at;
  char           *lang;        /* the first of "langs", when a string */
  char           *parent_uri;  /* "reply"."parent"."uri" */
  char           *root_uri;
  _VigilJetEmbed *embed;       /* NULL unless an object */
  GPtrArray      *tags;        /* from "facets"; NULL when not an array */
} _VigilJetFields;

void            _vigil_jet_fields_clear        (_VigilJetFields  *fields);
void            _vigil_jet_fields_reset_commit (_VigilJetFields  *fields);
void            _vigil_jet_fields_reset_record (_VigilJetFields  *fields);
void            _vigil_jet_embed_free          (_VigilJetEmbed   *embed);
char           *_vigil_jet_image_alt           (const char       *alt);

/* FALSE when the line is anything but a well-formed, bounded JSON object */
gboolean        _vigil_jetstream_read_event_text (const char       *data,
                                                  gsize             length,
                                                  _VigilJetFields  *fields);

/* For tests: the text road alone; NULL without error when it declines or
 * the event is not a post (*declined tells which). */
VigilPost      *_vigil_jetstream_fast_event    (const char  *line,
                                                gsize        length,
                                                gboolean    *declined,
                                                GError     **error);

/* For tests: the json-glib road alone. */
VigilPost      *_vigil_jetstream_slow_event    (const char  *line,
                                                gsize        length,
                                                GError     **error);

G_END_DECLS

/* vigil-mastodon-private.h: the fields of a status the normaliser uses
 *
 * Two readers fill them — one from a json-glib tree, one straight from the
 * record's text without building a tree — and one builder turns them into
 * a VigilPost, so both readers map a status exactly alike.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "vigil-normalize-private.h"

G_BEGIN_DECLS

/* hostile input may carry thousands; Mastodon allows 4 media */
#define _VIGIL_MASTODON_MAX_LIST_ITEMS 64

typedef struct
{
  /* each is the member's string value, or NULL when missing or not a string */
  char      *id;            /* also an integer's digits */
  char      *record_id;     /* the record's own id: a boost's, not the boosted status's */
  gboolean   id_is_double;  /* the id was a floating-point number */
  char      *url;
  char      *uri;
  char      *content;
  char      *spoiler_text;
  char      *language;
  char      *created_at;
  char      *visibility;
  char      *in_reply_to_id;  /* also an integer's digits */
  gboolean   edited;          /* edited_at present and not null */
  gint64     replies;         /* -1 when unknown */
  gint64     reblogs;
  gint64     favourites;
  /* account */
  char      *acct;
  char      *username;
  char      *display_name;
  char      *account_url;
  gint64     followers;
  gint64     following;       /* -1 when unknown */
  char      *account_created_at;
  char      *avatar;
  char      *note;            /* HTML */
  /* what the post will carry, already mapped; NULL when not an array */
  GPtrArray *media;
  GPtrArray *tags;
} _VigilStatusFields;

void       _vigil_status_fields_init  (_VigilStatusFields  *fields);
void       _vigil_status_fields_clear (_VigilStatusFields  *fields);
void       _vigil_status_fields_reset_account (_VigilStatusFields *fields);
/* "[video]" etc. when there is no description */
char      *_vigil_status_media_text   (const char          *description,
                                       const char          *type);

/* raw is taken */
VigilPost *_vigil_status_fields_to_post (_VigilStatusFields  *fields,
                                         char                *raw,
                                         GError             **error);

/* Fills fields (the reblogged status's, for a reblog) straight from a
 * record's text. FALSE when the text is anything but a well-formed,
 * bounded JSON object: the caller then takes the json-glib road, which
 * decides and explains. */
gboolean   _vigil_mastodon_read_status_text (const char          *data,
                                             gsize                length,
                                             _VigilStatusFields  *fields);

/* For tests: the text road alone; NULL without error when it declines. */
VigilPost *_vigil_mastodon_fast_status (const char  *data,
                                        gsize        length,
                                        GError     **error);

G_END_DECLS

/* vigil-post.h: one normalised social media post, or an event about one
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

typedef enum
{
  VIGIL_PLATFORM_UNKNOWN = 0,
  VIGIL_PLATFORM_MASTODON,
  VIGIL_PLATFORM_BLUESKY,
  VIGIL_PLATFORM_FEED,
  VIGIL_PLATFORM_DRILL,
} VigilPlatform;

typedef enum
{
  VIGIL_VISIBILITY_PUBLIC = 0,
  VIGIL_VISIBILITY_DIRECT,
} VigilVisibility;

/* What a payload says happened to a post. A normaliser sets it; the store
 * archives CREATE as a new post, and EDIT/DELETE as events on an existing one. */
typedef enum
{
  VIGIL_POST_EVENT_CREATE = 0,
  VIGIL_POST_EVENT_EDIT,
  VIGIL_POST_EVENT_DELETE,
} VigilPostEvent;

/* A yes/no fact a source may not report. */
typedef enum
{
  VIGIL_TRISTATE_UNKNOWN = -1,
  VIGIL_TRISTATE_NO = 0,
  VIGIL_TRISTATE_YES = 1,
} VigilTristate;

/* A sentiment label. NONE = not classified. */
typedef enum
{
  VIGIL_SENTIMENT_NONE = 0,
  VIGIL_SENTIMENT_NEGATIVE,
  VIGIL_SENTIMENT_NEUTRAL,
  VIGIL_SENTIMENT_POSITIVE,
} VigilSentiment;

const char    *vigil_sentiment_to_string   (VigilSentiment sentiment);
VigilSentiment vigil_sentiment_from_string (const char    *str);

const char    *vigil_platform_to_string   (VigilPlatform platform);
VigilPlatform  vigil_platform_from_string (const char *str);

#define VIGIL_TYPE_POST (vigil_post_get_type ())
G_DECLARE_FINAL_TYPE (VigilPost, vigil_post, VIGIL, POST, GObject)

VigilPost      *vigil_post_new                  (VigilPlatform    platform,
                                                 const char      *remote_id);

/* identity and archive bookkeeping */
VigilPlatform   vigil_post_get_platform         (VigilPost       *self);
const char     *vigil_post_get_platform_name    (VigilPost       *self);
const char     *vigil_post_get_remote_id        (VigilPost       *self);
gint64          vigil_post_get_id               (VigilPost       *self);
void            vigil_post_set_id               (VigilPost       *self,
                                                 gint64           id);
VigilPostEvent  vigil_post_get_event            (VigilPost       *self);
void            vigil_post_set_event            (VigilPost       *self,
                                                 VigilPostEvent   event);
gboolean        vigil_post_get_deleted          (VigilPost       *self);
void            vigil_post_set_deleted          (VigilPost       *self,
                                                 gboolean         deleted);
gboolean        vigil_post_get_edited           (VigilPost       *self);
void            vigil_post_set_edited           (VigilPost       *self,
                                                 gboolean         edited);

/* author */
const char     *vigil_post_get_author           (VigilPost       *self);
void            vigil_post_set_author           (VigilPost       *self,
                                                 const char      *handle);
const char     *vigil_post_get_author_name      (VigilPost       *self);
void            vigil_post_set_author_name      (VigilPost       *self,
                                                 const char      *display_name);
gint64          vigil_post_get_author_followers (VigilPost       *self);
void            vigil_post_set_author_followers (VigilPost       *self,
                                                 gint64           followers);
/* the author's profile as the source reported it with the post; -1, NULL
 * or VIGIL_TRISTATE_UNKNOWN when the source does not say */
gint64          vigil_post_get_author_following (VigilPost       *self);
void            vigil_post_set_author_following (VigilPost       *self,
                                                 gint64           following);
GDateTime      *vigil_post_get_author_created_at (VigilPost      *self);
void            vigil_post_set_author_created_at (VigilPost      *self,
                                                 GDateTime       *created_at);
VigilTristate   vigil_post_get_author_has_avatar (VigilPost      *self);
void            vigil_post_set_author_has_avatar (VigilPost      *self,
                                                 VigilTristate    has_avatar);
VigilTristate   vigil_post_get_author_has_bio   (VigilPost       *self);
void            vigil_post_set_author_has_bio   (VigilPost       *self,
                                                 VigilTristate    has_bio);

/* content */
const char     *vigil_post_get_url              (VigilPost       *self);
void            vigil_post_set_url              (VigilPost       *self,
                                                 const char      *url);
const char     *vigil_post_get_text             (VigilPost       *self);
void            vigil_post_set_text             (VigilPost       *self,
                                                 const char      *text);
const char     *vigil_post_get_lang             (VigilPost       *self);
void            vigil_post_set_lang             (VigilPost       *self,
                                                 const char      *lang);
const char     *vigil_post_get_spoiler          (VigilPost       *self);
void            vigil_post_set_spoiler          (VigilPost       *self,
                                                 const char      *spoiler);
const char     *vigil_post_get_title            (VigilPost       *self);
void            vigil_post_set_title            (VigilPost       *self,
                                                 const char      *title);
VigilVisibility vigil_post_get_visibility       (VigilPost       *self);
void            vigil_post_set_visibility       (VigilPost       *self,
                                                 VigilVisibility  visibility);
const char    * const *vigil_post_get_tags      (VigilPost       *self);
void            vigil_post_set_tags             (VigilPost       *self,
                                                 const char * const *tags);
const char    * const *vigil_post_get_media     (VigilPost       *self);
void            vigil_post_set_media            (VigilPost       *self,
                                                 const char * const *descriptions);

/* times, UTC; NULL when unknown */
GDateTime      *vigil_post_get_created_at       (VigilPost       *self);
void            vigil_post_set_created_at       (VigilPost       *self,
                                                 GDateTime       *created_at);
GDateTime      *vigil_post_get_fetched_at       (VigilPost       *self);
void            vigil_post_set_fetched_at       (VigilPost       *self,
                                                 GDateTime       *fetched_at);

/* thread */
const char     *vigil_post_get_parent_id        (VigilPost       *self);
void            vigil_post_set_parent_id        (VigilPost       *self,
                                                 const char      *parent_id);
const char     *vigil_post_get_thread_id        (VigilPost       *self);
void            vigil_post_set_thread_id        (VigilPost       *self,
                                                 const char      *thread_id);

/* metrics; -1 when unknown */
gint64          vigil_post_get_replies          (VigilPost       *self);
gint64          vigil_post_get_reposts          (VigilPost       *self);
gint64          vigil_post_get_likes            (VigilPost       *self);
void            vigil_post_set_metrics          (VigilPost       *self,
                                                 gint64           replies,
                                                 gint64           reposts,
                                                 gint64           likes);

/* the payload the post came from, verbatim (may be NULL) */
const char     *vigil_post_get_raw              (VigilPost       *self);
void            vigil_post_set_raw              (VigilPost       *self,
                                                 const char      *raw);
void            vigil_post_take_raw             (VigilPost       *self,
                                                 char            *raw);

/* --- the classifier's annotations (derived; absent until classified) --- */
gboolean        vigil_post_get_classified       (VigilPost       *self);
/* Sets compound and the computed label, and marks the post classified. */
void            vigil_post_set_sentiment        (VigilPost       *self,
                                                 double           compound,
                                                 VigilSentiment   label);
double          vigil_post_get_sentiment_compound (VigilPost     *self);
/* The label a person sees: the override when there is one, else computed. */
VigilSentiment  vigil_post_get_sentiment        (VigilPost       *self);
VigilSentiment  vigil_post_get_computed_sentiment (VigilPost     *self);
/* A person's override (NONE = no override). */
VigilSentiment  vigil_post_get_sentiment_override (VigilPost     *self);
void            vigil_post_set_sentiment_override (VigilPost     *self,
                                                 VigilSentiment   label);
const char    * const *vigil_post_get_categories (VigilPost      *self);
void            vigil_post_set_categories       (VigilPost       *self,
                                                 const char * const *categories);
const char    * const *vigil_post_get_watches   (VigilPost       *self);
void            vigil_post_set_watches          (VigilPost       *self,
                                                 const char * const *watches);
gint64          vigil_post_get_reach            (VigilPost       *self);  /* -1 unknown */
double          vigil_post_get_ots              (VigilPost       *self);  /* < 0 unknown */
void            vigil_post_set_reach            (VigilPost       *self,
                                                 gint64           reach,
                                                 double           ots);
double          vigil_post_get_impersonation_score   (VigilPost  *self);  /* 0 = none */
const char    * const *vigil_post_get_impersonation_reasons (VigilPost *self);
void            vigil_post_set_impersonation    (VigilPost       *self,
                                                 double           score,
                                                 const char * const *reasons);
/* Words that make a reply need a senior's authorisation. */
const char    * const *vigil_post_get_moderation (VigilPost      *self);
void            vigil_post_set_moderation       (VigilPost       *self,
                                                 const char * const *words);
/* Near-duplicate group: the archive id of the group's first post (0 = none),
 * and how many posts the group holds (1 = unique). */
gint64          vigil_post_get_duplicate_group  (VigilPost       *self);
guint           vigil_post_get_duplicate_count  (VigilPost       *self);
void            vigil_post_set_duplicates       (VigilPost       *self,
                                                 gint64           group,
                                                 guint            count);

/* Serialise as the vigil-cli contract's JSON object (see ARCHITECTURE.md);
 * the annotations are included when the post is classified. */
void            vigil_post_write_json           (VigilPost       *self,
                                                 GString         *out);

char           *vigil_format_iso8601            (GDateTime       *dt);
GDateTime      *vigil_parse_iso8601             (const char      *str);

G_END_DECLS

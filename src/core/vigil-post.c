/* vigil-post.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "vigil-post"

#include "config.h"

#include "vigil-json-writer.h"
#include "vigil-post.h"

struct _VigilPost
{
  GObject          parent_instance;

  VigilPlatform    platform;
  VigilPostEvent   event;
  VigilVisibility  visibility;
  guint            deleted : 1;
  guint            edited : 1;

  gint64           id;
  gint64           followers;
  gint64           following;
  VigilTristate    has_avatar;
  VigilTristate    has_bio;
  gint64           replies;
  gint64           reposts;
  gint64           likes;

  char            *remote_id;
  char            *author;
  char            *author_name;
  char            *url;
  char            *text;
  char            *lang;
  char            *spoiler;
  char            *title;
  char            *parent_id;
  char            *thread_id;
  char            *raw;
  char           **tags;
  char           **media;

  GDateTime       *created_at;
  GDateTime       *fetched_at;
  GDateTime       *author_created_at;

  /* annotations */
  guint            classified : 1;
  VigilSentiment   sentiment;
  VigilSentiment   sentiment_override;
  double           compound;
  gint64           reach;
  double           ots;
  double           impersonation_score;
  gint64           duplicate_group;
  guint            duplicate_count;
  char           **categories;
  char           **watches;
  char           **impersonation_reasons;
  char           **moderation;
};

G_DEFINE_FINAL_TYPE (VigilPost, vigil_post, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_PLATFORM_NAME,
  PROP_REMOTE_ID,
  PROP_AUTHOR,
  PROP_AUTHOR_NAME,
  PROP_TEXT,
  PROP_LANG,
  PROP_URL,
  PROP_CREATED_AT,
  PROP_DELETED,
  PROP_EDITED,
  PROP_SENTIMENT,
  PROP_REACH,
  PROP_OTS,
  PROP_DUPLICATE_COUNT,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static const char * const platform_names[] = {
  [VIGIL_PLATFORM_UNKNOWN] = "unknown",
  [VIGIL_PLATFORM_MASTODON] = "mastodon",
  [VIGIL_PLATFORM_BLUESKY] = "bluesky",
  [VIGIL_PLATFORM_FEED] = "feed",
  [VIGIL_PLATFORM_DRILL] = "drill",
};

const char *
vigil_platform_to_string (VigilPlatform platform)
{
  if ((guint) platform >= G_N_ELEMENTS (platform_names))
    return platform_names[VIGIL_PLATFORM_UNKNOWN];
  return platform_names[platform];
}

static const char * const sentiment_names[] = {
  [VIGIL_SENTIMENT_NONE] = NULL,
  [VIGIL_SENTIMENT_NEGATIVE] = "negative",
  [VIGIL_SENTIMENT_NEUTRAL] = "neutral",
  [VIGIL_SENTIMENT_POSITIVE] = "positive",
};

const char *
vigil_sentiment_to_string (VigilSentiment sentiment)
{
  if ((guint) sentiment >= G_N_ELEMENTS (sentiment_names))
    return NULL;
  return sentiment_names[sentiment];
}

VigilSentiment
vigil_sentiment_from_string (const char *str)
{
  if (str == NULL)
    return VIGIL_SENTIMENT_NONE;
  for (guint i = 1; i < G_N_ELEMENTS (sentiment_names); i++)
    if (g_str_equal (str, sentiment_names[i]))
      return (VigilSentiment) i;
  return VIGIL_SENTIMENT_NONE;
}

VigilPlatform
vigil_platform_from_string (const char *str)
{
  if (str == NULL)
    return VIGIL_PLATFORM_UNKNOWN;
  for (guint i = 1; i < G_N_ELEMENTS (platform_names); i++)
    if (g_str_equal (str, platform_names[i]))
      return (VigilPlatform) i;
  return VIGIL_PLATFORM_UNKNOWN;
}

static void
vigil_post_finalize (GObject *object)
{
  VigilPost *self = (VigilPost *) object;

  g_free (self->remote_id);
  g_free (self->author);
  g_free (self->author_name);
  g_free (self->url);
  g_free (self->text);
  g_free (self->lang);
  g_free (self->spoiler);
  g_free (self->title);
  g_free (self->parent_id);
  g_free (self->thread_id);
  g_free (self->raw);
  g_strfreev (self->tags);
  g_strfreev (self->media);
  g_clear_pointer (&self->created_at, g_date_time_unref);
  g_clear_pointer (&self->fetched_at, g_date_time_unref);
  g_clear_pointer (&self->author_created_at, g_date_time_unref);
  g_strfreev (self->categories);
  g_strfreev (self->watches);
  g_strfreev (self->impersonation_reasons);
  g_strfreev (self->moderation);

  G_OBJECT_CLASS (vigil_post_parent_class)->finalize (object);
}

static void
vigil_post_get_property (GObject    *object,
                         guint       prop_id,
                         GValue     *value,
                         GParamSpec *pspec)
{
  VigilPost *self = VIGIL_POST (object);

  switch (prop_id)
    {
    case PROP_PLATFORM_NAME:
      g_value_set_string (value, vigil_post_get_platform_name (self));
      break;
    case PROP_REMOTE_ID:
      g_value_set_string (value, self->remote_id);
      break;
    case PROP_AUTHOR:
      g_value_set_string (value, self->author);
      break;
    case PROP_AUTHOR_NAME:
      g_value_set_string (value, self->author_name);
      break;
    case PROP_TEXT:
      g_value_set_string (value, self->text);
      break;
    case PROP_LANG:
      g_value_set_string (value, self->lang);
      break;
    case PROP_URL:
      g_value_set_string (value, self->url);
      break;
    case PROP_CREATED_AT:
      g_value_set_boxed (value, self->created_at);
      break;
    case PROP_DELETED:
      g_value_set_boolean (value, self->deleted);
      break;
    case PROP_EDITED:
      g_value_set_boolean (value, self->edited);
      break;
    case PROP_SENTIMENT:
      g_value_set_int (value, vigil_post_get_sentiment (self));
      break;
    case PROP_REACH:
      g_value_set_int64 (value, self->reach);
      break;
    case PROP_OTS:
      g_value_set_double (value, self->ots);
      break;
    case PROP_DUPLICATE_COUNT:
      g_value_set_uint (value, self->duplicate_count);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
vigil_post_class_init (VigilPostClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GParamFlags flags = G_PARAM_READABLE | G_PARAM_STATIC_STRINGS;

  object_class->finalize = vigil_post_finalize;
  object_class->get_property = vigil_post_get_property;

  properties[PROP_PLATFORM_NAME] = g_param_spec_string ("platform-name", NULL, NULL, NULL, flags);
  properties[PROP_REMOTE_ID] = g_param_spec_string ("remote-id", NULL, NULL, NULL, flags);
  properties[PROP_AUTHOR] = g_param_spec_string ("author", NULL, NULL, NULL, flags);
  properties[PROP_AUTHOR_NAME] = g_param_spec_string ("author-name", NULL, NULL, NULL, flags);
  properties[PROP_TEXT] = g_param_spec_string ("text", NULL, NULL, NULL, flags);
  properties[PROP_LANG] = g_param_spec_string ("lang", NULL, NULL, NULL, flags);
  properties[PROP_URL] = g_param_spec_string ("url", NULL, NULL, NULL, flags);
  properties[PROP_CREATED_AT] = g_param_spec_boxed ("created-at", NULL, NULL, G_TYPE_DATE_TIME, flags);
  properties[PROP_DELETED] = g_param_spec_boolean ("deleted", NULL, NULL, FALSE, flags);
  properties[PROP_EDITED] = g_param_spec_boolean ("edited", NULL, NULL, FALSE, flags);
  /* a VigilSentiment; an int so that GtkExpressions and sorters can use it */
  properties[PROP_SENTIMENT] = g_param_spec_int ("sentiment", NULL, NULL,
                                                 VIGIL_SENTIMENT_NONE, VIGIL_SENTIMENT_POSITIVE,
                                                 VIGIL_SENTIMENT_NONE, flags);
  properties[PROP_REACH] = g_param_spec_int64 ("reach", NULL, NULL, -1, G_MAXINT64, -1, flags);
  properties[PROP_OTS] = g_param_spec_double ("ots", NULL, NULL, -1, G_MAXDOUBLE, -1, flags);
  properties[PROP_DUPLICATE_COUNT] = g_param_spec_uint ("duplicate-count", NULL, NULL,
                                                        0, G_MAXUINT, 1, flags);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
vigil_post_init (VigilPost *self)
{
  self->followers = -1;
  self->following = -1;
  self->has_avatar = VIGIL_TRISTATE_UNKNOWN;
  self->has_bio = VIGIL_TRISTATE_UNKNOWN;
  self->replies = -1;
  self->reposts = -1;
  self->likes = -1;
  self->reach = -1;
  self->ots = -1;
  self->duplicate_count = 1;
}

VigilPost *
vigil_post_new (VigilPlatform  platform,
                const char    *remote_id)
{
  VigilPost *self;

  g_return_val_if_fail (remote_id != NULL, NULL);

  self = g_object_new (VIGIL_TYPE_POST, NULL);
  self->platform = platform;
  self->remote_id = g_strdup (remote_id);
  return self;
}

#define STRING_ACCESSORS(field)                                         \
  const char *                                                          \
  vigil_post_get_##field (VigilPost *self)                              \
  {                                                                     \
    g_return_val_if_fail (VIGIL_IS_POST (self), NULL);                  \
    return self->field;                                                 \
  }                                                                     \
  void                                                                  \
  vigil_post_set_##field (VigilPost  *self,                             \
                          const char *value)                            \
  {                                                                     \
    g_return_if_fail (VIGIL_IS_POST (self));                            \
    if (g_strcmp0 (self->field, value) == 0)                            \
      return;                                                           \
    g_free (self->field);                                               \
    self->field = g_strdup (value);                                     \
  }

STRING_ACCESSORS (author)
STRING_ACCESSORS (author_name)
STRING_ACCESSORS (url)
STRING_ACCESSORS (text)
STRING_ACCESSORS (lang)
STRING_ACCESSORS (spoiler)
STRING_ACCESSORS (title)
STRING_ACCESSORS (parent_id)
STRING_ACCESSORS (thread_id)
STRING_ACCESSORS (raw)

#undef STRING_ACCESSORS

void
vigil_post_take_raw (VigilPost *self,
                     char      *raw)
{
  g_return_if_fail (VIGIL_IS_POST (self));
  g_free (self->raw);
  self->raw = raw;
}

VigilPlatform
vigil_post_get_platform (VigilPost *self)
{
  g_return_val_if_fail (VIGIL_IS_POST (self), VIGIL_PLATFORM_UNKNOWN);
  return self->platform;
}

const char *
vigil_post_get_platform_name (VigilPost *self)
{
  g_return_val_if_fail (VIGIL_IS_POST (self), NULL);
  return vigil_platform_to_string (self->platform);
}

const char *
vigil_post_get_remote_id (VigilPost *self)
{
  g_return_val_if_fail (VIGIL_IS_POST (self), NULL);
  return self->remote_id;
}

gint64
vigil_post_get_id (VigilPost *self)
{
  g_return_val_if_fail (VIGIL_IS_POST (self), 0);
  return self->id;
}

void
vigil_post_set_id (VigilPost *self,
                   gint64     id)
{
  g_return_if_fail (VIGIL_IS_POST (self));
  self->id = id;
}

VigilPostEvent
vigil_post_get_event (VigilPost *self)
{
  g_return_val_if_fail (VIGIL_IS_POST (self), VIGIL_POST_EVENT_CREATE);
  return self->event;
}

void
vigil_post_set_event (VigilPost      *self,
                      VigilPostEvent  event)
{
  g_return_if_fail (VIGIL_IS_POST (self));
  self->event = event;
}

gboolean
vigil_post_get_deleted (VigilPost *self)
{
  g_return_val_if_fail (VIGIL_IS_POST (self), FALSE);
  return self->deleted;
}

void
vigil_post_set_deleted (VigilPost *self,
                        gboolean   deleted)
{
  g_return_if_fail (VIGIL_IS_POST (self));
  self->deleted = !!deleted;
}

gboolean
vigil_post_get_edited (VigilPost *self)
{
  g_return_val_if_fail (VIGIL_IS_POST (self), FALSE);
  return self->edited;
}

void
vigil_post_set_edited (VigilPost *self,
                       gboolean   edited)
{
  g_return_if_fail (VIGIL_IS_POST (self));
  self->edited = !!edited;
}

gint64
vigil_post_get_author_followers (VigilPost *self)
{
  g_return_val_if_fail (VIGIL_IS_POST (self), -1);
  return self->followers;
}

void
vigil_post_set_author_followers (VigilPost *self,
                                 gint64     followers)
{
  g_return_if_fail (VIGIL_IS_POST (self));
  self->followers = followers;
}

gint64
vigil_post_get_author_following (VigilPost *self)
{
  g_return_val_if_fail (VIGIL_IS_POST (self), -1);
  return self->following;
}

void
vigil_post_set_author_following (VigilPost *self,
                                 gint64     following)
{
  g_return_if_fail (VIGIL_IS_POST (self));
  self->following = following < 0 ? -1 : following;
}

GDateTime *
vigil_post_get_author_created_at (VigilPost *self)
{
  g_return_val_if_fail (VIGIL_IS_POST (self), NULL);
  return self->author_created_at;
}

void
vigil_post_set_author_created_at (VigilPost *self,
                                  GDateTime *created_at)
{
  g_return_if_fail (VIGIL_IS_POST (self));
  if (created_at != NULL)
    g_date_time_ref (created_at);
  g_clear_pointer (&self->author_created_at, g_date_time_unref);
  self->author_created_at = created_at;
}

static VigilTristate
tristate_normalise (VigilTristate value)
{
  if (value == VIGIL_TRISTATE_NO || value == VIGIL_TRISTATE_YES)
    return value;
  return VIGIL_TRISTATE_UNKNOWN;
}

VigilTristate
vigil_post_get_author_has_avatar (VigilPost *self)
{
  g_return_val_if_fail (VIGIL_IS_POST (self), VIGIL_TRISTATE_UNKNOWN);
  return self->has_avatar;
}

void
vigil_post_set_author_has_avatar (VigilPost     *self,
                                  VigilTristate  has_avatar)
{
  g_return_if_fail (VIGIL_IS_POST (self));
  self->has_avatar = tristate_normalise (has_avatar);
}

VigilTristate
vigil_post_get_author_has_bio (VigilPost *self)
{
  g_return_val_if_fail (VIGIL_IS_POST (self), VIGIL_TRISTATE_UNKNOWN);
  return self->has_bio;
}

void
vigil_post_set_author_has_bio (VigilPost     *self,
                               VigilTristate  has_bio)
{
  g_return_if_fail (VIGIL_IS_POST (self));
  self->has_bio = tristate_normalise (has_bio);
}

VigilVisibility
vigil_post_get_visibility (VigilPost *self)
{
  g_return_val_if_fail (VIGIL_IS_POST (self), VIGIL_VISIBILITY_PUBLIC);
  return self->visibility;
}

void
vigil_post_set_visibility (VigilPost       *self,
                           VigilVisibility  visibility)
{
  g_return_if_fail (VIGIL_IS_POST (self));
  self->visibility = visibility;
}

const char * const *
vigil_post_get_tags (VigilPost *self)
{
  g_return_val_if_fail (VIGIL_IS_POST (self), NULL);
  return (const char * const *) self->tags;
}

void
vigil_post_set_tags (VigilPost          *self,
                     const char * const *tags)
{
  g_return_if_fail (VIGIL_IS_POST (self));
  g_strfreev (self->tags);
  self->tags = (tags && tags[0]) ? g_strdupv ((char **) tags) : NULL;
}

const char * const *
vigil_post_get_media (VigilPost *self)
{
  g_return_val_if_fail (VIGIL_IS_POST (self), NULL);
  return (const char * const *) self->media;
}

void
vigil_post_set_media (VigilPost          *self,
                      const char * const *descriptions)
{
  g_return_if_fail (VIGIL_IS_POST (self));
  g_strfreev (self->media);
  self->media = (descriptions && descriptions[0]) ? g_strdupv ((char **) descriptions) : NULL;
}

GDateTime *
vigil_post_get_created_at (VigilPost *self)
{
  g_return_val_if_fail (VIGIL_IS_POST (self), NULL);
  return self->created_at;
}

static void
replace_time (GDateTime **slot,
              GDateTime  *value)
{
  GDateTime *utc = value ? g_date_time_to_utc (value) : NULL;

  g_clear_pointer (slot, g_date_time_unref);
  *slot = utc;
}

void
vigil_post_set_created_at (VigilPost *self,
                           GDateTime *created_at)
{
  g_return_if_fail (VIGIL_IS_POST (self));
  replace_time (&self->created_at, created_at);
}

GDateTime *
vigil_post_get_fetched_at (VigilPost *self)
{
  g_return_val_if_fail (VIGIL_IS_POST (self), NULL);
  return self->fetched_at;
}

void
vigil_post_set_fetched_at (VigilPost *self,
                           GDateTime *fetched_at)
{
  g_return_if_fail (VIGIL_IS_POST (self));
  replace_time (&self->fetched_at, fetched_at);
}

gint64
vigil_post_get_replies (VigilPost *self)
{
  g_return_val_if_fail (VIGIL_IS_POST (self), -1);
  return self->replies;
}

gint64
vigil_post_get_reposts (VigilPost *self)
{
  g_return_val_if_fail (VIGIL_IS_POST (self), -1);
  return self->reposts;
}

gint64
vigil_post_get_likes (VigilPost *self)
{
  g_return_val_if_fail (VIGIL_IS_POST (self), -1);
  return self->likes;
}

void
vigil_post_set_metrics (VigilPost *self,
                        gint64     replies,
                        gint64     reposts,
                        gint64     likes)
{
  g_return_if_fail (VIGIL_IS_POST (self));
  self->replies = replies;
  self->reposts = reposts;
  self->likes = likes;
}

/* --- annotations --- */

static void
replace_strv (char               ***slot,
              const char * const   *value)
{
  g_strfreev (*slot);
  *slot = (value && value[0]) ? g_strdupv ((char **) value) : NULL;
}

gboolean
vigil_post_get_classified (VigilPost *self)
{
  g_return_val_if_fail (VIGIL_IS_POST (self), FALSE);
  return self->classified;
}

void
vigil_post_set_sentiment (VigilPost      *self,
                          double          compound,
                          VigilSentiment  label)
{
  g_return_if_fail (VIGIL_IS_POST (self));
  self->compound = CLAMP (compound, -1.0, 1.0);
  self->sentiment = label;
  self->classified = TRUE;
}

double
vigil_post_get_sentiment_compound (VigilPost *self)
{
  g_return_val_if_fail (VIGIL_IS_POST (self), 0);
  return self->compound;
}

VigilSentiment
vigil_post_get_sentiment (VigilPost *self)
{
  g_return_val_if_fail (VIGIL_IS_POST (self), VIGIL_SENTIMENT_NONE);
  return self->sentiment_override ? self->sentiment_override : self->sentiment;
}

VigilSentiment
vigil_post_get_computed_sentiment (VigilPost *self)
{
  g_return_val_if_fail (VIGIL_IS_POST (self), VIGIL_SENTIMENT_NONE);
  return self->sentiment;
}

VigilSentiment
vigil_post_get_sentiment_override (VigilPost *self)
{
  g_return_val_if_fail (VIGIL_IS_POST (self), VIGIL_SENTIMENT_NONE);
  return self->sentiment_override;
}

void
vigil_post_set_sentiment_override (VigilPost      *self,
                                   VigilSentiment  label)
{
  g_return_if_fail (VIGIL_IS_POST (self));
  self->sentiment_override = label;
}

const char * const *
vigil_post_get_categories (VigilPost *self)
{
  g_return_val_if_fail (VIGIL_IS_POST (self), NULL);
  return (const char * const *) self->categories;
}

void
vigil_post_set_categories (VigilPost          *self,
                           const char * const *categories)
{
  g_return_if_fail (VIGIL_IS_POST (self));
  replace_strv (&self->categories, categories);
}

const char * const *
vigil_post_get_watches (VigilPost *self)
{
  g_return_val_if_fail (VIGIL_IS_POST (self), NULL);
  return (const char * const *) self->watches;
}

void
vigil_post_set_watches (VigilPost          *self,
                        const char * const *watches)
{
  g_return_if_fail (VIGIL_IS_POST (self));
  replace_strv (&self->watches, watches);
}

gint64
vigil_post_get_reach (VigilPost *self)
{
  g_return_val_if_fail (VIGIL_IS_POST (self), -1);
  return self->reach;
}

double
vigil_post_get_ots (VigilPost *self)
{
  g_return_val_if_fail (VIGIL_IS_POST (self), -1);
  return self->ots;
}

void
vigil_post_set_reach (VigilPost *self,
                      gint64     reach,
                      double     ots)
{
  g_return_if_fail (VIGIL_IS_POST (self));
  self->reach = reach;
  self->ots = ots;
}

double
vigil_post_get_impersonation_score (VigilPost *self)
{
  g_return_val_if_fail (VIGIL_IS_POST (self), 0);
  return self->impersonation_score;
}

const char * const *
vigil_post_get_impersonation_reasons (VigilPost *self)
{
  g_return_val_if_fail (VIGIL_IS_POST (self), NULL);
  return (const char * const *) self->impersonation_reasons;
}

void
vigil_post_set_impersonation (VigilPost          *self,
                              double              score,
                              const char * const *reasons)
{
  g_return_if_fail (VIGIL_IS_POST (self));
  self->impersonation_score = CLAMP (score, 0.0, 1.0);
  replace_strv (&self->impersonation_reasons, reasons);
}

const char * const *
vigil_post_get_moderation (VigilPost *self)
{
  g_return_val_if_fail (VIGIL_IS_POST (self), NULL);
  return (const char * const *) self->moderation;
}

void
vigil_post_set_moderation (VigilPost          *self,
                           const char * const *words)
{
  g_return_if_fail (VIGIL_IS_POST (self));
  replace_strv (&self->moderation, words);
}

gint64
vigil_post_get_duplicate_group (VigilPost *self)
{
  g_return_val_if_fail (VIGIL_IS_POST (self), 0);
  return self->duplicate_group;
}

guint
vigil_post_get_duplicate_count (VigilPost *self)
{
  g_return_val_if_fail (VIGIL_IS_POST (self), 1);
  return self->duplicate_count;
}

void
vigil_post_set_duplicates (VigilPost *self,
                           gint64     group,
                           guint      count)
{
  g_return_if_fail (VIGIL_IS_POST (self));
  self->duplicate_group = group;
  self->duplicate_count = MAX (count, 1);
}

char *
vigil_format_iso8601 (GDateTime *dt)
{
  g_autoptr(GDateTime) utc = NULL;

  if (dt == NULL)
    return NULL;
  utc = g_date_time_to_utc (dt);
  if (g_date_time_get_microsecond (utc) % 1000000 == 0)
    return g_date_time_format (utc, "%Y-%m-%dT%H:%M:%SZ");
  return g_date_time_format (utc, "%Y-%m-%dT%H:%M:%S.%fZ");
}

GDateTime *
vigil_parse_iso8601 (const char *str)
{
  g_autoptr(GTimeZone) utc = NULL;
  g_autoptr(GDateTime) dt = NULL;

  if (str == NULL || *str == '\0')
    return NULL;
  utc = g_time_zone_new_utc ();
  dt = g_date_time_new_from_iso8601 (str, utc);
  if (dt == NULL)
    {
      /* accept a bare date, as in --since 2026-11-01 */
      g_autofree char *full = g_strconcat (str, "T00:00:00Z", NULL);
      dt = g_date_time_new_from_iso8601 (full, utc);
    }
  return dt ? g_date_time_to_utc (dt) : NULL;
}

static void
write_strv (GString            *out,
            const char         *key,
            const char * const *strv)
{
  vigil_json_writer_key (out, key);
  g_string_append_c (out, '[');
  for (guint i = 0; strv && strv[i]; i++)
    {
      if (i > 0)
        g_string_append_c (out, ',');
      vigil_json_writer_string (out, strv[i]);
    }
  g_string_append_c (out, ']');
}

static void
write_int_or_null (GString    *out,
                   const char *key,
                   gint64      value)
{
  vigil_json_writer_key (out, key);
  if (value < 0)
    g_string_append (out, "null");
  else
    g_string_append_printf (out, "%" G_GINT64_FORMAT, value);
}

static void
write_tristate (GString       *out,
                const char    *key,
                VigilTristate  value)
{
  vigil_json_writer_key (out, key);
  if (value == VIGIL_TRISTATE_UNKNOWN)
    g_string_append (out, "null");
  else
    g_string_append (out, value == VIGIL_TRISTATE_YES ? "true" : "false");
}

static void
write_annotations (VigilPost *self,
                   GString   *out)
{
  char number[G_ASCII_DTOSTR_BUF_SIZE];

  g_string_append (out, ",\"sentiment\":{\"compound\":");
  g_string_append (out, g_ascii_formatd (number, sizeof number, "%.4f", self->compound));
  vigil_json_writer_member (out, "label", vigil_sentiment_to_string (vigil_post_get_sentiment (self)), TRUE);
  if (self->sentiment_override)
    vigil_json_writer_member (out, "computed", vigil_sentiment_to_string (self->sentiment), TRUE);
  g_string_append_c (out, '}');
  g_string_append_c (out, ',');
  write_strv (out, "categories", (const char * const *) self->categories);
  g_string_append_c (out, ',');
  write_strv (out, "watches", (const char * const *) self->watches);
  g_string_append_c (out, ',');
  write_int_or_null (out, "reach", self->reach);
  g_string_append (out, ",\"ots\":");
  if (self->ots < 0)
    g_string_append (out, "null");
  else
    g_string_append (out, g_ascii_formatd (number, sizeof number, "%.1f", self->ots));
  if (self->impersonation_score > 0)
    {
      g_string_append (out, ",\"impersonation\":{\"score\":");
      g_string_append (out, g_ascii_formatd (number, sizeof number, "%.3f", self->impersonation_score));
      g_string_append_c (out, ',');
      write_strv (out, "reasons", (const char * const *) self->impersonation_reasons);
      g_string_append_c (out, '}');
    }
  if (self->moderation)
    {
      g_string_append_c (out, ',');
      write_strv (out, "moderation", (const char * const *) self->moderation);
    }
  if (self->duplicate_count > 1)
    g_string_append_printf (out, ",\"duplicates\":{\"group\":%" G_GINT64_FORMAT ",\"count\":%u}",
                            self->duplicate_group, self->duplicate_count);
}

void
vigil_post_write_json (VigilPost *self,
                       GString   *out)
{
  g_autofree char *created = NULL;
  g_autofree char *fetched = NULL;
  g_autofree char *author_created = NULL;

  g_return_if_fail (VIGIL_IS_POST (self));
  g_return_if_fail (out != NULL);

  created = vigil_format_iso8601 (self->created_at);
  fetched = vigil_format_iso8601 (self->fetched_at);
  author_created = vigil_format_iso8601 (self->author_created_at);

  g_string_append_c (out, '{');
  if (self->id > 0)
    {
      vigil_json_writer_key (out, "id");
      g_string_append_printf (out, "%" G_GINT64_FORMAT, self->id);
      g_string_append_c (out, ',');
    }
  vigil_json_writer_member (out, "platform", vigil_post_get_platform_name (self), FALSE);
  vigil_json_writer_member (out, "remote_id", self->remote_id, TRUE);
  vigil_json_writer_member (out, "author", self->author, TRUE);
  vigil_json_writer_member (out, "author_name", self->author_name, TRUE);
  g_string_append_c (out, ',');
  write_int_or_null (out, "followers", self->followers);
  g_string_append_c (out, ',');
  write_int_or_null (out, "author_following", self->following);
  vigil_json_writer_member (out, "author_created_at", author_created, TRUE);
  g_string_append_c (out, ',');
  write_tristate (out, "author_has_avatar", self->has_avatar);
  g_string_append_c (out, ',');
  write_tristate (out, "author_has_bio", self->has_bio);
  vigil_json_writer_member (out, "text", self->text, TRUE);
  vigil_json_writer_member (out, "spoiler", self->spoiler, TRUE);
  vigil_json_writer_member (out, "title", self->title, TRUE);
  vigil_json_writer_member (out, "url", self->url, TRUE);
  vigil_json_writer_member (out, "lang", self->lang, TRUE);
  vigil_json_writer_member (out, "created_at", created, TRUE);
  vigil_json_writer_member (out, "fetched_at", fetched, TRUE);
  vigil_json_writer_member (out, "visibility",
                            self->visibility == VIGIL_VISIBILITY_DIRECT ? "direct" : "public", TRUE);
  vigil_json_writer_member (out, "parent_id", self->parent_id, TRUE);
  vigil_json_writer_member (out, "thread_id", self->thread_id, TRUE);
  g_string_append_c (out, ',');
  write_strv (out, "tags", (const char * const *) self->tags);
  g_string_append_c (out, ',');
  write_strv (out, "media", (const char * const *) self->media);
  g_string_append_c (out, ',');
  write_int_or_null (out, "replies", self->replies);
  g_string_append_c (out, ',');
  write_int_or_null (out, "reposts", self->reposts);
  g_string_append_c (out, ',');
  write_int_or_null (out, "likes", self->likes);
  g_string_append_printf (out, ",\"deleted\":%s,\"edited\":%s",
                          self->deleted ? "true" : "false",
                          self->edited ? "true" : "false");
  if (self->classified)
    write_annotations (self, out);
  g_string_append_c (out, '}');
}

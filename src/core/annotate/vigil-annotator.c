/* vigil-annotator.c: classify every post as the store archives it
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Threads: the store calls vigil_annotator_annotate() on its worker thread.
 * The classifier is an immutable snapshot: the main thread builds a new one
 * when the watches or options change and swaps the pointer under lock; the
 * worker takes a reference under the same lock and classifies without it.
 */
#define G_LOG_DOMAIN "vigil-annotator"

#include "config.h"

#include "vigil-annotate-classify.h"
#include "vigil-annotator.h"
#include "vigil-near-duplicate-index.h"
#include "vigil-watch-list.h"

struct _VigilAnnotator
{
  GObject                  parent_instance;

  GMutex                   lock;        /* guards classifier, monitor, dups */
  GObject                 *classifier;  /* VigilClassifier */
  VigilAlertMonitor       *monitor;
  VigilNearDuplicateIndex *dups;
  guint                    dup_texts;   /* posts added to dups */

  /* main thread: what the classifier is built from */
  GPtrArray               *watches;     /* VigilWatch */
  VigilWatchList          *list;
  gulong                   list_changed_id;
  double                   ots_divisor;
  GArray                  *officials;   /* VigilAnnotatorOfficial, strings owned */
  VigilRiskClassifier     *risk;
  VigilModerationList     *moderation;
};

G_DEFINE_FINAL_TYPE (VigilAnnotator, vigil_annotator, G_TYPE_OBJECT)

static void
clear_officials (VigilAnnotator *self)
{
  for (guint i = 0; i < self->officials->len; i++)
    {
      VigilAnnotatorOfficial *o = &g_array_index (self->officials, VigilAnnotatorOfficial, i);

      g_free ((char *) o->handle);
      g_free ((char *) o->display_name);
    }
  g_array_set_size (self->officials, 0);
}

static void
vigil_annotator_dispose (GObject *object)
{
  VigilAnnotator *self = (VigilAnnotator *) object;

  if (self->list != NULL)
    {
      g_clear_signal_handler (&self->list_changed_id, self->list);
      g_clear_object (&self->list);
    }
  g_clear_object (&self->monitor);
  G_OBJECT_CLASS (vigil_annotator_parent_class)->dispose (object);
}

static void
vigil_annotator_finalize (GObject *object)
{
  VigilAnnotator *self = (VigilAnnotator *) object;

  g_clear_object (&self->classifier);
  g_clear_object (&self->dups);
  g_clear_pointer (&self->watches, g_ptr_array_unref);
  clear_officials (self);
  g_clear_pointer (&self->officials, g_array_unref);
  g_clear_object (&self->risk);
  g_clear_object (&self->moderation);
  g_mutex_clear (&self->lock);
  G_OBJECT_CLASS (vigil_annotator_parent_class)->finalize (object);
}

static void
vigil_annotator_class_init (VigilAnnotatorClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = vigil_annotator_dispose;
  object_class->finalize = vigil_annotator_finalize;
}

static void
vigil_annotator_init (VigilAnnotator *self)
{
  g_mutex_init (&self->lock);
  self->watches = g_ptr_array_new_with_free_func (g_object_unref);
  self->officials = g_array_new (FALSE, TRUE, sizeof (VigilAnnotatorOfficial));
  self->dups = vigil_near_duplicate_index_new (VIGIL_ANNOTATOR_MAX_HAMMING);
}

static void
take_options (VigilAnnotator              *self,
              const VigilAnnotatorOptions *options)
{
  clear_officials (self);
  self->ots_divisor = options ? options->ots_divisor : 0;
  for (guint i = 0; options != NULL && i < options->n_officials; i++)
    {
      VigilAnnotatorOfficial o = {
        .handle = g_strdup (options->officials[i].handle),
        .display_name = g_strdup (options->officials[i].display_name),
      };
      g_array_append_val (self->officials, o);
    }
  if (options != NULL && options->risk != NULL)
    g_set_object (&self->risk, options->risk);
  if (options != NULL && options->moderation != NULL)
    g_set_object (&self->moderation, options->moderation);
}

/* Builds a classifier from the current watches and options and swaps it in. */
static gboolean
rebuild (VigilAnnotator  *self,
         GError         **error)
{
  VigilAnnotatorOptions options = {
    .ots_divisor = self->ots_divisor,
    .officials = (const VigilAnnotatorOfficial *) (gpointer) self->officials->data,
    .n_officials = self->officials->len,
    .risk = self->risk,
    .moderation = self->moderation,
  };
  g_autoptr(GObject) previous = NULL;
  GObject *classifier;

  g_mutex_lock (&self->lock);
  previous = self->classifier ? g_object_ref (self->classifier) : NULL;
  g_mutex_unlock (&self->lock);

  classifier = _vigil_annotate_classifier_new (&options, self->watches, previous, error);
  if (classifier == NULL)
    return FALSE;

  g_mutex_lock (&self->lock);
  g_clear_object (&self->classifier);
  self->classifier = classifier;
  g_mutex_unlock (&self->lock);
  return TRUE;
}

VigilAnnotator *
vigil_annotator_new (const VigilAnnotatorOptions  *options,
                     GError                      **error)
{
  g_autoptr(VigilAnnotator) self = g_object_new (VIGIL_TYPE_ANNOTATOR, NULL);

  take_options (self, options);
  if (self->risk == NULL)
    {
      /* the built-in packs and the user's own ones, when they exist */
      g_autofree char *user_dir = g_build_filename (g_get_user_config_dir (), "vigil", "rules", NULL);
      g_autoptr(GError) pack_error = NULL;

      self->risk = vigil_risk_classifier_new (user_dir, &pack_error);
      if (self->risk == NULL)
        {
          g_propagate_error (error, g_steal_pointer (&pack_error));
          return NULL;
        }
      if (pack_error != NULL)
        g_message ("%s", pack_error->message);   /* a bad user pack: the others still work */
    }
  if (!rebuild (self, error))
    return NULL;
  return g_steal_pointer (&self);
}

gboolean
vigil_annotator_set_options (VigilAnnotator               *self,
                             const VigilAnnotatorOptions  *options,
                             GError                      **error)
{
  g_return_val_if_fail (VIGIL_IS_ANNOTATOR (self), FALSE);

  take_options (self, options);
  return rebuild (self, error);
}

static void
push_watch_names (VigilAnnotator *self)
{
  g_autoptr(GPtrArray) names = g_ptr_array_new ();
  VigilAlertMonitor *monitor = self->monitor;

  if (monitor == NULL)
    return;
  for (guint i = 0; i < self->watches->len; i++)
    g_ptr_array_add (names, (gpointer) vigil_watch_get_name (g_ptr_array_index (self->watches, i)));
  g_ptr_array_add (names, NULL);
  vigil_alert_monitor_set_watches (monitor, (const char * const *) names->pdata);
}

static gboolean
load_watches (VigilAnnotator  *self,
              GError         **error)
{
  g_ptr_array_set_size (self->watches, 0);
  for (guint i = 0; self->list != NULL && i < vigil_watch_list_get_n_watches (self->list); i++)
    g_ptr_array_add (self->watches, g_object_ref (vigil_watch_list_get_watch (self->list, i)));
  if (!rebuild (self, error))
    return FALSE;
  push_watch_names (self);
  return TRUE;
}

static void
list_changed_cb (GListModel     *model,
                 guint           position,
                 guint           removed,
                 guint           added,
                 VigilAnnotator *self)
{
  g_autoptr(GError) error = NULL;

  if (!load_watches (self, &error))
    g_warning ("Could not apply the changed watches: %s", error->message);
}

gboolean
vigil_annotator_set_watch_list (VigilAnnotator  *self,
                                VigilWatchList  *list,
                                GError         **error)
{
  g_return_val_if_fail (VIGIL_IS_ANNOTATOR (self), FALSE);
  g_return_val_if_fail (list == NULL || VIGIL_IS_WATCH_LIST (list), FALSE);

  if (self->list != NULL)
    {
      g_clear_signal_handler (&self->list_changed_id, self->list);
      g_clear_object (&self->list);
    }
  if (list != NULL)
    {
      self->list = g_object_ref (list);
      self->list_changed_id = g_signal_connect (list, "items-changed",
                                                G_CALLBACK (list_changed_cb), self);
    }
  return load_watches (self, error);
}

void
vigil_annotator_set_monitor (VigilAnnotator    *self,
                             VigilAlertMonitor *monitor)
{
  g_return_if_fail (VIGIL_IS_ANNOTATOR (self));
  g_return_if_fail (monitor == NULL || VIGIL_IS_ALERT_MONITOR (monitor));

  g_mutex_lock (&self->lock);
  if (monitor != NULL)
    g_object_ref (monitor);
  g_clear_object (&self->monitor);
  self->monitor = monitor;
  g_mutex_unlock (&self->lock);
  push_watch_names (self);
}

static void
annotate_cb (GPtrArray *created,
             GPtrArray *edited,
             gpointer   user_data)
{
  vigil_annotator_annotate (user_data, created, edited);
}

void
vigil_annotator_attach (VigilAnnotator *self,
                        VigilStore     *store)
{
  g_return_if_fail (VIGIL_IS_ANNOTATOR (self));
  g_return_if_fail (VIGIL_IS_STORE (store));

  vigil_store_set_annotator (store, annotate_cb, g_object_ref (self), g_object_unref);
}

guint
vigil_annotator_get_n_watches (VigilAnnotator *self)
{
  guint n;

  g_return_val_if_fail (VIGIL_IS_ANNOTATOR (self), 0);
  g_mutex_lock (&self->lock);
  n = _vigil_annotate_classifier_n_watches (self->classifier);
  g_mutex_unlock (&self->lock);
  return n;
}

static GObject *
dup_classifier (VigilAnnotator *self)
{
  GObject *classifier;

  g_mutex_lock (&self->lock);
  classifier = g_object_ref (self->classifier);
  g_mutex_unlock (&self->lock);
  return classifier;
}

/* What the classifier reads: the title and content warning are part of
 * what a person sees. */
static const char *
compose_text (VigilPost *post,
              GString   *buf)
{
  const char *title = vigil_post_get_title (post);
  const char *spoiler = vigil_post_get_spoiler (post);
  const char *text = vigil_post_get_text (post);

  if ((title == NULL || title[0] == '\0') && (spoiler == NULL || spoiler[0] == '\0'))
    return text;
  g_string_truncate (buf, 0);
  if (title != NULL && title[0] != '\0')
    g_string_append_printf (buf, "%s\n", title);
  if (spoiler != NULL && spoiler[0] != '\0')
    g_string_append_printf (buf, "%s\n", spoiler);
  if (text != NULL)
    g_string_append (buf, text);
  return buf->str;
}

/* Whole days between the account's creation and when the post was fetched
 * (now when unknown); -1 when the source did not say. */
static gint64
account_age_days (VigilPost *post)
{
  GDateTime *created = vigil_post_get_author_created_at (post);
  GDateTime *fetched = vigil_post_get_fetched_at (post);
  g_autoptr(GDateTime) now = NULL;
  GTimeSpan age;

  if (created == NULL)
    return -1;
  if (fetched == NULL)
    fetched = now = g_date_time_new_now_utc ();
  age = g_date_time_difference (fetched, created);
  return age > 0 ? age / G_TIME_SPAN_DAY : 0;
}

static GQuark
deferred_lang_quark (void)
{
  return g_quark_from_static_string ("vigil-annotator-deferred-lang");
}

static void
classify_post_full (GObject   *classifier,
                    VigilPost *post,
                    GString   *buf,
                    gboolean   defer_lang)
{
  VigilAnnotateInput in = {
    .text = compose_text (post, buf),
    .author = vigil_post_get_author (post),
    .author_name = vigil_post_get_author_name (post),
    .followers = vigil_post_get_author_followers (post),
    .following = vigil_post_get_author_following (post),
    .account_age_days = account_age_days (post),
    .has_avatar = vigil_post_get_author_has_avatar (post),
    .has_bio = vigil_post_get_author_has_bio (post),
    .lang = vigil_post_get_lang (post),
    .platform = vigil_post_get_platform_name (post),
    .tags = vigil_post_get_tags (post),
  };
  VigilAnnotateResult r = { 0, };

  _vigil_annotate_classify (classifier, &in, &r);
  vigil_post_set_sentiment (post, r.compound, r.label);
  if (vigil_post_get_lang (post) == NULL && r.lang != NULL)
    {
      /* lang is an archived column: before the row is written, the
       * detected language waits beside the post (see apply_deferred_lang) */
      if (defer_lang)
        g_object_set_qdata (G_OBJECT (post), deferred_lang_quark (), (gpointer) r.lang);
      else
        vigil_post_set_lang (post, r.lang);
    }
  vigil_post_set_categories (post, (const char * const *) r.categories);
  vigil_post_set_watches (post, (const char * const *) r.watches);
  vigil_post_set_reach (post, r.reach, r.ots);
  vigil_post_set_impersonation (post, r.imp_score, (const char * const *) r.imp_reasons);
  vigil_post_set_moderation (post, (const char * const *) r.moderation);
  _vigil_annotate_result_clear (&r);
}

static void
classify_post (GObject   *classifier,
               VigilPost *post,
               GString   *buf)
{
  classify_post_full (classifier, post, buf, FALSE);
}

/* A post classified before it was archived gets its detected language now,
 * once its row (with the platform's own tag, or none) is written. */
static void
apply_deferred_lang (VigilPost *post)
{
  const char *lang = g_object_steal_qdata (G_OBJECT (post), deferred_lang_quark ());

  if (lang != NULL && vigil_post_get_lang (post) == NULL)
    vigil_post_set_lang (post, lang);
}

void
vigil_annotator_classify_post (VigilAnnotator *self,
                               VigilPost      *post)
{
  g_autoptr(GObject) classifier = NULL;
  g_autoptr(GString) buf = g_string_new (NULL);

  g_return_if_fail (VIGIL_IS_ANNOTATOR (self));
  g_return_if_fail (VIGIL_IS_POST (post));

  classifier = dup_classifier (self);
  classify_post (classifier, post, buf);
}

/* Big batches are classified on a few threads (the classifier is
 * thread-safe); duplicates and mentions are then handled in order. */
#define PARALLEL_MIN_POSTS 256
#define MAX_THREADS        8

typedef struct
{
  GObject   *classifier;
  GPtrArray *posts;       /* borrowed */
  guint      start;
  guint      end;
  GMutex    *lock;
  GCond     *cond;
  guint     *pending;
} Slice;

static void
classify_slice (gpointer data,
                gpointer user_data)
{
  Slice *slice = data;
  g_autoptr(GString) buf = g_string_new (NULL);

  for (guint i = slice->start; i < slice->end; i++)
    classify_post (slice->classifier, g_ptr_array_index (slice->posts, i), buf);

  g_mutex_lock (slice->lock);
  if (--*slice->pending == 0)
    g_cond_signal (slice->cond);
  g_mutex_unlock (slice->lock);
}

static GThreadPool *
shared_pool (void)
{
  static gsize pool = 0;

  /* shared by every annotator, kept for the process's life */
  if (g_once_init_enter (&pool))
    {
      guint n = CLAMP (g_get_num_processors (), 1, MAX_THREADS);
      GThreadPool *p = g_thread_pool_new (classify_slice, NULL, (int) n, FALSE, NULL);

      g_once_init_leave (&pool, (gsize) p);
    }
  return (GThreadPool *) pool;
}

static void
classify_all (GObject   *classifier,
              GPtrArray *posts,
              GString   *buf)
{
  guint n_threads = CLAMP (g_get_num_processors (), 1, MAX_THREADS);
  g_autofree Slice *slices = NULL;
  GMutex lock;
  GCond cond;
  guint pending;
  guint per;

  if (posts->len < PARALLEL_MIN_POSTS || n_threads < 2)
    {
      for (guint i = 0; i < posts->len; i++)
        classify_post (classifier, g_ptr_array_index (posts, i), buf);
      return;
    }

  g_mutex_init (&lock);
  g_cond_init (&cond);
  per = (posts->len + n_threads - 1) / n_threads;
  slices = g_new0 (Slice, n_threads);
  pending = n_threads;
  for (guint t = 0; t < n_threads; t++)
    {
      slices[t] = (Slice) {
        .classifier = classifier, .posts = posts,
        .start = MIN (t * per, posts->len), .end = MIN ((t + 1) * per, posts->len),
        .lock = &lock, .cond = &cond, .pending = &pending,
      };
      g_thread_pool_push (shared_pool (), &slices[t], NULL);
    }
  g_mutex_lock (&lock);
  while (pending > 0)
    g_cond_wait (&cond, &lock);
  g_mutex_unlock (&lock);
  g_mutex_clear (&lock);
  g_cond_clear (&cond);
}

/* When a mention counts for spike detection: when it was written, or when
 * it arrived if that is unknown or in the future. */
static gint64
mention_time (VigilPost *post,
              gint64     now_us)
{
  GDateTime *created = vigil_post_get_created_at (post);
  gint64 t;

  if (created == NULL)
    return now_us;
  t = g_date_time_to_unix (created) * G_USEC_PER_SEC + g_date_time_get_microsecond (created);
  return MIN (t, now_us);
}

void
vigil_annotator_annotate (VigilAnnotator *self,
                          GPtrArray      *created,
                          GPtrArray      *edited)
{
  g_autoptr(GObject) classifier = NULL;
  g_autoptr(VigilAlertMonitor) monitor = NULL;
  g_autoptr(VigilNearDuplicateIndex) dups = NULL;
  g_autoptr(GString) buf = g_string_new (NULL);
  gint64 now_us = g_get_real_time ();

  g_return_if_fail (VIGIL_IS_ANNOTATOR (self));

  g_mutex_lock (&self->lock);
  classifier = g_object_ref (self->classifier);
  monitor = self->monitor ? g_object_ref (self->monitor) : NULL;
  if (created != NULL && self->dup_texts + created->len > VIGIL_ANNOTATOR_MAX_DUP_TEXTS)
    {
      /* bounded memory: a new session of duplicate groups */
      g_clear_object (&self->dups);
      self->dups = vigil_near_duplicate_index_new (VIGIL_ANNOTATOR_MAX_HAMMING);
      self->dup_texts = 0;
    }
  dups = g_object_ref (self->dups);
  self->dup_texts += created ? created->len : 0;
  g_mutex_unlock (&self->lock);

  if (created != NULL)
    {
      /* the ingest pipeline classifies before the write transaction; only
       * what reached the store unclassified is classified here */
      g_autoptr(GPtrArray) todo = g_ptr_array_new ();

      for (guint i = 0; i < created->len; i++)
        {
          VigilPost *post = g_ptr_array_index (created, i);

          if (vigil_post_get_classified (post))
            apply_deferred_lang (post);
          else
            g_ptr_array_add (todo, post);
        }
      if (todo->len > 0)
        classify_all (classifier, todo, buf);
    }
  for (guint i = 0; created != NULL && i < created->len; i++)
    {
      VigilPost *post = g_ptr_array_index (created, i);
      guint size = 1;
      gint64 group;

      group = vigil_near_duplicate_index_add (dups, vigil_post_get_id (post),
                                              vigil_post_get_text (post), &size);
      vigil_post_set_duplicates (post, group, size);
      if (monitor != NULL)
        vigil_alert_monitor_push (monitor, mention_time (post, now_us),
                                  vigil_post_get_watches (post),
                                  vigil_post_get_sentiment (post) == VIGIL_SENTIMENT_NEGATIVE);
    }

  /* an edit is classified again; it stays in its duplicate group and is
   * not a new mention */
  if (edited != NULL)
    classify_all (classifier, edited, buf);
}

guint
vigil_annotator_preclassify (VigilAnnotator *self,
                             GPtrArray      *posts)
{
  g_autoptr(GObject) classifier = NULL;
  g_autoptr(GString) buf = NULL;
  guint n = 0;

  g_return_val_if_fail (VIGIL_IS_ANNOTATOR (self), 0);
  g_return_val_if_fail (posts != NULL, 0);

  for (guint i = 0; i < posts->len; i++)
    {
      VigilPost *post = g_ptr_array_index (posts, i);

      if (vigil_post_get_event (post) != VIGIL_POST_EVENT_CREATE
          || vigil_post_get_classified (post))
        continue;
      if (classifier == NULL)
        {
          classifier = dup_classifier (self);
          buf = g_string_new (NULL);
        }
      classify_post_full (classifier, post, buf, TRUE);
      n++;
    }
  return n;
}

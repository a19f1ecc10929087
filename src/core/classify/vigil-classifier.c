/* vigil-classifier.c: every annotation of a post, in one call
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "vigil-classifier"

#include "config.h"

#include <math.h>
#include <string.h>

#include "vigil-classifier.h"
#include "vigil-json-writer.h"
#include "vigil-reach.h"
#include "vigil-risk-tokens-private.h"

struct _VigilClassifier
{
  GObject                     parent_instance;

  GPtrArray                  *watches;     /* VigilWatch, immutable */
  gboolean                    any_text_watch;
  double                      ots_divisor;
  VigilSentimentAnalyzer     *sentiment;
  VigilLanguageDetector      *language;
  VigilRiskClassifier        *risk;
  VigilModerationList        *moderation;
  VigilImpersonationDetector *impersonation;
};

G_DEFINE_FINAL_TYPE (VigilClassifier, vigil_classifier, G_TYPE_OBJECT)

void
vigil_classify_input_init (VigilClassifyInput *input)
{
  g_return_if_fail (input);

  memset (input, 0, sizeof *input);
  input->followers = -1;
  input->following = -1;
  input->account_age_days = -1;
  input->has_avatar = TRUE;
  input->has_bio = TRUE;
}

void
vigil_annotations_clear (VigilAnnotations *a)
{
  g_return_if_fail (a);

  g_strfreev (a->categories);
  g_strfreev (a->watches);
  g_strfreev (a->impersonation_reasons);
  g_strfreev (a->moderation);
  memset (a, 0, sizeof *a);
}

static void
write_number (GString *out,
              double   value)
{
  char buf[G_ASCII_DTOSTR_BUF_SIZE];

  if (!isfinite (value))
    value = 0.0;
  /* 4 decimals, as VADER reports them; no locale */
  g_ascii_formatd (buf, sizeof buf, "%.4f", value);
  /* trim trailing zeros: 0.5000 → 0.5, 2.0000 → 2 */
  if (strchr (buf, '.'))
    {
      char *end = buf + strlen (buf) - 1;

      while (*end == '0')
        *end-- = '\0';
      if (*end == '.')
        *end = '\0';
    }
  if (strcmp (buf, "-0") == 0)
    strcpy (buf, "0");
  g_string_append (out, buf);
}

static void
write_strv (GString            *out,
            const char         *key,
            const char * const *strv)
{
  g_string_append_c (out, ',');
  vigil_json_writer_key (out, key);
  g_string_append_c (out, '[');
  for (guint i = 0; strv && strv[i]; i++)
    {
      if (i)
        g_string_append_c (out, ',');
      vigil_json_writer_string (out, strv[i]);
    }
  g_string_append_c (out, ']');
}

void
vigil_annotations_write_json (const VigilAnnotations *a,
                              GString                *out)
{
  g_return_if_fail (a);
  g_return_if_fail (out);

  g_string_append (out, ",\"sentiment\":{\"compound\":");
  write_number (out, a->compound);
  vigil_json_writer_member (out, "label", vigil_sentiment_label_to_string (a->label), TRUE);
  g_string_append_c (out, '}');

  g_string_append_c (out, ',');
  vigil_json_writer_key (out, "lang");
  if (a->lang)
    vigil_json_writer_string (out, a->lang);
  else
    g_string_append (out, "null");

  write_strv (out, "categories", (const char * const *) a->categories);
  write_strv (out, "watches", (const char * const *) a->watches);
  g_string_append_printf (out, ",\"reach\":%" G_GINT64_FORMAT ",\"ots\":", a->reach);
  write_number (out, a->ots);

  if (a->impersonation_score > 0)
    {
      g_string_append (out, ",\"impersonation\":{\"score\":");
      write_number (out, a->impersonation_score);
      write_strv (out, "reasons", (const char * const *) a->impersonation_reasons);
      g_string_append_c (out, '}');
    }
  if (a->moderation && a->moderation[0])
    write_strv (out, "moderation", (const char * const *) a->moderation);
}

static void
vigil_classifier_finalize (GObject *object)
{
  VigilClassifier *self = VIGIL_CLASSIFIER (object);

  g_clear_pointer (&self->watches, g_ptr_array_unref);
  g_clear_object (&self->sentiment);
  g_clear_object (&self->language);
  g_clear_object (&self->risk);
  g_clear_object (&self->moderation);
  g_clear_object (&self->impersonation);
  G_OBJECT_CLASS (vigil_classifier_parent_class)->finalize (object);
}

static void
vigil_classifier_class_init (VigilClassifierClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = vigil_classifier_finalize;
}

static void
vigil_classifier_init (VigilClassifier *self)
{
  self->watches = g_ptr_array_new_with_free_func (g_object_unref);
}

VigilClassifier *
vigil_classifier_new (const VigilClassifierOptions  *options,
                      GError                       **error)
{
  g_autoptr(VigilClassifier) self = NULL;
  VigilClassifierOptions defaults = { 0, };

  g_return_val_if_fail (!error || !*error, NULL);

  if (!options)
    options = &defaults;
  self = g_object_new (VIGIL_TYPE_CLASSIFIER, NULL);

  for (guint i = 0; i < options->n_watches; i++)
    {
      g_return_val_if_fail (VIGIL_IS_WATCH (options->watches[i]), NULL);
      g_ptr_array_add (self->watches, g_object_ref (options->watches[i]));
      if (vigil_query_uses_text (vigil_watch_get_query (options->watches[i])))
        self->any_text_watch = TRUE;
    }
  self->ots_divisor = options->ots_divisor > 0 ? options->ots_divisor : VIGIL_REACH_DEFAULT_OTS_DIVISOR;

  if (options->sentiment)
    self->sentiment = g_object_ref (options->sentiment);
  else if (!(self->sentiment = vigil_sentiment_analyzer_new (error)))
    return NULL;

  if (options->language)
    self->language = g_object_ref (options->language);
  else if (!(self->language = vigil_language_detector_new (NULL, error)))
    return NULL;

  if (options->risk)
    self->risk = g_object_ref (options->risk);
  else
    {
      g_autoptr(GError) local_error = NULL;

      /* built-in packs only: no user folder, so no user error to report */
      self->risk = vigil_risk_classifier_new (NULL, &local_error);
      if (!self->risk)
        {
          g_propagate_error (error, g_steal_pointer (&local_error));
          return NULL;
        }
    }

  self->moderation = options->moderation ? g_object_ref (options->moderation)
                                         : vigil_moderation_list_new_default ();

  if (options->impersonation)
    self->impersonation = g_object_ref (options->impersonation);
  else
    {
      self->impersonation = vigil_impersonation_detector_new ();
      for (guint i = 0; i < options->n_officials; i++)
        vigil_impersonation_detector_add_official (self->impersonation,
                                                   options->officials[i].handle,
                                                   options->officials[i].display_name);
    }

  return g_steal_pointer (&self);
}

void
vigil_classifier_classify (VigilClassifier          *self,
                           const VigilClassifyInput *in,
                           VigilAnnotations         *out)
{
  const char *text;
  GPtrArray *matched;

  g_return_if_fail (VIGIL_IS_CLASSIFIER (self));
  g_return_if_fail (in);
  g_return_if_fail (out);

  memset (out, 0, sizeof *out);
  text = in->text ? in->text : "";

  out->compound = vigil_sentiment_analyzer_score (self->sentiment, text, -1);
  out->label = vigil_sentiment_label_from_compound (out->compound);
  out->lang = vigil_language_detector_detect_post (self->language, in->lang, text);

  /* the risk categories and the moderation list tokenize the text in two
   * ways, which agree on most posts: then once is enough */
  if (_vigil_risk_tokenize_modes_agree (text))
    {
      VigilRiskTokens *tokens = _vigil_risk_tokens_take ();

      _vigil_risk_tokenize (text, VIGIL_RISK_TOKENIZE_DEFAULT, tokens);
      out->categories = _vigil_risk_classifier_match_tokens (self->risk, tokens, out->lang);
      out->moderation = _vigil_moderation_list_match_tokens (self->moderation, tokens);
      _vigil_risk_tokens_release (tokens);
    }
  else
    {
      out->categories = vigil_risk_classifier_match (self->risk, text, out->lang);
      out->moderation = vigil_moderation_list_match (self->moderation, text);
    }
  if (!out->categories)
    out->categories = g_new0 (char *, 1);

  matched = NULL;
  if (self->watches->len > 0)
    {
      VigilQueryPost post = {
        .text = self->any_text_watch ? text : NULL,
        .author = in->author,
        .author_name = in->author_name,
        .lang = out->lang,
        .platform = in->platform,
        .tags = in->tags,
        .followers = in->followers,
      };
      g_autoptr(VigilQueryDoc) doc = vigil_query_doc_new (&post);

      for (guint i = 0; i < self->watches->len; i++)
        {
          VigilWatch *w = g_ptr_array_index (self->watches, i);

          if (vigil_query_match_doc (vigil_watch_get_query (w), doc))
            {
              if (!matched)
                matched = g_ptr_array_sized_new (self->watches->len - i + 1);
              g_ptr_array_add (matched, g_strdup (vigil_watch_get_name (w)));
            }
        }
    }
  if (matched)
    {
      g_ptr_array_add (matched, NULL);
      out->watches = (char **) g_ptr_array_free (matched, FALSE);
    }
  else
    out->watches = g_new0 (char *, 1);

  out->reach = vigil_reach_compute (in->followers, in->reposter_followers, in->n_reposters);
  out->ots = vigil_reach_ots (out->reach, self->ots_divisor);

  if (out->moderation && !out->moderation[0])
    g_clear_pointer (&out->moderation, g_strfreev);

  if (in->author || in->author_name)
    {
      VigilAuthorInfo author = {
        .handle = in->author,
        .display_name = in->author_name,
        .followers = in->followers,
        .following = in->following,
        .account_age_days = in->account_age_days,
        .has_avatar = in->has_avatar,
        .has_bio = in->has_bio,
      };
      char **reasons = NULL;

      out->impersonation_score = vigil_impersonation_detector_check (self->impersonation, &author, &reasons);
      if (out->impersonation_score > 0)
        out->impersonation_reasons = reasons;
      else
        g_strfreev (reasons);
    }
}

guint
vigil_classifier_get_n_watches (VigilClassifier *self)
{
  g_return_val_if_fail (VIGIL_IS_CLASSIFIER (self), 0);
  return self->watches->len;
}

VigilWatch *
vigil_classifier_get_watch (VigilClassifier *self,
                            guint            i)
{
  g_return_val_if_fail (VIGIL_IS_CLASSIFIER (self), NULL);
  g_return_val_if_fail (i < self->watches->len, NULL);
  return g_ptr_array_index (self->watches, i);
}

double
vigil_classifier_get_ots_divisor (VigilClassifier *self)
{
  g_return_val_if_fail (VIGIL_IS_CLASSIFIER (self), 0);
  return self->ots_divisor;
}

VigilSentimentAnalyzer *
vigil_classifier_get_sentiment (VigilClassifier *self)
{
  g_return_val_if_fail (VIGIL_IS_CLASSIFIER (self), NULL);
  return self->sentiment;
}

VigilLanguageDetector *
vigil_classifier_get_language (VigilClassifier *self)
{
  g_return_val_if_fail (VIGIL_IS_CLASSIFIER (self), NULL);
  return self->language;
}

VigilRiskClassifier *
vigil_classifier_get_risk (VigilClassifier *self)
{
  g_return_val_if_fail (VIGIL_IS_CLASSIFIER (self), NULL);
  return self->risk;
}

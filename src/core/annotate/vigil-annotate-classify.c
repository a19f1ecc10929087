/* vigil-annotate-classify.c: the bridge to VigilClassifier
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "vigil-annotate-classify"

#include "config.h"

#include <string.h>

#include "vigil-annotate-classify.h"
#include "vigil-classifier.h"

GObject *
_vigil_annotate_classifier_new (const VigilAnnotatorOptions  *options,
                                GPtrArray                    *watches,
                                GObject                      *previous,
                                GError                      **error)
{
  g_autoptr(GArray) officials = g_array_new (FALSE, TRUE, sizeof (VigilOfficialAccount));
  VigilClassifierOptions opts = { 0, };
  VigilClassifier *prev = previous ? VIGIL_CLASSIFIER (previous) : NULL;

  for (guint i = 0; options != NULL && i < options->n_officials; i++)
    {
      VigilOfficialAccount account = {
        .handle = options->officials[i].handle,
        .display_name = options->officials[i].display_name,
      };

      if (account.handle != NULL && account.handle[0] != '\0')
        g_array_append_val (officials, account);
    }

  opts.watches = watches ? (VigilWatch **) watches->pdata : NULL;
  opts.n_watches = watches ? watches->len : 0;
  opts.ots_divisor = options ? options->ots_divisor : 0;
  opts.officials = (const VigilOfficialAccount *) (gpointer) officials->data;
  opts.n_officials = officials->len;
  opts.risk = options ? options->risk : NULL;
  opts.moderation = options ? options->moderation : NULL;
  if (prev != NULL)
    {
      opts.sentiment = vigil_classifier_get_sentiment (prev);
      opts.language = vigil_classifier_get_language (prev);
      if (opts.risk == NULL)
        opts.risk = vigil_classifier_get_risk (prev);
    }
  return (GObject *) vigil_classifier_new (&opts, error);
}

guint
_vigil_annotate_classifier_n_watches (GObject *classifier)
{
  return vigil_classifier_get_n_watches (VIGIL_CLASSIFIER (classifier));
}

void
_vigil_annotate_classify (GObject                  *classifier,
                          const VigilAnnotateInput *input,
                          VigilAnnotateResult      *out)
{
  VigilClassifyInput in;
  VigilAnnotations a = { 0, };

  vigil_classify_input_init (&in);
  in.text = input->text;
  in.author = input->author;
  in.author_name = input->author_name;
  in.followers = input->followers;
  in.following = input->following;
  in.account_age_days = input->account_age_days;
  /* the classifier gives the benefit of the doubt: unknown counts as yes */
  in.has_avatar = input->has_avatar != VIGIL_TRISTATE_NO;
  in.has_bio = input->has_bio != VIGIL_TRISTATE_NO;
  in.lang = input->lang;
  in.platform = input->platform;
  in.tags = input->tags;

  vigil_classifier_classify (VIGIL_CLASSIFIER (classifier), &in, &a);

  out->compound = a.compound;
  out->label = a.label;
  out->lang = a.lang;
  out->categories = g_steal_pointer (&a.categories);
  out->watches = g_steal_pointer (&a.watches);
  out->reach = a.reach;
  out->ots = a.ots;
  out->imp_score = a.impersonation_score;
  out->imp_reasons = g_steal_pointer (&a.impersonation_reasons);
  out->moderation = g_steal_pointer (&a.moderation);
  vigil_annotations_clear (&a);
}

void
_vigil_annotate_result_clear (VigilAnnotateResult *result)
{
  g_clear_pointer (&result->categories, g_strfreev);
  g_clear_pointer (&result->watches, g_strfreev);
  g_clear_pointer (&result->imp_reasons, g_strfreev);
  g_clear_pointer (&result->moderation, g_strfreev);
  memset (result, 0, sizeof *result);
}

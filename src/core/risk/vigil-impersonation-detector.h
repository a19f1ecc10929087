/* vigil-impersonation-detector.h: authors posing as the organisation
 *
 * The user registers the organisation's official accounts. An author whose
 * handle or display name is confusable with one of them (same skeleton once
 * look-alike characters are mapped, within a small edit distance, possibly
 * with added affixes such as "official", "support", "help", "_" or digits)
 * is weighed with the usual fake-profile checks: few followers, a new
 * account, following many but followed by few, no avatar, no bio.
 *
 * The detector is guarded by a mutex: check() may run in several threads
 * while add_official() is called.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib-object.h>

G_BEGIN_DECLS

typedef struct
{
  const char *handle;
  const char *display_name;
  gint64      followers;         /* -1 unknown */
  gint64      following;         /* -1 unknown */
  gint64      account_age_days;  /* -1 unknown */
  gboolean    has_avatar;        /* TRUE when unknown */
  gboolean    has_bio;           /* TRUE when unknown */
} VigilAuthorInfo;

#define VIGIL_TYPE_IMPERSONATION_DETECTOR (vigil_impersonation_detector_get_type ())
G_DECLARE_FINAL_TYPE (VigilImpersonationDetector, vigil_impersonation_detector, VIGIL, IMPERSONATION_DETECTOR, GObject)

VigilImpersonationDetector *vigil_impersonation_detector_new          (void);
/* handle: "@northwind", "northwind", "@northwind@mastodon.example" or
 * "northwind.bsky.social"; display_name may be NULL. */
void     vigil_impersonation_detector_add_official (VigilImpersonationDetector *self,
                                                    const char                 *handle,
                                                    const char                 *display_name);
/* Returns a score in [0,1] (0 = not suspicious: no resemblance to an
 * official account, or the official account itself) and, when reasons is
 * not NULL, the reasons as human sentences (NULL-terminated, g_strfreev;
 * an empty vector for a score of 0). The profile checks only weigh an
 * author whose name resembles an official one. */
double   vigil_impersonation_detector_check        (VigilImpersonationDetector *self,
                                                    const VigilAuthorInfo      *author,
                                                    char                     ***reasons);

/* Additive helpers, exposed for tests and tools. */
/* The look-alike skeleton of a name: folded, confusables mapped to Latin,
 * separators dropped ("Ｎ0rthwіnd_" → "northwlnd"; i and l share "l"). */
char    *vigil_impersonation_skeleton              (const char                 *name);
/* Damerau–Levenshtein (optimal string alignment) distance between two
 * UTF-8 strings, in characters; strings are cut at 128 characters. */
guint    vigil_impersonation_edit_distance         (const char                 *a,
                                                    const char                 *b);

G_END_DECLS

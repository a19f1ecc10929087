/* vigil-template.h: one version of a crisis template
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <json-glib/json-glib.h>

#include "vigil-template-text.h"

G_BEGIN_DECLS

#define VIGIL_TEMPLATE_ERROR (vigil_template_error_quark ())

typedef enum
{
  VIGIL_TEMPLATE_ERROR_INVALID,       /* a member is missing, of the wrong type or out of bounds */
  VIGIL_TEMPLATE_ERROR_SYNTAX,        /* not JSON */
  VIGIL_TEMPLATE_ERROR_TOO_LARGE,     /* over the size limits */
  VIGIL_TEMPLATE_ERROR_NOT_FOUND,     /* no template with that id (or no such revision) */
  VIGIL_TEMPLATE_ERROR_NOT_PERMITTED, /* this person may not approve */
  VIGIL_TEMPLATE_ERROR_ALREADY,       /* that revision is already approved */
  VIGIL_TEMPLATE_ERROR_CONFLICT,      /* someone else changed the template first */
} VigilTemplateError;

GQuark vigil_template_error_quark (void);

#define VIGIL_TEMPLATE_MAX_BODY      8192
#define VIGIL_TEMPLATE_MAX_VARIANTS  48
#define VIGIL_TEMPLATE_MAX_TAGS      32

typedef struct
{
  char  *locale;     /* "en", "fr", "de-CH"… */
  char **platforms;  /* empty = any platform */
  char  *body;
  char  *note;       /* tone note for whoever adapts it; may be NULL */
} VigilTemplateVariant;

#define VIGIL_TYPE_TEMPLATE (vigil_template_get_type ())
G_DECLARE_FINAL_TYPE (VigilTemplate, vigil_template, VIGIL, TEMPLATE, GObject)

/* Properties (all read-only once built, so they can be bound in .ui):
 * "id", "revision" (int64, 0 = never saved), "scenario", "kind", "title",
 * "tags" (strv), "approved" (boolean), "approved-by", "approved-at" (int64 µs),
 * "saved-by", "saved-at" (int64 µs), "scenario-label", "kind-label",
 * "state-label", "locales" (a display string, "en, fr"). */

/* Parses and validates one template object (a pack entry or a record
 * body). The message names the member at fault. */
VigilTemplate *vigil_template_new_from_json (JsonObject    *object,
                                             GError       **error);
/* A deep copy without revision, approval or save information: a new draft. */
VigilTemplate *vigil_template_copy_as_draft (VigilTemplate *self);
/* Writes the template's content (id, scenario, kind, title, tags,
 * variants) as a JSON object; with_history adds revision and approval. */
void           vigil_template_to_json       (VigilTemplate *self,
                                             JsonBuilder   *builder,
                                             gboolean       with_history);

const char    *vigil_template_get_id        (VigilTemplate *self);
gint64         vigil_template_get_revision  (VigilTemplate *self);
const char    *vigil_template_get_scenario  (VigilTemplate *self);
const char    *vigil_template_get_kind      (VigilTemplate *self);
const char    *vigil_template_get_title     (VigilTemplate *self);
const char * const *vigil_template_get_tags (VigilTemplate *self);
gboolean       vigil_template_get_approved  (VigilTemplate *self);
const char    *vigil_template_get_approved_by (VigilTemplate *self);
gint64         vigil_template_get_approved_at (VigilTemplate *self);
const char    *vigil_template_get_saved_by  (VigilTemplate *self);
gint64         vigil_template_get_saved_at  (VigilTemplate *self);
guint          vigil_template_get_n_variants (VigilTemplate *self);
const VigilTemplateVariant *vigil_template_get_variant (VigilTemplate *self,
                                                        guint          index);
/* Locales present, once each, sorted. */
GStrv          vigil_template_dup_locales   (VigilTemplate *self);

/* A new, empty draft (one English any-platform variant with an empty body). */
VigilTemplate *vigil_template_new_draft     (const char    *id,
                                             const char    *scenario,
                                             const char    *kind,
                                             const char    *title);

/* Editing a draft (never an approved, saved revision: those are immutable,
 * so these return FALSE and change nothing). */
gboolean       vigil_template_set_title     (VigilTemplate *self,
                                             const char    *title);
gboolean       vigil_template_set_scenario  (VigilTemplate *self,
                                             const char    *scenario);
gboolean       vigil_template_set_kind      (VigilTemplate *self,
                                             const char    *kind);
gboolean       vigil_template_set_variant_body (VigilTemplate *self,
                                                const char    *locale,
                                                const char    *platform,
                                                const char    *body);

/* The variant for locale and platform: exact locale and a variant naming
 * the platform, then the locale's any-platform variant, then the language
 * without region, then English, then the first. NULL platform/locale = any. */
const VigilTemplateVariant *vigil_template_pick_variant (VigilTemplate *self,
                                                         const char    *locale,
                                                         const char    *platform);

/* Filters; NULL or "" = any. state: "draft" or "approved". text searches
 * id, title, tags and bodies (case-insensitive). */
gboolean       vigil_template_matches       (VigilTemplate *self,
                                             const char    *text,
                                             const char    *scenario,
                                             const char    *kind,
                                             const char    *platform,
                                             const char    *locale,
                                             const char    *state);

/* Library bookkeeping (the library sets these while replaying records). */
void           _vigil_template_set_saved    (VigilTemplate *self,
                                             gint64         revision,
                                             const char    *by,
                                             gint64         at_us);
void           _vigil_template_set_approval (VigilTemplate *self,
                                             const char    *by,
                                             gint64         at_us);

/* The scenarios and kinds Vigil ships labels for (NULL-terminated ids);
 * a scenario the user adds is any other lowercase id. */
const char * const *vigil_template_scenarios   (void);
const char         *vigil_template_scenario_label (const char *scenario);
const char * const *vigil_template_kinds       (void);
const char         *vigil_template_kind_label  (const char *kind);

G_END_DECLS

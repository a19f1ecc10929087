/* vigil-dossier.h: one candidate's research dossier, as its journal says
 *
 * A VigilDossier is the replay of the store records of kind "dossier" and
 * key = its id: what was added (never the text: originals are encrypted
 * blobs), the suggestions and the researcher's decisions, the releases
 * (the redacted text, immutable and numbered) and the audit (every record).
 * VigilDossierService changes it; the GUI binds to its properties.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "vigil-record.h"
#include "vigil-redaction-span.h"

G_BEGIN_DECLS

typedef enum
{
  VIGIL_SUGGESTION_PENDING,
  VIGIL_SUGGESTION_ACCEPTED,   /* removed from the release */
  VIGIL_SUGGESTION_REJECTED,   /* kept */
} VigilSuggestionState;

typedef struct
{
  guint                  id;         /* within the item, from 1 */
  guint                  start;      /* characters into the item's text */
  guint                  end;
  VigilRedactionCategory category;   /* VIGIL_REDACTION_MANUAL for a span marked by hand */
  const char            *reason;     /* interned */
  VigilSuggestionState   state;
} VigilDossierSpan;

typedef struct
{
  guint    index;        /* from 1 */
  char    *kind;         /* "text", "file", "archive", "image" */
  char    *platform;     /* "mastodon", "linkedin"…; may be "" */
  guint    n_chars;      /* of the text (the image's description) */
  gboolean has_text;     /* FALSE: an image nobody described yet */
  GArray  *spans;        /* of VigilDossierSpan, by start */
} VigilDossierItem;

typedef struct
{
  guint   number;        /* from 1 */
  gint64  at_us;
  char   *actor;
  char   *text;          /* the redacted items; never an original */
  char   *sha256;
} VigilDossierRelease;

#define VIGIL_TYPE_DOSSIER (vigil_dossier_get_type ())
G_DECLARE_FINAL_TYPE (VigilDossier, vigil_dossier, VIGIL, DOSSIER, GObject)

const char *vigil_dossier_get_id              (VigilDossier *self);
/* An HR reference such as "2026-014", not the candidate's name. */
const char *vigil_dossier_get_candidate       (VigilDossier *self);
const char *vigil_dossier_get_purpose         (VigilDossier *self);
const char *vigil_dossier_get_locale          (VigilDossier *self);
guint       vigil_dossier_get_categories      (VigilDossier *self);
gint64      vigil_dossier_get_created_us      (VigilDossier *self);
gint64      vigil_dossier_get_retention_us    (VigilDossier *self);
gboolean    vigil_dossier_get_originals_deleted (VigilDossier *self);
gint64      vigil_dossier_get_version         (VigilDossier *self);
/* Suggestions nobody has accepted or rejected yet (property "n-pending"). */
guint       vigil_dossier_get_n_pending       (VigilDossier *self);
guint       vigil_dossier_get_n_items         (VigilDossier *self);
const VigilDossierItem    *vigil_dossier_get_item    (VigilDossier *self,
                                                      guint         index);
guint       vigil_dossier_get_n_releases      (VigilDossier *self);
const VigilDossierRelease *vigil_dossier_get_release (VigilDossier *self,
                                                      guint         number);
/* Every record of the dossier, oldest first: a GPtrArray of VigilRecord. */
GPtrArray  *vigil_dossier_get_audit           (VigilDossier *self);
/* One line per audit entry: "2026-12-06 02:10 UTC  alice  suggestion accepted  age  item 2". */
char       *vigil_dossier_format_audit_entry  (const VigilRecord *record);

/* Checks the dossier's own hash chain (each record names the hash of the
 * one before): on a break, FALSE, *first_broken = its index in records and
 * an error that says which entry. */
gboolean    vigil_dossier_verify_audit        (GPtrArray         *records,
                                               guint             *first_broken,
                                               GError           **error);
/* The hash the next record must name ("" for the first). */
char       *vigil_dossier_record_hash         (const VigilRecord *record);

G_END_DECLS

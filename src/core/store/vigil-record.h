/* vigil-record.h: one entry of the store's journal
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib-object.h>

G_BEGIN_DECLS

/* The journal is where the features keep what they own (cases and their
 * log, roles, templates and versions, playbooks, drills, dossiers and their
 * audit, accounts and their usage log…): append-only records, hash-chained
 * like the archive, grouped by kind and key. A feature's current state is
 * what its records say, replayed in order: nothing is ever updated or
 * deleted, so every record is also the audit trail.
 *
 * kind: the feature's namespace, e.g. "case", "role", "template", "dossier".
 * key: the entity within the kind (a case id, a template id…).
 * version: 1, 2, … per (kind, key), given by the store.
 * body: a JSON object (text); the feature's own format. */
typedef struct
{
  gint64  seq;       /* order in the whole journal, > 0 */
  char   *kind;
  char   *key;
  gint64  version;   /* of (kind, key): 1 for the first record */
  char   *actor;     /* who did it (never empty) */
  gint64  at_us;     /* when, µs since the epoch, UTC */
  char   *body;      /* JSON object text */
} VigilRecord;

/* No version check when appending. */
#define VIGIL_RECORD_ANY_VERSION ((gint64) -1)

#define VIGIL_TYPE_RECORD (vigil_record_get_type ())
GType        vigil_record_get_type (void) G_GNUC_CONST;
VigilRecord *vigil_record_new      (const char        *kind,
                                    const char        *key,
                                    const char        *actor,
                                    gint64             at_us,
                                    const char        *body);
VigilRecord *vigil_record_copy     (const VigilRecord *record);
void         vigil_record_free     (VigilRecord       *record);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (VigilRecord, vigil_record_free)

G_END_DECLS

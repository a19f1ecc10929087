/* vigil-dossier-service-private.h: shared by the service's files
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <json-glib/json-glib.h>

#include "vigil-dossier-private.h"
#include "vigil-dossier-service.h"

G_BEGIN_DECLS

#define IMAGE_WITHHELD N_("Image withheld — describe relevant content in text")

struct _VigilDossierService
{
  GObject               parent_instance;

  VigilContext         *context;      /* not owned: it owns us */
  VigilStore           *store;
  VigilCredentialStore *credentials;
  GPtrArray            *dossiers;     /* of VigilDossier*, oldest first */
  GHashTable           *by_id;        /* id → VigilDossier* */
  GHashTable           *keys;         /* id → base64 key (wiped when freed) */
  GHashTable           *redactors;    /* locale → VigilRedactor* */
  gulong                appended_id;
};

/* A record body: {"event": event, "prev": the dossier's head, …}. */
JsonBuilder *_vigil_dossier_begin_event (VigilDossier        *dossier,
                                         const char          *event);
void         _vigil_dossier_add_int     (JsonBuilder         *b,
                                         const char          *name,
                                         gint64               v);
void         _vigil_dossier_add_str     (JsonBuilder         *b,
                                         const char          *name,
                                         const char          *v);
/* Ends the object, appends it (compare-and-set on the dossier's version)
 * and applies it. dossier NULL = a new one (id). */
gboolean     _vigil_dossier_append      (VigilDossierService *self,
                                         const char          *id,
                                         VigilDossier        *dossier,
                                         JsonBuilder         *b,
                                         GError             **error);
/* The dossier's key when unlocked; else an error that says why not. */
const char  *_vigil_dossier_key_for     (VigilDossierService *self,
                                         VigilDossier        *dossier,
                                         GError             **error);

G_END_DECLS

/* vigil-dossier-private.h: replaying records into a dossier (the service)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "vigil-dossier.h"

G_BEGIN_DECLS

#define VIGIL_DOSSIER_KIND      "dossier"
#define VIGIL_DOSSIER_BLOB_KIND "dossier-original"

VigilDossier *_vigil_dossier_new          (const char        *id);
/* Applies one record (in version order); FALSE when it is not one this
 * version understands (it stays in the audit anyway). */
gboolean      _vigil_dossier_apply        (VigilDossier      *self,
                                           const VigilRecord *record);
/* The hash of the last record, for the next one's "prev". */
const char   *_vigil_dossier_get_head     (VigilDossier      *self);
VigilDossierItem *_vigil_dossier_get_item_mut (VigilDossier  *self,
                                               guint          index);

G_END_DECLS

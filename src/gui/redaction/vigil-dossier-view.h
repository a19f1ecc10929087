/* vigil-dossier-view.h: one dossier: review, releases, audit
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "vigil-dossier-service.h"

G_BEGIN_DECLS

#define VIGIL_TYPE_DOSSIER_VIEW (vigil_dossier_view_get_type ())
G_DECLARE_FINAL_TYPE (VigilDossierView, vigil_dossier_view, VIGIL, DOSSIER_VIEW, AdwBin)

/* Properties "service" and "dossier". Actions (group "research"):
 * accept (A), reject (R), next (N/J), previous (P/K), mark-selection (M),
 * accept-all (Ctrl+Shift+A), release (Ctrl+Return), add-text (Ctrl+T),
 * add-image, import-file, describe-image, export-pdf, export-text,
 * export-audit, unlock. */
void          vigil_dossier_view_set_service   (VigilDossierView    *self,
                                                VigilDossierService *service);
VigilDossier *vigil_dossier_view_get_dossier   (VigilDossierView    *self);
void          vigil_dossier_view_set_dossier   (VigilDossierView    *self,
                                                VigilDossier        *dossier);
/* The item shown (from 1; 0 = none) and the current suggestion's id. */
guint         vigil_dossier_view_get_item      (VigilDossierView    *self);
guint         vigil_dossier_view_get_current   (VigilDossierView    *self);
void          vigil_dossier_view_select_item   (VigilDossierView    *self,
                                                guint                item);
/* The text of the release shown on the Releases tab. */
char         *vigil_dossier_view_get_release_text (VigilDossierView *self);
gboolean      vigil_dossier_view_get_unlocked  (VigilDossierView    *self);
void          vigil_dossier_view_toast         (VigilDossierView    *self,
                                                const char          *message);

G_END_DECLS

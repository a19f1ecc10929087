/* vigil-research-page.h: the Candidate research page
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "vigil-dossier-service.h"
#include "vigil-dossier-view.h"

G_BEGIN_DECLS

#define VIGIL_TYPE_RESEARCH_PAGE (vigil_research_page_get_type ())
G_DECLARE_FINAL_TYPE (VigilResearchPage, vigil_research_page, VIGIL, RESEARCH_PAGE, AdwBin)

/* Property "service". Action "research-page.new" (Ctrl+Shift+N) asks for
 * the candidate's reference, the purpose and the language. Applies the
 * retention rules when the service is set and every hour. */
void              vigil_research_page_set_service (VigilResearchPage   *self,
                                                   VigilDossierService *service);
VigilDossierView *vigil_research_page_get_view    (VigilResearchPage   *self);
void              vigil_research_page_select      (VigilResearchPage   *self,
                                                   VigilDossier        *dossier);

G_END_DECLS

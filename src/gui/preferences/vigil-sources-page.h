/* vigil-sources-page.h: the Sources page of the preferences
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "vigil-source-manager.h"

G_BEGIN_DECLS

#define VIGIL_TYPE_SOURCES_PAGE (vigil_sources_page_get_type ())
G_DECLARE_FINAL_TYPE (VigilSourcesPage, vigil_sources_page, VIGIL, SOURCES_PAGE, AdwPreferencesPage)

GtkWidget        *vigil_sources_page_new                (VigilSourceManager *manager);
void              vigil_sources_page_set_manager        (VigilSourcesPage   *self,
                                                         VigilSourceManager *manager);

/* Opens the Add (source NULL) or Edit page; returns the editor. */
GtkWidget        *vigil_sources_page_open_editor        (VigilSourcesPage   *self,
                                                         VigilSource        *source);
/* Asks whether to remove source; returns the dialog. */
AdwMessageDialog *vigil_sources_page_confirm_remove     (VigilSourcesPage   *self,
                                                         VigilSource        *source);

/* Adds every feed of an OPML file (skipping those already there or not
 * valid) and says how many in a toast; returns how many were added. */
guint             vigil_sources_page_import_opml        (VigilSourcesPage   *self,
                                                         GFile              *file);
/* Writes the feed sources as OPML; FALSE (and a toast) on failure. */
gboolean          vigil_sources_page_export_opml        (VigilSourcesPage   *self,
                                                         GFile              *file);

/* For tests. */
GtkListBox       *vigil_sources_page_get_list           (VigilSourcesPage   *self);
GtkWidget        *vigil_sources_page_get_editor         (VigilSourcesPage   *self);

G_END_DECLS

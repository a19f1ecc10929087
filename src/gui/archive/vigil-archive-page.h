/* vigil-archive-page.h: what the archive holds; verify it, export it
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "vigil-context.h"

G_BEGIN_DECLS

#define VIGIL_TYPE_ARCHIVE_PAGE (vigil_archive_page_get_type ())
G_DECLARE_FINAL_TYPE (VigilArchivePage, vigil_archive_page, VIGIL, ARCHIVE_PAGE, AdwBin)

/* The page searches the store; with a context (property "context") it
 * also logs access as the context's actor, offers its watches as a
 * filter and applies the retention policy (GSettings retention-days) at
 * startup and daily. set_context sets the store too. */
VigilStore   *vigil_archive_page_get_store   (VigilArchivePage *self);
void          vigil_archive_page_set_store   (VigilArchivePage *self,
                                              VigilStore       *store);
VigilContext *vigil_archive_page_get_context (VigilArchivePage *self);
void          vigil_archive_page_set_context (VigilArchivePage *self,
                                              VigilContext     *context);

G_END_DECLS

/* vigil-archive-page.h: what the archive holds; verify it, export it
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "vigil-store.h"

G_BEGIN_DECLS

#define VIGIL_TYPE_ARCHIVE_PAGE (vigil_archive_page_get_type ())
G_DECLARE_FINAL_TYPE (VigilArchivePage, vigil_archive_page, VIGIL, ARCHIVE_PAGE, AdwBin)

VigilStore *vigil_archive_page_get_store (VigilArchivePage *self);
void        vigil_archive_page_set_store (VigilArchivePage *self,
                                          VigilStore       *store);

G_END_DECLS

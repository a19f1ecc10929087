/* vigil-dossier-export.h: a release as PDF (cairo + pango) or plain text
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "vigil-dossier.h"

G_BEGIN_DECLS

/* format "pdf" or "text". Writes a temp file beside path and renames it;
 * *sha256 (optional) = the file's hash, for the audit. */
gboolean vigil_dossier_export_write (VigilDossier              *dossier,
                                     const VigilDossierRelease *release,
                                     const char                *format,
                                     const char                *path,
                                     char                     **sha256,
                                     GError                   **error);
/* The header lines every export starts with. */
char    *vigil_dossier_export_header (VigilDossier              *dossier,
                                      const VigilDossierRelease *release);

G_END_DECLS

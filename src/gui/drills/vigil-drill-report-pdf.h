/* vigil-drill-report-pdf.h: a drill report as a PDF (cairo + Pango)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "vigil-drill-report.h"

G_BEGIN_DECLS

/* Writes an A4 PDF to path (a temporary file renamed into place). */
gboolean vigil_drill_report_write_pdf (VigilDrillReport  *report,
                                       const char        *path,
                                       GError           **error);

G_END_DECLS

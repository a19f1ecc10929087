/* vigil-exporter.h: writes posts as CSV, JSON or XML
 *
 * The formats are documented in docs/export-formats.md.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "vigil-post.h"

G_BEGIN_DECLS

typedef enum
{
  VIGIL_EXPORT_FORMAT_CSV,
  VIGIL_EXPORT_FORMAT_JSON,
  VIGIL_EXPORT_FORMAT_XML,
} VigilExportFormat;

gboolean    vigil_export_format_from_string (const char        *name,
                                             VigilExportFormat *format);
const char *vigil_export_format_extension   (VigilExportFormat  format);

#define VIGIL_TYPE_EXPORTER (vigil_exporter_get_type ())
G_DECLARE_FINAL_TYPE (VigilExporter, vigil_exporter, VIGIL, EXPORTER, GObject)

/* Writes to stream (not closed by the exporter). description is recorded in
 * the JSON/XML header (e.g. the search that produced the export; may be NULL). */
VigilExporter *vigil_exporter_new        (GOutputStream      *stream,
                                          VigilExportFormat   format,
                                          const char         *description);
gboolean       vigil_exporter_add        (VigilExporter      *self,
                                          VigilPost          *post,
                                          GError            **error);
/* Writes the trailer; the export is complete only when this returns TRUE. */
gboolean       vigil_exporter_finish     (VigilExporter      *self,
                                          GError            **error);
guint64        vigil_exporter_get_count  (VigilExporter      *self);

G_END_DECLS

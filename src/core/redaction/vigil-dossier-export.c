/* vigil-dossier-export.c: writes releases for the selection team
 *
 * Only the release's own text goes in (it was built from the kept spans
 * when it was released), with the candidate reference, the purpose, the
 * release number and date, and the footer "Redacted for fair selection".
 * The PDF's metadata says no more than its first lines.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "vigil-dossier-export"

#include "config.h"

#include <errno.h>
#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>
#include <cairo.h>
#include <cairo-pdf.h>
#include <pango/pangocairo.h>

#include "vigil-dossier-export.h"

#define PAGE_W  595.0   /* A4, points */
#define PAGE_H  842.0
#define MARGIN  56.0
#define FOOTER  N_("Redacted for fair selection")

char *
vigil_dossier_export_header (VigilDossier              *dossier,
                             const VigilDossierRelease *release)
{
  g_autoptr(GDateTime) dt = g_date_time_new_from_unix_utc (release->at_us / G_USEC_PER_SEC);
  g_autofree char *date = dt ? g_date_time_format (dt, "%Y-%m-%d %H:%M UTC") : g_strdup ("?");

  return g_strdup_printf (_("Candidate research — release %u\n"
                            "Candidate reference: %s\n"
                            "Purpose: %s\n"
                            "Release: %u, %s, by %s\n"),
                          release->number, vigil_dossier_get_candidate (dossier),
                          vigil_dossier_get_purpose (dossier), release->number, date, release->actor);
}

static cairo_status_t
write_to_stream (void                *closure,
                 const unsigned char *data,
                 unsigned int         length)
{
  GOutputStream *out = closure;

  return g_output_stream_write_all (out, data, length, NULL, NULL, NULL)
         ? CAIRO_STATUS_SUCCESS : CAIRO_STATUS_WRITE_ERROR;
}

static void
draw_footer (cairo_t *cr,
             guint    page)
{
  PangoLayout *layout = pango_cairo_create_layout (cr);
  PangoFontDescription *font = pango_font_description_from_string ("Sans 8");
  g_autofree char *text = g_strdup_printf (_("%s · page %u"), _(FOOTER), page);

  pango_layout_set_font_description (layout, font);
  pango_layout_set_text (layout, text, -1);
  cairo_move_to (cr, MARGIN, PAGE_H - MARGIN + 16);
  pango_cairo_show_layout (cr, layout);
  pango_font_description_free (font);
  g_object_unref (layout);
}

static gboolean
write_pdf (VigilDossier              *dossier,
           const VigilDossierRelease *release,
           GOutputStream             *out,
           GError                   **error)
{
  g_autofree char *header = vigil_dossier_export_header (dossier, release);
  g_autofree char *title = g_strdup_printf (_("Candidate %s — release %u"),
                                            vigil_dossier_get_candidate (dossier), release->number);
  g_autofree char *body = g_strconcat (header, "\n", release->text, NULL);
  cairo_surface_t *surface = cairo_pdf_surface_create_for_stream (write_to_stream, out, PAGE_W, PAGE_H);
  cairo_t *cr = cairo_create (surface);
  PangoLayout *layout = pango_cairo_create_layout (cr);
  PangoFontDescription *font = pango_font_description_from_string ("Sans 10");
  PangoLayoutIter *iter;
  double y0 = 0;        /* layout y of the current page's top */
  guint page = 1;
  cairo_status_t status;

  cairo_pdf_surface_set_metadata (surface, CAIRO_PDF_METADATA_TITLE, title);
  cairo_pdf_surface_set_metadata (surface, CAIRO_PDF_METADATA_SUBJECT, _(FOOTER));
  cairo_pdf_surface_set_metadata (surface, CAIRO_PDF_METADATA_CREATOR, "Vigil");

  pango_layout_set_font_description (layout, font);
  pango_layout_set_width (layout, (int) ((PAGE_W - 2 * MARGIN) * PANGO_SCALE));
  pango_layout_set_wrap (layout, PANGO_WRAP_WORD_CHAR);
  pango_layout_set_text (layout, body, -1);

  iter = pango_layout_get_iter (layout);
  do
    {
      PangoRectangle logical;
      PangoLayoutLine *line = pango_layout_iter_get_line_readonly (iter);
      int baseline = pango_layout_iter_get_baseline (iter);
      double top, y;

      pango_layout_iter_get_line_extents (iter, NULL, &logical);
      top = (double) logical.y / PANGO_SCALE;
      if (top + (double) logical.height / PANGO_SCALE - y0 > PAGE_H - 2 * MARGIN)
        {
          draw_footer (cr, page++);
          cairo_show_page (cr);
          y0 = top;
        }
      y = MARGIN + (double) baseline / PANGO_SCALE - y0;
      cairo_move_to (cr, MARGIN + (double) logical.x / PANGO_SCALE, y);
      pango_cairo_show_layout_line (cr, line);
    }
  while (pango_layout_iter_next_line (iter));
  pango_layout_iter_free (iter);
  draw_footer (cr, page);
  cairo_show_page (cr);

  pango_font_description_free (font);
  g_object_unref (layout);
  cairo_destroy (cr);
  cairo_surface_finish (surface);
  status = cairo_surface_status (surface);
  cairo_surface_destroy (surface);
  if (status != CAIRO_STATUS_SUCCESS)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED,
                   _("could not write the PDF: %s"), cairo_status_to_string (status));
      return FALSE;
    }
  return TRUE;
}

gboolean
vigil_dossier_export_write (VigilDossier              *dossier,
                            const VigilDossierRelease *release,
                            const char                *format,
                            const char                *path,
                            char                     **sha256,
                            GError                   **error)
{
  g_autoptr(GFile) file = NULL;
  g_autoptr(GFileOutputStream) fout = NULL;
  g_autoptr(GOutputStream) mem = NULL;
  g_autoptr(GBytes) bytes = NULL;
  gboolean pdf;

  g_return_val_if_fail (VIGIL_IS_DOSSIER (dossier) && release && path, FALSE);

  pdf = g_strcmp0 (format, "pdf") == 0;
  if (!pdf && g_strcmp0 (format, "text") != 0)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                   _("“%s” is not an export format (use pdf or text)"), format ? format : "");
      return FALSE;
    }

  mem = g_memory_output_stream_new_resizable ();
  if (pdf)
    {
      if (!write_pdf (dossier, release, mem, error))
        return FALSE;
    }
  else
    {
      g_autofree char *header = vigil_dossier_export_header (dossier, release);
      g_autofree char *text = g_strdup_printf ("%s\n%s\n\n— %s —\n", header, release->text, _(FOOTER));

      if (!g_output_stream_write_all (mem, text, strlen (text), NULL, NULL, error))
        return FALSE;
    }
  if (!g_output_stream_close (mem, NULL, error))
    return FALSE;
  bytes = g_memory_output_stream_steal_as_bytes (G_MEMORY_OUTPUT_STREAM (mem));

  /* g_file_replace writes a temp file and renames it over path on close. */
  file = g_file_new_for_path (path);
  if (!g_file_replace_contents (file, g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes),
                                NULL, FALSE, G_FILE_CREATE_PRIVATE, NULL, NULL, error))
    return FALSE;
  if (sha256)
    *sha256 = g_compute_checksum_for_bytes (G_CHECKSUM_SHA256, bytes);
  return TRUE;
}

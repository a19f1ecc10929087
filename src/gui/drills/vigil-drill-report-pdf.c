/* vigil-drill-report-pdf.c: a drill report as a PDF (cairo + Pango)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "vigil-drill-report-pdf"

#include "config.h"

#include <errno.h>

#include <glib/gi18n.h>
#include <glib/gstdio.h>
#include <cairo-pdf.h>
#include <pango/pangocairo.h>

#include "vigil-drill-report-pdf.h"

#define PAGE_W 595.0   /* A4, points */
#define PAGE_H 842.0
#define MARGIN 48.0

typedef struct
{
  cairo_t *cr;
  double   y;
} Writer;

/* Draws markup at the current line, wrapping; starts a new page when full. */
static void
put (Writer     *w,
     const char *markup,
     double      size,
     double      space_after)
{
  PangoLayout *layout = pango_cairo_create_layout (w->cr);
  g_autoptr(PangoFontDescription) font = pango_font_description_from_string ("Sans");
  int width, height;

  pango_font_description_set_absolute_size (font, size * PANGO_SCALE);
  pango_layout_set_font_description (layout, font);
  pango_layout_set_width (layout, (int) ((PAGE_W - 2 * MARGIN) * PANGO_SCALE));
  pango_layout_set_wrap (layout, PANGO_WRAP_WORD_CHAR);
  pango_layout_set_markup (layout, markup, -1);
  pango_layout_get_size (layout, &width, &height);
  if (w->y + height / (double) PANGO_SCALE > PAGE_H - MARGIN)
    {
      cairo_show_page (w->cr);
      w->y = MARGIN;
    }
  cairo_move_to (w->cr, MARGIN, w->y);
  pango_cairo_show_layout (w->cr, layout);
  w->y += height / (double) PANGO_SCALE + space_after;
  g_object_unref (layout);
}

static char *
seconds (double s)
{
  if (s < 0)
    return g_strdup ("—");
  if (s < 120)
    return g_strdup_printf (_("%.0f s"), s);
  return g_strdup_printf (_("%.1f min"), s / 60);
}

gboolean
vigil_drill_report_write_pdf (VigilDrillReport  *report,
                              const char        *path,
                              GError           **error)
{
  JsonObject *root = vigil_drill_report_get_object (report);
  g_autofree char *tmp = g_strconcat (path, ".part", NULL);
  cairo_surface_t *surface = cairo_pdf_surface_create (tmp, PAGE_W, PAGE_H);
  cairo_status_t status;
  Writer w = { cairo_create (surface), MARGIN };
  g_autofree char *title = g_markup_printf_escaped ("<span weight='bold' foreground='#9c6e03'>%s</span>  <b>%s</b>",
                                                    _("DRILL"), vigil_drill_report_get_title (report));
  g_autofree char *meta = g_markup_printf_escaped (_("Run %s · %s"), vigil_drill_report_get_run_id (report),
                                                   json_object_get_string_member_with_default (root, "started_at", ""));
  g_autofree char *score = g_strdup_printf (_("<b>Score: %d/100</b>"), vigil_drill_report_get_score (report));
  g_autofree char *t1 = seconds (vigil_drill_report_get_summary (report, "median_time_to_triage"));
  g_autofree char *t2 = seconds (vigil_drill_report_get_summary (report, "median_time_to_response"));
  g_autofree char *summary = g_markup_printf_escaped (
    _("Posts triaged: %.0f of %.0f · right role: %.0f · answered: %.0f of %.0f · SLA breaches: %.0f\n"
      "Median time to triage: %s · median time to first response: %s · templates used: %.0f"),
    vigil_drill_report_get_summary (report, "n_triaged"), vigil_drill_report_get_summary (report, "n_posts"),
    vigil_drill_report_get_summary (report, "role_correct"), vigil_drill_report_get_summary (report, "n_responded"),
    vigil_drill_report_get_summary (report, "n_expected_responses"), vigil_drill_report_get_summary (report, "sla_breaches"),
    t1, t2, vigil_drill_report_get_summary (report, "templates_used"));

  put (&w, title, 20, 4);
  put (&w, meta, 10, 12);
  put (&w, score, 16, 8);
  put (&w, summary, 10, 16);
  for (guint i = 0; i < vigil_drill_report_get_n_rows (report); i++)
    {
      JsonObject *row = vigil_drill_report_get_row (report, i);
      const char *role = json_object_get_string_member_with_default (row, "role", NULL);
      gboolean ok = json_object_get_boolean_member_with_default (row, "role_ok", FALSE) &&
                    !json_object_get_boolean_member_with_default (row, "triage_breach", FALSE) &&
                    !json_object_get_boolean_member_with_default (row, "response_breach", FALSE);
      g_autofree char *a = seconds (json_object_get_double_member_with_default (row, "time_to_triage", -1));
      g_autofree char *b = json_object_get_boolean_member_with_default (row, "expects_response", TRUE)
                           ? seconds (json_object_get_double_member_with_default (row, "time_to_response", -1))
                           : g_strdup (_("not needed"));
      g_autofree char *line = g_markup_printf_escaped (
        _("<span foreground='%s'>%s</span> <b>%s</b> (%s): %s\n<small>role %s, expected %s · triage %s · response %s</small>"),
        ok ? "#26a269" : "#c01c28", ok ? "✔" : "✘",
        json_object_get_string_member_with_default (row, "author", ""),
        json_object_get_string_member_with_default (row, "persona", ""),
        json_object_get_string_member_with_default (row, "text", ""),
        role ? role : _("none"), json_object_get_string_member_with_default (row, "expected_role", ""), a, b);

      put (&w, line, 10, 6);
    }
  cairo_show_page (w.cr);
  cairo_destroy (w.cr);
  cairo_surface_finish (surface);
  status = cairo_surface_status (surface);
  cairo_surface_destroy (surface);
  if (status != CAIRO_STATUS_SUCCESS)
    {
      g_unlink (tmp);
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED, _("Could not write %s: %s"), path,
                   cairo_status_to_string (status));
      return FALSE;
    }
  if (g_rename (tmp, path) != 0)
    {
      int saved = errno;
      g_unlink (tmp);
      g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved), _("Could not write %s: %s"), path,
                   g_strerror (saved));
      return FALSE;
    }
  return TRUE;
}

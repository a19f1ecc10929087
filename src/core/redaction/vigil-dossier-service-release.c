/* vigil-dossier-service-release.c: previews, releases, exports, the audit
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "vigil-dossier-service"

#include "config.h"

#include <string.h>
#include <glib/gi18n-lib.h>

#include "vigil-dossier-export.h"
#include "vigil-dossier-service-private.h"

/* The redacted text of one item: built from the kept characters only. */
static char *
redact_item (const char             *text,
             const VigilDossierItem *item)
{
  g_autoptr(GArray) spans = g_array_new (FALSE, FALSE, sizeof (VigilRedactionSpan));
  glong n_chars = g_utf8_strlen (text, -1);

  for (guint i = 0; i < item->spans->len; i++)
    {
      const VigilDossierSpan *sp = &g_array_index (item->spans, VigilDossierSpan, i);
      VigilRedactionSpan rs = { 0, };

      if (sp->state != VIGIL_SUGGESTION_ACCEPTED || sp->end > (guint) n_chars)
        continue;
      rs.start = sp->start;
      rs.end = sp->end;
      rs.byte_start = g_utf8_offset_to_pointer (text, sp->start) - text;
      rs.byte_end = g_utf8_offset_to_pointer (text, sp->end) - text;
      g_array_append_val (spans, rs);
    }
  /* Manual spans may overlap suggestions: order by start. */
  {
    guint n = spans->len;
    VigilRedactionSpan *v = (VigilRedactionSpan *) spans->data;
    for (guint i = 1; i < n; i++)
      for (guint j = i; j > 0 && v[j - 1].byte_start > v[j].byte_start; j--)
        {
          VigilRedactionSpan t = v[j];
          v[j] = v[j - 1];
          v[j - 1] = t;
        }
  }
  return vigil_redaction_apply (text, (VigilRedactionSpan *) spans->data, spans->len);
}

char *
vigil_dossier_service_preview (VigilDossierService  *self,
                               VigilDossier         *dossier,
                               GError              **error)
{
  GString *out = g_string_new (NULL);

  for (guint i = 1; i <= vigil_dossier_get_n_items (dossier); i++)
    {
      const VigilDossierItem *item = vigil_dossier_get_item (dossier, i);
      g_autofree char *text = NULL;
      g_autofree char *redacted = NULL;

      if (i > 1)
        g_string_append (out, "\n\n");
      if (*item->platform)
        g_string_append_printf (out, _("Item %u · %s"), i, item->platform);
      else
        g_string_append_printf (out, _("Item %u"), i);
      g_string_append_c (out, '\n');
      if (!item->has_text)
        {
          g_string_append (out, _(IMAGE_WITHHELD));
          continue;
        }
      if (!(text = vigil_dossier_service_get_item_text (self, dossier, i, NULL, error)))
        {
          g_string_free (out, TRUE);
          return NULL;
        }
      redacted = g_strchomp (redact_item (text, item));
      if (g_str_equal (item->kind, "image"))
        g_string_append_printf (out, _("Image (withheld), described: %s"), redacted);
      else
        g_string_append (out, redacted);
    }
  return g_string_free (out, FALSE);
}

const VigilDossierRelease *
vigil_dossier_service_release (VigilDossierService  *self,
                               VigilDossier         *dossier,
                               GError              **error)
{
  g_autoptr(JsonBuilder) b = NULL;
  g_autofree char *text = NULL;
  g_autofree char *sha = NULL;
  guint pending = vigil_dossier_get_n_pending (dossier);
  guint number;

  if (pending > 0)
    {
      g_set_error (error, VIGIL_DOSSIER_ERROR, VIGIL_DOSSIER_ERROR_PENDING,
                   g_dngettext (GETTEXT_PACKAGE, "%u suggestion is still pending: accept or reject it first.",
                                "%u suggestions are still pending: accept or reject them first.", pending),
                   pending);
      return NULL;
    }
  if (vigil_dossier_get_n_items (dossier) == 0)
    {
      g_set_error (error, VIGIL_DOSSIER_ERROR, VIGIL_DOSSIER_ERROR_INVALID,
                   _("The dossier has no items to release."));
      return NULL;
    }
  if (!(text = vigil_dossier_service_preview (self, dossier, error)))
    return NULL;
  sha = g_compute_checksum_for_string (G_CHECKSUM_SHA256, text, -1);
  number = vigil_dossier_get_n_releases (dossier) + 1;
  b = _vigil_dossier_begin_event (dossier, "released");
  _vigil_dossier_add_int (b, "release", number);
  _vigil_dossier_add_str (b, "text", text);
  _vigil_dossier_add_str (b, "sha256", sha);
  if (!_vigil_dossier_append (self, vigil_dossier_get_id (dossier), dossier, b, error))
    return NULL;
  return vigil_dossier_get_release (dossier, number);
}

gboolean
vigil_dossier_service_export_release (VigilDossierService  *self,
                                      VigilDossier         *dossier,
                                      guint                 number,
                                      const char           *format,
                                      const char           *path,
                                      GError              **error)
{
  const VigilDossierRelease *release = vigil_dossier_get_release (dossier, number);
  g_autoptr(JsonBuilder) b = NULL;
  g_autofree char *sha = NULL;

  if (!release)
    {
      g_set_error (error, VIGIL_DOSSIER_ERROR, VIGIL_DOSSIER_ERROR_INVALID,
                   _("The dossier has no release %u."), number);
      return FALSE;
    }
  if (!vigil_dossier_export_write (dossier, release, format, path, &sha, error))
    return FALSE;
  b = _vigil_dossier_begin_event (dossier, "exported");
  _vigil_dossier_add_int (b, "release", number);
  _vigil_dossier_add_str (b, "format", format);
  _vigil_dossier_add_str (b, "sha256", sha);
  return _vigil_dossier_append (self, vigil_dossier_get_id (dossier), dossier, b, error);
}

char *
vigil_dossier_service_format_audit (VigilDossierService *self,
                                    VigilDossier        *dossier)
{
  GPtrArray *audit = vigil_dossier_get_audit (dossier);
  GString *s = g_string_new (NULL);
  g_autoptr(GError) error = NULL;
  guint broken = 0;

  g_string_append_printf (s, _("Audit of dossier %s (candidate %s)\n"),
                          vigil_dossier_get_id (dossier), vigil_dossier_get_candidate (dossier));
  for (guint i = 0; i < audit->len; i++)
    {
      g_autofree char *line = vigil_dossier_format_audit_entry (audit->pdata[i]);
      g_string_append_printf (s, "%3u  %s\n", i + 1, line);
    }
  if (vigil_dossier_verify_audit (audit, &broken, &error))
    g_string_append_printf (s, _("Hash chain intact: %u entries.\n"), audit->len);
  else
    g_string_append_printf (s, "%s\n", error->message);
  return g_string_free (s, FALSE);
}

/* vigil-dossier-service.h: HR-safe candidate research dossiers
 *
 * A service of VigilContext, and a GListModel of VigilDossier (oldest
 * first). All state is in the store's journal (records of kind "dossier",
 * one key per dossier, hash-chained, each one an audit entry with actor,
 * time and category; never the removed text). The originals (texts, image
 * descriptions, images, source URLs) are blobs encrypted with a per-dossier
 * key kept in the credential store (the Secret Service), so that a copy of
 * the database alone reveals nothing, and retention can really delete them.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "vigil-context.h"
#include "vigil-dossier.h"

G_BEGIN_DECLS

#define VIGIL_DOSSIER_ERROR (vigil_dossier_error_quark ())
GQuark vigil_dossier_error_quark (void);

typedef enum
{
  VIGIL_DOSSIER_ERROR_NO_KEY,     /* the originals' key is not in this keyring */
  VIGIL_DOSSIER_ERROR_DELETED,    /* retention deleted the originals */
  VIGIL_DOSSIER_ERROR_PENDING,    /* suggestions are still pending */
  VIGIL_DOSSIER_ERROR_INVALID,    /* a bad argument (empty text, span out of range…) */
} VigilDossierError;

/* The retention period (6 months) and the reminder before it (14 days). */
#define VIGIL_DOSSIER_RETENTION_US  (G_GINT64_CONSTANT (183) * 24 * 3600 * G_USEC_PER_SEC)
#define VIGIL_DOSSIER_REMINDER_US   (G_GINT64_CONSTANT (14) * 24 * 3600 * G_USEC_PER_SEC)
#define VIGIL_DOSSIER_MAX_TEXT_BYTES (1024 * 1024)
#define VIGIL_DOSSIER_MAX_IMAGE_BYTES (20 * 1024 * 1024)

/* What the credential store calls the dossier keys (account = dossier id). */
#define VIGIL_DOSSIER_KEY_SERVICE "io.github.vigilapp.Vigil.dossier"

#define VIGIL_TYPE_DOSSIER_SERVICE (vigil_dossier_service_get_type ())
G_DECLARE_FINAL_TYPE (VigilDossierService, vigil_dossier_service, VIGIL, DOSSIER_SERVICE, GObject)

VigilDossierService *vigil_dossier_service_get        (VigilContext        *context);
VigilDossier        *vigil_dossier_service_lookup     (VigilDossierService *self,
                                                       const char          *id);
VigilContext        *vigil_dossier_service_get_context (VigilDossierService *self);

/* Creates the key (in the credential store), then the dossier. categories
 * 0 = the nine protected characteristics. */
void          vigil_dossier_service_create_async      (VigilDossierService *self,
                                                       const char          *candidate,
                                                       const char          *purpose,
                                                       const char          *locale,
                                                       guint                categories,
                                                       GCancellable        *cancellable,
                                                       GAsyncReadyCallback  callback,
                                                       gpointer             user_data);
VigilDossier *vigil_dossier_service_create_finish     (VigilDossierService *self,
                                                       GAsyncResult        *result,
                                                       GError             **error);
/* Fetches the dossier's key from the credential store, so that its
 * originals can be read and items added. VIGIL_DOSSIER_ERROR_NO_KEY says
 * why when it isn't there. */
void          vigil_dossier_service_unlock_async      (VigilDossierService *self,
                                                       VigilDossier        *dossier,
                                                       GCancellable        *cancellable,
                                                       GAsyncReadyCallback  callback,
                                                       gpointer             user_data);
gboolean      vigil_dossier_service_unlock_finish     (VigilDossierService *self,
                                                       GAsyncResult        *result,
                                                       GError             **error);
gboolean      vigil_dossier_service_is_unlocked       (VigilDossierService *self,
                                                       VigilDossier        *dossier);
/* Forgets the key held in memory (tests; "lock" in the app). */
void          vigil_dossier_service_lock              (VigilDossierService *self,
                                                       VigilDossier        *dossier);

/* kind: "text" (pasted), "file" or "archive" (a captured post). The text
 * is detected with the dossier's locale and categories. */
gboolean      vigil_dossier_service_add_text          (VigilDossierService *self,
                                                       VigilDossier        *dossier,
                                                       const char          *kind,
                                                       const char          *platform,
                                                       const char          *url,
                                                       const char          *text,
                                                       GError             **error);
/* An image, withheld from selectors; description may be NULL. */
gboolean      vigil_dossier_service_add_image         (VigilDossierService *self,
                                                       VigilDossier        *dossier,
                                                       GBytes              *image,
                                                       const char          *description,
                                                       GError             **error);
gboolean      vigil_dossier_service_describe_image    (VigilDossierService *self,
                                                       VigilDossier        *dossier,
                                                       guint                item,
                                                       const char          *description,
                                                       GError             **error);
/* The item's original text (decrypted; the app shows it to the
 * researcher only). *url (optional) gets the source URL. */
char         *vigil_dossier_service_get_item_text     (VigilDossierService *self,
                                                       VigilDossier        *dossier,
                                                       guint                item,
                                                       char               **url,
                                                       GError             **error);
gboolean      vigil_dossier_service_decide            (VigilDossierService *self,
                                                       VigilDossier        *dossier,
                                                       guint                item,
                                                       guint                span,
                                                       gboolean             accept,
                                                       GError             **error);
/* Accepts every pending suggestion of the dossier; returns how many. */
guint         vigil_dossier_service_accept_all        (VigilDossierService *self,
                                                       VigilDossier        *dossier,
                                                       GError             **error);
/* A span the researcher marked (characters into the item's text). */
gboolean      vigil_dossier_service_add_manual_span   (VigilDossierService *self,
                                                       VigilDossier        *dossier,
                                                       guint                item,
                                                       guint                start,
                                                       guint                end,
                                                       GError             **error);
/* The text a release would have now (accepted and manual spans removed). */
char         *vigil_dossier_service_preview           (VigilDossierService *self,
                                                       VigilDossier        *dossier,
                                                       GError             **error);
/* The next numbered, immutable release; fails with
 * VIGIL_DOSSIER_ERROR_PENDING while a suggestion is pending. */
const VigilDossierRelease *vigil_dossier_service_release (VigilDossierService *self,
                                                       VigilDossier        *dossier,
                                                       GError             **error);
/* Writes a release as "pdf" or "text" to path (temp file + rename) and
 * records the export in the audit. */
gboolean      vigil_dossier_service_export_release    (VigilDossierService *self,
                                                       VigilDossier        *dossier,
                                                       guint                release,
                                                       const char          *format,
                                                       const char          *path,
                                                       GError             **error);
/* The audit as text (one line per entry), for HR. */
char         *vigil_dossier_service_format_audit      (VigilDossierService *self,
                                                       VigilDossier        *dossier);

/* Reminds (one audit entry) for dossiers within VIGIL_DOSSIER_REMINDER_US
 * of their retention date, and deletes the originals (blobs and key) of
 * those past it. Returns how many dossiers' originals it deleted. */
guint         vigil_dossier_service_apply_retention   (VigilDossierService *self,
                                                       GError             **error);
/* Dossiers whose reminder is due and originals not deleted yet. */
GPtrArray    *vigil_dossier_service_list_due          (VigilDossierService *self);

G_END_DECLS

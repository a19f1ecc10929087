/* vigil-template-library.h: the crisis template library, kept in the store's journal
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "vigil-store.h"
#include "vigil-template.h"

G_BEGIN_DECLS

/* Journal records (see vigil-record.h):
 *   kind "template", key = template id:
 *     {"op": "save", "template": {…}}        a new revision (a draft)
 *     {"op": "approve", "revision": N}       approves revision N (the actor approves)
 *   kind "template-import", key = an import id ("default-pack" for the
 *     shipped pack, written once): {"source": "…", "templates": [{…}, …]}
 *     One record, so an import is all or nothing; each template whose
 *     content differs from its latest revision becomes a new revision.
 *   kind "template-approvers", key "default": {"people": ["alice", …]}
 *     who may approve; an empty list lets anyone approve.
 * A revision is never changed once written: editing saves a new one. */

#define VIGIL_TYPE_TEMPLATE_LIBRARY (vigil_template_library_get_type ())
G_DECLARE_FINAL_TYPE (VigilTemplateLibrary, vigil_template_library, VIGIL, TEMPLATE_LIBRARY, GObject)

/* The library is a GListModel of VigilTemplate: the latest revision of
 * each template, by scenario, kind and title. It follows the store's
 * "record-appended" signal, so other windows and processes show up.
 * Properties: "context" (construct-only, a VigilContext, not referenced),
 * or "store" (construct-only, referenced) without a context. */
VigilTemplateLibrary *vigil_template_library_new_for_store (VigilStore *store);

/* Replays the journal; the first time ever, imports the shipped pack as
 * drafts (one record, written once even with several processes). */
gboolean       vigil_template_library_load          (VigilTemplateLibrary *self,
                                                     GError              **error);
VigilStore    *vigil_template_library_get_store     (VigilTemplateLibrary *self);

/* The latest revision, or NULL. */
VigilTemplate *vigil_template_library_lookup        (VigilTemplateLibrary *self,
                                                     const char           *id);
/* Revision rev (≥ 1) of id, or NULL. */
VigilTemplate *vigil_template_library_get_revision  (VigilTemplateLibrary *self,
                                                     const char           *id,
                                                     gint64                rev);
/* Every revision of id, oldest first (VigilTemplate, owned by the array). */
GPtrArray     *vigil_template_library_get_history   (VigilTemplateLibrary *self,
                                                     const char           *id);
/* Templates matching the filters (see vigil_template_matches). */
GPtrArray     *vigil_template_library_filter        (VigilTemplateLibrary *self,
                                                     const char           *text,
                                                     const char           *scenario,
                                                     const char           *kind,
                                                     const char           *platform,
                                                     const char           *locale,
                                                     const char           *state);

/* Saves draft as a new revision of its id. base_revision is the revision
 * the editor started from (0 for a new template): when someone saved
 * another one meanwhile, fails with VIGIL_TEMPLATE_ERROR_CONFLICT. actor
 * NULL = the context's person. Returns the new revision (borrowed). */
VigilTemplate *vigil_template_library_save          (VigilTemplateLibrary *self,
                                                     VigilTemplate        *draft,
                                                     gint64                base_revision,
                                                     const char           *actor,
                                                     GError              **error);
/* Approves revision rev (0 = the latest) of id, which must be the latest
 * one and not approved yet; actor must be an approver when the list is
 * set. */
gboolean       vigil_template_library_approve       (VigilTemplateLibrary *self,
                                                     const char           *id,
                                                     gint64                rev,
                                                     const char           *actor,
                                                     GError              **error);
/* NULL-terminated; empty = anyone may approve. */
const char * const *vigil_template_library_get_approvers (VigilTemplateLibrary *self);
gboolean       vigil_template_library_set_approvers (VigilTemplateLibrary *self,
                                                     const char * const   *people,
                                                     const char           *actor,
                                                     GError              **error);

/* The organisation's values for variables ({brand}, {contact_url}…),
 * kind "template-defaults", key "default": {"values": {name: value}}.
 * set_default with value NULL or "" removes the name. */
GHashTable    *vigil_template_library_dup_defaults  (VigilTemplateLibrary *self);
gboolean       vigil_template_library_set_default   (VigilTemplateLibrary *self,
                                                     const char           *name,
                                                     const char           *value,
                                                     const char           *actor,
                                                     GError              **error);

/* Imports a pack (all or nothing). n_new: templates not in the library;
 * n_updated: new revisions of existing ones; unchanged ones are skipped. */
gboolean       vigil_template_library_import        (VigilTemplateLibrary *self,
                                                     GBytes               *pack,
                                                     const char           *source_name,
                                                     const char           *actor,
                                                     guint                *n_new,
                                                     guint                *n_updated,
                                                     GError              **error);
/* The latest revisions (state: NULL = all, "approved": only approved ones,
 * their approved revision) as pack text. */
char          *vigil_template_library_export        (VigilTemplateLibrary *self,
                                                     const char           *state);

/* The latest approved revision of id, or NULL. */
VigilTemplate *vigil_template_library_lookup_approved (VigilTemplateLibrary *self,
                                                       const char           *id);

G_END_DECLS

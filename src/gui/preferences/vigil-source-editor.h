/* vigil-source-editor.h: the Add Source / Edit Source page of the preferences
 *
 * Builds a SPEC from a type, an address and a hashtag or search terms,
 * checks it live with vigil_source_spec_parse (the error shows under the
 * rows, and Add stays disabled until it is valid), stores an optional
 * Mastodon token in the credential store, then adds or edits the source.
 * Emits "done" when it is finished (added, saved or cancelled).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "vigil-source-manager.h"

G_BEGIN_DECLS

typedef enum
{
  VIGIL_SOURCE_EDITOR_MASTODON_TIMELINE = 0,
  VIGIL_SOURCE_EDITOR_MASTODON_HASHTAG,
  VIGIL_SOURCE_EDITOR_MASTODON_SEARCH,
  VIGIL_SOURCE_EDITOR_JETSTREAM,
  VIGIL_SOURCE_EDITOR_FEED,
} VigilSourceEditorType;

#define VIGIL_TYPE_SOURCE_EDITOR (vigil_source_editor_get_type ())
G_DECLARE_FINAL_TYPE (VigilSourceEditor, vigil_source_editor, VIGIL, SOURCE_EDITOR, GtkBox)

/* source NULL: add a new one. */
GtkWidget  *vigil_source_editor_new         (VigilSourceManager     *manager,
                                             VigilSource            *source);
/* The SPEC the fields describe, or NULL while they are incomplete. */
char       *vigil_source_editor_build_spec  (VigilSourceEditor      *self);

/* For tests. */
void        vigil_source_editor_set_type    (VigilSourceEditor      *self,
                                             VigilSourceEditorType   type);
GtkEditable *vigil_source_editor_get_address  (VigilSourceEditor    *self);
GtkEditable *vigil_source_editor_get_argument (VigilSourceEditor    *self);
GtkEditable *vigil_source_editor_get_label    (VigilSourceEditor    *self);
GtkEditable *vigil_source_editor_get_account  (VigilSourceEditor    *self);
GtkEditable *vigil_source_editor_get_token    (VigilSourceEditor    *self);
/* The error shown, or NULL. */
const char *vigil_source_editor_get_error   (VigilSourceEditor      *self);

G_END_DECLS

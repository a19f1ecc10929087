/* vigil-dossier-view-private.h: shared by the view's files
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "vigil-dossier-view.h"

G_BEGIN_DECLS

struct _VigilDossierView
{
  AdwBin               parent_instance;

  VigilDossierService *service;
  VigilContext        *context;     /* keeps the service's owner alive */
  VigilDossier        *dossier;
  GSignalGroup        *dossier_signals;
  GCancellable        *cancellable;
  guint                item;        /* shown, from 1 */
  guint                current;     /* suggestion id, 0 = none */
  guint                release;     /* shown on the Releases tab */
  gboolean             unlocked;

  AdwToastOverlay     *toast_overlay;
  GtkRevealer         *key_revealer;
  GtkLabel            *key_label;
  GtkRevealer         *retention_revealer;
  GtkLabel            *retention_label;
  GtkLabel            *title_label;
  GtkLabel            *subtitle_label;
  GtkStack            *view_stack;
  GtkListBox          *items_list;
  GtkStack            *text_stack;
  GtkTextView         *text_view;
  AdwStatusPage       *locked_status;
  GtkLabel            *suggestion_label;
  GtkWidget           *release_button;
  GtkListBox          *releases_list;
  GtkTextView         *release_view;
  GtkTextView         *audit_view;
  GtkLabel            *chain_label;
};

/* vigil-dossier-view-actions.c */
void _vigil_dossier_view_class_init_actions (GtkWidgetClass   *widget_class);
/* vigil-dossier-view.c */
void _vigil_dossier_view_refresh            (VigilDossierView *self);
void _vigil_dossier_view_unlock             (VigilDossierView *self);
void _vigil_dossier_view_show_error         (VigilDossierView *self,
                                             const GError     *error);

G_END_DECLS

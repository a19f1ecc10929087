/* vigil-triage-page-private.h: shared by the page's files
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "vigil-triage-column.h"
#include "vigil-triage-page.h"

G_BEGIN_DECLS

struct _VigilTriagePage
{
  AdwBin              parent_instance;

  VigilCaseBoard     *board;
  GSettings          *settings;
  GPtrArray          *columns;      /* VigilTriageColumn, left to right */
  VigilTriageColumn  *current;
  gboolean            asked_identity;
  gboolean            updating_rule;
  guint               activate_id;

  AdwToastOverlay    *toast_overlay;
  GtkButton          *identity_button;
  AdwButtonContent   *identity_content;
  GtkCheckButton     *rule_watches;
  GtkCheckButton     *rule_risk;
  GtkCheckButton     *rule_negative;
  GtkCheckButton     *rule_flags;
  GtkStack           *main_stack;
  GtkScrolledWindow  *scroller;
  GtkBox             *columns_box;
};

/* vigil-triage-page-actions.c */
void _vigil_triage_page_install_actions (GtkWidgetClass    *widget_class);
/* Selects position in column (clamped), makes it current and scrolls to it. */
void _vigil_triage_page_select          (VigilTriagePage   *self,
                                         VigilTriageColumn *column,
                                         guint              position,
                                         gboolean           extend);
void _vigil_triage_page_open_case       (VigilTriagePage   *self,
                                         VigilCase         *kase);

G_END_DECLS

/* vigil-triage-column.h: one column of the triage board
 *
 * The inbox, a role (with its people), the escalated cases or the done
 * ones. A virtualised GtkListView over the board's model, cards dragged as
 * the VigilCase objects themselves (several at once as a GListStore), and
 * a drop target that assigns, escalates or resolves, refusing visibly
 * what the cases' states don't allow.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "vigil-case-board.h"

G_BEGIN_DECLS

typedef enum
{
  VIGIL_TRIAGE_COLUMN_INBOX,
  VIGIL_TRIAGE_COLUMN_ROLE,
  VIGIL_TRIAGE_COLUMN_ESCALATED,
  VIGIL_TRIAGE_COLUMN_DONE,
} VigilTriageColumnKind;

#define VIGIL_TYPE_TRIAGE_COLUMN (vigil_triage_column_get_type ())
G_DECLARE_FINAL_TYPE (VigilTriageColumn, vigil_triage_column, VIGIL, TRIAGE_COLUMN, GtkWidget)

/* role: for VIGIL_TRIAGE_COLUMN_ROLE only. Signal "failed" (const char
 * *message): a drop the board refused. Signal "activate" (VigilCase *): a
 * card was activated (double click). */
GtkWidget             *vigil_triage_column_new            (VigilCaseBoard        *board,
                                                           VigilTriageColumnKind  kind,
                                                           VigilTriageRole       *role);
VigilTriageColumnKind  vigil_triage_column_get_kind       (VigilTriageColumn     *self);
VigilTriageRole       *vigil_triage_column_get_role       (VigilTriageColumn     *self);
GtkListView           *vigil_triage_column_get_list_view  (VigilTriageColumn     *self);
GtkSelectionModel     *vigil_triage_column_get_selection  (VigilTriageColumn     *self);
/* An inactive column keeps its model and selection but no card widgets
 * (GTK 4.8's list view keeps up to 200 rows alive per list, so the page
 * activates only the columns in view). Columns start inactive. */
void                   vigil_triage_column_set_active     (VigilTriageColumn     *self,
                                                           gboolean               active);
gboolean               vigil_triage_column_get_active     (VigilTriageColumn     *self);
/* The list shows the first cases and grows by a page as it is scrolled
 * (or as the keyboard goes down): makes sure position is in it. */
void                   vigil_triage_column_reveal         (VigilTriageColumn     *self,
                                                           guint                  position);
/* The selected cases (borrowed pointers), in list order. */
GPtrArray             *vigil_triage_column_get_selected   (VigilTriageColumn     *self);
/* Whether dropping cases here is allowed now. */
gboolean               vigil_triage_column_accepts        (VigilTriageColumn     *self,
                                                           GPtrArray             *cases);
/* What a drop does: assign to the role (and person), escalate, resolve. */
gboolean               vigil_triage_column_drop_cases     (VigilTriageColumn     *self,
                                                           GPtrArray             *cases,
                                                           const char            *person,
                                                           GError               **error);
/* Cases from a drop's value: a VigilCase, or a GListModel of them. */
GPtrArray             *vigil_triage_column_cases_from_value (const GValue        *value);

G_END_DECLS

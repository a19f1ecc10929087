/* vigil-account-row.h: one account in the Accounts page's list
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "vigil-account.h"

G_BEGIN_DECLS

#define VIGIL_TYPE_ACCOUNT_ROW (vigil_account_row_get_type ())
G_DECLARE_FINAL_TYPE (VigilAccountRow, vigil_account_row, VIGIL, ACCOUNT_ROW, AdwActionRow)

GtkWidget    *vigil_account_row_new         (VigilAccount    *account);
VigilAccount *vigil_account_row_get_account (VigilAccountRow *self);
/* For tests: how many warning badges the row shows. */
guint         vigil_account_row_get_n_badges (VigilAccountRow *self);

G_END_DECLS

/* vigil-accounts-page.h: the Accounts page: the register, its warnings,
 * a banner when the keyring can't be used, and the recent use of
 * credentials
 *
 * Actions (on the page): accounts.add, accounts.recheck (look the
 * passwords up again), accounts.open (s: an account id).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "vigil-context.h"

G_BEGIN_DECLS

#define VIGIL_TYPE_ACCOUNTS_PAGE (vigil_accounts_page_get_type ())
G_DECLARE_FINAL_TYPE (VigilAccountsPage, vigil_accounts_page, VIGIL, ACCOUNTS_PAGE, AdwBin)

/* What the page shows (the context's account register). */
void        vigil_accounts_page_set_context  (VigilAccountsPage *self,
                                              VigilContext      *context);

/* For tests: "empty" or "list"; the list's rows; the banner's text
 * (NULL when hidden); the usage rows; the editor last opened. */
const char *vigil_accounts_page_get_state      (VigilAccountsPage *self);
GtkListBox *vigil_accounts_page_get_list       (VigilAccountsPage *self);
const char *vigil_accounts_page_get_banner     (VigilAccountsPage *self);
guint       vigil_accounts_page_get_n_usage    (VigilAccountsPage *self);
GtkWindow  *vigil_accounts_page_get_editor     (VigilAccountsPage *self);
/* Reloads the usage list (done when records arrive, too). */
void        vigil_accounts_page_refresh_usage  (VigilAccountsPage *self);

G_END_DECLS

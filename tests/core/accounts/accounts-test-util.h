/* accounts-test-util.h: waiting for an async call in the accounts tests
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

/* Pass on_done_cb with a Wait; wait_for iterates the default main context
 * until the call completes and returns its result (owned by the Wait). */
typedef struct
{
  GAsyncResult *result;
} Wait;

void          on_done_cb (GObject      *object,
                          GAsyncResult *result,
                          gpointer      user_data);
GAsyncResult *wait_for   (Wait         *wait);

G_END_DECLS

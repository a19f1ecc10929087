/* vigil-sqlite-store.h: the SQLite backend of VigilStore (the embedded default)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "vigil-store-backend.h"

G_BEGIN_DECLS

#define VIGIL_TYPE_SQLITE_STORE (vigil_sqlite_store_get_type ())
G_DECLARE_FINAL_TYPE (VigilSqliteStore, vigil_sqlite_store, VIGIL, SQLITE_STORE, VigilStore)

G_END_DECLS

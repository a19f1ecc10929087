/* vigil-pg-store.h: the PostgreSQL backend of VigilStore (team databases)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "vigil-store-backend.h"

G_BEGIN_DECLS

#define VIGIL_TYPE_PG_STORE (vigil_pg_store_get_type ())
G_DECLARE_FINAL_TYPE (VigilPgStore, vigil_pg_store, VIGIL, PG_STORE, VigilStore)

G_END_DECLS

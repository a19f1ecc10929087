/* vigil-pg-store-posts.c: the posts' vfuncs on PostgreSQL (skeleton)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "vigil-pg-store-posts"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "vigil-pg-store-private.h"

void
_vigil_pg_store_writer_free (gpointer post_writer)
{
}

void
_vigil_pg_store_class_init_posts (VigilStoreClass *store_class)
{
}

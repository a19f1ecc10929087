/* store-test-util.h: helpers shared by the store tests
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <sqlite3.h>

#include "vigil-store.h"

G_BEGIN_DECLS

/* A temporary folder holding one archive file, removed afterwards. */
typedef struct
{
  char *dir;
  char *path;
} TmpStore;

void        tmp_store_init  (TmpStore               *tmp);
void        tmp_store_clear (TmpStore               *tmp);
G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (TmpStore, tmp_store_clear)

VigilPost  *make_post       (VigilPlatform           platform,
                             const char             *remote_id,
                             const char             *author,
                             const char             *text,
                             int                     day);
VigilPost  *make_event      (VigilPlatform           platform,
                             const char             *remote_id,
                             VigilPostEvent          event,
                             const char             *text);
GPtrArray  *posts_new       (void);
void        insert_ok       (VigilStore             *store,
                             GPtrArray              *posts,
                             VigilStoreInsertResult *result);
void        insert_many     (VigilStore             *store,
                             const char             *prefix,
                             guint                   n);
VigilPost  *get_post        (VigilStore             *store,
                             gint64                  id);
GArray     *search          (VigilStore             *store,
                             const char             *text);
guint       search_count    (VigilStore             *store,
                             const char             *text);
sqlite3    *raw_open        (const char             *path);
void        raw_exec        (sqlite3                *db,
                             const char             *sql);
gint64      raw_int         (sqlite3                *db,
                             const char             *sql);

G_END_DECLS

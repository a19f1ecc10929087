/* store-test-util.h: helpers shared by the store tests
 *
 * One suite, two backends: meson runs each store test twice, once with
 * VIGIL_TEST_STORE_BACKEND=sqlite (the default) and once with
 * VIGIL_TEST_STORE_BACKEND=postgresql, where every store lives in a database
 * of its own on the server build-aux/test starts (tests/pg/pg-server). A
 * test opens its stores through store_test_new_uri() or TmpStore and never
 * names a backend; a test whose subject is SQLite itself (the file, its
 * triggers, user_version) is added with store_test_add_sqlite_only().
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <sqlite3.h>

#include "vigil-store.h"

G_BEGIN_DECLS

typedef enum
{
  STORE_TEST_SQLITE,
  STORE_TEST_POSTGRESQL,
} StoreTestBackend;

/* The backend under test, from VIGIL_TEST_STORE_BACKEND. */
StoreTestBackend store_test_backend     (void);
gboolean    store_test_is_pg            (void);
/* g_test_init (isolating XDG dirs when asked); on PostgreSQL without a server
 * (VIGIL_TEST_PG_URI unset) prints a TAP skip and exits. */
void        store_test_init             (int                    *argc,
                                         char                 ***argv,
                                         gboolean                isolate_dirs);
/* Where to open a fresh, empty store: ":memory:" on SQLite, a new database's
 * URI on PostgreSQL (dropped when the test program ends). */
const char *store_test_new_uri          (void);
/* A test run on both backends. */
void        store_test_add              (const char             *path,
                                         GTestFunc               func);
/* A test whose subject is SQLite itself; skipped on PostgreSQL. */
void        store_test_add_sqlite_only  (const char             *path,
                                         GTestFunc               func);

/* A store of its own that persists across opens: on SQLite a temporary
 * folder holding one archive file; on PostgreSQL a new database (dir NULL,
 * path its URI). Both removed afterwards. */
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
/* Raw SQL on the backend under test, as an attacker with the database
 * owner's rights would run it, triggers and all protections bypassed: on
 * SQLite after dropping the triggers named in sqlite_drop (may be NULL); on
 * PostgreSQL as the owner with session_replication_role = replica, which
 * fires no trigger. sql must be valid on both. */
void        raw_tamper      (const char             *path,
                             const char             *sqlite_drop,
                             const char             *sql);
/* The first column of the first row of sql, on either backend. */
gint64      raw_query_int   (const char             *path,
                             const char             *sql);

/* Raw SQLite, for the SQLite-only tests. */
sqlite3    *raw_open        (const char             *path);
void        raw_exec        (sqlite3                *db,
                             const char             *sql);
gint64      raw_int         (sqlite3                *db,
                             const char             *sql);

G_END_DECLS

/* vigil-store-schema.c: opening the SQLite file, and its forward migrations
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The schema version is PRAGMA user_version: migration N (1-based) takes the
 * file from version N-1 to N, in one transaction. A file whose version is
 * higher than the last migration was written by a newer Vigil and is refused
 * untouched. Append new steps at the end of migrations[]; never edit a step
 * that has shipped.
 *
 * Tables (times are microseconds since the Unix epoch, UTC, so they sort):
 *   posts       the archived posts, append-only, hash-chained
 *   events      edit/delete events, append-only, hash-chained (orphans too:
 *               events for posts never seen keep post_id NULL)
 *   chain_head  one row: how many rows the chain holds, the last hash
 *   post_state  DERIVED, mutable, outside the chain: the current
 *               deleted/edited flags and edited fields per (platform,
 *               remote_id), folded from events so reads need no scan
 *   posts_fts   DERIVED: contentless FTS5 index of the current text
 *   access_log  who read what, append-only
 *   cursors     where each source stopped, mutable, outside the chain
 * From format 2:
 *   annotations DERIVED, mutable, outside the chain: the classifier's
 *               annotations per post (recomputable by classifying the posts
 *               again) and the current sentiment override (recomputable
 *               from sentiment_overrides)
 *   sentiment_overrides  a person's sentiment decisions, append-only; the
 *               latest row of a post wins. Not in the hash chain: the chain
 *               orders posts and events by one seq and verify() walks
 *               exactly those two tables, so a third table would change the
 *               format of every existing chain; the triggers and the
 *               access log guard these rows instead.
 *   alerts      spike alerts, append-only: one row per start, update, end
 * From format 3:
 *   author_profiles  DERIVED, outside the chain: what the source said about
 *               the author with the post (following count, account creation
 *               time, avatar and bio present), one row per post that had
 *               any of it, written with the post. Recomputable from the
 *               chained raw payload; kept out of the chain so that the
 *               chain's format, and every archive written before, is
 *               unchanged. Append-only (triggers).
 * From format 6:
 *   posts_fts   keyed by date, not by post id (VIGIL_FTS_KEY_SQL)
 */
#define G_LOG_DOMAIN "vigil-store-schema"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "vigil-store-private.h"

#define APPEND_ONLY(table)                                                        \
  "CREATE TRIGGER " table "_no_update BEFORE UPDATE ON " table " BEGIN "          \
  "SELECT RAISE (ABORT, 'vigil archive is append-only'); END;"                    \
  "CREATE TRIGGER " table "_no_delete BEFORE DELETE ON " table " BEGIN "          \
  "SELECT RAISE (ABORT, 'vigil archive is append-only'); END;"

static const char * const migrations[] = {
  /* 1: the first archive layout */
  "PRAGMA application_id = 1447642956;"   /* VIGIL_STORE_APPLICATION_ID */
  "CREATE TABLE posts ("
  "  id          INTEGER PRIMARY KEY,"
  "  seq         INTEGER NOT NULL,"
  "  platform    TEXT NOT NULL,"
  "  remote_id   TEXT NOT NULL,"
  "  author      TEXT,"
  "  author_name TEXT,"
  "  followers   INTEGER,"
  "  url         TEXT,"
  "  text        TEXT,"
  "  lang        TEXT,"
  "  spoiler     TEXT,"
  "  title       TEXT,"
  "  visibility  INTEGER NOT NULL,"
  "  tags        TEXT,"
  "  media       TEXT,"
  "  created_us  INTEGER,"
  "  fetched_us  INTEGER,"
  "  parent_id   TEXT,"
  "  thread_id   TEXT,"
  "  replies     INTEGER,"
  "  reposts     INTEGER,"
  "  likes       INTEGER,"
  "  raw         TEXT,"
  "  archived_us INTEGER NOT NULL,"
  "  prev_hash   BLOB NOT NULL,"
  "  hash        BLOB NOT NULL,"
  "  UNIQUE (platform, remote_id));"
  "CREATE INDEX posts_created ON posts (created_us);"
  /* no index on author: the author filter finds candidates through the
   * FTS index's author column (an index here halved insert speed) */
  "CREATE TABLE events ("
  "  id          INTEGER PRIMARY KEY,"
  "  seq         INTEGER NOT NULL,"
  "  platform    TEXT NOT NULL,"
  "  remote_id   TEXT NOT NULL,"
  "  post_id     INTEGER REFERENCES posts (id),"
  "  kind        TEXT NOT NULL CHECK (kind IN ('edit', 'delete')),"
  "  text        TEXT,"
  "  spoiler     TEXT,"
  "  title       TEXT,"
  "  tags        TEXT,"
  "  media       TEXT,"
  "  at_us       INTEGER NOT NULL,"
  "  archived_us INTEGER NOT NULL,"
  "  raw         TEXT,"
  "  prev_hash   BLOB NOT NULL,"
  "  hash        BLOB NOT NULL);"
  "CREATE INDEX events_post ON events (platform, remote_id);"
  "CREATE TABLE chain_head ("
  "  id        INTEGER PRIMARY KEY CHECK (id = 1),"
  "  count     INTEGER NOT NULL,"
  "  last_hash BLOB NOT NULL,"
  "  head_hash BLOB NOT NULL);"
  "CREATE TABLE post_state ("
  "  platform  TEXT NOT NULL,"
  "  remote_id TEXT NOT NULL,"
  "  deleted   INTEGER NOT NULL DEFAULT 0,"
  "  edited    INTEGER NOT NULL DEFAULT 0,"
  "  text      TEXT,"
  "  spoiler   TEXT,"
  "  title     TEXT,"
  "  tags      TEXT,"
  "  media     TEXT,"
  "  last_seq  INTEGER NOT NULL,"
  "  PRIMARY KEY (platform, remote_id)) WITHOUT ROWID;"
  "CREATE VIRTUAL TABLE posts_fts USING fts5 ("
  "  text, author, author_name, tags,"
  "  content = '', columnsize = 0, tokenize = 'unicode61 remove_diacritics 2');"
  /* fewer, larger merges while archiving: faster inserts, a few more
   * segments to read per search */
  "INSERT INTO posts_fts (posts_fts, rank) VALUES ('automerge', 8);"
  "CREATE TABLE access_log ("
  "  id     INTEGER PRIMARY KEY,"
  "  at_us  INTEGER NOT NULL,"
  "  actor  TEXT NOT NULL,"
  "  action TEXT NOT NULL,"
  "  detail TEXT);"
  "CREATE TABLE cursors ("
  "  source     TEXT PRIMARY KEY,"
  "  value      TEXT,"
  "  updated_us INTEGER NOT NULL);"
  APPEND_ONLY ("posts")
  APPEND_ONLY ("events")
  APPEND_ONLY ("access_log"),

  /* 2: the classifier's annotations, sentiment overrides, spike alerts */
  "CREATE TABLE annotations ("
  "  post_id     INTEGER PRIMARY KEY,"
  "  label       INTEGER,"           /* VigilSentiment; NULL = not classified */
  "  compound    REAL,"
  "  override    INTEGER,"           /* the latest sentiment_overrides label; NULL = none */
  "  lang        TEXT,"              /* the classifier's language (platform tag or detected) */
  "  categories  TEXT,"              /* U+001F-joined */
  "  watches     TEXT,"              /* U+001F-joined */
  "  reach       INTEGER,"
  "  ots         REAL,"
  "  imp_score   REAL,"
  "  imp_reasons TEXT,"              /* U+001F-joined */
  "  moderation  TEXT,"              /* U+001F-joined */
  "  dup_group   INTEGER,"
  "  dup_count   INTEGER,"
  "  updated_us  INTEGER NOT NULL);"
  /* no index on reach, ots or compound: a sort by them reads the posts
   * through the LEFT JOIN anyway, and SQLite's bounded sort (LIMIT) is fast
   * enough; only grouping duplicates needs an index */
  "CREATE INDEX annotations_dup ON annotations (dup_group, post_id);"
  "CREATE TABLE sentiment_overrides ("
  "  id      INTEGER PRIMARY KEY,"
  "  post_id INTEGER NOT NULL REFERENCES posts (id),"
  "  label   INTEGER NOT NULL,"      /* VigilSentiment; 0 = cleared */
  "  actor   TEXT NOT NULL,"
  "  at_us   INTEGER NOT NULL);"
  "CREATE INDEX sentiment_overrides_post ON sentiment_overrides (post_id);"
  "CREATE TABLE alerts ("
  "  id              INTEGER PRIMARY KEY,"
  "  watch           TEXT,"          /* NULL = all mentions */
  "  started_us      INTEGER NOT NULL,"
  "  updated_us      INTEGER NOT NULL,"
  "  window_start_us INTEGER NOT NULL,"
  "  window_us       INTEGER NOT NULL,"
  "  count           INTEGER NOT NULL,"
  "  negative_share  REAL NOT NULL,"
  "  mean            REAL NOT NULL,"
  "  stddev          REAL NOT NULL,"
  "  z               REAL NOT NULL,"
  "  severity        INTEGER NOT NULL,"
  "  ongoing         INTEGER NOT NULL,"
  "  description     TEXT,"
  "  archived_us     INTEGER NOT NULL);"
  "CREATE INDEX alerts_updated ON alerts (updated_us);"
  APPEND_ONLY ("sentiment_overrides")
  APPEND_ONLY ("alerts"),

  /* 3: the author's profile as the source reported it with each post */
  "CREATE TABLE author_profiles ("
  "  post_id            INTEGER PRIMARY KEY REFERENCES posts (id),"
  "  following          INTEGER,"    /* NULL = unknown */
  "  account_created_us INTEGER,"
  "  has_avatar         INTEGER,"    /* 0 no, 1 yes, NULL unknown */
  "  has_bio            INTEGER);"
  APPEND_ONLY ("author_profiles"),

  /* 4: the journal (what the features keep: cases, templates, dossiers,
   * accounts…), hash-chained on its own, and deletable blobs */
  "CREATE TABLE records ("
  "  seq        INTEGER PRIMARY KEY,"
  "  kind       TEXT NOT NULL,"
  "  key        TEXT NOT NULL,"
  "  version    INTEGER NOT NULL,"
  "  actor      TEXT NOT NULL,"
  "  at_us      INTEGER NOT NULL,"
  "  body       TEXT NOT NULL,"
  "  prev_hash  BLOB NOT NULL,"
  "  hash       BLOB NOT NULL,"
  "  UNIQUE (kind, key, version));"
  "CREATE INDEX records_kind ON records (kind, seq);"
  "CREATE TABLE journal_head ("
  "  id         INTEGER PRIMARY KEY CHECK (id = 1),"
  "  count      INTEGER NOT NULL,"
  "  last_hash  BLOB NOT NULL);"
  "CREATE TABLE blobs ("
  "  kind       TEXT NOT NULL,"
  "  key        TEXT NOT NULL,"
  "  data       BLOB NOT NULL,"
  "  PRIMARY KEY (kind, key));"
  APPEND_ONLY ("records"),

  /* 5: the audit chain, and tombstones for retention (vigil-store-audit.c).
   * audit_chain hash-chains the rows a reviewer relies on that sit outside
   * the posts chain (sentiment_overrides, alerts, access_log) with a label
   * of its own ("vigil.audit.v1"), so the posts chain, and every archive
   * written before, keeps its format; rows written before format 5 are
   * sealed into it the first time this version opens the archive.
   * tombstones: a post or event purged past its retention keeps its row,
   * identity and hash; only its content columns are cleared, and only
   * when a tombstone (ordered by a MACed journal record) names it. */
  "CREATE TABLE audit_chain ("
  "  seq       INTEGER PRIMARY KEY,"
  "  tbl       TEXT NOT NULL,"
  "  row_id    INTEGER NOT NULL,"
  "  prev_hash BLOB NOT NULL,"
  "  hash      BLOB NOT NULL,"
  "  UNIQUE (tbl, row_id));"
  "CREATE TABLE audit_head ("
  "  id        INTEGER PRIMARY KEY CHECK (id = 1),"
  "  count     INTEGER NOT NULL,"
  "  last_hash BLOB NOT NULL,"
  "  sealed_us INTEGER NOT NULL);"
  "CREATE TABLE tombstones ("
  "  tbl        TEXT NOT NULL CHECK (tbl IN ('posts', 'events')),"
  "  row_id     INTEGER NOT NULL,"
  "  hash       BLOB NOT NULL,"      /* the row's chain hash, kept */
  "  purged_us  INTEGER NOT NULL,"
  "  record_seq INTEGER NOT NULL,"   /* the journal record that ordered the purge */
  "  PRIMARY KEY (tbl, row_id));"
  "DROP TRIGGER posts_no_update;"
  "CREATE TRIGGER posts_no_update BEFORE UPDATE ON posts "
  "WHEN NOT EXISTS (SELECT 1 FROM tombstones t WHERE t.tbl = 'posts' AND t.row_id = OLD.id) "
  "OR NEW.id IS NOT OLD.id OR NEW.seq IS NOT OLD.seq OR NEW.platform IS NOT OLD.platform "
  "OR NEW.remote_id IS NOT OLD.remote_id OR NEW.prev_hash IS NOT OLD.prev_hash "
  "OR NEW.hash IS NOT OLD.hash BEGIN "
  "SELECT RAISE (ABORT, 'vigil archive is append-only'); END;"
  "DROP TRIGGER events_no_update;"
  "CREATE TRIGGER events_no_update BEFORE UPDATE ON events "
  "WHEN NOT EXISTS (SELECT 1 FROM tombstones t WHERE t.tbl = 'events' AND t.row_id = OLD.id) "
  "OR NEW.id IS NOT OLD.id OR NEW.seq IS NOT OLD.seq OR NEW.platform IS NOT OLD.platform "
  "OR NEW.remote_id IS NOT OLD.remote_id OR NEW.prev_hash IS NOT OLD.prev_hash "
  "OR NEW.hash IS NOT OLD.hash BEGIN "
  "SELECT RAISE (ABORT, 'vigil archive is append-only'); END;"
  APPEND_ONLY ("audit_chain")
  APPEND_ONLY ("tombstones"),

  /* 6: the search index keyed by date (VIGIL_FTS_KEY_SQL: the second of
   * created_at × 2^28 + the post id), so FTS5 streams a word's matches
   * newest first and a search's first page costs about the page. Rebuilt
   * from posts and post_state by _vigil_store_fts_reindex() in the same
   * transaction; the chains are untouched. */
  "DROP TABLE posts_fts;"
  "CREATE VIRTUAL TABLE posts_fts USING fts5 ("
  "  text, author, author_name, tags,"
  "  content = '', columnsize = 0, tokenize = 'unicode61 remove_diacritics 2');"
  "INSERT INTO posts_fts (posts_fts, rank) VALUES ('automerge', 8);"
  /* the idle merges (vigil-sqlite-store.c) join segments two at a time */
  "INSERT INTO posts_fts (posts_fts, rank) VALUES ('usermerge', 2);"
  /* most posts have no near-duplicate: index only those that do */
  "DROP INDEX annotations_dup;"
  "CREATE INDEX annotations_dup ON annotations (dup_group, post_id) WHERE dup_group IS NOT NULL;",
};

#define FTS_KEYED_FORMAT 6

G_STATIC_ASSERT (VIGIL_STORE_APPLICATION_ID == 1447642956);

int
_vigil_store_schema_version (void)
{
  return G_N_ELEMENTS (migrations);
}

void
_vigil_store_set_error (GError     **error,
                        sqlite3     *db,
                        const char  *what)
{
  g_set_error (error, VIGIL_STORE_ERROR, VIGIL_STORE_ERROR_SQL,
               "%s: %s", what, db ? sqlite3_errmsg (db) : "out of memory");
}

sqlite3_stmt *
_vigil_store_prepare (sqlite3     *db,
                      const char  *sql,
                      GError     **error)
{
  sqlite3_stmt *stmt = NULL;

  if (sqlite3_prepare_v3 (db, sql, -1, SQLITE_PREPARE_PERSISTENT, &stmt, NULL) != SQLITE_OK)
    {
      g_set_error (error, VIGIL_STORE_ERROR, VIGIL_STORE_ERROR_SQL,
                   _("The archive refused a statement (%s): %s"), sqlite3_errmsg (db), sql);
      return NULL;
    }
  return stmt;
}

gboolean
_vigil_store_exec (sqlite3     *db,
                   const char  *sql,
                   GError     **error)
{
  char *msg = NULL;

  if (sqlite3_exec (db, sql, NULL, NULL, &msg) != SQLITE_OK)
    {
      g_set_error (error, VIGIL_STORE_ERROR, VIGIL_STORE_ERROR_SQL,
                   "%s", msg ? msg : sqlite3_errmsg (db));
      sqlite3_free (msg);
      return FALSE;
    }
  return TRUE;
}

static gboolean
query_int (sqlite3     *db,
           const char  *sql,
           gint64      *out,
           int         *out_rc)
{
  sqlite3_stmt *stmt = NULL;
  int rc;

  *out = 0;
  rc = sqlite3_prepare_v2 (db, sql, -1, &stmt, NULL);
  if (rc == SQLITE_OK)
    {
      rc = sqlite3_step (stmt);
      if (rc == SQLITE_ROW)
        {
          *out = sqlite3_column_int64 (stmt, 0);
          rc = SQLITE_OK;
        }
      else if (rc == SQLITE_DONE)
        rc = SQLITE_OK;
    }
  sqlite3_finalize (stmt);
  if (out_rc)
    *out_rc = rc;
  return rc == SQLITE_OK;
}

static void
set_open_error (GError     **error,
                sqlite3     *db,
                int          rc,
                const char  *display_path)
{
  if (rc == SQLITE_NOTADB)
    g_set_error (error, VIGIL_STORE_ERROR, VIGIL_STORE_ERROR_OPEN,
                 _("%s is not a Vigil archive (it is not an SQLite database). "
                   "Choose another file, or move this one away."),
                 display_path);
  else
    g_set_error (error, VIGIL_STORE_ERROR, VIGIL_STORE_ERROR_OPEN,
                 _("Could not open the archive %s: %s"),
                 display_path, db ? sqlite3_errmsg (db) : sqlite3_errstr (rc));
}

/* Opens one connection and checks that the file is an SQLite database.
 * A read-only connection follows the file's journal mode. */
sqlite3 *
_vigil_store_db_open (const char  *filename,
                      const char  *display_path,
                      gboolean     read_only,
                      GError     **error)
{
  static gsize configured = 0;
  sqlite3 *db = NULL;
  int flags = read_only ? SQLITE_OPEN_READONLY : (SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE);
  gint64 ignored;
  int rc;

  if (g_once_init_enter (&configured))
    {
      /* before SQLite's first use in the process: no global allocation
       * statistics, whose mutex every allocation of every connection took
       * (measured: ~5% of the writer). Refused harmlessly if too late. */
      sqlite3_config (SQLITE_CONFIG_MEMSTATUS, 0);
      g_once_init_leave (&configured, 1);
    }

  rc = sqlite3_open_v2 (filename, &db, flags, NULL);
  if (rc != SQLITE_OK)
    {
      set_open_error (error, db, rc, display_path);
      sqlite3_close (db);
      return NULL;
    }
  sqlite3_extended_result_codes (db, 0);
  sqlite3_busy_timeout (db, 10000);

  /* the first read of the file: this is where "not a database" shows */
  if (!query_int (db, "PRAGMA schema_version", &ignored, &rc))
    {
      set_open_error (error, db, rc, display_path);
      sqlite3_close (db);
      return NULL;
    }

  /* the writer's pragmas wait until the file is known to be ours: see
   * _vigil_store_db_migrate() */
  if (read_only && sqlite3_exec (db, "PRAGMA query_only = ON;", NULL, NULL, NULL) != SQLITE_OK)
    {
      set_open_error (error, db, rc, display_path);
      sqlite3_close (db);
      return NULL;
    }
  return db;
}

gboolean
_vigil_store_db_migrate (sqlite3     *db,
                         const char  *display_path,
                         GError     **error)
{
  gint64 version = 0;
  gint64 app_id = 0;
  gint64 n_tables = 0;
  int rc;

  if (!query_int (db, "PRAGMA user_version", &version, &rc)
      || !query_int (db, "PRAGMA application_id", &app_id, &rc)
      || !query_int (db, "SELECT count(*) FROM sqlite_master", &n_tables, &rc))
    {
      set_open_error (error, db, rc, display_path);
      return FALSE;
    }

  if (app_id != 0 && app_id != VIGIL_STORE_APPLICATION_ID)
    {
      g_set_error (error, VIGIL_STORE_ERROR, VIGIL_STORE_ERROR_OPEN,
                   _("%s is not a Vigil archive (it is another application's SQLite database). "
                     "Choose another file, or move this one away."),
                   display_path);
      return FALSE;
    }
  if (version == 0 && n_tables > 0)
    {
      g_set_error (error, VIGIL_STORE_ERROR, VIGIL_STORE_ERROR_OPEN,
                   _("%s is not a Vigil archive (it is an SQLite database with other tables). "
                     "Choose another file, or move this one away."),
                   display_path);
      return FALSE;
    }
  if (version > (gint64) G_N_ELEMENTS (migrations))
    {
      g_set_error (error, VIGIL_STORE_ERROR, VIGIL_STORE_ERROR_TOO_NEW,
                   _("%s was written by a newer version of Vigil (archive format %" G_GINT64_FORMAT
                     ", this version reads up to %u). Upgrade Vigil to open it; "
                     "the file was left untouched."),
                   display_path, version, (guint) G_N_ELEMENTS (migrations));
      return FALSE;
    }
  if (version < 0)
    {
      g_set_error (error, VIGIL_STORE_ERROR, VIGIL_STORE_ERROR_OPEN,
                   _("%s is not a Vigil archive (its format number %" G_GINT64_FORMAT " is invalid)."),
                   display_path, version);
      return FALSE;
    }

  /* the file is a Vigil archive (or empty): now it may be changed. A new
   * file gets 8 KiB pages (fewer, larger writes; ~7% less CPU per insert) */
  if (version == 0 && sqlite3_exec (db, "PRAGMA page_size = 8192;", NULL, NULL, NULL) != SQLITE_OK)
    {
      set_open_error (error, db, sqlite3_errcode (db), display_path);
      return FALSE;
    }
  if (sqlite3_exec (db,
                    "PRAGMA journal_mode = WAL;"
                    "PRAGMA synchronous = NORMAL;"
                    "PRAGMA foreign_keys = ON;"
                    "PRAGMA cache_size = -65536;"
                    "PRAGMA temp_store = MEMORY;"
                    /* checkpoint less often: pages rewritten by several
                     * batches (indexes, FTS segments) reach the file once */
                    "PRAGMA wal_autocheckpoint = 8192;"
                    "PRAGMA journal_size_limit = 67108864;",
                    NULL, NULL, NULL) != SQLITE_OK)
    {
      set_open_error (error, db, sqlite3_errcode (db), display_path);
      return FALSE;
    }

  for (guint v = version; v < G_N_ELEMENTS (migrations); v++)
    {
      g_autoptr(GError) local_error = NULL;
      g_autofree char *set_version = g_strdup_printf ("PRAGMA user_version = %u;", v + 1);

      g_debug ("Migrating %s to archive format %u", display_path, v + 1);
      if (!_vigil_store_exec (db, "BEGIN IMMEDIATE;", &local_error)
          || !_vigil_store_exec (db, migrations[v], &local_error)
          || (v + 1 == FTS_KEYED_FORMAT && !_vigil_store_fts_reindex (db, &local_error))
          || !_vigil_store_exec (db, set_version, &local_error)
          || !_vigil_store_exec (db, "COMMIT;", &local_error))
        {
          sqlite3_exec (db, "ROLLBACK;", NULL, NULL, NULL);
          g_set_error (error, VIGIL_STORE_ERROR, VIGIL_STORE_ERROR_SQL,
                       _("Could not upgrade the archive %s to format %u: %s"),
                       display_path, v + 1, local_error->message);
          return FALSE;
        }
    }

  return TRUE;
}

gint64
_vigil_store_time_to_us (GDateTime *dt)
{
  return g_date_time_to_unix (dt) * G_USEC_PER_SEC + g_date_time_get_microsecond (dt);
}

GDateTime *
_vigil_store_time_from_us (gint64 us)
{
  gint64 secs = us / G_USEC_PER_SEC;
  gint64 rest = us % G_USEC_PER_SEC;
  g_autoptr(GDateTime) whole = NULL;

  if (rest < 0)
    {
      rest += G_USEC_PER_SEC;
      secs--;
    }
  whole = g_date_time_new_from_unix_utc (secs);
  if (whole == NULL)
    return NULL;
  if (rest == 0)
    return g_steal_pointer (&whole);
  return g_date_time_add (whole, rest);
}

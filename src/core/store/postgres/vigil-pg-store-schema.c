/* vigil-pg-store-schema.c: the team database's tables and their migrations
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The version is in the database (vigil_schema, one row). Migration N takes
 * it from N-1 to N in one transaction, holding an advisory lock
 * (VIGIL_PG_MIGRATE_LOCK) so that two clients starting together run each
 * step once. A database whose version is higher than the last migration was
 * written by a newer Vigil and is refused untouched. Append new steps at the
 * end of migrations[]; never edit a step that has shipped. Creating and
 * upgrading needs the owner (see data/team/); a team member's role only
 * reads the version.
 *
 * The tables are the SQLite archive's (sqlite/vigil-store-schema.c), with
 * the same names and columns, so `vigil-cli migrate` copies rows as they
 * are and the hash chains stay valid. Differences:
 *   - hashes are bytea; times bigint µs (UTC); flags int as in SQLite;
 *   - posts_fts is (post_id, doc tsvector) with a GIN index; the lexemes are
 *     made by the client with the SQLite tokenizer's rules (unicode61,
 *     remove_diacritics 2: words of letters and digits, lowercased, accents
 *     removed), so search finds the same posts in the same six languages;
 *   - chain_head also counts the posts (count_posts is O(1));
 *   - records, access_log and sentiment_overrides have db_role, set by a
 *     trigger to session_user: the PostgreSQL role that wrote the row,
 *     whatever the client typed as actor (actor stays in the chain);
 *   - append-only tables refuse UPDATE, DELETE and TRUNCATE with triggers,
 *     which hold for the owner too (grants: the SQL in data/team/);
 *   - NOTIFY: vigil_posts (payload: the highest post id of the
 *     transaction's insert; events: "event"), vigil_records (payload: seq).
 */
#define G_LOG_DOMAIN "vigil-pg-store-schema"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "vigil-pg-store-private.h"

#define APPEND_ONLY(table)                                                          \
  "CREATE TRIGGER " table "_append_only BEFORE UPDATE OR DELETE ON " table          \
  " FOR EACH ROW EXECUTE FUNCTION vigil_refuse_change ();"                          \
  "CREATE TRIGGER " table "_no_truncate BEFORE TRUNCATE ON " table                  \
  " FOR EACH STATEMENT EXECUTE FUNCTION vigil_refuse_change ();"

#define DB_ROLE(table)                                                              \
  "CREATE TRIGGER " table "_db_role BEFORE INSERT ON " table                        \
  " FOR EACH ROW EXECUTE FUNCTION vigil_set_db_role ();"

static const char * const migrations[] = {
  /* 1: the archive, the journal, the audit chain (SQLite format 5) */
  "CREATE FUNCTION vigil_refuse_change () RETURNS trigger LANGUAGE plpgsql AS $$ "
  "BEGIN RAISE EXCEPTION 'vigil archive is append-only: % on % refused', TG_OP, TG_TABLE_NAME "
  "USING ERRCODE = 'insufficient_privilege'; END $$;"
  /* a purged post or event (retention): only its content may be cleared,
   * and only when a tombstone names it */
  "CREATE FUNCTION vigil_refuse_chained_change () RETURNS trigger LANGUAGE plpgsql AS $$ "
  "BEGIN "
  "IF TG_OP = 'UPDATE' AND EXISTS (SELECT 1 FROM tombstones t WHERE t.tbl = TG_TABLE_NAME "
  "AND t.row_id = OLD.id) AND NEW.id = OLD.id AND NEW.seq = OLD.seq "
  "AND NEW.platform = OLD.platform AND NEW.remote_id = OLD.remote_id "
  "AND NEW.prev_hash = OLD.prev_hash AND NEW.hash = OLD.hash THEN RETURN NEW; END IF; "
  "RAISE EXCEPTION 'vigil archive is append-only: % on % refused', TG_OP, TG_TABLE_NAME "
  "USING ERRCODE = 'insufficient_privilege'; END $$;"
  "CREATE FUNCTION vigil_set_db_role () RETURNS trigger LANGUAGE plpgsql AS $$ "
  "BEGIN NEW.db_role := session_user; RETURN NEW; END $$;"

  "CREATE TABLE posts ("
  "  id          bigint PRIMARY KEY,"
  "  seq         bigint NOT NULL UNIQUE,"
  "  platform    text NOT NULL,"
  "  remote_id   text NOT NULL,"
  "  author      text,"
  "  author_name text,"
  "  followers   bigint,"
  "  url         text,"
  "  text        text,"
  "  lang        text,"
  "  spoiler     text,"
  "  title       text,"
  "  visibility  bigint NOT NULL,"
  "  tags        text,"
  "  media       text,"
  "  created_us  bigint,"
  "  fetched_us  bigint,"
  "  parent_id   text,"
  "  thread_id   text,"
  "  replies     bigint,"
  "  reposts     bigint,"
  "  likes       bigint,"
  "  raw         text,"
  "  archived_us bigint NOT NULL,"
  "  prev_hash   bytea NOT NULL,"
  "  hash        bytea NOT NULL,"
  "  UNIQUE (platform, remote_id));"
  "CREATE INDEX posts_created ON posts (created_us, id);"
  /* no index on author: the author filter finds candidates through the
   * search index (the author's words are in each post's document), as on
   * SQLite; an index here costs every insert */
  "CREATE TABLE events ("
  "  id          bigint PRIMARY KEY,"
  "  seq         bigint NOT NULL UNIQUE,"
  "  platform    text NOT NULL,"
  "  remote_id   text NOT NULL,"
  "  post_id     bigint REFERENCES posts (id),"
  "  kind        text NOT NULL CHECK (kind IN ('edit', 'delete')),"
  "  text        text,"
  "  spoiler     text,"
  "  title       text,"
  "  tags        text,"
  "  media       text,"
  "  at_us       bigint NOT NULL,"
  "  archived_us bigint NOT NULL,"
  "  raw         text,"
  "  prev_hash   bytea NOT NULL,"
  "  hash        bytea NOT NULL);"
  "CREATE INDEX events_post ON events (platform, remote_id);"
  "CREATE TABLE chain_head ("
  "  id        int PRIMARY KEY CHECK (id = 1),"
  "  count     bigint NOT NULL,"
  "  last_hash bytea NOT NULL,"
  "  head_hash bytea NOT NULL,"
  "  posts     bigint NOT NULL DEFAULT 0);"   /* rows in posts: count_posts */
  "CREATE TABLE post_state ("
  "  platform  text NOT NULL,"
  "  remote_id text NOT NULL,"
  "  deleted   int NOT NULL DEFAULT 0,"
  "  edited    int NOT NULL DEFAULT 0,"
  "  text      text,"
  "  spoiler   text,"
  "  title     text,"
  "  tags      text,"
  "  media     text,"
  "  last_seq  bigint NOT NULL,"
  "  PRIMARY KEY (platform, remote_id));"
  "CREATE TABLE posts_fts ("
  "  post_id   bigint PRIMARY KEY,"
  "  doc       tsvector NOT NULL);"
  "CREATE INDEX posts_fts_doc ON posts_fts USING gin (doc);"
  "CREATE TABLE access_log ("
  "  id      bigint GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY,"
  "  at_us   bigint NOT NULL,"
  "  actor   text NOT NULL,"
  "  action  text NOT NULL,"
  "  detail  text,"
  "  db_role text NOT NULL DEFAULT session_user);"
  "CREATE INDEX access_log_at ON access_log (at_us);"
  "CREATE TABLE cursors ("
  "  source     text PRIMARY KEY,"
  "  value      text,"
  "  updated_us bigint NOT NULL);"
  "CREATE TABLE annotations ("
  "  post_id     bigint PRIMARY KEY,"
  "  label       int,"
  "  compound    double precision,"
  "  override    int,"
  "  lang        text,"
  "  categories  text,"
  "  watches     text,"
  "  reach       bigint,"
  "  ots         double precision,"
  "  imp_score   double precision,"
  "  imp_reasons text,"
  "  moderation  text,"
  "  dup_group   bigint,"
  "  dup_count   bigint,"
  "  updated_us  bigint NOT NULL);"
  "CREATE INDEX annotations_dup ON annotations (dup_group, post_id);"
  "CREATE TABLE sentiment_overrides ("
  "  id      bigint GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY,"
  "  post_id bigint NOT NULL REFERENCES posts (id),"
  "  label   int NOT NULL,"
  "  actor   text NOT NULL,"
  "  at_us   bigint NOT NULL,"
  "  db_role text NOT NULL DEFAULT session_user);"
  "CREATE INDEX sentiment_overrides_post ON sentiment_overrides (post_id);"
  "CREATE TABLE alerts ("
  "  id              bigint GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY,"
  "  watch           text,"
  "  started_us      bigint NOT NULL,"
  "  updated_us      bigint NOT NULL,"
  "  window_start_us bigint NOT NULL,"
  "  window_us       bigint NOT NULL,"
  "  count           bigint NOT NULL,"
  "  negative_share  double precision NOT NULL,"
  "  mean            double precision NOT NULL,"
  "  stddev          double precision NOT NULL,"
  "  z               double precision NOT NULL,"
  "  severity        int NOT NULL,"
  "  ongoing         int NOT NULL,"
  "  description     text,"
  "  archived_us     bigint NOT NULL);"
  "CREATE INDEX alerts_updated ON alerts (updated_us);"
  "CREATE TABLE author_profiles ("
  "  post_id            bigint PRIMARY KEY REFERENCES posts (id),"
  "  following          bigint,"
  "  account_created_us bigint,"
  "  has_avatar         int,"
  "  has_bio            int);"
  "CREATE TABLE records ("
  "  seq        bigint PRIMARY KEY,"
  "  kind       text NOT NULL,"
  "  key        text NOT NULL,"
  "  version    bigint NOT NULL,"
  "  actor      text NOT NULL,"
  "  at_us      bigint NOT NULL,"
  "  body       text NOT NULL,"
  "  prev_hash  bytea NOT NULL,"
  "  hash       bytea NOT NULL,"
  "  db_role    text NOT NULL DEFAULT session_user,"
  "  UNIQUE (kind, key, version));"
  "CREATE INDEX records_kind ON records (kind, seq);"
  "CREATE TABLE journal_head ("
  "  id         int PRIMARY KEY CHECK (id = 1),"
  "  count      bigint NOT NULL,"
  "  last_hash  bytea NOT NULL);"
  "CREATE TABLE blobs ("
  "  kind       text NOT NULL,"
  "  key        text NOT NULL,"
  "  data       bytea NOT NULL,"
  "  PRIMARY KEY (kind, key));"
  "CREATE TABLE audit_chain ("
  "  seq       bigint PRIMARY KEY,"
  "  tbl       text NOT NULL,"
  "  row_id    bigint NOT NULL,"
  "  prev_hash bytea NOT NULL,"
  "  hash      bytea NOT NULL,"
  "  UNIQUE (tbl, row_id));"
  "CREATE TABLE audit_head ("
  "  id        int PRIMARY KEY CHECK (id = 1),"
  "  count     bigint NOT NULL,"
  "  last_hash bytea NOT NULL,"
  "  sealed_us bigint NOT NULL);"
  "CREATE TABLE tombstones ("
  "  tbl        text NOT NULL CHECK (tbl IN ('posts', 'events')),"
  "  row_id     bigint NOT NULL,"
  "  hash       bytea NOT NULL,"
  "  purged_us  bigint NOT NULL,"
  "  record_seq bigint NOT NULL,"
  "  PRIMARY KEY (tbl, row_id));"
  /* the heads exist from the start: writers lock them FOR UPDATE */
  /* head_hash: _vigil_chain_hash_head (0, 32 zero bytes), as SQLite's
   * writer writes for an empty archive (test-pg-store checks it) */
  "INSERT INTO chain_head (id, count, last_hash, head_hash, posts) VALUES "
  "(1, 0, '\\x0000000000000000000000000000000000000000000000000000000000000000', "
  "'\\x" "300ed36594b631e827c04b03e84481189068d4946d7954bb6642ef54e3d7c079', 0);"
  "INSERT INTO journal_head (id, count, last_hash) VALUES "
  "(1, 0, '\\x0000000000000000000000000000000000000000000000000000000000000000');"
  "INSERT INTO audit_head (id, count, last_hash, sealed_us) VALUES "
  "(1, 0, '\\x0000000000000000000000000000000000000000000000000000000000000000', 0);"

  "CREATE TRIGGER posts_append_only BEFORE UPDATE OR DELETE ON posts"
  " FOR EACH ROW EXECUTE FUNCTION vigil_refuse_chained_change ();"
  "CREATE TRIGGER posts_no_truncate BEFORE TRUNCATE ON posts"
  " FOR EACH STATEMENT EXECUTE FUNCTION vigil_refuse_change ();"
  "CREATE TRIGGER events_append_only BEFORE UPDATE OR DELETE ON events"
  " FOR EACH ROW EXECUTE FUNCTION vigil_refuse_chained_change ();"
  "CREATE TRIGGER events_no_truncate BEFORE TRUNCATE ON events"
  " FOR EACH STATEMENT EXECUTE FUNCTION vigil_refuse_change ();"
  APPEND_ONLY ("access_log")
  APPEND_ONLY ("sentiment_overrides")
  APPEND_ONLY ("alerts")
  APPEND_ONLY ("author_profiles")
  APPEND_ONLY ("records")
  APPEND_ONLY ("audit_chain")
  APPEND_ONLY ("tombstones")
  DB_ROLE ("access_log")
  DB_ROLE ("sentiment_overrides")
  DB_ROLE ("records")

  /* live: every workstation LISTENs (vigil-pg-store-notify.c) */
  "CREATE FUNCTION vigil_notify_posts () RETURNS trigger LANGUAGE plpgsql AS $$ "
  "BEGIN PERFORM pg_notify ('vigil_posts', coalesce ((SELECT max (id) FROM new_rows)::text, '')); "
  "RETURN NULL; END $$;"
  "CREATE TRIGGER posts_notify AFTER INSERT ON posts REFERENCING NEW TABLE AS new_rows"
  " FOR EACH STATEMENT EXECUTE FUNCTION vigil_notify_posts ();"
  "CREATE FUNCTION vigil_notify_events () RETURNS trigger LANGUAGE plpgsql AS $$ "
  "BEGIN PERFORM pg_notify ('vigil_posts', 'event'); RETURN NULL; END $$;"
  "CREATE TRIGGER events_notify AFTER INSERT ON events"
  " FOR EACH STATEMENT EXECUTE FUNCTION vigil_notify_events ();"
  "CREATE FUNCTION vigil_notify_records () RETURNS trigger LANGUAGE plpgsql AS $$ "
  "BEGIN PERFORM pg_notify ('vigil_records', NEW.seq::text); RETURN NULL; END $$;"
  "CREATE TRIGGER records_notify AFTER INSERT ON records"
  " FOR EACH ROW EXECUTE FUNCTION vigil_notify_records ();",

  /* 2: newest first, as searches and the feed read it (ORDER BY created_us
   * DESC NULLS LAST, id DESC): without it a first page sorted the archive */
  "CREATE INDEX posts_newest ON posts (created_us DESC NULLS LAST, id DESC);",
};

int
_vigil_pg_schema_version (void)
{
  return G_N_ELEMENTS (migrations);
}

/* The version, 0 when the database has no Vigil tables yet. Inside the
 * caller's transaction, after the lock. */
static gboolean
read_version (PGconn  *conn,
              gint64  *out,
              GError **error)
{
  gint64 exists = 0;

  *out = 0;
  if (!_vigil_pg_query_int (conn, "SELECT (to_regclass ('vigil_schema') IS NOT NULL)::int",
                            0, NULL, &exists, error))
    return FALSE;
  if (!exists)
    return TRUE;
  return _vigil_pg_query_int (conn, "SELECT version FROM vigil_schema WHERE id = 1",
                              0, NULL, out, error);
}

static gboolean
migrate_step (PGconn    *conn,
              gboolean  *out_done,
              GError   **error)
{
  g_autofree char *lock = g_strdup_printf ("SELECT pg_advisory_xact_lock (%d)", VIGIL_PG_MIGRATE_LOCK);
  g_autofree char *set_version = NULL;
  gint64 version = 0;
  int latest = _vigil_pg_schema_version ();

  if (!_vigil_pg_begin (conn, error))
    return FALSE;
  if (!_vigil_pg_exec (conn, lock, error) || !read_version (conn, &version, error))
    goto fail;
  if (version > latest)
    {
      g_set_error (error, VIGIL_STORE_ERROR, VIGIL_STORE_ERROR_TOO_NEW,
                   _("The team database was upgraded by a newer Vigil (format %d, this "
                     "Vigil knows %d): update Vigil on this workstation"),
                   (int) version, latest);
      goto fail;
    }
  if (version == latest)
    {
      *out_done = TRUE;
      return _vigil_pg_commit (conn, error);
    }

  g_debug ("migrating the team database to format %d", (int) version + 1);
  if (version == 0
      && !_vigil_pg_exec (conn,
                          "CREATE TABLE vigil_schema ("
                          "  id      int PRIMARY KEY CHECK (id = 1),"
                          "  version int NOT NULL);"
                          "INSERT INTO vigil_schema (id, version) VALUES (1, 0)", error))
    goto fail;
  if (!_vigil_pg_exec (conn, migrations[version], error))
    goto fail;
  set_version = g_strdup_printf ("UPDATE vigil_schema SET version = %d WHERE id = 1",
                                 (int) version + 1);
  if (!_vigil_pg_exec (conn, set_version, error))
    goto fail;
  *out_done = FALSE;
  return _vigil_pg_commit (conn, error);

fail:
  _vigil_pg_rollback (conn);
  return FALSE;
}

gboolean
_vigil_pg_migrate (PGconn  *conn,
                   GError **error)
{
  gboolean done = FALSE;

  while (!done)
    {
      if (!migrate_step (conn, &done, error))
        {
          g_prefix_error (error, _("Could not prepare the team database: "));
          return FALSE;
        }
    }
  return TRUE;
}

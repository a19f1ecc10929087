/* vigil-store-writer.c: the write path, run only on the store's worker thread
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * One batch is one transaction (BEGIN IMMEDIATE … COMMIT) over statements
 * prepared once. Ids and chain positions are handed out here, so a post's
 * hash can be computed before its row is written; the in-memory chain state
 * is rolled back with the transaction when anything fails.
 */
#define G_LOG_DOMAIN "vigil-store-writer"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "vigil-sqlite-statement.h"
#include "vigil-store-chain-hash.h"
#include "vigil-store-private.h"

#define MAX_LOG_FIELD   256
#define MAX_LOG_DETAIL  (64 * 1024)
#define MAX_CURSOR      (64 * 1024)

struct _VigilStoreWriter
{
  sqlite3      *db;

  VigilSqliteStatement *begin;
  VigilSqliteStatement *commit;
  VigilSqliteStatement *rollback;
  VigilSqliteStatement *insert_post;
  VigilSqliteStatement *insert_profile;
  VigilSqliteStatement *find_post;
  VigilSqliteStatement *find_state;
  VigilSqliteStatement *upsert_state;
  VigilSqliteStatement *insert_event;
  VigilSqliteStatement *fts_insert;
  VigilSqliteStatement *fts_delete;
  VigilSqliteStatement *update_head;
  VigilSqliteStatement *insert_log;
  VigilSqliteStatement *set_cursor;
  VigilSqliteStatement *data_version;

  gint64        seen_version;   /* PRAGMA data_version after our last write */

  /* the chain and id counters; saved and restored around each batch */
  guint64       chain_count;
  guint8        last_hash[VIGIL_HASH_LEN];
  gint64        next_post_id;
  gint64        next_event_id;
  /* post_state rows whose post is not archived yet (orphan events); -1 =
   * not counted yet (counted at the first new post, not at open: the count
   * reads all of post_state) */
  gint64        orphan_states;

  GString      *tags;
  GString      *media;
  GString      *fts_text;
  GString      *fts_tags;
  /* the batch's index writes, made in key order at its end: FTS5 flushes
   * its pending segment whenever a rowid goes down */
  GArray       *fts_ops;

  /* the posts the current insert archived as new or edited (borrowed) */
  GPtrArray    *created;
  GPtrArray    *edited;
  VigilStoreAnnotations *anno;
};

typedef struct
{
  guint64 chain_count;
  guint8  last_hash[VIGIL_HASH_LEN];
  gint64  next_post_id;
  gint64  next_event_id;
  gint64  orphan_states;
} WriterState;

/* The current, edited view of a post: what the FTS index holds for it. */
typedef struct
{
  gboolean  exists;      /* the post itself is archived */
  gboolean  has_state;   /* events were archived for it */
  gint64    post_id;
  gboolean  has_created;
  gint64    created_us;  /* with post_id, its search index key */
  gboolean  deleted;
  gboolean  edited;
  char     *text;
  char     *spoiler;
  char     *title;
  char     *tags;
  char     *media;
  char     *author;
  char     *author_name;
} Current;

static void
current_clear (Current *cur)
{
  g_free (cur->text);
  g_free (cur->spoiler);
  g_free (cur->title);
  g_free (cur->tags);
  g_free (cur->media);
  g_free (cur->author);
  g_free (cur->author_name);
  memset (cur, 0, sizeof *cur);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Current, current_clear)

void
_vigil_fts_row_clear (gpointer data)
{
  VigilFtsRow *row = data;

  g_free (row->text);
  g_free (row->author);
  g_free (row->author_name);
  g_free (row->tags);
}

int
_vigil_fts_row_compare (gconstpointer a,
                        gconstpointer b)
{
  const VigilFtsRow *x = a, *y = b;

  if (x->key != y->key)
    return x->key < y->key ? -1 : 1;
  return x->order < y->order ? -1 : x->order > y->order;
}

void
_vigil_store_writer_free (VigilStoreWriter *w)
{
  if (w == NULL)
    return;
  _vigil_sqlite_statement_free (w->begin);
  _vigil_sqlite_statement_free (w->commit);
  _vigil_sqlite_statement_free (w->rollback);
  _vigil_sqlite_statement_free (w->insert_post);
  _vigil_sqlite_statement_free (w->insert_profile);
  _vigil_sqlite_statement_free (w->find_post);
  _vigil_sqlite_statement_free (w->find_state);
  _vigil_sqlite_statement_free (w->upsert_state);
  _vigil_sqlite_statement_free (w->insert_event);
  _vigil_sqlite_statement_free (w->fts_insert);
  _vigil_sqlite_statement_free (w->fts_delete);
  _vigil_sqlite_statement_free (w->update_head);
  _vigil_sqlite_statement_free (w->insert_log);
  _vigil_sqlite_statement_free (w->set_cursor);
  _vigil_sqlite_statement_free (w->data_version);
  g_string_free (w->tags, TRUE);
  g_string_free (w->media, TRUE);
  g_string_free (w->fts_text, TRUE);
  g_string_free (w->fts_tags, TRUE);
  g_clear_pointer (&w->fts_ops, g_array_unref);
  g_clear_pointer (&w->created, g_ptr_array_unref);
  g_clear_pointer (&w->edited, g_ptr_array_unref);
  g_clear_pointer (&w->anno, _vigil_store_annotations_free);
  g_free (w);
}

static gboolean
scalar (sqlite3     *db,
        const char  *sql,
        gint64      *out,
        GError     **error)
{
  sqlite3_stmt *stmt = _vigil_store_prepare (db, sql, error);
  int rc;

  if (stmt == NULL)
    return FALSE;
  rc = sqlite3_step (stmt);
  *out = rc == SQLITE_ROW ? sqlite3_column_int64 (stmt, 0) : 0;
  sqlite3_finalize (stmt);
  if (rc != SQLITE_ROW && rc != SQLITE_DONE)
    {
      _vigil_store_set_error (error, db, _("Could not read the archive"));
      return FALSE;
    }
  return TRUE;
}

static gboolean
write_head (VigilStoreWriter  *w,
            GError           **error)
{
  guint8 head_hash[VIGIL_HASH_LEN];
  int rc;

  _vigil_chain_hash_head (w->chain_count, w->last_hash, head_hash);
  _vigil_sqlite_statement_bind_int64 (w->update_head, 1, w->chain_count);
  _vigil_sqlite_statement_bind_blob (w->update_head, 2, w->last_hash, VIGIL_HASH_LEN);
  _vigil_sqlite_statement_bind_blob (w->update_head, 3, head_hash, VIGIL_HASH_LEN);
  rc = sqlite3_step (_vigil_sqlite_statement_get (w->update_head));
  _vigil_sqlite_statement_reset (w->update_head);
  if (rc != SQLITE_DONE)
    {
      _vigil_store_set_error (error, w->db, _("Could not record the archive's chain head"));
      return FALSE;
    }
  return TRUE;
}

static gboolean
load_head (VigilStoreWriter  *w,
           GError           **error)
{
  sqlite3_stmt *stmt;
  gint64 n_rows = 0;
  gint64 n_events = 0;
  int rc;

  stmt = _vigil_store_prepare (w->db, "SELECT count, last_hash FROM chain_head WHERE id = 1", error);
  if (stmt == NULL)
    return FALSE;
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW && sqlite3_column_bytes (stmt, 1) == VIGIL_HASH_LEN)
    {
      w->chain_count = sqlite3_column_int64 (stmt, 0);
      memcpy (w->last_hash, sqlite3_column_blob (stmt, 1), VIGIL_HASH_LEN);
    }
  sqlite3_finalize (stmt);

  if (rc == SQLITE_ROW)
    return TRUE;
  if (rc != SQLITE_DONE)
    {
      _vigil_store_set_error (error, w->db, _("Could not read the archive's chain head"));
      return FALSE;
    }

  /* no head yet: a new archive gets one, an archive with rows has lost it */
  if (!scalar (w->db, "SELECT count(*) FROM posts", &n_rows, error)
      || !scalar (w->db, "SELECT count(*) FROM events", &n_events, error))
    return FALSE;
  if (n_rows + n_events > 0)
    {
      g_set_error (error, VIGIL_STORE_ERROR, VIGIL_STORE_ERROR_TAMPERED,
                   _("The archive's chain head is missing although it holds %" G_GINT64_FORMAT
                     " rows: it was altered outside Vigil. Keep the file as evidence."),
                   n_rows + n_events);
      return FALSE;
    }
  w->chain_count = 0;
  memset (w->last_hash, 0, VIGIL_HASH_LEN);
  if (!_vigil_store_exec (w->db,
                          "INSERT INTO chain_head (id, count, last_hash, head_hash) "
                          "VALUES (1, 0, zeroblob (32), zeroblob (32))", error))
    return FALSE;
  return write_head (w, error);
}

static gboolean
read_data_version (VigilStoreWriter  *w,
                   gint64            *out,
                   GError           **error)
{
  int rc = sqlite3_step (_vigil_sqlite_statement_get (w->data_version));

  *out = rc == SQLITE_ROW ? sqlite3_column_int64 (_vigil_sqlite_statement_get (w->data_version), 0) : -1;
  _vigil_sqlite_statement_reset (w->data_version);
  if (rc != SQLITE_ROW)
    {
      _vigil_store_set_error (error, w->db, _("Could not read the archive"));
      return FALSE;
    }
  return TRUE;
}

/* Reads the chain head, the next ids and the orphan count from the file:
 * at open, and again when another connection (another Vigil process on the
 * same file) wrote since our last transaction. */
static gboolean
load_state (VigilStoreWriter  *w,
            GError           **error)
{
  gint64 max_id = 0;

  if (!load_head (w, error))
    return FALSE;
  if (!scalar (w->db, "SELECT coalesce (max (id), 0) FROM posts", &max_id, error))
    return FALSE;
  w->next_post_id = max_id + 1;
  if (!scalar (w->db, "SELECT coalesce (max (id), 0) FROM events", &max_id, error))
    return FALSE;
  w->next_event_id = max_id + 1;
  w->orphan_states = -1;
  return read_data_version (w, &w->seen_version, error);
}

VigilStoreWriter *
_vigil_store_writer_new (sqlite3  *db,
                         GError  **error)
{
  VigilStoreWriter *w = g_new0 (VigilStoreWriter, 1);

  w->db = db;
  w->tags = g_string_new (NULL);
  w->media = g_string_new (NULL);
  w->fts_text = g_string_new (NULL);
  w->fts_tags = g_string_new (NULL);
  w->fts_ops = g_array_new (FALSE, TRUE, sizeof (VigilFtsRow));
  g_array_set_clear_func (w->fts_ops, _vigil_fts_row_clear);
  w->created = g_ptr_array_new ();
  w->edited = g_ptr_array_new ();

#define PREPARE(field, sql) \
  if ((w->field = _vigil_sqlite_statement_new (db, sql, error)) == NULL) \
    goto fail;

  PREPARE (begin, "BEGIN IMMEDIATE");
  PREPARE (data_version, "PRAGMA data_version");
  PREPARE (commit, "COMMIT");
  PREPARE (rollback, "ROLLBACK");
  PREPARE (insert_post,
           "INSERT INTO posts (" VIGIL_POSTS_CHAIN_COLUMNS ", prev_hash, hash) "
           "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) "
           "ON CONFLICT (platform, remote_id) DO NOTHING");
  PREPARE (insert_profile,
           "INSERT INTO author_profiles (post_id, following, account_created_us, has_avatar, has_bio) "
           "VALUES (?, ?, ?, ?, ?)");
  PREPARE (find_post,
           "SELECT id, text, spoiler, title, tags, media, author, author_name, created_us "
           "FROM posts WHERE platform = ? AND remote_id = ?");
  PREPARE (find_state,
           "SELECT deleted, edited, text, spoiler, title, tags, media "
           "FROM post_state WHERE platform = ? AND remote_id = ?");
  PREPARE (upsert_state,
           "INSERT INTO post_state (platform, remote_id, deleted, edited, text, spoiler, "
           "title, tags, media, last_seq) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?) "
           "ON CONFLICT (platform, remote_id) DO UPDATE SET deleted = excluded.deleted, "
           "edited = excluded.edited, text = excluded.text, spoiler = excluded.spoiler, "
           "title = excluded.title, tags = excluded.tags, media = excluded.media, "
           "last_seq = excluded.last_seq");
  PREPARE (insert_event,
           "INSERT INTO events (" VIGIL_EVENTS_CHAIN_COLUMNS ", prev_hash, hash) "
           "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
  PREPARE (fts_insert,
           "INSERT INTO posts_fts (rowid, text, author, author_name, tags) VALUES (?, ?, ?, ?, ?)");
  PREPARE (fts_delete,
           "INSERT INTO posts_fts (posts_fts, rowid, text, author, author_name, tags) "
           "VALUES ('delete', ?, ?, ?, ?, ?)");
  PREPARE (update_head, "UPDATE chain_head SET count = ?, last_hash = ?, head_hash = ? WHERE id = 1");
  PREPARE (insert_log, "INSERT INTO access_log (at_us, actor, action, detail) VALUES (?, ?, ?, ?)");
  PREPARE (set_cursor,
           "INSERT INTO cursors (source, value, updated_us) VALUES (?, ?, ?) "
           "ON CONFLICT (source) DO UPDATE SET value = excluded.value, "
           "updated_us = excluded.updated_us");
#undef PREPARE

  if ((w->anno = _vigil_store_annotations_new (db, error)) == NULL)
    goto fail;
  if (!load_state (w, error))
    goto fail;

  return w;

fail:
  _vigil_store_writer_free (w);
  return NULL;
}

gint64
_vigil_store_writer_last_id (VigilStoreWriter *w)
{
  return w->next_post_id - 1;
}

/* Joins a list with U+001F; NULL when empty. Separators inside an element
 * (a control character nobody types) become spaces so the list splits back. */
const char *
_vigil_store_join_list (GString            *buf,
                        const char * const *strv)
{
  g_string_truncate (buf, 0);
  for (guint i = 0; strv != NULL && strv[i] != NULL; i++)
    {
      gsize start;

      if (strv[i][0] == '\0')
        continue;
      if (buf->len > 0)
        g_string_append_c (buf, VIGIL_STORE_LIST_SEP);
      start = buf->len;
      g_string_append (buf, strv[i]);
      for (gsize j = start; j < buf->len; j++)
        if (buf->str[j] == VIGIL_STORE_LIST_SEP)
          buf->str[j] = ' ';
    }
  return buf->len > 0 ? buf->str : NULL;
}

/* What the FTS index holds for a post: title, spoiler and text joined by
 * newlines, and the tags separated by spaces. verify rebuilds the index with
 * these same two functions (vigil-store-derived.c). */
const char *
_vigil_store_fts_text (GString    *buf,
                       const char *title,
                       const char *spoiler,
                       const char *text)
{
  const char *parts[] = { title, spoiler, text };

  if (title == NULL && spoiler == NULL)
    return text;

  g_string_truncate (buf, 0);
  for (guint i = 0; i < G_N_ELEMENTS (parts); i++)
    {
      if (parts[i] == NULL || parts[i][0] == '\0')
        continue;
      if (buf->len > 0)
        g_string_append_c (buf, '\n');
      g_string_append (buf, parts[i]);
    }
  return buf->str;
}

const char *
_vigil_store_fts_tags (GString    *buf,
                       const char *tags)
{
  if (tags == NULL)
    return NULL;
  g_string_assign (buf, tags);
  for (gsize j = 0; j < buf->len; j++)
    if (buf->str[j] == VIGIL_STORE_LIST_SEP)
      buf->str[j] = ' ';
  return buf->str;
}

/* what is untranslated (N_()): it is only translated when something fails */
static gboolean
run (VigilStoreWriter      *w,
     VigilSqliteStatement  *stmt,
     const char            *what,
     GError               **error)
{
  return _vigil_sqlite_statement_run (stmt, _(what), error);
}

gint64
_vigil_store_fts_bucket (gboolean has_created,
                         gint64   created_us)
{
  gint64 s;

  if (!has_created)
    return -VIGIL_FTS_BUCKET_MAX - 1;
  s = created_us / G_USEC_PER_SEC - (created_us % G_USEC_PER_SEC < 0 ? 1 : 0);
  return CLAMP (s - VIGIL_FTS_EPOCH_S, -VIGIL_FTS_BUCKET_MAX, VIGIL_FTS_BUCKET_MAX);
}

gint64
_vigil_store_fts_key (gboolean has_created,
                      gint64   created_us,
                      gint64   post_id)
{
  return _vigil_store_fts_bucket (has_created, created_us) * (VIGIL_FTS_MAX_ID + 1) + post_id;
}

static gboolean
fts_write (VigilStoreWriter      *w,
           VigilSqliteStatement  *stmt,
           gint64             key,
           const char        *title,
           const char        *spoiler,
           const char        *text,
           const char        *author,
           const char        *author_name,
           const char        *tags,
           GError           **error)
{
  VigilFtsRow op = { key, w->fts_ops->len, stmt == w->fts_delete, NULL, NULL, NULL, NULL };

  op.text = g_strdup (_vigil_store_fts_text (w->fts_text, title, spoiler, text));
  op.author = g_strdup (author);
  op.author_name = g_strdup (author_name);
  op.tags = g_strdup (_vigil_store_fts_tags (w->fts_tags, tags));
  g_array_append_val (w->fts_ops, op);
  (void) error;
  return TRUE;
}

/* Makes the batch's index writes, in key order (in the order queued for
 * one key: a delete before the insert that replaces it). */
static gboolean
fts_flush (VigilStoreWriter  *w,
           GError           **error)
{
  gboolean ok = TRUE;

  g_array_sort (w->fts_ops, _vigil_fts_row_compare);
  for (guint i = 0; ok && i < w->fts_ops->len; i++)
    {
      VigilFtsRow *op = &g_array_index (w->fts_ops, VigilFtsRow, i);
      VigilSqliteStatement *stmt = op->delete ? w->fts_delete : w->fts_insert;

      _vigil_sqlite_statement_bind_int64 (stmt, 1, op->key);
      _vigil_sqlite_statement_bind_text (stmt, 2, op->text);
      _vigil_sqlite_statement_bind_text (stmt, 3, op->author);
      _vigil_sqlite_statement_bind_text (stmt, 4, op->author_name);
      _vigil_sqlite_statement_bind_text (stmt, 5, op->tags);
      ok = run (w, stmt, N_("Could not index a post for search"), error);
    }
  g_array_set_size (w->fts_ops, 0);
  return ok;
}

static char *
column_dup (sqlite3_stmt *stmt,
            int           column)
{
  return g_strdup ((const char *) sqlite3_column_text (stmt, column));
}

/* Looks up what is archived about (platform, remote_id): the post, and the
 * state folded from its events. */
static gboolean
load_current (VigilStoreWriter  *w,
              const char        *platform,
              const char        *remote_id,
              Current           *cur,
              GError           **error)
{
  int rc;

  memset (cur, 0, sizeof *cur);

  _vigil_sqlite_statement_bind_text (w->find_post, 1, platform);
  _vigil_sqlite_statement_bind_text (w->find_post, 2, remote_id);
  rc = sqlite3_step (_vigil_sqlite_statement_get (w->find_post));
  if (rc == SQLITE_ROW)
    {
      cur->exists = TRUE;
      cur->post_id = sqlite3_column_int64 (_vigil_sqlite_statement_get (w->find_post), 0);
      cur->text = column_dup (_vigil_sqlite_statement_get (w->find_post), 1);
      cur->spoiler = column_dup (_vigil_sqlite_statement_get (w->find_post), 2);
      cur->title = column_dup (_vigil_sqlite_statement_get (w->find_post), 3);
      cur->tags = column_dup (_vigil_sqlite_statement_get (w->find_post), 4);
      cur->media = column_dup (_vigil_sqlite_statement_get (w->find_post), 5);
      cur->author = column_dup (_vigil_sqlite_statement_get (w->find_post), 6);
      cur->author_name = column_dup (_vigil_sqlite_statement_get (w->find_post), 7);
      cur->has_created = sqlite3_column_type (_vigil_sqlite_statement_get (w->find_post), 8) == SQLITE_INTEGER;
      cur->created_us = sqlite3_column_int64 (_vigil_sqlite_statement_get (w->find_post), 8);
    }
  _vigil_sqlite_statement_reset (w->find_post);
  if (rc != SQLITE_ROW && rc != SQLITE_DONE)
    {
      _vigil_store_set_error (error, w->db, _("Could not look up an archived post"));
      return FALSE;
    }

  _vigil_sqlite_statement_bind_text (w->find_state, 1, platform);
  _vigil_sqlite_statement_bind_text (w->find_state, 2, remote_id);
  rc = sqlite3_step (_vigil_sqlite_statement_get (w->find_state));
  if (rc == SQLITE_ROW)
    {
      /* a NULL field in the state means "as archived in the post" */
      char **fields[] = { &cur->text, &cur->spoiler, &cur->title, &cur->tags, &cur->media };

      cur->has_state = TRUE;
      cur->deleted = sqlite3_column_int (_vigil_sqlite_statement_get (w->find_state), 0) != 0;
      cur->edited = sqlite3_column_int (_vigil_sqlite_statement_get (w->find_state), 1) != 0;
      for (guint i = 0; i < G_N_ELEMENTS (fields); i++)
        if (sqlite3_column_type (_vigil_sqlite_statement_get (w->find_state), 2 + i) != SQLITE_NULL)
          {
            g_free (*fields[i]);
            *fields[i] = column_dup (_vigil_sqlite_statement_get (w->find_state), 2 + i);
          }
    }
  _vigil_sqlite_statement_reset (w->find_state);
  if (rc != SQLITE_ROW && rc != SQLITE_DONE)
    {
      _vigil_store_set_error (error, w->db, _("Could not look up an archived post"));
      return FALSE;
    }
  return TRUE;
}

/* What the source said about the author with the post: one author_profiles
 * row, outside the chain; none when it said nothing. */
static gboolean
insert_profile (VigilStoreWriter  *w,
                VigilPost         *post,
                gint64             id,
                GError           **error)
{
  gint64 following = vigil_post_get_author_following (post);
  GDateTime *created = vigil_post_get_author_created_at (post);
  VigilTristate avatar = vigil_post_get_author_has_avatar (post);
  VigilTristate bio = vigil_post_get_author_has_bio (post);
  int rc;

  if (following < 0 && created == NULL
      && avatar == VIGIL_TRISTATE_UNKNOWN && bio == VIGIL_TRISTATE_UNKNOWN)
    return TRUE;

  _vigil_sqlite_statement_bind_int64 (w->insert_profile, 1, id);
  _vigil_sqlite_statement_bind_int_or_null (w->insert_profile, 2, following, following >= 0);
  _vigil_sqlite_statement_bind_int_or_null (w->insert_profile, 3,
                                            created ? _vigil_store_time_to_us (created) : 0,
                                            created != NULL);
  _vigil_sqlite_statement_bind_int_or_null (w->insert_profile, 4,
                                            avatar, avatar != VIGIL_TRISTATE_UNKNOWN);
  _vigil_sqlite_statement_bind_int_or_null (w->insert_profile, 5,
                                            bio, bio != VIGIL_TRISTATE_UNKNOWN);
  rc = sqlite3_step (_vigil_sqlite_statement_get (w->insert_profile));
  _vigil_sqlite_statement_reset (w->insert_profile);
  if (rc != SQLITE_DONE)
    {
      _vigil_store_set_error (error, w->db, _("Could not archive a post’s author profile"));
      return FALSE;
    }
  return TRUE;
}

/* The raw column holds the payload packed when that is smaller; the chain
 * hashes the field as received (vigil-store-raw.c). */
static void
bind_packed_raw (VigilSqliteStatement  *stmt,
                 int                    index,
                 const VigilChainField *raw,
                 const char * const    *context)
{
  if (raw->type == SQLITE_TEXT && raw->len > 0)
    {
      gsize len = 0;
      guint8 *packed = _vigil_store_raw_pack (raw->s, raw->len, context, &len);

      if (packed != NULL)
        sqlite3_bind_blob (_vigil_sqlite_statement_get (stmt), index, packed, (int) len, g_free);
    }
}

static gboolean insert_event (VigilStoreWriter        *w,
                              VigilPost               *post,
                              gboolean                 is_edit,
                              gint64                   now_us,
                              VigilStoreInsertResult  *result,
                              GError                 **error);

static gboolean
insert_create (VigilStoreWriter        *w,
               VigilPost               *post,
               gint64                   now_us,
               VigilStoreInsertResult  *result,
               GError                 **error)
{
  VigilChainField f[VIGIL_POSTS_N_CHAIN_COLUMNS];
  guint8 hash[VIGIL_HASH_LEN];
  GDateTime *created = vigil_post_get_created_at (post);
  GDateTime *fetched = vigil_post_get_fetched_at (post);
  const char *platform = vigil_post_get_platform_name (post);
  const char *remote_id = vigil_post_get_remote_id (post);
  const char *tags = _vigil_store_join_list (w->tags, vigil_post_get_tags (post));
  const char *media = _vigil_store_join_list (w->media, vigil_post_get_media (post));
  gint64 metrics[] = {
    vigil_post_get_author_followers (post),
    vigil_post_get_replies (post),
    vigil_post_get_reposts (post),
    vigil_post_get_likes (post),
  };
  gint64 id = w->next_post_id;
  gint64 key;
  int rc;

  if (id > VIGIL_FTS_MAX_ID)
    {
      g_set_error (error, VIGIL_STORE_ERROR, VIGIL_STORE_ERROR_INVALID,
                   _("The archive is full (it holds the most posts one archive can). "
                     "Start a new archive; this one stays readable."));
      return FALSE;
    }
  key = _vigil_store_fts_key (created != NULL, created ? _vigil_store_time_to_us (created) : 0, id);
  /* before this post is archived, which would hide its own orphan state */
  if (w->orphan_states < 0
      && !scalar (w->db,
                  "SELECT count(*) FROM post_state s WHERE NOT EXISTS (SELECT 1 FROM posts p "
                  "WHERE p.platform = s.platform AND p.remote_id = s.remote_id)",
                  &w->orphan_states, error))
    return FALSE;
  vigil_chain_field_int (&f[0], id);
  vigil_chain_field_int (&f[1], w->chain_count + 1);
  vigil_chain_field_text (&f[2], platform);
  vigil_chain_field_text (&f[3], remote_id);
  vigil_chain_field_text (&f[4], vigil_post_get_author (post));
  vigil_chain_field_text (&f[5], vigil_post_get_author_name (post));
  if (metrics[0] >= 0)
    vigil_chain_field_int (&f[6], metrics[0]);
  else
    vigil_chain_field_null (&f[6]);
  vigil_chain_field_text (&f[7], vigil_post_get_url (post));
  vigil_chain_field_text (&f[8], vigil_post_get_text (post));
  vigil_chain_field_text (&f[9], vigil_post_get_lang (post));
  vigil_chain_field_text (&f[10], vigil_post_get_spoiler (post));
  vigil_chain_field_text (&f[11], vigil_post_get_title (post));
  vigil_chain_field_int (&f[12], vigil_post_get_visibility (post));
  vigil_chain_field_text (&f[13], tags);
  vigil_chain_field_text (&f[14], media);
  if (created != NULL)
    vigil_chain_field_int (&f[15], _vigil_store_time_to_us (created));
  else
    vigil_chain_field_null (&f[15]);
  if (fetched != NULL)
    vigil_chain_field_int (&f[16], _vigil_store_time_to_us (fetched));
  else
    vigil_chain_field_null (&f[16]);
  vigil_chain_field_text (&f[17], vigil_post_get_parent_id (post));
  vigil_chain_field_text (&f[18], vigil_post_get_thread_id (post));
  for (guint i = 1; i < G_N_ELEMENTS (metrics); i++)
    {
      if (metrics[i] >= 0)
        vigil_chain_field_int (&f[18 + i], metrics[i]);
      else
        vigil_chain_field_null (&f[18 + i]);
    }
  vigil_chain_field_text (&f[22], vigil_post_get_raw (post));
  vigil_chain_field_int (&f[23], now_us);

  _vigil_chain_hash_row_fast (VIGIL_CHAIN_LABEL_POSTS, w->last_hash,
                              f, G_N_ELEMENTS (f), hash);

  _vigil_chain_bind_fields (_vigil_sqlite_statement_get (w->insert_post), f, G_N_ELEMENTS (f));
  bind_packed_raw (w->insert_post, 23, &f[22], (const char *[]) { f[3].s, f[4].s, f[7].s, f[8].s });
  _vigil_sqlite_statement_bind_blob (w->insert_post, VIGIL_POSTS_N_CHAIN_COLUMNS + 1,
                                     w->last_hash, VIGIL_HASH_LEN);
  _vigil_sqlite_statement_bind_blob (w->insert_post, VIGIL_POSTS_N_CHAIN_COLUMNS + 2,
                                     hash, VIGIL_HASH_LEN);
  rc = sqlite3_step (_vigil_sqlite_statement_get (w->insert_post));
  _vigil_sqlite_statement_reset (w->insert_post);
  if (rc != SQLITE_DONE)
    {
      _vigil_store_set_error (error, w->db, _("Could not archive a post"));
      return FALSE;
    }

  if (sqlite3_changes (w->db) == 0)
    {
      /* already archived: a duplicate when its content is the current one;
       * fetched again with other content (an edit the source did not
       * announce), it is archived as an edit so no change is lost */
      return insert_event (w, post, TRUE, now_us, result, error);
    }

  w->chain_count++;
  memcpy (w->last_hash, hash, VIGIL_HASH_LEN);
  w->next_post_id++;
  result->added++;
  vigil_post_set_id (post, id);
  g_ptr_array_add (w->created, post);

  if (!insert_profile (w, post, id, error))
    return FALSE;

  if (w->orphan_states > 0)
    {
      /* events about this post arrived before it: index its current text */
      g_auto(Current) cur = { 0 };

      if (!load_current (w, platform, remote_id, &cur, error))
        return FALSE;
      if (cur.has_state)
        {
          w->orphan_states--;
          return fts_write (w, w->fts_insert, key, cur.title, cur.spoiler, cur.text,
                            cur.author, cur.author_name, cur.tags, error);
        }
    }

  return fts_write (w, w->fts_insert, key, f[11].s, f[10].s, f[8].s, f[4].s, f[5].s, tags, error);
}

static gboolean
insert_event (VigilStoreWriter        *w,
              VigilPost               *post,
              gboolean                 is_edit,
              gint64                   now_us,
              VigilStoreInsertResult  *result,
              GError                 **error)
{
  VigilChainField f[VIGIL_EVENTS_N_CHAIN_COLUMNS];
  guint8 hash[VIGIL_HASH_LEN];
  g_auto(Current) cur = { 0 };
  const char *platform = vigil_post_get_platform_name (post);
  const char *remote_id = vigil_post_get_remote_id (post);
  const char *tags = _vigil_store_join_list (w->tags, vigil_post_get_tags (post));
  const char *media = _vigil_store_join_list (w->media, vigil_post_get_media (post));
  GDateTime *fetched = vigil_post_get_fetched_at (post);
  const char *new_text = NULL;
  const char *new_spoiler = NULL;
  const char *new_title = NULL;
  const char *new_tags = NULL;
  const char *new_media = NULL;
  gboolean known;
  gint64 id = w->next_event_id;
  gint64 seq = w->chain_count + 1;
  int rc;

  if (!load_current (w, platform, remote_id, &cur, error))
    return FALSE;
  known = cur.exists || cur.has_state;
  vigil_post_set_id (post, cur.exists ? cur.post_id : 0);

  if (is_edit)
    {
      /* a field the edit does not carry is unchanged */
      new_text = vigil_post_get_text (post) ? vigil_post_get_text (post) : cur.text;
      new_spoiler = vigil_post_get_spoiler (post) ? vigil_post_get_spoiler (post) : cur.spoiler;
      new_title = vigil_post_get_title (post) ? vigil_post_get_title (post) : cur.title;
      new_tags = tags ? tags : cur.tags;
      new_media = media ? media : cur.media;

      if (known
          && g_strcmp0 (new_text, cur.text) == 0
          && g_strcmp0 (new_spoiler, cur.spoiler) == 0
          && g_strcmp0 (new_title, cur.title) == 0
          && g_strcmp0 (new_tags, cur.tags) == 0
          && g_strcmp0 (new_media, cur.media) == 0)
        {
          result->duplicates++;
          return TRUE;
        }
    }
  else if (cur.deleted)
    {
      result->duplicates++;
      return TRUE;
    }

  vigil_chain_field_int (&f[0], id);
  vigil_chain_field_int (&f[1], seq);
  vigil_chain_field_text (&f[2], platform);
  vigil_chain_field_text (&f[3], remote_id);
  if (cur.exists)
    vigil_chain_field_int (&f[4], cur.post_id);
  else
    vigil_chain_field_null (&f[4]);
  vigil_chain_field_text (&f[5], is_edit ? "edit" : "delete");
  vigil_chain_field_text (&f[6], vigil_post_get_text (post));
  vigil_chain_field_text (&f[7], vigil_post_get_spoiler (post));
  vigil_chain_field_text (&f[8], vigil_post_get_title (post));
  vigil_chain_field_text (&f[9], tags);
  vigil_chain_field_text (&f[10], media);
  vigil_chain_field_int (&f[11], fetched ? _vigil_store_time_to_us (fetched) : now_us);
  vigil_chain_field_int (&f[12], now_us);
  vigil_chain_field_text (&f[13], vigil_post_get_raw (post));

  _vigil_chain_hash_row_fast (VIGIL_CHAIN_LABEL_EVENTS, w->last_hash,
                                f, G_N_ELEMENTS (f), hash);
  _vigil_chain_bind_fields (_vigil_sqlite_statement_get (w->insert_event), f, G_N_ELEMENTS (f));
  bind_packed_raw (w->insert_event, 14, &f[13], (const char *[]) { f[3].s, NULL, NULL, f[6].s });
  _vigil_sqlite_statement_bind_blob (w->insert_event, VIGIL_EVENTS_N_CHAIN_COLUMNS + 1,
                                     w->last_hash, VIGIL_HASH_LEN);
  _vigil_sqlite_statement_bind_blob (w->insert_event, VIGIL_EVENTS_N_CHAIN_COLUMNS + 2,
                                     hash, VIGIL_HASH_LEN);
  rc = sqlite3_step (_vigil_sqlite_statement_get (w->insert_event));
  _vigil_sqlite_statement_reset (w->insert_event);
  if (rc != SQLITE_DONE)
    {
      _vigil_store_set_error (error, w->db, _("Could not archive an edit or deletion"));
      return FALSE;
    }
  w->chain_count++;
  memcpy (w->last_hash, hash, VIGIL_HASH_LEN);
  w->next_event_id++;

  /* fold the event into the derived state */
  _vigil_sqlite_statement_bind_text (w->upsert_state, 1, platform);
  _vigil_sqlite_statement_bind_text (w->upsert_state, 2, remote_id);
  _vigil_sqlite_statement_bind_int64 (w->upsert_state, 3, cur.deleted || !is_edit);
  _vigil_sqlite_statement_bind_int64 (w->upsert_state, 4, cur.edited || is_edit);
  if (is_edit)
    {
      _vigil_sqlite_statement_bind_text (w->upsert_state, 5, new_text);
      _vigil_sqlite_statement_bind_text (w->upsert_state, 6, new_spoiler);
      _vigil_sqlite_statement_bind_text (w->upsert_state, 7, new_title);
      _vigil_sqlite_statement_bind_text (w->upsert_state, 8, new_tags);
      _vigil_sqlite_statement_bind_text (w->upsert_state, 9, new_media);
    }
  else if (cur.has_state && cur.edited)
    {
      _vigil_sqlite_statement_bind_text (w->upsert_state, 5, cur.text);
      _vigil_sqlite_statement_bind_text (w->upsert_state, 6, cur.spoiler);
      _vigil_sqlite_statement_bind_text (w->upsert_state, 7, cur.title);
      _vigil_sqlite_statement_bind_text (w->upsert_state, 8, cur.tags);
      _vigil_sqlite_statement_bind_text (w->upsert_state, 9, cur.media);
    }
  else
    {
      for (int i = 5; i <= 9; i++)
        _vigil_sqlite_statement_bind_null (w->upsert_state, i);
    }
  _vigil_sqlite_statement_bind_int64 (w->upsert_state, 10, seq);
  if (!run (w, w->upsert_state, N_("Could not record a post's current state"), error))
    return FALSE;

  if (is_edit && cur.exists)
    {
      gint64 key = _vigil_store_fts_key (cur.has_created, cur.created_us, cur.post_id);

      if (!fts_write (w, w->fts_delete, key, cur.title, cur.spoiler, cur.text,
                      cur.author, cur.author_name, cur.tags, error)
          || !fts_write (w, w->fts_insert, key, new_title, new_spoiler, new_text,
                         cur.author, cur.author_name, new_tags, error))
        return FALSE;
    }

  if (!cur.exists)
    {
      if (!cur.has_state && w->orphan_states >= 0)
        w->orphan_states++;
      result->orphans++;
    }
  else if (is_edit)
    {
      /* the annotator classifies the post as it now reads */
      if (vigil_post_get_text (post) == NULL)
        vigil_post_set_text (post, new_text);
      if (vigil_post_get_author (post) == NULL)
        vigil_post_set_author (post, cur.author);
      if (vigil_post_get_author_name (post) == NULL)
        vigil_post_set_author_name (post, cur.author_name);
      g_ptr_array_add (w->edited, post);
      result->edits++;
    }
  else
    result->deletes++;
  return TRUE;
}

gboolean
_vigil_store_writer_insert (VigilStoreWriter        *w,
                            GPtrArray               *posts,
                            VigilStoreAnnotateFunc   annotate,
                            gpointer                 annotate_data,
                            VigilStoreInsertResult  *result,
                            GError                 **error)
{
  WriterState saved;
  guint64 chain_before = w->chain_count;
  gint64 now_us = g_get_real_time ();
  gint64 version;
  guint i = 0;

  memset (result, 0, sizeof *result);
  g_ptr_array_set_size (w->created, 0);
  g_ptr_array_set_size (w->edited, 0);
  saved.chain_count = w->chain_count;
  memcpy (saved.last_hash, w->last_hash, VIGIL_HASH_LEN);
  saved.next_post_id = w->next_post_id;
  saved.next_event_id = w->next_event_id;
  saved.orphan_states = w->orphan_states;

  if (!run (w, w->begin, N_("Could not start writing to the archive"), error))
    return FALSE;

  /* under the write lock now: if another process appended meanwhile,
   * continue its chain and ids */
  if (!read_data_version (w, &version, error))
    goto fail;
  if (version != w->seen_version)
    {
      g_debug ("The archive was written by another connection; reloading its chain head");
      if (!load_state (w, error))
        goto fail;
      chain_before = w->chain_count;
    }

  for (i = 0; posts != NULL && i < posts->len; i++)
    {
      VigilPost *post = g_ptr_array_index (posts, i);
      gboolean ok;

      if (vigil_post_get_event (post) == VIGIL_POST_EVENT_CREATE)
        ok = insert_create (w, post, now_us, result, error);
      else
        ok = insert_event (w, post, vigil_post_get_event (post) == VIGIL_POST_EVENT_EDIT,
                           now_us, result, error);
      if (!ok)
        goto fail;
    }

  if (!fts_flush (w, error))
    goto fail;

  /* after deduplication: only what this insert archived is classified */
  if (annotate != NULL && (w->created->len > 0 || w->edited->len > 0))
    annotate (w->created, w->edited, annotate_data);
  if (!_vigil_store_annotations_save (w->anno, w->created, now_us, error)
      || !_vigil_store_annotations_save (w->anno, w->edited, now_us, error))
    goto fail;
  g_ptr_array_set_size (w->created, 0);
  g_ptr_array_set_size (w->edited, 0);

  if (w->chain_count != chain_before && !write_head (w, error))
    goto fail;
  if (!run (w, w->commit, N_("Could not commit to the archive"), error))
    goto fail;

  result->last_id = w->next_post_id - 1;
  return TRUE;

fail:
  sqlite3_step (_vigil_sqlite_statement_get (w->rollback));
  _vigil_sqlite_statement_reset (w->rollback);
  g_array_set_size (w->fts_ops, 0);
  g_ptr_array_set_size (w->created, 0);
  g_ptr_array_set_size (w->edited, 0);
  w->chain_count = saved.chain_count;
  memcpy (w->last_hash, saved.last_hash, VIGIL_HASH_LEN);
  w->next_post_id = saved.next_post_id;
  w->next_event_id = saved.next_event_id;
  w->orphan_states = saved.orphan_states;
  /* reload from the file before the next write, whatever happened here */
  w->seen_version = -1;
  for (guint j = 0; posts != NULL && j < posts->len && j <= i; j++)
    vigil_post_set_id (g_ptr_array_index (posts, j), 0);
  memset (result, 0, sizeof *result);
  result->last_id = w->next_post_id - 1;
  return FALSE;
}

/* Cuts s to at most max bytes on a character boundary. */
static char *
bounded (const char *s,
         gsize       max)
{
  const char *end;

  if (s == NULL)
    return NULL;
  if (strlen (s) <= max)
    return g_utf8_make_valid (s, -1);
  end = g_utf8_find_prev_char (s, s + max + 1);
  return g_utf8_make_valid (s, end ? end - s : 0);
}

gboolean
_vigil_store_writer_log (VigilStoreWriter  *w,
                         const char        *actor,
                         const char        *action,
                         const char        *detail,
                         GError           **error)
{
  g_autofree char *b_actor = bounded (actor, MAX_LOG_FIELD);
  g_autofree char *b_action = bounded (action, MAX_LOG_FIELD);
  g_autofree char *b_detail = bounded (detail, MAX_LOG_DETAIL);

  _vigil_sqlite_statement_bind_int64 (w->insert_log, 1, g_get_real_time ());
  _vigil_sqlite_statement_bind_text (w->insert_log, 2, b_actor);
  _vigil_sqlite_statement_bind_text (w->insert_log, 3, b_action);
  _vigil_sqlite_statement_bind_text (w->insert_log, 4, b_detail);
  return run (w, w->insert_log, N_("Could not write to the access log"), error);
}

gboolean
_vigil_store_writer_cursor (VigilStoreWriter  *w,
                            const char        *source,
                            const char        *cursor,
                            GError           **error)
{
  if (cursor != NULL && strlen (cursor) > MAX_CURSOR)
    {
      g_set_error (error, VIGIL_STORE_ERROR, VIGIL_STORE_ERROR_SQL,
                   _("The cursor for %s is too long (%zu bytes, at most %d)"),
                   source, strlen (cursor), MAX_CURSOR);
      return FALSE;
    }
  _vigil_sqlite_statement_bind_text (w->set_cursor, 1, source);
  _vigil_sqlite_statement_bind_text (w->set_cursor, 2, cursor);
  _vigil_sqlite_statement_bind_int64 (w->set_cursor, 3, g_get_real_time ());
  return run (w, w->set_cursor, N_("Could not save a source cursor"), error);
}

gboolean
_vigil_store_writer_merge_step (VigilStoreWriter *w)
{
  int before;
  gboolean more = FALSE;

  if (!run (w, w->begin, N_("Could not start writing to the archive"), NULL))
    return FALSE;
  before = sqlite3_total_changes (w->db);
  /* up to 256 pages; fewer than 2 changes means nothing was left to merge */
  if (sqlite3_exec (w->db, "INSERT INTO posts_fts (posts_fts, rank) VALUES ('merge', 256)",
                    NULL, NULL, NULL) == SQLITE_OK)
    more = sqlite3_total_changes (w->db) - before >= 2;
  if (!run (w, w->commit, N_("Could not commit to the archive"), NULL))
    {
      sqlite3_step (_vigil_sqlite_statement_get (w->rollback));
      _vigil_sqlite_statement_reset (w->rollback);
      return FALSE;
    }
  if (!more)
    sqlite3_exec (w->db, "PRAGMA wal_checkpoint (PASSIVE)", NULL, NULL, NULL);
  return more;
}

/* One transaction around a write of the annotations module. */
static gboolean
begin (VigilStoreWriter  *w,
       GError           **error)
{
  return run (w, w->begin, N_("Could not start writing to the archive"), error);
}

static gboolean
commit_or_rollback (VigilStoreWriter  *w,
                    gboolean           ok,
                    GError           **error)
{
  if (ok && run (w, w->commit, N_("Could not commit to the archive"), error))
    return TRUE;
  sqlite3_step (_vigil_sqlite_statement_get (w->rollback));
  _vigil_sqlite_statement_reset (w->rollback);
  return FALSE;
}

gboolean
_vigil_store_writer_override (VigilStoreWriter  *w,
                              const gint64      *ids,
                              guint              n_ids,
                              VigilSentiment     label,
                              const char        *actor,
                              GError           **error)
{
  gboolean ok;

  if (!begin (w, error))
    return FALSE;
  ok = _vigil_store_annotations_override (w->anno, ids, n_ids, label, actor,
                                          g_get_real_time (), error);
  return commit_or_rollback (w, ok, error);
}

gboolean
_vigil_store_writer_alert (VigilStoreWriter        *w,
                           const VigilAlertRecord  *record,
                           GError                 **error)
{
  gboolean ok;

  if (!begin (w, error))
    return FALSE;
  ok = _vigil_store_annotations_alert (w->anno, record, g_get_real_time (), error);
  return commit_or_rollback (w, ok, error);
}

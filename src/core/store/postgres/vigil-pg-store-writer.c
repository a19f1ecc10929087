/* vigil-pg-store-writer.c: archiving posts into the team database (writer thread)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * One insert is one transaction, with the SQLite writer's semantics
 * (sqlite/vigil-store-writer.c): CREATEs deduplicated on (platform,
 * remote_id), a CREATE with other content archived as an edit, EDIT/DELETE
 * as events (duplicates skipped, orphans kept), post_state folded from the
 * events, the search index holding the current text, annotations upserted.
 * The batch is worked out in memory after one lookup of every key it
 * names, then written with COPY (posts, events, profiles, index of new
 * posts) and a few multi-row upserts. The chain head row is locked FOR
 * UPDATE first, so writers in several processes continue one chain; ids
 * and seqs are handed out under that lock.
 */
#define G_LOG_DOMAIN "vigil-pg-store-writer"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "vigil-pg-store-private.h"

#define LIST_SEP '\x1f'

/* What is archived about one (platform, remote_id), as the batch goes. */
typedef struct
{
  gboolean  exists;
  gboolean  has_state;
  gboolean  state_dirty;   /* post_state to upsert */
  gboolean  doc_dirty;     /* the index to rewrite (an existing post edited) */
  gboolean  created_here;  /* the post was archived by this batch */
  gint64    post_id;
  gboolean  deleted;
  gboolean  edited;
  gint64    last_seq;
  char     *platform;
  char     *remote_id;
  /* current values (state's if set, else the post's) */
  char     *text;
  char     *spoiler;
  char     *title;
  char     *tags;
  char     *media;
  /* the state's own values (NULL = as archived in the post) */
  char     *s_text;
  char     *s_spoiler;
  char     *s_title;
  char     *s_tags;
  char     *s_media;
  char     *author;
  char     *author_name;
} Current;

static void
current_free (gpointer data)
{
  Current *c = data;

  g_free (c->platform);
  g_free (c->remote_id);
  g_free (c->text);
  g_free (c->spoiler);
  g_free (c->title);
  g_free (c->tags);
  g_free (c->media);
  g_free (c->s_text);
  g_free (c->s_spoiler);
  g_free (c->s_title);
  g_free (c->s_tags);
  g_free (c->s_media);
  g_free (c->author);
  g_free (c->author_name);
  g_free (c);
}

static void
set_str (char       **field,
         const char  *value)
{
  char *copy = g_strdup (value);

  g_free (*field);
  *field = copy;
}

typedef struct
{
  VigilPgStore           *self;
  PGconn                 *conn;
  gint64                  now_us;
  guint64                 chain_count;
  guint8                  last_hash[VIGIL_HASH_LEN];
  gint64                  next_post_id;
  gint64                  next_event_id;
  GHashTable             *current;   /* "platform\x1fremote_id" → Current */
  GString                *posts_copy;
  GString                *events_copy;
  GString                *profiles_copy;
  GString                *fts_copy;
  GString                *tags;
  GString                *media;
  GString                *doc;
  GString                *fts_text;
  GPtrArray              *created;   /* borrowed posts */
  GPtrArray              *edited;
  VigilStoreInsertResult *result;
} Batch;

static void
batch_clear (Batch *b)
{
  g_clear_pointer (&b->current, g_hash_table_unref);
  g_string_free (b->posts_copy, TRUE);
  g_string_free (b->events_copy, TRUE);
  g_string_free (b->profiles_copy, TRUE);
  g_string_free (b->fts_copy, TRUE);
  g_string_free (b->tags, TRUE);
  g_string_free (b->media, TRUE);
  g_string_free (b->doc, TRUE);
  g_string_free (b->fts_text, TRUE);
  g_ptr_array_unref (b->created);
  g_ptr_array_unref (b->edited);
}

static char *
key_of (const char *platform,
        const char *remote_id)
{
  return g_strconcat (platform, "\x1f", remote_id, NULL);
}

/* Joins a list with U+001F; NULL when empty (as the SQLite writer). */
static const char *
join_list (GString            *buf,
           const char * const *strv)
{
  g_string_truncate (buf, 0);
  for (guint i = 0; strv != NULL && strv[i] != NULL; i++)
    {
      gsize start;

      if (strv[i][0] == '\0')
        continue;
      if (buf->len > 0)
        g_string_append_c (buf, LIST_SEP);
      start = buf->len;
      g_string_append (buf, strv[i]);
      for (gsize j = start; j < buf->len; j++)
        if (buf->str[j] == LIST_SEP)
          buf->str[j] = ' ';
    }
  return buf->len > 0 ? buf->str : NULL;
}

/* --- COPY text format ---------------------------------------------------- */

static void
copy_text (GString    *out,
           const char *s)
{
  if (s == NULL)
    {
      g_string_append (out, "\\N");
      return;
    }
  for (const char *p = s; *p; p++)
    {
      switch (*p)
        {
        case '\\': g_string_append (out, "\\\\"); break;
        case '\t': g_string_append (out, "\\t"); break;
        case '\n': g_string_append (out, "\\n"); break;
        case '\r': g_string_append (out, "\\r"); break;
        default: g_string_append_c (out, *p); break;
        }
    }
}

static void
copy_hash (GString      *out,
           const guint8 *hash)
{
  /* bytea hex input, its backslash escaped for COPY */
  g_string_append (out, "\\\\x");
  for (guint i = 0; i < VIGIL_HASH_LEN; i++)
    g_string_append_printf (out, "%02x", hash[i]);
}

static void
copy_field (GString               *out,
            const VigilChainField *f)
{
  if (f->type == VIGIL_CHAIN_INTEGER)
    g_string_append_printf (out, "%" G_GINT64_FORMAT, f->i);
  else if (f->type == VIGIL_CHAIN_NULL)
    g_string_append (out, "\\N");
  else
    copy_text (out, f->s);
}

static void
copy_row (GString               *out,
          const VigilChainField *fields,
          guint                  n_fields,
          const guint8          *prev_hash,
          const guint8          *hash)
{
  for (guint i = 0; i < n_fields; i++)
    {
      copy_field (out, &fields[i]);
      g_string_append_c (out, '\t');
    }
  copy_hash (out, prev_hash);
  g_string_append_c (out, '\t');
  copy_hash (out, hash);
  g_string_append_c (out, '\n');
}

static void
copy_int_or_null (GString  *out,
                  gint64    v,
                  gboolean  known)
{
  if (known)
    g_string_append_printf (out, "%" G_GINT64_FORMAT, v);
  else
    g_string_append (out, "\\N");
}

gboolean
_vigil_pg_copy (PGconn      *conn,
                const char  *sql,
                GString     *data,
                GError     **error)
{
  g_autoptr(PGresult) res = NULL;

  if (data->len == 0)
    return TRUE;
  res = PQexec (conn, sql);
  if (PQresultStatus (res) != PGRES_COPY_IN)
    {
      _vigil_pg_set_error (error, conn, res, _("Could not archive posts"));
      return FALSE;
    }
  g_clear_pointer (&res, PQclear);
  if (PQputCopyData (conn, data->str, data->len) != 1 || PQputCopyEnd (conn, NULL) != 1)
    {
      _vigil_pg_set_error (error, conn, NULL, _("Could not archive posts"));
      return FALSE;
    }
  res = PQgetResult (conn);
  if (PQresultStatus (res) != PGRES_COMMAND_OK)
    {
      _vigil_pg_set_error (error, conn, res, _("Could not archive posts"));
      while ((res = PQgetResult (conn)) != NULL)
        PQclear (res);
      return FALSE;
    }
  g_clear_pointer (&res, PQclear);
  while ((res = PQgetResult (conn)) != NULL)
    g_clear_pointer (&res, PQclear);
  return TRUE;
}

/* --- Looking the batch's keys up ----------------------------------------- */

static void
array_elem (GString    *out,
            const char *s)
{
  if (out->len > 1)
    g_string_append_c (out, ',');
  g_string_append_c (out, '"');
  for (const char *p = s; *p; p++)
    {
      if (*p == '"' || *p == '\\')
        g_string_append_c (out, '\\');
      g_string_append_c (out, *p);
    }
  g_string_append_c (out, '"');
}

static gboolean
load_current (Batch      *b,
              GPtrArray  *posts,
              GError    **error)
{
  g_autoptr(GString) platforms = g_string_new ("{");
  g_autoptr(GString) remote_ids = g_string_new ("{");
  g_autoptr(GHashTable) seen = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_autoptr(PGresult) res = NULL;
  const char *values[2];

  for (guint i = 0; i < posts->len; i++)
    {
      VigilPost *post = g_ptr_array_index (posts, i);
      char *key = key_of (vigil_post_get_platform_name (post), vigil_post_get_remote_id (post));

      if (!g_hash_table_add (seen, key))
        continue;
      array_elem (platforms, vigil_post_get_platform_name (post));
      array_elem (remote_ids, vigil_post_get_remote_id (post));
    }
  g_string_append_c (platforms, '}');
  g_string_append_c (remote_ids, '}');
  values[0] = platforms->str;
  values[1] = remote_ids->str;

  res = _vigil_pg_exec_params (b->conn,
                               "SELECT k.platform, k.remote_id, p.id, p.text, p.spoiler, p.title, "
                               "p.tags, p.media, p.author, p.author_name, s.deleted, s.edited, "
                               "s.text, s.spoiler, s.title, s.tags, s.media, s.last_seq, "
                               "s.platform IS NOT NULL "
                               "FROM unnest ($1::text[], $2::text[]) AS k (platform, remote_id) "
                               "LEFT JOIN posts p ON p.platform = k.platform AND p.remote_id = k.remote_id "
                               "LEFT JOIN post_state s ON s.platform = k.platform AND s.remote_id = k.remote_id "
                               "WHERE p.id IS NOT NULL OR s.platform IS NOT NULL",
                               2, values, error);
  if (res == NULL)
    return FALSE;
  for (int r = 0; r < PQntuples (res); r++)
    {
      Current *c = g_new0 (Current, 1);
      char **state[] = { &c->s_text, &c->s_spoiler, &c->s_title, &c->s_tags, &c->s_media };
      char **cur[] = { &c->text, &c->spoiler, &c->title, &c->tags, &c->media };

      c->platform = g_strdup (PQgetvalue (res, r, 0));
      c->remote_id = g_strdup (PQgetvalue (res, r, 1));
      c->exists = !PQgetisnull (res, r, 2);
      c->post_id = _vigil_pg_get_int (res, r, 2);
      for (guint i = 0; i < 5; i++)
        *cur[i] = g_strdup (_vigil_pg_get (res, r, 3 + i));
      c->author = g_strdup (_vigil_pg_get (res, r, 8));
      c->author_name = g_strdup (_vigil_pg_get (res, r, 9));
      c->has_state = g_str_equal (PQgetvalue (res, r, 18), "t");
      if (c->has_state)
        {
          c->deleted = _vigil_pg_get_int (res, r, 10) != 0;
          c->edited = _vigil_pg_get_int (res, r, 11) != 0;
          c->last_seq = _vigil_pg_get_int (res, r, 17);
          for (guint i = 0; i < 5; i++)
            {
              const char *v = _vigil_pg_get (res, r, 12 + i);

              *state[i] = g_strdup (v);
              if (v != NULL)
                set_str (cur[i], v);
            }
        }
      g_hash_table_replace (b->current, key_of (c->platform, c->remote_id), c);
    }
  return TRUE;
}

static Current *
lookup (Batch      *b,
        const char *platform,
        const char *remote_id)
{
  g_autofree char *key = key_of (platform, remote_id);
  Current *c = g_hash_table_lookup (b->current, key);

  if (c == NULL)
    {
      c = g_new0 (Current, 1);
      c->platform = g_strdup (platform);
      c->remote_id = g_strdup (remote_id);
      g_hash_table_replace (b->current, g_steal_pointer (&key), c);
    }
  return c;
}

/* --- Posts and events ---------------------------------------------------- */

static gint64
time_us (GDateTime *dt)
{
  return g_date_time_to_unix (dt) * G_USEC_PER_SEC + g_date_time_get_microsecond (dt);
}

static void insert_event (Batch     *b,
                          VigilPost *post,
                          gboolean   is_edit);

static void
insert_create (Batch     *b,
               VigilPost *post)
{
  VigilChainField f[VIGIL_POSTS_N_CHAIN_COLUMNS];
  guint8 hash[VIGIL_HASH_LEN];
  GDateTime *created = vigil_post_get_created_at (post);
  GDateTime *fetched = vigil_post_get_fetched_at (post);
  const char *platform = vigil_post_get_platform_name (post);
  const char *remote_id = vigil_post_get_remote_id (post);
  Current *c = lookup (b, platform, remote_id);
  const char *tags;
  const char *media;
  gint64 metrics[] = {
    vigil_post_get_author_followers (post),
    vigil_post_get_replies (post),
    vigil_post_get_reposts (post),
    vigil_post_get_likes (post),
  };
  gint64 following = vigil_post_get_author_following (post);
  GDateTime *account = vigil_post_get_author_created_at (post);
  VigilTristate avatar = vigil_post_get_author_has_avatar (post);
  VigilTristate bio = vigil_post_get_author_has_bio (post);
  gint64 id;

  if (c->exists)
    {
      /* already archived: a duplicate, or an edit the source didn't announce */
      insert_event (b, post, TRUE);
      return;
    }

  tags = join_list (b->tags, vigil_post_get_tags (post));
  media = join_list (b->media, vigil_post_get_media (post));
  id = b->next_post_id++;
  vigil_chain_field_int (&f[0], id);
  vigil_chain_field_int (&f[1], b->chain_count + 1);
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
    vigil_chain_field_int (&f[15], time_us (created));
  else
    vigil_chain_field_null (&f[15]);
  if (fetched != NULL)
    vigil_chain_field_int (&f[16], time_us (fetched));
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
  vigil_chain_field_int (&f[23], b->now_us);

  _vigil_chain_hash_row_fast (VIGIL_CHAIN_LABEL_POSTS, b->last_hash, f, G_N_ELEMENTS (f), hash);
  copy_row (b->posts_copy, f, G_N_ELEMENTS (f), b->last_hash, hash);
  b->chain_count++;
  memcpy (b->last_hash, hash, VIGIL_HASH_LEN);

  c->exists = TRUE;
  c->created_here = TRUE;
  c->post_id = id;
  c->author = g_strdup (vigil_post_get_author (post));
  c->author_name = g_strdup (vigil_post_get_author_name (post));
  if (!c->has_state)
    {
      /* events about it that arrived earlier set the current values */
      set_str (&c->text, f[8].s);
      set_str (&c->spoiler, f[10].s);
      set_str (&c->title, f[11].s);
      set_str (&c->tags, tags);
      set_str (&c->media, media);
    }
  else
    {
      /* current = the state's value, else the post's */
      char **cur[] = { &c->text, &c->spoiler, &c->title, &c->tags, &c->media };
      const char *state[] = { c->s_text, c->s_spoiler, c->s_title, c->s_tags, c->s_media };
      const char *own[] = { f[8].s, f[10].s, f[11].s, tags, media };

      for (guint i = 0; i < G_N_ELEMENTS (cur); i++)
        set_str (cur[i], state[i] ? state[i] : own[i]);
    }

  b->result->added++;
  vigil_post_set_id (post, id);
  g_ptr_array_add (b->created, post);

  if (following >= 0 || account != NULL
      || avatar != VIGIL_TRISTATE_UNKNOWN || bio != VIGIL_TRISTATE_UNKNOWN)
    {
      GString *o = b->profiles_copy;

      g_string_append_printf (o, "%" G_GINT64_FORMAT "\t", id);
      copy_int_or_null (o, following, following >= 0);
      g_string_append_c (o, '\t');
      copy_int_or_null (o, account ? time_us (account) : 0, account != NULL);
      g_string_append_c (o, '\t');
      copy_int_or_null (o, avatar, avatar != VIGIL_TRISTATE_UNKNOWN);
      g_string_append_c (o, '\t');
      copy_int_or_null (o, bio, bio != VIGIL_TRISTATE_UNKNOWN);
      g_string_append_c (o, '\n');
    }
}

static void
insert_event (Batch     *b,
              VigilPost *post,
              gboolean   is_edit)
{
  VigilChainField f[VIGIL_EVENTS_N_CHAIN_COLUMNS];
  guint8 hash[VIGIL_HASH_LEN];
  const char *platform = vigil_post_get_platform_name (post);
  const char *remote_id = vigil_post_get_remote_id (post);
  Current *c = lookup (b, platform, remote_id);
  const char *tags = join_list (b->tags, vigil_post_get_tags (post));
  const char *media = join_list (b->media, vigil_post_get_media (post));
  GDateTime *fetched = vigil_post_get_fetched_at (post);
  g_autofree char *new_text = NULL;
  g_autofree char *new_spoiler = NULL;
  g_autofree char *new_title = NULL;
  g_autofree char *new_tags = NULL;
  g_autofree char *new_media = NULL;
  gboolean known = c->exists || c->has_state;
  gint64 seq = b->chain_count + 1;

  vigil_post_set_id (post, c->exists ? c->post_id : 0);

  if (is_edit)
    {
      new_text = g_strdup (vigil_post_get_text (post) ? vigil_post_get_text (post) : c->text);
      new_spoiler = g_strdup (vigil_post_get_spoiler (post) ? vigil_post_get_spoiler (post) : c->spoiler);
      new_title = g_strdup (vigil_post_get_title (post) ? vigil_post_get_title (post) : c->title);
      new_tags = g_strdup (tags ? tags : c->tags);
      new_media = g_strdup (media ? media : c->media);

      if (known
          && g_strcmp0 (new_text, c->text) == 0
          && g_strcmp0 (new_spoiler, c->spoiler) == 0
          && g_strcmp0 (new_title, c->title) == 0
          && g_strcmp0 (new_tags, c->tags) == 0
          && g_strcmp0 (new_media, c->media) == 0)
        {
          b->result->duplicates++;
          return;
        }
    }
  else if (c->deleted)
    {
      b->result->duplicates++;
      return;
    }

  vigil_chain_field_int (&f[0], b->next_event_id++);
  vigil_chain_field_int (&f[1], seq);
  vigil_chain_field_text (&f[2], platform);
  vigil_chain_field_text (&f[3], remote_id);
  if (c->exists)
    vigil_chain_field_int (&f[4], c->post_id);
  else
    vigil_chain_field_null (&f[4]);
  vigil_chain_field_text (&f[5], is_edit ? "edit" : "delete");
  vigil_chain_field_text (&f[6], vigil_post_get_text (post));
  vigil_chain_field_text (&f[7], vigil_post_get_spoiler (post));
  vigil_chain_field_text (&f[8], vigil_post_get_title (post));
  vigil_chain_field_text (&f[9], tags);
  vigil_chain_field_text (&f[10], media);
  vigil_chain_field_int (&f[11], fetched ? time_us (fetched) : b->now_us);
  vigil_chain_field_int (&f[12], b->now_us);
  vigil_chain_field_text (&f[13], vigil_post_get_raw (post));

  _vigil_chain_hash_row_fast (VIGIL_CHAIN_LABEL_EVENTS, b->last_hash, f, G_N_ELEMENTS (f), hash);
  copy_row (b->events_copy, f, G_N_ELEMENTS (f), b->last_hash, hash);
  b->chain_count++;
  memcpy (b->last_hash, hash, VIGIL_HASH_LEN);

  /* fold the event into the derived state */
  if (is_edit)
    {
      set_str (&c->s_text, new_text);
      set_str (&c->s_spoiler, new_spoiler);
      set_str (&c->s_title, new_title);
      set_str (&c->s_tags, new_tags);
      set_str (&c->s_media, new_media);
      set_str (&c->text, new_text);
      set_str (&c->spoiler, new_spoiler);
      set_str (&c->title, new_title);
      set_str (&c->tags, new_tags);
      set_str (&c->media, new_media);
    }
  else if (!(c->has_state && c->edited))
    {
      g_clear_pointer (&c->s_text, g_free);
      g_clear_pointer (&c->s_spoiler, g_free);
      g_clear_pointer (&c->s_title, g_free);
      g_clear_pointer (&c->s_tags, g_free);
      g_clear_pointer (&c->s_media, g_free);
    }
  if (!known)
    b->result->orphans++;
  c->deleted = c->deleted || !is_edit;
  c->edited = c->edited || is_edit;
  c->has_state = TRUE;
  c->state_dirty = TRUE;
  c->last_seq = seq;

  if (!c->exists)
    return;
  if (is_edit)
    {
      if (!c->created_here)
        c->doc_dirty = TRUE;
      if (vigil_post_get_text (post) == NULL)
        vigil_post_set_text (post, new_text);
      if (vigil_post_get_author (post) == NULL)
        vigil_post_set_author (post, c->author);
      if (vigil_post_get_author_name (post) == NULL)
        vigil_post_set_author_name (post, c->author_name);
      g_ptr_array_add (b->edited, post);
      b->result->edits++;
    }
  else
    b->result->deletes++;
}

/* --- Writing the derived rows -------------------------------------------- */

/* Runs "prefix VALUES (…), (…) suffix" over rows of n_cols text values
 * (NULL = SQL NULL), in chunks that fit libpq's parameter limit. */
gboolean
_vigil_pg_multi_insert (PGconn       *conn,
                        const char   *prefix,
                        const char   *row_cast,
                        const char   *suffix,
                        guint         n_cols,
                        GPtrArray    *values,
                        GError      **error)
{
  guint n_rows = values->len / n_cols;
  guint chunk = MAX (1, 30000 / n_cols);

  for (guint first = 0; first < n_rows; first += chunk)
    {
      g_autoptr(GString) sql = g_string_new (prefix);
      g_autoptr(PGresult) res = NULL;
      guint last = MIN (n_rows, first + chunk);
      guint param = 1;

      g_string_append (sql, " VALUES ");
      for (guint r = first; r < last; r++)
        {
          g_string_append (sql, r > first ? ", (" : "(");
          for (guint c = 0; c < n_cols; c++)
            {
              g_autofree char *cast = NULL;

              if (row_cast != NULL)
                {
                  g_auto(GStrv) casts = g_strsplit (row_cast, ",", -1);

                  cast = g_strdup (casts[c]);
                }
              g_string_append_printf (sql, "%s$%u%s%s", c > 0 ? ", " : "", param++,
                                      cast && *cast ? "::" : "", cast ? cast : "");
            }
          g_string_append_c (sql, ')');
        }
      g_string_append_printf (sql, " %s", suffix ? suffix : "");
      res = _vigil_pg_exec_params (conn, sql->str, (last - first) * n_cols,
                                   (const char * const *) values->pdata + first * n_cols, error);
      if (res == NULL)
        return FALSE;
    }
  return TRUE;
}

static char *
int_text (gint64 v)
{
  return g_strdup_printf ("%" G_GINT64_FORMAT, v);
}

static char *
double_text (double v)
{
  char buf[G_ASCII_DTOSTR_BUF_SIZE];

  return g_strdup (g_ascii_dtostr (buf, sizeof buf, v));
}

static gboolean
write_derived (Batch   *b,
               GError **error)
{
  g_autoptr(GPtrArray) states = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GPtrArray) docs = g_ptr_array_new_with_free_func (g_free);
  GHashTableIter iter;
  Current *c;

  g_hash_table_iter_init (&iter, b->current);
  while (g_hash_table_iter_next (&iter, NULL, (gpointer *) &c))
    {
      if (c->state_dirty)
        {
          g_ptr_array_add (states, g_strdup (c->platform));
          g_ptr_array_add (states, g_strdup (c->remote_id));
          g_ptr_array_add (states, int_text (c->deleted));
          g_ptr_array_add (states, int_text (c->edited));
          g_ptr_array_add (states, g_strdup (c->s_text));
          g_ptr_array_add (states, g_strdup (c->s_spoiler));
          g_ptr_array_add (states, g_strdup (c->s_title));
          g_ptr_array_add (states, g_strdup (c->s_tags));
          g_ptr_array_add (states, g_strdup (c->s_media));
          g_ptr_array_add (states, int_text (c->last_seq));
        }
      if (c->exists && (c->created_here || c->doc_dirty))
        {
          _vigil_pg_fts_doc (b->doc, c->title, c->spoiler, c->text, c->author, c->author_name,
                             c->tags);
          if (c->created_here)
            {
              g_string_append_printf (b->fts_copy, "%" G_GINT64_FORMAT "\t", c->post_id);
              copy_text (b->fts_copy, b->doc->str);
              g_string_append_c (b->fts_copy, '\n');
            }
          else
            {
              g_ptr_array_add (docs, int_text (c->post_id));
              g_ptr_array_add (docs, g_strdup (b->doc->str));
            }
        }
    }

  return _vigil_pg_multi_insert (b->conn,
                                 "INSERT INTO post_state (platform, remote_id, deleted, edited, "
                                 "text, spoiler, title, tags, media, last_seq)",
                                 NULL,
                                 "ON CONFLICT (platform, remote_id) DO UPDATE SET "
                                 "deleted = excluded.deleted, edited = excluded.edited, "
                                 "text = excluded.text, spoiler = excluded.spoiler, "
                                 "title = excluded.title, tags = excluded.tags, "
                                 "media = excluded.media, last_seq = excluded.last_seq",
                                 10, states, error)
         && _vigil_pg_copy (b->conn, "COPY posts_fts (post_id, doc) FROM STDIN", b->fts_copy, error)
         && _vigil_pg_multi_insert (b->conn, "INSERT INTO posts_fts (post_id, doc)", ",tsvector",
                                    "ON CONFLICT (post_id) DO UPDATE SET doc = excluded.doc",
                                    2, docs, error);
}

static void
add_annotations (GPtrArray *rows,
                 GPtrArray *posts,
                 GString   *buf,
                 gint64     now_us)
{
  for (guint i = 0; i < posts->len; i++)
    {
      VigilPost *post = g_ptr_array_index (posts, i);
      VigilSentiment label;
      gint64 id = vigil_post_get_id (post);
      gint64 reach = vigil_post_get_reach (post);
      double ots = vigil_post_get_ots (post);
      double imp = vigil_post_get_impersonation_score (post);

      if (id <= 0 || !vigil_post_get_classified (post))
        continue;
      label = vigil_post_get_computed_sentiment (post);
      g_ptr_array_add (rows, int_text (id));
      g_ptr_array_add (rows, label != VIGIL_SENTIMENT_NONE ? int_text (label) : NULL);
      g_ptr_array_add (rows, double_text (vigil_post_get_sentiment_compound (post)));
      g_ptr_array_add (rows, g_strdup (vigil_post_get_lang (post)));
      g_ptr_array_add (rows, g_strdup (join_list (buf, vigil_post_get_categories (post))));
      g_ptr_array_add (rows, g_strdup (join_list (buf, vigil_post_get_watches (post))));
      g_ptr_array_add (rows, reach >= 0 ? int_text (reach) : NULL);
      g_ptr_array_add (rows, ots >= 0 ? double_text (ots) : NULL);
      g_ptr_array_add (rows, imp > 0 ? double_text (imp) : NULL);
      g_ptr_array_add (rows, imp > 0 ? g_strdup (join_list (buf, vigil_post_get_impersonation_reasons (post))) : NULL);
      g_ptr_array_add (rows, g_strdup (join_list (buf, vigil_post_get_moderation (post))));
      if (vigil_post_get_duplicate_group (post) > 0)
        {
          g_ptr_array_add (rows, int_text (vigil_post_get_duplicate_group (post)));
          g_ptr_array_add (rows, int_text (MAX (1, vigil_post_get_duplicate_count (post))));
        }
      else
        {
          g_ptr_array_add (rows, NULL);
          g_ptr_array_add (rows, NULL);
        }
      g_ptr_array_add (rows, int_text (now_us));
    }
}

/* COPY into a temporary table, then one upsert: a multi-row INSERT of
 * 14 parameters a post cost more to parse than to run. */
static gboolean
save_annotations (Batch   *b,
                  GError **error)
{
  g_autoptr(GPtrArray) rows = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GString) copy = g_string_new (NULL);
  g_autoptr(GHashTable) seen = NULL;
  g_autoptr(GPtrArray) kept = NULL;

  add_annotations (rows, b->created, b->tags, b->now_us);
  add_annotations (rows, b->edited, b->tags, b->now_us);
  if (rows->len == 0)
    return TRUE;
  /* a post created and edited in one batch: the edit's annotations win */
  seen = g_hash_table_new (g_str_hash, g_str_equal);
  kept = g_ptr_array_new_with_free_func (g_free);
  for (guint r = rows->len / 14; r-- > 0;)
    {
      GString *row;

      if (!g_hash_table_add (seen, g_ptr_array_index (rows, r * 14)))
        continue;
      row = g_string_new (NULL);
      for (guint c = 0; c < 14; c++)
        {
          copy_text (row, g_ptr_array_index (rows, r * 14 + c));
          g_string_append_c (row, c == 13 ? '\n' : '\t');
        }
      g_ptr_array_add (kept, g_string_free (row, FALSE));
    }
  for (guint k = kept->len; k-- > 0;)
    g_string_append (copy, g_ptr_array_index (kept, k));
  return _vigil_pg_exec (b->conn,
                         "CREATE TEMPORARY TABLE IF NOT EXISTS vigil_annotations_in "
                         "(LIKE annotations) ON COMMIT DELETE ROWS", error)
         && _vigil_pg_copy (b->conn,
                            "COPY vigil_annotations_in (post_id, label, compound, lang, categories, "
                            "watches, reach, ots, imp_score, imp_reasons, moderation, dup_group, "
                            "dup_count, updated_us) FROM STDIN", copy, error)
         && _vigil_pg_exec (b->conn,
                            "INSERT INTO annotations (post_id, label, compound, lang, categories, "
                            "watches, reach, ots, imp_score, imp_reasons, moderation, dup_group, "
                            "dup_count, updated_us) "
                            "SELECT post_id, label, compound, lang, categories, "
                            "watches, reach, ots, imp_score, imp_reasons, moderation, dup_group, "
                            "dup_count, updated_us FROM vigil_annotations_in "
                            "ON CONFLICT (post_id) DO UPDATE SET label = excluded.label, "
                            "compound = excluded.compound, lang = excluded.lang, "
                            "categories = excluded.categories, watches = excluded.watches, "
                            "reach = excluded.reach, ots = excluded.ots, imp_score = excluded.imp_score, "
                            "imp_reasons = excluded.imp_reasons, moderation = excluded.moderation, "
                            "dup_group = coalesce (excluded.dup_group, annotations.dup_group), "
                            "dup_count = coalesce (excluded.dup_count, annotations.dup_count), "
                            "updated_us = excluded.updated_us", error);
}

/* --- The insert ---------------------------------------------------------- */

gboolean
_vigil_pg_store_insert_posts (VigilPgStore            *self,
                              PGconn                  *conn,
                              GPtrArray               *posts,
                              VigilStoreInsertResult  *result,
                              gint64                  *out_last_event_id,
                              GError                 **error)
{
  Batch b = { 0 };
  g_autoptr(PGresult) head = NULL;
  guint64 chain_before;
  gint64 max_id;
  guint n_added;
  gboolean ok = FALSE;
  guint i;

  memset (result, 0, sizeof *result);
  b.self = self;
  b.conn = conn;
  b.result = result;
  b.now_us = g_get_real_time ();
  b.current = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, current_free);
  b.posts_copy = g_string_new (NULL);
  b.events_copy = g_string_new (NULL);
  b.profiles_copy = g_string_new (NULL);
  b.fts_copy = g_string_new (NULL);
  b.tags = g_string_new (NULL);
  b.media = g_string_new (NULL);
  b.doc = g_string_new (NULL);
  b.fts_text = g_string_new (NULL);
  b.created = g_ptr_array_new ();
  b.edited = g_ptr_array_new ();

  if (!_vigil_pg_begin (conn, error))
    goto out;
  /* serialises the writers of every process on this database */
  head = _vigil_pg_exec_params (conn, "SELECT count, last_hash FROM chain_head WHERE id = 1 FOR UPDATE",
                                0, NULL, error);
  if (head == NULL)
    goto out;
  if (PQntuples (head) != 1 || !_vigil_pg_get_hash (head, 0, 1, b.last_hash))
    {
      g_set_error (error, VIGIL_STORE_ERROR, VIGIL_STORE_ERROR_TAMPERED,
                   _("The team database’s chain head is missing or damaged: it was altered "
                     "outside Vigil. Ask its administrators to keep it as evidence."));
      goto out;
    }
  b.chain_count = _vigil_pg_get_int (head, 0, 0);
  chain_before = b.chain_count;
  if (!_vigil_pg_query_int (conn, "SELECT coalesce (max (id), 0) FROM posts", 0, NULL, &max_id, error))
    goto out;
  b.next_post_id = max_id + 1;
  if (!_vigil_pg_query_int (conn, "SELECT coalesce (max (id), 0) FROM events", 0, NULL, &max_id, error))
    goto out;
  b.next_event_id = max_id + 1;

  if (posts->len > 0 && !load_current (&b, posts, error))
    goto out;

  for (i = 0; i < posts->len; i++)
    {
      VigilPost *post = g_ptr_array_index (posts, i);

      if (vigil_post_get_event (post) == VIGIL_POST_EVENT_CREATE)
        insert_create (&b, post);
      else
        insert_event (&b, post, vigil_post_get_event (post) == VIGIL_POST_EVENT_EDIT);
    }

  if (!_vigil_pg_copy (conn, "COPY posts (" VIGIL_POSTS_CHAIN_COLUMNS ", prev_hash, hash) FROM STDIN",
                       b.posts_copy, error)
      || !_vigil_pg_copy (conn, "COPY events (" VIGIL_EVENTS_CHAIN_COLUMNS ", prev_hash, hash) FROM STDIN",
                          b.events_copy, error)
      || !_vigil_pg_copy (conn, "COPY author_profiles (post_id, following, account_created_us, "
                          "has_avatar, has_bio) FROM STDIN", b.profiles_copy, error)
      || !write_derived (&b, error))
    goto out;

  /* after deduplication: only what this insert archived is classified */
  if (self->annotate != NULL && (b.created->len > 0 || b.edited->len > 0))
    self->annotate (b.created, b.edited, self->annotate_data);
  if (!save_annotations (&b, error))
    goto out;

  n_added = result->added;
  if (b.chain_count != chain_before)
    {
      guint8 head_hash[VIGIL_HASH_LEN];
      g_autofree char *count = g_strdup_printf ("%" G_GUINT64_FORMAT, b.chain_count);
      g_autofree char *last = _vigil_pg_bytea_hex (b.last_hash, VIGIL_HASH_LEN);
      g_autofree char *head_hex = NULL;
      g_autofree char *added = g_strdup_printf ("%u", n_added);
      const char *values[4];
      g_autoptr(PGresult) res = NULL;

      _vigil_chain_hash_head (b.chain_count, b.last_hash, head_hash);
      head_hex = _vigil_pg_bytea_hex (head_hash, VIGIL_HASH_LEN);
      values[0] = count;
      values[1] = last;
      values[2] = head_hex;
      values[3] = added;
      res = _vigil_pg_exec_params (conn,
                                   "UPDATE chain_head SET count = $1::bigint, last_hash = $2::bytea, "
                                   "head_hash = $3::bytea, posts = posts + $4::bigint WHERE id = 1",
                                   4, values, error);
      if (res == NULL)
        goto out;
    }
  if (!_vigil_pg_commit (conn, error))
    goto out;
  result->last_id = b.next_post_id - 1;
  if (out_last_event_id != NULL)
    *out_last_event_id = b.next_event_id - 1;
  ok = TRUE;

out:
  if (!ok)
    {
      _vigil_pg_rollback (conn);
      for (guint j = 0; j < posts->len; j++)
        vigil_post_set_id (g_ptr_array_index (posts, j), 0);
      memset (result, 0, sizeof *result);
    }
  batch_clear (&b);
  return ok;
}

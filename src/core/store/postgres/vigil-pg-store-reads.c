/* vigil-pg-store-reads.c: reading posts and searching them (read connection)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The same SELECT and the same filters and orders as the SQLite reader
 * (sqlite/vigil-store-reader.c). Where SQLite and PostgreSQL differ by
 * default, the SQL says what SQLite does: NULLs sort lowest (last when
 * descending, first when ascending), the author order folds ASCII case and
 * compares bytes (COLLATE "C").
 */
#define G_LOG_DOMAIN "vigil-pg-store-reads"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "vigil-pg-store-private.h"

#define POST_SELECT                                                                 \
  "SELECT p.id, p.platform, p.remote_id, p.author, p.author_name, p.followers, "    \
  "p.url, p.text, p.lang, p.spoiler, p.title, p.visibility, p.tags, p.media, "      \
  "p.created_us, p.fetched_us, p.parent_id, p.thread_id, p.replies, p.reposts, "   \
  "p.likes, p.raw, s.deleted, s.edited, s.text, s.spoiler, s.title, s.tags, "       \
  "s.media, a.label, a.compound, a.override, a.lang, a.categories, a.watches, "     \
  "a.reach, a.ots, a.imp_score, a.imp_reasons, a.moderation, a.dup_group, "         \
  "a.dup_count, ap.following, ap.account_created_us, ap.has_avatar, ap.has_bio "    \
  "FROM posts p LEFT JOIN post_state s "                                            \
  "ON s.platform = p.platform AND s.remote_id = p.remote_id "                       \
  "LEFT JOIN annotations a ON a.post_id = p.id "                                    \
  "LEFT JOIN author_profiles ap ON ap.post_id = p.id "

enum {
  COL_ID, COL_PLATFORM, COL_REMOTE_ID, COL_AUTHOR, COL_AUTHOR_NAME, COL_FOLLOWERS,
  COL_URL, COL_TEXT, COL_LANG, COL_SPOILER, COL_TITLE, COL_VISIBILITY, COL_TAGS, COL_MEDIA,
  COL_CREATED, COL_FETCHED, COL_PARENT_ID, COL_THREAD_ID, COL_REPLIES, COL_REPOSTS,
  COL_LIKES, COL_RAW, COL_S_DELETED, COL_S_EDITED, COL_S_TEXT, COL_S_SPOILER, COL_S_TITLE,
  COL_S_TAGS, COL_S_MEDIA, COL_A_LABEL, COL_A_COMPOUND, COL_A_OVERRIDE, COL_A_LANG,
  COL_A_CATEGORIES, COL_A_WATCHES, COL_A_REACH, COL_A_OTS, COL_A_IMP_SCORE, COL_A_IMP_REASONS,
  COL_A_MODERATION, COL_A_DUP_GROUP, COL_A_DUP_COUNT, COL_AP_FOLLOWING, COL_AP_CREATED,
  COL_AP_HAS_AVATAR, COL_AP_HAS_BIO,
};

typedef struct
{
  const PGresult *res;
  int             row;
} Row;

static const char *
text_at (Row *r,
         int  col)
{
  return _vigil_pg_get (r->res, r->row, col);
}

static gboolean
null_at (Row *r,
         int  col)
{
  return PQgetisnull (r->res, r->row, col);
}

static gint64
int_at (Row *r,
        int  col)
{
  return _vigil_pg_get_int (r->res, r->row, col);
}

static gint64
int_or_unknown (Row *r,
                int  col)
{
  return null_at (r, col) ? -1 : int_at (r, col);
}

static double
double_at (Row *r,
           int  col)
{
  return null_at (r, col) ? 0.0 : g_ascii_strtod (PQgetvalue (r->res, r->row, col), NULL);
}

static const char *
current_at (Row *r,
            int  state_col,
            int  post_col)
{
  return null_at (r, state_col) ? text_at (r, post_col) : text_at (r, state_col);
}

static GStrv
split_list (const char *joined)
{
  const char sep[] = { '\x1f', '\0' };

  if (joined == NULL || joined[0] == '\0')
    return NULL;
  return g_strsplit (joined, sep, -1);
}

static VigilSentiment
sentiment_at (Row *r,
              int  col)
{
  gint64 v = int_at (r, col);

  return (v >= VIGIL_SENTIMENT_NONE && v <= VIGIL_SENTIMENT_POSITIVE) ? (VigilSentiment) v
                                                                      : VIGIL_SENTIMENT_NONE;
}

static VigilTristate
tristate_at (Row *r,
             int  col)
{
  if (null_at (r, col))
    return VIGIL_TRISTATE_UNKNOWN;
  switch (int_at (r, col))
    {
    case 0:
      return VIGIL_TRISTATE_NO;
    case 1:
      return VIGIL_TRISTATE_YES;
    default:
      return VIGIL_TRISTATE_UNKNOWN;
    }
}

static GDateTime *
time_from_us (gint64 us)
{
  g_autoptr(GDateTime) epoch = g_date_time_new_from_unix_utc (0);

  return g_date_time_add (epoch, us);
}

static void
set_annotations (VigilPost *post,
                 Row       *r)
{
  if (!null_at (r, COL_A_OVERRIDE))
    vigil_post_set_sentiment_override (post, sentiment_at (r, COL_A_OVERRIDE));
  if (!null_at (r, COL_A_LABEL))
    {
      g_auto(GStrv) categories = split_list (text_at (r, COL_A_CATEGORIES));
      g_auto(GStrv) watches = split_list (text_at (r, COL_A_WATCHES));
      g_auto(GStrv) reasons = split_list (text_at (r, COL_A_IMP_REASONS));
      g_auto(GStrv) moderation = split_list (text_at (r, COL_A_MODERATION));

      vigil_post_set_sentiment (post, double_at (r, COL_A_COMPOUND), sentiment_at (r, COL_A_LABEL));
      if (vigil_post_get_lang (post) == NULL)
        vigil_post_set_lang (post, text_at (r, COL_A_LANG));
      vigil_post_set_categories (post, (const char * const *) categories);
      vigil_post_set_watches (post, (const char * const *) watches);
      vigil_post_set_reach (post, int_or_unknown (r, COL_A_REACH),
                            null_at (r, COL_A_OTS) ? -1.0 : double_at (r, COL_A_OTS));
      if (!null_at (r, COL_A_IMP_SCORE))
        vigil_post_set_impersonation (post, double_at (r, COL_A_IMP_SCORE),
                                      (const char * const *) reasons);
      vigil_post_set_moderation (post, (const char * const *) moderation);
    }
  if (!null_at (r, COL_A_DUP_GROUP))
    vigil_post_set_duplicates (post, int_at (r, COL_A_DUP_GROUP),
                               (guint) CLAMP (int_at (r, COL_A_DUP_COUNT), 1, G_MAXUINT));
}

static VigilPost *
row_to_post (const PGresult *res,
             int             row)
{
  Row rr = { res, row };
  Row *r = &rr;
  const char *remote_id = text_at (r, COL_REMOTE_ID);
  g_auto(GStrv) tags = split_list (current_at (r, COL_S_TAGS, COL_TAGS));
  g_auto(GStrv) media = split_list (current_at (r, COL_S_MEDIA, COL_MEDIA));
  VigilPost *post;

  post = vigil_post_new (vigil_platform_from_string (text_at (r, COL_PLATFORM)),
                         remote_id ? remote_id : "");
  vigil_post_set_id (post, int_at (r, COL_ID));
  vigil_post_set_author (post, text_at (r, COL_AUTHOR));
  vigil_post_set_author_name (post, text_at (r, COL_AUTHOR_NAME));
  vigil_post_set_author_followers (post, int_or_unknown (r, COL_FOLLOWERS));
  vigil_post_set_url (post, text_at (r, COL_URL));
  vigil_post_set_text (post, current_at (r, COL_S_TEXT, COL_TEXT));
  vigil_post_set_lang (post, text_at (r, COL_LANG));
  vigil_post_set_spoiler (post, current_at (r, COL_S_SPOILER, COL_SPOILER));
  vigil_post_set_title (post, current_at (r, COL_S_TITLE, COL_TITLE));
  vigil_post_set_visibility (post, int_at (r, COL_VISIBILITY) == VIGIL_VISIBILITY_DIRECT
                                   ? VIGIL_VISIBILITY_DIRECT : VIGIL_VISIBILITY_PUBLIC);
  if (tags != NULL)
    vigil_post_set_tags (post, (const char * const *) tags);
  if (media != NULL)
    vigil_post_set_media (post, (const char * const *) media);
  if (!null_at (r, COL_CREATED))
    {
      g_autoptr(GDateTime) dt = time_from_us (int_at (r, COL_CREATED));
      vigil_post_set_created_at (post, dt);
    }
  if (!null_at (r, COL_FETCHED))
    {
      g_autoptr(GDateTime) dt = time_from_us (int_at (r, COL_FETCHED));
      vigil_post_set_fetched_at (post, dt);
    }
  vigil_post_set_parent_id (post, text_at (r, COL_PARENT_ID));
  vigil_post_set_thread_id (post, text_at (r, COL_THREAD_ID));
  vigil_post_set_metrics (post, int_or_unknown (r, COL_REPLIES), int_or_unknown (r, COL_REPOSTS),
                          int_or_unknown (r, COL_LIKES));
  vigil_post_set_raw (post, text_at (r, COL_RAW));
  vigil_post_set_deleted (post, int_at (r, COL_S_DELETED) != 0);
  vigil_post_set_edited (post, int_at (r, COL_S_EDITED) != 0);

  vigil_post_set_author_following (post, int_or_unknown (r, COL_AP_FOLLOWING));
  if (!null_at (r, COL_AP_CREATED))
    {
      g_autoptr(GDateTime) dt = time_from_us (int_at (r, COL_AP_CREATED));
      vigil_post_set_author_created_at (post, dt);
    }
  vigil_post_set_author_has_avatar (post, tristate_at (r, COL_AP_HAS_AVATAR));
  vigil_post_set_author_has_bio (post, tristate_at (r, COL_AP_HAS_BIO));
  set_annotations (post, r);
  return post;
}

/* --- Search -------------------------------------------------------------- */

typedef struct
{
  GString   *sql;
  GPtrArray *values;   /* owned strings */
} Params;

/* Adds a parameter; returns its "$n" (valid until the next call). */
static const char *
param (Params     *p,
       const char *value,
       char        buf[16])
{
  g_ptr_array_add (p->values, g_strdup (value));
  g_snprintf (buf, 16, "$%u", p->values->len);
  return buf;
}

static const char *
author_without_at (const VigilSearchQuery *query)
{
  const char *author = query->author;

  if (author == NULL)
    return NULL;
  while (*author == '@')
    author++;
  return *author != '\0' ? author : NULL;
}

static gint64
query_time (GDateTime *dt)
{
  return g_date_time_to_unix (dt) * G_USEC_PER_SEC + g_date_time_get_microsecond (dt);
}

/* The SELECT for query (NULL = everything, newest first); FALSE when the
 * words hold nothing searchable but were given (then nothing matches). */
static char *
build_search (const VigilSearchQuery *query,
              gboolean                ids_only,
              GPtrArray              *values)
{
  Params p = { g_string_new (ids_only ? "SELECT p.id FROM posts p "
                                        "LEFT JOIN annotations a ON a.post_id = p.id "
                                      : POST_SELECT),
               values };
  VigilSearchOrder order = query ? query->order : VIGIL_SEARCH_ORDER_NEWEST;
  char n[16];

  g_string_append (p.sql, "WHERE true");
  if (query != NULL)
    {
      g_autofree char *fts = vigil_search_query_to_fts (query->text);
      g_autofree char *tsquery = _vigil_pg_fts_to_tsquery (fts);
      const char *author = author_without_at (query);

      if (fts != NULL && tsquery == NULL)
        g_string_append (p.sql, " AND false");
      if (tsquery != NULL)
        g_string_append_printf (p.sql, " AND p.id IN (SELECT f.post_id FROM posts_fts f "
                                "WHERE f.doc @@ %s::tsquery)", param (&p, tsquery, n));
      if (query->platform != VIGIL_PLATFORM_UNKNOWN)
        g_string_append_printf (p.sql, " AND p.platform = %s",
                                param (&p, vigil_platform_to_string (query->platform), n));
      if (author != NULL)
        {
          g_autofree char *quoted = g_strdup_printf ("\"%s\"", author);
          g_autofree char *phrase = NULL;
          const char *a;

          /* candidates through the index (the author's words), then exact */
          g_strdelimit (quoted + 1, "\"", ' ');
          quoted[strlen (quoted) - 1] = '"';
          phrase = _vigil_pg_fts_to_tsquery (quoted);
          if (phrase != NULL)
            g_string_append_printf (p.sql, " AND p.id IN (SELECT f.post_id FROM posts_fts f "
                                    "WHERE f.doc @@ %s::tsquery)", param (&p, phrase, n));
          a = param (&p, author, n);

          g_string_append_printf (p.sql, " AND lower (p.author) IN (lower (%s), '@' || lower (%s))", a, a);
        }
      if (query->since != NULL)
        {
          g_autofree char *v = g_strdup_printf ("%" G_GINT64_FORMAT, query_time (query->since));
          g_string_append_printf (p.sql, " AND p.created_us >= %s::bigint", param (&p, v, n));
        }
      if (query->until != NULL)
        {
          g_autofree char *v = g_strdup_printf ("%" G_GINT64_FORMAT, query_time (query->until));
          g_string_append_printf (p.sql, " AND p.created_us < %s::bigint", param (&p, v, n));
        }
      if (query->after_id > 0)
        {
          g_autofree char *v = g_strdup_printf ("%" G_GINT64_FORMAT, query->after_id);
          g_string_append_printf (p.sql, " AND p.id > %s::bigint", param (&p, v, n));
        }
      if (query->sentiment != VIGIL_SENTIMENT_NONE)
        {
          g_autofree char *v = g_strdup_printf ("%d", (int) query->sentiment);
          g_string_append_printf (p.sql, " AND coalesce (a.override, a.label) = %s::int",
                                  param (&p, v, n));
        }
      if (query->lang != NULL && query->lang[0] != '\0')
        {
          const char *l = param (&p, query->lang, n);

          g_string_append_printf (p.sql, " AND (lower (coalesce (p.lang, a.lang)) = lower (%s::text)"
                                  " OR lower (substr (coalesce (p.lang, a.lang), 1, length (%s::text) + 1))"
                                  " = lower (%s::text) || '-')", l, l, l);
        }
      if (query->category != NULL && query->category[0] != '\0')
        {
          const char *c = param (&p, query->category, n);

          g_string_append_printf (p.sql, " AND (strpos (chr (31) || a.categories || chr (31),"
                                  " chr (31) || %s::text || chr (31)) > 0"
                                  " OR strpos (chr (31) || a.categories, chr (31) || %s::text || '.') > 0)",
                                  c, c);
        }
      if (query->watch != NULL && query->watch[0] != '\0')
        g_string_append_printf (p.sql, " AND strpos (chr (31) || a.watches || chr (31),"
                                " chr (31) || %s::text || chr (31)) > 0", param (&p, query->watch, n));
      if (query->deleted_only || query->edited_only)
        g_string_append_printf (p.sql, " AND EXISTS (SELECT 1 FROM post_state st WHERE"
                                " st.platform = p.platform AND st.remote_id = p.remote_id%s%s)",
                                query->deleted_only ? " AND st.deleted = 1" : "",
                                query->edited_only ? " AND st.edited = 1" : "");
      switch (query->type)
        {
        case VIGIL_SEARCH_TYPE_POST:
          g_string_append (p.sql, " AND p.parent_id IS NULL AND p.visibility != 1");
          break;
        case VIGIL_SEARCH_TYPE_REPLY:
          g_string_append (p.sql, " AND p.parent_id IS NOT NULL");
          break;
        case VIGIL_SEARCH_TYPE_DIRECT:
          g_string_append (p.sql, " AND p.visibility = 1");
          break;
        case VIGIL_SEARCH_TYPE_ANY:
        default:
          break;
        }
      if (query->collapse_duplicates)
        g_string_append (p.sql, " AND (a.dup_group IS NULL OR NOT EXISTS"
                                " (SELECT 1 FROM annotations d WHERE d.dup_group = a.dup_group"
                                " AND d.post_id > p.id))");
    }

  if (order == VIGIL_SEARCH_ORDER_NEWEST && query != NULL && query->by_arrival)
    order = VIGIL_SEARCH_ORDER_ARRIVAL;
  switch (order)
    {
    case VIGIL_SEARCH_ORDER_ARRIVAL:
      g_string_append (p.sql, " ORDER BY p.id DESC");
      break;
    case VIGIL_SEARCH_ORDER_REACH:
      g_string_append (p.sql, " ORDER BY a.reach DESC NULLS LAST, p.created_us DESC NULLS LAST, p.id DESC");
      break;
    case VIGIL_SEARCH_ORDER_OTS:
      g_string_append (p.sql, " ORDER BY a.ots DESC NULLS LAST, p.created_us DESC NULLS LAST, p.id DESC");
      break;
    case VIGIL_SEARCH_ORDER_AUTHOR:
      g_string_append (p.sql, " ORDER BY lower (p.author) COLLATE \"C\" ASC NULLS FIRST, "
                              "p.created_us DESC NULLS LAST, p.id DESC");
      break;
    case VIGIL_SEARCH_ORDER_NEGATIVE:
      g_string_append (p.sql, " ORDER BY a.compound ASC NULLS LAST, p.created_us DESC NULLS LAST, p.id DESC");
      break;
    case VIGIL_SEARCH_ORDER_NEWEST:
    default:
      g_string_append (p.sql, " ORDER BY p.created_us DESC NULLS LAST, p.id DESC");
      break;
    }
  if (query != NULL && query->limit > 0)
    g_string_append_printf (p.sql, " LIMIT %u", query->limit);
  return g_string_free (p.sql, FALSE);
}

static PGresult *
read_query (VigilPgStore        *self,
            const char          *sql,
            GPtrArray           *values,
            GError             **error)
{
  PGresult *res;
  PGconn *conn = _vigil_pg_store_read_begin (self, error);

  if (conn == NULL)
    return NULL;
  res = _vigil_pg_exec_params (conn, sql, values ? values->len : 0,
                               values ? (const char * const *) values->pdata : NULL, error);
  _vigil_pg_store_read_end (self);
  return res;
}

static GPtrArray *
result_posts (PGresult *res)
{
  GPtrArray *posts = g_ptr_array_new_with_free_func (g_object_unref);

  for (int r = 0; r < PQntuples (res); r++)
    g_ptr_array_add (posts, row_to_post (res, r));
  return posts;
}

static gint64
pg_store_count_posts (VigilStore  *store,
                      GError     **error)
{
  g_autoptr(PGresult) res = read_query (VIGIL_PG_STORE (store),
                                        "SELECT posts FROM chain_head WHERE id = 1", NULL, error);

  if (res == NULL)
    return -1;
  return PQntuples (res) > 0 ? _vigil_pg_get_int (res, 0, 0) : 0;
}

static gint64
pg_store_get_last_id (VigilStore *store)
{
  g_autoptr(PGresult) res = read_query (VIGIL_PG_STORE (store),
                                        "SELECT coalesce (max (id), 0) FROM posts", NULL, NULL);

  return res && PQntuples (res) > 0 ? _vigil_pg_get_int (res, 0, 0) : 0;
}

static GPtrArray *
pg_store_get_range (VigilStore  *store,
                    gint64       first_id,
                    gint64       last_id,
                    guint        limit,
                    GError     **error)
{
  g_autoptr(GPtrArray) values = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(PGresult) res = NULL;

  g_ptr_array_add (values, g_strdup_printf ("%" G_GINT64_FORMAT, first_id));
  g_ptr_array_add (values, g_strdup_printf ("%" G_GINT64_FORMAT, last_id));
  /* limit 0 = all: LIMIT NULL */
  g_ptr_array_add (values, limit > 0 ? g_strdup_printf ("%u", limit) : NULL);
  res = read_query (VIGIL_PG_STORE (store),
                    POST_SELECT "WHERE p.id BETWEEN $1::bigint AND $2::bigint "
                    "ORDER BY p.id DESC LIMIT $3::bigint", values, error);
  return res ? result_posts (res) : NULL;
}

static GPtrArray *
pg_store_get_posts (VigilStore    *store,
                    const gint64  *ids,
                    guint          n_ids,
                    GError       **error)
{
  g_autoptr(GPtrArray) values = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GString) array = g_string_new ("{");
  g_autoptr(PGresult) res = NULL;
  g_autoptr(GHashTable) by_id = NULL;
  GPtrArray *posts;

  for (guint i = 0; i < n_ids; i++)
    g_string_append_printf (array, "%s%" G_GINT64_FORMAT, i ? "," : "", ids[i]);
  g_string_append_c (array, '}');
  g_ptr_array_add (values, g_strdup (array->str));
  res = read_query (VIGIL_PG_STORE (store), POST_SELECT "WHERE p.id = ANY ($1::bigint[])",
                    values, error);
  if (res == NULL)
    return NULL;

  /* in the order given */
  by_id = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, g_object_unref);
  for (int r = 0; r < PQntuples (res); r++)
    g_hash_table_insert (by_id, g_memdup2 (&(gint64) { _vigil_pg_get_int (res, r, COL_ID) }, sizeof (gint64)),
                         row_to_post (res, r));
  posts = g_ptr_array_new_with_free_func (g_object_unref);
  for (guint i = 0; i < n_ids; i++)
    {
      VigilPost *post = g_hash_table_lookup (by_id, &ids[i]);

      if (post != NULL)
        g_ptr_array_add (posts, g_object_ref (post));
    }
  return posts;
}

static VigilPost *
pg_store_find_post (VigilStore     *store,
                    VigilPlatform   platform,
                    const char     *remote_id,
                    GError        **error)
{
  g_autoptr(GPtrArray) values = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(PGresult) res = NULL;

  g_ptr_array_add (values, g_strdup (vigil_platform_to_string (platform)));
  g_ptr_array_add (values, g_strdup (remote_id));
  res = read_query (VIGIL_PG_STORE (store),
                    POST_SELECT "WHERE p.platform = $1 AND p.remote_id = $2", values, error);
  if (res == NULL || PQntuples (res) == 0)
    return NULL;
  return row_to_post (res, 0);
}

static GArray *
pg_store_search_ids (VigilStore        *store,
                     VigilSearchQuery  *query,
                     GError           **error)
{
  g_autoptr(GPtrArray) values = g_ptr_array_new_with_free_func (g_free);
  g_autofree char *sql = build_search (query, TRUE, values);
  g_autoptr(PGresult) res = read_query (VIGIL_PG_STORE (store), sql, values, error);
  GArray *ids;

  if (res == NULL)
    return NULL;
  ids = g_array_sized_new (FALSE, FALSE, sizeof (gint64), PQntuples (res));
  for (int r = 0; r < PQntuples (res); r++)
    {
      gint64 id = _vigil_pg_get_int (res, r, 0);
      g_array_append_val (ids, id);
    }
  return ids;
}

/* Streams the rows in pages through a cursor, in one read transaction. */
static gboolean
foreach_on (PGconn              *conn,
            const char          *sql,
            GPtrArray           *values,
            VigilStorePostFunc   func,
            gpointer             user_data,
            GError             **error)
{
  g_autofree char *declare = g_strdup_printf ("DECLARE vigil_foreach NO SCROLL CURSOR FOR %s", sql);
  g_autoptr(PGresult) res = NULL;

  if (!_vigil_pg_exec (conn, "BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY", error))
    return FALSE;
  res = _vigil_pg_exec_params (conn, declare, values->len, (const char * const *) values->pdata, error);
  if (res == NULL)
    return FALSE;
  for (;;)
    {
      g_autoptr(PGresult) page = _vigil_pg_exec_params (conn, "FETCH 500 FROM vigil_foreach", 0, NULL, error);

      if (page == NULL)
        return FALSE;
      if (PQntuples (page) == 0)
        break;
      for (int r = 0; r < PQntuples (page); r++)
        {
          g_autoptr(VigilPost) post = row_to_post (page, r);

          func (post, user_data);
        }
    }
  return _vigil_pg_exec (conn, "COMMIT", error);
}

/* Streams the rows in pages through a cursor, in one read snapshot, over a
 * connection of its own (func may read the store meanwhile). */
static gboolean
pg_store_foreach (VigilStore          *store,
                  VigilSearchQuery    *query,
                  VigilStorePostFunc   func,
                  gpointer             user_data,
                  GError             **error)
{
  g_autoptr(GPtrArray) values = g_ptr_array_new_with_free_func (g_free);
  g_autofree char *sql = build_search (query, FALSE, values);
  PGconn *conn = _vigil_pg_store_connect (VIGIL_PG_STORE (store), error);
  gboolean ok;

  if (conn == NULL)
    return FALSE;
  ok = foreach_on (conn, sql, values, func, user_data, error);
  PQfinish (conn);
  return ok;
}

void
_vigil_pg_store_class_init_reads (VigilStoreClass *store_class)
{
  store_class->count_posts = pg_store_count_posts;
  store_class->get_last_id = pg_store_get_last_id;
  store_class->get_range = pg_store_get_range;
  store_class->get_posts = pg_store_get_posts;
  store_class->find_post = pg_store_find_post;
  store_class->search_ids = pg_store_search_ids;
  store_class->foreach = pg_store_foreach;
}

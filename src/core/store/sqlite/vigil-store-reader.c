/* vigil-store-reader.c: turning rows into posts, and searches into SQL
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "vigil-store-reader"

#include "config.h"

#include "vigil-store-private.h"

enum {
  COL_ID,
  COL_PLATFORM,
  COL_REMOTE_ID,
  COL_AUTHOR,
  COL_AUTHOR_NAME,
  COL_FOLLOWERS,
  COL_URL,
  COL_TEXT,
  COL_LANG,
  COL_SPOILER,
  COL_TITLE,
  COL_VISIBILITY,
  COL_TAGS,
  COL_MEDIA,
  COL_CREATED,
  COL_FETCHED,
  COL_PARENT_ID,
  COL_THREAD_ID,
  COL_REPLIES,
  COL_REPOSTS,
  COL_LIKES,
  COL_RAW,
  COL_S_DELETED,
  COL_S_EDITED,
  COL_S_TEXT,
  COL_S_SPOILER,
  COL_S_TITLE,
  COL_S_TAGS,
  COL_S_MEDIA,
  COL_A_LABEL,
  COL_A_COMPOUND,
  COL_A_OVERRIDE,
  COL_A_LANG,
  COL_A_CATEGORIES,
  COL_A_WATCHES,
  COL_A_REACH,
  COL_A_OTS,
  COL_A_IMP_SCORE,
  COL_A_IMP_REASONS,
  COL_A_MODERATION,
  COL_A_DUP_GROUP,
  COL_A_DUP_COUNT,
  COL_AP_FOLLOWING,
  COL_AP_CREATED,
  COL_AP_HAS_AVATAR,
  COL_AP_HAS_BIO,
};

static const char *
text_at (sqlite3_stmt *stmt,
         int           column)
{
  return (const char *) sqlite3_column_text (stmt, column);
}

/* The current value: the state's when an edit set it, else the post's. */
static const char *
current_at (sqlite3_stmt *stmt,
            int           state_column,
            int           post_column)
{
  if (sqlite3_column_type (stmt, state_column) != SQLITE_NULL)
    return text_at (stmt, state_column);
  return text_at (stmt, post_column);
}

static gint64
int_or_unknown (sqlite3_stmt *stmt,
                int           column)
{
  if (sqlite3_column_type (stmt, column) == SQLITE_NULL)
    return -1;
  return sqlite3_column_int64 (stmt, column);
}

static void
set_list (VigilPost  *post,
          const char *joined,
          gboolean    tags)
{
  const char sep[] = { VIGIL_STORE_LIST_SEP, '\0' };
  g_auto(GStrv) strv = NULL;

  if (joined == NULL || joined[0] == '\0')
    return;
  strv = g_strsplit (joined, sep, -1);
  if (tags)
    vigil_post_set_tags (post, (const char * const *) strv);
  else
    vigil_post_set_media (post, (const char * const *) strv);
}

static GStrv
split_list (sqlite3_stmt *stmt,
            int           column)
{
  const char sep[] = { VIGIL_STORE_LIST_SEP, '\0' };
  const char *joined = text_at (stmt, column);

  if (joined == NULL || joined[0] == '\0')
    return NULL;
  return g_strsplit (joined, sep, -1);
}

static VigilSentiment
sentiment_at (sqlite3_stmt *stmt,
              int           column)
{
  int v = sqlite3_column_int (stmt, column);

  return (v >= VIGIL_SENTIMENT_NONE && v <= VIGIL_SENTIMENT_POSITIVE) ? (VigilSentiment) v
                                                                      : VIGIL_SENTIMENT_NONE;
}

static VigilTristate
tristate_at (sqlite3_stmt *stmt,
             int           column)
{
  if (sqlite3_column_type (stmt, column) != SQLITE_INTEGER)
    return VIGIL_TRISTATE_UNKNOWN;
  switch (sqlite3_column_int64 (stmt, column))
    {
    case 0:
      return VIGIL_TRISTATE_NO;
    case 1:
      return VIGIL_TRISTATE_YES;
    default:
      return VIGIL_TRISTATE_UNKNOWN;
    }
}

/* The author_profiles columns (all NULL when the source said nothing). */
static void
set_author_profile (VigilPost    *post,
                    sqlite3_stmt *stmt)
{
  vigil_post_set_author_following (post, int_or_unknown (stmt, COL_AP_FOLLOWING));
  if (sqlite3_column_type (stmt, COL_AP_CREATED) == SQLITE_INTEGER)
    {
      g_autoptr(GDateTime) dt = _vigil_store_time_from_us (sqlite3_column_int64 (stmt, COL_AP_CREATED));
      vigil_post_set_author_created_at (post, dt);
    }
  vigil_post_set_author_has_avatar (post, tristate_at (stmt, COL_AP_HAS_AVATAR));
  vigil_post_set_author_has_bio (post, tristate_at (stmt, COL_AP_HAS_BIO));
}

/* The annotations columns (NULL when the post was never classified). */
static void
set_annotations (VigilPost    *post,
                 sqlite3_stmt *stmt)
{
  if (sqlite3_column_type (stmt, COL_A_OVERRIDE) != SQLITE_NULL)
    vigil_post_set_sentiment_override (post, sentiment_at (stmt, COL_A_OVERRIDE));

  if (sqlite3_column_type (stmt, COL_A_LABEL) != SQLITE_NULL)
    {
      g_auto(GStrv) categories = split_list (stmt, COL_A_CATEGORIES);
      g_auto(GStrv) watches = split_list (stmt, COL_A_WATCHES);
      g_auto(GStrv) reasons = split_list (stmt, COL_A_IMP_REASONS);
      g_auto(GStrv) moderation = split_list (stmt, COL_A_MODERATION);

      vigil_post_set_sentiment (post, sqlite3_column_double (stmt, COL_A_COMPOUND),
                                sentiment_at (stmt, COL_A_LABEL));
      if (vigil_post_get_lang (post) == NULL)
        vigil_post_set_lang (post, text_at (stmt, COL_A_LANG));
      vigil_post_set_categories (post, (const char * const *) categories);
      vigil_post_set_watches (post, (const char * const *) watches);
      vigil_post_set_reach (post,
                            int_or_unknown (stmt, COL_A_REACH),
                            sqlite3_column_type (stmt, COL_A_OTS) == SQLITE_NULL
                            ? -1.0 : sqlite3_column_double (stmt, COL_A_OTS));
      if (sqlite3_column_type (stmt, COL_A_IMP_SCORE) != SQLITE_NULL)
        vigil_post_set_impersonation (post, sqlite3_column_double (stmt, COL_A_IMP_SCORE),
                                      (const char * const *) reasons);
      vigil_post_set_moderation (post, (const char * const *) moderation);
    }

  if (sqlite3_column_type (stmt, COL_A_DUP_GROUP) != SQLITE_NULL)
    vigil_post_set_duplicates (post, sqlite3_column_int64 (stmt, COL_A_DUP_GROUP),
                               (guint) CLAMP (sqlite3_column_int64 (stmt, COL_A_DUP_COUNT), 1, G_MAXUINT));
}

VigilPost *
_vigil_store_row_to_post (sqlite3_stmt *stmt)
{
  VigilPost *post;
  const char *remote_id = text_at (stmt, COL_REMOTE_ID);

  post = vigil_post_new (vigil_platform_from_string (text_at (stmt, COL_PLATFORM)),
                         remote_id ? remote_id : "");
  vigil_post_set_id (post, sqlite3_column_int64 (stmt, COL_ID));
  vigil_post_set_author (post, text_at (stmt, COL_AUTHOR));
  vigil_post_set_author_name (post, text_at (stmt, COL_AUTHOR_NAME));
  vigil_post_set_author_followers (post, int_or_unknown (stmt, COL_FOLLOWERS));
  vigil_post_set_url (post, text_at (stmt, COL_URL));
  vigil_post_set_text (post, current_at (stmt, COL_S_TEXT, COL_TEXT));
  vigil_post_set_lang (post, text_at (stmt, COL_LANG));
  vigil_post_set_spoiler (post, current_at (stmt, COL_S_SPOILER, COL_SPOILER));
  vigil_post_set_title (post, current_at (stmt, COL_S_TITLE, COL_TITLE));
  vigil_post_set_visibility (post, sqlite3_column_int (stmt, COL_VISIBILITY) == VIGIL_VISIBILITY_DIRECT
                                   ? VIGIL_VISIBILITY_DIRECT : VIGIL_VISIBILITY_PUBLIC);
  set_list (post, current_at (stmt, COL_S_TAGS, COL_TAGS), TRUE);
  set_list (post, current_at (stmt, COL_S_MEDIA, COL_MEDIA), FALSE);

  if (sqlite3_column_type (stmt, COL_CREATED) == SQLITE_INTEGER)
    {
      g_autoptr(GDateTime) dt = _vigil_store_time_from_us (sqlite3_column_int64 (stmt, COL_CREATED));
      vigil_post_set_created_at (post, dt);
    }
  if (sqlite3_column_type (stmt, COL_FETCHED) == SQLITE_INTEGER)
    {
      g_autoptr(GDateTime) dt = _vigil_store_time_from_us (sqlite3_column_int64 (stmt, COL_FETCHED));
      vigil_post_set_fetched_at (post, dt);
    }

  vigil_post_set_parent_id (post, text_at (stmt, COL_PARENT_ID));
  vigil_post_set_thread_id (post, text_at (stmt, COL_THREAD_ID));
  vigil_post_set_metrics (post,
                          int_or_unknown (stmt, COL_REPLIES),
                          int_or_unknown (stmt, COL_REPOSTS),
                          int_or_unknown (stmt, COL_LIKES));
  if (sqlite3_column_type (stmt, COL_RAW) == SQLITE_BLOB)
    {
      const char *context[VIGIL_STORE_RAW_CONTEXT] = {
        remote_id, text_at (stmt, COL_AUTHOR), text_at (stmt, COL_URL), text_at (stmt, COL_TEXT)
      };

      vigil_post_take_raw (post, _vigil_store_raw_unpack (sqlite3_column_blob (stmt, COL_RAW),
                                                          sqlite3_column_bytes (stmt, COL_RAW),
                                                          context, NULL));
    }
  else
    vigil_post_set_raw (post, text_at (stmt, COL_RAW));
  vigil_post_set_deleted (post, sqlite3_column_int (stmt, COL_S_DELETED) != 0);
  vigil_post_set_edited (post, sqlite3_column_int (stmt, COL_S_EDITED) != 0);
  set_author_profile (post, stmt);
  set_annotations (post, stmt);
  return post;
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

/* An FTS5 expression that finds (a superset of) the posts with value as a
 * phrase in column (the author filter: the handle in the author column).
 * NULL when value holds no letter or digit, as the index can't find it then. */
static char *
column_fts (const char *column,
            const char *value)
{
  g_autofree char *valid = g_utf8_make_valid (value, -1);
  gboolean searchable = FALSE;
  GString *out;

  for (const char *p = valid; *p != '\0' && !searchable; p = g_utf8_next_char (p))
    {
      switch (g_unichar_type (g_utf8_get_char (p)))
        {
        case G_UNICODE_LOWERCASE_LETTER:
        case G_UNICODE_MODIFIER_LETTER:
        case G_UNICODE_OTHER_LETTER:
        case G_UNICODE_TITLECASE_LETTER:
        case G_UNICODE_UPPERCASE_LETTER:
        case G_UNICODE_DECIMAL_NUMBER:
        case G_UNICODE_LETTER_NUMBER:
        case G_UNICODE_OTHER_NUMBER:
          searchable = TRUE;
          break;
        default:
          break;
        }
    }
  if (!searchable)
    return NULL;

  out = g_string_new (column);
  g_string_append (out, " : \"");
  for (const char *p = valid; *p != '\0'; p++)
    {
      if (*p == '"')
        g_string_append_c (out, '"');
      g_string_append_c (out, *p);
    }
  g_string_append_c (out, '"');
  return g_string_free (out, FALSE);
}

/* Builds the SQL for a search; the values are bound by name afterwards with
 * _vigil_store_bind_search(). *out_fts receives the FTS5 expression. */
static char *build_search (const VigilSearchQuery  *query,
                           VigilSearchSql           what,
                           char                   **out_fts);

char *
_vigil_store_build_search (const VigilSearchQuery  *query,
                           VigilSearchSql           what,
                           char                   **out_fts)
{
  return build_search (query, what, out_fts);
}

/* --- The first page of a full-text search, newest first ------------------
 *
 * The index's rowid is a key that follows the post's date (second × 2^28 +
 * id, vigil-store-private.h), so FTS5 hands out a word's matches newest
 * second first and stops when asked (ORDER BY rowid DESC): the first page
 * of a word found in 366,000 posts reads about the page. Within one second
 * the keys order by id, not by the exact time: the rows of each second are
 * gathered and sorted by (created_us DESC, id DESC) — the order of the
 * plan that materialises every match (build_search's IN form, which
 * foreach and the other orders still use). So the page is exactly that
 * plan's first `limit` rows, and the stream stops at the first second
 * below the page's last one. */

typedef struct
{
  gint64   id;
  gint64   created;
  gboolean null_created;
} Hit;

static int
compare_hits (gconstpointer a,
              gconstpointer b)
{
  const Hit *x = a, *y = b;

  if (x->null_created != y->null_created)
    return x->null_created ? 1 : -1;
  if (x->created != y->created)
    return x->created > y->created ? -1 : 1;
  return x->id > y->id ? -1 : x->id < y->id;
}

static char *query_fts (const VigilSearchQuery *query);

static gboolean
stream_applies (const VigilSearchQuery *query)
{
  VigilSearchOrder order;
  g_autofree char *fts = NULL;

  if (query == NULL)
    return FALSE;
  order = query->order;
  if (order == VIGIL_SEARCH_ORDER_NEWEST && query->by_arrival)
    order = VIGIL_SEARCH_ORDER_ARRIVAL;
  if (order != VIGIL_SEARCH_ORDER_NEWEST)
    return FALSE;
  fts = query_fts (query);
  return fts != NULL;
}

static void
take_bucket (GArray *out,
             GArray *bucket,
             guint   limit)
{
  g_array_sort (bucket, compare_hits);
  for (guint i = 0; i < bucket->len && (limit == 0 || out->len < limit); i++)
    g_array_append_val (out, g_array_index (bucket, Hit, i).id);
  g_array_set_size (bucket, 0);
}

GArray *
_vigil_store_search_stream (sqlite3                 *db,
                            const VigilSearchQuery  *query,
                            GError                 **error)
{
  g_autofree char *fts = NULL;
  g_autofree char *sql = NULL;
  g_autoptr(GArray) ids = NULL;
  g_autoptr(GArray) bucket = NULL;
  sqlite3_stmt *stmt = NULL;
  gint64 current = G_MININT64;
  int rc;

  if (!stream_applies (query))
    return NULL;
  sql = build_search (query, VIGIL_SEARCH_SQL_STREAM, &fts);
  if (sqlite3_prepare_v2 (db, sql, -1, &stmt, NULL) != SQLITE_OK)
    {
      g_set_error (error, VIGIL_STORE_ERROR, VIGIL_STORE_ERROR_QUERY,
                   "Could not search the archive: %s", sqlite3_errmsg (db));
      return NULL;
    }
  _vigil_store_bind_search (stmt, query, fts);

  ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  bucket = g_array_new (FALSE, FALSE, sizeof (Hit));
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      gint64 b = sqlite3_column_int64 (stmt, 0) >> VIGIL_FTS_ID_BITS;
      Hit hit;

      if (b != current)
        {
          /* every later row is older than every row gathered */
          take_bucket (ids, bucket, query->limit);
          if (query->limit > 0 && ids->len >= query->limit)
            break;
          current = b;
        }
      hit.id = sqlite3_column_int64 (stmt, 1);
      hit.null_created = sqlite3_column_type (stmt, 2) == SQLITE_NULL;
      hit.created = sqlite3_column_int64 (stmt, 2);
      g_array_append_val (bucket, hit);
    }
  if (rc != SQLITE_ROW && rc != SQLITE_DONE)
    {
      g_set_error (error, VIGIL_STORE_ERROR, VIGIL_STORE_ERROR_QUERY,
                   "Could not search the archive: %s", sqlite3_errmsg (db));
      sqlite3_finalize (stmt);
      return NULL;
    }
  sqlite3_finalize (stmt);
  take_bucket (ids, bucket, query->limit);
  return g_steal_pointer (&ids);
}

gint64
_vigil_store_count_matches (sqlite3                 *db,
                            const VigilSearchQuery  *query,
                            gint64                   cap,
                            gboolean                *out_exact,
                            GError                 **error)
{
  g_autoptr(VigilSearchQuery) bounded = vigil_search_query_copy (query);
  g_autofree char *fts = NULL;
  g_autofree char *sql = NULL;
  g_autofree char *count_sql = NULL;
  sqlite3_stmt *stmt = NULL;
  gint64 n = -1;

  /* one more than the cap tells "more" from "exactly cap" */
  bounded->limit = (guint) MIN (cap + 1, (gint64) G_MAXUINT);
  sql = build_search (bounded, VIGIL_SEARCH_SQL_COUNT, &fts);
  count_sql = g_strdup_printf ("SELECT count(*) FROM (%s)", sql);
  if (sqlite3_prepare_v2 (db, count_sql, -1, &stmt, NULL) != SQLITE_OK)
    {
      g_set_error (error, VIGIL_STORE_ERROR, VIGIL_STORE_ERROR_QUERY,
                   "Could not count the matches: %s", sqlite3_errmsg (db));
      return -1;
    }
  _vigil_store_bind_search (stmt, bounded, fts);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    n = sqlite3_column_int64 (stmt, 0);
  else
    g_set_error (error, VIGIL_STORE_ERROR, VIGIL_STORE_ERROR_QUERY,
                 "Could not count the matches: %s", sqlite3_errmsg (db));
  sqlite3_finalize (stmt);
  if (n < 0)
    return -1;
  if (out_exact)
    *out_exact = n <= cap;
  return MIN (n, cap);
}

static const char *
without_prefix (const char *value,
                char        prefix)
{
  while (value && *value == prefix)
    value++;
  return value && *value ? value : NULL;
}

/* "phrase AND (fts)"; takes both (either may be NULL) */
static char *
and_fts (char *fts,
         char *phrase)
{
  char *both;

  if (phrase == NULL || fts == NULL)
    return phrase ? phrase : fts;
  both = g_strdup_printf ("%s AND (%s)", phrase, fts);
  g_free (fts);
  g_free (phrase);
  return both;
}

/* the text a person sees: the latest edit's, else the post's */
#define CURRENT_TEXT "coalesce ((SELECT st.text FROM post_state st WHERE st.platform = p.platform " \
                     "AND st.remote_id = p.remote_id AND st.text IS NOT NULL), p.text, '')"

static char *
query_fts (const VigilSearchQuery *query)
{
  char *fts = query ? vigil_search_query_to_fts (query->text) : NULL;
  const char *author = query ? author_without_at (query) : NULL;
  const char *tag = query ? without_prefix (query->tag, '#') : NULL;
  const char *mention = query ? without_prefix (query->mention, '@') : NULL;
  const char *link = query && query->link && query->link[0] ? query->link : NULL;

  /* each of these narrows through the index first: a phrase in a column */
  if (author != NULL)
    fts = and_fts (fts, column_fts ("author", author));
  if (tag != NULL)
    fts = and_fts (fts, column_fts ("tags", tag));
  if (mention != NULL)
    fts = and_fts (fts, column_fts ("text", mention));
  if (link != NULL)
    {
      /* a part of a URL may end inside a word ("…/p/1193" of "…/p/11938"):
       * its last token is a prefix */
      g_autofree char *phrase = column_fts ("text", link);

      if (phrase != NULL)
        fts = and_fts (fts, g_strconcat (phrase, " *", NULL));
    }
  return fts;
}

/* A date the index's key range bounds exactly: a whole second in range. */
static gboolean
exact_in_keys (GDateTime *dt)
{
  gint64 us;

  if (dt == NULL)
    return TRUE;
  us = _vigil_store_time_to_us (dt);
  return us % G_USEC_PER_SEC == 0
         && ABS (us / G_USEC_PER_SEC - VIGIL_FTS_EPOCH_S) < VIGIL_FTS_BUCKET_MAX;
}

/* Whether counting query's matches needs the posts rows (a filter on
 * them), or the index alone can tell. */
static gboolean
count_needs_posts (const VigilSearchQuery *query)
{
  return query->platform != VIGIL_PLATFORM_UNKNOWN || author_without_at (query)
         || query->after_id > 0 || query->sentiment != VIGIL_SENTIMENT_NONE
         || (query->lang && query->lang[0]) || (query->category && query->category[0])
         || (query->watch && query->watch[0]) || without_prefix (query->mention, '@')
         || (query->link && query->link[0]) || query->deleted_only || query->edited_only
         || query->type != VIGIL_SEARCH_TYPE_ANY || query->collapse_duplicates
         || !exact_in_keys (query->since) || !exact_in_keys (query->until);
}

/* The index drives the join (STREAM, COUNT with a text): FROM posts_fts,
 * then each post by the id in the key. Otherwise FROM posts, with the
 * matches as a set (IN: every match is read, then sorted). */
static char *
build_search (const VigilSearchQuery  *query,
              VigilSearchSql           what,
              char                   **out_fts)
{
  VigilSearchOrder order = query ? query->order : VIGIL_SEARCH_ORDER_NEWEST;
  char *fts = query_fts (query);
  const char *author = query ? author_without_at (query) : NULL;
  const char *mention = query ? without_prefix (query->mention, '@') : NULL;
  const char *link = query && query->link && query->link[0] ? query->link : NULL;
  gboolean from_index = fts != NULL && (what == VIGIL_SEARCH_SQL_STREAM || what == VIGIL_SEARCH_SQL_COUNT);
  /* a count of words and whole-second dates: the index alone */
  gboolean index_only = from_index && what == VIGIL_SEARCH_SQL_COUNT && !count_needs_posts (query);
  GString *sql = g_string_new (NULL);

  switch (what)
    {
    case VIGIL_SEARCH_SQL_ROWS:
      g_string_append (sql, VIGIL_POST_SELECT);
      break;
    case VIGIL_SEARCH_SQL_STREAM:
      g_string_append (sql, "SELECT f.rowid, p.id, p.created_us ");
      break;
    case VIGIL_SEARCH_SQL_COUNT:
      g_string_append (sql, "SELECT 1 ");
      break;
    case VIGIL_SEARCH_SQL_IDS:
    default:
      g_string_append (sql, "SELECT p.id ");
      break;
    }
  if (index_only)
    g_string_append (sql, "FROM posts_fts f ");
  else if (what != VIGIL_SEARCH_SQL_ROWS)
    g_string_append (sql, from_index ? "FROM posts_fts f CROSS JOIN posts p ON p.id = " VIGIL_FTS_ID_SQL ("f.rowid")
                                       " LEFT JOIN annotations a ON a.post_id = p.id "
                                     : "FROM posts p LEFT JOIN annotations a ON a.post_id = p.id ");

  g_string_append (sql, "WHERE 1");
  if (query != NULL)
    {
      if (from_index)
        {
          g_string_append (sql, " AND posts_fts MATCH :fts");
          /* the dates as a range of keys (the exact bound follows) */
          if (query->since != NULL)
            g_string_append (sql, " AND f.rowid >= :since_key");
          if (query->until != NULL)
            g_string_append (sql, " AND f.rowid < :until_key");
        }
      else if (fts != NULL)
        g_string_append (sql, " AND p.id IN (SELECT " VIGIL_FTS_ID_SQL ("rowid")
                              " FROM posts_fts WHERE posts_fts MATCH :fts)");
      if (query->platform != VIGIL_PLATFORM_UNKNOWN)
        g_string_append (sql, " AND p.platform = :platform");
      if (author != NULL)
        g_string_append (sql, " AND (p.author = :author COLLATE NOCASE"
                              " OR p.author = ('@' || :author) COLLATE NOCASE)");
      if (query->since != NULL && !index_only)
        g_string_append (sql, " AND p.created_us >= :since");
      if (query->until != NULL && !index_only)
        g_string_append (sql, " AND p.created_us < :until");
      if (query->after_id > 0)
        g_string_append (sql, " AND p.id > :after");
      if (query->sentiment != VIGIL_SENTIMENT_NONE)
        g_string_append (sql, " AND coalesce (a.override, a.label) = :sentiment");
      if (query->lang != NULL && query->lang[0] != '\0')
        g_string_append (sql, " AND (lower (coalesce (p.lang, a.lang)) = lower (:lang)"
                              " OR lower (substr (coalesce (p.lang, a.lang), 1, length (:lang) + 1))"
                              " = lower (:lang) || '-')");
      /* whole dot-separated parts: "hr" matches "hr" and "hr.bullying",
       * not "hrx" */
      if (query->category != NULL && query->category[0] != '\0')
        g_string_append (sql, " AND (instr (char (31) || a.categories || char (31),"
                              " char (31) || :category || char (31)) > 0"
                              " OR instr (char (31) || a.categories,"
                              " char (31) || :category || '.') > 0)");
      if (query->watch != NULL && query->watch[0] != '\0')
        g_string_append (sql, " AND instr (char (31) || a.watches || char (31),"
                              " char (31) || :watch || char (31)) > 0");
      /* the index finds the words; these check the exact form */
      if (mention != NULL)
        g_string_append (sql, " AND instr (lower (" CURRENT_TEXT "), '@' || lower (:mention)) > 0");
      if (link != NULL)
        g_string_append (sql, " AND instr (lower (" CURRENT_TEXT "), lower (:link)) > 0");
      if (query->deleted_only || query->edited_only)
        g_string_append_printf (sql, " AND EXISTS (SELECT 1 FROM post_state st WHERE"
                                " st.platform = p.platform AND st.remote_id = p.remote_id%s%s)",
                                query->deleted_only ? " AND st.deleted = 1" : "",
                                query->edited_only ? " AND st.edited = 1" : "");
      switch (query->type)
        {
        case VIGIL_SEARCH_TYPE_POST:
          g_string_append (sql, " AND p.parent_id IS NULL AND p.visibility != 1");
          break;
        case VIGIL_SEARCH_TYPE_REPLY:
          g_string_append (sql, " AND p.parent_id IS NOT NULL");
          break;
        case VIGIL_SEARCH_TYPE_DIRECT:
          g_string_append (sql, " AND p.visibility = 1");
          break;
        case VIGIL_SEARCH_TYPE_ANY:
        default:
          break;
        }
      /* the newest post of each near-duplicate group (its dup_count is the
       * group's size when it was archived, which is the group's size) */
      if (query->collapse_duplicates)
        g_string_append (sql, " AND (a.dup_group IS NULL OR NOT EXISTS"
                              " (SELECT 1 FROM annotations d WHERE d.dup_group = a.dup_group"
                              " AND d.post_id > p.id))");
    }

  if (order == VIGIL_SEARCH_ORDER_NEWEST && query != NULL && query->by_arrival)
    order = VIGIL_SEARCH_ORDER_ARRIVAL;
  if (what == VIGIL_SEARCH_SQL_STREAM)
    {
      /* the page is cut in C (_vigil_store_search_stream) */
      g_string_append (sql, from_index ? " ORDER BY f.rowid DESC" : " ORDER BY p.created_us DESC, p.id DESC");
      *out_fts = fts;
      return g_string_free (sql, FALSE);
    }
  if (what == VIGIL_SEARCH_SQL_COUNT)
    {
      g_string_append (sql, " LIMIT :limit");
      *out_fts = fts;
      return g_string_free (sql, FALSE);
    }
  switch (order)
    {
    case VIGIL_SEARCH_ORDER_ARRIVAL:
      g_string_append (sql, " ORDER BY p.id DESC");
      break;
    case VIGIL_SEARCH_ORDER_REACH:
      /* SQLite sorts NULL lowest: unknown reach comes last */
      g_string_append (sql, " ORDER BY a.reach DESC, p.created_us DESC, p.id DESC");
      break;
    case VIGIL_SEARCH_ORDER_OTS:
      g_string_append (sql, " ORDER BY a.ots DESC, p.created_us DESC, p.id DESC");
      break;
    case VIGIL_SEARCH_ORDER_AUTHOR:
      g_string_append (sql, " ORDER BY p.author COLLATE NOCASE, p.created_us DESC, p.id DESC");
      break;
    case VIGIL_SEARCH_ORDER_NEGATIVE:
      g_string_append (sql, " ORDER BY a.compound ASC NULLS LAST, p.created_us DESC, p.id DESC");
      break;
    case VIGIL_SEARCH_ORDER_NEWEST:
    default:
      g_string_append (sql, " ORDER BY p.created_us DESC, p.id DESC");
      break;
    }

  if (query != NULL && query->limit > 0)
    g_string_append (sql, " LIMIT :limit");

  *out_fts = fts;
  return g_string_free (sql, FALSE);
}

static void
bind_named_text (sqlite3_stmt *stmt,
                 const char   *name,
                 const char   *value)
{
  int index = sqlite3_bind_parameter_index (stmt, name);

  if (index > 0)
    sqlite3_bind_text (stmt, index, value, -1, SQLITE_TRANSIENT);
}

static void
bind_named_int (sqlite3_stmt *stmt,
                const char   *name,
                gint64        value)
{
  int index = sqlite3_bind_parameter_index (stmt, name);

  if (index > 0)
    sqlite3_bind_int64 (stmt, index, value);
}

gboolean
_vigil_store_bind_search (sqlite3_stmt           *stmt,
                          const VigilSearchQuery *query,
                          const char             *fts)
{
  if (query == NULL)
    return TRUE;
  bind_named_text (stmt, ":fts", fts);
  bind_named_text (stmt, ":platform", vigil_platform_to_string (query->platform));
  bind_named_text (stmt, ":author", author_without_at (query));
  if (query->since != NULL)
    bind_named_int (stmt, ":since", _vigil_store_time_to_us (query->since));
  if (query->until != NULL)
    bind_named_int (stmt, ":until", _vigil_store_time_to_us (query->until));
  if (query->since != NULL)
    bind_named_int (stmt, ":since_key", _vigil_store_fts_key (TRUE, _vigil_store_time_to_us (query->since), 0));
  if (query->until != NULL)
    bind_named_int (stmt, ":until_key",
                    _vigil_store_fts_key (TRUE, _vigil_store_time_to_us (query->until) - 1, VIGIL_FTS_MAX_ID + 1));
  bind_named_int (stmt, ":after", query->after_id);
  bind_named_int (stmt, ":limit", query->limit);
  bind_named_int (stmt, ":sentiment", query->sentiment);
  bind_named_text (stmt, ":lang", query->lang);
  bind_named_text (stmt, ":category", query->category);
  bind_named_text (stmt, ":watch", query->watch);
  bind_named_text (stmt, ":mention", without_prefix (query->mention, '@'));
  bind_named_text (stmt, ":link", query->link);
  return TRUE;
}

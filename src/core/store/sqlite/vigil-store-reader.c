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
                           gboolean                 ids_only,
                           char                   **out_fts);

char *
_vigil_store_build_search (const VigilSearchQuery  *query,
                           gboolean                 ids_only,
                           char                   **out_fts)
{
  return build_search (query, ids_only, out_fts);
}

/* The newest first page of a text-only search, fast also for common
 * words: "IN (SELECT rowid … MATCH)" reads and sorts every match (800k
 * for a common word in a million posts). Here: the RECENT_WINDOW newest
 * posts (by the created_us index, same order and tie-break as the search)
 * (sized by how common the word is among the newest ids, 2,000 to
 * 50,000) go in a set; their lowest id bounds a walk of the word's matches newest
 * id first (FTS5 streams rowids in order and stops at the bound); matches
 * in the set are sorted. Every post outside the set is older than every
 * post in it, so when at least query->limit matches are in the set they
 * are exactly the first page. Otherwise (a word rare among recent posts)
 * NULL without error: the caller runs the usual plan, cheap for such a
 * word. Only for a text query with no other filter. */
#define RECENT_WINDOW 10000

typedef struct
{
  gint64 id;
  gint64 created;
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

static GArray *search_recent_window (sqlite3                *db,
                                     const VigilSearchQuery *query,
                                     const char             *fts,
                                     guint                   window,
                                     GError                **error);

GArray *
_vigil_store_search_recent_ids (sqlite3                 *db,
                                const VigilSearchQuery  *query,
                                GError                 **error)
{
  g_autofree char *fts = NULL;
  GArray *ids;

  if (query == NULL || query->limit == 0 || query->limit > 1000 || query->by_arrival
      || query->order != VIGIL_SEARCH_ORDER_NEWEST || query->after_id > 0
      || query->platform != VIGIL_PLATFORM_UNKNOWN || query->author || query->since || query->until
      || query->sentiment != VIGIL_SENTIMENT_NONE || query->lang || query->category || query->watch
      || query->collapse_duplicates || query->deleted_only || query->edited_only
      || query->type != VIGIL_SEARCH_TYPE_ANY || query->tag || query->mention || query->link)
    return NULL;
  if ((fts = vigil_search_query_to_fts (query->text)) == NULL)
    return NULL;
  /* how common is the word among the newest RECENT_WINDOW ids? (FTS5
   * reads only that end of its doclist) — size the window for it, or
   * leave a rare word to the usual plan, which is cheap for it */
  {
    sqlite3_stmt *stmt = NULL;
    gint64 hits = 0, n_posts = 0;
    guint64 window;

    if (sqlite3_prepare_v2 (db, "SELECT (SELECT count(*) FROM posts_fts WHERE posts_fts MATCH ?1 AND rowid > "
                            "(SELECT coalesce (max (id), 0) FROM posts) - ?2), "
                            "(SELECT coalesce (max (id), 0) FROM posts)", -1, &stmt, NULL) == SQLITE_OK)
      {
        sqlite3_bind_text (stmt, 1, fts, -1, SQLITE_STATIC);
        sqlite3_bind_int64 (stmt, 2, RECENT_WINDOW);
        if (sqlite3_step (stmt) == SQLITE_ROW)
          {
            hits = sqlite3_column_int64 (stmt, 0);
            n_posts = sqlite3_column_int64 (stmt, 1);
          }
      }
    sqlite3_finalize (stmt);
    (void) n_posts;
    if (hits == 0)
      return NULL;
    window = MAX (2000, (guint64) query->limit * RECENT_WINDOW * 3 / 2 / (guint64) hits);
    if (window > RECENT_WINDOW * 5)
      return NULL;
    ids = search_recent_window (db, query, fts, (guint) window, error);
    if (ids == NULL && !(error && *error) && window < RECENT_WINDOW * 5)
      ids = search_recent_window (db, query, fts, RECENT_WINDOW * 5, error);
  }
  return ids;
}

static GArray *
search_recent_window (sqlite3                *db,
                      const VigilSearchQuery *query,
                      const char             *fts,
                      guint                   window,
                      GError                **error)
{
  g_autoptr(GHashTable) recent = NULL;
  g_autoptr(GArray) hits = NULL;
  g_autoptr(GArray) ids = NULL;
  g_autofree Hit *slots = g_new (Hit, window);
  guint n_slots = 0;
  sqlite3_stmt *stmt = NULL;
  gint64 min_id = G_MAXINT64;
  int rc;

  recent = g_hash_table_new (g_int64_hash, g_int64_equal);
  if (sqlite3_prepare_v2 (db, "SELECT id, created_us FROM posts ORDER BY created_us DESC, id DESC LIMIT ?",
                          -1, &stmt, NULL) != SQLITE_OK)
    goto fail;
  sqlite3_bind_int64 (stmt, 1, window);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW && n_slots < window)
    {
      Hit *hit = &slots[n_slots++];

      hit->id = sqlite3_column_int64 (stmt, 0);
      hit->null_created = sqlite3_column_type (stmt, 1) == SQLITE_NULL;
      hit->created = sqlite3_column_int64 (stmt, 1);
      min_id = MIN (min_id, hit->id);
      g_hash_table_insert (recent, &hit->id, hit);
    }
  sqlite3_finalize (stmt);
  stmt = NULL;
  if (rc != SQLITE_DONE && rc != SQLITE_ROW)
    goto fail;

  hits = g_array_new (FALSE, FALSE, sizeof (Hit));
  if (sqlite3_prepare_v2 (db, "SELECT rowid FROM posts_fts WHERE posts_fts MATCH ? AND rowid >= ? "
                          "ORDER BY rowid DESC", -1, &stmt, NULL) != SQLITE_OK)
    goto fail;
  sqlite3_bind_text (stmt, 1, fts, -1, SQLITE_STATIC);
  sqlite3_bind_int64 (stmt, 2, min_id);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      gint64 id = sqlite3_column_int64 (stmt, 0);
      Hit *hit = g_hash_table_lookup (recent, &id);

      if (hit)
        g_array_append_val (hits, *hit);
    }
  sqlite3_finalize (stmt);
  stmt = NULL;
  if (rc != SQLITE_DONE)
    goto fail;
  if (hits->len < query->limit)
    return NULL;

  g_array_sort (hits, compare_hits);
  ids = g_array_sized_new (FALSE, FALSE, sizeof (gint64), query->limit);
  for (guint i = 0; i < query->limit; i++)
    g_array_append_val (ids, g_array_index (hits, Hit, i).id);
  return g_steal_pointer (&ids);

fail:
  g_set_error (error, VIGIL_STORE_ERROR, VIGIL_STORE_ERROR_QUERY,
               "Could not search the archive: %s", sqlite3_errmsg (db));
  sqlite3_finalize (stmt);
  return NULL;
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
build_search (const VigilSearchQuery  *query,
              gboolean                 ids_only,
              char                   **out_fts)
{
  GString *sql = g_string_new (ids_only ? "SELECT p.id FROM posts p "
                                          "LEFT JOIN annotations a ON a.post_id = p.id "
                                        : VIGIL_POST_SELECT);
  VigilSearchOrder order = query ? query->order : VIGIL_SEARCH_ORDER_NEWEST;
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
    fts = and_fts (fts, column_fts ("text", link));

  g_string_append (sql, "WHERE 1");
  if (query != NULL)
    {
      if (fts != NULL)
        g_string_append (sql, " AND p.id IN (SELECT rowid FROM posts_fts WHERE posts_fts MATCH :fts)");
      if (query->platform != VIGIL_PLATFORM_UNKNOWN)
        g_string_append (sql, " AND p.platform = :platform");
      if (author != NULL)
        g_string_append (sql, " AND (p.author = :author COLLATE NOCASE"
                              " OR p.author = ('@' || :author) COLLATE NOCASE)");
      if (query->since != NULL)
        g_string_append (sql, " AND p.created_us >= :since");
      if (query->until != NULL)
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

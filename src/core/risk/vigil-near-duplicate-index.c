/* vigil-near-duplicate-index.c: group copies of the same text
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "vigil-near-duplicate-index"

#include "config.h"

#include <string.h>

#include "vigil-near-duplicate-index.h"
#include "vigil-risk-text.h"

#define N_BANDS         4
#define MAX_BUCKET      4096   /* entries kept per band bucket: bounds a lookup */
#define SHINGLE         1      /* words: order-insensitive, and the most robust to an edit */
#define SEED_SHINGLE    0x5eed0001ULL

typedef struct
{
  guint64 simhash;
  gint64  group;
} Entry;

typedef struct
{
  gint64 first_post;
  guint  size;
} Group;

struct _VigilNearDuplicateIndex
{
  GObject     parent_instance;

  GMutex      lock;
  guint       max_hamming;
  GHashTable *by_text;          /* text hash (guint64*) → group id (gint64*) */
  GHashTable *by_simhash;       /* simhash → group id, exact repeats */
  GHashTable *bands[N_BANDS];   /* 16-bit band value → GArray of Entry */
  GHashTable *groups;           /* group id (gint64*) → Group* */
};

G_DEFINE_FINAL_TYPE (VigilNearDuplicateIndex, vigil_near_duplicate_index, G_TYPE_OBJECT)

/* Words that only frame a repost: "RT @a:", "via @a", "QT". */
static gboolean
is_framing_word (const char *word)
{
  return strcmp (word, "rt") == 0 || strcmp (word, "qt") == 0 || strcmp (word, "via") == 0
         || strcmp (word, "mt") == 0;
}

static gboolean
is_number (const char *word)
{
  for (; *word; word++)
    if (!g_ascii_isdigit (*word))
      return FALSE;
  return TRUE;
}

/* Tokens of the normalised text: framing words at either end, and hashtags
 * and numbers at the end, dropped (mentions, URLs, emoji and punctuation
 * never become tokens). Returns the range [*first, *last). */
static void
normalise (const char      *text,
           VigilRiskTokens *tokens,
           guint           *first,
           guint           *last)
{
  _vigil_risk_tokenize (text, VIGIL_RISK_TOKENIZE_DEFAULT, tokens);
  *first = 0;
  *last = tokens->tokens->len;
  while (*first < *last && is_framing_word (_vigil_risk_tokens_get (tokens, *first)))
    (*first)++;
  while (*last > *first
         && (is_framing_word (_vigil_risk_tokens_get (tokens, *last - 1))
             || is_number (_vigil_risk_tokens_get (tokens, *last - 1))
             || (g_array_index (tokens->tokens, VigilRiskToken, *last - 1).flags & VIGIL_RISK_TOKEN_HASHTAG)))
    (*last)--;
}

static guint64
text_hash (const VigilRiskTokens *tokens,
           guint                  first,
           guint                  last)
{
  guint64 h = 0;

  if (first == last)
    return 0;
  for (guint i = first; i < last; i++)
    h = _vigil_risk_hash64 (_vigil_risk_tokens_get (tokens, i), _vigil_risk_tokens_len (tokens, i) + 1, h);
  return h ? h : 1;
}

static guint64
simhash (const VigilRiskTokens *tokens,
         guint                  first,
         guint                  last)
{
  int v[64] = { 0 };
  guint n = last - first;
  guint width = MIN (n, SHINGLE);
  guint64 result = 0;

  if (n == 0)
    return 0;
  for (guint i = first; i + width <= last; i++)
    {
      guint64 h = SEED_SHINGLE;

      for (guint k = 0; k < width; k++)
        h = _vigil_risk_hash64 (_vigil_risk_tokens_get (tokens, i + k),
                                _vigil_risk_tokens_len (tokens, i + k) + 1, h);
      for (guint b = 0; b < 64; b++)
        v[b] += (h >> b) & 1 ? 1 : -1;
    }
  for (guint b = 0; b < 64; b++)
    if (v[b] > 0)
      result |= G_GUINT64_CONSTANT (1) << b;
  return result;
}

guint64
vigil_simhash (const char *text)
{
  VigilRiskTokens tokens;
  guint first, last;
  guint64 h;

  g_return_val_if_fail (text, 0);
  _vigil_risk_tokens_init (&tokens);
  normalise (text, &tokens, &first, &last);
  h = simhash (&tokens, first, last);
  _vigil_risk_tokens_clear (&tokens);
  return h;
}

guint64
vigil_near_duplicate_text_hash (const char *text)
{
  VigilRiskTokens tokens;
  guint first, last;
  guint64 h;

  g_return_val_if_fail (text, 0);
  _vigil_risk_tokens_init (&tokens);
  normalise (text, &tokens, &first, &last);
  h = text_hash (&tokens, first, last);
  _vigil_risk_tokens_clear (&tokens);
  return h;
}

static void
vigil_near_duplicate_index_finalize (GObject *object)
{
  VigilNearDuplicateIndex *self = VIGIL_NEAR_DUPLICATE_INDEX (object);

  g_clear_pointer (&self->by_text, g_hash_table_unref);
  g_clear_pointer (&self->by_simhash, g_hash_table_unref);
  for (guint b = 0; b < N_BANDS; b++)
    g_clear_pointer (&self->bands[b], g_hash_table_unref);
  g_clear_pointer (&self->groups, g_hash_table_unref);
  g_mutex_clear (&self->lock);

  G_OBJECT_CLASS (vigil_near_duplicate_index_parent_class)->finalize (object);
}

static void
vigil_near_duplicate_index_class_init (VigilNearDuplicateIndexClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = vigil_near_duplicate_index_finalize;
}

static void
vigil_near_duplicate_index_init (VigilNearDuplicateIndex *self)
{
  g_mutex_init (&self->lock);
  self->by_text = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, g_free);
  self->by_simhash = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, g_free);
  for (guint b = 0; b < N_BANDS; b++)
    self->bands[b] = g_hash_table_new_full (NULL, NULL, NULL, (GDestroyNotify) g_array_unref);
  self->groups = g_hash_table_new_full (g_int64_hash, g_int64_equal, NULL, g_free);
}

VigilNearDuplicateIndex *
vigil_near_duplicate_index_new (guint max_hamming)
{
  VigilNearDuplicateIndex *self = g_object_new (VIGIL_TYPE_NEAR_DUPLICATE_INDEX, NULL);

  self->max_hamming = MIN (max_hamming, 16);
  return self;
}

static gint64 *
dup_int64 (gint64 v)
{
  return g_memdup2 (&v, sizeof v);
}

static Group *
group_new (VigilNearDuplicateIndex *self,
           gint64                   post_id)
{
  Group *g = g_new0 (Group, 1);

  g->first_post = post_id;
  g_hash_table_replace (self->groups, &g->first_post, g);
  return g;
}

static gint64
find_similar (VigilNearDuplicateIndex *self,
              guint64                  h,
              gboolean                *found)
{
  gint64 *exact = g_hash_table_lookup (self->by_simhash, &h);
  guint best = G_MAXUINT;
  gint64 best_group = 0;

  *found = FALSE;
  if (exact)
    {
      *found = TRUE;
      return *exact;
    }
  for (guint b = 0; b < N_BANDS; b++)
    {
      GArray *bucket = g_hash_table_lookup (self->bands[b], GUINT_TO_POINTER ((guint) ((h >> (16 * b)) & 0xffff) + 1));

      for (guint i = 0; bucket && i < bucket->len; i++)
        {
          const Entry *e = &g_array_index (bucket, Entry, i);
          guint d = (guint) __builtin_popcountll (e->simhash ^ h);

          if (d <= self->max_hamming && (d < best || (d == best && e->group < best_group)))
            {
              best = d;
              best_group = e->group;
            }
        }
    }
  *found = best != G_MAXUINT;
  return best_group;
}

static void
remember_simhash (VigilNearDuplicateIndex *self,
                  guint64                  h,
                  gint64                   group)
{
  Entry e = { h, group };

  g_hash_table_insert (self->by_simhash, g_memdup2 (&h, sizeof h), dup_int64 (group));
  for (guint b = 0; b < N_BANDS; b++)
    {
      gpointer key = GUINT_TO_POINTER ((guint) ((h >> (16 * b)) & 0xffff) + 1);
      GArray *bucket = g_hash_table_lookup (self->bands[b], key);

      if (!bucket)
        {
          bucket = g_array_new (FALSE, FALSE, sizeof (Entry));
          g_hash_table_insert (self->bands[b], key, bucket);
        }
      if (bucket->len < MAX_BUCKET)
        g_array_append_val (bucket, e);
    }
}

gint64
vigil_near_duplicate_index_add (VigilNearDuplicateIndex *self,
                                gint64                   post_id,
                                const char              *text,
                                guint                   *group_size)
{
  VigilRiskTokens tokens;
  guint first, last;
  guint64 th, sh = 0;
  gint64 group_id = post_id;
  gint64 *known;
  gboolean found = FALSE;
  Group *group;

  g_return_val_if_fail (VIGIL_IS_NEAR_DUPLICATE_INDEX (self), post_id);

  _vigil_risk_tokens_init (&tokens);
  normalise (text ? text : "", &tokens, &first, &last);
  th = text_hash (&tokens, first, last);
  if (last - first >= VIGIL_SIMHASH_MIN_WORDS)
    sh = simhash (&tokens, first, last);
  _vigil_risk_tokens_clear (&tokens);

  g_mutex_lock (&self->lock);
  if (th == 0)
    {
      /* nothing to compare: a group of its own */
      group = g_hash_table_lookup (self->groups, &post_id);
      if (!group)
        group = group_new (self, post_id);
      group->size++;
    }
  else
    {
      known = g_hash_table_lookup (self->by_text, &th);
      if (known)
        {
          group_id = *known;
          found = TRUE;
        }
      else if (sh)
        group_id = find_similar (self, sh, &found);
      if (!found)
        group_id = post_id;

      group = g_hash_table_lookup (self->groups, &group_id);
      if (!group)
        group = group_new (self, group_id);
      group->size++;
      if (!known)
        g_hash_table_insert (self->by_text, g_memdup2 (&th, sizeof th), dup_int64 (group_id));
      if (sh && !g_hash_table_contains (self->by_simhash, &sh))
        remember_simhash (self, sh, group_id);
    }
  if (group_size)
    *group_size = group->size;
  group_id = group->first_post;
  g_mutex_unlock (&self->lock);
  return group_id;
}

guint
vigil_near_duplicate_index_get_group_size (VigilNearDuplicateIndex *self,
                                           gint64                   group_id)
{
  Group *g;
  guint size;

  g_return_val_if_fail (VIGIL_IS_NEAR_DUPLICATE_INDEX (self), 0);
  g_mutex_lock (&self->lock);
  g = g_hash_table_lookup (self->groups, &group_id);
  size = g ? g->size : 0;
  g_mutex_unlock (&self->lock);
  return size;
}

guint
vigil_near_duplicate_index_get_n_groups (VigilNearDuplicateIndex *self)
{
  guint n;

  g_return_val_if_fail (VIGIL_IS_NEAR_DUPLICATE_INDEX (self), 0);
  g_mutex_lock (&self->lock);
  n = g_hash_table_size (self->groups);
  g_mutex_unlock (&self->lock);
  return n;
}

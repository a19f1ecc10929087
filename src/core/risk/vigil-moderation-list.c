/* vigil-moderation-list.c: words that need a senior's authorisation
 *
 * Each entry is tokenized like a post. A post token is first looked up as
 * is (the fast path). Only a token that looks disguised (digits or symbols
 * among letters, or a letter repeated three times) goes through the slow
 * path: a small matcher where '*', '#' and '%' stand for any letter, the
 * look-alikes 0 1 3 4 5 7 8 @ $ ! | stand for o i/l e a s t b a s i i/l,
 * and a letter may be repeated.
 *
 * Entries whose first word is a prefix ("fuck*") are bucketed by that
 * word's first byte: a plain token can only start such an entry when its
 * first byte is the same. _vigil_moderation_list_match_reference() keeps
 * the plain scan (every prefix entry at every token) for the differential
 * test.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "vigil-moderation-list"

#include "config.h"

#include <string.h>

#include "vigil-moderation-list.h"
#include "vigil-moderation-list-private.h"
#include "vigil-risk-pack-private.h"
#include "vigil-data-resources.h"
#include "vigil-risk-text.h"
#include "vigil-risk-tokens-private.h"
#include "vigil-word-table.h"

#define DEFAULT_RESOURCE "/io/github/vigilapp/Vigil/data/moderation/default.txt"
#define MAX_ENTRIES      20000
#define MAX_ENTRY_BYTES  256

typedef struct
{
  char   *display;   /* the entry as written */
  guint   first_word;
  guint8  n_words;
  guint8  prefix_mask;
} Entry;

struct _VigilModerationList
{
  GObject     parent_instance;

  GArray     *entries;     /* of Entry */
  GPtrArray  *words;       /* of char*, folded */
  GHashTable *first;       /* first word (exact entries) → GArray of guint */
  VigilWordTable first_fast;  /* the same, for matching (vigil-word-table.h) */
  GArray     *word_lens;   /* of guint, parallel to words */
  GArray     *prefixed;    /* entries whose first word is a prefix, of guint */
  GArray     *prefixed_by_byte[256];  /* the same, by their first byte (NULL: none) */
};

G_DEFINE_FINAL_TYPE (VigilModerationList, vigil_moderation_list, G_TYPE_OBJECT)

static void
entry_clear (gpointer data)
{
  g_free (((Entry *) data)->display);
}

static void
vigil_moderation_list_finalize (GObject *object)
{
  VigilModerationList *self = VIGIL_MODERATION_LIST (object);

  g_clear_pointer (&self->first, g_hash_table_unref);
  _vigil_word_table_clear (&self->first_fast);
  g_clear_pointer (&self->entries, g_array_unref);
  g_clear_pointer (&self->words, g_ptr_array_unref);
  g_clear_pointer (&self->prefixed, g_array_unref);
  g_clear_pointer (&self->word_lens, g_array_unref);
  for (guint b = 0; b < G_N_ELEMENTS (self->prefixed_by_byte); b++)
    g_clear_pointer (&self->prefixed_by_byte[b], g_array_unref);

  G_OBJECT_CLASS (vigil_moderation_list_parent_class)->finalize (object);
}

static void
vigil_moderation_list_class_init (VigilModerationListClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = vigil_moderation_list_finalize;
}

static void
vigil_moderation_list_init (VigilModerationList *self)
{
  self->entries = g_array_new (FALSE, TRUE, sizeof (Entry));
  g_array_set_clear_func (self->entries, entry_clear);
  self->words = g_ptr_array_new_with_free_func (g_free);
  self->first = g_hash_table_new_full (g_str_hash, g_str_equal, NULL, (GDestroyNotify) g_array_unref);
  self->prefixed = g_array_new (FALSE, FALSE, sizeof (guint));
  self->word_lens = g_array_new (FALSE, FALSE, sizeof (guint));
  _vigil_word_table_init (&self->first_fast);
}

static void
add_entry (VigilModerationList *self,
           const char          *raw,
           VigilRiskTokens     *tokens)
{
  g_autofree char *text = g_strstrip (g_strndup (raw, MAX_ENTRY_BYTES));
  g_auto (GStrv) parts = NULL;
  Entry entry = { 0 };
  guint index;

  if (text[0] == '\0' || text[0] == '#' || self->entries->len >= MAX_ENTRIES)
    return;

  entry.first_word = self->words->len;
  parts = g_strsplit_set (text, " \t", -1);
  for (guint p = 0; parts[p]; p++)
    {
      gsize len = strlen (parts[p]);
      gboolean prefix = len > 1 && parts[p][len - 1] == '*';

      if (prefix)
        parts[p][len - 1] = '\0';
      _vigil_risk_tokenize (parts[p], VIGIL_RISK_TOKENIZE_DEFAULT, tokens);
      for (guint i = 0; i < tokens->tokens->len; i++)
        {
          if (entry.n_words == VIGIL_RISK_TERM_MAX_WORDS)
            goto unusable;
          if (prefix && i == tokens->tokens->len - 1)
            entry.prefix_mask |= 1u << entry.n_words;
          g_ptr_array_add (self->words, g_strdup (_vigil_risk_tokens_get (tokens, i)));
          g_array_append_val (self->word_lens, (guint) { _vigil_risk_tokens_len (tokens, i) });
          entry.n_words++;
        }
    }
  if (entry.n_words == 0)
    goto unusable;

  entry.display = g_steal_pointer (&text);
  index = self->entries->len;
  g_array_append_val (self->entries, entry);
  if (entry.prefix_mask & 1)
    {
      guchar b = *(const char *) g_ptr_array_index (self->words, entry.first_word);

      g_array_append_val (self->prefixed, index);
      if (!self->prefixed_by_byte[b])
        self->prefixed_by_byte[b] = g_array_new (FALSE, FALSE, sizeof (guint));
      g_array_append_val (self->prefixed_by_byte[b], index);
    }
  else
    {
      const char *key = g_ptr_array_index (self->words, entry.first_word);
      GArray *list = g_hash_table_lookup (self->first, key);

      if (!list)
        {
          list = g_array_new (FALSE, FALSE, sizeof (guint));
          g_hash_table_insert (self->first, (gpointer) key, list);
        }
      g_array_append_val (list, index);
    }
  return;

unusable:
  g_ptr_array_set_size (self->words, entry.first_word);
  g_array_set_size (self->word_lens, entry.first_word);
}

VigilModerationList *
vigil_moderation_list_new (const char * const *words)
{
  VigilModerationList *self = g_object_new (VIGIL_TYPE_MODERATION_LIST, NULL);
  VigilRiskTokens tokens;

  GHashTableIter iter;
  gpointer key, list;

  _vigil_risk_tokens_init (&tokens);
  for (guint i = 0; words && words[i]; i++)
    add_entry (self, words[i], &tokens);
  _vigil_risk_tokens_clear (&tokens);
  g_hash_table_iter_init (&iter, self->first);
  while (g_hash_table_iter_next (&iter, &key, &list))
    _vigil_word_table_insert (&self->first_fast, key, strlen (key), list);
  return self;
}

VigilModerationList *
vigil_moderation_list_new_from_text (const char *text)
{
  g_auto (GStrv) lines = NULL;

  g_return_val_if_fail (text, NULL);
  lines = g_strsplit (text, "\n", MAX_ENTRIES + 1);
  return vigil_moderation_list_new ((const char * const *) lines);
}

VigilModerationList *
vigil_moderation_list_new_default (void)
{
  g_autoptr (GBytes) bytes = NULL;
  g_autofree char *text = NULL;
  gsize len;
  const char *data;

  /* referencing the resource links it in from the static vigil-data
   * library, whose constructor registers it */
  (void) vigil_data_get_resource ();
  bytes = g_resources_lookup_data (DEFAULT_RESOURCE, 0, NULL);
  if (!bytes)
    {
      g_critical ("The built-in moderation list %s is missing", DEFAULT_RESOURCE);
      return vigil_moderation_list_new (NULL);
    }
  data = g_bytes_get_data (bytes, &len);
  text = g_strndup (data, len);
  return vigil_moderation_list_new_from_text (text);
}

guint
vigil_moderation_list_get_n_entries (VigilModerationList *self)
{
  g_return_val_if_fail (VIGIL_IS_MODERATION_LIST (self), 0);
  return self->entries->len;
}

/* Does a disguised token character stand for letter w? */
static inline gboolean
char_stands_for (char t,
                 char w)
{
  if (t == w)
    return TRUE;
  switch (t)
    {
    case '*': case '#': case '%': return g_ascii_isalpha (w);
    case '0': return w == 'o';
    case '1': case '|': return w == 'i' || w == 'l';
    case '!': return w == 'i';
    case '3': return w == 'e';
    case '4': case '@': return w == 'a';
    case '5': case '$': return w == 's';
    case '7': case '+': return w == 't';
    case '8': return w == 'b';
    default: return FALSE;
    }
}

/* Matches token tok against word, allowing disguise characters and
 * repeated letters ("fuuuck"); a prefix word may be followed by anything. */
static gboolean
disguised_match (const char *tok,
                 guint       tlen,
                 const char *word,
                 guint       wlen,
                 gboolean    prefix)
{
  guint ti = 0, wi = 0;

  while (wi < wlen)
    {
      if (ti >= tlen || !char_stands_for (tok[ti], word[wi]))
        return FALSE;
      ti++;
      /* a repeated token character matching the same word letter is one
       * letter, unless the word itself repeats it ("ass") */
      while (ti < tlen && tok[ti] == tok[ti - 1]
             && !(wi + 1 < wlen && char_stands_for (tok[ti], word[wi + 1])))
        ti++;
      wi++;
    }
  return prefix || ti == tlen;
}

static gboolean
looks_disguised (const char *tok,
                 guint       len)
{
  gboolean digit_or_symbol = FALSE, letter = FALSE;

  for (guint i = 0; i < len; i++)
    {
      char c = tok[i];

      if (g_ascii_isalpha (c))
        letter = TRUE;
      else if (g_ascii_isdigit (c) || strchr ("*$@!|#%+", c))
        digit_or_symbol = TRUE;
      if (i >= 2 && c == tok[i - 1] && c == tok[i - 2])
        return TRUE;
    }
  return digit_or_symbol && (letter || (len > 1 && strchr ("*#%", tok[1])));
}

static inline gboolean
word_matches (const char *tok,
              guint       tlen,
              const char *word,
              guint       wlen,
              gboolean    prefix,
              gboolean    disguised)
{
  if (!disguised)
    return prefix ? (tlen >= wlen && memcmp (tok, word, wlen) == 0)
                  : (tlen == wlen && memcmp (tok, word, wlen) == 0);
  return disguised_match (tok, tlen, word, wlen, prefix);
}

static gboolean
entry_matches_at (VigilModerationList   *self,
                  const Entry           *entry,
                  const VigilRiskTokens *tokens,
                  const guint8          *disguised,
                  guint                  at)
{
  if (at + entry->n_words > tokens->tokens->len)
    return FALSE;
  for (guint w = 0; w < entry->n_words; w++)
    if (!word_matches (_vigil_risk_tokens_get (tokens, at + w), _vigil_risk_tokens_len (tokens, at + w),
                       g_ptr_array_index (self->words, entry->first_word + w),
                       g_array_index (self->word_lens, guint, entry->first_word + w),
                       entry->prefix_mask & (1u << w), disguised[at + w]))
      return FALSE;
  return TRUE;
}

static inline void
note_hit (guint  *found,
          guint  *n_found,
          guint8 *seen,
          guint   index)
{
  if (!seen[index])
    {
      seen[index] = 1;
      found[(*n_found)++] = index;
    }
}

static char **
match_tokens (VigilModerationList   *self,
              const VigilRiskTokens *tokens,
              gboolean               reference)
{
  /* on the stack for the usual post and list; the heap beyond */
  guint8 stack_seen[512], stack_disguised[256];
  guint stack_found[64];
  guint8 *seen, *disguised;
  guint *found;
  guint n_entries, n, n_found = 0;
  char **result = NULL;

  n_entries = self->entries->len;
  if (n_entries == 0)
    return NULL;
  n = tokens->tokens->len;
  seen = n_entries <= sizeof stack_seen ? stack_seen : g_malloc (n_entries);
  memset (seen, 0, n_entries);
  disguised = n <= sizeof stack_disguised ? stack_disguised : g_malloc (n);
  /* an entry is found at most once */
  found = n_entries <= G_N_ELEMENTS (stack_found) ? stack_found : g_new (guint, n_entries);
  for (guint i = 0; i < n; i++)
    disguised[i] = looks_disguised (_vigil_risk_tokens_get (tokens, i), _vigil_risk_tokens_len (tokens, i));

  for (guint i = 0; i < n; i++)
    {
      const char *tok = _vigil_risk_tokens_get (tokens, i);

      if (!disguised[i])
        {
          GArray *list = _vigil_word_table_lookup (&self->first_fast, tok, _vigil_risk_tokens_len (tokens, i));

          for (guint k = 0; list && k < list->len; k++)
            {
              guint index = g_array_index (list, guint, k);

              if (entry_matches_at (self, &g_array_index (self->entries, Entry, index), tokens, disguised, i))
                note_hit (found, &n_found, seen, index);
            }
        }
      else
        {
          /* the slow path: a disguised token may stand for any entry */
          for (guint index = 0; index < n_entries; index++)
            if (!(g_array_index (self->entries, Entry, index).prefix_mask & 1)
                && entry_matches_at (self, &g_array_index (self->entries, Entry, index), tokens, disguised, i))
              note_hit (found, &n_found, seen, index);
        }
      /* a plain token can only start the prefix entries of its first
       * byte; a disguised one may start any */
      {
        GArray *prefixed = reference || disguised[i] ? self->prefixed
                                                     : self->prefixed_by_byte[(guchar) tok[0]];

        for (guint k = 0; prefixed && k < prefixed->len; k++)
          {
            guint index = g_array_index (prefixed, guint, k);

            if (entry_matches_at (self, &g_array_index (self->entries, Entry, index), tokens, disguised, i))
              note_hit (found, &n_found, seen, index);
          }
      }
    }
  if (n_found > 0)
    {
      result = g_new0 (char *, n_found + 1);
      for (guint i = 0; i < n_found; i++)
        result[i] = g_strdup (g_array_index (self->entries, Entry, found[i]).display);
    }
  if (seen != stack_seen)
    g_free (seen);
  if (disguised != stack_disguised)
    g_free (disguised);
  if (found != stack_found)
    g_free (found);
  return result;
}

static char **
match (VigilModerationList *self,
       const char          *text,
       gboolean             reference)
{
  VigilRiskTokens *tokens;
  char **result;

  if (!text || self->entries->len == 0)
    return NULL;
  tokens = _vigil_risk_tokens_take ();
  _vigil_risk_tokenize (text, VIGIL_RISK_TOKENIZE_SYMBOLS, tokens);
  result = match_tokens (self, tokens, reference);
  _vigil_risk_tokens_release (tokens);
  return result;
}

char **
vigil_moderation_list_match (VigilModerationList *self,
                             const char          *text)
{
  g_return_val_if_fail (VIGIL_IS_MODERATION_LIST (self), NULL);
  return match (self, text, FALSE);
}

char **
_vigil_moderation_list_match_reference (VigilModerationList *self,
                                        const char          *text)
{
  g_return_val_if_fail (VIGIL_IS_MODERATION_LIST (self), NULL);
  return match (self, text, TRUE);
}

char **
_vigil_moderation_list_match_tokens (VigilModerationList   *self,
                                     const VigilRiskTokens *tokens)
{
  g_return_val_if_fail (VIGIL_IS_MODERATION_LIST (self), NULL);
  g_return_val_if_fail (tokens, NULL);
  return match_tokens (self, tokens, FALSE);
}

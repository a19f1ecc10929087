/* vigil-risk-classifier.c: risk categories from rule packs
 *
 * Packs are parsed into definitions (vigil-risk-pack.c), merged (user packs
 * after the built-in ones) and compiled into two indexes keyed by a term's
 * first word: an exact-word hash table, and for wildcard first words a table
 * keyed by their first three bytes. Matching tokenizes the post once and, for
 * each token, checks only the terms that can start there, so the cost grows
 * with the post's length, not with the number of terms.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "vigil-risk-classifier"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "vigil-risk-classifier.h"
#include "vigil-risk-pack-private.h"
#include "vigil-data-resources.h"
#include "vigil-risk-text.h"
#include "vigil-risk-tokens-private.h"
#include "vigil-word-table.h"

#define RULES_RESOURCE_PATH "/io/github/vigilapp/Vigil/data/rules"
#define MAX_USER_FILES      256
#define MAX_LANGS           250

G_DEFINE_QUARK (vigil-risk-error-quark, vigil_risk_error)

typedef struct
{
  char *id;
  char *label;
  char *role;
} Category;

typedef struct
{
  guint32 first_word;   /* index into words */
  guint16 category;
  guint8  n_words;
  guint8  lang;         /* 0 = every language, else index + 1 into langs */
  guint8  prefix_mask;
  guint8  hashtag_mask;
  guint8  unless;
} CTerm;

struct _VigilRiskClassifier
{
  GObject     parent_instance;

  GArray     *categories;   /* of Category, sorted by id */
  GHashTable *category_ix;  /* id → index + 1 */
  GPtrArray  *langs;        /* of char*, pack languages */
  GPtrArray  *words;        /* of char*, folded words of every term */
  GArray     *word_lens;    /* of guint16 */
  GArray     *terms;        /* of CTerm */
  GHashTable *exact;        /* first word → GArray of guint32 term index */
  GHashTable *prefix3;      /* first three bytes of a wildcard first word → GArray */
  /* the same two indexes, for matching (vigil-word-table.h) */
  VigilWordTable exact_fast;
  VigilWordTable prefix3_fast;
  char          *prefix3_keys;   /* 3 bytes per prefix3 key, the keys of prefix3_fast */
};

G_DEFINE_FINAL_TYPE (VigilRiskClassifier, vigil_risk_classifier, G_TYPE_OBJECT)

static void
category_clear (gpointer data)
{
  Category *c = data;

  g_free (c->id);
  g_free (c->label);
  g_free (c->role);
}

static void
vigil_risk_classifier_finalize (GObject *object)
{
  VigilRiskClassifier *self = VIGIL_RISK_CLASSIFIER (object);

  g_clear_pointer (&self->categories, g_array_unref);
  g_clear_pointer (&self->category_ix, g_hash_table_unref);
  g_clear_pointer (&self->langs, g_ptr_array_unref);
  g_clear_pointer (&self->exact, g_hash_table_unref);
  g_clear_pointer (&self->prefix3, g_hash_table_unref);
  _vigil_word_table_clear (&self->exact_fast);
  _vigil_word_table_clear (&self->prefix3_fast);
  g_clear_pointer (&self->prefix3_keys, g_free);
  g_clear_pointer (&self->words, g_ptr_array_unref);
  g_clear_pointer (&self->word_lens, g_array_unref);
  g_clear_pointer (&self->terms, g_array_unref);

  G_OBJECT_CLASS (vigil_risk_classifier_parent_class)->finalize (object);
}

static void
vigil_risk_classifier_class_init (VigilRiskClassifierClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = vigil_risk_classifier_finalize;
}

static void
vigil_risk_classifier_init (VigilRiskClassifier *self)
{
  self->categories = g_array_new (FALSE, TRUE, sizeof (Category));
  g_array_set_clear_func (self->categories, category_clear);
  self->category_ix = g_hash_table_new (g_str_hash, g_str_equal);
  self->langs = g_ptr_array_new_with_free_func (g_free);
  self->words = g_ptr_array_new_with_free_func (g_free);
  self->word_lens = g_array_new (FALSE, FALSE, sizeof (guint16));
  self->terms = g_array_new (FALSE, FALSE, sizeof (CTerm));
  self->exact = g_hash_table_new_full (g_str_hash, g_str_equal, NULL, (GDestroyNotify) g_array_unref);
  self->prefix3 = g_hash_table_new_full (NULL, NULL, NULL, (GDestroyNotify) g_array_unref);
  _vigil_word_table_init (&self->exact_fast);
  _vigil_word_table_init (&self->prefix3_fast);
}

static inline guint32
prefix3_key (const char *word)
{
  const guchar *w = (const guchar *) word;

  return (guint32) w[0] | ((guint32) w[1] << 8) | ((guint32) w[2] << 16) | (1u << 24);
}

static guint
intern_lang (VigilRiskClassifier *self,
             const char          *lang)
{
  if (!lang || !*lang)
    return 0;
  for (guint i = 0; i < self->langs->len; i++)
    if (strcmp (g_ptr_array_index (self->langs, i), lang) == 0)
      return i + 1;
  if (self->langs->len >= MAX_LANGS)
    return 0;
  g_ptr_array_add (self->langs, g_strdup (lang));
  return self->langs->len;
}

static void
add_term (VigilRiskClassifier *self,
          const VigilRiskTerm *term,
          guint                category,
          guint                lang,
          gboolean             unless)
{
  CTerm ct = { 0 };
  guint32 index = self->terms->len;
  GArray *list;

  ct.first_word = self->words->len;
  ct.category = (guint16) category;
  ct.n_words = term->n_words;
  ct.lang = (guint8) lang;
  ct.prefix_mask = term->prefix_mask;
  ct.hashtag_mask = term->hashtag_mask;
  ct.unless = unless;
  for (guint i = 0; i < term->n_words; i++)
    {
      guint16 len = (guint16) strlen (term->words[i]);

      g_ptr_array_add (self->words, g_strdup (term->words[i]));
      g_array_append_val (self->word_lens, len);
    }
  g_array_append_val (self->terms, ct);

  if (term->prefix_mask & 1)
    {
      gpointer key = GUINT_TO_POINTER (prefix3_key (term->words[0]));

      list = g_hash_table_lookup (self->prefix3, key);
      if (!list)
        {
          list = g_array_new (FALSE, FALSE, sizeof (guint32));
          g_hash_table_insert (self->prefix3, key, list);
        }
    }
  else
    {
      const char *key = g_ptr_array_index (self->words, ct.first_word);

      list = g_hash_table_lookup (self->exact, key);
      if (!list)
        {
          list = g_array_new (FALSE, FALSE, sizeof (guint32));
          g_hash_table_insert (self->exact, (gpointer) key, list);
        }
    }
  g_array_append_val (list, index);
}

static int
compare_strings (gconstpointer a,
                 gconstpointer b)
{
  return strcmp (*(char * const *) a, *(char * const *) b);
}

/* Builds the indexes from the merged definitions. */
static void
compile (VigilRiskClassifier *self,
         VigilRiskPackSet    *set)
{
  g_autoptr (GPtrArray) defs = _vigil_risk_pack_set_list (set);
  g_autoptr (GHashTable) disabled_everywhere = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr (GPtrArray) ids = g_ptr_array_new ();
  g_autoptr (GHashTable) seen = g_hash_table_new (g_str_hash, g_str_equal);

  for (guint i = 0; i < defs->len; i++)
    {
      VigilRiskDef *def = g_ptr_array_index (defs, i);

      if (!def->enabled && def->lang[0] == '\0')
        g_hash_table_add (disabled_everywhere, def->id);
    }

  for (guint i = 0; i < defs->len; i++)
    {
      VigilRiskDef *def = g_ptr_array_index (defs, i);

      if (!def->enabled || def->terms->len == 0 || g_hash_table_contains (disabled_everywhere, def->id))
        continue;
      if (g_hash_table_add (seen, def->id))
        g_ptr_array_add (ids, def->id);
    }
  g_ptr_array_sort (ids, compare_strings);

  for (guint i = 0; i < ids->len && i < G_MAXUINT16; i++)
    {
      Category c = { 0 };

      c.id = g_strdup (g_ptr_array_index (ids, i));
      /* defs is in load order: the last label and role set win */
      for (guint j = 0; j < defs->len; j++)
        {
          VigilRiskDef *def = g_ptr_array_index (defs, j);

          if (strcmp (def->id, c.id) != 0)
            continue;
          if (def->label)
            g_free (c.label), c.label = g_strdup (def->label);
          if (def->role)
            g_free (c.role), c.role = g_strdup (def->role);
        }
      if (!c.label)
        c.label = g_strdup (c.id);
      if (!c.role)
        c.role = g_strdup ("pr");   /* unreachable: the parser requires a role */
      g_array_append_val (self->categories, c);
    }
  for (guint i = 0; i < self->categories->len; i++)
    {
      Category *c = &g_array_index (self->categories, Category, i);

      g_hash_table_insert (self->category_ix, c->id, GUINT_TO_POINTER (i + 1));
    }

  for (guint i = 0; i < defs->len; i++)
    {
      VigilRiskDef *def = g_ptr_array_index (defs, i);
      guint cat = GPOINTER_TO_UINT (g_hash_table_lookup (self->category_ix, def->id));
      guint lang;

      if (cat == 0 || !def->enabled)
        continue;
      lang = intern_lang (self, def->lang);
      for (guint t = 0; t < def->terms->len; t++)
        add_term (self, g_ptr_array_index (def->terms, t), cat - 1, lang, FALSE);
      for (guint t = 0; t < def->unless->len; t++)
        add_term (self, g_ptr_array_index (def->unless, t), cat - 1, lang, TRUE);
    }
  g_debug ("%u categories, %u terms, %u languages",
           self->categories->len, self->terms->len, self->langs->len);

  /* the lookup tables matching uses; the GHashTables own the lists */
  {
    GHashTableIter iter;
    gpointer key, list;
    guint n = 0;

    g_hash_table_iter_init (&iter, self->exact);
    while (g_hash_table_iter_next (&iter, &key, &list))
      _vigil_word_table_insert (&self->exact_fast, key, strlen (key), list);
    self->prefix3_keys = g_malloc (3 * MAX (g_hash_table_size (self->prefix3), 1));
    g_hash_table_iter_init (&iter, self->prefix3);
    while (g_hash_table_iter_next (&iter, &key, &list))
      {
        guint32 k = GPOINTER_TO_UINT (key);
        char *bytes = self->prefix3_keys + 3 * n++;

        bytes[0] = (char) (k & 0xff);
        bytes[1] = (char) ((k >> 8) & 0xff);
        bytes[2] = (char) ((k >> 16) & 0xff);
        /* a wildcard word shorter than three bytes has a NUL in its key,
         * which no token of three bytes or more has: it never matched */
        if (bytes[1] && bytes[2])
          _vigil_word_table_insert (&self->prefix3_fast, bytes, 3, list);
      }
  }
}

static gboolean
load_resource_packs (VigilRiskPackSet  *set,
                     GError           **error)
{
  g_auto (GStrv) names = NULL;
  g_autoptr (GError) local_error = NULL;

  /* referencing the resource links it in from the static vigil-data library,
   * whose constructor registers it */
  (void) vigil_data_get_resource ();
  names = g_resources_enumerate_children (RULES_RESOURCE_PATH, 0, &local_error);
  if (!names)
    {
      g_set_error (error, VIGIL_RISK_ERROR, VIGIL_RISK_ERROR_IO,
                   _("The built-in rule packs are missing (%s)"), local_error->message);
      return FALSE;
    }
  qsort (names, g_strv_length (names), sizeof (char *), compare_strings);
  /* English first, so its labels are the default ones */
  for (int pass = 0; pass < 2; pass++)
    for (guint i = 0; names[i]; i++)
      {
        g_autofree char *path = NULL;
        g_autoptr (GBytes) bytes = NULL;
        gsize len;
        const char *data;

        if (!g_str_has_suffix (names[i], ".rules") || (strcmp (names[i], "en.rules") == 0) != (pass == 0))
          continue;
        path = g_strconcat (RULES_RESOURCE_PATH "/", names[i], NULL);
        bytes = g_resources_lookup_data (path, 0, error);
        if (!bytes)
          return FALSE;
        data = g_bytes_get_data (bytes, &len);
        if (!_vigil_risk_pack_parse (set, names[i], data, len, error))
          return FALSE;
      }
  return TRUE;
}

/* Loads user packs; a malformed file is skipped and reported, the others
 * still load. */
static void
load_user_packs (VigilRiskPackSet  *set,
                 const char        *user_dir,
                 GError           **error)
{
  g_autoptr (GDir) dir = NULL;
  g_autoptr (GPtrArray) names = g_ptr_array_new_with_free_func (g_free);
  g_autoptr (GError) first = NULL;
  guint n_failed = 0;
  const char *name;

  dir = g_dir_open (user_dir, 0, &first);
  if (!dir)
    {
      if (g_error_matches (first, G_FILE_ERROR, G_FILE_ERROR_NOENT))
        return;
      g_set_error (error, VIGIL_RISK_ERROR, VIGIL_RISK_ERROR_IO,
                   _("Cannot read the rule pack folder: %s"), first->message);
      return;
    }
  while ((name = g_dir_read_name (dir)) && names->len < MAX_USER_FILES)
    if (g_str_has_suffix (name, ".rules") && name[0] != '.')
      g_ptr_array_add (names, g_strdup (name));
  g_ptr_array_sort (names, compare_strings);

  for (guint i = 0; i < names->len; i++)
    {
      g_autofree char *path = g_build_filename (user_dir, g_ptr_array_index (names, i), NULL);
      g_autofree char *contents = NULL;
      g_autoptr (GError) local_error = NULL;
      gsize len;

      if (!g_file_get_contents (path, &contents, &len, &local_error))
        g_set_error (&local_error, VIGIL_RISK_ERROR, VIGIL_RISK_ERROR_IO,
                     "%s: %s", path, local_error ? local_error->message : "?");
      else
        _vigil_risk_pack_parse (set, path, contents, len, &local_error);
      if (local_error)
        {
          n_failed++;
          if (!first)
            first = g_steal_pointer (&local_error);
        }
    }

  if (first)
    {
      if (n_failed > 1)
        g_set_error (error, first->domain, first->code,
                     g_dngettext (GETTEXT_PACKAGE,
                                  "%s (this file was skipped, and %u other malformed file too)",
                                  "%s (this file was skipped, and %u other malformed files too)",
                                  n_failed - 1),
                     first->message, n_failed - 1);
      else
        g_set_error (error, first->domain, first->code,
                     _("%s (this file was skipped)"), first->message);
    }
}

VigilRiskClassifier *
vigil_risk_classifier_new (const char  *user_dir,
                           GError     **error)
{
  VigilRiskClassifier *self;
  VigilRiskPackSet set;
  GError *local_error = NULL;

  g_return_val_if_fail (!error || !*error, NULL);

  self = g_object_new (VIGIL_TYPE_RISK_CLASSIFIER, NULL);
  _vigil_risk_pack_set_init (&set);
  if (load_resource_packs (&set, &local_error) && user_dir)
    load_user_packs (&set, user_dir, &local_error);
  compile (self, &set);
  _vigil_risk_pack_set_clear (&set);
  if (local_error)
    g_propagate_error (error, local_error);
  return self;
}

VigilRiskClassifier *
vigil_risk_classifier_new_from_data (const char * const  *names,
                                     const char * const  *texts,
                                     GError             **error)
{
  g_autoptr (VigilRiskClassifier) self = NULL;
  VigilRiskPackSet set;
  gboolean ok = TRUE;

  g_return_val_if_fail (names && texts, NULL);
  g_return_val_if_fail (!error || !*error, NULL);

  self = g_object_new (VIGIL_TYPE_RISK_CLASSIFIER, NULL);
  _vigil_risk_pack_set_init (&set);
  for (guint i = 0; ok && names[i] && texts[i]; i++)
    ok = _vigil_risk_pack_parse (&set, names[i], texts[i], strlen (texts[i]), error);
  if (ok)
    compile (self, &set);
  _vigil_risk_pack_set_clear (&set);
  return ok ? g_steal_pointer (&self) : NULL;
}

static inline gboolean
term_matches_at (VigilRiskClassifier   *self,
                 const CTerm           *t,
                 const VigilRiskTokens *tokens,
                 guint                  at)
{
  if (at + t->n_words > tokens->tokens->len)
    return FALSE;
  for (guint w = 0; w < t->n_words; w++)
    {
      const char *word = g_ptr_array_index (self->words, t->first_word + w);
      guint wlen = g_array_index (self->word_lens, guint16, t->first_word + w);
      guint tlen = _vigil_risk_tokens_len (tokens, at + w);
      const char *tok = _vigil_risk_tokens_get (tokens, at + w);

      if ((t->hashtag_mask & (1u << w))
          && !(g_array_index (tokens->tokens, VigilRiskToken, at + w).flags & VIGIL_RISK_TOKEN_HASHTAG))
        return FALSE;
      if (t->prefix_mask & (1u << w))
        {
          if (tlen < wlen || memcmp (tok, word, wlen) != 0)
            return FALSE;
        }
      else if (tlen != wlen || memcmp (tok, word, wlen) != 0)
        return FALSE;
    }
  return TRUE;
}

static inline void
check_list (VigilRiskClassifier   *self,
            GArray                *list,
            const VigilRiskTokens *tokens,
            guint                  at,
            guint                  lang,
            guint8                *hits)
{
  for (guint k = 0; k < list->len; k++)
    {
      const CTerm *t = &g_array_index (self->terms, CTerm, g_array_index (list, guint32, k));

      if (lang && t->lang && t->lang != lang)
        continue;
      if (hits[t->category] & (t->unless ? 2 : 1))
        continue;
      if (term_matches_at (self, t, tokens, at))
        hits[t->category] |= t->unless ? 2 : 1;
    }
}

/* "en-GB", "en_GB.UTF-8", "EN" → the pack index of "en", or 0 for all. */
static guint
resolve_lang (VigilRiskClassifier *self,
              const char          *lang)
{
  char code[4] = { 0 };
  guint n = 0;

  if (!lang)
    return 0;
  while (n < 3 && g_ascii_isalpha (lang[n]))
    {
      code[n] = g_ascii_tolower (lang[n]);
      n++;
    }
  if (n < 2 || (lang[n] && lang[n] != '-' && lang[n] != '_' && lang[n] != '.'))
    return 0;
  for (guint i = 0; i < self->langs->len; i++)
    if (strcmp (g_ptr_array_index (self->langs, i), code) == 0)
      return i + 1;
  return 0;
}

static char **
match_tokens (VigilRiskClassifier   *self,
              const VigilRiskTokens *tokens,
              const char            *lang)
{
  guint8 stack_hits[256];
  guint8 *hits;
  guint n_cats = self->categories->len, lang_ix;
  GPtrArray *result = g_ptr_array_new ();

  hits = n_cats <= sizeof stack_hits ? stack_hits : g_malloc (MAX (n_cats, 1));
  memset (hits, 0, n_cats);
  lang_ix = resolve_lang (self, lang);

  for (guint i = 0; tokens && i < tokens->tokens->len; i++)
    {
      const char *tok = _vigil_risk_tokens_get (tokens, i);
      guint len = _vigil_risk_tokens_len (tokens, i);
      GArray *list = _vigil_word_table_lookup (&self->exact_fast, tok, len);

      if (list)
        check_list (self, list, tokens, i, lang_ix, hits);
      if (len >= 3 && (list = _vigil_word_table_lookup (&self->prefix3_fast, tok, 3)))
        check_list (self, list, tokens, i, lang_ix, hits);
    }

  /* categories are sorted by id, so the result is too */
  for (guint c = 0; c < n_cats; c++)
    if (hits[c] == 1)
      g_ptr_array_add (result, g_strdup (g_array_index (self->categories, Category, c).id));
  if (hits != stack_hits)
    g_free (hits);
  g_ptr_array_add (result, NULL);
  return (char **) g_ptr_array_free (result, FALSE);
}

char **
vigil_risk_classifier_match (VigilRiskClassifier *self,
                             const char          *text,
                             const char          *lang)
{
  VigilRiskTokens *tokens;
  char **result;

  g_return_val_if_fail (VIGIL_IS_RISK_CLASSIFIER (self), NULL);

  if (!text || self->categories->len == 0)
    return match_tokens (self, NULL, lang);
  tokens = _vigil_risk_tokens_take ();
  _vigil_risk_tokenize (text, VIGIL_RISK_TOKENIZE_DEFAULT, tokens);
  result = match_tokens (self, tokens, lang);
  _vigil_risk_tokens_release (tokens);
  return result;
}

char **
_vigil_risk_classifier_match_tokens (VigilRiskClassifier   *self,
                                     const VigilRiskTokens *tokens,
                                     const char            *lang)
{
  g_return_val_if_fail (VIGIL_IS_RISK_CLASSIFIER (self), NULL);
  g_return_val_if_fail (tokens, NULL);
  return match_tokens (self, self->categories->len ? tokens : NULL, lang);
}

static const Category *
lookup_category (VigilRiskClassifier *self,
                 const char          *category)
{
  guint ix;

  if (!category)
    return NULL;
  ix = GPOINTER_TO_UINT (g_hash_table_lookup (self->category_ix, category));
  return ix ? &g_array_index (self->categories, Category, ix - 1) : NULL;
}

const char *
vigil_risk_classifier_get_role (VigilRiskClassifier *self,
                                const char          *category)
{
  const Category *c;

  g_return_val_if_fail (VIGIL_IS_RISK_CLASSIFIER (self), NULL);
  c = lookup_category (self, category);
  return c ? c->role : NULL;
}

const char *
vigil_risk_classifier_get_label (VigilRiskClassifier *self,
                                 const char          *category)
{
  const Category *c;

  g_return_val_if_fail (VIGIL_IS_RISK_CLASSIFIER (self), NULL);
  c = lookup_category (self, category);
  return c ? c->label : NULL;
}

char **
vigil_risk_classifier_list_categories (VigilRiskClassifier *self)
{
  GStrvBuilder *builder;
  char **ids;

  g_return_val_if_fail (VIGIL_IS_RISK_CLASSIFIER (self), NULL);

  builder = g_strv_builder_new ();
  for (guint i = 0; i < self->categories->len; i++)
    g_strv_builder_add (builder, g_array_index (self->categories, Category, i).id);
  ids = g_strv_builder_end (builder);
  g_strv_builder_unref (builder);
  return ids;
}

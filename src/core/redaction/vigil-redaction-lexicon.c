/* vigil-redaction-lexicon.c: parses the redaction rules of one language
 *
 * Rules are line based (data/redaction/README.md): sections of terms and
 * patterns, each with a category, a reason and context conditions. A
 * section that appears again (a user file) is merged: its keys override,
 * its terms and patterns are added, and "enabled = false" turns it off.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "vigil-redaction-lexicon"

#include "config.h"

#include <string.h>
#include <glib/gi18n-lib.h>

#include "vigil-redaction-lexicon-private.h"
#include "vigil-data-resources.h"

#define RESOURCE_DIR     "/io/github/vigilapp/Vigil/data/redaction"
#define MAX_FILE_BYTES   (2 * 1024 * 1024)
#define MAX_TERMS        50000
#define MAX_PATTERNS     2000
#define MAX_LINE_BYTES   8192

static const char *const builtin_locales[] = { "en", "de", NULL };

static const char *const context_names[VIGIL_REDACTION_CONTEXT_N] = {
  "context:first-person", "context:self-subject", "context:others",
  "context:possessive", "context:pronouns", "context:partner", "context:determiners",
  "context:prepositions",
};

G_DEFINE_FINAL_TYPE (VigilRedactionLexicon, vigil_redaction_lexicon, G_TYPE_OBJECT)

static void
phrase_free (gpointer data)
{
  VigilRedactionPhrase *p = data;

  for (guint i = 0; i < p->n; i++)
    {
      g_free (p->words[i]);
      g_free (p->raw[i]);
    }
  g_free (p);
}

static void
rule_free (gpointer data)
{
  VigilRedactionRule *r = data;

  g_ptr_array_unref (r->not_after);
  g_ptr_array_unref (r->not_before);
  g_ptr_array_unref (r->need_before);
  g_ptr_array_unref (r->patterns);
  g_free (r);
}

static void
term_free (gpointer data)
{
  VigilRedactionTerm *t = data;

  for (guint i = 0; i < t->phrase.n; i++)
    {
      g_free (t->phrase.words[i]);
      g_free (t->phrase.raw[i]);
    }
  g_free (t);
}

static void
vigil_redaction_lexicon_finalize (GObject *object)
{
  VigilRedactionLexicon *self = VIGIL_REDACTION_LEXICON (object);

  g_hash_table_unref (self->exact);
  g_hash_table_unref (self->prefixed);
  for (guint i = 0; i < VIGIL_REDACTION_CONTEXT_N; i++)
    g_ptr_array_unref (self->context_phrases[i]);
  g_ptr_array_unref (self->terms);
  g_ptr_array_unref (self->rules);
  g_free (self->locale);

  G_OBJECT_CLASS (vigil_redaction_lexicon_parent_class)->finalize (object);
}

static void
vigil_redaction_lexicon_class_init (VigilRedactionLexiconClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = vigil_redaction_lexicon_finalize;
}

static void
vigil_redaction_lexicon_init (VigilRedactionLexicon *self)
{
  self->rules = g_ptr_array_new_with_free_func (rule_free);
  self->terms = g_ptr_array_new_with_free_func (term_free);
  self->exact = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                       (GDestroyNotify) g_ptr_array_unref);
  self->prefixed = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                          (GDestroyNotify) g_ptr_array_unref);
  for (guint i = 0; i < VIGIL_REDACTION_CONTEXT_N; i++)
    self->context_phrases[i] = g_ptr_array_new_with_free_func (phrase_free);
  self->pronoun_reason = g_intern_static_string ("Pronoun about the candidate (reveals sex or gender)");
  self->partner_reason = g_intern_static_string ("Partner described in gendered terms (hints at sexual orientation)");
}

char *
_vigil_redaction_fold_word (const char *word,
                            gssize      len)
{
  g_autofree char *down = NULL;
  g_autofree char *nfkd = NULL;
  GString *out;
  gboolean ascii = TRUE;

  if (len < 0)
    len = strlen (word);
  for (gssize i = 0; i < len; i++)
    if ((guchar) word[i] >= 0x80)
      {
        ascii = FALSE;
        break;
      }
  if (ascii)
    {
      char *s = g_strndup (word, len);
      for (char *p = s; *p; p++)
        *p = g_ascii_tolower (*p);
      return s;
    }

  down = g_utf8_casefold (word, len);
  nfkd = g_utf8_normalize (down, -1, G_NORMALIZE_ALL);
  out = g_string_sized_new (len);
  for (const char *p = nfkd ? nfkd : down; *p; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      if (g_unichar_ismark (c))
        continue;
      if (c == 0x2019 || c == 0x2018 || c == 0x02BC)
        c = '\'';
      g_string_append_unichar (out, c);
    }
  return g_string_free (out, FALSE);
}

static gboolean
is_word_char (gunichar c)
{
  return g_unichar_isalnum (c) || g_unichar_ismark (c);
}

static gboolean
is_apostrophe (gunichar c)
{
  return c == '\'' || c == 0x2019 || c == 0x02BC;
}

/* Splits a term like the detector splits text: words of letters and
 * digits with inner apostrophes; "'s" is dropped; a trailing '*' marks a
 * prefix. FALSE when it has no word or too many. */
static gboolean
parse_phrase (const char           *term,
              VigilRedactionPhrase *out)
{
  const char *p = term;

  memset (out, 0, sizeof *out);
  while (*p)
    {
      const char *start;
      gsize len;

      while (*p && !is_word_char (g_utf8_get_char (p)))
        p = g_utf8_next_char (p);
      if (!*p)
        break;
      start = p;
      while (*p)
        {
          gunichar c = g_utf8_get_char (p);
          const char *next = g_utf8_next_char (p);

          if (is_word_char (c))
            p = next;
          else if (is_apostrophe (c) && *next && is_word_char (g_utf8_get_char (next)))
            p = next;
          else
            break;
        }
      len = p - start;
      if (out->n == VIGIL_REDACTION_MAX_PHRASE)
        {
          for (guint i = 0; i < out->n; i++)
            {
              g_clear_pointer (&out->words[i], g_free);
              g_clear_pointer (&out->raw[i], g_free);
            }
          out->n = 0;
          return FALSE;
        }
      out->words[out->n] = _vigil_redaction_fold_word (start, len);
      out->raw[out->n] = g_strndup (start, len);
      {
        char *w = out->words[out->n];
        gsize wl = strlen (w);
        if (wl > 2 && w[wl - 2] == '\'' && w[wl - 1] == 's')
          {
            w[wl - 2] = '\0';
            if (g_str_has_suffix (out->raw[out->n], "'s"))
              out->raw[out->n][len - 2] = '\0';
          }
      }
      if (*p == '*')
        {
          out->prefix_mask |= 1u << out->n;
          p++;
        }
      out->n++;
    }
  return out->n > 0;
}

static GPtrArray *
parse_phrase_list (const char *value)
{
  g_auto(GStrv) items = g_strsplit (value, ";", -1);
  GPtrArray *list = g_ptr_array_new_with_free_func (phrase_free);

  for (guint i = 0; items[i]; i++)
    {
      VigilRedactionPhrase *p = g_new0 (VigilRedactionPhrase, 1);

      if (parse_phrase (items[i], p))
        g_ptr_array_add (list, p);
      else
        g_free (p);
    }
  return list;
}

static void
append_phrases (GPtrArray  *to,
                const char *value)
{
  g_autoptr(GPtrArray) list = parse_phrase_list (value);

  /* Move the phrases over. */
  g_ptr_array_set_free_func (list, NULL);
  for (guint i = 0; i < list->len; i++)
    g_ptr_array_add (to, list->pdata[i]);
}

static void
index_term (VigilRedactionLexicon *self,
            VigilRedactionTerm    *term)
{
  GHashTable *table = (term->phrase.prefix_mask & 1) ? self->prefixed : self->exact;
  const char *first = term->phrase.words[0];
  GPtrArray *list = g_hash_table_lookup (table, first);

  if (!list)
    {
      list = g_ptr_array_new ();
      g_hash_table_insert (table, g_strdup (first), list);
    }
  g_ptr_array_add (list, term);
  if (term->phrase.prefix_mask & 1)
    self->prefix_lengths |= G_GUINT64_CONSTANT (1) << MIN (strlen (first), 63);
}

static gboolean
add_terms (VigilRedactionLexicon  *self,
           VigilRedactionRule     *rule,
           const char             *value,
           GError                **error)
{
  g_auto(GStrv) items = g_strsplit (value, ";", -1);

  for (guint i = 0; items[i]; i++)
    {
      VigilRedactionTerm *term;
      char *written = g_strstrip (items[i]);

      if (*written == '\0')
        continue;
      if (self->terms->len >= MAX_TERMS)
        {
          g_set_error (error, G_IO_ERROR, G_IO_ERROR_NO_SPACE,
                       _("more than %u terms"), MAX_TERMS);
          return FALSE;
        }
      term = g_new0 (VigilRedactionTerm, 1);
      if (!parse_phrase (written, &term->phrase))
        {
          g_free (term);
          g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                       _("“%s” is not a term of 1 to 8 words"), written);
          return FALSE;
        }
      term->rule = rule;
      g_ptr_array_add (self->terms, term);
      index_term (self, term);
    }
  return TRUE;
}

typedef struct
{
  VigilRedactionCategory file_category;
  gboolean               has_file_category;
  VigilRedactionRule    *rule;
  int                    context;   /* >= 0 in a context section */
} ParseState;

static gboolean
parse_line (VigilRedactionLexicon  *self,
            ParseState             *st,
            GHashTable             *sections,
            char                   *line,
            GError                **error)
{
  char *eq, *key, *value;

  if (*line == '[')
    {
      char *end = strchr (line, ']');
      g_autofree char *name = NULL;

      if (!end || end == line + 1)
        {
          g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                       _("a section name must be written [name]"));
          return FALSE;
        }
      name = g_strndup (line + 1, end - line - 1);
      g_strstrip (name);
      st->context = -1;
      st->rule = NULL;
      for (int i = 0; i < VIGIL_REDACTION_CONTEXT_N; i++)
        if (g_str_equal (name, context_names[i]))
          st->context = i;
      if (st->context >= 0)
        return TRUE;
      st->rule = g_hash_table_lookup (sections, name);
      if (!st->rule)
        {
          st->rule = g_new0 (VigilRedactionRule, 1);
          st->rule->category = st->has_file_category ? st->file_category : VIGIL_REDACTION_N_CATEGORIES;
          st->rule->reason = NULL;
          st->rule->about = VIGIL_REDACTION_ABOUT_SELF;
          st->rule->window = 3;
          st->rule->enabled = TRUE;
          st->rule->not_after = g_ptr_array_new_with_free_func (phrase_free);
          st->rule->not_before = g_ptr_array_new_with_free_func (phrase_free);
          st->rule->need_before = g_ptr_array_new_with_free_func (phrase_free);
          st->rule->patterns = g_ptr_array_new_with_free_func ((GDestroyNotify) g_regex_unref);
          g_ptr_array_add (self->rules, st->rule);
          g_hash_table_insert (sections, g_strdup (name), st->rule);
        }
      return TRUE;
    }

  eq = strchr (line, '=');
  if (!eq)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                   _("expected “key = value” or “[section]”"));
      return FALSE;
    }
  *eq = '\0';
  key = g_strstrip (line);
  value = g_strstrip (eq + 1);

  if (g_str_equal (key, "category"))
    {
      VigilRedactionCategory c;
      if (!vigil_redaction_category_from_id (value, &c) || c == VIGIL_REDACTION_MANUAL)
        {
          g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                       _("“%s” is not a category"), value);
          return FALSE;
        }
      if (st->rule)
        st->rule->category = c;
      else
        {
          st->file_category = c;
          st->has_file_category = TRUE;
        }
      return TRUE;
    }

  if (st->context >= 0)
    {
      if (g_str_equal (key, "terms"))
        append_phrases (self->context_phrases[st->context], value);
      else if (g_str_equal (key, "reason") && st->context == VIGIL_REDACTION_CONTEXT_PRONOUNS)
        self->pronoun_reason = g_intern_string (value);
      else if (g_str_equal (key, "reason") && st->context == VIGIL_REDACTION_CONTEXT_PARTNER)
        self->partner_reason = g_intern_string (value);
      else
        {
          g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                       _("“%s” is not a key of a context section"), key);
          return FALSE;
        }
      return TRUE;
    }

  if (!st->rule)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                   _("“%s” must be inside a [section]"), key);
      return FALSE;
    }

  if (g_str_equal (key, "reason"))
    st->rule->reason = g_intern_string (value);
  else if (g_str_equal (key, "about"))
    {
      if (g_str_equal (value, "self"))
        st->rule->about = VIGIL_REDACTION_ABOUT_SELF;
      else if (g_str_equal (value, "any"))
        st->rule->about = VIGIL_REDACTION_ABOUT_ANY;
      else
        {
          g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                       _("about must be “self” or “any”"));
          return FALSE;
        }
    }
  else if (g_str_equal (key, "case"))
    st->rule->case_sensitive = g_str_equal (value, "sensitive");
  else if (g_str_equal (key, "enabled"))
    st->rule->enabled = !g_str_equal (value, "false");
  else if (g_str_equal (key, "window"))
    {
      guint64 n;
      if (!g_ascii_string_to_unsigned (value, 10, 1, 12, &n, NULL))
        {
          g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                       _("window must be a number from 1 to 12"));
          return FALSE;
        }
      st->rule->window = n;
    }
  else if (g_str_equal (key, "terms"))
    return add_terms (self, st->rule, value, error);
  else if (g_str_equal (key, "not-after"))
    append_phrases (st->rule->not_after, value);
  else if (g_str_equal (key, "not-before"))
    append_phrases (st->rule->not_before, value);
  else if (g_str_equal (key, "need-before"))
    append_phrases (st->rule->need_before, value);
  else if (g_str_equal (key, "pattern"))
    {
      g_autoptr(GError) local = NULL;
      GRegex *re;
      GRegexCompileFlags flags = G_REGEX_OPTIMIZE;

      if (st->rule->patterns->len >= MAX_PATTERNS)
        {
          g_set_error (error, G_IO_ERROR, G_IO_ERROR_NO_SPACE,
                       _("more than %u patterns in a section"), MAX_PATTERNS);
          return FALSE;
        }
      if (!st->rule->case_sensitive)
        flags |= G_REGEX_CASELESS;
      re = g_regex_new (value, flags, 0, &local);
      if (!re)
        {
          g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                       _("the pattern is not a valid regular expression: %s"), local->message);
          return FALSE;
        }
      g_ptr_array_add (st->rule->patterns, re);
    }
  else
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                   _("unknown key “%s”"), key);
      return FALSE;
    }
  return TRUE;
}

gboolean
vigil_redaction_lexicon_add_data (VigilRedactionLexicon  *self,
                                  const char             *name,
                                  const char             *data,
                                  gsize                   len,
                                  GError                **error)
{
  g_autoptr(GHashTable) sections = NULL;
  g_auto(GStrv) lines = NULL;
  g_autofree char *copy = NULL;
  ParseState st = { 0, FALSE, NULL, -1 };

  g_return_val_if_fail (VIGIL_IS_REDACTION_LEXICON (self), FALSE);

  if (len > MAX_FILE_BYTES)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                   _("%s: larger than %d bytes"), name, MAX_FILE_BYTES);
      return FALSE;
    }
  if (!g_utf8_validate_len (data, len, NULL))
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                   _("%s: not UTF-8 text"), name);
      return FALSE;
    }

  /* Sections are named per lexicon, so that a user file merges into the
   * built-in section of the same name. */
  sections = g_object_steal_data (G_OBJECT (self), "vigil-sections");
  if (!sections)
    sections = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);

  copy = g_strndup (data, len);
  lines = g_strsplit (copy, "\n", -1);
  for (guint i = 0; lines[i]; i++)
    {
      g_autoptr(GError) local = NULL;
      char *line = g_strstrip (lines[i]);

      if (*line == '\0' || *line == '#' || *line == ';')
        continue;
      if (strlen (line) > MAX_LINE_BYTES)
        {
          g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                       _("%s:%u: longer than %d bytes"), name, i + 1, MAX_LINE_BYTES);
          g_object_set_data_full (G_OBJECT (self), "vigil-sections",
                                  g_steal_pointer (&sections), (GDestroyNotify) g_hash_table_unref);
          return FALSE;
        }
      if (!parse_line (self, &st, sections, line, &local))
        {
          g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                       "%s:%u: %s", name, i + 1, local->message);
          g_object_set_data_full (G_OBJECT (self), "vigil-sections",
                                  g_steal_pointer (&sections), (GDestroyNotify) g_hash_table_unref);
          return FALSE;
        }
    }

  /* Every rule needs a category and a reason. */
  for (guint i = 0; i < self->rules->len; i++)
    {
      VigilRedactionRule *r = self->rules->pdata[i];
      if (r->category == VIGIL_REDACTION_N_CATEGORIES)
        {
          g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                       _("%s: a section has no category (add “category = …”)"), name);
          g_object_set_data_full (G_OBJECT (self), "vigil-sections",
                                  g_steal_pointer (&sections), (GDestroyNotify) g_hash_table_unref);
          return FALSE;
        }
      if (!r->reason)
        r->reason = g_intern_string (vigil_redaction_category_to_label (r->category));
    }
  g_object_set_data_full (G_OBJECT (self), "vigil-sections",
                          g_steal_pointer (&sections), (GDestroyNotify) g_hash_table_unref);
  self->n_sources++;
  return TRUE;
}

VigilRedactionLexicon *
vigil_redaction_lexicon_new (const char *locale)
{
  VigilRedactionLexicon *self = g_object_new (VIGIL_TYPE_REDACTION_LEXICON, NULL);

  self->locale = g_strdup (locale ? locale : "en");
  return self;
}

static int
compare_names (gconstpointer a,
               gconstpointer b)
{
  return strcmp (*(const char **) a, *(const char **) b);
}

VigilRedactionLexicon *
vigil_redaction_lexicon_new_for_locale (const char  *locale,
                                        GError     **error)
{
  g_autoptr(VigilRedactionLexicon) self = NULL;
  g_autofree char *dir = NULL;
  g_autofree char *user_dir = NULL;
  g_auto(GStrv) children = NULL;
  g_autoptr(GPtrArray) names = NULL;
  g_autoptr(GDir) udir = NULL;

  g_return_val_if_fail (locale, NULL);

  if (!g_strv_contains (builtin_locales, locale))
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND,
                   _("no redaction rules for “%s” (available: en, de)"), locale);
      return NULL;
    }

  /* Keeps the data resources linked in (they register themselves). */
  (void) vigil_data_get_resource ();
  self = vigil_redaction_lexicon_new (locale);
  dir = g_strdup_printf (RESOURCE_DIR "/%s", locale);
  children = g_resources_enumerate_children (dir, 0, error);
  if (!children)
    return NULL;
  names = g_ptr_array_new ();
  for (guint i = 0; children[i]; i++)
    if (g_str_has_suffix (children[i], ".rules"))
      g_ptr_array_add (names, children[i]);
  g_ptr_array_sort (names, compare_names);
  /* context.rules first, so that other files may extend its lists. */
  for (int pass = 0; pass < 2; pass++)
    for (guint i = 0; i < names->len; i++)
      {
        const char *n = names->pdata[i];
        g_autofree char *path = g_strdup_printf ("%s/%s", dir, n);
        g_autoptr(GBytes) bytes = NULL;
        gsize len;
        const char *data;

        if ((pass == 0) != g_str_equal (n, "context.rules"))
          continue;
        bytes = g_resources_lookup_data (path, 0, error);
        if (!bytes)
          return NULL;
        data = g_bytes_get_data (bytes, &len);
        if (!vigil_redaction_lexicon_add_data (self, path, data, len, error))
          return NULL;
      }

  user_dir = g_build_filename (g_get_user_config_dir (), "vigil", "redaction", locale, NULL);
  udir = g_dir_open (user_dir, 0, NULL);
  if (udir)
    {
      g_autoptr(GPtrArray) files = g_ptr_array_new_with_free_func (g_free);
      const char *n;

      while ((n = g_dir_read_name (udir)))
        if (g_str_has_suffix (n, ".rules"))
          g_ptr_array_add (files, g_strdup (n));
      g_ptr_array_sort (files, compare_names);
      for (guint i = 0; i < files->len; i++)
        {
          g_autofree char *path = g_build_filename (user_dir, files->pdata[i], NULL);
          g_autofree char *data = NULL;
          gsize len;

          if (!g_file_get_contents (path, &data, &len, error))
            return NULL;
          if (!vigil_redaction_lexicon_add_data (self, path, data, len, error))
            return NULL;
        }
    }
  return g_steal_pointer (&self);
}

const char *
vigil_redaction_lexicon_get_locale (VigilRedactionLexicon *self)
{
  g_return_val_if_fail (VIGIL_IS_REDACTION_LEXICON (self), NULL);
  return self->locale;
}

guint
vigil_redaction_lexicon_get_n_terms (VigilRedactionLexicon *self)
{
  guint n;

  g_return_val_if_fail (VIGIL_IS_REDACTION_LEXICON (self), 0);
  n = self->terms->len;
  for (guint i = 0; i < self->rules->len; i++)
    n += ((VigilRedactionRule *) self->rules->pdata[i])->patterns->len;
  return n;
}

const char *const *
vigil_redaction_lexicon_list_locales (void)
{
  return builtin_locales;
}

/* vigil-risk-pack.c: the rule pack parser
 *
 * Line-based, INI-like, parsed here rather than with GKeyFile so that every
 * error can name its file and line. The format is documented in
 * data/rules/README.md.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "vigil-risk-pack"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "vigil-risk-classifier.h"
#include "vigil-risk-pack-private.h"
#include "vigil-risk-text.h"

#define MAX_PACK_BYTES   (4 * 1024 * 1024)
#define MAX_LINE_BYTES   8192
#define MAX_ID_BYTES     64
#define MAX_CATEGORIES   4096
#define MAX_TERMS        200000
#define MIN_PREFIX_BYTES 3

static const char * const roles[] = {
  "hr", "compliance", "legal", "security", "pr", "customer-service", NULL
};

gboolean
_vigil_risk_role_is_valid (const char *role)
{
  return role && g_strv_contains (roles, role);
}

static void
term_free (gpointer data)
{
  VigilRiskTerm *term = data;

  for (guint i = 0; i < term->n_words; i++)
    g_free (term->words[i]);
  g_free (term);
}

static void
def_free (gpointer data)
{
  VigilRiskDef *def = data;

  g_free (def->id);
  g_free (def->lang);
  g_free (def->label);
  g_free (def->role);
  g_ptr_array_unref (def->terms);
  g_ptr_array_unref (def->unless);
  g_free (def);
}

static VigilRiskDef *
def_new (const char *id)
{
  VigilRiskDef *def = g_new0 (VigilRiskDef, 1);

  def->id = g_strdup (id);
  def->lang = g_strdup ("");
  def->terms = g_ptr_array_new_with_free_func (term_free);
  def->unless = g_ptr_array_new_with_free_func (term_free);
  def->enabled = TRUE;
  return def;
}

void
_vigil_risk_pack_set_init (VigilRiskPackSet *set)
{
  set->defs = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, def_free);
  set->next_order = 0;
}

void
_vigil_risk_pack_set_clear (VigilRiskPackSet *set)
{
  g_clear_pointer (&set->defs, g_hash_table_unref);
}

static int
compare_order (gconstpointer a,
               gconstpointer b)
{
  const VigilRiskDef *da = *(VigilRiskDef * const *) a;
  const VigilRiskDef *db = *(VigilRiskDef * const *) b;

  return (da->order > db->order) - (da->order < db->order);
}

GPtrArray *
_vigil_risk_pack_set_list (VigilRiskPackSet *set)
{
  GPtrArray *list = g_ptr_array_new ();
  GHashTableIter iter;
  gpointer value;

  g_hash_table_iter_init (&iter, set->defs);
  while (g_hash_table_iter_next (&iter, NULL, &value))
    g_ptr_array_add (list, value);
  g_ptr_array_sort (list, compare_order);
  return list;
}

/* A parse in progress: the file's sections before they are merged. */
typedef struct
{
  const char   *name;
  guint         line;
  char         *default_lang;
  GPtrArray    *defs;        /* of ParsedDef* */
  VigilRiskDef *current;
  guint         n_terms;
  VigilRiskTokens tokens;
} Parser;

typedef struct
{
  VigilRiskDef *def;
  gboolean      extend;
  gboolean      has_enabled;
  gboolean      lang_set;
  guint         line;
} ParsedDef;

static void
parsed_def_free (gpointer data)
{
  ParsedDef *pd = data;

  if (pd->def)
    def_free (pd->def);
  g_free (pd);
}

G_GNUC_PRINTF (3, 4) static gboolean
fail (Parser     *parser,
      GError    **error,
      const char *format,
      ...)
{
  g_autofree char *what = NULL;
  va_list args;

  va_start (args, format);
  what = g_strdup_vprintf (format, args);
  va_end (args);
  g_set_error (error, VIGIL_RISK_ERROR, VIGIL_RISK_ERROR_PARSE,
               "%s:%u: %s", parser->name, parser->line, what);
  return FALSE;
}

static gboolean
is_valid_id (const char *id)
{
  gsize len = strlen (id);

  if (len == 0 || len > MAX_ID_BYTES)
    return FALSE;
  for (const char *p = id; *p; p++)
    if (!(g_ascii_islower (*p) || g_ascii_isdigit (*p) || *p == '.' || *p == '-' || *p == '_'))
      return FALSE;
  return g_ascii_isalnum (id[0]);
}

static gboolean
is_valid_lang (const char *lang)
{
  gsize len = strlen (lang);

  if (strcmp (lang, "*") == 0)
    return TRUE;
  if (len < 2 || len > 3)
    return FALSE;
  for (const char *p = lang; *p; p++)
    if (!g_ascii_islower (*p))
      return FALSE;
  return TRUE;
}

/* Compiles one term ("picked on", "refund*", "\"late delivery\""). */
static VigilRiskTerm *
compile_term (Parser      *parser,
              const char  *item,
              GError     **error)
{
  g_autofree char *text = g_strstrip (g_strdup (item));
  g_auto (GStrv) words = NULL;
  VigilRiskTerm *term;
  gsize len = strlen (text);

  if (len >= 2 && text[0] == '"' && text[len - 1] == '"')
    {
      text[len - 1] = '\0';
      memmove (text, text + 1, len - 1);
    }
  if (strchr (text, '"'))
    {
      fail (parser, error, _("term “%s”: quotes may only surround a whole term"), item);
      return NULL;
    }

  term = g_new0 (VigilRiskTerm, 1);
  words = g_strsplit_set (text, " \t", -1);
  for (guint w = 0; words[w]; w++)
    {
      char *word = words[w];
      gsize wlen = strlen (word);
      gboolean prefix = FALSE;
      guint n;

      if (wlen == 0)
        continue;
      if (word[wlen - 1] == '*')
        {
          prefix = TRUE;
          word[--wlen] = '\0';
        }
      if (strchr (word, '*'))
        {
          term_free (term);
          fail (parser, error, _("term “%s”: “*” is only allowed at the end of a word"), item);
          return NULL;
        }
      _vigil_risk_tokenize (word, VIGIL_RISK_TOKENIZE_DEFAULT, &parser->tokens);
      n = parser->tokens.tokens->len;
      if (n == 0)
        {
          term_free (term);
          fail (parser, error, _("term “%s”: “%s” has no letters or digits"), item, word);
          return NULL;
        }
      if (term->n_words + n > VIGIL_RISK_TERM_MAX_WORDS)
        {
          term_free (term);
          fail (parser, error, _("term “%s” has more than %d words"), item, VIGIL_RISK_TERM_MAX_WORDS);
          return NULL;
        }
      for (guint i = 0; i < n; i++)
        {
          term->words[term->n_words] = g_strdup (_vigil_risk_tokens_get (&parser->tokens, i));
          if (g_array_index (parser->tokens.tokens, VigilRiskToken, i).flags & VIGIL_RISK_TOKEN_HASHTAG)
            term->hashtag_mask |= 1u << term->n_words;
          if (prefix && i == n - 1)
            {
              if (_vigil_risk_tokens_len (&parser->tokens, i) < MIN_PREFIX_BYTES)
                {
                  term->n_words++;
                  term_free (term);
                  fail (parser, error,
                        _("term “%s”: a wildcard needs at least %d letters before “*”"),
                        item, MIN_PREFIX_BYTES);
                  return NULL;
                }
              term->prefix_mask |= 1u << term->n_words;
            }
          term->n_words++;
        }
    }
  if (term->n_words == 0)
    {
      term_free (term);
      fail (parser, error, _("empty term"));
      return NULL;
    }
  return term;
}

static gboolean
add_terms (Parser     *parser,
           GPtrArray  *into,
           const char *value,
           GError    **error)
{
  g_auto (GStrv) items = g_strsplit (value, ";", -1);

  for (guint i = 0; items[i]; i++)
    {
      VigilRiskTerm *term;

      g_strstrip (items[i]);
      if (items[i][0] == '\0')
        continue;
      if (++parser->n_terms > MAX_TERMS)
        return fail (parser, error, _("too many terms (the limit is %d)"), MAX_TERMS);
      term = compile_term (parser, items[i], error);
      if (!term)
        return FALSE;
      g_ptr_array_add (into, term);
    }
  return TRUE;
}

static gboolean
close_section (Parser            *parser,
               VigilRiskPackSet  *set,
               GError           **error)
{
  ParsedDef *pd;
  VigilRiskDef *def = parser->current;
  g_autofree char *key = NULL;
  guint line = parser->line;

  if (!def)
    return TRUE;

  pd = g_ptr_array_index (parser->defs, parser->defs->len - 1);
  parser->line = pd->line;
  if (!pd->lang_set)
    {
      g_free (def->lang);
      def->lang = g_strdup (parser->default_lang ? parser->default_lang : "");
    }
  key = g_strconcat (def->id, "\n", def->lang, NULL);

  if (def->role && !_vigil_risk_role_is_valid (def->role))
    return fail (parser, error,
                 _("category “%s”: unknown role “%s” (use hr, compliance, legal, security, pr or customer-service)"),
                 def->id, def->role);
  if (!pd->extend && def->enabled && def->terms->len == 0)
    return fail (parser, error, _("category “%s” has no terms"), def->id);
  if (pd->extend && !g_hash_table_contains (set->defs, key))
    return fail (parser, error,
                 _("category “%s” (language “%s”) uses “mode = extend” but no earlier pack defines it"),
                 def->id, *def->lang ? def->lang : "*");
  if (!def->role && !pd->extend)
    {
      gboolean known = FALSE;
      GHashTableIter iter;
      gpointer value;

      g_hash_table_iter_init (&iter, set->defs);
      while (!known && g_hash_table_iter_next (&iter, NULL, &value))
        known = strcmp (((VigilRiskDef *) value)->id, def->id) == 0
                && ((VigilRiskDef *) value)->role;
      for (guint i = 0; !known && i + 1 < parser->defs->len; i++)
        {
          VigilRiskDef *other = ((ParsedDef *) g_ptr_array_index (parser->defs, i))->def;
          known = strcmp (other->id, def->id) == 0 && other->role;
        }
      if (!known)
        return fail (parser, error, _("category “%s” has no role"), def->id);
    }
  for (guint i = 0; i + 1 < parser->defs->len; i++)
    {
      ParsedDef *other = g_ptr_array_index (parser->defs, i);

      if (strcmp (other->def->id, def->id) == 0 && strcmp (other->def->lang, def->lang) == 0)
        return fail (parser, error, _("category “%s” appears twice in this file (first at line %u)"),
                     def->id, other->line);
    }

  parser->current = NULL;
  parser->line = line;
  return TRUE;
}

static void
merge (VigilRiskPackSet *set,
       ParsedDef        *pd)
{
  VigilRiskDef *def = g_steal_pointer (&pd->def);
  char *key = g_strconcat (def->id, "\n", def->lang, NULL);
  VigilRiskDef *old = g_hash_table_lookup (set->defs, key);

  if (old && pd->extend)
    {
      for (guint i = 0; i < def->terms->len; i++)
        g_ptr_array_add (old->terms, g_steal_pointer (&def->terms->pdata[i]));
      for (guint i = 0; i < def->unless->len; i++)
        g_ptr_array_add (old->unless, g_steal_pointer (&def->unless->pdata[i]));
      g_ptr_array_set_free_func (def->terms, NULL);
      g_ptr_array_set_free_func (def->unless, NULL);
      if (def->label)
        {
          g_free (old->label);
          old->label = g_steal_pointer (&def->label);
        }
      if (def->role)
        {
          g_free (old->role);
          old->role = g_steal_pointer (&def->role);
        }
      if (pd->has_enabled)
        old->enabled = def->enabled;
      old->order = set->next_order++;
      def_free (def);
      g_free (key);
      return;
    }

  def->order = set->next_order++;
  g_hash_table_replace (set->defs, key, def);
}

gboolean
_vigil_risk_pack_parse (VigilRiskPackSet  *set,
                        const char        *name,
                        const char        *text,
                        gsize              len,
                        GError           **error)
{
  Parser parser = { 0 };
  const char *p, *end;
  gboolean ok = TRUE;

  g_return_val_if_fail (set && name && text, FALSE);

  parser.name = name;
  parser.defs = g_ptr_array_new_with_free_func (parsed_def_free);
  _vigil_risk_tokens_init (&parser.tokens);

  if (len > MAX_PACK_BYTES)
    {
      ok = fail (&parser, error, _("file is larger than %d MiB"), MAX_PACK_BYTES / (1024 * 1024));
      goto out;
    }
  if (!g_utf8_validate (text, len, &end))
    {
      parser.line = 1;
      for (p = text; p < end; p++)
        parser.line += *p == '\n';
      ok = fail (&parser, error, _("the file is not valid UTF-8"));
      goto out;
    }

  end = text + len;
  for (p = text; ok && p < end;)
    {
      const char *eol = memchr (p, '\n', end - p);
      g_autofree char *line = NULL;
      char *eq;

      if (!eol)
        eol = end;
      parser.line++;
      if ((gsize) (eol - p) > MAX_LINE_BYTES)
        {
          ok = fail (&parser, error, _("line is longer than %d bytes"), MAX_LINE_BYTES);
          break;
        }
      line = g_strstrip (g_strndup (p, eol - p));
      p = eol + 1;

      if (line[0] == '\0' || line[0] == '#' || line[0] == ';')
        continue;

      if (line[0] == '[')
        {
          gsize l = strlen (line);
          ParsedDef *pd;

          if (!close_section (&parser, set, error))
            {
              ok = FALSE;
              break;
            }
          if (line[l - 1] != ']')
            {
              ok = fail (&parser, error, _("a section header must end with “]”"));
              break;
            }
          line[l - 1] = '\0';
          g_strstrip (line + 1);
          if (!is_valid_id (line + 1))
            {
              ok = fail (&parser, error,
                         _("“%s” is not a valid category id (lower-case letters, digits, “.”, “-”, “_”; at most %d)"),
                         line + 1, MAX_ID_BYTES);
              break;
            }
          if (parser.defs->len >= MAX_CATEGORIES)
            {
              ok = fail (&parser, error, _("too many categories (the limit is %d)"), MAX_CATEGORIES);
              break;
            }
          pd = g_new0 (ParsedDef, 1);
          pd->def = def_new (line + 1);
          pd->line = parser.line;
          g_ptr_array_add (parser.defs, pd);
          parser.current = pd->def;
          continue;
        }

      eq = strchr (line, '=');
      if (!eq)
        {
          ok = fail (&parser, error, _("expected “key = value”, “[category]” or a “#” comment"));
          break;
        }
      *eq = '\0';
      {
        const char *key = g_strstrip (line);
        const char *value = g_strstrip (eq + 1);
        ParsedDef *pd = parser.current ? g_ptr_array_index (parser.defs, parser.defs->len - 1) : NULL;
        VigilRiskDef *def = parser.current;

        if (!def)
          {
            if (strcmp (key, "lang") != 0)
              ok = fail (&parser, error, _("“%s” must be inside a [category] section (only “lang” may come before)"), key);
            else if (!is_valid_lang (value))
              ok = fail (&parser, error, _("“%s” is not a language code (two or three lower-case letters, or “*”)"), value);
            else
              {
                g_free (parser.default_lang);
                parser.default_lang = g_strdup (strcmp (value, "*") == 0 ? "" : value);
              }
          }
        else if (strcmp (key, "label") == 0)
          {
            if (value[0] == '\0')
              ok = fail (&parser, error, _("empty label"));
            g_free (def->label);
            def->label = g_strdup (value);
          }
        else if (strcmp (key, "role") == 0)
          {
            g_free (def->role);
            def->role = g_strdup (value);
          }
        else if (strcmp (key, "lang") == 0)
          {
            if (!is_valid_lang (value))
              ok = fail (&parser, error, _("“%s” is not a language code (two or three lower-case letters, or “*”)"), value);
            g_free (def->lang);
            def->lang = g_strdup (strcmp (value, "*") == 0 ? "" : value);
            pd->lang_set = TRUE;
          }
        else if (strcmp (key, "terms") == 0)
          ok = add_terms (&parser, def->terms, value, error);
        else if (strcmp (key, "unless") == 0)
          ok = add_terms (&parser, def->unless, value, error);
        else if (strcmp (key, "mode") == 0)
          {
            if (strcmp (value, "extend") == 0)
              pd->extend = TRUE;
            else if (strcmp (value, "replace") == 0)
              pd->extend = FALSE;
            else
              ok = fail (&parser, error, _("mode must be “replace” or “extend”, not “%s”"), value);
          }
        else if (strcmp (key, "enabled") == 0)
          {
            if (strcmp (value, "true") == 0)
              def->enabled = TRUE;
            else if (strcmp (value, "false") == 0)
              def->enabled = FALSE;
            else
              ok = fail (&parser, error, _("enabled must be “true” or “false”, not “%s”"), value);
            pd->has_enabled = TRUE;
          }
        else
          ok = fail (&parser, error,
                     _("unknown key “%s” (use label, role, lang, terms, unless, mode or enabled)"), key);
      }
    }

  if (ok)
    ok = close_section (&parser, set, error);
  if (ok)
    for (guint i = 0; i < parser.defs->len; i++)
      merge (set, g_ptr_array_index (parser.defs, i));

out:
  g_ptr_array_unref (parser.defs);
  g_free (parser.default_lang);
  _vigil_risk_tokens_clear (&parser.tokens);
  return ok;
}

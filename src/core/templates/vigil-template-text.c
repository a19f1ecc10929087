/* vigil-template-text.c: {variables} in a template body
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "vigil-template-text"

#include "config.h"

#include <string.h>

#include <glib/gi18n.h>

#include "vigil-template-text.h"

#define MAX_NAME 64

typedef struct
{
  const char *name;
  const char *description;
  const char *sample;
} Variable;

static const Variable variables[] = {
  { "brand", N_("The organisation's public name"), N_("Acme") },
  { "product", N_("The product or service concerned"), N_("Acme Kettle Pro") },
  { "date", N_("Today's date, or the date of the incident"), NULL },
  { "time", N_("The time of the latest update"), N_("14:30 UTC") },
  { "contact_url", N_("Where people can get help"), N_("https://acme.example/help") },
  { "statement_url", N_("Where the full statement is published"), N_("https://acme.example/news") },
  { "support_email", N_("The support address"), N_("help@acme.example") },
  { "case_ref", N_("The case reference"), N_("C-1042") },
  { "author", N_("The handle of the person you answer"), N_("@sam") },
  { "author_name", N_("The name of the person you answer"), N_("Sam") },
  { "platform", N_("The platform of the post you answer"), N_("Mastodon") },
  { "post_url", N_("The link to the post you answer"), N_("https://social.example/@sam/1") },
  { "person", N_("The person concerned (executive, employee)"), N_("Jordan Lee") },
  { "role", N_("Their role"), N_("Chief Operating Officer") },
  { "account", N_("The affected social account"), N_("@acme") },
  { "region", N_("The market or region concerned"), N_("the UK") },
  { "next_update", N_("When the next update is due"), N_("17:00 UTC") },
  { "campaign", N_("The campaign concerned"), N_("Summer Glow") },
};

const char * const *
vigil_template_known_variables (void)
{
  static const char *names[G_N_ELEMENTS (variables) + 1];

  if (!names[0])
    for (guint i = 0; i < G_N_ELEMENTS (variables); i++)
      names[i] = variables[i].name;
  return names;
}

static const Variable *
find_variable (const char *name)
{
  for (guint i = 0; name && i < G_N_ELEMENTS (variables); i++)
    if (g_str_equal (variables[i].name, name))
      return &variables[i];
  return NULL;
}

gboolean
vigil_template_variable_is_known (const char *name)
{
  return find_variable (name) != NULL;
}

const char *
vigil_template_variable_describe (const char *name)
{
  const Variable *v = find_variable (name);

  return v ? _(v->description) : NULL;
}

const char *
vigil_template_variable_sample (const char *name)
{
  const Variable *v = find_variable (name);

  if (!v)
    return NULL;
  if (g_str_equal (name, "date"))
    {
      static char today[32];
      g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
      g_autofree char *s = g_date_time_format (now, "%Y-%m-%d");

      g_strlcpy (today, s, sizeof today);
      return today;
    }
  return _(v->sample);
}

GHashTable *
vigil_template_sample_values (void)
{
  GHashTable *values = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);

  for (guint i = 0; i < G_N_ELEMENTS (variables); i++)
    g_hash_table_insert (values, g_strdup (variables[i].name),
                         g_strdup (vigil_template_variable_sample (variables[i].name)));
  return values;
}

void
vigil_template_render_free (VigilTemplateRender *render)
{
  if (!render)
    return;
  g_free (render->text);
  g_ptr_array_unref (render->unfilled);
  g_ptr_array_unref (render->unknown);
  g_free (render);
}

/* The length of a variable name at p (just after '{') when it is followed
 * by '}', else 0. */
static gsize
name_length (const char *p)
{
  gsize n = 0;

  if (!g_ascii_islower (p[0]))
    return 0;
  while (p[n] && (g_ascii_islower (p[n]) || g_ascii_isdigit (p[n]) || p[n] == '_'))
    {
      if (++n > MAX_NAME)
        return 0;
    }
  return p[n] == '}' ? n : 0;
}

static void
add_once (GPtrArray  *names,
          const char *name)
{
  for (guint i = 0; i < names->len; i++)
    if (g_str_equal (g_ptr_array_index (names, i), name))
      return;
  g_ptr_array_add (names, g_strdup (name));
}

static VigilTemplateRender *
render (const char *body,
        GHashTable *values,
        GPtrArray  *used)
{
  VigilTemplateRender *r = g_new0 (VigilTemplateRender, 1);
  GString *out = g_string_new (NULL);
  const char *p = body ? body : "";

  r->unfilled = g_ptr_array_new_with_free_func (g_free);
  r->unknown = g_ptr_array_new_with_free_func (g_free);

  while (*p)
    {
      gsize n;

      if (p[0] == '{' && p[1] == '{')
        {
          g_string_append_c (out, '{');
          p += 2;
        }
      else if (p[0] == '}' && p[1] == '}')
        {
          g_string_append_c (out, '}');
          p += 2;
        }
      else if (p[0] == '{' && (n = name_length (p + 1)))
        {
          g_autofree char *name = g_strndup (p + 1, n);
          const char *value = values ? g_hash_table_lookup (values, name) : NULL;

          if (used)
            add_once (used, name);
          if (value)
            g_string_append (out, value);
          else
            {
              g_string_append_len (out, p, n + 2);
              add_once (r->unfilled, name);
              if (!vigil_template_variable_is_known (name))
                add_once (r->unknown, name);
            }
          p += n + 2;
        }
      else
        g_string_append_c (out, *p++);
    }
  r->text = g_string_free (out, FALSE);
  return r;
}

VigilTemplateRender *
vigil_template_render_text (const char *body,
                            GHashTable *values)
{
  return render (body, values, NULL);
}

GPtrArray *
vigil_template_text_variables (const char *body)
{
  GPtrArray *used = g_ptr_array_new_with_free_func (g_free);

  vigil_template_render_free (render (body, NULL, used));
  return used;
}

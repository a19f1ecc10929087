/* vigil-template-output.c: a template rendered for one platform and locale
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "vigil-template-output"

#include "config.h"

#include "vigil-grapheme.h"
#include "vigil-json-writer.h"
#include "vigil-template-output.h"

void
vigil_template_output_free (VigilTemplateOutput *output)
{
  if (!output)
    return;
  g_free (output->text);
  g_ptr_array_unref (output->unfilled);
  g_ptr_array_unref (output->unknown);
  g_free (output->locale);
  g_free (output->note);
  g_free (output);
}

VigilTemplateOutput *
vigil_template_output_new_for_body (const char *body,
                                    const char *platform,
                                    GHashTable *values)
{
  g_autoptr(VigilTemplateRender) render = vigil_template_render_text (body, values);
  VigilTemplateOutput *output = g_new0 (VigilTemplateOutput, 1);

  output->text = g_steal_pointer (&render->text);
  output->unfilled = g_ptr_array_ref (render->unfilled);
  output->unknown = g_ptr_array_ref (render->unknown);
  output->length = vigil_platform_length (platform, output->text);
  output->limit = vigil_platform_limit (platform);
  output->over_limit = output->limit > 0 && output->length > output->limit;
  return output;
}

VigilTemplateOutput *
vigil_template_output_new (VigilTemplate *template,
                           const char    *locale,
                           const char    *platform,
                           GHashTable    *values)
{
  const VigilTemplateVariant *variant = vigil_template_pick_variant (template, locale, platform);
  VigilTemplateOutput *output = vigil_template_output_new_for_body (variant ? variant->body : "",
                                                                    platform, values);

  output->locale = g_strdup (variant ? variant->locale : NULL);
  output->note = g_strdup (variant ? variant->note : NULL);
  return output;
}

static void
write_names (GString    *out,
             const char *member,
             GPtrArray  *names)
{
  g_string_append_printf (out, ",\"%s\":[", member);
  for (guint i = 0; i < names->len; i++)
    {
      if (i)
        g_string_append_c (out, ',');
      vigil_json_writer_string (out, g_ptr_array_index (names, i));
    }
  g_string_append_c (out, ']');
}

void
vigil_template_output_write_json (VigilTemplateOutput *output,
                                  GString             *out)
{
  g_string_append (out, "{\"text\":");
  vigil_json_writer_string (out, output->text);
  g_string_append_printf (out, ",\"graphemes\":%u,\"limit\":", output->length);
  if (output->limit)
    g_string_append_printf (out, "%u", output->limit);
  else
    g_string_append (out, "null");
  g_string_append_printf (out, ",\"over_limit\":%s", output->over_limit ? "true" : "false");
  write_names (out, "unfilled", output->unfilled);
  write_names (out, "unknown", output->unknown);
  if (output->locale)
    vigil_json_writer_member (out, "locale", output->locale, TRUE);
  g_string_append_c (out, '}');
}

GHashTable *
vigil_template_values_for_case (VigilTemplateLibrary *library,
                                VigilCase            *kase,
                                gint64                now_us)
{
  GHashTable *values = library ? vigil_template_library_dup_defaults (library)
                               : g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  g_autoptr(GDateTime) now = g_date_time_new_from_unix_utc (now_us ? now_us / G_USEC_PER_SEC
                                                                  : g_get_real_time () / G_USEC_PER_SEC);

  g_hash_table_insert (values, g_strdup ("date"), g_date_time_format (now, "%Y-%m-%d"));
  g_hash_table_insert (values, g_strdup ("time"), g_date_time_format (now, "%H:%M UTC"));
  if (kase)
    {
      VigilPost *post = vigil_case_get_post (kase);

      g_hash_table_insert (values, g_strdup ("case_ref"), g_strdup_printf ("#%s", vigil_case_get_id (kase)));
      if (post)
        {
          const char *author = vigil_post_get_author (post);
          const char *name = vigil_post_get_author_name (post);
          const char *url = vigil_post_get_url (post);

          if (author && *author)
            g_hash_table_insert (values, g_strdup ("author"),
                                 author[0] == '@' ? g_strdup (author) : g_strdup_printf ("@%s", author));
          if (name && *name)
            g_hash_table_insert (values, g_strdup ("author_name"), g_strdup (name));
          else if (author && *author)
            g_hash_table_insert (values, g_strdup ("author_name"), g_strdup (author[0] == '@' ? author + 1 : author));
          if (url && *url)
            g_hash_table_insert (values, g_strdup ("post_url"), g_strdup (url));
          switch (vigil_post_get_platform (post))
            {
            case VIGIL_PLATFORM_MASTODON:
              g_hash_table_insert (values, g_strdup ("platform"), g_strdup ("Mastodon"));
              break;
            case VIGIL_PLATFORM_BLUESKY:
              g_hash_table_insert (values, g_strdup ("platform"), g_strdup ("Bluesky"));
              break;
            default:
              break;
            }
        }
    }
  return values;
}

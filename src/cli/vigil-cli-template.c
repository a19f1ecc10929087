/* vigil-cli-template.c: vigil-cli template list|show|render|approve|import|export|vars|approvers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "vigil-cli"

#include "config.h"

#include <stdio.h>
#include <string.h>

#include <glib/gi18n.h>

#include "vigil-case-board.h"
#include "vigil-cli-common.h"
#include "vigil-cli-template.h"
#include "vigil-grapheme.h"
#include "vigil-json-writer.h"
#include "vigil-template-library.h"
#include "vigil-template-output.h"

typedef struct
{
  char *db;
  VigilContext *context;
  VigilTemplateLibrary *library;
} Session;

static void
session_clear (Session *s)
{
  if (s->context)
    vigil_context_shutdown (s->context);
  g_clear_object (&s->context);
  g_clear_pointer (&s->db, g_free);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Session, session_clear)

static gboolean
session_open (Session    *s,
              const char *actor)
{
  g_autoptr(GError) error = NULL;

  if (!(s->context = vigil_cli_open_context (s->db, actor, NULL)))
    return FALSE;
  s->library = vigil_context_ensure_service (s->context, VIGIL_TYPE_TEMPLATE_LIBRARY);
  if (!vigil_template_library_load (s->library, &error))
    {
      vigil_cli_error (_("could not read the templates: %s"), error->message);
      return FALSE;
    }
  return TRUE;
}

static void
write_time (GString    *line,
            const char *member,
            gint64      us)
{
  g_autoptr(GDateTime) dt = g_date_time_new_from_unix_utc (us / G_USEC_PER_SEC);
  g_autofree char *iso = dt ? g_date_time_format (dt, "%Y-%m-%dT%H:%M:%SZ") : NULL;

  vigil_json_writer_member (line, member, iso, TRUE);
}

static void
write_summary (GString       *line,
               VigilTemplate *t)
{
  g_auto(GStrv) locales = vigil_template_dup_locales (t);

  g_string_append_c (line, '{');
  vigil_json_writer_member (line, "id", vigil_template_get_id (t), FALSE);
  g_string_append_printf (line, ",\"revision\":%" G_GINT64_FORMAT, vigil_template_get_revision (t));
  vigil_json_writer_member (line, "state", vigil_template_get_approved (t) ? "approved" : "draft", TRUE);
  vigil_json_writer_member (line, "scenario", vigil_template_get_scenario (t), TRUE);
  vigil_json_writer_member (line, "kind", vigil_template_get_kind (t), TRUE);
  vigil_json_writer_member (line, "title", vigil_template_get_title (t), TRUE);
  g_string_append (line, ",\"locales\":[");
  for (guint i = 0; locales[i]; i++)
    {
      if (i)
        g_string_append_c (line, ',');
      vigil_json_writer_string (line, locales[i]);
    }
  g_string_append_c (line, ']');
  vigil_json_writer_member (line, "saved_by", vigil_template_get_saved_by (t), TRUE);
  write_time (line, "saved_at", vigil_template_get_saved_at (t));
  if (vigil_template_get_approved (t))
    {
      vigil_json_writer_member (line, "approved_by", vigil_template_get_approved_by (t), TRUE);
      write_time (line, "approved_at", vigil_template_get_approved_at (t));
    }
}

static int
cmd_list (int argc, char **argv)
{
  g_auto(Session) s = { 0 };
  g_autofree char *scenario = NULL, *kind = NULL, *locale = NULL, *platform = NULL, *state = NULL, *text = NULL;
  GOptionEntry entries[] = {
    { "db", 0, 0, G_OPTION_ARG_FILENAME, &s.db, N_("The store (default: the user's)"), N_("PATH") },
    { "scenario", 0, 0, G_OPTION_ARG_STRING, &scenario, N_("Only this scenario (e.g. data-breach)"), N_("S") },
    { "kind", 0, 0, G_OPTION_ARG_STRING, &kind, N_("Only this kind (holding, apology, explanation, in-hand, tactical, faq)"), N_("K") },
    { "locale", 0, 0, G_OPTION_ARG_STRING, &locale, N_("Only templates with a variant in this locale"), N_("L") },
    { "platform", 0, 0, G_OPTION_ARG_STRING, &platform, N_("Only templates usable on this platform"), N_("P") },
    { "state", 0, 0, G_OPTION_ARG_STRING, &state, N_("draft or approved"), N_("STATE") },
    { "search", 0, 0, G_OPTION_ARG_STRING, &text, N_("Words in the title, tags or text"), N_("TEXT") },
    { NULL }
  };
  g_autoptr(GOptionContext) context = g_option_context_new (_("— list the crisis templates"));
  g_autoptr(GPtrArray) found = NULL;

  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  if (!vigil_cli_parse (context, &argc, &argv))
    return VIGIL_CLI_EXIT_USAGE;
  if (argc > 1)
    {
      vigil_cli_error (_("template list takes no arguments (got “%s”)"), argv[1]);
      return VIGIL_CLI_EXIT_USAGE;
    }
  if (state && !g_str_equal (state, "draft") && !g_str_equal (state, "approved"))
    {
      vigil_cli_error (_("--state must be draft or approved (got “%s”)"), state);
      return VIGIL_CLI_EXIT_USAGE;
    }
  if (!session_open (&s, NULL))
    return VIGIL_CLI_EXIT_FAILED;
  found = vigil_template_library_filter (s.library, text, scenario, kind, platform, locale, state);
  for (guint i = 0; i < found->len; i++)
    {
      g_autoptr(GString) line = g_string_new (NULL);

      write_summary (line, g_ptr_array_index (found, i));
      g_string_append_c (line, '}');
      vigil_cli_print_line (line);
    }
  g_printerr (ngettext ("%u template\n", "%u templates\n", found->len), found->len);
  return VIGIL_CLI_EXIT_OK;
}

static VigilTemplate *
find_template (Session    *s,
               const char *id,
               gint64      revision)
{
  VigilTemplate *t = revision > 0 ? vigil_template_library_get_revision (s->library, id, revision)
                                  : vigil_template_library_lookup (s->library, id);

  if (!t)
    {
      if (revision > 0 && vigil_template_library_lookup (s->library, id))
        vigil_cli_error (_("template “%s” has no version %" G_GINT64_FORMAT), id, revision);
      else
        vigil_cli_error (_("no template “%s” (run “vigil-cli template list”)"), id);
    }
  return t;
}

static int
cmd_show (int argc, char **argv)
{
  g_auto(Session) s = { 0 };
  gint64 revision = 0;
  GOptionEntry entries[] = {
    { "db", 0, 0, G_OPTION_ARG_FILENAME, &s.db, N_("The store (default: the user's)"), N_("PATH") },
    { "revision", 0, 0, G_OPTION_ARG_INT64, &revision, N_("This version (default: the latest)"), N_("N") },
    { NULL }
  };
  g_autoptr(GOptionContext) context = g_option_context_new (_("ID — show a template, its variants and history"));
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonGenerator) generator = json_generator_new ();
  g_autoptr(JsonNode) root = NULL;
  g_autoptr(GPtrArray) history = NULL;
  g_autofree char *text = NULL;
  VigilTemplate *t;

  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  if (!vigil_cli_parse (context, &argc, &argv))
    return VIGIL_CLI_EXIT_USAGE;
  if (argc != 2)
    {
      vigil_cli_error (_("template show takes one template ID"));
      return VIGIL_CLI_EXIT_USAGE;
    }
  if (!session_open (&s, NULL))
    return VIGIL_CLI_EXIT_FAILED;
  if (!(t = find_template (&s, argv[1], revision)))
    return VIGIL_CLI_EXIT_FAILED;

  vigil_template_to_json (t, builder, TRUE);
  root = json_builder_get_root (builder);
  /* the history: who saved and approved each version, and when */
  history = vigil_template_library_get_history (s.library, argv[1]);
  {
    JsonArray *array = json_array_new ();

    for (guint i = 0; i < history->len; i++)
      {
        VigilTemplate *h = g_ptr_array_index (history, i);
        JsonObject *o = json_object_new ();

        json_object_set_int_member (o, "revision", vigil_template_get_revision (h));
        json_object_set_string_member (o, "saved_by", vigil_template_get_saved_by (h));
        json_object_set_int_member (o, "saved_at_us", vigil_template_get_saved_at (h));
        if (vigil_template_get_approved (h))
          {
            json_object_set_string_member (o, "approved_by", vigil_template_get_approved_by (h));
            json_object_set_int_member (o, "approved_at_us", vigil_template_get_approved_at (h));
          }
        json_array_add_object_element (array, o);
      }
    json_object_set_array_member (json_node_get_object (root), "history", array);
  }
  json_generator_set_root (generator, root);
  text = json_generator_to_data (generator, NULL);
  printf ("%s\n", text);
  return VIGIL_CLI_EXIT_OK;
}

static int
cmd_render (int argc, char **argv)
{
  g_auto(Session) s = { 0 };
  g_autofree char *platform = NULL, *locale = NULL, *case_ref = NULL;
  g_auto(GStrv) vars = NULL;
  gint64 revision = 0;
  GOptionEntry entries[] = {
    { "db", 0, 0, G_OPTION_ARG_FILENAME, &s.db, N_("The store (default: the user's)"), N_("PATH") },
    { "platform", 0, 0, G_OPTION_ARG_STRING, &platform, N_("mastodon, bluesky, x, linkedin or facebook"), N_("P") },
    { "locale", 0, 0, G_OPTION_ARG_STRING, &locale, N_("The variant's locale (default: en)"), N_("L") },
    { "var", 0, 0, G_OPTION_ARG_STRING_ARRAY, &vars, N_("A variable's value (repeatable)"), N_("NAME=VALUE") },
    { "case", 0, 0, G_OPTION_ARG_STRING, &case_ref, N_("Fill the variables from this triage case"), N_("ID") },
    { "revision", 0, 0, G_OPTION_ARG_INT64, &revision, N_("This version (default: the latest)"), N_("N") },
    { NULL }
  };
  g_autoptr(GOptionContext) context = g_option_context_new (_("ID — fill a template for a platform"));
  g_autoptr(GHashTable) values = NULL;
  g_autoptr(VigilTemplateOutput) output = NULL;
  g_autoptr(GString) line = g_string_new (NULL);
  VigilCase *kase = NULL;
  VigilTemplate *t;

  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  if (!vigil_cli_parse (context, &argc, &argv))
    return VIGIL_CLI_EXIT_USAGE;
  if (argc != 2)
    {
      vigil_cli_error (_("template render takes one template ID"));
      return VIGIL_CLI_EXIT_USAGE;
    }
  if (platform && !vigil_platform_limit (platform))
    {
      vigil_cli_error (_("unknown platform “%s” (use mastodon, bluesky, x, linkedin or facebook)"), platform);
      return VIGIL_CLI_EXIT_USAGE;
    }
  if (!session_open (&s, NULL))
    return VIGIL_CLI_EXIT_FAILED;
  if (!(t = find_template (&s, argv[1], revision)))
    return VIGIL_CLI_EXIT_FAILED;
  if (case_ref)
    {
      VigilCaseBoard *board = vigil_case_board_get (s.context);

      if (!(kase = vigil_case_board_lookup (board, case_ref)))
        {
          vigil_cli_error (_("no case “%s” (run “vigil-cli case list”)"), case_ref);
          return VIGIL_CLI_EXIT_FAILED;
        }
    }
  values = vigil_template_values_for_case (s.library, kase, vigil_context_now_us (s.context));
  if (!case_ref)
    {
      /* without a case, only what the organisation set, and today */
      g_hash_table_remove (values, "time");
    }
  for (guint i = 0; vars && vars[i]; i++)
    {
      const char *eq = strchr (vars[i], '=');

      if (!eq || eq == vars[i])
        {
          vigil_cli_error (_("--var needs NAME=VALUE (got “%s”)"), vars[i]);
          return VIGIL_CLI_EXIT_USAGE;
        }
      g_hash_table_insert (values, g_strndup (vars[i], eq - vars[i]), g_strdup (eq + 1));
    }
  output = vigil_template_output_new (t, locale, platform, values);
  vigil_template_output_write_json (output, line);
  /* which template and version: what a case log records */
  g_string_truncate (line, line->len - 1);
  vigil_json_writer_member (line, "template", vigil_template_get_id (t), TRUE);
  g_string_append_printf (line, ",\"revision\":%" G_GINT64_FORMAT, vigil_template_get_revision (t));
  vigil_json_writer_member (line, "state", vigil_template_get_approved (t) ? "approved" : "draft", TRUE);
  g_string_append_c (line, '}');
  vigil_cli_print_line (line);
  if (!vigil_template_get_approved (t))
    g_printerr ("%s\n", _("note: this version is a draft; it has not been approved"));
  if (output->unknown->len)
    g_printerr (_("note: unknown variables (typos?): %s\n"), (char *) g_ptr_array_index (output->unknown, 0));
  return VIGIL_CLI_EXIT_OK;
}

static int
cmd_approve (int argc, char **argv)
{
  g_auto(Session) s = { 0 };
  g_autofree char *person = NULL;
  gint64 revision = 0;
  GOptionEntry entries[] = {
    { "db", 0, 0, G_OPTION_ARG_FILENAME, &s.db, N_("The store (default: the user's)"), N_("PATH") },
    { "as", 0, 0, G_OPTION_ARG_STRING, &person, N_("Who approves (required)"), N_("PERSON") },
    { "revision", 0, 0, G_OPTION_ARG_INT64, &revision, N_("The version you reviewed (default: the latest)"), N_("N") },
    { NULL }
  };
  g_autoptr(GOptionContext) context = g_option_context_new (_("ID --as PERSON — approve a template's latest version"));
  g_autoptr(GError) error = NULL;
  g_autoptr(GString) line = g_string_new (NULL);
  VigilTemplate *t;

  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  if (!vigil_cli_parse (context, &argc, &argv))
    return VIGIL_CLI_EXIT_USAGE;
  if (argc != 2 || !person || !*person)
    {
      vigil_cli_error (_("template approve takes one template ID and --as PERSON"));
      return VIGIL_CLI_EXIT_USAGE;
    }
  if (!session_open (&s, person))
    return VIGIL_CLI_EXIT_FAILED;
  if (!vigil_template_library_approve (s.library, argv[1], revision, person, &error))
    {
      vigil_cli_error ("%s", error->message);
      return VIGIL_CLI_EXIT_FAILED;
    }
  t = vigil_template_library_lookup (s.library, argv[1]);
  write_summary (line, t);
  g_string_append_c (line, '}');
  vigil_cli_print_line (line);
  return VIGIL_CLI_EXIT_OK;
}

static int
cmd_import (int argc, char **argv)
{
  g_auto(Session) s = { 0 };
  GOptionEntry entries[] = {
    { "db", 0, 0, G_OPTION_ARG_FILENAME, &s.db, N_("The store (default: the user's)"), N_("PATH") },
    { NULL }
  };
  g_autoptr(GOptionContext) context = g_option_context_new (_("FILE — import a template pack (all or nothing)"));
  g_autoptr(GError) error = NULL;
  g_autoptr(GFile) file = NULL;
  g_autoptr(GBytes) bytes = NULL;
  g_autofree char *basename = NULL;
  guint n_new = 0, n_updated = 0;

  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  if (!vigil_cli_parse (context, &argc, &argv))
    return VIGIL_CLI_EXIT_USAGE;
  if (argc != 2)
    {
      vigil_cli_error (_("template import takes one FILE"));
      return VIGIL_CLI_EXIT_USAGE;
    }
  file = g_file_new_for_commandline_arg (argv[1]);
  basename = g_file_get_basename (file);
  if (!(bytes = g_file_load_bytes (file, NULL, NULL, &error)))
    {
      vigil_cli_error (_("%s: %s"), argv[1], error->message);
      return VIGIL_CLI_EXIT_FAILED;
    }
  if (!session_open (&s, NULL))
    return VIGIL_CLI_EXIT_FAILED;
  if (!vigil_template_library_import (s.library, bytes, basename, NULL, &n_new, &n_updated, &error))
    {
      vigil_cli_error ("%s", error->message);
      return VIGIL_CLI_EXIT_FAILED;
    }
  printf ("{\"new\":%u,\"updated\":%u}\n", n_new, n_updated);
  g_printerr (_("%u new templates, %u new versions; imported templates are drafts until approved\n"),
              n_new, n_updated);
  return VIGIL_CLI_EXIT_OK;
}

static int
cmd_export (int argc, char **argv)
{
  g_auto(Session) s = { 0 };
  g_autofree char *out = NULL, *state = NULL;
  GOptionEntry entries[] = {
    { "db", 0, 0, G_OPTION_ARG_FILENAME, &s.db, N_("The store (default: the user's)"), N_("PATH") },
    { "out", 0, 0, G_OPTION_ARG_FILENAME, &out, N_("Write the pack to FILE (default: stdout)"), N_("FILE") },
    { "state", 0, 0, G_OPTION_ARG_STRING, &state, N_("Only draft or approved templates"), N_("STATE") },
    { NULL }
  };
  g_autoptr(GOptionContext) context = g_option_context_new (_("— export the templates as a JSON pack"));
  g_autoptr(GError) error = NULL;
  g_autofree char *text = NULL;

  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  if (!vigil_cli_parse (context, &argc, &argv))
    return VIGIL_CLI_EXIT_USAGE;
  if (argc > 1 || (state && !g_str_equal (state, "draft") && !g_str_equal (state, "approved")))
    {
      vigil_cli_error (_("template export takes no arguments; --state is draft or approved"));
      return VIGIL_CLI_EXIT_USAGE;
    }
  if (!session_open (&s, NULL))
    return VIGIL_CLI_EXIT_FAILED;
  text = vigil_template_library_export (s.library, state);
  if (!out)
    {
      /* one JSON document on one line: JSON lines on stdout */
      g_autoptr(JsonParser) parser = json_parser_new ();
      g_autoptr(JsonGenerator) generator = json_generator_new ();
      g_autofree char *compact = NULL;

      json_parser_load_from_data (parser, text, -1, NULL);
      json_generator_set_root (generator, json_parser_get_root (parser));
      compact = json_generator_to_data (generator, NULL);
      printf ("%s\n", compact);
      return VIGIL_CLI_EXIT_OK;
    }
  /* g_file_set_contents writes a temporary file and renames it */
  if (!g_file_set_contents (out, text, -1, &error))
    {
      vigil_cli_error (_("%s: %s"), out, error->message);
      return VIGIL_CLI_EXIT_FAILED;
    }
  printf ("{\"out\":");
  {
    g_autoptr(GString) line = g_string_new (NULL);
    vigil_json_writer_string (line, out);
    printf ("%s,\"templates\":%u}\n", line->str, g_list_model_get_n_items (G_LIST_MODEL (s.library)));
  }
  return VIGIL_CLI_EXIT_OK;
}

static int
cmd_vars (int argc, char **argv)
{
  g_auto(Session) s = { 0 };
  GOptionEntry entries[] = {
    { "db", 0, 0, G_OPTION_ARG_FILENAME, &s.db, N_("The store (default: the user's)"), N_("PATH") },
    { NULL }
  };
  g_autoptr(GOptionContext) context = g_option_context_new (_("[NAME=VALUE…] — show or set the organisation's values ({brand}, {contact_url}…)"));
  g_autoptr(GHashTable) values = NULL;
  g_autoptr(GList) names = NULL;

  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  if (!vigil_cli_parse (context, &argc, &argv))
    return VIGIL_CLI_EXIT_USAGE;
  if (!session_open (&s, NULL))
    return VIGIL_CLI_EXIT_FAILED;
  for (int i = 1; i < argc; i++)
    {
      const char *eq = strchr (argv[i], '=');
      g_autofree char *name = eq ? g_strndup (argv[i], eq - argv[i]) : NULL;
      g_autoptr(GError) error = NULL;

      if (!name)
        {
          vigil_cli_error (_("expected NAME=VALUE (got “%s”)"), argv[i]);
          return VIGIL_CLI_EXIT_USAGE;
        }
      if (!vigil_template_library_set_default (s.library, name, eq + 1, NULL, &error))
        {
          vigil_cli_error ("%s", error->message);
          return VIGIL_CLI_EXIT_FAILED;
        }
    }
  values = vigil_template_library_dup_defaults (s.library);
  names = g_list_sort (g_hash_table_get_keys (values), (GCompareFunc) g_strcmp0);
  for (GList *l = names; l; l = l->next)
    {
      g_autoptr(GString) line = g_string_new ("{");

      vigil_json_writer_member (line, "name", l->data, FALSE);
      vigil_json_writer_member (line, "value", g_hash_table_lookup (values, l->data), TRUE);
      g_string_append_c (line, '}');
      vigil_cli_print_line (line);
    }
  return VIGIL_CLI_EXIT_OK;
}

static int
cmd_approvers (int argc, char **argv)
{
  g_auto(Session) s = { 0 };
  g_autofree char *set = NULL;
  GOptionEntry entries[] = {
    { "db", 0, 0, G_OPTION_ARG_FILENAME, &s.db, N_("The store (default: the user's)"), N_("PATH") },
    { "set", 0, 0, G_OPTION_ARG_STRING, &set, N_("Comma-separated people who may approve (empty: anyone)"), N_("LIST") },
    { NULL }
  };
  g_autoptr(GOptionContext) context = g_option_context_new (_("— show or set who may approve templates"));
  g_autoptr(GError) error = NULL;
  g_autoptr(GString) line = g_string_new ("{\"approvers\":[");
  const char * const *people;

  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  if (!vigil_cli_parse (context, &argc, &argv))
    return VIGIL_CLI_EXIT_USAGE;
  if (!session_open (&s, NULL))
    return VIGIL_CLI_EXIT_FAILED;
  if (set)
    {
      g_auto(GStrv) list = g_strsplit (set, ",", 64);

      for (guint i = 0; list[i]; i++)
        g_strstrip (list[i]);
      if (!vigil_template_library_set_approvers (s.library, (const char * const *) list, NULL, &error))
        {
          vigil_cli_error ("%s", error->message);
          return VIGIL_CLI_EXIT_FAILED;
        }
    }
  people = vigil_template_library_get_approvers (s.library);
  for (guint i = 0; people[i]; i++)
    {
      if (i)
        g_string_append_c (line, ',');
      vigil_json_writer_string (line, people[i]);
    }
  g_string_append (line, "]}");
  vigil_cli_print_line (line);
  return VIGIL_CLI_EXIT_OK;
}

static const VigilCliSubcommand subcommands[] = {
  { "list", cmd_list, N_("List templates (filters: --scenario --kind --locale --platform --state --search)") },
  { "show", cmd_show, N_("Show a template, its variants and who approved each version") },
  { "render", cmd_render, N_("Fill a template for a platform: text, length, limit, unfilled variables") },
  { "approve", cmd_approve, N_("Approve the latest version (--as PERSON)") },
  { "import", cmd_import, N_("Import a JSON template pack, all or nothing") },
  { "export", cmd_export, N_("Export the templates as a JSON pack") },
  { "vars", cmd_vars, N_("Show or set the organisation's variable values") },
  { "approvers", cmd_approvers, N_("Show or set who may approve") },
};

int
vigil_cli_template_dispatch (const VigilCliSubcommand *subcommands,
                             guint                     n_subcommands,
                             const char               *usage,
                             const char               *unknown_format,
                             int                       argc,
                             char                    **argv)
{
  gboolean help = argc >= 2 && (g_str_equal (argv[1], "--help") || g_str_equal (argv[1], "-h"));

  if (argc >= 2)
    for (guint i = 0; i < n_subcommands; i++)
      if (g_str_equal (argv[1], subcommands[i].name))
        return subcommands[i].run (argc - 1, argv + 1);

  if (argc >= 2 && !help)
    vigil_cli_error (unknown_format, argv[1]);
  fprintf (help ? stdout : stderr, "%s\n", usage);
  for (guint i = 0; i < n_subcommands; i++)
    fprintf (help ? stdout : stderr, "  %-10s %s\n", subcommands[i].name, _(subcommands[i].summary));
  return help ? VIGIL_CLI_EXIT_OK : VIGIL_CLI_EXIT_USAGE;
}

int
vigil_cli_template (int    argc,
                    char **argv)
{
  return vigil_cli_template_dispatch (subcommands, G_N_ELEMENTS (subcommands),
                                      _("Usage: vigil-cli template COMMAND [OPTIONS…]"),
                                      _("unknown template command “%s”"), argc, argv);
}

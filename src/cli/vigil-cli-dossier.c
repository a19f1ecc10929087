/* vigil-cli-dossier.c: vigil-cli dossier — HR-safe candidate research
 *
 *   dossier create --candidate REF [--purpose TEXT] [--locale L] [--contact]
 *   dossier list
 *   dossier add ID [--platform P] [--url URL] [--kind text|file|archive] < text
 *   dossier add ID --post ARCHIVE_ID    a post Vigil archived (text, platform, URL)
 *   dossier show ID                 items, suggestions (offsets, category, reason), releases
 *   dossier decide ID ITEM SPAN accept|reject
 *   dossier accept-all ID
 *   dossier mark ID ITEM START END  a span removed by hand (characters)
 *   dossier release ID              the next numbered release (nothing pending)
 *   dossier export ID --release N --format pdf|text --out FILE
 *   dossier audit ID                the audit, and whether its chain holds
 *   dossier retention               reminders and deletions due now
 *
 * The originals' keys are in the Secret Service, like the app's.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "vigil-cli"

#include "config.h"

#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include <glib/gi18n.h>

#include "vigil-cli-common.h"
#include "vigil-cli-redact.h"
#include "vigil-dossier-service.h"
#include "vigil-json-writer.h"

typedef struct
{
  GMainLoop    *loop;
  GAsyncResult *result;
} Wait;

static void
got_result (GObject      *source,
            GAsyncResult *result,
            gpointer      user_data)
{
  Wait *w = user_data;

  w->result = g_object_ref (result);
  g_main_loop_quit (w->loop);
}

static GAsyncResult *
wait_result (Wait *w)
{
  if (!w->result)
    g_main_loop_run (w->loop);
  return w->result;
}

static int
fail (const GError *error)
{
  vigil_cli_error ("%s", error->message);
  return VIGIL_CLI_EXIT_FAILED;
}

static VigilDossier *
open_dossier (VigilDossierService *service,
              const char          *id,
              gboolean             unlock,
              GError             **error)
{
  VigilDossier *dossier = vigil_dossier_service_lookup (service, id);
  Wait w = { g_main_loop_new (NULL, FALSE), NULL };
  gboolean ok;

  if (!dossier)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND, _("no dossier “%s” (see vigil-cli dossier list)"), id);
      g_main_loop_unref (w.loop);
      return NULL;
    }
  if (!unlock)
    {
      g_main_loop_unref (w.loop);
      return dossier;
    }
  vigil_dossier_service_unlock_async (service, dossier, NULL, got_result, &w);
  ok = vigil_dossier_service_unlock_finish (service, wait_result (&w), error);
  g_object_unref (w.result);
  g_main_loop_unref (w.loop);
  return ok ? dossier : NULL;
}

static void
print_dossier (VigilDossier *d)
{
  g_autoptr(GString) line = g_string_new ("{");

  vigil_json_writer_key (line, "id");
  vigil_json_writer_string (line, vigil_dossier_get_id (d));
  vigil_json_writer_member (line, "candidate", vigil_dossier_get_candidate (d), TRUE);
  vigil_json_writer_member (line, "purpose", vigil_dossier_get_purpose (d), TRUE);
  vigil_json_writer_member (line, "locale", vigil_dossier_get_locale (d), TRUE);
  g_string_append_printf (line, ",\"items\":%u,\"pending\":%u,\"releases\":%u,\"retention_us\":%" G_GINT64_FORMAT
                          ",\"originals_deleted\":%s}",
                          vigil_dossier_get_n_items (d), vigil_dossier_get_n_pending (d),
                          vigil_dossier_get_n_releases (d), vigil_dossier_get_retention_us (d),
                          vigil_dossier_get_originals_deleted (d) ? "true" : "false");
  vigil_cli_print_line (line);
}

static const char *
state_name (VigilSuggestionState s)
{
  return s == VIGIL_SUGGESTION_PENDING ? "pending" : s == VIGIL_SUGGESTION_ACCEPTED ? "removed" : "kept";
}

static void
print_items (VigilDossier *d)
{
  for (guint i = 1; i <= vigil_dossier_get_n_items (d); i++)
    {
      const VigilDossierItem *item = vigil_dossier_get_item (d, i);
      g_autoptr(GString) line = g_string_new (NULL);

      g_string_append_printf (line, "{\"item\":%u", i);
      vigil_json_writer_member (line, "kind", item->kind, TRUE);
      vigil_json_writer_member (line, "platform", item->platform, TRUE);
      g_string_append_printf (line, ",\"chars\":%u,\"spans\":[", item->n_chars);
      for (guint k = 0; k < item->spans->len; k++)
        {
          const VigilDossierSpan *sp = &g_array_index (item->spans, VigilDossierSpan, k);

          g_string_append_printf (line, "%s{\"span\":%u,\"start\":%u,\"end\":%u,\"category\":",
                                  k ? "," : "", sp->id, sp->start, sp->end);
          vigil_json_writer_string (line, vigil_redaction_category_to_id (sp->category));
          vigil_json_writer_member (line, "reason", sp->reason, TRUE);
          vigil_json_writer_member (line, "state", state_name (sp->state), TRUE);
          g_string_append_c (line, '}');
        }
      g_string_append (line, "]}");
      vigil_cli_print_line (line);
    }
}

static void
print_release (const VigilDossierRelease *r)
{
  g_autoptr(GString) line = g_string_new (NULL);

  g_string_append_printf (line, "{\"release\":%u,\"at_us\":%" G_GINT64_FORMAT, r->number, r->at_us);
  vigil_json_writer_member (line, "actor", r->actor, TRUE);
  vigil_json_writer_member (line, "sha256", r->sha256, TRUE);
  vigil_json_writer_member (line, "text", r->text, TRUE);
  g_string_append_c (line, '}');
  vigil_cli_print_line (line);
}

static char *
read_all_stdin (GError **error)
{
  g_autoptr(GByteArray) buf = g_byte_array_new ();
  guint8 chunk[65536];
  ssize_t n;

  while ((n = read (STDIN_FILENO, chunk, sizeof chunk)) > 0)
    {
      if (buf->len + n > VIGIL_DOSSIER_MAX_TEXT_BYTES)
        {
          g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                       _("standard input is larger than %d bytes; split it into several items"),
                       VIGIL_DOSSIER_MAX_TEXT_BYTES);
          return NULL;
        }
      g_byte_array_append (buf, chunk, n);
    }
  g_byte_array_append (buf, (const guint8 *) "", 1);
  if (!g_utf8_validate ((const char *) buf->data, buf->len - 1, NULL) || memchr (buf->data, 0, buf->len - 1))
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                   _("standard input is not UTF-8 text; convert it (e.g. with iconv) and try again"));
      return NULL;
    }
  return (char *) g_byte_array_free (g_steal_pointer (&buf), FALSE);
}

static guint
parse_uint (const char *s,
            const char *what,
            gboolean   *ok)
{
  guint64 v = 0;

  if (!s || !g_ascii_string_to_unsigned (s, 10, 0, G_MAXUINT, &v, NULL))
    {
      vigil_cli_error (_("%s must be a number (got “%s”)"), what, s ? s : "");
      *ok = FALSE;
    }
  return v;
}

int
vigil_cli_dossier (int    argc,
                   char **argv)
{
  g_autofree char *db = NULL;
  g_autofree char *candidate = NULL;
  g_autofree char *purpose = NULL;
  g_autofree char *locale = NULL;
  g_autofree char *platform = NULL;
  g_autofree char *url = NULL;
  g_autofree char *kind = NULL;
  g_autofree char *format = NULL;
  g_autofree char *out = NULL;
  int release_no = 0;
  gint64 post_id = 0;
  gboolean contact = FALSE;
  GOptionEntry entries[] = {
    { "db", 0, 0, G_OPTION_ARG_FILENAME, &db, N_("The store (default: the user's)"), N_("PATH") },
    { "candidate", 0, 0, G_OPTION_ARG_STRING, &candidate, N_("create: the candidate's HR reference (not the name)"), N_("REF") },
    { "purpose", 0, 0, G_OPTION_ARG_STRING, &purpose, N_("create: the role applied for"), N_("TEXT") },
    { "locale", 0, 0, G_OPTION_ARG_STRING, &locale, N_("create: the rules' language, en or de"), N_("L") },
    { "contact", 0, 0, G_OPTION_ARG_NONE, &contact, N_("create: also remove contact details"), NULL },
    { "platform", 0, 0, G_OPTION_ARG_STRING, &platform, N_("add: where the text was found"), N_("P") },
    { "url", 0, 0, G_OPTION_ARG_STRING, &url, N_("add: its address (kept encrypted)"), N_("URL") },
    { "kind", 0, 0, G_OPTION_ARG_STRING, &kind, N_("add: text, file or archive"), N_("KIND") },
    { "post", 0, 0, G_OPTION_ARG_INT64, &post_id, N_("add: an archived post (its archive id) instead of stdin"), N_("ID") },
    { "release", 0, 0, G_OPTION_ARG_INT, &release_no, N_("export: the release number"), N_("N") },
    { "format", 0, 0, G_OPTION_ARG_STRING, &format, N_("export: pdf or text"), N_("F") },
    { "out", 0, 0, G_OPTION_ARG_FILENAME, &out, N_("export: the file to write"), N_("FILE") },
    { NULL }
  };
  g_autoptr(GOptionContext) options = g_option_context_new (_("create|list|add|show|decide|accept-all|mark|release|export|audit|retention [ID …]"));
  g_autoptr(VigilContext) context = NULL;
  g_autoptr(GError) error = NULL;
  VigilDossierService *service;
  VigilDossier *dossier = NULL;
  const char *cmd;
  gboolean ok = TRUE;

  g_option_context_add_main_entries (options, entries, GETTEXT_PACKAGE);
  if (!vigil_cli_parse (options, &argc, &argv))
    return VIGIL_CLI_EXIT_USAGE;
  if (argc < 2)
    {
      vigil_cli_error (_("dossier needs a command: create, list, add, show, decide, accept-all, mark, release, export, audit or retention"));
      return VIGIL_CLI_EXIT_USAGE;
    }
  cmd = argv[1];
  if (!(context = vigil_cli_open_context (db, NULL, NULL)))
    return VIGIL_CLI_EXIT_FAILED;
  service = vigil_dossier_service_get (context);

  if (g_str_equal (cmd, "create"))
    {
      Wait w = { g_main_loop_new (NULL, FALSE), NULL };
      guint cats = VIGIL_REDACTION_MASK_PROTECTED | (contact ? VIGIL_REDACTION_MASK (VIGIL_REDACTION_CONTACT) : 0);

      vigil_dossier_service_create_async (service, candidate, purpose, locale, cats, NULL, got_result, &w);
      dossier = vigil_dossier_service_create_finish (service, wait_result (&w), &error);
      g_object_unref (w.result);
      g_main_loop_unref (w.loop);
      if (!dossier)
        return fail (error);
      print_dossier (dossier);
      g_object_unref (dossier);
    }
  else if (g_str_equal (cmd, "list"))
    {
      for (guint i = 0; i < g_list_model_get_n_items (G_LIST_MODEL (service)); i++)
        {
          g_autoptr(VigilDossier) d = g_list_model_get_item (G_LIST_MODEL (service), i);
          print_dossier (d);
        }
    }
  else if (g_str_equal (cmd, "retention"))
    {
      guint n = vigil_dossier_service_apply_retention (service, &error);
      g_autoptr(GString) line = g_string_new (NULL);

      if (error)
        return fail (error);
      g_string_append_printf (line, "{\"deleted\":%u}", n);
      vigil_cli_print_line (line);
    }
  else
    {
      gboolean needs_key = g_str_equal (cmd, "add") || g_str_equal (cmd, "release");

      if (argc < 3)
        {
          vigil_cli_error (_("dossier %s needs a dossier id"), cmd);
          return VIGIL_CLI_EXIT_USAGE;
        }
      if (!(dossier = open_dossier (service, argv[2], needs_key, &error)))
        return fail (error);

      if (g_str_equal (cmd, "add"))
        {
          if (post_id > 0)
            {
              g_autoptr(GPtrArray) posts = vigil_store_get_posts (vigil_context_get_store (context), &post_id, 1, &error);
              VigilPost *post;

              if (!posts)
                return fail (error);
              if (posts->len == 0)
                {
                  vigil_cli_error (_("the archive has no post %" G_GINT64_FORMAT " (see vigil-cli search)"), post_id);
                  return VIGIL_CLI_EXIT_FAILED;
                }
              post = posts->pdata[0];
              if (!vigil_dossier_service_add_text (service, dossier, "archive", vigil_post_get_platform_name (post),
                                                   vigil_post_get_url (post), vigil_post_get_text (post), &error))
                return fail (error);
            }
          else
            {
              g_autofree char *text = read_all_stdin (&error);

              if (!text || !vigil_dossier_service_add_text (service, dossier, kind ? kind : "text", platform, url, text, &error))
                return fail (error);
            }
          print_items (dossier);
        }
      else if (g_str_equal (cmd, "show"))
        {
          print_dossier (dossier);
          print_items (dossier);
          for (guint i = 1; i <= vigil_dossier_get_n_releases (dossier); i++)
            print_release (vigil_dossier_get_release (dossier, i));
        }
      else if (g_str_equal (cmd, "decide") && argc == 6)
        {
          guint item = parse_uint (argv[3], "ITEM", &ok), span = parse_uint (argv[4], "SPAN", &ok);

          if (!ok || (!g_str_equal (argv[5], "accept") && !g_str_equal (argv[5], "reject")))
            return VIGIL_CLI_EXIT_USAGE;
          if (!vigil_dossier_service_decide (service, dossier, item, span, g_str_equal (argv[5], "accept"), &error))
            return fail (error);
          print_dossier (dossier);
        }
      else if (g_str_equal (cmd, "accept-all"))
        {
          vigil_dossier_service_accept_all (service, dossier, &error);
          if (error)
            return fail (error);
          print_dossier (dossier);
        }
      else if (g_str_equal (cmd, "mark") && argc == 6)
        {
          guint item = parse_uint (argv[3], "ITEM", &ok), start = parse_uint (argv[4], "START", &ok),
                end = parse_uint (argv[5], "END", &ok);

          if (!ok)
            return VIGIL_CLI_EXIT_USAGE;
          if (!vigil_dossier_service_add_manual_span (service, dossier, item, start, end, &error))
            return fail (error);
          print_dossier (dossier);
        }
      else if (g_str_equal (cmd, "release"))
        {
          const VigilDossierRelease *r = vigil_dossier_service_release (service, dossier, &error);
          if (!r)
            return fail (error);
          print_release (r);
        }
      else if (g_str_equal (cmd, "export"))
        {
          if (!out || !format || release_no < 1)
            {
              vigil_cli_error (_("export needs --release N, --format pdf|text and --out FILE"));
              return VIGIL_CLI_EXIT_USAGE;
            }
          if (!vigil_dossier_service_export_release (service, dossier, release_no, format, out, &error))
            return fail (error);
          print_dossier (dossier);
        }
      else if (g_str_equal (cmd, "audit"))
        {
          g_autofree char *text = vigil_dossier_service_format_audit (service, dossier);
          guint broken = 0;

          fputs (text, stdout);
          if (!vigil_dossier_verify_audit (vigil_dossier_get_audit (dossier), &broken, &error))
            return fail (error);
        }
      else
        {
          vigil_cli_error (_("unknown dossier command or wrong arguments: “%s” (run vigil-cli dossier --help)"), cmd);
          return VIGIL_CLI_EXIT_USAGE;
        }
    }
  vigil_store_flush (vigil_context_get_store (context));
  vigil_context_shutdown (context);
  fflush (stdout);
  return VIGIL_CLI_EXIT_OK;
}

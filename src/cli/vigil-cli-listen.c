/* vigil-cli-listen.c: vigil-cli listen — the live sources, headless
 *
 * Output (stdout, JSON lines, flushed as they happen):
 *   {"source":SPEC,"state":"connecting","message":null,"retry_at":null,"at":ISO}
 *   … one line each time a source's state, message or retry time changes …
 *   {"summary":true,"at":ISO,"seconds":S,"posts":N,"events":N,"sources":[
 *     {"source":SPEC,"state":…,"message":…,"archived":N,"last_event_at":ISO|null}]}
 * "posts" and "events" count what the store archived during the run (new
 * posts; edit and delete events); "archived" is a source's share of both.
 *
 * Tokens: none. Sources that need an account (Mastodon lists and home)
 * report so; the GUI fetches tokens from the Secret Service.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "vigil-cli"

#include "config.h"

#include <stdio.h>

#include <glib-unix.h>
#include <glib/gi18n.h>

#include "vigil-cli-common.h"
#include "vigil-account-register.h"
#include "vigil-cli-listen.h"
#include "vigil-json-writer.h"
#include "vigil-source-spec.h"

/* --for is capped at a year: more is a typo. */
#define MAX_FOR_SECONDS (366 * 24 * 3600)

typedef struct _Listen Listen;

typedef struct
{
  Listen           *listen;
  char             *spec;
  VigilSource      *source;
  VigilSourceState  printed_state;
  char             *printed_message;
  gint64            printed_retry_at;
  gboolean          printed;
} Entry;

struct _Listen
{
  GMainLoop *loop;
  GPtrArray *entries;   /* Entry* */
  guint64    posts;
  guint64    events;
  gboolean   all_failed;
};

static void
entry_free (Entry *entry)
{
  if (entry->source != NULL)
    {
      g_signal_handlers_disconnect_by_data (entry->source, entry);
      vigil_source_stop (entry->source);
    }
  g_clear_object (&entry->source);
  g_free (entry->spec);
  g_free (entry->printed_message);
  g_free (entry);
}

static void
append_time (GString *line,
             gint64   us)
{
  g_autoptr(GDateTime) seconds = NULL;
  g_autoptr(GDateTime) when = NULL;
  g_autofree char *text = NULL;

  if (us <= 0)
    {
      g_string_append (line, "null");
      return;
    }
  seconds = g_date_time_new_from_unix_utc (us / G_USEC_PER_SEC);
  when = g_date_time_add (seconds, us % G_USEC_PER_SEC);
  text = vigil_format_iso8601 (when);
  vigil_json_writer_string (line, text);
}

static void
print_line (GString *line)
{
  vigil_cli_print_line (line);
  fflush (stdout);
}

static void
check_all_failed (Listen *listen)
{
  for (guint i = 0; i < listen->entries->len; i++)
    {
      Entry *entry = g_ptr_array_index (listen->entries, i);

      if (vigil_source_get_state (entry->source) != VIGIL_SOURCE_STATE_FAILED)
        return;
    }
  listen->all_failed = TRUE;
  g_main_loop_quit (listen->loop);
}

static void
on_source_notify_cb (VigilSource *source,
                     GParamSpec  *pspec,
                     Entry       *entry)
{
  VigilSourceState state = vigil_source_get_state (source);
  const char *message = vigil_source_get_message (source);
  gint64 retry_at = vigil_source_get_retry_at (source);
  g_autoptr(GString) line = NULL;

  /* The base class changes state, message and retry-at together; print
   * each change once. */
  if (entry->printed && entry->printed_state == state &&
      g_strcmp0 (entry->printed_message, message) == 0 && entry->printed_retry_at == retry_at)
    return;

  entry->printed = TRUE;
  entry->printed_state = state;
  g_free (entry->printed_message);
  entry->printed_message = g_strdup (message);
  entry->printed_retry_at = retry_at;

  line = g_string_new ("{");
  vigil_json_writer_member (line, "source", entry->spec, FALSE);
  vigil_json_writer_member (line, "state", vigil_source_state_to_string (state), TRUE);
  vigil_json_writer_member (line, "message", message, TRUE);
  g_string_append (line, ",\"retry_at\":");
  append_time (line, retry_at);
  g_string_append (line, ",\"at\":");
  append_time (line, g_get_real_time ());
  g_string_append_c (line, '}');
  print_line (line);

  if (state == VIGIL_SOURCE_STATE_FAILED)
    check_all_failed (entry->listen);
}

static void
on_store_changed_cb (VigilStore *store,
                     gint64      last_id,
                     guint       n_added,
                     guint       n_events,
                     Listen     *listen)
{
  listen->posts += n_added;
  listen->events += n_events;
}

static gboolean
on_quit_cb (gpointer user_data)
{
  Listen *listen = user_data;

  g_main_loop_quit (listen->loop);
  return G_SOURCE_CONTINUE;
}

static void
print_summary (Listen           *listen,
               VigilSourceState *final_states,
               GPtrArray        *final_messages,
               gint64            started)
{
  g_autoptr(GString) line = g_string_new ("{\"summary\":true,\"at\":");

  append_time (line, g_get_real_time ());
  g_string_append_printf (line, ",\"seconds\":%.1f,\"posts\":%" G_GUINT64_FORMAT
                          ",\"events\":%" G_GUINT64_FORMAT ",\"sources\":[",
                          (g_get_monotonic_time () - started) / (double) G_USEC_PER_SEC,
                          listen->posts, listen->events);
  for (guint i = 0; i < listen->entries->len; i++)
    {
      Entry *entry = g_ptr_array_index (listen->entries, i);

      g_string_append (line, i > 0 ? ",{" : "{");
      vigil_json_writer_member (line, "source", entry->spec, FALSE);
      vigil_json_writer_member (line, "state", vigil_source_state_to_string (final_states[i]), TRUE);
      vigil_json_writer_member (line, "message", g_ptr_array_index (final_messages, i), TRUE);
      g_string_append_printf (line, ",\"archived\":%" G_GUINT64_FORMAT ",\"last_event_at\":",
                              vigil_source_get_posts_archived (entry->source));
      append_time (line, vigil_source_get_last_event_at (entry->source));
      g_string_append_c (line, '}');
    }
  g_string_append (line, "]}");
  print_line (line);
}

int
vigil_cli_listen (int    argc,
                  char **argv)
{
  g_autofree char *db_path = NULL;
  g_auto(GStrv) specs = NULL;
  g_auto(GStrv) officials = NULL;
  g_autofree char *watch_file = NULL;
  int for_seconds = 0;
  GOptionEntry entries[] = {
    { "db", 0, 0, G_OPTION_ARG_FILENAME, &db_path, N_("The store (default: the user's)"), N_("PATH") },
    { "source", 0, 0, G_OPTION_ARG_STRING_ARRAY, &specs,
      N_("A source to listen to (repeat for more): mastodon:https://HOST/public, "
         "mastodon:https://HOST/tag/NAME, jetstream:wss://HOST/subscribe, rss:https://HOST/feed.xml"),
      N_("SPEC") },
    { "for", 0, 0, G_OPTION_ARG_INT, &for_seconds,
      N_("Stop after SECONDS (default: run until interrupted)"), N_("SECONDS") },
    { "watch-file", 0, 0, G_OPTION_ARG_FILENAME, &watch_file,
      N_("Watches to classify against (default: the user's watches.json)"), N_("FILE") },
    { "official", 0, 0, G_OPTION_ARG_STRING_ARRAY, &officials,
      N_("An official account, to flag impersonators (repeatable)"), N_("HANDLE[=NAME]") },
    { NULL }
  };
  g_autoptr(GOptionContext) context = g_option_context_new (_("— archive live sources, headless"));
  g_autoptr(GPtrArray) parsed = g_ptr_array_new_with_free_func ((GDestroyNotify) vigil_source_spec_free);
  g_autoptr(VigilContext) app = NULL;
  VigilContextOptions options = { 0 };
  VigilStore *store;
  SoupSession *session;
  g_autofree VigilSourceState *final_states = NULL;
  g_autoptr(GPtrArray) final_messages = g_ptr_array_new_with_free_func (g_free);
  g_autofree char *user_agent = NULL;
  Listen listen = { 0 };
  guint sigint_id, sigterm_id, timer_id = 0;
  gulong changed_id;
  gint64 started;

  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  g_option_context_set_description (context,
    _("Prints one JSON line per source state change and a summary at the end. Plain http:// "
      "and ws:// are accepted only for this computer (loopback)."));
  if (!vigil_cli_parse (context, &argc, &argv))
    return VIGIL_CLI_EXIT_USAGE;
  if (argc > 1)
    {
      vigil_cli_error (_("listen takes no arguments (got “%s”); give sources with --source"), argv[1]);
      return VIGIL_CLI_EXIT_USAGE;
    }
  if (specs == NULL || specs[0] == NULL)
    {
      vigil_cli_error (_("listen needs at least one --source SPEC (e.g. --source mastodon:https://mastodon.social/tag/news)"));
      return VIGIL_CLI_EXIT_USAGE;
    }
  if (for_seconds < 0 || for_seconds > MAX_FOR_SECONDS)
    {
      vigil_cli_error (_("--for must be between 0 (until interrupted) and %d seconds"), MAX_FOR_SECONDS);
      return VIGIL_CLI_EXIT_USAGE;
    }

  /* Every SPEC is checked before anything starts. */
  for (guint i = 0; specs[i] != NULL; i++)
    {
      g_autoptr(GError) error = NULL;
      VigilSourceSpec *spec = vigil_source_spec_parse (specs[i], &error);

      if (spec == NULL)
        {
          vigil_cli_error (_("--source: %s"), error->message);
          return VIGIL_CLI_EXIT_USAGE;
        }
      for (guint j = 0; j < i; j++)
        if (g_str_equal (specs[j], specs[i]))
          {
            vigil_cli_error (_("--source: “%s” is given twice"), specs[i]);
            vigil_source_spec_free (spec);
            return VIGIL_CLI_EXIT_USAGE;
          }
      g_ptr_array_add (parsed, spec);
    }

  /* the app's context: posts are classified and raise alerts as in the app */
  options.official_accounts = (const char * const *) officials;
  options.watches_path = watch_file;
  if (!(app = vigil_cli_open_context (db_path, NULL, &options)))
    return VIGIL_CLI_EXIT_FAILED;
  store = vigil_context_get_store (app);
  session = vigil_context_get_session (app);
  user_agent = g_strdup_printf ("Vigil/%s (vigil-cli listen)", PACKAGE_VERSION);
  soup_session_set_user_agent (session, user_agent);

  listen.loop = g_main_loop_new (NULL, FALSE);
  listen.entries = g_ptr_array_new_with_free_func ((GDestroyNotify) entry_free);
  changed_id = g_signal_connect (store, "changed", G_CALLBACK (on_store_changed_cb), &listen);

  for (guint i = 0; i < parsed->len; i++)
    {
      const VigilSourceSpec *spec = g_ptr_array_index (parsed, i);
      g_autoptr(GError) error = NULL;
      Entry *entry;
      VigilSource *source;

      source = vigil_source_spec_create (spec, store, session, NULL, &error);
      if (source == NULL)
        {
          vigil_cli_error (_("--source: %s"), error->message);
          g_signal_handler_disconnect (store, changed_id);
          g_ptr_array_unref (listen.entries);
          g_main_loop_unref (listen.loop);
          return VIGIL_CLI_EXIT_USAGE;
        }

      entry = g_new0 (Entry, 1);
      entry->listen = &listen;
      entry->spec = g_strdup (spec->spec);
      entry->source = source;
      g_signal_connect (source, "notify::state", G_CALLBACK (on_source_notify_cb), entry);
      g_signal_connect (source, "notify::message", G_CALLBACK (on_source_notify_cb), entry);
      g_signal_connect (source, "notify::retry-at", G_CALLBACK (on_source_notify_cb), entry);
      g_ptr_array_add (listen.entries, entry);
    }

  sigint_id = g_unix_signal_add (SIGINT, on_quit_cb, &listen);
  sigterm_id = g_unix_signal_add (SIGTERM, on_quit_cb, &listen);
  if (for_seconds > 0)
    timer_id = g_timeout_add ((guint) for_seconds * 1000, on_quit_cb, &listen);

  /* as in the app: the register logs which account's credentials a source
   * connects with, and keeps a hacked account's sources paused */
  vigil_context_ensure_service (app, VIGIL_TYPE_ACCOUNT_REGISTER);
  started = g_get_monotonic_time ();
  for (guint i = 0; i < listen.entries->len; i++)
    vigil_source_start (((Entry *) g_ptr_array_index (listen.entries, i))->source);

  /* All of them may have failed at once (e.g. a list without an account). */
  check_all_failed (&listen);
  if (!listen.all_failed)
    g_main_loop_run (listen.loop);

  g_source_remove (sigint_id);
  g_source_remove (sigterm_id);
  g_clear_handle_id (&timer_id, g_source_remove);

  /* Remember how each source stood, then stop them and let the archive
   * catch up before the summary counts it. */
  final_states = g_new0 (VigilSourceState, listen.entries->len);
  for (guint i = 0; i < listen.entries->len; i++)
    {
      Entry *entry = g_ptr_array_index (listen.entries, i);

      final_states[i] = vigil_source_get_state (entry->source);
      g_ptr_array_add (final_messages, g_strdup (vigil_source_get_message (entry->source)));
      g_signal_handlers_disconnect_by_data (entry->source, entry);
      vigil_source_stop (entry->source);
    }
  vigil_store_flush (store);
  while (g_main_context_iteration (NULL, FALSE))
    ;
  /* close the alert windows up to now, as the app's timer would, so that a
   * spike in what this run archived is raised (and archived) before exit */
  vigil_alert_monitor_tick (vigil_context_get_alert_monitor (app), vigil_context_now_us (app));
  vigil_store_flush (store);
  while (g_main_context_iteration (NULL, FALSE))
    ;
  vigil_store_flush (store);

  print_summary (&listen, final_states, final_messages, started);

  g_signal_handler_disconnect (store, changed_id);
  g_ptr_array_unref (listen.entries);
  g_main_loop_unref (listen.loop);

  if (listen.all_failed)
    {
      vigil_cli_error (_("every source failed; see the “message” of each in the output above"));
      return VIGIL_CLI_EXIT_FAILED;
    }
  return VIGIL_CLI_EXIT_OK;
}

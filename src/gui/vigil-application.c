/* vigil-application.c: the GUI application: opens the store, or plays the demo
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "vigil-application"

#include "config.h"

#include <errno.h>
#include <glib/gi18n.h>
#include <glib/gstdio.h>

#include "vigil-account-register.h"
#include "vigil-application.h"
#include "vigil-preferences-window.h"
#include "vigil-settings.h"
#include "vigil-source-manager.h"
#include "vigil-source-row.h"
#include "vigil-team-credentials.h"
#include "vigil-ui-resources.h"
#include "vigil-window.h"

struct _VigilApplication
{
  AdwApplication       parent_instance;

  char                *db_path;
  double               demo_speed;
  gboolean             force_demo;
  gboolean             team_from_settings;  /* the store is the team database of Preferences */

  VigilContext        *context;       /* the user's archive, sources, watches… */
  VigilContext        *demo_context;  /* a throw-away archive the demo plays into */
  VigilScenarioPlayer *player;
  GSettings           *settings;      /* official accounts and OTS divisor → context */
  gboolean             sources_started;
};

G_DEFINE_FINAL_TYPE (VigilApplication, vigil_application, ADW_TYPE_APPLICATION)

static const GOptionEntry option_entries[] = {
  { "db", 0, 0, G_OPTION_ARG_FILENAME, NULL,
    N_("Open the archive at PATH instead of the default one"), N_("PATH") },
  { "demo", 0, 0, G_OPTION_ARG_NONE, NULL,
    N_("Replay the fictional demo scenario, even if the archive holds posts"), NULL },
  { "version", 0, 0, G_OPTION_ARG_NONE, NULL,
    N_("Print the version and exit"), NULL },
  { NULL }
};

VigilApplication *
vigil_application_new (void)
{
  return g_object_new (VIGIL_TYPE_APPLICATION,
                       "application-id", APP_ID,
                       "flags", G_APPLICATION_DEFAULT_FLAGS,
                       "resource-base-path", "/io/github/vigilapp/Vigil",
                       NULL);
}

void
vigil_application_set_db_path (VigilApplication *self,
                               const char       *path)
{
  g_return_if_fail (VIGIL_IS_APPLICATION (self));

  g_free (self->db_path);
  self->db_path = g_strdup (path);
}

const char *
vigil_application_get_db_path (VigilApplication *self)
{
  g_return_val_if_fail (VIGIL_IS_APPLICATION (self), NULL);
  return self->db_path;
}

void
vigil_application_set_force_demo (VigilApplication *self,
                                  gboolean          force_demo)
{
  g_return_if_fail (VIGIL_IS_APPLICATION (self));
  self->force_demo = !!force_demo;
}

void
vigil_application_set_demo_speed (VigilApplication *self,
                                  double            speed)
{
  g_return_if_fail (VIGIL_IS_APPLICATION (self));
  g_return_if_fail (speed > 0);

  self->demo_speed = speed;
  if (self->player != NULL)
    vigil_scenario_player_set_speed (self->player, speed);
}

VigilContext *
vigil_application_get_context (VigilApplication *self)
{
  g_return_val_if_fail (VIGIL_IS_APPLICATION (self), NULL);
  return self->context;
}

VigilStore *
vigil_application_get_store (VigilApplication *self)
{
  g_return_val_if_fail (VIGIL_IS_APPLICATION (self), NULL);
  return self->context ? vigil_context_get_store (self->context) : NULL;
}

VigilWatchList *
vigil_application_get_watch_list (VigilApplication *self)
{
  g_return_val_if_fail (VIGIL_IS_APPLICATION (self), NULL);
  return self->context ? vigil_context_get_watches (self->context) : NULL;
}

VigilScenarioPlayer *
vigil_application_get_player (VigilApplication *self)
{
  g_return_val_if_fail (VIGIL_IS_APPLICATION (self), NULL);
  return self->player;
}

static void
set_action_enabled (VigilApplication *self,
                    const char       *name,
                    gboolean          enabled)
{
  GAction *action = g_action_map_lookup_action (G_ACTION_MAP (self), name);

  if (action != NULL)
    g_simple_action_set_enabled (G_SIMPLE_ACTION (action), enabled);
}

static void
on_player_finished_cb (VigilScenarioPlayer *player,
                       VigilApplication    *self)
{
  const GError *error = vigil_scenario_player_get_error (player);

  if (error != NULL)
    g_debug ("The demo stopped early: %s", error->message);
  else
    g_debug ("The demo scenario has been replayed in full");

  for (GList *l = gtk_application_get_windows (GTK_APPLICATION (self)); l != NULL; l = l->next)
    if (VIGIL_IS_WINDOW (l->data) && vigil_window_get_demo (l->data))
      vigil_window_demo_ended (l->data);
}

/* Deletes the demo store of an earlier run, with its WAL files. */
static void
remove_demo_files (const char *path)
{
  static const char * const suffixes[] = { "", "-wal", "-shm", "-journal" };

  for (guint i = 0; i < G_N_ELEMENTS (suffixes); i++)
    {
      g_autofree char *file = g_strconcat (path, suffixes[i], NULL);

      if (g_unlink (file) != 0 && errno != ENOENT)
        g_debug ("Could not remove %s: %s", file, g_strerror (errno));
    }
}

static void
on_settings_changed_cb (GSettings        *settings,
                        const char       *key,
                        VigilApplication *self)
{
  g_auto(GStrv) officials = g_settings_get_strv (settings, "official-accounts");
  g_autoptr(GError) error = NULL;

  if (!vigil_context_set_official_accounts (self->context, (const char * const *) officials, &error)
      || !vigil_context_set_ots_divisor (self->context, g_settings_get_double (settings, "ots-divisor"),
                                         &error))
    g_message ("Could not apply the classification settings: %s", error->message);
}

/* The user's classification settings reach the context, now and on change. */
static void
follow_settings (VigilApplication *self)
{
  self->settings = vigil_settings_new ("official accounts and the OTS divisor are not applied");
  if (self->settings == NULL)
    return;
  g_signal_connect (self->settings, "changed::official-accounts", G_CALLBACK (on_settings_changed_cb), self);
  g_signal_connect (self->settings, "changed::ots-divisor", G_CALLBACK (on_settings_changed_cb), self);
  on_settings_changed_cb (self->settings, NULL, self);
}

static gboolean
start_demo (VigilApplication  *self,
            GError           **error)
{
  g_autofree char *dir = g_build_filename (g_get_user_cache_dir (), "vigil", NULL);
  g_autofree char *path = g_build_filename (dir, "demo.db", NULL);
  g_autoptr(VigilContext) context = NULL;
  g_autoptr(VigilScenarioPlayer) player = NULL;
  VigilContextOptions options = { .demo = TRUE, .no_sources = TRUE };

  if (g_mkdir_with_parents (dir, 0700) != 0)
    {
      int saved_errno = errno;

      g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved_errno),
                   _("Could not create the folder %s: %s"), dir, g_strerror (saved_errno));
      return FALSE;
    }

  remove_demo_files (path);
  options.db = path;
  context = vigil_context_new (&options, error);
  if (context == NULL)
    return FALSE;

  player = vigil_scenario_player_new (vigil_context_get_store (context));
  if (!vigil_scenario_player_load_resource (player, VIGIL_SCENARIO_DEFAULT_RESOURCE, error))
    return FALSE;

  vigil_scenario_player_set_speed (player, self->demo_speed);
  g_signal_connect_object (player, "finished", G_CALLBACK (on_player_finished_cb), self, 0);

  self->demo_context = g_steal_pointer (&context);
  self->player = g_steal_pointer (&player);
  vigil_scenario_player_start (self->player);
  set_action_enabled (self, "stop-demo", TRUE);

  g_debug ("Playing the demo scenario into %s", path);
  return TRUE;
}

void
vigil_application_stop_demo (VigilApplication *self)
{
  g_return_if_fail (VIGIL_IS_APPLICATION (self));

  GList *windows;

  if (self->player == NULL)
    return;

  vigil_scenario_player_stop (self->player);

  /* a window shows one context for its whole life: the demo's windows make
   * way for windows on the user's own archive */
  windows = g_list_copy (gtk_application_get_windows (GTK_APPLICATION (self)));
  for (GList *l = windows; l != NULL; l = l->next)
    {
      VigilWindow *window;

      if (!VIGIL_IS_WINDOW (l->data) || vigil_window_get_context (l->data) != self->demo_context)
        continue;
      window = vigil_window_new (GTK_APPLICATION (self), self->context);
      vigil_window_add_toast (window, _("Demo stopped. This is your own archive."));
      gtk_window_present (GTK_WINDOW (window));
      gtk_window_destroy (l->data);
    }
  g_list_free (windows);

  g_clear_object (&self->player);
  if (self->demo_context != NULL)
    vigil_context_shutdown (self->demo_context);
  g_clear_object (&self->demo_context);
  set_action_enabled (self, "stop-demo", FALSE);
}

static void
on_error_dialog_response_cb (AdwMessageDialog *dialog,
                             const char       *response,
                             VigilApplication *self)
{
  g_application_quit (G_APPLICATION (self));
}

static void
show_open_error (VigilApplication *self,
                 const GError     *error)
{
  AdwMessageDialog *dialog;

  dialog = ADW_MESSAGE_DIALOG (adw_message_dialog_new (NULL, _("Can’t Open the Archive"), NULL));
  adw_message_dialog_format_body (dialog, "%s\n\n%s", error->message,
                                  _("To open another archive, start Vigil with --db PATH."));
  adw_message_dialog_add_response (dialog, "quit", _("_Quit"));
  g_signal_connect_object (dialog, "response", G_CALLBACK (on_error_dialog_response_cb), self, 0);
  gtk_window_set_application (GTK_WINDOW (dialog), GTK_APPLICATION (self));
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
on_source_problem_cb (VigilSourceManager *manager,
                      VigilSource        *source,
                      const char         *message,
                      VigilApplication   *self)
{
  const char *label = vigil_source_manager_get_label (manager, source);
  g_autofree char *name = g_strcmp0 (label, vigil_source_manager_get_spec (manager, source)) == 0
                          ? vigil_source_describe_spec (label) : g_strdup (label);
  g_autofree char *text = g_strdup_printf ("%s: %s", name, message);
  g_autofree char *title = g_markup_escape_text (text, -1);

  for (GList *l = gtk_application_get_windows (GTK_APPLICATION (self)); l != NULL; l = l->next)
    {
      AdwToast *toast;

      if (!VIGIL_IS_WINDOW (l->data))
        continue;
      toast = adw_toast_new (title);
      adw_toast_set_button_label (toast, _("_Preferences"));
      adw_toast_set_action_name (toast, "app.preferences");
      adw_toast_set_timeout (toast, 10);
      vigil_window_show_toast (l->data, toast);
    }
}

static void
on_sources_changed_cb (VigilApplication *self)
{
  /* the user added a first source while the demo plays: show the real archive */
  if (self->player != NULL && !self->force_demo
      && vigil_source_manager_get_n_configured (vigil_context_get_source_manager (self->context)) > 0)
    vigil_application_stop_demo (self);
}

/* Starts the user's sources (sources.json, loaded by the context). */
static void
start_sources (VigilApplication *self)
{
  VigilSourceManager *sources = vigil_context_get_source_manager (self->context);

  g_signal_connect_object (sources, "source-problem", G_CALLBACK (on_source_problem_cb), self, 0);
  g_signal_connect_object (sources, "items-changed", G_CALLBACK (on_sources_changed_cb), self,
                           G_CONNECT_SWAPPED);
  /* the register logs which account's credentials a source connects with */
  vigil_context_ensure_service (self->context, VIGIL_TYPE_ACCOUNT_REGISTER);
  vigil_context_start_sources (self->context);
  self->sources_started = TRUE;
}

VigilSourceManager *
vigil_application_get_source_manager (VigilApplication *self)
{
  g_return_val_if_fail (VIGIL_IS_APPLICATION (self), NULL);
  return self->context ? vigil_context_get_source_manager (self->context) : NULL;
}

/* The team database chosen in Preferences (GSettings "team-database"), or
 * NULL (error unset) for the archive on this computer. An address holding
 * a password is refused: the password belongs in the keyring. */
static char *
team_database_setting (VigilApplication  *self,
                       GError           **error)
{
  g_autoptr(GSettings) settings = vigil_settings_new ("the team database setting");
  g_autofree char *uri = settings ? g_settings_get_string (settings, "team-database") : NULL;

  if (uri == NULL || *g_strstrip (uri) == '\0')
    return NULL;
  if (vigil_team_uri_has_password (uri))
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                   _("The team database’s address in the settings holds a password. Vigil keeps "
                     "passwords in the keyring only: remove it from the address in Preferences "
                     "(or with “gsettings reset io.github.vigilapp.Vigil team-database”)."));
      return NULL;
    }
  self->team_from_settings = TRUE;
  return g_steal_pointer (&uri);
}

static gboolean
open_store (VigilApplication  *self,
            GError           **error)
{
  g_autofree char *path = NULL;
  g_autofree char *dir = NULL;
  VigilContextOptions options = { 0 };

  path = self->db_path != NULL ? g_strdup (self->db_path) : team_database_setting (self, error);
  if (path == NULL && error && *error)
    return FALSE;
  if (path == NULL)
    path = vigil_store_default_path ();
  if (vigil_team_uri_is_team (path))
    dir = NULL;   /* a team database: no folder to make */
  else
    dir = g_path_get_dirname (path);
  if (dir && g_mkdir_with_parents (dir, 0700) != 0)
    {
      int saved_errno = errno;

      g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved_errno),
                   _("Could not create the folder %s: %s"), dir, g_strerror (saved_errno));
      return FALSE;
    }

  options.db = path;
  self->context = vigil_context_new (&options, error);
  if (self->context == NULL)
    return FALSE;
  follow_settings (self);
  /* show what vigil-cli (or another Vigil) archives into the same file */
  vigil_store_watch_external (vigil_context_get_store (self->context), 1000);
  return TRUE;
}

static void
vigil_application_activate (GApplication *app)
{
  VigilApplication *self = VIGIL_APPLICATION (app);
  g_autoptr(GError) error = NULL;
  g_autoptr(GError) demo_error = NULL;
  GtkWindow *window;
  gboolean demo = FALSE;
  gint64 n_posts;

  window = gtk_application_get_active_window (GTK_APPLICATION (app));
  if (window != NULL)
    {
      gtk_window_present (window);
      return;
    }

  if (self->context == NULL && !open_store (self, &error))
    {
      show_open_error (self, error);
      return;
    }

  if (!self->sources_started)
    start_sources (self);

  if (self->player == NULL)
    {
      /* An empty default archive means nothing was ingested yet: show the
       * demo rather than an empty window. An archive chosen with --db is
       * shown as it is. */
      /* whether the archive is empty (the last id: no count of it) */
      n_posts = self->db_path == NULL && !self->force_demo
                ? vigil_store_get_last_id (vigil_context_get_store (self->context)) : -1;
      if (self->force_demo
          || (self->db_path == NULL && !self->team_from_settings && n_posts == 0
              && vigil_source_manager_get_n_configured (vigil_context_get_source_manager (self->context)) == 0))
        demo = start_demo (self, &demo_error);
    }
  else
    demo = TRUE;

  window = GTK_WINDOW (vigil_window_new (GTK_APPLICATION (self),
                                         demo ? self->demo_context : self->context));
  if (demo_error != NULL)
    {
      g_autofree char *message = g_strdup_printf (_("The demo could not start: %s"),
                                                  demo_error->message);
      vigil_window_add_toast (VIGIL_WINDOW (window), message);
    }
  gtk_window_present (window);
}

static int
vigil_application_handle_local_options (GApplication *app,
                                        GVariantDict *options)
{
  VigilApplication *self = VIGIL_APPLICATION (app);
  const char *path = NULL;

  if (g_variant_dict_contains (options, "version"))
    {
      g_print ("vigil %s\n", PACKAGE_VERSION);
      return 0;
    }

  if (g_variant_dict_lookup (options, "db", "^&ay", &path))
    {
      g_autoptr(GFile) file = g_file_new_for_commandline_arg (path);
      g_autofree char *absolute = g_file_get_path (file);

      vigil_application_set_db_path (self, absolute != NULL ? absolute : path);
    }
  if (g_variant_dict_contains (options, "demo"))
    vigil_application_set_force_demo (self, TRUE);

  /* An explicit archive or demo gets a window of its own, rather than
   * being handed to an instance that already shows another archive. */
  if (self->db_path != NULL || self->force_demo)
    g_application_set_flags (app, g_application_get_flags (app) | G_APPLICATION_NON_UNIQUE);

  return -1;
}

static void
quit_action (GSimpleAction *action,
             GVariant      *parameter,
             gpointer       user_data)
{
  g_application_quit (G_APPLICATION (user_data));
}

static void
stop_demo_action (GSimpleAction *action,
                  GVariant      *parameter,
                  gpointer       user_data)
{
  vigil_application_stop_demo (VIGIL_APPLICATION (user_data));
}

static void
about_action (GSimpleAction *action,
              GVariant      *parameter,
              gpointer       user_data)
{
  static const char *developers[] = { "The Vigil developers", NULL };
  GtkApplication *app = GTK_APPLICATION (user_data);
  GtkWidget *about;

  about = g_object_new (ADW_TYPE_ABOUT_WINDOW,
                        "transient-for", gtk_application_get_active_window (app),
                        "application-name", _("Vigil"),
                        "application-icon", "io.github.vigilapp.Vigil",
                        "developer-name", _("The Vigil developers"),
                        "developers", developers,
                        "version", PACKAGE_VERSION,
                        "comments", _("Keep watch over your organisation’s social media: a live "
                                      "feed, and a searchable, tamper-evident archive."),
                        "copyright", "© 2026 The Vigil developers",
                        "license-type", GTK_LICENSE_GPL_3_0,
                        "translator-credits", _("translator-credits"),
                        NULL);
  gtk_window_present (GTK_WINDOW (about));
}

static void
preferences_action (GSimpleAction *action,
                    GVariant      *parameter,
                    gpointer       user_data)
{
  VigilApplication *self = VIGIL_APPLICATION (user_data);
  GtkWindow *parent = gtk_application_get_active_window (GTK_APPLICATION (self));
  g_autofree char *watches_path = vigil_watch_list_get_default_path ();
  VigilPreferencesWindow *preferences;

  if (self->context == NULL)
    return;
  for (GList *l = gtk_application_get_windows (GTK_APPLICATION (self)); l != NULL; l = l->next)
    if (VIGIL_IS_PREFERENCES_WINDOW (l->data))
      {
        gtk_window_present (l->data);
        return;
      }
  preferences = vigil_preferences_window_new (parent, vigil_context_get_source_manager (self->context),
                                              vigil_application_get_watch_list (self), watches_path);
  gtk_window_set_application (GTK_WINDOW (preferences), GTK_APPLICATION (self));
  gtk_window_present (GTK_WINDOW (preferences));
}

static const GActionEntry app_actions[] = {
  { "quit", quit_action },
  { "about", about_action },
  { "stop-demo", stop_demo_action },
  { "preferences", preferences_action },
};

static void
vigil_application_startup (GApplication *app)
{
  VigilApplication *self = VIGIL_APPLICATION (app);
  static const struct {
    const char *action;
    const char *accels[3];
  } accels[] = {
    { "app.quit", { "<Control>q", NULL } },
    { "app.preferences", { "<Control>comma", NULL } },
    { "win.search", { "<Control>f", NULL } },
    { "win.show-help-overlay", { "<Control>question", NULL } },
    { "win.show-page::feed", { "<Alt>1", NULL } },
    { "win.show-page::archive", { "<Alt>2", NULL } },
    { "win.show-page::watches", { "<Alt>3", NULL } },
    { "win.show-page::accounts", { "<Alt>5", NULL } },
    { "win.show-page::research", { "<Alt>6", NULL } },
    { "win.show-page::templates", { "<Alt>7", NULL } },
    { "win.show-page::drills", { "<Alt>8", NULL } },
  };

  G_APPLICATION_CLASS (vigil_application_parent_class)->startup (app);

  g_action_map_add_action_entries (G_ACTION_MAP (self), app_actions,
                                   G_N_ELEMENTS (app_actions), self);
  set_action_enabled (self, "stop-demo", self->player != NULL);

  for (guint i = 0; i < G_N_ELEMENTS (accels); i++)
    gtk_application_set_accels_for_action (GTK_APPLICATION (self), accels[i].action,
                                           accels[i].accels);

  gtk_window_set_default_icon_name ("io.github.vigilapp.Vigil");
}

static void
vigil_application_shutdown (GApplication *app)
{
  VigilApplication *self = VIGIL_APPLICATION (app);

  if (self->player != NULL)
    vigil_scenario_player_stop (self->player);
  if (self->demo_context != NULL)
    vigil_context_shutdown (self->demo_context);
  if (self->context != NULL)
    vigil_context_shutdown (self->context);

  G_APPLICATION_CLASS (vigil_application_parent_class)->shutdown (app);
}

static void
vigil_application_dispose (GObject *object)
{
  VigilApplication *self = (VigilApplication *) object;

  g_clear_object (&self->player);
  if (self->settings != NULL)
    g_signal_handlers_disconnect_by_data (self->settings, self);
  g_clear_object (&self->settings);
  g_clear_object (&self->demo_context);
  g_clear_object (&self->context);

  G_OBJECT_CLASS (vigil_application_parent_class)->dispose (object);
}

static void
vigil_application_finalize (GObject *object)
{
  VigilApplication *self = (VigilApplication *) object;

  g_free (self->db_path);

  G_OBJECT_CLASS (vigil_application_parent_class)->finalize (object);
}

static void
vigil_application_class_init (VigilApplicationClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GApplicationClass *app_class = G_APPLICATION_CLASS (klass);

  object_class->dispose = vigil_application_dispose;
  object_class->finalize = vigil_application_finalize;

  app_class->activate = vigil_application_activate;
  app_class->startup = vigil_application_startup;
  app_class->shutdown = vigil_application_shutdown;
  app_class->handle_local_options = vigil_application_handle_local_options;

  /* The templates and style sheet live in a static library: referencing
   * their resource keeps the linker from dropping it (it registers itself). */
  (void) vigil_ui_get_resource ();
}

static void
vigil_application_init (VigilApplication *self)
{
  self->demo_speed = 1.0;
  g_application_add_main_option_entries (G_APPLICATION (self), option_entries);
  g_application_set_option_context_summary (G_APPLICATION (self),
                                            _("Keep watch over your organisation’s social media."));
}

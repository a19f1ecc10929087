/* test-team-preferences.c: Preferences' "Team Database" group, under a display
 *
 * An address with a password in it is refused and not saved; a good one
 * goes into GSettings and its password into the keyring (an in-memory one
 * here), never into the settings; "Test Connection" says what it found,
 * against the real server build-aux/test starts (VIGIL_TEST_PG_TCP_URI,
 * which wants a password), and says why when the password is wrong.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "test-team-preferences"

#include "config.h"

#include "gui-test-util.h"

#include "vigil-memory-credential-store.h"
#include "vigil-team-credentials.h"
#include "vigil-team-database-group.h"
#include "vigil-test-pg.h"

static VigilApplication *app;

typedef struct
{
  GtkWindow              *window;
  VigilTeamDatabaseGroup *group;
  VigilCredentialStore   *credentials;
  GSettings              *settings;
} Fixture;

static void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  f->settings = g_settings_new ("io.github.vigilapp.Vigil");
  g_settings_reset (f->settings, "team-database");
  f->credentials = vigil_memory_credential_store_new ();
  f->window = GTK_WINDOW (adw_preferences_window_new ());
  gtk_window_set_application (f->window, GTK_APPLICATION (app));
  f->group = g_object_new (VIGIL_TYPE_TEAM_DATABASE_GROUP, NULL);
  vigil_team_database_group_set_credentials (f->group, f->credentials);
  {
    AdwPreferencesPage *page = ADW_PREFERENCES_PAGE (adw_preferences_page_new ());

    adw_preferences_page_add (page, ADW_PREFERENCES_GROUP (f->group));
    adw_preferences_window_add (ADW_PREFERENCES_WINDOW (f->window), page);
  }
  gtk_window_present (f->window);
  gtk_test_widget_wait_for_draw (GTK_WIDGET (f->window));
}

static void
fixture_tear_down (Fixture       *f,
                   gconstpointer  data)
{
  gtk_window_destroy (f->window);
  drain_main_loop ();
  g_clear_object (&f->credentials);
  g_clear_object (&f->settings);
}

static GtkWidget *
find_button (GtkWidget  *widget,
             const char *label)
{
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found;

      if (GTK_IS_BUTTON (child) && g_strcmp0 (gtk_button_get_label (GTK_BUTTON (child)), label) == 0)
        return child;
      if ((found = find_button (child, label)))
        return found;
    }
  return NULL;
}

static void
click (Fixture    *f,
       const char *label)
{
  GtkWidget *button = find_button (GTK_WIDGET (f->group), label);

  g_assert_nonnull (button);
  g_signal_emit_by_name (button, "clicked");
}

typedef struct
{
  Fixture    *f;
  const char *prefix;
} StatusWait;

static gboolean
status_starts_with (gpointer data)
{
  StatusWait *w = data;

  return g_str_has_prefix (vigil_team_database_group_get_status (w->f->group), w->prefix);
}

static void
test_password_in_address_refused (Fixture       *f,
                                  gconstpointer  data)
{
  g_autofree char *saved = NULL;

  gtk_editable_set_text (vigil_team_database_group_get_uri_row (f->group),
                         "postgresql://ada:s3cret@db.example.org/vigil");
  click (f, "_Save");
  g_assert_true (g_str_has_prefix (vigil_team_database_group_get_status (f->group),
                                   "Leave the password out of the address"));
  saved = g_settings_get_string (f->settings, "team-database");
  g_assert_cmpstr (saved, ==, "");

  gtk_editable_set_text (vigil_team_database_group_get_uri_row (f->group), "/home/ada/vigil.db");
  click (f, "_Test Connection");
  g_assert_cmpstr (vigil_team_database_group_get_status (f->group), ==,
                   "The address must start with postgresql://");
}

static void
test_save_puts_password_in_keyring (Fixture       *f,
                                    gconstpointer  data)
{
  const char *uri = "postgresql://ada@db.example.org/vigil";
  g_autofree char *saved = NULL;
  g_autoptr(GError) error = NULL;
  char *password;
  StatusWait w = { f, "Saved, with the password in the keyring" };

  gtk_editable_set_text (vigil_team_database_group_get_uri_row (f->group), uri);
  gtk_editable_set_text (vigil_team_database_group_get_password_row (f->group), "s3cret");
  click (f, "_Save");
  wait_for (status_starts_with, &w, "the password saved");

  saved = g_settings_get_string (f->settings, "team-database");
  g_assert_cmpstr (saved, ==, uri);
  g_assert_null (strstr (saved, "s3cret"));
  g_assert_cmpstr (gtk_editable_get_text (vigil_team_database_group_get_password_row (f->group)), ==, "");
  password = vigil_team_lookup_password_sync (f->credentials, uri, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (password, ==, "s3cret");
  vigil_credential_free_secret (password);

  /* an empty address goes back to the archive on this computer */
  gtk_editable_set_text (vigil_team_database_group_get_uri_row (f->group), "");
  click (f, "_Save");
  g_clear_pointer (&saved, g_free);
  saved = g_settings_get_string (f->settings, "team-database");
  g_assert_cmpstr (saved, ==, "");
}

static void
test_connection (Fixture       *f,
                 gconstpointer  data)
{
  const char *tcp = g_getenv ("VIGIL_TEST_PG_TCP_URI");
  g_autoptr(GUri) parsed = NULL;
  g_autoptr(GUri) with_db = NULL;
  g_autofree char *db_uri = NULL;
  g_autofree char *dbname = NULL;
  g_autofree char *path = NULL;
  g_autofree char *uri = NULL;
  StatusWait connected = { f, "Connected to " };
  StatusWait refused = { f, "Connection failed: " };

  if (tcp == NULL)
    {
      g_test_skip ("VIGIL_TEST_PG_TCP_URI is not set (no test server)");
      return;
    }
  /* a database of its own, over TCP with the password */
  db_uri = vigil_test_pg_create_db ();
  dbname = vigil_test_pg_dbname (db_uri);
  parsed = g_uri_parse (tcp, G_URI_FLAGS_HAS_PASSWORD | G_URI_FLAGS_ENCODED, NULL);
  g_assert_nonnull (parsed);
  path = g_strconcat ("/", dbname, NULL);
  with_db = g_uri_build_with_user (G_URI_FLAGS_HAS_PASSWORD | G_URI_FLAGS_ENCODED, g_uri_get_scheme (parsed),
                                   g_uri_get_user (parsed), NULL, NULL, g_uri_get_host (parsed),
                                   g_uri_get_port (parsed), path, NULL, NULL);
  uri = g_uri_to_string (with_db);

  /* the wrong password: the reason, not a hang */
  gtk_editable_set_text (vigil_team_database_group_get_uri_row (f->group), uri);
  gtk_editable_set_text (vigil_team_database_group_get_password_row (f->group), "not-the-password");
  click (f, "_Test Connection");
  wait_for (status_starts_with, &refused, "the connection refused");
  g_test_message ("%s", vigil_team_database_group_get_status (f->group));
  g_assert_null (strstr (vigil_team_database_group_get_status (f->group), "not-the-password"));

  gtk_editable_set_text (vigil_team_database_group_get_password_row (f->group), g_uri_get_password (parsed));
  click (f, "_Test Connection");
  wait_for (status_starts_with, &connected, "the connection tested");
  g_test_message ("%s", vigil_team_database_group_get_status (f->group));
  g_assert_nonnull (strstr (vigil_team_database_group_get_status (f->group), "holds 0 posts"));
  vigil_test_pg_drop_db (db_uri);
}

int
main (int   argc,
      char *argv[])
{
  app = gui_test_init (&argc, &argv, "io.github.vigilapp.Vigil.TestTeamPreferences");
  if (app == NULL)
    return 0;

#define ADD(path, func) \
  g_test_add ("/vigil/team-preferences/" path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)
  ADD ("password-in-address-refused", test_password_in_address_refused);
  ADD ("save-puts-password-in-keyring", test_save_puts_password_in_keyring);
  ADD ("test-connection", test_connection);
  {
    int status = g_test_run ();
    gui_test_finish (app);
    return status;
  }
}

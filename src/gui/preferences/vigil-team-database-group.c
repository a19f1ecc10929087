/* vigil-team-database-group.c: Preferences' "Team Database" group
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "vigil-team-database-group"

#include "config.h"

#include <glib/gi18n.h>

#include "vigil-secret-credential-store.h"
#include "vigil-settings.h"
#include "vigil-store.h"
#include "vigil-team-credentials.h"
#include "vigil-team-database-group.h"

#define SETTINGS_KEY "team-database"

struct _VigilTeamDatabaseGroup
{
  AdwPreferencesGroup   parent_instance;

  GSettings            *settings;     /* NULL when the schema is not installed */
  VigilCredentialStore *credentials;
  GCancellable         *cancellable;
  char                 *status;

  AdwEntryRow          *uri_row;
  AdwPasswordEntryRow  *password_row;
  AdwActionRow         *status_row;
  GtkSpinner           *spinner;
  GtkWidget            *test_button;
  GtkWidget            *save_button;
};

G_DEFINE_FINAL_TYPE (VigilTeamDatabaseGroup, vigil_team_database_group, ADW_TYPE_PREFERENCES_GROUP)

static void
set_status (VigilTeamDatabaseGroup *self,
            const char             *status)
{
  g_free (self->status);
  self->status = g_strdup (status ? status : "");
  adw_action_row_set_subtitle (self->status_row, self->status);
}

static void
set_busy (VigilTeamDatabaseGroup *self,
          gboolean                busy)
{
  gtk_spinner_set_spinning (self->spinner, busy);
  gtk_widget_set_sensitive (self->test_button, !busy);
  gtk_widget_set_sensitive (self->save_button, !busy);
}

static VigilCredentialStore *
credentials (VigilTeamDatabaseGroup *self)
{
  if (self->credentials == NULL)
    self->credentials = vigil_secret_credential_store_new ();
  return self->credentials;
}

/* The address typed, trimmed; NULL with the reason in the status when it
 * can't be used. Empty = the archive on this computer. */
static char *
checked_uri (VigilTeamDatabaseGroup *self)
{
  g_autofree char *uri = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->uri_row))));
  VigilCredentialKey key = { 0 };
  g_auto(GStrv) storage = NULL;

  if (*uri == '\0')
    return g_steal_pointer (&uri);
  if (!vigil_team_uri_is_team (uri))
    {
      set_status (self, _("The address must start with postgresql://"));
      return NULL;
    }
  if (vigil_team_uri_has_password (uri))
    {
      set_status (self, _("Leave the password out of the address: type it in the Password field, "
                          "and Vigil keeps it in the keyring."));
      return NULL;
    }
  if (!vigil_team_uri_key (uri, &key, &storage, NULL))
    {
      set_status (self, _("The address is not a valid postgresql:// URI"));
      return NULL;
    }
  return g_steal_pointer (&uri);
}

static void
on_row_changed_cb (VigilTeamDatabaseGroup *self)
{
  set_status (self, NULL);
}

/* --- Test Connection -------------------------------------------------------- */

typedef struct
{
  char *uri;
  char *password;   /* typed; NULL = the keyring's, or libpq's own ways */
  VigilCredentialStore *credentials;
} TestData;

static void
test_data_free (TestData *data)
{
  g_free (data->uri);
  vigil_credential_free_secret (data->password);
  g_clear_object (&data->credentials);
  g_free (data);
}

static void
test_thread (GTask        *task,
             gpointer      source_object,
             gpointer      task_data,
             GCancellable *cancellable)
{
  TestData *data = task_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(VigilStore) store = NULL;
  g_autofree char *where = vigil_team_uri_describe (data->uri);
  g_autofree char *count_text = NULL;
  char *password = data->password ? g_strdup (data->password) : NULL;
  gint64 n;

  if (password == NULL)
    {
      g_autoptr(GError) keyring_error = NULL;

      password = vigil_team_lookup_password_sync (data->credentials, data->uri, &keyring_error);
      if (keyring_error)
        g_debug ("No team database password from the keyring: %s", keyring_error->message);
    }
  store = vigil_store_open_with_password (data->uri, password, &error);
  vigil_credential_free_secret (password);
  if (store == NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }
  n = vigil_store_count_posts (store, &error);
  if (n < 0)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }
  count_text = g_strdup_printf ("%" G_GINT64_FORMAT, n);
  /* TRANSLATORS: "Connected to ada on db.example.org:5432/vigil: the archive holds 1200 posts." */
  g_task_return_pointer (task, g_strdup_printf (_("Connected to %s: the archive holds %s posts."),
                                                where, count_text), g_free);
}

static void
on_test_done_cb (GObject      *object,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  VigilTeamDatabaseGroup *self = VIGIL_TEAM_DATABASE_GROUP (object);
  g_autoptr(GError) error = NULL;
  g_autofree char *message = g_task_propagate_pointer (G_TASK (result), &error);

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  set_busy (self, FALSE);
  if (message)
    set_status (self, message);
  else
    {
      g_autofree char *text = g_strdup_printf (_("Connection failed: %s"), error->message);
      set_status (self, text);
    }
}

static void
on_test_clicked_cb (VigilTeamDatabaseGroup *self)
{
  g_autofree char *uri = checked_uri (self);
  g_autoptr(GTask) task = NULL;
  const char *typed = gtk_editable_get_text (GTK_EDITABLE (self->password_row));
  TestData *data;

  if (uri == NULL)
    return;
  if (*uri == '\0')
    {
      set_status (self, _("Type the team database’s address first"));
      return;
    }
  data = g_new0 (TestData, 1);
  data->uri = g_steal_pointer (&uri);
  data->password = *typed ? g_strdup (typed) : NULL;
  data->credentials = g_object_ref (credentials (self));
  task = g_task_new (self, self->cancellable, on_test_done_cb, NULL);
  g_task_set_source_tag (task, on_test_clicked_cb);
  g_task_set_task_data (task, data, (GDestroyNotify) test_data_free);
  set_busy (self, TRUE);
  set_status (self, _("Connecting…"));
  g_task_run_in_thread (task, test_thread);
}

/* --- Save ------------------------------------------------------------------- */

static void
on_password_stored_cb (GObject      *object,
                       GAsyncResult *result,
                       gpointer      user_data)
{
  g_autoptr(VigilTeamDatabaseGroup) self = user_data;
  g_autoptr(GError) error = NULL;

  if (!vigil_credential_store_store_finish (VIGIL_CREDENTIAL_STORE (object), result, &error))
    {
      g_autofree char *text = NULL;

      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        return;
      set_busy (self, FALSE);
      text = g_strdup_printf (_("The address was saved, but not the password: %s"), error->message);
      set_status (self, text);
      return;
    }
  set_busy (self, FALSE);
  gtk_editable_set_text (GTK_EDITABLE (self->password_row), "");
  set_status (self, _("Saved, with the password in the keyring. Vigil opens the team database when it starts again."));
}

static void
on_save_clicked_cb (VigilTeamDatabaseGroup *self)
{
  g_autofree char *uri = checked_uri (self);
  const char *typed = gtk_editable_get_text (GTK_EDITABLE (self->password_row));
  VigilCredentialKey key = { 0 };
  g_auto(GStrv) storage = NULL;

  if (uri == NULL)
    return;
  if (self->settings == NULL)
    {
      set_status (self, _("Can’t save: Vigil’s settings are not installed"));
      return;
    }
  g_settings_set_string (self->settings, SETTINGS_KEY, uri);
  if (*uri == '\0')
    {
      set_status (self, _("Saved: Vigil uses the archive on this computer when it starts again."));
      return;
    }
  if (*typed == '\0')
    {
      set_status (self, _("Saved. Vigil opens the team database when it starts again."));
      return;
    }
  if (!vigil_team_uri_key (uri, &key, &storage, NULL))
    return;
  set_busy (self, TRUE);
  vigil_credential_store_store_key_async (credentials (self), &key, typed, self->cancellable,
                                          on_password_stored_cb, g_object_ref (self));
}

/* --- GObject ---------------------------------------------------------------- */

static void
vigil_team_database_group_dispose (GObject *object)
{
  VigilTeamDatabaseGroup *self = VIGIL_TEAM_DATABASE_GROUP (object);

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->settings);
  g_clear_object (&self->credentials);
  gtk_widget_dispose_template (GTK_WIDGET (self), VIGIL_TYPE_TEAM_DATABASE_GROUP);
  G_OBJECT_CLASS (vigil_team_database_group_parent_class)->dispose (object);
}

static void
vigil_team_database_group_finalize (GObject *object)
{
  VigilTeamDatabaseGroup *self = VIGIL_TEAM_DATABASE_GROUP (object);

  g_clear_object (&self->cancellable);
  g_free (self->status);
  G_OBJECT_CLASS (vigil_team_database_group_parent_class)->finalize (object);
}

static void
vigil_team_database_group_class_init (VigilTeamDatabaseGroupClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = vigil_team_database_group_dispose;
  object_class->finalize = vigil_team_database_group_finalize;

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/vigilapp/Vigil/preferences/vigil-team-database-group.ui");
  gtk_widget_class_bind_template_child (widget_class, VigilTeamDatabaseGroup, uri_row);
  gtk_widget_class_bind_template_child (widget_class, VigilTeamDatabaseGroup, password_row);
  gtk_widget_class_bind_template_child (widget_class, VigilTeamDatabaseGroup, status_row);
  gtk_widget_class_bind_template_child (widget_class, VigilTeamDatabaseGroup, spinner);
  gtk_widget_class_bind_template_child (widget_class, VigilTeamDatabaseGroup, test_button);
  gtk_widget_class_bind_template_child (widget_class, VigilTeamDatabaseGroup, save_button);
  gtk_widget_class_bind_template_callback (widget_class, on_row_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_test_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_save_clicked_cb);
}

static void
vigil_team_database_group_init (VigilTeamDatabaseGroup *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  self->cancellable = g_cancellable_new ();
  self->status = g_strdup ("");
  self->settings = vigil_settings_new ("the team database setting");
  if (self->settings)
    {
      g_autofree char *uri = g_settings_get_string (self->settings, SETTINGS_KEY);

      gtk_editable_set_text (GTK_EDITABLE (self->uri_row), uri);
    }
  set_status (self, NULL);
}

void
vigil_team_database_group_set_credentials (VigilTeamDatabaseGroup *self,
                                           VigilCredentialStore   *store)
{
  g_return_if_fail (VIGIL_IS_TEAM_DATABASE_GROUP (self));
  g_return_if_fail (!store || VIGIL_IS_CREDENTIAL_STORE (store));

  g_set_object (&self->credentials, store);
}

GtkEditable *
vigil_team_database_group_get_uri_row (VigilTeamDatabaseGroup *self)
{
  g_return_val_if_fail (VIGIL_IS_TEAM_DATABASE_GROUP (self), NULL);
  return GTK_EDITABLE (self->uri_row);
}

GtkEditable *
vigil_team_database_group_get_password_row (VigilTeamDatabaseGroup *self)
{
  g_return_val_if_fail (VIGIL_IS_TEAM_DATABASE_GROUP (self), NULL);
  return GTK_EDITABLE (self->password_row);
}

const char *
vigil_team_database_group_get_status (VigilTeamDatabaseGroup *self)
{
  g_return_val_if_fail (VIGIL_IS_TEAM_DATABASE_GROUP (self), NULL);
  return self->status;
}

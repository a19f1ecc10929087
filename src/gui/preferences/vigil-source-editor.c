/* vigil-source-editor.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "vigil-source-editor"

#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "vigil-source-editor.h"
#include "vigil-source-spec.h"

struct _VigilSourceEditor
{
  GtkBox              parent_instance;

  VigilSourceManager *manager;
  VigilSource        *source;  /* being edited, or NULL */
  GCancellable       *cancellable;
  gboolean            busy;

  AdwWindowTitle     *window_title;
  GtkButton          *add_button;
  AdwComboRow        *type_row;
  AdwEntryRow        *address_row;
  AdwEntryRow        *argument_row;
  AdwEntryRow        *label_row;
  GtkLabel           *hint_label;
  GtkLabel           *error_label;
  AdwPreferencesGroup *account_group;
  AdwEntryRow        *account_row;
  AdwPasswordEntryRow *token_row;
};

G_DEFINE_FINAL_TYPE (VigilSourceEditor, vigil_source_editor, GTK_TYPE_BOX)

enum {
  DONE,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static VigilSourceEditorType
get_kind (VigilSourceEditor *self)
{
  return adw_combo_row_get_selected (self->type_row);
}

static gboolean
is_mastodon (VigilSourceEditorType type)
{
  return type <= VIGIL_SOURCE_EDITOR_MASTODON_SEARCH;
}

static char *
get_text (AdwEntryRow *row)
{
  return g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (row))));
}

/* "host" → "https://host"; drops a trailing '/' */
static char *
normalize_address (const char *text,
                   const char *default_scheme)
{
  g_autofree char *address = NULL;
  gsize len;

  if (*text == '\0')
    return NULL;
  address = strstr (text, "://") != NULL ? g_strdup (text) : g_strconcat (default_scheme, "://", text, NULL);
  len = strlen (address);
  while (len > 0 && address[len - 1] == '/')
    address[--len] = '\0';
  return g_steal_pointer (&address);
}

/* "https://host/anything" → "https://host" (with the port); NULL when it
 * does not parse (the SPEC check then says why). */
static char *
instance_of (const char *address)
{
  g_autoptr(GUri) uri = g_uri_parse (address, G_URI_FLAGS_NONE, NULL);

  if (uri == NULL || g_uri_get_host (uri) == NULL)
    return g_strdup (address);
  return g_uri_join (G_URI_FLAGS_NONE, g_uri_get_scheme (uri), NULL, g_uri_get_host (uri),
                     g_uri_get_port (uri), "", NULL, NULL);
}

static gboolean
has_path (const char *address)
{
  g_autoptr(GUri) uri = g_uri_parse (address, G_URI_FLAGS_NONE, NULL);
  const char *path = uri != NULL ? g_uri_get_path (uri) : NULL;

  return path != NULL && *path != '\0' && !g_str_equal (path, "/");
}

char *
vigil_source_editor_build_spec (VigilSourceEditor *self)
{
  g_autofree char *text = get_text (self->address_row);
  g_autofree char *argument = get_text (self->argument_row);
  VigilSourceEditorType kind = get_kind (self);
  g_autofree char *address = NULL;
  g_autofree char *instance = NULL;
  g_autofree char *escaped = NULL;
  const char *arg = argument;

  g_return_val_if_fail (VIGIL_IS_SOURCE_EDITOR (self), NULL);

  address = normalize_address (text, kind == VIGIL_SOURCE_EDITOR_JETSTREAM ? "wss" : "https");
  if (address == NULL)
    return NULL;

  switch (kind)
    {
    case VIGIL_SOURCE_EDITOR_MASTODON_TIMELINE:
      if (has_path (address))
        return g_strconcat ("mastodon:", address, NULL);
      return g_strconcat ("mastodon:", address, "/public", NULL);

    case VIGIL_SOURCE_EDITOR_MASTODON_HASHTAG:
    case VIGIL_SOURCE_EDITOR_MASTODON_SEARCH:
      if (kind == VIGIL_SOURCE_EDITOR_MASTODON_HASHTAG)
        while (*arg == '#')
          arg++;
      if (*arg == '\0')
        return NULL;
      instance = instance_of (address);
      escaped = g_uri_escape_string (arg, NULL, FALSE);
      return g_strconcat ("mastodon:", instance,
                          kind == VIGIL_SOURCE_EDITOR_MASTODON_HASHTAG ? "/tag/" : "/search/",
                          escaped, NULL);

    case VIGIL_SOURCE_EDITOR_JETSTREAM:
      if (has_path (address))
        return g_strconcat ("jetstream:", address, NULL);
      return g_strconcat ("jetstream:", address, "/subscribe", NULL);

    case VIGIL_SOURCE_EDITOR_FEED:
      return g_strconcat ("rss:", address, NULL);

    default:
      return NULL;
    }
}

static void
set_error (VigilSourceEditor *self,
           const char        *message)
{
  gtk_label_set_text (self->error_label, message != NULL ? message : "");
  gtk_widget_set_visible (GTK_WIDGET (self->error_label), message != NULL);
  if (message != NULL)
    gtk_widget_add_css_class (GTK_WIDGET (self->address_row), "error");
  else
    gtk_widget_remove_css_class (GTK_WIDGET (self->address_row), "error");
}

static gboolean
validate (VigilSourceEditor *self)
{
  g_autofree char *spec = vigil_source_editor_build_spec (self);
  g_autofree char *account = get_text (self->account_row);
  g_autofree char *token = get_text (ADW_ENTRY_ROW (self->token_row));
  g_autoptr(VigilSourceSpec) parsed = NULL;
  g_autoptr(GError) error = NULL;
  gboolean mastodon = is_mastodon (get_kind (self));

  if (spec == NULL)
    {
      set_error (self, NULL);
      return FALSE;
    }
  parsed = vigil_source_spec_parse (spec, &error);
  if (parsed == NULL)
    {
      set_error (self, error->message);
      return FALSE;
    }
  if (mastodon && *token != '\0' && *account == '\0')
    {
      set_error (self, _("Enter the account the token belongs to, like you@mastodon.social."));
      return FALSE;
    }
  if (mastodon && *account != '\0' && strchr (account, '@') == NULL)
    {
      set_error (self, _("Write the account as user@instance, like you@mastodon.social."));
      return FALSE;
    }
  set_error (self, NULL);
  return TRUE;
}

static void
update (VigilSourceEditor *self)
{
  VigilSourceEditorType kind = get_kind (self);
  static const char * const hints[] = {
    N_("The instance’s address, like https://mastodon.social. For its local timeline add /public/local; "
       "/home and /list/ID need an account."),
    N_("The instance’s address, like https://mastodon.social, and a hashtag (without #)."),
    N_("The instance’s address, and what to search for. Most instances only search for signed-in users: "
       "link an account below."),
    N_("A Jetstream endpoint, like wss://jetstream2.us-east.bsky.network/subscribe. No account is needed."),
    N_("The address of an RSS or Atom feed, like https://example.org/feed.xml."),
  };

  gtk_widget_set_visible (GTK_WIDGET (self->argument_row),
                          kind == VIGIL_SOURCE_EDITOR_MASTODON_HASHTAG
                          || kind == VIGIL_SOURCE_EDITOR_MASTODON_SEARCH);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self->argument_row),
                                 kind == VIGIL_SOURCE_EDITOR_MASTODON_HASHTAG
                                 ? _("Hashtag") : _("Search terms"));
  gtk_widget_set_visible (GTK_WIDGET (self->account_group), is_mastodon (kind));
  if (kind < G_N_ELEMENTS (hints))
    gtk_label_set_text (self->hint_label, _(hints[kind]));

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "editor.add", !self->busy && validate (self));
}

static void
on_changed_cb (VigilSourceEditor *self)
{
  update (self);
}

static void
on_entry_activated_cb (VigilSourceEditor *self)
{
  gtk_widget_activate_action (GTK_WIDGET (self), "editor.add", NULL);
}

static gboolean
commit (VigilSourceEditor *self)
{
  g_autofree char *spec = vigil_source_editor_build_spec (self);
  g_autofree char *label = get_text (self->label_row);
  g_autofree char *account = get_text (self->account_row);
  g_autoptr(GError) error = NULL;
  VigilSource *result;

  if (!is_mastodon (get_kind (self)))
    g_clear_pointer (&account, g_free);

  if (self->source != NULL)
    result = vigil_source_manager_edit (self->manager, self->source, spec, label, account, &error);
  else
    result = vigil_source_manager_add (self->manager, spec, label, account, &error);
  if (result == NULL && error != NULL)
    {
      set_error (self, error->message);
      return FALSE;
    }
  g_signal_emit (self, signals[DONE], 0);
  return TRUE;
}

static void
on_token_stored_cb (GObject      *object,
                    GAsyncResult *result,
                    gpointer      user_data)
{
  g_autoptr(VigilSourceEditor) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autofree char *account = NULL;

  if (!vigil_credential_store_store_finish (VIGIL_CREDENTIAL_STORE (object), result, &error))
    {
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        return;
      self->busy = FALSE;
      update (self);
      set_error (self, error->message);
      return;
    }
  self->busy = FALSE;
  account = get_text (self->account_row);
  gtk_editable_set_text (GTK_EDITABLE (self->token_row), "");
  if (commit (self))
    vigil_source_manager_refresh_account (self->manager, account);
  else
    update (self);
}

static void
add_action (GtkWidget  *widget,
            const char *action_name,
            GVariant   *parameter)
{
  VigilSourceEditor *self = VIGIL_SOURCE_EDITOR (widget);
  g_autofree char *account = get_text (self->account_row);
  g_autofree char *token = get_text (ADW_ENTRY_ROW (self->token_row));
  VigilCredentialStore *credentials = vigil_source_manager_get_credentials (self->manager);

  if (self->busy || !validate (self))
    return;

  if (is_mastodon (get_kind (self)) && *token != '\0')
    {
      if (credentials == NULL)
        {
          set_error (self, _("No keyring is available, so the token can’t be kept."));
          return;
        }
      self->busy = TRUE;
      gtk_widget_action_set_enabled (widget, "editor.add", FALSE);
      vigil_credential_store_store_async (credentials, VIGIL_SOURCE_MANAGER_MASTODON_SERVICE,
                                          account, token, self->cancellable,
                                          on_token_stored_cb, g_object_ref (self));
      return;
    }
  commit (self);
}

static void
cancel_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  g_signal_emit (widget, signals[DONE], 0);
}

static void
prefill (VigilSourceEditor *self)
{
  const char *spec_text = vigil_source_manager_get_spec (self->manager, self->source);
  const char *label = vigil_source_manager_get_label (self->manager, self->source);
  const char *account = vigil_source_manager_get_account (self->manager, self->source);
  g_autoptr(VigilSourceSpec) spec = vigil_source_spec_parse (spec_text, NULL);
  VigilSourceEditorType kind = VIGIL_SOURCE_EDITOR_FEED;
  const char *address = spec_text;

  if (spec == NULL)
    return;
  address = strchr (spec_text, ':') + 1;
  if (spec->kind == VIGIL_SOURCE_KIND_JETSTREAM)
    kind = VIGIL_SOURCE_EDITOR_JETSTREAM;
  else if (spec->kind == VIGIL_SOURCE_KIND_MASTODON)
    {
      if (spec->timeline == VIGIL_MASTODON_TIMELINE_TAG)
        kind = VIGIL_SOURCE_EDITOR_MASTODON_HASHTAG;
      else if (spec->timeline == VIGIL_MASTODON_TIMELINE_SEARCH)
        kind = VIGIL_SOURCE_EDITOR_MASTODON_SEARCH;
      else
        kind = VIGIL_SOURCE_EDITOR_MASTODON_TIMELINE;
      if (kind != VIGIL_SOURCE_EDITOR_MASTODON_TIMELINE)
        {
          address = spec->url;
          gtk_editable_set_text (GTK_EDITABLE (self->argument_row),
                                 spec->argument != NULL ? spec->argument : "");
        }
    }
  adw_combo_row_set_selected (self->type_row, kind);
  gtk_editable_set_text (GTK_EDITABLE (self->address_row), address);
  if (g_strcmp0 (label, spec_text) != 0)
    gtk_editable_set_text (GTK_EDITABLE (self->label_row), label);
  if (account != NULL)
    gtk_editable_set_text (GTK_EDITABLE (self->account_row), account);

  adw_window_title_set_title (self->window_title, _("Edit Source"));
  gtk_button_set_label (self->add_button, _("_Save"));
}

static void
vigil_source_editor_dispose (GObject *object)
{
  VigilSourceEditor *self = (VigilSourceEditor *) object;

  g_cancellable_cancel (self->cancellable);
  gtk_widget_dispose_template (GTK_WIDGET (self), VIGIL_TYPE_SOURCE_EDITOR);
  g_clear_object (&self->cancellable);
  g_clear_object (&self->source);
  g_clear_object (&self->manager);
  G_OBJECT_CLASS (vigil_source_editor_parent_class)->dispose (object);
}

static void
vigil_source_editor_class_init (VigilSourceEditorClass *klass)
{
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  G_OBJECT_CLASS (klass)->dispose = vigil_source_editor_dispose;

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/vigilapp/Vigil/preferences/vigil-source-editor.ui");
  gtk_widget_class_bind_template_child (widget_class, VigilSourceEditor, window_title);
  gtk_widget_class_bind_template_child (widget_class, VigilSourceEditor, add_button);
  gtk_widget_class_bind_template_child (widget_class, VigilSourceEditor, type_row);
  gtk_widget_class_bind_template_child (widget_class, VigilSourceEditor, address_row);
  gtk_widget_class_bind_template_child (widget_class, VigilSourceEditor, argument_row);
  gtk_widget_class_bind_template_child (widget_class, VigilSourceEditor, label_row);
  gtk_widget_class_bind_template_child (widget_class, VigilSourceEditor, hint_label);
  gtk_widget_class_bind_template_child (widget_class, VigilSourceEditor, error_label);
  gtk_widget_class_bind_template_child (widget_class, VigilSourceEditor, account_group);
  gtk_widget_class_bind_template_child (widget_class, VigilSourceEditor, account_row);
  gtk_widget_class_bind_template_child (widget_class, VigilSourceEditor, token_row);

  gtk_widget_class_install_action (widget_class, "editor.add", NULL, add_action);
  gtk_widget_class_install_action (widget_class, "editor.cancel", NULL, cancel_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "editor.cancel", NULL);

  signals[DONE] = g_signal_new ("done", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                0, NULL, NULL, NULL, G_TYPE_NONE, 0);
}

static void
vigil_source_editor_init (VigilSourceEditor *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  self->cancellable = g_cancellable_new ();

  g_signal_connect_swapped (self->type_row, "notify::selected", G_CALLBACK (on_changed_cb), self);
  g_signal_connect_swapped (self->address_row, "changed", G_CALLBACK (on_changed_cb), self);
  g_signal_connect_swapped (self->argument_row, "changed", G_CALLBACK (on_changed_cb), self);
  g_signal_connect_swapped (self->account_row, "changed", G_CALLBACK (on_changed_cb), self);
  g_signal_connect_swapped (self->token_row, "changed", G_CALLBACK (on_changed_cb), self);
  g_signal_connect_swapped (self->address_row, "entry-activated", G_CALLBACK (on_entry_activated_cb), self);
  g_signal_connect_swapped (self->argument_row, "entry-activated", G_CALLBACK (on_entry_activated_cb), self);
}

GtkWidget *
vigil_source_editor_new (VigilSourceManager *manager,
                         VigilSource        *source)
{
  VigilSourceEditor *self;

  g_return_val_if_fail (VIGIL_IS_SOURCE_MANAGER (manager), NULL);
  g_return_val_if_fail (!source || VIGIL_IS_SOURCE (source), NULL);

  self = g_object_new (VIGIL_TYPE_SOURCE_EDITOR, NULL);
  self->manager = g_object_ref (manager);
  self->source = source != NULL ? g_object_ref (source) : NULL;
  if (source != NULL)
    prefill (self);
  update (self);
  return GTK_WIDGET (self);
}

void
vigil_source_editor_set_type (VigilSourceEditor     *self,
                              VigilSourceEditorType  type)
{
  g_return_if_fail (VIGIL_IS_SOURCE_EDITOR (self));
  adw_combo_row_set_selected (self->type_row, type);
}

GtkEditable *
vigil_source_editor_get_address (VigilSourceEditor *self)
{
  return GTK_EDITABLE (self->address_row);
}

GtkEditable *
vigil_source_editor_get_argument (VigilSourceEditor *self)
{
  return GTK_EDITABLE (self->argument_row);
}

GtkEditable *
vigil_source_editor_get_label (VigilSourceEditor *self)
{
  return GTK_EDITABLE (self->label_row);
}

GtkEditable *
vigil_source_editor_get_account (VigilSourceEditor *self)
{
  return GTK_EDITABLE (self->account_row);
}

GtkEditable *
vigil_source_editor_get_token (VigilSourceEditor *self)
{
  return GTK_EDITABLE (self->token_row);
}

const char *
vigil_source_editor_get_error (VigilSourceEditor *self)
{
  g_return_val_if_fail (VIGIL_IS_SOURCE_EDITOR (self), NULL);
  if (!gtk_widget_get_visible (GTK_WIDGET (self->error_label)))
    return NULL;
  return gtk_label_get_text (self->error_label);
}

/* vigil-research-page.c: the dossiers, and the one being worked on
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "vigil-research-page"

#include "config.h"

#include <glib/gi18n.h>

#include "vigil-research-page.h"

#define RETENTION_CHECK_S 3600

struct _VigilResearchPage
{
  AdwBin               parent_instance;

  VigilDossierService *service;
  VigilContext        *context;      /* keeps the service's owner alive */
  guint                retention_id;

  GtkStack            *stack;
  GtkListBox          *dossier_list;
  VigilDossierView    *view;
};

enum { PROP_0, PROP_SERVICE, N_PROPS };
static GParamSpec *properties[N_PROPS];

G_DEFINE_FINAL_TYPE (VigilResearchPage, vigil_research_page, ADW_TYPE_BIN)

static void
update_row (GtkWidget    *box,
            VigilDossier *dossier)
{
  GtkWidget *title = gtk_widget_get_first_child (box);
  GtkWidget *subtitle = gtk_widget_get_next_sibling (title);
  g_autofree char *t = g_strdup_printf (_("Candidate %s"), vigil_dossier_get_candidate (dossier));
  g_autofree char *s = NULL;
  guint pending = vigil_dossier_get_n_pending (dossier);
  guint releases = vigil_dossier_get_n_releases (dossier);

  if (vigil_dossier_get_originals_deleted (dossier))
    s = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u release · originals deleted",
                                      "%u releases · originals deleted", releases), releases);
  else if (pending)
    s = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%s · %u pending", "%s · %u pending", pending),
                         vigil_dossier_get_purpose (dossier), pending);
  else
    s = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%s · %u release", "%s · %u releases", releases),
                         vigil_dossier_get_purpose (dossier), releases);
  gtk_label_set_label (GTK_LABEL (title), t);
  gtk_label_set_label (GTK_LABEL (subtitle), s);
}

static GtkWidget *
create_row (gpointer item,
            gpointer user_data)
{
  VigilDossier *dossier = item;
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 2);
  GtkWidget *title = gtk_label_new (NULL);
  GtkWidget *subtitle = gtk_label_new (NULL);

  gtk_label_set_xalign (GTK_LABEL (title), 0);
  gtk_label_set_ellipsize (GTK_LABEL (title), PANGO_ELLIPSIZE_END);
  gtk_label_set_xalign (GTK_LABEL (subtitle), 0);
  gtk_label_set_ellipsize (GTK_LABEL (subtitle), PANGO_ELLIPSIZE_END);
  gtk_widget_add_css_class (subtitle, "dim-label");
  gtk_widget_add_css_class (subtitle, "caption");
  gtk_box_append (GTK_BOX (box), title);
  gtk_box_append (GTK_BOX (box), subtitle);
  gtk_widget_set_margin_top (box, 6);
  gtk_widget_set_margin_bottom (box, 6);
  update_row (box, dossier);
  g_object_set_data_full (G_OBJECT (box), "dossier", g_object_ref (dossier), g_object_unref);
  return box;
}

static void
on_dossier_notify (VigilDossier *dossier,
                   GParamSpec   *pspec,
                   GtkWidget    *box)
{
  update_row (box, dossier);
}

static GtkWidget *
create_row_with_updates (gpointer item,
                         gpointer user_data)
{
  GtkWidget *box = create_row (item, user_data);

  g_signal_connect_object (item, "notify", G_CALLBACK (on_dossier_notify), box, 0);
  return box;
}

static void
update_stack (VigilResearchPage *self)
{
  guint n = self->service ? g_list_model_get_n_items (G_LIST_MODEL (self->service)) : 0;

  gtk_stack_set_visible_child_name (self->stack, n ? "dossiers" : "empty");
  if (n && !gtk_list_box_get_selected_row (self->dossier_list))
    gtk_list_box_select_row (self->dossier_list, gtk_list_box_get_row_at_index (self->dossier_list, 0));
}

static void
on_items_changed (GListModel        *model,
                  guint              position,
                  guint              removed,
                  guint              added,
                  VigilResearchPage *self)
{
  update_stack (self);
}

static void
on_dossier_selected (GtkListBox        *list,
                     GtkListBoxRow     *row,
                     VigilResearchPage *self)
{
  g_autoptr(VigilDossier) dossier = NULL;

  if (!row || !self->service)
    return;
  dossier = g_list_model_get_item (G_LIST_MODEL (self->service), gtk_list_box_row_get_index (row));
  vigil_dossier_view_set_dossier (self->view, dossier);
}

void
vigil_research_page_select (VigilResearchPage *self,
                            VigilDossier      *dossier)
{
  guint n = g_list_model_get_n_items (G_LIST_MODEL (self->service));

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(VigilDossier) d = g_list_model_get_item (G_LIST_MODEL (self->service), i);
      if (d == dossier)
        gtk_list_box_select_row (self->dossier_list, gtk_list_box_get_row_at_index (self->dossier_list, i));
    }
}

static gboolean
apply_retention (gpointer data)
{
  VigilResearchPage *self = data;
  g_autoptr(GError) error = NULL;
  guint deleted;

  if (!self->service)
    return G_SOURCE_CONTINUE;
  deleted = vigil_dossier_service_apply_retention (self->service, &error);
  if (error)
    g_warning ("Retention: %s", error->message);
  if (deleted)
    {
      g_autofree char *msg = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                                           "The originals of %u dossier reached their retention date and were deleted",
                                                           "The originals of %u dossiers reached their retention date and were deleted",
                                                           deleted), deleted);
      vigil_dossier_view_toast (self->view, msg);
    }
  return G_SOURCE_CONTINUE;
}

void
vigil_research_page_set_service (VigilResearchPage   *self,
                                 VigilDossierService *service)
{
  g_return_if_fail (VIGIL_IS_RESEARCH_PAGE (self));

  if (self->service)
    g_signal_handlers_disconnect_by_data (self->service, self);
  if (!g_set_object (&self->service, service))
    return;
  {
    VigilContext *owner = service ? vigil_dossier_service_get_context (service) : NULL;
    g_set_object (&self->context, owner);
  }
  vigil_dossier_view_set_service (self->view, service);
  gtk_list_box_bind_model (self->dossier_list, service ? G_LIST_MODEL (service) : NULL,
                           create_row_with_updates, self, NULL);
  g_clear_handle_id (&self->retention_id, g_source_remove);
  if (service)
    {
      g_signal_connect_object (service, "items-changed", G_CALLBACK (on_items_changed), self, 0);
      apply_retention (self);
      self->retention_id = g_timeout_add_seconds (RETENTION_CHECK_S, apply_retention, self);
    }
  update_stack (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SERVICE]);
}

VigilDossierView *
vigil_research_page_get_view (VigilResearchPage *self)
{
  return self->view;
}

/* --- New dossier ------------------------------------------------------- */

typedef struct
{
  VigilResearchPage *self;
  GtkEntry          *candidate;
  GtkEntry          *purpose;
  GtkDropDown       *locale;
  GtkCheckButton    *contact;
} NewDialog;

static void
created_cb (GObject      *source,
            GAsyncResult *result,
            gpointer      user_data)
{
  g_autoptr(VigilResearchPage) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(VigilDossier) dossier = vigil_dossier_service_create_finish (VIGIL_DOSSIER_SERVICE (source), result, &error);

  if (!dossier)
    {
      vigil_dossier_view_toast (self->view, error->message);
      return;
    }
  vigil_research_page_select (self, dossier);
}

static void
new_response (AdwMessageDialog *dialog,
              const char       *response,
              NewDialog        *d)
{
  static const char *const locales[] = { "en", "de" };

  if (g_str_equal (response, "create"))
    {
      guint cats = VIGIL_REDACTION_MASK_PROTECTED;

      if (gtk_check_button_get_active (d->contact))
        cats |= VIGIL_REDACTION_MASK (VIGIL_REDACTION_CONTACT);
      vigil_dossier_service_create_async (d->self->service,
                                          gtk_editable_get_text (GTK_EDITABLE (d->candidate)),
                                          gtk_editable_get_text (GTK_EDITABLE (d->purpose)),
                                          locales[MIN (gtk_drop_down_get_selected (d->locale), 1)],
                                          cats, NULL, created_cb, g_object_ref (d->self));
    }
  g_object_unref (d->self);
  g_free (d);
}

static void
on_candidate_changed (GtkEditable      *entry,
                      AdwMessageDialog *dialog)
{
  g_autofree char *text = g_strstrip (g_strdup (gtk_editable_get_text (entry)));

  adw_message_dialog_set_response_enabled (dialog, "create", *text != '\0');
}

static void
new_action (GtkWidget  *widget,
            const char *name,
            GVariant   *param)
{
  VigilResearchPage *self = VIGIL_RESEARCH_PAGE (widget);
  static const char *const languages[] = { N_("English"), N_("German"), NULL };
  const char *translated[] = { _(languages[0]), _(languages[1]), NULL };
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 12);
  GtkWidget *dialog;
  NewDialog *d = g_new0 (NewDialog, 1);

  if (!self->service)
    return;
  d->self = g_object_ref (self);
  d->candidate = GTK_ENTRY (gtk_entry_new ());
  gtk_entry_set_placeholder_text (d->candidate, _("Candidate reference, e.g. 2026-014 (not the name)"));
  d->purpose = GTK_ENTRY (gtk_entry_new ());
  gtk_entry_set_placeholder_text (d->purpose, _("Purpose: the role applied for"));
  d->locale = GTK_DROP_DOWN (gtk_drop_down_new_from_strings (translated));
  gtk_widget_set_tooltip_text (GTK_WIDGET (d->locale), _("The language of the rules that suggest what to remove"));
  d->contact = GTK_CHECK_BUTTON (gtk_check_button_new_with_mnemonic (_("Also remove _contact details (e-mail, phone, address)")));
  gtk_box_append (GTK_BOX (box), GTK_WIDGET (d->candidate));
  gtk_box_append (GTK_BOX (box), GTK_WIDGET (d->purpose));
  gtk_box_append (GTK_BOX (box), GTK_WIDGET (d->locale));
  gtk_box_append (GTK_BOX (box), GTK_WIDGET (d->contact));

  dialog = adw_message_dialog_new (GTK_WINDOW (gtk_widget_get_root (widget)), _("New Candidate Dossier"),
                                   _("The originals are encrypted with a key kept in your keyring and deleted "
                                     "six months from today; the releases and the audit are kept."));
  adw_message_dialog_set_extra_child (ADW_MESSAGE_DIALOG (dialog), box);
  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog), "cancel", _("_Cancel"), "create", _("C_reate"), NULL);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "create", ADW_RESPONSE_SUGGESTED);
  adw_message_dialog_set_response_enabled (ADW_MESSAGE_DIALOG (dialog), "create", FALSE);
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), "create");
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  g_signal_connect (d->candidate, "changed", G_CALLBACK (on_candidate_changed), dialog);
  g_signal_connect (dialog, "response", G_CALLBACK (new_response), d);
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
vigil_research_page_dispose (GObject *object)
{
  VigilResearchPage *self = VIGIL_RESEARCH_PAGE (object);

  g_clear_handle_id (&self->retention_id, g_source_remove);
  if (self->service)
    g_signal_handlers_disconnect_by_data (self->service, self);
  g_clear_object (&self->service);
  g_clear_object (&self->context);

  G_OBJECT_CLASS (vigil_research_page_parent_class)->dispose (object);
}

static void
vigil_research_page_get_property (GObject *object, guint prop_id, GValue *value, GParamSpec *pspec)
{
  if (prop_id == PROP_SERVICE)
    g_value_set_object (value, VIGIL_RESEARCH_PAGE (object)->service);
  else
    G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
}

static void
vigil_research_page_set_property (GObject *object, guint prop_id, const GValue *value, GParamSpec *pspec)
{
  if (prop_id == PROP_SERVICE)
    vigil_research_page_set_service (VIGIL_RESEARCH_PAGE (object), g_value_get_object (value));
  else
    G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
}

static void
vigil_research_page_class_init (VigilResearchPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = vigil_research_page_dispose;
  object_class->get_property = vigil_research_page_get_property;
  object_class->set_property = vigil_research_page_set_property;

  properties[PROP_SERVICE] = g_param_spec_object ("service", NULL, NULL, VIGIL_TYPE_DOSSIER_SERVICE,
                                                  G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  g_type_ensure (VIGIL_TYPE_DOSSIER_VIEW);
  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/vigilapp/Vigil/redaction/vigil-research-page.ui");
  gtk_widget_class_bind_template_child (widget_class, VigilResearchPage, stack);
  gtk_widget_class_bind_template_child (widget_class, VigilResearchPage, dossier_list);
  gtk_widget_class_bind_template_child (widget_class, VigilResearchPage, view);
  gtk_widget_class_bind_template_callback (widget_class, on_dossier_selected);

  gtk_widget_class_install_action (widget_class, "research-page.new", NULL, new_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_N, GDK_CONTROL_MASK | GDK_SHIFT_MASK,
                                       "research-page.new", NULL);
}

static void
vigil_research_page_init (VigilResearchPage *self)
{
  static gboolean css_loaded;

  gtk_widget_init_template (GTK_WIDGET (self));
  if (!css_loaded)
    {
      g_autoptr(GtkCssProvider) provider = gtk_css_provider_new ();

      gtk_css_provider_load_from_resource (provider, "/io/github/vigilapp/Vigil/redaction/vigil-research.css");
      gtk_style_context_add_provider_for_display (gdk_display_get_default (), GTK_STYLE_PROVIDER (provider),
                                                  GTK_STYLE_PROVIDER_PRIORITY_APPLICATION);
      css_loaded = TRUE;
    }
}

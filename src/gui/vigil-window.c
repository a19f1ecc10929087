/* vigil-window.c: the main window: the live feed and the archive
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "vigil-window"

#include "config.h"

#include <glib/gi18n.h>

#include "accounts/vigil-accounts-page.h"
#include "archive/vigil-archive-page.h"
#include "drills/vigil-drills-page.h"
#include "feed/vigil-feed-page.h"
#include "triage/vigil-triage-page.h"
#include "redaction/vigil-research-page.h"
#include "templates/vigil-templates-page.h"
#include "vigil-settings.h"
#include "vigil-ui-resources.h"
#include "vigil-window.h"
#include "vigil-sources-indicator.h"
#include "watches/vigil-watches-page.h"
#include "widgets/vigil-offline-bar.h"


struct _VigilWindow
{
  AdwApplicationWindow  parent_instance;

  VigilContext         *context;
  VigilStore           *store;
  GSettings            *settings;
  guint                 badge_idle_id;
  gboolean              demo;

  /* template children */
  AdwToastOverlay      *toast_overlay;
  AdwViewSwitcherTitle *switcher_title;
  GtkToggleButton      *search_button;
  GtkRevealer          *demo_revealer;
  GtkWidget            *demo_badge;
  GtkWidget            *demo_bar;
  GtkLabel             *demo_label;
  AdwViewStack         *stack;
  VigilFeedPage        *feed_page;
  VigilArchivePage     *archive_page;
  VigilWatchesPage     *watches_page;
  VigilTriagePage      *triage_page;
  VigilAccountsPage    *accounts_page;
  VigilResearchPage    *research_page;
  VigilTemplatesPage   *templates_page;
  VigilDrillsPage      *drills_page;
  VigilMonitoring      *monitoring;
};

G_DEFINE_FINAL_TYPE (VigilWindow, vigil_window, ADW_TYPE_APPLICATION_WINDOW)

enum {
  PROP_0,
  PROP_CONTEXT,
  PROP_STORE,
  PROP_DEMO,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

VigilWindow *
vigil_window_new (GtkApplication *application,
                  VigilContext   *context)
{
  g_return_val_if_fail (GTK_IS_APPLICATION (application), NULL);
  g_return_val_if_fail (VIGIL_IS_CONTEXT (context), NULL);

  return g_object_new (VIGIL_TYPE_WINDOW,
                       "application", application,
                       "context", context,
                       NULL);
}

VigilContext *
vigil_window_get_context (VigilWindow *self)
{
  g_return_val_if_fail (VIGIL_IS_WINDOW (self), NULL);
  return self->context;
}

VigilStore *
vigil_window_get_store (VigilWindow *self)
{
  g_return_val_if_fail (VIGIL_IS_WINDOW (self), NULL);
  return self->store;
}

static void
set_store (VigilWindow *self,
           VigilStore  *store)
{
  if (!g_set_object (&self->store, store))
    return;

  vigil_feed_page_set_store (self->feed_page, store);
  vigil_archive_page_set_store (self->archive_page, store);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_STORE]);
}

gboolean
vigil_window_get_demo (VigilWindow *self)
{
  g_return_val_if_fail (VIGIL_IS_WINDOW (self), FALSE);
  return self->demo;
}

/* The badge beside the view switcher; when the window is narrow, the
 * title shows instead, with "Demo" as its subtitle. */
static void
update_demo_badge (VigilWindow *self)
{
  gtk_widget_set_visible (self->demo_badge,
                          self->demo && !adw_view_switcher_title_get_title_visible (self->switcher_title));
}

static gboolean
update_demo_badge_cb (gpointer user_data)
{
  VigilWindow *self = user_data;

  self->badge_idle_id = 0;
  update_demo_badge (self);
  return G_SOURCE_REMOVE;
}

static void
on_title_visible_changed_cb (VigilWindow *self)
{
  /* This is notified while the header bar allocates its children: showing
   * or hiding one right then leaves the header bar half drawn. */
  if (self->badge_idle_id == 0)
    self->badge_idle_id = g_idle_add (update_demo_badge_cb, self);
}

static void
set_demo (VigilWindow *self,
          gboolean     demo)
{
  demo = !!demo;
  if (self->demo == demo)
    return;

  self->demo = demo;
  gtk_revealer_set_reveal_child (self->demo_revealer, demo);
  gtk_widget_set_visible (GTK_WIDGET (self->demo_revealer), demo);
  update_demo_badge (self);
  adw_view_switcher_title_set_subtitle (self->switcher_title,
                                        demo ? _("Demo") : NULL);
  gtk_window_set_title (GTK_WINDOW (self), demo ? _("Vigil — Demo") : _("Vigil"));
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_DEMO]);
}

void
vigil_window_demo_ended (VigilWindow *self)
{
  g_return_if_fail (VIGIL_IS_WINDOW (self));

  gtk_label_set_markup (self->demo_label,
                        _("<b>Demo</b> — the fictional scenario has ended. Nothing here is real or "
                          "archived with your data."));
}

void
vigil_window_add_toast (VigilWindow *self,
                        const char  *title)
{
  g_return_if_fail (VIGIL_IS_WINDOW (self));
  g_return_if_fail (title != NULL);

  adw_toast_overlay_add_toast (self->toast_overlay, adw_toast_new (title));
}

void
vigil_window_show_toast (VigilWindow *self,
                         AdwToast    *toast)
{
  g_return_if_fail (VIGIL_IS_WINDOW (self));
  g_return_if_fail (ADW_IS_TOAST (toast));

  adw_toast_overlay_add_toast (self->toast_overlay, toast);
}

static void
on_monitoring_alert_cb (VigilMonitoring *monitoring,
                        VigilAlert      *alert,
                        gboolean         is_new,
                        gboolean         escalated,
                        VigilWindow     *self)
{
  AdwViewStackPage *page = adw_view_stack_get_page (self->stack, GTK_WIDGET (self->watches_page));
  g_autofree char *name = g_markup_escape_text (vigil_monitoring_get_alert_title (alert), -1);
  g_autofree char *title = NULL;
  AdwToast *toast;

  /* the switcher marks the Watches page while a spike goes on */
  adw_view_stack_page_set_needs_attention (page, vigil_alert_get_ongoing (alert) &&
                                           adw_view_stack_get_visible_child (self->stack) !=
                                           GTK_WIDGET (self->watches_page));
  if (!is_new && !escalated)
    return;

  /* Translators: a toast; %s is a watch's name, or "All mentions" */
  title = g_strdup_printf (is_new ? _("Spike: %s") : _("Spike growing: %s"), name);
  toast = adw_toast_new (title);
  adw_toast_set_priority (toast, ADW_TOAST_PRIORITY_HIGH);
  adw_toast_set_timeout (toast, 10);
  adw_toast_set_button_label (toast, _("_Show"));
  adw_toast_set_action_name (toast, "win.show-page");
  adw_toast_set_action_target_value (toast, g_variant_new_string ("watches"));
  adw_toast_overlay_add_toast (self->toast_overlay, toast);
}

VigilMonitoring *
vigil_window_get_monitoring (VigilWindow *self)
{
  g_return_val_if_fail (VIGIL_IS_WINDOW (self), NULL);
  return self->monitoring;
}

static void
set_monitoring (VigilWindow     *self,
                VigilMonitoring *monitoring)
{
  if (self->monitoring != NULL)
    g_signal_handlers_disconnect_by_func (self->monitoring, on_monitoring_alert_cb, self);
  if (!g_set_object (&self->monitoring, monitoring))
    return;
  if (monitoring != NULL)
    g_signal_connect_object (monitoring, "alert", G_CALLBACK (on_monitoring_alert_cb), self, 0);

  vigil_watches_page_set_monitoring (self->watches_page, monitoring);
  vigil_feed_page_set_watch_list (self->feed_page,
                                  monitoring != NULL ? vigil_monitoring_get_watch_list (monitoring) : NULL);
  adw_view_stack_page_set_needs_attention (adw_view_stack_get_page (self->stack,
                                                                    GTK_WIDGET (self->watches_page)),
                                           FALSE);
}

VigilWatchesPage *
vigil_window_get_watches_page (VigilWindow *self)
{
  g_return_val_if_fail (VIGIL_IS_WINDOW (self), NULL);
  return self->watches_page;
}

VigilFeedPage *
vigil_window_get_feed_page (VigilWindow *self)
{
  g_return_val_if_fail (VIGIL_IS_WINDOW (self), NULL);
  return self->feed_page;
}

GtkWidget *
vigil_window_get_demo_bar (VigilWindow *self)
{
  g_return_val_if_fail (VIGIL_IS_WINDOW (self), NULL);
  return GTK_WIDGET (self->demo_revealer);
}

const char *
vigil_window_get_page_name (VigilWindow *self)
{
  g_return_val_if_fail (VIGIL_IS_WINDOW (self), NULL);
  return adw_view_stack_get_visible_child_name (self->stack);
}

static void
search_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  VigilWindow *self = VIGIL_WINDOW (widget);

  adw_view_stack_set_visible_child_name (self->stack, "feed");
  vigil_feed_page_start_search (self->feed_page);
}

static void
show_page_action (GtkWidget  *widget,
                  const char *action_name,
                  GVariant   *parameter)
{
  VigilWindow *self = VIGIL_WINDOW (widget);
  const char *name = g_variant_get_string (parameter, NULL);

  if (adw_view_stack_get_child_by_name (self->stack, name) != NULL)
    adw_view_stack_set_visible_child_name (self->stack, name);
}

/* The Feed's "Send to Triage": opens a case for each post (by archive id). */
static void
send_to_triage_action (GtkWidget  *widget,
                       const char *action_name,
                       GVariant   *parameter)
{
  VigilWindow *self = VIGIL_WINDOW (widget);
  gsize n_ids = 0;
  const gint64 *ids = g_variant_get_fixed_array (parameter, &n_ids, sizeof (gint64));
  g_autoptr(GPtrArray) posts = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *title = NULL;
  AdwToast *toast;
  guint opened;

  if (self->context == NULL || n_ids == 0)
    return;
  posts = vigil_store_get_posts (vigil_context_get_store (self->context), ids, n_ids, &error);
  if (posts == NULL)
    {
      vigil_window_add_toast (self, error->message);
      return;
    }
  opened = vigil_triage_page_send_posts (self->triage_page, posts);
  title = opened > 0
    /* Translators: a toast after "Send to Triage" in the Feed */
    ? g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u post sent to Triage", "%u posts sent to Triage", opened), opened)
    : g_strdup (_("Already in Triage"));
  toast = adw_toast_new (title);
  adw_toast_set_button_label (toast, _("_Show"));
  adw_toast_set_action_name (toast, "win.show-page");
  adw_toast_set_action_target_value (toast, g_variant_new_string ("triage"));
  adw_toast_overlay_add_toast (self->toast_overlay, toast);
}

static void
on_visible_child_changed_cb (VigilWindow *self)
{
  const char *name = adw_view_stack_get_visible_child_name (self->stack);

  /* Search belongs to the feed; the button would do nothing elsewhere. */
  gtk_widget_set_visible (GTK_WIDGET (self->search_button), g_strcmp0 (name, "feed") == 0);
  if (g_strcmp0 (name, "watches") == 0)
    adw_view_stack_page_set_needs_attention (adw_view_stack_get_page (self->stack,
                                                                      GTK_WIDGET (self->watches_page)),
                                             FALSE);
}

static void
restore_window_state (VigilWindow *self)
{
  self->settings = vigil_settings_new ("the window size won't be saved");
  if (self->settings == NULL)
    return;
  g_settings_bind (self->settings, "window-width", self, "default-width", G_SETTINGS_BIND_DEFAULT);
  g_settings_bind (self->settings, "window-height", self, "default-height", G_SETTINGS_BIND_DEFAULT);
  g_settings_bind (self->settings, "window-maximized", self, "maximized", G_SETTINGS_BIND_DEFAULT);
}

static void
vigil_window_constructed (GObject *object)
{
  VigilWindow *self = (VigilWindow *) object;

  G_OBJECT_CLASS (vigil_window_parent_class)->constructed (object);

  /* everything the window shows comes from its context */
  if (self->context != NULL)
    {
      g_autoptr(VigilMonitoring) monitoring = vigil_monitoring_new (self->context);

      set_store (self, vigil_context_get_store (self->context));
      set_demo (self, vigil_context_get_demo (self->context));
      set_monitoring (self, monitoring);
      vigil_triage_page_set_board (self->triage_page, vigil_case_board_get (self->context));
      vigil_accounts_page_set_context (self->accounts_page, self->context);
      vigil_research_page_set_service (self->research_page, vigil_dossier_service_get (self->context));
      vigil_templates_page_set_context (self->templates_page, self->context);
      vigil_drills_page_set_context (self->drills_page, self->context);
      vigil_archive_page_set_context (self->archive_page, self->context);
      vigil_monitoring_set_application (monitoring, G_APPLICATION (gtk_window_get_application (GTK_WINDOW (self))));
    }

#if DEVELOPMENT_BUILD
  gtk_widget_add_css_class (GTK_WIDGET (self), "devel");
#endif

  restore_window_state (self);
}

static void
vigil_window_dispose (GObject *object)
{
  VigilWindow *self = (VigilWindow *) object;

  if (self->settings != NULL)
    {
      g_settings_unbind (self, "default-width");
      g_settings_unbind (self, "default-height");
      g_settings_unbind (self, "maximized");
    }

  g_clear_handle_id (&self->badge_idle_id, g_source_remove);
  if (self->monitoring != NULL)
    g_signal_handlers_disconnect_by_func (self->monitoring, on_monitoring_alert_cb, self);
  g_clear_object (&self->monitoring);
  gtk_widget_dispose_template (GTK_WIDGET (self), VIGIL_TYPE_WINDOW);
  g_clear_object (&self->settings);
  g_clear_object (&self->store);
  g_clear_object (&self->context);

  G_OBJECT_CLASS (vigil_window_parent_class)->dispose (object);
}

static void
vigil_window_get_property (GObject    *object,
                           guint       prop_id,
                           GValue     *value,
                           GParamSpec *pspec)
{
  VigilWindow *self = VIGIL_WINDOW (object);

  switch (prop_id)
    {
    case PROP_CONTEXT:
      g_value_set_object (value, self->context);
      break;
    case PROP_STORE:
      g_value_set_object (value, self->store);
      break;
    case PROP_DEMO:
      g_value_set_boolean (value, self->demo);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
vigil_window_set_property (GObject      *object,
                           guint         prop_id,
                           const GValue *value,
                           GParamSpec   *pspec)
{
  VigilWindow *self = VIGIL_WINDOW (object);

  switch (prop_id)
    {
    case PROP_CONTEXT:
      self->context = g_value_dup_object (value);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
vigil_window_class_init (VigilWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->constructed = vigil_window_constructed;
  object_class->dispose = vigil_window_dispose;
  object_class->get_property = vigil_window_get_property;
  object_class->set_property = vigil_window_set_property;

  /**
   * VigilWindow:context:
   *
   * Everything a window shows comes from its context (construct-only).
   */
  properties[PROP_CONTEXT] =
    g_param_spec_object ("context", NULL, NULL, VIGIL_TYPE_CONTEXT,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_STORE] =
    g_param_spec_object ("store", NULL, NULL, VIGIL_TYPE_STORE,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_DEMO] =
    g_param_spec_boolean ("demo", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  (void) vigil_ui_get_resource ();
  g_type_ensure (VIGIL_TYPE_ACCOUNTS_PAGE);
  g_type_ensure (VIGIL_TYPE_FEED_PAGE);
  g_type_ensure (VIGIL_TYPE_RESEARCH_PAGE);
  g_type_ensure (VIGIL_TYPE_ARCHIVE_PAGE);
  g_type_ensure (VIGIL_TYPE_SOURCES_INDICATOR);
  g_type_ensure (VIGIL_TYPE_WATCHES_PAGE);
  g_type_ensure (VIGIL_TYPE_TRIAGE_PAGE);
  g_type_ensure (VIGIL_TYPE_TEMPLATES_PAGE);
  g_type_ensure (VIGIL_TYPE_DRILLS_PAGE);
  g_type_ensure (VIGIL_TYPE_OFFLINE_BAR);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/vigilapp/Vigil/vigil-window.ui");
  gtk_widget_class_bind_template_child (widget_class, VigilWindow, toast_overlay);
  gtk_widget_class_bind_template_child (widget_class, VigilWindow, switcher_title);
  gtk_widget_class_bind_template_child (widget_class, VigilWindow, search_button);
  gtk_widget_class_bind_template_child (widget_class, VigilWindow, demo_revealer);
  gtk_widget_class_bind_template_child (widget_class, VigilWindow, demo_badge);
  gtk_widget_class_bind_template_child (widget_class, VigilWindow, demo_bar);
  gtk_widget_class_bind_template_child (widget_class, VigilWindow, demo_label);
  gtk_widget_class_bind_template_child (widget_class, VigilWindow, stack);
  gtk_widget_class_bind_template_child (widget_class, VigilWindow, feed_page);
  gtk_widget_class_bind_template_child (widget_class, VigilWindow, archive_page);
  gtk_widget_class_bind_template_child (widget_class, VigilWindow, accounts_page);
  gtk_widget_class_bind_template_child (widget_class, VigilWindow, research_page);
  gtk_widget_class_bind_template_child (widget_class, VigilWindow, watches_page);
  gtk_widget_class_bind_template_child (widget_class, VigilWindow, triage_page);
  gtk_widget_class_bind_template_child (widget_class, VigilWindow, templates_page);
  gtk_widget_class_bind_template_child (widget_class, VigilWindow, drills_page);

  gtk_widget_class_install_action (widget_class, "win.search", NULL, search_action);
  gtk_widget_class_install_action (widget_class, "win.show-page", "s", show_page_action);
  gtk_widget_class_install_action (widget_class, "win.send-to-triage", "ax", send_to_triage_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_4, GDK_ALT_MASK, "win.show-page", "s", "triage");
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_f, GDK_CONTROL_MASK, "win.search", NULL);
}

static void
vigil_window_init (VigilWindow *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  g_object_bind_property (self->search_button, "active",
                          self->feed_page, "search-mode",
                          G_BINDING_BIDIRECTIONAL | G_BINDING_SYNC_CREATE);
  g_signal_connect_object (self->stack, "notify::visible-child-name",
                           G_CALLBACK (on_visible_child_changed_cb), self, G_CONNECT_SWAPPED);

  g_signal_connect_object (self->switcher_title, "notify::title-visible",
                           G_CALLBACK (on_title_visible_changed_cb), self, G_CONNECT_SWAPPED);
  gtk_widget_set_visible (GTK_WIDGET (self->demo_revealer), FALSE);
}

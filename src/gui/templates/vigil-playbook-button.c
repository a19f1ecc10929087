/* vigil-playbook-button.c: a case's playbook checklist, in a popover
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "vigil-playbook-button"

#include "config.h"

#include <glib/gi18n.h>

#include "vigil-playbook-button.h"
#include "vigil-template-responder.h"

struct _VigilPlaybookButton
{
  GtkWidget             parent_instance;

  VigilCaseBoard       *board;
  VigilCase            *kase;
  VigilPlaybookService *service;
  VigilPlaybookRun     *run;
  GtkMenuButton        *button;
  GtkBox               *content;
  gboolean              updating;
};

G_DEFINE_FINAL_TYPE (VigilPlaybookButton, vigil_playbook_button, GTK_TYPE_WIDGET)

static void rebuild (VigilPlaybookButton *self);

VigilPlaybookRun *
vigil_playbook_button_get_run (VigilPlaybookButton *self)
{
  return self->run;
}

static void
set_run (VigilPlaybookButton *self,
         VigilPlaybookRun    *run)
{
  if (self->run)
    g_signal_handlers_disconnect_by_data (self->run, self);
  g_set_object (&self->run, run);
  if (run)
    g_signal_connect_swapped (run, "step-changed", G_CALLBACK (rebuild), self);
  rebuild (self);
}

VigilPlaybookRun *
vigil_playbook_button_start (VigilPlaybookButton  *self,
                             const char           *playbook_id,
                             GError              **error)
{
  VigilPlaybookRun *run = vigil_playbook_service_start_run (self->service, playbook_id,
                                                            vigil_case_get_id (self->kase), NULL, NULL, error);
  if (run)
    set_run (self, run);
  return run;
}

gboolean
vigil_playbook_button_tick (VigilPlaybookButton  *self,
                            guint                 step,
                            gboolean              done,
                            GError              **error)
{
  if (!self->run || step >= vigil_playbook_run_get_n_steps (self->run))
    return FALSE;
  return vigil_playbook_service_tick (self->service, self->run, vigil_playbook_run_get_step (self->run, step)->id,
                                      done, NULL, error);
}

static void
on_start_clicked_cb (GtkButton           *button,
                     VigilPlaybookButton *self)
{
  g_autoptr(GError) error = NULL;

  if (!vigil_playbook_button_start (self, g_object_get_data (G_OBJECT (button), "vigil-playbook"), &error))
    g_warning ("Could not start the playbook: %s", error->message);
}

static void
on_check_toggled_cb (GtkCheckButton      *check,
                     VigilPlaybookButton *self)
{
  g_autoptr(GError) error = NULL;
  guint step = GPOINTER_TO_UINT (g_object_get_data (G_OBJECT (check), "vigil-step"));

  if (self->updating)
    return;
  if (!vigil_playbook_button_tick (self, step, gtk_check_button_get_active (check), &error))
    {
      /* someone else ticked meanwhile: show what is true now */
      g_debug ("tick refused: %s", error ? error->message : "?");
      rebuild (self);
    }
}

static void
on_use_template_clicked_cb (GtkButton           *button,
                            VigilPlaybookButton *self)
{
  VigilContext *context = vigil_case_board_get_context (self->board);
  VigilTemplateLibrary *library = vigil_context_ensure_service (context, VIGIL_TYPE_TEMPLATE_LIBRARY);
  GtkWidget *responder;

  vigil_template_library_load (library, NULL);
  responder = vigil_template_responder_new (self->board, self->kase, library);
  vigil_template_responder_select (VIGIL_TEMPLATE_RESPONDER (responder), g_object_get_data (G_OBJECT (button), "vigil-template"));
  gtk_menu_button_popdown (self->button);
  gtk_window_set_transient_for (GTK_WINDOW (responder), GTK_WINDOW (gtk_widget_get_root (GTK_WIDGET (self))));
  gtk_window_present (GTK_WINDOW (responder));
}

static void
rebuild (VigilPlaybookButton *self)
{
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->content))))
    gtk_box_remove (self->content, child);
  self->updating = TRUE;

  if (!self->run)
    {
      GtkWidget *label = gtk_label_new (_("Work through a crisis step by step: start a playbook for this case."));

      gtk_label_set_wrap (GTK_LABEL (label), TRUE);
      gtk_label_set_max_width_chars (GTK_LABEL (label), 40);
      gtk_label_set_xalign (GTK_LABEL (label), 0);
      gtk_box_append (self->content, label);
      for (const char * const *id = vigil_playbook_service_list_playbooks (self->service); *id; id++)
        {
          /* Translators: %s is a playbook's title, e.g. "Hacked account" */
          g_autofree char *text = g_strdup_printf (_("Start “%s”"),
                                                   vigil_playbook_service_get_playbook_title (self->service, *id));
          GtkWidget *button = gtk_button_new_with_label (text);

          g_object_set_data_full (G_OBJECT (button), "vigil-playbook", g_strdup (*id), g_free);
          g_signal_connect (button, "clicked", G_CALLBACK (on_start_clicked_cb), self);
          gtk_box_append (self->content, button);
        }
      gtk_menu_button_set_label (self->button, _("Playbook"));
      self->updating = FALSE;
      return;
    }

  {
    g_autofree char *progress = NULL;
    g_autofree char *title = NULL;
    GtkWidget *heading;

    g_object_get (self->run, "progress-label", &progress, NULL);
    title = g_strdup_printf ("%s — %s", vigil_playbook_run_get_title (self->run), progress);
    heading = gtk_label_new (title);
    gtk_widget_add_css_class (heading, "heading");
    gtk_label_set_xalign (GTK_LABEL (heading), 0);
    gtk_box_append (self->content, heading);
    /* Translators: the button: "Playbook 2/5" */
    g_free (title);
    title = g_strdup_printf (_("Playbook %u/%u"), vigil_playbook_run_get_n_done (self->run),
                             vigil_playbook_run_get_n_steps (self->run));
    gtk_menu_button_set_label (self->button, title);
  }
  for (guint i = 0; i < vigil_playbook_run_get_n_steps (self->run); i++)
    {
      const VigilPlaybookStep *step = vigil_playbook_run_get_step (self->run, i);
      g_autofree char *label = g_strdup_printf ("%u. %s", i + 1, step->title);
      GtkWidget *check = gtk_check_button_new_with_label (label);
      GtkWidget *row = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);

      gtk_check_button_set_active (GTK_CHECK_BUTTON (check), step->done);
      gtk_widget_set_tooltip_text (check, step->detail);
      gtk_widget_set_hexpand (check, TRUE);
      g_object_set_data (G_OBJECT (check), "vigil-step", GUINT_TO_POINTER (i));
      g_signal_connect (check, "toggled", G_CALLBACK (on_check_toggled_cb), self);
      gtk_box_append (GTK_BOX (row), check);
      if (step->template)
        {
          GtkWidget *use = gtk_button_new_from_icon_name ("document-edit-symbolic");

          gtk_widget_set_tooltip_text (use, _("Respond with this step's template"));
          gtk_widget_add_css_class (use, "flat");
          g_object_set_data_full (G_OBJECT (use), "vigil-template", g_strdup (step->template), g_free);
          g_signal_connect (use, "clicked", G_CALLBACK (on_use_template_clicked_cb), self);
          gtk_box_append (GTK_BOX (row), use);
        }
      gtk_box_append (self->content, row);
      if (step->done_by)
        {
          g_autoptr(GDateTime) utc = g_date_time_new_from_unix_utc (step->done_at / G_USEC_PER_SEC);
          g_autoptr(GDateTime) local = g_date_time_to_local (utc);
          g_autofree char *when = g_date_time_format (local, "%H:%M");
          /* Translators: who ticked or unticked a step, and when */
          g_autofree char *who = g_strdup_printf (step->done ? _("Done by %s at %s") : _("Unticked by %s at %s"),
                                                  step->done_by, when);
          GtkWidget *by = gtk_label_new (who);

          gtk_widget_add_css_class (by, "caption");
          gtk_widget_add_css_class (by, "dim-label");
          gtk_label_set_xalign (GTK_LABEL (by), 0);
          gtk_widget_set_margin_start (by, 28);
          gtk_box_append (self->content, by);
        }
    }
  self->updating = FALSE;
}

GtkWidget *
vigil_playbook_button_new (VigilCaseBoard *board,
                           VigilCase      *kase)
{
  VigilPlaybookButton *self = g_object_new (VIGIL_TYPE_PLAYBOOK_BUTTON, NULL);
  VigilContext *context = vigil_case_board_get_context (board);
  g_autoptr(GPtrArray) runs = NULL;

  self->board = g_object_ref (board);
  self->kase = g_object_ref (kase);
  self->service = g_object_ref (vigil_context_ensure_service (context, VIGIL_TYPE_PLAYBOOK_SERVICE));
  runs = vigil_playbook_service_list_runs (self->service, vigil_case_get_id (kase));
  set_run (self, runs->len ? g_ptr_array_index (runs, runs->len - 1) : NULL);
  return GTK_WIDGET (self);
}

static void
vigil_playbook_button_dispose (GObject *object)
{
  VigilPlaybookButton *self = VIGIL_PLAYBOOK_BUTTON (object);

  if (self->run)
    g_signal_handlers_disconnect_by_data (self->run, self);
  g_clear_object (&self->run);
  if (self->button)
    {
      gtk_widget_unparent (GTK_WIDGET (self->button));
      self->button = NULL;
    }
  g_clear_object (&self->board);
  g_clear_object (&self->kase);
  g_clear_object (&self->service);
  G_OBJECT_CLASS (vigil_playbook_button_parent_class)->dispose (object);
}

static void
vigil_playbook_button_class_init (VigilPlaybookButtonClass *klass)
{
  G_OBJECT_CLASS (klass)->dispose = vigil_playbook_button_dispose;
  gtk_widget_class_set_layout_manager_type (GTK_WIDGET_CLASS (klass), GTK_TYPE_BIN_LAYOUT);
}

static void
vigil_playbook_button_init (VigilPlaybookButton *self)
{
  GtkWidget *popover = gtk_popover_new ();

  self->content = GTK_BOX (gtk_box_new (GTK_ORIENTATION_VERTICAL, 6));
  gtk_widget_set_margin_top (GTK_WIDGET (self->content), 6);
  gtk_widget_set_margin_bottom (GTK_WIDGET (self->content), 6);
  gtk_widget_set_margin_start (GTK_WIDGET (self->content), 6);
  gtk_widget_set_margin_end (GTK_WIDGET (self->content), 6);
  gtk_popover_set_child (GTK_POPOVER (popover), GTK_WIDGET (self->content));
  self->button = GTK_MENU_BUTTON (gtk_menu_button_new ());
  gtk_menu_button_set_label (self->button, _("Playbook"));
  gtk_menu_button_set_popover (self->button, popover);
  gtk_widget_set_tooltip_text (GTK_WIDGET (self->button), _("The playbook checklist for this case"));
  gtk_widget_set_parent (GTK_WIDGET (self->button), GTK_WIDGET (self));
}

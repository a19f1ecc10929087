/* vigil-case-view.c: one case: its post, state, reply, notes and log
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "vigil-case-view"

#include "config.h"

#include <glib/gi18n.h>

#include "feed/vigil-annotation-labels.h"
#include "vigil-case-card.h"
#include "vigil-case-view.h"
#include "templates/vigil-template-responder.h"

struct _VigilCaseView
{
  AdwWindow        parent_instance;

  VigilCaseBoard  *board;
  VigilCase       *kase;
  GSignalGroup    *signals;
  char            *shown_draft;
  gint64           shown_version;
  gboolean         updating;

  AdwWindowTitle  *window_title;
  GtkButton       *claim_button;
  AdwToastOverlay *toast_overlay;
  GtkLabel        *thread_label;
  GtkLabel        *author_label;
  GtkLabel        *text_label;
  GtkLabel        *meta_label;
  AdwActionRow    *state_row;
  AdwComboRow     *role_row;
  AdwComboRow     *severity_row;
  AdwActionRow    *due_row;
  GtkButton       *escalate_button;
  GtkButton       *leave_button;
  GtkButton       *resolve_button;
  GtkButton       *reopen_button;
  GtkTextView     *draft_view;
  GtkLabel        *approval_label;
  GtkBox          *case_actions;
  GtkButton       *save_draft_button;
  GtkButton       *reject_button;
  GtkButton       *approve_button;
  GtkButton       *respond_button;
  AdwEntryRow     *note_row;
  AdwEntryRow     *related_row;
  AdwActionRow    *related_list_row;
  GtkListBox      *log_list;
};

G_DEFINE_FINAL_TYPE (VigilCaseView, vigil_case_view, ADW_TYPE_WINDOW)

static void
toast (VigilCaseView *self,
       const char    *message)
{
  adw_toast_overlay_add_toast (self->toast_overlay, adw_toast_new (message));
}

static gboolean
allowed (VigilCaseView *self,
         VigilCaseOp    op)
{
  return vigil_case_transition (vigil_case_get_state (self->kase), op, vigil_case_get_needs_approval (self->kase),
                                vigil_case_get_approved_by (self->kase) != NULL, vigil_case_get_id (self->kase),
                                NULL, NULL);
}

static const char *
actor (VigilCaseView *self)
{
  return vigil_context_get_actor (vigil_case_board_get_context (self->board));
}

static void
rebuild_log (VigilCaseView *self)
{
  g_autoptr(GPtrArray) records = NULL;
  g_autoptr(GError) error = NULL;
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->log_list))))
    gtk_list_box_remove (self->log_list, child);
  records = vigil_case_board_list_log (self->board, self->kase, &error);
  if (records == NULL)
    {
      toast (self, error->message);
      return;
    }
  for (guint i = 0; i < records->len; i++)
    {
      VigilRecord *record = g_ptr_array_index (records, i);
      g_autofree char *title = vigil_case_board_describe_record (self->board, record);
      g_autoptr(GDateTime) at = g_date_time_new_from_unix_local (record->at_us / G_USEC_PER_SEC);
      g_autofree char *when = g_date_time_format (at, "%Y-%m-%d %H:%M:%S");
      g_autofree char *subtitle = g_strdup_printf ("%s · %s", record->actor, when);
      GtkWidget *row = adw_action_row_new ();

      adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
      adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);
      gtk_list_box_append (self->log_list, row);
    }
}

static void
refresh (VigilCaseView *self)
{
  VigilCase *kase = self->kase;
  VigilPost *post = vigil_case_get_post (kase);
  VigilCaseState state = vigil_case_get_state (kase);
  const char *claimed = vigil_case_get_claimed_by (kase);
  const char *draft = vigil_case_get_draft (kase);
  g_autofree char *title = g_strdup_printf (_("Case %s"), vigil_case_get_id (kase));
  g_autofree char *approval = NULL;
  g_autofree char *related = NULL;
  GListModel *roles = vigil_case_board_get_roles (self->board);
  guint role_index = GTK_INVALID_LIST_POSITION;

  self->updating = TRUE;
  adw_window_title_set_title (self->window_title, title);
  adw_window_title_set_subtitle (self->window_title, vigil_case_state_get_label (state));
  gtk_window_set_title (GTK_WINDOW (self), title);

  if (post)
    {
      g_autofree char *author = g_strdup_printf ("%s (%s)", vigil_post_get_author_name (post)
                                                 ? vigil_post_get_author_name (post) : vigil_post_get_author (post),
                                                 vigil_post_get_author (post));
      GDateTime *created = vigil_post_get_created_at (post);
      g_autofree char *when = created ? g_date_time_format (created, "%Y-%m-%d %H:%M") : g_strdup ("");
      g_autofree char *meta = g_strdup_printf ("%s · %s · %s", vigil_case_card_platform_label (post), when,
                                               vigil_post_get_url (post) ? vigil_post_get_url (post) : "");

      gtk_label_set_label (self->author_label, author);
      gtk_label_set_label (self->text_label, vigil_post_get_text (post) ? vigil_post_get_text (post) : "");
      gtk_label_set_label (self->meta_label, meta);
      if (vigil_post_get_parent_id (post))
        {
          /* Translators: the post a case's post answers */
          g_autofree char *thread = g_strdup_printf (_("In reply to post %s"), vigil_post_get_parent_id (post));
          gtk_label_set_label (self->thread_label, thread);
        }
      gtk_widget_set_visible (GTK_WIDGET (self->thread_label), vigil_post_get_parent_id (post) != NULL);
    }
  else
    gtk_label_set_label (self->text_label, _("The post is not in this archive."));

  {
    /* Translators: a case's state and who works on it */
    g_autofree char *state_text = claimed ? g_strdup_printf (_("%s — worked on by %s"),
                                                             vigil_case_state_get_label (state), claimed)
                                          : g_strdup (vigil_case_state_get_label (state));
    adw_action_row_set_subtitle (self->state_row, state_text);
  }
  for (guint i = 0; i < g_list_model_get_n_items (roles); i++)
    {
      g_autoptr(VigilTriageRole) role = g_list_model_get_item (roles, i);
      if (g_strcmp0 (vigil_triage_role_get_id (role), vigil_case_get_role (kase)) == 0)
        role_index = i;
    }
  adw_combo_row_set_selected (self->role_row, role_index);
  adw_combo_row_set_selected (self->severity_row, vigil_case_get_severity (kase));
  adw_action_row_set_subtitle (self->due_row, vigil_case_get_sla_text (kase) ? vigil_case_get_sla_text (kase) : "—");

  gtk_widget_set_sensitive (GTK_WIDGET (self->escalate_button), allowed (self, VIGIL_CASE_OP_ESCALATE));
  gtk_widget_set_sensitive (GTK_WIDGET (self->leave_button), allowed (self, VIGIL_CASE_OP_LEAVE));
  gtk_widget_set_sensitive (GTK_WIDGET (self->resolve_button), allowed (self, VIGIL_CASE_OP_RESOLVE));
  gtk_widget_set_sensitive (GTK_WIDGET (self->reopen_button), allowed (self, VIGIL_CASE_OP_REOPEN));
  gtk_widget_set_sensitive (GTK_WIDGET (self->save_draft_button), allowed (self, VIGIL_CASE_OP_DRAFT));
  gtk_widget_set_sensitive (GTK_WIDGET (self->approve_button), allowed (self, VIGIL_CASE_OP_APPROVE));
  gtk_widget_set_sensitive (GTK_WIDGET (self->reject_button), allowed (self, VIGIL_CASE_OP_REJECT));
  gtk_widget_set_sensitive (GTK_WIDGET (self->respond_button), allowed (self, VIGIL_CASE_OP_RESPOND));

  gtk_widget_remove_css_class (GTK_WIDGET (self->claim_button), "destructive-action");
  if (claimed && g_strcmp0 (claimed, actor (self)) == 0)
    gtk_button_set_label (self->claim_button, _("_Release"));
  else if (claimed)
    {
      gtk_button_set_label (self->claim_button, _("_Take Over"));
      gtk_widget_add_css_class (GTK_WIDGET (self->claim_button), "destructive-action");
    }
  else
    gtk_button_set_label (self->claim_button, _("_Claim"));
  gtk_widget_set_sensitive (GTK_WIDGET (self->claim_button),
                            claimed || allowed (self, VIGIL_CASE_OP_CLAIM));

  if (g_strcmp0 (draft, self->shown_draft) != 0)
    {
      gtk_text_buffer_set_text (gtk_text_view_get_buffer (self->draft_view), draft ? draft : "", -1);
      g_free (self->shown_draft);
      self->shown_draft = g_strdup (draft);
    }
  if (vigil_case_get_needs_approval (kase))
    approval = g_strdup_printf (vigil_case_get_approved_by (kase)
                                ? _("Approved by %s.") : _("This reply needs a senior's approval before it goes out%s."),
                                vigil_case_get_approved_by (kase) ? vigil_case_get_approved_by (kase)
                                : vigil_case_get_moderation (kase) ? _(" (moderation flag)") : _(" (high severity)"));
  else
    approval = g_strdup (_("No approval needed for this reply."));
  if (vigil_case_get_draft_template (kase))
    {
      g_autofree char *with = g_strdup_printf (_("%s Drafted from template %s."), approval,
                                               vigil_case_get_draft_template (kase));
      g_free (approval);
      approval = g_steal_pointer (&with);
    }
  gtk_label_set_label (self->approval_label, approval);

  related = g_strjoinv (", ", (char **) vigil_case_get_related (kase));
  adw_action_row_set_subtitle (self->related_list_row, *related ? related : _("None"));

  if (self->shown_version != vigil_case_get_version (kase))
    {
      self->shown_version = vigil_case_get_version (kase);
      rebuild_log (self);
    }
  self->updating = FALSE;
}

static void
report (VigilCaseView *self,
        gboolean       ok,
        GError        *error)
{
  if (!ok && error)
    toast (self, error->message);
}

/* --- template callbacks -------------------------------------------------- */

static void
on_claim_clicked_cb (VigilCaseView *self)
{
  g_autoptr(GError) error = NULL;
  const char *claimed = vigil_case_get_claimed_by (self->kase);

  if (claimed && g_strcmp0 (claimed, actor (self)) == 0)
    report (self, vigil_case_board_release (self->board, self->kase, &error), error);
  else
    report (self, vigil_case_board_claim (self->board, self->kase, claimed != NULL, &error), error);
}

static void
on_escalate_clicked_cb (VigilCaseView *self)
{
  g_autoptr(GError) error = NULL;
  report (self, vigil_case_board_escalate (self->board, self->kase, NULL, &error), error);
}

static void
on_leave_clicked_cb (VigilCaseView *self)
{
  g_autoptr(GError) error = NULL;
  const char *reason = gtk_editable_get_text (GTK_EDITABLE (self->note_row));

  /* the note field, when filled, is the reason */
  report (self, vigil_case_board_leave (self->board, self->kase, *reason ? reason : NULL, &error), error);
  if (!error)
    gtk_editable_set_text (GTK_EDITABLE (self->note_row), "");
}

static void
on_resolve_clicked_cb (VigilCaseView *self)
{
  g_autoptr(GError) error = NULL;
  report (self, vigil_case_board_resolve (self->board, self->kase, NULL, &error), error);
}

static void
on_reopen_clicked_cb (VigilCaseView *self)
{
  g_autoptr(GError) error = NULL;
  report (self, vigil_case_board_reopen (self->board, self->kase, NULL, &error), error);
}

char *
vigil_case_view_get_draft_text (VigilCaseView *self)
{
  GtkTextBuffer *buffer;
  GtkTextIter start, end;

  g_return_val_if_fail (VIGIL_IS_CASE_VIEW (self), NULL);

  buffer = gtk_text_view_get_buffer (self->draft_view);
  gtk_text_buffer_get_bounds (buffer, &start, &end);
  return gtk_text_buffer_get_text (buffer, &start, &end, FALSE);
}

static void
on_save_draft_clicked_cb (VigilCaseView *self)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *text = vigil_case_view_get_draft_text (self);

  /* the buffer is what was typed: don't let refresh() replace it */
  g_free (self->shown_draft);
  self->shown_draft = g_strdup (text);
  report (self, vigil_case_board_save_draft (self->board, self->kase, text, NULL, 0, NULL, &error), error);
}

static void
on_approve_clicked_cb (VigilCaseView *self)
{
  g_autoptr(GError) error = NULL;
  report (self, vigil_case_board_approve (self->board, self->kase, NULL, &error), error);
}

static void
on_reject_clicked_cb (VigilCaseView *self)
{
  g_autoptr(GError) error = NULL;
  const char *why = gtk_editable_get_text (GTK_EDITABLE (self->note_row));

  report (self, vigil_case_board_reject (self->board, self->kase, *why ? why : NULL, &error), error);
  if (!error)
    gtk_editable_set_text (GTK_EDITABLE (self->note_row), "");
}

static void
on_respond_clicked_cb (VigilCaseView *self)
{
  g_autoptr(GError) error = NULL;
  report (self, vigil_case_board_respond (self->board, self->kase, NULL, &error), error);
}

static void
on_note_apply_cb (VigilCaseView *self)
{
  g_autoptr(GError) error = NULL;
  const char *text = gtk_editable_get_text (GTK_EDITABLE (self->note_row));

  report (self, vigil_case_board_add_note (self->board, self->kase, text, &error), error);
  if (!error)
    gtk_editable_set_text (GTK_EDITABLE (self->note_row), "");
}

static void
on_related_apply_cb (VigilCaseView *self)
{
  g_autoptr(GError) error = NULL;
  const char *ref = gtk_editable_get_text (GTK_EDITABLE (self->related_row));
  VigilCase *other = vigil_case_board_ensure_case (self->board, ref, &error);

  if (other)
    report (self, vigil_case_board_link (self->board, self->kase, other, &error), error);
  else
    report (self, FALSE, error);
  if (!error)
    gtk_editable_set_text (GTK_EDITABLE (self->related_row), "");
}

static void
on_role_selected_cb (VigilCaseView *self)
{
  g_autoptr(VigilTriageRole) role = NULL;
  g_autoptr(GError) error = NULL;
  guint index = adw_combo_row_get_selected (self->role_row);

  if (self->updating || index == GTK_INVALID_LIST_POSITION)
    return;
  role = g_list_model_get_item (vigil_case_board_get_roles (self->board), index);
  if (role && g_strcmp0 (vigil_triage_role_get_id (role), vigil_case_get_role (self->kase)) != 0)
    report (self, vigil_case_board_assign (self->board, self->kase, vigil_triage_role_get_id (role),
                                           NULL, NULL, &error), error);
  if (error)
    refresh (self);
}

static void
on_severity_selected_cb (VigilCaseView *self)
{
  g_autoptr(GError) error = NULL;
  guint index = adw_combo_row_get_selected (self->severity_row);

  if (self->updating || index >= VIGIL_N_SEVERITIES)
    return;
  report (self, vigil_case_board_set_severity (self->board, self->kase, index, &error), error);
  if (error)
    refresh (self);
}

/* --- public -------------------------------------------------------------- */

GtkWidget *
vigil_case_view_new (VigilCaseBoard *board,
                     VigilCase      *kase)
{
  VigilCaseView *self;
  g_autoptr(GtkStringList) roles = gtk_string_list_new (NULL);
  g_autoptr(GtkStringList) severities = gtk_string_list_new (NULL);
  GListModel *model;

  g_return_val_if_fail (VIGIL_IS_CASE_BOARD (board), NULL);
  g_return_val_if_fail (VIGIL_IS_CASE (kase), NULL);

  self = g_object_new (VIGIL_TYPE_CASE_VIEW, NULL);
  self->board = g_object_ref (board);
  self->kase = g_object_ref (kase);

  model = vigil_case_board_get_roles (board);
  for (guint i = 0; i < g_list_model_get_n_items (model); i++)
    {
      g_autoptr(VigilTriageRole) role = g_list_model_get_item (model, i);
      gtk_string_list_append (roles, vigil_triage_role_get_name (role));
    }
  for (guint s = 0; s < VIGIL_N_SEVERITIES; s++)
    gtk_string_list_append (severities, vigil_severity_get_label (s));
  adw_combo_row_set_model (self->role_row, G_LIST_MODEL (roles));
  adw_combo_row_set_model (self->severity_row, G_LIST_MODEL (severities));
  g_signal_connect_object (self->role_row, "notify::selected", G_CALLBACK (on_role_selected_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->severity_row, "notify::selected", G_CALLBACK (on_severity_selected_cb), self, G_CONNECT_SWAPPED);

  self->shown_version = -1;
  /* templates: "Respond with Template…" and the playbook checklist */
  vigil_template_responder_attach (GTK_WIDGET (self), self->case_actions, board, kase);
  g_signal_group_set_target (self->signals, kase);
  refresh (self);
  return GTK_WIDGET (self);
}

VigilCase *
vigil_case_view_get_case (VigilCaseView *self)
{
  g_return_val_if_fail (VIGIL_IS_CASE_VIEW (self), NULL);
  return self->kase;
}

GtkBox *
vigil_case_view_get_actions_box (VigilCaseView *self)
{
  g_return_val_if_fail (VIGIL_IS_CASE_VIEW (self), NULL);
  return self->case_actions;
}

/* --- GObject ------------------------------------------------------------- */

static void
vigil_case_view_dispose (GObject *object)
{
  VigilCaseView *self = (VigilCaseView *) object;

  if (self->signals)
    g_signal_group_set_target (self->signals, NULL);
  g_clear_object (&self->signals);
  gtk_widget_dispose_template (GTK_WIDGET (self), VIGIL_TYPE_CASE_VIEW);
  g_clear_object (&self->kase);
  g_clear_object (&self->board);
  g_clear_pointer (&self->shown_draft, g_free);

  G_OBJECT_CLASS (vigil_case_view_parent_class)->dispose (object);
}

static void
vigil_case_view_class_init (VigilCaseViewClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = vigil_case_view_dispose;

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/vigilapp/Vigil/triage/vigil-case-view.ui");
  gtk_widget_class_bind_template_child (widget_class, VigilCaseView, window_title);
  gtk_widget_class_bind_template_child (widget_class, VigilCaseView, claim_button);
  gtk_widget_class_bind_template_child (widget_class, VigilCaseView, toast_overlay);
  gtk_widget_class_bind_template_child (widget_class, VigilCaseView, thread_label);
  gtk_widget_class_bind_template_child (widget_class, VigilCaseView, author_label);
  gtk_widget_class_bind_template_child (widget_class, VigilCaseView, text_label);
  gtk_widget_class_bind_template_child (widget_class, VigilCaseView, meta_label);
  gtk_widget_class_bind_template_child (widget_class, VigilCaseView, state_row);
  gtk_widget_class_bind_template_child (widget_class, VigilCaseView, role_row);
  gtk_widget_class_bind_template_child (widget_class, VigilCaseView, severity_row);
  gtk_widget_class_bind_template_child (widget_class, VigilCaseView, due_row);
  gtk_widget_class_bind_template_child (widget_class, VigilCaseView, escalate_button);
  gtk_widget_class_bind_template_child (widget_class, VigilCaseView, leave_button);
  gtk_widget_class_bind_template_child (widget_class, VigilCaseView, resolve_button);
  gtk_widget_class_bind_template_child (widget_class, VigilCaseView, reopen_button);
  gtk_widget_class_bind_template_child (widget_class, VigilCaseView, draft_view);
  gtk_widget_class_bind_template_child (widget_class, VigilCaseView, approval_label);
  gtk_widget_class_bind_template_child (widget_class, VigilCaseView, case_actions);
  gtk_widget_class_bind_template_child (widget_class, VigilCaseView, save_draft_button);
  gtk_widget_class_bind_template_child (widget_class, VigilCaseView, reject_button);
  gtk_widget_class_bind_template_child (widget_class, VigilCaseView, approve_button);
  gtk_widget_class_bind_template_child (widget_class, VigilCaseView, respond_button);
  gtk_widget_class_bind_template_child (widget_class, VigilCaseView, note_row);
  gtk_widget_class_bind_template_child (widget_class, VigilCaseView, related_row);
  gtk_widget_class_bind_template_child (widget_class, VigilCaseView, related_list_row);
  gtk_widget_class_bind_template_child (widget_class, VigilCaseView, log_list);
  gtk_widget_class_bind_template_callback (widget_class, on_claim_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_escalate_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_leave_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_resolve_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_reopen_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_save_draft_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_approve_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_reject_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_respond_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_note_apply_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_related_apply_cb);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
}

static void
vigil_case_view_init (VigilCaseView *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  self->signals = g_signal_group_new (VIGIL_TYPE_CASE);
  g_signal_group_connect_object (self->signals, "notify", G_CALLBACK (refresh), self, G_CONNECT_SWAPPED);
}

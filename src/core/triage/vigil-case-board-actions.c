/* vigil-case-board-actions.c: what people do to cases, one record each
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "vigil-case-board"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <json-glib/json-glib.h>

#include "vigil-case-board-private.h"
#include "vigil-json-writer.h"

void
_vigil_undo_entry_free (gpointer data)
{
  VigilUndoEntry *entry = data;

  g_free (entry->case_id);
  g_free (entry->actor);
  _vigil_case_snapshot_clear (&entry->before);
  g_free (entry);
}

static gboolean
check_text (const char *text,
            gsize       max,
            gboolean    required,
            const char *what,
            GError    **error)
{
  if (text == NULL || *text == '\0')
    {
      if (!required)
        return TRUE;
      g_set_error (error, VIGIL_CASE_ERROR, VIGIL_CASE_ERROR_INVALID,
                   /* Translators: %s is "note", "draft reply"… */
                   _("The %s is empty: write something first"), what);
      return FALSE;
    }
  if (strlen (text) > max || !g_utf8_validate (text, -1, NULL))
    {
      g_set_error (error, VIGIL_CASE_ERROR, VIGIL_CASE_ERROR_INVALID,
                   _("The %s is too long or not valid UTF-8 (at most %zu bytes)"), what, max);
      return FALSE;
    }
  return TRUE;
}

/* Someone else claimed the case: only they (or a take-over) may work on it. */
static gboolean
check_claim (VigilCaseBoard *self,
             VigilCase      *kase,
             GError        **error)
{
  const char *claimed = vigil_case_get_claimed_by (kase);

  if (claimed && g_strcmp0 (claimed, _vigil_case_board_actor (self)) != 0)
    {
      g_set_error (error, VIGIL_CASE_ERROR, VIGIL_CASE_ERROR_CLAIMED,
                   _("Case %s is claimed by %s: take it over explicitly to work on it"),
                   vigil_case_get_id (kase), claimed);
      return FALSE;
    }
  return TRUE;
}

/* Appends one record for kase (expected version = the version we know) and
 * applies it. extra: more members, each starting with a comma. */
static gboolean
commit (VigilCaseBoard          *self,
        VigilCase               *kase,
        VigilCaseOp              op,
        const VigilCaseSnapshot *after,
        const char              *note,
        const char              *extra,
        gint64                  *out_seq,
        GError                 **error)
{
  g_autoptr(GString) body = g_string_new ("{");
  g_autoptr(VigilRecord) record = NULL;
  g_autoptr(GError) local_error = NULL;
  const char *id = vigil_case_get_id (kase);

  if (!check_text (note, VIGIL_CASE_MAX_NOTE, FALSE, _("note"), error))
    return FALSE;

  vigil_json_writer_member (body, "op", vigil_case_op_to_string (op), FALSE);
  vigil_json_writer_member (body, "from", vigil_case_state_to_string (vigil_case_get_state (kase)), TRUE);
  vigil_json_writer_member (body, "to", vigil_case_state_to_string (after->state), TRUE);
#define MEMBER(name, value) \
  G_STMT_START { \
    if (value) vigil_json_writer_member (body, name, value, TRUE); \
    else g_string_append (body, ",\"" name "\":null"); \
  } G_STMT_END
  MEMBER ("role", after->role);
  MEMBER ("person", after->person);
  vigil_json_writer_member (body, "severity", vigil_severity_to_string (after->severity), TRUE);
  MEMBER ("claimed_by", after->claimed_by);
  MEMBER ("note", note && *note ? note : NULL);
#undef MEMBER
  if (extra)
    g_string_append (body, extra);
  g_string_append_c (body, '}');

  if (!vigil_store_append_record (self->store, "case", id, vigil_case_get_version (kase),
                                  _vigil_case_board_actor (self), vigil_context_now_us (self->context),
                                  body->str, &record, &local_error))
    {
      if (g_error_matches (local_error, VIGIL_STORE_ERROR, VIGIL_STORE_ERROR_CONFLICT))
        {
          _vigil_case_board_catch_up (self, id);
          g_set_error (error, VIGIL_CASE_ERROR, VIGIL_CASE_ERROR_CONFLICT,
                       _("Someone else changed case %s first (it is now %s): look at it again, then retry"),
                       id, vigil_case_state_get_label (vigil_case_get_state (kase)));
        }
      else
        g_propagate_error (error, g_steal_pointer (&local_error));
      return FALSE;
    }
  _vigil_case_board_apply_record (self, record);
  if (out_seq)
    *out_seq = record->seq;
  return TRUE;
}

static void
snapshot_init (VigilCase         *kase,
               VigilCaseSnapshot *snap)
{
  snap->state = vigil_case_get_state (kase);
  snap->role = (char *) vigil_case_get_role (kase);
  snap->person = (char *) vigil_case_get_person (kase);
  snap->severity = vigil_case_get_severity (kase);
  snap->claimed_by = (char *) vigil_case_get_claimed_by (kase);
}

static void
push_undo (VigilCaseBoard          *self,
           VigilCase               *kase,
           const VigilCaseSnapshot *before,
           gint64                   seq,
           gboolean                 new_group)
{
  VigilUndoEntry *entry = g_new0 (VigilUndoEntry, 1);

  if (new_group)
    self->undo_group++;
  entry->case_id = g_strdup (vigil_case_get_id (kase));
  entry->actor = g_strdup (_vigil_case_board_actor (self));
  entry->seq = seq;
  entry->version = vigil_case_get_version (kase);
  entry->group = self->undo_group;
  entry->before.state = before->state;
  entry->before.role = g_strdup (before->role);
  entry->before.person = g_strdup (before->person);
  entry->before.severity = before->severity;
  entry->before.claimed_by = g_strdup (before->claimed_by);
  g_ptr_array_add (self->undo, entry);
  /* a day of triage is plenty */
  if (self->undo->len > 1000)
    g_ptr_array_remove_range (self->undo, 0, self->undo->len - 1000);
}

/* commit, and remember how to undo it. */
static gboolean
commit_undoable (VigilCaseBoard          *self,
                 VigilCase               *kase,
                 VigilCaseOp              op,
                 const VigilCaseSnapshot *after,
                 const char              *note,
                 gboolean                 new_group,
                 GError                 **error)
{
  VigilCaseSnapshot before = { 0, };
  gint64 seq = 0;
  gboolean ok;

  _vigil_case_get_snapshot (kase, &before);
  ok = commit (self, kase, op, after, note, NULL, &seq, error);
  if (ok)
    push_undo (self, kase, &before, seq, new_group);
  _vigil_case_snapshot_clear (&before);
  return ok;
}

/* The role with no senior: the top of the escalation chain. */
static VigilTriageRole *
top_role (VigilCaseBoard *self)
{
  GListModel *roles = G_LIST_MODEL (self->roles);

  for (guint i = 0; i < g_list_model_get_n_items (roles); i++)
    {
      g_autoptr(VigilTriageRole) role = g_list_model_get_item (roles, i);

      if (vigil_triage_role_get_senior (role) == NULL)
        return role;
    }
  return NULL;
}

/* Who may approve replies of the case: the senior role of its role. */
static VigilTriageRole *
approving_role (VigilCaseBoard *self,
                VigilCase      *kase)
{
  VigilTriageRole *role = vigil_case_board_find_role (self, vigil_case_get_role (kase));
  VigilTriageRole *senior = role ? vigil_case_board_find_role (self, vigil_triage_role_get_senior (role)) : NULL;

  if (senior)
    return senior;
  return role ? role : top_role (self);
}

static gboolean
check_approver (VigilCaseBoard *self,
                VigilCase      *kase,
                GError        **error)
{
  VigilTriageRole *role = approving_role (self, kase);
  const char *actor = _vigil_case_board_actor (self);

  if (role == NULL || !vigil_triage_role_has_member (role, actor))
    {
      g_set_error (error, VIGIL_CASE_ERROR, VIGIL_CASE_ERROR_NOT_PERMITTED,
                   _("Only a member of %s can approve or reject the reply to case %s "
                     "(%s is not one: add them to the role's members)"),
                   role ? vigil_triage_role_get_name (role) : "?", vigil_case_get_id (kase), actor);
      return FALSE;
    }
  return TRUE;
}

typedef enum {
  ACTION_CHECK_CLAIM    = 1 << 0, /* only whoever claimed the case may do it */
  ACTION_NEEDS_APPROVAL = 1 << 1, /* the transition depends on needs-approval… */
  ACTION_APPROVED       = 1 << 2, /* …and on whether a reply was approved */
  ACTION_CHECK_APPROVER = 1 << 3, /* only the approving role may do it */
  ACTION_UNCLAIM        = 1 << 4, /* nobody works on the case afterwards */
  ACTION_UNDOABLE       = 1 << 5,
} ActionFlags;

#define ACTION_WITH_APPROVAL (ACTION_NEEDS_APPROVAL | ACTION_APPROVED)

/* Checks that op may happen to kase now, and fills after with the case as
 * op leaves it (the caller then changes more of it). */
static gboolean
begin_action (VigilCaseBoard    *self,
              VigilCase         *kase,
              VigilCaseOp        op,
              ActionFlags        flags,
              VigilCaseSnapshot *after,
              GError           **error)
{
  if ((flags & ACTION_CHECK_CLAIM) && !check_claim (self, kase, error))
    return FALSE;
  snapshot_init (kase, after);
  return vigil_case_transition (after->state, op,
                                (flags & ACTION_NEEDS_APPROVAL) ? vigil_case_get_needs_approval (kase) : FALSE,
                                (flags & ACTION_APPROVED) ? vigil_case_get_approved_by (kase) != NULL : FALSE,
                                vigil_case_get_id (kase), &after->state, error);
}

/* An action that changes nothing but the state (and maybe the claim). */
static gboolean
run_action (VigilCaseBoard *self,
            VigilCase      *kase,
            VigilCaseOp     op,
            ActionFlags     flags,
            const char     *note,
            GError        **error)
{
  VigilCaseSnapshot after;

  if (!begin_action (self, kase, op, flags, &after, error) ||
      ((flags & ACTION_CHECK_APPROVER) && !check_approver (self, kase, error)))
    return FALSE;
  if (flags & ACTION_UNCLAIM)
    after.claimed_by = NULL;
  if (flags & ACTION_UNDOABLE)
    return commit_undoable (self, kase, op, &after, note, TRUE, error);
  return commit (self, kase, op, &after, note, NULL, NULL, error);
}

/* --- open --------------------------------------------------------------- */

VigilCase *
_vigil_case_board_open (VigilCaseBoard *self,
                        VigilPost      *post,
                        const char     *actor,
                        const char     *note,
                        GError        **error)
{
  g_autofree char *id = g_strdup_printf ("%" G_GINT64_FORMAT, vigil_post_get_id (post));
  g_autoptr(GString) body = g_string_new ("{");
  g_autoptr(VigilRecord) record = NULL;
  g_autoptr(GError) local_error = NULL;
  const char * const *moderation = vigil_post_get_moderation (post);
  const char *suggested = vigil_triage_suggest_role (post);
  VigilCase *kase = g_hash_table_lookup (self->cases, id);

  if (kase)
    return kase;
  if (vigil_post_get_id (post) <= 0)
    {
      g_set_error (error, VIGIL_CASE_ERROR, VIGIL_CASE_ERROR_UNKNOWN_CASE,
                   _("The post is not archived yet, so it can't become a case"));
      return NULL;
    }
  if (!check_text (note, VIGIL_CASE_MAX_NOTE, FALSE, _("note"), error))
    return NULL;

  vigil_json_writer_member (body, "op", "open", FALSE);
  g_string_append (body, ",\"from\":null,\"to\":\"new\",\"role\":null,\"person\":null,\"claimed_by\":null");
  vigil_json_writer_member (body, "severity", vigil_severity_to_string (vigil_triage_guess_severity (post)), TRUE);
  g_string_append_printf (body, ",\"post_id\":%" G_GINT64_FORMAT, vigil_post_get_id (post));
  vigil_json_writer_member (body, "platform", vigil_post_get_platform_name (post), TRUE);
  vigil_json_writer_member (body, "remote_id", vigil_post_get_remote_id (post), TRUE);
  g_string_append_printf (body, ",\"moderation\":%s", moderation && moderation[0] ? "true" : "false");
  if (suggested)
    vigil_json_writer_member (body, "suggested_role", suggested, TRUE);
  if (note && *note)
    vigil_json_writer_member (body, "note", note, TRUE);
  else
    g_string_append (body, ",\"note\":null");
  g_string_append_c (body, '}');

  if (!vigil_store_append_record (self->store, "case", id, 0, actor,
                                  vigil_context_now_us (self->context), body->str, &record, &local_error))
    {
      /* Another workstation (or the rule) opened it first: that's the case. */
      if (g_error_matches (local_error, VIGIL_STORE_ERROR, VIGIL_STORE_ERROR_CONFLICT))
        {
          _vigil_case_board_catch_up (self, id);
          if ((kase = g_hash_table_lookup (self->cases, id)))
            return kase;
        }
      g_propagate_error (error, g_steal_pointer (&local_error));
      return NULL;
    }
  _vigil_case_board_apply_record (self, record);
  return g_hash_table_lookup (self->cases, id);
}

VigilCase *
vigil_case_board_open_post (VigilCaseBoard *self,
                            VigilPost      *post,
                            const char     *note,
                            GError        **error)
{
  g_return_val_if_fail (VIGIL_IS_CASE_BOARD (self), NULL);
  g_return_val_if_fail (VIGIL_IS_POST (post), NULL);

  return _vigil_case_board_open (self, post, _vigil_case_board_actor (self), note, error);
}

/* --- triage actions ----------------------------------------------------- */

static gboolean
assign_one (VigilCaseBoard *self,
            VigilCase      *kase,
            const char     *role_ref,
            const char     *person,
            const char     *note,
            gboolean        new_group,
            GError        **error)
{
  VigilTriageRole *role = vigil_case_board_find_role (self, role_ref);
  VigilCaseSnapshot after;

  if (role == NULL)
    {
      g_set_error (error, VIGIL_CASE_ERROR, VIGIL_CASE_ERROR_UNKNOWN_ROLE,
                   _("No role “%s”: use a role's name, id or digit"), role_ref ? role_ref : "");
      return FALSE;
    }
  if (person && *person == '\0')
    person = NULL;
  if (!begin_action (self, kase, VIGIL_CASE_OP_ASSIGN, ACTION_CHECK_CLAIM | ACTION_WITH_APPROVAL,
                     &after, error))
    return FALSE;
  if (vigil_case_get_state (kase) == VIGIL_CASE_STATE_ASSIGNED &&
      g_strcmp0 (vigil_case_get_role (kase), vigil_triage_role_get_id (role)) == 0 &&
      g_strcmp0 (vigil_case_get_person (kase), person) == 0)
    {
      g_set_error (error, VIGIL_CASE_ERROR, VIGIL_CASE_ERROR_ILLEGAL,
                   _("Case %s is already assigned there"), vigil_case_get_id (kase));
      return FALSE;
    }
  after.role = (char *) vigil_triage_role_get_id (role);
  after.person = (char *) person;
  after.claimed_by = NULL;
  return commit_undoable (self, kase, VIGIL_CASE_OP_ASSIGN, &after, note, new_group, error);
}

gboolean
vigil_case_board_assign (VigilCaseBoard *self,
                         VigilCase      *kase,
                         const char     *role_ref,
                         const char     *person,
                         const char     *note,
                         GError        **error)
{
  g_return_val_if_fail (VIGIL_IS_CASE_BOARD (self), FALSE);
  g_return_val_if_fail (VIGIL_IS_CASE (kase), FALSE);

  return assign_one (self, kase, role_ref, person, note, TRUE, error);
}

gboolean
vigil_case_board_assign_many (VigilCaseBoard *self,
                              GPtrArray      *cases,
                              const char     *role_ref,
                              const char     *person,
                              GError        **error)
{
  g_return_val_if_fail (VIGIL_IS_CASE_BOARD (self), FALSE);
  g_return_val_if_fail (cases, FALSE);

  for (guint i = 0; i < cases->len; i++)
    if (!assign_one (self, g_ptr_array_index (cases, i), role_ref, person, NULL, i == 0, error))
      return FALSE;
  return TRUE;
}

gboolean
vigil_case_board_escalate (VigilCaseBoard *self,
                           VigilCase      *kase,
                           const char     *note,
                           GError        **error)
{
  VigilTriageRole *role, *target;
  VigilCaseSnapshot after;

  g_return_val_if_fail (VIGIL_IS_CASE_BOARD (self), FALSE);
  g_return_val_if_fail (VIGIL_IS_CASE (kase), FALSE);

  if (!begin_action (self, kase, VIGIL_CASE_OP_ESCALATE, 0, &after, error))
    return FALSE;
  role = vigil_case_board_find_role (self, vigil_case_get_role (kase));
  target = role ? vigil_case_board_find_role (self, vigil_triage_role_get_senior (role)) : top_role (self);
  if (target == NULL)
    target = role;
  if (target == NULL ||
      (vigil_case_get_state (kase) == VIGIL_CASE_STATE_ESCALATED && target == role))
    {
      g_set_error (error, VIGIL_CASE_ERROR, VIGIL_CASE_ERROR_ILLEGAL,
                   _("Can't escalate case %s: it is already at the top of the escalation chain"),
                   vigil_case_get_id (kase));
      return FALSE;
    }
  after.role = (char *) vigil_triage_role_get_id (target);
  after.person = NULL;
  after.claimed_by = NULL;
  return commit_undoable (self, kase, VIGIL_CASE_OP_ESCALATE, &after, note, TRUE, error);
}

gboolean
vigil_case_board_leave (VigilCaseBoard *self,
                        VigilCase      *kase,
                        const char     *reason,
                        GError        **error)
{
  g_return_val_if_fail (VIGIL_IS_CASE_BOARD (self), FALSE);
  g_return_val_if_fail (VIGIL_IS_CASE (kase), FALSE);

  return run_action (self, kase, VIGIL_CASE_OP_LEAVE,
                     ACTION_CHECK_CLAIM | ACTION_UNCLAIM | ACTION_UNDOABLE, reason, error);
}

gboolean
vigil_case_board_claim (VigilCaseBoard *self,
                        VigilCase      *kase,
                        gboolean        take_over,
                        GError        **error)
{
  const char *actor, *claimed;
  VigilCaseSnapshot after;
  g_autofree char *note = NULL;

  g_return_val_if_fail (VIGIL_IS_CASE_BOARD (self), FALSE);
  g_return_val_if_fail (VIGIL_IS_CASE (kase), FALSE);

  actor = _vigil_case_board_actor (self);
  claimed = vigil_case_get_claimed_by (kase);
  if (claimed && g_str_equal (claimed, actor))
    {
      g_set_error (error, VIGIL_CASE_ERROR, VIGIL_CASE_ERROR_ILLEGAL,
                   _("You already work on case %s"), vigil_case_get_id (kase));
      return FALSE;
    }
  if (claimed)
    {
      if (!take_over)
        return check_claim (self, kase, error);
      if (!begin_action (self, kase, VIGIL_CASE_OP_TAKE_OVER, 0, &after, error))
        return FALSE;
      after.claimed_by = (char *) actor;
      after.person = (char *) actor;
      /* Translators: a case log note */
      note = g_strdup_printf (_("taken over from %s"), claimed);
      return commit (self, kase, VIGIL_CASE_OP_TAKE_OVER, &after, note, NULL, NULL, error);
    }
  if (!begin_action (self, kase, VIGIL_CASE_OP_CLAIM, 0, &after, error))
    return FALSE;
  after.claimed_by = (char *) actor;
  after.person = (char *) actor;
  return commit_undoable (self, kase, VIGIL_CASE_OP_CLAIM, &after, NULL, TRUE, error);
}

gboolean
vigil_case_board_release (VigilCaseBoard *self,
                          VigilCase      *kase,
                          GError        **error)
{
  g_return_val_if_fail (VIGIL_IS_CASE_BOARD (self), FALSE);
  g_return_val_if_fail (VIGIL_IS_CASE (kase), FALSE);

  return run_action (self, kase, VIGIL_CASE_OP_RELEASE,
                     ACTION_CHECK_CLAIM | ACTION_UNCLAIM | ACTION_UNDOABLE, NULL, error);
}

/* --- replies ------------------------------------------------------------ */

gboolean
vigil_case_board_save_draft (VigilCaseBoard *self,
                             VigilCase      *kase,
                             const char     *text,
                             const char     *template_id,
                             gint64          template_version,
                             const char     *note,
                             GError        **error)
{
  VigilCaseSnapshot after;
  const char *actor;
  g_autoptr(GString) extra = g_string_new (NULL);

  g_return_val_if_fail (VIGIL_IS_CASE_BOARD (self), FALSE);
  g_return_val_if_fail (VIGIL_IS_CASE (kase), FALSE);

  if (!check_text (text, VIGIL_CASE_MAX_DRAFT, TRUE, _("draft reply"), error) ||
      !check_text (template_id, 256, FALSE, _("template id"), error) ||
      !begin_action (self, kase, VIGIL_CASE_OP_DRAFT, ACTION_CHECK_CLAIM | ACTION_NEEDS_APPROVAL,
                     &after, error))
    return FALSE;
  actor = _vigil_case_board_actor (self);
  if (after.claimed_by == NULL)
    after.claimed_by = (char *) actor;
  if (after.person == NULL)
    after.person = (char *) actor;
  vigil_json_writer_member (extra, "draft", text, TRUE);
  if (template_id && *template_id)
    {
      vigil_json_writer_member (extra, "template_id", template_id, TRUE);
      g_string_append_printf (extra, ",\"template_version\":%" G_GINT64_FORMAT, template_version);
    }
  return commit (self, kase, VIGIL_CASE_OP_DRAFT, &after, note, extra->str, NULL, error);
}

gboolean
vigil_case_board_approve (VigilCaseBoard *self,
                          VigilCase      *kase,
                          const char     *note,
                          GError        **error)
{
  g_return_val_if_fail (VIGIL_IS_CASE_BOARD (self), FALSE);
  g_return_val_if_fail (VIGIL_IS_CASE (kase), FALSE);

  return run_action (self, kase, VIGIL_CASE_OP_APPROVE,
                     ACTION_WITH_APPROVAL | ACTION_CHECK_APPROVER, note, error);
}

gboolean
vigil_case_board_reject (VigilCaseBoard *self,
                         VigilCase      *kase,
                         const char     *note,
                         GError        **error)
{
  g_return_val_if_fail (VIGIL_IS_CASE_BOARD (self), FALSE);
  g_return_val_if_fail (VIGIL_IS_CASE (kase), FALSE);

  return run_action (self, kase, VIGIL_CASE_OP_REJECT,
                     ACTION_WITH_APPROVAL | ACTION_CHECK_APPROVER, note, error);
}

gboolean
vigil_case_board_respond (VigilCaseBoard *self,
                          VigilCase      *kase,
                          const char     *note,
                          GError        **error)
{
  g_return_val_if_fail (VIGIL_IS_CASE_BOARD (self), FALSE);
  g_return_val_if_fail (VIGIL_IS_CASE (kase), FALSE);

  return run_action (self, kase, VIGIL_CASE_OP_RESPOND,
                     ACTION_CHECK_CLAIM | ACTION_WITH_APPROVAL, note, error);
}

gboolean
vigil_case_board_resolve (VigilCaseBoard *self,
                          VigilCase      *kase,
                          const char     *note,
                          GError        **error)
{
  g_return_val_if_fail (VIGIL_IS_CASE_BOARD (self), FALSE);
  g_return_val_if_fail (VIGIL_IS_CASE (kase), FALSE);

  return run_action (self, kase, VIGIL_CASE_OP_RESOLVE,
                     ACTION_CHECK_CLAIM | ACTION_UNCLAIM | ACTION_UNDOABLE, note, error);
}

gboolean
vigil_case_board_reopen (VigilCaseBoard *self,
                         VigilCase      *kase,
                         const char     *note,
                         GError        **error)
{
  VigilCaseSnapshot after;

  g_return_val_if_fail (VIGIL_IS_CASE_BOARD (self), FALSE);
  g_return_val_if_fail (VIGIL_IS_CASE (kase), FALSE);

  if (!begin_action (self, kase, VIGIL_CASE_OP_REOPEN, 0, &after, error))
    return FALSE;
  if (after.role && vigil_case_board_find_role (self, after.role))
    after.state = VIGIL_CASE_STATE_ASSIGNED;
  after.claimed_by = NULL;
  return commit_undoable (self, kase, VIGIL_CASE_OP_REOPEN, &after, note, TRUE, error);
}

gboolean
vigil_case_board_add_note (VigilCaseBoard *self,
                           VigilCase      *kase,
                           const char     *text,
                           GError        **error)
{
  VigilCaseSnapshot after;

  g_return_val_if_fail (VIGIL_IS_CASE_BOARD (self), FALSE);
  g_return_val_if_fail (VIGIL_IS_CASE (kase), FALSE);

  if (!check_text (text, VIGIL_CASE_MAX_NOTE, TRUE, _("note"), error))
    return FALSE;
  snapshot_init (kase, &after);
  return commit (self, kase, VIGIL_CASE_OP_NOTE, &after, text, NULL, NULL, error);
}

gboolean
vigil_case_board_set_severity (VigilCaseBoard *self,
                               VigilCase      *kase,
                               VigilSeverity   severity,
                               GError        **error)
{
  VigilCaseSnapshot after;

  g_return_val_if_fail (VIGIL_IS_CASE_BOARD (self), FALSE);
  g_return_val_if_fail (VIGIL_IS_CASE (kase), FALSE);
  g_return_val_if_fail (severity < VIGIL_N_SEVERITIES, FALSE);

  if (!begin_action (self, kase, VIGIL_CASE_OP_SEVERITY, ACTION_CHECK_CLAIM, &after, error))
    return FALSE;
  if (severity == after.severity)
    return TRUE;
  after.severity = severity;
  return commit_undoable (self, kase, VIGIL_CASE_OP_SEVERITY, &after, NULL, TRUE, error);
}

gboolean
vigil_case_board_link (VigilCaseBoard *self,
                       VigilCase      *kase,
                       VigilCase      *other,
                       GError        **error)
{
  VigilCase *pair[2] = { kase, other };

  g_return_val_if_fail (VIGIL_IS_CASE_BOARD (self), FALSE);
  g_return_val_if_fail (VIGIL_IS_CASE (kase), FALSE);
  g_return_val_if_fail (VIGIL_IS_CASE (other), FALSE);

  if (kase == other)
    {
      g_set_error (error, VIGIL_CASE_ERROR, VIGIL_CASE_ERROR_INVALID,
                   _("A case can't be related to itself"));
      return FALSE;
    }
  for (guint i = 0; i < 2; i++)
    {
      VigilCaseSnapshot after;
      g_autoptr(GString) extra = g_string_new (NULL);

      if (g_strv_contains (vigil_case_get_related (pair[i]), vigil_case_get_id (pair[1 - i])))
        continue;
      snapshot_init (pair[i], &after);
      vigil_json_writer_member (extra, "related", vigil_case_get_id (pair[1 - i]), TRUE);
      if (!commit (self, pair[i], VIGIL_CASE_OP_LINK, &after, NULL, extra->str, NULL, error))
        return FALSE;
    }
  return TRUE;
}

/* --- undo --------------------------------------------------------------- */

/* Nothing but notes and links happened to the case since the action. */
static gboolean
unchanged_since (VigilCaseBoard *self,
                 VigilCase      *kase,
                 VigilUndoEntry *entry)
{
  g_autoptr(GPtrArray) records = NULL;

  if (vigil_case_get_version (kase) == entry->version)
    return TRUE;
  records = vigil_store_list_records (self->store, "case", entry->case_id, entry->seq, 0, NULL);
  for (guint i = 0; records && i < records->len; i++)
    {
      const char *body = ((VigilRecord *) g_ptr_array_index (records, i))->body;

      if (!g_str_has_prefix (body, "{\"op\":\"note\"") && !g_str_has_prefix (body, "{\"op\":\"link\""))
        return FALSE;
    }
  return records != NULL;
}

/* The index of the current actor's last undoable action, or -1. */
static int
last_own_entry (VigilCaseBoard *self)
{
  const char *actor = _vigil_case_board_actor (self);

  for (guint i = self->undo->len; i > 0; i--)
    if (g_str_equal (((VigilUndoEntry *) g_ptr_array_index (self->undo, i - 1))->actor, actor))
      return (int) i - 1;
  return -1;
}

gboolean
vigil_case_board_can_undo (VigilCaseBoard *self)
{
  g_return_val_if_fail (VIGIL_IS_CASE_BOARD (self), FALSE);
  return last_own_entry (self) >= 0;
}

gboolean
vigil_case_board_undo (VigilCaseBoard *self,
                       GError        **error)
{
  int index;
  guint group;

  g_return_val_if_fail (VIGIL_IS_CASE_BOARD (self), FALSE);

  index = last_own_entry (self);
  if (index < 0)
    {
      g_set_error (error, VIGIL_CASE_ERROR, VIGIL_CASE_ERROR_NOTHING_TO_UNDO,
                   _("Nothing to undo"));
      return FALSE;
    }
  group = ((VigilUndoEntry *) g_ptr_array_index (self->undo, index))->group;
  /* a group's entries are adjacent, newest last */
  for (; index >= 0; index--)
    {
      VigilUndoEntry *entry = g_ptr_array_index (self->undo, index);
      VigilCase *kase;
      g_autofree char *extra = NULL;
      gboolean ok;

      if (entry->group != group)
        break;
      kase = g_hash_table_lookup (self->cases, entry->case_id);
      if (kase == NULL || !unchanged_since (self, kase, entry))
        {
          g_set_error (error, VIGIL_CASE_ERROR, VIGIL_CASE_ERROR_CONFLICT,
                       _("Can't undo: case %s changed since (now %s)"), entry->case_id,
                       kase ? vigil_case_state_get_label (vigil_case_get_state (kase)) : "?");
          g_ptr_array_remove_index (self->undo, index);
          return FALSE;
        }
      extra = g_strdup_printf (",\"undo_of\":%" G_GINT64_FORMAT, entry->seq);
      ok = commit (self, kase, VIGIL_CASE_OP_UNDO, &entry->before, NULL, extra, NULL, error);
      g_ptr_array_remove_index (self->undo, index);
      if (!ok)
        return FALSE;
    }
  return TRUE;
}

/* --- the log ------------------------------------------------------------ */

GPtrArray *
vigil_case_board_list_log (VigilCaseBoard *self,
                           VigilCase      *kase,
                           GError        **error)
{
  g_return_val_if_fail (VIGIL_IS_CASE_BOARD (self), NULL);
  g_return_val_if_fail (VIGIL_IS_CASE (kase), NULL);

  return vigil_store_list_records (self->store, "case", vigil_case_get_id (kase), 0, 0, error);
}

void
vigil_case_board_write_log_json (const VigilRecord *record,
                                 GString           *out)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GDateTime) at = g_date_time_new_from_unix_utc (record->at_us / G_USEC_PER_SEC);
  g_autofree char *iso = vigil_format_iso8601 (at);
  JsonNode *root;

  g_string_append_printf (out, "{\"seq\":%" G_GINT64_FORMAT ",\"case\":", record->seq);
  vigil_json_writer_string (out, record->key);
  g_string_append_printf (out, ",\"version\":%" G_GINT64_FORMAT, record->version);
  vigil_json_writer_member (out, "at", iso, TRUE);
  vigil_json_writer_member (out, "actor", record->actor, TRUE);
  if (json_parser_load_from_data (parser, record->body, -1, NULL) &&
      (root = json_parser_get_root (parser)) && JSON_NODE_HOLDS_OBJECT (root))
    {
      JsonObject *object = json_node_get_object (root);
      g_autoptr(GList) members = json_object_get_members (object);

      for (GList *l = members; l; l = l->next)
        {
          g_autofree char *value = json_to_string (json_object_get_member (object, l->data), FALSE);

          g_string_append_c (out, ',');
          vigil_json_writer_string (out, l->data);
          g_string_append_printf (out, ":%s", value);
        }
    }
  g_string_append_c (out, '}');
}

char *
vigil_case_board_describe_record (VigilCaseBoard    *self,
                                  const VigilRecord *record)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  JsonObject *object = NULL;
  JsonNode *root;
  VigilCaseOp op = VIGIL_CASE_OP_NOTE;
  const char *role_id = NULL, *person = NULL, *note = NULL, *to = NULL;
  VigilTriageRole *role;
  const char *role_name;
  g_autofree char *what = NULL;

  g_return_val_if_fail (VIGIL_IS_CASE_BOARD (self), NULL);

  if (json_parser_load_from_data (parser, record->body, -1, NULL) &&
      (root = json_parser_get_root (parser)) && JSON_NODE_HOLDS_OBJECT (root))
    object = json_node_get_object (root);
  if (object == NULL || !vigil_case_op_from_string (json_object_get_string_member_with_default (object, "op", NULL), &op))
    return g_strdup (_("Unreadable entry"));

  role_id = json_object_get_string_member_with_default (object, "role", NULL);
  person = json_object_get_string_member_with_default (object, "person", NULL);
  note = json_object_get_string_member_with_default (object, "note", NULL);
  to = json_object_get_string_member_with_default (object, "to", NULL);
  role = vigil_case_board_find_role (self, role_id);
  role_name = role ? vigil_triage_role_get_name (role) : role_id ? role_id : "—";

  switch (op)
    {
    case VIGIL_CASE_OP_OPEN: what = g_strdup (_("Opened")); break;
    case VIGIL_CASE_OP_ASSIGN:
      what = person ? g_strdup_printf (_("Assigned to %s (%s)"), role_name, person)
                    : g_strdup_printf (_("Assigned to %s"), role_name);
      break;
    case VIGIL_CASE_OP_CLAIM: what = g_strdup (_("Claimed")); break;
    case VIGIL_CASE_OP_TAKE_OVER: what = g_strdup (_("Taken over")); break;
    case VIGIL_CASE_OP_RELEASE: what = g_strdup (_("Released")); break;
    case VIGIL_CASE_OP_ESCALATE: what = g_strdup_printf (_("Escalated to %s"), role_name); break;
    case VIGIL_CASE_OP_LEAVE: what = g_strdup (_("Left lying")); break;
    case VIGIL_CASE_OP_DRAFT:
      what = json_object_has_member (object, "template_id")
             ? g_strdup_printf (_("Draft reply saved (template %s v%" G_GINT64_FORMAT ")"),
                                json_object_get_string_member_with_default (object, "template_id", ""),
                                json_object_get_int_member_with_default (object, "template_version", 0))
             : g_strdup (_("Draft reply saved"));
      break;
    case VIGIL_CASE_OP_APPROVE: what = g_strdup (_("Reply approved")); break;
    case VIGIL_CASE_OP_REJECT: what = g_strdup (_("Reply rejected")); break;
    case VIGIL_CASE_OP_RESPOND: what = g_strdup (_("Marked responded")); break;
    case VIGIL_CASE_OP_RESOLVE: what = g_strdup (_("Resolved")); break;
    case VIGIL_CASE_OP_REOPEN: what = g_strdup (_("Reopened")); break;
    case VIGIL_CASE_OP_NOTE: what = g_strdup (_("Note")); break;
    case VIGIL_CASE_OP_SEVERITY:
      what = g_strdup_printf (_("Severity set to %s"),
                              json_object_get_string_member_with_default (object, "severity", "?"));
      break;
    case VIGIL_CASE_OP_LINK:
      what = g_strdup_printf (_("Related to case %s"),
                              json_object_get_string_member_with_default (object, "related", "?"));
      break;
    case VIGIL_CASE_OP_UNDO:
      what = g_strdup_printf (_("Undid entry %" G_GINT64_FORMAT " (back to %s)"),
                              json_object_get_int_member_with_default (object, "undo_of", 0),
                              to ? to : "?");
      break;
    case VIGIL_CASE_N_OPS:
    default:
      what = g_strdup ("?");
      break;
    }
  if (note && *note)
    return g_strdup_printf ("%s: %s", what, note);
  return g_steal_pointer (&what);
}

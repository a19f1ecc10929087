/* vigil-account-register-hacked.c: "Report hacked", its checklist, and
 * the sources that use an account's token
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "vigil-account-register"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "vigil-account-register-private.h"
#include "vigil-playbook-service.h"

#define HACKED_PLAYBOOK "hacked-account"

static VigilSourceManager *
get_manager (VigilAccountRegister *self)
{
  VigilContext *context = _vigil_account_register_get_context (self);

  return context != NULL ? vigil_context_get_source_manager (context) : NULL;
}

/* A source connects with an account's token: log who used it. */
static void
on_token_used_cb (VigilSourceManager   *manager,
                  const char           *address,
                  const char           *label,
                  VigilAccountRegister *self)
{
  g_autofree char *reference = g_strconcat ("mastodon:", address, NULL);
  VigilAccount *account = vigil_account_register_find (self, reference);
  g_autoptr(GError) error = NULL;

  if (account == NULL)
    return;
  if (!vigil_account_register_log_usage (self, account, "connect", label, &error))
    g_debug ("Could not log the use of %s: %s", address, error->message);
}

void
_vigil_account_register_watch_sources (VigilAccountRegister *self)
{
  VigilSourceManager *manager = get_manager (self);

  if (manager != NULL)
    g_signal_connect_object (manager, "token-used", G_CALLBACK (on_token_used_cb), self, 0);
}

void
_vigil_account_register_unwatch_sources (VigilAccountRegister *self)
{
  VigilSourceManager *manager = get_manager (self);

  if (manager != NULL)
    g_signal_handlers_disconnect_by_data (manager, self);
}

void
_vigil_account_register_sync_sources (VigilAccountRegister *self,
                                      VigilAccount         *account)
{
  VigilSourceManager *manager = get_manager (self);
  g_autofree char *address = NULL;
  gboolean blocked;

  /* Only Mastodon sources link to an account's token today. */
  if (manager == NULL || g_strcmp0 (vigil_account_get_platform (account), "mastodon") != 0)
    return;
  address = vigil_account_dup_address (account);
  blocked = vigil_account_get_compromised (account) && !vigil_account_get_removed (account);
  if (blocked != vigil_source_manager_is_account_blocked (manager, address))
    vigil_source_manager_set_account_blocked (manager, address, blocked);
}

void
vigil_hacked_step_state_free (VigilHackedStepState *state)
{
  if (state == NULL)
    return;
  g_free (state->id);
  g_free (state->title);
  g_free (state->detail);
  g_free (state);
}

static VigilPlaybookService *
get_playbooks (VigilAccountRegister *self)
{
  VigilContext *context = _vigil_account_register_get_context (self);

  return context != NULL ? vigil_context_ensure_service (context, VIGIL_TYPE_PLAYBOOK_SERVICE) : NULL;
}

/* The account's playbook run, or NULL (none was started, or it is gone). */
static VigilPlaybookRun *
get_run (VigilAccountRegister *self,
         VigilAccount         *account)
{
  VigilPlaybookService *playbooks;
  const char *id = vigil_account_get_playbook_run (account);

  if (id == NULL || *id == '\0' || (playbooks = get_playbooks (self)) == NULL)
    return NULL;
  vigil_playbook_service_load (playbooks, NULL);
  return vigil_playbook_service_get_run (playbooks, id);
}

GPtrArray *
vigil_account_register_list_steps (VigilAccountRegister *self,
                                   VigilAccount         *account)
{
  GPtrArray *steps = g_ptr_array_new_with_free_func ((GDestroyNotify) vigil_hacked_step_state_free);
  VigilPlaybookRun *run;

  g_return_val_if_fail (VIGIL_IS_ACCOUNT_REGISTER (self), steps);
  g_return_val_if_fail (VIGIL_IS_ACCOUNT (account), steps);

  if (!vigil_account_get_compromised (account))
    return steps;
  run = get_run (self, account);
  if (run != NULL)
    for (guint i = 0; i < vigil_playbook_run_get_n_steps (run); i++)
      {
        const VigilPlaybookStep *step = vigil_playbook_run_get_step (run, i);
        VigilHackedStepState *state = g_new0 (VigilHackedStepState, 1);

        state->id = g_strdup (step->id);
        state->title = g_strdup (step->title);
        state->detail = g_strdup (step->detail != NULL ? step->detail : "");
        state->done = step->done;
        g_ptr_array_add (steps, state);
      }
  else
    {
      guint n;
      const VigilHackedStep *own = vigil_account_register_hacked_steps (&n);

      for (guint i = 0; i < n; i++)
        {
          VigilHackedStepState *state = g_new0 (VigilHackedStepState, 1);

          state->id = g_strdup (own[i].id);
          state->title = g_strdup (_(own[i].title));
          state->detail = g_strdup (_(own[i].description));
          state->done = vigil_account_is_checklist_done (account, own[i].id);
          g_ptr_array_add (steps, state);
        }
    }
  return steps;
}

/* The configured (not derived) Mastodon sources linked to account whose
 * paused flag is paused. */
static GPtrArray *
linked_sources (VigilAccountRegister *self,
                VigilAccount         *account,
                gboolean              paused)
{
  GPtrArray *sources = g_ptr_array_new_with_free_func (g_object_unref);
  VigilSourceManager *manager = get_manager (self);
  g_autofree char *address = vigil_account_dup_address (account);
  guint n;

  if (manager == NULL || g_strcmp0 (vigil_account_get_platform (account), "mastodon") != 0)
    return sources;
  n = g_list_model_get_n_items (G_LIST_MODEL (manager));
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(VigilSource) source = g_list_model_get_item (G_LIST_MODEL (manager), i);
      const char *linked = vigil_source_manager_get_account (manager, source);
      const char *spec = vigil_source_manager_get_spec (manager, source);
      gboolean is_paused;

      if (linked == NULL || g_ascii_strcasecmp (linked, address) != 0 || spec == NULL
          || vigil_source_manager_is_derived (manager, source))
        continue;
      /* called while the account is not blocked: this is the saved flag */
      is_paused = vigil_source_manager_get_paused (manager, source);
      if (is_paused == paused && !g_ptr_array_find (sources, source, NULL))
        g_ptr_array_add (sources, g_object_ref (source));
    }
  return sources;
}

static gboolean
known_step (const char *step)
{
  guint n;
  const VigilHackedStep *steps = vigil_account_register_hacked_steps (&n);

  for (guint i = 0; i < n; i++)
    if (g_strcmp0 (steps[i].id, step) == 0)
      return TRUE;
  return FALSE;
}

gboolean
vigil_account_register_report_hacked (VigilAccountRegister  *self,
                                      VigilAccount          *account,
                                      const char            *reason,
                                      GError               **error)
{
  g_autoptr(JsonBuilder) builder = NULL;

  g_return_val_if_fail (VIGIL_IS_ACCOUNT_REGISTER (self), FALSE);
  g_return_val_if_fail (VIGIL_IS_ACCOUNT (account), FALSE);

  if (vigil_account_get_compromised (account))
    return TRUE;
  if (reason != NULL && (strlen (reason) > VIGIL_ACCOUNT_MAX_NOTES_BYTES || !g_utf8_validate (reason, -1, NULL)))
    {
      g_set_error_literal (error, VIGIL_ACCOUNT_ERROR, VIGIL_ACCOUNT_ERROR_INVALID,
                           _("The reason is too long or not valid text."));
      return FALSE;
    }
  builder = _vigil_account_register_begin ("compromised");
  json_builder_set_member_name (builder, "reason");
  json_builder_add_string_value (builder, reason != NULL ? reason : "");
  /* the hacked-account playbook, when it ships: its run is the checklist */
  {
    VigilPlaybookService *playbooks = get_playbooks (self);
    g_autofree char *title = vigil_account_dup_title (account);
    g_autoptr(GError) local_error = NULL;
    VigilPlaybookRun *run = NULL;

    if (playbooks != NULL && vigil_playbook_service_get_playbook_title (playbooks, HACKED_PLAYBOOK) != NULL)
      run = vigil_playbook_service_start_run (playbooks, HACKED_PLAYBOOK, NULL, title, NULL, &local_error);
    if (run != NULL)
      {
        json_builder_set_member_name (builder, "playbook_run");
        json_builder_add_string_value (builder, vigil_playbook_run_get_id (run));
      }
    else if (local_error != NULL)
      g_debug ("No hacked-account playbook run, using the own checklist: %s", local_error->message);
  }
  /* the sources reading with its token: blocked at once when the record
   * is applied (see sync_sources), and saved as paused, so that they stay
   * stopped even where the register is not running */
  {
    g_autoptr(GPtrArray) to_pause = linked_sources (self, account, FALSE);
    VigilSourceManager *manager = get_manager (self);

    json_builder_set_member_name (builder, "paused_sources");
    json_builder_begin_array (builder);
    for (guint i = 0; i < to_pause->len; i++)
      json_builder_add_string_value (builder, vigil_source_manager_get_spec (manager, to_pause->pdata[i]));
    json_builder_end_array (builder);
    if (!_vigil_account_register_append_op (self, account, builder, error))
      return FALSE;
    for (guint i = 0; i < to_pause->len; i++)
      {
        g_autoptr(GError) local_error = NULL;

        if (!vigil_source_manager_set_paused (manager, to_pause->pdata[i], TRUE, &local_error))
          g_debug ("Could not save a source as paused: %s", local_error->message);
      }
    return TRUE;
  }
}

gboolean
vigil_account_register_set_step_done (VigilAccountRegister  *self,
                                      VigilAccount          *account,
                                      const char            *step,
                                      gboolean               done,
                                      GError               **error)
{
  g_autoptr(JsonBuilder) builder = NULL;
  VigilPlaybookRun *run;

  g_return_val_if_fail (VIGIL_IS_ACCOUNT_REGISTER (self), FALSE);
  g_return_val_if_fail (VIGIL_IS_ACCOUNT (account), FALSE);

  if (vigil_account_get_compromised (account) && (run = get_run (self, account)) != NULL)
    {
      int index = vigil_playbook_run_find_step (run, step);

      if (index < 0)
        {
          g_set_error (error, VIGIL_ACCOUNT_ERROR, VIGIL_ACCOUNT_ERROR_INVALID,
                       _("“%s” is not a step of the hacked-account playbook."), step ? step : "");
          return FALSE;
        }
      if (vigil_playbook_run_get_step (run, index)->done == !!done)
        return TRUE;
      if (!vigil_playbook_service_tick (get_playbooks (self), run, step, done, NULL, error))
        return FALSE;
      vigil_account_notify_checklist (account);
      return TRUE;
    }
  if (!known_step (step))
    {
      g_set_error (error, VIGIL_ACCOUNT_ERROR, VIGIL_ACCOUNT_ERROR_INVALID,
                   _("“%s” is not a step of the hacked-account checklist."), step ? step : "");
      return FALSE;
    }
  if (!vigil_account_get_compromised (account))
    {
      g_set_error_literal (error, VIGIL_ACCOUNT_ERROR, VIGIL_ACCOUNT_ERROR_INVALID,
                           _("The checklist applies to an account reported hacked."));
      return FALSE;
    }
  if (vigil_account_is_checklist_done (account, step) == !!done)
    return TRUE;
  builder = _vigil_account_register_begin ("checklist");
  json_builder_set_member_name (builder, "item");
  json_builder_add_string_value (builder, step);
  json_builder_set_member_name (builder, "done");
  json_builder_add_boolean_value (builder, done);
  return _vigil_account_register_append_op (self, account, builder, error);
}

gboolean
vigil_account_register_clear_compromised (VigilAccountRegister  *self,
                                          VigilAccount          *account,
                                          gboolean               force,
                                          GError               **error)
{
  g_autoptr(JsonBuilder) builder = NULL;
  g_autoptr(GPtrArray) steps = NULL;
  guint n, done = 0;

  g_return_val_if_fail (VIGIL_IS_ACCOUNT_REGISTER (self), FALSE);
  g_return_val_if_fail (VIGIL_IS_ACCOUNT (account), FALSE);

  if (!vigil_account_get_compromised (account))
    return TRUE;
  steps = vigil_account_register_list_steps (self, account);
  n = steps->len;
  for (guint i = 0; i < n; i++)
    if (((VigilHackedStepState *) steps->pdata[i])->done)
      done++;
  if (done < n && !force)
    {
      g_set_error (error, VIGIL_ACCOUNT_ERROR, VIGIL_ACCOUNT_ERROR_COMPROMISED,
                   ngettext ("%u step of the hacked-account checklist is not done yet. "
                             "Finish it, or clear the account anyway.",
                             "%u steps of the hacked-account checklist are not done yet. "
                             "Finish them, or clear the account anyway.", n - done), n - done);
      return FALSE;
    }
  builder = _vigil_account_register_begin ("cleared");
  json_builder_set_member_name (builder, "steps_done");
  json_builder_add_int_value (builder, done);
  if (!_vigil_account_register_append_op (self, account, builder, error))
    return FALSE;
  /* resume what "Report hacked" paused (and nothing a person paused) */
  {
    g_autoptr(GPtrArray) paused = linked_sources (self, account, TRUE);
    VigilSourceManager *manager = get_manager (self);
    const char * const *specs = vigil_account_get_paused_sources (account);

    for (guint i = 0; i < paused->len; i++)
      {
        g_autoptr(GError) local_error = NULL;

        if (g_strv_contains (specs, vigil_source_manager_get_spec (manager, paused->pdata[i]))
            && !vigil_source_manager_set_paused (manager, paused->pdata[i], FALSE, &local_error))
          g_debug ("Could not resume a source: %s", local_error->message);
      }
  }
  return TRUE;
}

/* vigil-case-state.c: the case state machine, severities and SLA maths
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "vigil-case-state"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "vigil-case-state.h"

G_DEFINE_QUARK (vigil-case-error-quark, vigil_case_error)

static const char * const state_ids[VIGIL_CASE_N_STATES] = {
  "new", "assigned", "in-progress", "awaiting-approval",
  "responded", "resolved", "left-lying", "escalated",
};

static const char * const severity_ids[VIGIL_N_SEVERITIES] = {
  "low", "medium", "high", "crisis",
};

static const char * const op_ids[VIGIL_CASE_N_OPS] = {
  "open", "assign", "claim", "take-over", "release", "escalate", "leave",
  "draft", "approve", "reject", "respond", "resolve", "reopen", "note",
  "severity", "link", "undo",
};

GType
vigil_case_state_get_type (void)
{
  static gsize type = 0;

  if (g_once_init_enter (&type))
    {
      static const GEnumValue values[] = {
        { VIGIL_CASE_STATE_NEW, "VIGIL_CASE_STATE_NEW", "new" },
        { VIGIL_CASE_STATE_ASSIGNED, "VIGIL_CASE_STATE_ASSIGNED", "assigned" },
        { VIGIL_CASE_STATE_IN_PROGRESS, "VIGIL_CASE_STATE_IN_PROGRESS", "in-progress" },
        { VIGIL_CASE_STATE_AWAITING_APPROVAL, "VIGIL_CASE_STATE_AWAITING_APPROVAL", "awaiting-approval" },
        { VIGIL_CASE_STATE_RESPONDED, "VIGIL_CASE_STATE_RESPONDED", "responded" },
        { VIGIL_CASE_STATE_RESOLVED, "VIGIL_CASE_STATE_RESOLVED", "resolved" },
        { VIGIL_CASE_STATE_LEFT_LYING, "VIGIL_CASE_STATE_LEFT_LYING", "left-lying" },
        { VIGIL_CASE_STATE_ESCALATED, "VIGIL_CASE_STATE_ESCALATED", "escalated" },
        { 0, NULL, NULL },
      };
      g_once_init_leave (&type, g_enum_register_static ("VigilCaseState", values));
    }
  return type;
}

GType
vigil_severity_get_type (void)
{
  static gsize type = 0;

  if (g_once_init_enter (&type))
    {
      static const GEnumValue values[] = {
        { VIGIL_SEVERITY_LOW, "VIGIL_SEVERITY_LOW", "low" },
        { VIGIL_SEVERITY_MEDIUM, "VIGIL_SEVERITY_MEDIUM", "medium" },
        { VIGIL_SEVERITY_HIGH, "VIGIL_SEVERITY_HIGH", "high" },
        { VIGIL_SEVERITY_CRISIS, "VIGIL_SEVERITY_CRISIS", "crisis" },
        { 0, NULL, NULL },
      };
      g_once_init_leave (&type, g_enum_register_static ("VigilSeverity", values));
    }
  return type;
}

GType
vigil_sla_level_get_type (void)
{
  static gsize type = 0;

  if (g_once_init_enter (&type))
    {
      static const GEnumValue values[] = {
        { VIGIL_SLA_NONE, "VIGIL_SLA_NONE", "none" },
        { VIGIL_SLA_GREEN, "VIGIL_SLA_GREEN", "green" },
        { VIGIL_SLA_AMBER, "VIGIL_SLA_AMBER", "amber" },
        { VIGIL_SLA_RED, "VIGIL_SLA_RED", "red" },
        { 0, NULL, NULL },
      };
      g_once_init_leave (&type, g_enum_register_static ("VigilSlaLevel", values));
    }
  return type;
}

const char *
vigil_case_state_to_string (VigilCaseState state)
{
  g_return_val_if_fail (state < VIGIL_CASE_N_STATES, "new");
  return state_ids[state];
}

gboolean
vigil_case_state_from_string (const char     *str,
                              VigilCaseState *out)
{
  for (guint i = 0; str && i < VIGIL_CASE_N_STATES; i++)
    if (g_str_equal (str, state_ids[i]))
      {
        *out = i;
        return TRUE;
      }
  return FALSE;
}

const char *
vigil_case_state_get_label (VigilCaseState state)
{
  switch (state)
    {
    case VIGIL_CASE_STATE_NEW: return _("New");
    case VIGIL_CASE_STATE_ASSIGNED: return _("Assigned");
    case VIGIL_CASE_STATE_IN_PROGRESS: return _("In Progress");
    case VIGIL_CASE_STATE_AWAITING_APPROVAL: return _("Awaiting Approval");
    case VIGIL_CASE_STATE_RESPONDED: return _("Responded");
    case VIGIL_CASE_STATE_RESOLVED: return _("Resolved");
    case VIGIL_CASE_STATE_LEFT_LYING: return _("Left Lying");
    case VIGIL_CASE_STATE_ESCALATED: return _("Escalated");
    case VIGIL_CASE_N_STATES:
    default:
      break;
    }
  g_return_val_if_reached ("");
}

gboolean
vigil_case_state_is_closed (VigilCaseState state)
{
  return state == VIGIL_CASE_STATE_RESOLVED || state == VIGIL_CASE_STATE_LEFT_LYING;
}

const char *
vigil_severity_to_string (VigilSeverity severity)
{
  g_return_val_if_fail (severity < VIGIL_N_SEVERITIES, "low");
  return severity_ids[severity];
}

gboolean
vigil_severity_from_string (const char    *str,
                            VigilSeverity *out)
{
  for (guint i = 0; str && i < VIGIL_N_SEVERITIES; i++)
    if (g_str_equal (str, severity_ids[i]))
      {
        *out = i;
        return TRUE;
      }
  return FALSE;
}

const char *
vigil_severity_get_label (VigilSeverity severity)
{
  switch (severity)
    {
    case VIGIL_SEVERITY_LOW: return C_("severity", "Low");
    case VIGIL_SEVERITY_MEDIUM: return C_("severity", "Medium");
    case VIGIL_SEVERITY_HIGH: return C_("severity", "High");
    case VIGIL_SEVERITY_CRISIS: return C_("severity", "Crisis");
    case VIGIL_N_SEVERITIES:
    default:
      break;
    }
  g_return_val_if_reached ("");
}

const char *
vigil_case_op_to_string (VigilCaseOp op)
{
  g_return_val_if_fail (op < VIGIL_CASE_N_OPS, "note");
  return op_ids[op];
}

gboolean
vigil_case_op_from_string (const char  *str,
                           VigilCaseOp *out)
{
  for (guint i = 0; str && i < VIGIL_CASE_N_OPS; i++)
    if (g_str_equal (str, op_ids[i]))
      {
        *out = i;
        return TRUE;
      }
  return FALSE;
}

/* What a person would do instead, for the refusal message. */
static const char *
hint_for (VigilCaseState state,
          VigilCaseOp    op)
{
  switch (state)
    {
    case VIGIL_CASE_STATE_NEW:
      return _("assign it to a role first");
    case VIGIL_CASE_STATE_RESOLVED:
    case VIGIL_CASE_STATE_LEFT_LYING:
      return _("reopen it first");
    case VIGIL_CASE_STATE_RESPONDED:
      return _("resolve it, or reopen it");
    case VIGIL_CASE_STATE_AWAITING_APPROVAL:
      return _("approve or reject the draft reply first");
    case VIGIL_CASE_STATE_IN_PROGRESS:
      return op == VIGIL_CASE_OP_CLAIM ? _("take it over explicitly") : _("release it first");
    case VIGIL_CASE_STATE_ASSIGNED:
    case VIGIL_CASE_STATE_ESCALATED:
      return op == VIGIL_CASE_OP_APPROVE || op == VIGIL_CASE_OP_REJECT
             ? _("draft a reply first") : _("claim it first");
    case VIGIL_CASE_N_STATES:
    default:
      break;
    }
  return "";
}

static gboolean
refuse (VigilCaseState state,
        VigilCaseOp    op,
        const char    *case_id,
        GError       **error)
{
  g_set_error (error, VIGIL_CASE_ERROR, VIGIL_CASE_ERROR_ILLEGAL,
               /* Translators: "Can't resolve case 12: it is new; assign it to a role first" */
               _("Can't %s case %s: it is %s; %s"),
               vigil_case_op_to_string (op), case_id ? case_id : "?",
               vigil_case_state_to_string (state), hint_for (state, op));
  return FALSE;
}

gboolean
vigil_case_transition (VigilCaseState  state,
                       VigilCaseOp     op,
                       gboolean        needs_approval,
                       gboolean        approved,
                       const char     *case_id,
                       VigilCaseState *out_state,
                       GError        **error)
{
  VigilCaseState to = state;
  gboolean ok = FALSE;

  g_return_val_if_fail (state < VIGIL_CASE_N_STATES, FALSE);
  g_return_val_if_fail (op < VIGIL_CASE_N_OPS, FALSE);

  switch (op)
    {
    case VIGIL_CASE_OP_OPEN:
    case VIGIL_CASE_OP_UNDO:
      ok = FALSE;
      break;
    case VIGIL_CASE_OP_ASSIGN:
      ok = state == VIGIL_CASE_STATE_NEW || state == VIGIL_CASE_STATE_ASSIGNED ||
           state == VIGIL_CASE_STATE_IN_PROGRESS || state == VIGIL_CASE_STATE_ESCALATED;
      to = VIGIL_CASE_STATE_ASSIGNED;
      break;
    case VIGIL_CASE_OP_CLAIM:
      ok = state == VIGIL_CASE_STATE_ASSIGNED || state == VIGIL_CASE_STATE_ESCALATED;
      to = VIGIL_CASE_STATE_IN_PROGRESS;
      break;
    case VIGIL_CASE_OP_TAKE_OVER:
      ok = state == VIGIL_CASE_STATE_IN_PROGRESS || state == VIGIL_CASE_STATE_AWAITING_APPROVAL;
      break;
    case VIGIL_CASE_OP_RELEASE:
      ok = state == VIGIL_CASE_STATE_IN_PROGRESS;
      to = VIGIL_CASE_STATE_ASSIGNED;
      break;
    case VIGIL_CASE_OP_ESCALATE:
      ok = state == VIGIL_CASE_STATE_NEW || state == VIGIL_CASE_STATE_ASSIGNED ||
           state == VIGIL_CASE_STATE_IN_PROGRESS || state == VIGIL_CASE_STATE_AWAITING_APPROVAL ||
           state == VIGIL_CASE_STATE_ESCALATED;
      to = VIGIL_CASE_STATE_ESCALATED;
      break;
    case VIGIL_CASE_OP_LEAVE:
      ok = state == VIGIL_CASE_STATE_NEW || state == VIGIL_CASE_STATE_ASSIGNED ||
           state == VIGIL_CASE_STATE_IN_PROGRESS || state == VIGIL_CASE_STATE_ESCALATED;
      to = VIGIL_CASE_STATE_LEFT_LYING;
      break;
    case VIGIL_CASE_OP_DRAFT:
      ok = state == VIGIL_CASE_STATE_ASSIGNED || state == VIGIL_CASE_STATE_IN_PROGRESS ||
           state == VIGIL_CASE_STATE_ESCALATED || state == VIGIL_CASE_STATE_AWAITING_APPROVAL;
      to = needs_approval ? VIGIL_CASE_STATE_AWAITING_APPROVAL : VIGIL_CASE_STATE_IN_PROGRESS;
      break;
    case VIGIL_CASE_OP_APPROVE:
      ok = state == VIGIL_CASE_STATE_AWAITING_APPROVAL && !approved;
      if (state == VIGIL_CASE_STATE_AWAITING_APPROVAL && approved)
        {
          g_set_error (error, VIGIL_CASE_ERROR, VIGIL_CASE_ERROR_ILLEGAL,
                       _("Can't approve case %s: its draft reply is already approved"),
                       case_id ? case_id : "?");
          return FALSE;
        }
      break;
    case VIGIL_CASE_OP_REJECT:
      ok = state == VIGIL_CASE_STATE_AWAITING_APPROVAL;
      to = VIGIL_CASE_STATE_IN_PROGRESS;
      break;
    case VIGIL_CASE_OP_RESPOND:
      ok = state == VIGIL_CASE_STATE_ASSIGNED || state == VIGIL_CASE_STATE_IN_PROGRESS ||
           state == VIGIL_CASE_STATE_ESCALATED || state == VIGIL_CASE_STATE_AWAITING_APPROVAL;
      if (ok && needs_approval && !(state == VIGIL_CASE_STATE_AWAITING_APPROVAL && approved))
        {
          g_set_error (error, VIGIL_CASE_ERROR, VIGIL_CASE_ERROR_NEEDS_APPROVAL,
                       _("Can't mark case %s responded: its reply needs a senior's approval "
                         "(draft the reply, then have a member of the senior role approve it)"),
                       case_id ? case_id : "?");
          return FALSE;
        }
      to = VIGIL_CASE_STATE_RESPONDED;
      break;
    case VIGIL_CASE_OP_RESOLVE:
      ok = state == VIGIL_CASE_STATE_ASSIGNED || state == VIGIL_CASE_STATE_IN_PROGRESS ||
           state == VIGIL_CASE_STATE_ESCALATED || state == VIGIL_CASE_STATE_RESPONDED ||
           state == VIGIL_CASE_STATE_AWAITING_APPROVAL;
      to = VIGIL_CASE_STATE_RESOLVED;
      break;
    case VIGIL_CASE_OP_REOPEN:
      ok = state == VIGIL_CASE_STATE_RESOLVED || state == VIGIL_CASE_STATE_LEFT_LYING ||
           state == VIGIL_CASE_STATE_RESPONDED;
      to = VIGIL_CASE_STATE_NEW;
      break;
    case VIGIL_CASE_OP_NOTE:
    case VIGIL_CASE_OP_LINK:
      ok = TRUE;
      break;
    case VIGIL_CASE_OP_SEVERITY:
      ok = !vigil_case_state_is_closed (state);
      break;
    case VIGIL_CASE_N_OPS:
    default:
      break;
    }

  if (!ok)
    return refuse (state, op, case_id, error);
  if (out_state)
    *out_state = to;
  return TRUE;
}

gint64
vigil_severity_default_sla_us (VigilSeverity severity)
{
  switch (severity)
    {
    case VIGIL_SEVERITY_CRISIS: return 15 * G_TIME_SPAN_MINUTE;
    case VIGIL_SEVERITY_HIGH: return G_TIME_SPAN_HOUR;
    case VIGIL_SEVERITY_MEDIUM: return 4 * G_TIME_SPAN_HOUR;
    case VIGIL_SEVERITY_LOW: return 24 * G_TIME_SPAN_HOUR;
    case VIGIL_N_SEVERITIES:
    default:
      break;
    }
  g_return_val_if_reached (24 * G_TIME_SPAN_HOUR);
}

VigilSlaLevel
vigil_sla_level_at (gint64 due_us,
                    gint64 sla_us,
                    gint64 now_us)
{
  gint64 left = due_us - now_us;

  if (sla_us <= 0)
    return VIGIL_SLA_NONE;
  if (left <= 0)
    return VIGIL_SLA_RED;
  /* left / sla > 1/4, in integers */
  if (left > sla_us / 4)
    return VIGIL_SLA_GREEN;
  return VIGIL_SLA_AMBER;
}

char *
vigil_sla_format_remaining (gint64 due_us,
                            gint64 now_us)
{
  gint64 left = due_us - now_us;
  gint64 span = ABS (left);
  g_autofree char *amount = NULL;

  if (span < G_TIME_SPAN_MINUTE)
    amount = g_strdup (_("<1 min"));
  else if (span < G_TIME_SPAN_HOUR)
    /* Translators: a duration in minutes */
    amount = g_strdup_printf (_("%d min"), (int) (span / G_TIME_SPAN_MINUTE));
  else if (span < G_TIME_SPAN_DAY)
    /* Translators: a duration in hours and minutes */
    amount = g_strdup_printf (_("%d h %02d"), (int) (span / G_TIME_SPAN_HOUR),
                              (int) ((span % G_TIME_SPAN_HOUR) / G_TIME_SPAN_MINUTE));
  else
    /* Translators: a duration in days */
    amount = g_strdup_printf (_("%d d"), (int) (span / G_TIME_SPAN_DAY));

  if (left > 0)
    /* Translators: time left before a case's deadline, "12 min left" */
    return g_strdup_printf (_("%s left"), amount);
  /* Translators: how late a case is, "overdue 5 min" */
  return g_strdup_printf (_("overdue %s"), amount);
}

const char *
vigil_sla_level_to_string (VigilSlaLevel level)
{
  switch (level)
    {
    case VIGIL_SLA_GREEN: return "green";
    case VIGIL_SLA_AMBER: return "amber";
    case VIGIL_SLA_RED: return "red";
    case VIGIL_SLA_NONE:
    default:
      return "none";
    }
}

/* vigil-case-state.h: the case state machine, severities and SLA maths
 *
 * Pure functions: no store, no clock of their own. The board
 * (vigil-case-board.h) calls them before it appends a record, so an illegal
 * transition never reaches the journal.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib-object.h>

G_BEGIN_DECLS

#define VIGIL_CASE_ERROR (vigil_case_error_quark ())

typedef enum
{
  VIGIL_CASE_ERROR_ILLEGAL,         /* the transition is not allowed from the case's state */
  VIGIL_CASE_ERROR_UNKNOWN_CASE,    /* no case (or untriaged post) with that id */
  VIGIL_CASE_ERROR_UNKNOWN_ROLE,    /* no role with that id, name or digit */
  VIGIL_CASE_ERROR_CLAIMED,         /* someone else works on it: take over explicitly */
  VIGIL_CASE_ERROR_NEEDS_APPROVAL,  /* a gated reply without a senior's approval */
  VIGIL_CASE_ERROR_NOT_PERMITTED,   /* the acting person may not do this (approve, undo…) */
  VIGIL_CASE_ERROR_CONFLICT,        /* someone else changed the case first; it was reloaded */
  VIGIL_CASE_ERROR_NOTHING_TO_UNDO,
  VIGIL_CASE_ERROR_INVALID,         /* a value out of bounds (empty, too long…) */
} VigilCaseError;

GQuark vigil_case_error_quark (void);

typedef enum
{
  VIGIL_CASE_STATE_NEW = 0,
  VIGIL_CASE_STATE_ASSIGNED,
  VIGIL_CASE_STATE_IN_PROGRESS,
  VIGIL_CASE_STATE_AWAITING_APPROVAL,
  VIGIL_CASE_STATE_RESPONDED,
  VIGIL_CASE_STATE_RESOLVED,
  VIGIL_CASE_STATE_LEFT_LYING,
  VIGIL_CASE_STATE_ESCALATED,
  VIGIL_CASE_N_STATES
} VigilCaseState;

typedef enum
{
  VIGIL_SEVERITY_LOW = 0,
  VIGIL_SEVERITY_MEDIUM,
  VIGIL_SEVERITY_HIGH,
  VIGIL_SEVERITY_CRISIS,
  VIGIL_N_SEVERITIES
} VigilSeverity;

/* What a person does to a case; each is one journal record. */
typedef enum
{
  VIGIL_CASE_OP_OPEN = 0,
  VIGIL_CASE_OP_ASSIGN,
  VIGIL_CASE_OP_CLAIM,      /* start working: assigned/escalated → in progress */
  VIGIL_CASE_OP_TAKE_OVER,  /* claim a case someone else claimed */
  VIGIL_CASE_OP_RELEASE,    /* stop working: in progress → assigned */
  VIGIL_CASE_OP_ESCALATE,
  VIGIL_CASE_OP_LEAVE,
  VIGIL_CASE_OP_DRAFT,
  VIGIL_CASE_OP_APPROVE,
  VIGIL_CASE_OP_REJECT,
  VIGIL_CASE_OP_RESPOND,
  VIGIL_CASE_OP_RESOLVE,
  VIGIL_CASE_OP_REOPEN,
  VIGIL_CASE_OP_NOTE,
  VIGIL_CASE_OP_SEVERITY,
  VIGIL_CASE_OP_LINK,
  VIGIL_CASE_OP_UNDO,
  VIGIL_CASE_N_OPS
} VigilCaseOp;

/* SLA badge colours. NONE: a closed case (no clock running). */
typedef enum
{
  VIGIL_SLA_NONE = 0,
  VIGIL_SLA_GREEN,   /* more than 25 % of the time left */
  VIGIL_SLA_AMBER,   /* 25 % or less left */
  VIGIL_SLA_RED,     /* breached */
} VigilSlaLevel;

#define VIGIL_TYPE_CASE_STATE (vigil_case_state_get_type ())
#define VIGIL_TYPE_SEVERITY   (vigil_severity_get_type ())
#define VIGIL_TYPE_SLA_LEVEL  (vigil_sla_level_get_type ())
GType          vigil_case_state_get_type     (void) G_GNUC_CONST;
GType          vigil_severity_get_type       (void) G_GNUC_CONST;
GType          vigil_sla_level_get_type      (void) G_GNUC_CONST;

/* Stable ids used in records and JSON ("new", "in-progress", …) and
 * human labels (translated). from_string returns FALSE for unknown ids. */
const char    *vigil_case_state_to_string    (VigilCaseState state);
gboolean       vigil_case_state_from_string  (const char    *str,
                                              VigilCaseState *out);
const char    *vigil_case_state_get_label    (VigilCaseState state);
/* Resolved or left lying: nothing more is expected. */
gboolean       vigil_case_state_is_closed    (VigilCaseState state);

const char    *vigil_severity_to_string      (VigilSeverity  severity);
gboolean       vigil_severity_from_string    (const char    *str,
                                              VigilSeverity *out);
const char    *vigil_severity_get_label      (VigilSeverity  severity);

const char    *vigil_case_op_to_string       (VigilCaseOp    op);
gboolean       vigil_case_op_from_string     (const char    *str,
                                              VigilCaseOp   *out);

/* The state an op leads to from state, or FALSE with VIGIL_CASE_ERROR_ILLEGAL
 * ("Can't resolve case 12: it is new; assign it first") when the op is not
 * allowed there. Ops that keep the state (note, severity, link, draft on an
 * ungated case…) return state. needs_approval: the case's replies are gated;
 * approved: a senior approved the current draft. case_id only names the
 * case in the message. DRAFT goes to awaiting approval on a gated case.
 * UNDO is not decided here (the board restores the earlier state). */
gboolean       vigil_case_transition         (VigilCaseState  state,
                                              VigilCaseOp     op,
                                              gboolean        needs_approval,
                                              gboolean        approved,
                                              const char     *case_id,
                                              VigilCaseState *out_state,
                                              GError        **error);

/* Default SLA of a severity in µs: crisis 15 min, high 1 h, medium 4 h, low 24 h. */
gint64         vigil_severity_default_sla_us (VigilSeverity  severity);
/* The badge for a due time: sla_us is the whole allowance, due_us the
 * deadline, now_us the clock. sla_us <= 0 → NONE. */
VigilSlaLevel  vigil_sla_level_at            (gint64         due_us,
                                              gint64         sla_us,
                                              gint64         now_us);
/* "12 min left", "3 h left", "Overdue by 5 min"; newly allocated. */
char          *vigil_sla_format_remaining    (gint64         due_us,
                                              gint64         now_us);
const char    *vigil_sla_level_to_string     (VigilSlaLevel  level);

G_END_DECLS

/* vigil-case-board.h: the triage board, a service of the VigilContext
 *
 * Cases, roles and the inbox rule live in the store's journal (kind
 * "case", key = case id; kind "role", key = role id; kind "inbox-rule",
 * key "default"). Every action on a case is one record carrying who,
 * when, from, to and a note: the case log is the journal itself, append-
 * only and hash-chained. Each append passes the case's version as the
 * expected version, so when two people act on one case at once the store
 * lets exactly one through and the other gets VIGIL_CASE_ERROR_CONFLICT
 * (the case is reloaded first). Undo appends an "undo" record; nothing is
 * erased. Records other processes append (the CLI, a team backend) are
 * applied as they arrive ("record-appended").
 *
 * A case's id is the archive id of its post, as a string ("42").
 * The inbox rule opens a case (actor "inbox-rule") for each new post that
 * matches it, from the store's "changed" signal; the last post looked at
 * is kept as the store cursor "triage-inbox".
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "vigil-case.h"
#include "vigil-context.h"
#include "vigil-inbox-rule.h"
#include "vigil-triage-role.h"

G_BEGIN_DECLS

/* The actor of cases the inbox rule opens. */
#define VIGIL_CASE_BOARD_RULE_ACTOR "inbox-rule"
/* Bounds on what a person types into a record. */
#define VIGIL_CASE_MAX_NOTE   4096
#define VIGIL_CASE_MAX_DRAFT  (16 * 1024)

#define VIGIL_TYPE_CASE_BOARD (vigil_case_board_get_type ())
G_DECLARE_FINAL_TYPE (VigilCaseBoard, vigil_case_board, VIGIL, CASE_BOARD, GObject)

/* The context's board (vigil_context_ensure_service). */
VigilCaseBoard  *vigil_case_board_get              (VigilContext     *context);
VigilContext    *vigil_case_board_get_context      (VigilCaseBoard   *self);

/* --- models (GListModel of VigilCase, most urgent first; done: latest first) */
GListModel      *vigil_case_board_get_inbox        (VigilCaseBoard   *self);
GListModel      *vigil_case_board_get_column       (VigilCaseBoard   *self,
                                                    const char       *role_id);
GListModel      *vigil_case_board_get_escalated    (VigilCaseBoard   *self);
GListModel      *vigil_case_board_get_done         (VigilCaseBoard   *self);
/* GListModel of VigilTriageRole, in digit order. */
GListModel      *vigil_case_board_get_roles        (VigilCaseBoard   *self);
guint            vigil_case_board_get_n_cases      (VigilCaseBoard   *self);
/* Every case, by id (a new array of borrowed pointers). */
GPtrArray       *vigil_case_board_list_cases       (VigilCaseBoard   *self);

/* A role by id, name (any case) or digit ("3"); NULL if none. */
VigilTriageRole *vigil_case_board_find_role        (VigilCaseBoard   *self,
                                                    const char       *ref);
/* A case by id ("42" or "#42") or by its post's remote_id; NULL if none. */
VigilCase       *vigil_case_board_lookup           (VigilCaseBoard   *self,
                                                    const char       *ref);
/* lookup, else opens a case for the archived post whose remote_id (or
 * archive id) is ref; VIGIL_CASE_ERROR_UNKNOWN_CASE when neither exists. */
VigilCase       *vigil_case_board_ensure_case      (VigilCaseBoard   *self,
                                                    const char       *ref,
                                                    GError          **error);
/* Opens a case for an archived post (the existing one if it has one). */
VigilCase       *vigil_case_board_open_post        (VigilCaseBoard   *self,
                                                    VigilPost        *post,
                                                    const char       *note,
                                                    GError          **error);

/* --- actions: all by vigil_context_get_actor(), at vigil_context_now_us().
 * note may be NULL. Each is one record, or an error and nothing written. */
gboolean         vigil_case_board_assign           (VigilCaseBoard   *self,
                                                    VigilCase        *kase,
                                                    const char       *role_ref,
                                                    const char       *person,
                                                    const char       *note,
                                                    GError          **error);
/* Several cases as one undo step (a multi-select drag); stops at the first
 * error (the ones before it stay assigned). */
gboolean         vigil_case_board_assign_many      (VigilCaseBoard   *self,
                                                    GPtrArray        *cases,
                                                    const char       *role_ref,
                                                    const char       *person,
                                                    GError          **error);
/* To the senior of the case's role (a new case: the top of the chain). */
gboolean         vigil_case_board_escalate         (VigilCaseBoard   *self,
                                                    VigilCase        *kase,
                                                    const char       *note,
                                                    GError          **error);
gboolean         vigil_case_board_leave            (VigilCaseBoard   *self,
                                                    VigilCase        *kase,
                                                    const char       *reason,
                                                    GError          **error);
/* Start working on it; a case someone else claimed needs take_over TRUE
 * (logged as "take-over"), else VIGIL_CASE_ERROR_CLAIMED. */
gboolean         vigil_case_board_claim            (VigilCaseBoard   *self,
                                                    VigilCase        *kase,
                                                    gboolean          take_over,
                                                    GError          **error);
gboolean         vigil_case_board_release          (VigilCaseBoard   *self,
                                                    VigilCase        *kase,
                                                    GError          **error);
/* Saves the draft reply. template_id/template_version say which template
 * (and version) it was made from (NULL/0: written by hand). A gated case
 * (moderation flag, or high/crisis severity) goes to awaiting approval. */
gboolean         vigil_case_board_save_draft       (VigilCaseBoard   *self,
                                                    VigilCase        *kase,
                                                    const char       *text,
                                                    const char       *template_id,
                                                    gint64            template_version,
                                                    const char       *note,
                                                    GError          **error);
/* By a member of the senior role of the case's role (the role itself at
 * the top of the chain), else VIGIL_CASE_ERROR_NOT_PERMITTED. */
gboolean         vigil_case_board_approve          (VigilCaseBoard   *self,
                                                    VigilCase        *kase,
                                                    const char       *note,
                                                    GError          **error);
gboolean         vigil_case_board_reject           (VigilCaseBoard   *self,
                                                    VigilCase        *kase,
                                                    const char       *note,
                                                    GError          **error);
gboolean         vigil_case_board_respond          (VigilCaseBoard   *self,
                                                    VigilCase        *kase,
                                                    const char       *note,
                                                    GError          **error);
gboolean         vigil_case_board_resolve          (VigilCaseBoard   *self,
                                                    VigilCase        *kase,
                                                    const char       *note,
                                                    GError          **error);
gboolean         vigil_case_board_reopen           (VigilCaseBoard   *self,
                                                    VigilCase        *kase,
                                                    const char       *note,
                                                    GError          **error);
gboolean         vigil_case_board_add_note         (VigilCaseBoard   *self,
                                                    VigilCase        *kase,
                                                    const char       *text,
                                                    GError          **error);
gboolean         vigil_case_board_set_severity     (VigilCaseBoard   *self,
                                                    VigilCase        *kase,
                                                    VigilSeverity     severity,
                                                    GError          **error);
/* Links two cases both ways (two records). */
gboolean         vigil_case_board_link             (VigilCaseBoard   *self,
                                                    VigilCase        *kase,
                                                    VigilCase        *other,
                                                    GError          **error);

/* Undoes the last triage action (assign, escalate, leave, claim, release,
 * resolve, reopen, severity; a multi-assign as a whole) made through this
 * board: appends an "undo" record restoring what the case was. Refused
 * (VIGIL_CASE_ERROR_CONFLICT) when someone changed the case since. */
gboolean         vigil_case_board_can_undo         (VigilCaseBoard   *self);
gboolean         vigil_case_board_undo             (VigilCaseBoard   *self,
                                                    GError          **error);

/* The case's log: its records, oldest first (GPtrArray of VigilRecord). */
GPtrArray       *vigil_case_board_list_log         (VigilCaseBoard   *self,
                                                    VigilCase        *kase,
                                                    GError          **error);
/* One log record as a JSON object (vigil-cli case log): seq, at, actor,
 * op, from, to, role, person, note, … */
void             vigil_case_board_write_log_json   (const VigilRecord *record,
                                                    GString          *out);
/* "Assigned to HR (Ada)": one line for a log record; newly allocated. */
char            *vigil_case_board_describe_record  (VigilCaseBoard   *self,
                                                    const VigilRecord *record);

/* Roles: replaces a role's settings (one "role" record); a new id adds a
 * role. members may be NULL (none); senior NULL = top of the chain. */
gboolean         vigil_case_board_save_role        (VigilCaseBoard   *self,
                                                    const char       *id,
                                                    const char       *name,
                                                    const char       *colour,
                                                    guint             digit,
                                                    const char * const *members,
                                                    const char       *senior,
                                                    GError          **error);
/* Adds person to role's members (no-op when already one). */
gboolean         vigil_case_board_join_role        (VigilCaseBoard   *self,
                                                    const char       *role_id,
                                                    const char       *person,
                                                    GError          **error);

/* The inbox rule. set appends an "inbox-rule" record. */
void             vigil_case_board_get_inbox_rule   (VigilCaseBoard   *self,
                                                    VigilInboxRule   *out);
gboolean         vigil_case_board_set_inbox_rule   (VigilCaseBoard   *self,
                                                    const VigilInboxRule *rule,
                                                    GError          **error);
/* Looks at posts archived since the cursor now (also done on "changed").
 * Returns how many cases it opened. */
guint            vigil_case_board_scan_inbox       (VigilCaseBoard   *self);

/* SLA allowance of a severity (µs). */
gint64           vigil_case_board_get_sla          (VigilCaseBoard   *self,
                                                    VigilSeverity     severity);
/* Recomputes every open case's badge from the context's clock (done every
 * 15 s while the main loop runs). */
void             vigil_case_board_refresh_sla      (VigilCaseBoard   *self);

G_END_DECLS

/* vigil-case-board-private.h: shared between the board's files
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "vigil-case-board.h"
#include "vigil-case-private.h"

G_BEGIN_DECLS

typedef struct
{
  char              *case_id;
  char              *actor;      /* who did it: one undoes one's own actions */
  gint64             seq;        /* of the action's record */
  gint64             version;    /* the case's version after it */
  guint              group;      /* actions undone together */
  VigilCaseSnapshot  before;
} VigilUndoEntry;

struct _VigilCaseBoard
{
  GObject         parent_instance;

  VigilContext   *context;      /* not owned: the context owns the board */
  VigilStore     *store;
  GHashTable     *cases;        /* id → VigilCase */
  GHashTable     *by_remote;    /* remote id → VigilCase (borrowed) */
  GHashTable     *buckets;      /* VigilCase → GListStore it is in (borrowed) */
  GListStore     *roles;
  GHashTable     *columns;      /* role id → GListStore */
  GListStore     *inbox;
  GListStore     *escalated;
  GListStore     *done;
  GPtrArray      *undo;         /* VigilUndoEntry */
  guint           undo_group;
  VigilInboxRule  rule;
  gint64          inbox_cursor;
  gint64          sla_us[VIGIL_N_SEVERITIES];
  guint           tick_id;
  gboolean        loading;      /* replaying: models are filled at the end */
};

/* vigil-case-board.c */
void     _vigil_case_board_apply_record (VigilCaseBoard    *self,
                                         const VigilRecord *record);
/* Re-reads a case's records the board has not applied yet. */
void     _vigil_case_board_catch_up     (VigilCaseBoard    *self,
                                         const char        *case_id);
void     _vigil_case_board_load_post    (VigilCaseBoard    *self,
                                         VigilCase         *kase);
const char *_vigil_case_board_actor     (VigilCaseBoard    *self);

/* vigil-case-board-actions.c */
/* Opens a case for post as actor (the rule or a person). */
VigilCase *_vigil_case_board_open       (VigilCaseBoard    *self,
                                         VigilPost         *post,
                                         const char        *actor,
                                         const char        *note,
                                         GError           **error);
void     _vigil_undo_entry_free         (gpointer           data);

G_END_DECLS

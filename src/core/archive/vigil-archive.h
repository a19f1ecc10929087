/* vigil-archive.h: what a compliance officer relies on — verify with
 * anchors and MACed checkpoints, backups and restore, the access log
 *
 * What each protection proves, and what it does not: docs/archive-integrity.md.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "vigil-credential-store.h"
#include "vigil-store.h"

G_BEGIN_DECLS

#define VIGIL_ARCHIVE_ERROR (vigil_archive_error_quark ())
GQuark vigil_archive_error_quark (void);

typedef enum
{
  VIGIL_ARCHIVE_ERROR_INVALID,     /* a bad argument: "HASH@ROW", a date… */
  VIGIL_ARCHIVE_ERROR_NO_KEY,      /* no checkpoint key in the Secret Service */
  VIGIL_ARCHIVE_ERROR_TAMPERED,    /* verification failed (restore refuses) */
  VIGIL_ARCHIVE_ERROR_IN_USE,      /* the target archive is open elsewhere */
  VIGIL_ARCHIVE_ERROR_FAILED,
  VIGIL_ARCHIVE_ERROR_NOT_PERMITTED, /* not in the compliance role */
} VigilArchiveError;

/* The checkpoint key: 32 random bytes (hex) in the credential store under
 * service "vigil-archive", account "checkpoint-key". */
#define VIGIL_ARCHIVE_KEY_SERVICE "vigil-archive"
#define VIGIL_ARCHIVE_KEY_ACCOUNT "checkpoint-key"
/* The journal kind of checkpoint records. */
#define VIGIL_ARCHIVE_CHECKPOINT_KIND "archive.checkpoint"

/* One checkpoint: the heads of the three chains at one moment, MACed
 * (HMAC-SHA256) with the key from the Secret Service. */
typedef struct
{
  gint64   at_us;
  guint64  rows;           /* posts + events */
  char    *head_hash;
  guint64  audit_rows;
  char    *audit_hash;
  guint64  records;
  char    *records_hash;
  char    *mac;            /* hex */
} VigilArchiveCheckpoint;

void                    vigil_archive_checkpoint_free      (VigilArchiveCheckpoint *cp);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (VigilArchiveCheckpoint, vigil_archive_checkpoint_free)
void                    vigil_archive_checkpoint_sign      (VigilArchiveCheckpoint *cp,
                                                            GBytes                 *key);
gboolean                vigil_archive_checkpoint_check     (const VigilArchiveCheckpoint *cp,
                                                            GBytes                 *key);
char                   *vigil_archive_checkpoint_to_json   (const VigilArchiveCheckpoint *cp);
VigilArchiveCheckpoint *vigil_archive_checkpoint_from_json (const char             *json,
                                                            GError                **error);
/* One line for a file kept elsewhere, a notary or a timestamping service:
 * "vigil-checkpoint v1 at=… rows=N head=H audit=N:H journal=N:H mac=M" */
char                   *vigil_archive_checkpoint_to_line   (const VigilArchiveCheckpoint *cp);

/* "HASH" or "HASH@ROW" (as vigil-cli verify prints) into an anchor;
 * *out_hash is owned by the caller. */
gboolean  vigil_archive_parse_expect_head (const char        *text,
                                           char             **out_hash,
                                           guint64           *out_rows,
                                           GError           **error);

/* The key, blocking (runs the credential store's async call to the end on
 * a private main context). create: make and store one when there is none.
 * NULL with VIGIL_ARCHIVE_ERROR_NO_KEY when there is none and !create. */
GBytes   *vigil_archive_lookup_key        (VigilCredentialStore *credentials,
                                           gboolean              create,
                                           GError              **error);

typedef struct
{
  const char             *expect_head;   /* hex, or NULL */
  guint64                 expect_rows;   /* 0 = the current head */
  GBytes                 *key;           /* NULL: checkpoints are reported as unchecked */
  gboolean                chain_only;    /* skip the derived tables (checkpoints) */
  VigilStoreProgressFunc  progress;
  gpointer                progress_data;
  GCancellable           *cancellable;
} VigilArchiveVerifyOptions;

typedef struct
{
  gboolean               ok;
  char                  *verdict;            /* the first problem; NULL when ok */
  VigilStoreVerifyResult store;
  guint                  checkpoints;        /* checkpoint records found */
  guint                  checkpoints_checked;/* MAC valid and head matching */
  gint64                 last_checkpoint_us; /* 0 = none */
  gboolean               key_missing;        /* checkpoints exist, no key to check them */
} VigilArchiveReport;

void      vigil_archive_report_clear      (VigilArchiveReport *report);

/* verify_full with the checkpoints (MACs checked with key) and the
 * expected head as anchors. TRUE when it could run (report->ok = verdict). */
gboolean  vigil_archive_verify            (VigilStore                      *store,
                                           const VigilArchiveVerifyOptions *options,
                                           VigilArchiveReport              *report,
                                           GError                         **error);

/* Verifies the chains (not the derived tables), then appends a MACed
 * checkpoint record to the journal and, when external_path is set, its
 * line to that file. Fails (nothing written) when verification fails. */
gboolean  vigil_archive_checkpoint        (VigilStore              *store,
                                           GBytes                  *key,
                                           const char              *actor,
                                           const char              *external_path,
                                           VigilArchiveCheckpoint **out_checkpoint,
                                           GError                 **error);

/* Backup into folder as vigil-backup-YYYYMMDD-HHMMSS-µµµµµµ.db (UTC), then removes the
 * oldest vigil-backup-*.db beyond keep (0 = keep all). */
gboolean  vigil_archive_backup_rotate     (VigilStore              *store,
                                           const char              *folder,
                                           guint                    keep,
                                           char                   **out_path,
                                           GError                 **error);

/* The journal kind of retention purges. */
#define VIGIL_ARCHIVE_PURGE_KIND "archive.purge"

/* Retention: appends a purge record (platform, cut-off, time) MACed with
 * key to the journal, then purges the posts of platform (NULL = all)
 * created before before_us, leaving tombstones (see vigil_store_purge).
 * verify checks the record's MAC and that every tombstone is covered by
 * one. Retention is off unless a caller runs this. */
gboolean  vigil_archive_purge             (VigilStore              *store,
                                           GBytes                  *key,
                                           const char              *actor,
                                           const char              *platform,
                                           gint64                   before_us,
                                           guint64                 *out_posts,
                                           GError                 **error);

/* --- Retention policies (vigil-archive-retention.c) ----------------------
 *
 * Per platform, off by default: days 0 keeps the platform's posts for ever.
 * The app keeps the policy in GSettings (retention-days) and applies it at
 * startup and daily; vigil-cli retention shows, sets and applies it. */
#define VIGIL_RETENTION_MAX_DAYS 36500

typedef struct
{
  const char *platform;   /* "mastodon", "bluesky", "feed" */
  guint       days;       /* 0 = keep for ever */
} VigilRetentionRule;

/* The platforms with a retention setting, in this order: mastodon, bluesky,
 * feed. from_variant reads the GSettings value (a{su}: platform → days;
 * NULL or a platform left out = 0) into one rule per platform; to_variant
 * writes the rules back, leaving out those with days 0. */
#define VIGIL_RETENTION_N_PLATFORMS 3
void      vigil_archive_retention_from_variant (GVariant           *days,
                                                VigilRetentionRule  rules[VIGIL_RETENTION_N_PLATFORMS]);
GVariant *vigil_archive_retention_to_variant   (const VigilRetentionRule rules[VIGIL_RETENTION_N_PLATFORMS]);

/* FALSE (VIGIL_ARCHIVE_ERROR_INVALID, a reason) for an unknown platform or
 * more than VIGIL_RETENTION_MAX_DAYS. */
gboolean  vigil_archive_retention_check   (const VigilRetentionRule *rule,
                                           GError                  **error);
/* now_us minus the rule's days; 0 when days is 0. */
gint64    vigil_archive_retention_cutoff  (const VigilRetentionRule *rule,
                                           gint64                    now_us);
/* How many posts of the rule's platform created before its cut-off are not
 * purged yet (what applying it would clear); writes nothing. */
gboolean  vigil_archive_retention_plan    (VigilStore               *store,
                                           const VigilRetentionRule *rule,
                                           gint64                    now_us,
                                           guint64                  *out_posts,
                                           GError                  **error);
/* Checks every rule, then runs vigil_archive_purge for each with days > 0
 * (one MACed purge record each, even when nothing is due: the record is
 * the evidence that retention ran). *out_posts: posts purged in all. */
gboolean  vigil_archive_apply_retention   (VigilStore               *store,
                                           GBytes                   *key,
                                           const char               *actor,
                                           const VigilRetentionRule *rules,
                                           guint                     n_rules,
                                           gint64                    now_us,
                                           guint64                  *out_posts,
                                           GError                  **error);

/* Whether a scheduled backup is due: folder set, interval_hours > 0 and
 * the newest vigil-backup-*.db there older than the interval (or none). */
gboolean  vigil_archive_backup_due        (const char              *folder,
                                           guint                    interval_hours,
                                           gint64                   now_us);

/* Restores db_path from backup_path: copies the backup beside the target,
 * opens and verifies the copy (checkpoints with key when given), and only
 * then renames it over the target. A backup that does not verify, or is
 * not a readable archive, is refused with the reason; the target is left
 * untouched. Refuses while the target is open (a -wal file beside it). */
gboolean  vigil_archive_restore           (const char              *backup_path,
                                           const char              *db_path,
                                           GBytes                  *key,
                                           VigilArchiveReport      *report,
                                           GError                 **error);

/* --- Who may read the access log (vigil-archive-access.c) -------------
 *
 * The members of the triage role "compliance". While no role has any member
 * (a single-person archive) the person running Vigil is every role. */
#define VIGIL_ARCHIVE_COMPLIANCE_ROLE "compliance"

typedef enum
{
  VIGIL_ARCHIVE_ACCESS_DENIED,     /* error set: VIGIL_ARCHIVE_ERROR_NOT_PERMITTED, or a read failed */
  VIGIL_ARCHIVE_ACCESS_OWNER,      /* no role has members: the owner is everything */
  VIGIL_ARCHIVE_ACCESS_COMPLIANCE, /* actor is a member of the compliance role */
} VigilArchiveAccess;

/* Whether actor may read the access log, and why; no side effect. */
VigilArchiveAccess vigil_archive_access_for          (VigilStore  *store,
                                                      const char  *actor,
                                                      GError     **error);
/* TRUE when actor may read it; a refusal is itself logged
 * ("access-log-refused") and explained in error (how to get the role). */
gboolean           vigil_archive_may_read_access_log (VigilStore  *store,
                                                      const char  *actor,
                                                      GError     **error);

/* The access log as a person reads it: refused unless actor may read it
 * (vigil_archive_may_read_access_log); logs the read too (action
 * "access-log"), after it. */
GPtrArray *vigil_archive_read_access_log  (VigilStore              *store,
                                           const char              *actor,
                                           gint64                   since_us,
                                           gint64                   until_us,
                                           guint                    limit,
                                           GError                 **error);
/* An entry as one JSON line (no newline); detail is embedded as JSON when
 * it is a JSON object, else as a string. */
char      *vigil_archive_access_entry_to_json (const VigilAccessEntry *entry);

/* Logs one access by a person: detail is a JSON object built from the
 * members given as (key, value) string pairs, then "results" when >= 0. */
gboolean   vigil_archive_log_access       (VigilStore              *store,
                                           const char              *actor,
                                           const char              *action,
                                           gint64                   results,
                                           GError                 **error,
                                           const char              *first_key,
                                           ...) G_GNUC_NULL_TERMINATED;

G_END_DECLS

/* vigil-source-manager.h: the sources the user configured, running
 *
 * A GListModel of VigilSource. The configuration is kept in
 * $XDG_CONFIG_HOME/vigil/sources.json (written atomically, mode 0600):
 *
 *   {"version": 1,
 *    "sources": [{"spec": "mastodon:https://host/tag/acme", "label": "Acme",
 *                 "paused": false, "account": "me@host"},
 *                {"kind": "watches", "instance": "https://host",
 *                 "label": "From my watches", "paused": false}]}
 *
 * "account" names the Mastodon account whose token is looked up in the
 * credential store (service "mastodon") before the source starts; the
 * token itself is never written anywhere by the manager.
 *
 * Sources are told what to collect. An entry of kind "watches" follows
 * the user's watch list on one Mastodon instance (see
 * vigil_source_manager_derive_specs): it becomes one source per hashtag,
 * handle or search term found in the watches, and is re-derived whenever
 * the watch list changes. Jetstream and feeds are not narrowed: they
 * archive everything they receive, and the classifier matches the watches
 * on the archive afterwards.
 *
 * Every source runs on its own: one failing never stops the others.
 *
 * Signal "source-problem" (VigilSource *source, const char *message): a
 * source failed for good, or started backing off with an error after
 * having been fine; message is for a person. Emitted once per problem.
 *
 * Signal "token-used" (const char *account, const char *label): a source
 * is about to connect with account's token (the account register logs it).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "vigil-credential-store.h"
#include "vigil-source.h"
#include "vigil-watch-list.h"

G_BEGIN_DECLS

#define VIGIL_SOURCE_MANAGER_MAX_SOURCES    500
#define VIGIL_SOURCE_MANAGER_MAX_FILE_BYTES (1024 * 1024)
/* At most this many sources derived from the watches per instance. */
#define VIGIL_SOURCE_MANAGER_MAX_DERIVED    40
/* The credential store's service name for Mastodon tokens. */
#define VIGIL_SOURCE_MANAGER_MASTODON_SERVICE "mastodon"

#define VIGIL_TYPE_SOURCE_MANAGER (vigil_source_manager_get_type ())
G_DECLARE_FINAL_TYPE (VigilSourceManager, vigil_source_manager, VIGIL, SOURCE_MANAGER, GObject)

/* path NULL = vigil_source_manager_get_default_path(). credentials may be
 * NULL (no account can be linked then). */
VigilSourceManager *vigil_source_manager_new              (VigilStore            *store,
                                                           SoupSession           *session,
                                                           VigilCredentialStore  *credentials,
                                                           const char            *path);
char               *vigil_source_manager_get_default_path (void);
const char         *vigil_source_manager_get_path         (VigilSourceManager    *self);
VigilCredentialStore *vigil_source_manager_get_credentials (VigilSourceManager   *self);

/* Reads the file (a missing file is no sources). Broken entries are
 * skipped and reported in the error's message only when nothing could be
 * read at all. Sources are created but not started. */
gboolean            vigil_source_manager_load             (VigilSourceManager    *self,
                                                           GError               **error);
gboolean            vigil_source_manager_save             (VigilSourceManager    *self,
                                                           GError               **error);
/* Starts every unpaused source (looking up tokens first); stop stops all. */
void                vigil_source_manager_start            (VigilSourceManager    *self);
void                vigil_source_manager_stop             (VigilSourceManager    *self);

/* The watches that "watches" entries follow (may be NULL). */
void                vigil_source_manager_set_watch_list   (VigilSourceManager    *self,
                                                           VigilWatchList        *watches);

/* Adds a source from a SPEC (see vigil-source-spec.h), saves, and starts
 * it when the manager is running. label may be NULL (the SPEC is shown);
 * account (Mastodon only) may be NULL. */
VigilSource        *vigil_source_manager_add              (VigilSourceManager    *self,
                                                           const char            *spec,
                                                           const char            *label,
                                                           const char            *account,
                                                           GError               **error);
/* Adds an entry that follows the watch list on a Mastodon instance
 * ("https://host"). Returns FALSE with an error for a bad address. */
gboolean            vigil_source_manager_add_watches      (VigilSourceManager    *self,
                                                           const char            *instance,
                                                           const char            *label,
                                                           const char            *account,
                                                           GError               **error);
/* Replaces the configuration of source (which must be configured, not
 * derived); the running source is replaced by a new one. Saves. */
VigilSource        *vigil_source_manager_edit             (VigilSourceManager    *self,
                                                           VigilSource           *source,
                                                           const char            *spec,
                                                           const char            *label,
                                                           const char            *account,
                                                           GError               **error);
/* Pauses or resumes the source's entry (for a derived source, the whole
 * "watches" entry). Saves. */
gboolean            vigil_source_manager_set_paused       (VigilSourceManager    *self,
                                                           VigilSource           *source,
                                                           gboolean               paused,
                                                           GError               **error);
/* Stops and removes the source's entry (a derived source: its whole entry). Saves. */
gboolean            vigil_source_manager_remove           (VigilSourceManager    *self,
                                                           VigilSource           *source,
                                                           GError               **error);

gboolean            vigil_source_manager_get_paused       (VigilSourceManager    *self,
                                                           VigilSource           *source);
/* What the user called it (falls back to the SPEC). */
const char         *vigil_source_manager_get_label        (VigilSourceManager    *self,
                                                           VigilSource           *source);
const char         *vigil_source_manager_get_spec         (VigilSourceManager    *self,
                                                           VigilSource           *source);
/* The linked Mastodon account, or NULL. */
const char         *vigil_source_manager_get_account      (VigilSourceManager    *self,
                                                           VigilSource           *source);
/* How many entries are configured (a "watches" entry counts once, even
 * when it currently derives no source). */
guint               vigil_source_manager_get_n_configured (VigilSourceManager    *self);
/* The token of account changed in the credential store: look it up again
 * and restart the sources that use it. */
void                vigil_source_manager_refresh_account  (VigilSourceManager    *self,
                                                           const char            *account);

/* An account reported hacked: every source linked to it is stopped and
 * shown as paused, and cannot be resumed until it is unblocked. Not saved:
 * the account register blocks again at each start. */
void                vigil_source_manager_set_account_blocked (VigilSourceManager *self,
                                                              const char         *account,
                                                              gboolean            blocked);
gboolean            vigil_source_manager_is_account_blocked  (VigilSourceManager *self,
                                                              const char         *account);

/* TRUE for a source derived from the watches (not editable on its own). */
gboolean            vigil_source_manager_is_derived       (VigilSourceManager    *self,
                                                           VigilSource           *source);

/* What the watches ask of a Mastodon instance, as SPECs:
 *   #tag           → mastodon:INSTANCE/tag/tag
 *   @user[@host]   → mastodon:INSTANCE/@user[@host]
 *   plain keywords and "quoted phrases" (not operators, not field:value,
 *   not NOT-ed, no wildcard) → mastodon:INSTANCE/search/WORD, only when
 *   with_search (Mastodon searches statuses only for signed-in users).
 * Lower-cased, deduplicated, at most VIGIL_SOURCE_MANAGER_MAX_DERIVED. */
GStrv               vigil_source_manager_derive_specs     (VigilWatchList        *watches,
                                                           const char            *instance,
                                                           gboolean               with_search);

G_END_DECLS

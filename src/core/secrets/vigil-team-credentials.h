/* vigil-team-credentials.h: the team database's address and its password in the keyring
 *
 * A team database is named by a libpq connection URI (postgresql://… or
 * postgres://…). Its password never goes into a file of Vigil's, GSettings
 * or a log: it is in the keyring, under the key
 *   platform "postgresql", account USER, instance "HOST:PORT/DBNAME",
 *   purpose "password"
 * with libpq's defaults filled in (PGUSER, PGHOST, PGPORT, PGDATABASE, else
 * the login name, the local socket "localhost", 5432, the user name). Or
 * libpq finds it itself: a service file, ~/.pgpass, PGPASSWORD.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "vigil-credential-store.h"

G_BEGIN_DECLS

#define VIGIL_TEAM_CREDENTIALS_PLATFORM "postgresql"

/* TRUE when db names a team database rather than an archive file. */
gboolean  vigil_team_uri_is_team          (const char            *db);
/* TRUE when uri holds a password (user:password@ or password=…). */
gboolean  vigil_team_uri_has_password     (const char            *uri);
/* uri without its password (a copy of uri when it has none); NULL with an
 * error when it is not a URI Vigil can read. */
char     *vigil_team_uri_strip_password   (const char            *uri,
                                           GError               **error);
/* The keyring key of uri's password; its strings point into *storage
 * (free with g_strfreev). */
gboolean  vigil_team_uri_key              (const char            *uri,
                                           VigilCredentialKey    *key,
                                           char                ***storage,
                                           GError               **error);
/* A person-readable "user on host:port/dbname". */
char     *vigil_team_uri_describe         (const char            *uri);

/* Looks the password up, blocking (with the store's own timeout) on a main
 * context of its own: for opening a store at start-up. NULL without an
 * error when none is stored or the URI has its own. credentials NULL = the
 * Secret Service. */
char     *vigil_team_lookup_password_sync (VigilCredentialStore  *credentials,
                                           const char            *uri,
                                           GError               **error);

G_END_DECLS

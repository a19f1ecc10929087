/* vigil-source-spec.h: the one-line description of a source
 *
 *   mastodon:https://host/public          the federated timeline
 *   mastodon:https://host/public/local    the local timeline
 *   mastodon:https://host/tag/NAME        a hashtag (also /tags/NAME)
 *   mastodon:https://host/list/ID         a list (needs a token)
 *   mastodon:https://host/home            the home timeline (needs a token)
 *   mastodon:https://host/@user[@domain]  an account's statuses
 *   mastodon:https://host/search/QUERY    a status search (URL-encoded)
 *   jetstream:wss://host/subscribe[?…]    Bluesky Jetstream
 *   rss:https://host/feed.xml             RSS or Atom (also atom:, feed:)
 *
 * Plain http:// and ws:// are accepted only for loopback hosts. Used by
 * vigil-cli listen and the sources preferences.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "vigil-mastodon-source.h"
#include "vigil-source.h"

G_BEGIN_DECLS

#define VIGIL_SOURCE_SPEC_ERROR (vigil_source_spec_error_quark ())

typedef enum
{
  VIGIL_SOURCE_SPEC_ERROR_INVALID,   /* not a SPEC we understand */
  VIGIL_SOURCE_SPEC_ERROR_INSECURE,  /* http:// or ws:// to a non-loopback host */
} VigilSourceSpecError;

GQuark vigil_source_spec_error_quark (void);

typedef enum
{
  VIGIL_SOURCE_KIND_MASTODON,
  VIGIL_SOURCE_KIND_JETSTREAM,
  VIGIL_SOURCE_KIND_FEED,
} VigilSourceKind;

typedef struct
{
  VigilSourceKind        kind;
  char                  *spec;      /* the SPEC as given (the source's id) */
  char                  *url;       /* Mastodon: "scheme://host[:port]"; others: the URL */
  VigilMastodonTimeline  timeline;  /* Mastodon only */
  char                  *argument;  /* Mastodon: tag, list id, acct or query; else NULL */
} VigilSourceSpec;

VigilSourceSpec *vigil_source_spec_parse      (const char             *spec,
                                               GError                **error);
void             vigil_source_spec_free       (VigilSourceSpec        *spec);

/* TRUE for "localhost", 127.0.0.0/8 and ::1 (brackets allowed). */
gboolean         vigil_source_spec_host_is_loopback (const char       *host);

/* Builds the source the SPEC describes. A Mastodon source's id (the key of
 * its cursor) is spec->spec; Jetstream and feed sources key themselves
 * ("jetstream:" + endpoint, "rss:" + url). token is for Mastodon only and
 * may be NULL; it must come from the credential store (libsecret), never
 * from a file or the command line. */
VigilSource     *vigil_source_spec_create     (const VigilSourceSpec  *spec,
                                               VigilStore             *store,
                                               SoupSession            *session,
                                               const char             *token,
                                               GError                **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (VigilSourceSpec, vigil_source_spec_free)

G_END_DECLS

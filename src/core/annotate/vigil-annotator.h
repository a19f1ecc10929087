/* vigil-annotator.h: classify every post as the store archives it
 *
 * A VigilAnnotator holds the current VigilClassifier (an immutable snapshot,
 * swapped atomically when the watches or options change) and a
 * VigilNearDuplicateIndex, and annotates the posts of each insert on the
 * store's worker thread (vigil_annotator_attach). New posts are classified,
 * grouped with their near-duplicates and handed to the alert monitor;
 * edited posts are classified again and keep their duplicate group.
 *
 * The near-duplicate index starts empty with each annotator (one session):
 * copies of a text archived before the start form a new group. Its memory
 * grows with the distinct texts (~150 bytes each); it is restarted after
 * VIGIL_ANNOTATOR_MAX_DUP_TEXTS posts.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "vigil-alert-monitor.h"
#include "vigil-annotator-options.h"
#include "vigil-store.h"
#include "vigil-watch-list.h"

G_BEGIN_DECLS

#define VIGIL_ANNOTATOR_MAX_DUP_TEXTS 2000000
#define VIGIL_ANNOTATOR_MAX_HAMMING   3

#define VIGIL_TYPE_ANNOTATOR (vigil_annotator_get_type ())
G_DECLARE_FINAL_TYPE (VigilAnnotator, vigil_annotator, VIGIL, ANNOTATOR, GObject)

/* options NULL = defaults; no watches until set. */
VigilAnnotator  *vigil_annotator_new             (const VigilAnnotatorOptions *options,
                                                  GError                     **error);
/* Rebuilds the classifier with new options (watches kept). */
gboolean         vigil_annotator_set_options     (VigilAnnotator              *self,
                                                  const VigilAnnotatorOptions *options,
                                                  GError                     **error);
/* Follows list: the classifier is rebuilt now and whenever it changes
 * (items-changed); the monitor, if any, gets the watch names. NULL = no
 * watches. Main thread. */
gboolean         vigil_annotator_set_watch_list  (VigilAnnotator              *self,
                                                  VigilWatchList              *list,
                                                  GError                     **error);
/* Posts archived from now on are pushed to monitor (NULL = none). */
void             vigil_annotator_set_monitor     (VigilAnnotator              *self,
                                                  VigilAlertMonitor           *monitor);
/* Installs the annotator on store (vigil_store_set_annotator; the store
 * keeps a reference). */
void             vigil_annotator_attach          (VigilAnnotator              *self,
                                                  VigilStore                  *store);
/* How many watches the current classifier snapshot has. Thread-safe. */
guint            vigil_annotator_get_n_watches   (VigilAnnotator              *self);
/* Thread-safe: what the store calls (VigilStoreAnnotateFunc). */
void             vigil_annotator_annotate        (VigilAnnotator              *self,
                                                  GPtrArray                   *created,
                                                  GPtrArray                   *edited);
/* The ingest pipeline's classify stage, before the store's write
 * transaction (any thread): classifies the new posts (VIGIL_POST_EVENT_CREATE)
 * of posts that are not classified yet. Nothing archived changes: a
 * detected language is kept beside the post and applied by
 * vigil_annotator_annotate() once the row is written, so the archived
 * `lang` stays the platform's tag, as without the pipeline. Edits are left
 * to the store's hook, which knows the archived text and author they
 * complete. Duplicate grouping and spike counting still happen in the hook,
 * for the posts the store archived as new. Returns how many it classified. */
guint            vigil_annotator_preclassify     (VigilAnnotator              *self,
                                                  GPtrArray                   *posts);
/* Classifies one post (no duplicate grouping, no monitor). Thread-safe. */
void             vigil_annotator_classify_post   (VigilAnnotator              *self,
                                                  VigilPost                   *post);

G_END_DECLS

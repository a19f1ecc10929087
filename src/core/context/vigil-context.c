/* vigil-context.c: one owner for everything a running Vigil has
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The GUI and vigil-cli build the same context, so a post archived by
 * `vigil-cli listen` is classified and raises alerts exactly as in the app.
 * Neither front end wires core objects together itself.
 */
#define G_LOG_DOMAIN "vigil-context"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "vigil-context.h"
#include "vigil-secret-credential-store.h"
#include "vigil-team-credentials.h"

struct _VigilContext
{
  GObject               parent_instance;

  VigilStore           *store;
  SoupSession          *session;
  VigilWatchList       *watches;
  VigilAnnotator       *annotator;     /* NULL with no_classify */
  VigilIngestPipeline  *pipeline;      /* the sources' path: classify, then the writer */
  VigilAlertMonitor    *monitor;
  VigilCredentialStore *credentials;
  VigilSourceManager   *sources;
  char                 *actor;
  gboolean              demo;
  gboolean              shut_down;

  /* plain copies of the classification settings, so either can change */
  GStrv                 officials;
  double                ots_divisor;
  VigilAlertMonitorOptions alerts;   /* as given to the monitor, defaults filled in */

  VigilClockFunc        clock;
  gpointer              clock_data;

  GHashTable           *services;      /* GType → GObject (owned) */
  GPtrArray            *service_order; /* creation order, disposed in reverse */
};

G_DEFINE_FINAL_TYPE (VigilContext, vigil_context, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_ACTOR,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

/* The demo's brand is fictional; so are these watches. */
static const struct {
  const char *name;
  const char *query;
  const char *colour;
} demo_watches[] = {
  { N_("Lid and scalds"), "NorthwindScald OR scald* OR burn* OR burnt OR brûlure* OR Deckel", "#e01b24" },
  { N_("Refunds"),
    "refund* OR rembours* OR reembols* OR erstatt* OR Rückgabe OR \"money back\"", "#e66100" },
  { N_("Fake support"),
    "\"Northwind Support\" OR \"card details\" OR \"card number\" OR \"bank details\" OR phishing",
    "#9141ac" },
};

/* the fictional brand's own accounts, so its impostor gets flagged */
static const char * const demo_officials[] = {
  "northwind@brands.example=Northwind Kettles",
  "northwind.bsky.example=Northwind Kettles",
  NULL
};

#define DEMO_WINDOW_US       (20 * G_USEC_PER_SEC)
#define DEMO_HOUR_WINDOW_US  (5 * 60 * G_USEC_PER_SEC)
#define DEMO_TICK_US         (2 * G_USEC_PER_SEC)
#define DEMO_MIN_COUNT       5
#define DEMO_COOLDOWN_US     (60 * G_USEC_PER_SEC)

VigilWatchList *
vigil_context_create_demo_watches (void)
{
  VigilWatchList *list = vigil_watch_list_new ();

  for (guint i = 0; i < G_N_ELEMENTS (demo_watches); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(VigilWatch) watch = vigil_watch_new (_(demo_watches[i].name), demo_watches[i].query,
                                                     demo_watches[i].colour, FALSE, &error);

      /* the queries are ours: a failure is a bug */
      g_assert_no_error (error);
      vigil_watch_list_replace (list, watch);
    }
  return list;
}

static gint64
real_clock (gpointer user_data)
{
  return g_get_real_time ();
}

static char *
default_actor (void)
{
  const char *env = g_getenv ("VIGIL_ACTOR");

  if (env != NULL && *env != '\0')
    return g_strdup (env);
  return g_strdup (g_get_user_name ());
}

static void
vigil_context_dispose (GObject *object)
{
  VigilContext *self = VIGIL_CONTEXT (object);

  vigil_context_shutdown (self);

  /* services go first, newest first: they may use each other and the
   * core. A service may outlive us (a pending GTask holds it): disposing it
   * now makes it drop its pointer to us before that task completes. */
  if (self->service_order != NULL)
    {
      while (self->service_order->len > 0)
        {
          GObject *service = g_ptr_array_index (self->service_order, self->service_order->len - 1);

          g_object_run_dispose (service);
          g_ptr_array_remove_index (self->service_order, self->service_order->len - 1);
        }
    }
  g_clear_pointer (&self->services, g_hash_table_unref);
  g_clear_pointer (&self->service_order, g_ptr_array_unref);

  g_clear_object (&self->sources);
  g_clear_object (&self->pipeline);
  g_clear_object (&self->annotator);
  g_clear_object (&self->monitor);
  g_clear_object (&self->watches);
  g_clear_object (&self->credentials);
  g_clear_object (&self->session);
  g_clear_object (&self->store);

  G_OBJECT_CLASS (vigil_context_parent_class)->dispose (object);
}

static void
vigil_context_finalize (GObject *object)
{
  VigilContext *self = VIGIL_CONTEXT (object);

  g_free (self->actor);
  g_strfreev (self->officials);

  G_OBJECT_CLASS (vigil_context_parent_class)->finalize (object);
}

static void
vigil_context_get_property (GObject    *object,
                            guint       prop_id,
                            GValue     *value,
                            GParamSpec *pspec)
{
  VigilContext *self = VIGIL_CONTEXT (object);

  switch (prop_id)
    {
    case PROP_ACTOR:
      g_value_set_string (value, self->actor);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
vigil_context_set_property (GObject      *object,
                            guint         prop_id,
                            const GValue *value,
                            GParamSpec   *pspec)
{
  VigilContext *self = VIGIL_CONTEXT (object);

  switch (prop_id)
    {
    case PROP_ACTOR:
      vigil_context_set_actor (self, g_value_get_string (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
vigil_context_class_init (VigilContextClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = vigil_context_dispose;
  object_class->finalize = vigil_context_finalize;
  object_class->get_property = vigil_context_get_property;
  object_class->set_property = vigil_context_set_property;

  /**
   * VigilContext:actor:
   *
   * The person acting at this desk; written into every log entry.
   */
  properties[PROP_ACTOR] =
    g_param_spec_string ("actor", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
vigil_context_init (VigilContext *self)
{
  self->clock = real_clock;
  self->services = g_hash_table_new (g_direct_hash, g_direct_equal);
  self->service_order = g_ptr_array_new_with_free_func (g_object_unref);
}

/* entries are "handle" or "handle=Display Name" (the official-accounts setting) */
static gboolean
apply_classification (VigilContext  *self,
                      GError       **error)
{
  g_autoptr(GPtrArray) strings = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GArray) officials = g_array_new (FALSE, TRUE, sizeof (VigilAnnotatorOfficial));
  VigilAnnotatorOptions options = { 0 };

  if (self->annotator == NULL)
    return TRUE;

  for (guint i = 0; self->officials && self->officials[i]; i++)
    {
      g_auto(GStrv) parts = g_strsplit (self->officials[i], "=", 2);
      VigilAnnotatorOfficial official = { 0 };

      g_strstrip (parts[0]);
      if (parts[0][0] == '\0')
        continue;
      official.handle = parts[0];
      if (parts[1] != NULL && *g_strstrip (parts[1]) != '\0')
        official.display_name = parts[1];
      g_array_append_val (officials, official);
      /* keep the strings alive until the annotator has copied them */
      g_ptr_array_add (strings, g_steal_pointer (&parts[0]));
      if (parts[1] != NULL)
        g_ptr_array_add (strings, g_steal_pointer (&parts[1]));
    }

  options.ots_divisor = self->ots_divisor;
  options.officials = (const VigilAnnotatorOfficial *) (gpointer) officials->data;
  options.n_officials = officials->len;
  return vigil_annotator_set_options (self->annotator, &options, error);
}

/* The user's watches; a file named in options must load. */
static VigilWatchList *
load_watches (const VigilContextOptions  *options,
              GError                    **out_error)
{
  g_autofree char *default_path = NULL;
  g_autoptr(GError) error = NULL;
  const char *path = options->watches_path;
  VigilWatchList *list;

  if (options->watches != NULL)
    return g_object_ref (options->watches);
  if (options->demo)
    return vigil_context_create_demo_watches ();
  if (path != NULL)
    return vigil_watch_list_load (path, out_error);
  path = default_path = vigil_watch_list_get_default_path ();
  list = vigil_watch_list_load (path, &error);
  if (list == NULL)
    {
      /* a missing file is simply no watches yet; a broken one is kept
       * as it is and reported */
      if (!g_error_matches (error, G_FILE_ERROR, G_FILE_ERROR_NOENT))
        g_message ("Could not read the watches in %s: %s", path, error->message);
      list = vigil_watch_list_new ();
    }
  return list;
}

/* What the monitor does with zeros, made explicit for the GUI's charts. */
static void
fill_alert_defaults (VigilAlertMonitorOptions *options)
{
  VigilAlertMonitorOptions defaults;

  vigil_alert_monitor_options_init (&defaults);
  if (options->minute_window_us <= 0)
    options->minute_window_us = defaults.minute_window_us;
  if (options->hour_window_us <= 0)
    options->hour_window_us = defaults.hour_window_us;
  if (options->hour_window_us <= options->minute_window_us)
    options->hour_window_us = 60 * options->minute_window_us;
  if (options->tick_us == 0)
    options->tick_us = defaults.tick_us;
  if (options->k_sigma <= 0)
    options->k_sigma = defaults.k_sigma;
  if (options->min_count == 0)
    options->min_count = defaults.min_count;
  if (options->cooldown_us < 0)
    options->cooldown_us = defaults.cooldown_us;
}

static gboolean
build (VigilContext               *self,
       const VigilContextOptions  *options,
       GError                    **error)
{
  VigilAlertMonitorOptions alerts;

  self->demo = options->demo;
  self->actor = options->actor && *options->actor ? g_strdup (options->actor) : default_actor ();
  self->session = soup_session_new_with_options ("max-conns-per-host", 4, NULL);
  self->credentials = options->credentials ? g_object_ref (options->credentials)
                                           : vigil_secret_credential_store_new ();
  self->watches = load_watches (options, error);
  if (self->watches == NULL)
    return FALSE;
  self->ots_divisor = options->ots_divisor;
  self->officials = g_strdupv ((char **) (options->demo ? demo_officials : options->official_accounts));

  if (options->alerts != NULL)
    alerts = *options->alerts;
  else
    vigil_alert_monitor_options_init (&alerts);
  if (options->demo && options->alerts == NULL)
    {
      alerts.minute_window_us = DEMO_WINDOW_US;
      alerts.hour_window_us = DEMO_HOUR_WINDOW_US;
      alerts.tick_us = DEMO_TICK_US;
      alerts.min_count = DEMO_MIN_COUNT;
      alerts.cooldown_us = DEMO_COOLDOWN_US;
    }
  fill_alert_defaults (&alerts);
  self->alerts = alerts;
  self->monitor = vigil_alert_monitor_new (self->store, &alerts);

  if (!options->no_classify)
    {
      self->annotator = vigil_annotator_new (NULL, error);
      if (self->annotator == NULL || !apply_classification (self, error))
        return FALSE;
      vigil_annotator_set_monitor (self->annotator, self->monitor);
      if (!vigil_annotator_set_watch_list (self->annotator, self->watches, error))
        return FALSE;
      vigil_annotator_attach (self->annotator, self->store);
    }
  /* every source archiving into the store goes through it (and is slowed
   * by it): classification off the writer, then the one writer */
  self->pipeline = vigil_ingest_pipeline_new (self->store, self->annotator, 0);
  vigil_ingest_pipeline_install (self->pipeline);

  self->sources = vigil_source_manager_new (self->store, self->session, self->credentials,
                                            options->sources_path);
  vigil_source_manager_set_watch_list (self->sources, self->watches);
  if (!options->no_sources && !options->demo)
    {
      g_autoptr(GError) local_error = NULL;

      if (!vigil_source_manager_load (self->sources, &local_error))
        g_message ("Could not read the sources: %s", local_error->message);
    }
  return TRUE;
}

VigilContext *
vigil_context_new_for_store (VigilStore                 *store,
                             const VigilContextOptions  *options,
                             GError                    **error)
{
  g_autoptr(VigilContext) self = NULL;
  VigilContextOptions defaults = { 0 };

  g_return_val_if_fail (VIGIL_IS_STORE (store), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  self = g_object_new (VIGIL_TYPE_CONTEXT, NULL);
  self->store = g_object_ref (store);
  if (!build (self, options ? options : &defaults, error))
    return NULL;
  return g_steal_pointer (&self);
}

VigilContext *
vigil_context_new (const VigilContextOptions  *options,
                   GError                    **error)
{
  g_autoptr(VigilStore) store = NULL;
  VigilContextOptions defaults = { 0 };

  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (options == NULL)
    options = &defaults;
  store = vigil_context_open_store (options->db, options->credentials, error);
  if (store == NULL)
    return NULL;
  return vigil_context_new_for_store (store, options, error);
}

VigilStore *
vigil_context_open_store (const char            *db,
                          VigilCredentialStore  *credentials,
                          GError               **error)
{
  g_autoptr(GError) keyring_error = NULL;
  char *password;
  VigilStore *store;

  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (!vigil_team_uri_is_team (db))
    return vigil_store_open (db, error);

  /* a keyring that can't answer is not fatal: libpq may find the
   * password itself (service file, ~/.pgpass) */
  password = vigil_team_lookup_password_sync (credentials, db, &keyring_error);
  if (keyring_error)
    g_debug ("No team database password from the keyring: %s", keyring_error->message);
  store = vigil_store_open_with_password (db, password, error);
  vigil_credential_free_secret (password);
  return store;
}

VigilStore *
vigil_context_get_store (VigilContext *self)
{
  g_return_val_if_fail (VIGIL_IS_CONTEXT (self), NULL);
  return self->store;
}

SoupSession *
vigil_context_get_session (VigilContext *self)
{
  g_return_val_if_fail (VIGIL_IS_CONTEXT (self), NULL);
  return self->session;
}

VigilSourceManager *
vigil_context_get_source_manager (VigilContext *self)
{
  g_return_val_if_fail (VIGIL_IS_CONTEXT (self), NULL);
  return self->sources;
}

VigilWatchList *
vigil_context_get_watches (VigilContext *self)
{
  g_return_val_if_fail (VIGIL_IS_CONTEXT (self), NULL);
  return self->watches;
}

VigilAnnotator *
vigil_context_get_annotator (VigilContext *self)
{
  g_return_val_if_fail (VIGIL_IS_CONTEXT (self), NULL);
  return self->annotator;
}

VigilIngestPipeline *
vigil_context_get_pipeline (VigilContext *self)
{
  g_return_val_if_fail (VIGIL_IS_CONTEXT (self), NULL);
  return self->pipeline;
}

VigilAlertMonitor *
vigil_context_get_alert_monitor (VigilContext *self)
{
  g_return_val_if_fail (VIGIL_IS_CONTEXT (self), NULL);
  return self->monitor;
}

VigilCredentialStore *
vigil_context_get_credentials (VigilContext *self)
{
  g_return_val_if_fail (VIGIL_IS_CONTEXT (self), NULL);
  return self->credentials;
}

gboolean
vigil_context_get_demo (VigilContext *self)
{
  g_return_val_if_fail (VIGIL_IS_CONTEXT (self), FALSE);
  return self->demo;
}

const VigilAlertMonitorOptions *
vigil_context_get_alert_options (VigilContext *self)
{
  g_return_val_if_fail (VIGIL_IS_CONTEXT (self), NULL);
  return &self->alerts;
}

const char *
vigil_context_get_actor (VigilContext *self)
{
  g_return_val_if_fail (VIGIL_IS_CONTEXT (self), NULL);
  return self->actor;
}

void
vigil_context_set_actor (VigilContext *self,
                         const char   *actor)
{
  g_autofree char *fallback = NULL;

  g_return_if_fail (VIGIL_IS_CONTEXT (self));

  if (actor == NULL || *actor == '\0')
    actor = fallback = default_actor ();
  if (g_strcmp0 (self->actor, actor) == 0)
    return;
  g_free (self->actor);
  self->actor = g_strdup (actor);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ACTOR]);
}

gboolean
vigil_context_set_official_accounts (VigilContext       *self,
                                     const char * const *entries,
                                     GError            **error)
{
  g_return_val_if_fail (VIGIL_IS_CONTEXT (self), FALSE);

  g_strfreev (self->officials);
  self->officials = g_strdupv ((char **) entries);
  return apply_classification (self, error);
}

gboolean
vigil_context_set_ots_divisor (VigilContext  *self,
                               double         divisor,
                               GError       **error)
{
  g_return_val_if_fail (VIGIL_IS_CONTEXT (self), FALSE);

  self->ots_divisor = divisor;
  return apply_classification (self, error);
}

gint64
vigil_context_now_us (VigilContext *self)
{
  g_return_val_if_fail (VIGIL_IS_CONTEXT (self), 0);
  return self->clock (self->clock_data);
}

void
vigil_context_set_clock (VigilContext   *self,
                         VigilClockFunc  func,
                         gpointer        user_data)
{
  g_return_if_fail (VIGIL_IS_CONTEXT (self));

  self->clock = func ? func : real_clock;
  self->clock_data = func ? user_data : NULL;
}

gpointer
vigil_context_peek_service (VigilContext *self,
                            GType         type)
{
  g_return_val_if_fail (VIGIL_IS_CONTEXT (self), NULL);
  return g_hash_table_lookup (self->services, GSIZE_TO_POINTER (type));
}

gpointer
vigil_context_ensure_service (VigilContext *self,
                              GType         type)
{
  GObject *service;

  g_return_val_if_fail (VIGIL_IS_CONTEXT (self), NULL);
  g_return_val_if_fail (g_type_is_a (type, G_TYPE_OBJECT), NULL);
  g_return_val_if_fail (self->services != NULL, NULL);

  service = g_hash_table_lookup (self->services, GSIZE_TO_POINTER (type));
  if (service == NULL)
    {
      service = g_object_new (type, "context", self, NULL);
      g_hash_table_insert (self->services, GSIZE_TO_POINTER (type), service);
      g_ptr_array_add (self->service_order, service);
    }
  return service;
}

void
vigil_context_start_sources (VigilContext *self)
{
  g_return_if_fail (VIGIL_IS_CONTEXT (self));

  if (!self->shut_down)
    vigil_source_manager_start (self->sources);
}

void
vigil_context_shutdown (VigilContext *self)
{
  g_return_if_fail (VIGIL_IS_CONTEXT (self));

  if (self->shut_down)
    return;
  self->shut_down = TRUE;

  if (self->sources != NULL)
    vigil_source_manager_stop (self->sources);
  if (self->pipeline != NULL)
    vigil_ingest_pipeline_flush (self->pipeline, NULL);
  if (self->store != NULL)
    {
      vigil_store_flush (self->store);
      if (self->annotator != NULL)
        vigil_store_set_annotator (self->store, NULL, NULL, NULL);
    }
  if (self->annotator != NULL)
    vigil_annotator_set_monitor (self->annotator, NULL);
}

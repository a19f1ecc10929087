/* test-archive-cli.c: vigil-cli access-log for the compliance role only,
 * and vigil-cli retention show / set / purge [--dry-run], then verify
 *
 * Runs the real vigil-cli (its path is the first argument) on an archive
 * this test writes through the API (roles are journal records).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include <glib/gstdio.h>

#include "vigil-archive.h"

static const char *cli;
static char *tmp_dir;
static char *db_path;

typedef struct
{
  int   status;
  char *out;
  char *err;
} Run;

static void
run_clear (Run *run)
{
  g_clear_pointer (&run->out, g_free);
  g_clear_pointer (&run->err, g_free);
}
G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Run, run_clear)

/* vigil-cli ARGS… as actor, with the settings in a key file of our own */
static void
run_cli (Run         *run,
         const char  *actor,
         const char  *first,
         ...)
{
  g_autoptr(GSubprocessLauncher) launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE |
                                                                       G_SUBPROCESS_FLAGS_STDERR_PIPE);
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();
  g_autoptr(GSubprocess) process = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *config = g_build_filename (tmp_dir, "config", NULL);
  va_list args;

  g_ptr_array_add (argv, (gpointer) cli);
  va_start (args, first);
  for (const char *a = first; a; a = va_arg (args, const char *))
    g_ptr_array_add (argv, (gpointer) a);
  va_end (args);
  g_ptr_array_add (argv, NULL);

  g_subprocess_launcher_setenv (launcher, "VIGIL_ACTOR", actor, TRUE);
  g_subprocess_launcher_setenv (launcher, "GSETTINGS_BACKEND", "keyfile", TRUE);
  g_subprocess_launcher_setenv (launcher, "XDG_CONFIG_HOME", config, TRUE);
  g_subprocess_launcher_setenv (launcher, "LC_ALL", "C.UTF-8", TRUE);
  process = g_subprocess_launcher_spawnv (launcher, (const char * const *) argv->pdata, &error);
  g_assert_no_error (error);
  g_assert_true (g_subprocess_communicate_utf8 (process, NULL, NULL, &run->out, &run->err, &error));
  g_assert_no_error (error);
  run->status = g_subprocess_get_exit_status (process);
  g_test_message ("vigil-cli %s … → %d\n%s%s", first, run->status, run->out, run->err);
}

static void
make_archive (const char *team_roles)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(VigilStore) store = NULL;
  g_autoptr(GPtrArray) posts = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();

  for (const char * const *suffix = (const char * const[]) { "", "-wal", "-shm", NULL }; *suffix; suffix++)
    {
      g_autofree char *path = g_strconcat (db_path, *suffix, NULL);
      g_unlink (path);
    }
  store = vigil_store_open (db_path, &error);
  g_assert_no_error (error);
  for (guint i = 0; i < 5; i++)
    {
      g_autofree char *id = g_strdup_printf ("r-%u", i);
      g_autoptr(GDateTime) created = g_date_time_add_days (now, i < 3 ? -40 : -5);
      VigilPost *post = vigil_post_new (VIGIL_PLATFORM_MASTODON, id);

      vigil_post_set_author (post, "mira@social.example");
      vigil_post_set_text (post, "the kettle again");
      vigil_post_set_created_at (post, created);
      g_ptr_array_add (posts, post);
    }
  g_assert_true (vigil_store_insert (store, posts, NULL, &error));
  g_assert_true (vigil_archive_log_access (store, "bo", "search", 5, &error, "query", "kettle", NULL));
  if (team_roles)
    {
      g_auto(GStrv) roles = g_strsplit (team_roles, ";", -1);

      for (guint i = 0; roles[i]; i++)
        {
          g_auto(GStrv) kv = g_strsplit (roles[i], "=", 2);

          g_assert_true (vigil_store_append_record (store, "role", kv[0], VIGIL_RECORD_ANY_VERSION, "admin", 0,
                                                    kv[1], NULL, &error));
          g_assert_no_error (error);
        }
    }
  vigil_store_flush (store);
}

static void
test_access_log_gate (void)
{
  g_auto(Run) run = { 0 };

  /* a single-person archive: anyone running Vigil reads it */
  make_archive (NULL);
  run_cli (&run, "bo", "access-log", "--db", db_path, NULL);
  g_assert_cmpint (run.status, ==, 0);
  g_assert_nonnull (strstr (run.out, "\"action\":\"search\""));
  run_clear (&run);

  /* a team: bo (Triage) is refused with how to get the role */
  make_archive ("triage={\"members\":[\"bo\"]};compliance={\"members\":[\"ana\"]}");
  run_cli (&run, "bo", "access-log", "--db", db_path, NULL);
  g_assert_cmpint (run.status, ==, 1);
  g_assert_cmpstr (run.out, ==, "");
  g_assert_nonnull (strstr (run.err, "Only members of the Compliance role"));
  g_assert_nonnull (strstr (run.err, "Triage → Roles… → Compliance → Members"));
  run_clear (&run);

  /* ana (Compliance) reads it, with bo's refused attempt in it */
  run_cli (&run, "ana", "access-log", "--db", db_path, NULL);
  g_assert_cmpint (run.status, ==, 0);
  g_assert_nonnull (strstr (run.out, "\"actor\":\"bo\",\"action\":\"access-log-refused\""));
}

static void
test_retention (void)
{
  g_auto(Run) run = { 0 };

  make_archive (NULL);
  run_cli (&run, "ana", "retention", "show", NULL);
  g_assert_cmpint (run.status, ==, 0);
  g_assert_nonnull (strstr (run.out, "{\"platform\":\"mastodon\",\"days\":0,\"cutoff\":null}"));
  run_clear (&run);
  run_cli (&run, "ana", "retention", "purge", "--db", db_path, NULL);
  g_assert_cmpint (run.status, ==, 0);   /* off: nothing to do, said so */
  g_assert_nonnull (strstr (run.err, "retention is off"));
  run_clear (&run);

  run_cli (&run, "ana", "retention", "set", "twitter", "3", NULL);
  g_assert_cmpint (run.status, ==, 1);
  g_assert_nonnull (strstr (run.err, "not a platform"));
  run_clear (&run);
  run_cli (&run, "ana", "retention", "set", "mastodon", "lots", NULL);
  g_assert_cmpint (run.status, ==, 2);
  run_clear (&run);
  run_cli (&run, "ana", "retention", "set", "mastodon", "20", NULL);
  g_assert_cmpint (run.status, ==, 0);
  run_clear (&run);
  run_cli (&run, "ana", "retention", "show", NULL);
  g_assert_nonnull (strstr (run.out, "\"platform\":\"mastodon\",\"days\":20,\"cutoff\":\""));
  run_clear (&run);

  /* the dry run counts and changes nothing */
  run_cli (&run, "ana", "retention", "purge", "--dry-run", "--db", db_path, NULL);
  g_assert_cmpint (run.status, ==, 0);
  g_assert_nonnull (strstr (run.out, "\"posts\":3}"));
  run_clear (&run);
  run_cli (&run, "ana", "retention", "purge", "--dry-run", "--db", db_path, NULL);
  g_assert_nonnull (strstr (run.out, "\"posts\":3}"));
  run_clear (&run);

  /* the purge needs the key in the keyring (the harness starts one) */
  if (g_getenv ("GNOME_KEYRING_CONTROL") == NULL)
    {
      g_test_skip ("no keyring (run under build-aux/with-keyring): the purge itself is not run");
      return;
    }
  run_cli (&run, "ana", "retention", "purge", "--db", db_path, NULL);
  g_assert_cmpint (run.status, ==, 0);
  g_assert_nonnull (strstr (run.out, "\"posts\":3}"));
  run_clear (&run);
  run_cli (&run, "ana", "retention", "purge", "--dry-run", "--db", db_path, NULL);
  g_assert_nonnull (strstr (run.out, "\"posts\":0}"));
  run_clear (&run);
  run_cli (&run, "ana", "verify", "--db", db_path, NULL);
  g_assert_cmpint (run.status, ==, 0);
}

int
main (int   argc,
      char *argv[])
{
  int ret;

  g_test_init (&argc, &argv, NULL);
  if (argc < 2)
    {
      g_printerr ("usage: test-archive-cli PATH-TO-VIGIL-CLI\n");
      return 2;
    }
  cli = argv[1];
  tmp_dir = g_dir_make_tmp ("vigil-archive-cli-XXXXXX", NULL);
  db_path = g_build_filename (tmp_dir, "archive.db", NULL);

  g_test_add_func ("/vigil/archive/cli/access-log-gate", test_access_log_gate);
  g_test_add_func ("/vigil/archive/cli/retention", test_retention);
  ret = g_test_run ();

  {
    g_autofree char *rm = g_strdup_printf ("rm -rf '%s'", tmp_dir);
    if (system (rm) != 0)
      g_printerr ("could not remove %s\n", tmp_dir);
  }
  return ret;
}

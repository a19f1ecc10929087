/* test-cli-classify.c: vigil-cli classify and bench classify, in-process
 *
 * Calls the subcommands' entry points with stdin, stdout and stderr
 * redirected to files (the dispatcher in vigil-cli.c only forwards argv).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <stdio.h>
#include <string.h>
#include <unistd.h>
#include <fcntl.h>
#include <glib/gstdio.h>

#include "vigil-cli-classify.h"

typedef struct
{
  int    status;
  char  *out;
  char  *err;
} Run;

static void
run_clear (Run *run)
{
  g_free (run->out);
  g_free (run->err);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Run, run_clear)

static void
run_cli (int       (*entry) (int, char **),
         const char *input,
         gssize      input_len,
         Run        *run,
         ...)
{
  g_autofree char *dir = g_dir_make_tmp ("vigil-cli-classify-XXXXXX", NULL);
  g_autofree char *in_path = g_build_filename (dir, "in", NULL);
  g_autofree char *out_path = g_build_filename (dir, "out", NULL);
  g_autofree char *err_path = g_build_filename (dir, "err", NULL);
  g_autoptr(GPtrArray) args = g_ptr_array_new_with_free_func (g_free);
  g_autofree char **argv = NULL;
  int saved_in, saved_out, saved_err, fd;
  va_list ap;
  const char *arg;

  g_ptr_array_add (args, g_strdup ("classify"));
  va_start (ap, run);
  while ((arg = va_arg (ap, const char *)))
    g_ptr_array_add (args, g_strdup (arg));
  va_end (ap);
  /* the option parser reorders argv: keep the strings owned by args */
  argv = g_new0 (char *, args->len + 1);
  memcpy (argv, args->pdata, args->len * sizeof (char *));

  g_assert_true (g_file_set_contents (in_path, input, input_len, NULL));
  fflush (stdout);
  fflush (stderr);
  saved_in = dup (0);
  saved_out = dup (1);
  saved_err = dup (2);
  fd = open (in_path, O_RDONLY);
  dup2 (fd, 0);
  close (fd);
  fd = open (out_path, O_WRONLY | O_CREAT | O_TRUNC, 0600);
  dup2 (fd, 1);
  close (fd);
  fd = open (err_path, O_WRONLY | O_CREAT | O_TRUNC, 0600);
  dup2 (fd, 2);
  close (fd);
  clearerr (stdin);

  run->status = entry ((int) args->len, argv);

  fflush (stdout);
  fflush (stderr);
  dup2 (saved_in, 0);
  dup2 (saved_out, 1);
  dup2 (saved_err, 2);
  close (saved_in);
  close (saved_out);
  close (saved_err);
  clearerr (stdin);

  g_assert_true (g_file_get_contents (out_path, &run->out, NULL, NULL));
  {
    /* in a test program, GLib prints debug messages on stdout as TAP
     * comments ("# …"): they are not the command's output */
    g_auto(GStrv) lines = g_strsplit (run->out, "\n", -1);
    GString *kept = g_string_new (NULL);

    for (guint i = 0; lines[i]; i++)
      if (!g_str_has_prefix (lines[i], "# "))
        {
          g_string_append (kept, lines[i]);
          if (lines[i + 1])
            g_string_append_c (kept, '\n');
        }
    g_free (run->out);
    run->out = g_string_free (kept, FALSE);
  }
  g_assert_true (g_file_get_contents (err_path, &run->err, NULL, NULL));
  g_remove (in_path);
  g_remove (out_path);
  g_remove (err_path);
  g_rmdir (dir);
}

static void
test_lines (void)
{
  g_auto(Run) run = { 0, };
  g_autoptr(GString) input = g_string_new (NULL);
  g_auto(GStrv) lines = NULL;

  g_string_append (input, "{\"id\": 1, \"text\": \"The book was good.\"}\n");
  g_string_append (input, "this is not json\n");
  g_string_append (input, "{\"id\":\"a\\\"b\",\"text\":\"My REFUND is late #boycott\",\"followers\":100,"
                          "\"reposter_followers\":[50,50],\"lang\":\"en\"}\n");
  g_string_append (input, "{\"id\": 4}\n");
  g_string_append (input, "\n");
  g_string_append (input, "{\"id\":{\"nested\":[1,2]},\"text\":\"fine\",\"followers\":-5}\n");
  g_string_append (input, "{\"id\":7,\"text\":\"");
  for (guint i = 0; i < 1024 * 1024; i++)
    g_string_append_c (input, 'a');
  g_string_append (input, "\"}\n");
  for (guint i = 0; i < 100; i++)
    g_string_append_c (input, '[');
  g_string_append (input, "\n");
  g_string_append (input, "[1,2]\n");
  g_string_append (input, "{\"id\":1.50,\"text\":\"Mon colis devait arriver lundi et il n'a toujours pas été livré.\"}");

  run_cli (vigil_cli_classify, input->str, -1, &run, "--watch", "refund*", "--watch", "lang:fr", NULL);
  g_assert_cmpint (run.status, ==, 1);

  lines = g_strsplit (run.out, "\n", -1);
  g_assert_cmpuint (g_strv_length (lines), ==, 4); /* 3 lines + a trailing "" */ /* 3 lines + trailing "" */
  g_assert_cmpstr (lines[0], ==,
                   "{\"id\":1,\"sentiment\":{\"compound\":0.4404,\"label\":\"positive\"},\"lang\":null,"
                   "\"categories\":[],\"watches\":[],\"reach\":0,\"ots\":0}");
  g_assert_true (g_str_has_prefix (lines[1], "{\"id\":\"a\\\"b\",\"sentiment\":"));
  g_assert_nonnull (strstr (lines[1], "\"lang\":\"en\""));
  g_assert_nonnull (strstr (lines[1], "\"watches\":[\"refund*\"]"));
  g_assert_nonnull (strstr (lines[1], "\"reach\":200,\"ots\":20"));
  /* the id is copied verbatim, 1.50 included */
  g_assert_true (g_str_has_prefix (lines[2], "{\"id\":1.50,"));
  g_assert_nonnull (strstr (lines[2], "\"lang\":\"fr\""));
  g_assert_nonnull (strstr (lines[2], "\"watches\":[\"lang:fr\"]"));

  g_assert_nonnull (strstr (run.err, "line 2: invalid JSON"));
  g_assert_nonnull (strstr (run.err, "line 4: no \"text\" string"));
  g_assert_nonnull (strstr (run.err, "line 6: \"followers\" must be a whole number"));
  g_assert_nonnull (strstr (run.err, "line 7: longer than 1 MiB"));
  g_assert_nonnull (strstr (run.err, "line 8: nested deeper than 64"));
  g_assert_nonnull (strstr (run.err, "line 9: not a JSON object"));
  g_assert_nonnull (strstr (run.err, "6 of 10 lines rejected"));
}

static void
test_nul_byte (void)
{
  static const char input[] = "{\"id\":1,\"text\":\"a\"}\0junk\n{\"id\":2,\"text\":\"b\"}\r\n";
  g_auto(Run) run = { 0, };

  /* a NUL does not cut the line short or merge it with the next one */
  run_cli (vigil_cli_classify, input, sizeof input - 1, &run, NULL);
  g_assert_cmpint (run.status, ==, 1);
  g_assert_true (g_str_has_prefix (run.out, "{\"id\":2,"));
  g_assert_nonnull (strstr (run.err, "line 1: invalid JSON"));
  g_assert_null (strstr (run.err, "line 2"));
}

static void
test_all_ok (void)
{
  g_auto(Run) run = { 0, };

  run_cli (vigil_cli_classify,
           "{\"id\":\"p1\",\"text\":\"great\",\"followers\":1000,\"author\":\"acme_supp0rt\","
           "\"author_name\":\"Acme Support\",\"account_age_days\":2}\n",
           -1, &run, "--ots-divisor", "4", "--official", "acme_support=Acme Support", NULL);
  g_assert_cmpint (run.status, ==, 0);
  g_assert_cmpstr (run.err, ==, "");
  g_assert_nonnull (strstr (run.out, "\"reach\":1000,\"ots\":250"));
  g_assert_nonnull (strstr (run.out, "\"impersonation\":{\"score\":"));
  g_assert_nonnull (strstr (run.out, "\"reasons\":[\""));
}

static void
test_usage (void)
{
  g_auto(Run) bad_watch = { 0, };
  g_auto(Run) bad_option = { 0, };
  g_auto(Run) bad_arg = { 0, };
  g_auto(Run) bad_divisor = { 0, };
  g_auto(Run) missing_file = { 0, };

  run_cli (vigil_cli_classify, "", -1, &bad_watch, "--watch", "(refund OR", NULL);
  g_assert_cmpint (bad_watch.status, ==, 2);
  g_assert_nonnull (strstr (bad_watch.err, "--watch '(refund OR': 11: "));
  g_assert_cmpstr (bad_watch.out, ==, "");

  run_cli (vigil_cli_classify, "", -1, &bad_option, "--no-such-option", NULL);
  g_assert_cmpint (bad_option.status, ==, 2);
  run_cli (vigil_cli_classify, "", -1, &bad_arg, "posts.jsonl", NULL);
  g_assert_cmpint (bad_arg.status, ==, 2);
  run_cli (vigil_cli_classify, "", -1, &bad_divisor, "--ots-divisor", "-3", NULL);
  g_assert_cmpint (bad_divisor.status, ==, 2);
  run_cli (vigil_cli_classify, "", -1, &missing_file, "--watch-file", "/nonexistent/watches.json", NULL);
  g_assert_cmpint (missing_file.status, ==, 2);
  g_assert_nonnull (strstr (missing_file.err, "does not exist"));
}

static void
test_watch_file (void)
{
  g_autofree char *dir = g_dir_make_tmp ("vigil-wf-XXXXXX", NULL);
  g_autofree char *path = g_build_filename (dir, "watches.json", NULL);
  g_auto(Run) run = { 0, };

  g_assert_true (g_file_set_contents (path,
    "{\"version\":1,\"watches\":[{\"name\":\"Deliveries\",\"query\":\"deliver*\",\"stem\":true}]}", -1, NULL));
  run_cli (vigil_cli_classify, "{\"id\":1,\"text\":\"Delivered broken\"}\n", -1, &run,
           "--watch-file", path, NULL);
  g_assert_cmpint (run.status, ==, 0);
  g_assert_nonnull (strstr (run.out, "\"watches\":[\"Deliveries\"]"));
  g_remove (path);
  g_rmdir (dir);
}

static void
test_threads (void)
{
  g_autoptr(GString) input = g_string_new (NULL);
  g_auto(Run) one = { 0, };
  g_auto(Run) four = { 0, };
  g_auto(Run) bad = { 0, };
  g_auto(GStrv) lines = NULL;
  static const char * const texts[] = {
    "The book was good.", "Refund me NOW!!!", "Mon colis n'est toujours pas arrivé, c'est honteux.",
    "late delivery again #boycott", "😀 thanks", "not json",
  };

  for (guint i = 0; i < 1200; i++)
    {
      if (i % 97 == 5)
        g_string_append (input, "not json\n");
      else
        g_string_append_printf (input, "{\"id\":%u,\"text\":\"%s\",\"followers\":%u}\n",
                                i, texts[i % 5], i);
    }
  run_cli (vigil_cli_classify, input->str, -1, &one, "--threads", "1", "--watch", "refund OR late", NULL);
  run_cli (vigil_cli_classify, input->str, -1, &four, "--threads", "4", "--watch", "refund OR late", NULL);
  g_assert_cmpint (one.status, ==, 1);
  g_assert_cmpint (four.status, ==, 1);
  /* same lines, same order, same errors, whatever the number of threads */
  g_assert_cmpstr (one.out, ==, four.out);
  g_assert_cmpstr (one.err, ==, four.err);
  lines = g_strsplit (four.out, "\n", -1);
  g_assert_cmpuint (g_strv_length (lines), ==, 1200 - 13 + 1);
  for (guint i = 0, id = 0; lines[i] && lines[i][0]; i++, id++)
    {
      g_autofree char *prefix = NULL;

      if (id % 97 == 5)
        id++;
      prefix = g_strdup_printf ("{\"id\":%u,", id);
      g_assert_true (g_str_has_prefix (lines[i], prefix));
    }

  run_cli (vigil_cli_classify, "", -1, &bad, "--threads", "-1", NULL);
  g_assert_cmpint (bad.status, ==, 2);
}

static void
test_rules_dir (void)
{
  g_autofree char *dir = g_dir_make_tmp ("vigil-rules-XXXXXX", NULL);
  g_autofree char *path = g_build_filename (dir, "team.rules", NULL);
  g_auto(Run) run = { 0, };
  g_auto(Run) missing = { 0, };

  g_assert_true (g_file_set_contents (path,
    "lang = en\n[pr.kettle-recall]\nlabel = Kettle recall\nrole = pr\nterms = kettle recall\n", -1, NULL));
  run_cli (vigil_cli_classify, "{\"id\":1,\"text\":\"Is there a kettle recall?\"}\n", -1, &run,
           "--rules-dir", dir, NULL);
  g_assert_cmpint (run.status, ==, 0);
  g_assert_nonnull (strstr (run.out, "\"pr.kettle-recall\""));

  run_cli (vigil_cli_classify, "", -1, &missing, "--rules-dir", "/nonexistent/rules", NULL);
  g_assert_cmpint (missing.status, ==, 2);
  g_assert_nonnull (strstr (missing.err, "not a folder"));
  g_remove (path);
  g_rmdir (dir);
}

static void
test_bench (void)
{
  g_auto(Run) run = { 0, };
  g_auto(GStrv) lines = NULL;
  static const char * const stages[] = {
    "tokenize", "match", "sentiment", "language", "language-textcat", "risk", "moderation",
    "impersonation", "overall", "overall-textcat",
  };

  if (!g_test_slow ())
    {
      /* each stage runs for half a second */
      g_test_skip ("the benchmark takes 5 s; run with -m slow");
      return;
    }
  run_cli (vigil_cli_bench_classify, "", -1, &run, "--count", "50", NULL);
  g_assert_cmpint (run.status, ==, 0);
  lines = g_strsplit (run.out, "\n", -1);
  g_assert_cmpuint (g_strv_length (lines), ==, G_N_ELEMENTS (stages) + 1);
  for (guint i = 0; i < G_N_ELEMENTS (stages); i++)
    {
      g_autofree char *prefix = g_strdup_printf ("{\"bench\":\"classify\",\"stage\":\"%s\",\"posts\":50,", stages[i]);
      g_assert_true (g_str_has_prefix (lines[i], prefix));
      g_assert_nonnull (strstr (lines[i], "\"posts_per_s\":"));
    }
}

static void
test_bench_usage (void)
{
  g_auto(Run) run = { 0, };
  g_auto(Run) bad_stage = { 0, };

  run_cli (vigil_cli_bench_classify, "", -1, &run, "--count", "0", NULL);
  g_assert_cmpint (run.status, ==, 2);
  g_assert_cmpstr (run.out, ==, "");
  run_cli (vigil_cli_bench_classify, "", -1, &bad_stage, "--stage", "everything", NULL);
  g_assert_cmpint (bad_stage.status, ==, 2);
  g_assert_cmpstr (bad_stage.out, ==, "");
  g_assert_nonnull (strstr (bad_stage.err, "everything"));
}

static void
test_bench_one_stage (void)
{
  g_auto(Run) run = { 0, };

  /* one stage: one line, for half a second at most */
  run_cli (vigil_cli_bench_classify, "", -1, &run, "--count", "50", "--stage", "language", NULL);
  g_assert_cmpint (run.status, ==, 0);
  g_assert_true (g_str_has_prefix (run.out, "{\"bench\":\"classify\",\"stage\":\"language\",\"posts\":50,"));
  g_assert_nonnull (strstr (run.out, "\"posts_per_s\":"));
  g_assert_null (strchr (strchr (run.out, '\n') + 1, '\n'));
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/vigil/cli-classify/lines", test_lines);
  g_test_add_func ("/vigil/cli-classify/nul-byte", test_nul_byte);
  g_test_add_func ("/vigil/cli-classify/all-ok", test_all_ok);
  g_test_add_func ("/vigil/cli-classify/usage", test_usage);
  g_test_add_func ("/vigil/cli-classify/watch-file", test_watch_file);
  g_test_add_func ("/vigil/cli-classify/threads", test_threads);
  g_test_add_func ("/vigil/cli-classify/rules-dir", test_rules_dir);
  g_test_add_func ("/vigil/cli-classify/bench", test_bench);
  g_test_add_func ("/vigil/cli-classify/bench-usage", test_bench_usage);
  g_test_add_func ("/vigil/cli-classify/bench-one-stage", test_bench_one_stage);
  return g_test_run ();
}

/* vigil-cli-redact.c: vigil-cli redact [--locale L] [--categories LIST] [--json] < text
 *
 * Prints the text with each span that reveals a protected characteristic
 * replaced by "[removed]"; with --json, one object with the redacted text
 * and the spans (character offsets into the input). Also
 * `vigil-cli bench redact`: the detector on a 100 KB dossier.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "vigil-cli"

#include "config.h"

#include <stdio.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <glib/gi18n.h>

#include "vigil-cli-common.h"
#include "vigil-cli-redact.h"
#include "vigil-json-writer.h"
#include "vigil-redactor.h"

static GBytes *
read_stdin (GError **error)
{
  GByteArray *buf = g_byte_array_new ();
  guint8 chunk[65536];
  ssize_t n;

  while ((n = read (STDIN_FILENO, chunk, sizeof chunk)) != 0)
    {
      if (n < 0)
        {
          g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED,
                       _("could not read standard input: %s"), g_strerror (errno));
          g_byte_array_unref (buf);
          return NULL;
        }
      if (buf->len + n > VIGIL_REDACTOR_MAX_TEXT_BYTES)
        {
          g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                       _("standard input is larger than %d bytes; split the text"),
                       VIGIL_REDACTOR_MAX_TEXT_BYTES);
          g_byte_array_unref (buf);
          return NULL;
        }
      g_byte_array_append (buf, chunk, n);
    }
  return g_byte_array_free_to_bytes (buf);
}

int
vigil_cli_redact (int    argc,
                  char **argv)
{
  g_autofree char *locale = NULL;
  g_autofree char *categories = NULL;
  gboolean json = FALSE;
  GOptionEntry entries[] = {
    { "locale", 0, 0, G_OPTION_ARG_STRING, &locale, N_("The rules' language: en (default) or de"), N_("L") },
    { "categories", 0, 0, G_OPTION_ARG_STRING, &categories,
      N_("Comma-separated: age, sex, race, religion, disability, orientation, pregnancy, "
         "marriage, reassignment, contact; “protected” (default) or “all”"), N_("LIST") },
    { "json", 0, 0, G_OPTION_ARG_NONE, &json, N_("Print {\"redacted\": …, \"spans\": […]}"), NULL },
    { NULL }
  };
  g_autoptr(GOptionContext) context = g_option_context_new (_("< TEXT — remove what reveals a protected characteristic"));
  g_autoptr(VigilRedactor) redactor = NULL;
  g_autoptr(GBytes) input = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GArray) spans = NULL;
  g_autofree char *text = NULL;
  g_autofree char *redacted = NULL;
  const char *data;
  const char *bad = NULL;
  gsize len;
  guint mask = VIGIL_REDACTION_MASK_PROTECTED;

  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  if (!vigil_cli_parse (context, &argc, &argv))
    return VIGIL_CLI_EXIT_USAGE;
  if (argc > 1)
    {
      vigil_cli_error (_("redact reads the text from standard input (got “%s”)"), argv[1]);
      return VIGIL_CLI_EXIT_USAGE;
    }
  if (categories && !(mask = vigil_redaction_parse_categories (categories, &error)))
    {
      vigil_cli_error ("--categories: %s", error->message);
      return VIGIL_CLI_EXIT_USAGE;
    }
  if (!(redactor = vigil_redactor_new_for_locale (locale ? locale : "en", &error)))
    {
      vigil_cli_error ("%s", error->message);
      return g_error_matches (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND)
             ? VIGIL_CLI_EXIT_USAGE : VIGIL_CLI_EXIT_FAILED;
    }

  if (!(input = read_stdin (&error)))
    {
      vigil_cli_error ("%s", error->message);
      return VIGIL_CLI_EXIT_FAILED;
    }
  data = g_bytes_get_data (input, &len);
  if (!g_utf8_validate_len (data, len, &bad))
    {
      vigil_cli_error (_("standard input is not valid UTF-8 at byte %" G_GSIZE_FORMAT
                         "; convert it to UTF-8 (e.g. with iconv) and try again"),
                       (gsize) (bad - data));
      return VIGIL_CLI_EXIT_FAILED;
    }
  if (memchr (data, '\0', len))
    {
      vigil_cli_error (_("standard input contains a NUL byte at byte %" G_GSIZE_FORMAT "; it is not text"),
                       (gsize) ((const char *) memchr (data, '\0', len) - data));
      return VIGIL_CLI_EXIT_FAILED;
    }
  text = g_strndup (data, len);

  if (!(spans = vigil_redactor_detect (redactor, text, mask, &error)))
    {
      vigil_cli_error ("%s", error->message);
      return VIGIL_CLI_EXIT_FAILED;
    }
  redacted = vigil_redaction_apply (text, (VigilRedactionSpan *) spans->data, spans->len);

  if (!json)
    {
      fputs (redacted, stdout);
      fflush (stdout);
      return VIGIL_CLI_EXIT_OK;
    }
  else
    {
      g_autoptr(GString) line = g_string_new ("{");

      vigil_json_writer_key (line, "redacted");
      vigil_json_writer_string (line, redacted);
      g_string_append (line, ",\"spans\":[");
      for (guint i = 0; i < spans->len; i++)
        {
          const VigilRedactionSpan *s = &g_array_index (spans, VigilRedactionSpan, i);

          g_string_append_printf (line, "%s{\"start\":%u,\"end\":%u,\"category\":",
                                  i ? "," : "", s->start, s->end);
          vigil_json_writer_string (line, vigil_redaction_category_to_id (s->category));
          g_string_append (line, ",\"reason\":");
          vigil_json_writer_string (line, s->reason);
          g_string_append_c (line, '}');
        }
      g_string_append (line, "]}");
      vigil_cli_print_line (line);
      fflush (stdout);
    }
  return VIGIL_CLI_EXIT_OK;
}

/* --- bench redact ------------------------------------------------------ */

/* Ordinary candidate-research material, with the usual density of
 * protected details; repeated (with varying numbers) up to the size. */
static const char *const bench_paragraphs[] = {
  "Senior product manager with 12 years in fintech. Led the payments team through two acquisitions and a platform rewrite; I care about clear writing, calm incident reviews and shipping small.",
  "Proud mum of two and a Nigerian-born engineer, I graduated from Leeds in 2004. Happy Eid to everyone celebrating this week!",
  "Spoke at RustConf about async runtimes. Slides and the recording are linked below; thanks to the organisers for a wheelchair-accessible venue and great captions.",
  "Back at my desk after six months of maternity leave. Handing over the migration project to Sam went smoothly, and I'm excited to pick up the roadmap again.",
  "She is a data scientist based in Bristol. She has worked on fraud models, recommender systems and, more recently, on evaluation tooling for language models.",
  "My partner and I just finished a 200 km cycling trip across the Alps. Next goal: the London marathon, raising money for a cancer charity.",
  "Diagnosed with ADHD at 34, which explained a lot. I've learned to use checklists and body doubling, and I write about it on my blog.",
  "Quarterly update: revenue up 8%, churn down two points, and the support backlog cleared for the first time since the launch. Thanks to the whole team.",
  "Celebrated our 10th wedding anniversary in Lisbon with my husband. Back on Monday with fresh ideas for the design system.",
  "Volunteer coach at the local youth football club on Saturdays; we won the county cup this year with a squad of fourteen very determined under-12s.",
  "Attending the Women in Tech network breakfast tomorrow, then a workshop on accessible forms and colour contrast in the afternoon.",
  "As a practising Catholic I try to keep Sundays for family, church and long walks with the dog.",
  NULL
};

static char *
bench_text (gsize target)
{
  GString *s = g_string_sized_new (target + 512);
  guint i = 0;

  while (s->len < target)
    {
      const char *p = bench_paragraphs[i % (G_N_ELEMENTS (bench_paragraphs) - 1)];
      g_string_append_printf (s, "Item %u (https://example.social/@candidate/%u)\n%s\n\n",
                              i + 1, 100000 + i * 7, p);
      i++;
    }
  return g_string_free (s, FALSE);
}

/* CPU time of this thread: what the detector costs, whatever else the
 * machine is doing (wall time is reported too). */
static gint64
thread_cpu_us (void)
{
  struct timespec ts;

  clock_gettime (CLOCK_THREAD_CPUTIME_ID, &ts);
  return (gint64) ts.tv_sec * G_USEC_PER_SEC + ts.tv_nsec / 1000;
}

static int
compare_doubles (gconstpointer a,
                 gconstpointer b)
{
  double x = *(const double *) a, y = *(const double *) b;
  return x < y ? -1 : x > y;
}

int
vigil_cli_bench_redact (int    argc,
                        char **argv)
{
  int kb = 100, runs = 20;
  g_autofree char *locale = NULL;
  GOptionEntry entries[] = {
    { "size", 0, 0, G_OPTION_ARG_INT, &kb, N_("Dossier size in KB (default 100)"), N_("KB") },
    { "runs", 0, 0, G_OPTION_ARG_INT, &runs, N_("Repetitions (default 20)"), N_("N") },
    { "locale", 0, 0, G_OPTION_ARG_STRING, &locale, N_("Rules: en (default) or de"), N_("L") },
    { NULL }
  };
  g_autoptr(GOptionContext) context = g_option_context_new (_("— time the detector on a dossier"));
  g_autoptr(VigilRedactor) redactor = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *text = NULL;
  g_autofree double *detect_ms = NULL;
  g_autofree double *fold_ms = NULL;
  g_autofree double *cpu_ms = NULL;
  g_autoptr(GString) line = g_string_new (NULL);
  gint64 t0, t1;
  guint n_spans = 0;

  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  if (!vigil_cli_parse (context, &argc, &argv))
    return VIGIL_CLI_EXIT_USAGE;
  if (kb < 1 || kb > 4000 || runs < 1 || runs > 1000)
    {
      vigil_cli_error (_("--size must be 1–4000 and --runs 1–1000"));
      return VIGIL_CLI_EXIT_USAGE;
    }
  t0 = g_get_monotonic_time ();
  if (!(redactor = vigil_redactor_new_for_locale (locale ? locale : "en", &error)))
    {
      vigil_cli_error ("%s", error->message);
      return VIGIL_CLI_EXIT_FAILED;
    }
  t1 = g_get_monotonic_time ();
  text = bench_text ((gsize) kb * 1024);
  detect_ms = g_new0 (double, runs);
  fold_ms = g_new0 (double, runs);
  cpu_ms = g_new0 (double, runs);

  for (int r = 0; r < runs; r++)
    {
      g_autoptr(GArray) spans = NULL;
      g_autofree char *folded = NULL;
      g_autofree char *norm = NULL;
      gint64 a = g_get_monotonic_time ();
      gint64 c = thread_cpu_us ();

      spans = vigil_redactor_detect (redactor, text, VIGIL_REDACTION_MASK_ALL, NULL);
      detect_ms[r] = (g_get_monotonic_time () - a) / 1000.0;
      cpu_ms[r] = (thread_cpu_us () - c) / 1000.0;
      n_spans = spans->len;

      /* Baseline: what any case- and accent-insensitive pass over the
       * same text costs (casefold + NFKD), with no matching at all. */
      c = thread_cpu_us ();
      folded = g_utf8_casefold (text, -1);
      norm = g_utf8_normalize (folded, -1, G_NORMALIZE_ALL);
      fold_ms[r] = (thread_cpu_us () - c) / 1000.0;
    }
  qsort (detect_ms, runs, sizeof (double), compare_doubles);
  qsort (fold_ms, runs, sizeof (double), compare_doubles);
  qsort (cpu_ms, runs, sizeof (double), compare_doubles);

  g_string_append_printf (line,
                          "{\"bench\":\"redact\",\"bytes\":%" G_GSIZE_FORMAT ",\"runs\":%d,"
                          "\"spans\":%u,\"rules\":%u,\"load_ms\":%.1f,"
                          "\"detect_ms_median\":%.2f,\"detect_ms_min\":%.2f,\"detect_ms_max\":%.2f,"
                          "\"detect_cpu_ms_median\":%.2f,"
                          "\"baseline_casefold_nfkd_cpu_ms_median\":%.2f,\"target_ms\":50,\"ok\":%s}",
                          strlen (text), runs, n_spans,
                          vigil_redaction_lexicon_get_n_terms (vigil_redactor_get_lexicon (redactor)),
                          (t1 - t0) / 1000.0,
                          detect_ms[runs / 2], detect_ms[0], detect_ms[runs - 1], cpu_ms[runs / 2],
                          fold_ms[runs / 2], cpu_ms[runs / 2] < 50.0 ? "true" : "false");
  vigil_cli_print_line (line);
  fflush (stdout);
  return VIGIL_CLI_EXIT_OK;
}

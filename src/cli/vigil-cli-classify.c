/* vigil-cli-classify.c: vigil-cli classify
 *
 *   vigil-cli classify [--watch QUERY]… [--watch-file FILE] [--stem]
 *                      [--ots-divisor N] [--official HANDLE[=Display Name]]…
 *                      [--rules-dir DIR] [--threads N]
 *
 * Reads JSON lines on stdin: {"id": any, "text": "…", and optionally
 * "author", "author_name", "followers", "following", "account_age_days",
 * "has_avatar", "has_bio", "lang", "platform", "tags": [..],
 * "reposter_followers": [..]}. Writes one JSON line per input line, in the
 * same order: {"id": <copied verbatim>, "sentiment": {"compound", "label"},
 * "lang", "categories", "watches", "reach", "ots", and "impersonation":
 * {"score", "reasons"} / "moderation": [..] when relevant}.
 *
 * Lines are classified on a thread pool, a batch at a time, and printed in
 * input order. A bad line (invalid JSON, no "text", a field of the wrong type, longer
 * than 1 MiB, nested deeper than 64) gets one "line N: reason" on stderr and
 * no output line; the run carries on. Blank lines are skipped. Exit status:
 * 0 when every line was classified, 1 when some were rejected, 2 for a usage
 * error (including a --watch query with a syntax error).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "vigil-cli"

#include "config.h"

#include <stdio.h>
#include <string.h>
#include <glib/gi18n.h>
#include <json-glib/json-glib.h>

#include "vigil-classifier.h"
#include "vigil-cli-classify.h"
#include "vigil-json-writer.h"
#include "vigil-reach.h"
#include "vigil-watch-list.h"

#define MAX_LINE_BYTES   (1024 * 1024)
#define MAX_JSON_DEPTH   64
#define MAX_TAGS         1000
#define MAX_REPOSTERS    100000

enum {
  EXIT_OK = 0,
  EXIT_REJECTED = 1,
  EXIT_USAGE = 2,
};

static void
print_error (const char *format,
             ...) G_GNUC_PRINTF (1, 2);

static void
print_error (const char *format,
             ...)
{
  g_autofree char *message = NULL;
  va_list args;

  va_start (args, format);
  message = g_strdup_vprintf (format, args);
  va_end (args);
  g_strdelimit (message, "\r\n", ' ');
  fprintf (stderr, "vigil-cli: %s\n", message);
}

/* Buffered line reader: lines may hold any byte (a NUL included, which the
 * JSON parser then rejects), and a line longer than max is consumed whole
 * but only its first max bytes are kept. */
typedef struct
{
  FILE  *in;
  char   buf[65536];
  gsize  pos;
  gsize  len;
  gboolean eof;
} LineReader;

/* Reads one line (without its newline) into line; returns FALSE at the end
 * of input. Sets *too_long when the line was longer than max. */
static gboolean
read_line (LineReader *r,
           GString    *line,
           gsize       max,
           gboolean   *too_long)
{
  gboolean any = FALSE;

  g_string_truncate (line, 0);
  *too_long = FALSE;
  for (;;)
    {
      const char *nl;
      gsize n;

      if (r->pos == r->len)
        {
          if (r->eof)
            return any;
          r->len = fread (r->buf, 1, sizeof r->buf, r->in);
          r->pos = 0;
          if (r->len == 0)
            {
              r->eof = TRUE;
              return any;
            }
        }
      any = TRUE;
      nl = memchr (r->buf + r->pos, '\n', r->len - r->pos);
      n = (nl ? (gsize) (nl - r->buf) : r->len) - r->pos;
      if (!*too_long)
        {
          if (line->len + n > max)
            *too_long = TRUE;
          else
            g_string_append_len (line, r->buf + r->pos, n);
        }
      r->pos += n;
      if (nl)
        {
          r->pos++;
          if (line->len > 0 && line->str[line->len - 1] == '\r')
            g_string_truncate (line, line->len - 1);
          return TRUE;
        }
    }
}

/* Is a whole line already in the buffer (so reading it will not block)? */
static gboolean
line_buffered (LineReader *r)
{
  return r->pos < r->len && memchr (r->buf + r->pos, '\n', r->len - r->pos) != NULL;
}

/* The deepest nesting of arrays and objects in a JSON text (outside strings). */
static guint
json_depth (const char *s,
            gsize       len)
{
  guint depth = 0, max = 0;
  gboolean in_string = FALSE;

  for (gsize i = 0; i < len; i++)
    {
      char c = s[i];

      if (in_string)
        {
          if (c == '\\')
            i++;
          else if (c == '"')
            in_string = FALSE;
        }
      else if (c == '"')
        in_string = TRUE;
      else if (c == '[' || c == '{')
        max = MAX (max, ++depth);
      else if ((c == ']' || c == '}') && depth > 0)
        depth--;
    }
  return max;
}

/* Skips one JSON value starting at s[i] (valid JSON assumed); returns the
 * index just after it. */
static gsize
skip_value (const char *s,
            gsize       len,
            gsize       i)
{
  if (i >= len)
    return len;
  if (s[i] == '"')
    {
      for (i++; i < len; i++)
        {
          if (s[i] == '\\')
            i++;
          else if (s[i] == '"')
            return i + 1;
        }
      return len;
    }
  if (s[i] == '[' || s[i] == '{')
    {
      guint depth = 0;

      for (; i < len; i++)
        {
          if (s[i] == '"')
            {
              i = skip_value (s, len, i) - 1;
              continue;
            }
          if (s[i] == '[' || s[i] == '{')
            depth++;
          else if ((s[i] == ']' || s[i] == '}') && --depth == 0)
            return i + 1;
        }
      return len;
    }
  while (i < len && s[i] != ',' && s[i] != '}' && s[i] != ']'
         && !g_ascii_isspace (s[i]))
    i++;
  return i;
}

static gsize
skip_space (const char *s,
            gsize       len,
            gsize       i)
{
  while (i < len && g_ascii_isspace (s[i]))
    i++;
  return i;
}

/* Finds the raw text of the top-level member "id" of a valid JSON object
 * (the last one, as json-glib keeps it). Returns FALSE when there is none
 * or its key is written with escapes. */
static gboolean
find_raw_id (const char *s,
             gsize       len,
             gsize      *start,
             gsize      *end)
{
  gboolean found = FALSE;
  gsize i = skip_space (s, len, 0);

  if (i >= len || s[i] != '{')
    return FALSE;
  i++;
  for (;;)
    {
      gsize key_start, key_end;

      i = skip_space (s, len, i);
      if (i >= len || s[i] != '"')
        break;
      key_start = i;
      key_end = skip_value (s, len, i);
      i = skip_space (s, len, key_end);
      if (i >= len || s[i] != ':')
        break;
      i = skip_space (s, len, i + 1);
      if (key_end - key_start == 4 && memcmp (s + key_start, "\"id\"", 4) == 0)
        {
          *start = i;
          *end = skip_value (s, len, i);
          found = TRUE;
          i = *end;
        }
      else
        i = skip_value (s, len, i);
      i = skip_space (s, len, i);
      if (i >= len || s[i] != ',')
        break;
      i++;
    }
  return found;
}

typedef struct
{
  VigilClassifyInput  input;
  GPtrArray          *tags;
  GArray             *reposters;
} Record;

static const char *
get_string (JsonObject  *obj,
            const char  *name,
            char       **reason)
{
  JsonNode *node = json_object_get_member (obj, name);

  if (!node || JSON_NODE_HOLDS_NULL (node))
    return NULL;
  if (!JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_STRING)
    {
      if (!*reason)
        *reason = g_strdup_printf (_("\"%s\" must be a string"), name);
      return NULL;
    }
  return json_node_get_string (node);
}

static gboolean
node_to_count (JsonNode *node,
               gint64   *out)
{
  if (!JSON_NODE_HOLDS_VALUE (node))
    return FALSE;
  if (json_node_get_value_type (node) == G_TYPE_INT64)
    {
      *out = json_node_get_int (node);
      return *out >= 0;
    }
  if (json_node_get_value_type (node) == G_TYPE_DOUBLE)
    {
      double d = json_node_get_double (node);

      if (d < 0 || d > 9e15 || d != (double) (gint64) d)
        return FALSE;
      *out = (gint64) d;
      return TRUE;
    }
  return FALSE;
}

static gint64
get_count (JsonObject  *obj,
           const char  *name,
           char       **reason)
{
  JsonNode *node = json_object_get_member (obj, name);
  gint64 value;

  if (!node || JSON_NODE_HOLDS_NULL (node))
    return -1;
  if (!node_to_count (node, &value))
    {
      if (!*reason)
        *reason = g_strdup_printf (_("\"%s\" must be a whole number, 0 or more"), name);
      return -1;
    }
  return value;
}

static gboolean
get_bool (JsonObject  *obj,
          const char  *name,
          char       **reason)
{
  JsonNode *node = json_object_get_member (obj, name);

  if (!node || JSON_NODE_HOLDS_NULL (node))
    return TRUE; /* unknown */
  if (!JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_BOOLEAN)
    {
      if (!*reason)
        *reason = g_strdup_printf (_("\"%s\" must be true or false"), name);
      return TRUE;
    }
  return json_node_get_boolean (node);
}

/* Fills rec from obj; returns a reason when the record is unusable. */
static char *
read_record (JsonObject *obj,
             Record     *rec)
{
  char *reason = NULL;
  JsonNode *node;

  vigil_classify_input_init (&rec->input);
  g_ptr_array_set_size (rec->tags, 0);
  g_array_set_size (rec->reposters, 0);

  node = json_object_get_member (obj, "text");
  if (!node || !JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_STRING)
    return g_strdup (_("no \"text\" string"));
  rec->input.text = json_node_get_string (node);

  rec->input.author = get_string (obj, "author", &reason);
  rec->input.author_name = get_string (obj, "author_name", &reason);
  rec->input.lang = get_string (obj, "lang", &reason);
  rec->input.platform = get_string (obj, "platform", &reason);
  rec->input.followers = get_count (obj, "followers", &reason);
  rec->input.following = get_count (obj, "following", &reason);
  rec->input.account_age_days = get_count (obj, "account_age_days", &reason);
  rec->input.has_avatar = get_bool (obj, "has_avatar", &reason);
  rec->input.has_bio = get_bool (obj, "has_bio", &reason);

  node = json_object_get_member (obj, "tags");
  if (node && !JSON_NODE_HOLDS_NULL (node))
    {
      JsonArray *array = JSON_NODE_HOLDS_ARRAY (node) ? json_node_get_array (node) : NULL;

      if (!array || json_array_get_length (array) > MAX_TAGS)
        {
          if (!reason)
            reason = g_strdup_printf (_("\"tags\" must be an array of at most %d strings"), MAX_TAGS);
        }
      else
        for (guint i = 0; i < json_array_get_length (array); i++)
          {
            JsonNode *tag = json_array_get_element (array, i);

            if (!JSON_NODE_HOLDS_VALUE (tag) || json_node_get_value_type (tag) != G_TYPE_STRING)
              {
                if (!reason)
                  reason = g_strdup (_("\"tags\" must hold strings only"));
                break;
              }
            g_ptr_array_add (rec->tags, (gpointer) json_node_get_string (tag));
          }
    }
  g_ptr_array_add (rec->tags, NULL);
  rec->input.tags = (const char * const *) rec->tags->pdata;

  node = json_object_get_member (obj, "reposter_followers");
  if (node && !JSON_NODE_HOLDS_NULL (node))
    {
      JsonArray *array = JSON_NODE_HOLDS_ARRAY (node) ? json_node_get_array (node) : NULL;

      if (!array || json_array_get_length (array) > MAX_REPOSTERS)
        {
          if (!reason)
            reason = g_strdup_printf (_("\"reposter_followers\" must be an array of at most %d numbers"),
                                      MAX_REPOSTERS);
        }
      else
        for (guint i = 0; i < json_array_get_length (array); i++)
          {
            gint64 v;

            if (!node_to_count (json_array_get_element (array, i), &v))
              {
                if (!reason)
                  reason = g_strdup (_("\"reposter_followers\" must hold whole numbers, 0 or more"));
                break;
              }
            g_array_append_val (rec->reposters, v);
          }
    }
  rec->input.reposter_followers = (const gint64 *) (gpointer) rec->reposters->data;
  rec->input.n_reposters = rec->reposters->len;
  return reason;
}

static gboolean
add_official (GArray      *officials,
              GPtrArray   *strings,
              const char  *spec)
{
  const char *eq = strchr (spec, '=');
  VigilOfficialAccount account = { 0, };
  char *handle = g_strstrip (g_strndup (spec, eq ? (gsize) (eq - spec) : strlen (spec)));

  g_ptr_array_add (strings, handle);
  if (!handle[0])
    return FALSE;
  account.handle = handle;
  if (eq && eq[1])
    {
      char *name = g_strstrip (g_strdup (eq + 1));
      g_ptr_array_add (strings, name);
      account.display_name = name;
    }
  g_array_append_val (officials, account);
  return TRUE;
}

static VigilClassifier *
build_classifier (char       **watches,
                  const char  *watch_file,
                  gboolean     stem,
                  double       ots_divisor,
                  char       **officials,
                  const char  *rules_dir,
                  int         *exit_code)
{
  g_autoptr(GPtrArray) all = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GArray) accounts = g_array_new (FALSE, FALSE, sizeof (VigilOfficialAccount));
  g_autoptr(GPtrArray) strings = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(VigilRiskClassifier) risk = NULL;
  g_autoptr(GError) error = NULL;
  VigilClassifierOptions options = { 0, };
  VigilClassifier *classifier;

  *exit_code = EXIT_USAGE;
  if (watch_file)
    {
      g_autoptr(VigilWatchList) list = NULL;

      if (!g_file_test (watch_file, G_FILE_TEST_EXISTS))
        {
          print_error (_("--watch-file: %s does not exist"), watch_file);
          return NULL;
        }
      list = vigil_watch_list_load (watch_file, &error);
      if (!list)
        {
          print_error ("--watch-file: %s", error->message);
          return NULL;
        }
      for (guint i = 0; i < vigil_watch_list_get_n_watches (list); i++)
        g_ptr_array_add (all, g_object_ref (vigil_watch_list_get_watch (list, i)));
    }
  for (guint i = 0; watches && watches[i]; i++)
    {
      VigilWatch *w = vigil_watch_new (watches[i], watches[i], NULL, stem, &error);

      if (!w)
        {
          /* TRANSLATORS: --watch 'QUERY': POSITION: what is wrong */
          print_error (_("--watch '%s': %s"), watches[i], error->message);
          return NULL;
        }
      g_ptr_array_add (all, w);
    }
  for (guint i = 0; officials && officials[i]; i++)
    if (!add_official (accounts, strings, officials[i]))
      {
        print_error (_("--official needs a handle, as in --official acme or --official 'acme=Acme Inc'"));
        return NULL;
      }
  if (ots_divisor < 0 || (ots_divisor > 0 && ots_divisor < 1e-9))
    {
      print_error (_("--ots-divisor must be a positive number (default %g)"), VIGIL_REACH_DEFAULT_OTS_DIVISOR);
      return NULL;
    }

  if (rules_dir && !g_file_test (rules_dir, G_FILE_TEST_IS_DIR))
    {
      print_error (_("--rules-dir: %s is not a folder"), rules_dir);
      return NULL;
    }

  *exit_code = EXIT_REJECTED;
  {
    g_autofree char *default_dir = g_build_filename (g_get_user_config_dir (), "vigil", "rules", NULL);

    /* the user's own packs are used when they exist */
    if (!rules_dir)
      rules_dir = default_dir;
    risk = vigil_risk_classifier_new (rules_dir, &error);
    if (!risk)
      {
        print_error ("%s", error->message);
        return NULL;
      }
    if (error)
      {
        /* a bad user pack: the built-in packs still work */
        print_error ("%s", error->message);
        g_clear_error (&error);
      }
  }

  options.watches = (VigilWatch **) all->pdata;
  options.n_watches = all->len;
  options.ots_divisor = ots_divisor;
  options.officials = (const VigilOfficialAccount *) (gpointer) accounts->data;
  options.n_officials = accounts->len;
  options.risk = risk;
  classifier = vigil_classifier_new (&options, &error);
  if (!classifier)
    {
      print_error ("%s", error->message);
      return NULL;
    }
  *exit_code = EXIT_OK;
  return classifier;
}

/* One input line and what became of it. */
typedef struct
{
  guint64  line_no;
  GString *line;
  gboolean too_long;
  GString *out;       /* the output line, or empty */
  char    *reason;    /* why the line was rejected, or NULL */
} Item;

static void
classify_item (VigilClassifier *classifier,
               Item            *item)
{
  g_autoptr(JsonParser) parser = NULL;
  g_autoptr(GError) error = NULL;
  Record rec = { 0, };
  VigilAnnotations annotations;
  JsonNode *root;
  gsize id_start = 0, id_end = 0;
  GString *line = item->line;

  g_string_truncate (item->out, 0);
  g_clear_pointer (&item->reason, g_free);

  if (item->too_long)
    {
      item->reason = g_strdup (_("longer than 1 MiB; split or shorten the record"));
      return;
    }
  if (line->len == 0 || skip_space (line->str, line->len, 0) == line->len)
    return; /* blank lines are skipped */
  if (json_depth (line->str, line->len) > MAX_JSON_DEPTH)
    {
      item->reason = g_strdup (_("nested deeper than 64 levels"));
      return;
    }
  parser = json_parser_new_immutable ();
  if (!json_parser_load_from_data (parser, line->str, line->len, &error))
    {
      g_strdelimit (error->message, "\r\n", ' ');
      item->reason = g_strdup_printf ("%s: %s", _("invalid JSON"), error->message);
      return;
    }
  root = json_parser_get_root (parser);
  if (!root || !JSON_NODE_HOLDS_OBJECT (root))
    {
      item->reason = g_strdup (_("not a JSON object"));
      return;
    }
  rec.tags = g_ptr_array_new ();
  rec.reposters = g_array_new (FALSE, FALSE, sizeof (gint64));
  item->reason = read_record (json_node_get_object (root), &rec);
  if (!item->reason)
    {
      GString *out = item->out;

      vigil_classifier_classify (classifier, &rec.input, &annotations);
      g_string_append (out, "{\"id\":");
      if (find_raw_id (line->str, line->len, &id_start, &id_end) && id_end > id_start)
        g_string_append_len (out, line->str + id_start, id_end - id_start);
      else
        {
          JsonNode *id = json_object_get_member (json_node_get_object (root), "id");

          if (id)
            {
              g_autofree char *json = json_to_string (id, FALSE);
              g_string_append (out, json);
            }
          else
            g_string_append (out, "null");
        }
      vigil_annotations_write_json (&annotations, out);
      g_string_append (out, "}\n");
      vigil_annotations_clear (&annotations);
    }
  g_ptr_array_unref (rec.tags);
  g_array_unref (rec.reposters);
}

/* A batch of items classified by a thread pool; results are printed in
 * input order once the whole batch is done. */
typedef struct
{
  VigilClassifier *classifier;
  GMutex           lock;
  GCond            done;
  guint            pending;
} Batch;

static void
classify_item_in_pool (gpointer data,
                       gpointer user_data)
{
  Item *item = data;
  Batch *batch = user_data;

  classify_item (batch->classifier, item);
  g_mutex_lock (&batch->lock);
  if (--batch->pending == 0)
    g_cond_signal (&batch->done);
  g_mutex_unlock (&batch->lock);
}

#define BATCH_ITEMS 512
#define BATCH_BYTES (8 * 1024 * 1024)

int
vigil_cli_classify (int    argc,
                    char **argv)
{
  g_auto(GStrv) watches = NULL;
  g_auto(GStrv) officials = NULL;
  g_autofree char *watch_file = NULL;
  g_autofree char *rules_dir = NULL;
  gboolean stem = FALSE;
  double ots_divisor = 0;
  int threads = 0;
  GOptionEntry entries[] = {
    { "watch", 'w', 0, G_OPTION_ARG_STRING_ARRAY, &watches,
      N_("A monitoring query; its text names it in \"watches\" (repeatable)"), N_("QUERY") },
    { "watch-file", 0, 0, G_OPTION_ARG_FILENAME, &watch_file,
      N_("Saved watches (JSON, as in ~/.config/vigil/watches.json)"), N_("FILE") },
    { "stem", 0, 0, G_OPTION_ARG_NONE, &stem,
      N_("Match the --watch queries on word stems too"), NULL },
    { "ots-divisor", 0, 0, G_OPTION_ARG_DOUBLE, &ots_divisor,
      N_("Real OTS = reach ÷ N (default 10)"), N_("N") },
    { "official", 0, 0, G_OPTION_ARG_STRING_ARRAY, &officials,
      N_("An official account, to flag impersonators (repeatable)"), N_("HANDLE[=NAME]") },
    { "rules-dir", 0, 0, G_OPTION_ARG_FILENAME, &rules_dir,
      N_("A folder of extra risk rule packs (*.rules; default ~/.config/vigil/rules)"), N_("DIR") },
    { "threads", 'j', 0, G_OPTION_ARG_INT, &threads,
      N_("Classify on N threads (default: one per processor, at most 8); output keeps the input order"),
      N_("N") },
    { NULL }
  };
  g_autoptr(GOptionContext) context =
    g_option_context_new (_("— annotate JSON-line posts from stdin: sentiment, language, risk, watches"));
  g_autoptr(GError) error = NULL;
  g_autoptr(VigilClassifier) classifier = NULL;
  g_autofree LineReader *reader = NULL;
  g_autofree Item *items = NULL;
  GThreadPool *pool = NULL;
  Batch batch = { 0, };
  guint64 line_no = 0, rejected = 0;
  int exit_code;
  gboolean more = TRUE;

  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  g_option_context_set_description (context,
    _("Input: one JSON object per line with \"id\" and \"text\", and optionally \"author\", "
      "\"author_name\", \"followers\", \"following\", \"account_age_days\", \"has_avatar\", "
      "\"has_bio\", \"lang\", \"platform\", \"tags\" and \"reposter_followers\".\n"
      "Exit status: 0 all lines classified, 1 some lines rejected (reasons on stderr), "
      "2 usage error."));
  if (!g_option_context_parse (context, &argc, &argv, &error))
    {
      print_error ("%s (see --help)", error->message);
      return EXIT_USAGE;
    }
  if (argc > 1)
    {
      print_error (_("unexpected argument '%s': posts are read from stdin (see --help)"), argv[1]);
      return EXIT_USAGE;
    }
  if (threads < 0 || threads > 256)
    {
      print_error (_("--threads must be between 1 and 256"));
      return EXIT_USAGE;
    }
  if (threads == 0)
    threads = CLAMP (g_get_num_processors (), 1, 8);

  classifier = build_classifier (watches, watch_file, stem, ots_divisor, officials, rules_dir, &exit_code);
  if (!classifier)
    return exit_code;

  if (threads > 1)
    {
      batch.classifier = classifier;
      g_mutex_init (&batch.lock);
      g_cond_init (&batch.done);
      pool = g_thread_pool_new (classify_item_in_pool, &batch, threads, TRUE, NULL);
    }

  items = g_new0 (Item, BATCH_ITEMS);
  for (guint i = 0; i < BATCH_ITEMS; i++)
    {
      items[i].line = g_string_new (NULL);
      items[i].out = g_string_new (NULL);
    }
  reader = g_new0 (LineReader, 1);
  reader->in = stdin;

  while (more)
    {
      guint n = 0;
      gsize bytes = 0;

      /* wait for one line, then take the lines already read: a file fills
       * whole batches, a slow stream is answered line by line */
      while (n < BATCH_ITEMS && bytes < BATCH_BYTES
             && (n == 0 || line_buffered (reader)))
        {
          Item *item = &items[n];

          if (!read_line (reader, item->line, MAX_LINE_BYTES, &item->too_long))
            {
              more = FALSE;
              break;
            }
          item->line_no = ++line_no;
          bytes += item->line->len;
          n++;
        }
      if (n == 0)
        break;

      if (pool && n > 1)
        {
          batch.pending = n;
          for (guint i = 0; i < n; i++)
            g_thread_pool_push (pool, &items[i], NULL);
          g_mutex_lock (&batch.lock);
          while (batch.pending > 0)
            g_cond_wait (&batch.done, &batch.lock);
          g_mutex_unlock (&batch.lock);
        }
      else
        for (guint i = 0; i < n; i++)
          classify_item (classifier, &items[i]);

      for (guint i = 0; i < n; i++)
        {
          Item *item = &items[i];

          if (item->reason)
            {
              fflush (stdout);
              fprintf (stderr, "line %" G_GUINT64_FORMAT ": %s\n", item->line_no, item->reason);
              rejected++;
            }
          else if (item->out->len)
            fwrite (item->out->str, 1, item->out->len, stdout);
        }
      fflush (stdout);
      /* do not keep a 1 MiB buffer per slot after a long line */
      for (guint i = 0; i < n; i++)
        if (items[i].line->allocated_len > 65536)
          {
            g_string_free (items[i].line, TRUE);
            items[i].line = g_string_new (NULL);
          }
    }

  if (pool)
    {
      g_thread_pool_free (pool, FALSE, TRUE);
      g_mutex_clear (&batch.lock);
      g_cond_clear (&batch.done);
    }
  for (guint i = 0; i < BATCH_ITEMS; i++)
    {
      g_string_free (items[i].line, TRUE);
      g_string_free (items[i].out, TRUE);
      g_free (items[i].reason);
    }

  if (ferror (stdin))
    {
      print_error (_("cannot read stdin"));
      return EXIT_REJECTED;
    }
  if (rejected > 0)
    {
      g_autofree char *n_rejected = g_strdup_printf ("%" G_GUINT64_FORMAT, rejected);
      g_autofree char *n_lines = g_strdup_printf ("%" G_GUINT64_FORMAT, line_no);

      /* TRANSLATORS: "3 of 1000 lines rejected" */
      print_error (_("%s of %s lines rejected"), n_rejected, n_lines);
      return EXIT_REJECTED;
    }
  return EXIT_OK;
}

/* vigil-cli-bench-archive.c: vigil-cli bench archive
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Builds (or resumes) a realistic synthetic archive through the store's
 * real insert path, then measures what a person waits for: opening it and
 * reading the first feed page, a search's first page and its count over a
 * fixed query mix (src/core/store/README.md, "The bench's query mix"), the
 * same terms as a LIKE scan of the same file in the same run, verify, and
 * the bytes each post costs on disk. Not a test: figures go in notes. The
 * last line on stdout is one JSON object.
 *
 * Post i is a pure function of i (and of --posts, which spreads the dates),
 * so a resumed build adds exactly the posts a single run would have.
 */
#define G_LOG_DOMAIN "vigil-cli"

#include "config.h"

#include <math.h>
#include <stdio.h>
#include <sys/resource.h>

#include <glib/gi18n.h>
#include <glib/gstdio.h>

#include "vigil-cli-archive.h"
#include "vigil-cli-common.h"
#include "vigil-store-bench-archive.h"

#define VOCABULARY   50000
#define N_LANGS      6
#define BATCH        1000
#define EDIT_LAG     5000   /* post i is edited when post i + EDIT_LAG is archived */
#define DELETE_LAG   7000
#define T0           1672531200  /* 2023-01-01 UTC */
#define SPAN_S       (3 * 365 * 86400)
#define PAGE         50
#define REPEATS      5
#define COUNT_CAP    10000
#define VIGIL_BENCH_HAS_COUNT_MATCHES 1  /* remove to build against a store before it */

static const char * const lang_codes[N_LANGS] = { "en", "de", "fr", "es", "it", "pt" };
/* share of posts per language, in percent */
static const guint lang_share[N_LANGS] = { 50, 12, 12, 12, 7, 7 };

static const char * const syllables[N_LANGS][16] = {
  { "the", "ser", "vi", "ce", "re", "fund", "de", "li", "ver", "or", "der", "pro", "duct", "mon", "ey", "back" },
  { "ge", "lie", "fer", "ung", "kun", "den", "be", "stel", "lung", "geld", "zu", "rück", "ver", "sand", "ein", "aus" },
  { "li", "vrai", "son", "com", "man", "de", "rem", "bour", "se", "ment", "cli", "ent", "ser", "vi", "ce", "prix" },
  { "en", "tre", "ga", "pe", "di", "do", "re", "em", "bol", "so", "cli", "en", "te", "ser", "vi", "cio" },
  { "con", "se", "gna", "or", "di", "ne", "rim", "bor", "so", "clien", "te", "ser", "vi", "zio", "pre", "zzo" },
  { "en", "tre", "ga", "pe", "di", "do", "re", "em", "bol", "so", "cli", "en", "te", "ser", "vi", "ço" },
};

typedef struct
{
  char   **words[N_LANGS];
  double  *cumulative;        /* Zipf (s = 1) over VOCABULARY ranks */
  double  *author_cumulative; /* Zipf (s = 1.1) over n_authors */
  guint    n_authors;
  guint    target;            /* --posts: spreads the dates over three years */
} Corpus;

static guint64
mix (guint64 x)
{
  x += 0x9e3779b97f4a7c15ULL;
  x = (x ^ (x >> 30)) * 0xbf58476d1ce4e5b9ULL;
  x = (x ^ (x >> 27)) * 0x94d049bb133111ebULL;
  return x ^ (x >> 31);
}

typedef struct
{
  guint64 state;
} Rng;

static guint64
rng_next (Rng *r)
{
  r->state = mix (r->state);
  return r->state;
}

static double
rng_double (Rng *r)
{
  return (rng_next (r) >> 11) * (1.0 / 9007199254740992.0);
}

static guint
rng_range (Rng   *r,
           guint  n)
{
  return (guint) (rng_next (r) % n);
}

static char *
make_word (guint lang,
           guint rank)
{
  GString *w = g_string_new (NULL);
  guint i = rank;

  do
    {
      g_string_append (w, syllables[lang][i % 16]);
      i /= 16;
    }
  while (i > 0);
  /* short words repeat across languages; a language letter keeps them apart */
  if (rank >= 16)
    g_string_append_c (w, "eaoiuy"[lang]);
  return g_string_free (w, FALSE);
}

static guint
pick (const double *cumulative,
      guint         n,
      double        u)
{
  guint lo = 0, hi = n - 1;

  while (lo < hi)
    {
      guint mid = (lo + hi) / 2;
      if (cumulative[mid] < u)
        lo = mid + 1;
      else
        hi = mid;
    }
  return lo;
}

static double *
zipf (guint  n,
      double s)
{
  double *c = g_new (double, n);
  double sum = 0;

  for (guint i = 0; i < n; i++)
    c[i] = (sum += 1.0 / pow (i + 1, s));
  for (guint i = 0; i < n; i++)
    c[i] /= sum;
  return c;
}

static void
corpus_init (Corpus *c,
             guint   target)
{
  for (guint l = 0; l < N_LANGS; l++)
    {
      c->words[l] = g_new0 (char *, VOCABULARY + 1);
      for (guint r = 0; r < VOCABULARY; r++)
        c->words[l][r] = make_word (l, r);
    }
  c->cumulative = zipf (VOCABULARY, 1.0);
  c->target = MAX (target, 1000);
  c->n_authors = MAX (1000, (guint) (c->target * 0.06));
  c->author_cumulative = zipf (c->n_authors, 1.1);
}

static void
corpus_clear (Corpus *c)
{
  for (guint l = 0; l < N_LANGS; l++)
    g_strfreev (c->words[l]);
  g_free (c->cumulative);
  g_free (c->author_cumulative);
}

static char *
author_handle (const Corpus *c,
               guint         rank)
{
  return g_strdup_printf ("%s%u", c->words[0][rank % 3000], rank);
}

static guint
post_lang (guint64 h)
{
  guint p = h % 100, l = 0;

  while (l + 1 < N_LANGS && p >= lang_share[l])
    p -= lang_share[l++];
  return l;
}

static gint64
post_created_s (const Corpus *c,
                guint64       i)
{
  Rng r = { mix (i ^ 0xda7e) };
  double at;

  /* 70 % arrive about when they were written; 30 % are a backfill from
   * anywhere in the three years */
  if (rng_range (&r, 10) < 7)
    at = SPAN_S * ((double) i / c->target) + (rng_double (&r) - 0.5) * 12 * 3600;
  else
    at = SPAN_S * rng_double (&r);
  return T0 + (gint64) CLAMP (at, 0, SPAN_S - 1);
}

static char *
remote_id (VigilPlatform platform,
           guint64       i)
{
  switch (platform)
    {
    case VIGIL_PLATFORM_BLUESKY:
      return g_strdup_printf ("at://did:plc:bench%06" G_GUINT64_FORMAT "/app.bsky.feed.post/3k%" G_GUINT64_FORMAT,
                              i % 100000, i);
    case VIGIL_PLATFORM_FEED:
      return g_strdup_printf ("https://news.example/item/%" G_GUINT64_FORMAT, i);
    default:
      return g_strdup_printf ("11%07" G_GUINT64_FORMAT, i);
    }
}

static VigilPlatform
post_platform (guint64 i)
{
  guint p = mix (i ^ 0x91a7) % 100;

  return p < 45 ? VIGIL_PLATFORM_MASTODON : p < 85 ? VIGIL_PLATFORM_BLUESKY : VIGIL_PLATFORM_FEED;
}

/* The post's words: Zipf in its language, with mentions, hashtags, links
 * and, in 2 % of the English posts, the fixed phrase of the query mix. */
static void
make_text (const Corpus *c,
           Rng          *r,
           guint         lang,
           GString      *text,
           GPtrArray    *tags)
{
  guint n = 8 + rng_range (r, 33);

  g_string_truncate (text, 0);
  for (guint j = 0; j < n; j++)
    {
      if (j)
        g_string_append_c (text, ' ');
      g_string_append (text, c->words[lang][pick (c->cumulative, VOCABULARY, rng_double (r))]);
    }
  if (lang == 0 && rng_range (r, 50) == 0)
    g_string_append_printf (text, " %s %s", c->words[0][50], c->words[0][51]);
  if (rng_range (r, 5) == 0)
    {
      g_autofree char *who = author_handle (c, pick (c->author_cumulative, c->n_authors, rng_double (r)));
      g_string_append_printf (text, " @%s", who);
    }
  if (rng_range (r, 4) == 0)
    {
      const char *tag = c->words[lang][rng_range (r, 200)];
      g_string_append_printf (text, " #%s", tag);
      g_ptr_array_add (tags, g_strdup (tag));
    }
  if (rng_range (r, 5) == 0)
    g_string_append_printf (text, " https://shop.example/p/%u", rng_range (r, 100000));
}

/* A source payload of the shape and size the sources archive (Mastodon's
 * status JSON is ~1–2 KB; Bluesky's record ~0.6 KB; a feed item ~0.8 KB). */
static char *
make_raw (VigilPlatform  platform,
          const char    *rid,
          const char    *author,
          const char    *lang,
          const char    *text,
          GDateTime     *created,
          gint64         followers,
          const char    *parent)
{
  g_autofree char *iso = g_date_time_format_iso8601 (created);
  GString *raw = g_string_new (NULL);

  switch (platform)
    {
    case VIGIL_PLATFORM_BLUESKY:
      g_string_append_printf (raw, "{\"did\":\"did:plc:%s\",\"time_us\":%" G_GINT64_FORMAT ",\"kind\":\"commit\","
                              "\"commit\":{\"rev\":\"3kq2%s\",\"operation\":\"create\",\"collection\":"
                              "\"app.bsky.feed.post\",\"rkey\":\"%s\",\"record\":{\"$type\":\"app.bsky.feed.post\","
                              "\"createdAt\":\"%s\",\"langs\":[\"%s\"],\"text\":\"%s\"%s%s%s},\"cid\":"
                              "\"bafyreib2rxk3rkhh5ylyxj3x3gathxt3s32qvwj2lf3qg4kmzr6b7teqke\"}}",
                              author, g_date_time_to_unix (created) * G_USEC_PER_SEC, author, rid, iso, lang, text,
                              parent ? ",\"reply\":{\"parent\":{\"uri\":\"" : "", parent ? parent : "",
                              parent ? "\",\"cid\":\"bafyreih\"}}" : "");
      break;
    case VIGIL_PLATFORM_FEED:
      g_string_append_printf (raw, "<item><title>%.60s</title><link>%s</link><guid isPermaLink=\"true\">%s</guid>"
                              "<pubDate>%s</pubDate><dc:creator>%s</dc:creator><category>news</category>"
                              "<description><![CDATA[<p>%s</p>]]></description></item>",
                              text, rid, rid, iso, author, text);
      break;
    default:
      g_string_append_printf (raw, "{\"id\":\"%s\",\"created_at\":\"%s\",\"in_reply_to_id\":%s%s%s,"
                              "\"in_reply_to_account_id\":null,\"sensitive\":false,\"spoiler_text\":\"\","
                              "\"visibility\":\"public\",\"language\":\"%s\",\"uri\":\"https://mastodon.example/users/%s/"
                              "statuses/%s\",\"url\":\"https://mastodon.example/@%s/%s\",\"replies_count\":%u,"
                              "\"reblogs_count\":%u,\"favourites_count\":%u,\"edited_at\":null,\"content\":\"<p>%s</p>\","
                              "\"reblog\":null,\"application\":{\"name\":\"Web\",\"website\":null},\"account\":{\"id\":"
                              "\"1090%s\",\"username\":\"%s\",\"acct\":\"%s\",\"display_name\":\"%s\",\"locked\":false,"
                              "\"bot\":false,\"discoverable\":true,\"group\":false,\"created_at\":\"2019-04-02T00:00:00.000Z\","
                              "\"note\":\"<p>Opinions my own.</p>\",\"url\":\"https://mastodon.example/@%s\","
                              "\"avatar\":\"https://files.mastodon.example/accounts/avatars/%s.png\",\"followers_count\":%"
                              G_GINT64_FORMAT ",\"following_count\":%u,\"statuses_count\":%u,\"last_status_at\":\"2025-01-01\","
                              "\"emojis\":[],\"fields\":[]},\"media_attachments\":[],\"mentions\":[],\"tags\":[],"
                              "\"emojis\":[],\"card\":null,\"poll\":null}",
                              rid, iso, parent ? "\"" : "", parent ? parent : "null", parent ? "\"" : "",
                              lang, author, rid, author, rid, (guint) (followers % 7), (guint) (followers % 13),
                              (guint) (followers % 29), text, rid, author, author, author, author, author,
                              followers, (guint) (followers / 3 + 11), (guint) (followers * 7 + 100));
      break;
    }
  return g_string_free (raw, FALSE);
}

static void
annotate (VigilPost *post,
          Rng       *r,
          gint64     followers)
{
  static const char * const category[] = { "customer-service.refund", NULL };
  static const char * const watch[] = { "brand", NULL };
  double compound = rng_double (r) * 2 - 1;

  vigil_post_set_sentiment (post, compound,
                            compound < -0.05 ? VIGIL_SENTIMENT_NEGATIVE
                            : compound > 0.05 ? VIGIL_SENTIMENT_POSITIVE : VIGIL_SENTIMENT_NEUTRAL);
  if (rng_range (r, 10) == 0)
    vigil_post_set_categories (post, category);
  if (rng_range (r, 3) == 0)
    vigil_post_set_watches (post, watch);
  vigil_post_set_reach (post, followers / 10, followers * 0.08);
}

static VigilPost *
make_post (const Corpus *c,
           guint64       i)
{
  Rng r = { mix (i) };
  VigilPlatform platform = post_platform (i);
  guint lang = post_lang (rng_next (&r));
  g_autofree char *rid = remote_id (platform, i);
  g_autofree char *author = author_handle (c, pick (c->author_cumulative, c->n_authors, rng_double (&r)));
  g_autofree char *parent = NULL;
  g_autofree char *raw = NULL;
  g_autoptr(GString) text = g_string_new (NULL);
  g_autoptr(GPtrArray) tags = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GDateTime) created = g_date_time_new_from_unix_utc (post_created_s (c, i));
  g_autoptr(GDateTime) created_ms = g_date_time_add (created, (rng_range (&r, 1000)) * 1000);
  gint64 followers = (gint64) (exp (rng_double (&r) * 12));
  guint kind = rng_range (&r, 100);
  VigilPost *post = vigil_post_new (platform, rid);

  make_text (c, &r, lang, text, tags);
  if (kind < 8)
    {
      /* a repost: the words of another post */
      g_autofree char *who = author_handle (c, rng_range (&r, c->n_authors));
      g_string_prepend (text, "RT ");
      g_string_insert (text, 3, who);
      g_string_insert (text, 3, "@");
    }
  else if (kind < 38 && i > 0)
    {
      parent = remote_id (post_platform (i - 1 - rng_range (&r, MIN (i, 5000))), i - 1);
      vigil_post_set_parent_id (post, parent);
      vigil_post_set_thread_id (post, parent);
    }
  if (kind >= 97)
    vigil_post_set_visibility (post, VIGIL_VISIBILITY_DIRECT);
  g_ptr_array_add (tags, NULL);

  vigil_post_set_author (post, author);
  vigil_post_set_author_name (post, author);
  vigil_post_set_author_followers (post, followers);
  vigil_post_set_text (post, text->str);
  if (rng_range (&r, 5) != 0)
    vigil_post_set_lang (post, lang_codes[lang]);
  if (platform == VIGIL_PLATFORM_FEED)
    {
      g_autofree char *title = g_strndup (text->str, 60);
      vigil_post_set_title (post, title);
      vigil_post_set_url (post, rid);
    }
  else
    {
      g_autofree char *url = g_strdup_printf ("https://%s.example/@%s/%" G_GUINT64_FORMAT,
                                              vigil_platform_to_string (platform), author, i);
      vigil_post_set_url (post, url);
    }
  vigil_post_set_tags (post, (const char * const *) tags->pdata);
  vigil_post_set_created_at (post, created_ms);
  vigil_post_set_fetched_at (post, created_ms);
  vigil_post_set_metrics (post, followers % 7, followers % 13, followers % 29);
  if (rng_range (&r, 2) == 0)
    {
      g_autoptr(GDateTime) since = g_date_time_new_from_unix_utc (1500000000 + (gint64) (followers % 200000000));
      vigil_post_set_author_following (post, followers / 3 + 11);
      vigil_post_set_author_created_at (post, since);
      vigil_post_set_author_has_avatar (post, VIGIL_TRISTATE_YES);
    }
  raw = make_raw (platform, rid, author, lang_codes[lang], text->str, created_ms, followers, parent);
  vigil_post_take_raw (post, g_steal_pointer (&raw));
  annotate (post, &r, followers);
  return post;
}

/* The edit or deletion that arrives with post i, if any. */
static VigilPost *
make_event (const Corpus *c,
            guint64       i)
{
  if (i >= EDIT_LAG && mix ((i - EDIT_LAG) ^ 0xed17) % 50 == 0)
    {
      g_autoptr(VigilPost) original = make_post (c, i - EDIT_LAG);
      g_autofree char *text = g_strconcat (vigil_post_get_text (original), " (edit: ",
                                           c->words[0][i % 300], ")", NULL);
      VigilPost *edit = vigil_post_new (vigil_post_get_platform (original), vigil_post_get_remote_id (original));

      vigil_post_set_event (edit, VIGIL_POST_EVENT_EDIT);
      vigil_post_set_text (edit, text);
      vigil_post_set_raw (edit, "{\"edited\":true}");
      annotate (edit, &(Rng) { mix (i) }, 100);
      return edit;
    }
  if (i >= DELETE_LAG && mix ((i - DELETE_LAG) ^ 0xde1e) % 100 == 0)
    {
      VigilPlatform platform = post_platform (i - DELETE_LAG);
      g_autofree char *rid = remote_id (platform, i - DELETE_LAG);
      VigilPost *del = vigil_post_new (platform, rid);

      vigil_post_set_event (del, VIGIL_POST_EVENT_DELETE);
      vigil_post_set_raw (del, "{\"deleted\":true}");
      return del;
    }
  return NULL;
}

static double
cpu_s (void)
{
  struct rusage ru;

  getrusage (RUSAGE_SELF, &ru);
  return ru.ru_utime.tv_sec + ru.ru_stime.tv_sec + (ru.ru_utime.tv_usec + ru.ru_stime.tv_usec) / 1e6;
}

static gboolean
build (VigilStore   *store,
       const Corpus *c,
       guint64       have,
       guint64       target,
       double       *out_rate,
       double       *out_cpu_rate,
       double       *out_end_over_start,
       GString      *slices,
       GError      **error)
{
  guint64 todo = target > have ? target - have : 0;
  guint64 slice = MAX (todo / 10, 1);
  gint64 start = g_get_monotonic_time (), slice_start = start;
  double cpu_start = cpu_s ();
  double first_rate = 0, last_rate = 0;
  guint64 done = 0;

  while (done < todo)
    {
      g_autoptr(GPtrArray) batch = g_ptr_array_new_with_free_func (g_object_unref);
      guint64 before = done;

      for (; done < todo && batch->len < BATCH; done++)
        {
          VigilPost *event = make_event (c, have + done);

          g_ptr_array_add (batch, make_post (c, have + done));
          if (event)
            g_ptr_array_add (batch, event);
        }
      if (!vigil_store_insert (store, batch, NULL, error))
        return FALSE;
      if (before / slice != done / slice || done == todo)
        {
          gint64 now = g_get_monotonic_time ();
          guint64 in_slice = done - (before / slice) * slice;
          double rate = in_slice / MAX (1e-6, (now - slice_start) / 1e6);

          if (first_rate == 0)
            first_rate = rate;
          last_rate = rate;
          g_string_append_printf (slices, "%s%.0f", slices->len ? "," : "", rate);
          g_printerr ("archived %" G_GUINT64_FORMAT " of %" G_GUINT64_FORMAT " (%.0f posts/s)\n",
                      have + done, target, rate);
          slice_start = now;
        }
    }
  *out_rate = todo ? todo / ((g_get_monotonic_time () - start) / 1e6) : 0;
  *out_cpu_rate = todo ? todo / MAX (1e-6, cpu_s () - cpu_start) : 0;
  *out_end_over_start = first_rate > 0 ? last_rate / first_rate : 0;
  return TRUE;
}

/* --- the query mix (documented in src/core/store/README.md) ------------- */

typedef enum { Q_COMMON, Q_MEDIUM, Q_RARE, Q_PREFIX, Q_OR, Q_PHRASE, Q_AUTHOR, Q_DATE, N_KINDS } Kind;
static const char * const kind_names[N_KINDS] = {
  "common", "medium", "rare", "prefix", "or", "phrase", "author", "date"
};

typedef struct
{
  Kind        kind;
  const char *fmt;      /* %1$s… replaced by words: "L:R" tokens */
  int         author;   /* author rank + 1, or 0 */
  int         since_days_before_end; /* 0 = none */
  int         until_days_before_end; /* 0 = none */
} QuerySpec;

/* Words are written "lang:rank" (rank 0 = most frequent); "a:R" is an
 * author handle; a trailing * is a prefix of the word's first letters. */
static const QuerySpec mix_specs[] = {
  { Q_COMMON, "en:0" }, { Q_COMMON, "en:1" }, { Q_COMMON, "en:4" },
  { Q_COMMON, "de:0" }, { Q_COMMON, "fr:2" }, { Q_COMMON, "es:9" },
  { Q_MEDIUM, "en:99" }, { Q_MEDIUM, "en:999" }, { Q_MEDIUM, "de:499" },
  { Q_RARE, "en:9999" }, { Q_RARE, "en:29999" }, { Q_RARE, "de:19999" },
  { Q_RARE, "fr:39999" }, { Q_RARE, "it:24999" }, { Q_RARE, "pt:44999" },
  { Q_PREFIX, "en:300/4*" }, { Q_PREFIX, "de:5000/5*" }, { Q_PREFIX, "en:20000/7*" },
  { Q_OR, "en:9999 OR en:29999" }, { Q_OR, "en:0 OR de:0" }, { Q_OR, "fr:39999 OR it:24999" },
  { Q_PHRASE, "\"en:50 en:51\"" }, { Q_PHRASE, "\"en:0 en:1\"" }, { Q_PHRASE, "\"en:2 en:3 en:4\"" },
  { Q_AUTHOR, "", 1 }, { Q_AUTHOR, "en:0", 1 }, { Q_AUTHOR, "", 1001 },
  { Q_DATE, "en:0", 0, 30, 0 }, { Q_DATE, "en:999", 0, 365, 0 }, { Q_DATE, "en:9999", 0, 400, 200 },
};

/* "en:12 OR de:3*" → the words */
static char *
expand (const Corpus *c,
        const char   *fmt)
{
  GString *out = g_string_new (NULL);

  for (const char *p = fmt; *p;)
    {
      guint lang = N_LANGS;

      for (guint l = 0; l < N_LANGS; l++)
        if (g_str_has_prefix (p, lang_codes[l]) && p[2] == ':')
          lang = l;
      if (lang < N_LANGS)
        {
          char *end = NULL;
          guint rank = (guint) g_ascii_strtoull (p + 3, &end, 10);
          const char *word = c->words[lang][MIN (rank, VOCABULARY - 1)];

          if (*end == '/')
            {
              guint len = (guint) g_ascii_strtoull (end + 1, &end, 10);
              g_string_append_len (out, word, MIN (len, strlen (word)));
            }
          else
            g_string_append (out, word);
          p = end;
        }
      else
        g_string_append_c (out, *p++);
    }
  return g_string_free (out, FALSE);
}

static VigilSearchQuery *
make_query (const Corpus    *c,
            const QuerySpec *spec)
{
  VigilSearchQuery *query = vigil_search_query_new ();
  g_autoptr(GDateTime) end = g_date_time_new_from_unix_utc (T0 + SPAN_S);

  if (spec->fmt[0])
    query->text = expand (c, spec->fmt);
  if (spec->author)
    query->author = author_handle (c, spec->author - 1);
  if (spec->since_days_before_end)
    query->since = g_date_time_add_days (end, -spec->since_days_before_end);
  if (spec->until_days_before_end)
    query->until = g_date_time_add_days (end, -spec->until_days_before_end);
  query->limit = PAGE;
  query->order = VIGIL_SEARCH_ORDER_NEWEST;
  return query;
}

static int
compare_double (gconstpointer a,
                gconstpointer b)
{
  double x = *(const double *) a, y = *(const double *) b;

  return x < y ? -1 : x > y;
}

static double
percentile (GArray *ms,
            double  p)
{
  if (ms->len == 0)
    return 0;
  g_array_sort (ms, compare_double);
  return g_array_index (ms, double, MIN (ms->len - 1, (guint) (p * ms->len)));
}

static double
ms_since (gint64 t)
{
  return (g_get_monotonic_time () - t) / 1000.0;
}

/* Opens the store and reads the first feed page (newest 50 by post date). */
static VigilStore *
open_first_page (const char  *db_path,
                 double      *out_ms,
                 GError     **error)
{
  gint64 t = g_get_monotonic_time ();
  g_autoptr(VigilStore) store = vigil_store_open (db_path, error);
  g_autoptr(VigilSearchQuery) query = vigil_search_query_new ();
  g_autoptr(GArray) ids = NULL;
  g_autoptr(GPtrArray) posts = NULL;

  if (store == NULL)
    return NULL;
  query->limit = PAGE;
  if (vigil_store_count_posts (store, error) < 0
      || !(ids = vigil_store_search_ids (store, query, error))
      || !(posts = vigil_store_get_posts (store, (gint64 *) ids->data, ids->len, error)))
    return NULL;
  *out_ms = ms_since (t);
  return g_steal_pointer (&store);
}

int
vigil_cli_bench_archive (int    argc,
                         char **argv)
{
  g_autofree char *db_path = NULL;
  int posts = 1000000;
  gboolean resume = FALSE;
  gboolean no_verify = FALSE;
  gboolean no_like = FALSE;
  gboolean chain_only = FALSE;
  int idle = 0;
  GOptionEntry entries[] = {
    { "posts", 0, 0, G_OPTION_ARG_INT, &posts, N_("Posts in the archive (default 1000000)"), N_("N") },
    { "count", 0, G_OPTION_FLAG_HIDDEN, G_OPTION_ARG_INT, &posts, NULL, NULL },
    { "db", 0, 0, G_OPTION_ARG_FILENAME, &db_path, N_("The bench archive"), N_("PATH") },
    { "resume", 0, 0, G_OPTION_ARG_NONE, &resume, N_("Reuse the archive at PATH and add posts up to N"), NULL },
    { "no-verify", 0, 0, G_OPTION_ARG_NONE, &no_verify, N_("Skip verify"), NULL },
    { "chain-only", 0, 0, G_OPTION_ARG_NONE, &chain_only, N_("Verify the chains only, not the derived tables"), NULL },
    { "no-like", 0, 0, G_OPTION_ARG_NONE, &no_like, N_("Skip the LIKE baseline"), NULL },
    { "idle", 0, 0, G_OPTION_ARG_INT, &idle, N_("Leave the archive idle this long after the build (its idle maintenance runs)"), N_("SECONDS") },
    { NULL }
  };
  g_autoptr(GOptionContext) context = g_option_context_new (_("— build a synthetic archive and time it"));
  g_autoptr(VigilStore) store = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GString) slices = g_string_new (NULL);
  g_autoptr(GString) per_kind = g_string_new (NULL);
  g_autoptr(GArray) fts_ms = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GArray) count_ms = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GArray) like_ms = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GArray) like_rare = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GArray) fts_rare = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GArray) like_common = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GArray) fts_common = g_array_new (FALSE, FALSE, sizeof (double));
  Corpus corpus = { 0 };
  double build_rate = 0, build_cpu_rate = 0, end_over_start = 0, open_ms = 0, verify_rate = 0, chain_rate = 0;
  gint64 have, n_posts, bytes;

  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  if (!vigil_cli_parse (context, &argc, &argv) || posts <= 0)
    return VIGIL_CLI_EXIT_USAGE;
  if (db_path == NULL)
    db_path = g_build_filename (g_get_tmp_dir (), "vigil-bench-archive.db", NULL);
  if (!resume)
    {
      g_autofree char *wal = g_strconcat (db_path, "-wal", NULL);
      g_autofree char *shm = g_strconcat (db_path, "-shm", NULL);
      g_unlink (db_path);
      g_unlink (wal);
      g_unlink (shm);
    }

  corpus_init (&corpus, (guint) posts);
  if (!(store = vigil_cli_open_store (db_path)))
    goto fail_quiet;
  have = vigil_store_count_posts (store, &error);
  if (have < 0
      || !build (store, &corpus, (guint64) have, (guint64) posts, &build_rate, &build_cpu_rate, &end_over_start, slices, &error))
    goto fail;
  vigil_store_flush (store);
  if (idle > 0)
    g_usleep ((gulong) idle * G_USEC_PER_SEC);
  g_clear_object (&store);

  /* bytes per post: the file and its WAL after a checkpoint */
  bytes = vigil_store_bench_checkpoint (db_path, &error);
  if (bytes < 0)
    goto fail;

  /* cold-ish open (the page cache of a new process is empty; the OS's is not) */
  if (!(store = open_first_page (db_path, &open_ms, &error)))
    goto fail;
  n_posts = vigil_store_count_posts (store, &error);

  for (guint rep = 0; rep < REPEATS; rep++)
    for (guint q = 0; q < G_N_ELEMENTS (mix_specs); q++)
      {
        g_autoptr(VigilSearchQuery) query = make_query (&corpus, &mix_specs[q]);
        g_autoptr(GArray) ids = NULL;
        g_autoptr(GPtrArray) page = NULL;
        gint64 t = g_get_monotonic_time ();
        double ms, ids_ms;

        /* the page a person sees: the ids, then the posts; the LIKE
         * baseline below is compared with the ids alone */
        if (!(ids = vigil_store_search_ids (store, query, &error)))
          goto fail;
        ids_ms = ms_since (t);
        if (!(page = vigil_store_get_posts (store, (gint64 *) ids->data, ids->len, &error)))
          goto fail;
        ms = ms_since (t);
        g_array_append_val (fts_ms, ms);
        if (mix_specs[q].kind == Q_RARE)
          g_array_append_val (fts_rare, ids_ms);
        if (mix_specs[q].kind == Q_COMMON)
          g_array_append_val (fts_common, ids_ms);
        if (rep == 0)
          {
            g_autofree char *escaped = g_strescape (mix_specs[q].fmt, NULL);

            g_string_append_printf (per_kind, "%s{\"kind\":\"%s\",\"q\":\"%s\",\"hits\":%u,\"ms\":%.2f}",
                                    per_kind->len ? "," : "", kind_names[mix_specs[q].kind],
                                    escaped, ids->len, ms);
          }
#ifdef VIGIL_BENCH_HAS_COUNT_MATCHES
        {
          gboolean exact = FALSE;

          t = g_get_monotonic_time ();
          if (vigil_store_count_matches (store, query, COUNT_CAP, &exact, &error) < 0)
            goto fail;
          ms = ms_since (t);
          g_array_append_val (count_ms, ms);
        }
#endif
      }

  /* the same single words as a LIKE scan of the same file */
  for (guint q = 0; !no_like && q < G_N_ELEMENTS (mix_specs); q++)
    {
      Kind kind = mix_specs[q].kind;
      g_autofree char *term = NULL;
      gint64 t;
      double ms;

      if (kind != Q_COMMON && kind != Q_MEDIUM && kind != Q_RARE)
        continue;
      term = expand (&corpus, mix_specs[q].fmt);
      t = g_get_monotonic_time ();
      if (vigil_store_bench_like_search (db_path, term, PAGE, &error) < 0)
        goto fail;
      ms = ms_since (t);
      g_array_append_val (like_ms, ms);
      if (kind == Q_RARE)
        g_array_append_val (like_rare, ms);
      else if (kind == Q_COMMON)
        g_array_append_val (like_common, ms);
    }

  if (!no_verify)
    {
      VigilStoreVerifyOptions options = { 0 };
      VigilStoreVerifyResult result = { 0 };
      gint64 t = g_get_monotonic_time ();

      options.chain_only = TRUE;
      if (!vigil_store_verify_full (store, &options, &result, &error) || !result.ok)
        goto fail_verify;
      chain_rate = result.posts / MAX (1e-6, (g_get_monotonic_time () - t) / 1e6);
      vigil_store_verify_result_clear (&result);
      options.chain_only = FALSE;
      t = g_get_monotonic_time ();
      if (chain_only)
        result.ok = TRUE;
      else if (!vigil_store_verify_full (store, &options, &result, &error) || !result.ok)
        {
        fail_verify:
          vigil_cli_error ("verify: %s", error ? error->message : result.first_broken);
          vigil_store_verify_result_clear (&result);
          corpus_clear (&corpus);
          return VIGIL_CLI_EXIT_FAILED;
        }
      verify_rate = result.posts / MAX (1e-6, (g_get_monotonic_time () - t) / 1e6);
      vigil_store_verify_result_clear (&result);
    }

  printf ("{\"per_query\":[%s]}\n", per_kind->str);
  printf ("{\"bench\":\"archive\",\"posts\":%" G_GINT64_FORMAT ",\"build_posts_per_s\":%.0f,"
          "\"build_posts_per_cpu_s\":%.0f,\"ingest_end_over_start\":%.2f,\"build_slices_posts_per_s\":[%s],"
          "\"bytes_per_post\":%.0f,\"search_p50_ms\":%.2f,\"search_p95_ms\":%.2f,\"search_max_ms\":%.2f,"
          "\"count_p50_ms\":%.2f,\"count_p95_ms\":%.2f,"
          "\"like_p50_ms\":%.1f,\"rare_like_over_fts\":%.0f,\"common_like_over_fts\":%.1f,"
          "\"open_ms\":%.1f,\"verify_chain_posts_per_s\":%.0f,\"verify_posts_per_s\":%.0f}\n",
          n_posts, build_rate, build_cpu_rate, end_over_start, slices->str,
          n_posts > 0 ? (double) bytes / n_posts : 0.0,
          percentile (fts_ms, 0.5), percentile (fts_ms, 0.95), percentile (fts_ms, 1.0),
          percentile (count_ms, 0.5), percentile (count_ms, 0.95),
          percentile (like_ms, 0.5),
          percentile (fts_rare, 0.5) > 0 ? percentile (like_rare, 0.5) / percentile (fts_rare, 0.5) : 0.0,
          percentile (fts_common, 0.5) > 0 ? percentile (like_common, 0.5) / percentile (fts_common, 0.5) : 0.0,
          open_ms, chain_rate, verify_rate);
  corpus_clear (&corpus);
  return VIGIL_CLI_EXIT_OK;

fail:
  vigil_cli_error ("%s", error ? error->message : "failed");
fail_quiet:
  corpus_clear (&corpus);
  return VIGIL_CLI_EXIT_FAILED;
}

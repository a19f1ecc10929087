/* vigil-language-detector.c: the language of a post, with Vigil's trigram
 * model (vigil-trigram-model.c) or libexttextcat
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "vigil-language-detector"

#include "config.h"

#include <string.h>
#include <unistd.h>
#include <glib/gstdio.h>
#include <glib/gi18n-lib.h>
#include <gio/gio.h>
#include <textcat.h>

#include "vigil-language-detector.h"
#include "vigil-trigram-model.h"

#ifndef VIGIL_TEXTCAT_DATA_DIR
#define VIGIL_TEXTCAT_DATA_DIR "/usr/share/libexttextcat"
#endif

/* textcat reads at most this much; a few hundred bytes suffice */
#define MAX_SAMPLE_BYTES 1024

/* libexttextcat only: recent answers, so a storm of copies of one post is
 * detected once (the trigram engine is faster than the lookup):
 * direct-mapped on a hash of the sample, which is kept to compare. */
#define CACHE_SLOTS 1024

/* The trigram engine answers only when the model knows at least one
 * trigram in this many of the text's. */
#define MIN_KNOWN_DIVISOR 3

typedef struct
{
  char       *sample;
  const char *lang;      /* interned, or NULL for "not clear" */
} CacheSlot;

struct _VigilLanguageDetector
{
  GObject     parent_instance;

  VigilLanguageEngine      engine;   /* TRIGRAMS or TEXTCAT, never AUTO */
  const VigilTrigramModel *model;    /* TRIGRAMS: the shared model */
  guint                    n_active;
  guint8                   active[VIGIL_TRIGRAM_MAX_LANGS];  /* model indices of langs */

  char       *conf_path;   /* kept for new pooled handles, removed in finalize */
  char       *data_dir;
  GStrv       langs;
  GMutex      lock;
  GPtrArray  *free_handles;
  GMutex      cache_lock;
  CacheSlot   cache[CACHE_SLOTS];
};

G_DEFINE_FINAL_TYPE (VigilLanguageDetector, vigil_language_detector, G_TYPE_OBJECT)

static const char * const default_langs[] = {
  "en", "fr", "de", "es", "it", "nl", "pt", "sv", "da", "nb", "fi", "pl", "ru", "tr", NULL
};

static void *
handle_new (VigilLanguageDetector *self)
{
  void *h = special_textcat_Init (self->conf_path, self->data_dir);

  if (h)
    textcat_SetProperty (h, TCPROP_UTF8AWARE, TC_TRUE);
  return h;
}

static void *
take_handle (VigilLanguageDetector *self)
{
  void *h = NULL;

  g_mutex_lock (&self->lock);
  if (self->free_handles->len > 0)
    h = g_ptr_array_steal_index_fast (self->free_handles, self->free_handles->len - 1);
  g_mutex_unlock (&self->lock);
  return h ? h : handle_new (self);
}

static void
give_handle (VigilLanguageDetector *self,
             void                  *h)
{
  g_mutex_lock (&self->lock);
  g_ptr_array_add (self->free_handles, h);
  g_mutex_unlock (&self->lock);
}

static void
vigil_language_detector_finalize (GObject *object)
{
  VigilLanguageDetector *self = VIGIL_LANGUAGE_DETECTOR (object);

  for (guint i = 0; i < self->free_handles->len; i++)
    textcat_Done (g_ptr_array_index (self->free_handles, i));
  g_ptr_array_unref (self->free_handles);
  if (self->conf_path)
    {
      g_unlink (self->conf_path);
      g_free (self->conf_path);
    }
  g_free (self->data_dir);
  g_strfreev (self->langs);
  g_mutex_clear (&self->lock);
  for (guint i = 0; i < CACHE_SLOTS; i++)
    g_free (self->cache[i].sample);
  g_mutex_clear (&self->cache_lock);
  G_OBJECT_CLASS (vigil_language_detector_parent_class)->finalize (object);
}

static void
vigil_language_detector_class_init (VigilLanguageDetectorClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = vigil_language_detector_finalize;
}

static void
vigil_language_detector_init (VigilLanguageDetector *self)
{
  g_mutex_init (&self->lock);
  g_mutex_init (&self->cache_lock);
  self->free_handles = g_ptr_array_new ();
}

static gboolean
is_lang_code (const char *s)
{
  gsize n = strlen (s);

  if (n < 2 || n > 3)
    return FALSE;
  for (gsize i = 0; i < n; i++)
    if (!g_ascii_islower (s[i]))
      return FALSE;
  return TRUE;
}

static gboolean
setup_textcat (VigilLanguageDetector  *self,
               GError                **error)
{
  g_autoptr(GString) conf = g_string_new ("# written by Vigil: the languages it detects\n");
  g_autoptr(GError) local_error = NULL;
  int fd;
  void *h;

  self->data_dir = g_strconcat (VIGIL_TEXTCAT_DATA_DIR, G_DIR_SEPARATOR_S, NULL);
  for (guint i = 0; self->langs[i]; i++)
    {
      g_autofree char *fp = g_strconcat (self->data_dir, self->langs[i], ".lm", NULL);

      if (!g_file_test (fp, G_FILE_TEST_IS_REGULAR))
        {
          g_set_error (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND,
                       _("No language fingerprint for '%s' (%s is missing; install libexttextcat-data)"),
                       self->langs[i], fp);
          return FALSE;
        }
      g_string_append_printf (conf, "%s.lm %s\n", self->langs[i], self->langs[i]);
    }

  fd = g_file_open_tmp ("vigil-textcat-XXXXXX.conf", &self->conf_path, &local_error);
  if (fd < 0)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED,
                   _("Cannot write the language detector's configuration: %s"), local_error->message);
      return FALSE;
    }
  close (fd);
  if (!g_file_set_contents (self->conf_path, conf->str, conf->len, &local_error))
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED,
                   _("Cannot write the language detector's configuration: %s"), local_error->message);
      return FALSE;
    }

  h = handle_new (self);
  if (!h)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED,
                   _("libexttextcat could not load its fingerprints from %s"), self->data_dir);
      return FALSE;
    }
  give_handle (self, h);
  return TRUE;
}

/* Uses the trigram model when it has every language; FALSE (without an
 * error) when it lacks one, with an error when the model is broken. */
static gboolean
setup_trigrams (VigilLanguageDetector  *self,
                gboolean                required,
                GError                **error)
{
  const VigilTrigramModel *model = _vigil_trigram_model_get_default ();

  if (!model)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED,
                   _("Vigil's language model is damaged; reinstall Vigil"));
      return FALSE;
    }
  self->n_active = 0;
  for (guint i = 0; self->langs[i]; i++)
    {
      int index = _vigil_trigram_model_find_lang (model, self->langs[i]);

      if (index < 0)
        {
          if (required)
            g_set_error (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND,
                         _("Vigil's language model does not know '%s'; use the libexttextcat engine for it"),
                         self->langs[i]);
          return FALSE;
        }
      /* a language listed twice counts once */
      if (memchr (self->active, index, self->n_active))
        continue;
      self->active[self->n_active++] = index;
    }
  self->model = model;
  self->engine = VIGIL_LANGUAGE_ENGINE_TRIGRAMS;
  return TRUE;
}

VigilLanguageDetector *
vigil_language_detector_new (const char * const  *langs,
                             GError             **error)
{
  return vigil_language_detector_new_with_engine (langs, VIGIL_LANGUAGE_ENGINE_AUTO, error);
}

VigilLanguageDetector *
vigil_language_detector_new_with_engine (const char * const   *langs,
                                         VigilLanguageEngine   engine,
                                         GError              **error)
{
  g_autoptr(VigilLanguageDetector) self = NULL;

  g_return_val_if_fail (!error || !*error, NULL);
  g_return_val_if_fail (engine <= VIGIL_LANGUAGE_ENGINE_TEXTCAT, NULL);

  self = g_object_new (VIGIL_TYPE_LANGUAGE_DETECTOR, NULL);
  self->langs = g_strdupv ((char **) (langs ? langs : default_langs));
  if (!self->langs[0])
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                   _("No language to detect was given"));
      return NULL;
    }
  for (guint i = 0; self->langs[i]; i++)
    {
      if (!is_lang_code (self->langs[i]))
        {
          g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                       _("'%s' is not a language code (expected two or three lower-case letters)"),
                       self->langs[i]);
          return NULL;
        }
      /* keep the interned string: detect() returns it */
      g_intern_string (self->langs[i]);
    }

  if (engine != VIGIL_LANGUAGE_ENGINE_TEXTCAT)
    {
      g_autoptr(GError) local_error = NULL;

      if (setup_trigrams (self, engine == VIGIL_LANGUAGE_ENGINE_TRIGRAMS, &local_error))
        return g_steal_pointer (&self);
      if (local_error)
        {
          g_propagate_error (error, g_steal_pointer (&local_error));
          return NULL;
        }
    }
  self->engine = VIGIL_LANGUAGE_ENGINE_TEXTCAT;
  if (!setup_textcat (self, error))
    return NULL;
  return g_steal_pointer (&self);
}

VigilLanguageEngine
vigil_language_detector_get_engine (VigilLanguageDetector *self)
{
  g_return_val_if_fail (VIGIL_IS_LANGUAGE_DETECTOR (self), VIGIL_LANGUAGE_ENGINE_AUTO);
  return self->engine;
}

const char * const *
vigil_language_detector_get_langs (VigilLanguageDetector *self)
{
  g_return_val_if_fail (VIGIL_IS_LANGUAGE_DETECTOR (self), NULL);
  return (const char * const *) self->langs;
}

/* Copies the words of text into out, leaving out URLs, @mentions and
 * #hashtags, which are not language; returns the number of letters. */
static guint
sample_text (const char *text,
             gsize       len,
             GString    *out)
{
  const char *p = text;
  const char *end = text + len;
  guint letters = 0;

  while (p < end && out->len < MAX_SAMPLE_BYTES)
    {
      const char *w = p;
      gboolean skip;

      while (w < end && g_ascii_isspace (*w))
        w++;
      p = w;
      while (p < end && !g_ascii_isspace (*p))
        p++;
      if (p == w)
        break;
      skip = *w == '@' || *w == '#'
             || g_ascii_strncasecmp (w, "http://", MIN (7, (gsize) (p - w))) == 0
             || g_ascii_strncasecmp (w, "https://", MIN (8, (gsize) (p - w))) == 0
             || g_ascii_strncasecmp (w, "www.", MIN (4, (gsize) (p - w))) == 0;
      if (skip && p - w >= 2)
        continue;
      for (const char *c = w; c < p; c = g_utf8_find_next_char (c, p) ? g_utf8_find_next_char (c, p) : p)
        {
          gunichar u = g_utf8_get_char_validated (c, p - c);

          if (u != (gunichar) -1 && u != (gunichar) -2 && g_unichar_isalpha (u))
            letters++;
        }
      if (out->len)
        g_string_append_c (out, ' ');
      g_string_append_len (out, w, p - w);
    }
  return letters;
}

static const char *
detect_trigrams (VigilLanguageDetector *self,
                 const char            *text,
                 gsize                  len)
{
  VigilTrigramScan scan;
  guint best;

  _vigil_trigram_model_scan (self->model, text, len, MAX_SAMPLE_BYTES, &scan);
  /* too short to tell, or mostly trigrams none of the languages has
   * (another script, another language): no guess rather than a wrong one */
  if (scan.letters < VIGIL_LANGUAGE_MIN_LETTERS || scan.known * MIN_KNOWN_DIVISOR < scan.trigrams)
    return NULL;
  best = self->active[0];
  for (guint i = 1; i < self->n_active; i++)
    if (scan.scores[self->active[i]] > scan.scores[best])
      best = self->active[i];
  return _vigil_trigram_model_get_lang (self->model, best);
}

const char *
vigil_language_detector_detect (VigilLanguageDetector *self,
                                const char            *text,
                                gssize                 len)
{
  g_autoptr(GString) sample = NULL;
  const char *result = NULL;
  const char *answer;
  guint slot;
  void *h;

  g_return_val_if_fail (VIGIL_IS_LANGUAGE_DETECTOR (self), NULL);
  g_return_val_if_fail (text, NULL);

  if (len < 0)
    len = strlen (text);
  if (self->engine == VIGIL_LANGUAGE_ENGINE_TRIGRAMS)
    return detect_trigrams (self, text, len);

  sample = g_string_sized_new (MIN ((gsize) len, MAX_SAMPLE_BYTES) + 8);
  if (sample_text (text, len, sample) < VIGIL_LANGUAGE_MIN_LETTERS)
    return NULL;
  if (!g_utf8_validate (sample->str, sample->len, NULL))
    {
      char *valid = g_utf8_make_valid (sample->str, sample->len);
      g_string_assign (sample, valid);
      g_free (valid);
    }

  /* a NUL would cut the sample short for the cache's comparisons */
  for (gsize i = 0; i < sample->len; i++)
    if (sample->str[i] == '\0')
      sample->str[i] = ' ';
  slot = g_str_hash (sample->str) % CACHE_SLOTS;
  g_mutex_lock (&self->cache_lock);
  if (self->cache[slot].sample && strcmp (self->cache[slot].sample, sample->str) == 0)
    {
      result = self->cache[slot].lang;
      g_mutex_unlock (&self->cache_lock);
      return result;
    }
  g_mutex_unlock (&self->cache_lock);

  h = take_handle (self);
  if (!h)
    return NULL;
  answer = textcat_Classify (h, sample->str, sample->len);
  /* a single candidate "[en]" is a clear answer; several ("[da][nb]"),
   * UNKNOWN or SHORT are not */
  if (answer && answer[0] == '[')
    {
      const char *close = strchr (answer, ']');

      if (close && close[1] == '\0')
        {
          g_autofree char *code = g_strndup (answer + 1, close - answer - 1);
          result = g_intern_string (code);
        }
    }
  give_handle (self, h);

  g_mutex_lock (&self->cache_lock);
  g_free (self->cache[slot].sample);
  self->cache[slot].sample = g_string_free (g_steal_pointer (&sample), FALSE);
  self->cache[slot].lang = result;
  g_mutex_unlock (&self->cache_lock);
  return result;
}

const char *
vigil_language_detector_detect_post (VigilLanguageDetector *self,
                                     const char            *platform_lang,
                                     const char            *text)
{
  g_return_val_if_fail (VIGIL_IS_LANGUAGE_DETECTOR (self), NULL);

  if (platform_lang && *platform_lang)
    {
      char primary[4];
      gsize n = 0;

      while (n < 3 && g_ascii_isalpha (platform_lang[n]))
        {
          primary[n] = g_ascii_tolower (platform_lang[n]);
          n++;
        }
      primary[n] = '\0';
      if (n >= 2 && (platform_lang[n] == '\0' || platform_lang[n] == '-' || platform_lang[n] == '_')
          && strcmp (primary, "und") != 0)
        return g_intern_string (primary);
    }
  return text ? vigil_language_detector_detect (self, text, -1) : NULL;
}

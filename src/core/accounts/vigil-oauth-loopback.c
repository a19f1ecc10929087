/* vigil-oauth-loopback.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "vigil-oauth-loopback"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <libsoup/soup.h>
#include <string.h>

#include "vigil-mastodon-oauth.h"
#include "vigil-oauth-loopback.h"

struct _VigilOAuthLoopback
{
  GObject     parent_instance;

  SoupServer *server;
  char       *redirect_uri;
  GTask      *waiting;       /* the pending wait, or NULL */
  char       *state;
  gulong      cancel_id;
};

G_DEFINE_FINAL_TYPE (VigilOAuthLoopback, vigil_oauth_loopback, G_TYPE_OBJECT)

static void
reply_page (SoupServerMessage *msg,
            guint              status,
            const char        *text)
{
  g_autofree char *escaped = g_markup_escape_text (text, -1);
  g_autofree char *page = g_strdup_printf ("<!DOCTYPE html><html><head><meta charset=\"utf-8\">"
                                           "<title>Vigil</title></head><body><p>%s</p></body></html>",
                                           escaped);

  soup_server_message_set_status (msg, status, NULL);
  soup_message_headers_replace (soup_server_message_get_response_headers (msg),
                                "Cache-Control", "no-store");
  soup_message_headers_replace (soup_server_message_get_response_headers (msg),
                                "Referrer-Policy", "no-referrer");
  soup_server_message_set_response (msg, "text/html; charset=utf-8", SOUP_MEMORY_COPY,
                                    page, strlen (page));
}

static void
finish_wait (VigilOAuthLoopback *self,
             char               *code,
             GError             *error)
{
  g_autoptr(GTask) task = g_steal_pointer (&self->waiting);

  if (task == NULL)
    return;
  if (self->cancel_id != 0)
    g_cancellable_disconnect (g_task_get_cancellable (task), self->cancel_id);
  self->cancel_id = 0;
  if (error != NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, code, g_free);
}

static void
on_callback_cb (SoupServer        *server,
                SoupServerMessage *msg,
                const char        *path,
                GHashTable        *query,
                gpointer           user_data)
{
  VigilOAuthLoopback *self = user_data;
  const char *state = query != NULL ? g_hash_table_lookup (query, "state") : NULL;
  const char *code = query != NULL ? g_hash_table_lookup (query, "code") : NULL;
  const char *err = query != NULL ? g_hash_table_lookup (query, "error") : NULL;

  if (g_strcmp0 (soup_server_message_get_method (msg), SOUP_METHOD_GET) != 0)
    {
      reply_page (msg, SOUP_STATUS_METHOD_NOT_ALLOWED, _("Only the sign-in redirect is answered here."));
      return;
    }
  if (self->waiting == NULL || self->state == NULL || g_strcmp0 (state, self->state) != 0)
    {
      reply_page (msg, SOUP_STATUS_BAD_REQUEST,
                  _("This sign-in link is not the one Vigil is waiting for. Start the sign-in again in Vigil."));
      return;
    }
  if (err != NULL)
    {
      reply_page (msg, SOUP_STATUS_OK, _("The sign-in was not approved. You can close this tab."));
      finish_wait (self, NULL,
                   g_error_new (VIGIL_MASTODON_OAUTH_ERROR, VIGIL_MASTODON_OAUTH_ERROR_REFUSED,
                                _("The instance did not authorise Vigil (%s)."),
                                g_utf8_validate (err, -1, NULL) && strlen (err) < 100 ? err : "error"));
      return;
    }
  if (code == NULL || *code == '\0' || strlen (code) > 512)
    {
      reply_page (msg, SOUP_STATUS_BAD_REQUEST, _("The redirect carried no authorisation code."));
      return;
    }
  reply_page (msg, SOUP_STATUS_OK, _("Vigil is signed in. You can close this tab and go back to Vigil."));
  finish_wait (self, g_strdup (code), NULL);
}

static void
vigil_oauth_loopback_dispose (GObject *object)
{
  VigilOAuthLoopback *self = (VigilOAuthLoopback *) object;

  if (self->waiting != NULL)
    finish_wait (self, NULL, g_error_new_literal (G_IO_ERROR, G_IO_ERROR_CANCELLED,
                                                  "The sign-in was closed"));
  if (self->server != NULL)
    soup_server_disconnect (self->server);
  g_clear_object (&self->server);
  G_OBJECT_CLASS (vigil_oauth_loopback_parent_class)->dispose (object);
}

static void
vigil_oauth_loopback_finalize (GObject *object)
{
  VigilOAuthLoopback *self = (VigilOAuthLoopback *) object;

  g_free (self->redirect_uri);
  g_free (self->state);
  G_OBJECT_CLASS (vigil_oauth_loopback_parent_class)->finalize (object);
}

static void
vigil_oauth_loopback_class_init (VigilOAuthLoopbackClass *klass)
{
  G_OBJECT_CLASS (klass)->dispose = vigil_oauth_loopback_dispose;
  G_OBJECT_CLASS (klass)->finalize = vigil_oauth_loopback_finalize;
}

static void
vigil_oauth_loopback_init (VigilOAuthLoopback *self)
{
}

VigilOAuthLoopback *
vigil_oauth_loopback_new (GError **error)
{
  g_autoptr(VigilOAuthLoopback) self = g_object_new (VIGIL_TYPE_OAUTH_LOOPBACK, NULL);
  g_autoptr(GInetAddress) loopback = g_inet_address_new_loopback (G_SOCKET_FAMILY_IPV4);
  g_autoptr(GSocketAddress) address = g_inet_socket_address_new (loopback, 0);
  GSList *uris;

  self->server = soup_server_new ("server-header", "Vigil", NULL);
  soup_server_add_handler (self->server, "/callback", on_callback_cb, self, NULL);
  if (!soup_server_listen (self->server, address, 0, error))
    return NULL;
  uris = soup_server_get_uris (self->server);
  if (uris == NULL)
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_FAILED, _("Could not listen on 127.0.0.1."));
      return NULL;
    }
  self->redirect_uri = g_strdup_printf ("http://127.0.0.1:%d/callback", g_uri_get_port (uris->data));
  g_slist_free_full (uris, (GDestroyNotify) g_uri_unref);
  return g_steal_pointer (&self);
}

const char *
vigil_oauth_loopback_get_redirect_uri (VigilOAuthLoopback *self)
{
  g_return_val_if_fail (VIGIL_IS_OAUTH_LOOPBACK (self), NULL);
  return self->redirect_uri;
}

static gboolean
cancel_idle_cb (gpointer user_data)
{
  VigilOAuthLoopback *self = user_data;

  if (self->waiting != NULL && g_task_return_error_if_cancelled (self->waiting))
    {
      GTask *task = g_steal_pointer (&self->waiting);

      if (self->cancel_id != 0)
        g_cancellable_disconnect (g_task_get_cancellable (task), self->cancel_id);
      self->cancel_id = 0;
      g_object_unref (task);
    }
  return G_SOURCE_REMOVE;
}

static void
on_wait_cancelled_cb (GCancellable *cancellable,
                      gpointer      user_data)
{
  /* never disconnect from inside the handler: finish from an idle */
  g_idle_add_full (G_PRIORITY_DEFAULT, cancel_idle_cb, g_object_ref (user_data), g_object_unref);
}

void
vigil_oauth_loopback_wait_async (VigilOAuthLoopback  *self,
                                 const char          *state,
                                 GCancellable        *cancellable,
                                 GAsyncReadyCallback  callback,
                                 gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;

  g_return_if_fail (VIGIL_IS_OAUTH_LOOPBACK (self));
  g_return_if_fail (state != NULL);

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, vigil_oauth_loopback_wait_async);
  if (self->waiting != NULL)
    {
      g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_PENDING, _("A sign-in is already waiting."));
      return;
    }
  g_free (self->state);
  self->state = g_strdup (state);
  self->waiting = g_steal_pointer (&task);
  if (cancellable != NULL)
    self->cancel_id = g_cancellable_connect (cancellable, G_CALLBACK (on_wait_cancelled_cb), self, NULL);
}

char *
vigil_oauth_loopback_wait_finish (VigilOAuthLoopback  *self,
                                  GAsyncResult        *result,
                                  GError             **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);
  return g_task_propagate_pointer (G_TASK (result), error);
}

/* vigil-template-pack.h: template packs as JSON (import, export, the default pack)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "vigil-template.h"

G_BEGIN_DECLS

/* A pack: {"format": "vigil-template-pack", "version": 1, "name": "…",
 *          "templates": [ template, … ]}  (see data/templates/README.md) */
#define VIGIL_TEMPLATE_PACK_FORMAT     "vigil-template-pack"
#define VIGIL_TEMPLATE_PACK_MAX_BYTES  (8 * 1024 * 1024)
#define VIGIL_TEMPLATE_PACK_MAX_ITEMS  2000
#define VIGIL_TEMPLATE_PACK_MAX_DEPTH  16
#define VIGIL_TEMPLATE_DEFAULT_PACKS   "/io/github/vigilapp/Vigil/data/templates/packs"

/* Parses and validates a whole pack: every template or none. name (a file
 * name) goes into the message, which also says which template is at fault.
 * Returns VigilTemplate drafts (revision 0). Two templates with one id
 * are an error. */
GPtrArray *vigil_template_pack_parse     (GBytes      *data,
                                          const char  *name,
                                          GError     **error);
/* The pack as pretty-printed JSON text. */
char      *vigil_template_pack_serialize (GPtrArray   *templates,
                                          const char  *pack_name,
                                          gboolean     with_history);
/* The packs shipped with Vigil (compiled into the GResource), as one array. */
GPtrArray *vigil_template_pack_load_default (GError  **error);

G_END_DECLS

/* vigil-alert-private.h: how the monitor fills a VigilAlert
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "vigil-alert.h"
#include "vigil-spike-detector.h"

G_BEGIN_DECLS

VigilAlert *_vigil_alert_new    (const char            *watch,
                                 VigilAlertWindow       window,
                                 gint64                 window_us);
/* A spike window started or updated the alert. */
void        _vigil_alert_update (VigilAlert            *self,
                                 const VigilSpikeAlert *spike,
                                 double                 negative_share);
/* The spike is over. */
void        _vigil_alert_end    (VigilAlert            *self,
                                 gint64                 end_us);

G_END_DECLS

/* vigil-cli-redact.h: vigil-cli redact, and its benchmark
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

int vigil_cli_redact       (int argc, char **argv);
int vigil_cli_bench_redact (int argc, char **argv);
int vigil_cli_dossier      (int argc, char **argv);

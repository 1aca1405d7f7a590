// SPDX-License-Identifier: GPL-2.0 OR Linux-OpenIB
/*
 * libFuzzer: the model's frame parser on any bytes.  The input is the
 * frame; the parser must stay inside it and say it parsed no more than it
 * holds.
 */
#include <stdlib.h>

#include "providers/sim/sim.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	uint8_t match[512];

	if (sim_frame_parse(data, size, match) > size)
		abort();
	return 0;
}

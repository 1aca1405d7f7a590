// SPDX-License-Identifier: GPL-2.0 OR Linux-OpenIB
/*
 * libFuzzer: hwsctl's capture reader on any bytes as the file, and the
 * model's parser on every frame it gives.  A frame comes out whole or the
 * reader says why not; the reasons go to stderr, which libFuzzer closes.
 */
#include <stdio.h>
#include <stdlib.h>

#include "capture.h"
#include "providers/sim/sim.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct capture_in *c;
	const uint8_t *frame;
	uint8_t match[512];
	struct timeval ts;
	uint32_t len;
	FILE *f;

	if (!size)
		return 0;
	f = fmemopen((void *)data, size, "rb");
	if (!f)
		return 0;
	c = capture_open_stream(f, "fuzz");
	if (!c)
		return 0;
	while (capture_next(c, &frame, &len, &ts) > 0)
		if (sim_frame_parse(frame, len, match) > len)
			abort();
	capture_close(c);
	return 0;
}

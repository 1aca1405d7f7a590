// SPDX-License-Identifier: GPL-2.0 OR Linux-OpenIB
/*
 * libFuzzer: the rule-file interpreter of hwsctl apply, on the device
 * model, as if the input were the file.  An input of odd length also
 * writes the steering dump, to /dev/null.
 */
#include <stdio.h>

#include "hwsctl.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	FILE *f;

	if (!size)
		return 0;
	f = fmemopen((void *)data, size, "r");
	if (!f)
		return 0;
	hwsctl_apply_stream(f, "fuzz", "sim:nic=fuzz_rules",
			    size & 1 ? "/dev/null" : NULL, true, NULL);
	fclose(f);
	return 0;
}

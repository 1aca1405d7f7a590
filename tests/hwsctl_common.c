// SPDX-License-Identifier: GPL-2.0 OR Linux-OpenIB
/* Running hwsctl, and the example rule file, for the hwsctl suites. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "hwsctl_common.h"

const char *via_device(void)
{
	return getenv("HWS_TEST_DEVICE");
}

int hwsctl(char *out, const char *args)
{
	static const char *const device_cmds[] = { "caps", "apply", "dump",
						   "bench" };
	const char *preload = getenv("HWS_TEST_PRELOAD");
	char cmd[1024], device[64] = "";
	size_t i;

	for (i = 0; via_device() && i < 4; i++)
		if (!strncmp(args, device_cmds[i], strlen(device_cmds[i])) &&
		    !strstr(args, "-d ") && !strstr(args, "--device"))
			snprintf(device, sizeof(device), "--device %s ",
				 via_device());
	i = strcspn(args, " ");
	snprintf(cmd, sizeof(cmd), "%s%s %s %.*s %s%s",
		 via_device() && preload ? "LD_PRELOAD=" : "",
		 via_device() && preload ? preload : "", HWSCTL, (int)i, args,
		 device, args + i);
	return t_command(out, OUT_MAX, cmd);
}

void example_without_packets(char *path)
{
	FILE *in = fopen(EXAMPLE_RULES, "r");
	FILE *f = fdopen(mkstemp(path), "w");
	char line[4096];

	ck_assert_ptr_nonnull(in);
	ck_assert_ptr_nonnull(f);
	while (fgets(line, sizeof(line), in))
		if (strncmp(line, "packet ", 7))
			fputs(line, f);
	fclose(in);
	fclose(f);
}

// SPDX-License-Identifier: GPL-2.0 OR Linux-OpenIB
/*
 * The model's command entry.  Firmware reads a command from a mailbox and
 * writes its answer into one, never the caller's memory in place: the
 * command is copied into an aligned inbox, and the outbox back out, so that
 * buffers at any address and of any length are taken.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "sim_internal.h"

int sim_mailbox_exec(struct sim_ctx *ctx, enum sim_path path,
		     struct sim_obj *target, const void *in, size_t inlen,
		     void *out, size_t outlen, struct sim_obj **created)
{
	void *inbox, *outbox;
	int err;

	if (!in || !out || inlen < 8 || outlen < 8)
		return EINVAL;
	/* malloc() aligns for any PRM field */
	inbox = malloc(inlen);
	outbox = malloc(outlen);
	if (!inbox || !outbox) {
		err = ENOMEM;
		goto out;
	}
	memcpy(inbox, in, inlen);
	err = sim_exec(ctx, path, target, inbox, inlen, outbox, outlen,
		       created);
	memcpy(out, outbox, outlen);
out:
	free(inbox);
	free(outbox);
	return err;
}

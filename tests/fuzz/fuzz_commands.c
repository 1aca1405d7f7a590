// SPDX-License-Identifier: GPL-2.0 OR Linux-OpenIB
/*
 * libFuzzer: the model's command decoder, through the provider seam.  An
 * input is a sequence of seam calls (fuzz.h); the seeds are the calls
 * libhws makes (record_seeds).  Every input runs on a fresh model NIC, and
 * every buffer is exactly as long as the call says, so that a read or
 * write past it is caught.
 */
#include <stdlib.h>
#include <string.h>

#include "fuzz.h"
#include "providers/provider.h"

#define COMMANDS_MAX_OUT 8192
#define COMMANDS_MAX_UMEM_PAGES 256
#define COMMANDS_MAX_HANDLES 256

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

struct commands {
	struct hws_dev *dev;
	struct hws_devx_obj *objs[COMMANDS_MAX_HANDLES];
	struct hws_umem *umems[COMMANDS_MAX_HANDLES];
	void *umem_mem[COMMANDS_MAX_HANDLES];
	struct hws_uar *uars[COMMANDS_MAX_HANDLES];
	unsigned int nobjs, numems, nuars;
};

static void commands_umem_reg(struct commands *c, uint16_t arg)
{
	size_t pages =
		(arg & (FUZZ_UMEM_ACCESS - 1)) % COMMANDS_MAX_UMEM_PAGES + 1;
	uint32_t access = arg & FUZZ_UMEM_ACCESS ? HWS_UMEM_ACCESS_LOCAL_WRITE :
						   0;
	struct hws_umem *umem;
	uint32_t id;
	void *mem;

	if (c->numems == COMMANDS_MAX_HANDLES)
		return;
	mem = aligned_alloc(4096, pages * 4096);
	if (!mem)
		return;
	memset(mem, 0, pages * 4096);
	umem = c->dev->ops->umem_reg(c->dev, mem, pages * 4096, access, &id);
	if (!umem) {
		free(mem);
		return;
	}
	c->umem_mem[c->numems] = mem;
	c->umems[c->numems++] = umem;
}

static void commands_call(struct commands *c, const struct fuzz_rec *r,
			  const uint8_t *cmd)
{
	const struct hws_provider_ops *ops = c->dev->ops;
	size_t outlen = r->outlen % (COMMANDS_MAX_OUT + 1);
	uint8_t *in = malloc(r->inlen ? r->inlen : 1);
	uint8_t *out = malloc(outlen ? outlen : 1);
	struct hws_devx_obj *obj = c->objs[r->index];
	struct hws_uar *uar;
	uint32_t id;

	if (!in || !out)
		goto out;
	memcpy(in, cmd, r->inlen);
	switch (r->op % FUZZ_OP_MAX) {
	case FUZZ_OP_GENERAL:
		ops->general_cmd(c->dev, in, r->inlen, out, outlen);
		break;
	case FUZZ_OP_CREATE:
		obj = ops->obj_create(c->dev, in, r->inlen, out, outlen);
		if (obj && c->nobjs < COMMANDS_MAX_HANDLES)
			c->objs[c->nobjs++] = obj;
		break;
	case FUZZ_OP_MODIFY:
		if (obj)
			ops->obj_modify(obj, in, r->inlen, out, outlen);
		break;
	case FUZZ_OP_QUERY:
		if (obj)
			ops->obj_query(obj, in, r->inlen, out, outlen);
		break;
	case FUZZ_OP_DESTROY:
		if (obj && !ops->obj_destroy(obj))
			c->objs[r->index] = NULL;
		break;
	case FUZZ_OP_UMEM_REG:
		commands_umem_reg(c, r->arg);
		break;
	case FUZZ_OP_UMEM_DEREG:
		if (c->umems[r->index] && !ops->umem_dereg(c->umems[r->index]))
			c->umems[r->index] = NULL;
		break;
	case FUZZ_OP_UAR_ALLOC:
		uar = ops->uar_alloc(c->dev, &id);
		if (uar && c->nuars < COMMANDS_MAX_HANDLES)
			c->uars[c->nuars++] = uar;
		break;
	case FUZZ_OP_UAR_FREE:
		if (c->uars[r->index])
			ops->uar_free(c->uars[r->index]);
		c->uars[r->index] = NULL;
		break;
	default:
		ops->query_eqn(c->dev, r->arg, &id);
		break;
	}
out:
	free(in);
	free(out);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct commands *c = calloc(1, sizeof(*c));
	struct fuzz_rec r;
	char why[256];
	unsigned int i;

	if (!c)
		return 0;
	c->dev = hws_dev_open("sim:nic=fuzz_commands", why, sizeof(why));
	if (!c->dev) {
		free(c);
		return 0;
	}
	while (size >= FUZZ_REC_SIZE) {
		fuzz_rec_get(&r, data);
		data += FUZZ_REC_SIZE;
		size -= FUZZ_REC_SIZE;
		if (r.inlen > size)
			r.inlen = size;
		commands_call(c, &r, data);
		data += r.inlen;
		size -= r.inlen;
	}
	/* the close reaps what the input left, as the kernel does */
	hws_dev_close(c->dev);
	for (i = 0; i < c->numems; i++)
		free(c->umem_mem[i]);
	free(c);
	return 0;
}

// SPDX-License-Identifier: GPL-2.0 OR Linux-OpenIB
/*
 * The GENEVE option the device parses: a GENEVE_TLV_OPT object, whose first
 * data word the flex parser puts where flex_parser_id_geneve_tlv_option_0
 * says.  The device, like the kernel's mlx5_geneve, keeps one at a time.
 */
#include <errno.h>

#include "context.h"

/* The option data length field is 5 bits, in 4-byte words. */
#define HWS_GENEVE_OPT_MAX_LEN 31

struct mlx5hws_geneve_opt *
mlx5hws_geneve_opt_create(struct mlx5hws_context *ctx,
			  const struct mlx5hws_geneve_opt_attr *attr)
{
	struct mlx5hws_geneve_opt *opt;
	int err;

	if (!ctx || !attr) {
		errno = EINVAL;
		return NULL;
	}
	if (attr->comp_mask) {
		hws_err("GENEVE option: unknown comp_mask 0x%llx",
			(unsigned long long)attr->comp_mask);
		errno = EINVAL;
		return NULL;
	}
	if (!attr->data_len || attr->data_len > HWS_GENEVE_OPT_MAX_LEN) {
		hws_err("GENEVE option 0x%x/%u: data length %u words, 1..%u expected",
			attr->option_class, attr->option_type, attr->data_len,
			HWS_GENEVE_OPT_MAX_LEN);
		errno = EINVAL;
		return NULL;
	}
	if (!(ctx->match_caps.flex_parser_protocols &
	      MLX5_FLEX_PARSER_GENEVE_TLV_OPTION_0_ENABLED)) {
		hws_err("GENEVE option: the device has no GENEVE option parser (flex_parser_protocols 0x%x lacks 0x%x)",
			ctx->match_caps.flex_parser_protocols,
			MLX5_FLEX_PARSER_GENEVE_TLV_OPTION_0_ENABLED);
		errno = EOPNOTSUPP;
		return NULL;
	}
	opt = hws_zalloc(&ctx->mem, sizeof(*opt));
	if (!opt) {
		errno = ENOMEM;
		return NULL;
	}
	opt->ctx = ctx;
	pthread_mutex_lock(&ctx->ctrl_lock);
	if (ctx->geneve_opt) {
		pthread_mutex_unlock(&ctx->ctrl_lock);
		hws_err("GENEVE option 0x%x/%u: the device parses one option, and this context has one",
			attr->option_class, attr->option_type);
		hws_free(&ctx->mem, opt);
		errno = EBUSY;
		return NULL;
	}
	err = hws_cmd_geneve_opt_create(ctx->dev, attr->option_class,
					attr->option_type, attr->data_len,
					&opt->obj);
	if (!err)
		ctx->geneve_opt = opt;
	pthread_mutex_unlock(&ctx->ctrl_lock);
	if (err) {
		hws_free(&ctx->mem, opt);
		errno = err;
		return NULL;
	}
	return opt;
}

int mlx5hws_geneve_opt_destroy(struct mlx5hws_geneve_opt *opt)
{
	struct mlx5hws_context *ctx;
	int err;

	if (!opt)
		return EINVAL;
	ctx = opt->ctx;
	pthread_mutex_lock(&ctx->ctrl_lock);
	err = hws_cmd_destroy(&opt->obj);
	if (!err)
		ctx->geneve_opt = NULL;
	pthread_mutex_unlock(&ctx->ctrl_lock);
	if (!err)
		hws_free(&ctx->mem, opt);
	return err;
}

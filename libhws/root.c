// SPDX-License-Identifier: GPL-2.0 OR Linux-OpenIB
/* Root tables (level 0): matchers and rules through the seam's verbs calls. */
#include <errno.h>
#include <string.h>

#include "root.h"

static const char *const hws_root_type_names[] = {
	[HWS_DOMAIN_NIC_RX] = "NIC RX",
	[HWS_DOMAIN_NIC_TX] = "NIC TX",
	[HWS_DOMAIN_FDB] = "FDB",
};

/* The uAPI ft_type of a domain: the same order as ours. */
static uint8_t hws_root_ft_type(enum hws_domain domain)
{
	return domain == HWS_DOMAIN_NIC_RX ? HWS_ROOT_FT_NIC_RX :
	       domain == HWS_DOMAIN_NIC_TX ? HWS_ROOT_FT_NIC_TX :
					     HWS_ROOT_FT_FDB;
}

int hws_root_matcher_create(struct mlx5hws_table *tbl, uint32_t priority,
			    const struct hws_definer *def, uint8_t criteria,
			    struct hws_root_matcher **out)
{
	struct hws_dev *dev = tbl->ctx->dev;
	struct hws_root_matcher_attr attr = {
		.ft_type = hws_root_ft_type(tbl->domain),
		.priority = priority,
		.match_criteria_enable = criteria,
		.mask = def->fte_mask,
		.mask_sz = def->param_sz,
	};

	if (!dev->ops->root_matcher_create) {
		hws_err("root matcher: the device %s offers no root tables",
			dev->name);
		return EOPNOTSUPP;
	}
	if (priority > HWS_ROOT_PRIO_MAX) {
		hws_err("root matcher: priority %u outside 0..%u", priority,
			HWS_ROOT_PRIO_MAX);
		return EINVAL;
	}
	*out = dev->ops->root_matcher_create(dev, &attr);
	if (!*out) {
		int err = errno ? errno : EIO;

		hws_err("root matcher: the kernel refused a %s matcher of priority %u, criteria 0x%x: %s",
			hws_root_type_names[tbl->domain], priority, criteria,
			strerror(err));
		return err;
	}
	return 0;
}

int hws_root_matcher_destroy(struct mlx5hws_context *ctx,
			     struct hws_root_matcher *m)
{
	int err = ctx->dev->ops->root_matcher_destroy(m);

	if (err)
		hws_err("root matcher: destroy failed: %s", strerror(err));
	return err;
}

/* One action of a rule as the seam names it. */
static int hws_root_action(struct mlx5hws_table *tbl,
			   const struct mlx5hws_rule_action *ra,
			   struct hws_root_action *a)
{
	const struct mlx5hws_action *action = ra->action;

	if (!action || action->ctx != tbl->ctx ||
	    !(action->flags & (1u << tbl->domain))) {
		hws_err("root rule: an action is missing, of another context, or not made for %s tables",
			hws_root_type_names[tbl->domain]);
		return EINVAL;
	}
	memset(a, 0, sizeof(*a));
	switch (action->type) {
	case MLX5HWS_ACTION_TYP_TBL:
		a->type = HWS_ROOT_ACTION_DEST_FT;
		a->obj = action->tbl->ft.devx;
		return 0;
	case MLX5HWS_ACTION_TYP_TIR:
		a->type = HWS_ROOT_ACTION_DEST_TIR;
		a->value = action->tirn;
		return 0;
	case MLX5HWS_ACTION_TYP_DROP:
		a->type = HWS_ROOT_ACTION_DROP;
		return 0;
	case MLX5HWS_ACTION_TYP_CTR:
		if (ra->counter.offset >= action->counter.size) {
			hws_err("root rule: counter offset %u of a bulk of %u",
				ra->counter.offset, action->counter.size);
			return EINVAL;
		}
		a->type = HWS_ROOT_ACTION_COUNTER;
		a->obj = action->counter.obj.devx;
		a->value = ra->counter.offset;
		return 0;
	case MLX5HWS_ACTION_TYP_TAG:
		if (tbl->domain != HWS_DOMAIN_NIC_RX) {
			hws_err("root rule: a tag only on NIC RX");
			return EOPNOTSUPP;
		}
		a->type = HWS_ROOT_ACTION_TAG;
		a->value = ra->tag.value;
		return 0;
	default:
		hws_err("root rule: a %s action is not offered on a root table (go to table or TIR, drop, counter, tag)",
			hws_action_type_name(action->type));
		return EOPNOTSUPP;
	}
}

int hws_root_rule_create(struct mlx5hws_table *tbl, struct hws_root_matcher *m,
			 const struct hws_definer *def, const uint32_t *value,
			 const struct mlx5hws_action_template *at,
			 const struct mlx5hws_rule_action rule_actions[],
			 struct hws_root_rule **out)
{
	struct hws_root_action acts[HWS_AT_MAX_ACTIONS];
	struct hws_root_rule_attr attr = {
		.value = value,
		.value_sz = def->param_sz,
		.num_actions = at->num,
		.actions = acts,
	};
	uint8_t tag[PRM_JUMBO_TAG_SIZE];
	struct hws_dev *dev = tbl->ctx->dev;
	unsigned int i;
	int err;

	/* the values must lie in the mask, as the kernel requires */
	err = hws_definer_tag(tbl->ctx, def, (const uint8_t *)value, tag);
	if (err)
		return err;
	if (at->num && !rule_actions)
		return EINVAL;
	for (i = 0; i < at->num; i++) {
		if (rule_actions[i].action &&
		    rule_actions[i].action->type != at->types[i]) {
			hws_err("root rule: action %u does not follow the template",
				i);
			return EINVAL;
		}
		err = hws_root_action(tbl, &rule_actions[i], &acts[i]);
		if (err)
			return err;
	}
	*out = dev->ops->root_rule_create(m, &attr);
	if (!*out) {
		err = errno ? errno : EIO;
		hws_err("root rule: the kernel refused a %s rule of %u actions: %s",
			hws_root_type_names[tbl->domain], at->num,
			strerror(err));
		return err;
	}
	return 0;
}

int hws_root_rule_destroy(struct mlx5hws_context *ctx, struct hws_root_rule *r)
{
	int err = ctx->dev->ops->root_rule_destroy(r);

	if (err)
		hws_err("root rule: destroy failed: %s", strerror(err));
	return err;
}

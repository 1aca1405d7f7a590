// SPDX-License-Identifier: GPL-2.0 OR Linux-OpenIB
/* Action templates: the kernel's action order, and where each action runs. */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "action.h"

/*
 * The order a template must follow: each position takes the types listed,
 * at most once, and positions are visited once, in order.  It allows two
 * pops and two pushes, and a second modify header after counter and tag.
 */
#define HWS_AT_BIT(t) (1u << MLX5HWS_ACTION_TYP_##t)

static const uint32_t hws_action_template_order[] = {
	HWS_AT_BIT(REMOVE_HEADER) | HWS_AT_BIT(REFORMAT_TNL_L2_TO_L2) |
		HWS_AT_BIT(REFORMAT_TNL_L3_TO_L2),
	HWS_AT_BIT(POP_VLAN),
	HWS_AT_BIT(POP_VLAN),
	HWS_AT_BIT(MODIFY_HDR),
	HWS_AT_BIT(PUSH_VLAN),
	HWS_AT_BIT(PUSH_VLAN),
	HWS_AT_BIT(INSERT_HEADER) | HWS_AT_BIT(REFORMAT_L2_TO_TNL_L2) |
		HWS_AT_BIT(REFORMAT_L2_TO_TNL_L3),
	HWS_AT_BIT(CTR),
	HWS_AT_BIT(TAG),
	HWS_AT_BIT(MODIFY_HDR),
	HWS_AT_BIT(DROP) | HWS_AT_BIT(MISS) | HWS_AT_BIT(TBL) |
		HWS_AT_BIT(VPORT) | HWS_AT_BIT(TIR) | HWS_AT_BIT(DEST_ARRAY),
};

#define HWS_AT_TERMINAL                                          \
	(HWS_AT_BIT(DROP) | HWS_AT_BIT(MISS) | HWS_AT_BIT(TBL) | \
	 HWS_AT_BIT(VPORT) | HWS_AT_BIT(TIR) | HWS_AT_BIT(DEST_ARRAY))

/* Returns the index of the first action out of place, or num. */
static unsigned int
hws_action_template_check_order(const enum mlx5hws_action_type types[],
				unsigned int num)
{
	unsigned int pos, i = 0;

	for (pos = 0;
	     pos < HWS_ARRAY_SIZE(hws_action_template_order) && i < num; pos++)
		if (hws_action_template_order[pos] & (1u << types[i]))
			i++;
	return i;
}

/*
 * What a setter (the actions of one STE) already holds: its slots, and
 * what kind of edit sits in them, since some edits cannot share an STE.
 */
enum hws_setter_use {
	HWS_USE_REMOVE = 1 << 4,
	HWS_USE_MODIFY = 1 << 5,
	HWS_USE_INSERT = 1 << 6,
};

struct hws_action_fit {
	uint8_t slots; /* HWS_SLOT_* it takes */
	uint8_t uses; /* HWS_USE_* it adds */
	uint8_t blocked; /* a setter holding any of these cannot take it */
	bool from_first; /* searched from the first STE, not the last used */
};

static struct hws_action_fit hws_action_template_fit(enum mlx5hws_action_type t)
{
	const uint8_t single = HWS_SLOT_SINGLE, dbl = HWS_SLOT_DOUBLE;

	switch (t) {
	case MLX5HWS_ACTION_TYP_CTR:
		return (struct hws_action_fit){ HWS_SLOT_CTR, 0, HWS_SLOT_CTR,
						true };
	case MLX5HWS_ACTION_TYP_TAG:
		return (struct hws_action_fit){ single, 0, single, true };
	case MLX5HWS_ACTION_TYP_POP_VLAN:
		return (struct hws_action_fit){ single, HWS_USE_REMOVE,
						single | HWS_USE_MODIFY |
							HWS_USE_INSERT,
						false };
	case MLX5HWS_ACTION_TYP_REMOVE_HEADER:
	case MLX5HWS_ACTION_TYP_REFORMAT_TNL_L2_TO_L2:
		return (struct hws_action_fit){ single, HWS_USE_REMOVE,
						single | HWS_USE_MODIFY,
						false };
	case MLX5HWS_ACTION_TYP_MODIFY_HDR:
	case MLX5HWS_ACTION_TYP_REFORMAT_TNL_L3_TO_L2:
		return (struct hws_action_fit){ dbl, HWS_USE_MODIFY,
						dbl | HWS_USE_REMOVE, false };
	case MLX5HWS_ACTION_TYP_PUSH_VLAN:
	case MLX5HWS_ACTION_TYP_INSERT_HEADER:
	case MLX5HWS_ACTION_TYP_REFORMAT_L2_TO_TNL_L2:
		return (struct hws_action_fit){ dbl, HWS_USE_INSERT,
						dbl | HWS_USE_REMOVE, false };
	case MLX5HWS_ACTION_TYP_REFORMAT_L2_TO_TNL_L3:
		/* removes the L2 header in DW5, inserts the tunnel in DW6 */
		return (struct hws_action_fit){ single | dbl,
						HWS_USE_REMOVE | HWS_USE_INSERT,
						single | dbl, false };
	default:
		return (struct hws_action_fit){ HWS_SLOT_HIT, 0, HWS_SLOT_HIT,
						false };
	}
}

/*
 * Place each action in the first STE, from the last one used, that can take
 * it (the kernel's rule); the terminal action goes to the last STE.  A
 * second pop directly after a first one shares its STE and slot: the pair
 * becomes one removal of both VLANs.  Returns EINVAL past HWS_AT_MAX_STES.
 */
static int hws_action_template_place(struct mlx5hws_action_template *at)
{
	uint8_t held[HWS_AT_MAX_STES] = { 0 }, last = 0, k, i;

	for (i = 0; i < at->num; i++) {
		struct hws_action_fit fit =
			hws_action_template_fit(at->types[i]);

		if (at->types[i] == MLX5HWS_ACTION_TYP_POP_VLAN && i &&
		    at->types[i - 1] == MLX5HWS_ACTION_TYP_POP_VLAN) {
			at->place[i] =
				(struct hws_action_place){ at->place[i - 1].ste,
							   0 };
			continue;
		}
		if (fit.slots == HWS_SLOT_HIT)
			k = last;
		else
			for (k = fit.from_first ? 0 : last;
			     k < HWS_AT_MAX_STES && held[k] & fit.blocked; k++)
				;
		if (k == HWS_AT_MAX_STES)
			return EINVAL;
		held[k] |= fit.slots | fit.uses;
		at->place[i] = (struct hws_action_place){ k, fit.slots };
		if (k > last)
			last = k;
	}
	at->num_stes = last + 1;
	at->only_term = !(held[0] & ~(HWS_SLOT_CTR | HWS_SLOT_HIT)) &&
			at->num_stes == 1;
	return 0;
}

struct mlx5hws_action_template *
mlx5hws_action_template_create(const enum mlx5hws_action_type types[],
			       unsigned int num)
{
	struct mlx5hws_action_template *at;
	unsigned int i;

	if (num > HWS_AT_MAX_ACTIONS || (num && !types)) {
		hws_err("action template: %u actions, at most %d", num,
			HWS_AT_MAX_ACTIONS);
		errno = EINVAL;
		return NULL;
	}
	for (i = 0; i < num; i++) {
		if (types[i] >= MLX5HWS_ACTION_TYP_MAX) {
			hws_err("action template: unknown action type %d",
				types[i]);
			errno = EOPNOTSUPP;
			return NULL;
		}
		if (i + 1 < num && HWS_AT_TERMINAL & (1u << types[i])) {
			hws_err("action template: %s (action %u) ends a rule's actions; it must be the last",
				hws_action_type_name(types[i]), i);
			errno = EINVAL;
			return NULL;
		}
	}
	i = hws_action_template_check_order(types, num);
	if (i < num) {
		hws_err("action template: %s (action %u) is out of place; the order is decap or remove header, pop VLAN x2, modify header, push VLAN x2, encap or insert header, counter, tag, modify header, then one destination",
			hws_action_type_name(types[i]), i);
		errno = EINVAL;
		return NULL;
	}
	at = calloc(1, sizeof(*at));
	if (!at) {
		errno = ENOMEM;
		return NULL;
	}
	if (num)
		memcpy(at->types, types, num * sizeof(*types));
	at->num = num;
	if (hws_action_template_place(at)) {
		hws_err("action template: its %u actions need more than %d STEs",
			num, HWS_AT_MAX_STES);
		free(at);
		errno = EINVAL;
		return NULL;
	}
	return at;
}

int mlx5hws_action_template_destroy(struct mlx5hws_action_template *at)
{
	if (!at)
		return EINVAL;
	if (__atomic_load_n(&at->users, __ATOMIC_ACQUIRE)) {
		hws_err("action template is used by a matcher");
		return EBUSY;
	}
	free(at);
	return 0;
}

uint8_t hws_action_template_num_stes(const struct mlx5hws_action_template *at,
				     bool jumbo)
{
	return at->num_stes + (jumbo && !at->only_term);
}

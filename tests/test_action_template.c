// SPDX-License-Identifier: GPL-2.0 OR Linux-OpenIB
/* Action templates: the kernel's order, and where each action runs. */
#include <errno.h>

#include "helpers.h"
#include "../libhws/action.h"

#define T(x) MLX5HWS_ACTION_TYP_##x

static struct mlx5hws_action_template *
make(const enum mlx5hws_action_type *types, unsigned int n)
{
	return mlx5hws_action_template_create(types, n);
}

#define ACCEPTED(...)                                                  \
	do {                                                           \
		const enum mlx5hws_action_type t_[] = { __VA_ARGS__ }; \
		struct mlx5hws_action_template *at_ =                  \
			make(t_, HWS_ARRAY_SIZE(t_));                  \
		ck_assert_msg(at_, "refused: %s", #__VA_ARGS__);       \
		mlx5hws_action_template_destroy(at_);                  \
	} while (0)

#define REFUSED(...)                                                         \
	do {                                                                 \
		const enum mlx5hws_action_type t_[] = { __VA_ARGS__ };       \
		errno = 0;                                                   \
		ck_assert_msg(!make(t_, HWS_ARRAY_SIZE(t_)), "accepted: %s", \
			      #__VA_ARGS__);                                 \
		ck_assert_int_eq(errno, EINVAL);                             \
	} while (0)

START_TEST(test_kernel_order_accepted)
{
	ACCEPTED(T(CTR), T(TAG), T(DROP));
	ACCEPTED(T(REFORMAT_TNL_L2_TO_L2), T(POP_VLAN), T(POP_VLAN),
		 T(MODIFY_HDR), T(PUSH_VLAN), T(PUSH_VLAN),
		 T(REFORMAT_L2_TO_TNL_L2), T(CTR), T(TAG), T(MODIFY_HDR),
		 T(VPORT));
	ACCEPTED(T(REFORMAT_TNL_L3_TO_L2), T(MODIFY_HDR), T(TBL));
	ACCEPTED(T(REMOVE_HEADER), T(INSERT_HEADER), T(DEST_ARRAY));
	ACCEPTED(T(MODIFY_HDR), T(REFORMAT_L2_TO_TNL_L3), T(CTR), T(TIR));
	ACCEPTED(T(CTR), T(MODIFY_HDR), T(MISS));
	ACCEPTED(T(POP_VLAN));
}
END_TEST

/* One case for each rule of the kernel's order. */
START_TEST(test_kernel_order_refused)
{
	/* 1: decap, then remove header, not both, not after a pop */
	REFUSED(T(REFORMAT_TNL_L2_TO_L2), T(REMOVE_HEADER), T(DROP));
	REFUSED(T(POP_VLAN), T(REFORMAT_TNL_L2_TO_L2), T(DROP));
	/* 2: pop VLAN x2, then modify header */
	REFUSED(T(POP_VLAN), T(POP_VLAN), T(POP_VLAN), T(DROP));
	REFUSED(T(MODIFY_HDR), T(POP_VLAN), T(DROP));
	/* 3: push VLAN x2, then encap */
	REFUSED(T(PUSH_VLAN), T(PUSH_VLAN), T(PUSH_VLAN), T(DROP));
	REFUSED(T(REFORMAT_L2_TO_TNL_L2), T(PUSH_VLAN), T(DROP));
	REFUSED(T(PUSH_VLAN), T(MODIFY_HDR), T(POP_VLAN), T(DROP));
	REFUSED(T(REFORMAT_L2_TO_TNL_L2), T(INSERT_HEADER), T(DROP));
	/* 4: counter, then tag */
	REFUSED(T(TAG), T(CTR), T(DROP));
	REFUSED(T(CTR), T(CTR), T(DROP));
	REFUSED(T(CTR), T(PUSH_VLAN), T(DROP));
	/* a third modify header has no place */
	REFUSED(T(MODIFY_HDR), T(MODIFY_HDR), T(MODIFY_HDR), T(DROP));
	/* 5: the destination last, and only one */
	REFUSED(T(DROP), T(CTR));
	REFUSED(T(TBL), T(VPORT));
	REFUSED(T(DEST_ARRAY), T(MODIFY_HDR));
}
END_TEST

START_TEST(test_too_many_actions)
{
	enum mlx5hws_action_type t[HWS_AT_MAX_ACTIONS + 1] = { 0 };

	errno = 0;
	ck_assert_ptr_null(make(t, HWS_AT_MAX_ACTIONS + 1));
	ck_assert_int_eq(errno, EINVAL);
}
END_TEST

static struct mlx5hws_action_template *
placed(const enum mlx5hws_action_type *types, unsigned int n)
{
	struct mlx5hws_action_template *at = make(types, n);

	ck_assert_ptr_nonnull(at);
	return at;
}

/* The kernel's placement: what one STE cannot hold moves to the next. */
START_TEST(test_placement)
{
	const enum mlx5hws_action_type plain[] = { T(CTR), T(TAG), T(DROP) };
	const enum mlx5hws_action_type nat[] = { T(MODIFY_HDR), T(CTR),
						 T(VPORT) };
	const enum mlx5hws_action_type two_mh[] = { T(MODIFY_HDR), T(CTR),
						    T(TAG), T(MODIFY_HDR),
						    T(VPORT) };
	const enum mlx5hws_action_type pops[] = { T(POP_VLAN), T(POP_VLAN),
						  T(MODIFY_HDR), T(TBL) };
	const enum mlx5hws_action_type decap_push[] = {
		T(REFORMAT_TNL_L2_TO_L2), T(PUSH_VLAN), T(TAG), T(DROP)
	};
	const enum mlx5hws_action_type six[] = { T(REFORMAT_TNL_L2_TO_L2),
						 T(POP_VLAN),
						 T(MODIFY_HDR),
						 T(PUSH_VLAN),
						 T(REFORMAT_L2_TO_TNL_L2),
						 T(CTR),
						 T(TAG),
						 T(VPORT) };
	struct mlx5hws_action_template *at;

	/* counter, tag and drop fit one 8DW STE; a jumbo one needs two */
	at = placed(plain, 3);
	ck_assert_uint_eq(hws_action_template_num_stes(at, false), 1);
	ck_assert_uint_eq(hws_action_template_num_stes(at, true), 2);
	mlx5hws_action_template_destroy(at);

	/* counter and a destination fit a jumbo STE too */
	at = placed(plain + 0, 1);
	ck_assert_uint_eq(hws_action_template_num_stes(at, true), 1);
	mlx5hws_action_template_destroy(at);

	at = placed(nat, 3);
	ck_assert_uint_eq(hws_action_template_num_stes(at, false), 1);
	ck_assert_uint_eq(at->place[0].slots, HWS_SLOT_DOUBLE);
	mlx5hws_action_template_destroy(at);

	/* the second modify header needs a second STE, with the destination */
	at = placed(two_mh, 5);
	ck_assert_uint_eq(hws_action_template_num_stes(at, false), 2);
	ck_assert_uint_eq(at->place[1].ste, 0);
	ck_assert_uint_eq(at->place[2].ste, 0);
	ck_assert_uint_eq(at->place[3].ste, 1);
	ck_assert_uint_eq(at->place[4].ste, 1);
	mlx5hws_action_template_destroy(at);

	/* two pops share one removal; a modify after a removal moves on */
	at = placed(pops, 4);
	ck_assert_uint_eq(at->place[1].slots, 0);
	ck_assert_uint_eq(at->place[1].ste, at->place[0].ste);
	ck_assert_uint_eq(at->place[2].ste, 1);
	ck_assert_uint_eq(hws_action_template_num_stes(at, false), 2);
	mlx5hws_action_template_destroy(at);

	/* a push after a removal waits for the next STE; the tag goes back */
	at = placed(decap_push, 4);
	ck_assert_uint_eq(at->place[0].ste, 0);
	ck_assert_uint_eq(at->place[1].ste, 1);
	ck_assert_uint_eq(at->place[2].ste, 1);
	ck_assert_uint_eq(at->place[3].ste, 1);
	ck_assert_uint_eq(hws_action_template_num_stes(at, false), 2);
	mlx5hws_action_template_destroy(at);

	at = placed(six, HWS_ARRAY_SIZE(six));
	ck_assert_uint_ge(hws_action_template_num_stes(at, false), 3);
	ck_assert_uint_eq(at->place[7].ste, at->num_stes - 1);
	mlx5hws_action_template_destroy(at);
}
END_TEST

int main(void)
{
	Suite *s = suite_create("action_template");
	TCase *tc = tcase_create("action_template");

	tcase_add_test(tc, test_kernel_order_accepted);
	tcase_add_test(tc, test_kernel_order_refused);
	tcase_add_test(tc, test_too_many_actions);
	tcase_add_test(tc, test_placement);
	suite_add_tcase(s, tc);
	return t_run(s);
}

// SPDX-License-Identifier: GPL-2.0 OR Linux-OpenIB
/*
 * QUERY_HCA_CAP for another function, as firmware answers it: who may ask,
 * how function_id names the function, and what a VF's blocks say.
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "helpers.h"
#include "libhws/prm.h"

#define NIC "captest"

struct query {
	uint16_t cap_type;
	bool ec_vf;
	bool by_vhca_id;
	uint16_t function_id;
};

/* Another function's capability block; 0 or EREMOTEIO. */
static int query_other(struct hws_dev *dev, const struct query *qry,
		       uint8_t *out)
{
	uint8_t in[DEVX_ST_SZ_BYTES(query_hca_cap_in)] = { 0 };

	DEVX_SET(query_hca_cap_in, in, opcode, MLX5_CMD_OP_QUERY_HCA_CAP);
	DEVX_SET(query_hca_cap_in, in, op_mod,
		 qry->cap_type << 1 | MLX5_HCA_CAP_OPMOD_GET_CUR);
	DEVX_SET(query_hca_cap_in, in, other_function, 1);
	DEVX_SET(query_hca_cap_in, in, ec_vf_function, qry->ec_vf);
	DEVX_SET(query_hca_cap_in, in, function_id_type, qry->by_vhca_id);
	DEVX_SET(query_hca_cap_in, in, function_id, qry->function_id);
	return dev->ops->general_cmd(dev, in, sizeof(in), out,
				     DEVX_ST_SZ_BYTES(query_hca_cap_out));
}

static uint32_t general_cap(const uint8_t *out, size_t bit_off, size_t bits)
{
	return _devx_get(DEVX_ADDR_OF(query_hca_cap_out, out, capability),
			 bit_off, bits);
}

#define GEN_CAP(out, fld)                               \
	general_cap(out, PRM_BIT_OFF(cmd_hca_cap, fld), \
		    PRM_BIT_SZ(cmd_hca_cap, fld))

/*
 * Function n is the PF (0) or VF n; by vhca_id (function_id_type) the
 * function whose vhca_id it is.  A VF's general caps carry its vhca_id and
 * no E-switch management; it has no E-switch blocks.
 */
START_TEST(test_other_function_ids)
{
	static uint8_t out[DEVX_ST_SZ_BYTES(query_hca_cap_out)];
	struct hws_dev *dev = t_dev_open("sim:nic=" NIC ",vports=4,vhca_id=9");
	struct query q = { .cap_type = MLX5_CAP_GENERAL };

	q.function_id = 0;
	ck_assert_int_eq(query_other(dev, &q, out), 0);
	ck_assert_uint_eq(GEN_CAP(out, vhca_id), 9);
	ck_assert_uint_eq(GEN_CAP(out, eswitch_manager), 1);
	q.function_id = 3;
	ck_assert_int_eq(query_other(dev, &q, out), 0);
	ck_assert_uint_eq(GEN_CAP(out, vhca_id), 0x103);
	ck_assert_uint_eq(GEN_CAP(out, eswitch_manager), 0);
	q.by_vhca_id = true;
	q.function_id = 0x102;
	ck_assert_int_eq(query_other(dev, &q, out), 0);
	ck_assert_uint_eq(GEN_CAP(out, vhca_id), 0x102);
	q.function_id = 9;
	ck_assert_int_eq(query_other(dev, &q, out), 0);
	ck_assert_uint_eq(GEN_CAP(out, vhca_id), 9);
	/* other blocks of a VF: all but the E-switch's */
	q.by_vhca_id = false;
	q.function_id = 2;
	q.cap_type = MLX5_CAP_GENERAL_2;
	ck_assert_int_eq(query_other(dev, &q, out), 0);
	q.cap_type = MLX5_CAP_WQE_BASED_FLOW_TABLE;
	ck_assert_int_eq(query_other(dev, &q, out), 0);
	q.cap_type = MLX5_CAP_ESWITCH_FLOW_TABLE;
	ck_assert_int_eq(query_other(dev, &q, out), EREMOTEIO);
	t_assert_refused(NIC, MLX5_CMD_STAT_BAD_PARAM_ERR,
			 SIM_SYND_UNKNOWN_CAP_TYPE);
	hws_dev_close(dev);
}
END_TEST

/* Functions the NIC does not have, however they are named. */
START_TEST(test_other_function_unknown)
{
	static uint8_t out[DEVX_ST_SZ_BYTES(query_hca_cap_out)];
	static const struct query bad[] = {
		{ MLX5_CAP_GENERAL, false, false, 4 }, /* past vports */
		{ MLX5_CAP_GENERAL, false, false, 0xffff }, /* the uplink */
		{ MLX5_CAP_GENERAL, false, true, 0x104 },
		{ MLX5_CAP_GENERAL, true, false, 1 }, /* no embedded CPU */
	};
	struct hws_dev *dev = t_dev_open("sim:nic=" NIC ",vports=4");
	size_t i;

	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		ck_assert_int_eq(query_other(dev, &bad[i], out), EREMOTEIO);
		t_assert_refused(NIC, MLX5_CMD_STAT_BAD_PARAM_ERR,
				 SIM_SYND_FUNCTION_UNKNOWN);
	}
	hws_dev_close(dev);
	/* naming by vhca_id needs the capability */
	dev = t_dev_open("sim:nic=" NIC ",function_id_type_vhca_id=0");
	ck_assert_int_eq(query_other(dev,
				     &(struct query){ MLX5_CAP_GENERAL, false,
						      true, 0x101 },
				     out),
			 EREMOTEIO);
	t_assert_refused(NIC, MLX5_CMD_STAT_BAD_PARAM_ERR,
			 SIM_SYND_FUNCTION_UNKNOWN);
	hws_dev_close(dev);
}
END_TEST

/* Only an E-switch manager may read another function's capabilities. */
START_TEST(test_other_function_privilege)
{
	static uint8_t out[DEVX_ST_SZ_BYTES(query_hca_cap_out)];
	struct hws_dev *dev = t_dev_open("sim:nic=" NIC ",eswitch_manager=0");
	struct query q = { .cap_type = MLX5_CAP_GENERAL, .function_id = 1 };

	ck_assert_int_eq(query_other(dev, &q, out), EREMOTEIO);
	t_assert_refused(NIC, MLX5_CMD_STAT_BAD_PARAM_ERR,
			 SIM_SYND_OTHER_FUNCTION_NOT_PERMITTED);
	hws_dev_close(dev);
}
END_TEST

int main(void)
{
	Suite *s = suite_create("model_caps");
	TCase *tc = tcase_create("model_caps");

	tcase_add_test(tc, test_other_function_ids);
	tcase_add_test(tc, test_other_function_unknown);
	tcase_add_test(tc, test_other_function_privilege);
	suite_add_tcase(s, tc);
	return t_run(s);
}

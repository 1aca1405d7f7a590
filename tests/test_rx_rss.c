// SPDX-License-Identifier: GPL-2.0 OR Linux-OpenIB
/*
 * RSS on the device model: its Toeplitz hash against the published RSS
 * verification vectors, and the whole path of a packet from the port
 * through a root rule and a BWC rule with a TIR action to the RQ the hash
 * picks.
 */
#include <errno.h>
#include <string.h>

#include "libhws/context.h"
#include "rx_common.h"

/*
 * The RSS verification suite: Microsoft's "Verifying the RSS Hash
 * Calculation" (Windows driver documentation) and the Intel 82599 datasheet
 * §7.1.2.8.3 give, for the default 40-byte key, the hash of each
 * (source, destination) pair over the addresses only and over the
 * addresses and TCP ports.  Found through DPDK's app/test/test_thash.c
 * (DPDK/dpdk 0c9da7555da8c8373dfd69f798f832723ae6de71), which lists them.
 */
struct rss_v4 {
	uint8_t src[4], dst[4];
	uint16_t sport, dport;
	uint32_t hash_ip, hash_ip_ports;
};

static const struct rss_v4 rss_v4[] = {
	{ { 66, 9, 149, 187 },
	  { 161, 142, 100, 80 },
	  2794,
	  1766,
	  0x323e8fc2,
	  0x51ccc178 },
	{ { 199, 92, 111, 2 },
	  { 65, 69, 140, 83 },
	  14230,
	  4739,
	  0xd718262a,
	  0xc626b0ea },
	{ { 24, 19, 198, 95 },
	  { 12, 22, 207, 184 },
	  12898,
	  38024,
	  0xd2d0a5de,
	  0x5c2b394a },
	{ { 38, 27, 205, 30 },
	  { 209, 142, 163, 6 },
	  48228,
	  2217,
	  0x82989176,
	  0xafc7327f },
	{ { 153, 39, 163, 191 },
	  { 202, 188, 127, 2 },
	  44251,
	  1303,
	  0x5d1809c5,
	  0x10e828a2 },
};

struct rss_v6 {
	uint8_t src[16], dst[16];
	uint16_t sport, dport;
	uint32_t hash_ip, hash_ip_ports;
};

static const struct rss_v6 rss_v6[] = {
	/* 3ffe:2501:200:1fff::7 -> 3ffe:2501:200:3::1 */
	{ { 0x3f, 0xfe, 0x25, 0x01, 0x02, 0x00, 0x1f, 0xff, 0, 0, 0, 0, 0, 0, 0,
	    0x07 },
	  { 0x3f, 0xfe, 0x25, 0x01, 0x02, 0x00, 0x00, 0x03, 0, 0, 0, 0, 0, 0, 0,
	    0x01 },
	  2794,
	  1766,
	  0x2cc18cd5,
	  0x40207d3d },
	/* 3ffe:501:8::260:97ff:fe40:efab -> ff02::1 */
	{ { 0x3f, 0xfe, 0x05, 0x01, 0x00, 0x08, 0x00, 0x00, 0x02, 0x60, 0x97,
	    0xff, 0xfe, 0x40, 0xef, 0xab },
	  { 0xff, 0x02, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0x01 },
	  14230,
	  4739,
	  0x0f0c461c,
	  0xdde51bbf },
	/* 3ffe:1900:4545:3:200:f8ff:fe21:67cf -> fe80::200:f8ff:fe21:67cf */
	{ { 0x3f, 0xfe, 0x19, 0x00, 0x45, 0x45, 0x00, 0x03, 0x02, 0x00, 0xf8,
	    0xff, 0xfe, 0x21, 0x67, 0xcf },
	  { 0xfe, 0x80, 0, 0, 0, 0, 0, 0, 0x02, 0x00, 0xf8, 0xff, 0xfe, 0x21,
	    0x67, 0xcf },
	  44251,
	  38024,
	  0x4b61e985,
	  0x02d1feef },
};

/* The NIC's hash input: source IP, destination IP, source, destination port */
static size_t rss_input(uint8_t *buf, const uint8_t *src, const uint8_t *dst,
			size_t addr_len, uint16_t sport, uint16_t dport,
			bool ports)
{
	size_t n = 0;

	memcpy(buf + n, src, addr_len);
	n += addr_len;
	memcpy(buf + n, dst, addr_len);
	n += addr_len;
	if (ports) {
		buf[n++] = sport >> 8;
		buf[n++] = sport;
		buf[n++] = dport >> 8;
		buf[n++] = dport;
	}
	return n;
}

START_TEST(test_toeplitz_vectors)
{
	uint8_t in[36];
	size_t i, n;

	for (i = 0; i < sizeof(rss_v4) / sizeof(rss_v4[0]); i++) {
		const struct rss_v4 *t = &rss_v4[i];

		n = rss_input(in, t->src, t->dst, 4, 0, 0, false);
		ck_assert_uint_eq(sim_toeplitz_hash(rss_key, in, n),
				  t->hash_ip);
		n = rss_input(in, t->src, t->dst, 4, t->sport, t->dport, true);
		ck_assert_uint_eq(sim_toeplitz_hash(rss_key, in, n),
				  t->hash_ip_ports);
	}
	for (i = 0; i < sizeof(rss_v6) / sizeof(rss_v6[0]); i++) {
		const struct rss_v6 *t = &rss_v6[i];

		n = rss_input(in, t->src, t->dst, 16, 0, 0, false);
		ck_assert_uint_eq(sim_toeplitz_hash(rss_key, in, n),
				  t->hash_ip);
		n = rss_input(in, t->src, t->dst, 16, t->sport, t->dport, true);
		ck_assert_uint_eq(sim_toeplitz_hash(rss_key, in, n),
				  t->hash_ip_ports);
	}
}
END_TEST

/* A context's queues and TIRs: an RSS TIR over 4 RQs and a direct TIR. */
struct rss_env {
	struct mlx5hws_context *ctx;
	struct rxq_env q;
	struct hws_devx_obj *rq[RXQS + 1], *rqt, *rss, *rss6, *direct;
	uint32_t rqn[RXQS + 1], rqtn, rss_tirn, rss6_tirn, direct_tirn;
};

static void rss_env_open(struct rss_env *r)
{
	struct mlx5hws_context_attr attr = {
		.flags = MLX5HWS_CONTEXT_FLAG_BWC,
		.queue_size = 16,
	};
	uint8_t in[RQT_IN_MAX], tir[DEVX_ST_SZ_BYTES(create_tir_in)];
	size_t len;
	int i;

	memset(r, 0, sizeof(*r));
	r->ctx = t_ctx_open("sim:nic=" NIC, &attr);
	ck_assert_ptr_nonnull(r->ctx);
	/* the application's queues, in the context's own DevX user context */
	rxq_env_open(&r->q, r->ctx->dev);
	for (i = 0; i <= RXQS; i++)
		r->rq[i] = rq_create(&r->q, &r->rqn[i]);
	len = rqt_in(in, r->rqn, RXQS);
	ck_assert_int_eq(raw_create(r->q.dev, in, len, &r->rqt, &r->rqtn), 0);
	tir_in(tir, r->q.tdn, TIR_RSS4, r->rqtn);
	ck_assert_int_eq(raw_create(r->q.dev, tir, sizeof(tir), &r->rss,
				    &r->rss_tirn),
			 0);
	tir_in(tir, r->q.tdn, TIR_RSS6, r->rqtn);
	ck_assert_int_eq(raw_create(r->q.dev, tir, sizeof(tir), &r->rss6,
				    &r->rss6_tirn),
			 0);
	tir_in(tir, r->q.tdn, TIR_DIRECT, r->rqn[RXQS]);
	ck_assert_int_eq(raw_create(r->q.dev, tir, sizeof(tir), &r->direct,
				    &r->direct_tirn),
			 0);
}

static void rss_env_close(struct rss_env *r)
{
	int i;

	ck_assert_int_eq(r->q.dev->ops->obj_destroy(r->direct), 0);
	ck_assert_int_eq(r->q.dev->ops->obj_destroy(r->rss6), 0);
	ck_assert_int_eq(r->q.dev->ops->obj_destroy(r->rss), 0);
	ck_assert_int_eq(r->q.dev->ops->obj_destroy(r->rqt), 0);
	for (i = 0; i <= RXQS; i++)
		ck_assert_int_eq(r->q.dev->ops->obj_destroy(r->rq[i]), 0);
	rxq_env_close(&r->q);
	ck_assert_int_eq(mlx5hws_context_close(r->ctx), 0);
	ck_assert_ptr_null(sim_nic_find(NIC));
}

START_TEST(test_dest_tir_action)
{
	struct mlx5hws_action *a;
	struct rss_env r;

	rss_env_open(&r);
	/* NIC RX only */
	a = mlx5hws_action_create_dest_tir(r.ctx, r.rss_tirn,
					   MLX5HWS_ACTION_FLAG_NIC_TX);
	ck_assert_ptr_null(a);
	ck_assert_int_eq(errno, EINVAL);
	a = mlx5hws_action_create_dest_tir(r.ctx, r.rss_tirn,
					   MLX5HWS_ACTION_FLAG_NIC_RX |
						   MLX5HWS_ACTION_FLAG_FDB);
	ck_assert_ptr_null(a);
	ck_assert_int_eq(errno, EINVAL);
	a = mlx5hws_action_create_dest_tir(NULL, r.rss_tirn,
					   MLX5HWS_ACTION_FLAG_NIC_RX);
	ck_assert_ptr_null(a);
	ck_assert_int_eq(errno, EINVAL);
	a = mlx5hws_action_create_dest_tir(r.ctx, 1u << 24,
					   MLX5HWS_ACTION_FLAG_NIC_RX);
	ck_assert_ptr_null(a);
	ck_assert_int_eq(errno, EINVAL);
	/* the device knows no such TIR: the STC write is refused */
	t_log_capture();
	a = mlx5hws_action_create_dest_tir(r.ctx, r.rqn[0],
					   MLX5HWS_ACTION_FLAG_NIC_RX);
	ck_assert_ptr_null(a);
	ck_assert_int_eq(errno, EREMOTEIO);
	ck_assert_ptr_nonnull(strstr(t_log_text(), "status BAD_RES"));

	/* while the action points at the TIR, the TIR stays */
	a = mlx5hws_action_create_dest_tir(r.ctx, r.rss_tirn,
					   MLX5HWS_ACTION_FLAG_NIC_RX);
	ck_assert_ptr_nonnull(a);
	ck_assert_int_eq(r.q.dev->ops->obj_destroy(r.rss), EREMOTEIO);
	t_assert_refused(NIC, MLX5_CMD_STAT_RES_BUSY, SIM_SYND_OBJECT_IN_USE);
	ck_assert_int_eq(mlx5hws_action_destroy(a), 0);
	rss_env_close(&r);
}
END_TEST

static void tcp4_packet(struct t_param *p, const uint8_t *src,
			const uint8_t *dst, uint16_t sport, uint16_t dport)
{
	memset(p, 0, sizeof(*p));
	t_set(p, "outer.ip_version", 4);
	t_set(p, "outer.ip_protocol", 6);
	t_set_bytes(p, "outer.ipv4_src", src, 4);
	t_set_bytes(p, "outer.ipv4_dst", dst, 4);
	t_set(p, "outer.tcp_sport", sport);
	t_set(p, "outer.tcp_dport", dport);
}

/* The RQ the NIC picks: the low bits of the hash index the RQT. */
static uint32_t expected_rq(const struct rss_env *r, const uint8_t *src,
			    const uint8_t *dst, uint16_t sport, uint16_t dport,
			    uint32_t *hash)
{
	uint8_t in[12];
	size_t n = rss_input(in, src, dst, 4, sport, dport, true);

	*hash = sim_toeplitz_hash(rss_key, in, n);
	return r->rqn[*hash & (RXQS - 1)];
}

/* Does the model's resource dump name TIR tirn as a destination? */
static bool dump_names_tir(const char *nic, uint32_t tirn)
{
	char line[256], want[32];
	bool found = false;
	FILE *f = tmpfile();

	ck_assert_ptr_nonnull(f);
	ck_assert_int_eq(sim_dump_resources(t_nic(nic), f), 0);
	rewind(f);
	snprintf(want, sizeof(want), ",TIR,0x%x\n", tirn);
	while (!found && fgets(line, sizeof(line), f))
		found = !strncmp(line, "4910,", 5) && strstr(line, want);
	fclose(f);
	return found;
}

/*
 * The whole path: BWC rules on a NIC RX table of level 1 send the vectors'
 * destinations to the RSS TIR and one address to the direct TIR; each
 * packet lands in the RQ the Toeplitz hash of its 4-tuple picks.
 */
START_TEST(test_rss_path)
{
	struct mlx5hws_table_attr ta = { .type = MLX5HWS_TABLE_TYPE_NIC_RX,
					 .level = 1 };
	const size_t nvec = sizeof(rss_v4) / sizeof(rss_v4[0]);
	static const uint8_t direct_dst[4] = { 10, 0, 0, 1 };
	struct mlx5hws_bwc_rule *rule[8];
	struct mlx5hws_rule_action ra;
	struct mlx5hws_action *rss, *direct;
	struct mlx5hws_bwc_matcher *bm;
	struct mlx5hws_table *tbl;
	unsigned int used = 0;
	struct t_param mask = { 0 }, v;
	struct hws_verdict vd;
	struct rss_env r;
	uint32_t hash, rq;
	size_t i;

	rss_env_open(&r);
	tbl = mlx5hws_table_create(r.ctx, &ta);
	ck_assert_ptr_nonnull(tbl);
	rss = mlx5hws_action_create_dest_tir(r.ctx, r.rss_tirn,
					     MLX5HWS_ACTION_FLAG_NIC_RX);
	ck_assert_ptr_nonnull(rss);
	direct = mlx5hws_action_create_dest_tir(r.ctx, r.direct_tirn,
						MLX5HWS_ACTION_FLAG_NIC_RX);
	ck_assert_ptr_nonnull(direct);
	t_mask(&mask, "outer.ip_version");
	t_mask(&mask, "outer.ipv4_dst");
	bm = mlx5hws_bwc_matcher_create(tbl, 0, t_criteria("outer.ipv4_dst"),
					mask.buf);
	ck_assert_ptr_nonnull(bm);
	for (i = 0; i <= nvec; i++) {
		memset(&v, 0, sizeof(v));
		t_set(&v, "outer.ip_version", 4);
		t_set_bytes(&v, "outer.ipv4_dst",
			    i < nvec ? rss_v4[i].dst : direct_dst, 4);
		ra.action = i < nvec ? rss : direct;
		rule[i] = mlx5hws_bwc_rule_create(bm, v.buf, 0, &ra, 1);
		ck_assert_ptr_nonnull(rule[i]);
	}

	/* the published vectors: the hash the NIC reports, and its RQ */
	for (i = 0; i < nvec; i++) {
		const struct rss_v4 *t = &rss_v4[i];

		tcp4_packet(&v, t->src, t->dst, t->sport, t->dport);
		vd = t_classify(NIC, tbl, HWS_SIDE_RX, 0, &v);
		ck_assert_int_eq(vd.result, HWS_RESULT_TIR);
		ck_assert_uint_eq(vd.tir, r.rss_tirn);
		ck_assert_uint_eq(vd.rss_hash, t->hash_ip_ports);
		ck_assert_uint_eq(vd.rq, r.rqn[t->hash_ip_ports & (RXQS - 1)]);
	}
	/* many flows to one destination spread over the four RQs */
	for (i = 0; i < 256; i++) {
		uint8_t src[4] = { 192, 168, i >> 4, i };
		uint16_t sport = 1024 + 7 * i, dport = 80 + i % 3;

		tcp4_packet(&v, src, rss_v4[0].dst, sport, dport);
		vd = t_classify(NIC, tbl, HWS_SIDE_RX, 0, &v);
		rq = expected_rq(&r, src, rss_v4[0].dst, sport, dport, &hash);
		t_check(vd.result == HWS_RESULT_TIR && vd.rq == rq &&
				vd.rss_hash == hash,
			"flow %zu: result %d rq 0x%x, expected rq 0x%x", i,
			vd.result, vd.rq, rq);
		used |= 1u << (hash & (RXQS - 1));
	}
	ck_assert_uint_eq(used, (1u << RXQS) - 1);
	/* UDP on a TCP-hashing TIR: no hash input, so entry 0 */
	memset(&v, 0, sizeof(v));
	t_set(&v, "outer.ip_version", 4);
	t_set(&v, "outer.ip_protocol", 17);
	t_set_bytes(&v, "outer.ipv4_dst", rss_v4[1].dst, 4);
	t_set(&v, "outer.udp_sport", 5000);
	vd = t_classify(NIC, tbl, HWS_SIDE_RX, 0, &v);
	ck_assert_int_eq(vd.result, HWS_RESULT_TIR);
	ck_assert_uint_eq(vd.rss_hash, 0);
	ck_assert_uint_eq(vd.rq, r.rqn[0]);
	/* the direct TIR: its one RQ, whatever the flow */
	tcp4_packet(&v, rss_v4[2].src, direct_dst, 1, 2);
	vd = t_classify(NIC, tbl, HWS_SIDE_RX, 0, &v);
	ck_assert_int_eq(vd.result, HWS_RESULT_TIR);
	ck_assert_uint_eq(vd.tir, r.direct_tirn);
	ck_assert_uint_eq(vd.rq, r.rqn[RXQS]);
	/* an RQ not ready drops what reaches it */
	ck_assert_int_eq(rq_modify(r.rq[RXQS], r.rqn[RXQS], MLX5_RQC_STATE_RDY,
				   MLX5_RQC_STATE_ERR),
			 0);
	vd = t_classify(NIC, tbl, HWS_SIDE_RX, 0, &v);
	ck_assert_int_eq(vd.result, HWS_RESULT_DROP);
	ck_assert_uint_eq(vd.tir, r.direct_tirn);
	ck_assert_uint_eq(vd.rq, r.rqn[RXQS]);
	/* no rule: the default miss */
	tcp4_packet(&v, rss_v4[2].src, rss_v4[2].src, 1, 2);
	ck_assert_int_eq(t_classify(NIC, tbl, HWS_SIDE_RX, 0, &v).result,
			 HWS_RESULT_MISS);

	/* the resource dump names both TIRs as destinations */
	ck_assert(dump_names_tir(NIC, r.rss_tirn));
	ck_assert(dump_names_tir(NIC, r.direct_tirn));

	/* in use along the chain: the TIR by the action, the RQT, the RQs */
	ck_assert_int_eq(r.q.dev->ops->obj_destroy(r.direct), EREMOTEIO);
	t_assert_refused(NIC, MLX5_CMD_STAT_RES_BUSY, SIM_SYND_OBJECT_IN_USE);
	ck_assert_int_eq(r.q.dev->ops->obj_destroy(r.rq[RXQS]), EREMOTEIO);
	t_assert_refused(NIC, MLX5_CMD_STAT_RES_BUSY, SIM_SYND_OBJECT_IN_USE);
	ck_assert_int_eq(mlx5hws_action_destroy(rss), EBUSY);

	for (i = 0; i <= nvec; i++)
		ck_assert_int_eq(mlx5hws_bwc_rule_destroy(rule[i]), 0);
	ck_assert_int_eq(mlx5hws_bwc_matcher_destroy(bm), 0);
	ck_assert_int_eq(mlx5hws_action_destroy(direct), 0);
	ck_assert_int_eq(mlx5hws_action_destroy(rss), 0);
	ck_assert_int_eq(mlx5hws_table_destroy(tbl), 0);
	rss_env_close(&r);
}
END_TEST

/*
 * IPv6: a matcher on the destination address sends the IPv6 vectors to an
 * RSS TIR hashing IPv6 TCP 4-tuples; the verdict carries the published
 * hash and the RQ its low bits pick.
 */
START_TEST(test_rss_ipv6)
{
	struct mlx5hws_table_attr ta = { .type = MLX5HWS_TABLE_TYPE_NIC_RX,
					 .level = 1 };
	const size_t nvec = sizeof(rss_v6) / sizeof(rss_v6[0]);
	struct mlx5hws_bwc_rule *rule[4];
	struct mlx5hws_rule_action ra;
	struct mlx5hws_bwc_matcher *bm;
	struct t_param mask = { 0 }, v;
	struct mlx5hws_table *tbl;
	struct hws_verdict vd;
	struct rss_env r;
	size_t i;

	rss_env_open(&r);
	tbl = mlx5hws_table_create(r.ctx, &ta);
	ck_assert_ptr_nonnull(tbl);
	ra.action = mlx5hws_action_create_dest_tir(r.ctx, r.rss6_tirn,
						   MLX5HWS_ACTION_FLAG_NIC_RX);
	ck_assert_ptr_nonnull(ra.action);
	t_mask(&mask, "outer.ip_version");
	t_mask(&mask, "outer.ipv6_dst");
	bm = mlx5hws_bwc_matcher_create(tbl, 0, t_criteria("outer.ipv6_dst"),
					mask.buf);
	ck_assert_ptr_nonnull(bm);
	for (i = 0; i < nvec; i++) {
		memset(&v, 0, sizeof(v));
		t_set(&v, "outer.ip_version", 6);
		t_set_bytes(&v, "outer.ipv6_dst", rss_v6[i].dst, 16);
		rule[i] = mlx5hws_bwc_rule_create(bm, v.buf, 0, &ra, 1);
		ck_assert_ptr_nonnull(rule[i]);
	}
	for (i = 0; i < nvec; i++) {
		const struct rss_v6 *t = &rss_v6[i];

		memset(&v, 0, sizeof(v));
		t_set(&v, "outer.ip_version", 6);
		t_set(&v, "outer.ip_protocol", 6);
		t_set_bytes(&v, "outer.ipv6_src", t->src, 16);
		t_set_bytes(&v, "outer.ipv6_dst", t->dst, 16);
		t_set(&v, "outer.tcp_sport", t->sport);
		t_set(&v, "outer.tcp_dport", t->dport);
		vd = t_classify(NIC, tbl, HWS_SIDE_RX, 0, &v);
		ck_assert_int_eq(vd.result, HWS_RESULT_TIR);
		ck_assert_uint_eq(vd.tir, r.rss6_tirn);
		ck_assert_uint_eq(vd.rss_hash, t->hash_ip_ports);
		ck_assert_uint_eq(vd.rq, r.rqn[t->hash_ip_ports & (RXQS - 1)]);
	}
	for (i = 0; i < nvec; i++)
		ck_assert_int_eq(mlx5hws_bwc_rule_destroy(rule[i]), 0);
	ck_assert_int_eq(mlx5hws_bwc_matcher_destroy(bm), 0);
	ck_assert_int_eq(mlx5hws_action_destroy(ra.action), 0);
	ck_assert_int_eq(mlx5hws_table_destroy(tbl), 0);
	rss_env_close(&r);
}
END_TEST

/*
 * The whole path from the port: a packet enters the NIC RX root, a root
 * rule sends it to a level-1 table, a BWC rule there to the RSS TIR, and
 * it lands in the RQ the Toeplitz hash picks.  A second root rule sends
 * one address straight to the direct TIR and counts it.
 */
START_TEST(test_root_to_rss)
{
	struct mlx5hws_table_attr ra = { .type = MLX5HWS_TABLE_TYPE_NIC_RX };
	struct mlx5hws_table_attr ta = { .type = MLX5HWS_TABLE_TYPE_NIC_RX,
					 .level = 1 };
	static const uint8_t direct_dst[4] = { 10, 0, 0, 1 };
	struct mlx5hws_action *go, *rss, *direct, *ctr;
	struct mlx5hws_bwc_rule *root_rule, *root_direct, *rule;
	struct mlx5hws_bwc_matcher *root_bm, *bm;
	struct mlx5hws_rule_action act[2] = { 0 };
	struct mlx5hws_table *root, *tbl;
	struct t_param mask = { 0 }, v;
	uint64_t packets, octets;
	struct hws_verdict vd;
	struct rss_env r;
	uint32_t hash, rq;
	size_t i;

	rss_env_open(&r);
	root = mlx5hws_table_create(r.ctx, &ra);
	tbl = mlx5hws_table_create(r.ctx, &ta);
	ck_assert(root && tbl);
	go = mlx5hws_action_create_dest_table(r.ctx, tbl,
					      MLX5HWS_ACTION_FLAG_NIC_RX);
	rss = mlx5hws_action_create_dest_tir(r.ctx, r.rss_tirn,
					     MLX5HWS_ACTION_FLAG_NIC_RX);
	direct = mlx5hws_action_create_dest_tir(r.ctx, r.direct_tirn,
						MLX5HWS_ACTION_FLAG_NIC_RX);
	ctr = mlx5hws_action_create_counter(r.ctx, 0,
					    MLX5HWS_ACTION_FLAG_NIC_RX);
	ck_assert(go && rss && direct && ctr);
	t_mask(&mask, "outer.ip_version");
	t_mask(&mask, "outer.ipv4_dst");
	root_bm = mlx5hws_bwc_matcher_create(
		root, 0, t_criteria("outer.ipv4_dst"), mask.buf);
	bm = mlx5hws_bwc_matcher_create(tbl, 0, t_criteria("outer.ipv4_dst"),
					mask.buf);
	ck_assert(root_bm && bm);
	memset(&v, 0, sizeof(v));
	t_set(&v, "outer.ip_version", 4);
	t_set_bytes(&v, "outer.ipv4_dst", rss_v4[0].dst, 4);
	act[0].action = go;
	root_rule = mlx5hws_bwc_rule_create(root_bm, v.buf, 0, act, 1);
	act[0].action = rss;
	rule = mlx5hws_bwc_rule_create(bm, v.buf, 0, act, 1);
	t_set_bytes(&v, "outer.ipv4_dst", direct_dst, 4);
	act[0].action = ctr;
	act[0].counter.offset = 0;
	act[1].action = direct;
	root_direct = mlx5hws_bwc_rule_create(root_bm, v.buf, 0, act, 2);
	ck_assert(root_rule && rule && root_direct);

	for (i = 0; i < 64; i++) {
		uint8_t src[4] = { 172, 16, i >> 3, i };
		uint16_t sport = 2000 + 13 * i, dport = 443;

		tcp4_packet(&v, src, rss_v4[0].dst, sport, dport);
		vd = t_inject(NIC, HWS_SIDE_RX, 0, &v);
		rq = expected_rq(&r, src, rss_v4[0].dst, sport, dport, &hash);
		t_check(vd.result == HWS_RESULT_TIR && vd.tir == r.rss_tirn &&
				vd.rq == rq && vd.rss_hash == hash,
			"flow %zu: result %d tir 0x%x rq 0x%x, expected rq 0x%x",
			i, vd.result, vd.tir, vd.rq, rq);
		t_check(vd.num_hits == 1 &&
				vd.hits[0].ft_id == mlx5hws_table_get_id(tbl),
			"flow %zu: %u hits", i, vd.num_hits);
	}
	/* the published vector's hash, from the port */
	tcp4_packet(&v, rss_v4[0].src, rss_v4[0].dst, rss_v4[0].sport,
		    rss_v4[0].dport);
	vd = t_inject(NIC, HWS_SIDE_RX, 0, &v);
	ck_assert_uint_eq(vd.rss_hash, rss_v4[0].hash_ip_ports);
	ck_assert_uint_eq(vd.rq, r.rqn[rss_v4[0].hash_ip_ports & (RXQS - 1)]);
	/* root to the direct TIR, counted */
	tcp4_packet(&v, rss_v4[1].src, direct_dst, 1, 2);
	vd = t_inject(NIC, HWS_SIDE_RX, 0, &v);
	ck_assert_int_eq(vd.result, HWS_RESULT_TIR);
	ck_assert_uint_eq(vd.tir, r.direct_tirn);
	ck_assert_uint_eq(vd.rq, r.rqn[RXQS]);
	ck_assert_uint_eq(vd.num_hits, 0);
	ck_assert_int_eq(
		mlx5hws_action_query_counter(ctr, 0, &packets, &octets), 0);
	ck_assert_uint_eq(packets, 1);
	ck_assert_uint_eq(octets, 100);
	/* while a root rule names the TIR, the TIR stays */
	ck_assert_int_eq(r.q.dev->ops->obj_destroy(r.direct), EREMOTEIO);
	t_assert_refused(NIC, MLX5_CMD_STAT_RES_BUSY, SIM_SYND_OBJECT_IN_USE);
	/* no root rule: the kernel's */
	tcp4_packet(&v, rss_v4[1].src, rss_v4[1].dst, 1, 2);
	ck_assert_int_eq(t_inject(NIC, HWS_SIDE_RX, 0, &v).result,
			 HWS_RESULT_MISS);
	/* the root rule gone, nothing reaches the table */
	ck_assert_int_eq(mlx5hws_bwc_rule_destroy(root_rule), 0);
	tcp4_packet(&v, rss_v4[0].src, rss_v4[0].dst, 1, 2);
	vd = t_inject(NIC, HWS_SIDE_RX, 0, &v);
	ck_assert_int_eq(vd.result, HWS_RESULT_MISS);
	ck_assert_uint_eq(vd.num_hits, 0);

	ck_assert_int_eq(mlx5hws_bwc_rule_destroy(root_direct), 0);
	ck_assert_int_eq(mlx5hws_bwc_rule_destroy(rule), 0);
	ck_assert_int_eq(mlx5hws_bwc_matcher_destroy(bm), 0);
	ck_assert_int_eq(mlx5hws_bwc_matcher_destroy(root_bm), 0);
	ck_assert_int_eq(mlx5hws_action_destroy(ctr), 0);
	ck_assert_int_eq(mlx5hws_action_destroy(direct), 0);
	ck_assert_int_eq(mlx5hws_action_destroy(rss), 0);
	ck_assert_int_eq(mlx5hws_action_destroy(go), 0);
	ck_assert_int_eq(mlx5hws_table_destroy(tbl), 0);
	ck_assert_int_eq(mlx5hws_table_destroy(root), 0);
	rss_env_close(&r);
}
END_TEST

/*
 * A destination array to both TIRs: one copy lands in the direct TIR's RQ,
 * the other where the RSS hash of its 4-tuple says.
 */
START_TEST(test_dest_array_tirs)
{
	struct mlx5hws_table_attr ta = { .type = MLX5HWS_TABLE_TYPE_NIC_RX,
					 .level = 1 };
	struct mlx5hws_action_dest_attr d[2] = { { .dest = NULL } };
	struct mlx5hws_action_dest_array_attr da = { .num_dest = 2,
						     .dests = d };
	const struct rss_v4 *t = &rss_v4[0];
	struct mlx5hws_rule_action ra = { 0 };
	struct t_param mask = { 0 }, v = { 0 };
	struct mlx5hws_bwc_matcher *bm;
	struct mlx5hws_bwc_rule *rule;
	struct mlx5hws_table *tbl;
	struct hws_verdict vd;
	struct rss_env r;

	rss_env_open(&r);
	tbl = mlx5hws_table_create(r.ctx, &ta);
	ck_assert_ptr_nonnull(tbl);
	d[0].dest = mlx5hws_action_create_dest_tir(r.ctx, r.direct_tirn,
						   MLX5HWS_ACTION_FLAG_NIC_RX);
	d[1].dest = mlx5hws_action_create_dest_tir(r.ctx, r.rss_tirn,
						   MLX5HWS_ACTION_FLAG_NIC_RX);
	ck_assert(d[0].dest && d[1].dest);
	ra.action = mlx5hws_action_create_dest_array(
		r.ctx, &da, MLX5HWS_ACTION_FLAG_NIC_RX);
	ck_assert_ptr_nonnull(ra.action);
	/* the array holds the TIRs on the device */
	ck_assert_int_eq(r.q.dev->ops->obj_destroy(r.direct), EREMOTEIO);
	t_assert_refused(NIC, MLX5_CMD_STAT_RES_BUSY, SIM_SYND_OBJECT_IN_USE);
	t_mask(&mask, "outer.ip_version");
	t_mask(&mask, "outer.ipv4_dst");
	bm = mlx5hws_bwc_matcher_create(tbl, 0, t_criteria("outer.ipv4_dst"),
					mask.buf);
	ck_assert_ptr_nonnull(bm);
	t_set(&v, "outer.ip_version", 4);
	t_set_bytes(&v, "outer.ipv4_dst", t->dst, 4);
	rule = mlx5hws_bwc_rule_create(bm, v.buf, 0, &ra, 1);
	ck_assert_ptr_nonnull(rule);

	tcp4_packet(&v, t->src, t->dst, t->sport, t->dport);
	vd = t_classify(NIC, tbl, HWS_SIDE_RX, 0, &v);
	ck_assert_int_eq(vd.result, HWS_RESULT_COPIES);
	ck_assert_uint_eq(vd.num_copies, 2);
	ck_assert_int_eq(vd.copies[0].result, HWS_RESULT_TIR);
	ck_assert_uint_eq(vd.copies[0].tir, r.direct_tirn);
	ck_assert_uint_eq(vd.copies[0].rq, r.rqn[RXQS]);
	ck_assert_int_eq(vd.copies[1].result, HWS_RESULT_TIR);
	ck_assert_uint_eq(vd.copies[1].tir, r.rss_tirn);
	ck_assert_uint_eq(vd.copies[1].rss_hash, t->hash_ip_ports);
	ck_assert_uint_eq(vd.copies[1].rq,
			  r.rqn[t->hash_ip_ports & (RXQS - 1)]);

	ck_assert_int_eq(mlx5hws_bwc_rule_destroy(rule), 0);
	ck_assert_int_eq(mlx5hws_bwc_matcher_destroy(bm), 0);
	ck_assert_int_eq(mlx5hws_action_destroy(ra.action), 0);
	ck_assert_int_eq(mlx5hws_action_destroy(d[1].dest), 0);
	ck_assert_int_eq(mlx5hws_action_destroy(d[0].dest), 0);
	ck_assert_int_eq(mlx5hws_table_destroy(tbl), 0);
	rss_env_close(&r);
}
END_TEST

int main(void)
{
	Suite *s = suite_create("rx_rss");
	TCase *tc = tcase_create("rss");

	tcase_add_test(tc, test_toeplitz_vectors);
	tcase_add_test(tc, test_dest_tir_action);
	tcase_add_test(tc, test_rss_path);
	tcase_add_test(tc, test_rss_ipv6);
	tcase_add_test(tc, test_root_to_rss);
	tcase_add_test(tc, test_dest_array_tirs);
	suite_add_tcase(s, tc);
	return t_run(s);
}

// SPDX-License-Identifier: GPL-2.0 OR Linux-OpenIB
/*
 * Match fields and definers: mlx5hws_match_param_set() with buffers of the
 * documented size, selector choice and the definer bytes.
 */
#include <errno.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "helpers.h"
#include "libhws/definer.h"

#define NIC "definer"

static bool test_def_bit(const uint8_t *p, size_t bit)
{
	return p[bit / 8] & (0x80 >> (bit % 8));
}

/*
 * Write every field, mask and value alike, from a heap buffer of exactly
 * (bit_width + 7) / 8 bytes, at an aligned and an odd address, into an
 * fte_match_param at an odd address too: ASan sees a 1-byte over-read.
 */
static void test_def_set_exact(const struct mlx5hws_match_field *f, bool odd)
{
	size_t len = (f->bit_width + 7) / 8, skip = len * 8 - f->bit_width, b;
	uint8_t *vbuf = malloc(len + odd), *pbuf;
	uint8_t *value = vbuf + odd, *param;

	ck_assert_ptr_nonnull(vbuf);
	pbuf = malloc(MLX5HWS_MATCH_PARAM_SZ + odd);
	ck_assert_ptr_nonnull(pbuf);
	param = pbuf + odd;
	/* an alternating pattern, so that a shifted copy shows */
	for (b = 0; b < len; b++)
		value[b] = 0xa5 ^ (uint8_t)b;
	value[0] &= 0xff >> skip;
	memset(param, 0, MLX5HWS_MATCH_PARAM_SZ);

	ck_assert_int_eq(mlx5hws_match_param_set(param, f, value, len), 0);
	for (b = 0; b < MLX5HWS_MATCH_PARAM_SZ * 8u; b++) {
		bool in = b >= f->bit_offset &&
			  b < f->bit_offset + f->bit_width;
		bool want = in && test_def_bit(value, skip + b - f->bit_offset);

		t_check(test_def_bit(param, b) == want,
			"%s (%s): param bit 0x%zx is %d", f->name,
			odd ? "odd" : "aligned", b, !want);
	}
	free(pbuf);
	free(vbuf);
}

START_TEST(test_match_param_set_exact_size)
{
	const struct mlx5hws_match_field *fields;
	size_t n, i;
	unsigned int widths = 0;

	fields = mlx5hws_match_fields(&n);
	ck_assert_uint_gt(n, 0);
	for (i = 0; i < n; i++) {
		test_def_set_exact(&fields[i], false);
		test_def_set_exact(&fields[i], true);
		widths |= 1u << ((fields[i].bit_width + 7) / 8 % 32);
	}
	/* the table has 1-, 2-, 3-, 4-, 6- and 16-byte fields */
	ck_assert_uint_eq(widths, 1u << 1 | 1u << 2 | 1u << 3 | 1u << 4 |
					  1u << 6 | 1u << 16);
}
END_TEST

/*
 * A definer as libhws builds it, against reference bytes worked out by the
 * kernel's and DPDK's algorithm: a field copy per masked piece, the
 * selector search, and the mask written only where each piece is bound.
 */
struct test_def_ref {
	bool jumbo;
	uint8_t dw_sel[PRM_DEFINER_DW_SELECTORS];
	uint8_t byte_sel[PRM_DEFINER_BYTE_SELECTORS];
	uint8_t mask[PRM_JUMBO_TAG_SIZE];
	uint8_t tag[PRM_JUMBO_TAG_SIZE];
};

static void test_def_check(const struct t_param *mask, uint8_t criteria,
			   const struct t_param *value,
			   const struct test_def_ref *ref)
{
	struct mlx5hws_context_attr attr = { .queues = 1, .queue_size = 16 };
	struct mlx5hws_context *ctx;
	struct hws_definer def;
	uint8_t tag[PRM_JUMBO_TAG_SIZE];
	int i;

	ctx = mlx5hws_context_open("sim:nic=" NIC, &attr);
	ck_assert_ptr_nonnull(ctx);
	ck_assert_int_eq(hws_definer_create(ctx, &def,
					    (const uint8_t *)mask->buf,
					    MLX5HWS_MATCH_PARAM_SZ, criteria),
			 0);
	ck_assert_int_eq(def.jumbo, ref->jumbo);
	for (i = 0; i < PRM_DEFINER_DW_SELECTORS; i++)
		ck_assert_msg(def.dw_sel[i] == ref->dw_sel[i],
			      "dw_selector_%d is %u, expected %u", i,
			      def.dw_sel[i], ref->dw_sel[i]);
	for (i = 0; i < PRM_DEFINER_BYTE_SELECTORS; i++)
		ck_assert_msg(def.byte_sel[i] == ref->byte_sel[i],
			      "byte_selector_%d is %u, expected %u", i,
			      def.byte_sel[i], ref->byte_sel[i]);
	for (i = 0; i < PRM_JUMBO_TAG_SIZE; i++)
		ck_assert_msg(def.mask[i] == ref->mask[i],
			      "match_mask byte %d is %02x, expected %02x", i,
			      def.mask[i], ref->mask[i]);
	ck_assert_int_eq(hws_definer_tag(ctx, &def, (const uint8_t *)value->buf,
					 tag),
			 0);
	for (i = 0; i < PRM_JUMBO_TAG_SIZE; i++)
		ck_assert_msg(tag[i] == ref->tag[i],
			      "tag byte %d is %02x, expected %02x", i, tag[i],
			      ref->tag[i]);
	hws_definer_destroy(ctx, &def);
	ck_assert_int_eq(mlx5hws_context_close(ctx), 0);
}

/*
 * dmac ff:00:00:00:00:00 binds dmac_47_16 (header DW 0) to DW selector 0,
 * at tag bytes 32-35; dmac_15_0 has no mask bits and no copy.  The unused
 * selectors also name header DW 0, and contribute nothing: the kernel's
 * tag is 18 00 00 00 and zeros, not 18181818 in every unused slot.
 */
START_TEST(test_ref_dmac_first_byte)
{
	static const uint8_t dmac_mask[6] = { 0xff };
	static const uint8_t dmac[6] = { 0x18, 0, 0, 0, 0, 0 };
	struct t_param mask = { 0 }, value = { 0 };
	struct test_def_ref ref = { 0 };

	t_set_bytes(&mask, "outer.dmac", dmac_mask, 6);
	t_set_bytes(&value, "outer.dmac", dmac, 6);
	ref.mask[32] = 0xff;
	ref.tag[32] = 0x18;
	test_def_check(&mask, t_criteria("outer.dmac"), &value, &ref);
}
END_TEST

/*
 * The device reads only the blocks match_criteria_enable names: a value's
 * bits in another block are no part of the tag, and are not refused.  A
 * stray bit in the last byte of an enabled block still is.
 */
START_TEST(test_value_outside_enabled_blocks)
{
	static const uint8_t dmac_mask[6] = { 0xff };
	static const uint8_t dmac[6] = { 0x18, 0, 0, 0, 0, 0 };
	struct mlx5hws_context_attr attr = { .queues = 1, .queue_size = 16 };
	struct t_param mask = { 0 }, value = { 0 };
	struct test_def_ref ref = { 0 };
	uint8_t tag[PRM_JUMBO_TAG_SIZE];
	struct mlx5hws_context *ctx;
	struct hws_definer def;

	t_set_bytes(&mask, "outer.dmac", dmac_mask, 6);
	t_set_bytes(&value, "outer.dmac", dmac, 6);
	t_set(&value, "misc.vxlan_vni", 0x123456);
	t_set(&value, "meta.reg_c7", 1);
	ref.mask[32] = 0xff;
	ref.tag[32] = 0x18;
	test_def_check(&mask, t_criteria("outer.dmac"), &value, &ref);

	ctx = mlx5hws_context_open("sim:nic=" NIC, &attr);
	ck_assert_ptr_nonnull(ctx);
	ck_assert_int_eq(hws_definer_create(ctx, &def,
					    (const uint8_t *)mask.buf,
					    MLX5HWS_MATCH_PARAM_SZ,
					    t_criteria("outer.dmac")),
			 0);
	((uint8_t *)value.buf)[63] = 1;
	ck_assert_int_eq(hws_definer_tag(ctx, &def, (const uint8_t *)value.buf,
					 tag),
			 EINVAL);
	hws_definer_destroy(ctx, &def);
	ck_assert_int_eq(mlx5hws_context_close(ctx), 0);
}
END_TEST

/*
 * IPv6 source /64, destination /64, both UDP ports and the ethertype: six
 * header DWs (1: ethertype, 24: ports, 68-69: dst 127..64, 76-77: src
 * 127..64), so a match definer of six DW selectors, as the kernel builds.
 */
/*
 * The same dmac rule written to the device: the match STE the model holds
 * (its dump shows the bytes the WQE wrote) carries the kernel's tag, 0x18
 * at tag byte 32 (STE byte 0x34) and zeros elsewhere.
 */
START_TEST(test_ref_dmac_first_byte_ste)
{
	static const uint8_t dmac_mask[6] = { 0xff };
	static const uint8_t dmac[6] = { 0x18, 0x11, 0, 0, 0, 0x42 };
	enum mlx5hws_action_type drop_type = MLX5HWS_ACTION_TYP_DROP;
	struct mlx5hws_context_attr cattr = { .queues = 1, .queue_size = 16 };
	struct mlx5hws_table_attr tattr = { .type = MLX5HWS_TABLE_TYPE_NIC_RX,
					    .level = 1 };
	struct mlx5hws_rule_attr rattr = { 0 };
	struct mlx5hws_matcher_attr mattr = { 0 };
	struct t_param mask = { 0 }, value = { 0 };
	struct mlx5hws_rule_action ra = { 0 };
	struct mlx5hws_match_template *mt;
	struct mlx5hws_action_template *at;
	struct mlx5hws_context *ctx;
	struct mlx5hws_table *tbl;
	struct mlx5hws_matcher *m;
	struct mlx5hws_rule *r;
	char *text = NULL, *line;
	size_t len = 0;
	unsigned int stes = 0, b;
	FILE *f;

	t_set_bytes(&mask, "outer.dmac", dmac_mask, 6);
	/* bits outside the mask are refused, so the value is 18:00:.. */
	t_set_bytes(&value, "outer.dmac", (const uint8_t[6]){ dmac[0] }, 6);
	ctx = mlx5hws_context_open("sim:nic=" NIC, &cattr);
	ck_assert_ptr_nonnull(ctx);
	tbl = mlx5hws_table_create(ctx, &tattr);
	ck_assert_ptr_nonnull(tbl);
	ra.action = mlx5hws_action_create_dest_drop(ctx,
						    MLX5HWS_ACTION_FLAG_NIC_RX);
	ck_assert_ptr_nonnull(ra.action);
	at = mlx5hws_action_template_create(&drop_type, 1);
	mt = mlx5hws_match_template_create(ctx, mask.buf,
					   MLX5HWS_MATCH_PARAM_SZ,
					   t_criteria("outer.dmac"));
	ck_assert_ptr_nonnull(mt);
	m = mlx5hws_matcher_create(tbl, &mt, 1, &at, 1, &mattr);
	ck_assert_ptr_nonnull(m);
	r = mlx5hws_rule_create(m, 0, value.buf, 0, &ra, &rattr);
	ck_assert_ptr_nonnull(r);
	ck_assert_uint_eq(t_drain(ctx, 0), 0);

	f = open_memstream(&text, &len);
	ck_assert_int_eq(sim_dump_resources(t_nic(NIC), f), 0);
	fclose(f);
	for (line = strtok(text, "\n"); line; line = strtok(NULL, "\n")) {
		const char *hex = strrchr(line, ',');
		uint8_t ste[PRM_STE_SIZE];

		if (strncmp(line, "4930,", 5))
			continue;
		ck_assert_uint_eq(strlen(hex), 3 + 2 * PRM_STE_SIZE);
		for (b = 0; b < PRM_STE_SIZE; b++)
			sscanf(hex + 3 + 2 * b, "%2hhx", &ste[b]);
		/* the match tag: tag bytes 12..43 at STE bytes 0x20..0x3f */
		for (b = 0x20; b < PRM_STE_SIZE; b++)
			ck_assert_msg(ste[b] == (b == 0x34 ? 0x18 : 0),
				      "STE byte 0x%x is %02x", b, ste[b]);
		stes++;
	}
	ck_assert_uint_eq(stes, 1);
	free(text);

	/* a packet with the whole dmac still hits on its first byte */
	t_set_bytes(&value, "outer.dmac", dmac, 6);
	ck_assert_int_eq(t_classify(NIC, tbl, HWS_SIDE_RX, 0, &value).result,
			 HWS_RESULT_DROP);
	ck_assert_int_eq(mlx5hws_rule_destroy(r, &rattr), 0);
	ck_assert_uint_eq(t_drain(ctx, 0), 0);
	ck_assert_int_eq(mlx5hws_matcher_destroy(m), 0);
	ck_assert_int_eq(mlx5hws_match_template_destroy(mt), 0);
	ck_assert_int_eq(mlx5hws_action_template_destroy(at), 0);
	ck_assert_int_eq(mlx5hws_action_destroy(ra.action), 0);
	ck_assert_int_eq(mlx5hws_table_destroy(tbl), 0);
	ck_assert_int_eq(mlx5hws_context_close(ctx), 0);
}
END_TEST

/* IPv6 source /64, destination /64, both UDP ports and the ethertype. */
static void test_def_ipv6_prefixes(struct t_param *mask, struct t_param *value)
{
	static const uint8_t src[16] = { 0x20, 0x01, 0x0d, 0xb8, 0, 0, 0, 1 };
	static const uint8_t dst[16] = { 0xfd, 0, 0, 0, 0, 0, 0, 2 };

	t_mask_prefix(mask, "outer.ipv6_src", 64);
	t_mask_prefix(mask, "outer.ipv6_dst", 64);
	t_mask(mask, "outer.udp_sport");
	t_mask(mask, "outer.udp_dport");
	t_mask(mask, "outer.ethertype");
	t_set_bytes(value, "outer.ipv6_src", src, 16);
	t_set_bytes(value, "outer.ipv6_dst", dst, 16);
	t_set(value, "outer.udp_sport", 12345);
	t_set(value, "outer.udp_dport", 53);
	t_set(value, "outer.ethertype", 0x86dd);
}

START_TEST(test_ref_ipv6_prefixes)
{
	struct t_param mask = { 0 }, value = { 0 };
	struct test_def_ref ref = {
		.dw_sel = { 1, 24, 68, 69, 76, 77 },
		.mask = { [12] = 0xff, 0xff, 0xff,	  0xff, 0xff, 0xff,
			  0xff,	       0xff, 0xff,	  0xff, 0xff, 0xff,
			  0xff,	       0xff, 0xff,	  0xff, 0xff, 0xff,
			  0xff,	       0xff, [34] = 0xff, 0xff },
		.tag = { [12] = 0, 0,	 0,	      1,   0x20, 0x01,
			 0x0d,	   0xb8, 0,	      0,   0,	 2,
			 0xfd,	   0,	 0,	      0,   0x30, 0x39,
			 0x00,	   0x35, [34] = 0x86, 0xdd },
	};

	test_def_ipv6_prefixes(&mask, &value);
	test_def_check(&mask, t_criteria("outer.ethertype"), &value, &ref);
}
END_TEST

/*
 * The same mask through the public API: an 8DW match STE keeps room for a
 * tag action, and the rule tags the packet.
 */
START_TEST(test_ipv6_prefixes_tag_action)
{
	enum mlx5hws_action_type types[] = { MLX5HWS_ACTION_TYP_TAG,
					     MLX5HWS_ACTION_TYP_DROP };
	struct mlx5hws_context_attr cattr = { .queues = 1, .queue_size = 16 };
	struct mlx5hws_table_attr tattr = { .type = MLX5HWS_TABLE_TYPE_NIC_RX,
					    .level = 1 };
	struct mlx5hws_rule_attr rattr = { 0 };
	struct mlx5hws_matcher_attr mattr = { 0 };
	struct t_param mask = { 0 }, value = { 0 }, pkt;
	struct mlx5hws_rule_action ra[2] = { 0 };
	struct mlx5hws_match_template *mt;
	struct mlx5hws_action_template *at;
	struct mlx5hws_context *ctx;
	struct mlx5hws_table *tbl;
	struct mlx5hws_matcher *m;
	struct mlx5hws_rule *r;
	struct hws_verdict v;
	uint32_t flags = MLX5HWS_ACTION_FLAG_NIC_RX;

	test_def_ipv6_prefixes(&mask, &value);
	pkt = value;
	t_set(&pkt, "outer.ip_version", 6);
	t_set(&pkt, "outer.ip_protocol", 17);

	ctx = mlx5hws_context_open("sim:nic=" NIC, &cattr);
	ck_assert_ptr_nonnull(ctx);
	tbl = mlx5hws_table_create(ctx, &tattr);
	ck_assert_ptr_nonnull(tbl);
	ra[0].action = mlx5hws_action_create_tag(ctx, flags);
	ra[0].tag.value = 0x5150;
	ra[1].action = mlx5hws_action_create_dest_drop(ctx, flags);
	ck_assert_ptr_nonnull(ra[0].action);
	ck_assert_ptr_nonnull(ra[1].action);
	at = mlx5hws_action_template_create(types, 2);
	ck_assert_ptr_nonnull(at);
	mt = mlx5hws_match_template_create(ctx, mask.buf,
					   MLX5HWS_MATCH_PARAM_SZ,
					   t_criteria("outer.ethertype"));
	ck_assert_ptr_nonnull(mt);
	m = mlx5hws_matcher_create(tbl, &mt, 1, &at, 1, &mattr);
	ck_assert_msg(m, "a tag action on an IPv6 /64 + /64 matcher: %s",
		      strerror(errno));
	r = mlx5hws_rule_create(m, 0, value.buf, 0, ra, &rattr);
	ck_assert_ptr_nonnull(r);
	ck_assert_uint_eq(t_drain(ctx, 0), 0);

	v = t_classify(NIC, tbl, HWS_SIDE_RX, 0, &pkt);
	ck_assert_int_eq(v.result, HWS_RESULT_DROP);
	ck_assert_int_eq(v.has_tag, 1);
	ck_assert_uint_eq(v.tag, 0x5150);
	/* the host half of the address is not matched; the port is */
	t_set_bytes(&pkt, "outer.ipv6_src",
		    (const uint8_t[16]){ 0x20, 0x01, 0x0d, 0xb8, 0, 0, 0,
					 1, [15] = 0x99 },
		    16);
	ck_assert_int_eq(t_classify(NIC, tbl, HWS_SIDE_RX, 0, &pkt).result,
			 HWS_RESULT_DROP);
	t_set(&pkt, "outer.udp_dport", 54);
	ck_assert_int_eq(t_classify(NIC, tbl, HWS_SIDE_RX, 0, &pkt).result,
			 HWS_RESULT_MISS);

	ck_assert_int_eq(mlx5hws_rule_destroy(r, &rattr), 0);
	ck_assert_uint_eq(t_drain(ctx, 0), 0);
	ck_assert_int_eq(mlx5hws_matcher_destroy(m), 0);
	ck_assert_int_eq(mlx5hws_match_template_destroy(mt), 0);
	ck_assert_int_eq(mlx5hws_action_template_destroy(at), 0);
	ck_assert_int_eq(mlx5hws_action_destroy(ra[0].action), 0);
	ck_assert_int_eq(mlx5hws_action_destroy(ra[1].action), 0);
	ck_assert_int_eq(mlx5hws_table_destroy(tbl), 0);
	ck_assert_int_eq(mlx5hws_context_close(ctx), 0);
}
END_TEST

/* A template mask refused with EINVAL, and a log that names the fields. */
static void test_def_refused(const struct t_param *mask, uint8_t criteria,
			     const char *name1, const char *name2)
{
	struct mlx5hws_context_attr attr = { .queues = 1, .queue_size = 16 };
	struct mlx5hws_context *ctx;

	ctx = mlx5hws_context_open("sim:nic=" NIC, &attr);
	ck_assert_ptr_nonnull(ctx);
	t_log_capture();
	errno = 0;
	ck_assert_ptr_null(mlx5hws_match_template_create(
		ctx, mask->buf, MLX5HWS_MATCH_PARAM_SZ, criteria));
	ck_assert_int_eq(errno, EINVAL);
	ck_assert_msg(
		strstr(t_log_text(), name1) && strstr(t_log_text(), name2),
		"the log names %s and %s: %s", name1, name2, t_log_text());
	ck_assert_int_eq(mlx5hws_context_close(ctx), 0);
}

/* A packet has one tunnel: VXLAN VNI and GRE key are refused together. */
START_TEST(test_vxlan_with_gre_refused)
{
	struct t_param mask = { 0 };

	t_mask(&mask, "misc.vxlan_vni");
	t_mask(&mask, "misc.gre_key");
	test_def_refused(&mask, t_criteria("misc.gre_key"), "misc.vxlan_vni",
			 "misc.gre_key");
}
END_TEST

/*
 * An address says IPv4 or IPv6 only with the IP version: the mask must
 * hold the full ethertype or ip_version of the same headers.
 */
START_TEST(test_address_without_version_refused)
{
	struct mlx5hws_context_attr attr = { .queues = 1, .queue_size = 16 };
	struct t_param mask = { 0 };
	struct mlx5hws_context *ctx;
	struct mlx5hws_match_template *mt;

	t_mask(&mask, "outer.ipv4_dst");
	test_def_refused(&mask, t_criteria("outer.ipv4_dst"), "outer.ipv4_dst",
			 "outer.ethertype");
	/* half an ethertype is not one */
	t_set(&mask, "outer.ethertype", 0xff00);
	test_def_refused(&mask, t_criteria("outer.ipv4_dst"), "outer.ipv4_dst",
			 "0xff00");
	/* the outer version says nothing of the inner headers */
	memset(&mask, 0, sizeof(mask));
	t_mask(&mask, "outer.ip_version");
	t_mask_prefix(&mask, "inner.ipv6_src", 64);
	test_def_refused(&mask,
			 t_criteria("outer.ip_version") |
				 t_criteria("inner.ipv6_src"),
			 "inner.ipv6_src", "inner.ip_version");

	/* with the version or the full ethertype, both are taken */
	ctx = mlx5hws_context_open("sim:nic=" NIC, &attr);
	ck_assert_ptr_nonnull(ctx);
	t_mask(&mask, "inner.ip_version");
	mt = mlx5hws_match_template_create(
		ctx, mask.buf, MLX5HWS_MATCH_PARAM_SZ,
		t_criteria("outer.ip_version") | t_criteria("inner.ipv6_src"));
	ck_assert_ptr_nonnull(mt);
	ck_assert_int_eq(mlx5hws_match_template_destroy(mt), 0);
	memset(&mask, 0, sizeof(mask));
	t_mask(&mask, "outer.ethertype");
	t_mask(&mask, "outer.ipv4_src");
	mt = mlx5hws_match_template_create(ctx, mask.buf,
					   MLX5HWS_MATCH_PARAM_SZ,
					   t_criteria("outer.ipv4_src"));
	ck_assert_ptr_nonnull(mt);
	ck_assert_int_eq(mlx5hws_match_template_destroy(mt), 0);
	ck_assert_int_eq(mlx5hws_context_close(ctx), 0);
}
END_TEST

int main(void)
{
	Suite *s = suite_create("definer");
	TCase *tc = tcase_create("match_param_set");

	tcase_add_test(tc, test_match_param_set_exact_size);
	suite_add_tcase(s, tc);
	tc = tcase_create("reference");
	tcase_add_test(tc, test_ref_dmac_first_byte);
	tcase_add_test(tc, test_ref_dmac_first_byte_ste);
	tcase_add_test(tc, test_value_outside_enabled_blocks);
	tcase_add_test(tc, test_ref_ipv6_prefixes);
	tcase_add_test(tc, test_ipv6_prefixes_tag_action);
	suite_add_tcase(s, tc);
	tc = tcase_create("refused");
	tcase_add_test(tc, test_vxlan_with_gre_refused);
	tcase_add_test(tc, test_address_without_version_refused);
	suite_add_tcase(s, tc);
	return t_run(s);
}

/* SPDX-License-Identifier: GPL-2.0 OR Linux-OpenIB */
/*
 * The provider seam: the only calls libhws makes into a device.
 *
 * Every operation carries PRM bytes exactly as rdma-core's DevX calls take
 * them.  A provider is a table of operations on opaque handles; libhws never
 * sees what is behind them.  Two providers exist: "mlx5" (a real NIC through
 * libmlx5 DevX) and "sim" (the device model).
 *
 * Errors: constructors return NULL and set errno; the other calls return 0
 * or a positive errno.  A command the device refused fails with EREMOTEIO
 * and leaves PRM status and syndrome in the output buffer, as the kernel's
 * DevX path does.
 *
 * Besides the DevX calls, a provider may offer introspection that tools
 * use and libhws does not: tracing a packet through the steering pipeline,
 * the device memory in use, and a dump of the hardware resources.  The
 * model offers all three; a NIC offers none, and the calls then return
 * EOPNOTSUPP.
 */
#ifndef HWS_PROVIDER_H
#define HWS_PROVIDER_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <endian.h>
#include <errno.h>
#include <linux/types.h>

struct ibv_context;

/* Access flag for umem_reg, the value of IBV_ACCESS_LOCAL_WRITE. */
#define HWS_UMEM_ACCESS_LOCAL_WRITE 1u

/*
 * Handles.  Each provider embeds these as the first member of its own
 * structures; the operations are reached through dev->ops.
 */
struct hws_dev {
	const struct hws_provider_ops *ops;
	char name[64];
};

struct hws_devx_obj { /* an object created by obj_create */
	struct hws_dev *dev;
};

struct hws_umem { /* host memory registered for device access */
	struct hws_dev *dev;
};

struct hws_uar { /* a doorbell page */
	struct hws_dev *dev;
};

/*
 * Root tables (level 0) are the kernel's: a program reaches them through
 * verbs (mlx5dv_create_flow_matcher, mlx5dv_create_flow), not PRM
 * commands.  A root matcher holds a mask in fte_match_param layout; its
 * rules a value and actions that name DevX objects.
 */
struct hws_root_matcher {
	struct hws_dev *dev;
};

struct hws_root_rule {
	struct hws_dev *dev;
};

/* ft_type: the uAPI values of MLX5DV_FLOW_TABLE_TYPE_*, not PRM's. */
enum hws_root_ft_type {
	HWS_ROOT_FT_NIC_RX = 0,
	HWS_ROOT_FT_NIC_TX = 1,
	HWS_ROOT_FT_FDB = 2,
};

/* The kernel's root priorities: 0..HWS_ROOT_PRIO_MAX, lower first. */
#define HWS_ROOT_PRIO_MAX 15

struct hws_root_matcher_attr {
	uint8_t ft_type;		/* enum hws_root_ft_type */
	uint16_t priority;
	uint8_t match_criteria_enable;
	const void *mask;		/* fte_match_param */
	size_t mask_sz;
};

enum hws_root_action_type {
	HWS_ROOT_ACTION_DEST_FT,	/* obj: a flow table */
	HWS_ROOT_ACTION_DEST_TIR,	/* obj: a TIR, or NULL and value tirn */
	HWS_ROOT_ACTION_DROP,
	HWS_ROOT_ACTION_COUNTER,	/* obj: a counter bulk; value: offset */
	HWS_ROOT_ACTION_TAG,		/* value: the flow tag (NIC RX) */
};

struct hws_root_action {
	enum hws_root_action_type type;
	struct hws_devx_obj *obj;
	uint32_t value;
};

#define HWS_ROOT_MAX_ACTIONS 4

struct hws_root_rule_attr {
	const void *value;		/* fte_match_param, within the mask */
	size_t value_sz;
	unsigned int num_actions;
	const struct hws_root_action *actions;
};

/* Introspection: a packet, and what steering did with it. */
enum hws_side {
	HWS_SIDE_RX, /* arrives from the wire (uplink) */
	HWS_SIDE_TX, /* sent by a vport */
};

enum hws_result {
	HWS_RESULT_MISS,	/* default processing: no rule decided */
	HWS_RESULT_DROP,
	HWS_RESULT_VPORT,
	HWS_RESULT_UPLINK,
	HWS_RESULT_LOOP,	/* too many hops: a steering loop */
	HWS_RESULT_TIR,		/* delivered to an RQ through a TIR (NIC RX) */
	HWS_RESULT_COPIES,	/* several destinations: see copies[] */
};

#define HWS_MAX_HITS 16

/* What an STE hit did, in the order the device does it. */
enum hws_hit_action_type {
	HWS_HIT_COUNT,	 /* arg: the flow counter id; arg2: its offset */
	HWS_HIT_TAG,	 /* arg: the flow tag */
	HWS_HIT_DROP,
	HWS_HIT_JUMP,	 /* arg: the flow table id */
	HWS_HIT_VPORT,	 /* arg: the vport */
	HWS_HIT_UPLINK,
	HWS_HIT_TIR,	 /* arg: the TIR number */
	HWS_HIT_DEFAULT, /* to the device's default processing */
	HWS_HIT_REWRITE, /* arg: the STC action type; arg2: the STE's DW7 */
	HWS_HIT_ACTION_STE, /* arg: the action STE's index in its table */
};

#define HWS_HIT_MAX_ACTIONS 8

/* The longest frame the device rewrites: a jumbo frame and an encap. */
#define HWS_FRAME_MAX 9472

struct hws_hit_action {
	enum hws_hit_action_type type;
	uint32_t arg;
	uint32_t arg2;
};

/* A matcher STE a packet hit on its way through the tables. */
struct hws_hit {
	uint32_t ft_id;
	uint32_t rtc_id;
	uint32_t ste_index; /* inside the RTC's STE range */
	uint8_t tag_len;    /* 32 (match STE) or 44 (jumbo STE) */
	uint8_t tag[44];    /* the match tag of the STE hit */
	unsigned int num_actions;
	struct hws_hit_action actions[HWS_HIT_MAX_ACTIONS];
};

/*
 * A packet is a frame as it is on the wire, from the destination MAC to
 * the end of the payload, without the FCS; the device parses it.  Tests
 * that build the parsed fields themselves leave frame NULL and give them
 * in match instead.
 */
struct hws_packet {
	const uint8_t *frame;
	uint32_t frame_len; /* also the length counters count */
	/* without a frame: field values in fte_match_param layout (512
	 * bytes, big endian) and the length for counters
	 */
	uint8_t match[512];
	uint32_t bytes;
	enum hws_side side;
	uint16_t vport;	/* the sending vport, for HWS_SIDE_TX */
	uint32_t sqn;	/* with a frame, HWS_SIDE_TX: the SQ that sent it */
};

#define HWS_MAX_COPIES 16
#define HWS_COPY_HEADER_MAX 128

/*
 * One copy of a packet a multi-destination entry sent on, and what became
 * of it.  The copy's frame is header[] followed by the frame that reached
 * the entry: a reformat (an L2 encap) puts its bytes in front.
 */
struct hws_copy {
	enum hws_result result; /* VPORT, UPLINK, TIR, DROP, MISS or LOOP */
	uint16_t vport;
	uint32_t ft_id;	/* sent to a flow table: that table, else 0 */
	uint32_t tir;
	uint32_t rq;
	uint32_t rss_hash;
	int has_tag;
	uint32_t tag;
	uint16_t header_len;
	uint8_t header[HWS_COPY_HEADER_MAX];
};

/* What the device did with a packet. */
struct hws_verdict {
	enum hws_result result;
	uint16_t vport;
	int has_tag;
	uint32_t tag;
	/*
	 * HWS_RESULT_TIR: the TIR, the RQ it chose and its RSS hash; also
	 * for HWS_RESULT_DROP when the RQ was not ready (tir is then not 0).
	 */
	uint32_t tir;
	uint32_t rq;
	uint32_t rss_hash;
	/* a frame: the bytes of headers the parser went through */
	uint32_t parsed_len;
	/*
	 * a frame the actions rewrote: the bytes the device sends on; 0
	 * when it goes on as it came
	 */
	uint32_t out_len;
	uint8_t out_frame[HWS_FRAME_MAX];
	unsigned int num_hits;
	struct hws_hit hits[HWS_MAX_HITS];
	/*
	 * HWS_RESULT_COPIES: each destination's copy, in list order; a copy
	 * sent to a table that copies again is replaced by its copies.  At
	 * most HWS_MAX_COPIES are reported.
	 */
	unsigned int num_copies;
	struct hws_copy copies[HWS_MAX_COPIES];
};

/* Device memory (ICM) in use, in 4 KiB pages. */
struct hws_dev_usage {
	uint64_t icm_pages;
	uint64_t icm_pages_peak;
	uint64_t icm_pages_max; /* 0: no limit */
};

struct hws_provider_ops {
	/* Non-object commands, e.g. QUERY_HCA_CAP. */
	int (*general_cmd)(struct hws_dev *dev, const void *in, size_t inlen,
			   void *out, size_t outlen);
	/*
	 * Objects: general objects (RTC, STC, STE, DEFINER), flow tables,
	 * flow counters, PD, CQ and SQ.  Destroy builds the matching destroy
	 * command from the create, as the kernel does.
	 */
	struct hws_devx_obj *(*obj_create)(struct hws_dev *dev, const void *in,
					   size_t inlen, void *out,
					   size_t outlen);
	int (*obj_modify)(struct hws_devx_obj *obj, const void *in,
			  size_t inlen, void *out, size_t outlen);
	int (*obj_query)(struct hws_devx_obj *obj, const void *in,
			 size_t inlen, void *out, size_t outlen);
	int (*obj_destroy)(struct hws_devx_obj *obj);
	/* Host memory the device reads or writes (rings, doorbell records). */
	struct hws_umem *(*umem_reg)(struct hws_dev *dev, void *addr,
				     size_t size, uint32_t access,
				     uint32_t *umem_id);
	int (*umem_dereg)(struct hws_umem *umem);
	/* The EQ that completion vector reports to: cqc.c_eqn of a CQ. */
	int (*query_eqn)(struct hws_dev *dev, uint32_t vector, uint32_t *eqn);
	/* A doorbell page; page_id goes into sqc.wq.uar_page and cqc. */
	struct hws_uar *(*uar_alloc)(struct hws_dev *dev, uint32_t *page_id);
	void (*uar_free)(struct hws_uar *uar);
	/*
	 * Publish the producer counter: write it to doorbell-record DW 1, then
	 * write the first 8 bytes of the last WQE's control segment to the
	 * UAR register.  On the model this makes the device consume the ring.
	 */
	void (*ring_doorbell)(struct hws_uar *uar, __be32 *dbrec,
			      uint16_t producer_counter, const void *ctrl_seg);
	void (*close)(struct hws_dev *dev);
	/*
	 * The vhca_id (GVMI) of E-Switch vport `vport`, as the kernel reports
	 * it for the IB port that represents the vport (mlx5dv_query_port(),
	 * vport_vhca_id).  Unlike QUERY_HCA_CAP with other_function, it is
	 * right for SFs and for a BlueField's host functions.  ENOENT when no
	 * port is that vport.
	 */
	int (*query_vport_vhca_id)(struct hws_dev *dev, uint16_t vport,
				   uint16_t *vhca_id);
	/*
	 * Errors the device raises on its own, with no CQE: a CQ error (an
	 * overrun) or a catastrophic error of an SQ.  watch_errors() subscribes
	 * obj, a CQ or an SQ, with a cookie; next_error() returns at once the
	 * cookie of an error raised since, or ENOENT.  On a NIC these are
	 * DevX events on one event channel of the context.
	 */
	int (*watch_errors)(struct hws_devx_obj *obj, uint64_t cookie);
	int (*next_error)(struct hws_dev *dev, uint64_t *cookie);

	/*
	 * Root matchers and rules.  Errors are the kernel's errnos: EINVAL
	 * for a bad mask, value, action or FDB without an E-Switch manager,
	 * ENOMEM for a priority above HWS_ROOT_PRIO_MAX, ENOENT for a
	 * destination that does not exist, EPERM for another context's,
	 * EOPNOTSUPP for what the device or kernel does not offer.
	 */
	struct hws_root_matcher *(*root_matcher_create)(
		struct hws_dev *dev, const struct hws_root_matcher_attr *attr);
	int (*root_matcher_destroy)(struct hws_root_matcher *matcher);
	struct hws_root_rule *(*root_rule_create)(
		struct hws_root_matcher *matcher,
		const struct hws_root_rule_attr *attr);
	int (*root_rule_destroy)(struct hws_root_rule *rule);

	/* Optional introspection; NULL where the device cannot. */
	/* Send pkt to flow table ft_id; ENOENT when ft_id is no flow table. */
	int (*trace_packet)(struct hws_dev *dev, uint32_t ft_id,
			    const struct hws_packet *pkt,
			    struct hws_verdict *verdict);
	/*
	 * A packet arrives at the port, as pkt->side and pkt->vport say: it
	 * starts at the root tables (FDB first with an E-Switch, then the
	 * NIC's), as the device takes it.
	 */
	int (*inject_packet)(struct hws_dev *dev, const struct hws_packet *pkt,
			     struct hws_verdict *verdict);
	int (*query_usage)(struct hws_dev *dev, struct hws_dev_usage *usage);
	/* The records 4900..4901 that follow a debug dump; EIO on a write. */
	int (*dump_resources)(struct hws_dev *dev, FILE *f);
};

/*
 * Open a device by name: "sim", "sim:key=value,..." or an RDMA device name
 * such as "mlx5_0".  On failure returns NULL, sets errno, and writes a
 * one-line reason into why.
 */
struct hws_dev *hws_dev_open(const char *name, char *why, size_t whylen);

/* Adopt an ibv_context the caller opened with DevX (the real provider). */
struct hws_dev *hws_dev_adopt_ibv(struct ibv_context *ibv_ctx, char *why,
				  size_t whylen);

static inline void hws_dev_close(struct hws_dev *dev)
{
	dev->ops->close(dev);
}

static inline int hws_dev_trace_packet(struct hws_dev *dev, uint32_t ft_id,
				       const struct hws_packet *pkt,
				       struct hws_verdict *verdict)
{
	if (!dev->ops->trace_packet)
		return EOPNOTSUPP;
	return dev->ops->trace_packet(dev, ft_id, pkt, verdict);
}

static inline int hws_dev_inject_packet(struct hws_dev *dev,
					const struct hws_packet *pkt,
					struct hws_verdict *verdict)
{
	if (!dev->ops->inject_packet)
		return EOPNOTSUPP;
	return dev->ops->inject_packet(dev, pkt, verdict);
}

static inline int hws_dev_query_usage(struct hws_dev *dev,
				      struct hws_dev_usage *usage)
{
	if (!dev->ops->query_usage)
		return EOPNOTSUPP;
	return dev->ops->query_usage(dev, usage);
}

static inline int hws_dev_dump_resources(struct hws_dev *dev, FILE *f)
{
	if (!dev->ops->dump_resources)
		return EOPNOTSUPP;
	return dev->ops->dump_resources(dev, f);
}

/* Provider entry points, used by hws_dev_open(). */
struct hws_dev *hws_sim_open(const char *spec, char *why, size_t whylen);
struct hws_dev *hws_mlx5_open(const char *name, char *why, size_t whylen);
struct hws_dev *hws_mlx5_adopt(struct ibv_context *ibv_ctx, char *why,
			       size_t whylen);

#endif /* HWS_PROVIDER_H */

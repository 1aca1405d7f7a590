/* SPDX-License-Identifier: GPL-2.0 OR Linux-OpenIB */
/*
 * Internals of the device model.  The model shares only the PRM layouts with
 * libhws (libhws/prm.h); everything here is its own.
 */
#ifndef HWS_SIM_INTERNAL_H
#define HWS_SIM_INTERNAL_H

#include <pthread.h>
#include <stdbool.h>
#include <stdint.h>

#include "../provider.h"
#include "../../libhws/prm.h"
#include "sim.h"

#define SIM_ICM_PAGE_SIZE 4096u
/*
 * What threads write apart: the L2 fetches lines in pairs, so two lines of
 * one 128-byte block still pass between the cores that write them.
 */
#define SIM_CACHE_APART 128
#define SIM_STC_ICM_BYTES 64u	  /* one STC slot in device memory */
#define SIM_COUNTER_ICM_BYTES 16u /* packets and octets, 64 bits each */
#define SIM_UPLINK_VPORT 0xffffu
#define SIM_MAX_HOPS 64

/*
 * ICM addresses, as indexes of 64-byte units, for resource dumps: STE ranges
 * from SIM_ICM_STE_BASE, flow-table roots from SIM_ICM_FT_BASE, and the
 * fixed destinations of terminal actions.
 */
#define SIM_ICM_STE_BASE 0x10000000u
#define SIM_ICM_DEST_BASE 0x20000000u
#define SIM_ICM_DEST_DROP (SIM_ICM_DEST_BASE + 0x10000)
#define SIM_ICM_DEST_ALLOW (SIM_ICM_DEST_BASE + 0x10001)
#define SIM_ICM_DEST_TIR_BASE (SIM_ICM_DEST_BASE + 0x1000000) /* + tirn */
#define SIM_ICM_FT_BASE 0x30000000u

/*
 * The trivial match definer (cap trivial_match_definer): it selects
 * nothing, for tables written by offset (action STEs).  No other definer
 * takes its id.
 */
#define SIM_TRIVIAL_DEFINER_ID 0x1f

/* Definer ids fit the 8 bits an STE names its definer with. */
#define SIM_DEFINER_ID_BASE 0x20
#define SIM_DEFINER_IDS 0xe0

#define sim_container_of(ptr, type, member)                                    \
	((type *)((char *)(ptr) - offsetof(type, member)))

/* Capability profile: raw capability blocks plus the model's own limits. */
struct sim_profile {
	uint8_t general[256];
	uint8_t general2[256];
	uint8_t nic_ft[4096];
	uint8_t esw_ft[4096];
	uint8_t esw[256];
	uint8_t wqe[256];
	uint64_t icm_pages_max;
	uint16_t vports;
	uint32_t comp_eqn_base; /* the EQ number of completion vector 0 */
};

/*
 * Id spaces: general objects share one, as one firmware table holds them;
 * definers take small ids within it (an STE names its definer in 8 bits).
 */
enum sim_id_space {
	SIM_SPACE_GENERAL,
	SIM_SPACE_FT,
	SIM_SPACE_COUNTER,
	SIM_SPACE_PD,
	SIM_SPACE_CQ,
	SIM_SPACE_SQ,
	SIM_SPACE_TD,
	SIM_SPACE_RQ,
	SIM_SPACE_RQT,
	SIM_SPACE_TIR,
	SIM_SPACE_FG,
	SIM_SPACE_FTE, /* the model's own handles; firmware names an FTE by index */
	SIM_SPACE_REFORMAT,
	/* ARG ids are aligned to their range: id + offset names an entry */
	SIM_SPACE_ARG,
	SIM_SPACE_MAX,
};

/* One STE as the device keeps it: the written image plus its action slots. */
struct sim_ste_rec {
	uint32_t slot;	 /* index inside the STE object */
	uint8_t nslots;	 /* stc_ix[] in use: the last slot named + 1 */
	uint32_t rtc_id; /* the RTC that wrote it, whose STCs it names */
	uint32_t stc_ix[PRM_STC_IX_MAX];
	uint8_t image[PRM_STE_SIZE];
};

/*
 * Sparse STE storage: open addressing from slot to record index.  A growth
 * keeps the old buckets until their keys have moved over, a few buckets
 * per change, and records come in chunks, so that no single STE write
 * rehashes or copies them all.  A free record holds the next free one's
 * index + 1 in its slot.
 *
 * The slots are spread over shards by their low bits, each with its own
 * lock, so that queues write different rows at once: every column of a
 * hash row of 2^SIM_STE_SHARDS_LOG rows or more lies in one shard.
 */
/*
 * Records a chunk holds: each chunk is a heap growth, which the kernel
 * makes every thread of the process wait for, but 256 left 15 MiB more
 * unused at 1M rules for 2% more speed with two threads
 */
#define SIM_STE_CHUNK 64
#define SIM_STE_SHARDS_LOG 6
#define SIM_STE_SHARDS (1u << SIM_STE_SHARDS_LOG)
struct sim_ste_shard {
	pthread_spinlock_t lock;
	uint32_t *keys;	   /* slot + 1; 0 marks an empty bucket */
	uint32_t *vals;	   /* index into the records */
	uint32_t buckets;  /* power of two */
	uint32_t used;
	uint32_t *old_keys; /* before the last growth, until emptied */
	uint32_t *old_vals;
	uint32_t old_buckets;
	uint32_t old_used;
	uint32_t migrated; /* old buckets below it are empty */
	/*
	 * records in chunks of SIM_STE_CHUNK: none moves when they grow;
	 * the table of chunks doubles
	 */
	struct sim_ste_rec **chunks;
	uint32_t nchunks, chunks_cap, nrecs;
	uint32_t free_head; /* a free record's index + 1, 0 for none */
} __attribute__((aligned(SIM_CACHE_APART)));

struct sim_ste_store {
	struct sim_ste_shard *shards; /* SIM_STE_SHARDS of them */
};

struct sim_obj;

/* A destination of a flow table entry (fw_table.c). */
struct sim_fte_dest {
	uint8_t type; /* MLX5_FLOW_DESTINATION_TYPE_* */
	uint16_t vport; /* VPORT; MLX5_VPORT_UPLINK is the uplink */
	struct sim_obj *obj; /* FLOW_TABLE or TIR, held */
	struct sim_obj *reformat; /* held, or NULL */
};

struct sim_stc_slot {
	bool programmed;
	uint8_t action_type;
	uint8_t action_offset;
	uint8_t reparse_mode;
	uint8_t param[16];
	/*
	 * The objects the action names: FT, flow counter, TIR, STE object,
	 * pattern; target2 the ARG of a modify list or insert, or the definer
	 * of a jump to an STE table.
	 */
	struct sim_obj *target;
	struct sim_obj *target2;
};

/* A GENEVE option the device parses: which, and its data length. */
struct sim_geneve_opt {
	uint16_t opt_class;
	uint8_t type;
	uint8_t len; /* data, in 4-byte words */
};

struct sim_obj {
	struct hws_devx_obj handle;
	struct sim_obj *hnext;	/* id hash chain */
	struct sim_obj *unext;	/* list of the uid's objects */
	struct sim_obj **uprev;
	enum sim_obj_kind kind;
	enum sim_id_space space;
	uint16_t uid;
	uint32_t id;
	uint32_t users;		/* references from other objects */
	uint64_t icm_pages;
	struct sim_ctx *err_ctx; /* subscribed to its error event, or NULL */
	uint64_t err_cookie;
	union {
		struct {
			uint8_t log_size;
			bool overrun; /* in error: no CQE goes in any more */
			uint8_t *ring;
			__be32 *dbrec;
			uint32_t producer;
		} cq;
		struct {
			struct sim_obj *cq;
			struct sim_obj *pd;
			uint8_t state;
			uint8_t log_size;
			bool flush_in_error;
			uint8_t *ring;
			__be32 *dbrec;
			uint32_t uar_page;
			uint16_t consumer;
		} sq;
		struct {
			uint8_t table_type;
			uint8_t level;
			uint8_t miss_action;
			struct sim_obj *miss_ft;
			struct sim_obj *rtc[2];
			uint32_t icm_root[2]; /* RX, TX: where lookups enter */
			/* firmware-managed (not rtc_valid): groups, entries */
			bool fw;
			uint8_t log_size;
			struct sim_obj *groups; /* fg.next chain */
			struct sim_obj *ftes; /* fte.next chain, by index */
		} ft;
		struct {
			struct sim_obj *ft; /* held */
			struct sim_obj *next;
			uint32_t start, end; /* flow indexes */
		} fg;
		struct {
			struct sim_obj *ft; /* held */
			struct sim_obj *fg; /* held */
			struct sim_obj *next;
			uint32_t index;
			uint16_t action; /* MLX5_FLOW_CONTEXT_ACTION_* */
			uint32_t ndests;
			struct sim_fte_dest *dests;
		} fte;
		struct {
			uint8_t type;
			uint16_t size;
			uint8_t *data;
		} reformat;
		struct {
			uint32_t count;
			uint64_t *packets;
			uint64_t *octets;
		} counter;
		struct {
			uint8_t dw_sel[PRM_DEFINER_DW_SELECTORS];
			uint8_t byte_sel[PRM_DEFINER_BYTE_SELECTORS];
			uint8_t mask[PRM_JUMBO_TAG_SIZE];
		} definer;
		struct {
			uint8_t table_type;
			uint8_t log_range;
			struct sim_stc_slot *slots;
		} stc;
		struct {
			uint8_t table_type;
			uint8_t log_hash_size;
			uint8_t log_depth;
			uint8_t ste_format;
			uint8_t update_mode; /* insert by hash or by offset */
			uint8_t reparse_mode;
			/* num_hash_definer 1: definer only hashes */
			bool hash_definer;
			/* update_method 1: STEs come by GENERATE_WQE only */
			bool fw_update;
			struct sim_obj *pd;
			struct sim_obj *definer;
			struct sim_obj *stc;
			struct sim_obj *ste;
			uint32_t ste_offset;
			struct sim_obj *miss_ft;
		} rtc;
		struct {
			uint8_t table_type;
			uint8_t log_range;
			uint32_t icm_base; /* index of its first STE in ICM */
			struct sim_ste_store store;
		} ste;
		struct {
			struct sim_obj *cq;
			struct sim_obj *pd;
			uint8_t state; /* MLX5_RQC_STATE_* */
		} rq;
		struct {
			uint32_t size;		/* rqt_actual_size */
			struct sim_obj **rqs;	/* size entries, each held */
		} rqt;
		struct {
			uint8_t disp_type;
			uint8_t hash_fn;
			struct sim_obj *td;
			struct sim_obj *rq;	/* DIRECT */
			struct sim_obj *rqt;	/* INDIRECT */
			bool inner;		/* hash the inner headers */
			uint8_t l3_prot_type;
			uint8_t l4_prot_type;
			uint32_t fields;	/* MLX5_HASH_FIELD_SEL_* */
			uint8_t key[PRM_TOEPLITZ_KEY_SIZE];
		} tir;
		struct {
			uint8_t len; /* actions */
			uint8_t *actions; /* len 8-byte actions, as written */
		} pattern;
		struct {
			uint8_t log_range;
			struct sim_obj *pd;
			uint8_t *data; /* PRM_ARG_ENTRY_SIZE << log_range */
		} arg;
		struct sim_geneve_opt geneve_opt;
	};
};

/* An entry of a NIC's per-uid lists: registered memory and UARs. */
struct sim_res {
	struct sim_res *next;
	uint16_t uid;
};

struct sim_umem {
	struct hws_umem handle;
	struct sim_res res;
	uint32_t id;
	uint32_t access; /* HWS_UMEM_ACCESS_* */
	uint8_t *addr;
	size_t size;
};

struct sim_uar {
	struct hws_uar handle;
	struct sim_res res;
	uint32_t page_id;
};

/* A root table's matcher and rules (root.c), as the kernel keeps them. */
struct sim_root_act {
	enum hws_root_action_type type;
	struct sim_obj *obj; /* held */
	uint32_t value;
};

struct sim_root_matcher;

struct sim_root_rule {
	struct hws_root_rule handle;
	struct sim_root_rule *next; /* the matcher's, oldest first */
	struct sim_root_matcher *matcher;
	uint8_t value[PRM_FTE_MATCH_PARAM_BYTES];
	unsigned int num_actions;
	struct sim_root_act actions[HWS_ROOT_MAX_ACTIONS];
};

struct sim_root_matcher {
	struct hws_root_matcher handle;
	struct sim_root_matcher *next; /* the root's, by priority */
	uint16_t uid;
	uint8_t ft_type;
	uint16_t priority;
	uint8_t mask[PRM_FTE_MATCH_PARAM_BYTES];
	struct sim_root_rule *rules;
};

#define SIM_ROOT_TYPES (HWS_ROOT_FT_FDB + 1)

struct sim_fault_cmd {
	uint32_t countdown; /* 0: disarmed */
	uint32_t repeat;    /* faults still due after the next one */
	uint16_t opcode;
	uint8_t status;
};

struct sim_fault_wqe {
	uint32_t countdown;
	uint32_t every;
	enum sim_wqe_fault fault;
};

/*
 * Lock stripes (lock.c): an object takes the stripe of its id modulo the
 * stripes, so that queues created in a row never share one.  16, since
 * the device-still lock holds them all and ThreadSanitizer follows at most
 * 64 locks a thread holds.
 */
#define SIM_LOCK_STRIPES_LOG 4
#define SIM_LOCK_STRIPES (1u << SIM_LOCK_STRIPES_LOG)
/*
 * The counts WQE execution moves on every WQE, per SQ stripe: changed
 * under the stripe's lock (or the exclusive one), so that queues running
 * in parallel share no counter; sim_nic_stats() adds them up.
 */
struct sim_exec_counts {
	uint64_t wqes;
	uint64_t doorbells;
	uint64_t stes;
	uint64_t ste_bytes;
	uint64_t gta_failures;
};

/* Each stripe on cache lines of its own: queues of two threads share none. */
struct sim_sq_stripe {
	pthread_mutex_t lock;
	struct sim_exec_counts counts;
} __attribute__((aligned(SIM_CACHE_APART)));

struct sim_cq_stripe {
	pthread_mutex_t lock;
} __attribute__((aligned(SIM_CACHE_APART)));

struct sim_locks {
	struct sim_sq_stripe sq[SIM_LOCK_STRIPES];
	struct sim_cq_stripe cq[SIM_LOCK_STRIPES];
	pthread_mutex_t event;
};

struct sim_nic {
	struct sim_nic *next;
	char name[32];
	pthread_mutex_t lock; /* see lock.c */
	struct sim_locks locks;
	unsigned int refs;
	struct sim_profile profile;
	uint16_t next_uid;
	uint64_t uids_used[(UINT16_MAX + 1) / 64]; /* bit n: uid n is open */
	uint32_t next_id[SIM_SPACE_MAX];
	uint32_t next_definer_id;
	uint32_t next_umem_id;
	uint32_t next_ste_icm;	/* ICM indexes, in 64-byte STE units */
	uint32_t next_uar_page;
	struct sim_obj **objs;	/* hash by (space, id) */
	uint32_t obj_buckets;
	uint32_t obj_count;
	struct sim_res *umems;
	struct sim_res *uars;
	struct sim_stats stats;
	struct sim_fault_cmd cmd_fault;
	struct sim_fault_wqe wqe_fault;
	/* root tables by ft_type: every uid's matchers */
	struct sim_root_matcher *root[SIM_ROOT_TYPES];
	/* the GENEVE option the flex parser reads, or NULL */
	struct sim_obj *geneve_opt;
};

#define SIM_CTX_ERRORS 64 /* error events a context holds unread */

/* A DevX user context: what hws_dev_open() returns. */
struct sim_ctx {
	struct hws_dev dev;
	struct sim_nic *nic;
	uint16_t uid;
	struct sim_obj *objs; /* every object this uid owns */
	/* error events not yet read: cookies, a FIFO the device fills under
	 * locks.event and the reader empties under the exclusive lock */
	uint64_t errors[SIM_CTX_ERRORS];
	uint32_t errors_head, errors_count;
};

/*
 * The model's completion EQs, one per vector, numbered from the profile's
 * comp_eqn_base: after the async EQs on a plain NIC, far above 255 on one
 * with many functions.
 */
#define SIM_COMP_EQN_BASE 7
#define SIM_COMP_VECTORS 8

static inline bool sim_comp_eqn_valid(const struct sim_profile *p,
				      uint32_t eqn)
{
	return eqn >= p->comp_eqn_base &&
	       eqn - p->comp_eqn_base < SIM_COMP_VECTORS;
}

static inline struct sim_ctx *sim_ctx_of(struct hws_dev *dev)
{
	return sim_container_of(dev, struct sim_ctx, dev);
}

/* caps.c */
int sim_profile_init(struct sim_profile *p, const char *spec, char *nic_name,
		     size_t nic_name_len, char *why, size_t whylen);
uint32_t sim_cap_get(const uint8_t *block, size_t bit_off, size_t bit_sz);
uint64_t sim_cap_get64(const uint8_t *block, size_t bit_off);
#define SIM_CAP(p, blk, typ, fld)                                              \
	sim_cap_get((p)->blk, PRM_BIT_OFF(typ, fld), PRM_BIT_SZ(typ, fld))
#define SIM_CAP64(p, blk, typ, fld) sim_cap_get64((p)->blk, PRM_BIT_OFF(typ, fld))
bool sim_obj_type_supported(const struct sim_profile *p, uint16_t obj_type);
bool sim_stc_action_supported(const struct sim_profile *p, uint8_t action);
/* The vhca_id of a vport: the PF's own for SIM_UPLINK_VPORT. */
uint16_t sim_vport_vhca_id(const struct sim_profile *p, uint16_t vport);
bool sim_vport_exists(const struct sim_profile *p, uint16_t vport);

/* port.c: the seam's query_vport_vhca_id */
int sim_query_vport_vhca_id(struct hws_dev *dev, uint16_t vport,
			    uint16_t *vhca_id);

/* events.c: the seam's watch_errors and next_error */
int sim_watch_errors(struct hws_devx_obj *obj, uint64_t cookie);
int sim_next_error(struct hws_dev *dev, uint64_t *cookie);
/* The device raises obj's error event, from a queue executing. */
void sim_raise_error(struct sim_obj *obj);

/* objects.c */
struct sim_obj *sim_obj_new(struct sim_ctx *ctx, enum sim_obj_kind kind,
			    enum sim_id_space space, uint64_t icm_bytes,
			    uint32_t *synd);
void sim_obj_free(struct sim_nic *nic, struct sim_obj *obj);
struct sim_obj *sim_obj_find(struct sim_nic *nic, enum sim_id_space space,
			     uint32_t id);
void sim_obj_hold(struct sim_obj *obj);
void sim_obj_release(struct sim_obj *obj);
void sim_ctx_reap(struct sim_ctx *ctx);
uint64_t sim_icm_pages(uint64_t bytes);

/* commands.c */
enum sim_path {
	SIM_PATH_GENERAL,
	SIM_PATH_CREATE,
	SIM_PATH_MODIFY,
	SIM_PATH_QUERY,
	SIM_PATH_DESTROY,
};
int sim_exec(struct sim_ctx *ctx, enum sim_path path, struct sim_obj *target,
	     const void *in, size_t inlen, void *out, size_t outlen,
	     struct sim_obj **created);
int sim_destroy_obj(struct sim_ctx *ctx, struct sim_obj *obj);
struct sim_umem *sim_umem_find(struct sim_nic *nic, uint32_t id);

/* rx.c: the receive path's objects and the delivery of a packet to them */
void sim_rx_release_refs(struct sim_obj *obj);
void sim_rx_free(struct sim_obj *obj);
/* Fill the verdict's TIR and RQ for a packet a JUMP_TO_TIR sent to tir. */
void sim_rx_deliver(const struct sim_obj *tir, const struct hws_packet *pkt,
		    struct hws_verdict *v);

/*
 * fw_table.c: firmware-managed flow tables.  Release what a group, an entry
 * or a reformat context holds, and free its memory; deliver a packet that
 * reached a firmware table (under the NIC lock) into a cleared verdict.
 */
void sim_fw_table_release_refs(struct sim_obj *obj);
void sim_fw_table_free(struct sim_obj *obj);
void sim_fw_table_forward(struct sim_nic *nic, const struct sim_obj *ft,
			  const struct hws_packet *pkt, struct hws_verdict *v);

/* root.c: root tables, reached through the seam's verbs operations */
struct hws_root_matcher *
sim_root_matcher_create(struct hws_dev *dev,
			const struct hws_root_matcher_attr *attr);
int sim_root_matcher_destroy(struct hws_root_matcher *handle);
struct hws_root_rule *
sim_root_rule_create(struct hws_root_matcher *handle,
		     const struct hws_root_rule_attr *attr);
int sim_root_rule_destroy(struct hws_root_rule *handle);
int sim_root_inject_packet(struct hws_dev *dev, const struct hws_packet *pkt,
			   struct hws_verdict *verdict);
/* Free a closing context's root matchers and rules; under the NIC lock. */
void sim_root_reap(struct sim_ctx *ctx);

/*
 * frame.c: the packet as the pipeline sees it: in itself when it carries
 * fields, or its frame parsed into parsed, which counts the frame's
 * length; v gets the length parsed.  Every entry of a packet calls it
 * first, after it cleared v.
 */
const struct hws_packet *sim_frame_packet(const struct sim_nic *nic,
					  const struct hws_packet *in,
					  struct hws_packet *parsed,
					  struct hws_verdict *v);

/*
 * mailbox.c: the entry of the seam's commands; sim_exec() on aligned copies
 * of the caller's buffers.
 */
int sim_mailbox_exec(struct sim_ctx *ctx, enum sim_path path,
		     struct sim_obj *target, const void *in, size_t inlen,
		     void *out, size_t outlen, struct sim_obj **created);

/* lock.c */
int sim_lock_init(struct sim_nic *nic);
void sim_lock_destroy(struct sim_nic *nic);
/*
 * The device still: commands, tables, classification, stats.  Every SQ
 * stripe is held, so no queue executes.
 */
void sim_nic_lock(struct sim_nic *nic);
void sim_nic_unlock(struct sim_nic *nic);
/* The stripe of SQ sqn: its WQEs execute under it alone. */
pthread_mutex_t *sim_lock_sq(struct sim_nic *nic, uint32_t sqn);
pthread_mutex_t *sim_lock_cq(struct sim_nic *nic, const struct sim_obj *cq);
/* The counts of sq's stripe, under sim_lock_sq(sq); any, held exclusive. */
struct sim_exec_counts *sim_lock_sq_counts(struct sim_nic *nic,
					   const struct sim_obj *sq);

/* A rare counter that queues move while they execute in parallel. */
static inline void sim_stat_add(uint64_t *counter, uint64_t n)
{
	__atomic_fetch_add(counter, n, __ATOMIC_RELAXED);
}

/* ste_store.c: writers hold the shards of the slots they touch */
int sim_ste_store_init(struct sim_ste_store *store);
void sim_ste_store_free(struct sim_ste_store *store);
struct sim_ste_rec *sim_ste_store_get(const struct sim_ste_store *store,
				      uint32_t slot);
/* The record for slot, created empty if the slot was free; NULL on ENOMEM.
 * *bytes grows by the host memory that took. */
struct sim_ste_rec *sim_ste_store_put(struct sim_ste_store *store,
				      uint32_t slot, int64_t *bytes);
/* false when slot held nothing; *bytes shrinks by the memory given back */
bool sim_ste_store_del(struct sim_ste_store *store, uint32_t slot,
		       int64_t *bytes);
void sim_ste_store_prefetch(const struct sim_ste_store *store, uint32_t slot);
/* The shards of slots first, first + stride, ... (n of them), as a mask. */
uint64_t sim_ste_store_shards_of(uint32_t first, uint32_t stride, uint32_t n);
void sim_ste_store_lock(struct sim_ste_store *store, uint64_t shards);
void sim_ste_store_unlock(struct sim_ste_store *store, uint64_t shards);
/* Whole-store figures and walks: for the NIC's exclusive lock holder. */
uint64_t sim_ste_store_bytes(const struct sim_ste_store *store);
uint32_t sim_ste_store_count(const struct sim_ste_store *store);
/* The live record after *cursor (0 to start), or NULL at the end. */
const struct sim_ste_rec *sim_ste_store_next(const struct sim_ste_store *store,
					     uint64_t *cursor);

/* sq.c */
void sim_sq_doorbell(struct sim_ctx *ctx, uint32_t uar_page,
		     const void *ctrl_seg);
void sim_sq_consume(struct sim_ctx *ctx, uint32_t uar_page, uint32_t sqn,
		    uint16_t producer);

/*
 * frame.c: where the parser found each header, by anchor
 * (MLX5_HEADER_ANCHOR_*); an anchor it did not find has no bit in found.
 */
#define SIM_ANCHORS 0x20
struct sim_anchors {
	uint32_t found; /* bit n: anchor n */
	uint16_t off[SIM_ANCHORS];
	uint8_t l4_proto[2]; /* outer, inner: the IP protocol, 0 without IP */
};
/* Parse with the GENEVE option the device reads (or NULL), and anchors. */
size_t sim_frame_parse_anchors(const uint8_t *frame, size_t len,
			       uint8_t match[512],
			       const struct sim_geneve_opt *opt,
			       struct sim_anchors *anc);

/* pat_arg.c: pattern and ARG objects, MOD_ARG WQEs, rewrite STCs */
/* The ARG entry an absolute index names, or NULL; *entry its offset. */
struct sim_obj *sim_arg_find(struct sim_nic *nic, uint32_t index,
			     uint32_t *entry);
/* Execute a MOD_ARG WQE's write; 0 or the vendor syndrome. */
uint8_t sim_arg_write(struct sim_nic *nic, struct sim_obj *sq,
		      uint32_t index, const uint8_t *data);
/* The width of a modify field, 0 for an id the device does not know. */
unsigned int sim_modify_field_width(uint32_t id);

/*
 * rewrite.c: the action executor.  A packet on its way through the
 * tables: its frame as the actions left it, the header layout the
 * definers select from, and what the parser found.
 */
struct sim_walk {
	const struct sim_profile *prof;
	const struct hws_packet *pkt; /* as it came in */
	uint8_t *frame;		      /* HWS_FRAME_MAX bytes, NULL: no frame */
	uint32_t len;
	bool rewritten;
	const struct sim_geneve_opt *opt; /* the option the parser reads */
	bool stale; /* headers moved and the old parse was kept */
	struct sim_anchors anc;
	uint8_t hl[PRM_DEFINER_HL_BYTES];
};
/* Is this STC action one rewrite.c executes? */
bool sim_rewrite_action(uint8_t action_type);
/*
 * Execute a rewrite STC on the walk; dw7 is the STE's DW7 (inline data or
 * the argument offset).  rtc_reparse is the RTC's reparse mode.
 */
void sim_rewrite_exec(struct sim_walk *w, const struct sim_stc_slot *s,
		      uint32_t dw7, uint8_t rtc_reparse);
/*
 * classify.c: parse the walk's frame again: the anchors, and with fields
 * the header layout too (the metadata registers keep their values).
 */
void sim_walk_reparse(struct sim_walk *w, bool fields);

/* classify.c: the tag a definer takes from a header layout image */
void sim_definer_tag(const struct sim_obj *definer, const uint8_t *hl,
		     uint8_t tag[PRM_JUMBO_TAG_SIZE]);
/*
 * Walk the HWS tables from flow table ft, under the NIC lock, into a
 * verdict the caller cleared.
 */
void sim_classify_walk(struct sim_nic *nic, struct sim_obj *ft,
		       const struct hws_packet *pkt, struct hws_verdict *v);
/*
 * The match tag of an RTC's STEs in buf, an STE image or a definer's tag:
 * its last 32 bytes, or 44 for jumbo STEs.  *len gets the tag's length.
 */
const uint8_t *sim_rtc_tag(const struct sim_obj *rtc, const uint8_t *buf,
			   size_t buf_len, size_t *len);

/*
 * rtc_hash.c.  The definer an STE image of rtc matches by: the RTC's own,
 * or on an RTC with a hash definer the one its DW1 names; 0 or the WQE
 * syndrome firmware reports.
 */
uint8_t sim_rtc_hash_ste_definer(struct sim_nic *nic, const struct sim_obj *rtc,
				 const uint8_t *image, struct sim_obj **def);
/*
 * sq.c.  Execute a GTA STE write (control and data segments) on rtc, as a
 * WQE of the send queue or of GENERATE_WQE; on SIM_GTA_ERROR *err may hold
 * the WQE syndrome.  The NIC's lock is held.
 */
enum sim_gta_result {
	SIM_GTA_OK,
	SIM_GTA_FAILED,	/* no free column, or no entry to remove */
	SIM_GTA_ERROR,	/* malformed WQE: an error CQE */
};

enum sim_gta_result sim_sq_gta_execute(struct sim_nic *nic, struct sim_obj *rtc,
				       const struct prm_wqe_gta_ctrl_seg *gta,
				       const uint8_t *data, uint8_t *err);
/* A direct index the RTC takes: within its range by offset, else 0. */
bool sim_sq_dirix_valid(const struct sim_obj *rtc, uint32_t op_dirix);

/* The row of a tag of len bytes: its hash, under the hash definer's mask. */
uint32_t sim_rtc_hash_row(const struct sim_obj *rtc, const uint8_t *tag,
			  size_t len);
/* Two STE images of one RTC: the same definer and the same tag? */
bool sim_rtc_hash_ste_same(const uint8_t *a, const uint8_t *b, size_t len);

#endif /* HWS_SIM_INTERNAL_H */

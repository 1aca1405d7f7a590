/* SPDX-License-Identifier: GPL-2.0 OR Linux-OpenIB */
/*
 * The device model's own interface, for tests: statistics, fault injection,
 * packet classification and resource dumps.  It is not part of the NIC
 * API; libhws and hwsctl reach the model only through provider.h, whose
 * optional operations offer the classification, the device memory in use
 * and the resource dump.
 *
 * A model NIC is opened through the seam as "sim" or "sim:key=value,...".
 * Every open creates a DevX user context (uid) on a NIC.  Contexts that name
 * the same NIC with nic=NAME share it; the plain "sim" NIC is named "sim".
 * A NIC lives while a context is open on it or a caller holds it.
 */
#ifndef HWS_SIM_H
#define HWS_SIM_H

#include <stdint.h>
#include <stddef.h>
#include <stdio.h>

#include "../provider.h"

struct sim_nic;

/*
 * Syndromes: every check of the model has its own.  The status each comes
 * with is given beside it.  Syndromes start at 0x5100 so that they are not
 * mistaken for firmware's.
 */
enum sim_syndrome {
	SIM_SYND_NONE = 0,
	/* BAD_OP */
	SIM_SYND_UNKNOWN_OPCODE = 0x5100,
	SIM_SYND_UNKNOWN_OBJ_TYPE,
	SIM_SYND_OBJ_TYPE_NOT_SUPPORTED,
	SIM_SYND_UNKNOWN_CAP_TYPE,
	/* BAD_INP_LEN / BAD_OUTP_LEN */
	SIM_SYND_INPUT_TOO_SHORT,
	SIM_SYND_OUTPUT_TOO_SHORT,
	/* BAD_PARAM */
	SIM_SYND_RESERVED_BITS_SET,
	SIM_SYND_BAD_TABLE_TYPE,
	SIM_SYND_LOG_RANGE_ABOVE_MAX,
	SIM_SYND_LOG_RANGE_BELOW_GRANULARITY,
	SIM_SYND_LOG_RANGE_NOT_ALLOWED,
	SIM_SYND_RTC_DEPTH_ABOVE_MAX,
	SIM_SYND_RTC_MODE_NOT_SUPPORTED,
	SIM_SYND_RTC_STE_FORMAT_NOT_SUPPORTED,
	SIM_SYND_RTC_RANGE_OUTSIDE_STE,
	SIM_SYND_RTC_REPARSE_NOT_SUPPORTED,
	SIM_SYND_TABLE_TYPE_MISMATCH,
	SIM_SYND_DEFINER_FORMAT_NOT_SUPPORTED,
	SIM_SYND_DEFINER_SELECTOR_OUT_OF_RANGE,
	SIM_SYND_STC_OFFSET_OUT_OF_RANGE,
	SIM_SYND_STC_ACTION_NOT_SUPPORTED,
	SIM_SYND_STC_ACTION_OFFSET_INVALID,
	SIM_SYND_STC_MODIFY_SELECT_INVALID,
	SIM_SYND_STC_VPORT_UNKNOWN,
	SIM_SYND_FT_LEVEL_ABOVE_MAX,
	SIM_SYND_FT_NOT_RTC_VALID,
	SIM_SYND_FT_MISS_ACTION_INVALID,
	SIM_SYND_FT_MODIFY_SELECT_INVALID,
	SIM_SYND_FT_MISS_LOOP,
	SIM_SYND_CQ_SIZE_ABOVE_MAX,
	SIM_SYND_CQE_SIZE_NOT_SUPPORTED,
	SIM_SYND_CQ_EQN_UNKNOWN,
	SIM_SYND_SQ_BAD_WQ,
	SIM_SYND_SQ_SIZE_ABOVE_MAX,
	SIM_SYND_SQ_BAD_STATE_TRANSITION,
	SIM_SYND_SQ_TS_FORMAT_NOT_SUPPORTED,
	SIM_SYND_UMEM_TOO_SMALL,
	SIM_SYND_FUNCTION_UNKNOWN,
	SIM_SYND_OTHER_FUNCTION_NOT_PERMITTED,
	SIM_SYND_COUNTER_BULK_INVALID,
	SIM_SYND_COUNTER_OUT_OF_RANGE,
	SIM_SYND_ALIAS_NOT_SUPPORTED,
	SIM_SYND_UMEM_REQUIRED,
	SIM_SYND_DBR_MISALIGNED,
	SIM_SYND_UMEM_ACCESS,
	/* BAD_PARAM, receive path (rx.c) */
	SIM_SYND_RQ_BAD_STATE,
	SIM_SYND_RQ_TYPE_NOT_SUPPORTED,
	SIM_SYND_RQ_BAD_WQ,
	SIM_SYND_RQT_BAD_SIZE,
	SIM_SYND_TIR_BAD_DISP_TYPE,
	SIM_SYND_TIR_HASH_NOT_SUPPORTED,
	SIM_SYND_TIR_BAD_HASH_FIELDS,
	/* BAD_PARAM, firmware-managed flow tables (fw_table.c) */
	SIM_SYND_FT_NOT_FW_MANAGED,
	SIM_SYND_FG_BAD_RANGE,
	SIM_SYND_FTE_GROUP_MISMATCH,
	SIM_SYND_FTE_INDEX_IN_USE,
	SIM_SYND_FTE_ACTION_NOT_SUPPORTED,
	SIM_SYND_FTE_BAD_DEST_LIST,
	SIM_SYND_FTE_TOO_MANY_DESTS,
	SIM_SYND_FTE_DEST_TYPE_NOT_SUPPORTED,
	SIM_SYND_FTE_DEST_TYPE_NOT_ALLOWED,
	SIM_SYND_FTE_DEST_VPORT_UNKNOWN,
	SIM_SYND_FTE_DEST_LEVEL,
	SIM_SYND_FTE_REFORMAT_NOT_EXTENDED,
	SIM_SYND_REFORMAT_TYPE_NOT_SUPPORTED,
	SIM_SYND_REFORMAT_BAD_SIZE,
	SIM_SYND_REFORMAT_NOT_SUPPORTED,
	/* BAD_PARAM, rewrite actions (pat_arg.c) */
	SIM_SYND_PATTERN_LENGTH_INVALID,
	SIM_SYND_MODIFY_ACTION_TYPE_INVALID,
	SIM_SYND_MODIFY_FIELD_UNKNOWN,
	SIM_SYND_MODIFY_FIELD_RANGE,
	SIM_SYND_MODIFY_COPY_OVERLAP,
	SIM_SYND_REFORMAT_ANCHOR_INVALID,
	SIM_SYND_REFORMAT_SIZE_INVALID,
	SIM_SYND_ARG_PD_UNKNOWN,
	SIM_SYND_STC_PARAM_INVALID,
	SIM_SYND_GENEVE_OPT_BAD_LENGTH,
	/* BAD_RES */
	SIM_SYND_OBJECT_MISSING,
	SIM_SYND_OBJECT_WRONG_TYPE,
	SIM_SYND_OBJECT_OF_OTHER_UID,
	SIM_SYND_UMEM_MISSING,
	SIM_SYND_UAR_MISSING,
	/* RES_BUSY */
	SIM_SYND_OBJECT_IN_USE,
	/* LIM */
	SIM_SYND_OBJECT_LIMIT,
	/* BAD_RES_STATE */
	SIM_SYND_SQ_STATE_MISMATCH,
	SIM_SYND_RQ_STATE_MISMATCH,
	/* NO_RES */
	SIM_SYND_ICM_EXHAUSTED,
	SIM_SYND_DEFINER_TABLE_FULL,
	SIM_SYND_GENEVE_OPT_TAKEN,
	/* any status, chosen by the test */
	SIM_SYND_INJECTED,
	/* GENERATE_WQE: BAD_OP without the capability, else BAD_PARAM */
	SIM_SYND_GEN_WQE_NOT_SUPPORTED,
	SIM_SYND_GEN_WQE_BAD_WQE,	/* not a GTA STE write as FW takes it */
	SIM_SYND_GEN_WQE_RTC_NOT_FW,	/* the RTC's update_method is not 1 */
	SIM_SYND_GEN_WQE_PD_MISMATCH,	/* pdn is not the RTC's PD */
	SIM_SYND_GEN_WQE_BAD_DEFINER,	/* STE DW1 names no definer of the uid */
	SIM_SYND_GEN_WQE_DEFINER_MISMATCH, /* its definer hashes other fields */
	/* CREATE RTC, BAD_PARAM: update_method 1 beyond the GENERATE_WQE caps */
	SIM_SYND_RTC_FW_UPDATE_NOT_SUPPORTED,
};

/* vendor_err_synd of an error CQE: which check of a WQE failed. */
enum sim_wqe_error {
	SIM_WQE_ERR_NONE = 0,
	SIM_WQE_ERR_BAD_OPCODE = 0x81,	/* not TBL_ACCESS/GTA_STE */
	SIM_WQE_ERR_BAD_INDEX,		/* wqe_index is not the counter */
	SIM_WQE_ERR_BAD_QPN,		/* qpn is not this SQ */
	SIM_WQE_ERR_BAD_DS,		/* ds is not 8 */
	SIM_WQE_ERR_BAD_RTC,		/* imm names no RTC of this uid */
	SIM_WQE_ERR_PD_MISMATCH,	/* the RTC's PD is not the SQ's */
	SIM_WQE_ERR_BAD_DIRIX,		/* on a hash RTC, or out of range */
	SIM_WQE_ERR_BAD_STC,		/* an stc_ix slot is invalid */
	SIM_WQE_ERR_INJECTED,
	SIM_WQE_ERR_FLUSHED,		/* flushed after an earlier error */
	SIM_WQE_ERR_BAD_ARG,		/* MOD_ARG: imm names no ARG entry */
	SIM_WQE_ERR_BAD_DEFINER,	/* STE DW1 names no definer of its uid */
	SIM_WQE_ERR_DEFINER_MISMATCH,	/* its definer hashes other fields */
	SIM_WQE_ERR_RTC_FW_UPDATE,	/* the RTC takes STEs by GENERATE_WQE */
};

/* What the model counts objects by. */
enum sim_obj_kind {
	SIM_OBJ_PD,
	SIM_OBJ_CQ,
	SIM_OBJ_SQ,
	SIM_OBJ_FT,
	SIM_OBJ_FLOW_COUNTER,
	SIM_OBJ_DEFINER,
	SIM_OBJ_STC,
	SIM_OBJ_RTC,
	SIM_OBJ_STE,
	SIM_OBJ_TD,
	SIM_OBJ_RQ,
	SIM_OBJ_RQT,
	SIM_OBJ_TIR,
	SIM_OBJ_FG,	  /* flow group of a firmware-managed table */
	SIM_OBJ_FTE,	  /* flow table entry */
	SIM_OBJ_REFORMAT, /* packet reformat context */
	SIM_OBJ_PATTERN, /* MODIFY_HEADER_PATTERN */
	SIM_OBJ_ARG,	 /* HEADER_MODIFY_ARGUMENT */
	SIM_OBJ_GENEVE_OPT,
	SIM_OBJ_KIND_MAX,
};

struct sim_stats {
	uint64_t icm_pages;
	uint64_t icm_pages_peak;
	uint64_t icm_pages_max; /* 0: no limit */
	uint32_t objects[SIM_OBJ_KIND_MAX];
	uint64_t stes;		/* STEs written and not removed */
	uint64_t ste_bytes;	/* host memory the model spends on them */
	uint64_t commands;
	uint64_t wqes;
	uint64_t gta_failures;	/* full rows and missing tags */
	uint64_t error_cqes;
	uint64_t cq_overruns;
	uint64_t doorbells;	/* rung on a ready queue */
	uint64_t doorbells_ignored;
	uint64_t uids_open;
	/* objects a context still owned when it closed (freed then) */
	uint64_t objects_reaped;
	uint16_t last_opcode;
	uint8_t last_status;
	uint32_t last_syndrome;
};

/*
 * Find a NIC by name ("sim" for the default); NULL if none is open.  The
 * pointer holds no reference: the NIC goes when its last context closes, so
 * the caller must keep a context open on it, or hold it, while using it.
 */
struct sim_nic *sim_nic_find(const char *name);
/* Keep a NIC alive after its contexts close; sim_nic_put() releases it. */
void sim_nic_hold(struct sim_nic *nic);
void sim_nic_put(struct sim_nic *nic);

void sim_nic_stats(struct sim_nic *nic, struct sim_stats *stats);
const char *sim_syndrome_name(uint32_t syndrome);
const char *sim_obj_kind_name(enum sim_obj_kind kind);

/* Fault injection */

/* Fail the nth command from now (1 = the next one) whose opcode is opcode,
 * or any opcode when opcode is 0, with the given status.  Nothing changes on
 * the device.  One command fault is armed at a time.
 */
void sim_inject_cmd_fault(struct sim_nic *nic, uint32_t nth, uint16_t opcode,
			  uint8_t status);
/* The same, for count such commands in a row from the nth: a device that
 * keeps refusing.
 */
void sim_inject_cmd_faults(struct sim_nic *nic, uint32_t nth, uint32_t count,
			   uint16_t opcode, uint8_t status);

enum sim_wqe_fault {
	/* The GTA operation fails: a CQE with byte_cnt bit 31, as a full
	 * row does.  The queue keeps working.
	 */
	SIM_WQE_FAULT_GTA_FAILED = 1,
	/* An error CQE: the SQ moves to the error state and flushes. */
	SIM_WQE_FAULT_ERROR_CQE,
	/* A catastrophic error: the SQ moves to the error state with no
	 * CQE at all, and the device raises its WQ_CATAS_ERROR event.
	 */
	SIM_WQE_FAULT_CATASTROPHIC,
	/* A CQ error, as an overrun makes one: the WQE does not execute,
	 * the SQ stalls, nothing more completes, and the device raises
	 * CQ_ERROR.  Only a new CQ takes completions again.
	 */
	SIM_WQE_FAULT_CQ_ERROR,
};

/* Fail the nth WQE executed from now (1 = the next one).  When every is
 * non-zero, every that-many-th WQE after it fails too.
 */
void sim_inject_wqe_fault(struct sim_nic *nic, uint32_t nth, uint32_t every,
			  enum sim_wqe_fault fault);
void sim_clear_faults(struct sim_nic *nic);

/*
 * For a device that watches its doorbell pages itself (tests/fake_rdma):
 * it saw a doorbell for SQ sqn on uar, a UAR of this model, and consumes
 * the SQ's ring up to producer, writing the CQEs.  The seam's ring_doorbell
 * does the same at once, with the producer counter it writes.
 */
void sim_uar_doorbell(struct hws_uar *uar, uint32_t sqn, uint16_t producer);

/* Classification */

/*
 * Walk the pipeline from flow table ft_id as the device would, counting
 * counter hits.  Returns 0, or ENOENT when ft_id is not a flow table.
 */
int sim_classify(struct sim_nic *nic, uint32_t ft_id,
		 const struct hws_packet *pkt, struct hws_verdict *verdict);

/*
 * A packet arrives at the port: from the wire (HWS_SIDE_RX) it meets the
 * FDB root first when the NIC is an E-Switch manager, then the NIC RX
 * root; sent by vport (HWS_SIDE_TX) it meets NIC TX, then the FDB.  No
 * root rule: the kernel takes it (HWS_RESULT_MISS).  ENOENT for an
 * unknown vport.
 */
int sim_root_inject(struct sim_nic *nic, const struct hws_packet *pkt,
		    struct hws_verdict *verdict);

/*
 * The NIC's parser: the fields of frame (len bytes from the destination MAC
 * on) in fte_match_param layout, into match.  Ethernet with up to two VLAN
 * tags, IPv4 (options, fragments) and IPv6, TCP, UDP and ICMP, and behind
 * VXLAN, GENEVE or GRE the inner Ethernet, IP and L4.  The parse stops at
 * a header it does not know or that the frame cuts short; the fields before
 * it stay.  Returns the number of header bytes parsed.
 */
size_t sim_frame_parse(const uint8_t *frame, size_t len,
		       uint8_t match[512]);

/*
 * The Toeplitz hash of len input bytes under a 40-byte key, as the NIC
 * computes it for RSS: for each input bit set, from the first byte's most
 * significant bit on, the result takes the XOR of the 32 key bits that
 * start at that bit's position.
 */
uint32_t sim_toeplitz_hash(const uint8_t *key, const uint8_t *in, size_t len);

/*
 * Write the hardware resources, as a NIC resource dump gives them, in the
 * records mlx_steering_dump reads after libhws's own dump (4900..4901):
 * destination names and the 64-byte device-memory image of every STE of
 * every RTC.  Returns 0 or EIO.
 */
int sim_dump_resources(struct sim_nic *nic, FILE *f);

#endif /* HWS_SIM_H */

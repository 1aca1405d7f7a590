// SPDX-License-Identifier: GPL-2.0 OR Linux-OpenIB
/*
 * Root tables (level 0): the kernel's matchers and rules, reached through
 * verbs, checked as the kernel and firmware check them, and where packets
 * arriving at the port start.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "sim_internal.h"

/* The kernel takes match buffers up to MLX5_IB_DW_MATCH_PARAM dwords. */
#define SIM_ROOT_MATCH_MAX 640
/* The fte_match_param blocks, one per match_criteria_enable bit. */
#define SIM_ROOT_BLOCK_BYTES 64
#define SIM_ROOT_BLOCKS 8
/* misc_parameters_6: not in the kernel's stored match parameters */
#define SIM_ROOT_CRITERIA_MAX 0x7f

static struct sim_root_matcher *sim_root_matcher_of(struct hws_root_matcher *h)
{
	return sim_container_of(h, struct sim_root_matcher, handle);
}

static struct sim_root_rule *sim_root_rule_of(struct hws_root_rule *h)
{
	return sim_container_of(h, struct sim_root_rule, handle);
}

/* The PRM table type of the root of a uAPI ft_type. */
static uint8_t sim_root_prm_type(uint8_t ft_type)
{
	return ft_type == HWS_ROOT_FT_NIC_RX ? MLX5_FT_TYPE_NIC_RX :
	       ft_type == HWS_ROOT_FT_NIC_TX ? MLX5_FT_TYPE_NIC_TX :
					       MLX5_FT_TYPE_FDB;
}

/* A match buffer the kernel takes: 1..640 bytes, none past fte_match_param. */
static bool sim_root_buf_valid(const uint8_t *buf, size_t sz)
{
	size_t i;

	if (!buf || !sz || sz > SIM_ROOT_MATCH_MAX)
		return false;
	for (i = PRM_FTE_MATCH_PARAM_BYTES; i < sz; i++)
		if (buf[i])
			return false;
	return true;
}

/* Mask bits only in the blocks match_criteria_enable names. */
static bool sim_root_mask_valid(const uint8_t *mask, uint8_t criteria)
{
	unsigned int b, i;

	if (criteria & ~SIM_ROOT_CRITERIA_MAX)
		return false;
	for (b = 0; b < SIM_ROOT_BLOCKS; b++) {
		if (criteria & (1u << b))
			continue;
		for (i = 0; i < SIM_ROOT_BLOCK_BYTES; i++)
			if (mask[b * SIM_ROOT_BLOCK_BYTES + i])
				return false;
	}
	return true;
}

struct hws_root_matcher *
sim_root_matcher_create(struct hws_dev *dev,
			const struct hws_root_matcher_attr *attr)
{
	struct sim_ctx *ctx = sim_ctx_of(dev);
	struct sim_nic *nic = ctx->nic;
	struct sim_root_matcher *m, **pp;
	int err = 0;

	if (!attr || !sim_root_buf_valid(attr->mask, attr->mask_sz)) {
		errno = EINVAL;
		return NULL;
	}
	m = calloc(1, sizeof(*m));
	if (!m) {
		errno = ENOMEM;
		return NULL;
	}
	memcpy(m->mask, attr->mask,
	       attr->mask_sz < sizeof(m->mask) ? attr->mask_sz :
						 sizeof(m->mask));
	sim_nic_lock(nic);
	if (attr->ft_type > HWS_ROOT_FT_FDB)
		err = EOPNOTSUPP; /* the RDMA tables are not modelled */
	else if (attr->ft_type == HWS_ROOT_FT_FDB &&
		 !SIM_CAP(&nic->profile, general, cmd_hca_cap, eswitch_manager))
		err = EINVAL; /* no E-Switch in switchdev mode */
	else if (attr->priority > HWS_ROOT_PRIO_MAX)
		err = ENOMEM; /* as the kernel codes it */
	else if (!sim_root_mask_valid(m->mask, attr->match_criteria_enable))
		err = EINVAL;
	if (err) {
		sim_nic_unlock(nic);
		free(m);
		errno = err;
		return NULL;
	}
	m->handle.dev = dev;
	m->uid = ctx->uid;
	m->ft_type = attr->ft_type;
	m->priority = attr->priority;
	/* after every matcher of the same priority: the kernel's order */
	for (pp = &nic->root[m->ft_type]; *pp; pp = &(*pp)->next)
		if ((*pp)->priority > m->priority)
			break;
	m->next = *pp;
	*pp = m;
	sim_nic_unlock(nic);
	return &m->handle;
}

static void sim_root_matcher_unlink(struct sim_nic *nic,
				    struct sim_root_matcher *m)
{
	struct sim_root_matcher **pp;

	for (pp = &nic->root[m->ft_type]; *pp != m; pp = &(*pp)->next)
		;
	*pp = m->next;
}

int sim_root_matcher_destroy(struct hws_root_matcher *handle)
{
	struct sim_root_matcher *m = sim_root_matcher_of(handle);
	struct sim_nic *nic = sim_ctx_of(handle->dev)->nic;

	sim_nic_lock(nic);
	if (m->rules) {
		sim_nic_unlock(nic);
		return EBUSY;
	}
	sim_root_matcher_unlink(nic, m);
	sim_nic_unlock(nic);
	free(m);
	return 0;
}

/*
 * The object an action names: by handle, or a TIR by number.  It must be
 * of kind and of the caller's uid.
 */
static int sim_root_action_obj(struct sim_ctx *ctx,
			       const struct hws_root_action *a,
			       enum sim_obj_kind kind, struct sim_obj **obj)
{
	struct sim_obj *o;

	if (a->obj) {
		if (sim_ctx_of(a->obj->dev)->nic != ctx->nic)
			return ENOENT;
		o = sim_container_of(a->obj, struct sim_obj, handle);
	} else if (kind == SIM_OBJ_TIR) {
		o = sim_obj_find(ctx->nic, SIM_SPACE_TIR, a->value);
		if (!o)
			return ENOENT;
	} else {
		return EINVAL;
	}
	if (o->kind != kind)
		return EINVAL; /* DEST_DEVX names a TIR or a flow table */
	if (o->uid != ctx->uid)
		return EPERM;
	*obj = o;
	return 0;
}

/* One action, against the matcher's table type; counts what it is. */
static int sim_root_action_check(struct sim_ctx *ctx,
				 const struct sim_root_matcher *m,
				 const struct hws_root_action *a,
				 struct sim_root_act *act, unsigned int *dests,
				 unsigned int *tags, unsigned int *ctrs)
{
	bool rx = m->ft_type == HWS_ROOT_FT_NIC_RX;
	int err = 0;

	act->type = a->type;
	act->value = a->value;
	switch (a->type) {
	case HWS_ROOT_ACTION_DEST_FT:
		(*dests)++;
		err = sim_root_action_obj(ctx, a, SIM_OBJ_FT, &act->obj);
		if (!err &&
		    act->obj->ft.table_type != sim_root_prm_type(m->ft_type))
			err = EINVAL;
		return err;
	case HWS_ROOT_ACTION_DEST_TIR:
		(*dests)++;
		/* the kernel sends TIRs only from NIC RX */
		if (!rx)
			return EINVAL;
		return sim_root_action_obj(ctx, a, SIM_OBJ_TIR, &act->obj);
	case HWS_ROOT_ACTION_DROP:
		(*dests)++;
		return 0;
	case HWS_ROOT_ACTION_COUNTER:
		(*ctrs)++;
		err = sim_root_action_obj(ctx, a, SIM_OBJ_FLOW_COUNTER,
					  &act->obj);
		if (!err && a->value >= act->obj->counter.count)
			err = EINVAL;
		return err;
	case HWS_ROOT_ACTION_TAG:
		(*tags)++;
		return rx && a->value < (1u << 24) ? 0 : EINVAL;
	default:
		return EOPNOTSUPP;
	}
}

static int sim_root_rule_check(struct sim_ctx *ctx,
			       const struct sim_root_matcher *m,
			       const struct hws_root_rule_attr *attr,
			       struct sim_root_rule *r)
{
	unsigned int i, dests = 0, tags = 0, ctrs = 0;
	int err;

	/* fs_core: no value bit outside the mask */
	for (i = 0; i < sizeof(r->value); i++)
		if (r->value[i] & ~m->mask[i])
			return EINVAL;
	if (attr->num_actions > HWS_ROOT_MAX_ACTIONS ||
	    (attr->num_actions && !attr->actions))
		return EINVAL;
	for (i = 0; i < attr->num_actions; i++) {
		err = sim_root_action_check(ctx, m, &attr->actions[i],
					    &r->actions[i], &dests, &tags,
					    &ctrs);
		if (err)
			return err;
	}
	r->num_actions = attr->num_actions;
	if (dests > 1 || ctrs > 1)
		return EOPNOTSUPP; /* rdma-core: one destination, one counter */
	if (tags > 1)
		return EINVAL;
	if (m->ft_type == HWS_ROOT_FT_FDB && !dests)
		return EINVAL; /* an FDB rule forwards or drops */
	return 0;
}

struct hws_root_rule *
sim_root_rule_create(struct hws_root_matcher *handle,
		     const struct hws_root_rule_attr *attr)
{
	struct sim_root_matcher *m = sim_root_matcher_of(handle);
	struct sim_ctx *ctx = sim_ctx_of(handle->dev);
	struct sim_root_rule *r, **pp;
	unsigned int i;
	int err;

	if (!attr || !sim_root_buf_valid(attr->value, attr->value_sz)) {
		errno = EINVAL;
		return NULL;
	}
	r = calloc(1, sizeof(*r));
	if (!r) {
		errno = ENOMEM;
		return NULL;
	}
	memcpy(r->value, attr->value,
	       attr->value_sz < sizeof(r->value) ? attr->value_sz :
						   sizeof(r->value));
	sim_nic_lock(ctx->nic);
	err = sim_root_rule_check(ctx, m, attr, r);
	if (err) {
		sim_nic_unlock(ctx->nic);
		free(r);
		errno = err;
		return NULL;
	}
	for (i = 0; i < r->num_actions; i++)
		if (r->actions[i].obj)
			sim_obj_hold(r->actions[i].obj);
	r->handle.dev = handle->dev;
	r->matcher = m;
	for (pp = &m->rules; *pp; pp = &(*pp)->next)
		;
	*pp = r;
	sim_nic_unlock(ctx->nic);
	return &r->handle;
}

/* Unlink and free a rule, releasing what it holds; under the lock. */
static void sim_root_rule_free(struct sim_root_rule *r)
{
	struct sim_root_rule **pp;
	unsigned int i;

	for (pp = &r->matcher->rules; *pp != r; pp = &(*pp)->next)
		;
	*pp = r->next;
	for (i = 0; i < r->num_actions; i++)
		if (r->actions[i].obj)
			sim_obj_release(r->actions[i].obj);
	free(r);
}

int sim_root_rule_destroy(struct hws_root_rule *handle)
{
	struct sim_nic *nic = sim_ctx_of(handle->dev)->nic;

	sim_nic_lock(nic);
	sim_root_rule_free(sim_root_rule_of(handle));
	sim_nic_unlock(nic);
	return 0;
}

void sim_root_reap(struct sim_ctx *ctx)
{
	struct sim_nic *nic = ctx->nic;
	struct sim_root_matcher *m, *next;
	unsigned int t;

	for (t = 0; t < SIM_ROOT_TYPES; t++) {
		for (m = nic->root[t]; m; m = next) {
			next = m->next;
			if (m->uid != ctx->uid)
				continue;
			while (m->rules)
				sim_root_rule_free(m->rules);
			sim_root_matcher_unlink(nic, m);
			free(m);
		}
	}
}

static bool sim_root_rule_matches(const struct sim_root_rule *r,
				  const uint8_t *pkt)
{
	const uint8_t *mask = r->matcher->mask;
	size_t i;

	for (i = 0; i < sizeof(r->value); i++)
		if ((pkt[i] & mask[i]) != r->value[i])
			return false;
	return true;
}

enum sim_root_outcome {
	SIM_ROOT_DECIDED, /* the verdict is final */
	SIM_ROOT_PASS, /* no rule, or one without a destination */
};

/* Take a packet through one root table; the first rule hit decides. */
static enum sim_root_outcome sim_root_walk(struct sim_nic *nic, uint8_t type,
					   const struct hws_packet *pkt,
					   struct hws_verdict *v)
{
	const struct sim_root_matcher *m;
	const struct sim_root_rule *r = NULL;
	unsigned int i;

	for (m = nic->root[type]; m && !r; m = m->next)
		for (r = m->rules; r; r = r->next)
			if (sim_root_rule_matches(r, pkt->match))
				break;
	if (!r)
		return SIM_ROOT_PASS;
	for (i = 0; i < r->num_actions; i++) {
		const struct sim_root_act *a = &r->actions[i];

		if (a->type == HWS_ROOT_ACTION_COUNTER) {
			a->obj->counter.packets[a->value]++;
			a->obj->counter.octets[a->value] += pkt->bytes;
		} else if (a->type == HWS_ROOT_ACTION_TAG) {
			v->has_tag = 1;
			v->tag = a->value;
		}
	}
	for (i = 0; i < r->num_actions; i++) {
		const struct sim_root_act *a = &r->actions[i];

		switch (a->type) {
		case HWS_ROOT_ACTION_DEST_FT:
			sim_classify_walk(nic, a->obj, pkt, v);
			return SIM_ROOT_DECIDED;
		case HWS_ROOT_ACTION_DEST_TIR:
			sim_rx_deliver(a->obj, pkt, v);
			return SIM_ROOT_DECIDED;
		case HWS_ROOT_ACTION_DROP:
			v->result = HWS_RESULT_DROP;
			return SIM_ROOT_DECIDED;
		default:
			break;
		}
	}
	return SIM_ROOT_PASS;
}

int sim_root_inject(struct sim_nic *nic, const struct hws_packet *in,
		    struct hws_verdict *v)
{
	bool esw =
		SIM_CAP(&nic->profile, general, cmd_hca_cap, eswitch_manager);
	const struct hws_packet *pkt;
	struct hws_packet parsed;

	memset(v, 0, sizeof(*v));
	if (in->side == HWS_SIDE_TX &&
	    !sim_vport_exists(&nic->profile, in->vport))
		return ENOENT;
	sim_nic_lock(nic);
	pkt = sim_frame_packet(nic, in, &parsed, v);
	v->result = HWS_RESULT_MISS;
	if (pkt->side == HWS_SIDE_RX) {
		/* from the wire: the E-Switch first, then the NIC */
		if ((!esw || sim_root_walk(nic, HWS_ROOT_FT_FDB, pkt, v) ==
				     SIM_ROOT_PASS) &&
		    sim_root_walk(nic, HWS_ROOT_FT_NIC_RX, pkt, v) ==
			    SIM_ROOT_PASS)
			v->result = HWS_RESULT_MISS;
	} else if (sim_root_walk(nic, HWS_ROOT_FT_NIC_TX, pkt, v) ==
			   SIM_ROOT_PASS &&
		   (!esw || sim_root_walk(nic, HWS_ROOT_FT_FDB, pkt, v) ==
				    SIM_ROOT_PASS)) {
		/* sent by a vport: its NIC TX, then the E-Switch */
		v->result = HWS_RESULT_MISS;
	}
	sim_nic_unlock(nic);
	return 0;
}

int sim_root_inject_packet(struct hws_dev *dev, const struct hws_packet *pkt,
			   struct hws_verdict *verdict)
{
	return sim_root_inject(sim_ctx_of(dev)->nic, pkt, verdict);
}

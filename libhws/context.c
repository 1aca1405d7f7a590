// SPDX-License-Identifier: GPL-2.0 OR Linux-OpenIB
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "context.h"

#define HWS_MAX_QUEUES 64
#define HWS_MAX_QUEUE_SIZE 8192
#define HWS_DEFAULT_QUEUE_SIZE 256

#define CAP(blk, typ, fld) DEVX_GET(typ, blk, fld)
#define CAP_BIT(v, n) (((v) >> (n)) & 1)

static void *prop(void *cap, size_t bit_off)
{
	return (uint8_t *)cap + bit_off / 8;
}

/* Read every capability HWS relies on; then judge HWS support. */
static int read_caps(struct hws_dev *dev, struct mlx5hws_caps *caps,
		     uint8_t *ts_format, uint8_t *counter_log_granularity,
		     struct hws_match_caps *mc, uint32_t *trivial_definer,
		     struct hws_fw_write_caps *fw_write)
{
	uint8_t cap[4096];
	uint64_t definer_formats;
	bool gen_wqe;
	void *p;
	int err;

	memset(caps, 0, sizeof(*caps));
	err = hws_cmd_query_caps(dev, MLX5_CAP_GENERAL, false, 0, cap);
	if (err)
		return err;
	caps->vhca_id = CAP(cap, cmd_hca_cap, vhca_id);
	caps->eswitch_manager = CAP(cap, cmd_hca_cap, eswitch_manager);
	caps->wqe_based_update = CAP(cap, cmd_hca_cap,
				     wqe_based_flow_table_update_cap);
	/* free-running timestamps, unless only real time is offered */
	*ts_format = CAP(cap, cmd_hca_cap, sq_ts_format) ==
				     MLX5_SQ_TS_FORMAT_CAP_REAL_TIME ?
			     MLX5_SQC_TIMESTAMP_FORMAT_REAL_TIME :
			     MLX5_SQC_TIMESTAMP_FORMAT_FREE_RUNNING;
	definer_formats = DEVX_GET64(cmd_hca_cap, cap,
				     match_definer_format_supported);
	caps->definer_format_select =
		CAP_BIT(definer_formats, MLX5_IFC_DEFINER_FORMAT_ID_SELECT);
	memset(mc, 0, sizeof(*mc));
	mc->flex_parser_protocols =
		CAP(cap, cmd_hca_cap, flex_parser_protocols);
	mc->roce = CAP(cap, cmd_hca_cap, roce);
	/* a parser's number means something only where the parser is */
	if (mc->flex_parser_protocols &
	    MLX5_FLEX_PARSER_GENEVE_TLV_OPTION_0_ENABLED)
		mc->flex_id_geneve_opt0 = CAP(
			cap, cmd_hca_cap, flex_parser_id_geneve_tlv_option_0);
	if (mc->flex_parser_protocols & MLX5_FLEX_PARSER_MPLS_OVER_GRE_ENABLED)
		mc->flex_id_mpls_over_gre =
			CAP(cap, cmd_hca_cap,
			    flex_parser_id_outer_first_mpls_over_gre);
	if (mc->flex_parser_protocols & MLX5_FLEX_PARSER_MPLS_OVER_UDP_ENABLED)
		mc->flex_id_mpls_over_udp =
			CAP(cap, cmd_hca_cap,
			    flex_parser_id_outer_first_mpls_over_udp_label);

	err = hws_cmd_query_caps(dev, MLX5_CAP_GENERAL_2, false, 0, cap);
	if (err)
		return err;
	caps->full_dw_jumbo = CAP(cap, cmd_hca_cap_2, format_select_dw_8_6_ext);
	mc->gtpu_dw0 = CAP(cap, cmd_hca_cap_2, format_select_dw_gtpu_dw_0);
	mc->gtpu_dw1 = CAP(cap, cmd_hca_cap_2, format_select_dw_gtpu_dw_1);
	caps->flow_table_hash_type = CAP(cap, cmd_hca_cap_2,
					 flow_table_hash_type);
	/* bulks by size: log_max_flow_counter_bulk governs the older way */
	caps->log_max_flow_counter_bulk =
		CAP(cap, cmd_hca_cap_2, flow_counter_bulk_log_max_alloc);
	*counter_log_granularity =
		CAP(cap, cmd_hca_cap_2, flow_counter_bulk_log_granularity);
	gen_wqe = CAP(cap, cmd_hca_cap_2, generate_wqe_type) &
		  MLX5_GENERATE_WQE_TYPE_FLOW_UPDATE;
	memset(fw_write, 0, sizeof(*fw_write));

	err = hws_cmd_query_caps(dev, MLX5_CAP_FLOW_TABLE, false, 0, cap);
	if (err)
		return err;
	p = prop(cap, PRM_BIT_OFF(flow_table_nic_cap,
				  flow_table_properties_nic_receive));
	caps->nic_max_ft_level = CAP(p, flow_table_prop_layout, max_ft_level);
	caps->nic_reparse = CAP(p, flow_table_prop_layout, reparse);
	caps->ignore_flow_level_rtc_valid =
		CAP(p, flow_table_prop_layout, ignore_flow_level_rtc_valid);

	if (caps->eswitch_manager) {
		err = hws_cmd_query_caps(dev, MLX5_CAP_ESWITCH_FLOW_TABLE,
					 false, 0, cap);
		if (err)
			return err;
		p = prop(cap, PRM_BIT_OFF(flow_table_eswitch_cap,
					  flow_table_properties_nic_esw_fdb));
		caps->fdb_max_ft_level = CAP(p, flow_table_prop_layout,
					     max_ft_level);
		caps->fdb_reparse = CAP(p, flow_table_prop_layout, reparse);

		err = hws_cmd_query_caps(dev, MLX5_CAP_ESWITCH, false, 0, cap);
		if (err)
			return err;
		mc->merged_eswitch = CAP(cap, esw_cap, merged_eswitch);
		if (CAP(cap, esw_cap, esw_manager_vport_number_valid))
			caps->esw_manager_vport_number =
				CAP(cap, esw_cap, esw_manager_vport_number);
	}

	if (caps->wqe_based_update) {
		err = hws_cmd_query_caps(dev, MLX5_CAP_WQE_BASED_FLOW_TABLE,
					 false, 0, cap);
		if (err)
			return err;
#define WQE_CAP(fld) CAP(cap, wqe_based_flow_table_cap, fld)
		caps->ste_format = WQE_CAP(ste_format);
		caps->ste_alloc_log_max = WQE_CAP(ste_alloc_log_max);
		caps->ste_alloc_log_granularity =
			WQE_CAP(ste_alloc_log_granularity);
		caps->stc_alloc_log_max = WQE_CAP(stc_alloc_log_max);
		caps->stc_alloc_log_granularity =
			WQE_CAP(stc_alloc_log_granularity);
		caps->rtc_log_depth_max = WQE_CAP(rtc_log_depth_max);
		caps->rtc_reparse_mode = WQE_CAP(rtc_reparse_mode);
		caps->rtc_index_mode = WQE_CAP(rtc_index_mode);
		caps->fdb_rx_set_flow_tag = WQE_CAP(fdb_rx_set_flow_tag_stc);
		*trivial_definer = WQE_CAP(trivial_match_definer);
		if (gen_wqe) {
			fw_write->ste_formats = WQE_CAP(ste_format_gen_wqe);
			fw_write->max_hash_definers =
				WQE_CAP(rtc_max_num_hash_definer_gen_wqe);
		}
#undef WQE_CAP
	}

	/* The criteria of the Linux driver, in its order. */
	if (!caps->wqe_based_update)
		caps->missing_cap = "wqe_based_flow_table_update_cap";
	else if (!caps->eswitch_manager)
		caps->missing_cap = "eswitch_manager";
	else if (!caps->nic_reparse || !caps->fdb_reparse ||
		 !CAP_BIT(caps->rtc_reparse_mode, MLX5_IFC_RTC_REPARSE_ALWAYS))
		caps->missing_cap = "reparse (nic, fdb, rtc_reparse_mode ALWAYS)";
	else if (!CAP_BIT(caps->ste_format, MLX5_IFC_RTC_STE_FORMAT_8DW))
		caps->missing_cap = "ste_format 8DW";
	else if (!CAP_BIT(caps->rtc_index_mode,
			  MLX5_IFC_RTC_STE_UPDATE_MODE_BY_HASH) ||
		 !CAP_BIT(caps->rtc_index_mode,
			  MLX5_IFC_RTC_STE_UPDATE_MODE_BY_OFFSET))
		caps->missing_cap = "rtc_index_mode (by hash and by offset)";
	else if (!caps->definer_format_select)
		caps->missing_cap = "match_definer_format_supported (SELECT)";
	caps->hws_supported = !caps->missing_cap;
	return 0;
}

static int hws_context_read_modify_caps(struct mlx5hws_context *ctx)
{
	struct hws_modify_caps *m = &ctx->modify_caps;
	uint8_t cap[4096];
	uint8_t gran, gran_off;
	int err;

	err = hws_cmd_query_caps(ctx->dev, MLX5_CAP_GENERAL, false, 0, cap);
	if (err)
		return err;
	gran = CAP(cap, cmd_hca_cap, log_header_modify_argument_granularity);
	gran_off = CAP(cap, cmd_hca_cap,
		       log_header_modify_argument_granularity_offset);
	m->arg_log_granularity = gran;
	m->arg_log_min = gran > gran_off ? gran - gran_off : 0;
	m->arg_log_max =
		CAP(cap, cmd_hca_cap, log_header_modify_argument_max_alloc);
	err = hws_cmd_query_caps(ctx->dev, MLX5_CAP_WQE_BASED_FLOW_TABLE, false,
				 0, cap);
	if (err)
		return err;
	m->max_pattern_len = CAP(cap, wqe_based_flow_table_cap,
				 max_header_modify_pattern_length);
	m->log_max_patterns = CAP(cap, wqe_based_flow_table_cap,
				  log_max_num_header_modify_pattern);
	return 0;
}

int mlx5hws_device_query_caps(const char *device, struct mlx5hws_caps *caps)
{
	struct hws_dev *dev;
	uint8_t ts_format, counter_gran;
	struct hws_match_caps mc;
	uint32_t trivial = 0;
	struct hws_fw_write_caps fw_write;
	char why[256];
	int err;

	if (!device || !caps || caps->comp_mask)
		return EINVAL;
	dev = hws_dev_open(device, why, sizeof(why));
	if (!dev) {
		err = errno;
		hws_err("%s", why);
		return err;
	}
	err = read_caps(dev, caps, &ts_format, &counter_gran, &mc, &trivial,
			&fw_write);
	hws_dev_close(dev);
	return err;
}

int mlx5hws_context_query_caps(struct mlx5hws_context *ctx,
			       struct mlx5hws_caps *caps)
{
	if (!ctx || !caps || caps->comp_mask)
		return EINVAL;
	*caps = ctx->caps;
	return 0;
}

int mlx5hws_context_query_stats(struct mlx5hws_context *ctx,
				struct mlx5hws_context_stats *stats)
{
	if (!ctx || !stats || stats->comp_mask)
		return EINVAL;
	stats->host_bytes = __atomic_load_n(&ctx->mem.bytes, __ATOMIC_RELAXED);
	stats->rules = hws_count_read(&ctx->rules);
	return 0;
}

static int check_attr(const struct mlx5hws_context_attr *attr,
		      struct mlx5hws_context_attr *out)
{
	memset(out, 0, sizeof(*out));
	out->queues = 1;
	out->queue_size = HWS_DEFAULT_QUEUE_SIZE;
	if (!attr)
		return 0;
	if (attr->comp_mask || attr->flags & ~MLX5HWS_CONTEXT_FLAG_BWC ||
	    attr->queues > HWS_MAX_QUEUES ||
	    attr->queue_size > HWS_MAX_QUEUE_SIZE ||
	    attr->bwc_queues > HWS_MAX_QUEUES ||
	    (attr->bwc_queues && !(attr->flags & MLX5HWS_CONTEXT_FLAG_BWC))) {
		hws_err("context attributes out of range (queues 1..%d, queue_size 1..%d, bwc_queues with FLAG_BWC)",
			HWS_MAX_QUEUES, HWS_MAX_QUEUE_SIZE);
		return EINVAL;
	}
	out->flags = attr->flags;
	if (attr->queues)
		out->queues = attr->queues;
	if (attr->queue_size)
		out->queue_size = attr->queue_size;
	if (attr->flags & MLX5HWS_CONTEXT_FLAG_BWC)
		out->bwc_queues = attr->bwc_queues ? attr->bwc_queues : 1;
	return 0;
}

static void close_queues(struct mlx5hws_context *ctx, uint16_t n)
{
	uint16_t i;

	/* every chunk went with its rule, and with the last one its table */
	for (i = 0;
	     ctx->ste_pools &&
	     i < (ctx->num_queues + ctx->num_bwc_queues) * HWS_DOMAIN_MAX;
	     i++)
		pthread_mutex_destroy(&ctx->ste_pools[i].lock);
	hws_free(&ctx->mem, ctx->ste_pools);
	ctx->ste_pools = NULL;
	for (i = 0; i < n; i++)
		hws_send_queue_close(&ctx->queues[i]);
	for (i = 0; ctx->bwc_locks && i < ctx->num_bwc_queues; i++)
		pthread_mutex_destroy(hws_bwc_lock(ctx, i));
	hws_free(&ctx->mem, ctx->queues);
	hws_free(&ctx->mem, ctx->bwc_locks);
	ctx->queues = NULL;
	ctx->bwc_locks = NULL;
}

static int open_queues(struct mlx5hws_context *ctx,
		       const struct mlx5hws_context_attr *attr)
{
	uint16_t total = attr->queues + attr->bwc_queues, i;
	int err;

	/* each queue's thread writes its own, apart from the others' */
	ctx->queues = hws_zalloc_aligned(&ctx->mem, HWS_CACHE_APART,
					 total * sizeof(*ctx->queues));
	if (!ctx->queues)
		return ENOMEM;
	ctx->ste_pools = hws_zalloc_aligned(&ctx->mem, HWS_CACHE_APART,
					    total * HWS_DOMAIN_MAX *
						    sizeof(*ctx->ste_pools));
	if (!ctx->ste_pools) {
		hws_free(&ctx->mem, ctx->queues);
		ctx->queues = NULL;
		return ENOMEM;
	}
	for (i = 0; i < total * HWS_DOMAIN_MAX; i++) {
		struct hws_action_ste_pool *pool = &ctx->ste_pools[i];

		pthread_mutex_init(&pool->lock, NULL);
		hws_list_init(&pool->tables);
		pool->queue = i / HWS_DOMAIN_MAX;
		pool->domain = i % HWS_DOMAIN_MAX;
	}
	if (attr->bwc_queues) {
		ctx->bwc_locks = hws_zalloc_aligned(
			&ctx->mem, HWS_CACHE_APART,
			attr->bwc_queues * sizeof(*ctx->bwc_locks));
		if (!ctx->bwc_locks) {
			hws_free(&ctx->mem, ctx->ste_pools);
			hws_free(&ctx->mem, ctx->queues);
			ctx->ste_pools = NULL;
			ctx->queues = NULL;
			return ENOMEM;
		}
		for (i = 0; i < attr->bwc_queues; i++)
			pthread_mutex_init(hws_bwc_lock(ctx, i), NULL);
	}
	ctx->num_queues = attr->queues;
	ctx->num_bwc_queues = attr->bwc_queues;
	for (i = 0; i < total; i++) {
		err = hws_send_queue_open(&ctx->queues[i], ctx->dev, &ctx->mem,
					  ctx->pd.id, ctx->sq_ts_format, i,
					  attr->queue_size);
		if (err) {
			close_queues(ctx, i);
			return err;
		}
	}
	return 0;
}

static struct mlx5hws_context *
context_open(struct hws_dev *dev, const struct mlx5hws_context_attr *attr)
{
	struct mlx5hws_context *ctx;
	struct hws_mem mem = { 0 };
	int err;

	/* its count's slots are apart */
	ctx = hws_zalloc_aligned(&mem, HWS_CACHE_APART, sizeof(*ctx));
	if (!ctx) {
		err = ENOMEM;
		goto close_dev;
	}
	ctx->mem = mem;
	ctx->dev = dev;
	hws_list_init(&ctx->tables);
	hws_list_init(&ctx->zombies);
	pthread_mutex_init(&ctx->ctrl_lock, NULL);
	pthread_mutex_init(&ctx->stc_lock, NULL);
	pthread_mutex_init(&ctx->action_set_lock, NULL);
	hws_list_init(&ctx->action_caches);
	hws_list_init(&ctx->dest_arrays);
	hws_pat_cache_init(&ctx->patterns);

	err = read_caps(dev, &ctx->caps, &ctx->sq_ts_format,
			&ctx->counter_log_granularity, &ctx->match_caps,
			&ctx->trivial_definer, &ctx->fw_write);
	if (err)
		goto free_ctx;
	if (!ctx->caps.hws_supported) {
		hws_err("device %s does not support HWS: missing capability %s",
			dev->name, ctx->caps.missing_cap);
		err = EOPNOTSUPP;
		goto free_ctx;
	}
	err = hws_context_read_modify_caps(ctx);
	if (err)
		goto free_ctx;
	err = hws_cmd_alloc_pd(dev, &ctx->pd);
	if (err)
		goto free_ctx;
	err = open_queues(ctx, attr);
	if (err)
		goto dealloc_pd;
	return ctx;

dealloc_pd:
	hws_cmd_destroy(&ctx->pd);
free_ctx:
	hws_pat_cache_fini(&ctx->patterns);
	pthread_mutex_destroy(&ctx->action_set_lock);
	pthread_mutex_destroy(&ctx->stc_lock);
	pthread_mutex_destroy(&ctx->ctrl_lock);
	hws_free(&ctx->mem, ctx);
close_dev:
	hws_dev_close(dev);
	errno = err;
	return NULL;
}

struct mlx5hws_context *
mlx5hws_context_open(const char *device,
		     const struct mlx5hws_context_attr *attr)
{
	struct mlx5hws_context_attr a;
	struct hws_dev *dev;
	char why[256];
	int err;

	if (!device) {
		hws_err("no device name");
		errno = EINVAL;
		return NULL;
	}
	err = check_attr(attr, &a);
	if (err) {
		errno = err;
		return NULL;
	}
	dev = hws_dev_open(device, why, sizeof(why));
	if (!dev) {
		err = errno;
		hws_err("%s", why);
		errno = err;
		return NULL;
	}
	return context_open(dev, &a);
}

struct mlx5hws_context *
mlx5hws_context_open_ibv(struct ibv_context *ibv_ctx,
			 const struct mlx5hws_context_attr *attr)
{
	struct mlx5hws_context_attr a;
	struct hws_dev *dev;
	char why[256];
	int err;

	err = check_attr(attr, &a);
	if (err) {
		errno = err;
		return NULL;
	}
	dev = hws_dev_adopt_ibv(ibv_ctx, why, sizeof(why));
	if (!dev) {
		err = errno;
		hws_err("%s", why);
		errno = err;
		return NULL;
	}
	return context_open(dev, &a);
}

/* Zombies: a record per owner, its objects in the order to destroy them */
struct hws_zombie {
	struct hws_list node;
	unsigned int n;
	struct hws_obj objs[];
};

void hws_context_bury(struct mlx5hws_context *ctx, const struct hws_obj *objs,
		      unsigned int n)
{
	struct hws_zombie *z;
	unsigned int i, live = 0;

	for (i = 0; i < n; i++)
		live += !!objs[i].devx;
	if (!live)
		return;
	z = hws_zalloc(&ctx->mem, sizeof(*z) + live * sizeof(*objs));
	if (!z) {
		hws_err("context: no memory to keep %u device objects for another try; they go at close",
			live);
		return;
	}
	for (i = 0; i < n; i++)
		if (objs[i].devx)
			z->objs[z->n++] = objs[i];
	pthread_mutex_lock(&ctx->ctrl_lock);
	hws_list_add_tail(&ctx->zombies, &z->node);
	pthread_mutex_unlock(&ctx->ctrl_lock);
}

void hws_context_reap(struct mlx5hws_context *ctx)
{
	struct hws_list *pos, *next;
	unsigned int i;

	for (pos = ctx->zombies.next; pos != &ctx->zombies; pos = next) {
		struct hws_zombie *z =
			hws_container_of(pos, struct hws_zombie, node);
		bool left = false;

		next = pos->next;
		for (i = 0; i < z->n; i++)
			left |= hws_cmd_destroy(&z->objs[i]) != 0;
		if (left)
			continue;
		hws_list_del(&z->node);
		hws_free(&ctx->mem, z);
	}
}

/* A last try; what the device still keeps goes with the DevX context. */
static void release_zombies(struct mlx5hws_context *ctx)
{
	unsigned int i, left;
	struct hws_zombie *z;

	hws_context_reap(ctx);
	while (!hws_list_empty(&ctx->zombies)) {
		z = hws_container_of(ctx->zombies.next, struct hws_zombie,
				     node);
		for (i = left = 0; i < z->n; i++)
			left += !!z->objs[i].devx;
		hws_err("context: the device would not destroy %u objects; closing releases them",
			left);
		hws_list_del(&z->node);
		hws_free(&ctx->mem, z);
	}
}

int mlx5hws_context_close(struct mlx5hws_context *ctx)
{
	struct hws_dev *dev;

	if (!ctx)
		return EINVAL;
	if (!hws_list_empty(&ctx->tables) || ctx->num_templates ||
	    ctx->num_actions || ctx->geneve_opt) {
		hws_err("context still has tables, templates, actions or a GENEVE option");
		return EBUSY;
	}
	release_zombies(ctx);
	close_queues(ctx, ctx->num_queues + ctx->num_bwc_queues);
	hws_cmd_destroy(&ctx->pd);
	free(ctx->gvmi_cache);
	hws_free(&ctx->mem, ctx->action_sets);
	hws_pat_cache_fini(&ctx->patterns);
	pthread_mutex_destroy(&ctx->action_set_lock);
	pthread_mutex_destroy(&ctx->stc_lock);
	pthread_mutex_destroy(&ctx->ctrl_lock);
	dev = ctx->dev;
	hws_free(&ctx->mem, ctx);
	hws_dev_close(dev);
	return 0;
}

#define HWS_STC_LOG_SIZE 15

static void stc_set_drop(struct hws_cmd_stc_attr *attr)
{
	memset(attr, 0, sizeof(*attr));
	attr->action_type = MLX5_IFC_STC_ACTION_TYPE_DROP;
	attr->action_offset = MLX5_IFC_STC_ACTION_OFFSET_HIT;
}

/* Point the slot's STCs of the first ndirs directions at DROP. */
static void stc_drop(struct hws_stc_domain *d, enum hws_domain domain,
		     uint32_t slot, unsigned int ndirs)
{
	struct hws_cmd_stc_attr drop;
	unsigned int dir;

	stc_set_drop(&drop);
	for (dir = 0; dir < ndirs; dir++)
		if (hws_domain_dirs(domain) & HWS_DIR_BIT(dir))
			hws_cmd_stc_modify(&d->stc[dir], slot, &drop);
}

static void stc_release(struct mlx5hws_context *ctx, struct hws_stc_domain *d,
			uint32_t slot)
{
	pthread_mutex_lock(&ctx->stc_lock);
	hws_pool_free(&d->slots, slot);
	pthread_mutex_unlock(&ctx->stc_lock);
}

int hws_stc_alloc(struct mlx5hws_context *ctx, enum hws_domain domain,
		  const struct hws_cmd_stc_attr attr[HWS_DIR_MAX],
		  uint32_t *offset)
{
	struct hws_stc_domain *d = &ctx->stc[domain];
	unsigned int dir;
	int64_t slot;
	int err = 0;

	pthread_mutex_lock(&ctx->stc_lock);
	slot = hws_pool_alloc(&d->slots);
	pthread_mutex_unlock(&ctx->stc_lock);
	if (slot < 0) {
		hws_err("STC range of %s full (%u slots)",
			domain == HWS_DOMAIN_FDB ? "FDB" : "NIC",
			d->slots.size);
		return ENOSPC;
	}
	for (dir = 0; dir < HWS_DIR_MAX; dir++) {
		if (!(hws_domain_dirs(domain) & HWS_DIR_BIT(dir)))
			continue;
		err = hws_cmd_stc_modify(&d->stc[dir], slot, &attr[dir]);
		if (err)
			break;
	}
	if (err) {
		/* leave nothing half-programmed behind */
		stc_drop(d, domain, slot, dir);
		stc_release(ctx, d, slot);
		return err;
	}
	*offset = slot;
	return 0;
}

/* A freed slot drops, so that nothing stale can steer through it. */
void hws_stc_free(struct mlx5hws_context *ctx, enum hws_domain domain,
		  uint32_t offset)
{
	struct hws_stc_domain *d = &ctx->stc[domain];

	stc_drop(d, domain, offset, HWS_DIR_MAX);
	stc_release(ctx, d, offset);
}

/* The STCs that fill the slots a rule leaves empty. */
static int stc_defaults_create(struct mlx5hws_context *ctx,
			       enum hws_domain domain)
{
	static const struct {
		uint8_t type, offset;
	} defaults[HWS_STC_DEFAULT_MAX] = {
		[HWS_STC_NOP_CTR] = { MLX5_IFC_STC_ACTION_TYPE_NOP,
				      MLX5_IFC_STC_ACTION_OFFSET_CTRL },
		[HWS_STC_NOP_DW5] = { MLX5_IFC_STC_ACTION_TYPE_NOP,
				      MLX5_IFC_STC_ACTION_OFFSET_DW5 },
		[HWS_STC_NOP_DW6] = { MLX5_IFC_STC_ACTION_TYPE_NOP,
				      MLX5_IFC_STC_ACTION_OFFSET_DW6 },
		[HWS_STC_NOP_DW7] = { MLX5_IFC_STC_ACTION_TYPE_NOP,
				      MLX5_IFC_STC_ACTION_OFFSET_DW7 },
		[HWS_STC_DEFAULT_HIT] = { MLX5_IFC_STC_ACTION_TYPE_ALLOW,
					  MLX5_IFC_STC_ACTION_OFFSET_HIT },
	};
	struct hws_cmd_stc_attr attr[HWS_DIR_MAX] = { 0 };
	int i, err;

	for (i = 0; i < HWS_STC_DEFAULT_MAX; i++) {
		attr[HWS_DIR_RX].action_type = defaults[i].type;
		attr[HWS_DIR_RX].action_offset = defaults[i].offset;
		attr[HWS_DIR_TX] = attr[HWS_DIR_RX];
		err = hws_stc_alloc(ctx, domain, attr,
				    &ctx->stc[domain].defaults[i]);
		if (err) {
			while (i--)
				hws_stc_free(ctx, domain,
					     ctx->stc[domain].defaults[i]);
			return err;
		}
	}
	return 0;
}

static void stc_domain_destroy(struct mlx5hws_context *ctx,
			       enum hws_domain domain)
{
	struct hws_stc_domain *d = &ctx->stc[domain];
	unsigned int dir;

	for (dir = 0; dir < HWS_DIR_MAX; dir++)
		hws_cmd_destroy(&d->stc[dir]);
	hws_pool_cleanup(&d->slots, &ctx->mem);
}

int hws_stc_domain_get(struct mlx5hws_context *ctx, enum hws_domain domain)
{
	struct hws_stc_domain *d = &ctx->stc[domain];
	uint8_t log = HWS_STC_LOG_SIZE;
	unsigned int dir;
	int err = 0;

	pthread_mutex_lock(&ctx->ctrl_lock);
	if (d->users)
		goto take;
	if (log > ctx->caps.stc_alloc_log_max)
		log = ctx->caps.stc_alloc_log_max;
	if (log < ctx->caps.stc_alloc_log_granularity)
		log = ctx->caps.stc_alloc_log_granularity;
	err = hws_pool_init(&d->slots, &ctx->mem, log);
	for (dir = 0; !err && dir < HWS_DIR_MAX; dir++)
		if (hws_domain_dirs(domain) & HWS_DIR_BIT(dir))
			err = hws_cmd_stc_create(ctx->dev,
						 hws_domain_obj_type(domain, dir),
						 log, &d->stc[dir]);
	if (!err)
		err = stc_defaults_create(ctx, domain);
	if (err) {
		stc_domain_destroy(ctx, domain);
		goto unlock;
	}
take:
	d->users++;
unlock:
	pthread_mutex_unlock(&ctx->ctrl_lock);
	return err;
}

void hws_stc_domain_put(struct mlx5hws_context *ctx, enum hws_domain domain)
{
	struct hws_stc_domain *d = &ctx->stc[domain];
	int i;

	pthread_mutex_lock(&ctx->ctrl_lock);
	if (!--d->users) {
		for (i = 0; i < HWS_STC_DEFAULT_MAX; i++)
			hws_stc_free(ctx, domain, d->defaults[i]);
		stc_domain_destroy(ctx, domain);
	}
	pthread_mutex_unlock(&ctx->ctrl_lock);
}

int hws_context_vport_gvmi(struct mlx5hws_context *ctx, uint16_t vport,
			   uint16_t *gvmi)
{
	struct hws_vport_gvmi *cache;
	uint32_t i;
	int err = 0;

	/* the uplink's GVMI is 0; the E-switch manager is this function */
	if (vport == 0xffff) {
		*gvmi = 0;
		return 0;
	}
	if (vport == ctx->caps.esw_manager_vport_number) {
		*gvmi = ctx->caps.vhca_id;
		return 0;
	}
	pthread_mutex_lock(&ctx->ctrl_lock);
	for (i = 0; i < ctx->gvmi_cache_len; i++) {
		if (ctx->gvmi_cache[i].vport == vport) {
			*gvmi = ctx->gvmi_cache[i].gvmi;
			goto unlock;
		}
	}
	err = ctx->dev->ops->query_vport_vhca_id(ctx->dev, vport, gvmi);
	if (err) {
		hws_err("vport %u: querying its vhca_id failed: %s", vport,
			strerror(err));
		goto unlock;
	}
	cache = realloc(ctx->gvmi_cache,
			(ctx->gvmi_cache_len + 1) * sizeof(*cache));
	if (cache) {
		ctx->gvmi_cache = cache;
		cache[ctx->gvmi_cache_len].vport = vport;
		cache[ctx->gvmi_cache_len].gvmi = *gvmi;
		ctx->gvmi_cache_len++;
	}
unlock:
	pthread_mutex_unlock(&ctx->ctrl_lock);
	return err;
}

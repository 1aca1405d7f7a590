// SPDX-License-Identifier: GPL-2.0 OR Linux-OpenIB
#include <errno.h>
#include <string.h>

#include "matcher.h"

/* Match templates */

struct mlx5hws_match_template *
mlx5hws_match_template_create(struct mlx5hws_context *ctx,
			      const uint32_t *match_param,
			      size_t match_param_sz,
			      uint8_t match_criteria_enable)
{
	struct mlx5hws_match_template *mt;
	int err;

	if (!ctx || !match_param) {
		hws_err("match template: no context or mask");
		errno = EINVAL;
		return NULL;
	}
	mt = hws_zalloc(&ctx->mem, sizeof(*mt));
	if (!mt) {
		errno = ENOMEM;
		return NULL;
	}
	mt->ctx = ctx;
	mt->criteria = match_criteria_enable;
	err = hws_definer_create(ctx, &mt->definer,
				 (const uint8_t *)match_param, match_param_sz,
				 match_criteria_enable);
	if (err) {
		hws_free(&ctx->mem, mt);
		errno = err;
		return NULL;
	}
	__atomic_add_fetch(&ctx->num_templates, 1, __ATOMIC_RELAXED);
	return mt;
}

int mlx5hws_match_template_destroy(struct mlx5hws_match_template *mt)
{
	struct mlx5hws_context *ctx;

	if (!mt)
		return EINVAL;
	if (__atomic_load_n(&mt->users, __ATOMIC_ACQUIRE)) {
		hws_err("match template is used by a matcher");
		return EBUSY;
	}
	ctx = mt->ctx;
	hws_definer_destroy(ctx, &mt->definer);
	hws_free(&ctx->mem, mt);
	__atomic_sub_fetch(&ctx->num_templates, 1, __ATOMIC_RELAXED);
	return 0;
}

/* Sizing */

static uint8_t min_u8(uint8_t a, uint8_t b)
{
	return a < b ? a : b;
}

void hws_matcher_rule_sizes(uint8_t num_log, uint8_t depth_max, uint8_t *rows,
			    uint8_t *depth, uint8_t *col_rows,
			    uint8_t *col_depth)
{
	*rows = num_log;
	if (num_log > HWS_MATCHER_ASSURED_RULES_TH)
		*depth = HWS_MATCHER_ASSURED_MAIN_DEPTH;
	else
		*depth = min_u8(num_log, 4);
	/* the collision table: about 3% of the rows, deeper */
	*col_rows = num_log > HWS_MATCHER_ASSURED_ROW_RATIO ?
			    num_log - HWS_MATCHER_ASSURED_ROW_RATIO :
			    num_log;
	*col_depth = HWS_MATCHER_ASSURED_COL_DEPTH;
	/* a shallower device gets the same rows, fewer ways */
	*depth = min_u8(*depth, depth_max);
	*col_depth = min_u8(*col_depth, depth_max);
}

static bool layer_fits(const struct mlx5hws_caps *caps, uint8_t rows,
		       uint8_t depth)
{
	return depth <= caps->rtc_log_depth_max &&
	       rows + depth <= caps->ste_alloc_log_max;
}

bool hws_matcher_rule_size_fits(const struct mlx5hws_caps *caps,
				uint8_t num_log)
{
	uint8_t rows, depth, col_rows, col_depth;

	hws_matcher_rule_sizes(num_log, caps->rtc_log_depth_max, &rows, &depth,
			       &col_rows, &col_depth);
	return layer_fits(caps, rows, depth) &&
	       (num_log <= HWS_MATCHER_ASSURED_RULES_TH ||
		layer_fits(caps, col_rows, col_depth));
}

static int check_layer(struct mlx5hws_matcher *matcher,
		       const struct hws_matcher_layer *l, unsigned int dir)
{
	const struct mlx5hws_caps *caps = &matcher->tbl->ctx->caps;

	if (!layer_fits(caps, l->log_rows[dir], l->log_depth[dir])) {
		hws_err("matcher %s table of 2^%u rows x 2^%u exceeds the device (depth 2^%u, 2^%u STEs)",
			dir == HWS_DIR_RX ? "RX" : "TX", l->log_rows[dir],
			l->log_depth[dir], caps->rtc_log_depth_max,
			caps->ste_alloc_log_max);
		return EOPNOTSUPP;
	}
	return 0;
}

static int set_sizes(struct mlx5hws_matcher *matcher)
{
	const struct mlx5hws_caps *caps = &matcher->tbl->ctx->caps;
	const struct mlx5hws_matcher_attr *attr = &matcher->attr;
	unsigned int dir, domain_dirs = hws_domain_dirs(matcher->tbl->domain);
	int err;

	matcher->dirs = domain_dirs;
	if (attr->optimize_flow_src != MLX5HWS_MATCHER_FLOW_SRC_ANY) {
		if (matcher->tbl->domain != HWS_DOMAIN_FDB) {
			hws_err("optimize_flow_src applies to FDB tables only");
			return EOPNOTSUPP;
		}
		matcher->dirs = HWS_DIR_BIT(attr->optimize_flow_src ==
						    MLX5HWS_MATCHER_FLOW_SRC_WIRE ?
					    HWS_DIR_RX : HWS_DIR_TX);
	}
	for (dir = 0; dir < HWS_DIR_MAX; dir++) {
		uint8_t *rows = &matcher->main.log_rows[dir];
		uint8_t *depth = &matcher->main.log_depth[dir];

		/* a direction that takes no rules keeps one STE */
		if (!(matcher->dirs & HWS_DIR_BIT(dir)))
			continue;
		if (attr->mode == MLX5HWS_MATCHER_RESOURCE_MODE_RULE) {
			hws_matcher_rule_sizes(attr->size[dir].rule.num_log,
					       caps->rtc_log_depth_max, rows,
					       depth,
					       &matcher->col.log_rows[dir],
					       &matcher->col.log_depth[dir]);
			if (attr->size[dir].rule.num_log >
			    HWS_MATCHER_ASSURED_RULES_TH)
				matcher->has_col = true;
		} else {
			*rows = attr->size[dir].table.sz_row_log;
			*depth = attr->size[dir].table.sz_col_log;
		}
	}
	for (dir = 0; dir < HWS_DIR_MAX; dir++) {
		if (!(domain_dirs & HWS_DIR_BIT(dir)))
			continue;
		err = check_layer(matcher, &matcher->main, dir);
		if (!err && matcher->has_col)
			err = check_layer(matcher, &matcher->col, dir);
		if (err)
			return err;
	}
	return 0;
}

/* Layers */

/* Keep the first error of a sequence. */
static void first_err(int *err, int e)
{
	if (!*err)
		*err = e;
}

/*
 * Destroy what is left of a layer; an object the device keeps stays.
 * Returns the first error.
 */
static int layer_destroy(struct mlx5hws_matcher *matcher,
			 struct hws_matcher_layer *l)
{
	unsigned int dir;
	int err = 0;

	for (dir = 0; dir < HWS_DIR_MAX; dir++)
		first_err(&err, hws_cmd_destroy(&l->rtc[dir]));
	first_err(&err, hws_cmd_destroy(&l->end_ft));
	for (dir = 0; dir < HWS_DIR_MAX; dir++)
		first_err(&err, hws_cmd_destroy(&l->ste[dir]));
	return err;
}

/*
 * Destroy both layers, main first: its exit names the collision RTCs.
 * Objects the device would not destroy stay in the layers.
 */
static int layers_destroy(struct mlx5hws_matcher *matcher)
{
	int err = layer_destroy(matcher, &matcher->main);

	first_err(&err, layer_destroy(matcher, &matcher->col));
	return err;
}

/* The matcher goes: what the device kept goes to the context's zombies. */
static void layers_bury(struct mlx5hws_matcher *matcher)
{
	struct hws_matcher_layer *l[2] = { &matcher->main, &matcher->col };
	struct hws_obj objs[2 * (2 * HWS_DIR_MAX + 1)];
	unsigned int i, dir, n = 0;

	for (i = 0; i < 2; i++) {
		for (dir = 0; dir < HWS_DIR_MAX; dir++)
			objs[n++] = l[i]->rtc[dir];
		objs[n++] = l[i]->end_ft;
		for (dir = 0; dir < HWS_DIR_MAX; dir++)
			objs[n++] = l[i]->ste[dir];
	}
	hws_context_bury(matcher->tbl->ctx, objs, n);
}

/* Retry the destruction of what earlier matchers left behind. */
static void reap(struct mlx5hws_context *ctx)
{
	pthread_mutex_lock(&ctx->ctrl_lock);
	hws_context_reap(ctx);
	pthread_mutex_unlock(&ctx->ctrl_lock);
}

/* On failure the caller destroys what was made (layers_destroy()). */
static int layer_create(struct mlx5hws_matcher *matcher,
			struct hws_matcher_layer *l)
{
	struct mlx5hws_table *tbl = matcher->tbl;
	struct mlx5hws_context *ctx = tbl->ctx;
	struct hws_cmd_rtc_attr attr = { 0 };
	unsigned int dir;
	uint8_t log;
	int err;

	err = hws_table_ft_create(tbl, &l->end_ft);
	if (err)
		return err;
	for (dir = 0; dir < HWS_DIR_MAX; dir++) {
		if (!(hws_domain_dirs(tbl->domain) & HWS_DIR_BIT(dir)))
			continue;
		log = l->log_rows[dir] + l->log_depth[dir];
		if (log < ctx->caps.ste_alloc_log_granularity)
			log = ctx->caps.ste_alloc_log_granularity;
		err = hws_cmd_ste_create(ctx->dev,
					 hws_domain_obj_type(tbl->domain, dir),
					 log, &l->ste[dir]);
		if (err)
			return err;
		attr.table_type = hws_domain_obj_type(tbl->domain, dir);
		attr.log_hash_size = l->log_rows[dir];
		attr.log_depth = l->log_depth[dir];
		attr.ste_format = hws_matcher_jumbo(matcher) ?
					  MLX5_IFC_RTC_STE_FORMAT_11DW :
					  MLX5_IFC_RTC_STE_FORMAT_8DW;
		/*
		 * A device that reparses by STC reparses after the STCs that
		 * ask for it only (those of header rewrites), not after each
		 * STE
		 */
		attr.reparse_mode =
			ctx->caps.rtc_reparse_mode >>
					MLX5_IFC_RTC_REPARSE_BY_STC & 1 ?
				MLX5_IFC_RTC_REPARSE_NEVER :
				MLX5_IFC_RTC_REPARSE_ALWAYS;
		attr.pdn = ctx->pd.id;
		/* templates that differ: hash by what they share */
		attr.definer_id = matcher->hash_def ?
					  matcher->hash_def->obj.id :
					  matcher->def[0]->obj.id;
		attr.num_hash_definer = !!matcher->hash_def;
		/* its STEs name their definers: firmware writes them */
		attr.update_method = matcher->hash_def ?
					     PRM_RTC_UPDATE_METHOD_FW :
					     PRM_RTC_UPDATE_METHOD_WQE;
		attr.stc_id = ctx->stc[tbl->domain].stc[dir].id;
		attr.ste_id = l->ste[dir].id;
		attr.miss_ft_id = l->end_ft.id;
		err = hws_cmd_rtc_create(ctx->dev, &attr, &l->rtc[dir]);
		if (err)
			return err;
	}
	return 0;
}

static void layer_rtc_ids(const struct hws_matcher_layer *l,
			  uint32_t ids[HWS_DIR_MAX])
{
	unsigned int dir;

	for (dir = 0; dir < HWS_DIR_MAX; dir++)
		ids[dir] = l->rtc[dir].id;
}

/*
 * Firmware writes a hash definer's match STEs one command at a time, apart
 * from the send queue that writes action STEs: they would not be ordered.
 */
static int
hws_matcher_check_fw_actions(const struct mlx5hws_action_template *at)
{
	if (hws_action_template_num_stes(at, false) > 1) {
		hws_err("matcher: templates that select differently write their rules through firmware, which does not write action STEs; these actions need %u STEs",
			hws_action_template_num_stes(at, false));
		return EOPNOTSUPP;
	}
	return 0;
}

static int check_templates(struct mlx5hws_table *tbl,
			   struct mlx5hws_match_template *mt[],
			   uint8_t num_of_mt,
			   struct mlx5hws_action_template *at[],
			   uint8_t num_of_at)
{
	uint8_t i;

	if (!num_of_mt || !mt) {
		hws_err("matcher: %u match templates; at least one needed",
			num_of_mt);
		return EINVAL;
	}
	for (i = 0; i < num_of_mt; i++) {
		if (!mt[i] || mt[i]->ctx != tbl->ctx) {
			hws_err("matcher: match template %u is %s", i,
				mt[i] ? "of another context" : "NULL");
			return EINVAL;
		}
	}
	/* the kernel's root matcher takes one mask */
	if (num_of_mt > 1 && hws_table_is_root(tbl)) {
		hws_err("matcher: %u match templates on a root table, which takes one",
			num_of_mt);
		return EOPNOTSUPP;
	}
	if (num_of_at && !at)
		return EINVAL;
	/* actions the match STE cannot hold continue in action STEs */
	for (i = 0; i < num_of_at; i++)
		if (!at[i])
			return EINVAL;
	for (i = 1; i < num_of_mt; i++)
		if (!hws_definer_same(&mt[i]->definer, &mt[0]->definer))
			break;
	if (i < num_of_mt)
		for (i = 0; i < num_of_at; i++)
			if (hws_matcher_check_fw_actions(at[i]))
				return EOPNOTSUPP;
	return 0;
}

/* The matcher's own definers, if it has them. */
static void hws_matcher_definers_fini(struct mlx5hws_matcher *matcher)
{
	struct mlx5hws_context *ctx = matcher->tbl->ctx;
	uint8_t i;

	if (matcher->own_defs) {
		/* after the RTCs, which hold the hash definer */
		hws_definer_destroy(ctx, matcher->hash_def);
		for (i = 0; i < matcher->num_mt; i++)
			hws_definer_destroy(ctx, &matcher->own_defs[i]);
	}
	hws_free(&ctx->mem, matcher->hash_def);
	hws_free(&ctx->mem, matcher->own_defs);
	hws_free(&ctx->mem, matcher->def);
	hws_free(&ctx->mem, matcher->mt);
}

/* An STE names its definer in 8 bits. */
static int hws_matcher_check_definer_ids(const struct mlx5hws_matcher *matcher)
{
	uint8_t i;

	for (i = 0; i < matcher->num_mt; i++) {
		if (matcher->def[i]->obj.id > PRM_STE_DEFINER_ID_MAX) {
			hws_err("matcher: the definer of match template %u has id %u; an STE names ids up to %u",
				i, matcher->def[i]->obj.id,
				PRM_STE_DEFINER_ID_MAX);
			return EOPNOTSUPP;
		}
	}
	return 0;
}

/*
 * A hash definer's RTCs take their STEs through firmware only
 * (GENERATE_WQE): the device must offer it for match STEs, with a hash
 * definer.
 */
static int hws_matcher_check_fw_write(const struct mlx5hws_matcher *matcher)
{
	const struct hws_fw_write_caps *fw = &matcher->tbl->ctx->fw_write;

	if (!(fw->ste_formats >> MLX5_IFC_RTC_STE_FORMAT_8DW & 1) ||
	    fw->max_hash_definers < 1) {
		hws_err("matcher: templates that select differently need STEs written through firmware (GENERATE_WQE); the device offers STE formats 0x%x, %u hash definers that way",
			fw->ste_formats, fw->max_hash_definers);
		return EOPNOTSUPP;
	}
	return 0;
}

/*
 * One definer per template.  Templates that all select alike keep their
 * own, and the RTCs hash by it.  Otherwise the matcher makes its own, on
 * the selectors of the union of their fields, and a hash definer.
 */
static int hws_matcher_definers_init(struct mlx5hws_matcher *matcher,
			 struct mlx5hws_match_template *mt[], uint8_t n)
{
	struct mlx5hws_context *ctx = matcher->tbl->ctx;
	bool same = true;
	uint8_t i;
	int err;

	matcher->num_mt = n;
	matcher->mt = hws_zalloc(&ctx->mem, n * sizeof(*matcher->mt));
	matcher->def = hws_zalloc(&ctx->mem, n * sizeof(*matcher->def));
	if (!matcher->mt || !matcher->def)
		goto nomem;
	for (i = 0; i < n; i++) {
		matcher->mt[i] = mt[i];
		matcher->def[i] = &mt[i]->definer;
		same = same &&
		       hws_definer_same(matcher->def[i], matcher->def[0]);
	}
	if (same)
		return 0;
	err = hws_matcher_check_fw_write(matcher);
	if (err) {
		hws_matcher_definers_fini(matcher);
		return err;
	}
	matcher->own_defs =
		hws_zalloc(&ctx->mem, n * sizeof(*matcher->own_defs));
	matcher->hash_def = hws_zalloc(&ctx->mem, sizeof(*matcher->hash_def));
	if (!matcher->own_defs || !matcher->hash_def)
		goto nomem;
	err = hws_definer_create_shared(ctx, matcher->def, n, matcher->own_defs,
					matcher->hash_def);
	if (err) {
		hws_free(&ctx->mem, matcher->own_defs);
		matcher->own_defs = NULL;
		hws_matcher_definers_fini(matcher);
		return err;
	}
	for (i = 0; i < n; i++)
		matcher->def[i] = &matcher->own_defs[i];
	err = hws_matcher_check_definer_ids(matcher);
	if (err)
		hws_matcher_definers_fini(matcher);
	return err;

nomem:
	hws_matcher_definers_fini(matcher);
	return ENOMEM;
}

static int check_attr(const struct mlx5hws_matcher_attr *attr)
{
	if (!attr || attr->comp_mask ||
	    attr->mode > MLX5HWS_MATCHER_RESOURCE_MODE_HTABLE ||
	    attr->optimize_flow_src > MLX5HWS_MATCHER_FLOW_SRC_VPORT) {
		hws_err("matcher: bad attributes");
		return EINVAL;
	}
	return 0;
}

struct mlx5hws_matcher *
mlx5hws_matcher_create(struct mlx5hws_table *tbl,
		       struct mlx5hws_match_template *mt[], uint8_t num_of_mt,
		       struct mlx5hws_action_template *at[], uint8_t num_of_at,
		       const struct mlx5hws_matcher_attr *attr)
{
	struct mlx5hws_matcher *matcher;
	struct mlx5hws_context *ctx;
	uint32_t col_ids[HWS_DIR_MAX];
	uint8_t i;
	int err;

	if (!tbl) {
		errno = EINVAL;
		return NULL;
	}
	ctx = tbl->ctx;
	err = check_attr(attr);
	if (!err)
		err = check_templates(tbl, mt, num_of_mt, at, num_of_at);
	if (err) {
		errno = err;
		return NULL;
	}
	reap(ctx);
	/* its count's slots and its caches are apart */
	matcher = hws_zalloc_aligned(&ctx->mem, HWS_CACHE_APART,
				     sizeof(*matcher));
	if (!matcher) {
		errno = ENOMEM;
		return NULL;
	}
	matcher->tbl = tbl;
	matcher->attr = *attr;
	err = hws_matcher_definers_init(matcher, mt, num_of_mt);
	if (err)
		goto free_matcher;
	matcher->at_size = num_of_at ? num_of_at : 1;
	matcher->at = hws_zalloc(&ctx->mem,
				 matcher->at_size * sizeof(*matcher->at));
	if (!matcher->at) {
		err = ENOMEM;
		goto free_definers;
	}
	if (num_of_at)
		memcpy(matcher->at, at, num_of_at * sizeof(*at));
	matcher->num_at = num_of_at;
	if (hws_table_is_root(tbl)) {
		matcher->dirs = hws_domain_dirs(tbl->domain);
		err = hws_root_matcher_create(tbl, attr->priority,
					      &mt[0]->definer, mt[0]->criteria,
					      &matcher->root);
		if (err)
			goto free_at;
		/* listed, so that the table stays while it has matchers */
		pthread_mutex_lock(&ctx->ctrl_lock);
		hws_list_add_tail(&tbl->matchers, &matcher->link.node);
		pthread_mutex_unlock(&ctx->ctrl_lock);
		goto hold_templates;
	}
	err = set_sizes(matcher);
	if (err)
		goto free_at;

	err = layer_create(matcher, &matcher->main);
	if (err)
		goto destroy_layers;
	if (matcher->has_col) {
		err = layer_create(matcher, &matcher->col);
		if (err)
			goto destroy_layers;
		/* what the main table misses goes to the collision table */
		layer_rtc_ids(&matcher->col, col_ids);
		err = hws_table_ft_set_rtcs(tbl, &matcher->main.end_ft,
					    col_ids);
		if (err)
			goto destroy_layers;
	}
	matcher->link.priority = attr->priority;
	layer_rtc_ids(&matcher->main, matcher->link.rtc);
	matcher->link.exit_ft = matcher->has_col ? &matcher->col.end_ft :
						   &matcher->main.end_ft;
	pthread_mutex_lock(&ctx->ctrl_lock);
	err = hws_table_connect(tbl, &matcher->link);
	pthread_mutex_unlock(&ctx->ctrl_lock);
	if (err)
		goto destroy_layers;
	matcher->connected = true;

hold_templates:
	for (i = 0; i < num_of_mt; i++)
		__atomic_add_fetch(&mt[i]->users, 1, __ATOMIC_RELAXED);
	for (i = 0; i < num_of_at; i++)
		__atomic_add_fetch(&at[i]->users, 1, __ATOMIC_RELAXED);
	for (i = 0; i < HWS_MATCHER_CACHED_AT; i++)
		hws_action_cache_init(ctx, &matcher->set_cache[i]);
	return matcher;

destroy_layers:
	if (layers_destroy(matcher))
		layers_bury(matcher);
free_at:
	hws_free(&ctx->mem, matcher->at);
free_definers:
	hws_matcher_definers_fini(matcher);
free_matcher:
	hws_free(&ctx->mem, matcher);
	errno = err;
	return NULL;
}

int hws_matcher_disconnect(struct mlx5hws_matcher *matcher)
{
	struct mlx5hws_context *ctx = matcher->tbl->ctx;
	int err = 0;

	pthread_mutex_lock(&ctx->ctrl_lock);
	if (matcher->connected)
		err = hws_table_disconnect(matcher->tbl, &matcher->link);
	if (!err)
		matcher->connected = false;
	pthread_mutex_unlock(&ctx->ctrl_lock);
	return err;
}

/* Release what the matcher holds besides its device objects. */
static void matcher_free(struct mlx5hws_matcher *matcher)
{
	struct mlx5hws_context *ctx = matcher->tbl->ctx;
	uint8_t i;

	for (i = 0; i < HWS_MATCHER_CACHED_AT; i++)
		hws_action_cache_fini(ctx, &matcher->set_cache[i]);
	hws_action_set_release_parked(ctx, &matcher->parked_sets);
	hws_action_ste_chunk_release_parked(ctx, &matcher->parked_chunks);
	for (i = 0; i < matcher->num_mt; i++)
		__atomic_sub_fetch(&matcher->mt[i]->users, 1, __ATOMIC_RELEASE);
	hws_matcher_definers_fini(matcher);
	for (i = 0; i < matcher->num_at; i++)
		__atomic_sub_fetch(&matcher->at[i]->users, 1, __ATOMIC_RELEASE);
	hws_free(&ctx->mem, matcher->at);
	hws_free(&ctx->mem, matcher);
}

int mlx5hws_matcher_destroy(struct mlx5hws_matcher *matcher)
{
	struct mlx5hws_context *ctx;
	int err;

	if (!matcher)
		return EINVAL;
	ctx = matcher->tbl->ctx;
	if (hws_count_read(&matcher->num_rules)) {
		hws_err("matcher still holds %lld rules",
			(long long)hws_count_read(&matcher->num_rules));
		return EBUSY;
	}
	reap(ctx);
	if (matcher->root) {
		err = hws_root_matcher_destroy(ctx, matcher->root);
		if (err)
			return err;
		pthread_mutex_lock(&ctx->ctrl_lock);
		hws_list_del(&matcher->link.node);
		pthread_mutex_unlock(&ctx->ctrl_lock);
		matcher_free(matcher);
		return 0;
	}
	err = hws_matcher_disconnect(matcher);
	if (err)
		return err;
	/* objects the device would not destroy stay for another try */
	err = layers_destroy(matcher);
	if (err)
		return err;
	matcher_free(matcher);
	return 0;
}

void hws_matcher_bury(struct mlx5hws_matcher *matcher)
{
	layers_bury(matcher);
	matcher_free(matcher);
}

int mlx5hws_matcher_attach_at(struct mlx5hws_matcher *matcher,
			      struct mlx5hws_action_template *at)
{
	struct mlx5hws_context *ctx;
	struct mlx5hws_action_template **grown;
	int err = 0;

	if (!matcher || !at)
		return EINVAL;
	ctx = matcher->tbl->ctx;
	if (matcher->hash_def) {
		err = hws_matcher_check_fw_actions(at);
		if (err)
			return err;
	}
	/* the debug dump reads the array under ctrl_lock */
	pthread_mutex_lock(&ctx->ctrl_lock);
	if (matcher->num_at == matcher->at_size) {
		if (matcher->at_size >= HWS_MATCHER_MAX_AT) {
			hws_err("matcher: at most %u action templates",
				HWS_MATCHER_MAX_AT);
			err = ENOSPC;
			goto unlock;
		}
		grown = hws_zalloc(&ctx->mem,
				   matcher->at_size * 2 * sizeof(*grown));
		if (!grown) {
			err = ENOMEM;
			goto unlock;
		}
		memcpy(grown, matcher->at, matcher->num_at * sizeof(*grown));
		hws_free(&ctx->mem, matcher->at);
		matcher->at = grown;
		matcher->at_size *= 2;
	}
	matcher->at[matcher->num_at++] = at;
	__atomic_add_fetch(&at->users, 1, __ATOMIC_RELAXED);
unlock:
	pthread_mutex_unlock(&ctx->ctrl_lock);
	return err;
}

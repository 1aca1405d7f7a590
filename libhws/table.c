// SPDX-License-Identifier: GPL-2.0 OR Linux-OpenIB
#include <errno.h>

#include "table.h"

static uint8_t ft_type(const struct mlx5hws_table *tbl)
{
	return hws_domain_ft_type(tbl->domain);
}

static uint8_t max_level(const struct mlx5hws_table *tbl)
{
	return tbl->domain == HWS_DOMAIN_FDB ? tbl->ctx->caps.fdb_max_ft_level :
					       tbl->ctx->caps.nic_max_ft_level;
}

int hws_table_ft_create(struct mlx5hws_table *tbl, struct hws_obj *ft)
{
	/* Every HWS flow table sits at the last level but one, as the
	 * kernel's do; the user's level orders tables within libhws.
	 */
	return hws_cmd_ft_create(tbl->ctx->dev, ft_type(tbl),
				 max_level(tbl) - 1, ft);
}

int hws_table_ft_set_rtcs(struct mlx5hws_table *tbl, struct hws_obj *ft,
			  const uint32_t rtc[HWS_DIR_MAX])
{
	/* NIC tables have one RTC, whichever direction it serves */
	if (tbl->domain == HWS_DOMAIN_NIC_RX)
		return hws_cmd_ft_set_rtcs(ft, ft_type(tbl), rtc[HWS_DIR_RX], 0);
	if (tbl->domain == HWS_DOMAIN_NIC_TX)
		return hws_cmd_ft_set_rtcs(ft, ft_type(tbl), rtc[HWS_DIR_TX], 0);
	return hws_cmd_ft_set_rtcs(ft, ft_type(tbl), rtc[HWS_DIR_RX],
				   rtc[HWS_DIR_TX]);
}

static struct hws_chain_link *link_of(struct hws_list *node)
{
	return hws_container_of(node, struct hws_chain_link, node);
}

/* The flow table a lookup leaves the table through. */
static struct hws_obj *last_ft(struct mlx5hws_table *tbl)
{
	if (hws_list_empty(&tbl->matchers))
		return &tbl->ft;
	return link_of(tbl->matchers.prev)->exit_ft;
}

/* The flow table whose lookup leads to the link at node (or to the end). */
static struct hws_obj *ft_before(struct mlx5hws_table *tbl,
				 struct hws_list *node)
{
	if (node->prev == &tbl->matchers)
		return &tbl->ft;
	return link_of(node->prev)->exit_ft;
}

/* The flow table a lookup that leaves the table goes to; 0: the default. */
static uint32_t miss_id(const struct mlx5hws_table *tbl)
{
	if (tbl->miss_ft_id)
		return tbl->miss_ft_id;
	return tbl->miss_tbl ? tbl->miss_tbl->ft.id : 0;
}

/* Point ft at the table's default miss: no RTCs, then the miss table. */
static int ft_to_miss(struct mlx5hws_table *tbl, struct hws_obj *ft)
{
	static const uint32_t none[HWS_DIR_MAX];
	int err = hws_table_ft_set_rtcs(tbl, ft, none);

	if (err)
		return err;
	return hws_cmd_ft_set_miss(ft, ft_type(tbl), miss_id(tbl));
}

int hws_table_connect(struct mlx5hws_table *tbl, struct hws_chain_link *link)
{
	struct hws_list *pos;
	int err;

	hws_list_for_each(pos, &tbl->matchers)
		if (link_of(pos)->priority > link->priority)
			break;
	/* the new link's exit first, while nothing leads into it */
	if (pos != &tbl->matchers)
		err = hws_table_ft_set_rtcs(tbl, link->exit_ft,
					    link_of(pos)->rtc);
	else
		err = ft_to_miss(tbl, link->exit_ft);
	if (err)
		return err;
	err = hws_table_ft_set_rtcs(tbl, ft_before(tbl, pos), link->rtc);
	if (err)
		return err;
	/* before pos: a list's tail is just before its head */
	hws_list_add_tail(pos, &link->node);
	return 0;
}

int hws_table_disconnect(struct mlx5hws_table *tbl,
			 struct hws_chain_link *link)
{
	struct hws_obj *prev_ft;
	int err;

	prev_ft = ft_before(tbl, &link->node);
	if (link->node.next != &tbl->matchers)
		err = hws_table_ft_set_rtcs(tbl, prev_ft,
					    link_of(link->node.next)->rtc);
	else
		err = ft_to_miss(tbl, prev_ft);
	if (err)
		return err;
	hws_list_del(&link->node);
	return 0;
}

int hws_table_set_miss_ft(struct mlx5hws_table *tbl, uint32_t ft_id)
{
	uint32_t old;
	int err;

	if (!tbl->ctx->caps.ignore_flow_level_rtc_valid) {
		hws_err("table: the device cannot point a table's miss at another table's flow table 0x%x (ignore_flow_level_rtc_valid)",
			ft_id);
		return EOPNOTSUPP;
	}
	pthread_mutex_lock(&tbl->ctx->ctrl_lock);
	old = tbl->miss_ft_id;
	tbl->miss_ft_id = ft_id;
	err = ft_to_miss(tbl, last_ft(tbl));
	if (err) {
		tbl->miss_ft_id = old;
		/* the flow table may be half-written: put the old miss back */
		ft_to_miss(tbl, last_ft(tbl));
	}
	pthread_mutex_unlock(&tbl->ctx->ctrl_lock);
	return err;
}

struct mlx5hws_table *mlx5hws_table_create(struct mlx5hws_context *ctx,
					   const struct mlx5hws_table_attr *attr)
{
	struct mlx5hws_table *tbl;
	enum hws_domain domain;
	int err;

	if (!ctx || !attr || attr->comp_mask ||
	    attr->type > MLX5HWS_TABLE_TYPE_FDB) {
		hws_err("table: bad context or attributes");
		errno = EINVAL;
		return NULL;
	}
	domain = (enum hws_domain)attr->type;
	tbl = hws_zalloc(&ctx->mem, sizeof(*tbl));
	if (!tbl) {
		errno = ENOMEM;
		return NULL;
	}
	tbl->ctx = ctx;
	tbl->domain = domain;
	tbl->level = attr->level;
	hws_list_init(&tbl->matchers);
	if (attr->level >= max_level(tbl)) {
		hws_err("table level %u outside 0..%u", attr->level,
			max_level(tbl) - 1);
		err = EINVAL;
		goto free_tbl;
	}
	/* level 0 is the kernel's root: no flow table and no STCs of ours */
	if (hws_table_is_root(tbl))
		goto add;
	err = hws_stc_domain_get(ctx, domain);
	if (err)
		goto free_tbl;
	err = hws_table_ft_create(tbl, &tbl->ft);
	if (err)
		goto put_domain;
add:
	pthread_mutex_lock(&ctx->ctrl_lock);
	hws_list_add_tail(&ctx->tables, &tbl->node);
	pthread_mutex_unlock(&ctx->ctrl_lock);
	return tbl;

put_domain:
	hws_stc_domain_put(ctx, domain);
free_tbl:
	hws_free(&ctx->mem, tbl);
	errno = err;
	return NULL;
}

int mlx5hws_table_destroy(struct mlx5hws_table *tbl)
{
	struct mlx5hws_context *ctx;
	int err;

	if (!tbl)
		return EINVAL;
	ctx = tbl->ctx;
	pthread_mutex_lock(&ctx->ctrl_lock);
	if (!hws_list_empty(&tbl->matchers) || tbl->miss_users ||
	    __atomic_load_n(&tbl->action_refs, __ATOMIC_ACQUIRE)) {
		pthread_mutex_unlock(&ctx->ctrl_lock);
		hws_err("table is in use: it has matchers, or is a default miss or a go-to-table destination");
		return EBUSY;
	}
	err = hws_cmd_destroy(&tbl->ft);
	if (err) {
		pthread_mutex_unlock(&ctx->ctrl_lock);
		return err;
	}
	if (tbl->miss_tbl)
		tbl->miss_tbl->miss_users--;
	hws_list_del(&tbl->node);
	pthread_mutex_unlock(&ctx->ctrl_lock);
	if (!hws_table_is_root(tbl))
		hws_stc_domain_put(ctx, tbl->domain);
	hws_free(&ctx->mem, tbl);
	return 0;
}

uint32_t mlx5hws_table_get_id(const struct mlx5hws_table *tbl)
{
	return tbl ? tbl->ft.id : 0;
}

int mlx5hws_table_set_default_miss(struct mlx5hws_table *tbl,
				   struct mlx5hws_table *miss_tbl)
{
	struct mlx5hws_table *old;
	int err;

	if (!tbl)
		return EINVAL;
	if (hws_table_is_root(tbl)) {
		/* the kernel's default stays; there is nothing to reset */
		if (!miss_tbl)
			return 0;
		hws_err("a root table's misses are the kernel's to set");
		return EOPNOTSUPP;
	}
	if (miss_tbl && (miss_tbl->ctx != tbl->ctx ||
			 miss_tbl->domain != tbl->domain ||
			 miss_tbl->level <= tbl->level)) {
		hws_err("default miss must go to a table of the same type at a deeper level");
		return EINVAL;
	}
	if (!tbl->ctx->caps.ignore_flow_level_rtc_valid) {
		hws_err("the device cannot point a table's miss at any table (ignore_flow_level_rtc_valid)");
		return EOPNOTSUPP;
	}
	pthread_mutex_lock(&tbl->ctx->ctrl_lock);
	old = tbl->miss_tbl;
	tbl->miss_tbl = miss_tbl;
	err = ft_to_miss(tbl, last_ft(tbl));
	if (err) {
		tbl->miss_tbl = old;
		/* the flow table may be half-written: put the old miss back */
		ft_to_miss(tbl, last_ft(tbl));
	} else {
		if (old)
			old->miss_users--;
		if (miss_tbl)
			miss_tbl->miss_users++;
	}
	pthread_mutex_unlock(&tbl->ctx->ctrl_lock);
	return err;
}

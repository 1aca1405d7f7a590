// SPDX-License-Identifier: GPL-2.0 OR Linux-OpenIB
/* hwsctl apply's receive queues: the rxq and tir lines of a rule file. */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "hwsctl.h"
#include "libhws/context.h"
#include "rxq.h"

static int apply_rx_why(struct apply_rx *rx, int status, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
static int apply_rx_why(struct apply_rx *rx, int status, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(rx->why, sizeof(rx->why), fmt, ap);
	va_end(ap);
	return status;
}

/* The device refused what: exit status 1, with the status it gave. */
static int apply_rx_refused(struct apply_rx *rx, const char *what,
			    const char *name, int err)
{
	if (err == EREMOTEIO)
		return apply_rx_why(
			rx, 1,
			"%s %s: the device refused it: status 0x%x, syndrome 0x%x",
			what, name, rx->set.status, rx->set.syndrome);
	return apply_rx_why(rx, 1, "%s %s: %s", what, name, strerror(err));
}

static struct apply_rx_queue *apply_rx_find_queue(const struct apply_rx *rx,
						  const char *name)
{
	size_t i;

	for (i = 0; i < rx->nq; i++)
		if (!strcmp(rx->q[i].name, name))
			return &rx->q[i];
	return NULL;
}

static struct apply_rx_tir *apply_rx_find_tir(const struct apply_rx *rx,
					      const char *name)
{
	size_t i;

	for (i = 0; i < rx->nt; i++)
		if (!strcmp(rx->t[i].name, name))
			return &rx->t[i];
	return NULL;
}

/* The PD, CQ and TD the queues share, made with the first queue. */
static int apply_rx_open(struct apply_rx *rx, struct mlx5hws_context *ctx)
{
	int err;

	if (rx->set.mem)
		return 0;
	err = rxq_set_open(&rx->set, ctx->dev);
	if (err)
		/* cmd.c logged the status of a PD or CQ it was refused */
		return apply_rx_why(rx, 1, "rxq: the queues' PD, CQ and TD: %s",
				    strerror(err));
	return 0;
}

/* rxq NAME */
static int apply_rx_rxq(struct apply_rx *rx, struct mlx5hws_context *ctx,
			char **tok, int n)
{
	struct apply_rx_queue *q;
	int err;

	if (n != 2)
		return apply_rx_why(rx, 2, "usage: rxq NAME");
	if (apply_rx_find_queue(rx, tok[1]))
		return apply_rx_why(rx, 2, "rxq %s is defined twice", tok[1]);
	if (rx->nq >= RXQ_MAX)
		return apply_rx_why(rx, 2, "more than %d receive queues",
				    RXQ_MAX);
	err = apply_rx_open(rx, ctx);
	if (err)
		return err;
	rx->q = hwsctl_grow(rx->q, rx->nq, sizeof(*rx->q));
	q = &rx->q[rx->nq];
	snprintf(q->name, sizeof(q->name), "%s", tok[1]);
	err = rxq_rq_create(&rx->set, &q->rq);
	if (err)
		return apply_rx_refused(rx, "rxq", tok[1], err);
	rx->nq++;
	return 0;
}

/*
 * fields ipv4|ipv6[,tcp|udp][,src-ip][,dst-ip][,src-port][,dst-port]:
 * without the last four, the addresses and, with tcp or udp, the ports.
 */
static int apply_rx_fields(struct apply_rx *rx, char *list, struct rxq_hash *h)
{
	static const struct {
		const char *word;
		uint32_t field;
	} only[] = {
		{ "src-ip", MLX5_HASH_FIELD_SEL_SRC_IP },
		{ "dst-ip", MLX5_HASH_FIELD_SEL_DST_IP },
		{ "src-port", MLX5_HASH_FIELD_SEL_L4_SPORT },
		{ "dst-port", MLX5_HASH_FIELD_SEL_L4_DPORT },
	};
	const uint32_t ports = MLX5_HASH_FIELD_SEL_L4_SPORT |
			       MLX5_HASH_FIELD_SEL_L4_DPORT;
	bool l3 = false, l4 = false;
	char *save = NULL, *w;
	size_t i;

	memset(h, 0, sizeof(*h));
	for (w = strtok_r(list, ",", &save); w;
	     w = strtok_r(NULL, ",", &save)) {
		if (!strcmp(w, "ipv4") || !strcmp(w, "ipv6")) {
			if (l3)
				return apply_rx_why(
					rx, 2, "fields: one of ipv4 and ipv6");
			l3 = true;
			h->l3 = w[3] == '6' ? MLX5_L3_PROT_TYPE_IPV6 :
					      MLX5_L3_PROT_TYPE_IPV4;
			continue;
		}
		if (!strcmp(w, "tcp") || !strcmp(w, "udp")) {
			if (l4)
				return apply_rx_why(
					rx, 2, "fields: one of tcp and udp");
			l4 = true;
			h->l4 = *w == 'u' ? MLX5_L4_PROT_TYPE_UDP :
					    MLX5_L4_PROT_TYPE_TCP;
			continue;
		}
		for (i = 0; i < sizeof(only) / sizeof(only[0]); i++)
			if (!strcmp(w, only[i].word))
				break;
		if (i == sizeof(only) / sizeof(only[0]))
			return apply_rx_why(
				rx, 2,
				"fields: unknown field '%s' (ipv4, ipv6, tcp, udp, src-ip, dst-ip, src-port, dst-port)",
				w);
		h->fields |= only[i].field;
	}
	if (!l3)
		return apply_rx_why(rx, 2, "fields: ipv4 or ipv6 is needed");
	if (!h->fields)
		h->fields = MLX5_HASH_FIELD_SEL_SRC_IP |
			    MLX5_HASH_FIELD_SEL_DST_IP | (l4 ? ports : 0);
	if (h->fields & ports && !l4)
		return apply_rx_why(rx, 2, "fields: ports need tcp or udp");
	return 0;
}

/* Q,Q,...: the RQ numbers of named queues, at most RXQ_MAX. */
static int apply_rx_queues(struct apply_rx *rx, char *list, uint32_t *rqn,
			   unsigned int *n)
{
	char *save = NULL, *w;
	struct apply_rx_queue *q;

	*n = 0;
	for (w = strtok_r(list, ",", &save); w;
	     w = strtok_r(NULL, ",", &save)) {
		q = apply_rx_find_queue(rx, w);
		if (!q)
			return apply_rx_why(rx, 2, "unknown rxq '%s'", w);
		if (*n >= RXQ_MAX)
			return apply_rx_why(rx, 2, "more than %d queues",
					    RXQ_MAX);
		rqn[(*n)++] = q->rq.id;
	}
	if (!*n)
		return apply_rx_why(rx, 2, "no queues");
	return 0;
}

/* tir NAME rq Q | tir NAME rss Q,Q... fields F,F... */
static int apply_rx_tir(struct apply_rx *rx, struct mlx5hws_context *ctx,
			char **tok, int n)
{
	uint32_t rqn[RXQ_MAX];
	struct apply_rx_tir t = { 0 };
	struct rxq_hash h;
	unsigned int nq;
	int err;

	if (n < 4 || (strcmp(tok[2], "rq") && strcmp(tok[2], "rss")))
		return apply_rx_why(
			rx, 2,
			"usage: tir NAME rq RXQ | tir NAME rss RXQ,RXQ... fields ipv4|ipv6[,tcp|udp]...");
	if (apply_rx_find_tir(rx, tok[1]))
		return apply_rx_why(rx, 2, "tir %s is defined twice", tok[1]);
	snprintf(t.name, sizeof(t.name), "%s", tok[1]);
	err = apply_rx_queues(rx, tok[3], rqn, &nq);
	if (err)
		return err;
	if (!strcmp(tok[2], "rq")) {
		if (n != 4 || nq != 1)
			return apply_rx_why(
				rx, 2,
				"tir %s: a direct TIR has one rxq: tir NAME rq RXQ",
				t.name);
		/* a named queue opened the set */
		err = rxq_tir_direct(&rx->set, rqn[0], &t.tir);
	} else {
		if (n != 6 || strcmp(tok[4], "fields"))
			return apply_rx_why(
				rx, 2,
				"tir %s: rss needs fields: tir NAME rss RXQ,RXQ... fields ipv4|ipv6[,tcp|udp]",
				t.name);
		err = apply_rx_fields(rx, tok[5], &h);
		if (err)
			return err;
		err = rxq_rqt_create(&rx->set, rqn, nq, &t.rqt);
		if (!err) {
			err = rxq_tir_rss(&rx->set, t.rqt.id, &h, &t.tir);
			if (err)
				hws_cmd_destroy(&t.rqt);
		}
	}
	if (err)
		return apply_rx_refused(rx, "tir", t.name, err);
	rx->t = hwsctl_grow(rx->t, rx->nt, sizeof(*rx->t));
	rx->t[rx->nt++] = t;
	return 0;
}

int apply_rx_line(struct apply_rx *rx, struct mlx5hws_context *ctx, char **tok,
		  int n)
{
	if (!strcmp(tok[0], "rxq"))
		return apply_rx_rxq(rx, ctx, tok, n);
	return apply_rx_tir(rx, ctx, tok, n);
}

long long apply_rx_tirn(const struct apply_rx *rx, const char *name)
{
	const struct apply_rx_tir *t = apply_rx_find_tir(rx, name);

	return t ? (long long)t->tir.id : -1;
}

const char *apply_rx_rq_name(const struct apply_rx *rx, uint32_t rqn)
{
	size_t i;

	for (i = 0; i < rx->nq; i++)
		if (rx->q[i].rq.id == rqn)
			return rx->q[i].name;
	return NULL;
}

const char *apply_rx_tir_name(const struct apply_rx *rx, uint32_t tirn)
{
	size_t i;

	for (i = 0; i < rx->nt; i++)
		if (rx->t[i].tir.id == tirn)
			return rx->t[i].name;
	return NULL;
}

int apply_rx_close(struct apply_rx *rx)
{
	int err = 0, e;
	size_t i;

	for (i = 0; i < rx->nt; i++) {
		e = hws_cmd_destroy(&rx->t[i].tir);
		err = err ?: e;
		if (rx->t[i].rqt.devx) {
			e = hws_cmd_destroy(&rx->t[i].rqt);
			err = err ?: e;
		}
	}
	for (i = 0; i < rx->nq; i++) {
		e = hws_cmd_destroy(&rx->q[i].rq);
		err = err ?: e;
	}
	e = rxq_set_close(&rx->set);
	err = err ?: e;
	free(rx->t);
	free(rx->q);
	return err;
}

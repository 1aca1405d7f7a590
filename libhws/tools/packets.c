// SPDX-License-Identifier: GPL-2.0 OR Linux-OpenIB
/*
 * hwsctl's packets on the device: verdicts as lines or hop-by-hop traces,
 * and captures run frame by frame through the rules.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "capture.h"
#include "packets.h"

/* The rule file's name of RQ rqn, or NULL. */
static const char *packets_rq(const struct packets_namer *nm, uint32_t rqn)
{
	return nm->rq ? nm->rq(nm->arg, rqn) : NULL;
}

static const char *packets_tir(const struct packets_namer *nm, uint32_t tirn)
{
	return nm->tir ? nm->tir(nm->arg, tirn) : NULL;
}

/*
 * A destination, as its capture is called: a vport, an RQ of the rule file
 * by its name (rq-Q2), another by its number (rq2), drop, uplink, loop or
 * miss.
 */
static void packets_dest(const struct packets_namer *nm, enum hws_result result,
			 uint16_t vport, uint32_t rqn, char *buf, size_t len)
{
	const char *rq;

	switch (result) {
	case HWS_RESULT_VPORT:
		snprintf(buf, len, "vport%u", vport);
		break;
	case HWS_RESULT_TIR:
		rq = packets_rq(nm, rqn);
		if (rq)
			snprintf(buf, len, "rq-%s", rq);
		else
			snprintf(buf, len, "rq%u", rqn);
		break;
	case HWS_RESULT_DROP:
		snprintf(buf, len, "drop");
		break;
	case HWS_RESULT_UPLINK:
		snprintf(buf, len, "uplink");
		break;
	case HWS_RESULT_LOOP:
		snprintf(buf, len, "loop");
		break;
	default:
		snprintf(buf, len, "miss");
		break;
	}
}

/* "copies vport1,vport2(+50 bytes)": each copy and what was put in front */
static void packets_print_copies(FILE *f, const struct packets_namer *nm,
				 const struct hws_verdict *v)
{
	char dest[80];
	unsigned int i;

	fprintf(f, "result copies ");
	for (i = 0; i < v->num_copies; i++) {
		const struct hws_copy *c = &v->copies[i];

		packets_dest(nm, c->result, c->vport, c->rq, dest,
			     sizeof(dest));
		fprintf(f, "%s%s", i ? "," : "", dest);
		if (c->header_len)
			fprintf(f, "(+%u bytes)", c->header_len);
	}
}

/* An RQ or a TIR: the rule file's name, else the device's number. */
static void packets_print_obj(FILE *f, const char *name, uint32_t num)
{
	if (name)
		fprintf(f, "%s", name);
	else
		fprintf(f, "%u", num);
}

/* rq=Q2 (tir T1), or with sep " " rq Q2 of tir T1 */
static void packets_print_rq(FILE *f, const struct packets_namer *nm,
			     const struct hws_verdict *v, const char *sep,
			     const char *of)
{
	fprintf(f, "rq%s", sep);
	packets_print_obj(f, packets_rq(nm, v->rq), v->rq);
	fprintf(f, "%stir ", of);
	packets_print_obj(f, packets_tir(nm, v->tir), v->tir);
}

static void packets_print_result(FILE *f, const struct packets_namer *nm,
				 const struct hws_verdict *v)
{
	switch (v->result) {
	case HWS_RESULT_DROP:
		fprintf(f, "result drop");
		/* an RQ that is not ready drops what its TIR sends it */
		if (v->tir) {
			fprintf(f, " (");
			packets_print_rq(f, nm, v, " ", " of ");
			fprintf(f, " not ready)");
		}
		break;
	case HWS_RESULT_VPORT:
		fprintf(f, "result vport=%u", v->vport);
		break;
	case HWS_RESULT_UPLINK:
		fprintf(f, "result uplink");
		break;
	case HWS_RESULT_LOOP:
		fprintf(f, "result loop");
		break;
	case HWS_RESULT_TIR:
		fprintf(f, "result ");
		packets_print_rq(f, nm, v, "=", " (");
		fputc(')', f);
		break;
	case HWS_RESULT_COPIES:
		packets_print_copies(f, nm, v);
		break;
	default:
		fprintf(f, "result miss");
		break;
	}
	if (v->has_tag)
		fprintf(f, " tag=0x%x", v->tag);
}

void packets_print_line(FILE *f, const struct packets_namer *nm,
			const struct hws_verdict *v)
{
	const char *matcher, *rule;
	unsigned int h;

	fprintf(f, "hits ");
	for (h = 0; h < v->num_hits; h++) {
		rule = nm->rule(nm->arg, &v->hits[h], &matcher);
		fprintf(f, "%s%s", h ? "," : "", rule ?: "?");
	}
	if (!v->num_hits)
		fprintf(f, "-");
	fputc(' ', f);
	packets_print_result(f, nm, v);
	fputc('\n', f);
}

static void packets_print_table(FILE *f, const struct packets_namer *nm,
				uint32_t ft_id)
{
	const char *name = nm->table(nm->arg, ft_id);

	if (name)
		fprintf(f, "table %s", name);
	else
		fprintf(f, "flow table 0x%x", ft_id);
}

static void packets_print_action(FILE *f, const struct packets_namer *nm,
				 const struct hws_hit_action *act)
{
	switch (act->type) {
	case HWS_HIT_COUNT:
		fprintf(f, "count (counter 0x%x + %u)", act->arg, act->arg2);
		break;
	case HWS_HIT_TAG:
		fprintf(f, "tag 0x%x", act->arg);
		break;
	case HWS_HIT_DROP:
		fprintf(f, "drop");
		break;
	case HWS_HIT_JUMP:
		fprintf(f, "go to ");
		packets_print_table(f, nm, act->arg);
		break;
	case HWS_HIT_VPORT:
		fprintf(f, "vport %u", act->arg);
		break;
	case HWS_HIT_UPLINK:
		fprintf(f, "uplink");
		break;
	case HWS_HIT_TIR:
		fprintf(f, "tir ");
		packets_print_obj(f, packets_tir(nm, act->arg), act->arg);
		break;
	case HWS_HIT_DEFAULT:
		fprintf(f, "default miss");
		break;
	case HWS_HIT_REWRITE:
		fprintf(f, "rewrite (STC action 0x%x, DW7 0x%x)", act->arg,
			act->arg2);
		break;
	case HWS_HIT_ACTION_STE:
		fprintf(f, "action STE %u", act->arg);
		break;
	}
}

void packets_print_trace(FILE *f, const struct packets_namer *nm,
			 const struct hws_verdict *v)
{
	unsigned int h, i;

	for (h = 0; h < v->num_hits; h++) {
		const struct hws_hit *hit = &v->hits[h];
		const char *matcher = NULL, *rule;

		rule = nm->rule(nm->arg, hit, &matcher);
		fprintf(f, "  %u. ", h + 1);
		packets_print_table(f, nm, hit->ft_id);
		fprintf(f, ": matcher %s, rule %s, STE %u of RTC 0x%x\n",
			matcher ?: "?", rule ?: "?", hit->ste_index,
			hit->rtc_id);
		fprintf(f, "     actions: ");
		for (i = 0; i < hit->num_actions; i++) {
			if (i)
				fprintf(f, ", ");
			packets_print_action(f, nm, &hit->actions[i]);
		}
		if (!hit->num_actions)
			fprintf(f, "none");
		fputc('\n', f);
	}
	if (!v->num_hits)
		fprintf(f, "  no rule hit\n");
	fprintf(f, "  ");
	packets_print_result(f, nm, v);
	fputc('\n', f);
}

static double packets_now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec + ts.tv_nsec / 1e9;
}

/*
 * Write what each destination got: the frame, or for several destinations
 * each copy, its header in front.  0, or -1 with the reason printed.
 */
static int packets_put(struct capture_sinks *sinks,
		       const struct packets_namer *nm,
		       const struct hws_packet *pkt,
		       const struct hws_verdict *v, const struct timeval *ts)
{
	/* the frame as the device sends it on, rewritten or not */
	const uint8_t *frame = v->out_len ? v->out_frame : pkt->frame;
	uint32_t len = v->out_len ? v->out_len : pkt->frame_len;
	char dest[80]; /* rq- and a name of the file */
	unsigned int i;
	uint8_t *buf;
	int err = 0;

	if (v->result != HWS_RESULT_COPIES) {
		packets_dest(nm, v->result, v->vport, v->rq, dest,
			     sizeof(dest));
		return capture_sink_put(sinks, dest, frame, len, ts);
	}
	buf = malloc(HWS_COPY_HEADER_MAX + len);
	if (!buf) {
		fprintf(stderr, "hwsctl: no memory for a copy\n");
		return -1;
	}
	for (i = 0; i < v->num_copies && !err; i++) {
		const struct hws_copy *c = &v->copies[i];

		memcpy(buf, c->header, c->header_len);
		memcpy(buf + c->header_len, frame, len);
		packets_dest(nm, c->result, c->vport, c->rq, dest,
			     sizeof(dest));
		err = capture_sink_put(sinks, dest, buf, c->header_len + len,
				       ts);
	}
	free(buf);
	return err;
}

int packets_run_capture(struct hws_dev *probe, uint32_t ft_id,
			const struct packets_opts *o,
			const struct packets_namer *nm)
{
	struct hws_packet pkt = { .side = o->side, .vport = o->vport };
	struct capture_sinks *sinks;
	struct capture_in *in;
	struct hws_verdict v;
	struct timeval ts;
	unsigned long frames = 0;
	double start, secs;
	int ret = 0, got, err;

	in = capture_open(o->pcap_in);
	if (!in)
		return 2;
	sinks = capture_sinks_open(o->pcap_out);
	if (!sinks) {
		capture_close(in);
		return 1;
	}
	start = packets_now();
	while ((got = capture_next(in, &pkt.frame, &pkt.frame_len, &ts)) > 0) {
		/* a root table has no flow table of ours: the port */
		err = ft_id ? hws_dev_trace_packet(probe, ft_id, &pkt, &v) :
			      hws_dev_inject_packet(probe, &pkt, &v);
		if (err) {
			fprintf(stderr, "hwsctl: %s: packet %lu: %s\n",
				o->pcap_in, capture_frame_number(in),
				err == EOPNOTSUPP ?
					"packets need the device model (--device sim)" :
					strerror(err));
			ret = 1;
			break;
		}
		frames++;
		if (o->trace) {
			printf("frame %lu: %u bytes, %u of headers parsed\n",
			       capture_frame_number(in), pkt.frame_len,
			       v.parsed_len);
			packets_print_trace(stdout, nm, &v);
		}
		if (packets_put(sinks, nm, &pkt, &v, &ts)) {
			ret = 1;
			break;
		}
	}
	secs = packets_now() - start;
	if (got < 0)
		ret = 2;
	if (!ret) {
		printf("capture %s: %lu frames: ", o->pcap_in, frames);
		capture_sinks_report(sinks, stdout);
		printf("\n");
		if (o->rate)
			printf("classified %lu frames in %.3f s: %.0f frames/s\n",
			       frames, secs, secs > 0 ? frames / secs : 0.0);
	}
	if (capture_sinks_close(sinks) && !ret)
		ret = 1;
	capture_close(in);
	return ret;
}

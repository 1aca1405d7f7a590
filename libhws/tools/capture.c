// SPDX-License-Identifier: GPL-2.0 OR Linux-OpenIB
/* hwsctl's packet captures: libpcap reads and writes them. */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include <pcap/pcap.h>

#include "capture.h"

/* The shortest frame a NIC takes in: an Ethernet header. */
#define CAPTURE_MIN_FRAME 14
/* The longest frame written out, as captures of jumbo frames allow. */
#define CAPTURE_SNAPLEN 65535

struct capture_in {
	pcap_t *p;
	const char *path;
	unsigned long frame;
};

struct capture_in *capture_open_stream(FILE *f, const char *path)
{
	char err[PCAP_ERRBUF_SIZE] = "";
	struct capture_in *c;

	c = calloc(1, sizeof(*c));
	if (!c) {
		perror("hwsctl");
		fclose(f);
		return NULL;
	}
	c->path = path;
	/* once it takes f, pcap_close() closes it; a failure leaves it */
	c->p = pcap_fopen_offline(f, err);
	if (!c->p) {
		fprintf(stderr, "hwsctl: %s: not a capture libpcap reads: %s\n",
			path, err);
		fclose(f);
		free(c);
		return NULL;
	}
	if (pcap_datalink(c->p) != DLT_EN10MB) {
		fprintf(stderr, "hwsctl: %s: link type %s, not Ethernet\n",
			path,
			pcap_datalink_val_to_name(pcap_datalink(c->p)) ?: "?");
		capture_close(c);
		return NULL;
	}
	return c;
}

struct capture_in *capture_open(const char *path)
{
	FILE *f = fopen(path, "rb");

	if (!f) {
		fprintf(stderr, "hwsctl: %s: %s\n", path, strerror(errno));
		return NULL;
	}
	return capture_open_stream(f, path);
}

int capture_next(struct capture_in *c, const uint8_t **data, uint32_t *len,
		 struct timeval *ts)
{
	struct pcap_pkthdr *h;
	int ret;

	ret = pcap_next_ex(c->p, &h, data);
	if (ret == PCAP_ERROR_BREAK)
		return 0;
	c->frame++;
	if (ret != 1) {
		fprintf(stderr, "hwsctl: %s: packet %lu: %s\n", c->path,
			c->frame, pcap_geterr(c->p));
		return -1;
	}
	/* a frame cut by the snap length: the NIC saw bytes we do not have */
	if (h->caplen < h->len) {
		fprintf(stderr,
			"hwsctl: %s: packet %lu: truncated: %u of %u bytes captured\n",
			c->path, c->frame, h->caplen, h->len);
		return -1;
	}
	if (h->caplen < CAPTURE_MIN_FRAME) {
		fprintf(stderr,
			"hwsctl: %s: packet %lu: truncated: %u bytes, shorter than an Ethernet header\n",
			c->path, c->frame, h->caplen);
		return -1;
	}
	*len = h->caplen;
	*ts = h->ts;
	return 1;
}

unsigned long capture_frame_number(const struct capture_in *c)
{
	return c->frame;
}

void capture_close(struct capture_in *c)
{
	if (!c)
		return;
	pcap_close(c->p);
	free(c);
}

struct capture_sink {
	char name[80]; /* rq- and a name of the rule file */
	pcap_dumper_t *d;
	unsigned long long frames;
};

struct capture_sinks {
	const char *dir;
	pcap_t *dead; /* the link type and snap length the files carry */
	struct capture_sink *s;
	size_t n;
};

struct capture_sinks *capture_sinks_open(const char *dir)
{
	struct capture_sinks *s = calloc(1, sizeof(*s));

	if (!s) {
		perror("hwsctl");
		return NULL;
	}
	s->dir = dir;
	if (!dir)
		return s;
	if (mkdir(dir, 0777) && errno != EEXIST) {
		fprintf(stderr, "hwsctl: %s: %s\n", dir, strerror(errno));
		free(s);
		return NULL;
	}
	s->dead = pcap_open_dead(DLT_EN10MB, CAPTURE_SNAPLEN);
	if (!s->dead) {
		fprintf(stderr, "hwsctl: %s: libpcap cannot write captures\n",
			dir);
		free(s);
		return NULL;
	}
	return s;
}

/* The sink of a destination, opened when it first gets a frame. */
static struct capture_sink *capture_sink_get(struct capture_sinks *s,
					     const char *name)
{
	struct capture_sink *k, *grown;
	char path[4096];
	size_t i;

	for (i = 0; i < s->n; i++)
		if (!strcmp(s->s[i].name, name))
			return &s->s[i];
	grown = realloc(s->s, (s->n + 1) * sizeof(*s->s));
	if (!grown) {
		perror("hwsctl");
		return NULL;
	}
	s->s = grown;
	k = &s->s[s->n];
	memset(k, 0, sizeof(*k));
	snprintf(k->name, sizeof(k->name), "%s", name);
	if (s->dir) {
		snprintf(path, sizeof(path), "%s/%s.pcap", s->dir, name);
		k->d = pcap_dump_open(s->dead, path);
		if (!k->d) {
			fprintf(stderr, "hwsctl: %s: %s\n", path,
				pcap_geterr(s->dead));
			return NULL;
		}
	}
	s->n++;
	return k;
}

int capture_sink_put(struct capture_sinks *s, const char *name,
		     const uint8_t *data, uint32_t len,
		     const struct timeval *ts)
{
	struct capture_sink *k = capture_sink_get(s, name);
	struct pcap_pkthdr h = { .ts = *ts, .caplen = len, .len = len };

	if (!k)
		return -1;
	k->frames++;
	if (k->d)
		pcap_dump((u_char *)k->d, &h, data);
	return 0;
}

void capture_sinks_report(const struct capture_sinks *s, FILE *f)
{
	size_t i;

	for (i = 0; i < s->n; i++)
		fprintf(f, "%s%s %llu", i ? ", " : "", s->s[i].name,
			s->s[i].frames);
}

int capture_sinks_close(struct capture_sinks *s)
{
	int ret = 0;
	size_t i;

	if (!s)
		return 0;
	for (i = 0; i < s->n; i++) {
		if (!s->s[i].d)
			continue;
		if (pcap_dump_flush(s->s[i].d)) {
			fprintf(stderr, "hwsctl: %s/%s.pcap: write failed\n",
				s->dir, s->s[i].name);
			ret = -1;
		}
		pcap_dump_close(s->s[i].d);
	}
	if (s->dead)
		pcap_close(s->dead);
	free(s->s);
	free(s);
	return ret;
}

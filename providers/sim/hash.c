// SPDX-License-Identifier: GPL-2.0 OR Linux-OpenIB
/*
 * The placement hash of the hardware (shared/prm/match.md, section 4): CRC-32
 * with the reflected polynomial 0xEDB88320, initial value 0 and no final xor,
 * taken big-endian.
 */
#include <pthread.h>

#include "sim_internal.h"

static uint32_t crc_table[256];
static pthread_once_t crc_once = PTHREAD_ONCE_INIT;

static void crc_table_init(void)
{
	uint32_t i, j, c;

	for (i = 0; i < 256; i++) {
		c = i;
		for (j = 0; j < 8; j++)
			c = c & 1 ? 0xedb88320u ^ (c >> 1) : c >> 1;
		crc_table[i] = c;
	}
}

uint32_t sim_hash(const uint8_t *data, size_t len)
{
	uint32_t crc = 0;
	size_t i;

	pthread_once(&crc_once, crc_table_init);
	for (i = 0; i < len; i++)
		crc = (crc >> 8) ^ crc_table[(crc ^ data[i]) & 0xff];
	return be32toh(crc);
}

/* SPDX-License-Identifier: GPL-2.0 OR Linux-OpenIB */
/*
 * The fixture of the model command suites: a device on the model NIC NIC
 * with a PD, a definer, an STC, an STE range and a flow table.
 */
#ifndef HWS_TEST_MODEL_COMMANDS_COMMON_H
#define HWS_TEST_MODEL_COMMANDS_COMMON_H

#include "helpers.h"
#include "libhws/cmd.h"

#define NIC "cmdtest"

struct fixture {
	struct hws_dev *dev;
	struct hws_obj pd, definer, stc, ste, ft;
};

/* keys: more of the model's profile keys, comma separated, or "" */
void fixture_open(struct fixture *f, const char *keys);
/* Destroys the fixture's objects; the NIC must then hold none. */
void fixture_close(struct fixture *f);

/* An RTC of the fixture's objects that the model takes. */
struct hws_cmd_rtc_attr rtc_attr(const struct fixture *f);

#endif /* HWS_TEST_MODEL_COMMANDS_COMMON_H */

// SPDX-License-Identifier: GPL-2.0 OR Linux-OpenIB
/* The vports of the model's E-Switch, as a kernel reports its IB ports. */
#include <errno.h>

#include "sim_internal.h"

int sim_query_vport_vhca_id(struct hws_dev *dev, uint16_t vport,
			    uint16_t *vhca_id)
{
	const struct sim_profile *p = &sim_ctx_of(dev)->nic->profile;

	/* the uplink has no function of its own */
	if (!sim_vport_exists(p, vport) || vport == SIM_UPLINK_VPORT)
		return ENOENT;
	*vhca_id = sim_vport_vhca_id(p, vport);
	return 0;
}

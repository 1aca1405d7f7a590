#!/bin/sh
# SPDX-License-Identifier: GPL-2.0 OR Linux-OpenIB
#
# The pcap test: the 1,000 frames of data/frames.pcap (gen_pcap.py) go
# through data/frames.rules with hwsctl apply --pcap-in; tcpdump reads the
# capture of each destination back, and it holds exactly the frames
# data/frames.expect gives that destination, byte for byte, in order.
#
#   [TCPDUMP=/usr/bin/tcpdump] test_pcap.sh HWSCTL DATA_DIR
set -eu
tcpdump=${TCPDUMP:-tcpdump}
hwsctl=$1
data=$2
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT

"$hwsctl" apply "$data/frames.rules" --pcap-in "$data/frames.pcap" \
	--side rx --port uplink --pcap-out "$out/caps" >"$out/report"

# One line per frame as tcpdump reads it: the frame's number (its
# timestamp in seconds) and its bytes in hex.
frames() {
	"$tcpdump" -r "$1" -nn -tt -xx 2>/dev/null | awk '
		/^[0-9]+\.[0-9]+ / { if (n) print n, hex; n = int($1); hex = "" }
		/^\t0x/ { for (i = 2; i <= NF; i++) hex = hex $i }
		END { if (n) print n, hex }'
}

frames "$data/frames.pcap" >"$out/in"
test "$(wc -l <"$out/in")" -eq 1000 || {
	echo "tcpdump reads $(wc -l <"$out/in") frames of frames.pcap, not 1000"
	exit 1
}
status=0
for dest in $(awk '{ print $2 }' "$data/frames.expect" | sort -u); do
	awk -v d="$dest" 'NR == FNR { if ($2 == d) want[$1] = 1; next }
		($1 in want)' "$data/frames.expect" "$out/in" >"$out/want"
	if [ ! -f "$out/caps/$dest.pcap" ]; then
		echo "no $dest.pcap"
		status=1
		continue
	fi
	frames "$out/caps/$dest.pcap" >"$out/got"
	if ! cmp -s "$out/want" "$out/got"; then
		echo "$dest.pcap: $(wc -l <"$out/got") frames, expected $(wc -l <"$out/want"); first difference:"
		diff "$out/want" "$out/got" | head -4
		status=1
	fi
done
# no destination the frames were not meant for
for cap in "$out"/caps/*.pcap; do
	dest=$(basename "$cap" .pcap)
	grep -q " $dest\$" "$data/frames.expect" || {
		echo "unexpected $dest.pcap"
		status=1
	}
done
grep -q '^capture .*: 1000 frames: ' "$out/report" || {
	echo "no report of 1000 frames:"
	cat "$out/report"
	status=1
}
exit $status

#!/bin/sh
# SPDX-License-Identifier: GPL-2.0 OR Linux-OpenIB
# Instructions per BWC insert, by who runs them (library, model, libc),
# under callgrind.  Build with -DCMAKE_BUILD_TYPE=RelWithDebInfo (or
# Release) first.  Usage: tests/bench/instr.sh [BUILD_DIR] [RULES] [SOURCE]
#
# Two runs: the insert itself (mlx5hws_bwc_rule_create less the growth and
# the move steps inside it), then the growths and move steps alone
# (building the bigger matchers and moving the rules), both divided by
# RULES.  Both dump where the bench starts deleting
# (--dump-before=delete_thread): part .1 of each output is the insert
# phase.  A function's self cost counts for the object that defines it, so
# code inlined from a header counts for its caller (cgsplit.py).
set -eu
here=$(cd "$(dirname "$0")" && pwd)
build=${1:-build-rel}
rules=${2:-100000}
source=${3:-uplink}
hwsctl=$build/libhws/hwsctl
out=${TMPDIR:-/tmp}/hws-instr.$$
top=${TOP:-15}

if [ ! -x "$hwsctl" ]; then
	echo "instr.sh: no $hwsctl; build $build first" >&2
	exit 1
fi
if ! grep -Eq 'CMAKE_BUILD_TYPE:STRING=(Release|RelWithDebInfo)' \
	"$build/CMakeCache.txt"; then
	echo "instr.sh: $build is no Release or RelWithDebInfo build" >&2
	exit 1
fi
mkdir -p "$out"
trap 'rm -rf "$out"' EXIT


# callgrind toggles collection on entering and leaving each function named
valgrind --tool=callgrind --callgrind-out-file="$out/insert.cg" \
	--collect-atstart=no --toggle-collect=mlx5hws_bwc_rule_create \
	--toggle-collect=hws_bwc_grow_locked \
	--toggle-collect=hws_bwc_move_step_queue \
	--toggle-collect=hws_bwc_move_step_locked \
	--dump-before=delete_thread \
	"$hwsctl" bench --rules "$rules" --source "$source" \
	>"$out/bench.txt" 2>"$out/insert.log" ||
	{ cat "$out/insert.log" >&2; exit 1; }
valgrind --tool=callgrind --callgrind-out-file="$out/grow.cg" \
	--collect-atstart=no --toggle-collect=hws_bwc_grow_locked \
	--toggle-collect=hws_bwc_move_step_queue \
	--toggle-collect=hws_bwc_move_step_locked \
	--dump-before=delete_thread \
	"$hwsctl" bench --rules "$rules" --source "$source" \
	>/dev/null 2>"$out/grow.log" ||
	{ cat "$out/grow.log" >&2; exit 1; }

echo "== hwsctl bench --rules $rules --source $source: the insert itself"
python3 "$here/cgsplit.py" "$build" "$out/insert.cg.1" "$rules" "$top"
echo "== its growths and move steps, per insert"
python3 "$here/cgsplit.py" "$build" "$out/grow.cg.1" "$rules"

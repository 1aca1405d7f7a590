#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0 OR Linux-OpenIB
"""Split callgrind self cost (Ir) by the object a function is *defined* in
(libhws/*.c = library, providers/* = model, libhws/tools = harness, else libc/other).
Inlined header code (prm.h, mlx5dv.h) counts for the function it was inlined into.
Usage: cgsplit.py BUILD_DIR CG_OUT N [top]"""
import subprocess, sys, re, collections, glob, os
bdir, cg, n = sys.argv[1], sys.argv[2], int(sys.argv[3])
top = int(sys.argv[4]) if len(sys.argv) > 4 else 0
owner = {}
od = os.path.join(bdir, 'libhws/CMakeFiles')
for o in glob.glob(od + '/**/*.o', recursive=True):
    rel = o.split('CMakeFiles/')[1]
    if 'tools/' in rel or 'hwsctl.dir' in rel:
        cat = 'harness'
    elif 'providers/' in rel:
        cat = 'model'
    elif 'hws_objs.dir' in rel:
        cat = 'library'
    else:
        continue
    out = subprocess.run(['nm', '--defined-only', o], capture_output=True, text=True).stdout
    for l in out.splitlines():
        p = l.split()
        if len(p) == 3 and p[1] in 'tTW':
            owner[p[2]] = (cat, os.path.basename(rel)[:-2])
ann = subprocess.run(['callgrind_annotate', '--inclusive=no', '--threshold=100', cg],
                     capture_output=True, text=True).stdout
tot = collections.Counter(); fn = collections.Counter(); fcat = {}
for l in ann.splitlines():
    m = re.match(r'^\s*([\d,]+) \([ \d.]+%\)\s+(\S.*?):(\S+)(?: \[.*\])?$', l)
    if not m:
        continue
    c = int(m.group(1).replace(',', ''))
    f = m.group(3)
    base = f.split("'")[0]
    cat, src = owner.get(base, ('libc/other', ''))
    tot[cat] += c
    fn[(base, src)] += c
    fcat[(base, src)] = cat
all_ = sum(tot.values())
print(f"total Ir {all_:,}  N={n}  per insert {all_/n:,.0f}")
for k in ('library', 'model', 'libc/other', 'harness'):
    print(f"  {k:11s} {tot[k]/n:10,.0f} instr/rule  ({100*tot[k]/max(all_,1):5.1f}%)")
if top:
    print("top self cost (function, defined in, category, instr/rule):")
    for (f, src), c in fn.most_common(top):
        print(f"  {c/n:9,.0f}  {f:38s} {src:14s} {fcat[(f,src)]}")

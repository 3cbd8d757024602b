#!/usr/bin/env python3
"""The names of scripts/design_names.sh, from the RTLIL text Yosys writes of the elaborated design.

Usage: design_names.py NETLIST.il TOP. Prints "<kind> <hierarchical name>" lines, sorted.
"""
import re
import sys

FLOPS = {"$dff", "$dffe", "$adff", "$adffe", "$sdff", "$sdffe", "$sdffce", "$dffsr", "$dffsre",
         "$aldff", "$aldffe", "$dlatch", "$adlatch", "$dlatchsr"}


def public(token):
    """An RTLIL identifier without its escape, or None for an automatic ($) one."""
    return token[1:] if token.startswith("\\") else None


# module -> ports, regs, memories, instances (name, type)
modules = {}
cur = cell = None
for line in open(sys.argv[1]):
    f = line.split()
    if not f:
        continue
    if f[0] == "module":
        cur = modules[f[1]] = {"ports": [], "regs": set(), "mems": set(), "insts": []}
    elif f[0] == "wire" and ("input" in f or "output" in f or "inout" in f):
        cur["ports"].append(public(f[-1]))
    elif f[0] == "cell":
        cell = (f[1], f[2])
        if f[1] == "$mem_v2":
            cur["mems"].add(public(f[2]))  # memory_collect names it after the array
        elif not f[1].startswith("$") or f[1].startswith("$paramod"):
            cur["insts"].append((public(f[2]), f[1]))
    elif f[0] == "connect" and cell and cell[0] in FLOPS and f[1] == "\\Q":
        for token in re.findall(r"\\\S+", " ".join(f[2:])):
            if "$" not in token:  # proc's own registers (memory write ports)
                cur["regs"].add(public(token))
    elif f[0] == "end":
        cell = None

top = "\\" + sys.argv[2]
names = set()


def walk(module, prefix):
    m = modules[module]
    names.update("reg " + prefix + r for r in m["regs"])
    names.update("mem " + prefix + r for r in m["mems"])
    for inst, kind in m["insts"]:
        names.add("inst " + prefix + inst)
        names.update("pin " + prefix + inst + "/" + p for p in modules[kind]["ports"])
        walk(kind, prefix + inst + "/")


names.update("port " + p for p in modules[top]["ports"])
walk(top, "")
sys.stdout.write("".join(n + "\n" for n in sorted(names)))

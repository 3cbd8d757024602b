#!/usr/bin/env python3
"""Structural clock-domain-crossing check of a flattened Yosys netlist (docs/cdc.md).

Reads the JSON that scripts/cdc_check.sh has Yosys write (read, hierarchy, proc, flatten,
memory_collect, opt_clean): one module, coarse cells, memories as $mem_v2. Every clock port named on the
command line is a domain.

1. Each flop's (and each memory write port's) domain: its clock pin traced back through
   combinational cells, and through flops to their own clocks (divided and gated clocks belong to
   the domain of the port they come from), must reach exactly one clock port.
2. Each flop's sources: the flops and memories in the combinational cone of its data pins (D, EN,
   synchronous reset) and, apart, of its asynchronous pins (ARST, SET, CLR, ALOAD, AD).
   Bitwise cells ($and, $mux, ...) are followed bit by bit, any other cell output depends on all
   of its inputs. Top-level inputs have no domain and are not checked.
3. A source of another domain is a violation unless
   - the flop is the first stage of an rnngen_sync (its Q carries rnngen_sync_stage = 1), for
     its data pins; a synchroniser stage (1 or 2) may also take its asynchronous reset from
     anywhere (rnngen_rst_sync is one); or
   - the source is the storage of an rnngen_fifo_async (a memory marked rnngen_fifo_storage) and
     the flop is in the domain of that memory's read address (the FIFO's read pointer): the
     word a reader takes from data_o; or the storage of an rnngen_ram_2c (rnngen_xing_storage)
     and the flop is in the domain of one of its read addresses.
   and further
   - a first stage's D must come straight from a flop or an input, with no logic in between;
   - a first stage's Q may feed only the second stage (rnngen_sync_stage = 2, same domain).
Prints each violation and exits 1 if there are any, 2 on a netlist it cannot check, else 0.

Usage: cdc_check.py NETLIST.json TOP CLOCK...
"""

import json
import re
import sys
from collections import defaultdict

# Coarse flop cells: clock pin, data pins, asynchronous pins. Latches are flops clocked by EN.
FLOPS = {
    "$dff": ("CLK", ("D",), ()),
    "$dffe": ("CLK", ("D", "EN"), ()),
    "$adff": ("CLK", ("D",), ("ARST",)),
    "$adffe": ("CLK", ("D", "EN"), ("ARST",)),
    "$sdff": ("CLK", ("D", "SRST"), ()),
    "$sdffe": ("CLK", ("D", "EN", "SRST"), ()),
    "$sdffce": ("CLK", ("D", "EN", "SRST"), ()),
    "$aldff": ("CLK", ("D",), ("ALOAD", "AD")),
    "$aldffe": ("CLK", ("D", "EN"), ("ALOAD", "AD")),
    "$dffsr": ("CLK", ("D",), ("SET", "CLR")),
    "$dffsre": ("CLK", ("D", "EN"), ("SET", "CLR")),
    "$dlatch": ("EN", ("D",), ()),
    "$adlatch": ("EN", ("D",), ("ARST",)),
    "$dlatchsr": ("EN", ("D",), ("SET", "CLR")),
}
FANOUT = "a synchroniser's first stage may feed its second stage only"
# Cells whose output bit i depends on input bit i only (plus the select of a mux).
BITWISE = {"$not", "$pos", "$and", "$or", "$xor", "$xnor", "$mux", "$pmux", "$bwmux",
           "$_BUF_", "$_NOT_", "$_AND_", "$_OR_", "$_XOR_", "$_XNOR_", "$_NAND_", "$_NOR_",
           "$_ANDNOT_", "$_ORNOT_", "$_MUX_"}


def fail(msg):
    print(f"cdc_check: error: {msg}", file=sys.stderr)
    sys.exit(2)


def attr_int(value):
    """Yosys writes integer attributes as binary strings."""
    if isinstance(value, int):
        return value
    try:
        return int(value, 2) if set(value) <= {"0", "1"} else int(value)
    except ValueError:
        return None


class Netlist:
    def __init__(self, module, clocks):
        self.m = module
        self.clocks = clocks
        self.driver = {}  # bit -> ("port", name, index) | ("cell", name, pin, index)
        self.loads = defaultdict(list)  # bit -> [(cell, pin, index)]
        self.names = {}  # bit -> (public name, index in it, its width)
        self.stage = {}  # bit -> rnngen_sync_stage of the wire it is on
        for name, port in module["ports"].items():
            if port["direction"] in ("input", "inout"):
                for i, b in enumerate(port["bits"]):
                    self.driver[b] = ("port", name, i)
        for cname, cell in module["cells"].items():
            dirs = cell.get("port_directions")
            if dirs is None:
                fail(f"cell {cname} of type {cell['type']} has no known ports "
                     "(a black box or a module not read?)")
            for pin, bits in cell["connections"].items():
                for i, b in enumerate(bits):
                    if not isinstance(b, int):
                        continue
                    if dirs[pin] == "output":
                        self.driver[b] = ("cell", cname, pin, i)
                    else:
                        self.loads[b].append((cname, pin, i))
        # A bit's name: prefer a register's own name (_q, _q1, ...) and the deepest instance, over
        # the wires and ports it is connected to.
        def rank(name):
            return (re.search(r"_q\d*$", name) is None, -name.count("."), len(name), name)

        for name, net in sorted(module["netnames"].items(), key=lambda kv: rank(kv[0])):
            stage = attr_int(net.get("attributes", {}).get("rnngen_sync_stage", ""))
            for i, b in enumerate(net["bits"]):
                if not isinstance(b, int):
                    continue
                if b not in self.names and not net.get("hide_name", 0):
                    self.names[b] = (name, i, len(net["bits"]))
                if stage:
                    self.stage[b] = stage
        for name, port in module["ports"].items():
            if port["direction"] == "output":
                for i, b in enumerate(port["bits"]):
                    if isinstance(b, int):
                        self.loads[b].append((f"output port {name}", "", i))
        self.cone_memo = {}
        self.clock_memo = {}

    def cell(self, name):
        return self.m["cells"][name]

    def bits_name(self, bits):
        """Names of some bits: `name` for a whole wire, `name[3,5:7]` for part of one."""
        by_wire = defaultdict(set)
        for b in bits:
            name, i, width = self.names.get(b, (f"<net {b}>", 0, 1))
            by_wire[(name, width)].add(i)
        out = []
        for (name, width), idx in sorted(by_wire.items()):
            if len(idx) == width:
                out.append(name)
                continue
            runs, idx = [], sorted(idx)
            for i in idx:
                if runs and runs[-1][1] == i - 1:
                    runs[-1][1] = i
                else:
                    runs.append([i, i])
            out.append(name + "[" + ",".join(f"{b}:{a}" if a != b else f"{a}"
                                             for a, b in reversed(runs)) + "]")
        return ", ".join(out)

    def element_name(self, cname):
        """A storage element's public name: its Q (or memory) name without the bit index."""
        cell = self.cell(cname)
        if cell["type"] == "$mem_v2":
            return cell["parameters"]["MEMID"].lstrip("\\")
        q = [b for b in cell["connections"].get("Q", []) if isinstance(b, int)]
        if q and q[0] in self.names:
            return self.bits_name(q)
        return cname

    def inputs_of(self, cname, pin, index):
        """The input bits that output bit `index` of `pin` of a combinational cell depends on."""
        cell = self.cell(cname)
        conn, dirs, typ = cell["connections"], cell["port_directions"], cell["type"]
        if typ in BITWISE:
            width = len(conn[pin])
            out = []
            for p, bits in conn.items():
                if dirs[p] == "output":
                    continue
                if p in ("S",) and typ in ("$mux", "$pmux", "$bwmux", "$_MUX_"):
                    out += bits if typ != "$bwmux" else [bits[index]]
                elif len(bits) == width:
                    out.append(bits[index])
                elif typ == "$pmux" and p == "B":
                    out += bits[index::width]
                else:
                    out += bits
            return out
        return [b for p, bits in conn.items() if dirs[p] != "output" for b in bits]

    # Flops and latches, coarse (FLOPS) or fine-grained ($_DFF_P_, ...); memories apart.
    def is_storage(self, cname):
        typ = self.cell(cname)["type"]
        return typ in FLOPS or typ.startswith("$_DFF") or typ.startswith("$_SDFF") or \
            typ.startswith("$_DLATCH") or typ.startswith("$_ALDFF")

    def read_port_sync(self, cell):
        return attr_int(cell["parameters"].get("RD_CLK_ENABLE", "0")) not in (None, 0)

    def sources(self, bit):
        """Storage elements (cell names) and input ports in the combinational cone of a bit."""
        if not isinstance(bit, int):
            return frozenset()
        if bit in self.cone_memo:
            return self.cone_memo[bit]
        # Iterative depth-first walk: cones can be deep.
        stack = [(bit, None)]
        on_stack = set()
        while stack:
            b, deps = stack.pop()
            if b in self.cone_memo:
                continue
            drv = self.driver.get(b)
            if drv is None:
                self.cone_memo[b] = frozenset()
                continue
            if drv[0] == "port":
                self.cone_memo[b] = frozenset({"port:" + drv[1]})
                continue
            _, cname, pin, index = drv
            cell = self.cell(cname)
            if self.is_storage(cname):
                self.cone_memo[b] = frozenset({cname})
                continue
            if cell["type"] == "$mem_v2":
                if self.read_port_sync(cell):
                    fail(f"memory {self.element_name(cname)} has a synchronous read port "
                         "(a netlist after memory_dff: use scripts/cdc_check.sh)")
                writes = attr_int(cell["parameters"].get("WR_PORTS", "0"))
                # Read port `port` gives data bits [port*WIDTH +: WIDTH] from its own address.
                width = attr_int(cell["parameters"]["WIDTH"])
                abits = attr_int(cell["parameters"]["ABITS"])
                port = index // width
                ins = cell["connections"]["RD_ADDR"][port * abits:(port + 1) * abits]
                own = {cname} if writes else set()
            else:
                ins = self.inputs_of(cname, pin, index)
                own = set()
            if deps is None:
                if b in on_stack:  # a combinational loop: cut it here
                    self.cone_memo[b] = frozenset(own)
                    continue
                on_stack.add(b)
                stack.append((b, own))
                for x in ins:
                    if isinstance(x, int) and x not in self.cone_memo:
                        stack.append((x, None))
            else:
                on_stack.discard(b)
                acc = set(deps)
                for x in ins:
                    acc |= self.cone_memo.get(x, frozenset())
                self.cone_memo[b] = frozenset(acc)
        return self.cone_memo[bit]

    def clock_ports(self, bit, seen=None):
        """The clock ports a clock pin's net comes from (through logic and through flops)."""
        if not isinstance(bit, int):
            return set()
        if bit in self.clock_memo:
            return self.clock_memo[bit]
        seen = seen if seen is not None else set()
        if bit in seen:
            return set()
        seen.add(bit)
        drv = self.driver.get(bit)
        if drv is None:
            out = set()
        elif drv[0] == "port":
            out = {drv[1]} if drv[1] in self.clocks else {"input:" + drv[1]}
        else:
            cname = drv[1]
            cell = self.cell(cname)
            if self.is_storage(cname):  # a divided clock: the flop's own clock
                ins = [self.clock_pin(cname)]
            elif cell["type"] == "$mem_v2":
                ins = []
            else:
                ins = self.inputs_of(cname, drv[2], drv[3])
            out = set()
            for x in ins:
                out |= self.clock_ports(x, seen)
            # A clock gate's enable reaches the clock pin too; only clock ports count then.
            if any(not p.startswith("input:") for p in out):
                out = {p for p in out if not p.startswith("input:")}
        self.clock_memo[bit] = out
        return out

    def endpoints(self, load):
        """The storage elements and output ports a load reaches through combinational cells."""
        out, todo, seen = set(), [load], set()
        while todo:
            c = todo.pop()
            if c in seen:
                continue
            seen.add(c)
            if c not in self.m["cells"] or self.is_storage(c) or \
                    self.cell(c)["type"] == "$mem_v2":
                out.add(c)
                continue
            cell = self.cell(c)
            for pin, bits in cell["connections"].items():
                if cell["port_directions"][pin] == "output":
                    todo += [x for b in bits if isinstance(b, int) for x, _, _ in self.loads[b]]
        return out

    def clock_pin(self, cname):
        cell = self.cell(cname)
        typ = cell["type"]
        if typ in FLOPS:
            return cell["connections"][FLOPS[typ][0]][0]
        pin = "E" if typ.startswith("$_DLATCH") else "C"
        return cell["connections"][pin][0]

    def pins(self, cname):
        """(data pins, asynchronous pins) of a storage element."""
        typ = self.cell(cname)["type"]
        if typ in FLOPS:
            return FLOPS[typ][1], FLOPS[typ][2]
        conn = self.cell(cname)["connections"]
        asyn = {"L", "AD"}
        if typ.startswith("$_DFF") or typ.startswith("$_DLATCH"):
            asyn |= {"R", "S"}
        clk = "E" if typ.startswith("$_DLATCH") else "C"
        data = tuple(p for p in conn if p not in asyn and p != clk and p != "Q")
        return data, tuple(p for p in conn if p in asyn)


def check(module, clocks):
    n = Netlist(module, clocks)
    for c in clocks:
        if c not in module["ports"] or module["ports"][c]["direction"] != "input":
            fail(f"no input port {c} on the top module")
    problems = []
    domain = {}  # storage cell -> clock port
    for cname, cell in sorted(module["cells"].items()):
        if n.is_storage(cname):
            ports = n.clock_ports(n.clock_pin(cname))
            what = n.element_name(cname)
        elif cell["type"] == "$mem_v2" and attr_int(cell["parameters"]["WR_PORTS"]):
            ports = set()
            for b in cell["connections"]["WR_CLK"]:
                ports |= n.clock_ports(b)
            what = "memory " + n.element_name(cname)
        else:
            continue
        real = sorted(p for p in ports if not p.startswith("input:"))
        if len(real) == 1:
            domain[cname] = real[0]
        elif not real:
            others = ", ".join(sorted(p[6:] for p in ports)) or "nothing"
            problems.append(f"{what}: its clock comes from {others}, not from a listed clock")
        else:
            problems.append(f"{what}: its clock comes from several domains ({', '.join(real)})")

    def dom(src):
        return domain.get(src)

    # The read domain of each FIFO storage: the domain of its read address. A crossing storage
    # (rnngen_xing_storage, rnngen_ram_2c) has a read port per domain: each reader reads it in
    # the domain of one of its read addresses.
    fifo_read_domain = {}
    for cname, cell in module["cells"].items():
        attrs = cell.get("attributes", {})
        if cell["type"] != "$mem_v2":
            continue
        xing = "rnngen_xing_storage" in attrs
        if not xing and "rnngen_fifo_storage" not in attrs:
            continue
        doms = set()
        for b in cell["connections"]["RD_ADDR"]:
            doms |= {dom(s) for s in n.sources(b) if s in domain}
        if xing:
            fifo_read_domain[cname] = doms
        elif len(doms) == 1:
            fifo_read_domain[cname] = doms
        else:
            problems.append(f"FIFO storage {n.element_name(cname)}: its read address comes "
                            f"from {len(doms)} domains, not one")

    # violations[(dest, source, kind)] = [dest bits]
    violations = defaultdict(list)
    counts = defaultdict(int)
    allowed = defaultdict(set)
    for cname, d in sorted(domain.items()):
        cell = module["cells"][cname]
        conn = cell["connections"]
        if cell["type"] == "$mem_v2":
            data_pins, async_pins = ("WR_ADDR", "WR_DATA", "WR_EN"), ()
            q_bits = []
        else:
            data_pins, async_pins = n.pins(cname)
            q_bits = conn["Q"]
        counts[d] += len(q_bits) if q_bits else (attr_int(cell["parameters"]["SIZE"]) *
                                                 attr_int(cell["parameters"]["WIDTH"]))
        stage = n.stage.get(q_bits[0]) if q_bits else None
        for kind, pins in (("data", data_pins), ("async", async_pins)):
            for pin in pins:
                bits = conn[pin]
                for i, b in enumerate(bits):
                    # Bit i of a wide pin feeds bit i of Q; a 1-bit pin (EN, ARST) feeds all.
                    if len(bits) == len(q_bits):
                        dests = [q_bits[i]]
                    else:
                        dests = q_bits or [None]
                    for s in n.sources(b):
                        sd = dom(s)
                        if sd is None or sd == d:
                            continue
                        if kind == "async" and stage in (1, 2):
                            allowed["synchroniser reset"].add(cname)
                            continue
                        if kind == "data" and stage == 1:
                            drv = n.driver.get(b)
                            if drv is None or drv[0] == "port" or n.is_storage(drv[1]):
                                allowed["synchroniser"].add(cname)
                            else:
                                for q in dests:
                                    violations[(cname, s, "logic in front of a synchroniser "
                                                "(it may glitch)")].append(q)
                            continue
                        if s in fifo_read_domain and d in fifo_read_domain[s] and kind == "data":
                            allowed["FIFO storage read"].add(s)
                            continue
                        why = ("asynchronous reset from another domain" if kind == "async"
                               else "raw crossing: not through a synchroniser")
                        for q in dests:
                            violations[(cname, s, why)].append(q)
        # A first stage feeds the second stage only.
        if stage == 1:
            for q in q_bits:
                for load, pin, _ in n.loads.get(q, []):
                    ok = (load in domain and domain[load] == d and pin == "D" and
                          n.is_storage(load) and
                          n.stage.get(module["cells"][load]["connections"]["Q"][0]) == 2)
                    if not ok:
                        for end in n.endpoints(load):
                            violations[(cname, end, FANOUT)].append(q)

    print(f"cdc_check: {len(domain)} storage elements in {len(set(domain.values()))} clock "
          f"domains: " + ", ".join(f"{c} {counts[c]} bits" for c in clocks))
    for what, cells in sorted(allowed.items()):
        names = sorted({n.element_name(c) for c in cells})
        print(f"cdc_check: allowed, {what}: {len(names)} ({', '.join(names[:6])}"
              f"{', ...' if len(names) > 6 else ''})")
    for p in problems:
        print(f"cdc_check: error: {p}")
    # One line per flop (or memory) and kind of violation, with all its foreign sources.
    grouped = defaultdict(lambda: (set(), set()))
    for (dest, src, why), qs in violations.items():
        grouped[(dest, why)][0].update(q for q in qs if q is not None)
        grouped[(dest, why)][1].add(src)
    lines = []
    for (dest, why), (qs, srcs) in grouped.items():
        where = n.bits_name(qs) if qs else n.element_name(dest)
        names = sorted({(src if src not in module["cells"] else n.element_name(src),
                         domain.get(src, "?")) for src in srcs})
        if why == FANOUT:  # the others are not sources but loads
            shown = ", ".join(a for a, _ in names[:4])
        else:
            shown = ", ".join(f"{a} ({b})" for a, b in names[:4])
        if len(names) > 4:
            shown += f" and {len(names) - 4} more"
        arrow = "->" if why == FANOUT else "<-"
        lines.append(f"cdc_check: violation: {where} (domain {domain[dest]}) {arrow} {shown}: "
                     f"{why}")
    for line in sorted(lines):
        print(line)
    bad = len(grouped) + len(problems)
    print(f"cdc_check: {'FAIL' if bad else 'PASS'}: {len(grouped)} violations, "
          f"{len(problems)} other errors")
    return 1 if bad else 0


def main(argv):
    if len(argv) < 4:
        print(__doc__.strip().splitlines()[-1], file=sys.stderr)
        return 2
    with open(argv[1]) as f:
        netlist = json.load(f)
    top = argv[2]
    if top not in netlist["modules"]:
        fail(f"no module {top} in {argv[1]}")
    others = [m for m in netlist["modules"] if m != top]
    if others:
        fail(f"the netlist is not flat: it also holds {', '.join(others)}")
    return check(netlist["modules"][top], argv[3:])


if __name__ == "__main__":
    sys.exit(main(sys.argv))

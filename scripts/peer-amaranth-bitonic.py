#!/usr/bin/env python3
"""Times Amaranth 0.5 exporting the same bitonic sorter that `sofa-bench sorter` times in Swift: n signed 16-bit
keys with 8-bit index payloads, every compare-exchange ranking the larger key (ties: the lower index) first,
combinational. For the README's side-by-side figure; not part of the build or the tests.

    python3 -m venv /tmp/amaranth-venv && /tmp/amaranth-venv/bin/pip install "amaranth[builtin-yosys]==0.5.*"
    /tmp/amaranth-venv/bin/python scripts/peer-amaranth-bitonic.py 256
"""
import sys
import time

from amaranth.back import verilog
from amaranth.hdl import Elaboratable, Module, Mux, Signal, signed


def bitonic_pairs(n):
    """Layers of (high, low) pairs of the one-direction bitonic sorter (n a power of two), preferred element
    to the lower position: the same network as Sources/SortingNetworks/BitonicSorter.swift."""
    layers = []
    size = 2
    while size <= n:
        # First layer of each merge: mirror pairs inside blocks of `size`.
        layers.append([(b + i, b + size - 1 - i) for b in range(0, n, size) for i in range(size // 2)])
        step = size // 4
        while step >= 1:
            layers.append([(b + i, b + i + step) for b in range(0, n, 2 * step) for i in range(step)])
            step //= 2
        size *= 2
    return layers


class BitonicSorter(Elaboratable):
    def __init__(self, n, key_width=16, index_width=8):
        self.n = n
        self.keys_in = [Signal(signed(key_width), name=f"key_in_{i}") for i in range(n)]
        self.index_in = [Signal(index_width, name=f"index_in_{i}") for i in range(n)]
        self.keys_out = [Signal(signed(key_width), name=f"key_out_{i}") for i in range(n)]
        self.index_out = [Signal(index_width, name=f"index_out_{i}") for i in range(n)]

    def elaborate(self, platform):
        m = Module()
        keys, idx = list(self.keys_in), list(self.index_in)
        for l, layer in enumerate(bitonic_pairs(self.n)):
            for h, lo in layer:
                swap = Signal(name=f"l{l}_swap_{h}_{lo}")
                m.d.comb += swap.eq((keys[lo] > keys[h]) | ((keys[lo] == keys[h]) & (idx[lo] < idx[h])))
                kh = Signal.like(keys[h], name=f"l{l}_key_{h}")
                kl = Signal.like(keys[lo], name=f"l{l}_key_{lo}")
                ih = Signal.like(idx[h], name=f"l{l}_index_{h}")
                il = Signal.like(idx[lo], name=f"l{l}_index_{lo}")
                m.d.comb += [kh.eq(Mux(swap, keys[lo], keys[h])), kl.eq(Mux(swap, keys[h], keys[lo])),
                             ih.eq(Mux(swap, idx[lo], idx[h])), il.eq(Mux(swap, idx[h], idx[lo]))]
                keys[h], keys[lo], idx[h], idx[lo] = kh, kl, ih, il
        for i in range(self.n):
            m.d.comb += [self.keys_out[i].eq(keys[i]), self.index_out[i].eq(idx[i])]
        return m


if __name__ == "__main__":
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 256
    comparators = sum(len(layer) for layer in bitonic_pairs(n))
    top = BitonicSorter(n)
    start = time.perf_counter()
    text = verilog.convert(top, name="BitonicSorter", ports=top.keys_in + top.index_in + top.keys_out + top.index_out)
    elapsed = time.perf_counter() - start
    print(f"amaranth bitonic sorter n = {n}: {comparators} comparators, {len(text.splitlines())} lines / "
          f"{len(text) // 1024} KiB of Verilog, export {elapsed:.2f} s")

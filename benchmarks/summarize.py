#!/usr/bin/env python3
# Distributed under the Boost Software License, Version 1.0 (see LICENSE).
"""Prints the medians of Google Benchmark JSON files as Markdown tables, with ratios.

    summarize.py FILE.json...

Benchmark names are "<workload>/<implementation>". Within a workload the ratio is against the
reference implementation: "loop" (the hand-written loop) or, for the unrolling benchmarks,
"plain loops". A benchmark with a `samples` counter ran that many samples per iteration; its time
is divided by it. Only times are reported: nothing here passes or fails.
"""
import json
import sys

REFERENCES = ("loop", "plain loops")
# Display order (the runs interleave repetitions at random, so the files' order means nothing).
WORKLOADS = ("infer 2-4-1", "train 2-4-1", "infer 64-32-10", "train 64-32-10")
IMPLS = ("loop", "plain loops", "loop [out][in]", "ctmlp", "ctmlp::train", "ctmlp, portable math",
         "forced unroll", "__restrict", "Eigen", "Eigen std::exp", "FANN")


def rank(seq, x):
    return (seq.index(x), x) if x in seq else (len(seq), x)


def medians(paths):
    rows = {}  # workload -> {implementation: ns per sample}
    context = None
    for path in paths:
        with open(path, encoding="utf-8") as f:
            data = json.load(f)
        context = context or data.get("context", {})
        for b in data["benchmarks"]:
            if b.get("run_type") == "aggregate" and b.get("aggregate_name") != "median":
                continue
            name = b.get("run_name", b["name"])
            workload, _, impl = name.partition("/")
            scale = {"ns": 1.0, "us": 1e3, "ms": 1e6, "s": 1e9}[b.get("time_unit", "ns")]
            # CPU time: the machine is shared, and wall time also counts the other tenants.
            ns = b["cpu_time"] * scale / b.get("samples", 1.0)
            rows.setdefault(workload, {})[impl] = ns
    return rows, context or {}


def main(paths):
    rows, ctx = medians(paths)
    print()
    print("Medians of CPU time, ns per sample (ratio = time / time of the hand-written loop, or of plain loops;"
          " < 1 is faster)")
    if ctx:
        print(f"machine: {ctx.get('num_cpus', '?')} CPUs at {ctx.get('mhz_per_cpu', '?')} MHz,"
              f" {ctx.get('library_build_type', '?')} Google Benchmark, {ctx.get('date', '')}")
    print()
    print("| workload | implementation | ns/sample | ratio |")
    print("|---|---|---:|---:|")
    for workload in sorted(rows, key=lambda w: rank(WORKLOADS, w)):
        impls = rows[workload]
        ref_name = next((r for r in REFERENCES if r in impls), None)
        ref = impls[ref_name] if ref_name else None
        for impl in sorted(impls, key=lambda i: rank(IMPLS, i)):
            ns = impls[impl]
            ratio = f"{ns / ref:.2f}" if ref else "–"
            print(f"| {workload} | {impl} | {ns:,.1f} | {ratio} |")
    print()


if __name__ == "__main__":
    if len(sys.argv) < 2:
        sys.exit(__doc__)
    main(sys.argv[1:])

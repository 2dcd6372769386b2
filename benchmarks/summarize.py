#!/usr/bin/env python3
# Distributed under the Boost Software License, Version 1.0 (see LICENSE).
"""Prints the medians of Google Benchmark JSON files as Markdown tables, with ratios and targets.

    summarize.py FILE.json...

Benchmark names are "<workload>/<implementation>". A benchmark with a `samples` counter ran that
many samples per iteration; its time is divided by it. Ratios are only ever taken between medians
of the SAME file (one program, one flag set):
  * bench_mlp.cpp's programs (their context has `ctmlp_flag_set`): ratio to "Eigen logistic()",
    and for the batch to "Eigen matrix product", the references of issue 9. First the issue's
    target table (flag sets x workloads, every ctmlp math policy and the best ctmlp row, each
    ratio with its target and met/MISSED), then per flag set the table of workloads x
    implementations (ns and ratio), then the detailed list of every row, then an estimate of how far the best 64-32-10 inference is from the machine's arithmetic limit.
  * the other programs (bench_unroll.cpp): ratio to "plain loops".
Nothing here asserts anything about time: "MISSED" is a report, not a failure.
"""
import json
import sys

BATCH = "64-32-10, batch of 1,024"
WORKLOADS = ("infer 2-4-1", "train 2-4-1", "infer 64-32-10", "train 64-32-10", BATCH)
REFERENCE = {w: "Eigen logistic()" for w in WORKLOADS}
REFERENCE[BATCH] = "Eigen matrix product"
# Issue 9, "Targets": the largest ratio to the reference, per -O level of the flag set.
TARGETS = {
    "-O3": {"infer 2-4-1": 0.7, "train 2-4-1": 0.7, "infer 64-32-10": 0.6, "train 64-32-10": 0.7, BATCH: 0.8},
    "-O2": {"infer 2-4-1": 0.9, "train 2-4-1": 0.9, "infer 64-32-10": 0.9, "train 64-32-10": 0.9, BATCH: 1.0},
}
POLICIES = ("ctmlp (libm)", "ctmlp::fast", "ctmlp::portable")
IMPLS = ("loop", "loop [out][in]", "ctmlp (libm)", "ctmlp::fast", "ctmlp::portable", "ctmlp::train",
         "ctmlp (libm) predict_batch", "ctmlp::fast predict_batch", "ctmlp::portable predict_batch",
         "ctmlp (libm) predict loop", "ctmlp::fast predict loop", "ctmlp::portable predict loop",
         "Eigen logistic()", "Eigen std::exp", "Eigen matrix product", "FANN",
         "plain loops", "forced unroll", "__restrict")
# The physical limit of a 64-32-10 inference (issue 9): 64*32 + 32*10 = 2,368 multiply-adds, at
# 2 AVX2 FMA instructions of 8 floats per cycle.
MULTIPLY_ADDS = 64 * 32 + 32 * 10
FMA_CYCLES = MULTIPLY_ADDS / 16


def rank(seq, x):
    return (seq.index(x), x) if x in seq else (len(seq), x)


def load(path):
    """(context, {workload: {implementation: ns per sample}}) of one file."""
    with open(path, encoding="utf-8") as f:
        data = json.load(f)
    rows = {}
    for b in data["benchmarks"]:
        if b.get("run_type") == "aggregate" and b.get("aggregate_name") != "median":
            continue
        name = b.get("run_name", b["name"])
        workload, _, impl = name.partition("/")
        scale = {"ns": 1.0, "us": 1e3, "ms": 1e6, "s": 1e9}[b.get("time_unit", "ns")]
        # CPU time: the machine is shared, and wall time also counts the other tenants.
        rows.setdefault(workload, {})[impl] = b["cpu_time"] * scale / b.get("samples", 1.0)
    return data.get("context", {}), rows


def target_of(flag_set, workload):
    level = "-O3" if flag_set.split()[:1] == ["-O3"] else "-O2"
    return TARGETS[level].get(workload)


def is_ctmlp(impl):
    return impl.startswith("ctmlp")


def verdict(ratio, target):
    return f"{ratio:.2f} ≤ {target:g} {'met' if ratio <= target else 'MISSED'}"


def ratio(rows, workload, impl):
    ref = rows.get(workload, {}).get(REFERENCE[workload])
    ns = rows.get(workload, {}).get(impl)
    return ns / ref if ref and ns is not None else None


def policy_impls(workload, policy):
    """The rows of one ctmlp math policy in a workload (batch: predict_batch, else predict loop)."""
    if workload == BATCH:
        return [policy + " predict_batch", policy + " predict loop"]
    return [policy]


def print_context(runs):
    for flag_set, ctx, _ in runs:
        load_avg = ctx.get("load_avg")
        load_text = ", load average " + " ".join(f"{x:.2f}" for x in load_avg) if load_avg else ""
        print(f"- `{flag_set}`: vector ISA {ctx.get('ctmlp_vector_isa', '?')}, {ctx.get('ctmlp_compiler', '?')}, "
              f"{ctx.get('num_cpus', '?')} CPUs at {ctx.get('mhz_per_cpu', '?')} MHz{load_text}, "
              f"{ctx.get('library_build_type', '?')} Google Benchmark, {ctx.get('date', '')}")
        if ctx.get("ctmlp_checks"):
            print("  checked before timing against ctmlp (libm), largest |difference| of the outputs and of the "
                  "weights after 64 SGD steps (tolerance): " + ctx["ctmlp_checks"])


def print_targets(runs):
    print("Issue 9 targets: ratio of medians to Eigen `logistic()` (batch: to Eigen's matrix product per layer), "
          "each from one program run; < 1 is faster than Eigen.")
    print()
    print("| flag set | ctmlp | " + " | ".join(WORKLOADS) + " |")
    print("|---|---|" + "---|" * len(WORKLOADS))
    for flag_set, _, rows in runs:
        policies = [p for p in POLICIES if any(p in rows.get(w, {}) for w in WORKLOADS)]
        for policy in policies:
            cells = []
            for w in WORKLOADS:
                found = [(ratio(rows, w, i), i) for i in policy_impls(w, policy) if ratio(rows, w, i) is not None]
                target = target_of(flag_set, w)
                if not found:
                    cells.append("–")
                    continue
                r, impl = found[0]
                cell = verdict(r, target)
                if w == BATCH:
                    cell += " (" + impl[len(policy) + 1:] + ")"
                cells.append(cell)
            print(f"| {flag_set} | {policy} | " + " | ".join(cells) + " |")
        cells = []
        for w in WORKLOADS:
            found = sorted((ratio(rows, w, i), i) for i in rows.get(w, {}) if is_ctmlp(i) and ratio(rows, w, i))
            cells.append(f"{verdict(found[0][0], target_of(flag_set, w))} ({found[0][1]})" if found else "–")
        print(f"| {flag_set} | **best** | " + " | ".join(cells) + " |")
    print()


# The columns of the per-flag-set table, and what each shows in the batch row.
COLUMNS = (("hand loop", "loop", ["loop"]),
           ("ctmlp (libm)", "ctmlp (libm)", ["ctmlp (libm) predict_batch", "ctmlp (libm) predict loop"]),
           ("ctmlp::fast", "ctmlp::fast", ["ctmlp::fast predict_batch", "ctmlp::fast predict loop"]),
           ("ctmlp::portable", "ctmlp::portable", ["ctmlp::portable predict_batch", "ctmlp::portable predict loop"]),
           ("Eigen logistic()", "Eigen logistic()", ["Eigen matrix product"]),
           ("Eigen std::exp", "Eigen std::exp", []),
           ("FANN", "FANN", []))


def print_matrix(runs):
    for flag_set, ctx, rows in runs:
        print(f"`{flag_set}` ({ctx.get('ctmlp_vector_isa', '?')}): ns per sample (ratio to Eigen `logistic()`; "
              "batch: to Eigen's matrix product; issue 9's target for ctmlp). Batch row: ctmlp `predict_batch` / "
              "`predict` in a loop, the hand loop in a loop, Eigen's matrix product per layer.")
        print()
        print("| | " + " | ".join(c for c, _, _ in COLUMNS) + " |")
        print("|---|" + "---|" * len(COLUMNS))
        for w in WORKLOADS:
            cells = []
            for _, single, batch in COLUMNS:
                parts = []
                for impl in (batch if w == BATCH else [single]):
                    ns = rows.get(w, {}).get(impl)
                    if ns is None:
                        continue
                    r = ratio(rows, w, impl)
                    text = f"{ns:,.1f} ({r:.2f}" if r is not None else f"{ns:,.1f} (–"
                    if is_ctmlp(impl) and r is not None:
                        t = target_of(flag_set, w)
                        text += f", ≤ {t:g} {'met' if r <= t else 'MISSED'}"
                    parts.append(text + ")")
                cells.append(" / ".join(parts) if parts else "–")
            print(f"| {w} | " + " | ".join(cells) + " |")
        print()


def print_details(runs):
    print("All implementations: medians of CPU time, ns per sample; ratio = time / time of Eigen `logistic()` "
          "(batch: of Eigen's matrix product) in the same program; target (issue 9) for the ctmlp rows.")
    print()
    head = " | ".join(f"`{fs}` ns | ratio | target" for fs, _, _ in runs)
    print(f"| workload | implementation | {head} |")
    print("|---|---|" + "---:|---:|---|" * len(runs))
    for w in WORKLOADS:
        impls = sorted({i for _, _, rows in runs for i in rows.get(w, {})}, key=lambda i: rank(IMPLS, i))
        for impl in impls:
            cells = []
            for flag_set, _, rows in runs:
                ns = rows.get(w, {}).get(impl)
                r = ratio(rows, w, impl)
                t = target_of(flag_set, w)
                cells.append(f"{ns:,.1f}" if ns is not None else "–")
                cells.append(f"{r:.2f}" if r is not None else "–")
                cells.append(("met" if r <= t else "MISSED") + f" (≤ {t:g})" if is_ctmlp(impl) and r is not None else "")
            print(f"| {w} | {impl} | " + " | ".join(cells) + " |")
    print()


def print_limit(runs):
    for flag_set, ctx, rows in runs:
        if flag_set.split()[:1] != ["-O3"]:
            continue
        infer = rows.get("infer 64-32-10", {})
        best = sorted((ns, i) for i, ns in infer.items() if is_ctmlp(i))
        batch = sorted((ns, i) for i, ns in rows.get(BATCH, {}).items() if is_ctmlp(i))
        mhz = ctx.get("mhz_per_cpu")
        if not best or not mhz:
            continue
        print(f"Physical limit of a 64-32-10 inference (an estimate): {MULTIPLY_ADDS:,} multiply-adds ≈ "
              f"{FMA_CYCLES:.0f} cycles at two 8-float FMAs per cycle (AVX2), plus 42 activations (32 ReLU, "
              f"10 sigmoids with an exponential each). At the nominal {mhz} MHz of the benchmark context (the "
              f"real clock of a shared vCPU is not known), `{flag_set}`:")
        for ns, impl in best[:1] + batch[:1]:
            cycles = ns * mhz / 1000.0
            print(f"- {impl} ({'batch of 1,024' if impl in rows.get(BATCH, {}) else 'one input'}): {ns:,.1f} ns "
                  f"≈ {cycles:,.0f} cycles per inference, {cycles / FMA_CYCLES:.1f}× the {FMA_CYCLES:.0f} FMA cycles")
        print()


def print_plain(path_rows):
    """The other programs: ratio to "plain loops"."""
    print("| workload | implementation | ns/sample | ratio to plain loops |")
    print("|---|---|---:|---:|")
    for rows in path_rows:
        for w in sorted(rows):
            impls = rows[w]
            ref = impls.get("plain loops")
            for impl in sorted(impls, key=lambda i: rank(IMPLS, i)):
                r = f"{impls[impl] / ref:.2f}" if ref else "–"
                print(f"| {w} | {impl} | {impls[impl]:,.1f} | {r} |")
    print()


def main(paths):
    runs, others = [], []
    for path in paths:
        ctx, rows = load(path)
        if "ctmlp_flag_set" in ctx:
            runs.append((ctx["ctmlp_flag_set"], ctx, rows))
        else:
            others.append(rows)
    print()
    if runs:
        print_context(runs)
        print()
        print_targets(runs)
        print_matrix(runs)
        print_details(runs)
        print_limit(runs)
    if others:
        print_plain(others)


if __name__ == "__main__":
    if len(sys.argv) < 2:
        sys.exit(__doc__)
    main(sys.argv[1:])

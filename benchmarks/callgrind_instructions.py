#!/usr/bin/env python3
# Distributed under the Boost Software License, Version 1.0 (see LICENSE).
"""Instructions per inference under callgrind, per implementation, with issue 9's targets.

    callgrind_instructions.py [--valgrind=PATH] [--targets=BUILD] [--n1=N] [--n2=N] --build=BUILD=DRIVER...

Each DRIVER is callgrind_driver.cpp built with the flags BUILD names. It is run twice under
`valgrind --tool=callgrind`, with N1 and N2 inferences per implementation (multiples of 1,024, the
batch); every implementation's section is dumped separately (CALLGRIND_DUMP_STATS_AT), and its
instructions per inference are (Ir(N2) - Ir(N1)) / (N2 - N1): what a section costs once (lazy
binding of expf, first calls) cancels. The targets (2-4-1 <= 80, 64-32-10 <= 1,000) apply to
the ctmlp rows of the build named by --targets (the AVX2 build). Without valgrind: a message, and
exit status 0. Callgrind counts instructions, not time: it cannot see latency, throughput or
cache misses, only how much work is left in the code.
"""
import argparse
import os
import re
import shutil
import subprocess
import sys
import tempfile

TARGETS = {"2-4-1": 80, "64-32-10": 1000}
NETS = ("2-4-1", "64-32-10")
IMPLS = ("loop", "ctmlp (libm)", "ctmlp::fast", "ctmlp::portable", "ctmlp (libm) predict_batch",
         "ctmlp::fast predict_batch", "ctmlp::portable predict_batch", "Eigen logistic()", "Eigen std::exp",
         "Eigen matrix product", "FANN")


def rank(seq, x):
    return (seq.index(x), x) if x in seq else (len(seq), x)


def sections(valgrind, driver, n):
    """{(net, implementation): Ir} of one run with n inferences per implementation."""
    with tempfile.TemporaryDirectory() as tmp:
        out = os.path.join(tmp, "callgrind.out")
        cmd = [valgrind, "--tool=callgrind", f"--callgrind-out-file={out}", "--combine-dumps=yes",
               "--dump-line=no", driver, str(n)]
        run = subprocess.run(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, check=False)
        if run.returncode != 0:
            sys.exit(f"callgrind_instructions: {' '.join(cmd)} failed ({run.returncode}):\n{run.stderr[-2000:]}")
        result, label = {}, None
        with open(out, encoding="utf-8", errors="replace") as f:
            for line in f:
                m = re.match(r"desc: Trigger: Client Request: (.*)$", line)
                if m:
                    label = m.group(1).strip()
                elif line.startswith("totals:") and label:
                    net, _, impl = label.partition("|")
                    result[(net, impl)] = int(line.split()[1])
                    label = None
                elif line.startswith("part:"):
                    label = None
        return result


def profile(valgrind, driver, n, labels, top=8):
    """Where the instructions of the sections `labels` go: {label: (by function, by source line)},
    self costs (a call's cost counts where the callee's instructions are), from one run with n."""
    with tempfile.TemporaryDirectory() as tmp:
        out = os.path.join(tmp, "callgrind.out")
        cmd = [valgrind, "--tool=callgrind", f"--callgrind-out-file={out}", "--combine-dumps=yes",
               "--compress-strings=no", "--compress-pos=no", driver, str(n)]
        subprocess.run(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=True)
        by_fn, by_line = {}, {}
        label = fl = fn = cur = None
        after_calls = False
        with open(out, encoding="utf-8", errors="replace") as f:
            for line in f:
                m = re.match(r"desc: Trigger: Client Request: (.*)$", line)
                if m:
                    label = m.group(1).strip()
                    continue
                if line.startswith("part:"):
                    label = None
                if label not in labels:
                    continue
                key, eq, value = line.rstrip("\n").partition("=")
                if eq and key == "fl":
                    fl = cur = value
                elif eq and key in ("fi", "fe"):
                    cur = value
                elif eq and key == "fn":
                    fn, cur = value, fl
                elif eq and key == "calls":
                    after_calls = True
                elif line[:1].isdigit():
                    if after_calls:  # the inclusive cost of that call: counted in the callee
                        after_calls = False
                        continue
                    fields = line.split()
                    ir = int(fields[1]) if len(fields) > 1 else 0
                    by_fn.setdefault(label, {})
                    by_fn[label][fn] = by_fn[label].get(fn, 0) + ir
                    by_line.setdefault(label, {})
                    where = (cur, int(fields[0]))
                    by_line[label][where] = by_line[label].get(where, 0) + ir
    result = {}
    for label in labels:
        fns = sorted(by_fn.get(label, {}).items(), key=lambda kv: -kv[1])[:top]
        lines = sorted(by_line.get(label, {}).items(), key=lambda kv: -kv[1])[:top]
        result[label] = (fns, lines)
    return result


def source_line(path, number):
    try:
        with open(path, encoding="utf-8", errors="replace") as f:
            for i, text in enumerate(f, 1):
                if i == number:
                    return text.strip()
    except OSError:
        pass
    return ""


def short(name, width=70):
    name = re.sub(r"<[^<>]*(<[^<>]*>[^<>]*)*>", "<…>", name or "?")
    return name if len(name) <= width else name[:width - 1] + "…"


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--valgrind", default="valgrind")
    ap.add_argument("--targets", default="", help="the BUILD whose ctmlp rows are held to the targets")
    ap.add_argument("--n1", type=int, default=1024)
    ap.add_argument("--n2", type=int, default=11264)
    ap.add_argument("--profile", action="store_true",
                    help="also profile the best ctmlp row of each network in the --targets build")
    ap.add_argument("--build", action="append", required=True, metavar="BUILD=DRIVER",
                    help="a driver and the flags it was built with (BUILD may start with '-': use --build=...)")
    args = ap.parse_args()
    valgrind = args.valgrind if os.path.isfile(args.valgrind) else shutil.which("valgrind")
    if not valgrind:
        print("callgrind_instructions: valgrind not found, skipped (apt-get install valgrind)")
        return 0
    builds = [b.rpartition("=")[::2] for b in args.build]  # the flags may contain "="

    per_inference = {}  # (build, net, impl) -> instructions per inference
    for build, driver in builds:
        a = sections(valgrind, driver, args.n1)
        b = sections(valgrind, driver, args.n2)
        for key in b:
            if key in a:
                per_inference[(build, *key)] = (b[key] - a[key]) / (args.n2 - args.n1)

    print()
    print(f"Instructions per inference under callgrind: (Ir(N={args.n2:,}) - Ir(N={args.n1:,})) / "
          f"{args.n2 - args.n1:,}; predict_batch and matrix product: per input, in batches of 1,024. Targets (issue 9) for the "
          f"ctmlp rows of the '{args.targets}' build.")
    print()
    for build, _ in builds:
        nets = sorted({n for (bd, n, _) in per_inference if bd == build}, key=lambda n: rank(NETS, n))
        impls = sorted({i for (bd, _, i) in per_inference if bd == build}, key=lambda i: rank(IMPLS, i))
        print(f"| {build} | " + " | ".join(nets) + " |")
        print("|---|" + "---:|" * len(nets))
        for impl in impls:
            cells = []
            for net in nets:
                v = per_inference.get((build, net, impl))
                if v is None:
                    cells.append("–")
                    continue
                cell = f"{v:,.0f}"
                target = TARGETS.get(net)
                if build == args.targets and target and impl.startswith("ctmlp"):
                    cell += f" (≤ {target:,}: {'met' if v <= target else 'MISSED'})"
                cells.append(cell)
            print(f"| {impl} | " + " | ".join(cells) + " |")
        print()

    # A profile of the best ctmlp row of each network in the target build: where its instructions go.
    if args.profile and args.targets in dict(builds):
        best = {}
        for (build, net, impl), v in per_inference.items():
            if build == args.targets and impl.startswith("ctmlp") and "batch" not in impl:
                if net not in best or v < best[net][0]:
                    best[net] = (v, impl)
        labels = [f"{net}|{impl}" for net, (_, impl) in sorted(best.items(), key=lambda kv: rank(NETS, kv[0]))]
        prof = profile(valgrind, dict(builds)[args.targets], args.n2, labels)
        for label in labels:
            fns, lines = prof[label]
            total = sum(v for _, v in fns) or 1
            print(f"Profile of {label.replace('|', ', ')} ('{args.targets}', N = {args.n2:,}; self instructions per "
                  "inference; functions, then source lines):")
            print()
            for fn, v in fns:
                print(f"    {v / args.n2:8.1f}  {short(fn)}")
            print()
            for (path, number), v in lines:
                where = f"{os.path.basename(path or '?')}:{number}"
                print(f"    {v / args.n2:8.1f}  {where:<24} {short(source_line(path, number), 80)}")
            print()
    return 0


if __name__ == "__main__":
    sys.exit(main())

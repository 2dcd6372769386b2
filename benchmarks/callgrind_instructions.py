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


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--valgrind", default="valgrind")
    ap.add_argument("--targets", default="", help="the BUILD whose ctmlp rows are held to the targets")
    ap.add_argument("--n1", type=int, default=1024)
    ap.add_argument("--n2", type=int, default=11264)
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
    return 0


if __name__ == "__main__":
    sys.exit(main())

#!/bin/sh
# Measures ctmlp's constexpr cost: for each compiler, scalar and shape, the largest number of
# XOR training epochs (per-sample SGD, tanh hidden / sigmoid output) that fits in ONE constant
# evaluation at the compiler's default limits, found by bisection, and the compile time of the
# tests/static/ suite. usage: benchmarks/constexpr/constexpr_budget.sh [source dir]
set -eu
src=${1:-$(cd "$(dirname "$0")/../.." && pwd)}
probe="$src/benchmarks/constexpr/budget_probe.cpp"
fits() { # compiler scalar hidden epochs
    "$1" -std=c++20 -fsyntax-only -I"$src/include" -DCTMLP_SCALAR="$2" -DCTMLP_HIDDEN="$3" -DCTMLP_EPOCHS="$4" "$probe" >/dev/null 2>&1
}
printf '| compiler | net | scalar | epochs in default budget | seconds for 1 epoch less |\n|---|---|---|---|---|\n'
for cxx in g++ clang++; do
    command -v "$cxx" >/dev/null || continue
    ver=$("$cxx" -dumpversion)
    for hidden in 4 2; do
        for scalar in double float; do
            lo=1; hi=64
            while fits "$cxx" "$scalar" "$hidden" "$hi"; do lo=$hi; hi=$((hi * 2)); done
            while [ $((hi - lo)) -gt 1 ]; do
                mid=$(((lo + hi) / 2))
                if fits "$cxx" "$scalar" "$hidden" "$mid"; then lo=$mid; else hi=$mid; fi
            done
            t0=$(date +%s.%N); fits "$cxx" "$scalar" "$hidden" "$lo"; t1=$(date +%s.%N)
            printf '| %s %s | 2-%s-1 | %s | %s | %.2f |\n' "$cxx" "$ver" "$hidden" "$scalar" "$lo" "$(echo "$t1 - $t0" | bc)"
        done
    done
done

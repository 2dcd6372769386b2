#!/bin/sh
# Code size of one forward pass (benchmarks/unroll_size.cpp), plain loops vs forced unrolling
# (and plain loops with __restrict, a candidate core change),
# for 2-4-1 and 16-32-8 float: the sum of the .text* sections of the object file (`size -A`),
# i.e. the functions only (no unwind tables, no libm: expf/tanhf are calls).
#
#   benchmarks/code_size.sh [CXX [ARM_CXX]]
# CXX defaults to g++ (x86-64, no -march: the generic target), ARM_CXX to arm-none-eabi-g++
# (-mcpu=cortex-m4 -mthumb -mfloat-abi=hard -mfpu=fpv4-sp-d16 -fno-exceptions -fno-rtti); a
# missing ARM compiler is skipped. Boost is taken from /usr/include (override with BOOST_INCLUDE).
set -eu
here=$(cd "$(dirname "$0")" && pwd)
root=$(dirname "$here")
cxx=${1:-g++}
arm_cxx=${2:-arm-none-eabi-g++}
boost=${BOOST_INCLUDE:-/usr/include}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
# A directory holding only boost/: -isystem /usr/include would shadow newlib's headers.
mkdir "$tmp/inc" && ln -s "$boost/boost" "$tmp/inc/boost"

text_bytes() {  # $1 = size tool, $2 = object
    "$1" -A "$2" | awk '$1 ~ /^\.text/ { s += $2 } END { print s + 0 }'
}

measure() {  # $1 = label, $2 = compiler, $3 = size tool, rest = flags
    label=$1 cc=$2 sz=$3
    shift 3
    for shape in 241:2-4-1 16328:16-32-8; do
        id=${shape%%:*} name=${shape#*:}
        for opt in -Os -O2 -O3; do
            for unroll in 0 1 2; do
                "$cc" -std=c++20 "$opt" "$@" -isystem "$tmp/inc" -I"$root/include" \
                    -DCTMLP_BENCH_SHAPE=$id -DCTMLP_BENCH_FORCED_UNROLL=$unroll \
                    -c "$here/unroll_size.cpp" -o "$tmp/u$unroll.o" 2>"$tmp/err" ||
                    { cat "$tmp/err" >&2; exit 1; }
            done
            p=$(text_bytes "$sz" "$tmp/u0.o")
            f=$(text_bytes "$sz" "$tmp/u1.o")
            r=$(text_bytes "$sz" "$tmp/u2.o")
            ratio=$(awk -v f="$f" -v p="$p" 'BEGIN { printf "%.2f", f / p }')
            printf '| %s | %s | %s | %s | %s | %s | %s |\n' "$label" "$name" "$opt" "$p" "$f" "$ratio" "$r"
        done
    done
}

echo "Code size of one forward pass, bytes of .text (plain loops = what ctmlp ships)"
echo
echo "| target | net | opt | plain loops | forced unroll | forced / plain | plain + __restrict |"
echo "|---|---|---|---:|---:|---:|---:|"
measure "x86-64 $("$cxx" -dumpfullversion 2>/dev/null || "$cxx" -dumpversion)" "$cxx" size -fno-asynchronous-unwind-tables
if command -v "$arm_cxx" >/dev/null 2>&1; then
    measure "cortex-m4 $("$arm_cxx" -dumpversion)" "$arm_cxx" arm-none-eabi-size \
        -mcpu=cortex-m4 -mthumb -mfloat-abi=hard -mfpu=fpv4-sp-d16 -fno-exceptions -fno-rtti -Wno-psabi
else
    echo
    echo "($arm_cxx not found: Cortex-M4 sizes skipped)"
fi

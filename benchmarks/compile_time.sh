#!/bin/sh
# Wall time to compile (-c, -std=c++20 -O2) translation units that use ctmlp, median of 3, with
# g++ and clang++ (whichever are installed), as a Markdown table:
#   std headers only     compile_time_hana.cpp -DCTMLP_BENCH_NO_HANA=1: the standard headers ctmlp includes
#   std + Hana only      compile_time_hana.cpp: the standard and Boost.Hana headers ctmlp includes
#   <ctmlp/ctmlp.hpp>    compile_time_include.cpp: the umbrella header, nothing used
#   2-4-1, run-time training   compile_time_train.cpp: declare, initialise, train, predict
#   2-4-1, constexpr training  examples/readme_xor.cpp: 100 epochs in the compiler + static_asserts
#
#   benchmarks/compile_time.sh [COMPILER...]     (default: g++ clang++; RUNS=5 for a median of 5)
# Boost is taken from /usr/include (override with BOOST_INCLUDE). Timing only: nothing is asserted.
set -eu
here=$(cd "$(dirname "$0")" && pwd)
root=$(dirname "$here")
boost=${BOOST_INCLUDE:-/usr/include}
[ $# -gt 0 ] || set -- g++ clang++
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
mkdir "$tmp/inc" && ln -s "$boost/boost" "$tmp/inc/boost"

now() { date +%s.%N; }

runs=${RUNS:-3}
median3() {  # $1 = compiler, $2 = source, $3 = extra flag; prints the median wall time in seconds
    for run in $(seq "$runs"); do
        t0=$(now)
        "$1" -std=c++20 -O2 $3 -isystem "$tmp/inc" -I"$root/include" -c "$2" -o "$tmp/out.o" 2>"$tmp/err" ||
            { cat "$tmp/err" >&2; exit 1; }
        t1=$(now)
        echo "$t0 $t1" | awk '{ printf "%.3f\n", $2 - $1 }'
    done | sort -n | sed -n "$(( (runs + 1) / 2 ))p"
}

echo "Compile time, seconds of wall time (median of $runs; -std=c++20 -O2 -c; $(nproc) CPUs, shared)"
echo
header="| translation unit |"
rule="|---|"
for cc in "$@"; do
    if command -v "$cc" >/dev/null 2>&1; then
        header="$header $cc $("$cc" -dumpversion) |"
        rule="$rule---:|"
    fi
done
echo "$header"
echo "$rule"
for tu in "std headers only:$here/compile_time_hana.cpp:-DCTMLP_BENCH_NO_HANA=1" \
          "std + Hana only:$here/compile_time_hana.cpp" \
          "<ctmlp/ctmlp.hpp> only:$here/compile_time_include.cpp" \
          "2-4-1, trained at run time:$here/compile_time_train.cpp" \
          "2-4-1, trained at compile time (README XOR):$root/examples/readme_xor.cpp"; do
    name=${tu%%:*} rest=${tu#*:}
    src=${rest%%:*} flag=${rest#"$src"}
    flag=${flag#:}
    line="| $name |"
    for cc in "$@"; do
        command -v "$cc" >/dev/null 2>&1 || continue
        line="$line $(median3 "$cc" "$src" "$flag") |"
    done
    echo "$line"
done

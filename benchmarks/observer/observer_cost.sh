#!/bin/sh
# What the training observer costs in generated code. Compiles benchmarks/observer/observer_cost.cpp
# (XOR 2-4-1 float, tanh/sigmoid, both update modes) four ways and compares the object code:
#   before  train.hpp with every observer line deleted (no observer facility at all)
#   none    the library as it is, no observer argument (ctmlp::no_observer)
#   empty   an observer whose on_sample/on_epoch are empty
#   record  an observer that stores each epoch's loss
# for g++ and clang++ (x86-64, -O2) and arm-none-eabi-g++ (Cortex-M4F, -Os). Prints a markdown
# table of .text bytes and whether the disassembly (addresses and symbol names removed) equals
# "before". usage: benchmarks/observer/observer_cost.sh [source dir]
set -eu
src=${1:-$(cd "$(dirname "$0")/../.." && pwd)}
tu="$src/benchmarks/observer/observer_cost.cpp"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

# "before": a copy of the headers whose train.hpp lost the observer: the two `sees_` constants and
# the two `if constexpr (sees_...)` statements (each a line, or a line and its continuation).
mkdir -p "$work/before"
cp -r "$src/include/ctmlp" "$work/before/"
awk '
    skip_next { skip_next = 0; next }
    /constexpr bool sees_(samples|epochs) =/ { next }
    /if constexpr \(sees_(samples|epochs)\)/ { if ($0 !~ /;[[:space:]]*$/) skip_next = 1; next }
    { print }
' "$src/include/ctmlp/train.hpp" > "$work/before/ctmlp/train.hpp"
if grep -v '^ *///\|^ *//' "$work/before/ctmlp/train.hpp" | grep -q 'observer\.on_'; then
    echo "observer_cost.sh: could not strip the observer from train.hpp" >&2; exit 1
fi

# Disassembly with addresses, encodings and symbol names removed.
listing() { # objdump object
    "$1" -d --no-show-raw-insn "$2" | sed -n '/^Disassembly/,$p' | grep -v '^Disassembly\|^$' |
        sed -e 's/^ *[0-9a-f]*:[[:space:]]*//' -e 's/<[^>]*>//g' -e 's/^[0-9a-f]* *$//' -e 's/#.*$//' \
            -e 's/[[:space:]]\+/ /g' | grep -v '^ *$'
}
text_bytes() { # size object
    "$1" -A "$2" | awk '$1 ~ /^\.text/ { s += $2 } END { print s + 0 }'
}

printf '| compiler, flags | before (no observer code) | no observer | empty hooks | recording observer | no observer / empty hooks: same instructions as before? |\n'
printf '|---|---|---|---|---|---|\n'
run() { # label cxx objdump size flags...
    label=$1 cxx=$2 od=$3 sz=$4
    shift 4
    command -v "$cxx" >/dev/null || return 0
    ver=$("$cxx" -dumpversion)
    # Boost lives in /usr/include; for the cross compiler pass only a directory holding boost/.
    mkdir -p "$work/boost_only"; [ -e "$work/boost_only/boost" ] || ln -s /usr/include/boost "$work/boost_only/boost"
    common="-std=c++20 -fno-exceptions -fno-rtti -ffp-contract=off -isystem $work/boost_only $*"
    # shellcheck disable=SC2086
    "$cxx" $common -I"$work/before" -DCTMLP_OBSERVER=0 -c "$tu" -o "$work/before.o"
    for v in 0 1 2; do
        # shellcheck disable=SC2086
        "$cxx" $common -I"$src/include" -DCTMLP_OBSERVER=$v -c "$tu" -o "$work/v$v.o"
    done
    listing "$od" "$work/before.o" > "$work/before.s"
    same=""
    for v in 0 1; do
        listing "$od" "$work/v$v.o" > "$work/v$v.s"
        if cmp -s "$work/before.s" "$work/v$v.s"; then same="$same yes"; else
            same="$same no ($(diff "$work/before.s" "$work/v$v.s" | grep -c '^[<>]') lines differ)"; fi
    done
    printf '| %s %s, `%s` | %s | %s | %s | %s | %s |\n' "$label" "$ver" "$*" \
        "$(text_bytes "$sz" "$work/before.o")" "$(text_bytes "$sz" "$work/v0.o")" \
        "$(text_bytes "$sz" "$work/v1.o")" "$(text_bytes "$sz" "$work/v2.o")" "$(echo $same | sed 's/ \([yn]\)/ \/ \1/')"
    [ -z "${KEEP:-}" ] || diff "$src/include/ctmlp/train.hpp" "$work/before/ctmlp/train.hpp" >&2 || true
}
run g++ g++ objdump size -O2
run clang++ clang++ objdump size -O2
run arm-none-eabi-g++ arm-none-eabi-g++ arm-none-eabi-objdump arm-none-eabi-size -Os -mcpu=cortex-m4 -mthumb -mfloat-abi=hard -mfpu=fpv4-sp-d16

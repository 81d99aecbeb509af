#!/bin/sh
# Wall time of two dlexam builds side by side, in one run: `exam` with the built-in spec for
# STUDENTS (1000) students, output in /dev/shm (else $TMPDIR), and `gen --count COUNT` (300) of
# every family in every format. The two binaries run alternately, RUNS (7) times each, each exam
# into a fresh folder; the figures are the medians and NEW/OLD.
#
# Usage: scripts/compare-speed.sh [OLD [NEW]]
# OLD and NEW are each a binary or a git revision (built by scripts/build-commit.sh). OLD
# defaults to the speed reference below, NEW to target/release/dlexam (build it with `cargo
# build --release`). The families are those OLD lists.
#   e.g. scripts/compare-speed.sh                      (the reference against this checkout)
#        scripts/compare-speed.sh 3537b39 HEAD
#
# The speed reference: the build every later change is measured against, at most 1.3 times its
# time for `exam` and for `gen` of every family (docs/exams.md, "The speed reference").
reference=86302ea
set -eu
repo=$(cd "$(dirname "$0")/.." && pwd)
binary() {
    if [ -f "$1" ] && [ -x "$1" ]; then
        echo "$1"
    elif [ "${1#*/}" != "$1" ]; then
        echo "compare-speed: no binary at $1 (cargo build --release?)" >&2
        exit 2
    else
        "$repo/scripts/build-commit.sh" "$1"
    fi
}
old=$(binary "${1:-$reference}")
new=$(binary "${2:-$repo/target/release/dlexam}")
runs=${RUNS:-7}
students=${STUDENTS:-1000}
count=${COUNT:-300}
base=/dev/shm
[ -d "$base" ] && [ -w "$base" ] || base=${TMPDIR:-/tmp}
work=$(mktemp -d "$base/dlexam-speed.XXXXXX")
trap 'rm -rf "$work"' EXIT

roster="$work/roster.csv"
{ echo id,name; i=0; while [ $i -lt "$students" ]; do echo "s$i,Student $i"; i=$((i+1)); done; } > "$roster"

now() { date +%s%N; }
median() { sort -n | awk '{ v[NR] = $1 } END { print v[int((NR + 1) / 2)] }'; }

# measure <label> <command...>: the command runs with $bin set to each binary in turn, and
# $out set to a fresh folder name; prints "label old_s new_s ratio".
measure() {
    label=$1
    shift
    : > "$work/old.times"
    : > "$work/new.times"
    r=0
    while [ $r -lt "$runs" ]; do
        # Alternate which binary goes first, so drift hits both alike.
        if [ $((r % 2)) = 0 ]; then order="old new"; else order="new old"; fi
        for which in $order; do
            if [ "$which" = old ]; then bin=$old; else bin=$new; fi
            out="$work/out-$which-$r"
            start=$(now)
            "$@" > /dev/null 2>&1
            end=$(now)
            echo $(( (end - start) / 1000000 )) >> "$work/$which.times"
            rm -rf "$out"
        done
        r=$((r + 1))
    done
    o=$(median < "$work/old.times")
    n=$(median < "$work/new.times")
    awk -v l="$label" -v o="$o" -v n="$n" \
        'BEGIN { printf "%-28s %8.3f %8.3f %6.2f\n", l, o / 1000, n / 1000, n / o }'
}

run_exam() { "$bin" exam --roster "$roster" --out-dir "$out" --seed 2024; }
run_gen() { "$bin" gen "$family" --seed 1 --count "$count" --format "$format"; }

printf "%-28s %8s %8s %6s\n" "what (median of $runs)" "old s" "new s" "ratio"
measure "exam $students students" run_exam
for family in $("$old" list --format json | jq -r '.[].id'); do
    for format in md tex json; do
        measure "gen $family $format x$count" run_gen
    done
done

#!/bin/sh
# Wall time, CPU time and max RSS of `dlexam exam` (release) for 100 and 1,000 students, via
# /usr/bin/time -v; every figure is the median of BENCH_RUNS runs (default 5), each into a fresh
# folder. Memory should not grow with the class: students are streamed.
#
# The output goes to the disk (a folder under $TMPDIR, else /tmp) and, where it exists, to
# /dev/shm (memory): creating 2,002 files costs from 0.2 s to over 1 s of kernel time on some
# virtual disks, which says nothing about dlexam itself.
#
# Usage: scripts/bench-exams.sh            the built-in spec (every family)
#        BENCH_CONV=1 scripts/bench-exams.sh   five conv-params problems
set -eu
cd "$(dirname "$0")/.."
cargo build --release --quiet
bin=$PWD/target/release/dlexam
runs=${BENCH_RUNS:-5}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
spec="--seed 2024"
[ "${BENCH_CONV:-0}" = 1 ] && spec="--spec benches/conv-params-exam.toml"

median() { sort -n | awk '{ v[NR] = $1 } END { print v[int((NR + 1) / 2)] }'; }

bench() { # bench <output base folder> <students>
    base=$1 n=$2
    roster="$work/roster-$n.csv"
    { echo id,name; i=0; while [ $i -lt "$n" ]; do echo "s$i,Student $i"; i=$((i+1)); done; } > "$roster"
    : > "$work/runs"
    r=0
    while [ $r -lt "$runs" ]; do
        out="$base/out-$n-$r"
        # shellcheck disable=SC2086
        /usr/bin/time -f "%e %U %S %M" -o "$work/time" "$bin" exam --roster "$roster" --out-dir "$out" $spec >/dev/null 2>"$work/err" \
            || { cat "$work/err"; exit 1; }
        cat "$work/time" >> "$work/runs"
        rm -rf "$out"
        r=$((r+1))
    done
    wall=$(cut -d' ' -f1 "$work/runs" | median)
    user=$(cut -d' ' -f2 "$work/runs" | median)
    sys=$(cut -d' ' -f3 "$work/runs" | median)
    rss=$(cut -d' ' -f4 "$work/runs" | median)
    printf '%5d students: wall %s s, user %s s, sys %s s, max RSS %s KB\n' "$n" "$wall" "$user" "$sys" "$rss"
}

for place in disk memory; do
    if [ $place = disk ]; then
        base=$(mktemp -d "${TMPDIR:-/tmp}/dlexam-bench.XXXXXX")
    elif [ -d /dev/shm ] && [ -w /dev/shm ]; then
        base=$(mktemp -d /dev/shm/dlexam-bench.XXXXXX)
    else
        continue
    fi
    echo "output on $place ($base), median of $runs runs:"
    bench "$base" 100
    bench "$base" 1000
    rm -rf "$base"
done

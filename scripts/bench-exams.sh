#!/bin/sh
# Wall time and max RSS of `dlexam exam` (release) for 100 and 1,000 students, via /usr/bin/time -v.
# Memory should not grow with the class: students are streamed. Usage: scripts/bench-exams.sh
set -eu
cd "$(dirname "$0")/.."
cargo build --release --quiet
bin=target/release/dlexam
dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT
# The built-in spec (every family) by default; BENCH_CONV=1 for five conv-params problems only.
spec="--seed 2024"
[ "${BENCH_CONV:-0}" = 1 ] && spec="--spec benches/conv-params-exam.toml"
for n in 100 1000; do
    { echo id,name; i=0; while [ $i -lt $n ]; do echo "s$i,Student $i"; i=$((i+1)); done; } > "$dir/roster-$n.csv"
    /usr/bin/time -v "$bin" exam --roster "$dir/roster-$n.csv" --out-dir "$dir/out-$n" $spec 2> "$dir/time-$n.txt" >/dev/null || { cat "$dir/time-$n.txt"; exit 1; }
    wall=$(grep 'Elapsed (wall' "$dir/time-$n.txt" | sed 's/.*: //')
    rss=$(grep 'Maximum resident' "$dir/time-$n.txt" | sed 's/.*: //')
    user=$(grep 'User time' "$dir/time-$n.txt" | sed 's/.*: //')
    sys=$(grep 'System time' "$dir/time-$n.txt" | sed 's/.*: //')
    echo "$n students: wall $wall, user ${user}s, sys ${sys}s, max RSS ${rss} KB"
done

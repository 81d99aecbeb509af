#!/bin/sh
# Instructions of one `exam` at each of several commits: which change made the exam cost what.
# Each commit is built (scripts/build-commit.sh, binaries kept in $LEDGER_DIR), then
# `valgrind --tool=callgrind` counts the instructions of `exam` with the built-in spec for
# STUDENTS (100) students, exam seed 2024, output in /dev/shm (else $TMPDIR). Instruction counts
# do not depend on the machine's load, so the ledger can be made on a busy machine.
#
# Usage: scripts/speed-ledger.sh COMMIT...
#   e.g. scripts/speed-ledger.sh 3537b39 eeecc87 5d2d44b HEAD
# Prints "commit instructions keys.json-bytes subject" per commit. Needs valgrind; builds take a
# few minutes each ($LEDGER_DIR defaults to /tmp/dlexam-ledger and keeps them for reruns).
set -eu
repo=$(cd "$(dirname "$0")/.." && pwd)
dir=${LEDGER_DIR:-/tmp/dlexam-ledger}
students=${STUDENTS:-100}
base=/dev/shm
[ -d "$base" ] && [ -w "$base" ] || base=${TMPDIR:-/tmp}
command -v valgrind >/dev/null || { echo "speed-ledger: valgrind is needed" >&2; exit 2; }
mkdir -p "$dir"

roster="$dir/roster-$students.csv"
{ echo id,name; i=0; while [ $i -lt "$students" ]; do echo "s$i,Student $i"; i=$((i+1)); done; } > "$roster"

for rev in "$@"; do
    bin=$(BUILDS_DIR=$dir "$repo/scripts/build-commit.sh" "$rev")
    commit=$(basename "$bin" .bin)
    out=$(mktemp -d "$base/dlexam-ledger.XXXXXX")
    rmdir "$out"
    valgrind --tool=callgrind --callgrind-out-file="$dir/$commit.callgrind" \
        "$bin" exam --roster "$roster" --out-dir "$out" --seed 2024 > /dev/null 2>&1
    total=$(sed -n 's/^\(summary\|totals\): *//p' "$dir/$commit.callgrind" | head -n 1)
    bytes=$(wc -c < "$out/keys.json")
    rm -rf "$out"
    subject=$(git -C "$repo" log -1 --format=%s "$commit" | cut -c1-60)
    printf '%s %6d M %9d  %s\n' "$commit" $((total / 1000000)) "$bytes" "$subject"
done

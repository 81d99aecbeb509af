#!/bin/sh
# Wall time, CPU time and max RSS of `dlexam grade` (release) for a class of BENCH_STUDENTS
# (default 3,000) students on the built-in spec: every answer of the blank answers file
# (`grade --template`, about 40 rows per student: ~120,000 rows) filled with the key's value,
# a tenth of them with a wrong number. Each figure is the median of BENCH_RUNS runs (default 5).
# Grading reads the CSV once and looks each row up in a hash map, so time grows linearly.
#
# Usage: scripts/bench-grade.sh
set -eu
cd "$(dirname "$0")/.."
cargo build --release --quiet
bin=$PWD/target/release/dlexam
runs=${BENCH_RUNS:-5}
n=${BENCH_STUDENTS:-3000}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

median() { sort -n | awk '{ v[NR] = $1 } END { print v[int((NR + 1) / 2)] }'; }

{ echo id,name; i=0; while [ $i -lt "$n" ]; do echo "s$i,Student $i"; i=$((i+1)); done; } > "$work/roster.csv"
"$bin" exam --roster "$work/roster.csv" --out-dir "$work/out" --seed 2024 >/dev/null 2>&1
"$bin" grade --key "$work/out/keys.json" --template -o "$work/blank.csv"
python3 - "$work/out/keys.json" "$work/blank.csv" > "$work/answers.csv" <<'PY'
import csv, json, sys
keys = json.load(open(sys.argv[1]))
answers = {(s["id"], str(i + 1), a["id"]): a
           for s in keys["students"] for i, p in enumerate(s["problems"]) for a in p["answers"]}
rows = csv.reader(open(sys.argv[2]))
out = csv.writer(sys.stdout, lineterminator="\n")
out.writerow(next(rows))
for k, (student, problem, answer, label, _) in enumerate(rows):
    value = answers[(student, problem, answer)]["value"]
    text = value if isinstance(value, str) else json.dumps(value)
    if k % 10 == 0 and isinstance(value, (int, float)):
        text = str(value + 1)
    out.writerow([student, problem, answer, label, text])
PY
rows=$(($(wc -l < "$work/answers.csv") - 1))
: > "$work/runs"
r=0
while [ $r -lt "$runs" ]; do
    /usr/bin/time -f "%e %U %S %M" -o "$work/time" "$bin" grade --key "$work/out/keys.json" \
        --answers "$work/answers.csv" -o "$work/scores-$r.csv" --details "$work/details-$r.csv" \
        >/dev/null 2>"$work/err" || [ $? -eq 3 ] || { cat "$work/err"; exit 1; }
    cat "$work/time" >> "$work/runs"
    r=$((r+1))
done
wall=$(cut -d' ' -f1 "$work/runs" | median)
user=$(cut -d' ' -f2 "$work/runs" | median)
sys=$(cut -d' ' -f3 "$work/runs" | median)
rss=$(cut -d' ' -f4 "$work/runs" | median)
echo "grade: $n students, $rows answer rows (with --details): median wall ${wall}s, user ${user}s, system ${sys}s, max RSS ${rss} KB"

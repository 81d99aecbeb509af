#!/bin/sh
# One line per output of a dlexam binary, "<what> <sha256>": `gen` of every family x difficulty x
# format (md, tex, tex --fragment, json), with and without --solutions, for a few seeds and
# --count 5; `solve` of a generated problem of each family; `sheet` in every format, with and
# without solutions and --key; and every file of a 300-student `exam` (--seed 2024).
# A change meant to keep every answer key compares the lists of two builds:
#
#   scripts/hash-outputs.sh OLD_BIN > old.txt; scripts/hash-outputs.sh NEW_BIN > new.txt
#   diff old.txt new.txt
#
# The families are those `BIN list --format json` names. Work files go under $TMPDIR (else /tmp).
set -eu
bin=$1
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

hash() { sha256sum | cut -d' ' -f1; }

families=$("$bin" list --format json | jq -r '.[].id')
for family in $families; do
    for difficulty in exam practice hard; do
        for seed in 1 7; do
            for format in md tex fragment json; do
                case $format in
                    fragment) args="--format tex --fragment" ;;
                    *) args="--format $format" ;;
                esac
                for solutions in "" --solutions; do
                    sum=$("$bin" gen "$family" --seed "$seed" --count 5 --difficulty "$difficulty" \
                        $args $solutions | hash)
                    echo "gen $family $difficulty seed=$seed $format $solutions $sum"
                done
            done
        done
    done
    "$bin" gen "$family" --seed 3 --format json | jq -c '.problems[0].params' > "$work/params.json"
    for format in md tex json; do
        sum=$("$bin" solve "$family" --params "@$work/params.json" --format "$format" | hash)
        echo "solve $family $format $sum"
    done
done

for format in md tex json; do
    for solutions in "" --solutions; do
        echo "sheet $format $solutions $("$bin" sheet --seed 5 --format "$format" $solutions | hash)"
    done
    "$bin" sheet --seed 6 --format "$format" -o "$work/sheet.$format" --key "$work/key.$format"
    echo "sheet-with-key $format sheet $(hash < "$work/sheet.$format")"
    echo "sheet-with-key $format key $(hash < "$work/key.$format")"
done

{ echo id,name; i=0; while [ $i -lt 300 ]; do echo "s$i,Student $i"; i=$((i+1)); done; } > "$work/roster.csv"
"$bin" exam --roster "$work/roster.csv" --out-dir "$work/exam" --seed 2024 2> /dev/null
# The published class (following its links), not the builds behind them.
(cd "$work/exam" && find -L . -path ./.dlexam -prune -o -type f -print | LC_ALL=C sort |
    while read -r f; do echo "exam $f $(hash < "$f")"; done)

#!/usr/bin/env python3
"""Drive the dlexam binary through the oracle: every family, every difficulty, every variant.

    python oracle/run_oracle.py [--bin PATH] [--count N] [--variant-count M] [--seed S] [--families a,b]

The binary is --bin, else $DLEXAM_BIN, else target/release/dlexam. For each family of
`dlexam list --format json`, for each of its difficulties it checks
`dlexam gen FAMILY --difficulty D --count N --seed S --format json` (N = 700 by default, so a family
with three difficulties gets 2100 problems), and for each listed variant also M problems with
`--variant V` (M = 20 by default; 0 turns this off; `gen --count` already takes every variant in
turn, so the 700 cover them evenly). Exit 1 on any oracle failure, on a gen that
crashes, or on a family with nothing checked; a gen that refuses a (variant, difficulty) with exit 2 is
reported loudly and counted, since a variant need not exist at every difficulty.
"""

import argparse
import json
import os
import subprocess
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import oracle  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent


def run_bin(cmd: list[str]) -> subprocess.CompletedProcess:
    return subprocess.run(cmd, capture_output=True, text=True, timeout=600, stdin=subprocess.DEVNULL)


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--bin", default=os.environ.get("DLEXAM_BIN", str(ROOT / "target" / "release" / "dlexam")))
    ap.add_argument("--count", type=int, default=int(os.environ.get("DLEXAM_ORACLE_COUNT", "700")))
    ap.add_argument("--variant-count", type=int,
                    default=int(os.environ.get("DLEXAM_ORACLE_VARIANT_COUNT", "20")))
    ap.add_argument("--seed", type=int, default=int(os.environ.get("DLEXAM_ORACLE_SEED", "20240601")))
    ap.add_argument("--families", default=os.environ.get("DLEXAM_VERIFY_FAMILIES", ""),
                    help="comma-separated family ids (default: $DLEXAM_VERIFY_FAMILIES, else all listed)")
    ap.add_argument("--max-print", type=int, default=25)
    args = ap.parse_args(argv)

    print(f"oracle: {oracle.versions()}; binary {args.bin}; seed {args.seed}; "
          f"{args.count} per difficulty, {args.variant_count} per variant and difficulty")
    listing = run_bin([args.bin, "list", "--format", "json"])
    if listing.returncode != 0:
        print(f"oracle: FAILED: `dlexam list --format json` exited {listing.returncode}: {listing.stderr.strip()}")
        return 1
    families = json.loads(listing.stdout)
    wanted = [f for f in args.families.split(",") if f]
    unknown = set(wanted) - {f["id"] for f in families}
    if unknown:
        print(f"oracle: FAILED: --families names {sorted(unknown)}, not in `dlexam list`")
        return 1

    listed = {f["id"] for f in families}
    missing = sorted((set(wanted) or listed) - set(oracle.FAMILIES))
    stray = sorted(set(oracle.FAMILIES) - listed)
    if missing or stray:
        print(f"oracle: FAILED: families without an oracle module (oracle/families/<snake_id>.py): {missing}; "
              f"oracle modules that name no family of `dlexam list`: {stray}")
        return 1

    ck = oracle.Checker(args.max_print)
    crashed, refused = [], []
    gen_seconds: dict[str, float] = {}
    t_all = time.perf_counter()
    for fam in families:
        fid = fam["id"]
        if wanted and fid not in wanted:
            continue
        runs = [(d, None, args.count) for d in fam.get("difficulties", [])]
        if args.variant_count > 0:
            runs += [(d, v, args.variant_count) for v in fam.get("variants", []) for d in fam.get("difficulties", [])]
        before = ck.problems[fid]
        gen_seconds[fid] = 0.0
        for difficulty, variant, count in runs:
            cmd = [args.bin, "gen", fid, "--difficulty", difficulty, "--count", str(count),
                   "--seed", str(args.seed), "--format", "json"]
            if variant:
                cmd += ["--variant", variant]
            t0 = time.perf_counter()
            res = run_bin(cmd)
            gen_seconds[fid] += time.perf_counter() - t0
            shown = " ".join(cmd[1:])
            if res.returncode == 2:
                refused.append(f"{shown}: {res.stderr.strip()}")
                print(f"oracle: NOTE: gen refused (exit 2): {shown}: {res.stderr.strip()}")
                continue
            if res.returncode != 0:
                crashed.append(shown)
                print(f"oracle: FAILED: `dlexam {shown}` exited {res.returncode}:\n{res.stderr.strip()[:2000]}")
                continue
            try:
                doc = oracle.load_json(res.stdout)
            except ValueError as e:
                crashed.append(shown)
                print(f"oracle: FAILED: `dlexam {shown}` printed invalid JSON: {e}")
                continue
            n = len(doc.get("problems", [])) if isinstance(doc, dict) else 0
            if n != count:
                print(f"oracle: FAILED: `dlexam {shown}` gave {n} problems, not {count}")
                crashed.append(shown)
            ck.check_document(doc, f"`dlexam {shown}`")
        if ck.problems[fid] == before:
            print(f"oracle: FAILED: nothing checked for family {fid}")
            crashed.append(fid)

    ok = ck.summary()
    for fid, secs in gen_seconds.items():
        print(f"oracle: {fid}: dlexam gen took {secs:.1f}s")
    if refused:
        print(f"oracle: {len(refused)} (variant, difficulty) runs refused by gen with exit 2 (see NOTE lines)")
    print(f"oracle: total {time.perf_counter() - t_all:.1f}s")
    return 0 if ok and not crashed else 1


if __name__ == "__main__":
    sys.exit(main())

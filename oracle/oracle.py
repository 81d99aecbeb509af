#!/usr/bin/env python3
"""Independent oracle for dlexam: recompute every answer of dlexam/1 JSON documents with JAX.

    python oracle/oracle.py [FILE.json ...]      # no FILE or "-": read stdin

Each problem's answers are recomputed from its `params` ALONE (never from its answers or steps), in
float64, by the family's module in oracle/families/ (which shares no code with the Rust solver), and
compared with each answer's `value` within max(tolerance.abs, tolerance.rel*|x|, 1e-9*max(1, |x|)).
Where an answer carries `exact` (fractions), `exact` must match the oracle within 1e-9 relative,
whatever the answer's tolerance.

Fails (exit 1) on: a family without an oracle, params the oracle cannot vouch for (unknown keys, or
invalid for PyTorch), an answer id the family does not define, a duplicate id, a mismatch, a problem
without answers, or no problem at all. Prints one summary line per family.
"""

import argparse
import json
import math
import sys
import time
import traceback
from collections import defaultdict
from decimal import Decimal
from fractions import Fraction
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from families import bce, conv, conv_cost, optimizer, receptive_field, resblock  # noqa: E402
from families.common import Invalid, Num, Skip, Text, jax, np  # noqa: E402

# The dispatch table: family id -> params -> {answer id: Num | Text | Skip}.
FAMILIES = {
    "conv-params": conv.conv_params,
    "conv-output": conv.conv_output,
    "bce-backprop": bce.bce_backprop,
    "optimizer": optimizer.optimizer,
    "resblock": resblock.resblock,
    "conv-cost": conv_cost.solve,
    "receptive-field": receptive_field.solve,
}
SCHEMA = "dlexam/1"
REL_FLOOR = 1e-9


def load_json(text: str):
    return json.loads(text, parse_float=Decimal)


def _plain(v):
    """Decimal/np -> float for printing and comparing; -0.0 normalised to 0.0."""
    if isinstance(v, dict):
        return {k: _plain(x) for k, x in v.items()}
    if isinstance(v, (list, tuple)):
        return [_plain(x) for x in v]
    if isinstance(v, np.ndarray):
        return _plain(v.tolist())
    if isinstance(v, (Decimal, np.floating)):
        v = float(v)
    if isinstance(v, float):
        v = v + 0.0
        return int(v) if v.is_integer() and abs(v) < 2**53 else v
    if isinstance(v, np.integer):
        return int(v)
    return v


def _show(v) -> str:
    return json.dumps(_plain(v), separators=(",", ":"), default=str)


def _numeric_tree(v, what: str):
    """A JSON value -> nested lists of floats, or raise ValueError naming what is not numeric."""
    if isinstance(v, list):
        return [_numeric_tree(x, what) for x in v]
    if isinstance(v, bool) or not isinstance(v, (int, Decimal, float)):
        raise ValueError(f"{what} is not numeric: {_show(v)}")
    return float(v)


def _exact_tree(v):
    if isinstance(v, list):
        return [_exact_tree(x) for x in v]
    if isinstance(v, bool):
        raise ValueError(f"not a fraction: {v!r}")
    if isinstance(v, (int, Decimal)):
        return Fraction(v)
    if isinstance(v, str):
        return Fraction(v.strip())
    raise ValueError(f"not a fraction: {v!r}")


def _array(tree) -> np.ndarray:
    a = np.asarray(tree, dtype=object)
    if a.dtype == object and any(isinstance(x, list) for x in a.ravel()):
        raise ValueError("ragged nested array")
    return a


def _has_negative_zero(v) -> bool:
    if isinstance(v, list):
        return any(_has_negative_zero(x) for x in v)
    if isinstance(v, Decimal):
        return v.is_zero() and v.is_signed()
    return isinstance(v, float) and v == 0 and math.copysign(1, v) < 0


def _within(got: np.ndarray, want: np.ndarray, tol_abs: float, tol_rel: float) -> np.ndarray:
    allowed = np.maximum(np.maximum(tol_abs, tol_rel * np.abs(want)),
                         REL_FLOOR * np.maximum(1.0, np.abs(want)))
    return np.abs(got - want) <= allowed  # NaN compares False: a NaN anywhere fails


class Checker:
    def __init__(self, max_print: int = 25, out=sys.stdout):
        self.max_print = max_print
        self.out = out
        self.failures = 0
        self.printed = 0
        self.problems = defaultdict(int)
        self.answers = defaultdict(int)
        self.not_numeric = defaultdict(int)
        self.neg_zero = defaultdict(int)
        self.seconds = defaultdict(float)
        self.families_failed = defaultdict(int)
        self.kinds = defaultdict(int)

    # ---------------------------------------------------------------- reporting
    def fail(self, problem: dict, where: str, message: str, answer_id=None, expected=None, got=None):
        family = problem.get("family", "?") if isinstance(problem, dict) else "?"
        self.failures += 1
        self.families_failed[family] += 1
        # Print at most 3 of each kind (family, answer, first words), max_print in all.
        kind = (family, answer_id, " ".join(message.split()[:4]))
        self.kinds[kind] += 1
        if self.printed >= self.max_print or self.kinds[kind] > 3:
            return
        self.printed += 1
        p = problem if isinstance(problem, dict) else {}
        lines = [f"MISMATCH {family} seed={p.get('seed')} variant={p.get('variant')} "
                 f"difficulty={p.get('difficulty')} at {where}"
                 + (f" answer={answer_id}" if answer_id is not None else ""),
                 f"  params:   {_show(p.get('params'))}",
                 f"  problem:  {message}"]
        if expected is not None or got is not None:
            lines.append(f"  expected (oracle): {_show(expected)}")
            lines.append(f"  got (dlexam):      {_show(got)}")
        print("\n".join(lines), file=self.out)

    # ---------------------------------------------------------------- checking
    def check_document(self, doc, source: str) -> None:
        if not isinstance(doc, dict) or doc.get("schema") != SCHEMA:
            self.fail({}, source, f"not a {SCHEMA} document (schema = "
                                  f"{doc.get('schema') if isinstance(doc, dict) else type(doc).__name__!r})")
            return
        lists = []
        if "problems" in doc:
            lists.append((f"{source}:problems", doc["problems"]))
        for i, st in enumerate(doc.get("students", []) or []):
            lists.append((f"{source}:students[{i}].problems", st.get("problems") if isinstance(st, dict) else None))
        if not lists:
            self.fail({}, source, "document holds neither problems nor students")
        for where, problems in lists:
            if not isinstance(problems, list):
                self.fail({}, where, "problems is not a list")
                continue
            for i, pr in enumerate(problems):
                self.check_problem(pr, f"{where}[{i}]")

    def check_problem(self, pr, where: str) -> None:
        if not isinstance(pr, dict):
            self.fail({}, where, "a problem must be an object")
            return
        family = pr.get("family")
        solver = FAMILIES.get(family)
        self.problems[family] += 1
        if solver is None:
            self.fail(pr, where, f"no oracle for family {family}")
            return
        t0 = time.perf_counter()
        try:
            expected = solver(pr.get("params"))
        except Invalid as e:
            self.fail(pr, where, f"params rejected by the oracle: {e}")
            return
        except conv.OracleBug as e:
            self.fail(pr, where, f"ORACLE BUG (not dlexam's): {e}")
            return
        except Exception as e:  # noqa: BLE001 - report anything, keep checking the rest
            tb = traceback.format_exc(limit=3).strip().splitlines()
            self.fail(pr, where, f"oracle crashed: {type(e).__name__}: {e} | {' / '.join(tb[-3:])}")
            return
        finally:
            self.seconds[family] += time.perf_counter() - t0

        answers = pr.get("answers")
        if not isinstance(answers, list) or not answers:
            self.fail(pr, where, "problem has no answers")
            return
        seen = set()
        for j, ans in enumerate(answers):
            aw = f"{where}.answers[{j}]"
            if not isinstance(ans, dict) or "id" not in ans or "value" not in ans:
                self.fail(pr, aw, "an answer needs id and value")
                continue
            aid = ans["id"]
            if aid in seen:
                self.fail(pr, aw, f"duplicate answer id {aid!r}", aid)
                continue
            seen.add(aid)
            if aid not in expected:
                self.fail(pr, aw, f"answer id {aid!r} is unknown to the oracle for family {family} "
                                  f"(known: {sorted(expected)})", aid)
                continue
            self.answers[family] += 1
            self.check_answer(pr, aw, ans, expected[aid])

    def check_answer(self, pr: dict, where: str, ans: dict, want) -> None:
        family, aid, value = pr["family"], ans["id"], ans["value"]
        if isinstance(want, Skip):
            self.not_numeric[family] += 1
            return
        if isinstance(want, Text):
            if want.normalise(_plain(value)) != want.normalise(want.truth):
                self.fail(pr, where, "wrong non-numeric answer", aid, want.truth, value)
            return
        assert isinstance(want, Num)
        if _has_negative_zero(value):
            self.neg_zero[family] += 1
        tol = ans.get("tolerance") or {}
        try:
            tol_abs = float(tol.get("abs", 0) or 0)
            tol_rel = float(tol.get("rel", 0) or 0)
        except (AttributeError, TypeError, ValueError):
            self.fail(pr, where, f"malformed tolerance {_show(tol)}", aid)
            return
        exp = want.array()
        try:
            got = np.asarray(_array(_numeric_tree(value, "value")), dtype=np.float64)
        except ValueError as e:
            self.fail(pr, where, str(e), aid, exp, value)
            return
        if got.shape != exp.shape:
            self.fail(pr, where, f"shape {list(got.shape)} but the oracle's is {list(exp.shape)}", aid, exp, value)
            return
        if not _within(got, exp, tol_abs, tol_rel).all():
            self.fail(pr, where, f"value differs (tolerance abs={tol_abs})", aid, exp, value)
            return
        if "exact" in ans:
            try:
                ex = _array(_exact_tree(ans["exact"]))
            except (ValueError, ZeroDivisionError) as e:
                self.fail(pr, where, f"exact is not fractions: {e}", aid, None, ans["exact"])
                return
            if ex.shape != exp.shape:
                self.fail(pr, where, f"exact has shape {list(ex.shape)}, value {list(exp.shape)}", aid, exp, ans["exact"])
                return
            exf = np.asarray(np.vectorize(float, otypes=[np.float64])(ex) if ex.size else ex, dtype=np.float64)
            if not _within(exf, exp, 0.0, 0.0).all():
                self.fail(pr, where, "exact differs from the oracle", aid, exp, ans["exact"])

    # ---------------------------------------------------------------- summary
    def summary(self) -> bool:
        for fam in sorted(self.problems, key=str):
            extra = []
            if self.not_numeric[fam]:
                extra.append(f"{self.not_numeric[fam]} not numeric (skipped)")
            if self.neg_zero[fam]:
                extra.append(f"WARNING {self.neg_zero[fam]} values hold a negative zero")
            if self.families_failed[fam]:
                extra.append(f"{self.families_failed[fam]} FAILURES")
            print(f"oracle: {fam}: checked {self.problems[fam]} problems, {self.answers[fam]} answers "
                  f"in {self.seconds[fam]:.1f}s" + (f"; {'; '.join(extra)}" if extra else ""), file=self.out)
        if self.failures > self.printed:
            print(f"oracle: ... {self.failures - self.printed} more failures not printed; by kind:", file=self.out)
            for (fam, aid, words), n in sorted(self.kinds.items(), key=lambda kv: -kv[1]):
                print(f"oracle:   {n:6d} x {fam} {aid or ''} {words} ...", file=self.out)
        total = sum(self.problems.values())
        if total == 0:
            print("oracle: FAILED: no problem checked", file=self.out)
            return False
        print(f"oracle: {conv.shape_stats()}", file=self.out)
        ok = self.failures == 0
        print(f"oracle: {'OK' if ok else 'FAILED'}: {total} problems, {sum(self.answers.values())} answers, "
              f"{self.failures} failures", file=self.out)
        return ok


def versions() -> str:
    import optax
    return f"jax {jax.__version__}, optax {optax.__version__}, float64={jax.config.jax_enable_x64}"


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("files", nargs="*", help="dlexam/1 JSON files; none or '-' reads stdin")
    ap.add_argument("--max-print", type=int, default=25, help="print at most this many failures in full")
    args = ap.parse_args(argv)
    print(f"oracle: {versions()}")
    ck = Checker(args.max_print)
    for f in args.files or ["-"]:
        try:
            text = sys.stdin.read() if f == "-" else Path(f).read_text(encoding="utf-8")
            doc = load_json(text)
        except (OSError, ValueError) as e:
            ck.fail({}, f, f"cannot read JSON: {e}")
            continue
        ck.check_document(doc, "<stdin>" if f == "-" else f)
    return 0 if ck.summary() else 1


if __name__ == "__main__":
    sys.exit(main())

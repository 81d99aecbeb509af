#!/usr/bin/env python3
"""Self-test of the oracle, without dlexam: hand-solved fixtures must pass, broken copies must fail.

    python oracle/selftest.py

fixtures/good.json holds hand-computed answers (the seed exam's instances among them: 181 parameters,
padding 1, dL/dW = [-1/2, -1, 0, -1/2], two Adam steps, the exam-sized ResBlock). Every numeric answer
is then nudged in turn and must be caught, and each kind of broken document must fail with its message.
"""

import copy
import io
import json
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import oracle  # noqa: E402

HERE = Path(__file__).resolve().parent
GOOD = oracle.load_json((HERE / "fixtures" / "good.json").read_text())


def run(doc) -> tuple[bool, str]:
    buf = io.StringIO()
    ck = oracle.Checker(max_print=1000, out=buf)
    ck.check_document(doc, "selftest")
    ok = ck.summary()
    return ok, buf.getvalue()


def one(problem) -> dict:
    d = copy.deepcopy(GOOD)
    d["problems"] = [problem]
    return d


def problem(seed: int) -> dict:
    return copy.deepcopy(next(p for p in GOOD["problems"] if p["seed"] == seed))


def nudge(v):
    if isinstance(v, list):
        return [nudge(v[0])] + v[1:]
    return v + 1 if isinstance(v, int) else float(v) + 0.001 * (1 + abs(float(v)))


def _pt_pool(size, k, p, s, d, ceil):
    """PyTorch's pooling_output_shape (aten/src/ATen/native/Pool.h), transcribed."""
    num = size + 2 * p - d * (k - 1) - 1 + (s - 1 if ceil else 0)
    out = num // s + 1
    if ceil and (out - 1) * s >= size + p:
        out -= 1
    return out


def shapes_match_pytorch_formulas(n: int = 2000) -> list[str]:
    """The oracle's JAX-derived shapes against PyTorch's documented closed forms, on random layers."""
    import random

    from families import conv
    from families.common import Invalid

    rng = random.Random(7)
    bad, checked = [], 0
    for _ in range(n):
        op = rng.choice(["conv2d", "max_pool2d", "avg_pool2d", "conv_transpose2d"])
        size, k, s, d = rng.randint(1, 40), rng.randint(1, 7), rng.randint(1, 4), rng.randint(1, 3)
        p = rng.randint(0, 4)
        layer = {"op": op, "kernel": k, "stride": s, "padding": p}
        if op in ("conv2d", "conv_transpose2d"):
            layer.update(out_channels=2, dilation=d)
            if op == "conv_transpose2d":
                layer["output_padding"] = rng.randint(0, max(s, d) - 1)
                want = (size - 1) * s - 2 * p + d * (k - 1) + layer["output_padding"] + 1
            else:
                want = (size + 2 * p - d * (k - 1) - 1) // s + 1
        else:
            if op == "max_pool2d":
                layer["dilation"] = d
            else:
                d = 1
            layer["ceil_mode"] = rng.random() < 0.5
            want = _pt_pool(size, k, p, s, d, layer["ceil_mode"])
            if p > k // 2:
                want = None  # PyTorch raises
        if want is not None and want < 1:
            want = None
        try:
            got = conv.layer_shape(layer, (1, 2, size, size), "layer")[2]
        except Invalid:
            got = None
        checked += 1
        if got != want:
            bad.append(f"{layer} on {size}: oracle {got}, PyTorch formula {want}")
    print(f"oracle selftest: {checked} random layers match PyTorch's shape formulas"
          + ("" if not bad else f" except {len(bad)}"))
    return bad[:10]


def main() -> int:
    failures = []
    ok, out = run(GOOD)
    if not ok:
        failures.append(f"good.json must pass:\n{out}")

    # Every numeric answer, nudged, must be caught (and reported with its id).
    nudged = 0
    for p in GOOD["problems"]:
        for i, a in enumerate(p["answers"]):
            if isinstance(a["value"], (str, dict)):
                continue
            q = copy.deepcopy(p)
            q["answers"][i]["value"] = nudge(a["value"])
            q["answers"][i].pop("exact", None)
            ok, out = run(one(q))
            nudged += 1
            if ok or f"answer={a['id']}" not in out:
                failures.append(f"nudged {p['family']} seed {p['seed']} {a['id']} not caught:\n{out}")

    cases = []

    def case(name, doc, needle):
        cases.append((name, doc, needle))

    p = problem(2); p["family"] = "softmax"
    case("family without oracle", one(p), "no oracle for family softmax")
    p = problem(2); p["answers"].append({"id": "flops", "value": 1})
    case("unknown answer id", one(p), "answer id 'flops' is unknown")
    p = problem(2); p["params"]["compare"] = [{"kernel": 5}]
    case("unknown params key", one(p), "params keys ['compare'] are unknown")
    p = problem(8); p["params"]["padding"] = 2
    case("pool padding over kernel//2", one(p), "pad should be at most half")
    p = problem(12); p["params"]["output_padding"] = 2
    case("output_padding not below stride or dilation", one(p), "must be smaller than either stride")
    p = problem(6); p["answers"][0]["value"] = [1, 96, 55]
    case("shape of an answer", one(p), "shape [3] but the oracle's is [4]")
    p = problem(15); p["answers"][4]["exact"] = ["-1/2", "-1", "0", "-1/3"]
    case("exact against the oracle", one(p), "exact differs from the oracle")
    p = problem(15); p["answers"][1]["exact"] = "1/2 + x"
    case("exact not a fraction", one(p), "exact is not fractions")
    p = problem(1); p["answers"][2]["value"] = "181"
    case("string for a number", one(p), "value is not numeric")
    p = problem(26); p["answers"][0]["value"] = {"A": "ReLU", "B": "Conv1", "C": "Conv2"}
    case("wrong assignment", one(p), "wrong non-numeric answer")
    p = problem(26); p["answers"][1]["value"] = "G2"
    case("wrong skip input", one(p), "wrong non-numeric answer")
    p = problem(1); p["answers"].append(copy.deepcopy(p["answers"][0]))
    case("duplicate id", one(p), "duplicate answer id 'weights'")
    p = problem(1); p["answers"] = []
    case("no answers", one(p), "problem has no answers")
    p = problem(5); p["params"]["kernel"] = 2
    case("find padding with an even kernel", one(p), "no symmetric padding keeps the size")
    p = problem(7); p["params"]["kernel"] = [3, 9]
    case("kernel larger than the padded input", one(p), "kernel (dilated) larger than the padded input")
    p = problem(16); p["answers"][0]["exact"] = "7/10"
    case("exact checked strictly despite a tolerance", one(p), "exact differs from the oracle")
    d = copy.deepcopy(GOOD); d["schema"] = "dlexam/2"
    case("schema", d, "not a dlexam/1 document")
    d = copy.deepcopy(GOOD); d["problems"] = []
    case("empty document", d, "no problem checked")

    for name, doc, needle in cases:
        ok, out = run(doc)
        if ok or needle not in out:
            failures.append(f"case '{name}' should fail with '{needle}':\n{out}")

    # A tolerance lets a rounded value pass.
    p = problem(16)
    ok, out = run(one(p))
    if not ok:
        failures.append(f"loss 0.693 with tolerance 0.001 should pass:\n{out}")

    failures += shapes_match_pytorch_formulas()

    for f in failures:
        print(f"SELFTEST FAILURE: {f}")
    print(f"oracle selftest: {len(GOOD['problems'])} hand-solved problems, {nudged} nudged answers, "
          f"{len(cases)} broken documents: {'OK' if not failures else f'{len(failures)} FAILED'}")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())

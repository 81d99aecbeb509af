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
from families._common import np  # noqa: E402

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

    from families import conv_output
    from families._common import Invalid

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
            got = conv_output.layer_shape(layer, (1, 2, size, size), "layer")[2]
        except Invalid:
            got = None
        checked += 1
        if got != want:
            bad.append(f"{layer} on {size}: oracle {got}, PyTorch formula {want}")
    print(f"oracle selftest: {checked} random layers match PyTorch's shape formulas"
          + ("" if not bad else f" except {len(bad)}"))
    return bad[:10]


def _torch_optim(alg, theta, grads, lr, b1, b2, eps, wd, mu, bias_correction):
    """torch.optim's documented update rules (the pseudo-code of each class's docs), in plain floats."""
    th = list(theta)
    m = [0.0] * len(th)
    v = [0.0] * len(th)
    out = {}
    for t, g in enumerate(grads, start=1):
        g = list(g)
        if alg != "adamw" and wd:
            g = [gi + wd * x for gi, x in zip(g, th)]
        if alg == "adamw":
            th = [x * (1 - lr * wd) for x in th]
        if alg in ("adam", "adamw"):
            m = [b1 * a + (1 - b1) * gi for a, gi in zip(m, g)]
            v = [b2 * a + (1 - b2) * gi * gi for a, gi in zip(v, g)]
            mh = [a / (1 - b1 ** t) for a in m] if bias_correction else m
            vh = [a / (1 - b2 ** t) for a in v] if bias_correction else v
            th = [x - lr * a / (bb ** 0.5 + eps) for x, a, bb in zip(th, mh, vh)]
            out.update({f"m_{t}": m, f"v_{t}": v, f"m_hat_{t}": mh, f"v_hat_{t}": vh})
        elif alg == "sgd":
            th = [x - lr * gi for x, gi in zip(th, g)]
        elif alg == "momentum":
            m = [mu * a + gi for a, gi in zip(m, g)] if t > 1 else g
            th = [x - lr * a for x, a in zip(th, m)]
            out[f"m_{t}"] = m
        else:  # rmsprop, alpha = b2
            v = [b2 * a + (1 - b2) * gi * gi for a, gi in zip(v, g)]
            th = [x - lr * gi / (a ** 0.5 + eps) for x, gi, a in zip(th, g, v)]
            out[f"v_{t}"] = v
        out[f"theta_{t}"] = th
    return out


def optimizers_match_torch_rules(n: int = 150) -> list[str]:
    """The optax-based oracle against torch.optim's documented rules, on random problems."""
    import random

    from families import optimizer

    rng = random.Random(11)
    bad = []
    for _ in range(n):
        alg = rng.choice(["adam", "adamw", "sgd", "momentum", "rmsprop"])
        dim, steps = rng.randint(1, 3), rng.randint(1, 4)
        theta = [rng.uniform(-2, 2) for _ in range(dim)]
        grads = [[rng.uniform(-3, 3) for _ in range(dim)] for _ in range(steps)]
        hp = dict(lr=rng.choice([0.1, 0.01, 0.5]), b1=rng.choice([0.9, 0.5]), b2=rng.choice([0.999, 0.75, 0.9]),
                  eps=rng.choice([1e-8, 0.0, 0.1]), wd=rng.choice([0.0, 0.0, 0.01, 0.5]), mu=rng.choice([0.9, 0.5]),
                  bias_correction=alg not in ("adam", "adamw") or rng.random() < 0.8)
        if alg == "rmsprop" and hp["eps"] == 0.0:
            hp["eps"] = 1e-8  # g/sqrt(v) with v = 0 is 0/0 at a zero gradient
        params = {"algorithm": alg, "theta": theta, "grads": grads, "lr": hp["lr"], "beta1": hp["b1"],
                  "beta2": hp["b2"], "eps": hp["eps"], "weight_decay": hp["wd"], "momentum": hp["mu"],
                  "bias_correction": hp["bias_correction"]}
        if alg in ("adam", "adamw") and hp["eps"] == 0.0 and any(g == 0 for gs in grads for g in gs):
            continue
        got = optimizer.solve(params)
        want = _torch_optim(alg, theta, grads, **hp)
        for key, val in want.items():
            if key not in got or not np.allclose(got[key].array(), val, rtol=1e-12, atol=1e-12):
                bad.append(f"{alg} {params} {key}: oracle {got.get(key)}, torch rule {val}")
                break
    print(f"oracle selftest: {n} random optimizer runs match torch.optim's rules"
          + ("" if not bad else f" except {len(bad)}"))
    return bad[:10]


def bce_matches_closed_form(n: int = 150) -> list[str]:
    """jax.grad of the BCE oracle against the textbook closed forms (y_hat - y)/n and X^T dL/dz."""
    import math
    import random

    from families import bce_backprop

    rng = random.Random(13)
    bad = []
    for _ in range(n):
        d, rows = rng.randint(1, 4), rng.randint(1, 4)
        batch = rng.random() < 0.5
        xs = [[rng.randint(-3, 3) for _ in range(d)] for _ in range(rows if batch else 1)]
        w = [rng.randint(-2, 2) for _ in range(d)]
        b = rng.randint(-1, 1)
        ys = [rng.randint(0, 1) for _ in xs]
        red = rng.choice(["mean", "sum"])
        params = {"x": xs if batch else xs[0], "w": w, "b": b, "y": ys if batch else ys[0], "reduction": red}
        got = bce_backprop.solve(params)
        scale = 1 / len(xs) if red == "mean" else 1.0
        z = [sum(a * c for a, c in zip(row, w)) + b for row in xs]
        yh = [1 / (1 + math.exp(-zi)) for zi in z]
        dz = [(h - y) * scale for h, y in zip(yh, ys)]
        want = {"z": z, "y_hat": yh, "dL_dz": dz,
                "dL_dyhat": [(h - y) / (h * (1 - h)) * scale for h, y in zip(yh, ys)],
                "dL_dW": [sum(dz[r] * xs[r][j] for r in range(len(xs))) for j in range(d)],
                "dL_db": sum(dz),
                "loss": sum(-(y * math.log(h) + (1 - y) * math.log(1 - h)) for h, y in zip(yh, ys)) * scale}
        for key, val in want.items():
            if not batch and key in ("z", "y_hat", "dL_dz", "dL_dyhat"):
                val = val[0]
            if not np.allclose(got[key].array(), val, rtol=1e-12, atol=1e-12):
                bad.append(f"{params} {key}: oracle {got[key].array()}, closed form {val}")
                break
    print(f"oracle selftest: {n} random BCE problems match the closed forms" + ("" if not bad else f" except {len(bad)}"))
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
    failures += optimizers_match_torch_rules()
    failures += bce_matches_closed_form()

    for f in failures:
        print(f"SELFTEST FAILURE: {f}")
    print(f"oracle selftest: {len(GOOD['problems'])} hand-solved problems, {nudged} nudged answers, "
          f"{len(cases)} broken documents: {'OK' if not failures else f'{len(failures)} FAILED'}")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())

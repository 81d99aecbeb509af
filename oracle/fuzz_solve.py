#!/usr/bin/env python3
"""Differential fuzzing of `dlexam solve` against the oracle, on params that sampling would never draw.

    python oracle/fuzz_solve.py [--bin PATH] [--count N] [--seed S] [--families conv-output,conv-params]

`gen` only draws valid, tidy variants; `solve` accepts anything a user types. For random params (odd
sizes, rectangular kernels, big paddings, ceil_mode corner cases, output_padding at its limit, groups)
both must agree: where the oracle (PyTorch's rules) rejects the params, dlexam must exit 2 with one
line; where the oracle computes answers, dlexam must exit 0 with the same answers. Exit 1 otherwise.
"""

import argparse
import json
import os
import random
import subprocess
import sys
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import oracle  # noqa: E402
from families._common import Invalid  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent


def maybe_pair(rng, lo, hi):
    a = rng.randint(lo, hi)
    return [a, rng.randint(lo, hi)] if rng.random() < 0.25 else a


def layer(rng, first: bool):
    op = rng.choice(["conv2d", "conv2d", "max_pool2d", "avg_pool2d", "conv_transpose2d"])
    l = {"op": op, "kernel": maybe_pair(rng, 1, 6)}
    if op in ("conv2d", "conv_transpose2d"):
        l["out_channels"] = rng.randint(1, 8)  # (no groups: not in conv-output's contract)
    if rng.random() < 0.8 or op in ("conv2d", "conv_transpose2d"):
        l["stride"] = maybe_pair(rng, 1, 4)
    if rng.random() < 0.8:
        l["padding"] = maybe_pair(rng, 0, 4)
    if op != "avg_pool2d" and rng.random() < 0.5:
        l["dilation"] = maybe_pair(rng, 1, 3)
    if op == "conv_transpose2d" and rng.random() < 0.7:
        l["output_padding"] = maybe_pair(rng, 0, 3)
    if op in ("max_pool2d", "avg_pool2d") and rng.random() < 0.6:
        l["ceil_mode"] = rng.random() < 0.7
    return l


def conv_output_params(rng):
    inp = [rng.randint(1, 4), rng.choice([1, 2, 3, 4, 8]), rng.randint(1, 24), rng.randint(1, 24)]
    r = rng.random()
    if r < 0.15:
        return {"input": inp, "layers": [layer(rng, i == 0) for i in range(rng.randint(2, 4))]}
    if r < 0.3:
        p = {"op": "conv2d", "input": inp, "out_channels": rng.randint(1, 8), "kernel": maybe_pair(rng, 1, 7),
             "stride": 1, "find": "padding"}
        if rng.random() < 0.4:
            p["dilation"] = maybe_pair(rng, 1, 3)
        return p
    return {"input": inp, **layer(rng, True)}


def conv_params_params(rng):
    p = {"out_channels": rng.randint(1, 64), "kernel": maybe_pair(rng, 1, 7)}
    c = rng.randint(1, 64)
    if rng.random() < 0.5:
        p["input"] = [rng.randint(1, 64), c, rng.randint(1, 64), rng.randint(1, 64)]
    else:
        p["in_channels"] = c
    if rng.random() < 0.3:
        p["groups"] = rng.choice([1, 2, 3, 4, 8, c])
    if rng.random() < 0.3:
        p["bias"] = rng.random() < 0.5
    if rng.random() < 0.15:
        p["compare_stack"] = {"kernel": 3, "depth": rng.randint(2, 4)}  # dlexam: a stack has >= 2
    return p


def batch_norm_params(rng):
    """Random BatchNorm1d/2d params, some of them invalid (a constant channel with eps = 0, momentum
    outside [0, 1], a negative running variance, one value per channel in training, a wrong upstream)."""
    shape = [rng.randint(1, 4), rng.randint(1, 3)]
    if rng.random() < 0.4:
        shape += [rng.randint(1, 2), rng.randint(1, 3)]
    c = shape[1]

    def tensor(shape, value):
        if not shape:
            return value()
        return [tensor(shape[1:], value) for _ in range(shape[0])]

    num = lambda: rng.choice([rng.randint(-5, 5), rng.randint(-50, 50) / 10])  # noqa: E731
    x = tensor(shape, num) if rng.random() < 0.9 else tensor(shape, lambda: 2)
    p = {"x": x}
    for key, lo, hi in (("gamma", -2, 2), ("beta", -2, 2), ("running_mean", -2, 2), ("running_var", 0, 4)):
        if rng.random() < 0.7:
            p[key] = [rng.randint(lo * 10, hi * 10) / 10 for _ in range(c)]
    if rng.random() < 0.05:
        p["running_var"] = [-1] * c
    if rng.random() < 0.8:
        p["eps"] = rng.choice([0, 0, 1e-5, 0.001, 0.1])
    if rng.random() < 0.6:
        p["momentum"] = rng.choice([0.1, 0.5, 1, 0, 0.01, 1.5, -0.1] if rng.random() < 0.2 else [0.1, 0.2, 0.5])
    if rng.random() < 0.3:
        p["mode"] = "eval"
    if rng.random() < 0.4:
        up = list(shape) if rng.random() < 0.9 else [shape[0] + 1] + shape[1:]
        p["upstream"] = tensor(up, num)
    return p


def network_layer(rng, depth: int):
    op = rng.choice(["conv2d", "conv2d", "conv_transpose2d", "max_pool2d", "avg_pool2d", "adaptive_avg_pool2d",
                     "batch_norm2d", "batch_norm1d", "relu", "sigmoid", "tanh", "dropout", "flatten", "linear",
                     "linear", "residual"])
    if op in ("conv2d", "conv_transpose2d", "max_pool2d", "avg_pool2d"):
        l = layer(rng, False)
        l["op"] = op
        if op in ("conv2d", "conv_transpose2d"):
            l["out_channels"] = rng.choice([1, 2, 3, 4, 6, 8])
            if rng.random() < 0.3:
                l["groups"] = rng.choice([1, 2, 3, 4])
            if rng.random() < 0.3:
                l["bias"] = rng.random() < 0.5
        return l
    if op == "adaptive_avg_pool2d":
        return {"op": op, "output_size": maybe_pair(rng, 1, 7)}
    if op.startswith("batch_norm"):
        l = {"op": op}
        if rng.random() < 0.3:
            l["affine"] = rng.random() < 0.5
        if rng.random() < 0.3:
            l["track_running_stats"] = rng.random() < 0.5
        return l
    if op == "dropout":
        return {"op": op, "p": rng.choice([0, 0.1, 0.5, 1, 1.5])} if rng.random() < 0.5 else {"op": op}
    if op == "linear":
        l = {"op": op, "out_features": rng.randint(1, 12)}
        if rng.random() < 0.3:
            l["bias"] = rng.random() < 0.5
        return l
    if op == "residual" and depth < 2:
        l = {"op": op, "body": [network_layer(rng, depth + 1) for _ in range(rng.randint(1, 3))]}
        if rng.random() < 0.5:
            l["shortcut"] = [network_layer(rng, depth + 1) for _ in range(rng.randint(0, 2))]
        return l
    return {"op": rng.choice(["relu", "sigmoid", "tanh", "flatten"])}


def network_params(rng):
    if rng.random() < 0.05:
        p = {"architecture": rng.choice(["lenet5", "alexnet", "vgg11", "vgg16", "resnet18"])}
        if rng.random() < 0.6:
            p["input"] = [rng.randint(1, 3), rng.choice([1, 3]), rng.choice([16, 32, 64, 100, 224]),
                          rng.choice([32, 64, 224])]
        return p
    if rng.random() < 0.3:
        inp = [rng.randint(1, 4), rng.randint(1, 40)]
    else:
        inp = [rng.randint(1, 4), rng.choice([1, 2, 3, 4, 6, 8]), rng.randint(1, 24), rng.randint(1, 24)]
    return {"input": inp, "layers": [network_layer(rng, 0) for _ in range(rng.randint(1, 5))]}


def dropout_params(rng):
    shape = rng.choice([[rng.randint(1, 6)], [rng.randint(1, 3), rng.randint(1, 4)], [1, 2, 2]])

    def tensor(entry):
        if len(shape) == 1:
            return [entry() for _ in range(shape[0])]
        if len(shape) == 2:
            return [[entry() for _ in range(shape[1])] for _ in range(shape[0])]
        return [[[entry() for _ in range(shape[2])] for _ in range(shape[1])] for _ in range(shape[0])]

    num = lambda: rng.choice([rng.randint(-9, 9), round(rng.uniform(-3, 3), 2), f"{rng.randint(-9, 9)}/{rng.randint(1, 9)}"])
    p = {"x": tensor(num), "p": rng.choice([0, 0.1, 0.25, 0.5, "1/3", 0.9, 1, -0.5, 1.5])}
    mode = rng.choice(["train", "train", "eval", None])
    if mode:
        p["mode"] = mode
    if rng.random() < 0.3:
        p["scaling"] = rng.choice(["inverted", "test-time"])
    if mode != "eval" or rng.random() < 0.1:
        p["mask"] = tensor(lambda: rng.choice([0, 1, 1, 1, 2] if rng.random() < 0.05 else [0, 1]))
        if rng.random() < 0.05:
            p["mask"] = p["mask"] + p["mask"]
    if rng.random() < 0.5:
        p["upstream"] = tensor(num)
    return p


def softmax_ce_params(rng):
    k = rng.choice([1, 2, 3, 5, 17] if rng.random() < 0.1 else [2, 3, 4, 6])
    logit = lambda: rng.choice([rng.randint(-5, 5), round(rng.uniform(-4, 4), 2), f"ln {rng.randint(1, 20)}",
                                f"ln({rng.randint(1, 9)}/{rng.randint(1, 9)})", "ln 0" if rng.random() < 0.05 else 0])
    n = rng.choice([0, 0, 2, 3])
    if n:
        p = {"logits": [[logit() for _ in range(k)] for _ in range(n)],
             "target": [rng.randint(0, k) for _ in range(n)]}
    else:
        p = {"logits": [logit() for _ in range(k)], "target": rng.randint(0, k)}
    if rng.random() < 0.3:
        p["temperature"] = rng.choice([0.5, 2, "1/3", 0, 3])
    if rng.random() < 0.3:
        p["activation"] = rng.choice(["softmax", "sigmoid"])
    if n and rng.random() < 0.4:
        p["reduction"] = rng.choice(["mean", "sum"])
    return p


def regularization_params(rng):
    shape = rng.choice([[rng.randint(1, 5)], [rng.randint(1, 3), rng.randint(1, 3)]])
    weight = lambda: rng.choice([rng.randint(-4, 4), round(rng.uniform(-3, 3), 2), f"ln {rng.randint(1, 9)}",
                                 f"ln({rng.randint(1, 5)}/{rng.randint(1, 9)})"])
    tensor = lambda entry: ([entry() for _ in range(shape[0])] if len(shape) == 1
                            else [[entry() for _ in range(shape[1])] for _ in range(shape[0])])
    p = {"w": tensor(weight), "regularizer": rng.choice(["l2", "l1", "exp-neg", "cosh"]),
         "lambda": rng.choice([0, 0.1, 0.5, 1, "1/3", -1 if rng.random() < 0.05 else 2])}
    if rng.random() < 0.7:
        p["lr"] = rng.choice([0.1, 0.5, "1/4", 0 if rng.random() < 0.05 else 1])
    if rng.random() < 0.6:
        p["data_grad"] = tensor(lambda: rng.choice([rng.randint(-3, 3), round(rng.uniform(-2, 2), 1)]))
    return p


def attention_params(rng):
    nq, nk, d, dv = rng.randint(1, 4), rng.randint(1, 4), rng.randint(1, 4), rng.randint(1, 3)
    entry = lambda: rng.choice([rng.randint(-2, 2), round(rng.uniform(-2, 2), 1)])
    mat = lambda r, c: [[entry() for _ in range(c)] for _ in range(r)]
    p = {"q": mat(nq, d), "k": mat(nk, d if rng.random() > 0.05 else d + 1), "v": mat(nk if rng.random() > 0.05 else nk + 1, dv)}
    r = rng.random()
    if r < 0.25:
        p["mask"] = "causal"
    elif r < 0.5:
        p["mask"] = [[rng.choice([0, 1, 1]) for _ in range(nk)] for _ in range(nq)]
    if rng.random() < 0.6:
        p["scale"] = rng.choice(["ln 2", "ln 3", "ln(1/2)", 0.5, 1, "1/3"])
    return p


GENERATORS = {"conv-output": conv_output_params, "conv-params": conv_params_params,
              "network": network_params, "batch-norm": batch_norm_params, "dropout": dropout_params,
              "softmax-ce": softmax_ce_params, "regularization": regularization_params, "attention": attention_params}


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--bin", default=os.environ.get("DLEXAM_BIN", str(ROOT / "target" / "release" / "dlexam")))
    ap.add_argument("--count", type=int, default=int(os.environ.get("DLEXAM_FUZZ_COUNT", "1000")),
                    help="random params per family (default $DLEXAM_FUZZ_COUNT, else 1000)")
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--families", default=os.environ.get("DLEXAM_VERIFY_FAMILIES", ""),
                    help="comma-separated (default: $DLEXAM_VERIFY_FAMILIES, else every family with a generator here)")
    ap.add_argument("--max-print", type=int, default=30)
    args = ap.parse_args(argv)
    rng = random.Random(args.seed)
    ck = oracle.Checker(args.max_print)
    outcomes = Counter()
    disagreements = 0
    families = [f for f in args.families.split(",") if f] or list(GENERATORS)
    print(f"fuzz: {args.count} random params per family for {families}, seed {args.seed}; binary {args.bin}")
    for fam in families:
        gen_params = GENERATORS.get(fam)
        if gen_params is None:
            print(f"fuzz: NOTE: no random params generator for {fam} yet")
            continue
        for _ in range(args.count):
            params = gen_params(rng)
            try:
                oracle.FAMILIES[fam](json.loads(json.dumps(params)))
                valid, why = True, ""
            except Invalid as e:
                valid, why = False, str(e)
            res = subprocess.run([args.bin, "solve", fam, "--params", json.dumps(params), "--format", "json"],
                                 capture_output=True, text=True, stdin=subprocess.DEVNULL, timeout=60)
            code = res.returncode
            outcomes[(fam, valid, code)] += 1
            shown = f"dlexam solve {fam} --params '{json.dumps(params, separators=(',', ':'))}'"
            if code not in (0, 2) or "panicked" in res.stderr:
                disagreements += 1
                print(f"CRASH exit {code}: {shown}\n  {res.stderr.strip()[:500]}")
            elif valid and code == 2:
                disagreements += 1
                if disagreements <= args.max_print:
                    print(f"REFUSED valid params (oracle computes them): {shown}\n  dlexam: {res.stderr.strip()}")
            elif not valid and code == 0:
                disagreements += 1
                if disagreements <= args.max_print:
                    print(f"ACCEPTED params the oracle rejects: {shown}\n  oracle: {why}")
            elif code == 2 and len(res.stderr.strip().splitlines()) != 1:
                disagreements += 1
                print(f"NOT ONE LINE on exit 2: {shown}\n  {res.stderr!r}")
            elif valid:
                ck.check_document(oracle.load_json(res.stdout), shown)
    for (fam, valid, code), n in sorted(outcomes.items()):
        print(f"fuzz: {fam}: oracle {'valid' if valid else 'invalid'}, dlexam exit {code}: {n}")
    ok = ck.summary() if sum(ck.problems.values()) else ck.failures == 0
    print(f"fuzz: {disagreements} validity disagreements; {ck.failures} answer failures")
    return 0 if ok and disagreements == 0 else 1


if __name__ == "__main__":
    sys.exit(main())

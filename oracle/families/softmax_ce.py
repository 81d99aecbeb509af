"""Oracle for `softmax-ce`: PyTorch's `F.cross_entropy` (log-softmax and negative log-likelihood)
written in jax.numpy, the gradient by `jax.grad`; the sigmoid variant is seed 5.3's categorical
cross-entropy -sum y_i log(sigmoid(z_i)) with a one-hot y. A logit "ln a" is log(a) in float64.
"""

import math
import re
from functools import partial

from ._common import Invalid, Num, check_keys, frac, jax, jnp, np

KEYS = {"logits", "target", "temperature", "reduction", "activation"}
LN = re.compile(r"^\s*ln\s*(?:\((.*)\)|(.*))$")


def _logit(v, where):
    if isinstance(v, str):
        m = LN.match(v)
        if m:
            a = frac((m.group(1) or m.group(2)).strip(), where)
            if a <= 0:
                raise Invalid(f"{where}: log of a non-positive number")
            return math.log(a.numerator) - math.log(a.denominator)
    return float(frac(v, where))


def solve(p: dict) -> dict:
    check_keys(p, KEYS, "softmax-ce")
    raw = p.get("logits")
    if not isinstance(raw, list) or not raw:
        raise Invalid("logits must be a non-empty list")
    batch = isinstance(raw[0], list)
    rows = raw if batch else [raw]
    if not all(isinstance(r, list) and len(r) == len(rows[0]) for r in rows) or not 2 <= len(rows[0]) <= 16:
        raise Invalid("logits: rows of 2 to 16 classes")
    z = np.asarray([[_logit(v, "logits") for v in r] for r in rows])
    target = p.get("target")
    targets = target if batch else [target]
    if not isinstance(targets, list) or len(targets) != len(rows):
        raise Invalid("target: one class per example")
    ys = []
    for t in targets:
        t = frac(t, "target")
        if t.denominator != 1 or not 0 <= t < z.shape[1]:
            raise Invalid("target: a class index")
        ys.append(int(t))
    temperature = float(frac(p.get("temperature", 1), "temperature"))
    if not 0.01 <= temperature <= 100:
        raise Invalid("temperature out of range")
    reduction = p.get("reduction", "mean")
    activation = p.get("activation", "softmax")
    if reduction not in ("mean", "sum") or activation not in ("softmax", "sigmoid"):
        raise Invalid("reduction / activation unknown")
    if activation == "sigmoid" and temperature != 1:
        raise Invalid("no temperature with the sigmoid")
    y = jnp.asarray(ys)
    probs, loss, grad = _all(jnp.asarray(z), y, temperature, reduction, activation)
    shape = (lambda a: a) if batch else (lambda a: a[0])
    answers = {"probs": Num(shape(np.asarray(probs))), "loss": Num(float(loss)),
               "dL_dlogits": Num(shape(np.asarray(grad)))}
    if activation == "softmax" and not batch and temperature == 1:
        answers["probs_doubled"] = Num(np.asarray(jax.nn.softmax(2.0 * jnp.asarray(z[0]))))
    return answers


@partial(jax.jit, static_argnames=("reduction", "activation"))
def _all(z, y, temperature, reduction, activation):
    def loss_fn(z):
        if activation == "softmax":
            logp = jax.nn.log_softmax(z / temperature, axis=-1)
        else:
            logp = jnp.log(jax.nn.sigmoid(z))
        per = -jnp.take_along_axis(logp, y[:, None], axis=-1)[:, 0]
        return jnp.mean(per) if reduction == "mean" else jnp.sum(per)

    probs = jax.nn.softmax(z / temperature, axis=-1) if activation == "softmax" else jax.nn.sigmoid(z)
    loss, grad = jax.value_and_grad(loss_fn)(z)
    return probs, loss, grad

"""Oracle for `regularization`: the regularizer written in jax.numpy, its gradient by `jax.grad`,
and one plain gradient-descent step w - lr (dL/dw + dR/dw). A weight "ln a" is log(a) in float64.
|w| is written w * sign(w), whose gradient is sign(w), 0 at 0, as `torch.abs`'s (JAX's `jnp.abs`
takes 1 there).
"""

from ._common import Invalid, Num, check_keys, frac, jax, jnp, np, tensor
from .softmax_ce import _logit

KEYS = {"w", "regularizer", "lambda", "data_grad", "lr"}
PENALTY = {
    "l2": lambda w: w ** 2,
    "l1": lambda w: w * jnp.sign(w),  # |w| with torch.abs's gradient sign(w), 0 at 0
    "exp-neg": lambda w: jnp.exp(-w),
    "cosh": lambda w: jnp.cosh(w) - 1.0,
}


def solve(p: dict) -> dict:
    check_keys(p, KEYS, "regularization")
    raw = p.get("w")
    if not isinstance(raw, list) or not raw:
        raise Invalid("w must be a non-empty list")
    matrix = isinstance(raw[0], list)
    rows = raw if matrix else [raw]
    if not all(isinstance(r, list) and r and len(r) == len(rows[0]) for r in rows):
        raise Invalid("w: rows of equal length")
    w = np.asarray([[_logit(v, "w") for v in r] for r in rows])
    if not matrix:
        w = w[0]
    kind = p.get("regularizer")
    if kind not in PENALTY:
        raise Invalid(f"unknown regularizer {kind!r}")
    lam = frac(p.get("lambda"), "lambda")
    if lam < 0:
        raise Invalid("lambda below 0")
    lam = float(lam)
    reg = lambda v: lam * jnp.sum(PENALTY[kind](v))
    loss, grad = jax.value_and_grad(reg)(jnp.asarray(w))
    answers = {"reg_loss": Num(float(loss)), "dR_dw": Num(np.asarray(grad))}
    if "lr" in p:
        lr = frac(p["lr"], "lr")
        if lr <= 0:
            raise Invalid("lr must be positive")
        g = tensor(p["data_grad"], "data_grad") if "data_grad" in p else np.zeros_like(w)
        if g.shape != w.shape:
            raise Invalid("data_grad shaped like w")
        answers["w_next"] = Num(w - float(lr) * (g + np.asarray(grad)))
    elif "data_grad" in p:
        raise Invalid("data_grad without lr")
    return answers

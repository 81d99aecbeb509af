"""Oracle for `batch-norm`: BatchNorm1d ([N, C]) and BatchNorm2d ([N, C, H, W]) written out in jax.numpy.

torch's batch norm is not used (eps = 0 in training, the exam's setting, is not what its kernels are
meant for); the formulas are PyTorch's, per channel over the axes other than C:
  train: mean = x.mean(axes), var = x.var(axes) (biased, ddof 0), x_hat = (x - mean) / sqrt(var + eps),
         y = gamma x_hat + beta; running_mean <- (1 - momentum) running_mean + momentum mean,
         running_var <- (1 - momentum) running_var + momentum var n / (n - 1) (unbiased, n values per channel);
  eval:  mean, var = running_mean, running_var, which stay as they are (no running answers).
With `upstream`, dL_dx, dL_dgamma, dL_dbeta are `jax.vjp` of (x, gamma, beta) -> y, the batch statistics
computed from x inside the function in training (so their dependence on x is differentiated). Defaults
are PyTorch's: gamma ones, beta zeros, running mean zeros, running variance ones, eps 1e-5, momentum 0.1.
Values are float64 with -0.0 normalised to 0.0.
"""

from functools import partial

from ._common import Invalid, Num, Text, check_keys, frac, jax, jnp, np, tensor

KEYS = {"x", "gamma", "beta", "eps", "momentum", "running_mean", "running_var", "mode", "upstream"}
NAMES = {"gamma", "beta", "running_mean", "running_var"}


def _channel_vector(p: dict, key: str, c: int, default: float) -> np.ndarray:
    if key not in p:
        return np.full(c, default, dtype=np.float64)
    v = tensor(p[key], key)
    if v.shape != (c,):
        raise Invalid(f"{key} must have one entry per channel ({c}), got shape {v.shape}")
    return v


def _names(v):
    if not isinstance(v, str):
        return v
    return sorted(s.strip() for s in v.split(","))


def _clean(a) -> Num:
    return Num(np.asarray(a, dtype=np.float64) + 0.0)


def solve(p: dict) -> dict:
    check_keys(p, KEYS, "batch-norm")
    x = tensor(p.get("x"), "x")
    if x.ndim not in (2, 4):
        raise Invalid(f"x must be [N, C] or [N, C, H, W], got shape {x.shape}")
    c = x.shape[1]
    n = x.size // c
    gamma = _channel_vector(p, "gamma", c, 1.0)
    beta = _channel_vector(p, "beta", c, 0.0)
    rm = _channel_vector(p, "running_mean", c, 0.0)
    rv = _channel_vector(p, "running_var", c, 1.0)
    eps = float(frac(p.get("eps", "1/100000"), "eps"))
    momentum = float(frac(p.get("momentum", "1/10"), "momentum"))
    mode = p.get("mode", "train")
    if mode not in ("train", "eval"):
        raise Invalid(f"mode must be train or eval, got {mode!r}")
    train = mode == "train"
    if eps < 0:
        raise Invalid("eps must not be negative")
    if not 0 <= momentum <= 1:
        raise Invalid("momentum must be in [0, 1]")
    if (rv < 0).any():
        raise Invalid("running_var must not be negative")
    if train and n < 2:
        raise Invalid("training needs more than one value per channel")
    moved = np.moveaxis(x, 1, 0).reshape(c, -1)
    if train and eps == 0 and any((row == row[0]).all() for row in moved):
        raise Invalid("a constant channel with eps = 0 divides by zero")
    if not train and eps == 0 and (rv == 0).any():
        raise Invalid("a zero running variance with eps = 0 divides by zero")

    has_up = "upstream" in p
    g = tensor(p["upstream"], "upstream") if has_up else np.zeros_like(x)
    if g.shape != x.shape:
        raise Invalid(f"upstream must have the shape of x {x.shape}, got {g.shape}")
    y, mean, var, x_hat, dx, dgamma, dbeta = (
        np.asarray(a) for a in _core(x, gamma, beta, rm, rv, eps, g, train=train)
    )
    out = {
        "variables": Text("gamma, beta, running_mean, running_var", _names),
        "param_shape": Num([c]),
        "x_hat": _clean(x_hat),
        "y": _clean(y),
    }
    if train:
        out["mean"] = _clean(mean)
        out["var"] = _clean(var)
        out["running_mean"] = _clean((1 - momentum) * rm + momentum * mean)
        out["running_var"] = _clean((1 - momentum) * rv + momentum * var * n / (n - 1))
    if has_up:
        out["dL_dx"] = _clean(dx)
        out["dL_dgamma"] = _clean(dgamma)
        out["dL_dbeta"] = _clean(dbeta)
    return out


@partial(jax.jit, static_argnames=("train",))
def _core(x, gamma, beta, rm, rv, eps, upstream, train):
    """y, the statistics that normalise, x_hat, and the vjp of upstream through (x, gamma, beta) -> y.
    Jitted: each shape and mode is traced once."""
    axes = (0,) if x.ndim == 2 else (0, 2, 3)
    bshape = (1, x.shape[1]) + (1,) * (x.ndim - 2)

    def forward(x, g, b):
        if train:
            mean = jnp.mean(x, axis=axes)
            var = jnp.var(x, axis=axes)
        else:
            mean, var = rm, rv
        x_hat = (x - mean.reshape(bshape)) / jnp.sqrt(var.reshape(bshape) + eps)
        return g.reshape(bshape) * x_hat + b.reshape(bshape), (mean, var, x_hat)

    y, vjp, (mean, var, x_hat) = jax.vjp(forward, x, gamma, beta, has_aux=True)
    dx, dgamma, dbeta = vjp(upstream)
    return y, mean, var, x_hat, dx, dgamma, dbeta

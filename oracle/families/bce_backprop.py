"""Oracle for `bce-backprop`: Linear -> Sigmoid -> BCELoss, every gradient by `jax.grad`.

The loss is PyTorch's BCELoss: -(y log y_hat + (1 - y) log(1 - y_hat)), each log clamped at -100,
averaged over the batch (`reduction="mean"`, the default) or summed. Gradients are those of the loss
itself, so with the mean they carry the 1/n factor, as PyTorch's `.grad` does.
"""

from functools import partial

from ._common import Invalid, Num, Skip, check_keys, jax, jnp, real, tensor

KEYS = {"x", "w", "b", "y", "reduction"}


def _bce(y_hat, y, reduction):
    log_p = jnp.maximum(jnp.log(y_hat), -100.0)
    log_q = jnp.maximum(jnp.log1p(-y_hat), -100.0)
    per = -(y * log_p + (1.0 - y) * log_q)
    return jnp.mean(per) if reduction == "mean" else jnp.sum(per)


def solve(p: dict) -> dict:
    check_keys(p, KEYS, "bce-backprop")
    x = tensor(p.get("x"), "x")
    w = tensor(p.get("w"), "w")
    b = real(p.get("b", 0), "b")
    reduction = p.get("reduction", "mean")
    if reduction not in ("mean", "sum"):
        raise Invalid(f"reduction: expected mean or sum, got {reduction!r}")
    if w.ndim != 1:
        raise Invalid(f"w must be a vector [d], got shape {w.shape}")
    batched = x.ndim == 2
    if x.ndim not in (1, 2) or x.shape[-1] != w.shape[0]:
        raise Invalid(f"x must be [d] or [[d], ...] with d = len(w) = {w.shape[0]}, got shape {x.shape}")
    y = tensor(p.get("y"), "y")
    if batched and y.shape != (x.shape[0],):
        raise Invalid(f"y must be a list of {x.shape[0]} labels for a batch, got {p.get('y')!r}")
    if not batched and y.ndim != 0:
        raise Invalid(f"y must be one label for a single x, got {p.get('y')!r}")

    answers = {k: Num(v) for k, v in _all(jnp.asarray(x), jnp.asarray(w), jnp.asarray(b), jnp.asarray(y),
                                          reduction).items()}
    answers["cache"] = Skip("text: the values to cache")
    answers["dL_dW_sign"] = Skip("text: the sign argument")
    return answers


@partial(jax.jit, static_argnames="reduction")
def _all(x, w, b, y, reduction):
    """Forward values and gradients; jitted, so each shape is traced and compiled once."""

    def forward(w_, b_):
        return _bce(jax.nn.sigmoid(x @ w_ + b_), y, reduction)

    z = x @ w + b
    y_hat = jax.nn.sigmoid(z)
    d_w, d_b = jax.grad(forward, argnums=(0, 1))(w, b)
    return {
        "z": z, "y_hat": y_hat, "loss": forward(w, b),
        "dL_dyhat": jax.grad(lambda yh: _bce(yh, y, reduction))(y_hat),
        "dL_dz": jax.grad(lambda z_: _bce(jax.nn.sigmoid(z_), y, reduction))(z),
        "dL_dW": d_w, "dL_db": d_b,
    }

"""Oracle for `dropout`: the layer written out in jax.numpy with the given mask, gradients by `jax.vjp`.

PyTorch's `F.dropout(x, p, training=True)` draws a Bernoulli(1 - p) mask m and returns
x * m / (1 - p) (inverted dropout); with `training=False` it returns x. The paper's variant
(`"scaling": "test-time"`) returns x * m in training and (1 - p) x in evaluation. The expected
training output is the mean over the masks of the layer's output, computed from the layer itself
(each entry kept or dropped, weighted by its probability), not from the closed form.
"""

from functools import partial

from ._common import Invalid, Num, check_keys, frac, jax, jnp, np, tensor

KEYS = {"x", "mask", "p", "mode", "scaling", "upstream"}


def _layer(x, mask, keep, mode, scaling):
    if mode == "eval":
        return x if scaling == "inverted" else keep * x
    kept = jnp.where(mask > 0.5, x, 0.0)
    return kept / keep if scaling == "inverted" else kept


def solve(p: dict) -> dict:
    check_keys(p, KEYS, "dropout")
    x = tensor(p.get("x"), "x")
    if x.ndim not in (1, 2):
        raise Invalid(f"x must be [d] or [[d], ...], got shape {x.shape}")
    drop = frac(p.get("p"), "p")
    if not 0 <= drop < 1:
        raise Invalid(f"p must be in [0, 1), got {drop}")
    keep = float(1 - drop)
    mode = p.get("mode", "train")
    scaling = p.get("scaling", "inverted")
    if mode not in ("train", "eval") or scaling not in ("inverted", "test-time"):
        raise Invalid(f"mode {mode!r} / scaling {scaling!r} unknown")
    mask = None
    if mode == "train":
        if "mask" not in p:
            raise Invalid("training needs a mask")
        mask = tensor(p["mask"], "mask")
        if mask.shape != x.shape or not np.all((mask == 0) | (mask == 1)):
            raise Invalid("mask must be 0/1 and shaped like x")
    elif "mask" in p:
        raise Invalid("eval takes no mask")

    g = tensor(p["upstream"], "upstream") if "upstream" in p else np.zeros_like(x)
    if g.shape != x.shape:
        raise Invalid("upstream must be shaped like x")
    m = mask if mask is not None else np.ones_like(x)
    y, dx, expected = (np.asarray(v) for v in _all(jnp.asarray(x), jnp.asarray(m), jnp.asarray(g), keep, mode, scaling))
    answers = {"y": Num(y)}
    if "upstream" in p:
        answers["dL_dx"] = Num(dx)
    if mode == "train":
        answers["expected_y"] = Num(expected)
    return answers


@partial(jax.jit, static_argnames=("mode", "scaling"))
def _all(x, mask, g, keep, mode, scaling):
    """The output, dL/dx by `jax.vjp`, and the mean output over the masks: the entries are
    dropped independently and the layer acts entry by entry, so each entry's mean is over its own
    bit (kept with probability 1 - p). Jitted: each shape is traced once."""
    y, vjp = jax.vjp(lambda v: _layer(v, mask, keep, mode, scaling), x)
    (dx,) = vjp(g)
    kept = _layer(x, jnp.ones_like(x), keep, "train", scaling)
    dropped = _layer(x, jnp.zeros_like(x), keep, "train", scaling)
    return y, dx, keep * kept + (1.0 - keep) * dropped

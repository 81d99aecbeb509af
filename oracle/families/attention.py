"""Oracle for `attention`: scores, masked softmax weights and output written out in jax.numpy in
float64, the output cross-checked against `jax.nn.dot_product_attention` (JAX's counterpart of
PyTorch's `F.scaled_dot_product_attention`, which computes in float32 inside). A scale "ln a" is
log(a) in float64.
"""

import math

from ._common import Invalid, Num, check_keys, jax, jnp, np, tensor
from .softmax_ce import _logit

KEYS = {"q", "k", "v", "mask", "scale"}


def solve(p: dict) -> dict:
    check_keys(p, KEYS, "attention")
    q, k, v = (tensor(p.get(n), n) for n in ("q", "k", "v"))
    if q.ndim != 2 or k.ndim != 2 or v.ndim != 2 or q.shape[1] != k.shape[1] or v.shape[0] != k.shape[0]:
        raise Invalid("q [n_q, d], k [n_k, d], v [n_k, d_v]")
    nq, nk = q.shape[0], k.shape[0]
    mask = p.get("mask")
    if mask is None:
        allowed = np.ones((nq, nk), dtype=bool)
    elif mask == "causal":
        allowed = np.tril(np.ones((nq, nk), dtype=bool))
    else:
        m = np.asarray(mask)
        if m.shape != (nq, nk) or not np.all((m == 0) | (m == 1)):
            raise Invalid("mask: 0/1 per query and key")
        allowed = m.astype(bool)
    if not allowed.any(axis=1).all():
        raise Invalid("a query attends to nothing")
    scale = _logit(p["scale"], "scale") if "scale" in p else 1.0 / math.sqrt(q.shape[1])
    scores = scale * (q @ k.T)
    masked = jnp.where(jnp.asarray(allowed), jnp.asarray(scores), -jnp.inf)
    weights = jax.nn.softmax(masked, axis=-1)
    out = np.asarray(weights) @ v
    # Cross-check with JAX's own attention (it works in float32 inside, so only to 1e-4).
    width = max(q.shape[1], v.shape[1])  # one head width for q, k and v: zero columns change no dot product
    pad = lambda a: jnp.asarray(np.pad(a, ((0, 0), (0, width - a.shape[1]))))[None, :, None, :]
    sdpa = jax.nn.dot_product_attention(pad(q), pad(k), pad(v), mask=jnp.asarray(allowed)[None, None, :, :],
                                        scale=scale)
    sdpa = np.asarray(sdpa)[0, :, 0, : v.shape[1]]
    if not np.allclose(out, sdpa, atol=1e-4, rtol=1e-4):
        raise AssertionError(f"weights @ v = {out} but jax.nn.dot_product_attention gives {sdpa}")
    return {"scores": Num(scores), "weights": Num(np.asarray(weights)), "output": Num(out)}

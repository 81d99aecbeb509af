"""Oracles for `conv-params` and `conv-output`.

Shapes come from JAX's own shape rules: every layer is expressed as the `jax.lax` op that computes it
(`conv_general_dilated`, `reduce_window`) and its output shape is taken from `jax.eval_shape`, which
traces the op abstractly (no memory, no compilation, so any size works). The first few layers of each
op kind in a process are also *executed* on real zero tensors and must give the same shape
(`DLEXAM_ORACLE_EXECUTE`, default 3 per op kind; executing every variant would compile XLA once per
shape, ~0.3 s each). Parameter counts come from the weight shapes that the conv op accepts.

PyTorch semantics that JAX does not have built in are written out here from PyTorch's documentation:
pooling's default stride (= kernel), `ceil_mode` (windows may run off the end, but one that would start
in the right padding is dropped), the pooling check `padding <= kernel // 2`, ConvTranspose2d's
`output_padding` (must be smaller than stride or dilation) and `padding="same"|"valid"` of Conv2d.
"""

import math
import os


from ._common import Invalid, jax, jnp, pos_int

DN = ("NCHW", "OIHW", "NCHW")
_exec_budget: dict[str, int] = {}
stats = {"executed": 0, "abstract": 0}


class OracleBug(Exception):
    """JAX's abstract shape and its executed shape disagree: a bug in this oracle, not in dlexam."""


def _shape(kind: str, fn, *shapes) -> tuple[int, ...]:
    """Output shape of `fn` on float64 inputs of `shapes`, via eval_shape (and, budget permitting, a real run)."""
    try:
        out = jax.eval_shape(fn, *[jax.ShapeDtypeStruct(s, jnp.float64) for s in shapes])
    except (TypeError, ValueError) as e:  # JAX rejects the shapes (groups, ranks, ...)
        raise Invalid(f"JAX rejects this {kind}: {e}") from None
    shape = tuple(int(d) for d in out.shape)
    stats["abstract"] += 1
    budget = _exec_budget.setdefault(kind, int(os.environ.get("DLEXAM_ORACLE_EXECUTE", "3")))
    small = all(math.prod(s) <= 2_000_000 for s in shapes) and math.prod(shape) <= 2_000_000
    if budget > 0 and small and min(shape, default=1) > 0:
        _exec_budget[kind] = budget - 1
        real = fn(*[jnp.zeros(s, jnp.float64) for s in shapes])
        stats["executed"] += 1
        if tuple(real.shape) != shape:
            raise OracleBug(f"{kind}: eval_shape {shape} but execution {tuple(real.shape)}")
    return shape


def _check_positive(shape: tuple[int, ...], op: str, where: str) -> None:
    if any(d < 1 for d in shape):
        raise Invalid(f"{where}: {op} output shape {list(shape)} has a non-positive size (PyTorch raises)")


def _input_shape(v, where: str) -> tuple[int, int, int, int]:
    if not isinstance(v, list) or len(v) != 4:
        raise Invalid(f"{where}: expected [N, C, H, W], got {v!r}")
    return tuple(pos_int(d, f"{where}[{i}]") for i, d in enumerate(v))  # type: ignore[return-value]


# Used by the report (how many shapes came from abstract evaluation vs execution).
def shape_stats() -> str:
    return f"{stats['abstract']} shapes by jax.eval_shape, {stats['executed']} also executed on zeros"


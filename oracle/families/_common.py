"""Shared helpers for the oracle's family modules: reading params, and what an expected answer is.

Nothing here knows how dlexam solves a problem; it only reads the JSON contract of DESIGN.md
("Params and answer ids per family") and turns it into numbers for JAX.
"""

from dataclasses import dataclass
from decimal import Decimal
from fractions import Fraction
from typing import Any, Callable

import jax

jax.config.update("jax_enable_x64", True)

import jax.numpy as jnp  # noqa: E402  (after enabling float64)
import numpy as np  # noqa: E402


class Invalid(Exception):
    """The params are not a valid instance (PyTorch would reject them, or the contract is broken)."""


# ---------------------------------------------------------------- expected answers


@dataclass
class Num:
    """A numeric answer: a scalar or a (nested) array, compared elementwise with tolerance."""

    value: Any  # numpy array or python number

    def array(self) -> np.ndarray:
        return np.asarray(self.value, dtype=np.float64)


@dataclass
class Text:
    """A non-numeric answer with a known truth, compared after `normalise`."""

    truth: Any
    normalise: Callable[[Any], Any] = lambda v: v


@dataclass
class Skip:
    """A non-numeric answer the oracle cannot judge (e.g. symbolic LaTeX); counted as 'not numeric'."""

    reason: str


# ---------------------------------------------------------------- reading params


def frac(v: Any, where: str) -> Fraction:
    """A params number: int, decimal (parsed as Decimal, so exact) or a fraction string like "1/2"."""
    if isinstance(v, bool) or v is None:
        raise Invalid(f"{where}: expected a number, got {v!r}")
    if isinstance(v, int):
        return Fraction(v)
    if isinstance(v, Decimal):
        return Fraction(v)
    if isinstance(v, float):
        return Fraction(repr(v))
    if isinstance(v, str):
        try:
            return Fraction(v.strip())
        except (ValueError, ZeroDivisionError):
            raise Invalid(f"{where}: not a number or fraction string: {v!r}") from None
    raise Invalid(f"{where}: expected a number, got {type(v).__name__} {v!r}")


def real(v: Any, where: str) -> float:
    return float(frac(v, where))


def integer(v: Any, where: str) -> int:
    f = frac(v, where)
    if f.denominator != 1:
        raise Invalid(f"{where}: expected an integer, got {v!r}")
    return int(f)


def pos_int(v: Any, where: str, minimum: int = 1) -> int:
    n = integer(v, where)
    if n < minimum:
        raise Invalid(f"{where}: must be >= {minimum}, got {n}")
    return n


def pair(v: Any, where: str, minimum: int = 0) -> tuple[int, int]:
    """An int or a pair [h, w], as PyTorch's `_pair`."""
    if isinstance(v, list):
        if len(v) != 2:
            raise Invalid(f"{where}: expected an int or a pair [h, w], got {v!r}")
        return (pos_int(v[0], f"{where}[0]", minimum), pos_int(v[1], f"{where}[1]", minimum))
    n = pos_int(v, where, minimum)
    return (n, n)


def boolean(v: Any, where: str) -> bool:
    if not isinstance(v, bool):
        raise Invalid(f"{where}: expected true or false, got {v!r}")
    return v


def tensor(v: Any, where: str) -> np.ndarray:
    """Nested lists of params numbers -> a float64 array (rejects ragged nesting)."""

    def conv(x, path):
        if isinstance(x, list):
            return [conv(e, f"{path}[{i}]") for i, e in enumerate(x)]
        return float(frac(x, path))

    out = conv(v, where)
    try:
        return np.asarray(out, dtype=np.float64)
    except ValueError:
        raise Invalid(f"{where}: ragged nested array") from None


def check_keys(params: dict, known: set[str], family: str) -> None:
    if not isinstance(params, dict):
        raise Invalid(f"params of {family} must be an object, got {type(params).__name__}")
    unknown = sorted(set(params) - known)
    if unknown:
        raise Invalid(
            f"params keys {unknown} are unknown to the oracle for {family} "
            f"(known: {sorted(known)}); teach oracle/families the new variant"
        )


def to_py(x: Any) -> Any:
    """A JAX/numpy array -> numpy float64 array (host)."""
    return np.asarray(x, dtype=np.float64)


__all__ = [
    "Invalid", "Num", "Text", "Skip", "frac", "real", "integer", "pos_int", "pair", "boolean",
    "tensor", "check_keys", "to_py", "jax", "jnp", "np",
]

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

from jax import lax

from .common import Invalid, Num, boolean, check_keys, jax, jnp, pair, pos_int

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


# ---------------------------------------------------------------- conv-params

CONV_PARAMS_KEYS = {"in_channels", "input", "out_channels", "kernel", "bias", "groups",
                    "stride", "padding", "dilation", "op", "compare_stack"}


def conv_params(p: dict) -> dict:
    check_keys(p, CONV_PARAMS_KEYS, "conv-params")
    if "input" in p:
        c = _input_shape(p["input"], "input")[1]
        if "in_channels" in p and pos_int(p["in_channels"], "in_channels") != c:
            raise Invalid(f"in_channels {p['in_channels']} disagrees with input {p['input']}")
    elif "in_channels" in p:
        c = pos_int(p["in_channels"], "in_channels")
    else:
        raise Invalid("conv-params needs in_channels or input")
    o = pos_int(p.get("out_channels"), "out_channels")
    kh, kw = pair(p.get("kernel"), "kernel", 1)
    g = pos_int(p.get("groups", 1), "groups")
    has_bias = boolean(p.get("bias", True), "bias")
    op = p.get("op", "conv2d")
    # Distractor fields: they must be well-formed but change no count.
    pair(p.get("stride", 1), "stride", 1)
    pair(p.get("dilation", 1), "dilation", 1)
    if not (isinstance(p.get("padding"), str) and p["padding"] in ("same", "valid")):
        pair(p.get("padding", 0), "padding", 0)
    if c % g or o % g:
        raise Invalid(f"groups={g} must divide in_channels={c} and out_channels={o} (PyTorch raises)")

    if op == "conv2d":
        # nn.Conv2d.weight is [out, in/groups, kh, kw]: exactly the OIHW kernel lax's conv accepts.
        wshape = (o, c // g, kh, kw)
        _shape("conv2d-params", lambda x, w: lax.conv_general_dilated(
            x, w, (1, 1), [(0, 0), (0, 0)], feature_group_count=g, dimension_numbers=DN),
            (1, c, kh, kw), wshape)
    elif op == "conv_transpose2d":
        # nn.ConvTranspose2d.weight is [in, out/groups, kh, kw]; the forward conv it is the adjoint of
        # maps `out` channels to `in` channels with that very kernel in OIHW order.
        wshape = (c, o // g, kh, kw)
        _shape("conv2d-params", lambda x, w: lax.conv_general_dilated(
            x, w, (1, 1), [(0, 0), (0, 0)], feature_group_count=g, dimension_numbers=DN),
            (1, o, kh, kw), wshape)
    else:
        raise Invalid(f"op {op!r}: conv-params knows conv2d and conv_transpose2d")
    weights = math.prod(wshape)
    biases = math.prod((o,)) if has_bias else 0
    out = {"weights": Num(weights), "biases": Num(biases), "total": Num(weights + biases)}
    if "compare_stack" in p:
        out.update(_compare_stack(p["compare_stack"], c, o, (kh, kw), g, has_bias, weights + biases))
    return out


def _compare_stack(st, c: int, o: int, k: tuple, g: int, has_bias: bool, single_total: int) -> dict:
    """Variant `stack`: `depth` stacked `kernel`x`kernel` stride-1 convs (c -> o, then o -> o, each with
    a bias iff the single layer has one) with the single layer's receptive field. The receptive field
    is checked by running the stack (valid padding) over one k x k window: it must give 1 x 1."""
    if not isinstance(st, dict):
        raise Invalid(f"compare_stack must be an object, got {st!r}")
    check_keys(st, {"kernel", "depth"}, "conv-params compare_stack")
    sk = pair(st.get("kernel"), "compare_stack.kernel", 1)
    depth = pos_int(st.get("depth"), "compare_stack.depth")
    if g != 1:
        raise Invalid("compare_stack with groups is not defined")
    shapes = [(o, c if i == 0 else o, *sk) for i in range(depth)]

    def stack(x, *ws):
        for w in ws:
            x = lax.conv_general_dilated(x, w, (1, 1), [(0, 0), (0, 0)], dimension_numbers=DN)
        return x

    seen = _shape("conv2d-stack", stack, (1, c, *k), *shapes)
    if seen[2:] != (1, 1):
        raise Invalid(f"a stack of {depth} {sk} convs does not have the receptive field {k}: "
                      f"a {k} window gives {seen[2:]}")
    total = sum(math.prod(s) + (s[0] if has_bias else 0) for s in shapes)
    return {"stack_total": Num(total), "saved": Num(single_total - total)}


# ---------------------------------------------------------------- conv-output

LAYER_KEYS = {
    "conv2d": {"op", "out_channels", "kernel", "stride", "padding", "dilation", "groups", "bias"},
    "conv_transpose2d": {"op", "out_channels", "kernel", "stride", "padding", "dilation", "groups",
                         "bias", "output_padding"},
    "max_pool2d": {"op", "kernel", "stride", "padding", "dilation", "ceil_mode"},
    "avg_pool2d": {"op", "kernel", "stride", "padding", "ceil_mode", "count_include_pad"},
}


def _conv2d(l: dict, x: tuple, where: str) -> tuple:
    n, c, h, w = x
    o = pos_int(l.get("out_channels"), f"{where}.out_channels")
    k = pair(l.get("kernel"), f"{where}.kernel", 1)
    s = pair(l.get("stride", 1), f"{where}.stride", 1)
    d = pair(l.get("dilation", 1), f"{where}.dilation", 1)
    g = pos_int(l.get("groups", 1), f"{where}.groups")
    if c % g or o % g:
        raise Invalid(f"{where}: groups={g} must divide in_channels={c} and out_channels={o}")
    pad = l.get("padding", 0)
    if pad == "valid":
        pads = [(0, 0), (0, 0)]
    elif pad == "same":
        if s != (1, 1):
            raise Invalid(f"{where}: padding='same' needs stride 1 (PyTorch raises)")
        tot = [d[i] * (k[i] - 1) for i in range(2)]
        pads = [(t // 2, t - t // 2) for t in tot]  # PyTorch puts the odd extra on the right
    else:
        ph, pw = pair(pad, f"{where}.padding", 0)
        pads = [(ph, ph), (pw, pw)]
    for i, size in enumerate((h, w)):
        if size + sum(pads[i]) < d[i] * (k[i] - 1) + 1:
            raise Invalid(f"{where}: kernel (dilated) larger than the padded input (PyTorch raises)")
    out = _shape("conv2d", lambda x_, w_: lax.conv_general_dilated(
        x_, w_, s, pads, rhs_dilation=d, feature_group_count=g, dimension_numbers=DN),
        x, (o, c // g, *k))
    _check_positive(out, "conv2d", where)
    return out


def _pool(l: dict, x: tuple, where: str, kind: str) -> tuple:
    n, c, h, w = x
    k = pair(l.get("kernel"), f"{where}.kernel", 1)
    s = k if l.get("stride") is None else pair(l["stride"], f"{where}.stride", 1)  # PyTorch default
    p = pair(l.get("padding", 0), f"{where}.padding", 0)
    d = pair(l.get("dilation", 1), f"{where}.dilation", 1)
    ceil = boolean(l.get("ceil_mode", False), f"{where}.ceil_mode")
    if "count_include_pad" in l:
        boolean(l["count_include_pad"], f"{where}.count_include_pad")
    for i in range(2):
        if p[i] > k[i] // 2:
            # Pool.h: pool2d_shape_check's `kW/2 >= padW` (stricter than pooling_output_shape's
            # `pad <= ((k-1)*d+1)/2` when dilation > 1), both enforced by max_pool2d and avg_pool2d.
            raise Invalid(f"{where}: pad {p[i]} > kernel {k[i]} // 2 (PyTorch: pad should be at most "
                          f"half of effective kernel size / smaller than or equal to half of kernel size)")
    # ceil_mode, from PyTorch's docs: the output size uses ceil instead of floor, so the last window
    # may run off the end, but a window that would start in the right padding is dropped. Counted
    # window by window, then given to reduce_window (floor rule) as extra right padding.
    extra = [0, 0]
    if ceil:
        for i, size in enumerate((h, w)):
            eff = d[i] * (k[i] - 1) + 1
            padded = size + 2 * p[i]
            count = 0  # windows kept; window j starts at j*s in padded coordinates
            while (count * s[i] < padded - eff + s[i]  # ceil((padded - eff) / s) + 1 windows at most
                   and count * s[i] < size + p[i]):   # none may start in the right padding
                count += 1
            if count == 0:
                raise Invalid(f"{where}: {kind} window (effective size {eff}) does not fit the padded "
                              f"input {padded} even in ceil_mode (PyTorch: output size is too small)")
            extra[i] = max(0, (count - 1) * s[i] + eff - padded)
    pads = ((0, 0), (0, 0), (p[0], p[0] + extra[0]), (p[1], p[1] + extra[1]))
    if kind == "max_pool2d":
        fn = lambda x_: lax.reduce_window(x_, -jnp.inf, lax.max, (1, 1, *k), (1, 1, *s), pads,
                                          window_dilation=(1, 1, *d))
    else:
        if d != (1, 1):
            raise Invalid(f"{where}: avg_pool2d has no dilation in PyTorch")
        fn = lambda x_: lax.reduce_window(x_, 0.0, lax.add, (1, 1, *k), (1, 1, *s), pads)
    out = _shape(kind, fn, x)
    _check_positive(out, kind, where)
    return out


def _conv_transpose2d(l: dict, x: tuple, where: str) -> tuple:
    n, c, h, w = x
    o = pos_int(l.get("out_channels"), f"{where}.out_channels")
    k = pair(l.get("kernel"), f"{where}.kernel", 1)
    s = pair(l.get("stride", 1), f"{where}.stride", 1)
    p = pair(l.get("padding", 0), f"{where}.padding", 0)
    d = pair(l.get("dilation", 1), f"{where}.dilation", 1)
    op = pair(l.get("output_padding", 0), f"{where}.output_padding", 0)
    g = pos_int(l.get("groups", 1), f"{where}.groups")
    if c % g or o % g:
        raise Invalid(f"{where}: groups={g} must divide in_channels={c} and out_channels={o}")
    for i in range(2):
        if not (op[i] < s[i] or op[i] < d[i]):
            raise Invalid(f"{where}: output_padding {op[i]} must be smaller than either stride {s[i]} "
                          f"or dilation {d[i]} (PyTorch raises)")
    # The transposed conv as a forward conv over the stride-dilated input (lhs_dilation), with the
    # kernel's full reach d(k-1) as padding, less `padding`, plus `output_padding` on the far side.
    pads = [(d[i] * (k[i] - 1) - p[i], d[i] * (k[i] - 1) - p[i] + op[i]) for i in range(2)]
    out = _shape("conv_transpose2d", lambda x_, w_: lax.conv_general_dilated(
        x_, w_, (1, 1), pads, lhs_dilation=s, rhs_dilation=d, feature_group_count=g,
        dimension_numbers=DN), x, (o, c // g, *k))
    _check_positive(out, "conv_transpose2d", where)
    # Cross-check with the definition: ConvTranspose2d is the adjoint of Conv2d with the same
    # kernel/stride/padding/dilation, so that Conv2d maps the output shape back to the input shape
    # (exactly when output_padding < stride: the rows it adds are the ones Conv2d's floor drops).
    if all(op[i] < s[i] for i in range(2)):
        back = _shape("conv2d", lambda y_, w_: lax.conv_general_dilated(
            y_, w_, s, [(p[0], p[0]), (p[1], p[1])], rhs_dilation=d, feature_group_count=g,
            dimension_numbers=DN), out, (c, o // g, *k))
        if back != tuple(x):
            raise OracleBug(f"{where}: conv2d of the transposed output {out} gives {back}, not {x}")
    return out


LAYERS = {"conv2d": _conv2d, "conv_transpose2d": _conv_transpose2d,
          "max_pool2d": lambda l, x, wh: _pool(l, x, wh, "max_pool2d"),
          "avg_pool2d": lambda l, x, wh: _pool(l, x, wh, "avg_pool2d")}


def layer_shape(l: dict, x: tuple, where: str) -> tuple:
    if not isinstance(l, dict):
        raise Invalid(f"{where}: a layer must be an object, got {l!r}")
    op = l.get("op")
    if op not in LAYERS:
        raise Invalid(f"{where}.op: unknown op {op!r} (known: {sorted(LAYERS)})")
    check_keys(l, LAYER_KEYS[op], f"conv-output {where} ({op})")
    return LAYERS[op](l, x, where)


def _same_padding(p: dict, x: tuple) -> dict:
    """`"find": "padding"`: the padding that keeps H and W at stride 1, checked by running the layer."""
    op = p.get("op", "conv2d")
    layer = {k: v for k, v in p.items() if k not in ("input", "find", "padding")}
    layer.setdefault("op", op)
    s = pair(p.get("stride", 1), "stride", 1)
    if s != (1, 1):
        raise Invalid(f"find padding needs stride 1, got {p.get('stride')}")
    k = pair(p.get("kernel"), "kernel", 1)
    d = pair(p.get("dilation", 1), "dilation", 1)
    pad = []
    for i in range(2):
        reach = d[i] * (k[i] - 1)
        if reach % 2:
            raise Invalid(f"no symmetric padding keeps the size: dilation*(kernel-1) = {reach} is odd")
        pad.append(reach // 2)
    layer["padding"] = pad
    if op in ("max_pool2d", "avg_pool2d"):
        layer["stride"] = 1
    out = layer_shape(layer, x, "layer")
    if out[2:] != x[2:]:
        raise OracleBug(f"padding {pad} does not keep {x[2:]}: got {out[2:]}")
    return {"padding": Num(pad), "output_shape": Num(list(out))}


CONV_OUTPUT_TOP = {"input", "layers", "find"}


def conv_output(p: dict) -> dict:
    if not isinstance(p, dict):
        raise Invalid("params must be an object")
    x = _input_shape(p.get("input"), "input")
    if "layers" in p:
        check_keys(p, {"input", "layers"}, "conv-output (chain)")
        layers = p["layers"]
        if not isinstance(layers, list) or not layers:
            raise Invalid("layers must be a non-empty list")
        out: dict = {}
        for i, l in enumerate(layers, start=1):
            x = layer_shape(l, x, f"layers[{i - 1}]")
            out[f"shape_{i}"] = Num(list(x))
        out["output_shape"] = Num(list(x))
        return out
    if "find" in p:
        if p["find"] != "padding":
            raise Invalid(f"find: unknown target {p['find']!r} (known: padding)")
        op = p.get("op", "conv2d")
        if op not in LAYER_KEYS:
            raise Invalid(f"op: unknown op {op!r}")
        check_keys(p, LAYER_KEYS[op] | {"input", "find"}, f"conv-output (find padding, {op})")
        return _same_padding(p, x)
    layer = {k: v for k, v in p.items() if k != "input"}
    out_shape = layer_shape(layer, x, "layer")
    return {"output_shape": Num(list(out_shape))}


# Used by the report (how many shapes came from abstract evaluation vs execution).
def shape_stats() -> str:
    return f"{stats['abstract']} shapes by jax.eval_shape, {stats['executed']} also executed on zeros"


"""Oracle for `conv-output`: output shapes of conv2d, pools and conv_transpose2d from JAX's shape rules,
with PyTorch's own rules written out (see `_conv_shapes`)."""

from jax import lax

from ._common import Invalid, Num, boolean, check_keys, jnp, pair, pos_int
from ._conv_shapes import DN, OracleBug, _check_positive, _input_shape, _shape

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


def solve(p: dict) -> dict:
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

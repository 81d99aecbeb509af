"""Oracle for `conv-params`: parameter counts from the weight shapes that JAX's conv op accepts
(see `_conv_shapes`)."""

import math

from jax import lax

from ._common import Invalid, Num, boolean, check_keys, pair, pos_int
from ._conv_shapes import DN, _input_shape, _shape

CONV_PARAMS_KEYS = {"in_channels", "input", "out_channels", "kernel", "bias", "groups",
                    "stride", "padding", "dilation", "op", "compare_stack"}


def solve(p: dict) -> dict:
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

"""Oracle for `resblock`: F3 = body(F2) + F2, body = three ops in `order` (default conv1, relu, conv2).

Convs are `lax.conv_general_dilated` (stride 1, 'same' padding dilation*(k-1)/2 unless a conv gives
its own `padding`) plus bias; ReLU is `jax.nn.relu`, whose derivative at 0 is 0 as in PyTorch.
The gradients are vector-Jacobian products (`jax.vjp`) of the upstream gradient dL/dF3.
The numeric core is jitted, so each shape and configuration is traced and compiled once.
"""

from functools import partial

from jax import lax

from ._common import Invalid, Num, Skip, Text, check_keys, jax, jnp, pair, tensor

KEYS = {"input", "conv1", "conv2", "upstream", "order"}
CONV_KEYS = {"weight", "bias", "dilation", "padding", "stride"}
DN = ("NCHW", "OIHW", "NCHW")
NAMES = {"conv1": "Conv1", "relu": "ReLU", "conv2": "Conv2"}


def _conv_spec(spec, name: str, channels: int):
    """(weight, bias, padding, dilation) of conv `name` whose input has `channels` channels."""
    if not isinstance(spec, dict):
        raise Invalid(f"{name} must be an object with weight and bias")
    check_keys(spec, CONV_KEYS, f"resblock {name}")
    w = tensor(spec.get("weight"), f"{name}.weight")
    if w.ndim != 4 or w.shape[1] != channels or w.shape[2] != w.shape[3]:
        raise Invalid(f"{name}.weight must be [out][{channels}][k][k], got shape {w.shape}")
    k = w.shape[2]
    b = tensor(spec["bias"], f"{name}.bias") if "bias" in spec else jnp.zeros(w.shape[0])
    if b.shape != (w.shape[0],):
        raise Invalid(f"{name}.bias must have {w.shape[0]} entries, got shape {b.shape}")
    d = pair(spec.get("dilation", 1), f"{name}.dilation", 1)
    if pair(spec.get("stride", 1), f"{name}.stride", 1) != (1, 1):
        raise Invalid(f"{name}.stride must be 1 in a ResBlock")
    if "padding" in spec:
        pad = pair(spec["padding"], f"{name}.padding", 0)
    else:
        if d[0] * (k - 1) % 2 or d[1] * (k - 1) % 2:
            raise Invalid(f"{name}: no padding keeps the size (dilation*(k-1) odd)")
        pad = (d[0] * (k - 1) // 2, d[1] * (k - 1) // 2)
    return jnp.asarray(w), jnp.asarray(b), pad, d


def _conv(x, w, b, pad, d):
    y = lax.conv_general_dilated(x, w, (1, 1), [(pad[0], pad[0]), (pad[1], pad[1])],
                                 rhs_dilation=d, dimension_numbers=DN)
    return y + b[None, :, None, None]


@partial(jax.jit, static_argnames=("order", "cfg"))
def _all(f2, up, w1, b1, w2, b2, order, cfg):
    """G1, G2, F3 and the three gradients; cfg = ((pad, dil) of conv1, (pad, dil) of conv2)."""
    params = {"conv1": (w1, b1, *cfg[0]), "conv2": (w2, b2, *cfg[1])}
    ops = [jax.nn.relu if name == "relu" else partial(_conv, w=params[name][0], b=params[name][1],
                                                      pad=params[name][2], d=params[name][3])
           for name in order]
    body = lambda x: ops[2](ops[1](ops[0](x)))  # noqa: E731
    g1 = ops[0](f2)
    g2 = ops[1](g1)
    f3 = body(f2) + f2
    _, vjp_g2 = jax.vjp(ops[2], g2)
    _, vjp_g1 = jax.vjp(lambda g: ops[2](ops[1](g)), g1)
    _, vjp_f2 = jax.vjp(lambda x: body(x) + x, f2)
    return g1, g2, f3, vjp_g2(up)[0], vjp_g1(up)[0], vjp_f2(up)[0]


def _norm_name(v):
    return v.strip().lower().replace(" ", "") if isinstance(v, str) else v


def _norm_skip(v):
    return "".join(ch for ch in v if ch not in "_{}$ \\") if isinstance(v, str) else v


def solve(p: dict) -> dict:
    check_keys(p, KEYS, "resblock")
    f2 = jnp.asarray(tensor(p.get("input"), "input"))
    if f2.ndim != 4:
        raise Invalid(f"input must be [N][C][H][W], got shape {f2.shape}")
    order = p.get("order", ["conv1", "relu", "conv2"])
    if not isinstance(order, list) or sorted(map(_norm_name, order)) != ["conv1", "conv2", "relu"]:
        raise Invalid(f"order must be a permutation of conv1, relu, conv2, got {order!r}")
    order = tuple(_norm_name(o) for o in order)

    specs, channels = {}, f2.shape[1]
    for name in order:
        if name != "relu":
            specs[name] = _conv_spec(p.get(name), name, channels)
            channels = specs[name][0].shape[0]
    if channels != f2.shape[1]:
        raise Invalid(f"the body maps {f2.shape[1]} channels to {channels}: the skip addition needs equal shapes")
    up = jnp.asarray(tensor(p["upstream"], "upstream")) if "upstream" in p else jnp.ones_like(f2)
    if up.shape != f2.shape:
        raise Invalid(f"upstream must have the shape of F3 {f2.shape}, got {up.shape}")
    (w1, b1, pad1, d1), (w2, b2, pad2, d2) = specs["conv1"], specs["conv2"]
    g1, g2, f3, d_g2, d_g1, d_f2 = _all(f2, up, w1, b1, w2, b2, order, ((pad1, d1), (pad2, d2)))
    if f3.shape != f2.shape:
        raise Invalid(f"the body maps {f2.shape} to {f3.shape}: the skip addition needs equal shapes")

    pad_truth = pad2[0] if pad2[0] == pad2[1] else list(pad2)
    return {
        "assignment": Text({k: NAMES[o] for k, o in zip("ABC", order)},
                           lambda v: {k: _norm_name(x) for k, x in v.items()} if isinstance(v, dict) else v),
        "skip_input": Text("F2", _norm_skip),
        "conv2_padding": Text(pad_truth, lambda v: v[0] if isinstance(v, list) and v and all(e == v[0] for e in v)
                              else v),
        "G1": Num(g1), "G2": Num(g2), "F3": Num(f3),
        "dL_dG2": Num(d_g2), "dL_dG1": Num(d_g1), "dL_dF2": Num(d_f2),
        "dL_dF2_symbolic": Skip("symbolic LaTeX"),
    }

"""network: the output shape, learnable parameters, buffers and multiply-accumulates of every layer.

Shapes come from JAX: each layer is the `jax.lax` / `jax.numpy` computation PyTorch's layer does
(`conv_general_dilated` for Conv2d and ConvTranspose2d and `reduce_window` for pooling, via the
conv-output oracle; a mean over PyTorch's adaptive windows; `x @ W.T + b` for Linear; the batch norm
formula with gamma, beta, mean and variance of shape [C]; a reshape for Flatten) traced by
`jax.eval_shape`. Counts come from the shapes of the tensors each PyTorch layer holds, from
torch.nn's documentation: Conv2d weight [C_out, C_in/g, k_h, k_w] (ConvTranspose2d [C_in, C_out/g,
k_h, k_w]) and bias [C_out]; Linear weight [out, in] and bias [out]; BatchNorm weight and bias [C]
(learnable) and running_mean, running_var [C] (buffers; num_batches_tracked is left out). MACs are one
per (output value, weight of its filter) for a conv, one per (input value, weight it is scattered
through) for a transposed conv, one per weight per vector for a Linear; other layers do none.

The built-in architectures are written out here from torchvision's model definitions (alexnet,
vgg11 = config "A", vgg16 = config "D", resnet18 = BasicBlock [2, 2, 2, 2]) and LeNet-5's paper.
"""

import math

from jax import lax

from ._common import Invalid, Num, boolean, check_keys, frac, jax, jnp, pair, pos_int
from ._conv_shapes import _check_positive, _input_shape, _shape
from .conv_output import _conv2d, _conv_transpose2d, _pool

TOP_KEYS = {"architecture", "input", "layers"}
CONV_KEYS = {"op", "out_channels", "kernel", "stride", "padding", "dilation", "groups", "bias"}
KEYS = {
    "conv2d": CONV_KEYS,
    "conv_transpose2d": CONV_KEYS | {"output_padding"},
    "max_pool2d": {"op", "kernel", "stride", "padding", "dilation", "ceil_mode"},
    "avg_pool2d": {"op", "kernel", "stride", "padding", "ceil_mode", "count_include_pad"},
    "adaptive_avg_pool2d": {"op", "output_size"},
    "batch_norm2d": {"op", "affine", "track_running_stats"},
    "batch_norm1d": {"op", "affine", "track_running_stats"},
    "relu": {"op"}, "sigmoid": {"op"}, "tanh": {"op"},
    "dropout": {"op", "p"},
    "flatten": {"op"},
    "linear": {"op", "out_features", "bias"},
    "residual": {"op", "body", "shortcut"},
}
_memo: dict = {}


def _eval(kind: str, fn, *shapes, args=()) -> tuple:
    """`_shape` memoised on the op, its arguments that `fn` closes over, and the input shapes."""
    key = (kind, args, shapes)
    if key not in _memo:
        _memo[key] = _shape(kind, fn, *shapes)
    return _memo[key]


def _adaptive(x: tuple, o: tuple) -> tuple:
    """PyTorch's adaptive average pooling: output cell i averages rows floor(i*H/o) to ceil((i+1)*H/o)."""
    n, c, h, w = x
    if o[0] * o[1] > 4096:  # too many windows to trace one by one: the definition gives the shape
        return (n, c, *o)

    def fn(x_):
        rows = []
        for i in range(o[0]):
            r0, r1 = (i * h) // o[0], -((-(i + 1) * h) // o[0])
            cols = []
            for j in range(o[1]):
                c0, c1 = (j * w) // o[1], -((-(j + 1) * w) // o[1])
                cols.append(jnp.mean(x_[:, :, r0:r1, c0:c1], axis=(2, 3)))
            rows.append(jnp.stack(cols, axis=-1))
        return jnp.stack(rows, axis=-2)

    return _eval("adaptive_avg_pool2d", fn, x, args=o)


def _norm(x: tuple, two_d: bool, where: str) -> tuple:
    if two_d and len(x) != 4:
        raise Invalid(f"{where}: BatchNorm2d needs a 4-D input, got {list(x)}")
    if not two_d and len(x) not in (2, 3):
        raise Invalid(f"{where}: BatchNorm1d needs a 2-D or 3-D input, got {list(x)}")
    c = x[1]
    view = (1, c) + (1,) * (len(x) - 2)
    fn = lambda x_, g, b, m, v: (x_ - m.reshape(view)) / jnp.sqrt(v.reshape(view) + 1e-5) * g.reshape(view) + b.reshape(view)
    return _eval("batch_norm", fn, x, (c,), (c,), (c,), (c,))


def _layer(l, x: tuple, where: str, depth: int) -> dict:
    """One layer on input shape x: {out, params, buffers, macs}."""
    if not isinstance(l, dict):
        raise Invalid(f"{where}: a layer must be an object, got {l!r}")
    op = l.get("op")
    if op not in KEYS:
        raise Invalid(f"{where}.op: unknown op {op!r}")
    check_keys(l, KEYS[op], f"network {where} ({op})")
    out, params, buffers, macs = x, 0, 0, 0
    if op in ("conv2d", "conv_transpose2d"):
        if len(x) != 4:
            raise Invalid(f"{where}: {op} needs a 4-D input, got {list(x)}")
        if "output_padding" in l and op == "conv2d":
            raise Invalid(f"{where}: conv2d has no output_padding")
        g = pos_int(l.get("groups", 1), f"{where}.groups")
        k = pair(l.get("kernel"), f"{where}.kernel", 1)
        c_out = pos_int(l.get("out_channels"), f"{where}.out_channels")
        if op == "conv2d":
            out = _conv2d(l, x, where)
            weight = (c_out, x[1] // g, *k)
            macs = math.prod(out) * math.prod(weight[1:])
        else:
            out = _conv_transpose2d(l, x, where)
            weight = (x[1], c_out // g, *k)
            macs = math.prod(x) * math.prod(weight[1:])
        params = math.prod(weight) + (c_out if boolean(l.get("bias", True), f"{where}.bias") else 0)
    elif op in ("max_pool2d", "avg_pool2d"):
        if len(x) != 4:
            raise Invalid(f"{where}: {op} needs a 4-D input, got {list(x)}")
        out = _pool(l, x, where, op)
    elif op == "adaptive_avg_pool2d":
        if len(x) != 4:
            raise Invalid(f"{where}: {op} needs a 4-D input, got {list(x)}")
        out = _adaptive(x, pair(l.get("output_size"), f"{where}.output_size", 1))
    elif op in ("batch_norm2d", "batch_norm1d"):
        out = _norm(x, op == "batch_norm2d", where)
        if boolean(l.get("affine", True), f"{where}.affine"):
            params = 2 * x[1]
        if boolean(l.get("track_running_stats", True), f"{where}.track_running_stats"):
            buffers = 2 * x[1]
    elif op in ("relu", "sigmoid", "tanh"):
        fn = {"relu": jax.nn.relu, "sigmoid": jax.nn.sigmoid, "tanh": jnp.tanh}[op]
        out = _eval(op, fn, x)
    elif op == "dropout":
        p = frac(l.get("p", "1/2"), f"{where}.p")
        if not 0 <= p <= 1:
            raise Invalid(f"{where}: dropout p must be in [0, 1], got {p}")
    elif op == "flatten":
        out = _eval("flatten", lambda x_: x_.reshape(x_.shape[0], -1), x)
    elif op == "linear":
        o = pos_int(l.get("out_features"), f"{where}.out_features")
        bias = boolean(l.get("bias", True), f"{where}.bias")
        fn = lambda x_, w_, b_: x_ @ w_.T + b_
        out = _eval("linear", fn, x, (o, x[-1]), (o,))
        params = o * x[-1] + (o if bias else 0)
        macs = math.prod(x) * o
    else:  # residual
        if depth >= 4:
            raise Invalid(f"{where}: residual blocks nested too deep")
        body, shortcut = l.get("body"), l.get("shortcut", [])
        if not isinstance(body, list) or not body or not isinstance(shortcut, list):
            raise Invalid(f"{where}: body must be a non-empty list, shortcut a list")
        a = _walk(body, x, f"{where}.body", depth + 1)
        b = _walk(shortcut, x, f"{where}.shortcut", depth + 1)
        out_a = a[-1]["out"]
        out_b = b[-1]["out"] if b else x
        if out_a != out_b:
            raise Invalid(f"{where}: body gives {list(out_a)}, shortcut {list(out_b)}: not addable as equal shapes")
        out = _eval("add", lambda u, v: u + v, out_a, out_b)
        params = sum(r["params"] for r in a + b)
        buffers = sum(r["buffers"] for r in a + b)
        macs = sum(r["macs"] for r in a + b)
    _check_positive(tuple(out), op, where)
    return {"out": tuple(out), "params": params, "buffers": buffers, "macs": macs}


def _walk(layers: list, x: tuple, where: str, depth: int = 0) -> list:
    rows = []
    for i, l in enumerate(layers):
        r = _layer(l, x, f"{where}[{i}]", depth)
        rows.append(r)
        x = r["out"]
    return rows


# ---------------------------------------------------------------- built-in networks (torchvision)

def _c(out, k, s=1, p=0, bias=True):
    return {"op": "conv2d", "out_channels": out, "kernel": k, "stride": s, "padding": p, "bias": bias}


def _mp(k, s, p=0):
    return {"op": "max_pool2d", "kernel": k, "stride": s, "padding": p}


R = {"op": "relu"}
BN = {"op": "batch_norm2d"}
D = {"op": "dropout", "p": 0.5}


def _lin(o):
    return {"op": "linear", "out_features": o}


def _vgg(cfg):
    layers = []
    for v in cfg:
        layers += [_mp(2, 2)] if v == "M" else [_c(v, 3, 1, 1), R]
    return layers + [{"op": "adaptive_avg_pool2d", "output_size": 7}, {"op": "flatten"},
                     _lin(4096), R, D, _lin(4096), R, D, _lin(1000)]


def _resnet18():
    layers = [_c(64, 7, 2, 3, False), BN, R, _mp(3, 2, 1)]
    inplanes = 64
    for planes, stride in ((64, 1), (128, 2), (256, 2), (512, 2)):
        for b in range(2):
            s = stride if b == 0 else 1
            body = [_c(planes, 3, s, 1, False), BN, R, _c(planes, 3, 1, 1, False), BN]
            down = [_c(planes, 1, s, 0, False), BN] if (s != 1 or inplanes != planes) else []
            layers += [{"op": "residual", "body": body, "shortcut": down}, R]
            inplanes = planes
    return layers + [{"op": "adaptive_avg_pool2d", "output_size": 1}, {"op": "flatten"}, _lin(1000)]


ARCHS = {
    "lenet5": ((1, 1, 32, 32), [
        _c(6, 5), {"op": "tanh"}, {"op": "avg_pool2d", "kernel": 2},
        _c(16, 5), {"op": "tanh"}, {"op": "avg_pool2d", "kernel": 2},
        {"op": "flatten"}, _lin(120), {"op": "tanh"}, _lin(84), {"op": "tanh"}, _lin(10)]),
    "alexnet": ((1, 3, 224, 224), [
        _c(64, 11, 4, 2), R, _mp(3, 2), _c(192, 5, 1, 2), R, _mp(3, 2),
        _c(384, 3, 1, 1), R, _c(256, 3, 1, 1), R, _c(256, 3, 1, 1), R, _mp(3, 2),
        {"op": "adaptive_avg_pool2d", "output_size": 6}, {"op": "flatten"},
        D, _lin(4096), R, D, _lin(4096), R, _lin(1000)]),
    "vgg11": ((1, 3, 224, 224), _vgg([64, "M", 128, "M", 256, 256, "M", 512, 512, "M", 512, 512, "M"])),
    "vgg16": ((1, 3, 224, 224), _vgg([64, 64, "M", 128, 128, "M", 256, 256, 256, "M",
                                      512, 512, 512, "M", 512, 512, 512, "M"])),
    "resnet18": ((1, 3, 224, 224), _resnet18()),
}
# Published parameter counts (torchvision's model cards; LeNet-5 counted from the paper's layers).
PUBLISHED = {"lenet5": 61_706, "alexnet": 61_100_840, "vgg11": 132_863_336, "vgg16": 138_357_544,
             "resnet18": 11_689_512}


def _bottleneck_saving(layers: list, inputs: list):
    """The first top-level residual block whose body convolutions are 1x1, 3x3, 1x1 (no groups, no
    dilation): weights of one 3x3 conv from its input to its output channels, less the three convs'
    weights (weight tensors [out, in, k, k], biases aside)."""
    for l, x in zip(layers, inputs):
        if l.get("op") != "residual":
            continue
        convs = [b for b in l["body"] if b.get("op") in ("conv2d", "conv_transpose2d")]
        if any(b["op"] != "conv2d" or b.get("groups", 1) != 1 or pair(b.get("dilation", 1), "d") != (1, 1)
               for b in convs):
            continue
        if [pair(b["kernel"], "k") for b in convs] != [(1, 1), (3, 3), (1, 1)]:
            continue
        c, m, w = x[1], convs[0]["out_channels"], convs[2]["out_channels"]
        shapes = [(m, c, 1, 1), (m, m, 3, 3), (w, m, 1, 1)]
        return math.prod((w, c, 3, 3)) - sum(math.prod(t) for t in shapes)
    return None


def _shape_arg(v, where):
    if not isinstance(v, list) or len(v) not in (2, 4):
        raise Invalid(f"{where}: expected [N, C, H, W] or [N, F], got {v!r}")
    return tuple(pos_int(d, f"{where}[{i}]") for i, d in enumerate(v))


def solve(p: dict) -> dict:
    check_keys(p, TOP_KEYS, "network")
    if "architecture" in p:
        if "layers" in p:
            raise Invalid("architecture and layers together")
        name = p["architecture"]
        if name not in ARCHS:
            raise Invalid(f"architecture: unknown {name!r}")
        default, layers = ARCHS[name]
        x = _input_shape(p.get("input", list(default)), "input")
        if x[1] != default[1] or (name == "lenet5" and x[2:] != default[2:]):
            raise Invalid(f"{name} does not take input {list(x)}")
    else:
        x = _shape_arg(p.get("input"), "input")
        layers = p.get("layers")
        if not isinstance(layers, list) or not layers:
            raise Invalid("layers: expected a non-empty list")
    rows = _walk(layers, x, "layers")
    if "architecture" in p and sum(r["params"] for r in rows) != PUBLISHED[p["architecture"]]:
        raise Invalid(f"{p['architecture']}: the oracle's layers miss the published parameter count")
    out = {}
    for i, r in enumerate(rows, start=1):
        out[f"shape_{i}"] = Num(list(r["out"]))
        out[f"params_{i}"] = Num(r["params"])
        out[f"macs_{i}"] = Num(r["macs"])
    out["output_shape"] = Num(list(rows[-1]["out"]))
    for key in ("params", "buffers", "macs"):
        out[key] = Num(sum(r[key] for r in rows))
    saving = _bottleneck_saving(layers, [x] + [r["out"] for r in rows])
    if saving is not None:
        out["pointwise_saving"] = Num(saving)
    for key, of in (("most_params", "params"), ("most_macs", "macs")):
        values = [r[of] for r in rows]
        if max(values) > 0:
            out[key] = Num(values.index(max(values)) + 1)  # the first of the largest
    return out

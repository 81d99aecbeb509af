"""conv-cost: one Conv2d on a given input, and the Flatten -> Linear -> Reshape that reproduces it.

The output shape comes from JAX (`conv._conv2d`: `lax.conv_general_dilated` under `eval_shape`);
the parameter count from the weight shape JAX accepts, [C_out, C_in/g, k_h, k_w], plus one bias per
filter; MACs count one multiply-accumulate per (output value, weight of its filter) pair, as
PyTorch's profilers do. The Linear needs one weight per (input feature, output feature) pair of the
flattened tensors and, when the conv has biases, one bias per output feature.
"""

import math
from fractions import Fraction

from . import conv
from .common import Num, boolean, check_keys, pair, pos_int

KEYS = {"input", "out_channels", "kernel", "stride", "padding", "dilation", "groups", "bias"}


def solve(p: dict) -> dict:
    check_keys(p, KEYS, "conv-cost")
    x = conv._input_shape(p.get("input"), "input")
    out = conv._conv2d(p, x, "params")
    g = pos_int(p.get("groups", 1), "groups")
    k = pair(p.get("kernel"), "kernel", 1)
    bias = boolean(p.get("bias", True), "bias")
    weight_shape = (out[1], x[1] // g, *k)
    params = math.prod(weight_shape) + (out[1] if bias else 0)
    macs = math.prod(out) * math.prod(weight_shape[1:])
    n = x[0]
    in_f, out_f = math.prod(x[1:]), math.prod(out[1:])
    linear_params = in_f * out_f + (out_f if bias else 0)
    return {
        "output_shape": Num(list(out)),
        "params": Num(params),
        "macs": Num(macs),
        "linear_params": Num(linear_params),
        "linear_macs": Num(n * in_f * out_f),
        "ratio": Num(float(Fraction(linear_params, params))),
    }

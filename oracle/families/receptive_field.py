"""receptive-field: which input pixels one output pixel depends on, found by walking index sets back
through the layers (no recurrence formula).

Per axis, output position i of a window layer (kernel k, stride s, dilation d, padding p) reads input
positions i*s - p + t*d for t = 0..k-1 (PyTorch's conv and pooling windows; pooling stride defaults to
the kernel). Starting from one pixel after layer l and mapping the set of positions back to the
input gives the pixels it sees: the receptive field is the extent max - min + 1 of that set (padding
positions count, as they are window positions), and the jump is how far the set moves when the
output pixel moves by one. The match question is checked the same way on a stack of n small stride-1
convolutions, n the fewest whose extent reaches the large kernel; weights from the weight shapes.
"""

from .common import Invalid, Num, check_keys, pair, pos_int

KEYS = {"layers", "match"}
LAYER_KEYS = {"op", "kernel", "stride", "dilation", "padding"}
MATCH_KEYS = {"kernel", "small_kernel", "in_channels", "out_channels"}


def _layers(raw) -> list:
    if not isinstance(raw, list) or not raw:
        raise Invalid("layers: expected a non-empty list")
    out = []
    for i, l in enumerate(raw):
        check_keys(l, LAYER_KEYS, "receptive-field layer")
        op = l.get("op", "conv2d")
        if op not in ("conv2d", "max_pool2d", "avg_pool2d"):
            raise Invalid(f"layers[{i}].op: unknown {op!r}")
        k = pair(l.get("kernel"), f"layers[{i}].kernel", 1)
        s = pair(l.get("stride", 1 if op == "conv2d" else list(k)), f"layers[{i}].stride", 1)
        if op == "avg_pool2d" and "dilation" in l:
            raise Invalid("AvgPool2d takes no dilation")
        d = pair(l.get("dilation", 1), f"layers[{i}].dilation", 1)
        p = pair(l.get("padding", 0), f"layers[{i}].padding", 0)
        if op != "conv2d" and any(2 * p[a] > d[a] * (k[a] - 1) + 1 for a in range(2)):
            raise Invalid("pooling padding above half the effective kernel (PyTorch raises)")
        out.append((k, s, d, p))
    return out


def _seen(layers, a: int, upto: int, i: int) -> set:
    """Input positions that position i after layer `upto` (1-based) reads, along axis a."""
    positions = {i}
    for k, s, d, p in reversed(layers[:upto]):
        positions = {j * s[a] - p[a] + t * d[a] for j in positions for t in range(k[a])}
    return positions


def _field_and_jump(layers, a: int, upto: int) -> tuple[int, int]:
    base = 5  # an interior output position; extents do not depend on it
    here, nxt = _seen(layers, a, upto, base), _seen(layers, a, upto, base + 1)
    return max(here) - min(here) + 1, min(nxt) - min(here)


def _answer(h, w):
    return Num(h) if h == w else Num([h, w])


def solve(p: dict) -> dict:
    check_keys(p, KEYS, "receptive-field")
    if ("layers" in p) == ("match" in p):
        raise Invalid("give exactly one of layers, match")
    if "match" in p:
        m = p["match"]
        check_keys(m, MATCH_KEYS, "receptive-field match")
        big = pos_int(m.get("kernel"), "match.kernel", 3)
        small = pos_int(m.get("small_kernel", 3), "match.small_kernel", 3)
        c_in = pos_int(m.get("in_channels"), "match.in_channels")
        c_out = pos_int(m.get("out_channels"), "match.out_channels")
        n = 0
        while True:
            n += 1
            stack = [((small, small), (1, 1), (1, 1), (0, 0))] * n
            field, _ = _field_and_jump(stack, 0, n)
            if field >= big:
                break
        if field != big:
            raise Invalid("no stack of small kernels matches the large kernel exactly")
        weights = [(c_out, c_in, small, small)] + [(c_out, c_out, small, small)] * (n - 1)
        return {
            "layers": Num(n),
            "receptive_field": Num(field),
            "single_weights": Num(c_out * c_in * big * big),
            "stack_weights": Num(sum(a * b * c * d for a, b, c, d in weights)),
        }
    layers = _layers(p["layers"])
    out = {}
    for upto in range(1, len(layers) + 1):
        (rh, jh), (rw, jw) = _field_and_jump(layers, 0, upto), _field_and_jump(layers, 1, upto)
        square = all(k[0] == k[1] and s[0] == s[1] and d[0] == d[1] for k, s, d, _ in layers)
        out[f"receptive_field_{upto}"] = Num(rh) if square else Num([rh, rw])
        out[f"jump_{upto}"] = Num(jh) if square else Num([jh, jw])
    out["receptive_field"] = out[f"receptive_field_{len(layers)}"]
    out["jump"] = out[f"jump_{len(layers)}"]
    return out

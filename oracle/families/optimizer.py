"""Oracle for `optimizer`: k steps of an optax optimizer configured to match `torch.optim`.

- adam: scale_by_adam (m, v, bias correction) after PyTorch's coupled L2 weight decay (g + wd*theta).
- adamw: scale_by_adam, then decoupled decay (optax.adamw's chain; equals PyTorch's theta *= 1 - lr*wd).
- sgd: g + wd*theta, theta -= lr*g.
- momentum: optax.trace (b = mu*b + g, PyTorch's buffer with dampening 0), theta -= lr*b.
- rmsprop: scale_by_rms(eps_in_sqrt=False, initial_scale=0): v = alpha v + (1-alpha) g^2,
  theta -= lr g / (sqrt(v) + eps) as PyTorch (optax's default puts eps inside the sqrt).
- bias_correction false (adam/adamw): m, v are plain EMAs (optax.ema with debias=False) and the step
  is lr m / (sqrt(v) + eps); m_hat_t, v_hat_t then equal m_t, v_t.
- the sub-questions: first_update = theta_1 - theta_0; m_factor, v_factor = [1 - beta^t];
  theta_1_uncorrected / theta_1_corrected (the other bias correction, one step), theta_1_adamw and
  theta_1_adam_l2 (the other weight decay, one step), theta_k_sgd (momentum's run without momentum),
  lr_max = 1 / max(a) (SGD on the quadratic converges for 0 < lr < 1/max a).
Gradients are given per step, or come from jax.grad of f(theta) = sum a (theta - c)^2 at the current theta.
Defaults for missing hyper-parameters are PyTorch's.
"""

import optax

from ._common import Invalid, Num, boolean, check_keys, frac, jax, jnp, np, pos_int, real, tensor

KEYS = {"algorithm", "theta", "grads", "objective", "steps", "lr", "beta1", "beta2", "alpha", "eps",
        "weight_decay", "momentum", "bias_correction"}
DEFAULT_LR = {"adam": 1e-3, "adamw": 1e-3, "sgd": 1e-3, "momentum": 1e-3, "rmsprop": 1e-2}
HAS = {"adam": ("m", "v", "m_hat", "v_hat", "theta"), "adamw": ("m", "v", "m_hat", "v_hat", "theta"),
       "sgd": ("theta",), "momentum": ("m", "theta"), "rmsprop": ("v", "theta")}


def _ema_no_debias(b1, b2, eps):
    """Adam without bias correction, from optax's ema: update = m / (sqrt(v) + eps)."""
    m_ema, v_ema = optax.ema(b1, debias=False), optax.ema(b2, debias=False)

    def init(params):
        return (m_ema.init(params), v_ema.init(params))

    def update(g, state, params=None):
        m, ms = m_ema.update(g, state[0])
        v, vs = v_ema.update(jax.tree.map(jnp.square, g), state[1])
        return jax.tree.map(lambda a, b: a / (jnp.sqrt(b) + eps), m, v), (ms, vs)

    return optax.GradientTransformation(init, update)


def solve(p: dict) -> dict:
    check_keys(p, KEYS, "optimizer")
    alg = p.get("algorithm", "adam")
    if alg not in HAS:
        raise Invalid(f"algorithm: unknown {alg!r} (known: {sorted(HAS)})")
    theta = jnp.asarray(tensor(p.get("theta"), "theta"))
    if theta.ndim != 1:
        raise Invalid(f"theta must be a vector [p], got shape {theta.shape}")

    if ("grads" in p) == ("objective" in p):
        raise Invalid("give exactly one of grads and objective")
    if "grads" in p:
        grads = tensor(p["grads"], "grads")
        if grads.ndim != 2 or grads.shape[1] != theta.shape[0]:
            raise Invalid(f"grads must be [[p], ...] with p = {theta.shape[0]}, got shape {grads.shape}")
        steps = pos_int(p.get("steps", grads.shape[0]), "steps")
        if steps != grads.shape[0]:
            raise Invalid(f"steps = {steps} but {grads.shape[0]} gradients are given")
        grad_at = lambda t, th: jnp.asarray(grads[t - 1])  # noqa: E731
    else:
        obj = p["objective"]
        if not isinstance(obj, dict) or set(obj) != {"quadratic"} or not isinstance(obj["quadratic"], dict):
            raise Invalid(f"objective: expected {{\"quadratic\": {{\"a\": [..], \"c\": [..]}}}}, got {obj!r}")
        q = obj["quadratic"]
        check_keys(q, {"a", "c"}, "optimizer objective.quadratic")
        a, c = jnp.asarray(tensor(q.get("a"), "a")), jnp.asarray(tensor(q.get("c"), "c"))
        if a.shape != theta.shape or c.shape != theta.shape:
            raise Invalid("objective.quadratic a and c must have the shape of theta")
        f = lambda th: jnp.sum(a * (th - c) ** 2)  # noqa: E731
        steps = pos_int(p.get("steps"), "steps")
        grad_at = lambda t, th: jax.grad(f)(th)  # noqa: E731

    lr = real(p.get("lr", DEFAULT_LR[alg]), "lr")
    b1 = real(p.get("beta1", 0.9), "beta1")
    eps = real(p.get("eps", 1e-8), "eps")
    wd = real(p.get("weight_decay", 1e-2 if alg == "adamw" else 0), "weight_decay")
    bc = boolean(p.get("bias_correction", True), "bias_correction")
    if alg == "rmsprop":
        if "beta2" in p and "alpha" in p and frac(p["beta2"], "beta2") != frac(p["alpha"], "alpha"):
            raise Invalid("beta2 and alpha disagree")
        b2 = real(p.get("beta2", p.get("alpha", 0.99)), "beta2")
    else:
        b2 = real(p.get("beta2", 0.999), "beta2")
    if alg == "momentum" and "momentum" not in p:
        raise Invalid("algorithm momentum needs the momentum coefficient")
    mu = real(p.get("momentum", 0), "momentum")

    def trajectory(alg, steps, bc):
        """Runs `alg` for `steps` steps; returns ({answer id: Num}, [theta_0, ..., theta_steps])."""
        decay = [optax.add_decayed_weights(wd)] if wd else []
        if alg == "adam":
            core = optax.scale_by_adam(b1, b2, eps) if bc else _ema_no_debias(b1, b2, eps)
            tx = optax.chain(*decay, core, optax.scale(-lr))
            idx = len(decay)
        elif alg == "adamw":
            core = optax.scale_by_adam(b1, b2, eps) if bc else _ema_no_debias(b1, b2, eps)
            tx = optax.chain(core, optax.add_decayed_weights(wd), optax.scale(-lr))
            idx = 0
        elif alg == "sgd":
            tx = optax.chain(*decay, optax.scale(-lr))
            idx = None
        elif alg == "momentum":
            tx = optax.chain(*decay, optax.trace(decay=mu, nesterov=False), optax.scale(-lr))
            idx = len(decay)
        else:  # rmsprop
            tx = optax.chain(*decay, optax.scale_by_rms(decay=b2, eps=eps, initial_scale=0.0, eps_in_sqrt=False),
                             optax.scale(-lr))
            idx = len(decay)
        th = theta
        state = tx.init(th)
        out: dict = {}
        thetas = [th]
        for t in range(1, steps + 1):
            g = grad_at(t, th)
            updates, state = tx.update(g, state, th)
            th = optax.apply_updates(th, updates)
            thetas.append(th)
            inner = state[idx] if idx is not None else None
            vals = {"theta": th}
            if alg in ("adam", "adamw"):
                if bc:
                    m, v = inner.mu, inner.nu
                    vals.update(m=m, v=v, m_hat=m / (1 - b1 ** t), v_hat=v / (1 - b2 ** t))
                else:
                    m, v = inner[0].ema, inner[1].ema
                    vals.update(m=m, v=v, m_hat=m, v_hat=v)
            elif alg == "momentum":
                vals["m"] = inner.trace
            elif alg == "rmsprop":
                vals["v"] = inner.nu
            for name in HAS[alg]:
                out[f"{name}_{t}"] = Num(np.asarray(vals[name]))
        return out, thetas

    out, thetas = trajectory(alg, steps, bc)
    # The sub-questions (each recomputed from the params alone):
    out["first_update"] = Num(np.asarray(thetas[1] - thetas[0]))
    out["m_factor"] = Num(np.asarray([1 - b1 ** t for t in range(1, steps + 1)]))
    out["v_factor"] = Num(np.asarray([1 - b2 ** t for t in range(1, steps + 1)]))
    if alg in ("adam", "adamw"):
        other = trajectory(alg, 1, not bc)[1][1]
        out["theta_1_corrected" if not bc else "theta_1_uncorrected"] = Num(np.asarray(other))
        out["theta_1_adamw"] = Num(np.asarray(trajectory("adamw", 1, bc)[1][1]))
        out["theta_1_adam_l2"] = Num(np.asarray(trajectory("adam", 1, bc)[1][1]))
    if alg == "momentum":
        out[f"theta_{steps}_sgd"] = Num(np.asarray(trajectory("sgd", steps, bc)[1][steps]))
    if "objective" in p:
        out["lr_max"] = Num(np.asarray(1.0 / float(jnp.max(a))))
    return out

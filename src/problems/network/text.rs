//! The worked steps of `network`: the output sizes, a table of shapes and parameters, a table of
//! multiply-accumulates, the totals and the largest layers; and the answers.

use super::describe::module;
use super::net::Net;
use super::walk::{Kind, Node};
use crate::num::{Q, Shape};
use crate::solution::{Answer, Step};

fn t(q: &Q) -> String {
    q.tex().to_string()
}

fn ti(v: i64) -> String {
    t(&Q::int(v))
}

/// LaTeX of a shape.
pub fn shape_tex(dims: &[i64]) -> String {
    to_shape(dims).tex().to_string()
}

fn to_shape(dims: &[i64]) -> Shape {
    Shape(dims.iter().map(|&v| Q::int(v)).collect())
}

fn product(factors: &[i64]) -> String {
    let parts: Vec<String> = factors.iter().map(|&v| ti(v)).collect();
    parts.join(r" \cdot ")
}

/// Every layer with its label (`3`, `4.1` in a body, `4.s1` in a shortcut), depth first.
pub fn rows(net: &Net) -> Vec<(String, &Node)> {
    fn visit<'a>(nodes: &'a [Node], prefix: &str, out: &mut Vec<(String, &'a Node)>) {
        for (i, n) in nodes.iter().enumerate() {
            let label = format!("{prefix}{}", i + 1);
            out.push((label.clone(), n));
            if let Kind::Residual { body, shortcut } = &n.kind {
                visit(body, &format!("{label}."), out);
                visit(shortcut, &format!("{label}.s"), out);
            }
        }
    }
    let mut out = Vec::new();
    visit(&net.layers, "", &mut out);
    out
}

/// A sum written out: `a + b = c` (only the non-zero terms), or just `0`.
fn sum_text(terms: &[&Q], total: &Q) -> String {
    let nonzero: Vec<String> = terms
        .iter()
        .filter(|q| !q.is_zero())
        .map(|q| t(q))
        .collect();
    match nonzero.len() {
        0 => "0".to_string(),
        1 => nonzero[0].clone(),
        _ => format!("{} = {}", nonzero.join(" + "), t(total)),
    }
}

/// The parameter count of a layer with its formula.
fn params_formula(node: &Node) -> String {
    let total = t(&node.params);
    match &node.kind {
        Kind::Conv(c) => {
            let weights = if c.transposed {
                product(&[c.c_in, c.c_out / c.g, c.k[0], c.k[1]])
            } else {
                product(&[c.c_out, c.c_in / c.g, c.k[0], c.k[1]])
            };
            let bias = if c.bias {
                format!(" + {}", ti(c.c_out))
            } else {
                String::new()
            };
            format!("{weights}{bias} = {total}")
        }
        Kind::Linear {
            in_f, out_f, bias, ..
        } => {
            let b = if *bias {
                format!(" + {}", ti(*out_f))
            } else {
                String::new()
            };
            format!("{}{b} = {total}", product(&[*in_f, *out_f]))
        }
        Kind::Norm {
            c, affine: true, ..
        } => format!(r"2 \cdot {} = {total}", ti(*c)),
        Kind::Residual { .. } => format!(r"{total} \text{{ (sum of its rows)}}"),
        _ => "0".to_string(),
    }
}

/// The multiply-accumulates of a layer with their formula.
fn macs_formula(node: &Node) -> String {
    let total = t(&node.macs);
    match &node.kind {
        Kind::Conv(c) if c.transposed => {
            let x = &node.input;
            format!(
                "{} = {total}",
                product(&[x[0], x[1], x[2], x[3], c.c_out / c.g, c.k[0], c.k[1]])
            )
        }
        Kind::Conv(c) => {
            let y = &node.output;
            format!(
                "{} = {total}",
                product(&[y[0], y[1], y[2], y[3], c.c_in / c.g, c.k[0], c.k[1]])
            )
        }
        Kind::Linear { in_f, out_f, .. } => {
            let mut factors = node.input[..node.input.len() - 1].to_vec();
            factors.extend([*in_f, *out_f]);
            format!("{} = {total}", product(&factors))
        }
        Kind::Residual { .. } => format!(r"{total} \text{{ (sum of its rows)}}"),
        _ => "0".to_string(),
    }
}

/// How one spatial size comes about, for the layers that change it.
fn size_line(label: &str, node: &Node) -> Option<String> {
    let square_in = node.input.get(2) == node.input.get(3);
    let axes = |symmetric: bool, f: &dyn Fn(usize) -> String| {
        if square_in && symmetric {
            format!("${}$ (and $W$ alike)", f(0))
        } else {
            format!("${}$, ${}$", f(0), f(1))
        }
    };
    let sym = |v: [i64; 2]| v[0] == v[1];
    let name = ["H", "W"];
    let body = match &node.kind {
        Kind::Conv(c) if c.transposed => axes(
            sym(c.k) && sym(c.s) && sym(c.p) && sym(c.d) && sym(c.a),
            &|i| {
                let n = node.input[2 + i];
                let reach = if c.d[i] == 1 {
                    format!("{}", c.k[i] - 1)
                } else {
                    format!(r"{} \cdot {}", c.d[i], c.k[i] - 1)
                };
                let extra = if c.a[i] > 0 {
                    format!(" + {}", c.a[i])
                } else {
                    String::new()
                };
                format!(
                    r"{} = ({n} - 1) \cdot {} - 2 \cdot {} + {reach}{extra} + 1 = {}",
                    name[i],
                    c.s[i],
                    c.p[i],
                    node.output[2 + i]
                )
            },
        ),
        Kind::Conv(c) => axes(sym(c.k) && sym(c.s) && sym(c.p) && sym(c.d), &|i| {
            window_text(
                name[i],
                node.input[2 + i],
                c.k[i],
                c.s[i],
                c.p[i],
                c.d[i],
                false,
                node.output[2 + i],
            )
        }),
        Kind::Pool(p) => axes(sym(p.k) && sym(p.s) && sym(p.p) && sym(p.d), &|i| {
            window_text(
                name[i],
                node.input[2 + i],
                p.k[i],
                p.s[i],
                p.p[i],
                p.d[i],
                p.ceil,
                node.output[2 + i],
            )
        }),
        Kind::Adaptive(o) => format!(
            r"the output size is set: ${} \times {}$ whatever the input",
            o[0], o[1]
        ),
        Kind::Flatten if node.input.len() == 4 => format!(
            r"$C \cdot H \cdot W = {} = {}$ features",
            product(&node.input[1..]),
            ti(node.output[1])
        ),
        _ => return None,
    };
    Some(format!("- {label} ({}): {body}", module(node)))
}

#[allow(clippy::too_many_arguments)]
fn window_text(axis: &str, n: i64, k: i64, s: i64, p: i64, d: i64, ceil: bool, out: i64) -> String {
    let reach = if d == 1 {
        format!("{k}")
    } else {
        format!(r"{d} \cdot {} - 1", k - 1)
    };
    let pad = if p == 0 {
        String::new()
    } else {
        format!(r" + 2 \cdot {p}")
    };
    let (open, close) = if ceil {
        (r"\left\lceil", r"\right\rceil")
    } else {
        (r"\left\lfloor", r"\right\rfloor")
    };
    let numer = n + 2 * p - d * (k - 1) - 1;
    let division = if s == 1 {
        format!("{n}{pad} - {reach} + 1 = {out}")
    } else {
        let quotient = if ceil {
            (numer + s - 1).div_euclid(s)
        } else {
            numer.div_euclid(s)
        };
        let dropped = if quotient + 1 != out {
            " (the last window would start in the padding: dropped)"
        } else {
            ""
        };
        format!(r"{open} \frac{{{n}{pad} - {reach}}}{{{s}}} {close} + 1 = {out}{dropped}")
    };
    format!("{axis} = {division}")
}

/// The output-size step: the rule, then one line per layer that changes the size.
pub fn sizes_step(net: &Net) -> Option<Step> {
    let lines: Vec<String> = rows(net)
        .iter()
        .filter_map(|(label, node)| size_line(label, node))
        .collect();
    if lines.is_empty() {
        return None;
    }
    let mut body = String::from(
        r"A convolution or pooling window of size $k$ (dilation $d$, stride $s$, padding $p$) gives $\left\lfloor \frac{n + 2p - d(k-1) - 1}{s} \right\rfloor + 1$ positions along a side of length $n$; the other layers keep the size, a Linear changes only the last dimension.",
    );
    body.push_str("\n\n");
    body.push_str(&lines.join("\n"));
    Some(Step::new("Output sizes", body))
}

/// Appends `lines` as one table under `header`, after a blank line (the LaTeX view splits a long
/// table where the page may break).
fn push_table(body: &mut String, header: &str, lines: &[String]) {
    body.push_str("\n\n");
    body.push_str(header);
    for line in lines {
        body.push('\n');
        body.push_str(line);
    }
}

/// The table of shapes and parameters.
pub fn params_step(net: &Net) -> Step {
    let mut body = String::from(
        r"Parameters per layer: a convolution has $C_{\text{out}} \cdot \frac{C_{\text{in}}}{g} \cdot k_h \cdot k_w$ weights and $C_{\text{out}}$ biases, a Linear $\text{in} \cdot \text{out}$ weights and $\text{out}$ biases, batch norm $\gamma$ and $\beta$ ($2C$); pooling, activations, dropout and flatten have none.",
    );
    let mut lines = vec![format!("| input | ${}$ | |", shape_tex(&net.input))];
    for (label, node) in rows(net) {
        lines.push(format!(
            "| {label} {} | ${}$ | ${}$ |",
            module(node),
            shape_tex(&node.output),
            params_formula(node)
        ));
    }
    push_table(
        &mut body,
        "| layer | output shape | parameters |\n|---|---|---|",
        &lines,
    );
    Step::new("Shapes and parameters", body)
}

/// The table of multiply-accumulates.
pub fn macs_step(net: &Net) -> Step {
    let mut body = String::from(
        r"A convolution does $\frac{C_{\text{in}}}{g} k_h k_w$ multiply-accumulates for each of the $N C_{\text{out}} H_{\text{out}} W_{\text{out}}$ output values (a transposed one $\frac{C_{\text{out}}}{g} k_h k_w$ for each input value); a Linear does $\text{in} \cdot \text{out}$ for each vector it is applied to. The other layers are not counted.",
    );
    let lines: Vec<String> = rows(net)
        .iter()
        .map(|(label, node)| format!("| {label} {} | ${}$ |", module(node), macs_formula(node)))
        .collect();
    push_table(
        &mut body,
        "| layer | multiply-accumulates |\n|---|---|",
        &lines,
    );
    Step::new("Multiply-accumulates", body)
}

/// A total: the top-level terms when few, else the sums per module.
fn total_text(net: &Net, of: fn(&Node) -> &Q, total: &Q) -> String {
    let terms: Vec<&Q> = net.layers.iter().map(of).filter(|q| !q.is_zero()).collect();
    if terms.len() <= 6 {
        return sum_text(&terms, total);
    }
    let mut groups: Vec<(&'static str, usize, Q)> = Vec::new();
    for (_, node) in rows(net) {
        if matches!(node.kind, Kind::Residual { .. }) || of(node).is_zero() {
            continue;
        }
        let m = module(node);
        match groups.iter_mut().find(|g| g.0 == m) {
            Some(g) => {
                g.1 += 1;
                g.2 = &g.2 + of(node);
            }
            None => groups.push((m, 1, of(node).clone())),
        }
    }
    let parts: Vec<String> = groups
        .iter()
        .map(|(m, n, q)| format!(r"\underbrace{{{}}}_{{\text{{{n} {m}}}}}", t(q)))
        .collect();
    if parts.len() == 1 {
        return parts[0].clone();
    }
    format!("{} = {}", parts.join(" + "), t(total))
}

/// Channel counts as a sum, runs of equal counts as products when the list is long
/// (`5 \cdot 64 + 4 \cdot 128`).
fn grouped(values: &[i64]) -> Vec<String> {
    if values.len() <= 6 {
        return values.iter().map(|&c| ti(c)).collect();
    }
    let mut groups: Vec<(i64, usize)> = Vec::new();
    for &v in values {
        match groups.iter_mut().find(|g| g.0 == v) {
            Some(g) => g.1 += 1,
            None => groups.push((v, 1)),
        }
    }
    groups
        .iter()
        .map(|&(v, n)| {
            if n == 1 {
                ti(v)
            } else {
                format!(r"{n} \cdot {}", ti(v))
            }
        })
        .collect()
}

/// The totals.
pub fn totals_step(net: &Net) -> Step {
    let norms: Vec<i64> = rows(net)
        .iter()
        .filter_map(|(_, n)| match n.kind {
            Kind::Norm { c, track: true, .. } => Some(c),
            _ => None,
        })
        .collect();
    let buffers = if norms.is_empty() {
        "No batch norm, so no buffers: $0$.".to_string()
    } else {
        let channels = grouped(&norms);
        let sum = if channels.len() == 1 {
            channels[0].clone()
        } else {
            format!("({})", channels.join(" + "))
        };
        format!(
            r"Each batch norm also keeps a running mean and a running variance per channel ($2C$ buffers, updated in training, not learned):

$$\text{{buffers}} = 2 \cdot {sum} = {}.$$",
            t(&net.buffers())
        )
    };
    let params = net.params();
    let macs = net.macs();
    Step::new(
        "Totals",
        format!(
            r"The output is the last layer's: ${}$.

$$\text{{params}} = {}.$$

{buffers}

$$\text{{MACs}} = {}.$$",
            shape_tex(net.output()),
            total_text(net, |n| &n.params, &params),
            total_text(net, |n| &n.macs, &macs),
        ),
    )
}

fn ties(net: &Net, of: fn(&Node) -> &Q, best: usize) -> String {
    let others: Vec<String> = net
        .layers
        .iter()
        .enumerate()
        .filter(|(i, n)| *i != best && of(n) == of(&net.layers[best]))
        .map(|(i, _)| (i + 1).to_string())
        .collect();
    if others.is_empty() {
        String::new()
    } else {
        format!(
            " (layer {} has as many; the first is named)",
            others.join(", ")
        )
    }
}

/// Which layer holds the most parameters and which does the most computation.
pub fn largest_step(net: &Net) -> Option<Step> {
    let p = net.largest(|n| &n.params)?;
    let m = net.largest(|n| &n.macs)?;
    let (pn, mn) = (&net.layers[p], &net.layers[m]);
    let why = if p == m {
        "Here one layer leads in both."
    } else {
        "They differ because a convolution reuses its few weights at every position (many MACs per weight), while a Linear uses each of its many weights once per input vector."
    };
    Some(Step::new(
        "The largest layers",
        format!(
            "Most parameters: layer {} ({}) with ${}${}. Most multiply-accumulates: layer {} ({}) with ${}${}. {why}",
            p + 1,
            module(pn),
            t(&pn.params),
            ties(net, |n| &n.params, p),
            m + 1,
            module(mn),
            t(&mn.macs),
            ties(net, |n| &n.macs, m),
        ),
    ))
}

/// What the 1x1 convolutions of a bottleneck block save.
pub fn bottleneck_step(net: &Net) -> Option<Step> {
    let b = net.bottleneck()?;
    Some(Step::new(
        "What the 1x1 convolutions save",
        format!(
            r"Block {} reduces ${}$ channels to ${}$ with a $1 \times 1$ conv, runs its $3 \times 3$ conv on ${}$ channels and expands to ${}$ with a $1 \times 1$ conv. Weights (biases aside):

$${} \cdot {} + 9 \cdot {} \cdot {} + {} \cdot {} = {}.$$

One $3 \times 3$ conv from ${}$ to ${}$ channels would need $9 \cdot {} \cdot {} = {}$ weights, so the $1 \times 1$ convs save ${} - {} = {}$ weights.",
            b.index + 1,
            b.c,
            b.m,
            b.m,
            b.w,
            ti(b.c),
            ti(b.m),
            ti(b.m),
            ti(b.m),
            ti(b.m),
            ti(b.w),
            t(&b.weights()),
            b.c,
            b.w,
            ti(b.c),
            ti(b.w),
            t(&b.plain()),
            t(&b.plain()),
            t(&b.weights()),
            t(&b.saving()),
        ),
    ))
}

/// The answers: per layer, then the totals, then the largest layers.
pub fn answers(net: &Net) -> Vec<Answer> {
    let mut out = Vec::new();
    for (i, node) in net.layers.iter().enumerate() {
        let name = format!("layer {} ({})", i + 1, module(node));
        out.push(Answer::shape(
            &format!("shape_{}", i + 1),
            &format!("output shape of {name}"),
            &to_shape(&node.output),
        ));
        out.push(Answer::scalar(
            &format!("params_{}", i + 1),
            &format!("parameters of {name}"),
            &node.params,
        ));
        out.push(Answer::scalar(
            &format!("macs_{}", i + 1),
            &format!("multiply-accumulates of {name}"),
            &node.macs,
        ));
    }
    out.push(Answer::shape(
        "output_shape",
        "output shape",
        &to_shape(net.output()),
    ));
    out.push(Answer::scalar(
        "params",
        "learnable parameters",
        &net.params(),
    ));
    out.push(Answer::scalar(
        "buffers",
        "buffers (running means and variances)",
        &net.buffers(),
    ));
    out.push(Answer::scalar("macs", "multiply-accumulates", &net.macs()));
    if let Some(p) = net.largest(|n| &n.params) {
        out.push(Answer::scalar(
            "most_params",
            "the layer with the most parameters",
            &Q::int(p as i64 + 1),
        ));
    }
    if let Some(m) = net.largest(|n| &n.macs) {
        out.push(Answer::scalar(
            "most_macs",
            "the layer with the most multiply-accumulates",
            &Q::int(m as i64 + 1),
        ));
    }
    if let Some(b) = net.bottleneck() {
        out.push(Answer::scalar(
            "pointwise_saving",
            "weights the 1x1 convs save against one 3x3 conv",
            &b.saving(),
        ));
    }
    out
}

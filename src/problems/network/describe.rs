//! How a checked layer is written: its PyTorch call (the question lists them) and its module
//! name (the tables' rows).

use super::walk::{ConvK, Kind, Node, PoolK};

/// `3` or `(3, 5)`, as PyTorch's arguments are written.
fn arg(v: [i64; 2]) -> String {
    if v[0] == v[1] {
        v[0].to_string()
    } else {
        format!("({}, {})", v[0], v[1])
    }
}

fn conv_call(c: &ConvK) -> String {
    let module = if c.transposed {
        "ConvTranspose2d"
    } else {
        "Conv2d"
    };
    let mut s = format!(
        "nn.{module}({}, {}, kernel_size={}",
        c.c_in,
        c.c_out,
        arg(c.k)
    );
    for (name, v, default) in [
        ("stride", c.s, 1),
        ("padding", c.p, 0),
        ("output_padding", c.a, 0),
        ("dilation", c.d, 1),
    ] {
        if v != [default, default] {
            s.push_str(&format!(", {name}={}", arg(v)));
        }
    }
    if c.g > 1 {
        s.push_str(&format!(", groups={}", c.g));
    }
    if !c.bias {
        s.push_str(", bias=False");
    }
    s.push(')');
    s
}

fn pool_call(p: &PoolK) -> String {
    let module = if p.max { "MaxPool2d" } else { "AvgPool2d" };
    let mut s = format!("nn.{module}(kernel_size={}", arg(p.k));
    if p.s != p.k {
        s.push_str(&format!(", stride={}", arg(p.s)));
    }
    if p.p != [0, 0] {
        s.push_str(&format!(", padding={}", arg(p.p)));
    }
    if p.d != [1, 1] {
        s.push_str(&format!(", dilation={}", arg(p.d)));
    }
    if p.ceil {
        s.push_str(", ceil_mode=True");
    }
    s.push(')');
    s
}

/// The PyTorch call of a layer that is not a residual block (`nn.Conv2d(3, 8, kernel_size=3)`).
pub fn call(node: &Node) -> String {
    match &node.kind {
        Kind::Conv(c) => conv_call(c),
        Kind::Pool(p) => pool_call(p),
        Kind::Adaptive(o) => format!("nn.AdaptiveAvgPool2d({})", arg(*o)),
        Kind::Norm {
            two_d,
            c,
            affine,
            track,
        } => {
            let mut s = format!("nn.BatchNorm{}d({c}", if *two_d { 2 } else { 1 });
            if !affine {
                s.push_str(", affine=False");
            }
            if !track {
                s.push_str(", track_running_stats=False");
            }
            s.push(')');
            s
        }
        Kind::Act(name) => match *name {
            "relu" => "nn.ReLU()".to_string(),
            "sigmoid" => "nn.Sigmoid()".to_string(),
            _ => "nn.Tanh()".to_string(),
        },
        Kind::Dropout(p) => {
            if *p == crate::num::Q::frac(1, 2) {
                "nn.Dropout()".to_string()
            } else {
                match p.exact_decimal(6) {
                    Some(d) => format!("nn.Dropout(p={d})"),
                    None => format!("nn.Dropout(p={p})"),
                }
            }
        }
        Kind::Flatten => "nn.Flatten()".to_string(),
        Kind::Linear {
            in_f, out_f, bias, ..
        } => {
            let b = if *bias { "" } else { ", bias=False" };
            format!("nn.Linear({in_f}, {out_f}{b})")
        }
        Kind::Residual { .. } => "residual".to_string(),
    }
}

/// The module name of a layer (`Conv2d`, `residual`).
pub fn module(node: &Node) -> &'static str {
    match &node.kind {
        Kind::Conv(c) if c.transposed => "ConvTranspose2d",
        Kind::Conv(_) => "Conv2d",
        Kind::Pool(p) if p.max => "MaxPool2d",
        Kind::Pool(_) => "AvgPool2d",
        Kind::Adaptive(_) => "AdaptiveAvgPool2d",
        Kind::Norm { two_d: true, .. } => "BatchNorm2d",
        Kind::Norm { .. } => "BatchNorm1d",
        Kind::Act("relu") => "ReLU",
        Kind::Act("sigmoid") => "Sigmoid",
        Kind::Act(_) => "Tanh",
        Kind::Dropout(_) => "Dropout",
        Kind::Flatten => "Flatten",
        Kind::Linear { .. } => "Linear",
        Kind::Residual { .. } => "residual block",
    }
}

/// One line of the question for a top-level layer: its call in code, or for a residual block
/// its two paths in words.
pub fn question_line(node: &Node) -> String {
    match &node.kind {
        Kind::Residual { body, shortcut } => {
            let path = |nodes: &[Node]| {
                let parts: Vec<String> = nodes.iter().map(words).collect();
                parts.join("; ")
            };
            let side = if shortcut.is_empty() {
                "the identity".to_string()
            } else {
                path(shortcut)
            };
            format!(
                "residual block, output = body($x$) + shortcut($x$). Body: {}. Shortcut: {side}",
                path(body)
            )
        }
        _ => {
            let code = call(node);
            // Code does not break inside a LaTeX line: a long call is written in words.
            if code.len() > MAX_CODE_CHARS {
                format!("{}: {}", module(node), words(node))
            } else {
                format!("`{code}`")
            }
        }
    }
}

/// The longest PyTorch call the question writes as code (longer ones overflow a LaTeX line).
const MAX_CODE_CHARS: usize = 66;

fn times(v: [i64; 2]) -> String {
    format!(r"${} \times {}$", v[0], v[1])
}

fn extras(parts: &mut Vec<String>, items: &[(&str, [i64; 2], i64)]) {
    for (name, v, default) in items {
        if *v != [*default, *default] {
            parts.push(format!("{name} {}", arg(*v)));
        }
    }
}

/// A layer in words with math (`conv $3 \times 3$, $64$ filters, stride 2`), for the layers
/// inside a residual block (code would make lines that cannot be justified).
pub fn words(node: &Node) -> String {
    let mut parts: Vec<String> = Vec::new();
    match &node.kind {
        Kind::Conv(c) => {
            let name = if c.transposed {
                "transposed conv"
            } else {
                "conv"
            };
            parts.push(format!("{name} {}", times(c.k)));
            parts.push(format!("${}$ filters", c.c_out));
            extras(
                &mut parts,
                &[
                    ("stride", c.s, 1),
                    ("padding", c.p, 0),
                    ("output padding", c.a, 0),
                    ("dilation", c.d, 1),
                ],
            );
            if c.g > 1 {
                parts.push(format!("{} groups", c.g));
            }
            if !c.bias {
                parts.push("no bias".to_string());
            }
        }
        Kind::Pool(p) => {
            parts.push(format!(
                "{} pool {}",
                if p.max { "max" } else { "average" },
                times(p.k)
            ));
            if p.s != p.k {
                parts.push(format!("stride {}", arg(p.s)));
            }
            extras(&mut parts, &[("padding", p.p, 0), ("dilation", p.d, 1)]);
            if p.ceil {
                parts.push("ceil mode".to_string());
            }
        }
        Kind::Adaptive(o) => parts.push(format!("adaptive average pool to {}", times(*o))),
        Kind::Norm { affine, track, .. } => {
            parts.push("batch norm".to_string());
            if !affine {
                parts.push("no affine".to_string());
            }
            if !track {
                parts.push("no running statistics".to_string());
            }
        }
        Kind::Linear { out_f, bias, .. } => {
            parts.push(format!("Linear to ${out_f}$ features"));
            if !bias {
                parts.push("no bias".to_string());
            }
        }
        Kind::Residual { .. } => return format!("({})", question_line(node)),
        Kind::Dropout(_) => parts.push(format!("dropout (`{}`)", call(node))),
        _ => parts.push(module(node).to_string()),
    }
    parts.join(", ")
}

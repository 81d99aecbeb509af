//! The solution's figure: the layer stack with the output shape of every layer, as the classic
//! architecture tables draw it (a long network shows its first and last layers and says how many
//! it leaves out), from the solver's walk through the network.

use super::describe::module;
use super::net::Net;
use super::walk::{Kind, Node};
use crate::figure::stack::{Layer, stack};
use crate::figure::{Figure, Label};

/// Most layers drawn; a longer network keeps its first `MAX - 3` and last 2.
const MAX: usize = 10;

/// `1×3×32×32`.
fn shape(dims: &[i64]) -> Label {
    let text: Vec<String> = dims.iter().map(i64::to_string).collect();
    Label::math(&text.join(r" \times "), text.join("×"))
}

/// `3×5` or `3` for a square pair.
fn pair(v: [i64; 2]) -> (String, String) {
    match v[0] == v[1] {
        true => (format!("{0}×{0}", v[0]), format!(r"${0} \times {0}$", v[0])),
        false => (
            format!("{}×{}", v[0], v[1]),
            format!(r"${} \times {}$", v[0], v[1]),
        ),
    }
}

/// A layer's box: its module and its size (`Conv2d 3×3, 16`, `Linear 784 → 400`).
fn what(node: &Node) -> Label {
    let name = module(node);
    let (text, tex) = match &node.kind {
        Kind::Conv(c) => {
            let k = pair(c.k);
            (
                format!("{name} {}, {}", k.0, c.c_out),
                format!("{name} {}, ${}$", k.1, c.c_out),
            )
        }
        Kind::Pool(p) => {
            let k = pair(p.k);
            (format!("{name} {}", k.0), format!("{name} {}", k.1))
        }
        Kind::Linear { in_f, out_f, .. } => (
            format!("{name} {in_f} → {out_f}"),
            format!(r"{name} ${in_f} \to {out_f}$"),
        ),
        _ => (name.to_string(), crate::render::markup::escape_text(name)),
    };
    Label::new(tex, text)
}

/// The figure of a checked network.
pub fn figure(net: &Net) -> Figure {
    let n = net.layers.len();
    let drawn = |node: &Node| Layer {
        what: what(node),
        out: shape(&node.output),
    };
    let layers = if n <= MAX {
        net.layers.iter().map(drawn).collect()
    } else {
        let (head, tail) = (MAX - 3, 2);
        let skipped = &net.layers[head..n - tail];
        let mut layers: Vec<Layer> = net.layers[..head].iter().map(drawn).collect();
        layers.push(Layer {
            what: Label::plain(&format!("... {} more layers", skipped.len())),
            out: shape(&skipped[skipped.len() - 1].output),
        });
        layers.extend(net.layers[n - tail..].iter().map(drawn));
        layers
    };
    Figure {
        caption: "The layer stack with the output shape of every layer.".into(),
        drawing: stack(shape(&net.input), layers),
    }
}

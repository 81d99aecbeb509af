//! The solution's figure: one kernel window over the padded input (a single conv2d or pooling
//! layer, or the padding to find), or the shape after each layer (a chain, a transposed
//! convolution), from the solver's computed layers.

use super::Op;
use super::formula::Applied;
use super::plan::Plan;
use crate::figure::stack::{Layer, stack};
use crate::figure::window::{Window, window};
use crate::figure::{Figure, Label};
use crate::num::Q;

/// An integer size (sizes past i64 are refused long before).
fn int(q: &Q) -> i64 {
    q.to_i64().unwrap_or(i64::MAX)
}

/// `3×3` (`3 \times 3`), or one number for both axes where `square` allows it.
fn pair(v: &[Q; 2]) -> (String, String) {
    (
        format!("{}×{}", v[0], v[1]),
        format!(r"{} \times {}", v[0], v[1]),
    )
}

/// `1×64×112×112` as a label.
fn shape(s: &[Q; 4]) -> Label {
    let text: Vec<String> = s.iter().map(Q::to_string).collect();
    Label::math(&text.join(r" \times "), text.join("×"))
}

/// What a layer is: `conv2d 3×3, stride 2×2, padding 1×1`.
fn what(a: &Applied) -> Label {
    let spec = &a.spec;
    let mut text = vec![format!("{} {}", spec.op.name(), pair(&spec.k).0)];
    let mut tex = vec![format!(
        r"{} ${}$",
        spec.op.name().replace('_', r"\_"),
        pair(&spec.k).1
    )];
    let mut add = |name: &str, v: &[Q; 2], skip: bool| {
        if !skip {
            let (t, m) = pair(v);
            text.push(format!("{name} {t}"));
            tex.push(format!("{name} ${m}$"));
        }
    };
    add("stride", &spec.s, false);
    add("padding", &spec.p, false);
    add("dilation", &spec.d, spec.d.iter().all(|d| *d == Q::one()));
    add(
        "output padding",
        &spec.a,
        spec.op != Op::ConvTranspose2d || spec.a.iter().all(Q::is_zero),
    );
    if spec.ceil {
        text.push("ceil".into());
        tex.push("ceil".into());
    }
    Label::new(tex.join(", "), text.join(", "))
}

/// The figure of a solved plan.
pub fn figure(plan: &Plan) -> Figure {
    let first = &plan.applied[0];
    if plan.chain || first.spec.op == Op::ConvTranspose2d {
        let layers = plan
            .applied
            .iter()
            .map(|a| Layer {
                what: what(a),
                out: shape(&a.output),
            })
            .collect();
        return Figure {
            caption: "The shape after each layer.".into(),
            drawing: stack(shape(&plan.input), layers),
        };
    }
    let spec = &first.spec;
    let w = Window {
        size: [int(&first.input[2]), int(&first.input[3])],
        kernel: spec.k.clone().map(|q| int(&q)),
        stride: spec.s.clone().map(|q| int(&q)),
        padding: spec.p.clone().map(|q| int(&q)),
        dilation: spec.d.clone().map(|q| int(&q)),
    };
    Figure {
        caption: "One kernel window over the padded input (padding shaded), and the next one a stride along.".into(),
        drawing: window(&w),
    }
}

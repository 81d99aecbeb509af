//! The solution's figure: the stack of layers from one pixel up, each arrow carrying the
//! receptive field `r` and the jump `j` after its layer (for a match question, the small layers
//! growing to the large kernel's field), from the solver's recurrence.

use super::params::{Checked, Layer};
use super::solve::recurrence;
use crate::figure::stack::{Layer as Drawn, stack};
use crate::figure::{Figure, Label};

/// `3×3` (`3 \times 3`) per axis, or one number when both agree.
fn pair<T: std::fmt::Display + PartialEq>(h: T, w: T) -> (String, String) {
    match h == w {
        true => (h.to_string(), h.to_string()),
        false => (format!("{h}×{w}"), format!(r"{h} \times {w}")),
    }
}

/// `r = 5, j = 2`.
fn rj(r: (String, String), j: (String, String)) -> Label {
    Label::math(
        &format!(r"r = {},\ j = {}", r.1, j.1),
        format!("r = {}, j = {}", r.0, j.0),
    )
}

/// `conv2d 3×3, stride 2`.
fn what(l: &Layer) -> Label {
    let k = (
        format!("{}×{}", l.k[0], l.k[1]),
        format!(r"{} \times {}", l.k[0], l.k[1]),
    );
    let s = pair(l.s[0], l.s[1]);
    let mut text = format!("{} {}, stride {}", l.op.name(), k.0, s.0);
    let mut tex = format!(
        r"{} ${}$, stride ${}$",
        l.op.name().replace('_', r"\_"),
        k.1,
        s.1
    );
    if l.d != [1, 1] {
        let d = pair(l.d[0], l.d[1]);
        text += &format!(", dilation {}", d.0);
        tex += &format!(", dilation ${}$", d.1);
    }
    Label::new(tex, text)
}

/// The figure of a checked problem.
pub fn figure(checked: &Checked) -> Figure {
    let one = || rj(pair(1, 1), pair(1, 1));
    let layers = match checked {
        Checked::Stack(layers) => {
            let (h, w) = (recurrence(layers, 0), recurrence(layers, 1));
            layers
                .iter()
                .zip(h.iter().zip(&w))
                .map(|(l, ((rh, jh), (rw, jw)))| Drawn {
                    what: what(l),
                    out: rj(pair(rh, rw), pair(jh, jw)),
                })
                .collect()
        }
        Checked::Match(big, small, _, _) => {
            let n = (big - 1) / (small - 1);
            let k = (
                format!("{small}×{small}"),
                format!(r"{small} \times {small}"),
            );
            (1..=n)
                .map(|i| Drawn {
                    what: Label::new(
                        format!(r"conv2d ${}$, stride $1$", k.1),
                        format!("conv2d {}, stride 1", k.0),
                    ),
                    out: rj(pair(1 + i * (small - 1), 1 + i * (small - 1)), pair(1, 1)),
                })
                .collect()
        }
    };
    Figure {
        caption: "The receptive field r and the jump j after each layer, from one pixel up.".into(),
        drawing: stack(one(), layers),
    }
}

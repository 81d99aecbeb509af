//! The question facts of `attention`: what `templates/attention/question.md` reads.

use serde::Serialize;

use super::params::Checked;
use super::text::{rows_tex, scale_tex};
use crate::problems::format::tensor_tex;
use crate::problems::log_num::LogNum;

/// The facts of one question.
#[derive(Serialize)]
pub struct Facts {
    /// Queries, keys, values (LaTeX matrices).
    pub q: String,
    /// The keys.
    pub k: String,
    /// The values.
    pub v: String,
    /// Features per query and key.
    pub d: usize,
    /// Whether Q, K and V are too wide for one line (V then gets its own).
    pub wide: bool,
    /// The scale in LaTeX.
    pub scale: String,
    /// Whether the scale is PyTorch's default 1/sqrt(d).
    pub default_scale: bool,
    /// Whether the scale is a logarithm (then e^score is a power).
    pub log_scale: bool,
    /// Whether the causal mask applies.
    pub causal: bool,
    /// The 0/1 mask, when one is given as a matrix.
    pub mask: Option<String>,
    /// The PyTorch call, without its scale.
    pub code: String,
    /// The scale as PyTorch's argument (`scale=math.log(2)`), unless it is the default.
    pub scale_code: Option<String>,
}

impl Facts {
    /// The facts of checked params.
    pub fn new(c: &Checked) -> Facts {
        let mask = (c.masked && !c.causal).then(|| {
            let bits: Vec<crate::num::Q> = c
                .allowed
                .iter()
                .flatten()
                .map(|&a| crate::num::Q::int(i64::from(a)))
                .collect();
            tensor_tex(&bits, c.k.len())
        });
        let mut code = "F.scaled_dot_product_attention(q, k, v".to_string();
        if c.causal {
            code.push_str(", is_causal=True");
        } else if c.masked {
            code.push_str(", attn_mask=mask.bool()");
        }
        code.push(')');
        Facts {
            q: rows_tex(&c.q),
            k: rows_tex(&c.k),
            v: rows_tex(&c.v),
            d: c.d(),
            wide: c.d() + c.v[0].len() > 5,
            scale: scale_tex(c),
            default_scale: c.scale.is_none(),
            log_scale: matches!(c.scale, Some(LogNum::Ln(_))),
            causal: c.causal,
            mask,
            code,
            scale_code: c.scale.as_ref().map(|s| match s {
                LogNum::Ln(a) => format!("scale=math.log({a})"),
                LogNum::Number(q) => format!("scale={q}"),
            }),
        }
    }
}

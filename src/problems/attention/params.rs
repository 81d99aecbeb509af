//! The params of `attention` (the JSON contract of `solve`) and their check into [`Checked`].

use serde::{Deserialize, Serialize};
use serde_json::Value;

use crate::ensure;
use crate::error::{Error, Result};
use crate::num::Q;
use crate::problems::log_num::LogNum;
use crate::problems::nested::Nested;

/// At most this many queries or keys.
pub const MAX_TOKENS: usize = 8;
/// At most this many features per query, key or value.
pub const MAX_DIM: usize = 8;
/// |q . k * scale| beyond this makes e^score unreadable.
pub const MAX_ABS_SCORE: i64 = 50;

/// Params of `attention`: PyTorch's `F.scaled_dot_product_attention(q, k, v, attn_mask,
/// is_causal, scale)` for one head.
#[derive(Clone, Debug, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Params {
    /// Queries, one per row `[[d], ...]`.
    pub q: Nested,
    /// Keys, one per row `[[d], ...]`.
    pub k: Nested,
    /// Values, one per key `[[d_v], ...]`.
    pub v: Nested,
    /// `"causal"` (query i sees keys 0..=i) or a 0/1 matrix (1 = may attend), one row per query.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub mask: Option<Value>,
    /// The factor of the dot products: a number or `"ln a"` (then e^score is a power of a);
    /// default 1/sqrt(d).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub scale: Option<LogNum>,
}

/// Checked params.
#[derive(Clone, Debug)]
pub struct Checked {
    /// Queries (rows).
    pub q: Vec<Vec<Q>>,
    /// Keys (rows).
    pub k: Vec<Vec<Q>>,
    /// Values (rows).
    pub v: Vec<Vec<Q>>,
    /// Which keys each query may attend to.
    pub allowed: Vec<Vec<bool>>,
    /// Whether the mask is the causal one.
    pub causal: bool,
    /// Whether a mask was given.
    pub masked: bool,
    /// The scale; `None` for the default 1/sqrt(d).
    pub scale: Option<LogNum>,
}

fn rows(field: &str, t: &Nested) -> Result<Vec<Vec<Q>>> {
    ensure!(
        t.shape.len() == 2,
        "field `{field}`: expected a matrix with one row per token, got {}",
        t.shape_text()
    );
    let (n, d) = (t.shape[0], t.shape[1]);
    ensure!(
        n <= MAX_TOKENS && d <= MAX_DIM,
        "field `{field}`: at most {MAX_TOKENS} rows of {MAX_DIM} entries, got {n} x {d}"
    );
    Ok(t.data.chunks(d).map(<[Q]>::to_vec).collect())
}

impl Checked {
    /// Validates params (every rule names its field).
    pub fn new(p: &Params) -> Result<Checked> {
        let q = rows("q", &p.q)?;
        let k = rows("k", &p.k)?;
        let v = rows("v", &p.v)?;
        ensure!(
            q[0].len() == k[0].len(),
            "field `k`: keys need the queries' {} features, got {}",
            q[0].len(),
            k[0].len()
        );
        ensure!(
            v.len() == k.len(),
            "field `v`: one value per key ({} keys), got {} rows",
            k.len(),
            v.len()
        );
        let (nq, nk) = (q.len(), k.len());
        let (allowed, causal) = match &p.mask {
            None => (vec![vec![true; nk]; nq], false),
            Some(Value::String(s)) if s == "causal" => (
                (0..nq).map(|i| (0..nk).map(|j| j <= i).collect()).collect(),
                true,
            ),
            Some(Value::Array(mask_rows)) => {
                ensure!(
                    mask_rows.len() == nq,
                    "field `mask`: one row per query ({nq}), got {}",
                    mask_rows.len()
                );
                let mut allowed = Vec::new();
                for row in mask_rows {
                    let Some(row) = row.as_array().filter(|r| r.len() == nk) else {
                        return Err(Error::Invalid(format!(
                            "field `mask`: each row needs {nk} entries of 0 or 1"
                        )));
                    };
                    let mut out = Vec::new();
                    for e in row {
                        match e.as_i64() {
                            Some(0) => out.push(false),
                            Some(1) => out.push(true),
                            _ => {
                                return Err(Error::Invalid(format!(
                                    "field `mask`: entries are 0 (blocked) or 1 (may attend), got {e}"
                                )));
                            }
                        }
                    }
                    allowed.push(out);
                }
                (allowed, false)
            }
            Some(other) => {
                return Err(Error::Invalid(format!(
                    "field `mask`: expected \"causal\" or a 0/1 matrix, got {other}"
                )));
            }
        };
        if let Some(i) = allowed.iter().position(|r| !r.iter().any(|&a| a)) {
            return Err(Error::Invalid(format!(
                "field `mask`: query {i} may attend to no key (its softmax would be 0/0)"
            )));
        }
        if let Some(LogNum::Number(s)) = &p.scale {
            ensure!(
                s.abs() <= Q::int(100),
                "field `scale`: must be between -100 and 100, got {s}"
            );
        }
        if let Some(LogNum::Ln(a)) = &p.scale {
            ensure!(
                *a <= Q::int(100) && *a >= Q::frac(1, 100),
                "field `scale`: ln({a}) needs a number between 1/100 and 100"
            );
        }
        let checked = Checked {
            q,
            k,
            v,
            allowed,
            causal,
            masked: p.mask.is_some(),
            scale: p.scale.clone(),
        };
        for (i, qi) in checked.q.iter().enumerate() {
            for kj in &checked.k {
                let s = checked.scaled_bound(&dot(qi, kj));
                ensure!(
                    s <= Q::int(MAX_ABS_SCORE),
                    "field `q`: query {i}'s scores reach beyond ±{MAX_ABS_SCORE}, where e^score is too large to write out"
                );
            }
        }
        Ok(checked)
    }

    /// An upper bound of |dot * scale| (ln a taken as its bound |a - 1/a|, the default as 1).
    fn scaled_bound(&self, dot: &Q) -> Q {
        let factor = match &self.scale {
            None => Q::one(),
            Some(LogNum::Number(s)) => s.abs(),
            Some(LogNum::Ln(a)) => (a - &a.recip().expect("a > 0")).abs(),
        };
        &dot.abs() * &factor
    }

    /// The variant the params describe.
    pub fn variant(&self) -> &'static str {
        if self.causal {
            "causal"
        } else if self.masked {
            "masked"
        } else if self.scale.is_none() {
            "scaled"
        } else {
            "basic"
        }
    }

    /// Features per query and key.
    pub fn d(&self) -> usize {
        self.q[0].len()
    }
}

/// The dot product of two rows.
pub fn dot(a: &[Q], b: &[Q]) -> Q {
    a.iter()
        .zip(b)
        .fold(Q::zero(), |acc, (x, y)| &acc + &(x * y))
}

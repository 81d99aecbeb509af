//! The worked steps of `attention` and how its matrices are written.

use super::math::Computed;
use super::params::Checked;
use crate::num::{Q, Real, bmatrix};
use crate::problems::format::{real_tensor_tex, scalar_tex, tensor_tex};
use crate::problems::log_num::LogNum;
use crate::solution::Step;

/// A matrix of exact rows in one number format.
pub fn rows_tex(rows: &[Vec<Q>]) -> String {
    tensor_tex(&rows.concat(), rows[0].len())
}

/// A matrix of real rows in one number format.
pub fn real_rows_tex(rows: &[Vec<Real>]) -> String {
    real_tensor_tex(&rows.concat(), rows[0].len())
}

/// The scale in LaTeX: `\ln 2`, `0.5`, or `\frac{1}{\sqrt{d}}` spelled out.
pub fn scale_tex(c: &Checked) -> String {
    match &c.scale {
        Some(s) => s.tex(),
        None => format!(r"\frac{{1}}{{\sqrt{{{}}}}}", c.d()),
    }
}

/// The scores matrix: `n \ln a` entries for a logarithm scale, else the numbers.
pub fn scores_tex(c: &Checked, k: &Computed) -> String {
    match &c.scale {
        Some(LogNum::Ln(a)) => {
            let ln = LogNum::Ln(a.clone()).tex();
            let entries: Vec<String> = k
                .dots
                .iter()
                .flatten()
                .map(|d| {
                    if d.is_zero() {
                        "0".to_string()
                    } else if *d == Q::one() {
                        ln.clone()
                    } else if *d == -Q::one() {
                        format!("-{ln}")
                    } else {
                        format!("{} {ln}", scalar_tex(d))
                    }
                })
                .collect();
            bmatrix(&entries, k.dots[0].len(), |s| s.as_str()).to_string()
        }
        _ => real_rows_tex(&k.scores),
    }
}

/// The worked steps.
pub fn steps(c: &Checked, k: &Computed) -> Vec<Step> {
    let mut steps = vec![Step::new(
        "Scores",
        format!(
            r"Each query is compared with each key by a dot product, row $i$ for query $i$ and column $j$ for key $j$:

$$Q K^\top = {},$$

then scaled by $s = {}$:

$$S = s\, Q K^\top = {}.$$",
            rows_tex(&k.dots),
            scale_tex(c),
            scores_tex(c, k)
        ),
    )];
    if c.masked {
        let how = if c.causal {
            r"The causal mask lets query $i$ see only keys $0, \dots, i$ (no peeking at later tokens)"
        } else {
            "The mask blocks the keys marked $0$ in each query's row"
        };
        steps.push(Step::new(
            "Mask",
            format!(
                r"{how}: a blocked score is set to $-\infty$ before the softmax, so $e^{{-\infty}} = 0$ and its weight is $0$."
            ),
        ));
    }
    let exact_exps = match &c.scale {
        Some(LogNum::Ln(a)) if k.exps.iter().flatten().all(Real::is_exact) => format!(
            r"With the scale $\ln {}$, $e^{{n \ln {}}} = {}^n$, so the exponentials are exact",
            a.tex(),
            a.tex(),
            if a.is_integer() {
                a.tex().to_string()
            } else {
                format!(r"\left({}\right)", a.tex())
            }
        ),
        _ => "The exponentials (rounded for display only)".to_string(),
    };
    let sums: Vec<String> = k.sums.iter().map(real_scalar).collect();
    steps.push(Step::new(
        "Weights",
        format!(
            r"The softmax of each row. {exact_exps}{}:

$$e^{{S}} = {}, \qquad \text{{row sums }} {},$$

and each row divided by its sum:

$$A = \operatorname{{softmax}}(S) = {}.$$",
            if c.masked { " (blocked entries 0)" } else { "" },
            real_rows_tex(&k.exps),
            sums.join(r",\ "),
            real_rows_tex(&k.weights)
        ),
    ));
    steps.push(Step::new(
        "Output",
        format!(
            r"Each output row is the weighted average of the value rows, with that query's weights:

$$O = A V = {} \cdot {} = {}.$$",
            real_rows_tex(&k.weights),
            rows_tex(&c.v),
            real_rows_tex(&k.output)
        ),
    ));
    steps.push(Step::new("What the weights mean", meaning(c, k)));
    steps
}

fn real_scalar(r: &Real) -> String {
    real_tensor_tex(std::slice::from_ref(r), 1)
        .trim_start_matches(r"\begin{bmatrix} ")
        .trim_end_matches(r" \end{bmatrix}")
        .to_string()
}

fn meaning(c: &Checked, k: &Computed) -> String {
    let first = &k.weights[0];
    let top = (0..first.len())
        .filter(|&j| c.allowed[0][j])
        .map(|j| first[j].value())
        .max()
        .expect("query 0 sees some key");
    let best: Vec<usize> = (0..first.len())
        .filter(|&j| c.allowed[0][j] && first[j].value() == top)
        .collect();
    let focus = match best.as_slice() {
        [j] => format!(
            "Query 0 attends most to key {j} (weight ${}$): its dot product with that key, ${}$, is the largest of its row, so that key is the most similar to it",
            real_scalar(&first[*j]),
            scalar_tex(&k.dots[0][*j])
        ),
        keys => {
            let names: Vec<String> = keys.iter().map(usize::to_string).collect();
            format!(
                "Query 0 attends most, and equally, to keys {}: their dot products with it, ${}$ each, are the largest of its row",
                names.join(" and "),
                scalar_tex(&k.dots[0][keys[0]])
            )
        }
    };
    format!(
        r"Every weight is positive (or $0$ where masked) and every row sums to $1$: each query distributes one unit of attention over the keys. {focus}. The output row is dominated by the values with large weights, which is why the mechanism is called attention: each query pulls in mostly what its most similar keys carry."
    )
}

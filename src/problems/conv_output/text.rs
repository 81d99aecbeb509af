//! The worked solution: the formula, the numbers put in and the result, as a TA writes it.

use super::Op;
use super::formula::{Applied, DimCalc, Spec};

/// The spatial axes' names, symbols and lines (height: H, rows; width: W, columns).
pub const AXES: [&str; 2] = ["height", "width"];
/// See [`AXES`].
pub const LINES: [&str; 2] = ["row", "column"];
/// See [`AXES`].
pub const SYM: [&str; 2] = ["H", "W"];
use crate::num::{Q, Shape};
use crate::solution::{Answer, Step};

pub(super) fn shape(dims: &[Q; 4]) -> Shape {
    Shape(dims.to_vec())
}

pub(super) fn shape_tex(dims: &[Q; 4]) -> String {
    shape(dims).tex().to_string()
}

/// The exact value of a fraction: an integer, a short decimal, or a mixed number.
fn value_tex(q: &Q) -> String {
    if q.is_integer() {
        return q.to_string();
    }
    if let Some(decimal) = q.exact_decimal(6) {
        return decimal.to_string();
    }
    let sign = if q.is_negative() { "-" } else { "" };
    let magnitude = q.abs();
    let whole = magnitude.floor();
    let part = &magnitude - &whole;
    let whole_text = if whole.is_zero() {
        String::new()
    } else {
        whole.to_string()
    };
    format!(
        r"{sign}{whole_text}\tfrac{{{}}}{{{}}}",
        part.numer(),
        part.denom()
    )
}

fn count_lines(n: &Q, i: usize) -> String {
    if *n == Q::one() {
        format!("1 {}", LINES[i])
    } else {
        format!("{n} {}s", LINES[i])
    }
}

/// The height/width computation of one layer, as a TA writes it. A chain's statement gives
/// every stride (`stated`), so only a lone pooling layer explains the default one.
pub(super) fn spatial_text(step: &Applied, stated: bool) -> String {
    let spec = &step.spec;
    let mut parts = Vec::new();
    if spec.op.is_pool() && spec.stride_default && !stated {
        let s = &spec.s;
        let stride = if s[0] == s[1] {
            format!("s = k = {}", s[0])
        } else {
            format!("s = k = ({}, {})", s[0], s[1])
        };
        parts.push(format!(
            "No stride is given, and `{}` then uses its window size as the stride: ${stride}$, so the windows do not overlap.",
            spec.op.module()
        ));
    }
    if spec.op == Op::ConvTranspose2d {
        parts.push(
            r"A transposed convolution runs the size rule of a convolution backwards: each input pixel spreads a $k \times k$ patch onto the output, $s$ pixels apart; the padding $p$ is cut off both sides, and the output padding $a$ adds rows (columns) on one side."
                .to_string(),
        );
    }
    if step.square() {
        parts.push(format!(
            "Input, kernel, stride and padding are square, so one computation gives both: ${}$.",
            params_tex(spec, 0)
        ));
        parts.push(dim_text(step, 0, "H"));
    } else {
        for i in 0..2 {
            parts.push(format!(
                "**{}** (${}$):",
                capitalize(AXES[i]),
                params_tex(spec, i)
            ));
            parts.push(dim_text(step, i, SYM[i]));
        }
    }
    parts.join("\n\n")
}

fn capitalize(text: &str) -> String {
    let mut chars = text.chars();
    match chars.next() {
        Some(c) => c.to_uppercase().collect::<String>() + chars.as_str(),
        None => String::new(),
    }
}

fn params_tex(spec: &Spec, i: usize) -> String {
    let mut items = vec![
        format!("k = {}", spec.k[i]),
        format!("s = {}", spec.s[i]),
        format!("p = {}", spec.p[i]),
    ];
    if spec.op != Op::AvgPool2d {
        items.push(format!("d = {}", spec.d[i]));
    }
    if spec.op == Op::ConvTranspose2d {
        items.push(format!("a = {}", spec.a[i]));
    }
    items.join(r",\ ")
}

/// The formula, the numbers put in and the result for dimension `i`, named `sym` (H or W).
fn dim_text(step: &Applied, i: usize, sym: &str) -> String {
    let spec = &step.spec;
    let size = &step.input[2 + i];
    let out = &step.output[2 + i];
    let (k, s, p, d, a) = (&spec.k[i], &spec.s[i], &spec.p[i], &spec.d[i], &spec.a[i]);
    let DimCalc::Window {
        numer,
        quotient,
        rounded,
        dropped,
    } = &step.dims[i]
    else {
        let mut text = format!(
            r"$$\begin{{aligned}} {sym}_{{out}} &= ({sym} - 1)\,s - 2p + d(k-1) + a + 1 \\ &= ({size} - 1) \cdot {s} - 2 \cdot {p} + {d} \cdot ({k} - 1) + {a} + 1 = {out} \end{{aligned}}$$"
        );
        if a < s {
            let back = &(&(&(out + &(&Q::int(2) * p)) - &(d * &(k - &Q::one()))) - &Q::one());
            let back_q = back.checked_div(s).map_or_else(Q::zero, |q| q.floor());
            text.push_str(&format!(
                r"

Check: a `Conv2d` with the same kernel, stride and padding maps ${out}$ back to ${size}$:

$$\left\lfloor \frac{{{out} + 2 \cdot {p} - {d} \cdot ({k} - 1) - 1}}{{{s}}} \right\rfloor + 1 = {}$$",
                &back_q + &Q::one()
            ));
        }
        return text;
    };
    let (lo, hi, lo_s, hi_s) = if spec.ceil {
        (r"\left\lceil", r"\right\rceil", r"\lceil", r"\rceil")
    } else {
        (r"\left\lfloor", r"\right\rfloor", r"\lfloor", r"\rfloor")
    };
    let (formula, numbers) = if spec.op == Op::AvgPool2d {
        (
            format!("{sym} + 2p - k"),
            format!(r"{size} + 2 \cdot {p} - {k}"),
        )
    } else {
        (
            format!("{sym} + 2p - d(k-1) - 1"),
            format!(r"{size} + 2 \cdot {p} - {d} \cdot ({k} - 1) - 1"),
        )
    };
    let before_drop = rounded + &Q::one();
    let mut chain = format!(r"{lo} \frac{{{numbers}}}{{{s}}} {hi} + 1");
    if *s != Q::one() {
        chain.push_str(&format!(
            r" = {lo} \frac{{{}}}{{{s}}} {hi} + 1",
            numer.tex()
        ));
        if quotient.is_integer() {
            chain.push_str(&format!(" = {} + 1", quotient.tex()));
        } else {
            chain.push_str(&format!(" = {lo_s} {} {hi_s} + 1", value_tex(quotient)));
        }
    } else {
        chain.push_str(&format!(" = {} + 1", numer.tex()));
    }
    chain.push_str(&format!(" = {before_drop}"));
    let mut text = format!(
        r"$$\begin{{aligned}} {sym}_{{out}} &= {lo} \frac{{{formula}}}{{s}} {hi} + 1 \\ &= {chain} \end{{aligned}}$$"
    );
    let remainder = &(numer - &(rounded * s)).abs();
    if spec.ceil {
        let floor_out = &quotient.floor() + &Q::one();
        if quotient.is_integer() {
            text.push_str("\n\nThe division is exact, so `ceil_mode=True` changes nothing here.");
        } else {
            let start = &(&before_drop - &Q::one()) * s;
            let limit = size + p;
            let rule = format!(
                r"With `ceil_mode=True` the rounding up adds a last window that hangs over the edge, and PyTorch keeps it only if it starts inside the input or the left padding, before {} ${sym} + p = {size} + {p} = {limit}$. That window starts at {} $({sym}_{{out}} - 1) \cdot s = ({before_drop} - 1) \cdot {s} = {start}",
                LINES[i], LINES[i]
            );
            if *dropped {
                text.push_str(&format!(
                    r"

{rule} \ge {limit}$, in the right padding, so PyTorch drops it: ${sym}_{{out}} = {before_drop} - 1 = {out}$ (the same as floor mode)."
                ));
            } else {
                text.push_str(&format!(
                    "\n\n{rule} < {limit}$, so it stays: ${sym}_{{out}} = {out}$ (floor mode would give ${floor_out}$)."
                ));
            }
        }
    } else if !remainder.is_zero() {
        let line = LINES[i];
        let region = if p.is_zero() { "input" } else { "padded input" };
        let one = *remainder == Q::one();
        let last = if one {
            format!("the last {line} of the {region} is covered by no window")
        } else {
            format!("the last {remainder} {line}s of the {region} are covered by no window")
        };
        let why = if p.is_zero() {
            if one {
                format!("the layer never sees that input {line}")
            } else {
                format!("the layer never sees those input {line}s")
            }
        } else if remainder <= p {
            if one {
                format!("it is padding, so no input {line} is lost")
            } else {
                format!("they are padding, so no input {line} is lost")
            }
        } else {
            let rest = remainder - p;
            if rest == Q::one() {
                format!(
                    "{p} of them padding, the other an input {}, which the layer never sees",
                    LINES[i]
                )
            } else {
                format!(
                    "{p} of them padding, the other {} of the input, which the layer never sees",
                    count_lines(&rest, i)
                )
            }
        };
        text.push_str(&format!(
            "\n\nThe division leaves a remainder of ${remainder}$, which the floor drops: {last}; {why}."
        ));
    } else if *s != Q::one() {
        text.push_str(&format!(
            "\n\nThe division is exact: the last window ends on the last {} of the {}.",
            LINES[i],
            if p.is_zero() { "input" } else { "padded input" }
        ));
    }
    text
}

pub(super) fn channel_text(step: &Applied) -> String {
    let (n, c_in, c_out) = (&step.input[0], &step.input[1], &step.output[1]);
    let channels = match step.spec.op {
        Op::Conv2d if *c_in == Q::one() => format!(
            "Each of the ${c_out}$ filters spans the single input channel and makes one output channel, so $C = {c_out}$."
        ),
        Op::Conv2d => format!(
            "Each of the ${c_out}$ filters spans all ${c_in}$ input channels and makes one output channel, so $C = {c_out}$."
        ),
        Op::ConvTranspose2d => format!(
            "A transposed convolution also makes one output channel per filter: $C = {c_out}$ (from ${c_in}$)."
        ),
        _ => format!(
            "Pooling works on each channel on its own, so the ${c_in}$ channels stay: $C = {c_out}$."
        ),
    };
    format!(
        "{channels} The batch size $N = {n}$ does not change: every image goes through the same layer."
    )
}

pub(super) fn solve_find(step: &Applied, steps: &mut Vec<Step>, answers: &mut Vec<Answer>) {
    let spec = &step.spec;
    let mut body = vec![
        r"With stride $s = 1$ the size rule has no floor to worry about; asking $H_{out} = H$ gives

$$H + 2p - d(k-1) - 1 + 1 = H \quad\Longrightarrow\quad p = \frac{d(k-1)}{2},$$

which is a whole number only when the effective kernel $d(k-1) + 1$ is odd."
            .to_string(),
    ];
    let sides: Vec<usize> = if spec.is_square() {
        vec![0]
    } else {
        vec![0, 1]
    };
    for &i in &sides {
        let name = if sides.len() == 1 {
            "p".to_string()
        } else {
            format!("p_{}", ["h", "w"][i])
        };
        body.push(format!(
            r"$${name} = \frac{{{} \cdot ({} - 1)}}{{2}} = {}$$",
            spec.d[i], spec.k[i], spec.p[i]
        ));
    }
    steps.push(Step::new("Padding that keeps the size", body.join("\n\n")));
    let mut check = Vec::new();
    if step.square() {
        check.push(dim_text(step, 0, "H"));
        check.push(format!(
            "The same holds for the width: the output is ${}$, as big as the input.",
            shape_tex(&step.output)
        ));
    } else {
        for i in 0..2 {
            check.push(format!(
                "**{}** (${}$):",
                capitalize(AXES[i]),
                params_tex(spec, i)
            ));
            check.push(dim_text(step, i, SYM[i]));
        }
        check.push(format!(
            "The output is ${}$: height and width are kept.",
            shape_tex(&step.output)
        ));
    }
    steps.push(Step::new("Check", check.join("\n\n")));
    let pads = [spec.p[0].clone(), spec.p[1].clone()];
    let mut answer = Answer::vector("padding", "padding $(p_h, p_w)$", &pads, false);
    answer.latex = format!("({}, {})", pads[0], pads[1]);
    answers.push(answer);
}

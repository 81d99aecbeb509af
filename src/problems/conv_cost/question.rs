//! The question facts of `conv-cost`: what `templates/conv_cost/question.md` reads.

use serde::Serialize;

use super::params::Layer;

/// The facts of one question: sizes written as LaTeX math, flags that pick the wording.
#[derive(Serialize)]
pub struct Facts {
    /// The variant (`pointwise` asks about channel reduction).
    pub variant: &'static str,
    /// The input shape `[N \times C \times H \times W]`.
    pub input: String,
    /// Input channels.
    pub c_in: i64,
    /// Output channels.
    pub c_out: i64,
    /// The kernel, `k_h \times k_w`.
    pub kernel: String,
    /// The stride when it is not 1.
    pub stride: Option<String>,
    /// The padding when it is not 0.
    pub padding: Option<String>,
    /// The dilation when it is not 1.
    pub dilation: Option<String>,
    /// Groups (above 1 the statement names them).
    pub groups: i64,
    /// Whether each filter has a bias.
    pub bias: bool,
    /// The PyTorch call of the layer.
    pub code: String,
    /// The same call in lines of at most [`CODE_WIDTH`] characters, cut after a comma: a line
    /// of code cannot be stretched or wrapped, so a long call is set on several.
    pub code_lines: Vec<String>,
}

/// The longest piece of code set on one line (monospace text of a LaTeX page holds about 70).
const CODE_WIDTH: usize = 60;

/// `code` cut after commas into pieces of at most `width` characters (a longer argument alone).
fn code_pieces(code: &str, width: usize) -> Vec<String> {
    let mut pieces = vec![String::new()];
    for arg in code.split_inclusive(", ") {
        let last = pieces.last_mut().expect("one piece");
        if !last.is_empty() && last.len() + arg.trim_end().len() > width {
            pieces.push(String::new());
        }
        pieces.last_mut().expect("one piece").push_str(arg);
    }
    pieces.iter().map(|p| p.trim_end().to_string()).collect()
}

impl Facts {
    /// The facts of a checked layer.
    pub fn new(layer: &Layer, variant: &'static str) -> Facts {
        let pair = |v: [i64; 2]| {
            if v[0] == v[1] {
                v[0].to_string()
            } else {
                format!("({}, {})", v[0], v[1])
            }
        };
        let shown = |v: [i64; 2], default: i64| (v != [default, default]).then(|| pair(v));
        let mut code = format!(
            "nn.Conv2d({}, {}, kernel_size={}",
            layer.input[1],
            layer.c_out,
            pair(layer.k)
        );
        for (name, v, default) in [
            ("stride", layer.s, 1),
            ("padding", layer.p, 0),
            ("dilation", layer.d, 1),
        ] {
            if let Some(text) = shown(v, default) {
                code.push_str(&format!(", {name}={text}"));
            }
        }
        if layer.groups > 1 {
            code.push_str(&format!(", groups={}", layer.groups));
        }
        if !layer.bias {
            code.push_str(", bias=False");
        }
        code.push(')');
        let dims: Vec<String> = layer.input.iter().map(i64::to_string).collect();
        Facts {
            variant,
            input: format!("[{}]", dims.join(r" \times ")),
            c_in: layer.input[1],
            c_out: layer.c_out,
            kernel: format!(r"{} \times {}", layer.k[0], layer.k[1]),
            stride: shown(layer.s, 1),
            padding: shown(layer.p, 0),
            dilation: shown(layer.d, 1),
            groups: layer.groups,
            bias: layer.bias,
            code_lines: code_pieces(&code, CODE_WIDTH),
            code,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::code_pieces;

    #[test]
    fn a_long_call_is_cut_after_commas() {
        let code = "nn.Conv2d(64, 12, kernel_size=(3, 5), stride=2, padding=1, dilation=2, groups=4, bias=False)";
        let pieces = code_pieces(code, 60);
        assert!(
            pieces.len() > 1 && pieces.iter().all(|p| p.len() <= 60),
            "{pieces:?}"
        );
        assert_eq!(pieces.join(" "), code);
        assert_eq!(
            code_pieces("nn.Conv2d(3, 8, kernel_size=3)", 60),
            ["nn.Conv2d(3, 8, kernel_size=3)"]
        );
    }
}

use serde_json::json;

use super::Attention;
use super::params::{Checked, Params};
use super::sample::lively;
use crate::error::Result;
use crate::problems::params::from_json;
use crate::problems::varied::{assert_varied, for_each_draw};
use crate::problems::{Difficulty, Family, Solved};

fn solve_json(v: serde_json::Value) -> Result<Solved> {
    Attention::solve(&from_json::<Params>("attention", &v)?)
}

/// Worked by hand: Q K^T = [[1, -1], [1, 1]]; with the scale ln 2, e^S = [[2, 1/2], [2, 2]], so
/// A = [[4/5, 1/5], [1/2, 1/2]] and O = A V.
#[test]
fn log_scale_makes_the_weights_exact() {
    let s = solve_json(json!({
        "q": [[1, 0], [0, 1]], "k": [[1, 1], [-1, 1]], "v": [[5, 0], [0, 10]], "scale": "ln 2"
    }))
    .unwrap();
    assert_eq!(s.variant, "basic");
    assert_eq!(s.answer_text("weights"), "[[0.8,0.2],[0.5,0.5]]");
    assert_eq!(s.answer_text("output"), "[[4,2],[2.5,5]]");
    let scores = s.answers.iter().find(|a| a.id == "scores").unwrap();
    assert_eq!(
        scores.latex,
        r"\begin{bmatrix} \ln 2 & -\ln 2 \\ \ln 2 & \ln 2 \end{bmatrix}"
    );
}

/// The causal mask: the first query sees only the first key.
#[test]
fn causal_mask_blocks_later_keys() {
    let s = solve_json(json!({
        "q": [[1], [1]], "k": [[1], [0]], "v": [[2], [6]], "mask": "causal", "scale": "ln 3"
    }))
    .unwrap();
    assert_eq!(s.variant, "causal");
    // Row 1: e^S = (3, 1) -> (3/4, 1/4); output 3/4 * 2 + 1/4 * 6 = 3.
    assert_eq!(s.answer_text("weights"), "[[1,0],[0.75,0.25]]");
    assert_eq!(s.answer_text("output"), "[[2],[3]]");
}

/// PyTorch's default scale 1/sqrt(d): decimals that match f64 arithmetic.
#[test]
fn default_scale_matches_floating_point() {
    let s = solve_json(
        json!({"q": [[1, 0, 0, 1]], "k": [[1, 1, 1, 1], [0, 0, 0, 0.5]], "v": [[1], [0]]}),
    )
    .unwrap();
    assert_eq!(s.variant, "scaled");
    // Scores 2/2 = 1 and 0.5/2 = 0.25.
    let w0 = 1f64.exp() / (1f64.exp() + 0.25f64.exp());
    let weights = &s.answers[1].value[0];
    assert!((weights[0].as_f64().unwrap() - w0).abs() < 1e-12);
    assert!((s.answers[2].value[0][0].as_f64().unwrap() - w0).abs() < 1e-12);
}

#[test]
fn bad_params_are_refused() {
    for (v, needle) in [
        (json!({"q": [1, 2], "k": [[1, 2]], "v": [[1]]}), "`q`"),
        (json!({"q": [[1, 2]], "k": [[1]], "v": [[1]]}), "`k`"),
        (json!({"q": [[1]], "k": [[1], [2]], "v": [[1]]}), "`v`"),
        (
            json!({"q": [[1]], "k": [[1]], "v": [[1]], "mask": "future"}),
            "mask",
        ),
        (
            json!({"q": [[1]], "k": [[1], [1]], "v": [[1], [1]], "mask": [[0, 0]]}),
            "mask",
        ),
        (
            json!({"q": [[1]], "k": [[1]], "v": [[1]], "mask": [[2]]}),
            "mask",
        ),
        (
            json!({"q": [[1]], "k": [[1]], "v": [[1]], "scale": "ln 0"}),
            "ln 0",
        ),
        (
            json!({"q": [[100]], "k": [[100]], "v": [[1]], "scale": 1}),
            "`q`",
        ),
        (
            json!({"q": [[1]], "k": [[1]], "v": [[1]], "heads": 2}),
            "heads",
        ),
    ] {
        let e = solve_json(v.clone()).unwrap_err().to_string();
        assert!(e.contains(needle), "{v}: {e}");
    }
}

/// The rules of the module docs over 1,000 seeds per variant and difficulty: no uniform row or
/// zero token, and at `exam` exact weights and outputs.
#[test]
fn draws_keep_the_rules() {
    for_each_draw::<Attention>("attention-rules", 1000, |difficulty, p, what| {
        let c = Checked::new(p).unwrap();
        assert!(lively(&c), "{what}");
        if difficulty == Difficulty::Exam {
            let solved = Attention::solve(p).unwrap();
            for a in solved.answers.iter().filter(|a| a.id != "scores") {
                assert!(a.exact.is_some(), "{what}: {} is not exact", a.id);
            }
        }
    });
}

#[test]
fn variety() {
    assert_varied::<Attention>();
}

//! Moodle XML question banks (`--format moodle`, `.xml`), for Moodle 4.x's question bank import
//! (Question bank → Import → Moodle XML format; docs/moodle.md).
//!
//! A bank is `<quiz>` with, for each problem of a sheet, a category question naming its category
//! (`$course$/dlexam/<sheet title>/<problem title>`; `gen` and `solve` use
//! `$course$/dlexam/<family title>/<difficulty>`), followed by one question per variant, so a
//! quiz's "random question from this category" gives each student other numbers. Each question
//! is a cloze question (`type="cloze"`, Moodle's `multianswer`): the statement, then a
//! sub-question per gradable entry ([`blanks`], [`cloze`]), weighted by its points, and the
//! worked solution as general feedback (a problem with nothing Moodle can grade becomes an
//! essay question the teacher grades). Text is HTML with math as `\( \)` / `\[ \]` for
//! Moodle's MathJax filter; HTML goes in CDATA sections. Figures are SVG files embedded in the
//! text element that shows them ([`files`]).

pub mod blanks;
pub mod cloze;
pub mod files;
pub mod question;

use crate::xml;
use std::fmt::Write as _;
use std::io::Write;
use std::path::{Path, PathBuf};

use crate::error::{Error, Result};
use crate::render::placed::Placed;
use files::Embedded;

/// A question bank being written: the XML head, then categories and questions as they come,
/// then [`Bank::finish`].
pub struct Bank<W: Write> {
    out: W,
    path: PathBuf,
    /// The category of the last question written.
    category: Option<Vec<String>>,
}

impl<W: Write> Bank<W> {
    /// Starts a bank in `out` (write errors name `path`).
    pub fn new(out: W, path: &Path) -> Result<Self> {
        let mut bank = Bank {
            out,
            path: path.to_path_buf(),
            category: None,
        };
        bank.write(&format!(
            "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<!-- dlexam {}: a Moodle XML question \
             bank of cloze questions. Import it in Moodle: Question bank > Import > Moodle XML \
             format. -->\n<quiz>\n",
            env!("CARGO_PKG_VERSION")
        ))?;
        Ok(bank)
    }

    fn write(&mut self, text: &str) -> Result<()> {
        self.out
            .write_all(text.as_bytes())
            .map_err(|source| Error::Io {
                path: self.path.clone(),
                source,
            })
    }

    /// Puts the next questions into the category `names` (below `$course$`), writing the
    /// category question unless the last question was already there.
    pub fn category(&mut self, names: &[&str]) -> Result<()> {
        if self
            .category
            .as_ref()
            .is_some_and(|c| c.iter().map(String::as_str).eq(names.iter().copied()))
        {
            return Ok(());
        }
        self.category = Some(names.iter().map(|n| n.to_string()).collect());
        let text = format!(
            "  <question type=\"category\">\n    <category>\n      <text>{}</text>\n    \
             </category>\n    <info format=\"html\">\n      <text></text>\n    </info>\n  \
             </question>\n",
            xml::Text(&category_path(names))
        );
        self.write(&text)
    }

    /// Writes one problem as a cloze question, its numbers graded to `places` decimals.
    pub fn question(&mut self, placed: &Placed, places: u32) -> Result<()> {
        let text = question_xml(placed, places);
        self.write(&text)
    }

    /// Closes the bank; gives back the writer.
    pub fn finish(mut self) -> Result<W> {
        self.write("</quiz>\n")?;
        self.out.flush().map_err(|source| Error::Io {
            path: self.path.clone(),
            source,
        })?;
        Ok(self.out)
    }
}

/// The category of a problem made alone (`gen`, `solve`): its family's title and difficulty.
pub fn family_category(placed: &Placed) -> [String; 3] {
    let problem = &placed.problem;
    [
        "dlexam".into(),
        problem.title.clone(),
        problem.difficulty.name().into(),
    ]
}

/// `$course$/a/b/c`, each name's `/` doubled as Moodle's category paths write it.
pub fn category_path(names: &[&str]) -> String {
    let mut path = String::from("$course$");
    for name in names {
        let mut escaped = name.trim().replace('/', "//");
        if escaped.starts_with('/') {
            escaped.insert(0, ' ');
        }
        if escaped.ends_with('/') {
            escaped.push(' ');
        }
        path.push('/');
        path.push_str(&escaped);
    }
    path
}

/// The `<question type="cloze">` element of a placed problem.
fn question_xml(placed: &Placed, places: u32) -> String {
    let problem = &placed.problem;
    let cloze = question::cloze(placed, places);
    let title = placed.layout.title.as_deref().unwrap_or(&problem.title);
    let seed = problem
        .seed
        .map_or_else(|| "given params".to_string(), |s| format!("seed {s}"));
    let name = format!(
        "{title} ({}, {}, {seed})",
        problem.variant, problem.difficulty
    );
    // The figures' files, in the text elements whose HTML shows them.
    let shown = Embedded::question(&problem.question.figures).files();
    let solved = Embedded::solution(&problem.solution.figures).files();
    let mut out = String::new();
    if cloze.blanks == 0 {
        // A cloze question needs a sub-question; with none to grade, the teacher grades an
        // essay answer.
        let _ = write!(
            out,
            "  <question type=\"essay\">\n    <name>\n      <text>{}</text>\n    </name>\n    \
             <questiontext format=\"html\">\n      <text>{}</text>{}\n    </questiontext>\n    \
             <generalfeedback format=\"html\">\n      <text>{}</text>{}\n    </generalfeedback>\n    \
             <defaultgrade>1</defaultgrade>\n    <penalty>0</penalty>\n    <hidden>0</hidden>\n    \
             <responseformat>editor</responseformat>\n    <responserequired>1</responserequired>\n    \
             <responsefieldlines>10</responsefieldlines>\n    <attachments>0</attachments>\n    \
             <attachmentsrequired>0</attachmentsrequired>\n    <graderinfo format=\"html\">\n      \
             <text>{}</text>{}\n    </graderinfo>\n    <responsetemplate format=\"html\">\n      \
             <text></text>\n    </responsetemplate>\n",
            xml::Text(&name),
            Cdata(&cloze.text),
            shown,
            Cdata(&cloze.feedback),
            solved,
            Cdata(&cloze.feedback),
            solved
        );
        push_tags(&mut out, placed);
        return out;
    }
    let _ = write!(
        out,
        "  <question type=\"cloze\">\n    <name>\n      <text>{}</text>\n    </name>\n    \
         <questiontext format=\"html\">\n      <text>{}</text>{}\n    </questiontext>\n    \
         <generalfeedback format=\"html\">\n      <text>{}</text>{}\n    </generalfeedback>\n    \
         <penalty>0.3333333</penalty>\n    <hidden>0</hidden>\n",
        xml::Text(&name),
        Cdata(&cloze.text),
        shown,
        Cdata(&cloze.feedback),
        solved
    );
    push_tags(&mut out, placed);
    out
}

/// The question's tags (`dlexam`, family, difficulty, variant) and its closing tag.
fn push_tags(out: &mut String, placed: &Placed) {
    let problem = &placed.problem;
    out.push_str("    <tags>\n");
    for tag in [
        "dlexam",
        &problem.family,
        problem.difficulty.name(),
        &problem.variant,
    ] {
        let _ = writeln!(out, "      <tag><text>{}</text></tag>", xml::Text(tag));
    }
    out.push_str("    </tags>\n  </question>\n");
}

/// Text as a CDATA section (a `]]>` inside split over two sections).
struct Cdata<'a>(&'a str);

impl std::fmt::Display for Cdata<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "<![CDATA[{}]]>",
            self.0.replace("]]>", "]]]]><![CDATA[>")
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn category_paths_double_slashes_in_names() {
        assert_eq!(
            category_path(&["dlexam", "Tutorial 5/6", "dL/dW "]),
            "$course$/dlexam/Tutorial 5//6/dL//dW"
        );
        assert_eq!(category_path(&["/x/"]), "$course$/ //x// ");
    }

    fn placed(answers: Vec<crate::solution::Answer>) -> Placed {
        use crate::render::{Layout, ProblemText};
        use crate::solution::{Difficulty, Problem, Question, Solution, Step};
        Placed {
            problem: Problem {
                family: "made-up".into(),
                title: "A made-up problem".into(),
                seed: Some(3),
                variant: "only".into(),
                difficulty: Difficulty::Exam,
                params: serde_json::json!({}),
                question: Question::default(),
                answers,
                solution: Solution::new(vec![Step::new("Why", "Because $x_{1:2}$.")]),
            },
            layout: Layout::plain(None),
            text: ProblemText {
                intro: "Show that $x_{1:2} = 1$ and say {#1}.".into(),
                parts: Vec::new(),
                latex: None,
            },
        }
    }

    #[test]
    fn nothing_to_grade_makes_an_essay_and_text_never_starts_a_sub_question() {
        use crate::num::Q;
        use crate::solution::{Answer, Grading};
        let proof =
            Answer::text("proof", "the proof", "see".into(), r"	ext{see}").graded(Grading::Hand);
        let essay = question_xml(&placed(vec![proof.clone()]), 4);
        let doc = roxmltree::Document::parse(&essay).unwrap();
        assert_eq!(doc.root_element().attribute("type"), Some("essay"));
        assert!(!essay.contains(":NUMERICAL:"));
        let one = Answer::scalar("x", "$x_{1:2}$ {2:SA:no}", &Q::frac(1, 3));
        let cloze = question_xml(&placed(vec![proof, one]), 4);
        let doc = roxmltree::Document::parse(&cloze).unwrap();
        assert_eq!(doc.root_element().attribute("type"), Some("cloze"));
        // The only `{digits:` left in the text is the one sub-question.
        assert_eq!(
            cloze
                .matches("{1:NUMERICAL:=0.333333333333333:0.00005#")
                .count(),
            1
        );
        assert_eq!(cloze.matches(":NUMERICAL:").count(), 1);
        assert!(cloze.contains("x_&#123;1:2}") && cloze.contains("&#123;2:SA:no}"));
        assert!(cloze.contains("say &#123;#1}"));
        assert!(cloze.contains("the proof: write it down; it is not graded here"));
    }

    #[test]
    fn cdata_and_xml_text_are_escaped() {
        assert_eq!(Cdata("a]]>b").to_string(), "<![CDATA[a]]]]><![CDATA[>b]]>");
        assert_eq!(xml::Text("<a & b>").to_string(), "&lt;a &amp; b&gt;");
    }
}

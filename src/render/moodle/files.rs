//! A question's figures as Moodle XML carries images: each figure is an SVG file embedded in the
//! text element that shows it (`<file name="..." path="/" encoding="base64">` after the
//! element's `<text>`, as `question/format/xml/format.php` writes and reads them), and the HTML
//! shows it as `<img src="@@PLUGINFILE@@/name">`, which Moodle points at the file on import.

use std::fmt::Write as _;

use base64::Engine as _;

use crate::figure::Figure;
use crate::render::markup::html::escape;

/// The figures of one text element (question text, general feedback), named for the file area.
pub struct Embedded<'a> {
    /// The file name stem: `figure` (question text) or `solution-figure` (feedback).
    stem: &'static str,
    /// The figures, in the order the text shows them.
    figures: &'a [Figure],
}

impl<'a> Embedded<'a> {
    /// The question text's figures (`figure-1.svg`, `figure-2.svg`, ...).
    pub fn question(figures: &'a [Figure]) -> Self {
        Embedded {
            stem: "figure",
            figures,
        }
    }

    /// The solution's figures (`solution-figure-1.svg`, ...), shown in the general feedback.
    pub fn solution(figures: &'a [Figure]) -> Self {
        Embedded {
            stem: "solution-figure",
            figures,
        }
    }

    fn name(&self, i: usize) -> String {
        format!("{}-{}.svg", self.stem, i + 1)
    }

    /// The HTML that shows the figures: a paragraph with an image per figure (empty without
    /// figures); `caption` is the image's alt text and title.
    pub fn html(&self) -> String {
        let mut out = String::new();
        for (i, figure) in self.figures.iter().enumerate() {
            let caption = escape(&figure.caption);
            let _ = write!(
                out,
                "\n<p><img src=\"@@PLUGINFILE@@/{}\" alt=\"{caption}\" title=\"{caption}\"></p>",
                self.name(i)
            );
        }
        out
    }

    /// The `<file>` elements that go after the text element's `<text>`, one a line, indented
    /// for the bank (empty without figures).
    pub fn files(&self) -> String {
        let mut out = String::new();
        for (i, figure) in self.figures.iter().enumerate() {
            let svg = figure.drawing.svg().to_string();
            let _ = write!(
                out,
                "\n      <file name=\"{}\" path=\"/\" encoding=\"base64\">{}</file>",
                self.name(i),
                base64::engine::general_purpose::STANDARD.encode(svg.as_bytes())
            );
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::figure::{Drawing, Figure};

    fn figure(caption: &str) -> Figure {
        Figure {
            caption: caption.into(),
            drawing: Drawing::new(100, 50),
        }
    }

    #[test]
    fn each_image_names_its_file_and_the_file_holds_the_svg() {
        let figures = [figure("a \"block\" <b>"), figure("two")];
        let shown = Embedded::solution(&figures);
        let html = shown.html();
        assert_eq!(html.matches("@@PLUGINFILE@@/").count(), 2);
        assert!(html.contains("src=\"@@PLUGINFILE@@/solution-figure-2.svg\""));
        assert!(html.contains("alt=\"a &quot;block&quot; &lt;b&gt;\""));
        let files = shown.files();
        let wrapped = format!("<t>{files}</t>");
        let doc = roxmltree::Document::parse(&wrapped).unwrap();
        let names: Vec<&str> = doc
            .root_element()
            .children()
            .filter_map(|n| n.attribute("name"))
            .collect();
        assert_eq!(names, ["solution-figure-1.svg", "solution-figure-2.svg"]);
        let first = doc.root_element().children().find(|n| n.is_element());
        let bytes = base64::engine::general_purpose::STANDARD
            .decode(first.unwrap().text().unwrap())
            .unwrap();
        assert_eq!(
            String::from_utf8(bytes).unwrap(),
            figures[0].drawing.svg().to_string()
        );
        assert!(Embedded::question(&[]).html().is_empty());
        assert!(Embedded::question(&[]).files().is_empty());
    }
}

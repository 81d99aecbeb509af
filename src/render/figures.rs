//! How documents show a problem's figures: LaTeX as TikZ pictures; Markdown as SVG files beside
//! the document (`sheet.md` -> `sheet-fig-1.svg`, `sheet-fig-2.svg`, ... in the order the
//! document shows them), referenced as images, or, with no file to put them beside (stdout),
//! as inline `<svg>` blocks (HTML in Markdown: GitHub, pandoc and most viewers draw them).

use std::path::{Path, PathBuf};

use super::inert;
use crate::figure::Figure;

/// An SVG file that a Markdown document refers to.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FigureFile {
    /// Where it goes (beside the document).
    pub path: PathBuf,
    /// Its text.
    pub svg: String,
}

/// The figures of one Markdown document, numbered as it shows them.
#[derive(Debug, Default)]
pub(super) struct MarkdownFigures {
    /// The document's folder and file stem (None: inline SVG).
    base: Option<(PathBuf, String)>,
    /// The files to write, in order.
    files: Vec<FigureFile>,
}

impl MarkdownFigures {
    /// Figures of the Markdown document written to `target` (None: inline).
    pub fn new(target: Option<&Path>) -> Self {
        let base = target.map(|path| {
            let stem = path
                .file_stem()
                .map_or_else(|| "figure".into(), |s| s.to_string_lossy().into_owned());
            let dir = path.parent().map(Path::to_path_buf).unwrap_or_default();
            (dir, stem)
        });
        MarkdownFigures {
            base,
            files: Vec::new(),
        }
    }

    /// The Markdown that shows `figure`: an image of its file, or the SVG itself.
    pub fn show(&mut self, figure: &Figure) -> String {
        let svg = figure.drawing.svg().to_string();
        let Some((dir, stem)) = &self.base else {
            return svg;
        };
        let name = format!("{stem}-fig-{}.svg", self.files.len() + 1);
        let link = if name.contains([' ', '(', ')', '<', '>']) {
            format!("<{}>", name.replace('<', "%3C").replace('>', "%3E"))
        } else {
            name.clone()
        };
        self.files.push(FigureFile {
            path: dir.join(&name),
            svg,
        });
        format!("![{}]({link})", inert::md_text(&figure.caption))
    }

    /// The files of the figures shown so far.
    pub fn take_files(&mut self) -> Vec<FigureFile> {
        std::mem::take(&mut self.files)
    }
}

/// The LaTeX that shows `figure` (its TikZ picture; the template centres it).
pub(super) fn latex(figure: &Figure) -> String {
    figure.drawing.tikz().to_string()
}

//! Where a document goes and in which format: `--format`, `--pdf` and the extension of `-o` /
//! `--key`, checked once at the command line's border.
//!
//! Without `--format` a file's extension picks its format (`.md`, `.tex`, `.json`, `.html`, `.pdf`,
//! `.xml` for a Moodle bank;
//! other extensions and stdout mean Markdown, or LaTeX with `--pdf` / `--fragment`); an extension that names another format than
//! `--format` is refused (exit 2) naming both. `--pdf` compiles the LaTeX: `-o x.tex` writes
//! `x.tex` and `x.pdf`, `-o x.pdf` only the PDF.

use std::path::{Path, PathBuf};

use crate::error::{Error, Result};
use crate::render::Format;

/// A format the user can ask for: the text formats, or a PDF compiled from the LaTeX.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Requested {
    /// A text format.
    Text(Format),
    /// The LaTeX document compiled to PDF.
    Pdf,
}

impl Requested {
    /// The name users type after `--format`.
    pub fn name(self) -> &'static str {
        match self {
            Requested::Text(f) => f.name(),
            Requested::Pdf => "pdf",
        }
    }

    /// The extension of its files.
    pub fn extension(self) -> &'static str {
        match self {
            Requested::Text(f) => f.extension(),
            Requested::Pdf => "pdf",
        }
    }

    /// The format an extension names (`md`, `markdown`, `tex`, `json`, `html`, `htm`, `pdf`,
    /// `xml`; any case).
    pub fn of_extension(path: &Path) -> Option<Requested> {
        let ext = path.extension()?.to_str()?.to_ascii_lowercase();
        Some(match ext.as_str() {
            "md" | "markdown" => Requested::Text(Format::Markdown),
            "tex" => Requested::Text(Format::Latex),
            "json" => Requested::Text(Format::Json),
            "html" | "htm" => Requested::Text(Format::Html),
            "pdf" => Requested::Pdf,
            "xml" => Requested::Text(Format::Moodle),
            _ => return None,
        })
    }
}

/// One document's destination.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Destination {
    /// Text on stdout.
    Stdout(Format),
    /// Text in a file.
    File(PathBuf, Format),
    /// LaTeX compiled to the PDF `pdf`; the `.tex` is kept at `tex` when asked (`--pdf -o x.tex`).
    Pdf {
        /// The PDF file.
        pdf: PathBuf,
        /// The LaTeX source, when it is written too.
        tex: Option<PathBuf>,
    },
}

impl Destination {
    /// The format the document is rendered in (LaTeX for a PDF).
    pub fn format(&self) -> Format {
        match self {
            Destination::Stdout(f) | Destination::File(_, f) => *f,
            Destination::Pdf { .. } => Format::Latex,
        }
    }

    /// Whether a PDF is compiled.
    pub fn is_pdf(&self) -> bool {
        matches!(self, Destination::Pdf { .. })
    }

    /// The files this destination writes.
    pub fn files(&self) -> Vec<&Path> {
        match self {
            Destination::Stdout(_) => Vec::new(),
            Destination::File(path, _) => vec![path],
            Destination::Pdf { pdf, tex } => tex
                .iter()
                .map(PathBuf::as_path)
                .chain([pdf.as_path()])
                .collect(),
        }
    }
}

/// What the user typed about one document's output.
#[derive(Clone, Copy, Debug)]
pub struct Request<'a> {
    /// The option that names the file, for messages (`-o`, `--key`).
    pub option: &'a str,
    /// The file, or None for stdout.
    pub path: Option<&'a Path>,
    /// `--format`, if given.
    pub format: Option<Requested>,
    /// `--pdf`.
    pub pdf: bool,
    /// `--fragment`.
    pub fragment: bool,
}

/// Resolves a request to a destination, or the one-line refusal (exit 2).
pub fn resolve(r: Request<'_>) -> Result<Destination> {
    let from_name = r.path.and_then(Requested::of_extension);
    if let (Some(given), Some(named), Some(path)) = (r.format, from_name, r.path) {
        if given != named {
            return Err(Error::invalid(format!(
                "{} {}: the extension says {}, but --format {}: leave out --format or name the file .{}",
                r.option,
                path.display(),
                named.name(),
                given.name(),
                given.extension()
            )));
        }
    }
    let default = if r.pdf || r.fragment {
        Requested::Text(Format::Latex)
    } else {
        Requested::Text(Format::Markdown)
    };
    let chosen = r.format.or(from_name).unwrap_or(default);
    if r.fragment && chosen != Requested::Text(Format::Latex) {
        return Err(Error::invalid(format!(
            "--fragment: the questions alone are LaTeX to paste into a document, so they need --format tex (not {})",
            chosen.name()
        )));
    }
    if r.fragment && (r.pdf || chosen == Requested::Pdf) {
        return Err(Error::invalid(
            "--fragment: the questions alone are not a document, so they cannot be compiled to PDF: leave out --pdf",
        ));
    }
    let pdf_needs_file = |what: &str| {
        Error::invalid(format!(
            "{what}: a PDF is written to a file, not to stdout: add -o FILE.pdf"
        ))
    };
    match (chosen, r.path) {
        (Requested::Pdf, None) => Err(pdf_needs_file("--format pdf")),
        (Requested::Pdf, Some(path)) => Ok(Destination::Pdf {
            pdf: path.to_path_buf(),
            tex: None,
        }),
        (Requested::Text(Format::Latex), _) if r.pdf => match r.path {
            None => Err(pdf_needs_file("--pdf")),
            Some(path) if path.extension().is_none_or(|e| e != "tex") => {
                Err(Error::invalid(format!(
                    "--pdf: {} {} should end in .tex (the PDF goes beside it) or .pdf",
                    r.option,
                    path.display()
                )))
            }
            Some(path) => Ok(Destination::Pdf {
                pdf: path.with_extension("pdf"),
                tex: Some(path.to_path_buf()),
            }),
        },
        (Requested::Text(format), _) if r.pdf => Err(Error::invalid(format!(
            "--pdf: compiles LaTeX, but the format is {}: use --format tex or -o FILE.tex / FILE.pdf",
            format.name()
        ))),
        (Requested::Text(format), None) => Ok(Destination::Stdout(format)),
        (Requested::Text(format), Some(path)) => Ok(Destination::File(path.to_path_buf(), format)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn req<'a>(path: Option<&'a str>, format: Option<Requested>, pdf: bool) -> Request<'a> {
        Request {
            option: "-o",
            path: path.map(Path::new),
            format,
            pdf,
            fragment: false,
        }
    }

    const TEX: Requested = Requested::Text(Format::Latex);

    #[test]
    fn the_extension_picks_the_format_when_none_is_given() {
        assert_eq!(
            resolve(req(Some("x.tex"), None, false)).unwrap(),
            Destination::File("x.tex".into(), Format::Latex)
        );
        assert_eq!(
            resolve(req(Some("x.JSON"), None, false)).unwrap().format(),
            Format::Json
        );
        assert_eq!(
            resolve(req(Some("x.txt"), None, false)).unwrap().format(),
            Format::Markdown
        );
        assert_eq!(
            resolve(req(Some("bank.XML"), None, false)).unwrap(),
            Destination::File("bank.XML".into(), Format::Moodle)
        );
        assert_eq!(
            resolve(req(None, None, false)).unwrap(),
            Destination::Stdout(Format::Markdown)
        );
        assert_eq!(
            resolve(req(Some("x.pdf"), None, false)).unwrap(),
            Destination::Pdf {
                pdf: "x.pdf".into(),
                tex: None
            }
        );
    }

    #[test]
    fn pdf_with_a_tex_file_keeps_both() {
        assert_eq!(
            resolve(req(Some("d/x.tex"), None, true)).unwrap(),
            Destination::Pdf {
                pdf: "d/x.pdf".into(),
                tex: Some("d/x.tex".into())
            }
        );
        assert_eq!(
            resolve(req(Some("x.pdf"), Some(TEX), false))
                .unwrap_err()
                .to_string(),
            "-o x.pdf: the extension says pdf, but --format tex: leave out --format or name the file .tex"
        );
    }

    #[test]
    fn contradictions_and_impossible_requests_are_refused() {
        let cases = [
            (
                req(Some("k.md"), Some(TEX), false),
                "says md, but --format tex",
            ),
            (req(None, Some(Requested::Pdf), false), "add -o FILE.pdf"),
            (req(None, None, true), "--pdf: a PDF is written to a file"),
            (req(Some("x.md"), None, true), "--pdf: compiles LaTeX"),
            (req(Some("x.txt"), None, true), "should end in .tex"),
            (
                req(Some("x.md"), Some(Requested::Text(Format::Moodle)), false),
                "the extension says md, but --format moodle: leave out --format or name the file .xml",
            ),
            (
                req(Some("x.xml"), Some(TEX), false),
                "the extension says moodle, but --format tex",
            ),
            (
                req(Some("x.xml"), None, true),
                "--pdf: compiles LaTeX, but the format is moodle",
            ),
        ];
        for (request, needle) in cases {
            let e = resolve(request).unwrap_err();
            assert_eq!(e.exit_code(), 2);
            assert!(e.to_string().contains(needle), "{e}");
        }
        let fragment = Request {
            fragment: true,
            ..req(Some("x.md"), None, false)
        };
        assert!(
            resolve(fragment)
                .unwrap_err()
                .to_string()
                .contains("--fragment")
        );
        let fragment = Request {
            fragment: true,
            ..req(Some("x.tex"), None, false)
        };
        assert!(resolve(fragment).is_ok());
        let fragment = Request {
            fragment: true,
            ..req(None, None, false)
        };
        assert_eq!(
            resolve(fragment).unwrap(),
            Destination::Stdout(Format::Latex)
        );
    }
}

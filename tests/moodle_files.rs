//! The figures of a Moodle bank's question: every `@@PLUGINFILE@@/name` that a text element's
//! HTML shows is one `<file name="name" path="/" encoding="base64">` of that same element, and
//! the file decodes to the SVG of the JSON problem's figure of the same place.

use base64::Engine as _;
use roxmltree::Node;
use serde_json::Value;

/// The `@@PLUGINFILE@@/` names in `html`, in order.
fn references(html: &str) -> Vec<String> {
    html.split("@@PLUGINFILE@@/")
        .skip(1)
        .map(|rest| {
            rest.split(['"', '\''])
                .next()
                .unwrap_or_default()
                .to_string()
        })
        .collect()
}

/// Checks the figures of one text element (`questiontext`, `generalfeedback`, `graderinfo`)
/// against `svgs` (the JSON's figures it should show, in order); gives how many it holds.
fn check_element(element: Node<'_, '_>, svgs: &[&str], context: &str) -> usize {
    let context = format!("{context} <{}>", element.tag_name().name());
    let html = element
        .children()
        .find(|c| c.has_tag_name("text"))
        .and_then(|t| t.text())
        .unwrap_or_default();
    let names = references(html);
    let files: Vec<Node> = element
        .children()
        .filter(|c| c.has_tag_name("file"))
        .collect();
    assert_eq!(names.len(), svgs.len(), "{context}: images shown");
    assert_eq!(files.len(), names.len(), "{context}: one file per image");
    for (name, svg) in names.iter().zip(svgs) {
        let matching: Vec<&Node> = files
            .iter()
            .filter(|f| f.attribute("name") == Some(name.as_str()))
            .collect();
        assert_eq!(matching.len(), 1, "{context}: files named {name}");
        let file = matching[0];
        assert_eq!(file.attribute("path"), Some("/"), "{context} {name}");
        assert_eq!(
            file.attribute("encoding"),
            Some("base64"),
            "{context} {name}"
        );
        let bytes = base64::engine::general_purpose::STANDARD
            .decode(file.text().unwrap_or_default())
            .unwrap_or_else(|e| panic!("{context} {name}: not base64: {e}"));
        let decoded = String::from_utf8(bytes).expect("UTF-8 SVG");
        let doc = roxmltree::Document::parse(&decoded)
            .unwrap_or_else(|e| panic!("{context} {name}: the SVG does not parse: {e}"));
        assert_eq!(doc.root_element().tag_name().name(), "svg", "{context}");
        assert_eq!(decoded, *svg, "{context} {name}: not the JSON's figure");
    }
    names.len()
}

/// The SVG texts of `figures` (a JSON problem's `question.figures` or `solution.figures`).
fn svgs(figures: &Value) -> Vec<&str> {
    figures
        .as_array()
        .map(|a| a.iter().filter_map(|f| f["svg"].as_str()).collect())
        .unwrap_or_default()
}

/// Checks every text element of a `<question>` with figures against the JSON `problem` of the
/// same seed; gives how many figures the question holds.
pub fn check_figures(question: Node<'_, '_>, problem: &Value, context: &str) -> usize {
    let shown = svgs(&problem["question"]["figures"]);
    let solved = svgs(&problem["solution"]["figures"]);
    let mut count = 0;
    for element in question.children().filter(Node::is_element) {
        count += match element.tag_name().name() {
            "questiontext" => check_element(element, &shown, context),
            "generalfeedback" | "graderinfo" => check_element(element, &solved, context),
            _ => {
                assert!(
                    !element.children().any(|c| c.has_tag_name("file")),
                    "{context}: a file in <{}>",
                    element.tag_name().name()
                );
                0
            }
        };
    }
    count
}

//! The class roster: a CSV file with a header, a required `id` column and an optional `name`
//! column (other columns are ignored).
//!
//! Ids become file names (`exams/<id>.tex`), so they must be non-empty, unique (also ignoring
//! case, for case-insensitive file systems) and made of ASCII letters, digits, `-`, `_` and `.`,
//! not starting with `.` or `-`, at most 64 characters. Names must print as written (see
//! [`check_name`]). Leading and trailing spaces are trimmed.

use std::collections::HashMap;
use std::path::Path;

use crate::error::{Error, Result};

/// Longest id accepted.
pub const MAX_ID_LEN: usize = 64;

/// One student.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Entry {
    /// Roster id (safe as a file name).
    pub id: String,
    /// Name (may be empty).
    pub name: String,
}

/// Reads and checks a roster file.
pub fn load(path: &Path) -> Result<Vec<Entry>> {
    let text = crate::limits::read_limited(
        path,
        crate::limits::MAX_ROSTER_BYTES,
        &format!("--roster {}", path.display()),
    )?;
    parse(&text, &format!("roster {}", path.display()))
}

/// Parses and checks roster CSV; `source` names it in error messages.
pub fn parse(bytes: &[u8], source: &str) -> Result<Vec<Entry>> {
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(true)
        .from_reader(bytes);
    let csv_error = |e: csv::Error| {
        let line = e
            .position()
            .map(|p| format!(" line {}", line_of(bytes, p)))
            .unwrap_or_default();
        Error::invalid(format!(
            "{source}{line}: not valid CSV: {}",
            csv_message(&e)
        ))
    };
    let headers = reader.headers().map_err(csv_error)?.clone();
    let column = |name: &str| {
        headers
            .iter()
            .position(|h| h.trim().eq_ignore_ascii_case(name))
    };
    let Some(id_col) = column("id") else {
        let found: Vec<&str> = headers.iter().collect();
        return Err(Error::invalid(format!(
            "{source}: no `id` column in the header (found: {}); the first line must name the columns, e.g. id,name",
            if found.iter().all(|h| h.trim().is_empty()) {
                "nothing".to_string()
            } else {
                found.join(",")
            }
        )));
    };
    for name in ["id", "name"] {
        let found: Vec<usize> = headers
            .iter()
            .enumerate()
            .filter(|(_, h)| h.trim().eq_ignore_ascii_case(name))
            .map(|(i, _)| i + 1)
            .collect();
        if let [first, second, ..] = found.as_slice() {
            return Err(Error::invalid(format!(
                "{source} line 1: the header names column `{name}` twice (columns {first} and {second}); keep one"
            )));
        }
    }
    let name_col = column("name");
    let mut entries = Vec::new();
    let mut seen: HashMap<String, u64> = HashMap::new();
    let mut lines = LineCounter::new(bytes);
    for record in reader.records() {
        let record = record.map_err(csv_error)?;
        let line = record.position().map_or(0, |p| lines.line_of(p));
        if record.iter().all(|f| f.trim().is_empty()) {
            continue;
        }
        if record.iter().any(|f| f.contains(['\n', '\r'])) {
            return Err(Error::invalid(format!(
                "{source} line {line}: a quoted field runs over several lines (a `\"` that is never closed?): a roster field holds one line"
            )));
        }
        if entries.len() == crate::limits::MAX_STUDENTS {
            return Err(Error::invalid(format!(
                "{source} line {line}: more than the limit of {} students",
                crate::limits::MAX_STUDENTS
            )));
        }
        let id = record.get(id_col).unwrap_or("").trim().to_string();
        check_id(&id)
            .map_err(|rule| Error::invalid(format!("{source} line {line}: id `{id}` {rule}")))?;
        if let Some(first) = seen.insert(id.to_ascii_lowercase(), line) {
            return Err(Error::invalid(format!(
                "{source} line {line}: id `{id}` is already used on line {first} (ids must be unique, ignoring case)"
            )));
        }
        let name = name_col
            .and_then(|c| record.get(c))
            .unwrap_or("")
            .trim()
            .to_string();
        check_name(&name)
            .map_err(|rule| Error::invalid(format!("{source} line {line}: name {rule}")))?;
        entries.push(Entry { id, name });
    }
    if entries.is_empty() {
        return Err(Error::invalid(format!(
            "{source}: no students: add one row per student below the header"
        )));
    }
    Ok(entries)
}

/// [`line_of`] for records in order, counting each line break once (a roster of 20,000 rows
/// would otherwise be scanned 20,000 times).
struct LineCounter<'a> {
    bytes: &'a [u8],
    counted_to: usize,
    breaks: u64,
}

impl<'a> LineCounter<'a> {
    fn new(bytes: &'a [u8]) -> Self {
        LineCounter {
            bytes,
            counted_to: 0,
            breaks: 0,
        }
    }

    /// The 1-based line of a position at or after the previous one.
    fn line_of(&mut self, position: &csv::Position) -> u64 {
        let end = usize::try_from(position.byte())
            .map_or(self.bytes.len(), |b| (b + 1).min(self.bytes.len()));
        if end < self.counted_to {
            return line_of(self.bytes, position);
        }
        self.breaks += self.bytes[self.counted_to..end]
            .iter()
            .filter(|&&b| b == b'\n')
            .count() as u64;
        self.counted_to = end;
        self.breaks + 1
    }
}

/// The 1-based line where a record starts. (csv's own line count lags by one after a CRLF line
/// end: its position then points at the `\n`, which this counts.)
pub fn line_of(bytes: &[u8], position: &csv::Position) -> u64 {
    let end = usize::try_from(position.byte()).map_or(bytes.len(), |b| (b + 1).min(bytes.len()));
    bytes[..end].iter().filter(|&&b| b == b'\n').count() as u64 + 1
}

/// Checks that an id is safe as a file name; the error is the rule it breaks.
pub fn check_id(id: &str) -> std::result::Result<(), String> {
    if id.is_empty() {
        return Err("is empty: every row needs an id".into());
    }
    if id.len() > MAX_ID_LEN {
        return Err(format!("is longer than {MAX_ID_LEN} characters"));
    }
    if id.starts_with('.') {
        return Err(
            "starts with `.`: ids become file names, so they may not be hidden files or `..`"
                .into(),
        );
    }
    if id.starts_with('-') {
        return Err(
            "starts with `-`: ids become file names and CSV cells, where a leading `-` reads as an option or a formula"
                .into(),
        );
    }
    if let Some(c) = id
        .chars()
        .find(|c| !(c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.')))
    {
        return Err(format!(
            "contains `{}`: ids become file names, so use only ASCII letters, digits, `-`, `_` and `.`",
            c.escape_default()
        ));
    }
    Ok(())
}

/// Checks that a name can be printed as written; the error is the rule it breaks, naming the
/// character. Refused: control characters (NUL, tab, line breaks), bidirectional controls
/// (U+202A-U+202E, U+2066-U+2069, U+200E, U+200F, U+061C), line and paragraph separators,
/// and any character outside the scripts dlexam's PDFs print (see [`printable`]).
pub fn check_name(name: &str) -> std::result::Result<(), String> {
    let chars = name.chars().count();
    if chars > crate::limits::MAX_NAME_CHARS {
        return Err(format!(
            "has {chars} characters, more than the limit of {}",
            crate::limits::MAX_NAME_CHARS
        ));
    }
    for c in name.chars() {
        let code = format!("U+{:04X}", u32::from(c));
        if c.is_control() || matches!(c, '\u{2028}' | '\u{2029}' | '\u{85}') {
            return Err(format!(
                "contains the control character {code} ({}): names are one line of printable text",
                c.escape_default()
            ));
        }
        if matches!(c, '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}' | '\u{200E}' | '\u{200F}' | '\u{061C}')
        {
            return Err(format!(
                "contains the bidirectional control {code}: it would reorder the printed text; write the name without it"
            ));
        }
        if !printable(c) {
            return Err(format!(
                "contains `{c}` ({code}), which dlexam cannot print: names may use Latin (with accents), Greek, Cyrillic, Chinese, Japanese and Korean letters, digits, spaces and punctuation"
            ));
        }
    }
    Ok(())
}

/// Whether a name may hold `c`: the Latin, Greek, Cyrillic and CJK scripts with their accents,
/// digits, spaces and punctuation (what pdflatex, or xelatex with the Noto fonts, prints).
pub fn printable(c: char) -> bool {
    matches!(u32::from(c),
        0x20..=0x7E            // ASCII
        | 0xA0..=0x24F         // Latin-1, Latin Extended-A and -B
        | 0x250..=0x2FF        // IPA extensions, spacing modifier letters
        | 0x300..=0x36F        // combining accents
        | 0x370..=0x3FF        // Greek
        | 0x400..=0x52F        // Cyrillic and its supplement
        | 0x1E00..=0x1FFF      // Latin Extended Additional, Greek Extended
        | 0x2010..=0x2027      // dashes, quotes, bullets
        | 0x2030..=0x205E      // per mille, primes, more punctuation
        | 0x1100..=0x11FF      // Hangul Jamo
        | 0x3000..=0x30FF      // CJK punctuation, Hiragana, Katakana
        | 0x3130..=0x318F      // Hangul compatibility Jamo
        | 0x3400..=0x4DBF      // CJK Extension A
        | 0x4E00..=0x9FFF      // CJK unified ideographs
        | 0xAC00..=0xD7AF      // Hangul syllables
        | 0xFF00..=0xFFEF      // full- and half-width forms
    )
}

/// Whether a name needs a Unicode TeX engine (xelatex): pdflatex with T1 fonts prints ASCII and
/// Latin-1 (é, ß, ø); Greek, Cyrillic, CJK and the rest of Latin need xelatex and a font that
/// has them (see [`name_font`]).
pub fn needs_unicode_engine(name: &str) -> bool {
    name.chars().any(|c| u32::from(c) > 0xFF)
}

/// The font a name is printed in under xelatex: Noto Serif CJK (which also has Latin, Greek and
/// Cyrillic) when it holds a CJK character, else DejaVu Serif (Latin, Greek, Cyrillic).
pub fn name_font(name: &str) -> &'static str {
    let cjk = |c: char| matches!(u32::from(c), 0x1100..=0x11FF | 0x3000..=0x9FFF | 0xAC00..=0xD7AF | 0xFF00..=0xFFEF);
    if name.chars().any(cjk) {
        "Noto Serif CJK SC"
    } else {
        "DejaVu Serif"
    }
}

fn csv_message(e: &csv::Error) -> String {
    match e.kind() {
        csv::ErrorKind::UnequalLengths {
            expected_len, len, ..
        } => {
            format!("this row has {len} fields but the header has {expected_len}")
        }
        csv::ErrorKind::Utf8 { .. } => "not UTF-8 text (save the file as UTF-8)".into(),
        _ => e.to_string().replace('\n', " "),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_ids_and_names_and_ignores_other_columns() {
        let r = parse(
            b"\xEF\xBB\xBFname,ID,email\nAda Lovelace, s1 ,a@x\nAlan,s2,\n\n",
            "r",
        )
        .unwrap();
        assert_eq!(
            r,
            vec![
                Entry {
                    id: "s1".into(),
                    name: "Ada Lovelace".into()
                },
                Entry {
                    id: "s2".into(),
                    name: "Alan".into()
                }
            ]
        );
        assert_eq!(parse(b"id\n42\n", "r").unwrap()[0].name, "");
    }

    #[test]
    fn refuses_bad_rosters_naming_the_line() {
        let cases: [(&[u8], &str); 7] = [
            (b"name\nAda\n", "no `id` column"),
            (
                b"id,name\ns1,A\nS1,B\n",
                "line 3: id `S1` is already used on line 2",
            ),
            (b"id,name\n", "no students"),
            (b"", "no `id` column"),
            (b"id,name\n../x,A\n", "line 2: id `../x` starts with `.`"),
            (b"id,name\na/b,A\n", "contains `/`"),
            (b"id,name\n,A\n", "line 2: id `` is empty"),
        ];
        for (text, needle) in cases {
            let e = parse(text, "r").unwrap_err().to_string();
            assert!(e.contains(needle), "{}: {e}", String::from_utf8_lossy(text));
        }
        assert!(
            parse(b"id,name\na,b,c\n", "r")
                .unwrap_err()
                .to_string()
                .contains("line 2")
        );
        let names: [(&str, &str); 7] = [
            (
                "id,name\na,\"Ann\u{202E}Lee\"\n",
                "line 2: name contains the bidirectional control U+202E",
            ),
            (
                "id,name\na,Ann\u{0}Lee\n",
                "line 2: name contains the control character U+0000",
            ),
            (
                "id,name\na,\"Ann\nLee\"\n",
                "line 2: a quoted field runs over several lines",
            ),
            (
                "id,name\na,\"Ann\nb,Bo\n",
                "line 2: a quoted field runs over several lines",
            ),
            (
                "id,name\na,Ann \u{1F600}\n",
                "line 2: name contains `\u{1F600}` (U+1F600), which dlexam cannot print",
            ),
            (
                "id,name,ID\na,A,b\n",
                "line 1: the header names column `id` twice (columns 1 and 3)",
            ),
            ("id,name\na,Ann\tLee\n", "U+0009"),
        ];
        for (text, needle) in names {
            let e = parse(text.as_bytes(), "r").unwrap_err().to_string();
            assert!(e.contains(needle), "{text:?}: {e}");
            assert!(!e.contains('\n'), "{e}");
        }
        assert!(!needs_unicode_engine("Émile Borel ß"));
        assert_eq!(name_font("Ștefan Đặng Σωκράτης Пётр"), "DejaVu Serif");
        assert_eq!(name_font("Ann 王小明"), "Noto Serif CJK SC");
        assert_eq!(name_font("김민준"), "Noto Serif CJK SC");
        let fine = parse(
            "id,name\na,Émile Ångström\nb,Σωκράτης\nc,Пётр\nd,王小明\ne,さくら\nf,김민준\n"
                .as_bytes(),
            "r",
        )
        .unwrap();
        assert_eq!(fine.len(), 6);
        let crlf = parse(b"id,name\r\na,A\r\nA,B\r\n", "r")
            .unwrap_err()
            .to_string();
        assert!(
            crlf.contains("line 3: id `A` is already used on line 2"),
            "{crlf}"
        );
    }
}

//! Pretty JSON text written by hand, byte for byte as `serde_json::to_string_pretty` writes it
//! (two spaces a level), for the hot path of `dlexam exam`: keys.json holds about 70 KB of
//! JSON per student, most of it LaTeX with a backslash every few bytes, and serde_json finds the
//! bytes to escape one at a time. [`PrettyJson`] finds them eight at a time.

use serde_json::Value;

/// A line break and the indent of a line 32 levels deep, sliced to the depth needed.
const NEWLINE_INDENT: &[u8; 65] =
    b"\n                                                                ";

/// A pretty JSON document being written: open containers are closed by the caller, in order.
#[derive(Debug)]
pub struct PrettyJson {
    out: Vec<u8>,
    depth: usize,
    /// Whether the innermost open container has no item yet.
    empty: bool,
}

impl PrettyJson {
    /// Starts a value that sits `depth` levels deep in a larger pretty document: its first line
    /// is indented, as are all the others. `capacity` is about the length of the text.
    pub fn at_depth(depth: usize, capacity: usize) -> Self {
        let mut json = PrettyJson {
            out: Vec::with_capacity(capacity),
            depth,
            empty: false,
        };
        json.indent(false);
        json
    }

    /// The text written, as UTF-8 bytes (without checking them again: every string written is
    /// whole, everything else ASCII).
    pub fn into_bytes(self) -> Vec<u8> {
        self.out
    }

    /// Opens an object; its entries start with [`key`](Self::key).
    pub fn begin_object(&mut self) {
        self.open(b'{');
    }

    /// Closes the innermost object.
    pub fn end_object(&mut self) {
        self.close(b'}');
    }

    /// Opens an array; its items start with [`item`](Self::item).
    pub fn begin_array(&mut self) {
        self.open(b'[');
    }

    /// Closes the innermost array.
    pub fn end_array(&mut self) {
        self.close(b']');
    }

    /// Starts an object entry: its key, then the value is written next.
    pub fn key(&mut self, key: &str) {
        self.next_line();
        push_string(&mut self.out, key);
        self.out.extend_from_slice(b": ");
    }

    /// Starts an array item: the value is written next.
    pub fn item(&mut self) {
        self.next_line();
    }

    /// An entry whose value is a string.
    pub fn string_entry(&mut self, key: &str, value: &str) {
        self.key(key);
        self.string(value);
    }

    /// A string value.
    pub fn string(&mut self, value: &str) {
        push_string(&mut self.out, value);
    }

    /// An unsigned integer value.
    pub fn u64(&mut self, value: u64) {
        self.out.extend_from_slice(value.to_string().as_bytes());
    }

    /// `null`.
    pub fn null(&mut self) {
        self.out.extend_from_slice(b"null");
    }

    /// Any JSON value, laid out as serde_json lays it out.
    pub fn value(&mut self, value: &Value) {
        match value {
            Value::Null => self.null(),
            Value::Bool(b) => self
                .out
                .extend_from_slice(if *b { b"true" } else { b"false" }),
            Value::Number(n) => {
                serde_json::to_writer(&mut self.out, n).expect("writing to memory cannot fail");
            }
            Value::String(s) => self.string(s),
            Value::Array(items) => {
                self.begin_array();
                for item in items {
                    self.item();
                    self.value(item);
                }
                self.end_array();
            }
            Value::Object(map) => {
                self.begin_object();
                for (key, item) in map {
                    self.key(key);
                    self.value(item);
                }
                self.end_object();
            }
        }
    }

    fn open(&mut self, bracket: u8) {
        self.out.push(bracket);
        self.depth += 1;
        self.empty = true;
    }

    fn close(&mut self, bracket: u8) {
        self.depth -= 1;
        if !self.empty {
            self.indent(true);
        }
        self.out.push(bracket);
        // The container itself was an item (or the whole value) of its parent.
        self.empty = false;
    }

    /// Starts the line of an item or entry, after a comma unless it is the container's first.
    fn next_line(&mut self) {
        if !self.empty {
            self.out.push(b',');
        }
        self.empty = false;
        self.indent(true);
    }

    /// The indent of the current depth, after a line break if `newline`.
    fn indent(&mut self, newline: bool) {
        let skip = usize::from(!newline);
        match NEWLINE_INDENT.get(skip..1 + 2 * self.depth) {
            Some(text) => self.out.extend_from_slice(text),
            None => {
                self.out.extend_from_slice(&NEWLINE_INDENT[skip..1]);
                for _ in 0..self.depth {
                    self.out.extend_from_slice(b"  ");
                }
            }
        }
    }
}

/// Appends `text` as a JSON string literal, escaped exactly as serde_json escapes it: `"` and
/// `\` with a backslash, the control characters `\b \t \n \f \r` by name and the others as
/// `\u00xx`; everything else as is.
///
/// Eight bytes at a time: a word without a byte to escape is copied whole; otherwise the bytes
/// before the first such byte are kept (copied whole, then cut), its escape follows, and the
/// next word starts right after it.
pub fn push_string(out: &mut Vec<u8>, text: &str) {
    let bytes = text.as_bytes();
    out.reserve(bytes.len() + bytes.len() / 8 + 2);
    out.push(b'"');
    let mut at = 0;
    while let Some(chunk) = bytes.get(at..at + 8) {
        let chunk: &[u8; 8] = chunk.try_into().expect("eight bytes");
        let found = escape_mask(u64::from_le_bytes(*chunk));
        let kept = out.len();
        out.extend_from_slice(chunk);
        if found == 0 {
            at += 8;
        } else {
            let first = (found.trailing_zeros() / 8) as usize;
            out.truncate(kept + first);
            push_escape(out, chunk[first]);
            at += first + 1;
        }
    }
    for &byte in &bytes[at..] {
        if needs_escape(byte) {
            push_escape(out, byte);
        } else {
            out.push(byte);
        }
    }
    out.push(b'"');
}

const ONES: u64 = 0x0101_0101_0101_0101;
const HIGH_BITS: u64 = 0x8080_8080_8080_8080;

/// For a word of eight bytes (little end first): the high bit of each byte that is `"`, `\` or
/// a control character is set, and the lowest set bit marks the first such byte exactly. (Bits
/// above it may be set spuriously by borrows; only the lowest is used.)
fn escape_mask(word: u64) -> u64 {
    let zero_bytes = |w: u64| w.wrapping_sub(ONES) & !w & HIGH_BITS;
    let quote = zero_bytes(word ^ (ONES * u64::from(b'"')));
    let backslash = zero_bytes(word ^ (ONES * u64::from(b'\\')));
    let control = word.wrapping_sub(ONES * 0x20) & !word & HIGH_BITS;
    quote | backslash | control
}

fn needs_escape(byte: u8) -> bool {
    byte < 0x20 || byte == b'"' || byte == b'\\'
}

/// The escape sequence of one byte that [`needs_escape`].
fn push_escape(out: &mut Vec<u8>, byte: u8) {
    const HEX_DIGITS: &[u8; 16] = b"0123456789abcdef";
    let named = match byte {
        b'"' => b'"',
        b'\\' => b'\\',
        0x08 => b'b',
        b'\t' => b't',
        b'\n' => b'n',
        0x0C => b'f',
        b'\r' => b'r',
        _ => {
            out.extend_from_slice(&[
                b'\\',
                b'u',
                b'0',
                b'0',
                HEX_DIGITS[usize::from(byte >> 4)],
                HEX_DIGITS[usize::from(byte & 0xF)],
            ]);
            return;
        }
    };
    out.extend_from_slice(&[b'\\', named]);
}

#[cfg(test)]
mod tests {
    use super::*;
    use rand::{RngExt, SeedableRng};
    use serde_json::json;

    fn quoted(text: &str) -> String {
        let mut out = Vec::new();
        push_string(&mut out, text);
        String::from_utf8(out).unwrap()
    }

    #[test]
    fn strings_are_escaped_as_serde_json_escapes_them() {
        let every_ascii: String = (0u8..128).map(char::from).collect();
        for text in [
            "",
            "plain",
            r"\frac{1}{2} \cdot \theta",
            "\"quoted\"\n\ttab\r\u{8}\u{c}",
            "ß → ∂L/∂W \u{1F600}",
            every_ascii.as_str(),
        ] {
            assert_eq!(
                quoted(text),
                serde_json::to_string(text).unwrap(),
                "{text:?}"
            );
        }
    }

    #[test]
    fn random_strings_are_escaped_as_serde_json_escapes_them() {
        // Runs of plain bytes of every length between the bytes to escape, at every offset
        // within a word, with multi-byte characters in between.
        let alphabet: Vec<char> = "ab\\\"\n\t\u{1}\u{1f}\u{7f} ß∂😀".chars().collect();
        let mut rng = rand_chacha::ChaCha8Rng::seed_from_u64(7);
        for _ in 0..20_000 {
            let len = rng.random_range(0..40);
            let text: String = (0..len)
                .map(|_| {
                    if rng.random_bool(0.7) {
                        'x'
                    } else {
                        alphabet[rng.random_range(0..alphabet.len())]
                    }
                })
                .collect();
            assert_eq!(
                quoted(&text),
                serde_json::to_string(&text).unwrap(),
                "{text:?}"
            );
        }
    }

    /// serde_json's pretty text of `value`, with every line indented `depth` levels more.
    fn indented_pretty(value: &Value, depth: usize) -> String {
        let pad = "  ".repeat(depth);
        let text = serde_json::to_string_pretty(value).unwrap();
        let lines: Vec<String> = text.lines().map(|l| format!("{pad}{l}")).collect();
        lines.join("\n")
    }

    #[test]
    fn values_are_laid_out_as_serde_json_lays_them_out() {
        let mut deep = json!({"leaf": [], "empty": {}, "n": -1.5, "big": u64::MAX, "t": true});
        for i in 0..40 {
            deep = json!([i, {"k \"q\"": deep, "s": "a\\b", "z": null}, []]);
        }
        for value in [json!([]), json!({}), json!("x"), json!(0), deep] {
            for depth in [0, 2, 40] {
                let mut json = PrettyJson::at_depth(depth, 0);
                json.value(&value);
                assert_eq!(
                    String::from_utf8(json.into_bytes()).unwrap(),
                    indented_pretty(&value, depth)
                );
            }
        }
    }
}

//! A reader of cloze question text written from Moodle's syntax as its importer reads it
//! (`qtype_multianswer_extract_question`, Moodle 4.x): sub-questions found left to right, each
//! `{weight:TYPE:alternatives}` taken apart as `ANSWER_REGEX` and `ANSWER_ALTERNATIVE_REGEX` do
//! (an answer ends at the first `~`, `#` or `}` not preceded by `\`, `&` or `&amp;`; a feedback
//! at the first `~` or `}` not preceded by `\`), and answers and feedback decoded as Moodle does
//! (HTML entities, then `\}` and `\#`). Stricter than Moodle: a `{digits:TYPE:` that does not
//! read as a whole sub-question on the first try is an error, not text.

/// The types Moodle knows (`ANSWER_TYPE_DEF_REGEX`).
const TYPES: &[&str] = &[
    "NUMERICAL",
    "NM",
    "MULTICHOICE",
    "MC",
    "MULTICHOICE_V",
    "MCV",
    "MULTICHOICE_H",
    "MCH",
    "SHORTANSWER",
    "SA",
    "MW",
    "SHORTANSWER_C",
    "SAC",
    "MWC",
    "MULTICHOICE_S",
    "MCS",
    "MULTICHOICE_VS",
    "MCVS",
    "MULTICHOICE_HS",
    "MCHS",
    "MULTIRESPONSE",
    "MR",
    "MULTIRESPONSE_H",
    "MRH",
    "MULTIRESPONSE_S",
    "MRS",
    "MULTIRESPONSE_HS",
    "MRHS",
];

/// One sub-question.
#[derive(Clone, Debug)]
pub struct Sub {
    /// The weight (digits; empty means 1).
    pub weight: String,
    /// The type as written.
    pub kind: String,
    /// The alternatives.
    pub alternatives: Vec<Alternative>,
}

/// One alternative of a sub-question.
#[derive(Clone, Debug)]
pub struct Alternative {
    /// `=` gives `Some("100")`, `%n%` gives `Some(n)`, none gives `None`.
    pub fraction: Option<String>,
    /// The answer as written.
    pub raw_answer: String,
    /// The feedback as written, if any.
    pub raw_feedback: Option<String>,
}

impl Alternative {
    /// The answer as Moodle stores a non-numerical one.
    pub fn answer(&self) -> String {
        decode(&self.raw_answer)
    }

    /// The feedback as Moodle stores it.
    pub fn feedback(&self) -> Option<String> {
        self.raw_feedback.as_deref().map(decode)
    }
}

/// Moodle's decoding of an answer or feedback: `html_entity_decode`, then `\}` and `\#`.
pub fn decode(raw: &str) -> String {
    entities(raw).replace(r"\}", "}").replace(r"\#", "#")
}

/// HTML entities decoded (the named ones HTML-escaping writes, and numeric references).
pub fn entities(text: &str) -> String {
    let mut out = String::new();
    let mut rest = text;
    while let Some(i) = rest.find('&') {
        out.push_str(&rest[..i]);
        let tail = &rest[i..];
        let decoded = tail.find(';').and_then(|end| {
            let name = &tail[1..end];
            let c = match name {
                "amp" => Some('&'),
                "lt" => Some('<'),
                "gt" => Some('>'),
                "quot" => Some('"'),
                "apos" => Some('\''),
                _ => match name.strip_prefix('#') {
                    Some(n) => match n.strip_prefix(['x', 'X']) {
                        Some(hex) => u32::from_str_radix(hex, 16).ok(),
                        None => n.parse().ok(),
                    }
                    .and_then(char::from_u32),
                    None => None,
                },
            }?;
            Some((c, end + 1))
        });
        match decoded {
            Some((c, len)) => {
                out.push(c);
                rest = &tail[len..];
            }
            None => {
                out.push('&');
                rest = &tail[1..];
            }
        }
    }
    out.push_str(rest);
    out
}

/// Every sub-question of `text`, left to right; the text with each replaced by `{#n}`.
pub fn sub_questions(text: &str) -> Result<(Vec<Sub>, String), String> {
    let mut subs = Vec::new();
    let mut rest_text = String::new();
    let mut pos = 0;
    while let Some(found) = next_start(text, pos) {
        let (start, weight, kind, body) = found;
        let (alternatives, end) = alternatives(text, body).ok_or_else(|| {
            format!(
                "unreadable sub-question at {start}: {}",
                &text[start..(start + 80).min(text.len())]
            )
        })?;
        rest_text.push_str(&text[pos..start]);
        subs.push(Sub {
            weight,
            kind,
            alternatives,
        });
        rest_text.push_str(&format!("{{#{}}}", subs.len()));
        pos = end;
    }
    rest_text.push_str(&text[pos..]);
    Ok((subs, rest_text))
}

/// The next `{digits:TYPE:` at or after `from`: (its position, weight, type, where the
/// alternatives start).
fn next_start(text: &str, from: usize) -> Option<(usize, String, String, usize)> {
    let bytes = text.as_bytes();
    (from..bytes.len())
        .filter(|&i| bytes[i] == b'{')
        .find_map(|i| {
            let after = &text[i + 1..];
            let digits = after.bytes().take_while(u8::is_ascii_digit).count();
            let rest = after[digits..].strip_prefix(':')?;
            let kind_len = rest.find(':')?;
            let kind = &rest[..kind_len];
            TYPES.contains(&kind).then(|| {
                let body = i + 1 + digits + 1 + kind_len + 1;
                (i, after[..digits].to_string(), kind.to_string(), body)
            })
        })
}

fn ends_with_escape(before: &str) -> bool {
    before.ends_with('\\') || before.ends_with('&') || before.ends_with("&amp;")
}

/// The alternatives from `pos` up to the closing `}`; and the position after it.
fn alternatives(text: &str, mut pos: usize) -> Option<(Vec<Alternative>, usize)> {
    let mut list = Vec::new();
    loop {
        let (alternative, next) = alternative(text, pos)?;
        list.push(alternative);
        match text[next..].chars().next()? {
            '~' => pos = next + 1,
            '}' => return Some((list, next + 1)),
            _ => return None,
        }
    }
}

/// One alternative at `pos`: `(=|%n%)?answer(#feedback)?`; and where it ends.
fn alternative(text: &str, pos: usize) -> Option<(Alternative, usize)> {
    let mut p = pos;
    let fraction = if text[p..].starts_with('=') {
        p += 1;
        Some("100".to_string())
    } else if let Some(percent) = percent(&text[p..]) {
        p += percent.len() + 2;
        Some(percent)
    } else {
        None
    };
    // The answer: at least one character, lazily, to a delimiter that is not escaped.
    let mut end = None;
    for (k, c) in text[p..].char_indices().skip(1) {
        if matches!(c, '~' | '#' | '}') && !ends_with_escape(&text[..p + k]) {
            end = Some(p + k);
            break;
        }
    }
    let end = end?;
    let raw_answer = text[p..end].to_string();
    let (raw_feedback, next) = if text[end..].starts_with('#') {
        let start = end + 1;
        let mut stop = None;
        for (k, c) in text[start..].char_indices() {
            if matches!(c, '~' | '}') && !text[..start + k].ends_with('\\') {
                stop = Some(start + k);
                break;
            }
        }
        let stop = stop?;
        (Some(text[start..stop].to_string()), stop)
    } else {
        (None, end)
    };
    Some((
        Alternative {
            fraction,
            raw_answer,
            raw_feedback,
        },
        next,
    ))
}

/// `%n%` at the start of `text`: n.
fn percent(text: &str) -> Option<String> {
    let rest = text.strip_prefix('%')?;
    let end = rest.find('%')?;
    let n = &rest[..end];
    let body = n.strip_prefix('-').unwrap_or(n);
    let (int, frac) = body.split_once(['.', ',']).unwrap_or((body, ""));
    let ok = !int.is_empty()
        && int.bytes().all(|b| b.is_ascii_digit())
        && frac.bytes().all(|b| b.is_ascii_digit());
    ok.then(|| n.to_string())
}

/// A NUMERICAL answer as Moodle reads it (`NUMERICAL_ALTERNATIVE_REGEX`): (value, tolerance).
pub fn numerical(answer: &str) -> Option<(String, Option<String>)> {
    let (value, tolerance) = match answer.split_once(':') {
        Some((v, t)) => (v, Some(t)),
        None => (answer, None),
    };
    (is_number(value) && tolerance.is_none_or(is_number))
        .then(|| (value.to_string(), tolerance.map(str::to_string)))
}

/// `NUMBER_REGEX`: `-?(([0-9]+[.,]?[0-9]*|[.,][0-9]+)([eE][-+]?[0-9]+)?)`.
fn is_number(text: &str) -> bool {
    let body = text.strip_prefix('-').unwrap_or(text);
    let (mantissa, exponent) = match body.find(['e', 'E']) {
        Some(i) => (&body[..i], Some(&body[i + 1..])),
        None => (body, None),
    };
    let digits = |s: &str| s.bytes().all(|b| b.is_ascii_digit());
    let mantissa_ok = match mantissa.split_once(['.', ',']) {
        Some((int, frac)) => (!int.is_empty() || !frac.is_empty()) && digits(int) && digits(frac),
        None => !mantissa.is_empty() && digits(mantissa),
    };
    let exponent_ok = exponent.is_none_or(|e| {
        let e = e.strip_prefix(['+', '-']).unwrap_or(e);
        !e.is_empty() && digits(e)
    });
    mantissa_ok && exponent_ok
}

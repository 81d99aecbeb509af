//! XML character data: the one escape the SVG figures and the Moodle banks share.

use std::fmt::{self, Display, Formatter, Write};

/// Text with `&`, `<` and `>` escaped, for XML element content.
pub struct Text<'a>(pub &'a str);

impl Display for Text<'_> {
    fn fmt(&self, f: &mut Formatter<'_>) -> fmt::Result {
        for c in self.0.chars() {
            match c {
                '&' => f.write_str("&amp;")?,
                '<' => f.write_str("&lt;")?,
                '>' => f.write_str("&gt;")?,
                c => f.write_char(c)?,
            }
        }
        Ok(())
    }
}

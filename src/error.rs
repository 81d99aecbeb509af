//! The error type of dlexam and how it maps to exit codes.

use std::path::PathBuf;

/// Everything that can go wrong. [`Error::Invalid`] is the user's input (exit code 2);
/// the rest is exit code 1.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// Bad input: the message names the field, the value and the rule.
    #[error("{0}")]
    Invalid(String),
    /// A file could not be read or written.
    #[error("{path}: {source}")]
    Io {
        /// The file.
        path: PathBuf,
        /// What the OS said.
        source: std::io::Error,
    },
    /// A template failed to render (a bug, or a broken user template).
    #[error("{0}")]
    Template(String),
    /// An external tool failed (pdflatex).
    #[error("{0}")]
    Tool(String),
}

impl Error {
    /// The process exit code for this error: 2 for invalid input, 1 otherwise.
    pub fn exit_code(&self) -> i32 {
        match self {
            Error::Invalid(_) => 2,
            _ => 1,
        }
    }

    /// Shorthand for [`Error::Invalid`].
    pub fn invalid(message: impl Into<String>) -> Self {
        Error::Invalid(message.into())
    }
}

/// Result with dlexam's [`Error`].
pub type Result<T> = std::result::Result<T, Error>;

/// Returns `Err(Error::Invalid(..))` unless the condition holds.
#[macro_export]
macro_rules! ensure {
    ($cond:expr, $($arg:tt)+) => {
        if !$cond {
            return Err($crate::Error::Invalid(format!($($arg)+)));
        }
    };
}

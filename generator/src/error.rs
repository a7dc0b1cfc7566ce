//! Errors the generator reports. Input problems are [`Diagnostic`]s: each names the file,
//! a line:column where one is known, the JSON pointer of the offending node, and what is
//! wrong, so a user can fix the input without reading the generator.

use std::fmt;
use std::path::{Path, PathBuf};

/// A 1-based position in an input file.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub struct Location {
    pub line: usize,
    pub column: usize,
}

/// One problem in one input file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Diagnostic {
    pub file: PathBuf,
    pub location: Option<Location>,
    /// JSON pointer of the node the problem is about, when there is one.
    pub pointer: Option<String>,
    pub message: String,
    /// A suggestion ("did you mean ...?") when one is known.
    pub help: Option<String>,
}

impl Diagnostic {
    pub fn new(file: &Path, message: impl Into<String>) -> Self {
        Diagnostic {
            file: file.to_path_buf(),
            location: None,
            pointer: None,
            message: message.into(),
            help: None,
        }
    }

    pub fn at(mut self, location: Option<Location>) -> Self {
        self.location = location;
        self
    }

    pub fn pointer(mut self, pointer: impl Into<String>) -> Self {
        self.pointer = Some(pointer.into());
        self
    }

    pub fn help(mut self, help: impl Into<String>) -> Self {
        self.help = Some(help.into());
        self
    }
}

impl fmt::Display for Diagnostic {
    /// `file:line:column: message (at pointer)`, the shape editors and cargo understand.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.file.display())?;
        if let Some(loc) = self.location {
            write!(f, ":{}:{}", loc.line, loc.column)?;
        }
        write!(f, ": {}", self.message)?;
        if let Some(pointer) = &self.pointer {
            write!(f, " (at {pointer})")?;
        }
        if let Some(help) = &self.help {
            write!(f, "; {help}")?;
        }
        Ok(())
    }
}

/// Everything that can stop generation.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// A file could not be read or written.
    #[error("{}: {source}", path.display())]
    Io {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },
    /// The inputs have problems; all that were found are listed.
    #[error("{}", render(.0))]
    Input(Vec<Diagnostic>),
    /// The generator built code that does not parse: a generator bug, never an input one.
    #[error("internal error: generated code for `{module}` does not parse: {message}")]
    Internal { module: String, message: String },
    /// A builder setting is missing or wrong (e.g. no output directory and no `OUT_DIR`).
    #[error("{0}")]
    Config(String),
}

impl Error {
    pub fn io(path: &Path, source: std::io::Error) -> Self {
        Error::Io {
            path: path.to_path_buf(),
            source,
        }
    }

    /// The diagnostics, when this is an input error.
    pub fn diagnostics(&self) -> &[Diagnostic] {
        match self {
            Error::Input(d) => d,
            _ => &[],
        }
    }
}

impl From<Diagnostic> for Error {
    fn from(d: Diagnostic) -> Self {
        Error::Input(vec![d])
    }
}

fn render(diags: &[Diagnostic]) -> String {
    let mut out = String::new();
    for (i, d) in diags.iter().enumerate() {
        if i > 0 {
            out.push('\n');
        }
        out.push_str(&format!("error: {d}"));
    }
    out
}

/// The closest candidate to `wrong` by edit distance, for "did you mean" hints.
pub fn closest<'a>(wrong: &str, candidates: impl IntoIterator<Item = &'a str>) -> Option<&'a str> {
    candidates
        .into_iter()
        .map(|c| (strsim::levenshtein(wrong, c), c))
        .filter(|(d, c)| *d <= (wrong.len().max(c.len()) / 3).max(2))
        .min()
        .map(|(_, c)| c)
}

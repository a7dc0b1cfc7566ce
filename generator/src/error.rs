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

impl Location {
    /// The byte offset of this line:column (in characters) in `text`, clamped to it.
    pub fn offset_in(self, text: &str) -> usize {
        let mut line_start = 0;
        for _ in 1..self.line {
            match text.get(line_start..).and_then(|rest| rest.find('\n')) {
                Some(i) => line_start += i + 1,
                None => return text.len(),
            }
        }
        let line = text.get(line_start..).unwrap_or("");
        let line = line.split('\n').next().unwrap_or("");
        let within = line
            .char_indices()
            .nth(self.column.saturating_sub(1))
            .map_or(line.len(), |(i, _)| i);
        line_start + within
    }
}

/// Whether a problem stopped generation or only degraded it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Severity {
    /// Nothing sensible can be generated from the input.
    #[default]
    Error,
    /// Generated, but not as the input says (an unknown key ignored, an array without
    /// `items` taken as an array of any JSON); the message says what was done.
    Warning,
}

/// Where a stage collects the problems it finds, so one run reports them all: errors
/// (nothing is generated) and warnings (generated in a degraded way), each in the order
/// found.
#[derive(Debug, Default)]
pub struct Diagnostics {
    errors: Vec<Diagnostic>,
    warnings: Vec<Diagnostic>,
}

impl Diagnostics {
    pub fn new() -> Self {
        Self::default()
    }

    /// Records `d` as an error.
    pub fn error(&mut self, mut d: Diagnostic) {
        d.severity = Severity::Error;
        self.errors.push(d);
    }

    /// Records `d` as a warning; its message says what was done instead.
    pub fn warn(&mut self, d: Diagnostic) {
        self.warnings.push(d.warning());
    }

    /// Records each of `ds` by its own severity.
    pub fn extend(&mut self, ds: impl IntoIterator<Item = Diagnostic>) {
        for d in ds {
            match d.severity {
                Severity::Error => self.errors.push(d),
                Severity::Warning => self.warnings.push(d),
            }
        }
    }

    /// How many errors so far (to tell whether a step added any).
    pub fn error_count(&self) -> usize {
        self.errors.len()
    }

    /// Forgets the errors after the first `count` (what a speculative step reported that
    /// is reported again elsewhere).
    pub fn truncate_errors(&mut self, count: usize) {
        self.errors.truncate(count);
    }

    /// Sorts the errors by position and drops repeats (for checks that can reach one
    /// node on several paths).
    pub fn dedup_errors(&mut self) {
        self.errors
            .sort_by(|a, b| (a.location, &a.message).cmp(&(b.location, &b.message)));
        self.errors.dedup();
    }

    /// The warnings when there is no error; otherwise the errors, as
    /// [`Error::Input`].
    pub fn finish(self) -> Result<Vec<Diagnostic>, Error> {
        if self.errors.is_empty() {
            Ok(self.warnings)
        } else {
            Err(Error::Input(self.errors))
        }
    }
}

/// One problem in one input file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Diagnostic {
    pub severity: Severity,
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
            severity: Severity::Error,
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

    /// The same problem as a warning: generation goes on.
    pub fn warning(mut self) -> Self {
        self.severity = Severity::Warning;
        self
    }

    /// Renders the diagnostic for a terminal: the message, then the lines of `source`
    /// around the location with a caret under it, then the help. Without a source or a
    /// location it is the message and the help alone. `color` picks ANSI colours.
    pub fn render_fancy(&self, source: Option<&str>, color: bool) -> String {
        use miette::{GraphicalReportHandler, GraphicalTheme};
        let theme = if color {
            GraphicalTheme::unicode()
        } else {
            GraphicalTheme::unicode_nocolor()
        };
        let report = Fancy::new(self, source);
        let mut out = String::new();
        let handler = GraphicalReportHandler::new_themed(theme).with_width(100);
        if handler.render_report(&mut out, &report).is_err() {
            // Rendering into a String cannot fail; keep the plain form just in case.
            return format!("error: {self}");
        }
        out
    }
}

/// A [`Diagnostic`] with its file's text, in the shape miette renders.
#[derive(Debug)]
struct Fancy {
    message: String,
    help: Option<String>,
    source: Option<miette::NamedSource<String>>,
    label: Option<miette::LabeledSpan>,
}

impl Fancy {
    fn new(d: &Diagnostic, text: Option<&str>) -> Self {
        // miette prints the span's line:column after the name itself.
        let name = d.file.display().to_string();
        // The loaders drop a byte-order mark before counting columns.
        let text = text.map(|t| t.strip_prefix('\u{feff}').unwrap_or(t));
        let (source, label) = match (text, d.location) {
            (Some(text), Some(loc)) => {
                let offset = loc.offset_in(text);
                let len = token_len(text.get(offset..).unwrap_or(""));
                let label_text = match &d.pointer {
                    Some(p) if !p.is_empty() => format!("here ({p})"),
                    _ => "here".to_owned(),
                };
                (
                    Some(miette::NamedSource::new(name, text.to_owned())),
                    Some(miette::LabeledSpan::new(Some(label_text), offset, len)),
                )
            }
            _ => (None, None),
        };
        let mut message = d.message.clone();
        if source.is_none() {
            // No snippet to carry the position: keep it in the message.
            message = format!("{}: {}", location_prefix(d), d.message);
        }
        Fancy {
            message,
            help: d.help.clone(),
            source,
            label,
        }
    }
}

/// `file[:line:column][ (at pointer)]`, for diagnostics shown without a snippet.
fn location_prefix(d: &Diagnostic) -> String {
    let mut out = d.file.display().to_string();
    if let Some(loc) = d.location {
        out.push_str(&format!(":{}:{}", loc.line, loc.column));
    }
    if let Some(p) = d.pointer.as_deref().filter(|p| !p.is_empty()) {
        out.push_str(&format!(" (at {p})"));
    }
    out
}

/// How many bytes of `rest` the caret underlines: the word or key that starts there.
fn token_len(rest: &str) -> usize {
    let end = rest
        .char_indices()
        .find(|(_, c)| c.is_whitespace() || matches!(c, ':' | ',' | '{' | '}' | '[' | ']'))
        .map_or(rest.len(), |(i, _)| i);
    if end == 0 {
        rest.chars().next().map_or(0, char::len_utf8)
    } else {
        end
    }
}

impl fmt::Display for Fancy {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for Fancy {}

impl miette::Diagnostic for Fancy {
    fn help<'a>(&'a self) -> Option<Box<dyn fmt::Display + 'a>> {
        self.help
            .as_ref()
            .map(|h| Box::new(h) as Box<dyn fmt::Display + 'a>)
    }

    fn source_code(&self) -> Option<&dyn miette::SourceCode> {
        self.source.as_ref().map(|s| s as &dyn miette::SourceCode)
    }

    fn labels(&self) -> Option<Box<dyn Iterator<Item = miette::LabeledSpan> + '_>> {
        self.label
            .clone()
            .map(|l| Box::new(std::iter::once(l)) as Box<dyn Iterator<Item = _>>)
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
        if let Some(pointer) = self.pointer.as_deref().filter(|p| !p.is_empty()) {
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
    /// In a build script: the package's `Cargo.toml` lacks a crate the generated code uses,
    /// or allows only versions it does not work with. Each diagnostic names the manifest
    /// line and the line to put there (see [`Builder::check_dependencies`](crate::Builder::check_dependencies)).
    #[error("{}", render(.0))]
    Dependencies(Vec<Diagnostic>),
}

impl Error {
    pub fn io(path: &Path, source: std::io::Error) -> Self {
        Error::Io {
            path: path.to_path_buf(),
            source,
        }
    }

    /// Renders the error for a terminal: each input diagnostic with a snippet of its file
    /// (read again from disk; a file that cannot be read is shown without one), then a
    /// count. Other errors render as their plain message.
    pub fn render_fancy(&self, color: bool) -> String {
        let (Error::Input(diags) | Error::Dependencies(diags)) = self else {
            return format!("error: {self}");
        };
        let mut texts: std::collections::HashMap<&Path, Option<String>> =
            std::collections::HashMap::new();
        let mut out = String::new();
        for d in diags {
            let text = texts
                .entry(d.file.as_path())
                .or_insert_with(|| std::fs::read_to_string(&d.file).ok());
            out.push_str(&d.render_fancy(text.as_deref(), color));
            out.push('\n');
        }
        let n = diags.len();
        out.push_str(&format!(
            "error: {n} problem{} in the inputs; nothing was generated\n",
            if n == 1 { "" } else { "s" }
        ));
        out
    }

    /// The diagnostics, when this is an input or dependency error.
    pub fn diagnostics(&self) -> &[Diagnostic] {
        match self {
            Error::Input(d) | Error::Dependencies(d) => d,
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
    // Edit distance is quadratic: names longer than anyone types get no suggestion, and
    // candidates whose length alone rules them out are skipped before measuring.
    const LONGEST: usize = 200;
    if wrong.len() > LONGEST {
        return None;
    }
    let allowed = |c: &str| (wrong.len().max(c.len()) / 3).max(2);
    candidates
        .into_iter()
        .filter(|c| c.len() <= LONGEST && wrong.len().abs_diff(c.len()) <= allowed(c))
        .map(|c| (strsim::levenshtein(wrong, c), c))
        .filter(|(d, c)| *d <= allowed(c))
        .min()
        .map(|(_, c)| c)
}

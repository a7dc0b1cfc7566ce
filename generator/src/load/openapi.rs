//! Loading an OpenAPI document (YAML or JSON, told apart by content): 3.0 as it is,
//! 3.1 and Swagger 2.0 upgraded to 3.0 on the way.
//!
//! The stage is a straight line, each step in its own module and reporting every problem
//! it finds before the next runs:
//!
//! 1. `read`: text and syntax (with line:column);
//! 2. `upgrade::version`: which version the document is;
//! 3. [`bundle`](super::bundle): references to other files and to places outside
//!    `#/components` become one document;
//! 4. `upgrade`: Swagger 2.0 and OpenAPI 3.1 constructs rewritten as their 3.0 equivalents
//!    (every moved node keeps its position, so diagnostics name the text as written);
//! 5. `check`: the shape against the OpenAPI 3.0 object model;
//! 6. the typed parse into `openapiv3`, whose terse messages are a last resort.

use super::check::check;
use super::pointer::escape;
use super::read::{parse_text, utf8};
use super::source::SourceFile;
use super::upgrade;
use crate::error::{Diagnostic, Error};
use openapiv3::OpenAPI;
use std::path::Path;

/// A parsed OpenAPI document with its source, for locating later diagnostics.
#[derive(Debug)]
pub struct LoadedSpec {
    pub doc: OpenAPI,
    pub source: SourceFile,
    /// What the checker accepted but ignored or read in a degraded way.
    pub warnings: Vec<Diagnostic>,
    /// The other files the document reaches through `$ref`s (each read once).
    pub files: Vec<std::path::PathBuf>,
}

const WHAT: &str = "an OpenAPI document";

/// Reads and parses `path`.
pub fn load(path: &Path) -> Result<LoadedSpec, Error> {
    let bytes = std::fs::read(path).map_err(|e| Error::io(path, e))?;
    parse_bytes(path, bytes)
}

/// Parses raw bytes (checked to be UTF-8 text); `path` names the document in diagnostics
/// and is where relative `$ref`s are resolved from.
pub fn parse_bytes(path: &Path, bytes: Vec<u8>) -> Result<LoadedSpec, Error> {
    parse(path, utf8(path, bytes, WHAT)?)
}

/// Parses a document already in memory; `path` names the document in diagnostics and is
/// where relative `$ref`s are resolved from.
pub fn parse(path: &Path, text: String) -> Result<LoadedSpec, Error> {
    let (mut source, mut value) = parse_text(path, text, WHAT)?;
    let version = upgrade::version(&source, &value)?;
    let mut mounts = upgrade::before_bundle(version, &mut value);
    let bundled = super::bundle::bundle(&source, value, mounts)?;
    value = bundled.value;
    mounts = bundled.mounts;
    let upgraded = upgrade::after_bundle(version, &source, value, mounts);
    value = upgraded.value;
    source.set_mounts(upgraded.mounts);
    let mut warnings = upgraded.warnings;
    warnings.extend(check(&source, &value)?);
    let doc: OpenAPI = serde_path_to_error::deserialize(value).map_err(|e| {
        let pointer = path_to_pointer(e.path());
        source.error(
            &pointer,
            format!("not a valid OpenAPI 3.0 document: {}", e.inner()),
        )
    })?;
    Ok(LoadedSpec {
        doc,
        source,
        warnings,
        files: bundled.files,
    })
}

/// `a.b[3].c` style paths from serde_path_to_error, as a JSON pointer.
pub(crate) fn path_to_pointer(path: &serde_path_to_error::Path) -> String {
    use serde_path_to_error::Segment;
    let mut out = String::new();
    for seg in path.iter() {
        out.push('/');
        match seg {
            Segment::Seq { index } => out.push_str(&index.to_string()),
            Segment::Map { key } | Segment::Enum { variant: key } => out.push_str(&escape(key)),
            Segment::Unknown => out.push('?'),
        }
    }
    out
}

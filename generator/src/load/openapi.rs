//! Loading an OpenAPI 3.0 document (YAML or JSON, told apart by content).

use super::source::SourceFile;
use crate::error::{Diagnostic, Error, Location};
use openapiv3::OpenAPI;
use std::path::Path;

/// A parsed OpenAPI document with its source, for locating later diagnostics.
#[derive(Debug)]
pub struct LoadedSpec {
    pub doc: OpenAPI,
    pub source: SourceFile,
}

/// Reads and parses `path`.
pub fn load(path: &Path) -> Result<LoadedSpec, Error> {
    let bytes = std::fs::read(path).map_err(|e| Error::io(path, e))?;
    let text = String::from_utf8(bytes)
        .map_err(|e| Diagnostic::new(path, format!("file is not UTF-8 text: {e}")))?;
    parse(path, text)
}

/// Parses a document already in memory; `path` is used in diagnostics only.
pub fn parse(path: &Path, text: String) -> Result<LoadedSpec, Error> {
    let source = SourceFile::new(path, text);
    if source.text.trim().is_empty() {
        return Err(
            Diagnostic::new(path, "file is empty; expected an OpenAPI 3.0 document").into(),
        );
    }
    let is_json = source.text.trim_start().starts_with('{');
    // First a generic parse: syntax errors and the version check come before the
    // (much less readable) shape errors of the typed parse.
    let value: serde_json::Value = if is_json {
        serde_json::from_str(&source.text).map_err(|e| json_error(path, &e))?
    } else {
        serde_yaml::from_str(&source.text).map_err(|e| yaml_error(path, &e))?
    };
    check_version(&source, &value)?;
    let doc: OpenAPI = serde_path_to_error::deserialize(value).map_err(|e| {
        let pointer = path_to_pointer(e.path());
        source.error(
            &pointer,
            format!("not a valid OpenAPI 3.0 document: {}", e.inner()),
        )
    })?;
    Ok(LoadedSpec { doc, source })
}

fn check_version(source: &SourceFile, value: &serde_json::Value) -> Result<(), Error> {
    let Some(obj) = value.as_object() else {
        return Err(source
            .error(
                "",
                "expected a mapping at the top level of an OpenAPI document",
            )
            .into());
    };
    if obj.contains_key("swagger") {
        return Err(source
            .error("/swagger", "Swagger 2.0 documents are not supported")
            .help("convert it to OpenAPI 3.0 first (e.g. with swagger2openapi)")
            .into());
    }
    match obj.get("openapi") {
        None => Err(source
            .error("", "missing `openapi` version field")
            .help("add `openapi: 3.0.3` at the top")
            .into()),
        Some(serde_json::Value::String(v)) if v.starts_with("3.0") => Ok(()),
        Some(serde_json::Value::String(v)) if v.starts_with("3.1") => Err(source
            .error("/openapi", format!("OpenAPI {v} is not supported; only 3.0.x is"))
            .help("3.1 changes `nullable`, `exclusiveMinimum` and `type` arrays; write the document as 3.0.3")
            .into()),
        Some(v) => Err(source
            .error("/openapi", format!("unsupported OpenAPI version {v}; expected 3.0.x"))
            .into()),
    }
}

/// `a.b[3].c` style paths from serde_path_to_error, as a JSON pointer.
pub(crate) fn path_to_pointer(path: &serde_path_to_error::Path) -> String {
    use serde_path_to_error::Segment;
    let mut out = String::new();
    for seg in path.iter() {
        out.push('/');
        match seg {
            Segment::Seq { index } => out.push_str(&index.to_string()),
            Segment::Map { key } | Segment::Enum { variant: key } => {
                out.push_str(&super::source::escape(key))
            }
            Segment::Unknown => out.push('?'),
        }
    }
    out
}

pub(crate) fn json_error(path: &Path, e: &serde_json::Error) -> Diagnostic {
    Diagnostic::new(path, format!("invalid JSON: {e}")).at(Some(Location {
        line: e.line(),
        column: e.column(),
    }))
}

pub(crate) fn yaml_error(path: &Path, e: &serde_yaml::Error) -> Diagnostic {
    let location = e.location().map(|l| Location {
        line: l.line(),
        column: l.column(),
    });
    Diagnostic::new(path, format!("invalid YAML: {e}")).at(location)
}

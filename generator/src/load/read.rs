//! Reading one input file: text (UTF-8, no NUL, no byte-order mark) parsed as JSON or
//! YAML, told apart by content, into a JSON value plus the source kept for positions.
//! The root document and every file it `$ref`s are read the same way.

use super::source::{location_at, SourceFile};
use crate::error::{Diagnostic, Error, Location};
use serde_json::Value;
use std::path::Path;

/// Parses `text` (read from `path`) into its source and value. `what` names the expected
/// content in messages ("an OpenAPI document").
pub(crate) fn parse_text(
    path: &Path,
    text: String,
    what: &str,
) -> Result<(SourceFile, Value), Error> {
    if let Some(offset) = text.find('\0') {
        return Err(Diagnostic::new(
            path,
            format!("file contains a NUL byte; expected {what} as YAML or JSON text"),
        )
        .at(Some(location_at(&text, offset)))
        .into());
    }
    // A byte-order mark is not content; serde_json rejects it.
    let text = match text.strip_prefix('\u{feff}') {
        Some(rest) => rest.to_owned(),
        None => text,
    };
    if text.trim().is_empty() {
        return Err(
            Diagnostic::new(path, format!("file is empty; expected {what}"))
                .at(Some(Location { line: 1, column: 1 }))
                .help("start from `openapi: 3.0.3`, `info` and `paths`")
                .into(),
        );
    }
    let value = if text.trim_start().starts_with('{') {
        serde_json::from_str(&text).map_err(|e| json_error(path, &e))?
    } else {
        yaml_value(path, &text)?
    };
    Ok((SourceFile::new(path, text), value))
}

/// Checks that `bytes` are UTF-8 text.
pub(crate) fn utf8(path: &Path, bytes: Vec<u8>, what: &str) -> Result<String, Error> {
    String::from_utf8(bytes).map_err(|e| not_text(path, &e, what))
}

fn not_text(path: &Path, e: &std::string::FromUtf8Error, what: &str) -> Error {
    let valid = e.utf8_error().valid_up_to();
    let before = String::from_utf8_lossy(e.as_bytes().get(..valid).unwrap_or(&[]));
    Diagnostic::new(
        path,
        format!(
            "file is not UTF-8 text (invalid byte at offset {valid}); expected {what} as YAML or JSON"
        ),
    )
    .at(Some(location_at(&before, before.len())))
    .into()
}

pub(crate) fn json_error(path: &Path, e: &serde_json::Error) -> Diagnostic {
    let d = Diagnostic::new(path, format!("invalid JSON: {e}")).at(Some(Location {
        line: e.line().max(1),
        column: e.column().max(1),
    }));
    if e.to_string().contains("recursion limit") {
        d.help("nesting is limited to 128 levels; flatten the document with `$ref`s")
    } else {
        d
    }
}

/// Parses YAML text into a JSON value. Integers too large for JSON's 64 bits (seen in
/// real documents as `maximum: 18446744073709552000`) are read as floats, which is what
/// any JSON reader of the same document would do.
pub(crate) fn yaml_value(path: &Path, text: &str) -> Result<Value, Error> {
    match serde_yaml::from_str(text) {
        Ok(v) => Ok(v),
        Err(e) if e.to_string().contains("u128") || e.to_string().contains("out of range") => {
            // serde_yaml refuses such integers outright; yaml-rust2 reads them as floats.
            let docs =
                yaml_rust2::YamlLoader::load_from_str(text).map_err(|_| yaml_error(path, &e))?;
            Ok(docs.into_iter().next().map_or(Value::Null, yaml_to_json))
        }
        Err(e) => Err(yaml_error(path, &e).into()),
    }
}

fn yaml_to_json(v: yaml_rust2::Yaml) -> Value {
    use yaml_rust2::Yaml as Y;
    match v {
        Y::Null | Y::BadValue | Y::Alias(_) => Value::Null,
        Y::Boolean(b) => Value::Bool(b),
        Y::Integer(i) => Value::from(i),
        Y::Real(r) => r
            .parse::<f64>()
            .ok()
            .and_then(serde_json::Number::from_f64)
            .map_or(Value::String(r), Value::Number),
        Y::String(s) => Value::String(s),
        Y::Array(items) => Value::Array(items.into_iter().map(yaml_to_json).collect()),
        Y::Hash(m) => Value::Object(
            m.into_iter()
                .map(|(k, v)| {
                    let key = match k {
                        Y::String(s) | Y::Real(s) => s,
                        Y::Integer(i) => i.to_string(),
                        Y::Boolean(b) => b.to_string(),
                        _ => String::new(),
                    };
                    (key, yaml_to_json(v))
                })
                .collect(),
        ),
    }
}

pub(crate) fn yaml_error(path: &Path, e: &serde_yaml::Error) -> Diagnostic {
    let location = e.location().map(|l| Location {
        line: l.line().max(1),
        column: l.column().max(1),
    });
    // Errors about the whole document (alias expansion) carry no position: its start.
    let location = location.unwrap_or(Location { line: 1, column: 1 });
    let d = Diagnostic::new(path, format!("invalid YAML: {e}")).at(Some(location));
    let text = e.to_string();
    if text.contains("recursion limit") {
        d.help("nesting is limited to 128 levels; flatten the document with `$ref`s")
    } else if text.contains("repetition limit") {
        d.help("YAML aliases (`*name`) expand to too many nodes; write the repeated parts out or use `$ref`s")
    } else {
        d
    }
}

/// A short description of a JSON value's kind, for "expected X, found Y".
pub(crate) fn kind(v: &Value) -> &'static str {
    match v {
        Value::Null => "null",
        Value::Bool(_) => "a boolean",
        Value::Number(_) => "a number",
        Value::String(_) => "a string",
        Value::Array(_) => "a list",
        Value::Object(_) => "a mapping",
    }
}

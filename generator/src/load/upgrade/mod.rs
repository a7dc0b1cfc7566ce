//! Upgrading: Swagger 2.0 and OpenAPI 3.1 documents rewritten as OpenAPI 3.0, so every
//! later stage (the checker, the typed `openapiv3` model, resolution) knows one version.
//!
//! The rewrite works on the JSON value, before the typed parse. Every node it moves is
//! recorded as a [`Mount`] from its new place to where it was written (composed with the
//! bundler's mounts), so a diagnostic about an upgraded node still names the file, line and
//! column of the 2.0 or 3.1 text. What has no 3.0 equivalent is degraded with a warning
//! that says what was loosened.

pub(crate) mod swagger2;
pub(crate) mod v31;

use super::pointer::escape;
use super::read::kind;
use super::source::{unmount, Mount, SourceFile};
use crate::error::{Diagnostic, Diagnostics, Error};
use serde_json::Value;

/// Where an upgraded 3.1 document keeps its `webhooks` (the 3.0 model has no place for
/// them; an extension survives the typed parse). A private name, so a 3.0 document's own
/// extensions are never read as webhooks.
pub(crate) const WEBHOOKS_KEY: &str = "x-openapi-webhooks";

/// The versions a document can be written in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Version {
    Swagger2,
    V30,
    V31,
}

/// The upgraded document, where its moved parts came from, and what was degraded.
pub(crate) struct Upgraded {
    pub value: Value,
    pub mounts: Vec<Mount>,
    pub warnings: Vec<Diagnostic>,
}

/// Which version `value` (the parsed root of `source`) is written in; anything else is an
/// error, since nothing after this step could read it.
pub(crate) fn version(source: &SourceFile, value: &Value) -> Result<Version, Error> {
    let Some(obj) = value.as_object() else {
        return Err(source
            .error(
                "",
                format!(
                    "expected a mapping at the top level of an OpenAPI document, found {}",
                    kind(value)
                ),
            )
            .into());
    };
    if let Some(v) = obj.get("swagger") {
        return match v {
            Value::String(s) if s == "2.0" => Ok(Version::Swagger2),
            // YAML reads an unquoted `swagger: 2.0` as a number.
            Value::Number(n) if n.as_f64() == Some(2.0) => Ok(Version::Swagger2),
            other => Err(source
                .error(
                    "/swagger",
                    format!(
                        "unsupported Swagger version {}; expected \"2.0\"",
                        other
                            .as_str()
                            .map_or_else(|| other.to_string(), |s| format!("`{s}`"))
                    ),
                )
                .help("write `swagger: \"2.0\"`, or an OpenAPI 3 document")
                .into()),
        };
    }
    match obj.get("openapi") {
        None => Err(source
            .error("", "missing `openapi` version field")
            .help("add `openapi: 3.0.3` (or `3.1.0`) at the top")
            .into()),
        Some(Value::String(v)) if v.starts_with("3.0") => Ok(Version::V30),
        Some(Value::String(v)) if v.starts_with("3.1") => Ok(Version::V31),
        Some(Value::String(v)) => Err(source
            .error(
                "/openapi",
                format!("unsupported OpenAPI version `{v}`; expected 3.0.x or 3.1.x"),
            )
            .help("write `openapi: 3.0.3` or `openapi: 3.1.0`")
            .into()),
        Some(v) => Err(source
            .error(
                "/openapi",
                format!(
                    "`openapi` must be a version string such as \"3.0.3\", found {}",
                    kind(v)
                ),
            )
            .help("quote the version: `openapi: \"3.0.3\"`")
            .into()),
    }
}

/// What must happen before bundling, so the bundler sees 3.0's `#/components` layout:
/// the root's moved nodes, as mounts.
pub(crate) fn before_bundle(version: Version, value: &mut Value) -> Vec<Mount> {
    let mut mounts = Vec::new();
    match version {
        Version::Swagger2 => swagger2::before_bundle(value, &mut Moves::new(&mut mounts)),
        Version::V31 => v31::before_bundle(value),
        Version::V30 => {}
    }
    mounts
}

/// Rewrites the bundled document as 3.0.
pub(crate) fn after_bundle(
    version: Version,
    source: &SourceFile,
    mut value: Value,
    mut mounts: Vec<Mount>,
) -> Upgraded {
    let mut diags = Diagnostics::new();
    {
        let mut moves = Moves::new(&mut mounts);
        let mut warn = Warn {
            source,
            diags: &mut diags,
        };
        match version {
            Version::V30 => {}
            Version::V31 => v31::upgrade(&mut value, &mut moves, &mut warn),
            Version::Swagger2 => swagger2::after_bundle(&mut value, &mut moves, &mut warn),
        }
        if version != Version::V31 {
            json_schema_forms(version, &mut value, &mut moves, &mut warn);
        }
        operations(version, &mut value, &mut moves, &mut warn);
    }
    if version != Version::V30 {
        if let Some(v) = value.as_object_mut() {
            v.remove("swagger");
            v.insert("openapi".into(), Value::String("3.0.3".into()));
        }
    }
    // The upgrade degrades only; it never fails a document.
    let warnings = diags.finish().unwrap_or_default();
    Upgraded {
        value,
        mounts,
        warnings,
    }
}

/// JSON Schema forms that 3.0 and 2.0 lack but real documents of those versions carry
/// (`type: [string, "null"]`, `type: "null"`, a `null` member of `anyOf`, `items` as a
/// list): read as 3.1 reads them, each with a warning, rather than refusing the document.
fn json_schema_forms(
    version: Version,
    value: &mut Value,
    moves: &mut Moves<'_>,
    warn: &mut Warn<'_>,
) {
    let name = if version == Version::Swagger2 {
        "Swagger 2.0"
    } else {
        "OpenAPI 3.0"
    };
    swagger2::walk(value, swagger2::Kind::Other, "", &mut |node, kind, at| {
        if kind != swagger2::Kind::Schema {
            return;
        }
        let Some(schema) = node.as_object_mut() else {
            return;
        };
        if schema.contains_key("$ref") {
            return;
        }
        if let Some(Value::Array(items)) = schema.get("items") {
            let members = items.len();
            schema.insert("items".into(), Value::Object(serde_json::Map::new()));
            warn.warn(
                moves,
                &format!("{at}/items"),
                format!("a list of {members} `items` schemas (a tuple) is not {name}; generated `Vec<serde_json::Value>`"),
                Some("describe the elements with one `items` schema to get a typed list"),
            );
        }
        v31::json_schema_types(schema, at, name, moves, warn);
    });
}

/// What every version needs of its operations: a status range written in lower case
/// (`4xx`) is read as `4XX`; in 3.1, where `responses` is optional, an operation without
/// them gets an empty map.
fn operations(version: Version, value: &mut Value, moves: &mut Moves<'_>, warn: &mut Warn<'_>) {
    const METHODS: &[&str] = &[
        "get", "put", "post", "delete", "options", "head", "patch", "trace",
    ];
    let mut lower_ranges = Vec::new();
    for section in ["paths", WEBHOOKS_KEY] {
        let Some(items) = value.get_mut(section).and_then(Value::as_object_mut) else {
            continue;
        };
        for (path, item) in items.iter_mut() {
            let Some(item) = item.as_object_mut() else {
                continue;
            };
            for method in METHODS {
                let Some(op) = item.get_mut(*method).and_then(Value::as_object_mut) else {
                    continue;
                };
                let ptr = format!("/{}/{}/{method}", escape(section), escape(path));
                if version == Version::V31 && !op.contains_key("responses") {
                    op.insert("responses".into(), Value::Object(serde_json::Map::new()));
                }
                let Some(responses) = op.get_mut("responses").and_then(Value::as_object_mut) else {
                    continue;
                };
                let lower: Vec<String> = responses
                    .keys()
                    .filter(|k| {
                        k.len() == 3
                            && k.starts_with(['1', '2', '3', '4', '5'])
                            && k.get(1..)
                                .is_some_and(|r| r.eq_ignore_ascii_case("xx") && r != "XX")
                    })
                    .cloned()
                    .collect();
                for key in lower {
                    let upper = key.to_ascii_uppercase();
                    if responses.contains_key(&upper) {
                        continue;
                    }
                    // Keep the response's place in the map (the first success decides).
                    let entries: Vec<(String, Value)> =
                        std::mem::take(responses).into_iter().collect();
                    for (k, v) in entries {
                        let k = if k == key { upper.clone() } else { k };
                        responses.insert(k, v);
                    }
                    let from = format!("{ptr}/responses/{}", escape(&key));
                    let to = format!("{ptr}/responses/{}", escape(&upper));
                    moves.moved(&from, &to);
                    lower_ranges.push((to, key, upper));
                }
            }
        }
    }
    // One warning, at the first: a document that writes `4xx` usually does so everywhere
    // (hundreds of times), which would bury every other warning.
    if let Some((at, key, upper)) = lower_ranges.first() {
        let others = match lower_ranges.len() - 1 {
            0 => String::new(),
            1 => "; 1 more in this document is read the same way".to_owned(),
            n => format!("; {n} more in this document are read the same way"),
        };
        warn.warn(
            moves,
            at,
            format!(
                "status range `{key}` is written `{upper}` in OpenAPI; read as `{upper}`{others}"
            ),
            None,
        );
    }
}

/// Warnings about the document being upgraded, located where the node was written.
pub(crate) struct Warn<'a> {
    source: &'a SourceFile,
    diags: &'a mut Diagnostics,
}

impl Warn<'_> {
    /// A warning about the node now at `pointer` (`moves` says where it was written).
    pub(crate) fn warn(
        &mut self,
        moves: &Moves<'_>,
        pointer: &str,
        message: impl Into<String>,
        help: Option<&str>,
    ) {
        let (file, inner) = match unmount(moves.mounts, pointer) {
            Some((m, inner)) => (m.file.clone(), inner),
            None => (None, pointer.to_owned()),
        };
        let mut d = match &file {
            Some(f) => f.error(&inner, message),
            None => self.source.error(&inner, message),
        };
        d.help = help.map(str::to_owned);
        self.diags.warn(d);
    }
}

/// The record of nodes moved inside the document being upgraded.
pub(crate) struct Moves<'m> {
    mounts: &'m mut Vec<Mount>,
}

impl<'m> Moves<'m> {
    pub(crate) fn new(mounts: &'m mut Vec<Mount>) -> Self {
        Moves { mounts }
    }

    /// Records that the node at `from` now lives at `to`: the mounts inside it move with
    /// it, and `to` is mounted where `from` was written. Callers that shift a list move
    /// the vacated places first, then the rest in increasing index order, so no mount is
    /// left pointing at a place another node now occupies.
    pub(crate) fn moved(&mut self, from: &str, to: &str) {
        if from == to {
            return;
        }
        let origin = match unmount(self.mounts, from) {
            Some((m, inner)) => Mount {
                at: to.to_owned(),
                file: m.file.clone(),
                from: inner,
            },
            None => Mount {
                at: to.to_owned(),
                file: None,
                from: from.to_owned(),
            },
        };
        self.mounts.retain(|m| !under(&m.at, to));
        for m in self.mounts.iter_mut() {
            if let Some(rest) =
                m.at.strip_prefix(from)
                    .filter(|r| r.is_empty() || r.starts_with('/'))
            {
                m.at = format!("{to}{rest}");
            }
        }
        self.mounts.push(origin);
    }
}

/// Whether pointer `p` is `base` or inside it.
fn under(p: &str, base: &str) -> bool {
    p.strip_prefix(base)
        .is_some_and(|r| r.is_empty() || r.starts_with('/'))
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::path::Path;

    fn at(source: &SourceFile, mounts: Vec<Mount>, pointer: &str) -> (usize, String) {
        let mut s = SourceFile::new(&source.path, source.text.clone());
        s.set_mounts(mounts);
        let d = s.error(pointer, "x");
        (
            d.location.map_or(0, |l| l.line),
            d.pointer.unwrap_or_default(),
        )
    }

    #[test]
    fn a_moved_node_is_located_where_it_was_written() {
        let text = "a:\n  - p: 1\n  - q: 2\nb: {}\n".to_owned();
        let src = SourceFile::new(Path::new("t.yaml"), text);
        let mut mounts = Vec::new();
        let mut moves = Moves::new(&mut mounts);
        // `a/0` moves out, `a/1` shifts down into its place.
        moves.moved("/a/0", "/b/moved");
        moves.moved("/a/1", "/a/0");
        assert_eq!(at(&src, mounts.clone(), "/b/moved/p"), (2, "/a/0/p".into()));
        assert_eq!(at(&src, mounts, "/a/0/q"), (3, "/a/1/q".into()));
    }
}

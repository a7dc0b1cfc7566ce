//! OpenAPI 3.1 → 3.0.
//!
//! 3.1 made schemas JSON Schema 2020-12. Each construct real documents use is rewritten
//! to the 3.0 form with the same meaning:
//!
//! | 3.1 | 3.0 |
//! |---|---|
//! | `type: [T, "null"]`, a `{type: "null"}` member of `anyOf`/`oneOf` | `nullable: true` |
//! | `type: [A, B]` | `oneOf` of one schema per type |
//! | `const: v` | `enum: [v]` |
//! | `$ref` beside `description`, `nullable`, `default`, ... | `allOf: [{$ref}]` with them |
//! | `examples: [..]` in a schema | `example` (the first) |
//! | numeric `exclusiveMinimum`/`exclusiveMaximum` | `minimum`/`maximum` + the boolean |
//! | `contentEncoding: base64` / `contentMediaType` | `format: byte` / `format: binary` |
//! | `$recursiveRef`, `$dynamicRef` | a `$ref` to the schema that declares the anchor |
//! | `webhooks` | kept under a private extension key (resolution reads them) |
//! | no `paths` | `paths: {}` |
//! | `enum: []` | no `enum`, with a warning |
//!
//! Keywords that only validate (`propertyNames`, `$comment`, `$id`, `dependentRequired`,
//! ...) are dropped; those whose loss loosens a type (`prefixItems`, `if`/`then`/`else`,
//! `patternProperties` beside `properties`) are dropped with a warning. `$defs` are
//! dropped once bundling has hoisted what references them.

use super::super::pointer::escape;
use super::{Moves, Warn, WEBHOOKS_KEY};
use serde_json::{Map, Value};

/// Deeper than this, nesting is not something a person wrote (the parsers stop earlier).
const MAX_DEPTH: usize = 200;

/// Annotations that keep their meaning beside a `$ref` (the rest of a `$ref`'s siblings
/// are constraints the referenced schema is trusted to carry).
const REF_ANNOTATIONS: &[&str] = &[
    "description",
    "title",
    "default",
    "nullable",
    "deprecated",
    "readOnly",
    "writeOnly",
    "example",
    "examples",
    "externalDocs",
];

/// Keywords that only validate or identify, dropped without a word.
const SILENT: &[&str] = &[
    "$id",
    "$schema",
    "$anchor",
    "$comment",
    "$dynamicAnchor",
    "$recursiveAnchor",
    "$vocabulary",
    "propertyNames",
    "dependentRequired",
    "unevaluatedProperties",
    "unevaluatedItems",
    "contains",
    "minContains",
    "maxContains",
    "contentSchema",
];

/// Rewrites what must be settled before bundling: `$recursiveRef` and `$dynamicRef`
/// become plain `$ref`s (the bundler then follows them like any other).
pub(crate) fn before_bundle(value: &mut Value) {
    let mut anchors = Vec::new();
    find_anchors(value, String::new(), &mut anchors, 0);
    dynamic_refs(value, "", &anchors, None, 0);
}

/// A `$dynamicAnchor` (name) or `$recursiveAnchor: true` (empty name) and the schema's
/// pointer.
fn find_anchors(v: &Value, ptr: String, out: &mut Vec<(String, String)>, depth: usize) {
    if depth > MAX_DEPTH {
        return;
    }
    match v {
        Value::Object(m) => {
            if let Some(name) = m.get("$dynamicAnchor").and_then(Value::as_str) {
                out.push((name.to_owned(), ptr.clone()));
            }
            if m.get("$recursiveAnchor") == Some(&Value::Bool(true)) {
                out.push((String::new(), ptr.clone()));
            }
            for (k, child) in m {
                if is_data(k) {
                    continue;
                }
                find_anchors(child, format!("{ptr}/{}", escape(k)), out, depth + 1);
            }
        }
        Value::Array(items) => {
            for (i, child) in items.iter().enumerate() {
                find_anchors(child, format!("{ptr}/{i}"), out, depth + 1);
            }
        }
        _ => {}
    }
}

/// Replaces `$dynamicRef: "#name"` and `$recursiveRef: "#"` with a `$ref` to the schema
/// holding that anchor: the only one in the document, else the nearest enclosing one.
fn dynamic_refs(
    v: &mut Value,
    ptr: &str,
    anchors: &[(String, String)],
    component: Option<&str>,
    depth: usize,
) {
    if depth > MAX_DEPTH {
        return;
    }
    match v {
        Value::Object(m) => {
            for key in ["$dynamicRef", "$recursiveRef"] {
                let Some(r) = m.get(key).and_then(Value::as_str) else {
                    continue;
                };
                let name = if key == "$recursiveRef" {
                    ""
                } else {
                    r.strip_prefix('#').unwrap_or(r)
                };
                let holders: Vec<&str> = anchors
                    .iter()
                    .filter(|(n, _)| n == name)
                    .map(|(_, p)| p.as_str())
                    .collect();
                let target = match holders.as_slice() {
                    [only] => Some((*only).to_owned()),
                    // Several: the one enclosing this reference (the recursion it means).
                    _ => holders
                        .iter()
                        .filter(|h| ptr.starts_with(**h))
                        .max_by_key(|h| h.len())
                        .map(|h| (*h).to_owned())
                        .or_else(|| component.map(str::to_owned)),
                };
                m.remove(key);
                if let Some(target) = target {
                    m.insert("$ref".into(), Value::String(format!("#{target}")));
                }
            }
            let component = component.map(str::to_owned).or_else(|| {
                (ptr.starts_with("/components/schemas/") && ptr.matches('/').count() == 3)
                    .then(|| ptr.to_owned())
            });
            for (k, child) in m.iter_mut() {
                if is_data(k) {
                    continue;
                }
                let p = format!("{ptr}/{}", escape(k));
                dynamic_refs(child, &p, anchors, component.as_deref(), depth + 1);
            }
        }
        Value::Array(items) => {
            for (i, child) in items.iter_mut().enumerate() {
                dynamic_refs(child, &format!("{ptr}/{i}"), anchors, component, depth + 1);
            }
        }
        _ => {}
    }
}

/// Keys whose values are data, not description.
fn is_data(key: &str) -> bool {
    key.starts_with("x-") || matches!(key, "example" | "examples" | "default" | "enum" | "const")
}

/// Rewrites a bundled 3.1 document as 3.0.
pub(crate) fn upgrade(value: &mut Value, moves: &mut Moves<'_>, warn: &mut Warn<'_>) {
    let Some(root) = value.as_object_mut() else {
        return;
    };
    // 3.1 allows a document of webhooks or components only.
    root.entry("paths")
        .or_insert_with(|| Value::Object(Map::new()));
    root.remove("jsonSchemaDialect");
    if let Some(info) = root.get_mut("info").and_then(Value::as_object_mut) {
        // 3.1's `summary` and license `identifier` have no 3.0 place; they describe only.
        info.remove("summary");
        if let Some(license) = info.get_mut("license").and_then(Value::as_object_mut) {
            license.remove("identifier");
        }
    }
    if let Some(hooks) = root.remove("webhooks") {
        root.insert(WEBHOOKS_KEY.into(), hooks);
        moves.moved("/webhooks", &format!("/{WEBHOOKS_KEY}"));
    }
    // 3.0 has no mutual TLS scheme: the certificate is the HTTP client's business.
    let schemes = root
        .get_mut("components")
        .and_then(|c| c.get_mut("securitySchemes"))
        .and_then(Value::as_object_mut);
    if let Some(schemes) = schemes {
        let mutual: Vec<String> = schemes
            .iter()
            .filter(|(_, s)| s.get("type").and_then(Value::as_str) == Some("mutualTLS"))
            .map(|(name, _)| name.clone())
            .collect();
        for name in mutual {
            let ptr = format!(
                "/components/securitySchemes/{}",
                crate::load::pointer::escape(&name)
            );
            warn.warn(
                moves,
                &ptr,
                format!("mutual TLS scheme `{name}` has no client builder setter; the scheme is left out"),
                Some("give the client a `reqwest::Client` that presents the certificate (`ClientBuilder::http_client`)"),
            );
            schemes.shift_remove(&name);
        }
    }
    let mut u = Upgrader { moves, warn };
    u.walk(value, "", 0);
}

struct Upgrader<'a, 'm, 'w> {
    moves: &'a mut Moves<'m>,
    warn: &'a mut Warn<'w>,
}

impl Upgrader<'_, '_, '_> {
    fn warn(&mut self, ptr: &str, message: impl Into<String>, help: Option<&str>) {
        self.warn.warn(self.moves, ptr, message, help);
    }

    /// Walks the document outside schemas, upgrading every schema it finds.
    fn walk(&mut self, v: &mut Value, ptr: &str, depth: usize) {
        if depth > MAX_DEPTH {
            return;
        }
        match v {
            Value::Object(m) => {
                let in_schemas = ptr == "/components/schemas";
                for (k, child) in m.iter_mut() {
                    if k.starts_with("x-") && k != WEBHOOKS_KEY
                        || matches!(k.as_str(), "example" | "examples")
                    {
                        continue;
                    }
                    let p = format!("{ptr}/{}", escape(k));
                    if in_schemas || k == "schema" {
                        self.schema(child, &p, depth + 1);
                    } else {
                        self.walk(child, &p, depth + 1);
                    }
                }
                self.parameter_content(m, ptr);
            }
            Value::Array(items) => {
                for (i, child) in items.iter_mut().enumerate() {
                    self.walk(child, &format!("{ptr}/{i}"), depth + 1);
                }
            }
            _ => {}
        }
    }

    /// 3.0 parameters take `schema` or `content`; both are read, so nothing to do beyond
    /// schemas. (Kept as a hook: a 3.1 media type may carry `examples` as a map, which is
    /// 3.0 too.)
    fn parameter_content(&mut self, _m: &mut Map<String, Value>, _ptr: &str) {}

    fn schema(&mut self, v: &mut Value, ptr: &str, depth: usize) {
        if depth > MAX_DEPTH {
            return;
        }
        // JSON Schema allows `true` (anything) and `false` (nothing) as schemas.
        if let Value::Bool(b) = v {
            *v = if *b {
                Value::Object(Map::new())
            } else {
                serde_json::json!({ "not": {} })
            };
            return;
        }
        let Some(m) = v.as_object_mut() else {
            return;
        };
        for key in SILENT {
            m.remove(*key);
        }
        m.remove("$defs");
        m.remove("definitions");
        self.ref_siblings(m);
        if m.contains_key("$ref") {
            return;
        }
        if let Some(Value::Array(examples)) = m.remove("examples") {
            if let Some(first) = examples.into_iter().next() {
                m.entry("example").or_insert(first);
            }
        }
        if let Some(c) = m.remove("const") {
            if c.is_null() {
                m.insert("nullable".into(), Value::Bool(true));
            } else {
                if !m.contains_key("type") {
                    if let Some(t) = json_type(&c) {
                        m.insert("type".into(), Value::String(t.into()));
                    }
                }
                m.insert("enum".into(), Value::Array(vec![c]));
            }
        }
        self.enum_values(m, ptr);
        for (key, bound) in [
            ("exclusiveMinimum", "minimum"),
            ("exclusiveMaximum", "maximum"),
        ] {
            if let Some(Value::Number(n)) = m.get(key).cloned() {
                m.insert(bound.into(), Value::Number(n));
                m.insert(key.into(), Value::Bool(true));
            }
        }
        self.content_keywords(m);
        if m.remove("prefixItems").is_some() {
            if !m.contains_key("items") || m.get("items") == Some(&Value::Bool(false)) {
                m.insert("items".into(), Value::Object(Map::new()));
            }
            self.warn(
                ptr,
                "`prefixItems` (a tuple) has no 3.0 form; generated `Vec<serde_json::Value>`",
                Some("describe the elements with one `items` schema to get a typed list"),
            );
        }
        if m.get("items") == Some(&Value::Bool(false)) {
            m.remove("items");
        }
        if m.contains_key("if") || m.contains_key("then") || m.contains_key("else") {
            for key in ["if", "then", "else"] {
                m.remove(key);
            }
            self.warn(
                ptr,
                "`if`/`then`/`else` is ignored: only the schema's other keywords shape the type",
                None,
            );
        }
        if m.remove("dependentSchemas").is_some() {
            self.warn(ptr, "`dependentSchemas` is ignored", None);
        }
        self.pattern_properties(m, ptr);
        self.types(m, ptr);
        self.null_members(m, ptr);
        // Children.
        for key in ["items", "not", "additionalProperties"] {
            if let Some(child) = m.get_mut(key) {
                if key == "additionalProperties" && child.is_boolean() {
                    continue;
                }
                self.schema(child, &format!("{ptr}/{key}"), depth + 1);
            }
        }
        if let Some(Value::Object(props)) = m.get_mut("properties") {
            for (name, child) in props.iter_mut() {
                self.schema(
                    child,
                    &format!("{ptr}/properties/{}", escape(name)),
                    depth + 1,
                );
            }
        }
        for key in ["allOf", "oneOf", "anyOf"] {
            if let Some(Value::Array(members)) = m.get_mut(key) {
                for (i, child) in members.iter_mut().enumerate() {
                    self.schema(child, &format!("{ptr}/{key}/{i}"), depth + 1);
                }
            }
        }
    }

    /// `$ref` with siblings: 3.1 applies both, 3.0 ignores the siblings. Annotations are
    /// kept by wrapping the reference in `allOf`, the 3.0 idiom for "that type, with a
    /// description"; other siblings are constraints the referenced schema is trusted with.
    fn ref_siblings(&mut self, m: &mut Map<String, Value>) {
        if !m.contains_key("$ref") || m.len() == 1 {
            return;
        }
        let Some(reference) = m.remove("$ref") else {
            return;
        };
        let mut kept = Map::new();
        for (k, v) in std::mem::take(m) {
            if REF_ANNOTATIONS.contains(&k.as_str()) || k.starts_with("x-") {
                kept.insert(k, v);
            }
        }
        if let Some(Value::Array(examples)) = kept.remove("examples") {
            if let Some(first) = examples.into_iter().next() {
                kept.entry("example").or_insert(first);
            }
        }
        if kept.is_empty() {
            m.insert("$ref".into(), reference);
            return;
        }
        let mut only_ref = Map::new();
        only_ref.insert("$ref".into(), reference);
        m.insert("allOf".into(), Value::Array(vec![Value::Object(only_ref)]));
        m.extend(kept);
    }

    fn enum_values(&mut self, m: &mut Map<String, Value>, ptr: &str) {
        let Some(Value::Array(values)) = m.get_mut("enum") else {
            return;
        };
        if values.iter().any(Value::is_null) {
            values.retain(|v| !v.is_null());
            m.insert("nullable".into(), Value::Bool(true));
            if let Some(Value::Array(values)) = m.get("enum") {
                if values.is_empty() {
                    // `enum: [null]`: only null.
                    m.remove("enum");
                }
            }
            return;
        }
        if values.is_empty() {
            m.remove("enum");
            self.warn(
                &format!("{ptr}/enum"),
                "`enum: []` allows no value at all; read as no `enum`",
                Some("list the allowed values, or remove `enum`"),
            );
        }
    }

    fn content_keywords(&mut self, m: &mut Map<String, Value>) {
        let encoding = m.remove("contentEncoding");
        let media = m.remove("contentMediaType");
        if m.contains_key("format") {
            return;
        }
        let format = match (
            encoding.as_ref().and_then(Value::as_str),
            media.as_ref().and_then(Value::as_str),
        ) {
            (Some("base64" | "base64url"), _) => "byte",
            (Some(_), _) => return,
            (None, Some(media)) if !media.starts_with("text/") && !media.contains("json") => {
                "binary"
            }
            _ => return,
        };
        m.insert("format".into(), Value::String(format.into()));
    }

    fn pattern_properties(&mut self, m: &mut Map<String, Value>, ptr: &str) {
        let Some(pp) = m.remove("patternProperties") else {
            return;
        };
        let schemas: Vec<Value> = pp
            .as_object()
            .map(|o| o.values().cloned().collect())
            .unwrap_or_default();
        match schemas.as_slice() {
            // One pattern and nothing else: a map of those values (keys unchecked).
            [one] if !m.contains_key("additionalProperties") => {
                m.insert("additionalProperties".into(), one.clone());
            }
            _ => {
                if !m.contains_key("additionalProperties") {
                    m.insert("additionalProperties".into(), Value::Bool(true));
                }
                self.warn(
                    ptr,
                    "`patternProperties` beside other property rules is read as free-form extra properties",
                    None,
                );
            }
        }
    }

    /// `type` as a list: `null` in it means nullable; several other types become a
    /// `oneOf` of one schema per type, each with the keywords that concern it.
    fn types(&mut self, m: &mut Map<String, Value>, ptr: &str) {
        let types: Vec<String> = match m.get("type") {
            Some(Value::Array(list)) => list
                .iter()
                .filter_map(Value::as_str)
                .map(str::to_owned)
                .collect(),
            Some(Value::String(t)) if t == "null" => vec![t.clone()],
            _ => return,
        };
        let mut rest: Vec<String> = types.iter().filter(|t| *t != "null").cloned().collect();
        rest.dedup();
        if rest.len() != types.len() {
            m.insert("nullable".into(), Value::Bool(true));
        }
        match rest.as_slice() {
            [] => {
                m.remove("type");
            }
            [one] => {
                m.insert("type".into(), Value::String(one.clone()));
            }
            several => {
                m.remove("type");
                let mut members = Vec::new();
                for t in several {
                    let mut member = Map::new();
                    member.insert("type".into(), Value::String(t.clone()));
                    for key in keywords_of(t) {
                        if let Some(v) = m.get(*key) {
                            member.insert((*key).into(), v.clone());
                        }
                    }
                    members.push(Value::Object(member));
                }
                for t in several {
                    for key in keywords_of(t) {
                        m.remove(*key);
                    }
                }
                if m.contains_key("oneOf") || m.contains_key("anyOf") {
                    self.warn(
                        &format!("{ptr}/type"),
                        "a list of types beside `oneOf`/`anyOf` is ignored; the union decides",
                        None,
                    );
                } else {
                    m.insert("oneOf".into(), Value::Array(members));
                }
            }
        }
    }

    /// `anyOf`/`oneOf` with a `{type: "null"}` member: the member goes, the schema becomes
    /// nullable, and a single remaining member is that member (`allOf: [it]`).
    fn null_members(&mut self, m: &mut Map<String, Value>, ptr: &str) {
        for key in ["anyOf", "oneOf"] {
            let Some(Value::Array(members)) = m.get_mut(key) else {
                continue;
            };
            let is_null: Vec<bool> = members.iter().map(is_null_schema).collect();
            if !is_null.contains(&true) {
                continue;
            }
            let mut kept = Vec::new();
            for (i, member) in std::mem::take(members).into_iter().enumerate() {
                if is_null.get(i) != Some(&true) {
                    kept.push((i, member));
                }
            }
            m.insert("nullable".into(), Value::Bool(true));
            let single = kept.len() == 1 && !m.contains_key("discriminator");
            let new_key = if single { "allOf" } else { key };
            let mut out = Vec::new();
            for (new, (old, member)) in kept.into_iter().enumerate() {
                let from = format!("{ptr}/{key}/{old}");
                let to = format!("{ptr}/{new_key}/{new}");
                self.moves.moved(&from, &to);
                out.push(member);
            }
            m.remove(key);
            if out.is_empty() {
                continue;
            }
            if single && m.contains_key("allOf") {
                // Already an `allOf`: the member joins it.
                if let Some(Value::Array(all)) = m.get_mut("allOf") {
                    all.extend(out);
                }
            } else {
                m.insert(new_key.into(), Value::Array(out));
            }
        }
    }
}

/// A 3.0 or 2.0 schema's `type` list, `type: "null"` and `null` members of `anyOf`/`oneOf`
/// (written in a document of version `name`), rewritten as for 3.1 with a warning each.
pub(super) fn json_schema_types(
    m: &mut Map<String, Value>,
    ptr: &str,
    name: &str,
    moves: &mut Moves<'_>,
    warn: &mut Warn<'_>,
) {
    let mut u = Upgrader { moves, warn };
    if let Some(t @ (Value::Array(_) | Value::String(_))) = m.get("type") {
        if t.is_array() || t == "null" {
            let message = format!("`type: {t}` is OpenAPI 3.1, not {name}; read as 3.1 reads it");
            u.warn(&format!("{ptr}/type"), message, None);
            u.types(m, ptr);
        }
    }
    for key in ["anyOf", "oneOf"] {
        if let Some(Value::Array(members)) = m.get(key) {
            if let Some(i) = members.iter().position(is_null_schema) {
                let message = format!("a `null` member of `{key}` is OpenAPI 3.1, not {name}; read as `nullable: true`");
                u.warn(&format!("{ptr}/{key}/{i}"), message, None);
            }
        }
    }
    u.null_members(m, ptr);
}

/// Whether a schema allows only `null`.
fn is_null_schema(v: &Value) -> bool {
    let Some(m) = v.as_object() else {
        return false;
    };
    match m.get("type") {
        Some(Value::String(t)) => t == "null",
        Some(Value::Array(list)) => list.iter().all(|t| t == "null") && !list.is_empty(),
        _ => {
            m.get("const") == Some(&Value::Null)
                || m.get("enum") == Some(&Value::Array(vec![Value::Null]))
        }
    }
}

/// The JSON Schema type of a value.
fn json_type(v: &Value) -> Option<&'static str> {
    Some(match v {
        Value::String(_) => "string",
        Value::Bool(_) => "boolean",
        Value::Number(n) if n.is_i64() || n.is_u64() => "integer",
        Value::Number(_) => "number",
        Value::Array(_) => "array",
        Value::Object(_) => "object",
        Value::Null => return None,
    })
}

/// The keywords that apply to one type only.
fn keywords_of(t: &str) -> &'static [&'static str] {
    match t {
        "string" => &["minLength", "maxLength", "pattern", "format", "enum"],
        "integer" | "number" => &[
            "minimum",
            "maximum",
            "exclusiveMinimum",
            "exclusiveMaximum",
            "multipleOf",
            "format",
        ],
        "array" => &["items", "minItems", "maxItems", "uniqueItems"],
        "object" => &[
            "properties",
            "required",
            "additionalProperties",
            "minProperties",
            "maxProperties",
        ],
        _ => &[],
    }
}

#[cfg(test)]
mod tests {
    use super::super::Moves;
    use super::*;
    use crate::error::Diagnostics;
    use crate::load::source::SourceFile;
    use serde_json::json;
    use std::path::Path;

    /// Upgrades a schema placed at `/components/schemas/S` and returns it with the
    /// warnings' messages.
    fn up(schema: Value) -> (Value, Vec<String>) {
        let mut doc = json!({"openapi": "3.1.0", "info": {"title": "t", "version": "1"},
            "components": {"schemas": {"S": schema}}});
        before_bundle(&mut doc);
        let src = SourceFile::new(Path::new("t.json"), doc.to_string());
        let mut mounts = Vec::new();
        let mut diags = Diagnostics::new();
        upgrade(
            &mut doc,
            &mut Moves::new(&mut mounts),
            &mut Warn {
                source: &src,
                diags: &mut diags,
            },
        );
        let warnings = diags.finish().unwrap_or_default();
        (
            doc.pointer("/components/schemas/S")
                .cloned()
                .unwrap_or_default(),
            warnings.into_iter().map(|d| d.message).collect(),
        )
    }

    #[test]
    fn null_in_a_type_list_is_nullable() {
        let (s, w) = up(json!({"type": ["string", "null"], "maxLength": 3}));
        assert_eq!(
            s,
            json!({"type": "string", "maxLength": 3, "nullable": true})
        );
        assert!(w.is_empty());
    }

    #[test]
    fn several_types_become_a_one_of() {
        let (s, _) = up(json!({"type": ["string", "integer"], "minimum": 1, "maxLength": 2}));
        assert_eq!(
            s,
            json!({"oneOf": [{"type": "string", "maxLength": 2}, {"type": "integer", "minimum": 1}]})
        );
    }

    #[test]
    fn a_null_member_of_any_of_makes_the_other_member_nullable() {
        let (s, _) = up(
            json!({"anyOf": [{"type": "null"}, {"$ref": "#/components/schemas/A"}], "description": "d"}),
        );
        assert_eq!(
            s,
            json!({"description": "d", "nullable": true, "allOf": [{"$ref": "#/components/schemas/A"}]})
        );
        let (s, _) =
            up(json!({"oneOf": [{"type": "string"}, {"type": "integer"}, {"type": "null"}]}));
        assert_eq!(
            s,
            json!({"nullable": true, "oneOf": [{"type": "string"}, {"type": "integer"}]})
        );
    }

    #[test]
    fn const_is_a_one_value_enum_and_examples_an_example() {
        let (s, _) = up(json!({"const": "a", "examples": ["a", "b"]}));
        assert_eq!(s, json!({"type": "string", "enum": ["a"], "example": "a"}));
    }

    #[test]
    fn ref_siblings_that_annotate_are_kept_through_all_of() {
        let (s, _) = up(
            json!({"$ref": "#/components/schemas/A", "description": "d", "nullable": true, "minLength": 2}),
        );
        assert_eq!(
            s,
            json!({"allOf": [{"$ref": "#/components/schemas/A"}], "description": "d", "nullable": true})
        );
        let (s, _) = up(json!({"$ref": "#/components/schemas/A", "minLength": 2}));
        assert_eq!(s, json!({"$ref": "#/components/schemas/A"}));
    }

    #[test]
    fn numeric_exclusive_bounds_and_content_keywords() {
        let (s, _) = up(json!({"type": "integer", "exclusiveMinimum": 0, "exclusiveMaximum": 10}));
        assert_eq!(
            s,
            json!({"type": "integer", "exclusiveMinimum": true, "exclusiveMaximum": true, "minimum": 0, "maximum": 10})
        );
        let (s, _) = up(json!({"type": "string", "contentEncoding": "base64"}));
        assert_eq!(s, json!({"type": "string", "format": "byte"}));
        let (s, _) = up(json!({"type": "string", "contentMediaType": "image/png"}));
        assert_eq!(s, json!({"type": "string", "format": "binary"}));
    }

    #[test]
    fn what_loosens_a_type_warns() {
        let (s, w) = up(json!({"type": "array", "prefixItems": [{"type": "string"}]}));
        assert_eq!(s, json!({"type": "array", "items": {}}));
        assert!(w[0].contains("prefixItems"), "{w:?}");
        let (s, w) = up(json!({"type": "string", "enum": []}));
        assert_eq!(s, json!({"type": "string"}));
        assert!(w[0].contains("enum: []"), "{w:?}");
        let (s, w) =
            up(json!({"type": "object", "propertyNames": {"pattern": "^a"}, "$comment": "c"}));
        assert_eq!(s, json!({"type": "object"}));
        assert!(w.is_empty());
    }

    #[test]
    fn dynamic_and_recursive_refs_name_their_anchor() {
        let (s, _) = up(json!({"$dynamicAnchor": "node", "type": "object",
            "properties": {"children": {"type": "array", "items": {"$dynamicRef": "#node"}}}}));
        assert_eq!(
            s.pointer("/properties/children/items"),
            Some(&json!({"$ref": "#/components/schemas/S"}))
        );
        let (s, _) = up(json!({"$recursiveAnchor": true, "type": "object",
            "properties": {"next": {"$recursiveRef": "#"}}}));
        assert_eq!(
            s.pointer("/properties/next"),
            Some(&json!({"$ref": "#/components/schemas/S"}))
        );
    }

    #[test]
    fn webhooks_move_and_paths_are_optional() {
        let mut doc = json!({"openapi": "3.1.0", "info": {"title": "t", "version": "1"},
            "webhooks": {"newPet": {"post": {"requestBody": {"content": {"application/json":
                {"schema": {"type": ["object", "null"]}}}}}}}});
        let src = SourceFile::new(Path::new("t.json"), doc.to_string());
        let mut mounts = Vec::new();
        let mut diags = Diagnostics::new();
        upgrade(
            &mut doc,
            &mut Moves::new(&mut mounts),
            &mut Warn {
                source: &src,
                diags: &mut diags,
            },
        );
        assert_eq!(doc["paths"], json!({}));
        assert!(doc.get("webhooks").is_none());
        assert_eq!(
            doc.pointer(
                "/x-openapi-webhooks/newPet/post/requestBody/content/application~1json/schema"
            ),
            Some(&json!({"type": "object", "nullable": true}))
        );
    }

    #[test]
    fn a_mutual_tls_scheme_is_left_out_with_a_warning() {
        let mut doc = json!({"openapi": "3.1.0", "info": {"title": "t", "version": "1"},
            "components": {"securitySchemes": {
                "tls": {"type": "mutualTLS"},
                "key": {"type": "apiKey", "in": "header", "name": "X-Key"}}}});
        let src = SourceFile::new(Path::new("t.json"), doc.to_string());
        let mut mounts = Vec::new();
        let mut diags = Diagnostics::new();
        upgrade(
            &mut doc,
            &mut Moves::new(&mut mounts),
            &mut Warn {
                source: &src,
                diags: &mut diags,
            },
        );
        let schemes = doc.pointer("/components/securitySchemes").unwrap();
        assert_eq!(schemes.as_object().unwrap().len(), 1);
        assert!(schemes.get("key").is_some());
        let warnings = diags.finish().unwrap();
        assert_eq!(warnings.len(), 1);
        assert!(warnings[0].message.contains("mutual TLS scheme `tls`"));
        assert_eq!(
            warnings[0].pointer.as_deref(),
            Some("/components/securitySchemes/tls")
        );
    }
}

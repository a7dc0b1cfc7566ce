//! Checking a document (3.0 by now: older and newer versions were upgraded) against the
//! OpenAPI 3.0 object model before the typed parse, so every problem is reported with its
//! position and a suggestion rather than as the typed parser's terse first error.

use super::pointer::{escape, unescape};
use super::read::kind;
use super::source::SourceFile;
use super::upgrade::WEBHOOKS_KEY;
use crate::error::{closest, Diagnostic, Diagnostics, Error};
use serde_json::{Map, Value};

/// Checks `root` (the value of `src`, bundled and upgraded): errors fail, warnings are
/// returned.
pub(crate) fn check(src: &SourceFile, root: &Value) -> Result<Vec<Diagnostic>, Error> {
    let mut checker = Checker {
        src,
        root,
        diags: Diagnostics::new(),
    };
    checker.duplicate_keys();
    checker.document(root);
    checker.diags.finish()
}

// Keys of each OpenAPI 3.0 object (extensions `x-...` are allowed everywhere).
const ROOT: &[&str] = &[
    "openapi",
    "info",
    "servers",
    "paths",
    "components",
    "security",
    "tags",
    "externalDocs",
];
const INFO: &[&str] = &[
    "title",
    "description",
    "termsOfService",
    "contact",
    "license",
    "version",
];
const SERVER: &[&str] = &["url", "description", "variables"];
const PATH_ITEM: &[&str] = &[
    "$ref",
    "summary",
    "description",
    "get",
    "put",
    "post",
    "delete",
    "options",
    "head",
    "patch",
    "trace",
    "servers",
    "parameters",
];
const METHODS: &[&str] = &[
    "get", "put", "post", "delete", "options", "head", "patch", "trace",
];
const OPERATION: &[&str] = &[
    "tags",
    "summary",
    "description",
    "externalDocs",
    "operationId",
    "parameters",
    "requestBody",
    "responses",
    "callbacks",
    "deprecated",
    "security",
    "servers",
];
const PARAMETER: &[&str] = &[
    "name",
    "in",
    "description",
    "required",
    "deprecated",
    "allowEmptyValue",
    "style",
    "explode",
    "allowReserved",
    "schema",
    "example",
    "examples",
    "content",
];
const PARAMETER_IN: &[&str] = &["query", "header", "path", "cookie"];
const REQUEST_BODY: &[&str] = &["description", "content", "required"];
const RESPONSE: &[&str] = &["description", "headers", "content", "links"];
const MEDIA_TYPE: &[&str] = &["schema", "example", "examples", "encoding"];
const COMPONENTS: &[&str] = &[
    "schemas",
    "responses",
    "parameters",
    "examples",
    "requestBodies",
    "headers",
    "securitySchemes",
    "links",
    "callbacks",
];
const SCHEMA: &[&str] = &[
    "title",
    "multipleOf",
    "maximum",
    "exclusiveMaximum",
    "minimum",
    "exclusiveMinimum",
    "maxLength",
    "minLength",
    "pattern",
    "maxItems",
    "minItems",
    "uniqueItems",
    "maxProperties",
    "minProperties",
    "required",
    "enum",
    "type",
    "allOf",
    "oneOf",
    "anyOf",
    "not",
    "items",
    "properties",
    "additionalProperties",
    "description",
    "format",
    "default",
    "nullable",
    "discriminator",
    "readOnly",
    "writeOnly",
    "xml",
    "externalDocs",
    "example",
    "deprecated",
];
const SCHEMA_TYPES: &[&str] = &["string", "number", "integer", "boolean", "array", "object"];
const DISCRIMINATOR: &[&str] = &["propertyName", "mapping"];

/// Deeper than this, a document is not something a person wrote; the parsers stop at
/// 128 levels already, this only keeps our own walk bounded on its own terms.
const MAX_DEPTH: usize = 200;

/// Checks a parsed document against the OpenAPI 3.0 object model, collecting every
/// problem with its position.
struct Checker<'s> {
    src: &'s SourceFile,
    root: &'s Value,
    diags: Diagnostics,
}

impl<'s> Checker<'s> {
    fn error(&mut self, pointer: &str, message: impl Into<String>) {
        self.error_with(pointer, message, None);
    }

    fn error_with(&mut self, pointer: &str, message: impl Into<String>, help: Option<String>) {
        let mut d = self.src.error(pointer, message);
        d.help = help;
        self.diags.error(d);
    }

    /// Something generated in a degraded way; the message says how.
    fn warn_with(&mut self, pointer: &str, message: impl Into<String>, help: Option<String>) {
        let mut d = self.src.error(pointer, message);
        d.help = help;
        self.diags.warn(d);
    }

    fn duplicate_keys(&mut self) {
        for dup in self.src.duplicate_keys() {
            let key = dup.pointer.rsplit('/').next().unwrap_or("");
            let d = Diagnostic::new(
                &self.src.path,
                format!(
                    "key `{}` appears twice in the same mapping (first at line {})",
                    unescape(key),
                    dup.first.line
                ),
            )
            .at(Some(dup.again))
            .pointer(dup.pointer.clone())
            .help("merge the two entries; only one would be used");
            self.diags.error(d);
        }
    }

    /// The mapping at `pointer`, or an error saying what was expected there.
    fn object<'v>(
        &mut self,
        v: &'v Value,
        pointer: &str,
        what: &str,
    ) -> Option<&'v Map<String, Value>> {
        match v {
            Value::Object(m) => Some(m),
            other => {
                let found = kind(other);
                self.error(
                    pointer,
                    format!("expected {what} (a mapping), found {found}"),
                );
                None
            }
        }
    }

    /// Reports keys outside `allowed` (extensions `x-` excepted), with the closest one.
    fn keys(&mut self, m: &Map<String, Value>, allowed: &[&str], pointer: &str, what: &str) {
        for key in m.keys() {
            if key.starts_with("x-") || allowed.contains(&key.as_str()) {
                continue;
            }
            let ptr = format!("{pointer}/{}", escape(key));
            let hint = closest(key, allowed.iter().copied());
            // Unknown keys mean nothing to generation: ignoring them is the obvious reading.
            self.warn_with(
                &ptr,
                format!("unknown key `{key}` in {what}; ignored"),
                Some(match hint {
                    Some(c) => format!("did you mean `{c}`?"),
                    None => format!("expected one of: {}", allowed.join(", ")),
                }),
            );
        }
    }

    fn require(&mut self, m: &Map<String, Value>, key: &str, pointer: &str, what: &str) {
        if !m.contains_key(key) {
            self.error(pointer, format!("{what} has no `{key}`; it is required"));
        }
    }

    fn string(&mut self, m: &Map<String, Value>, key: &str, pointer: &str) {
        if let Some(v) = m.get(key) {
            if !v.is_string() {
                let found = kind(v);
                self.error(
                    &format!("{pointer}/{}", escape(key)),
                    format!("`{key}` must be a string, found {found}"),
                );
            }
        }
    }

    fn boolean(&mut self, m: &Map<String, Value>, key: &str, pointer: &str) {
        if let Some(v) = m.get(key) {
            if !v.is_boolean() {
                let found = kind(v);
                self.error(
                    &format!("{pointer}/{}", escape(key)),
                    format!("`{key}` must be true or false, found {found}"),
                );
            }
        }
    }

    fn list<'v>(&mut self, m: &'v Map<String, Value>, key: &str, pointer: &str) -> &'v [Value] {
        match m.get(key) {
            None => &[],
            Some(Value::Array(items)) => items,
            Some(other) => {
                let found = kind(other);
                self.error(
                    &format!("{pointer}/{}", escape(key)),
                    format!("`{key}` must be a list, found {found}"),
                );
                &[]
            }
        }
    }

    fn document(&mut self, root: &Value) {
        let Some(m) = self.object(root, "", "an OpenAPI document") else {
            return;
        };
        self.keys(m, ROOT, "", "the document");
        self.require(m, "info", "", "the document");
        self.require(m, "paths", "", "the document");
        if let Some(info) = m.get("info") {
            if let Some(info) = self.object(info, "/info", "the `info` object") {
                self.keys(info, INFO, "/info", "`info`");
                self.require(info, "title", "/info", "`info`");
                self.require(info, "version", "/info", "`info`");
                self.string(info, "title", "/info");
                self.string(info, "version", "/info");
            }
        }
        for (i, server) in self.list(m, "servers", "").iter().enumerate() {
            let ptr = format!("/servers/{i}");
            if let Some(s) = self.object(server, &ptr, "a server") {
                self.keys(s, SERVER, &ptr, "a server");
                self.require(s, "url", &ptr, "a server");
                self.string(s, "url", &ptr);
            }
        }
        if let Some(paths) = m.get("paths") {
            self.paths(paths);
        }
        // 3.1's webhooks are generated too, so they are checked like operations.
        if let Some(Value::Object(hooks)) = m.get(WEBHOOKS_KEY) {
            for (name, item) in hooks {
                let ptr = format!("/{WEBHOOKS_KEY}/{}", escape(name));
                if let Some(item) = self.object(item, &ptr, "a webhook (a path item)") {
                    self.path_item(item, &ptr);
                }
            }
        }
        if let Some(components) = m.get("components") {
            self.components(components);
        }
    }

    fn paths(&mut self, paths: &Value) {
        let Some(paths) = self.object(paths, "/paths", "the `paths` object") else {
            return;
        };
        for (path, item) in paths {
            if path.starts_with("x-") {
                continue;
            }
            let ptr = format!("/paths/{}", escape(path));
            if !path.starts_with('/') {
                self.error(&ptr, format!("path `{path}` must start with `/`"));
            }
            let Some(item) = self.object(item, &ptr, "a path item") else {
                continue;
            };
            if let Some(r) = item.get("$ref") {
                self.reference(r, &format!("{ptr}/$ref"));
                continue;
            }
            self.path_item(item, &ptr);
        }
    }

    /// A path item's keys, shared parameters and operations.
    fn path_item(&mut self, item: &Map<String, Value>, ptr: &str) {
        self.keys(item, PATH_ITEM, ptr, "a path item");
        self.parameters(item, ptr);
        for method in METHODS {
            if let Some(op) = item.get(*method) {
                self.operation(op, &format!("{ptr}/{method}"));
            }
        }
    }

    fn operation(&mut self, op: &Value, ptr: &str) {
        let Some(op) = self.object(op, ptr, "an operation") else {
            return;
        };
        self.keys(op, OPERATION, ptr, "an operation");
        self.string(op, "operationId", ptr);
        self.string(op, "summary", ptr);
        self.string(op, "description", ptr);
        self.boolean(op, "deprecated", ptr);
        for (i, tag) in self.list(op, "tags", ptr).iter().enumerate() {
            if !tag.is_string() {
                let found = kind(tag);
                self.error(
                    &format!("{ptr}/tags/{i}"),
                    format!("a tag must be a string, found {found}"),
                );
            }
        }
        self.parameters(op, ptr);
        if let Some(body) = op.get("requestBody") {
            self.request_body(body, &format!("{ptr}/requestBody"));
        }
        match op.get("responses") {
            None => {
                self.error_with(
                    ptr,
                    "an operation has no `responses`; it is required",
                    Some("add at least `responses: {'200': {description: OK}}`".into()),
                );
            }
            Some(r) => self.responses(r, &format!("{ptr}/responses")),
        }
    }

    fn parameters(&mut self, owner: &Map<String, Value>, ptr: &str) {
        for (i, p) in self.list(owner, "parameters", ptr).iter().enumerate() {
            self.parameter(p, &format!("{ptr}/parameters/{i}"));
        }
    }

    fn parameter(&mut self, p: &Value, ptr: &str) {
        let Some(p) = self.object(p, ptr, "a parameter") else {
            return;
        };
        if let Some(r) = p.get("$ref") {
            self.reference(r, &format!("{ptr}/$ref"));
            return;
        }
        self.keys(p, PARAMETER, ptr, "a parameter");
        self.require(p, "name", ptr, "a parameter");
        self.require(p, "in", ptr, "a parameter");
        self.string(p, "name", ptr);
        self.boolean(p, "required", ptr);
        match p.get("in") {
            Some(Value::String(place)) if PARAMETER_IN.contains(&place.as_str()) => {}
            Some(other) => {
                let shown = other
                    .as_str()
                    .map_or_else(|| other.to_string(), str::to_owned);
                let hint = closest(&shown, PARAMETER_IN.iter().copied());
                self.error_with(
                    &format!("{ptr}/in"),
                    format!(
                        "parameter location `{shown}` is not one of query, header, path, cookie"
                    ),
                    hint.map(|c| format!("did you mean `{c}`?")),
                );
            }
            None => {}
        }
        if let Some(s) = p.get("schema") {
            self.schema(s, &format!("{ptr}/schema"), 0);
        }
        if let Some(content) = p.get("content") {
            self.content(content, &format!("{ptr}/content"));
        }
    }

    fn request_body(&mut self, body: &Value, ptr: &str) {
        let Some(body) = self.object(body, ptr, "a request body") else {
            return;
        };
        if let Some(r) = body.get("$ref") {
            self.reference(r, &format!("{ptr}/$ref"));
            return;
        }
        self.keys(body, REQUEST_BODY, ptr, "a request body");
        self.boolean(body, "required", ptr);
        match body.get("content") {
            None => {
                self.error(ptr, "a request body has no `content`; it is required");
            }
            Some(c) => self.content(c, &format!("{ptr}/content")),
        }
    }

    fn responses(&mut self, responses: &Value, ptr: &str) {
        let Some(responses) = self.object(responses, ptr, "the `responses` object") else {
            return;
        };
        for (code, resp) in responses {
            if code.starts_with("x-") {
                continue;
            }
            let r_ptr = format!("{ptr}/{}", escape(code));
            if !is_status_key(code) {
                self.error(
                    &r_ptr,
                    format!("`{code}` is not a status code; expected a code such as `200`, a range such as `4XX`, or `default`"),
                );
                continue;
            }
            self.response(resp, &r_ptr);
        }
    }

    fn response(&mut self, resp: &Value, ptr: &str) {
        let Some(resp) = self.object(resp, ptr, "a response") else {
            return;
        };
        if let Some(r) = resp.get("$ref") {
            self.reference(r, &format!("{ptr}/$ref"));
            return;
        }
        self.keys(resp, RESPONSE, ptr, "a response");
        self.string(resp, "description", ptr);
        if let Some(c) = resp.get("content") {
            self.content(c, &format!("{ptr}/content"));
        }
    }

    fn content(&mut self, content: &Value, ptr: &str) {
        let Some(content) = self.object(content, ptr, "a `content` map of media types") else {
            return;
        };
        for (media, m) in content {
            let m_ptr = format!("{ptr}/{}", escape(media));
            let Some(m) = self.object(m, &m_ptr, "a media type object") else {
                continue;
            };
            self.keys(m, MEDIA_TYPE, &m_ptr, "a media type object");
            if let Some(s) = m.get("schema") {
                self.schema(s, &format!("{m_ptr}/schema"), 0);
            }
        }
    }

    fn components(&mut self, components: &Value) {
        let Some(c) = self.object(components, "/components", "the `components` object") else {
            return;
        };
        self.keys(c, COMPONENTS, "/components", "`components`");
        for section in COMPONENTS {
            let Some(entries) = c.get(*section) else {
                continue;
            };
            let s_ptr = format!("/components/{section}");
            let Some(entries) = self.object(entries, &s_ptr, &format!("`{section}`")) else {
                continue;
            };
            for (name, entry) in entries {
                let ptr = format!("{s_ptr}/{}", escape(name));
                match *section {
                    "schemas" => self.schema(entry, &ptr, 0),
                    "parameters" => self.parameter(entry, &ptr),
                    "requestBodies" => self.request_body(entry, &ptr),
                    "responses" => self.response(entry, &ptr),
                    _ => {
                        self.object(entry, &ptr, &format!("an entry of `{section}`"));
                    }
                }
            }
        }
    }

    fn schema(&mut self, schema: &Value, ptr: &str, depth: usize) {
        if depth > MAX_DEPTH {
            self.error(
                ptr,
                format!("schemas are nested more than {MAX_DEPTH} levels deep"),
            );
            return;
        }
        let Some(s) = self.object(schema, ptr, "a schema") else {
            return;
        };
        if let Some(r) = s.get("$ref") {
            // In 3.0 a `$ref`'s siblings are ignored, so only the reference is checked.
            self.reference(r, &format!("{ptr}/$ref"));
            return;
        }
        self.keys(s, SCHEMA, ptr, "a schema");
        self.boolean(s, "nullable", ptr);
        self.boolean(s, "readOnly", ptr);
        self.boolean(s, "writeOnly", ptr);
        self.string(s, "format", ptr);
        self.string(s, "description", ptr);
        match s.get("type") {
            None => {}
            Some(Value::String(t)) if SCHEMA_TYPES.contains(&t.as_str()) => {}
            Some(Value::String(t)) if t == "null" => {
                self.error_with(
                    &format!("{ptr}/type"),
                    "`type: null` is OpenAPI 3.1; 3.0 has no null type",
                    Some("use `nullable: true` on the schema that may be null".into()),
                );
            }
            Some(Value::String(t)) => {
                let hint = closest(t, SCHEMA_TYPES.iter().copied());
                self.error_with(
                    &format!("{ptr}/type"),
                    format!(
                        "unknown schema type `{t}`; expected one of: {}",
                        SCHEMA_TYPES.join(", ")
                    ),
                    hint.map(|c| format!("did you mean `{c}`?")),
                );
            }
            Some(Value::Array(_)) => {
                self.error_with(&format!("{ptr}/type"), "a list of types is OpenAPI 3.1; 3.0 takes one type", Some("use one `type` and `nullable: true` for `[T, null]`, or `oneOf` for several types".into()));
            }
            Some(other) => {
                let found = kind(other);
                self.error(
                    &format!("{ptr}/type"),
                    format!("`type` must be a string, found {found}"),
                );
            }
        }
        if let Some(props) = s.get("properties") {
            let p_ptr = format!("{ptr}/properties");
            if let Some(props) =
                self.object(props, &p_ptr, "`properties` (property names to schemas)")
            {
                for (name, prop) in props {
                    self.schema(prop, &format!("{p_ptr}/{}", escape(name)), depth + 1);
                }
            }
        }
        match s.get("required") {
            None | Some(Value::Array(_)) => {
                for (i, r) in self.list(s, "required", ptr).iter().enumerate() {
                    if !r.is_string() {
                        let found = kind(r);
                        self.error(
                            &format!("{ptr}/required/{i}"),
                            format!("`required` lists property names, found {found}"),
                        );
                    }
                }
            }
            Some(Value::Bool(_)) => {
                self.error_with(
                    &format!("{ptr}/required"),
                    "`required: true` belongs on the parent object, not on a property",
                    Some(
                        "list the property's name in the parent schema's `required: [...]`".into(),
                    ),
                );
            }
            Some(other) => {
                let found = kind(other);
                self.error(
                    &format!("{ptr}/required"),
                    format!("`required` must be a list of property names, found {found}"),
                );
            }
        }
        if let Some(items) = s.get("items") {
            self.schema(items, &format!("{ptr}/items"), depth + 1);
        } else if s.get("type").and_then(Value::as_str) == Some("array") {
            self.warn_with(
                ptr,
                "an array schema has no `items`; generated `Vec<serde_json::Value>`",
                Some("add `items:` with the element schema (`items: {}` for any JSON)".into()),
            );
        }
        if let Some(not) = s.get("not") {
            self.schema(not, &format!("{ptr}/not"), depth + 1);
        }
        match s.get("additionalProperties") {
            None | Some(Value::Bool(_)) => {}
            Some(a) => self.schema(a, &format!("{ptr}/additionalProperties"), depth + 1),
        }
        for keyword in ["allOf", "oneOf", "anyOf"] {
            let members = self.list(s, keyword, ptr);
            if members.is_empty() && s.get(keyword).is_some_and(Value::is_array) {
                self.error(
                    &format!("{ptr}/{keyword}"),
                    format!("`{keyword}` must list at least one schema"),
                );
            }
            for (i, m) in members.iter().enumerate() {
                self.schema(m, &format!("{ptr}/{keyword}/{i}"), depth + 1);
            }
        }
        if let Some(values) = s.get("enum") {
            match values {
                Value::Array(v) if v.is_empty() => {
                    self.error(
                        &format!("{ptr}/enum"),
                        "`enum` must list at least one value",
                    );
                }
                Value::Array(_) => {}
                other => {
                    let found = kind(other);
                    self.error(
                        &format!("{ptr}/enum"),
                        format!("`enum` must be a list of values, found {found}"),
                    );
                }
            }
        }
        if let Some(d) = s.get("discriminator") {
            let d_ptr = format!("{ptr}/discriminator");
            if let Some(d) = self.object(d, &d_ptr, "a discriminator") {
                self.keys(d, DISCRIMINATOR, &d_ptr, "a discriminator");
                self.require(d, "propertyName", &d_ptr, "a discriminator");
                self.string(d, "propertyName", &d_ptr);
                if let Some(mapping) = d.get("mapping") {
                    let m_ptr = format!("{d_ptr}/mapping");
                    if let Some(mapping) = self.object(mapping, &m_ptr, "a discriminator mapping") {
                        for (value, target) in mapping {
                            let t_ptr = format!("{m_ptr}/{}", escape(value));
                            match target.as_str() {
                                Some(t) if t.starts_with('#') => {
                                    if self.root.pointer(&t[1..]).is_none() {
                                        self.warn_with(&t_ptr, format!("discriminator mapping `{value}` points to nothing (`{t}`); the entry is ignored"), None);
                                    }
                                }
                                // A bare name means a component schema.
                                Some(_) => {}
                                None => {
                                    let found = kind(target);
                                    self.error(
                                        &t_ptr,
                                        format!(
                                            "a discriminator mapping names a schema, found {found}"
                                        ),
                                    );
                                }
                            }
                        }
                    }
                }
            }
        }
    }

    /// A `$ref` must be a local JSON pointer to a node that exists.
    fn reference(&mut self, r: &Value, ptr: &str) {
        let Some(r) = r.as_str() else {
            let found = kind(r);
            self.error(
                ptr,
                format!(
                    "`$ref` must be a string such as \"#/components/schemas/Name\", found {found}"
                ),
            );
            return;
        };
        let Some(target) = r.strip_prefix('#') else {
            self.error_with(ptr, format!("external `$ref: {r}` is not supported; only references within the document (`#/...`) are"), Some("bundle the referenced files into one document first (e.g. `redocly bundle`)".into()));
            return;
        };
        if self.root.pointer(target).is_some() {
            return;
        }
        // Name the deepest part that exists, and suggest a sibling of the missing part.
        let (parent, missing) = target.rsplit_once('/').unwrap_or(("", target));
        let siblings: Vec<&str> = match self.root.pointer(parent) {
            Some(Value::Object(m)) => m.keys().map(String::as_str).collect(),
            _ => Vec::new(),
        };
        let missing = unescape(missing);
        let hint = closest(&missing, siblings.iter().copied());
        // A missing target degrades only what uses it: a schema becomes
        // `serde_json::Value`; a parameter, body or response is left out.
        self.warn_with(
            ptr,
            format!("`$ref: {r}` points to nothing in this document; a schema there is generated as `serde_json::Value`, a parameter, body or response is left out"),
            hint.map(|c| format!("did you mean `#{parent}/{}`?", escape(c))),
        );
    }
}

fn is_status_key(code: &str) -> bool {
    let b = code.as_bytes();
    code == "default"
        || (b.len() == 3
            && matches!(b.first(), Some(b'1'..=b'5'))
            && (b.iter().all(u8::is_ascii_digit) || code.get(1..) == Some("XX")))
}

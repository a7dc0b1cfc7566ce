//! Swagger 2.0 → OpenAPI 3.0.
//!
//! Before bundling, `definitions` become `components/schemas` (and references to them say
//! so), so the bundler hoists and names schemas the 3.0 way; the root's `parameters` and
//! `responses` are then inlined by the bundler wherever they are referenced. After
//! bundling the rest is rewritten in place:
//!
//! - `host`, `basePath` and `schemes` become `servers`;
//! - `securityDefinitions` become `components/securitySchemes`;
//! - a parameter's `type`, `format`, `items` and constraints move into its `schema`, and
//!   `collectionFormat` becomes `style`/`explode`;
//! - `in: body` and `in: formData` parameters become the operation's `requestBody`, with
//!   media types from `consumes`;
//! - a response's `schema` becomes its `content`, with media types from `produces`;
//!   `examples` and `headers` follow;
//! - in schemas, `x-nullable` becomes `nullable`, a `discriminator` property name becomes a
//!   discriminator object, and `type: file` becomes a binary string.
//!
//! Every moved node is recorded in [`Moves`], so a diagnostic about it names its line in
//! the 2.0 text. Nothing here fails: what has no 3.0 equivalent is degraded with a
//! warning, and a node of an unexpected kind is left for the checker to report.

use super::{Moves, Warn};
use crate::load::pointer::join;
use serde_json::{json, Map, Value};

/// Moves what the bundler must see in 3.0's layout.
pub(crate) fn before_bundle(value: &mut Value, moves: &mut Moves<'_>) {
    let Some(root) = value.as_object_mut() else {
        return;
    };
    if let Some(defs) = root.shift_remove("definitions") {
        let components = root
            .entry("components")
            .or_insert_with(|| Value::Object(Map::new()));
        match components.as_object_mut() {
            Some(components) => match components.get_mut("schemas") {
                // A 2.0 document has no `components`; if it has both, the entries merge
                // (a name written in `components/schemas` already wins).
                Some(Value::Object(schemas)) => {
                    if let Value::Object(defs) = defs {
                        for (name, schema) in defs {
                            if schemas.contains_key(&name) {
                                continue;
                            }
                            moves.moved(
                                &join("/definitions", &name),
                                &join("/components/schemas", &name),
                            );
                            schemas.insert(name, schema);
                        }
                    }
                }
                Some(_) => {
                    root.insert("definitions".into(), defs);
                }
                None => {
                    components.insert("schemas".into(), defs);
                    moves.moved("/definitions", "/components/schemas");
                }
            },
            None => {
                root.insert("definitions".into(), defs);
            }
        }
    }
    walk(value, Kind::Other, "", &mut |node, _, _| {
        let Some(Value::String(r)) = node.get_mut("$ref") else {
            return;
        };
        if let Some(rest) = r.strip_prefix("#/definitions/") {
            *r = format!("#/components/schemas/{rest}");
        }
    });
}

/// Rewrites a bundled 2.0 document as 3.0.
pub(crate) fn after_bundle(value: &mut Value, moves: &mut Moves<'_>, warn: &mut Warn<'_>) {
    let Some(root) = value.as_object_mut() else {
        return;
    };
    let mut schemes = scheme_set(root.get("schemes"));
    if schemes.is_empty() {
        schemes.push("https".to_owned());
    }
    let media = Media {
        consumes: mimes(root.get("consumes")),
        produces: mimes(root.get("produces")),
        schemes,
    };
    servers(root, moves, warn);
    security_schemes(root, moves, warn);
    if let Some(Value::Object(paths)) = root.get_mut("paths") {
        for (path, item) in paths.iter_mut() {
            if path.starts_with("x-") {
                continue;
            }
            let at = join("/paths", path);
            if let Some(item) = item.as_object_mut() {
                path_item(item, &at, &media, moves, warn);
            }
        }
    }
    for key in [
        "host",
        "basePath",
        "schemes",
        "consumes",
        "produces",
        "parameters",
        "responses",
        "securityDefinitions",
        "definitions",
    ] {
        root.shift_remove(key);
    }
    walk(value, Kind::Other, "", &mut |node, kind, at| {
        if kind == Kind::Schema {
            schema(node, at, moves, warn);
        }
    });
}

/// The document's media types and schemes, the default of every operation.
struct Media {
    consumes: Option<Vec<String>>,
    produces: Option<Vec<String>>,
    /// The document's `schemes`, `https` when it names none.
    schemes: Vec<String>,
}

/// A `schemes` list as a sorted set of names.
fn scheme_set(v: Option<&Value>) -> Vec<String> {
    let mut out = mimes(v).unwrap_or_default();
    out.sort();
    out.dedup();
    out
}

const JSON: &str = "application/json";
const MULTIPART: &str = "multipart/form-data";
const URLENCODED: &str = "application/x-www-form-urlencoded";
const METHODS: &[&str] = &[
    "get", "put", "post", "delete", "options", "head", "patch", "trace",
];

/// A `consumes`/`produces` list: its strings, `None` when absent or not a list.
fn mimes(v: Option<&Value>) -> Option<Vec<String>> {
    let items = v?.as_array()?;
    Some(
        items
            .iter()
            .filter_map(Value::as_str)
            .map(str::to_owned)
            .collect(),
    )
}

/// `host` + `basePath` + `schemes` → `servers`: one per scheme (https first), a relative
/// URL without a host.
fn servers(root: &mut Map<String, Value>, moves: &mut Moves<'_>, warn: &mut Warn<'_>) {
    if root.contains_key("servers") {
        return;
    }
    let host = root.get("host").and_then(Value::as_str);
    let base = root
        .get("basePath")
        .and_then(Value::as_str)
        .map(|b| b.trim_end_matches('/'))
        .filter(|b| !b.is_empty())
        .map(|b| {
            if b.starts_with('/') {
                b.to_owned()
            } else {
                format!("/{b}")
            }
        });
    let (urls, from) = match host {
        Some(host) => {
            let mut schemes: Vec<&str> = root
                .get("schemes")
                .and_then(Value::as_array)
                .map(|s| s.iter().filter_map(Value::as_str).collect())
                .unwrap_or_default();
            let rank = |s: &str| match s {
                "https" => 0,
                "http" => 1,
                _ => 2,
            };
            schemes.sort_by_key(|s| rank(s));
            schemes.dedup();
            if schemes.is_empty() {
                schemes.push("https");
            }
            let base = base.as_deref().unwrap_or("");
            let host = host.trim_end_matches('/');
            let urls: Vec<String> = schemes
                .iter()
                .map(|s| format!("{s}://{host}{base}"))
                .collect();
            (urls, Some("/host"))
        }
        None => {
            let from = base.as_ref().map(|_| "/basePath");
            (vec![base.unwrap_or_else(|| "/".to_owned())], from)
        }
    };
    if let Some(Value::Array(schemes)) = root.get("schemes") {
        if schemes
            .iter()
            .any(|s| matches!(s.as_str(), Some("ws" | "wss")))
        {
            warn.warn(
                moves,
                "/schemes",
                "WebSocket schemes (`ws`, `wss`) have no 3.0 equivalent; generated as servers of those schemes",
                Some("the generated client speaks HTTP only; list `http` or `https`"),
            );
        }
    }
    let servers: Vec<Value> = urls.into_iter().map(|u| json!({ "url": u })).collect();
    let n = servers.len();
    root.insert("servers".into(), Value::Array(servers));
    if let Some(from) = from {
        for i in 0..n {
            moves.moved(from, &format!("/servers/{i}/url"));
        }
    }
}

/// `securityDefinitions` → `components/securitySchemes`.
fn security_schemes(root: &mut Map<String, Value>, moves: &mut Moves<'_>, warn: &mut Warn<'_>) {
    let Some(defs) = root.get("securityDefinitions") else {
        return;
    };
    let components = match root.get("components") {
        None => true,
        Some(Value::Object(c)) => !c.contains_key("securitySchemes"),
        Some(_) => false,
    };
    if !components {
        warn.warn(
            moves,
            "/securityDefinitions",
            "`securityDefinitions` ignored: `components/securitySchemes` is written too",
            None,
        );
        return;
    }
    let mut defs = defs.clone();
    moves.moved("/securityDefinitions", "/components/securitySchemes");
    if let Value::Object(defs) = &mut defs {
        let mut dropped = Vec::new();
        for (name, scheme) in defs.iter_mut() {
            let at = join("/components/securitySchemes", name);
            if let Some(scheme) = scheme.as_object_mut() {
                if !security_scheme(scheme, &at, moves, warn) {
                    dropped.push(name.clone());
                }
            }
        }
        for name in dropped {
            defs.shift_remove(&name);
        }
    }
    if let Some(c) = root
        .entry("components")
        .or_insert_with(|| Value::Object(Map::new()))
        .as_object_mut()
    {
        c.insert("securitySchemes".into(), defs);
    }
}

/// One security scheme rewritten in place; `false` when it has no 3.0 equivalent and is
/// dropped.
fn security_scheme(
    s: &mut Map<String, Value>,
    at: &str,
    moves: &mut Moves<'_>,
    warn: &mut Warn<'_>,
) -> bool {
    match s.get("type").and_then(Value::as_str) {
        Some("basic") => {
            s.insert("type".into(), Value::String("http".into()));
            s.insert("scheme".into(), Value::String("basic".into()));
            true
        }
        Some("apiKey") => true,
        Some("oauth2") => {
            let flow = s.get("flow").and_then(Value::as_str).map(str::to_owned);
            let (name, urls): (&str, &[&str]) = match flow.as_deref() {
                Some("implicit") => ("implicit", &["authorizationUrl"]),
                Some("password") => ("password", &["tokenUrl"]),
                Some("application") => ("clientCredentials", &["tokenUrl"]),
                Some("accessCode") => ("authorizationCode", &["authorizationUrl", "tokenUrl"]),
                _ => {
                    warn.warn(
                        moves,
                        &format!("{at}/flow"),
                        "an oauth2 security scheme needs `flow`: implicit, password, application or accessCode; the scheme is dropped",
                        None,
                    );
                    return false;
                }
            };
            let flow_at = format!("{at}/flows/{name}");
            let mut f = Map::new();
            for key in urls {
                match s.shift_remove(*key) {
                    Some(u) => {
                        moves.moved(&format!("{at}/{key}"), &format!("{flow_at}/{key}"));
                        f.insert((*key).into(), u);
                    }
                    None => {
                        warn.warn(
                            moves,
                            at,
                            format!(
                                "an oauth2 `{}` flow has no `{key}`; generated with an empty URL",
                                flow.as_deref().unwrap_or_default()
                            ),
                            Some("add the URL to the security definition"),
                        );
                        f.insert((*key).into(), Value::String(String::new()));
                    }
                }
            }
            // The other flows' URLs mean nothing here; the checker would not know them.
            for key in ["authorizationUrl", "tokenUrl"] {
                s.shift_remove(key);
            }
            match s.shift_remove("scopes") {
                Some(scopes) => {
                    moves.moved(&format!("{at}/scopes"), &format!("{flow_at}/scopes"));
                    f.insert("scopes".into(), scopes);
                }
                None => {
                    f.insert("scopes".into(), Value::Object(Map::new()));
                }
            }
            s.shift_remove("flow");
            let mut flows = Map::new();
            flows.insert(name.into(), Value::Object(f));
            s.insert("flows".into(), Value::Object(flows));
            true
        }
        other => {
            let shown = other.map_or_else(|| "none".to_owned(), |t| format!("`{t}`"));
            warn.warn(
                moves,
                at,
                format!("security scheme type {shown} is not one of basic, apiKey, oauth2; the scheme is dropped"),
                None,
            );
            false
        }
    }
}

/// One path item: its parameters and each operation.
fn path_item(
    item: &mut Map<String, Value>,
    at: &str,
    media: &Media,
    moves: &mut Moves<'_>,
    warn: &mut Warn<'_>,
) {
    if item.contains_key("$ref") {
        return;
    }
    // Body and form parameters of the path item apply to each operation.
    let shared = body_params(item, at);
    for method in METHODS {
        let op_at = format!("{at}/{method}");
        if let Some(Value::Object(op)) = item.get_mut(*method) {
            operation(op, &op_at, &shared, media, moves, warn);
        }
    }
    remove_params(item, at, &shared, moves);
    parameters(item, at, moves, warn);
}

/// A body or form parameter: where it is now, and the parameter.
struct BodyParam {
    at: String,
    index: usize,
    param: Map<String, Value>,
}

impl BodyParam {
    fn place(&self) -> &str {
        self.param.get("in").and_then(Value::as_str).unwrap_or("")
    }

    fn name(&self) -> &str {
        self.param.get("name").and_then(Value::as_str).unwrap_or("")
    }
}

/// The `in: body` and `in: formData` parameters of `owner` (copies; see [`remove_params`]).
fn body_params(owner: &Map<String, Value>, at: &str) -> Vec<BodyParam> {
    let Some(Value::Array(params)) = owner.get("parameters") else {
        return Vec::new();
    };
    params
        .iter()
        .enumerate()
        .filter_map(|(i, p)| {
            let p = p.as_object()?;
            matches!(
                p.get("in").and_then(Value::as_str),
                Some("body" | "formData")
            )
            .then(|| BodyParam {
                at: format!("{at}/parameters/{i}"),
                index: i,
                param: p.clone(),
            })
        })
        .collect()
}

/// Takes the converted parameters out of `owner`'s list (their nodes already moved), and
/// records the shift of the others.
fn remove_params(
    owner: &mut Map<String, Value>,
    at: &str,
    removed: &[BodyParam],
    moves: &mut Moves<'_>,
) {
    if removed.is_empty() {
        return;
    }
    let Some(Value::Array(params)) = owner.get_mut("parameters") else {
        return;
    };
    let gone: Vec<usize> = removed.iter().map(|b| b.index).collect();
    let old = std::mem::take(params);
    let mut kept = 0;
    for (i, p) in old.into_iter().enumerate() {
        if gone.contains(&i) {
            continue;
        }
        moves.moved(
            &format!("{at}/parameters/{i}"),
            &format!("{at}/parameters/{kept}"),
        );
        params.push(p);
        kept += 1;
    }
    if params.is_empty() {
        owner.shift_remove("parameters");
    }
}

/// The non-body parameters of `owner`, each rewritten with a `schema`.
fn parameters(
    owner: &mut Map<String, Value>,
    at: &str,
    moves: &mut Moves<'_>,
    warn: &mut Warn<'_>,
) {
    let Some(Value::Array(params)) = owner.get_mut("parameters") else {
        return;
    };
    for (i, p) in params.iter_mut().enumerate() {
        if let Some(p) = p.as_object_mut() {
            let place = p.get("in").and_then(Value::as_str).unwrap_or("").to_owned();
            parameter(p, &format!("{at}/parameters/{i}"), &place, moves, warn);
        }
    }
}

/// The keys of a 2.0 parameter, header or items object that describe its value.
const VALUE_KEYS: &[&str] = &[
    "type",
    "format",
    "items",
    "default",
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
    "enum",
    "multipleOf",
    "x-nullable",
];

/// A query, path or header parameter (or a response header, `place` "header"): its value
/// keys moved into `schema`, `collectionFormat` as `style`/`explode`.
fn parameter(
    p: &mut Map<String, Value>,
    at: &str,
    place: &str,
    moves: &mut Moves<'_>,
    warn: &mut Warn<'_>,
) {
    if p.contains_key("$ref") || p.contains_key("schema") || p.contains_key("content") {
        return;
    }
    let mut schema = Map::new();
    let keys: Vec<String> = p
        .keys()
        .filter(|k| VALUE_KEYS.contains(&k.as_str()))
        .cloned()
        .collect();
    for key in keys {
        if let Some(v) = p.shift_remove(&key) {
            moves.moved(&join(at, &key), &join(&format!("{at}/schema"), &key));
            schema.insert(key, v);
        }
    }
    let schema_at = format!("{at}/schema");
    if let Some(items) = schema.get_mut("items") {
        items_collection_format(items, &format!("{schema_at}/items"), moves, warn);
    }
    if schema.get("type").and_then(Value::as_str) == Some("file") {
        warn.warn(
            moves,
            &format!("{schema_at}/type"),
            format!("`type: file` is for `in: formData` parameters only; generated as a binary string {}", if place == "header" { "header" } else { "parameter" }),
            None,
        );
    }
    let is_array = schema.get("type").and_then(Value::as_str) == Some("array");
    let cf = p.shift_remove("collectionFormat");
    if is_array {
        let format = match &cf {
            None => "csv",
            Some(Value::String(s)) => s.as_str(),
            Some(_) => "",
        };
        let (style, explode) = style(format, place, &join(at, "collectionFormat"), moves, warn);
        p.insert("style".into(), Value::String(style.into()));
        if let Some(explode) = explode {
            p.insert("explode".into(), Value::Bool(explode));
        }
    } else if cf.is_some() {
        warn.warn(
            moves,
            &join(at, "collectionFormat"),
            "`collectionFormat` applies to `type: array` only; ignored",
            None,
        );
    }
    if let Some(example) = p.shift_remove("x-example") {
        moves.moved(&join(at, "x-example"), &join(at, "example"));
        p.insert("example".into(), example);
    }
    p.insert("schema".into(), Value::Object(schema));
}

/// The 3.0 `style` (and `explode`, if not the style's default) for a 2.0
/// `collectionFormat` of a parameter in `place`.
fn style(
    format: &str,
    place: &str,
    at: &str,
    moves: &mut Moves<'_>,
    warn: &mut Warn<'_>,
) -> (&'static str, Option<bool>) {
    let query = place == "query";
    let csv = if query {
        ("form", Some(false))
    } else {
        ("simple", None)
    };
    match format {
        "csv" => csv,
        "ssv" if query => ("spaceDelimited", Some(false)),
        "pipes" if query => ("pipeDelimited", Some(false)),
        "multi" if query => ("form", Some(true)),
        "ssv" | "pipes" | "multi" => {
            warn.warn(
                moves,
                at,
                format!("`collectionFormat: {format}` has no 3.0 equivalent in a {place} parameter; generated comma-separated"),
                None,
            );
            csv
        }
        "tsv" => {
            warn.warn(
                moves,
                at,
                "`collectionFormat: tsv` has no 3.0 equivalent; generated comma-separated",
                Some("use `csv`, `ssv` or `pipes` if the server accepts them"),
            );
            csv
        }
        other => {
            warn.warn(
                moves,
                at,
                format!("unknown `collectionFormat: {other}`; generated comma-separated"),
                Some("expected one of: csv, ssv, tsv, pipes, multi"),
            );
            csv
        }
    }
}

/// A nested `collectionFormat` (arrays of arrays) has no 3.0 equivalent: dropped.
fn items_collection_format(
    items: &mut Value,
    at: &str,
    moves: &mut Moves<'_>,
    warn: &mut Warn<'_>,
) {
    let Some(items) = items.as_object_mut() else {
        return;
    };
    if let Some(cf) = items.shift_remove("collectionFormat") {
        if cf.as_str() != Some("csv") {
            warn.warn(
                moves,
                &join(at, "collectionFormat"),
                "a nested `collectionFormat` has no 3.0 equivalent; ignored",
                None,
            );
        }
    }
    if let Some(inner) = items.get_mut("items") {
        items_collection_format(inner, &format!("{at}/items"), moves, warn);
    }
}

/// One operation: body and form parameters as `requestBody`, the others with a `schema`,
/// responses with `content`.
fn operation(
    op: &mut Map<String, Value>,
    at: &str,
    shared: &[BodyParam],
    media: &Media,
    moves: &mut Moves<'_>,
    warn: &mut Warn<'_>,
) {
    let consumes = mimes(op.get("consumes"))
        .or_else(|| media.consumes.clone())
        .filter(|c| !c.is_empty());
    let produces = mimes(op.get("produces")).or_else(|| media.produces.clone());
    let own = body_params(op, at);
    // An operation's own parameter replaces the path item's of the same name and place;
    // a body replaces the path item's body and form.
    let own_body = own.iter().any(|b| b.place() == "body");
    let inherited: Vec<&BodyParam> = shared
        .iter()
        .filter(|s| {
            !own_body
                && !own
                    .iter()
                    .any(|o| o.place() == s.place() && o.name() == s.name())
        })
        .collect();
    let all: Vec<&BodyParam> = own.iter().chain(inherited).collect();
    if !all.is_empty() && !op.contains_key("requestBody") {
        let body_at = format!("{at}/requestBody");
        if let Some(body) = request_body(&all, &body_at, consumes.as_deref(), moves, warn) {
            op.insert("requestBody".into(), body);
        }
    }
    remove_params(op, at, &own, moves);
    parameters(op, at, moves, warn);
    let explicit_produces = produces.as_ref().is_some_and(|p| !p.is_empty());
    let produces: Vec<String> = produces
        .filter(|p| !p.is_empty())
        .unwrap_or_else(|| vec![JSON.to_owned()]);
    if let Some(Value::Object(responses)) = op.get_mut("responses") {
        for (code, r) in responses.iter_mut() {
            if code.starts_with("x-") {
                continue;
            }
            if let Some(r) = r.as_object_mut() {
                let r_at = join(&format!("{at}/responses"), code);
                response(r, &r_at, &produces, explicit_produces, moves, warn);
            }
        }
    }
    op.shift_remove("consumes");
    op.shift_remove("produces");
    // Saying again what the document says is common (every operation of Kubernetes');
    // only a different list is worth a warning.
    if op.contains_key("schemes") && scheme_set(op.get("schemes")) != media.schemes {
        warn.warn(
            moves,
            &format!("{at}/schemes"),
            "an operation's `schemes` has no 3.0 equivalent; the document's servers apply",
            None,
        );
    }
    op.shift_remove("schemes");
}

/// The request body of an operation from its body or form parameters (the first body
/// wins over everything else).
fn request_body(
    params: &[&BodyParam],
    at: &str,
    consumes: Option<&[String]>,
    moves: &mut Moves<'_>,
    warn: &mut Warn<'_>,
) -> Option<Value> {
    if let Some(body) = params.iter().find(|b| b.place() == "body") {
        for other in params.iter().filter(|b| !std::ptr::eq(**b, *body)) {
            warn.warn(
                moves,
                &other.at,
                format!(
                    "a second body parameter (`in: {}`) is ignored; an operation has one body",
                    other.place()
                ),
                None,
            );
        }
        return Some(body_param(body, at, consumes, moves));
    }
    Some(form_body(params, at, consumes, moves, warn))
}

/// `in: body` → a request body with the parameter's schema under each media type.
fn body_param(
    body: &BodyParam,
    at: &str,
    consumes: Option<&[String]>,
    moves: &mut Moves<'_>,
) -> Value {
    moves.moved(&body.at, at);
    let mut out = Map::new();
    let mut schema = None;
    let mut example = None;
    for (key, v) in &body.param {
        match key.as_str() {
            "name" | "in" => {}
            "schema" => schema = Some(v.clone()),
            "x-example" => example = Some(v.clone()),
            _ => {
                out.insert(key.clone(), v.clone());
            }
        }
    }
    let types: Vec<String> = consumes.map_or_else(|| vec![JSON.to_owned()], <[String]>::to_vec);
    let mut content = Map::new();
    for m in &types {
        let m_at = join(&format!("{at}/content"), m);
        let mut media = Map::new();
        let schema = schema.clone().unwrap_or_else(|| Value::Object(Map::new()));
        moves.moved(&format!("{at}/schema"), &format!("{m_at}/schema"));
        media.insert("schema".into(), schema);
        if let Some(e) = &example {
            moves.moved(&format!("{at}/x-example"), &format!("{m_at}/example"));
            media.insert("example".into(), e.clone());
        }
        content.insert(m.clone(), Value::Object(media));
    }
    out.insert("content".into(), Value::Object(content));
    Value::Object(out)
}

/// `in: formData` parameters → one request body with an object schema of them.
fn form_body(
    params: &[&BodyParam],
    at: &str,
    consumes: Option<&[String]>,
    moves: &mut Moves<'_>,
    warn: &mut Warn<'_>,
) -> Value {
    let file_at = params
        .iter()
        .find(|p| p.param.get("type").and_then(Value::as_str) == Some("file"))
        .map(|p| p.at.clone());
    let has_file = file_at.is_some();
    let lists = |m: &str| consumes.is_some_and(|c| c.iter().any(|c| c == m));
    let media = if has_file || lists(MULTIPART) {
        MULTIPART
    } else {
        URLENCODED
    };
    if let Some(file_at) = file_at.filter(|_| consumes.is_some() && !lists(MULTIPART)) {
        warn.warn(
            moves,
            &file_at,
            "a `type: file` parameter is sent as `multipart/form-data`, which `consumes` does not list",
            None,
        );
    }
    let schema_at = format!("{}/schema", join(&format!("{at}/content"), media));
    let mut properties = Map::new();
    let mut required = Vec::new();
    let mut encoding = Map::new();
    for b in params {
        let name = b.name().to_owned();
        let prop_at = join(&format!("{schema_at}/properties"), &name);
        moves.moved(&b.at, &prop_at);
        let mut prop = Map::new();
        for (key, v) in &b.param {
            match key.as_str() {
                "name" | "in" => {}
                "required" => {
                    if v.as_bool() == Some(true) {
                        required.push(Value::String(name.clone()));
                    }
                }
                "allowEmptyValue" => warn.warn(
                    moves,
                    &join(&prop_at, key),
                    "`allowEmptyValue` on a form field has no 3.0 equivalent; ignored",
                    None,
                ),
                "collectionFormat" => {}
                "x-example" => {
                    moves.moved(&join(&prop_at, key), &join(&prop_at, "example"));
                    prop.insert("example".into(), v.clone());
                }
                _ => {
                    prop.insert(key.clone(), v.clone());
                }
            }
        }
        if let Some(items) = prop.get_mut("items") {
            items_collection_format(items, &format!("{prop_at}/items"), moves, warn);
        }
        if prop.get("type").and_then(Value::as_str) == Some("array") {
            let format = match b.param.get("collectionFormat") {
                None => "csv",
                Some(Value::String(s)) => s.as_str(),
                Some(_) => "",
            };
            if format != "multi" {
                let (style, explode) = style(
                    format,
                    "query",
                    &join(&prop_at, "collectionFormat"),
                    moves,
                    warn,
                );
                let mut e = Map::new();
                e.insert("style".into(), Value::String(style.into()));
                if let Some(explode) = explode {
                    e.insert("explode".into(), Value::Bool(explode));
                }
                encoding.insert(name.clone(), Value::Object(e));
            }
        } else if b.param.contains_key("collectionFormat") {
            warn.warn(
                moves,
                &join(&prop_at, "collectionFormat"),
                "`collectionFormat` applies to `type: array` only; ignored",
                None,
            );
        }
        properties.insert(name, Value::Object(prop));
    }
    let mut schema = Map::new();
    schema.insert("type".into(), Value::String("object".into()));
    schema.insert("properties".into(), Value::Object(properties));
    let any_required = !required.is_empty();
    if any_required {
        schema.insert("required".into(), Value::Array(required));
    }
    let mut m = Map::new();
    m.insert("schema".into(), Value::Object(schema));
    if !encoding.is_empty() {
        m.insert("encoding".into(), Value::Object(encoding));
    }
    let mut content = Map::new();
    content.insert(media.into(), Value::Object(m));
    let mut out = Map::new();
    if any_required {
        out.insert("required".into(), Value::Bool(true));
    }
    out.insert("content".into(), Value::Object(content));
    Value::Object(out)
}

/// One response: `schema` and `examples` as `content`, headers with a `schema`.
fn response(
    r: &mut Map<String, Value>,
    at: &str,
    produces: &[String],
    explicit_produces: bool,
    moves: &mut Moves<'_>,
    warn: &mut Warn<'_>,
) {
    if r.contains_key("$ref") {
        return;
    }
    if !r.contains_key("description") {
        // 3.0 (like 2.0) requires one; the typed model has no default.
        r.insert("description".into(), Value::String(String::new()));
    }
    let mut content = match r.shift_remove("content") {
        Some(Value::Object(c)) => c,
        _ => Map::new(),
    };
    if let Some(schema) = r.shift_remove("schema") {
        let file = schema.get("type").and_then(Value::as_str) == Some("file");
        let octet = ["application/octet-stream".to_owned()];
        let types = if file && !explicit_produces {
            &octet[..]
        } else {
            produces
        };
        for m in types {
            let s_at = format!("{}/schema", join(&format!("{at}/content"), m));
            moves.moved(&format!("{at}/schema"), &s_at);
            let mut media = Map::new();
            media.insert("schema".into(), schema.clone());
            content.insert(m.clone(), Value::Object(media));
        }
    }
    match r.shift_remove("examples") {
        Some(Value::Object(examples)) => {
            for (m, example) in examples {
                let from = join(&format!("{at}/examples"), &m);
                let to = format!("{}/example", join(&format!("{at}/content"), &m));
                moves.moved(&from, &to);
                if let Some(media) = content
                    .entry(m)
                    .or_insert_with(|| Value::Object(Map::new()))
                    .as_object_mut()
                {
                    media.insert("example".into(), example);
                }
            }
        }
        Some(_) => warn.warn(
            moves,
            &format!("{at}/examples"),
            "a response's `examples` must map media types to examples; ignored",
            None,
        ),
        None => {}
    }
    if !content.is_empty() {
        r.insert("content".into(), Value::Object(content));
    }
    if let Some(Value::Object(headers)) = r.get_mut("headers") {
        for (name, h) in headers.iter_mut() {
            if let Some(h) = h.as_object_mut() {
                let h_at = join(&format!("{at}/headers"), name);
                parameter(h, &h_at, "header", moves, warn);
                // A header's style is always `simple`, the default.
                h.shift_remove("style");
                h.shift_remove("explode");
            }
        }
    }
}

/// One schema (its nested schemas are visited by the walk): 2.0's extensions and forms
/// as 3.0 keywords.
fn schema(v: &mut Value, at: &str, moves: &mut Moves<'_>, warn: &mut Warn<'_>) {
    let Some(s) = v.as_object_mut() else {
        return;
    };
    if let Some(n) = s.shift_remove("x-nullable") {
        match n {
            Value::Bool(true) => {
                if let Some(r) = s.shift_remove("$ref") {
                    // A reference's siblings are ignored in 3.0: the nullable reference is
                    // an `allOf` of it.
                    moves.moved(&format!("{at}/$ref"), &format!("{at}/allOf/0/$ref"));
                    s.insert("allOf".into(), json!([{ "$ref": r }]));
                }
                moves.moved(&format!("{at}/x-nullable"), &format!("{at}/nullable"));
                s.insert("nullable".into(), Value::Bool(true));
            }
            Value::Bool(false) => {}
            _ => warn.warn(
                moves,
                &format!("{at}/x-nullable"),
                "`x-nullable` must be true or false; ignored",
                None,
            ),
        }
    }
    if let Some(Value::String(prop)) = s.get("discriminator") {
        let d = json!({ "propertyName": prop });
        moves.moved(
            &format!("{at}/discriminator"),
            &format!("{at}/discriminator/propertyName"),
        );
        s.insert("discriminator".into(), d);
    }
    if s.get("type").and_then(Value::as_str) == Some("file") {
        s.insert("type".into(), Value::String("string".into()));
        s.insert("format".into(), Value::String("binary".into()));
    }
}

/// What a node is, as far as schemas care.
#[derive(Clone, Copy, PartialEq, Eq)]
pub(super) enum Kind {
    Schema,
    /// A map of names to schemas (`properties`, `components/schemas`).
    SchemaMap,
    /// A list of schemas (`allOf`, `oneOf`, `anyOf`).
    SchemaList,
    Other,
}

/// Keys whose values are data, never descended into (`default` is data only in a schema:
/// in `responses` it is the catch-all response).
fn is_data(key: &str, in_schema: bool) -> bool {
    key.starts_with("x-")
        || matches!(key, "example" | "examples")
        || (in_schema && matches!(key, "default" | "enum"))
}

/// Visits every node of `v` (at pointer `at`) with what it is, parents before children
/// (so a visit may reshape what is then walked). Also walks 3.0 documents, whose schemas
/// sit where an upgraded 2.0 document's do.
pub(super) fn walk(v: &mut Value, kind: Kind, at: &str, f: &mut dyn FnMut(&mut Value, Kind, &str)) {
    walk_at(v, kind, at, f, 0);
}

/// Deeper than this, a document is not something a person wrote.
const MAX_DEPTH: usize = 200;

fn walk_at(
    v: &mut Value,
    kind: Kind,
    at: &str,
    f: &mut dyn FnMut(&mut Value, Kind, &str),
    depth: usize,
) {
    if depth > MAX_DEPTH {
        return;
    }
    f(v, kind, at);
    match v {
        Value::Object(m) => {
            for (key, child) in m.iter_mut() {
                let child_kind = match (kind, key.as_str()) {
                    (Kind::SchemaMap, _) => Kind::Schema,
                    (Kind::SchemaList, _) => Kind::Other,
                    (_, k) if is_data(k, kind == Kind::Schema) => continue,
                    (Kind::Schema, "properties") => Kind::SchemaMap,
                    (Kind::Schema, "allOf" | "oneOf" | "anyOf") => Kind::SchemaList,
                    (Kind::Schema, "items" | "not" | "additionalProperties") => Kind::Schema,
                    // A keyword 2.0 does not have (`patternProperties`): not a schema
                    // this pass knows, but its `$ref`s must still be rewritten.
                    (Kind::Schema, _) => Kind::Other,
                    (Kind::Other, "schema") => Kind::Schema,
                    (Kind::Other, "schemas") if at == "/components" => Kind::SchemaMap,
                    (Kind::Other, _) => Kind::Other,
                };
                walk_at(child, child_kind, &join(at, key), f, depth + 1);
            }
        }
        Value::Array(items) => {
            let item_kind = match kind {
                Kind::SchemaList => Kind::Schema,
                _ => Kind::Other,
            };
            for (i, item) in items.iter_mut().enumerate() {
                walk_at(item, item_kind, &format!("{at}/{i}"), f, depth + 1);
            }
        }
        _ => {}
    }
}

#[cfg(test)]
mod tests {
    use super::super::{after_bundle as upgrade_after, before_bundle as upgrade_before, Version};
    use crate::load::openapi::parse;
    use crate::load::source::SourceFile;
    use serde_json::{json, Value};
    use std::path::Path;

    /// The document upgraded (without bundling) and its warnings' messages.
    fn upgrade(mut v: Value) -> (Value, Vec<String>) {
        let text = serde_json::to_string_pretty(&v).unwrap_or_default();
        let src = SourceFile::new(Path::new("t.json"), text);
        let mounts = upgrade_before(Version::Swagger2, &mut v);
        let up = upgrade_after(Version::Swagger2, &src, v, mounts);
        (
            up.value,
            up.warnings.into_iter().map(|d| d.message).collect(),
        )
    }

    fn doc(paths: Value) -> Value {
        json!({"swagger": "2.0", "info": {"title": "t", "version": "1"}, "paths": paths})
    }

    #[test]
    fn definitions_become_component_schemas_and_references_follow() {
        let mut v = doc(json!({"/a": {"get": {"responses": {"200": {
            "description": "ok", "schema": {"$ref": "#/definitions/Pet"}}}}}}));
        v["definitions"] = json!({
            "Pet": {"type": "object", "properties": {
                "tag": {"$ref": "#/definitions/Tag"},
                "enum": {"$ref": "#/definitions/Tag"}},
                "example": {"$ref": "#/definitions/Tag"}},
            "Tag": {"type": "string", "enum": [{"$ref": "#/definitions/Tag"}]}
        });
        let (v, warnings) = upgrade(v);
        assert!(warnings.is_empty(), "{warnings:?}");
        assert_eq!(v["openapi"], "3.0.3");
        assert!(v.get("definitions").is_none() && v.get("swagger").is_none());
        let pet = &v["components"]["schemas"]["Pet"];
        assert_eq!(pet["properties"]["tag"]["$ref"], "#/components/schemas/Tag");
        assert_eq!(
            pet["properties"]["enum"]["$ref"],
            "#/components/schemas/Tag"
        );
        // Data is left as written.
        assert_eq!(pet["example"]["$ref"], "#/definitions/Tag");
        assert_eq!(
            v["components"]["schemas"]["Tag"]["enum"][0]["$ref"],
            "#/definitions/Tag"
        );
        let content = &v["paths"]["/a"]["get"]["responses"]["200"]["content"];
        assert_eq!(
            content["application/json"]["schema"]["$ref"],
            "#/components/schemas/Pet"
        );
    }

    #[test]
    fn an_operation_s_schemes_warn_only_when_they_differ_from_the_document_s() {
        let op = |schemes: Value| json!({"/a": {"get": {"schemes": schemes, "responses": {}}}});
        // No document `schemes`: https, as for the servers.
        let (v, warnings) = upgrade(doc(op(json!(["https"]))));
        assert!(warnings.is_empty(), "{warnings:?}");
        assert!(v["paths"]["/a"]["get"].get("schemes").is_none());
        let mut v = doc(op(json!(["https", "http"])));
        v["schemes"] = json!(["http", "https"]);
        assert!(upgrade(v).1.is_empty());
        let (v, warnings) = upgrade(doc(op(json!(["http"]))));
        assert_eq!(warnings.len(), 1, "{warnings:?}");
        assert!(warnings[0].contains("`schemes`"), "{warnings:?}");
        assert!(v["paths"]["/a"]["get"].get("schemes").is_none());
    }

    #[test]
    fn references_under_keywords_2_0_lacks_are_rewritten_too() {
        let mut v = doc(json!({}));
        v["definitions"] = json!({
            "Contact": {"type": "object"},
            "Result": {"type": "object", "patternProperties": {
                "^a": {"$ref": "#/definitions/Contact"}
            }}
        });
        let (v, _) = upgrade(v);
        assert_eq!(
            v["components"]["schemas"]["Result"]["patternProperties"]["^a"]["$ref"],
            json!("#/components/schemas/Contact")
        );
    }

    #[test]
    fn host_base_path_and_schemes_become_servers() {
        let mut v = doc(json!({}));
        v["host"] = json!("api.example.com");
        v["basePath"] = json!("/v1/");
        v["schemes"] = json!(["http", "https"]);
        let (v, _) = upgrade(v);
        assert_eq!(
            v["servers"],
            json!([{"url": "https://api.example.com/v1"}, {"url": "http://api.example.com/v1"}])
        );
        assert!(v.get("host").is_none() && v.get("basePath").is_none());

        let mut v = doc(json!({}));
        v["basePath"] = json!("v2");
        assert_eq!(upgrade(v).0["servers"], json!([{"url": "/v2"}]));
        assert_eq!(upgrade(doc(json!({}))).0["servers"], json!([{"url": "/"}]));
        let mut v = doc(json!({}));
        v["host"] = json!("h");
        assert_eq!(upgrade(v).0["servers"], json!([{"url": "https://h"}]));
    }

    #[test]
    fn security_definitions_become_security_schemes() {
        let mut v = doc(json!({}));
        v["securityDefinitions"] = json!({
            "basic": {"type": "basic", "description": "d"},
            "key": {"type": "apiKey", "name": "X-Key", "in": "header"},
            "implicit": {"type": "oauth2", "flow": "implicit",
                "authorizationUrl": "https://a", "scopes": {"r": "read"}},
            "app": {"type": "oauth2", "flow": "application", "tokenUrl": "https://t"},
            "code": {"type": "oauth2", "flow": "accessCode",
                "authorizationUrl": "https://a", "tokenUrl": "https://t", "scopes": {}},
            "odd": {"type": "saml"}
        });
        let (v, warnings) = upgrade(v);
        let s = &v["components"]["securitySchemes"];
        assert_eq!(
            s["basic"],
            json!({"type": "http", "description": "d", "scheme": "basic"})
        );
        assert_eq!(
            s["key"],
            json!({"type": "apiKey", "name": "X-Key", "in": "header"})
        );
        assert_eq!(
            s["implicit"],
            json!({"type": "oauth2", "flows": {"implicit": {
                "authorizationUrl": "https://a", "scopes": {"r": "read"}}}})
        );
        assert_eq!(
            s["app"]["flows"],
            json!({"clientCredentials": {"tokenUrl": "https://t", "scopes": {}}})
        );
        assert_eq!(
            s["code"]["flows"]["authorizationCode"],
            json!({"authorizationUrl": "https://a", "tokenUrl": "https://t", "scopes": {}})
        );
        assert!(s.get("odd").is_none());
        assert_eq!(warnings.len(), 1, "{warnings:?}");
        assert!(warnings[0].contains("saml"));
        assert!(v.get("securityDefinitions").is_none());
    }

    #[test]
    fn parameters_get_a_schema_and_a_style() {
        let v = doc(json!({"/a/{ids}": {
            "parameters": [{"name": "ids", "in": "path", "required": true, "type": "array",
                "items": {"type": "integer", "format": "int64"}}],
            "get": {"parameters": [
                {"name": "tags", "in": "query", "type": "array", "items": {"type": "string"},
                    "collectionFormat": "multi", "x-example": ["a"]},
                {"name": "pipes", "in": "query", "type": "array", "items": {"type": "string"},
                    "collectionFormat": "pipes"},
                {"name": "csv", "in": "query", "type": "array", "items": {"type": "string"}},
                {"name": "tsv", "in": "query", "type": "array", "items": {"type": "string"},
                    "collectionFormat": "tsv"},
                {"name": "limit", "in": "query", "type": "integer", "minimum": 1,
                    "maximum": 100, "default": 20, "enum": [1, 20, 100]},
                {"name": "X-Id", "in": "header", "type": "string", "format": "uuid",
                    "x-nullable": true}
            ], "responses": {"200": {"description": "ok"}}}
        }}));
        let (v, warnings) = upgrade(v);
        let item = &v["paths"]["/a/{ids}"];
        assert_eq!(
            item["parameters"][0],
            json!({"name": "ids", "in": "path", "required": true, "style": "simple",
                "schema": {"type": "array", "items": {"type": "integer", "format": "int64"}}})
        );
        let p = &item["get"]["parameters"];
        assert_eq!(
            p[0],
            json!({"name": "tags", "in": "query", "style": "form", "explode": true,
                "example": ["a"], "schema": {"type": "array", "items": {"type": "string"}}})
        );
        assert_eq!(
            (&p[1]["style"], &p[1]["explode"]),
            (&json!("pipeDelimited"), &json!(false))
        );
        assert_eq!(
            (&p[2]["style"], &p[2]["explode"]),
            (&json!("form"), &json!(false))
        );
        assert_eq!(
            (&p[3]["style"], &p[3]["explode"]),
            (&json!("form"), &json!(false))
        );
        assert_eq!(
            p[4]["schema"],
            json!({"type": "integer", "minimum": 1, "maximum": 100, "default": 20,
                "enum": [1, 20, 100]})
        );
        assert_eq!(
            p[5]["schema"],
            json!({"type": "string", "format": "uuid", "nullable": true})
        );
        assert_eq!(warnings.len(), 1, "{warnings:?}");
        assert!(warnings[0].contains("tsv"));
    }

    #[test]
    fn a_body_parameter_becomes_the_request_body() {
        let mut v = doc(json!({"/a": {"post": {
            "consumes": ["application/json", "text/plain"],
            "parameters": [
                {"name": "q", "in": "query", "type": "string"},
                {"name": "body", "in": "body", "required": true, "description": "the pet",
                    "schema": {"$ref": "#/definitions/Pet"}},
                {"name": "r", "in": "query", "type": "string"}
            ],
            "responses": {"204": {"description": "done"}}
        }, "put": {
            "parameters": [{"name": "body", "in": "body", "schema": {"type": "string"}}],
            "responses": {"204": {"description": "done"}}
        }}}));
        v["definitions"] = json!({"Pet": {"type": "object"}});
        v["consumes"] = json!(["application/xml"]);
        let (v, _) = upgrade(v);
        let post = &v["paths"]["/a"]["post"];
        let pet = json!({"schema": {"$ref": "#/components/schemas/Pet"}});
        assert_eq!(
            post["requestBody"],
            json!({"required": true, "description": "the pet", "content": {
                "application/json": pet, "text/plain": pet}})
        );
        let names: Vec<&Value> = post["parameters"]
            .as_array()
            .map(|ps| ps.iter().map(|p| &p["name"]).collect())
            .unwrap_or_default();
        assert_eq!(names, [&json!("q"), &json!("r")]);
        assert!(post.get("consumes").is_none());
        let put = &v["paths"]["/a"]["put"];
        assert_eq!(
            put["requestBody"],
            json!({"content": {"application/xml": {"schema": {"type": "string"}}}})
        );
        assert!(put.get("parameters").is_none());
    }

    #[test]
    fn form_parameters_become_one_object_body() {
        let v = doc(json!({"/a": {
            "parameters": [{"name": "shared", "in": "formData", "type": "string"}],
            "post": {"parameters": [
                {"name": "name", "in": "formData", "type": "string", "required": true,
                    "description": "who"},
                {"name": "tags", "in": "formData", "type": "array",
                    "items": {"type": "string"}}
            ], "responses": {"204": {"description": "done"}}},
            "put": {"parameters": [
                {"name": "file", "in": "formData", "type": "file", "required": true}
            ], "responses": {"204": {"description": "done"}}}
        }}));
        let (v, warnings) = upgrade(v);
        assert!(warnings.is_empty(), "{warnings:?}");
        let item = &v["paths"]["/a"];
        assert!(item.get("parameters").is_none());
        assert_eq!(
            item["post"]["requestBody"],
            json!({"required": true, "content": {"application/x-www-form-urlencoded": {
                "schema": {"type": "object", "properties": {
                    "name": {"type": "string", "description": "who"},
                    "tags": {"type": "array", "items": {"type": "string"}},
                    "shared": {"type": "string"}
                }, "required": ["name"]},
                "encoding": {"tags": {"style": "form", "explode": false}}
            }}})
        );
        assert_eq!(
            item["put"]["requestBody"]["content"]["multipart/form-data"]["schema"],
            json!({"type": "object", "properties": {
                "file": {"type": "string", "format": "binary"},
                "shared": {"type": "string"}
            }, "required": ["file"]})
        );
    }

    #[test]
    fn responses_get_content_headers_and_a_description() {
        let mut v = doc(json!({"/a": {"get": {
            "produces": ["application/json", "application/xml"],
            "responses": {
                "200": {"description": "ok", "schema": {"type": "array",
                        "items": {"type": "string", "x-nullable": true}},
                    "examples": {"application/json": ["a"]},
                    "headers": {"X-Rate": {"type": "integer", "format": "int32",
                        "description": "left"}}},
                "404": {"schema": {"type": "string"}}
            }
        }}, "/f": {"get": {"responses": {
            "200": {"description": "a file", "schema": {"type": "file"}}
        }}}}));
        v["produces"] = json!([]);
        let (v, warnings) = upgrade(v);
        assert!(warnings.is_empty(), "{warnings:?}");
        let r = &v["paths"]["/a"]["get"]["responses"];
        let schema = json!({"type": "array", "items": {"type": "string", "nullable": true}});
        assert_eq!(
            r["200"]["content"],
            json!({"application/json": {"schema": schema, "example": ["a"]},
                "application/xml": {"schema": schema}})
        );
        assert_eq!(
            r["200"]["headers"]["X-Rate"],
            json!({"description": "left", "schema": {"type": "integer", "format": "int32"}})
        );
        assert_eq!(r["404"]["description"], "");
        assert_eq!(
            v["paths"]["/f"]["get"]["responses"]["200"]["content"],
            json!({"application/octet-stream": {"schema": {"type": "string", "format": "binary"}}})
        );
    }

    #[test]
    fn schemas_take_3_0_keywords() {
        let mut v = doc(json!({}));
        v["definitions"] = json!({
            "Pet": {"type": "object", "discriminator": "kind", "required": ["kind"],
                "properties": {
                    "kind": {"type": "string"},
                    "owner": {"$ref": "#/definitions/Owner", "x-nullable": true},
                    "photo": {"type": "file"},
                    "id": {"type": "integer", "readOnly": true},
                    "more": {"type": "object", "additionalProperties": {"type": "string",
                        "x-nullable": true}}
                }},
            "Cat": {"allOf": [{"$ref": "#/definitions/Pet"}, {"type": "object",
                "properties": {"lives": {"type": "integer", "x-nullable": false}}}]},
            "Owner": {"type": "object"}
        });
        let (v, _) = upgrade(v);
        let pet = &v["components"]["schemas"]["Pet"];
        assert_eq!(pet["discriminator"], json!({"propertyName": "kind"}));
        let props = &pet["properties"];
        assert_eq!(
            props["owner"],
            json!({"allOf": [{"$ref": "#/components/schemas/Owner"}], "nullable": true})
        );
        assert_eq!(
            props["photo"],
            json!({"type": "string", "format": "binary"})
        );
        assert_eq!(props["id"], json!({"type": "integer", "readOnly": true}));
        assert_eq!(props["more"]["additionalProperties"]["nullable"], true);
        assert_eq!(
            v["components"]["schemas"]["Cat"]["allOf"][1]["properties"]["lives"],
            json!({"type": "integer"})
        );
    }

    #[test]
    fn odd_values_are_left_for_the_checker() {
        for v in [
            json!({"swagger": "2.0", "paths": []}),
            json!({"swagger": "2.0", "paths": {"/a": {"get": {"parameters": {}}}}}),
            json!({"swagger": "2.0", "paths": {"/a": {"get": {"parameters": [1, null,
                {"in": "body"}, {"in": "formData", "name": 3}],
                "responses": {"200": 1, "201": {"schema": 1, "headers": []}}}}}}),
            json!({"swagger": "2.0", "definitions": [], "securityDefinitions": {"a": 1},
                "host": 3, "schemes": "x", "consumes": {}, "produces": 1}),
            json!({"swagger": "2.0", "definitions": {"A": {"discriminator": 1,
                "x-nullable": "yes", "properties": []}}}),
            json!("not an object"),
        ] {
            let _ = upgrade(v);
        }
    }

    const PETS: &str = r##"swagger: "2.0"
info: {title: t, version: "1"}
parameters:
  Limit:
    name: limit
    in: query
    type: array
    items: {type: integer}
    collectionFormat: tsv
paths:
  /pets:
    post:
      parameters:
        - name: body
          in: body
          schema:
            type: objekt
        - name: trace
          in: header
          type: strin
        - $ref: '#/parameters/Limit'
      responses:
        "200":
          description: ok
          schema:
            type: objekt
"##;

    /// The line where the node now at `pointer` was written.
    fn line(source: &SourceFile, pointer: &str) -> usize {
        source.locate(pointer).map_or(0, |l| l.line)
    }

    #[test]
    fn moved_nodes_are_located_in_the_2_0_text() {
        let err = parse(Path::new("pets.yaml"), PETS.to_owned())
            .err()
            .map(|e| e.diagnostics().to_vec())
            .unwrap_or_default();
        let lines: Vec<(usize, &str)> = err
            .iter()
            .map(|d| (d.location.map_or(0, |l| l.line), d.message.as_str()))
            .collect();
        // The body's schema (now in `requestBody`), the shifted header's schema type,
        // and the response's schema (now in `content`) are all where they were written.
        assert!(
            lines.iter().any(|(l, m)| *l == 17 && m.contains("objekt")),
            "{lines:?}"
        );
        assert!(
            lines.iter().any(|(l, m)| *l == 20 && m.contains("strin")),
            "{lines:?}"
        );
        assert!(
            lines.iter().any(|(l, m)| *l == 26 && m.contains("objekt")),
            "{lines:?}"
        );

        let mut ok = PETS.replace("objekt", "object");
        ok = ok.replace("strin\n", "string\n");
        let spec = parse(Path::new("pets.yaml"), ok).unwrap_or_else(|e| panic!("{e:?}"));
        let s = &spec.source;
        assert_eq!(
            line(
                s,
                "/paths/~1pets/post/requestBody/content/application~1json/schema/type"
            ),
            17
        );
        assert_eq!(line(s, "/paths/~1pets/post/parameters/0/schema/type"), 20);
        // Inlined from the root's `parameters`, then shifted and given a schema.
        assert_eq!(line(s, "/paths/~1pets/post/parameters/1/schema/items"), 8);
        let tsv = spec
            .warnings
            .iter()
            .find(|w| w.message.contains("tsv"))
            .map(|w| w.location.map_or(0, |l| l.line));
        assert_eq!(tsv, Some(9));
    }
}

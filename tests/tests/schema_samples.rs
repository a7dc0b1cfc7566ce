//! A proof over every type, not over samples someone picked: from each schema of `spec/`
//! and of every fixture, JSON is built (deterministically, from the resolved model) for each
//! variant of each union and for each object with and without its optional fields; each
//! value is decoded with the generated type, must land in the variant it was made for, and
//! must encode back to the same JSON. Every example documented in `spec/` decodes with its
//! operation's type and encodes back whole.
//!
//! The generated types are reached through `schema_samples/decoders.rs`, a table written
//! from the same models by `cargo test -p polytomic-codegen --test fixture_outputs`, which
//! builds even when a stale table no longer compiles.

use polytomic_codegen::ir::{Api, Check, Number, Struct, TypeDef, TypeKind, TypeRef};
use polytomic_codegen::load;
use polytomic_codegen::resolve::{self, Resolution};
use serde_json::{json, Map, Value};
use std::collections::{BTreeSet, HashMap};

mod support;

#[path = "support/decodable.rs"]
mod decodable;
use decodable::decodable;

// Written by generator/tests/fixture_outputs.rs, compared as text: rustfmt leaves it as
// written.
#[rustfmt::skip]
#[path = "schema_samples/decoders.rs"]
mod decoders;

/// The Polytomic SDK is `polytomic`; each fixture is its own module of the test crate.
fn specs() -> Vec<(String, Resolution)> {
    let repo = support::repo();
    let inputs = load::load(
        &repo.join("spec/openapi.yaml"),
        &repo.join("spec/connectors"),
        None,
    )
    .unwrap();
    let mut out = vec![(
        "polytomic".to_owned(),
        resolve::resolve(&inputs, &Default::default()).unwrap(),
    )];
    let dir = repo.join("tests/fixtures/openapi");
    for name in support::entries(&dir, Some("yaml")) {
        let spec = load::openapi::load(&dir.join(format!("{name}.yaml"))).unwrap();
        let api = resolve::resolve(&load::Inputs::spec_only(spec), &Default::default()).unwrap();
        out.push((name, api));
    }
    out
}

/// Builds sample JSON for the types of one API.
struct Samples<'a> {
    types: HashMap<&'a str, &'a TypeDef>,
}

/// How deep samples include optional fields, and where they give up (recursive types
/// whose required fields never end).
const FULL_DEPTH: usize = 4;
const MAX_DEPTH: usize = 16;

impl<'a> Samples<'a> {
    fn new(api: &'a Api) -> Self {
        Samples {
            types: api.types.iter().map(|t| (t.name.as_str(), t)).collect(),
        }
    }

    fn of(&self, ty: &TypeRef, full: bool, depth: usize) -> Option<Value> {
        if depth > MAX_DEPTH {
            return None;
        }
        let full = full && depth <= FULL_DEPTH;
        Some(match ty {
            TypeRef::Named(n) => return self.named(n, full, depth),
            TypeRef::String => json!("text"),
            TypeRef::Bool => json!(true),
            TypeRef::I32
            | TypeRef::I64
            | TypeRef::U8
            | TypeRef::U16
            | TypeRef::U32
            | TypeRef::U64 => json!(7),
            TypeRef::F32 | TypeRef::F64 => json!(1.5),
            TypeRef::Uuid => json!("6f1c5f7e-59a8-4a0b-9d1c-2f1b7d5f9a11"),
            TypeRef::DateTime => json!("2024-01-15T09:30:00Z"),
            TypeRef::Date => json!("2024-01-15"),
            TypeRef::Json => json!({"any": [1, "two", null]}),
            TypeRef::JsonObject => json!({"key": "value"}),
            TypeRef::Bytes | TypeRef::File => return None,
            TypeRef::Vec(item) if full => Value::Array(vec![self.of(item, full, depth + 1)?]),
            TypeRef::Vec(_) => json!([]),
            TypeRef::Map(value) if full => json!({"key": self.of(value, full, depth + 1)?}),
            TypeRef::Map(_) => json!({}),
        })
    }

    fn named(&self, name: &str, full: bool, depth: usize) -> Option<Value> {
        let t = self.types.get(name)?;
        match &t.kind {
            TypeKind::Struct(s) => self.object(s, full, depth).map(Value::Object),
            TypeKind::Enum(e) => Some(json!(e.variants.first()?.wire)),
            TypeKind::Alias(ty) => self.of(ty, full, depth + 1),
            TypeKind::Constrained(c) => constrained(&c.base, &c.checks),
            TypeKind::Tagged(u) => {
                let v = u.variants.first()?;
                let mut map = self.struct_sample(&v.ty, full, depth)?;
                map.insert(u.tag.clone(), json!(v.wire));
                Some(Value::Object(map))
            }
            TypeKind::Untagged(u) => u
                .variants
                .iter()
                .find_map(|v| self.of(&v.ty, full, depth + 1)),
            TypeKind::Selected(_) | TypeKind::Form(_) => None,
        }
    }

    fn struct_sample(&self, name: &str, full: bool, depth: usize) -> Option<Map<String, Value>> {
        match &self.types.get(name)?.kind {
            TypeKind::Struct(s) => self.object(s, full, depth),
            _ => None,
        }
    }

    /// The required fields, and with `full` the optional ones and an extra key where the
    /// struct takes any (`additionalProperties`).
    fn object(&self, s: &Struct, full: bool, depth: usize) -> Option<Map<String, Value>> {
        let mut map = Map::new();
        for f in &s.fields {
            if f.flatten {
                match self.types.get(f.ty.direct_named()?).map(|t| &t.kind) {
                    Some(TypeKind::Selected(u)) => {
                        let v = u.variants.first()?;
                        map.insert(u.selector.clone(), json!(v.wire));
                        map.insert(u.payload.clone(), self.of(&v.ty, full, depth + 1)?);
                    }
                    _ => match self.of(&f.ty, full, depth + 1)? {
                        Value::Object(keys) => map.extend(keys),
                        _ => return None,
                    },
                }
            } else if f.required || full {
                map.insert(f.wire.clone(), self.of(&f.ty, full, depth + 1)?);
            }
        }
        if let (Some(ty), true) = (&s.additional, full) {
            map.insert("extra_key".into(), self.of(ty, full, depth + 1)?);
        }
        Some(map)
    }
}

/// A value meeting the constraints; `None` for a pattern (no value is derived from it).
fn constrained(base: &TypeRef, checks: &[Check]) -> Option<Value> {
    if *base == TypeRef::String {
        let mut len = 4;
        for c in checks {
            match c {
                Check::MinLength(n) => len = len.max(*n as usize),
                Check::MaxLength(n) => len = len.min(*n as usize),
                Check::Pattern(_) => return None,
                _ => {}
            }
        }
        return Some(json!("a".repeat(len)));
    }
    let float = matches!(base, TypeRef::F32 | TypeRef::F64);
    let as_f64 = |n: &Number| match n {
        Number::Int(v) => *v as f64,
        Number::Float(v) => *v,
    };
    let (mut lo, mut hi) = (None, None);
    for c in checks {
        match c {
            Check::Minimum { value, exclusive } => {
                lo = Some(as_f64(value) + if *exclusive { 1.0 } else { 0.0 })
            }
            Check::Maximum { value, exclusive } => {
                hi = Some(as_f64(value) - if *exclusive { 1.0 } else { 0.0 })
            }
            _ => {}
        }
    }
    let v = lo.map(f64::ceil).or(hi.map(f64::floor)).unwrap_or(7.0);
    Some(if float { json!(v) } else { json!(v as i64) })
}

/// The unions the generator warned it cannot tell apart, and those whose every variant a
/// selector decodes instead (`EventPayload`, read through `Event.type`): for them only the
/// round trip is checked, not the variant.
fn warned_unions(resolved: &Resolution) -> BTreeSet<String> {
    let api = &resolved.api;
    let selected: BTreeSet<&TypeRef> = api
        .types
        .iter()
        .filter_map(|t| match &t.kind {
            TypeKind::Selected(u) => Some(u.variants.iter().map(|v| &v.ty)),
            _ => None,
        })
        .flatten()
        .collect();
    let covered = api.types.iter().filter_map(|t| match &t.kind {
        TypeKind::Untagged(u) if u.variants.iter().all(|v| selected.contains(&v.ty)) => {
            Some(t.name.clone())
        }
        _ => None,
    });
    resolved
        .report
        .warnings
        .iter()
        .filter_map(|w| {
            let m = w.message.strip_prefix('`')?;
            let (name, rest) = m.split_once('`')?;
            rest.contains("cannot be told apart")
                .then(|| name.to_owned())
        })
        .chain(covered)
        .collect()
}

/// The Debug name of the outermost variant (`Finished(..)` → `Finished`).
fn variant_of(debug: &str) -> &str {
    debug.split(['(', ' ', '{']).next().unwrap_or_default()
}

#[test]
fn every_type_round_trips_and_every_union_variant_is_chosen() {
    let mut failures = Vec::new();
    let mut checked = 0;
    for (spec, resolved) in specs() {
        let api = &resolved.api;
        let samples = Samples::new(api);
        let warned = warned_unions(&resolved);
        let mut expect = |name: &str, value: Value, variant: Option<(&str, &str)>| {
            let Some(decode) = decoders::decoder(&spec, name) else {
                failures.push(format!("{spec}::{name}: no decoder (rerun the table test)"));
                return;
            };
            checked += 1;
            match decode(value.clone()) {
                Err(e) => failures.push(format!("{spec}::{name}: {e}\n  {value}")),
                Ok((back, debug)) => {
                    if back != value {
                        failures.push(format!(
                            "{spec}::{name}: encodes differently\n  sent {value}\n  back {back}"
                        ));
                    }
                    if let Some((field, v)) = variant {
                        let chosen = match field {
                            "" => variant_of(&debug),
                            f => debug
                                .split_once(&format!("{f}: "))
                                .map_or("", |(_, rest)| variant_of(rest)),
                        };
                        if chosen != v {
                            failures.push(format!(
                                "{spec}::{name}: made for `{v}`, decoded as `{chosen}`\n  {value}"
                            ));
                        }
                    }
                }
            }
        };
        for t in api.types.iter().filter(|t| decodable(t)) {
            let name = t.name.as_str();
            for full in [false, true] {
                let Some(mut value) = samples.named(name, full, 0) else {
                    continue;
                };
                // A key the spec does not list survives where the struct keeps them.
                if let (TypeKind::Struct(s), Value::Object(map), true) = (&t.kind, &mut value, full)
                {
                    if s.unknown.is_some() {
                        map.insert("x_unlisted".into(), json!({"kept": [1, true]}));
                    }
                }
                expect(name, value, None);
            }
            match &t.kind {
                TypeKind::Untagged(u) => {
                    for v in &u.variants {
                        for full in [true, false] {
                            let Some(value) = samples.of(&v.ty, full, 1) else {
                                continue;
                            };
                            // With every optional key a variant is told apart from the
                            // others; with only its required keys it may fit another as
                            // well, and only the round trip is checked.
                            let variant =
                                (full && !warned.contains(name)).then_some(("", v.name.as_str()));
                            expect(name, value, variant);
                        }
                    }
                }
                TypeKind::Tagged(u) => {
                    for v in &u.variants {
                        let Some(mut map) = samples.struct_sample(&v.ty, true, 1) else {
                            continue;
                        };
                        map.insert(u.tag.clone(), json!(v.wire));
                        expect(name, Value::Object(map), Some(("", &v.name)));
                    }
                }
                TypeKind::Struct(s) => {
                    // A selected union: one value per selector value.
                    for f in s.fields.iter().filter(|f| f.flatten) {
                        let Some(TypeKind::Selected(u)) =
                            f.ty.direct_named()
                                .and_then(|n| samples.types.get(n))
                                .map(|t| &t.kind)
                        else {
                            continue;
                        };
                        for v in &u.variants {
                            let Some(Value::Object(mut map)) = samples.named(name, true, 0) else {
                                continue;
                            };
                            let Some(payload) = samples.of(&v.ty, true, 1) else {
                                continue;
                            };
                            map.insert(u.selector.clone(), json!(v.wire));
                            map.insert(u.payload.clone(), payload);
                            expect(name, Value::Object(map), Some((&f.name, &v.name)));
                        }
                    }
                }
                _ => {}
            }
        }
    }
    assert!(
        failures.is_empty(),
        "{} of {checked} values failed:\n{}",
        failures.len(),
        failures.join("\n")
    );
    assert!(checked > 800, "only {checked} values checked");
}

#[test]
fn every_documented_example_decodes_with_nothing_dropped() {
    let repo = support::repo();
    let text = std::fs::read_to_string(repo.join("spec/openapi.yaml")).unwrap();
    let doc: Value = serde_yaml::from_str(&text).unwrap();
    let api = specs().swap_remove(0).1.api;
    let ops: HashMap<&str, _> = api.operations.iter().map(|o| (o.id.as_str(), o)).collect();
    let mut checked = Vec::new();
    for (path, item) in doc["paths"].as_object().unwrap() {
        for (method, op) in item.as_object().unwrap() {
            let Some(id) = op.get("operationId").and_then(Value::as_str) else {
                continue;
            };
            let op_ir = ops[id];
            let mut media: Vec<(String, &Value, Option<&TypeRef>)> = Vec::new();
            if let Some(body) = op.pointer("/requestBody/content") {
                for (m, content) in body.as_object().unwrap() {
                    media.push((
                        format!("{method} {path} request {m}"),
                        content,
                        op_ir.body.as_ref().map(|b| &b.ty),
                    ));
                }
            }
            for (status, response) in op["responses"].as_object().unwrap() {
                for (m, content) in response
                    .get("content")
                    .and_then(Value::as_object)
                    .into_iter()
                    .flatten()
                {
                    let ty = if status.starts_with('2') {
                        op_ir.success.as_ref().map(|s| &s.ty)
                    } else {
                        op_ir
                            .errors
                            .responses
                            .iter()
                            .find(|e| e.status.map(|s| s.to_string()).as_deref() == Some(status))
                            .and_then(|e| e.ty.as_ref())
                    };
                    media.push((format!("{method} {path} {status} {m}"), content, ty));
                }
            }
            for (at, content, ty) in media {
                let examples = content.get("example").into_iter().chain(
                    content
                        .get("examples")
                        .and_then(Value::as_object)
                        .into_iter()
                        .flatten()
                        .filter_map(|(_, e)| e.get("value")),
                );
                for example in examples {
                    let Some(TypeRef::Named(name)) = ty else {
                        panic!("{at}: an example without a named type");
                    };
                    let decode = decoders::decoder("polytomic", name)
                        .unwrap_or_else(|| panic!("{at}: no decoder for {name}"));
                    let (back, _) = decode(example.clone())
                        .unwrap_or_else(|e| panic!("{at}: does not decode as {name}: {e}"));
                    assert_eq!(&back, example, "{at}: {name} dropped or changed something");
                    checked.push(at.clone());
                }
            }
        }
    }
    // The seeds' Create Sync request and response and Get Connection Source response.
    assert_eq!(checked.len(), 3, "{checked:?}");
}

//! Random OpenAPI documents and connector tables, built from a small grammar that mixes
//! valid and invalid constructs (awkward names, dangling `$ref`s, unions, maps, path
//! parameters the template lacks, conditions on unknown fields...). Whatever comes out,
//! the generator must not panic: it either generates code that parses, or returns input
//! diagnostics that name a position. Few cases, so the suite stays fast.

use polytomic_codegen::load::{self, openapi, tables};
use polytomic_codegen::{emit, format, resolve, Error};
use proptest::prelude::*;
use serde_json::{json, Map, Value};
use std::path::Path;

/// Names that stress identifier mapping: keywords, digits, separators, case clashes.
const NAMES: &[&str] = &[
    "User",
    "user",
    "USER",
    "type",
    "Self",
    "self",
    "1st",
    "foo-bar",
    "foo.bar",
    "foo_bar",
    "FooBar",
    "fooBar",
    "a",
    "_",
    "Ünïcode",
    "match",
    "crate",
    "Option",
    "String",
    "Result",
];

fn name() -> impl Strategy<Value = String> {
    prop_oneof![
        9 => proptest::sample::select(NAMES).prop_map(str::to_owned),
        1 => "[a-zA-Z0-9_. -]{1,12}",
    ]
}

fn schema() -> impl Strategy<Value = Value> {
    let leaf = prop_oneof![
        Just(json!({"type": "string"})),
        Just(json!({"type": "string", "format": "uuid"})),
        Just(json!({"type": "string", "format": "date-time"})),
        proptest::collection::vec(name(), 1..4).prop_map(|v| json!({"type": "string", "enum": v})),
        Just(json!({"type": "integer", "format": "int32"})),
        Just(json!({"type": "number"})),
        Just(json!({"type": "boolean", "nullable": true})),
        Just(json!({})),
        name().prop_map(|n| json!({"$ref": format!("#/components/schemas/{n}")})),
    ];
    leaf.prop_recursive(3, 24, 4, |inner| {
        prop_oneof![
            (
                proptest::collection::vec((name(), inner.clone()), 1..4),
                any::<bool>()
            )
                .prop_map(|(props, req)| {
                    let required: Vec<&String> = props.iter().map(|(n, _)| n).take(1).collect();
                    let mut o = json!({"type": "object", "properties": props.iter().cloned().collect::<Map<_, _>>()});
                    if req {
                        o["required"] = json!(required);
                    }
                    o
                }),
            inner.clone().prop_map(|i| json!({"type": "array", "items": i})),
            inner
                .clone()
                .prop_map(|i| json!({"type": "object", "additionalProperties": i})),
            proptest::collection::vec(inner.clone(), 1..3).prop_map(|m| json!({"oneOf": m})),
            proptest::collection::vec(inner.clone(), 1..3).prop_map(|m| json!({"anyOf": m})),
            proptest::collection::vec(inner.clone(), 1..3).prop_map(|m| json!({"allOf": m})),
            (proptest::collection::vec(name(), 1..3), name()).prop_map(|(refs, tag)| json!({
                "oneOf": refs.iter().map(|r| json!({"$ref": format!("#/components/schemas/{r}")})).collect::<Vec<_>>(),
                "discriminator": {"propertyName": tag},
            })),
        ]
    })
}

fn operation() -> impl Strategy<Value = (String, String, Value)> {
    (
        proptest::sample::select(&["/things", "/things/{id}", "/a/{x}/b/{y}", "/"][..]),
        proptest::sample::select(&["get", "post", "put", "delete", "patch"][..]),
        name(),
        proptest::collection::vec(
            (
                name(),
                proptest::sample::select(&["path", "query", "header"][..]),
            ),
            0..3,
        ),
        proptest::option::of(schema()),
        proptest::option::of(schema()),
        proptest::option::of(name()),
    )
        .prop_map(|(path, method, id, params, body, resp, tag)| {
            let mut op = json!({
                "operationId": id,
                "parameters": params.iter().map(|(n, place)| json!({
                    "name": n, "in": place, "required": *place == "path",
                    "schema": {"type": "string"},
                })).collect::<Vec<_>>(),
                "responses": {"200": {"description": "OK"}},
            });
            if let Some(tag) = tag {
                op["tags"] = json!([tag]);
            }
            if let Some(b) = body {
                op["requestBody"] = json!({"content": {"application/json": {"schema": b}}});
            }
            if let Some(r) = resp {
                op["responses"]["200"]["content"] = json!({"application/json": {"schema": r}});
            }
            (path.to_owned(), method.to_owned(), op)
        })
}

fn spec() -> impl Strategy<Value = Value> {
    (
        proptest::collection::vec((name(), schema()), 0..6),
        proptest::collection::vec(operation(), 0..4),
    )
        .prop_map(|(schemas, ops)| {
            let mut paths = Map::new();
            for (path, method, op) in ops {
                let item = paths.entry(path).or_insert_with(|| json!({}));
                item[method] = op;
            }
            json!({
                "openapi": "3.0.3",
                "info": {"title": "Random", "version": "1"},
                "paths": paths,
                "components": {"schemas": schemas.into_iter().collect::<Map<_, _>>()},
            })
        })
}

/// The outcome must be code or located input diagnostics; anything else fails.
fn check_outcome<T>(what: &str, result: Result<T, Error>) {
    match result {
        Ok(_) => {}
        Err(Error::Input(diags)) => {
            assert!(!diags.is_empty(), "{what}: input error without diagnostics");
            for d in &diags {
                assert!(d.location.is_some(), "{what}: unlocated diagnostic `{d}`");
            }
        }
        Err(e) => panic!("{what}: {e}"),
    }
}

fn generate(text: String) -> Result<Vec<format::File>, Error> {
    // On a thread with the main thread's stack size (8 MiB), where the CLI and build
    // scripts run: in debug builds the quote-heavy emitters have large frames, and the
    // 2 MiB of a test thread is not what generation gets anywhere else.
    let run = move || {
        let spec = openapi::parse(Path::new("random.yaml"), text)?;
        let api = resolve::resolve(&load::Inputs::spec_only(spec), &Default::default())?.api;
        format::tree(
            &emit::emit(&api, &emit::Options::new("polytomic")),
            format::HEADER,
        )
    };
    std::thread::Builder::new()
        .stack_size(8 << 20)
        .spawn(run)
        .expect("spawn a generation thread")
        .join()
        .unwrap_or_else(|panic| std::panic::resume_unwind(panic))
}

fn config() -> ProptestConfig {
    ProptestConfig {
        cases: 128,
        failure_persistence: None,
        ..ProptestConfig::default()
    }
}

proptest! {
    #![proptest_config(config())]

    #[test]
    fn random_specs_generate_or_diagnose(doc in spec(), as_json in any::<bool>()) {
        let text = if as_json {
            serde_json::to_string_pretty(&doc).unwrap()
        } else {
            serde_yaml::to_string(&doc).unwrap()
        };
        check_outcome(&text, generate(text.clone()));
    }

    #[test]
    fn random_tables_load_resolve_and_generate_or_diagnose(table in table()) {
        let text = serde_yaml::to_string(&table).unwrap();
        let result = tables::parse(Path::new("demo.yaml"), text.clone()).and_then(|t| {
            let spec = openapi::parse(Path::new("spec.yaml"), SPEC.to_owned())?;
            let inputs = load::Inputs { tables: vec![t], ..load::Inputs::spec_only(spec) };
            let api = resolve::resolve(&inputs, &Default::default())?.api;
            format::tree(&emit::emit(&api, &emit::Options::new("polytomic")), format::HEADER)
        });
        check_outcome(&text, result);
    }
}

const SPEC: &str = "openapi: 3.0.3\ninfo: {title: T, version: '1'}\npaths: {}\n";

const FIELD_NAMES: &[&str] = &[
    "auth_mode",
    "region",
    "enabled",
    "formats",
    "type",
    "1x",
    "a-b",
];

fn field() -> impl Strategy<Value = Value> {
    (
        proptest::sample::select(FIELD_NAMES),
        proptest::sample::select(
            &[
                "string",
                "integer",
                "boolean",
                "number",
                "object",
                "array of string",
                "strng",
            ][..],
        ),
        any::<bool>(),
        any::<bool>(),
        proptest::option::of(proptest::collection::vec(
            proptest::sample::select(&["x", "y", "iam_role", "csv", "true"][..]),
            1..3,
        )),
    )
        .prop_map(|(name, ty, required, sensitive, values)| {
            let mut f =
                json!({"name": name, "type": ty, "required": required, "sensitive": sensitive});
            if let Some(v) = values {
                f["values"] = json!(v);
            }
            f
        })
}

fn condition() -> impl Strategy<Value = String> {
    let atom = (
        proptest::sample::select(FIELD_NAMES),
        proptest::sample::select(&["is", "contains"][..]),
        proptest::sample::select(&["x", "y", "true", "false", "csv", "nope"][..]),
    )
        .prop_map(|(f, op, v)| format!("{f} {op} {v}"));
    (
        proptest::collection::vec(atom, 1..4),
        proptest::collection::vec(proptest::sample::select(&["AND", "OR"][..]), 3),
    )
        .prop_map(|(atoms, joins)| {
            let mut out = String::new();
            for (i, a) in atoms.iter().enumerate() {
                if i > 0 {
                    out.push_str(&format!(" {} ", joins[i - 1]));
                }
                out.push_str(a);
            }
            out
        })
}

fn table() -> impl Strategy<Value = Value> {
    (
        proptest::collection::vec(field(), 0..4),
        proptest::collection::vec(
            (condition(), proptest::collection::vec(field(), 1..3)),
            0..3,
        ),
        proptest::sample::select(&["connection", "model", "target", "bulk_source"][..]),
    )
        .prop_map(|(fields, when, area)| {
            let when: Map<String, Value> = when.into_iter().map(|(c, f)| (c, json!(f))).collect();
            json!({"connector": "demo", area: {"fields": fields, "when": when}})
        })
}

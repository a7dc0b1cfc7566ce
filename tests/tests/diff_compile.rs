//! The Rust classification of `diff` is honest: for a sample of rules, code written
//! against the SDK generated from the old spec compiles against the one generated from
//! the new spec exactly when the report says so.
//!
//! Each case is a tiny spec pair and two pieces of user code: ordinary code (`new()`,
//! setters, field access, matches with a `_` arm), which must compile against the new
//! output exactly when no change is `breaking` in Rust; and, where given, exhaustive code
//! (struct literals, matches without `_`), which must compile exactly when no change is
//! `breaking` or `exhaustive`. Both must compile against the old output. All cases are
//! checked in one cargo invocation (metadata only for the scratch crate), with the target
//! directory and settings of the build-script test, so the dependencies built there are
//! reused.

use polytomic_codegen::diff::{self, Class, Side};
use polytomic_codegen::Builder;
use std::collections::BTreeSet;
use std::path::Path;
use std::process::Command;

const BASE: &str = r#"openapi: 3.0.3
info: { title: Shop, version: '1' }
paths:
  /items:
    get:
      operationId: itemsList
      tags: [Items]
      parameters: [PARAMS]
      responses:
        '200': { description: ok, content: { application/json: { schema: { $ref: '#/components/schemas/Item' } } } }
    post:
      operationId: itemsCreate
      tags: [Items]
      requestBody: { required: true, content: { application/json: { schema: { $ref: '#/components/schemas/NewItem' } } } }
      responses: { '204': { description: none } }
components:
  schemas:
    Item: { type: object, properties: { name: { type: string }, color: { $ref: '#/components/schemas/Color' } ITEM } }
    NewItem: { type: object, required: [name], properties: { name: { type: string } NEWITEM } }
    Color: { type: string, enum: [red, green COLOR] }
"#;

/// A spec from [`BASE`] with its placeholders filled (`PARAMS`, `ITEM`, `NEWITEM`,
/// `COLOR`; unnamed ones empty) and `/items` moved when `path` is given.
fn spec(fill: &[(&str, &str)], path: Option<&str>) -> String {
    let mut s = BASE.to_owned();
    for key in ["PARAMS", "NEWITEM", "ITEM", "COLOR"] {
        let value = fill.iter().find(|(k, _)| *k == key).map_or("", |(_, v)| v);
        s = s.replace(key, value);
    }
    if let Some(p) = path {
        s = s.replace("  /items:", &format!("  {p}:"));
    }
    s
}

struct Case {
    name: &'static str,
    old: String,
    new: String,
    /// The rule the pair must trigger.
    rule: &'static str,
    ordinary: &'static str,
    exhaustive: Option<&'static str>,
}

fn cases() -> Vec<Case> {
    let list = "pub async fn f(c: &sdk::Client) { let _ = c.items().list().await; }";
    vec![
        Case {
            name: "param_added_optional",
            old: spec(&[], None),
            new: spec(&[("PARAMS", "{ name: limit, in: query, schema: { type: integer } }")], None),
            rule: "param-added-optional",
            ordinary: list,
            exhaustive: None,
        },
        Case {
            name: "param_added_required",
            old: spec(&[], None),
            new: spec(
                &[("PARAMS", "{ name: store, in: query, required: true, schema: { type: string } }")],
                None,
            ),
            rule: "param-added-required",
            ordinary: list,
            exhaustive: None,
        },
        Case {
            name: "operation_path_changed",
            old: spec(&[], None),
            new: spec(&[], Some("/v2/items")),
            rule: "operation-path-changed",
            ordinary: list,
            exhaustive: None,
        },
        Case {
            name: "field_added_optional",
            old: spec(&[], None),
            new: spec(&[("NEWITEM", ", note: { type: string }")], None),
            rule: "field-added-optional",
            ordinary: "pub fn f() -> sdk::models::NewItem { let mut b = sdk::models::NewItem::new(\"x\"); b.name = \"y\".into(); b }",
            exhaustive: Some("pub fn g() -> super::sdk::models::NewItem { super::sdk::models::NewItem { name: \"x\".into() } }"),
        },
        Case {
            name: "field_removed",
            old: spec(&[("ITEM", ", size: { type: integer }")], None),
            new: spec(&[], None),
            rule: "field-removed",
            ordinary: "pub fn f(i: &sdk::models::Item) -> Option<i64> { i.size }",
            exhaustive: None,
        },
        Case {
            name: "field_retyped",
            old: spec(&[], None),
            new: spec(&[], None).replace("Item: { type: object, properties: { name: { type: string }", "Item: { type: object, properties: { name: { type: integer }"),
            rule: "field-retyped",
            ordinary: "pub fn f(i: &sdk::models::Item) -> Option<String> { i.name.clone() }",
            exhaustive: None,
        },
        Case {
            name: "enum_value_added",
            old: spec(&[], None),
            new: spec(&[("COLOR", ", blue")], None),
            rule: "enum-value-added",
            ordinary: "pub fn f(c: &sdk::models::Color) -> u8 { match c { sdk::models::Color::Red => 1, _ => 0 } }",
            exhaustive: Some(
                "use super::sdk::models::Color;\npub fn g(c: &Color) -> u8 { match c { Color::Red => 1, Color::Green => 2, Color::Unknown(_) => 0 } }",
            ),
        },
        Case {
            name: "enum_value_respelled",
            old: spec(&[], None),
            new: spec(&[], None).replace("enum: [red, green", "enum: [red, GREEN"),
            rule: "enum-value-respelled",
            ordinary: "pub fn f() -> sdk::models::Color { sdk::models::Color::Green }",
            exhaustive: None,
        },
    ]
}

#[test]
fn code_against_the_old_sdk_compiles_against_the_new_exactly_as_reported() {
    let workspace = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("..")
        .canonicalize()
        .unwrap();
    let dir = tempfile::tempdir().unwrap();
    let src = dir.path().join("src");
    std::fs::create_dir_all(&src).unwrap();

    // What the report says of each case: (ordinary code compiles, exhaustive code compiles).
    let mut expected = Vec::new();
    let mut lib = String::from("#![allow(dead_code, unused, clippy::all)]\n");
    for case in cases() {
        let mut sides = Vec::new();
        for (side, text) in [("old", &case.old), ("new", &case.new)] {
            let spec = dir.path().join(format!("{}_{side}.yaml", case.name));
            std::fs::write(&spec, text).unwrap();
            let module = format!("{}_{side}", case.name);
            let mut b = Builder::new();
            b.spec(&spec)
                .connectors(dir.path().join("no-tables"))
                .out_dir(&src)
                .module_name(format!("{module}_sdk"))
                .emit_cargo_metadata(false);
            b.generate().unwrap_or_else(|e| panic!("{module}: {e}"));
            std::fs::write(
                src.join(format!("{module}.rs")),
                format!(
                    "pub(crate) mod sdk {{ include!(\"{module}_sdk.rs\"); }}\n{}\n",
                    case.ordinary
                ),
            )
            .unwrap();
            lib.push_str(&format!("mod {module};\n"));
            if let Some(code) = case.exhaustive {
                std::fs::write(
                    src.join(format!("{module}_exhaustive.rs")),
                    format!("{code}\n"),
                )
                .unwrap();
                lib.push_str(&format!(
                    "#[path = \"{module}_exhaustive.rs\"] mod {module}_exhaustive_user;\n"
                ));
                // Reach the SDK through the ordinary module's `sdk`.
                let path = src.join(format!("{module}_exhaustive.rs"));
                let text = std::fs::read_to_string(&path).unwrap();
                std::fs::write(
                    &path,
                    text.replace("super::sdk", &format!("crate::{module}::sdk")),
                )
                .unwrap();
            }
            let mut b = Builder::new();
            b.spec(&spec).connectors(dir.path().join("no-tables"));
            sides.push(Side::load(&b).unwrap());
        }
        let report = diff::diff(&sides[0], &sides[1]);
        assert!(
            report.changes.iter().any(|c| c.rule.id == case.rule),
            "{}: expected {}:\n{}",
            case.name,
            case.rule,
            report.text()
        );
        let worst = report
            .changes
            .iter()
            .map(|c| c.rule.rust)
            .max()
            .unwrap_or(Class::Compatible);
        // Only `breaking` stops ordinary code; `exhaustive` stops exhaustive code too.
        expected.push((
            case.name,
            worst != Class::Breaking,
            worst < Class::Exhaustive,
            case.exhaustive.is_some(),
        ));
    }
    std::fs::write(src.join("lib.rs"), lib).unwrap();

    let manifest =
        std::fs::read_to_string(workspace.join("examples/downstream/Cargo.toml")).unwrap();
    let deps: String = manifest
        .lines()
        .skip_while(|l| l.trim() != "[dependencies]")
        .take_while(|l| !l.starts_with("[build-dependencies]"))
        .map(|l| format!("{l}\n"))
        .collect();
    std::fs::write(
        dir.path().join("Cargo.toml"),
        format!(
            "[package]\nname = \"diff-compile-check\"\nversion = \"0.0.0\"\nedition = \"2021\"\npublish = false\n\n{deps}\n[workspace]\n"
        ),
    )
    .unwrap();
    std::fs::copy(workspace.join("Cargo.lock"), dir.path().join("Cargo.lock")).unwrap();

    let output = Command::new(std::env::var("CARGO").unwrap_or_else(|_| "cargo".into()))
        .current_dir(dir.path())
        .args([
            "rustc",
            "--offline",
            "--lib",
            "--message-format=json",
            "--",
            "--emit=metadata",
        ])
        .env(
            "CARGO_TARGET_DIR",
            workspace.join("target/build-script-test"),
        )
        .env("CARGO_PROFILE_DEV_DEBUG", "false")
        .env_remove("RUSTFLAGS")
        .env_remove("CARGO_ENCODED_RUSTFLAGS")
        .output()
        .unwrap();
    let stdout = String::from_utf8_lossy(&output.stdout);
    let mut failed: BTreeSet<String> = BTreeSet::new();
    let mut rendered = String::new();
    for m in stdout
        .lines()
        .filter_map(|l| serde_json::from_str::<serde_json::Value>(l).ok())
    {
        if m["reason"] != "compiler-message" || m["message"]["level"] != "error" {
            continue;
        }
        rendered.push_str(m["message"]["rendered"].as_str().unwrap_or(""));
        for span in m["message"]["spans"].as_array().into_iter().flatten() {
            if let Some(file) = span["file_name"].as_str() {
                let stem = Path::new(file)
                    .file_stem()
                    .unwrap()
                    .to_string_lossy()
                    .into_owned();
                failed.insert(stem);
            }
        }
    }
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        failed.is_empty() == output.status.success(),
        "cargo failed without a located error:\n{stderr}\n{rendered}"
    );

    let mut wrong = Vec::new();
    for (name, ordinary, exhaustive, has_exhaustive) in expected {
        for must_compile in [format!("{name}_old"), format!("{name}_old_exhaustive")] {
            if failed.contains(&must_compile) {
                wrong.push(format!(
                    "{must_compile}: user code does not compile against the old SDK"
                ));
            }
        }
        let compiled = !failed.contains(&format!("{name}_new"));
        if compiled != ordinary {
            wrong.push(format!(
                "{name}: ordinary code compiles: {compiled}, report says {ordinary}"
            ));
        }
        if has_exhaustive {
            let compiled = !failed.contains(&format!("{name}_new_exhaustive"));
            if compiled != exhaustive {
                wrong.push(format!(
                    "{name}: exhaustive code compiles: {compiled}, report says {exhaustive}"
                ));
            }
        }
        assert!(
            !failed.iter().any(|f| f.ends_with("_sdk")),
            "generated code failed:\n{rendered}"
        );
    }
    assert!(wrong.is_empty(), "{}\n{rendered}", wrong.join("\n"));
}

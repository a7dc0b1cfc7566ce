//! The committed outputs of the fixture specs, one pipeline for both kinds of fixture:
//!
//! - one small OpenAPI document per generator feature, `tests/fixtures/openapi/<name>.yaml`:
//!   its single-file output (the runtime declared, not copied) is
//!   `tests/fixtures/generated/<name>.rs`;
//! - one connector table per kind of condition, `tests/fixtures/connectors/<kind>/` (with
//!   `tests/fixtures/connectors/openapi.yaml`): its `connectors` module is
//!   `tests/fixtures/connectors/generated/<kind>.rs`.
//!
//! Every behaviour of the generator shows up in those files as a reviewable diff, and each
//! is compiled as a module of the `fixture-outputs` crate (`tests/fixture-outputs/`), so what
//! is reviewed is proven to be valid, warning-free Rust. This test lives here, in a crate that
//! does not depend on `fixture-outputs`: when a generator change makes the committed outputs
//! stop compiling, it still builds, and rewrites them.

use polytomic_codegen::{emit, format, load, resolve, Builder};
use std::path::{Path, PathBuf};

// The helper every committed generated file is checked with (polytomic-tests uses it too).
#[path = "../../tests/tests/support/files.rs"]
mod files;

/// The command that rewrites stale outputs: this test.
const REFRESH: &str = "cargo test -p polytomic-codegen --test fixture_outputs";

fn repo() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .unwrap()
        .to_path_buf()
}

fn fixtures_dir() -> PathBuf {
    repo().join("tests/fixtures")
}

/// Where each OpenAPI fixture's output finds the runtime every generated crate carries;
/// `rustfmt` leaves the output as generated (it is a module of a crate of the workspace).
const RUNTIME: &str = "#![cfg_attr(rustfmt, rustfmt::skip)]

/// The runtime every generated crate carries: the generator's copy, compiled with this
/// fixture's `spec`.
#[path = \"../../../generator/runtime/runtime.rs\"]
pub mod runtime;
";

/// Where each connector fixture's output finds the connectors runtime: it is hand-written
/// and the same for every fixture, so `fixture-outputs` compiles it once
/// (`connectors::runtime`) instead of once per fixture.
const CONNECTORS_RUNTIME: &str = "#![cfg_attr(rustfmt, rustfmt::skip)]

// The hand-written connectors runtime, compiled once for every connector fixture.
use super::runtime as connectors_runtime;
";

/// The two kinds of fixture; everything else (comparing, rewriting, checking that the
/// output is compiled) is the same for both.
#[derive(Debug, Clone, Copy)]
enum Kind {
    OpenApi,
    Connectors,
}

impl Kind {
    const ALL: [Kind; 2] = [Kind::OpenApi, Kind::Connectors];

    /// The fixtures of this kind, from the file system (not a list).
    fn names(self) -> Vec<String> {
        match self {
            Kind::OpenApi => files::entries(&fixtures_dir().join("openapi"), Some("yaml")),
            // One directory of tables per kind of condition, beside `generated/`,
            // `invalid/` and `ui/`.
            Kind::Connectors => files::entries(&fixtures_dir().join("connectors"), None)
                .into_iter()
                .filter(|k| !matches!(k.as_str(), "generated" | "invalid" | "ui"))
                .collect(),
        }
    }

    /// The committed outputs' folder, under `tests/`.
    fn outputs(self) -> &'static str {
        match self {
            Kind::OpenApi => "fixtures/generated",
            Kind::Connectors => "fixtures/connectors/generated",
        }
    }

    /// The module file of `fixture-outputs` that declares this kind's outputs, under `tests/`.
    fn declared_in(self) -> &'static str {
        match self {
            Kind::OpenApi => "fixture-outputs/openapi.rs",
            Kind::Connectors => "fixture-outputs/connectors.rs",
        }
    }

    /// What fixture `name` generates: the content of its committed output.
    fn generate(self, name: &str) -> String {
        match self {
            Kind::OpenApi => {
                // The runtime is the generator's own copy, declared at the top: each fixture
                // compiles it with its own `spec` (schemes, version header, variables).
                let mut emitted = openapi_emitted(name);
                emitted.modules.retain(|m| m.name != "runtime");
                format::single_file(&emitted, &format!("{}{RUNTIME}", format::HEADER))
                    .unwrap_or_else(|e| panic!("{name}: {e}"))
            }
            Kind::Connectors => {
                let file = format::format_tokens("fixture", connectors_module(name))
                    .unwrap_or_else(|e| panic!("{name}: {e}"));
                format!("{}{CONNECTORS_RUNTIME}\n{file}", format::HEADER)
            }
        }
    }
}

fn openapi_emitted(name: &str) -> emit::Emitted {
    let path = fixtures_dir().join("openapi").join(format!("{name}.yaml"));
    let spec = load::openapi::load(&path).unwrap_or_else(|e| panic!("{name}: {e}"));
    let api = resolve::resolve(&load::Inputs::spec_only(spec), &Default::default())
        .unwrap_or_else(|e| panic!("{name}: {e}"))
        .api;
    // As the CLI does: doc examples name the crate after the spec's title.
    emit::emit(
        &api,
        &emit::Options::new(polytomic_codegen::names::crate_name(&api.title)),
    )
}

/// The generated `connectors` module of connector fixture `kind` (its runtime is compiled
/// once for all of them).
fn connectors_module(kind: &str) -> proc_macro2::TokenStream {
    let dir = fixtures_dir().join("connectors");
    let mut config = Builder::new();
    config
        .spec(dir.join("openapi.yaml"))
        .connectors(dir.join(kind));
    let api = config
        .resolve()
        .unwrap_or_else(|e| panic!("{kind}: {e}"))
        .api;
    let emitted = emit::emit(&api, &emit::Options::new("fixture"));
    let module = |name: &str| {
        emitted
            .modules
            .iter()
            .find(|m| m.name == name)
            .unwrap_or_else(|| panic!("{kind}: no `{name}` module"))
    };
    let connectors = format::module_tokens(module("connectors")).unwrap();
    // The connectors runtime is hand-written and the same for every fixture: it is not
    // part of the output (see CONNECTORS_RUNTIME).
    assert!(emitted
        .modules
        .iter()
        .any(|m| m.name == "connectors_runtime"));
    quote::quote! {
        pub mod connectors { #connectors }
    }
}

/// One fixture: its kind and name.
struct Fixture {
    kind: Kind,
    name: String,
}

impl Fixture {
    fn all() -> Vec<Fixture> {
        Kind::ALL
            .into_iter()
            .flat_map(|kind| {
                kind.names()
                    .into_iter()
                    .map(move |name| Fixture { kind, name })
            })
            .collect()
    }

    /// Its committed output, under `tests/`.
    fn output(&self) -> String {
        format!("{}/{}.rs", self.kind.outputs(), self.name)
    }

    /// How `fixture-outputs` declares it (its module files are in `tests/fixture-outputs/`).
    fn declaration(&self) -> String {
        format!("#[path = \"../{}\"]\npub mod {};", self.output(), self.name)
    }
}

/// Each fixture's committed output is what it generates, and is compiled by
/// `fixture-outputs`. A difference is printed as a diff, written and fails the test, so one
/// rerun (and a review of the diff) fixes it; `cargo test -p fixture-outputs` then says
/// whether the new outputs compile.
#[test]
fn outputs_are_current_and_compiled() {
    let tests = repo().join("tests");
    let mut files = Vec::new();
    let mut undeclared = Vec::new();
    for fixture in Fixture::all() {
        let declared_in = fixture.kind.declared_in();
        let declarations = std::fs::read_to_string(tests.join(declared_in))
            .unwrap_or_else(|e| panic!("tests/{declared_in}: {e}"));
        let declaration = fixture.declaration();
        if !declarations.contains(&declaration) {
            undeclared.push(format!("tests/{declared_in}: {declaration}"));
        }
        files.push((
            tests.join(fixture.output()),
            fixture.kind.generate(&fixture.name),
        ));
    }
    // Outputs whose fixture is gone would stay committed (and compiled) unnoticed.
    let mut orphans = Vec::new();
    for kind in Kind::ALL {
        let names = kind.names();
        for output in files::entries(&tests.join(kind.outputs()), Some("rs")) {
            if !names.contains(&output) {
                orphans.push(format!("tests/{}/{output}.rs", kind.outputs()));
            }
        }
    }
    if !undeclared.is_empty() {
        eprintln!("fixture outputs fixture-outputs does not compile:\n{undeclared:#?}");
    }
    files::ensure_file_contents(&files, REFRESH);
    assert!(
        undeclared.is_empty(),
        "fixture-outputs must compile every fixture's output; add:\n{}",
        undeclared.join("\n")
    );
    assert!(
        orphans.is_empty(),
        "outputs without a fixture (delete them, and their module in tests/fixture-outputs/): {orphans:?}"
    );
}

#[test]
fn output_is_deterministic() {
    for fixture in Fixture::all() {
        let a = fixture.kind.generate(&fixture.name);
        let b = fixture.kind.generate(&fixture.name);
        assert_eq!(a, b, "{}: two runs differ", fixture.output());
    }
}

/// The runtime files a generated crate gets: OAuth2, pagination, waiters, server-sent
/// events and multipart bodies only where the spec has them.
#[test]
fn runtime_parts_follow_what_the_spec_uses() {
    let runtime_files = |spec: PathBuf| -> Vec<String> {
        let mut b = polytomic_codegen::Builder::new();
        b.spec(spec)
            .connectors(fixtures_dir().join("openapi/no-connectors"));
        let files = b.tree().unwrap().0;
        files
            .into_iter()
            .map(|f| f.path)
            .filter(|p| p.starts_with("runtime/"))
            .collect()
    };
    let plain = runtime_files(fixtures_dir().join("openapi/params.yaml"));
    assert!(plain.contains(&"runtime/send.rs".to_owned()), "{plain:?}");
    assert!(!plain.iter().any(|p| p.contains("pagination")
        || p.contains("waiters")
        || p.contains("oauth2")
        || p.contains("multipart")
        || p.contains("sse")));
    assert!(plain.contains(&"runtime/auth.rs".to_owned()), "{plain:?}");
    let forms = runtime_files(fixtures_dir().join("openapi/bodies.yaml"));
    assert!(
        forms.contains(&"runtime/multipart.rs".to_owned()),
        "{forms:?}"
    );
    let oauth = runtime_files(fixtures_dir().join("openapi/auth_schemes.yaml"));
    assert!(oauth.contains(&"runtime/oauth2.rs".to_owned()), "{oauth:?}");
    let streams = runtime_files(fixtures_dir().join("openapi/sse.yaml"));
    assert!(
        streams.contains(&"runtime/sse.rs".to_owned()),
        "{streams:?}"
    );
    let paged = runtime_files(fixtures_dir().join("openapi/pagination.yaml"));
    assert!(
        paged.contains(&"runtime/pagination.rs".to_owned()),
        "{paged:?}"
    );
    assert!(!paged.contains(&"runtime/waiters.rs".to_owned()));
    let repo = repo();
    let mut b = polytomic_codegen::Builder::new();
    b.spec(repo.join("spec/openapi.yaml"))
        .connectors(repo.join("spec/connectors"));
    let all: Vec<String> = b.tree().unwrap().0.into_iter().map(|f| f.path).collect();
    for part in ["runtime/pagination.rs", "runtime/waiters.rs"] {
        assert!(all.contains(&part.to_owned()), "{part}");
    }
    // The Polytomic API streams no events and sends no forms.
    assert!(!all.contains(&"runtime/sse.rs".to_owned()));
    assert!(!all.contains(&"runtime/multipart.rs".to_owned()));
}

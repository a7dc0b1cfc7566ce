//! One small OpenAPI fixture per generator feature (tests/fixtures/openapi/*.yaml), with
//! one snapshot each: its single-file output (the runtime declared, not copied), committed
//! under tests/fixtures/generated/. Every behaviour of the generator shows up there as a
//! reviewable diff, and the same file is compiled as part of this crate (see lib.rs), so
//! what is reviewed is proven to be valid, warning-free Rust.

use polytomic_codegen::{emit, format, load, resolve};
use std::path::{Path, PathBuf};

fn fixtures_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures")
}

mod support;

fn fixture_names() -> Vec<String> {
    support::entries(&fixtures_dir().join("openapi"), Some("yaml"))
}

/// Where each fixture's output finds the runtime every generated crate carries; `rustfmt`
/// leaves the output as generated (it is a module of the test crate now).
const RUNTIME: &str = "#![cfg_attr(rustfmt, rustfmt::skip)]

/// The runtime every generated crate carries: the generator's copy, compiled with this
/// fixture's `spec`.
#[path = \"../../../generator/runtime/runtime.rs\"]
pub mod runtime;
";

fn emitted(name: &str) -> emit::Emitted {
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

/// Each fixture's snapshot is what it generates; a difference is printed, written and
/// fails the test, so one rerun (and a review of the diff) fixes it.
#[test]
fn snapshots_are_current() {
    let lib =
        std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("lib.rs")).unwrap();
    let mut files = Vec::new();
    for name in fixture_names() {
        // The runtime is the generator's own copy, declared at the top: each fixture
        // compiles it with its own `spec` (schemes, version header, variables).
        let mut emitted = emitted(&name);
        emitted.modules.retain(|m| m.name != "runtime");
        let content =
            format::single_file(&emitted, &format!("{}{RUNTIME}", format::HEADER)).unwrap();
        files.push((
            fixtures_dir().join("generated").join(format!("{name}.rs")),
            content,
        ));
        let module = format!("#[path = \"generated/{name}.rs\"]\n    pub mod {name};");
        assert!(
            lib.contains(&module),
            "tests/lib.rs must compile fixture `{name}`: add `{module}` to `fixtures`"
        );
    }
    support::ensure_file_contents(&files, "scripts/refresh-fixtures.sh");
}

#[test]
fn output_is_deterministic() {
    for name in fixture_names() {
        let a = format::single_file(&emitted(&name), format::HEADER).unwrap();
        let b = format::single_file(&emitted(&name), format::HEADER).unwrap();
        assert_eq!(a, b, "{name}: two runs differ");
    }
}

/// The runtime files a generated crate gets: OAuth2, pagination, waiters and server-sent
/// events only where the spec has them.
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
        || p.contains("sse")));
    assert!(plain.contains(&"runtime/auth.rs".to_owned()), "{plain:?}");
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
    let repo = Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
    let mut b = polytomic_codegen::Builder::new();
    b.spec(repo.join("spec/openapi.yaml"))
        .connectors(repo.join("spec/connectors"));
    let all: Vec<String> = b.tree().unwrap().0.into_iter().map(|f| f.path).collect();
    for part in ["runtime/pagination.rs", "runtime/waiters.rs"] {
        assert!(all.contains(&part.to_owned()), "{part}");
    }
    // The Polytomic API streams no events.
    assert!(!all.contains(&"runtime/sse.rs".to_owned()));
}

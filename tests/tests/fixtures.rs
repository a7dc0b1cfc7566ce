//! One small OpenAPI fixture per generator feature (tests/fixtures/openapi/*.yaml), with
//! one snapshot each: its single-file output (all but the shared runtime), committed
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

fn emitted(name: &str) -> emit::Emitted {
    let path = fixtures_dir().join("openapi").join(format!("{name}.yaml"));
    let spec = load::openapi::load(&path).unwrap_or_else(|e| panic!("{name}: {e}"));
    let api = resolve::resolve(&load::Inputs::spec_only(spec), &Default::default())
        .unwrap_or_else(|e| panic!("{name}: {e}"));
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
        // The runtime is compiled once in lib.rs and re-exported into each fixture module.
        let mut emitted = emitted(&name);
        emitted.modules.retain(|m| m.name != "runtime");
        let content = format::single_file(&emitted, format::HEADER).unwrap();
        files.push((
            fixtures_dir().join("generated").join(format!("{name}.rs")),
            content,
        ));
        let include =
            format!("pub use crate::runtime;\n        include!(\"fixtures/generated/{name}.rs\")");
        assert!(
            lib.contains(&include),
            "tests/lib.rs must compile fixture `{name}`: add `pub mod {name} {{ {include}; }}` to `fixtures`"
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

/// The runtime files a generated crate gets: pagination, waiters and server-sent events
/// only where the spec has them.
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
    assert!(!plain
        .iter()
        .any(|p| p.contains("pagination") || p.contains("waiters") || p.contains("sse")));
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

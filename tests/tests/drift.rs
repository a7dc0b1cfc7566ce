//! `generated/` must always be exactly what the generator makes from `spec/`.

use std::path::Path;

#[test]
fn generated_crate_matches_spec() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
    let mut config = polytomic_codegen::Config::new();
    config
        .spec(root.join("spec/openapi.yaml"))
        .connectors(root.join("spec/connectors"));
    let stale = config
        .check(&root.join("generated/src"))
        .unwrap_or_else(|e| panic!("spec/ does not generate: {e}"));
    assert!(
        stale.is_empty(),
        "generated/ is stale; run `cargo run -p polytomic-codegen -- generate` and commit: {stale:?}"
    );
}

/// docs/connectors.md is the coverage report made from spec/connectors; a stale one is
/// rewritten and the test fails, so one rerun (and a review of the diff) fixes it.
#[test]
fn connector_coverage_report_is_current() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
    let mut config = polytomic_codegen::Config::new();
    config.connectors(root.join("spec/connectors"));
    let files = config.connector_files().unwrap();
    let tables = polytomic_codegen::load::tables::load_all(&files).unwrap();
    let report = polytomic_codegen::coverage::report(&tables);
    let path = root.join("docs/connectors.md");
    if std::fs::read_to_string(&path).ok().as_deref() != Some(report.as_str()) {
        std::fs::write(&path, &report).unwrap();
        panic!("docs/connectors.md was stale and has been rewritten (or run `cargo run -p polytomic-codegen -- coverage`); review and commit it");
    }
    // The report says what the tables hold, not a fixed text.
    assert!(report.contains(&format!("- {} connector tables", tables.len())));
    assert!(report.contains("| S3 | `s3` |"));
}

//! `generated/` must always be exactly what the generator makes from `spec/`; like every
//! committed generated file, a stale one is printed as a diff and rewritten, and the test
//! fails.

use std::path::Path;

mod support;

#[test]
fn generated_crate_matches_spec() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
    let mut config = polytomic_codegen::Builder::new();
    config
        .spec(root.join("spec/openapi.yaml"))
        .connectors(root.join("spec/connectors"));
    let (files, _) = config
        .tree()
        .unwrap_or_else(|e| panic!("spec/ does not generate: {e}"));
    let out = root.join("generated/src");
    let leftovers = polytomic_codegen::write::leftovers(&out, &files);
    let expected: Vec<_> = files
        .into_iter()
        .map(|f| (out.join(&f.path), f.content))
        .collect();
    support::ensure_file_contents(&expected, "cargo run -p polytomic-codegen -- generate");
    assert!(
        leftovers.is_empty(),
        "generated files that spec/ no longer generates (run `cargo run -p polytomic-codegen -- generate`): {leftovers:?}"
    );
}

/// docs/connectors.md is the coverage report made from spec/connectors; a stale one is
/// rewritten and the test fails, so one rerun (and a review of the diff) fixes it.
#[test]
fn connector_coverage_report_is_current() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
    let files =
        polytomic_codegen::load::connector_files(&root.join("spec/connectors"), None).unwrap();
    let tables = polytomic_codegen::load::tables::load_all(&files).unwrap();
    let report = polytomic_codegen::coverage::report(&tables);
    support::ensure_file_contents(
        &[(root.join("docs/connectors.md"), report.clone())],
        "cargo run -p polytomic-codegen -- coverage",
    );
    // The README says the same, in one sentence made from the same counts.
    let readme = std::fs::read_to_string(root.join("README.md")).unwrap();
    let sentence = polytomic_codegen::coverage::summary(&tables).sentence();
    assert!(
        readme
            .split_whitespace()
            .collect::<Vec<_>>()
            .join(" ")
            .contains(&sentence),
        "README.md's connector coverage is stale; it should say: {sentence}"
    );
    // The report says what the tables hold, not a fixed text.
    assert!(report.contains(&format!("- {} connector tables", tables.len())));
    assert!(report.contains("| S3 | `s3` |"));
}

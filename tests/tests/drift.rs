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

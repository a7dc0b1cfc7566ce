//! Generates the Polytomic SDK from `spec/` into `$OUT_DIR/polytomic.rs`. Cargo reruns this
//! only when `spec/openapi.yaml` or a table in `spec/connectors/` changes.

fn main() {
    let result = polytomic_codegen::Builder::new()
        .spec("spec/openapi.yaml")
        .connectors("spec/connectors")
        .generate();
    if let Err(e) = result {
        // The builder has already printed each line as a `cargo:warning`; this goes to the
        // build script's stderr, which cargo shows in full when the build fails.
        eprintln!("{e}");
        std::process::exit(1);
    }
}

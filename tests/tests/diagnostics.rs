//! The bad-input corpus (tests/fixtures/bad/): every file must be refused with
//! diagnostics, never a panic and never generated code. Each file's diagnostics are
//! snapshot-tested in their plain one-line form (`file:line:column: message`), so a
//! change in what a user is told shows up in review; structural checks below make sure
//! each names its file and a position.

use polytomic_codegen::load::{self, openapi, tables};
use polytomic_codegen::{emit, format, resolve, Diagnostic, Error};
use std::path::{Path, PathBuf};

fn bad_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures/bad")
}

/// The files of one corpus folder, sorted.
fn corpus(kind: &str) -> Vec<PathBuf> {
    let mut files: Vec<PathBuf> = std::fs::read_dir(bad_dir().join(kind))
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.is_file())
        .collect();
    files.sort();
    files
}

/// The path diagnostics should name: relative, so snapshots do not depend on the checkout.
fn shown_path(file: &Path) -> PathBuf {
    Path::new("bad").join(file.strip_prefix(bad_dir()).unwrap())
}

/// The whole pipeline over one spec, reading the bytes as the CLI does.
fn generate_spec(file: &Path) -> Result<Vec<format::File>, Error> {
    let bytes = std::fs::read(file).unwrap();
    let spec = openapi::parse_bytes(&shown_path(file), bytes)?;
    let api = resolve::resolve(&load::Inputs::spec_only(spec), &Default::default())?.api;
    format::tree(
        &emit::emit(&api, &emit::Options::new("polytomic")),
        format::HEADER,
    )
}

/// Loads a table and resolves it into connector types (some mistakes, such as a field
/// that two sections could hold at once, show only when the sections become a tree).
fn load_table(file: &Path) -> Result<polytomic_codegen::ir::Connectors, Error> {
    let text = std::fs::read_to_string(file).unwrap();
    let table = tables::parse(&shown_path(file), text)?;
    resolve::connectors::resolve(&[table], None, &Default::default())
}

/// Checks that `result` is an input error whose diagnostics all name `file` and a
/// line:column, and returns them.
fn expect_diagnostics<T>(file: &Path, result: Result<T, Error>) -> Vec<Diagnostic> {
    let name = shown_path(file);
    let diags = match result {
        Ok(_) => panic!("{}: accepted, but it is in the bad corpus", name.display()),
        Err(Error::Input(d)) => d,
        Err(other) => panic!("{}: not an input error: {other}", name.display()),
    };
    assert!(!diags.is_empty(), "{}: no diagnostics", name.display());
    for d in &diags {
        assert_eq!(d.file, name, "{d}");
        assert!(
            d.location.is_some(),
            "{}: no line:column in `{d}`",
            name.display()
        );
        assert!(!d.message.is_empty());
    }
    diags
}

fn plain(diags: &[Diagnostic]) -> String {
    diags
        .iter()
        .map(|d| {
            // Keep the (long) names of the very-long-names case readable.
            let line = d.to_string().replace(&"VeryLong".repeat(120), "VeryLong…");
            format!("{line}\n")
        })
        .collect()
}

fn snapshot_name(file: &Path) -> String {
    let rel = file.strip_prefix(bad_dir()).unwrap();
    rel.to_string_lossy()
        .replace(['/', '\\', '.'], "_")
        .to_string()
}

#[test]
fn corpus_is_big_enough() {
    let n = corpus("openapi").len() + corpus("tables").len();
    assert!(n >= 40, "only {n} bad inputs");
}

#[test]
fn every_bad_spec_gets_located_diagnostics() {
    for file in corpus("openapi") {
        let diags = expect_diagnostics(&file, generate_spec(&file));
        insta::assert_snapshot!(snapshot_name(&file), plain(&diags));
    }
}

#[test]
fn every_bad_table_gets_located_diagnostics() {
    for file in corpus("tables") {
        let diags = expect_diagnostics(&file, load_table(&file));
        insta::assert_snapshot!(snapshot_name(&file), plain(&diags));
    }
}

fn warn_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures/warn")
}

/// The warnings of a spec that generates, each checked to name its file and a position.
fn expect_warnings(file: &Path) -> Vec<Diagnostic> {
    let shown = Path::new("warn").join(file.strip_prefix(warn_dir()).unwrap());
    let bytes = std::fs::read(file).unwrap();
    let spec = openapi::parse_bytes(&shown, bytes).unwrap_or_else(|e| panic!("{e}"));
    let resolved = resolve::resolve(&load::Inputs::spec_only(spec), &Default::default())
        .unwrap_or_else(|e| panic!("{e}"));
    format::tree(
        &emit::emit(&resolved.api, &emit::Options::new("polytomic")),
        format::HEADER,
    )
    .unwrap();
    let warnings = resolved.report.warnings;
    assert!(!warnings.is_empty(), "{}: no warnings", shown.display());
    for w in &warnings {
        assert_eq!(w.severity, polytomic_codegen::Severity::Warning, "{w}");
        assert_eq!(w.file, shown, "{w}");
        assert!(w.location.is_some(), "no line:column in `{w}`");
    }
    warnings
}

/// Input with an obvious meaning generates, with a located warning saying what was
/// degraded (tests/fixtures/warn/): snapshot-tested like the errors.
#[test]
fn every_degraded_spec_generates_with_located_warnings() {
    let mut files: Vec<PathBuf> = std::fs::read_dir(warn_dir().join("openapi"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    files.sort();
    assert!(!files.is_empty());
    for file in files {
        let warnings = expect_warnings(&file);
        let name = file
            .strip_prefix(warn_dir())
            .unwrap()
            .to_string_lossy()
            .replace(['/', '.'], "_");
        insta::assert_snapshot!(format!("warn_{name}"), plain(&warnings));
    }
}

#[test]
fn deny_warnings_makes_them_errors() {
    let file = warn_dir().join("openapi/array_without_items.yaml");
    let mut config = polytomic_codegen::Builder::new();
    config
        .spec(&file)
        .connectors(warn_dir().join("no-connectors"));
    assert!(config.tree().is_ok());
    let err = config.deny_warnings(true).tree().unwrap_err();
    let Error::Input(diags) = err else {
        panic!("not an input error: {err}")
    };
    assert_eq!(diags.len(), 1);
    assert_eq!(diags[0].severity, polytomic_codegen::Severity::Error);
    assert!(diags[0].message.contains("no `items`"), "{}", diags[0]);
}

#[test]
fn several_problems_in_one_file_are_reported_together() {
    let file = warn_dir().join("openapi/unknown_schema_keys.yaml");
    let diags = expect_warnings(&file);
    let keys: Vec<&str> = diags
        .iter()
        .map(|d| d.pointer.as_deref().unwrap().rsplit('/').next().unwrap())
        .collect();
    assert_eq!(keys, ["requird", "nulable", "maxLenght"]);
    let help: Vec<&str> = diags.iter().map(|d| d.help.as_deref().unwrap()).collect();
    assert_eq!(
        help,
        [
            "did you mean `required`?",
            "did you mean `nullable`?",
            "did you mean `maxLength`?"
        ]
    );
}

#[test]
fn dangling_ref_names_the_line_and_the_closest_schema() {
    let file = warn_dir().join("openapi/dangling_schema_ref.yaml");
    let diags = expect_warnings(&file);
    let [d] = diags.as_slice() else {
        panic!("{diags:?}")
    };
    assert_eq!(d.location.map(|l| (l.line, l.column)), Some((14, 17)));
    assert_eq!(
        d.help.as_deref(),
        Some("did you mean `#/components/schemas/User`?")
    );
}

/// The terminal form: a snippet of the file with a caret under the problem.
#[test]
fn fancy_rendering_shows_a_snippet_with_a_caret() {
    let file = bad_dir().join("openapi/param_location_typo.yaml");
    let diags = expect_diagnostics(&file, generate_spec(&file));
    let text = std::fs::read_to_string(&file).unwrap();
    let rendered: String = diags
        .iter()
        .map(|d| d.render_fancy(Some(&text), false))
        .collect();
    insta::assert_snapshot!("fancy_param_location_typo", rendered);
}

/// A diagnostic whose file cannot be read still renders, with its position in the text.
#[test]
fn fancy_rendering_without_a_source_keeps_the_position() {
    let d = Diagnostic::new(Path::new("gone.yaml"), "something is wrong")
        .at(Some(polytomic_codegen::Location { line: 3, column: 7 }))
        .pointer("/paths")
        .help("fix it");
    let rendered = d.render_fancy(None, false);
    assert!(
        rendered.contains("gone.yaml:3:7 (at /paths): something is wrong"),
        "{rendered}"
    );
    assert!(rendered.contains("fix it"), "{rendered}");
}

/// Bad multi-file documents (tests/fixtures/bad/refs/, the roots beside the `parts/` they
/// reach): each diagnostic names the file where the problem is written, which is often
/// not the root, with its line:column. Loaded by their real paths, since relative
/// `$ref`s are resolved from them; shown relative to the fixtures folder.
#[test]
fn every_bad_reference_names_the_file_it_is_in() {
    let fixtures = Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures");
    let roots = corpus("refs");
    assert!(
        roots.len() >= 8,
        "only {} bad multi-file documents",
        roots.len()
    );
    for root in roots {
        let result = openapi::load(&root)
            .and_then(|spec| resolve::resolve(&load::Inputs::spec_only(spec), &Default::default()));
        let name = shown_path(&root);
        let diags = match result {
            Ok(_) => panic!("{}: accepted, but it is in the bad corpus", name.display()),
            Err(Error::Input(d)) => d,
            Err(other) => panic!("{}: not an input error: {other}", name.display()),
        };
        assert!(!diags.is_empty(), "{}: no diagnostics", name.display());
        let mut shown = String::new();
        for d in &diags {
            assert!(d.file.exists(), "{d}: names a file that does not exist");
            assert!(d.location.is_some(), "{d}: no line:column");
            // Paths in messages too (a file that cannot be read) are shown relative.
            let line = d
                .to_string()
                .replace(&format!("{}/", fixtures.display()), "");
            shown.push_str(&line);
            shown.push('\n');
        }
        insta::assert_snapshot!(snapshot_name(&root), shown);
    }
}

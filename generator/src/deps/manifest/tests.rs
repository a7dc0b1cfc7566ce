use super::*;
use crate::deps::{BASE, REGEX};

const SERDE: Dependency = Dependency {
    name: "serde",
    requirement: r#"{ version = "1", features = ["derive"] }"#,
    why: "models",
};
const REQWEST: Dependency = Dependency {
    name: "reqwest",
    requirement: r#"{ version = "0.13", default-features = false, features = ["rustls", "query", "multipart"] }"#,
    why: "the client",
};
const PERCENT: Dependency = Dependency {
    name: "percent-encoding",
    requirement: r#""2""#,
    why: "paths",
};

fn check(text: &str, needed: &[Dependency]) -> ManifestCheck {
    check_manifest_text(Path::new("Cargo.toml"), text, needed)
}

fn messages(ds: &[Diagnostic]) -> Vec<String> {
    ds.iter().map(ToString::to_string).collect()
}

#[test]
fn every_way_of_writing_a_dependency_is_found() {
    let text = r#"
[package]
name = "app"

[dependencies]
"serde" = { version = "1.0.200", features = ["derive"] }
percent_encoding = { version = "2", package = "percent-encoding" }

[target.'cfg(unix)'.dependencies.reqwest]
version = ">=0.13.1, <0.14"
features = ["query", "multipart"]
"#;
    assert_eq!(
        check(text, &[SERDE, REQWEST, PERCENT]),
        ManifestCheck::default()
    );
}

#[test]
fn a_missing_crate_is_an_error_naming_the_line_to_add_at_the_dependencies_table() {
    let text = "[package]\nname = \"app\"\n\n[dependencies]\nserde = { version = \"1\", features = [\"derive\"] }\n";
    let out = check(text, &[SERDE, PERCENT]);
    assert!(out.warnings.is_empty(), "{out:?}");
    assert_eq!(
        messages(&out.errors),
        [
            "Cargo.toml:4:1: the generated code uses `percent-encoding` (paths), which Cargo.toml \
          does not list; put `percent-encoding = \"2\"` under [dependencies]"
        ]
    );
}

#[test]
fn dev_and_build_dependencies_do_not_count() {
    let text = "[dev-dependencies]\nserde = { version = \"1\", features = [\"derive\"] }\n\n[build-dependencies]\npercent-encoding = \"2\"\n";
    let out = check(text, &[SERDE, PERCENT]);
    let errors = messages(&out.errors);
    assert_eq!(errors.len(), 2, "{errors:?}");
    assert!(
        errors[0].starts_with("Cargo.toml:2:1: `serde` (models) is only in [dev-dependencies]"),
        "{errors:?}"
    );
    assert!(
        errors[1].starts_with(
            "Cargo.toml:5:1: `percent-encoding` (paths) is only in [build-dependencies]"
        ),
        "{errors:?}"
    );
}

#[test]
fn a_renamed_crate_or_a_name_taken_by_another_package_is_an_error() {
    let renamed =
        "[dependencies]\nsd = { version = \"1\", package = \"serde\", features = [\"derive\"] }\n";
    let errors = messages(&check(renamed, &[SERDE]).errors);
    assert_eq!(errors.len(), 1, "{errors:?}");
    assert!(
        errors[0]
            .starts_with("Cargo.toml:2:1: `serde` (models) is listed as `sd` in [dependencies]"),
        "{errors:?}"
    );

    let taken = "[dependencies]\nserde = { version = \"1\", package = \"serde-fork\" }\n";
    let errors = messages(&check(taken, &[SERDE]).errors);
    assert_eq!(errors.len(), 1, "{errors:?}");
    assert!(
        errors[0]
            .starts_with("Cargo.toml:2:1: `serde` in [dependencies] is the package `serde-fork`"),
        "{errors:?}"
    );
}

#[test]
fn an_incompatible_version_line_is_an_error_at_its_line() {
    let text = "[dependencies]\nserde = { version = \"1\", features = [\"derive\"] }\n  reqwest = { version = \"0.12\", features = [\"query\", \"multipart\"] }\n";
    let out = check(text, &[SERDE, REQWEST]);
    assert_eq!(
        messages(&out.errors),
        [
            "Cargo.toml:3:3: `reqwest` in [dependencies] requires version \"0.12\", which \
             cannot be a version the generated code works with (\"0.13\"); put `reqwest = { \
             version = \"0.13\", default-features = false, features = [\"rustls\", \"query\", \
             \"multipart\"] }` under [dependencies]"
        ]
    );
}

#[test]
fn compatible_requirements_of_every_shape_pass() {
    for version in [
        "0.13",
        "0.13.4",
        "^0.13",
        "~0.13.2",
        "=0.13.0",
        ">=0.12, <0.14",
        ">0.12.9",
        "0.*",
        "*",
    ] {
        let text = format!(
            "[dependencies]\nreqwest = {{ version = \"{version}\", features = [\"query\", \"multipart\"] }}\n"
        );
        assert_eq!(
            check(&text, &[REQWEST]),
            ManifestCheck::default(),
            "{version}"
        );
    }
    for version in ["0.12", "=0.14.0", "<0.13", "1", "~0.12.5", ">=0.14"] {
        let text = format!("[dependencies]\nreqwest = \"{version}\"\n");
        assert_eq!(check(&text, &[REQWEST]).errors.len(), 1, "{version}");
    }
}

#[test]
fn a_path_or_git_source_without_a_version_is_accepted() {
    let text = "[dependencies]\nreqwest = { path = \"../reqwest\", features = [\"query\", \"multipart\"] }\npercent-encoding = { git = \"https://example.com/x\" }\n";
    assert_eq!(check(text, &[REQWEST, PERCENT]), ManifestCheck::default());
}

#[test]
fn missing_features_are_a_warning_and_transport_choices_are_the_users() {
    // `rustls` is left out on purpose: a crate may choose native-tls.
    let text = "[dependencies]\nreqwest = { version = \"0.13\", default-features = false, features = [\"native-tls\", \"query\"] }\n";
    let out = check(text, &[REQWEST]);
    assert!(out.errors.is_empty(), "{out:?}");
    assert_eq!(
        messages(&out.warnings),
        [
            "Cargo.toml:2:1: `reqwest` in [dependencies] does not enable `multipart`, which the \
             generated code uses; without them it may not compile or may behave differently; \
             to be sure, put `reqwest = { version = \"0.13\", default-features = false, \
             features = [\"rustls\", \"query\", \"multipart\"] }` under [dependencies]"
        ]
    );
    assert!(out.warnings[0].severity == crate::error::Severity::Warning);

    let defaults_on = "[dependencies]\nreqwest = { version = \"0.13\", features = [\"query\"] }\n";
    let out = check(defaults_on, &[REQWEST]);
    assert!(
        out.warnings[0]
            .message
            .contains("(unless `reqwest` enables them by default)"),
        "{out:?}"
    );
}

#[test]
fn a_manifest_that_does_not_parse_is_one_located_warning_and_no_check() {
    let out = check("[dependencies]\nserde = {\n", &[SERDE, PERCENT]);
    assert!(out.errors.is_empty(), "{out:?}");
    assert_eq!(out.warnings.len(), 1, "{out:?}");
    let warning = out.warnings[0].to_string();
    assert!(
        warning.starts_with("Cargo.toml:2:") && warning.contains("were not checked"),
        "{warning}"
    );
}

#[test]
fn an_unreadable_manifest_is_one_warning() {
    let out = check_manifest(Path::new("/nonexistent/Cargo.toml"), &[SERDE]);
    assert!(out.errors.is_empty());
    assert_eq!(out.warnings.len(), 1, "{out:?}");
}

#[test]
fn inherited_dependencies_are_checked_against_the_workspace_root() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("Cargo.toml"),
        "[workspace]\nmembers = [\"app\"]\n\n[workspace.dependencies]\nserde = { version = \"1\", features = [\"derive\"] }\nreqwest = { version = \"0.12\", default-features = false }\n",
    )
    .unwrap();
    let app = dir.path().join("app");
    std::fs::create_dir(&app).unwrap();
    let text = "[package]\nname = \"app\"\n\n[dependencies]\nserde.workspace = true\nreqwest = { workspace = true, features = [\"query\", \"multipart\"] }\n";
    let out = check_manifest_text(&app.join("Cargo.toml"), text, &[SERDE, REQWEST]);
    assert!(out.warnings.is_empty(), "{out:?}");
    assert_eq!(
        out.workspace_root.as_deref(),
        Some(
            dir.path()
                .join("Cargo.toml")
                .canonicalize()
                .unwrap()
                .as_path()
        )
    );
    let errors = messages(&out.errors);
    assert_eq!(errors.len(), 1, "{errors:?}");
    let root = dir.path().join("Cargo.toml");
    assert!(
        errors[0].starts_with(&format!(
            "{}:6:1: `reqwest` in [dependencies] (from [workspace.dependencies]) requires version \"0.12\"",
            root.display()
        )),
        "{errors:?}"
    );
}

#[test]
fn inheriting_without_a_workspace_is_a_warning() {
    let dir = tempfile::tempdir().unwrap();
    let text = "[dependencies]\nserde = { workspace = true }\n";
    let out = check_manifest_text(&dir.path().join("Cargo.toml"), text, &[SERDE]);
    assert!(out.errors.is_empty(), "{out:?}");
    assert_eq!(out.warnings.len(), 1, "{out:?}");
    assert!(out.warnings[0]
        .message
        .contains("inherited from the workspace"));
}

#[test]
fn every_dependency_the_generator_knows_has_a_requirement_that_parses() {
    for dep in BASE.iter().chain([&REGEX]) {
        let wanted = requirement(dep);
        assert!(wanted.range.is_some(), "{}: {}", dep.name, dep.requirement);
    }
}

#[test]
fn requirement_intervals_follow_cargo() {
    let range = |r: &str| Range::parse(r).unwrap();
    assert_eq!(
        range("1.2.3"),
        Range {
            lo: (1, 2, 3),
            hi: Some((2, 0, 0))
        }
    );
    assert_eq!(
        range("0.2.3"),
        Range {
            lo: (0, 2, 3),
            hi: Some((0, 3, 0))
        }
    );
    assert_eq!(
        range("0.0.3"),
        Range {
            lo: (0, 0, 3),
            hi: Some((0, 0, 4))
        }
    );
    assert_eq!(
        range("~1.2.3"),
        Range {
            lo: (1, 2, 3),
            hi: Some((1, 3, 0))
        }
    );
    assert_eq!(
        range("~1"),
        Range {
            lo: (1, 0, 0),
            hi: Some((2, 0, 0))
        }
    );
    assert_eq!(
        range("1.*"),
        Range {
            lo: (1, 0, 0),
            hi: Some((2, 0, 0))
        }
    );
    assert_eq!(
        range(">=1.2, <1.5"),
        Range {
            lo: (1, 2, 0),
            hi: Some((1, 5, 0))
        }
    );
    assert_eq!(
        range("<=1.2"),
        Range {
            lo: (0, 0, 0),
            hi: Some((1, 3, 0))
        }
    );
    assert_eq!(range("*"), Range::ALL);
    assert_eq!(Range::parse("not a version"), None);
    assert!(range("0.13").overlaps(&range(">=0.12, <0.14")));
    assert!(!range("0.13").overlaps(&range("0.12")));
}

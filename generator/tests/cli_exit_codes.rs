//! The CLI's exit codes, from the built binary: 0 on success, 1 when the inputs have
//! problems (never a panic's 101), 2 when the command line itself is wrong.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

fn cli(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_polytomic-codegen"))
        .args(args)
        .env("NO_COLOR", "1")
        .output()
        .unwrap()
}

fn repo() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .unwrap()
        .to_path_buf()
}

fn bad(rel: &str) -> String {
    repo()
        .join("tests/fixtures/bad")
        .join(rel)
        .to_string_lossy()
        .into_owned()
}

fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

#[test]
fn usage_errors_exit_2() {
    for args in [
        &["frobnicate"][..],
        &["generate", "--no-such-flag"],
        &["generate", "--spec"],
        &[],
    ] {
        let o = cli(args);
        assert_eq!(o.status.code(), Some(2), "{args:?}: {}", stderr(&o));
    }
}

#[test]
fn every_bad_spec_exits_1_with_a_located_message() {
    let out = tempfile::tempdir().unwrap();
    let dir = repo().join("tests/fixtures/bad/openapi");
    let mut files: Vec<PathBuf> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    files.sort();
    assert!(files.len() > 30);
    for spec in files {
        let o = cli(&[
            "generate",
            "--spec",
            spec.to_str().unwrap(),
            "--connectors",
            "/nonexistent",
            "--out",
            out.path().to_str().unwrap(),
        ]);
        let err = stderr(&o);
        assert_eq!(o.status.code(), Some(1), "{}: {err}", spec.display());
        assert!(
            err.contains("problem") && err.contains("nothing was generated"),
            "{}: {err}",
            spec.display()
        );
    }
    // Nothing was written for any of them.
    assert_eq!(std::fs::read_dir(out.path()).unwrap().count(), 0);
}

#[test]
fn a_bad_table_exits_1_with_a_snippet() {
    let out = tempfile::tempdir().unwrap();
    let tables = tempfile::tempdir().unwrap();
    std::fs::copy(
        bad("tables/condition_value_not_accepted.yaml"),
        tables.path().join("condition_value_not_accepted.yaml"),
    )
    .unwrap();
    let o = cli(&[
        "generate",
        "--spec",
        repo().join("spec/openapi.yaml").to_str().unwrap(),
        "--connectors",
        tables.path().to_str().unwrap(),
        "--out",
        out.path().to_str().unwrap(),
    ]);
    let err = stderr(&o);
    assert_eq!(o.status.code(), Some(1), "{err}");
    assert!(
        err.contains("condition_value_not_accepted.yaml:11:5]"),
        "{err}"
    );
    assert!(err.contains("did you mean `iam_role`?"), "{err}");
}

#[test]
fn a_missing_spec_exits_1() {
    let o = cli(&["check", "--spec", "/nonexistent/openapi.yaml"]);
    assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
    assert!(stderr(&o).contains("/nonexistent/openapi.yaml"));
}

#[test]
fn the_real_spec_generates_with_exit_0() {
    let out = tempfile::tempdir().unwrap();
    let o = cli(&[
        "generate",
        "--spec",
        repo().join("spec/openapi.yaml").to_str().unwrap(),
        "--connectors",
        repo().join("spec/connectors").to_str().unwrap(),
        "--out",
        out.path().to_str().unwrap(),
    ]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
}

/// A degraded spec generates (exit 0) and prints its warnings; `--deny-warnings` makes
/// them errors (exit 1, nothing written).
#[test]
fn warnings_are_printed_and_deny_warnings_fails() {
    let spec = repo()
        .join("tests/fixtures/warn/openapi/array_without_items.yaml")
        .to_string_lossy()
        .into_owned();
    let out = tempfile::tempdir().unwrap();
    let dir = out.path().to_string_lossy().into_owned();
    let args = [
        "generate",
        "--spec",
        &spec,
        "--connectors",
        "none",
        "--out",
        &dir,
    ];
    let o = cli(&args);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let err = stderr(&o);
    assert!(err.contains("warning: "), "{err}");
    assert!(err.contains("array_without_items.yaml:8:5"), "{err}");
    assert!(err.contains("1 warning(s)"), "{err}");
    let denied = tempfile::tempdir().unwrap();
    let denied_dir = denied.path().to_string_lossy().into_owned();
    let mut args = args.to_vec();
    args[6] = &denied_dir;
    args.push("--deny-warnings");
    let o = cli(&args);
    assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
    assert!(stderr(&o).contains("no `items`"), "{}", stderr(&o));
    assert!(std::fs::read_dir(denied.path()).unwrap().next().is_none());
}

/// The CLI's help, snapshot-tested: a change to a command, flag or default shows up in
/// review.
#[test]
fn help_texts() {
    for args in [
        &["--help"][..],
        &["generate", "--help"],
        &["check", "--help"],
        &["import-jsonschema", "--help"],
        &["coverage", "--help"],
        &["diff", "--help"],
    ] {
        let out = cli(args);
        assert!(out.status.success(), "{args:?}: {}", stderr(&out));
        let name = format!("help_{}", args.join("_").replace("--", ""));
        insta::assert_snapshot!(name, String::from_utf8_lossy(&out.stdout));
    }
}

fn diff_case(case: &str) -> (String, String) {
    let dir = repo().join("tests/fixtures/diff").join(case);
    let side = |which: &str| {
        dir.join(format!("{which}.yaml"))
            .to_string_lossy()
            .into_owned()
    };
    (side("old"), side("new"))
}

/// `diff` exits 3 when a change reaches `--fail-on`, 0 otherwise; 1 for inputs that do
/// not load, 2 for a bad option.
#[test]
fn diff_exit_codes_follow_fail_on() {
    let (old, new) = diff_case("params");
    for (level, code) in [("breaking", 3), ("any", 3), ("none", 0)] {
        let o = cli(&["diff", &old, &new, "--fail-on", level]);
        assert_eq!(o.status.code(), Some(code), "{level}: {}", stderr(&o));
        assert!(String::from_utf8_lossy(&o.stdout).contains("[param-added-required]"));
    }
    // Additions only: not breaking, but a change.
    let (old, new) = diff_case("waiters");
    let o = cli(&["diff", &new, &new, "--fail-on", "any"]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let o = cli(&["diff", &old, &new, "--fail-on", "any", "--format", "json"]);
    assert_eq!(o.status.code(), Some(3), "{}", stderr(&o));
    let json: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    assert_eq!(json["summary"]["changes"], 3, "{json}");

    let o = cli(&["diff", "/nonexistent/old.yaml", &new]);
    assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
    assert!(
        stderr(&o).contains("/nonexistent/old.yaml"),
        "{}",
        stderr(&o)
    );
    let o = cli(&["diff", &old, &new, "--fail-on", "sometimes"]);
    assert_eq!(o.status.code(), Some(2), "{}", stderr(&o));
}

/// The README's command compares the committed spec with an earlier one; with the same
/// file on both sides it must run and report nothing.
#[test]
fn diff_of_the_committed_spec_with_itself_reports_nothing() {
    let spec = repo()
        .join("spec/openapi.yaml")
        .to_string_lossy()
        .into_owned();
    let tables = repo()
        .join("spec/connectors")
        .to_string_lossy()
        .into_owned();
    let o = cli(&[
        "diff",
        &spec,
        &spec,
        "--connectors",
        &tables,
        "--fail-on",
        "any",
    ]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert_eq!(String::from_utf8_lossy(&o.stdout), "no changes\n");
}

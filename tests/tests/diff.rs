//! The report of what changed between two versions of the inputs: one snapshot per kind
//! of change (tests/fixtures/diff/<case>/{old,new}.yaml), the real consecutive releases in
//! ../shared/spec-history classified as their README says, and the README's rule table
//! kept equal to the code's.

use polytomic_codegen::diff::{self, Class, Report, Side, RULES};
use polytomic_codegen::Builder;
use std::path::{Path, PathBuf};

mod support;

/// One side of a fixture pair, with paths relative to this crate so snapshots do not
/// depend on where the checkout is.
fn side(case: &str, which: &str) -> Side {
    let dir = Path::new("fixtures/diff").join(case);
    let mut b = Builder::new();
    b.spec(dir.join(format!("{which}.yaml")))
        .connectors(dir.join(format!("{which}_connectors")));
    Side::load(&b).unwrap_or_else(|e| panic!("{case}/{which}: {e}"))
}

fn fixture_report(case: &str) -> Report {
    diff::diff(&side(case, "old"), &side(case, "new"))
}

fn cases() -> Vec<String> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures/diff");
    let mut cases: Vec<String> = std::fs::read_dir(dir)
        .unwrap()
        .filter_map(|e| e.ok())
        .filter(|e| e.path().is_dir())
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .collect();
    cases.sort();
    cases
}

#[test]
fn each_kind_of_change_reports_as_in_its_snapshot() {
    std::env::set_current_dir(env!("CARGO_MANIFEST_DIR")).unwrap();
    let cases = cases();
    assert!(cases.len() >= 12, "{cases:?}");
    for case in cases {
        insta::assert_snapshot!(format!("diff_{case}"), fixture_report(&case).text());
    }
}

#[test]
fn the_fixtures_exercise_every_rule() {
    std::env::set_current_dir(env!("CARGO_MANIFEST_DIR")).unwrap();
    let mut used: Vec<&str> = cases()
        .iter()
        .flat_map(|c| fixture_report(c).changes)
        .map(|c| c.rule.id)
        .collect();
    used.sort();
    used.dedup();
    let unused: Vec<&str> = RULES
        .iter()
        .map(|r| r.id)
        .filter(|id| !used.contains(id))
        .collect();
    assert!(unused.is_empty(), "rules no fixture exercises: {unused:?}");
}

#[test]
fn json_report_names_rule_classes_items_and_both_sites() {
    std::env::set_current_dir(env!("CARGO_MANIFEST_DIR")).unwrap();
    let json = fixture_report("params").json();
    insta::assert_snapshot!(
        "diff_json_params",
        serde_json::to_string_pretty(&json).unwrap()
    );
    assert_eq!(json["summary"]["changes"], 6);
    assert_eq!(fixture_report("unchanged").json()["summary"]["changes"], 0);
}

#[test]
fn the_committed_spec_against_itself_reports_nothing() {
    let repo = support::repo();
    let mut b = Builder::new();
    b.spec(repo.join("spec/openapi.yaml"))
        .connectors(repo.join("spec/connectors"));
    let side = Side::load(&b).unwrap();
    let report = diff::diff(&side, &Side::load(&b).unwrap());
    assert_eq!(report.text(), "no changes\n");
}

/// A pair of releases in ../shared/spec-history, and what the report must say.
struct Pair {
    file: &'static str,
    old: &'static str,
    new: &'static str,
    /// Whether a change breaks callers (on the wire or in Rust).
    breaking: bool,
    /// Rule ids that must be among the changes.
    rules: &'static [&'static str],
}

/// The README of ../shared/spec-history, checked against the files: where its changelog
/// and the files disagree, the files win (see the notes).
const PAIRS: &[Pair] = &[
    // `SinkSid` is gone from the update-subscription form.
    Pair {
        file: "twilio_events_v1.json",
        old: "2.3.5",
        new: "2.4.0",
        breaking: true,
        rules: &["field-removed"],
    },
    // The changelog says two room properties were removed; the files show them added to
    // the create-room form (optional: only struct literals notice) and nothing removed.
    Pair {
        file: "twilio_video_v1.json",
        old: "2.2.3",
        new: "2.3.0",
        breaking: false,
        rules: &["field-added-optional", "type-added"],
    },
    Pair {
        file: "twilio_numbers_v1.json",
        old: "2.0.3",
        new: "2.1.0",
        breaking: true,
        rules: &["field-retyped"],
    },
    Pair {
        file: "twilio_conversations_v1.json",
        old: "1.42.0",
        new: "1.43.0",
        breaking: true,
        rules: &["param-removed"],
    },
    // Only descriptions and examples differ between these files.
    Pair {
        file: "twilio_api_v2010.json",
        old: "2.5.0",
        new: "2.5.1",
        breaking: false,
        rules: &[],
    },
    Pair {
        file: "twilio_api_v2010.json",
        old: "2.6.6",
        new: "2.6.7",
        breaking: false,
        rules: &["field-added-optional"],
    },
];

fn history() -> Option<PathBuf> {
    let dir = support::repo().join("../shared/spec-history/twilio");
    dir.is_dir().then_some(dir)
}

#[test]
fn real_releases_classify_as_the_spec_history_readme_says() {
    let Some(dir) = history() else {
        eprintln!("../shared/spec-history is not here: skipped");
        return;
    };
    for p in PAIRS {
        let load = |version: &str| {
            let mut b = Builder::new();
            b.spec(dir.join(version).join(p.file))
                .connectors(dir.join("none"));
            Side::load(&b).unwrap_or_else(|e| panic!("{version}/{}: {e}", p.file))
        };
        let report = diff::diff(&load(p.old), &load(p.new));
        let what = format!("{} {} → {}:\n{}", p.file, p.old, p.new, report.text());
        assert_eq!(report.is_breaking(), p.breaking, "{what}");
        for rule in p.rules {
            assert!(
                report.changes.iter().any(|c| c.rule.id == *rule),
                "no {rule}: {what}"
            );
        }
        if p.rules.is_empty() {
            assert!(report.changes.is_empty(), "{what}");
        }
        // Every change names a Rust item and where the spec writes it.
        for c in &report.changes {
            assert!(
                !c.item.is_empty() && (c.old.is_some() || c.new.is_some()),
                "{what}"
            );
        }
    }
}

/// The rule table in the README is the code's: same ids, same order, same classes.
#[test]
fn readme_rule_table_is_the_code_rule_list() {
    let readme = std::fs::read_to_string(support::repo().join("README.md")).unwrap();
    let rows: Vec<Vec<String>> = readme
        .lines()
        .skip_while(|l| !l.starts_with("| rule | change | wire | Rust | why |"))
        .skip(2)
        .take_while(|l| l.starts_with('|'))
        .map(|l| {
            l.trim_matches('|')
                .split(" | ")
                .enumerate()
                .map(|(i, c)| {
                    if i == 0 {
                        c.trim().trim_matches('`')
                    } else {
                        c.trim()
                    }
                    .to_owned()
                })
                .collect()
        })
        .collect();
    let expected: Vec<Vec<String>> = RULES
        .iter()
        .map(|r| {
            vec![
                r.id.to_owned(),
                r.change.to_owned(),
                r.wire.as_str().to_owned(),
                r.rust.as_str().to_owned(),
                r.why.to_owned(),
            ]
        })
        .collect();
    if rows != expected {
        let table: String = RULES
            .iter()
            .map(|r| {
                format!(
                    "| `{}` | {} | {} | {} | {} |\n",
                    r.id,
                    r.change,
                    r.wire.as_str(),
                    r.rust.as_str(),
                    r.why
                )
            })
            .collect();
        panic!("README.md's rule table differs from diff::RULES; the table should be:\n{table}");
    }
    // Exhaustive is a Rust-only class: nothing breaks on the wire that way.
    assert!(RULES.iter().all(|r| r.wire != Class::Exhaustive));
}

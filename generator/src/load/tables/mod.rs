//! Loading connector configuration tables: one YAML file per connector that transcribes
//! the connector's documentation page (see `docs/connector-tables.md`).
//!
//! Loading is strict and reports every problem of a file at once: unknown keys, bad
//! types, values outside the accepted ones, and conditions that name unknown fields,
//! test fields that cannot be tested, or can never hold. Each diagnostic names the file,
//! line and column.
//!
//! One job a module: `raw` (the file format), `model` (the checked model), `check` (the
//! checker), `conditions` (the condition algebra) and `bindings`.

mod bindings;
mod check;
mod conditions;
mod model;
mod raw;

pub use bindings::*;
pub use conditions::parse_condition;
pub use model::*;
pub use raw::*;

use super::source::SourceFile;
use crate::error::{Diagnostics, Error};
use check::{Checked, Loader};
#[allow(unused_imports)]
use conditions::*;
use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

/// Loads the tables among `files` (files whose name starts with `_` are not tables),
/// reporting the problems of all files together.
pub fn load_all(files: &[PathBuf]) -> Result<Vec<Table>, Error> {
    let mut tables = Vec::new();
    let mut diags = Diagnostics::new();
    for path in files {
        if is_auxiliary(path) {
            continue;
        }
        match load(path) {
            Ok(t) => tables.push(t),
            Err(Error::Input(d)) => diags.extend(d),
            Err(e) => return Err(e),
        }
    }
    diags.finish()?;
    tables.sort_by(|a, b| a.id.cmp(&b.id));
    Ok(tables)
}

/// Files beside the tables that are not tables (`_bindings.yaml`).
pub fn is_auxiliary(path: &Path) -> bool {
    path.file_name()
        .and_then(|n| n.to_str())
        .is_some_and(|n| n.starts_with('_'))
}

/// Reads and checks one table.
pub fn load(path: &Path) -> Result<Table, Error> {
    let text = std::fs::read_to_string(path).map_err(|e| Error::io(path, e))?;
    parse(path, text)
}

/// Parses and checks a table already in memory; `path` names it in diagnostics and its
/// stem must be the connector type.
pub fn parse(path: &Path, text: String) -> Result<Table, Error> {
    let source = SourceFile::new(path, text);
    let mut l = Loader {
        src: &source,
        diags: Diagnostics::new(),
        broken: BTreeSet::new(),
    };
    let raw = l.raw();
    let notes = raw.as_ref().and_then(|r| r.notes.clone());
    let checked = raw.map(|raw| l.check(raw));
    let mut diags = l.diags;
    // Read-only properties re-check the connection's conditions: report once.
    diags.dedup_errors();
    diags.finish()?;
    match checked {
        Some(Checked {
            id,
            name,
            supports,
            areas,
        }) => Ok(Table {
            id,
            name,
            supports,
            notes,
            areas,
            source,
        }),
        None => Err(unreported(path)),
    }
}

/// A loader step gave nothing without reporting why: a bug of the loader, not the input.
fn unreported(path: &Path) -> Error {
    Error::Internal {
        module: "tables".to_owned(),
        message: format!(
            "{}: a table that does not parse reported no error",
            path.display()
        ),
    }
}

/// Parses a table's text into its written form, checking only its shape (for tools such
/// as the importer that rewrite tables).
pub fn parse_raw(path: &Path, text: String) -> Result<RawTable, Error> {
    let source = SourceFile::new(path, text);
    let mut l = Loader {
        src: &source,
        diags: Diagnostics::new(),
        broken: BTreeSet::new(),
    };
    let raw = l.raw();
    l.diags.finish()?;
    raw.ok_or_else(|| unreported(path))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn load_str(name: &str, text: &str) -> Result<Table, Vec<String>> {
        parse(Path::new(name), text.to_owned())
            .map_err(|e| e.diagnostics().iter().map(|d| d.to_string()).collect())
    }

    const BASE: &str = "connector: t
connection:
  fields:
    - name: mode
      type: string
      required: true
      values: [a, b]
    - name: flag
      type: boolean
    - name: formats
      type: array of string
      values: [csv, json]
";

    #[test]
    fn parses_conditions_with_and_binding_tighter_than_or() {
        let c = parse_condition("a is x AND b is true OR c contains y").unwrap();
        assert_eq!(c.len(), 2);
        assert_eq!(c[0].len(), 2);
        assert_eq!(
            c[0][1],
            Atom::Is {
                field: "b".into(),
                value: CondValue::Bool(true)
            }
        );
        assert_eq!(
            c[1],
            vec![Atom::Contains {
                field: "c".into(),
                value: "y".into()
            }]
        );
        assert!(parse_condition("a is").is_err());
        assert!(parse_condition("a equals b").is_err());
        assert!(parse_condition("a is b XOR c is d").is_err());
    }

    #[test]
    fn computes_effective_guards_through_nested_switches() {
        let text = format!(
            "{BASE}  when:
    flag is true:
      - name: inner
        type: boolean
    inner is true:
      - name: deep
        type: string
"
        );
        let t = load_str("t.yaml", &text).unwrap();
        let area = t.area(TableArea::Connection).unwrap();
        let deep = area
            .entries
            .iter()
            .find(|e| e.field.name == "deep")
            .unwrap();
        assert_eq!(deep.guard.len(), 1);
        assert_eq!(deep.guard[0].len(), 2, "{:?}", deep.guard);
    }

    /// `f0` a boolean, then `levels` sections each under the previous field (listed
    /// deepest first when `reversed`, so the walk starts at the bottom of the chain).
    fn switch_chain(levels: usize, reversed: bool) -> String {
        let mut sections: Vec<String> = (0..levels)
            .map(|i| {
                format!(
                    "    f{i} is true:\n    - name: f{}\n      type: boolean\n",
                    i + 1
                )
            })
            .collect();
        if reversed {
            sections.reverse();
        }
        format!(
            "connector: t\nconnection:\n  fields:\n  - name: f0\n    type: boolean\n  when:\n{}",
            sections.concat()
        )
    }

    #[test]
    fn accepts_conditions_nested_up_to_the_limit_in_any_order() {
        for reversed in [false, true] {
            let t = load_str("t.yaml", &switch_chain(MAX_CONDITION_DEPTH, reversed)).unwrap();
            let area = t.area(TableArea::Connection).unwrap();
            let last = format!("f{MAX_CONDITION_DEPTH}");
            let deepest = area.entries.iter().find(|e| e.field.name == last).unwrap();
            assert_eq!(deepest.guard.len(), 1);
            assert_eq!(deepest.guard[0].len(), MAX_CONDITION_DEPTH);
        }
    }

    #[test]
    fn rejects_conditions_nested_past_the_limit_in_any_order() {
        for reversed in [false, true] {
            let errors =
                load_str("t.yaml", &switch_chain(MAX_CONDITION_DEPTH + 1, reversed)).unwrap_err();
            assert_eq!(errors.len(), 1, "{errors:?}");
            assert!(
                errors[0].contains(&format!("nest more than {MAX_CONDITION_DEPTH} levels")),
                "{errors:?}"
            );
        }
    }

    #[test]
    fn bounds_alternatives_that_multiply_through_or_conditions() {
        // Each level doubles the alternatives of the next: 2^20 without a bound.
        let mut text = "connector: t\nconnection:\n  fields:\n  - name: f0\n    type: array of string\n    values: [a, b]\n  when:\n".to_owned();
        for i in 0..20 {
            text.push_str(&format!(
                "    f{i} contains a OR f{i} contains b:\n    - name: f{}\n      type: array of string\n      values: [a, b]\n",
                i + 1
            ));
        }
        let errors = load_str("t.yaml", &text).unwrap_err();
        assert_eq!(errors.len(), 1, "{errors:?}");
        assert!(
            errors[0].contains(&format!("more than {MAX_GUARD_ALTERNATIVES} alternatives")),
            "{errors:?}"
        );
    }

    #[test]
    fn contains_on_an_array_whose_docs_list_no_values_is_accepted() {
        let text = "connector: t
connection:
  fields:
    - name: tags
      type: array of string
  when:
    tags contains vip:
      - name: priority
        type: integer
";
        let table = load_str("t.yaml", text).unwrap_or_else(|e| panic!("{e:?}"));
        assert_eq!(table.areas[0].entries.len(), 2);
    }

    #[test]
    fn a_read_only_property_repeating_a_connection_field_is_that_field() {
        let text = format!(
            "{BASE}read_only:
  fields:
    - name: flag
      type: boolean
    - name: created_by
      type: string
"
        );
        let table = load_str("t.yaml", &text).unwrap_or_else(|e| panic!("{e:?}"));
        let read_only = table.area(TableArea::ReadOnly).unwrap();
        let names: Vec<&str> = read_only
            .entries
            .iter()
            .map(|e| e.field.name.as_str())
            .collect();
        assert_eq!(names, ["created_by"]);
    }

    #[test]
    fn a_refused_field_is_not_reported_again_by_the_conditions_that_test_it() {
        let text = "connector: t
connection:
  fields:
    - name: mode
      type: strng
      values: [a, b]
  when:
    mode is a:
      - name: x
        type: string
";
        let errors = load_str("t.yaml", text).unwrap_err();
        assert_eq!(errors.len(), 1, "{errors:?}");
        assert!(errors[0].contains("unknown type `strng`"), "{errors:?}");
    }

    #[test]
    fn reports_every_problem_with_file_line_and_column() {
        let text = format!(
            "{BASE}    - name: extra
      type: strng
      colour: red
  when:
    mode is c:
      - name: x
        type: string
    nope is a:
      - name: y
        type: string
    flag is yes:
      - name: z
        type: string
    formats is csv:
      - name: w
        type: string
"
        );
        let errors = load_str("t.yaml", &text).unwrap_err();
        let all = errors.join("\n");
        assert!(all.contains("t.yaml:14:7: unknown type `strng`"), "{all}");
        assert!(
            all.contains("t.yaml:15:7: unknown key `colour` in a field"),
            "{all}"
        );
        assert!(
            all.contains("t.yaml:17:5: `c` is not an accepted value of `mode`"),
            "{all}"
        );
        assert!(
            all.contains("tests `nope`, which is not a field here"),
            "{all}"
        );
        assert!(all.contains("`flag` is a boolean"), "{all}");
        assert!(
            all.contains("conditions can test only enum and boolean fields"),
            "{all}"
        );
        assert!(errors.len() >= 6, "{all}");
    }

    #[test]
    fn rejects_contradictions_including_inherited_ones() {
        let text = format!(
            "{BASE}  when:
    mode is a:
      - name: sub
        type: boolean
    sub is true AND mode is b:
      - name: never
        type: string
"
        );
        let errors = load_str("t.yaml", &text).unwrap_err().join("\n");
        assert!(errors.contains("can never hold"), "{errors}");
        assert!(
            errors.contains("`mode is b` and `mode is a`")
                || errors.contains("`mode is a` and `mode is b`"),
            "{errors}"
        );
    }

    #[test]
    fn checks_defaults_examples_and_the_file_name() {
        let text = "connector: other
connection:
  fields:
    - name: mode
      type: string
      values: [a, b]
      default: c
    - name: n
      type: integer
      examples: [x]
  example:
    mode: a
    missing: 1
";
        let errors = load_str("t.yaml", text).unwrap_err().join("\n");
        assert!(errors.contains("does not match the file name"), "{errors}");
        assert!(
            errors.contains("default `c` is not an accepted value"),
            "{errors}"
        );
        assert!(
            errors.contains("example `\"x\"` is not of type `integer`"),
            "{errors}"
        );
        assert!(
            errors.contains("sets `missing`, which is not a field"),
            "{errors}"
        );
    }

    #[test]
    fn rejects_duplicate_sections() {
        let text = format!(
            "{BASE}  when:
    mode is a:
      - {{name: x, type: string}}
    mode is a:
      - {{name: y, type: string}}
"
        );
        let errors = load_str("t.yaml", &text).unwrap_err().join("\n");
        assert!(
            errors.contains("duplicate") || errors.contains("two sections"),
            "{errors}"
        );
    }
}

//! Output is byte-identical across runs: generated in separate processes (so every
//! `HashMap` gets a different random seed), and from copies of the spec whose component
//! maps are written in another order. The order of `paths` is the order of the API
//! reference, and methods follow it (as struct fields follow `properties`); reordering
//! paths may move methods but must not change a single name or signature.

use polytomic_codegen::Builder;
use serde_json::{Map, Value};
use std::path::{Path, PathBuf};
use std::process::Command;

/// Set in a child process: generate from this spec and write the bytes to `*_OUT`.
const CHILD_SPEC: &str = "POLYTOMIC_DETERMINISM_SPEC";
const CHILD_OUT: &str = "POLYTOMIC_DETERMINISM_OUT";

mod support;
use support::repo;

/// Every generated file, path and content, as one byte string.
fn generate(spec: &Path) -> String {
    let files = Builder::new()
        .spec(spec)
        .connectors(repo().join("spec/connectors"))
        .tree()
        .unwrap_or_else(|e| panic!("{}: {e}", spec.display()))
        .0;
    files
        .iter()
        .map(|f| format!("==> {}\n{}", f.path, f.content))
        .collect()
}

/// The child half of `separate_processes_generate_the_same_bytes`, run only by it (so an
/// ordinary run reports it as ignored rather than as a test that passed doing nothing).
#[test]
#[ignore = "run as a child process by separate_processes_generate_the_same_bytes"]
fn child_generate() {
    let spec = std::env::var_os(CHILD_SPEC).expect("the parent sets the spec");
    let out = std::env::var_os(CHILD_OUT).expect("the parent sets the output");
    std::fs::write(out, generate(Path::new(&spec))).unwrap();
}

fn generate_in_child(spec: &Path, out: &Path) -> String {
    let status = Command::new(std::env::current_exe().unwrap())
        .args(["child_generate", "--exact", "--ignored", "--test-threads=1"])
        .env(CHILD_SPEC, spec)
        .env(CHILD_OUT, out)
        .status()
        .unwrap();
    assert!(status.success());
    std::fs::read_to_string(out).unwrap()
}

#[test]
fn separate_processes_generate_the_same_bytes() {
    let dir = tempfile::tempdir().unwrap();
    let spec = repo().join("spec/openapi.yaml");
    let first = generate_in_child(&spec, &dir.path().join("a"));
    let second = generate_in_child(&spec, &dir.path().join("b"));
    assert!(first.len() > 10_000, "suspiciously little output");
    assert!(first == second, "two processes generated different bytes");
    assert!(
        first == generate(&spec),
        "this process differs from its children"
    );
}

/// Rewrites each map named by `pointers` in `order`ed form.
fn reorder(doc: &mut Value, pointers: &[&str], order: fn(&mut Vec<(String, Value)>)) {
    for p in pointers {
        let Some(Value::Object(m)) = doc.pointer_mut(p) else {
            panic!("{p} is not a map in the spec");
        };
        let mut entries: Vec<(String, Value)> = std::mem::take(m).into_iter().collect();
        order(&mut entries);
        *m = entries.into_iter().collect::<Map<String, Value>>();
    }
}

fn permuted_spec(
    dir: &Path,
    name: &str,
    pointers: &[&str],
    order: fn(&mut Vec<(String, Value)>),
) -> PathBuf {
    let text = std::fs::read_to_string(repo().join("spec/openapi.yaml")).unwrap();
    let mut doc: Value = serde_yaml::from_str(&text).unwrap();
    reorder(&mut doc, pointers, order);
    let path = dir.join(name);
    // JSON, too: the same document in the other input syntax.
    std::fs::write(&path, serde_json::to_string_pretty(&doc).unwrap()).unwrap();
    path
}

/// Maps whose order carries no meaning for the output. (`securitySchemes` is left out on
/// purpose: the crate docs list the schemes in the order the spec gives them.)
const COMPONENT_MAPS: &[&str] = &["/components/schemas", "/components/parameters"];

/// Reorders the entries of one map in place.
type Reorder = fn(&mut Vec<(String, Value)>);

#[test]
fn component_order_does_not_change_the_output() {
    let dir = tempfile::tempdir().unwrap();
    let original = generate(&repo().join("spec/openapi.yaml"));
    let orders: [(&str, Reorder); 2] = [
        ("reversed.json", |e| e.reverse()),
        // A fixed shuffle: every third entry first, then the rest.
        ("shuffled.json", |e| {
            let (a, b): (Vec<_>, Vec<_>) = std::mem::take(e)
                .into_iter()
                .enumerate()
                .partition(|(i, _)| i % 3 == 0);
            e.extend(b.into_iter().chain(a).map(|(_, x)| x));
        }),
    ];
    for (name, order) in orders {
        let spec = permuted_spec(dir.path(), name, COMPONENT_MAPS, order);
        assert!(
            generate(&spec) == original,
            "{name}: reordering components changed the generated code"
        );
    }
}

#[test]
fn path_order_moves_methods_but_changes_nothing_else() {
    let dir = tempfile::tempdir().unwrap();
    let original = generate(&repo().join("spec/openapi.yaml"));
    let spec = permuted_spec(dir.path(), "paths_reversed.json", &["/paths"], |e| {
        e.reverse()
    });
    let reordered = generate(&spec);
    let sorted = |s: &str| {
        let mut lines: Vec<&str> = s.lines().collect();
        lines.sort_unstable();
        lines.join("\n")
    };
    assert!(
        sorted(&reordered) == sorted(&original),
        "reordering paths changed more than the order of lines"
    );
}

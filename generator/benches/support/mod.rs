//! Synthetic inputs for the scaling benchmark: the repository's `spec/` made `factor`
//! times as large by renamed copies of its own content, so the shape of the input (how
//! deep schemas nest, how many parameters an operation has, how many conditions a table
//! carries) stays the real one and only the amount grows.
//!
//! Copy `n` (2..=factor; the original is copy 1) renames consistently:
//! - every component (schemas, parameters, ... but not security schemes, which the
//!   copies share) `X` to `X_copyN`, and every `$ref` to it;
//! - every path `/p` to `/copyN/p`, every operationId `op` to `op_copyN`, and every tag
//!   `A/B` to `A_copyN/B` (so each copy has its own client groups);
//! - every connector table `t.yaml` to `t_copyN.yaml` (`connector: t_copyN`, display name
//!   `<name> copyN`).
//!
//! `_bindings.yaml` is kept as is: the connection unions the original schemas bind grow
//! with the number of connectors, while the copied schemas carry their configuration
//! untyped. Binding every copy too would make the output grow with copies × connectors,
//! which measures the size of the input, not the generator.

use serde_yaml::{Mapping, Value};
use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

/// A synthetic input on disk (removed when dropped).
pub struct Synthetic {
    _dir: tempfile::TempDir,
    pub spec: PathBuf,
    pub connectors: PathBuf,
}

/// Writes `factor` copies of `spec_path` and of the tables in `connectors_dir` into a
/// new temporary directory. Factor 1 goes through the same rewriting (YAML re-emitted),
/// so every size is read in the same form.
pub fn synthesize(spec_path: &Path, connectors_dir: &Path, factor: usize) -> Synthetic {
    assert!(factor >= 1);
    let dir = tempfile::tempdir().expect("temp dir");
    let spec_text = std::fs::read_to_string(spec_path).expect("spec readable");
    let doc: Value = serde_yaml::from_str(&spec_text).expect("spec is YAML");
    let scaled = scale_spec(&doc, factor);
    let spec = dir.path().join("openapi.yaml");
    std::fs::write(
        &spec,
        serde_yaml::to_string(&scaled).expect("spec serializes"),
    )
    .expect("spec written");

    let connectors = dir.path().join("connectors");
    std::fs::create_dir(&connectors).expect("connectors dir");
    let mut entries: Vec<PathBuf> = std::fs::read_dir(connectors_dir)
        .expect("connectors dir readable")
        .map(|e| e.expect("dir entry").path())
        .filter(|p| p.extension().is_some_and(|e| e == "yaml"))
        .collect();
    entries.sort();
    for path in entries {
        let stem = path.file_stem().unwrap().to_string_lossy().into_owned();
        let text = std::fs::read_to_string(&path).expect("table readable");
        std::fs::write(connectors.join(format!("{stem}.yaml")), &text).expect("table written");
        if stem.starts_with('_') {
            // `_bindings.yaml`: see the module docs.
            continue;
        }
        for n in 2..=factor {
            let copy = rename_table(&text, &stem, n);
            std::fs::write(connectors.join(format!("{stem}_copy{n}.yaml")), copy)
                .expect("table written");
        }
    }
    Synthetic {
        _dir: dir,
        spec,
        connectors,
    }
}

/// A connector table as copy `n`: only its `connector:` and `name:` lines change.
fn rename_table(text: &str, id: &str, n: usize) -> String {
    let mut out = String::with_capacity(text.len() + 32);
    let (mut connector_done, mut name_done) = (false, false);
    for line in text.lines() {
        if !connector_done && line.starts_with("connector:") {
            out.push_str(&format!("connector: {id}_copy{n}"));
            connector_done = true;
        } else if !name_done && line.starts_with("name:") {
            out.push_str(&format!("{} copy{n}", line.trim_end()));
            name_done = true;
        } else {
            out.push_str(line);
        }
        out.push('\n');
    }
    assert!(connector_done, "table `{id}` has a `connector:` line");
    out
}

const OPERATION_KEYS: [&str; 8] = [
    "get", "put", "post", "delete", "options", "head", "patch", "trace",
];

/// Names of the components `$ref`s can point to, by kind, except security schemes.
fn component_names(doc: &Value) -> BTreeMap<String, BTreeSet<String>> {
    let mut out = BTreeMap::new();
    if let Some(Value::Mapping(components)) = doc.get("components") {
        for (kind, entries) in components {
            let (Some(kind), Value::Mapping(entries)) = (kind.as_str(), entries) else {
                continue;
            };
            if kind == "securitySchemes" {
                continue;
            }
            let names = entries
                .keys()
                .filter_map(|k| k.as_str().map(str::to_owned))
                .collect();
            out.insert(kind.to_owned(), names);
        }
    }
    out
}

fn scale_spec(doc: &Value, factor: usize) -> Value {
    let names = component_names(doc);
    let mut out = doc.clone();
    for n in 2..=factor {
        let suffix = format!("_copy{n}");
        let mut copy = doc.clone();
        rename_refs(&mut copy, &names, &suffix);

        if let Some(Value::Sequence(tags)) = copy.get("tags") {
            let renamed: Vec<Value> = tags
                .iter()
                .map(|t| {
                    let mut t = t.clone();
                    if let Some(Value::String(name)) = t.get_mut("name") {
                        *name = rename_tag(name, &suffix);
                    }
                    t
                })
                .collect();
            if let Some(Value::Sequence(all)) = out.get_mut("tags") {
                all.extend(renamed);
            }
        }

        if let Some(Value::Mapping(paths)) = copy.get("paths") {
            let mut renamed = Mapping::new();
            for (path, item) in paths {
                let path = format!("/copy{n}{}", path.as_str().expect("path is a string"));
                let mut item = item.clone();
                for method in OPERATION_KEYS {
                    if let Some(op) = item.get_mut(method) {
                        rename_operation(op, &suffix);
                    }
                }
                renamed.insert(Value::String(path), item);
            }
            if let Some(Value::Mapping(all)) = out.get_mut("paths") {
                all.extend(renamed);
            }
        }

        if let Some(Value::Mapping(components)) = copy.get("components") {
            for (kind, entries) in components {
                let Some(kind) = kind.as_str() else { continue };
                if !names.contains_key(kind) {
                    continue;
                }
                let Value::Mapping(entries) = entries else {
                    continue;
                };
                let renamed = entries.iter().map(|(name, value)| {
                    let name = format!("{}{suffix}", name.as_str().expect("component name"));
                    (Value::String(name), value.clone())
                });
                if let Some(Value::Mapping(all)) =
                    out.get_mut("components").and_then(|c| c.get_mut(kind))
                {
                    all.extend(renamed);
                }
            }
        }
    }
    out
}

/// `A/B` as `A_copyN/B`: the copy's groups sit beside the original's.
fn rename_tag(tag: &str, suffix: &str) -> String {
    match tag.split_once('/') {
        Some((first, rest)) => format!("{first}{suffix}/{rest}"),
        None => format!("{tag}{suffix}"),
    }
}

fn rename_operation(op: &mut Value, suffix: &str) {
    if let Some(Value::String(id)) = op.get_mut("operationId") {
        id.push_str(suffix);
    }
    if let Some(Value::Sequence(tags)) = op.get_mut("tags") {
        for tag in tags {
            if let Value::String(t) = tag {
                *t = rename_tag(t, suffix);
            }
        }
    }
}

/// Points every `$ref` to a component at that component's copy.
fn rename_refs(value: &mut Value, names: &BTreeMap<String, BTreeSet<String>>, suffix: &str) {
    match value {
        Value::Mapping(m) => {
            for (key, v) in m.iter_mut() {
                if key.as_str() == Some("$ref") {
                    if let Value::String(r) = v {
                        let target = r
                            .strip_prefix("#/components/")
                            .and_then(|rest| rest.split_once('/'));
                        if let Some((kind, name)) = target {
                            if names.get(kind).is_some_and(|n| n.contains(name)) {
                                r.push_str(suffix);
                            }
                        }
                    }
                } else {
                    rename_refs(v, names, suffix);
                }
            }
        }
        Value::Sequence(s) => {
            for v in s {
                rename_refs(v, names, suffix);
            }
        }
        Value::Tagged(t) => rename_refs(&mut t.value, names, suffix),
        _ => {}
    }
}

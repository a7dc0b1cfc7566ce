//! Bundling: one document out of a root that `$ref`s other files or odd places in itself.
//!
//! Real descriptions split themselves over many files (`$ref: 'resources/droplets/list.yml'`)
//! and point anywhere (`#/paths/~1incidents/get/...`). Later stages want one document whose
//! references all name a component, so before any checking:
//!
//! - a schema reached by a `$ref` that is not `#/components/schemas/Name` of the root is
//!   *hoisted*: copied once into `#/components/schemas` under a name taken from where it
//!   was written, so it becomes a named type and recursion through it stays a reference;
//! - anything else (path items, operations, parameters, responses, headers, a
//!   `description` written as a `$ref`) is *inlined*: the referenced node replaces the
//!   reference, unless it is a component of the root that later stages follow themselves.
//!
//! Every copied subtree is recorded as a [`Mount`], so a diagnostic about any node names the
//! file and line where that node was written. References inside a copied node are resolved
//! relative to the file it came from; a file is read once however often it is reached.
//! Values that are data, not description (`example`, `examples`, `default`, `enum`,
//! `x-...` extensions) are left as they are.

use super::pointer::{escape, unescape};
use super::read::parse_text;
use super::source::{unmount, Mount, SourceFile};
use crate::error::{closest, Diagnostic, Diagnostics, Error};
use crate::names::type_name;
use serde_json::{Map, Value};
use std::collections::{HashMap, HashSet};
use std::path::{Component, Path, PathBuf};
use std::sync::Arc;

/// The bundled document, where its parts came from, and every file it reached.
pub struct Bundled {
    pub value: Value,
    pub mounts: Vec<Mount>,
    /// The files other than the root that the document reaches, in the order first reached.
    pub files: Vec<PathBuf>,
}

/// Bundles `root` (the parsed text of `source`, whose nodes already moved are `mounts`).
pub fn bundle(source: &SourceFile, mut root: Value, mounts: Vec<Mount>) -> Result<Bundled, Error> {
    if !has_work(&root) {
        return Ok(Bundled {
            value: root,
            mounts,
            files: Vec::new(),
        });
    }
    let mut b = Bundler {
        root_src: source,
        files: vec![LoadedFile {
            source: None,
            value: root.clone(),
        }],
        by_path: HashMap::new(),
        failed: HashSet::new(),
        hoisted: HashMap::new(),
        schemas: Vec::new(),
        taken: HashSet::new(),
        mounts,
        inlining: Vec::new(),
        diags: Diagnostics::new(),
    };
    b.by_path.insert(normal(&source.path), 0);
    let existing: Vec<String> = root
        .pointer("/components/schemas")
        .and_then(Value::as_object)
        .map(|m| m.keys().cloned().collect())
        .unwrap_or_default();
    for name in &existing {
        b.taken.insert(type_name(name));
        b.hoisted.insert(
            (0, format!("/components/schemas/{}", escape(name))),
            name.clone(),
        );
    }
    // A root component that is only a reference to a schema elsewhere takes that schema's
    // place: `Droplet: {$ref: droplet.yml}` is the type `Droplet`, not an alias of another.
    for name in &existing {
        let at = format!("/components/schemas/{}", escape(name));
        let Some(r) = root
            .pointer(&at)
            .and_then(|s| s.get("$ref"))
            .and_then(Value::as_str)
        else {
            continue;
        };
        if r.starts_with("#/components/schemas/") {
            continue;
        }
        let r = r.to_owned();
        let Some(target) = b.target(0, &r, &format!("{at}/$ref")) else {
            // Reported; nothing is generated, so the walk need not meet it again.
            if let Some(slot) = components_schemas(&mut root) {
                slot.insert(name.clone(), Value::Object(Map::new()));
            }
            continue;
        };
        if b.hoisted.contains_key(&target) || other_section(&target.1).is_some() {
            // Two names for one schema: the second stays an alias. Not a schema at all:
            // the walk below reports it.
            continue;
        }
        b.hoisted.insert(target.clone(), name.clone());
        b.schemas.push((name.clone(), target.0, target.1));
        // Filled in place (keeping the document's order) once the schema is copied.
        if let Some(slot) = components_schemas(&mut root) {
            slot.insert(name.clone(), Value::Null);
        }
    }
    b.walk(&mut root, Kind::Other, 0, String::new(), 0);
    // Hoisted schemas are walked as they are found; each may hoist more.
    let mut i = 0;
    while let Some((name, file, from)) = b.schemas.get(i).cloned() {
        i += 1;
        let Some(mut schema) = b.node(file, &from) else {
            continue;
        };
        let at = format!("/components/schemas/{}", escape(&name));
        b.mount(&at, file, &from);
        b.walk(&mut schema, Kind::Schema, file, at, 0);
        if let Some(slot) = components_schemas(&mut root) {
            slot.insert(name, schema);
        }
    }
    // The bundler reports errors only; what it degrades, the checker reports.
    b.diags.finish()?;
    let files = b
        .files
        .iter()
        .filter_map(|f| f.source.as_ref().map(|s| s.path.clone()))
        .collect();
    Ok(Bundled {
        value: root,
        mounts: b.mounts,
        files,
    })
}

/// Whether any `$ref` needs bundling (a document whose references are all plain
/// components is returned as it is, without a copy).
fn has_work(v: &Value) -> bool {
    match v {
        Value::Object(m) => m.iter().any(|(k, v)| match (k.as_str(), v) {
            // A pointer into a component (`#/components/schemas/A/properties/b`) is a
            // schema to hoist, not a component.
            ("$ref", Value::String(r)) => {
                !(is_component(r, Kind::Schema) || is_component(r, Kind::Other))
            }
            _ if is_data(k, false) => false,
            _ => has_work(v),
        }),
        Value::Array(items) => items.iter().any(has_work),
        _ => false,
    }
}

/// Keys whose values are data, never followed (`default` is data only in a schema: in
/// `responses` it is the catch-all response).
fn is_data(key: &str, in_schema: bool) -> bool {
    key.starts_with("x-")
        || matches!(key, "example" | "examples")
        || (in_schema && matches!(key, "default" | "enum"))
}

fn components_schemas(root: &mut Value) -> Option<&mut Map<String, Value>> {
    let root = root.as_object_mut()?;
    let components = root
        .entry("components")
        .or_insert_with(|| Value::Object(Map::new()))
        .as_object_mut()?;
    components
        .entry("schemas")
        .or_insert_with(|| Value::Object(Map::new()))
        .as_object_mut()
}

/// What a node is, as far as references care.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Kind {
    Schema,
    /// A map of names to schemas (`properties`, `components/schemas`).
    SchemaMap,
    /// A list of schemas (`allOf`, `oneOf`, `anyOf`).
    SchemaList,
    Other,
}

/// Files are numbered; 0 is the root.
type FileId = usize;

struct LoadedFile {
    /// `None` for the root, whose source the caller owns.
    source: Option<Arc<SourceFile>>,
    /// The file's content as parsed, unchanged: copies are taken from here.
    value: Value,
}

/// Deeper than this, inlining is not something a person wrote.
const MAX_DEPTH: usize = 200;

struct Bundler<'s> {
    root_src: &'s SourceFile,
    files: Vec<LoadedFile>,
    by_path: HashMap<PathBuf, FileId>,
    /// Files that could not be read or parsed (reported once).
    failed: HashSet<PathBuf>,
    /// (file, pointer) of each schema hoisted (or already a root component) → its name.
    hoisted: HashMap<(FileId, String), String>,
    /// Hoisted schemas still to copy and walk: (name, file, pointer in it).
    schemas: Vec<(String, FileId, String)>,
    /// Component names in use, as Rust type names (so no two become the same type).
    taken: HashSet<String>,
    mounts: Vec<Mount>,
    /// References being inlined, innermost last, to report cycles.
    inlining: Vec<(FileId, String)>,
    diags: Diagnostics,
}

impl Bundler<'_> {
    /// A diagnostic about the node at `pointer` of the document being bundled.
    fn error(&mut self, pointer: &str, message: String, help: Option<String>) {
        let (file, inner) = match unmount(&self.mounts, pointer) {
            Some((m, inner)) => (m.file.clone(), inner),
            None => (None, pointer.to_owned()),
        };
        let mut d = match &file {
            Some(f) => f.error(&inner, message),
            None => self.root_src.error(&inner, message),
        };
        d.help = help;
        self.diags.error(d);
    }

    fn mount(&mut self, at: &str, file: FileId, from: &str) {
        let file = self.files.get(file).and_then(|f| f.source.clone());
        self.mounts.push(Mount {
            at: at.to_owned(),
            file,
            from: from.to_owned(),
        });
    }

    /// A copy of the node at `pointer` of `file`, as written.
    fn node(&self, file: FileId, pointer: &str) -> Option<Value> {
        self.files.get(file)?.value.pointer(pointer).cloned()
    }

    fn path_of(&self, file: FileId) -> &Path {
        match self.files.get(file).and_then(|f| f.source.as_deref()) {
            Some(s) => &s.path,
            None => &self.root_src.path,
        }
    }

    /// Where `$ref: r`, written in `file` at bundled pointer `at`, points: the file
    /// (loaded if new) and the pointer in it; `None` (with an error) when it cannot be read.
    fn target(&mut self, file: FileId, r: &str, at: &str) -> Option<(FileId, String)> {
        let (path, fragment) = r.split_once('#').unwrap_or((r, ""));
        let fragment = percent_decode(fragment);
        if path.contains("://") || path.starts_with("//") {
            self.error(
                at,
                format!("remote `$ref: {r}` is not supported; only this document and files beside it can be read"),
                Some("download the referenced document and refer to it by a relative path".into()),
            );
            return None;
        }
        if !fragment.is_empty() && !fragment.starts_with('/') {
            self.error(
                at,
                format!("`$ref: {r}`: the part after `#` must be a JSON pointer such as `#/components/schemas/Name`"),
                None,
            );
            return None;
        }
        let target = if path.is_empty() {
            file
        } else {
            let base = self.path_of(file).parent().unwrap_or(Path::new(""));
            let full = normal(&base.join(percent_decode(path)));
            self.load(&full, r, at)?
        };
        let exists = self
            .files
            .get(target)
            .is_some_and(|f| f.value.pointer(&fragment).is_some());
        if !exists {
            self.missing(target, r, &fragment, at);
            return None;
        }
        Some((target, fragment))
    }

    fn missing(&mut self, target: FileId, r: &str, fragment: &str, at: &str) {
        let (parent, last) = fragment.rsplit_once('/').unwrap_or(("", fragment));
        let siblings: Vec<String> = self
            .files
            .get(target)
            .and_then(|f| f.value.pointer(parent))
            .and_then(Value::as_object)
            .map(|m| m.keys().cloned().collect())
            .unwrap_or_default();
        let last = unescape(last);
        let hint = closest(&last, siblings.iter().map(String::as_str))
            .map(|c| format!("did you mean `#{parent}/{}`?", escape(c)));
        let file = self.path_of(target).display().to_string();
        self.error(at, format!("`$ref: {r}` points to nothing in {file}"), hint);
    }

    /// Reads and parses a referenced file once; errors name the referring place too.
    fn load(&mut self, path: &Path, r: &str, at: &str) -> Option<FileId> {
        if let Some(&id) = self.by_path.get(path) {
            return Some(id);
        }
        if self.failed.contains(path) {
            return None; // Reported once, where it was first reached.
        }
        let text = match std::fs::read_to_string(path) {
            Ok(t) => t,
            Err(e) => {
                self.failed.insert(path.to_path_buf());
                self.error(
                    at,
                    format!("`$ref: {r}`: cannot read {}: {e}", path.display()),
                    None,
                );
                return None;
            }
        };
        // A file that is neither JSON nor YAML (Markdown for a `description`, as Redocly
        // documents do) is text: its content, as a string.
        let structured = path
            .extension()
            .and_then(|e| e.to_str())
            .is_some_and(|e| matches!(e.to_ascii_lowercase().as_str(), "json" | "yaml" | "yml"));
        let parsed = if structured || path.extension().is_none() {
            parse_text(path, text, "an OpenAPI fragment")
        } else {
            Ok((SourceFile::new(path, text.clone()), Value::String(text)))
        };
        let (source, value) = match parsed {
            Ok(parsed) => parsed,
            Err(e) => {
                self.failed.insert(path.to_path_buf());
                self.diags.extend(e.diagnostics().iter().cloned());
                return None;
            }
        };
        for dup in source.duplicate_keys() {
            let key = dup.pointer.rsplit('/').next().unwrap_or("");
            let d = Diagnostic::new(
                path,
                format!(
                    "key `{}` appears twice in the same mapping (first at line {})",
                    unescape(key),
                    dup.first.line
                ),
            )
            .at(Some(dup.again))
            .pointer(dup.pointer.clone())
            .help("merge the two entries; only one would be used");
            self.diags.error(d);
        }
        let id = self.files.len();
        self.files.push(LoadedFile {
            source: Some(Arc::new(source)),
            value,
        });
        self.by_path.insert(path.to_path_buf(), id);
        Some(id)
    }

    /// Resolves every reference in `v` (written in `file`, at bundled pointer `at`).
    fn walk(&mut self, v: &mut Value, kind: Kind, file: FileId, at: String, depth: usize) {
        if depth > MAX_DEPTH {
            self.error(
                &at,
                format!("references nest more than {MAX_DEPTH} levels deep"),
                None,
            );
            return;
        }
        match v {
            Value::Object(m) => {
                if let Some(Value::String(r)) = m.get("$ref") {
                    let r = r.clone();
                    self.reference(v, &r, kind, file, at, depth);
                    return;
                }
                for (key, child) in m.iter_mut() {
                    let child_kind = match (kind, key.as_str()) {
                        (Kind::SchemaMap | Kind::SchemaList, _) => Kind::Schema,
                        (_, k) if is_data(k, kind == Kind::Schema) => continue,
                        (Kind::Schema, "properties") => Kind::SchemaMap,
                        (Kind::Schema, "allOf" | "oneOf" | "anyOf") => Kind::SchemaList,
                        (Kind::Schema, "items" | "not" | "additionalProperties") => Kind::Schema,
                        (Kind::Schema, "discriminator") => {
                            self.mapping(child, file, &format!("{at}/discriminator"));
                            continue;
                        }
                        (Kind::Other, "schema") => Kind::Schema,
                        (Kind::Other, "schemas") if at == "/components" => Kind::SchemaMap,
                        _ => Kind::Other,
                    };
                    let child_at = format!("{at}/{}", escape(key));
                    self.walk(child, child_kind, file, child_at, depth + 1);
                }
            }
            Value::Array(items) => {
                let item_kind = match kind {
                    Kind::SchemaList => Kind::Schema,
                    _ => Kind::Other,
                };
                for (i, item) in items.iter_mut().enumerate() {
                    self.walk(item, item_kind, file, format!("{at}/{i}"), depth + 1);
                }
            }
            _ => {}
        }
    }

    fn reference(
        &mut self,
        v: &mut Value,
        r: &str,
        kind: Kind,
        file: FileId,
        at: String,
        depth: usize,
    ) {
        // The root's own components stay references: later stages follow them.
        if file == 0 && is_component(r, kind) {
            return;
        }
        let ref_at = format!("{at}/$ref");
        let Some((target, pointer)) = self.target(file, r, &ref_at) else {
            return;
        };
        if kind == Kind::Schema {
            if let Some(section) = other_section(&pointer) {
                self.error(
                    &ref_at,
                    format!("`$ref: {r}` is used as a schema but points to an entry of `{section}`, not of `schemas`"),
                    Some("refer to a schema, e.g. the one in that entry's `schema`".into()),
                );
                return;
            }
            let (target, pointer) = self.through_refs(target, pointer, &ref_at);
            let name = self.hoist(target, &pointer);
            // Siblings stay: 3.1 reads them (a `description`, `nullable`) beside the `$ref`.
            if let Some(m) = v.as_object_mut() {
                m.insert(
                    "$ref".into(),
                    Value::String(format!("#/components/schemas/{}", escape(&name))),
                );
            }
            return;
        }
        let key = (target, pointer.clone());
        if self.inlining.contains(&key) {
            let mut path = self.path_of(target).display().to_string();
            if !pointer.is_empty() {
                path = format!("{path}#{pointer}");
            }
            self.error(
                &ref_at,
                format!(
                    "`$ref: {r}` refers to itself (through {path}); only schemas may be recursive"
                ),
                None,
            );
            return;
        }
        let Some(node) = self.node(target, &pointer) else {
            return;
        };
        *v = node;
        self.mount(&at, target, &pointer);
        self.inlining.push(key);
        self.walk(v, kind, target, at, depth + 1);
        self.inlining.pop();
    }

    /// Where a chain of schemas that are only `$ref`s ends, so a reference to a reference
    /// names the schema itself rather than an alias of it. A root component ends the
    /// chain (it has its name already); a chain that cannot be followed stops early and
    /// is hoisted as it is (a cycle is then reported as one).
    fn through_refs(
        &mut self,
        mut file: FileId,
        mut pointer: String,
        at: &str,
    ) -> (FileId, String) {
        for _ in 0..32 {
            if self.hoisted.contains_key(&(file, pointer.clone())) {
                break;
            }
            let next = self
                .files
                .get(file)
                .and_then(|f| f.value.pointer(&pointer))
                .and_then(|n| n.get("$ref"))
                .and_then(Value::as_str)
                .map(str::to_owned);
            let Some(r) = next else { break };
            if r.contains("://") {
                break;
            }
            let diags = self.diags.error_count();
            match self.target(file, &r, at) {
                Some((f, p))
                    if !p.starts_with("/components/") || p.starts_with("/components/schemas/") =>
                {
                    (file, pointer) = (f, p);
                }
                _ => {
                    // Reported where the chain is hoisted and walked, at its own place.
                    self.diags.truncate_errors(diags);
                    break;
                }
            }
        }
        (file, pointer)
    }

    /// `discriminator.mapping` values that are references name schemas too.
    fn mapping(&mut self, d: &mut Value, file: FileId, at: &str) {
        let Some(mapping) = d.get_mut("mapping").and_then(Value::as_object_mut) else {
            return;
        };
        for (value, target) in mapping.iter_mut() {
            let Some(r) = target.as_str() else { continue };
            // A bare name is a component name, not a reference.
            let is_reference = r.contains('#') || r.contains('/') || r.contains('.');
            if !is_reference || (file == 0 && is_component(r, Kind::Schema)) {
                continue;
            }
            let r = r.to_owned();
            let m_at = format!("{at}/mapping/{}", escape(value));
            let errors = self.diags.error_count();
            match self.target(file, &r, &m_at) {
                Some((t, pointer)) => {
                    let (t, pointer) = self.through_refs(t, pointer, &m_at);
                    let name = self.hoist(t, &pointer);
                    *target = Value::String(format!("#/components/schemas/{}", escape(&name)));
                }
                // A mapping entry is one value's shortcut, not a schema: left as written,
                // resolution warns that it leads nowhere and decodes that value by shape.
                None => self.diags.truncate_errors(errors),
            }
        }
    }

    /// The component name of the schema at `pointer` of `file`, hoisting it if new.
    fn hoist(&mut self, file: FileId, pointer: &str) -> String {
        let key = (file, pointer.to_owned());
        if let Some(name) = self.hoisted.get(&key) {
            return name.clone();
        }
        let name = self.fresh_name(file, pointer);
        self.hoisted.insert(key, name.clone());
        self.schemas.push((name.clone(), file, pointer.to_owned()));
        name
    }

    /// A component name from where a schema was written: the last meaningful segment
    /// of its pointer, else the file's name, widened with earlier segments (then a
    /// number) until no other component has it.
    fn fresh_name(&mut self, file: FileId, pointer: &str) -> String {
        let root_dir = self.root_src.path.parent().unwrap_or(Path::new(""));
        let file = (file != 0).then(|| self.path_of(file).to_path_buf());
        let candidates = place_names(root_dir, file.as_deref(), pointer);
        let base = candidates
            .first()
            .cloned()
            .unwrap_or_else(|| "Schema".to_owned());
        let name = candidates
            .into_iter()
            .find(|c| !type_name(c).is_empty() && !self.taken.contains(&type_name(c)))
            .unwrap_or_else(|| {
                (2..)
                    .map(|i| format!("{base}_{i}"))
                    .find(|c| !self.taken.contains(&type_name(c)))
                    .unwrap_or_default()
            });
        self.taken.insert(type_name(&name));
        name
    }
}

/// Names for the node at `pointer` of `file` (`None`: the root document, in `root_dir`),
/// narrowest first: the last meaningful segment of the pointer (else the file's name),
/// then widened with earlier segments, the file's name and its folders below the root's
/// (without generic ones such as `models`): `orders/models/item.yaml` is `item`, then
/// `orders_item`. Empty when the place says nothing (a root pointer of only structure).
pub(crate) fn place_names(root_dir: &Path, file: Option<&Path>, pointer: &str) -> Vec<String> {
    let mut words: Vec<String> = Vec::new();
    if let Some(path) = file {
        let rel = path.strip_prefix(normal(root_dir)).unwrap_or(path);
        if let Some(dirs) = rel.parent() {
            words.extend(
                dirs.components()
                    .filter_map(|c| c.as_os_str().to_str())
                    .filter(|d| !is_generic_folder(d))
                    .map(str::to_owned),
            );
        }
        if let Some(stem) = rel.file_stem().and_then(|s| s.to_str()) {
            words.push(stem.to_owned());
        }
    }
    words.extend(
        pointer
            .split('/')
            .skip(1)
            .map(unescape)
            .filter_map(|s| match s.strip_prefix('/') {
                // A path (`/orders/{id}`) contributes its last literal part.
                Some(path) => path
                    .rsplit('/')
                    .find(|p| !p.is_empty() && !p.starts_with('{'))
                    .map(str::to_owned),
                None => Some(s),
            })
            .filter(|s| !is_structural(s)),
    );
    (1..=words.len())
        .filter_map(|n| words.get(words.len() - n..).map(|tail| tail.join("_")))
        .collect()
}

/// The components section other than `schemas` whose entry `pointer` is, if any. A
/// pointer further down (a response's `content/application~1json/schema`) is a schema.
fn other_section(pointer: &str) -> Option<&str> {
    let mut parts = pointer.strip_prefix("/components/")?.split('/');
    let section = parts.next().filter(|section| *section != "schemas")?;
    parts.next()?;
    parts.next().is_none().then_some(section)
}

/// A `$ref` of the root that later stages follow as it is.
fn is_component(r: &str, kind: Kind) -> bool {
    let sections: &[&str] = if kind == Kind::Schema {
        &["schemas"]
    } else {
        &["parameters", "responses", "requestBodies"]
    };
    sections.iter().any(|s| {
        r.strip_prefix("#/components/")
            .and_then(|rest| rest.strip_prefix(s))
            .and_then(|rest| rest.strip_prefix('/'))
            .is_some_and(|name| !name.is_empty() && !name.contains('/'))
    })
}

/// Folder names that say what a file holds, not what it is about.
fn is_generic_folder(name: &str) -> bool {
    matches!(
        name,
        "." | ".."
            | "models"
            | "schemas"
            | "definitions"
            | "components"
            | "resources"
            | "shared"
            | "common"
            | "attributes"
            | "responses"
            | "parameters"
    )
}

/// Pointer segments that say where a schema sits, not what it is.
fn is_structural(segment: &str) -> bool {
    segment.contains('/')
        || segment.chars().all(|c| c.is_ascii_digit())
        || matches!(
            segment,
            "components"
                | "schemas"
                | "definitions"
                | "paths"
                | "content"
                | "schema"
                | "properties"
                | "items"
                | "allOf"
                | "oneOf"
                | "anyOf"
                | "not"
                | "additionalProperties"
                | "responses"
                | "requestBody"
                | "requestBodies"
                | "parameters"
                | "get"
                | "put"
                | "post"
                | "delete"
                | "patch"
                | "head"
                | "options"
                | "trace"
        )
}

/// A path with `.` and `..` taken out lexically, so one file has one key however it is
/// reached (`a/../b.yml` and `b.yml`).
fn normal(path: &Path) -> PathBuf {
    let mut out = PathBuf::new();
    for c in path.components() {
        match c {
            Component::CurDir => {}
            Component::ParentDir => {
                if !out.pop() {
                    out.push("..");
                }
            }
            other => out.push(other),
        }
    }
    out
}

/// `%20`-style escapes in a reference (URI syntax); malformed ones are kept as written.
fn percent_decode(s: &str) -> String {
    if !s.contains('%') {
        return s.to_owned();
    }
    let bytes = s.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while let Some(&b) = bytes.get(i) {
        let hex = bytes
            .get(i + 1..i + 3)
            .and_then(|h| std::str::from_utf8(h).ok())
            .and_then(|h| u8::from_str_radix(h, 16).ok());
        match (b, hex) {
            (b'%', Some(h)) => {
                out.push(h);
                i += 3;
            }
            _ => {
                out.push(b);
                i += 1;
            }
        }
    }
    String::from_utf8(out).unwrap_or_else(|_| s.to_owned())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_file_that_is_neither_json_nor_yaml_is_text() {
        let dir = tempfile::tempdir().unwrap();
        // Not YAML: a table row is read as a block scalar indicator.
        let prose = "Things you own.\n\n| Name | Value |\n|---|---|\n| a | b |\n";
        std::fs::write(dir.path().join("tag.md"), prose).unwrap();
        let root = dir.path().join("api.yaml");
        std::fs::write(
            &root,
            "openapi: 3.0.3\ninfo: {title: t, version: '1'}\n\
             tags:\n  - name: Things\n    description: {$ref: ./tag.md}\npaths: {}\n",
        )
        .unwrap();
        let spec = crate::load::openapi::load(&root).unwrap();
        assert_eq!(spec.doc.tags[0].description.as_deref(), Some(prose));
        assert_eq!(spec.files, [dir.path().join("tag.md")]);
    }

    #[test]
    fn paths_are_normalised_lexically() {
        assert_eq!(
            normal(Path::new("a/b/../c/./d.yml")),
            PathBuf::from("a/c/d.yml")
        );
        assert_eq!(normal(Path::new("../x.yml")), PathBuf::from("../x.yml"));
    }

    #[test]
    fn percent_escapes_decode_and_bad_ones_stay() {
        assert_eq!(percent_decode("a%20b"), "a b");
        assert_eq!(percent_decode("100%"), "100%");
        assert_eq!(percent_decode("%zz"), "%zz");
    }

    #[test]
    fn only_plain_root_components_stay_references() {
        assert!(is_component("#/components/schemas/A", Kind::Schema));
        assert!(!is_component(
            "#/components/schemas/A/properties/b",
            Kind::Schema
        ));
        assert!(is_component("#/components/parameters/p", Kind::Other));
        assert!(!is_component("#/components/headers/h", Kind::Other));
        assert!(!is_component(
            "other.yml#/components/schemas/A",
            Kind::Schema
        ));
    }
}

//! Loading connector configuration tables: one YAML file per connector that transcribes
//! the connector's documentation page (see `docs/connector-tables.md`).
//!
//! Loading is strict and reports every problem of a file at once: unknown keys, bad
//! types, values outside the accepted ones, and conditions that name unknown fields,
//! test fields that cannot be tested, or can never hold. Each diagnostic names the file,
//! line and column.

use super::pointer::escape;
use super::source::SourceFile;
use crate::error::{closest, Diagnostic, Error, Location};
use serde::de::{self, DeserializeOwned, MapAccess, Visitor};
use serde::{Deserialize, Deserializer, Serialize, Serializer};
use serde_json::Value as Json;
use serde_yaml::Value as Yaml;
use std::collections::{BTreeMap, BTreeSet};
use std::fmt;
use std::path::{Path, PathBuf};

// ---------------------------------------------------------------------------------------
// The file format, as written (also what the importer reads and writes).
// ---------------------------------------------------------------------------------------

/// A table file as written. `F` is the type of field entries: [`RawField`] normally,
/// [`Yaml`] while loading, so that each entry is checked on its own.
#[derive(Debug, Clone, Default, Serialize, Deserialize, PartialEq)]
#[serde(deny_unknown_fields, bound(deserialize = "F: Deserialize<'de>"))]
pub struct RawTable<F = RawField> {
    /// The connection `type` (also the file name).
    pub connector: String,
    /// The connector's display name.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    /// Free text for maintainers (YAML comments do not survive the importer).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub notes: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub supports: Option<RawSupports>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub connection: Option<RawArea<F>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub read_only: Option<RawArea<F>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub model: Option<RawArea<F>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub target: Option<RawArea<F>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub bulk_source: Option<RawArea<F>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub bulk_destination: Option<RawArea<F>>,
}

/// The docs' "Supports" list.
#[derive(Debug, Clone, Copy, Default, Serialize, Deserialize, PartialEq, Eq)]
#[serde(deny_unknown_fields)]
pub struct RawSupports {
    #[serde(default)]
    pub models: bool,
    #[serde(default)]
    pub model_sync_destination: bool,
    #[serde(default)]
    pub bulk_sync_source: bool,
    #[serde(default)]
    pub bulk_sync_destination: bool,
}

/// One area: unconditional fields, sections of fields that exist only when a condition
/// holds (keyed by the condition, as the docs head them), and the documented example.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
#[serde(deny_unknown_fields, bound(deserialize = "F: Deserialize<'de>"))]
pub struct RawArea<F = RawField> {
    #[serde(default = "Vec::new", skip_serializing_if = "Vec::is_empty")]
    pub fields: Vec<F>,
    #[serde(default = "Sections::new", skip_serializing_if = "Sections::is_empty")]
    pub when: Sections<F>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub example: Option<Json>,
}

impl<F> Default for RawArea<F> {
    fn default() -> Self {
        RawArea {
            fields: Vec::new(),
            when: Sections::new(),
            example: None,
        }
    }
}

/// `when:` sections in file order; a condition written twice is an error.
#[derive(Debug, Clone, PartialEq)]
pub struct Sections<F>(pub Vec<(String, Vec<F>)>);

impl<F> Default for Sections<F> {
    fn default() -> Self {
        Sections(Vec::new())
    }
}

impl<F> Sections<F> {
    pub fn new() -> Self {
        Sections(Vec::new())
    }
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }
}

impl<F: Serialize> Serialize for Sections<F> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_map(self.0.iter().map(|(k, v)| (k, v)))
    }
}

impl<'de, F: Deserialize<'de>> Deserialize<'de> for Sections<F> {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V<F>(std::marker::PhantomData<F>);
        impl<'de, F: Deserialize<'de>> Visitor<'de> for V<F> {
            type Value = Sections<F>;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("a mapping from conditions to lists of fields")
            }
            fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Self::Value, A::Error> {
                let mut out: Vec<(String, Vec<F>)> = Vec::new();
                let mut seen = BTreeSet::new();
                while let Some((k, v)) = map.next_entry::<String, Vec<F>>()? {
                    if !seen.insert(k.clone()) {
                        return Err(de::Error::custom(format!(
                            "condition `{k}` has two sections; merge them"
                        )));
                    }
                    out.push((k, v));
                }
                Ok(Sections(out))
            }
        }
        d.deserialize_map(V(std::marker::PhantomData))
    }
}

/// One field as written.
#[derive(Debug, Clone, Default, Serialize, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct RawField {
    pub name: String,
    /// `string`, `integer`, `number`, `boolean`, `object`, `array of T`, `map of T`.
    #[serde(rename = "type")]
    pub ty: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub label: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub required: Option<bool>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub default: Option<Json>,
    /// Accepted values (for `string` and `array of string`).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub values: Vec<RawValue>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub sensitive: Option<bool>,
    /// Hidden in the Polytomic UI (but accepted by the API).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub hidden: Option<bool>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub examples: Vec<Json>,
    /// The fields of an `object` (or `array of object`) value.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub fields: Vec<RawField>,
}

/// An accepted value: `csv`, or `{value: csv, label: CSV}`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RawValue {
    pub value: String,
    pub label: Option<String>,
}

impl Serialize for RawValue {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        match &self.label {
            None => s.serialize_str(&self.value),
            Some(label) => {
                // `value` first: it reads better than sorted keys.
                s.collect_map([("value", &self.value), ("label", label)])
            }
        }
    }
}

impl<'de> Deserialize<'de> for RawValue {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        #[derive(Deserialize)]
        #[serde(deny_unknown_fields)]
        struct Labelled {
            value: String,
            #[serde(default)]
            label: Option<String>,
        }
        #[derive(Deserialize)]
        #[serde(untagged)]
        enum Either {
            Plain(String),
            Labelled(Labelled),
        }
        match Either::deserialize(d) {
            Ok(Either::Plain(value)) => Ok(RawValue { value, label: None }),
            Ok(Either::Labelled(l)) => Ok(RawValue {
                value: l.value,
                label: l.label,
            }),
            Err(_) => Err(de::Error::custom(
                "an accepted value is a string or `{value: ..., label: ...}`",
            )),
        }
    }
}

// ---------------------------------------------------------------------------------------
// The checked model the resolver reads.
// ---------------------------------------------------------------------------------------

/// A loaded, checked table.
#[derive(Debug)]
pub struct Table {
    pub id: String,
    pub name: Option<String>,
    pub supports: Option<RawSupports>,
    /// Where the table's facts come from, as its `notes` say.
    pub notes: Option<String>,
    /// Areas present in the file, in [`TableArea::ALL`] order.
    pub areas: Vec<Area>,
    /// The file, for diagnostics found after loading.
    pub source: SourceFile,
}

impl Table {
    pub fn area(&self, kind: TableArea) -> Option<&Area> {
        self.areas.iter().find(|a| a.kind == kind)
    }
}

/// The areas of a table file.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum TableArea {
    Connection,
    ReadOnly,
    Model,
    Target,
    BulkSource,
    BulkDestination,
}

impl TableArea {
    pub const ALL: [TableArea; 6] = [
        TableArea::Connection,
        TableArea::ReadOnly,
        TableArea::Model,
        TableArea::Target,
        TableArea::BulkSource,
        TableArea::BulkDestination,
    ];

    /// The key in the file.
    pub fn key(self) -> &'static str {
        match self {
            TableArea::Connection => "connection",
            TableArea::ReadOnly => "read_only",
            TableArea::Model => "model",
            TableArea::Target => "target",
            TableArea::BulkSource => "bulk_source",
            TableArea::BulkDestination => "bulk_destination",
        }
    }

    fn of<F>(self, t: &RawTable<F>) -> Option<&RawArea<F>> {
        match self {
            TableArea::Connection => t.connection.as_ref(),
            TableArea::ReadOnly => t.read_only.as_ref(),
            TableArea::Model => t.model.as_ref(),
            TableArea::Target => t.target.as_ref(),
            TableArea::BulkSource => t.bulk_source.as_ref(),
            TableArea::BulkDestination => t.bulk_destination.as_ref(),
        }
    }
}

/// One checked area.
#[derive(Debug, Clone)]
pub struct Area {
    pub kind: TableArea,
    /// Every field, unconditional ones first, then each section's in file order.
    pub entries: Vec<Entry>,
    pub example: Option<Json>,
}

/// A field with the condition it sits under.
#[derive(Debug, Clone)]
pub struct Entry {
    pub field: FieldDef,
    /// The condition as written (`None`: always present).
    pub condition: Option<Condition>,
    /// When the field exists, with the conditions of the switches it depends on folded in:
    /// a disjunction of conjunctions. `[[]]` means always.
    pub guard: Vec<Vec<Atom>>,
}

impl Entry {
    /// Where the entry's condition is written (empty for an unconditional field).
    pub fn condition_pointer(&self) -> String {
        self.condition
            .as_ref()
            .map(|c| c.pointer.clone())
            .unwrap_or_default()
    }
}

/// A checked field.
#[derive(Debug, Clone, PartialEq)]
pub struct FieldDef {
    pub name: String,
    pub ty: FieldType,
    pub label: Option<String>,
    pub description: Option<String>,
    pub required: bool,
    pub default: Option<Json>,
    pub values: Vec<RawValue>,
    pub sensitive: bool,
    pub hidden: bool,
    pub examples: Vec<Json>,
    pub fields: Vec<FieldDef>,
    /// JSON pointer of the entry in the file.
    pub pointer: String,
}

impl FieldDef {
    /// An enum: a string with accepted values.
    pub fn is_enum(&self) -> bool {
        self.ty == FieldType::String && !self.values.is_empty()
    }

    fn accepts(&self, value: &str) -> bool {
        self.values.iter().any(|v| v.value == value)
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum FieldType {
    String,
    Integer,
    Number,
    Boolean,
    Object,
    Array(Box<FieldType>),
    Map(Box<FieldType>),
}

impl FieldType {
    /// Parses `string`, `array of integer`, `map of string`, ...
    pub fn parse(text: &str) -> Option<FieldType> {
        let text = text.trim();
        if let Some(rest) = text.strip_prefix("array of ") {
            return FieldType::parse(rest).map(|t| FieldType::Array(Box::new(t)));
        }
        if let Some(rest) = text.strip_prefix("map of ") {
            return FieldType::parse(rest).map(|t| FieldType::Map(Box::new(t)));
        }
        Some(match text {
            "string" => FieldType::String,
            "integer" => FieldType::Integer,
            "number" => FieldType::Number,
            "boolean" => FieldType::Boolean,
            "object" => FieldType::Object,
            _ => return None,
        })
    }

    /// The innermost type (`string` for `array of string`).
    pub fn leaf(&self) -> &FieldType {
        match self {
            FieldType::Array(t) | FieldType::Map(t) => t.leaf(),
            t => t,
        }
    }

    /// Whether a JSON value has this type (ignoring accepted values).
    pub fn admits(&self, v: &Json) -> bool {
        match (self, v) {
            (FieldType::String, Json::String(_)) => true,
            (FieldType::Integer, Json::Number(n)) => n.is_i64() || n.is_u64(),
            (FieldType::Number, Json::Number(_)) => true,
            (FieldType::Boolean, Json::Bool(_)) => true,
            (FieldType::Object, Json::Object(_)) => true,
            (FieldType::Array(t), Json::Array(items)) => items.iter().all(|i| t.admits(i)),
            (FieldType::Map(t), Json::Object(m)) => m.values().all(|i| t.admits(i)),
            _ => false,
        }
    }
}

impl fmt::Display for FieldType {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            FieldType::String => f.write_str("string"),
            FieldType::Integer => f.write_str("integer"),
            FieldType::Number => f.write_str("number"),
            FieldType::Boolean => f.write_str("boolean"),
            FieldType::Object => f.write_str("object"),
            FieldType::Array(t) => write!(f, "array of {t}"),
            FieldType::Map(t) => write!(f, "map of {t}"),
        }
    }
}

/// A condition as written, parsed.
#[derive(Debug, Clone, PartialEq)]
pub struct Condition {
    pub text: String,
    /// Disjunction of conjunctions, as written.
    pub any: Vec<Vec<Atom>>,
    /// JSON pointer of the section key.
    pub pointer: String,
}

/// One test in a condition.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Atom {
    /// `field is value` on an enum or boolean field.
    Is { field: String, value: CondValue },
    /// `field contains value` on an array of enum values.
    Contains { field: String, value: String },
}

impl Atom {
    pub fn field(&self) -> &str {
        match self {
            Atom::Is { field, .. } | Atom::Contains { field, .. } => field,
        }
    }

    /// Both tests cannot hold at once: they test one field for different values.
    pub fn excludes(&self, other: &Atom) -> bool {
        match (self, other) {
            (
                Atom::Is {
                    field: fa,
                    value: va,
                },
                Atom::Is {
                    field: fb,
                    value: vb,
                },
            ) => fa == fb && va != vb,
            _ => false,
        }
    }
}

impl fmt::Display for Atom {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Atom::Is { field, value } => write!(f, "{field} is {value}"),
            Atom::Contains { field, value } => write!(f, "{field} contains {value}"),
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum CondValue {
    String(String),
    Bool(bool),
}

impl fmt::Display for CondValue {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            CondValue::String(s) => f.write_str(s),
            CondValue::Bool(b) => write!(f, "{b}"),
        }
    }
}

// ---------------------------------------------------------------------------------------
// Loading.
// ---------------------------------------------------------------------------------------

/// Loads the tables among `files` (files whose name starts with `_` are not tables),
/// reporting the problems of all files together.
pub fn load_all(files: &[PathBuf]) -> Result<Vec<Table>, Error> {
    let mut tables = Vec::new();
    let mut diags = Vec::new();
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
    if diags.is_empty() {
        tables.sort_by(|a, b| a.id.cmp(&b.id));
        Ok(tables)
    } else {
        Err(Error::Input(diags))
    }
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
        diags: Vec::new(),
        broken: BTreeSet::new(),
    };
    let raw = l.raw();
    let notes = raw.as_ref().and_then(|r| r.notes.clone());
    let checked = raw.map(|raw| l.check(raw));
    let diags = l.diags;
    match checked {
        Some((id, name, supports, areas)) if diags.is_empty() => Ok(Table {
            id,
            name,
            supports,
            notes,
            areas,
            source,
        }),
        _ => {
            let mut diags = diags;
            // Read-only properties re-check the connection's conditions: report once.
            diags.sort_by(|a, b| (a.location, &a.message).cmp(&(b.location, &b.message)));
            diags.dedup();
            Err(Error::Input(diags))
        }
    }
}

/// Parses a table's text into its written form, checking only its shape (for tools such
/// as the importer that rewrite tables).
pub fn parse_raw(path: &Path, text: String) -> Result<RawTable, Error> {
    let source = SourceFile::new(path, text);
    let mut l = Loader {
        src: &source,
        diags: Vec::new(),
        broken: BTreeSet::new(),
    };
    match l.raw() {
        Some(raw) if l.diags.is_empty() => Ok(raw),
        _ => Err(Error::Input(l.diags)),
    }
}

const TABLE_KEYS: &[&str] = &[
    "connector",
    "name",
    "notes",
    "supports",
    "connection",
    "read_only",
    "model",
    "target",
    "bulk_source",
    "bulk_destination",
];
const SUPPORTS_KEYS: &[&str] = &[
    "models",
    "model_sync_destination",
    "bulk_sync_source",
    "bulk_sync_destination",
];
const AREA_KEYS: &[&str] = &["fields", "when", "example"];
const FIELD_KEYS: &[&str] = &[
    "name",
    "type",
    "label",
    "description",
    "required",
    "default",
    "values",
    "sensitive",
    "hidden",
    "examples",
    "fields",
];
const VALUE_KEYS: &[&str] = &["value", "label"];

struct Loader<'s> {
    src: &'s SourceFile,
    diags: Vec<Diagnostic>,
    /// Fields declared but refused (a bad type, a bad default): conditions that test them
    /// are not reported again as testing an unknown field.
    broken: BTreeSet<String>,
}

type Checked = (String, Option<String>, Option<RawSupports>, Vec<Area>);

impl Loader<'_> {
    fn error(&mut self, pointer: &str, message: impl Into<String>) {
        self.help(pointer, message, None);
    }

    fn help(&mut self, pointer: &str, message: impl Into<String>, help: Option<String>) {
        let mut d = self.src.error(pointer, message);
        d.help = help;
        self.diags.push(d);
    }

    /// Syntax, unknown keys and value shapes; unknown keys are removed (after being
    /// reported) so the rest of the file is still checked.
    fn raw(&mut self) -> Option<RawTable> {
        let mut value: Yaml = match serde_yaml::from_str(&self.src.text) {
            Ok(v) => v,
            Err(e) => {
                let location = e.location().map(|l| Location {
                    line: l.line(),
                    column: l.column(),
                });
                self.diags.push(
                    Diagnostic::new(&self.src.path, format!("invalid YAML: {e}")).at(location),
                );
                return None;
            }
        };
        if !value.is_mapping() {
            self.error(
                "",
                "a connector table is a mapping with `connector:` and its areas",
            );
            return None;
        }
        self.prune(&mut value, "", TABLE_KEYS, "table");
        if let Some(map) = value.as_mapping_mut() {
            if let Some(s) = map.get_mut("supports") {
                self.prune(s, "/supports", SUPPORTS_KEYS, "`supports`");
            }
            for area in TableArea::ALL {
                let Some(a) = map.get_mut(area.key()) else {
                    continue;
                };
                let ptr = format!("/{}", area.key());
                self.prune(a, &ptr, AREA_KEYS, "an area");
                let Some(a) = a.as_mapping_mut() else {
                    continue;
                };
                if let Some(Yaml::Sequence(fields)) = a.get_mut("fields") {
                    for (i, f) in fields.iter_mut().enumerate() {
                        self.prune_field(f, &format!("{ptr}/fields/{i}"));
                    }
                }
                if let Some(Yaml::Mapping(when)) = a.get_mut("when") {
                    for (k, v) in when.iter_mut() {
                        let key = k.as_str().unwrap_or_default();
                        let sp = format!("{ptr}/when/{}", escape(key));
                        if let Yaml::Sequence(fields) = v {
                            for (i, f) in fields.iter_mut().enumerate() {
                                self.prune_field(f, &format!("{sp}/{i}"));
                            }
                        }
                    }
                }
            }
        }
        // The outline first (entries as plain YAML), then each field entry on its own, so
        // one bad entry does not hide the problems of the others.
        let outline: RawTable<Yaml> = self.deserialize(value, "")?;
        let mut ok = true;
        let mut area = |l: &mut Self, a: Option<RawArea<Yaml>>, key: &str| {
            a.map(|a| {
                let fields = l.entries(a.fields, &format!("/{key}/fields"), &mut ok);
                let when = a
                    .when
                    .0
                    .into_iter()
                    .map(|(cond, fields)| {
                        let ptr = format!("/{key}/when/{}", escape(&cond));
                        let fields = l.entries(fields, &ptr, &mut ok);
                        (cond, fields)
                    })
                    .collect();
                RawArea {
                    fields,
                    when: Sections(when),
                    example: a.example,
                }
            })
        };
        let table = RawTable {
            connector: outline.connector,
            name: outline.name,
            notes: outline.notes,
            supports: outline.supports,
            connection: area(self, outline.connection, "connection"),
            read_only: area(self, outline.read_only, "read_only"),
            model: area(self, outline.model, "model"),
            target: area(self, outline.target, "target"),
            bulk_source: area(self, outline.bulk_source, "bulk_source"),
            bulk_destination: area(self, outline.bulk_destination, "bulk_destination"),
        };
        ok.then_some(table)
    }

    fn entries(&mut self, values: Vec<Yaml>, pointer: &str, ok: &mut bool) -> Vec<RawField> {
        let mut out = Vec::new();
        for (i, v) in values.into_iter().enumerate() {
            match self.deserialize::<RawField>(v, &format!("{pointer}/{i}")) {
                Some(f) => out.push(f),
                None => *ok = false,
            }
        }
        out
    }

    fn deserialize<T: DeserializeOwned>(&mut self, value: Yaml, pointer: &str) -> Option<T> {
        match serde_path_to_error::deserialize::<_, T>(value) {
            Ok(v) => Some(v),
            Err(e) => {
                let at = format!(
                    "{pointer}{}",
                    super::openapi::path_to_pointer(e.path()).replace("/?", "")
                );
                self.error(&at, e.inner().to_string());
                None
            }
        }
    }

    /// Reports keys outside `allowed` (with the closest allowed key) and removes them.
    fn prune(&mut self, node: &mut Yaml, pointer: &str, allowed: &[&str], what: &str) {
        let Some(map) = node.as_mapping_mut() else {
            return;
        };
        let mut unknown = Vec::new();
        for k in map.keys() {
            match k.as_str() {
                Some(s) if allowed.contains(&s) => {}
                Some(s) => unknown.push(s.to_owned()),
                None => {
                    self.error(pointer, format!("{what} has a key that is not a string"));
                }
            }
        }
        for k in unknown {
            let help = match closest(&k, allowed.iter().copied()) {
                Some(c) => format!("did you mean `{c}`?"),
                None => format!("expected one of: {}", allowed.join(", ")),
            };
            self.help(
                &format!("{pointer}/{}", escape(&k)),
                format!("unknown key `{k}` in {what}"),
                Some(help),
            );
            map.remove(k.as_str());
        }
    }

    fn prune_field(&mut self, node: &mut Yaml, pointer: &str) {
        self.prune(node, pointer, FIELD_KEYS, "a field");
        let Some(map) = node.as_mapping_mut() else {
            return;
        };
        if let Some(Yaml::Sequence(values)) = map.get_mut("values") {
            for (i, v) in values.iter_mut().enumerate() {
                self.prune(
                    v,
                    &format!("{pointer}/values/{i}"),
                    VALUE_KEYS,
                    "an accepted value",
                );
            }
        }
        if let Some(Yaml::Sequence(fields)) = map.get_mut("fields") {
            for (i, f) in fields.iter_mut().enumerate() {
                self.prune_field(f, &format!("{pointer}/fields/{i}"));
            }
        }
    }

    fn check(&mut self, raw: RawTable) -> Checked {
        let stem = self
            .src
            .path
            .file_stem()
            .map(|s| s.to_string_lossy().into_owned())
            .unwrap_or_default();
        if raw.connector != stem {
            self.help(
                "/connector",
                format!(
                    "`connector: {}` does not match the file name `{stem}.yaml`",
                    raw.connector
                ),
                Some("name the file after the connection type".to_owned()),
            );
        }
        if raw.connector.is_empty()
            || !raw
                .connector
                .chars()
                .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_')
        {
            self.error(
                "/connector",
                format!(
                    "`{}` is not a connection type (lowercase letters, digits and `_`)",
                    raw.connector
                ),
            );
        }
        let mut areas = Vec::new();
        // Read-only properties are conditioned on connection fields, so they are checked
        // together; the area they land in stays separate.
        let connection = self.fields_of(TableArea::Connection, &raw);
        let read_only = self.fields_of(TableArea::ReadOnly, &raw);
        // The docs list some connection settings among the read-only properties too (the
        // API returns them); those are the connection's field, not a second one.
        self.unique_names(&read_only);
        let read_only: Vec<(FieldDef, Option<Condition>)> = read_only
            .into_iter()
            .filter(|(f, _)| !connection.iter().any(|(c, _)| c.name == f.name))
            .collect();
        for kind in TableArea::ALL {
            let Some(a) = kind.of(&raw) else {
                continue;
            };
            let entries = match kind {
                TableArea::Connection => connection.clone(),
                TableArea::ReadOnly => read_only.clone(),
                _ => self.fields_of(kind, &raw),
            };
            let scope: Vec<&(FieldDef, Option<Condition>)> = match kind {
                TableArea::ReadOnly => connection.iter().chain(read_only.iter()).collect(),
                TableArea::Connection => connection.iter().collect(),
                _ => entries.iter().collect(),
            };
            let scope: Vec<(FieldDef, Option<Condition>)> = scope.into_iter().cloned().collect();
            if !matches!(kind, TableArea::ReadOnly) {
                self.unique_names(&entries);
            }
            let guards = self.guards(&scope);
            let entries: Vec<Entry> = entries
                .into_iter()
                .map(|(field, condition)| {
                    let guard = guards
                        .get(&field.name)
                        .cloned()
                        .unwrap_or_else(|| vec![Vec::new()]);
                    Entry {
                        field,
                        condition,
                        guard,
                    }
                })
                .collect();
            if let Some(example) = &a.example {
                self.check_example(kind, example, &entries);
            }
            areas.push(Area {
                kind,
                entries,
                example: a.example.clone(),
            });
        }
        (
            raw.connector,
            raw.name,
            raw.supports,
            areas
                .into_iter()
                .filter(|a| !a.entries.is_empty() || a.example.is_some())
                .collect(),
        )
    }

    /// The checked fields of an area with their conditions as written.
    fn fields_of(&mut self, kind: TableArea, raw: &RawTable) -> Vec<(FieldDef, Option<Condition>)> {
        let Some(a) = kind.of(raw) else {
            return Vec::new();
        };
        let key = kind.key();
        let mut out = Vec::new();
        for (i, f) in a.fields.iter().enumerate() {
            let ptr = format!("/{key}/fields/{i}");
            match self.field(f, &ptr) {
                Some(f) => out.push((f, None)),
                None => {
                    self.broken.insert(f.name.clone());
                }
            }
        }
        // Conditions refer to fields by name; parse them once every name is known.
        let mut sections = Vec::new();
        for (text, fields) in &a.when.0 {
            let ptr = format!("/{key}/when/{}", escape(text));
            let mut checked = Vec::new();
            for (i, f) in fields.iter().enumerate() {
                match self.field(f, &format!("{ptr}/{i}")) {
                    Some(f) => checked.push(f),
                    None => {
                        self.broken.insert(f.name.clone());
                    }
                }
            }
            if fields.is_empty() {
                self.error(&ptr, format!("section `{text}` has no fields"));
            }
            sections.push((text.clone(), ptr, checked));
        }
        for (text, ptr, fields) in sections {
            let condition = parse_condition(&text).map(|any| Condition {
                text: text.clone(),
                any,
                pointer: ptr.clone(),
            });
            let condition = match condition {
                Ok(c) => Some(c),
                Err(message) => {
                    self.help(
                        &ptr,
                        format!("cannot read condition `{text}`: {message}"),
                        Some(
                            "write `<field> is <value>` or `<field> contains <value>`, joined by AND / OR"
                                .to_owned(),
                        ),
                    );
                    None
                }
            };
            for f in fields {
                out.push((f, condition.clone()));
            }
        }
        out
    }

    fn unique_names(&mut self, entries: &[(FieldDef, Option<Condition>)]) {
        let mut seen = BTreeSet::new();
        for (f, _) in entries {
            if !seen.insert(f.name.as_str()) {
                self.help(
                    &format!("{}/name", f.pointer),
                    format!("field `{}` is declared twice in this area", f.name),
                    Some(
                        "a field that exists under several conditions is written once, under `A OR B`"
                            .to_owned(),
                    ),
                );
            }
        }
    }

    fn field(&mut self, raw: &RawField, pointer: &str) -> Option<FieldDef> {
        let before = self.diags.len();
        if raw.name.trim().is_empty() {
            self.error(&format!("{pointer}/name"), "a field needs a `name`");
        }
        let ty = FieldType::parse(&raw.ty);
        if ty.is_none() {
            self.error(
                &format!("{pointer}/type"),
                format!(
                    "unknown type `{}`; expected string, integer, number, boolean, object, \
                     `array of <type>` or `map of <type>`",
                    raw.ty
                ),
            );
        }
        // After an unknown type, checks that depend on the type would only mislead.
        let known = ty.is_some();
        let ty = ty.unwrap_or(FieldType::Object);
        if known && !raw.values.is_empty() && *ty.leaf() != FieldType::String {
            self.error(
                &format!("{pointer}/values"),
                format!("accepted `values` need a string type, not `{ty}`"),
            );
        }
        let mut seen = BTreeSet::new();
        for (i, v) in raw.values.iter().enumerate() {
            if !seen.insert(v.value.as_str()) {
                self.error(
                    &format!("{pointer}/values/{i}"),
                    format!("accepted value `{}` is listed twice", v.value),
                );
            }
        }
        let mut fields = Vec::new();
        if !raw.fields.is_empty() {
            if known && *ty.leaf() != FieldType::Object {
                self.error(
                    &format!("{pointer}/fields"),
                    format!("nested `fields` need type `object` or `array of object`, not `{ty}`"),
                );
            }
            let mut names = BTreeSet::new();
            for (i, f) in raw.fields.iter().enumerate() {
                let p = format!("{pointer}/fields/{i}");
                if !names.insert(f.name.clone()) {
                    self.error(
                        &format!("{p}/name"),
                        format!("field `{}` is declared twice", f.name),
                    );
                }
                if let Some(f) = self.field(f, &p) {
                    fields.push(f);
                }
            }
        }
        let def = FieldDef {
            name: raw.name.clone(),
            ty,
            label: raw.label.clone(),
            description: raw.description.clone(),
            required: raw.required.unwrap_or(false),
            default: raw.default.clone(),
            values: raw.values.clone(),
            sensitive: raw.sensitive.unwrap_or(false),
            hidden: raw.hidden.unwrap_or(false),
            examples: raw.examples.clone(),
            fields,
            pointer: pointer.to_owned(),
        };
        if known {
            if let Some(d) = &def.default {
                self.check_value(&def, d, &format!("{pointer}/default"), "default");
            }
            for (i, e) in def.examples.iter().enumerate() {
                self.check_value(&def, e, &format!("{pointer}/examples/{i}"), "example");
            }
        }
        (self.diags.len() == before).then_some(def)
    }

    /// A default or example must have the field's type and be among its accepted values.
    fn check_value(&mut self, f: &FieldDef, v: &Json, pointer: &str, what: &str) {
        if !f.ty.admits(v) {
            self.error(pointer, format!("{what} `{v}` is not of type `{}`", f.ty));
            return;
        }
        if f.values.is_empty() {
            return;
        }
        let strings: Vec<&str> = match v {
            Json::String(s) => vec![s.as_str()],
            Json::Array(items) => items.iter().filter_map(Json::as_str).collect(),
            _ => Vec::new(),
        };
        for s in strings {
            if !f.accepts(s) {
                let values: Vec<&str> = f.values.iter().map(|v| v.value.as_str()).collect();
                let help = match closest(s, values.iter().copied()) {
                    Some(c) => format!("did you mean `{c}`?"),
                    None => format!("accepted: {}", values.join(", ")),
                };
                self.help(
                    pointer,
                    format!("{what} `{s}` is not an accepted value of `{}`", f.name),
                    Some(help),
                );
            }
        }
    }

    /// Checks every condition against the fields in `scope` and computes each field's
    /// effective guard: its own condition, and the conditions under which the switches
    /// it tests exist.
    fn guards(
        &mut self,
        scope: &[(FieldDef, Option<Condition>)],
    ) -> BTreeMap<String, Vec<Vec<Atom>>> {
        let fields: BTreeMap<&str, (&FieldDef, Option<&Condition>)> = scope
            .iter()
            .map(|(f, c)| (f.name.as_str(), (f, c.as_ref())))
            .collect();
        let mut valid: BTreeMap<String, &Condition> = BTreeMap::new();
        let mut reported = BTreeSet::new();
        let mut valid_sections = BTreeSet::new();
        for (f, c) in scope {
            let Some(c) = c else { continue };
            if reported.contains(&c.pointer) {
                // Every field of a section shares its condition: check it once.
                if valid_sections.contains(&c.pointer) {
                    valid.insert(f.name.clone(), c);
                }
                continue;
            }
            reported.insert(c.pointer.clone());
            if self.check_condition(c, &fields) {
                valid_sections.insert(c.pointer.clone());
                valid.insert(f.name.clone(), c);
            }
        }
        let mut out = BTreeMap::new();
        let mut memo = BTreeMap::new();
        // Past a limit every field that depends on the culprit fails too: tell it once.
        let mut limit_reported = false;
        let mut tests_left = MAX_AREA_TESTS;
        for (f, c) in scope {
            if c.is_some() && !valid.contains_key(&f.name) {
                continue;
            }
            let mut stack = vec![f.name.as_str()];
            let error = match effective(&f.name, &valid, &mut stack, &mut memo) {
                Ok((_, guard)) => {
                    let guard = self.satisfiable(f, c.as_ref(), guard);
                    // A field is placed once per alternative and checks each `contains`
                    // test itself; switches tested with `is` only nest it.
                    let tests: usize = guard
                        .iter()
                        .map(|conj| {
                            1 + conj
                                .iter()
                                .filter(|a| matches!(a, Atom::Contains { .. }))
                                .count()
                        })
                        .sum();
                    if tests > tests_left {
                        tests_left = 0;
                        if !limit_reported {
                            limit_reported = true;
                            let at = c.as_ref().map_or(&f.pointer, |c| &c.pointer);
                            self.help(
                                at,
                                format!(
                                    "with `{}`, the conditions of this area's fields expand to \
                                     more than {MAX_AREA_TESTS} alternatives and `contains` \
                                     tests in all",
                                    f.name
                                ),
                                Some(
                                    "each field counts every alternative of its condition \
                                     (including the conditions of the fields it tests) and every \
                                     `contains` test in them; shorten the conditions"
                                        .to_owned(),
                                ),
                            );
                        }
                        continue;
                    }
                    tests_left -= tests;
                    out.insert(f.name.clone(), guard);
                    continue;
                }
                Err(error) => error,
            };
            let Some(c) = c else { continue };
            match error {
                GuardError::Cycle(cycle) => {
                    self.error(
                        &c.pointer,
                        format!(
                            "conditions depend on each other in a cycle: {}",
                            cycle.join(" → ")
                        ),
                    );
                }
                GuardError::TooDeep(mut chain) if !limit_reported => {
                    limit_reported = true;
                    // Cut short where the rest of the chain was already known.
                    if chain.len() <= MAX_CONDITION_DEPTH {
                        chain.push("…".to_owned());
                    }
                    self.help(
                        &c.pointer,
                        format!(
                            "conditions nest more than {MAX_CONDITION_DEPTH} levels deep: {}",
                            chain.join(" → ")
                        ),
                        Some(
                            "each name is a field whose section tests the next one; \
                             flatten the sections"
                                .to_owned(),
                        ),
                    );
                }
                GuardError::TooMany(name) if !limit_reported => {
                    limit_reported = true;
                    self.help(
                        &c.pointer,
                        format!(
                            "the condition of `{name}`, together with the conditions of the \
                             fields it tests, has more than {MAX_GUARD_ALTERNATIVES} alternatives"
                        ),
                        Some(
                            "every OR in a tested field's condition multiplies the alternatives \
                             of the conditions that test it"
                                .to_owned(),
                        ),
                    );
                }
                GuardError::TooDeep(_) | GuardError::TooMany(_) => {}
            }
        }
        // A switch must exist under one conjunction, or its sections could not nest.
        let tested: BTreeSet<&str> = valid
            .values()
            .flat_map(|c| c.any.iter().flatten())
            .filter_map(|a| match a {
                Atom::Is { field, .. } => Some(field.as_str()),
                Atom::Contains { .. } => None,
            })
            .collect();
        for (f, c) in scope {
            if tested.contains(f.name.as_str()) && out.get(&f.name).is_some_and(|g| g.len() > 1) {
                let at = c
                    .as_ref()
                    .map(|c| c.pointer.clone())
                    .unwrap_or_else(|| f.pointer.clone());
                self.error(
                    &at,
                    format!(
                        "conditions test `{}`, which exists under an OR condition; \
                         only fields under AND conditions can be tested",
                        f.name
                    ),
                );
            }
        }
        out
    }

    /// Drops conjunctions that can never hold, reporting a condition none of whose
    /// conjunctions can hold.
    fn satisfiable(
        &mut self,
        f: &FieldDef,
        c: Option<&Condition>,
        guard: Vec<Vec<Atom>>,
    ) -> Vec<Vec<Atom>> {
        let mut kept = Vec::new();
        let mut contradictions = Vec::new();
        for conj in guard {
            match contradiction(&conj) {
                Some((a, b)) => contradictions.push(format!("`{a}` and `{b}`")),
                None => kept.push(conj),
            }
        }
        if let Some(c) = c {
            if !contradictions.is_empty() {
                let what = if kept.is_empty() {
                    "can never hold"
                } else {
                    "has a part that can never hold"
                };
                self.help(
                    &c.pointer,
                    format!(
                        "condition `{}` (for `{}`) {what}: it requires {}",
                        c.text,
                        f.name,
                        contradictions.join(", ")
                    ),
                    Some(
                        "a field holds one value at a time, and the conditions of the fields a condition tests count too"
                            .to_owned(),
                    ),
                );
            }
        }
        kept
    }

    fn check_condition(
        &mut self,
        c: &Condition,
        fields: &BTreeMap<&str, (&FieldDef, Option<&Condition>)>,
    ) -> bool {
        let before = self.diags.len();
        let mut ok = true;
        for atom in c.any.iter().flatten() {
            let name = atom.field();
            let Some((f, _)) = fields.get(name) else {
                if self.broken.contains(name) {
                    // Already reported where the field is declared.
                    ok = false;
                    continue;
                }
                let help =
                    closest(name, fields.keys().copied()).map(|n| format!("did you mean `{n}`?"));
                self.help(
                    &c.pointer,
                    format!(
                        "condition `{}` tests `{name}`, which is not a field here",
                        c.text
                    ),
                    help,
                );
                continue;
            };
            match atom {
                Atom::Is { value, .. } => match (&f.ty, value) {
                    (FieldType::Boolean, CondValue::Bool(_)) => {}
                    (FieldType::Boolean, CondValue::String(s)) => {
                        self.error(
                            &c.pointer,
                            format!("`{name}` is a boolean; test it with `is true` or `is false`, not `is {s}`"),
                        );
                    }
                    _ if f.is_enum() => {
                        let s = value.to_string();
                        if !f.accepts(&s) {
                            let values: Vec<&str> =
                                f.values.iter().map(|v| v.value.as_str()).collect();
                            let help = match closest(&s, values.iter().copied()) {
                                Some(n) => format!("did you mean `{n}`?"),
                                None => format!("accepted: {}", values.join(", ")),
                            };
                            self.help(
                                &c.pointer,
                                format!("`{s}` is not an accepted value of `{name}`"),
                                Some(help),
                            );
                        }
                    }
                    _ => {
                        self.error(
                            &c.pointer,
                            format!(
                                "`{name}` has type `{}` and no accepted values; conditions can \
                                 test only enum and boolean fields with `is`",
                                f.ty
                            ),
                        );
                    }
                },
                Atom::Contains { value, .. } => {
                    // The docs may not list an array's item values; then any is accepted.
                    let is_string_array =
                        matches!(&f.ty, FieldType::Array(t) if **t == FieldType::String);
                    if !is_string_array {
                        self.error(
                            &c.pointer,
                            format!(
                                "`contains` needs an array of strings, and `{name}` has type `{}`",
                                f.ty
                            ),
                        );
                    } else if !f.values.is_empty() && !f.accepts(value) {
                        let values: Vec<&str> = f.values.iter().map(|v| v.value.as_str()).collect();
                        self.help(
                            &c.pointer,
                            format!("`{value}` is not an accepted value of `{name}`"),
                            Some(format!("accepted: {}", values.join(", "))),
                        );
                    }
                }
            }
        }
        ok && self.diags.len() == before
    }

    /// An area's example: an object whose keys are fields of the area, with values of
    /// their types. (Accepted values are not enforced: the docs use `""` placeholders.)
    fn check_example(&mut self, kind: TableArea, example: &Json, entries: &[Entry]) {
        let ptr = format!("/{}/example", kind.key());
        let Some(map) = example.as_object() else {
            self.error(&ptr, "an example is a JSON object");
            return;
        };
        for (k, v) in map {
            match entries.iter().find(|e| e.field.name == *k) {
                None => {
                    let names = entries.iter().map(|e| e.field.name.as_str());
                    let help = closest(k, names).map(|n| format!("did you mean `{n}`?"));
                    self.help(
                        &format!("{ptr}/{}", escape(k)),
                        format!("the example sets `{k}`, which is not a field of this area"),
                        help,
                    );
                }
                Some(e) if !e.field.ty.admits(v) => {
                    self.error(
                        &format!("{ptr}/{}", escape(k)),
                        format!("the example's `{k}` is `{v}`, not of type `{}`", e.field.ty),
                    );
                }
                Some(_) => {}
            }
        }
    }
}

/// How many levels of conditions may depend on each other (a field under a section
/// that tests a field under a section that tests …). Tables written by hand nest a few
/// levels; the limit keeps the walk (and the stack) bounded on any input.
const MAX_CONDITION_DEPTH: usize = 32;

/// How many conjunctions an effective guard may have. ORs multiply along the fields a
/// condition tests, so without a bound a short file can ask for exponentially many.
const MAX_GUARD_ALTERNATIVES: usize = 64;

/// How many alternatives and `contains` tests the effective guards of an area's fields
/// may have in all. Each becomes code for the field it guards (a placement, a check),
/// so this bounds the generated code by the limit rather than by the product of the
/// number of fields and the length of their conditions.
const MAX_AREA_TESTS: usize = 1024;

/// Why a field's effective guard could not be computed.
#[derive(Debug)]
enum GuardError {
    /// The conditions depend on each other in a cycle (the names along it).
    Cycle(Vec<String>),
    /// Deeper than [`MAX_CONDITION_DEPTH`] (the names from the field down).
    TooDeep(Vec<String>),
    /// More than [`MAX_GUARD_ALTERNATIVES`] conjunctions (the field whose guard grew
    /// too large).
    TooMany(String),
}

/// The effective guard of `name`: each conjunction of its own condition, extended with
/// the effective guards of the switches it tests (so a field under `b is x` where `b`
/// itself needs `a is y` needs both), and how many levels of conditions that takes.
/// `memo` keeps what was already computed (neither depends on the path it was reached
/// by), so switches that several fields test are walked once.
fn effective<'a>(
    name: &str,
    conditions: &'a BTreeMap<String, &Condition>,
    stack: &mut Vec<&'a str>,
    memo: &mut BTreeMap<&'a str, (usize, Vec<Vec<Atom>>)>,
) -> Result<(usize, Vec<Vec<Atom>>), GuardError> {
    let Some((key, c)) = conditions.get_key_value(name) else {
        return Ok((0, vec![Vec::new()]));
    };
    if let Some(known) = memo.get(key.as_str()) {
        return Ok(known.clone());
    }
    let mut depth = 1;
    let mut out: Vec<Vec<Atom>> = Vec::new();
    for conj in &c.any {
        // Product over the atoms' fields of their own guards.
        let mut partial: Vec<Vec<Atom>> = vec![conj.clone()];
        for atom in conj {
            let dep = atom.field();
            if let Some(i) = stack.iter().position(|s| *s == dep) {
                let mut cycle: Vec<String> = stack[i..].iter().map(|s| (*s).to_owned()).collect();
                cycle.push(dep.to_owned());
                return Err(GuardError::Cycle(cycle));
            }
            let Some((dep_key, _)) = conditions.get_key_value(dep) else {
                continue;
            };
            let too_deep = |stack: &[&str]| {
                let mut chain: Vec<String> = stack.iter().map(|s| (*s).to_owned()).collect();
                chain.push(dep.to_owned());
                GuardError::TooDeep(chain)
            };
            // Every name on the stack depends on the next: the first is already too deep.
            if stack.len() >= MAX_CONDITION_DEPTH {
                return Err(too_deep(stack));
            }
            stack.push(dep_key.as_str());
            let (dep_depth, dep_guard) = effective(dep, conditions, stack, memo)?;
            stack.pop();
            depth = depth.max(dep_depth + 1);
            if depth > MAX_CONDITION_DEPTH {
                return Err(too_deep(stack));
            }
            if partial.len().saturating_mul(dep_guard.len()) > MAX_GUARD_ALTERNATIVES {
                return Err(GuardError::TooMany(name.to_owned()));
            }
            let mut next = Vec::new();
            for p in &partial {
                for g in &dep_guard {
                    let mut merged = p.clone();
                    for a in g {
                        if !merged.contains(a) {
                            merged.push(a.clone());
                        }
                    }
                    next.push(merged);
                }
            }
            partial = next;
        }
        for p in partial {
            if !out.contains(&p) {
                if out.len() == MAX_GUARD_ALTERNATIVES {
                    return Err(GuardError::TooMany(name.to_owned()));
                }
                out.push(p);
            }
        }
    }
    memo.insert(key.as_str(), (depth, out.clone()));
    Ok((depth, out))
}

/// Two tests of one field for different values (`a is x AND a is y`).
fn contradiction(conj: &[Atom]) -> Option<(Atom, Atom)> {
    conj.iter().enumerate().find_map(|(i, a)| {
        conj.iter()
            .skip(i + 1)
            .find(|b| a.excludes(b))
            .map(|b| (a.clone(), b.clone()))
    })
}

/// Parses `a is x AND b is true OR c contains y` (AND binds tighter than OR).
pub fn parse_condition(text: &str) -> Result<Vec<Vec<Atom>>, String> {
    let words: Vec<&str> = text.split_whitespace().collect();
    if words.is_empty() {
        return Err("it is empty".to_owned());
    }
    let mut any = Vec::new();
    let mut all = Vec::new();
    let mut rest = words.as_slice();
    loop {
        let [field, op, value, tail @ ..] = rest else {
            return Err(format!(
                "`{}` is not `<field> is <value>` or `<field> contains <value>`",
                rest.join(" ")
            ));
        };
        let atom = match *op {
            "is" => Atom::Is {
                field: (*field).to_owned(),
                value: match *value {
                    "true" => CondValue::Bool(true),
                    "false" => CondValue::Bool(false),
                    v => CondValue::String(v.to_owned()),
                },
            },
            "contains" => Atom::Contains {
                field: (*field).to_owned(),
                value: (*value).to_owned(),
            },
            other => {
                return Err(format!(
                    "expected `is` or `contains` after `{field}`, found `{other}`"
                ))
            }
        };
        all.push(atom);
        match tail {
            [] => {
                any.push(all);
                return Ok(any);
            }
            [joiner, more @ ..] => {
                match *joiner {
                    "AND" | "and" => {}
                    "OR" | "or" => any.push(std::mem::take(&mut all)),
                    other => return Err(format!("expected AND or OR, found `{other}`")),
                }
                rest = more;
            }
        }
    }
}

// ---------------------------------------------------------------------------------------
// Bindings: which spec fields carry connector configuration (`_bindings.yaml`).
// ---------------------------------------------------------------------------------------

/// The bindings file's name inside the connectors directory.
pub const BINDINGS_FILE: &str = "_bindings.yaml";

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawBindings {
    #[serde(default)]
    connection: Vec<RawBinding>,
    #[serde(default)]
    model: Vec<RawBinding>,
    #[serde(default)]
    target: Vec<RawBinding>,
    #[serde(default)]
    bulk_source: Vec<RawBinding>,
    #[serde(default)]
    bulk_destination: Vec<RawBinding>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawBinding {
    schema: String,
    field: String,
    #[serde(default)]
    connector_type: Option<String>,
    #[serde(default)]
    response: bool,
}

/// One declared binding.
#[derive(Debug, Clone)]
pub struct BindingDecl {
    /// The area whose types the field holds (`Connection`, `Model`, ...; never `ReadOnly`).
    pub area: TableArea,
    /// Component schema name in the OpenAPI document.
    pub schema: String,
    /// Property of that schema holding the configuration.
    pub field: String,
    /// Path to the connector type: a sibling property, then keys inside it (`type.id`).
    pub connector_type: Option<Vec<String>>,
    /// The schema is a response: the configuration includes read-only properties.
    pub response: bool,
    /// JSON pointer of the entry, for diagnostics.
    pub pointer: String,
}

/// The loaded bindings file.
#[derive(Debug)]
pub struct Bindings {
    pub decls: Vec<BindingDecl>,
    pub source: SourceFile,
}

/// Loads `dir/_bindings.yaml`; a missing file means no bindings.
pub fn load_bindings(dir: &Path) -> Result<Option<Bindings>, Error> {
    let path = dir.join(BINDINGS_FILE);
    let text = match std::fs::read_to_string(&path) {
        Ok(t) => t,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(None),
        Err(e) => return Err(Error::io(&path, e)),
    };
    parse_bindings(&path, text).map(Some)
}

/// Parses a bindings file already in memory.
pub fn parse_bindings(path: &Path, text: String) -> Result<Bindings, Error> {
    let source = SourceFile::new(path, text);
    let value: Yaml = serde_yaml::from_str(&source.text).map_err(|e| {
        Diagnostic::new(path, format!("invalid YAML: {e}")).at(e.location().map(|l| Location {
            line: l.line(),
            column: l.column(),
        }))
    })?;
    let raw: RawBindings = if value.is_null() {
        RawBindings::default()
    } else {
        serde_path_to_error::deserialize(value).map_err(|e| {
            let pointer = super::openapi::path_to_pointer(e.path()).replace("/?", "");
            source.error(&pointer, e.inner().to_string())
        })?
    };
    let mut decls = Vec::new();
    let mut diags = Vec::new();
    let groups = [
        (TableArea::Connection, raw.connection),
        (TableArea::Model, raw.model),
        (TableArea::Target, raw.target),
        (TableArea::BulkSource, raw.bulk_source),
        (TableArea::BulkDestination, raw.bulk_destination),
    ];
    for (area, list) in groups {
        for (i, b) in list.into_iter().enumerate() {
            let pointer = format!("/{}/{i}", area.key());
            let connector_type = b
                .connector_type
                .map(|t| t.split('.').map(str::to_owned).collect::<Vec<_>>());
            if area == TableArea::Connection && connector_type.is_none() {
                diags.push(
                    source
                        .error(&pointer, "a connection binding needs `connector_type`")
                        .help("name the property that holds the connection type, e.g. `type` or `type.id`"),
                );
            }
            if area != TableArea::Connection && (connector_type.is_some() || b.response) {
                diags.push(source.error(
                    &pointer,
                    "only connection bindings take `connector_type` and `response`; other areas are typed through builders",
                ));
            }
            decls.push(BindingDecl {
                area,
                schema: b.schema,
                field: b.field,
                connector_type,
                response: b.response,
                pointer,
            });
        }
    }
    if diags.is_empty() {
        Ok(Bindings { decls, source })
    } else {
        Err(Error::Input(diags))
    }
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

//! The checked model of a table: areas, fields with their types, and conditions.

use super::super::source::SourceFile;
use super::RawArea;
use super::RawSupports;
use super::RawTable;
use super::RawValue;
use serde_json::Value as Json;
use std::fmt;

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
    /// Whether the table says (`supports:`) that the connector plays the role an area
    /// configures; never for the connection areas, which every connector has.
    pub fn supports(&self, area: TableArea) -> bool {
        self.supports.as_ref().is_some_and(|s| match area {
            TableArea::Model => s.models,
            TableArea::Target => s.model_sync_destination,
            TableArea::BulkSource => s.bulk_sync_source,
            TableArea::BulkDestination => s.bulk_sync_destination,
            TableArea::Connection | TableArea::ReadOnly => false,
        })
    }

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

    pub(super) fn of<F>(self, t: &RawTable<F>) -> Option<&RawArea<F>> {
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
    /// When the field exists, with the conditions of the switches it depends on folded
    /// in. `[[]]` means always.
    pub guard: Dnf,
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

    pub(super) fn accepts(&self, value: &str) -> bool {
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
    /// As written.
    pub any: Dnf,
    /// JSON pointer of the section key.
    pub pointer: String,
}

/// A condition in disjunctive normal form: it holds when every atom of one of the
/// conjunctions holds. `[]` never holds; `[[]]` always does.
pub type Dnf = Vec<Conjunction>;

/// Tests that all have to hold.
pub type Conjunction = Vec<Atom>;

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

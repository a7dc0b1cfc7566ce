//! The file format, as written (also what the importer reads and writes).

use serde::de;
use serde::de::MapAccess;
use serde::de::Visitor;
use serde::Deserialize;
use serde::Deserializer;
use serde::Serialize;
use serde::Serializer;
use serde_json::Value as Json;
use std::collections::BTreeSet;
use std::fmt;

/// A table file as written. `F` is the type of field entries: [`RawField`] normally,
/// `serde_yaml::Value` while loading, so that each entry is checked on its own.
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

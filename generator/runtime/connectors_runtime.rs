//! Reading and writing connector configurations.
//!
//! The API takes a connector's configuration as one flat JSON object. The generated types
//! nest the fields that exist only under a condition inside enums, so that a state the
//! documentation forbids cannot be built. These helpers move between the two shapes:
//! `Fields` hands out the keys of an object as a type reads them; the keys no type took
//! are kept in the object's `UndocumentedSettings`.
//!
//! Reading is lenient, sending is strict. What the server sends is never refused for
//! what the docs do not list: unknown keys, unknown values of an enum or a switch (kept as
//! `Undocumented`) and sensitive values it leaves out (a `Secret` that is redacted) are
//! kept and written back as they came, so reading a configuration, changing one field and
//! sending it back loses nothing. None of these can be made by hand: a configuration
//! built in code holds only documented values in documented shapes.

use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};
use std::collections::BTreeMap;
use std::fmt;

/// Why a configuration does not fit its connector's documented shape.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ConfigError {
    message: String,
    /// Keys of the nested objects the problem is in, outermost first.
    path: Vec<String>,
    /// Conditions that selected the section the problem is in, outermost first.
    conditions: Vec<String>,
}

impl ConfigError {
    /// An error with a message.
    pub fn new(message: impl Into<String>) -> Self {
        ConfigError {
            message: message.into(),
            path: Vec::new(),
            conditions: Vec::new(),
        }
    }

    /// What is wrong, without the location.
    pub fn message(&self) -> &str {
        &self.message
    }

    fn when(mut self, condition: String) -> Self {
        self.conditions.insert(0, condition);
        self
    }

    fn inside(mut self, key: &str) -> Self {
        self.path.insert(0, key.to_owned());
        self
    }
}

impl fmt::Display for ConfigError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if !self.path.is_empty() {
            write!(f, "in `{}`: ", self.path.join("."))?;
        }
        f.write_str(&self.message)?;
        if !self.conditions.is_empty() {
            write!(f, " (when {})", self.conditions.join(" and "))?;
        }
        Ok(())
    }
}

impl std::error::Error for ConfigError {}

/// A value that can be a configuration field: converted to and from its JSON form.
pub trait FieldValue: Sized {
    /// Reads the value from its JSON form.
    fn from_json(value: Value) -> Result<Self, ConfigError>;
    /// The JSON form; fails only for objects whose conditional fields are inconsistent.
    fn to_json(&self) -> Result<Value, ConfigError>;
    /// The value of a required key that is absent, when absence is a state of the type
    /// (a sensitive value the server does not return); `None`: absence is an error.
    fn missing() -> Option<Self> {
        None
    }
    /// Whether the value is written at all (a redacted secret is not).
    fn is_absent(&self) -> bool {
        false
    }
}

/// A value the docs do not list (of an enum, or of a switch such as `auth_mode`), kept
/// as the server sent it and written back unchanged. It cannot be made by hand.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Undocumented(String);

impl Undocumented {
    pub(crate) fn read(value: String) -> Self {
        Undocumented(value)
    }

    /// The value as sent.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for Undocumented {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// Keys of a configuration object that the docs do not list (or not in the state the
/// object is in), kept as the server sent them and written back unchanged. Only reading
/// fills it; a configuration built in code has none.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct UndocumentedSettings(Map<String, Value>);

impl UndocumentedSettings {
    /// None at all (for types that keep every key as a documented one).
    pub fn none() -> &'static UndocumentedSettings {
        static NONE: std::sync::OnceLock<UndocumentedSettings> = std::sync::OnceLock::new();
        NONE.get_or_init(UndocumentedSettings::default)
    }

    /// Whether there are none.
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    /// The value of one key.
    pub fn get(&self, key: &str) -> Option<&Value> {
        self.0.get(key)
    }

    /// The keys (in the order received where serde_json keeps it, `preserve_order`).
    pub fn keys(&self) -> impl Iterator<Item = &str> {
        self.0.keys().map(String::as_str)
    }

    /// Writes the keys back (never over a documented key written before).
    pub(crate) fn write(&self, out: &mut Map<String, Value>) {
        for (k, v) in &self.0 {
            out.entry(k.clone()).or_insert_with(|| v.clone());
        }
    }
}

fn expected(what: &str, found: &Value) -> ConfigError {
    let found = match found {
        Value::Null => "null",
        Value::Bool(_) => "a boolean",
        Value::Number(_) => "a number",
        Value::String(_) => "a string",
        Value::Array(_) => "an array",
        Value::Object(_) => "an object",
    };
    ConfigError::new(format!("expected {what}, found {found}"))
}

impl FieldValue for String {
    fn from_json(value: Value) -> Result<Self, ConfigError> {
        match value {
            Value::String(s) => Ok(s),
            other => Err(expected("a string", &other)),
        }
    }
    fn to_json(&self) -> Result<Value, ConfigError> {
        Ok(Value::String(self.clone()))
    }
}

impl FieldValue for bool {
    fn from_json(value: Value) -> Result<Self, ConfigError> {
        value.as_bool().ok_or_else(|| expected("a boolean", &value))
    }
    fn to_json(&self) -> Result<Value, ConfigError> {
        Ok(Value::Bool(*self))
    }
}

impl FieldValue for i64 {
    fn from_json(value: Value) -> Result<Self, ConfigError> {
        value.as_i64().ok_or_else(|| expected("an integer", &value))
    }
    fn to_json(&self) -> Result<Value, ConfigError> {
        Ok(Value::from(*self))
    }
}

impl FieldValue for f64 {
    fn from_json(value: Value) -> Result<Self, ConfigError> {
        value.as_f64().ok_or_else(|| expected("a number", &value))
    }
    fn to_json(&self) -> Result<Value, ConfigError> {
        // Whole numbers go out as integers, the way the docs write them.
        if self.fract() == 0.0 && self.abs() < 9.0e15 {
            Ok(Value::from(*self as i64))
        } else {
            Ok(Value::from(*self))
        }
    }
}

impl FieldValue for Value {
    fn from_json(value: Value) -> Result<Self, ConfigError> {
        Ok(value)
    }
    fn to_json(&self) -> Result<Value, ConfigError> {
        Ok(self.clone())
    }
}

impl FieldValue for Map<String, Value> {
    fn from_json(value: Value) -> Result<Self, ConfigError> {
        match value {
            Value::Object(m) => Ok(m),
            other => Err(expected("an object", &other)),
        }
    }
    fn to_json(&self) -> Result<Value, ConfigError> {
        Ok(Value::Object(self.clone()))
    }
}

impl<T: FieldValue> FieldValue for Vec<T> {
    fn from_json(value: Value) -> Result<Self, ConfigError> {
        match value {
            Value::Array(items) => items
                .into_iter()
                .enumerate()
                .map(|(i, v)| T::from_json(v).map_err(|e| e.inside(&i.to_string())))
                .collect(),
            other => Err(expected("an array", &other)),
        }
    }
    fn to_json(&self) -> Result<Value, ConfigError> {
        self.iter()
            .map(T::to_json)
            .collect::<Result<_, _>>()
            .map(Value::Array)
    }
}

impl<T: FieldValue> FieldValue for BTreeMap<String, T> {
    fn from_json(value: Value) -> Result<Self, ConfigError> {
        match value {
            Value::Object(m) => m
                .into_iter()
                .map(|(k, v)| T::from_json(v).map_err(|e| e.inside(&k)).map(|v| (k, v)))
                .collect(),
            other => Err(expected("an object", &other)),
        }
    }
    fn to_json(&self) -> Result<Value, ConfigError> {
        self.iter()
            .map(|(k, v)| v.to_json().map(|v| (k.clone(), v)))
            .collect::<Result<_, _>>()
            .map(Value::Object)
    }
}

/// A value the docs mark sensitive (a password, a key): `Debug` never prints it. Read from
/// the server it may be redacted (left out); a redacted secret is not written back, so
/// sending a configuration read from the server keeps the secret the server has.
#[derive(Clone, PartialEq, Eq, Hash)]
pub struct Secret<T>(Option<T>);

impl<T> Secret<T> {
    /// Wraps a sensitive value.
    pub fn new(value: T) -> Self {
        Secret(Some(value))
    }

    /// The value itself (`None` when the server left it out); keep it out of logs.
    pub fn expose(&self) -> Option<&T> {
        self.0.as_ref()
    }

    /// Whether the server left the value out.
    pub fn is_redacted(&self) -> bool {
        self.0.is_none()
    }

    /// Unwraps the value.
    pub fn into_inner(self) -> Option<T> {
        self.0
    }
}

impl<T> fmt::Debug for Secret<T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("<redacted>")
    }
}

impl From<String> for Secret<String> {
    fn from(s: String) -> Self {
        Secret::new(s)
    }
}

impl From<&str> for Secret<String> {
    fn from(s: &str) -> Self {
        Secret::new(s.to_owned())
    }
}

impl<T: FieldValue> FieldValue for Secret<T> {
    fn from_json(value: Value) -> Result<Self, ConfigError> {
        match value {
            // Some servers redact with `null`.
            Value::Null => Ok(Secret(None)),
            v => T::from_json(v).map(Secret::new),
        }
    }
    fn missing() -> Option<Self> {
        Some(Secret(None))
    }
    fn is_absent(&self) -> bool {
        self.0.is_none()
    }
    fn to_json(&self) -> Result<Value, ConfigError> {
        match &self.0 {
            Some(v) => v.to_json(),
            None => Ok(Value::Null),
        }
    }
}

/// The keys of one configuration object, taken out as a type reads them.
#[derive(Debug)]
pub struct Fields {
    map: Map<String, Value>,
}

impl Fields {
    /// The keys of `map`.
    pub fn new(map: Map<String, Value>) -> Self {
        Fields { map }
    }

    /// Takes a key that must be present.
    pub fn required<T: FieldValue>(&mut self, key: &str) -> Result<T, ConfigError> {
        match self.map.remove(key) {
            Some(v) => T::from_json(v).map_err(|e| e.inside(key)),
            None => T::missing().ok_or_else(|| ConfigError::new(format!("missing field `{key}`"))),
        }
    }

    /// Takes every key (a free-form area's settings).
    pub fn take_all(&mut self) -> Map<String, Value> {
        std::mem::take(&mut self.map)
    }

    /// Takes every key left: those the docs do not list for the object's state.
    pub fn rest(&mut self) -> UndocumentedSettings {
        UndocumentedSettings(std::mem::take(&mut self.map))
    }

    /// Takes a key that may be absent (`null` counts as absent).
    pub fn optional<T: FieldValue>(&mut self, key: &str) -> Result<Option<T>, ConfigError> {
        match self.map.remove(key) {
            Some(Value::Null) | None => Ok(None),
            Some(v) => T::from_json(v).map(Some).map_err(|e| e.inside(key)),
        }
    }

    /// Reads a switch that must be present.
    pub fn switch<S: Switch>(&mut self) -> Result<S, ConfigError> {
        let tag = self.required::<S::Tag>(S::KEY)?;
        read_case(tag, self)
    }

    /// Reads a switch whose absence means its documented default.
    pub fn switch_or<S: Switch>(&mut self, default: S::Tag) -> Result<S, ConfigError> {
        let tag = self.optional::<S::Tag>(S::KEY)?.unwrap_or(default);
        read_case(tag, self)
    }

    /// Reads a switch that may be absent; then none of its sections' fields are allowed.
    pub fn switch_optional<S: Switch>(&mut self) -> Result<Option<S>, ConfigError> {
        match self.optional::<S::Tag>(S::KEY)? {
            Some(tag) => read_case(tag, self).map(Some),
            None => Ok(None),
        }
    }

    /// Fails on keys nobody took: those in `conditional` were present in a state that
    /// does not allow them, the others are not documented at all.
    pub fn finish(self, conditional: &[(&str, &str)]) -> Result<(), ConfigError> {
        let Some(key) = self.map.keys().next() else {
            return Ok(());
        };
        Err(match conditional.iter().find(|(k, _)| k == key) {
            Some((_, condition)) => {
                ConfigError::new(format!("field `{key}` is only allowed when {condition}"))
            }
            None => ConfigError::new(format!("unknown field `{key}`")),
        })
    }
}

fn read_case<S: Switch>(tag: S::Tag, fields: &mut Fields) -> Result<S, ConfigError> {
    let condition = format!("{} is {}", S::KEY, tag);
    S::read(tag, fields).map_err(|e| e.when(condition))
}

/// A field whose value selects which other fields exist (`auth_mode`, or a boolean
/// like `is_single_table`); implemented by the generated enums with one variant per value.
pub trait Switch: Sized {
    /// `String` for an enum switch, `bool` for a boolean one.
    type Tag: FieldValue + fmt::Display;
    /// The switch's key on the wire.
    const KEY: &'static str;
    /// Reads the fields of the section `tag` selects.
    fn read(tag: Self::Tag, fields: &mut Fields) -> Result<Self, ConfigError>;
    /// The switch's value.
    fn tag(&self) -> Self::Tag;
    /// Writes the fields of the selected section (not the switch itself).
    fn write(&self, out: &mut Map<String, Value>) -> Result<(), ConfigError>;
}

/// A configuration object: an area's configuration or an object-typed field.
pub trait Object: Sized {
    /// Keys that exist only under a condition, with the condition as documented.
    const CONDITIONAL: &'static [(&'static str, &'static str)] = &[];
    /// Takes the object's keys from `fields`.
    fn read(fields: &mut Fields) -> Result<Self, ConfigError>;
    /// Writes the object's keys into `out`.
    fn write(&self, out: &mut Map<String, Value>) -> Result<(), ConfigError>;
    /// The keys it was read with that the docs do not list.
    fn undocumented(&self) -> &UndocumentedSettings;
}

/// Reads an [`Object`] from JSON, rejecting keys it does not take.
pub fn read_object<T: Object>(value: Value) -> Result<T, ConfigError> {
    let Value::Object(map) = value else {
        return Err(expected("an object", &value));
    };
    let mut fields = Fields::new(map);
    let object = T::read(&mut fields)?;
    fields.finish(T::CONDITIONAL)?;
    Ok(object)
}

/// Reads server data as an [`Object`], or keeps it raw (with why) when it does not fit:
/// one connection that breaks its table must not fail a whole list.
pub fn read_or_raw<T: Object>(
    connector_type: Option<&str>,
    configuration: Value,
) -> Result<T, Box<RawConfiguration>> {
    read_object(configuration.clone()).map_err(|e| {
        Box::new(RawConfiguration {
            connector_type: connector_type.map(str::to_owned),
            configuration,
            mismatch: Some(e),
        })
    })
}

/// The flat JSON object of an [`Object`].
pub fn write_object<T: Object>(object: &T) -> Result<Map<String, Value>, ConfigError> {
    let mut out = Map::new();
    object.write(&mut out)?;
    Ok(out)
}

/// Writes a key.
pub fn put<T: FieldValue>(
    out: &mut Map<String, Value>,
    key: &str,
    value: &T,
) -> Result<(), ConfigError> {
    if value.is_absent() {
        return Ok(());
    }
    let v = value.to_json().map_err(|e| e.inside(key))?;
    out.insert(key.to_owned(), v);
    Ok(())
}

/// Writes a key when it has a value.
pub fn put_optional<T: FieldValue>(
    out: &mut Map<String, Value>,
    key: &str,
    value: &Option<T>,
) -> Result<(), ConfigError> {
    match value {
        Some(v) => put(out, key, v),
        None => Ok(()),
    }
}

/// Writes a switch and the fields of its section.
pub fn put_switch<S: Switch>(out: &mut Map<String, Value>, switch: &S) -> Result<(), ConfigError> {
    let tag = switch.tag();
    out.insert(S::KEY.to_owned(), tag.to_json()?);
    switch
        .write(out)
        .map_err(|e| e.when(format!("{} is {}", S::KEY, tag)))
}

/// Writes a switch, when set, and the fields of its section.
pub fn put_switch_optional<S: Switch>(
    out: &mut Map<String, Value>,
    switch: &Option<S>,
) -> Result<(), ConfigError> {
    match switch {
        Some(s) => put_switch(out, s),
        None => Ok(()),
    }
}

/// Whether an array field holds `value` (for `contains` conditions).
pub fn contains<T: FieldValue>(items: &[T], value: &str) -> bool {
    items
        .iter()
        .any(|i| matches!(i.to_json(), Ok(Value::String(s)) if s == value))
}

/// The error for a field set while its `contains` condition does not hold.
pub fn not_allowed(key: &str, condition: &str) -> ConfigError {
    ConfigError::new(format!("field `{key}` is only allowed when {condition}"))
}

/// The configuration of a connection type this SDK has no table for, as raw JSON. Read
/// from the server it is kept as sent (so is a configuration of a typed connection type
/// that does not fit its table: see [`RawConfiguration::mismatch`]); to send one,
/// [`RawConfiguration::unchecked`] says in so many words that nothing about it is checked.
#[derive(Debug, Clone, PartialEq)]
pub struct RawConfiguration {
    connector_type: Option<String>,
    configuration: Value,
    mismatch: Option<ConfigError>,
}

impl RawConfiguration {
    pub(crate) fn read(connector_type: Option<String>, configuration: Value) -> Self {
        RawConfiguration {
            connector_type,
            configuration,
            mismatch: None,
        }
    }

    /// Why a configuration the server sent for a connection type this SDK types was kept
    /// raw: it does not fit the type's documented shape (a required setting missing, a
    /// value of another kind). `None` for a type without a table and for one made by hand.
    pub fn mismatch(&self) -> Option<&ConfigError> {
        self.mismatch.as_ref()
    }

    /// An untyped configuration to send as it is, for a connection type this SDK does not
    /// type (or to bypass the typing of one it does): nothing is checked.
    pub fn unchecked(connector_type: impl Into<String>, configuration: Value) -> Self {
        RawConfiguration {
            connector_type: Some(connector_type.into()),
            configuration,
            mismatch: None,
        }
    }

    /// The connection type, when the server named one.
    pub fn connector_type(&self) -> Option<&str> {
        self.connector_type.as_deref()
    }

    /// The configuration as JSON.
    pub fn configuration(&self) -> &Value {
        &self.configuration
    }
}

/// A union of every connector's configuration, keyed by the connection type.
pub trait Union: Sized {
    /// Reads `configuration` as the configuration of `connector_type`; an unknown or
    /// absent type keeps the raw JSON.
    fn from_parts(
        connector_type: Option<String>,
        configuration: Value,
    ) -> Result<Self, ConfigError>;
    /// The connection type (`s3`), when known.
    fn connector_type(&self) -> Option<&str>;
    /// The configuration's JSON object (or the raw JSON of an unknown type).
    fn configuration(&self) -> Result<Value, ConfigError>;
    /// The keys a typed configuration was read with that its docs do not list (`None`
    /// for a raw one).
    fn undocumented(&self) -> Option<&UndocumentedSettings>;
}

/// The keys a [`Union`] occupies in a request body: `type` beside `configuration`.
#[derive(Serialize, Deserialize)]
struct Parts {
    #[serde(rename = "type", default, skip_serializing_if = "Option::is_none")]
    connector_type: Option<String>,
    configuration: Value,
}

/// Serializes a union as `type` and `configuration` (used flattened into a request).
pub fn serialize_tagged<U: Union, S: serde::Serializer>(
    union: &U,
    s: S,
) -> Result<S::Ok, S::Error> {
    let configuration = union.configuration().map_err(serde::ser::Error::custom)?;
    Parts {
        connector_type: union.connector_type().map(str::to_owned),
        configuration,
    }
    .serialize(s)
}

/// Deserializes a union from `type` and `configuration`.
pub fn deserialize_tagged<'de, U: Union, D: serde::Deserializer<'de>>(d: D) -> Result<U, D::Error> {
    let parts = Parts::deserialize(d)?;
    U::from_parts(parts.connector_type, parts.configuration).map_err(serde::de::Error::custom)
}

/// `serialize_with` for a configuration field typed by a union that is read with a
/// connector type found elsewhere: only the configuration object is written.
pub fn serialize_configuration<U: Union, S: serde::Serializer>(
    union: &U,
    s: S,
) -> Result<S::Ok, S::Error> {
    union
        .configuration()
        .map_err(serde::ser::Error::custom)?
        .serialize(s)
}

/// [`serialize_configuration`] for an optional field.
pub fn serialize_configuration_option<U: Union, S: serde::Serializer>(
    union: &Option<U>,
    s: S,
) -> Result<S::Ok, S::Error> {
    match union {
        Some(u) => serialize_configuration(u, s),
        None => s.serialize_none(),
    }
}

/// The connector type at `path` inside a field's JSON form (`["id"]` of a response's
/// `type` object); a plain string field is the type itself.
pub fn connector_type_at<T: Serialize>(holder: &T, path: &[&str]) -> Option<String> {
    let mut value = serde_json::to_value(holder).ok()?;
    for key in path {
        value = value.get_mut(*key)?.take();
    }
    match value {
        Value::String(s) => Some(s),
        _ => None,
    }
}

/// `Serialize`, `Deserialize`, [`FieldValue`] and conversions to and from JSON objects
/// for generated [`Object`] types.
macro_rules! impl_object {
    ($($t:ident),* $(,)?) => {$(
        impl ::serde::Serialize for $t {
            fn serialize<S: ::serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
                let map = super::connectors_runtime::write_object(self)
                    .map_err(::serde::ser::Error::custom)?;
                ::serde::Serialize::serialize(&map, s)
            }
        }

        impl<'de> ::serde::Deserialize<'de> for $t {
            fn deserialize<D: ::serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
                let value = <::serde_json::Value as ::serde::Deserialize>::deserialize(d)?;
                super::connectors_runtime::read_object(value).map_err(::serde::de::Error::custom)
            }
        }

        impl super::connectors_runtime::FieldValue for $t {
            fn from_json(value: ::serde_json::Value) -> Result<Self, super::connectors_runtime::ConfigError> {
                super::connectors_runtime::read_object(value)
            }
            fn to_json(&self) -> Result<::serde_json::Value, super::connectors_runtime::ConfigError> {
                super::connectors_runtime::write_object(self).map(::serde_json::Value::Object)
            }
        }

        impl TryFrom<$t> for ::serde_json::Map<String, ::serde_json::Value> {
            type Error = super::connectors_runtime::ConfigError;
            fn try_from(v: $t) -> Result<Self, Self::Error> {
                super::connectors_runtime::write_object(&v)
            }
        }

        impl TryFrom<::serde_json::Map<String, ::serde_json::Value>> for $t {
            type Error = super::connectors_runtime::ConfigError;
            fn try_from(map: ::serde_json::Map<String, ::serde_json::Value>) -> Result<Self, Self::Error> {
                super::connectors_runtime::read_object(::serde_json::Value::Object(map))
            }
        }
    )*};
}
pub(crate) use impl_object;

/// `Serialize` and `Deserialize` (as `type` and `configuration`) for a generated [`Union`].
macro_rules! impl_union {
    ($($t:ident),* $(,)?) => {$(
        impl ::serde::Serialize for $t {
            fn serialize<S: ::serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
                super::connectors_runtime::serialize_tagged(self, s)
            }
        }

        impl<'de> ::serde::Deserialize<'de> for $t {
            fn deserialize<D: ::serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
                super::connectors_runtime::deserialize_tagged(d)
            }
        }
    )*};
}
pub(crate) use impl_union;

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn finish_says_when_a_misplaced_key_would_be_allowed() {
        let mut f = Fields::new(
            json!({"a": 1, "b": 2})
                .as_object()
                .cloned()
                .unwrap_or_default(),
        );
        let _: Option<i64> = f.optional("a").unwrap_or_default();
        let e = f.finish(&[("b", "mode is x")]).unwrap_err();
        assert_eq!(e.to_string(), "field `b` is only allowed when mode is x");
    }

    #[test]
    fn secrets_do_not_print() {
        assert_eq!(format!("{:?}", Secret::new("hunter2")), "<redacted>");
    }
}

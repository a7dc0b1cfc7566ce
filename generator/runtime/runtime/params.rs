//! How parameter values are written into paths, queries and headers.

use super::*;

/// Whether `key` is a `deepObject` key of parameter `name` (`name[...]`).
pub(super) fn is_deep_key(key: &str, name: &str) -> bool {
    key.strip_prefix(name)
        .is_some_and(|rest| rest.starts_with('[') && rest.ends_with(']'))
}

/// How a parameter's value is written, per OpenAPI's `style` (with `explode`).
#[doc(hidden)]
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Style {
    /// `name=a&name=b` (exploded) or `name=a,b`; objects as `k=v` pairs or `name=k,v`.
    Form,
    /// `name=a%20b`.
    SpaceDelimited,
    /// `name=a|b`.
    PipeDelimited,
    /// `name[k]=v`, nested as `name[k][k2]=v`, lists as repeated `name[k]=v`.
    DeepObject,
    /// `a,b` and `k,v` (or `k=v` exploded): paths and headers.
    Simple,
    /// `.a.b` (exploded) or `.a,b`.
    Label,
    /// `;name=a;name=b` (exploded) or `;name=a,b`.
    Matrix,
    /// The value's JSON text as one value (a parameter described with `content`).
    Json,
}

/// The JSON form of a parameter value (generated types always have one).
pub(super) fn to_json<V: Serialize + ?Sized>(value: &V) -> serde_json::Value {
    serde_json::to_value(value).unwrap_or(serde_json::Value::Null)
}

/// A scalar as text; anything nested as JSON text (styles do not say more).
pub(super) fn scalar_text(v: &serde_json::Value) -> String {
    match v {
        serde_json::Value::String(s) => s.clone(),
        other => other.to_string(),
    }
}

/// The query pairs of one parameter.
pub(crate) fn style_query(
    name: &str,
    style: Style,
    explode: bool,
    value: &serde_json::Value,
) -> Vec<(String, String)> {
    use serde_json::Value;
    let mut out = Vec::new();
    match (style, value) {
        (_, Value::Null) => {}
        (Style::Json, v) => out.push((name.to_owned(), v.to_string())),
        (Style::DeepObject, Value::Object(_) | Value::Array(_)) => {
            deep_pairs(name.to_owned(), value, &mut out);
        }
        (_, Value::Array(items)) => {
            let texts = items.iter().filter(|v| !v.is_null()).map(scalar_text);
            match style {
                Style::Form if explode => out.extend(texts.map(|t| (name.to_owned(), t))),
                Style::SpaceDelimited => {
                    out.push((name.to_owned(), texts.collect::<Vec<_>>().join(" ")))
                }
                Style::PipeDelimited => {
                    out.push((name.to_owned(), texts.collect::<Vec<_>>().join("|")))
                }
                _ => out.push((name.to_owned(), texts.collect::<Vec<_>>().join(","))),
            }
        }
        (_, Value::Object(map)) => {
            let entries = map.iter().filter(|(_, v)| !v.is_null());
            if style == Style::Form && explode {
                out.extend(entries.map(|(k, v)| (k.clone(), scalar_text(v))));
            } else {
                let sep = match style {
                    Style::SpaceDelimited => " ",
                    Style::PipeDelimited => "|",
                    _ => ",",
                };
                let flat: Vec<String> = entries
                    .flat_map(|(k, v)| [k.clone(), scalar_text(v)])
                    .collect();
                out.push((name.to_owned(), flat.join(sep)));
            }
        }
        (_, scalar) => out.push((name.to_owned(), scalar_text(scalar))),
    }
    out
}

/// `deepObject` pairs: every leaf under its bracketed path.
pub(super) fn deep_pairs(
    prefix: String,
    value: &serde_json::Value,
    out: &mut Vec<(String, String)>,
) {
    use serde_json::Value;
    match value {
        Value::Null => {}
        Value::Object(map) => {
            for (k, v) in map {
                deep_pairs(format!("{prefix}[{k}]"), v, out);
            }
        }
        // Lists repeat their key, as the plain form of a map of lists does.
        Value::Array(items) => {
            for v in items {
                deep_pairs(prefix.clone(), v, out);
            }
        }
        scalar => out.push((prefix, scalar_text(scalar))),
    }
}

/// A value in the `simple` style (or the separators of another), unencoded.
pub(crate) fn style_text(style: Style, explode: bool, value: &serde_json::Value) -> String {
    style_pieces(style, explode, value, &|t| t.to_owned())
}

/// The text of a path parameter, each piece percent-encoded, separators kept.
pub(crate) fn style_path(
    name: &str,
    style: Style,
    explode: bool,
    value: &serde_json::Value,
) -> String {
    use serde_json::Value;
    let encode = |t: &str| percent_encoding::utf8_percent_encode(t, PATH_SEGMENT).to_string();
    match style {
        Style::Json => encode(&value.to_string()),
        Style::Label => format!(".{}", style_pieces(style, explode, value, &encode)),
        Style::Matrix => {
            let name = encode(name);
            match value {
                Value::Array(items) if explode => items
                    .iter()
                    .filter(|v| !v.is_null())
                    .map(|v| format!(";{name}={}", encode(&scalar_text(v))))
                    .collect(),
                Value::Object(_) if explode => {
                    format!(";{}", style_pieces(style, explode, value, &encode))
                }
                _ => format!(";{name}={}", style_pieces(style, false, value, &encode)),
            }
        }
        _ => style_pieces(style, explode, value, &encode),
    }
}

/// The pieces of a value joined by the style's separators (`.` for exploded labels, `;`
/// for exploded matrix objects, else `,`); `encode` applies to each piece.
pub(super) fn style_pieces(
    style: Style,
    explode: bool,
    value: &serde_json::Value,
    encode: &dyn Fn(&str) -> String,
) -> String {
    use serde_json::Value;
    let sep = match (style, explode) {
        (Style::Label, true) => ".",
        (Style::Matrix, true) => ";",
        _ => ",",
    };
    match value {
        Value::Null => String::new(),
        _ if style == Style::Json => encode(&value.to_string()),
        Value::Array(items) => items
            .iter()
            .filter(|v| !v.is_null())
            .map(|v| encode(&scalar_text(v)))
            .collect::<Vec<_>>()
            .join(sep),
        Value::Object(map) => {
            let entries = map.iter().filter(|(_, v)| !v.is_null());
            if explode {
                entries
                    .map(|(k, v)| format!("{}={}", encode(k), encode(&scalar_text(v))))
                    .collect::<Vec<_>>()
                    .join(sep)
            } else {
                entries
                    .flat_map(|(k, v)| [encode(k), encode(&scalar_text(v))])
                    .collect::<Vec<_>>()
                    .join(",")
            }
        }
        scalar => encode(&scalar_text(scalar)),
    }
}

/// Values that can go into a query string or a path segment.
pub trait ParamValue {
    /// The text form sent on the wire.
    fn to_param(&self) -> String;

    /// Appends this value to a query (arrays append one pair per item).
    #[doc(hidden)]
    fn push_query(&self, name: &str, out: &mut Vec<(String, String)>) {
        out.push((name.to_owned(), self.to_param()));
    }
}

macro_rules! display_param {
    ($($t:ty),*) => {$(
        impl ParamValue for $t {
            fn to_param(&self) -> String {
                self.to_string()
            }
        }
    )*};
}

display_param!(
    str,
    String,
    bool,
    i32,
    i64,
    u8,
    u16,
    u32,
    u64,
    f32,
    f64,
    uuid::Uuid,
    chrono::NaiveDate
);

/// Any JSON value: a string as it is, anything else as JSON text.
impl ParamValue for serde_json::Value {
    fn to_param(&self) -> String {
        match self {
            serde_json::Value::String(s) => s.clone(),
            other => other.to_string(),
        }
    }
}

/// A free-form object goes into the query as `deepObject`: `name[key]=value`.
impl ParamValue for serde_json::Map<String, serde_json::Value> {
    fn to_param(&self) -> String {
        serde_json::Value::Object(self.clone()).to_string()
    }

    fn push_query(&self, name: &str, out: &mut Vec<(String, String)>) {
        for (k, v) in self {
            out.push((format!("{name}[{k}]"), v.to_param()));
        }
    }
}

/// A reference sends what it refers to, so `&str`, `&Uuid` and `&String` arguments work.
impl<T: ParamValue + ?Sized> ParamValue for &T {
    fn to_param(&self) -> String {
        (**self).to_param()
    }

    fn push_query(&self, name: &str, out: &mut Vec<(String, String)>) {
        (**self).push_query(name, out)
    }
}

/// What an id parameter (`format: uuid`) accepts: a [`uuid::Uuid`], or the id as text
/// (`&str`, `String`), which is how many responses hand ids out, so an id read from one
/// response passes straight into the next call.
pub trait IdArg: ParamValue {}

impl IdArg for uuid::Uuid {}

impl IdArg for str {}

impl IdArg for String {}

impl<T: IdArg + ?Sized> IdArg for &T {}

impl ParamValue for chrono::DateTime<chrono::Utc> {
    fn to_param(&self) -> String {
        self.to_rfc3339_opts(chrono::SecondsFormat::AutoSi, true)
    }
}

impl<T: ParamValue> ParamValue for [T] {
    fn to_param(&self) -> String {
        self.iter().map(T::to_param).collect::<Vec<_>>().join(",")
    }

    fn push_query(&self, name: &str, out: &mut Vec<(String, String)>) {
        for v in self {
            v.push_query(name, out);
        }
    }
}

/// Maps go into the query as `deepObject`: `name[key]=value`.
impl<V: ParamValue> ParamValue for std::collections::BTreeMap<String, V> {
    fn to_param(&self) -> String {
        self.iter()
            .map(|(k, v)| format!("{k},{}", v.to_param()))
            .collect::<Vec<_>>()
            .join(",")
    }

    fn push_query(&self, name: &str, out: &mut Vec<(String, String)>) {
        for (k, v) in self {
            v.push_query(&format!("{name}[{k}]"), out);
        }
    }
}

impl<T: ParamValue> ParamValue for Vec<T> {
    fn to_param(&self) -> String {
        self.as_slice().to_param()
    }

    fn push_query(&self, name: &str, out: &mut Vec<(String, String)>) {
        self.as_slice().push_query(name, out)
    }
}

/// Everything but unreserved characters (RFC 3986) is encoded in a path segment.
pub(super) const PATH_SEGMENT: &percent_encoding::AsciiSet = &percent_encoding::NON_ALPHANUMERIC
    .remove(b'-')
    .remove(b'.')
    .remove(b'_')
    .remove(b'~');

#[cfg(test)]
#[path = "params/tests.rs"]
mod tests;

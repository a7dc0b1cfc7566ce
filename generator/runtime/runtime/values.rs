//! Helpers generated types use to read values leniently (nullable fields, unions).

/// Serde helper for optional, nullable fields: absent stays `None`, `null` becomes
/// `Some(None)`, so both survive a round trip.
#[doc(hidden)]
pub fn deserialize_some<'de, T, D>(d: D) -> Result<Option<T>, D::Error>
where
    T: serde::Deserialize<'de>,
    D: serde::Deserializer<'de>,
{
    T::deserialize(d).map(Some)
}

// ---------------------------------------------------------------------------------------
// Untagged unions: the variant that fits best, not the first that parses.
// ---------------------------------------------------------------------------------------

/// What a union variant accepts, as the generator saw it in the spec.
#[doc(hidden)]
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Shape {
    /// Any value.
    Any,
    Bool,
    Integer,
    /// Any number, integers included.
    Number,
    /// Any string.
    String,
    /// A string with a format or constraints: whether it fits is up to decoding.
    Text,
    /// A string enum: its values fit exactly, other strings only loosely.
    Values(&'static [&'static str]),
    Array(&'static Shape),
    /// An object with these declared keys; `open` when it takes any other key too.
    Object {
        known: &'static [&'static str],
        required: &'static [&'static str],
        open: bool,
    },
    /// One of several shapes (a union inside a union).
    OneOf(&'static [Shape]),
}

/// How well a value fits a [`Shape`]; the larger, the better.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub(super) struct Fit {
    /// 5: an enum's own value; 4: fits fully; 3: fits loosely (keys the type does not
    /// declare, an integer as a number, any string); 2: an enum's catch-all; 1: anything.
    rank: u8,
    /// Keys present that the type declares.
    known: usize,
    /// Keys the type declares that are absent (fewer is better).
    slack: std::cmp::Reverse<usize>,
}

pub(super) fn fit(value: &serde_json::Value, shape: &Shape) -> Option<Fit> {
    use serde_json::Value;
    let plain = |rank| {
        Some(Fit {
            rank,
            known: 0,
            slack: std::cmp::Reverse(0),
        })
    };
    match (shape, value) {
        (Shape::Any, _) => plain(1),
        (Shape::Bool, Value::Bool(_)) => plain(4),
        (Shape::Integer, Value::Number(n)) if n.is_i64() || n.is_u64() => plain(4),
        (Shape::Number, Value::Number(n)) => plain(if n.is_f64() { 4 } else { 3 }),
        (Shape::String, Value::String(_)) => plain(3),
        (Shape::Text, Value::String(_)) => plain(4),
        (Shape::Values(values), Value::String(s)) => {
            plain(if values.contains(&s.as_str()) { 5 } else { 2 })
        }
        (Shape::Array(item), Value::Array(items)) => {
            let mut rank = 4;
            for v in items {
                rank = rank.min(fit(v, item)?.rank);
            }
            plain(rank)
        }
        (
            Shape::Object {
                known,
                required,
                open,
            },
            Value::Object(map),
        ) => {
            if required.iter().any(|r| !map.contains_key(*r)) {
                return None;
            }
            let present = map.keys().filter(|k| known.contains(&k.as_str())).count();
            let rank = if *open || present == map.len() { 4 } else { 3 };
            Some(Fit {
                rank,
                known: present,
                slack: std::cmp::Reverse(known.len() - present),
            })
        }
        (Shape::OneOf(shapes), _) => shapes.iter().filter_map(|s| fit(value, s)).max(),
        _ => None,
    }
}

/// The variants worth trying for `value`, best fit first: a variant that takes every key
/// present (with its required ones) before one that would keep some as unknown, then the
/// one that declares more of the keys present, then the one with fewer declared keys
/// absent, then spec order. Variants the value cannot fit (a missing required key,
/// another JSON type) are left out; when none decodes, the union keeps the value raw.
#[doc(hidden)]
pub fn fit_order(value: &serde_json::Value, shapes: &[Shape]) -> Vec<usize> {
    let mut ranked: Vec<(Fit, usize)> = shapes
        .iter()
        .enumerate()
        .filter_map(|(i, s)| fit(value, s).map(|f| (f, i)))
        .collect();
    ranked.sort_by(|a, b| b.0.cmp(&a.0).then(a.1.cmp(&b.1)));
    ranked.into_iter().map(|(_, i)| i).collect()
}

#[cfg(test)]
#[path = "values/tests.rs"]
mod tests;

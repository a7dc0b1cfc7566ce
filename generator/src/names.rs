//! Turning wire names into valid, stable, readable Rust identifiers.
//!
//! All identifier sanitising lives here so that every emitter agrees on it.

use heck::{ToSnakeCase, ToUpperCamelCase};
use std::collections::HashSet;

/// Words that cannot be used as plain identifiers (strict and reserved keywords of
/// every edition), plus names that would shadow prelude items in generated code.
const KEYWORDS: &[&str] = &[
    "abstract", "as", "async", "await", "become", "box", "break", "const", "continue", "crate",
    "do", "dyn", "else", "enum", "extern", "false", "final", "fn", "for", "gen", "if", "impl",
    "in", "let", "loop", "macro", "match", "mod", "move", "mut", "override", "priv", "pub", "ref",
    "return", "self", "static", "struct", "super", "trait", "true", "try", "type", "typeof",
    "union", "unsafe", "unsized", "use", "virtual", "where", "while", "yield",
];

/// Type names the generated code uses itself, or that shadow prelude items it names in
/// the type namespace (a schema named `From` must not hide `impl From<..>`; derives are
/// macros, so `Clone` or `Hash` are free).
const RESERVED_TYPES: &[&str] = &[
    "Self",
    "From",
    "Into",
    "TryFrom",
    "TryInto",
    "Default",
    "ToString",
    "AsRef",
    "Serialize",
    "Deserialize",
    "Option",
    "Result",
    "Some",
    "None",
    "Ok",
    "Err",
    "String",
    "Vec",
    "Box",
    "Client",
    "Error",
    "Value",
    "Map",
    "Uuid",
    "DateTime",
    "Utc",
    "NaiveDate",
];

/// Keeps letters, digits and separators, replacing anything else with a separator so
/// that heck splits on it (`foo.bar` and `foo-bar` both become two words).
fn words(raw: &str) -> String {
    raw.chars()
        .map(|c| if c.is_ascii_alphanumeric() { c } else { '_' })
        .collect()
}

/// `UpperCamelCase` type or variant name for any wire name.
pub fn type_name(raw: &str) -> String {
    let mut name = words(raw).to_upper_camel_case();
    if name.is_empty() {
        name = "Empty".to_owned();
    }
    if name.starts_with(|c: char| c.is_ascii_digit()) {
        name.insert(0, 'V');
    }
    if RESERVED_TYPES.contains(&name.as_str()) {
        name.push('_');
    }
    name
}

/// `UpperCamelCase` enum variant name for any wire name. Variants live in their enum's
/// namespace, so only the keyword `Self` needs escaping (`None`, `Some`, `String` are fine).
pub fn variant_name(raw: &str) -> String {
    let mut name = type_name(raw);
    if name.ends_with('_')
        && RESERVED_TYPES.contains(&name.trim_end_matches('_'))
        && name != "Self_"
    {
        name.pop();
    }
    name
}

/// A crate (or module) name for an API title: snake_case words without a trailing "api"
/// (`Polytomic API` → `polytomic`, `Twilio - Accounts` → `twilio_accounts`); `api` when
/// nothing is left.
pub fn crate_name(title: &str) -> String {
    let snake = words(title).to_snake_case();
    let mut parts: Vec<&str> = snake.split('_').filter(|p| !p.is_empty()).collect();
    if parts.len() > 1 && parts.last() == Some(&"api") {
        parts.pop();
    }
    let mut name = parts.join("_");
    if name.is_empty() {
        name = "api".to_owned();
    }
    if name.starts_with(|c: char| c.is_ascii_digit()) {
        name.insert(0, '_');
    }
    name
}

/// `snake_case` field, parameter or method name for any wire name.
pub fn field_name(raw: &str) -> String {
    let mut name = words(raw).to_snake_case();
    if name.is_empty() {
        name = "empty".to_owned();
    }
    if name.starts_with(|c: char| c.is_ascii_digit()) {
        name.insert(0, '_');
    }
    if KEYWORDS.contains(&name.as_str()) {
        name.push('_');
    }
    name
}

/// The name of the variant that keeps what a spec does not list: `preferred`, or
/// `<preferred>Value` (numbered if need be) when a variant already has that name.
pub fn catch_all<'a>(preferred: &str, variants: impl IntoIterator<Item = &'a str>) -> String {
    spare_name(preferred, &format!("{preferred}Value"), variants)
}

/// `preferred` if no name of `taken` is it, else `fallback` (numbered if that is taken
/// too): the name of something generated beside the spec's own names.
pub fn spare_name<'a>(
    preferred: &str,
    fallback: &str,
    taken: impl IntoIterator<Item = &'a str>,
) -> String {
    let mut names = Namespace::new();
    for t in taken {
        names.claim(t.to_owned());
    }
    if names.contains(preferred) {
        names.claim(fallback.to_owned())
    } else {
        preferred.to_owned()
    }
}

/// Hands out unique names within one scope (a struct's fields, an enum's variants, the
/// set of all types). The first claimant keeps the plain name; later ones that collide
/// after case conversion get a numeric suffix, so names stay stable as long as the
/// input order does.
#[derive(Debug, Default)]
pub struct Namespace {
    taken: HashSet<String>,
}

impl Namespace {
    pub fn new() -> Self {
        Self::default()
    }

    /// Reserves `name` (or a suffixed form of it) and returns what was reserved.
    pub fn claim(&mut self, name: String) -> String {
        if self.taken.insert(name.clone()) {
            return name;
        }
        let sep = if name.ends_with(|c: char| c.is_ascii_digit()) {
            "_"
        } else {
            ""
        };
        let mut n = 2usize;
        loop {
            let candidate = format!("{name}{sep}{n}");
            if self.taken.insert(candidate.clone()) {
                return candidate;
            }
            n += 1;
        }
    }

    pub fn contains(&self, name: &str) -> bool {
        self.taken.contains(name)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_spare_name_falls_back_when_taken() {
        assert_eq!(
            spare_name("undocumented", "undocumented_settings", ["host"]),
            "undocumented"
        );
        assert_eq!(
            spare_name("undocumented", "undocumented_settings", ["undocumented"]),
            "undocumented_settings"
        );
    }

    #[test]
    fn the_catch_all_never_takes_a_variant_name() {
        assert_eq!(catch_all("Unknown", ["Ok", "Failed"]), "Unknown");
        assert_eq!(catch_all("Unknown", ["Unknown", "Ok"]), "UnknownValue");
        assert_eq!(
            catch_all("Unknown", ["Unknown", "UnknownValue"]),
            "UnknownValue2"
        );
    }

    #[test]
    fn types() {
        assert_eq!(type_name("model_sync"), "ModelSync");
        assert_eq!(type_name("1password"), "V1password");
        assert_eq!(type_name("json-doc"), "JsonDoc");
        assert_eq!(type_name("a.b"), "AB");
        assert_eq!(type_name(""), "Empty");
        assert_eq!(type_name("Self"), "Self_");
        assert_eq!(type_name("error"), "Error_");
        assert_eq!(type_name("from"), "From_");
        assert_eq!(type_name("default"), "Default_");
    }

    #[test]
    fn fields() {
        assert_eq!(field_name("type"), "type_");
        assert_eq!(field_name("self"), "self_");
        assert_eq!(field_name("X-Polytomic-Version"), "x_polytomic_version");
        assert_eq!(field_name("3rd"), "_3rd");
        assert_eq!(field_name("camelCase"), "camel_case");
        assert_eq!(field_name("$ref"), "ref_");
        assert_eq!(field_name("---"), "empty");
    }

    #[test]
    fn collisions_get_stable_suffixes() {
        let mut ns = Namespace::new();
        assert_eq!(ns.claim(field_name("fooBar")), "foo_bar");
        assert_eq!(ns.claim(field_name("foo_bar")), "foo_bar2");
        assert_eq!(ns.claim(field_name("foo-bar")), "foo_bar3");
        assert_eq!(ns.claim("v1".into()), "v1");
        assert_eq!(ns.claim("v1".into()), "v1_2");
    }
}

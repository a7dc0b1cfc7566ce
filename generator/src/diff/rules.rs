//! The classification rules, as data: the README's table is checked against this list.

use super::{Class, Rule};
use Class::{Behaviour as Be, Breaking as Br, Compatible as Co, Exhaustive as Ex};

const fn r(
    id: &'static str,
    change: &'static str,
    wire: Class,
    rust: Class,
    why: &'static str,
) -> Rule {
    Rule {
        id,
        change,
        wire,
        rust,
        why,
    }
}

/// Every rule, in the order of the README table.
pub const RULES: &[Rule] = &[
    // API-wide settings.
    r("server-changed", "default server URL changed", Be, Be,
      "clients built with the default base URL now call another server"),
    r("version-header-changed", "API version header renamed, added or removed", Br, Co,
      "the runtime sends the version under the header the spec names; old clients send the old one"),
    r("api-version-changed", "default API version changed", Be, Be,
      "the same code now asks the server for another version unless it sets `.api_version(..)`"),
    r("security-added", "security scheme added", Co, Co,
      "another way to authenticate, with a new `ClientBuilder` setter; the old ones still work"),
    r("security-removed", "security scheme removed or changed", Br, Br,
      "credentials of that kind are refused; its `ClientBuilder` setter is gone or changed"),
    // Operations.
    r("operation-added", "operation added", Co, Co, "a new method; nothing existing changes"),
    r("operation-removed", "operation removed", Br, Br,
      "the server no longer answers it, and its method is gone"),
    r("operation-path-changed", "operation moved to another path or HTTP method", Br, Co,
      "old clients call the old path; the method keeps its name"),
    r("operation-renamed", "operation's method renamed or moved to another group", Co, Br,
      "the same request, but code calling the old method no longer compiles"),
    r("operation-deprecated", "operation deprecated", Co, Co,
      "still served; the method gets `#[deprecated]`, a warning only"),
    // Parameters.
    r("param-added-required", "required parameter added", Br, Br,
      "old clients do not send it; the method takes a new argument"),
    r("param-added-optional", "optional parameter added", Co, Co,
      "a new setter on the request; nothing has to send it"),
    r("param-removed", "parameter removed", Br, Br,
      "the server ignores or rejects what old clients send; the argument or setter is gone"),
    r("param-made-required", "parameter made required", Br, Br,
      "old clients may leave it out; its setter becomes a method argument"),
    r("param-made-optional", "parameter made optional", Co, Br,
      "old clients still send it; the argument becomes a setter"),
    r("param-retyped", "parameter type changed", Br, Br,
      "old values may not parse; the argument or setter takes another type"),
    // Request body.
    r("body-added-required", "required request body added", Br, Br,
      "old clients send none; the method takes the body as a new argument"),
    r("body-added-optional", "optional request body added", Co, Co, "a new `.body(..)` setter"),
    r("body-removed", "request body removed", Br, Br,
      "the server no longer reads it; the argument or `.body(..)` is gone"),
    r("body-made-required", "request body made required", Br, Br,
      "old clients may send none; `.body(..)` becomes an argument"),
    r("body-made-optional", "request body made optional", Co, Br,
      "old clients still send it; the argument becomes `.body(..)`"),
    r("body-retyped", "request body type changed", Br, Br,
      "the server expects another shape; the argument takes another type"),
    r("body-media-type-changed", "request body media type changed", Br, Co,
      "old clients encode it the old way; the Rust type is the same"),
    // Responses.
    r("response-retyped", "success response type changed", Br, Br,
      "old clients cannot decode the new body; the method returns another type"),
    r("response-media-type-changed", "success response media type changed", Br, Br,
      "old clients decode it the old way; the method returns another type"),
    r("error-added", "error response status added", Co, Co,
      "still an `Error::Api` with the status; its body is kept raw by old clients"),
    r("error-removed", "error response status removed", Co, Co,
      "that status is no longer documented; an error is still an error"),
    r("error-retyped", "error body type changed", Be, Br,
      "old clients no longer decode the error body (it stays in `raw`); `Error<E>` names another type"),
    r("pagination-added", "operation now pages", Co, Co, "a new `stream()` on the request"),
    r("pagination-removed", "operation no longer pages", Be, Br,
      "old clients stop after one page; `stream()` is gone"),
    r("pagination-changed", "page token or next-page field changed", Be, Co,
      "old clients follow pages the old way and may stop early"),
    r("waiter-added", "waiter added", Co, Co, "a new `wait` method"),
    r("waiter-removed", "waiter removed", Co, Br, "no request changes; the `wait` method is gone"),
    r("waiter-changed", "waiter statuses or status path changed", Co, Be,
      "the same method now stops at other statuses"),
    // Types.
    r("type-added", "type added", Co, Co, "a new item in `models`"),
    r("type-removed", "type removed", Co, Br,
      "what used it is reported on its own; code naming the type no longer compiles"),
    r("type-kind-changed", "type changed kind (struct, enum, union, alias)", Br, Br,
      "another JSON shape and another Rust item"),
    r("type-retyped", "type alias or newtype changed its underlying type", Br, Br,
      "another JSON value and another Rust type"),
    r("constraint-changed", "checked constraint changed", Be, Be,
      "values that passed may now be refused, by the server and by `new`/`TryFrom`"),
    r("field-added-required-request", "required field added to a request type", Br, Br,
      "old clients do not send it; `new()` takes a new argument"),
    r("field-added-required-response", "required field added to a response type", Co, Br,
      "old clients keep the key in `unknown_fields`; `new()` takes a new argument"),
    r("field-added-optional", "optional field added", Co, Ex,
      "absent is fine on the wire; an `Option` field breaks only struct literals without `..`"),
    r("field-removed", "field removed", Be, Br,
      "an old client's value is ignored or comes back `None`; the Rust field is gone"),
    r("field-removed-required-response", "required field removed from a response type", Br, Br,
      "old clients fail to decode a response without it; the Rust field is gone"),
    r("field-retyped", "field type changed", Br, Br,
      "old values no longer decode; the Rust field has another type"),
    r("field-made-required-request", "request field made required", Br, Br,
      "old clients may leave it out; it becomes a `new()` argument and loses its `Option`"),
    r("field-made-required-response", "response field made required", Co, Br,
      "old clients accept it present; the field loses its `Option`"),
    r("field-made-optional-request", "request field made optional", Co, Br,
      "old clients still send it; the field becomes an `Option`"),
    r("field-made-optional-response", "response field made optional", Br, Br,
      "old clients fail when it is absent; the field becomes an `Option`"),
    r("field-nullability-changed", "field nullability changed", Br, Br,
      "`null` is accepted or sent where it was not; the field's `Option` nesting changes"),
    r("enum-value-added", "enum value added", Co, Ex,
      "unknown values land in the catch-all variant; exhaustive matches miss the new variant"),
    r("enum-value-removed-request", "enum value removed from a type sent in requests", Br, Br,
      "the server refuses what old clients send; the variant is gone"),
    r("enum-value-removed-response", "enum value removed from a response-only type", Co, Br,
      "old clients simply stop seeing it; the variant is gone"),
    r("enum-value-respelled", "enum value spelled differently on the wire, same variant", Br, Co,
      "old clients send and expect the old spelling; the Rust variant is the same"),
    r("union-variant-added", "union variant added", Co, Ex,
      "unknown shapes are kept in `Unknown`; exhaustive matches miss the new variant"),
    r("union-variant-removed", "union variant removed", Br, Br,
      "the server refuses that shape from old clients; the variant is gone"),
    r("union-variant-retyped", "union variant's type or tag changed", Br, Br,
      "the variant carries another shape or tag value"),
    r("union-tag-changed", "union discriminator or selector changed", Br, Co,
      "variants are told apart by another property; the Rust variants are the same"),
    // Connector tables.
    r("connector-added", "connector table added", Co, Ex,
      "a new variant of the configuration unions; exhaustive matches miss it"),
    r("connector-removed", "connector table removed", Be, Br,
      "its configurations are kept untyped; its types and union variant are gone"),
    r("connector-area-added", "connector area typed", Co, Co, "a new configuration type"),
    r("connector-area-removed", "connector area no longer typed", Be, Br,
      "its configuration is kept untyped; its type is gone"),
    r("connector-field-added-required", "required connector setting added", Br, Br,
      "old configurations lack it; the constructor or variant takes a new field"),
    r("connector-field-added-optional", "optional connector setting added", Co, Ex,
      "absent is fine; an `Option` field breaks only struct literals and exhaustive patterns"),
    r("connector-field-removed", "connector setting removed", Be, Br,
      "the API ignores it; the Rust field is gone"),
    r("connector-field-retyped", "connector setting's type or requiredness changed", Br, Br,
      "old values or omissions are refused; the Rust field has another type"),
    r("connector-value-added", "accepted value or condition branch added", Co, Ex,
      "a new variant; exhaustive matches miss it"),
    r("connector-value-removed", "accepted value or condition branch removed", Br, Br,
      "the API refuses the value; the variant is gone"),
];

/// The rule with this id, if there is one.
pub fn rule(id: &str) -> Option<&'static Rule> {
    RULES.iter().find(|r| r.id == id)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_are_unique_and_kebab_case() {
        let mut ids: Vec<&str> = RULES.iter().map(|r| r.id).collect();
        assert!(ids
            .iter()
            .all(|id| id.chars().all(|c| c.is_ascii_lowercase() || c == '-')));
        ids.sort();
        let before = ids.len();
        ids.dedup();
        assert_eq!(ids.len(), before, "duplicate rule id");
    }

    /// Every rule id the walker names exists, and every rule is named by the walker.
    #[test]
    fn the_walker_and_the_table_name_the_same_rules() {
        let source = include_str!("compare.rs");
        let quoted: Vec<&str> = source
            .split('"')
            .skip(1)
            .step_by(2)
            .filter(|s| {
                s.contains('-')
                    && !s.starts_with('-')
                    && s.chars().all(|c| c.is_ascii_lowercase() || c == '-')
            })
            .collect();
        for id in &quoted {
            assert!(rule(id).is_some(), "compare.rs names unknown rule `{id}`");
        }
        for r in RULES {
            assert!(
                quoted.contains(&r.id),
                "no change is ever classified by `{}`",
                r.id
            );
        }
    }

    #[test]
    fn exhaustive_is_a_rust_class_only() {
        assert!(RULES.iter().all(|r| r.wire != Class::Exhaustive));
    }
}

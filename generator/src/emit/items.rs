//! Pieces of struct items shared by the model and connector emitters: fields with their
//! serde attributes, and `new` constructors.

use super::docs::doc_attrs;
use super::types::{ident, rust_type};
use crate::ir::*;
use proc_macro2::TokenStream;
use quote::quote;

/// `new` taking the required fields in declaration order and leaving every optional one
/// absent, so adding an optional field to the spec does not break callers. `leading` is an
/// extra required field (name, type) emitted outside `fields` (a typed connector union);
/// the maps of `maps` (additional properties, unknown keys) start empty.
pub fn constructor(
    name: &proc_macro2::Ident,
    leading: Option<(&proc_macro2::Ident, TokenStream)>,
    fields: &[&Field],
    maps: &Struct,
) -> TokenStream {
    let mut params = Vec::new();
    let mut inits = Vec::new();
    if let Some((n, ty)) = leading {
        params.push(quote! { #n: #ty });
        inits.push(quote! { #n });
    }
    for f in fields {
        let n = ident(&f.name);
        if !f.required {
            inits.push(quote! { #n: None });
            continue;
        }
        let nullable = f.nullable && f.ty != TypeRef::Json;
        let ty = rust_type(&f.ty, &TokenStream::new());
        match (&f.ty, nullable, f.boxed) {
            (TypeRef::String, false, false) => {
                params.push(quote! { #n: impl Into<String> });
                inits.push(quote! { #n: #n.into() });
            }
            (_, false, true) => {
                params.push(quote! { #n: #ty });
                inits.push(quote! { #n: Box::new(#n) });
            }
            (_, true, true) => {
                params.push(quote! { #n: Option<#ty> });
                inits.push(quote! { #n: #n.map(Box::new) });
            }
            (_, true, false) => {
                params.push(quote! { #n: Option<#ty> });
                inits.push(quote! { #n });
            }
            (_, false, false) => {
                params.push(quote! { #n: #ty });
                inits.push(quote! { #n });
            }
        }
    }
    if maps.additional.is_some() {
        inits.push(quote! { additional_properties: Default::default() });
    }
    if let Some(unknown) = &maps.unknown {
        let unknown = ident(unknown);
        inits.push(quote! { #unknown: Default::default() });
    }
    new_impl(
        name,
        " A value with the required fields set and every optional field absent.",
        &params,
        &inits,
    )
}

/// `impl Name { pub fn new(params) -> Self { Self { inits } } }`, shared by models and
/// connector configurations.
pub fn new_impl(
    name: &proc_macro2::Ident,
    doc: &str,
    params: &[TokenStream],
    inits: &[TokenStream],
) -> TokenStream {
    // Spec-shaped bodies can have many required fields; a builder would only rename them.
    let allow = (params.len() > 7).then(|| quote! { #[allow(clippy::too_many_arguments)] });
    quote! {
        impl #name {
            #[doc = #doc]
            #allow
            pub fn new(#(#params),*) -> Self {
                Self { #(#inits),* }
            }
        }
    }
}

/// How a struct's field names meet their wire names: as written (each differing one
/// renamed), or by serde's `camelCase` rule (only the exceptions renamed), whichever
/// leaves fewer `rename`s, as a person writing the struct would choose.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum WireCase {
    AsIs,
    Camel,
}

impl WireCase {
    /// The rule for a struct with these fields (flattened ones have no name of their own).
    pub fn of<'a>(fields: impl IntoIterator<Item = &'a Field> + Clone) -> WireCase {
        let renames = |case: WireCase| {
            fields
                .clone()
                .into_iter()
                .filter(|f| !f.flatten && case.default_wire(&f.name) != f.wire)
                .count()
        };
        if renames(WireCase::Camel) < renames(WireCase::AsIs) {
            WireCase::Camel
        } else {
            WireCase::AsIs
        }
    }

    /// The struct's `rename_all` attribute, if it has one.
    pub fn attr(self) -> Option<TokenStream> {
        (self == WireCase::Camel).then(|| quote! { #[serde(rename_all = "camelCase")] })
    }

    /// The wire name serde gives a field named `name` under this rule (serde's own
    /// `camelCase` conversion of a snake_case name).
    pub fn default_wire(self, name: &str) -> String {
        match self {
            WireCase::AsIs => name.to_owned(),
            WireCase::Camel => {
                let mut out = String::with_capacity(name.len());
                let mut upper = false;
                for c in name.chars() {
                    if c == '_' {
                        upper = true;
                    } else if upper {
                        out.push(c.to_ascii_uppercase());
                        upper = false;
                    } else {
                        out.push(c);
                    }
                }
                // serde lower-cases the first character of the PascalCase form.
                let mut chars = out.chars();
                match chars.next() {
                    Some(first) => first.to_ascii_lowercase().to_string() + chars.as_str(),
                    None => out,
                }
            }
        }
    }
}

/// How a field is represented, which decides both its type and its serde attributes;
/// `case` is its struct's naming rule.
pub fn field(f: &Field, case: WireCase) -> TokenStream {
    let doc = doc_attrs(f.doc.as_deref());
    let name = ident(&f.name);
    let wire = &f.wire;
    let mut ty = rust_type(&f.ty, &TokenStream::new());
    if f.boxed {
        ty = quote! { Box<#ty> };
    }
    if f.flatten {
        return quote! {
            #doc
            #[serde(flatten)]
            pub #name: #ty,
        };
    }
    // A free-form value already represents `null` itself.
    let nullable = f.nullable && f.ty != TypeRef::Json;
    let mut serde = Vec::new();
    if case.default_wire(&f.name) != f.wire {
        serde.push(quote! { rename = #wire });
    }
    let skip_absent = quote! { default, skip_serializing_if = "Option::is_none" };
    let keep_null = quote! { deserialize_with = "super::runtime::deserialize_some" };
    let ty = match (f.required, nullable) {
        (true, false) => ty,
        // Present but possibly null: `null` is written back out.
        (true, true) => quote! { Option<#ty> },
        // Absent stays absent; a free-form `null` is kept as a value.
        (false, false) => {
            serde.push(skip_absent);
            if f.ty == TypeRef::Json {
                serde.push(keep_null);
            }
            quote! { Option<#ty> }
        }
        // Absent, null and a value are three different things on the wire.
        (false, true) => {
            serde.push(skip_absent);
            serde.push(keep_null);
            quote! { Option<Option<#ty>> }
        }
    };
    let attrs = (!serde.is_empty()).then(|| quote! { #[serde(#(#serde),*)] });
    quote! {
        #doc
        #attrs
        pub #name: #ty,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn f(name: &str, wire: &str) -> Field {
        Field {
            name: name.to_owned(),
            wire: wire.to_owned(),
            doc: None,
            ty: TypeRef::String,
            required: false,
            nullable: false,
            boxed: false,
            read_only: false,
            flatten: false,
        }
    }

    #[test]
    fn camel_case_is_chosen_when_it_saves_renames() {
        let camel = [
            f("created_at", "createdAt"),
            f("id", "id"),
            f("type_", "type"),
        ];
        assert_eq!(WireCase::of(&camel), WireCase::Camel);
        let snake = [f("created_at", "created_at"), f("type_", "type")];
        assert_eq!(WireCase::of(&snake), WireCase::AsIs);
        // A tie keeps names as written (no struct-wide rule for one field).
        let tie = [f("created_at", "createdAt"), f("updated_at", "updated_at")];
        assert_eq!(WireCase::of(&tie), WireCase::AsIs);
    }

    #[test]
    fn the_camel_rule_is_serdes() {
        for (name, wire) in [
            ("created_at", "createdAt"),
            ("id", "id"),
            ("type_", "type"),
            ("a_b_c", "aBC"),
            ("_1_x", "1X"),
            ("url_s", "urlS"),
        ] {
            assert_eq!(WireCase::Camel.default_wire(name), wire, "{name}");
        }
        // What serde makes of these is the contract: check it against serde itself.
        #[derive(serde::Serialize)]
        #[serde(rename_all = "camelCase")]
        struct S {
            created_at: u8,
            type_: u8,
            a_b_c: u8,
            url_s: u8,
        }
        let json = serde_json::to_string(&S {
            created_at: 0,
            type_: 0,
            a_b_c: 0,
            url_s: 0,
        })
        .unwrap();
        assert_eq!(json, r#"{"createdAt":0,"type":0,"aBC":0,"urlS":0}"#);
    }

    #[test]
    fn only_the_exceptions_to_the_rule_are_renamed() {
        let shown = field(&f("urls", "URLs"), WireCase::Camel).to_string();
        assert!(shown.contains("rename = \"URLs\""), "{shown}");
        let shown = field(&f("created_at", "createdAt"), WireCase::Camel).to_string();
        assert!(!shown.contains("rename"), "{shown}");
    }
}

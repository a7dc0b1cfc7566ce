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

/// How a field is represented, which decides both its type and its serde attributes.
pub fn field(f: &Field) -> TokenStream {
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
    if f.name != f.wire {
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

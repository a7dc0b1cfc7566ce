//! Rust types for [`TypeRef`]s, as tokens.

use crate::ir::TypeRef;
use proc_macro2::{Ident, Span, TokenStream};
use quote::quote;

/// An identifier from an already-sanitised name.
pub fn ident(name: &str) -> Ident {
    Ident::new(name, Span::call_site())
}

/// The owned Rust type for a type reference. `models` is the path prefix under which
/// named types live (empty inside the models module itself).
pub fn rust_type(ty: &TypeRef, models: &TokenStream) -> TokenStream {
    match ty {
        TypeRef::Named(n) => {
            let n = ident(n);
            quote! { #models #n }
        }
        TypeRef::String => quote! { String },
        TypeRef::Bool => quote! { bool },
        TypeRef::I32 => quote! { i32 },
        TypeRef::I64 => quote! { i64 },
        TypeRef::U8 => quote! { u8 },
        TypeRef::U16 => quote! { u16 },
        TypeRef::U32 => quote! { u32 },
        TypeRef::U64 => quote! { u64 },
        TypeRef::F32 => quote! { f32 },
        TypeRef::F64 => quote! { f64 },
        TypeRef::Uuid => quote! { ::uuid::Uuid },
        TypeRef::DateTime => quote! { ::chrono::DateTime<::chrono::Utc> },
        TypeRef::Date => quote! { ::chrono::NaiveDate },
        TypeRef::Json => quote! { ::serde_json::Value },
        TypeRef::Bytes => quote! { Vec<u8> },
        // Only form types (in the models module) hold files.
        TypeRef::File => quote! { super::runtime::FilePart },
        TypeRef::JsonObject => quote! { ::serde_json::Map<String, ::serde_json::Value> },
        TypeRef::Vec(t) => {
            let t = rust_type(t, models);
            quote! { Vec<#t> }
        }
        TypeRef::Map(t) => {
            let t = rust_type(t, models);
            quote! { ::std::collections::BTreeMap<String, #t> }
        }
    }
}

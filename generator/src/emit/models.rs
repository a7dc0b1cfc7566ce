//! Models: structs, string enums, unions and aliases for every named type.

use super::docs::doc_attrs;
use super::types::{ident, rust_type};
use crate::ir::*;
use proc_macro2::TokenStream;
use quote::quote;

pub fn emit(api: &Api) -> TokenStream {
    // Types whose configuration field a connector binding types are emitted there.
    let items = api.types.iter().map(|t| {
        let def = super::connectors::bound_struct(api, t).unwrap_or_else(|| type_def(t));
        let terminal = api
            .waiters
            .iter()
            .find(|w| w.status_ty == TypeRef::Named(t.name.clone()));
        match terminal {
            Some(w) => {
                let name = ident(&t.name);
                let values = &w.terminal;
                let doc = format!(
                    " Whether this status ends the work: one of {}.",
                    values
                        .iter()
                        .map(|v| format!("`{v}`"))
                        .collect::<Vec<_>>()
                        .join(", ")
                );
                quote! {
                    #def
                    impl #name {
                        #[doc = #doc]
                        pub fn is_terminal(&self) -> bool {
                            matches!(self.as_str(), #(#values)|*)
                        }
                    }
                }
            }
            None => def,
        }
    });
    // A spec without named types (every body inline and plain) has nothing to derive.
    let serde = (!api.types.is_empty()).then(|| quote! { use serde::{Deserialize, Serialize}; });
    quote! {
        #![allow(clippy::large_enum_variant, clippy::doc_lazy_continuation)]
        #serde
        #(#items)*
    }
}

/// Emits one named type; used by the connector emitter as well.
pub fn type_def(t: &TypeDef) -> TokenStream {
    let doc = doc_attrs(t.doc.as_deref());
    let name = ident(&t.name);
    match &t.kind {
        TypeKind::Struct(s) => struct_def(&doc, &name, s),
        TypeKind::Form(s) => form_def(&doc, &name, s),
        TypeKind::Enum(e) => string_enum(&doc, &name, e),
        TypeKind::Tagged(u) => tagged(&doc, &name, u),
        TypeKind::Untagged(u) => untagged(&doc, &name, u),
        TypeKind::Alias(ty) => {
            let ty = rust_type(ty, &TokenStream::new());
            quote! { #doc pub type #name = #ty; }
        }
        TypeKind::Constrained(c) => constrained(&doc, &name, c),
    }
}

/// A newtype over a string or number that holds only values meeting the schema's
/// constraints: checked by `new`, `TryFrom` and when decoded.
fn constrained(doc: &TokenStream, name: &proc_macro2::Ident, c: &Constrained) -> TokenStream {
    let type_name = name.to_string();
    let checks = c
        .checks
        .iter()
        .filter_map(|check| check_expr(check, &c.base, &type_name));
    let is_string = c.base == TypeRef::String;
    let base = rust_type(&c.base, &TokenStream::new());
    let value_ty = if is_string {
        quote! { str }
    } else {
        base.clone()
    };
    let checks = quote! {
        /// Checks the schema's constraints.
        fn check(value: &#value_ty) -> Result<(), super::runtime::ConstraintError> {
            #(#checks)*
            Ok(())
        }
    };
    let common = quote! {
        impl<'de> Deserialize<'de> for #name {
            fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
                let value = <#base as Deserialize<'de>>::deserialize(d)?;
                Self::new(value).map_err(serde::de::Error::custom)
            }
        }

        impl TryFrom<#base> for #name {
            type Error = super::runtime::ConstraintError;
            fn try_from(value: #base) -> Result<Self, Self::Error> {
                Self::new(value)
            }
        }

        impl From<#name> for #base {
            fn from(value: #name) -> Self {
                value.0
            }
        }

        impl std::fmt::Display for #name {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                std::fmt::Display::fmt(&self.0, f)
            }
        }

        impl super::runtime::ParamValue for #name {
            fn to_param(&self) -> String {
                self.0.to_string()
            }
        }
    };
    if is_string {
        quote! {
            #doc
            #[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
            #[serde(transparent)]
            pub struct #name(String);

            impl #name {
                /// The value, when it meets the schema's constraints.
                pub fn new(value: impl Into<String>) -> Result<Self, super::runtime::ConstraintError> {
                    let value = value.into();
                    Self::check(&value)?;
                    Ok(Self(value))
                }

                /// The value as a string slice.
                pub fn as_str(&self) -> &str {
                    &self.0
                }

                /// The value, giving up the check.
                pub fn into_inner(self) -> String {
                    self.0
                }
            }

            impl #name {
                #checks
            }

            impl std::ops::Deref for #name {
                type Target = str;
                fn deref(&self) -> &str {
                    &self.0
                }
            }

            impl AsRef<str> for #name {
                fn as_ref(&self) -> &str {
                    &self.0
                }
            }

            impl TryFrom<&str> for #name {
                type Error = super::runtime::ConstraintError;
                fn try_from(value: &str) -> Result<Self, Self::Error> {
                    Self::new(value)
                }
            }

            impl std::str::FromStr for #name {
                type Err = super::runtime::ConstraintError;
                fn from_str(value: &str) -> Result<Self, Self::Err> {
                    Self::new(value)
                }
            }

            #common
        }
    } else {
        let float = matches!(c.base, TypeRef::F32 | TypeRef::F64);
        let derives = if float {
            quote! { Debug, Clone, Copy, PartialEq, PartialOrd, Serialize }
        } else {
            quote! { Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize }
        };
        quote! {
            #doc
            #[derive(#derives)]
            #[serde(transparent)]
            pub struct #name(#base);

            impl #name {
                /// The value, when it meets the schema's constraints.
                pub fn new(value: #base) -> Result<Self, super::runtime::ConstraintError> {
                    Self::check(&value)?;
                    Ok(Self(value))
                }

                /// The value.
                pub fn get(self) -> #base {
                    self.0
                }
            }

            impl #name {
                #checks
            }

            #common
        }
    }
}

/// The statement that returns an error when `value` breaks `check`; `None` for a bound
/// that cannot be written as a literal (an infinite one), which bounds nothing.
fn check_expr(check: &Check, base: &TypeRef, type_name: &str) -> Option<TokenStream> {
    let fail = |constraint: String| {
        quote! {
            return Err(super::runtime::ConstraintError::new(#type_name, #constraint));
        }
    };
    // Integers compare as i128 and floats as f64, so a bound outside the value type's
    // range is still a valid literal (and a vacuous or impossible check, as the spec says).
    let float = matches!(base, TypeRef::F32 | TypeRef::F64);
    let bound = |n: &Number| -> Option<(TokenStream, TokenStream, String)> {
        let (lit, shown) = match (*n, float) {
            (Number::Int(v), false) => (
                proc_macro2::Literal::i128_unsuffixed(v.into()),
                v.to_string(),
            ),
            (Number::Int(v), true) => (
                proc_macro2::Literal::f64_unsuffixed(v as f64),
                v.to_string(),
            ),
            (Number::Float(v), _) if !v.is_finite() => return None,
            (Number::Float(v), true) => (proc_macro2::Literal::f64_unsuffixed(v), v.to_string()),
            (Number::Float(v), false) => {
                // An integer compared with a fractional bound: compare as floats.
                let value = quote! { (*value as f64) };
                return Some((value, quote! { #v }, v.to_string()));
            }
        };
        let value = if *base == TypeRef::F64 {
            quote! { *value }
        } else if float {
            quote! { f64::from(*value) }
        } else {
            quote! { i128::from(*value) }
        };
        Some((value, quote! { #lit }, shown))
    };
    Some(match check {
        Check::MinLength(n) => {
            let err = fail(format!("must have at least {n} characters"));
            let n = proc_macro2::Literal::u64_unsuffixed(*n);
            quote! { if (value.chars().count() as u64) < #n { #err } }
        }
        Check::MaxLength(n) => {
            let err = fail(format!("must have at most {n} characters"));
            let n = proc_macro2::Literal::u64_unsuffixed(*n);
            quote! { if (value.chars().count() as u64) > #n { #err } }
        }
        Check::Pattern(p) => {
            let err = fail(format!("must match the pattern `{p}`"));
            quote! {
                static PATTERN: std::sync::OnceLock<Option<::regex_lite::Regex>> = std::sync::OnceLock::new();
                // The generator compiled the pattern with the same engine; should this
                // copy refuse it anyway, the value goes unchecked rather than panicking.
                let pattern = PATTERN.get_or_init(|| ::regex_lite::Regex::new(#p).ok());
                if pattern.as_ref().is_some_and(|re| !re.is_match(value)) { #err }
            }
        }
        Check::Minimum {
            value: n,
            exclusive,
        } => {
            let (value, lit, shown) = bound(n)?;
            if *exclusive {
                let err = fail(format!("must be greater than {shown}"));
                quote! { if #value <= #lit { #err } }
            } else {
                let err = fail(format!("must be at least {shown}"));
                quote! { if #value < #lit { #err } }
            }
        }
        Check::Maximum {
            value: n,
            exclusive,
        } => {
            let (value, lit, shown) = bound(n)?;
            if *exclusive {
                let err = fail(format!("must be less than {shown}"));
                quote! { if #value >= #lit { #err } }
            } else {
                let err = fail(format!("must be at most {shown}"));
                quote! { if #value > #lit { #err } }
            }
        }
    })
}

fn struct_def(doc: &TokenStream, name: &proc_macro2::Ident, s: &Struct) -> TokenStream {
    let fields = s.fields.iter().map(field);
    let additional = s.additional.as_ref().map(|ty| {
        let ty = rust_type(ty, &TokenStream::new());
        quote! {
            /// Properties beyond the declared ones.
            #[serde(flatten)]
            pub additional_properties: ::std::collections::BTreeMap<String, #ty>,
        }
    });
    // `Default` lets callers write `Foo { a, ..Default::default() }` when nothing is required.
    let all_optional = s
        .fields
        .iter()
        .all(|f| !f.required || f.ty == TypeRef::Json);
    let default = all_optional.then(|| quote! { Default, });
    let new = (!all_optional).then(|| {
        let fields: Vec<&Field> = s.fields.iter().collect();
        constructor(name, None, &fields, s.additional.is_some())
    });
    quote! {
        #doc
        #[derive(Debug, Clone, PartialEq, #default Serialize, Deserialize)]
        pub struct #name {
            #(#fields)*
            #additional
        }
        #new
    }
}

/// A multipart form: plain fields (it is never decoded, so no serde), `new` for the
/// required ones, and the parts it is sent as.
fn form_def(doc: &TokenStream, name: &proc_macro2::Ident, s: &Struct) -> TokenStream {
    let fields = s.fields.iter().map(|f| {
        let doc = doc_attrs(f.doc.as_deref());
        let n = ident(&f.name);
        let ty = rust_type(&f.ty, &TokenStream::new());
        let ty = if f.required {
            ty
        } else {
            quote! { Option<#ty> }
        };
        quote! { #doc pub #n: #ty, }
    });
    let parts = s.fields.iter().map(|f| {
        let n = ident(&f.name);
        let wire = &f.wire;
        let add = match &f.ty {
            TypeRef::File => quote! { parts.push(super::runtime::Part::file(#wire, v)); },
            TypeRef::Vec(t) if **t == TypeRef::File => quote! {
                for file in v {
                    parts.push(super::runtime::Part::file(#wire, file));
                }
            },
            _ => quote! { super::runtime::Part::value(&mut parts, #wire, v)?; },
        };
        if f.required {
            quote! { { let v = &self.#n; #add } }
        } else {
            quote! { if let Some(v) = &self.#n { #add } }
        }
    });
    let all_optional = s.fields.iter().all(|f| !f.required);
    let default = all_optional.then(|| quote! { Default, });
    let new = (!all_optional).then(|| {
        let fields: Vec<&Field> = s.fields.iter().collect();
        constructor(name, None, &fields, false)
    });
    let note = " Sent as `multipart/form-data`: one part per field that is set, files as file parts, other values as text (objects as JSON).";
    let sep = separator(doc);
    quote! {
        #doc
        #sep
        #[doc = #note]
        #[derive(Debug, Clone, PartialEq, #default)]
        pub struct #name {
            #(#fields)*
        }
        #new
        impl super::runtime::MultipartForm for #name {
            fn parts(&self) -> Result<Vec<super::runtime::Part>, String> {
                let mut parts = Vec::new();
                #(#parts)*
                Ok(parts)
            }
        }
    }
}

/// `new` taking the required fields in declaration order and leaving every optional one
/// absent, so adding an optional field to the spec does not break callers. `leading` is an
/// extra required field (name, type) emitted outside `fields` (a typed connector union).
pub(super) fn constructor(
    name: &proc_macro2::Ident,
    leading: Option<(&proc_macro2::Ident, TokenStream)>,
    fields: &[&Field],
    additional: bool,
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
    if additional {
        inits.push(quote! { additional_properties: Default::default() });
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
pub(super) fn new_impl(
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
pub(super) fn field(f: &Field) -> TokenStream {
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

fn string_enum(doc: &TokenStream, name: &proc_macro2::Ident, e: &StringEnum) -> TokenStream {
    let unknown = if e.variants.iter().any(|v| v.name == "Unknown") {
        ident("UnknownValue")
    } else {
        ident("Unknown")
    };
    let variants = e.variants.iter().map(|v| {
        let doc = doc_attrs(v.doc.as_deref());
        let n = ident(&v.name);
        let wire = format!(" `{}`", v.wire);
        quote! { #doc #[doc = #wire] #n, }
    });
    let to_str = e.variants.iter().map(|v| {
        let n = ident(&v.name);
        let w = &v.wire;
        quote! { #name::#n => #w, }
    });
    let from_str = e.variants.iter().map(|v| {
        let n = ident(&v.name);
        let w = &v.wire;
        quote! { #w => #name::#n, }
    });
    let sep = separator(doc);
    quote! {
        #doc
        #sep
        /// Values this SDK does not know yet deserialize into the catch-all variant.
        #[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
        #[serde(from = "String", into = "String")]
        pub enum #name {
            #(#variants)*
            /// A value not in the spec, kept as sent.
            #unknown(String),
        }

        impl #name {
            /// The value as sent on the wire.
            pub fn as_str(&self) -> &str {
                match self {
                    #(#to_str)*
                    #name::#unknown(s) => s,
                }
            }
        }

        impl From<String> for #name {
            fn from(s: String) -> Self {
                match s.as_str() {
                    #(#from_str)*
                    _ => #name::#unknown(s),
                }
            }
        }

        impl From<#name> for String {
            fn from(v: #name) -> Self {
                match v {
                    #name::#unknown(s) => s,
                    other => other.as_str().to_owned(),
                }
            }
        }

        impl ::std::fmt::Display for #name {
            fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                f.write_str(self.as_str())
            }
        }

        impl super::runtime::ParamValue for #name {
            fn to_param(&self) -> String {
                self.as_str().to_owned()
            }
        }
    }
}

fn tagged(doc: &TokenStream, name: &proc_macro2::Ident, u: &TaggedUnion) -> TokenStream {
    let tag = &u.tag;
    let unknown = if u.variants.iter().any(|v| v.name == "Unknown") {
        ident("UnknownValue")
    } else {
        ident("Unknown")
    };
    let variants = u.variants.iter().map(|v| {
        let n = ident(&v.name);
        let ty = ident(&v.ty);
        let ty = if v.boxed {
            quote! { Box<#ty> }
        } else {
            quote! { #ty }
        };
        let doc = format!(" `{tag}: {}`", v.wire);
        quote! { #[doc = #doc] #n(#ty), }
    });
    let read = u.variants.iter().map(|v| {
        let n = ident(&v.name);
        let wire = &v.wire;
        let wrap = if v.boxed {
            quote! { |v| Self::#n(Box::new(v)) }
        } else {
            quote! { Self::#n }
        };
        quote! {
            #wire => ::serde_json::from_value(::serde_json::Value::Object(map))
                .map(#wrap)
                .map_err(serde::de::Error::custom),
        }
    });
    let write = u.variants.iter().map(|v| {
        let n = ident(&v.name);
        let wire = &v.wire;
        quote! { Self::#n(v) => (#wire, ::serde_json::to_value(v)), }
    });
    let note = format!(
        " Tagged by the `{tag}` property. A value with a tag this SDK does not know is kept \
         whole in `{unknown}` (and written back as it was); a known tag with the wrong \
         fields is an error."
    );
    let sep = separator(doc);
    quote! {
        #doc
        #sep
        #[doc = #note]
        #[derive(Debug, Clone, PartialEq)]
        pub enum #name {
            #(#variants)*
            /// A tag this SDK does not know, with the whole object as received.
            #unknown(::serde_json::Map<String, ::serde_json::Value>),
        }

        impl<'de> Deserialize<'de> for #name {
            fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
                let map = ::serde_json::Map::<String, ::serde_json::Value>::deserialize(d)?;
                let Some(tag) = map.get(#tag).and_then(|t| t.as_str()).map(str::to_owned) else {
                    return Err(serde::de::Error::missing_field(#tag));
                };
                match tag.as_str() {
                    #(#read)*
                    _ => Ok(Self::#unknown(map)),
                }
            }
        }

        impl Serialize for #name {
            fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
                let (tag, value) = match self {
                    #(#write)*
                    Self::#unknown(map) => return map.serialize(s),
                };
                let mut value = value.map_err(serde::ser::Error::custom)?;
                if let ::serde_json::Value::Object(map) = &mut value {
                    map.insert(#tag.to_owned(), ::serde_json::Value::String(tag.to_owned()));
                }
                value.serialize(s)
            }
        }
    }
}

fn untagged(doc: &TokenStream, name: &proc_macro2::Ident, u: &UntaggedUnion) -> TokenStream {
    let variants = u.variants.iter().map(|v| {
        let n = ident(&v.name);
        let ty = rust_type(&v.ty, &TokenStream::new());
        let ty = if v.boxed {
            quote! { Box<#ty> }
        } else {
            ty
        };
        quote! { #n(#ty), }
    });
    // A union of plain values (`NameOrId`) can be a path or query parameter: each variant
    // sends its own text.
    let param = u.as_param.then(|| {
        let arms = u.variants.iter().map(|v| {
            let n = ident(&v.name);
            quote! { #name::#n(v) => super::runtime::ParamValue::to_param(v), }
        });
        quote! {
            impl super::runtime::ParamValue for #name {
                fn to_param(&self) -> String {
                    match self {
                        #(#arms)*
                    }
                }
            }
        }
    });
    let sep = separator(doc);
    quote! {
        #doc
        #sep
        /// One of several shapes. Deserialization tries the variants in the order the
        /// spec lists them and takes the first that fits.
        #[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
        #[serde(untagged)]
        pub enum #name {
            #(#variants)*
        }

        #param
    }
}

/// A blank doc line between a description and generated notes, when there is one.
fn separator(doc: &TokenStream) -> TokenStream {
    if doc.is_empty() {
        TokenStream::new()
    } else {
        quote! { #[doc = ""] }
    }
}

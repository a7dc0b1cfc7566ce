//! Models: structs, string enums, unions and aliases for every named type.

use super::docs::doc_attrs;
use super::items::{constructor, field, WireCase};
use super::types::{ident, rust_type};
use crate::ir::*;
use proc_macro2::TokenStream;
use quote::quote;

pub fn emit(api: &Api) -> TokenStream {
    // Types whose configuration field a connector binding types are emitted there.
    let items = api.types.iter().map(|t| {
        let def = bound_struct(api, t).unwrap_or_else(|| type_def(t));
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
    let items: Vec<TokenStream> = items.collect();
    // Only when something derives them: a spec without named types (every body inline
    // and plain), or with aliases only, has nothing to derive.
    let mut named = std::collections::HashSet::new();
    super::features::idents(quote! { #(#items)* }, &mut named);
    let serde = (named.contains("Serialize") || named.contains("Deserialize"))
        .then(|| quote! { use serde::{Deserialize, Serialize}; });
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
        TypeKind::Selected(u) => selected(&doc, &name, u),
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
    let case = WireCase::of(&s.fields);
    let rename_all = case.attr();
    let fields = s.fields.iter().map(|f| field(f, case));
    let additional = s.additional.as_ref().map(|ty| {
        let ty = rust_type(ty, &TokenStream::new());
        quote! {
            /// Properties beyond the declared ones.
            #[serde(flatten)]
            pub additional_properties: ::std::collections::BTreeMap<String, #ty>,
        }
    });
    let unknown = unknown_field(s);
    // `Default` lets callers write `Foo { a, ..Default::default() }` when nothing is required.
    let all_optional = s
        .fields
        .iter()
        .all(|f| !f.required || f.ty == TypeRef::Json);
    let default = all_optional.then(|| quote! { Default, });
    let new = (!all_optional).then(|| {
        let fields: Vec<&Field> = s.fields.iter().collect();
        constructor(name, None, &fields, s)
    });
    quote! {
        #doc
        #[derive(Debug, Clone, PartialEq, #default Serialize, Deserialize)]
        #rename_all
        pub struct #name {
            #(#fields)*
            #additional
            #unknown
        }
        #new
    }
}

/// The map of keys the spec does not list, written back as they came (nothing when empty,
/// so a value built in code sends only its declared fields).
fn unknown_field(s: &Struct) -> Option<TokenStream> {
    let name = ident(s.unknown.as_ref()?);
    Some(quote! {
        /// Keys the spec does not list, kept as received and sent back unchanged.
        #[serde(flatten, default, skip_serializing_if = "::serde_json::Map::is_empty")]
        pub #name: ::serde_json::Map<String, ::serde_json::Value>,
    })
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
        constructor(name, None, &fields, &Struct::default())
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

fn string_enum(doc: &TokenStream, name: &proc_macro2::Ident, e: &StringEnum) -> TokenStream {
    let unknown = ident(&e.catch_all);
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
    let unknown = ident(&u.catch_all);
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
            #wire => {
                // The tag is the union's; the variant's struct would keep it as unknown.
                let mut map = map;
                map.remove(#tag);
                ::serde_json::from_value(::serde_json::Value::Object(map))
                    .map(#wrap)
                    .map_err(serde::de::Error::custom)
            }
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
    let unknown = ident(&u.catch_all);
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
    let shapes = u.variants.iter().map(|v| shape_tokens(&v.shape));
    let attempts = u.variants.iter().enumerate().map(|(i, v)| {
        let n = ident(&v.name);
        let wrap = if v.boxed {
            quote! { |v| Self::#n(Box::new(v)) }
        } else {
            quote! { Self::#n }
        };
        quote! { #i => ::serde_json::from_value(value.clone()).map(#wrap).ok(), }
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
                        #name::#unknown(v) => super::runtime::ParamValue::to_param(v),
                    }
                }
            }
        }
    });
    let sep = separator(doc);
    let note = format!(
        " One of several shapes. Decoding picks the variant that fits best: one that takes \
         every key present (with its required ones), then the one that declares the most of \
         them, then the one with the fewest declared keys absent, then spec order. A value no \
         variant fits is kept in `{unknown}` and written back as it came."
    );
    quote! {
        #doc
        #sep
        #[doc = #note]
        #[derive(Debug, Clone, PartialEq, Serialize)]
        #[serde(untagged)]
        pub enum #name {
            #(#variants)*
            /// A value no variant fits, as received.
            #unknown(::serde_json::Value),
        }

        impl<'de> Deserialize<'de> for #name {
            fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
                const SHAPES: &[super::runtime::Shape] = &[#(#shapes),*];
                let value = ::serde_json::Value::deserialize(d)?;
                for i in super::runtime::fit_order(&value, SHAPES) {
                    let decoded = match i {
                        #(#attempts)*
                        _ => None,
                    };
                    if let Some(decoded) = decoded {
                        return Ok(decoded);
                    }
                }
                Ok(Self::#unknown(value))
            }
        }

        #param
    }
}

/// A runtime `Shape` constant for a variant's shape.
fn shape_tokens(shape: &Shape) -> TokenStream {
    let rt = quote! { super::runtime::Shape };
    match shape {
        Shape::Any => quote! { #rt::Any },
        Shape::Bool => quote! { #rt::Bool },
        Shape::Integer => quote! { #rt::Integer },
        Shape::Number => quote! { #rt::Number },
        Shape::String => quote! { #rt::String },
        Shape::Text => quote! { #rt::Text },
        Shape::Values(values) => quote! { #rt::Values(&[#(#values),*]) },
        Shape::Array(item) => {
            let item = shape_tokens(item);
            quote! { #rt::Array(&#item) }
        }
        Shape::Object {
            known,
            required,
            open,
        } => quote! {
            #rt::Object { known: &[#(#known),*], required: &[#(#required),*], open: #open }
        },
        Shape::OneOf(shapes) => {
            let shapes = shapes.iter().map(shape_tokens);
            quote! { #rt::OneOf(&[#(#shapes),*]) }
        }
    }
}

/// The enum of a union selected by a sibling property: read from and written as the
/// two keys of the struct it is flattened into (which it claims, so the struct's map of
/// unknown keys never sees them).
fn selected(doc: &TokenStream, name: &proc_macro2::Ident, u: &SelectedUnion) -> TokenStream {
    let (selector, payload) = (&u.selector, &u.payload);
    let name_str = name.to_string();
    let unknown = ident(&u.catch_all);
    let variants = u.variants.iter().map(|v| {
        let n = ident(&v.name);
        let ty = rust_type(&v.ty, &TokenStream::new());
        let ty = if v.boxed {
            quote! { Box<#ty> }
        } else {
            ty
        };
        let doc = format!(" `{selector}: {}`", v.wire);
        quote! { #[doc = #doc] #n(#ty), }
    });
    let read = u.variants.iter().map(|v| {
        let n = ident(&v.name);
        let wire = &v.wire;
        let wrap = if v.boxed {
            quote! { |v| #name::#n(Box::new(v)) }
        } else {
            quote! { #name::#n }
        };
        quote! { (Some(#wire), Some(value)) => ::serde_json::from_value(value.clone()).ok().map(#wrap), }
    });
    let write = u.variants.iter().map(|v| {
        let n = ident(&v.name);
        let wire = &v.wire;
        quote! { Self::#n(v) => (Some(::serde_json::Value::from(#wire)), Some(::serde_json::to_value(v).map_err(serde::ser::Error::custom)?)), }
    });
    let tags = u.variants.iter().map(|v| {
        let n = ident(&v.name);
        let wire = &v.wire;
        quote! { Self::#n(_) => Some(#wire), }
    });
    let sep = separator(doc);
    let flattened =
        format!(" Flattened into its struct: `{selector}` and `{payload}` on the wire.");
    let tag_doc = format!(" The `{selector}` value, when it is a string.");
    let expecting = format!("an object with `{selector}` and `{payload}`");
    let unknown_doc = format!(
        " A `{selector}` this SDK does not know, or a `{payload}` that does not fit its \
         `{selector}` (either may be absent), kept as received."
    );
    quote! {
        #doc
        #sep
        #[doc = #flattened]
        #[derive(Debug, Clone, PartialEq)]
        pub enum #name {
            #(#variants)*
            #[doc = #unknown_doc]
            #unknown {
                tag: Option<::serde_json::Value>,
                payload: Option<::serde_json::Value>,
            },
        }

        impl #name {
            #[doc = #tag_doc]
            pub fn tag(&self) -> Option<&str> {
                match self {
                    #(#tags)*
                    Self::#unknown { tag, .. } => tag.as_ref().and_then(|t| t.as_str()),
                }
            }
        }

        impl<'de> Deserialize<'de> for #name {
            fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
                struct Keys;
                impl<'de> serde::de::Visitor<'de> for Keys {
                    type Value = #name;
                    fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                        f.write_str(#expecting)
                    }
                    fn visit_map<A: serde::de::MapAccess<'de>>(self, mut map: A) -> Result<#name, A::Error> {
                        let (mut tag, mut payload) = (None, None);
                        while let Some(key) = map.next_key::<String>()? {
                            match key.as_str() {
                                #selector => tag = Some(map.next_value::<::serde_json::Value>()?),
                                #payload => payload = Some(map.next_value::<::serde_json::Value>()?),
                                _ => {
                                    map.next_value::<serde::de::IgnoredAny>()?;
                                }
                            }
                        }
                        let known = match (tag.as_ref().and_then(|t| t.as_str()), &payload) {
                            #(#read)*
                            _ => None,
                        };
                        Ok(known.unwrap_or(#name::#unknown { tag, payload }))
                    }
                }
                // As a struct with these two fields: flattened, it takes just their keys.
                d.deserialize_struct(#name_str, &[#selector, #payload], Keys)
            }
        }

        impl Serialize for #name {
            fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
                use serde::ser::SerializeMap;
                let (tag, payload) = match self {
                    #(#write)*
                    Self::#unknown { tag, payload } => (tag.clone(), payload.clone()),
                };
                let mut map = s.serialize_map(None)?;
                if let Some(tag) = tag {
                    map.serialize_entry(#selector, &tag)?;
                }
                if let Some(payload) = payload {
                    map.serialize_entry(#payload, &payload)?;
                }
                map.end()
            }
        }
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

/// The struct of a model type whose configuration field a `Tagged` or `Keyed` binding
/// types; `None` for every other type.
fn bound_struct(api: &Api, t: &TypeDef) -> Option<TokenStream> {
    let b = api.connectors.typed_binding_of(&t.name)?;
    let TypeKind::Struct(s) = &t.kind else {
        return None;
    };
    let doc = doc_attrs(t.doc.as_deref());
    let name = ident(&t.name);
    let additional = s.additional.as_ref().map(|ty| {
        let ty = rust_type(ty, &TokenStream::new());
        quote! {
            /// Properties beyond the declared ones.
            #[serde(flatten)]
            pub additional_properties: ::std::collections::BTreeMap<String, #ty>,
        }
    });
    match &b.kind {
        BindingKind::Tagged {
            type_field, union, ..
        } => {
            let union = ident(union);
            let config = ident(&b.field);
            let kept: Vec<&Field> = s
                .fields
                .iter()
                .filter(|f| f.name != b.field && f.name != *type_field)
                .collect();
            let case = WireCase::of(kept.iter().copied());
            let rename_all = case.attr();
            let fields = kept.iter().map(|f| field(f, case));
            // A request body: its flattened connector union reads the keys a map of
            // unknown keys would also see, so it has none.
            let maps = Struct {
                unknown: None,
                ..s.clone()
            };
            let new = constructor(
                &name,
                Some((&config, quote! { super::connectors::#union })),
                &kept,
                &maps,
            );
            Some(quote! {
                #doc
                #[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
                #rename_all
                pub struct #name {
                    /// The connection `type` and its `configuration`, typed per connector
                    /// (both keys on the wire).
                    #[serde(flatten)]
                    pub #config: super::connectors::#union,
                    #(#fields)*
                    #additional
                }
                #new
            })
        }
        BindingKind::Keyed {
            type_field,
            path,
            union,
        } => {
            let union = ident(union);
            let config_field = s.fields.iter().find(|f| f.name == b.field)?;
            let required = config_field.required;
            let config = ident(&b.field);
            let wire = &b.wire;
            let case = WireCase::of(&s.fields);
            let rename_all = case.attr();
            let rename =
                (case.default_wire(&b.field) != b.wire).then(|| quote! { rename = #wire, });
            let config_doc = doc_attrs(config_field.doc.as_deref());
            let (ty, attrs) = if required {
                (
                    quote! { super::connectors::#union },
                    quote! { #[serde(#rename serialize_with = "super::connectors_runtime::serialize_configuration")] },
                )
            } else {
                (
                    quote! { Option<super::connectors::#union> },
                    quote! { #[serde(#rename default, skip_serializing_if = "Option::is_none", serialize_with = "super::connectors_runtime::serialize_configuration_option")] },
                )
            };
            let decls = s.fields.iter().map(|f| {
                if f.name == b.field {
                    quote! { #config_doc #attrs pub #config: #ty, }
                } else {
                    field(f, case)
                }
            });
            // The twin reads the configuration as raw JSON, to type it once the
            // connector type (another field) is known.
            let raw_fields = s.fields.iter().map(|f| {
                let mut raw = f.clone();
                raw.doc = None;
                if f.name == b.field {
                    raw.ty = TypeRef::Json;
                }
                field(&raw, case)
            });
            let moves = s.fields.iter().filter(|f| f.name != b.field).map(|f| {
                let n = ident(&f.name);
                quote! { #n: raw.#n, }
            });
            let type_field = ident(type_field);
            let path = path.iter().map(String::as_str);
            let extra_move = additional
                .as_ref()
                .map(|_| quote! { additional_properties: raw.additional_properties, });
            let unknown = unknown_field(s);
            let unknown_move = s.unknown.as_ref().map(|n| {
                let n = ident(n);
                quote! { #n: raw.#n, }
            });
            let convert = if required {
                quote! {
                    let #config = <super::connectors::#union as super::connectors_runtime::Union>::from_parts(connector_type, raw.#config)
                        .map_err(serde::de::Error::custom)?;
                }
            } else {
                quote! {
                    let #config = match raw.#config {
                        Some(c) => Some(
                            <super::connectors::#union as super::connectors_runtime::Union>::from_parts(connector_type, c)
                                .map_err(serde::de::Error::custom)?,
                        ),
                        None => None,
                    };
                }
            };
            Some(quote! {
                #doc
                #[derive(Debug, Clone, PartialEq, Serialize)]
                #rename_all
                pub struct #name {
                    #(#decls)*
                    #additional
                    #unknown
                }

                impl<'de> Deserialize<'de> for #name {
                    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
                        #[derive(Deserialize)]
                        #rename_all
                        struct Raw {
                            #(#raw_fields)*
                            #additional
                            #unknown
                        }
                        let raw = Raw::deserialize(d)?;
                        let connector_type = super::connectors_runtime::connector_type_at(&raw.#type_field, &[#(#path),*]);
                        #convert
                        Ok(Self { #config, #(#moves)* #extra_move #unknown_move })
                    }
                }
            })
        }
        BindingKind::Untyped { .. } => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn api_of(kinds: Vec<(&str, TypeKind)>) -> Api {
        let types = kinds.into_iter().map(|(name, kind)| TypeDef {
            name: name.to_owned(),
            origin: format!("#/components/schemas/{name}"),
            doc: None,
            kind,
        });
        Api {
            types: types.collect(),
            ..Default::default()
        }
    }

    #[test]
    fn serde_derives_are_imported_only_where_something_derives() {
        let aliases = emit(&api_of(vec![("Id", TypeKind::Alias(TypeRef::Json))])).to_string();
        assert!(!aliases.contains("Serialize"), "{aliases}");
        let with_enum = api_of(vec![
            ("Id", TypeKind::Alias(TypeRef::Json)),
            (
                "State",
                TypeKind::Enum(StringEnum {
                    variants: vec![EnumVariant {
                        name: "Done".to_owned(),
                        wire: "done".to_owned(),
                        doc: None,
                    }],
                    catch_all: "Unknown".to_owned(),
                }),
            ),
        ]);
        let with_enum = emit(&with_enum).to_string();
        assert!(
            with_enum.contains("use serde :: { Deserialize , Serialize }"),
            "{with_enum}"
        );
    }
}

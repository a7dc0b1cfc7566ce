//! Connector configuration: per connector and area a type whose conditional sections are
//! enums, the unions over all connectors, and the typed bindings of spec fields.
//!
//! The wire format is the flat JSON object the API uses; every type reads and writes it
//! through the small traits of `connectors_runtime` (`Object`, `Switch`, `FieldValue`),
//! so the generated code per field is one line each way.

use super::docs::doc_attrs;
use super::items::new_impl;
use super::types::ident;
use super::{Options, Submodule};
use crate::ir::*;
use proc_macro2::TokenStream;
use quote::quote;

/// The `connectors` module: its root (the area traits, the configuration unions, the
/// bindings and a re-export of every connector's types) and one submodule per connector
/// with that connector's types, so no file holds all 200. With
/// [`Options::cargo_features`], everything of one connector is behind its Cargo
/// feature.
///
/// The module names model types only in the bindings (`impl <model> { set_configuration
/// .. }`), which carry `model_gate` of their model type, so they are compiled exactly
/// when the type is.
pub fn emit(
    api: &Api,
    options: &Options,
    model_gate: &dyn Fn(&str) -> TokenStream,
) -> (TokenStream, Vec<Submodule>) {
    let c = &api.connectors;
    let mut items = Vec::new();
    let mut children = Vec::new();
    for connector in &c.connectors {
        let module = ident(&connector.module);
        let gate = gate(connector, options);
        let mut own = Vec::new();
        let mut objects = Vec::new();
        for t in &connector.types {
            own.push(config_type(t, &mut objects));
        }
        let mut traits = Vec::new();
        for area in &connector.areas {
            if matches!(
                area.kind,
                AreaKind::Connection | AreaKind::ConnectionResponse
            ) {
                continue;
            }
            let tr = ident(area.kind.trait_name());
            let ty = ident(&area.type_name);
            let id = &connector.id;
            own.push(quote! {
                impl #tr for #ty {
                    const CONNECTOR_TYPE: &'static str = #id;
                }
            });
            traits.push(tr);
        }
        let body = quote! { #(#own)* };
        // Only what the module names is imported, so no import goes unused.
        let rt = body
            .to_string()
            .contains("rt ::")
            .then(|| quote! { use super::rt; });
        let traits = (!traits.is_empty()).then(|| quote! { use super::{#(#traits),*}; });
        children.push(Submodule {
            name: connector.module.clone(),
            attrs: gate.clone(),
            tokens: quote! { #rt #traits #body },
        });
        items.push(quote! { #gate pub use #module::*; });
        if !objects.is_empty() {
            let objects = objects.iter().map(|n| ident(n));
            items.push(quote! { #gate rt::impl_object!(#(#objects),*); });
        }
    }
    items.push(area_traits());
    items.push(union(api, AreaKind::Connection, UNION_NAME, options));
    items.push(union(
        api,
        AreaKind::ConnectionResponse,
        RESPONSE_UNION_NAME,
        options,
    ));
    for b in &c.bindings {
        if let BindingKind::Untyped { area, shape } = &b.kind {
            if api.types.iter().any(|t| t.name == b.schema) {
                let gate = model_gate(&b.schema);
                items.push(super::features::gated(
                    untyped_binding(b, *area, *shape),
                    &gate,
                ));
            }
        }
    }
    let union = ident(UNION_NAME);
    let response = ident(RESPONSE_UNION_NAME);
    let root = quote! {
        #![allow(clippy::large_enum_variant, clippy::doc_lazy_continuation)]
        use super::connectors_runtime as rt;

        #(#items)*

        rt::impl_union!(#union, #response);
    };
    (root, children)
}

/// The `#[cfg(feature = ..)]` of a connector's items, or nothing.
fn gate(connector: &Connector, options: &Options) -> TokenStream {
    if !options.cargo_features {
        return TokenStream::new();
    }
    super::features::cfg(&crate::deps::connector_feature(&connector.id))
}

fn area_traits() -> TokenStream {
    let traits = [
        AreaKind::Model,
        AreaKind::Target,
        AreaKind::BulkSource,
        AreaKind::BulkDestination,
    ]
    .map(|kind| {
        let name = ident(kind.trait_name());
        let doc = format!(
            " A connector's {} type. The wire does not name the connector there, so these \
             types convert into the untyped field through the setters of the structs that hold it.",
            kind.describe()
        );
        quote! {
            #[doc = #doc]
            pub trait #name: rt::Object {
                /// The connection type whose configuration this is.
                const CONNECTOR_TYPE: &'static str;
            }
        }
    });
    quote! { #(#traits)* }
}

fn config_type(t: &ConfigType, objects: &mut Vec<String>) -> TokenStream {
    let doc = doc_attrs(t.doc.as_deref());
    let name = ident(&t.name);
    match &t.kind {
        ConfigTypeKind::Object(o) => {
            objects.push(t.name.clone());
            object(&doc, &name, o)
        }
        ConfigTypeKind::Switch(s) => switch(&doc, &name, s),
        ConfigTypeKind::Values(v) => values(&doc, &name, v),
    }
}

/// The Rust type of a member, as declared in its struct or variant.
fn member_type(m: &Member) -> TokenStream {
    match &m.kind {
        MemberKind::Value {
            ty,
            required,
            sensitive,
            contains,
        } => {
            let mut ty = value_type(ty);
            if *sensitive {
                ty = quote! { rt::Secret<#ty> };
            }
            if *required && contains.is_empty() {
                ty
            } else {
                quote! { Option<#ty> }
            }
        }
        MemberKind::Switch { ty, presence, .. } => {
            let ty = ident(ty);
            match presence {
                SwitchPresence::Optional => quote! { Option<#ty> },
                _ => quote! { #ty },
            }
        }
    }
}

/// Whether a member's type is an `Option`.
fn is_optional(m: &Member) -> bool {
    match &m.kind {
        MemberKind::Value {
            required, contains, ..
        } => !*required || !contains.is_empty(),
        MemberKind::Switch { presence, .. } => *presence == SwitchPresence::Optional,
    }
}

/// A value's Rust type; named types are the connector module's own.
fn value_type(ty: &TypeRef) -> TokenStream {
    super::types::rust_type(ty, &TokenStream::new())
}

/// `name: Type,` declarations with docs.
fn declarations(members: &[Member], public: bool) -> Vec<TokenStream> {
    members
        .iter()
        .map(|m| {
            let doc = doc_attrs(m.doc.as_deref());
            let name = ident(&m.name);
            let ty = member_type(m);
            let vis = public.then(|| quote! { pub });
            quote! { #doc #vis #name: #ty, }
        })
        .collect()
}

/// The test of a member's `contains` conditions, over bindings named like the members.
fn contains_test(m: &Member, all: &[Member]) -> Option<TokenStream> {
    let MemberKind::Value { contains, .. } = &m.kind else {
        return None;
    };
    if contains.is_empty() {
        return None;
    }
    let any = contains.iter().map(|conj| {
        let all_of = conj.iter().map(|atom| {
            let array = ident(&atom.member);
            let value = &atom.value;
            let required = all.iter().any(|o| {
                o.name == atom.member && matches!(o.kind, MemberKind::Value { required: true, .. })
            });
            if required {
                quote! { rt::contains(&#array, #value) }
            } else {
                quote! { rt::contains(#array.as_deref().unwrap_or_default(), #value) }
            }
        });
        quote! { #(#all_of)&&* }
    });
    let any: Vec<TokenStream> = any.collect();
    // Parenthesised only where precedence needs it, so rustc's `unused_parens` stays quiet.
    Some(match any.as_slice() {
        [one] => one.clone(),
        _ => quote! { #((#any))||* },
    })
}

/// `let name = <read>;` for each member, reading from `__f`.
fn reads(members: &[Member]) -> Vec<TokenStream> {
    members
        .iter()
        .map(|m| {
            let name = ident(&m.name);
            let wire = &m.wire;
            let read = match &m.kind {
                MemberKind::Value { required, .. } => {
                    let plain = if *required {
                        quote! { __f.required(#wire)? }
                    } else {
                        quote! { __f.optional(#wire)? }
                    };
                    match contains_test(m, members) {
                        // Not taken when the condition fails, so `finish` reports it.
                        Some(test) if *required => {
                            quote! { if #test { Some(#plain) } else { None } }
                        }
                        Some(test) => quote! { if #test { #plain } else { None } },
                        None => plain,
                    }
                }
                MemberKind::Switch { presence, .. } => match presence {
                    SwitchPresence::Required => quote! { __f.switch()? },
                    SwitchPresence::Optional => quote! { __f.switch_optional()? },
                    SwitchPresence::Default(SwitchValue::Bool(b)) => quote! { __f.switch_or(#b)? },
                    SwitchPresence::Default(SwitchValue::String(s)) => {
                        quote! { __f.switch_or(String::from(#s))? }
                    }
                },
            };
            quote! { let #name = #read; }
        })
        .collect()
}

/// Statements writing each member (bound by reference under its name) into `__out`.
fn writes(members: &[Member]) -> Vec<TokenStream> {
    members
        .iter()
        .map(|m| {
            let name = ident(&m.name);
            let wire = &m.wire;
            match &m.kind {
                MemberKind::Value {
                    required, contains, ..
                } => {
                    let put = if *required && contains.is_empty() {
                        quote! { rt::put(__out, #wire, #name)?; }
                    } else {
                        quote! { rt::put_optional(__out, #wire, #name)?; }
                    };
                    match contains_test(m, members) {
                        Some(test) => {
                            let text = contains_text(contains);
                            quote! {
                                if #name.is_some() && !(#test) {
                                    return Err(rt::not_allowed(#wire, #text));
                                }
                                #put
                            }
                        }
                        None => put,
                    }
                }
                MemberKind::Switch { presence, .. } => match presence {
                    SwitchPresence::Optional => quote! { rt::put_switch_optional(__out, #name)?; },
                    _ => quote! { rt::put_switch(__out, #name)?; },
                },
            }
        })
        .collect()
}

fn contains_text(contains: &[Vec<ContainsAtom>]) -> String {
    contains
        .iter()
        .map(|conj| {
            conj.iter()
                .map(|a| format!("{} contains {}", a.wire, a.value))
                .collect::<Vec<_>>()
                .join(" AND ")
        })
        .collect::<Vec<_>>()
        .join(" OR ")
}

/// `new` taking the required members in table order; every optional one starts absent.
fn object_constructor(name: &proc_macro2::Ident, o: &ConfigObject) -> TokenStream {
    let members = &o.members;
    let mut params = Vec::new();
    let mut inits = Vec::new();
    for m in members {
        let n = ident(&m.name);
        if is_optional(m) {
            inits.push(quote! { #n: None });
            continue;
        }
        match &m.kind {
            MemberKind::Value {
                ty: TypeRef::String,
                sensitive,
                ..
            } => {
                params.push(quote! { #n: impl Into<String> });
                inits.push(if *sensitive {
                    quote! { #n: rt::Secret::new(#n.into()) }
                } else {
                    quote! { #n: #n.into() }
                });
            }
            // Starts at its documented default (a state without settings).
            MemberKind::Switch {
                ty,
                initial: Some(variant),
                ..
            } => {
                let (ty, variant) = (ident(ty), ident(variant));
                inits.push(quote! { #n: #ty::#variant });
            }
            _ => {
                let ty = member_type(m);
                params.push(quote! { #n: #ty });
                inits.push(quote! { #n });
            }
        }
    }
    let extra = ident(&o.undocumented);
    inits.push(quote! { #extra: Default::default() });
    let new = new_impl(
        name,
        " A value with the required settings given and every optional one absent.",
        &params,
        &inits,
    );
    // Every setting has a default (switches start at their documented state): `new()`
    // takes nothing, and `Default` is the same value.
    let default = params.is_empty().then(|| {
        quote! {
            impl Default for #name {
                fn default() -> Self {
                    Self::new()
                }
            }
        }
    });
    quote! { #new #default }
}

/// An area the docs list no settings for: a JSON object anyone may fill.
fn free_form(doc: &TokenStream, name: &proc_macro2::Ident) -> TokenStream {
    quote! {
        #doc
        #[derive(Debug, Clone, PartialEq, Default)]
        pub struct #name {
            /// The settings, as JSON (the docs list none for this area).
            pub settings: ::serde_json::Map<String, ::serde_json::Value>,
        }

        impl rt::Object for #name {
            fn read(__f: &mut rt::Fields) -> Result<Self, rt::ConfigError> {
                Ok(Self { settings: __f.take_all() })
            }
            fn write(
                &self,
                __out: &mut ::serde_json::Map<String, ::serde_json::Value>,
            ) -> Result<(), rt::ConfigError> {
                __out.extend(self.settings.clone());
                Ok(())
            }
            fn undocumented(&self) -> &rt::UndocumentedSettings {
                rt::UndocumentedSettings::none()
            }
        }
    }
}

fn object(doc: &TokenStream, name: &proc_macro2::Ident, o: &ConfigObject) -> TokenStream {
    if o.free_form {
        return free_form(doc, name);
    }
    let decls = declarations(&o.members, true);
    let reads = reads(&o.members);
    let writes = writes(&o.members);
    let extra = ident(&o.undocumented);
    let names: Vec<_> = o
        .members
        .iter()
        .map(|m| ident(&m.name))
        .chain([extra.clone()])
        .collect();
    // `Default` lets callers write `..Default::default()` when nothing is required.
    let all_optional = o.members.iter().all(is_optional);
    let default = all_optional.then(|| quote! { Default, });
    let conditional = (!o.conditional.is_empty()).then(|| {
        let pairs = o.conditional.iter().map(|(k, c)| quote! { (#k, #c) });
        quote! { const CONDITIONAL: &'static [(&'static str, &'static str)] = &[#(#pairs),*]; }
    });
    let new = (!all_optional).then(|| object_constructor(name, o));
    quote! {
        #doc
        #[derive(Debug, Clone, PartialEq, #default)]
        pub struct #name {
            #(#decls)*
            /// Settings the server sent that the docs do not list (for this state), kept
            /// and written back unchanged; only reading fills it.
            pub #extra: rt::UndocumentedSettings,
        }
        #new

        impl rt::Object for #name {
            #conditional
            fn read(__f: &mut rt::Fields) -> Result<Self, rt::ConfigError> {
                #(#reads)*
                let #extra = __f.rest();
                Ok(Self { #(#names),* })
            }
            fn write(
                &self,
                __out: &mut ::serde_json::Map<String, ::serde_json::Value>,
            ) -> Result<(), rt::ConfigError> {
                let Self { #(#names),* } = self;
                #(#writes)*
                #extra.write(__out);
                Ok(())
            }
            fn undocumented(&self) -> &rt::UndocumentedSettings {
                &self.#extra
            }
        }
    }
}

fn switch(doc: &TokenStream, name: &proc_macro2::Ident, s: &ConfigSwitch) -> TokenStream {
    let key = &s.key;
    let is_bool = s
        .variants
        .iter()
        .any(|v| matches!(v.value, SwitchValue::Bool(_)));
    let mut decls = Vec::new();
    let mut read_arms = Vec::new();
    let mut tag_arms = Vec::new();
    let mut write_arms = Vec::new();
    for v in &s.variants {
        let vname = ident(&v.name);
        let vdoc = doc_attrs(v.doc.as_deref());
        let names: Vec<_> = v.members.iter().map(|m| ident(&m.name)).collect();
        let pattern = match &v.value {
            SwitchValue::Bool(b) => quote! { #b },
            SwitchValue::String(s) => quote! { #s },
        };
        let tag = match &v.value {
            SwitchValue::Bool(b) => quote! { #b },
            SwitchValue::String(s) => quote! { String::from(#s) },
        };
        if v.members.is_empty() {
            decls.push(quote! { #vdoc #vname, });
            read_arms.push(quote! { #pattern => Self::#vname, });
            tag_arms.push(quote! { Self::#vname => #tag, });
            write_arms.push(quote! { Self::#vname => {} });
        } else {
            let fields = declarations(&v.members, false);
            let reads = reads(&v.members);
            let writes = writes(&v.members);
            decls.push(quote! { #vdoc #vname { #(#fields)* }, });
            read_arms.push(quote! { #pattern => { #(#reads)* Self::#vname { #(#names),* } } });
            tag_arms.push(quote! { Self::#vname { .. } => #tag, });
            write_arms.push(quote! { Self::#vname { #(#names),* } => { #(#writes)* } });
        }
    }
    let (tag_ty, scrutinee) = if is_bool {
        (quote! { bool }, quote! { tag })
    } else {
        (quote! { String }, quote! { tag.as_str() })
    };
    if let Some(other) = &s.catch_all {
        let other = ident(other);
        decls.push(quote! {
            /// A value the docs do not list, as the server sent it (its settings are kept
            /// with the object's undocumented ones). It cannot be made by hand.
            #other(rt::Undocumented),
        });
        read_arms.push(quote! { _ => Self::#other(rt::Undocumented::read(tag)), });
        tag_arms.push(quote! { Self::#other(tag) => tag.as_str().to_owned(), });
        write_arms.push(quote! { Self::#other(_) => {} });
    }
    let reads_fields = s.variants.iter().any(|v| !v.members.is_empty());
    let (reader, writer) = if reads_fields {
        (
            quote! { __f: &mut rt::Fields },
            quote! { __out: &mut ::serde_json::Map<String, ::serde_json::Value> },
        )
    } else {
        (
            quote! { _: &mut rt::Fields },
            quote! { _: &mut ::serde_json::Map<String, ::serde_json::Value> },
        )
    };
    let note = format!(" On the wire: the flat object's `{key}` key selects the variant.");
    quote! {
        #doc
        #[doc = ""]
        #[doc = #note]
        #[derive(Debug, Clone, PartialEq)]
        pub enum #name {
            #(#decls)*
        }

        impl rt::Switch for #name {
            type Tag = #tag_ty;
            const KEY: &'static str = #key;
            fn read(tag: #tag_ty, #reader) -> Result<Self, rt::ConfigError> {
                Ok(match #scrutinee { #(#read_arms)* })
            }
            fn tag(&self) -> #tag_ty {
                match self { #(#tag_arms)* }
            }
            fn write(&self, #writer) -> Result<(), rt::ConfigError> {
                match self { #(#write_arms)* }
                Ok(())
            }
        }
    }
}

fn values(doc: &TokenStream, name: &proc_macro2::Ident, values: &StringEnum) -> TokenStream {
    let variants = &values.variants;
    let other = ident(&values.catch_all);
    let decls = variants.iter().map(|v| {
        let n = ident(&v.name);
        let wire = match &v.doc {
            Some(label) => format!(" `{}`: {label}.", v.wire),
            None => format!(" `{}`.", v.wire),
        };
        quote! { #[doc = #wire] #n, }
    });
    let to_str = variants.iter().map(|v| {
        let n = ident(&v.name);
        let w = &v.wire;
        quote! { Self::#n => #w, }
    });
    let from_str = variants.iter().map(|v| {
        let n = ident(&v.name);
        let w = &v.wire;
        quote! { #w => Self::#n, }
    });
    quote! {
        #doc
        #[derive(Debug, Clone, PartialEq, Eq, Hash)]
        pub enum #name {
            #(#decls)*
            /// A value the docs do not list, as the server sent it. It cannot be made by
            /// hand.
            #other(rt::Undocumented),
        }

        impl #name {
            /// The value on the wire.
            pub fn as_str(&self) -> &str {
                match self {
                    #(#to_str)*
                    Self::#other(s) => s.as_str(),
                }
            }
        }

        /// Only documented values parse.
        impl std::str::FromStr for #name {
            type Err = rt::ConfigError;
            fn from_str(s: &str) -> Result<Self, Self::Err> {
                Ok(match s {
                    #(#from_str)*
                    other => return Err(rt::ConfigError::new(format!("`{other}` is not a documented value"))),
                })
            }
        }

        impl rt::FieldValue for #name {
            fn from_json(value: ::serde_json::Value) -> Result<Self, rt::ConfigError> {
                let s = <String as rt::FieldValue>::from_json(value)?;
                Ok(s.parse().unwrap_or_else(|_| Self::#other(rt::Undocumented::read(s))))
            }
            fn to_json(&self) -> Result<::serde_json::Value, rt::ConfigError> {
                Ok(::serde_json::Value::String(self.as_str().to_owned()))
            }
        }
    }
}

fn union(api: &Api, kind: AreaKind, name: &str, options: &Options) -> TokenStream {
    let name = ident(name);
    // The response union reads server data: what breaks its table is kept raw, not refused.
    let lenient = kind == AreaKind::ConnectionResponse;
    let mut variants = Vec::new();
    let mut from_parts = Vec::new();
    let mut types = Vec::new();
    let mut configurations = Vec::new();
    let mut froms = Vec::new();
    let mut undocumented = Vec::new();
    for c in &api.connectors.connectors {
        let Some(area) = c.areas.iter().find(|a| a.kind == kind) else {
            continue;
        };
        let v = ident(&c.variant);
        let ty = ident(&area.type_name);
        let id = &c.id;
        let gate = gate(c, options);
        let doc = format!(" {} (`{id}`).", c.name);
        variants.push(quote! { #[doc = #doc] #gate #v(#ty), });
        from_parts.push(if lenient {
            quote! {
                #gate
                Some(#id) => rt::read_or_raw(connector_type.as_deref(), configuration)
                    .map_or_else(|raw| Self::Other(*raw), Self::#v),
            }
        } else {
            quote! { #gate Some(#id) => Self::#v(rt::read_object(configuration)?), }
        });
        types.push(quote! { #gate Self::#v(_) => Some(#id), });
        configurations.push(quote! {
            #gate Self::#v(c) => rt::write_object(c).map(::serde_json::Value::Object),
        });
        undocumented.push(quote! { #gate Self::#v(c) => Some(rt::Object::undocumented(c)), });
        froms.push(quote! {
            #gate
            impl From<#ty> for #name {
                fn from(c: #ty) -> Self {
                    Self::#v(c)
                }
            }
        });
    }
    let raw = if lenient {
        "A type without a table (or no type), or a configuration that does not fit its type's \
         table (`RawConfiguration::mismatch` says why), keeps its raw JSON in `Other`"
    } else {
        "A type without a table (or no type) read from the server keeps its raw JSON in `Other`"
    };
    // Line by line, so the doc renders as `///` lines of source width.
    let other_doc = if lenient {
        [
            " A connection type this SDK has no table for, or a configuration that does not",
            " fit its type's table, as sent; built by hand only through",
            " `RawConfiguration::unchecked`.",
        ]
        .as_slice()
    } else {
        [
            " A connection type this SDK has no table for, with its configuration as sent;",
            " built by hand only through `RawConfiguration::unchecked`.",
        ]
        .as_slice()
    };
    let doc = format!(
        " The {} of any connector, keyed by the connection type.\n\n \
         In a request body it stands for the `type` and `configuration` keys together, so \
         the two cannot disagree. {raw}; to send one, say so: \
         `Other(RawConfiguration::unchecked(..))`. Conversions: `From` each connector's type; \
         `connectors_runtime::Union` reads and writes the parts.",
        kind.describe()
    );
    // One attribute per line, so the doc renders as `///` lines rather than a block.
    let doc = doc.split('\n').map(|l| quote! { #[doc = #l] });
    quote! {
        #(#doc)*
        #[derive(Debug, Clone, PartialEq)]
        pub enum #name {
            #(#variants)*
            #(#[doc = #other_doc])*
            Other(rt::RawConfiguration),
        }

        impl rt::Union for #name {
            fn from_parts(
                connector_type: Option<String>,
                configuration: ::serde_json::Value,
            ) -> Result<Self, rt::ConfigError> {
                Ok(match connector_type.as_deref() {
                    #(#from_parts)*
                    _ => Self::Other(rt::RawConfiguration::read(connector_type, configuration)),
                })
            }
            fn connector_type(&self) -> Option<&str> {
                match self {
                    #(#types)*
                    Self::Other(raw) => raw.connector_type(),
                }
            }
            fn configuration(&self) -> Result<::serde_json::Value, rt::ConfigError> {
                match self {
                    #(#configurations)*
                    Self::Other(raw) => Ok(raw.configuration().clone()),
                }
            }
            fn undocumented(&self) -> Option<&rt::UndocumentedSettings> {
                match self {
                    #(#undocumented)*
                    Self::Other(_) => None,
                }
            }
        }

        #(#froms)*
    }
}

/// Typed setter and getter for a configuration field whose connector the wire does not name.
fn untyped_binding(b: &Binding, area: AreaKind, shape: UntypedShape) -> TokenStream {
    let schema = ident(&b.schema);
    let field = ident(&b.field);
    let setter = ident(&format!("set_{}", b.field));
    let getter = ident(&format!("{}_as", b.field));
    let tr = ident(area.trait_name());
    let nullable = shape.nullable && !shape.any_json;
    let value = if shape.any_json {
        quote! { ::serde_json::Value::Object(map) }
    } else {
        quote! { map }
    };
    let (assign, current) = match (shape.required, nullable) {
        (true, false) => (value, quote! { Some(&self.#field) }),
        (true, true) | (false, false) => (quote! { Some(#value) }, quote! { self.#field.as_ref() }),
        (false, true) => (
            quote! { Some(Some(#value)) },
            quote! { self.#field.as_ref().and_then(Option::as_ref) },
        ),
    };
    let wire = &b.wire;
    let set_doc = format!(
        " Sets `{wire}` from a connector's typed {} (any [`{tr}`]).",
        area.describe()
    );
    let get_doc = format!(
        " Reads `{wire}` as the given connector's typed {}; `None` when it is absent.",
        area.describe()
    );
    quote! {
        impl super::models::#schema {
            #[doc = #set_doc]
            pub fn #setter<C: #tr>(&mut self, configuration: &C) -> Result<&mut Self, rt::ConfigError> {
                let map = rt::write_object(configuration)?;
                self.#field = #assign;
                Ok(self)
            }

            #[doc = #get_doc]
            pub fn #getter<C: #tr>(&self) -> Result<Option<C>, rt::ConfigError> {
                match #current {
                    Some(value) => rt::read_object(rt::FieldValue::to_json(value)?).map(Some),
                    None => Ok(None),
                }
            }
        }
    }
}

//! Client methods: one per operation, in group structs reached from `Client`.

use super::docs::doc_attrs;
use super::features;
use super::types::{ident, rust_type};
use super::Options;
use crate::ir::*;
use proc_macro2::TokenStream;
use quote::quote;
use std::collections::HashMap;

/// The `client` module: the group structs and their operation methods, each operation's
/// request alias and setters, error enums and the `ops` markers.
/// With [`Options::cargo_features`], each top-level group and what belongs to it (its
/// struct, accessor, operations' items and markers, subgroups) carry the group's feature.
pub fn emit(api: &Api, options: &Options) -> TokenStream {
    let models = quote! { models:: };
    let mut ops_by_group: HashMap<&[String], Vec<&Operation>> = HashMap::new();
    for op in &api.operations {
        ops_by_group.entry(&op.group).or_default().push(op);
    }
    let mut items = Vec::new();
    let mut marker_items = Vec::new();
    // The root group (`Client` itself, when there are operations), then every named
    // group, sorted by path.
    let root = (!api.operations.is_empty()).then_some((&[][..], None));
    let groups = root
        .into_iter()
        .chain(api.groups.iter().map(|g| (g.path.as_slice(), Some(g))));
    for (path, group) in groups {
        let ops = ops_by_group
            .get(path)
            .map(Vec::as_slice)
            .unwrap_or_default();
        let children = api
            .groups
            .iter()
            .filter(|c| c.path.len() == path.len() + 1 && c.path.starts_with(path));
        let accessors = children.map(|child| {
            // Below the top level, the enclosing group's gate already covers it.
            let gate = if path.is_empty() {
                group_gate(&child.path, options)
            } else {
                TokenStream::new()
            };
            let segment = child.path.last().map(String::as_str).unwrap_or("group");
            let accessor = ident(segment);
            let struct_name = ident(&child.type_name);
            let doc = format!(" Operations of the `{}` group.", child.path.join("/"));
            // A nested group hands on the client borrow it holds, not a borrow of itself,
            // so `client.a().b().op()` outlives the temporary `a()`.
            let (client, lifetime) = if path.is_empty() {
                (quote! { self }, quote! { '_ })
            } else {
                (quote! { self.client }, quote! { 'a })
            };
            quote! {
                #gate
                #[doc = #doc]
                pub fn #accessor(&self) -> #struct_name<#lifetime> {
                    #struct_name { client: #client }
                }
            }
        });
        let mut methods: Vec<TokenStream> = Vec::new();
        for w in api.waiters.iter().filter(|w| w.poll_group == path) {
            if let Some(op) = ops.iter().find(|o| o.id == w.poll) {
                methods.push(waiter(w, op, &models));
            }
        }
        let gate = group_gate(path, options);
        for op in ops {
            let marker = ident(&op.marker);
            let (item_count, marker_count) = (items.len(), marker_items.len());
            methods.push(operation(
                op,
                &api.security_requirement,
                &marker,
                &models,
                &mut items,
                &mut marker_items,
            ));
            for item in items[item_count..]
                .iter_mut()
                .chain(&mut marker_items[marker_count..])
            {
                *item = features::gated(std::mem::take(item), &gate);
            }
        }
        if let Some(group) = group {
            let name = ident(&group.type_name);
            let doc = format!(" Operations of the `{}` group.", path.join("/"));
            items.push(quote! {
                #[doc = #doc]
                #gate
                #[derive(Debug, Clone, Copy)]
                pub struct #name<'a> {
                    client: &'a Client,
                }

                #gate
                impl<'a> #name<'a> {
                    #(#accessors)*
                    #(#methods)*
                }
            });
        } else {
            items.push(quote! {
                impl Client {
                    #(#accessors)*
                    #(#methods)*
                }
            });
        }
    }
    // Header arguments are sent with `ParamValue::to_param`.
    let uses_headers = api
        .operations
        .iter()
        .flat_map(|o| &o.params)
        .any(|p| p.location == ParamLocation::Header && p.role == ParamRole::Argument);
    // With groups behind features, the operations with header arguments may all be
    // compiled out.
    let allow = options
        .cargo_features
        .then(|| quote! { #[allow(unused_imports)] });
    let param_value = uses_headers.then(|| quote! { #allow use super::runtime::ParamValue as _; });
    let credentials = super::auth::builder_items(api);
    quote! {
        #![allow(clippy::too_many_arguments)]
        // A spec may use only some of these (or have no operations at all).
        #[allow(unused_imports)]
        use super::models;
        #[allow(unused_imports)]
        use super::runtime::{self, Client, Method, Request};
        #param_value
        #credentials
        #(#items)*

        /// One marker type per operation: the last type parameter of the [`Request`] an
        /// operation returns, which gives that request the operation's own setters.
        pub mod ops {
            #(#marker_items)*
        }
    }
}

/// The method for one operation (required parameters and a required body as arguments),
/// and, pushed to `items`: the operation's marker type, the setters of its optional
/// parameters (and optional body) and `stream()` for paginated operations, as an `impl`
/// on the request type it returns, plus any error-body enum it needs.
fn operation(
    op: &Operation,
    default_security: &Requirement,
    marker: &proc_macro2::Ident,
    models: &TokenStream,
    items: &mut Vec<TokenStream>,
    marker_items: &mut Vec<TokenStream>,
) -> TokenStream {
    let doc = doc_attrs(op.doc.as_deref());
    // Only an operation whose `security` differs from the document's says so.
    let security = (op.security != *default_security).then(|| {
        let security = super::auth::requirement_tokens(&op.security);
        quote! { .security(#security) }
    });
    let summary = format!(" `{} {}` (`{}`)", op.method.as_str(), op.path, op.id);
    let deprecated = op.deprecated.then(|| quote! { #[deprecated] });
    let name = ident(&op.method_name);
    let args: Vec<&Param> = op
        .params
        .iter()
        .filter(|p| p.role == ParamRole::Argument)
        .collect();
    let arg_decls = args.iter().map(|p| {
        let n = ident(&p.name);
        let ty = arg_type(&p.ty, true, models, None);
        quote! { #n: #ty }
    });
    let required_body = op.body.as_ref().filter(|b| b.required);
    let body_decl = required_body.map(|b| {
        let ty = body_type(b, models);
        quote! { body: #ty, }
    });
    let path = path_params(op);
    let query = args
        .iter()
        .filter(|p| p.location == ParamLocation::Query)
        .map(|p| {
            let n = ident(&p.name);
            let wire = &p.wire;
            let value = param_ref(p, &n);
            match p.encoding {
                ParamEncoding::Plain => quote! { .query(#wire, #value) },
                ParamEncoding::Styled { style, explode } => {
                    let style = style_path(style);
                    quote! { .query_styled(#wire, #style, #explode, #value) }
                }
            }
        });
    let headers = args
        .iter()
        .filter(|p| p.location == ParamLocation::Header)
        .map(|p| {
            let n = ident(&p.name);
            let wire = &p.wire;
            match p.encoding {
                ParamEncoding::Plain => quote! { .header(#wire, #n.to_param()) },
                ParamEncoding::Styled { style, explode } => {
                    let value = by_ref(p, &n);
                    let style = style_path(style);
                    quote! { .set_header_styled(#wire, #style, #explode, #value) }
                }
            }
        });
    let body = required_body.map(body_call);
    let ok = success_type(op, models);
    let reading = match op.success.as_ref().map(|s| (&s.encoding, &s.ty)) {
        Some((Encoding::Text(media), _)) => Some(quote! { .text_response(#media) }),
        Some((Encoding::Binary(media), _)) => Some(quote! { .binary_response(#media) }),
        Some((Encoding::EventStream, ty)) => {
            let text = *ty == TypeRef::String;
            Some(quote! { .event_stream_response(#text) })
        }
        _ => None,
    };
    let (err_ty, decode) = error_type(op, models, items);
    let method = ident(op.method.as_str());
    let op_id = &op.id;
    // Methods on `Client` itself borrow it; group methods hand out the group's borrow.
    let (client, lifetime) = if op.group.is_empty() {
        (quote! { self }, quote! { '_ })
    } else {
        (quote! { self.client }, quote! { 'a })
    };
    let template = &op.path;
    let (setters, names) = setters(op, models);
    let stream = stream_method(op, models, &err_ty);
    let marker_doc = format!(
        " Marks requests of `{}` (`{} {}`), so they get its setters.",
        op.id,
        op.method.as_str(),
        op.path
    );
    marker_items.push(quote! {
        #[doc = #marker_doc]
        #[derive(Debug)]
        pub enum #marker {}
    });
    let has_stream = stream.is_some();
    let alias = ident(&op.request_type);
    let alias_doc = format!(
        " The request `{}` (`{} {}`) makes: await it for the response, or set its options first.",
        op.id,
        op.method.as_str(),
        op.path
    );
    items.push(quote! {
        #[doc = #alias_doc]
        pub type #alias<'a> = Request<'a, #ok, #err_ty, ops::#marker>;
    });
    if !setters.is_empty() || has_stream {
        // The stream borrows the client for as long as the request does.
        let header = if has_stream {
            quote! { impl<'a> #alias<'a> }
        } else {
            quote! { impl #alias<'_> }
        };
        items.push(quote! {
            #header {
                #(#setters)*
                #stream
            }
        });
    }
    let mut extra = Vec::new();
    if !names.is_empty() {
        let list: Vec<String> = names.iter().map(|n| format!("`.{n}(..)`")).collect();
        extra.push(format!(
            " Optional, on the returned request: {}.",
            list.join(", ")
        ));
    }
    if has_stream {
        extra.push(" Every item across all pages: `.stream()`.".to_owned());
    }
    if op
        .success
        .as_ref()
        .is_some_and(|s| s.encoding == Encoding::EventStream)
    {
        extra.push(
            " Server-sent events: awaiting it returns a `runtime::EventStream` of them once \
             the response starts; a dropped connection ends it with an error, and nothing is \
             sent again."
                .to_owned(),
        );
    }
    let sep = (!doc.is_empty()).then(|| quote! { #[doc = ""] });
    let extra_sep = (!extra.is_empty()).then(|| quote! { #[doc = ""] });
    quote! {
        #doc
        #sep
        #[doc = #summary]
        #extra_sep
        #(#[doc = #extra])*
        #deprecated
        pub fn #name(&self, #(#arg_decls,)* #body_decl) -> #alias<#lifetime> {
            #client
                .request(Method::#method, #op_id, #template, #decode)
                #security
                #(#path)*
                #(#query)*
                #(#headers)*
                #body
                #reading
        }
    }
}

/// The success type of an operation; a binary body is `runtime::Binary`, server-sent
/// events are `runtime::EventStream` of their data.
fn success_type(op: &Operation, models: &TokenStream) -> TokenStream {
    match &op.success {
        Some(Success {
            encoding: Encoding::Binary(_),
            ..
        }) => quote! { runtime::Binary },
        Some(Success {
            encoding: Encoding::EventStream,
            ty,
        }) => {
            let data = rust_type(ty, models);
            quote! { runtime::EventStream<#data> }
        }
        Some(s) => rust_type(&s.ty, models),
        None => quote! { () },
    }
}

/// How a body argument is taken: text as `&str`, bytes as `&[u8]`, models by reference.
fn body_type(b: &Body, models: &TokenStream) -> TokenStream {
    match b.encoding {
        Encoding::Text(_) | Encoding::EventStream => quote! { &str },
        Encoding::Binary(_) => quote! { impl Into<runtime::BinaryBody> },
        Encoding::Json | Encoding::Form | Encoding::Multipart => {
            let ty = rust_type(&b.ty, models);
            quote! { &#ty }
        }
    }
}

/// The request call that sets `body` in its encoding.
fn body_call(b: &Body) -> TokenStream {
    match &b.encoding {
        Encoding::Json => quote! { .json(body) },
        Encoding::Form => quote! { .form(body) },
        Encoding::Multipart => quote! { .multipart(body) },
        Encoding::Text(media) => quote! { .text_body(body, #media) },
        // Bodies are never read as events; the type's text is sent as it is.
        Encoding::EventStream => quote! { .text_body(body, "text/event-stream") },
        Encoding::Binary(media) => quote! { .binary_body(body, #media) },
    }
}

/// One setter per optional query or header parameter (and `body` for an optional body),
/// with the setter names used.
fn setters(op: &Operation, models: &TokenStream) -> (Vec<TokenStream>, Vec<String>) {
    let mut out = Vec::new();
    let mut names = Vec::new();
    for p in op.params.iter().filter(|p| p.role == ParamRole::Setter) {
        let setter = p.setter.clone();
        let n = ident(&setter);
        let wire = &p.wire;
        let where_ = match p.location {
            ParamLocation::Header => "header",
            _ => "query parameter",
        };
        let mut doc = match p.doc.as_deref().map(str::trim).filter(|d| !d.is_empty()) {
            Some(d) => format!("{d}\n\n"),
            None => String::new(),
        };
        doc.push_str(&format!("Sets the `{wire}` {where_}."));
        let doc = doc_attrs(Some(&doc));
        // Named types (enums, checked newtypes) by value; others as the arguments take them.
        let (ty, value) = match &p.ty {
            TypeRef::Named(_) => (rust_type(&p.ty, models), quote! { &value }),
            TypeRef::String | TypeRef::Vec(_) | TypeRef::Map(_) => {
                (arg_type(&p.ty, true, models, None), quote! { value })
            }
            TypeRef::Uuid => (quote! { impl runtime::IdArg }, quote! { &value }),
            _ => (rust_type(&p.ty, models), quote! { &value }),
        };
        let set = match (p.location, p.encoding) {
            (ParamLocation::Header, ParamEncoding::Plain) => {
                quote! { self.set_header(#wire, #value) }
            }
            (_, ParamEncoding::Plain) => quote! { self.set_query(#wire, #value) },
            (ParamLocation::Header, ParamEncoding::Styled { style, explode }) => {
                let style = style_path(style);
                quote! { self.set_header_styled(#wire, #style, #explode, #value) }
            }
            (_, ParamEncoding::Styled { style, explode }) => {
                let style = style_path(style);
                quote! { self.set_query_styled(#wire, #style, #explode, #value) }
            }
        };
        out.push(quote! {
            #doc
            pub fn #n(self, value: #ty) -> Self {
                #set
            }
        });
        names.push(setter);
    }
    if let Some(b) = op.body.as_ref().filter(|b| !b.required) {
        let ty = body_type(b, models);
        let call = body_call(b);
        out.push(quote! {
            /// Sends this body (the operation's body is optional).
            pub fn body(self, body: #ty) -> Self {
                self #call
            }
        });
        names.push("body".to_owned());
    }
    (out, names)
}

/// Argument types borrow where that saves the caller a clone; `lifetime` names the
/// borrows (elided when `None`).
fn arg_type(
    ty: &TypeRef,
    required: bool,
    models: &TokenStream,
    lifetime: Option<&syn::Lifetime>,
) -> TokenStream {
    let inner = match ty {
        TypeRef::String => quote! { &#lifetime str },
        // A `Uuid`, or the id as text, the way responses hand ids out.
        TypeRef::Uuid if required => quote! { impl runtime::IdArg },
        TypeRef::Vec(t) => {
            let t = rust_type(t, models);
            quote! { &#lifetime [#t] }
        }
        TypeRef::Named(_) | TypeRef::Map(_) => {
            let t = rust_type(ty, models);
            quote! { &#lifetime #t }
        }
        other => rust_type(other, models),
    };
    if required {
        inner
    } else {
        quote! { Option<#inner> }
    }
}

/// The expression that hands a parameter to the runtime as `Option<&V>`.
fn param_ref(p: &Param, n: &proc_macro2::Ident) -> TokenStream {
    let by_ref = matches!(
        p.ty,
        TypeRef::String | TypeRef::Vec(_) | TypeRef::Named(_) | TypeRef::Map(_)
    );
    match (p.required, by_ref) {
        (true, true) => quote! { Some(#n) },
        (true, false) => quote! { Some(&#n) },
        (false, true) => quote! { #n },
        (false, false) => quote! { #n.as_ref() },
    }
}

/// A required argument as a reference (the runtime takes every value by reference).
fn by_ref(p: &Param, n: &proc_macro2::Ident) -> TokenStream {
    // An id argument is anything `IdArg` (a `Uuid` or its text); a styled value needs its
    // serde form, which is its text.
    if p.ty == TypeRef::Uuid && p.encoding != ParamEncoding::Plain {
        return quote! { &runtime::ParamValue::to_param(&#n) };
    }
    if matches!(
        p.ty,
        TypeRef::String | TypeRef::Named(_) | TypeRef::Vec(_) | TypeRef::Map(_)
    ) {
        quote! { #n }
    } else {
        quote! { &#n }
    }
}

/// The runtime's name for a parameter style.
fn style_path(style: ParamStyle) -> TokenStream {
    let name = ident(match style {
        ParamStyle::Form => "Form",
        ParamStyle::SpaceDelimited => "SpaceDelimited",
        ParamStyle::PipeDelimited => "PipeDelimited",
        ParamStyle::DeepObject => "DeepObject",
        ParamStyle::Simple => "Simple",
        ParamStyle::Label => "Label",
        ParamStyle::Matrix => "Matrix",
        ParamStyle::Json => "Json",
    });
    quote! { runtime::Style::#name }
}

/// `.path_param(..)` calls filling the template's placeholders by name; the
/// runtime encodes each value and refuses ones that would not stay in their segment.
fn path_params(op: &Operation) -> Vec<TokenStream> {
    op.params
        .iter()
        .filter(|p| p.location == ParamLocation::Path)
        .map(|p| {
            let n = ident(&p.name);
            let wire = &p.wire;
            let value = by_ref(p, &n);
            match p.encoding {
                ParamEncoding::Plain => quote! { .path_param(#wire, #value) },
                ParamEncoding::Styled { style, explode } => {
                    let style = style_path(style);
                    quote! { .path_param_styled(#wire, #style, #explode, #value) }
                }
            }
        })
        .collect()
}

/// The error-body type of an operation and the function that decodes it by status.
/// One declared schema is used as is; several get an enum with a variant per schema.
fn error_type(
    op: &Operation,
    models: &TokenStream,
    items: &mut Vec<TokenStream>,
) -> (TokenStream, TokenStream) {
    let typed: Vec<(Option<u16>, &TypeRef)> = op
        .errors
        .responses
        .iter()
        .filter_map(|e| e.ty.as_ref().map(|t| (e.status, t)))
        .collect();
    let pattern = |status: Option<u16>| match status {
        Some(s) => {
            let s = proc_macro2::Literal::u16_unsuffixed(s);
            quote! { #s }
        }
        None => quote! { _ },
    };
    // Specific statuses first; `default` catches the rest.
    let mut arms: Vec<(Option<u16>, &TypeRef)> = typed.clone();
    arms.sort_by_key(|(s, _)| s.is_none());
    match &op.errors.body {
        ErrorBody::None => (quote! { std::convert::Infallible }, quote! { |_, _| None }),
        ErrorBody::One(only) => {
            let ty = rust_type(only, models);
            let statuses: Vec<TokenStream> = arms.iter().map(|(s, _)| pattern(*s)).collect();
            let has_default = arms.iter().any(|(s, _)| s.is_none());
            let decode = if has_default {
                quote! { |_, body| runtime::decode_error(body) }
            } else {
                quote! {
                    |status, body| match status {
                        #(#statuses)|* => runtime::decode_error(body),
                        _ => None,
                    }
                }
            };
            (ty, decode)
        }
        ErrorBody::Enum(error_enum) => {
            let enum_name = ident(&error_enum.name);
            let variants = error_enum.variants.iter().map(|v| {
                let name = ident(&v.name);
                let ty = rust_type(&v.ty, models);
                quote! { #name(#ty), }
            });
            let doc = format!(
                " Error bodies `{}` declares, by the schema of each status.",
                op.id
            );
            items.push(quote! {
                #[doc = #doc]
                #[derive(Debug, Clone, PartialEq)]
                pub enum #enum_name {
                    #(#variants)*
                }
            });
            let match_arms = arms.iter().filter_map(|(s, t)| {
                let p = pattern(*s);
                let v = error_enum.variants.iter().find(|v| v.ty == **t)?;
                let v = ident(&v.name);
                Some(quote! { #p => runtime::decode_error(body).map(|r| r.map(#enum_name::#v)), })
            });
            let has_default = arms.iter().any(|(s, _)| s.is_none());
            let fallback = (!has_default).then(|| quote! { _ => None, });
            (
                quote! { #enum_name },
                quote! {
                    |status, body| match status {
                        #(#match_arms)*
                        #fallback
                    }
                },
            )
        }
    }
}

/// A waiter: polls `op` (with the ids the method takes) until the status is terminal.
fn waiter(w: &Waiter, op: &Operation, models: &TokenStream) -> TokenStream {
    let name = ident(&w.name);
    let poll = ident(&op.method_name);
    let args: Vec<&Param> = op
        .params
        .iter()
        .filter(|p| p.role == ParamRole::Argument)
        .collect();
    let decls = args.iter().map(|p| {
        let n = ident(&p.name);
        let ty = match p.ty {
            TypeRef::Uuid => quote! { impl runtime::IdArg },
            TypeRef::String => quote! { &str },
            _ => rust_type(&p.ty, models),
        };
        quote! { #n: #ty }
    });
    // Ids become owned text once, so the poll closure can call the operation again and again.
    let owned = args.iter().filter_map(|p| {
        let n = ident(&p.name);
        match p.ty {
            TypeRef::Uuid | TypeRef::String => {
                Some(quote! { let #n = runtime::ParamValue::to_param(&#n); })
            }
            _ => None,
        }
    });
    let call_args = args.iter().map(|p| {
        let n = ident(&p.name);
        match p.ty {
            TypeRef::Uuid | TypeRef::String => quote! { #n.as_str() },
            _ => quote! { #n },
        }
    });
    let ok = success_type(op, models);
    let (err_ty, _) = error_type(op, models, &mut Vec::new());
    // The status as wire text, through the fields to it.
    let mut access: Option<TokenStream> = None;
    for f in &w.status_path {
        let n = ident(&f.name);
        let nullable = f.nullable && f.ty != TypeRef::Json;
        let step = |v: TokenStream| match (f.required, nullable) {
            (true, false) => quote! { Some(&#v.#n) },
            (false, true) => quote! { #v.#n.as_ref().and_then(|x| x.as_ref()) },
            _ => quote! { #v.#n.as_ref() },
        };
        let unbox = f.boxed.then(|| quote! { .map(|b| &**b) });
        access = Some(match access {
            None => {
                let first = step(quote! { response });
                quote! { #first #unbox }
            }
            Some(before) => {
                let next = step(quote! { v });
                quote! { #before.and_then(|v| #next #unbox) }
            }
        });
    }
    let to_text = match w.status_ty {
        TypeRef::String => quote! { .cloned() },
        _ => quote! { .map(|s| s.as_str().to_owned()) },
    };
    let terminal = &w.terminal;
    let list = terminal
        .iter()
        .map(|t| format!("`{t}`"))
        .collect::<Vec<_>>()
        .join(", ");
    let doc = format!(
        " Polls [`{m}`](Self::{m}) until `{status}` is terminal ({list}), waiting longer \
         between polls each time, and returns the last response: the work `{start}` started, \
         finished.",
        m = op.method_name,
        status = w.status_wire,
        start = w.start,
    );
    let doc2 = " Await it, or set `.timeout(..)` (default 30 minutes; then \
                `Error::WaitTimedOut` with the last status) and `.interval(..)` first. Each poll \
                is retried like any request, so a brief outage does not end the wait.";
    let api_value = if op.group.is_empty() {
        quote! { self }
    } else {
        quote! { *self }
    };
    let lifetime = if op.group.is_empty() {
        quote! { '_ }
    } else {
        quote! { 'a }
    };
    quote! {
        #[doc = #doc]
        #[doc = ""]
        #[doc = #doc2]
        pub fn #name(&self, #(#decls),*) -> runtime::Wait<#lifetime, #ok, #err_ty> {
            #(#owned)*
            let api = #api_value;
            runtime::Wait::new(
                move || api.#poll(#(#call_args),*),
                |response: &#ok| #access #to_text,
                &[#(#terminal),*],
            )
        }
    }
}

/// `stream()` for a paginated operation: every item across all pages, each page a copy
/// of the request with the next token (or link) in place.
fn stream_method(
    op: &Operation,
    models: &TokenStream,
    err_ty: &TokenStream,
) -> Option<TokenStream> {
    let pagination = op.pagination.as_ref()?;
    let token = match &pagination.style {
        PageStyle::Token { wire, .. } => Some(wire),
        PageStyle::Link => None,
    };
    let items_field = &pagination.items;
    let page_ty = rust_type(&TypeRef::Named(pagination.page_ty.clone()), models);
    let item_ty = rust_type(&pagination.item_ty, models);
    let items_name = ident(&items_field.name);
    let items = match (items_field.required, items_field.nullable) {
        (true, false) => quote! { page.#items_name },
        (false, true) => quote! { page.#items_name.flatten().unwrap_or_default() },
        _ => quote! { page.#items_name.unwrap_or_default() },
    };
    let (first, rest) = pagination.next.split_first()?;
    let first_name = ident(&first.name);
    let mut next = optional_access(first, quote! { page.#first_name });
    for f in rest {
        let fname = ident(&f.name);
        let access = optional_access(f, quote! { v.#fname });
        next = quote! { #next.and_then(|v| #access) };
    }
    let (doc, token_arg) = match &token {
        Some(wire) => (
            format!(
                " Every item across all pages, passing the next token in `{wire}` until the \
                 server returns none."
            ),
            quote! { Some(#wire) },
        ),
        None => (
            " Every item across all pages, requesting the next page's link until the \
             server returns none."
                .to_owned(),
            quote! { None },
        ),
    };
    let doc2 = " Read it with `try_next().await?`, `collect_all().await?` or as a `futures` \
                `Stream`; each page is this request with the next token, sent and retried \
                like the request itself.";
    Some(quote! {
        #[doc = #doc]
        #[doc = ""]
        #[doc = #doc2]
        pub fn stream(self) -> runtime::Paginated<'a, #item_ty, #err_ty> {
            runtime::Paginated::from_request(self, #token_arg, |page: #page_ty| (#items, #next))
        }
    })
}

/// `expr` (the field `f` of a value) as an `Option` of its plain type.
fn optional_access(f: &Field, expr: TokenStream) -> TokenStream {
    let unbox = f.boxed.then(|| quote! { .map(|b| *b) });
    let nullable = f.nullable && f.ty != TypeRef::Json;
    match (f.required, nullable) {
        (true, false) if f.boxed => quote! { Some(*#expr) },
        (true, false) => quote! { Some(#expr) },
        (false, true) => quote! { #expr.flatten() #unbox },
        _ => quote! { #expr #unbox },
    }
}

/// The `#[cfg(feature = ..)]` of what belongs to the group at `path` (its top-level
/// group's feature), or nothing: for the root group, or without Cargo features.
fn group_gate(path: &[String], options: &Options) -> TokenStream {
    match path.first() {
        Some(segment) if options.cargo_features => {
            features::cfg(&crate::deps::group_feature(segment))
        }
        _ => TokenStream::new(),
    }
}

//! Operations: parameters, request bodies, responses, grouping and pagination.

use super::{Naming, Resolver, SchemaRef, SharedName};
use crate::ir::*;
use crate::load::pointer::{escape, unescape};
use crate::names::{field_name, type_name, Namespace};
use heck::ToSnakeCase;
use openapiv3::{
    MediaType, Parameter, ParameterSchemaOrContent, PathItem, ReferenceOr, RequestBody, Response,
    StatusCode,
};
use std::collections::HashMap;

impl<'a> Resolver<'a> {
    pub(super) fn operations(&mut self) -> Vec<Operation> {
        let mut out = Vec::new();
        // Method names must be unique per group; operationIds unique per document.
        let mut group_names: HashMap<Vec<String>, Namespace> = HashMap::new();
        let mut seen_ids: HashMap<String, String> = HashMap::new();
        let mut type_hints = Namespace::new();
        for (path, item) in &self.doc.paths.paths {
            let item_ptr = format!("/paths/{}", escape(path));
            let item = match item {
                ReferenceOr::Item(i) => i,
                ReferenceOr::Reference { .. } => {
                    self.warn(
                        &item_ptr,
                        "a `$ref` path item that points nowhere readable; its operations are left out",
                    );
                    continue;
                }
            };
            for (method, op) in methods(item) {
                let ptr = format!("{item_ptr}/{}", method.as_str().to_ascii_lowercase());
                let id = op
                    .operation_id
                    .clone()
                    .unwrap_or_else(|| format!("{} {}", method.as_str(), path).to_snake_case());
                if let Some(first) = seen_ids.insert(id.clone(), ptr.clone()) {
                    let line = self.src.locate(&first).map(|l| l.line).unwrap_or(0);
                    self.warn(
                        &format!("{ptr}/operationId"),
                        format!("duplicate operationId `{id}` (also used at {first}, line {line}); this operation is left out"),
                    );
                    continue;
                }
                let tag = op.tags.first().map(String::as_str).unwrap_or("");
                let group: Vec<String> = tag
                    .split('/')
                    .filter(|s| !s.trim().is_empty())
                    .map(field_name)
                    .collect();
                let method_name = method_name(&id, &group);
                let method_name = group_names
                    .entry(group.clone())
                    .or_default()
                    .claim(method_name);
                let hint = type_hints.claim(type_name(&id));
                let mut params =
                    self.params(&item.parameters, &op.parameters, &hint, &item_ptr, &ptr);
                self.check_path_params(path, &mut params, &ptr);
                let body = op
                    .request_body
                    .as_ref()
                    .and_then(|b| self.body(b, &hint, &format!("{ptr}/requestBody")));
                let (success, errors) =
                    self.responses(&op.responses, &hint, &format!("{ptr}/responses"));
                if let Some(v) = op.extensions.get("x-pagination") {
                    let at = (format!("{ptr}/x-pagination"), v.clone());
                    self.pagination.operations.insert(id.clone(), at);
                }
                out.push(Operation {
                    id,
                    group,
                    method_name,
                    method,
                    path: path.clone(),
                    doc: op_doc(op),
                    deprecated: op.deprecated,
                    params,
                    body,
                    success,
                    errors,
                    pagination: None,
                    marker: String::new(),
                    request_type: String::new(),
                    security: Requirement::Unspecified,
                });
            }
        }
        out
    }

    fn params(
        &mut self,
        shared: &'a [ReferenceOr<Parameter>],
        own: &'a [ReferenceOr<Parameter>],
        hint: &str,
        item_ptr: &str,
        ptr: &str,
    ) -> Vec<Param> {
        // Operation-level parameters override path-level ones with the same name and place.
        let mut merged: Vec<(&'a Parameter, String, Option<SharedName>)> = Vec::new();
        let all = shared
            .iter()
            .enumerate()
            .map(|(i, p)| (p, format!("{item_ptr}/parameters/{i}")))
            .chain(
                own.iter()
                    .enumerate()
                    .map(|(i, p)| (p, format!("{ptr}/parameters/{i}"))),
            );
        for (p, p_ptr) in all {
            let Some((p, p_ptr, shared)) = self.parameter(p, &p_ptr) else {
                continue;
            };
            let key = p.parameter_data_ref().name.clone();
            let same_place = |q: &&Parameter| {
                q.parameter_data_ref().name == key
                    && std::mem::discriminant(*q) == std::mem::discriminant(p)
            };
            merged.retain(|(q, ..)| !same_place(q));
            merged.push((p, p_ptr, shared));
        }
        let mut ns = Namespace::new();
        let mut setters = Namespace::new();
        let mut out = Vec::new();
        for (p, p_ptr, shared) in merged {
            let (location, data) = match p {
                Parameter::Path { parameter_data, .. } => (ParamLocation::Path, parameter_data),
                Parameter::Query { parameter_data, .. } => (ParamLocation::Query, parameter_data),
                Parameter::Header { parameter_data, .. } => (ParamLocation::Header, parameter_data),
                Parameter::Cookie { parameter_data, .. } => {
                    let name = &parameter_data.name;
                    self.warn(
                        &p_ptr,
                        format!("cookie parameter `{name}` is not generated; send it with `.header(\"Cookie\", \"{name}=...\")` on the request"),
                    );
                    continue;
                }
            };
            let schema = match &data.format {
                ParameterSchemaOrContent::Schema(s) => Some((s, format!("{p_ptr}/schema"))),
                // `content` (one media type) says the value is that schema's JSON text; the
                // schema is what a caller passes.
                ParameterSchemaOrContent::Content(content) => {
                    content.iter().next().and_then(|(media, m)| {
                        let m_ptr = format!("{p_ptr}/content/{}", escape(media));
                        m.schema.as_ref().map(|s| (s, format!("{m_ptr}/schema")))
                    })
                }
            };
            let own_hint = format!("{hint}{}", type_name(&data.name));
            let naming = match &shared {
                Some(shared) => Naming::Shared(shared),
                None => Naming::Hint(&own_hint),
            };
            let ty = match schema {
                Some((s, s_ptr)) => self
                    .use_schema_named(s.into(), naming, &s_ptr)
                    .map(|r| r.ty),
                None => Some(TypeRef::Json),
            };
            let Some(ty) = ty else { continue };
            if location == ParamLocation::Header && ty == TypeRef::String {
                self.note_version_header(data);
            }
            let (style, explode) = param_style(p);
            // Settled once every type is known (see `settle_param_encodings`).
            let encoding = if matches!(data.format, ParameterSchemaOrContent::Content(_)) {
                // `content`: the value's JSON text as one value.
                ParamEncoding::Styled {
                    style: ParamStyle::Json,
                    explode: false,
                }
            } else {
                ParamEncoding::Styled { style, explode }
            };
            let name = ns.claim(field_name(&data.name));
            // Generated beside the setters: the optional body's setter and `stream()`.
            let generated = name == "body" || name == "stream";
            let setter = if generated || crate::runtime_names::request_methods().contains(&name) {
                setters.claim(format!("{name}_param"))
            } else {
                setters.claim(name.clone())
            };
            let required = data.required || location == ParamLocation::Path;
            out.push(Param {
                setter,
                name,
                wire: data.name.clone(),
                location,
                required,
                ty,
                doc: data.description.clone(),
                encoding,
                // Runtime-owned headers are known once the version header is (see
                // `settle_param_roles`).
                role: if required {
                    ParamRole::Argument
                } else {
                    ParamRole::Setter
                },
                origin: p_ptr.clone(),
            });
        }
        out
    }

    /// Counts a header parameter named like an API version header (`X-Api-Version`,
    /// `Stripe-Version`), with the value its schema defaults to, so the runtime can send
    /// the one the API uses everywhere without it being a method argument.
    fn note_version_header(&mut self, data: &openapiv3::ParameterData) {
        if !data.name.to_ascii_lowercase().ends_with("version") {
            return;
        }
        let default = match &data.format {
            ParameterSchemaOrContent::Schema(ReferenceOr::Item(s)) => {
                let single = match &s.schema_kind {
                    openapiv3::SchemaKind::Type(openapiv3::Type::String(t)) => {
                        match t.enumeration.as_slice() {
                            [Some(only)] => Some(only.clone()),
                            _ => None,
                        }
                    }
                    _ => None,
                };
                s.schema_data
                    .default
                    .as_ref()
                    .and_then(|d| d.as_str().map(str::to_owned))
                    .or(single)
            }
            _ => None,
        };
        let entry = self
            .version_headers
            .entry(data.name.to_ascii_lowercase())
            .or_insert_with(|| (data.name.clone(), None, 0));
        entry.1 = entry.1.take().or(default);
        entry.2 += 1;
    }

    /// The parameter `p` is or refers to, where it is written in the document, and the
    /// names for a type of its schema when it is shared.
    fn parameter(
        &mut self,
        p: &'a ReferenceOr<Parameter>,
        ptr: &str,
    ) -> Option<(&'a Parameter, String, Option<SharedName>)> {
        match p {
            ReferenceOr::Item(p) => Some((p, ptr.to_owned(), self.shared_name(ptr, "Param"))),
            ReferenceOr::Reference { reference } => {
                let name = reference.strip_prefix("#/components/parameters/")?;
                let found = self
                    .doc
                    .components
                    .as_ref()?
                    .parameters
                    .get(&unescape(name));
                match found {
                    Some(ReferenceOr::Item(p)) => Some((
                        p,
                        format!("/components/parameters/{name}"),
                        Some(SharedName::component(&unescape(name), "Param")),
                    )),
                    // Loading warned where the reference is written.
                    None => None,
                    Some(ReferenceOr::Reference { .. }) => {
                        self.warn(
                            &format!("{ptr}/$ref"),
                            format!("`$ref: {reference}` is a reference to another reference; the parameter is left out (refer to the parameter itself)"),
                        );
                        None
                    }
                }
            }
        }
    }

    /// A placeholder without a parameter gets a text argument; a path parameter the
    /// template never uses (it would be silently left out of the URL) is left out.
    fn check_path_params(&mut self, path: &str, params: &mut Vec<Param>, ptr: &str) {
        let mut rest = path;
        while let Some(start) = rest.find('{') {
            let Some(len) = rest[start..].find('}') else {
                break;
            };
            let name = &rest[start + 1..start + len];
            if !params
                .iter()
                .any(|p| p.location == ParamLocation::Path && p.wire == name)
            {
                self.warn(ptr, format!("path `{path}` uses `{{{name}}}` but the operation declares no path parameter `{name}`; generated as a text argument"));
                let mut taken: Namespace = Namespace::new();
                for p in params.iter() {
                    taken.claim(p.name.clone());
                }
                let arg = taken.claim(field_name(name));
                params.push(Param {
                    setter: arg.clone(),
                    name: arg,
                    wire: name.to_owned(),
                    location: ParamLocation::Path,
                    required: true,
                    ty: TypeRef::String,
                    doc: None,
                    encoding: ParamEncoding::Plain,
                    role: ParamRole::Argument,
                    origin: ptr.to_owned(),
                });
            }
            rest = &rest[start + len..];
        }
        // The other way round: a declared path parameter the template never uses would
        // be silently left out of the URL.
        let unused: Vec<String> = params
            .iter()
            .filter(|p| p.location == ParamLocation::Path)
            .filter(|p| !path.contains(&format!("{{{}}}", p.wire)))
            .map(|p| p.wire.clone())
            .collect();
        for wire in unused {
            self.warn(ptr, format!("path parameter `{wire}` does not appear in path `{path}`; it is left out (add `{{{wire}}}` to the path or make it a query parameter)"));
            params.retain(|p| !(p.location == ParamLocation::Path && p.wire == wire));
        }
    }

    pub(super) fn body(
        &mut self,
        body: &'a ReferenceOr<RequestBody>,
        hint: &str,
        ptr: &str,
    ) -> Option<Body> {
        let (body, ptr, shared) = match body {
            ReferenceOr::Item(b) => (b, ptr.to_owned(), self.shared_name(ptr, "Body")),
            ReferenceOr::Reference { reference } => {
                let name = reference.strip_prefix("#/components/requestBodies/")?;
                let found = self
                    .doc
                    .components
                    .as_ref()?
                    .request_bodies
                    .get(&unescape(name));
                match found {
                    Some(ReferenceOr::Item(b)) => (
                        b,
                        format!("/components/requestBodies/{name}"),
                        Some(SharedName::component(&unescape(name), "Body")),
                    ),
                    // Loading warned where the reference is written.
                    None => return None,
                    Some(ReferenceOr::Reference { .. }) => {
                        self.warn(&format!("{ptr}/$ref"), format!("`$ref: {reference}` is a reference to another reference; the body is left out (refer to the body itself)"));
                        return None;
                    }
                }
            }
        };
        let (media, m_ptr, encoding) =
            self.body_media(&body.content, &format!("{ptr}/content"), true)?;
        if encoding == Encoding::Multipart {
            let form_names = shared.map(|s| s.with_suffix("Form"));
            return Some(self.multipart_body(
                media,
                hint,
                form_names.as_ref(),
                &m_ptr,
                body.required,
            ));
        }
        let own_hint = format!("{hint}Request");
        let naming = match &shared {
            Some(shared) => Naming::Shared(shared),
            None => Naming::Hint(&own_hint),
        };
        let ty = match (&encoding, &media.schema) {
            (Encoding::Text(_), _) => TypeRef::String,
            (Encoding::Binary(_), _) => TypeRef::Bytes,
            (_, Some(s)) => {
                self.use_schema_named(s.into(), naming, &format!("{m_ptr}/schema"))?
                    .ty
            }
            (_, None) => TypeRef::Json,
        };
        Some(Body {
            ty,
            required: body.required,
            encoding,
        })
    }

    /// The media type a body is sent or read in, by preference: JSON, then (requests
    /// only) a form, then text, then bytes. `multipart/form-data` is refused.
    fn body_media(
        &mut self,
        content: &'a indexmap::IndexMap<String, MediaType>,
        ptr: &str,
        request: bool,
    ) -> Option<(&'a MediaType, String, Encoding)> {
        let essence = |k: &str| {
            k.split(';')
                .next()
                .unwrap_or("")
                .trim()
                .to_ascii_lowercase()
        };
        let pick = |want: &dyn Fn(&str) -> bool| content.iter().find(|(k, _)| want(&essence(k)));
        let at = |k: &str| format!("{ptr}/{}", escape(k));
        if let Some((k, m)) = pick(&|e| is_json(e)) {
            return Some((m, at(k), Encoding::Json));
        }
        if request {
            if let Some((k, m)) = pick(&|e| e == "application/x-www-form-urlencoded") {
                return Some((m, at(k), Encoding::Form));
            }
        }
        if request {
            if let Some((k, m)) = pick(&|e| e == "multipart/form-data") {
                return Some((m, at(k), Encoding::Multipart));
            }
        }
        // A response of server-sent events is a stream of them (a request body of that
        // type is plain text).
        if !request {
            if let Some((k, m)) = pick(&|e| e == "text/event-stream") {
                return Some((m, at(k), Encoding::EventStream));
            }
        }
        if let Some((k, m)) = pick(&|e| e.starts_with("text/")) {
            return Some((m, at(k), Encoding::Text(essence(k))));
        }
        // Anything else (a download, a multipart response) is bytes of its media type.
        let (k, m) = content.iter().next()?;
        Some((m, at(k), Encoding::Binary(essence(k))))
    }

    /// A `multipart/form-data` request body: a form type with one field per property,
    /// `format: binary` ones (or lists of them) as file parts.
    fn multipart_body(
        &mut self,
        media: &'a MediaType,
        hint: &str,
        shared: Option<&SharedName>,
        m_ptr: &str,
        required: bool,
    ) -> Body {
        let schema_ptr = format!("{m_ptr}/schema");
        // A shared body's form is made once, like any type of a shared node.
        let node = self.source_node(&schema_ptr);
        if let Some((ty, _)) = self.by_source.get(&node) {
            self.shared_uses += 1;
            return Body {
                ty: ty.clone(),
                required,
                encoding: Encoding::Multipart,
            };
        }
        let mut parts = super::ObjectParts::default();
        if let Some(s) = &media.schema {
            self.collect_object(s.into(), &schema_ptr, &mut parts, 0);
        }
        if parts.props.is_empty() {
            self.warn(
                m_ptr,
                "a multipart body without declared properties: generated as raw bytes (build the multipart body yourself)",
            );
            return Body {
                ty: TypeRef::Bytes,
                required,
                encoding: Encoding::Binary("multipart/form-data".to_owned()),
            };
        }
        let files: Vec<(String, bool)> = parts
            .props
            .iter()
            .filter_map(|p| self.file_kind(p.schema).map(|list| (p.wire.clone(), list)))
            .collect();
        let name = match shared {
            Some(shared) => self.claim_shared(shared),
            None => self.names.claim(type_name(&format!("{hint}Form"))),
        };
        let mut st = self.build_struct(&name, parts);
        for f in &mut st.fields {
            if let Some((_, list)) = files.iter().find(|(w, _)| *w == f.wire) {
                f.ty = if *list {
                    TypeRef::Vec(Box::new(TypeRef::File))
                } else {
                    TypeRef::File
                };
            }
        }
        self.insert(name.clone(), &schema_ptr, None, TypeKind::Form(st));
        self.by_source
            .insert(node, (TypeRef::Named(name.clone()), true));
        Body {
            ty: TypeRef::Named(name),
            required,
            encoding: Encoding::Multipart,
        }
    }

    /// Whether a form property is a file (`Some(false)`) or a list of files (`Some(true)`):
    /// `type: string, format: binary`, directly or as array items, through one `$ref`.
    fn file_kind(&self, schema: SchemaRef<'a>) -> Option<bool> {
        use openapiv3::{SchemaKind, StringFormat, Type, VariantOrUnknownOrEmpty};
        let item = |r: SchemaRef<'a>| match r {
            SchemaRef::Item(s) => Some(s),
            SchemaRef::Ref(r) => {
                let name = r.strip_prefix("#/components/schemas/")?;
                match self.doc.components.as_ref()?.schemas.get(name)? {
                    ReferenceOr::Item(s) => Some(s),
                    ReferenceOr::Reference { .. } => None,
                }
            }
        };
        let is_binary = |s: &openapiv3::Schema| {
            matches!(
                &s.schema_kind,
                SchemaKind::Type(Type::String(t))
                    if t.format == VariantOrUnknownOrEmpty::Item(StringFormat::Binary)
            )
        };
        let s = item(schema)?;
        if is_binary(s) {
            return Some(false);
        }
        match &s.schema_kind {
            SchemaKind::Type(Type::Array(a)) => {
                let items = a.items.as_ref()?;
                item(items.into()).filter(|s| is_binary(s)).map(|_| true)
            }
            _ => None,
        }
    }

    fn responses(
        &mut self,
        responses: &'a openapiv3::Responses,
        hint: &str,
        ptr: &str,
    ) -> (Option<Success>, Errors) {
        let mut codes: Vec<(u16, &'a ReferenceOr<Response>, String)> = Vec::new();
        for (code, resp) in &responses.responses {
            match code {
                StatusCode::Code(c) => codes.push((*c, resp, format!("{ptr}/{c}"))),
                StatusCode::Range(r) => codes.push((r * 100, resp, format!("{ptr}/{r}XX"))),
            }
        }
        codes.sort_by_key(|(c, ..)| *c);
        let mut success = None;
        let mut have_success = false;
        // Error bodies are decoded as JSON; others stay available as the raw text.
        let json_only = |t: Option<(TypeRef, Encoding)>| {
            t.filter(|(_, e)| *e == Encoding::Json).map(|(t, _)| t)
        };
        let mut errors = Vec::new();
        for (code, resp, r_ptr) in codes {
            if (200..300).contains(&code) {
                // The first success status decides the return type; others are accepted too.
                if !have_success {
                    have_success = true;
                    success = self.response_type(resp, &format!("{hint}Response"), &r_ptr);
                }
            } else if code >= 400 {
                let ty = json_only(self.response_type(resp, &format!("{hint}Error{code}"), &r_ptr));
                errors.push(ErrorResponse {
                    status: Some(code),
                    ty,
                });
            }
        }
        if let Some(resp) = &responses.default {
            let r_ptr = format!("{ptr}/default");
            if have_success {
                let ty =
                    json_only(self.response_type(resp, &format!("{hint}ErrorDefault"), &r_ptr));
                errors.push(ErrorResponse { status: None, ty });
            } else {
                success = self.response_type(resp, &format!("{hint}Response"), &r_ptr);
            }
        }
        let success = success.map(|(ty, encoding)| Success { ty, encoding });
        (success, Errors::new(errors))
    }

    fn response_type(
        &mut self,
        resp: &'a ReferenceOr<Response>,
        hint: &str,
        ptr: &str,
    ) -> Option<(TypeRef, Encoding)> {
        let (resp, ptr, shared) = match resp {
            ReferenceOr::Item(r) => (r, ptr.to_owned(), self.shared_name(ptr, "Response")),
            ReferenceOr::Reference { reference } => {
                let name = reference.strip_prefix("#/components/responses/")?;
                let found = self.doc.components.as_ref()?.responses.get(&unescape(name));
                match found {
                    Some(ReferenceOr::Item(r)) => (
                        r,
                        format!("/components/responses/{name}"),
                        Some(SharedName::component(&unescape(name), "Response")),
                    ),
                    // Loading warned where the reference is written.
                    None => return None,
                    Some(ReferenceOr::Reference { .. }) => {
                        self.warn(&format!("{ptr}/$ref"), format!("`$ref: {reference}` is a reference to another reference; the response is left out (refer to the response itself)"));
                        return None;
                    }
                }
            }
        };
        let (media, m_ptr, encoding) =
            self.body_media(&resp.content, &format!("{ptr}/content"), false)?;
        match (&encoding, &media.schema) {
            (Encoding::Text(_), _) => Some((TypeRef::String, encoding)),
            (Encoding::Binary(_), _) => Some((TypeRef::Bytes, encoding)),
            // Events without a declared schema carry text.
            (Encoding::EventStream, None) => Some((TypeRef::String, encoding)),
            (_, Some(s)) => {
                let naming = match &shared {
                    Some(shared) => Naming::Shared(shared),
                    None => Naming::Hint(hint),
                };
                self.use_schema_named(SchemaRef::from(s), naming, &format!("{m_ptr}/schema"))
                    .map(|r| (r.ty, encoding))
            }
            (_, None) => Some((TypeRef::Json, encoding)),
        }
    }
}

fn is_json(media: &str) -> bool {
    let essence = media.split(';').next().unwrap_or("").trim();
    essence == "application/json" || essence.ends_with("+json") || essence == "*/*"
}

/// The style a parameter declares (or its location's default) and whether it explodes
/// (by default only `form` does).
fn param_style(p: &Parameter) -> (ParamStyle, bool) {
    use openapiv3::{HeaderStyle, PathStyle, QueryStyle};
    let (style, data) = match p {
        Parameter::Query {
            style,
            parameter_data,
            ..
        } => (
            match style {
                QueryStyle::Form => ParamStyle::Form,
                QueryStyle::SpaceDelimited => ParamStyle::SpaceDelimited,
                QueryStyle::PipeDelimited => ParamStyle::PipeDelimited,
                QueryStyle::DeepObject => ParamStyle::DeepObject,
            },
            parameter_data,
        ),
        Parameter::Path {
            style,
            parameter_data,
        } => (
            match style {
                PathStyle::Simple => ParamStyle::Simple,
                PathStyle::Label => ParamStyle::Label,
                PathStyle::Matrix => ParamStyle::Matrix,
            },
            parameter_data,
        ),
        Parameter::Header {
            style: HeaderStyle::Simple,
            parameter_data,
        } => (ParamStyle::Simple, parameter_data),
        Parameter::Cookie { parameter_data, .. } => (ParamStyle::Form, parameter_data),
    };
    (style, data.explode.unwrap_or(style == ParamStyle::Form))
}

/// Turns each styled parameter whose value `ParamValue` already writes as its style says
/// into a plain one (run once every type is known, after [`super::mark_param_unions`]).
pub(super) fn settle_param_encodings(types: &[TypeDef], operations: &mut [Operation]) {
    let by_name: HashMap<&str, &TypeKind> =
        types.iter().map(|t| (t.name.as_str(), &t.kind)).collect();
    for p in operations.iter_mut().flat_map(|o| o.params.iter_mut()) {
        if let ParamEncoding::Styled { style, explode } = p.encoding {
            if is_plain_param(&by_name, &p.ty, p.location, style, explode) {
                p.encoding = ParamEncoding::Plain;
            }
        }
    }
}

/// Whether `ParamValue` writes a parameter of this type the way its style says.
fn is_plain_param(
    types: &HashMap<&str, &TypeKind>,
    ty: &TypeRef,
    location: ParamLocation,
    style: ParamStyle,
    explode: bool,
) -> bool {
    if style == ParamStyle::Json {
        return false;
    }
    match ty {
        // Any JSON value as its text.
        TypeRef::Json => true,
        TypeRef::JsonObject => location == ParamLocation::Query && style == ParamStyle::DeepObject,
        TypeRef::Map(t) => {
            let values = match t.as_ref() {
                TypeRef::Vec(item) => item,
                other => other,
            };
            location == ParamLocation::Query
                && style == ParamStyle::DeepObject
                && is_text_value(types, values, 0)
        }
        TypeRef::Vec(t) => {
            is_text_value(types, t, 0)
                && match location {
                    ParamLocation::Query => style == ParamStyle::Form && explode,
                    ParamLocation::Header => style == ParamStyle::Simple,
                    // The plain form would percent-encode the commas as part of the value.
                    ParamLocation::Path => false,
                }
        }
        t => is_text_value(types, t, 0) && !matches!(style, ParamStyle::Label | ParamStyle::Matrix),
    }
}

/// Whether a type is one value with a text form (`ParamValue`): scalars, string enums,
/// checked newtypes, unions of plain values, and aliases of them.
fn is_text_value(types: &HashMap<&str, &TypeKind>, ty: &TypeRef, depth: usize) -> bool {
    match ty {
        TypeRef::Named(name) => match types.get(name.as_str()) {
            Some(TypeKind::Enum(_) | TypeKind::Constrained(_)) => true,
            Some(TypeKind::Untagged(u)) => u.as_param,
            Some(TypeKind::Alias(t)) if depth < 16 => is_text_value(types, t, depth + 1),
            _ => false,
        },
        other => is_scalar_param(other),
    }
}

fn is_scalar_param(ty: &TypeRef) -> bool {
    matches!(
        ty,
        TypeRef::String
            | TypeRef::Bool
            | TypeRef::I32
            | TypeRef::I64
            | TypeRef::U8
            | TypeRef::U16
            | TypeRef::U32
            | TypeRef::U64
            | TypeRef::F32
            | TypeRef::F64
            | TypeRef::Uuid
            | TypeRef::DateTime
            | TypeRef::Date
    )
}

fn methods(item: &PathItem) -> impl Iterator<Item = (Method, &openapiv3::Operation)> {
    [
        (Method::Get, &item.get),
        (Method::Put, &item.put),
        (Method::Post, &item.post),
        (Method::Delete, &item.delete),
        (Method::Patch, &item.patch),
        (Method::Head, &item.head),
        (Method::Options, &item.options),
        (Method::Trace, &item.trace),
    ]
    .into_iter()
    .filter_map(|(m, op)| op.as_ref().map(|op| (m, op)))
}

/// `bulkSyncExecutionsList` in group `bulk_sync/executions` becomes `list`: the group
/// already says what the method is about.
fn method_name(id: &str, group: &[String]) -> String {
    let snake = field_name(id);
    let prefix = format!("{}_", group.join("_"));
    match snake.strip_prefix(&prefix) {
        Some(rest) if !group.is_empty() && !rest.is_empty() => field_name(rest),
        _ => snake,
    }
}

fn op_doc(op: &openapiv3::Operation) -> Option<String> {
    match (&op.summary, &op.description) {
        (Some(s), Some(d)) => Some(format!("{s}\n\n{d}")),
        (Some(s), None) => Some(s.clone()),
        (None, Some(d)) => Some(d.clone()),
        (None, None) => None,
    }
}

/// The header the runtime sends from request options (`Request::idempotency_key`).
const IDEMPOTENCY_KEY_HEADER: &str = "idempotency-key";

/// Marks the header parameters the runtime sends itself, the API version header (a client
/// setting) and `Idempotency-Key` (a request option), as [`ParamRole::Runtime`]: they are
/// neither arguments nor setters.
pub fn settle_param_roles(operations: &mut [Operation], version_header: Option<&str>) {
    for p in operations.iter_mut().flat_map(|op| op.params.iter_mut()) {
        let runtime_header = p.wire.eq_ignore_ascii_case(IDEMPOTENCY_KEY_HEADER)
            || version_header.is_some_and(|h| p.wire.eq_ignore_ascii_case(h));
        if p.location == ParamLocation::Header && runtime_header {
            p.role = ParamRole::Runtime;
        }
    }
}

#[cfg(test)]
mod role_tests {
    use super::*;

    fn param(wire: &str, location: ParamLocation, required: bool) -> Param {
        Param {
            name: field_name(wire),
            setter: field_name(wire),
            wire: wire.to_owned(),
            location,
            required,
            ty: TypeRef::String,
            doc: None,
            encoding: ParamEncoding::Plain,
            role: if required {
                ParamRole::Argument
            } else {
                ParamRole::Setter
            },
            origin: String::new(),
        }
    }

    #[test]
    fn the_runtime_owns_the_version_header_and_the_idempotency_key() {
        let mut op = Operation::stub("create", &[]);
        op.params = vec![
            param("X-Api-Version", ParamLocation::Header, true),
            param("Idempotency-Key", ParamLocation::Header, false),
            param("X-Trace", ParamLocation::Header, false),
            param("id", ParamLocation::Path, true),
            // Only headers: a query parameter of the same name is the operation's.
            param("x-api-version", ParamLocation::Query, false),
        ];
        let mut ops = [op];
        settle_param_roles(&mut ops, Some("x-api-version"));
        let roles: Vec<ParamRole> = ops[0].params.iter().map(|p| p.role).collect();
        assert_eq!(
            roles,
            [
                ParamRole::Runtime,
                ParamRole::Runtime,
                ParamRole::Setter,
                ParamRole::Argument,
                ParamRole::Setter
            ]
        );
    }
}

//! Stage 2: resolve the loaded inputs into the [`Api`] model.
//!
//! Every `$ref` is followed here, every inline schema that needs a Rust type gets a
//! stable name derived from where it sits, and every problem is collected as a
//! diagnostic (so one run reports them all).

mod client_names;
pub mod connectors;
pub mod filter;
mod operations;
mod pagination;
mod recursion;
mod security;
mod unions;
mod waiters;
mod webhooks;

use crate::error::{Diagnostics, Error, Severity};
use crate::ir::*;
use crate::load::openapi::LoadedSpec;
use crate::load::pointer::{escape, unescape};
use crate::load::source::SourceFile;
use crate::load::Inputs;
use crate::names::{catch_all, field_name, type_name, variant_name, Namespace};
use indexmap::IndexMap;
use openapiv3::{
    AdditionalProperties, OpenAPI, ReferenceOr, Schema, SchemaKind, StringFormat, Type,
    VariantOrUnknownOrEmpty,
};
use std::collections::{BTreeMap, HashMap, HashSet};

/// What resolution keeps and how strict it is.
#[derive(Debug, Clone, Default)]
pub struct Options {
    /// Operation tags to keep (`None`: all); see [`filter::retain_tags`].
    pub tags: Option<Vec<String>>,
    /// Whether warnings (input generated in a degraded way) are errors.
    pub deny_warnings: bool,
}

/// What [`resolve`] makes: the model the emitters render, and the report of how it was
/// made, which nothing emitted depends on.
#[derive(Debug)]
pub struct Resolution {
    pub api: Api,
    pub report: ResolutionReport,
}

/// What resolution found besides the model.
#[derive(Debug, Clone, Default)]
pub struct ResolutionReport {
    /// What was generated in a degraded way, with where and how.
    pub warnings: Vec<crate::error::Diagnostic>,
    /// The files other than the spec itself that it reaches through `$ref`s.
    pub referenced_files: Vec<std::path::PathBuf>,
    /// Uses of an inline schema that took the type of the node they refer to rather than
    /// a copy of their own: a shared response, request body or parameter reached from
    /// several operations, a file referred to from several places, a component's
    /// property merged into several structs. Each node written once is one type.
    pub shared_uses: usize,
}

/// Resolves everything loaded into the complete model the emitters render: types,
/// operations, pagination and waiters from the document, then the connector tables
/// (checked against the whole document, before tag filtering), then the tag filter.
/// With [`Options::deny_warnings`], the warnings are returned as errors instead.
pub fn resolve(inputs: &Inputs, options: &Options) -> Result<Resolution, Error> {
    let Resolution { mut api, report } = resolve_spec(&inputs.spec)?;
    api.connectors = connectors::resolve(&inputs.tables, inputs.bindings.as_ref(), &api)?;
    if let Some(tags) = &options.tags {
        filter::retain_tags(&mut api, tags)?;
    }
    if options.deny_warnings && !report.warnings.is_empty() {
        let denied = report
            .warnings
            .iter()
            .cloned()
            .map(|mut d| {
                d.severity = Severity::Error;
                d
            })
            .collect();
        return Err(Error::Input(denied));
    }
    Ok(Resolution { api, report })
}

/// The document's part of the model (no connectors, no filtering).
fn resolve_spec(spec: &LoadedSpec) -> Result<Resolution, Error> {
    let mut hook_warnings = Vec::new();
    let hook_items = webhooks::items(&spec.doc, &spec.source, &mut hook_warnings);
    let mut r = Resolver::new(&spec.doc, &spec.source);
    r.components();
    let mut operations = r.operations();
    let mut hooks = r.webhooks(&hook_items);
    let groups = client_names::name(&mut operations);
    if let Some(v) = spec.doc.extensions.get("x-pagination") {
        r.pagination.root = Some(("/x-pagination".to_owned(), v.clone()));
    }
    let Resolver {
        types,
        diags,
        strip_fields,
        pagination: declared,
        version_headers,
        component_names,
        mut names,
        shared_uses,
        ..
    } = r;
    let warnings = diags.finish()?;
    let env_prefix = env_prefix(&spec.doc.info.title);
    let mut security_diags = Diagnostics::new();
    let security = security::schemes(&spec.doc, &spec.source, &env_prefix, &mut security_diags);
    let mut types: Vec<TypeDef> = types.into_values().collect();
    for t in &mut types {
        if let (Some(wire), TypeKind::Struct(s)) = (strip_fields.get(&t.name), &mut t.kind) {
            s.fields.retain(|f| &f.wire != wire);
        }
    }
    let mut diags = Diagnostics::new();
    let (selector_errors, covered) = unions::apply_selectors(
        &mut types,
        &component_names,
        &mut names,
        spec.doc.extensions.get(unions::SELECTORS),
        &spec.source,
    );
    diags.extend(selector_errors);
    diags.finish()?;
    unions::keep_unknown_fields(&mut types, &operations);
    let union_warnings = unions::analyze(&mut types, &covered, &spec.source);
    recursion::box_recursive_fields(&mut types);
    mark_param_unions(&mut types);
    webhooks::find_tag(&types, &mut hooks);
    operations::settle_param_encodings(&types, &mut operations);
    let cycles = recursion::alias_cycles(&types);
    let mut diags = Diagnostics::new();
    for t in cycles {
        diags.error(spec.source.error(
            &t.origin,
            format!("`{}` is defined only as a reference to itself (a `$ref` cycle with no object in between)", t.name),
        ));
    }
    diags.finish()?;
    // The version header the most operations use; its default is the version to send.
    let version_header =
        version_headers
            .into_values()
            .fold(
                None::<(String, Option<String>, usize)>,
                |best, h| match best {
                    Some(b) if b.2 >= h.2 => Some(b),
                    _ => Some(h),
                },
            );
    operations::settle_param_roles(
        &mut operations,
        version_header.as_ref().map(|h| h.0.as_str()),
    );
    let mut api = Api {
        title: spec.doc.info.title.clone(),
        version: spec.doc.info.version.clone(),
        api_version: version_header
            .as_ref()
            .and_then(|h| h.1.clone())
            .unwrap_or_else(|| spec.doc.info.version.clone()),
        version_header: version_header.map(|h| h.0),
        env_prefix,
        base_url: spec.doc.servers.first().and_then(server_url),
        types,
        operations,
        groups,
        security,
        security_requirement: Requirement::Unspecified,
        connectors: Connectors::default(),
        waiters: Vec::new(),
        webhooks: hooks,
    };
    let mut report = ResolutionReport {
        warnings: spec
            .warnings
            .iter()
            .cloned()
            .chain(hook_warnings)
            .chain(warnings)
            .chain(union_warnings)
            .collect(),
        referenced_files: spec.files.clone(),
        shared_uses,
    };
    security::requirements(&mut api, &spec.doc, &spec.source, &mut security_diags);
    report.warnings.extend(security_diags.finish()?);
    let mut diags = Diagnostics::new();
    diags.extend(pagination::detect(&mut api, &declared, &spec.source));
    let declared_waiters = spec
        .doc
        .extensions
        .get("x-waiters")
        .map(|v| ("/x-waiters".to_owned(), v.clone()));
    let (waiters, waiter_diags) = waiters::resolve(&api, declared_waiters.as_ref(), &spec.source);
    diags.extend(waiter_diags);
    report.warnings.extend(diags.finish()?);
    api.waiters = waiters;
    Ok(Resolution { api, report })
}

/// Sets [`UntaggedUnion::as_param`] on every union of plain values.
fn mark_param_unions(types: &mut [TypeDef]) {
    fn plain(by_name: &HashMap<&str, &TypeKind>, ty: &TypeRef, depth: usize) -> bool {
        match ty {
            TypeRef::Named(n) if depth < 32 => match by_name.get(n.as_str()) {
                Some(TypeKind::Enum(_) | TypeKind::Constrained(_)) => true,
                Some(TypeKind::Alias(t)) => plain(by_name, t, depth + 1),
                Some(TypeKind::Untagged(u)) => u
                    .variants
                    .iter()
                    .all(|v| !v.boxed && plain(by_name, &v.ty, depth + 1)),
                _ => false,
            },
            TypeRef::Named(_)
            | TypeRef::Json
            | TypeRef::JsonObject
            | TypeRef::Bytes
            | TypeRef::File
            | TypeRef::Vec(_)
            | TypeRef::Map(_) => false,
            _ => true,
        }
    }
    let marked: HashSet<String> = {
        let by_name: HashMap<&str, &TypeKind> =
            types.iter().map(|t| (t.name.as_str(), &t.kind)).collect();
        types
            .iter()
            .filter(|t| matches!(t.kind, TypeKind::Untagged(_)))
            .filter(|t| plain(&by_name, &TypeRef::Named(t.name.clone()), 0))
            .map(|t| t.name.clone())
            .collect()
    };
    for t in types {
        if let TypeKind::Untagged(u) = &mut t.kind {
            u.as_param = marked.contains(&t.name);
        }
    }
}

/// A schema reached either through a `$ref` or inline.
#[derive(Clone, Copy)]
enum SchemaRef<'a> {
    Ref(&'a str),
    Item(&'a Schema),
}

impl<'a> From<&'a ReferenceOr<Schema>> for SchemaRef<'a> {
    fn from(r: &'a ReferenceOr<Schema>) -> Self {
        match r {
            ReferenceOr::Reference { reference } => SchemaRef::Ref(reference),
            ReferenceOr::Item(s) => SchemaRef::Item(s),
        }
    }
}

impl<'a> From<&'a ReferenceOr<Box<Schema>>> for SchemaRef<'a> {
    fn from(r: &'a ReferenceOr<Box<Schema>>) -> Self {
        match r {
            ReferenceOr::Reference { reference } => SchemaRef::Ref(reference),
            ReferenceOr::Item(s) => SchemaRef::Item(s),
        }
    }
}

/// A resolved schema use: the type plus whether `null` is allowed.
struct Resolved {
    ty: TypeRef,
    nullable: bool,
}

/// Where a type's name comes from: fixed (a component), derived from its position, or
/// from the shared node it is written in.
pub(super) enum Naming<'n> {
    Fixed(&'n str),
    Hint(&'n str),
    Shared(&'n SharedName),
}

/// The names for a type of a schema written once and used by reference from several
/// places (a response, request body or parameter among the components, or in a file of
/// its own), whatever operation reaches it first.
pub(super) struct SharedName {
    /// The component's name (`Unauthorized`), or the file's (`unauthorized.yml`).
    name: String,
    /// Added when that is another type's name already: `Response`, `Body`, `Param`.
    suffix: &'static str,
}

impl SharedName {
    /// A component of the root, by the name it has there.
    pub(super) fn component(name: &str, suffix: &'static str) -> Self {
        SharedName {
            name: name.to_owned(),
            suffix,
        }
    }

    /// The name with `suffix` added (a multipart body's form).
    pub(super) fn with_suffix(&self, suffix: &'static str) -> Self {
        SharedName {
            name: format!("{}_{suffix}", self.name),
            suffix,
        }
    }
}

/// Where a node was written: its file and the pointer in it. Each gets at most one type,
/// however many places refer to it.
type SourceNode = (std::path::PathBuf, String);

struct Resolver<'a> {
    doc: &'a OpenAPI,
    src: &'a SourceFile,
    names: Namespace,
    /// Component schema name → Rust type name.
    component_names: HashMap<String, String>,
    /// Every defined type, keyed by Rust name (so emission order is sorted).
    types: BTreeMap<String, TypeDef>,
    /// Errors, and what was generated in a degraded way.
    diags: Diagnostics,
    /// Struct → discriminator property owned by the tagged union that contains it.
    strip_fields: HashMap<String, String>,
    /// `x-pagination` extensions, checked once the types exist.
    pagination: pagination::Declared,
    /// Header parameters that look like the API version header, by lower-case name:
    /// (wire name, the value their schema defaults to, how many operations use them).
    version_headers: BTreeMap<String, (String, Option<String>, usize)>,
    /// Each schema node resolved so far: its type, and whether resolving it defined one.
    by_source: HashMap<SourceNode, (TypeRef, bool)>,
    /// Uses of a schema node that took the type already defined for it rather than a
    /// copy (see [`ResolutionReport::shared_uses`]).
    shared_uses: usize,
}

const SCHEMA_PREFIX: &str = "#/components/schemas/";

impl<'a> Resolver<'a> {
    fn new(doc: &'a OpenAPI, src: &'a SourceFile) -> Self {
        Resolver {
            doc,
            src,
            names: Namespace::new(),
            component_names: HashMap::new(),
            types: BTreeMap::new(),
            diags: Diagnostics::new(),
            strip_fields: HashMap::new(),
            pagination: pagination::Declared::default(),
            version_headers: BTreeMap::new(),
            by_source: HashMap::new(),
            shared_uses: 0,
        }
    }

    fn schemas(&self) -> Option<&'a IndexMap<String, ReferenceOr<Schema>>> {
        self.doc.components.as_ref().map(|c| &c.schemas)
    }

    /// Something generated in a degraded way; the message says how.
    pub(super) fn warn(&mut self, pointer: &str, message: impl Into<String>) {
        self.diags.warn(self.src.error(pointer, message));
    }

    /// Names every component first (so inline types never take a component's name),
    /// then defines them.
    fn components(&mut self) {
        let Some(schemas) = self.schemas() else {
            return;
        };
        for (name, schema) in schemas {
            let rust = self.names.claim(type_name(name));
            // A use of the same node elsewhere (inline where a copy of its file was
            // inlined) is this type, not a copy.
            if let ReferenceOr::Item(_) = schema {
                let node = self.source_node(&format!("/components/schemas/{}", escape(name)));
                self.by_source
                    .insert(node, (TypeRef::Named(rust.clone()), true));
            }
            self.component_names.insert(name.clone(), rust);
        }
        for (name, schema) in schemas {
            let pointer = format!("/components/schemas/{}", escape(name));
            let rust = self.component_names.get(name).cloned().unwrap_or_default();
            match schema {
                ReferenceOr::Reference { reference } => {
                    if let Some(target) = self.reference(reference, &pointer) {
                        self.insert(rust, &pointer, None, TypeKind::Alias(target.ty));
                    }
                }
                ReferenceOr::Item(s) => {
                    self.define(Naming::Fixed(&rust), s, &pointer);
                }
            }
        }
    }

    pub(super) fn insert(
        &mut self,
        name: String,
        origin: &str,
        doc: Option<String>,
        kind: TypeKind,
    ) {
        self.types.insert(
            name.clone(),
            TypeDef {
                name,
                origin: origin.to_owned(),
                doc,
                kind,
            },
        );
    }

    /// The component a `$ref` names, with an error when it does not exist.
    fn reference(&mut self, reference: &str, pointer: &str) -> Option<Resolved> {
        let Some(name) = reference.strip_prefix(SCHEMA_PREFIX) else {
            let message = if reference.starts_with('#') {
                format!("`$ref: {reference}` must point into #/components/schemas/")
            } else {
                format!("external `$ref: {reference}` is not supported; only local references (#/components/...) are")
            };
            self.warn(
                pointer,
                format!("{message}; generated as `serde_json::Value`"),
            );
            return Some(Resolved {
                ty: TypeRef::Json,
                nullable: false,
            });
        };
        let name = unescape(name);
        match self.component_names.get(&name) {
            Some(rust) => Some(Resolved {
                ty: TypeRef::Named(rust.clone()),
                nullable: self.component_nullable(&name, 0),
            }),
            None => {
                // Loading warned where the reference is written (with the closest name).
                Some(Resolved {
                    ty: TypeRef::Json,
                    nullable: false,
                })
            }
        }
    }

    /// Whether a component schema is nullable, following alias chains (bounded, so a
    /// `$ref` cycle cannot loop).
    fn component_nullable(&self, name: &str, depth: usize) -> bool {
        let Some(schema) = self.schemas().and_then(|s| s.get(name)) else {
            return false;
        };
        match schema {
            ReferenceOr::Item(s) => s.schema_data.nullable,
            ReferenceOr::Reference { reference } if depth < 32 => reference
                .strip_prefix(SCHEMA_PREFIX)
                .is_some_and(|n| self.component_nullable(n, depth + 1)),
            ReferenceOr::Reference { .. } => false,
        }
    }

    /// Resolves a schema use: a `$ref`, or an inline schema named after `hint`.
    fn use_schema(&mut self, schema: SchemaRef<'a>, hint: &str, pointer: &str) -> Option<Resolved> {
        self.use_schema_named(schema, Naming::Hint(hint), pointer)
    }

    /// [`Self::use_schema`] with an inline schema named as `naming` says.
    pub(super) fn use_schema_named(
        &mut self,
        schema: SchemaRef<'a>,
        naming: Naming<'_>,
        pointer: &str,
    ) -> Option<Resolved> {
        match schema {
            SchemaRef::Ref(r) => self.reference(r, &format!("{pointer}/$ref")),
            SchemaRef::Item(s) => Some(Resolved {
                ty: self.define(naming, s, pointer),
                nullable: s.schema_data.nullable,
            }),
        }
    }

    /// Where the node at `pointer` of the (bundled) document was written.
    pub(super) fn source_node(&self, pointer: &str) -> SourceNode {
        let (file, inner) = self.src.origin(pointer);
        (file.path.clone(), inner)
    }

    /// When the node at `pointer` (a response, request body or parameter) is a copy of
    /// a shared one (the bundler inlined a `$ref` to another file, or to a 2.0
    /// `responses`/`parameters` entry), the names for a type of its schema; `None` for a
    /// node written where it is used (its type is named after the operation).
    pub(super) fn shared_name(&self, pointer: &str, suffix: &'static str) -> Option<SharedName> {
        let (file, from) = self.src.copied_from(pointer)?;
        let name = if std::ptr::eq(file, self.src) {
            // Only a shared entry of the root names a type; a place inside an operation
            // (a `$ref` to another operation's response, a node the upgrade moved) does not.
            let segments: Vec<&str> = from.split('/').skip(1).collect();
            match segments.as_slice() {
                ["components", "responses" | "requestBodies" | "parameters" | "headers", name]
                | ["responses" | "parameters", name] => unescape(name),
                _ => return None,
            }
        } else {
            // Named as the bundler names a schema of another file: the last meaningful
            // part of the pointer, else the file's name (`responses/unauthorized.yml`).
            let root_dir = self.src.path.parent().unwrap_or(std::path::Path::new(""));
            crate::load::bundle::place_names(root_dir, Some(&file.path), &from)
                .into_iter()
                .next()?
        };
        Some(SharedName { name, suffix })
    }

    /// The name for a shared node's type: its own when no other type has it, else with
    /// the suffix (numbered if that is taken too).
    pub(super) fn claim_shared(&mut self, shared: &SharedName) -> String {
        let base = type_name(&shared.name);
        if !self.names.contains(&base) {
            return self.names.claim(base);
        }
        let name = if base.ends_with(shared.suffix) {
            base
        } else {
            format!("{base}{}", shared.suffix)
        };
        self.names.claim(name)
    }

    /// Turns a schema into a type reference, defining a named type when it needs one.
    /// A node resolved before (the same shared response reached from another operation,
    /// a component's property merged into another struct) gets the type it got then:
    /// one type per node written in the spec, however often it is used.
    fn define(&mut self, naming: Naming<'_>, schema: &'a Schema, pointer: &str) -> TypeRef {
        let node = self.source_node(pointer);
        if !matches!(naming, Naming::Fixed(_)) {
            if let Some((ty, defined)) = self.by_source.get(&node) {
                if *defined {
                    self.shared_uses += 1;
                }
                return ty.clone();
            }
        }
        let before = self.types.len();
        let ty = self.define_new(naming, schema, pointer);
        let defined = self.types.len() > before;
        self.by_source.insert(node, (ty.clone(), defined));
        ty
    }

    fn define_new(&mut self, naming: Naming<'_>, schema: &'a Schema, pointer: &str) -> TypeRef {
        let doc = doc_of(schema);
        let name = |r: &mut Self| match naming {
            Naming::Fixed(n) => n.to_owned(),
            Naming::Hint(h) => r.names.claim(type_name(h)),
            Naming::Shared(s) => r.claim_shared(s),
        };
        let kind = match &schema.schema_kind {
            SchemaKind::OneOf { one_of: members } | SchemaKind::AnyOf { any_of: members } => {
                let name = name(self);
                let kind = self.union(&name, schema, members, pointer);
                self.insert(name.clone(), pointer, doc, kind);
                return TypeRef::Named(name);
            }
            SchemaKind::AllOf { all_of } => {
                // Members that only annotate (a description, `nullable`) add no shape.
                // Beside a `$ref`, a bare scalar member (`{type: string, description: ..}`)
                // only documents it: `allOf: [{$ref: Id}, {type: string, description}]` is
                // the common way to describe a referenced scalar.
                let has_ref = all_of
                    .iter()
                    .any(|m| matches!(m, ReferenceOr::Reference { .. }));
                let shaping: Vec<(usize, &'a ReferenceOr<Schema>)> = all_of
                    .iter()
                    .enumerate()
                    .filter(|(_, m)| !(is_annotation(m) || (has_ref && is_bare_scalar(m))))
                    .collect();
                // `allOf: [$ref]` is an idiom for "that type, with a description"; one
                // shaping member of any kind (an enum, a string) is that member.
                if let [(i, only)] = shaping.as_slice() {
                    let is_ref = matches!(SchemaRef::from(*only), SchemaRef::Ref(_));
                    let is_object = matches!(
                        only,
                        ReferenceOr::Item(Schema {
                            schema_kind: SchemaKind::Type(Type::Object(_)) | SchemaKind::Any(_),
                            ..
                        })
                    );
                    if is_ref || !is_object {
                        let hint = naming_hint(&naming).to_owned();
                        let ty = self
                            .use_schema((*only).into(), &hint, &format!("{pointer}/allOf/{i}"))
                            .map(|r| r.ty)
                            .unwrap_or(TypeRef::Json);
                        return self.maybe_alias(naming, ty, pointer, doc);
                    }
                }
                let name = name(self);
                let mut merged = ObjectParts::default();
                for (i, member) in all_of.iter().enumerate() {
                    self.collect_object(
                        member.into(),
                        &format!("{pointer}/allOf/{i}"),
                        &mut merged,
                        0,
                    );
                }
                let doc = doc.or(merged.doc.take());
                let kind = TypeKind::Struct(self.build_struct(&name, merged));
                self.insert(name.clone(), pointer, doc, kind);
                return TypeRef::Named(name);
            }
            SchemaKind::Type(Type::String(s)) => {
                let mut values: Vec<&str> = Vec::new();
                for (i, v) in s.enumeration.iter().enumerate() {
                    let Some(v) = v else { continue };
                    if values.contains(&v.as_str()) {
                        // Two variants for one wire value would be a match arm no value reaches.
                        self.warn(
                            &format!("{pointer}/enum/{i}"),
                            format!("the value `{v}` is listed twice; generated once"),
                        );
                    } else {
                        values.push(v);
                    }
                }
                if values.is_empty() {
                    let ty = match &s.format {
                        VariantOrUnknownOrEmpty::Item(StringFormat::DateTime) => TypeRef::DateTime,
                        VariantOrUnknownOrEmpty::Item(StringFormat::Date) => TypeRef::Date,
                        VariantOrUnknownOrEmpty::Unknown(f) if f == "uuid" => TypeRef::Uuid,
                        _ => TypeRef::String,
                    };
                    let mut checks = Vec::new();
                    let mut doc = doc;
                    if ty == TypeRef::String {
                        checks.extend(s.min_length.map(|n| Check::MinLength(n as u64)));
                        checks.extend(s.max_length.map(|n| Check::MaxLength(n as u64)));
                        match s.pattern.as_deref().map(pattern_check) {
                            Some(Ok(check)) => checks.push(check),
                            Some(Err(note)) => {
                                doc = Some(doc.map_or(note.clone(), |d| format!("{d}\n\n{note}")))
                            }
                            None => {}
                        }
                    }
                    return self.constrained(naming, ty, checks, pointer, doc);
                }
                let mut ns = Namespace::new();
                let variants: Vec<EnumVariant> = values
                    .iter()
                    .map(|v| EnumVariant {
                        name: ns.claim(variant_name(v)),
                        wire: (*v).to_owned(),
                        doc: None,
                    })
                    .collect();
                let catch_all = catch_all("Unknown", variants.iter().map(|v| v.name.as_str()));
                TypeKind::Enum(StringEnum {
                    variants,
                    catch_all,
                })
            }
            SchemaKind::Type(Type::Integer(i)) => {
                let ty = match &i.format {
                    VariantOrUnknownOrEmpty::Item(openapiv3::IntegerFormat::Int32) => TypeRef::I32,
                    VariantOrUnknownOrEmpty::Unknown(f) => match f.as_str() {
                        "uint8" => TypeRef::U8,
                        "uint16" => TypeRef::U16,
                        "uint32" | "uint" => TypeRef::U32,
                        "uint64" => TypeRef::U64,
                        "int32" => TypeRef::I32,
                        _ => TypeRef::I64,
                    },
                    _ => TypeRef::I64,
                };
                let mut checks = Vec::new();
                let bound = |v: i64| Number::Int(v);
                checks.extend(i.minimum.map(|v| Check::Minimum {
                    value: bound(v),
                    exclusive: i.exclusive_minimum,
                }));
                checks.extend(i.maximum.map(|v| Check::Maximum {
                    value: bound(v),
                    exclusive: i.exclusive_maximum,
                }));
                return self.constrained(naming, ty, checks, pointer, doc);
            }
            SchemaKind::Type(Type::Number(n)) => {
                let ty = match &n.format {
                    VariantOrUnknownOrEmpty::Item(openapiv3::NumberFormat::Float) => TypeRef::F32,
                    _ => TypeRef::F64,
                };
                let mut checks = Vec::new();
                checks.extend(n.minimum.map(|v| Check::Minimum {
                    value: Number::Float(v),
                    exclusive: n.exclusive_minimum,
                }));
                checks.extend(n.maximum.map(|v| Check::Maximum {
                    value: Number::Float(v),
                    exclusive: n.exclusive_maximum,
                }));
                return self.constrained(naming, ty, checks, pointer, doc);
            }
            SchemaKind::Type(Type::Boolean(_)) => {
                return self.maybe_alias(naming, TypeRef::Bool, pointer, doc)
            }
            SchemaKind::Type(Type::Array(a)) => {
                let item_hint = format!("{}Item", naming_hint(&naming));
                let item = match &a.items {
                    Some(items) => self
                        .use_schema(items.into(), &item_hint, &format!("{pointer}/items"))
                        .map(|r| r.ty)
                        .unwrap_or(TypeRef::Json),
                    None => TypeRef::Json,
                };
                return self.maybe_alias(naming, TypeRef::Vec(Box::new(item)), pointer, doc);
            }
            SchemaKind::Type(Type::Object(o)) => {
                if o.properties.is_empty() {
                    let ty = self.map_type(o.additional_properties.as_ref(), &naming, pointer);
                    return self.maybe_alias(naming, ty, pointer, doc);
                }
                let name = name(self);
                let mut parts = ObjectParts::default();
                self.object_parts(
                    &o.properties,
                    &o.required,
                    o.additional_properties.as_ref(),
                    pointer,
                    &mut parts,
                );
                let kind = TypeKind::Struct(self.build_struct(&name, parts));
                self.insert(name.clone(), pointer, doc, kind);
                return TypeRef::Named(name);
            }
            SchemaKind::Any(any) => {
                // Members that only list `required` keys ("at least one of these
                // properties") constrain the object; they shape no value of their own.
                let mut shaping = |keyword: &str, list: &'a [ReferenceOr<Schema>]| {
                    if !list.is_empty() && list.iter().all(lists_required_only) {
                        self.warn(
                            &format!("{pointer}/{keyword}"),
                            format!("`{keyword}` members that only list `required` keys are a constraint this SDK does not check; those fields stay optional"),
                        );
                        &[]
                    } else {
                        list
                    }
                };
                let one_of = shaping("oneOf", &any.one_of);
                let any_of = shaping("anyOf", &any.any_of);
                // Checked before `properties`: a struct that silently dropped the union
                // would be wrong code.
                let members = if one_of.is_empty() { any_of } else { one_of };
                // `type: object` (or nothing else that shapes values) beside a union is
                // the union itself: a common way to say its members are objects.
                let bare = any.properties.is_empty()
                    && any.all_of.is_empty()
                    && any.not.is_none()
                    && any.items.is_none()
                    && matches!(any.typ.as_deref(), None | Some("object"));
                if !members.is_empty() && (one_of.is_empty() || any_of.is_empty()) && bare {
                    let name = name(self);
                    let kind = self.union(&name, schema, members, pointer);
                    self.insert(name.clone(), pointer, doc, kind);
                    return TypeRef::Named(name);
                }
                // Shared properties beside a union: a struct of the shared fields with the
                // union flattened in, so both sets of keys sit side by side on the wire.
                if !members.is_empty()
                    && (one_of.is_empty() || any_of.is_empty())
                    && any.not.is_none()
                    && any.items.is_none()
                {
                    let name = name(self);
                    let union_name = self.names.claim(format!("{name}Variant"));
                    let kind = self.union(&union_name, schema, members, pointer);
                    // The union's own node is its list of members; the struct's, the schema.
                    let keyword = if one_of.is_empty() { "anyOf" } else { "oneOf" };
                    self.insert(
                        union_name.clone(),
                        &format!("{pointer}/{keyword}"),
                        None,
                        kind,
                    );
                    let parts = self.any_parts(any, pointer);
                    let mut st = self.build_struct(&name, parts);
                    let mut ns = Namespace::new();
                    for f in &st.fields {
                        ns.claim(f.name.clone());
                    }
                    st.fields.push(Field {
                        name: ns.claim("variant".to_owned()),
                        wire: String::new(),
                        doc: Some("The keys of whichever shape this value has.".to_owned()),
                        ty: TypeRef::Named(union_name),
                        required: true,
                        nullable: false,
                        boxed: false,
                        read_only: false,
                        flatten: true,
                    });
                    self.insert(name.clone(), pointer, doc, TypeKind::Struct(st));
                    return TypeRef::Named(name);
                }
                if any.not.is_some() {
                    self.warn(
                        &format!("{pointer}/not"),
                        "`not` beside other keywords is a constraint this SDK does not check; ignored",
                    );
                }
                if !one_of.is_empty() || !any_of.is_empty() {
                    self.warn(pointer, "`oneOf`/`anyOf` mixed with other keywords is not supported; generated as `serde_json::Value` (move the shared keywords into each member)");
                    // A component still gets its name: `$ref`s to it name the type.
                    return self.maybe_alias(naming, TypeRef::Json, pointer, doc);
                }
                if any.properties.is_empty() && any.all_of.is_empty() {
                    let ty = if any.typ.as_deref() == Some("object") {
                        self.map_type(any.additional_properties.as_ref(), &naming, pointer)
                    } else {
                        TypeRef::Json
                    };
                    return self.maybe_alias(naming, ty, pointer, doc);
                }
                let name = name(self);
                let parts = self.any_parts(any, pointer);
                let kind = TypeKind::Struct(self.build_struct(&name, parts));
                self.insert(name.clone(), pointer, doc, kind);
                return TypeRef::Named(name);
            }
            SchemaKind::Not { .. } => {
                // "Anything but X": any JSON value, unchecked.
                self.warn(
                    pointer,
                    "a `not` schema is a constraint this SDK does not check; generated `serde_json::Value`",
                );
                return self.maybe_alias(naming, TypeRef::Json, pointer, doc);
            }
        };
        let name = name(self);
        self.insert(name.clone(), pointer, doc, kind);
        TypeRef::Named(name)
    }

    /// A component with constraints becomes a checked newtype; without them, or inline
    /// (where a newtype would only be noise), it is the plain type.
    fn constrained(
        &mut self,
        naming: Naming<'_>,
        base: TypeRef,
        checks: Vec<Check>,
        pointer: &str,
        doc: Option<String>,
    ) -> TypeRef {
        match naming {
            Naming::Fixed(name) if !checks.is_empty() => {
                let kind = TypeKind::Constrained(Constrained { base, checks });
                self.insert(name.to_owned(), pointer, doc, kind);
                TypeRef::Named(name.to_owned())
            }
            _ => self.maybe_alias(naming, base, pointer, doc),
        }
    }

    /// A component that is a plain type becomes an alias; inline ones are used directly.
    fn maybe_alias(
        &mut self,
        naming: Naming<'_>,
        ty: TypeRef,
        pointer: &str,
        doc: Option<String>,
    ) -> TypeRef {
        match naming {
            Naming::Fixed(name) => {
                self.insert(name.to_owned(), pointer, doc, TypeKind::Alias(ty));
                TypeRef::Named(name.to_owned())
            }
            Naming::Hint(_) | Naming::Shared(_) => ty,
        }
    }

    fn map_type(
        &mut self,
        additional: Option<&'a AdditionalProperties>,
        naming: &Naming<'_>,
        pointer: &str,
    ) -> TypeRef {
        match additional {
            Some(AdditionalProperties::Schema(s)) => {
                let hint = format!("{}Value", naming_hint(naming));
                let value = self
                    .use_schema(
                        (&**s).into(),
                        &hint,
                        &format!("{pointer}/additionalProperties"),
                    )
                    .map(|r| r.ty)
                    .unwrap_or(TypeRef::Json);
                TypeRef::Map(Box::new(value))
            }
            _ => TypeRef::JsonObject,
        }
    }

    fn object_parts(
        &mut self,
        properties: &'a IndexMap<String, ReferenceOr<Box<Schema>>>,
        required: &'a [String],
        additional: Option<&'a AdditionalProperties>,
        pointer: &str,
        out: &mut ObjectParts<'a>,
    ) {
        for (wire, schema) in properties {
            let ptr = format!("{pointer}/properties/{}", escape(wire));
            let req = required.contains(wire);
            if let Some(existing) = out.props.iter_mut().find(|p| p.wire == *wire) {
                // allOf members may restate a property; the later one refines it.
                existing.schema = schema.into();
                existing.required |= req;
                existing.pointer = ptr;
            } else {
                out.props.push(Prop {
                    wire: wire.clone(),
                    schema: schema.into(),
                    required: req,
                    pointer: ptr,
                });
            }
        }
        for r in required {
            if !properties.contains_key(r) {
                out.extra_required.insert(r.clone());
            }
        }
        if let Some(AdditionalProperties::Schema(s)) = additional {
            out.additional = Some(((&**s).into(), format!("{pointer}/additionalProperties")));
        }
    }

    /// Gathers the properties of an `allOf` member, following `$ref`s and nested `allOf`.
    pub(super) fn collect_object(
        &mut self,
        schema: SchemaRef<'a>,
        pointer: &str,
        out: &mut ObjectParts<'a>,
        depth: usize,
    ) {
        if depth > 32 {
            self.warn(
                pointer,
                "`allOf` nesting is cyclic or deeper than 32 levels; the deeper members add no fields",
            );
            return;
        }
        let (schema, pointer) = match schema {
            SchemaRef::Item(s) => (s, pointer.to_owned()),
            SchemaRef::Ref(r) => {
                let Some(name) = r.strip_prefix(SCHEMA_PREFIX) else {
                    self.reference(r, &format!("{pointer}/$ref"));
                    return;
                };
                if !out.seen.insert(name.to_owned()) {
                    return;
                }
                match self.schemas().and_then(|s| s.get(name)) {
                    Some(ReferenceOr::Item(s)) => {
                        (s, format!("/components/schemas/{}", escape(name)))
                    }
                    Some(ReferenceOr::Reference { reference }) => {
                        self.collect_object(SchemaRef::Ref(reference), pointer, out, depth + 1);
                        return;
                    }
                    None => {
                        self.reference(r, &format!("{pointer}/$ref"));
                        return;
                    }
                }
            }
        };
        if out.doc.is_none() {
            out.doc = doc_of(schema);
        }
        match &schema.schema_kind {
            SchemaKind::Type(Type::Object(o)) => self.object_parts(
                &o.properties,
                &o.required,
                o.additional_properties.as_ref(),
                &pointer,
                out,
            ),
            SchemaKind::AllOf { all_of } => {
                for (i, m) in all_of.iter().enumerate() {
                    self.collect_object(m.into(), &format!("{pointer}/allOf/{i}"), out, depth + 1);
                }
            }
            SchemaKind::Any(any) => {
                for (i, m) in any.all_of.iter().enumerate() {
                    self.collect_object(m.into(), &format!("{pointer}/allOf/{i}"), out, depth + 1);
                }
                self.object_parts(
                    &any.properties,
                    &any.required,
                    any.additional_properties.as_ref(),
                    &pointer,
                    out,
                )
            }
            SchemaKind::OneOf { one_of: members } | SchemaKind::AnyOf { any_of: members } => {
                // "One of these shapes as well": each member's properties may be there.
                let mut alternatives = ObjectParts::default();
                let keyword = match &schema.schema_kind {
                    SchemaKind::OneOf { .. } => "oneOf",
                    _ => "anyOf",
                };
                for (i, m) in members.iter().enumerate() {
                    let ptr = format!("{pointer}/{keyword}/{i}");
                    self.collect_object(m.into(), &ptr, &mut alternatives, depth + 1);
                }
                let merged = !alternatives.props.is_empty();
                for mut p in alternatives.props {
                    p.required = false;
                    if !out.props.iter().any(|q| q.wire == p.wire) {
                        out.props.push(p);
                    }
                }
                let what = if merged {
                    "its members' properties are generated as optional fields"
                } else {
                    "its members add no properties (only constraints), so it is not checked"
                };
                self.warn(
                    &pointer,
                    format!("an `allOf` member is `{keyword}`: {what}"),
                );
            }
            _ => self.warn(
                &pointer,
                "an `allOf` member is not an object schema: it adds no fields and is ignored",
            ),
        }
    }

    /// The fields of a schema with `properties` and/or `allOf` beside other keywords:
    /// the `allOf` members merged, then its own properties.
    fn any_parts(&mut self, any: &'a openapiv3::AnySchema, pointer: &str) -> ObjectParts<'a> {
        let mut parts = ObjectParts::default();
        for (i, member) in any.all_of.iter().enumerate() {
            self.collect_object(
                member.into(),
                &format!("{pointer}/allOf/{i}"),
                &mut parts,
                0,
            );
        }
        self.object_parts(
            &any.properties,
            &any.required,
            any.additional_properties.as_ref(),
            pointer,
            &mut parts,
        );
        parts
    }

    pub(super) fn build_struct(&mut self, name: &str, parts: ObjectParts<'a>) -> Struct {
        let mut ns = Namespace::new();
        let mut fields = Vec::new();
        for p in parts.props {
            let hint = format!("{name}{}", type_name(&p.wire));
            let Some(resolved) = self.use_schema(p.schema, &hint, &p.pointer) else {
                continue;
            };
            let (doc, read_only) = match p.schema {
                SchemaRef::Item(s) => (doc_of(s), s.schema_data.read_only),
                SchemaRef::Ref(_) => (None, false),
            };
            fields.push(Field {
                name: ns.claim(field_name(&p.wire)),
                required: p.required || parts.extra_required.contains(&p.wire),
                wire: p.wire,
                doc,
                ty: resolved.ty,
                nullable: resolved.nullable,
                boxed: false,
                read_only,
                flatten: false,
            });
        }
        let additional = parts.additional.and_then(|(schema, pointer)| {
            self.use_schema(schema, &format!("{name}Value"), &pointer)
                .map(|r| r.ty)
        });
        Struct {
            fields,
            additional,
            unknown: None,
        }
    }

    fn union(
        &mut self,
        name: &str,
        schema: &'a Schema,
        members: &'a [ReferenceOr<Schema>],
        pointer: &str,
    ) -> TypeKind {
        let keyword = match &schema.schema_kind {
            SchemaKind::OneOf { .. } => "oneOf",
            SchemaKind::Any(any) if !any.one_of.is_empty() => "oneOf",
            _ => "anyOf",
        };
        // Without a discriminator, members that each fix one property to a different single
        // value (`state: {enum: [attached]}` / `{enum: [detached]}`) are tagged by it:
        // tried in order, every member's open enum would accept every value.
        let implicit = match &schema.schema_data.discriminator {
            Some(_) => None,
            None => self.implicit_tag(members),
        };
        let explicit = schema.schema_data.discriminator.as_ref();
        let tag = explicit
            .map(|d| d.property_name.clone())
            .or_else(|| implicit.as_ref().map(|(p, _)| p.clone()));
        // Each member's type (and component name), in order; a member that cannot be
        // resolved is left out (resolution said why).
        let mut resolved: Vec<(usize, TypeRef, Option<String>)> = Vec::new();
        for (i, member) in members.iter().enumerate() {
            let ptr = format!("{pointer}/{keyword}/{i}");
            let Some(r) = self.use_schema(member.into(), &format!("{name}Variant{i}"), &ptr) else {
                continue;
            };
            let component = match member {
                ReferenceOr::Reference { reference } => {
                    reference.strip_prefix(SCHEMA_PREFIX).map(unescape)
                }
                ReferenceOr::Item(_) => None,
            };
            resolved.push((i, r.ty, component));
        }
        let not_object = resolved
            .iter()
            .find(|(_, ty, _)| !matches!(ty, TypeRef::Named(n) if self.is_object_type(n, 0)));
        let tag = match (tag, not_object) {
            (Some(tag), Some((i, _, _))) if explicit.is_some() => {
                self.warn(
                    &format!("{pointer}/{keyword}/{i}"),
                    format!("a member of a union with a `discriminator` on `{tag}` is not an object schema; the union is generated untagged, its variants told apart by shape"),
                );
                None
            }
            (Some(_), Some(_)) => None,
            (tag, _) => tag,
        };
        if let Some(tag) = tag {
            let mut ns = Namespace::new();
            let mut variants = Vec::new();
            for (i, ty, component) in resolved {
                let TypeRef::Named(ty) = ty else {
                    continue;
                };
                let mapped = explicit.and_then(|disc| {
                    disc.mapping
                        .iter()
                        .find(|(_, target)| {
                            component.as_deref().is_some_and(|c| {
                                target.as_str() == c
                                    || target.strip_prefix(SCHEMA_PREFIX).map(unescape).as_deref()
                                        == Some(c)
                            })
                        })
                        .map(|(value, _)| value.clone())
                });
                let fixed = implicit
                    .as_ref()
                    .and_then(|(_, values)| values.get(i).cloned());
                let wire = mapped.or(fixed).or(component).unwrap_or_else(|| ty.clone());
                self.strip_fields.insert(ty.clone(), tag.clone());
                variants.push(TaggedVariant {
                    name: ns.claim(variant_name(&wire)),
                    wire,
                    ty,
                    boxed: false,
                });
            }
            let catch_all = catch_all("Unknown", variants.iter().map(|v| v.name.as_str()));
            return TypeKind::Tagged(TaggedUnion {
                tag,
                variants,
                catch_all,
            });
        }
        let mut ns = Namespace::new();
        let variants: Vec<UntaggedVariant> = resolved
            .into_iter()
            .map(|(_, ty, _)| UntaggedVariant {
                name: ns.claim(type_variant_name(&ty)),
                ty,
                boxed: false,
                shape: Shape::Any,
            })
            .collect();
        let catch_all = catch_all("Unknown", variants.iter().map(|v| v.name.as_str()));
        TypeKind::Untagged(UntaggedUnion {
            variants,
            as_param: false,
            catch_all,
        })
    }

    /// Whether a named type decodes from a JSON object with fields (a struct, or a union
    /// of such), following aliases; what an internally tagged variant must be.
    fn is_object_type(&self, name: &str, depth: usize) -> bool {
        match self.types.get(name).map(|t| &t.kind) {
            Some(TypeKind::Struct(_) | TypeKind::Tagged(_) | TypeKind::Untagged(_)) => true,
            Some(TypeKind::Alias(TypeRef::Named(n))) if depth < 16 => {
                self.is_object_type(n, depth + 1)
            }
            // Not defined yet: a component being defined (recursion) is an object only if
            // its schema is one.
            None => self.component_names.iter().any(|(wire, rust)| {
                rust == name
                    && self.schemas().and_then(|s| s.get(wire)).is_some_and(|s| {
                        matches!(
                            s,
                            ReferenceOr::Item(Schema {
                                schema_kind: SchemaKind::Type(Type::Object(_))
                                    | SchemaKind::AllOf { .. }
                                    | SchemaKind::Any(_),
                                ..
                            })
                        )
                    })
            }),
            _ => false,
        }
    }

    /// The property every member fixes to its own single value (a required string enum
    /// of one value), with those values in member order; `None` when there is none.
    fn implicit_tag(&self, members: &'a [ReferenceOr<Schema>]) -> Option<(String, Vec<String>)> {
        let object = |m: &'a ReferenceOr<Schema>| -> Option<&'a openapiv3::ObjectType> {
            let schema = match m {
                ReferenceOr::Item(s) => s,
                ReferenceOr::Reference { reference } => {
                    let name = reference.strip_prefix(SCHEMA_PREFIX)?;
                    match self.schemas()?.get(name)? {
                        ReferenceOr::Item(s) => s,
                        ReferenceOr::Reference { .. } => return None,
                    }
                }
            };
            match &schema.schema_kind {
                SchemaKind::Type(Type::Object(o)) => Some(o),
                _ => None,
            }
        };
        let single = |o: &openapiv3::ObjectType, prop: &str| -> Option<String> {
            if !o.required.iter().any(|r| r == prop) {
                return None;
            }
            let ReferenceOr::Item(s) = o.properties.get(prop)? else {
                return None;
            };
            match &s.schema_kind {
                SchemaKind::Type(Type::String(t)) => match t.enumeration.as_slice() {
                    [Some(v)] => Some(v.clone()),
                    _ => None,
                },
                _ => None,
            }
        };
        let objects: Vec<&openapiv3::ObjectType> =
            members.iter().map(object).collect::<Option<_>>()?;
        let (first, rest) = objects.split_first()?;
        if rest.is_empty() {
            return None;
        }
        first.properties.keys().find_map(|prop| {
            let values: Vec<String> = objects
                .iter()
                .map(|o| single(o, prop))
                .collect::<Option<_>>()?;
            let distinct: HashSet<&String> = values.iter().collect();
            (distinct.len() == values.len()).then(|| (prop.clone(), values))
        })
    }
}

/// Properties gathered for one struct (from an object schema or merged `allOf` members).
#[derive(Default)]
pub(super) struct ObjectParts<'a> {
    props: Vec<Prop<'a>>,
    extra_required: HashSet<String>,
    additional: Option<(SchemaRef<'a>, String)>,
    doc: Option<String>,
    /// Components already merged in: an `allOf` cycle (A includes B includes A) means
    /// both have the fields of both, so a second visit adds nothing.
    seen: HashSet<String>,
}

struct Prop<'a> {
    wire: String,
    schema: SchemaRef<'a>,
    required: bool,
    pointer: String,
}

fn naming_hint<'n>(naming: &'n Naming<'_>) -> &'n str {
    match naming {
        Naming::Fixed(n) | Naming::Hint(n) => n,
        Naming::Shared(s) => &s.name,
    }
}

/// Rustdoc for a schema: title and description, as the spec writes them.
pub(crate) fn doc_of(schema: &Schema) -> Option<String> {
    let d = &schema.schema_data;
    match (&d.title, &d.description) {
        (Some(t), Some(desc)) => Some(format!("{t}\n\n{desc}")),
        (Some(t), None) => Some(t.clone()),
        (None, Some(desc)) => Some(desc.clone()),
        (None, None) => None,
    }
}

/// A readable variant name for an untagged union member.
fn type_variant_name(ty: &TypeRef) -> String {
    match ty {
        TypeRef::Named(n) => n.clone(),
        TypeRef::String => "String".into(),
        TypeRef::Bool => "Bool".into(),
        TypeRef::I32 | TypeRef::I64 => "Integer".into(),
        TypeRef::U8 | TypeRef::U16 | TypeRef::U32 | TypeRef::U64 => "Unsigned".into(),
        TypeRef::F32 | TypeRef::F64 => "Number".into(),
        TypeRef::Uuid => "Uuid".into(),
        TypeRef::DateTime => "DateTime".into(),
        TypeRef::Date => "Date".into(),
        TypeRef::Json => "Value".into(),
        TypeRef::Bytes => "Bytes".into(),
        TypeRef::File => "File".into(),
        TypeRef::JsonObject | TypeRef::Map(_) => "Object".into(),
        TypeRef::Vec(_) => "Array".into(),
    }
}

/// A `pattern` becomes a check when the generated crate's regex engine (`regex-lite`)
/// accepts it. ECMA-262 features it lacks (look-around, backreferences) leave the value
/// unchecked, which the type's documentation then says, rather than refusing the spec.
fn pattern_check(pattern: &str) -> Result<Check, String> {
    match regex_lite::Regex::new(pattern) {
        Ok(_) => Ok(Check::Pattern(pattern.to_owned())),
        Err(_) => Err(format!(
            "The pattern `{pattern}` is not checked: it uses regular-expression features \
             the generated code does not support."
        )),
    }
}

/// The absolute URL of a server, with its variables at their defaults; `None` for a
/// relative URL, which names no host to send to.
fn server_url(server: &openapiv3::Server) -> Option<String> {
    let mut url = server.url.clone();
    for (name, var) in server.variables.iter().flatten() {
        url = url.replace(&format!("{{{name}}}"), &var.default);
    }
    let absolute = url.starts_with("https://") || url.starts_with("http://");
    (absolute && !url.contains('{')).then(|| url.trim_end_matches('/').to_owned())
}

/// The prefix of the environment variables `Client::from_env` reads: the API's title in
/// SCREAMING_SNAKE_CASE without a trailing "API" (`Polytomic API` → `POLYTOMIC`).
pub fn env_prefix(title: &str) -> String {
    crate::names::crate_name(title).to_ascii_uppercase()
}

/// An `allOf` member that only annotates (`description`, `nullable`, `example`, ...) and
/// says nothing about the value's shape.
/// An inline member that is a plain scalar type with no constraint that shapes a value
/// (no enum, format, pattern or bounds): `{type: string, description: ..}`.
fn is_bare_scalar(member: &ReferenceOr<Schema>) -> bool {
    let ReferenceOr::Item(s) = member else {
        return false;
    };
    match &s.schema_kind {
        SchemaKind::Type(Type::String(t)) => {
            t.enumeration.is_empty()
                && t.pattern.is_none()
                && t.min_length.is_none()
                && t.max_length.is_none()
                && matches!(t.format, VariantOrUnknownOrEmpty::Empty)
        }
        SchemaKind::Type(Type::Boolean(_)) => true,
        SchemaKind::Type(Type::Integer(i)) => {
            i.enumeration.is_empty()
                && i.minimum.is_none()
                && i.maximum.is_none()
                && matches!(i.format, VariantOrUnknownOrEmpty::Empty)
        }
        SchemaKind::Type(Type::Number(n)) => {
            n.enumeration.is_empty()
                && n.minimum.is_none()
                && n.maximum.is_none()
                && matches!(n.format, VariantOrUnknownOrEmpty::Empty)
        }
        _ => false,
    }
}

/// An inline member that says only which keys must be present (`{required: [file_id]}`,
/// optionally `type: object`): a constraint on the object around it, not a shape.
fn lists_required_only(member: &ReferenceOr<Schema>) -> bool {
    let ReferenceOr::Item(s) = member else {
        return false;
    };
    match &s.schema_kind {
        SchemaKind::Any(a) => {
            let only_required = openapiv3::AnySchema {
                typ: a.typ.clone().filter(|t| t == "object"),
                required: a.required.clone(),
                ..Default::default()
            };
            !a.required.is_empty() && *a == only_required
        }
        SchemaKind::Type(Type::Object(o)) => {
            !o.required.is_empty()
                && o.properties.is_empty()
                && o.additional_properties.is_none()
                && o.min_properties.is_none()
                && o.max_properties.is_none()
        }
        _ => false,
    }
}

fn is_annotation(member: &ReferenceOr<Schema>) -> bool {
    let ReferenceOr::Item(s) = member else {
        return false;
    };
    match &s.schema_kind {
        SchemaKind::Any(a) => {
            a.typ.is_none()
                && a.properties.is_empty()
                && a.all_of.is_empty()
                && a.one_of.is_empty()
                && a.any_of.is_empty()
                && a.not.is_none()
                && a.items.is_none()
                && a.additional_properties.is_none()
                && a.enumeration.is_empty()
                && a.format.is_none()
                && a.required.is_empty()
        }
        _ => false,
    }
}

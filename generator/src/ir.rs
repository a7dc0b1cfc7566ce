//! The resolved model of an API: the one structure every emitter reads.
//!
//! Resolution turns raw OpenAPI (and connector tables) into this model; emission never
//! looks at the raw input again. All names here are already valid Rust identifiers.

/// Everything the emitters need to produce the SDK.
#[derive(Debug, Clone, Default)]
pub struct Api {
    /// `info.title` of the document.
    pub title: String,
    /// `info.version` of the document (sent as the default API version).
    pub version: String,
    /// The first `servers` entry, when there is one.
    pub base_url: Option<String>,
    /// Named types in emission order (sorted by name, so output is stable).
    pub types: Vec<TypeDef>,
    /// Operations, grouped by tag in emission.
    pub operations: Vec<Operation>,
    /// Security schemes the document declares.
    pub security: Vec<SecurityScheme>,
}

/// A named Rust type.
#[derive(Debug, Clone)]
pub struct TypeDef {
    /// Rust type name (UpperCamelCase, unique).
    pub name: String,
    /// Where the type came from, as a JSON pointer into the spec.
    pub origin: String,
    pub doc: Option<String>,
    pub kind: TypeKind,
}

#[derive(Debug, Clone)]
pub enum TypeKind {
    Struct(Struct),
    /// A string enum; unknown values land in a catch-all variant.
    Enum(StringEnum),
    /// `oneOf`/`anyOf` with a discriminator: internally tagged.
    Tagged(TaggedUnion),
    /// `oneOf`/`anyOf` without a discriminator: tried in order.
    Untagged(UntaggedUnion),
    /// A named schema that is just another type (`type: string`, an array, ...).
    Alias(TypeRef),
}

#[derive(Debug, Clone, Default)]
pub struct Struct {
    pub fields: Vec<Field>,
    /// `additionalProperties` beside declared properties: collected into a flattened map.
    pub additional: Option<TypeRef>,
}

#[derive(Debug, Clone)]
pub struct Field {
    /// Rust field name (snake_case, keyword-safe, unique in its struct).
    pub name: String,
    /// Name on the wire.
    pub wire: String,
    pub doc: Option<String>,
    pub ty: TypeRef,
    pub required: bool,
    pub nullable: bool,
    /// Set by recursion analysis: the field must be boxed to give the type a finite size.
    pub boxed: bool,
    /// The field is never sent in requests (OpenAPI `readOnly`).
    pub read_only: bool,
}

#[derive(Debug, Clone)]
pub struct StringEnum {
    pub variants: Vec<EnumVariant>,
}

#[derive(Debug, Clone)]
pub struct EnumVariant {
    pub name: String,
    pub wire: String,
    pub doc: Option<String>,
}

#[derive(Debug, Clone)]
pub struct TaggedUnion {
    /// The discriminator property.
    pub tag: String,
    pub variants: Vec<TaggedVariant>,
}

#[derive(Debug, Clone)]
pub struct TaggedVariant {
    pub name: String,
    /// Discriminator value on the wire.
    pub wire: String,
    /// Named struct holding the variant's remaining fields.
    pub ty: String,
}

#[derive(Debug, Clone)]
pub struct UntaggedUnion {
    pub variants: Vec<UntaggedVariant>,
}

#[derive(Debug, Clone)]
pub struct UntaggedVariant {
    pub name: String,
    pub ty: TypeRef,
}

/// A reference to a type, as used by fields, parameters and bodies.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum TypeRef {
    Named(String),
    String,
    Bool,
    I32,
    I64,
    F32,
    F64,
    Uuid,
    DateTime,
    Date,
    /// Any JSON value (a schema without constraints).
    Json,
    /// A free-form JSON object.
    JsonObject,
    Vec(Box<TypeRef>),
    /// A string-keyed map (`additionalProperties: <schema>`).
    Map(Box<TypeRef>),
}

impl TypeRef {
    /// The named type this reference points at, when it is held by value (not behind a
    /// `Vec` or map, which already give indirection).
    pub fn direct_named(&self) -> Option<&str> {
        match self {
            TypeRef::Named(n) => Some(n),
            _ => None,
        }
    }

    /// All named types mentioned, at any depth.
    pub fn named(&self, out: &mut Vec<String>) {
        match self {
            TypeRef::Named(n) => out.push(n.clone()),
            TypeRef::Vec(t) | TypeRef::Map(t) => t.named(out),
            _ => {}
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Method {
    Get,
    Put,
    Post,
    Delete,
    Patch,
    Head,
    Options,
    Trace,
}

impl Method {
    pub fn as_str(self) -> &'static str {
        match self {
            Method::Get => "GET",
            Method::Put => "PUT",
            Method::Post => "POST",
            Method::Delete => "DELETE",
            Method::Patch => "PATCH",
            Method::Head => "HEAD",
            Method::Options => "OPTIONS",
            Method::Trace => "TRACE",
        }
    }
}

#[derive(Debug, Clone)]
pub struct Operation {
    /// The spec's `operationId` (or one derived from method and path).
    pub id: String,
    /// Group path (from the first tag, split at `/`) the method lives in, snake_case
    /// segments; empty for untagged operations, which live on the client itself.
    pub group: Vec<String>,
    /// Rust method name inside its group, snake_case.
    pub method_name: String,
    pub method: Method,
    /// Path template as written in the spec, e.g. `/api/syncs/{id}`.
    pub path: String,
    pub doc: Option<String>,
    pub deprecated: bool,
    pub params: Vec<Param>,
    pub body: Option<Body>,
    /// The success response type; `None` when the success response has no body.
    pub success: Option<TypeRef>,
    /// Error responses by status (`None` = `default`).
    pub errors: Vec<ErrorResponse>,
    /// Pagination, when the operation takes a page token and returns the next one.
    pub pagination: Option<Pagination>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ParamLocation {
    Path,
    Query,
    Header,
}

#[derive(Debug, Clone)]
pub struct Param {
    pub name: String,
    pub wire: String,
    pub location: ParamLocation,
    pub required: bool,
    pub ty: TypeRef,
    pub doc: Option<String>,
}

#[derive(Debug, Clone)]
pub struct Body {
    pub ty: TypeRef,
    pub required: bool,
}

#[derive(Debug, Clone)]
pub struct ErrorResponse {
    /// HTTP status, or `None` for the `default` response.
    pub status: Option<u16>,
    pub ty: Option<TypeRef>,
}

/// How an operation pages: the query parameter that takes the token, and where the
/// response carries the items and the next token.
#[derive(Debug, Clone)]
pub struct Pagination {
    pub token_param: String,
    /// Field path (Rust field names) from the response to the item list.
    pub items_field: String,
    pub item_ty: TypeRef,
    /// Field path from the response to the next-page token.
    pub next_token_path: Vec<String>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SecurityScheme {
    Bearer { name: String },
    Basic { name: String },
    ApiKeyHeader { name: String, header: String },
    Other { name: String },
}

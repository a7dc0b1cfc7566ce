//! The resolved model of an API: the one structure every emitter reads.
//!
//! Resolution turns raw OpenAPI (and connector tables) into this model; emission never
//! looks at the raw input again. All names here are already valid Rust identifiers.

/// Everything the emitters need to produce the SDK.
#[derive(Debug, Clone, Default)]
pub struct Api {
    /// `info.title` of the document.
    pub title: String,
    /// `info.version` of the document.
    pub version: String,
    /// The API version the runtime sends by default: the default of the version header
    /// parameter, else `info.version`.
    pub api_version: String,
    /// The header parameter that carries the API version (e.g. `X-Polytomic-Version`),
    /// sent by the runtime rather than taken as an argument; `None` when there is none.
    pub version_header: Option<String>,
    /// Prefix of the environment variables the runtime reads (`POLYTOMIC` →
    /// `POLYTOMIC_API_KEY`).
    pub env_prefix: String,
    /// The first `servers` entry as an absolute URL (variables at their defaults), when
    /// there is one.
    pub base_url: Option<String>,
    /// Named types in emission order (sorted by name, so output is stable).
    pub types: Vec<TypeDef>,
    /// Operations, grouped by tag in emission.
    pub operations: Vec<Operation>,
    /// The operation groups (every group path an operation is in, and its ancestors),
    /// sorted by path; the root group (untagged operations) is `Client` itself.
    pub groups: Vec<Group>,
    /// Security schemes the document declares.
    pub security: Vec<SecurityScheme>,
    /// The credentials operations need unless they say otherwise (the root `security`).
    pub security_requirement: Requirement,
    /// Typed connector configuration from the connector tables (empty without tables).
    pub connectors: Connectors,
    /// Helpers that poll an operation until a status is terminal (`x-waiters`).
    pub waiters: Vec<Waiter>,
    /// Requests the API sends (OpenAPI 3.1 `webhooks`), decoded by the `webhooks` module.
    pub webhooks: Webhooks,
}

/// The webhooks a document declares.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Webhooks {
    pub hooks: Vec<Webhook>,
    /// The payload property whose value tells deliveries apart, when every payload fixes
    /// it to its own single value (`type: "endpoint.created"`).
    pub tag: Option<String>,
}

/// One webhook: a request the API sends to the user's server.
#[derive(Debug, Clone, PartialEq)]
pub struct Webhook {
    /// The webhook's name in the document.
    pub name: String,
    /// Its variant in the generated `Webhook` enum (unique, never `Unknown`).
    pub variant: String,
    /// The body's type (`serde_json::Value` when it declares none).
    pub payload: TypeRef,
    /// The value of [`Webhooks::tag`] in this webhook's payloads.
    pub tag_value: Option<String>,
    pub doc: Option<String>,
}

/// A helper that polls `poll` until the status at `status_path` is one of `terminal`.
#[derive(Debug, Clone)]
pub struct Waiter {
    /// Method name, on the group of the polled operation.
    pub name: String,
    /// The operation whose work is waited for (its `operationId`).
    pub start: String,
    /// The polled operation (its `operationId`).
    pub poll: String,
    /// The polled operation's group.
    pub poll_group: Vec<String>,
    /// The status path as declared (wire names, dotted).
    pub status_wire: String,
    /// The fields from the polled response down to the status.
    pub status_path: Vec<Field>,
    /// The status type: a string or a string enum.
    pub status_ty: TypeRef,
    /// Status values that end the wait, as sent on the wire.
    pub terminal: Vec<String>,
}

impl Api {
    /// Every struct type by name, for following field paths through responses.
    pub fn structs(&self) -> std::collections::HashMap<&str, &Struct> {
        self.types
            .iter()
            .filter_map(|t| match &t.kind {
                TypeKind::Struct(s) => Some((t.name.as_str(), s)),
                _ => None,
            })
            .collect()
    }
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
    /// `oneOf`/`anyOf` without a discriminator: the variant that fits a value best.
    Untagged(UntaggedUnion),
    /// A union whose variant a sibling property selects (`x-union-selectors`): the
    /// selector and the union property of one struct, as one enum flattened into it.
    Selected(SelectedUnion),
    /// A named schema that is just another type (`type: string`, an array, ...).
    Alias(TypeRef),
    /// A named string or number schema with constraints: a newtype that checks them on
    /// construction and when decoded.
    Constrained(Constrained),
    /// The fields of a `multipart/form-data` request body: sent as one part per field,
    /// `format: binary` fields as file parts ([`TypeRef::File`]). Never decoded.
    Form(Struct),
}

/// The value type and the checks of a [`TypeKind::Constrained`] newtype.
#[derive(Debug, Clone, PartialEq)]
pub struct Constrained {
    /// A string or number type ([`TypeRef::String`], an integer or a float).
    pub base: TypeRef,
    pub checks: Vec<Check>,
}

/// One constraint of a [`Constrained`] type, as the spec states it.
#[derive(Debug, Clone, PartialEq)]
pub enum Check {
    /// `minLength`, counted in characters.
    MinLength(u64),
    /// `maxLength`, counted in characters.
    MaxLength(u64),
    /// `pattern`, as a regular expression that matches anywhere unless anchored.
    Pattern(String),
    /// `minimum` (`exclusive`: `exclusiveMinimum: true`).
    Minimum { value: Number, exclusive: bool },
    /// `maximum` (`exclusive`: `exclusiveMaximum: true`).
    Maximum { value: Number, exclusive: bool },
}

/// A bound of a numeric constraint, integral where the schema is an integer.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Number {
    Int(i64),
    Float(f64),
}

#[derive(Debug, Clone, Default)]
pub struct Struct {
    pub fields: Vec<Field>,
    /// `additionalProperties` beside declared properties: collected into a flattened map.
    pub additional: Option<TypeRef>,
    /// The Rust name of the flattened map that keeps keys the spec does not list, so a
    /// decoded value is written back whole; `None` when the struct already takes every
    /// key (`additionalProperties`, a flattened union).
    pub unknown: Option<String>,
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
    /// The field's own keys sit beside the struct's (`#[serde(flatten)]`): the union of
    /// an object that has both `properties` and `oneOf`/`anyOf`.
    pub flatten: bool,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StringEnum {
    pub variants: Vec<EnumVariant>,
    /// The variant that keeps what the spec does not list (`Unknown`, or `UnknownValue`
    /// when a variant has that name, ...): unique among the variants.
    pub catch_all: String,
}

/// A variant of a string enum (a spec enum, or a connector field's documented values).
#[derive(Debug, Clone, PartialEq, Eq)]
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
    /// The variant that keeps what the spec does not list (`Unknown`, or `UnknownValue`
    /// when a variant has that name, ...): unique among the variants.
    pub catch_all: String,
}

#[derive(Debug, Clone)]
pub struct TaggedVariant {
    pub name: String,
    /// Discriminator value on the wire.
    pub wire: String,
    /// Named struct holding the variant's remaining fields.
    pub ty: String,
    /// Set by recursion analysis, as for [`Field::boxed`].
    pub boxed: bool,
}

#[derive(Debug, Clone)]
pub struct UntaggedUnion {
    pub variants: Vec<UntaggedVariant>,
    /// The variant that keeps what the spec does not list (`Unknown`, or `UnknownValue`
    /// when a variant has that name, ...): unique among the variants.
    pub catch_all: String,

    /// Every variant is a plain value (a scalar, a string enum, a checked newtype, an
    /// alias of one, or another such union), so the union can be a path, query or header
    /// parameter: each variant sends its own text.
    pub as_param: bool,
}

#[derive(Debug, Clone)]
pub struct UntaggedVariant {
    pub name: String,
    pub ty: TypeRef,
    /// Set by recursion analysis, as for [`Field::boxed`].
    pub boxed: bool,
    /// What values the variant takes, for choosing the best fit when decoding.
    pub shape: Shape,
}

/// The JSON a type accepts, as far as choosing among union variants needs it. The
/// runtime's `Shape` mirrors it; the rule that ranks variants is in the README.
#[derive(Debug, Clone, PartialEq, Default)]
pub enum Shape {
    /// Any value (`serde_json::Value`, or a type too deep to look into).
    #[default]
    Any,
    Bool,
    Integer,
    /// Any number, integers included.
    Number,
    /// Any string.
    String,
    /// A string with a format or constraints (a uuid, a date, a checked newtype): whether
    /// it fits is up to decoding.
    Text,
    /// A string enum: its values fit exactly, any other string only loosely.
    Values(Vec<String>),
    Array(Box<Shape>),
    /// An object with these declared keys; `open` when it takes any other key too.
    Object {
        known: Vec<String>,
        required: Vec<String>,
        open: bool,
    },
    /// One of several shapes (a union inside a union).
    OneOf(Vec<Shape>),
}

/// A union selected by a sibling property: `selector`'s value names the variant that
/// the `payload` property holds.
#[derive(Debug, Clone)]
pub struct SelectedUnion {
    /// Wire name of the selecting property (e.g. `type`).
    pub selector: String,
    /// Wire name of the property holding the union (e.g. `event`).
    pub payload: String,
    pub variants: Vec<SelectedVariant>,
    /// The variant that keeps what the spec does not list (`Unknown`, or `UnknownValue`
    /// when a variant has that name, ...): unique among the variants.
    pub catch_all: String,
}

#[derive(Debug, Clone)]
pub struct SelectedVariant {
    pub name: String,
    /// The selector's value on the wire.
    pub wire: String,
    pub ty: TypeRef,
    /// Set by recursion analysis, as for [`Field::boxed`].
    pub boxed: bool,
}

/// A reference to a type, as used by fields, parameters and bodies.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum TypeRef {
    Named(String),
    String,
    Bool,
    I32,
    I64,
    /// `format: uint8` (and the other unsigned formats below).
    U8,
    U16,
    U32,
    U64,
    F32,
    F64,
    Uuid,
    DateTime,
    Date,
    /// Any JSON value (a schema without constraints).
    Json,
    /// A free-form JSON object.
    JsonObject,
    /// Raw bytes: a binary request or response body.
    Bytes,
    /// A file part of a multipart body: bytes with a file name and media type.
    File,
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
    /// The success response's body; `None` when it has none.
    pub success: Option<Success>,
    /// Its error responses, and the type their bodies decode into.
    pub errors: Errors,
    /// Pagination, when the operation takes a page token and returns the next one.
    pub pagination: Option<Pagination>,
    /// Its marker type in `client::ops` (unique there).
    pub marker: String,
    /// The alias in `client` of the request its method returns (`BulkSyncGetRequest`),
    /// which its setters are implemented on.
    pub request_type: String,
    /// The credentials it needs: its own `security`, else the document's.
    pub security: Requirement,
}

#[cfg(test)]
impl Operation {
    /// A GET of `/{id}` with no parameters, bodies or responses, for unit tests.
    pub(crate) fn stub(id: &str, group: &[&str]) -> Self {
        Operation {
            id: id.to_owned(),
            group: group.iter().map(|s| (*s).to_owned()).collect(),
            method_name: id.to_owned(),
            method: Method::Get,
            path: format!("/{id}"),
            doc: None,
            deprecated: false,
            params: Vec::new(),
            body: None,
            success: None,
            errors: Errors::default(),
            pagination: None,
            marker: String::new(),
            request_type: String::new(),
            security: Requirement::Unspecified,
        }
    }
}

/// An operation's error responses and the one type all their bodies decode into, built
/// together ([`Errors::new`]) so the two cannot disagree.
#[derive(Debug, Clone, Default)]
pub struct Errors {
    /// By status (`None` = `default`), as declared.
    pub responses: Vec<ErrorResponse>,
    /// What `Error<E>`'s `E` is.
    pub body: ErrorBody,
}

/// The type error bodies decode into.
#[derive(Debug, Clone, Default, PartialEq)]
pub enum ErrorBody {
    /// No error response declares a schema.
    #[default]
    None,
    /// Every one that declares a schema declares this one.
    One(TypeRef),
    /// They declare several: an enum with one variant per schema.
    Enum(ErrorEnum),
}

impl Errors {
    /// The responses, with the body type that follows from their schemas; an enum's
    /// variants are named here, the enum itself by the caller ([`Errors::enum_mut`]).
    pub fn new(responses: Vec<ErrorResponse>) -> Self {
        let mut distinct: Vec<TypeRef> = Vec::new();
        for t in responses.iter().filter_map(|e| e.ty.as_ref()) {
            if !distinct.contains(t) {
                distinct.push(t.clone());
            }
        }
        let body = match distinct.len() {
            0 => ErrorBody::None,
            1 => ErrorBody::One(distinct.remove(0)),
            _ => {
                let mut names = crate::names::Namespace::new();
                ErrorBody::Enum(ErrorEnum {
                    name: String::new(),
                    variants: distinct
                        .into_iter()
                        .map(|ty| ErrorVariant {
                            name: names.claim(match &ty {
                                TypeRef::Named(n) => n.clone(),
                                _ => "Value".to_owned(),
                            }),
                            ty,
                        })
                        .collect(),
                })
            }
        };
        Errors { responses, body }
    }

    /// The error enum, when there is one.
    pub fn enum_mut(&mut self) -> Option<&mut ErrorEnum> {
        match &mut self.body {
            ErrorBody::Enum(e) => Some(e),
            _ => None,
        }
    }

    /// The schemas the responses declare (with repeats).
    pub fn types(&self) -> impl Iterator<Item = &TypeRef> {
        self.responses.iter().filter_map(|e| e.ty.as_ref())
    }
}

/// The error-body enum of an operation whose error responses have several schemas.
#[derive(Debug, Clone, PartialEq)]
pub struct ErrorEnum {
    /// Unique in `client`; given in resolution once every operation is known.
    pub name: String,
    /// One per distinct schema, in the order the responses first use them.
    pub variants: Vec<ErrorVariant>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct ErrorVariant {
    /// The schema's type name, or `Value` (suffixed when taken) for an unnamed one.
    pub name: String,
    pub ty: TypeRef,
}

/// A group of operations, reached from the client as `client.a().b()`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Group {
    /// snake_case segments, never empty.
    pub path: Vec<String>,
    /// The struct that holds the group's methods (unique in `client`).
    pub type_name: String,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ParamLocation {
    Path,
    Query,
    Header,
}

#[derive(Debug, Clone)]
pub struct Param {
    /// The argument's name (unique among the operation's parameters).
    pub name: String,
    /// The setter's name when the parameter is optional: the argument's name, unless the
    /// runtime's `Request` has a method of that name (then `<name>_param`).
    pub setter: String,
    pub wire: String,
    pub location: ParamLocation,
    pub required: bool,
    pub ty: TypeRef,
    pub doc: Option<String>,
    pub encoding: ParamEncoding,
    /// What the parameter becomes in the generated client.
    pub role: ParamRole,
    /// JSON pointer of the parameter in the spec (of the operation's path, for one the
    /// path uses without declaring it).
    pub origin: String,
}

/// What a parameter becomes in the generated client (decided in resolution, so the
/// client emitter and the diff of two APIs agree).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ParamRole {
    /// A method argument: a path parameter, or a required one.
    Argument,
    /// A setter on the returned request: an optional parameter.
    Setter,
    /// Sent by the runtime from client settings and request options (the API version
    /// header, `Idempotency-Key`): not in the operation's signature.
    Runtime,
}

/// How a parameter's value goes on the wire.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ParamEncoding {
    /// As its text (`ParamValue`): scalars and enums; lists as repeated query keys or
    /// comma-joined in paths and headers; maps as `deepObject` query pairs.
    Plain,
    /// Through the value's JSON form, per OpenAPI's `style` and `explode`: objects,
    /// unions, and lists or scalars in a style the plain form does not write.
    Styled { style: ParamStyle, explode: bool },
}

/// OpenAPI's parameter `style`s.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ParamStyle {
    Form,
    SpaceDelimited,
    PipeDelimited,
    DeepObject,
    Simple,
    Label,
    Matrix,
    /// A parameter described with `content` (JSON): its value's JSON text.
    Json,
}

#[derive(Debug, Clone)]
pub struct Body {
    pub ty: TypeRef,
    pub required: bool,
    /// How the body goes on the wire.
    pub encoding: Encoding,
}

/// A success response's body: its type and how it is encoded.
#[derive(Debug, Clone, PartialEq)]
pub struct Success {
    pub ty: TypeRef,
    /// `Text`: read as a `String`; `Binary`: as bytes; `EventStream`: a stream of events
    /// whose data is `ty`; otherwise JSON.
    pub encoding: Encoding,
}

/// How a request or response body is encoded, from its media type.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Encoding {
    /// `application/json` (and `+json`, `*/*`): the schema's type through serde_json.
    Json,
    /// `application/x-www-form-urlencoded`: the schema's object as `key=value` pairs
    /// (arrays as repeated keys), the OpenAPI default for forms.
    Form,
    /// `multipart/form-data`: the fields of a [`TypeKind::Form`], one part each.
    Multipart,
    /// A `text/*` media type: a `String`.
    Text(String),
    /// Any other media type (`application/octet-stream`, `image/png`, ...): bytes.
    Binary(String),
    /// `text/event-stream` (responses only): server-sent events, each event's `data`
    /// decoded as the type (text when it is a string).
    EventStream,
}

#[derive(Debug, Clone)]
pub struct ErrorResponse {
    /// HTTP status, or `None` for the `default` response.
    pub status: Option<u16>,
    pub ty: Option<TypeRef>,
}

/// How an operation pages: where the response carries the items and what the next
/// request needs, and how that request is made.
#[derive(Debug, Clone)]
pub struct Pagination {
    pub style: PageStyle,
    /// The response struct (a page).
    pub page_ty: String,
    /// The page's field holding its items.
    pub items: Field,
    pub item_ty: TypeRef,
    /// The fields read, one struct down each, from the page to the next token or link
    /// (a string field); never empty.
    pub next: Vec<Field>,
}

/// What the next-page value is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PageStyle {
    /// A token sent in a query parameter of the same operation (Rust name and wire name).
    Token { param: String, wire: String },
    /// The URL of the next page, requested as is (relative to the first page's URL).
    Link,
}

/// A security scheme the document declares, and how the client builder takes its
/// credentials (setters and environment variables, settled in resolution).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SecurityScheme {
    /// Its name under `components/securitySchemes`.
    pub name: String,
    /// Where it is declared, as a JSON pointer.
    pub origin: String,
    pub doc: Option<String>,
    pub kind: SchemeKind,
    /// The `ClientBuilder` setters that take its credentials: unique among schemes and
    /// never a method the runtime's builder already has.
    pub setters: Setters,
    /// The environment variables `from_env` reads for it: which part of the credential,
    /// and the variable's whole name (`POLYTOMIC_API_KEY`).
    pub env: Vec<(CredentialPart, String)>,
}

/// How a scheme's credential travels.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SchemeKind {
    /// `Authorization: Bearer <token>` (`http` / `bearer`).
    Bearer,
    /// `Authorization: Basic <user:password>` (`http` / `basic`).
    Basic,
    /// A key in a header, query parameter or cookie named `param`.
    ApiKey {
        location: KeyLocation,
        param: String,
    },
    /// OAuth2 client credentials: a token fetched from `token_url` with the client's id
    /// and secret, asking for `scopes` (those the document's requirements name).
    ClientCredentials {
        token_url: String,
        scopes: Vec<String>,
    },
    /// Another OAuth2 flow or OpenID Connect: a token obtained elsewhere, sent as
    /// `Authorization: Bearer <token>`.
    AccessToken,
    /// Nothing the client can send (mutual TLS, an unknown `http` scheme): no setter.
    Unsupported { what: String },
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum KeyLocation {
    Header,
    Query,
    Cookie,
}

/// One piece of a credential.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum CredentialPart {
    /// A token or key (bearer, API key, access token).
    Token,
    Username,
    Password,
    ClientId,
    ClientSecret,
}

/// The builder methods of one scheme.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Setters {
    /// None (an unsupported scheme).
    None,
    /// One method taking the whole credential: a token, `(username, password)` or
    /// `(client_id, client_secret)`.
    One(String),
    /// Basic auth as two methods, one per part.
    Split { username: String, password: String },
}

/// Which credentials a request needs.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub enum Requirement {
    /// The document says nothing (no `security` at all): every configured credential
    /// is sent.
    #[default]
    Unspecified,
    /// Alternatives, each a set of schemes (indexes into [`Api::security`]) needed
    /// together; an empty set means none at all (`security: []`, or `{}`).
    AnyOf(Vec<Vec<usize>>),
}

// ---------------------------------------------------------------------------------------
// Connector configuration (from the connector tables, see `load::tables`).
// ---------------------------------------------------------------------------------------

/// Every connector's configuration types, and the spec fields that carry them.
#[derive(Debug, Clone, Default)]
pub struct Connectors {
    /// Sorted by connection type.
    pub connectors: Vec<Connector>,
    /// Spec fields that hold connector configuration, as the bindings file declares them.
    pub bindings: Vec<Binding>,
}

/// The union of every connector's request configuration.
pub const UNION_NAME: &str = "ConnectionConfiguration";
/// The union of every connector's configuration as responses carry it.
pub const RESPONSE_UNION_NAME: &str = "ConnectionConfigurationResponse";

impl Connectors {
    pub fn is_empty(&self) -> bool {
        self.connectors.is_empty()
    }

    /// The binding that types a configuration field of the model struct `schema` with a
    /// connector union (`Tagged` or `Keyed`), if one does.
    pub fn typed_binding_of(&self, schema: &str) -> Option<&Binding> {
        self.bindings
            .iter()
            .find(|b| b.schema == schema && !matches!(b.kind, BindingKind::Untyped { .. }))
    }
}

/// One connector (one table).
#[derive(Debug, Clone)]
pub struct Connector {
    /// The connection `type` on the wire, e.g. `s3`.
    pub id: String,
    /// Display name, e.g. `S3`.
    pub name: String,
    /// Variant name in the configuration unions (UpperCamelCase, unique).
    pub variant: String,
    /// The module its types are generated in, inside `connectors` (snake_case, unique:
    /// `connectors/s3.rs`); the types are re-exported from `connectors` itself.
    pub module: String,
    /// What the docs say the connector supports; `None` when the table does not say.
    pub supports: Option<Supports>,
    /// The area types, one per area the table describes.
    pub areas: Vec<AreaType>,
    /// Every named type of the connector, in emission order.
    pub types: Vec<ConfigType>,
}

/// Which roles a connector can play, as its documentation lists them.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Supports {
    pub models: bool,
    pub model_sync_destination: bool,
    pub bulk_sync_source: bool,
    pub bulk_sync_destination: bool,
}

/// The places connector configuration appears in the API.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum AreaKind {
    /// Connection `configuration`, as sent when creating or updating a connection.
    Connection,
    /// Connection `configuration` as the API returns it: with the read-only properties.
    ConnectionResponse,
    /// Model (model-sync source) `configuration`.
    Model,
    /// Model-sync `target.configuration`.
    Target,
    /// Bulk-sync `source_configuration`.
    BulkSource,
    /// Bulk-sync `destination_configuration`.
    BulkDestination,
}

impl AreaKind {
    /// Every kind, in the order the docs describe them.
    pub const ALL: [AreaKind; 6] = [
        AreaKind::Connection,
        AreaKind::ConnectionResponse,
        AreaKind::Model,
        AreaKind::Target,
        AreaKind::BulkSource,
        AreaKind::BulkDestination,
    ];

    /// The suffix of the area's type name (`S3` + `ConnectionConfiguration`).
    pub fn type_suffix(self) -> &'static str {
        match self {
            AreaKind::Connection => "ConnectionConfiguration",
            AreaKind::ConnectionResponse => "ConnectionConfigurationResponse",
            AreaKind::Model => "ModelConfiguration",
            AreaKind::Target => "TargetConfiguration",
            AreaKind::BulkSource => "BulkSourceConfiguration",
            AreaKind::BulkDestination => "BulkDestinationConfiguration",
        }
    }

    /// The marker trait every connector's type for this area implements (for the
    /// connection areas, the union the wire keys by connector type).
    pub fn trait_name(self) -> &'static str {
        match self {
            AreaKind::Connection | AreaKind::ConnectionResponse => UNION_NAME,
            AreaKind::Model => "ModelConfiguration",
            AreaKind::Target => "TargetConfiguration",
            AreaKind::BulkSource => "BulkSourceConfiguration",
            AreaKind::BulkDestination => "BulkDestinationConfiguration",
        }
    }

    /// How the docs name the area, for rustdoc.
    pub fn describe(self) -> &'static str {
        match self {
            AreaKind::Connection => "connection `configuration`",
            AreaKind::ConnectionResponse => {
                "connection `configuration` as returned by the API (with read-only properties)"
            }
            AreaKind::Model => "model `configuration` (model-sync source)",
            AreaKind::Target => "model-sync `target.configuration`",
            AreaKind::BulkSource => "bulk-sync `source_configuration`",
            AreaKind::BulkDestination => "bulk-sync `destination_configuration`",
        }
    }
}

/// The top-level type of one area of a connector.
#[derive(Debug, Clone)]
pub struct AreaType {
    pub kind: AreaKind,
    /// Name of the area's root [`ConfigType`] (for a response area without read-only
    /// properties: the request type).
    pub type_name: String,
}

/// A named type of a connector's configuration.
#[derive(Debug, Clone, PartialEq)]
pub struct ConfigType {
    pub name: String,
    pub doc: Option<String>,
    pub kind: ConfigTypeKind,
}

#[derive(Debug, Clone, PartialEq)]
pub enum ConfigTypeKind {
    /// A flat JSON object: an area, or an object-typed field with declared fields.
    Object(ConfigObject),
    /// The sections a switch field (an enum or boolean that conditions refer to) selects:
    /// one variant per value, holding the fields that exist under that value.
    Switch(ConfigSwitch),
    /// A plain string enum with a catch-all variant (`Other`, unique among the variants).
    Values(StringEnum),
}

#[derive(Debug, Clone, PartialEq)]
pub struct ConfigObject {
    pub members: Vec<Member>,
    /// The field that keeps the keys the docs do not list (`undocumented`, or
    /// `undocumented_settings` when a member has that name): unique among the members.
    pub undocumented: String,
    /// An area the connector supports whose settings the docs do not list: any JSON
    /// object, held as such (so it can be filled by hand).
    pub free_form: bool,
    /// For an area's root: fields that exist only under a condition, with the condition
    /// as the table writes it, so a misplaced key gets an error that says when it is allowed.
    pub conditional: Vec<(String, String)>,
}

/// A field of an object or of a switch variant.
#[derive(Debug, Clone, PartialEq)]
pub struct Member {
    /// Rust field name.
    pub name: String,
    /// Key on the wire.
    pub wire: String,
    pub doc: Option<String>,
    pub kind: MemberKind,
}

#[derive(Debug, Clone, PartialEq)]
pub enum MemberKind {
    /// A plain value.
    Value {
        ty: TypeRef,
        required: bool,
        sensitive: bool,
        /// Only allowed when one of these conjunctions of array memberships holds
        /// (`contains` conditions, checked when reading and writing).
        contains: Vec<Vec<ContainsAtom>>,
    },
    /// A switch: its value selects a variant of the named [`ConfigSwitch`] type.
    Switch {
        ty: String,
        presence: SwitchPresence,
        /// The variant `new` starts the switch at, so it is not a parameter: the default's,
        /// when that variant holds no settings.
        initial: Option<String>,
    },
}

/// `member contains value`, where `member` is an array field of the same object.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ContainsAtom {
    /// Rust name of the array member.
    pub member: String,
    /// Its key on the wire.
    pub wire: String,
    pub value: String,
}

/// Whether a switch may be absent, and what absence means.
#[derive(Debug, Clone, PartialEq)]
pub enum SwitchPresence {
    /// Must be present.
    Required,
    /// Absent means the documented default.
    Default(SwitchValue),
    /// May be absent (`Option`).
    Optional,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SwitchValue {
    String(String),
    Bool(bool),
}

impl std::fmt::Display for SwitchValue {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            SwitchValue::String(s) => f.write_str(s),
            SwitchValue::Bool(b) => write!(f, "{b}"),
        }
    }
}

#[derive(Debug, Clone, PartialEq)]
pub struct ConfigSwitch {
    /// The switch field's key on the wire.
    pub key: String,
    pub variants: Vec<SwitchVariant>,
    /// Variant name for values the table does not list (string switches only).
    pub catch_all: Option<String>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct SwitchVariant {
    pub name: String,
    pub value: SwitchValue,
    pub doc: Option<String>,
    pub members: Vec<Member>,
}

/// A spec field that carries connector configuration.
#[derive(Debug, Clone)]
pub struct Binding {
    /// Rust name of the bound struct (a model type).
    pub schema: String,
    /// Rust name of the configuration field.
    pub field: String,
    /// Its key on the wire.
    pub wire: String,
    pub kind: BindingKind,
}

#[derive(Debug, Clone)]
pub enum BindingKind {
    /// The connector type is a sibling string field: both become one flattened field of
    /// the union type (`type` and `configuration` on the wire), so they cannot disagree.
    Tagged {
        /// Wire key of the connector type field (removed from the struct).
        type_wire: String,
        /// Rust name of the removed type field.
        type_field: String,
        union: String,
    },
    /// The connector type is inside another field (e.g. `type.id` of a response): that
    /// field stays, and the configuration field is typed, read with the type it names.
    Keyed {
        /// Rust name of the field that holds the type.
        type_field: String,
        /// Keys from that field's JSON value down to the type string.
        path: Vec<String>,
        union: String,
    },
    /// The wire does not say the connector type: typed setters and getters convert
    /// between the untyped field and a connector's area type.
    Untyped { area: AreaKind, shape: UntypedShape },
}

/// How an untyped configuration field is declared, so setters wrap values correctly.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct UntypedShape {
    pub required: bool,
    pub nullable: bool,
    /// `serde_json::Value` rather than a JSON object map.
    pub any_json: bool,
}

//! The HTTP runtime every generated operation goes through: client construction,
//! request building, sending and decoding, and the error type.
//!
//! This module is copied verbatim into each generated SDK, so the generated crate never
//! depends on the generator and the two cannot drift apart.

use serde::de::DeserializeOwned;
use serde::Serialize;
use std::fmt;
use std::future::{Future, IntoFuture};
use std::marker::PhantomData;
use std::pin::Pin;
use std::sync::Arc;
use std::time::Duration;

pub use reqwest::Method;

/// The API version sent in `X-Polytomic-Version` unless overridden.
pub const DEFAULT_API_VERSION: &str = "2025-09-18";
/// Where requests go unless [`ClientBuilder::base_url`] says otherwise.
pub const DEFAULT_BASE_URL: &str = "https://app.polytomic.com";

/// Decodes the error body the spec declares for a status (`None`: none declared).
pub type DecodeError<E> = fn(u16, &[u8]) -> Option<Result<E, serde_json::Error>>;

/// How the client authenticates.
#[derive(Clone)]
enum Auth {
    None,
    /// An API key, sent as `Authorization: Bearer <key>`.
    Bearer(String),
}

impl fmt::Debug for Auth {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Auth::None => f.write_str("None"),
            Auth::Bearer(_) => f.write_str("Bearer(<redacted>)"),
        }
    }
}

#[derive(Debug)]
struct Inner {
    http: reqwest::Client,
    base_url: String,
    auth: Auth,
    version: String,
}

/// The API client. Cheap to clone; clones share one connection pool.
///
/// Operations are grouped like the API: `client.model_sync().create(&body).await`.
#[derive(Debug, Clone)]
pub struct Client {
    inner: Arc<Inner>,
}

/// Configures a [`Client`].
#[derive(Debug, Default)]
pub struct ClientBuilder {
    base_url: Option<String>,
    auth: Option<Auth>,
    version: Option<String>,
    timeout: Option<Duration>,
    http: Option<reqwest::Client>,
}

impl ClientBuilder {
    /// Authenticates with an API key (`Authorization: Bearer`).
    pub fn api_key(mut self, key: impl Into<String>) -> Self {
        self.auth = Some(Auth::Bearer(key.into()));
        self
    }

    /// Sends requests to `url` instead of [`DEFAULT_BASE_URL`].
    pub fn base_url(mut self, url: impl Into<String>) -> Self {
        self.base_url = Some(url.into());
        self
    }

    /// Overrides the `X-Polytomic-Version` header.
    pub fn api_version(mut self, version: impl Into<String>) -> Self {
        self.version = Some(version.into());
        self
    }

    /// Gives up on a request after `timeout`.
    pub fn timeout(mut self, timeout: Duration) -> Self {
        self.timeout = Some(timeout);
        self
    }

    /// Uses a caller-configured `reqwest::Client` (proxies, TLS settings, ...).
    pub fn http_client(mut self, http: reqwest::Client) -> Self {
        self.http = Some(http);
        self
    }

    /// Builds the client.
    pub fn build(self) -> Result<Client, reqwest::Error> {
        let http = match self.http {
            Some(h) => h,
            None => {
                let mut b = reqwest::Client::builder();
                if let Some(t) = self.timeout {
                    b = b.timeout(t);
                }
                b.build()?
            }
        };
        let base_url = self.base_url.unwrap_or_else(|| DEFAULT_BASE_URL.to_owned());
        Ok(Client {
            inner: Arc::new(Inner {
                http,
                base_url: base_url.trim_end_matches('/').to_owned(),
                auth: self.auth.unwrap_or(Auth::None),
                version: self.version.unwrap_or_else(|| DEFAULT_API_VERSION.to_owned()),
            }),
        })
    }
}

impl Client {
    /// Starts configuring a client.
    pub fn builder() -> ClientBuilder {
        ClientBuilder::default()
    }

    /// A client for the default base URL authenticating with `api_key`.
    pub fn new(api_key: impl Into<String>) -> Result<Self, reqwest::Error> {
        Self::builder().api_key(api_key).build()
    }

    /// Starts a request; generated operation methods call this.
    #[doc(hidden)]
    pub fn request<T, E>(
        &self,
        method: Method,
        operation_id: &'static str,
        path: String,
        decode_error: DecodeError<E>,
    ) -> Request<'_, T, E> {
        Request {
            client: self,
            method,
            operation_id,
            path,
            query: Vec::new(),
            headers: Vec::new(),
            body: None,
            decode_error,
            _response: PhantomData,
        }
    }
}

/// A request ready to send: `.await` it (or call [`Request::send`]). Per-request
/// options are set with the builder methods before awaiting.
#[must_use = "a request does nothing until it is awaited"]
pub struct Request<'a, T, E> {
    client: &'a Client,
    method: Method,
    operation_id: &'static str,
    path: String,
    query: Vec<(String, String)>,
    headers: Vec<(String, String)>,
    body: Option<Result<Vec<u8>, serde_json::Error>>,
    decode_error: DecodeError<E>,
    _response: PhantomData<fn() -> T>,
}

impl<T, E> fmt::Debug for Request<'_, T, E> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Request")
            .field("operation_id", &self.operation_id)
            .field("method", &self.method)
            .field("path", &self.path)
            .finish_non_exhaustive()
    }
}

impl<'a, T, E> Request<'a, T, E> {
    /// Adds a query parameter (nothing when `value` is `None`).
    #[doc(hidden)]
    pub fn query<V: ParamValue + ?Sized>(mut self, name: &'static str, value: Option<&V>) -> Self {
        if let Some(v) = value {
            v.push_query(name, &mut self.query);
        }
        self
    }

    /// Sets the JSON body.
    #[doc(hidden)]
    pub fn json<B: Serialize + ?Sized>(mut self, body: &B) -> Self {
        self.body = Some(serde_json::to_vec(body));
        self
    }

    /// Adds a header to this request only.
    pub fn header(mut self, name: impl Into<String>, value: impl Into<String>) -> Self {
        self.headers.push((name.into(), value.into()));
        self
    }

    /// The operation this request performs (its `operationId`).
    pub fn operation_id(&self) -> &'static str {
        self.operation_id
    }

    /// Sends the request and decodes the response.
    pub async fn send(self) -> Result<T, Error<E>>
    where
        T: DeserializeOwned,
    {
        let inner = &self.client.inner;
        let body = match self.body {
            Some(Ok(b)) => Some(b),
            Some(Err(e)) => return Err(Error::Serialize(e)),
            None => None,
        };
        let url = format!("{}{}", inner.base_url, self.path);
        let mut req = inner
            .http
            .request(self.method.clone(), &url)
            .header("X-Polytomic-Version", &inner.version)
            .header(reqwest::header::ACCEPT, "application/json");
        if !self.query.is_empty() {
            req = req.query(&self.query);
        }
        if let Auth::Bearer(key) = &inner.auth {
            req = req.bearer_auth(key);
        }
        for (k, v) in &self.headers {
            req = req.header(k.as_str(), v.as_str());
        }
        if let Some(b) = body {
            req = req
                .header(reqwest::header::CONTENT_TYPE, "application/json")
                .body(b);
        }
        let resp = req.send().await.map_err(Error::Transport)?;
        let status = resp.status().as_u16();
        let request_id = resp
            .headers()
            .get("x-request-id")
            .and_then(|v| v.to_str().ok())
            .map(str::to_owned);
        let bytes = resp.bytes().await.map_err(Error::Transport)?;
        if (200..300).contains(&status) {
            decode_body(&bytes).map_err(|e| Error::Decode {
                status,
                request_id,
                message: e.to_string(),
                snippet: snippet(&bytes),
            })
        } else {
            let body = match (self.decode_error)(status, &bytes) {
                Some(Ok(b)) => Some(b),
                _ => None,
            };
            Err(Error::Api {
                status,
                request_id,
                body,
                raw: String::from_utf8_lossy(&bytes).into_owned(),
            })
        }
    }
}

impl<'a, T, E> IntoFuture for Request<'a, T, E>
where
    T: DeserializeOwned + Send + 'a,
    E: Send + 'a,
{
    type Output = Result<T, Error<E>>;
    type IntoFuture = Pin<Box<dyn Future<Output = Self::Output> + Send + 'a>>;

    fn into_future(self) -> Self::IntoFuture {
        Box::pin(self.send())
    }
}

/// Decodes a success body; an empty body decodes as JSON `null` so `()` works.
fn decode_body<T: DeserializeOwned>(bytes: &[u8]) -> Result<T, serde_json::Error> {
    if bytes.iter().all(u8::is_ascii_whitespace) {
        serde_json::from_slice(b"null")
    } else {
        serde_json::from_slice(bytes)
    }
}

/// Decodes an error body the spec declares for a status; used by generated code.
#[doc(hidden)]
pub fn decode_error<E: DeserializeOwned>(bytes: &[u8]) -> Option<Result<E, serde_json::Error>> {
    Some(decode_body(bytes))
}

fn snippet(bytes: &[u8]) -> String {
    let text = String::from_utf8_lossy(bytes);
    text.chars().take(200).collect()
}

/// Why an operation failed.
#[derive(Debug)]
pub enum Error<E> {
    /// The request could not be sent or the response not received.
    Transport(reqwest::Error),
    /// The request body could not be serialized.
    Serialize(serde_json::Error),
    /// The server answered with a non-success status.
    Api {
        status: u16,
        request_id: Option<String>,
        /// The error body, when the spec declares one for this status and it decoded.
        body: Option<E>,
        /// The raw response body.
        raw: String,
    },
    /// A success response whose body did not match the expected type.
    Decode {
        status: u16,
        request_id: Option<String>,
        message: String,
        /// The start of the body, for debugging.
        snippet: String,
    },
}

impl<E> Error<E> {
    /// The HTTP status, when a response was received.
    pub fn status(&self) -> Option<u16> {
        match self {
            Error::Api { status, .. } | Error::Decode { status, .. } => Some(*status),
            Error::Transport(e) => e.status().map(|s| s.as_u16()),
            Error::Serialize(_) => None,
        }
    }

    /// The decoded error body, when there is one.
    pub fn body(&self) -> Option<&E> {
        match self {
            Error::Api { body, .. } => body.as_ref(),
            _ => None,
        }
    }
}

impl<E: fmt::Debug> fmt::Display for Error<E> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Error::Transport(e) => write!(f, "request failed: {e}"),
            Error::Serialize(e) => write!(f, "request body could not be serialized: {e}"),
            Error::Api { status, body: Some(b), .. } => write!(f, "API error {status}: {b:?}"),
            Error::Api { status, raw, .. } => write!(f, "API error {status}: {raw}"),
            Error::Decode { status, message, .. } => {
                write!(f, "response ({status}) did not decode: {message}")
            }
        }
    }
}

impl<E: fmt::Debug> std::error::Error for Error<E> {}

/// Values that can go into a query string or a path segment.
pub trait ParamValue {
    /// The text form sent on the wire.
    fn to_param(&self) -> String;

    /// Appends this value to a query (arrays append one pair per item).
    #[doc(hidden)]
    fn push_query(&self, name: &str, out: &mut Vec<(String, String)>) {
        out.push((name.to_owned(), self.to_param()));
    }
}

macro_rules! display_param {
    ($($t:ty),*) => {$(
        impl ParamValue for $t {
            fn to_param(&self) -> String {
                self.to_string()
            }
        }
    )*};
}
display_param!(str, String, bool, i32, i64, f32, f64, uuid::Uuid, chrono::NaiveDate);

impl ParamValue for chrono::DateTime<chrono::Utc> {
    fn to_param(&self) -> String {
        self.to_rfc3339_opts(chrono::SecondsFormat::AutoSi, true)
    }
}

impl<T: ParamValue> ParamValue for [T] {
    fn to_param(&self) -> String {
        self.iter().map(T::to_param).collect::<Vec<_>>().join(",")
    }

    fn push_query(&self, name: &str, out: &mut Vec<(String, String)>) {
        for v in self {
            v.push_query(name, out);
        }
    }
}

/// Maps go into the query as `deepObject`: `name[key]=value`.
impl<V: ParamValue> ParamValue for std::collections::BTreeMap<String, V> {
    fn to_param(&self) -> String {
        self.iter()
            .map(|(k, v)| format!("{k},{}", v.to_param()))
            .collect::<Vec<_>>()
            .join(",")
    }

    fn push_query(&self, name: &str, out: &mut Vec<(String, String)>) {
        for (k, v) in self {
            v.push_query(&format!("{name}[{k}]"), out);
        }
    }
}

impl<T: ParamValue> ParamValue for Vec<T> {
    fn to_param(&self) -> String {
        self.as_slice().to_param()
    }

    fn push_query(&self, name: &str, out: &mut Vec<(String, String)>) {
        self.as_slice().push_query(name, out)
    }
}

/// Percent-encodes a value for use as one path segment.
#[doc(hidden)]
pub fn path_segment<V: ParamValue + ?Sized>(value: &V) -> String {
    percent_encoding::utf8_percent_encode(&value.to_param(), PATH_SEGMENT).to_string()
}

/// Everything but unreserved characters (RFC 3986) is encoded in a path segment.
const PATH_SEGMENT: &percent_encoding::AsciiSet = &percent_encoding::NON_ALPHANUMERIC
    .remove(b'-')
    .remove(b'.')
    .remove(b'_')
    .remove(b'~');

/// Serde helper for optional, nullable fields: absent stays `None`, `null` becomes
/// `Some(None)`, so both survive a round trip.
#[doc(hidden)]
pub fn deserialize_some<'de, T, D>(d: D) -> Result<Option<T>, D::Error>
where
    T: serde::Deserialize<'de>,
    D: serde::Deserializer<'de>,
{
    T::deserialize(d).map(Some)
}

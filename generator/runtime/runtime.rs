//! The HTTP runtime every generated operation goes through: client configuration,
//! authentication, retries, per-request options, pagination, tracing and the error type.
//!
//! This module is copied verbatim into each generated SDK, so the generated crate never
//! depends on the generator and the two cannot drift apart.
//!
//! # Configuring a client
//!
//! [`Client::builder`] takes one credential and optional settings; [`Client::from_env`]
//! reads the deployment key variable ([`ENV_DEPLOYMENT_KEY`](runtime::ENV_DEPLOYMENT_KEY),
//! which wins when both are set) or the API key variable
//! ([`ENV_API_KEY`](runtime::ENV_API_KEY)), and
//! [`ENV_DEPLOYMENT_URL`](runtime::ENV_DEPLOYMENT_URL) for the base
//! URL; the names come from the spec's title (see [`spec`](spec)).
//!
//! | Setting | Builder method | Default |
//! |---|---|---|
//! | API key, sent as `Authorization: Bearer <key>` | [`ClientBuilder::api_key`] | none |
//! | Deployment key of a self-hosted installation, sent with HTTP basic auth | [`ClientBuilder::deployment_key`] | none |
//! | Organization a deployment key acts on (basic-auth password) | [`ClientBuilder::organization_id`] | none |
//! | Base URL | [`ClientBuilder::base_url`] | [`DEFAULT_BASE_URL`](runtime::DEFAULT_BASE_URL) |
//! | API version header ([`VERSION_HEADER`](spec::VERSION_HEADER)) | [`ClientBuilder::api_version`] | [`DEFAULT_API_VERSION`](runtime::DEFAULT_API_VERSION) |
//! | Timeout of each attempt, from connecting to the end of the body | [`ClientBuilder::timeout`] | 60 s |
//! | Connect timeout | [`ClientBuilder::connect_timeout`] | 10 s |
//! | `User-Agent` | [`ClientBuilder::user_agent`] | `<crate>/<version>` |
//! | Retries | [`ClientBuilder::retry_policy`], [`ClientBuilder::max_attempts`] | [`RetryPolicy::default`] |
//! | Your own `reqwest::Client` (proxies, TLS roots, ...) | [`ClientBuilder::http_client`] | a new one |
//!
//! Credentials never appear in `Debug` output or in traces.
//!
//! ```no_run
//! # async fn run() -> Result<(), Box<dyn std::error::Error>> {
//! use std::time::Duration;
//! use polytomic::runtime::{Client, RetryPolicy};
//!
//! let client = Client::builder()
//!     .api_key("<api key>")
//!     .timeout(Duration::from_secs(30))
//!     .retry_policy(RetryPolicy::default().max_attempts(5))
//!     .build()?;
//! # Ok(())
//! # }
//! ```
//!
//! # Retries
//!
//! A response with status 408, 429 or 5xx is retried with exponential backoff and jitter
//! (or after the delay its `Retry-After` header asks for), up to
//! [`RetryPolicy::max_attempts`] attempts in all. Only requests that are safe to repeat
//! are retried this way: `GET`, `HEAD`, `OPTIONS`, `PUT` and `DELETE` always, `POST` and
//! `PATCH` only when they carry an `Idempotency-Key` ([`Request::idempotency_key`],
//! [`idempotency_key`] makes one). A connection that could not be established is retried
//! for every method, since the server never saw the request; a connection that closed
//! before the response arrived, or while its body was being read, is retried for
//! requests that are safe to repeat (the same rule as for statuses). Timeouts are not
//! retried. When every attempt failed, the error is [`Error::RetriesExhausted`], which
//! says how many attempts were made and holds the last failure.
//!
//! # Redirects and the base URL
//!
//! Redirects are followed (up to 10) only while they stay on the origin (scheme, host and
//! port) of the request, so credentials, per-request headers and bodies never reach
//! another host; a redirect elsewhere is returned as [`Error::Redirect`] with its
//! `Location`. The base URL is a scheme, host, optional port and optional path prefix: one
//! with a query, a fragment or user info is refused by [`ClientBuilder::build`].
//!
//! # Path parameters
//!
//! Each path parameter is percent-encoded into exactly its own segment. Values that URL
//! normalisation would collapse or turn into a step up (empty, `.`, `..`) are refused
//! with [`Error::InvalidPathParameter`] before anything is sent.
//!
//! # Per-request options
//!
//! Every operation returns a [`Request`]; before awaiting it, set
//! [`timeout`](Request::timeout), [`header`](Request::header),
//! [`idempotency_key`](Request::idempotency_key), [`api_version`](Request::api_version)
//! or [`max_attempts`](Request::max_attempts), or several at once with
//! [`options`](Request::options) and a [`RequestOptions`].
//!
//! # Errors
//!
//! [`Error`] tells apart a transport failure ([`Error::Transport`]), a timeout
//! ([`Error::Timeout`]), a non-success status with the error body the API declares for it
//! ([`Error::Api`], which keeps the raw body too), a success response that does not match
//! its type ([`Error::Decode`], with the path of the offending field and the start of the
//! body), and giving up after retries ([`Error::RetriesExhausted`]).
//! [`Error::status`] and [`Error::request_id`] work on all of them.
//!
//! # Pagination
//!
//! Operations that page (a `page_token` or `cursor` parameter and the next token in the
//! response, or a next-page link such as `next_page_uri`) get a second method named
//! `<operation>_stream` (e.g. `list_stream`) that returns a [`Paginated`]: a
//! [`Stream`](futures_core::Stream) of every item across all pages, which follows the
//! token or link until the server returns none. Links are resolved against the first
//! page's URL and must stay on its origin. [`Paginated::try_next`] and
//! [`Paginated::collect_all`] consume it without extra crates.
//!
//! # Tracing
//!
//! Each call runs in a `tracing` span named `api.request` (target: this module) with the fields
//! `operation_id`, `method`, `path` (the template, e.g. `/api/syncs/{id}`), `attempt` and
//! `status`; retries are logged as `debug` events. No header, query value or body is
//! recorded.

use serde::de::DeserializeOwned;
use serde::Serialize;
use std::collections::VecDeque;
use std::fmt;
use std::future::{Future, IntoFuture};
use std::marker::PhantomData;
use std::pin::Pin;
use std::sync::{Arc, Mutex};
use std::task::{Context, Poll};
use std::time::Duration;
use tracing::Instrument as _;

pub use reqwest::Method;

/// The API version sent in the version header unless overridden (from the spec).
pub const DEFAULT_API_VERSION: &str = super::spec::API_VERSION;
/// Where requests go unless [`ClientBuilder::base_url`] says otherwise.
/// The spec's first server; without one, [`ClientBuilder::base_url`] is required.
pub const DEFAULT_BASE_URL: Option<&str> = super::spec::BASE_URL;
/// The `User-Agent` sent unless [`ClientBuilder::user_agent`] says otherwise.
pub const DEFAULT_USER_AGENT: &str =
    concat!(env!("CARGO_PKG_NAME"), "/", env!("CARGO_PKG_VERSION"));
/// The timeout of each attempt unless [`ClientBuilder::timeout`] says otherwise.
pub const DEFAULT_TIMEOUT: Duration = Duration::from_secs(60);
/// The connect timeout unless [`ClientBuilder::connect_timeout`] says otherwise.
pub const DEFAULT_CONNECT_TIMEOUT: Duration = Duration::from_secs(10);

/// Environment variable holding an API key, read by [`Client::from_env`].
pub const ENV_API_KEY: &str = super::spec::ENV_API_KEY;
/// Environment variable holding a deployment key, read by [`Client::from_env`].
pub const ENV_DEPLOYMENT_KEY: &str = super::spec::ENV_DEPLOYMENT_KEY;
/// Environment variable holding the base URL of a deployment, read by [`Client::from_env`].
pub const ENV_DEPLOYMENT_URL: &str = super::spec::ENV_DEPLOYMENT_URL;

/// The header the API version travels in, when the API has one.
const VERSION_HEADER: Option<&str> = super::spec::VERSION_HEADER;
const IDEMPOTENCY_KEY_HEADER: &str = "idempotency-key";
const REQUEST_ID_HEADER: &str = "x-request-id";
/// How much of a body an error message quotes.
const SNIPPET_CHARS: usize = 200;

/// Decodes the error body the spec declares for a status (`None`: none declared).
pub type DecodeError<E> = fn(u16, &[u8]) -> Option<Result<E, serde_json::Error>>;

/// A fresh, random idempotency key (a UUID v4) for [`Request::idempotency_key`].
///
/// Keep the key when you retry a call yourself: the server recognises a repeated request
/// by it.
pub fn idempotency_key() -> String {
    uuid::Uuid::new_v4().to_string()
}

/// How the client authenticates. Secrets never leave through `Debug`.
#[derive(Clone)]
enum Auth {
    None,
    /// An API key, sent as `Authorization: Bearer <key>`.
    Bearer(String),
    /// A deployment key, sent as the basic-auth user name; the organization, when given,
    /// as the password.
    Deployment {
        key: String,
        organization: Option<String>,
    },
}

impl fmt::Debug for Auth {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Auth::None => f.write_str("None"),
            Auth::Bearer(_) => f.write_str("ApiKey(<redacted>)"),
            Auth::Deployment { organization, .. } => f
                .debug_struct("DeploymentKey")
                .field("key", &"<redacted>")
                .field("organization", organization)
                .finish(),
        }
    }
}

impl Auth {
    fn apply(&self, req: reqwest::RequestBuilder) -> reqwest::RequestBuilder {
        match self {
            Auth::None => req,
            Auth::Bearer(key) => req.bearer_auth(key),
            Auth::Deployment { key, organization } => req.basic_auth(key, organization.as_deref()),
        }
    }
}

/// When and how often a failed request is tried again (see the [module docs](self)).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RetryPolicy {
    max_attempts: u32,
    initial_backoff: Duration,
    max_backoff: Duration,
    max_retry_after: Duration,
}

impl Default for RetryPolicy {
    /// 3 attempts, backoff from 500 ms doubling up to 30 s, `Retry-After` up to 60 s.
    fn default() -> Self {
        RetryPolicy {
            max_attempts: 3,
            initial_backoff: Duration::from_millis(500),
            max_backoff: Duration::from_secs(30),
            max_retry_after: Duration::from_secs(60),
        }
    }
}

impl RetryPolicy {
    /// A policy that never retries (one attempt).
    pub fn never() -> Self {
        RetryPolicy::default().max_attempts(1)
    }

    /// Attempts in all, the first one included; `1` disables retries, `0` counts as `1`.
    pub fn max_attempts(mut self, attempts: u32) -> Self {
        self.max_attempts = attempts.max(1);
        self
    }

    /// The delay before the first retry; it doubles for each further one.
    pub fn initial_backoff(mut self, delay: Duration) -> Self {
        self.initial_backoff = delay;
        self
    }

    /// The longest computed delay between two attempts.
    pub fn max_backoff(mut self, delay: Duration) -> Self {
        self.max_backoff = delay;
        self
    }

    /// The longest `Retry-After` the client waits for; a response asking for more is
    /// returned as an error at once instead of blocking the caller.
    pub fn max_retry_after(mut self, delay: Duration) -> Self {
        self.max_retry_after = delay;
        self
    }

    /// Attempts in all, the first one included.
    pub fn attempts(&self) -> u32 {
        self.max_attempts
    }

    /// The delay before attempt `attempt + 1`: exponential, capped, with "equal jitter"
    /// (a random point in the upper half) so that clients do not retry in lockstep.
    fn backoff(&self, attempt: u32) -> Duration {
        let factor = 2u32.saturating_pow(attempt.saturating_sub(1));
        let base = self
            .initial_backoff
            .saturating_mul(factor)
            .min(self.max_backoff);
        let half = base / 2;
        let spread = u64::try_from(half.as_nanos()).unwrap_or(u64::MAX);
        // The OS random source behind UUID v4, so no second randomness crate is needed.
        let random = uuid::Uuid::new_v4().as_u64_pair().1;
        let jitter = if spread == 0 {
            0
        } else {
            random % (spread + 1)
        };
        half + Duration::from_nanos(jitter)
    }
}

#[derive(Debug)]
struct Inner {
    http: reqwest::Client,
    base_url: String,
    auth: Auth,
    version: String,
    user_agent: String,
    timeout: Option<Duration>,
    retry: RetryPolicy,
}

/// The API client. Cheap to clone; clones share one connection pool.
///
/// Operations are grouped like the API: `client.model_sync().create(&body).await`.
/// See the [module docs](self) for configuration, retries, errors and pagination.
#[derive(Debug, Clone)]
pub struct Client {
    inner: Arc<Inner>,
}

/// Configures a [`Client`]; start with [`Client::builder`].
#[derive(Debug)]
pub struct ClientBuilder {
    base_url: Option<String>,
    auth: Auth,
    organization: Option<String>,
    version: Option<String>,
    timeout: Option<Duration>,
    connect_timeout: Option<Duration>,
    user_agent: Option<String>,
    http: Option<reqwest::Client>,
    retry: RetryPolicy,
}

impl Default for ClientBuilder {
    fn default() -> Self {
        ClientBuilder {
            base_url: None,
            auth: Auth::None,
            organization: None,
            version: None,
            timeout: Some(DEFAULT_TIMEOUT),
            connect_timeout: Some(DEFAULT_CONNECT_TIMEOUT),
            user_agent: None,
            http: None,
            retry: RetryPolicy::default(),
        }
    }
}

impl ClientBuilder {
    /// A builder filled from the environment: [`ENV_DEPLOYMENT_KEY`] (which wins when both
    /// are set) or [`ENV_API_KEY`], and [`ENV_DEPLOYMENT_URL`] (a URL, or a bare host that
    /// gets `https://`). Empty variables count as unset.
    pub fn from_env() -> Result<Self, BuildError> {
        Self::from_lookup(|name| std::env::var(name).ok())
    }

    /// Like [`ClientBuilder::from_env`], reading variables through `lookup`.
    pub fn from_lookup(lookup: impl Fn(&str) -> Option<String>) -> Result<Self, BuildError> {
        let var = |name: &str| lookup(name).filter(|v| !v.trim().is_empty());
        let mut builder = ClientBuilder::default();
        if let Some(key) = var(ENV_DEPLOYMENT_KEY) {
            builder = builder.deployment_key(key.trim());
        } else if let Some(key) = var(ENV_API_KEY) {
            builder = builder.api_key(key.trim());
        } else {
            return Err(BuildError::MissingCredentials);
        }
        if let Some(url) = var(ENV_DEPLOYMENT_URL) {
            let url = url.trim();
            builder = if url.contains("://") {
                builder.base_url(url)
            } else {
                builder.base_url(format!("https://{url}"))
            };
        }
        Ok(builder)
    }

    /// Authenticates with an API key (organization, user or partner key), sent as
    /// `Authorization: Bearer <key>`. Replaces a deployment key set before.
    pub fn api_key(mut self, key: impl Into<String>) -> Self {
        self.auth = Auth::Bearer(key.into());
        self
    }

    /// Authenticates with the deployment key of a self-hosted installation, sent with
    /// HTTP basic auth as the user name. Replaces an API key set before.
    pub fn deployment_key(mut self, key: impl Into<String>) -> Self {
        self.auth = Auth::Deployment {
            key: key.into(),
            organization: None,
        };
        self
    }

    /// The organization a deployment key acts on, sent as the basic-auth password
    /// (left empty, it means the deployment itself).
    /// Only valid together with [`ClientBuilder::deployment_key`].
    pub fn organization_id(mut self, organization: impl Into<String>) -> Self {
        self.organization = Some(organization.into());
        self
    }

    /// Sends requests to `url` instead of [`DEFAULT_BASE_URL`], e.g. a self-hosted
    /// deployment. A trailing `/` is ignored.
    pub fn base_url(mut self, url: impl Into<String>) -> Self {
        self.base_url = Some(url.into());
        self
    }

    /// Overrides the API version header (default [`DEFAULT_API_VERSION`]); without a
    /// version header in the spec, this has no effect.
    pub fn api_version(mut self, version: impl Into<String>) -> Self {
        self.version = Some(version.into());
        self
    }

    /// Gives up on an attempt after `timeout`, counted from connecting to the end of the
    /// response body (default [`DEFAULT_TIMEOUT`]).
    pub fn timeout(mut self, timeout: Duration) -> Self {
        self.timeout = Some(timeout);
        self
    }

    /// Lets attempts take as long as they take (no client-wide timeout).
    pub fn no_timeout(mut self) -> Self {
        self.timeout = None;
        self
    }

    /// Gives up connecting after `timeout` (default [`DEFAULT_CONNECT_TIMEOUT`]). Has no
    /// effect with [`ClientBuilder::http_client`]: configure that client instead.
    pub fn connect_timeout(mut self, timeout: Duration) -> Self {
        self.connect_timeout = Some(timeout);
        self
    }

    /// Overrides the `User-Agent` header (default [`DEFAULT_USER_AGENT`]).
    pub fn user_agent(mut self, user_agent: impl Into<String>) -> Self {
        self.user_agent = Some(user_agent.into());
        self
    }

    /// Sends through a caller-configured `reqwest::Client` (proxies, TLS roots,
    /// middleware-free instrumentation, ...). Authentication, headers, timeouts and
    /// retries still come from this builder; redirects follow that client's policy, so
    /// build it with `reqwest::redirect::Policy::none()` (or a same-origin policy) to
    /// keep the default rule that redirects never leave the base URL's origin.
    pub fn http_client(mut self, http: reqwest::Client) -> Self {
        self.http = Some(http);
        self
    }

    /// Sets when and how often failed requests are retried.
    pub fn retry_policy(mut self, retry: RetryPolicy) -> Self {
        self.retry = retry;
        self
    }

    /// Shorthand for changing only [`RetryPolicy::max_attempts`]; `1` disables retries.
    pub fn max_attempts(mut self, attempts: u32) -> Self {
        self.retry = self.retry.max_attempts(attempts);
        self
    }

    /// Checks the settings and builds the client.
    pub fn build(self) -> Result<Client, BuildError> {
        let auth = match (self.auth, self.organization) {
            (Auth::Deployment { key, .. }, organization) => Auth::Deployment { key, organization },
            (_, Some(_)) => return Err(BuildError::OrganizationWithoutDeploymentKey),
            (auth, None) => auth,
        };
        let credential_ok = match &auth {
            Auth::None => true,
            Auth::Bearer(key) => header_value_ok(key),
            Auth::Deployment { key, organization } => {
                header_value_ok(key) && organization.iter().all(|o| header_value_ok(o))
            }
        };
        if !credential_ok {
            return Err(BuildError::InvalidCredential);
        }
        let Some(base_url) = self.base_url.or(DEFAULT_BASE_URL.map(str::to_owned)) else {
            return Err(BuildError::InvalidBaseUrl {
                url: String::new(),
                reason: "the spec names no server; set one with `ClientBuilder::base_url`"
                    .to_owned(),
            });
        };
        let base_url = base_url.trim().trim_end_matches('/').to_owned();
        if let Err((url, reason)) = check_base_url(&base_url) {
            return Err(BuildError::InvalidBaseUrl { url, reason });
        }
        let version = self
            .version
            .unwrap_or_else(|| DEFAULT_API_VERSION.to_owned());
        if !header_value_ok(&version) {
            return Err(BuildError::InvalidHeaderValue {
                header: VERSION_HEADER.unwrap_or("version"),
            });
        }
        let user_agent = self
            .user_agent
            .unwrap_or_else(|| DEFAULT_USER_AGENT.to_owned());
        if !header_value_ok(&user_agent) {
            return Err(BuildError::InvalidHeaderValue {
                header: "User-Agent",
            });
        }
        let http = match self.http {
            Some(h) => h,
            None => {
                let mut b = reqwest::Client::builder().redirect(same_origin_redirects());
                if let Some(t) = self.connect_timeout {
                    b = b.connect_timeout(t);
                }
                b.build().map_err(BuildError::Http)?
            }
        };
        Ok(Client {
            inner: Arc::new(Inner {
                http,
                base_url,
                auth,
                version,
                user_agent,
                timeout: self.timeout,
                retry: self.retry,
            }),
        })
    }
}

/// A base URL is a scheme, a host, an optional port and an optional path prefix: request
/// paths are appended to it as text, so a query or fragment would swallow them, and user
/// info would send a second set of credentials.
fn check_base_url(base_url: &str) -> Result<(), (String, String)> {
    let fail = |reason: &str| Err((base_url.to_owned(), reason.to_owned()));
    let mut url = match reqwest::Url::parse(base_url) {
        Ok(url) => url,
        Err(e) => return fail(&e.to_string()),
    };
    if url.scheme() != "http" && url.scheme() != "https" {
        return fail("the scheme must be http or https");
    }
    if url.query().is_some() {
        return fail("it has a query (`?...`); request paths are appended to the base URL");
    }
    if url.fragment().is_some() {
        return fail("it has a fragment (`#...`); request paths are appended to the base URL");
    }
    if !url.username().is_empty() || url.password().is_some() {
        // The error must not repeat the password.
        let _ = url.set_password(url.password().map(|_| "<redacted>"));
        return Err((
            url.to_string(),
            "it carries user info (`user:password@`); set credentials on the builder instead"
                .to_owned(),
        ));
    }
    Ok(())
}

/// Follows redirects within the origin of the original request only (at most 10), so
/// per-request headers and bodies never reach another host; a redirect elsewhere is
/// returned to the caller as [`Error::Redirect`].
fn same_origin_redirects() -> reqwest::redirect::Policy {
    reqwest::redirect::Policy::custom(|attempt| {
        let same_origin = attempt
            .previous()
            .first()
            .is_some_and(|first| first.origin() == attempt.url().origin());
        if !same_origin {
            attempt.stop()
        } else if attempt.previous().len() > 10 {
            attempt.error("more than 10 redirects")
        } else {
            attempt.follow()
        }
    })
}

fn header_value_ok(value: &str) -> bool {
    reqwest::header::HeaderValue::from_str(value).is_ok()
}

/// Why [`ClientBuilder::build`] or [`Client::from_env`] failed.
#[derive(Debug)]
#[non_exhaustive]
pub enum BuildError {
    /// `from_env` found neither [`ENV_DEPLOYMENT_KEY`] nor [`ENV_API_KEY`].
    MissingCredentials,
    /// The key (or organization id) contains characters a header cannot carry.
    InvalidCredential,
    /// An organization id was given without a deployment key.
    OrganizationWithoutDeploymentKey,
    /// The base URL does not parse or is not http(s).
    InvalidBaseUrl { url: String, reason: String },
    /// A configured header value contains characters a header cannot carry.
    InvalidHeaderValue { header: &'static str },
    /// The HTTP client could not be created (e.g. no TLS backend).
    Http(reqwest::Error),
}

impl fmt::Display for BuildError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            BuildError::MissingCredentials => write!(
                f,
                "no credentials: set {ENV_DEPLOYMENT_KEY} or {ENV_API_KEY}"
            ),
            BuildError::InvalidCredential => f.write_str(
                "the key or organization id contains characters that cannot be sent in a header",
            ),
            BuildError::OrganizationWithoutDeploymentKey => {
                f.write_str("an organization id is only used with a deployment key")
            }
            BuildError::InvalidBaseUrl { url, reason } => {
                write!(f, "invalid base URL `{url}`: {reason}")
            }
            BuildError::InvalidHeaderValue { header } => {
                write!(
                    f,
                    "the {header} value contains characters that cannot be sent in a header"
                )
            }
            BuildError::Http(e) => write!(f, "the HTTP client could not be built: {e}"),
        }
    }
}

impl std::error::Error for BuildError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            BuildError::Http(e) => Some(e),
            _ => None,
        }
    }
}

impl Client {
    /// Starts configuring a client.
    pub fn builder() -> ClientBuilder {
        ClientBuilder::default()
    }

    /// A client for the default base URL authenticating with `api_key`.
    pub fn new(api_key: impl Into<String>) -> Result<Self, BuildError> {
        Self::builder().api_key(api_key).build()
    }

    /// A client configured from the environment (see [`ClientBuilder::from_env`]).
    pub fn from_env() -> Result<Self, BuildError> {
        ClientBuilder::from_env()?.build()
    }

    /// The base URL requests go to.
    pub fn base_url(&self) -> &str {
        &self.inner.base_url
    }

    /// The API version sent unless a request overrides it.
    pub fn api_version(&self) -> &str {
        &self.inner.version
    }

    /// Starts a request; generated operation methods call this.
    #[doc(hidden)]
    pub fn request<T, E, O>(
        &self,
        method: Method,
        operation_id: &'static str,
        path_template: &'static str,
        decode_error: DecodeError<E>,
    ) -> Request<'_, T, E, O> {
        Request {
            client: self,
            method,
            operation_id,
            path_template,
            path: path_template.to_owned(),
            invalid_path: None,
            link: None,
            query: Vec::new(),
            body: None,
            multipart: None,
            stream: None,
            content_type: "application/json",
            accept: "application/json",
            reading: Reading::Json,
            decode_error,
            options: RequestOptions::default(),
            _response: PhantomData,
            _operation: PhantomData,
        }
    }
}

/// Options for one request (or, on [`Paginated`], for each page request).
///
/// ```
/// # use polytomic::runtime::RequestOptions;
/// use std::time::Duration;
/// let options = RequestOptions::new()
///     .timeout(Duration::from_secs(5))
///     .header("X-Trace", "abc");
/// ```
#[derive(Clone, Default, PartialEq, Eq)]
pub struct RequestOptions {
    timeout: Option<Duration>,
    headers: Vec<(String, String)>,
    idempotency_key: Option<String>,
    version: Option<String>,
    max_attempts: Option<u32>,
}

impl fmt::Debug for RequestOptions {
    // Header values may be credentials; only names are shown.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let names: Vec<&str> = self.headers.iter().map(|(n, _)| n.as_str()).collect();
        f.debug_struct("RequestOptions")
            .field("timeout", &self.timeout)
            .field("headers", &names)
            .field("idempotency_key", &self.idempotency_key)
            .field("version", &self.version)
            .field("max_attempts", &self.max_attempts)
            .finish()
    }
}

impl RequestOptions {
    /// No options: the client's settings apply.
    pub fn new() -> Self {
        Self::default()
    }

    /// The timeout of each attempt, instead of the client's.
    pub fn timeout(mut self, timeout: Duration) -> Self {
        self.timeout = Some(timeout);
        self
    }

    /// An extra header; a header the client sets itself is replaced.
    pub fn header(mut self, name: impl Into<String>, value: impl Into<String>) -> Self {
        self.headers.push((name.into(), value.into()));
        self
    }

    /// Sends `Idempotency-Key: <key>`, which also makes a `POST` or `PATCH` retryable.
    pub fn idempotency_key(mut self, key: impl Into<String>) -> Self {
        self.idempotency_key = Some(key.into());
        self
    }

    /// The API version of this request, instead of the client's.
    pub fn api_version(mut self, version: impl Into<String>) -> Self {
        self.version = Some(version.into());
        self
    }

    /// Attempts in all for this request, instead of the client's retry policy's.
    pub fn max_attempts(mut self, attempts: u32) -> Self {
        self.max_attempts = Some(attempts.max(1));
        self
    }

    /// `other`'s settings win; headers add up.
    fn merge(&mut self, other: RequestOptions) {
        self.timeout = other.timeout.or(self.timeout);
        self.headers.extend(other.headers);
        self.idempotency_key = other.idempotency_key.or(self.idempotency_key.take());
        self.version = other.version.or(self.version.take());
        self.max_attempts = other.max_attempts.or(self.max_attempts);
    }
}

/// A request ready to send: `.await` it (or call [`Request::send`]).
///
/// Before awaiting, set the operation's optional parameters with its setters
/// (`client.model_sync().list().limit(50).active(true)`) and per-request options with the
/// methods below. `T` is the success body, `E` the error body the spec declares, and `O`
/// a marker naming the operation (in `client::ops`), which is what gives each operation
/// its own setters; a paginated operation's request also has `.stream()`.
#[must_use = "a request does nothing until it is awaited"]
pub struct Request<'a, T, E, O = ()> {
    client: &'a Client,
    method: Method,
    operation_id: &'static str,
    path_template: &'static str,
    /// The template with the path parameters filled in so far.
    path: String,
    /// The first path parameter that cannot address its own segment, and why.
    invalid_path: Option<(&'static str, &'static str)>,
    /// A next-page link that replaces the path and query (link-style pagination).
    link: Option<String>,
    query: Vec<(String, String)>,
    /// The serialized body, or why it could not be serialized (kept as text, so a request
    /// can be copied for each page of a stream).
    body: Option<Result<Vec<u8>, String>>,
    /// A multipart body's parts (sent instead of `body`, with a fresh boundary each time).
    multipart: Option<Vec<Part>>,
    /// A streamed body (sent instead of `body`, once: copies of the request share it).
    stream: Option<Arc<Mutex<Option<reqwest::Body>>>>,
    /// The media type of `body`.
    content_type: &'static str,
    /// The `Accept` media type, and how the success body is read.
    accept: &'static str,
    reading: Reading,
    decode_error: DecodeError<E>,
    options: RequestOptions,
    _response: PhantomData<fn() -> T>,
    _operation: PhantomData<fn() -> O>,
}

/// How a success body is read.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Reading {
    Json,
    Text,
    Binary,
}

// By hand: a derive would require `T`, `E` and `O` to be `Clone`, which only markers are.
impl<T, E, O> Clone for Request<'_, T, E, O> {
    fn clone(&self) -> Self {
        Request {
            client: self.client,
            method: self.method.clone(),
            operation_id: self.operation_id,
            path_template: self.path_template,
            path: self.path.clone(),
            invalid_path: self.invalid_path,
            link: self.link.clone(),
            query: self.query.clone(),
            body: self.body.clone(),
            multipart: self.multipart.clone(),
            stream: self.stream.clone(),
            content_type: self.content_type,
            accept: self.accept,
            reading: self.reading,
            decode_error: self.decode_error,
            options: self.options.clone(),
            _response: PhantomData,
            _operation: PhantomData,
        }
    }
}

impl<T, E, O> fmt::Debug for Request<'_, T, E, O> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Request")
            .field("operation_id", &self.operation_id)
            .field("method", &self.method)
            .field("path", &self.path)
            .field("options", &self.options)
            .finish_non_exhaustive()
    }
}

impl<'a, T, E, O> Request<'a, T, E, O> {
    /// Fills the path parameter `{name}` of the template with `value`, percent-encoded.
    ///
    /// A value that would not address exactly its own segment (empty, `.` or `..`, which
    /// URL normalisation collapses or removes, even percent-encoded) makes the request
    /// fail with [`Error::InvalidPathParameter`] before anything is sent.
    #[doc(hidden)]
    pub fn path_param<V: ParamValue + ?Sized>(mut self, name: &'static str, value: &V) -> Self {
        let text = value.to_param();
        let problem = match text.as_str() {
            "" => Some("is empty"),
            "." => Some("is `.`, which would address the parent path"),
            ".." => Some("is `..`, which would address the path above it"),
            _ => None,
        };
        if let Some(reason) = problem {
            self.invalid_path.get_or_insert((name, reason));
            return self;
        }
        let encoded = percent_encoding::utf8_percent_encode(&text, PATH_SEGMENT).to_string();
        // Encoding turns `{` into `%7B`, so a value can never fill another placeholder.
        self.path = self.path.replacen(&format!("{{{name}}}"), &encoded, 1);
        self
    }

    /// Requests `link`, the next page's URL as a link-style API returns it (absolute, or
    /// relative to this request's URL), instead of this request's path and query. A link
    /// to another origin is refused with [`Error::InvalidNextLink`].
    #[doc(hidden)]
    pub fn follow_link(mut self, link: &str) -> Self {
        self.link = Some(link.to_owned());
        self
    }

    /// Adds a query parameter (nothing when `value` is `None`).
    #[doc(hidden)]
    pub fn query<V: ParamValue + ?Sized>(mut self, name: &'static str, value: Option<&V>) -> Self {
        if let Some(v) = value {
            v.push_query(name, &mut self.query);
        }
        self
    }

    /// Sets a query parameter, replacing any value it had (nothing when `value` is `None`);
    /// used by the setters of optional parameters, so setting one twice keeps the last.
    #[doc(hidden)]
    pub fn set_query<V: ParamValue + ?Sized>(mut self, name: &'static str, value: &V) -> Self {
        self.query
            .retain(|(n, _)| n != name && !is_deep_key(n, name));
        value.push_query(name, &mut self.query);
        self
    }

    /// Sets a header of this request from a parameter value, replacing any value it had.
    #[doc(hidden)]
    pub fn set_header<V: ParamValue + ?Sized>(mut self, name: &'static str, value: &V) -> Self {
        self.options
            .headers
            .retain(|(n, _)| !n.eq_ignore_ascii_case(name));
        self.options
            .headers
            .push((name.to_owned(), value.to_param()));
        self
    }

    /// Adds a query parameter written per its `style` and `explode` (nothing when `value`
    /// is `None`): objects, unions and lists of them, through their JSON form.
    #[doc(hidden)]
    pub fn query_styled<V: Serialize + ?Sized>(
        mut self,
        name: &'static str,
        style: Style,
        explode: bool,
        value: Option<&V>,
    ) -> Self {
        if let Some(v) = value {
            self.query
                .extend(style_query(name, style, explode, &to_json(v)));
        }
        self
    }

    /// [`Request::query_styled`], replacing any value the parameter had (for setters).
    #[doc(hidden)]
    pub fn set_query_styled<V: Serialize + ?Sized>(
        mut self,
        name: &'static str,
        style: Style,
        explode: bool,
        value: &V,
    ) -> Self {
        self.query
            .retain(|(n, _)| n != name && !is_deep_key(n, name));
        self.query_styled(name, style, explode, Some(value))
    }

    /// Fills the path parameter `{name}` with `value` written per its `style` and
    /// `explode` (`simple`, `label` or `matrix`), each piece percent-encoded.
    #[doc(hidden)]
    pub fn path_param_styled<V: Serialize + ?Sized>(
        mut self,
        name: &'static str,
        style: Style,
        explode: bool,
        value: &V,
    ) -> Self {
        let text = style_path(name, style, explode, &to_json(value));
        if text.is_empty() || text == "." || text == ".." {
            self.invalid_path
                .get_or_insert((name, "is empty or would address another path"));
            return self;
        }
        self.path = self.path.replacen(&format!("{{{name}}}"), &text, 1);
        self
    }

    /// Sets a header from a value written in its style (`simple`, or JSON text), replacing
    /// any value it had.
    #[doc(hidden)]
    pub fn set_header_styled<V: Serialize + ?Sized>(
        mut self,
        name: &'static str,
        style: Style,
        explode: bool,
        value: &V,
    ) -> Self {
        self.options
            .headers
            .retain(|(n, _)| !n.eq_ignore_ascii_case(name));
        let text = style_text(style, explode, &to_json(value));
        self.options.headers.push((name.to_owned(), text));
        self
    }

    /// Sets the JSON body.
    #[doc(hidden)]
    pub fn json<B: Serialize + ?Sized>(mut self, body: &B) -> Self {
        self.body = Some(serde_json::to_vec(body).map_err(|e| e.to_string()));
        self.content_type = "application/json";
        self
    }

    /// Sets an `application/x-www-form-urlencoded` body: the object's fields as
    /// `key=value` pairs, an array as one pair per item, absent and `null` fields left
    /// out, nested objects as JSON text (OpenAPI's default form encoding).
    #[doc(hidden)]
    pub fn form<B: Serialize + ?Sized>(mut self, body: &B) -> Self {
        self.body = Some(
            serde_json::to_value(body)
                .map_err(|e| e.to_string())
                .and_then(|v| form_encode(&v)),
        );
        self.content_type = "application/x-www-form-urlencoded";
        self
    }

    /// Sets a `multipart/form-data` body: one part per field of the form.
    #[doc(hidden)]
    pub fn multipart<B: MultipartForm + ?Sized>(mut self, body: &B) -> Self {
        match body.parts() {
            Ok(parts) => self.multipart = Some(parts),
            Err(e) => self.body = Some(Err(e)),
        }
        self
    }

    /// Sets a text body of the given media type.
    #[doc(hidden)]
    pub fn text_body(mut self, body: &str, content_type: &'static str) -> Self {
        self.body = Some(Ok(body.as_bytes().to_vec()));
        self.content_type = content_type;
        self
    }

    /// Sets a binary body of the given media type: bytes, or a stream.
    #[doc(hidden)]
    pub fn binary_body(mut self, body: impl Into<BinaryBody>, content_type: &'static str) -> Self {
        match body.into().0 {
            BinaryInner::Bytes(b) => self.body = Some(Ok(b)),
            BinaryInner::Stream(s) => {
                self.body = None;
                self.stream = Some(Arc::new(Mutex::new(Some(s))));
            }
        }
        self.content_type = content_type;
        self
    }

    /// Reads the success body as text of the given media type (into a `String`).
    #[doc(hidden)]
    pub fn text_response(mut self, accept: &'static str) -> Self {
        self.accept = accept;
        self.reading = Reading::Text;
        self
    }

    /// Reads the success body as bytes of the given media type (into [`Binary`]).
    #[doc(hidden)]
    pub fn binary_response(mut self, accept: &'static str) -> Self {
        self.accept = accept;
        self.reading = Reading::Binary;
        self
    }

    /// Adds a header to this request only; a header the client sets itself is replaced.
    pub fn header(mut self, name: impl Into<String>, value: impl Into<String>) -> Self {
        self.options.headers.push((name.into(), value.into()));
        self
    }

    /// Gives up on each attempt of this request after `timeout`.
    pub fn timeout(mut self, timeout: Duration) -> Self {
        self.options.timeout = Some(timeout);
        self
    }

    /// Sends `Idempotency-Key: <key>`; a `POST` or `PATCH` with a key is retried like a
    /// `GET`. [`idempotency_key`] makes a fresh key.
    pub fn idempotency_key(mut self, key: impl Into<String>) -> Self {
        self.options.idempotency_key = Some(key.into());
        self
    }

    /// Sends this request with another API version.
    pub fn api_version(mut self, version: impl Into<String>) -> Self {
        self.options.version = Some(version.into());
        self
    }

    /// Tries this request at most `attempts` times (`1`: no retries).
    pub fn max_attempts(mut self, attempts: u32) -> Self {
        self.options.max_attempts = Some(attempts.max(1));
        self
    }

    /// Applies several options at once; they win over options set before.
    pub fn options(mut self, options: RequestOptions) -> Self {
        self.options.merge(options);
        self
    }

    /// The operation this request performs (its `operationId`).
    pub fn operation_id(&self) -> &'static str {
        self.operation_id
    }

    /// Sends the request (retrying as configured) and decodes the response.
    pub async fn send(self) -> Result<T, Error<E>>
    where
        T: DeserializeOwned,
    {
        let (transmission, span, decode_error, reading) = self.transmission(false)?;
        let sent = transmission.run(span.clone()).instrument(span).await;
        sent.decode(decode_error, reading)
    }

    /// Sends the request (retrying as configured, until a response starts) and returns a
    /// success body as it arrives instead of reading it whole: for downloads. An error
    /// response is read and decoded as [`Request::send`] does.
    pub async fn download(self) -> Result<Download, Error<E>> {
        let (transmission, span, decode_error, reading) = self.transmission(true)?;
        match transmission.run(span.clone()).instrument(span).await {
            Sent::Streaming { response } => Ok(Download {
                response: Some(response),
                rest: None,
            }),
            // An error response (or a failure) decodes as usual; a success always streams,
            // but should one arrive whole it is handed out whole.
            other => other
                .decode::<Binary, E>(decode_error, reading)
                .map(|b| Download {
                    response: None,
                    rest: Some(b.0),
                }),
        }
    }

    /// The typeless request, its span, and how its responses are read.
    #[allow(clippy::type_complexity)]
    fn transmission(
        self,
        stream_success: bool,
    ) -> Result<(Transmission<'a>, tracing::Span, DecodeError<E>, Reading), Error<E>> {
        let span = tracing::info_span!(
            "api.request",
            operation_id = self.operation_id,
            method = %self.method,
            path = self.path_template,
            attempt = tracing::field::Empty,
            status = tracing::field::Empty,
        );
        if let Some((name, reason)) = self.invalid_path {
            return Err(Error::InvalidPathParameter { name, reason });
        }
        let body = match self.body {
            Some(Ok(b)) => Some(b),
            Some(Err(e)) => return Err(Error::Serialize(serde::ser::Error::custom(e))),
            None => None,
        };
        let stream = match &self.stream {
            None => None,
            Some(shared) => match shared.lock().ok().and_then(|mut s| s.take()) {
                Some(s) => Some(s),
                None => {
                    return Err(Error::Serialize(serde::ser::Error::custom(
                        "a streamed body can be sent only once; this request (or a copy) was sent before",
                    )))
                }
            },
        };
        let transmission = Transmission {
            client: self.client,
            method: self.method,
            path: self.path,
            link: self.link,
            query: self.query,
            body,
            multipart: self.multipart,
            stream,
            content_type: self.content_type,
            accept: self.accept,
            options: self.options,
            stream_success,
        };
        Ok((transmission, span, self.decode_error, self.reading))
    }
}

/// A response body being received (see [`Request::download`]).
#[derive(Debug)]
pub struct Download {
    response: Option<reqwest::Response>,
    /// A body that arrived whole, handed out as one chunk.
    rest: Option<Vec<u8>>,
}

impl Download {
    /// The HTTP status of the response.
    pub fn status(&self) -> u16 {
        self.response.as_ref().map_or(200, |r| r.status().as_u16())
    }

    /// The media type the server announced.
    pub fn content_type(&self) -> Option<&str> {
        self.response
            .as_ref()?
            .headers()
            .get(reqwest::header::CONTENT_TYPE)
            .and_then(|v| v.to_str().ok())
    }

    /// The body's length, when the server announced it.
    pub fn content_length(&self) -> Option<u64> {
        match &self.response {
            Some(r) => r.content_length(),
            None => self.rest.as_ref().map(|b| b.len() as u64),
        }
    }

    /// The next piece of the body as it arrives; `None` once it is complete.
    pub async fn chunk(&mut self) -> Result<Option<Vec<u8>>, Error<std::convert::Infallible>> {
        if let Some(rest) = self.rest.take() {
            return Ok(Some(rest));
        }
        let Some(response) = &mut self.response else {
            return Ok(None);
        };
        response
            .chunk()
            .await
            .map(|c| c.map(Vec::from))
            .map_err(|e| {
                if e.is_timeout() {
                    Error::Timeout(e)
                } else {
                    Error::Transport(e)
                }
            })
    }

    /// Reads the rest of the body into memory.
    pub async fn bytes(mut self) -> Result<Vec<u8>, Error<std::convert::Infallible>> {
        let mut out = Vec::new();
        while let Some(chunk) = self.chunk().await? {
            out.extend_from_slice(&chunk);
        }
        Ok(out)
    }
}

/// The typeless part of a request. Sending and retrying live here, apart from the
/// operation's response and error types, so the retry loop is compiled once for the crate
/// rather than once per response type.
struct Transmission<'a> {
    client: &'a Client,
    method: Method,
    path: String,
    link: Option<String>,
    query: Vec<(String, String)>,
    body: Option<Vec<u8>>,
    multipart: Option<Vec<Part>>,
    /// A streamed body: sent by the first attempt, so such a request is never retried.
    stream: Option<reqwest::Body>,
    content_type: &'static str,
    accept: &'static str,
    options: RequestOptions,
    /// Return a success response unread (a download) instead of reading its body.
    stream_success: bool,
}

/// How a transmission ended. `gave_up_after` is the number of attempts when the last of
/// several retryable attempts failed too.
enum Sent {
    Response {
        status: u16,
        request_id: Option<String>,
        /// The `Location` of a 3xx response (a redirect the client did not follow).
        location: Option<String>,
        bytes: Vec<u8>,
        gave_up_after: Option<u32>,
    },
    Failed {
        error: reqwest::Error,
        gave_up_after: Option<u32>,
    },
    InvalidHeader(String),
    InvalidLink {
        link: String,
        reason: &'static str,
    },
    /// A success response whose body is still to be read (downloads).
    Streaming {
        response: reqwest::Response,
    },
}

impl Transmission<'_> {
    async fn run(mut self, span: tracing::Span) -> Sent {
        let inner = &*self.client.inner;
        let headers = match extra_headers(&self.options) {
            Ok(h) => h,
            Err(name) => return Sent::InvalidHeader(name),
        };
        let version = self.options.version.as_deref().unwrap_or(&inner.version);
        if !header_value_ok(version) {
            return Sent::InvalidHeader(VERSION_HEADER.unwrap_or("version").to_owned());
        }
        let timeout = self.options.timeout.or(inner.timeout);
        // A stream is read by the attempt that sends it; there is nothing to send again.
        let max_attempts = if self.stream.is_some() {
            1
        } else {
            self.options
                .max_attempts
                .unwrap_or(inner.retry.max_attempts)
                .max(1)
        };
        // A response may be answered by a retry only if repeating the request is harmless.
        let repeatable = is_idempotent(&self.method) || self.options.idempotency_key.is_some();
        let first_page = format!("{}{}", inner.base_url, self.path);
        let (url, query) = match &self.link {
            None => (first_page, self.query.as_slice()),
            // The link carries its own query.
            Some(link) => match resolve_link(&first_page, link) {
                Ok(url) => (url, &[][..]),
                Err(reason) => {
                    return Sent::InvalidLink {
                        link: link.clone(),
                        reason,
                    }
                }
            },
        };
        let gave_up = |retryable: bool, attempt: u32| (retryable && attempt > 1).then_some(attempt);
        let mut attempt: u32 = 0;
        loop {
            attempt += 1;
            span.record("attempt", attempt);
            let mut req = inner
                .http
                .request(self.method.clone(), &url)
                .header(reqwest::header::ACCEPT, self.accept)
                .header(reqwest::header::USER_AGENT, &inner.user_agent);
            if let Some(name) = VERSION_HEADER {
                req = req.header(name, version);
            }
            req = inner.auth.apply(req);
            if !query.is_empty() {
                req = req.query(query);
            }
            if let Some(t) = timeout {
                req = req.timeout(t);
            }
            if let Some(parts) = &self.multipart {
                // reqwest sets the content type with the form's boundary.
                req = req.multipart(multipart_form(parts));
            } else if let Some(s) = self.stream.take() {
                req = req
                    .header(reqwest::header::CONTENT_TYPE, self.content_type)
                    .body(s);
            } else if let Some(b) = &self.body {
                req = req
                    .header(reqwest::header::CONTENT_TYPE, self.content_type)
                    .body(b.clone());
            }
            // Caller headers go last so they replace the defaults above.
            let mut request = match req.build() {
                Ok(r) => r,
                Err(error) => {
                    return Sent::Failed {
                        error,
                        gave_up_after: None,
                    }
                }
            };
            for (name, value) in &headers {
                request.headers_mut().insert(name.clone(), value.clone());
            }
            let outcome = match inner.http.execute(request).await {
                Ok(resp) => {
                    // Only two headers matter afterwards: read them before the body
                    // consumes the response instead of copying the whole header map.
                    let status = resp.status().as_u16();
                    let header = |name| {
                        resp.headers()
                            .get(name)
                            .and_then(|v| v.to_str().ok())
                            .map(str::to_owned)
                    };
                    let request_id = header(REQUEST_ID_HEADER);
                    let location = (300..400)
                        .contains(&status)
                        .then(|| header(reqwest::header::LOCATION.as_str()))
                        .flatten();
                    let wait = retry_after(resp.headers());
                    if self.stream_success && (200..300).contains(&status) {
                        span.record("status", status);
                        return Sent::Streaming { response: resp };
                    }
                    resp.bytes()
                        .await
                        .map(|b| (status, request_id, location, wait, Vec::from(b)))
                }
                Err(e) => Err(e),
            };
            match outcome {
                Ok((status, request_id, location, wait, bytes)) => {
                    span.record("status", status);
                    let retryable =
                        !(200..300).contains(&status) && repeatable && is_retryable_status(status);
                    if retryable && attempt < max_attempts {
                        let delay = match wait {
                            Some(d) if d > inner.retry.max_retry_after => {
                                tracing::debug!(
                                    status,
                                    retry_after_ms = d.as_millis() as u64,
                                    "not retrying: Retry-After exceeds the policy's limit"
                                );
                                return Sent::Response {
                                    status,
                                    request_id,
                                    location,
                                    bytes,
                                    gave_up_after: None,
                                };
                            }
                            Some(d) => d,
                            None => inner.retry.backoff(attempt),
                        };
                        tracing::debug!(
                            status,
                            attempt,
                            delay_ms = delay.as_millis() as u64,
                            "retrying after a retryable status"
                        );
                        tokio::time::sleep(delay).await;
                        continue;
                    }
                    return Sent::Response {
                        status,
                        request_id,
                        location,
                        bytes,
                        gave_up_after: gave_up(retryable, attempt),
                    };
                }
                Err(error) => {
                    // Nothing reached the server when the connection failed, so any method
                    // may be retried. A connection closed before or during the response
                    // (reset, cut body) may have reached it, so only requests that are
                    // safe to repeat are retried then. A timeout is the caller's budget
                    // running out; a redirect loop would only loop again.
                    let dropped = !error.is_redirect() && !error.is_builder();
                    let retryable =
                        !error.is_timeout() && (error.is_connect() || (repeatable && dropped));
                    if retryable && attempt < max_attempts {
                        let delay = inner.retry.backoff(attempt);
                        tracing::debug!(
                            attempt,
                            delay_ms = delay.as_millis() as u64,
                            "retrying after a connection failure"
                        );
                        tokio::time::sleep(delay).await;
                        continue;
                    }
                    return Sent::Failed {
                        error,
                        gave_up_after: gave_up(retryable, attempt),
                    };
                }
            }
        }
    }
}

impl Sent {
    /// The operation's result: the decoded success body or a typed error.
    fn decode<T: DeserializeOwned, E>(
        self,
        decode_error: DecodeError<E>,
        reading: Reading,
    ) -> Result<T, Error<E>> {
        match self {
            Sent::InvalidHeader(name) => Err(Error::InvalidHeader(name)),
            Sent::InvalidLink { link, reason } => Err(Error::InvalidNextLink { link, reason }),
            // Only downloads ask for an unread body, and they do not decode it here.
            Sent::Streaming { response } => Err(Error::Decode {
                status: response.status().as_u16(),
                request_id: None,
                path: ".".to_owned(),
                snippet: String::new(),
                source: serde::de::Error::custom("the body was left unread for a download"),
            }),
            Sent::Failed {
                error,
                gave_up_after,
            } => {
                let error = if error.is_timeout() {
                    Error::Timeout(error)
                } else {
                    Error::Transport(error)
                };
                Err(exhausted(error, gave_up_after))
            }
            Sent::Response {
                status,
                request_id,
                location,
                bytes,
                gave_up_after,
            } => {
                if let Some(location) = location {
                    return Err(Error::Redirect {
                        status,
                        request_id,
                        location,
                    });
                }
                if (200..300).contains(&status) {
                    return read_success(&bytes, reading).map_err(|(path, source)| Error::Decode {
                        status,
                        request_id,
                        path,
                        snippet: snippet(&bytes),
                        source,
                    });
                }
                let error = Error::Api {
                    status,
                    request_id,
                    body: match decode_error(status, &bytes) {
                        Some(Ok(b)) => Some(b),
                        _ => None,
                    },
                    raw: String::from_utf8_lossy(&bytes).into_owned(),
                };
                Err(exhausted(error, gave_up_after))
            }
        }
    }
}

impl<'a, T, E, O> IntoFuture for Request<'a, T, E, O>
where
    T: DeserializeOwned + Send + 'a,
    E: Send + 'a,
    O: 'a,
{
    type Output = Result<T, Error<E>>;
    type IntoFuture = Pin<Box<dyn Future<Output = Self::Output> + Send + 'a>>;

    fn into_future(self) -> Self::IntoFuture {
        Box::pin(self.send())
    }
}

/// The caller's headers (and the idempotency key), checked once for every attempt.
/// A header that cannot be sent is named in the error (its value may be a secret).
fn extra_headers(
    options: &RequestOptions,
) -> Result<Vec<(reqwest::header::HeaderName, reqwest::header::HeaderValue)>, String> {
    let mut out = Vec::new();
    let key = options
        .idempotency_key
        .as_ref()
        .map(|k| (IDEMPOTENCY_KEY_HEADER, k));
    let pairs = options
        .headers
        .iter()
        .map(|(n, v)| (n.as_str(), v))
        .chain(key);
    for (name, value) in pairs {
        let parsed_name = reqwest::header::HeaderName::from_bytes(name.as_bytes());
        let parsed_value = reqwest::header::HeaderValue::from_str(value);
        match (parsed_name, parsed_value) {
            (Ok(n), Ok(mut v)) => {
                // Values supplied per request may be credentials: keep them out of debug output.
                v.set_sensitive(true);
                out.push((n, v));
            }
            _ => return Err(name.to_owned()),
        }
    }
    Ok(out)
}

/// The absolute URL of a next-page link, resolved against the first page's URL; links
/// that leave its origin are refused, so credentials never follow them.
fn resolve_link(first_page: &str, link: &str) -> Result<String, &'static str> {
    let base = reqwest::Url::parse(first_page).map_err(|_| "the request URL does not parse")?;
    let url = base
        .join(link)
        .map_err(|_| "it is not a valid URL or relative reference")?;
    if url.origin() != base.origin() {
        return Err("it leaves the origin of the base URL");
    }
    Ok(url.into())
}

/// Whether `key` is a `deepObject` key of parameter `name` (`name[...]`).
fn is_deep_key(key: &str, name: &str) -> bool {
    key.strip_prefix(name)
        .is_some_and(|rest| rest.starts_with('[') && rest.ends_with(']'))
}

fn is_idempotent(method: &Method) -> bool {
    [
        Method::GET,
        Method::HEAD,
        Method::OPTIONS,
        Method::TRACE,
        Method::PUT,
        Method::DELETE,
    ]
    .contains(method)
}

fn is_retryable_status(status: u16) -> bool {
    status == 408 || status == 429 || (500..600).contains(&status)
}

/// `Retry-After` as seconds or as an HTTP date.
fn retry_after(headers: &reqwest::header::HeaderMap) -> Option<Duration> {
    let value = headers
        .get(reqwest::header::RETRY_AFTER)?
        .to_str()
        .ok()?
        .trim();
    if let Ok(secs) = value.parse::<u64>() {
        return Some(Duration::from_secs(secs));
    }
    let at = chrono::DateTime::parse_from_rfc2822(value).ok()?;
    let wait = at.with_timezone(&chrono::Utc) - chrono::Utc::now();
    Some(wait.to_std().unwrap_or(Duration::ZERO))
}

/// Wraps the last failure when retries were made and all failed.
fn exhausted<E>(error: Error<E>, gave_up_after: Option<u32>) -> Error<E> {
    match gave_up_after {
        Some(attempts) => Error::RetriesExhausted {
            attempts,
            last: Box::new(error),
        },
        None => error,
    }
}

/// Reads a success body the way its media type says: JSON through serde, text as a
/// string, bytes as [`Binary`].
fn read_success<T: DeserializeOwned>(
    bytes: &[u8],
    reading: Reading,
) -> Result<T, (String, serde_json::Error)> {
    use serde::de::value::{BytesDeserializer, Error as ValueError, StrDeserializer};
    let plain = |r: Result<T, ValueError>| {
        r.map_err(|e| {
            (
                ".".to_owned(),
                <serde_json::Error as serde::de::Error>::custom(e),
            )
        })
    };
    match reading {
        Reading::Json => decode_success(bytes),
        Reading::Text => {
            let text = String::from_utf8_lossy(bytes);
            plain(T::deserialize(StrDeserializer::<ValueError>::new(&text)))
        }
        Reading::Binary => plain(T::deserialize(BytesDeserializer::<ValueError>::new(bytes))),
    }
}

/// A form body from a JSON object (see [`Request::form`]).
fn form_encode(value: &serde_json::Value) -> Result<Vec<u8>, String> {
    use serde_json::Value;
    let serde_json::Value::Object(map) = value else {
        return Err("a form body must be an object".to_owned());
    };
    let text = |v: &Value| match v {
        Value::String(s) => s.clone(),
        other => other.to_string(),
    };
    // The URL type's query serializer is the form encoder (spaces as `+`).
    let mut url = reqwest::Url::parse("http://form.invalid/").map_err(|e| e.to_string())?;
    {
        let mut pairs = url.query_pairs_mut();
        for (key, v) in map {
            match v {
                Value::Null => {}
                Value::Array(items) => {
                    for item in items {
                        pairs.append_pair(key, &text(item));
                    }
                }
                other => {
                    pairs.append_pair(key, &text(other));
                }
            }
        }
    }
    Ok(url.query().unwrap_or("").as_bytes().to_vec())
}

/// How a parameter's value is written, per OpenAPI's `style` (with `explode`).
#[doc(hidden)]
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Style {
    /// `name=a&name=b` (exploded) or `name=a,b`; objects as `k=v` pairs or `name=k,v`.
    Form,
    /// `name=a%20b`.
    SpaceDelimited,
    /// `name=a|b`.
    PipeDelimited,
    /// `name[k]=v`, nested as `name[k][k2]=v`, lists as repeated `name[k]=v`.
    DeepObject,
    /// `a,b` and `k,v` (or `k=v` exploded): paths and headers.
    Simple,
    /// `.a.b` (exploded) or `.a,b`.
    Label,
    /// `;name=a;name=b` (exploded) or `;name=a,b`.
    Matrix,
    /// The value's JSON text as one value (a parameter described with `content`).
    Json,
}

/// The JSON form of a parameter value (generated types always have one).
fn to_json<V: Serialize + ?Sized>(value: &V) -> serde_json::Value {
    serde_json::to_value(value).unwrap_or(serde_json::Value::Null)
}

/// A scalar as text; anything nested as JSON text (styles do not say more).
fn scalar_text(v: &serde_json::Value) -> String {
    match v {
        serde_json::Value::String(s) => s.clone(),
        other => other.to_string(),
    }
}

/// The query pairs of one parameter.
pub(crate) fn style_query(
    name: &str,
    style: Style,
    explode: bool,
    value: &serde_json::Value,
) -> Vec<(String, String)> {
    use serde_json::Value;
    let mut out = Vec::new();
    match (style, value) {
        (_, Value::Null) => {}
        (Style::Json, v) => out.push((name.to_owned(), v.to_string())),
        (Style::DeepObject, Value::Object(_) | Value::Array(_)) => {
            deep_pairs(name.to_owned(), value, &mut out);
        }
        (_, Value::Array(items)) => {
            let texts = items.iter().filter(|v| !v.is_null()).map(scalar_text);
            match style {
                Style::Form if explode => out.extend(texts.map(|t| (name.to_owned(), t))),
                Style::SpaceDelimited => {
                    out.push((name.to_owned(), texts.collect::<Vec<_>>().join(" ")))
                }
                Style::PipeDelimited => {
                    out.push((name.to_owned(), texts.collect::<Vec<_>>().join("|")))
                }
                _ => out.push((name.to_owned(), texts.collect::<Vec<_>>().join(","))),
            }
        }
        (_, Value::Object(map)) => {
            let entries = map.iter().filter(|(_, v)| !v.is_null());
            if style == Style::Form && explode {
                out.extend(entries.map(|(k, v)| (k.clone(), scalar_text(v))));
            } else {
                let sep = match style {
                    Style::SpaceDelimited => " ",
                    Style::PipeDelimited => "|",
                    _ => ",",
                };
                let flat: Vec<String> = entries
                    .flat_map(|(k, v)| [k.clone(), scalar_text(v)])
                    .collect();
                out.push((name.to_owned(), flat.join(sep)));
            }
        }
        (_, scalar) => out.push((name.to_owned(), scalar_text(scalar))),
    }
    out
}

/// `deepObject` pairs: every leaf under its bracketed path.
fn deep_pairs(prefix: String, value: &serde_json::Value, out: &mut Vec<(String, String)>) {
    use serde_json::Value;
    match value {
        Value::Null => {}
        Value::Object(map) => {
            for (k, v) in map {
                deep_pairs(format!("{prefix}[{k}]"), v, out);
            }
        }
        // Lists repeat their key, as the plain form of a map of lists does.
        Value::Array(items) => {
            for v in items {
                deep_pairs(prefix.clone(), v, out);
            }
        }
        scalar => out.push((prefix, scalar_text(scalar))),
    }
}

/// A value in the `simple` style (or the separators of another), unencoded.
pub(crate) fn style_text(style: Style, explode: bool, value: &serde_json::Value) -> String {
    style_pieces(style, explode, value, &|t| t.to_owned())
}

/// The text of a path parameter, each piece percent-encoded, separators kept.
pub(crate) fn style_path(
    name: &str,
    style: Style,
    explode: bool,
    value: &serde_json::Value,
) -> String {
    use serde_json::Value;
    let encode = |t: &str| percent_encoding::utf8_percent_encode(t, PATH_SEGMENT).to_string();
    match style {
        Style::Json => encode(&value.to_string()),
        Style::Label => format!(".{}", style_pieces(style, explode, value, &encode)),
        Style::Matrix => {
            let name = encode(name);
            match value {
                Value::Array(items) if explode => items
                    .iter()
                    .filter(|v| !v.is_null())
                    .map(|v| format!(";{name}={}", encode(&scalar_text(v))))
                    .collect(),
                Value::Object(_) if explode => {
                    format!(";{}", style_pieces(style, explode, value, &encode))
                }
                _ => format!(";{name}={}", style_pieces(style, false, value, &encode)),
            }
        }
        _ => style_pieces(style, explode, value, &encode),
    }
}

/// The pieces of a value joined by the style's separators (`.` for exploded labels, `;`
/// for exploded matrix objects, else `,`); `encode` applies to each piece.
fn style_pieces(
    style: Style,
    explode: bool,
    value: &serde_json::Value,
    encode: &dyn Fn(&str) -> String,
) -> String {
    use serde_json::Value;
    let sep = match (style, explode) {
        (Style::Label, true) => ".",
        (Style::Matrix, true) => ";",
        _ => ",",
    };
    match value {
        Value::Null => String::new(),
        _ if style == Style::Json => encode(&value.to_string()),
        Value::Array(items) => items
            .iter()
            .filter(|v| !v.is_null())
            .map(|v| encode(&scalar_text(v)))
            .collect::<Vec<_>>()
            .join(sep),
        Value::Object(map) => {
            let entries = map.iter().filter(|(_, v)| !v.is_null());
            if explode {
                entries
                    .map(|(k, v)| format!("{}={}", encode(k), encode(&scalar_text(v))))
                    .collect::<Vec<_>>()
                    .join(sep)
            } else {
                entries
                    .flat_map(|(k, v)| [encode(k), encode(&scalar_text(v))])
                    .collect::<Vec<_>>()
                    .join(",")
            }
        }
        scalar => encode(&scalar_text(scalar)),
    }
}

/// A binary request body: bytes in memory (`&[u8]`, `Vec<u8>`, ...), or a stream of
/// chunks read as the request is sent ([`BinaryBody::stream`]), for uploads too large to
/// hold. A streamed request is sent once and never retried.
pub struct BinaryBody(BinaryInner);

enum BinaryInner {
    Bytes(Vec<u8>),
    Stream(reqwest::Body),
}

impl BinaryBody {
    /// A body read from `chunks` as it is sent (e.g. a file through
    /// `tokio_util::io::ReaderStream`).
    pub fn stream<S, C, E>(chunks: S) -> Self
    where
        S: futures_core::Stream<Item = Result<C, E>> + Send + 'static,
        bytes::Bytes: From<C>,
        E: Into<Box<dyn std::error::Error + Send + Sync>>,
    {
        BinaryBody(BinaryInner::Stream(reqwest::Body::wrap_stream(chunks)))
    }
}

impl fmt::Debug for BinaryBody {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.0 {
            BinaryInner::Bytes(b) => write!(f, "BinaryBody({} bytes)", b.len()),
            BinaryInner::Stream(_) => f.write_str("BinaryBody(stream)"),
        }
    }
}

impl From<Vec<u8>> for BinaryBody {
    fn from(bytes: Vec<u8>) -> Self {
        BinaryBody(BinaryInner::Bytes(bytes))
    }
}

impl From<&[u8]> for BinaryBody {
    fn from(bytes: &[u8]) -> Self {
        BinaryBody(BinaryInner::Bytes(bytes.to_vec()))
    }
}

impl From<&Vec<u8>> for BinaryBody {
    fn from(bytes: &Vec<u8>) -> Self {
        BinaryBody(BinaryInner::Bytes(bytes.clone()))
    }
}

impl<const N: usize> From<&[u8; N]> for BinaryBody {
    fn from(bytes: &[u8; N]) -> Self {
        BinaryBody(BinaryInner::Bytes(bytes.to_vec()))
    }
}

impl From<Binary> for BinaryBody {
    fn from(bytes: Binary) -> Self {
        BinaryBody(BinaryInner::Bytes(bytes.0))
    }
}

/// A file to upload as one part of a multipart body: its bytes, and optionally the file
/// name and media type the part announces.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct FilePart {
    data: Vec<u8>,
    file_name: Option<String>,
    content_type: Option<String>,
}

impl FilePart {
    /// A file part of these bytes (sent as `application/octet-stream` unless
    /// [`FilePart::content_type`] says otherwise).
    pub fn new(data: impl Into<Vec<u8>>) -> Self {
        FilePart {
            data: data.into(),
            ..FilePart::default()
        }
    }

    /// Reads a file from disk; its name becomes the part's file name.
    pub fn from_path(path: impl AsRef<std::path::Path>) -> std::io::Result<Self> {
        let path = path.as_ref();
        let data = std::fs::read(path)?;
        let mut part = FilePart::new(data);
        part.file_name = path.file_name().map(|n| n.to_string_lossy().into_owned());
        Ok(part)
    }

    /// The file name the part announces (`filename=` in its `Content-Disposition`).
    pub fn file_name(mut self, name: impl Into<String>) -> Self {
        self.file_name = Some(name.into());
        self
    }

    /// The part's media type, e.g. `image/png`.
    pub fn content_type(mut self, media_type: impl Into<String>) -> Self {
        self.content_type = Some(media_type.into());
        self
    }

    /// The bytes.
    pub fn data(&self) -> &[u8] {
        &self.data
    }
}

/// A multipart request body: generated form types implement this.
pub trait MultipartForm {
    /// The parts, in field order; an error when a value cannot be written.
    fn parts(&self) -> Result<Vec<Part>, String>;
}

/// One part of a multipart body.
#[derive(Debug, Clone, PartialEq)]
pub struct Part {
    name: String,
    value: PartValue,
}

#[derive(Debug, Clone, PartialEq)]
enum PartValue {
    Text(String),
    Json(String),
    File(FilePart),
}

impl Part {
    /// A file part named `name`.
    #[doc(hidden)]
    pub fn file(name: &str, file: &FilePart) -> Part {
        Part {
            name: name.to_owned(),
            value: PartValue::File(file.clone()),
        }
    }

    /// The parts of a plain field: a string or number as text, a list as one part per
    /// item, an object as JSON (OpenAPI's default encoding for multipart fields); `null`
    /// sends nothing.
    #[doc(hidden)]
    pub fn value<V: Serialize + ?Sized>(
        parts: &mut Vec<Part>,
        name: &str,
        value: &V,
    ) -> Result<(), String> {
        use serde_json::Value;
        let value = serde_json::to_value(value).map_err(|e| format!("{name}: {e}"))?;
        let one = |v: Value| match v {
            Value::String(s) => PartValue::Text(s),
            v @ (Value::Object(_) | Value::Array(_)) => PartValue::Json(v.to_string()),
            other => PartValue::Text(other.to_string()),
        };
        let values = match value {
            Value::Null => Vec::new(),
            Value::Array(items) => items.into_iter().map(one).collect(),
            other => vec![one(other)],
        };
        parts.extend(values.into_iter().map(|value| Part {
            name: name.to_owned(),
            value,
        }));
        Ok(())
    }
}

/// The reqwest form for one attempt (a form is consumed by sending it).
fn multipart_form(parts: &[Part]) -> reqwest::multipart::Form {
    use reqwest::multipart;
    parts.iter().fold(multipart::Form::new(), |form, p| {
        let part = match &p.value {
            PartValue::Text(t) => multipart::Part::text(t.clone()),
            PartValue::Json(j) => multipart::Part::text(j.clone())
                .mime_str("application/json")
                .unwrap_or_else(|_| multipart::Part::text(j.clone())),
            PartValue::File(f) => {
                let mut part = multipart::Part::bytes(f.data.clone());
                if let Some(name) = &f.file_name {
                    part = part.file_name(name.clone());
                }
                let media = f
                    .content_type
                    .as_deref()
                    .unwrap_or("application/octet-stream");
                // A media type reqwest cannot parse is sent as plain bytes.
                match part.mime_str(media) {
                    Ok(p) => p,
                    Err(_) => {
                        let mut p = multipart::Part::bytes(f.data.clone());
                        if let Some(name) = &f.file_name {
                            p = p.file_name(name.clone());
                        }
                        p
                    }
                }
            }
        };
        form.part(p.name.clone(), part)
    })
}

/// The bytes of a binary response body (or any body read as bytes).
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Binary(pub Vec<u8>);

impl Binary {
    /// The bytes.
    pub fn into_inner(self) -> Vec<u8> {
        self.0
    }
}

impl std::ops::Deref for Binary {
    type Target = [u8];
    fn deref(&self) -> &[u8] {
        &self.0
    }
}

impl<'de> serde::Deserialize<'de> for Binary {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct Visitor;
        impl<'de> serde::de::Visitor<'de> for Visitor {
            type Value = Binary;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("bytes")
            }
            fn visit_bytes<E: serde::de::Error>(self, v: &[u8]) -> Result<Binary, E> {
                Ok(Binary(v.to_vec()))
            }
            fn visit_byte_buf<E: serde::de::Error>(self, v: Vec<u8>) -> Result<Binary, E> {
                Ok(Binary(v))
            }
        }
        d.deserialize_byte_buf(Visitor)
    }
}

/// Decodes a success body; an empty body decodes as JSON `null` so `()` works, and an
/// operation that declares no body (`()`, which holds nothing) ignores whatever the
/// server sends. On failure, returns the path to the offending value (`data[0].status`)
/// and serde's error.
fn decode_success<T: DeserializeOwned>(bytes: &[u8]) -> Result<T, (String, serde_json::Error)> {
    let nothing_to_keep = std::mem::size_of::<T>() == 0;
    let input: &[u8] = if nothing_to_keep || bytes.iter().all(u8::is_ascii_whitespace) {
        b"null"
    } else {
        bytes
    };
    let mut de = serde_json::Deserializer::from_slice(input);
    let value: T = serde_path_to_error::deserialize(&mut de)
        .map_err(|e| (e.path().to_string(), e.into_inner()))?;
    de.end().map_err(|e| (".".to_owned(), e))?;
    Ok(value)
}

/// Decodes an error body the spec declares for a status; used by generated code.
#[doc(hidden)]
pub fn decode_error<E: DeserializeOwned>(bytes: &[u8]) -> Option<Result<E, serde_json::Error>> {
    Some(decode_success(bytes).map_err(|(_, e)| e))
}

fn snippet(bytes: &[u8]) -> String {
    let text = String::from_utf8_lossy(bytes);
    let mut out: String = text.chars().take(SNIPPET_CHARS).collect();
    if text.chars().nth(SNIPPET_CHARS).is_some() {
        out.push('…');
    }
    out
}

/// Why an operation failed. `E` is the error body type the spec declares for the
/// operation (`Infallible` when it declares none).
#[derive(Debug)]
#[non_exhaustive]
pub enum Error<E> {
    /// The request could not be sent or the response not received (connection refused,
    /// reset, TLS failure, ...).
    Transport(reqwest::Error),
    /// An attempt took longer than its timeout.
    Timeout(reqwest::Error),
    /// The request body could not be serialized.
    Serialize(serde_json::Error),
    /// A per-request header name or value cannot be sent (the header is named; its value
    /// is not repeated since it may be a secret).
    InvalidHeader(String),
    /// A path parameter would not address exactly its own path segment (it is empty, `.`
    /// or `..`); nothing was sent.
    InvalidPathParameter {
        /// The parameter's name in the path template.
        name: &'static str,
        /// What is wrong with its value.
        reason: &'static str,
    },
    /// A waiter polled until its timeout without reaching a terminal status.
    WaitTimedOut {
        /// How long it waited.
        waited: Duration,
        /// The status of the last poll, when it had one.
        last_status: Option<String>,
    },
    /// A link-style paginated API returned a next-page link that cannot be followed.
    InvalidNextLink { link: String, reason: &'static str },
    /// The server redirected to another origin (scheme, host or port). The client does
    /// not follow such redirects, so credentials, headers and bodies never leave the
    /// origin they were meant for.
    Redirect {
        status: u16,
        request_id: Option<String>,
        /// The `Location` the server pointed to.
        location: String,
    },
    /// The server answered with a non-success status.
    Api {
        status: u16,
        /// The `X-Request-Id` of the response, for support requests.
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
        /// Where in the body decoding failed, e.g. `data[2].status` (`.` is the root).
        path: String,
        /// The start of the body.
        snippet: String,
        source: serde_json::Error,
    },
    /// Every attempt failed with a retryable error; `last` is the final one.
    RetriesExhausted { attempts: u32, last: Box<Error<E>> },
}

impl<E> Error<E> {
    /// The HTTP status of the (last) response, when one was received.
    pub fn status(&self) -> Option<u16> {
        match self {
            Error::Api { status, .. }
            | Error::Decode { status, .. }
            | Error::Redirect { status, .. } => Some(*status),
            Error::RetriesExhausted { last, .. } => last.status(),
            _ => None,
        }
    }

    /// The request id of the (last) response, when the server sent one.
    pub fn request_id(&self) -> Option<&str> {
        match self {
            Error::Api { request_id, .. }
            | Error::Decode { request_id, .. }
            | Error::Redirect { request_id, .. } => request_id.as_deref(),
            Error::RetriesExhausted { last, .. } => last.request_id(),
            _ => None,
        }
    }

    /// The decoded error body of the (last) response, when there is one.
    pub fn body(&self) -> Option<&E> {
        match self {
            Error::Api { body, .. } => body.as_ref(),
            Error::RetriesExhausted { last, .. } => last.body(),
            _ => None,
        }
    }

    /// The raw body of the (last) non-success response.
    pub fn raw_body(&self) -> Option<&str> {
        match self {
            Error::Api { raw, .. } => Some(raw),
            Error::RetriesExhausted { last, .. } => last.raw_body(),
            _ => None,
        }
    }

    /// How many attempts were made, when the client retried.
    pub fn attempts(&self) -> Option<u32> {
        match self {
            Error::RetriesExhausted { attempts, .. } => Some(*attempts),
            _ => None,
        }
    }

    /// The final failure, looking through [`Error::RetriesExhausted`].
    pub fn last(&self) -> &Error<E> {
        match self {
            Error::RetriesExhausted { last, .. } => last.last(),
            other => other,
        }
    }

    /// Whether the (last) attempt timed out.
    pub fn is_timeout(&self) -> bool {
        matches!(self.last(), Error::Timeout(_))
    }

    /// Whether the (last) attempt could not connect.
    pub fn is_connect(&self) -> bool {
        matches!(self.last(), Error::Transport(e) if e.is_connect())
    }
}

impl<E: fmt::Debug> fmt::Display for Error<E> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let request_id = |f: &mut fmt::Formatter<'_>, id: &Option<String>| match id {
            Some(id) => write!(f, " (request id {id})"),
            None => Ok(()),
        };
        match self {
            Error::Transport(e) => write!(f, "request failed: {e}"),
            Error::Timeout(e) => write!(f, "request timed out: {e}"),
            Error::Serialize(e) => write!(f, "request body could not be serialized: {e}"),
            Error::InvalidHeader(name) => {
                write!(f, "header `{name}` has an invalid name or value")
            }
            Error::InvalidPathParameter { name, reason } => {
                write!(f, "path parameter `{name}` {reason}; nothing was sent")
            }
            Error::InvalidNextLink { link, reason } => {
                write!(f, "next-page link `{link}` not followed: {reason}")
            }
            Error::WaitTimedOut {
                waited,
                last_status,
            } => {
                write!(f, "gave up waiting after {} s", waited.as_secs())?;
                match last_status {
                    Some(s) => write!(f, "; the last status was `{s}`"),
                    None => write!(f, "; no status was reported"),
                }
            }
            Error::Redirect {
                status,
                request_id: id,
                location,
            } => {
                write!(f, "redirect {status} to another origin not followed")?;
                request_id(f, id)?;
                write!(f, ": {location}")
            }
            Error::Api {
                status,
                request_id: id,
                body,
                raw,
            } => {
                write!(f, "API error {status}")?;
                request_id(f, id)?;
                match body {
                    Some(b) => write!(f, ": {b:?}"),
                    None => write!(f, ": {}", snippet(raw.as_bytes())),
                }
            }
            Error::Decode {
                status,
                request_id: id,
                path,
                snippet,
                source,
            } => {
                write!(f, "response {status}")?;
                request_id(f, id)?;
                write!(
                    f,
                    " did not decode at `{path}`: {source}; body starts with: {snippet}"
                )
            }
            Error::RetriesExhausted { attempts, last } => {
                write!(f, "gave up after {attempts} attempts: {last}")
            }
        }
    }
}

impl<E: fmt::Debug + 'static> std::error::Error for Error<E> {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            Error::Transport(e) | Error::Timeout(e) => Some(e),
            Error::Serialize(e) | Error::Decode { source: e, .. } => Some(e),
            Error::RetriesExhausted { last, .. } => Some(last.as_ref()),
            Error::Api { .. }
            | Error::InvalidHeader(_)
            | Error::InvalidPathParameter { .. }
            | Error::InvalidNextLink { .. }
            | Error::WaitTimedOut { .. }
            | Error::Redirect { .. } => None,
        }
    }
}

type PageFuture<'a, I, E> =
    Pin<Box<dyn Future<Output = Result<(Vec<I>, Option<String>), Error<E>>> + Send + 'a>>;
type FetchPage<'a, I, E> =
    Box<dyn FnMut(Option<&str>, &RequestOptions) -> PageFuture<'a, I, E> + Send + 'a>;

/// Every item of a paginated operation, across all pages: a
/// [`Stream`](futures_core::Stream) of `Result<I, Error<E>>`.
///
/// Pages are fetched one at a time, as the stream is read, each with the client's retry
/// policy. The stream ends after a page without a next-page token (absent or empty) or
/// with the token of the page before (which would otherwise loop forever); it ends after
/// the first error.
///
/// ```no_run
/// # use std::fmt::Debug;
/// // Any `<operation>_stream` method returns one of these.
/// async fn print_all<I: Debug, E: Debug + 'static>(
///     mut items: polytomic::Paginated<'_, I, E>,
/// ) -> Result<(), polytomic::Error<E>> {
///     while let Some(item) = items.try_next().await? {
///         println!("{item:?}");
///     }
///     Ok(())
/// }
/// ```
/// Or all at once: `let all = items.collect_all().await?;`.
#[must_use = "a stream does nothing until it is read"]
pub struct Paginated<'a, I, E> {
    fetch: FetchPage<'a, I, E>,
    options: RequestOptions,
    buffer: VecDeque<I>,
    in_flight: Option<PageFuture<'a, I, E>>,
    /// The token the next page is requested with; `None` before the first page.
    next_token: Option<String>,
    pages: u32,
    finished: bool,
}

// The stream never pins its items in place; only the boxed page future is polled pinned.
impl<I, E> Unpin for Paginated<'_, I, E> {}

impl<I, E> fmt::Debug for Paginated<'_, I, E> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Paginated")
            .field("pages", &self.pages)
            .field("buffered", &self.buffer.len())
            .field("finished", &self.finished)
            .finish_non_exhaustive()
    }
}

impl<'a, I, E> Paginated<'a, I, E> {
    /// A stream over the pages `request` fetches (given the page token, `None` for the
    /// first page); `split` takes a page apart into its items and the next token. Used by
    /// generated `*_stream` methods.
    #[doc(hidden)]
    pub fn new<P, O>(
        mut request: impl FnMut(Option<&str>) -> Request<'a, P, E, O> + Send + 'a,
        split: fn(P) -> (Vec<I>, Option<String>),
    ) -> Self
    where
        P: DeserializeOwned + Send + 'a,
        I: 'a,
        E: Send + 'a,
        O: 'a,
    {
        let fetch = move |token: Option<&str>, options: &RequestOptions| -> PageFuture<'a, I, E> {
            let req = request(token).options(options.clone());
            Box::pin(async move { req.send().await.map(split) })
        };
        Paginated {
            fetch: Box::new(fetch),
            options: RequestOptions::default(),
            buffer: VecDeque::new(),
            in_flight: None,
            next_token: None,
            pages: 0,
            finished: false,
        }
    }

    /// A stream over the pages of `request`: each page is a copy of it with the next
    /// token in the query parameter `token` (replacing any value set on the request), or,
    /// with `token: None`, the next page's link as its target; `split` takes a page apart
    /// into its items and the next token or link. Used by generated `stream` methods.
    #[doc(hidden)]
    pub fn from_request<P, O>(
        request: Request<'a, P, E, O>,
        token: Option<&'static str>,
        split: fn(P) -> (Vec<I>, Option<String>),
    ) -> Self
    where
        P: DeserializeOwned + Send + 'a,
        I: 'a,
        E: Send + 'a,
        O: 'a,
    {
        let page = move |next: Option<&str>| {
            let req = request.clone();
            match (next, token) {
                (None, _) => req,
                (Some(t), Some(name)) => req.set_query(name, t),
                (Some(link), None) => req.follow_link(link),
            }
        };
        Self::new(page, split)
    }

    /// Applies options to every page request.
    pub fn options(mut self, options: RequestOptions) -> Self {
        self.options.merge(options);
        self
    }

    /// Gives up on each attempt of each page request after `timeout`.
    pub fn timeout(self, timeout: Duration) -> Self {
        self.options(RequestOptions::new().timeout(timeout))
    }

    /// Adds a header to every page request.
    pub fn header(self, name: impl Into<String>, value: impl Into<String>) -> Self {
        self.options(RequestOptions::new().header(name, value))
    }

    /// Sends every page request with another API version.
    pub fn api_version(self, version: impl Into<String>) -> Self {
        self.options(RequestOptions::new().api_version(version))
    }

    /// Tries each page request at most `attempts` times.
    pub fn max_attempts(self, attempts: u32) -> Self {
        self.options(RequestOptions::new().max_attempts(attempts))
    }

    /// How many pages have been received so far.
    pub fn pages_fetched(&self) -> u32 {
        self.pages
    }

    /// The next item, `Ok(None)` at the end: `while let Some(x) = s.try_next().await? {}`.
    pub async fn try_next(&mut self) -> Result<Option<I>, Error<E>> {
        std::future::poll_fn(|cx| Pin::new(&mut *self).poll_next_item(cx))
            .await
            .transpose()
    }

    /// Reads the whole stream into a `Vec`, stopping at the first error.
    pub async fn collect_all(mut self) -> Result<Vec<I>, Error<E>> {
        let mut out = Vec::new();
        while let Some(item) = self.try_next().await? {
            out.push(item);
        }
        Ok(out)
    }

    fn poll_next_item(&mut self, cx: &mut Context<'_>) -> Poll<Option<Result<I, Error<E>>>> {
        loop {
            if let Some(item) = self.buffer.pop_front() {
                return Poll::Ready(Some(Ok(item)));
            }
            if let Some(fut) = self.in_flight.as_mut() {
                let page = match fut.as_mut().poll(cx) {
                    Poll::Pending => return Poll::Pending,
                    Poll::Ready(page) => page,
                };
                self.in_flight = None;
                match page {
                    Err(e) => {
                        self.finished = true;
                        return Poll::Ready(Some(Err(e)));
                    }
                    Ok((items, next)) => {
                        self.pages += 1;
                        self.buffer.extend(items);
                        match next {
                            Some(t) if !t.is_empty() && self.next_token.as_ref() != Some(&t) => {
                                self.next_token = Some(t);
                            }
                            _ => self.finished = true,
                        }
                    }
                }
                continue;
            }
            if self.finished {
                return Poll::Ready(None);
            }
            let fut = (self.fetch)(self.next_token.as_deref(), &self.options);
            self.in_flight = Some(fut);
        }
    }
}

impl<I, E> futures_core::Stream for Paginated<'_, I, E> {
    type Item = Result<I, Error<E>>;

    fn poll_next(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<Self::Item>> {
        self.get_mut().poll_next_item(cx)
    }
}

type PollFuture<'a, T, E> = Pin<Box<dyn Future<Output = Result<T, Error<E>>> + Send + 'a>>;

/// Waits for work to finish: polls an operation until the status in its response is
/// terminal, and returns that last response. Generated waiters (such as
/// `client.model_sync().executions().wait(sync_id, execution_id)`) return one; `.await` it.
///
/// The first poll is immediate; then the delay starts at [`Wait::interval`] (default 1 s)
/// and doubles up to [`Wait::max_interval`] (default 30 s). Each poll is an ordinary
/// request, retried under the client's policy, so a transient 503 does not end the wait;
/// an error that survives the retries does. After [`Wait::timeout`] (default 30 minutes)
/// without a terminal status, the result is [`Error::WaitTimedOut`] with the last status.
#[must_use = "a waiter does nothing until it is awaited"]
pub struct Wait<'a, T, E> {
    poll: Box<dyn FnMut() -> PollFuture<'a, T, E> + Send + 'a>,
    status: fn(&T) -> Option<String>,
    terminal: &'static [&'static str],
    timeout: Duration,
    interval: Duration,
    max_interval: Duration,
}

impl<T, E> fmt::Debug for Wait<'_, T, E> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Wait")
            .field("terminal", &self.terminal)
            .field("timeout", &self.timeout)
            .field("interval", &self.interval)
            .field("max_interval", &self.max_interval)
            .finish_non_exhaustive()
    }
}

impl<'a, T, E> Wait<'a, T, E> {
    /// A waiter that sends `request()` until `status` of the response is in `terminal`.
    /// Used by generated waiters.
    #[doc(hidden)]
    pub fn new<O>(
        mut request: impl FnMut() -> Request<'a, T, E, O> + Send + 'a,
        status: fn(&T) -> Option<String>,
        terminal: &'static [&'static str],
    ) -> Self
    where
        T: DeserializeOwned + Send + 'a,
        E: Send + 'a,
        O: 'a,
    {
        let poll = move || -> PollFuture<'a, T, E> {
            let req = request();
            Box::pin(req.send())
        };
        Wait {
            poll: Box::new(poll),
            status,
            terminal,
            timeout: Duration::from_secs(30 * 60),
            interval: Duration::from_secs(1),
            max_interval: Duration::from_secs(30),
        }
    }

    /// Gives up (with [`Error::WaitTimedOut`]) when no terminal status was seen after
    /// `timeout`.
    pub fn timeout(mut self, timeout: Duration) -> Self {
        self.timeout = timeout;
        self
    }

    /// The delay before the second poll; it doubles for each further one.
    pub fn interval(mut self, interval: Duration) -> Self {
        self.interval = interval;
        self
    }

    /// The longest delay between two polls.
    pub fn max_interval(mut self, max_interval: Duration) -> Self {
        self.max_interval = max_interval;
        self
    }

    /// Polls until the status is terminal and returns the last response.
    pub async fn send(mut self) -> Result<T, Error<E>> {
        let started = tokio::time::Instant::now();
        let mut delay = self.interval;
        loop {
            let response = (self.poll)().await?;
            let status = (self.status)(&response);
            if status
                .as_deref()
                .is_some_and(|s| self.terminal.contains(&s))
            {
                return Ok(response);
            }
            let waited = started.elapsed();
            if waited + delay > self.timeout {
                return Err(Error::WaitTimedOut {
                    waited,
                    last_status: status,
                });
            }
            tracing::debug!(
                status = status.as_deref().unwrap_or(""),
                delay_ms = delay.as_millis() as u64,
                "not finished yet; polling again"
            );
            tokio::time::sleep(delay).await;
            delay = (delay * 2).min(self.max_interval.max(self.interval));
        }
    }
}

impl<'a, T, E> IntoFuture for Wait<'a, T, E>
where
    T: Send + 'a,
    E: Send + 'a,
{
    type Output = Result<T, Error<E>>;
    type IntoFuture = Pin<Box<dyn Future<Output = Self::Output> + Send + 'a>>;

    fn into_future(self) -> Self::IntoFuture {
        Box::pin(self.send())
    }
}

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
display_param!(
    str,
    String,
    bool,
    i32,
    i64,
    u8,
    u16,
    u32,
    u64,
    f32,
    f64,
    uuid::Uuid,
    chrono::NaiveDate
);

/// Any JSON value: a string as it is, anything else as JSON text.
impl ParamValue for serde_json::Value {
    fn to_param(&self) -> String {
        match self {
            serde_json::Value::String(s) => s.clone(),
            other => other.to_string(),
        }
    }
}

/// A free-form object goes into the query as `deepObject`: `name[key]=value`.
impl ParamValue for serde_json::Map<String, serde_json::Value> {
    fn to_param(&self) -> String {
        serde_json::Value::Object(self.clone()).to_string()
    }

    fn push_query(&self, name: &str, out: &mut Vec<(String, String)>) {
        for (k, v) in self {
            out.push((format!("{name}[{k}]"), v.to_param()));
        }
    }
}

/// A reference sends what it refers to, so `&str`, `&Uuid` and `&String` arguments work.
impl<T: ParamValue + ?Sized> ParamValue for &T {
    fn to_param(&self) -> String {
        (**self).to_param()
    }

    fn push_query(&self, name: &str, out: &mut Vec<(String, String)>) {
        (**self).push_query(name, out)
    }
}

/// What an id parameter (`format: uuid`) accepts: a [`uuid::Uuid`], or the id as text
/// (`&str`, `String`), which is how many responses hand ids out, so an id read from one
/// response passes straight into the next call.
pub trait IdArg: ParamValue {}

impl IdArg for uuid::Uuid {}
impl IdArg for str {}
impl IdArg for String {}
impl<T: IdArg + ?Sized> IdArg for &T {}

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

/// Everything but unreserved characters (RFC 3986) is encoded in a path segment.
const PATH_SEGMENT: &percent_encoding::AsciiSet = &percent_encoding::NON_ALPHANUMERIC
    .remove(b'-')
    .remove(b'.')
    .remove(b'_')
    .remove(b'~');

/// A value that breaks a constraint its schema declares (`minLength`, `maxLength`,
/// `pattern`, `minimum`, `maximum`), from a constrained type's `new`, `TryFrom` or
/// deserialization.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ConstraintError {
    type_name: &'static str,
    constraint: &'static str,
}

impl ConstraintError {
    #[doc(hidden)]
    pub fn new(type_name: &'static str, constraint: &'static str) -> Self {
        ConstraintError {
            type_name,
            constraint,
        }
    }

    /// The constrained type, e.g. `AccountSid`.
    pub fn type_name(&self) -> &'static str {
        self.type_name
    }

    /// The constraint the value breaks, e.g. "must have at most 34 characters".
    pub fn constraint(&self) -> &'static str {
        self.constraint
    }
}

impl fmt::Display for ConstraintError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "invalid {}: the value {}",
            self.type_name, self.constraint
        )
    }
}

impl std::error::Error for ConstraintError {}

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

// ---------------------------------------------------------------------------------------
// Untagged unions: the variant that fits best, not the first that parses.
// ---------------------------------------------------------------------------------------

/// What a union variant accepts, as the generator saw it in the spec.
#[doc(hidden)]
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Shape {
    /// Any value.
    Any,
    Bool,
    Integer,
    /// Any number, integers included.
    Number,
    /// Any string.
    String,
    /// A string with a format or constraints: whether it fits is up to decoding.
    Text,
    /// A string enum: its values fit exactly, other strings only loosely.
    Values(&'static [&'static str]),
    Array(&'static Shape),
    /// An object with these declared keys; `open` when it takes any other key too.
    Object {
        known: &'static [&'static str],
        required: &'static [&'static str],
        open: bool,
    },
    /// One of several shapes (a union inside a union).
    OneOf(&'static [Shape]),
}

/// How well a value fits a [`Shape`]; the larger, the better.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
struct Fit {
    /// 5: an enum's own value; 4: fits fully; 3: fits loosely (keys the type does not
    /// declare, an integer as a number, any string); 2: an enum's catch-all; 1: anything.
    rank: u8,
    /// Keys present that the type declares.
    known: usize,
    /// Keys the type declares that are absent (fewer is better).
    slack: std::cmp::Reverse<usize>,
}

fn fit(value: &serde_json::Value, shape: &Shape) -> Option<Fit> {
    use serde_json::Value;
    let plain = |rank| {
        Some(Fit {
            rank,
            known: 0,
            slack: std::cmp::Reverse(0),
        })
    };
    match (shape, value) {
        (Shape::Any, _) => plain(1),
        (Shape::Bool, Value::Bool(_)) => plain(4),
        (Shape::Integer, Value::Number(n)) if n.is_i64() || n.is_u64() => plain(4),
        (Shape::Number, Value::Number(n)) => plain(if n.is_f64() { 4 } else { 3 }),
        (Shape::String, Value::String(_)) => plain(3),
        (Shape::Text, Value::String(_)) => plain(4),
        (Shape::Values(values), Value::String(s)) => {
            plain(if values.contains(&s.as_str()) { 5 } else { 2 })
        }
        (Shape::Array(item), Value::Array(items)) => {
            let mut rank = 4;
            for v in items {
                rank = rank.min(fit(v, item)?.rank);
            }
            plain(rank)
        }
        (
            Shape::Object {
                known,
                required,
                open,
            },
            Value::Object(map),
        ) => {
            if required.iter().any(|r| !map.contains_key(*r)) {
                return None;
            }
            let present = map.keys().filter(|k| known.contains(&k.as_str())).count();
            let rank = if *open || present == map.len() { 4 } else { 3 };
            Some(Fit {
                rank,
                known: present,
                slack: std::cmp::Reverse(known.len() - present),
            })
        }
        (Shape::OneOf(shapes), _) => shapes.iter().filter_map(|s| fit(value, s)).max(),
        _ => None,
    }
}

/// The variants worth trying for `value`, best fit first: a variant that takes every key
/// present (with its required ones) before one that would keep some as unknown, then the
/// one that declares more of the keys present, then the one with fewer declared keys
/// absent, then spec order. Variants the value cannot fit (a missing required key,
/// another JSON type) are left out; when none decodes, the union keeps the value raw.
#[doc(hidden)]
pub fn fit_order(value: &serde_json::Value, shapes: &[Shape]) -> Vec<usize> {
    let mut ranked: Vec<(Fit, usize)> = shapes
        .iter()
        .enumerate()
        .filter_map(|(i, s)| fit(value, s).map(|f| (f, i)))
        .collect();
    ranked.sort_by(|a, b| b.0.cmp(&a.0).then(a.1.cmp(&b.1)));
    ranked.into_iter().map(|(_, i)| i).collect()
}

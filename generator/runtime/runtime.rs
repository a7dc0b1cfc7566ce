//! The HTTP runtime every generated operation goes through: client configuration,
//! authentication, retries, per-request options, pagination, tracing and the error type.
//!
//! This module is copied verbatim into each generated SDK, so the generated crate never
//! depends on the generator and the two cannot drift apart.
//!
//! # Configuring a client
//!
//! [`Client::builder`] takes credentials and optional settings; [`Client::from_env`]
//! reads credentials from environment variables named after the spec (see
//! [`spec::env`](spec::env)) and the base URL from
//! [`ENV_DEPLOYMENT_URL`](runtime::ENV_DEPLOYMENT_URL).
//!
//! | Setting | Builder method | Default |
//! |---|---|---|
//! | Credentials of each security scheme of the spec (bearer token, basic auth, API key in a header, query parameter or cookie, OAuth2 client credentials) | one generated setter per scheme (see the crate docs) | none |
//! | Base URL | [`ClientBuilder::base_url`] | [`DEFAULT_BASE_URL`](runtime::DEFAULT_BASE_URL) |
//! | API version header ([`VERSION_HEADER`](spec::VERSION_HEADER)) | [`ClientBuilder::api_version`] | [`DEFAULT_API_VERSION`](runtime::DEFAULT_API_VERSION) |
//! | Timeout of each attempt, from connecting to the end of the body | [`ClientBuilder::timeout`] | 60 s |
//! | Connect timeout | [`ClientBuilder::connect_timeout`] | 10 s |
//! | `User-Agent` | [`ClientBuilder::user_agent`] | `<crate>/<version>` |
//! | Retries | [`ClientBuilder::retry_policy`], [`ClientBuilder::max_attempts`] | [`RetryPolicy::default`] |
//! | Largest success body read | [`ClientBuilder::max_response_size`] | [`DEFAULT_MAX_RESPONSE_SIZE`](runtime::DEFAULT_MAX_RESPONSE_SIZE) (64 MiB) |
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
//!     .base_url("https://api.example.com")
//!     .timeout(Duration::from_secs(30))
//!     .retry_policy(RetryPolicy::default().max_attempts(5))
//!     .build()?;
//! # Ok(())
//! # }
//! ```
//!
//! # Authentication
//!
//! Each request carries the credentials its operation's `security` asks for: the first
//! alternative of the requirement whose credentials are all configured (schemes
//! required together are all sent). An operation with `security: []` sends none. When
//! no alternative's credentials are configured, the request is sent without any and
//! the server answers as it does to anonymous requests (usually 401); when the spec
//! has no `security` at all, every configured credential is sent. OAuth2 client
//! credentials are exchanged for an access token at the scheme's token URL (form POST,
//! `grant_type=client_credentials`, the client authenticating with HTTP basic auth), which
//! is cached, fetched once however many requests wait for it, and fetched again 30 s
//! before it expires (`expires_in`) or when a request is answered 401: that request is
//! then sent once more with the new token, and only once. A failed token request is
//! [`Error::Token`]. A header set with [`Request::header`] replaces a credential sent
//! in the same header.
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
//! requests that are safe to repeat (the same rule as for statuses). Timeouts and a
//! response whose header block is too large ([`Error::HeadersTooLarge`]) are not retried.
//! `Retry-After` is read as seconds or as an HTTP date in any of its three forms. The body
//! of a response that is answered by a retry is not read. When every attempt failed, the error is [`Error::RetriesExhausted`], which
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
//! # Status and headers of a success
//!
//! Awaiting a request gives its decoded body; [`Request::send_with_response`] gives a
//! [`Response`](runtime::Response) instead: the body with the status and headers (rate-limit headers,
//! `X-Request-Id`, `ETag`, `Location`, ...). A paginated stream gives one per page
//! through `Paginated::pages`.
//!
//! # Endpoints the spec does not describe
//!
//! [`Client::raw`] makes a request to any path of the API with everything an operation
//! has (authentication, retries, tracing, limits, errors), JSON in and out.
//!
//! # Server-sent events
//!
//! An operation whose success response is `text/event-stream` returns, once awaited, an
//! `EventStream`: a stream of `Event`s (`event`, `id`, `retry` and `data`, decoded as the
//! type the spec gives the events, or as text). Data that does not decode is kept as
//! text in an `EventDataError`, and the stream goes on. The request is retried like any
//! other until the response starts, never after: a connection that drops mid-stream ends
//! the stream with that error and nothing is sent again (to resume a `GET`, send it again
//! with `Last-Event-ID` from `EventStream::last_event_id`). The request's timeout covers
//! the whole stream, and one event may hold at most the response size limit.
//!
//! # Response size and compression
//!
//! Requests ask for compressed responses (gzip, brotli or deflate) and decode
//! them. A success body is read up to [`ClientBuilder::max_response_size`] (per request:
//! [`Request::max_response_size`]; default 64 MiB), counted after decompression so a
//! compression bomb stops there too; a larger body is [`Error::ResponseTooLarge`], and
//! what is beyond the limit is never read (a length announced beyond it is refused before
//! reading). Memory for a body at the limit is the limit plus the decoded value. Error
//! bodies are read up to their first 64 KiB. Downloads ([`Request::download`]) stream
//! and have no limit.
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
//! What an error prints (`Display` and `Debug`) holds at most a few hundred characters of
//! anything the server sent (body, decoded error body, `Location`, request id), with
//! control characters escaped, so a server can neither flood a log nor forge a line of it
//! or send terminal escapes; [`Error::raw_body`] and [`Error::body`] give the whole text.
//!
//! # Pagination
//!
//! Operations that page (a `page_token` or `cursor` parameter and the next token in the
//! response, or a next-page link such as `next_page_uri`) get a second method named
//! `<operation>_stream` (e.g. `list_stream`) that returns a `Paginated`: a
//! [`Stream`](futures_core::Stream) of every item across all pages, which follows the
//! token or link until the server returns none. Links are resolved against the first
//! page's URL and must stay on its origin. `Paginated::try_next` and
//! `Paginated::collect_all` consume it without extra crates.
//!
//! A stream cannot run forever, whatever the server sends: it ends with
//! [`Error::Pagination`] when a token or link comes back that an earlier page of the
//! stream had (a circle of any length, or a link back to the first page), after
//! `DEFAULT_MAX_PAGES` pages, or after `DEFAULT_MAX_EMPTY_PAGES` empty pages in a row
//! (both adjustable on the stream).
//!
//! # Tracing
//!
//! Each call runs in a `tracing` span named `api.request` (target: this module) with the fields
//! `operation_id`, `method`, `path` (the template, e.g. `/api/syncs/{id}`), `attempt` and
//! `status`; retries are logged as `debug` events. No header, query value or body is
//! recorded.

use serde::de::DeserializeOwned;
use serde::Serialize;
use std::fmt;
use std::future::{Future, IntoFuture};
use std::marker::PhantomData;
use std::pin::Pin;
use std::sync::{Arc, Mutex};
use std::time::Duration;
use tracing::Instrument as _;

// Each submodule names its file, so the same lookup works wherever this file is compiled
// from (a crate's `src/runtime.rs`, or a `#[path]` module in a test crate).
#[path = "runtime/auth.rs"]
mod auth;
#[path = "runtime/body.rs"]
mod body;
#[path = "runtime/client.rs"]
mod client;
#[path = "runtime/error.rs"]
mod error;
#[cfg(feature = "middleware")]
#[path = "runtime/middleware.rs"]
mod middleware;
#[cfg(feature = "multipart")]
#[path = "runtime/multipart.rs"]
mod multipart;
#[path = "runtime/oauth2.rs"]
mod oauth2;
#[path = "runtime/pagination.rs"]
mod pagination;
#[path = "runtime/params.rs"]
mod params;
#[path = "runtime/raw.rs"]
mod raw;
#[path = "runtime/request.rs"]
mod request;
#[path = "runtime/response.rs"]
mod response;
#[path = "runtime/retry.rs"]
mod retry;
#[path = "runtime/send.rs"]
mod send;
#[path = "runtime/sse.rs"]
mod sse;
#[path = "runtime/values.rs"]
mod values;
#[path = "runtime/waiters.rs"]
mod waiters;

pub use auth::{
    CredentialPart, KeyLocation, NewTokenSource, SchemeKind, Security, SecurityScheme, TokenError,
    TokenSource,
};
pub use body::{Binary, BinaryBody, Download};
pub use client::{BuildError, Client, ClientBuilder};
pub use error::{decode_error, ConstraintError, DecodeError, Error, PaginationStop};
#[cfg(feature = "multipart")]
pub use multipart::{FilePart, MultipartForm, Part};
// OAuth2, pagination, waiters and server-sent events are copied only into crates whose
// spec has them: each is declared and used on its own lines, which generation leaves out.
pub use oauth2::client_credentials;
pub use pagination::{Pages, Paginated, DEFAULT_MAX_EMPTY_PAGES, DEFAULT_MAX_PAGES};
pub use params::{IdArg, ParamValue, Style};
pub use raw::Raw;
pub use request::{Request, RequestOptions};
pub use reqwest::Method;
pub use response::Response;
pub use retry::RetryPolicy;
pub use sse::{Event, EventDataError, EventStream};
pub use values::{deserialize_some, fit_order, Shape};
pub use waiters::Wait;

// What the modules share among themselves.
use auth::*;
use body::*;
use client::*;
use error::*;
#[cfg(feature = "multipart")]
use multipart::*;
use params::*;
use request::*;
use retry::*;
use send::*;

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

/// The largest success body a request reads unless [`ClientBuilder::max_response_size`]
/// says otherwise: 64 MiB, counted after decompression.
pub const DEFAULT_MAX_RESPONSE_SIZE: u64 = 64 * 1024 * 1024;
/// The connect timeout unless [`ClientBuilder::connect_timeout`] says otherwise.
pub const DEFAULT_CONNECT_TIMEOUT: Duration = Duration::from_secs(10);

/// The environment variables [`Client::from_env`] reads (named from the spec): each
/// security scheme's credentials, and `ENV_DEPLOYMENT_URL`, the base URL.
pub use super::spec::env::*;

/// The security schemes of the spec, whose credentials the generated `ClientBuilder`
/// setters take.
const SECURITY_SCHEMES: &[SecurityScheme] = super::spec::SECURITY_SCHEMES;

/// The credentials an operation needs unless it says otherwise (the spec's `security`).
const SECURITY: Security = super::spec::SECURITY;

/// The header the API version travels in, when the API has one.
const VERSION_HEADER: Option<&str> = super::spec::VERSION_HEADER;

const IDEMPOTENCY_KEY_HEADER: &str = "idempotency-key";

const REQUEST_ID_HEADER: &str = "x-request-id";

/// A fresh, random idempotency key (a UUID v4) for [`Request::idempotency_key`].
///
/// Keep the key when you retry a call yourself: the server recognises a repeated request
/// by it.
pub fn idempotency_key() -> String {
    uuid::Uuid::new_v4().to_string()
}

//! What can go wrong with a call, and the text it prints.

use super::*;

/// How much server text (of a body, a decoded error body, a link, ...) an error's
/// `Display` or `Debug` shows; the rest stays available through accessors.
pub(super) const SNIPPET_CHARS: usize = 200;

/// Decodes the error body the spec declares for a status (`None`: none declared).
pub type DecodeError<E> = fn(u16, &[u8]) -> Option<Result<E, serde_json::Error>>;

/// Decodes an error body the spec declares for a status; used by generated code.
#[doc(hidden)]
pub fn decode_error<E: DeserializeOwned>(bytes: &[u8]) -> Option<Result<E, serde_json::Error>> {
    Some(decode_success(bytes).map_err(|(_, e)| e))
}

/// The start of a body, kept for error messages (escaped when shown).
pub(super) fn snippet(bytes: &[u8]) -> String {
    // A character takes at most 4 bytes: this is enough for `SNIPPET_CHARS` and one more,
    // which tells whether the text was cut.
    let head = &bytes[..bytes.len().min(4 * (SNIPPET_CHARS + 1))];
    let text = String::from_utf8_lossy(head);
    let mut out: String = text.chars().take(SNIPPET_CHARS).collect();
    if text.chars().nth(SNIPPET_CHARS).is_some() {
        out.push('…');
    }
    out
}

/// Writes what it is given to a formatter, at most `left` characters of it, with control
/// and bidirectional-override characters escaped: server text in an error message can
/// neither flood a log, forge a log line nor send terminal escapes.
struct Bounded<'a, 'b> {
    out: &'a mut fmt::Formatter<'b>,
    left: usize,
    cut: bool,
    /// Plain text escapes `\\` too, so that an escape is told from text that looks like
    /// one; a `Debug` form has escaped its backslashes already.
    plain: bool,
}

impl fmt::Write for Bounded<'_, '_> {
    fn write_str(&mut self, s: &str) -> fmt::Result {
        for c in s.chars() {
            if self.left == 0 {
                // Stops the caller's formatting: nothing more is needed.
                self.cut = true;
                return Err(fmt::Error);
            }
            self.left -= 1;
            if needs_escape(c) {
                write!(self.out, "{}", c.escape_unicode())?;
            } else if c == '\\' && self.plain {
                self.out.write_str("\\\\")?;
            } else {
                fmt::Write::write_char(self.out, c)?;
            }
        }
        Ok(())
    }
}

fn needs_escape(c: char) -> bool {
    c.is_control()
        || matches!(c, '\u{200e}' | '\u{200f}' | '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}')
}

/// Writes `args` bounded and escaped (see [`Bounded`]), ending in `…` when cut.
pub(super) fn write_bounded(f: &mut fmt::Formatter<'_>, args: fmt::Arguments<'_>) -> fmt::Result {
    write_limited(f, args, true)
}

/// Writes a `Debug` form bounded, escaping what that form left as is.
fn write_bounded_debug(f: &mut fmt::Formatter<'_>, args: fmt::Arguments<'_>) -> fmt::Result {
    write_limited(f, args, false)
}

fn write_limited(f: &mut fmt::Formatter<'_>, args: fmt::Arguments<'_>, plain: bool) -> fmt::Result {
    let mut bounded = Bounded {
        out: f,
        left: SNIPPET_CHARS,
        cut: false,
        plain,
    };
    match fmt::write(&mut bounded, args) {
        Err(_) if bounded.cut => f.write_str("…"),
        other => other,
    }
}

/// Server text shown bounded and escaped: `Display` without quotes, `Debug` in quotes.
pub(super) struct Text<'a>(pub(super) &'a str);

impl fmt::Display for Text<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write_bounded(f, format_args!("{}", self.0))
    }
}

impl fmt::Debug for Text<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write_bounded_debug(f, format_args!("{:?}", self.0))
    }
}

/// A value's `Debug` form, bounded and escaped (a decoded error body can be any size).
struct Shown<'a, T>(&'a T);

impl<T: fmt::Debug> fmt::Debug for Shown<'_, T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write_bounded_debug(f, format_args!("{:?}", self.0))
    }
}

/// Why a paginated stream (`Paginated`) stopped early ([`Error::Pagination`]).
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum PaginationStop {
    /// The server sent the next-page token (or link) of an earlier page again: the pages
    /// go round in a circle.
    RepeatedToken,
    /// The stream fetched as many pages as `Paginated::max_pages` allows.
    TooManyPages { limit: u32 },
    /// The server sent as many empty pages in a row, each with a next-page token, as
    /// `Paginated::max_empty_pages` allows.
    TooManyEmptyPages { limit: u32 },
}

impl fmt::Display for PaginationStop {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            PaginationStop::RepeatedToken => f.write_str(
                "the server sent the next-page token of an earlier page again (the pages would repeat forever)",
            ),
            PaginationStop::TooManyPages { limit } => {
                write!(f, "the limit of {limit} pages was reached")
            }
            PaginationStop::TooManyEmptyPages { limit } => write!(
                f,
                "the server sent {limit} empty pages in a row, each pointing to another"
            ),
        }
    }
}

/// Why an operation failed. `E` is the error body type the spec declares for the
/// operation (`Infallible` when it declares none).
///
/// `Display` and `Debug` show at most a few hundred characters of anything the server
/// sent, with control characters escaped; the accessors ([`Error::raw_body`],
/// [`Error::body`]) give all of it.
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
        /// The raw response body, up to its first 64 KiB.
        raw: String,
        /// Whether the body went on past what `raw` holds (it is then not decoded).
        truncated: bool,
    },
    /// A success body larger than the response size limit
    /// ([`ClientBuilder::max_response_size`], [`Request::max_response_size`]); no more of
    /// it was read.
    ResponseTooLarge {
        status: u16,
        request_id: Option<String>,
        /// The limit, in bytes (after decompression).
        limit: u64,
    },
    /// The response's header block was larger than the HTTP client accepts; such a
    /// response is not retried.
    HeadersTooLarge(reqwest::Error),
    /// A paginated stream stopped because its pages would not end (see `Paginated`);
    /// the items of the pages before were delivered.
    Pagination {
        /// Pages received, the last one included.
        pages: u32,
        reason: PaginationStop,
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
    /// No OAuth2 access token could be had (the token endpoint refused the client
    /// credentials, failed, or answered without a token); the request was not sent.
    Token(TokenError),
    #[cfg(feature = "middleware")]
    /// A middleware of the client's stack (`ClientBuilder::middleware`) failed the
    /// request; it is not retried.
    Middleware(Box<dyn std::error::Error + Send + Sync>),
    /// Every attempt failed with a retryable error; `last` is the final one.
    RetriesExhausted { attempts: u32, last: Box<Error<E>> },
}

impl<E> Error<E> {
    /// The HTTP status of the (last) response, when one was received.
    pub fn status(&self) -> Option<u16> {
        match self {
            Error::Api { status, .. }
            | Error::Decode { status, .. }
            | Error::ResponseTooLarge { status, .. }
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
            | Error::ResponseTooLarge { request_id, .. }
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

    /// The raw body of the (last) non-success response (its first 64 KiB).
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
            Some(id) => write!(f, " (request id {})", Text(id)),
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
                write!(f, "next-page link `{}` not followed: {reason}", Text(link))
            }
            Error::WaitTimedOut {
                waited,
                last_status,
            } => {
                write!(f, "gave up waiting after {} s", waited.as_secs())?;
                match last_status {
                    Some(s) => write!(f, "; the last status was `{}`", Text(s)),
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
                write!(f, ": {}", Text(location))
            }
            Error::Api {
                status,
                request_id: id,
                body,
                raw,
                truncated,
            } => {
                write!(f, "API error {status}")?;
                request_id(f, id)?;
                f.write_str(": ")?;
                match body {
                    Some(b) => write_bounded_debug(f, format_args!("{b:?}")),
                    None if *truncated => write!(f, "{} (body cut at 64 KiB)", Text(raw)),
                    None => write!(f, "{}", Text(raw)),
                }
            }
            Error::ResponseTooLarge {
                status,
                request_id: id,
                limit,
            } => {
                write!(f, "response {status}")?;
                request_id(f, id)?;
                write!(
                    f,
                    " has a body larger than the limit of {limit} bytes; it was not read"
                )
            }
            Error::HeadersTooLarge(e) => {
                write!(
                    f,
                    "the response's headers are larger than the client accepts: {e}"
                )
            }
            Error::Pagination { pages, reason } => {
                write!(f, "pagination stopped after {pages} pages: {reason}")
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
                // serde's message quotes the offending value, which can be long.
                write!(f, " did not decode at `{}`: ", Text(path))?;
                write_bounded(f, format_args!("{source}"))?;
                write!(f, "; body starts with: {}", Text(snippet))
            }
            Error::Token(e) => write!(f, "{e}"),
            #[cfg(feature = "middleware")]
            Error::Middleware(e) => write!(f, "middleware: {e}"),
            Error::RetriesExhausted { attempts, last } => {
                write!(f, "gave up after {attempts} attempts: {last}")
            }
        }
    }
}

// By hand: what the server sent is shown bounded and escaped, as in `Display`.
impl<E: fmt::Debug> fmt::Debug for Error<E> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fn id(id: &Option<String>) -> Option<Text<'_>> {
            id.as_deref().map(Text)
        }
        match self {
            Error::Transport(e) => f.debug_tuple("Transport").field(e).finish(),
            Error::Timeout(e) => f.debug_tuple("Timeout").field(e).finish(),
            Error::HeadersTooLarge(e) => f.debug_tuple("HeadersTooLarge").field(e).finish(),
            Error::Token(e) => f.debug_tuple("Token").field(e).finish(),
            #[cfg(feature = "middleware")]
            Error::Middleware(e) => f.debug_tuple("Middleware").field(e).finish(),
            Error::Serialize(e) => f.debug_tuple("Serialize").field(e).finish(),
            Error::InvalidHeader(name) => {
                f.debug_tuple("InvalidHeader").field(&Text(name)).finish()
            }
            Error::InvalidPathParameter { name, reason } => f
                .debug_struct("InvalidPathParameter")
                .field("name", name)
                .field("reason", reason)
                .finish(),
            Error::WaitTimedOut {
                waited,
                last_status,
            } => f
                .debug_struct("WaitTimedOut")
                .field("waited", waited)
                .field("last_status", &id(last_status))
                .finish(),
            Error::InvalidNextLink { link, reason } => f
                .debug_struct("InvalidNextLink")
                .field("link", &Text(link))
                .field("reason", reason)
                .finish(),
            Error::Redirect {
                status,
                request_id,
                location,
            } => f
                .debug_struct("Redirect")
                .field("status", status)
                .field("request_id", &id(request_id))
                .field("location", &Text(location))
                .finish(),
            Error::Api {
                status,
                request_id,
                body,
                raw,
                truncated,
            } => f
                .debug_struct("Api")
                .field("status", status)
                .field("request_id", &id(request_id))
                .field("body", &body.as_ref().map(Shown))
                .field("raw", &Text(raw))
                .field("truncated", truncated)
                .finish(),
            Error::ResponseTooLarge {
                status,
                request_id,
                limit,
            } => f
                .debug_struct("ResponseTooLarge")
                .field("status", status)
                .field("request_id", &id(request_id))
                .field("limit", limit)
                .finish(),
            Error::Pagination { pages, reason } => f
                .debug_struct("Pagination")
                .field("pages", pages)
                .field("reason", reason)
                .finish(),
            Error::Decode {
                status,
                request_id,
                path,
                snippet,
                source,
            } => f
                .debug_struct("Decode")
                .field("status", status)
                .field("request_id", &id(request_id))
                .field("path", &Text(path))
                .field("snippet", &Text(snippet))
                .field("source", source)
                .finish(),
            Error::RetriesExhausted { attempts, last } => f
                .debug_struct("RetriesExhausted")
                .field("attempts", attempts)
                .field("last", last)
                .finish(),
        }
    }
}

impl<E: fmt::Debug + 'static> std::error::Error for Error<E> {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            Error::Transport(e) | Error::Timeout(e) | Error::HeadersTooLarge(e) => Some(e),
            Error::Serialize(e) | Error::Decode { source: e, .. } => Some(e),
            Error::RetriesExhausted { last, .. } => Some(last.as_ref()),
            Error::Token(e) => Some(e),
            #[cfg(feature = "middleware")]
            Error::Middleware(e) => Some(e.as_ref()),
            Error::Api { .. }
            | Error::ResponseTooLarge { .. }
            | Error::Pagination { .. }
            | Error::InvalidHeader(_)
            | Error::InvalidPathParameter { .. }
            | Error::InvalidNextLink { .. }
            | Error::WaitTimedOut { .. }
            | Error::Redirect { .. } => None,
        }
    }
}

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

#[cfg(test)]
#[path = "error/tests.rs"]
mod tests;

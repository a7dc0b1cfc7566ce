//! One request being prepared: parameters, body, per-request options.

use super::*;

/// Options for one request (or, on a paginated stream, for each page request).
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
    pub(super) timeout: Option<Duration>,
    pub(super) headers: Vec<(String, String)>,
    pub(super) idempotency_key: Option<String>,
    pub(super) version: Option<String>,
    pub(super) max_attempts: Option<u32>,
    pub(super) max_response_size: Option<u64>,
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
            .field("max_response_size", &self.max_response_size)
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

    /// The largest success body this request reads, in bytes (after decompression),
    /// instead of the client's [`ClientBuilder::max_response_size`]; `u64::MAX` for no
    /// limit. A larger body is [`Error::ResponseTooLarge`].
    pub fn max_response_size(mut self, bytes: u64) -> Self {
        self.max_response_size = Some(bytes);
        self
    }

    /// `other`'s settings win; headers add up.
    pub(super) fn merge(&mut self, other: RequestOptions) {
        self.timeout = other.timeout.or(self.timeout);
        self.headers.extend(other.headers);
        self.idempotency_key = other.idempotency_key.or(self.idempotency_key.take());
        self.version = other.version.or(self.version.take());
        self.max_attempts = other.max_attempts.or(self.max_attempts);
        self.max_response_size = other.max_response_size.or(self.max_response_size);
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
    pub(super) client: &'a Client,
    pub(super) method: Method,
    pub(super) operation_id: &'static str,
    pub(super) path_template: &'static str,
    /// The template with the path parameters filled in so far.
    pub(super) path: String,
    /// The first path parameter that cannot address its own segment, and why.
    pub(super) invalid_path: Option<(&'static str, &'static str)>,
    /// A next-page link that replaces the path and query (link-style pagination).
    pub(super) link: Option<String>,
    pub(super) query: Vec<(String, String)>,
    /// The serialized body, or why it could not be serialized (kept as text, so a request
    /// can be copied for each page of a stream).
    pub(super) body: Option<Result<Vec<u8>, String>>,
    #[cfg(feature = "multipart")]
    /// A multipart body's parts (sent instead of `body`, with a fresh boundary each time).
    pub(super) multipart: Option<Vec<Part>>,
    /// A streamed body (sent instead of `body`, once: copies of the request share it).
    pub(super) stream: Option<Arc<Mutex<Option<reqwest::Body>>>>,
    /// The media type of `body`.
    pub(super) content_type: &'static str,
    /// The `Accept` media type, and how the success body is read.
    pub(super) accept: &'static str,
    pub(super) reading: Reading,
    pub(super) decode_error: DecodeError<E>,
    pub(super) options: RequestOptions,
    /// The credentials the operation needs.
    pub(super) security: Security,
    pub(super) _response: PhantomData<fn() -> T>,
    pub(super) _operation: PhantomData<fn() -> O>,
}

/// How a success body is read.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Reading {
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
            #[cfg(feature = "multipart")]
            multipart: self.multipart.clone(),
            stream: self.stream.clone(),
            content_type: self.content_type,
            accept: self.accept,
            reading: self.reading,
            decode_error: self.decode_error,
            options: self.options.clone(),
            security: self.security,
            _response: PhantomData,
            _operation: PhantomData,
        }
    }
}

impl<'a, T, E, O> Request<'a, T, E, O> {
    /// The same request with other response and error types (and the decoder of the
    /// latter).
    pub(super) fn retype<U, F>(self, decode_error: DecodeError<F>) -> Request<'a, U, F, O> {
        Request {
            client: self.client,
            method: self.method,
            operation_id: self.operation_id,
            path_template: self.path_template,
            path: self.path,
            invalid_path: self.invalid_path,
            link: self.link,
            query: self.query,
            body: self.body,
            #[cfg(feature = "multipart")]
            multipart: self.multipart,
            stream: self.stream,
            content_type: self.content_type,
            accept: self.accept,
            reading: self.reading,
            decode_error,
            options: self.options,
            security: self.security,
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

    /// Sets the credentials this request needs, when its operation's `security` is not
    /// the spec's.
    #[doc(hidden)]
    pub fn security(mut self, security: Security) -> Self {
        self.security = security;
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

    #[cfg(feature = "multipart")]
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

    /// Reads a success body of at most `bytes` (after decompression) instead of the
    /// client's [`ClientBuilder::max_response_size`]; `u64::MAX` for no limit.
    pub fn max_response_size(mut self, bytes: u64) -> Self {
        self.options.max_response_size = Some(bytes);
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

    /// Sends the request like [`Request::send`] (awaiting the request does the same) and
    /// returns the decoded body together with the response's status and headers
    /// (rate-limit headers, `X-Request-Id`, `ETag`, `Location`, ...). Errors are the same
    /// as [`Request::send`]'s, which carry the status and request id of a failure.
    pub async fn send_with_response(self) -> Result<Response<T>, Error<E>>
    where
        T: DeserializeOwned,
    {
        let (transmission, span, decode_error, reading) = self.transmission(false)?;
        let sent = transmission.run(span.clone()).instrument(span).await;
        sent.respond(decode_error, reading)
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
    pub(super) fn transmission(
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
            payload: Payload {
                body,
                #[cfg(feature = "multipart")]
                multipart: self.multipart,
                stream,
                content_type: self.content_type,
            },
            accept: self.accept,
            options: self.options,
            security: self.security,
            stream_success,
        };
        Ok((transmission, span, self.decode_error, self.reading))
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

#[cfg(test)]
#[path = "request/tests.rs"]
mod tests;

//! Sending a request: attempts, retries, tracing and reading the response.

use super::*;

/// The absolute URL of a next-page link, resolved against the first page's URL; links
/// that leave its origin are refused, so credentials never follow them.
pub(super) fn resolve_link(first_page: &str, link: &str) -> Result<String, &'static str> {
    let base = reqwest::Url::parse(first_page).map_err(|_| "the request URL does not parse")?;
    let url = base
        .join(link)
        .map_err(|_| "it is not a valid URL or relative reference")?;
    if url.origin() != base.origin() {
        return Err("it leaves the origin of the base URL");
    }
    Ok(url.into())
}

/// The typeless part of a request. Sending and retrying live here, apart from the
/// operation's response and error types, so the retry loop is compiled once for the crate
/// rather than once per response type.
pub(super) struct Transmission<'a> {
    pub(super) client: &'a Client,
    pub(super) method: Method,
    pub(super) path: String,
    pub(super) link: Option<String>,
    pub(super) query: Vec<(String, String)>,
    pub(super) payload: Payload,
    pub(super) accept: &'static str,
    pub(super) options: RequestOptions,
    /// The credentials the operation needs.
    pub(super) security: Security,
    /// Return a success response unread (a download) instead of reading its body.
    pub(super) stream_success: bool,
}

/// What a request sends, and as what media type.
pub(super) struct Payload {
    pub(super) body: Option<Vec<u8>>,
    #[cfg(feature = "multipart")]
    pub(super) multipart: Option<Vec<Part>>,
    /// A streamed body: sent by the first attempt, so such a request is never retried.
    pub(super) stream: Option<reqwest::Body>,
    pub(super) content_type: &'static str,
}

impl Payload {
    /// `req` with this attempt's body: the multipart form (built anew for each attempt),
    /// else the streamed body (which only the first attempt has), else the bytes.
    fn attach(&mut self, req: reqwest::RequestBuilder) -> reqwest::RequestBuilder {
        #[cfg(feature = "multipart")]
        if let Some(parts) = &self.multipart {
            // reqwest sets the content type with the form's boundary.
            return req.multipart(multipart_form(parts));
        }
        if let Some(s) = self.stream.take() {
            return req
                .header(reqwest::header::CONTENT_TYPE, self.content_type)
                .body(s);
        }
        match &self.body {
            Some(b) => req
                .header(reqwest::header::CONTENT_TYPE, self.content_type)
                .body(b.clone()),
            None => req,
        }
    }
}

/// How a transmission ended. `gave_up_after` is the number of attempts when the last of
/// several retryable attempts failed too.
pub(super) enum Sent {
    Response {
        status: u16,
        request_id: Option<String>,
        /// The `Location` of a 3xx response (a redirect the client did not follow).
        location: Option<String>,
        /// All of the response's headers (handed out with a success body).
        headers: reqwest::header::HeaderMap,
        bytes: Vec<u8>,
        /// The body went on past what was read (error bodies are read up to a cap).
        truncated: bool,
        gave_up_after: Option<u32>,
    },
    /// A success body larger than the response size limit; the rest was not read.
    TooLarge {
        status: u16,
        request_id: Option<String>,
        limit: u64,
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
    /// No access token could be had for the request.
    Token(TokenError),
    #[cfg(feature = "middleware")]
    /// A middleware failed the request (it is not retried here).
    Middleware(Box<dyn std::error::Error + Send + Sync>),
    /// A success response whose body is still to be read (downloads).
    Streaming {
        response: reqwest::Response,
    },
}

/// Why an attempt got no response.
pub(super) enum NoResponse {
    /// The HTTP client failed: connecting, TLS, a timeout, a broken response, ...
    Http(reqwest::Error),
    #[cfg(feature = "middleware")]
    /// A middleware of the client's stack returned an error of its own.
    Middleware(Box<dyn std::error::Error + Send + Sync>),
}

impl Transmission<'_> {
    pub(super) async fn run(mut self, span: tracing::Span) -> Sent {
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
        let max_response_size = self
            .options
            .max_response_size
            .unwrap_or(inner.max_response_size);
        // A stream is read by the attempt that sends it; there is nothing to send again.
        let max_attempts = if self.payload.stream.is_some() {
            1
        } else {
            self.options
                .max_attempts
                .unwrap_or(inner.retry.max_attempts)
                .max(1)
        };
        // A response may be answered by a retry only if repeating the request is harmless.
        let repeatable = is_idempotent(&self.method) || self.options.idempotency_key.is_some();
        let (url, query) = match target(
            &inner.base_url,
            &self.path,
            self.link.as_deref(),
            &self.query,
        ) {
            Ok(target) => target,
            Err((link, reason)) => return Sent::InvalidLink { link, reason },
        };
        let gave_up = |retryable: bool, attempt: u32| (retryable && attempt > 1).then_some(attempt);
        let mut attempt: u32 = 0;
        // An OAuth2 token the API refused (401): replaced once, for one more attempt.
        let mut refused_token: Option<String> = None;
        let mut reauthorized = false;
        let streamed = self.payload.stream.is_some();
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
            let (with_auth, token) = match inner
                .auth
                .apply(
                    req,
                    self.security,
                    &inner.http,
                    &inner.base_url,
                    refused_token.as_deref(),
                )
                .await
            {
                Ok(applied) => applied,
                Err(e) => return Sent::Token(e),
            };
            req = with_auth;
            if !query.is_empty() {
                req = req.query(query);
            }
            if let Some(t) = timeout {
                req = req.timeout(t);
            }
            req = self.payload.attach(req);
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
            apply_headers(request.headers_mut(), &headers);
            let failure = match inner.execute(request).await {
                Ok(resp) => {
                    let status = resp.status().as_u16();
                    let success = (200..300).contains(&status);
                    span.record("status", status);
                    if self.stream_success && success {
                        return Sent::Streaming { response: resp };
                    }
                    // A refused OAuth2 token is replaced and the request sent once more
                    // (a streamed body cannot be sent again).
                    if status == 401 && token.is_some() && !reauthorized && !streamed {
                        tracing::debug!("401 with an OAuth2 token; fetching a new one");
                        reauthorized = true;
                        refused_token = token;
                        drop(resp);
                        continue;
                    }
                    let retryable = !success && repeatable && is_retryable_status(status);
                    let mut gave_up_after = gave_up(retryable, attempt);
                    if retryable && attempt < max_attempts {
                        match retry_after(resp.headers()) {
                            Some(d) if d > inner.retry.max_retry_after => {
                                tracing::debug!(
                                    status,
                                    retry_after_ms = d.as_millis() as u64,
                                    "not retrying: Retry-After exceeds the policy's limit"
                                );
                                gave_up_after = None;
                            }
                            wait => {
                                let delay = wait.unwrap_or_else(|| inner.retry.backoff(attempt));
                                // The body of a response that is answered by a retry is
                                // never read: a large one would otherwise be downloaded
                                // each time.
                                drop(resp);
                                tracing::debug!(
                                    status,
                                    attempt,
                                    delay_ms = delay.as_millis() as u64,
                                    "retrying after a retryable status"
                                );
                                tokio::time::sleep(delay).await;
                                continue;
                            }
                        }
                    }
                    match read_response(resp, max_response_size).await {
                        Ok(sent) => return sent.gave_up_after(gave_up_after),
                        Err(error) => error,
                    }
                }
                Err(NoResponse::Http(error)) => error,
                #[cfg(feature = "middleware")]
                Err(NoResponse::Middleware(error)) => return Sent::Middleware(error),
            };
            let retryable = Failure::of(&failure).retryable(repeatable);
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
                error: failure,
                gave_up_after: gave_up(retryable, attempt),
            };
        }
    }
}

/// Query pairs, in the order they are sent.
pub(super) type Query = [(String, String)];

/// The URL a request goes to and the query pairs to add to it: the base URL and the
/// filled path with the request's query, or a next-page link resolved against them
/// (which carries its own query, so the request's is dropped). A link that cannot be
/// followed is returned with the reason.
pub(super) fn target<'q>(
    base_url: &str,
    path: &str,
    link: Option<&str>,
    query: &'q Query,
) -> Result<(String, &'q Query), (String, &'static str)> {
    let first_page = format!("{base_url}{path}");
    match link {
        None => Ok((first_page, query)),
        Some(link) => match resolve_link(&first_page, link) {
            Ok(url) => Ok((url, &[])),
            Err(reason) => Err((link.to_owned(), reason)),
        },
    }
}

/// The most of an error body that is read: enough for any error document an API declares,
/// and a bound on what a misbehaving server can make the client hold.
pub(super) const ERROR_BODY_LIMIT: u64 = 64 * 1024;

/// Reads a response that is not retried: a success body up to `limit` (larger is
/// [`Sent::TooLarge`], found before reading when the length is announced), any other body
/// up to [`ERROR_BODY_LIMIT`].
async fn read_response(resp: reqwest::Response, limit: u64) -> Result<Sent, reqwest::Error> {
    let status = resp.status().as_u16();
    let success = (200..300).contains(&status);
    let header = |name: reqwest::header::HeaderName| {
        resp.headers()
            .get(name)
            .and_then(|v| v.to_str().ok())
            .map(str::to_owned)
    };
    let request_id = header(reqwest::header::HeaderName::from_static(REQUEST_ID_HEADER));
    // A `Location` is reported whatever its bytes (a redirect is still a redirect).
    let location = (300..400)
        .contains(&status)
        .then(|| resp.headers().get(reqwest::header::LOCATION))
        .flatten()
        .map(|v| String::from_utf8_lossy(v.as_bytes()).into_owned());
    let too_large = || Sent::TooLarge {
        status,
        request_id: request_id.clone(),
        limit,
    };
    if success && resp.content_length().is_some_and(|n| n > limit) {
        return Ok(too_large());
    }
    let cap = if success { limit } else { ERROR_BODY_LIMIT };
    let headers = resp.headers().clone();
    let (bytes, truncated) = read_limited(resp, cap).await?;
    if success && truncated {
        return Ok(too_large());
    }
    Ok(Sent::Response {
        status,
        request_id,
        location,
        headers,
        bytes,
        truncated,
        gave_up_after: None,
    })
}

/// Reads a body up to `limit` bytes (after decompression), and whether more followed.
/// The buffer never grows past the limit, so memory stays near it whatever the server
/// sends.
pub(super) async fn read_limited(
    mut resp: reqwest::Response,
    limit: u64,
) -> Result<(Vec<u8>, bool), reqwest::Error> {
    let limit = usize::try_from(limit).unwrap_or(usize::MAX);
    let announced = resp
        .content_length()
        .and_then(|n| usize::try_from(n).ok())
        .unwrap_or(0);
    let mut buf = Vec::with_capacity(announced.min(limit));
    while let Some(chunk) = resp.chunk().await? {
        let room = limit - buf.len();
        if chunk.len() > room {
            // Exactly the room left: `extend_from_slice` alone could double the buffer.
            buf.reserve_exact(room);
            buf.extend_from_slice(&chunk[..room]);
            return Ok((buf, true));
        }
        if buf.capacity() - buf.len() < chunk.len() {
            let want = (buf.capacity() * 2).max(buf.len() + chunk.len()).min(limit);
            buf.reserve_exact(want - buf.len());
        }
        buf.extend_from_slice(&chunk);
    }
    Ok((buf, false))
}

impl Sent {
    /// Records that this response ended several retryable attempts.
    fn gave_up_after(mut self, attempts: Option<u32>) -> Sent {
        if let Sent::Response { gave_up_after, .. } = &mut self {
            *gave_up_after = attempts;
        }
        self
    }

    /// The operation's result: the decoded success body or a typed error.
    pub(super) fn decode<T: DeserializeOwned, E>(
        self,
        decode_error: DecodeError<E>,
        reading: Reading,
    ) -> Result<T, Error<E>> {
        self.respond(decode_error, reading).map(Response::into_body)
    }

    /// The operation's result with the status and headers of a success: the decoded
    /// success body or a typed error.
    pub(super) fn respond<T: DeserializeOwned, E>(
        self,
        decode_error: DecodeError<E>,
        reading: Reading,
    ) -> Result<Response<T>, Error<E>> {
        match self {
            Sent::InvalidHeader(name) => Err(Error::InvalidHeader(name)),
            Sent::InvalidLink { link, reason } => Err(Error::InvalidNextLink { link, reason }),
            Sent::Token(e) => Err(Error::Token(e)),
            #[cfg(feature = "middleware")]
            Sent::Middleware(e) => Err(Error::Middleware(e)),
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
                let error = match Failure::of(&error) {
                    Failure::Timeout => Error::Timeout(error),
                    Failure::HeadersTooLarge => Error::HeadersTooLarge(error),
                    _ => Error::Transport(error),
                };
                Err(exhausted(error, gave_up_after))
            }
            Sent::TooLarge {
                status,
                request_id,
                limit,
            } => Err(Error::ResponseTooLarge {
                status,
                request_id,
                limit,
            }),
            Sent::Response {
                status,
                request_id,
                location,
                headers,
                bytes,
                truncated,
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
                    return match read_success(&bytes, reading) {
                        Ok(body) => Ok(Response {
                            status,
                            headers,
                            body,
                        }),
                        Err((path, source)) => Err(Error::Decode {
                            status,
                            request_id,
                            path,
                            snippet: snippet(&bytes),
                            source,
                        }),
                    };
                }
                // A cut body is not a whole document: it is kept raw only.
                let body = match (truncated, decode_error(status, &bytes)) {
                    (false, Some(Ok(b))) => Some(b),
                    _ => None,
                };
                let error = Error::Api {
                    status,
                    request_id,
                    body,
                    raw: String::from_utf8_lossy(&bytes).into_owned(),
                    truncated,
                };
                Err(exhausted(error, gave_up_after))
            }
        }
    }
}

/// The caller's headers (and the idempotency key), checked once for every attempt.
/// A header that cannot be sent is named in the error (its value may be a secret).
pub(super) fn extra_headers(
    options: &RequestOptions,
) -> Result<Vec<(reqwest::header::HeaderName, reqwest::header::HeaderValue)>, String> {
    let mut out = Vec::new();
    let key = options
        .idempotency_key
        .as_ref()
        .map(|k| (IDEMPOTENCY_KEY_HEADER, k));
    // A key set with `idempotency_key` is the one sent, whatever `header` added.
    let pairs = options
        .headers
        .iter()
        .filter(|(n, _)| key.is_none() || !n.eq_ignore_ascii_case(IDEMPOTENCY_KEY_HEADER))
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

/// Puts the caller's `extra` headers on a built request: the first of each name replaces
/// what the client set under it, and later ones with the same name are added beside it,
/// so two `.header("X-A", ..)` calls send both values.
pub(super) fn apply_headers(
    headers: &mut reqwest::header::HeaderMap,
    extra: &[(reqwest::header::HeaderName, reqwest::header::HeaderValue)],
) {
    let mut replaced = std::collections::HashSet::new();
    for (name, value) in extra {
        if replaced.insert(name) {
            headers.insert(name.clone(), value.clone());
        } else {
            headers.append(name.clone(), value.clone());
        }
    }
}

/// Reads a success body the way its media type says: JSON through serde, text as a
/// string, bytes as [`Binary`].
pub(super) fn read_success<T: DeserializeOwned>(
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

/// Decodes a success body; an empty body decodes as JSON `null` so `()` works, and an
/// operation that declares no body (`()`, which holds nothing) ignores whatever the
/// server sends. On failure, returns the path to the offending value (`data[0].status`)
/// and serde's error.
pub(super) fn decode_success<T: DeserializeOwned>(
    bytes: &[u8],
) -> Result<T, (String, serde_json::Error)> {
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

#[cfg(test)]
#[path = "send/tests.rs"]
mod tests;

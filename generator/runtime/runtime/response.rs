//! A decoded success body together with the status and headers it came with.

use super::*;

/// A success response: the decoded body, with the status and headers it came with
/// (rate-limit headers, `X-Request-Id`, `ETag`, `Location`, ...).
///
/// [`Request::send_with_response`] returns one for any operation; a paginated stream
/// hands out one per page (`Paginated::pages`).
///
/// ```no_run
/// use polytomic::{Error, Request};
///
/// // Any operation's request: `client.<group>().<operation>(..)`.
/// async fn with_headers<T, E>(request: Request<'_, T, E>) -> Result<T, Error<E>>
/// where
///     T: serde::de::DeserializeOwned,
/// {
///     let response = request.send_with_response().await?;
///     println!("{} (request id {:?})", response.status(), response.request_id());
///     if let Some(left) = response.header("x-ratelimit-remaining") {
///         println!("{left} requests left");
///     }
///     Ok(response.into_body())
/// }
/// ```
#[derive(Clone)]
pub struct Response<T> {
    pub(super) status: u16,
    pub(super) headers: reqwest::header::HeaderMap,
    pub(super) body: T,
}

impl<T> Response<T> {
    /// The HTTP status (2xx).
    pub fn status(&self) -> u16 {
        self.status
    }

    /// Every header of the response.
    pub fn headers(&self) -> &reqwest::header::HeaderMap {
        &self.headers
    }

    /// The first value of the header `name` (any case), when it is present and is text.
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers.get(name).and_then(|v| v.to_str().ok())
    }

    /// The `X-Request-Id` of the response, for support requests.
    pub fn request_id(&self) -> Option<&str> {
        self.header(REQUEST_ID_HEADER)
    }

    /// The decoded body.
    pub fn body(&self) -> &T {
        &self.body
    }

    /// The decoded body, to change in place.
    pub fn body_mut(&mut self) -> &mut T {
        &mut self.body
    }

    /// The decoded body, without the status and headers.
    pub fn into_body(self) -> T {
        self.body
    }

    /// The status, the headers and the body.
    pub fn into_parts(self) -> (u16, reqwest::header::HeaderMap, T) {
        (self.status, self.headers, self.body)
    }

    /// The same response with its body changed by `f`.
    pub fn map<U>(self, f: impl FnOnce(T) -> U) -> Response<U> {
        Response {
            status: self.status,
            headers: self.headers,
            body: f(self.body),
        }
    }
}

// Header values may be credentials (a `Set-Cookie`, a token echoed back): only their
// names are shown.
impl<T: fmt::Debug> fmt::Debug for Response<T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let names: Vec<&str> = self.headers.keys().map(|n| n.as_str()).collect();
        f.debug_struct("Response")
            .field("status", &self.status)
            .field("headers", &names)
            .field("body", &self.body)
            .finish()
    }
}

#[cfg(test)]
#[path = "response/tests.rs"]
mod tests;

//! Requests to endpoints the spec does not describe, through the same client.

use super::*;

/// Marks a request made with [`Client::raw`], which gets the setters of this module.
#[derive(Debug)]
pub enum Raw {}

/// Decodes any error body as JSON of `E`.
fn decode_any<E: DeserializeOwned>(
    _status: u16,
    bytes: &[u8],
) -> Option<Result<E, serde_json::Error>> {
    decode_error(bytes)
}

impl Client {
    /// A request to `path` (appended to the base URL, as sent: percent-encode what it
    /// needs yourself) for an endpoint this SDK has no method for.
    ///
    /// It goes through everything a generated operation does: authentication, the
    /// version header, retries (by method and idempotency key), tracing (operation id
    /// `raw`), redirects within the origin, the response size limit and the error type.
    /// The success body and error bodies are JSON, decoded as `serde_json::Value` unless
    /// [`Request::response_type`] and [`Request::error_type`] say otherwise; an empty
    /// success body is `null` (or `()`).
    ///
    /// ```no_run
    /// # async fn run(client: polytomic::Client) -> Result<(), Box<dyn std::error::Error>> {
    /// use polytomic::runtime::Method;
    ///
    /// #[derive(serde::Deserialize)]
    /// struct Job {
    ///     id: String,
    /// }
    /// #[derive(Debug, serde::Deserialize)]
    /// struct Problem {
    ///     message: String,
    /// }
    ///
    /// // Untyped: JSON in, JSON out.
    /// let status = client.raw(Method::GET, "/api/status").await?;
    /// println!("{}", status["state"]);
    ///
    /// // Typed, with a body, a query parameter and per-request options.
    /// let job = client
    ///     .raw(Method::POST, "/api/jobs")
    ///     .query_param("dry_run", "true")
    ///     .json_body(&serde_json::json!({ "kind": "export" }))
    ///     .idempotency_key(polytomic::idempotency_key())
    ///     .response_type::<Job>()
    ///     .error_type::<Problem>()
    ///     .send_with_response()
    ///     .await?;
    /// println!("{} ({})", job.body().id, job.status());
    /// # Ok(())
    /// # }
    /// ```
    pub fn raw(
        &self,
        method: Method,
        path: &str,
    ) -> Request<'_, serde_json::Value, serde_json::Value, Raw> {
        let mut request = self.request(method, "raw", "(raw)", decode_any::<serde_json::Value>);
        request.path = if path.starts_with('/') {
            path.to_owned()
        } else {
            format!("/{path}")
        };
        request
    }
}

impl<'a, T, E> Request<'a, T, E, Raw> {
    /// Decodes the success body as `U` instead (any `Deserialize` type, or `()` to ignore
    /// it).
    pub fn response_type<U>(self) -> Request<'a, U, E, Raw> {
        let decode_error = self.decode_error;
        self.retype(decode_error)
    }

    /// Decodes error bodies as `F` instead (kept raw in [`Error::Api`] when they do not
    /// decode).
    pub fn error_type<F: DeserializeOwned>(self) -> Request<'a, T, F, Raw> {
        self.retype(decode_any::<F>)
    }

    /// Adds the query parameter `name=value` (percent-encoded when sent); a name may be
    /// given several times.
    pub fn query_param(mut self, name: impl Into<String>, value: impl Into<String>) -> Self {
        self.query.push((name.into(), value.into()));
        self
    }

    /// Sends `body` as JSON.
    pub fn json_body<B: Serialize + ?Sized>(self, body: &B) -> Self {
        self.json(body)
    }
}

#[cfg(test)]
#[path = "raw/tests.rs"]
mod tests;

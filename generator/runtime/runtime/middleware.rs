//! Sending through a `reqwest-middleware` stack ([`ClientBuilder::middleware`]), so any
//! published middleware (OpenTelemetry propagation, HTTP caching, request signing,
//! recording for tests) sees every request the client sends.

use super::*;

impl ClientBuilder {
    /// Sends every request through `stack`, a `reqwest_middleware::ClientWithMiddleware`
    /// (its middleware in order, then its own `reqwest::Client`).
    ///
    /// Requests are still built here: authentication, headers, the version header,
    /// timeouts and bodies are set before the stack sees them, and the runtime's retries
    /// wrap the whole stack (each attempt runs it again). With a retry middleware in the
    /// stack, set [`ClientBuilder::max_attempts`] to `1` so attempts do not multiply.
    /// Redirects follow the stack's `reqwest::Client`: build it with
    /// `reqwest::redirect::Policy::none()` to keep the rule that redirects never leave
    /// the base URL's origin. An error a middleware returns is
    /// [`Error::Middleware`] and is not retried; an error of the HTTP client under it is
    /// handled like any other.
    ///
    /// ```no_run
    /// # fn run(stack: reqwest_middleware::ClientWithMiddleware) -> Result<(), polytomic::runtime::BuildError> {
    /// let client = polytomic::runtime::Client::builder()
    ///     .middleware(stack)
    ///     .build()?;
    /// # Ok(())
    /// # }
    /// ```
    pub fn middleware(mut self, stack: reqwest_middleware::ClientWithMiddleware) -> Self {
        self.middleware = Some(stack);
        self
    }
}

/// Sends `request` through `stack`, telling the HTTP client's errors from the
/// middleware's own.
pub(super) async fn execute(
    stack: &reqwest_middleware::ClientWithMiddleware,
    request: reqwest::Request,
) -> Result<reqwest::Response, NoResponse> {
    stack.execute(request).await.map_err(|error| match error {
        reqwest_middleware::Error::Reqwest(error) => NoResponse::Http(error),
        reqwest_middleware::Error::Middleware(error) => NoResponse::Middleware(error.into()),
    })
}

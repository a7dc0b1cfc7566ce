//! The client and its builder: credentials, base URL, timeouts and the HTTP client.

use super::*;

#[derive(Debug)]
pub(super) struct Inner {
    pub(super) http: reqwest::Client,
    pub(super) base_url: String,
    pub(super) auth: Credentials,
    pub(super) version: String,
    pub(super) user_agent: String,
    pub(super) timeout: Option<Duration>,
    pub(super) retry: RetryPolicy,
    pub(super) max_response_size: u64,
    #[cfg(feature = "middleware")]
    pub(super) middleware: Option<reqwest_middleware::ClientWithMiddleware>,
}

impl Inner {
    /// Sends one attempt's request: through the middleware stack when the client has one.
    pub(super) async fn execute(
        &self,
        request: reqwest::Request,
    ) -> Result<reqwest::Response, NoResponse> {
        #[cfg(feature = "middleware")]
        if let Some(stack) = &self.middleware {
            return middleware::execute(stack, request).await;
        }
        self.http.execute(request).await.map_err(NoResponse::Http)
    }
}

/// The API client. Cheap to clone; clones share one connection pool.
///
/// Operations are grouped like the API: `client.model_sync().create(&body).await`.
/// See the [module docs](super) for configuration, retries, errors and pagination.
#[derive(Debug, Clone)]
pub struct Client {
    pub(super) inner: Arc<Inner>,
}

/// Configures a [`Client`]; start with [`Client::builder`].
pub struct ClientBuilder {
    base_url: Option<String>,
    pub(super) credentials: Credentials,
    version: Option<String>,
    timeout: Option<Duration>,
    connect_timeout: Option<Duration>,
    user_agent: Option<String>,
    http: Option<reqwest::Client>,
    retry: RetryPolicy,
    max_response_size: u64,
    #[cfg(feature = "middleware")]
    pub(super) middleware: Option<reqwest_middleware::ClientWithMiddleware>,
}

// By hand: the HTTP client's `Debug` is long and says nothing useful here.
impl fmt::Debug for ClientBuilder {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ClientBuilder")
            .field("base_url", &self.base_url)
            .field("credentials", &self.credentials)
            .field("version", &self.version)
            .field("timeout", &self.timeout)
            .field("connect_timeout", &self.connect_timeout)
            .field("user_agent", &self.user_agent)
            .field("http", &self.http)
            .field("retry", &self.retry)
            .field("max_response_size", &self.max_response_size)
            .finish()
    }
}

impl Default for ClientBuilder {
    fn default() -> Self {
        ClientBuilder {
            base_url: None,
            credentials: Credentials::default(),
            version: None,
            timeout: Some(DEFAULT_TIMEOUT),
            connect_timeout: Some(DEFAULT_CONNECT_TIMEOUT),
            user_agent: None,
            http: None,
            retry: RetryPolicy::default(),
            max_response_size: DEFAULT_MAX_RESPONSE_SIZE,
            #[cfg(feature = "middleware")]
            middleware: None,
        }
    }
}

impl ClientBuilder {
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

    /// The largest success body a request reads, in bytes, counted after decompression
    /// (default [`DEFAULT_MAX_RESPONSE_SIZE`]); a larger one is
    /// [`Error::ResponseTooLarge`], and no more of it is read. `u64::MAX` lifts the limit.
    /// Downloads ([`Request::download`]) stream and are not limited.
    pub fn max_response_size(mut self, bytes: u64) -> Self {
        self.max_response_size = bytes;
        self
    }

    /// Checks the settings and builds the client.
    pub fn build(self) -> Result<Client, BuildError> {
        let auth = self.credentials.finish()?;
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
                max_response_size: self.max_response_size,
                #[cfg(feature = "middleware")]
                middleware: self.middleware,
            }),
        })
    }
}

/// A base URL is a scheme, a host, an optional port and an optional path prefix: request
/// paths are appended to it as text, so a query or fragment would swallow them, and user
/// info would send a second set of credentials.
pub(super) fn check_base_url(base_url: &str) -> Result<(), (String, String)> {
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
pub(super) fn same_origin_redirects() -> reqwest::redirect::Policy {
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

pub(super) fn header_value_ok(value: &str) -> bool {
    reqwest::header::HeaderValue::from_str(value).is_ok()
}

/// Why [`ClientBuilder::build`] or [`Client::from_env`] failed.
#[derive(Debug)]
#[non_exhaustive]
pub enum BuildError {
    /// `from_env` found no credential in the environment, and the API needs one.
    MissingCredentials,
    /// A credential contains characters a header cannot carry.
    InvalidCredential,
    /// A basic-auth password was given without a user name (for the Polytomic API: an
    /// organization id without a deployment key).
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
            BuildError::MissingCredentials => f.write_str(&missing_credentials_message()),
            BuildError::InvalidCredential => f.write_str(
                "a credential contains characters that cannot be sent in a header",
            ),
            BuildError::OrganizationWithoutDeploymentKey => f.write_str(
                "a basic-auth password (an organization id) is only used with a user name (a deployment key)",
            ),
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
            #[cfg(feature = "multipart")]
            multipart: None,
            stream: None,
            content_type: "application/json",
            accept: "application/json",
            reading: Reading::Json,
            decode_error,
            options: RequestOptions::default(),
            security: SECURITY,
            _response: PhantomData,
            _operation: PhantomData,
        }
    }
}

#[cfg(test)]
#[path = "client/tests.rs"]
mod tests;

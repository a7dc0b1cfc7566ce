//! Credentials: one per security scheme the spec declares, set through the generated
//! `ClientBuilder` setters (or read by `from_env`), and sent with each request as its
//! operation's security requirement says.

use super::*;

/// A security scheme of the spec, as generation writes it into `spec::SECURITY_SCHEMES`.
#[doc(hidden)]
#[derive(Debug, Clone, Copy)]
pub struct SecurityScheme {
    /// Its name in the spec (`components/securitySchemes`).
    pub name: &'static str,
    pub kind: SchemeKind,
    /// The environment variables `from_env` reads, and the part of the credential each
    /// holds.
    pub env: &'static [(CredentialPart, &'static str)],
}

/// How a scheme's credential travels.
#[doc(hidden)]
#[derive(Debug, Clone, Copy)]
pub enum SchemeKind {
    /// `Authorization: Bearer <token>`.
    Bearer,
    /// `Authorization: Basic <user:password>`.
    Basic,
    /// A key in the header, query parameter or cookie `name`.
    ApiKey {
        location: KeyLocation,
        name: &'static str,
    },
    /// OAuth2 client credentials: a bearer token fetched from `token_url` (see
    /// `runtime/oauth2.rs`, which `source` comes from).
    ClientCredentials {
        token_url: &'static str,
        scopes: &'static [&'static str],
        source: NewTokenSource,
    },
    /// A token obtained elsewhere (another OAuth2 flow, OpenID Connect), sent as
    /// `Authorization: Bearer <token>`.
    AccessToken,
    /// Nothing the client can send (mutual TLS, an unknown HTTP scheme).
    Unsupported,
}

#[doc(hidden)]
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum KeyLocation {
    Header,
    Query,
    Cookie,
}

/// One piece of a credential.
#[doc(hidden)]
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CredentialPart {
    /// A token or key.
    Token,
    Username,
    Password,
    ClientId,
    ClientSecret,
}

/// Which credentials a request needs: generated per operation from the spec's
/// `security`.
#[doc(hidden)]
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Security {
    /// The spec says nothing: every configured credential is sent.
    Unspecified,
    /// Alternatives, each a set of schemes (indexes into `spec::SECURITY_SCHEMES`) sent
    /// together. The first alternative whose credentials are all configured is sent; an
    /// empty one (`security: []`) sends nothing, and is taken only when no other is.
    AnyOf(&'static [&'static [usize]]),
}

/// Makes the token source of an OAuth2 client-credentials scheme: (scheme, token URL,
/// scopes, client id, client secret).
#[doc(hidden)]
pub type NewTokenSource =
    fn(&'static str, &'static str, &'static [&'static str], String, String) -> Arc<dyn TokenSource>;

/// Hands out access tokens (OAuth2), fetching and caching them.
#[doc(hidden)]
pub trait TokenSource: Send + Sync {
    /// A valid token; a new one when the cached one is `stale` (the server refused it)
    /// or about to expire.
    fn token<'a>(
        &'a self,
        http: &'a reqwest::Client,
        base_url: &'a str,
        stale: Option<&'a str>,
    ) -> Pin<Box<dyn Future<Output = Result<String, TokenError>> + Send + 'a>>;
}

/// Fetching an OAuth2 access token failed; see [`Error::Token`].
pub struct TokenError {
    pub(super) scheme: &'static str,
    pub(super) status: Option<u16>,
    /// What went wrong, with the start of what the token endpoint answered.
    pub(super) reason: String,
    pub(super) source: Option<reqwest::Error>,
}

impl TokenError {
    /// The security scheme whose token was requested.
    pub fn scheme(&self) -> &'static str {
        self.scheme
    }

    /// The token endpoint's status, when it answered.
    pub fn status(&self) -> Option<u16> {
        self.status
    }
}

impl fmt::Display for TokenError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "no OAuth2 token for `{}`", self.scheme)?;
        if let Some(status) = self.status {
            write!(f, " (token endpoint answered {status})")?;
        }
        write!(f, ": {}", Text(&self.reason))
    }
}

impl fmt::Debug for TokenError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("TokenError")
            .field("scheme", &self.scheme)
            .field("status", &self.status)
            .field("reason", &Text(&self.reason))
            .field("source", &self.source)
            .finish()
    }
}

impl std::error::Error for TokenError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        self.source.as_ref().map(|e| e as _)
    }
}

/// The credential of one scheme, as configured.
#[derive(Clone, Default)]
struct Slot {
    /// The token, user name or client id.
    first: Option<String>,
    /// The password or client secret.
    second: Option<String>,
    /// Where an OAuth2 scheme's tokens come from (made by `build`).
    tokens: Option<Arc<dyn TokenSource>>,
}

/// Every scheme's credential. Secrets never leave through `Debug`.
#[derive(Clone)]
pub(super) struct Credentials {
    schemes: &'static [SecurityScheme],
    slots: Vec<Slot>,
}

impl Default for Credentials {
    fn default() -> Self {
        Credentials::new(SECURITY_SCHEMES)
    }
}

impl fmt::Debug for Credentials {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let set = self.schemes.iter().zip(&self.slots);
        let set = set.filter(|(_, s)| s.first.is_some() || s.second.is_some());
        f.debug_map()
            .entries(set.map(|(scheme, _)| (scheme.name, "<redacted>")))
            .finish()
    }
}

impl Credentials {
    pub(super) fn new(schemes: &'static [SecurityScheme]) -> Self {
        Credentials {
            schemes,
            slots: vec![Slot::default(); schemes.len()],
        }
    }

    pub(super) fn set(&mut self, scheme: usize, part: CredentialPart, value: String) {
        if let Some(slot) = self.slots.get_mut(scheme) {
            match part {
                CredentialPart::Password | CredentialPart::ClientSecret => {
                    slot.second = Some(value)
                }
                _ => slot.first = Some(value),
            }
            slot.tokens = None;
        }
    }

    /// Checks what was set and makes the OAuth2 token sources.
    pub(super) fn finish(mut self) -> Result<Self, BuildError> {
        for (scheme, slot) in self.schemes.iter().zip(&mut self.slots) {
            let values = slot.first.iter().chain(&slot.second);
            let in_header = !matches!(scheme.kind, SchemeKind::ClientCredentials { .. });
            if in_header && !values.into_iter().all(|v| header_value_ok(v)) {
                return Err(BuildError::InvalidCredential);
            }
            match scheme.kind {
                SchemeKind::Basic if slot.first.is_none() && slot.second.is_some() => {
                    return Err(BuildError::OrganizationWithoutDeploymentKey)
                }
                SchemeKind::ClientCredentials {
                    token_url,
                    scopes,
                    source,
                } => {
                    if let (Some(id), Some(secret)) = (&slot.first, &slot.second) {
                        let new =
                            source(scheme.name, token_url, scopes, id.clone(), secret.clone());
                        slot.tokens = Some(new);
                    }
                }
                _ => {}
            }
        }
        Ok(self)
    }

    /// Whether scheme `i` has what it needs to be sent.
    fn ready(&self, i: usize) -> bool {
        let (Some(scheme), Some(slot)) = (self.schemes.get(i), self.slots.get(i)) else {
            return false;
        };
        match scheme.kind {
            SchemeKind::ClientCredentials { .. } => slot.tokens.is_some(),
            SchemeKind::Unsupported => false,
            _ => slot.first.is_some(),
        }
    }

    /// The schemes whose credentials a request with `security` carries: the first
    /// alternative that can be sent whole (one without schemes only when no other
    /// can); none when no alternative can (the server then answers as it does to a
    /// request without credentials).
    pub(super) fn choose(&self, security: Security) -> Vec<usize> {
        match security {
            Security::Unspecified => (0..self.slots.len()).filter(|&i| self.ready(i)).collect(),
            Security::AnyOf(alternatives) => alternatives
                .iter()
                .find(|alt| !alt.is_empty() && alt.iter().all(|&i| self.ready(i)))
                .map(|alt| alt.to_vec())
                .unwrap_or_default(),
        }
    }

    /// Whether `security` can be met without any credential (`security: []`, `{}`).
    fn optional(security: Security) -> bool {
        match security {
            Security::Unspecified => true,
            Security::AnyOf(alternatives) => alternatives.iter().any(|a| a.is_empty()),
        }
    }

    /// Adds the credentials `security` needs to `req`. Returns the OAuth2 token sent,
    /// if any, so a 401 can replace exactly that one (`stale`).
    pub(super) async fn apply(
        &self,
        mut req: reqwest::RequestBuilder,
        security: Security,
        http: &reqwest::Client,
        base_url: &str,
        stale: Option<&str>,
    ) -> Result<(reqwest::RequestBuilder, Option<String>), TokenError> {
        let chosen = self.choose(security);
        if chosen.is_empty() && !Credentials::optional(security) {
            tracing::debug!(
                "no configured credentials meet the operation's security; sending none"
            );
        }
        let mut cookies = Vec::new();
        let mut sent_token = None;
        for i in chosen {
            let (scheme, slot) = (&self.schemes[i], &self.slots[i]);
            let first = slot.first.as_deref().unwrap_or_default();
            match scheme.kind {
                SchemeKind::Bearer | SchemeKind::AccessToken => req = req.bearer_auth(first),
                SchemeKind::Basic => req = req.basic_auth(first, slot.second.as_deref()),
                SchemeKind::ApiKey { location, name } => match location {
                    KeyLocation::Header => req = req.header(name, secret_header(first)),
                    KeyLocation::Query => req = req.query(&[(name, first)]),
                    KeyLocation::Cookie => cookies.push(format!("{name}={first}")),
                },
                SchemeKind::ClientCredentials { .. } => {
                    if let Some(tokens) = &slot.tokens {
                        let token = tokens.token(http, base_url, stale).await?;
                        req = req.bearer_auth(&token);
                        sent_token = Some(token);
                    }
                }
                SchemeKind::Unsupported => {}
            }
        }
        if !cookies.is_empty() {
            req = req.header(reqwest::header::COOKIE, secret_header(&cookies.join("; ")));
        }
        Ok((req, sent_token))
    }

    /// The environment variables of the schemes, in the order `security` prefers them
    /// (for messages).
    fn variables(&self, security: Security) -> Vec<String> {
        let mut order: Vec<usize> = match security {
            Security::AnyOf(alternatives) => alternatives.iter().flat_map(|a| a.to_vec()).collect(),
            Security::Unspecified => Vec::new(),
        };
        order.extend(0..self.schemes.len());
        let mut seen = Vec::new();
        let mut out = Vec::new();
        for i in order {
            let Some(scheme) = self.schemes.get(i).filter(|_| !seen.contains(&i)) else {
                continue;
            };
            seen.push(i);
            let names: Vec<&str> = scheme.env.iter().map(|(_, name)| *name).collect();
            if !names.is_empty() {
                out.push(names.join(" and "));
            }
        }
        out
    }
}

/// A header value marked sensitive (never shown in reqwest's own `Debug`).
fn secret_header(value: &str) -> reqwest::header::HeaderValue {
    // Every value was checked by `Credentials::finish`.
    let mut v = reqwest::header::HeaderValue::from_str(value)
        .unwrap_or_else(|_| reqwest::header::HeaderValue::from_static(""));
    v.set_sensitive(true);
    v
}

impl ClientBuilder {
    /// A builder filled from the environment: each security scheme's credentials from
    /// the variables named after the spec (`spec::env`; when several schemes are set,
    /// each request uses the first its operation lists), and [`ENV_DEPLOYMENT_URL`] (a
    /// URL, or a bare host that gets `https://`). Empty variables count as unset. Fails
    /// with [`BuildError::MissingCredentials`] when the API needs credentials and no
    /// variable holds one.
    pub fn from_env() -> Result<Self, BuildError> {
        Self::from_lookup(|name| std::env::var(name).ok())
    }

    /// Like [`ClientBuilder::from_env`], reading variables through `lookup`.
    pub fn from_lookup(lookup: impl Fn(&str) -> Option<String>) -> Result<Self, BuildError> {
        let var = |name: &str| lookup(name).filter(|v| !v.trim().is_empty());
        let mut builder = ClientBuilder::default();
        let mut found = false;
        for (i, scheme) in SECURITY_SCHEMES.iter().enumerate() {
            for (part, name) in scheme.env {
                if let Some(value) = var(name) {
                    builder = builder.credential(i, *part, value.trim());
                    found = true;
                }
            }
        }
        let wanted = builder.credentials.variables(SECURITY);
        if !found && !wanted.is_empty() && !Credentials::optional(SECURITY) {
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

    /// Sets one part of the credential of security scheme `scheme` (an index into
    /// `spec::SECURITY_SCHEMES`); the generated setters call this.
    #[doc(hidden)]
    pub fn credential(
        mut self,
        scheme: usize,
        part: CredentialPart,
        value: impl Into<String>,
    ) -> Self {
        self.credentials.set(scheme, part, value.into());
        self
    }
}

/// The variables [`BuildError::MissingCredentials`] names.
pub(super) fn missing_credentials_message() -> String {
    let names = Credentials::default().variables(SECURITY);
    format!("no credentials: set {}", names.join(" or "))
}

#[cfg(test)]
#[path = "auth/tests.rs"]
mod tests;

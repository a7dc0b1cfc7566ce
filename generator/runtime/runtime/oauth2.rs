//! OAuth2 client credentials (RFC 6749 §4.4): an access token fetched with the client's
//! id and secret, cached, and fetched again shortly before it expires or when the API
//! refuses it. Copied only into crates whose spec has such a scheme.

use super::*;
use std::time::Instant;

/// Tokens are replaced this long before they expire (at most: half the lifetime of a
/// short-lived token), so a request never leaves with one about to lapse.
pub(super) const REFRESH_MARGIN: Duration = Duration::from_secs(30);

/// The most of a token response that is read.
const TOKEN_RESPONSE_LIMIT: u64 = 64 * 1024;

/// The token source of an OAuth2 client-credentials scheme; generated scheme tables
/// name it.
#[doc(hidden)]
pub fn client_credentials(
    scheme: &'static str,
    token_url: &'static str,
    scopes: &'static [&'static str],
    client_id: String,
    client_secret: String,
) -> Arc<dyn TokenSource> {
    Arc::new(ClientCredentials {
        scheme,
        token_url,
        scopes,
        client_id,
        client_secret,
        cached: tokio::sync::Mutex::new(None),
    })
}

struct ClientCredentials {
    scheme: &'static str,
    token_url: &'static str,
    scopes: &'static [&'static str],
    client_id: String,
    client_secret: String,
    /// Behind an async mutex: concurrent requests wait for one fetch.
    cached: tokio::sync::Mutex<Option<Token>>,
}

#[derive(Clone)]
pub(super) struct Token {
    pub(super) value: String,
    /// When to fetch a new one; `None`: when the API refuses it.
    pub(super) refresh_at: Option<Instant>,
}

impl TokenSource for ClientCredentials {
    fn token<'a>(
        &'a self,
        http: &'a reqwest::Client,
        base_url: &'a str,
        stale: Option<&'a str>,
    ) -> Pin<Box<dyn Future<Output = Result<String, TokenError>> + Send + 'a>> {
        Box::pin(async move {
            let mut cached = self.cached.lock().await;
            if let Some(token) = cached.as_ref() {
                let refused = stale == Some(token.value.as_str());
                let fresh = !matches!(token.refresh_at, Some(at) if Instant::now() >= at);
                if fresh && !refused {
                    return Ok(token.value.clone());
                }
            }
            let token = self.fetch(http, base_url).await?;
            *cached = Some(token.clone());
            Ok(token.value)
        })
    }
}

impl ClientCredentials {
    /// Asks the token endpoint for a token: a form POST of
    /// `grant_type=client_credentials` (and `scope`), the client authenticating with
    /// HTTP basic auth, its id and secret form-encoded first (RFC 6749 §2.3.1).
    async fn fetch(&self, http: &reqwest::Client, base_url: &str) -> Result<Token, TokenError> {
        let fail =
            |status: Option<u16>, reason: String, source: Option<reqwest::Error>| TokenError {
                scheme: self.scheme,
                status,
                reason,
                source,
            };
        // A relative token URL is relative to the API's base URL.
        let url = reqwest::Url::parse(base_url)
            .and_then(|base| base.join(self.token_url))
            .map_err(|e| {
                fail(
                    None,
                    format!("the token URL `{}` is invalid: {e}", self.token_url),
                    None,
                )
            })?;
        let mut form = vec![("grant_type", "client_credentials".to_owned())];
        if !self.scopes.is_empty() {
            form.push(("scope", self.scopes.join(" ")));
        }
        let started = Instant::now();
        let response = http
            .post(url)
            .basic_auth(
                form_encode_value(&self.client_id),
                Some(form_encode_value(&self.client_secret)),
            )
            .header(reqwest::header::ACCEPT, "application/json")
            .form(&form)
            .timeout(DEFAULT_TIMEOUT)
            .send()
            .await
            .map_err(|e| fail(None, "the token request failed".to_owned(), Some(e)))?;
        let status = response.status().as_u16();
        let (body, _) = read_limited(response, TOKEN_RESPONSE_LIMIT)
            .await
            .map_err(|e| {
                fail(
                    Some(status),
                    "the token response could not be read".to_owned(),
                    Some(e),
                )
            })?;
        if !(200..300).contains(&status) {
            return Err(fail(Some(status), snippet(&body), None));
        }
        let Some((value, expires_in)) = parse_token_response(&body) else {
            let reason = format!("the response has no `access_token`: {}", snippet(&body));
            return Err(fail(Some(status), reason, None));
        };
        let refresh_at = expires_in.map(|lifetime| {
            let margin = REFRESH_MARGIN.min(lifetime / 2);
            started + lifetime - margin
        });
        Ok(Token { value, refresh_at })
    }
}

/// The token and its lifetime from a token response: JSON (`access_token`, and
/// `expires_in` as a number or numeric text), or, leniently, a form-encoded body.
pub(super) fn parse_token_response(body: &[u8]) -> Option<(String, Option<Duration>)> {
    let seconds = |v: &serde_json::Value| match v {
        serde_json::Value::Number(n) => n.as_f64(),
        serde_json::Value::String(s) => s.trim().parse::<f64>().ok(),
        _ => None,
    };
    let lifetime = |s: f64| (s.is_finite() && s > 0.0).then(|| Duration::from_secs_f64(s.min(1e9)));
    if let Ok(serde_json::Value::Object(map)) = serde_json::from_slice(body) {
        let token = map.get("access_token")?.as_str()?.to_owned();
        let expires = map.get("expires_in").and_then(seconds).and_then(lifetime);
        return (!token.is_empty()).then_some((token, expires));
    }
    let text = std::str::from_utf8(body).ok()?;
    let mut token = None;
    let mut expires = None;
    for pair in text.trim().split('&') {
        let (key, value) = pair.split_once('=')?;
        let value = percent_encoding::percent_decode_str(&value.replace('+', " "))
            .decode_utf8()
            .ok()?
            .into_owned();
        match key {
            "access_token" => token = Some(value),
            "expires_in" => expires = value.parse::<f64>().ok().and_then(lifetime),
            _ => {}
        }
    }
    token.filter(|t| !t.is_empty()).map(|t| (t, expires))
}

/// `application/x-www-form-urlencoded` encoding of one value (spaces as `%20`).
pub(super) fn form_encode_value(value: &str) -> String {
    const SET: &percent_encoding::AsciiSet = &percent_encoding::NON_ALPHANUMERIC
        .remove(b'-')
        .remove(b'.')
        .remove(b'_')
        .remove(b'*');
    percent_encoding::utf8_percent_encode(value, SET).to_string()
}

#[cfg(test)]
#[path = "oauth2/tests.rs"]
mod tests;

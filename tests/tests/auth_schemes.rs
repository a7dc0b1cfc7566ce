//! Authentication end to end (tests/fixtures/openapi/auth_schemes.yaml), against a
//! loopback server: each scheme's credential lands exactly where the spec says, an
//! operation with `security: []` sends none, two schemes required together both go, and
//! OAuth2 client credentials are fetched once, renewed when they expire, renewed once on
//! a 401, and a failing token endpoint is a clear error.

use fixture_outputs::openapi::auth_schemes::runtime::{ClientBuilder, Error};
use fixture_outputs::openapi::auth_schemes::{spec, Client};
use serde_json::json;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;
use std::time::Duration;

mod support;
use support::{Received, Reply, Server};

/// Every header a credential could travel in.
const CREDENTIAL_HEADERS: [&str; 6] = [
    "authorization",
    "x-api-key",
    "cookie",
    "x-client-id",
    "x-client-secret",
    "x-timeout-token",
];

fn ok() -> Reply {
    Reply::json(200, json!({"ok": true}))
}

/// The credential headers a request carried, and its query.
fn sent(r: &Received) -> (Vec<(&'static str, String)>, Option<&str>) {
    let headers = CREDENTIAL_HEADERS
        .iter()
        .filter_map(|h| r.header(h).map(|v| (*h, v.to_owned())))
        .collect();
    (headers, r.target.split_once('?').map(|(_, q)| q))
}

fn every_credential(server: &Server) -> ClientBuilder {
    Client::builder()
        .base_url(server.url())
        .bearer_auth("bearer-secret")
        .basic_auth("user", "pass")
        .header_key("header-secret")
        .query_key("query secret")
        .cookie_key("cookie-secret")
        .client_id("id-secret")
        .client_secret("pair-secret")
        .oidc("oidc-token")
        .timeout_auth("reserved-secret")
}

#[tokio::test]
async fn each_scheme_sends_exactly_its_credential_where_the_spec_says() {
    let server = Server::always(ok()).await;
    let client = every_credential(&server).build().unwrap();
    client.default_get().await.unwrap();
    client.public_get().await.unwrap();
    client.header_get().await.unwrap();
    client.query_get().await.unwrap();
    client.cookie_get().await.unwrap();
    client.pair_get().await.unwrap();
    client.optional_get().await.unwrap();
    client.elsewhere_get().await.unwrap();
    client.reserved_get().await.unwrap();
    let received = server.received();
    let got: Vec<_> = received.iter().map(sent).collect();
    let h = |pairs: &[(&'static str, &str)]| -> Vec<(&'static str, String)> {
        pairs.iter().map(|(n, v)| (*n, (*v).to_owned())).collect()
    };
    let expected = [
        // The document's requirement: bearer first.
        (h(&[("authorization", "Bearer bearer-secret")]), None),
        // `security: []`: nothing at all.
        (h(&[]), None),
        (h(&[("x-api-key", "header-secret")]), None),
        (h(&[]), Some("api_key=query+secret")),
        (h(&[("cookie", "session=cookie-secret")]), None),
        // Two schemes required together: both.
        (
            h(&[
                ("x-client-id", "id-secret"),
                ("x-client-secret", "pair-secret"),
            ]),
            None,
        ),
        // Optional credentials go when configured.
        (h(&[("x-api-key", "header-secret")]), None),
        // The first alternative lacks a token; the second (OpenID Connect) has one.
        (h(&[("authorization", "Bearer oidc-token")]), None),
        (h(&[("x-timeout-token", "reserved-secret")]), None),
    ];
    assert_eq!(got.len(), expected.len());
    for (got, expected) in got.iter().zip(&expected) {
        assert_eq!((&got.0, got.1), (&expected.0, expected.1));
    }
}

#[tokio::test]
async fn the_next_alternative_is_used_and_an_unmet_requirement_sends_nothing() {
    let server = Server::always(ok()).await;
    let client = Client::builder()
        .base_url(server.url())
        .basic_auth("user", "pass")
        .client_id("id-only")
        .build()
        .unwrap();
    client.default_get().await.unwrap();
    // Half of a pair is not sent; neither is anything for a missing key.
    client.pair_get().await.unwrap();
    client.header_get().await.unwrap();
    client.optional_get().await.unwrap();
    let [basic, pair, header, optional] = server.received().try_into().unwrap();
    // base64("user:pass")
    assert_eq!(
        sent(&basic).0,
        [("authorization", "Basic dXNlcjpwYXNz".to_owned())]
    );
    for r in [&pair, &header, &optional] {
        assert_eq!(sent(r), (vec![], None), "{}", r.target);
    }
}

#[tokio::test]
async fn client_new_takes_the_first_token_scheme() {
    let server = Server::always(ok()).await;
    let client = Client::new("t-1").unwrap();
    assert_eq!(client.base_url(), "https://auth.example.test");
    // The same credential, pointed at the loopback server.
    let client = Client::builder()
        .base_url(server.url())
        .bearer_auth("t-1")
        .build()
        .unwrap();
    client.default_get().await.unwrap();
    assert_eq!(
        server.received()[0].header("authorization"),
        Some("Bearer t-1")
    );
}

/// A token endpoint at `/oauth/token` and an API that accepts only `valid` tokens.
struct OAuthServer {
    server: Server,
    issued: Arc<AtomicUsize>,
}

impl OAuthServer {
    /// Token `n` (from 1) lasts `expires_in`; the API accepts tokens `valid` says yes to.
    async fn start(expires_in: Option<u64>, valid: fn(&str) -> bool) -> OAuthServer {
        let issued = Arc::new(AtomicUsize::new(0));
        let count = issued.clone();
        let server = Server::start(move |_, req: &Received| {
            if req.target == "/oauth/token" {
                let n = count.fetch_add(1, Ordering::SeqCst) + 1;
                let mut body = json!({"access_token": format!("tok-{n}"), "token_type": "Bearer"});
                if let Some(s) = expires_in {
                    body["expires_in"] = json!(s);
                }
                return Reply::json(200, body);
            }
            if req.target == "/public" {
                return ok();
            }
            let token = req
                .header("authorization")
                .and_then(|a| a.strip_prefix("Bearer "));
            if token.is_some_and(valid) {
                ok()
            } else {
                Reply::json(401, json!({"error": "invalid_token"}))
            }
        })
        .await;
        OAuthServer { server, issued }
    }

    fn client(&self) -> Client {
        Client::builder()
            .base_url(self.server.url())
            .oauth("my client", "s3cr:t")
            .build()
            .unwrap()
    }

    fn api_tokens(&self) -> Vec<String> {
        let received = self.server.received();
        let api = received.iter().filter(|r| r.target != "/oauth/token");
        api.map(|r| r.header("authorization").unwrap_or_default().to_owned())
            .collect()
    }
}

#[tokio::test]
async fn a_client_credentials_token_is_fetched_once_for_many_requests() {
    let oauth = OAuthServer::start(Some(3600), |_| true).await;
    let client = oauth.client();
    let calls = (0..5).map(|_| client.oauth_get().send());
    for result in futures_util::future::join_all(calls).await {
        result.unwrap();
    }
    client.oauth_post().await.unwrap();
    assert_eq!(oauth.issued.load(Ordering::SeqCst), 1);
    assert_eq!(oauth.api_tokens(), vec!["Bearer tok-1"; 6]);
    let received = oauth.server.received();
    let token = received
        .iter()
        .find(|r| r.target == "/oauth/token")
        .unwrap();
    assert_eq!(token.method, "POST");
    assert_eq!(
        token.header("content-type"),
        Some("application/x-www-form-urlencoded")
    );
    // The scopes the spec's requirements name (not `admin`, which none asks for).
    assert_eq!(
        String::from_utf8_lossy(&token.body),
        "grant_type=client_credentials&scope=read+write"
    );
    // RFC 6749 §2.3.1: id and secret form-encoded, then basic auth:
    // base64("my%20client:s3cr%3At").
    assert_eq!(
        token.header("authorization"),
        Some("Basic bXklMjBjbGllbnQ6czNjciUzQXQ=")
    );
    // Operations that do not use the scheme never fetch a token.
    let before = oauth.issued.load(Ordering::SeqCst);
    client.public_get().await.unwrap();
    assert_eq!(oauth.issued.load(Ordering::SeqCst), before);
    let received = oauth.server.received();
    assert_eq!(received.last().unwrap().header("authorization"), None);
}

#[tokio::test]
async fn a_token_is_fetched_again_before_it_expires() {
    // One second: replaced after half of it (the margin of a short-lived token).
    let oauth = OAuthServer::start(Some(1), |_| true).await;
    let client = oauth.client();
    client.oauth_get().await.unwrap();
    client.oauth_get().await.unwrap();
    tokio::time::sleep(Duration::from_millis(700)).await;
    client.oauth_get().await.unwrap();
    assert_eq!(oauth.issued.load(Ordering::SeqCst), 2);
    assert_eq!(
        oauth.api_tokens(),
        ["Bearer tok-1", "Bearer tok-1", "Bearer tok-2"]
    );
}

#[tokio::test]
async fn a_401_renews_the_token_once_and_retries_once() {
    // Token 1 is refused (revoked early); token 2 works.
    let oauth = OAuthServer::start(None, |t| t != "tok-1").await;
    let client = oauth.client();
    client.oauth_get().await.unwrap();
    assert_eq!(oauth.issued.load(Ordering::SeqCst), 2);
    assert_eq!(oauth.api_tokens(), ["Bearer tok-1", "Bearer tok-2"]);
    // Later requests keep the new token.
    client.oauth_post().await.unwrap();
    assert_eq!(oauth.issued.load(Ordering::SeqCst), 2);

    // Every token refused: one renewal, one retry, then the 401 is the answer.
    let oauth = OAuthServer::start(None, |_| false).await;
    let err = oauth.client().oauth_get().await.unwrap_err();
    assert_eq!(err.status(), Some(401), "{err}");
    assert_eq!(oauth.issued.load(Ordering::SeqCst), 2);
    assert_eq!(oauth.api_tokens(), ["Bearer tok-1", "Bearer tok-2"]);
}

#[tokio::test]
async fn a_failing_token_endpoint_is_a_clear_error_and_nothing_is_sent() {
    let server = Server::start(|_, req: &Received| {
        if req.target == "/oauth/token" {
            Reply::json(
                400,
                json!({"error": "invalid_client", "error_description": "bad\u{1b}[31m secret"}),
            )
        } else {
            ok()
        }
    })
    .await;
    let client = Client::builder()
        .base_url(server.url())
        .oauth("id", "wrong")
        .build()
        .unwrap();
    let err = client.oauth_get().await.unwrap_err();
    let Error::Token(token) = &err else {
        panic!("{err:?}");
    };
    assert_eq!(token.status(), Some(400));
    assert_eq!(token.scheme(), "oauth");
    let shown = err.to_string();
    assert!(
        shown.starts_with("no OAuth2 token for `oauth` (token endpoint answered 400)"),
        "{shown}"
    );
    assert!(shown.contains("invalid_client"), "{shown}");
    // What the server sent is escaped, and the secret never shows.
    assert!(
        !shown.contains('\u{1b}') && !shown.contains("wrong"),
        "{shown}"
    );
    assert_eq!(server.received().len(), 1, "only the token request");

    // A success without a token is refused too.
    let server = Server::start(|_, req: &Received| {
        if req.target == "/oauth/token" {
            Reply::json(200, json!({"token_type": "bearer"}))
        } else {
            ok()
        }
    })
    .await;
    let client = Client::builder()
        .base_url(server.url())
        .oauth("id", "secret")
        .build()
        .unwrap();
    let err = client.oauth_get().await.unwrap_err();
    assert!(matches!(err, Error::Token(_)), "{err:?}");
    assert!(err.to_string().contains("no `access_token`"), "{err}");

    // An unreachable endpoint: the transport error is the source.
    let client = Client::builder()
        .base_url("http://127.0.0.1:9")
        .oauth("id", "secret")
        .build()
        .unwrap();
    let err = client.oauth_get().await.unwrap_err();
    assert!(std::error::Error::source(&err).is_some(), "{err:?}");
}

#[tokio::test]
async fn from_lookup_reads_each_scheme_from_variables_named_after_the_spec() {
    assert_eq!(spec::ENV_HEADER_KEY, "AUTH_SCHEMES_HEADER_KEY");
    assert_eq!(spec::ENV_OAUTH_CLIENT_ID, "AUTH_SCHEMES_OAUTH_CLIENT_ID");
    assert_eq!(spec::ENV_TIMEOUT_AUTH, "AUTH_SCHEMES_TIMEOUT_AUTH");
    let server = Server::always(ok()).await;
    let vars = [
        ("AUTH_SCHEMES_BASIC_AUTH_USERNAME", "env-user"),
        ("AUTH_SCHEMES_BASIC_AUTH_PASSWORD", "env-pass"),
        ("AUTH_SCHEMES_HEADER_KEY", " env-key "),
        ("AUTH_SCHEMES_COOKIE_KEY", ""),
    ];
    let builder = ClientBuilder::from_lookup(|name| {
        vars.iter()
            .find(|(n, _)| *n == name)
            .map(|(_, v)| (*v).to_owned())
    })
    .unwrap();
    let client = builder.base_url(server.url()).build().unwrap();
    client.default_get().await.unwrap();
    client.header_get().await.unwrap();
    client.cookie_get().await.unwrap();
    let [basic, header, cookie] = server.received().try_into().unwrap();
    // base64("env-user:env-pass")
    assert_eq!(
        basic.header("authorization"),
        Some("Basic ZW52LXVzZXI6ZW52LXBhc3M=")
    );
    assert_eq!(header.header("x-api-key"), Some("env-key"));
    assert_eq!(cookie.header("cookie"), None, "an empty variable is unset");
    let err = ClientBuilder::from_lookup(|_| None).unwrap_err();
    assert!(
        err.to_string().starts_with(
            "no credentials: set AUTH_SCHEMES_BEARER_AUTH or AUTH_SCHEMES_BASIC_AUTH_USERNAME and AUTH_SCHEMES_BASIC_AUTH_PASSWORD or "
        ),
        "{err}"
    );
}

#[test]
fn no_secret_shows_in_debug_output() {
    let secrets = [
        "bearer-secret",
        "pass",
        "header-secret",
        "query secret",
        "cookie-secret",
        "id-secret",
        "pair-secret",
        "oidc-token",
        "reserved-secret",
        "my client",
        "s3cr:t",
    ];
    let builder = || {
        Client::builder()
            .base_url("https://auth.example.test")
            .bearer_auth("bearer-secret")
            .basic_auth("user", "pass")
            .header_key("header-secret")
            .query_key("query secret")
            .cookie_key("cookie-secret")
            .client_id("id-secret")
            .client_secret("pair-secret")
            .oidc("oidc-token")
            .timeout_auth("reserved-secret")
            .oauth("my client", "s3cr:t")
    };
    let shown_builder = format!("{:?}", builder());
    let shown_client = format!("{:?}", builder().build().unwrap());
    for shown in [shown_builder, shown_client] {
        for secret in secrets {
            assert!(!shown.contains(secret), "{secret} in {shown}");
        }
        assert!(shown.contains(r#""oauth": "<redacted>""#), "{shown}");
    }
}

#[test]
fn credentials_a_header_cannot_carry_are_refused_at_build() {
    let err = Client::builder().header_key("a\nb").build().unwrap_err();
    assert!(matches!(
        err,
        fixture_outputs::openapi::auth_schemes::runtime::BuildError::InvalidCredential
    ));
    assert!(!err.to_string().contains("a\nb"));
}

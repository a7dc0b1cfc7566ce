//! Which credentials a request carries, and how they are checked and shown.

use super::*;

/// Every kind of scheme: 0 bearer, 1 basic, 2 header key, 3 query key, 4 cookie key,
/// 5 a second header key, 6 unsupported.
const SCHEMES: &[SecurityScheme] = &[
    SecurityScheme {
        name: "bearer",
        kind: SchemeKind::Bearer,
        env: &[(CredentialPart::Token, "T_BEARER")],
    },
    SecurityScheme {
        name: "basic",
        kind: SchemeKind::Basic,
        env: &[
            (CredentialPart::Username, "T_USER"),
            (CredentialPart::Password, "T_PASSWORD"),
        ],
    },
    SecurityScheme {
        name: "header",
        kind: SchemeKind::ApiKey {
            location: KeyLocation::Header,
            name: "X-Key",
        },
        env: &[],
    },
    SecurityScheme {
        name: "query",
        kind: SchemeKind::ApiKey {
            location: KeyLocation::Query,
            name: "key",
        },
        env: &[],
    },
    SecurityScheme {
        name: "cookie",
        kind: SchemeKind::ApiKey {
            location: KeyLocation::Cookie,
            name: "session",
        },
        env: &[],
    },
    SecurityScheme {
        name: "secret",
        kind: SchemeKind::ApiKey {
            location: KeyLocation::Header,
            name: "X-Secret",
        },
        env: &[],
    },
    SecurityScheme {
        name: "tls",
        kind: SchemeKind::Unsupported,
        env: &[],
    },
];

fn with(set: &[(usize, CredentialPart, &str)]) -> Credentials {
    let mut c = Credentials::new(SCHEMES);
    for (i, part, value) in set {
        c.set(*i, *part, (*value).to_owned());
    }
    c
}

use CredentialPart::*;

#[test]
fn the_first_alternative_whose_credentials_are_all_set_is_sent() {
    let c = with(&[(0, Token, "t"), (2, Token, "k")]);
    assert_eq!(c.choose(Security::AnyOf(&[&[1], &[2], &[0]])), vec![2]);
    assert_eq!(c.choose(Security::AnyOf(&[&[0], &[2]])), vec![0]);
    // Two schemes together: both, or (with one missing) the next alternative.
    assert_eq!(c.choose(Security::AnyOf(&[&[2, 5], &[0]])), vec![0]);
    let both = with(&[(2, Token, "id"), (5, Token, "secret")]);
    assert_eq!(both.choose(Security::AnyOf(&[&[2, 5], &[0]])), vec![2, 5]);
}

#[test]
fn no_credentials_go_where_none_are_needed_or_none_fit() {
    let c = with(&[(0, Token, "t")]);
    assert!(c.choose(Security::AnyOf(&[&[]])).is_empty());
    assert!(c.choose(Security::AnyOf(&[])).is_empty());
    // Nothing configured fits: sent without (the server answers 401).
    assert!(c.choose(Security::AnyOf(&[&[2]])).is_empty());
    // Optional credentials (`{}` beside a scheme) are sent when configured.
    assert_eq!(c.choose(Security::AnyOf(&[&[], &[0]])), vec![0]);
    // An unsupported scheme is never met.
    assert!(c.choose(Security::AnyOf(&[&[6]])).is_empty());
}

#[test]
fn without_any_requirement_every_configured_credential_is_sent() {
    let c = with(&[(0, Token, "t"), (3, Token, "q")]);
    assert_eq!(c.choose(Security::Unspecified), vec![0, 3]);
}

#[test]
fn basic_auth_needs_its_user_name() {
    let user_only = with(&[(1, Username, "u")]);
    assert_eq!(user_only.choose(Security::AnyOf(&[&[1]])), vec![1]);
    let password_only = with(&[(1, Password, "p")]);
    assert!(password_only.choose(Security::AnyOf(&[&[1]])).is_empty());
    assert!(matches!(
        password_only.finish(),
        Err(BuildError::OrganizationWithoutDeploymentKey)
    ));
    assert!(matches!(
        with(&[(2, Token, "a\nb")]).finish(),
        Err(BuildError::InvalidCredential)
    ));
}

#[test]
fn debug_names_the_configured_schemes_only() {
    let c = with(&[(1, Username, "user-secret"), (1, Password, "pw-secret")]);
    let shown = format!("{c:?}");
    assert_eq!(shown, r#"{"basic": "<redacted>"}"#);
}

#[test]
fn messages_list_variables_in_the_order_the_requirement_prefers() {
    let c = Credentials::new(SCHEMES);
    assert_eq!(
        c.variables(Security::AnyOf(&[&[1], &[0]])),
        ["T_USER and T_PASSWORD", "T_BEARER"]
    );
    assert!(Credentials::optional(Security::AnyOf(&[&[0], &[]])));
    assert!(!Credentials::optional(Security::AnyOf(&[&[0]])));
}

#[tokio::test]
async fn credentials_land_where_their_scheme_says() {
    let c = with(&[
        (0, Token, "tok"),
        (1, Username, "u"),
        (1, Password, "p"),
        (2, Token, "hk"),
        (3, Token, "qk"),
        (4, Token, "ck"),
        (5, Token, "sk"),
    ])
    .finish()
    .unwrap();
    let http = reqwest::Client::new();
    let build = |security| {
        let c = c.clone();
        let http = http.clone();
        async move {
            let req = http.get("https://example.com/x?a=1");
            let (req, token) = c
                .apply(req, security, &http, "https://example.com", None)
                .await
                .unwrap();
            assert!(token.is_none());
            req.build().unwrap()
        }
    };
    let r = build(Security::AnyOf(&[&[0]])).await;
    assert_eq!(r.headers()["authorization"], "Bearer tok");
    let r = build(Security::AnyOf(&[&[1]])).await;
    assert_eq!(r.headers()["authorization"], "Basic dTpw");
    let r = build(Security::AnyOf(&[&[2, 5]])).await;
    assert_eq!(r.headers()["x-key"], "hk");
    assert_eq!(r.headers()["x-secret"], "sk");
    assert!(r.headers()["x-key"].is_sensitive());
    let r = build(Security::AnyOf(&[&[3]])).await;
    assert_eq!(r.url().query(), Some("a=1&key=qk"));
    let r = build(Security::AnyOf(&[&[4]])).await;
    assert_eq!(r.headers()["cookie"], "session=ck");
    let r = build(Security::AnyOf(&[&[]])).await;
    assert!(r.headers().is_empty() && r.url().query() == Some("a=1"));
}

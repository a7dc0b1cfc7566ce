//! Client settings checked before anything is sent.

use super::*;

#[test]
fn a_base_url_is_a_scheme_host_and_path_prefix_only() {
    for ok in [
        "https://app.example.com",
        "http://127.0.0.1:8080",
        "https://example.com/api/v2",
    ] {
        assert!(check_base_url(ok).is_ok(), "{ok}");
    }
    for (bad, why) in [
        ("ftp://example.com", "scheme"),
        ("https://example.com/?x=1", "query"),
        ("https://example.com/#top", "fragment"),
        ("not a url", "relative URL"),
    ] {
        let (_, reason) = check_base_url(bad).unwrap_err();
        assert!(reason.contains(why), "{bad}: {reason}");
    }
    let (url, reason) = check_base_url("https://ann:hunter2@example.com").unwrap_err();
    assert!(reason.contains("user info"), "{reason}");
    assert!(!url.contains("hunter2"), "{url}");
}

#[test]
fn credentials_never_show_in_debug_output() {
    let configured = || {
        ClientBuilder::default()
            .credential(0, CredentialPart::Username, "key-secret")
            .credential(0, CredentialPart::Password, "org-secret")
            .credential(1, CredentialPart::Token, "api-secret")
    };
    let builder = configured();
    let client = configured()
        .base_url("https://example.com")
        .build()
        .unwrap();
    for shown in [format!("{builder:?}"), format!("{client:?}")] {
        for secret in ["key-secret", "org-secret", "api-secret"] {
            assert!(!shown.contains(secret), "{shown}");
        }
        assert!(
            shown.contains(r#"{"basicAuth": "<redacted>", "bearerAuth": "<redacted>"}"#),
            "{shown}"
        );
    }
}

#[test]
fn settings_that_cannot_be_sent_are_refused_at_build() {
    let build = |b: ClientBuilder| b.base_url("https://example.com").build().err();
    assert!(matches!(
        build(ClientBuilder::default().credential(1, CredentialPart::Token, "line\nbreak")),
        Some(BuildError::InvalidCredential)
    ));
    assert!(matches!(
        build(
            ClientBuilder::default()
                .credential(1, CredentialPart::Token, "k")
                .credential(0, CredentialPart::Password, "o")
        ),
        Some(BuildError::OrganizationWithoutDeploymentKey)
    ));
    assert!(matches!(
        build(ClientBuilder::default().user_agent("a\r\nb")),
        Some(BuildError::InvalidHeaderValue { .. })
    ));
    let missing = ClientBuilder::from_lookup(|_| None).err();
    assert!(matches!(missing, Some(BuildError::MissingCredentials)));
    // The first variable of the spec's schemes (the stand-in spec's deployment key).
    let key = SECURITY_SCHEMES
        .iter()
        .flat_map(|s| s.env)
        .map(|(_, name)| *name)
        .next();
    let from_env = ClientBuilder::from_lookup(|name| {
        if Some(name) == key {
            Some(" key ".to_owned())
        } else {
            (name == ENV_DEPLOYMENT_URL).then(|| "self-hosted.example.com".to_owned())
        }
    })
    .unwrap()
    .build()
    .unwrap();
    assert_eq!(from_env.base_url(), "https://self-hosted.example.com");
}

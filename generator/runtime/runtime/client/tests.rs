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
    let builder = ClientBuilder::default()
        .deployment_key("key-secret")
        .organization_id("org-secret");
    let client = ClientBuilder::default()
        .deployment_key("key-secret")
        .organization_id("org-secret")
        .base_url("https://example.com")
        .build()
        .unwrap();
    for shown in [format!("{builder:?}"), format!("{client:?}")] {
        assert!(!shown.contains("key-secret"), "{shown}");
        assert!(!shown.contains("org-secret"), "{shown}");
    }
    let bearer = format!("{:?}", Auth::Bearer("api-secret".to_owned()));
    assert_eq!(bearer, "ApiKey(<redacted>)");
}

#[test]
fn settings_that_cannot_be_sent_are_refused_at_build() {
    let build = |b: ClientBuilder| b.base_url("https://example.com").build().err();
    assert!(matches!(
        build(ClientBuilder::default().api_key("line\nbreak")),
        Some(BuildError::InvalidCredential)
    ));
    assert!(matches!(
        build(ClientBuilder::default().api_key("k").organization_id("o")),
        Some(BuildError::OrganizationWithoutDeploymentKey)
    ));
    assert!(matches!(
        build(ClientBuilder::default().api_key("k").user_agent("a\r\nb")),
        Some(BuildError::InvalidHeaderValue { .. })
    ));
    let missing = ClientBuilder::from_lookup(|_| None).err();
    assert!(matches!(missing, Some(BuildError::MissingCredentials)));
    let from_env = ClientBuilder::from_lookup(|name| {
        (name == ENV_API_KEY || name == ENV_DEPLOYMENT_URL).then(|| {
            if name == ENV_API_KEY {
                " key ".to_owned()
            } else {
                "self-hosted.example.com".to_owned()
            }
        })
    })
    .unwrap()
    .build()
    .unwrap();
    assert_eq!(from_env.base_url(), "https://self-hosted.example.com");
}

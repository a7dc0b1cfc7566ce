//! Token responses read leniently, and client credentials encoded for basic auth.

use super::*;

#[test]
fn token_responses_are_read_leniently() {
    let (token, expires) =
        parse_token_response(br#"{"access_token":"abc","token_type":"Bearer","expires_in":3600}"#)
            .unwrap();
    assert_eq!(token, "abc");
    assert_eq!(expires, Some(Duration::from_secs(3600)));
    // `expires_in` as text, or absent (the token lasts until refused).
    let (_, expires) =
        parse_token_response(br#"{"access_token":"abc","expires_in":"60"}"#).unwrap();
    assert_eq!(expires, Some(Duration::from_secs(60)));
    let (_, expires) = parse_token_response(br#"{"access_token":"abc"}"#).unwrap();
    assert_eq!(expires, None);
    let (_, expires) =
        parse_token_response(br#"{"access_token":"abc","expires_in":"soon"}"#).unwrap();
    assert_eq!(expires, None);
    // A form-encoded answer, as some servers send.
    let (token, expires) =
        parse_token_response(b"access_token=a%2Fb+c&token_type=bearer&expires_in=30").unwrap();
    assert_eq!(token, "a/b c");
    assert_eq!(expires, Some(Duration::from_secs(30)));
    for bad in [
        &b"{}"[..],
        br#"{"access_token":""}"#,
        br#"{"access_token":1}"#,
        b"<html>",
        b"",
    ] {
        assert!(
            parse_token_response(bad).is_none(),
            "{:?}",
            String::from_utf8_lossy(bad)
        );
    }
}

#[test]
fn client_credentials_are_form_encoded_before_basic_auth() {
    assert_eq!(form_encode_value("my id"), "my%20id");
    assert_eq!(form_encode_value("a:b/c+d"), "a%3Ab%2Fc%2Bd");
    assert_eq!(form_encode_value("plain-id_1.x*"), "plain-id_1.x*");
}

//! What errors print of what the server sent.

use super::*;

fn api(body: Option<String>, raw: &str) -> Error<String> {
    Error::Api {
        status: 500,
        request_id: Some("req\u{1b}[2J".to_owned()),
        body,
        raw: raw.to_owned(),
        truncated: false,
    }
}

#[test]
fn server_text_is_bounded_in_display_and_debug() {
    let huge = "x".repeat(1_000_000);
    for error in [api(None, &huge), api(Some(huge.clone()), &huge)] {
        let shown = error.to_string();
        assert!(
            shown.len() < 2 * SNIPPET_CHARS + 100,
            "{} chars",
            shown.len()
        );
        assert!(shown.ends_with('…'), "{shown}");
        let debug = format!("{error:?}");
        // The raw body and the decoded body, each bounded.
        assert!(
            debug.len() < 3 * SNIPPET_CHARS + 200,
            "{} chars",
            debug.len()
        );
        // The whole body is still there for whoever asks.
        assert_eq!(error.raw_body().map(str::len), Some(huge.len()));
    }
}

#[test]
fn control_characters_cannot_forge_lines_or_reach_the_terminal() {
    let raw = "oops\nERROR forged line\r\u{7}\u{1b}[31mred\u{202e}txet";
    let error = api(None, raw);
    for shown in [error.to_string(), format!("{error:?}")] {
        for c in ['\n', '\r', '\u{7}', '\u{1b}', '\u{202e}'] {
            assert!(!shown.contains(c), "{c:?} in {shown:?}");
        }
        assert!(shown.contains(r"\u{1b}[31mred"), "{shown}");
    }
    assert!(error
        .to_string()
        .contains(r"oops\u{a}ERROR forged line\u{d}"));
    // A backslash is escaped too, so `\u{..}` in the text is told from an escape.
    assert!(api(None, r"a\u{a}").to_string().ends_with(r"a\\u{a}"));
}

#[test]
fn short_text_is_shown_whole() {
    let error = api(Some("{\"message\": \"no\"}".to_owned()), "{}");
    assert_eq!(
        error.to_string(),
        r#"API error 500 (request id req\u{1b}[2J): "{\"message\": \"no\"}""#
    );
    let cut = Error::<String>::Api {
        status: 502,
        request_id: None,
        body: None,
        raw: "<html>".to_owned(),
        truncated: true,
    };
    assert_eq!(
        cut.to_string(),
        "API error 502: <html> (body cut at 64 KiB)"
    );
}

#[test]
fn a_snippet_reads_only_the_start_of_a_body() {
    let body = "é".repeat(10_000);
    let s = snippet(body.as_bytes());
    assert_eq!(s.chars().count(), SNIPPET_CHARS + 1);
    assert!(s.ends_with('…'));
    assert_eq!(snippet(b"short"), "short");
}

#[test]
fn limits_and_pagination_say_what_happened() {
    let too_large = Error::<String>::ResponseTooLarge {
        status: 200,
        request_id: None,
        limit: 1024,
    };
    assert_eq!(too_large.status(), Some(200));
    assert_eq!(
        too_large.to_string(),
        "response 200 has a body larger than the limit of 1024 bytes; it was not read"
    );
    let stopped = Error::<String>::Pagination {
        pages: 3,
        reason: PaginationStop::RepeatedToken,
    };
    assert!(stopped
        .to_string()
        .starts_with("pagination stopped after 3 pages: the server sent the next-page token"));
}

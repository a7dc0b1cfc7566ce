//! Next-page links.

use super::*;

#[test]
fn links_resolve_against_the_first_page_and_stay_on_its_origin() {
    let first = "https://api.example.com/v1/items";
    assert_eq!(
        resolve_link(first, "/v1/items?page=2").unwrap(),
        "https://api.example.com/v1/items?page=2"
    );
    assert_eq!(
        resolve_link(first, "items?page=3").unwrap(),
        "https://api.example.com/v1/items?page=3"
    );
    assert_eq!(
        resolve_link(first, "https://api.example.com/v1/items?page=4").unwrap(),
        "https://api.example.com/v1/items?page=4"
    );
    for elsewhere in [
        "https://evil.example.com/v1/items",
        "http://api.example.com/v1/items",
        "https://api.example.com:8443/v1/items",
        "//evil.example.com/x",
    ] {
        assert!(resolve_link(first, elsewhere).is_err(), "{elsewhere}");
    }
}

#[test]
fn the_reasons_a_stream_stops_read_as_sentences() {
    assert_eq!(
        PaginationStop::TooManyPages { limit: 7 }.to_string(),
        "the limit of 7 pages was reached"
    );
    assert!(PaginationStop::TooManyEmptyPages { limit: 3 }
        .to_string()
        .contains("3 empty pages in a row"));
}

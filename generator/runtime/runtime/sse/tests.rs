//! The event-stream framing, fed in every way a body can be cut.

use super::*;

fn parse(chunks: &[&[u8]]) -> (Vec<RawEvent>, Parser) {
    let mut parser = Parser::new(1024);
    let mut out = VecDeque::new();
    for chunk in chunks {
        parser.feed(chunk, &mut out).unwrap();
    }
    (out.into(), parser)
}

fn event(data: &str) -> RawEvent {
    RawEvent {
        event: None,
        id: None,
        retry: None,
        data: data.to_owned(),
    }
}

#[test]
fn fields_comments_and_multi_line_data() {
    let body =
        b": keep-alive\n\nevent: delta\nid: 7\nretry: 1500\ndata: {\"a\":\ndata:1}\n\ndata\n\n";
    let (events, parser) = parse(&[body]);
    assert_eq!(
        events,
        [
            RawEvent {
                event: Some("delta".to_owned()),
                id: Some("7".to_owned()),
                retry: Some(Duration::from_millis(1500)),
                data: "{\"a\":\n1}".to_owned(),
            },
            // The id stays; the type and retry were the block's.
            RawEvent {
                id: Some("7".to_owned()),
                ..event("")
            },
        ]
    );
    assert_eq!(parser.retry, Some(Duration::from_millis(1500)));
    assert_eq!(parser.unfinished(), None);
}

#[test]
fn every_split_of_a_body_gives_the_same_events() {
    let body: &[u8] =
        "\u{feff}data: héllo\r\n\r\nid: 1\rdata: a\r\rdata: b\n: c\n\ndata:  two spaces\n\n"
            .as_bytes();
    let (whole, _) = parse(&[body]);
    assert_eq!(whole.len(), 4, "{whole:?}");
    assert_eq!(whole[0].data, "héllo");
    assert_eq!(whole[1].data, "a");
    assert_eq!(whole[1].id.as_deref(), Some("1"));
    assert_eq!(whole[3].data, " two spaces");
    for split in 0..=body.len() {
        let (parts, _) = parse(&[&body[..split], &body[split..]]);
        assert_eq!(parts, whole, "split at {split}");
    }
    // One byte at a time (a CRLF pair across reads ends one line, not two).
    let bytes: Vec<&[u8]> = body.chunks(1).collect();
    assert_eq!(parse(&bytes).0, whole);
}

#[test]
fn blocks_without_data_dispatch_nothing_but_set_id_and_retry() {
    let (events, parser) = parse(&[b"id: 9\nretry: 20\nevent: ping\n\nretry: x1\nid\n\n"]);
    assert_eq!(events, []);
    assert_eq!(parser.retry, Some(Duration::from_millis(20)));
    // `id` alone resets it.
    assert_eq!(parser.last_id, "");
    let (_, parser) = parse(&[b"id: a\0b\n\n"]);
    assert_eq!(parser.last_id, "", "an id with NUL is ignored");
}

#[test]
fn unknown_fields_and_lines_without_colon() {
    let (events, _) = parse(&[b"foo: bar\ndata\ndata:x\n\n"]);
    assert_eq!(events, [event("\nx")]);
}

#[test]
fn an_unfinished_event_is_reported_and_a_trailing_comment_is_not() {
    let (events, parser) = parse(&[b"data: 1\n\ndata: 2\ndata: par"]);
    assert_eq!(events, [event("1")]);
    assert_eq!(parser.unfinished().as_deref(), Some("2\ndata: par"));
    let (_, parser) = parse(&[b"data: 1\n\n: bye"]);
    assert_eq!(parser.unfinished(), None);
}

#[test]
fn a_line_or_an_event_beyond_the_limit_stops_the_parser() {
    let mut out = VecDeque::new();
    let mut parser = Parser::new(12);
    assert_eq!(parser.feed(b"data: 123456789", &mut out), Err(TooLarge));
    let mut parser = Parser::new(12);
    parser.feed(b"data: 1234\n", &mut out).unwrap();
    assert_eq!(parser.feed(b"data: 5678\n", &mut out), Err(TooLarge));
    // Events within the limit come through one after another.
    let mut parser = Parser::new(12);
    for _ in 0..100 {
        parser.feed(b"data: 1234\n\n", &mut out).unwrap();
    }
    assert_eq!(out.len(), 100);
}

#[test]
fn data_errors_keep_the_text_and_print_it_bounded() {
    let error = EventDataError {
        raw: format!("[DONE]\u{1b}{}", "x".repeat(500)),
        message: "expected value".to_owned(),
    };
    assert!(error.raw().starts_with("[DONE]\u{1b}"));
    let shown = error.to_string();
    assert!(
        shown.contains("[DONE]\\u{1b}") && shown.len() < 400,
        "{shown}"
    );
    assert!(format!("{error:?}").len() < 500);
}

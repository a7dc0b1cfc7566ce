//! Server-sent events: a `text/event-stream` response read as a stream of typed events.
//!
//! The framing follows the WHATWG HTML standard's event-stream interpretation: lines end
//! in CR, LF or CRLF (a pair split across reads is one ending), a leading byte-order mark
//! is dropped, lines starting with `:` are comments, `data` lines join with `\n`, an
//! `id` with a NUL is ignored, `retry` takes digits only, and a block without `data` sets
//! `id` and `retry` but dispatches nothing.

use super::*;
use std::collections::VecDeque;
use std::convert::Infallible;
use std::task::{Context, Poll};

/// One server-sent event, its `data` decoded as the type the spec gives the stream's
/// events (text when it gives none, or a string).
///
/// A `data` that does not decode is not lost: [`Event::data`] is then an
/// [`EventDataError`] holding the text as it came, and the stream goes on.
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub struct Event<T> {
    /// The `event` field (the event's type); `None` when the block had none, which the
    /// standard reads as `message`.
    pub event: Option<String>,
    /// The last event id the stream set (an `id` field of this block or an earlier one),
    /// as a reconnecting client sends it in `Last-Event-ID`; `None` when none was set,
    /// or it was set empty.
    pub id: Option<String>,
    /// The reconnection time this block asked for (`retry`, in milliseconds), if any.
    pub retry: Option<Duration>,
    /// The `data` lines, joined with `\n`, decoded; or the text, when it does not decode.
    pub data: Result<T, EventDataError>,
}

/// The `data` of an [`Event`] that does not decode as its type: the text as it came
/// (a sentinel such as `[DONE]`, or a payload the spec does not describe) and why.
#[derive(Clone, PartialEq, Eq)]
pub struct EventDataError {
    raw: String,
    message: String,
}

impl EventDataError {
    /// The event's data as it came.
    pub fn raw(&self) -> &str {
        &self.raw
    }

    /// The event's data as it came, owned.
    pub fn into_raw(self) -> String {
        self.raw
    }

    /// Why it did not decode.
    pub fn message(&self) -> &str {
        &self.message
    }
}

// The data is server text of any size: shown bounded and escaped, as in errors.
impl fmt::Debug for EventDataError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("EventDataError")
            .field("raw", &Text(&self.raw))
            .field("message", &Text(&self.message))
            .finish()
    }
}

impl fmt::Display for EventDataError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "event data did not decode ({}): {}",
            Text(&self.message),
            Text(&self.raw)
        )
    }
}

impl std::error::Error for EventDataError {}

/// The events of a `text/event-stream` response, as they arrive: a
/// [`Stream`](futures_core::Stream) of `Result<Event<T>, Error<Infallible>>`. Awaiting
/// the request of an operation that streams events returns one, once the response has
/// started (a non-success status is the operation's error, as for any request).
///
/// **Connections and reconnection.** The request is retried like any other until a
/// response starts (a `POST` only with an idempotency key), never after: when the
/// connection drops mid-stream the stream ends with that error ([`Error::Transport`], or
/// [`Error::Timeout`]), and nothing is sent again. To resume, send the request again,
/// with `.header("Last-Event-ID", id)` from [`EventStream::last_event_id`] if the server
/// supports it, after [`EventStream::retry`] if it asked for a delay. A body that ends
/// in the middle of an event ends the stream with [`Error::Decode`], whose snippet holds
/// the start of the cut event (its data so far, then the unfinished line as sent).
///
/// **Limits.** One event (its data, or any one line) may hold at most the request's
/// response size limit ([`Request::max_response_size`], 64 MiB by default); a larger
/// one ends the stream with [`Error::ResponseTooLarge`]. The timeout of the request
/// covers the whole stream, from connecting to its last event: give a long-lived stream
/// a longer one with [`Request::timeout`].
///
/// ```ignore
/// // (Not compiled: the stream exists only in crates whose API streams events.)
/// # async fn run<T: std::fmt::Debug>(
/// #     mut events: polytomic::runtime::EventStream<T>,
/// # ) -> Result<(), Box<dyn std::error::Error>> {
/// // `let mut events = client.<group>().<operation>(..).await?;`
/// while let Some(event) = events.try_next().await? {
///     match event.data {
///         Ok(data) => println!("{:?}: {data:?}", event.event),
///         Err(other) => println!("undecoded: {}", other.raw()),
///     }
/// }
/// # Ok(())
/// # }
/// ```
#[must_use = "a stream does nothing until it is read"]
pub struct EventStream<T> {
    body: Option<ByteStream>,
    parser: Parser,
    ready: VecDeque<RawEvent>,
    /// What ends the stream once the events before it are delivered.
    failure: Option<Error<Infallible>>,
    /// The data is text (`T` is a string), not JSON.
    text: bool,
    status: u16,
    headers: reqwest::header::HeaderMap,
    _data: PhantomData<fn() -> T>,
}

type ByteStream =
    Pin<Box<dyn futures_core::Stream<Item = Result<bytes::Bytes, reqwest::Error>> + Send>>;

impl<T> fmt::Debug for EventStream<T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("EventStream")
            .field("status", &self.status)
            .field("last_event_id", &self.last_event_id().map(Text))
            .field("buffered", &self.ready.len())
            .field("finished", &self.body.is_none())
            .finish_non_exhaustive()
    }
}

impl<T: DeserializeOwned> EventStream<T> {
    /// The next event, `Ok(None)` at the end: `while let Some(e) = s.try_next().await? {}`.
    pub async fn try_next(&mut self) -> Result<Option<Event<T>>, Error<Infallible>> {
        std::future::poll_fn(|cx| self.poll_event(cx))
            .await
            .transpose()
    }

    /// Reads the whole stream into a `Vec`, stopping at the first error.
    pub async fn collect_all(mut self) -> Result<Vec<Event<T>>, Error<Infallible>> {
        let mut out = Vec::new();
        while let Some(event) = self.try_next().await? {
            out.push(event);
        }
        Ok(out)
    }

    fn poll_event(
        &mut self,
        cx: &mut Context<'_>,
    ) -> Poll<Option<Result<Event<T>, Error<Infallible>>>> {
        loop {
            if let Some(raw) = self.ready.pop_front() {
                return Poll::Ready(Some(Ok(self.decode(raw))));
            }
            if let Some(failure) = self.failure.take() {
                return Poll::Ready(Some(Err(failure)));
            }
            let Some(body) = self.body.as_mut() else {
                return Poll::Ready(None);
            };
            match body.as_mut().poll_next(cx) {
                Poll::Pending => return Poll::Pending,
                Poll::Ready(Some(Ok(chunk))) => {
                    if self.parser.feed(&chunk, &mut self.ready).is_err() {
                        self.body = None;
                        self.failure = Some(Error::ResponseTooLarge {
                            status: self.status,
                            request_id: self.request_id().map(str::to_owned),
                            limit: self.parser.limit as u64,
                        });
                    }
                }
                Poll::Ready(Some(Err(e))) => {
                    self.body = None;
                    self.failure = Some(if e.is_timeout() {
                        Error::Timeout(e)
                    } else {
                        Error::Transport(e)
                    });
                }
                Poll::Ready(None) => {
                    self.body = None;
                    if let Some(cut) = self.parser.unfinished() {
                        self.failure = Some(Error::Decode {
                            status: self.status,
                            request_id: self.request_id().map(str::to_owned),
                            path: ".".to_owned(),
                            snippet: snippet(cut.as_bytes()),
                            source: serde::de::Error::custom(
                                "the event stream ended in the middle of an event",
                            ),
                        });
                    }
                }
            }
        }
    }

    fn decode(&self, raw: RawEvent) -> Event<T> {
        use serde::de::value::{Error as ValueError, StrDeserializer};
        let data = if self.text {
            T::deserialize(StrDeserializer::<ValueError>::new(&raw.data)).map_err(|e| e.to_string())
        } else {
            serde_json::from_str(&raw.data).map_err(|e| e.to_string())
        };
        Event {
            event: raw.event,
            id: raw.id,
            retry: raw.retry,
            data: data.map_err(|message| EventDataError {
                raw: raw.data,
                message,
            }),
        }
    }
}

impl<T> EventStream<T> {
    /// The events of `response` (a success), after checking that it is an event stream.
    pub(super) async fn open<E>(
        response: reqwest::Response,
        text: bool,
        limit: u64,
    ) -> Result<Self, Error<E>> {
        let status = response.status().as_u16();
        let headers = response.headers().clone();
        let media = headers
            .get(reqwest::header::CONTENT_TYPE)
            .map(|v| String::from_utf8_lossy(v.as_bytes()).into_owned());
        let essence = media.as_deref().map(|m| {
            m.split(';')
                .next()
                .unwrap_or("")
                .trim()
                .to_ascii_lowercase()
        });
        // Another media type (a JSON document, an HTML page) would read as no events at
        // all: it is reported, with the start of its body.
        if let (Some(media), Some(essence)) = (&media, essence) {
            if essence != "text/event-stream" {
                let request_id = headers
                    .get(REQUEST_ID_HEADER)
                    .and_then(|v| v.to_str().ok())
                    .map(str::to_owned);
                let (bytes, _) = read_limited(response, ERROR_BODY_LIMIT)
                    .await
                    .map_err(Error::Transport)?;
                return Err(Error::Decode {
                    status,
                    request_id,
                    path: ".".to_owned(),
                    snippet: snippet(&bytes),
                    source: serde::de::Error::custom(format!(
                        "expected an event stream (text/event-stream), got `{media}`"
                    )),
                });
            }
        }
        Ok(EventStream {
            body: Some(Box::pin(response.bytes_stream())),
            parser: Parser::new(usize::try_from(limit).unwrap_or(usize::MAX)),
            ready: VecDeque::new(),
            failure: None,
            text,
            status,
            headers,
            _data: PhantomData,
        })
    }

    /// The HTTP status of the response (2xx).
    pub fn status(&self) -> u16 {
        self.status
    }

    /// Every header of the response.
    pub fn headers(&self) -> &reqwest::header::HeaderMap {
        &self.headers
    }

    /// The `X-Request-Id` of the response, for support requests.
    pub fn request_id(&self) -> Option<&str> {
        self.headers
            .get(REQUEST_ID_HEADER)
            .and_then(|v| v.to_str().ok())
    }

    /// The last event id the server set so far (`id` fields), to send as `Last-Event-ID`
    /// when reconnecting; `None` when none was set (or it was set empty).
    pub fn last_event_id(&self) -> Option<&str> {
        Some(self.parser.last_id.as_str()).filter(|id| !id.is_empty())
    }

    /// The reconnection time the server asked for last (`retry` fields), if any.
    pub fn retry(&self) -> Option<Duration> {
        self.parser.retry
    }
}

impl<T: DeserializeOwned> futures_core::Stream for EventStream<T> {
    type Item = Result<Event<T>, Error<Infallible>>;

    fn poll_next(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<Self::Item>> {
        self.get_mut().poll_event(cx)
    }
}

impl<'a, T, E, O> Request<'a, EventStream<T>, E, O> {
    /// Asks for `text/event-stream`; each event's data is read as text (`text`) or as
    /// JSON. Used by generated operations whose success response is an event stream.
    #[doc(hidden)]
    pub fn event_stream_response(mut self, text: bool) -> Self {
        self.accept = "text/event-stream";
        self.reading = if text { Reading::Text } else { Reading::Json };
        self
    }

    /// Sends the request (retrying as configured, until a response starts) and returns
    /// its events as they arrive. An error response is read and decoded as
    /// [`Request::send`] does.
    async fn open_events(self) -> Result<EventStream<T>, Error<E>> {
        let text = self.reading == Reading::Text;
        let limit = self
            .options
            .max_response_size
            .unwrap_or(self.client.inner.max_response_size);
        let (transmission, span, decode_error, reading) = self.transmission(true)?;
        match transmission.run(span.clone()).instrument(span).await {
            Sent::Streaming { response } => EventStream::open(response, text, limit).await,
            // An error response (or a failure) decodes as usual; a success always
            // streams, but should one arrive whole it has no events to give.
            other => other
                .respond::<serde::de::IgnoredAny, E>(decode_error, reading)
                .map(|r| EventStream {
                    body: None,
                    parser: Parser::new(0),
                    ready: VecDeque::new(),
                    failure: None,
                    text,
                    status: r.status,
                    headers: r.headers,
                    _data: PhantomData,
                }),
        }
    }
}

impl<'a, T, E, O> IntoFuture for Request<'a, EventStream<T>, E, O>
where
    T: Send + 'a,
    E: Send + 'a,
    O: 'a,
{
    type Output = Result<EventStream<T>, Error<E>>;
    type IntoFuture = Pin<Box<dyn Future<Output = Self::Output> + Send + 'a>>;

    fn into_future(self) -> Self::IntoFuture {
        Box::pin(self.open_events())
    }
}

/// An event as framed, before its data is decoded.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct RawEvent {
    pub(super) event: Option<String>,
    pub(super) id: Option<String>,
    pub(super) retry: Option<Duration>,
    pub(super) data: String,
}

/// The event-stream framing: bytes in, complete events out.
#[derive(Debug)]
pub(super) struct Parser {
    /// The line being received (bytes: a character split across reads stays whole).
    line: Vec<u8>,
    /// The last read ended in CR: an LF at the start of the next ends no second line.
    after_cr: bool,
    /// No line was processed yet (a byte-order mark may start it).
    first_line: bool,
    /// The `data` lines of the block so far, each followed by `\n`.
    data: String,
    event: String,
    last_id: String,
    retry: Option<Duration>,
    /// A `retry` of the block being received.
    block_retry: Option<Duration>,
    /// The most a line plus the block's data may hold, in bytes.
    limit: usize,
}

/// A line or an event larger than the limit.
#[derive(Debug, PartialEq, Eq)]
pub(super) struct TooLarge;

impl Parser {
    pub(super) fn new(limit: usize) -> Self {
        Parser {
            line: Vec::new(),
            after_cr: false,
            first_line: true,
            data: String::new(),
            event: String::new(),
            last_id: String::new(),
            retry: None,
            block_retry: None,
            limit,
        }
    }

    /// Reads `chunk`, adding the events it completes to `out`.
    pub(super) fn feed(
        &mut self,
        chunk: &[u8],
        out: &mut VecDeque<RawEvent>,
    ) -> Result<(), TooLarge> {
        let mut rest = chunk;
        if self.after_cr && !rest.is_empty() {
            self.after_cr = false;
            if rest[0] == b'\n' {
                rest = &rest[1..];
            }
        }
        while let Some(end) = rest.iter().position(|&b| b == b'\r' || b == b'\n') {
            self.take(&rest[..end])?;
            let cr = rest[end] == b'\r';
            rest = &rest[end + 1..];
            if cr {
                match rest.first() {
                    Some(b'\n') => rest = &rest[1..],
                    Some(_) => {}
                    None => self.after_cr = true,
                }
            }
            let line = std::mem::take(&mut self.line);
            self.process(&line, out)?;
        }
        self.take(rest)
    }

    /// Adds bytes to the line being received, within the limit.
    fn take(&mut self, bytes: &[u8]) -> Result<(), TooLarge> {
        if self.line.len() + bytes.len() + self.data.len() > self.limit {
            return Err(TooLarge);
        }
        self.line.extend_from_slice(bytes);
        Ok(())
    }

    fn process(&mut self, line: &[u8], out: &mut VecDeque<RawEvent>) -> Result<(), TooLarge> {
        let line = if std::mem::take(&mut self.first_line) {
            line.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(line)
        } else {
            line
        };
        if line.is_empty() {
            self.dispatch(out);
            return Ok(());
        }
        if line[0] == b':' {
            return Ok(());
        }
        let line = String::from_utf8_lossy(line);
        let (field, value) = match line.split_once(':') {
            Some((field, value)) => (field, value.strip_prefix(' ').unwrap_or(value)),
            None => (&*line, ""),
        };
        match field {
            "event" => value.clone_into(&mut self.event),
            "data" => {
                if self.data.len() + value.len() + 1 > self.limit {
                    return Err(TooLarge);
                }
                self.data.push_str(value);
                self.data.push('\n');
            }
            "id" if !value.contains('\0') => value.clone_into(&mut self.last_id),
            "retry" if !value.is_empty() && value.bytes().all(|b| b.is_ascii_digit()) => {
                // More digits than a `u64` holds: the longest wait there is.
                let ms = value.parse::<u64>().unwrap_or(u64::MAX);
                self.retry = Some(Duration::from_millis(ms));
                self.block_retry = self.retry;
            }
            _ => {}
        }
        Ok(())
    }

    /// Ends a block: an event when it had data.
    fn dispatch(&mut self, out: &mut VecDeque<RawEvent>) {
        let retry = self.block_retry.take();
        let event = std::mem::take(&mut self.event);
        if self.data.is_empty() {
            return;
        }
        let mut data = std::mem::take(&mut self.data);
        data.pop();
        out.push_back(RawEvent {
            event: Some(event).filter(|e| !e.is_empty()),
            id: Some(self.last_id.clone()).filter(|id| !id.is_empty()),
            retry,
            data,
        });
    }

    /// What the body held after its last complete event, when that was part of an event
    /// (data lines, or a line without its end) rather than nothing or comments.
    pub(super) fn unfinished(&self) -> Option<String> {
        let line = String::from_utf8_lossy(&self.line);
        let comment = line.starts_with(':');
        if self.data.is_empty() && (line.is_empty() || comment) {
            return None;
        }
        let mut cut = self.data.clone();
        if !comment {
            cut.push_str(&line);
        }
        Some(cut)
    }
}

#[cfg(test)]
#[path = "sse/tests.rs"]
mod tests;

//! Streams of items across the pages of a paginated operation.

use super::*;
use std::collections::VecDeque;
use std::task::{Context, Poll};

/// Pages a [`Paginated`] stream fetches at most unless [`Paginated::max_pages`] says
/// otherwise: more than any real listing has.
pub const DEFAULT_MAX_PAGES: u32 = 100_000;

/// Empty pages in a row (each with a next-page token) after which a [`Paginated`] stream
/// stops, unless [`Paginated::max_empty_pages`] says otherwise.
pub const DEFAULT_MAX_EMPTY_PAGES: u32 = 100;

/// The URL of a request (the first page of a stream), and the URL a next-page link in
/// its response is resolved against (the same without the query).
fn page_urls<T, E, O>(request: &Request<'_, T, E, O>) -> (String, String) {
    let base = format!("{}{}", request.client.inner.base_url, request.path);
    let url = reqwest::Url::parse_with_params(&base, &request.query)
        .map(String::from)
        .unwrap_or_else(|_| base.clone());
    (url, base)
}

/// A page's items and next token or link, with its response's status and headers.
pub(super) type PageFuture<'a, I, E> =
    Pin<Box<dyn Future<Output = Result<Response<(Vec<I>, Option<String>)>, Error<E>>> + Send + 'a>>;

pub(super) type FetchPage<'a, I, E> =
    Box<dyn FnMut(Option<&str>, &RequestOptions) -> PageFuture<'a, I, E> + Send + 'a>;

/// Every item of a paginated operation, across all pages: a
/// [`Stream`](futures_core::Stream) of `Result<I, Error<E>>`.
///
/// Pages are fetched one at a time, as the stream is read, each with the client's retry
/// policy. The stream ends after a page without a next-page token (absent or empty) or
/// with the same token as the request for that page; it ends after the first error.
///
/// A server whose pages never end cannot make it run forever: the stream ends with
/// [`Error::Pagination`] (after the items already received) when a token or link comes
/// back that an earlier page of the stream had, after [`Paginated::max_pages`] pages
/// (default [`DEFAULT_MAX_PAGES`]), or after [`Paginated::max_empty_pages`] empty pages in
/// a row (default [`DEFAULT_MAX_EMPTY_PAGES`]).
///
/// ```no_run
/// # use std::fmt::Debug;
/// // Any `<operation>_stream` method returns one of these.
/// async fn print_all<I: Debug, E: Debug + 'static>(
///     mut items: polytomic::Paginated<'_, I, E>,
/// ) -> Result<(), polytomic::Error<E>> {
///     while let Some(item) = items.try_next().await? {
///         println!("{item:?}");
///     }
///     Ok(())
/// }
/// ```
/// Or all at once: `let all = items.collect_all().await?;`.
#[must_use = "a stream does nothing until it is read"]
pub struct Paginated<'a, I, E> {
    fetch: FetchPage<'a, I, E>,
    options: RequestOptions,
    buffer: VecDeque<I>,
    /// The status and headers of the page the buffered items came from.
    last_page: Option<Response<()>>,
    in_flight: Option<PageFuture<'a, I, E>>,
    /// The token the next page is requested with; `None` before the first page.
    next_token: Option<String>,
    /// What each page was requested with so far (tokens, or links made absolute), so a
    /// token that comes round again is caught however long the circle.
    seen: std::collections::HashSet<String>,
    /// The form of a token kept in `seen` (links are resolved, so that two spellings of
    /// one page are one).
    key: Box<dyn Fn(&str) -> String + Send + 'a>,
    pages: u32,
    /// Empty pages received in a row.
    empty_in_a_row: u32,
    max_pages: u32,
    max_empty_pages: u32,
    /// Why the stream stops early, reported once its items are delivered.
    stop: Option<PaginationStop>,
    finished: bool,
}

// The stream never pins its items in place; only the boxed page future is polled pinned.
impl<I, E> Unpin for Paginated<'_, I, E> {}

impl<I, E> fmt::Debug for Paginated<'_, I, E> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Paginated")
            .field("pages", &self.pages)
            .field("max_pages", &self.max_pages)
            .field("max_empty_pages", &self.max_empty_pages)
            .field("buffered", &self.buffer.len())
            .field("finished", &self.finished)
            .finish_non_exhaustive()
    }
}

impl<'a, I, E> Paginated<'a, I, E> {
    /// A stream over the pages of `request`: each page is a copy of it with the next
    /// token in the query parameter `token` (replacing any value set on the request), or,
    /// with `token: None`, the next page's link as its target; `split` takes a page apart
    /// into its items and the next token or link. Used by generated `stream` methods.
    #[doc(hidden)]
    pub fn from_request<P, O>(
        request: Request<'a, P, E, O>,
        token: Option<&'static str>,
        split: fn(P) -> (Vec<I>, Option<String>),
    ) -> Self
    where
        P: DeserializeOwned + Send + 'a,
        I: 'a,
        E: Send + 'a,
        O: 'a,
    {
        let mut seen = std::collections::HashSet::new();
        let key: Box<dyn Fn(&str) -> String + Send + 'a> = match token {
            Some(_) => Box::new(str::to_owned),
            None => {
                // Links are compared as the URLs they lead to; the first page is one of
                // them, so a link back to it is a repeat too.
                let (first_page, links_base) = page_urls(&request);
                seen.insert(first_page);
                Box::new(move |link: &str| {
                    resolve_link(&links_base, link).unwrap_or_else(|_| link.to_owned())
                })
            }
        };
        let fetch = move |next: Option<&str>, options: &RequestOptions| -> PageFuture<'a, I, E> {
            let req = match (next, token) {
                (None, _) => request.clone(),
                (Some(t), Some(name)) => request.clone().set_query(name, t),
                (Some(link), None) => request.clone().follow_link(link),
            }
            .options(options.clone());
            Box::pin(async move { req.send_with_response().await.map(|r| r.map(split)) })
        };
        Paginated {
            fetch: Box::new(fetch),
            options: RequestOptions::default(),
            buffer: VecDeque::new(),
            last_page: None,
            in_flight: None,
            next_token: None,
            seen,
            key,
            pages: 0,
            empty_in_a_row: 0,
            max_pages: DEFAULT_MAX_PAGES,
            max_empty_pages: DEFAULT_MAX_EMPTY_PAGES,
            stop: None,
            finished: false,
        }
    }

    /// Fetches at most `pages` pages (default [`DEFAULT_MAX_PAGES`]); a stream that would
    /// go on ends with [`Error::Pagination`]. `0` counts as `1`.
    pub fn max_pages(mut self, pages: u32) -> Self {
        self.max_pages = pages.max(1);
        self
    }

    /// Stops after `pages` empty pages in a row (default [`DEFAULT_MAX_EMPTY_PAGES`]),
    /// with [`Error::Pagination`]. `0` counts as `1`.
    pub fn max_empty_pages(mut self, pages: u32) -> Self {
        self.max_empty_pages = pages.max(1);
        self
    }

    /// Applies options to every page request.
    pub fn options(mut self, options: RequestOptions) -> Self {
        self.options.merge(options);
        self
    }

    /// Gives up on each attempt of each page request after `timeout`.
    pub fn timeout(self, timeout: Duration) -> Self {
        self.options(RequestOptions::new().timeout(timeout))
    }

    /// Adds a header to every page request.
    pub fn header(self, name: impl Into<String>, value: impl Into<String>) -> Self {
        self.options(RequestOptions::new().header(name, value))
    }

    /// Sends every page request with another API version.
    pub fn api_version(self, version: impl Into<String>) -> Self {
        self.options(RequestOptions::new().api_version(version))
    }

    /// Tries each page request at most `attempts` times.
    pub fn max_attempts(self, attempts: u32) -> Self {
        self.options(RequestOptions::new().max_attempts(attempts))
    }

    /// How many pages have been received so far.
    pub fn pages_fetched(&self) -> u32 {
        self.pages
    }

    /// The stream of pages instead of items: each page's items together with its
    /// response's status and headers (rate-limit headers, `X-Request-Id`, ...), as a
    /// [`Response`] whose body is the page's items. Items already taken from the stream
    /// are not repeated: a page partly read comes first with the items it has left.
    /// The limits and the errors are the same as the stream of items'.
    ///
    /// ```no_run
    /// # async fn run<I, E: std::fmt::Debug + 'static>(
    /// #     items: polytomic::Paginated<'_, I, E>,
    /// # ) -> Result<(), polytomic::Error<E>> {
    /// let mut pages = items.pages();
    /// while let Some(page) = pages.try_next().await? {
    ///     println!("{} items, request id {:?}", page.body().len(), page.request_id());
    /// }
    /// # Ok(())
    /// # }
    /// ```
    pub fn pages(self) -> Pages<'a, I, E> {
        Pages { items: self }
    }

    /// The next item, `Ok(None)` at the end: `while let Some(x) = s.try_next().await? {}`.
    pub async fn try_next(&mut self) -> Result<Option<I>, Error<E>> {
        std::future::poll_fn(|cx| Pin::new(&mut *self).poll_next_item(cx))
            .await
            .transpose()
    }

    /// Reads the whole stream into a `Vec`, stopping at the first error.
    pub async fn collect_all(mut self) -> Result<Vec<I>, Error<E>> {
        let mut out = Vec::new();
        while let Some(item) = self.try_next().await? {
            out.push(item);
        }
        Ok(out)
    }

    /// Why the page after one whose next token is `next` must not be fetched, if so.
    fn check_next(&mut self, next: &str) -> Option<PaginationStop> {
        if !self.seen.insert((self.key)(next)) {
            Some(PaginationStop::RepeatedToken)
        } else if self.pages >= self.max_pages {
            Some(PaginationStop::TooManyPages {
                limit: self.max_pages,
            })
        } else if self.empty_in_a_row >= self.max_empty_pages {
            Some(PaginationStop::TooManyEmptyPages {
                limit: self.max_empty_pages,
            })
        } else {
            None
        }
    }

    /// The next page as it arrived (with the items it has left, when some were taken
    /// as items), or the error that ends the stream.
    fn poll_next_page(&mut self, cx: &mut Context<'_>) -> Poll<Option<PageResult<I, E>>> {
        if !self.buffer.is_empty() {
            if let Some(head) = self.last_page.take() {
                return Poll::Ready(Some(Ok(head.map(|()| self.buffer.drain(..).collect()))));
            }
        }
        loop {
            if let Some(fut) = self.in_flight.as_mut() {
                let page = match fut.as_mut().poll(cx) {
                    Poll::Pending => return Poll::Pending,
                    Poll::Ready(page) => page,
                };
                self.in_flight = None;
                return match page {
                    Err(e) => {
                        self.finished = true;
                        Poll::Ready(Some(Err(e)))
                    }
                    Ok(response) => {
                        let (head, (items, next)) = split_response(response);
                        self.pages += 1;
                        if items.is_empty() {
                            self.empty_in_a_row += 1;
                        } else {
                            self.empty_in_a_row = 0;
                        }
                        match next {
                            Some(t) if !t.is_empty() && self.next_token.as_ref() != Some(&t) => {
                                self.stop = self.check_next(&t);
                                self.finished = self.stop.is_some();
                                self.next_token = Some(t);
                            }
                            _ => self.finished = true,
                        }
                        Poll::Ready(Some(Ok(head.map(|()| items))))
                    }
                };
            }
            if self.finished {
                return Poll::Ready(self.stop.take().map(|reason| {
                    Err(Error::Pagination {
                        pages: self.pages,
                        reason,
                    })
                }));
            }
            let fut = (self.fetch)(self.next_token.as_deref(), &self.options);
            self.in_flight = Some(fut);
        }
    }

    fn poll_next_item(&mut self, cx: &mut Context<'_>) -> Poll<Option<Result<I, Error<E>>>> {
        loop {
            if let Some(item) = self.buffer.pop_front() {
                return Poll::Ready(Some(Ok(item)));
            }
            match self.poll_next_page(cx) {
                Poll::Pending => return Poll::Pending,
                Poll::Ready(Some(Ok(page))) => {
                    let (head, items) = split_response(page);
                    self.buffer.extend(items);
                    // Kept for `pages()` called after some items were taken.
                    self.last_page = Some(head);
                }
                Poll::Ready(Some(Err(e))) => return Poll::Ready(Some(Err(e))),
                Poll::Ready(None) => return Poll::Ready(None),
            }
        }
    }
}

/// A response's status and headers apart from its body.
fn split_response<T>(response: Response<T>) -> (Response<()>, T) {
    let Response {
        status,
        headers,
        body,
    } = response;
    (
        Response {
            status,
            headers,
            body: (),
        },
        body,
    )
}

/// One page of items with its response, or the error that ends the stream.
type PageResult<I, E> = Result<Response<Vec<I>>, Error<E>>;

/// The pages of a paginated operation (see [`Paginated::pages`]): a
/// [`Stream`](futures_core::Stream) of `Result<Response<Vec<I>>, Error<E>>`, one
/// [`Response`] per page with the page's items as its body.
#[must_use = "a stream does nothing until it is read"]
pub struct Pages<'a, I, E> {
    items: Paginated<'a, I, E>,
}

impl<I, E> fmt::Debug for Pages<'_, I, E> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_tuple("Pages").field(&self.items).finish()
    }
}

impl<I, E> Pages<'_, I, E> {
    /// The next page, `Ok(None)` at the end.
    pub async fn try_next(&mut self) -> Result<Option<Response<Vec<I>>>, Error<E>> {
        std::future::poll_fn(|cx| self.items.poll_next_page(cx))
            .await
            .transpose()
    }

    /// How many pages have been received so far.
    pub fn pages_fetched(&self) -> u32 {
        self.items.pages
    }
}

impl<I, E> futures_core::Stream for Pages<'_, I, E> {
    type Item = PageResult<I, E>;

    fn poll_next(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<Self::Item>> {
        self.get_mut().items.poll_next_page(cx)
    }
}

impl<I, E> futures_core::Stream for Paginated<'_, I, E> {
    type Item = Result<I, Error<E>>;

    fn poll_next(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<Self::Item>> {
        self.get_mut().poll_next_item(cx)
    }
}

#[cfg(test)]
#[path = "pagination/tests.rs"]
mod tests;

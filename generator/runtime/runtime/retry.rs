//! When a failed attempt is tried again, and after how long.

use super::*;

/// When and how often a failed request is tried again (see the [module docs](super)).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RetryPolicy {
    pub(super) max_attempts: u32,
    pub(super) initial_backoff: Duration,
    pub(super) max_backoff: Duration,
    pub(super) max_retry_after: Duration,
}

impl Default for RetryPolicy {
    /// 3 attempts, backoff from 500 ms doubling up to 30 s, `Retry-After` up to 60 s.
    fn default() -> Self {
        RetryPolicy {
            max_attempts: 3,
            initial_backoff: Duration::from_millis(500),
            max_backoff: Duration::from_secs(30),
            max_retry_after: Duration::from_secs(60),
        }
    }
}

impl RetryPolicy {
    /// A policy that never retries (one attempt).
    pub fn never() -> Self {
        RetryPolicy::default().max_attempts(1)
    }

    /// Attempts in all, the first one included; `1` disables retries, `0` counts as `1`.
    pub fn max_attempts(mut self, attempts: u32) -> Self {
        self.max_attempts = attempts.max(1);
        self
    }

    /// The delay before the first retry; it doubles for each further one.
    pub fn initial_backoff(mut self, delay: Duration) -> Self {
        self.initial_backoff = delay;
        self
    }

    /// The longest computed delay between two attempts.
    pub fn max_backoff(mut self, delay: Duration) -> Self {
        self.max_backoff = delay;
        self
    }

    /// The longest `Retry-After` the client waits for; a response asking for more is
    /// returned as an error at once instead of blocking the caller.
    pub fn max_retry_after(mut self, delay: Duration) -> Self {
        self.max_retry_after = delay;
        self
    }

    /// Attempts in all, the first one included.
    pub fn attempts(&self) -> u32 {
        self.max_attempts
    }

    /// The delay before attempt `attempt + 1`: exponential, capped, with "equal jitter"
    /// (a random point in the upper half) so that clients do not retry in lockstep.
    pub(super) fn backoff(&self, attempt: u32) -> Duration {
        let factor = 2u32.saturating_pow(attempt.saturating_sub(1));
        let base = self
            .initial_backoff
            .saturating_mul(factor)
            .min(self.max_backoff);
        let half = base / 2;
        let spread = u64::try_from(half.as_nanos()).unwrap_or(u64::MAX);
        // The OS random source behind UUID v4, so no second randomness crate is needed.
        let random = uuid::Uuid::new_v4().as_u64_pair().1;
        let jitter = if spread == 0 {
            0
        } else {
            random % (spread + 1)
        };
        half + Duration::from_nanos(jitter)
    }
}

pub(super) fn is_idempotent(method: &Method) -> bool {
    [
        Method::GET,
        Method::HEAD,
        Method::OPTIONS,
        Method::TRACE,
        Method::PUT,
        Method::DELETE,
    ]
    .contains(method)
}

pub(super) fn is_retryable_status(status: u16) -> bool {
    status == 408 || status == 429 || (500..600).contains(&status)
}

/// `Retry-After` as seconds or as an HTTP date.
pub(super) fn retry_after(headers: &reqwest::header::HeaderMap) -> Option<Duration> {
    let value = headers.get(reqwest::header::RETRY_AFTER)?.to_str().ok()?;
    retry_after_value(value, std::time::SystemTime::now())
}

/// The wait a `Retry-After` value asks for at `now`: delay seconds, or an HTTP date in any
/// of its three forms (IMF-fixdate, RFC 850, asctime); a date in the past means now.
pub(super) fn retry_after_value(value: &str, now: std::time::SystemTime) -> Option<Duration> {
    let value = value.trim();
    if let Ok(secs) = value.parse::<u64>() {
        return Some(Duration::from_secs(secs));
    }
    let at = httpdate::parse_http_date(value).ok()?;
    Some(at.duration_since(now).unwrap_or(Duration::ZERO))
}

/// How an attempt failed before a response could be read, as far as retrying cares.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Failure {
    /// No connection was made: the server never saw the request.
    Connect,
    /// The attempt's timeout ran out.
    Timeout,
    /// The response's header block was larger than the client accepts.
    HeadersTooLarge,
    /// Redirect loops and requests that could not be built: trying again changes nothing.
    Permanent,
    /// The connection closed before or during the response (reset, cut body).
    Dropped,
}

impl Failure {
    pub(super) fn of(error: &reqwest::Error) -> Failure {
        if error.is_timeout() {
            Failure::Timeout
        } else if headers_too_large(error) {
            Failure::HeadersTooLarge
        } else if error.is_connect() {
            Failure::Connect
        } else if error.is_redirect() || error.is_builder() {
            Failure::Permanent
        } else {
            Failure::Dropped
        }
    }

    /// Whether another attempt may help. Nothing reached the server when the connection
    /// failed, so any request may be tried again; a dropped connection may have reached
    /// it, so only requests that are safe to repeat are. A timeout is the caller's budget
    /// running out, and a server that sends too large a header block will send it again.
    pub(super) fn retryable(self, repeatable: bool) -> bool {
        match self {
            Failure::Connect => true,
            Failure::Dropped => repeatable,
            Failure::Timeout | Failure::HeadersTooLarge | Failure::Permanent => false,
        }
    }
}

/// Whether the HTTP client refused the response because its header block is too large.
/// hyper says so only in its message (its typed check needs its server half), so the
/// causes are compared with that message; should it change, such a response is handled
/// as a dropped connection.
fn headers_too_large(error: &reqwest::Error) -> bool {
    let mut source: Option<&(dyn std::error::Error + 'static)> = Some(error);
    while let Some(e) = source {
        if e.to_string() == "message head is too large" {
            return true;
        }
        source = e.source();
    }
    false
}

/// Wraps the last failure when retries were made and all failed.
pub(super) fn exhausted<E>(error: Error<E>, gave_up_after: Option<u32>) -> Error<E> {
    match gave_up_after {
        Some(attempts) => Error::RetriesExhausted {
            attempts,
            last: Box::new(error),
        },
        None => error,
    }
}

#[cfg(test)]
#[path = "retry/tests.rs"]
mod tests;

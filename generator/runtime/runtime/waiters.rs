//! Polling an operation until the resource reaches the state asked for.

use super::*;

pub(super) type PollFuture<'a, T, E> =
    Pin<Box<dyn Future<Output = Result<T, Error<E>>> + Send + 'a>>;

/// Waits for work to finish: polls an operation until the status in its response is
/// terminal, and returns that last response. Generated waiters (such as
/// `client.model_sync().executions().wait(sync_id, execution_id)`) return one; `.await` it.
///
/// The first poll is immediate; then the delay starts at [`Wait::interval`] (default 1 s)
/// and doubles up to [`Wait::max_interval`] (default 30 s). Each poll is an ordinary
/// request, retried under the client's policy, so a transient 503 does not end the wait;
/// an error that survives the retries does. A delay that would pass [`Wait::timeout`]
/// (default 30 minutes) is cut short for one last poll at the deadline; without a terminal
/// status then, the result is [`Error::WaitTimedOut`] with the last status.
#[must_use = "a waiter does nothing until it is awaited"]
pub struct Wait<'a, T, E> {
    poll: Box<dyn FnMut() -> PollFuture<'a, T, E> + Send + 'a>,
    status: fn(&T) -> Option<String>,
    terminal: &'static [&'static str],
    timeout: Duration,
    interval: Duration,
    max_interval: Duration,
}

impl<T, E> fmt::Debug for Wait<'_, T, E> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Wait")
            .field("terminal", &self.terminal)
            .field("timeout", &self.timeout)
            .field("interval", &self.interval)
            .field("max_interval", &self.max_interval)
            .finish_non_exhaustive()
    }
}

impl<'a, T, E> Wait<'a, T, E> {
    /// A waiter that sends `request()` until `status` of the response is in `terminal`.
    /// Used by generated waiters.
    #[doc(hidden)]
    pub fn new<O>(
        mut request: impl FnMut() -> Request<'a, T, E, O> + Send + 'a,
        status: fn(&T) -> Option<String>,
        terminal: &'static [&'static str],
    ) -> Self
    where
        T: DeserializeOwned + Send + 'a,
        E: Send + 'a,
        O: 'a,
    {
        let poll = move || -> PollFuture<'a, T, E> {
            let req = request();
            Box::pin(req.send())
        };
        Wait {
            poll: Box::new(poll),
            status,
            terminal,
            timeout: Duration::from_secs(30 * 60),
            interval: Duration::from_secs(1),
            max_interval: Duration::from_secs(30),
        }
    }

    /// Gives up (with [`Error::WaitTimedOut`]) when no terminal status was seen after
    /// `timeout`.
    pub fn timeout(mut self, timeout: Duration) -> Self {
        self.timeout = timeout;
        self
    }

    /// The delay before the second poll; it doubles for each further one.
    pub fn interval(mut self, interval: Duration) -> Self {
        self.interval = interval;
        self
    }

    /// The longest delay between two polls.
    pub fn max_interval(mut self, max_interval: Duration) -> Self {
        self.max_interval = max_interval;
        self
    }

    /// Polls until the status is terminal and returns the last response.
    pub async fn send(mut self) -> Result<T, Error<E>> {
        let started = tokio::time::Instant::now();
        let mut delay = self.interval;
        loop {
            let response = (self.poll)().await?;
            let status = (self.status)(&response);
            if status
                .as_deref()
                .is_some_and(|s| self.terminal.contains(&s))
            {
                return Ok(response);
            }
            let waited = started.elapsed();
            if waited >= self.timeout {
                return Err(Error::WaitTimedOut {
                    waited,
                    last_status: status,
                });
            }
            // A delay that would pass the deadline is cut short: the last poll is at the
            // deadline, so the whole timeout is given to the work.
            let sleep = delay.min(self.timeout - waited);
            tracing::debug!(
                status = status.as_deref().unwrap_or(""),
                delay_ms = sleep.as_millis() as u64,
                "not finished yet; polling again"
            );
            tokio::time::sleep(sleep).await;
            delay = self.next_delay(delay);
        }
    }

    /// The delay after `delay`: twice as long, up to `max_interval` (or `interval`, when
    /// that is longer).
    fn next_delay(&self, delay: Duration) -> Duration {
        delay
            .saturating_mul(2)
            .min(self.max_interval.max(self.interval))
    }
}

impl<'a, T, E> IntoFuture for Wait<'a, T, E>
where
    T: Send + 'a,
    E: Send + 'a,
{
    type Output = Result<T, Error<E>>;
    type IntoFuture = Pin<Box<dyn Future<Output = Self::Output> + Send + 'a>>;

    fn into_future(self) -> Self::IntoFuture {
        Box::pin(self.send())
    }
}

#[cfg(test)]
#[path = "waiters/tests.rs"]
mod tests;
